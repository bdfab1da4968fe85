//! The issuance log (DIR/audit.jsonl): every trust-changing operation leaves a line, the
//! hash chain is checked by an independent implementation (Python's hashlib), every
//! certificate on disk (read with openssl) has its line, and an edit names the line.

use crate::support;
use support::*;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASSPHRASE: &str = "correct-horse-battery-staple-7";
const P12_PASSWORD: &str = "p12-secret-never-logged";

fn log_lines(pki: &Pki) -> Vec<serde_json::Value> {
    pki.read("audit.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The chain checked the way an auditor would, without tcerts: Python's json and hashlib.
fn python_checks_chain(log: &Path) -> (bool, String) {
    let script = r#"
import hashlib, json, sys
prev = "0" * 64
n = 0
for raw in open(sys.argv[1], "rb").read().split(b"\n"):
    if not raw:
        continue
    n += 1
    rec = json.loads(raw)
    if rec["seq"] != n or rec["prev"] != prev:
        print(f"broken at line {n}")
        sys.exit(1)
    prev = hashlib.sha256(raw).hexdigest()
print(f"ok {n} {prev}")
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(log)
        .output()
        .expect("python3 is installed");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Every cert.pem tcerts installed (leaves and CAs, current and rotated out).
fn certs_on_disk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.join("certs"), dir.join("ca")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if e.file_name() == "cert.pem" {
                found.push(p);
            }
        }
    }
    found
}

/// (serial, sha256) of a certificate as openssl reads it, lowercase, without colons.
fn openssl_ids(cert: &Path) -> (String, String) {
    let (ok, out) = openssl(&[
        "x509",
        "-noout",
        "-serial",
        "-fingerprint",
        "-sha256",
        "-in",
        &cert.to_string_lossy(),
    ]);
    assert!(ok, "{}: {out}", cert.display());
    let field = |prefix: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {out}"))
            .replace(':', "")
            .to_ascii_lowercase()
    };
    (field("serial="), field("sha256 Fingerprint="))
}

/// Asserts that every certificate on disk has a line with its serial and fingerprint.
fn every_cert_on_disk_is_logged(pki: &Pki) -> usize {
    let lines = log_lines(pki);
    let certs = certs_on_disk(&pki.dir);
    for c in &certs {
        let (serial, sha) = openssl_ids(c);
        let serial = serial.trim_start_matches('0');
        assert!(
            lines.iter().any(|l| {
                l["serial"]
                    .as_str()
                    .is_some_and(|s| s.trim_start_matches('0') == serial)
                    && l["sha256"].as_str() == Some(sha.as_str())
            }),
            "{} (serial {serial}) has no line in audit.jsonl",
            c.display()
        );
    }
    certs.len()
}

fn tcerts_env(pki: &Pki, args: &[&str]) -> Test {
    pki.tcerts(args)
        .env("TCERTS_CA_PASSPHRASE", PASSPHRASE)
        .env("TCERTS_P12_PASSWORD", P12_PASSWORD)
}

