//! Concurrency and crash safety of `apply` / `issue`: parallel processes on one PKI, and
//! `kill -9` at random points during `apply`.

use crate::support;
use support::*;

use std::collections::HashSet;
use std::fs;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn declare_workers(pki: &Pki, n: usize) -> Vec<String> {
    let path = pki.path("tcerts.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    let mut names = Vec::new();
    for i in 0..n {
        let name = format!("w{i:02}");
        // A mix of key types.
        let kt = if i % 10 == 3 {
            "key_type = \"ecdsa-p384\"\n"
        } else {
            ""
        };
        text.push_str(&format!(
            "\n[[certificate]]\nname = \"{name}\"\nrole = \"worker\"\n{kt}"
        ));
        names.push(name);
    }
    fs::write(&path, text).unwrap();
    names
}

fn spawn(pki: &Pki, args: &[&str], now: Option<&str>) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tcerts"));
    cmd.arg("--dir")
        .arg(&pki.dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TCERTS_LOCK_TIMEOUT", "600")
        .env_remove("TCERTS_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(t) = now {
        cmd.env("TCERTS_NOW", t);
    }
    cmd.spawn().expect("spawn tcerts")
}

fn unix_time(rfc3339: &str) -> String {
    let out = Command::new("date")
        .args(["-u", "-d", rfc3339, "+%s"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Visible certificate directories, and anything else (hidden staging directories).
fn cert_dirs(pki: &Pki) -> (Vec<String>, Vec<String>) {
    let mut visible = Vec::new();
    let mut hidden = Vec::new();
    for e in fs::read_dir(pki.path("certs")).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with('.') {
            hidden.push(n);
        } else {
            visible.push(n);
        }
    }
    visible.sort();
    (visible, hidden)
}

/// Every certificate directory is whole: the four files, the key matching the certificate
/// (openssl's view), chain.pem starting with cert.pem, and the chain verifying at `epoch`.
/// Returns the serials.
fn check_consistent(pki: &Pki, epoch: &str) -> Vec<String> {
    let (names, _) = cert_dirs(pki);
    let mut serials = Vec::new();
    let mut leaves = Vec::new();
    for name in &names {
        for f in ["cert.pem", "chain.pem", "ca.pem", "key.pem"] {
            let p = pki.cert(name, f);
            let len = fs::metadata(&p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .len();
            assert!(len > 0, "{} is empty", p.display());
        }
        let cert = pki.cert(name, "cert.pem");
        let (ok, from_cert) =
            openssl(&["x509", "-noout", "-pubkey", "-in", &cert.to_string_lossy()]);
        assert!(ok, "{name}: {from_cert}");
        let (ok, from_key) = openssl(&[
            "pkey",
            "-pubout",
            "-in",
            &pki.cert(name, "key.pem").to_string_lossy(),
        ]);
        assert!(ok, "{name}: {from_key}");
        assert_eq!(
            from_cert, from_key,
            "{name}: key.pem does not match cert.pem"
        );
        let cert_pem = fs::read_to_string(&cert).unwrap();
        let chain_pem = fs::read_to_string(pki.cert(name, "chain.pem")).unwrap();
        assert!(
            chain_pem.starts_with(&cert_pem),
            "{name}: chain.pem is not this cert.pem's chain"
        );
        let (ok, serial) = openssl(&["x509", "-noout", "-serial", "-in", &cert.to_string_lossy()]);
        assert!(ok, "{serial}");
        serials.push(serial.trim().to_string());
        leaves.push(cert.to_string_lossy().into_owned());
    }
    if !leaves.is_empty() {
        let root = pki.path("ca/root/cert.pem").to_string_lossy().into_owned();
        let inter = pki
            .path("ca/intermediate/cert.pem")
            .to_string_lossy()
            .into_owned();
        let mut args = vec![
            "verify",
            "-x509_strict",
            "-attime",
            epoch,
            "-purpose",
            "sslclient",
            "-CAfile",
            &root,
            "-untrusted",
            &inter,
        ];
        args.extend(leaves.iter().map(String::as_str));
        let (ok, text) = openssl(&args);
        assert!(ok, "{text}");
    }
    serials
}

/// A serial as hex without `serial=`, leading zeros or case.
fn norm(s: &str) -> String {
    s.trim_start_matches("serial=")
        .trim_start_matches('0')
        .to_lowercase()
}

fn inventory(pki: &Pki) -> serde_json::Value {
    pki.inventory()
}

#[test]
fn eight_parallel_apply_and_issue_processes_leave_one_consistent_pki() {
    let pki = Pki::init(&[]);
    let declared = declare_workers(&pki, 24);
    let rounds: [Option<&str>; 2] = [None, Some("2027-02-10T00:00:00Z")];
    for (round, now) in rounds.iter().enumerate() {
        let mut children = Vec::new();
        for i in 0..8 {
            let child = if i % 2 == 0 {
                spawn(&pki, &["apply"], *now)
            } else {
                let name = format!("adhoc{i}");
                spawn(&pki, &["issue", "client", "--name", &name, "--force"], *now)
            };
            children.push(child);
        }
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    let (names, hidden) = cert_dirs(&pki);
    assert!(hidden.is_empty(), "left behind: {hidden:?}");
    let mut expected: Vec<String> = declared.clone();
    expected.extend([1, 3, 5, 7].map(|i| format!("adhoc{i}")));
    expected.sort();
    assert_eq!(names, expected, "every certificate present exactly once");

    // Every certificate declared exactly once in tcerts.toml.
    let config: toml::Value = toml::from_str(&pki.read("tcerts.toml")).unwrap();
    let mut declared_names: Vec<String> = config["certificate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    declared_names.sort();
    assert_eq!(declared_names, expected);

    let epoch = unix_time("2027-02-11T00:00:00Z");
    let serials = check_consistent(&pki, &epoch);
    let unique: HashSet<&String> = serials.iter().collect();
    assert_eq!(unique.len(), serials.len(), "serials are unique");

    // The inventory parses, holds every current certificate with its on-disk serial, and
    // every serial it has ever seen is unique.
    let inv = inventory(&pki);
    let entries = inv["entries"].as_array().unwrap();
    let current: HashSet<String> = entries
        .iter()
        .filter(|e| e["kind"] == "certificate" && e["status"] != "superseded")
        .map(|e| norm(e["serial"].as_str().unwrap()))
        .collect();
    let on_disk: HashSet<String> = serials.iter().map(|s| norm(s)).collect();
    assert_eq!(current, on_disk);
    let all: Vec<&str> = entries
        .iter()
        .map(|e| e["serial"].as_str().unwrap())
        .collect();
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len());
    pki.tcerts(&["plan"])
        .env("TCERTS_NOW", "2027-02-10T00:00:00Z")
        .succeeds();
    // Eight writers appended to one log: still one unbroken chain, every serial in it.
    pki.tcerts(&["audit", "verify"]).succeeds();
    let logged = logged_serials(&pki);
    assert!(on_disk.is_subset(&logged));
}

/// Every serial the issuance log records, normalised.
fn logged_serials(pki: &Pki) -> HashSet<String> {
    pki.read("audit.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["serial"].as_str().map(norm))
        .collect()
}

/// A small deterministic generator (xorshift), seeded from the clock and printed, so a
/// failing run can be replayed with TCERTS_CRASH_SEED.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn kill_9_at_random_points_during_apply_never_leaves_a_broken_pki() {
    let pki = Pki::init(&["--root-validity", "30y", "--ca-validity", "20y"]);
    let names = declare_workers(&pki, 30);
    let seed = std::env::var("TCERTS_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64 | 1)
                .unwrap_or(0x9e37_79b9_7f4a_7c15)
        });
    eprintln!("TCERTS_CRASH_SEED={seed}");
    let mut rng = Rng(seed);

    // How long a whole apply takes here: kills land anywhere inside that.
    let start = Instant::now();
    pki.tcerts(&["apply"])
        .env("TCERTS_NOW", "2030-01-01T00:00:00Z")
        .succeeds();
    let full = start.elapsed().as_micros().max(1000) as u64;

    let mut before: HashSet<String> = check_consistent(&pki, &unix_time("2030-01-02T00:00:00Z"))
        .iter()
        .map(|s| norm(s))
        .collect();
    let iterations = 30;
    let (mut partial, mut untouched, mut complete) = (0, 0, 0);
    for i in 1..=iterations {
        // Every certificate is due: each iteration travels 62 days on (90-day leaves).
        let day = time_str(i * 62);
        let mut child = spawn(&pki, &["apply"], Some(&day));
        let delay = rng.next() % (full + full / 5);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // Right after the kill: whole sets only, and an inventory that parses.
        let (present, hidden) = cert_dirs(&pki);
        assert_eq!(present, names, "iteration {i}: a certificate vanished");
        assert!(
            hidden.iter().all(|h| h.starts_with(".tcerts-staging-")),
            "iteration {i}: unexpected {hidden:?}"
        );
        let after: HashSet<String> = check_consistent(&pki, &unix_time(&day))
            .iter()
            .map(|s| norm(s))
            .collect();
        inventory(&pki);
        // The issuance log: its line is durable before a certificate is swapped in, so
        // every certificate on disk has one, and the chain is intact.
        let logged = logged_serials(&pki);
        for s in &after {
            assert!(
                logged.contains(s),
                "iteration {i}: serial {s} is on disk but not in audit.jsonl"
            );
        }
        pki.tcerts(&["audit", "verify"]).succeeds();
        let renewed = after.difference(&before).count();
        match renewed {
            0 => untouched += 1,
            n if n == names.len() => complete += 1,
            _ => partial += 1,
        }

        // The next apply finishes the job and leaves nothing due and nothing behind.
        pki.tcerts(&["apply"]).env("TCERTS_NOW", &day).succeeds();
        pki.tcerts(&["plan"]).env("TCERTS_NOW", &day).succeeds();
        let (_, hidden) = cert_dirs(&pki);
        assert!(hidden.is_empty(), "iteration {i}: left behind {hidden:?}");
        let run = pki
            .tcerts(&["--json", "list"])
            .env("TCERTS_NOW", &day)
            .succeeds();
        let current: Vec<String> = run.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "certificate" && e["status"] == "valid")
            .map(|e| e["serial"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(current.len(), names.len(), "iteration {i}");
        before = current.iter().map(|s| norm(s)).collect();
    }
    eprintln!(
        "{iterations} kills: {untouched} before any certificate was replaced, {partial} part-way, {complete} after all (full apply {full} µs)"
    );
}

/// 2030-01-01 plus `days`, as RFC 3339.
fn time_str(days: u64) -> String {
    let out = Command::new("date")
        .args([
            "-u",
            "-d",
            &format!("2030-01-01 00:00:00 UTC + {days} days"),
            "+%Y-%m-%dT%H:%M:%SZ",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
