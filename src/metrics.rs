//! Expiry metrics in the Prometheus text exposition format (version 0.0.4), for
//! node_exporter's textfile collector: when every certificate and CA ends, and whether a
//! certificate is due for renewal by the rule `plan` and `list` use.
//!
//! Built from the inventory (what `tcerts list` shows) and from each Temporal Cloud
//! bundle the PKI would upload (what Cloud's CA-expiry e-mails are about), so that a
//! dashboard and `tcerts list --json` never disagree.

use std::fmt::Write as _;

use time::OffsetDateTime;

use crate::bundle::{self, Scope};
use crate::inventory::{Inventory, Kind, Status};
use crate::pki::CertInfo;
use crate::store::{Config, Store};

/// The CAs of one Temporal Cloud accepted client CA bundle.
pub struct Bundle {
    /// The namespace, or `default` for the default issuing CA's bundle.
    pub name: String,
    pub cas: Vec<CertInfo>,
}

/// Every bundle `tcerts bundle` would build: the default issuing CA's and each namespace's
/// that has a CA. A bundle that cannot be built is described in the second list.
pub fn bundles(store: &Store, config: &Config) -> (Vec<Bundle>, Vec<String>) {
    let mut scopes = vec![("default".to_string(), Scope::Default)];
    for ns in &config.namespaces {
        if store
            .ca_dir(&Scope::Namespace(ns.name.clone()).ca_kind())
            .join(crate::store::CERT_FILE)
            .is_file()
        {
            scopes.push((ns.name.clone(), Scope::Namespace(ns.name.clone())));
        }
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (name, scope) in scopes {
        match bundle::scope_bundle(store, &scope) {
            Ok(cas) => out.push(Bundle { name, cas }),
            Err(e) => problems.push(format!("bundle of {}: {e}", scope.describe())),
        }
    }
    (out, problems)
}

/// One metric family: its samples as (labels, value).
struct Family {
    name: &'static str,
    help: &'static str,
    samples: Vec<(Vec<(&'static str, String)>, f64)>,
}

impl Family {
    fn new(name: &'static str, help: &'static str) -> Family {
        Family {
            name,
            help,
            samples: Vec::new(),
        }
    }

    fn render(&self, out: &mut String) {
        let _ = writeln!(out, "# HELP {} {}", self.name, escape_help(self.help));
        let _ = writeln!(out, "# TYPE {} gauge", self.name);
        for (labels, value) in &self.samples {
            out.push_str(self.name);
            if !labels.is_empty() {
                out.push('{');
                for (i, (k, v)) in labels.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{k}=\"{}\"", escape_label(v));
                }
                out.push('}');
            }
            let _ = writeln!(out, " {}", format_value(*value));
        }
    }
}

fn seconds(t: OffsetDateTime) -> f64 {
    t.unix_timestamp() as f64
}

/// Integers print without a fraction, as Prometheus' own clients write them.
fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Label values escape backslash, double quote and line feed.
pub fn escape_label(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

/// HELP text escapes backslash and line feed.
fn escape_help(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n")
}

/// The generation a tcerts CA carries at the end of its CN (`… G2`); 1 for any other CA.
fn generation(subject: &str) -> String {
    subject
        .rsplit_once("CN=")
        .map(|(_, cn)| cn.split(',').next().unwrap_or(cn))
        .and_then(|cn| cn.rsplit_once(" G"))
        .and_then(|(_, n)| n.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .to_string()
}

/// The text exposition of `inv` and `bundles` at `now`.
///
/// Certificates: the current one of each name (a superseded certificate is not what is
/// deployed, and would keep an expiry alert firing after the renewal). CAs: every one the
/// PKI still trusts, current and previous generations.
pub fn render(inv: &Inventory, bundles: &[Bundle], now: OffsetDateTime) -> String {
    let [cert_after, cert_renew_at, cert_due] = certificate_families(inv, now);
    let mut generated = Family::new(
        "tcerts_metrics_generated_timestamp_seconds",
        "When tcerts metrics wrote this file, in seconds since the Unix epoch (alert when it stops moving).",
    );
    generated.samples.push((Vec::new(), seconds(now)));

    let mut out = String::new();
    for f in [
        &cert_after,
        &cert_renew_at,
        &cert_due,
        &ca_family(inv),
        &bundle_family(bundles),
        &generated,
    ] {
        f.render(&mut out);
    }
    out
}

/// When each current certificate expires, when it enters its renew window, and whether it
/// is due.
fn certificate_families(inv: &Inventory, now: OffsetDateTime) -> [Family; 3] {
    let mut cert_after = Family::new(
        "tcerts_certificate_not_after_seconds",
        "When the certificate expires (notAfter), in seconds since the Unix epoch.",
    );
    let mut cert_due = Family::new(
        "tcerts_certificate_renewal_due",
        "1 when the certificate is inside its renew window or expired (what tcerts plan renews), else 0.",
    );
    let mut cert_renew_at = Family::new(
        "tcerts_certificate_renew_at_seconds",
        "When the certificate enters its renew window (renew_before, or the last third of its lifetime), in seconds since the Unix epoch.",
    );
    for e in &inv.entries {
        if e.kind != Kind::Certificate || e.status == Status::Superseded {
            continue;
        }
        let labels = vec![
            ("name", e.name.clone()),
            (
                "role",
                e.role.clone().unwrap_or_else(|| "undeclared".into()),
            ),
            ("namespace", e.namespace.clone().unwrap_or_default()),
            ("serial", e.serial.clone()),
            ("issuer", e.issuer.clone()),
        ];
        cert_after
            .samples
            .push((labels.clone(), seconds(e.not_after)));
        cert_renew_at
            .samples
            .push((labels.clone(), seconds(e.renew_at)));
        let due = e.renew_at <= now;
        cert_due.samples.push((labels, if due { 1.0 } else { 0.0 }));
    }
    [cert_after, cert_renew_at, cert_due]
}

/// When each CA, current or rotated out, expires.
fn ca_family(inv: &Inventory) -> Family {
    let mut ca_after = Family::new(
        "tcerts_ca_not_after_seconds",
        "When the CA certificate expires (notAfter), in seconds since the Unix epoch; state is current or previous (rotated out, still trusted until ca retire).",
    );
    for e in inv.entries.iter().filter(|e| e.kind == Kind::Ca) {
        let scope = match e.role.as_deref() {
            Some("root-ca") => "root",
            Some("namespace-ca") => "namespace",
            _ => "intermediate",
        };
        let state = if e.status == Status::Superseded {
            "previous"
        } else {
            "current"
        };
        ca_after.samples.push((
            vec![
                ("scope", scope.to_string()),
                ("namespace", e.namespace.clone().unwrap_or_default()),
                ("generation", generation(&e.subject)),
                ("state", state.to_string()),
                ("subject", e.subject.clone()),
                ("serial", e.serial.clone()),
            ],
            seconds(e.not_after),
        ));
    }
    ca_after
}

/// When each CA of each Temporal Cloud bundle expires.
fn bundle_family(bundles: &[Bundle]) -> Family {
    let mut bundle_after = Family::new(
        "tcerts_bundle_ca_not_after_seconds",
        "When a CA of a Temporal Cloud accepted client CA bundle (tcerts bundle) expires, in seconds since the Unix epoch.",
    );
    for b in bundles {
        for ca in &b.cas {
            bundle_after.samples.push((
                vec![
                    ("bundle", b.name.clone()),
                    ("subject", ca.subject.clone()),
                    ("serial", ca.serial_hex.clone()),
                    ("sha1_fingerprint", crate::pki::fingerprint_sha1(&ca.der)),
                ],
                seconds(ca.not_after),
            ));
        }
    }
    bundle_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_and_help_are_escaped() {
        assert_eq!(escape_label(r#"O=A "B"\C"#), r#"O=A \"B\"\\C"#);
        assert_eq!(escape_label("a\nb"), "a\\nb");
        assert_eq!(escape_help("a\\b\nc"), "a\\\\b\\nc");
    }

    #[test]
    fn generation_comes_from_the_cn() {
        assert_eq!(generation("O=Acme, CN=Acme Temporal Root CA G3"), "3");
        assert_eq!(generation("CN=Corp Root, O=Corp"), "1");
        assert_eq!(generation("O=Corp"), "1");
    }

    #[test]
    fn values_print_as_integers() {
        assert_eq!(format_value(1_900_000_000.0), "1900000000");
        assert_eq!(format_value(0.0), "0");
    }
}
