//! CA rotation and retirement: a CA's successor, trusted alongside it until every
//! certificate has moved over, then the old one's removal.
//!
//! Rotation keeps the old CA in `DIR/ca/previous/SCOPE/G<n>/` (see `store`), so that
//! `Store::trusted_cas` (trust bundles) and every certificate's `ca.pem` (all trusted roots)
//! carry both; `apply` then re-issues every certificate from the new CA. Rotating the root
//! also rotates the CAs it signed, so that nothing chains to the old root any more.
//! `commands::rotate` parses the flags and prints; everything that decides or writes is here.

mod retire;
mod rotate;
mod successor;

use std::path::Path;

use crate::Error;
use crate::pki::{CaKind, CertInfo, IssuingCa};
use crate::store::Store;

pub use retire::{Retired, Retirement, plan_retirement, retire};
pub use rotate::{check_rotatable, install, plan_successors};
pub use successor::Successor;

/// How messages name a CA scope: `root`, `intermediate`, `namespace-NS`.
pub fn scope_name(kind: &CaKind) -> String {
    match kind {
        CaKind::Root => "root".into(),
        CaKind::Intermediate => "intermediate".into(),
        CaKind::Namespace(ns) => format!("namespace-{ns}"),
    }
}

/// The `tcerts ca rotate|retire` flag that selects a CA scope.
pub fn scope_flag(kind: &CaKind) -> String {
    match kind {
        CaKind::Root => " --root".into(),
        CaKind::Intermediate => String::new(),
        CaKind::Namespace(ns) => format!(" --namespace {ns}"),
    }
}

/// The `tcerts bundle` scope flag of a CA scope (the root's bundle is the default one).
pub fn bundle_flag(kind: &CaKind) -> String {
    match kind {
        CaKind::Namespace(ns) => format!(" --namespace {ns}"),
        _ => String::new(),
    }
}

/// How messages name a CA: its CN, else its subject.
pub fn cn(c: &CertInfo) -> String {
    c.common_name.clone().unwrap_or_else(|| c.subject.clone())
}

/// The CA that signs a namespace CA under the shared root: the root when tcerts holds its
/// key (so that `trust/clients.pem`, which anchors on issuing CAs, drops a retired
/// namespace generation), else the issuing intermediate if its path length allows.
pub fn shared_root_parent(store: &Store, dir: &Path) -> Result<IssuingCa, Error> {
    let parent_kind = if store.ca_has_key(&CaKind::Root) {
        CaKind::Root
    } else {
        CaKind::Intermediate
    };
    let parent = store.issuing_ca(&parent_kind)?;
    if parent_kind == CaKind::Intermediate && parent.cert.path_len == Some(0) {
        return Err(Error::Usage(format!(
            "the root key is not in {} and the issuing CA has pathLenConstraint 0, so it cannot sign a namespace CA under the shared root; \
             have your enterprise root sign the intermediate with a path length of at least 1, or give the namespace its own root (--own-root)",
            dir.display()
        )));
    }
    Ok(parent)
}
