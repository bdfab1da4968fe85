//! `tcerts issue`: inputs refused before anything is written, overwrites refused without
//! --force, CSR signing, validity clamping, file modes, JSON output.

mod support;
use std::os::unix::fs::PermissionsExt;
use support::*;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn keys_are_0600_in_0700_directories() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "cli"]).succeeds();
    assert_eq!(mode(&pki.cert("cli", "key.pem")), 0o600);
    assert_eq!(mode(&pki.dir.join("certs/cli")), 0o700);
    assert_eq!(mode(&pki.path("ca/root/key.pem")), 0o600);
    assert_eq!(mode(&pki.path("ca/intermediate/key.pem")), 0o600);
    assert_eq!(mode(&pki.dir), 0o700);
    assert!(
        pki.read("certs/cli/key.pem")
            .starts_with("-----BEGIN PRIVATE KEY-----\n"),
        "PKCS#8"
    );
    // OpenSSL reads the key and it matches the certificate.
    let (ok, k) = openssl(&[
        "pkey",
        "-pubout",
        "-in",
        &pki.cert("cli", "key.pem").to_string_lossy(),
    ]);
    assert!(ok, "{k}");
    let (_, c) = openssl(&[
        "x509",
        "-pubkey",
        "-noout",
        "-in",
        &pki.cert("cli", "cert.pem").to_string_lossy(),
    ]);
    assert_eq!(k, c);
}

#[test]
fn existing_certificates_are_not_replaced_without_force() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker"]).succeeds();
    let before = pki.read("certs/worker/cert.pem");
    let key_before = pki.read("certs/worker/key.pem");
    pki.tcerts(&["issue", "worker"])
        .fails_with(2)
        .stderr_has("already exists")
        .stderr_has("--force");
    assert_eq!(pki.read("certs/worker/cert.pem"), before);
    assert_eq!(pki.read("certs/worker/key.pem"), key_before);
    pki.tcerts(&["issue", "worker", "--force"]).succeeds();
    assert_ne!(pki.read("certs/worker/cert.pem"), before);
    assert_ne!(pki.read("certs/worker/key.pem"), key_before);
}

#[test]
fn bad_input_is_refused_with_a_clear_error_and_nothing_written() {
    let pki = Pki::init(&[]);
    let cases: &[(&[&str], &str)] = &[
        (&["issue", "frontend"], "needs at least one --dns or --ip"),
        (
            &["issue", "frontend", "--dns", "bad name"],
            "'bad name' is not a valid DNS name",
        ),
        (&["issue", "frontend", "--dns", "10.1.2.3"], "use --ip"),
        (
            &["issue", "frontend", "--ip", "localhost"],
            "'localhost' is not a valid IP address",
        ),
        (
            &["issue", "frontend", "--ip", "300.1.1.1"],
            "not a valid IP address",
        ),
        (&["issue", "worker", "--name", "../escape"], "invalid name"),
        (
            &["issue", "worker", "--namespace", "nope"],
            "namespace 'nope' has no CA",
        ),
        (
            &[
                "issue",
                "frontend",
                "--dns",
                "x.example",
                "--namespace",
                "a",
            ],
            "--namespace applies to worker",
        ),
        (
            &["issue", "worker", "--validity", "90"],
            "invalid duration '90'",
        ),
        (
            &["issue", "worker", "--validity", "0d"],
            "duration '0d' is out of range",
        ),
        (&["issue", "wizard"], "invalid value 'wizard'"),
        (
            &["issue", "worker", "--key-type", "dsa"],
            "invalid value 'dsa'",
        ),
    ];
    for (args, msg) in cases {
        pki.tcerts(args).fails_with(2).stderr_has(msg).no_panic();
    }
    assert!(
        !pki.dir.join("certs").exists()
            || std::fs::read_dir(pki.dir.join("certs")).unwrap().count() == 0
    );
    assert!(
        !pki.read("tcerts.toml").contains("\n[[certificate]]"),
        "nothing recorded"
    );
}

