//! `tcerts doctor` on the committed fixtures (fixtures/doctor/generate.sh): one broken
//! setup per finding code, asserted by code, certificate and exit status; healthy setups
//! (RSA and ECDSA, with and without intermediates, a tcerts PKI) give no error. OpenSSL
//! confirms independently that the broken chains are broken and the healthy ones verify.
use crate::support;

use support::*;

use std::path::{Path, PathBuf};

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
    args.extend(extra.iter().map(ToString::to_string));
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
        args.extend(extra.iter().map(ToString::to_string));
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
        let mut args: Vec<String> = ["--cert", "chain.pem", "--key", "key.pem"]
            .chunks(2)
            .flat_map(|p| [p[0].to_string(), fxs(&format!("{dir}/{}", p[1]))])
            .collect();
        // A client is checked as the server checks it: against the clientCaFiles tcerts
        // writes (issuing and namespace CAs); a server against the client's ca.pem (roots).
        let ca = if extra.contains(&"client") {
            fxs("healthy-pki/trust/clients.pem")
        } else {
            fxs(&format!("{dir}/ca.pem"))
        };
        args.extend(["--ca".to_string(), ca]);
        args.extend(extra.iter().map(ToString::to_string));
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
    assert!(out.contains("fix: send the intermediate"), "{out}");
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
use pki_dir::healthy_pki;

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

// ---------- a doctor that never guesses (issue #11) ----------
/// The finding with `code`, from a --json document.
fn finding<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| g["findings"].as_array().into_iter().flatten())
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {doc:#}"))
}

#[test]
fn a_wrong_ca_file_from_the_same_organisation_is_unknown_issuer_with_both_fixes() {
    // The leaf's issuer and the CA file are both O=Fixture; doctor once said
    // "the intermediate is not being sent" on that basis alone.
    let (status, doc) = doctor(&case_args("wrong-ca-same-org"));
    assert_eq!(status, 1);
    assert!(
        !findings(&doc)
            .iter()
            .any(|(_, c, _)| c == "missing-intermediate"),
        "{doc:#}"
    );
    let f = finding(&doc, "unknown-issuer");
    let (msg, fix) = (f["message"].as_str().unwrap(), f["fix"].as_str().unwrap());
    assert!(
        msg.contains("issued by O=Fixture, CN=Fixture Issuing CA")
            && msg.contains("which is neither in the chain nor in")
            && msg.contains("wrong-ca-same-org/ca.pem"),
        "{msg}"
    );
    assert!(
        fix.contains("send the intermediate") && fix.contains("trust the right CA"),
        "{fix}"
    );
    // OpenSSL agrees that no path exists, even offered every intermediate.
    let (ok, text) = openssl(&[
        "verify",
        "-CAfile",
        &fxs("wrong-ca-same-org/ca.pem"),
        &fxs("wrong-ca-same-org/chain.pem"),
    ]);
    assert!(!ok, "{text}");
}

