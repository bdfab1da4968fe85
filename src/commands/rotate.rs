//! `tcerts ca rotate` and `tcerts ca retire`: a CA's successor, trusted alongside it until
//! every certificate has moved over, then the old one's removal.
//!
//! The rotation itself lives in `crate::rotation`; this module reads the flags and prints.

use std::fs;
use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::bundle::NamespaceTrust;
use crate::cli::{CaExportRootKeyArgs, CaRetireArgs, CaRotateArgs, CaScopeArgs};
use crate::custody;
use crate::output::Output;
use crate::output::shell_path;
use crate::pki::{self, CaKind};
use crate::rotation::{self, bundle_flag, cn, scope_flag, scope_name};
use crate::store::{self, LockMode, Store, atomic};

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
    let key_store_flag =
        rotation::check_rotatable(&store, &config, &kind, args.key_store.as_deref())?;
    let ks = key_store_flag.as_ref();
    let now = pki::now();
    let spinner = config
        .defaults
        .key_type
        .is_slow_to_generate()
        .then(|| out.spinner("generating the new CA key"))
        .flatten();
    let successors = rotation::plan_successors(&store, &config, &kind, anchor, ks, now)?;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let trust = rotation::install(&store, &config, &kind, anchor, ks, &successors)?;
    let config = store.config()?;

    let d = shell_path(dir);
    print_rotated(&successors, out);
    out.trust_files(&trust);
    for s in &successors {
        if let CaKind::Namespace(ns) = &s.kind
            && let Some(costs) = NamespaceTrust::of(&store, &config, ns)?.costs(&d)
        {
            out.warn(&costs);
        }
    }
    let next = rotate_next_steps(&store, &kind, &d);
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

/// One line per rotated CA: old → new, and until when the old one stays trusted.
fn print_rotated(successors: &[rotation::Successor], out: Output) {
    for s in successors {
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
}

/// What to deploy, in which order, after rotating the CA `kind`.
fn rotate_next_steps(store: &Store, kind: &CaKind, d: &str) -> Vec<String> {
    let clients = shell_path(&store.clients_trust_file());
    let ns = bundle_flag(kind);
    let mut next = Vec::new();
    if *kind == CaKind::Root {
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
            if *kind == CaKind::Intermediate {
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
        if *kind == CaKind::Root { 4 } else { 3 },
        scope_flag(kind)
    ));
    next
}

pub(super) fn retire(dir: &Path, args: CaRetireArgs, out: Output) -> Result<(), Error> {
    let kind = scope_kind(&args.scope)?;
    let store = Store::open(dir, LockMode::Exclusive)?;
    let retirement = rotation::plan_retirement(&store, &kind)?;
    let dependents = &retirement.dependents;
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
    let rotation::Retired { archived, trust } = rotation::retire(&store, &retirement)?;

    for p in &retirement.retiring {
        out.done(&format!(
            "Retired {} (serial {})",
            cn(&p.cert),
            p.cert.serial_hex
        ));
    }
    for a in &archived {
        out.wrote(a, "archived copy (key included)");
    }
    out.trust_files(&trust);
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
    for ns in retirement.namespaces(&store) {
        if store.ca_exists(&CaKind::Namespace(ns.clone()))
            && let Some(costs) = NamespaceTrust::of(&store, &config, &ns)?.costs(&d)
        {
            out.warn(&costs);
        }
    }
    out.json(&json!({
        "retired": retirement.retiring.iter().map(|p| json!({"subject": p.cert.subject, "serial": p.cert.serial_hex})).collect::<Vec<_>>(),
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
    let key_path = store.ca_key(&CaKind::Root);
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
