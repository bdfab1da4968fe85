//! `tcerts init`: a root CA and an issuing intermediate, or an intermediate's key and CSR
//! for an enterprise root.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::parse_validity;
use crate::Error;
use crate::audit::Entry;
use crate::cli::InitArgs;
use crate::custody::{self, Pkcs11Uri};
use crate::output::{Output, json_path};
use crate::pki::{self, CaKind, CaSpec, IssuingCa};
use crate::store::key_store::{self, CaKeyConfig};
use crate::store::{Config, Defaults, RootConfig, RootMode, Store, atomic};

pub(super) fn run(dir: &Path, args: InitArgs, out: Output) -> Result<(), Error> {
    let (org, defaults) = org_and_defaults(&args, out)?;
    if args.encrypt_ca_key {
        // Before anything is created: no passphrase, no PKI.
        crate::store::passphrase("--encrypt-ca-key")?;
    }
    let key_store = match &args.key_store {
        Some(s) => {
            let uri = custody::parse_key_store(s).map_err(crate::store::Error::from)?;
            if !defaults.key_type.fits_a_token() {
                return Err(Error::Usage(format!(
                    "--key-type {}: CA keys in a PKCS#11 token are ECDSA P-256/P-384 or RSA 2048-4096",
                    defaults.key_type
                )));
            }
            // Before anything is created: a wrong PIN or a missing token, no PKI.
            key_store::check_key_store(&uri)?;
            Some(uri)
        }
        None => None,
    };
    let store = Store::create(dir)?;
    if store.is_initialised() && !args.force {
        return Err(crate::store::Error::AlreadyAPki(dir.to_path_buf()).into());
    }
    if store.is_initialised() {
        retire_previous_pki(&store, out)?;
    }
    let config = init_config(&org, &args, &defaults);
    let mut token_keys: TokenKeys = Vec::new();
    let now = pki::now();
    let spinner = if defaults.key_type.is_slow_to_generate() {
        out.spinner(&format!("generating {} CA keys", defaults.key_type))
    } else {
        None
    };

    let keys = CaKeys {
        key_store: key_store.as_ref(),
        encrypt: args.encrypt_ca_key,
        in_token: &mut token_keys,
    };
    let mut written = if args.external_root {
        write_external_intermediate(&store, &org, &defaults, keys)?
    } else {
        write_root_and_intermediate(&store, &org, &defaults, keys, now)?
    };
    // The configuration goes last: its presence is what makes the directory a PKI.
    let mut text = config.starter();
    if let Some(uri) = &key_store {
        text = key_store::set_key_store(&store.config_path(), &text, uri)?;
    }
    for (rec, _) in &token_keys {
        text = key_store::record_ca_key(&store.config_path(), &text, rec)?;
    }
    store.write_config_text(&text)?;
    // A re-init replaced the CAs: the trust files must not keep the old ones.
    let _ = std::fs::remove_dir_all(store.trust_dir());
    for p in store.write_trust_files()?.written {
        let what = if p.ends_with("internode.pem") {
            "internode clientCaFiles (the issuing CA)"
        } else {
            "frontend clientCaFiles (issuing and namespace CAs, never the root)"
        };
        written.push((p, what.into()));
    }
    crate::inventory::update(&store)?;
    written.push((
        store.config_path(),
        "settings (keep in version control)".into(),
    ));
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let created = Created {
        org: &org,
        defaults: &defaults,
        written: &written,
        key_store: key_store.as_ref(),
        token_keys: &token_keys,
    };
    print_created(dir, &args, &created, out);
    Ok(())
}

/// Files written, with what each is.
type Written = Vec<(PathBuf, String)>;

/// CA keys made in a PKCS#11 token: their record for tcerts.toml, and what each is.
type TokenKeys = Vec<(CaKeyConfig, &'static str)>;

/// Where `init`'s CA keys go: a PKCS#11 token (`--key-store`), else key.pem files
/// (encrypted with `--encrypt-ca-key`); keys made in the token are recorded in `in_token`.
struct CaKeys<'a> {
    key_store: Option<&'a Pkcs11Uri>,
    encrypt: bool,
    in_token: &'a mut TokenKeys,
}

/// The organisation name and the PKI's defaults, from the flags.
fn org_and_defaults(args: &InitArgs, out: Output) -> Result<(String, Defaults), Error> {
    let org = args.org.trim().to_string();
    if org.is_empty() || org.chars().any(char::is_control) || org.len() > 64 {
        return Err(Error::Usage(
            "--org: give the organisation name (1 to 64 printable characters)".into(),
        ));
    }
    let defaults = Defaults {
        key_type: args.key_type,
        root_validity: parse_validity("--root-validity", &args.root_validity)?,
        ca_validity: parse_validity("--ca-validity", &args.ca_validity)?,
        leaf_validity: parse_validity("--leaf-validity", &args.leaf_validity)?,
        renew_before: None,
        expiry_warning: None,
    };
    if defaults.ca_validity > defaults.root_validity && !args.external_root {
        out.warn("--ca-validity is longer than --root-validity: the intermediates will be cut to the root's end");
    }
    Ok((org, defaults))
}

