//! Hostile inputs (fixtures/hostile plus large ones made here) given wherever tcerts reads
//! a file: each ends in a clear error (exit 2, naming the file) within a time bound, never
//! a panic or a hang. Doctor, inspect and bundle inputs are covered in their own tests.

use crate::support;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::*;

const BOUND: Duration = Duration::from_secs(30);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile")
        .join(name)
}

/// Runs tcerts with a hard time bound; returns (exit code, stderr).
fn bounded(dir: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let (code, _, err, _) = timed(dir, args);
    (code, err)
}

fn assert_clear_error(what: &str, (code, err): (Option<i32>, String), must_name: &Path) {
    assert_eq!(code, Some(2), "{what}: exit {code:?}\n{err}");
    assert!(err.starts_with("error: "), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    let name = must_name.file_name().unwrap().to_string_lossy();
    assert!(
        err.contains(name.as_ref()),
        "{what}: the error does not name {name}:\n{err}"
    );
}

/// Every hostile input this test knows, as paths (some made on the fly in `tmp`).
fn hostile_inputs(tmp: &Path) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = [
        "empty.pem",
        "whitespace.pem",
        "nested-asn1.der",
        "nested-asn1.pem",
        "truncated.pem",
        "bad-base64.pem",
        "mismatched-labels.pem",
        "length-overflow.der",
        "binary-garbage.bin",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect();

    // 100 MB (sparse): refused by size, not read into memory.
    let big = tmp.join("huge.pem");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    inputs.push(big);
    // A directory where a file is expected.
    let d = tmp.join("a-directory.pem");
    std::fs::create_dir(&d).unwrap();
    inputs.push(d);
    // A symlink to an endless file.
    let z = tmp.join("zero.pem");
    std::os::unix::fs::symlink("/dev/zero", &z).unwrap();
    inputs.push(z);
    // 10,000 PEM blocks of garbage certificates.
    let many = tmp.join("many-blocks.pem");
    let block = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    std::fs::write(&many, block.repeat(10_000)).unwrap();
    inputs.push(many);
    // A non-UTF-8 file name.
    let odd = tmp.join(std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.pem"));
    std::fs::write(&odd, b"nonsense").unwrap();
    inputs.push(odd);
    // Missing.
    inputs.push(tmp.join("does-not-exist.pem"));
    inputs
}

#[test]
fn hostile_csr_files() {
    let pki = Pki::init(&[]);
    for input in hostile_inputs(pki.tmp.path()) {
        let res = bounded(
            &pki.dir,
            &[
                "issue".as_ref(),
                "client".as_ref(),
                "--name".as_ref(),
                "h".as_ref(),
                "--csr".as_ref(),
                input.as_os_str(),
            ],
        );
        assert_clear_error(&format!("--csr {}", input.display()), res, &input);
        assert!(!pki.cert("h", "cert.pem").exists());
    }
}

#[test]
fn hostile_ca_import_files() {
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", "A", "--external-root"])
        .succeeds();
    let good_chain = pki.tmp.path().join("chain.pem");
    std::fs::write(&good_chain, pki.read("ca/intermediate/csr.pem")).unwrap();
    for input in hostile_inputs(pki.tmp.path()) {
        let res = bounded(
            &pki.dir,
            &[
                "ca".as_ref(),
                "import".as_ref(),
                input.as_os_str(),
                "--chain".as_ref(),
                input.as_os_str(),
            ],
        );
        assert_clear_error(&format!("ca import {}", input.display()), res, &input);
    }
    assert!(!pki.path("ca/root").exists(), "nothing imported");
}

/// A chain of 200 certificates, each signed by the next: read and checked link by link in
/// bounded time (and refused: it is not for this PKI's key).
#[test]
fn a_200_certificate_chain_is_handled() {
    use tcerts::pki::{CaKind, CaSpec, IssuingCa, KeyType, Validity, new_ca, now};
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", "A", "--external-root"])
        .succeeds();
    let spec = |g| CaSpec {
        kind: CaKind::Root,
        org: "Long".into(),
        key_type: KeyType::EcdsaP256,
        validity: Validity::years(1),
        generation: g,
    };
    let root = new_ca(&spec(0), None, now()).unwrap();
    let mut issuer =
        IssuingCa::new(root.cert.clone(), root.key, vec![], root.cert.clone()).unwrap();
    let mut pems = vec![root.cert.pem()];
    for g in 1..200 {
        let next = new_ca(
            &CaSpec {
                kind: CaKind::Intermediate,
                ..spec(g)
            },
            Some(&issuer),
            now(),
        )
        .unwrap();
        pems.push(next.cert.pem());
        issuer = IssuingCa::new(next.cert, next.key, vec![], root.cert.clone()).unwrap();
    }
    pems.reverse();
    let chain = pki.tmp.path().join("long-chain.pem");
    std::fs::write(&chain, pems.concat()).unwrap();
    let leaf = pki.tmp.path().join("leaf.pem");
    std::fs::write(&leaf, &pems[0]).unwrap();
    let res = bounded(
        &pki.dir,
        &[
            "ca".as_ref(),
            "import".as_ref(),
            leaf.as_os_str(),
            "--chain".as_ref(),
            chain.as_os_str(),
        ],
    );
    assert_clear_error("200-certificate chain", res, &leaf);
}

#[test]
fn hostile_tcerts_toml() {
    for (name, must_say) in [
        ("not-toml.toml", "tcerts.toml"),
        ("unknown-key.toml", "frobnicate"),
        ("bad-duration.toml", "forever"),
        ("empty.pem", "missing field"),
        ("binary-garbage.bin", "tcerts.toml"),
    ] {
        let pki = Pki::init(&[]);
        std::fs::copy(fixture(name), pki.path("tcerts.toml")).unwrap();
        pki.tcerts(&["issue", "cli"])
            .fails_with(2)
            .stderr_has(must_say)
            .stderr_has("tcerts.toml")
            .no_panic();
    }
    // Line numbers for a person to act on.
    let pki = Pki::init(&[]);
    std::fs::copy(fixture("unknown-key.toml"), pki.path("tcerts.toml")).unwrap();
    pki.tcerts(&["issue", "cli"])
        .fails_with(2)
        .stderr_has("line 2");
}

#[test]
fn a_non_utf8_pki_directory_works() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(std::ffi::OsStr::from_bytes(b"pki-\xff"));
    Test::new(&dir).args(&["init", "--org", "A"]).succeeds();
    Test::new(&dir)
        .args(&["issue", "frontend", "--dns", "localhost"])
        .succeeds();
    // JSON output with such a path: the bytes are replaced, the document is still printed.
    let doc = Test::new(&dir)
        .args(&["--json", "issue", "cli"])
        .succeeds()
        .json();
    assert!(
        doc["files"]["cert"]
            .as_str()
            .unwrap()
            .ends_with("certs/cli/cert.pem")
    );
    // openssl takes its paths as UTF-8 here: check copies.
    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    for f in ["ca.pem", "chain.pem", "cert.pem"] {
        std::fs::copy(dir.join("certs/frontend").join(f), plain.join(f)).unwrap();
    }
    let (ok, t) = openssl_verify(
        &plain.join("ca.pem"),
        &plain.join("chain.pem"),
        &plain.join("cert.pem"),
        "sslserver",
    );
    assert!(ok, "{t}");
}

/// A snapshot of every file under `dir` (path → content), to prove nothing changed.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p.clone());
                out.push((p, Vec::new()));
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

/// Issue #10 finding 3: a namespace or certificate name in tcerts.toml that climbs out of
/// the PKI (`../../../outside/ns`) is refused when the file is loaded, by every command,
/// before anything is read or written outside (or inside) the PKI.
#[test]
fn tcerts_toml_names_cannot_leave_the_pki() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w1"]).succeeds();
    // pki/ca/namespaces/../../../outside/ns is a sibling of the PKI directory.
    let outside = pki.tmp.path().join("outside/ns");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("cert.pem"), b"not yours\n").unwrap();
    let good = pki.read("tcerts.toml");
    for (entry, names) in [
        (
            "[[namespace]]\nname = \"../../../outside/ns\"\n",
            "[[namespace]] name = \"../../../outside/ns\"",
        ),
        (
            "[[certificate]]\nname = \"../../outside/ns\"\nrole = \"worker\"\n",
            "[[certificate]] name = \"../../outside/ns\"",
        ),
        (
            "[[certificate]]\nname = \"w2\"\nrole = \"worker\"\nnamespace = \"../../../outside/ns\"\n",
            "[[certificate]] 'w2': namespace",
        ),
    ] {
        std::fs::write(pki.path("tcerts.toml"), format!("{good}\n{entry}")).unwrap();
        let before_outside = tree(pki.tmp.path().join("outside").as_path());
        let before_pki = tree(&pki.dir);
        for args in [
            &["namespace", "list"][..],
            &["ca", "rotate", "--root"],
            &["plan"],
            &["apply"],
            &["issue", "worker", "--name", "w3"],
            &["namespace", "add", "p2"],
            &["list"],
        ] {
            pki.tcerts(args)
                .fails_with(2)
                .no_panic()
                .stderr_has("tcerts.toml: ")
                .stderr_has(names)
                .stderr_has("invalid ");
        }
        assert_eq!(
            tree(pki.tmp.path().join("outside").as_path()),
            before_outside,
            "{entry}: something outside the PKI changed"
        );
        assert_eq!(tree(&pki.dir), before_pki, "{entry}: the PKI changed");
    }
}

