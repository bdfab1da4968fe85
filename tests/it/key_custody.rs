//! CA keys in a PKCS#11 token (SoftHSM2 from Debian, a token initialised per test in a
//! temporary SOFTHSM2_CONF): every role signed through the token and checked with
//! `openssl verify -x509_strict`, the keys' attributes read back with OpenSC's
//! `pkcs11-tool`, the real Temporal CLI connecting through the Go mTLS terminator (crypto/tls, as Temporal's frontend), and
//! a wrong PIN, a missing token or a missing object stopping a command before it writes.
//!
//! Skipped (with a notice) when SoftHSM, pkcs11-tool, temporal or go is missing, unless
//! `TCERTS_REQUIRE_E2E` is set (CI); `scripts/install-test-deps.sh` installs them.

use crate::support;
use crate::support::temporal;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;
use temporal::{DevServer, GoTerminator, assert_lists_default, namespace_list};

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
const TOKEN: &str = "tcerts-test";
const PIN: &str = "8642";
const SO_PIN: &str = "97531";

/// A SoftHSM token in its own configuration, gone with the test's temporary directory.
struct SoftHsm {
    _tmp: tempfile::TempDir,
    conf: PathBuf,
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

impl SoftHsm {
    /// None (after a notice) when SoftHSM or pkcs11-tool is missing and the end-to-end
    /// gate is off; a failure when it is on.
    fn new(test: &str) -> Option<SoftHsm> {
        let missing: Vec<&str> = [
            (!Path::new(MODULE).exists()).then_some(MODULE),
            (!have("softhsm2-util")).then_some("softhsm2-util"),
            (!have("pkcs11-tool")).then_some("pkcs11-tool"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !missing.is_empty() {
            support::tools::skip_unless_required(
                test,
                &format!("{} not found", missing.join(", ")),
                "run scripts/install-test-deps.sh (Debian packages softhsm2 and opensc)",
            );
            return None;
        }
        let tmp = tempfile::tempdir().unwrap();
        let tokens = tmp.path().join("tokens");
        fs::create_dir(&tokens).unwrap();
        let conf = tmp.path().join("softhsm2.conf");
        fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                tokens.display()
            ),
        )
        .unwrap();
        let out = Command::new("softhsm2-util")
            .env("SOFTHSM2_CONF", &conf)
            .args([
                "--init-token",
                "--free",
                "--label",
                TOKEN,
                "--so-pin",
                SO_PIN,
                "--pin",
                PIN,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(SoftHsm { _tmp: tmp, conf })
    }

    /// `tcerts --dir DIR ARGS` with the module, the PIN and this token's configuration.
    fn tcerts(&self, dir: &Path, args: &[&str]) -> Test {
        Test::new(dir)
            .args(args)
            .env("SOFTHSM2_CONF", &self.conf)
            .env("TCERTS_PKCS11_MODULE", MODULE)
            .env("TCERTS_PKCS11_PIN", PIN)
    }

    /// `pkcs11-tool --module … --token-label … ARGS`.
    fn pkcs11_tool(&self, args: &[&str]) -> String {
        let out = Command::new("pkcs11-tool")
            .env("SOFTHSM2_CONF", &self.conf)
            .args(["--module", MODULE, "--token-label", TOKEN])
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "pkcs11-tool {args:?}: {text}");
        text
    }

    /// The private key objects pkcs11-tool lists: label → its "Access:" line.
    fn private_keys(&self) -> BTreeMap<String, String> {
        let text = self.pkcs11_tool(&[
            "--list-objects",
            "--type",
            "privkey",
            "--login",
            "--pin",
            PIN,
        ]);
        let mut keys = BTreeMap::new();
        for block in text.split("Private Key Object").skip(1) {
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
                    .unwrap_or_default()
            };
            keys.insert(field("label:"), field("Access:"));
        }
        keys
    }
}

const KEY_STORE: &str = "pkcs11:token=tcerts-test";

/// The `[[ca_key]]` URIs tcerts.toml records.
fn recorded_uris(pki: &Path) -> Vec<String> {
    let config: toml::Value =
        toml::from_str(&fs::read_to_string(pki.join("tcerts.toml")).unwrap()).unwrap();
    config
        .get("ca_key")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|k| k["uri"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn label_of(uri: &str) -> String {
    uri.split(';')
        .find_map(|a| a.strip_prefix("object="))
        .unwrap()
        .to_string()
}

/// Every key.pem under the PKI, relative to it.
fn key_files(pki: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![pki.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if e.file_name() == "key.pem" {
                found.push(p.strip_prefix(pki).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// Every file under `dir` with its bytes and mode, to prove nothing was written.
fn tree(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            let mode = fs::metadata(&p).unwrap().permissions().mode();
            if p.is_dir() {
                out.insert(rel, (Vec::new(), mode));
                stack.push(p);
            } else {
                out.insert(rel, (fs::read(&p).unwrap(), mode));
            }
        }
    }
    out
}

fn verify(pki: &Path, name: &str, purpose: &str) {
    let d = pki.join("certs").join(name);
    // The anchors a server holds: the roots in ca.pem and the namespace CAs that are their
    // own roots (a namespace worker chains to its namespace CA, not the shared root).
    let mut anchors = fs::read_to_string(d.join("ca.pem")).unwrap();
    if let Ok(rd) = fs::read_dir(pki.join("ca/namespaces")) {
        for e in rd.flatten() {
            if let Ok(pem) = fs::read_to_string(e.path().join("cert.pem")) {
                anchors.push_str(&pem);
            }
        }
    }
    let anchors_file = pki.with_file_name(format!(
        "anchors-{}-{name}.pem",
        pki.file_name().unwrap().to_string_lossy()
    ));
    fs::write(&anchors_file, anchors).unwrap();
    let (ok, text) = openssl_verify(
        &anchors_file,
        &d.join("chain.pem"),
        &d.join("cert.pem"),
        purpose,
    );
    assert!(ok, "{}: {text}", d.display());
}

/// One PKI whose CA keys are all in the token: init, a namespace, the three client and
/// server roles, each chain verified by OpenSSL, the keys' attributes read by pkcs11-tool.
fn token_pki(hsm: &SoftHsm, dir: &Path, key_type: &str) {
    hsm.tcerts(
        dir,
        &[
            "init",
            "--org",
            "Acme",
            "--key-type",
            key_type,
            "--key-store",
            KEY_STORE,
        ],
    )
    .succeeds()
    .stdout_has("in the token, sensitive and never extractable");
    hsm.tcerts(dir, &["namespace", "add", "payments"])
        .succeeds();
    hsm.tcerts(
        dir,
        &["issue", "worker", "--name", "w1", "--namespace", "payments"],
    )
    .succeeds();
    hsm.tcerts(
        dir,
        &[
            "issue",
            "frontend",
            "--dns",
            "localhost",
            "--ip",
            "127.0.0.1",
        ],
    )
    .succeeds();
    hsm.tcerts(dir, &["issue", "cli", "--name", "ops"])
        .succeeds();
    verify(dir, "w1", "sslclient");
    verify(dir, "ops", "sslclient");
    verify(dir, "frontend", "sslserver");

    // No CA key on disk: only the leaves' keys.
    assert_eq!(
        key_files(dir),
        vec![
            "certs/frontend/key.pem",
            "certs/ops/key.pem",
            "certs/w1/key.pem"
        ],
        "[{key_type}]"
    );
    let uris = recorded_uris(dir);
    assert_eq!(
        uris.len(),
        3,
        "[{key_type}] root, issuing and namespace CA: {uris:?}"
    );
    let text = fs::read_to_string(dir.join("tcerts.toml")).unwrap();
    assert!(
        !text.contains(PIN) && !text.contains("pin-value"),
        "[{key_type}] a PIN in tcerts.toml"
    );
    let keys = hsm.private_keys();
    for uri in &uris {
        assert!(
            uri.starts_with("pkcs11:token=tcerts-test;object=tcerts-"),
            "{uri}"
        );
        let label = label_of(uri);
        let access = keys.get(&label).unwrap_or_else(|| {
            panic!("[{key_type}] pkcs11-tool lists no private key {label}: {keys:?}")
        });
        assert!(
            access.contains("sensitive") && access.contains("never extractable"),
            "[{key_type}] {label}: {access}"
        );
    }
    // The issuing CA certificate's key is the token's: pkcs11-tool signs with the token
    // object and OpenSSL verifies that signature with the certificate's public key.
    let work = dir.join("..").join(format!("sig-{key_type}"));
    fs::create_dir_all(&work).unwrap();
    let data = work.join("data");
    fs::write(&data, b"signed inside the token").unwrap();
    let sig = work.join("sig");
    let rsa = key_type.starts_with("rsa");
    let digest_flag = if key_type == "ecdsa-p384" {
        "-sha384"
    } else {
        "-sha256"
    };
    // SoftHSM signs ECDSA over a digest (CKM_ECDSA), as tcerts does: hash with OpenSSL.
    let digest = work.join("digest");
    let (ok, text) = openssl(&[
        "dgst",
        digest_flag,
        "-binary",
        "-out",
        &digest.to_string_lossy(),
        &data.to_string_lossy(),
    ]);
    assert!(ok, "{text}");
    // pkcs11-tool --sign selects the key by --id (it ignores --label there).
    let id: String = uris[1]
        .split(';')
        .find_map(|a| a.strip_prefix("id="))
        .unwrap()
        .replace('%', "");
    let (input, output) = if rsa {
        (
            data.to_string_lossy().into_owned(),
            sig.to_string_lossy().into_owned(),
        )
    } else {
        (
            digest.to_string_lossy().into_owned(),
            sig.to_string_lossy().into_owned(),
        )
    };
    let mut args = vec!["--login", "--pin", PIN, "--sign", "--id", &id];
    if rsa {
        args.extend(["--mechanism", "SHA256-RSA-PKCS"]);
    } else {
        args.extend(["--mechanism", "ECDSA", "--signature-format", "openssl"]);
    }
    args.extend(["--input-file", &input, "--output-file", &output]);
    hsm.pkcs11_tool(&args);
    let pubkey = work.join("pub.pem");
    let (ok, pem) = openssl(&[
        "x509",
        "-noout",
        "-pubkey",
        "-in",
        &dir.join("ca/intermediate/cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{pem}");
    fs::write(&pubkey, pem).unwrap();
    let (ok, text) = if rsa {
        openssl(&[
            "dgst",
            digest_flag,
            "-verify",
            &pubkey.to_string_lossy(),
            "-signature",
            &output,
            &data.to_string_lossy(),
        ])
    } else {
        openssl(&[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            &pubkey.to_string_lossy(),
            "-in",
            &input,
            "-sigfile",
            &output,
        ])
    };
    assert!(
        ok && (text.contains("Verified OK") || text.contains("Signature Verified Successfully")),
        "[{key_type}] the token's key did not make a signature the CA certificate verifies: {text}"
    );

    // doctor reaches the token, finds each object, matches it to its certificate.
    let run = hsm.tcerts(dir, &["doctor"]).succeeds();
    assert_eq!(
        run.stdout().matches("ca-key-in-token").count(),
        3,
        "{}",
        run.stdout()
    );
    hsm.tcerts(dir, &["list"])
        .succeeds()
        .stdout_has("pkcs11:token=tcerts-test;object=tcerts-intermediate-g1-");
    // The issuance log names the keys by URI.
    let log = fs::read_to_string(dir.join("audit.jsonl")).unwrap();
    assert!(
        log.contains("\"issuer_key\":\"pkcs11:token=tcerts-test;object=tcerts-ns-payments-g1-")
    );
    hsm.tcerts(dir, &["audit", "verify"]).succeeds();
}

#[test]
fn ca_keys_in_a_token_sign_every_role_and_the_real_temporal_cli_connects() {
    let test = "ca_keys_in_a_token_sign_every_role_and_the_real_temporal_cli_connects";
    let Some(hsm) = SoftHsm::new(test) else {
        return;
    };
    let Some(_tools) = temporal::require_tools(test) else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let key_types = ["ecdsa-p256", "ecdsa-p384", "rsa-3072"];
    let dirs: Vec<PathBuf> = key_types
        .iter()
        .map(|kt| scratch.path().join(format!("pki-{kt}")))
        .collect();
    for (kt, dir) in key_types.iter().zip(&dirs) {
        token_pki(&hsm, dir, kt);
    }

    // One dev server; one mTLS terminator per PKI, Go's crypto/tls as Temporal's frontend,
    // presenting that PKI's frontend and checking clients against its trust/clients.pem.
    let Some(go) = temporal::require_go(test) else {
        return;
    };
    let server = DevServer::start(scratch.path());
    for (kt, dir) in key_types.iter().zip(&dirs) {
        let fe = dir.join("certs/frontend");
        let terminator = GoTerminator::start(
            &go,
            scratch.path(),
            &fe.join("chain.pem"),
            &fe.join("key.pem"),
            &dir.join("trust/clients.pem"),
            server.port,
        );
        for name in ["w1", "ops"] {
            let c = dir.join("certs").join(name);
            let out = namespace_list(
                &terminator,
                &c.join("chain.pem"),
                &c.join("key.pem"),
                &c.join("ca.pem"),
            );
            assert_lists_default(&format!("[{kt}] {name}"), &out);
        }
    }
    drop(server);
}

#[test]
fn rotation_crl_and_apply_sign_through_the_token() {
    let Some(hsm) = SoftHsm::new("rotation_crl_and_apply_sign_through_the_token") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    hsm.tcerts(&dir, &["init", "--org", "Acme", "--key-store", KEY_STORE])
        .succeeds();
    hsm.tcerts(&dir, &["issue", "cli", "--name", "ops"])
        .succeeds();
    // A rotation stays in the token: the successor's key is generated there too.
    hsm.tcerts(&dir, &["ca", "rotate"]).succeeds();
    assert!(!dir.join("ca/intermediate/key.pem").exists());
    assert_eq!(recorded_uris(&dir).len(), 3);
    hsm.tcerts(&dir, &["apply"]).succeeds();
    verify(&dir, "ops", "sslclient");
    // CRLs are signed by each generation's key, in the token.
    hsm.tcerts(&dir, &["revoke", "ops", "--reason", "superseded"])
        .succeeds();
    hsm.tcerts(&dir, &["crl"]).succeeds();
    let crl = dir.join("crl/intermediate-G2.pem");
    let (ok, text) = openssl(&[
        "crl",
        "-noout",
        "-in",
        &crl.to_string_lossy(),
        "-CAfile",
        &dir.join("ca/intermediate/cert.pem").to_string_lossy(),
    ]);
    assert!(ok && text.contains("verify OK"), "{text}");
    hsm.tcerts(&dir, &["ca", "retire", "--force"]).succeeds();
    hsm.tcerts(&dir, &["audit", "verify"]).succeeds();
}

#[test]
fn a_file_key_moves_into_a_token_by_rotation() {
    let Some(hsm) = SoftHsm::new("a_file_key_moves_into_a_token_by_rotation") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    hsm.tcerts(&dir, &["init", "--org", "Acme"]).succeeds();
    hsm.tcerts(&dir, &["issue", "cli", "--name", "ops"])
        .succeeds();
    let old_key = fs::read(dir.join("ca/intermediate/key.pem")).unwrap();
    hsm.tcerts(&dir, &["ca", "rotate", "--key-store", KEY_STORE])
        .succeeds();
    // New key in the token; the old file key only with the rotated-out CA, and not
    // imported into the token.
    assert!(!dir.join("ca/intermediate/key.pem").exists());
    assert_eq!(
        fs::read(dir.join("ca/previous/intermediate/G1/key.pem")).unwrap(),
        old_key
    );
    let keys = hsm.private_keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(
        keys.keys()
            .all(|l| l.starts_with("tcerts-intermediate-g2-")),
        "{keys:?}"
    );
    hsm.tcerts(&dir, &["apply"]).succeeds();
    verify(&dir, "ops", "sslclient");
    hsm.tcerts(&dir, &["ca", "retire"]).succeeds();
    assert!(!dir.join("ca/previous/intermediate/G1").exists());
    // The PKI now keeps new CA keys in the token.
    let text = fs::read_to_string(dir.join("tcerts.toml")).unwrap();
    assert!(
        text.contains("[key_store]\nuri = \"pkcs11:token=tcerts-test\""),
        "{text}"
    );
    hsm.tcerts(&dir, &["namespace", "add", "payments"])
        .succeeds();
    assert!(!dir.join("ca/namespaces/payments/key.pem").exists());
    hsm.tcerts(
        &dir,
        &["issue", "worker", "--name", "w1", "--namespace", "payments"],
    )
    .succeeds();
    verify(&dir, "w1", "sslclient");
}

#[test]
fn a_wrong_pin_a_missing_token_or_a_missing_object_exit_2_and_write_nothing() {
    let Some(hsm) =
        SoftHsm::new("a_wrong_pin_a_missing_token_or_a_missing_object_exit_2_and_write_nothing")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    hsm.tcerts(&dir, &["init", "--org", "Acme", "--key-store", KEY_STORE])
        .succeeds();
    let inter_uri = recorded_uris(&dir)[1].clone();
    let before = tree(&dir);

    // A wrong PIN.
    for args in [
        &["issue", "cli", "--name", "x"][..],
        &["namespace", "add", "payments"],
        &["ca", "rotate"],
        &["crl"],
    ] {
        hsm.tcerts(&dir, args)
            .env("TCERTS_PKCS11_PIN", "0000")
            .fails_with(2)
            .stderr_has("pkcs11:token=tcerts-test")
            .stderr_has("PIN is wrong")
            .no_panic();
        assert!(
            tree(&dir) == before,
            "{args:?} with a wrong PIN changed the PKI"
        );
    }
    hsm.tcerts(&dir, &["issue", "cli", "--name", "x"])
        .env("TCERTS_PKCS11_PIN", "0000")
        .fails_with(2)
        .stderr_has(&inter_uri);

    // A missing token, for a new PKI and for a new namespace CA.
    let fresh = tmp.path().join("fresh");
    hsm.tcerts(
        &fresh,
        &[
            "init",
            "--org",
            "Acme",
            "--key-store",
            "pkcs11:token=absent",
        ],
    )
    .fails_with(2)
    .stderr_has("pkcs11:token=absent")
    .stderr_has("no token labelled 'absent'");
    assert!(
        !fresh.exists(),
        "init with a missing token created {}",
        fresh.display()
    );
    hsm.tcerts(
        &dir,
        &[
            "namespace",
            "add",
            "payments",
            "--key-store",
            "pkcs11:token=absent",
        ],
    )
    .fails_with(2)
    .stderr_has("pkcs11:token=absent");
    assert!(tree(&dir) == before);
    // A wrong PIN at init: nothing created either.
    hsm.tcerts(&fresh, &["init", "--org", "Acme", "--key-store", KEY_STORE])
        .env("TCERTS_PKCS11_PIN", "0000")
        .fails_with(2)
        .stderr_has(KEY_STORE);
    assert!(!fresh.exists());

    // A missing object: the issuing CA's private key deleted from the token.
    hsm.pkcs11_tool(&[
        "--login",
        "--pin",
        PIN,
        "--delete-object",
        "--type",
        "privkey",
        "--label",
        &label_of(&inter_uri),
    ]);
    hsm.tcerts(&dir, &["issue", "cli", "--name", "x"])
        .fails_with(2)
        .stderr_has(&inter_uri)
        .stderr_has("no private key with this label and id");
    assert!(tree(&dir) == before, "a missing object changed the PKI");
    hsm.tcerts(&dir, &["doctor"])
        .fails_with(1)
        .stdout_has("ca-key-object-missing");
    hsm.tcerts(&dir, &["doctor"])
        .env("TCERTS_PKCS11_PIN", "0000")
        .fails_with(1)
        .stdout_has("ca-key-token-unreachable")
        .stdout_has("PIN is wrong");
    assert!(tree(&dir) == before);
}

/// doctor proves each token key is its certificate's: records pointing at another CA's
/// key (the root's and the namespace CA's swapped in tcerts.toml) are caught.
#[test]
fn doctor_catches_a_token_key_that_is_not_the_certificates() {
    let Some(hsm) = SoftHsm::new("doctor_catches_a_token_key_that_is_not_the_certificates") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    hsm.tcerts(&dir, &["init", "--org", "Acme", "--key-store", KEY_STORE])
        .succeeds();
    hsm.tcerts(&dir, &["namespace", "add", "payments"])
        .succeeds();
    hsm.tcerts(&dir, &["--json", "list"]).succeeds().json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "ca")
        .for_each(|e| {
            assert!(
                e["key"]
                    .as_str()
                    .is_some_and(|k| k.starts_with("pkcs11:token=tcerts-test;")),
                "{e}"
            );
        });
    let uris = recorded_uris(&dir);
    let path = dir.join("tcerts.toml");
    let text = fs::read_to_string(&path).unwrap();
    let swapped = text
        .replace(&uris[0], "SWAP")
        .replace(&uris[2], &uris[0])
        .replace("SWAP", &uris[2]);
    fs::write(&path, swapped).unwrap();
    let run = hsm.tcerts(&dir, &["doctor"]).fails_with(1);
    assert_eq!(
        run.stdout().matches("ca-key-token-mismatch").count(),
        2,
        "{}",
        run.stdout()
    );
    hsm.tcerts(
        &dir,
        &["issue", "worker", "--name", "w", "--namespace", "payments"],
    )
    .fails_with(2)
    .stderr_has("does not match");

    // A recorded URI that is no PKCS#11 URI at all (a bad hand edit): named, not guessed.
    let text = fs::read_to_string(&path).unwrap();
    let broken = text.replacen(&uris[0], "not-a-pkcs11-uri", 1);
    fs::write(&path, broken).unwrap();
    hsm.tcerts(&dir, &["doctor"])
        .fails_with(1)
        .stdout_has("ca-key-uri-invalid");
}

/// A CA key that can leave the token: the namespace CA's file key imported by hand with
/// pkcs11-tool as an extractable object and recorded in tcerts.toml as tcerts records
/// token keys. doctor reports `ca-key-extractable` naming the URI (not a mismatch: the
/// object is the certificate's key, and issuance signs with it for OpenSSL); the same
/// key imported sensitive and non-extractable is only a warning that copies may exist.
#[test]
fn doctor_reports_a_ca_key_the_token_lets_out() {
    let Some(hsm) = SoftHsm::new("doctor_reports_a_ca_key_the_token_lets_out") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    hsm.tcerts(&dir, &["init", "--org", "Acme"]).succeeds();
    hsm.tcerts(&dir, &["namespace", "add", "payments"])
        .succeeds();
    let ns = dir.join("ca/namespaces/payments");
    let t = tmp.path();
    let p = |n: &str| t.join(n).to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let (ok, out) = openssl(args);
        assert!(ok, "openssl {args:?}: {out}");
        out
    };
    // The key as PKCS#8 DER and the certificate's public key as SubjectPublicKeyInfo DER,
    // the forms pkcs11-tool --write-object reads.
    run(&[
        "pkey",
        "-in",
        &ns.join("key.pem").to_string_lossy(),
        "-outform",
        "DER",
        "-out",
        &p("key.der"),
    ]);
    let pem = run(&[
        "x509",
        "-noout",
        "-pubkey",
        "-in",
        &ns.join("cert.pem").to_string_lossy(),
    ]);
    fs::write(t.join("pub.pem"), pem).unwrap();
    run(&[
        "pkey",
        "-pubin",
        "-in",
        &p("pub.pem"),
        "-outform",
        "DER",
        "-out",
        &p("pub.der"),
    ]);
    // tcerts finds a token key by the SHA-256 of the certificate's subjectPublicKey: for
    // P-256 the 65-byte uncompressed point that ends the 91-byte SubjectPublicKeyInfo.
    let spki = fs::read(t.join("pub.der")).unwrap();
    assert_eq!(spki.len(), 91, "not a P-256 SubjectPublicKeyInfo");
    let point = &spki[spki.len() - 65..];
    assert_eq!(point[0], 0x04, "not an uncompressed EC point");
    fs::write(t.join("point"), point).unwrap();
    let digest = run(&["dgst", "-sha256", "-r", &p("point")]);
    let fingerprint = digest.split_whitespace().next().unwrap().to_string();
    assert_eq!(fingerprint.len(), 64, "{digest}");

    let (key_der, pub_der) = (p("key.der"), p("pub.der"));
    let import = |label: &str, id: &str, extractable: bool| {
        let mut args = vec![
            "--login",
            "--pin",
            PIN,
            "--write-object",
            &key_der,
            "--type",
            "privkey",
            "--usage-sign",
            "--label",
            label,
            "--id",
            id,
        ];
        if extractable {
            args.push("--extractable");
        }
        hsm.pkcs11_tool(&args);
        hsm.pkcs11_tool(&[
            "--login",
            "--pin",
            PIN,
            "--write-object",
            &pub_der,
            "--type",
            "pubkey",
            "--label",
            label,
            "--id",
            id,
        ]);
    };
    import("leaky", "99", true);
    import("imported", "98", false);
    let keys = hsm.private_keys();
    assert!(
        keys["leaky"].contains("extractable") && !keys["leaky"].contains("never extractable"),
        "{keys:?}"
    );
    assert!(!keys["imported"].contains("extractable"), "{keys:?}");

    // The key now lives only in the token, recorded as tcerts records it.
    fs::remove_file(ns.join("key.pem")).unwrap();
    let leaky = format!("pkcs11:token={TOKEN};object=leaky;id=%99;type=private");
    let config = dir.join("tcerts.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[[ca_key]]\nca = \"O=Acme, OU=payments, CN=Acme Temporal payments CA G1\"\npublic_key_sha256 = \"{fingerprint}\"\nuri = \"{leaky}\"\n"
    ));
    fs::write(&config, &text).unwrap();
    assert_eq!(recorded_uris(&dir), vec![leaky.clone()]);

    let doctor = hsm
        .tcerts(&dir, &["doctor"])
        .fails_with(1)
        .stdout_has("ca-key-extractable")
        .stdout_has(&format!("the token key {leaky} can leave the token"))
        .stdout_has("CKA_EXTRACTABLE=true")
        .stdout_has("tcerts ca rotate --namespace payments --key-store pkcs11:token=tcerts-test");
    for other in [
        "ca-key-token-mismatch",
        "ca-key-object-missing",
        "ca-key-token-unreachable",
        "ca-key-in-token",
    ] {
        assert!(!doctor.stdout().contains(other), "{}", doctor.stdout());
    }
    // It is the CA's key: a worker certificate signed through the token verifies.
    hsm.tcerts(
        &dir,
        &["issue", "worker", "--name", "w1", "--namespace", "payments"],
    )
    .succeeds();
    verify(&dir, "w1", "sslclient");

    // The same key imported sensitive and non-extractable: in the token now, but a
    // warning, since it was outside before. (tcerts.toml read again: issue recorded w1.)
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace(
            &leaky,
            "pkcs11:token=tcerts-test;object=imported;id=%98;type=private",
        ),
    )
    .unwrap();
    let doctor = hsm
        .tcerts(&dir, &["doctor"])
        .succeeds()
        .stdout_has("warning ca-key-in-token")
        .stdout_has("it was extractable or not sensitive at some point (imported?)");
    assert!(
        !doctor.stdout().contains("ca-key-extractable"),
        "{}",
        doctor.stdout()
    );
}

#[test]
fn a_pin_source_file_stands_in_for_the_environment() {
    let Some(hsm) = SoftHsm::new("a_pin_source_file_stands_in_for_the_environment") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    let pin_file = tmp.path().join("pin");
    fs::write(&pin_file, format!("{PIN}\n")).unwrap();
    let store = format!(
        "pkcs11:token={TOKEN}?pin-source=file:{}",
        pin_file.display()
    );
    let no_env = |args: &[&str]| {
        Test::new(&dir)
            .args(args)
            .env("SOFTHSM2_CONF", &hsm.conf)
            .env("TCERTS_PKCS11_MODULE", MODULE)
            .env_remove("TCERTS_PKCS11_PIN")
    };
    no_env(&["init", "--org", "Acme", "--key-store", &store]).succeeds();
    no_env(&["issue", "cli", "--name", "ops"]).succeeds();
    verify(&dir, "ops", "sslclient");
    // The file's path is recorded, never its content.
    let text = fs::read_to_string(dir.join("tcerts.toml")).unwrap();
    assert!(text.contains("pin-source=file:"), "{text}");
    assert!(!text.contains(PIN));
    // A wrong PIN in the file: exit 2, naming the URI.
    fs::write(&pin_file, "0000\n").unwrap();
    no_env(&["issue", "cli", "--name", "ops2"])
        .fails_with(2)
        .stderr_has("pin-source=file:")
        .stderr_has("PIN is wrong");
    // The --pkcs11-module flag stands in for TCERTS_PKCS11_MODULE.
    fs::write(&pin_file, format!("{PIN}\n")).unwrap();
    Test::new(&dir)
        .args(&["--pkcs11-module", MODULE, "issue", "cli", "--name", "ops3"])
        .env("SOFTHSM2_CONF", &hsm.conf)
        .env_remove("TCERTS_PKCS11_PIN")
        .env_remove("TCERTS_PKCS11_MODULE")
        .succeeds();
    Test::new(&dir)
        .args(&["issue", "cli", "--name", "ops4"])
        .env("SOFTHSM2_CONF", &hsm.conf)
        .env_remove("TCERTS_PKCS11_PIN")
        .env_remove("TCERTS_PKCS11_MODULE")
        .fails_with(2)
        .stderr_has("no PKCS#11 module");
}

/// `init --external-root --key-store`: the issuing CA's key is made in the token and signs
/// its own CSR there; the enterprise root (openssl here) signs it, `ca import` takes it,
/// and issuance signs in the token.
#[test]
fn an_enterprise_signed_issuing_ca_keeps_its_key_in_the_token() {
    let Some(hsm) = SoftHsm::new("an_enterprise_signed_issuing_ca_keeps_its_key_in_the_token")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pki");
    hsm.tcerts(
        &dir,
        &[
            "init",
            "--org",
            "Acme",
            "--external-root",
            "--key-type",
            "rsa-3072",
            "--key-store",
            KEY_STORE,
        ],
    )
    .succeeds();
    assert!(!dir.join("ca/intermediate/key.pem").exists());
    let csr = dir.join("ca/intermediate/csr.pem");
    let (ok, text) = openssl(&["req", "-verify", "-noout", "-in", &csr.to_string_lossy()]);
    assert!(ok, "the CSR signed in the token does not verify: {text}");
    let t = tmp.path();
    let p = |n: &str| t.join(n).to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let (ok, out) = openssl(args);
        assert!(ok, "openssl {args:?}: {out}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &p("ent.key"),
        "-out",
        &p("ent.pem"),
        "-subj",
        "/O=Corp/CN=Corp Root",
        "-days",
        "3650",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
    ]);
    fs::write(
        t.join("ca.ext"),
        "basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        &csr.to_string_lossy(),
        "-CA",
        &p("ent.pem"),
        "-CAkey",
        &p("ent.key"),
        "-CAcreateserial",
        "-out",
        &p("signed.pem"),
        "-days",
        "1000",
        "-extfile",
        &p("ca.ext"),
    ]);
    hsm.tcerts(
        &dir,
        &["ca", "import", &p("signed.pem"), "--chain", &p("ent.pem")],
    )
    .succeeds();
    hsm.tcerts(&dir, &["issue", "frontend", "--dns", "temporal-frontend"])
        .succeeds();
    verify(&dir, "frontend", "sslserver");
    assert_eq!(key_files(&dir), vec!["certs/frontend/key.pem"]);
    hsm.tcerts(&dir, &["doctor"])
        .succeeds()
        .stdout_has("ca-key-in-token");
    hsm.tcerts(&dir, &["ca", "export-root-key", "--output", &p("root.key")])
        .fails_with(2);
}
