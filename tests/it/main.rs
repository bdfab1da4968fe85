//! The integration tests, in one binary (one link of the crate instead of one per file):
//! one module per feature, with the shared helpers in `support`. They run the built
//! `tcerts` binary and judge its output with independent peers (OpenSSL, the Temporal
//! CLI and dev server, Python libraries, a Go verifier).
//!
//! Run one feature with `cargo test --test it export::`, one test with its name.

mod support;

mod audit;
mod bundle;
mod ca_keys;
mod completions;
mod doctor;
mod doctor_connect;
mod export;
mod export_temporal;
mod fuzz_parsers;
mod hostile;
mod init;
mod inspect;
mod interop_openssl;
mod issue;
mod key_custody;
mod lifecycle;
mod lifecycle_stress;
mod metrics;
mod revocation;
mod rotation;
mod rotation_e2e;
mod safety;
mod temporal_e2e;
mod trust_model;