#[test]
fn an_intermediate_of_the_pki_beside_the_run_is_a_missing_intermediate() {
    let pki = healthy_pki();
    let cert = pki.cert("frontend", "cert.pem");
    let ca = pki.cert("frontend", "ca.pem");
    let inter = pki.path("ca/intermediate/cert.pem");
    // OpenSSL: the leaf alone does not verify, the leaf with the PKI's intermediate does.
    let (ok, _) = openssl(&["verify", "-CAfile", &s(&ca), &s(&cert)]);
    assert!(!ok);
    let (ok, text) = openssl(&[
        "verify",
        "-CAfile",
        &s(&ca),
        "-untrusted",
        &s(&inter),
        &s(&cert),
    ]);
    assert!(ok, "{text}");
    let args = ["doctor", "--json", "--cert", &s(&cert), "--ca", &s(&ca)];
    // Beside the PKI: the issuer is its intermediate, which chains to the CA file.
    let run = pki.tcerts(&args).env("TCERTS_NOW", NOW).run().no_panic();
    assert_eq!(run.out.status.code(), Some(1));
    let doc = run.json();
    let f = finding(&doc, "missing-intermediate");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("ca/intermediate/cert.pem")
            && msg.contains("the intermediate is not being sent"),
        "{msg}"
    );
    assert!(f["fix"].as_str().unwrap().contains("chain.pem"));
    // Without the PKI nothing shows which fix applies: unknown-issuer, both fixes.
    let elsewhere = tempfile::tempdir().unwrap();
    let run = Test::new(&elsewhere.path().join("none"))
        .args(&args)
        .env("TCERTS_NOW", NOW)
        .run()
        .no_panic();
    let doc = run.json();
    let f = finding(&doc, "unknown-issuer");
    assert!(f["fix"].as_str().unwrap().contains("trust the right CA"));
    assert!(
        !findings(&doc)
            .iter()
            .any(|(_, c, _)| c == "missing-intermediate")
    );
    // Beside the PKI but with another PKI's CA file: the PKI's intermediate does not lead
    // to it, so sending it would not help: unknown-issuer.
    let run = pki
        .tcerts(&[
            "doctor",
            "--json",
            "--cert",
            &s(&cert),
            "--ca",
            &fxs("wrong-ca-same-org/ca.pem"),
        ])
        .env("TCERTS_NOW", NOW)
        .run()
        .no_panic();
    let doc = run.json();
    let f = finding(&doc, "unknown-issuer");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("does not lead to any CA in"),
        "{doc:#}"
    );
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// doctor's, plan's and list's verdicts on the certificate `name` at `now`: (doctor says
/// expiring-soon, plan renews it, list says due).
fn verdicts(pki: &Pki, name: &str, now: &str) -> (bool, bool, bool) {
    let run = pki
        .tcerts(&["doctor", "--json"])
        .env("TCERTS_NOW", now)
        .run()
        .no_panic();
    // TCERTS_NOW is announced on stderr (harden2), so a fake clock is never silent.
    assert!(run.stderr().contains("TCERTS_NOW"), "{}", run.stderr());
    let group = format!("certs/{name}/chain.pem #1");
    let doctor = findings(&run.json())
        .iter()
        .any(|(g, c, _)| g == &group && c == "expiring-soon");
    let run = pki
        .tcerts(&["--json", "plan"])
        .env("TCERTS_NOW", now)
        .run()
        .no_panic();
    let plan = run.json()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == name);
    let run = pki
        .tcerts(&["--json", "list"])
        .env("TCERTS_NOW", now)
        .run()
        .no_panic();
    let list = run.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == name && e["status"] == "due");
    (doctor, plan, list)
}

/// Issue #11: one renewal rule. A 10-day certificate with 10 days left, and every day
/// after, gets the same verdict from doctor, plan and list; so does a 90-day certificate
/// whose renew_before is shorter than the expiry warning (doctor once warned 30 days
/// ahead while plan waited for renew_before).
#[test]
fn doctor_plan_and_list_agree_on_when_a_certificate_is_due() {
    let pki = Pki::new();
    let t0 = "2030-01-01T00:00:00Z";
    pki.tcerts(&["init", "--org", "Acme"])
        .env("TCERTS_NOW", t0)
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "short", "--validity", "10d"])
        .env("TCERTS_NOW", t0)
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "long"])
        .env("TCERTS_NOW", t0)
        .succeeds();
    // OpenSSL reads the lifetime doctor, plan and list judge.
    let (_, text) = openssl(&[
        "x509",
        "-noout",
        "-enddate",
        "-in",
        &s(&pki.cert("short", "cert.pem")),
    ]);
    assert!(text.contains("Jan 11 00:00:00 2030 GMT"), "{text}");
    // short: 10 days; due from a third of its lifetime before the end (the 14-day expiry
    // warning never counts for more, or it would be due the day it is issued).
    for (now, due) in [
        ("2030-01-01T00:00:00Z", false), // 10 days left
        ("2030-01-07T00:00:00Z", false), // 4 days left
        ("2030-01-08T00:00:00Z", true),  // 3 days left
    ] {
        let (d, p, l) = verdicts(&pki, "short", now);
        assert_eq!((d, p, l), (due, due, due), "short at {now}");
    }
    // long: 90 days with renew_before 7d: the 14-day expiry warning comes first.
    let toml = pki
        .read("tcerts.toml")
        .replace("[defaults]\n", "[defaults]\nrenew_before = \"7d\"\n");
    std::fs::write(pki.path("tcerts.toml"), toml).unwrap();
    for (now, due) in [
        ("2030-03-01T00:00:00Z", false), // 31 days left (doctor once warned at 30)
        ("2030-03-16T00:00:00Z", false), // 16 days left
        ("2030-03-19T00:00:00Z", true),  // 13 days left, more than renew_before
    ] {
        let (d, p, l) = verdicts(&pki, "long", now);
        assert_eq!((d, p, l), (due, due, due), "long at {now}");
    }
    // The warning is configurable: 5 days leaves renew_before (7 days) in charge.
    let toml = pki
        .read("tcerts.toml")
        .replace("[defaults]\n", "[defaults]\nexpiry_warning = \"5d\"\n");
    std::fs::write(pki.path("tcerts.toml"), toml).unwrap();
    for (now, due) in [
        ("2030-03-19T00:00:00Z", false), // 13 days left
        ("2030-03-25T00:00:00Z", true),  // 7 days left
    ] {
        let (d, p, l) = verdicts(&pki, "long", now);
        assert_eq!(
            (d, p, l),
            (due, due, due),
            "long, expiry_warning 5d, at {now}"
        );
    }
}