#[test]
fn a_corrupt_or_foreign_ca_key_is_named_and_nothing_is_issued() {
    let pki = Pki::init(&[]);
    let key = pki.path("ca/intermediate/key.pem");
    std::fs::write(
        &key,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    pki.tcerts(&["issue", "cli"])
        .fails_with(2)
        .stderr_has("ca/intermediate/key.pem")
        .no_panic();
    assert!(!pki.cert("cli", "cert.pem").exists());

    // A valid key that is not the CA's.
    let other = Pki::init(&[]);
    std::fs::copy(other.path("ca/intermediate/key.pem"), &key).unwrap();
    pki.tcerts(&["issue", "cli"])
        .fails_with(2)
        .stderr_has("does not match")
        .no_panic();

    std::fs::remove_file(&key).unwrap();
    pki.tcerts(&["issue", "cli"])
        .fails_with(2)
        .stderr_has("missing: the CA private key");
    assert!(!pki.cert("cli", "cert.pem").exists());
}

#[test]
fn not_a_pki_and_unknown_role_exit_2() {
    let pki = Pki::new();
    pki.tcerts(&["issue", "cli"])
        .fails_with(2)
        .stderr_has("is not a tcerts PKI");
    assert!(!pki.dir.exists(), "issue must not create a PKI directory");
}

#[test]
fn signs_a_csr_and_keeps_no_key() {
    let pki = Pki::init(&[]);
    let (key, csr) = openssl_csr(
        pki.tmp.path(),
        "workload",
        "/CN=payments-worker",
        &["-addext", "subjectAltName=DNS:worker.payments.svc"],
    );
    pki.tcerts(&[
        "issue",
        "server",
        "--name",
        "from-csr",
        "--accept-csr-names",
    ])
    .arg("--csr")
    .arg(&csr)
    .succeeds();
    assert!(
        !pki.cert("from-csr", "key.pem").exists(),
        "the workload keeps its key"
    );
    let (_, k) = openssl(&["pkey", "-pubout", "-in", &key.to_string_lossy()]);
    let (_, c) = openssl(&[
        "x509",
        "-pubkey",
        "-noout",
        "-in",
        &pki.cert("from-csr", "cert.pem").to_string_lossy(),
    ]);
    assert_eq!(k, c, "the certificate carries the CSR's public key");
    let t = openssl_text(&pki.cert("from-csr", "cert.pem"));
    assert!(
        t.contains("DNS:worker.payments.svc"),
        "--accept-csr-names takes the CSR's DNS names:\n{t}"
    );
    let (ok, t) = openssl_verify(
        &pki.cert("from-csr", "ca.pem"),
        &pki.cert("from-csr", "chain.pem"),
        &pki.cert("from-csr", "cert.pem"),
        "sslserver",
    );
    assert!(ok, "{t}");
    assert!(
        pki.read("tcerts.toml").contains("csr = "),
        "recorded for renewal"
    );

    // DER CSRs work too.
    let der = pki.tmp.path().join("workload.der");
    openssl(&[
        "req",
        "-in",
        &csr.to_string_lossy(),
        "-outform",
        "DER",
        "-out",
        &der.to_string_lossy(),
    ]);
    pki.tcerts(&[
        "issue",
        "client",
        "--name",
        "from-der",
        "--accept-csr-names",
    ])
    .arg("--csr")
    .arg(&der)
    .succeeds();

    // A CSR whose signature no longer matches its content is refused.
    let pem = std::fs::read_to_string(&csr).unwrap();
    let mut tampered = std::fs::read(&der).unwrap();
    let n = tampered.len();
    tampered[n - 10] ^= 0x55; // inside the signature
    let bad = pki.tmp.path().join("tampered.der");
    std::fs::write(&bad, &tampered).unwrap();
    pki.tcerts(&["issue", "client", "--name", "bad"])
        .arg("--csr")
        .arg(&bad)
        .fails_with(2)
        .stderr_has("tampered.der")
        .stderr_has("signature")
        .no_panic();
    let garbage = pki.tmp.path().join("garbage.csr");
    std::fs::write(&garbage, pem.replace("MII", "XXX")).unwrap();
    pki.tcerts(&["issue", "client", "--name", "bad"])
        .arg("--csr")
        .arg(&garbage)
        .fails_with(2)
        .stderr_has("garbage.csr")
        .no_panic();
    let missing = pki.tmp.path().join("missing.csr");
    pki.tcerts(&["issue", "client", "--name", "bad"])
        .arg("--csr")
        .arg(&missing)
        .fails_with(2)
        .stderr_has("missing.csr")
        .no_panic();
    pki.tcerts(&["issue", "client", "--name", "bad"])
        .arg("--csr")
        .arg(pki.tmp.path())
        .fails_with(2)
        .stderr_has("directory")
        .no_panic();
    assert!(!pki.cert("bad", "cert.pem").exists());
}

#[test]
fn a_leaf_never_outlives_its_issuer() {
    let pki = Pki::init(&["--ca-validity", "30d"]);
    let run = pki
        .tcerts(&["--json", "issue", "cli", "--validity", "1y"])
        .succeeds()
        .stderr_has("validity cut to");
    let doc = run.json();
    assert_eq!(doc["clamped"], true);
    let end = |p: &std::path::Path| {
        openssl(&["x509", "-noout", "-enddate", "-in", &p.to_string_lossy()]).1
    };
    assert_eq!(
        end(&pki.cert("cli", "cert.pem")),
        end(&pki.path("ca/intermediate/cert.pem"))
    );
    // The check that fails when it should: a shorter validity is not clamped.
    let doc = pki
        .tcerts(&["--json", "issue", "client", "--validity", "7d"])
        .succeeds()
        .json();
    assert_eq!(doc["clamped"], false);
}

#[test]
fn json_output_describes_the_certificate() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    let doc = pki
        .tcerts(&[
            "--json",
            "issue",
            "worker",
            "--name",
            "w1",
            "--namespace",
            "payments",
        ])
        .succeeds()
        .json();
    assert_eq!(doc["role"], "worker");
    assert_eq!(doc["namespace"], "payments");
    assert_eq!(doc["key_type"], "ecdsa-p256");
    assert_eq!(doc["serial"].as_str().unwrap().len(), 32);
    assert!(
        doc["files"]["key"]
            .as_str()
            .unwrap()
            .ends_with("certs/w1/key.pem")
    );
    let serial = openssl(&[
        "x509",
        "-noout",
        "-serial",
        "-in",
        &pki.cert("w1", "cert.pem").to_string_lossy(),
    ])
    .1;
    assert_eq!(
        serial.trim().trim_start_matches("serial=").to_lowercase(),
        doc["serial"].as_str().unwrap()
    );
}

