//! `tcerts revoke NAME --reason R` and `tcerts crl`.

use std::path::Path;

use serde_json::json;

use super::init::shell_path;
use super::parse_validity;
use crate::Error;
use crate::cli::{CrlArgs, RevokeArgs};
use crate::output::Output;
use crate::pki::{self, CaKind};
use crate::revocation::{self, Revocations, Revoked};
use crate::store::{LockMode, Store, atomic};

pub(super) fn revoke(dir: &Path, args: RevokeArgs, out: Output) -> Result<(), Error> {
    pki::validate_name(&args.name).map_err(|e| Error::Usage(e.to_string()))?;
    let store = Store::open(dir, LockMode::Exclusive)?;
    let cert_path = store.cert_dir(&args.name).join("cert.pem");
    if !cert_path.is_file() {
        return Err(Error::Usage(format!(
            "no certificate '{}' in {}",
            args.name,
            store.certs_dir().display()
        )));
    }
    let cert = Store::read_cert(&cert_path)?;
    let mut revocations = Revocations::load(&store)?;
    if let Some(r) = revocations.find(&cert.serial_hex) {
        return Err(Error::Usage(format!(
            "'{}' (serial {}) was already revoked on {} ({})",
            args.name,
            cert.serial_hex,
            r.revoked_at,
            r.reason.as_str()
        )));
    }
    let now = pki::now();
    revocations.revoked.push(Revoked {
        name: args.name.clone(),
        serial: cert.serial_hex.clone(),
        issuer: cert.issuer.clone(),
        reason: args.reason,
        revoked_at: pki::format_time(now),
        not_after: pki::format_time(cert.not_after),
    });
    revocations.save(&store)?;
    crate::inventory::update(&store)?;

    let config = store.config()?;
    let ns = config
        .certificate(&args.name)
        .and_then(|c| c.namespace.clone());
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
    out.warn(&format!(
        "Temporal does not check CRLs: '{}' still connects to Temporal until it expires on {} or its issuing CA ({}) stops being trusted",
        args.name,
        pki::format_time(cert.not_after),
        cert.issuer
    ));
    let mut next = vec![
        format!(
            "Peers that check CRLs (nginx ssl_crl, Envoy): tcerts --dir {d} crl{ns_flag}, then deploy the CRL"
        ),
        format!(
            "Replace it: tcerts --dir {d} apply   (re-issues '{}' with a new key)",
            args.name
        ),
        "To cut it off from Temporal now, rotate its issuing CA (every certificate of that CA is re-issued):".into(),
        format!("  tcerts --dir {d} ca rotate{ns_flag}"),
        format!("  tcerts --dir {d} apply    and deploy the new certificates and trust bundle"),
        format!(
            "  tcerts --dir {d} ca retire{ns_flag} --force    (the revoked certificate is the one left behind)"
        ),
    ];
    if ns.is_none() {
        next.push("Short leaf validity (e.g. validity = \"7d\" with apply in CI) bounds how long any leaked key works.".into());
    }
    out.next("Next:", &next);
    out.json(&json!({
        "name": args.name,
        "serial": cert.serial_hex,
        "reason": args.reason.as_str(),
        "revoked_at": pki::format_time(now),
        "not_after": pki::format_time(cert.not_after),
        "temporal_checks_crl": false,
    }));
    Ok(())
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
    // Exclusive: the CRL may be written inside the PKI directory.
    let store = Store::open(dir, LockMode::Exclusive)?;
    let ca = store.issuing_ca(&kind)?;
    let revocations = Revocations::load(&store)?;
    let now = pki::now();
    let (pem, count) = revocation::crl_pem(&ca, &revocations, now, next_update)?;
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| revocation::default_crl_path(&store, &scope));
    revocation::ensure_parent(&path)?;
    atomic::write_file(&path, pem.as_bytes(), atomic::PUBLIC_MODE)?;

    let issuer_cn = ca.cert.common_name.clone().unwrap_or_default();
    out.done(&format!(
        "CRL of {issuer_cn}: {count} revoked certificate(s), next update {}",
        pki::format_time(now + next_update)
    ));
    out.wrote(&path, "CRL (PEM), signed by the issuing CA");
    out.note("Temporal does not check CRLs; this is for peers that do (rotate the issuing CA to cut certificates off from Temporal)");
    out.next(
        "Use it:",
        &[
            format!("nginx: ssl_crl {};", shell_path(&path)),
            format!(
                "Regenerate before {} (e.g. in the CI job that runs apply).",
                pki::format_time(now + next_update)
            ),
        ],
    );
    out.json(&json!({
        "issuer": ca.cert.subject,
        "revoked": count,
        "this_update": pki::format_time(now),
        "next_update": pki::format_time(now + next_update),
        "file": path.display().to_string(),
    }));
    Ok(())
}
