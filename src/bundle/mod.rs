//! Temporal Cloud's rules for a namespace's accepted client CA bundle, as pure checks:
//! certificates in, violations out. The `bundle` command refuses to write a bundle that
//! breaks one; `doctor --bundle --for cloud` reports them.

mod build;
mod isolation;
pub mod tcld;

pub use build::{
    Scope, all_cas, base64_text, dedup, issuers_of_others, order_root_first, pem_text,
    read_from_files, scope_bundle, trusted_cas,
};
pub use isolation::NamespaceTrust;
pub use tcld::{Listing, listing};

use rustls_pki_types::CertificateDer;
use x509_parser::prelude::{FromDer, X509Certificate};

use std::collections::HashMap;

use crate::pki::{CertInfo, IssuerIndex, IssuerLookup, fingerprint_sha1};

/// The namespace as tcld's `--namespace` takes it: the Cloud namespace ID
/// `NAME.ACCOUNT`. A tcerts namespace that already holds the account part (`payments.a1b2c`)
/// is used as it is; otherwise the account is left for the user to fill in.
pub fn cloud_namespace_id(ns: Option<&str>) -> String {
    match ns {
        Some(ns) if ns.contains('.') => ns.to_string(),
        Some(ns) => format!("{ns}.ACCOUNT"),
        None => "NAMESPACE.ACCOUNT".into(),
    }
}

/// The one form every hint uses to upload a bundle file: `set` replaces the namespace's
/// accepted CAs with the whole bundle (`add` would refuse CAs already there).
pub fn tcld_set_bundle(ns: Option<&str>, file: &str) -> String {
    format!(
        "tcld namespace accepted-client-ca set --namespace {} --ca-certificate-file {file}",
        cloud_namespace_id(ns)
    )
}

/// At most this many certificates in one namespace's bundle.
pub const MAX_CERTS: usize = 16;
/// At most this many bytes of PEM text in one namespace's bundle.
pub const MAX_BYTES: usize = 32 * 1024;

/// One broken rule. `cert` is the 1-based position in the bundle when the rule is about
/// one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: &'static str,
    pub cert: Option<usize>,
    pub subject: Option<String>,
    pub message: String,
}

const RSA_KEY: &str = "1.2.840.113549.1.1.1";
const EC_KEY: &str = "1.2.840.10045.2.1";
/// SHA-256 or stronger with RSA (PKCS#1 v1.5 and PSS) or ECDSA.
const STRONG_SIGNATURES: [&str; 7] = [
    "1.2.840.113549.1.1.11",
    "1.2.840.113549.1.1.12",
    "1.2.840.113549.1.1.13",
    "1.2.840.113549.1.1.10",
    "1.2.840.10045.4.3.2",
    "1.2.840.10045.4.3.3",
    "1.2.840.10045.4.3.4",
];

