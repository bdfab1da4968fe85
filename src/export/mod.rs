//! Writing certificates in the forms Temporal's consumers read: the CLI's profile file,
//! environment variables, Kubernetes Secrets, Helm values, the server's `global.tls`
//! block, PKCS#12 for Java, Temporal Cloud certificate filters and a Terraform
//! `temporalcloud_namespace`. One module per
//! format; YAML through serde-saphyr, JSON through serde_json, TOML through toml_edit.
//!
//! Every output is a pure function of its inputs (no clock, no randomness, except the
//! salts of PKCS#12), so the same PKI gives the same bytes.

pub mod env;
mod error;
pub mod filters;
pub mod frontend;
pub mod helm_values;
pub mod k8s_secret;
pub mod pkcs12;
pub mod server_config;
pub mod temporal_profile;
pub mod terraform;

pub use error::Error;
use std::fs;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::pki::{CertInfo, Role};
use crate::store::{self, Config, Store, atomic};

/// Writes `bytes` to `path` atomically with `mode`, or to stdout when there is no path or
/// it is `-`. An output with [`atomic::KEY_MODE`] holds a private key: it goes only to a
/// new regular file created 0600 (see [`atomic::write_secret_output`]); other outputs may
/// go to a device or pipe the user names (`/dev/stdout`).
pub fn emit(path: Option<&Path>, bytes: &[u8], mode: u32) -> Result<(), Error> {
    match path {
        Some(p) if p != Path::new("-") => {
            if p.is_dir() {
                return Err(Error::OutputIsDirectory(p.to_path_buf()));
            }
            if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty())
                && !parent.is_dir()
            {
                return Err(Error::OutputDirectoryMissing {
                    path: p.to_path_buf(),
                    parent: parent.to_path_buf(),
                });
            }
            if mode == atomic::KEY_MODE {
                atomic::write_secret_output(p, bytes)?;
            } else {
                atomic::write_output(p, bytes, mode)?;
            }
            Ok(())
        }
        _ => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Whether content goes to stdout: no `--output`, or `--output -`.
pub fn to_stdout(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p == Path::new("-"))
}

/// The JSON document of content that would go to stdout: `format` names what `content`
/// is (always text), `extra`'s fields say the rest (what the file case's document says).
pub fn embedded(format: &str, content: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut doc = serde_json::json!({ "format": format, "content": content });
    if let (Some(d), serde_json::Value::Object(more)) = (doc.as_object_mut(), extra) {
        for (k, v) in more {
            d.entry(k).or_insert(v);
        }
    }
    doc
}

/// Writes a command's content, following the one rule of `--json` for content (README,
/// "Global flags"): to `--output FILE` as it is; to stdout as it is, or, with `--json`,
/// embedded in one JSON document ([`embedded`]), so that stdout is always JSON with
/// `--json`. Returns whether a file was written (the caller then reports it).
pub fn deliver(
    out: crate::output::Output,
    path: Option<&Path>,
    content: &str,
    mode: u32,
    format: &str,
    extra: serde_json::Value,
) -> Result<bool, Error> {
    if out.json && to_stdout(path) {
        out.json(&embedded(format, content, extra));
        return Ok(false);
    }
    emit(path, content.as_bytes(), mode)?;
    Ok(!to_stdout(path))
}

/// The files of one issued certificate, `DIR/certs/NAME/`, with absolute paths (a config
/// file or environment is read from anywhere).
#[derive(Debug, Clone)]
pub struct CertFiles {
    pub name: String,
    pub role: Option<Role>,
    pub namespace: Option<String>,
    /// The leaf.
    pub cert: CertInfo,
    /// Leaf then intermediates: what the owner presents.
    pub chain: PathBuf,
    pub key: PathBuf,
    /// The root CA, which verifies the other side.
    pub ca: PathBuf,
}

