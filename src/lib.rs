//! tcerts: the private CA and mTLS certificate lifecycle of Temporal deployments.
//!
//! `cli` holds the clap definitions, `pki` the keys, CAs and role profiles, `store` the
//! on-disk PKI, `commands` one module per subcommand that wires them together.

pub mod audit;
pub mod bundle;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod custody;
// Pedantic lints the doctor code fails, left for the doctor split (issue 13, item 4).
#[allow(
    clippy::redundant_closure_for_method_calls,
    clippy::semicolon_if_nothing_returned,
    clippy::single_match_else,
    clippy::trivially_copy_pass_by_ref,
    clippy::case_sensitive_file_extension_comparisons,
    clippy::match_same_arms
)]
pub mod doctor;
pub mod error;
pub mod export;
pub mod inventory;
pub mod issuance;
pub mod lifecycle;
pub mod metrics;
pub mod output;
pub mod pki;
pub mod revocation;
pub mod rotation;
pub mod store;

pub use error::Error;

use std::process::ExitCode;

/// Runs one parsed command line and returns the process exit status.
pub fn run(cli: cli::Cli) -> Result<ExitCode, Error> {
    commands::dispatch(cli)
}
