//! The trust model of a PKI directory, as doctor checks it: whether each namespace's
//! certificates are kept apart by construction (its CA is its own root) or only by
//! certificate filters, whether namespace CAs are limited to client certificates, and
//! whether a trust file or bundle still trusts a CA that was retired.

use std::path::{Path, PathBuf};

use super::evidence::{Cert, EKU_SERVER_AUTH};
use super::{Finding, Report, Severity};
use crate::pki::{CaKind, CertInfo};
use crate::store::{CERT_FILE, Config, Store};

/// A CA certificate under `DIR/archive/` whose key is no longer the key of any current or
/// rotated-out (still trusted) CA of the PKI: retired, or replaced with `--force`.
#[derive(Debug, Clone)]
pub struct RetiredCa {
    pub cert: CertInfo,
    /// Where its archived copy is, relative to the PKI directory.
    pub archived: String,
}

/// Every CA scope of the PKI: the root, the issuing CA, and each namespace declared in
/// tcerts.toml or with a CA directory on disk.
fn scopes(store: &Store, config: &Config) -> Vec<CaKind> {
    let mut out = vec![CaKind::Root, CaKind::Intermediate];
    let mut names: Vec<String> = config.namespaces.iter().map(|n| n.name.clone()).collect();
    if let Ok(rd) = std::fs::read_dir(store.dir().join("ca/namespaces")) {
        names.extend(
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| !n.starts_with('.')),
        );
    }
    names.sort();
    names.dedup();
    out.extend(names.into_iter().map(CaKind::Namespace));
    out
}

/// The public keys of every CA the PKI still trusts (current and rotated-out).
fn trusted_keys(store: &Store, config: &Config) -> Vec<Vec<u8>> {
    let mut keys = Vec::new();
    for kind in scopes(store, config) {
        if let Ok(c) = Store::read_cert(&store.ca_cert(&kind)) {
            keys.push(c.public_key);
        }
        if let Ok(previous) = store.previous_cas(&kind) {
            keys.extend(previous.into_iter().map(|p| p.cert.public_key));
        }
    }
    keys
}

/// Every `cert.pem` below `dir` (the archive keeps whole CA directories, sometimes the
/// whole `ca/` tree of a replaced PKI).
fn cert_files(dir: &Path, depth: u32, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let path = e.path();
        if path.is_dir() && depth > 0 {
            cert_files(&path, depth - 1, out);
        } else if e.file_name() == CERT_FILE {
            out.push(path);
        }
    }
}

/// The retired CAs: archived CA certificates whose key no current or rotated-out CA has.
pub fn retired_cas(store: &Store, config: &Config) -> Vec<RetiredCa> {
    let trusted = trusted_keys(store, config);
    let mut files = Vec::new();
    cert_files(&store.archive_dir(), 6, &mut files);
    files.sort();
    let mut out: Vec<RetiredCa> = Vec::new();
    for path in files {
        // The archive is a backup, not managed state: what cannot be read is skipped.
        let Ok(cert) = Store::read_cert(&path) else {
            continue;
        };
        if !cert.is_ca
            || trusted.contains(&cert.public_key)
            || out.iter().any(|r| r.cert.der == cert.der)
        {
            continue;
        }
        let archived = path
            .strip_prefix(store.dir())
            .unwrap_or(&path)
            .display()
            .to_string();
        out.push(RetiredCa { cert, archived });
    }
    out
}

/// trusts-retired-ca: a certificate of a trust file or bundle whose key is a retired CA's.
pub fn check_retired(
    certs: &[Cert],
    retired: &[RetiredCa],
    fix: &dyn Fn(&RetiredCa) -> String,
    report: &mut Report,
) {
    for c in certs {
        let Some(r) = retired
            .iter()
            .find(|r| r.cert.public_key == c.info.public_key)
        else {
            continue;
        };
        report.cert(
            c,
            Finding::new(
                "trusts-retired-ca",
                Severity::Error,
                &c.info.subject,
                format!(
                    "still trusts {}, a CA that is no longer current or rotated out (retired or replaced; archived in {}): whoever trusts this file still accepts every certificate that CA's key signed, including any it signs after retirement",
                    c.info.common_name.as_deref().unwrap_or(&c.info.subject),
                    r.archived
                ),
                fix(r),
            ),
        );
    }
}

/// The fix for a bundle (`--bundle`) that holds a retired CA: build it again and upload it.
/// tcerts writes a namespace CA's namespace as its OU.
pub fn bundle_fix(dir: &Path, retired: &RetiredCa) -> String {
    let ns = retired
        .cert
        .organizational_unit
        .as_ref()
        .map(|ns| format!(" --namespace {ns}"))
        .unwrap_or_default();
    format!(
        "build the bundle again from the still-trusted CAs: tcerts --dir {} bundle{ns} --output FILE, then replace it where it is used (Temporal Cloud: tcld namespace accepted-client-ca set --namespace NAMESPACE.ACCOUNT --ca-certificate-file FILE; self-hosted: clientCaFiles)",
        dir.display()
    )
}

