//! `tcerts inspect`: every certificate of a file in human form and JSON, checked against
//! what OpenSSL reads from the same files.

use crate::support;
use support::*;

use std::path::{Path, PathBuf};

fn fx(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/doctor")
        .join(rel)
}

/// OpenSSL's fingerprint of the first certificate of a file, as lowercase hex.
fn openssl_fingerprint(file: &Path, digest: &str) -> String {
    let (ok, text) = openssl(&[
        "x509",
        "-noout",
        "-fingerprint",
        digest,
        "-in",
        &file.to_string_lossy(),
    ]);
    assert!(ok, "{text}");
    text.trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase()
}

#[test]
fn inspect_shows_every_certificate_of_a_chain() {
    let chain = fx("healthy-ecdsa-server/chain.pem");
    let run = Test::bare()
        .args(&["inspect"])
        .arg(&chain)
        .env("TCERTS_NOW", "2027-06-01T00:00:00Z")
        .succeeds()
        .no_panic();
    let out = run.stdout();
    for needle in [
        "chain.pem #1",
        "chain.pem #2",
        "O=Fixture, CN=frontend",
        "O=Fixture, CN=Fixture Issuing CA",
        "DNS:frontend.example, DNS:localhost, IP:127.0.0.1",
        "ECDSA P-256",
        "digitalSignature",
        "serverAuth",
        "keyCertSign, cRLSign",
        "yes, pathlen 0",
        "2026-01-01T00:00:00Z to 2030-01-01T00:00:00Z (945 days left)",
        &openssl_fingerprint(&chain, "-sha256"),
        &openssl_fingerprint(&chain, "-sha1"),
    ] {
        assert!(out.contains(needle), "lacks {needle:?}:\n{out}");
    }
}

#[test]
fn inspect_json_matches_openssl() {
    let chain = fx("healthy-rsa-client/chain.pem");
    let run = Test::bare()
        .args(&["inspect", "--json"])
        .arg(&chain)
        .succeeds();
    let doc = run.json();
    let c = &doc["certificates"][0];
    assert_eq!(c["key_bits"], 2048);
    assert_eq!(c["key_type"], "RSA 2048 bits");
    assert_eq!(c["extended_key_usage"][0], "clientAuth");
    assert_eq!(c["sha256"], openssl_fingerprint(&chain, "-sha256"));
    assert_eq!(c["sha1"], openssl_fingerprint(&chain, "-sha1"));
    let (ok, serial) = openssl(&["x509", "-noout", "-serial", "-in", &chain.to_string_lossy()]);
    assert!(ok);
    assert_eq!(
        c["serial"].as_str().unwrap().trim_start_matches('0'),
        serial
            .trim()
            .trim_start_matches("serial=")
            .to_lowercase()
            .trim_start_matches('0')
    );
    assert_eq!(c["subject"], "O=Fixture RSA, CN=worker");
    assert_eq!(doc["certificates"].as_array().unwrap().len(), 1);
}

#[test]
fn inspect_reads_der_and_bundles_and_refuses_keys_clearly() {
    let run = Test::bare()
        .args(&["inspect", "--json"])
        .arg(fx("healthy-der/chain.der"))
        .succeeds();
    let doc = run.json();
    assert_eq!(doc["certificates"].as_array().unwrap().len(), 1);
    assert_eq!(doc["notes"][0]["code"], "not-pem");
    let run = Test::bare()
        .args(&["inspect", "--json"])
        .arg(fx("bundles/many.pem"))
        .succeeds();
    assert_eq!(run.json()["certificates"].as_array().unwrap().len(), 17);
    Test::bare()
        .args(&["inspect"])
        .arg(fx("healthy-ecdsa-client/key.pem"))
        .fails_with(2)
        .stderr_has("private key")
        .no_panic();
    Test::bare()
        .args(&["inspect"])
        .arg(fx("not-pem/chain.pem"))
        .fails_with(2)
        .stderr_has("neither PEM")
        .no_panic();
    Test::bare().args(&["inspect"]).fails_with(2).no_panic();
}
