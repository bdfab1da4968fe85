//! A CA's signing key: a key pair tcerts holds in memory (read from a file), or a key
//! inside a PKCS#11 token that signs through its session and never leaves it.

use rcgen::{KeyPair, PublicKeyData, SignatureAlgorithm, SigningKey};

use crate::custody::TokenKey;

pub enum CaKey {
    File(KeyPair),
    Token(Box<TokenKey>),
}

impl From<KeyPair> for CaKey {
    fn from(k: KeyPair) -> CaKey {
        CaKey::File(k)
    }
}

impl From<TokenKey> for CaKey {
    fn from(k: TokenKey) -> CaKey {
        CaKey::Token(Box::new(k))
    }
}

impl CaKey {
    /// The in-memory key pair, for a key kept in a file.
    pub fn as_file(&self) -> Option<&KeyPair> {
        match self {
            CaKey::File(k) => Some(k),
            CaKey::Token(_) => None,
        }
    }

    pub fn as_token(&self) -> Option<&TokenKey> {
        match self {
            CaKey::Token(k) => Some(k),
            CaKey::File(_) => None,
        }
    }

    /// Why the last signature failed, when the key's own error says more than rcgen's.
    pub fn sign_error(&self, e: rcgen::Error) -> super::Error {
        let detail = self.as_token().and_then(TokenKey::last_error);
        super::Error::Sign(detail.unwrap_or_else(|| e.to_string()))
    }
}

impl PublicKeyData for CaKey {
    fn der_bytes(&self) -> &[u8] {
        match self {
            CaKey::File(k) => k.der_bytes(),
            CaKey::Token(k) => k.der_bytes(),
        }
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        match self {
            CaKey::File(k) => k.algorithm(),
            CaKey::Token(k) => k.algorithm(),
        }
    }
}

impl SigningKey for CaKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        match self {
            CaKey::File(k) => k.sign(msg),
            CaKey::Token(k) => k.sign(msg),
        }
    }
}
