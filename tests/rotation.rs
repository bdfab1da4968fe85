//! CA rotation with overlap and retirement, checked with openssl.

mod support;
use support::*;

use std::fs;
use std::path::{Path, PathBuf};

fn copy_set(pki: &Pki, name: &str, to: &Path) -> PathBuf {
    let dest = to.join(format!("old-{name}"));
    fs::create_dir_all(&dest).unwrap();
    for f in ["cert.pem", "chain.pem", "ca.pem", "key.pem"] {
        fs::copy(pki.cert(name, f), dest.join(f)).unwrap();
    }
    dest
}

fn verify_with(ca_file: &Path, set: &Path, purpose: &str) -> (bool, String) {
    openssl_verify(
        ca_file,
        &set.join("chain.pem"),
        &set.join("cert.pem"),
        purpose,
    )
}

fn pem_count(path: &Path) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .matches("BEGIN CERTIFICATE")
        .count()
}

fn cloud_violations(path: &Path) -> Vec<String> {
    let bytes = fs::read(path).unwrap();
    let ders = tcerts::pki::parse_certificates(&bytes).unwrap();
    tcerts::bundle::check_cloud_rules(&ders, bytes.len())
        .into_iter()
        .map(|v| format!("{}: {}", v.code, v.message))
        .collect()
}

fn setup() -> Pki {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["issue", "frontend", "--dns", "localhost"])
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    pki
}

#[test]
fn intermediate_rotation_overlaps_then_retires() {
    let pki = setup();
    let old_ops = copy_set(&pki, "ops", pki.tmp.path());
    pki.tcerts(&["ca", "rotate"])
        .succeeds()
        .stdout_has("Issuing CA G1 → Acme Temporal Issuing CA G2")
        .stdout_has("tcld namespace accepted-client-ca set")
        .stdout_has("ca retire");
    assert!(pki.path("ca/previous/intermediate/G1/cert.pem").is_file());
    let bundle = pki.path("trust/intermediate.pem");
    assert_eq!(pem_count(&bundle), 3, "G2, G1 and the root");
    assert_eq!(cloud_violations(&bundle), Vec::<String>::new());
    // `tcerts bundle` (Temporal Cloud) carries both generations during the overlap.
    let cloud = pki.tmp.path().join("cloud.pem");
    pki.tcerts(&["bundle", "--output"])
        .arg(&cloud)
        .succeeds()
        .no_panic();
    assert_eq!(pem_count(&cloud), 3, "root, G1 and G2");
    assert_eq!(cloud_violations(&cloud), Vec::<String>::new());

    // Only the certificates of the intermediate are re-issued; the namespace's is not.
    let run = pki.tcerts(&["--json", "plan"]).fails_with(3);
    let mut names: Vec<String> = run.json()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c["reason"].as_str().unwrap().contains("G2"), "{c}");
            c["name"].as_str().unwrap().to_string()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["frontend", "ops"]);

    // Retiring now would strand ops and frontend: refused, naming them.
    pki.tcerts(&["ca", "retire"])
        .fails_with(2)
        .stderr_has("frontend, ops")
        .stderr_has("apply");
    pki.tcerts(&["apply"]).succeeds().stdout_has("2 re-issued");
    let (ok, text) = openssl(&[
        "x509",
        "-noout",
        "-issuer",
        "-in",
        &pki.cert("ops", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok && text.contains("Issuing CA G2"), "{text}");

    // During the overlap a verifier holding the bundle accepts old and new leaves.
    let root = pki.path("ca/root/cert.pem");
    for set in [old_ops.clone(), pki.path("certs/ops")] {
        let (ok, text) = openssl(&[
            "verify",
            "-CAfile",
            &root.to_string_lossy(),
            "-untrusted",
            &bundle.to_string_lossy(),
            &set.join("cert.pem").to_string_lossy(),
        ]);
        assert!(ok, "{}: {text}", set.display());
    }

    pki.tcerts(&["ca", "retire"])
        .succeeds()
        .stdout_has("Retired Acme Temporal Issuing CA G1");
    assert!(!pki.path("ca/previous/intermediate/G1").exists());
    assert_eq!(pem_count(&bundle), 2);
    let cloud = pki.tmp.path().join("cloud.pem");
    pki.tcerts(&["bundle", "--output"]).arg(&cloud).succeeds();
    assert_eq!(pem_count(&cloud), 2, "tcerts bundle after retire");
    let (ok, _) = openssl(&[
        "verify",
        "-CAfile",
        &root.to_string_lossy(),
        "-untrusted",
        &bundle.to_string_lossy(),
        &old_ops.join("cert.pem").to_string_lossy(),
    ]);
    assert!(!ok, "the old leaf's issuer is gone from the bundle");
    let inv: serde_json::Value = serde_json::from_str(&pki.read("inventory.json")).unwrap();
    assert!(
        !inv["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "ca" && e["subject"].as_str().unwrap().contains("Issuing CA G1")),
        "{inv:#}"
    );
    pki.tcerts(&["ca", "retire"])
        .fails_with(2)
        .stderr_has("no rotated-out");
    pki.tcerts(&["plan"]).succeeds();
}

#[test]
fn namespace_rotation_reissues_only_that_namespace() {
    let pki = setup();
    pki.tcerts(&["ca", "rotate", "--namespace", "payments"])
        .succeeds()
        .stdout_has("payments CA G2");
    let run = pki.tcerts(&["--json", "plan"]).fails_with(3);
    let changes = run.json()["changes"].as_array().unwrap().clone();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["name"], "w1");
    let bundle = pki.path("trust/namespace-payments.pem");
    assert_eq!(pem_count(&bundle), 3);
    assert_eq!(cloud_violations(&bundle), Vec::<String>::new());
    pki.tcerts(&["ca", "retire", "--namespace", "payments", "--force"])
        .succeeds()
        .stderr_has("no longer trusted: w1");
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["ca", "rotate", "--namespace", "nope"])
        .fails_with(2)
        .no_panic();
}

