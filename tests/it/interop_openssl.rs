//! Every issued chain, for every key type and role, verified by OpenSSL — a verifier
//! nobody here wrote — with `-x509_strict` and the purpose the peer checks.

use crate::support;
use support::*;

const ROLES: [(&str, &[&str], &[&str]); 6] = [
    (
        "frontend",
        &[
            "--dns",
            "temporal-frontend",
            "--dns",
            "localhost",
            "--ip",
            "127.0.0.1",
        ],
        &["sslserver"],
    ),
    (
        "internode",
        &["--dns", "temporal-internode"],
        &["sslserver", "sslclient"],
    ),
    ("worker", &["--namespace", "payments"], &["sslclient"]),
    ("cli", &[], &["sslclient"]),
    ("server", &["--dns", "api.example.com"], &["sslserver"]),
    ("client", &[], &["sslclient"]),
];

fn issue_all_and_verify(key_type: &str) {
    let pki = Pki::init(&["--key-type", key_type]);
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    for (role, extra, purposes) in ROLES {
        let mut args = vec!["issue", role];
        args.extend_from_slice(extra);
        pki.tcerts(&args).succeeds().no_panic();
        for purpose in purposes {
            // Servers as their clients check them (ca.pem: the roots); clients as the
            // frontend checks them (trust/clients.pem: the issuing and namespace CAs).
            let (ok, text) = if *purpose == "sslclient" {
                openssl_verify_client(
                    &pki.path("trust/clients.pem"),
                    &pki.cert(role, "chain.pem"),
                    &pki.cert(role, "cert.pem"),
                )
            } else {
                pki.openssl_verify(role, purpose)
            };
            assert!(ok, "{key_type} {role} {purpose}: {text}");
        }
    }
    // The check can fail: a client-only certificate is not a server certificate.
    let (ok, _) = openssl_verify(
        &pki.path("ca/namespaces/payments/cert.pem"),
        &pki.cert("worker", "chain.pem"),
        &pki.cert("worker", "cert.pem"),
        "sslserver",
    );
    assert!(!ok, "a worker certificate must not verify as a TLS server");
    // And a chain from another PKI does not verify against this root.
    let other = Pki::init(&["--key-type", key_type]);
    other.tcerts(&["issue", "cli"]).succeeds();
    let (ok, _) = openssl_verify_client(
        &pki.path("trust/clients.pem"),
        &other.cert("cli", "chain.pem"),
        &other.cert("cli", "cert.pem"),
    );
    assert!(!ok, "another PKI's certificate must not verify");
}

#[test]
fn ecdsa_p256_chains_verify() {
    issue_all_and_verify("ecdsa-p256");
}

#[test]
fn ecdsa_p384_chains_verify() {
    issue_all_and_verify("ecdsa-p384");
}

#[test]
fn rsa_2048_chains_verify() {
    issue_all_and_verify("rsa-2048");
}

#[test]
fn rsa_3072_chains_verify() {
    issue_all_and_verify("rsa-3072");
}

#[test]
fn rsa_4096_chains_verify() {
    issue_all_and_verify("rsa-4096");
}

#[test]
fn ed25519_chains_verify() {
    issue_all_and_verify("ed25519");
}

#[test]
fn leaf_key_type_can_differ_from_the_ca() {
    let pki = Pki::init(&[]);
    pki.tcerts(&[
        "issue",
        "server",
        "--name",
        "rsa-leaf",
        "--dns",
        "x.example",
        "--key-type",
        "rsa-2048",
    ])
    .succeeds();
    let text = openssl_text(&pki.cert("rsa-leaf", "cert.pem"));
    assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
    assert!(
        text.contains("Digital Signature, Key Encipherment"),
        "{text}"
    );
    let (ok, t) = pki.openssl_verify("rsa-leaf", "sslserver");
    assert!(ok, "{t}");
}

