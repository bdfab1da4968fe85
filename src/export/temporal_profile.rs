//! A profile in the Temporal environment config file (`temporal.toml`), which the
//! `temporal` CLI and the SDKs' envconfig read:
//!
//! ```toml
//! [profile.P]
//! address = "host:7233"
//! namespace = "payments"
//! [profile.P.tls]
//! client_cert_path = "…/chain.pem"
//! client_key_path = "…/key.pem"
//! server_ca_cert_path = "…/ca.pem"
//! server_name = "temporal-frontend"
//! ```
//!
//! Merged with toml_edit: other profiles, other keys and comments are kept.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, value};

use super::CertFiles;
use super::Error;

/// What goes into the profile.
pub struct Profile<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub namespace: Option<&'a str>,
    pub server_name: Option<&'a str>,
    /// Leave out the server CA (Temporal Cloud's server certificate is publicly trusted).
    pub public_server: bool,
}

/// The platforms whose default config directory differs (Go's `os.UserConfigDir`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigOs {
    /// `$HOME/Library/Application Support`; `XDG_CONFIG_HOME` is not consulted.
    MacOs,
    /// `$XDG_CONFIG_HOME` when set (absolute), else `$HOME/.config`.
    Unix,
}

impl ConfigOs {
    /// The platform tcerts was built for.
    pub fn current() -> ConfigOs {
        if cfg!(target_os = "macos") {
            ConfigOs::MacOs
        } else {
            ConfigOs::Unix
        }
    }
}

/// The Temporal CLI's default config file on this machine (see [`config_file_for`]).
pub fn default_config_file() -> Result<PathBuf, Error> {
    config_file_for(ConfigOs::current(), |k| std::env::var_os(k))
}

/// The config file the Temporal CLI and SDKs' envconfig read by default:
/// `$TEMPORAL_CONFIG_FILE` when set and not empty, else Go's `os.UserConfigDir()` joined
/// with `temporalio/temporal.toml`. A pure function of the platform and the environment.
pub fn config_file_for(
    os: ConfigOs,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<PathBuf, Error> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(f) = var("TEMPORAL_CONFIG_FILE") {
        return Ok(PathBuf::from(f));
    }
    let home = || var("HOME").map(PathBuf::from).ok_or(Error::NoHome);
    let base = match os {
        ConfigOs::MacOs => home()?.join("Library").join("Application Support"),
        ConfigOs::Unix => match var("XDG_CONFIG_HOME") {
            Some(x) => {
                let p = PathBuf::from(x);
                if !p.is_absolute() {
                    return Err(Error::RelativeXdgConfigHome(p));
                }
                p
            }
            None => home()?.join(".config"),
        },
    };
    Ok(base.join("temporalio").join("temporal.toml"))
}

/// Validates a profile name: it becomes a TOML key and a `--profile` argument.
pub fn validate_profile_name(name: &str) -> Result<(), Error> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(Error::BadProfileName {
            name: name.to_string(),
            rule: "use letters, digits, '-', '_' and '.' (at most 64)",
        });
    }
    Ok(())
}

/// Merges the profile into `existing` (the current file's text; empty for a new file).
pub fn merge(
    path: &Path,
    existing: &str,
    files: &CertFiles,
    profile: &Profile<'_>,
) -> Result<String, Error> {
    let mut doc: DocumentMut =
        existing
            .parse()
            .map_err(|e: toml_edit::TomlError| Error::ConfigNotToml {
                path: path.to_path_buf(),
                why: e.to_string(),
            })?;
    let root = doc.as_table_mut();
    if !root.contains_key("profile") {
        let mut t = Table::new();
        t.set_implicit(true);
        root.insert("profile", Item::Table(t));
    }
    let profiles = root["profile"]
        .as_table_mut()
        .ok_or_else(|| Error::ProfilesNotTable(path.to_path_buf()))?;
    if !profiles.contains_key(profile.name) {
        profiles.insert(profile.name, Item::Table(Table::new()));
    }
    let p = profiles[profile.name]
        .as_table_mut()
        .ok_or_else(|| Error::ProfileNotTable {
            path: path.to_path_buf(),
            name: profile.name.to_string(),
        })?;
    p["address"] = value(profile.address);
    match profile.namespace {
        Some(ns) => p["namespace"] = value(ns),
        None => {
            p.remove("namespace");
        }
    }
    if !p.contains_key("tls") {
        p.insert("tls", Item::Table(Table::new()));
    }
    let tls = p["tls"]
        .as_table_mut()
        .ok_or_else(|| Error::ProfileTlsNotTable {
            path: path.to_path_buf(),
            name: profile.name.to_string(),
        })?;
    // Paths replace any inline data (the CLI refuses both) and re-enable TLS.
    for k in [
        "client_cert_data",
        "client_key_data",
        "server_ca_cert_data",
        "disabled",
    ] {
        tls.remove(k);
    }
    tls["client_cert_path"] = value(path_str(&files.chain)?);
    tls["client_key_path"] = value(path_str(&files.key)?);
    if profile.public_server {
        tls.remove("server_ca_cert_path");
    } else {
        tls["server_ca_cert_path"] = value(path_str(&files.ca)?);
    }
    match profile.server_name {
        Some(n) => tls["server_name"] = value(n),
        None => {
            tls.remove("server_name");
        }
    }
    Ok(doc.to_string())
}

