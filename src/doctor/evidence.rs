//! One certificate as doctor sees it: parsed once, with every fact the checks need.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rustls_pki_types::CertificateDer;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

use crate::pki::{self, CertInfo};

pub const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";

/// A certificate with its place (`chain.pem #2`) and the facts doctor checks.
#[derive(Debug, Clone)]
pub struct Cert {
    pub label: String,
    pub info: CertInfo,
    /// X.509 version as written (1, 2 or 3).
    pub version: u32,
    pub signature_oid: String,
    pub key: KeyDesc,
    /// The EKU OIDs, or None without an EKU extension; `any` when anyExtendedKeyUsage.
    pub eku: Option<Vec<String>>,
    pub eku_any: bool,
    /// KeyUsage bits by name, or None without the extension.
    pub key_usage: Option<Vec<&'static str>>,
    /// Self-issued and its signature verifies with its own key.
    pub self_signed: bool,
    /// The URLs of its issuer's certificate (Authority Information Access, caIssuers):
    /// evidence that the issuer is an intermediate CA, published for clients to fetch.
    pub ca_issuers: Vec<String>,
    pub sha256: String,
    pub sha1: String,
}

/// A public key's algorithm and strength.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDesc {
    /// RSA, ECDSA, Ed25519, Ed448, DSA or the OID.
    pub algorithm: String,
    pub bits: Option<u32>,
    /// The curve name for ECDSA keys.
    pub curve: Option<String>,
    /// An RSA key's public exponent, when it is not 65537 (what every generator uses;
    /// small exponents such as 3 are a known weakness). None for 65537 and other keys.
    pub odd_exponent: Option<String>,
}

impl std::fmt::Display for KeyDesc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.curve, self.bits) {
            (Some(c), _) => write!(f, "{} {}", self.algorithm, c),
            (None, Some(b)) => write!(f, "{} {} bits", self.algorithm, b),
            _ => f.write_str(&self.algorithm),
        }
    }
}

impl Cert {
    /// Parses a certificate; `label` names it in findings.
    pub fn parse(label: String, der: &CertificateDer<'_>) -> Result<Cert, pki::Error> {
        let (_, x) =
            X509Certificate::from_der(der).map_err(|e| pki::Error::CertParse(e.to_string()))?;
        let info = CertInfo::of_parsed(der, &x)?;
        let key = key_desc(&x);
        let (eku, eku_any) = match x.extended_key_usage() {
            Ok(Some(e)) => {
                let v = &e.value;
                let mut oids: Vec<String> = v
                    .other
                    .iter()
                    .map(x509_parser::der_parser::oid::Oid::to_id_string)
                    .collect();
                if v.server_auth {
                    oids.push(EKU_SERVER_AUTH.into());
                }
                if v.client_auth {
                    oids.push(EKU_CLIENT_AUTH.into());
                }
                if v.code_signing {
                    oids.push("1.3.6.1.5.5.7.3.3".into());
                }
                if v.email_protection {
                    oids.push("1.3.6.1.5.5.7.3.4".into());
                }
                if v.time_stamping {
                    oids.push("1.3.6.1.5.5.7.3.8".into());
                }
                if v.ocsp_signing {
                    oids.push("1.3.6.1.5.5.7.3.9".into());
                }
                (Some(oids), v.any)
            }
            _ => (None, false),
        };
        let key_usage = match x.key_usage() {
            Ok(Some(ku)) => {
                let k = &ku.value;
                let names = [
                    (k.digital_signature(), "digitalSignature"),
                    (k.non_repudiation(), "nonRepudiation"),
                    (k.key_encipherment(), "keyEncipherment"),
                    (k.data_encipherment(), "dataEncipherment"),
                    (k.key_agreement(), "keyAgreement"),
                    (k.key_cert_sign(), "keyCertSign"),
                    (k.crl_sign(), "cRLSign"),
                    (k.encipher_only(), "encipherOnly"),
                    (k.decipher_only(), "decipherOnly"),
                ];
                Some(names.iter().filter(|(b, _)| *b).map(|(_, n)| *n).collect())
            }
            _ => None,
        };
        let self_signed = info.is_self_issued() && x.verify_signature(Some(x.public_key())).is_ok();
        let ca_issuers = ca_issuer_urls(&x);
        Ok(Cert {
            label,
            version: x.version().0 + 1,
            signature_oid: x.signature_algorithm.algorithm.to_id_string(),
            key,
            eku,
            eku_any,
            key_usage,
            self_signed,
            ca_issuers,
            sha256: pki::fingerprint_sha256(der),
            sha1: pki::fingerprint_sha1(der),
            info,
        })
    }

