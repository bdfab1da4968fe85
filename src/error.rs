//! The error a command ends with, and its exit status.

use std::path::PathBuf;

use crate::{pki, store};

/// Exit status for success.
pub const EXIT_OK: u8 = 0;
/// Exit status when a check ran and failed (doctor findings, expiry gates).
pub const EXIT_FAILED_CHECK: u8 = 1;
/// Exit status for usage errors and bad input: nothing was changed.
pub const EXIT_USAGE: u8 = 2;

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
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::CheckFailed(_) => EXIT_FAILED_CHECK,
            _ => EXIT_USAGE,
        }
    }

    pub fn input(path: impl Into<PathBuf>, source: pki::Error) -> Error {
        Error::Input {
            path: path.into(),
            source,
        }
    }
}
