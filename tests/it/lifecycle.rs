//! Declarative lifecycle: tcerts.toml → `plan` / `apply`, renew windows with time travel,
//! re-issue on changed declarations, the inventory and `list`.
use crate::support;

use support::*;

use std::fs;

/// Appends `[[certificate]]` entries (TOML text) to the PKI's tcerts.toml.
fn declare(pki: &Pki, toml: &str) {
    let path = pki.path("tcerts.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push('\n');
    text.push_str(toml);
    fs::write(&path, text).unwrap();
}

fn serial(pki: &Pki, name: &str) -> String {
    let (ok, text) = openssl(&[
        "x509",
        "-noout",
        "-serial",
        "-in",
        &pki.cert(name, "cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{text}");
    text.trim().to_string()
}

fn pubkey_of_cert(path: &std::path::Path) -> String {
    let (ok, text) = openssl(&["x509", "-noout", "-pubkey", "-in", &path.to_string_lossy()]);
    assert!(ok, "{text}");
    text
}

fn verify(pki: &Pki, name: &str, purpose: &str) {
    // A server certificate as its clients check it (ca.pem: the roots); a client
    // certificate as the frontend checks it (trust/clients.pem: the issuing CAs).
    let (ok, text) = if purpose == "sslclient" {
        openssl_verify_client(
            &pki.path("trust/clients.pem"),
            &pki.cert(name, "chain.pem"),
            &pki.cert(name, "cert.pem"),
        )
    } else {
        pki.openssl_verify(name, purpose)
    };
    assert!(ok, "{name}: {text}");
}

/// `openssl verify` as a peer would at the given Unix time (the certificate was issued
/// with TCERTS_NOW in the future).
fn verify_at(pki: &Pki, name: &str, purpose: &str, epoch: &str) {
    let (ok, text) = openssl(&[
        "verify",
        "-x509_strict",
        "-attime",
        epoch,
        "-purpose",
        purpose,
        "-CAfile",
        &pki.anchors_of(name).to_string_lossy(),
        "-untrusted",
        &pki.cert(name, "chain.pem").to_string_lossy(),
        &pki.cert(name, "cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{name}: {text}");
}

/// 2027-12-02T00:00:00Z, a day after the time the tests travel to.
const DEC_2027: &str = "1827705600";

const THREE: &str = r#"
[[certificate]]
name = "frontend"
role = "frontend"
dns = ["temporal-frontend", "localhost"]
ip = ["127.0.0.1"]

[[certificate]]
name = "pay-worker"
role = "worker"
namespace = "payments"

[[certificate]]
name = "ops"
role = "cli"
key_type = "ecdsa-p384"
validity = "30d"
renew_before = "5d"
"#;

fn three() -> Pki {
    let pki = Pki::init(&[]).with_namespace("payments");
    declare(&pki, THREE);
    pki
}

#[test]
fn plan_then_apply_creates_everything_and_a_second_apply_changes_nothing() {
    let pki = three();
    let run = pki.tcerts(&["--json", "plan"]).fails_with(3);
    let plan = run.json();
    assert_eq!(plan["pending"], 3, "{plan}");
    assert!(
        plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["action"] == "create")
    );
    pki.tcerts(&["plan"])
        .fails_with(3)
        .stdout_has("+ create")
        .stdout_has("pay-worker");

    pki.tcerts(&["apply"])
        .succeeds()
        .no_panic()
        .stdout_has("3 created");
    verify(&pki, "frontend", "sslserver");
    verify(&pki, "pay-worker", "sslclient");
    verify(&pki, "ops", "sslclient");
    let (ok, text) = openssl(&[
        "x509",
        "-noout",
        "-subject",
        "-in",
        &pki.cert("pay-worker", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok && text.contains("OU = payments"), "{text}");
    assert!(pubkey_of_cert(&pki.cert("ops", "cert.pem")).len() > 150); // P-384

    let before: Vec<String> = ["frontend", "pay-worker", "ops"]
        .iter()
        .map(|n| serial(&pki, n))
        .collect();
    pki.tcerts(&["plan"]).succeeds().stdout_has("Nothing to do");
    pki.tcerts(&["--json", "apply"]).succeeds();
    let after: Vec<String> = ["frontend", "pay-worker", "ops"]
        .iter()
        .map(|n| serial(&pki, n))
        .collect();
    assert_eq!(before, after, "a second apply must change nothing");
}

/// A failure after other certificates were replaced is its own exit status (4), and the
/// message names what was replaced and what was not; when every change fails, exit 2 and
/// "nothing was changed" is true.
#[test]
fn a_partial_apply_names_what_changed_and_exits_4() {
    let pki = three();
    // The plan reads only CA certificates; issuing needs the namespace CA's key.
    let key = pki.path("ca/namespaces/payments/key.pem");
    let saved = pki.tmp.path().join("payments-key.pem");
    fs::rename(&key, &saved).unwrap();
    pki.tcerts(&["apply"])
        .fails_with(4)
        .no_panic()
        .stderr_has("1 of 3 change(s) failed: pay-worker")
        .stderr_has("2 certificate(s) were written and are in place: frontend, ops");
    verify(&pki, "frontend", "sslserver");
    verify(&pki, "ops", "sslclient");
    assert!(!pki.cert("pay-worker", "cert.pem").exists());

    // Only the failing change is left: it fails alone, and nothing changes.
    let before = serial(&pki, "frontend");
    pki.tcerts(&["apply"])
        .fails_with(2)
        .no_panic()
        .stderr_has("1 of 1 change(s) failed")
        .stderr_has("nothing was changed");
    assert_eq!(serial(&pki, "frontend"), before);

    fs::rename(&saved, &key).unwrap();
    pki.tcerts(&["apply"]).succeeds().stdout_has("1 created");
    verify(&pki, "pay-worker", "sslclient");
}

#[test]
fn renew_window_default_third_and_explicit_window_with_time_travel() {
    let pki = three();
    let now = "2030-01-01T00:00:00Z";
    pki.tcerts(&["apply"]).env("TCERTS_NOW", now).succeeds();
    // ops: 30 days, renew_before 5d, but the expiry warning (14 days, at most a third of
    // the lifetime: 10 days) comes first → due from day 20; the others (90 days, last
    // third) from day 60.
    let run = pki
        .tcerts(&["--json", "plan"])
        .env("TCERTS_NOW", "2030-01-27T00:00:00Z")
        .fails_with(3);
    let names: Vec<String> = run.json()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["ops"]);
    pki.tcerts(&["plan"])
        .env("TCERTS_NOW", "2030-01-20T00:00:00Z")
        .succeeds();
    let run = pki
        .tcerts(&["--json", "plan"])
        .env("TCERTS_NOW", "2030-03-01T00:00:00Z")
        .fails_with(3);
    let changes = run.json()["changes"].clone();
    assert_eq!(changes.as_array().unwrap().len(), 1, "day 59: {changes}");
    assert!(changes[0]["reason"].as_str().unwrap().contains("expired"));

    let later = "2030-03-03T00:00:00Z";
    let run = pki
        .tcerts(&["--json", "plan"])
        .env("TCERTS_NOW", later)
        .fails_with(3);
    assert_eq!(run.json()["pending"], 3);
    let old = serial(&pki, "frontend");
    let old_key = pki.read("certs/frontend/key.pem");
    pki.tcerts(&["apply"])
        .env("TCERTS_NOW", later)
        .succeeds()
        .stdout_has("3 renewed");
    assert_ne!(old, serial(&pki, "frontend"));
    assert_ne!(
        old_key,
        pki.read("certs/frontend/key.pem"),
        "new key by default"
    );
    let (ok, text) = openssl(&[
        "x509",
        "-noout",
        "-startdate",
        "-in",
        &pki.cert("frontend", "cert.pem").to_string_lossy(),
    ]);
    assert!(
        ok && text.contains("Mar  2") && text.contains("2030"),
        "{text}"
    );
    pki.tcerts(&["plan"]).env("TCERTS_NOW", later).succeeds();

    // The superseded certificate stays in the inventory until it expires.
    let inv: serde_json::Value = pki.inventory();
    let superseded = inv["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "frontend" && e["status"] == "superseded")
        .count();
    assert_eq!(superseded, 1, "{inv:#}");

    // Expired: after the end, plan says so.
    pki.tcerts(&["plan"])
        .env("TCERTS_NOW", "2031-01-01T00:00:00Z")
        .fails_with(3)
        .stdout_has("expired on");
}

#[test]
fn reuse_key_keeps_the_key_and_changed_declarations_are_reissued() {
    let pki = three();
    pki.tcerts(&["apply"]).succeeds();
    let key = pki.read("certs/frontend/key.pem");
    pki.tcerts(&["apply", "--reuse-key"])
        .env("TCERTS_NOW", "2027-12-01T00:00:00Z")
        .succeeds()
        .stdout_has("renewed");
    assert_eq!(key, pki.read("certs/frontend/key.pem"), "--reuse-key");
    verify_at(&pki, "frontend", "sslserver", DEC_2027);

    // SANs, key type and namespace (issuer) changed.
    let text = pki
        .read("tcerts.toml")
        .replace(
            r#"dns = ["temporal-frontend", "localhost"]"#,
            r#"dns = ["temporal-frontend", "localhost", "frontend.example"]"#,
        )
        .replace(r#"key_type = "ecdsa-p384""#, r#"key_type = "rsa-2048""#);
    fs::write(pki.path("tcerts.toml"), text).unwrap();
    pki.tcerts(&["namespace", "add", "billing"]).succeeds();
    let text = pki.read("tcerts.toml").replace(
        "namespace = \"payments\"\n\n[[certificate]]",
        "namespace = \"billing\"\n\n[[certificate]]",
    );
    fs::write(pki.path("tcerts.toml"), text).unwrap();
    let run = pki
        .tcerts(&["--json", "plan"])
        .env("TCERTS_NOW", "2027-12-01T00:00:00Z")
        .fails_with(3);
    let plan = run.json();
    let reason = |name: &str| {
        plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| {
                assert_eq!(c["action"], "reissue", "{c}");
                c["reason"].as_str().unwrap().to_string()
            })
            .unwrap_or_else(|| panic!("{name} not in plan: {plan}"))
    };
    assert!(reason("frontend").contains("frontend.example"));
    assert!(reason("ops").contains("rsa-2048"));
    assert!(reason("pay-worker").contains("billing"));
    pki.tcerts(&["apply", "--reuse-key"])
        .env("TCERTS_NOW", "2027-12-01T00:00:00Z")
        .succeeds()
        .stdout_has("3 re-issued");
    let (ok, text) = openssl(&[
        "x509",
        "-noout",
        "-text",
        "-in",
        &pki.cert("ops", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok && text.contains("2048 bit"), "{text}");
    let (ok, text) = openssl(&[
        "verify",
        "-attime",
        DEC_2027,
        "-CAfile",
        &pki.path("ca/namespaces/billing/cert.pem").to_string_lossy(),
        &pki.cert("pay-worker", "cert.pem").to_string_lossy(),
    ]);
    assert!(
        ok,
        "pay-worker now under the billing CA (its own root): {text}"
    );
    pki.tcerts(&["plan"])
        .env("TCERTS_NOW", "2027-12-01T00:00:00Z")
        .succeeds();
}

#[test]
fn csr_certificates_are_resigned_from_their_csr() {
    let pki = Pki::init(&[]);
    let (key, csr) = openssl_csr(pki.tmp.path(), "w", "/CN=w", &[]);
    declare(
        &pki,
        &format!(
            "[[certificate]]\nname = \"w\"\nrole = \"worker\"\ncsr = {:?}\n",
            csr.to_string_lossy()
        ),
    );
    pki.tcerts(&["apply"]).succeeds().stdout_has("1 created");
    assert!(!pki.cert("w", "key.pem").exists());
    let (ok, want) = openssl(&["pkey", "-pubout", "-in", &key.to_string_lossy()]);
    assert!(ok, "{want}");
    assert_eq!(pubkey_of_cert(&pki.cert("w", "cert.pem")), want);
    let first = serial(&pki, "w");
    pki.tcerts(&["apply"])
        .env("TCERTS_NOW", "2027-02-10T00:00:00Z")
        .succeeds()
        .stdout_has("1 renewed");
    assert_ne!(first, serial(&pki, "w"));
    assert_eq!(pubkey_of_cert(&pki.cert("w", "cert.pem")), want);

    // A missing CSR is an error naming the file, not a panic.
    fs::remove_file(&csr).unwrap();
    pki.tcerts(&["plan"])
        .fails_with(2)
        .no_panic()
        .stderr_has("w.csr");
}

#[test]
fn config_errors_name_the_line_or_the_entry() {
    let pki = Pki::init(&[]);
    declare(
        &pki,
        "[[certificate]]\nname = \"x\"\nrole = \"worker\"\nrenew_befor = \"3d\"\n",
    );
    pki.tcerts(&["plan"])
        .fails_with(2)
        .no_panic()
        .stderr_has("line")
        .stderr_has("renew_befor");

    let pki = Pki::init(&[]);
    declare(
        &pki,
        "[[certificate]]\nname = \"x\"\nrole = \"worker\"\nkey_type = \"dsa-1024\"\n",
    );
    pki.tcerts(&["apply"])
        .fails_with(2)
        .no_panic()
        .stderr_has("line")
        .stderr_has("dsa-1024");

    let pki = Pki::init(&[]);
    declare(
        &pki,
        "[[certificate]]\nname = \"x\"\nrole = \"worker\"\nvalidity = \"10d\"\nrenew_before = \"10d\"\n",
    );
    pki.tcerts(&["plan"])
        .fails_with(2)
        .stderr_has("'x'")
        .stderr_has("renew_before");

    let pki = Pki::init(&[]);
    declare(
        &pki,
        "[[certificate]]\nname = \"x\"\nrole = \"worker\"\nnamespace = \"nope\"\n",
    );
    pki.tcerts(&["apply"])
        .fails_with(2)
        .stderr_has("namespace add nope");

    let pki = Pki::init(&[]);
    declare(&pki, "[[certificate]]\nname = \"f\"\nrole = \"frontend\"\n");
    pki.tcerts(&["plan"]).fails_with(2).stderr_has("--dns");
}

#[test]
fn list_shows_the_inventory_gates_on_expiry_and_rebuilds_it() {
    let pki = three();
    pki.tcerts(&["issue", "client", "--name", "adhoc"])
        .succeeds();
    let inv: serde_json::Value = pki.inventory();
    assert!(
        inv["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "adhoc"),
        "issue updates the inventory: {inv:#}"
    );
    pki.tcerts(&["apply"]).succeeds();

    let run = pki.tcerts(&["--json", "list"]).succeeds();
    let entries = run.json()["entries"].as_array().unwrap().clone();
    let names: Vec<&str> = entries
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for n in [
        "root",
        "intermediate",
        "payments",
        "frontend",
        "pay-worker",
        "ops",
        "adhoc",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    let fe = entries.iter().find(|e| e["name"] == "frontend").unwrap();
    assert_eq!(fe["status"], "valid");
    assert_eq!(fe["role"], "frontend");
    assert_eq!(fe["sha256"].as_str().unwrap().len(), 64);
    let (ok, fp) = openssl(&[
        "x509",
        "-noout",
        "-fingerprint",
        "-sha256",
        "-in",
        &pki.cert("frontend", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok);
    assert!(
        fp.to_lowercase()
            .replace(':', "")
            .contains(fe["sha256"].as_str().unwrap()),
        "{fp}"
    );

    // ops lives 30 days: inside a 40-day gate, not inside a 20-day one.
    pki.tcerts(&["list", "--expiring-within", "20d"]).succeeds();
    pki.tcerts(&["list", "--expiring-within", "40d"])
        .fails_with(1)
        .stdout_has("ops")
        .stderr_has("expire within 40d");
    let run = pki
        .tcerts(&["--json", "list"])
        .env("TCERTS_NOW", "2028-01-01T00:00:00Z")
        .succeeds();
    assert!(
        run.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "ops" && e["status"] == "expired")
    );
    // 0d: only what has already expired.
    pki.tcerts(&["list", "--expiring-within", "0d"]).succeeds();
    pki.tcerts(&["list", "--expiring-within", "0d"])
        .env("TCERTS_NOW", "2028-01-01T00:00:00Z")
        .fails_with(1)
        .stdout_has("ops");
    pki.tcerts(&["list", "--expiring-within", "soon"])
        .fails_with(2)
        .stderr_has("--expiring-within");

    // Lost or damaged: rebuilt from the files.
    fs::remove_file(pki.path("inventory.db")).unwrap();
    pki.tcerts(&["list"]).succeeds().stdout_has("pay-worker");
    assert!(pki.path("inventory.db").is_file());
    fs::write(pki.path("inventory.db"), "{\"version\": 1, \"entr").unwrap();
    pki.tcerts(&["list"]).succeeds().stdout_has("pay-worker");
    pki.inventory();
    // Older than the files (a command killed before it rewrote it): rebuilt too.
    fs::remove_dir_all(pki.path("certs/adhoc")).unwrap();
    let run = pki.tcerts(&["--json", "list"]).succeeds();
    assert!(
        !run.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "adhoc" && e["status"] != "superseded")
    );
}

#[test]
fn issue_still_records_the_certificate_and_init_writes_the_inventory() {
    let pki = Pki::init(&[]);
    let inv: serde_json::Value = pki.inventory();
    assert_eq!(inv["entries"].as_array().unwrap().len(), 2);
    pki.tcerts(&["issue", "internode", "--dns", "temporal-internode"])
        .succeeds()
        .stdout_has("Issued internode certificate");
    assert!(pki.read("tcerts.toml").contains("name = \"internode\""));
    pki.tcerts(&["plan"]).succeeds();
    pki.tcerts(&["issue", "internode", "--dns", "x"])
        .fails_with(2)
        .stderr_has("already exists");
}

/// The inventory reuses the entries of files that did not change since it was written
/// (by inode ctime); a certificate file put back from a backup with its old modification
/// time (`cp -p`) is still noticed and read again.
#[test]
fn inventory_notices_a_restored_certificate() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w"]).succeeds();
    let backup = pki.tmp.path().join("cert-backup.pem");
    let (ok, out) = openssl(&[
        "x509",
        "-in",
        &pki.cert("w", "cert.pem").to_string_lossy(),
        "-out",
        &backup.to_string_lossy(),
    ]);
    assert!(ok, "{out}");
    let old = serial(&pki, "w")
        .trim_start_matches("serial=")
        .to_lowercase();
    let st = std::process::Command::new("touch")
        .args(["-d", "2020-01-01"])
        .arg(&backup)
        .status()
        .unwrap();
    assert!(st.success());
    pki.tcerts(&["issue", "worker", "--name", "w", "--force"])
        .succeeds();
    let st = std::process::Command::new("cp")
        .arg("-p")
        .arg(&backup)
        .arg(pki.cert("w", "cert.pem"))
        .status()
        .unwrap();
    assert!(st.success());
    // Another writing command updates the inventory.
    pki.tcerts(&["issue", "cli", "--name", "other"]).succeeds();
    let doc = pki.tcerts(&["--json", "list"]).succeeds().json();
    let current: Vec<_> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "w" && e["status"] != "superseded")
        .map(|e| e["serial"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(current, vec![old], "{doc:#}");
}

/// A changed role is a changed certificate: a frontend declared as internode needs
/// clientAuth too, and plan says so; openssl then accepts it as a client.
#[test]
fn a_changed_role_is_reissued() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "frontend", "--name", "f", "--dns", "x.example"])
        .succeeds();
    let (ok, _) = pki.openssl_verify("f", "sslclient");
    assert!(!ok, "a frontend certificate is no client certificate");
    let toml = pki
        .read("tcerts.toml")
        .replace("role = \"frontend\"", "role = \"internode\"");
    std::fs::write(pki.path("tcerts.toml"), toml).unwrap();
    pki.tcerts(&["plan"])
        .fails_with(3)
        .stdout_has("role changed to internode");
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["plan"]).succeeds();
    let (ok, t) = pki.openssl_verify("f", "sslclient");
    assert!(ok, "{t}");
}

/// Issue #10 finding 13: TCERTS_NOW, the test clock, is part of the product. A value that
/// is not a time, or one whose certificates X.509 cannot date, ends with exit 2 naming the
/// variable (never a panic: 9999 used to abort with rc 134) and creates nothing; a valid
/// value is announced on stderr, even with --quiet, and the certificates are dated from it.
#[test]
fn the_test_clock_is_validated_and_announced() {
    let cases = [
        ("garbage", "not an RFC 3339 time"),
        ("2030-01-01", "not an RFC 3339 time"),
        ("9999-06-01T00:00:00Z", "out of range"),
        ("1900-01-01T00:00:00Z", "out of range"),
    ];
    for (value, why) in cases {
        let pki = Pki::new();
        pki.tcerts(&["init", "--org", "Acme"])
            .env("TCERTS_NOW", value)
            .fails_with(2)
            .stderr_has("TCERTS_NOW=")
            .stderr_has(why)
            .no_panic();
        assert!(!pki.dir.exists(), "{value}: nothing created");
    }

    // A valid past clock: announced (with --quiet too) and used for the dates.
    let pki = Pki::new();
    let run = pki
        .tcerts(&["init", "--org", "Acme", "--quiet"])
        .env("TCERTS_NOW", "2020-01-01T00:00:00Z")
        .succeeds()
        .stderr_has("warning: TCERTS_NOW=2020-01-01T00:00:00Z is set")
        .stderr_has("days behind the system clock");
    assert!(run.stdout().is_empty(), "--quiet: {}", run.stdout());
    let (ok, dates) = openssl(&[
        "x509",
        "-noout",
        "-startdate",
        "-in",
        &pki.path("ca/root/cert.pem").to_string_lossy(),
    ]);
    assert!(ok && dates.contains("Dec 31 23:55:00 2019 GMT"), "{dates}");
    // Without TCERTS_NOW, no warning.
    let plain = pki.tcerts(&["list"]).run();
    assert!(!plain.stderr().contains("TCERTS_NOW"), "{}", plain.stderr());

    // Validity arithmetic never overflows: far-future lengths are refused by name.
    for v in ["999999y", "4294967295h", "99999999999999999999d"] {
        pki.tcerts(&["issue", "worker", "--name", "w", "--validity", v])
            .fails_with(2)
            .stderr_has("--validity")
            .stderr_has("at most 100 years")
            .no_panic();
    }
}

/// Issue #10 finding 12: a certificate copied over `certs/NAME/cert.pem` in place is noticed
/// by the next `list`, however it was copied: plain `cp` (same inode, new times), `cp
/// --preserve=timestamps` (old modification time), and a replacement in the same second
/// the inventory was written.
#[test]
fn list_notices_a_certificate_replaced_in_place() {
    // The 2-day certificate, from another PKI of the same organisation.
    let other = Pki::init(&[]);
    other
        .tcerts(&["issue", "worker", "--name", "w", "--validity", "2d"])
        .succeeds();
    let short = other.cert("w", "cert.pem");

    let copies: [(&str, &[&str]); 3] = [
        ("cp", &[]),
        ("cp --preserve=timestamps", &["--preserve=timestamps"]),
        ("same-second cp", &[]),
    ];
    for (how, flags) in copies {
        let pki = Pki::init(&[]);
        pki.tcerts(&["issue", "worker", "--name", "w"]).succeeds();
        pki.tcerts(&["list", "--expiring-within", "30d"]).succeeds();
        if how != "same-second cp" {
            // Let the inventory's stamps settle, as in real use.
            std::thread::sleep(std::time::Duration::from_millis(1100));
            pki.tcerts(&["list"]).succeeds();
        }
        let target = pki.cert("w", "cert.pem");
        let status = std::process::Command::new("cp")
            .args(flags)
            .arg(&short)
            .arg(&target)
            .status()
            .unwrap();
        assert!(status.success());
        let run = pki
            .tcerts(&["--json", "list", "--expiring-within", "30d"])
            .fails_with(1);
        let doc = run.json();
        let w = doc["entries"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["name"] == "w" && e["status"] != "superseded")
            .unwrap_or_else(|| panic!("{how}: no entry for w: {doc:#}"))
            .clone();
        let (ok, end) = openssl(&[
            "x509",
            "-noout",
            "-enddate",
            "-in",
            &short.to_string_lossy(),
        ]);
        assert!(ok);
        assert!(
            w.get("file").is_none(),
            "internal stamp in list --json: {w:#}"
        );
        assert!(
            w["days_left"].as_i64().is_some_and(|d| d <= 2),
            "{how}: list still shows the old certificate ({end}): {w:#}"
        );
    }
}

/// Whether a line of tcerts.toml is a commented example (`# key = value` or `# [[table]]`),
/// as opposed to prose.
fn is_example(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("# ") else {
        return false;
    };
    if rest.starts_with("[[") || rest.starts_with('[') && rest.ends_with(']') {
        return true;
    }
    rest.split_once(" = ").is_some_and(|(k, _)| {
        !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    })
}

/// Every run of consecutive example lines in `text`: (first line index, line count).
fn example_blocks(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if is_example(lines[i]) {
            let start = i;
            while i < lines.len() && is_example(lines[i]) {
                i += 1;
            }
            blocks.push((start, i - start));
        } else {
            i += 1;
        }
    }
    blocks
}

/// `text` with the example block that contains `marker` uncommented in place.
fn uncomment(text: &str, marker: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let (start, len) = example_blocks(text)
        .into_iter()
        .find(|(s, l)| lines[*s..s + l].iter().any(|x| x.contains(marker)))
        .unwrap_or_else(|| panic!("no example block with {marker:?}:\n{text}"));
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if (start..start + len).contains(&i) {
            out.push_str(&l[2..]);
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

fn list_entries(pki: &Pki, now: &str) -> Vec<serde_json::Value> {
    let doc = pki
        .tcerts(&["--json", "list"])
        .env("TCERTS_NOW", now)
        .succeeds()
        .json();
    doc["entries"].as_array().unwrap().clone()
}

fn days_between(a: &str, b: &str) -> i64 {
    let t = |s: &str| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap()
    };
    (t(b) - t(a)).whole_days()
}

#[test]
fn every_commented_example_of_the_generated_config_works_where_it_is() {
    const T0: &str = "2030-01-01T00:00:00Z";
    let pki = Pki::new();
    let at = |args: &[&str]| pki.tcerts(args).env("TCERTS_NOW", T0).succeeds();
    at(&["init", "--org", "Acme"]);
    at(&["namespace", "add", "payments"]);
    at(&["issue", "worker", "--name", "pw", "--namespace", "payments"]);
    at(&["namespace", "add", "billing"]);
    at(&["issue", "cli", "--name", "ops", "--namespace", "billing"]);
    at(&["issue", "frontend", "--dns", "fe.example"]);
    at(&["issue", "internode", "--dns", "in.example"]);
    let config = pki.path("tcerts.toml");
    let base = pki.read("tcerts.toml");
    let write = |text: &str| fs::write(&config, text).unwrap();

    // The examples this test knows, and nothing else: a new example needs a check here.
    let markers = [
        "renew_before = \"14d\"",
        "name = \"orders\"",
        "name = \"edge-frontend\"",
        "name = \"orders-worker\"",
        "name = \"w1\"",
        "expiry_warning = \"21d\"",
    ];
    let blocks = example_blocks(&base);
    assert_eq!(blocks.len(), markers.len(), "{blocks:?} in\n{base}");
    let lines: Vec<&str> = base.lines().collect();
    for (s, l) in &blocks {
        assert!(
            markers
                .iter()
                .any(|m| lines[*s..s + l].iter().any(|x| x.contains(m))),
            "an example block this test does not check: {:?}",
            &lines[*s..s + l]
        );
    }

    // [defaults] renew_before, still in [defaults] after namespaces and certificates were
    // added: 63 days into their 90, every certificate is due under the default window
    // (from day 60) and none is under a 14-day one.
    let late = "2030-03-05T00:00:00Z";
    pki.tcerts(&["plan"]).env("TCERTS_NOW", late).fails_with(3);
    write(&uncomment(&base, markers[0]));
    pki.tcerts(&["plan"]).env("TCERTS_NOW", late).succeeds();
    let certs: Vec<_> = list_entries(&pki, late)
        .into_iter()
        .filter(|e| e["kind"] == "certificate")
        .collect();
    assert_eq!(certs.len(), 4, "{certs:#?}");
    for e in &certs {
        let left = days_between(
            e["renew_at"].as_str().unwrap(),
            e["not_after"].as_str().unwrap(),
        );
        assert_eq!(left, 14, "{e:#}");
    }

    // [defaults] expiry_warning, with renew_before = "14d" uncommented too: due when fewer
    // than 21 days are left, whichever comes first, so every renew_at moves to 21 days out.
    write(&uncomment(&uncomment(&base, markers[0]), markers[5]));
    pki.tcerts(&["plan"]).env("TCERTS_NOW", late).succeeds();
    for e in list_entries(&pki, late)
        .into_iter()
        .filter(|e| e["kind"] == "certificate")
    {
        let left = days_between(
            e["renew_at"].as_str().unwrap(),
            e["not_after"].as_str().unwrap(),
        );
        assert_eq!(left, 21, "{e:#}");
    }

    // [[namespace]] orders: declared, then `namespace add` creates its CA without a second entry.
    write(&uncomment(&base, markers[1]));
    pki.tcerts(&["plan"]).env("TCERTS_NOW", T0).succeeds();
    pki.tcerts(&["namespace", "list"])
        .succeeds()
        .stdout_has("no CA yet");
    at(&["namespace", "add", "orders"]);
    let with_orders = pki.read("tcerts.toml");
    let text = with_orders.clone();
    assert_eq!(text.matches("\nname = \"orders\"").count(), 1, "{text}");
    let doc = pki
        .tcerts(&["--json", "namespace", "list"])
        .succeeds()
        .json();
    assert!(
        doc["namespaces"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["namespace"] == "orders" && n["cert"].is_string()),
        "{doc:#}"
    );

    // The server certificate block: every key lands in the certificate.
    write(&uncomment(&base, markers[2]));
    let plan = pki
        .tcerts(&["--json", "plan"])
        .env("TCERTS_NOW", T0)
        .fails_with(3)
        .json();
    assert_eq!(plan["changes"][0]["name"], "edge-frontend", "{plan:#}");
    assert_eq!(plan["changes"][0]["action"], "create", "{plan:#}");
    at(&["apply"]);
    let text = openssl_text(&pki.cert("edge-frontend", "cert.pem"));
    for want in [
        "DNS:temporal.example.com",
        "DNS:localhost",
        "IP Address:127.0.0.1",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert!(
        !text.contains("prime256v1") && text.contains("384"),
        "{text}"
    );
    verify_at(&pki, "edge-frontend", "sslserver", "1893500000");
    let e = list_entries(&pki, T0)
        .into_iter()
        .find(|e| e["name"] == "edge-frontend")
        .unwrap();
    assert_eq!(
        days_between(T0, e["not_after"].as_str().unwrap()),
        30,
        "{e:#}"
    );
    assert_eq!(
        days_between(
            e["renew_at"].as_str().unwrap(),
            e["not_after"].as_str().unwrap()
        ),
        10,
        "{e:#}"
    );

    // The namespace worker block, once `namespace add orders` made its CA (as it says).
    write(&uncomment(&with_orders, markers[3]));
    pki.tcerts(&["plan"]).env("TCERTS_NOW", T0).fails_with(3);
    at(&["apply"]);
    let (ok, subject) = openssl(&[
        "x509",
        "-noout",
        "-subject",
        "-in",
        &pki.cert("orders-worker", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok && subject.contains("OU = orders"), "{subject}");
    verify_at(&pki, "orders-worker", "sslclient", "1893500000");

    // The CSR block: the certificate holds the CSR's key, and tcerts wrote no key.
    fs::create_dir_all(pki.path("requests")).unwrap();
    let (key, _) = openssl_csr(&pki.path("requests"), "w1", "/CN=w1", &[]);
    write(&uncomment(&base, markers[4]));
    pki.tcerts(&["plan"]).env("TCERTS_NOW", T0).fails_with(3);
    at(&["apply"]);
    let (ok, want) = openssl(&["pkey", "-pubout", "-in", &key.to_string_lossy()]);
    assert!(ok);
    assert_eq!(pubkey_of_cert(&pki.cert("w1", "cert.pem")), want);
    assert!(!pki.cert("w1", "key.pem").exists());
    pki.tcerts(&["plan"]).env("TCERTS_NOW", T0).succeeds();
}

/// Files written within a second of their stamp are hashed again on every read ("racy"
/// stamps). Once that second has passed, the next `list` (or `plan`) rebuilds the
/// inventory so that later reads trust the stamps, judged here from SQLite's own reader;
/// a certificate then replaced in place with a same-size copy and its old times is still
/// noticed.
#[test]
fn racy_stamps_are_settled_once_and_in_place_copies_still_noticed() {
    let pki = three();
    pki.tcerts(&["apply"]).succeeds();
    let racy = |pki: &Pki| -> usize {
        pki.inventory()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["f_taken_ns"].is_i64())
            .filter(|e| {
                let newest = e["f_mtime_ns"]
                    .as_i64()
                    .unwrap()
                    .max(e["f_ctime_ns"].as_i64().unwrap());
                newest + 1_000_000_000 > e["f_taken_ns"].as_i64().unwrap()
            })
            .count()
    };
    assert!(racy(&pki) > 0, "apply stamps the files it just wrote");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    pki.tcerts(&["plan"]).succeeds();
    assert_eq!(
        racy(&pki),
        0,
        "plan settled the stamps: {:#}",
        pki.inventory()
    );
    // Another certificate written over cert.pem in place, its modification time put back
    // (the inode stays, and only the change time, which nobody can set, shows it).
    let worker = pki.cert("pay-worker", "cert.pem");
    let meta = std::fs::metadata(&worker).unwrap();
    std::fs::write(&worker, pki.read("certs/frontend/cert.pem")).unwrap();
    let st = std::process::Command::new("touch")
        .arg("-d")
        .arg(filetime_of(&meta))
        .arg(&worker)
        .status()
        .unwrap();
    assert!(st.success());
    let doc = pki.tcerts(&["--json", "list"]).succeeds().json();
    let norm = |s: &str| {
        s.trim_start_matches("serial=")
            .trim_start_matches('0')
            .to_lowercase()
    };
    let frontend = norm(&serial(&pki, "frontend"));
    let shown: Vec<String> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "pay-worker" && e["status"] != "superseded")
        .filter_map(|e| e["serial"].as_str().map(norm))
        .collect();
    assert_eq!(shown, vec![frontend], "{doc:#}");
}

/// A file's modification time as `touch -d` takes it.
fn filetime_of(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!("@{}.{:09}", meta.mtime(), meta.mtime_nsec())
}

/// A process killed inside an inventory transaction leaves a hot rollback journal. The
/// next command rolls it back before it reads the inventory again, so the replaced
/// certificates only the inventory remembers survive. The half transaction is made by
/// Python's sqlite3 (many changed rows in a one-page cache, so pages reach the database
/// file before the commit that never comes).
#[test]
fn a_transaction_cut_off_by_a_kill_is_rolled_back_and_nothing_is_forgotten() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w", "--force"])
        .succeeds();
    let superseded = |doc: &serde_json::Value| {
        doc["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["name"] == "w" && e["status"] == "superseded")
            .count()
    };
    assert_eq!(
        superseded(&pki.tcerts(&["--json", "list"]).succeeds().json()),
        1
    );
    const CUT: &str = r#"
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")
db.execute("BEGIN IMMEDIATE")
db.execute("DELETE FROM entry")
db.execute("INSERT INTO entry SELECT * FROM entry")
os._exit(9)
"#;
    let db = pki.dir.join("inventory.db");
    let st = std::process::Command::new("python3")
        .args(["-c", CUT])
        .arg(&db)
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(9));
    assert!(
        pki.dir.join("inventory.db-journal").exists(),
        "the cut-off transaction left its journal"
    );
    // list cannot read it (a read-only connection cannot roll back), so it rebuilds the
    // inventory from the files and what the inventory recorded.
    let doc = pki.tcerts(&["--json", "list"]).succeeds().json();
    assert_eq!(superseded(&doc), 1, "{doc:#}");
}
