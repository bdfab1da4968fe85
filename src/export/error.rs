//! What can go wrong exporting a certificate. Messages name the file, certificate or
//! setting; `crate::Error`'s conversion adds the command-line flag or command that helps.

use std::path::PathBuf;

use super::helm_values::HelmError;
use crate::pki::{self, Role};
use crate::store;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Pki(#[from] pki::Error),
    /// A file of the certificate that does not parse.
    #[error("{}: {source}", path.display())]
    Input { path: PathBuf, source: pki::Error },
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// The output path names a directory.
    #[error("{}: is a directory; give a file name", .0.display())]
    OutputIsDirectory(PathBuf),
    /// The output path's directory does not exist.
    #[error("{}: the directory {} does not exist", path.display(), parent.display())]
    OutputDirectoryMissing { path: PathBuf, parent: PathBuf },
    /// A certificate name that cannot name a certificate directory.
    #[error("certificate name: {0}")]
    BadName(pki::Error),
    #[error(
        "{}: is a symlink; tcerts does not follow links in the PKI's certificate directories (replace it with the real directory)",
        .0.display()
    )]
    CertificateDirIsSymlink(PathBuf),
    #[error("no certificate '{name}' in {}", certs.display())]
    NoSuchCertificate { name: String, certs: PathBuf },
    #[error("{}: not a UTF-8 PEM file", .0.display())]
    NotUtf8Pem(PathBuf),
    /// A path that must be written into a text format (YAML, TOML, .env) but is not UTF-8.
    #[error("{}: path is not UTF-8", .0.display())]
    PathNotUtf8(PathBuf),
    /// No certificate of the role the export needs; `flag` is the option that names one.
    #[error("the PKI has no {role} certificate")]
    NoCertificateOfRole { role: Role, flag: String },
    /// Several certificates of the role: which one is meant must be named (`flag`).
    #[error("the PKI has several {role} certificates ({})", names.join(", "))]
    SeveralCertificatesOfRole {
        role: Role,
        names: Vec<String>,
        flag: String,
    },
    #[error(
        "certificate '{0}' has an Ed25519 key, and Temporal Cloud accepts only RSA and ECDSA client certificates and CAs"
    )]
    Ed25519ForCloud(String),
    /// A Kubernetes object name (given with `flag`) that Kubernetes would refuse.
    #[error(
        "'{name}' is not a valid Kubernetes name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
    )]
    BadKubernetesName { flag: String, name: String },
    #[error("cannot encode YAML: {0}")]
    Yaml(String),
    #[error("cannot encode the TLS config: {0}")]
    TlsConfig(String),
    /// A value a `.env` reader would expand (the variable's name).
    #[error("{0}: the value holds '$' and a quote or newline, which .env readers would expand")]
    DotenvExpands(&'static str),
    #[error(transparent)]
    Helm(#[from] HelmError),
    /// The PKCS#12 password file is not text.
    #[error("{}: not UTF-8 text", .0.display())]
    PasswordFileNotUtf8(PathBuf),
    #[error("a PKCS#12 file needs a password")]
    NoPassword,
    #[error(
        "the PKCS#12 password is empty: Java and OpenSSL treat an empty password inconsistently; give a non-empty one"
    )]
    EmptyPassword,
    #[error("cannot write PKCS#12 for {}: {why}", chain.display())]
    Pkcs12 { chain: PathBuf, why: String },
    #[error("HOME is not set, so the Temporal CLI has no default config file")]
    NoHome,
    #[error(
        "XDG_CONFIG_HOME ({}) is not an absolute path, so the Temporal CLI has no default config file",
        .0.display()
    )]
    RelativeXdgConfigHome(PathBuf),
    /// A Temporal CLI profile name outside what its config file allows (`rule`).
    #[error("profile name '{name}': {rule}")]
    BadProfileName { name: String, rule: &'static str },
    #[error("{}: not valid TOML, left unchanged: {why}", path.display())]
    ConfigNotToml { path: PathBuf, why: String },
    #[error("{}: `profile` is not a table", .0.display())]
    ProfilesNotTable(PathBuf),
    #[error("{}: profile.{name} is not a table", path.display())]
    ProfileNotTable { path: PathBuf, name: String },
    #[error("{}: profile.{name}.tls is not a table", path.display())]
    ProfileTlsNotTable { path: PathBuf, name: String },
}

impl Error {
    pub fn input(path: impl Into<PathBuf>, source: pki::Error) -> Error {
        Error::Input {
            path: path.into(),
            source,
        }
    }
}
