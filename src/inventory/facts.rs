//! What `plan` compares with a declaration, recorded with the certificate's inventory
//! entry: read once from `cert.pem`, `key.pem` and `ca.pem`, and used again while none of
//! the three files has changed (judged by their stamps, as the inventory judges
//! `cert.pem`). A plan over 10,000 certificates then stats 30,000 files instead of
//! reading them and parsing 10,000 private keys (issue #11).

use std::net::IpAddr;
use std::path::Path;

use rcgen::PublicKeyData;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::FileStamp;
use crate::pki::{CertInfo, KeyType};

/// What the key file showed when it was checked against the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyState {
    /// Missing or unreadable.
    Missing,
    /// Not the certificate's key.
    Mismatch,
    /// The certificate's key, of this type (None: a type tcerts does not generate).
    Matches(Option<KeyType>),
}

/// The facts of one certificate set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetFacts {
    pub cert: FileStamp,
    pub key_file: Option<FileStamp>,
    pub key: KeyState,
    pub trust_file: Option<FileStamp>,
    /// SHA-256 of `ca.pem` (hex); None when it could not be read.
    pub trust_sha256: Option<String>,
    pub serial_hex: String,
    #[serde(with = "super::rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "super::rfc3339")]
    pub not_after: OffsetDateTime,
    pub dns: Vec<String>,
    pub ips: Vec<IpAddr>,
    pub tls_ekus: Option<(bool, bool)>,
    pub organizational_unit: Option<String>,
    /// Hex of the issuer name's DER, of the authority key id, of the public key.
    pub issuer_raw: String,
    pub authority_key_id: Option<String>,
    pub public_key: String,
}

use crate::pki::{hex, unhex};

impl SetFacts {
    /// As recorded in the inventory (postcard: about half the size of JSON, decoded in a
    /// fraction of its time; `plan` decodes 10,000).
    pub fn encode(&self) -> Option<Vec<u8>> {
        postcard::to_allocvec(self).ok()
    }

    /// What [`SetFacts::encode`] wrote; None for anything else (the facts are then read
    /// from the files again).
    pub fn decode(bytes: &[u8]) -> Option<SetFacts> {
        postcard::from_bytes(bytes).ok()
    }
}

/// SHA-256 of `bytes`, hex (all 256 bits: `ca.pem` is compared by it).
pub fn sha256_full(bytes: &[u8]) -> String {
    hex(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes).as_ref())
}

impl KeyState {
    /// What a key file held (None: missing or unreadable), judged against the
    /// certificate's public key.
    pub fn of_key(key: Option<&rcgen::KeyPair>, public_key: &[u8]) -> KeyState {
        match key {
            None => KeyState::Missing,
            Some(k) if k.der_bytes() != public_key => KeyState::Mismatch,
            Some(k) => KeyState::Matches(KeyType::of(k)),
        }
    }
}

impl SetFacts {
    /// Reads the key and the trusted roots of the set whose `cert.pem` (`info`, `stamp`)
    /// was just read.
    pub fn read(dir: &Path, info: &CertInfo, stamp: FileStamp) -> SetFacts {
        // The key is read once, as key files are (zeroized when dropped), and parsed from
        // the bytes its stamp was taken from.
        let (key_file, key) = match super::stamped(&dir.join(crate::store::KEY_FILE), |p| {
            crate::store::read_pki_file(p)
        }) {
            Err(_) => (None, KeyState::Missing),
            Ok((st, bytes)) => {
                let parsed = crate::pki::parse_private_key(&bytes).ok();
                (
                    Some(st),
                    KeyState::of_key(parsed.as_ref(), &info.public_key),
                )
            }
        };
        let (trust_file, trust_sha256) = match super::stamped(
            &dir.join(crate::store::TRUST_FILE),
            crate::store::read_input,
        ) {
            Ok((st, bytes)) => (Some(st), Some(sha256_full(&bytes))),
            Err(_) => (None, None),
        };
        SetFacts {
            cert: stamp,
            key_file,
            key,
            trust_file,
            trust_sha256,
            serial_hex: info.serial_hex.clone(),
            not_before: info.not_before,
            not_after: info.not_after,
            dns: info.dns.clone(),
            ips: info.ips.clone(),
            tls_ekus: info.tls_ekus,
            organizational_unit: info.organizational_unit.clone(),
            issuer_raw: hex(&info.issuer_raw),
            authority_key_id: info.authority_key_id.as_deref().map(hex),
            public_key: hex(&info.public_key),
        }
    }

    /// Whether the three files of the set in `dir` (relative to the open directory `base`)
    /// still hold what was recorded.
    pub fn still_current(&self, base: &std::fs::File, base_path: &Path, dir: &Path) -> bool {
        let same = |name: &str, st: &Option<FileStamp>| match st {
            Some(st) => super::still_matches_at(base, base_path, &dir.join(name), st),
            None => false,
        };
        super::still_matches_at(
            base,
            base_path,
            &dir.join(crate::store::CERT_FILE),
            &self.cert,
        ) && same(crate::store::KEY_FILE, &self.key_file)
            && same(crate::store::TRUST_FILE, &self.trust_file)
    }

    /// Whether any of the three stamps is racy (see [`FileStamp::is_racy`]).
    pub fn is_racy(&self) -> bool {
        self.cert.is_racy()
            || self.key_file.as_ref().is_some_and(FileStamp::is_racy)
            || self.trust_file.as_ref().is_some_and(FileStamp::is_racy)
    }

    /// Whether a stamp is racy but would not be if taken now: a rebuild of the inventory
    /// then saves every later plan from hashing the file again.
    pub fn worth_restamping(&self, now_ns: i128) -> bool {
        [
            Some(&self.cert),
            self.key_file.as_ref(),
            self.trust_file.as_ref(),
        ]
        .into_iter()
        .flatten()
        .any(|st| st.is_racy() && st.settled_by(now_ns))
    }

    /// The certificate as plan reads it, from the facts.
    pub fn cert_info(&self) -> Option<CertInfo> {
        Some(CertInfo {
            der: rustls_pki_types::CertificateDer::from(Vec::new()),
            subject: String::new(),
            issuer: String::new(),
            subject_raw: Vec::new(),
            issuer_raw: unhex(&self.issuer_raw)?,
            common_name: None,
            serial_hex: self.serial_hex.clone(),
            not_before: self.not_before,
            not_after: self.not_after,
            is_ca: false,
            path_len: None,
            key_cert_sign: None,
            public_key: unhex(&self.public_key)?,
            subject_key_id: None,
            authority_key_id: match &self.authority_key_id {
                Some(a) => Some(unhex(a)?),
                None => None,
            },
            dns: self.dns.clone(),
            ips: self.ips.clone(),
            tls_ekus: self.tls_ekus,
            organizational_unit: self.organizational_unit.clone(),
        })
    }
}