/// Issue #10 finding 1, the hostile corpus: CSRs whose key parameters tcerts refuses
/// (fixtures/hostile/csr-*.der, built by generate.py with garbage signatures). Each is
/// refused for its key or signature algorithm, named, never blamed on tampering.
#[test]
fn hostile_csr_key_parameters() {
    let pki = Pki::init(&[]);
    for (file, reason) in [
        ("csr-rsa-1024.der", "RSA key of 1024 bits"),
        ("csr-rsa-2048-e3.der", "exponent 3"),
        ("csr-rsa-2048-e-huge.der", "exponent of 201 bits"),
        ("csr-rsa-16384.der", "at most 8192 bits"),
        ("csr-rsa-pss-key.der", "RSA-PSS key"),
        ("csr-ec-p521.der", "curve P-521"),
        ("csr-ec-secp256k1.der", "curve secp256k1"),
        ("csr-ec-explicit.der", "explicit parameters"),
        ("csr-ec-no-curve.der", "does not name its curve"),
        ("csr-dsa.der", "DSA key"),
        ("csr-unknown-alg.der", "unknown algorithm (1.2.3.4.5.6.7)"),
        ("csr-sha1-signed.der", "SHA-1 with RSA"),
        ("csr-md5-signed.der", "MD5 with RSA"),
    ] {
        let input = fixture(file);
        let (code, err) = bounded(
            &pki.dir,
            &[
                "issue".as_ref(),
                "worker".as_ref(),
                "--name".as_ref(),
                "h".as_ref(),
                "--csr".as_ref(),
                input.as_os_str(),
            ],
        );
        assert_clear_error(file, (code, err.clone()), &input);
        assert!(err.contains(reason), "{file}: lacks {reason:?}:\n{err}");
        assert!(!err.contains("altered"), "{file}: {err}");
        assert!(!pki.cert("h", "cert.pem").exists());
    }
}

