//! Key types, key generation and loading private keys from PEM or DER.

use std::fmt;

use rcgen::{KeyPair, PublicKeyData, RsaKeySize, SignatureAlgorithm};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::{PemObject, SectionKind};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Error;

/// The key algorithms tcerts generates. Ed25519 works for self-hosted clusters but is
/// refused by Temporal Cloud, which accepts only RSA and ECDSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum KeyType {
    #[value(name = "ecdsa-p256")]
    #[serde(rename = "ecdsa-p256")]
    EcdsaP256,
    #[value(name = "ecdsa-p384")]
    #[serde(rename = "ecdsa-p384")]
    EcdsaP384,
    #[value(name = "rsa-2048")]
    #[serde(rename = "rsa-2048")]
    Rsa2048,
    #[value(name = "rsa-3072")]
    #[serde(rename = "rsa-3072")]
    Rsa3072,
    #[value(name = "rsa-4096")]
    #[serde(rename = "rsa-4096")]
    Rsa4096,
    #[value(name = "ed25519")]
    #[serde(rename = "ed25519")]
    Ed25519,
}

impl KeyType {
    pub const ALL: [KeyType; 6] = [
        KeyType::EcdsaP256,
        KeyType::EcdsaP384,
        KeyType::Rsa2048,
        KeyType::Rsa3072,
        KeyType::Rsa4096,
        KeyType::Ed25519,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::EcdsaP256 => "ecdsa-p256",
            KeyType::EcdsaP384 => "ecdsa-p384",
            KeyType::Rsa2048 => "rsa-2048",
            KeyType::Rsa3072 => "rsa-3072",
            KeyType::Rsa4096 => "rsa-4096",
            KeyType::Ed25519 => "ed25519",
        }
    }

    pub fn is_rsa(self) -> bool {
        matches!(self, KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096)
    }

    /// RSA generation takes long enough (hundreds of ms for 4096 bits) to deserve a spinner.
    pub fn is_slow_to_generate(self) -> bool {
        matches!(self, KeyType::Rsa3072 | KeyType::Rsa4096)
    }

    /// The signature algorithm a key of this type signs with (SHA-256 or stronger, always).
    pub fn signature_algorithm(self) -> &'static SignatureAlgorithm {
        match self {
            KeyType::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyType::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => &rcgen::PKCS_RSA_SHA256,
            KeyType::Ed25519 => &rcgen::PKCS_ED25519,
        }
    }

    /// Generates a new key pair of this type from the system's secure random source.
    /// Whether tcerts can keep a CA key of this type in a PKCS#11 token.
    pub fn fits_a_token(self) -> bool {
        !matches!(self, KeyType::Ed25519)
    }

    pub fn generate(self) -> Result<KeyPair, Error> {
        let rsa = |size| KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, size);
        let result = match self {
            KeyType::Rsa2048 => rsa(RsaKeySize::_2048),
            KeyType::Rsa3072 => rsa(RsaKeySize::_3072),
            KeyType::Rsa4096 => rsa(RsaKeySize::_4096),
            // aws-lc writes Ed25519 keys as PKCS#8 v2 (with the public key), which OpenSSL
            // 3.0 (and so nginx on Debian 12) cannot read; v1 is read everywhere.
            KeyType::Ed25519 => aws_lc_rs::signature::Ed25519KeyPair::generate()
                .and_then(|k| k.to_pkcs8v1())
                .map_err(|_| rcgen::Error::KeyGenerationUnavailable)
                .and_then(|doc| KeyPair::try_from(doc.as_ref())),
            other => KeyPair::generate_for(other.signature_algorithm()),
        };
        result.map_err(|e| Error::KeyGeneration(self, e.to_string()))
    }

    /// The key type of an existing key pair, from its algorithm and (for RSA) modulus size.
    pub fn of(key: &impl PublicKeyData) -> Option<KeyType> {
        let alg = key.algorithm();
        if alg == &rcgen::PKCS_ECDSA_P256_SHA256 {
            Some(KeyType::EcdsaP256)
        } else if alg == &rcgen::PKCS_ECDSA_P384_SHA384 {
            Some(KeyType::EcdsaP384)
        } else if alg == &rcgen::PKCS_ED25519 {
            Some(KeyType::Ed25519)
        } else if alg == &rcgen::PKCS_RSA_SHA256
            || alg == &rcgen::PKCS_RSA_SHA384
            || alg == &rcgen::PKCS_RSA_SHA512
        {
            match rsa_modulus_bits(key.der_bytes()) {
                Some(2048) => Some(KeyType::Rsa2048),
                Some(3072) => Some(KeyType::Rsa3072),
                Some(4096) => Some(KeyType::Rsa4096),
                _ => None,
            }
        } else {
            None
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bits of an RSA modulus from a PKCS#1 RSAPublicKey (as rcgen's `der_bytes` gives it).
pub(crate) fn rsa_modulus_bits(rsa_public_key: &[u8]) -> Option<usize> {
    use x509_parser::der_parser::ber::BerObjectContent;
    use x509_parser::der_parser::der::parse_der;
    let (_, obj) = parse_der(rsa_public_key).ok()?;
    let BerObjectContent::Sequence(items) = obj.content else {
        return None;
    };
    let modulus = items.first()?.as_slice().ok()?;
    let significant = modulus.iter().skip_while(|b| **b == 0).count();
    let first = modulus.iter().find(|b| **b != 0)?;
    Some((significant - 1) * 8 + (8 - first.leading_zeros() as usize))
}

/// A private key read from a file, in any of the encodings real deployments contain
/// (PKCS#8, PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY"; PEM or DER).
pub fn parse_private_key(bytes: &[u8]) -> Result<KeyPair, Error> {
    let der: PrivateKeyDer<'static> = if looks_like_pem(bytes) {
        if contains_label(bytes, "ENCRYPTED PRIVATE KEY") {
            return Err(Error::EncryptedKey);
        }
        let mut found = None;
        for item in <(SectionKind, Vec<u8>)>::pem_slice_iter(bytes) {
            let (kind, data) = item.map_err(pem_error)?;
            let key = match kind {
                SectionKind::PrivateKey => PrivateKeyDer::Pkcs8(data.into()),
                SectionKind::RsaPrivateKey => PrivateKeyDer::Pkcs1(data.into()),
                SectionKind::EcPrivateKey => PrivateKeyDer::Sec1(data.into()),
                _ => continue,
            };
            found = Some(key);
            break;
        }
        match found {
            Some(key) => key,
            None if contains_label(bytes, "CERTIFICATE") => {
                return Err(Error::WrongPemType {
                    expected: "a private key",
                    found: "a certificate",
                });
            }
            None => return Err(Error::NoPemBlock("PRIVATE KEY")),
        }
    } else {
        PrivateKeyDer::try_from(bytes.to_vec()).map_err(|e| Error::KeyParse(e.to_string()))?
    };
    let pair = key_pair_of(&der).map_err(|e| Error::KeyParse(e.to_string()))?;
    Ok(pair)
}

/// The key pair in `der`, parsed once. rcgen's `KeyPair::try_from` tries each algorithm
/// in turn, and its first try (Ed25519) already parses an EC key in full, checking its
/// public point with a scalar multiplication before giving up: every P-256 key was parsed
/// twice, a P-384 key three times, an RSA key five. The algorithm is read from the PKCS#8
/// header instead, with the same signature algorithm rcgen would pick; other forms (SEC1,
/// PKCS#1) keep rcgen's search.
pub fn key_pair_of(der: &PrivateKeyDer<'_>) -> Result<KeyPair, rcgen::Error> {
    if let PrivateKeyDer::Pkcs8(pkcs8) = der
        && let Some(alg) = pkcs8_algorithm(pkcs8.secret_pkcs8_der())
    {
        return KeyPair::from_der_and_sign_algo(der, alg);
    }
    KeyPair::try_from(der)
}

/// The signature algorithm rcgen pairs with a PKCS#8 key's algorithm (and curve); None for
/// anything else, left to rcgen.
fn pkcs8_algorithm(der: &[u8]) -> Option<&'static rcgen::SignatureAlgorithm> {
    use der::Decode as _;
    use der::asn1::ObjectIdentifier as Oid;
    const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
    const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
    const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
    const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    let algorithm = info.algorithm;
    match algorithm.oid {
        ED25519 => Some(&rcgen::PKCS_ED25519),
        RSA => Some(&rcgen::PKCS_RSA_SHA256),
        EC_PUBLIC_KEY => match algorithm.parameters_oid().ok()? {
            P256 => Some(&rcgen::PKCS_ECDSA_P256_SHA256),
            P384 => Some(&rcgen::PKCS_ECDSA_P384_SHA384),
            P521 => Some(&rcgen::PKCS_ECDSA_P521_SHA512),
            _ => None,
        },
        _ => None,
    }
}

