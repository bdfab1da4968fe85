//! `tcerts issue`: inputs refused before anything is written, overwrites refused without
//! --force, CSR signing, validity clamping, file modes, JSON output.
use crate::support;

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
    let (ok, t) = pki.openssl_verify("from-csr", "sslserver");
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
    let pki = Pki::init(&[]).with_namespace("payments");
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

/// The client hint after `issue` names the PKI's one frontend (its first name and
/// Temporal's port), keeps placeholders with zero or several frontends and says why.
#[test]
fn client_hints_name_the_one_frontend() {
    let pki = Pki::init(&[]);
    let none = pki.tcerts(&["issue", "cli", "--name", "early"]).succeeds();
    let text = none.stdout();
    assert!(text.contains("--address FRONTEND:7233"), "{text}");
    assert!(text.contains("--tls-server-name FRONTEND-NAME"), "{text}");
    assert!(text.contains("no frontend certificate yet"), "{text}");

    pki.tcerts(&[
        "issue",
        "frontend",
        "--dns",
        "temporal-frontend.example",
        "--dns",
        "localhost",
    ])
    .succeeds();
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    for args in [
        &["issue", "cli", "--name", "ops"][..],
        &["issue", "worker", "--name", "w1", "--namespace", "payments"][..],
    ] {
        let run = pki.tcerts(args).succeeds();
        let text = run.stdout();
        assert!(
            text.contains("--address temporal-frontend.example:7233"),
            "{text}"
        );
        assert!(
            text.contains("--tls-server-name temporal-frontend.example"),
            "{text}"
        );
        assert!(!text.contains("FRONTEND"), "{text}");
        // The hint is true: openssl accepts the frontend for that name with that ca.pem.
        let (ok, why) = openssl(&[
            "verify",
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "temporal-frontend.example",
            "-CAfile",
            &pki.cert(args[3], "ca.pem").to_string_lossy(),
            "-untrusted",
            &pki.cert("frontend", "chain.pem").to_string_lossy(),
            &pki.cert("frontend", "cert.pem").to_string_lossy(),
        ]);
        assert!(ok, "{why}");
    }

    pki.tcerts(&["issue", "frontend", "--name", "fe2", "--dns", "other"])
        .succeeds();
    let text = pki
        .tcerts(&["issue", "cli", "--name", "late"])
        .succeeds()
        .stdout();
    assert!(text.contains("--tls-server-name FRONTEND-NAME"), "{text}");
    assert!(
        text.contains("several frontend certificates (frontend, fe2)"),
        "{text}"
    );
}

/// A CSR made by `openssl req` with the given key and signing options, in `dir`.
fn csr_with(dir: &std::path::Path, name: &str, opts: &[&str]) -> std::path::PathBuf {
    let key = dir.join(format!("{name}.key"));
    let csr = dir.join(format!("{name}.csr"));
    let mut args = vec![
        "req",
        "-new",
        "-nodes",
        "-subj",
        "/CN=w",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        csr.to_str().unwrap(),
    ];
    args.extend_from_slice(opts);
    let (ok, text) = openssl(&args);
    assert!(ok, "openssl req {opts:?}: {text}");
    csr
}