#[test]
fn a_full_lifecycle_leaves_a_log_that_verifies_and_records_everything() {
    let pki = Pki::new();
    tcerts_env(&pki, &["init", "--org", "Acme", "--encrypt-ca-key"]).succeeds();
    tcerts_env(&pki, &["issue", "frontend", "--dns", "temporal-frontend"])
        .env("GITHUB_RUN_ID", "4242")
        .env("GITHUB_RUN_ATTEMPT", "2")
        .env("CI_JOB_ID", "777")
        .succeeds();
    tcerts_env(&pki, &["namespace", "add", "payments"]).succeeds();
    tcerts_env(&pki, &["issue", "worker", "--namespace", "payments"]).succeeds();
    tcerts_env(&pki, &["issue", "cli", "--name", "ops"]).succeeds();
    // CSR signing: the requester keeps the key.
    let csr = pki.tmp.path().join("req.csr");
    let csr_key = pki.tmp.path().join("req.key");
    let (ok, t) = openssl(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=from-csr",
        "-keyout",
        &csr_key.to_string_lossy(),
        "-out",
        &csr.to_string_lossy(),
    ]);
    assert!(ok, "{t}");
    tcerts_env(&pki, &["issue", "client", "--name", "from-csr"])
        .arg("--csr")
        .arg(&csr)
        .succeeds();
    tcerts_env(&pki, &["ca", "rotate"]).succeeds();
    tcerts_env(&pki, &["apply"]).succeeds();
    tcerts_env(&pki, &["revoke", "ops", "--reason", "superseded"]).succeeds();
    tcerts_env(&pki, &["ca", "retire"]).succeeds();
    tcerts_env(&pki, &["export", "k8s-secret", "frontend"]).succeeds();
    let p12 = pki.tmp.path().join("fe.p12");
    tcerts_env(&pki, &["export", "pkcs12", "frontend", "--output"])
        .arg(&p12)
        .succeeds();
    let root_key = pki.tmp.path().join("root-key.pem");
    tcerts_env(&pki, &["ca", "export-root-key", "--output"])
        .arg(&root_key)
        .succeeds();

    let run = pki
        .tcerts(&["audit", "verify"])
        .succeeds()
        .stdout_has("hash chain intact");
    assert!(run.stdout().contains("has its line"), "{}", run.stdout());
    let (ok, text) = python_checks_chain(&pki.path("audit.jsonl"));
    assert!(ok, "independent chain check: {text}");
    let checked = every_cert_on_disk_is_logged(&pki);
    // root, issuing CA G2, the payments CA, frontend, worker, ops, from-csr.
    assert_eq!(checked, 7, "certificates found on disk");

    let lines = log_lines(&pki);
    let has = |op: &str, event: &str| {
        lines
            .iter()
            .filter(|l| l["operation"] == op && l["event"] == event)
            .count()
    };
    assert_eq!(has("init", "ca-issued"), 2);
    assert_eq!(has("issue", "certificate-issued"), 4);
    assert_eq!(has("namespace add", "ca-issued"), 1);
    assert_eq!(has("ca rotate", "ca-issued"), 1);
    assert_eq!(
        has("apply", "certificate-issued"),
        3,
        "frontend, ops, from-csr"
    );
    assert_eq!(has("revoke", "certificate-revoked"), 1);
    assert_eq!(has("ca retire", "ca-retired"), 1);
    assert_eq!(has("export k8s-secret", "key-exported"), 1);
    assert_eq!(has("export pkcs12", "key-exported"), 1);
    assert_eq!(has("ca export-root-key", "root-key-exported"), 1);
    let fe = lines
        .iter()
        .find(|l| l["operation"] == "issue" && l["name"] == "frontend")
        .unwrap();
    assert_eq!(fe["actor"]["ci"]["GITHUB_RUN_ID"], "4242");
    assert_eq!(fe["actor"]["ci"]["GITHUB_RUN_ATTEMPT"], "2");
    assert_eq!(fe["actor"]["ci"]["CI_JOB_ID"], "777");
    assert!(fe["actor"]["user"].as_str().is_some_and(|u| !u.is_empty()));
    assert!(fe["actor"]["uid"].is_u64());
    assert_eq!(fe["sans"][0], "DNS:temporal-frontend");
    assert_eq!(fe["key"], "certs/frontend/key.pem");
    assert_eq!(fe["issuer_key"], "ca/intermediate/key.pem");
    assert_eq!(lines[0]["prev"], "0".repeat(64));
    let csr_line = lines
        .iter()
        .find(|l| l["operation"] == "issue" && l["name"] == "from-csr")
        .unwrap();
    assert_eq!(csr_line["key"], "csr");
    let worker = lines.iter().find(|l| l["name"] == "worker").unwrap();
    assert_eq!(worker["issuer_key"], "ca/namespaces/payments/key.pem");

    let text = pki.read("audit.jsonl");
    for secret in ["PRIVATE KEY", PASSPHRASE, P12_PASSWORD] {
        assert!(!text.contains(secret), "the log holds {secret}");
    }

    // list: everything, as JSON or text; --since filters by time.
    let all = pki.tcerts(&["--json", "audit", "list"]).succeeds().json();
    assert_eq!(all.as_array().unwrap().len(), lines.len());
    pki.tcerts(&["audit", "list"])
        .succeeds()
        .stdout_has("ca rotate")
        .stdout_has("GITHUB_RUN_ID=4242");
    let later = pki
        .tcerts(&["--json", "audit", "list", "--since", "1d"])
        .env("TCERTS_NOW", "2099-01-01T00:00:00Z")
        .succeeds()
        .json();
    assert_eq!(later.as_array().unwrap().len(), 0);
    let recent = pki
        .tcerts(&["--json", "audit", "list", "--since", "2000-01-01T00:00:00Z"])
        .succeeds()
        .json();
    assert_eq!(recent.as_array().unwrap().len(), lines.len());
    pki.tcerts(&["audit", "list", "--since", "yesterday"])
        .fails_with(2)
        .stderr_has("--since");
}

