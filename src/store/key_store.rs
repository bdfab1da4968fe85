//! Where each CA key lives: `key.pem` beside the CA certificate, or a PKCS#11 token
//! recorded in tcerts.toml:
//!
//! ```toml
//! [key_store]            # CAs created from now on get their keys here
//! uri = "pkcs11:token=tcerts"
//!
//! [[ca_key]]             # one per CA whose key is in a token (no PIN anywhere)
//! ca = "O=Acme, CN=Acme Temporal Issuing CA G1"
//! public_key_sha256 = "…"
//! uri = "pkcs11:token=tcerts;object=tcerts-intermediate-g1-1a2b3c4d;id=%1a%2b…;type=private"
//! ```
//!
//! A CA's key is found by its certificate's public key, so a rotated-out CA moved to
//! `ca/previous/` keeps finding its key.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml_edit::{Item, Table, value};
use zeroize::Zeroizing;

use super::config::{array_of_tables, parse_doc};
use super::{Config, Error, Store, ca_key_pem};
use crate::custody::{self, Pkcs11Uri, Token};
use crate::pki::{self, CaKey, CaKind, CertInfo, KeyType};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KeyStoreConfig {
    /// A PKCS#11 URI naming the token (and optionally `?pin-source=file:PATH`).
    pub uri: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CaKeyConfig {
    /// The CA's subject, for people reading the file.
    pub ca: String,
    /// SHA-256 of the CA certificate's subjectPublicKey: what tcerts finds the key by.
    pub public_key_sha256: String,
    /// The key's PKCS#11 URI (token, object label, id; never a PIN).
    pub uri: String,
}

/// The record of a CA whose key is in a token.
pub fn ca_key_record(ca: &str, key: &CaKey) -> Option<CaKeyConfig> {
    let token = key.as_token()?;
    Some(CaKeyConfig {
        ca: ca.to_string(),
        public_key_sha256: pki::fingerprint_sha256(rcgen::PublicKeyData::der_bytes(key)),
        uri: token.uri().to_string(),
    })
}

/// Edits `text` keeping comments: the key store new CA keys go to.
pub fn set_key_store(path: &Path, text: &str, uri: &Pkcs11Uri) -> Result<String, Error> {
    let mut doc = parse_doc(path, text)?;
    let mut t = Table::new();
    t.decor_mut().set_prefix(
        "\n# CA keys created from now on are generated in this PKCS#11 token. The module comes\n# from --pkcs11-module or TCERTS_PKCS11_MODULE, the PIN from TCERTS_PKCS11_PIN or the\n# URI's pin-source=file:PATH (never from here).\n",
    );
    t["uri"] = value(uri.to_string());
    doc["key_store"] = Item::Table(t);
    Ok(doc.to_string())
}

/// Edits `text` keeping comments: records where a CA's key lives in a token.
pub fn record_ca_key(path: &Path, text: &str, rec: &CaKeyConfig) -> Result<String, Error> {
    let mut doc = parse_doc(path, text)?;
    let tables = array_of_tables(&mut doc, "ca_key");
    if tables
        .iter()
        .any(|t| t.get("public_key_sha256").and_then(Item::as_str) == Some(&rec.public_key_sha256))
    {
        return Ok(doc.to_string());
    }
    let mut t = Table::new();
    t["ca"] = value(rec.ca.as_str());
    t["public_key_sha256"] = value(rec.public_key_sha256.as_str());
    t["uri"] = value(rec.uri.as_str());
    tables.push(t);
    Ok(doc.to_string())
}

/// The CA key as it is written beside the certificate: PEM for a key tcerts holds, none
/// for a key in a token (recorded in tcerts.toml instead).
pub fn ca_key_file(key: &CaKey, encrypt: bool) -> Result<Option<Zeroizing<String>>, Error> {
    match key.as_file() {
        Some(k) => Ok(Some(ca_key_pem(k, encrypt)?)),
        None => Ok(None),
    }
}

fn token_err(e: custody::Error) -> Error {
    Error::Custody(e)
}

/// The scope word of a CA in token labels.
fn scope(kind: &CaKind) -> String {
    match kind {
        CaKind::Root => "root".into(),
        CaKind::Intermediate => "intermediate".into(),
        CaKind::Namespace(ns) => format!("ns-{ns}"),
    }
}

/// Opens and logs in to a key store before anything is written (a wrong PIN, a missing
/// token or module fails here, naming the URI).
pub fn check_key_store(uri: &Pkcs11Uri) -> Result<(), Error> {
    Token::open(uri).map(drop).map_err(token_err)
}

/// Generates a new CA key: in the token `key_store` names, else in memory (to be written
/// as key.pem). The token object's label is `tcerts-SCOPE-gN-XXXXXXXX` and its CKA_ID 16
/// random bytes whose first 4 are the label's suffix.
pub fn generate_ca_key(
    key_store: Option<&Pkcs11Uri>,
    kind: &CaKind,
    generation: u32,
    key_type: KeyType,
) -> Result<CaKey, Error> {
    let Some(uri) = key_store else {
        return Ok(CaKey::File(key_type.generate().map_err(|e| {
            Error::File {
                path: "(new CA key)".into(),
                source: e,
            }
        })?));
    };
    let mut id = [0u8; 16];
    aws_lc_rs::rand::fill(&mut id).map_err(|_| {
        token_err(custody::Error::Token {
            uri: uri.to_string(),
            what: "choosing a key id".into(),
            message: "no randomness".into(),
        })
    })?;
    let suffix = crate::pki::hex(&id[..4]);
    let label = format!("tcerts-{}-g{generation}-{suffix}", scope(kind));
    let token = Token::open(uri).map_err(token_err)?;
    let key = token.generate(key_type, &label, &id).map_err(token_err)?;
    Ok(CaKey::from(key))
}

impl Config {
    /// The PKCS#11 URI recorded for the key of the CA certificate `cert`.
    pub fn ca_key_uri(&self, cert: &CertInfo) -> Option<&str> {
        let fp = pki::fingerprint_sha256(&cert.public_key);
        self.ca_keys
            .iter()
            .find(|k| k.public_key_sha256 == fp)
            .map(|k| k.uri.as_str())
    }

    /// The key store new CA keys go to ([key_store] uri).
    pub fn key_store_uri(&self) -> Result<Option<Pkcs11Uri>, Error> {
        self.key_store
            .as_ref()
            .map(|k| custody::parse_key_store(&k.uri).map_err(token_err))
            .transpose()
    }
}

impl Store {
    /// Loads the key of the CA whose certificate is `cert` in `dir`: `key.pem` there, else
    /// the token key tcerts.toml records for it.
    pub fn load_ca_key(&self, dir: &Path, cert: &CertInfo) -> Result<CaKey, Error> {
        let key_path = dir.join("key.pem");
        if key_path.is_file() {
            return Ok(CaKey::File(Self::read_ca_key(&key_path)?));
        }
        let config = self.config()?;
        let Some(uri) = config.ca_key_uri(cert) else {
            return Err(Error::Missing {
                path: key_path,
                what: "the CA private key (no key.pem, and tcerts.toml records no PKCS#11 key for this CA)".into(),
            });
        };
        let parsed: Pkcs11Uri = uri.parse().map_err(|e| {
            token_err(custody::Error::Uri {
                uri: uri.to_string(),
                source: e,
            })
        })?;
        let token = Token::open(&parsed).map_err(token_err)?;
        Ok(CaKey::from(token.find(&parsed).map_err(token_err)?))
    }

    /// Whether tcerts can sign with the CA `kind`: its key.pem is there, or tcerts.toml
    /// records a token key for its certificate.
    pub fn ca_has_key(&self, kind: &CaKind) -> bool {
        let dir = self.ca_dir(kind);
        if dir.join("key.pem").is_file() {
            return true;
        }
        let (Ok(cert), Ok(config)) = (Self::read_cert(&dir.join("cert.pem")), self.config()) else {
            return false;
        };
        config.ca_key_uri(&cert).is_some()
    }

    /// Where a CA's key lives, as messages and the audit log name it: its PKCS#11 URI, or
    /// its key.pem relative to DIR.
    pub fn key_location(&self, kind: &CaKind, key: &CaKey) -> String {
        match key.as_token() {
            Some(t) => t.uri().to_string(),
            None => self.ca_key_location(kind),
        }
    }

    /// Records in tcerts.toml where a new CA's token key is (before its certificate is
    /// installed, so that a crash never leaves a CA whose key cannot be found).
    pub fn record_ca_key(&self, cert: &CertInfo, key: &CaKey) -> Result<(), Error> {
        let Some(rec) = ca_key_record(&cert.subject, key) else {
            return Ok(());
        };
        let text = self.read_config_text()?;
        let new = record_ca_key(&self.config_path(), &text, &rec)?;
        if new != text {
            self.write_config_text(&new)?;
        }
        Ok(())
    }
}