/// The key as unencrypted PKCS#8 PEM, the form the Temporal CLI and SDKs load.
pub fn pkcs8_pem(key: &KeyPair) -> Result<Zeroizing<String>, Error> {
    let der = Zeroizing::new(key.serialize_der());
    // Keys loaded from PKCS#1 or SEC1 keep their original DER in rcgen; re-wrap them.
    let pkcs8 = match PrivateKeyDer::try_from(der.as_slice()) {
        Ok(PrivateKeyDer::Pkcs8(_)) => der,
        _ => return Err(Error::KeyParse("the key is not in PKCS#8 form".into())),
    };
    Ok(Zeroizing::new(pem_encode("PRIVATE KEY", &pkcs8)))
}

/// PEM text with 64-column base64 lines and LF line endings.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    use base64_engine::encode;
    let b64 = encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 64);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

mod base64_engine {
    /// Standard base64 with padding (RFC 4648), as PEM uses.
    pub fn encode(data: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(data)
    }
}

pub(crate) fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// A PEM parse error in words: rustls-pki-types prints the markers as byte lists
/// ("missing section end marker: [67, 69, 82, …]"), which tells nobody anything.
pub(crate) fn pem_error(e: rustls_pki_types::pem::Error) -> Error {
    use rustls_pki_types::pem::Error as P;
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    Error::Pem(match e {
        P::MissingSectionEnd { end_marker } => format!(
            "no '-----END {}-----' line: the file is truncated or blocks were pasted together wrongly",
            text(&end_marker)
        ),
        P::IllegalSectionStart { line } => {
            let l = text(&line);
            let shown: String = l.chars().take(80).collect();
            format!("a malformed BEGIN line '{shown}'")
        }
        P::Base64Decode(why) => {
            // The decoder's Debug text, e.g. "InvalidCharacter(33)": name the character.
            let bad = why
                .strip_prefix("InvalidCharacter(")
                .and_then(|r| r.strip_suffix(')'))
                .and_then(|n| n.parse::<u8>().ok())
                .map(|b| format!(": the character {:?} is not base64", char::from(b)))
                .unwrap_or_default();
            format!("the text between BEGIN and END is not valid base64{bad}")
        }
        P::SectionTooLarge => "a PEM block larger than 256 MB".into(),
        other => other.to_string(),
    })
}