/// One capture of fixtures/doctor/explain/ (capture.sh): its header and what was printed.
struct Capture {
    file: String,
    client: String,
    expect: String,
    body: String,
}

fn captures() -> Vec<Capture> {
    let dir = fx("explain");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let header = |k: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("# {k}: ")))
                    .unwrap_or_else(|| panic!("{}: no '# {k}:' header", p.display()))
                    .to_string()
            };
            // What the user would paste: the output, without our header and exit line.
            let body: Vec<&str> = text
                .lines()
                .skip_while(|l| l.starts_with('#'))
                .filter(|l| !l.starts_with("[exit status"))
                .collect();
            Capture {
                file: p.file_name().unwrap().to_string_lossy().into_owned(),
                client: header("client"),
                expect: header("expect"),
                body: body.join("\n"),
            }
        })
        .collect()
}

/// Issue #11: --explain on what real clients print. Every capture of the real temporal
/// CLI 1.9.1 and the Python SDK (fixtures/doctor/explain/capture.sh) is recognised, the
/// right cause ranks first, and nothing unrelated (tcld's bundle errors) matches.
#[test]
fn explain_ranks_the_right_cause_first_on_real_client_output() {
    let all = captures();
    assert!(all.len() >= 20, "{} captures", all.len());
    assert!(
        all.iter()
            .any(|c| c.client.contains("temporal version 1.9.1"))
    );
    assert!(all.iter().any(|c| c.client.contains("temporalio")));
    for c in &all {
        assert!(!c.body.trim().is_empty(), "{}: empty capture", c.file);
        let run = Test::bare()
            .args(&["doctor", "--json", "--explain", &c.body])
            .succeeds();
        let doc = run.json();
        let causes: Vec<&str> = doc["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["cause"].as_str().unwrap())
            .collect();
        assert_eq!(
            causes.first().copied(),
            Some(c.expect.as_str()),
            "{}: expected {} first, got {causes:?}",
            c.file,
            c.expect
        );
        assert!(
            !causes.contains(&"cloud-bundle-rejected"),
            "{}: tcld's entry matched {causes:?}",
            c.file
        );
        // Every top cause names the doctor command that confirms it.
        let checks = doc["matches"][0]["checks"].as_array().unwrap();
        assert!(
            checks[0].as_str().unwrap().starts_with("tcerts doctor"),
            "{}: {checks:?}",
            c.file
        );
    }
}

#[test]
fn explain_pulls_the_names_out_of_real_output() {
    let by = |f: &str| {
        let c = captures().into_iter().find(|c| c.file == f).unwrap();
        let run = Test::bare()
            .args(&["doctor", "--json", "--explain", &c.body])
            .succeeds();
        run.json()["matches"][0].clone()
    };
    // Go lists the DNS names only; rustls every name.
    for (f, names) in [
        ("cli-wrong-server-name.txt", "localhost"),
        ("python-wrong-server-name.txt", "localhost, 127.0.0.1"),
    ] {
        let m = by(f);
        let details = m["details"].to_string();
        assert!(
            details.contains(&format!(
                "valid for {names}; the client checked temporal.example"
            )),
            "{f}: {m:#}"
        );
        assert!(
            details.contains("--dns temporal.example")
                && details.contains("--tls-server-name localhost"),
            "{f}: {m:#}"
        );
        assert!(
            m["checks"][0]
                .as_str()
                .unwrap()
                .contains("--server-name temporal.example"),
            "{f}: {m:#}"
        );
    }
    let m = by("cli-ip-without-ip-san.txt");
    assert!(m["details"].to_string().contains("--ip 127.0.0.1"), "{m:#}");
    let m = by("cli-wrong-ca-same-name.txt");
    assert!(
        m["details"]
            .to_string()
            .contains("a CA named \\\"Acme Temporal Root CA G1\\\""),
        "{m:#}"
    );
    for f in ["cli-expired.txt", "python-expired.txt"] {
        let m = by(f);
        assert!(
            m["details"].to_string().contains("expired on 2020-01-31"),
            "{f}: {m:#}"
        );
    }
    let m = by("cli-connection-refused.txt");
    assert!(
        m["checks"][0]
            .as_str()
            .unwrap()
            .starts_with("tcerts doctor --connect 127.0.0.1:"),
        "{m:#}"
    );
    // The human form says which cause is most likely.
    let c = captures()
        .into_iter()
        .find(|c| c.file == "cli-no-client-cert-handshake.txt")
        .unwrap();
    Test::bare()
        .args(&["doctor", "--explain", &c.body])
        .succeeds()
        .stdout_has("1. client-cert-not-sent")
        .stdout_has("most likely")
        .stdout_has("$ tcerts doctor --connect 127.0.0.1:");
}

// ---------- coverage: every documented code, every fixture (issue #11) ----------
/// How doctor is run on a fixture of fixtures/doctor/.
enum Run {
    /// `--cert DIR/chain.pem [--key] [--ca]` plus these arguments.
    Case(&'static [&'static str]),
    /// `--bundle FILE` plus these arguments ("@PATH" is a fixture path).
    Bundle(&'static [&'static str]),
    /// `doctor` in a copy of the PKI directory, plus these arguments ("@PATH": a fixture).
    Pki(&'static [&'static str]),
    /// These arguments alone ("@PATH": a fixture).
    Args(&'static [&'static str]),
}

