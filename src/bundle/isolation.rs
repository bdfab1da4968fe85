//! Whether a namespace is isolated by construction, and, when it is not, what that costs
//! and what does cut its certificates off. The words printed by `namespace add`,
//! `bundle --namespace`, `ca rotate|retire --namespace` (see docs/trust-model.md).

use crate::pki::{CaKind, CertInfo};
use crate::store::{self, Config, RootMode, Store};

/// Where a namespace's trusted CA generations sit.
#[derive(Debug, Clone)]
pub struct NamespaceTrust {
    pub namespace: String,
    /// The choice recorded in tcerts.toml (or the root mode's default).
    pub declared_under_root: bool,
    /// The current CA is its own self-signed root.
    pub current_is_own_root: bool,
    /// The current CA was signed by the issuing intermediate (not by the root).
    pub current_under_issuing_ca: bool,
    /// Trusted generations (current or rotated-out) that chain to the shared root.
    pub under_root_generations: Vec<String>,
    pub external_root: bool,
}

impl NamespaceTrust {
    pub fn of(store: &Store, config: &Config, ns: &str) -> Result<Self, store::Error> {
        let kind = CaKind::Namespace(ns.to_string());
        let current = Store::read_cert(&store.ca_cert(&kind))?;
        let inter = store.ca_cert(&CaKind::Intermediate);
        let current_under_issuing_ca = inter.is_file()
            && Store::read_cert(&inter).is_ok_and(|i| i.subject_raw == current.issuer_raw);
        let under_root_generations = store
            .trusted_cas(&kind)?
            .iter()
            .filter(|c| !c.is_self_issued())
            .map(name)
            .collect();
        let external_root = config.root.mode == RootMode::External;
        let declared_under_root = config
            .namespace(ns)
            .map_or(external_root, |n| n.under_root(config.root.mode));
        Ok(NamespaceTrust {
            namespace: ns.to_string(),
            declared_under_root,
            current_is_own_root: current.is_self_issued(),
            current_under_issuing_ca,
            under_root_generations,
            external_root,
        })
    }

    /// True when the namespace's Cloud bundle holds nothing but its own roots.
    pub fn isolated(&self) -> bool {
        self.under_root_generations.is_empty()
    }

    /// The plain statement of what sitting under the shared root costs, and what cuts the
    /// namespace's certificates off; None when the namespace is isolated by construction.
    pub fn costs(&self, dir: &str) -> Option<String> {
        if self.isolated() {
            return None;
        }
        let ns = &self.namespace;
        if self.current_is_own_root {
            // Migration overlap: the new generation is its own root, an old one is not.
            return Some(format!(
                "namespace '{ns}' is moving to its own root, but its trusted previous CA ({}) still chains to the shared root: \
                 until `tcerts --dir {dir} ca retire --namespace {ns}`, its Cloud bundle holds that root, so Temporal Cloud admits \
                 every certificate under the root (other namespaces' workers, CLI certificates) unless the namespace's certificate \
                 filters keep them out (`tcerts --dir {dir} filters --namespace {ns}`). After `apply` and the retire, the bundle holds \
                 only the namespace's own roots.",
                self.under_root_generations.join(", ")
            ));
        }
        let root = if self.external_root {
            "the enterprise root"
        } else {
            "the shared root"
        };
        let mut s = format!(
            "namespace '{ns}' sits under {root}: its Temporal Cloud bundle must hold that root, so Cloud admits every \
             certificate under it (other namespaces' workers, CLI and server-side client certificates) unless certificate \
             filters keep them out. Filters are mandatory for this namespace: `tcerts --dir {dir} filters --namespace {ns}`. \
             Retiring this namespace's CA does NOT cut its certificates off in Temporal Cloud before they expire: they, and \
             anything the retired key signs later, still chain to {root} in the bundle, and filters match only the subject. "
        );
        if self.external_root {
            s.push_str(&format!(
                "What cuts them off in Cloud: their expiry (keep leaf validity short), or taking the enterprise root out of \
                 the bundle by giving the namespace its own root (`tcerts --dir {dir} ca rotate --namespace {ns} --own-root`, `apply`, `ca retire --namespace {ns}`). "
            ));
        } else {
            s.push_str(&format!(
                "What cuts them off in Cloud: rotating the root (`tcerts --dir {dir} ca rotate --root`, `apply`, `ca retire --root`), \
                 their expiry (keep leaf validity short), or giving the namespace its own root (`ca rotate --namespace {ns} --own-root`, `apply`, `ca retire --namespace {ns}`). "
            ));
        }
        if self.current_under_issuing_ca {
            s.push_str(&format!(
                "Self-hosted: trust/clients.pem holds the issuing CA that signed this namespace CA, so a retired generation's \
                 certificates stay accepted until that issuing CA is replaced and retired{}.",
                if self.external_root {
                    " (a new issuing CA signed by the enterprise root, every certificate re-issued), or until they expire"
                } else {
                    " (`ca rotate`, `apply`, `ca retire`)"
                }
            ));
        } else {
            s.push_str(&format!(
                "Self-hosted: trust/clients.pem anchors on the namespace CA itself (not the root), so `ca retire --namespace {ns}` \
                 does cut a retired generation off there."
            ));
        }
        Some(s)
    }
}

fn name(c: &CertInfo) -> String {
    c.common_name.clone().unwrap_or_else(|| c.subject.clone())
}
