//! `tcerts ca rotate` and `tcerts ca retire`: a CA's successor, trusted alongside it until
//! every certificate has moved over, then the old one's removal.
//!
//! Rotation keeps the old CA in `DIR/ca/previous/SCOPE/G<n>/` (see `store`), so that
//! `Store::trusted_cas` (trust bundles) and every certificate's `ca.pem` (all trusted roots)
//! carry both; `apply` then re-issues every certificate from the new CA. Rotating the root
//! also rotates the CAs it signed, so that nothing chains to the old root any more.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::bundle::NamespaceTrust;
use crate::cli::{CaExportRootKeyArgs, CaRetireArgs, CaRotateArgs, CaScopeArgs};
use crate::custody::{self, Pkcs11Uri};
use crate::output::Output;
use crate::output::shell_path;
use crate::pki::{self, CaKind, CaSpec, CertInfo, IssuingCa};
use crate::store::key_store;
use crate::store::{self, LockMode, RootMode, Store, atomic, generation_of};

fn scope_kind(scope: &CaScopeArgs) -> Result<CaKind, Error> {
    Ok(match (&scope.namespace, scope.root) {
        (Some(ns), _) => {
            pki::validate_namespace(ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
            CaKind::Namespace(ns.clone())
        }
        (None, true) => CaKind::Root,
        (None, false) => CaKind::Intermediate,
    })
}

fn scope_name(kind: &CaKind) -> String {
    match kind {
        CaKind::Root => "root".into(),
        CaKind::Intermediate => "intermediate".into(),
        CaKind::Namespace(ns) => format!("namespace-{ns}"),
    }
}

fn scope_flag(kind: &CaKind) -> String {
    match kind {
        CaKind::Root => " --root".into(),
        CaKind::Intermediate => String::new(),
        CaKind::Namespace(ns) => format!(" --namespace {ns}"),
    }
}

/// The `tcerts bundle` scope flag of a CA scope (the root's bundle is the default one).
fn bundle_flag(kind: &CaKind) -> String {
    match kind {
        CaKind::Namespace(ns) => format!(" --namespace {ns}"),
        _ => String::new(),
    }
}

fn cn(c: &CertInfo) -> String {
    c.common_name.clone().unwrap_or_else(|| c.subject.clone())
}

/// A file of a CA directory: name, content, mode.
type CaFile = (&'static str, Vec<u8>, u32);

/// The files of a CA directory, read to be copied as one set.
fn read_set(dir: &Path) -> Result<Vec<CaFile>, Error> {
    let mut files = Vec::new();
    for (name, mode) in [
        ("cert.pem", atomic::PUBLIC_MODE),
        ("key.pem", atomic::KEY_MODE),
        ("chain.pem", atomic::PUBLIC_MODE),
        ("csr.pem", atomic::PUBLIC_MODE),
    ] {
        let path = dir.join(name);
        if path.is_file() {
            let bytes = fs::read(&path).map_err(|e| store::Error::io(&path, e))?;
            files.push((name, bytes, mode));
        }
    }
    Ok(files)
}

fn write_set(dir: &Path, files: &[CaFile]) -> Result<(), Error> {
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
struct Successor {
    kind: CaKind,
    old: CertInfo,
    new: CertInfo,
    files: Vec<CaFile>,
    /// Where the new CA's key lives (key.pem or a PKCS#11 URI).
    key_location: String,
}

/// Reports the rewritten self-hosted trust files (and the older tcerts' root-anchored
/// trust files removed).
pub(super) fn report_trust_files(t: &store::TrustFiles, out: Output) {
    for p in &t.written {
        let what = if p.ends_with("internode.pem") {
            "internode clientCaFiles: every trusted issuing CA generation"
        } else {
            "frontend clientCaFiles: every trusted issuing and namespace CA generation"
        };
        out.wrote(p, what);
    }
    for p in &t.removed_legacy {
        out.warn(&format!(
            "removed {}: it anchored on the root, so it accepted certificates of retired CAs; point clientCaFiles at {} ({} for internode) instead",
            p.display(),
            store::CLIENTS_FILE,
            store::INTERNODE_FILE
        ));
    }
}

/// Makes the successor of the CA `kind`, signed by `parent` (None: a new root).
fn successor(
    store: &Store,
    config: &store::Config,
    kind: &CaKind,
    parent: Option<&IssuingCa>,
    key_store_flag: Option<&Pkcs11Uri>,
    now: time::OffsetDateTime,
) -> Result<(Successor, IssuingCa), Error> {
    let old = Store::read_cert(&store.ca_dir(kind).join("cert.pem"))?;
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
    let mut files = vec![(
        "cert.pem",
        made.cert.pem().into_bytes(),
        atomic::PUBLIC_MODE,
    )];
    if let Some(k) = &key_pem {
        files.push(("key.pem", k.as_bytes().to_vec(), atomic::KEY_MODE));
    }
    if !above.is_empty() {
        let pem: String = above.iter().map(CertInfo::pem).collect();
        files.push(("chain.pem", pem.into_bytes(), atomic::PUBLIC_MODE));
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

pub(super) fn rotate(dir: &Path, args: CaRotateArgs, out: Output) -> Result<(), Error> {
    let kind = scope_kind(&args.scope)?;
    let anchor = args.anchor.under_root();
    if anchor.is_some() && !matches!(kind, CaKind::Namespace(_)) {
        return Err(Error::Usage(
            "--under-root and --own-root choose where a namespace CA sits: use them with --namespace NS".into(),
        ));
    }
    let store = Store::open(dir, LockMode::Exclusive)?;
    let config = store.config()?;
    if !store.ca_exists(&kind) {
        return Err(store::Error::Missing {
            path: store.ca_dir(&kind).join("cert.pem"),
            what: format!("the {} CA to rotate", scope_name(&kind)),
        }
        .into());
    }
    let external = config.root.mode == RootMode::External;
    if external && !matches!(kind, CaKind::Namespace(_)) {
        return Err(Error::Usage(format!(
            "{} uses an enterprise root: its {} CA is signed outside tcerts. Have the enterprise root sign a new issuing CA; namespace CAs can be rotated with --namespace",
            dir.display(),
            scope_name(&kind)
        )));
    }
    let key_store_flag = match &args.key_store {
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
    let ks = key_store_flag.as_ref();
    let root_key = store.ca_has_key(&CaKind::Root);
    if !root_key && kind == CaKind::Intermediate {
        return Err(Error::Usage(format!(
            "the root key is not in {}: bring it back (tcerts keeps it in ca/root/key.pem) to sign the new issuing CA",
            dir.display()
        )));
    }
    // Whether each namespace CA's successor sits under the shared root: as declared
    // (or as given now), else its own root. A namespace CA of an older tcerts (signed
    // under the root, nothing declared) thereby moves to its own root: the migration.
    let declared = |ns: &str| {
        config
            .namespace(ns)
            .map_or(external, |n| n.under_root(config.root.mode))
    };
    let now = pki::now();
    let spinner = config
        .defaults
        .key_type
        .is_slow_to_generate()
        .then(|| out.spinner("generating the new CA key"))
        .flatten();

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
            let c = Store::read_cert(&store.ca_dir(&nk).join("cert.pem"))?;
            if c.issuer_raw != old_parent.subject_raw {
                continue;
            }
            let parent = declared(&ns).then_some(new_parent);
            successors.push(successor(&store, &config, &nk, parent, ks, now)?.0);
        }
        Ok(())
    };
    match &kind {
        CaKind::Root => {
            let old_root = store.root_cert()?;
            let (root, root_signer) = successor(&store, &config, &CaKind::Root, None, ks, now)?;
            successors.push(root);
            let old_inter =
                Store::read_cert(&store.ca_dir(&CaKind::Intermediate).join("cert.pem"))?;
            let (inter, inter_signer) = successor(
                &store,
                &config,
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
            let old_inter =
                Store::read_cert(&store.ca_dir(&CaKind::Intermediate).join("cert.pem"))?;
            let (inter, inter_signer) = successor(&store, &config, &kind, Some(&root), ks, now)?;
            successors.push(inter);
            follow(&mut successors, &old_inter, &inter_signer)?;
        }
        CaKind::Namespace(ns) => {
            let parent = if anchor.unwrap_or_else(|| declared(ns)) {
                Some(super::namespace::shared_root_parent(&store, dir)?)
            } else {
                None
            };
            successors.push(successor(&store, &config, &kind, parent.as_ref(), ks, now)?.0);
        }
    }
    if let Some(s) = spinner {
        s.finish_and_clear();
    }

    for s in &successors {
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
    for s in &successors {
        let current = store.ca_dir(&s.kind);
        let keep = store
            .previous_dir(&s.kind)
            .join(format!("G{}", generation_of(&s.old)));
        write_set(&keep, &read_set(&current)?)?;
    }
    for s in &successors {
        write_set(&store.ca_dir(&s.kind), &s.files)?;
    }
    if let (CaKind::Namespace(ns), Some(under)) = (&kind, anchor) {
        let text =
            store::add_namespace(&store.config_path(), &store.read_config_text()?, ns, under)?;
        store.write_config_text(&text)?;
    }
    let trust = store.write_trust_files()?;
    crate::inventory::update(&store)?;
    let config = store.config()?;

    let d = shell_path(dir);
    for s in &successors {
        let where_ = if s.new.is_self_issued() && matches!(s.kind, CaKind::Namespace(_)) {
            if s.old.is_self_issued() {
                " (its own root)".to_string()
            } else {
                " (now its own root: the namespace leaves the shared root)".to_string()
            }
        } else {
            String::new()
        };
        out.done(&format!(
            "Rotated {}: {} → {}{where_} (valid until {}); {} stays trusted until `tcerts ca retire{}`",
            scope_name(&s.kind),
            cn(&s.old),
            cn(&s.new),
            pki::format_time(s.new.not_after),
            cn(&s.old),
            scope_flag(&s.kind)
        ));
        for s in successors
            .iter()
            .filter(|s| custody::is_uri(&s.key_location))
        {
            out.line(&format!(
                "  {} key in the token, sensitive and never extractable: {}",
                scope_name(&s.kind),
                s.key_location
            ));
        }
    }
    report_trust_files(&trust, out);
    for s in &successors {
        if let CaKind::Namespace(ns) = &s.kind
            && let Some(costs) = NamespaceTrust::of(&store, &config, ns)?.costs(&d)
        {
            out.warn(&costs);
        }
    }
    let clients = shell_path(&store.clients_trust_file());
    let ns = bundle_flag(&kind);
    let mut next = Vec::new();
    if kind == CaKind::Root {
        next.push(format!(
            "1. Self-hosted: deploy {clients} (frontend clientCaFiles) and {} (internode clientCaFiles): they hold the old and new issuing CAs",
            shell_path(&store.internode_trust_file())
        ));
        next.push(format!(
            "   Temporal Cloud: tcerts --dir {d} bundle --namespace NS --output cloud-bundle.pem for each namespace, then tcld namespace accepted-client-ca set"
        ));
        next.push(format!(
            "2. tcerts --dir {d} apply   re-issues every certificate of the old issuing CA; the others (namespaces with their own root) get the new ca.pem only, same key and serial; each ca.pem now holds both roots"
        ));
        next.push("3. Deploy every certificate's ca.pem (clients' and servers' rootCaFiles) before any server presents a new certificate, then the new certificates".into());
    } else {
        next.push(format!(
            "1. Self-hosted: deploy {clients} (frontend clientCaFiles{}): it holds the old and new CAs",
            if kind == CaKind::Intermediate {
                format!("; internode: {}", shell_path(&store.internode_trust_file()))
            } else {
                String::new()
            }
        ));
        next.push(format!(
            "   Temporal Cloud: tcerts --dir {d} bundle{ns} --output cloud-bundle.pem (old and new CAs, Cloud rules checked), then"
        ));
        next.push(
            "   tcld namespace accepted-client-ca set --namespace NAMESPACE.ACCOUNT --ca-certificate-file cloud-bundle.pem".into(),
        );
        next.push(format!(
            "2. tcerts --dir {d} apply   re-issues every certificate from the new CA; deploy them"
        ));
    }
    next.push(format!(
        "{}. When no certificate from the old CA is in use: tcerts --dir {d} ca retire{}, then deploy the trust files and bundles it rewrites",
        if kind == CaKind::Root { 4 } else { 3 },
        scope_flag(&kind)
    ));
    out.next("Next:", &next);
    out.json(&json!({
        "rotated": successors.iter().map(|s| json!({
            "scope": scope_name(&s.kind),
            "old": {"subject": s.old.subject, "serial": s.old.serial_hex, "not_after": pki::format_time(s.old.not_after)},
            "new": {"subject": s.new.subject, "issuer": s.new.issuer, "serial": s.new.serial_hex, "not_after": pki::format_time(s.new.not_after)},
        })).collect::<Vec<_>>(),
        "trust_files": trust.written.iter().map(|b| b.display().to_string()).collect::<Vec<_>>(),
    }));
    Ok(())
}

pub(super) fn retire(dir: &Path, args: CaRetireArgs, out: Output) -> Result<(), Error> {
    let kind = scope_kind(&args.scope)?;
    let store = Store::open(dir, LockMode::Exclusive)?;
    let config = store.config()?;
    let mut retiring = store.previous_cas(&kind)?;
    if retiring.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no rotated-out {} CA to retire (rotate first: tcerts ca rotate{})",
            dir.display(),
            scope_name(&kind),
            scope_flag(&kind)
        )));
    }
    if matches!(kind, CaKind::Root | CaKind::Intermediate) {
        // The old CAs the retiring ones signed go with them (for the root: the old issuing
        // CAs, then what those signed).
        let mut others = Vec::new();
        if kind == CaKind::Root {
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
                let current = Store::read_cert(&store.ca_dir(&other).join("cert.pem"))?;
                if old.contains(&current.issuer_raw) {
                    return Err(Error::Usage(format!(
                        "the current {} CA ({}) is still signed by the old {} CA; rotate it first: tcerts ca rotate{}",
                        scope_name(&other),
                        cn(&current),
                        scope_name(&kind),
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
            if let Ok(c) = Store::read_cert(&e.path().join("cert.pem"))
                && c.not_after > now
                && subjects.contains(&c.issuer_raw)
            {
                dependents.push(name);
            }
        }
    }
    dependents.sort();
    let d = shell_path(dir);
    if !dependents.is_empty() && !args.force {
        return Err(Error::Usage(format!(
            "{} unexpired certificate(s) still depend on the old CA: {}.\nRe-issue them from the new CA with `tcerts --dir {d} apply` and deploy them, then retire; --force retires anyway (they stop being trusted)",
            dependents.len(),
            dependents.join(", ")
        )));
    }
    if !dependents.is_empty() {
        out.warn(&format!(
            "--force: these certificates are no longer trusted: {}",
            dependents.join(", ")
        ));
    }
    for p in &retiring {
        let key = p.dir.join("key.pem");
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
    for p in &retiring {
        archived.push(store.archive(&p.dir)?);
        fs::remove_dir_all(&p.dir).map_err(|e| store::Error::io(&p.dir, e))?;
    }
    let trust = store.write_trust_files()?;
    crate::inventory::update(&store)?;

    for p in &retiring {
        out.done(&format!(
            "Retired {} (serial {})",
            cn(&p.cert),
            p.cert.serial_hex
        ));
    }
    for a in &archived {
        out.wrote(a, "archived copy (key included)");
    }
    report_trust_files(&trust, out);
    let clients = shell_path(&store.clients_trust_file());
    let ns = bundle_flag(&kind);
    let mut next = vec![format!(
        "Self-hosted: deploy {clients} (frontend clientCaFiles) and {} (internode clientCaFiles): they no longer hold the retired CA",
        shell_path(&store.internode_trust_file())
    )];
    next.push(format!(
        "Temporal Cloud: tcerts --dir {d} bundle{} --output cloud-bundle.pem, then tcld namespace accepted-client-ca set --namespace NAMESPACE.ACCOUNT --ca-certificate-file cloud-bundle.pem",
        if ns.is_empty() { " --namespace NS".to_string() } else { ns }
    ));
    if kind == CaKind::Root {
        next.push(format!(
            "tcerts --dir {d} apply   rewrites every ca.pem without the old root (a trust update: keys and serials kept); deploy them"
        ));
    }
    out.next("Next:", &next);
    // What retiring did not cut off: namespaces still under the shared root.
    let config = store.config()?;
    let mut namespaces: Vec<String> = retiring
        .iter()
        .filter_map(|p| {
            p.dir
                .parent()
                .filter(|d| d.parent() == Some(&store.dir().join("ca/previous/namespaces")))
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        })
        .collect();
    namespaces.dedup();
    for ns in namespaces {
        if store.ca_exists(&CaKind::Namespace(ns.clone()))
            && let Some(costs) = NamespaceTrust::of(&store, &config, &ns)?.costs(&d)
        {
            out.warn(&costs);
        }
    }
    out.json(&json!({
        "retired": retiring.iter().map(|p| json!({"subject": p.cert.subject, "serial": p.cert.serial_hex})).collect::<Vec<_>>(),
        "forced_dependents": dependents,
        "trust_files": trust.written.iter().map(|b| b.display().to_string()).collect::<Vec<_>>(),
    }));
    Ok(())
}

pub(super) fn export_root_key(
    dir: &Path,
    args: CaExportRootKeyArgs,
    out: Output,
) -> Result<(), Error> {
    let store = Store::open(dir, LockMode::Exclusive)?;
    let key_path = store.ca_dir(&CaKind::Root).join("key.pem");
    if !key_path.is_file() && store.ca_has_key(&CaKind::Root) {
        return Err(Error::Usage(format!(
            "the root CA key of {} is in a PKCS#11 token: it cannot leave it (non-extractable), and needs no offline copy",
            dir.display()
        )));
    }
    if !key_path.is_file() {
        return Err(store::Error::Missing {
            path: key_path,
            what: "the root CA key (an enterprise root, or already exported)".into(),
        }
        .into());
    }
    // The copy must be usable before the original goes: it is the key's only copy.
    let root = store.root_cert()?;
    let key = Store::read_ca_key(&key_path)?;
    if rcgen::PublicKeyData::der_bytes(&key) != root.public_key.as_slice() {
        return Err(Error::Usage(format!(
            "{} does not belong to the root certificate; not exporting it",
            key_path.display()
        )));
    }
    let bytes = store::read_pki_file(&key_path)?;
    crate::revocation::ensure_parent(&args.output)?;
    atomic::write_new_secret(&args.output, &bytes)?;
    store.audit(
        crate::audit::Entry::for_cert("root-key-exported", &root)
            .name("root")
            .key(Some(store.ca_key_location(&CaKind::Root)))
            .detail(
                "output",
                std::path::absolute(&args.output)
                    .unwrap_or_else(|_| args.output.clone())
                    .display()
                    .to_string(),
            ),
    )?;
    let copy = zeroize::Zeroizing::new(
        fs::read(&args.output).map_err(|e| store::Error::io(&args.output, e))?,
    );
    if *copy != *bytes {
        return Err(Error::Usage(format!(
            "{} does not read back identical; the root key was left in place",
            args.output.display()
        )));
    }
    fs::remove_file(&key_path).map_err(|e| store::Error::io(&key_path, e))?;
    atomic::sync_dir(&store.ca_dir(&CaKind::Root))?;
    let encrypted = pki::is_encrypted_pem(&bytes);

    out.done("Exported the root CA key and removed it from the PKI");
    out.wrote(
        &args.output,
        if encrypted {
            "root CA key (encrypted PKCS#8, 0600)"
        } else {
            "root CA key (PKCS#8, NOT encrypted, 0600)"
        },
    );
    if !encrypted {
        out.warn("the exported root key is not encrypted: store it offline and encrypted");
    }
    let d = shell_path(dir);
    out.next(
        "Next:",
        &[
            format!("Store {} offline (and a second copy elsewhere).", shell_path(&args.output)),
            "Issuing and renewal keep working: they need only the issuing and namespace CAs.".into(),
            format!(
                "Rotating the root or the issuing CA, or adding a namespace, needs it back at {d}/ca/root/key.pem"
            ),
        ],
    );
    out.json(&json!({
        "exported": args.output.display().to_string(),
        "encrypted": encrypted,
        "removed": key_path.display().to_string(),
    }));
    Ok(())
}
