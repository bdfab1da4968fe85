//! `ca rotate`: the checks, the successors (the rotated CA and the CAs it signed), and
//! their installation with the old CAs kept as previous generations.

use super::successor::{Successor, read_set, successor, write_set};
use super::{scope_name, shared_root_parent};
use crate::Error;
use crate::custody::{self, Pkcs11Uri};
use crate::pki::{CaKind, CertInfo, IssuingCa};
use crate::store::{self, Config, RootMode, Store, generation_of, key_store};

/// Refuses a rotation tcerts cannot do: a missing CA, a CA an enterprise root signs, a
/// `--key-store` token (`key_store`) that is unusable or cannot hold the key type, an
/// issuing CA without the root key to sign its successor. Returns the parsed token.
pub fn check_rotatable(
    store: &Store,
    config: &Config,
    kind: &CaKind,
    key_store: Option<&str>,
) -> Result<Option<Pkcs11Uri>, Error> {
    let dir = store.dir();
    if !store.ca_exists(kind) {
        return Err(store::Error::Missing {
            path: store.ca_cert(kind),
            what: format!("the {} CA to rotate", scope_name(kind)),
        }
        .into());
    }
    let external = config.root.mode == RootMode::External;
    if external && !matches!(kind, CaKind::Namespace(_)) {
        return Err(Error::Usage(format!(
            "{} uses an enterprise root: its {} CA is signed outside tcerts. Have the enterprise root sign a new issuing CA; namespace CAs can be rotated with --namespace",
            dir.display(),
            scope_name(kind)
        )));
    }
    let key_store_flag = match key_store {
        Some(s) => {
            let uri = custody::parse_key_store(s).map_err(store::Error::from)?;
            if !config.defaults.key_type.fits_a_token() {
                return Err(Error::Usage(format!(
                    "key type {}: CA keys in a PKCS#11 token are ECDSA P-256/P-384 or RSA 2048-4096",
                    config.defaults.key_type
                )));
            }
            key_store::check_key_store(&uri)?;
            Some(uri)
        }
        None => None,
    };
    let root_key = store.ca_has_key(&CaKind::Root);
    if !root_key && *kind == CaKind::Intermediate {
        return Err(Error::Usage(format!(
            "the root key is not in {}: bring it back (tcerts keeps it in ca/root/key.pem) to sign the new issuing CA",
            dir.display()
        )));
    }
    Ok(key_store_flag)
}

/// Makes the successor of the CA `kind` and of every CA it signed (`anchor`: where a
/// rotated namespace CA now sits, when given: under the shared root or its own root;
/// `ks`: the `--key-store` token the new keys go to).
pub fn plan_successors(
    store: &Store,
    config: &Config,
    kind: &CaKind,
    anchor: Option<bool>,
    ks: Option<&Pkcs11Uri>,
    now: time::OffsetDateTime,
) -> Result<Vec<Successor>, Error> {
    let external = config.root.mode == RootMode::External;
    // Whether each namespace CA's successor sits under the shared root: as declared
    // (or as given now), else its own root. A namespace CA of an older tcerts (signed
    // under the root, nothing declared) thereby moves to its own root: the migration.
    let declared = |ns: &str| {
        config
            .namespace(ns)
            .map_or(external, |n| n.under_root(config.root.mode))
    };

    let mut successors = Vec::new();
    // Namespace CAs signed by a rotated CA move with it, to the new one or to their own root.
    let follow = |successors: &mut Vec<Successor>,
                  old_parent: &CertInfo,
                  new_parent: &IssuingCa|
     -> Result<(), Error> {
        for ns in store.namespaces_with_cas() {
            let nk = CaKind::Namespace(ns.clone());
            if !store.ca_exists(&nk) {
                continue;
            }
            let c = Store::read_cert(&store.ca_cert(&nk))?;
            if c.issuer_raw != old_parent.subject_raw {
                continue;
            }
            let parent = declared(&ns).then_some(new_parent);
            successors.push(successor(store, config, &nk, parent, ks, now)?.0);
        }
        Ok(())
    };
    match kind {
        CaKind::Root => {
            let old_root = store.root_cert()?;
            let (root, root_signer) = successor(store, config, &CaKind::Root, None, ks, now)?;
            successors.push(root);
            let old_inter = Store::read_cert(&store.ca_cert(&CaKind::Intermediate))?;
            let (inter, inter_signer) = successor(
                store,
                config,
                &CaKind::Intermediate,
                Some(&root_signer),
                ks,
                now,
            )?;
            successors.push(inter);
            follow(&mut successors, &old_root, &root_signer)?;
            follow(&mut successors, &old_inter, &inter_signer)?;
        }
        CaKind::Intermediate => {
            let root = store.issuing_ca(&CaKind::Root)?;
            let old_inter = Store::read_cert(&store.ca_cert(&CaKind::Intermediate))?;
            let (inter, inter_signer) = successor(store, config, kind, Some(&root), ks, now)?;
            successors.push(inter);
            follow(&mut successors, &old_inter, &inter_signer)?;
        }
        CaKind::Namespace(ns) => {
            let parent = if anchor.unwrap_or_else(|| declared(ns)) {
                Some(shared_root_parent(store, store.dir())?)
            } else {
                None
            };
            successors.push(successor(store, config, kind, parent.as_ref(), ks, now)?.0);
        }
    }
    Ok(successors)
}

/// Records the new CAs in the audit log, makes a `--key-store` token (`ks`) the PKI's
/// `[key_store]` when it had none, writes the successors in, keeps the old CAs as previous
/// generations, records a namespace CA's new place (`anchor`) in tcerts.toml, and rewrites
/// the trust files and the inventory.
pub fn install(
    store: &Store,
    config: &Config,
    kind: &CaKind,
    anchor: Option<bool>,
    ks: Option<&Pkcs11Uri>,
    successors: &[Successor],
) -> Result<store::TrustFiles, Error> {
    for s in successors {
        store.audit_ca("ca-issued", &s.kind, &s.new, s.key_location.clone())?;
    }
    // Moving into a token: CAs created from now on go there too.
    if let Some(uri) = ks
        && config.key_store.is_none()
    {
        let text = store.read_config_text()?;
        let text = key_store::set_key_store(&store.config_path(), &text, uri)?;
        store.write_config_text(&text)?;
    }
    // Keep every old CA first, then swap the new ones in: a crash in between leaves the
    // old CAs current (and a duplicate in previous/, which trust bundles skip).
    for s in successors {
        let current = store.ca_dir(&s.kind);
        let keep = store
            .previous_dir(&s.kind)
            .join(format!("G{}", generation_of(&s.old)));
        write_set(&keep, &read_set(&current)?)?;
    }
    for s in successors {
        write_set(&store.ca_dir(&s.kind), &s.files)?;
    }
    if let (CaKind::Namespace(ns), Some(under)) = (kind, anchor) {
        let text =
            store::add_namespace(&store.config_path(), &store.read_config_text()?, ns, under)?;
        store.write_config_text(&text)?;
    }
    let trust = store.write_trust_files()?;
    crate::inventory::update(store)?;
    Ok(trust)
}
