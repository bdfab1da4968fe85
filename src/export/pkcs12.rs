//! PKCS#12 for Java workers: the key, the leaf, its intermediates and the root, encrypted
//! with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and MACed with HMAC-SHA256, which OpenSSL 3
//! reads without `-legacy` and Java's keytool reads. The salts are random, so the bytes
//! differ on every run.

use std::path::Path;

use p12_keystore::{
    Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
    PrivateKeyChain,
};
use zeroize::Zeroizing;

use super::CertFiles;
use crate::Error;
use crate::pki::fingerprint_sha1;
use crate::store::{self, Store};

/// The environment variable the password is read from when no --password-file is given.
pub const PASSWORD_ENV: &str = "TCERTS_P12_PASSWORD";

/// Iterations of PBKDF2 for the encryption and the MAC keys.
const ITERATIONS: u32 = 100_000;

/// Reads the password: the first line of `file`, else the environment variable. Never
/// from the command line, where other users can read it.
pub fn password(file: Option<&Path>) -> Result<Zeroizing<String>, Error> {
    let pw = match file {
        Some(p) => {
            let bytes = Zeroizing::new(store::read_input(p)?);
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                Error::Usage(format!("--password-file {}: not UTF-8 text", p.display()))
            })?;
            let line = text.lines().next().unwrap_or("");
            Zeroizing::new(line.trim_end_matches('\r').to_string())
        }
        None => match std::env::var(PASSWORD_ENV) {
            Ok(v) => Zeroizing::new(v),
            Err(_) => {
                return Err(Error::Usage(format!(
                    "a PKCS#12 file needs a password: give --password-file FILE or set {PASSWORD_ENV} (never on the command line)"
                )));
            }
        },
    };
    if pw.is_empty() {
        return Err(Error::Usage(
            "the PKCS#12 password is empty: Java and OpenSSL treat an empty password inconsistently; give a non-empty one".into(),
        ));
    }
    Ok(pw)
}

/// Builds the PKCS#12 bytes.
pub fn build(files: &CertFiles, alias: &str, password: &str) -> Result<Vec<u8>, Error> {
    let key = files.private_key()?;
    let key_der = Zeroizing::new(key.serialize_der());
    let p12_key = PrivateKey::from_der(&key_der).map_err(|e| {
        Error::Usage(format!(
            "{}: cannot put the key in PKCS#12: {e}",
            files.key.display()
        ))
    })?;
    let mut certs = Store::read_certs(&files.chain)?;
    let root = Store::read_cert(&files.ca)?;
    if !certs.iter().any(|c| c.der == root.der) {
        certs.push(root);
    }
    let mut chain = Vec::new();
    for c in &certs {
        chain.push(Certificate::from_der(&c.der).map_err(|e| {
            Error::Usage(format!(
                "{}: cannot put a certificate in PKCS#12: {e}",
                files.chain.display()
            ))
        })?);
    }
    let local_key_id = hex_decode(&fingerprint_sha1(&files.cert.der));
    let mut ks = KeyStore::new();
    ks.add_entry(
        alias,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(local_key_id, p12_key, chain)),
    );
    ks.writer(password)
        .encryption_algorithm(EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
        .encryption_iterations(ITERATIONS)
        .mac_algorithm(MacAlgorithm::HmacSha256)
        .mac_iterations(ITERATIONS)
        .write()
        .map_err(|e| Error::Usage(format!("cannot write PKCS#12: {e}")))
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}