/// Issue #10 finding 1: a CSR key weaker than, or different from, what tcerts generates
/// is refused (exit 2, naming the CSR file and the real reason), and so is a signature
/// below SHA-256; nothing is issued or recorded. Keys tcerts would make itself are
/// signed, and openssl verifies the result.
#[test]
fn weak_or_unsupported_csr_keys_are_refused_with_the_real_reason() {
    let pki = Pki::init(&[]);
    let dir = pki.tmp.path();
    let refused: [(&str, &[&str], &str); 10] = [
        (
            "rsa1024-sha1",
            &["-newkey", "rsa:1024", "-sha1"],
            "RSA key of 1024 bits",
        ),
        ("rsa1536", &["-newkey", "rsa:1536"], "RSA key of 1536 bits"),
        (
            "rsa2048-e3",
            &["-newkey", "rsa:2048", "-pkeyopt", "rsa_keygen_pubexp:3"],
            "exponent 3",
        ),
        (
            "rsa2048-sha1",
            &["-newkey", "rsa:2048", "-sha1"],
            "SHA-1 with RSA",
        ),
        (
            "p521",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"],
            "curve P-521",
        ),
        (
            "secp256k1",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1"],
            "curve secp256k1",
        ),
        (
            "explicit",
            &[
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-pkeyopt",
                "ec_param_enc:explicit",
            ],
            "explicit parameters",
        ),
        (
            "rsa-pss-key",
            &["-newkey", "rsa-pss", "-pkeyopt", "rsa_keygen_bits:2048"],
            "RSA-PSS key",
        ),
        (
            "pss-long-salt",
            &["-newkey", "rsa:2048", "-sigopt", "rsa_padding_mode:pss"],
            "salt",
        ),
        (
            "ecdsa-sha1",
            &[
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-sha1",
            ],
            "ECDSA with SHA-1",
        ),
    ];
    let toml = pki.read("tcerts.toml");
    for (name, opts, reason) in refused {
        let csr = csr_with(dir, name, opts);
        let run = pki
            .tcerts(&["issue", "worker", "--name", name, "--csr"])
            .arg(&csr)
            .fails_with(2)
            .no_panic()
            .stderr_has(&format!("{name}.csr"))
            .stderr_has(reason);
        assert!(
            !run.stderr().contains("altered"),
            "{name}: blamed on tampering: {}",
            run.stderr()
        );
        assert!(
            !pki.cert(name, "").exists(),
            "{name}: a certificate was issued"
        );
    }
    assert_eq!(pki.read("tcerts.toml"), toml, "a refused CSR was recorded");

    // The same CSR declared in tcerts.toml: apply refuses it the same way.
    let weak = dir.join("rsa1536.csr");
    let declared = format!(
        "{toml}\n[[certificate]]\nname = \"declared\"\nrole = \"worker\"\ncsr = \"{}\"\n",
        weak.display()
    );
    std::fs::write(pki.path("tcerts.toml"), declared).unwrap();
    pki.tcerts(&["apply"])
        .fails_with(2)
        .stderr_has("rsa1536.csr")
        .stderr_has("RSA key of 1536 bits");
    std::fs::write(pki.path("tcerts.toml"), &toml).unwrap();

    // A CSR altered after signing is still called what it is.
    let good = csr_with(
        dir,
        "tampered",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let (ok, der) = openssl(&[
        "req",
        "-in",
        good.to_str().unwrap(),
        "-outform",
        "DER",
        "-out",
        dir.join("t.der").to_str().unwrap(),
    ]);
    assert!(ok, "{der}");
    let mut bytes = std::fs::read(dir.join("t.der")).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x55;
    std::fs::write(dir.join("t.der"), &bytes).unwrap();
    pki.tcerts(&["issue", "worker", "--name", "tampered", "--csr"])
        .arg(dir.join("t.der"))
        .fails_with(2)
        .stderr_has("t.der")
        .stderr_has("does not verify");

    // What tcerts would generate is accepted, and openssl verifies the chain.
    for (name, opts) in [
        ("rsa2048", &["-newkey", "rsa:2048"][..]),
        (
            "p384",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
        ("ed25519", &["-newkey", "ed25519"]),
        (
            "pss-digest-salt",
            &[
                "-newkey",
                "rsa:2048",
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:digest",
            ],
        ),
    ] {
        let csr = csr_with(dir, name, opts);
        pki.tcerts(&["issue", "worker", "--name", name, "--csr"])
            .arg(&csr)
            .succeeds();
        let (ok, text) = pki.openssl_verify(name, "sslclient");
        assert!(ok, "{name}: {text}");
    }
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

/// The `[[certificate]]` entry named `name` in tcerts.toml, as text (up to the next table).
fn entry(pki: &Pki, name: &str) -> String {
    let text = pki.read("tcerts.toml");
    let start = text
        .find(&format!("[[certificate]]\nname = \"{name}\""))
        .unwrap_or_else(|| panic!("no entry {name}:\n{text}"));
    let rest = &text[start + 1..];
    let end = rest.find("\n[").map_or(text.len(), |e| start + 1 + e);
    text[start..end].to_string()
}

fn subject(cert: &std::path::Path) -> String {
    let (ok, s) = openssl(&["x509", "-noout", "-subject", "-in", &cert.to_string_lossy()]);
    assert!(ok, "{s}");
    s
}

fn verify_client(pki: &Pki, name: &str) {
    let (ok, text) = openssl_verify(
        &pki.anchors_of(name),
        &pki.cert(name, "chain.pem"),
        &pki.cert(name, "cert.pem"),
        "sslclient",
    );
    assert!(ok, "openssl verify {name}: {text}");
}

#[test]
fn reissuing_a_declared_worker_keeps_its_namespace_names_and_entry() {
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&[
        "issue",
        "worker",
        "--name",
        "pw",
        "--namespace",
        "payments",
        "--dns",
        "pw.example",
        "--validity",
        "30d",
        "--key-type",
        "ecdsa-p384",
    ])
    .succeeds();
    let toml_before = pki.read("tcerts.toml");
    let serial_before = pki.read("certs/pw/cert.pem");
    assert!(subject(&pki.cert("pw", "cert.pem")).contains("OU = payments"));

    // What doctor used to suggest for an expired worker: no --namespace, no names.
    let run = pki
        .tcerts(&["issue", "worker", "--name", "pw", "--force"])
        .succeeds();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    assert_ne!(pki.read("certs/pw/cert.pem"), serial_before);
    let s = subject(&pki.cert("pw", "cert.pem"));
    assert!(s.contains("OU = payments"), "{s}");
    assert_eq!(
        pki.read("tcerts.toml"),
        toml_before,
        "entry changed silently"
    );
    let text = openssl_text(&pki.cert("pw", "cert.pem"));
    assert!(text.contains("DNS:pw.example"), "{text}");
    assert!(
        text.contains("secp384r1") || text.contains("P-384"),
        "{text}"
    );
    verify_client(&pki, "pw");
    // The namespace CA, its own root, issued it: the server holds that CA, so the chain
    // the worker presents is the leaf alone.
    assert_eq!(
        pki.read("certs/pw/chain.pem"),
        pki.read("certs/pw/cert.pem")
    );
    let (ok, issuer) = openssl(&[
        "x509",
        "-noout",
        "-issuer",
        "-in",
        &pki.cert("pw", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok && issuer.contains("payments CA"), "{issuer}");

    // A flag that changes a field: said on stderr, recorded visibly, the rest kept.
    pki.tcerts(&[
        "issue",
        "worker",
        "--name",
        "pw",
        "--force",
        "--key-type",
        "ecdsa-p256",
    ])
    .succeeds()
    .stderr_has("key_type \"ecdsa-p384\" → \"ecdsa-p256\"");
    let e = entry(&pki, "pw");
    assert!(e.contains("namespace = \"payments\""), "{e}");
    assert!(e.contains("key_type = \"ecdsa-p256\""), "{e}");
    assert!(e.contains("validity = \"30d\""), "{e}");
    assert!(e.contains("dns = [\"pw.example\"]"), "{e}");
    let toml = pki.read("tcerts.toml");
    assert!(
        toml.contains("changed key_type \"ecdsa-p384\" → \"ecdsa-p256\""),
        "{toml}"
    );
    // A role without namespaces drops it, and says so in the output and the file.
    pki.tcerts(&["issue", "client", "--name", "pw", "--force"])
        .succeeds();
    pki.tcerts(&["issue", "server", "--name", "pw", "--force"])
        .succeeds()
        .stderr_has("namespace \"payments\" → none");
    assert!(
        pki.read("tcerts.toml")
            .contains("namespace \"payments\" → none")
    );
    assert!(!subject(&pki.cert("pw", "cert.pem")).contains("OU"));
    pki.tcerts(&["plan"]).succeeds();
}

#[test]
fn renew_reissues_from_the_declaration() {
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&[
        "issue",
        "frontend",
        "--dns",
        "fe.example",
        "--ip",
        "10.1.2.3",
    ])
    .succeeds();
    let toml_before = pki.read("tcerts.toml");
    let cert_before = pki.read("certs/pw/cert.pem");
    let key_before = pki.read("certs/pw/key.pem");
    let doc = pki
        .tcerts(&["--json", "renew", "pw", "frontend"])
        .succeeds()
        .json();
    assert_eq!(doc["renewed"].as_array().unwrap().len(), 2, "{doc:#}");
    assert_eq!(doc["renewed"][0]["namespace"], "payments");
    assert_ne!(pki.read("certs/pw/cert.pem"), cert_before);
    assert_ne!(
        pki.read("certs/pw/key.pem"),
        key_before,
        "a new key by default"
    );
    assert!(subject(&pki.cert("pw", "cert.pem")).contains("OU = payments"));
    verify_client(&pki, "pw");
    let (ok, text) = pki.openssl_verify("frontend", "sslserver");
    assert!(ok, "{text}");
    let text = openssl_text(&pki.cert("frontend", "cert.pem"));
    assert!(
        text.contains("DNS:fe.example") && text.contains("IP Address:10.1.2.3"),
        "{text}"
    );
    assert_eq!(pki.read("tcerts.toml"), toml_before);

    // --reuse-key keeps the key and still gives a new certificate.
    let key = pki.read("certs/pw/key.pem");
    let cert = pki.read("certs/pw/cert.pem");
    pki.tcerts(&["renew", "pw", "--reuse-key"])
        .succeeds()
        .stdout_has("same key");
    assert_eq!(pki.read("certs/pw/key.pem"), key);
    assert_ne!(pki.read("certs/pw/cert.pem"), cert);
    verify_client(&pki, "pw");
    pki.tcerts(&["plan"]).succeeds();

    // An undeclared name is refused, naming the command that declares it.
    pki.tcerts(&["renew", "nope"])
        .fails_with(2)
        .stderr_has("not declared")
        .stderr_has("tcerts issue ROLE --name nope");
    pki.tcerts(&["renew"]).fails_with(2);
}

#[test]
fn a_worker_without_namespace_in_a_pki_with_namespaces_draws_a_warning() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w0"])
        .succeeds()
        .run_stderr_lacks("warning");
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    for role in ["worker", "cli"] {
        pki.tcerts(&["issue", role, "--name", &format!("{role}-loose")])
            .succeeds()
            .stderr_has("no namespace")
            .stderr_has("--namespace payments");
    }
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds()
        .run_stderr_lacks("warning");
}

/// The column where the text after the first field of `line` starts (after its spaces).
fn second_column(line: &str, first: &str) -> usize {
    let rest = &line[line.find(first).unwrap() + first.len()..];
    line.len() - rest.trim_start().len()
}

#[test]
fn columns_align_with_long_paths_and_names() {
    let pki = Pki::new();
    let deep = pki
        .tmp
        .path()
        .join("a-rather-long-directory-name-for-the-platform-team/temporal/production/pki");
    let t = |args: &[&str]| Test::new(&deep).args(args).succeeds();
    t(&["init", "--org", "Acme"]);
    let ns = "payments-and-billing-reconciliation.a1b2c";
    t(&["namespace", "add", ns]);
    let name = "settlement-batch-worker-for-the-eu-region";
    let out = t(&["issue", "worker", "--name", name, "--namespace", ns]).stdout();
    let files: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  /") && l.contains("/certs/"))
        .collect();
    assert_eq!(files.len(), 4, "{out}");
    let cols: Vec<usize> = files
        .iter()
        .map(|l| second_column(l, l.split_whitespace().next().unwrap()))
        .collect();
    assert!(cols.iter().all(|c| *c == cols[0]), "{cols:?}\n{out}");
    assert!(files[0].split_whitespace().next().unwrap().len() > 44);

    // `list`: every column starts where its heading does.
    t(&["issue", "cli", "--name", "ops"]);
    let out = t(&["list"]).stdout();
    // The certificate table ends at the first blank line (the CA KEYS table follows).
    let lines: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
    let head = lines[0];
    for col in ["ROLE", "NAMESPACE", "STATUS", "NOT AFTER", "DAYS", "SERIAL"] {
        let at = head.find(col).unwrap();
        for row in &lines[1..] {
            let before = row.chars().take(at).collect::<String>();
            assert!(
                before.ends_with("  ") || before.ends_with(' '),
                "{col} column off in:\n{out}"
            );
            let c = row[at..].chars().next().unwrap();
            assert!(c != ' ' || col == "DAYS", "{col} column off in:\n{out}");
        }
    }
    let out = t(&["namespace", "list"]).stdout();
    assert!(out.contains(ns), "{out}");
}
