//! CA rotation with overlap and retirement, checked with openssl.

use crate::support;
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

/// The certificate's serial as `openssl x509 -serial` reads it.
fn serial_of(cert: &Path) -> String {
    let (ok, text) = openssl(&["x509", "-noout", "-serial", "-in", &cert.to_string_lossy()]);
    assert!(ok, "{text}");
    text.trim().to_string()
}

/// The SHA-256 fingerprint of every certificate of a PEM file, as openssl computes it.
fn fingerprints(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for (i, block) in text
        .split_inclusive("-----END CERTIFICATE-----\n")
        .enumerate()
    {
        if !block.contains("BEGIN CERTIFICATE") {
            continue;
        }
        let one = tmp.path().join(format!("{i}.pem"));
        fs::write(&one, block).unwrap();
        let (ok, fp) = openssl(&[
            "x509",
            "-noout",
            "-fingerprint",
            "-sha256",
            "-in",
            &one.to_string_lossy(),
        ]);
        assert!(ok, "{fp}");
        out.push(fp.trim().to_string());
    }
    out
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
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["issue", "frontend", "--dns", "localhost"])
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    pki
}

/// A client certificate as a self-hosted frontend checks it: against trust/clients.pem.
fn client_ok(pki: &Pki, chain: &Path, cert: &Path) -> (bool, String) {
    openssl_verify_client(&pki.path("trust/clients.pem"), chain, cert)
}

/// A client certificate as Temporal Cloud checks it with a namespace's bundle.
fn cloud_ok(bundle: &Path, chain: &Path, cert: &Path) -> (bool, String) {
    openssl(&[
        "verify",
        "-x509_strict",
        "-purpose",
        "sslclient",
        "-CAfile",
        &bundle.to_string_lossy(),
        "-untrusted",
        &chain.to_string_lossy(),
        &cert.to_string_lossy(),
    ])
}

