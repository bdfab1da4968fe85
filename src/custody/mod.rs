//! Where CA keys live when not in files: PKCS#11 tokens (HSMs, cloud KMS through their
//! PKCS#11 libraries, SoftHSM for trying it out).
//!
//! A key is generated inside the token (sensitive, never extractable) and used through
//! `rcgen::SigningKey` over a `cryptoki` session; tcerts records where it is as a PKCS#11
//! URI without a PIN. The module comes from `--pkcs11-module` or TCERTS_PKCS11_MODULE (or
//! the URI's `module-path`), the PIN from TCERTS_PKCS11_PIN or the URI's
//! `pin-source=file:PATH`, never from argv.

mod der;
mod token;
mod uri;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use token::{KeyFacts, Token, TokenKey};
pub use uri::{Pkcs11Uri, UriError};

/// The environment variable naming the PKCS#11 module (shared library).
pub const MODULE_ENV: &str = "TCERTS_PKCS11_MODULE";
/// The environment variable holding the token's user PIN.
pub const PIN_ENV: &str = "TCERTS_PKCS11_PIN";

/// What can go wrong reaching a token or using a key in it. Every message names the URI.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("--key-store '{uri}': {source}")]
    Uri { uri: String, source: UriError },
    #[error(
        "{uri}: no PKCS#11 module: pass --pkcs11-module PATH or set {MODULE_ENV} (SoftHSM: /usr/lib/softhsm/libsofthsm2.so)"
    )]
    NoModule { uri: String },
    #[error("{uri}: cannot load the PKCS#11 module {}: {message}", module.display())]
    Module {
        uri: String,
        module: PathBuf,
        message: String,
    },
    #[error("{uri}: no token labelled '{label}' in {} (tokens there: {available})", module.display())]
    NoToken {
        uri: String,
        label: String,
        module: PathBuf,
        available: String,
    },
    #[error("{uri}: no PIN: set {PIN_ENV} or add ?pin-source=file:PATH to the URI")]
    NoPin { uri: String },
    #[error("{uri}: cannot read the PIN from {path}: {message}")]
    PinSource {
        uri: String,
        path: String,
        message: String,
    },
    #[error("{uri}: login refused: {message}")]
    Login { uri: String, message: String },
    #[error(
        "{uri}: no private key with this label and id in the token (was it deleted, or is this another token?)"
    )]
    NoObject { uri: String },
    #[error("{uri}: {what}: {message}")]
    Token {
        uri: String,
        what: String,
        message: String,
    },
}

static MODULE: OnceLock<PathBuf> = OnceLock::new();

/// Sets the module given with the global `--pkcs11-module`.
pub fn set_module(path: &Path) {
    let _ = MODULE.set(path.to_path_buf());
}

/// The PKCS#11 module: `--pkcs11-module`, else TCERTS_PKCS11_MODULE, else the URI's
/// `module-path`.
pub fn module_for(uri: &Pkcs11Uri) -> Result<PathBuf, Error> {
    if let Some(p) = MODULE.get() {
        return Ok(p.clone());
    }
    if let Some(p) = std::env::var_os(MODULE_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(p) = &uri.module_path {
        return Ok(PathBuf::from(p));
    }
    Err(Error::NoModule {
        uri: uri.to_string(),
    })
}

/// Parses `--key-store`: a token URI without an object (tcerts names the keys it makes).
pub fn parse_key_store(s: &str) -> Result<Pkcs11Uri, Error> {
    let bad = |m: &str| Error::Uri {
        uri: s.to_string(),
        source: UriError(m.to_string()),
    };
    let uri: Pkcs11Uri = s.parse().map_err(|e| Error::Uri {
        uri: s.to_string(),
        source: e,
    })?;
    if uri.object.is_some() || uri.id.is_some() {
        return Err(bad(
            "name only the token (pkcs11:token=LABEL): tcerts chooses each key's label and id and records them in tcerts.toml",
        ));
    }
    Ok(uri)
}

/// Whether a recorded key location is a PKCS#11 URI (else a file).
pub fn is_uri(location: &str) -> bool {
    location.starts_with("pkcs11:")
}
