//! Certificate signing requests: the workload keeps its key and sends only a CSR.

use rcgen::SubjectPublicKeyInfo;
use rustls_pki_types::pem::{PemObject, SectionKind};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::x509::SubjectPublicKeyInfo as Spki;

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
        let info = &csr.certification_request_info;
        // The key and the signature algorithm first: an unsupported one gets its real
        // reason, not "the signature does not verify".
        check_key(&info.subject_pki)?;
        check_signature_algorithm(&csr.signature_algorithm)?;
        csr.verify_signature().map_err(|e| match e {
            X509Error::SignatureUnsupportedAlgorithm => Error::CsrSignatureAlgorithm(format!(
                "{} with this key cannot be verified by tcerts; sign the CSR with SHA-256 (openssl req -sha256)",
                signature_name(&csr.signature_algorithm.algorithm.to_id_string())
            )),
            _ => Error::CsrSignature,
        })?;
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

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const ED25519: &str = "1.3.101.112";

/// The smallest and largest RSA moduli accepted: tcerts generates 2048 to 4096 bits;
/// above 8192 bits the verifiers Temporal's peers use (Go, rustls, aws-lc) give up.
const RSA_MIN_BITS: usize = 2048;
const RSA_MAX_BITS: usize = 8192;

/// Refuses a requested key weaker than, or different from, what tcerts itself generates:
/// RSA (rsaEncryption) of 2048 to 8192 bits with exponent 65537, ECDSA on the named curves
/// P-256 or P-384, or Ed25519.
pub fn check_key(spki: &Spki<'_>) -> Result<(), Error> {
    let refuse = |why: String| Err(Error::CsrKeyRefused(why));
    let alg = spki.algorithm.algorithm.to_id_string();
    match alg.as_str() {
        RSA_ENCRYPTION => {
            let Ok(x509_parser::public_key::PublicKey::RSA(rsa)) = spki.parsed() else {
                return refuse("the RSA public key cannot be read".into());
            };
            let bits = bit_length(rsa.modulus);
            let exponent = strip_zeros(rsa.exponent);
            if bits < RSA_MIN_BITS {
                return refuse(format!(
                    "RSA key of {bits} bits; tcerts accepts RSA keys of {RSA_MIN_BITS} bits or more (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072)"
                ));
            }
            if bits > RSA_MAX_BITS {
                return refuse(format!(
                    "RSA key of {bits} bits; tcerts accepts RSA keys of at most {RSA_MAX_BITS} bits"
                ));
            }
            if exponent != [0x01, 0x00, 0x01] {
                return refuse(format!(
                    "RSA public exponent {}; tcerts accepts only 65537 (small exponents such as 3 are a known weakness; openssl's default is 65537)",
                    exponent_text(exponent)
                ));
            }
            Ok(())
        }
        EC_PUBLIC_KEY => {
            // A named curve is an OID; explicit parameters are a SEQUENCE.
            let curve = spki.algorithm.parameters.as_ref().map(|p| {
                if p.tag() == x509_parser::der_parser::asn1_rs::Tag::Oid {
                    p.as_oid().map_err(|_| ())
                } else {
                    Err(())
                }
            });
            match curve {
                Some(Ok(oid)) => match oid.to_id_string().as_str() {
                    "1.2.840.10045.3.1.7" | "1.3.132.0.34" => Ok(()),
                    other => refuse(format!(
                        "EC curve {}; tcerts accepts P-256 and P-384 (and Ed25519), the curves it generates",
                        curve_name(other)
                    )),
                },
                Some(Err(())) => refuse(
                    "the EC key spells out its curve parameters (explicit parameters) instead of naming P-256 or P-384; \
                     make the key with a named curve (openssl: -pkeyopt ec_param_enc:named_curve)"
                        .into(),
                ),
                None => refuse("the EC key does not name its curve".into()),
            }
        }
        ED25519 => Ok(()),
        RSASSA_PSS => refuse(
            "RSA-PSS key (id-RSASSA-PSS); Go's crypto/x509 cannot read such keys in certificates; \
             make an ordinary RSA key (openssl genpkey -algorithm RSA)"
                .into(),
        ),
        other => refuse(format!(
            "{} key; tcerts accepts RSA (2048+ bits), ECDSA P-256/P-384 and Ed25519",
            key_name(other)
        )),
    }
}

