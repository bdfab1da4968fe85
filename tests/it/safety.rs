//! Concurrency and crash safety: processes on one PKI serialise on its lock, and a
//! process killed at any moment leaves the previous certificate set intact.

use crate::support;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;

fn pubkey_of_cert(p: &Path) -> String {
    let (ok, out) = openssl(&["x509", "-pubkey", "-noout", "-in", &p.to_string_lossy()]);
    assert!(ok, "{}: {out}", p.display());
    out
}

fn pubkey_of_key(p: &Path) -> String {
    let (ok, out) = openssl(&["pkey", "-pubout", "-in", &p.to_string_lossy()]);
    assert!(ok, "{}: {out}", p.display());
    out
}

fn spawn(pki: &Pki, args: &[&str]) -> std::process::Child {
    Command::new(assert_cmd::cargo_bin!("tcerts"))
        .arg("--dir")
        .arg(&pki.dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tcerts")
}

#[test]
fn parallel_issues_serialise_and_lose_nothing() {
    let pki = Pki::init(&[]);
    let names: Vec<String> = (0..8).map(|i| format!("w{i}")).collect();
    let children: Vec<_> = names
        .iter()
        .map(|n| spawn(&pki, &["issue", "worker", "--name", n]))
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let toml = pki.read("tcerts.toml");
    let mut serials = std::collections::HashSet::new();
    for n in &names {
        assert!(
            toml.contains(&format!("name = \"{n}\"")),
            "{n} missing from tcerts.toml (a lost update):\n{toml}"
        );
        assert_eq!(
            pubkey_of_cert(&pki.cert(n, "cert.pem")),
            pubkey_of_key(&pki.cert(n, "key.pem"))
        );
        let serial = openssl(&[
            "x509",
            "-noout",
            "-serial",
            "-in",
            &pki.cert(n, "cert.pem").to_string_lossy(),
        ])
        .1;
        assert!(serials.insert(serial), "duplicate serial");
    }
    assert_eq!(toml.matches("\n[[certificate]]").count(), 8);

    // Racing for one name: exactly one wins, the others are told it exists.
    let children: Vec<_> = (0..8)
        .map(|_| spawn(&pki, &["issue", "cli", "--name", "contended"]))
        .collect();
    let codes: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == Some(2)).count(),
        7,
        "{codes:?}"
    );
}

/// SIGKILL at pseudo-random moments while `issue --force` replaces a certificate (RSA key
/// generation gives a wide window). After every kill the directory holds a complete,
/// matching set: the old one or the new one, never a key without its certificate.
#[test]
fn killed_mid_issue_leaves_a_consistent_set() {
    let pki = Pki::init(&[]);
    pki.tcerts(&[
        "issue",
        "client",
        "--name",
        "victim",
        "--key-type",
        "rsa-2048",
    ])
    .succeeds();
    let mut seed: u64 = u64::from(std::process::id()) ^ 0x9e37_79b9_7f4a_7c15;
    let mut killed_before_commit = 0;
    for _ in 0..25 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_micros((seed >> 33) % 120_000);
        let before = pki.read("certs/victim/cert.pem");
        let mut child = spawn(
            &pki,
            &[
                "issue",
                "client",
                "--name",
                "victim",
                "--key-type",
                "rsa-2048",
                "--force",
            ],
        );
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let after = pki.read("certs/victim/cert.pem");
        if after == before {
            killed_before_commit += 1;
        }
        assert_eq!(
            pubkey_of_cert(&pki.cert("victim", "cert.pem")),
            pubkey_of_key(&pki.cert("victim", "key.pem")),
            "key and certificate disagree after a kill"
        );
        let chain = pki.read("certs/victim/chain.pem");
        assert!(
            chain.starts_with(&after),
            "chain.pem belongs to another certificate"
        );
        let (ok, t) = pki.openssl_verify("victim", "sslclient");
        assert!(ok, "{t}");
    }
    eprintln!("{killed_before_commit} of 25 kills landed before the commit");
    // The next run cleans up any staging directory a kill left and completes.
    pki.tcerts(&["issue", "client", "--name", "victim", "--force"])
        .succeeds();
    let leftovers: Vec<_> = std::fs::read_dir(pki.path("certs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// SIGKILL at pseudo-random moments while `apply` updates the trust of many certificates
/// after `ca retire --root`. After every kill each certificate's set is whole: its
/// certificate, chain and key exactly as before, and its ca.pem either the old roots or the
/// new one, never missing or torn. Runs until `apply` completes.
#[test]
fn killed_mid_trust_update_leaves_every_set_whole() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["ca", "rotate", "--root"]).succeeds();
    // Issued during the overlap from the payments root: trust updates only afterwards.
    let names: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    for n in &names {
        pki.tcerts(&["issue", "worker", "--name", n, "--namespace", "payments"])
            .succeeds();
    }
    let old_ca = pki.read("certs/w0/ca.pem");
    pki.tcerts(&["ca", "retire", "--root"]).succeeds();
    let before: Vec<[String; 3]> = names
        .iter()
        .map(|n| ["cert.pem", "chain.pem", "key.pem"].map(|f| pki.read(&format!("certs/{n}/{f}"))))
        .collect();
    let mut seed: u64 = u64::from(std::process::id()) ^ 0x2545_f491_4f6c_dd1d;
    let mut kills = 0;
    let mut new_ca = None;
    for _ in 0..30 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_micros((seed >> 33) % 500_000);
        let mut child = spawn(&pki, &["apply"]);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            new_ca = Some(pki.read("certs/w0/ca.pem"));
        } else {
            kills += 1;
        }
        for (n, files) in names.iter().zip(&before) {
            for (f, content) in ["cert.pem", "chain.pem", "key.pem"].iter().zip(files) {
                assert_eq!(&pki.read(&format!("certs/{n}/{f}")), content, "{n}/{f}");
            }
            let ca = pki.read(&format!("certs/{n}/ca.pem"));
            assert!(
                ca == old_ca || ca.matches("BEGIN CERTIFICATE").count() == 1,
                "{n}/ca.pem torn:\n{ca}"
            );
        }
        if new_ca.is_some() {
            break;
        }
    }
    eprintln!("{kills} kill(s) before apply completed");
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["plan"]).succeeds();
    let new_ca = pki.read("certs/w0/ca.pem");
    assert_ne!(new_ca, old_ca);
    for n in &names {
        assert_eq!(pki.read(&format!("certs/{n}/ca.pem")), new_ca, "{n}");
    }
}