#[test]
fn intermediate_rotation_overlaps_then_retires() {
    let pki = setup();
    let old_ops = copy_set(&pki, "ops", pki.tmp.path());
    pki.tcerts(&["ca", "rotate"])
        .succeeds()
        .stdout_has("Issuing CA G1 → Acme Temporal Issuing CA G2")
        .stdout_has("tcld namespace accepted-client-ca set")
        .stdout_has("trust/clients.pem")
        .stdout_has("ca retire");
    assert!(pki.path("ca/previous/intermediate/G1/cert.pem").is_file());
    // Self-hosted trust: issuing CAs only, never the root.
    let internode = pki.path("trust/internode.pem");
    assert_eq!(pem_count(&internode), 2, "G2 and G1");
    assert_eq!(
        pem_count(&pki.path("trust/clients.pem")),
        3,
        "G2, G1 and the payments CA"
    );
    assert!(
        !pki.read("trust/clients.pem")
            .contains(&pki.read("ca/root/cert.pem"))
    );
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

    // During the overlap the frontend's trust accepts old and new leaves.
    for set in [old_ops.clone(), pki.path("certs/ops")] {
        let (ok, text) = client_ok(&pki, &set.join("chain.pem"), &set.join("cert.pem"));
        assert!(ok, "{}: {text}", set.display());
    }

    pki.tcerts(&["ca", "retire"])
        .succeeds()
        .stdout_has("Retired Acme Temporal Issuing CA G1")
        .stdout_has("trust/clients.pem");
    assert!(!pki.path("ca/previous/intermediate/G1").exists());
    assert_eq!(pem_count(&internode), 1);
    let cloud = pki.tmp.path().join("cloud.pem");
    pki.tcerts(&["bundle", "--output"]).arg(&cloud).succeeds();
    assert_eq!(pem_count(&cloud), 2, "tcerts bundle after retire");
    // After retire: the old leaf, and a certificate the retired key signs now (openssl,
    // same O), are refused by the frontend's trust; the new leaf is accepted.
    let (ok, text) = client_ok(&pki, &old_ops.join("chain.pem"), &old_ops.join("cert.pem"));
    assert!(!ok, "old leaf after retire: {text}");
    let retired = pki.archived("ca_previous_intermediate_G1");
    let (forged, _) = openssl_sign_with(&retired, pki.tmp.path(), "forged", "/O=Acme/CN=ops", None);
    let forged_chain = pki.tmp.path().join("forged-chain.pem");
    fs::write(
        &forged_chain,
        fs::read_to_string(&forged).unwrap()
            + &fs::read_to_string(retired.join("cert.pem")).unwrap(),
    )
    .unwrap();
    let (ok, text) = client_ok(&pki, &forged_chain, &forged);
    assert!(!ok, "signed by the retired key after retire: {text}");
    let (ok, text) = client_ok(
        &pki,
        &pki.cert("ops", "chain.pem"),
        &pki.cert("ops", "cert.pem"),
    );
    assert!(ok, "new leaf after retire: {text}");
    let inv: serde_json::Value = pki.inventory();
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
fn namespace_rotation_reissues_only_that_namespace_and_retire_cuts_it_off() {
    let pki = setup();
    let old_w1 = copy_set(&pki, "w1", pki.tmp.path());
    pki.tcerts(&["ca", "rotate", "--namespace", "payments"])
        .succeeds()
        .stdout_has("payments CA G2 (its own root)");
    let run = pki.tcerts(&["--json", "plan"]).fails_with(3);
    let changes = run.json()["changes"].as_array().unwrap().clone();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["name"], "w1");
    // Overlap: both self-signed generations in the Cloud bundle and the frontend's trust.
    let bundle = pki.tmp.path().join("payments.pem");
    pki.tcerts(&["bundle", "--namespace", "payments", "--output"])
        .arg(&bundle)
        .succeeds();
    assert_eq!(pem_count(&bundle), 2, "G2 and G1, no shared root");
    assert_eq!(cloud_violations(&bundle), Vec::<String>::new());
    assert_eq!(pem_count(&pki.path("trust/clients.pem")), 3);
    pki.tcerts(&["apply"]).succeeds().stdout_has("1 re-issued");
    for set in [old_w1.clone(), pki.path("certs/w1")] {
        let chain = set.join("chain.pem");
        let cert = set.join("cert.pem");
        assert!(client_ok(&pki, &chain, &cert).0, "{}", set.display());
        assert!(cloud_ok(&bundle, &chain, &cert).0, "{}", set.display());
    }

    pki.tcerts(&["ca", "retire", "--namespace", "payments"])
        .succeeds()
        .stdout_has("Retired Acme Temporal payments CA G1");
    pki.tcerts(&["bundle", "--namespace", "payments", "--output"])
        .arg(&bundle)
        .succeeds();
    assert_eq!(pem_count(&bundle), 1);
    let retired = pki.archived("ca_previous_namespaces_payments_G1");
    let (forged, _) = openssl_sign_with(
        &retired,
        pki.tmp.path(),
        "forged",
        "/O=Acme/OU=payments/CN=w1",
        None,
    );
    // The forger sends the retired CA along, as an intermediate.
    let forged_chain = pki.tmp.path().join("forged-chain.pem");
    fs::write(
        &forged_chain,
        fs::read_to_string(&forged).unwrap()
            + &fs::read_to_string(retired.join("cert.pem")).unwrap(),
    )
    .unwrap();
    for (what, chain, cert, want) in [
        (
            "old worker",
            old_w1.join("chain.pem"),
            old_w1.join("cert.pem"),
            false,
        ),
        (
            "signed by the retired key",
            forged_chain.clone(),
            forged.clone(),
            false,
        ),
        (
            "new worker",
            pki.cert("w1", "chain.pem"),
            pki.cert("w1", "cert.pem"),
            true,
        ),
    ] {
        let (ok, t) = client_ok(&pki, &chain, &cert);
        assert_eq!(ok, want, "self-hosted, {what}: {t}");
        let (ok, t) = cloud_ok(&bundle, &chain, &cert);
        assert_eq!(ok, want, "Cloud bundle, {what}: {t}");
    }
    pki.tcerts(&["ca", "rotate", "--namespace", "nope"])
        .fails_with(2)
        .no_panic();
    pki.tcerts(&["ca", "rotate", "--under-root"])
        .fails_with(2)
        .stderr_has("--namespace")
        .no_panic();
}

