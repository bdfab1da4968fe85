//! `tcerts.toml`: the declared PKI. Read with serde (unknown keys are errors that name
//! the line); changed with toml_edit so that the user's comments and layout survive.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use super::Error;
use crate::pki::{KeyType, Renewal, Role, Validity};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Written as O in every certificate's subject.
    pub organization: String,
    #[serde(default)]
    pub root: RootConfig,
    pub defaults: Defaults,
    #[serde(default, rename = "namespace")]
    pub namespaces: Vec<NamespaceConfig>,
    #[serde(default, rename = "certificate")]
    pub certificates: Vec<CertificateConfig>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RootConfig {
    #[serde(default)]
    pub mode: RootMode,
    /// CA keys are stored encrypted (`init --encrypt-ca-key`); new CA keys are too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypt_ca_keys: bool,
}

/// Who holds the root: tcerts (`local`) or an enterprise PKI that signed the issuing
/// intermediate (`external`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RootMode {
    #[default]
    Local,
    External,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub key_type: KeyType,
    pub root_validity: Validity,
    pub ca_validity: Validity,
    pub leaf_validity: Validity,
    /// Renew a certificate this long before it expires (default: in the last third of its
    /// lifetime).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before: Option<Validity>,
    /// Due for renewal (doctor: expiring-soon, list: due) with fewer than this left, even
    /// before the renew window (default 14 days; see `pki::Renewal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_warning: Option<Validity>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamespaceConfig {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateConfig {
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<KeyType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    /// Renew this long before expiry; default: [defaults] renew_before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before: Option<Validity>,
    /// Sign this CSR instead of generating a key (path relative to the PKI directory or absolute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csr: Option<String>,
}

/// Why two namespace names that differ only in case cannot coexist.
pub const CASE_CLASH_WHY: &str = "Temporal Cloud certificate filters match the organizational unit (OU=namespace) case-insensitively, so a filter could not tell the two namespaces' certificates apart";

const STARTER: &str = r#"# tcerts PKI configuration.
# tcerts reads this file on every run; `tcerts issue` and `tcerts namespace add` record
# what they create here. Keep it in version control: it holds no secrets.
#
# Each [[namespace]] has its own issuing CA for its workers' and CLI certificates:
#   [[namespace]]
#   name = "payments"
#
# Each [[certificate]] is a certificate tcerts issues and renews:
#   [[certificate]]
#   name = "frontend"
#   role = "frontend"    # frontend, internode, worker, cli, server or client
#   dns = ["temporal-frontend", "localhost"]
#   ip = ["127.0.0.1"]
#   namespace = "payments"   # worker, cli, client: issue from that namespace's CA
#   key_type = "ecdsa-p256"  # default: [defaults] key_type
#   validity = "30d"         # default: [defaults] leaf_validity
#   renew_before = "10d"     # default: [defaults] renew_before
#   csr = "requests/w1.csr"  # re-sign this CSR (the workload keeps its key)
#
# `tcerts plan` shows what is missing, due for renewal or changed; `tcerts apply` does it.

# Written as O= in every certificate's subject.
organization = ""

[root]
# "local": tcerts holds the root CA key. "external": an enterprise root signed the
# issuing intermediate (`tcerts init --external-root`, then `tcerts ca import`).
mode = "local"

[defaults]
# ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096 or ed25519 (Temporal Cloud
# accepts only RSA and ECDSA).
key_type = "ecdsa-p256"
# Durations: a number and a unit, h, d, w or y (365 days).
root_validity = "10y"
ca_validity = "5y"
leaf_validity = "90d"
# Renew certificates this long before they expire. Default: in the last third of
# each certificate's lifetime (30 days before the end of a 90-day certificate).
# renew_before = "30d"
# Also due when fewer than this is left, whichever comes first (never more than a third
# of a certificate's lifetime). Default: 14 days. doctor, plan, apply and list agree.
# expiry_warning = "14d"
"#;