/// A fixture, how it is checked, the codes it must produce (none: a healthy setup, exit 0)
/// and the other errors it may produce besides (each with its reason in a comment).
struct Fixture {
    path: &'static str,
    run: Run,
    codes: &'static [&'static str],
    also: &'static [&'static str],
}

const fn fix(
    path: &'static str,
    run: Run,
    codes: &'static [&'static str],
    also: &'static [&'static str],
) -> Fixture {
    Fixture {
        path,
        run,
        codes,
        also,
    }
}

const FIXTURES: &[Fixture] = &[
    // Healthy setups: no error.
    fix(
        "healthy-ecdsa-server",
        Run::Case(&["--server-name", "frontend.example"]),
        &[],
        &[],
    ),
    fix(
        "healthy-ecdsa-client",
        Run::Case(&["--usage", "client"]),
        &[],
        &[],
    ),
    fix(
        "healthy-rsa-client",
        Run::Case(&["--usage", "client"]),
        &[],
        &[],
    ),
    fix(
        "healthy-rsa-server",
        Run::Case(&["--server-name", "localhost"]),
        &[],
        &[],
    ),
    fix(
        "healthy-der",
        Run::Args(&[
            "--cert",
            "@healthy-der/chain.der",
            "--ca",
            "@healthy-der/ca.pem",
        ]),
        &[],
        &[],
    ),
    fix(
        "healthy-bundle",
        Run::Bundle(&["@healthy-bundle/bundle.pem"]),
        &[],
        &[],
    ),
    fix("healthy-pki", Run::Pki(&[]), &[], &[]),
    // Certificates and chains.
    fix("expired", Run::Case(&[]), &["expired"], &[]),
    fix("not-yet-valid", Run::Case(&[]), &["not-yet-valid"], &[]),
    fix("expiring-soon", Run::Case(&[]), &["expiring-soon"], &[]),
    fix("outlives-issuer", Run::Case(&[]), &["outlives-issuer"], &[]),
    fix("unknown-issuer", Run::Case(&[]), &["unknown-issuer"], &[]),
    fix(
        "wrong-ca-same-org",
        Run::Case(&[]),
        &["unknown-issuer"],
        &[],
    ),
    fix(
        "missing-intermediate",
        Run::Case(&[]),
        &["missing-intermediate"],
        &[],
    ),
    fix("self-signed", Run::Case(&[]), &["self-signed"], &[]),
    fix("chain-order", Run::Case(&[]), &["chain-order"], &[]),
    fix(
        "name-mismatch",
        Run::Case(&["--server-name", "other.example"]),
        &["name-mismatch"],
        &[],
    ),
    fix(
        "cn-only",
        Run::Case(&["--usage", "server"]),
        &["cn-only"],
        &[],
    ),
    fix(
        "wildcard-public-suffix",
        Run::Case(&[]),
        &["wildcard-public-suffix"],
        &[],
    ),
    fix(
        "eku-missing",
        Run::Case(&["--usage", "server"]),
        &["eku-missing"],
        &[],
    ),
    fix(
        "eku-missing-intermediate",
        Run::Case(&["--usage", "client"]),
        &["eku-missing"],
        &[],
    ),
    fix("leaf-keyusage", Run::Case(&[]), &["leaf-keyusage"], &[]),
    fix("key-mismatch", Run::Case(&[]), &["key-mismatch"], &[]),
    fix("encrypted-key", Run::Case(&[]), &["encrypted-key"], &[]),
    fix("not-a-ca", Run::Case(&[]), &["not-a-ca"], &[]),
    fix("ca-keyusage", Run::Case(&[]), &["ca-keyusage"], &[]),
    fix("path-length", Run::Case(&[]), &["path-length"], &[]),
    fix("weak-key", Run::Case(&[]), &["weak-key"], &[]),
    fix(
        "insecure-signature",
        Run::Case(&[]),
        &["insecure-signature"],
        &[],
    ),
    fix("duplicate-dn", Run::Case(&[]), &["duplicate-dn"], &[]),
    fix("bad-signature", Run::Case(&[]), &["bad-signature"], &[]),
    fix(
        "ca-as-leaf",
        Run::Case(&["--usage", "client"]),
        &["ca-as-leaf"],
        &[],
    ),
    fix(
        "name-constraints",
        Run::Case(&[]),
        &["name-constraints"],
        &[],
    ),
    fix(
        "verification-failed",
        Run::Case(&[]),
        &["verification-failed"],
        &[],
    ),
    // Files.
    fix("not-pem", Run::Case(&[]), &["not-pem"], &[]),
    fix("pem-malformed", Run::Case(&[]), &["pem-malformed"], &[]),
    fix("wrong-pem-type", Run::Case(&[]), &["wrong-pem-type"], &[]),
    fix("pki-missing-file", Run::Pki(&[]), &["missing-file"], &[]),
    fix("pki-unreadable", Run::Pki(&[]), &["unreadable"], &[]),
    fix(
        "pki-awaiting-import",
        Run::Pki(&[]),
        &["awaiting-import"],
        &[],
    ),
    // The issuing CA in the root's place: the namespace CA, issued by the real root, no
    // longer reaches the "root" either.
    fix(
        "pki-root-not-self-signed",
        Run::Pki(&[]),
        &["root-not-self-signed"],
        &["unknown-issuer"],
    ),
    // Cloud bundles.
    // An empty file is also not PEM.
    fix(
        "bundles/empty.pem",
        Run::Bundle(&["@bundles/empty.pem"]),
        &["bundle-empty"],
        &["not-pem"],
    ),
    fix(
        "bundles/many.pem",
        Run::Bundle(&["@bundles/many.pem"]),
        &["bundle-too-many"],
        &[],
    ),
    fix(
        "bundles/too-large.pem",
        Run::Bundle(&["@bundles/too-large.pem"]),
        &["bundle-too-large"],
        &[],
    ),
    fix(
        "bundles/not-ca.pem",
        Run::Bundle(&["@bundles/not-ca.pem"]),
        &["bundle-not-ca"],
        &[],
    ),
    // A version 1 certificate has no extensions, so no CA:TRUE either.
    fix(
        "bundles/not-v3.pem",
        Run::Bundle(&["@bundles/not-v3.pem"]),
        &["bundle-not-v3"],
        &["bundle-not-ca"],
    ),
    // An Ed25519 CA also signs with Ed25519, not SHA-256 with RSA or ECDSA.
    fix(
        "bundles/key-type.pem",
        Run::Bundle(&["@bundles/key-type.pem"]),
        &["bundle-key-type"],
        &["bundle-weak-signature"],
    ),
    fix(
        "bundles/weak-signature.pem",
        Run::Bundle(&["@bundles/weak-signature.pem"]),
        &["bundle-weak-signature"],
        &[],
    ),
    fix(
        "bundles/duplicate.pem",
        Run::Bundle(&["@bundles/duplicate.pem"]),
        &["bundle-duplicate"],
        &[],
    ),
    fix(
        "bundles/duplicate-dn.pem",
        Run::Bundle(&["@bundles/duplicate-dn.pem"]),
        &["bundle-duplicate-dn"],
        &[],
    ),
    fix(
        "bundles/incomplete-chain.pem",
        Run::Bundle(&["@bundles/incomplete-chain.pem"]),
        &["bundle-incomplete-chain"],
        &[],
    ),
    // The trust model (openssl-made PKI; see the trust-model test for where each appears).
    fix(
        "trust-pki",
        Run::Pki(&[]),
        &[
            "isolation-needs-filters",
            "namespace-ca-not-client-only",
            "trusts-retired-ca",
        ],
        &[],
    ),
    fix(
        "trust-bundles/stale.pem",
        Run::Bundle(&["@trust-bundles/stale.pem", "--dir", "@trust-pki"]),
        &["trusts-retired-ca"],
        &[],
    ),
    fix(
        "trust-bundles/clean.pem",
        Run::Bundle(&["@trust-bundles/clean.pem", "--dir", "@trust-pki"]),
        &[],
        &[],
    ),
    fix(
        "trust-bundles/server-by-isolated.pem",
        Run::Args(&[
            "--cert",
            "@trust-bundles/server-by-isolated.pem",
            "--ca",
            "@trust-pki/ca/namespaces/isolated/cert.pem",
            "--usage",
            "server",
        ]),
        &["eku-missing"],
        &[],
    ),
    fix(
        "trust-bundles/server-by-shared.pem",
        Run::Args(&[
            "--cert",
            "@trust-bundles/server-by-shared.pem",
            "--ca",
            "@trust-pki/ca/root/cert.pem",
            "--usage",
            "server",
        ]),
        &["unknown-issuer"],
        &[],
    ),
];

