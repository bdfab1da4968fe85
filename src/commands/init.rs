//! `tcerts init`: a root CA and an issuing intermediate, or an intermediate's key and CSR
//! for an enterprise root.

use std::path::Path;

use serde_json::json;

use super::parse_validity;
use crate::Error;
use crate::audit::Entry;
use crate::cli::InitArgs;
use crate::custody;
use crate::output::{Output, json_path};
use crate::pki::{self, CaKind, CaSpec, IssuingCa};
use crate::store::key_store::{self, CaKeyConfig};
use crate::store::{Config, Defaults, RootConfig, RootMode, Store, atomic};

pub(super) fn run(dir: &Path, args: InitArgs, out: Output) -> Result<(), Error> {
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
    // A previous init killed before it wrote tcerts.toml may have left CA files: replacing
    // them is safe because `write_ca` archives what it replaces.
    let replace = true;
    if store.is_initialised() {
        // Everything the old CAs were is archived first; then every CA the new root did
        // not sign (namespace CAs, rotated-out CAs) leaves the live PKI, so none can issue
        // or stay trusted. The root and intermediate are replaced below.
        let toml_copy = store.archive(&store.config_path())?;
        let ca = store.dir().join("ca");
        if ca.exists() {
            let archived = store.archive(&ca)?;
            let namespaces = store.namespace_ca_names();
            for gone in [ca.join("namespaces"), ca.join("previous")] {
                if gone.exists() {
                    std::fs::remove_dir_all(&gone)
                        .map_err(|e| crate::store::Error::io(&gone, e))?;
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
    }
    let config = Config {
        organization: org.clone(),
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
    };
    let mut token_keys: Vec<(CaKeyConfig, &str)> = Vec::new();
    let now = pki::now();
    let spinner = if defaults.key_type.is_slow_to_generate() {
        out.spinner(&format!("generating {} CA keys", defaults.key_type))
    } else {
        None
    };

    let mut written = Vec::new();
    if args.external_root {
        let key = key_store::generate_ca_key(
            key_store.as_ref(),
            &CaKind::Intermediate,
            1,
            defaults.key_type,
        )?;
        let csr_pem = pki::new_external_intermediate_csr_with_key(&org, defaults.key_type, &key)?;
        let key_pem = key_store::ca_key_file(&key, args.encrypt_ca_key)?;
        let ca_dir = store.ca_dir(&CaKind::Intermediate);
        store.audit(
            Entry::new("ca-key-created")
                .name("intermediate")
                .key(Some(store.key_location(&CaKind::Intermediate, &key)))
                .detail("csr", "ca/intermediate/csr.pem"),
        )?;
        if let Some(rec) = key_store::ca_key_record("issuing CA (ca/intermediate/csr.pem)", &key) {
            token_keys.push((rec, "issuing CA key"));
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
    } else {
        let root_spec = CaSpec {
            kind: CaKind::Root,
            org: org.clone(),
            key_type: defaults.key_type,
            validity: defaults.root_validity,
            generation: 1,
        };
        let root_key =
            key_store::generate_ca_key(key_store.as_ref(), &CaKind::Root, 1, defaults.key_type)?;
        let root = pki::new_ca_with_key(&root_spec, root_key, None, now)?;
        let root_key_pem = key_store::ca_key_file(&root.key, args.encrypt_ca_key)?;
        store.audit_ca(
            "ca-issued",
            &CaKind::Root,
            &root.cert,
            store.key_location(&CaKind::Root, &root.key),
        )?;
        if let Some(rec) = key_store::ca_key_record(&root.cert.subject, &root.key) {
            token_keys.push((rec, "root CA key"));
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
        let inter_key = key_store::generate_ca_key(
            key_store.as_ref(),
            &CaKind::Intermediate,
            1,
            defaults.key_type,
        )?;
        let inter = pki::new_ca_with_key(&inter_spec, inter_key, Some(&root_ca), now)?;
        let inter_key_pem = key_store::ca_key_file(&inter.key, args.encrypt_ca_key)?;
        store.audit_ca(
            "ca-issued",
            &CaKind::Intermediate,
            &inter.cert,
            store.key_location(&CaKind::Intermediate, &inter.key),
        )?;
        if let Some(rec) = key_store::ca_key_record(&inter.cert.subject, &inter.key) {
            token_keys.push((rec, "issuing CA key"));
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
    }
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
    for (rec, what) in &token_keys {
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
        "key_store": key_store.as_ref().map(ToString::to_string),
        "token_keys": token_keys.iter().map(|(rec, _)| rec.uri.clone()).collect::<Vec<_>>(),
    }));
    Ok(())
}