impl Config {
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let config: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let names: Vec<&str> = config.namespaces.iter().map(|n| n.name.as_str()).collect();
        for (i, a) in names.iter().enumerate() {
            // An exact repeat is harmless (one CA directory); a different spelling is not.
            if let Some(b) = names[..i]
                .iter()
                .find(|b| *b != a && b.eq_ignore_ascii_case(a))
            {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    message: format!(
                        "namespaces '{b}' and '{a}' differ only in case: {CASE_CLASH_WHY}; keep one of the [[namespace]] entries"
                    ),
                });
            }
        }
        Ok(config)
    }

    /// The declared namespace whose name equals `name` ignoring case but is spelled
    /// differently (`Payments` for `payments`).
    pub fn namespace_case_clash(&self, name: &str) -> Option<&str> {
        self.namespaces
            .iter()
            .map(|n| n.name.as_str())
            .find(|n| *n != name && n.eq_ignore_ascii_case(name))
    }

    /// The commented starter file with these settings filled in.
    pub fn starter(&self) -> String {
        let mut doc: DocumentMut = STARTER.parse().unwrap_or_default();
        doc["organization"] = value(self.organization.as_str());
        doc["root"]["mode"] = value(match self.root.mode {
            RootMode::Local => "local",
            RootMode::External => "external",
        });
        if self.root.encrypt_ca_keys {
            doc["root"]["encrypt_ca_keys"] = value(true);
        }
        let d = &self.defaults;
        doc["defaults"]["key_type"] = value(d.key_type.as_str());
        doc["defaults"]["root_validity"] = value(d.root_validity.to_string());
        doc["defaults"]["ca_validity"] = value(d.ca_validity.to_string());
        doc["defaults"]["leaf_validity"] = value(d.leaf_validity.to_string());
        if let Some(r) = d.renew_before {
            doc["defaults"]["renew_before"] = value(r.to_string());
        }
        if let Some(w) = d.expiry_warning {
            doc["defaults"]["expiry_warning"] = value(w.to_string());
        }
        doc.to_string()
    }

    pub fn namespace(&self, name: &str) -> Option<&NamespaceConfig> {
        self.namespaces.iter().find(|n| n.name == name)
    }

    pub fn certificate(&self, name: &str) -> Option<&CertificateConfig> {
        self.certificates.iter().find(|c| c.name == name)
    }

    /// The renewal rule of the certificate `name` (its renew_before, else [defaults]).
    pub fn leaf_renewal(&self, name: &str) -> Renewal {
        Renewal {
            renew_before: self
                .certificate(name)
                .and_then(|c| c.renew_before)
                .or(self.defaults.renew_before)
                .map(Validity::duration),
            ..self.ca_renewal()
        }
    }

    /// The renewal rule of a CA: the last third of its lifetime (renew_before is for
    /// leaves), or the expiry warning.
    pub fn ca_renewal(&self) -> Renewal {
        Renewal {
            renew_before: None,
            expiry_warning: self
                .defaults
                .expiry_warning
                .unwrap_or(crate::pki::DEFAULT_EXPIRY_WARNING)
                .duration(),
        }
    }
}

/// Edits `text` (the current tcerts.toml) keeping comments: adds a namespace.
pub fn add_namespace(path: &Path, text: &str, ns: &str) -> Result<String, Error> {
    let mut doc = parse_doc(path, text)?;
    let tables = array_of_tables(&mut doc, "namespace");
    if !tables
        .iter()
        .any(|t| t.get("name").and_then(Item::as_str) == Some(ns))
    {
        let mut t = Table::new();
        t["name"] = value(ns);
        tables.push(t);
    }
    Ok(doc.to_string())
}

