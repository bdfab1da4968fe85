//! Trust updates: a certificate whose only change is its `ca.pem` (the trusted roots, after
//! a root rotation's overlap starts or a retirement ends it) keeps its key, certificate and
//! chain; only `ca.pem` is rewritten.
//!
//! The set is rewritten the way every certificate set is (staged beside it, made durable,
//! swapped in with one rename), so a crash leaves the old set or the new one, never a set
//! with a new `ca.pem` and a missing key.

use std::fs;
use std::path::{Path, PathBuf};

use super::Error;
use crate::pki::CertInfo;
use crate::store::atomic::{KEY_MODE, PUBLIC_MODE, SetFile};
use crate::store::{self, CERT_FILE, CHAIN_FILE, CertBatch, KEY_FILE, Store, TRUST_FILE};

/// The files of a certificate set tcerts writes, with their modes; `ca.pem` is the one a
/// trust update replaces.
const KEPT: [(&str, u32); 3] = [
    (CERT_FILE, PUBLIC_MODE),
    (CHAIN_FILE, PUBLIC_MODE),
    (KEY_FILE, KEY_MODE),
];

/// What changed in a certificate's `ca.pem`: the common names (or subjects) of the roots
/// added and removed, for `plan`'s reason.
pub fn describe_change(dir: &Path, trust_pem: &str) -> String {
    let names = |certs: &[CertInfo]| -> Vec<(Vec<u8>, String)> {
        certs
            .iter()
            .map(|c| {
                (
                    c.der.to_vec(),
                    c.common_name.clone().unwrap_or_else(|| c.subject.clone()),
                )
            })
            .collect()
    };
    let have = Store::read_certs(&dir.join(TRUST_FILE))
        .map(|c| names(&c))
        .unwrap_or_default();
    let want = crate::pki::parse_certificates(trust_pem.as_bytes())
        .ok()
        .map(|ders| {
            ders.iter()
                .filter_map(|d| CertInfo::parse(d).ok())
                .collect::<Vec<_>>()
        })
        .map(|c| names(&c))
        .unwrap_or_default();
    let mut parts = Vec::new();
    for (der, cn) in &want {
        if !have.iter().any(|(d, _)| d == der) {
            parts.push(format!("+{cn}"));
        }
    }
    for (der, cn) in &have {
        if !want.iter().any(|(d, _)| d == der) {
            parts.push(format!("-{cn}"));
        }
    }
    if parts.is_empty() {
        "trusted roots changed (ca.pem)".into()
    } else {
        format!("trusted roots changed (ca.pem: {})", parts.join(", "))
    }
}

/// Stages certificate `name`'s set with `trust_pem` as its `ca.pem` and every other file
/// byte for byte as it is. Returns the certificate kept (same serial, same key).
///
/// Refuses a set holding a file tcerts does not write: swapping the set in would drop it.
pub fn stage(
    store: &Store,
    batch: &mut CertBatch<'_>,
    name: &str,
    trust_pem: &str,
) -> Result<(CertInfo, PathBuf), Error> {
    let dir = store.cert_dir(name);
    let entries = fs::read_dir(&dir).map_err(|e| store::Error::io(&dir, e))?;
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file != TRUST_FILE && !KEPT.iter().any(|(k, _)| *k == file) {
            return Err(Error::ForeignFile { dir, file });
        }
    }
    let cert = Store::read_cert(&dir.join(CERT_FILE))?;
    let mut kept = Vec::new();
    for (file, mode) in KEPT {
        let path = dir.join(file);
        if file == KEY_FILE && !path.exists() {
            // Issued from a CSR: the key stays with the workload.
            continue;
        }
        kept.push((file, store::read_pki_file(&path)?, mode));
    }
    let mut files: Vec<SetFile<'_>> = kept
        .iter()
        .map(|(name, bytes, mode)| SetFile {
            name,
            bytes: bytes.as_slice(),
            mode: *mode,
        })
        .collect();
    files.push(SetFile {
        name: TRUST_FILE,
        bytes: trust_pem.as_bytes(),
        mode: PUBLIC_MODE,
    });
    let written = batch.write(name, &files)?;
    Ok((cert, written))
}