#[test]
fn human_output_names_the_files_and_the_temporal_cli_flags() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "cli", "--name", "ops"])
        .succeeds()
        .stdout_has("certs/ops/chain.pem")
        .stdout_has("--tls-cert-path")
        .stdout_has("--tls-key-path")
        .stdout_has("--tls-ca-path");
    let q = pki
        .tcerts(&["--quiet", "issue", "cli", "--name", "quiet"])
        .succeeds();
    assert_eq!(q.stdout(), "");
}

/// Issue #10 finding 7: server names are the user's choice, not the requester's. A CSR's
/// names go into a certificate only when confirmed (--dns, or --accept-csr-names), the
/// output shows every name the certificate got, and wildcards at or above a public suffix
/// are refused wherever names come from (--dns, a CSR, tcerts.toml).
#[test]
fn csr_names_need_confirmation_and_public_suffix_wildcards_are_refused() {
    let pki = Pki::init(&[]);
    let (_, evil) = openssl_csr(
        pki.tmp.path(),
        "evil",
        "/CN=frontend",
        &["-addext", "subjectAltName=DNS:*.com,DNS:ok.example.com"],
    );
    let evil_s = evil.to_string_lossy().into_owned();

    // Not confirmed: refused, listing the CSR's names and the flag.
    pki.tcerts(&["issue", "frontend", "--csr", &evil_s])
        .fails_with(2)
        .stderr_has(&evil_s)
        .stderr_has("the CSR asks for the names DNS:*.com, DNS:ok.example.com")
        .stderr_has("--accept-csr-names")
        .no_panic();
    // Confirmed wholesale: the public-suffix wildcard is still refused, naming the file.
    pki.tcerts(&["issue", "frontend", "--csr", &evil_s, "--accept-csr-names"])
        .fails_with(2)
        .stderr_has(&evil_s)
        .stderr_has("'*.com' is a wildcard over the public suffix 'com'")
        .no_panic();
    assert!(!pki.cert("frontend", "cert.pem").exists(), "nothing issued");

    // Confirmed with --dns: only the confirmed name goes in, the output shows it, and the
    // name left out is reported.
    let run = pki
        .tcerts(&[
            "issue",
            "frontend",
            "--csr",
            &evil_s,
            "--dns",
            "ok.example.com",
        ])
        .succeeds()
        .stdout_has("names: DNS:ok.example.com")
        .stderr_has("the CSR also asks for DNS:*.com");
    assert!(!run.stdout().contains("*.com"), "{}", run.stdout());
    let text = openssl_text(&pki.cert("frontend", "cert.pem"));
    assert!(text.contains("DNS:ok.example.com"), "{text}");
    assert!(!text.contains("*.com"), "{text}");

    // An honest CSR with --accept-csr-names: every name shown, as openssl reads them.
    let (_, honest) = openssl_csr(
        pki.tmp.path(),
        "honest",
        "/CN=internode",
        &[
            "-addext",
            "subjectAltName=DNS:a.temporal.example.com,DNS:*.history.example.com",
        ],
    );
    pki.tcerts(&["issue", "internode", "--accept-csr-names"])
        .arg("--csr")
        .arg(&honest)
        .succeeds()
        .stdout_has("names: DNS:a.temporal.example.com, DNS:*.history.example.com");
    let text = openssl_text(&pki.cert("internode", "cert.pem"));
    assert!(text.contains("DNS:*.history.example.com"), "{text}");

    // --dns wildcards at or above a public suffix, named by flag.
    for bad in ["*.com", "*.co.uk", "*.github.io", "*"] {
        pki.tcerts(&["issue", "frontend", "--name", "w", "--dns", bad])
            .fails_with(2)
            .stderr_has("--dns:")
            .stderr_has(bad)
            .no_panic();
    }
    // A flag that needs a CSR says so.
    pki.tcerts(&[
        "issue",
        "frontend",
        "--dns",
        "x.example.com",
        "--accept-csr-names",
    ])
    .fails_with(2)
    .no_panic();

    // tcerts.toml is another way in: plan refuses the declaration, naming the name.
    let path = pki.path("tcerts.toml");
    let mut toml = std::fs::read_to_string(&path).unwrap();
    toml.push_str("\n[[certificate]]\nname = \"wild\"\nrole = \"frontend\"\ndns = [\"*.co.uk\"]\n");
    std::fs::write(&path, toml).unwrap();
    pki.tcerts(&["plan"])
        .fails_with(2)
        .stderr_has("'*.co.uk' is a wildcard over the public suffix 'co.uk'")
        .no_panic();
}