#[test]
fn root_rotation_puts_both_roots_in_ca_pem_until_retired() {
    let pki = setup();
    let old_w1 = copy_set(&pki, "w1", pki.tmp.path());
    pki.tcerts(&["ca", "rotate", "--root"])
        .succeeds()
        .stdout_has("Root CA G1 → Acme Temporal Root CA G2")
        .stdout_has("Issuing CA G2")
        .stdout_has("payments CA G2");
    pki.tcerts(&["apply"]).succeeds().stdout_has("3 re-issued");
    let ca = pki.cert("w1", "ca.pem");
    assert_eq!(pem_count(&ca), 2, "both roots during the overlap");
    // New leaf, and old leaf, both verify against the new ca.pem.
    let (ok, text) = verify_with(&ca, &pki.path("certs/w1"), "sslclient");
    assert!(ok, "{text}");
    let (ok, text) = verify_with(&ca, &old_w1, "sslclient");
    assert!(ok, "old leaf during the overlap: {text}");
    // And the new leaf verifies against the old client's trust too? No: old ca.pem has
    // only G1, which is why ca.pem must be deployed before the new leaves.
    let (ok, _) = verify_with(&old_w1.join("ca.pem"), &pki.path("certs/w1"), "sslclient");
    assert!(!ok);

    pki.tcerts(&["ca", "retire", "--root"])
        .succeeds()
        .stdout_has("Retired Acme Temporal Root CA G1")
        .stdout_has("Retired Acme Temporal Issuing CA G1")
        .stdout_has("apply");
    pki.tcerts(&["plan"])
        .fails_with(3)
        .stdout_has("trusted roots changed");
    pki.tcerts(&["apply", "--reuse-key"]).succeeds();
    assert_eq!(pem_count(&ca), 1);
    let (ok, _) = verify_with(&ca, &old_w1, "sslclient");
    assert!(!ok, "after retire the old leaf is not trusted");
    let (ok, text) = verify_with(&ca, &pki.path("certs/w1"), "sslclient");
    assert!(ok, "{text}");
    pki.tcerts(&["plan"]).succeeds();
}

#[test]
fn init_force_drops_the_replaced_pkis_rotated_out_cas() {
    let pki = setup();
    pki.tcerts(&["ca", "rotate", "--root"]).succeeds();
    pki.tcerts(&["init", "--org", "Acme", "--force"]).succeeds();
    assert!(!pki.path("ca/previous").exists());
    pki.tcerts(&["issue", "cli", "--name", "fresh"]).succeeds();
    assert_eq!(pem_count(&pki.cert("fresh", "ca.pem")), 1);
    pki.tcerts(&["ca", "retire", "--root"])
        .fails_with(2)
        .stderr_has("no rotated-out");
}
