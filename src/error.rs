//! The error a command ends with, and its exit status.

use std::path::PathBuf;

use crate::{pki, store};

/// Every exit status tcerts ends with (README, "Exit status"): the one place they are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    /// Success.
    Ok = 0,
    /// A check ran and failed (doctor findings, a bundle breaking a Cloud rule, expiry gates).
    FailedCheck = 1,
    /// Usage error or bad input: nothing was changed.
    Usage = 2,
    /// `tcerts plan` only: changes are pending.
    ChangesPending = 3,
    /// `tcerts apply` replaced some certificates, then failed on others.
    PartialApply = 4,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}

/// Exit status for success (see [`ExitStatus`]).
pub const EXIT_OK: u8 = ExitStatus::Ok as u8;
/// Exit status when a check ran and failed (see [`ExitStatus`]).
pub const EXIT_FAILED_CHECK: u8 = ExitStatus::FailedCheck as u8;
/// Exit status for usage errors and bad input (see [`ExitStatus`]).
pub const EXIT_USAGE: u8 = ExitStatus::Usage as u8;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Pki(#[from] pki::Error),
    /// A problem with a file the user gave on the command line.
    #[error("{}: {source}", path.display())]
    Input { path: PathBuf, source: pki::Error },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// A check ran and failed (exit status 1): e.g. a bundle that breaks a Temporal Cloud rule.
    #[error("{0}")]
    CheckFailed(String),
    /// `apply` replaced some certificates, then failed on others (exit status 4).
    #[error(
        "{} of {} change(s) failed: {} (see the warnings above). {} certificate(s) were written and are in place: {}; deploy them. Fix the cause and run apply again for the rest",
        failed.len(),
        failed.len() + applied.len(),
        failed.join(", "),
        applied.len(),
        applied.join(", ")
    )]
    PartialApply {
        /// The certificates replaced (names).
        applied: Vec<String>,
        /// The certificates not changed because their change failed (names).
        failed: Vec<String>,
    },
}

impl From<crate::issuance::Error> for Error {
    fn from(e: crate::issuance::Error) -> Error {
        match e {
            crate::issuance::Error::Pki(e) => Error::Pki(e),
            crate::issuance::Error::Store(e) => Error::Store(e),
        }
    }
}

impl From<crate::revocation::CrlError> for Error {
    fn from(e: crate::revocation::CrlError) -> Error {
        match e {
            crate::revocation::CrlError::Store(e) => Error::Store(e),
            crate::revocation::CrlError::Pki(e) => Error::Pki(e),
        }
    }
}

/// The CLI's wording of lifecycle errors: the same messages, plus the command that helps
/// where the user named something tcerts.toml does not declare.
impl From<crate::lifecycle::Error> for Error {
    fn from(e: crate::lifecycle::Error) -> Error {
        use crate::lifecycle::Error as L;
        match e {
            L::Store(e) => Error::Store(e),
            L::Pki(e) => Error::Pki(e),
            L::Csr { path, source } => Error::Input { path, source },
            L::NotDeclared { ref name, .. } => Error::Usage(format!(
                "{e}; issue it first: tcerts issue ROLE --name {name}"
            )),
            e @ (L::Declaration { .. } | L::DeclaredTwice { .. } | L::ForeignFile { .. }) => {
                Error::Usage(e.to_string())
            }
        }
    }
}

/// The CLI's wording of export errors: the flag or command that helps, where there is one.
impl From<crate::export::Error> for Error {
    fn from(e: crate::export::Error) -> Error {
        use crate::export::Error as X;
        let usage = |text: String| Error::Usage(text);
        match e {
            X::Store(e) => Error::Store(e),
            X::Pki(e) => Error::Pki(e),
            X::Input { path, source } => Error::Input { path, source },
            X::Output(e) => Error::Output(e),
            X::OutputIsDirectory(_) | X::OutputDirectoryMissing { .. } => {
                usage(format!("--output {e}"))
            }
            X::BadName(e) => usage(format!("NAME: {e}")),
            X::NoSuchCertificate { ref name, .. } => usage(format!(
                "{e} (issue it with `tcerts issue ROLE --name {name}`)"
            )),
            X::NoCertificateOfRole { role, ref flag } => usage(format!(
                "{e}; issue one with `tcerts issue {role} --dns NAME`, or name one with {flag}"
            )),
            X::SeveralCertificatesOfRole { ref flag, .. } => {
                usage(format!("{e}; choose one with {flag}"))
            }
            X::Ed25519ForCloud(_) => usage(format!(
                "{e}; issue it with --key-type ecdsa-p256 from a PKI made with an RSA or ECDSA key type"
            )),
            X::BadKubernetesName { ref flag, .. } => usage(format!("{flag} {e}")),
            X::DotenvExpands(_) => usage(format!("{e}; use the shell form")),
            X::PasswordFileNotUtf8(_) => usage(format!("--password-file {e}")),
            X::NoPassword => usage(format!(
                "{e}: give --password-file FILE or set {} (never on the command line)",
                crate::export::pkcs12::PASSWORD_ENV
            )),
            X::NoHome | X::RelativeXdgConfigHome(_) => usage(format!("{e}; pass --config-file")),
            X::BadProfileName { name, rule } => usage(format!("--profile '{name}': {rule}")),
            X::ProfilesNotTable(_) => {
                usage(format!("{e}; fix the file or pass another --config-file"))
            }
            e => usage(e.to_string()),
        }
    }
}

impl Error {
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::CheckFailed(_) => ExitStatus::FailedCheck,
            Error::PartialApply { .. } => ExitStatus::PartialApply,
            _ => ExitStatus::Usage,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.exit_status().code()
    }

    pub fn input(path: impl Into<PathBuf>, source: pki::Error) -> Error {
        Error::Input {
            path: path.into(),
            source,
        }
    }
}