/// Codes no file can produce (a live connection, a file mode git does not keep, a code
/// only other commands emit): the test that produces each, as (code, test file, test).
const COVERED_ELSEWHERE: &[(&str, &str, &str)] = &[
    (
        "pki-permissions",
        "tests/it/safety.rs",
        "writable_or_foreign_pki_directories_are_refused",
    ),
    (
        "ca-key-in-token",
        "tests/it/key_custody.rs",
        "an_enterprise_signed_issuing_ca_keeps_its_key_in_the_token",
    ),
    (
        "ca-key-token-unreachable",
        "tests/it/key_custody.rs",
        "a_wrong_pin_a_missing_token_or_a_missing_object_exit_2_and_write_nothing",
    ),
    (
        "ca-key-object-missing",
        "tests/it/key_custody.rs",
        "a_wrong_pin_a_missing_token_or_a_missing_object_exit_2_and_write_nothing",
    ),
    (
        "ca-key-token-mismatch",
        "tests/it/key_custody.rs",
        "doctor_catches_a_token_key_that_is_not_the_certificates",
    ),
    (
        "ca-key-uri-invalid",
        "tests/it/key_custody.rs",
        "doctor_catches_a_token_key_that_is_not_the_certificates",
    ),
    (
        "ca-key-extractable",
        "tests/it/key_custody.rs",
        "doctor_reports_a_ca_key_the_token_lets_out",
    ),
    (
        "key-permissions",
        "tests/it/doctor/pki_dir.rs",
        "pki_key_mismatch_missing_file_and_name_drift_are_found",
    ),
    (
        "bundle-unparsable",
        "src/bundle/mod.rs",
        "a_root_with_its_intermediate_passes_and_each_rule_fires",
    ),
    (
        "client-cert-not-requested",
        "tests/it/doctor_connect.rs",
        "s_server_expired_server_certificate_and_no_h2",
    ),
    (
        "client-cert-not-sent",
        "tests/it/doctor_connect.rs",
        "s_server_with_a_client_from_an_unlisted_ca",
    ),
    (
        "client-cert-withheld",
        "tests/it/doctor_connect.rs",
        "a_server_the_user_never_trusted_does_not_get_the_client_certificate",
    ),
    (
        "handshake-rejected",
        "tests/it/doctor_connect.rs",
        "s_server_rejects_a_client_certificate_without_client_auth",
    ),
    (
        "handshake-failed",
        "tests/it/doctor_connect.rs",
        "a_slow_loris_server_is_cut_off_at_the_deadline",
    ),
    (
        "no-h2",
        "tests/it/doctor_connect.rs",
        "s_server_expired_server_certificate_and_no_h2",
    ),
    (
        "no-ca-given",
        "tests/it/doctor_connect.rs",
        "s_server_without_ca_is_a_note_no_ca_given",
    ),
    (
        "connection-refused",
        "tests/it/doctor_connect.rs",
        "nothing_listening_is_connection_refused_exit_1",
    ),
    (
        "dns-failure",
        "tests/it/doctor_connect.rs",
        "an_unresolvable_name_is_dns_failure_exit_1",
    ),
    (
        "no-answer",
        "tests/it/doctor_connect.rs",
        "a_server_that_never_answers_is_bounded_by_the_timeout",
    ),
    // No route to a host cannot be staged reliably on a test machine: the mapping of the
    // socket error is unit-tested.
    (
        "unreachable",
        "src/doctor/connect/findings.rs",
        "not_reached_maps_each_socket_error_to_its_code",
    ),
];

