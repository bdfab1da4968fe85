//! `tcerts revoke NAME --reason R` and `tcerts crl`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::parse_validity;
use crate::Error;
use crate::cli::{CrlArgs, RevokeArgs};
use crate::output::Output;
use crate::output::shell_path;
use crate::pki::{self, CaKind, CertInfo};
use crate::revocation::{self, Revocations, Revoked};
use crate::store::permissions::Scope;
use crate::store::{Config, Declarations, LockMode, Store, atomic};

pub(super) fn revoke(dir: &Path, args: RevokeArgs, out: Output) -> Result<(), Error> {
    pki::validate_name(&args.name).map_err(|e| Error::Usage(e.to_string()))?;
    let store = Store::open_to_write(dir, Scope::Certificate(&args.name))?;
    let now = pki::now();
    let (cert, issuer, config) = record_revocation(&store, &args, now)?;

    let ns = match &issuer {
        Some(g) => match &g.kind {
            CaKind::Namespace(ns) => Some(ns.clone()),
            _ => None,
        },
        None => config
            .certificate(&args.name)
            .and_then(|c| c.namespace.clone()),
    };
    let ns_flag = ns
        .as_ref()
        .map(|n| format!(" --namespace {n}"))
        .unwrap_or_default();
    let d = shell_path(dir);
    out.done(&format!(
        "Revoked '{}' (serial {}, {})",
        args.name,
        cert.serial_hex,
        args.reason.as_str()
    ));
    match &issuer {
        Some(g) if !g.current => out.line(&format!(
            "It was issued by {} (generation G{}, rotated out and still trusted until `tcerts ca retire{ns_flag}`); that generation's CRL lists it",
            g.cert.common_name.as_deref().unwrap_or(&g.cert.subject),
            g.generation
        )),
        Some(_) => {}
        None => out.warn(&format!(
            "its issuer ({}) is not a current or rotated-out CA of this PKI (retired, replaced with --force, or another PKI's): no CRL tcerts writes lists it",
            cert.issuer
        )),
    }
    out.warn(&format!(
        "Temporal does not check CRLs: '{}' still connects to Temporal until it expires on {} or its issuing CA ({}) stops being trusted",
        args.name,
        pki::format_time(cert.not_after),
        cert.issuer
    ));
    let rotated_out = issuer.as_ref().is_some_and(|g| !g.current);
    let next = revoke_next_steps(&d, &ns_flag, &args.name, rotated_out, ns.is_none());
    out.next("Next:", &next);
    // Where the retire above does not cut it off, say so (docs/trust-model.md).
    match &ns {
        Some(n) if store.ca_exists(&CaKind::Namespace(n.clone())) => {
            if let Some(costs) = crate::bundle::NamespaceTrust::of(&store, &config, n)?.costs(&d) {
                out.warn(&costs);
            }
        }
        Some(_) => {}
        None => out.warn(&format!(
            "'{}' comes from the issuing CA: rotating and retiring that CA makes trust/clients.pem (self-hosted) refuse it, but a Temporal Cloud bundle that holds the shared root (`tcerts bundle` without --namespace, or a namespace under the root) accepts it until it expires or the root is rotated and retired; namespaces with their own root never accepted it",
            args.name
        )),
    }
    out.json(&json!({
        "name": args.name,
        "serial": cert.serial_hex,
        "reason": args.reason.as_str(),
        "revoked_at": pki::format_time(now),
        "not_after": pki::format_time(cert.not_after),
        "issuer": cert.issuer,
        "issuer_generation": issuer.as_ref().map(|g| g.generation),
        "issuer_current": issuer.as_ref().map(|g| g.current),
        "temporal_checks_crl": false,
    }));
    Ok(())
}

