//! What `tcerts issue` records when it issues a certificate that tcerts.toml already
//! declares: the declaration, with only what a flag states replaced. A re-issue following a
//! `doctor` fix must not move a worker out of its namespace or drop its names.

use std::fmt;

use crate::pki::{KeyType, Role, Validity};
use crate::store::CertificateConfig;

/// What the `issue` command line asked for; `None`/empty means "not given".
#[derive(Debug, Clone, Default)]
pub struct Requested {
    pub namespace: Option<String>,
    /// `--dns`/`--ip` as given: together they replace the declared names.
    pub dns: Vec<String>,
    pub ip: Vec<String>,
    /// The names a CSR carries, used when neither flags nor a declaration name any.
    pub csr_dns: Vec<String>,
    pub key_type: Option<KeyType>,
    pub validity: Option<Validity>,
    /// Absolute path of `--csr`.
    pub csr: Option<String>,
}

/// One field whose recorded value a flag changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} → {}", self.field, self.before, self.after)
    }
}

/// The declaration to issue from and record: `declared` with what `req` states replaced,
/// and the list of fields that changed (empty for a new certificate).
pub fn merge(
    name: &str,
    role: Role,
    declared: Option<&CertificateConfig>,
    req: Requested,
) -> (CertificateConfig, Vec<Change>) {
    let Some(old) = declared else {
        let dns = if req.dns.is_empty() && req.ip.is_empty() {
            req.csr_dns
        } else {
            req.dns
        };
        let new = CertificateConfig {
            name: name.to_string(),
            role,
            namespace: req.namespace,
            dns,
            ip: req.ip,
            key_type: req.key_type,
            validity: req.validity,
            renew_before: None,
            csr: req.csr,
        };
        return (new, Vec::new());
    };
    let names_given = !req.dns.is_empty() || !req.ip.is_empty();
    let (dns, ip) = if names_given {
        (req.dns, req.ip)
    } else if old.dns.is_empty() && old.ip.is_empty() {
        (req.csr_dns, Vec::new())
    } else {
        (old.dns.clone(), old.ip.clone())
    };
    let namespace = match req.namespace {
        Some(ns) => Some(ns),
        None => old.namespace.clone().filter(|_| role.takes_namespace()),
    };
    // A new CSR replaces a declared key type; a key type replaces a declared CSR.
    let (key_type, csr) = match (req.csr, req.key_type) {
        (Some(csr), _) => (None, Some(csr)),
        (None, Some(kt)) => (Some(kt), None),
        (None, None) => (old.key_type, old.csr.clone()),
    };
    let new = CertificateConfig {
        name: name.to_string(),
        role,
        namespace,
        dns,
        ip,
        key_type,
        validity: req.validity.or(old.validity),
        renew_before: old.renew_before,
        csr,
    };
    let changes = diff(old, &new);
    (new, changes)
}

fn diff(old: &CertificateConfig, new: &CertificateConfig) -> Vec<Change> {
    fn opt<T: ToString>(v: Option<&T>) -> String {
        v.map_or_else(|| "none".into(), |v| format!("\"{}\"", v.to_string()))
    }
    fn list(v: &[String]) -> String {
        let quoted: Vec<String> = v.iter().map(|s| format!("\"{s}\"")).collect();
        format!("[{}]", quoted.join(", "))
    }
    fn sorted(v: &[String]) -> Vec<String> {
        let mut v = v.to_vec();
        v.sort();
        v
    }
    let mut changes = Vec::new();
    let mut push = |field, before: String, after: String| {
        if before != after {
            changes.push(Change {
                field,
                before,
                after,
            });
        }
    };
    push(
        "role",
        format!("\"{}\"", old.role),
        format!("\"{}\"", new.role),
    );
    push(
        "namespace",
        opt(old.namespace.as_ref()),
        opt(new.namespace.as_ref()),
    );
    if sorted(&old.dns) != sorted(&new.dns) {
        push("dns", list(&old.dns), list(&new.dns));
    }
    if sorted(&old.ip) != sorted(&new.ip) {
        push("ip", list(&old.ip), list(&new.ip));
    }
    push(
        "key_type",
        opt(old.key_type.map(KeyType::as_str).as_ref()),
        opt(new.key_type.map(KeyType::as_str).as_ref()),
    );
    push(
        "validity",
        opt(old.validity.as_ref()),
        opt(new.validity.as_ref()),
    );
    push("csr", opt(old.csr.as_ref()), opt(new.csr.as_ref()));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared() -> CertificateConfig {
        CertificateConfig {
            name: "pw".into(),
            role: Role::Worker,
            namespace: Some("payments".into()),
            dns: vec!["w.example".into()],
            ip: vec!["10.0.0.1".into()],
            key_type: Some(KeyType::EcdsaP384),
            validity: Some(Validity::days(30)),
            renew_before: Some(Validity::days(10)),
            csr: None,
        }
    }

    #[test]
    fn no_flags_keep_every_declared_field() {
        let old = declared();
        let (new, changes) = merge("pw", Role::Worker, Some(&old), Requested::default());
        assert_eq!(new, old);
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn a_flag_replaces_one_field_and_is_reported() {
        let old = declared();
        let req = Requested {
            dns: vec!["other.example".into()],
            key_type: Some(KeyType::EcdsaP256),
            ..Requested::default()
        };
        let (new, changes) = merge("pw", Role::Worker, Some(&old), req);
        assert_eq!(new.namespace.as_deref(), Some("payments"));
        assert_eq!(new.dns, vec!["other.example".to_string()]);
        // --dns alone replaces the whole set of names.
        assert!(new.ip.is_empty());
        assert_eq!(new.validity, old.validity);
        assert_eq!(new.renew_before, old.renew_before);
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["dns", "ip", "key_type"]);
        assert_eq!(
            changes[2].to_string(),
            "key_type \"ecdsa-p384\" → \"ecdsa-p256\""
        );
    }

    #[test]
    fn a_role_without_namespaces_drops_the_namespace_visibly() {
        let old = declared();
        let (new, changes) = merge("pw", Role::Server, Some(&old), Requested::default());
        assert_eq!(new.namespace, None);
        assert!(changes.iter().any(|c| c.field == "role"));
        assert!(
            changes
                .iter()
                .any(|c| c.to_string() == "namespace \"payments\" → none")
        );
    }

    #[test]
    fn csr_and_key_type_replace_each_other() {
        let mut old = declared();
        let req = Requested {
            csr: Some("/tmp/w.csr".into()),
            ..Requested::default()
        };
        let (new, _) = merge("pw", Role::Worker, Some(&old), req);
        assert_eq!(
            (new.key_type, new.csr.as_deref()),
            (None, Some("/tmp/w.csr"))
        );
        old.key_type = None;
        old.csr = Some("/tmp/w.csr".into());
        let (kept, changes) = merge("pw", Role::Worker, Some(&old), Requested::default());
        assert_eq!(kept.csr.as_deref(), Some("/tmp/w.csr"));
        assert!(changes.is_empty());
    }

    #[test]
    fn a_new_certificate_takes_the_csr_names_when_no_flag_names_any() {
        let req = Requested {
            csr_dns: vec!["from-csr".into()],
            ..Requested::default()
        };
        let (new, changes) = merge("x", Role::Worker, None, req);
        assert_eq!(new.dns, vec!["from-csr".to_string()]);
        assert!(changes.is_empty());
    }
}