fn small_pki() -> Pki {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "frontend", "--dns", "fe"]).succeeds();
    pki.tcerts(&["issue", "cli", "--name", "a"]).succeeds();
    pki.tcerts(&["issue", "cli", "--name", "b"]).succeeds();
    pki
}

/// Rewrites the log with `edit` applied to its lines.
fn edit_log(pki: &Pki, original: &str, edit: impl FnOnce(&mut Vec<String>)) {
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    edit(&mut lines);
    fs::write(pki.path("audit.jsonl"), lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_changed_byte_or_a_removed_line_is_named() {
    let pki = small_pki();
    let run = pki.tcerts(&["audit", "verify"]).succeeds();
    let original = pki.read("audit.jsonl");
    assert_eq!(original.lines().count(), 5);
    let head = run
        .stdout()
        .split("--anchor ")
        .nth(1)
        .and_then(|s| s.split('`').next())
        .expect("verify prints the head as an anchor")
        .to_string();

    // One byte of line 3 (a digit of its serial): the JSON still parses, line 4's prev
    // no longer matches.
    edit_log(&pki, &original, |l| {
        let i = l[2].find("\"serial\":\"").unwrap() + 12;
        let b = l[2].as_bytes()[i];
        let swapped = if b == b'a' { "b" } else { "a" };
        l[2].replace_range(i..=i, swapped);
    });
    pki.tcerts(&["audit", "verify"])
        .fails_with(1)
        .stderr_has("line 4")
        .stderr_has("line 3 was changed");
    assert!(!python_checks_chain(&pki.path("audit.jsonl")).0);

    // One byte that breaks the JSON of line 2.
    edit_log(&pki, &original, |l| l[1].replace_range(0..1, "["));
    pki.tcerts(&["audit", "verify"])
        .fails_with(1)
        .stderr_has("line 2:");

    // A line removed from the middle.
    edit_log(&pki, &original, |l| {
        l.remove(1);
    });
    pki.tcerts(&["audit", "verify"])
        .fails_with(1)
        .stderr_has("line 2: seq is 3 where 2 was expected")
        .stderr_has("removed");

    // The last line removed: its certificate is on disk without a line, and the anchor
    // recorded before says the log was cut.
    edit_log(&pki, &original, |l| {
        l.pop();
    });
    pki.tcerts(&["audit", "verify"])
        .fails_with(1)
        .stderr_has("certs/b/cert.pem")
        .stderr_has("no line of the log records it");
    pki.tcerts(&["audit", "verify", "--anchor", &head])
        .fails_with(1)
        .stderr_has("line 5: missing");

    // Restored, it verifies again, anchor included.
    fs::write(pki.path("audit.jsonl"), &original).unwrap();
    pki.tcerts(&["audit", "verify", "--anchor", &head])
        .succeeds();
    pki.tcerts(&["audit", "verify", "--anchor", "5:abc"])
        .fails_with(2)
        .stderr_has("--anchor");
}

#[test]
fn an_interrupted_issuance_is_reported_not_hidden() {
    // A line written before its certificate was swapped in (the process died in between)
    // is reported as signed but not installed, and does not fail the check.
    let pki = small_pki();
    let mut text = pki.read("audit.jsonl");
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let prev = {
        let out = Command::new("python3")
            .args([
                "-c",
                "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())",
                text.lines().last().unwrap(),
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let mut ghost = last.clone();
    ghost["seq"] = serde_json::json!(6);
    ghost["serial"] = serde_json::json!("0123456789abcdef");
    ghost["prev"] = serde_json::json!(prev);
    text.push_str(&serde_json::to_string(&ghost).unwrap());
    text.push('\n');
    fs::write(pki.path("audit.jsonl"), &text).unwrap();
    pki.tcerts(&["audit", "verify"]).succeeds().stdout_has(
        "line 6: 'b' serial 0123456789abcdef was signed but is not the certificate installed",
    );
}

#[test]
fn commands_that_change_no_trust_write_no_line_and_verify_needs_a_log() {
    let pki = Pki::new();
    pki.tcerts(&["audit", "verify"]).fails_with(2);
    let pki = Pki::init(&[]);
    let before = pki.read("audit.jsonl");
    pki.tcerts(&["list"]).succeeds();
    pki.tcerts(&["plan"]).succeeds();
    pki.tcerts(&["doctor"]).run();
    pki.tcerts(&["export", "helm-values"]).run();
    assert_eq!(pki.read("audit.jsonl"), before);
    fs::remove_file(pki.path("audit.jsonl")).unwrap();
    pki.tcerts(&["audit", "verify"])
        .fails_with(1)
        .stderr_has("audit.jsonl does not exist");
}
