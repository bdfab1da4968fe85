//! `tcerts revoke` and `tcerts crl`, checked with openssl.

use crate::support;
use support::*;

use std::fs;

fn setup() -> Pki {
    let pki = Pki::init(&[]).with_namespace("payments");
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
        // The namespace CA is its own root.
        "-CAfile",
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
    fs::remove_file(pki.path("inventory.db")).unwrap();
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

/// Both files concatenated, as an openssl -CAfile.
fn cafile(pki: &Pki, name: &str, parts: &[&std::path::Path]) -> String {
    let path = pki.tmp.path().join(name);
    let text: String = parts
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn crl_text(path: &std::path::Path) -> String {
    let (ok, text) = openssl(&["crl", "-in", &path.to_string_lossy(), "-noout", "-text"]);
    assert!(ok, "{text}");
    text
}

fn crl_verifies(crl: &std::path::Path, ca: &str) -> bool {
    let (ok, text) = openssl(&[
        "crl",
        "-in",
        &crl.to_string_lossy(),
        "-noout",
        "-verify",
        "-CAfile",
        ca,
    ]);
    ok && text.contains("verify OK")
}

#[test]
fn an_old_generation_certificate_is_revoked_in_its_own_generations_crl() {
    let pki = setup();
    let old_ca = pki.tmp.path().join("old-ca.pem");
    fs::copy(pki.path("ca/namespaces/payments/cert.pem"), &old_ca).unwrap();
    let root = pki.path("ca/root/cert.pem");
    let old_trust = cafile(&pki, "old-trust.pem", &[&old_ca, &root]);
    let w1 = pki.cert("w1", "cert.pem");
    let (_, serial) = openssl(&["x509", "-noout", "-serial", "-in", &w1.to_string_lossy()]);
    let serial = serial.trim().trim_start_matches("serial=").to_uppercase();

    // Rotated, not applied nor retired: w1 is still the G1 certificate, still trusted.
    pki.tcerts(&["ca", "rotate", "--namespace", "payments"])
        .succeeds();
    let new_ca = pki.path("ca/namespaces/payments/cert.pem");
    let new_trust = cafile(&pki, "new-trust.pem", &[&new_ca, &root]);
    pki.tcerts(&["revoke", "w1", "--reason", "key-compromise"])
        .succeeds()
        .stdout_has("generation G1, rotated out")
        .stdout_has("ca retire --namespace payments")
        .stderr_has("Temporal does not check CRLs");

    pki.tcerts(&["crl", "--namespace", "payments"])
        .succeeds()
        .stdout_has("generation G1, rotated out, still trusted): 1 revoked")
        .stdout_has("generation G2, current): 0 revoked");
    let g1 = pki.path("crl/namespace-payments-G1.pem");
    let g2 = pki.path("crl/namespace-payments-G2.pem");
    let both = pki.path("crl/namespace-payments.pem");
    assert!(g1.is_file() && g2.is_file() && both.is_file());

    // G1's CRL: signed by the old CA's key, lists w1, and openssl uses it to reject w1.
    assert!(crl_verifies(&g1, &old_trust));
    assert!(!crl_verifies(&g1, &new_trust), "G1's CRL is not G2's key's");
    let text = crl_text(&g1);
    assert!(
        text.contains(&serial) && text.contains("Key Compromise"),
        "{text}"
    );
    let verify = |crl: &std::path::Path, leaf: &std::path::Path, trust: &str| {
        openssl(&[
            "verify",
            "-crl_check",
            "-CRLfile",
            &crl.to_string_lossy(),
            "-CAfile",
            trust,
            &leaf.to_string_lossy(),
        ])
    };
    let (ok, text) = verify(&g1, &w1, &old_trust);
    assert!(!ok && text.contains("certificate revoked"), "{text}");
    // The file with every generation's CRL serves a peer that trusts both.
    let (ok, text) = verify(&both, &w1, &old_trust);
    assert!(!ok && text.contains("certificate revoked"), "{text}");

    // G2's CRL: signed by the new CA, does not list w1.
    assert!(crl_verifies(&g2, &new_trust));
    assert!(!crl_text(&g2).contains(&serial));

    // apply re-issues w1 from G2; it passes G2's CRL check. Writing the CRLs again leaves
    // G1's signed by G1 and still listing the old w1.
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["crl", "--namespace", "payments"]).succeeds();
    let (ok, text) = verify(&g2, &pki.cert("w1", "cert.pem"), &new_trust);
    assert!(ok, "{text}");
    assert!(crl_verifies(&g1, &old_trust));
    assert!(crl_text(&g1).contains(&serial));

    // Retired: G1 is no longer trusted, so no CRL for it is written any more (the file
    // stays as it was).
    pki.tcerts(&["ca", "retire", "--namespace", "payments"])
        .succeeds();
    let before = fs::read(&g1).unwrap();
    pki.tcerts(&["crl", "--namespace", "payments"])
        .succeeds()
        .stdout_has("generation G2, current)");
    assert_eq!(fs::read(&g1).unwrap(), before);
    let (ok, text) = openssl(&[
        "crl",
        "-in",
        &both.to_string_lossy(),
        "-noout",
        "-verify",
        "-CAfile",
        &new_trust,
    ]);
    assert!(ok && text.contains("verify OK"), "{text}");
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