/// namespace-ca-not-client-only: a namespace CA that is not limited to client
/// certificates. Go enforces a CA's EKU on everything below it, and pathlen 0 stops it
/// from making CAs of its own; without both, its key can sign a certificate for the
/// frontend's name that verifiers trusting this CA accept.
pub fn check_client_only(ns: &str, ca: &Cert, current: bool, report: &mut Report) {
    let mut why = Vec::new();
    match &ca.eku {
        None => why.push("it has no extended key usage (so any purpose, serverAuth included)"),
        Some(ekus) => {
            if ca.eku_any {
                why.push("its extended key usage includes anyExtendedKeyUsage");
            }
            if ekus.iter().any(|o| o == EKU_SERVER_AUTH) {
                why.push("its extended key usage includes serverAuth");
            }
        }
    }
    let server_capable = !why.is_empty();
    if ca.info.path_len != Some(0) {
        why.push("it has no pathLenConstraint 0 (so it can sign CAs of its own)");
    }
    if why.is_empty() {
        return;
    }
    let risk = if server_capable {
        ". Its key could sign a serverAuth certificate (e.g. for the frontend's name) that verifiers trusting it accept"
    } else {
        ""
    };
    let fix = if current {
        format!(
            "issue a client-only CA (EKU clientAuth, pathlen 0) for it: tcerts ca rotate --namespace {ns}, then tcerts apply, deploy, and tcerts ca retire --namespace {ns}"
        )
    } else {
        format!(
            "retire this rotated-out CA: tcerts apply (re-issues its certificates from the current CA), deploy, then tcerts ca retire --namespace {ns}"
        )
    };
    report.cert(
        ca,
        Finding::new(
            "namespace-ca-not-client-only",
            Severity::Warning,
            &ca.info.subject,
            format!(
                "the CA of namespace {ns} is not limited to client certificates: {}{risk}",
                why.join("; ")
            ),
            fix,
        ),
    );
}

/// isolation-needs-filters: a namespace CA that is not its own root. Temporal Cloud needs
/// the root above it in the namespace's bundle (complete chains), and everything else
/// under that root chains to it too: only certificate filters keep it out.
pub fn check_isolation(ns: &str, ca: &Cert, org: &str, report: &mut Report) {
    if ca.self_signed {
        return;
    }
    let filter = serde_json::json!({"filters": [{"organization": org, "organizationalUnit": ns}]});
    report.add(
        &format!("namespace {ns}"),
        None,
        Finding::new(
            "isolation-needs-filters",
            Severity::Warning,
            format!("namespace {ns}"),
            format!(
                "the CA of namespace {ns} is issued by {}, not its own root: its Temporal Cloud bundle must contain that root (complete chains), and other namespaces' workers and CLI certificates chain to it too, so only certificate filters keep them out. On Temporal Cloud, retiring this CA does not cut its certificates off either (they chain to the same root and carry the same O and OU) until they expire",
                ca.info.issuer
            ),
            format!(
                "set the namespace's certificate filters: `tcerts filters --namespace {ns}` prints them ({filter}), for the Cloud UI or tcld; or, where policy allows, move it to an independent root: tcerts ca rotate --namespace {ns}, tcerts apply, deploy, tcerts ca retire --namespace {ns}"
            ),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose as Eku, IsCa, KeyPair,
    };

    fn ca(ekus: Vec<Eku>, path_len: Option<u8>) -> Cert {
        let mut p = CertificateParams::default();
        p.distinguished_name
            .push(DnType::CommonName, "Acme pay CA G1");
        p.is_ca = IsCa::Ca(match path_len {
            Some(n) => BasicConstraints::Constrained(n),
            None => BasicConstraints::Unconstrained,
        });
        p.extended_key_usages = ekus;
        let cert = p.self_signed(&KeyPair::generate().unwrap()).unwrap();
        Cert::parse("ca.pem".into(), cert.der()).unwrap()
    }

    fn codes(ca: &Cert) -> Vec<&'static str> {
        let mut r = Report::default();
        check_client_only("pay", ca, true, &mut r);
        check_isolation("pay", ca, "Acme", &mut r);
        r.codes()
    }

    #[test]
    fn only_a_client_only_pathlen_0_own_root_passes() {
        assert!(codes(&ca(vec![Eku::ClientAuth], Some(0))).is_empty());
        for bad in [
            ca(vec![], Some(0)),
            ca(vec![Eku::ServerAuth, Eku::ClientAuth], Some(0)),
            ca(vec![Eku::Any], Some(0)),
            ca(vec![Eku::ClientAuth], None),
            ca(vec![Eku::ClientAuth], Some(1)),
        ] {
            assert_eq!(
                codes(&bad),
                ["namespace-ca-not-client-only"],
                "{:?}",
                bad.eku
            );
        }
    }
}