impl CertFiles {
    /// Finds the certificate's files and checks them: no symlinks in its directory (they
    /// are read with `O_NOFOLLOW`), and a `key.pem` that is the certificate's key, so no
    /// export ever ships a key that does not match or a file the PKI does not hold.
    pub fn load(store: &Store, config: &Config, name: &str) -> Result<CertFiles, Error> {
        crate::pki::validate_name(name).map_err(Error::BadName)?;
        let dir = store.cert_dir(name);
        if store::is_symlink(&dir) {
            return Err(Error::CertificateDirIsSymlink(dir));
        }
        let cert_path = dir.join(crate::store::CERT_FILE);
        if fs::symlink_metadata(&cert_path).is_err() {
            return Err(Error::NoSuchCertificate {
                name: name.to_string(),
                certs: store.certs_dir(),
            });
        }
        let cert_der = store::read_pki_file(&cert_path)?;
        let cert = crate::pki::parse_certificates(&cert_der)
            .and_then(|ders| {
                ders.first()
                    .ok_or(crate::pki::Error::NoPemBlock("CERTIFICATE"))
                    .and_then(CertInfo::parse)
            })
            .map_err(|e| Error::input(&cert_path, e))?;
        let abs = |f: &str| -> Result<PathBuf, Error> {
            let p = dir.join(f);
            if fs::symlink_metadata(&p).is_err() {
                return Err(store::Error::Missing {
                    path: p,
                    what: format!("the {f} of certificate '{name}'"),
                }
                .into());
            }
            std::path::absolute(&p).map_err(|e| store::Error::io(&p, e).into())
        };
        let entry = config.certificate(name);
        let files = CertFiles {
            name: name.to_string(),
            role: entry.map(|c| c.role),
            namespace: entry.and_then(|c| c.namespace.clone()),
            chain: abs(crate::store::CHAIN_FILE)?,
            key: abs(crate::store::KEY_FILE)?,
            ca: abs(crate::store::TRUST_FILE)?,
            cert,
        };
        // Every file is a regular file, not a link; the key is the certificate's.
        files.private_key()?;
        files.read(&files.chain)?;
        files.read(&files.ca)?;
        Ok(files)
    }

    /// The certificate's private key, read without following links and checked against
    /// the certificate (as `export pkcs12` always did).
    pub fn private_key(&self) -> Result<rcgen::KeyPair, Error> {
        let bytes = store::read_pki_file(&self.key)?;
        let key = crate::pki::parse_private_key(&bytes).map_err(|e| Error::input(&self.key, e))?;
        if rcgen::PublicKeyData::der_bytes(&key) != self.cert.public_key.as_slice() {
            return Err(Error::input(&self.key, crate::pki::Error::KeyMismatch));
        }
        Ok(key)
    }

    /// Reads one of the certificate's files as text (never through a symlink).
    pub fn read(&self, path: &Path) -> Result<String, Error> {
        let bytes = store::read_pki_file(path)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Error::NotUtf8Pem(path.to_path_buf()))
    }

    /// The first DNS name, else the first IP address, of the certificate.
    pub fn first_name(&self) -> Option<String> {
        self.cert
            .dns
            .first()
            .cloned()
            .or_else(|| self.cert.ips.first().map(ToString::to_string))
    }

    /// Whether the leaf's key is Ed25519 (refused by Temporal Cloud).
    pub fn is_ed25519(&self) -> bool {
        use x509_parser::prelude::{FromDer, X509Certificate};
        X509Certificate::from_der(&self.cert.der)
            .is_ok_and(|(_, x)| x.public_key().algorithm.algorithm.to_id_string() == "1.3.101.112")
    }
}

