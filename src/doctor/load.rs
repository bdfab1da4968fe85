//! Reading what real certificate and key files contain, tolerantly: CRLF line endings, a
//! UTF-8 BOM, text before and between PEM blocks, `EC PARAMETERS` blocks, PKCS#8, PKCS#1
//! and SEC1 keys, DER. Everything unusual becomes a finding instead of an error, so that
//! doctor reports every problem of a file in one run.

use base64::Engine;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use x509_parser::prelude::{FromDer, X509Certificate};
use zeroize::Zeroizing;

use super::{Finding, Severity};

/// One item of a file.
pub enum Item {
    Cert(CertificateDer<'static>),
    Key(PrivateKeyDer<'static>),
    /// An `ENCRYPTED PRIVATE KEY` or a legacy `Proc-Type: 4,ENCRYPTED` key.
    EncryptedKey,
    /// A block tcerts does not read (CSR, public key, …), with its label.
    Other(String),
}

/// What one file holds, plus what was odd about it.
pub struct Loaded {
    /// The name findings use for the file.
    pub name: String,
    pub items: Vec<Item>,
    pub findings: Vec<Finding>,
    /// Bytes of PEM text (what Temporal Cloud counts against its 32 KB limit).
    pub pem_len: usize,
    pub is_pem: bool,
}

impl Loaded {
    pub fn certs(&self) -> Vec<CertificateDer<'static>> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Cert(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn keys(&self) -> impl Iterator<Item = &PrivateKeyDer<'static>> {
        self.items.iter().filter_map(|i| match i {
            Item::Key(k) => Some(k),
            _ => None,
        })
    }

    pub fn has_encrypted_key(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::EncryptedKey))
    }

    fn finding(&mut self, code: &'static str, severity: Severity, message: String, fix: &str) {
        self.findings.push(Finding::new(
            code,
            severity,
            self.name.clone(),
            message,
            fix,
        ));
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads every item of a file's bytes. Never fails: problems become findings.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Loaded {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut out = Loaded {
        name: name.to_string(),
        items: Vec::new(),
        findings: Vec::new(),
        pem_len: 0,
        is_pem: false,
    };
    if find(bytes, b"-----BEGIN ").is_some() {
        out.is_pem = true;
        read_pem(bytes, &mut out);
    } else {
        read_der(bytes, &mut out);
    }
    out
}

fn read_der(bytes: &[u8], out: &mut Loaded) {
    let is_blank = bytes.iter().all(u8::is_ascii_whitespace);
    if is_blank {
        out.finding(
            "not-pem",
            Severity::Error,
            "the file is empty".into(),
            "point the setting at the PEM file itself",
        );
        return;
    }
    if bytes.first() == Some(&0x30) {
        if let Ok((rest, _)) = X509Certificate::from_der(bytes) {
            out.items.push(Item::Cert(CertificateDer::from(
                bytes[..bytes.len() - rest.len()].to_vec(),
            )));
            out.finding("not-pem", Severity::Info, "a DER certificate, not PEM: tcerts reads it, but Temporal's certFile, clientCaFiles and the CLI's --tls-* paths need PEM".into(),
                "convert it: openssl x509 -inform der -in FILE -out FILE.pem");
            return;
        }
        if let Ok(key) = PrivateKeyDer::try_from(bytes.to_vec()) {
            out.items.push(Item::Key(key));
            out.finding("not-pem", Severity::Info, "a DER private key, not PEM: Temporal's keyFile and the CLI's --tls-key-path need PEM".into(),
                "convert it: openssl pkey -inform der -in FILE -out FILE.pem");
            return;
        }
    }
    out.finding(
        "not-pem",
        Severity::Error,
        "neither PEM (no -----BEGIN line) nor a DER certificate or key".into(),
        "check that the path names the certificate or key file, not another file",
    );
}

fn read_pem(bytes: &[u8], out: &mut Loaded) {
    let mut pos = 0;
    let mut block = 0;
    while let Some(start) = find(&bytes[pos..], b"-----BEGIN ").map(|i| i + pos) {
        block += 1;
        let label_start = start + b"-----BEGIN ".len();
        let Some(label_end) = find(&bytes[label_start..], b"-----").map(|i| i + label_start) else {
            out.finding(
                "pem-malformed",
                Severity::Error,
                format!("PEM block {block}: the BEGIN line is not closed by -----"),
                "re-export the file",
            );
            return;
        };
        let label = String::from_utf8_lossy(&bytes[label_start..label_end]).into_owned();
        let body_start = label_end + 5;
        let end_marker = format!("-----END {label}-----");
        let Some(end) = find(&bytes[body_start..], end_marker.as_bytes()).map(|i| i + body_start)
        else {
            out.finding(
                "pem-malformed",
                Severity::Error,
                format!("PEM block {block} ({label}) has no matching '{end_marker}' line: the file is truncated or blocks were pasted together wrongly"),
                "re-export the file, or restore the missing END line",
            );
            return;
        };
        pos = end + end_marker.len();
        out.pem_len = pos;
        let Some((der, encrypted_header)) =
            decode_block(&bytes[body_start..end], block, &label, out)
        else {
            continue;
        };
        push_item(der, encrypted_header, block, &label, out);
    }
}