    pub fn der(&self) -> &CertificateDer<'static> {
        &self.info.der
    }

    /// Whether the EKU extension allows `oid` (no extension, or anyExtendedKeyUsage, allow all).
    pub fn eku_allows(&self, oid: &str) -> bool {
        self.eku_any || self.eku.as_ref().is_none_or(|v| v.iter().any(|o| o == oid))
    }

    pub fn has_key_usage(&self, name: &str) -> bool {
        self.key_usage.as_ref().is_some_and(|v| v.contains(&name))
    }

    pub fn has_sans(&self) -> bool {
        !self.info.dns.is_empty() || !self.info.ips.is_empty()
    }

    /// The signature algorithm's name.
    pub fn signature_name(&self) -> &str {
        signature_name(&self.signature_oid)
    }

    /// Whether the signature uses SHA-1 or MD5, which Go and Temporal Cloud refuse.
    pub fn insecure_signature(&self) -> bool {
        matches!(
            self.signature_oid.as_str(),
            "1.2.840.113549.1.1.5"
                | "1.2.840.113549.1.1.4"
                | "1.2.840.113549.1.1.2"
                | "1.2.840.10045.4.1"
                | "1.2.840.10040.4.3"
                | "1.3.14.3.2.29"
        )
    }

    /// Whether `issuer`'s key signed this certificate (each pair is verified once per run:
    /// a PKI's CAs sign thousands of certificates and are checked for each of them).
    pub fn signed_by(&self, issuer: &Cert) -> bool {
        if std::ptr::eq(self, issuer) {
            return self.self_signed;
        }
        let key = (self.sha256.clone(), issuer.sha256.clone());
        if let Some(v) = sig_cache().lock().ok().and_then(|c| c.get(&key).copied()) {
            return v;
        }
        // ECDSA and Ed25519 (every key tcerts makes but RSA) through the remembered
        // algorithms, which rustls-webpki's verdict then reuses; anything else, and any
        // signature they do not accept, through the general verifier.
        let v = super::signatures::verified_by(self.der(), issuer.der())
            .unwrap_or_else(|| pki::is_signed_by(&self.info, &issuer.info));
        if let Ok(mut c) = sig_cache().lock() {
            c.insert(key, v);
        }
        v
    }

    /// Like `parse`, but a CA certificate already parsed in this run (the same root in
    /// every `ca.pem` of a PKI) is cloned instead of parsed again. Leaves are not kept:
    /// each is read once, and 10,000 copies would only cost memory and a shared lock.
    pub fn parse_cached(label: String, der: &CertificateDer<'_>) -> Result<Cert, pki::Error> {
        let cached = parse_cache()
            .lock()
            .ok()
            .and_then(|c| c.get(der.as_ref()).cloned());
        if let Some(mut c) = cached {
            c.label = label;
            return Ok(c);
        }
        let c = Cert::parse(label, der)?;
        if c.info.is_ca
            && let Ok(mut cache) = parse_cache().lock()
        {
            cache.insert(der.to_vec(), c.clone());
        }
        Ok(c)
    }
}

type SigCache = Mutex<HashMap<(String, String), bool>>;

fn sig_cache() -> &'static SigCache {
    static CACHE: OnceLock<SigCache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn parse_cache() -> &'static Mutex<HashMap<Vec<u8>, Cert>> {
    static CACHE: OnceLock<Mutex<HashMap<Vec<u8>, Cert>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The caIssuers URLs of the Authority Information Access extension.
fn ca_issuer_urls(x: &X509Certificate<'_>) -> Vec<String> {
    use x509_parser::extensions::{GeneralName, ParsedExtension};
    const CA_ISSUERS: &str = "1.3.6.1.5.5.7.48.2";
    x.extensions()
        .iter()
        .filter_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityInfoAccess(aia) => Some(aia),
            _ => None,
        })
        .flat_map(x509_parser::extensions::AuthorityInfoAccess::iter)
        .filter(|d| d.access_method.to_id_string() == CA_ISSUERS)
        .filter_map(|d| match &d.access_location {
            GeneralName::URI(u) => Some(u.to_string()),
            _ => None,
        })
        .collect()
}

fn key_desc(x: &X509Certificate<'_>) -> KeyDesc {
    let spki = x.public_key();
    let oid = spki.algorithm.algorithm.to_id_string();
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok())
        .map(|o| o.to_id_string());
    let parsed = spki.parsed();
    match oid.as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
            let (bits, odd_exponent) = match parsed {
                Ok(PublicKey::RSA(r)) => {
                    let e = r.exponent;
                    let first = e.iter().position(|&b| b != 0).unwrap_or(e.len());
                    let e = &e[first..];
                    let odd = (e != [0x01, 0x00, 0x01]).then(|| {
                        if e.len() <= 8 {
                            e.iter()
                                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
                                .to_string()
                        } else {
                            format!("of {} bytes", e.len())
                        }
                    });
                    (Some(r.key_size() as u32), odd)
                }
                _ => (None, None),
            };
            KeyDesc {
                algorithm: "RSA".into(),
                bits,
                curve: None,
                odd_exponent,
            }
        }
        "1.2.840.10045.2.1" => {
            let (name, bits) = match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => ("P-256".to_string(), 256),
                Some("1.3.132.0.34") => ("P-384".to_string(), 384),
                Some("1.3.132.0.35") => ("P-521".to_string(), 521),
                Some(other) => (other.to_string(), 0),
                None => ("unknown curve".to_string(), 0),
            };
            KeyDesc {
                algorithm: "ECDSA".into(),
                bits: (bits > 0).then_some(bits),
                curve: Some(name),
                odd_exponent: None,
            }
        }
        "1.3.101.112" => KeyDesc {
            algorithm: "Ed25519".into(),
            bits: Some(256),
            curve: None,
            odd_exponent: None,
        },
        "1.3.101.113" => KeyDesc {
            algorithm: "Ed448".into(),
            bits: Some(456),
            curve: None,
            odd_exponent: None,
        },
        "1.2.840.10040.4.1" => KeyDesc {
            algorithm: "DSA".into(),
            bits: None,
            curve: None,
            odd_exponent: None,
        },
        other => KeyDesc {
            algorithm: other.to_string(),
            bits: None,
            curve: None,
            odd_exponent: None,
        },
    }
}

pub fn signature_name(oid: &str) -> &str {
    match oid {
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.10040.4.3" => "dsa-with-SHA1",
        other => other,
    }
}