fn path_str(p: &Path) -> Result<&str, Error> {
    p.to_str()
        .ok_or_else(|| Error::PathNotUtf8(p.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_file_per_platform() {
        use std::ffi::OsString;
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let home = &[("HOME", "/home/u")];
        let xdg = &[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/x")];
        let file = &[
            ("HOME", "/home/u"),
            ("XDG_CONFIG_HOME", "/x"),
            ("TEMPORAL_CONFIG_FILE", "/t.toml"),
        ];
        let path = |os, e| config_file_for(os, e).unwrap();
        assert_eq!(
            path(ConfigOs::Unix, env(home)),
            PathBuf::from("/home/u/.config/temporalio/temporal.toml")
        );
        assert_eq!(
            path(ConfigOs::Unix, env(xdg)),
            PathBuf::from("/x/temporalio/temporal.toml")
        );
        assert_eq!(
            path(ConfigOs::MacOs, env(home)),
            PathBuf::from("/home/u/Library/Application Support/temporalio/temporal.toml")
        );
        // macOS ignores XDG_CONFIG_HOME, as Go's os.UserConfigDir does.
        assert_eq!(
            path(ConfigOs::MacOs, env(xdg)),
            PathBuf::from("/home/u/Library/Application Support/temporalio/temporal.toml")
        );
        for os in [ConfigOs::Unix, ConfigOs::MacOs] {
            assert_eq!(path(os, env(file)), PathBuf::from("/t.toml"));
            assert!(config_file_for(os, env(&[])).is_err());
            assert!(config_file_for(os, env(&[("HOME", "")])).is_err());
        }
        assert!(config_file_for(ConfigOs::Unix, env(&[("XDG_CONFIG_HOME", "rel")])).is_err());
        assert_eq!(
            ConfigOs::current() == ConfigOs::MacOs,
            cfg!(target_os = "macos")
        );
    }

    fn files() -> CertFiles {
        let ca = crate::pki::CaSpec {
            kind: crate::pki::CaKind::Root,
            org: "T".into(),
            key_type: crate::pki::KeyType::EcdsaP256,
            validity: crate::pki::Validity::years(1),
            generation: 1,
        };
        let new = crate::pki::new_ca(&ca, None, crate::pki::now()).unwrap();
        CertFiles {
            name: "w".into(),
            role: None,
            namespace: None,
            cert: new.cert,
            chain: "/p/chain.pem".into(),
            key: "/p/key.pem".into(),
            ca: "/p/ca.pem".into(),
        }
    }

    #[test]
    fn merge_keeps_other_profiles_and_comments() {
        let existing = "# my settings\n[profile.default]\naddress = \"localhost:7233\" # local\n\n[profile.w.tls]\nclient_cert_data = \"x\"\n";
        let p = Profile {
            name: "w",
            address: "h:7233",
            namespace: Some("payments"),
            server_name: Some("front"),
            public_server: false,
        };
        let out = merge(Path::new("t.toml"), existing, &files(), &p).unwrap();
        assert!(out.contains("# my settings"), "{out}");
        assert!(
            out.contains("address = \"localhost:7233\" # local"),
            "{out}"
        );
        assert!(!out.contains("client_cert_data"), "{out}");
        let v: toml::Value = toml::from_str(&out).unwrap();
        assert_eq!(v["profile"]["w"]["address"].as_str(), Some("h:7233"));
        assert_eq!(
            v["profile"]["w"]["tls"]["client_cert_path"].as_str(),
            Some("/p/chain.pem")
        );
        assert_eq!(
            v["profile"]["w"]["tls"]["server_name"].as_str(),
            Some("front")
        );
        // Idempotent.
        assert_eq!(merge(Path::new("t.toml"), &out, &files(), &p).unwrap(), out);
        assert!(merge(Path::new("t.toml"), "profile = 3", &files(), &p).is_err());
        assert!(merge(Path::new("t.toml"), "[x", &files(), &p).is_err());
    }
}