/// `init --force` on a PKI: everything the old CAs were is archived first; then every CA
/// the new root did not sign (namespace CAs, rotated-out CAs) leaves the live PKI, so none
/// can issue or stay trusted. The root and intermediate are replaced by the caller.
fn retire_previous_pki(store: &Store, out: Output) -> Result<(), Error> {
    let toml_copy = store.archive(&store.config_path())?;
    let ca = store.dir().join("ca");
    if ca.exists() {
        let archived = store.archive(&ca)?;
        let namespaces = store.namespace_ca_names();
        for gone in [ca.join("namespaces"), ca.join("previous")] {
            if gone.exists() {
                std::fs::remove_dir_all(&gone).map_err(|e| crate::store::Error::io(&gone, e))?;
            }
        }
        let ns_note = if namespaces.is_empty() {
            String::new()
        } else {
            format!(
                " and removed the namespace CAs ({}): add them again with `tcerts namespace add NAMESPACE` (new keys)",
                namespaces.join(", ")
            )
        };
        out.warn(&format!(
            "archived the previous CAs in {}{ns_note}",
            archived.display()
        ));
    }
    out.warn(&format!(
        "archived the previous tcerts.toml (its namespace and certificate declarations) as {}",
        toml_copy.display()
    ));
    let leaves = std::fs::read_dir(store.certs_dir())
        .map(|rd| {
            rd.flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0);
    if leaves > 0 {
        out.warn(&format!(
            "the {leaves} certificate(s) in {} were issued by the old CAs, which are no longer trusted: re-issue them",
            store.certs_dir().display()
        ));
    }
    Ok(())
}

fn init_config(org: &str, args: &InitArgs, defaults: &Defaults) -> Config {
    Config {
        organization: org.to_string(),
        root: RootConfig {
            mode: if args.external_root {
                RootMode::External
            } else {
                RootMode::Local
            },
            encrypt_ca_keys: args.encrypt_ca_key,
        },
        defaults: defaults.clone(),
        namespaces: Vec::new(),
        certificates: Vec::new(),
        key_store: None,
        ca_keys: Vec::new(),
        by_name: std::sync::OnceLock::new(),
    }
}

/// An enterprise root: the issuing CA's key and the CSR for the enterprise root to sign.
fn write_external_intermediate(
    store: &Store,
    org: &str,
    defaults: &Defaults,
    keys: CaKeys<'_>,
) -> Result<Written, Error> {
    let mut written = Vec::new();
    let key =
        key_store::generate_ca_key(keys.key_store, &CaKind::Intermediate, 1, defaults.key_type)?;
    let csr_pem = pki::new_external_intermediate_csr_with_key(org, defaults.key_type, &key)?;
    let key_pem = key_store::ca_key_file(&key, keys.encrypt)?;
    let ca_dir = store.ca_dir(&CaKind::Intermediate);
    store.audit(
        Entry::new("ca-key-created")
            .name("intermediate")
            .key(Some(store.key_location(&CaKind::Intermediate, &key)))
            .detail("csr", "ca/intermediate/csr.pem"),
    )?;
    if let Some(rec) = key_store::ca_key_record("issuing CA (ca/intermediate/csr.pem)", &key) {
        keys.in_token.push((rec, "issuing CA key"));
    }
    if ca_dir.exists() {
        store.archive(&ca_dir)?;
    }
    let mut files = vec![atomic::SetFile {
        name: crate::store::CSR_FILE,
        bytes: csr_pem.as_bytes(),
        mode: atomic::PUBLIC_MODE,
    }];
    if let Some(k) = &key_pem {
        files.push(atomic::SetFile {
            name: crate::store::KEY_FILE,
            bytes: k.as_bytes(),
            mode: atomic::KEY_MODE,
        });
        written.push((
            ca_dir.join(crate::store::KEY_FILE),
            "issuing CA key (PKCS#8, 0600)".to_string(),
        ));
    }
    atomic::replace_dir(&ca_dir, &files)?;
    written.push((
        ca_dir.join(crate::store::CSR_FILE),
        "CSR for your enterprise root to sign".to_string(),
    ));
    Ok(written)
}

/// A local root and the issuing intermediate it signs.
fn write_root_and_intermediate(
    store: &Store,
    org: &str,
    defaults: &Defaults,
    keys: CaKeys<'_>,
    now: time::OffsetDateTime,
) -> Result<Written, Error> {
    // A previous init killed before it wrote tcerts.toml may have left CA files: replacing
    // them is safe because `write_ca` archives what it replaces.
    let replace = true;
    let mut written = Vec::new();
    let root_spec = CaSpec {
        kind: CaKind::Root,
        org: org.to_string(),
        key_type: defaults.key_type,
        validity: defaults.root_validity,
        generation: 1,
    };
    let root_key = key_store::generate_ca_key(keys.key_store, &CaKind::Root, 1, defaults.key_type)?;
    let root = pki::new_ca_with_key(&root_spec, root_key, None, now)?;
    let root_key_pem = key_store::ca_key_file(&root.key, keys.encrypt)?;
    store.audit_ca(
        "ca-issued",
        &CaKind::Root,
        &root.cert,
        store.key_location(&CaKind::Root, &root.key),
    )?;
    if let Some(rec) = key_store::ca_key_record(&root.cert.subject, &root.key) {
        keys.in_token.push((rec, "root CA key"));
    }
    let root_dir = store.write_ca(
        &CaKind::Root,
        &root.cert,
        root_key_pem.as_ref().map(|k| k.as_bytes()),
        &[],
        replace,
    )?;
    written.push((
        root_dir.join(crate::store::CERT_FILE),
        format!(
            "root CA, {}, until {}",
            root.cert.common_name.clone().unwrap_or_default(),
            pki::format_time(root.cert.not_after)
        ),
    ));
    if root_key_pem.is_some() {
        written.push((
            root_dir.join(crate::store::KEY_FILE),
            "root CA key (PKCS#8, 0600): keep it offline if you can".into(),
        ));
    }

    let root_ca = IssuingCa::new(root.cert.clone(), root.key, Vec::new(), root.cert.clone())?;
    let inter_spec = CaSpec {
        kind: CaKind::Intermediate,
        validity: defaults.ca_validity,
        ..root_spec
    };
    let inter_key =
        key_store::generate_ca_key(keys.key_store, &CaKind::Intermediate, 1, defaults.key_type)?;
    let inter = pki::new_ca_with_key(&inter_spec, inter_key, Some(&root_ca), now)?;
    let inter_key_pem = key_store::ca_key_file(&inter.key, keys.encrypt)?;
    store.audit_ca(
        "ca-issued",
        &CaKind::Intermediate,
        &inter.cert,
        store.key_location(&CaKind::Intermediate, &inter.key),
    )?;
    if let Some(rec) = key_store::ca_key_record(&inter.cert.subject, &inter.key) {
        keys.in_token.push((rec, "issuing CA key"));
    }
    let inter_dir = store.write_ca(
        &CaKind::Intermediate,
        &inter.cert,
        inter_key_pem.as_ref().map(|k| k.as_bytes()),
        &[],
        replace,
    )?;
    written.push((
        inter_dir.join(crate::store::CERT_FILE),
        format!(
            "issuing CA, until {}",
            pki::format_time(inter.cert.not_after)
        ),
    ));
    if inter_key_pem.is_some() {
        written.push((
            inter_dir.join(crate::store::KEY_FILE),
            "issuing CA key (PKCS#8, 0600)".into(),
        ));
    }
    Ok(written)
}

/// What `init` created, for printing.
struct Created<'a> {
    org: &'a str,
    defaults: &'a Defaults,
    written: &'a Written,
    key_store: Option<&'a Pkcs11Uri>,
    token_keys: &'a TokenKeys,
}

