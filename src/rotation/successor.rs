//! A CA's successor: a new key and certificate one generation on, and the CA directory's
//! files read and written as one set.

use std::fs;
use std::path::Path;

use crate::Error;
use crate::custody::{self, Pkcs11Uri};
use crate::pki::{self, CaKind, CaSpec, CertInfo, IssuingCa};
use crate::store::{
    self, CERT_FILE, CHAIN_FILE, CSR_FILE, KEY_FILE, Store, atomic, generation_of, key_store,
};

/// A file of a CA directory: name, content, mode.
type CaFile = (&'static str, Vec<u8>, u32);

/// The files of a CA directory, read to be copied as one set.
pub(super) fn read_set(dir: &Path) -> Result<Vec<CaFile>, Error> {
    let mut files = Vec::new();
    for (name, mode) in [
        (CERT_FILE, atomic::PUBLIC_MODE),
        (KEY_FILE, atomic::KEY_MODE),
        (CHAIN_FILE, atomic::PUBLIC_MODE),
        (CSR_FILE, atomic::PUBLIC_MODE),
    ] {
        let path = dir.join(name);
        if path.is_file() {
            let bytes = fs::read(&path).map_err(|e| store::Error::io(&path, e))?;
            files.push((name, bytes, mode));
        }
    }
    Ok(files)
}

pub(super) fn write_set(dir: &Path, files: &[CaFile]) -> Result<(), Error> {
    let set: Vec<atomic::SetFile<'_>> = files
        .iter()
        .map(|(name, bytes, mode)| atomic::SetFile {
            name,
            bytes,
            mode: *mode,
        })
        .collect();
    atomic::replace_dir(dir, &set)?;
    Ok(())
}

/// One CA's successor, made but not yet written.
pub struct Successor {
    pub kind: CaKind,
    pub old: CertInfo,
    pub new: CertInfo,
    pub(super) files: Vec<CaFile>,
    /// Where the new CA's key lives (key.pem or a PKCS#11 URI).
    pub key_location: String,
}

/// Makes the successor of the CA `kind`, signed by `parent` (None: a new root).
pub(super) fn successor(
    store: &Store,
    config: &store::Config,
    kind: &CaKind,
    parent: Option<&IssuingCa>,
    key_store_flag: Option<&Pkcs11Uri>,
    now: time::OffsetDateTime,
) -> Result<(Successor, IssuingCa), Error> {
    let old = Store::read_cert(&store.ca_cert(kind))?;
    // --key-store, else the token of the old key (a rotation stays in its token), else
    // the PKI's [key_store].
    let key_store = match key_store_flag {
        Some(k) => Some(k.clone()),
        None => match config.ca_key_uri(&old) {
            Some(u) => Some(Pkcs11Uri {
                object: None,
                id: None,
                object_type: None,
                ..u.parse::<Pkcs11Uri>().map_err(|e| {
                    store::Error::from(custody::Error::Uri {
                        uri: u.to_string(),
                        source: e,
                    })
                })?
            }),
            None => config.key_store_uri()?,
        },
    };
    let newest_previous = store
        .previous_cas(kind)?
        .first()
        .map_or(0, |p| p.generation);
    let generation = generation_of(&old).max(newest_previous) + 1;
    let spec = CaSpec {
        kind: kind.clone(),
        org: config.organization.clone(),
        key_type: config.defaults.key_type,
        validity: if *kind == CaKind::Root {
            config.defaults.root_validity
        } else {
            config.defaults.ca_validity
        },
        generation,
    };
    let key = key_store::generate_ca_key(key_store.as_ref(), kind, generation, spec.key_type)?;
    let made = pki::new_ca_with_key(&spec, key, parent, now)?;
    let key_pem = key_store::ca_key_file(&made.key, config.root.encrypt_ca_keys)?;
    let key_location = store.key_location(kind, &made.key);
    // Before anything is swapped in: the new CA's key can always be found.
    store.record_ca_key(&made.cert, &made.key)?;
    let above: Vec<CertInfo> = parent
        .map(|p| p.intermediates().into_iter().cloned().collect())
        .unwrap_or_default();
    let root = match parent {
        Some(p) => p.root.clone(),
        None => made.cert.clone(),
    };
    let mut files = vec![(CERT_FILE, made.cert.pem().into_bytes(), atomic::PUBLIC_MODE)];
    if let Some(k) = &key_pem {
        files.push((KEY_FILE, k.as_bytes().to_vec(), atomic::KEY_MODE));
    }
    if !above.is_empty() {
        let pem: String = above.iter().map(CertInfo::pem).collect();
        files.push((CHAIN_FILE, pem.into_bytes(), atomic::PUBLIC_MODE));
    }
    let signer = IssuingCa::new(made.cert.clone(), made.key, above, root)?;
    Ok((
        Successor {
            kind: kind.clone(),
            old,
            new: made.cert,
            files,
            key_location,
        },
        signer,
    ))
}
