//! Certificate signing requests: the workload keeps its key and sends only a CSR.

use rcgen::SubjectPublicKeyInfo;
use rustls_pki_types::pem::{PemObject, SectionKind};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;

use super::Error;
use super::key::{KeyType, looks_like_pem};

/// A CSR whose signature has been verified: proof that the requester holds the key.
/// Only its public key (and, as defaults, its CN and DNS names) is used; the extensions
/// it asks for are ignored in favour of the role's profile.
#[derive(Debug)]
pub struct SignedRequest {
    pub public_key: SubjectPublicKeyInfo,
    pub key_type: Option<KeyType>,
    pub common_name: Option<String>,
    pub dns: Vec<String>,
}

impl SignedRequest {
    /// Parses a PEM ("CERTIFICATE REQUEST") or DER CSR and verifies its signature.
    pub fn parse(bytes: &[u8]) -> Result<SignedRequest, Error> {
        let der = if looks_like_pem(bytes) {
            let mut found = None;
            for item in <(SectionKind, Vec<u8>)>::pem_slice_iter(bytes) {
                let (kind, data) = item.map_err(super::key::pem_error)?;
                if kind == SectionKind::Csr {
                    found = Some(data);
                    break;
                }
            }
            found.ok_or(Error::NoPemBlock("CERTIFICATE REQUEST"))?
        } else {
            bytes.to_vec()
        };
        let (_, csr) =
            X509CertificationRequest::from_der(&der).map_err(|e| Error::CsrParse(e.to_string()))?;
        csr.verify_signature().map_err(|_| Error::CsrSignature)?;
        let info = &csr.certification_request_info;
        let public_key = SubjectPublicKeyInfo::from_der(info.subject_pki.raw)
            .map_err(|_| Error::CsrKey(info.subject_pki.algorithm.algorithm.to_id_string()))?;
        let key_type = KeyType::of(&public_key);
        let common_name = info
            .subject
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_string);
        let mut dns = Vec::new();
        if let Some(exts) = csr.requested_extensions() {
            for ext in exts {
                if let ParsedExtension::SubjectAlternativeName(san) = ext {
                    for name in &san.general_names {
                        if let GeneralName::DNSName(d) = name {
                            dns.push(d.to_string());
                        }
                    }
                }
            }
        }
        Ok(SignedRequest {
            public_key,
            key_type,
            common_name,
            dns,
        })
    }
}