/// CA certificates built to blow up issuer search (issue #10, finding 6): every one is
/// named "Hostile CA", half with the subject as PrintableString and the issuer as
/// UTF8String, half the other way round, each with its own key and all signed by a key
/// that is not in the file. Every certificate then has n/2 candidate issuers whose name
/// matches byte for byte and none whose signature does: an issuer search that checks a
/// signature per candidate does n²/2 of them. Also returns a leaf "issued" by that name.
fn issuer_search_bomb(n: usize) -> (String, String) {
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue, IsCa, Issuer,
        KeyPair, SerialNumber,
    };
    let name = |printable: bool| {
        let mut dn = DistinguishedName::new();
        let v = if printable {
            DnValue::PrintableString("Hostile CA".try_into().unwrap())
        } else {
            DnValue::Utf8String("Hostile CA".into())
        };
        dn.push(DnType::CommonName, v);
        dn
    };
    let outsider = KeyPair::generate().unwrap();
    let issuers = [true, false].map(|p| {
        let mut ip = CertificateParams::default();
        ip.distinguished_name = name(p);
        Issuer::new(ip, &outsider)
    });
    let mut pem = String::new();
    for i in 0..n {
        let printable = i % 2 == 0;
        let mut params = CertificateParams::default();
        params.distinguished_name = name(printable);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.serial_number = Some(SerialNumber::from_slice(&(i as u64 + 1).to_be_bytes()));
        let key = KeyPair::generate().unwrap();
        // The issuer's name is the other string type.
        let issuer = &issuers[usize::from(printable)];
        pem.push_str(&params.signed_by(&key, issuer).unwrap().pem());
    }
    let mut leaf = CertificateParams::new(vec!["frontend.example".to_string()]).unwrap();
    leaf.distinguished_name = DistinguishedName::new();
    leaf.distinguished_name.push(DnType::CommonName, "frontend");
    let leaf = leaf
        .signed_by(&KeyPair::generate().unwrap(), &issuers[0])
        .unwrap()
        .pem();
    (pem, leaf)
}

