//! `doctor --cert/--key/--ca` and `doctor --bundle`: files in, findings out.

use rcgen::KeyPair;
use time::OffsetDateTime;

use super::chain::{
    ChainInput, KnownCas, Usage, check_chain, check_key, check_signature, check_validity,
};
use super::evidence::{Cert, EKU_CLIENT_AUTH, EKU_SERVER_AUTH};
use super::load::{Loaded, load_bytes};
use super::{Finding, Report, Severity};

/// A file given on the command line: its name for messages and its bytes.
pub struct InputFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What `doctor --cert` checks.
pub struct FileCheck<'a> {
    pub cert: InputFile<'a>,
    pub key: Option<InputFile<'a>>,
    pub ca: Option<InputFile<'a>>,
    pub usage: Option<Usage>,
    pub server_name: Option<&'a str>,
    pub now: OffsetDateTime,
    /// The renewal rule (the PKI's, when doctor runs beside one).
    pub renewal: crate::pki::Renewal,
    /// The CAs of that PKI (evidence for missing-intermediate).
    pub known: &'a KnownCas,
}

/// Which rules a bundle is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BundleTarget {
    /// A Temporal Cloud namespace's accepted client CA bundle.
    Cloud,
    /// A self-hosted server's clientCaFiles / rootCaFiles.
    Server,
}

/// The command that re-issues a certificate doctor found in a loose file (the role and
/// name are the user's to fill in; inside a PKI directory doctor names them).
const REISSUE: &str = "tcerts issue ROLE --name NAME --force";

/// Parses every certificate of a loaded file, labelled `NAME #i`.
pub fn certs_of(loaded: &Loaded, report: &mut Report) -> Vec<Cert> {
    certs_parsed(loaded, report, Cert::parse)
}

/// `certs_of`, reusing certificates already parsed in this run.
pub fn certs_of_cached(loaded: &Loaded, report: &mut Report) -> Vec<Cert> {
    certs_parsed(loaded, report, Cert::parse_cached)
}