/// Every file under `dir` with its content (directories with none), sorted.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p.clone());
                out.push((p, Vec::new()));
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    let ok = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap()
        .success();
    assert!(ok, "cp -a {} {}", from.display(), to.display());
}

/// Issue #10 finding 2: startup recovery touches only names tcerts made (`.tcerts-…`).
/// A user's `ca.old` (holding CA keys), `certs/w1.old` and a plain file `tcerts.toml.old`
/// survive every writing command, byte for byte, and do not break them.
#[test]
fn recovery_leaves_the_users_old_copies_alone() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w1"]).succeeds();
    copy_tree(&pki.path("ca"), &pki.path("ca.old"));
    copy_tree(&pki.cert("w1", ""), &pki.path("certs/w1.old"));
    std::fs::write(pki.path("tcerts.toml.old"), pki.read("tcerts.toml")).unwrap();
    std::fs::create_dir(pki.path("ca/namespaces.old")).unwrap();
    let mine = [
        snapshot(&pki.path("ca.old")),
        snapshot(&pki.path("certs/w1.old")),
        snapshot(&pki.path("ca/namespaces.old")),
    ];
    let toml_old = std::fs::read(pki.path("tcerts.toml.old")).unwrap();
    assert!(pki.path("ca.old/root/key.pem").is_file());

    pki.tcerts(&["issue", "worker", "--name", "w2"]).succeeds();
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w1", "--force"])
        .succeeds();
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["doctor"]).succeeds();

    assert_eq!(
        [
            snapshot(&pki.path("ca.old")),
            snapshot(&pki.path("certs/w1.old")),
            snapshot(&pki.path("ca/namespaces.old")),
        ],
        mine
    );
    assert_eq!(
        std::fs::read(pki.path("tcerts.toml.old")).unwrap(),
        toml_old
    );
    // The CA key in the user's copy is still the one openssl reads.
    let (ok, text) = openssl(&[
        "pkey",
        "-noout",
        "-in",
        &pki.path("ca.old/root/key.pem").to_string_lossy(),
    ]);
    assert!(ok, "{text}");
}

