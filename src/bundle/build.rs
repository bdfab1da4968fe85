//! Building a namespace's accepted client CA bundle from the PKI: which CAs are trusted,
//! the certificates up to the root, a deterministic order, and the encodings tcld and
//! Terraform take.
//!
//! Every CA a scope trusts comes from one function, [`trusted_cas`]. Today that is the
//! scope's current issuing CA; a CA rotation adds the previous generation there, so that
//! the bundle holds the old and the new CA side by side and can be uploaded before any
//! client moves.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use base64::Engine;

use crate::pki::{self, CaKind, CertInfo, fingerprint_sha256, is_signed_by};
use crate::store::{self, Store};

/// Whose bundle: one Temporal namespace, or the default issuing CA (namespace-less clients).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Default,
    Namespace(String),
}

impl Scope {
    pub fn ca_kind(&self) -> CaKind {
        match self {
            Scope::Default => CaKind::Intermediate,
            Scope::Namespace(ns) => CaKind::Namespace(ns.clone()),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Scope::Default => "the default issuing CA".into(),
            Scope::Namespace(ns) => format!("namespace '{ns}'"),
        }
    }
}

/// The CA certificates whose leaves a scope accepts: the scope's issuing CA (and, during
/// a rotation, the previous ones). The bundle adds every certificate above them up to
/// the root.
pub fn trusted_cas(store: &Store, scope: &Scope) -> Result<Vec<CertInfo>, store::Error> {
    let kind = scope.ca_kind();
    let path = store.ca_cert(&kind);
    if !path.is_file() {
        let what = match scope {
            Scope::Namespace(ns) => {
                format!("the CA of namespace '{ns}' (run `tcerts namespace add {ns}`)")
            }
            Scope::Default => "the issuing CA certificate (run `tcerts init`, or `tcerts ca import` for an external root)".into(),
        };
        return Err(store::Error::Missing { path, what });
    }
    // The current CA first, then the rotated-out ones not yet retired (`ca rotate`).
    store.trusted_cas(&kind)
}

/// The bundle of a scope: its trusted CAs and, for each, every certificate up to its
/// root, without repeats, root first. Issuers are looked up among all the PKI's CA
/// certificates and chain files, so CAs of other generations (a rotation) find theirs; a
/// CA whose issuer is nowhere stays alone and the Cloud checks report the gap.
pub fn scope_bundle(store: &Store, scope: &Scope) -> Result<Vec<CertInfo>, store::Error> {
    let trusted = trusted_cas(store, scope)?;
    let mut pool = all_cas(store)?;
    pool.extend(chain_files(store)?);
    // Rotated-out roots and issuing CAs: the issuers of rotated-out CAs.
    for kind in [CaKind::Root, CaKind::Intermediate] {
        pool.extend(store.trusted_cas(&kind)?);
    }
    if let Ok(root) = store.root_cert() {
        pool.push(root);
    }
    let mut certs = Vec::new();
    for ca in trusted {
        let mut current = ca;
        // At most as many steps as there are candidate issuers: no loop can run away.
        for _ in 0..=pool.len() {
            let next = if current.is_self_issued() {
                None
            } else {
                pool.iter()
                    .find(|p| {
                        p.der != current.der
                            && p.subject_raw == current.issuer_raw
                            && is_signed_by(&current, p)
                    })
                    .cloned()
            };
            certs.push(current);
            match next {
                Some(n) => current = n,
                None => break,
            }
        }
    }
    dedup(&mut certs);
    Ok(order_root_first(certs))
}

/// The certificates of every `chain.pem` beside a CA (issuers above it, e.g. an
/// enterprise root's intermediates).
fn chain_files(store: &Store) -> Result<Vec<CertInfo>, store::Error> {
    let mut out = Vec::new();
    for d in ca_dirs(store) {
        let chain = d.join(crate::store::CHAIN_FILE);
        if chain.is_file() {
            out.extend(Store::read_certs(&chain)?);
        }
    }
    Ok(out)
}

/// Drops repeated certificates (same DER), keeping the first.
pub fn dedup(certs: &mut Vec<CertInfo>) {
    let mut seen = std::collections::HashSet::new();
    certs.retain(|c| seen.insert(c.der.as_ref().to_vec()));
}

