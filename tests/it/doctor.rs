//! `tcerts doctor` on the committed fixtures (fixtures/doctor/generate.sh): one broken
//! setup per finding code, asserted by code, certificate and exit status; healthy setups
//! (RSA and ECDSA, with and without intermediates, a tcerts PKI) give no error. OpenSSL
//! confirms independently that the broken chains are broken and the healthy ones verify.
use crate::support;

use support::*;

use std::path::Path;

use std::process::Command;

use proptest::prelude::*;

use serde_json::Value;

/// The time every fixture test runs at (the fixtures' dates are fixed around it).
const NOW: &str = "2027-06-01T00:00:00Z";

use support::fixture::{copy_dir, doctor_fixture as fx, doctor_fixture_str as fxs};

/// `tcerts doctor ARGS --json` at NOW; returns the exit status and the document.
fn doctor(args: &[String]) -> (i32, Value) {
    let run = Test::bare()
        .args(&["doctor", "--json"])
        .args(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .env("TCERTS_NOW", NOW)
        .run()
        .no_panic();
    let code = run.out.status.code().unwrap_or(-1);
    (code, run.json())
}

/// (group label, code, severity) of every finding.
fn findings(doc: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for g in doc["groups"].as_array().expect("groups") {
        for f in g["findings"].as_array().expect("findings") {
            out.push((
                g["certificate"].as_str().unwrap_or_default().to_string(),
                f["code"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

/// The arguments for a fixture case: --cert chain.pem plus key.pem and ca.pem if present.
fn case_args(case: &str) -> Vec<String> {
    let mut args = vec!["--cert".to_string(), fxs(&format!("{case}/chain.pem"))];
    for (flag, file) in [("--key", "key.pem"), ("--ca", "ca.pem")] {
        if fx(&format!("{case}/{file}")).exists() {
            args.push(flag.into());
            args.push(fxs(&format!("{case}/{file}")));
        }
    }
    args
}

/// Asserts that `case` yields `code` with `severity` on the certificate whose label ends
/// with `cert`, the exit status `exit`, and no error other than `allowed`.
fn expect(case: &str, extra: &[&str], code: &str, cert: &str, severity: &str, exit: i32) {
    let mut args = case_args(case);
    args.extend(extra.iter().map(|s| s.to_string()));
    let (status, doc) = doctor(&args);
    let all = findings(&doc);
    assert!(
        all.iter()
            .any(|(g, c, s)| c == code && g.ends_with(cert) && s == severity),
        "{case}: expected {code} ({severity}) on …{cert}, got {all:#?}"
    );
    let other_errors: Vec<_> = all
        .iter()
        .filter(|(_, c, s)| s == "error" && c != code)
        .collect();
    assert!(
        other_errors.is_empty(),
        "{case}: unexpected other errors {other_errors:#?}"
    );
    assert_eq!(status, exit, "{case}: exit status; findings {all:#?}");
}

macro_rules! case {
    ($name:ident, $case:expr, [$($extra:expr),*], $code:expr, $cert:expr, $sev:expr, $exit:expr) => {
        #[test]
        fn $name() {
            expect($case, &[$($extra),*], $code, $cert, $sev, $exit);
        }
    };
}

case!(
    pem_malformed,
    "pem-malformed",
    [],
    "pem-malformed",
    "chain.pem",
    "error",
    1
);

case!(not_pem, "not-pem", [], "not-pem", "chain.pem", "error", 1);

#[test]
fn weak_key() {
    // The 1024-bit key is refused by the loader too: both the certificate and the key file are named.
    let (status, doc) = doctor(&case_args("weak-key"));
    let all = findings(&doc);
    assert!(
        all.iter()
            .any(|(g, c, _)| c == "weak-key" && g.ends_with("chain.pem #1")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|(g, c, _)| c == "weak-key" && g.ends_with("key.pem")),
        "{all:#?}"
    );
    assert!(all.iter().all(|(_, c, _)| c == "weak-key"), "{all:#?}");
    assert_eq!(status, 1);
}

#[test]
fn wrong_pem_type_names_both_swapped_files() {
    let (status, doc) = doctor(&case_args("wrong-pem-type"));
    let all = findings(&doc);
    for f in ["chain.pem", "key.pem"] {
        assert!(
            all.iter()
                .any(|(g, c, _)| c == "wrong-pem-type" && g.ends_with(f)),
            "{all:#?}"
        );
    }
    assert_eq!(status, 1);
}

#[test]
fn healthy_setups_give_no_error() {
    for (case, extra) in [
        (
            "healthy-ecdsa-server",
            &["--usage", "server", "--server-name", "frontend.example"][..],
        ),
        ("healthy-ecdsa-server", &["--server-name", "127.0.0.1"][..]),
        ("healthy-ecdsa-client", &["--usage", "client"][..]),
        ("healthy-rsa-client", &["--usage", "client"][..]),
        (
            "healthy-rsa-server",
            &["--usage", "server", "--server-name", "localhost"][..],
        ),
    ] {
        let mut args = case_args(case);
        args.extend(extra.iter().map(|s| s.to_string()));
        let (status, doc) = doctor(&args);
        let all = findings(&doc);
        assert!(all.is_empty(), "{case} {extra:?}: {all:#?}");
        assert_eq!(status, 0, "{case}");
        assert_eq!(doc["ok"], true);
    }
    // tcerts' own certificates, as the peer of each role checks them.
    for (name, extra) in [
        (
            "frontend",
            &["--usage", "server", "--server-name", "frontend.example"][..],
        ),
        ("frontend", &["--server-name", "127.0.0.1"][..]),
        (
            "internode",
            &["--usage", "server", "--server-name", "internode.example"][..],
        ),
        ("internode", &["--usage", "client"][..]),
        ("worker", &["--usage", "client"][..]),
        ("cli", &["--usage", "client"][..]),
    ] {
        let dir = format!("healthy-pki/certs/{name}");
        let mut args: Vec<String> = ["--cert", "chain.pem", "--key", "key.pem", "--ca", "ca.pem"]
            .chunks(2)
            .flat_map(|p| [p[0].to_string(), fxs(&format!("{dir}/{}", p[1]))])
            .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        let (status, doc) = doctor(&args);
        assert!(findings(&doc).is_empty(), "{name} {extra:?}: {doc:#}");
        assert_eq!(status, 0);
    }
    // DER is read and noted, not rejected.
    let (status, doc) = doctor(&[
        "--cert".into(),
        fxs("healthy-der/chain.der"),
        "--ca".into(),
        fxs("healthy-der/ca.pem"),
    ]);
    assert_eq!(status, 0);
    assert_eq!(
        findings(&doc),
        vec![(
            fxs("healthy-der/chain.der"),
            "not-pem".into(),
            "info".into()
        )]
    );
}

#[test]
fn tolerates_bom_crlf_leading_text_and_sec1_keys() {
    let chain = std::fs::read(fx("healthy-ecdsa-server/chain.pem")).unwrap();
    let key = std::fs::read(fx("healthy-ecdsa-server/key.pem")).unwrap();
    assert!(chain.windows(2).any(|w| w == b"\r\n") && !chain.starts_with(b"-----"));
    assert!(key.starts_with(b"\xef\xbb\xbf"));
    assert!(String::from_utf8_lossy(&key).contains("BEGIN EC PRIVATE KEY"));
    // Covered by healthy_setups_give_no_error; OpenSSL reads the same files.
    let (ok, text) = openssl(&["pkey", "-noout", "-in", &fxs("healthy-rsa-client/key.pem")]);
    assert!(ok, "{text}");
}

#[test]
fn human_output_groups_by_certificate_and_gives_fixes() {
    let run = Test::bare()
        .args(&["doctor"])
        .args(
            &case_args("missing-intermediate")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
        .env("TCERTS_NOW", NOW)
        .fails_with(1)
        .no_panic();
    let out = run.stdout();
    assert!(out.contains("missing-intermediate"), "{out}");
    assert!(out.contains("fix: present the full chain"), "{out}");
    assert!(out.contains("O=Fixture, CN=frontend"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour off a terminal: {out}");
}

/// Each broken chain is broken for OpenSSL too, and each healthy one verifies: the
/// fixtures are what they claim, judged by software nobody here wrote.
#[test]
fn openssl_agrees_with_the_fixtures() {
    let verify = |case: &str, purpose: &str| -> bool {
        let chain = fx(&format!("{case}/chain.pem"));
        let tmp = tempfile::tempdir().unwrap();
        // OpenSSL wants the leaf and the untrusted intermediates as separate files.
        let text = std::fs::read_to_string(&chain).unwrap().replace('\r', "");
        let blocks: Vec<&str> = text
            .split_inclusive("-----END CERTIFICATE-----\n")
            .filter(|b| b.contains("BEGIN CERTIFICATE"))
            .collect();
        let leaf = tmp.path().join("leaf.pem");
        let rest = tmp.path().join("rest.pem");
        std::fs::write(&leaf, blocks[0]).unwrap();
        std::fs::write(&rest, blocks[1..].concat()).unwrap();
        let mut args = vec![
            "verify".to_string(),
            "-x509_strict".into(),
            "-attime".into(),
            "1811808000".into(),
            "-purpose".into(),
            purpose.into(),
            "-CAfile".into(),
            fxs(&format!("{case}/ca.pem")),
        ];
        if blocks.len() > 1 {
            args.extend(["-untrusted".into(), rest.to_string_lossy().into_owned()]);
        }
        args.push(leaf.to_string_lossy().into_owned());
        openssl(&args.iter().map(String::as_str).collect::<Vec<_>>()).0
    };
    for (case, purpose) in [
        ("healthy-ecdsa-server", "sslserver"),
        ("healthy-ecdsa-client", "sslclient"),
        ("healthy-rsa-client", "sslclient"),
        ("healthy-rsa-server", "sslserver"),
        ("expiring-soon", "sslserver"),
    ] {
        assert!(verify(case, purpose), "openssl rejects healthy {case}");
    }
    for (case, purpose) in [
        ("expired", "sslserver"),
        ("not-yet-valid", "sslserver"),
        ("unknown-issuer", "sslserver"),
        ("missing-intermediate", "sslserver"),
        ("self-signed", "sslserver"),
        ("eku-missing", "sslserver"),
        ("eku-missing-intermediate", "sslclient"),
        ("not-a-ca", "sslserver"),
        ("ca-keyusage", "sslserver"),
        ("path-length", "sslserver"),
        ("bad-signature", "sslserver"),
    ] {
        assert!(!verify(case, purpose), "openssl accepts broken {case}");
    }
}

// Doctor by topic: bundles, the PKI directory, --explain, and input it cannot use.
mod bad_input;
mod bundles;
mod explain;
mod pki_dir;

#[test]
fn quiet_hides_notes_but_not_problems() {
    let run = Test::bare()
        .args(&["doctor", "--quiet", "--cert"])
        .arg(fx("healthy-der/chain.der"))
        .args(&["--ca"])
        .arg(fx("healthy-der/ca.pem"))
        .succeeds();
    assert_eq!(run.stdout(), "");
    let run = Test::bare()
        .args(&["doctor", "--quiet"])
        .args(
            &case_args("expiring-soon")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
        .env("TCERTS_NOW", NOW)
        .succeeds();
    assert!(run.stdout().contains("expiring-soon"), "{}", run.stdout());
}

/// Issue #10 finding 1, doctor's side: a certificate whose RSA key has exponent 3 (made
/// and signed by openssl) is a weak-key error, as its 1024-bit cousin is.
#[test]
fn rsa_exponent_3_is_a_weak_key() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |f: &str| tmp.path().join(f).to_string_lossy().into_owned();
    for args in [
        vec![
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-subj",
            "/CN=e3 CA",
            "-days",
            "30",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        vec![
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-pkeyopt",
            "rsa_keygen_pubexp:3",
            "-nodes",
            "-keyout",
            &p("leaf.key"),
            "-out",
            &p("leaf.csr"),
            "-subj",
            "/CN=e3",
        ],
        vec![
            "x509",
            "-req",
            "-in",
            &p("leaf.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-out",
            &p("leaf.pem"),
            "-days",
            "20",
            "-extfile",
            "/dev/stdin",
        ],
    ] {
        let mut cmd = Command::new("openssl");
        cmd.args(&args).stdin(std::process::Stdio::piped());
        let mut child = cmd
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(b"extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, text) = openssl(&["x509", "-noout", "-text", "-in", &p("leaf.pem")]);
    assert!(text.contains("Exponent: 3 (0x3)"), "{text}");
    let run = Test::bare()
        .args(&[
            "doctor",
            "--cert",
            &p("leaf.pem"),
            "--key",
            &p("leaf.key"),
            "--ca",
            &p("ca.pem"),
        ])
        .fails_with(1)
        .no_panic()
        .stdout_has("weak-key")
        .stdout_has("public exponent 3");
    assert!(!run.stdout().contains("bad-signature"), "{}", run.stdout());
}

/// Issue #10 finding 7, the doctor side: a certificate made elsewhere (openssl) with a
/// wildcard over a public suffix is an error, whatever name is dialled.
#[test]
fn a_wildcard_over_a_public_suffix_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();
    let (ok, t) = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &p("ca.key"),
        "-out",
        &p("ca.pem"),
        "-subj",
        "/CN=Rogue Root",
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    assert!(ok, "{t}");
    let (ok, t) = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &p("leaf.key"),
        "-out",
        &p("leaf.pem"),
        "-subj",
        "/CN=wild",
        "-days",
        "3650",
        "-CA",
        &p("ca.pem"),
        "-CAkey",
        &p("ca.key"),
        "-addext",
        "subjectAltName=DNS:*.co.uk,DNS:frontend.example",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "keyUsage=critical,digitalSignature",
        "-addext",
        "extendedKeyUsage=serverAuth",
    ]);
    assert!(ok, "{t}");
    let (code, doc) = doctor(&[
        "--cert".into(),
        p("leaf.pem"),
        "--ca".into(),
        p("ca.pem"),
        "--usage".into(),
        "server".into(),
        "--server-name".into(),
        "frontend.example".into(),
    ]);
    let f = findings(&doc);
    assert!(
        f.iter()
            .any(|(_, c, s)| c == "wildcard-public-suffix" && s == "error"),
        "{doc:#}"
    );
    assert!(
        serde_json::to_string(&doc)
            .unwrap()
            .contains("*.co.uk is a wildcard over the public suffix 'co.uk'"),
        "{doc:#}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_frontend_certificate_used_as_a_client_is_told_which_role_gives_client_auth() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "frontend", "--dns", "fe.example"])
        .succeeds();
    // openssl agrees it is no client certificate.
    let (ok, _) = pki.openssl_verify("frontend", "sslclient");
    assert!(!ok);
    let run = pki
        .tcerts(&["--json", "doctor", "--usage", "client", "--cert"])
        .arg(pki.cert("frontend", "chain.pem"))
        .arg("--ca")
        .arg(pki.cert("frontend", "ca.pem"))
        .fails_with(1);
    let doc = run.json();
    let fix = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["findings"].as_array().unwrap().iter())
        .find(|f| f["code"] == "eku-missing")
        .unwrap_or_else(|| panic!("{doc:#}"))["fix"]
        .as_str()
        .unwrap()
        .to_string();
    for want in [
        "clientAuth",
        "tcerts issue worker|cli",
        "tcerts issue internode",
        "Helm chart",
    ] {
        assert!(fix.contains(want), "{want}: {fix}");
    }
    assert!(!fix.contains("tcerts issue ROLE"), "{fix}");
    // Following it gives a certificate openssl accepts as a client.
    pki.tcerts(&[
        "issue",
        "internode",
        "--name",
        "fe-both",
        "--dns",
        "fe.example",
    ])
    .succeeds();
    let (ok, text) = pki.openssl_verify("fe-both", "sslclient");
    assert!(ok, "{text}");
}
