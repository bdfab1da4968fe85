//! The self-hosted trust files: what a Temporal server's `clientCaFiles` hold.
//!
//! They anchor on the ISSUING CAs, never on a root: Go's `crypto/tls` (Temporal's frontend)
//! accepts a chain that ends at any certificate of its pool, so a pool holding a root admits
//! every certificate under it, including those of a retired CA that its clients still send.
//! With only issuing CAs in the pool, removing a CA generation from the file (`ca retire`)
//! refuses its certificates and anything its key signs later.
//!
//! - `trust/clients.pem` (frontend `clientCaFiles`): every trusted generation of the issuing
//!   CA (internode, namespace-less cli/client certificates) and of every namespace CA.
//! - `trust/internode.pem` (internode `clientCaFiles`): the issuing CA's generations only.
//!
//! Every command that adds, rotates or retires a CA rewrites both.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Error, Store, atomic};
use crate::pki::{CaKind, CertInfo};

pub const CLIENTS_FILE: &str = "trust/clients.pem";
pub const INTERNODE_FILE: &str = "trust/internode.pem";

/// What `write_trust_files` did.
#[derive(Debug, Default)]
pub struct TrustFiles {
    /// The files written (none before an enterprise-signed issuing CA is imported).
    pub written: Vec<PathBuf>,
    /// Trust files of an older tcerts (`trust/root.pem`, `trust/intermediate.pem`,
    /// `trust/namespace-NS.pem`) removed: they held the roots, so they could never refuse a
    /// retired CA's certificates.
    pub removed_legacy: Vec<PathBuf>,
}

impl Store {
    pub fn clients_trust_file(&self) -> PathBuf {
        self.dir().join(CLIENTS_FILE)
    }

    pub fn internode_trust_file(&self) -> PathBuf {
        self.dir().join(INTERNODE_FILE)
    }

    /// The namespaces that have a CA, current or rotated-out, by name.
    pub fn namespaces_with_cas(&self) -> Vec<String> {
        let mut names = std::collections::BTreeSet::new();
        for base in ["ca/namespaces", "ca/previous/namespaces"] {
            if let Ok(rd) = fs::read_dir(self.dir().join(base)) {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if !name.starts_with('.') && e.path().is_dir() {
                        names.insert(name);
                    }
                }
            }
        }
        names.into_iter().collect()
    }

    /// The anchors of `trust/internode.pem`: every trusted issuing CA generation.
    pub fn internode_trust_cas(&self) -> Result<Vec<CertInfo>, Error> {
        self.trusted_cas(&CaKind::Intermediate)
    }

    /// The anchors of `trust/clients.pem`: every trusted generation of the issuing CA and
    /// of each namespace CA.
    pub fn client_trust_cas(&self) -> Result<Vec<CertInfo>, Error> {
        let mut out = self.trusted_cas(&CaKind::Intermediate)?;
        for ns in self.namespaces_with_cas() {
            for c in self.trusted_cas(&CaKind::Namespace(ns))? {
                if !out.iter().any(|o| o.der == c.der) {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    /// Rewrites `trust/clients.pem` and `trust/internode.pem` from the CAs on disk, and
    /// removes an older tcerts' root-anchored trust files.
    pub fn write_trust_files(&self) -> Result<TrustFiles, Error> {
        let mut done = TrustFiles::default();
        let dir = self.dir().join("trust");
        let clients = self.client_trust_cas()?;
        if !clients.is_empty() {
            atomic::create_dir_all(&dir)?;
            for (path, certs) in [
                (self.clients_trust_file(), clients),
                (self.internode_trust_file(), self.internode_trust_cas()?),
            ] {
                let pem: String = certs.iter().map(CertInfo::pem).collect();
                atomic::write_file(&path, pem.as_bytes(), atomic::PUBLIC_MODE)?;
                done.written.push(path);
            }
        }
        if let Ok(rd) = fs::read_dir(&dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let legacy = name == "root.pem"
                    || name == "intermediate.pem"
                    || (name.starts_with("namespace-")
                        && Path::new(&name).extension().is_some_and(|e| e == "pem"));
                if legacy {
                    let p = e.path();
                    fs::remove_file(&p).map_err(|err| Error::io(&p, err))?;
                    done.removed_legacy.push(p);
                }
            }
        }
        Ok(done)
    }
}