#[test]
fn root_rotation_puts_both_roots_in_ca_pem_until_retired() {
    let pki = setup();
    let old_ops = copy_set(&pki, "ops", pki.tmp.path());
    let run = pki
        .tcerts(&["ca", "rotate", "--root"])
        .succeeds()
        .stdout_has("Root CA G1 → Acme Temporal Root CA G2")
        .stdout_has("Issuing CA G2");
    // The namespace's own root does not depend on the shared root: untouched.
    assert!(!run.stdout().contains("payments CA G2"), "{}", run.stdout());
    // The frontend and ops come from the new issuing CA; w1's namespace root is unchanged,
    // so w1 only gets the new ca.pem (both roots), same key and serial.
    let w1_serial = serial_of(&pki.cert("w1", "cert.pem"));
    pki.tcerts(&["apply"])
        .succeeds()
        .stdout_has("2 re-issued, 1 trust updated");
    assert_eq!(serial_of(&pki.cert("w1", "cert.pem")), w1_serial);
    assert_eq!(pem_count(&pki.cert("w1", "ca.pem")), 2);
    let ca = pki.cert("ops", "ca.pem");
    assert_eq!(pem_count(&ca), 2, "both roots during the overlap");
    // New leaf, and old leaf, both verify against the new ca.pem.
    let (ok, text) = verify_with(&ca, &pki.path("certs/ops"), "sslclient");
    assert!(ok, "{text}");
    let (ok, text) = verify_with(&ca, &old_ops, "sslclient");
    assert!(ok, "old leaf during the overlap: {text}");
    // And the new leaf verifies against the old client's trust too? No: old ca.pem has
    // only G1, which is why ca.pem must be deployed before the new leaves.
    let (ok, _) = verify_with(&old_ops.join("ca.pem"), &pki.path("certs/ops"), "sslclient");
    assert!(!ok);

    let old_root = fingerprints(&pki.path("ca/previous/root/G1/cert.pem"));
    assert_eq!(old_root.len(), 1);
    let new_root = fingerprints(&pki.path("ca/root/cert.pem"));
    pki.tcerts(&["ca", "retire", "--root"])
        .succeeds()
        .stdout_has("Retired Acme Temporal Root CA G1")
        .stdout_has("Retired Acme Temporal Issuing CA G1")
        .stdout_has("keys and serials kept");
    // Only ca.pem is out of date: a trust update for every certificate, no re-issue.
    let names = ["frontend", "w1", "ops"];
    let plan = pki.tcerts(&["--json", "plan"]).fails_with(3);
    let changes = plan.json()["changes"].as_array().unwrap().clone();
    assert_eq!(changes.len(), names.len(), "{changes:?}");
    for c in &changes {
        assert_eq!(c["action"], "update-trust", "{c}");
        assert!(
            c["reason"]
                .as_str()
                .unwrap()
                .contains("-Acme Temporal Root CA G1"),
            "{c}"
        );
    }
    let human = pki
        .tcerts(&["plan"])
        .fails_with(3)
        .stdout_has("update-trust");
    assert!(!human.stdout().contains("reissue"), "{}", human.stdout());
    let before: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| {
            (
                serial_of(&pki.cert(n, "cert.pem")),
                fs::read(pki.cert(n, "key.pem")).unwrap(),
            )
        })
        .collect();
    // Without --reuse-key: a trust update never touches the key.
    pki.tcerts(&["apply"])
        .succeeds()
        .stdout_has("0 re-issued, 3 trust updated");
    for (n, (serial, key)) in names.iter().zip(&before) {
        assert_eq!(
            &serial_of(&pki.cert(n, "cert.pem")),
            serial,
            "{n}: serial kept"
        );
        assert_eq!(
            &fs::read(pki.cert(n, "key.pem")).unwrap(),
            key,
            "{n}: key kept"
        );
        let mode = fs::metadata(pki.cert(n, "key.pem")).unwrap().permissions();
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
            0o600
        );
        let anchors = fingerprints(&pki.cert(n, "ca.pem"));
        assert_eq!(anchors, new_root, "{n}: ca.pem holds the new root only");
        assert!(!anchors.contains(&old_root[0]), "{n}: old root gone");
    }
    // A client's new ca.pem verifies the (unchanged) frontend, as openssl sees it.
    let (ok, text) = verify_with(&ca, &pki.path("certs/frontend"), "sslserver");
    assert!(ok, "{text}");
    assert_eq!(pem_count(&ca), 1);
    let (ok, _) = verify_with(&ca, &old_ops, "sslclient");
    assert!(!ok, "after retire the old leaf is not trusted");
    let (ok, _) = client_ok(&pki, &old_ops.join("chain.pem"), &old_ops.join("cert.pem"));
    assert!(!ok, "nor by the frontend's trust");
    let (ok, text) = verify_with(&ca, &pki.path("certs/ops"), "sslclient");
    assert!(ok, "{text}");
    pki.tcerts(&["plan"]).succeeds();
    // The issuance log tells a trust update from an issuance, and still verifies.
    let log = pki.read("audit.jsonl");
    let updated: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("\"event\":\"trust-updated\""))
        .collect();
    assert!(!updated.is_empty(), "{log}");
    for n in &names {
        let serial = serial_of(&pki.cert(n, "cert.pem"))
            .trim_start_matches("serial=")
            .to_string();
        assert!(
            updated
                .iter()
                .any(|l| l.to_ascii_uppercase().contains(&serial)),
            "{n}: no trust-updated line for serial {serial}"
        );
    }
    pki.tcerts(&["audit", "verify"]).succeeds();
}

