//! CA keys at rest: plain PKCS#8, or encrypted PKCS#8 (`init --encrypt-ca-key`) whose
//! passphrase comes from `--passphrase-file` or TCERTS_CA_PASSPHRASE, never from argv.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rcgen::KeyPair;
use zeroize::Zeroizing;

use super::{Error, Store, read_file};
use crate::pki;

/// The environment variable holding the CA key passphrase.
pub const PASSPHRASE_ENV: &str = "TCERTS_CA_PASSPHRASE";

static PASSPHRASE_FILE: OnceLock<PathBuf> = OnceLock::new();
static PASSPHRASE: Mutex<Option<Zeroizing<Vec<u8>>>> = Mutex::new(None);

/// Sets the file the passphrase is read from (the global `--passphrase-file`).
pub fn set_passphrase_file(path: &Path) {
    let _ = PASSPHRASE_FILE.set(path.to_path_buf());
}

/// The CA key passphrase: the first line of `--passphrase-file`, else TCERTS_CA_PASSPHRASE.
pub fn passphrase(purpose: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut cached = PASSPHRASE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(p) = cached.as_ref() {
        return Ok(p.clone());
    }
    let pass = if let Some(path) = PASSPHRASE_FILE.get() {
        let bytes = Zeroizing::new(read_file(path)?);
        let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        Zeroizing::new(line.to_vec())
    } else if let Some(v) = std::env::var_os(PASSPHRASE_ENV) {
        Zeroizing::new(v.into_encoded_bytes())
    } else {
        return Err(Error::Passphrase(format!(
            "{purpose}: set {PASSPHRASE_ENV} or pass --passphrase-file FILE"
        )));
    };
    if pass.is_empty() {
        return Err(Error::Passphrase(format!(
            "{purpose}: the passphrase is empty"
        )));
    }
    *cached = Some(pass.clone());
    Ok(pass)
}

/// A new CA key as PEM: encrypted under the passphrase when `encrypt`.
pub fn ca_key_pem(key: &KeyPair, encrypt: bool) -> Result<Zeroizing<String>, Error> {
    let pem = if encrypt {
        let pass = passphrase("the CA keys are to be encrypted")?;
        pki::encrypt_pkcs8_pem(key, &pass)
    } else {
        pki::pkcs8_pem(key)
    };
    pem.map_err(|e| Error::File {
        path: PathBuf::from("(new CA key)"),
        source: e,
    })
}

impl Store {
    /// Reads a CA key, decrypting it when it is encrypted.
    pub fn read_ca_key(path: &Path) -> Result<KeyPair, Error> {
        let bytes = super::read_pki_file(path)?;
        if !pki::is_encrypted_pem(&bytes) {
            return pki::parse_private_key(&bytes).map_err(|e| Error::File {
                path: path.to_path_buf(),
                source: e,
            });
        }
        let pass = passphrase(&format!("{} is encrypted", path.display()))?;
        pki::decrypt_pkcs8_pem(&bytes, &pass).map_err(|e| Error::File {
            path: path.to_path_buf(),
            source: e,
        })
    }
}
