//! `ca retire`: the rotated-out CAs of a scope (and the old CAs they signed) removed from
//! trust, archived with their keys, once no unexpired certificate depends on them.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use super::{cn, scope_flag, scope_name};
use crate::Error;
use crate::pki::{self, CaKind};
use crate::store::{self, PreviousCa, Store};

/// What retiring a scope would remove, and which certificates still depend on it.
pub struct Retirement {
    /// The rotated-out CAs of the scope, then the old CAs they signed.
    pub retiring: Vec<PreviousCa>,
    /// Unexpired certificates (names under `certs/`) issued by a retiring CA, sorted.
    pub dependents: Vec<String>,
}

/// What `retire` did.
pub struct Retired {
    pub archived: Vec<PathBuf>,
    pub trust: store::TrustFiles,
}

/// Finds the rotated-out CAs of `kind` and the old CAs they signed, and the certificates
/// still issued by them. Refuses when there is nothing to retire, or when a current CA is
/// still signed by a retiring one.
pub fn plan_retirement(store: &Store, kind: &CaKind) -> Result<Retirement, Error> {
    let mut retiring = store.previous_cas(kind)?;
    if retiring.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no rotated-out {} CA to retire (rotate first: tcerts ca rotate{})",
            store.dir().display(),
            scope_name(kind),
            scope_flag(kind)
        )));
    }
    if matches!(kind, CaKind::Root | CaKind::Intermediate) {
        // The old CAs the retiring ones signed go with them (for the root: the old issuing
        // CAs, then what those signed).
        let mut others = Vec::new();
        if *kind == CaKind::Root {
            others.push(CaKind::Intermediate);
        }
        others.extend(
            store
                .namespaces_with_cas()
                .into_iter()
                .map(CaKind::Namespace),
        );
        for other in others {
            let old: Vec<Vec<u8>> = retiring
                .iter()
                .map(|p| p.cert.subject_raw.clone())
                .collect();
            if store.ca_exists(&other) {
                let current = Store::read_cert(&store.ca_cert(&other))?;
                if old.contains(&current.issuer_raw) {
                    return Err(Error::Usage(format!(
                        "the current {} CA ({}) is still signed by the old {} CA; rotate it first: tcerts ca rotate{}",
                        scope_name(&other),
                        cn(&current),
                        scope_name(kind),
                        scope_flag(&other)
                    )));
                }
            }
            let signed: Vec<_> = store
                .previous_cas(&other)?
                .into_iter()
                .filter(|p| old.contains(&p.cert.issuer_raw))
                .collect();
            retiring.extend(signed);
        }
    }
    let dependents = dependents(store, &retiring);
    Ok(Retirement {
        retiring,
        dependents,
    })
}

/// The unexpired certificates under `certs/` issued by one of `retiring`, sorted.
fn dependents(store: &Store, retiring: &[PreviousCa]) -> Vec<String> {
    let subjects: HashSet<Vec<u8>> = retiring
        .iter()
        .map(|p| p.cert.subject_raw.clone())
        .collect();
    let now = pki::now();
    let mut dependents = Vec::new();
    if let Ok(rd) = fs::read_dir(store.certs_dir()) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if let Ok(c) = Store::read_cert(&e.path().join(crate::store::CERT_FILE))
                && c.not_after > now
                && subjects.contains(&c.issuer_raw)
            {
                dependents.push(name);
            }
        }
    }
    dependents.sort();
    dependents
}

/// Records the retirement in the audit log, archives and removes the retiring CAs, then
/// rewrites the trust files and the inventory.
pub fn retire(store: &Store, retirement: &Retirement) -> Result<Retired, Error> {
    let config = store.config()?;
    let dependents = &retirement.dependents;
    for p in &retirement.retiring {
        let key = p.dir.join(store::KEY_FILE);
        let rel = key.strip_prefix(store.dir()).unwrap_or(&key);
        let location = if key.is_file() {
            Some(rel.display().to_string())
        } else {
            config.ca_key_uri(&p.cert).map(str::to_string)
        };
        let mut entry = crate::audit::Entry::for_cert("ca-retired", &p.cert).key(location);
        if !dependents.is_empty() {
            entry = entry.detail("forced_dependents", dependents.join(","));
        }
        store.audit(entry)?;
    }
    let mut archived = Vec::new();
    for p in &retirement.retiring {
        archived.push(store.archive(&p.dir)?);
        fs::remove_dir_all(&p.dir).map_err(|e| store::Error::io(&p.dir, e))?;
    }
    let trust = store.write_trust_files()?;
    crate::inventory::update(store)?;
    Ok(Retired { archived, trust })
}

impl Retirement {
    /// The namespaces whose rotated-out CAs are retired (their current CA may still sit
    /// under the shared root: what retiring did not cut off).
    pub fn namespaces(&self, store: &Store) -> Vec<String> {
        let mut namespaces: Vec<String> = self
            .retiring
            .iter()
            .filter_map(|p| {
                p.dir
                    .parent()
                    .filter(|d| d.parent() == Some(&store.previous_namespace_cas_dir()))
                    .and_then(|d| d.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .collect();
        namespaces.dedup();
        namespaces
    }
}
