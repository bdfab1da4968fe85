//! Issuing a declared certificate: the one path `tcerts issue` and `apply`/`renew` share.

use std::path::PathBuf;

use crate::pki::{self, IssuedLeaf, IssuingCa, LeafKey, LeafRequest, SubjectAltNames};
use crate::store::{self, CertificateConfig, Config, atomic};

/// Why a declared certificate could not be issued: its names or key (pki), or writing it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Pki(#[from] pki::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// Issues one declared certificate from `ca` and hands its files, as one set, to `write`
/// (`Store::write_cert_set`, or a `CertBatch` for `apply`); the old set stays until the new
/// one is complete. `ca.pem` is `trust_pem`: every trusted root, so that during a root
/// rotation peers accept both generations. The one path `issue` and `apply` share.
pub fn issue_declared(
    config: &Config,
    decl: &CertificateConfig,
    key: LeafKey,
    ca: &IssuingCa,
    now: time::OffsetDateTime,
    trust_pem: &str,
    write: impl FnOnce(&str, &[atomic::SetFile<'_>]) -> Result<PathBuf, crate::store::Error>,
) -> Result<(IssuedLeaf, PathBuf), Error> {
    let sans = SubjectAltNames::parse(&decl.dns, &decl.ip)?;
    let issued = pki::issue_leaf(
        LeafRequest {
            role: decl.role,
            name: decl.name.clone(),
            org: config.organization.clone(),
            namespace: decl.namespace.clone(),
            sans,
            validity: decl.validity.unwrap_or(config.defaults.leaf_validity),
            key,
        },
        ca,
        now,
    )?;
    let cert_pem = issued.cert.pem();
    let mut files = vec![
        atomic::SetFile {
            name: crate::store::CERT_FILE,
            bytes: cert_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        },
        atomic::SetFile {
            name: crate::store::CHAIN_FILE,
            bytes: issued.chain_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        },
        atomic::SetFile {
            name: crate::store::TRUST_FILE,
            bytes: trust_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        },
    ];
    if let Some(k) = &issued.key_pem {
        files.push(atomic::SetFile {
            name: crate::store::KEY_FILE,
            bytes: k.as_bytes(),
            mode: atomic::KEY_MODE,
        });
    }
    let written = write(&decl.name, &files)?;
    Ok((issued, written))
}