/// Edits `text` keeping comments: records a certificate, replacing the entry of that name.
pub fn upsert_certificate(
    path: &Path,
    text: &str,
    cert: &CertificateConfig,
) -> Result<String, Error> {
    let mut doc = parse_doc(path, text)?;
    let tables = array_of_tables(&mut doc, "certificate");
    let mut t = Table::new();
    t["name"] = value(cert.name.as_str());
    t["role"] = value(cert.role.as_str());
    if let Some(ns) = &cert.namespace {
        t["namespace"] = value(ns.as_str());
    }
    if !cert.dns.is_empty() {
        t["dns"] = value(cert.dns.iter().collect::<Array>());
    }
    if !cert.ip.is_empty() {
        t["ip"] = value(cert.ip.iter().collect::<Array>());
    }
    if let Some(kt) = cert.key_type {
        t["key_type"] = value(kt.as_str());
    }
    if let Some(v) = cert.validity {
        t["validity"] = value(v.to_string());
    }
    if let Some(r) = cert.renew_before {
        t["renew_before"] = value(r.to_string());
    }
    if let Some(csr) = &cert.csr {
        t["csr"] = value(csr.as_str());
    }
    let existing = tables
        .iter_mut()
        .find(|x| x.get("name").and_then(Item::as_str) == Some(cert.name.as_str()));
    if let Some(existing) = existing {
        // Keep the entry's leading comment, replace its keys.
        let decor = existing.decor().clone();
        *existing = t;
        *existing.decor_mut() = decor;
    } else {
        tables.push(t);
    }
    Ok(doc.to_string())
}

fn parse_doc(path: &Path, text: &str) -> Result<DocumentMut, Error> {
    text.parse()
        .map_err(|e: toml_edit::TomlError| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

fn array_of_tables<'a>(doc: &'a mut DocumentMut, key: &str) -> &'a mut ArrayOfTables {
    if !doc.get(key).is_some_and(Item::is_array_of_tables) {
        doc[key] = Item::ArrayOfTables(ArrayOfTables::new());
    }
    match doc[key].as_array_of_tables_mut() {
        Some(t) => t,
        None => unreachable!("just set to an array of tables"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Config {
        Config {
            organization: "Acme \"Corp\"".into(),
            root: RootConfig::default(),
            defaults: Defaults {
                key_type: KeyType::EcdsaP256,
                root_validity: Validity::years(10),
                ca_validity: Validity::years(5),
                leaf_validity: Validity::days(90),
                renew_before: None,
                expiry_warning: None,
            },
            namespaces: vec![],
            certificates: vec![],
        }
    }

    #[test]
    fn starter_round_trips_and_edits_keep_comments() {
        let p = Path::new("tcerts.toml");
        let text = sample().starter();
        let back = Config::parse(p, &text).unwrap();
        assert_eq!(back.organization, "Acme \"Corp\"");
        let text = add_namespace(p, &text, "payments").unwrap();
        let text = add_namespace(p, &text, "payments").unwrap();
        let cert = CertificateConfig {
            name: "w1".into(),
            role: Role::Worker,
            namespace: Some("payments".into()),
            dns: vec![],
            ip: vec![],
            key_type: None,
            validity: Some(Validity::days(30)),
            renew_before: Some(Validity::days(10)),
            csr: None,
        };
        let text = upsert_certificate(p, &text, &cert).unwrap();
        let text = upsert_certificate(p, &text, &cert).unwrap();
        assert!(text.contains("# Durations: a number and a unit"));
        let back = Config::parse(p, &text).unwrap();
        assert_eq!(back.namespaces.len(), 1);
        assert_eq!(back.certificates, vec![cert]);
    }

    #[test]
    fn namespaces_differing_only_in_case_are_refused_naming_the_file() {
        let p = Path::new("x/tcerts.toml");
        let text = add_namespace(p, &sample().starter(), "payments").unwrap();
        let config = Config::parse(p, &text).unwrap();
        assert_eq!(config.namespace_case_clash("Payments"), Some("payments"));
        assert_eq!(config.namespace_case_clash("payments"), None);
        assert_eq!(config.namespace_case_clash("orders"), None);
        let text = add_namespace(p, &text, "PAYMENTS").unwrap();
        let err = Config::parse(p, &text).unwrap_err().to_string();
        assert!(err.contains("x/tcerts.toml"), "{err}");
        assert!(err.contains("'payments' and 'PAYMENTS'"), "{err}");
        assert!(err.contains("case-insensitively"), "{err}");
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let text = sample().starter().replace("leaf_validity", "leaf_valdity");
        let err = Config::parse(Path::new("x/tcerts.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("line"), "{err}");
        assert!(err.contains("leaf_valdity"), "{err}");
    }
}
