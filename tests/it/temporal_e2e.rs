//! End-to-end: certificates issued by `tcerts` against the real Temporal CLI.
//!
//! A real `temporal server start-dev` runs behind nginx, which terminates mutual TLS
//! with a tcerts frontend certificate and accepts only client certificates that chain
//! to the tcerts root. The real `temporal` CLI (Go, grpc-go) then connects with
//! tcerts worker and cli certificates, which must work, and with certificates from
//! an unrelated PKI, which must be refused.
//!
//! Skipped (with a notice) when `temporal` or `nginx` is missing, unless
//! `TCERTS_REQUIRE_E2E` is set, as it is in CI (`.ci/run`);
//! `scripts/install-test-deps.sh` installs both.

use crate::support::temporal;

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use temporal::{DevServer, Nginx, assert_lists_default, assert_refused, namespace_list};

/// Generous: RSA key generation in a debug build on a loaded 2-core machine.
const TCERTS_TIMEOUT: Duration = Duration::from_secs(120);

/// One `tcerts --dir DIR` PKI.
struct Pki {
    dir: PathBuf,
}

/// The files `tcerts issue` writes to `DIR/certs/NAME/`.
struct Issued {
    /// Leaf certificate only.
    cert: PathBuf,
    /// Leaf followed by its intermediate CAs.
    chain: PathBuf,
    /// The root CA certificate.
    ca: PathBuf,
    /// PKCS#8 private key.
    key: PathBuf,
}

impl Pki {
    fn init(dir: PathBuf, org: &str, key_type: Option<&str>) -> Pki {
        let pki = Pki { dir };
        let mut args = vec!["init", "--org", org];
        if let Some(key_type) = key_type {
            args.extend(["--key-type", key_type]);
        }
        pki.tcerts(&args);
        assert!(
            pki.root().is_file(),
            "`tcerts init` did not write {}",
            pki.root().display()
        );
        pki
    }