/// Issue #10 finding 9: a symlink planted at a file tcerts writes inside the PKI
/// (inventory.db, tcerts.toml, revocations.json, a CRL, a trust bundle) is replaced by
/// the new file, never written through: the file it points to outside the PKI keeps its
/// content and its mode.
#[test]
fn symlinked_pki_files_are_replaced_not_followed() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w1"]).succeeds();
    let outside = pki.tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let std_toml = pki.read("tcerts.toml");
    let planted = [
        "inventory.db",
        "tcerts.toml",
        "revocations.json",
        "crl/intermediate.pem",
        "trust/clients.pem",
    ];
    std::fs::create_dir_all(pki.path("crl")).unwrap();
    std::fs::create_dir_all(pki.path("trust")).unwrap();
    for (i, rel) in planted.iter().enumerate() {
        let target = outside.join(format!("victim{i}"));
        // tcerts.toml must stay readable through the link for the commands to run.
        let content = if *rel == "tcerts.toml" {
            std_toml.clone()
        } else if *rel == "revocations.json" {
            "{\"revoked\": []}\n".to_string()
        } else {
            format!("precious {i}\n")
        };
        std::fs::write(&target, &content).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let _ = std::fs::remove_file(pki.path(rel));
        symlink(&target, pki.path(rel)).unwrap();
    }
    let before = snapshot(&outside);

    pki.tcerts(&["issue", "worker", "--name", "w2"]).succeeds();
    pki.tcerts(&["revoke", "w1", "--reason", "key-compromise"])
        .succeeds();
    pki.tcerts(&["crl"]).succeeds();
    pki.tcerts(&["ca", "rotate"]).succeeds();
    pki.tcerts(&["list"]).succeeds();

    assert_eq!(snapshot(&outside), before, "a file outside the PKI changed");
    for e in std::fs::read_dir(&outside).unwrap().flatten() {
        let mode = e.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{} was chmod'ed", e.path().display());
    }
    for rel in planted {
        let m = std::fs::symlink_metadata(pki.path(rel)).unwrap();
        assert!(m.is_file(), "{rel} is still a link: {m:?}");
    }
    // What was written is the real thing: openssl reads the CRL tcerts made.
    let (ok, text) = openssl(&[
        "crl",
        "-noout",
        "-in",
        &pki.path("crl/intermediate.pem").to_string_lossy(),
    ]);
    assert!(ok, "{text}");
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Issue #10 finding 11: a PKI directory, or a directory holding keys, that other users
/// can write to (or that another user owns) is refused by every writing command that
/// depends on it (a certificate's own directory: by the commands that read or replace that
/// certificate, and by those that touch every certificate), before anything is written,
/// with the reason and the chmod/chown that fixes it; doctor reports it as an error.
#[test]
fn writable_or_foreign_pki_directories_are_refused() {
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["issue", "worker", "--name", "w1"]).succeeds();
    let writers: [&[&str]; 7] = [
        &["issue", "worker", "--name", "w2"],
        &["namespace", "add", "orders"],
        &["apply"],
        &["revoke", "w1", "--reason", "superseded"],
        &["ca", "rotate"],
        &["crl"],
        &["init", "--org", "Acme", "--force"],
    ];
    let is_root = rustix::process::geteuid().is_root();
    let mut cases: Vec<(std::path::PathBuf, &str, &str)> = vec![
        (
            pki.dir.clone(),
            "group- and world-writable (mode 0777)",
            "chmod go-w",
        ),
        (
            pki.path("ca"),
            "group- and world-writable (mode 0777)",
            "chmod go-w",
        ),
        (
            pki.path("ca/namespaces/payments"),
            "group- and world-writable (mode 0777)",
            "chmod go-w",
        ),
        (
            pki.path("certs/w1"),
            "group-writable (mode 0770)",
            "chmod go-w",
        ),
    ];
    if is_root {
        cases.push((pki.path("certs"), "owned by uid 65534", "chown 0"));
    } else {
        assert!(
            std::env::var_os("TCERTS_REQUIRE_E2E").is_none_or(|v| v.is_empty() || v == "0"),
            "this test hands a directory to another user with chown: run it as root"
        );
        eprintln!("note: not root, the chown case is left out");
    }
    for (dir, why, fix) in &cases {
        let dir = dir.as_path();
        if fix.starts_with("chown") {
            std::os::unix::fs::chown(dir, Some(65534), None).unwrap();
        } else if why.contains("0770") {
            chmod(dir, 0o770);
        } else {
            chmod(dir, 0o777);
        }
        let before = snapshot(&pki.dir);
        // Another certificate's directory is judged only by the commands that read or
        // replace it (issue #11: one certificate's write does not walk the whole PKI).
        let only_w1 = dir.ends_with("certs/w1");
        let refusing: Vec<&[&str]> = if only_w1 {
            vec![
                &["issue", "worker", "--name", "w1", "--force"],
                &["apply"],
                &["revoke", "w1", "--reason", "superseded"],
                &["ca", "rotate"],
                &["init", "--org", "Acme", "--force"],
            ]
        } else {
            writers.to_vec()
        };
        for args in refusing {
            pki.tcerts(args)
                .fails_with(2)
                .no_panic()
                .stderr_has("other users can change")
                .stderr_has(&format!("{}: {why}", dir.display()))
                .stderr_has(&format!("fix: {fix} {}", dir.display()));
        }
        assert_eq!(
            snapshot(&pki.dir),
            before,
            "{}: a refused command wrote",
            dir.display()
        );
        if only_w1 {
            // w2 neither reads nor replaces certs/w1; doctor (below) still reports it.
            pki.tcerts(&["issue", "worker", "--name", "w2", "--force"])
                .succeeds();
        }
        pki.tcerts(&["doctor"])
            .fails_with(1)
            .stdout_has("pki-permissions")
            .stdout_has(why)
            .stdout_has(&format!("fix: {fix} {}", dir.display()));
        // Fixed as told, the PKI works again.
        if fix.starts_with("chown") {
            std::os::unix::fs::chown(dir, Some(0), None).unwrap();
        } else {
            chmod(dir, 0o700);
        }
        pki.tcerts(&["issue", "worker", "--name", "w1", "--force"])
            .succeeds();
    }
}