fn print_created(dir: &Path, args: &InitArgs, created: &Created<'_>, out: Output) {
    let Created {
        org,
        defaults,
        written,
        key_store,
        token_keys,
    } = *created;
    out.done(&format!(
        "Created a Temporal PKI for {org} in {}",
        dir.display()
    ));
    out.wrote_all(
        &written
            .iter()
            .map(|(p, what)| (p.as_path(), what.as_ref()))
            .collect::<Vec<_>>(),
    );
    for (rec, what) in token_keys {
        out.line(&format!(
            "  {what} in the token, sensitive and never extractable: {}",
            rec.uri
        ));
    }
    let d = crate::output::shell_path(dir);
    let next = if args.external_root {
        vec![
            format!(
                "1. Have your enterprise root (or Vault) sign {d}/ca/intermediate/csr.pem as a CA certificate:"
            ),
            "   basicConstraints=critical,CA:TRUE,pathlen:1 (or no pathlen), keyUsage=critical,keyCertSign,cRLSign.".into(),
            "   Path length >= 1 (on it and room for one more CA under every enterprise CA above it) is needed".into(),
            "   for namespace CAs that chain to the enterprise root (`tcerts namespace add`); pathlen:0 allows only leaves.".into(),
            format!("2. tcerts --dir {d} ca import SIGNED.pem --chain ENTERPRISE-CHAIN.pem"),
        ]
    } else {
        vec![
            format!(
                "tcerts --dir {d} issue frontend --dns temporal-frontend --dns localhost --ip 127.0.0.1"
            ),
            format!("tcerts --dir {d} issue internode --dns temporal-internode"),
            format!("tcerts --dir {d} namespace add NAMESPACE"),
            format!("tcerts --dir {d} issue worker --name my-worker --namespace NAMESPACE"),
        ]
    };
    out.next("Next:", &next);
    out.json(&json!({
        "dir": json_path(dir),
        "organization": org,
        "key_type": defaults.key_type.as_str(),
        "root_mode": if args.external_root { "external" } else { "local" },
        "files": written.iter().map(|(p, _)| json_path(p)).collect::<Vec<_>>(),
        "key_store": key_store.map(ToString::to_string),
        "token_keys": token_keys.iter().map(|(rec, _)| rec.uri.clone()).collect::<Vec<_>>(),
    }));
}
