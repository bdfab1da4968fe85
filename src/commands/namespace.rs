//! `tcerts namespace add|list`: per-namespace issuing CAs, so that a certificate for one
//! Temporal namespace cannot open another.

use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::cli::NamespaceAddArgs;
use crate::custody;
use crate::output::{Output, json_path};
use crate::pki::{self, CaKind, CaSpec};
use crate::store::key_store;
use crate::store::{LockMode, Store, add_namespace};

pub(super) fn add(dir: &Path, args: NamespaceAddArgs, out: Output) -> Result<(), Error> {
    let ns = args.namespace.trim().to_string();
    pki::validate_namespace(&ns)?;
    let store = Store::open(dir, LockMode::Exclusive)?;
    let config = store.config()?;
    if let Some(existing) = store.namespace_case_clash(&config, &ns) {
        return Err(Error::Usage(format!(
            "namespace '{ns}' would clash with the existing namespace '{existing}': {}. Use '{existing}', or pick a name that differs in more than case",
            crate::store::CASE_CLASH_WHY
        )));
    }
    let kind = CaKind::Namespace(ns.clone());
    if store.ca_exists(&kind) && !args.force {
        return Err(crate::store::Error::Exists(store.ca_dir(&kind)).into());
    }
    // Under the root when tcerts holds its key; under the issuing intermediate when the
    // root is an enterprise's (or its key was taken offline), if its path length allows.
    let key_store = match &args.key_store {
        Some(s) => Some(custody::parse_key_store(s).map_err(crate::store::Error::from)?),
        None => config.key_store_uri()?,
    };
    if key_store.is_some() && !config.defaults.key_type.fits_a_token() {
        return Err(Error::Usage(format!(
            "key type {}: CA keys in a PKCS#11 token are ECDSA P-256/P-384 or RSA 2048-4096",
            config.defaults.key_type
        )));
    }
    let parent_kind = if store.ca_has_key(&CaKind::Root) {
        CaKind::Root
    } else {
        CaKind::Intermediate
    };
    let parent = store.issuing_ca(&parent_kind)?;
    if parent_kind == CaKind::Intermediate && parent.cert.path_len == Some(0) {
        return Err(Error::Usage(format!(
            "the root key is not in {} and the issuing CA has pathLenConstraint 0, so it cannot sign a namespace CA; \
             have your enterprise root sign the intermediate with a path length of at least 1",
            dir.display()
        )));
    }
    let spec = CaSpec {
        kind: kind.clone(),
        org: config.organization.clone(),
        key_type: config.defaults.key_type,
        validity: config.defaults.ca_validity,
        generation: 1,
    };
    let now = pki::now();
    let spinner = config
        .defaults
        .key_type
        .is_slow_to_generate()
        .then(|| out.spinner("generating the namespace CA key"))
        .flatten();
    let key = key_store::generate_ca_key(key_store.as_ref(), &kind, 1, spec.key_type)?;
    let new = pki::new_ca_with_key(&spec, key, Some(&parent), now)?;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let key_pem = key_store::ca_key_file(&new.key, config.root.encrypt_ca_keys)?;
    let above: Vec<_> = parent.intermediates().into_iter().cloned().collect();
    let key_location = store.key_location(&kind, &new.key);
    store.record_ca_key(&new.cert, &new.key)?;
    store.audit_ca("ca-issued", &kind, &new.cert, key_location.clone())?;
    let ca_dir = store.write_ca(
        &kind,
        &new.cert,
        key_pem.as_ref().map(|k| k.as_bytes()),
        &above,
        args.force,
    )?;
    let text = add_namespace(&store.config_path(), &store.read_config_text()?, &ns)?;
    store.write_config_text(&text)?;
    crate::inventory::update(&store)?;

    if new.clamped {
        out.warn("the namespace CA's validity was cut to its issuer's end");
    }
    out.done(&format!(
        "Created the CA of namespace '{ns}', valid until {}",
        pki::format_time(new.cert.not_after)
    ));
    out.wrote(&ca_dir.join("cert.pem"), "namespace CA certificate");
    if key_pem.is_some() {
        out.wrote(&ca_dir.join("key.pem"), "namespace CA key (PKCS#8, 0600)");
    } else {
        out.line(&format!(
            "  namespace CA key in the token, sensitive and never extractable: {key_location}"
        ));
    }
    let d = super::init::shell_path(dir);
    out.next(
        "Next:",
        &[format!(
            "tcerts --dir {d} issue worker --name {ns}-worker --namespace {ns}"
        )],
    );
    out.json(&json!({
        "namespace": ns,
        "subject": new.cert.subject,
        "issuer": new.cert.issuer,
        "serial": new.cert.serial_hex,
        "not_after": pki::format_time(new.cert.not_after),
        "cert": json_path(&ca_dir.join("cert.pem")),
        "key": key_location,
    }));
    Ok(())
}

pub(super) fn list(dir: &Path, out: Output) -> Result<(), Error> {
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config()?;
    let mut rows = Vec::new();
    for ns in &config.namespaces {
        let kind = CaKind::Namespace(ns.name.clone());
        let path = store.ca_dir(&kind).join("cert.pem");
        let cert = Store::read_cert(&path)?;
        // Its own root: isolated by construction. Under another CA: by filters only.
        let own_root = cert.is_self_issued() && pki::is_signed_by(&cert, &cert);
        let trust = if own_root {
            "own root (isolated)".to_string()
        } else {
            format!("under {} (isolation needs filters)", cert.issuer)
        };
        out.line(&format!(
            "{:<32} {:<48} until {}  {trust}",
            ns.name,
            cert.common_name.clone().unwrap_or_default(),
            pki::format_time(cert.not_after)
        ));
        rows.push(json!({
            "namespace": ns.name,
            "subject": cert.subject,
            "issuer": cert.issuer,
            "trust": if own_root { "own-root" } else { "shared-root" },
            "not_after": pki::format_time(cert.not_after),
            "cert": json_path(&path),
        }));
    }
    if rows.is_empty() {
        out.line("no namespaces; add one with `tcerts namespace add NAMESPACE`");
    }
    out.json(&json!({ "namespaces": rows }));
    Ok(())
}