pub(crate) fn contains_label(bytes: &[u8], label: &str) -> bool {
    let needle = format!("-----BEGIN {label}-----");
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_type_generates_and_round_trips_through_pkcs8_pem() {
        for kt in [
            KeyType::EcdsaP256,
            KeyType::EcdsaP384,
            KeyType::Rsa2048,
            KeyType::Ed25519,
        ] {
            let key = kt.generate().expect("generate");
            assert_eq!(KeyType::of(&key), Some(kt));
            let pem = pkcs8_pem(&key).expect("pem");
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
            let back = parse_private_key(pem.as_bytes()).expect("parse");
            assert_eq!(back.public_key_raw(), key.public_key_raw());
        }
    }

    #[test]
    fn a_key_parsed_once_is_the_key_rcgen_finds_by_trying() {
        // Same algorithm (so CA keys sign as before) and same public key, for every type,
        // including P-521 (read, never generated); SEC1 and garbage go rcgen's way.
        let p521 = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
        let mut keys: Vec<KeyPair> = [
            KeyType::EcdsaP256,
            KeyType::EcdsaP384,
            KeyType::Rsa2048,
            KeyType::Ed25519,
        ]
        .into_iter()
        .map(|kt| kt.generate().unwrap())
        .collect();
        keys.push(p521);
        for key in keys {
            let der = PrivateKeyDer::Pkcs8(key.serialize_der().into());
            let ours = key_pair_of(&der).unwrap();
            let theirs = KeyPair::try_from(&der).unwrap();
            assert_eq!(ours.algorithm(), theirs.algorithm());
            assert_eq!(ours.public_key_raw(), theirs.public_key_raw());
            assert_eq!(ours.public_key_raw(), key.public_key_raw());
        }
        // The ECPrivateKey inside a P-256 PKCS#8 key, as SEC1.
        let p256 = KeyType::EcdsaP256.generate().unwrap().serialize_der();
        let inner = {
            use der::Decode as _;
            pkcs8::PrivateKeyInfoRef::from_der(&p256)
                .unwrap()
                .private_key
                .as_bytes()
                .to_vec()
        };
        let sec1 = PrivateKeyDer::Sec1(inner.into());
        assert_eq!(
            key_pair_of(&sec1).map(|k| k.public_key_raw().to_vec()).ok(),
            KeyPair::try_from(&sec1)
                .map(|k| k.public_key_raw().to_vec())
                .ok()
        );
        let garbage = PrivateKeyDer::Pkcs8(b"\x30\x03\x02\x01\x00".to_vec().into());
        assert!(key_pair_of(&garbage).is_err());
    }

    #[test]
    fn ed25519_keys_are_pkcs8_v1() {
        let key = KeyType::Ed25519.generate().unwrap();
        // version INTEGER 0, no [1] publicKey: 48 bytes in all.
        assert_eq!(key.serialize_der().len(), 48);
        assert_eq!(&key.serialize_der()[..5], &[0x30, 0x2e, 0x02, 0x01, 0x00]);
    }

    #[test]
    fn encrypted_and_certificate_pem_are_named() {
        let enc =
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert!(matches!(parse_private_key(enc), Err(Error::EncryptedKey)));
        let cert = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            parse_private_key(cert),
            Err(Error::WrongPemType { .. })
        ));
        assert!(parse_private_key(b"garbage").is_err());
        assert!(parse_private_key(b"").is_err());
    }
}
