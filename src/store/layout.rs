//! The names of the files in a PKI directory. Code outside `store` asks `Store` (or these
//! types) for a path instead of spelling a file name.
//!
//! A CA directory (`ca/root`, `ca/intermediate`, `ca/namespaces/NS`, and each kept
//! generation under `ca/previous/…`) holds `cert.pem`, `key.pem`, and where it applies
//! `chain.pem` (the CAs above it, below the root) and `csr.pem` (an intermediate waiting
//! for an enterprise root's signature). A certificate directory (`certs/NAME`) holds
//! `cert.pem`, `chain.pem` (leaf and intermediates), `ca.pem` (every trusted root) and
//! `key.pem` (absent when issued from a CSR).

use std::path::{Path, PathBuf};

use super::Store;
use crate::pki::CaKind;

/// A certificate (leaf or CA), PEM.
pub const CERT_FILE: &str = "cert.pem";
/// The private key, PKCS#8 PEM (0600).
pub const KEY_FILE: &str = "key.pem";
/// A leaf with its intermediates, or a CA's chain above it.
pub const CHAIN_FILE: &str = "chain.pem";
/// Every trusted root, for a certificate's peers to verify against.
pub const TRUST_FILE: &str = "ca.pem";
/// An intermediate's certificate signing request, for an enterprise root.
pub const CSR_FILE: &str = "csr.pem";

/// The files of one issued certificate (`certs/NAME/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFiles {
    pub cert: PathBuf,
    pub chain: PathBuf,
    pub ca: PathBuf,
    pub key: PathBuf,
}

impl CertFiles {
    /// The certificate files in `dir`.
    pub fn in_dir(dir: &Path) -> CertFiles {
        CertFiles {
            cert: dir.join(CERT_FILE),
            chain: dir.join(CHAIN_FILE),
            ca: dir.join(TRUST_FILE),
            key: dir.join(KEY_FILE),
        }
    }
}

/// The files of one CA directory, current or a kept generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub chain: PathBuf,
    pub csr: PathBuf,
}

impl CaFiles {
    /// The CA files in `dir`.
    pub fn in_dir(dir: &Path) -> CaFiles {
        CaFiles {
            cert: dir.join(CERT_FILE),
            key: dir.join(KEY_FILE),
            chain: dir.join(CHAIN_FILE),
            csr: dir.join(CSR_FILE),
        }
    }
}

impl Store {
    /// The files of the current CA `kind`.
    pub fn ca_files(&self, kind: &CaKind) -> CaFiles {
        CaFiles::in_dir(&self.ca_dir(kind))
    }

    /// The current certificate of the CA `kind`.
    pub fn ca_cert(&self, kind: &CaKind) -> PathBuf {
        self.ca_dir(kind).join(CERT_FILE)
    }

    /// The key of the CA `kind` (absent for an exported root key or an enterprise root).
    pub fn ca_key(&self, kind: &CaKind) -> PathBuf {
        self.ca_dir(kind).join(KEY_FILE)
    }

    /// The files of the issued certificate `name`.
    pub fn cert_files(&self, name: &str) -> CertFiles {
        CertFiles::in_dir(&self.cert_dir(name))
    }

    /// Where the namespace CAs are, one directory per namespace.
    pub fn namespace_cas_dir(&self) -> PathBuf {
        self.dir().join("ca/namespaces")
    }

    /// Where the rotated-out namespace CAs are kept, one directory per namespace.
    pub fn previous_namespace_cas_dir(&self) -> PathBuf {
        self.dir().join("ca/previous/namespaces")
    }

    /// Where the self-hosted trust files (`clients.pem`, `internode.pem`) are.
    pub fn trust_dir(&self) -> PathBuf {
        self.dir().join("trust")
    }

    /// Where `tcerts crl` writes every still-trusted generation's CRL of a CA scope, in one
    /// file (nginx `ssl_crl` and `openssl verify -CRLfile` read every CRL in a file).
    pub fn crl_file(&self, scope: &str) -> PathBuf {
        self.dir().join("crl").join(format!("{scope}.pem"))
    }

    /// Where `tcerts crl` writes one generation's CRL: a newer generation never overwrites
    /// an older one's.
    pub fn generation_crl_file(&self, scope: &str, generation: u32) -> PathBuf {
        self.dir()
            .join("crl")
            .join(format!("{scope}-G{generation}.pem"))
    }
}