/// A PKI laid out by an older tcerts (namespace CA signed by the root, nothing declared)
/// moves to an independent namespace root through `ca rotate --namespace`.
#[test]
fn an_old_layout_namespace_migrates_to_its_own_root_without_cutting_anyone_off() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments", "--under-root"])
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    // What an older tcerts wrote: no `under_root` in tcerts.toml.
    let toml = pki.read("tcerts.toml").replace("under_root = true\n", "");
    fs::write(pki.path("tcerts.toml"), toml).unwrap();
    let old_w1 = copy_set(&pki, "w1", pki.tmp.path());
    pki.tcerts(&["ca", "rotate", "--namespace", "payments"])
        .succeeds()
        .stdout_has("now its own root")
        // During the overlap the old generation still needs the shared root in the bundle.
        .stderr_has("moving to its own root");
    let bundle = pki.tmp.path().join("payments.pem");
    pki.tcerts(&["bundle", "--namespace", "payments", "--output"])
        .arg(&bundle)
        .succeeds()
        .stderr_has("until `tcerts --dir");
    assert_eq!(
        pem_count(&bundle),
        3,
        "G2 (own root), G1 and the shared root"
    );
    assert_eq!(cloud_violations(&bundle), Vec::<String>::new());
    pki.tcerts(&["apply"]).succeeds();
    for set in [old_w1.clone(), pki.path("certs/w1")] {
        let chain = set.join("chain.pem");
        let cert = set.join("cert.pem");
        assert!(
            client_ok(&pki, &chain, &cert).0,
            "overlap, self-hosted: {}",
            set.display()
        );
        assert!(
            cloud_ok(&bundle, &chain, &cert).0,
            "overlap, Cloud: {}",
            set.display()
        );
    }
    pki.tcerts(&["ca", "retire", "--namespace", "payments"])
        .succeeds();
    let run = pki
        .tcerts(&["bundle", "--namespace", "payments", "--output"])
        .arg(&bundle)
        .succeeds();
    assert_eq!(run.stderr(), "", "isolated now: nothing to warn about");
    assert_eq!(pem_count(&bundle), 1);
    assert!(!cloud_ok(&bundle, &old_w1.join("chain.pem"), &old_w1.join("cert.pem")).0);
    assert!(!client_ok(&pki, &old_w1.join("chain.pem"), &old_w1.join("cert.pem")).0);
    assert!(
        cloud_ok(
            &bundle,
            &pki.cert("w1", "chain.pem"),
            &pki.cert("w1", "cert.pem")
        )
        .0
    );
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

/// A trust update replaces a certificate's set as a whole, so a file tcerts does not write
/// in that directory is not silently dropped: that certificate is refused (named; exit 4,
/// a partial apply, as the others are updated), and it is updated once the file is moved
/// out.
#[test]
fn a_trust_update_never_drops_a_file_it_did_not_write() {
    let pki = setup();
    pki.tcerts(&["ca", "rotate", "--root"]).succeeds();
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["ca", "retire", "--root"]).succeeds();
    let extra = pki.cert("ops", "notes.txt");
    fs::write(&extra, "mine").unwrap();
    let before = fs::read_to_string(pki.cert("ops", "ca.pem")).unwrap();
    pki.tcerts(&["apply"])
        .fails_with(4)
        .stderr_has("notes.txt")
        .stderr_has("move it out")
        .stdout_has("2 trust updated");
    assert_eq!(fs::read_to_string(&extra).unwrap(), "mine");
    assert_eq!(
        fs::read_to_string(pki.cert("ops", "ca.pem")).unwrap(),
        before
    );
    assert_eq!(pem_count(&pki.cert("w1", "ca.pem")), 1);
    fs::remove_file(&extra).unwrap();
    pki.tcerts(&["apply"])
        .succeeds()
        .stdout_has("1 trust updated");
    assert_eq!(pem_count(&pki.cert("ops", "ca.pem")), 1);
    pki.tcerts(&["plan"]).succeeds();
}