/// Records the revocation of certificate `args.name` (refused when it is missing or
/// already revoked) against the CA generation that signed it; updates the inventory.
fn record_revocation(
    store: &Store,
    args: &RevokeArgs,
    now: time::OffsetDateTime,
) -> Result<(CertInfo, Option<revocation::Generation>, Config), Error> {
    let cert_path = store.cert_files(&args.name).cert;
    if !cert_path.is_file() {
        return Err(Error::Usage(format!(
            "no certificate '{}' in {}",
            args.name,
            store.certs_dir().display()
        )));
    }
    let cert = Store::read_cert(&cert_path)?;
    let mut revocations = Revocations::load(store)?;
    if let Some(r) = revocations.find(&cert.serial_hex) {
        return Err(Error::Usage(format!(
            "'{}' (serial {}) was already revoked on {} ({})",
            args.name,
            cert.serial_hex,
            r.revoked_at,
            r.reason.as_str()
        )));
    }
    let config = store.config_for(Declarations::For(&args.name))?;
    // The generation whose key signed it: after a rotation that may be the old one.
    let issuer = revocation::issuer_of(store, &config, &cert)?;
    revocations.revoked.push(Revoked {
        name: args.name.clone(),
        serial: cert.serial_hex.clone(),
        issuer: cert.issuer.clone(),
        issuer_key: issuer.as_ref().map(|g| revocation::key_id(&g.cert)),
        reason: args.reason,
        revoked_at: pki::format_time(now),
        not_after: pki::format_time(cert.not_after),
    });
    store.audit(
        crate::audit::Entry::for_cert("certificate-revoked", &cert)
            .name(args.name.clone())
            .detail("reason", args.reason.as_str()),
    )?;
    revocations.save(store)?;
    crate::inventory::record_certificate(
        store,
        &config,
        &args.name,
        config.certificate(&args.name),
    )?;
    Ok((cert, issuer, config))
}

/// How to make the revocation count: CRLs, a replacement, and cutting the certificate off
/// from Temporal (retiring its rotated-out generation, or rotating its CA).
fn revoke_next_steps(
    d: &str,
    ns_flag: &str,
    name: &str,
    rotated_out: bool,
    shared_issuing_ca: bool,
) -> Vec<String> {
    let mut next = vec![
        format!(
            "Peers that check CRLs (nginx ssl_crl, Envoy): tcerts --dir {d} crl{ns_flag}, then deploy the CRL"
        ),
        format!("Replace it: tcerts --dir {d} apply   (re-issues '{name}' with a new key)"),
    ];
    if rotated_out {
        // Its generation is already rotated out: retiring it is what ends its trust.
        next.extend([
            "To cut it off from Temporal, finish the rotation and retire the rotated-out CA that issued it:".into(),
            format!("  tcerts --dir {d} apply    and deploy the new certificates, trust/clients.pem and the Cloud bundle"),
            format!(
                "  tcerts --dir {d} ca retire{ns_flag} --force    (the revoked certificate is the one left behind)"
            ),
        ]);
    } else {
        next.extend([
            "To cut it off from Temporal now, rotate its issuing CA (every certificate of that CA is re-issued):".into(),
            format!("  tcerts --dir {d} ca rotate{ns_flag}"),
            format!("  tcerts --dir {d} apply    and deploy the new certificates, trust/clients.pem and the Cloud bundle"),
            format!(
                "  tcerts --dir {d} ca retire{ns_flag} --force    (the revoked certificate is the one left behind)"
            ),
        ]);
    }
    if shared_issuing_ca {
        next.push("Short leaf validity (e.g. validity = \"7d\" with apply in CI) bounds how long any leaked key works.".into());
    }
    next
}

