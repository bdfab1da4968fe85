//! `tcerts ca import`: bring in the issuing intermediate an enterprise root signed.

use std::path::Path;

use serde_json::json;

use crate::Error;
use crate::cli::CaImportArgs;
use crate::output::Output;
use crate::pki::{self, CaKind, CertInfo, is_signed_by};
use crate::store::{CaFiles, Config, LockMode, RootMode, Store, atomic};

pub(super) fn import(dir: &Path, args: CaImportArgs, out: Output) -> Result<(), Error> {
    let store = Store::open(dir, LockMode::Exclusive)?;
    let config = store.config()?;
    if config.root.mode != RootMode::External {
        return Err(Error::Usage(format!(
            "{} was created with a local root; `ca import` is for PKIs made with `tcerts init --external-root`",
            dir.display()
        )));
    }
    let inter_dir = store.ca_dir(&CaKind::Intermediate);
    let key_path = inter_dir.join(crate::store::KEY_FILE);
    let cert = Store::read_cert(&args.cert)?;
    // key.pem, or the token key `init --external-root --key-store` recorded.
    if !key_path.is_file() && config.ca_key_uri(&cert).is_none() {
        return Err(Error::Usage(format!(
            "{}: this certificate is not for the issuing CA's key (neither {} nor a PKCS#11 key recorded in tcerts.toml; was it made from {}?)",
            args.cert.display(),
            key_path.display(),
            inter_dir.join(crate::store::CSR_FILE).display()
        )));
    }
    let key = store.load_ca_key(&inter_dir, &cert)?;

    let chain = Store::read_certs(&args.chain)?;
    let root = check_signed_intermediate(
        &args,
        &store.ca_files(&CaKind::Intermediate),
        &key,
        &cert,
        &chain,
    )?;
    let above = &chain[..chain.len() - 1];

    check_room_for_namespace_cas(&store, &config, &args.cert, &cert, &chain, out)?;

    let key_pem = crate::store::key_store::ca_key_file(&key, config.root.encrypt_ca_keys)?;
    store.audit(crate::audit::Entry::for_cert("ca-imported", root).name("root"))?;
    store.audit_ca(
        "ca-imported",
        &CaKind::Intermediate,
        &cert,
        store.key_location(&CaKind::Intermediate, &key),
    )?;
    store.write_ca(
        &CaKind::Intermediate,
        &cert,
        key_pem.as_ref().map(|k| k.as_bytes()),
        above,
        true,
    )?;
    let root_dir = store.ca_dir(&CaKind::Root);
    if root_dir.exists() {
        store.archive(&root_dir)?;
    }
    let root_pem = root.pem();
    atomic::replace_dir(
        &root_dir,
        &[atomic::SetFile {
            name: crate::store::CERT_FILE,
            bytes: root_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        }],
    )?;

    let trust = store.write_trust_files()?;
    crate::inventory::update(&store)?;
    print_imported(dir, &store, &cert, root, !above.is_empty(), &trust, out);
    Ok(())
}

fn bad(path: &Path, msg: String) -> Error {
    Error::Usage(format!("{}: {msg}", path.display()))
}

/// The certificate the enterprise root signed: for the intermediate's key, a CA, chained
/// signature by signature to a self-signed root, not expired. Returns the root.
fn check_signed_intermediate<'c>(
    args: &CaImportArgs,
    inter: &CaFiles,
    key: &crate::pki::CaKey,
    cert: &'c CertInfo,
    chain: &'c [CertInfo],
) -> Result<&'c CertInfo, Error> {
    if rcgen::PublicKeyData::der_bytes(key) != cert.public_key.as_slice() {
        return Err(bad(
            &args.cert,
            format!(
                "this certificate is not for the key in {} (was it made from {}?)",
                inter.key.display(),
                inter.csr.display()
            ),
        ));
    }
    if !cert.is_ca || cert.key_cert_sign == Some(false) {
        return Err(bad(&args.cert, "the enterprise root signed it without CA:TRUE and keyCertSign; it cannot issue certificates".into()));
    }
    // The chain must lead, signature by signature, from the intermediate to a self-signed root.
    let mut child: &CertInfo = cert;
    for (i, next) in chain.iter().enumerate() {
        if !is_signed_by(child, next) {
            return Err(bad(
                &args.chain,
                format!(
                    "certificate {} ({}) did not sign {}; list the issuers in order, nearest first, ending with the root",
                    i + 1,
                    next.subject,
                    child.subject
                ),
            ));
        }
        child = next;
    }
    let Some(root) = chain
        .last()
        .filter(|r| r.is_self_issued() && is_signed_by(r, r))
    else {
        return Err(bad(
            &args.chain,
            "the chain must end with the enterprise root (a self-signed certificate)".into(),
        ));
    };
    let now = pki::now();
    if cert.not_after <= now || root.not_after <= now {
        return Err(bad(
            &args.cert,
            "the certificate or its root has expired".into(),
        ));
    }
    Ok(root)
}

