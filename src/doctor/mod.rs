//! `tcerts doctor`: evidence in (certificate files, bundles, a PKI directory, a live
//! handshake), findings out. Each check is a small function from evidence to findings;
//! findings are grouped by the certificate (or file) they concern. Codes are stable and
//! documented in `docs/doctor.md`.

pub mod chain;
pub mod connect;
pub mod describe;
pub mod evidence;
pub mod explain;
pub mod files;
pub mod key_custody;
pub mod load;
pub mod pki_dir;
pub mod signatures;
pub mod trust_model;

use std::fmt;

use serde::Serialize;

pub use chain::{ChainInput, Usage};
pub use describe::CertDescription;
pub use evidence::Cert;
pub use load::{Loaded, load_bytes};

/// How bad a finding is: an error breaks a Temporal connection (exit 1), a warning will
/// break one later or on some peers, info is worth knowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem (or fact) about one certificate, key or file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `missing-intermediate`.
    pub code: &'static str,
    pub severity: Severity,
    /// What it is about: a certificate's subject DN, or a file.
    pub subject: String,
    pub message: String,
    /// What to do about it, often a command.
    pub fix: String,
}

impl Finding {
    pub fn new(
        code: &'static str,
        severity: Severity,
        subject: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            subject: subject.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// The findings about one certificate (or one file, or the connection).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Where the certificate is, e.g. `chain.pem #2`, or a file or `connection`.
    pub certificate: String,
    /// The certificate's subject DN, when the group is a certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub findings: Vec<Finding>,
}

/// Everything one doctor run found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub groups: Vec<Group>,
    /// How many certificates were examined (each presented or bundled certificate once).
    pub checked: usize,
}

impl Report {
    /// Adds a finding to the group named `certificate` (created on first use, in order).
    pub fn add(&mut self, certificate: &str, subject: Option<&str>, finding: Finding) {
        let group = if let Some(i) = self
            .groups
            .iter_mut()
            .position(|g| g.certificate == certificate)
        {
            &mut self.groups[i]
        } else {
            self.groups.push(Group {
                certificate: certificate.to_string(),
                subject: subject.map(str::to_string),
                findings: Vec::new(),
            });
            let last = self.groups.len() - 1;
            &mut self.groups[last]
        };
        // The same problem found twice (structural check and webpki) is reported once.
        if !group
            .findings
            .iter()
            .any(|f| f.code == finding.code && f.message == finding.message)
        {
            group.findings.push(finding);
        }
    }

    /// Adds a finding about a certificate.
    pub fn cert(&mut self, cert: &Cert, finding: Finding) {
        self.add(&cert.label, Some(&cert.info.subject), finding);
    }

    pub fn merge(&mut self, other: Report) {
        self.checked += other.checked;
        for g in other.groups {
            for f in g.findings {
                self.add(&g.certificate, g.subject.as_deref(), f);
            }
        }
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.groups.iter().flat_map(|g| g.findings.iter())
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings().filter(|f| f.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Whether any finding carries `code` (for tests and callers).
    pub fn has(&self, code: &str) -> bool {
        self.findings().any(|f| f.code == code)
    }

    /// The codes found, in report order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.findings().map(|f| f.code).collect()
    }
}

/// Days as a phrase: "in 3 days", "2 days ago", "today".
pub(crate) fn days_phrase(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "in 1 day".into(),
        -1 => "1 day ago".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}
