//! `doctor` for CA keys kept in PKCS#11 tokens: the token answers, the object is there,
//! it is the CA certificate's key (a test signature verifies against the certificate), and
//! it cannot leave the token.

use rcgen::{CertificateParams, Issuer, PublicKeyData};

use super::evidence::Cert;
use super::{Finding, Report, Severity};
use crate::custody::{self, Pkcs11Uri, Token};
use crate::pki::{self, CertInfo, KeyType};

/// Checks the token key tcerts.toml records for the CA `ca` (at `rel`, e.g.
/// `ca/intermediate`).
pub fn check_token_key(uri: &str, rel: &str, ca: &Cert, report: &mut Report) {
    let subject = format!("{rel} key");
    let mut add = |code, severity, message: String, fix: String| {
        report.cert(ca, Finding::new(code, severity, &subject, message, fix));
    };
    let parsed: Pkcs11Uri = match uri.parse() {
        Ok(u) => u,
        Err(e) => {
            add(
                "ca-key-uri-invalid",
                Severity::Error,
                format!("tcerts.toml records the key as '{uri}', which is not a PKCS#11 URI: {e}"),
                "restore the [[ca_key]] entry's uri from version control".into(),
            );
            return;
        }
    };
    let token = match Token::open(&parsed) {
        Ok(t) => t,
        Err(e) => {
            add(
                "ca-key-token-unreachable",
                Severity::Error,
                e.to_string(),
                format!(
                    "point {} (or --pkcs11-module) at the token's PKCS#11 library, make sure the token '{}' is present, and give its user PIN in {} or the URI's pin-source=file:PATH",
                    custody::MODULE_ENV,
                    parsed.token_label(),
                    custody::PIN_ENV
                ),
            );
            return;
        }
    };
    let key = match token.find(&parsed) {
        Ok(k) => k,
        Err(e) => {
            add(
                "ca-key-object-missing",
                Severity::Error,
                e.to_string(),
                format!(
                    "the CA cannot sign without it: if the object was deleted it is gone (non-extractable keys have no copy); create a successor in the token: tcerts ca rotate{} --key-store pkcs11:token={}",
                    rotate_scope(rel),
                    parsed.token_label()
                ),
            );
            return;
        }
    };
    check_found_key(&key, uri, rel, &parsed, ca, &mut add);
}

/// ca-key-token-mismatch, ca-key-extractable, ca-key-in-token: the key found in the
/// token is the CA's, cannot leave the token, and how it got there.
fn check_found_key(
    key: &custody::TokenKey,
    uri: &str,
    rel: &str,
    parsed: &Pkcs11Uri,
    ca: &Cert,
    add: &mut dyn FnMut(&'static str, Severity, String, String),
) {
    if key.der_bytes() != ca.info.public_key.as_slice() || !signs_for(key, &ca.info) {
        add(
            "ca-key-token-mismatch",
            Severity::Error,
            format!(
                "the token object {uri} is not the key of this CA certificate (its public key differs, or its test signature does not verify against the certificate)"
            ),
            "restore the [[ca_key]] entry that names this CA's key from version control, or rotate the CA".into(),
        );
        return;
    }
    let facts = key.facts();
    let exposed = facts.extractable != Some(false) || facts.sensitive != Some(true);
    if exposed {
        add(
            "ca-key-extractable",
            Severity::Error,
            format!(
                "the token key {uri} can leave the token (CKA_EXTRACTABLE={}, CKA_SENSITIVE={}): its value can be read or wrapped out",
                show(facts.extractable),
                show(facts.sensitive)
            ),
            format!(
                "replace it with a key generated non-extractable: tcerts ca rotate{} --key-store pkcs11:token={}, then tcerts apply, deploy, tcerts ca retire{}",
                rotate_scope(rel),
                parsed.token_label(),
                rotate_scope(rel)
            ),
        );
        return;
    }
    let history = if facts.never_extractable == Some(true) && facts.always_sensitive == Some(true) {
        "generated in the token, never extractable"
    } else {
        "sensitive and not extractable now, but it was extractable or not sensitive at some point (imported?), so copies may exist"
    };
    add(
        "ca-key-in-token",
        if history.starts_with("generated") {
            Severity::Info
        } else {
            Severity::Warning
        },
        format!("the key is in {} ({history}): {uri}", key.describe_token()),
        "nothing to do".into(),
    );
}

fn show(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "unknown",
    }
}

fn rotate_scope(rel: &str) -> String {
    match rel.strip_prefix("ca/namespaces/") {
        Some(ns) => format!(" --namespace {ns}"),
        None if rel == "ca/root" => " --root".into(),
        None => String::new(),
    }
}

/// Whether the key really signs for the certificate: a throwaway certificate issued with
/// it verifies against the CA certificate's public key.
fn signs_for(key: &custody::TokenKey, ca: &CertInfo) -> bool {
    let Ok(issuer) = Issuer::from_ca_cert_der(&ca.der, key) else {
        return false;
    };
    let Ok(subject) = KeyType::EcdsaP256.generate() else {
        return false;
    };
    let Ok(params) = CertificateParams::new(vec!["doctor.invalid".to_string()]) else {
        return false;
    };
    params
        .signed_by(&subject, &issuer)
        .ok()
        .and_then(|c| CertInfo::parse(c.der()).ok())
        .is_some_and(|c| pki::is_signed_by(&c, ca))
}