/// Namespace CAs are signed by this intermediate: every path length above it must leave
/// room for one more CA. Found now, not at the first `namespace add`.
fn check_room_for_namespace_cas(
    store: &Store,
    config: &Config,
    cert_path: &Path,
    cert: &CertInfo,
    chain: &[CertInfo],
    out: Output,
) -> Result<(), Error> {
    let inter_dir = store.ca_dir(&CaKind::Intermediate);
    let mut lens = vec![cert.path_len];
    lens.extend(chain.iter().map(|c| c.path_len));
    let allowed = pki::sub_cas_allowed(&lens);
    let namespaces = namespaces_of(store, config);
    let resign = format!(
        "have the enterprise root sign {} again with basicConstraints=critical,CA:TRUE,pathlen:1 (or no pathlen), and every enterprise CA above it with room for one more CA",
        inter_dir.join(crate::store::CSR_FILE).display()
    );
    if allowed == Some(0) {
        let why = if cert.path_len == Some(0) {
            "its pathLenConstraint is 0".to_string()
        } else {
            "a pathLenConstraint above it leaves no room for another CA".to_string()
        };
        if !namespaces.is_empty() {
            return Err(bad(
                cert_path,
                format!(
                    "{why}, so it can sign only leaf certificates, but this PKI has namespaces ({}) whose CAs it must sign; {resign}",
                    namespaces.join(", ")
                ),
            ));
        }
        out.warn(&format!(
            "{why}: it can sign only leaf certificates, so `tcerts namespace add` will fail; if you will use per-namespace CAs, {resign}"
        ));
    }
    Ok(())
}

fn print_imported(
    dir: &Path,
    store: &Store,
    cert: &CertInfo,
    root: &CertInfo,
    has_chain: bool,
    trust: &crate::store::TrustFiles,
    out: Output,
) {
    let inter_dir = store.ca_dir(&CaKind::Intermediate);
    let root_dir = store.ca_dir(&CaKind::Root);
    out.done(&format!(
        "Imported the issuing CA '{}' under {}",
        cert.common_name.clone().unwrap_or_default(),
        root.subject
    ));
    let (cert_path, chain_path, root_path) = (
        inter_dir.join(crate::store::CERT_FILE),
        inter_dir.join(crate::store::CHAIN_FILE),
        root_dir.join(crate::store::CERT_FILE),
    );
    let mut files = vec![(cert_path.as_path(), "issuing CA certificate")];
    if has_chain {
        files.push((chain_path.as_path(), "enterprise intermediates"));
    }
    files.push((root_path.as_path(), "enterprise root (trust anchor)"));
    out.wrote_all(&files);
    out.trust_files(trust);
    let d = crate::output::shell_path(dir);
    out.next(
        "Next:",
        &[format!(
            "tcerts --dir {d} issue frontend --dns temporal-frontend"
        )],
    );
    out.json(&json!({
        "issuing_ca": cert.subject,
        "root": root.subject,
        "not_after": pki::format_time(cert.not_after),
    }));
}

/// The namespaces tcerts.toml declares and those with a CA directory.
fn namespaces_of(store: &Store, config: &crate::store::Config) -> Vec<String> {
    let mut all: Vec<String> = config.namespaces.iter().map(|n| n.name.clone()).collect();
    if let Ok(rd) = std::fs::read_dir(store.namespace_cas_dir()) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() && !name.starts_with('.') && !all.contains(&name) {
                all.push(name);
            }
        }
    }
    all.sort();
    all
}
