//! Reading certificates: PEM or DER files into DER blobs, and the facts tcerts needs
//! from each certificate.

use std::net::IpAddr;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::{PemObject, SectionKind};
use time::OffsetDateTime;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::Error;
use super::key::{contains_label, looks_like_pem};

/// Every certificate in a PEM file (in order), or the one certificate of a DER file.
pub fn parse_certificates(bytes: &[u8]) -> Result<Vec<CertificateDer<'static>>, Error> {
    if !looks_like_pem(bytes) {
        if bytes.first() == Some(&0x30) {
            X509Certificate::from_der(bytes).map_err(|e| Error::CertParse(e.to_string()))?;
            return Ok(vec![CertificateDer::from(bytes.to_vec())]);
        }
        return Err(Error::NoPemBlock("CERTIFICATE"));
    }
    let mut certs = Vec::new();
    for item in <(SectionKind, Vec<u8>)>::pem_slice_iter(bytes) {
        let (kind, der) = item.map_err(super::key::pem_error)?;
        if kind == SectionKind::Certificate {
            certs.push(CertificateDer::from(der));
        }
    }
    if certs.is_empty() {
        if contains_label(bytes, "PRIVATE KEY") {
            return Err(Error::WrongPemType {
                expected: "a certificate",
                found: "a private key",
            });
        }
        return Err(Error::NoPemBlock("CERTIFICATE"));
    }
    Ok(certs)
}

/// The facts of one certificate that issuance and the store act on.
#[derive(Debug, Clone)]
pub struct CertInfo {
    pub der: CertificateDer<'static>,
    pub subject: String,
    pub issuer: String,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub common_name: Option<String>,
    pub serial_hex: String,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    /// None when the certificate has no KeyUsage extension.
    pub key_cert_sign: Option<bool>,
    /// The raw subjectPublicKey bits, compared against a private key's public half.
    pub public_key: Vec<u8>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    pub dns: Vec<String>,
    pub ips: Vec<IpAddr>,
    /// The extended key usages, as (serverAuth, clientAuth); None without the extension.
    pub tls_ekus: Option<(bool, bool)>,
    /// The subject's organizational unit (tcerts writes the Temporal namespace there).
    pub organizational_unit: Option<String>,
}

impl CertInfo {
    pub fn parse(der: &CertificateDer<'_>) -> Result<CertInfo, Error> {
        let (_, x) = X509Certificate::from_der(der).map_err(|e| Error::CertParse(e.to_string()))?;
        Self::of_parsed(der, &x)
    }