/// Runs tcerts within BOUND; returns (exit code, stdout, stderr, time taken).
fn timed(dir: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String, Duration) {
    let start = Instant::now();
    let mut cmd = Command::new(assert_cmd::cargo_bin!("tcerts"));
    cmd.arg("--dir").arg(dir).args(args).env("NO_COLOR", "1");
    let out = support::process::run_with_timeout(cmd, BOUND)
        .expect("spawn")
        .unwrap_or_else(|_| panic!("tcerts {args:?} did not finish within {BOUND:?}"));
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr),
        start.elapsed(),
    )
}

/// Issue #10 finding 6: CA files of 500 and 2,000 namesake CAs (which used to take 20 s to
/// over 300 s) end with a clear verdict well within a few seconds: `bundle --from` refuses
/// by Cloud's size limits before ordering anything, `doctor --bundle` reports them, and
/// issuer searches (doctor --for server, --ca) check a bounded number of signatures per
/// certificate. The bound is a sanity check on a debug build, not a benchmark.
#[test]
fn ca_files_built_to_blow_up_issuer_search_end_quickly() {
    const QUICK: Duration = Duration::from_secs(5);
    let tmp = tempfile::tempdir().unwrap();
    let pki = Pki::init(&[]);
    for n in [500usize, 2000] {
        let (pem, leaf_pem) = issuer_search_bomb(n);
        let bomb = tmp.path().join(format!("bomb-{n}.pem"));
        std::fs::write(&bomb, pem).unwrap();
        let leaf = tmp.path().join("leaf.pem");
        std::fs::write(&leaf, leaf_pem).unwrap();
        let out = tmp.path().join("bundle.pem");
        let b = bomb.as_os_str();
        let name = bomb.file_name().unwrap().to_string_lossy().into_owned();

        let (code, _, err, took) = timed(
            &pki.dir,
            &[
                "bundle".as_ref(),
                "--from".as_ref(),
                b,
                "-o".as_ref(),
                out.as_os_str(),
            ],
        );
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("--from") && err.contains(&name), "{err}");
        assert!(
            err.contains(&format!(
                "{n} certificates; Temporal Cloud accepts at most 16"
            )),
            "{err}"
        );
        assert!(err.contains("not checked one by one"), "{err}");
        assert!(!out.exists(), "nothing written");
        assert!(took < QUICK, "bundle --from {n}: {took:?}");

        let (code, stdout, _, took) = timed(&pki.dir, &["doctor".as_ref(), "--bundle".as_ref(), b]);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains("bundle-too-many"), "{stdout}");
        assert!(took < QUICK, "doctor --bundle {n}: {took:?}");

        let (code, stdout, err, took) = timed(
            &pki.dir,
            &[
                "doctor".as_ref(),
                "--bundle".as_ref(),
                b,
                "--for".as_ref(),
                "server".as_ref(),
            ],
        );
        assert!(matches!(code, Some(0 | 1)), "{stdout}{err}");
        assert!(stdout.contains(&format!("{n} certificates")), "{stdout}");
        assert!(took < QUICK, "doctor --bundle --for server {n}: {took:?}");

        // A leaf "issued" by the hostile name, checked against the file as its CA.
        let (code, stdout, err, took) = timed(
            &pki.dir,
            &[
                "doctor".as_ref(),
                "--cert".as_ref(),
                leaf.as_os_str(),
                "--ca".as_ref(),
                b,
            ],
        );
        assert_eq!(code, Some(1), "{stdout}{err}");
        assert!(stdout.contains("leaf.pem"), "{stdout}");
        assert!(took < QUICK, "doctor --cert --ca {n}: {took:?}");
    }
}
