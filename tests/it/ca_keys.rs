//! CA keys at rest: `init --encrypt-ca-key` (encrypted PKCS#8 that openssl reads with the
//! passphrase), the passphrase from the environment or a file and never from argv, and
//! `ca export-root-key`.

use crate::support;
use support::*;

use std::fs;
use std::os::unix::fs::PermissionsExt;

const PASS: &str = "correct horse battery";

fn pubkey(args: &[&str]) -> String {
    let (ok, text) = openssl(args);
    assert!(ok, "{args:?}: {text}");
    text
}

#[test]
fn encrypted_ca_keys_are_read_by_openssl_and_need_the_passphrase() {
    // No passphrase: refused before anything is created.
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", "Acme", "--encrypt-ca-key"])
        .fails_with(2)
        .no_panic()
        .stderr_has("TCERTS_CA_PASSPHRASE");
    assert!(!pki.path("tcerts.toml").exists());
    // There is no way to give it on the command line.
    pki.tcerts(&[
        "init",
        "--org",
        "Acme",
        "--encrypt-ca-key",
        "--passphrase",
        PASS,
    ])
    .fails_with(2);

    pki.tcerts(&["init", "--org", "Acme", "--encrypt-ca-key"])
        .env("TCERTS_CA_PASSPHRASE", PASS)
        .succeeds();
    for ca in ["root", "intermediate"] {
        let key = pki.path(&format!("ca/{ca}/key.pem"));
        let text = fs::read_to_string(&key).unwrap();
        assert!(
            text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{text}"
        );
        assert!(!text.contains("BEGIN PRIVATE KEY"));
        let from_key = pubkey(&[
            "pkey",
            "-in",
            &key.to_string_lossy(),
            "-passin",
            &format!("pass:{PASS}"),
            "-pubout",
        ]);
        let from_cert = pubkey(&[
            "x509",
            "-noout",
            "-pubkey",
            "-in",
            &pki.path(&format!("ca/{ca}/cert.pem")).to_string_lossy(),
        ]);
        assert_eq!(from_key, from_cert, "{ca}");
        let (ok, _) = openssl(&[
            "pkey",
            "-in",
            &key.to_string_lossy(),
            "-passin",
            "pass:wrong",
            "-noout",
        ]);
        assert!(!ok, "openssl must need the right passphrase");
    }

    // Issuing needs the passphrase: missing, wrong, from the environment, from a file.
    pki.tcerts(&["issue", "cli", "--name", "ops"])
        .fails_with(2)
        .no_panic()
        .stderr_has("ca/intermediate/key.pem is encrypted");
    pki.tcerts(&["issue", "cli", "--name", "ops"])
        .env("TCERTS_CA_PASSPHRASE", "wrong")
        .fails_with(2)
        .stderr_has("wrong passphrase");
    assert!(!pki.cert("ops", "cert.pem").exists());
    pki.tcerts(&["issue", "cli", "--name", "ops"])
        .env("TCERTS_CA_PASSPHRASE", PASS)
        .succeeds();
    let (ok, text) = pki.openssl_verify("ops", "sslclient");
    assert!(ok, "{text}");
    // Leaf keys stay plain PKCS#8: Temporal and its SDKs need them unencrypted.
    assert!(
        pki.read("certs/ops/key.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );

    let pass_file = pki.tmp.path().join("pass");
    fs::write(&pass_file, format!("{PASS}\n")).unwrap();
    pki.tcerts(&["namespace", "add", "payments"])
        .arg("--passphrase-file")
        .arg(&pass_file)
        .succeeds();
    assert!(
        pki.read("ca/namespaces/payments/key.pem")
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "new CA keys are encrypted too"
    );
}

#[test]
fn root_key_export_removes_it_and_issuing_keeps_working() {
    let pki = Pki::init(&[]);
    let out = pki.tmp.path().join("offline/root-key.pem");
    let before = pki.read("ca/root/key.pem");
    pki.tcerts(&["ca", "export-root-key", "--output"])
        .arg(&out)
        .succeeds()
        .stdout_has("NOT encrypted")
        .stderr_has("not encrypted");
    assert!(!pki.path("ca/root/key.pem").exists());
    assert_eq!(fs::read_to_string(&out).unwrap(), before);
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let from_key = pubkey(&["pkey", "-in", &out.to_string_lossy(), "-pubout"]);
    let from_cert = pubkey(&[
        "x509",
        "-noout",
        "-pubkey",
        "-in",
        &pki.path("ca/root/cert.pem").to_string_lossy(),
    ]);
    assert_eq!(from_key, from_cert);

    // Issuing needs only the intermediate.
    pki.tcerts(&["issue", "frontend", "--dns", "localhost"])
        .succeeds();
    let (ok, text) = pki.openssl_verify("frontend", "sslserver");
    assert!(ok, "{text}");
    // What needs the root says so.
    pki.tcerts(&["ca", "rotate"])
        .fails_with(2)
        .stderr_has("root key is not in");
    pki.tcerts(&["ca", "export-root-key", "--output"])
        .arg(pki.tmp.path().join("again.pem"))
        .fails_with(2)
        .stderr_has("already exported");
    // Never overwrites a file.
    let pki2 = Pki::init(&[]);
    pki2.tcerts(&["ca", "export-root-key", "--output"])
        .arg(&out)
        .fails_with(2)
        .stderr_has("already exists");
    assert!(pki2.path("ca/root/key.pem").is_file());
}