    /// From a certificate already parsed from `der` (by a caller that reads more of it):
    /// parsed once, not twice.
    pub fn of_parsed(der: &CertificateDer<'_>, x: &X509Certificate<'_>) -> Result<CertInfo, Error> {
        let bc = x
            .basic_constraints()
            .map_err(|e| Error::CertParse(e.to_string()))?
            .map(|e| e.value.clone());
        let ku = x
            .key_usage()
            .map_err(|e| Error::CertParse(e.to_string()))?
            .map(|e| e.value.key_cert_sign());
        let mut info = CertInfo {
            der: CertificateDer::from(der.to_vec()),
            subject: x.subject().to_string(),
            issuer: x.issuer().to_string(),
            subject_raw: x.subject().as_raw().to_vec(),
            issuer_raw: x.issuer().as_raw().to_vec(),
            common_name: x
                .subject()
                .iter_common_name()
                .next()
                .and_then(|cn| cn.as_str().ok())
                .map(str::to_string),
            serial_hex: hex(x.raw_serial()),
            not_before: x.validity().not_before.to_datetime(),
            not_after: x.validity().not_after.to_datetime(),
            is_ca: bc.as_ref().is_some_and(|b| b.ca),
            path_len: bc.and_then(|b| b.path_len_constraint),
            key_cert_sign: ku,
            public_key: x.public_key().subject_public_key.data.to_vec(),
            subject_key_id: None,
            authority_key_id: None,
            dns: Vec::new(),
            ips: Vec::new(),
            tls_ekus: None,
            organizational_unit: x
                .subject()
                .iter_organizational_unit()
                .next()
                .and_then(|ou| ou.as_str().ok())
                .map(str::to_string),
        };
        for ext in x.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => {
                    info.subject_key_id = Some(k.0.to_vec());
                }
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    info.authority_key_id = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                }
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    info.tls_ekus = Some((eku.server_auth, eku.client_auth));
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    for name in &san.general_names {
                        match name {
                            GeneralName::DNSName(d) => info.dns.push(d.to_string()),
                            GeneralName::IPAddress(b) => {
                                if let Some(ip) = ip_from_bytes(b) {
                                    info.ips.push(ip);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(info)
    }

    pub fn is_self_issued(&self) -> bool {
        self.subject_raw == self.issuer_raw
    }

    pub fn pem(&self) -> String {
        super::pem_encode("CERTIFICATE", &self.der)
    }

    /// Whole days until notAfter (negative once expired).
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after - now).whole_days()
    }
}

fn ip_from_bytes(b: &[u8]) -> Option<IpAddr> {
    match b.len() {
        4 => <[u8; 4]>::try_from(b).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(b).ok().map(IpAddr::from),
        _ => None,
    }
}

/// Lowercase hex of `bytes` (fingerprints, serials, recorded facts: `doctor` and `plan`
/// write tens of thousands, so without the formatting machinery).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Lowercase hex of `bytes`, a colon between bytes (key ids as openssl prints them).
pub(crate) fn hex_colons(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push_str(&hex(std::slice::from_ref(b)));
    }
    out
}

/// The bytes of hex text (either case); None for an odd length or anything not hex.
/// (`plan` decodes about 400 hex digits per certificate from the recorded facts.)
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    const INVALID: u8 = 0xff;
    const NIBBLES: [u8; 256] = {
        let mut t = [INVALID; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            t[b'A' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let pairs = text.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len() / 2);
    let mut invalid = 0u8;
    for p in pairs {
        let (hi, lo) = (NIBBLES[usize::from(p[0])], NIBBLES[usize::from(p[1])]);
        // Checked once at the end: a valid nibble never has the high bit set.
        invalid |= hi | lo;
        bytes.push(hi << 4 | lo);
    }
    (invalid & 0x80 == 0).then_some(bytes)
}

/// Lowercase hex SHA-256 of the DER, as tcerts prints fingerprints.
pub fn fingerprint_sha256(der: &[u8]) -> String {
    hex(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der).as_ref())
}

/// Lowercase hex SHA-1 of the DER, the form `tcld` lists CA certificates by.
pub fn fingerprint_sha1(der: &[u8]) -> String {
    hex(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, der).as_ref())
}

/// Whether `issuer`'s key made `child`'s signature (x509-parser with aws-lc-rs).
pub fn is_signed_by(child: &CertInfo, issuer: &CertInfo) -> bool {
    let (Ok((_, c)), Ok((_, i))) = (
        X509Certificate::from_der(&child.der),
        X509Certificate::from_der(&issuer.der),
    ) else {
        return false;
    };
    c.verify_signature(Some(i.public_key())).is_ok()
}

#[cfg(test)]
mod hex_tests {
    use super::{hex, hex_colons, unhex};

    #[test]
    fn hex_round_trips_and_unhex_refuses_what_is_not_hex() {
        let all: Vec<u8> = (0..=255).collect();
        let text = hex(&all);
        assert_eq!(text.len(), 512);
        assert!(text.starts_with("000102") && text.ends_with("fdfeff"));
        assert_eq!(unhex(&text), Some(all.clone()));
        assert_eq!(unhex(&text.to_uppercase()), Some(all));
        assert_eq!(unhex(""), Some(vec![]));
        assert_eq!(hex_colons(&[0x0a, 0xff, 0x00]), "0a:ff:00");
        assert_eq!(hex_colons(&[]), "");
        for bad in ["0", "abc", "0g", "zz", " 1", "é1", "1é", "0x00"] {
            assert_eq!(unhex(bad), None, "{bad}");
        }
    }
}