    fn tcerts(&self, args: &[&str]) {
        let output = Command::cargo_bin("tcerts")
            .unwrap_or_else(|e| panic!("the tcerts binary is not built: {e}"))
            .arg("--dir")
            .arg(&self.dir)
            .args(args)
            .env("NO_COLOR", "1")
            .timeout(TCERTS_TIMEOUT)
            .output()
            .unwrap_or_else(|e| panic!("cannot run tcerts {}: {e}", args.join(" ")));
        assert!(
            output.status.success(),
            "`tcerts --dir {} {}` failed ({})\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.dir.display(),
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// `tcerts issue ROLE --name NAME [extra...]`, returning the files it wrote.
    fn issue(&self, role: &str, name: &str, extra: &[&str]) -> Issued {
        let mut args = vec!["issue", role, "--name", name];
        args.extend_from_slice(extra);
        self.tcerts(&args);
        let dir = self.dir.join("certs").join(name);
        let issued = Issued {
            cert: dir.join("cert.pem"),
            chain: dir.join("chain.pem"),
            ca: dir.join("ca.pem"),
            key: dir.join("key.pem"),
        };
        for file in [&issued.cert, &issued.chain, &issued.ca, &issued.key] {
            assert!(
                file.is_file(),
                "`tcerts {}` did not write {}",
                args.join(" "),
                file.display()
            );
        }
        issued
    }

    fn root(&self) -> PathBuf {
        self.dir.join("ca/root/cert.pem")
    }
}

/// The whole scenario for one key type (`None`: tcerts' default).
///
/// `frontend_key_type` overrides the key type of the frontend (server) certificate
/// only, for key encodings that nginx's OpenSSL cannot load but Temporal's Go
/// frontend can.
fn mtls_against_real_temporal(
    test_name: &str,
    key_type: Option<&str>,
    frontend_key_type: Option<&str>,
) {
    let Some(_tools) = temporal::require_tools(test_name) else {
        return;
    };
    let label = key_type.unwrap_or("default key type");
    let scratch_dir = tempfile::Builder::new()
        .prefix("tcerts-e2e-")
        .tempdir()
        .unwrap_or_else(|e| panic!("cannot create a scratch dir: {e}"));
    let scratch = scratch_dir.path();

    // PKI A: the deployment's own.
    let a = Pki::init(scratch.join("pki-a"), "Acme Payments", key_type);
    let mut frontend_args = vec!["--dns", "localhost", "--ip", "127.0.0.1"];
    if let Some(frontend_key_type) = frontend_key_type {
        frontend_args.extend(["--key-type", frontend_key_type]);
    }
    let frontend = a.issue("frontend", "frontend", &frontend_args);
    a.tcerts(&["namespace", "add", "payments"]);
    let worker = a.issue("worker", "w1", &["--namespace", "payments"]);
    let ops = a.issue("cli", "ops", &[]);

    // PKI B: an independent CA with the same shape and the same names, so only
    // keys and signatures tell the two apart.
    let b = Pki::init(scratch.join("pki-b"), "Acme Payments", key_type);
    b.tcerts(&["namespace", "add", "payments"]);
    let intruder = b.issue("worker", "w1", &["--namespace", "payments"]);

    // nginx's OpenSSL anchors only on self-signed certificates: A's root (for the cli
    // certificate, under the issuing CA) and the payments namespace's own root.
    // (Temporal's own frontend, Go, takes trust/clients.pem: see tests/trust_model.rs.)
    let client_cas = scratch.join("nginx-client-cas.pem");
    std::fs::write(
        &client_cas,
        std::fs::read_to_string(a.root()).unwrap()
            + &std::fs::read_to_string(a.dir.join("ca/namespaces/payments/cert.pem")).unwrap(),
    )
    .unwrap();
    let server = DevServer::start(scratch);
    let nginx = Nginx::start(
        scratch,
        &frontend.chain,
        &frontend.key,
        &client_cas,
        server.port,
    );

    // A's worker (under the per-namespace CA) and A's cli certificate get in.
    let out = namespace_list(&nginx, &worker.chain, &worker.key, &worker.ca);
    assert_lists_default(&format!("[{label}] worker w1 of PKI A"), &out);
    let out = namespace_list(&nginx, &ops.chain, &ops.key, &ops.ca);
    assert_lists_default(&format!("[{label}] cli ops of PKI A"), &out);

    // B's worker is refused. The CLI trusts A's root here, so the TLS server side is
    // fine and only the client certificate can be the reason. Go sends a client
    // certificate only if an issuer name on its chain is among the CA names the
    // server asked for; B's names equal A's, so it is sent and nginx's verification
    // fails ("unable to get local issuer certificate"). nginx answers with HTTP 400
    // "The SSL certificate error" (or "No required SSL certificate was sent" when
    // the names differ and Go sends nothing) rather than a TLS alert.
    let out = namespace_list(&nginx, &intruder.chain, &intruder.key, &a.root());
    assert_refused(
        &format!("[{label}] worker w1 of PKI B"),
        &out,
        &["SSL certificate"],
    );
    let log = nginx.error_log();
    assert!(
        log.contains("client sent no required SSL certificate")
            || log.contains("client SSL certificate verify error"),
        "[{label}] nginx did not log a client certificate rejection:\n{log}"
    );

    // The leaf alone (cert.pem) is not enough for a certificate under an intermediate:
    // its issuer is not a CA the server lists, so Go does not send it. This is why
    // clients must be given chain.pem.
    let out = namespace_list(&nginx, &ops.cert, &ops.key, &ops.ca);
    assert_refused(
        &format!("[{label}] cli ops of PKI A, leaf only"),
        &out,
        &["SSL certificate"],
    );

    // And the server side is really verified: a client trusting only B's root
    // rejects A's frontend certificate.
    let out = namespace_list(&nginx, &worker.chain, &worker.key, &intruder.ca);
    assert_refused(
        &format!("[{label}] server verified against PKI B's root"),
        &out,
        &["unknown authority"],
    );

    drop(nginx);
    drop(server);
}

#[test]
fn default_key_type_certificates_work_with_real_temporal_cli() {
    mtls_against_real_temporal(
        "default_key_type_certificates_work_with_real_temporal_cli",
        None,
        None,
    );
}

#[test]
fn rsa_2048_certificates_work_with_real_temporal_cli() {
    mtls_against_real_temporal(
        "rsa_2048_certificates_work_with_real_temporal_cli",
        Some("rsa-2048"),
        None,
    );
}

#[test]
fn ecdsa_p384_certificates_work_with_real_temporal_cli() {
    mtls_against_real_temporal(
        "ecdsa_p384_certificates_work_with_real_temporal_cli",
        Some("ecdsa-p384"),
        None,
    );
}

/// Ed25519 throughout, the frontend key included: tcerts writes Ed25519 keys as PKCS#8
/// v1, which the OpenSSL 3.0 inside Debian 12's nginx reads (it refuses the v2 form).
#[test]
fn ed25519_certificates_work_with_real_temporal_cli() {
    mtls_against_real_temporal(
        "ed25519_certificates_work_with_real_temporal_cli",
        Some("ed25519"),
        None,
    );
}

/// An RSA frontend in front of ECDSA clients: the leaf key type is per certificate.
#[test]
fn mixed_key_types_work_with_real_temporal_cli() {
    mtls_against_real_temporal(
        "mixed_key_types_work_with_real_temporal_cli",
        None,
        Some("rsa-2048"),
    );
}