/// Refuses a CSR signature below SHA-256. The signature is only the requester's proof
/// that it holds the key, but SHA-1 and MD5 are refused everywhere tcerts signs or
/// verifies, and a CSR is no exception: one rule, no weak hashes.
///
/// RSASSA-PSS is verified only with SHA-256/384/512 and a salt as long as the hash, what
/// the verifiers support (OpenSSL's default salt is longer: `-sigopt rsa_pss_saltlen:digest`).
pub fn check_signature_algorithm(
    alg: &x509_parser::x509::AlgorithmIdentifier<'_>,
) -> Result<(), Error> {
    let id = alg.algorithm.to_id_string();
    if id == RSASSA_PSS {
        return check_pss_parameters(alg);
    }
    match id.as_str() {
        "1.2.840.113549.1.1.4"
        | "1.2.840.113549.1.1.2"
        | "1.2.840.113549.1.1.5"
        | "1.3.14.3.2.29"
        | "1.2.840.10045.4.1"
        | "1.2.840.10040.4.3"
        | "1.2.840.113549.1.1.14"
        | "1.2.840.10045.4.3.1" => Err(Error::CsrSignatureAlgorithm(format!(
            "{}; tcerts accepts SHA-256 or stronger (openssl req -sha256)",
            signature_name(&id)
        ))),
        _ => Ok(()),
    }
}

fn check_pss_parameters(alg: &x509_parser::x509::AlgorithmIdentifier<'_>) -> Result<(), Error> {
    use x509_parser::signature_algorithm::RsaSsaPssParams;
    let refuse = |why: String| Err(Error::CsrSignatureAlgorithm(format!("RSASSA-PSS {why}")));
    let Some(params) = alg
        .parameters
        .as_ref()
        .and_then(|p| RsaSsaPssParams::try_from(p).ok())
    else {
        return refuse("without readable parameters".into());
    };
    let hash_bytes = match params.hash_algorithm_oid().to_id_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => 32,
        "2.16.840.1.101.3.4.2.2" => 48,
        "2.16.840.1.101.3.4.2.3" => 64,
        "1.3.14.3.2.26" => {
            return refuse(
                "with SHA-1; tcerts accepts SHA-256 or stronger (openssl req -sha256)".into(),
            );
        }
        other => return refuse(format!("with hash {other}; use SHA-256")),
    };
    let salt = params.salt_length();
    if salt != hash_bytes {
        return refuse(format!(
            "with a {salt}-byte salt; tcerts verifies RSASSA-PSS only with a salt as long as the hash ({hash_bytes} bytes: openssl -sigopt rsa_pss_saltlen:digest), or PKCS#1 v1.5 signatures (openssl's default)"
        ));
    }
    Ok(())
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[first..]
}

fn bit_length(b: &[u8]) -> usize {
    match strip_zeros(b) {
        [] => 0,
        [first, rest @ ..] => rest.len() * 8 + (8 - first.leading_zeros() as usize),
    }
}

fn exponent_text(e: &[u8]) -> String {
    if e.len() <= 8 {
        e.iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
            .to_string()
    } else {
        format!("of {} bits", bit_length(e))
    }
}

fn curve_name(oid: &str) -> String {
    match oid {
        "1.3.132.0.35" => "P-521".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "1.3.132.0.33" => "P-224".into(),
        "1.2.840.10045.3.1.1" => "P-192".into(),
        o if o.starts_with("1.3.36.3.3.2.8.1.1.") => format!("brainpool ({o})"),
        o => format!("with OID {o}"),
    }
}

fn key_name(oid: &str) -> String {
    match oid {
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" | "1.3.101.111" => "X25519/X448 (key agreement only)".into(),
        o => format!("unknown algorithm ({o})"),
    }
}

fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.2" => "MD2 with RSA".into(),
        "1.2.840.113549.1.1.4" => "MD5 with RSA".into(),
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => "SHA-1 with RSA".into(),
        "1.2.840.10045.4.1" => "ECDSA with SHA-1".into(),
        "1.2.840.10040.4.3" => "DSA with SHA-1".into(),
        "1.2.840.113549.1.1.14" => "SHA-224 with RSA".into(),
        "1.2.840.10045.4.3.1" => "ECDSA with SHA-224".into(),
        "1.2.840.10045.4.3.4" => "ECDSA with SHA-512".into(),
        "1.2.840.113549.1.1.10" => "RSASSA-PSS".into(),
        o => format!("signature algorithm {o}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_sizes_and_exponents() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01, 0x00]), 9);
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(exponent_text(&[0x03]), "3");
        assert_eq!(exponent_text(&[0x00, 0x01, 0x00, 0x01]), "65537");
        assert_eq!(strip_zeros(&[0, 1, 0, 1]), [1, 0, 1]);
    }
}