pub(super) fn crl(dir: &Path, args: CrlArgs, out: Output) -> Result<(), Error> {
    let next_update = parse_validity("--next-update", &args.next_update)?.duration();
    let kind = match &args.namespace {
        Some(ns) => {
            pki::validate_namespace(ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
            CaKind::Namespace(ns.clone())
        }
        None => CaKind::Intermediate,
    };
    let scope = match &kind {
        CaKind::Namespace(ns) => format!("namespace-{ns}"),
        _ => "intermediate".to_string(),
    };
    // Exclusive: the CRLs may be written inside the PKI directory.
    let store = Store::open(dir, LockMode::Exclusive)?;
    if !store.ca_exists(&kind) {
        // The usual "missing CA" error, with its hint.
        store.issuing_ca(&kind)?;
    }
    let revocations = Revocations::load(&store)?;
    let now = pki::now();
    let crls = revocation::sign_crls(&store, &kind, &revocations, now, next_update, |g, e| {
        // A rotated-out generation without its key cannot sign; say so, go on.
        out.warn(&format!(
            "no CRL for generation G{} ({e}): peers that check CRLs cannot learn of its revoked certificates",
            g.generation
        ));
    })?;
    let (files, path) = write_crls(&store, &scope, &crls, args.output.as_deref())?;

    print_crls(&crls, &files, &path, now, next_update, out);
    Ok(())
}

/// Each CRL: whose, how many certificates, until when; the files; how to use them.
fn print_crls(
    crls: &[revocation::SignedCrl],
    files: &[Option<PathBuf>],
    path: &Path,
    now: time::OffsetDateTime,
    next_update: time::Duration,
    out: Output,
) {
    for c in crls {
        let (g, cert, count) = (&c.generation, &c.issuer, c.count);
        let issuer_cn = cert.common_name.clone().unwrap_or_default();
        let state = if g.current {
            "current"
        } else {
            "rotated out, still trusted"
        };
        out.done(&format!(
            "CRL of {issuer_cn} (generation G{}, {state}): {count} revoked certificate(s), next update {}",
            g.generation,
            pki::format_time(now + next_update)
        ));
    }
    for (c, file) in crls.iter().zip(files) {
        let g = &c.generation;
        if let Some(p) = file {
            out.wrote(
                p,
                &format!(
                    "CRL (PEM) of generation G{}, signed by its key",
                    g.generation
                ),
            );
        }
    }
    out.wrote(
        path,
        if crls.len() > 1 {
            "every still-trusted generation's CRL in one file, each signed by its own CA"
        } else {
            "CRL (PEM), signed by the issuing CA"
        },
    );
    out.note("Temporal does not check CRLs; this is for peers that do (rotate the issuing CA, or retire a rotated-out one, to cut certificates off from Temporal)");
    out.next(
        "Use it:",
        &[
            format!(
                "nginx: ssl_crl {};   (every CRL in the file is read)",
                shell_path(path)
            ),
            format!(
                "Regenerate before {} (e.g. in the CI job that runs apply).",
                pki::format_time(now + next_update)
            ),
        ],
    );
    let current = crls.iter().find(|c| c.generation.current);
    out.json(&json!({
        "issuer": current.map(|c| c.issuer.subject.clone()),
        "revoked": current.map_or(0, |c| c.count),
        "this_update": pki::format_time(now),
        "next_update": pki::format_time(now + next_update),
        "file": path.display().to_string(),
        "generations": crls.iter().zip(files).map(|(c, file)| json!({
            "generation": c.generation.generation,
            "current": c.generation.current,
            "issuer": c.issuer.subject,
            "revoked": c.count,
            "file": file.as_ref().map(|p| p.display().to_string()),
        })).collect::<Vec<_>>(),
    }));
}

/// Writes the CRLs: all in one file (`output`, else the scope's file in the PKI), and in
/// the PKI also one file per generation, so that a newer generation's CRL never replaces
/// an older one's. Returns the per-generation files and the combined one.
fn write_crls(
    store: &Store,
    scope: &str,
    crls: &[revocation::SignedCrl],
    output: Option<&Path>,
) -> Result<(Vec<Option<PathBuf>>, PathBuf), Error> {
    let combined: String = crls.iter().map(|c| c.pem.as_str()).collect();
    let mut files: Vec<Option<PathBuf>> = vec![None; crls.len()];
    if output.is_none() {
        for (c, file) in crls.iter().zip(files.iter_mut()) {
            let (g, pem) = (&c.generation, &c.pem);
            let path = store.generation_crl_file(scope, g.generation);
            revocation::ensure_parent(&path)?;
            atomic::write_file(&path, pem.as_bytes(), atomic::PUBLIC_MODE)?;
            *file = Some(path);
        }
    }
    let path = output.map_or_else(|| store.crl_file(scope), Path::to_path_buf);
    revocation::ensure_parent(&path)?;
    if output.is_some() {
        // The user's choice of file, device or pipe.
        atomic::write_output(&path, combined.as_bytes(), atomic::PUBLIC_MODE)?;
    } else {
        atomic::write_file(&path, combined.as_bytes(), atomic::PUBLIC_MODE)?;
    }
    Ok((files, path))
}