/// Checks `certs` (the bundle's certificates in order) and `pem_len` (the size of the PEM
/// text that would be uploaded) against every Temporal Cloud rule.
pub fn check_cloud_rules(certs: &[CertificateDer<'_>], pem_len: usize) -> Vec<Violation> {
    let mut out = Vec::new();
    if certs.is_empty() {
        out.push(whole(
            "bundle-empty",
            "the bundle holds no certificate".into(),
        ));
        return out;
    }
    if certs.len() > MAX_CERTS {
        out.push(whole(
            "bundle-too-many",
            format!(
                "{} certificates; Temporal Cloud accepts at most {MAX_CERTS} per namespace",
                certs.len()
            ),
        ));
    }
    if pem_len > MAX_BYTES {
        out.push(whole(
            "bundle-too-large",
            format!("{pem_len} bytes of PEM; Temporal Cloud accepts at most {MAX_BYTES} (32 KB)"),
        ));
    }
    if let Some(last) = out.last_mut() {
        // The cheap limits first: a bundle Cloud refuses by size is not examined further
        // (a hostile file of thousands of CAs costs nothing more than counting them).
        last.message.push_str(
            " (its certificates were not checked one by one: bring the bundle within the limits first)",
        );
        return out;
    }
    let infos = check_each_certificate(certs, &mut out);
    check_duplicates(certs, &infos, &mut out);
    check_chains_complete(&infos, &mut out);
    out
}

/// Per certificate: parsable, X.509 v3, a CA, an RSA or ECDSA key, a strong signature.
/// Returns each certificate parsed (None where it is not parsable).
fn check_each_certificate(
    certs: &[CertificateDer<'_>],
    out: &mut Vec<Violation>,
) -> Vec<Option<CertInfo>> {
    let mut infos: Vec<Option<CertInfo>> = Vec::with_capacity(certs.len());
    for (i, der) in certs.iter().enumerate() {
        let n = i + 1;
        let Ok((_, x)) = X509Certificate::from_der(der) else {
            out.push(Violation {
                code: "bundle-unparsable",
                cert: Some(n),
                subject: None,
                message: "not a parsable X.509 certificate".into(),
            });
            infos.push(None);
            continue;
        };
        let subject = Some(x.subject().to_string());
        let mut v = |code, message: String| {
            out.push(Violation {
                code,
                cert: Some(n),
                subject: subject.clone(),
                message,
            });
        };
        if x.version().0 != 2 {
            v(
                "bundle-not-v3",
                format!(
                    "X.509 version {}; Temporal Cloud needs v3",
                    x.version().0 + 1
                ),
            );
        }
        if !x.is_ca() {
            v("bundle-not-ca", "not a CA (basicConstraints CA:TRUE missing): a leaf certificate does not belong in an accepted-CA bundle".into());
        }
        let key_alg = x.public_key().algorithm.algorithm.to_id_string();
        if key_alg != RSA_KEY && key_alg != EC_KEY {
            let name = if key_alg == "1.3.101.112" {
                "Ed25519".to_string()
            } else {
                key_alg
            };
            v(
                "bundle-key-type",
                format!("{name} key; Temporal Cloud accepts only RSA and ECDSA keys"),
            );
        }
        let sig = x.signature_algorithm.algorithm.to_id_string();
        if !STRONG_SIGNATURES.contains(&sig.as_str()) {
            v(
                "bundle-weak-signature",
                format!(
                    "signature algorithm {} is not SHA-256 or stronger with RSA or ECDSA",
                    sig_name(&sig)
                ),
            );
        }
        infos.push(CertInfo::parse(der).ok());
    }
    infos
}

fn check_duplicates(
    certs: &[CertificateDer<'_>],
    infos: &[Option<CertInfo>],
    out: &mut Vec<Violation>,
) {
    // Duplicates by fingerprint (what tcld rejects), then distinct certificates sharing a DN.
    let fps: Vec<String> = certs.iter().map(|c| fingerprint_sha1(c)).collect();
    let mut first_by_fp: HashMap<&str, usize> = HashMap::new();
    let mut first_by_dn: HashMap<String, usize> = HashMap::new();
    for i in 0..certs.len() {
        if let Some(&j) = first_by_fp.get(fps[i].as_str()) {
            out.push(Violation {
                code: "bundle-duplicate",
                cert: Some(i + 1),
                subject: infos[i].as_ref().map(|c| c.subject.clone()),
                message: format!("the same certificate as #{} (SHA-1 {})", j + 1, fps[i]),
            });
            continue;
        }
        first_by_fp.insert(&fps[i], i);
        let Some(me) = &infos[i] else { continue };
        let dn = me.subject.to_lowercase();
        if let Some(&j) = first_by_dn.get(&dn) {
            out.push(Violation {
                code: "bundle-duplicate-dn",
                cert: Some(i + 1),
                subject: Some(me.subject.clone()),
                message: format!("the same subject DN as #{} (DNs must be unique, case-insensitively); give successive CAs distinct names", j + 1),
            });
        } else {
            first_by_dn.insert(dn, i);
        }
    }
}

fn check_chains_complete(infos: &[Option<CertInfo>], out: &mut Vec<Violation>) {
    // Each certificate a root, or issued by another certificate of the bundle.
    let parsed: Vec<(usize, &CertInfo)> = infos
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
        .collect();
    let index = IssuerIndex::new(parsed.iter().map(|(_, c)| *c));
    for (k, (i, me)) in parsed.iter().enumerate() {
        // A self-issued certificate is a root here; whether its own signature is strong
        // enough is the weak-signature rule's business, not this one's.
        if me.is_self_issued() {
            continue;
        }
        if let IssuerLookup::NotFound { .. } = index.issuer_of(k) {
            out.push(Violation {
                code: "bundle-incomplete-chain",
                cert: Some(i + 1),
                subject: Some(me.subject.clone()),
                message: format!(
                    "its issuer ({}) is not in the bundle; add the issuer, up to the root",
                    me.issuer
                ),
            });
        }
    }
}

fn whole(code: &'static str, message: String) -> Violation {
    Violation {
        code,
        cert: None,
        subject: None,
        message,
    }
}

fn sig_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption".into(),
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption".into(),
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1".into(),
        "1.3.101.112" => "Ed25519".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcld_takes_the_cloud_namespace_id() {
        assert_eq!(cloud_namespace_id(Some("payments")), "payments.ACCOUNT");
        assert_eq!(cloud_namespace_id(Some("payments.a1b2c")), "payments.a1b2c");
        assert_eq!(cloud_namespace_id(None), "NAMESPACE.ACCOUNT");
    }
    use crate::pki::{CaKind, IssuingCa, KeyType};

    fn ca(kind: CaKind, kt: KeyType, issuer: Option<&IssuingCa>) -> IssuingCa {
        crate::pki::test_ca(kind, kt, issuer)
    }

    fn codes(v: &[Violation]) -> Vec<&'static str> {
        v.iter().map(|v| v.code).collect()
    }

    #[test]
    fn a_root_with_its_intermediate_passes_and_each_rule_fires() {
        let root = ca(CaKind::Root, KeyType::EcdsaP256, None);
        let inter = ca(CaKind::Intermediate, KeyType::EcdsaP256, Some(&root));
        let good = [root.cert.der.clone(), inter.cert.der.clone()];
        assert_eq!(check_cloud_rules(&good, 1000), vec![]);

        assert_eq!(
            codes(&check_cloud_rules(
                std::slice::from_ref(&inter.cert.der),
                10
            )),
            ["bundle-incomplete-chain"]
        );
        let dup = [root.cert.der.clone(), root.cert.der.clone()];
        assert_eq!(codes(&check_cloud_rules(&dup, 10)), ["bundle-duplicate"]);
        let other_root = ca(CaKind::Root, KeyType::EcdsaP256, None);
        assert_eq!(
            codes(&check_cloud_rules(
                &[root.cert.der.clone(), other_root.cert.der.clone()],
                10
            )),
            ["bundle-duplicate-dn"]
        );
        let ed = ca(CaKind::Root, KeyType::Ed25519, None);
        let c = codes(&check_cloud_rules(std::slice::from_ref(&ed.cert.der), 10));
        assert!(
            c.contains(&"bundle-key-type") && c.contains(&"bundle-weak-signature"),
            "{c:?}"
        );
        assert_eq!(
            codes(&check_cloud_rules(&good, MAX_BYTES + 1)),
            ["bundle-too-large"]
        );
        assert_eq!(codes(&check_cloud_rules(&[], 0)), ["bundle-empty"]);
        // `tcerts bundle --from` and `ca rotate` see this; doctor reports pem-malformed first.
        let garbage = [CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x00])];
        assert_eq!(
            codes(&check_cloud_rules(&garbage, 100)),
            ["bundle-unparsable"]
        );
    }
}
