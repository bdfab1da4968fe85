//! `tcerts revoke` and `tcerts crl`, checked with openssl.

mod support;
use support::*;

use std::fs;

fn setup() -> Pki {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    pki
}

fn entry_status(pki: &Pki, name: &str, serial: &str) -> String {
    let run = pki.tcerts(&["--json", "list"]).succeeds();
    run.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name && e["serial"] == serial)
        .map(|e| e["status"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{name} {serial} not listed"))
}

#[test]
fn revoked_certificate_is_in_a_crl_openssl_accepts_and_is_replaced_by_apply() {
    let pki = setup();
    let w1 = pki.cert("w1", "cert.pem");
    let (ok, serial) = openssl(&["x509", "-noout", "-serial", "-in", &w1.to_string_lossy()]);
    assert!(ok);
    let serial = serial.trim().trim_start_matches("serial=").to_lowercase();

    pki.tcerts(&["revoke", "w1", "--reason", "key-compromise"])
        .succeeds()
        .stdout_has("Revoked 'w1'")
        .stderr_has("Temporal does not check CRLs")
        .stdout_has("ca rotate --namespace payments")
        .stdout_has("ca retire --namespace payments");
    assert_eq!(entry_status(&pki, "w1", &serial), "revoked");
    pki.tcerts(&["revoke", "w1", "--reason", "superseded"])
        .fails_with(2)
        .stderr_has("already revoked");
    pki.tcerts(&["revoke", "nope", "--reason", "superseded"])
        .fails_with(2)
        .no_panic();
    pki.tcerts(&["revoke", "w1", "--reason", "because"])
        .fails_with(2);

    // The namespace CA's CRL lists it; openssl verifies the CRL and rejects the leaf.
    let crl = pki.tmp.path().join("payments.crl");
    pki.tcerts(&[
        "crl",
        "--namespace",
        "payments",
        "--output",
        &crl.to_string_lossy(),
    ])
    .succeeds()
    .stdout_has("1 revoked");
    let ca_chain = pki.tmp.path().join("ns-chain.pem");
    fs::write(
        &ca_chain,
        pki.read("ca/namespaces/payments/cert.pem") + &pki.read("ca/root/cert.pem"),
    )
    .unwrap();
    let (ok, text) = openssl(&[
        "crl",
        "-in",
        &crl.to_string_lossy(),
        "-noout",
        "-verify",
        "-CAfile",
        &ca_chain.to_string_lossy(),
    ]);
    assert!(ok && text.contains("verify OK"), "{text}");
    let (ok, text) = openssl(&["crl", "-in", &crl.to_string_lossy(), "-noout", "-text"]);
    assert!(ok, "{text}");
    assert!(text.contains(&serial.to_uppercase()), "{text}");
    assert!(text.contains("Key Compromise"), "{text}");
    let root = pki.path("ca/root/cert.pem").to_string_lossy().into_owned();
    let ns_ca = pki
        .path("ca/namespaces/payments/cert.pem")
        .to_string_lossy()
        .into_owned();
    let (ok, text) = openssl(&[
        "verify",
        "-crl_check",
        "-CRLfile",
        &crl.to_string_lossy(),
        "-CAfile",
        &root,
        "-untrusted",
        &ns_ca,
        &w1.to_string_lossy(),
    ]);
    assert!(!ok && text.contains("certificate revoked"), "{text}");

    // The intermediate's CRL (default place) does not list it, and ops passes a CRL check.
    pki.tcerts(&["crl"]).succeeds().stdout_has("0 revoked");
    let crl2 = pki.path("crl/intermediate.pem");
    let (ok, text) = openssl(&[
        "verify",
        "-crl_check",
        "-CRLfile",
        &crl2.to_string_lossy(),
        "-CAfile",
        &root,
        "-untrusted",
        &pki.path("ca/intermediate/cert.pem").to_string_lossy(),
        &pki.cert("ops", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{text}");

    // The revocation survives the loss of the inventory.
    fs::remove_file(pki.path("inventory.json")).unwrap();
    assert_eq!(entry_status(&pki, "w1", &serial), "revoked");

    // apply replaces it with a new key; the old serial stays listed as revoked.
    let old_key = pki.read("certs/w1/key.pem");
    pki.tcerts(&["plan"])
        .fails_with(3)
        .stdout_has("revoked (key-compromise)");
    pki.tcerts(&["apply", "--reuse-key"]).succeeds();
    assert_ne!(
        old_key,
        pki.read("certs/w1/key.pem"),
        "never reuse a revoked key"
    );
    assert_eq!(entry_status(&pki, "w1", &serial), "revoked");
    pki.tcerts(&["plan"]).succeeds();

    // A damaged revocations file stops commands instead of forgetting revocations.
    fs::write(pki.path("revocations.json"), "{\"revoked\": [").unwrap();
    pki.tcerts(&["crl"])
        .fails_with(2)
        .no_panic()
        .stderr_has("revocations.json");
}

/// Issue #10 finding 15: --quiet drops success lines, next steps and notes (advice true of
/// every run), but never a warning about this run.
#[test]
fn quiet_keeps_warnings_and_drops_notes() {
    let pki = setup();
    let loud = pki.tcerts(&["crl"]).succeeds();
    assert!(
        loud.stderr().contains("note: Temporal does not check CRLs"),
        "{}",
        loud.stderr()
    );
    assert!(!loud.stdout().is_empty());
    let quiet = pki.tcerts(&["crl", "--quiet"]).succeeds();
    assert!(quiet.stderr().is_empty(), "{}", quiet.stderr());
    assert!(quiet.stdout().is_empty(), "{}", quiet.stdout());

    // A warning about this run (the revoked certificate still connects) survives --quiet.
    let run = pki
        .tcerts(&["revoke", "w1", "--reason", "key-compromise", "--quiet"])
        .succeeds()
        .stderr_has("warning: Temporal does not check CRLs: 'w1' still connects");
    assert!(run.stdout().is_empty(), "{}", run.stdout());
    // Tables and descriptions are reports: gone with --quiet, the exit status still tells.
    let cert = pki.cert("w1", "cert.pem");
    let listed = pki.tcerts(&["list", "--quiet"]).succeeds();
    assert!(listed.stdout().is_empty(), "{}", listed.stdout());
    let loud = pki.tcerts(&["inspect"]).arg(&cert).succeeds();
    assert!(loud.stdout().contains("CN=w1"), "{}", loud.stdout());
    let quiet = pki.tcerts(&["inspect", "--quiet"]).arg(&cert).succeeds();
    assert!(quiet.stdout().is_empty(), "{}", quiet.stdout());
    // And so does one issued from a fake clock.
    pki.tcerts(&["issue", "worker", "--name", "w2", "--quiet"])
        .env("TCERTS_NOW", "2027-01-01T00:00:00Z")
        .succeeds()
        .stderr_has("warning: TCERTS_NOW=2027-01-01T00:00:00Z is set");
}