/// The extensions each role carries, as OpenSSL prints them.
#[test]
fn extensions_are_exactly_what_temporal_needs() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments.a1b2c"])
        .succeeds();
    pki.tcerts(&[
        "issue",
        "internode",
        "--dns",
        "temporal-internode",
        "--ip",
        "10.0.0.7",
    ])
    .succeeds();
    pki.tcerts(&[
        "issue",
        "worker",
        "--name",
        "pay-worker",
        "--namespace",
        "payments.a1b2c",
    ])
    .succeeds();
    pki.tcerts(&["issue", "frontend", "--dns", "temporal-frontend"])
        .succeeds();

    let t = openssl_text(&pki.cert("internode", "cert.pem"));
    for want in [
        "X509v3 Basic Constraints: critical\n                CA:FALSE",
        "X509v3 Key Usage: critical\n                Digital Signature\n",
        "TLS Web Server Authentication, TLS Web Client Authentication",
        "DNS:temporal-internode, IP Address:10.0.0.7",
        "X509v3 Subject Key Identifier",
        "X509v3 Authority Key Identifier",
        "Subject: O = Acme, CN = internode",
        "Issuer: O = Acme, CN = Acme Temporal Issuing CA G1",
    ] {
        assert!(t.contains(want), "internode lacks {want:?}:\n{t}");
    }
    let t = openssl_text(&pki.cert("frontend", "cert.pem"));
    assert!(t.contains("TLS Web Server Authentication\n"), "{t}");
    assert!(!t.contains("Client Authentication"), "{t}");

    let t = openssl_text(&pki.cert("pay-worker", "cert.pem"));
    assert!(
        t.contains("Subject: O = Acme, OU = payments.a1b2c, CN = pay-worker"),
        "{t}"
    );
    assert!(
        t.contains("TLS Web Client Authentication\n") && !t.contains("Server Authentication"),
        "{t}"
    );
    assert!(
        !t.contains("Subject Alternative Name"),
        "a worker needs no SAN:\n{t}"
    );
    assert!(
        t.contains(
            "Issuer: O = Acme, OU = payments.a1b2c, CN = Acme Temporal payments.a1b2c CA G1"
        ),
        "{t}"
    );
    // A random serial of 16 octets (at least 64 bits of entropy), never repeated.
    let serial = |name: &str| {
        openssl(&[
            "x509",
            "-noout",
            "-serial",
            "-in",
            &pki.cert(name, "cert.pem").to_string_lossy(),
        ])
        .1
    };
    let s = serial("pay-worker");
    assert_eq!(s.trim().trim_start_matches("serial=").len(), 32, "{s}");
    assert_ne!(s, serial("frontend"));

    let ca = openssl_text(&pki.path("ca/intermediate/cert.pem"));
    for want in [
        "CA:TRUE, pathlen:0",
        "Certificate Sign, CRL Sign",
        "X509v3 Authority Key Identifier",
    ] {
        assert!(ca.contains(want), "intermediate lacks {want:?}:\n{ca}");
    }
    let root = openssl_text(&pki.path("ca/root/cert.pem"));
    assert!(
        root.contains("CA:TRUE, pathlen:1") && root.contains("critical"),
        "{root}"
    );
}

/// A real TLS 1.3 handshake with client authentication: openssl s_server presents the
/// frontend certificate and requires a client certificate from the PKI's root; s_client
/// presents the worker chain.
#[test]
fn openssl_server_and_client_complete_mutual_tls() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};

    let pki = Pki::init(&[]).with_namespace("payments").with_frontend();
    pki.tcerts(&["issue", "worker", "--namespace", "payments"])
        .succeeds();
    let port = support::net::free_port();
    let s = |p: std::path::PathBuf| p.to_string_lossy().into_owned();
    let server = Command::new("openssl")
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-www"])
        .args([
            "-cert",
            &s(pki.cert("frontend", "cert.pem")),
            "-cert_chain",
            &s(pki.cert("frontend", "chain.pem")),
        ])
        .args([
            "-key",
            &s(pki.cert("frontend", "key.pem")),
            "-Verify",
            "4",
            "-verify_return_error",
        ])
        // The frontend's client trust: issuing and namespace CAs (partial chains).
        .args([
            "-CAfile",
            &s(pki.path("trust/clients.pem")),
            "-partial_chain",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    // Killed and reaped however the test ends.
    let server = support::process::ChildGuard::new(server);
    support::net::wait_for_port(port);
    let mut client = Command::new("timeout")
        .args([
            "20",
            "openssl",
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-servername",
            "localhost",
            "-ign_eof",
        ])
        .args([
            "-verify_hostname",
            "localhost",
            "-verify_return_error",
            "-CAfile",
            &s(pki.cert("worker", "ca.pem")),
        ])
        .args([
            "-cert",
            &s(pki.cert("worker", "cert.pem")),
            "-cert_chain",
            &s(pki.cert("worker", "chain.pem")),
        ])
        .args(["-key", &s(pki.cert("worker", "key.pem"))])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl s_client");
    client
        .stdin
        .take()
        .unwrap()
        .write_all(b"GET / HTTP/1.0\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    client
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = client.wait().unwrap();
    drop(server);
    assert!(status.success(), "s_client failed:\n{out}");
    assert!(out.contains("Verify return code: 0 (ok)"), "{out}");
    // s_server -www answers with the session it negotiated, client certificate included.
    assert!(
        out.contains("Client certificate")
            || out.contains("CN = worker")
            || out.contains("CN=worker"),
        "{out}"
    );
}
