//! Keys, CAs and the issuance profile of each Temporal role.

mod ca;
mod cert;
pub mod clock;
mod csr;
mod encrypted;
mod issue;
mod issuers;
mod key;
mod names;
mod role;
mod signer;
mod validity;

#[cfg(test)]
pub(crate) use ca::test_ca;
pub use ca::{
    CaKind, CaSpec, IssuingCa, NewCa, new_ca, new_ca_with_key, new_external_intermediate_csr,
    new_external_intermediate_csr_with_key, sub_cas_allowed,
};
pub use cert::{CertInfo, fingerprint_sha1, fingerprint_sha256, is_signed_by, parse_certificates};
pub(crate) use cert::{hex, hex_colons, unhex};
pub use clock::now;
pub use csr::SignedRequest;
pub use encrypted::{decrypt_pkcs8_pem, encrypt_pkcs8_pem, is_encrypted_pem};
pub use issue::{IssuedLeaf, LeafKey, LeafRequest, issue_leaf};
pub use issuers::{IssuerIndex, IssuerLookup, MAX_SIGNATURE_CHECKS};
pub use key::{KeyType, key_pair_of, parse_private_key, pem_encode, pkcs8_pem};
pub use names::{SubjectAltNames, public_suffix_wildcard_of, validate_name, validate_namespace};
pub use role::Role;
pub use signer::CaKey;
pub use validity::{
    DEFAULT_EXPIRY_WARNING, Renewal, Validity, clamp_to_issuer, parse_window, random_serial,
};

/// What can go wrong while building or reading certificates and keys.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not generate a {0} key: {1}")]
    KeyGeneration(KeyType, String),
    #[error(
        "the private key is encrypted; tcerts and the Temporal CLI need an unencrypted PKCS#8 key"
    )]
    EncryptedKey,
    #[error("expected {expected}, found {found}")]
    WrongPemType {
        expected: &'static str,
        found: &'static str,
    },
    #[error("no PEM block of type {0} found")]
    NoPemBlock(&'static str),
    #[error("malformed PEM: {0}")]
    Pem(String),
    #[error("not a readable private key: {0}")]
    KeyParse(String),
    #[error("not a readable certificate: {0}")]
    CertParse(String),
    #[error("not a readable certificate signing request: {0}")]
    CsrParse(String),
    #[error("the CSR's signature does not verify: it was altered or not made with its key")]
    CsrSignature,
    #[error("the CSR uses an unsupported key algorithm ({0})")]
    CsrKey(String),
    /// A key tcerts would not generate itself (see `csr::check_key`).
    #[error("the CSR's key is refused: {0}")]
    CsrKeyRefused(String),
    /// A signature algorithm below SHA-256, or one tcerts cannot verify.
    #[error("the CSR's signature algorithm is refused: {0}")]
    CsrSignatureAlgorithm(String),
    #[error("'{0}' is not a valid DNS name{1}")]
    InvalidDns(String, &'static str),
    #[error(
        "'{0}' is a wildcard over the public suffix '{1}': it would match every domain registered under it; name a domain you control (e.g. *.temporal.example.com)"
    )]
    WildcardPublicSuffix(String, String),
    #[error("'{0}' is not a valid IP address")]
    InvalidIp(String),
    #[error("invalid name '{0}': use letters, digits, '.', '_' and '-' (at most 64 characters)")]
    InvalidName(String),
    #[error("invalid namespace '{0}': {1}")]
    InvalidNamespace(String, &'static str),
    #[error("invalid duration '{0}': use a number and a unit, e.g. 12h, 90d, 2w, 1y")]
    InvalidDuration(String),
    #[error("duration '{0}' is out of range: it must be more than zero and at most 100 years")]
    DurationOutOfRange(String),
    #[error(
        "a {0} certificate needs at least one --dns or --ip name: Go refuses certificates that rely on the legacy Common Name field"
    )]
    ServerNeedsSan(Role),
    #[error("the private key does not match the certificate's public key")]
    KeyMismatch,
    #[error("the certificate is not a CA (basicConstraints CA:TRUE is missing)")]
    NotACa,
    #[error("the CA certificate's key usage does not allow signing certificates (keyCertSign)")]
    CaCannotSign,
    #[error("the issuing CA expired on {0}")]
    IssuerExpired(String),
    #[error("could not sign: {0}")]
    Sign(String),
}

/// A timestamp as RFC 3339 in UTC, the format tcerts prints and stores.
pub fn format_time(t: time::OffsetDateTime) -> String {
    Rfc3339(t).to_string()
}

/// A timestamp shown as [`format_time`] shows it, without building a string first
/// (`list --json` writes 30,000 of them as it serializes).
#[derive(Debug, Clone, Copy)]
pub struct Rfc3339(pub time::OffsetDateTime);

impl Rfc3339 {
    /// The text for years 0 to 9999 (every certificate time X.509 can hold), written
    /// directly: the generic formatter costs several times more.
    pub fn fixed(&self) -> Option<[u8; 20]> {
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        let (year, month, day) = utc.to_calendar_date();
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        let (hour, minute, second) = utc.to_hms();
        let mut text = *b"0000-00-00T00:00:00Z";
        let two = |buf: &mut [u8], at: usize, v: u8| {
            buf[at] = b'0' + v / 10;
            buf[at + 1] = b'0' + v % 10;
        };
        two(&mut text, 0, u8::try_from(year / 100).unwrap_or(0));
        two(&mut text, 2, u8::try_from(year % 100).unwrap_or(0));
        two(&mut text, 5, u8::from(month));
        two(&mut text, 8, day);
        two(&mut text, 11, hour);
        two(&mut text, 14, minute);
        two(&mut text, 17, second);
        Some(text)
    }
}

impl std::fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(text) = self.fixed() {
            return f.write_str(std::str::from_utf8(&text).unwrap_or_default());
        }
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        match utc
            .replace_nanosecond(0)
            .unwrap_or(utc)
            .format(&time::format_description::well_known::Rfc3339)
        {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl serde::Serialize for Rfc3339 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod format_time_tests {
    use time::macros::datetime;

    /// The direct formatting writes what the RFC 3339 formatter writes.
    #[test]
    fn format_time_is_rfc3339_in_seconds() {
        use time::format_description::well_known::Rfc3339;
        for t in [
            datetime!(2026-01-02 03:04:05.999 UTC),
            datetime!(1970-01-01 0:00 UTC),
            datetime!(2049-12-31 23:59:59 UTC),
            datetime!(2030-06-01 12:00 +02:00),
        ] {
            let utc = t
                .to_offset(time::UtcOffset::UTC)
                .replace_nanosecond(0)
                .unwrap();
            assert_eq!(super::format_time(t), utc.format(&Rfc3339).unwrap());
            assert_eq!(
                serde_json::to_string(&super::Rfc3339(t)).unwrap(),
                format!("\"{}\"", super::format_time(t))
            );
        }
    }
}