fn certs_parsed(
    loaded: &Loaded,
    report: &mut Report,
    parse: fn(String, &rustls_pki_types::CertificateDer<'_>) -> Result<Cert, crate::pki::Error>,
) -> Vec<Cert> {
    let ders = loaded.certs();
    let many = ders.len() > 1;
    let mut out = Vec::with_capacity(ders.len());
    for (i, der) in ders.iter().enumerate() {
        let label = if many {
            format!("{} #{}", loaded.name, i + 1)
        } else {
            loaded.name.clone()
        };
        match parse(label.clone(), der) {
            Ok(c) => out.push(c),
            Err(e) => report.add(
                &label,
                None,
                Finding::new(
                    "pem-malformed",
                    Severity::Error,
                    &loaded.name,
                    format!("certificate {} cannot be read: {e}", i + 1),
                    "re-export the certificate",
                ),
            ),
        }
    }
    out
}

fn file_findings(loaded: &Loaded, report: &mut Report) {
    for f in &loaded.findings {
        report.add(&loaded.name, None, f.clone());
    }
}

/// Loads a file that should hold certificates (a chain or a CA file).
fn load_cert_file(file: &InputFile<'_>, what: &str, report: &mut Report) -> Vec<Cert> {
    let loaded = load_bytes(file.name, file.bytes);
    file_findings(&loaded, report);
    let certs = certs_of(&loaded, report);
    let has_key = loaded.keys().next().is_some() || loaded.has_encrypted_key();
    if loaded.certs().is_empty() && has_key {
        report.add(file.name, None, Finding::new(
            "wrong-pem-type",
            Severity::Error,
            file.name,
            format!("holds a private key where {what} belongs: the certificate and key paths are swapped"),
            "swap the paths: certFile / --tls-cert-path take the certificate (chain.pem), keyFile / --tls-key-path the key",
        ));
    } else if loaded.certs().is_empty() && loaded.findings.is_empty() {
        report.add(
            file.name,
            None,
            Finding::new(
                "wrong-pem-type",
                Severity::Error,
                file.name,
                format!("holds no certificate, where {what} belongs"),
                "point the setting at the certificate file",
            ),
        );
    }
    certs
}

/// The usage a leaf is checked for when --usage is not given.
fn infer_usage(leaf: &Cert, server_name: Option<&str>) -> Option<Usage> {
    if server_name.is_some() {
        return Some(Usage::Server);
    }
    match &leaf.eku {
        Some(_) if leaf.eku_allows(EKU_SERVER_AUTH) && !leaf.eku_allows(EKU_CLIENT_AUTH) => {
            Some(Usage::Server)
        }
        Some(_) if leaf.eku_allows(EKU_CLIENT_AUTH) && !leaf.eku_allows(EKU_SERVER_AUTH) => {
            Some(Usage::Client)
        }
        _ => None,
    }
}

/// encrypted-key, wrong-pem-type: why a key file holds no usable private key (nothing
/// when its PEM findings already say why).
fn report_missing_key(loaded: &Loaded, name: &str, report: &mut Report) {
    if loaded.has_encrypted_key() {
        report.add(name, None, Finding::new(
            "encrypted-key",
            Severity::Error,
            name,
            "the private key is encrypted: Temporal's keyFile, the Temporal CLI and the SDKs load only unencrypted keys (they fail with 'failed to parse private key')",
            format!("decrypt it to a file only the service can read: openssl pkey -in {name} -out key.pem && chmod 600 key.pem"),
        ));
    } else if !loaded.certs().is_empty() {
        report.add(name, None, Finding::new(
            "wrong-pem-type",
            Severity::Error,
            name,
            "holds a certificate where the private key belongs: the certificate and key paths are swapped",
            "swap the paths: keyFile / --tls-key-path take key.pem",
        ));
    } else if loaded.findings.is_empty() {
        report.add(
            name,
            None,
            Finding::new(
                "wrong-pem-type",
                Severity::Error,
                name,
                "holds no private key",
                "point keyFile / --tls-key-path at the key file",
            ),
        );
    }
}

/// encrypted-key, wrong-pem-type, pem-malformed and key-mismatch for a key file.
pub fn check_key_file(
    file: &InputFile<'_>,
    leaf: Option<&Cert>,
    report: &mut Report,
) -> Option<KeyPair> {
    let loaded = load_bytes(file.name, file.bytes);
    file_findings(&loaded, report);
    let name = file.name;
    let Some(der) = loaded.keys().next() else {
        report_missing_key(&loaded, name, report);
        return None;
    };
    let key = match crate::pki::key_pair_of(der) {
        Ok(k) => k,
        Err(e)
            if leaf.is_some_and(|l| {
                l.key.algorithm == "RSA" && l.key.bits.is_some_and(|b| b < 2048)
            }) =>
        {
            report.add(name, None, Finding::new(
                "weak-key",
                Severity::Error,
                name,
                format!("the RSA private key is under 2048 bits and cannot be loaded ({e}): Go, rustls and Temporal Cloud refuse such keys"),
                "generate a new key and certificate: tcerts issue ROLE --name NAME --force",
            ));
            return None;
        }
        Err(e) => {
            report.add(
                name,
                None,
                Finding::new(
                    "pem-malformed",
                    Severity::Error,
                    name,
                    format!("the private key cannot be read: {e}"),
                    "re-export the key as PKCS#8: openssl pkey -in KEY -out key.pem",
                ),
            );
            return None;
        }
    };
    if let Some(leaf) = leaf
        && key.public_key_raw() != leaf.info.public_key.as_slice()
    {
        report.add(name, None, Finding::new(
            "key-mismatch",
            Severity::Error,
            name,
            format!("this key is not the key of {} ({}): the TLS library refuses the pair ('tls: private key does not match public key')", leaf.label, leaf.info.subject),
            "use the key.pem from the same tcerts certificate directory as the certificate, or re-issue the certificate",
        ));
    }
    Some(key)
}

/// `doctor --cert FILE [--key FILE] [--ca FILE]`.
pub fn check_files(input: &FileCheck<'_>) -> Report {
    let mut report = Report::default();
    let presented = load_cert_file(&input.cert, "a certificate", &mut report);
    let trust = match &input.ca {
        Some(ca) => load_cert_file(ca, "a CA certificate", &mut report),
        None => Vec::new(),
    };
    let leaf = presented
        .first()
        .filter(|c| !c.info.is_ca)
        .or_else(|| presented.iter().find(|c| !c.info.is_ca))
        .or(presented.first());
    if let Some(key) = &input.key {
        check_key_file(key, leaf, &mut report);
    }
    let Some(leaf) = leaf else {
        return report;
    };
    let usage = input.usage.or_else(|| infer_usage(leaf, input.server_name));
    let trust_name = input.ca.as_ref().map(|c| c.name).unwrap_or("the CA file");
    check_chain(
        &ChainInput {
            presented: &presented,
            trust: &trust,
            trust_name,
            usage,
            server_name: input.server_name,
            now: input.now,
            reissue: REISSUE,
            reissue_has_usage: false,
            renewal: input.renewal,
            known: input.known,
        },
        &mut report,
    );
    report
}

/// `doctor --bundle FILE [--for cloud|server]`.
pub fn check_bundle(file: &InputFile<'_>, target: BundleTarget, now: OffsetDateTime) -> Report {
    let mut report = Report::default();
    let loaded = load_bytes(file.name, file.bytes);
    file_findings(&loaded, &mut report);
    let certs = certs_of(&loaded, &mut report);
    report.checked += certs.len();
    let ders = loaded.certs();
    if ders.is_empty() && (loaded.keys().next().is_some() || loaded.has_encrypted_key()) {
        report.add(file.name, None, Finding::new(
            "wrong-pem-type",
            Severity::Error,
            file.name,
            "holds a private key, not CA certificates: never upload or distribute a key as a CA bundle",
            "give the CA certificates (tcerts: DIR/ca/root/cert.pem and the namespace CA's cert.pem)",
        ));
    }
    let label = |n: usize| -> String {
        if ders.len() > 1 {
            format!("{} #{n}", file.name)
        } else {
            file.name.to_string()
        }
    };
    match target {
        BundleTarget::Cloud => {
            let pem_len = if loaded.is_pem {
                loaded.pem_len
            } else {
                file.bytes.len()
            };
            for v in crate::bundle::check_cloud_rules(&ders, pem_len) {
                let fix = cloud_fix(v.code);
                let (group, subject) = match v.cert {
                    Some(n) => (label(n), v.subject.clone()),
                    None => (file.name.to_string(), None),
                };
                let about = subject.clone().unwrap_or_else(|| file.name.to_string());
                report.add(
                    &group,
                    subject.as_deref(),
                    Finding::new(v.code, Severity::Error, about, v.message, fix),
                );
            }
        }
        BundleTarget::Server => {
            check_server_bundle(file.name, &loaded, &certs, &mut report);
        }
    }
    for c in &certs {
        for x in check_validity(
            c,
            now,
            &crate::pki::Renewal::default(),
            Severity::Warning,
            "rotate: add the new CA to the bundle, move clients over, then remove this one",
        ) {
            report.cert(c, x);
        }
        for x in check_key(c) {
            report.cert(c, x);
        }
    }
    report
}

/// A server's clientCaFiles / rootCaFiles bundle: not empty, CAs only, each able to sign.
fn check_server_bundle(name: &str, loaded: &Loaded, certs: &[Cert], report: &mut Report) {
    if loaded.certs().is_empty() && loaded.findings.is_empty() {
        report.add(
            name,
            None,
            Finding::new(
                "bundle-empty",
                Severity::Error,
                name,
                "the bundle holds no certificate: the server would accept no client",
                "put the CA certificates that issue your clients in it",
            ),
        );
    }
    for c in certs {
        if !c.info.is_ca {
            report.cert(c, Finding::new(
                "not-a-ca",
                Severity::Warning,
                &c.info.subject,
                "a leaf certificate in a CA bundle: it pins exactly this certificate and trusts nothing it could issue",
                "put the issuing CA (or the root) in clientCaFiles / rootCaFiles, not a leaf",
            ));
        } else if c.key_usage.is_some() && !c.has_key_usage("keyCertSign") {
            report.cert(c, Finding::new(
                "ca-keyusage",
                Severity::Error,
                &c.info.subject,
                "the CA's key usage lacks keyCertSign: verifiers reject every certificate it issued",
                "re-issue the CA with keyUsage = critical, keyCertSign, cRLSign",
            ));
        }
        for x in check_signature(c) {
            report.cert(c, x);
        }
    }
}

fn cloud_fix(code: &str) -> &'static str {
    match code {
        "bundle-empty" => "put the CA certificates that issue your clients in the bundle (PEM)",
        "bundle-too-many" => "keep at most 16 certificates: drop CAs no client uses any more",
        "bundle-too-large" => {
            "keep the PEM under 32 KB: drop unused CAs and any text outside the PEM blocks"
        }
        "bundle-not-ca" => "remove leaf certificates: the bundle holds only CAs",
        "bundle-not-v3" => "re-issue the CA as X.509 v3 with basicConstraints CA:TRUE",
        "bundle-key-type" => {
            "use an RSA or ECDSA CA (tcerts init --key-type ecdsa-p256 or rsa-3072)"
        }
        "bundle-weak-signature" => {
            "re-issue the CA with a SHA-256 (or stronger) RSA or ECDSA signature"
        }
        "bundle-duplicate" => "remove the duplicate: tcld rejects the same certificate twice",
        "bundle-duplicate-dn" => "give successive CAs distinct subjects (tcerts adds G1, G2, …)",
        "bundle-incomplete-chain" => "add the issuer of this certificate, up to the root",
        _ => "fix the certificate and upload the bundle again",
    }
}
