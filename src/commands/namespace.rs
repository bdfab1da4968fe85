//! `tcerts namespace add|list`: per-namespace issuing CAs, so that a certificate for one
//! Temporal namespace cannot open another. By default each namespace CA is its own
//! self-signed root (like `tcld generate-certificates`): its Cloud bundle then holds only
//! it, and no certificate of another namespace or of the shared root chains to it.

use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::bundle::NamespaceTrust;
use crate::cli::NamespaceAddArgs;
use crate::custody;
use crate::output::{Output, json_path};
use crate::pki::{self, CaKind, CaSpec, CertInfo};
use crate::store::key_store;
use crate::store::permissions::Scope;
use crate::store::{Declarations, LockMode, Store, add_namespace, namespace_insertion};

pub(super) fn add(dir: &Path, args: NamespaceAddArgs, out: Output) -> Result<(), Error> {
    let ns = args.namespace.trim().to_string();
    pki::validate_namespace(&ns)?;
    let store = Store::open_to_write(dir, Scope::Cas)?;
    let config = store.config_for(Declarations::NoCertificates)?;
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
    let external = config.root.mode == crate::store::RootMode::External;
    let under_root = args.anchor.under_root().unwrap_or(external);
    let parent = if under_root {
        Some(crate::rotation::shared_root_parent(&store, dir)?)
    } else {
        None
    };
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
    let new = pki::new_ca_with_key(&spec, key, parent.as_ref(), now)?;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let key_pem = key_store::ca_key_file(&new.key, config.root.encrypt_ca_keys)?;
    let above: Vec<_> = parent
        .as_ref()
        .map(|p| p.intermediates().into_iter().cloned().collect())
        .unwrap_or_default();
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
    let path = store.config_path();
    let declared = config.namespace(&ns).is_some();
    match namespace_insertion(&path, &ns, under_root)? {
        Some(table) if !declared => {
            store.add_config_table(&table, Declarations::NoCertificates)?;
        }
        _ => {
            let text = add_namespace(&path, &store.read_config_text()?, &ns, under_root)?;
            store.write_config_text_for(&text, Declarations::NoCertificates)?;
        }
    }
    let trust = store.write_trust_files()?;
    let config = store.config_for(Declarations::NoCertificates)?;
    crate::inventory::record_namespace_ca(&store, &config, &ns)?;
    let isolation = NamespaceTrust::of(&store, &config, &ns)?;

    let added = Added {
        ns: &ns,
        under_root,
        new: &new.cert,
        clamped: new.clamped,
        ca_dir: &ca_dir,
        key_in_file: key_pem.is_some(),
        key_location: &key_location,
    };
    print_added(dir, &added, &trust, &isolation, out);
    Ok(())
}

/// A namespace CA just made, for printing.
struct Added<'a> {
    ns: &'a str,
    under_root: bool,
    new: &'a CertInfo,
    /// Its validity was cut to its issuer's end.
    clamped: bool,
    ca_dir: &'a Path,
    /// Its key is `key.pem` in `ca_dir` (else in a PKCS#11 token).
    key_in_file: bool,
    /// Where its key lives (key.pem or a PKCS#11 URI).
    key_location: &'a str,
}

fn print_added(
    dir: &Path,
    added: &Added<'_>,
    trust: &crate::store::TrustFiles,
    isolation: &NamespaceTrust,
    out: Output,
) {
    let Added {
        ns,
        under_root,
        new,
        clamped,
        ca_dir,
        key_in_file,
        key_location,
    } = *added;
    if clamped {
        out.warn("the namespace CA's validity was cut to its issuer's end");
    }
    let d = crate::output::shell_path(dir);
    out.done(&format!(
        "Created the CA of namespace '{ns}', {}, valid until {}",
        if under_root {
            format!("signed by {}", new.issuer)
        } else {
            "its own root: its Cloud bundle and trust admit only its certificates, even without filters".into()
        },
        pki::format_time(new.not_after)
    ));
    if key_in_file {
        out.wrote_all(&[
            (
                &ca_dir.join(crate::store::CERT_FILE),
                "namespace CA certificate",
            ),
            (
                &ca_dir.join(crate::store::KEY_FILE),
                "namespace CA key (PKCS#8, 0600)",
            ),
        ]);
    } else {
        out.wrote(
            &ca_dir.join(crate::store::CERT_FILE),
            "namespace CA certificate",
        );
        out.line(&format!(
            "  namespace CA key in the token, sensitive and never extractable: {key_location}"
        ));
    }
    out.trust_files(trust);
    if let Some(costs) = isolation.costs(&d) {
        out.warn(&costs);
    }
    out.next(
        "Next:",
        &[format!(
            "tcerts --dir {d} issue worker --name {ns}-worker --namespace {ns}"
        )],
    );
    out.json(&json!({
        "namespace": ns,
        "subject": new.subject,
        "issuer": new.issuer,
        "under_root": under_root,
        "serial": new.serial_hex,
        "not_after": pki::format_time(new.not_after),
        "cert": json_path(&ca_dir.join(crate::store::CERT_FILE)),
        "key": key_location,
    }));
}

pub(super) fn list(dir: &Path, out: Output) -> Result<(), Error> {
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config()?;
    let mut rows = Vec::new();
    // (namespace, CA common name or what to do, notAfter)
    let mut lines: Vec<(String, String, String)> = Vec::new();
    for ns in &config.namespaces {
        let kind = CaKind::Namespace(ns.name.clone());
        let path = store.ca_cert(&kind);
        if !path.exists() {
            // Declared by hand in tcerts.toml; `namespace add` creates its CA.
            lines.push((
                ns.name.clone(),
                format!(
                    "no CA yet: tcerts --dir {} namespace add {}",
                    crate::output::shell_path(dir),
                    ns.name
                ),
                String::new(),
            ));
            rows.push(json!({
                "namespace": ns.name,
                "subject": null,
                "not_after": null,
                "cert": null,
            }));
            continue;
        }
        let cert = Store::read_cert(&path)?;
        // Its own root: isolated by construction. Under another CA: by filters only.
        let own_root = cert.is_self_issued() && pki::is_signed_by(&cert, &cert);
        let trust = if own_root {
            "own root (isolated)".to_string()
        } else {
            format!("under {} (isolation needs filters)", cert.issuer)
        };
        lines.push((
            ns.name.clone(),
            cert.common_name.clone().unwrap_or_default(),
            format!("until {}  {trust}", pki::format_time(cert.not_after)),
        ));
        rows.push(json!({
            "namespace": ns.name,
            "own_root": own_root,
            "subject": cert.subject,
            "issuer": cert.issuer,
            "trust": if own_root { "own-root" } else { "shared-root" },
            "not_after": pki::format_time(cert.not_after),
            "cert": json_path(&path),
        }));
    }
    let w0 = lines.iter().map(|l| l.0.chars().count()).max().unwrap_or(0);
    let w1 = lines.iter().map(|l| l.1.chars().count()).max().unwrap_or(0);
    for (ns, ca, until) in &lines {
        let line = format!("{ns:<w0$}  {ca:<w1$}  {until}");
        out.line(line.trim_end());
    }
    if rows.is_empty() {
        out.line("no namespaces; add one with `tcerts namespace add NAMESPACE`");
    }
    out.json(&json!({ "namespaces": rows }));
    Ok(())
}