/// Orders certificates root first, then down the hierarchy: by depth below a root found in
/// the set, then by notBefore, then by SHA-256, so the same certificates always give the
/// same bytes. Repeats are kept (next to each other), for the checks to report.
pub fn order_root_first(certs: Vec<CertInfo>) -> Vec<CertInfo> {
    let n = certs.len();
    // Issuers found through an index (bounded signature checks per certificate), and
    // depths memoised: linear in the number of certificates, whatever they claim.
    let issuer_of: Vec<Option<usize>> = {
        let index = pki::IssuerIndex::new(certs.iter());
        (0..n)
            .map(|i| {
                if certs[i].is_self_issued() {
                    return None;
                }
                match index.issuer_of(i) {
                    pki::IssuerLookup::Found(j) => Some(j),
                    pki::IssuerLookup::NotFound { .. } => None,
                }
            })
            .collect()
    };
    let mut depths: Vec<Option<usize>> = vec![None; n];
    let mut on_walk: Vec<usize> = vec![usize::MAX; n];
    for start in 0..n {
        // Walk up until a known depth, a root, or a cycle (a certificate seen on this walk).
        let mut walk = Vec::new();
        let mut cur = start;
        let base = loop {
            if let Some(d) = depths[cur] {
                break d + 1;
            }
            if on_walk[cur] == start {
                break 0;
            }
            on_walk[cur] = start;
            walk.push(cur);
            match issuer_of[cur] {
                Some(p) => cur = p,
                None => break 0,
            }
        };
        // The walk's last certificate sits at `base` (0 for a root), each below it one more.
        for (k, &i) in walk.iter().rev().enumerate() {
            depths[i].get_or_insert(base + k);
        }
    }
    let depth = |i: usize| depths[i].unwrap_or(0);
    let mut keyed: Vec<(usize, i128, String, CertInfo)> = certs
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            (
                depth(i),
                c.not_before.unix_timestamp_nanos(),
                fingerprint_sha256(&c.der),
                c,
            )
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    keyed.into_iter().map(|k| k.3).collect()
}

/// The PEM text uploaded to Temporal Cloud: each certificate, root first.
pub fn pem_text(certs: &[CertInfo]) -> String {
    certs.iter().map(CertInfo::pem).collect()
}

/// Base64 of the PEM text, what `tcld --ca-certificate` and Terraform's
/// `accepted_client_ca` take.
pub fn base64_text(pem: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(pem.as_bytes())
}

/// Every CA certificate of the PKI: the root, the issuing intermediate and each
/// namespace CA.
pub fn all_cas(store: &Store) -> Result<Vec<CertInfo>, store::Error> {
    let mut out = Vec::new();
    for d in ca_dirs(store) {
        let cert = d.join(crate::store::CERT_FILE);
        if cert.is_file() {
            out.extend(Store::read_certs(&cert)?);
        }
    }
    Ok(out)
}

/// The directories that hold a CA: root, intermediate, then the namespaces by name.
fn ca_dirs(store: &Store) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![
        store.ca_dir(&CaKind::Root),
        store.ca_dir(&CaKind::Intermediate),
    ];
    let ns_dir = store.namespace_cas_dir();
    if let Ok(entries) = fs::read_dir(&ns_dir) {
        let mut names: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !is_hidden(p))
            .collect();
        names.sort();
        dirs.extend(names);
    }
    dirs
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The certificates of `bundle` that also issued CAs outside it: while they are in the
/// bundle, Temporal Cloud accepts those CAs' leaves too, unless certificate filters keep
/// them out. Each entry is (the bundle CA's subject, the other CAs' subjects).
pub fn issuers_of_others(bundle: &[CertInfo], all: &[CertInfo]) -> Vec<(String, Vec<String>)> {
    let inside: HashSet<Vec<u8>> = bundle.iter().map(|c| c.der.to_vec()).collect();
    let mut out = Vec::new();
    for b in bundle {
        let others: Vec<String> = all
            .iter()
            .filter(|c| !inside.contains(c.der.as_ref()))
            .filter(|c| c.issuer_raw == b.subject_raw && is_signed_by(c, b))
            .map(|c| c.subject.clone())
            .collect();
        if !others.is_empty() {
            out.push((b.subject.clone(), others));
        }
    }
    out
}

/// Reads user-supplied CA files for `bundle --from`, in the order given.
pub fn read_from_files(paths: &[impl AsRef<Path>]) -> Result<Vec<CertInfo>, store::Error> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(Store::read_certs(p.as_ref())?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::IssuingCa;

    fn ca(kind: CaKind, issuer: Option<&IssuingCa>) -> IssuingCa {
        crate::pki::test_ca(kind, crate::pki::KeyType::EcdsaP256, issuer)
    }

    #[test]
    fn root_first_whatever_the_input_order_and_repeats_dropped() {
        let root = ca(CaKind::Root, None);
        let inter = ca(CaKind::Intermediate, Some(&root));
        let ns = ca(CaKind::Namespace("p".into()), Some(&inter));
        let names = |v: &[CertInfo]| v.iter().map(|c| c.subject.clone()).collect::<Vec<_>>();
        let want = names(&[root.cert.clone(), inter.cert.clone(), ns.cert.clone()]);
        for input in [
            vec![ns.cert.clone(), inter.cert.clone(), root.cert.clone()],
            vec![inter.cert.clone(), root.cert.clone(), ns.cert.clone()],
        ] {
            assert_eq!(names(&order_root_first(input)), want);
        }
        let mut v = vec![root.cert.clone(), ns.cert.clone(), root.cert.clone()];
        dedup(&mut v);
        assert_eq!(v.len(), 2);
        // A root with everything under it issues CAs outside a namespace's bundle.
        let bundle = [root.cert.clone(), inter.cert.clone(), ns.cert.clone()];
        let other = ca(CaKind::Namespace("q".into()), Some(&inter));
        let all = [
            root.cert.clone(),
            inter.cert.clone(),
            ns.cert.clone(),
            other.cert.clone(),
        ];
        let found = issuers_of_others(&bundle, &all);
        assert_eq!(found.len(), 1);
        assert!(found[0].0.contains("Issuing CA"), "{found:?}");
        assert!(issuers_of_others(&all, &all).is_empty());
    }
}