/// The DER of one PEM block's body and whether its headers say it is encrypted; None (with
/// a finding) when the body is empty or not base64.
fn decode_block(
    body: &[u8],
    block: usize,
    label: &str,
    out: &mut Loaded,
) -> Option<(Vec<u8>, bool)> {
    let mut encrypted_header = false;
    let mut b64 = Zeroizing::new(Vec::with_capacity(body.len()));
    for line in body.split(|b| *b == b'\n') {
        if line.contains(&b':') {
            if find(line, b"ENCRYPTED").is_some() {
                encrypted_header = true;
            }
            continue;
        }
        b64.extend(line.iter().filter(|b| !b.is_ascii_whitespace()));
    }
    match base64::engine::general_purpose::STANDARD.decode(&*b64) {
        Ok(d) if !d.is_empty() => Some((d, encrypted_header)),
        Ok(_) => {
            out.finding(
                "pem-malformed",
                Severity::Error,
                format!("PEM block {block} ({label}) is empty"),
                "re-export the file",
            );
            None
        }
        Err(e) => {
            out.finding(
                "pem-malformed",
                Severity::Error,
                format!("PEM block {block} ({label}): invalid base64 ({e})"),
                "re-export the file; a copy through e-mail or a chat tool may have altered it",
            );
            None
        }
    }
}

/// One decoded PEM block as what its label says it is.
fn push_item(der: Vec<u8>, encrypted_header: bool, block: usize, label: &str, out: &mut Loaded) {
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            // The shape of a certificate only: it is parsed once, where it is described
            // (a whole-PKI doctor reads 10,000 of them), and a block that has the shape
            // but does not parse is reported there, with the same code.
            match super::signatures::certificate_len(&der) {
                Some(len) => {
                    let mut der = der;
                    der.truncate(len);
                    out.items.push(Item::Cert(CertificateDer::from(der)));
                }
                None => out.finding(
                    "pem-malformed",
                    Severity::Error,
                    format!(
                        "PEM block {block} ({label}) is not a valid X.509 certificate: not a \
                         DER SEQUENCE of tbsCertificate, signatureAlgorithm and signature"
                    ),
                    "re-export the certificate",
                ),
            }
        }
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" if encrypted_header => {
            out.items.push(Item::EncryptedKey);
        }
        "PRIVATE KEY" => out.items.push(Item::Key(PrivateKeyDer::Pkcs8(der.into()))),
        "RSA PRIVATE KEY" => out.items.push(Item::Key(PrivateKeyDer::Pkcs1(der.into()))),
        "EC PRIVATE KEY" => out.items.push(Item::Key(PrivateKeyDer::Sec1(der.into()))),
        "ENCRYPTED PRIVATE KEY" => out.items.push(Item::EncryptedKey),
        // openssl ecparam -genkey writes the curve before the key: harmless.
        "EC PARAMETERS" => {}
        other => out.items.push(Item::Other(other.to_string())),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_leading_text_are_tolerated() {
        let key = crate::pki::KeyType::EcdsaP256.generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["a.example".to_string()]).unwrap();
        let cert = params.self_signed(&key).unwrap();
        let pem = cert.pem().replace('\n', "\r\n");
        let text = format!("\u{feff}subject=CN = a\r\nissuer=CN = a\r\n{pem}");
        let l = load_bytes("x.pem", text.as_bytes());
        assert_eq!(l.certs().len(), 1);
        assert!(l.findings.is_empty(), "{:?}", l.findings);
    }

    #[test]
    fn truncated_and_garbage_are_findings() {
        let l = load_bytes("x", b"-----BEGIN CERTIFICATE-----\nAAAA\n");
        assert_eq!(l.findings[0].code, "pem-malformed");
        let l = load_bytes("x", b"hello");
        assert_eq!(l.findings[0].code, "not-pem");
        let l = load_bytes(
            "x",
            b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        );
        assert_eq!(l.findings[0].code, "pem-malformed");
    }

    /// A block is kept when it has a certificate's shape (its length found, what follows
    /// dropped) and refused otherwise; one with the shape that does not parse is left to
    /// the description, which reports it with the same code.
    #[test]
    fn a_certificate_is_kept_by_its_shape_and_cut_at_its_end() {
        use crate::doctor::signatures::certificate_len;
        let key = crate::pki::KeyType::EcdsaP256.generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["a.example".to_string()]).unwrap();
        let der = params.self_signed(&key).unwrap().der().to_vec();
        assert_eq!(certificate_len(&der), Some(der.len()));
        let mut longer = der.clone();
        longer.extend_from_slice(b"\x05\x00trailing");
        assert_eq!(certificate_len(&longer), Some(der.len()));
        for cut in [1, 2, 10, der.len() / 2, der.len() - 1] {
            assert_eq!(certificate_len(&der[..cut]), None, "cut at {cut}");
        }
        assert_eq!(certificate_len(&[0x31, 0x00]), None, "a SET");
        assert_eq!(certificate_len(&[0x30, 0x00]), None, "empty");
        // The shape, but no certificate inside: kept here, reported when described.
        let hollow = [
            0x30, 0x09, 0x30, 0x00, 0x30, 0x00, 0x03, 0x03, 0x00, 0x01, 0x02,
        ];
        assert_eq!(certificate_len(&hollow), Some(hollow.len()));
        let pem = pem_of(&hollow);
        let loaded = load_bytes("hollow.pem", pem.as_bytes());
        assert!(loaded.findings.is_empty(), "{:?}", loaded.findings);
        let mut report = crate::doctor::Report::default();
        assert!(crate::doctor::files::certs_of_cached(&loaded, &mut report).is_empty());
        let codes: Vec<&str> = report.findings().map(|f| f.code).collect();
        assert_eq!(codes, ["pem-malformed"]);
    }

    fn pem_of(der: &[u8]) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN CERTIFICATE-----\n{b64}\n-----END CERTIFICATE-----\n")
    }
}
