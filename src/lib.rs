//! tcerts: the private CA and mTLS certificate lifecycle of Temporal deployments.
//!
//! Dependencies point one way (docs/architecture.md walks one command through them):
//!
//! ```text
//! main → lib::run → commands → domain → store → audit → pki ⇄ custody
//!                                 domain: bundle, doctor, export, issuance, lifecycle,
//!                                         rotation, inventory, revocation, metrics
//! ```
//!
//! A module uses only modules to its right (and `output` for printing). `pki` and
//! `custody` are the one pair that use each other: a token key (`custody::TokenKey`) signs
//! through `pki::signer`, and `custody` generates keys of a `pki::KeyType`.
//!
//! - `cli`: the clap definitions, nothing else (completions and the man page come from it).
//! - `commands`: one module per subcommand: reads the arguments, calls one domain
//!   function, prints its result through `output`; no loops over certificates.
//! - `error`: `Error`, the error a command ends with, its exit status (`ExitStatus`, all
//!   of them in one place) and the wording that names flags for domain errors.
//! - `output`: what commands print (human text, `--json`, warnings, `shell_path`).
//! - `completion`: dynamic shell completion of certificate and namespace names.
//! - `issuance`: one declared certificate issued and handed to the store (`issue`, `apply`).
//! - `lifecycle`: tcerts.toml made real: `plan` (what is due), `apply`, `renew`.
//! - `rotation`: `ca rotate` and `ca retire`: successors, generations, dependents, archive.
//! - `bundle`: Temporal Cloud CA bundles and their rules, certificate filters, isolation.
//! - `export`: certificates in other tools' forms (Temporal CLI, env, Kubernetes, Helm,
//!   server config, PKCS#12, Terraform).
//! - `inventory`: `inventory.db` (SQLite), every CA and certificate with its status.
//! - `revocation`: `revocations.json` and the CRLs made from it.
//! - `metrics`: expiry metrics in the Prometheus text format.
//! - `doctor`: why a Temporal mTLS connection fails: files, bundles, a live handshake.
//! - `store`: the PKI directory: its layout (the only place file names are spelled),
//!   the lock, atomic writes, tcerts.toml, CA keys (files or tokens), generations,
//!   trust files, appending to the issuance log.
//! - `audit`: the issuance log's entries, their hash chain and its verification.
//! - `custody`: CA keys in PKCS#11 tokens: URIs, generating and signing in the token.
//! - `pki`: keys, CAs, role profiles, CSRs, validity, certificate parsing; no file I/O.

pub mod audit;
pub mod bundle;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod custody;
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
