//! CA keys at rest: PKCS#8 encrypted with PBES2 (scrypt N=2^14, r=8, p=1, AES-256-CBC),
//! the form `openssl pkey -passin` reads (OpenSSL 3.0 refuses scrypt N=2^17 with "memory
//! limit exceeded", hence N=2^14).

use pkcs8::der::Decode;
use pkcs8::pkcs5::pbes2;
use pkcs8::{EncryptedPrivateKeyInfoRef, LineEnding, PrivateKeyInfoRef, SecretDocument};
use rcgen::KeyPair;
use zeroize::Zeroizing;

use super::Error;

pub const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

/// Whether a key file holds an encrypted PKCS#8 key.
pub fn is_encrypted_pem(bytes: &[u8]) -> bool {
    bytes
        .windows(ENCRYPTED_LABEL.len())
        .any(|w| w == ENCRYPTED_LABEL.as_bytes())
}

fn err(e: impl std::fmt::Display) -> Error {
    Error::KeyParse(e.to_string())
}

/// The key as encrypted PKCS#8 PEM under `passphrase`.
pub fn encrypt_pkcs8_pem(key: &KeyPair, passphrase: &[u8]) -> Result<Zeroizing<String>, Error> {
    let der = Zeroizing::new(key.serialized_der().to_vec());
    let info = PrivateKeyInfoRef::from_der(&der).map_err(err)?;
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    aws_lc_rs::rand::fill(&mut salt).map_err(|_| err("no random numbers"))?;
    aws_lc_rs::rand::fill(&mut iv).map_err(|_| err("no random numbers"))?;
    let scrypt = pkcs8::pkcs5::scrypt::Params::new(14, 8, 1).map_err(err)?;
    let params = pbes2::Parameters::generate_scrypt_aes256cbc(scrypt, &salt, iv).map_err(err)?;
    let doc = info.encrypt_with_params(params, passphrase).map_err(err)?;
    let pem = doc.to_pem(ENCRYPTED_LABEL, LineEnding::LF).map_err(err)?;
    Ok(Zeroizing::new(pem.to_string()))
}

/// Decrypts an encrypted PKCS#8 PEM key.
pub fn decrypt_pkcs8_pem(bytes: &[u8], passphrase: &[u8]) -> Result<KeyPair, Error> {
    let text = std::str::from_utf8(bytes).map_err(err)?;
    let (label, doc) = SecretDocument::from_pem(text).map_err(err)?;
    if label != ENCRYPTED_LABEL {
        return Err(Error::NoPemBlock("ENCRYPTED PRIVATE KEY"));
    }
    let info = EncryptedPrivateKeyInfoRef::from_der(doc.as_bytes()).map_err(err)?;
    let plain = info
        .decrypt(passphrase)
        .map_err(|_| Error::KeyParse("wrong passphrase, or a damaged encrypted key".into()))?;
    let der = rustls_pki_types::PrivateKeyDer::Pkcs8(plain.as_bytes().to_vec().into());
    super::key::key_pair_of(&der).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::KeyType;

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let key = KeyType::EcdsaP256.generate().unwrap();
        let pem = encrypt_pkcs8_pem(&key, b"correct horse").unwrap();
        assert!(is_encrypted_pem(pem.as_bytes()));
        let back = decrypt_pkcs8_pem(pem.as_bytes(), b"correct horse").unwrap();
        assert_eq!(back.serialized_der(), key.serialized_der());
        assert!(decrypt_pkcs8_pem(pem.as_bytes(), b"wrong").is_err());
    }
}