/// The codes docs/doctor.md documents: the first column of the tables under "Finding codes".
fn documented_codes() -> Vec<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/doctor.md"))
        .unwrap();
    let start = doc
        .find("## Finding codes")
        .expect("a Finding codes section");
    let end = doc[start..]
        .find("\n## ")
        .map_or(doc.len(), |e| start + e + 1);
    let mut codes = Vec::new();
    for line in doc[start..end].lines().filter(|l| l.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap_or_default();
        for (i, part) in first.split('`').enumerate() {
            if i % 2 == 1
                && !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                codes.push(part.to_string());
            }
        }
    }
    codes
}

fn fixture_args(list: &[&str], pki: Option<&Path>) -> Vec<String> {
    list.iter()
        .map(|a| match a.strip_prefix('@') {
            Some("trust-pki") if pki.is_some() => pki.unwrap().to_string_lossy().into_owned(),
            Some(p) => fxs(p),
            None => a.to_string(),
        })
        .collect()
}

/// Runs doctor on one fixture: (exit status, findings).
fn run_fixture(f: &Fixture) -> (i32, Vec<(String, String, String)>) {
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("pki");
    let (args, dir): (Vec<String>, Option<&Path>) = match &f.run {
        Run::Case(extra) => {
            let mut a = case_args(f.path);
            a.extend(extra.iter().map(std::string::ToString::to_string));
            (a, None)
        }
        Run::Bundle(list) => {
            // A bundle checked with a PKI directory: a copy (doctor locks it).
            let with_pki = list.contains(&"@trust-pki");
            if with_pki {
                copy_dir(&fx("trust-pki"), &copy);
            }
            let mut a = vec!["--bundle".to_string()];
            a.extend(fixture_args(list, with_pki.then_some(copy.as_path())));
            (a, None)
        }
        Run::Pki(extra) => {
            copy_dir(&fx(f.path), &copy);
            (fixture_args(extra, None), Some(copy.as_path()))
        }
        Run::Args(list) => (fixture_args(list, None), None),
    };
    let test = match dir {
        Some(d) => Test::new(d),
        // Not beside any PKI: a directory that does not exist.
        None => Test::new(&scratch.path().join("no-pki")),
    };
    let run = test
        .args(&["doctor", "--json"])
        .args(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .env("TCERTS_NOW", NOW)
        .run()
        .no_panic();
    let code = run.out.status.code().unwrap_or(-1);
    (code, findings(&run.json()))
}

/// Issue #11: every fixture produces its codes and no unexpected error; every code
/// docs/doctor.md documents is produced by a fixture or, when no file can produce it, by
/// a named test that exists and asserts it; and nothing undocumented is listed.
#[test]
fn every_documented_code_has_a_fixture_or_a_named_test_and_every_fixture_its_code() {
    // Each fixture: its codes, and no error beyond them (all failures reported at once).
    let mut failures = Vec::new();
    for f in FIXTURES {
        let (status, all) = run_fixture(f);
        for code in f.codes {
            if !all.iter().any(|(_, c, _)| c == code) {
                failures.push(format!("{}: expected {code}, got {all:?}", f.path));
            }
        }
        let unexpected: Vec<_> = all
            .iter()
            .filter(|(_, c, s)| {
                s == "error" && !f.codes.contains(&c.as_str()) && !f.also.contains(&c.as_str())
            })
            .collect();
        if !unexpected.is_empty() {
            failures.push(format!("{}: unexpected errors {unexpected:?}", f.path));
        }
        let errors = all.iter().any(|(_, _, s)| s == "error");
        if status != i32::from(errors) {
            failures.push(format!("{}: exit status {status}, {all:?}", f.path));
        }
        if f.codes.is_empty() && errors {
            failures.push(format!("{}: a healthy fixture with errors {all:?}", f.path));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every fixture on disk is listed.
    let root = fx("");
    let mut on_disk = Vec::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if !e.path().is_dir() || name == "explain" {
            continue;
        }
        if name == "bundles" || name == "trust-bundles" {
            for b in std::fs::read_dir(e.path()).unwrap() {
                on_disk.push(format!(
                    "{name}/{}",
                    b.unwrap().file_name().to_string_lossy()
                ));
            }
        } else {
            on_disk.push(name);
        }
    }
    for p in &on_disk {
        assert!(
            FIXTURES.iter().any(|f| f.path == p),
            "fixtures/doctor/{p} is not in FIXTURES: say what it must produce"
        );
    }
    // Every documented code is produced somewhere, and every listed code is documented.
    let documented = documented_codes();
    assert!(documented.len() > 50, "{documented:?}");
    for code in &documented {
        let by_fixture = FIXTURES.iter().any(|f| f.codes.contains(&code.as_str()));
        let elsewhere = COVERED_ELSEWHERE.iter().find(|(c, _, _)| c == code);
        match (by_fixture, elsewhere) {
            (true, _) => {}
            (false, Some((_, file, test))) => {
                let text =
                    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                        .unwrap();
                let start = text
                    .find(&format!("fn {test}("))
                    .unwrap_or_else(|| panic!("{code}: no test {test} in {file}"));
                // The test (up to the next test) names the code it produces.
                let body = &text[start..];
                let body = &body[..body[3..].find("\nfn ").map_or(body.len(), |e| e + 3)];
                assert!(
                    body.contains(&format!("\"{code}\"")),
                    "{code}: {file}::{test} does not assert it"
                );
            }
            (false, None) => {
                panic!("{code} is documented in docs/doctor.md but no fixture or test produces it")
            }
        }
    }
    for f in FIXTURES {
        for code in f.codes.iter().chain(f.also) {
            assert!(
                documented.iter().any(|d| d == code),
                "{code} ({}) is not documented",
                f.path
            );
        }
    }
    for (code, _, _) in COVERED_ELSEWHERE {
        assert!(
            documented.iter().any(|d| d == code),
            "{code} is not documented"
        );
    }
}