/// Finds the certificate of `role` the user meant: the one named, or the PKI's only one.
pub fn pick_by_role(
    config: &Config,
    role: Role,
    named: Option<&str>,
    flag: &str,
) -> Result<String, Error> {
    if let Some(n) = named {
        return Ok(n.to_string());
    }
    let found: Vec<&str> = config
        .certificates
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.name.as_str())
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => Err(Error::NoCertificateOfRole {
            role,
            flag: flag.to_string(),
        }),
        many => Err(Error::SeveralCertificatesOfRole {
            role,
            names: many.iter().map(ToString::to_string).collect(),
            flag: flag.to_string(),
        }),
    }
}

/// Whether an address is a Temporal Cloud endpoint: its server certificate is publicly
/// trusted (no server CA to give), and it accepts only RSA and ECDSA client keys.
pub fn is_cloud_address(address: &str) -> bool {
    let host = address
        .rsplit_once(':')
        .map_or(address, |(h, _)| h)
        .trim_end_matches('.')
        .to_ascii_lowercase();
    host.ends_with(".tmprl.cloud") || host.ends_with(".api.temporal.io")
}

/// Refuses an Ed25519 client certificate for a Temporal Cloud address, with the reason.
pub fn refuse_ed25519_for_cloud(files: &CertFiles, address: Option<&str>) -> Result<(), Error> {
    if address.is_some_and(is_cloud_address) && files.is_ed25519() {
        return Err(Error::Ed25519ForCloud(files.name.clone()));
    }
    Ok(())
}

/// A Kubernetes object name (RFC 1123 subdomain): lowercase letters, digits, '-' and '.',
/// starting and ending with a letter or digit, at most 253 characters.
pub fn validate_k8s_name(flag: &str, name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err(Error::BadKubernetesName {
            flag: flag.to_string(),
            name: name.to_string(),
        })
    }
}

/// The default Secret name of a certificate: `temporal-NAME-tls`, made a valid Kubernetes
/// name.
/// The self-hosted trust files servers check client certificates with, rewritten from the
/// CAs on disk first (so an export never names a stale file): `(trust/clients.pem,
/// trust/internode.pem)` as absolute paths, and what the rewrite did. Anchored on issuing
/// CAs, never on a root (see `store::trust_files`); what `clientCaFiles` must name.
pub fn client_trust_files(dir: &Path) -> Result<(PathBuf, PathBuf, store::TrustFiles), Error> {
    let store = Store::open(dir, store::LockMode::Exclusive)?;
    let done = store.write_trust_files()?;
    let abs = |p: PathBuf| -> Result<PathBuf, Error> {
        if !p.is_file() {
            return Err(store::Error::Missing {
                path: p,
                what: "the client trust file (the issuing CA is not there yet: for an enterprise root, run `tcerts ca import`)".into(),
            }
            .into());
        }
        std::path::absolute(&p).map_err(|e| store::Error::io(&p, e).into())
    };
    Ok((
        abs(store.clients_trust_file())?,
        abs(store.internode_trust_file())?,
        done,
    ))
}

pub fn default_secret_name(cert_name: &str) -> String {
    let cleaned: String = cert_name
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("temporal-{}-tls", cleaned.trim_matches(['-', '.']))
}

/// Serialises a value as YAML, with plain or quoted scalars only (no folded blocks), so
/// long base64 values stay on one line for every YAML reader.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    serde_saphyr::to_string_with_options(value, options).map_err(|e| Error::Yaml(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_addresses_and_secret_names() {
        assert!(is_cloud_address("payments.a1b2c.tmprl.cloud:7233"));
        assert!(is_cloud_address("us-west-2.aws.api.temporal.io:7233"));
        assert!(!is_cloud_address("temporal-frontend:7233"));
        assert!(!is_cloud_address("127.0.0.1:7233"));
        assert_eq!(default_secret_name("Front_End"), "temporal-front-end-tls");
        assert!(validate_k8s_name("--secret-name", "temporal-frontend-tls").is_ok());
        for bad in ["", "Upper", "-x", "x-", "a_b"] {
            assert!(validate_k8s_name("--secret-name", bad).is_err(), "{bad}");
        }
    }
}
