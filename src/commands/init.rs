//! `tcerts init`: a root CA and an issuing intermediate, or an intermediate's key and CSR
//! for an enterprise root.

use std::path::Path;

use serde_json::json;

use super::parse_validity;
use crate::Error;
use crate::cli::InitArgs;
use crate::output::{Output, json_path};
use crate::pki::{self, CaKind, CaSpec, IssuingCa};
use crate::store::{Config, Defaults, RootConfig, RootMode, Store, atomic, ca_key_pem};

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
    let store = Store::create(dir)?;
    if store.is_initialised() && !args.force {
        return Err(crate::store::Error::AlreadyAPki(dir.to_path_buf()).into());
    }
    // A previous init killed before it wrote tcerts.toml may have left CA files: replacing
    // them is safe because `write_ca` archives what it replaces.
    let replace = true;
    if store.is_initialised() {
        let ca = store.dir().join("ca");
        if ca.exists() {
            let archived = store.archive(&ca)?;
            // Rotated-out CAs of the replaced PKI must not stay trusted in the new one.
            let previous = ca.join("previous");
            if previous.exists() {
                std::fs::remove_dir_all(&previous)
                    .map_err(|e| crate::store::Error::io(&previous, e))?;
            }
            out.warn(&format!(
                "the previous CAs were archived in {}",
                archived.display()
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
    };
    let now = pki::now();
    let spinner = if defaults.key_type.is_slow_to_generate() {
        out.spinner(&format!("generating {} CA keys", defaults.key_type))
    } else {
        None
    };

    let mut written = Vec::new();
    if args.external_root {
        let (csr_pem, key) = pki::new_external_intermediate_csr(&org, defaults.key_type)?;
        let key_pem = ca_key_pem(&key, args.encrypt_ca_key)?;
        let ca_dir = store.ca_dir(&CaKind::Intermediate);
        if ca_dir.exists() {
            store.archive(&ca_dir)?;
        }
        atomic::replace_dir(
            &ca_dir,
            &[
                atomic::SetFile {
                    name: "key.pem",
                    bytes: key_pem.as_bytes(),
                    mode: atomic::KEY_MODE,
                },
                atomic::SetFile {
                    name: "csr.pem",
                    bytes: csr_pem.as_bytes(),
                    mode: atomic::PUBLIC_MODE,
                },
            ],
        )?;
        written.push((
            ca_dir.join("key.pem"),
            "issuing CA key (PKCS#8, 0600)".to_string(),
        ));
        written.push((
            ca_dir.join("csr.pem"),
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
        let root = pki::new_ca(&root_spec, None, now)?;
        let root_key_pem = ca_key_pem(&root.key, args.encrypt_ca_key)?;
        let root_dir = store.write_ca(
            &CaKind::Root,
            &root.cert,
            Some(root_key_pem.as_bytes()),
            &[],
            replace,
        )?;
        written.push((
            root_dir.join("cert.pem"),
            format!(
                "root CA, {}, until {}",
                root.cert.common_name.clone().unwrap_or_default(),
                pki::format_time(root.cert.not_after)
            ),
        ));
        written.push((
            root_dir.join("key.pem"),
            "root CA key (PKCS#8, 0600): keep it offline if you can".into(),
        ));

        let root_ca = IssuingCa::new(root.cert.clone(), root.key, Vec::new(), root.cert.clone())?;
        let inter_spec = CaSpec {
            kind: CaKind::Intermediate,
            validity: defaults.ca_validity,
            ..root_spec
        };
        let inter = pki::new_ca(&inter_spec, Some(&root_ca), now)?;
        let inter_key_pem = ca_key_pem(&inter.key, args.encrypt_ca_key)?;
        let inter_dir = store.write_ca(
            &CaKind::Intermediate,
            &inter.cert,
            Some(inter_key_pem.as_bytes()),
            &[],
            replace,
        )?;
        written.push((
            inter_dir.join("cert.pem"),
            format!(
                "issuing CA, until {}",
                pki::format_time(inter.cert.not_after)
            ),
        ));
        written.push((
            inter_dir.join("key.pem"),
            "issuing CA key (PKCS#8, 0600)".into(),
        ));
    }
    // The configuration goes last: its presence is what makes the directory a PKI.
    store.write_config_text(&config.starter())?;
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
    for (p, what) in &written {
        out.wrote(p, what);
    }
    let d = shell_path(dir);
    let next = if args.external_root {
        vec![
            format!(
                "1. Have your enterprise root (or Vault) sign {d}/ca/intermediate/csr.pem as a CA certificate."
            ),
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
    }));
    Ok(())
}

/// A path as it would be typed in a shell (quoted when it needs to be).
pub(super) fn shell_path(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
