//! `tcerts doctor --connect` and `tcerts inspect --connect` against loopback servers:
//! `openssl s_server -Verify` and a small rustls server, with the fixtures' certificates.

use crate::support;
use support::*;

use crate::support::temporal;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

const NOW: &str = "2027-06-01T00:00:00Z";

use support::fixture::{doctor_fixture as fx, doctor_fixture_str as fxs};
use support::net::{free_port, wait_for_port};
use support::process::ChildGuard;

/// The PEM blocks of a fixture file, as (first certificate, the rest) temp files.
fn split_chain(dir: &Path, rel: &str) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(fx(rel)).unwrap().replace('\r', "");
    let blocks: Vec<&str> = text
        .split_inclusive("-----END CERTIFICATE-----\n")
        .filter(|b| b.contains("BEGIN CERTIFICATE"))
        .map(|b| &b[b.find("-----BEGIN").unwrap()..])
        .collect();
    let name = rel.replace('/', "_");
    let leaf = dir.join(format!("{name}.leaf"));
    let rest = dir.join(format!("{name}.rest"));
    std::fs::write(&leaf, blocks[0]).unwrap();
    std::fs::write(&rest, blocks[1..].concat()).unwrap();
    (leaf, rest)
}

/// `openssl s_server` on 127.0.0.1, killed on drop.
struct SServer {
    _child: ChildGuard,
    port: u16,
    _tmp: tempfile::TempDir,
}

/// Serves `case`/chain.pem with its key; `verify` asks client certificates from ca.pem's CA.
fn s_server(case: &str, verify: bool, alpn: bool) -> SServer {
    s_server_logged(case, verify, alpn, None)
}

/// `s_server`, with its stdout (what it received from clients) in `log` when given.
fn s_server_logged(case: &str, verify: bool, alpn: bool, log: Option<&Path>) -> SServer {
    let tmp = tempfile::tempdir().unwrap();
    let (leaf, rest) = split_chain(tmp.path(), &format!("{case}/chain.pem"));
    let key = tmp.path().join("key.pem");
    // s_server does not skip a UTF-8 BOM; give it the key as openssl writes it.
    let (ok, text) = openssl(&[
        "pkey",
        "-in",
        &fxs(&format!("{case}/key.pem")),
        "-out",
        &key.to_string_lossy(),
    ]);
    assert!(ok, "{text}");
    let port = free_port();
    let mut cmd = Command::new("openssl");
    cmd.args(["s_server", "-quiet", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(&leaf)
        .arg("-key")
        .arg(&key);
    if std::fs::metadata(&rest)
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        cmd.arg("-cert_chain").arg(&rest);
    }
    if verify {
        cmd.args(["-Verify", "2", "-verify_return_error", "-CAfile"])
            .arg(fx("healthy-ecdsa-client/ca.pem"));
    }
    if alpn {
        cmd.args(["-alpn", "h2"]);
    }
    match log {
        Some(l) => {
            // Not -quiet: s_server prints the client certificate it got, or why none.
            let args: Vec<_> = cmd
                .get_args()
                .filter(|a| *a != "-quiet")
                .map(ToOwned::to_owned)
                .collect();
            let mut c = Command::new("openssl");
            c.args(args);
            let f = std::fs::File::create(l).unwrap();
            c.stdout(f.try_clone().unwrap()).stderr(f);
            cmd = c;
        }
        None => {
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
        }
    }
    let child = cmd.stdin(Stdio::piped()).spawn().expect("openssl s_server");
    let server = SServer {
        _child: ChildGuard::new(child),
        port,
        _tmp: tmp,
    };
    wait_for_port(port);
    server
}

/// `tcerts doctor --connect 127.0.0.1:PORT ARGS --json`, bounded by --timeout.
fn connect(port: u16, args: &[&str]) -> (i32, Value) {
    let addr = format!("127.0.0.1:{port}");
    let run = Test::bare()
        .args(&["doctor", "--json", "--timeout", "5", "--connect", &addr])
        .args(args)
        .env("TCERTS_NOW", NOW)
        .run()
        .no_panic();
    (run.out.status.code().unwrap_or(-1), run.json())
}

fn codes(doc: &Value) -> Vec<(String, String)> {
    doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            g["findings"].as_array().unwrap().iter().map(move |f| {
                (
                    g["certificate"].as_str().unwrap().to_string(),
                    f["code"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

fn has(doc: &Value, group: &str, code: &str) -> bool {
    codes(doc).iter().any(|(g, c)| g == group && c == code)
}

fn client(case: &str) -> Vec<String> {
    vec![
        "--cert".into(),
        fxs(&format!("{case}/chain.pem")),
        "--key".into(),
        fxs(&format!("{case}/key.pem")),
    ]
}

/// The client `case`'s files, trusting the healthy server's CA and checking `server_name`.
fn client_trusting(case: &str, server_name: &str) -> Vec<String> {
    let mut a = client(case);
    a.extend([
        "--ca".into(),
        fxs("healthy-ecdsa-server/ca.pem"),
        "--server-name".into(),
        server_name.into(),
    ]);
    a
}

fn args_of(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn good_args() -> Vec<String> {
    client_trusting("healthy-ecdsa-client", "frontend.example")
}

#[test]
fn s_server_good_handshake_has_no_findings() {
    let srv = s_server("healthy-ecdsa-server", true, true);
    let (status, doc) = connect(srv.port, &args_of(&good_args()));
    assert_eq!(codes(&doc), Vec::<(String, String)>::new(), "{doc:#}");
    assert_eq!(status, 0);
    let c = &doc["connection"];
    assert_eq!(c["completed"], true);
    assert_eq!(c["tls_version"], "TLSv1.3");
    assert_eq!(c["alpn"], "h2");
    assert_eq!(c["client_cert_requested"], true);
    assert_eq!(c["client_cert_sent"], true);
    assert_eq!(c["requested_cas"][0], "O=Fixture, CN=Fixture Root CA");
    assert_eq!(c["server_chain"].as_array().unwrap().len(), 2);
    assert_eq!(c["server_chain"][0]["subject"], "O=Fixture, CN=frontend");
}

/// Without --ca the server's chain is not judged, and doctor says so (an info, exit 0).
#[test]
fn s_server_without_ca_is_a_note_no_ca_given() {
    let srv = s_server("healthy-ecdsa-server", false, true);
    let (status, doc) = connect(srv.port, &["--server-name", "frontend.example"]);
    assert_eq!(
        codes(&doc),
        [("connection".to_string(), "no-ca-given".to_string())],
        "{doc:#}"
    );
    assert_eq!(doc["groups"][0]["findings"][0]["severity"], "info");
    assert_eq!(status, 0);
}

#[test]
fn s_server_rejects_a_client_certificate_without_client_auth() {
    // Issued by the listed CA, but a server certificate: OpenSSL refuses its purpose.
    let srv = s_server("healthy-ecdsa-server", true, true);
    let a = client_trusting("name-mismatch", "frontend.example");
    let (status, doc) = connect(srv.port, &args_of(&a));
    assert!(has(&doc, "connection", "handshake-rejected"), "{doc:#}");
    assert!(
        has(&doc, "client chain.pem #1", "eku-missing")
            || codes(&doc)
                .iter()
                .any(|(g, c)| g.ends_with("chain.pem #1") && c == "eku-missing"),
        "{doc:#}"
    );
    assert!(!has(&doc, "connection", "client-cert-not-sent"), "{doc:#}");
    assert!(doc["connection"]["alert"].is_string(), "{doc:#}");
    assert_eq!(status, 1);
}

#[test]
fn s_server_with_a_client_from_an_unlisted_ca() {
    let srv = s_server("healthy-ecdsa-server", true, true);
    let a = client_trusting("unknown-issuer", "frontend.example");
    let (status, doc) = connect(srv.port, &args_of(&a));
    assert!(has(&doc, "connection", "client-cert-not-sent"), "{doc:#}");
    assert!(has(&doc, "connection", "handshake-rejected"), "{doc:#}");
    assert_eq!(doc["connection"]["alert"], "unknown_ca", "{doc:#}");
    assert_eq!(status, 1);
}

#[test]
fn s_server_name_mismatch_and_missing_client_certificate() {
    let srv = s_server("healthy-ecdsa-server", true, true);
    let (status, doc) = connect(
        srv.port,
        &[
            "--ca",
            &fxs("healthy-ecdsa-server/ca.pem"),
            "--server-name",
            "wrong.example",
        ],
    );
    assert!(has(&doc, "server #1", "name-mismatch"), "{doc:#}");
    assert!(has(&doc, "connection", "client-cert-not-sent"), "{doc:#}");
    assert!(has(&doc, "connection", "handshake-rejected"), "{doc:#}");
    assert_eq!(status, 1);
}

#[test]
fn s_server_expired_server_certificate_and_no_h2() {
    // Valid for OpenSSL today; expired at NOW, which doctor uses.
    let srv = s_server("expired", false, false);
    let mut a = client("healthy-ecdsa-client");
    a.extend([
        "--ca".into(),
        fxs("expired/ca.pem"),
        "--server-name".into(),
        "localhost".into(),
    ]);
    let (status, doc) = connect(srv.port, &args_of(&a));
    assert!(has(&doc, "server #1", "expired"), "{doc:#}");
    assert!(has(&doc, "connection", "no-h2"), "{doc:#}");
    assert!(
        has(&doc, "connection", "client-cert-not-requested"),
        "{doc:#}"
    );
    assert_eq!(status, 1);
}

#[test]
fn inspect_connect_shows_the_server_chain() {
    let srv = s_server("healthy-ecdsa-server", false, true);
    let run = Test::bare()
        .args(&[
            "inspect",
            "--timeout",
            "5",
            "--connect",
            &format!("127.0.0.1:{}", srv.port),
        ])
        .succeeds();
    let out = run.stdout();
    assert!(
        out.contains("server #1") && out.contains("server #2"),
        "{out}"
    );
    assert!(out.contains("DNS:frontend.example"), "{out}");
    assert!(out.contains("ALPN h2"), "{out}");
}

/// Issue #11: nothing listening is a diagnosis (connection-refused, exit 1) with the fix,
/// not a usage error. OpenSSL's s_client confirms that nothing accepts connections there.
#[test]
fn nothing_listening_is_connection_refused_exit_1() {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let (ok, text) = openssl(&["s_client", "-connect", &addr, "-brief"]);
    assert!(!ok && text.to_lowercase().contains("refused"), "{text}");
    let start = Instant::now();
    let run = Test::bare()
        .args(&["doctor", "--json", "--timeout", "5", "--connect", &addr])
        .run()
        .no_panic();
    let (status, doc) = (run.out.status.code().unwrap_or(-1), run.json());
    assert_eq!(status, 1, "{doc:#}");
    assert!(has(&doc, "connection", "connection-refused"), "{doc:#}");
    let f = &doc["groups"][0]["findings"][0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("nothing is listening"),
        "{f:#}"
    );
    let fix = f["fix"].as_str().unwrap();
    assert!(
        fix.contains("7233") && fix.contains("frontend is up"),
        "{fix}"
    );
    assert!(start.elapsed() < Duration::from_secs(5), "refused at once");
    // In words too, exit 1.
    Test::bare()
        .args(&["doctor", "--timeout", "5", "--connect", &addr])
        .fails_with(1)
        .stdout_has("connection-refused")
        .no_panic();
    // A bad address is still a usage error.
    Test::bare()
        .args(&["doctor", "--connect", "no-port-here"])
        .fails_with(2)
        .stderr_has("expected HOST:PORT")
        .no_panic();
}

/// A name no resolver knows (.invalid is reserved, RFC 6761) is dns-failure, exit 1.
#[test]
fn an_unresolvable_name_is_dns_failure_exit_1() {
    let run = Test::bare()
        .args(&[
            "doctor",
            "--json",
            "--timeout",
            "10",
            "--connect",
            "temporal-frontend.tcerts-test.invalid:7233",
        ])
        .run()
        .no_panic();
    let (status, doc) = (run.out.status.code().unwrap_or(-1), run.json());
    assert_eq!(status, 1, "{doc:#}");
    assert!(has(&doc, "connection", "dns-failure"), "{doc:#}");
    let fix = doc["groups"][0]["findings"][0]["fix"].as_str().unwrap();
    assert!(
        fix.contains("getent hosts temporal-frontend.tcerts-test.invalid"),
        "{fix}"
    );
}

#[test]
fn a_server_that_never_answers_is_bounded_by_the_timeout() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let start = Instant::now();
    let run = Test::bare()
        .args(&[
            "doctor",
            "--json",
            "--timeout",
            "1",
            "--connect",
            &format!("127.0.0.1:{port}"),
        ])
        .run()
        .no_panic();
    let (status, doc) = (run.out.status.code().unwrap_or(-1), run.json());
    drop(l);
    assert!(has(&doc, "connection", "no-answer"), "{doc:#}");
    // Said in words (issue #10 finding 5), not "Resource temporarily unavailable (os error 11)".
    let err = doc["connection"]["error"].as_str().unwrap_or_default();
    assert!(err.contains("no answer within 1 s"), "{doc:#}");
    assert!(!err.contains("os error"), "{doc:#}");
    assert_eq!(status, 1);
    assert!(start.elapsed() < Duration::from_secs(30));
}

/// A slow-loris TLS server: it answers the ClientHello with a handshake record header that
/// announces 16 KB, then sends one byte per second. Bounded: it stops after 120 bytes or as
/// soon as the client is gone.
fn slow_loris() -> (u16, JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let Ok((mut s, _)) = l.accept() else { return };
        let mut hello = [0u8; 4096];
        let _ = s.read(&mut hello);
        if s.write_all(&[0x16, 0x03, 0x03, 0x40, 0x00]).is_err() {
            return;
        }
        for _ in 0..120 {
            std::thread::sleep(Duration::from_secs(1));
            if s.write_all(&[0x02]).is_err() {
                return;
            }
        }
    });
    (port, h)
}

/// Issue #10 finding 5: --timeout is one deadline for the whole probe. A server that
/// trickles its handshake one byte per second (each read succeeds within a per-read
/// timeout) is cut off at the deadline by doctor and by inspect, which say what happened.
#[test]
fn a_slow_loris_server_is_cut_off_at_the_deadline() {
    // doctor --connect --timeout 2
    let (port, server) = slow_loris();
    let start = Instant::now();
    let run = Test::bare()
        .args(&[
            "doctor",
            "--json",
            "--timeout",
            "2",
            "--connect",
            &format!("127.0.0.1:{port}"),
        ])
        .run()
        .no_panic();
    let took = start.elapsed();
    let (status, doc) = (run.out.status.code().unwrap_or(-1), run.json());
    assert_eq!(status, 1, "{doc:#}");
    assert!(has(&doc, "connection", "handshake-failed"), "{doc:#}");
    let err = doc["connection"]["error"].as_str().unwrap_or_default();
    assert!(
        err.contains("no complete answer within 2 s") && err.contains("sent only"),
        "{doc:#}"
    );
    // A behaviour bound (the server would go on for 120 s), not a benchmark.
    assert!(took < Duration::from_secs(10), "doctor took {took:?}");
    server.join().unwrap();

    // inspect --connect --timeout 2
    let (port, server) = slow_loris();
    let start = Instant::now();
    Test::bare()
        .args(&[
            "inspect",
            "--timeout",
            "2",
            "--connect",
            &format!("127.0.0.1:{port}"),
        ])
        .fails_with(2)
        .stderr_has("no complete answer within 2 s")
        .no_panic();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "inspect took {took:?}");
    server.join().unwrap();
}

/// Issue #10 finding 14: the client certificate goes only to a server whose certificate
/// verified against --ca. A rogue server (its CA is one the user never trusted) asking
/// for client certificates (`s_server -Verify 1`) must not receive the chain, and doctor
/// says why; the same client against the trusted server does send it (the control).
#[test]
fn a_server_the_user_never_trusted_does_not_get_the_client_certificate() {
    let tmp = tempfile::tempdir().unwrap();
    let args = good_args();

    // The rogue server: frontend.example, but issued by "Other Root CA".
    let log = tmp.path().join("rogue.log");
    let rogue = s_server_logged("unknown-issuer", true, true, Some(&log));
    let (status, doc) = connect(rogue.port, &args_of(&args));
    std::thread::sleep(Duration::from_millis(300));
    drop(rogue);
    let seen = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!seen.contains("Client certificate"), "{seen}");
    assert!(!seen.contains("CN = worker"), "{seen}");
    assert!(seen.contains("peer did not return a certificate"), "{seen}");
    let c = &doc["connection"];
    assert_eq!(c["client_cert_requested"], true, "{doc:#}");
    assert_eq!(c["client_cert_sent"], false, "{doc:#}");
    assert!(
        c["client_cert_withheld"]
            .as_str()
            .unwrap_or_default()
            .contains("did not verify against --ca"),
        "{doc:#}"
    );
    assert!(has(&doc, "connection", "client-cert-withheld"), "{doc:#}");
    assert!(has(&doc, "server #1", "unknown-issuer"), "{doc:#}");
    assert_eq!(status, 1);

    // Without --ca nothing can be verified: withheld too, and said in the human output.
    let log = tmp.path().join("no-ca.log");
    let srv = s_server_logged("healthy-ecdsa-server", true, true, Some(&log));
    let run = Test::bare()
        .args(&[
            "doctor",
            "--timeout",
            "5",
            "--connect",
            &format!("127.0.0.1:{}", srv.port),
        ])
        .args(&args_of(&client("healthy-ecdsa-client")))
        .args(&["--server-name", "frontend.example"])
        .env("TCERTS_NOW", NOW)
        .run();
    std::thread::sleep(Duration::from_millis(300));
    drop(srv);
    let out = run.stdout();
    assert!(
        out.contains("client cert sent       no, withheld: no --ca was given"),
        "{out}"
    );
    assert!(out.contains("client-cert-withheld"), "{out}");
    let seen = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!seen.contains("Client certificate"), "{seen}");

    // The control: the trusted server receives it.
    let log = tmp.path().join("trusted.log");
    let good = s_server_logged("healthy-ecdsa-server", true, true, Some(&log));
    let (status, doc) = connect(good.port, &args_of(&args));
    std::thread::sleep(Duration::from_millis(300));
    drop(good);
    let seen = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(seen.contains("Client certificate"), "{seen}");
    assert!(seen.contains("CN = worker"), "{seen}");
    assert_eq!(doc["connection"]["client_cert_sent"], true, "{doc:#}");
    assert_eq!(status, 0, "{doc:#}");
}

// ---------- a rustls server, like Temporal's frontend: rejects in the handshake ----------

struct RustlsServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for RustlsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn rustls_server(case: &str) -> RustlsServer {
    use rustls::server::WebPkiClientVerifier;
    use tcerts::doctor::load_bytes;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let chain = load_bytes(
        "chain",
        &std::fs::read(fx(&format!("{case}/chain.pem"))).unwrap(),
    )
    .certs();
    let key = load_bytes(
        "key",
        &std::fs::read(fx(&format!("{case}/key.pem"))).unwrap(),
    )
    .keys()
    .next()
    .unwrap()
    .clone_key();
    let mut roots = rustls::RootCertStore::empty();
    for c in load_bytes(
        "ca",
        &std::fs::read(fx("healthy-ecdsa-client/ca.pem")).unwrap(),
    )
    .certs()
    {
        roots.add(c).unwrap();
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .unwrap();
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .unwrap();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    let thread = std::thread::spawn(move || {
        for sock in listener.incoming() {
            if stop2.load(Ordering::SeqCst) {
                break;
            }
            let Ok(mut sock) = sock else { continue };
            let _ = sock.set_read_timeout(Some(Duration::from_secs(5)));
            let Ok(mut conn) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut failed = false;
            while conn.is_handshaking() {
                if conn.complete_io(&mut sock).is_err() {
                    failed = true;
                    break;
                }
            }
            // Send the alert rustls queued, or a first frame of application data.
            if !failed {
                let _ = conn.writer().write_all(b"\0\0\0\x04\0\0\0\0\0");
            }
            let _ = conn.write_tls(&mut sock);
            let _ = sock.flush();
            let mut buf = [0u8; 64];
            let _ = sock.set_read_timeout(Some(Duration::from_millis(300)));
            let _ = sock.read(&mut buf);
        }
    });
    RustlsServer {
        port,
        stop,
        thread: Some(thread),
    }
}

#[test]
fn rustls_server_good_handshake() {
    let srv = rustls_server("healthy-ecdsa-server");
    let (status, doc) = connect(srv.port, &args_of(&good_args()));
    assert_eq!(codes(&doc), Vec::<(String, String)>::new(), "{doc:#}");
    assert_eq!(status, 0);
    assert_eq!(doc["connection"]["alpn"], "h2");
    assert_eq!(doc["connection"]["client_cert_sent"], true);
}

#[test]
fn rustls_server_rejects_a_client_from_another_ca() {
    let srv = rustls_server("healthy-ecdsa-server");
    let a = client_trusting("unknown-issuer", "frontend.example");
    let (status, doc) = connect(srv.port, &args_of(&a));
    assert!(has(&doc, "connection", "client-cert-not-sent"), "{doc:#}");
    assert!(has(&doc, "connection", "handshake-rejected"), "{doc:#}");
    assert_eq!(status, 1);
}

#[test]
fn rustls_server_without_a_client_certificate_and_an_expired_server() {
    let srv = rustls_server("expired");
    let (status, doc) = connect(
        srv.port,
        &[
            "--ca",
            &fxs("expired/ca.pem"),
            "--server-name",
            "frontend.example",
        ],
    );
    assert!(has(&doc, "server #1", "expired"), "{doc:#}");
    assert!(has(&doc, "connection", "client-cert-not-sent"), "{doc:#}");
    assert!(has(&doc, "connection", "handshake-rejected"), "{doc:#}");
    assert_eq!(
        doc["connection"]["alert"], "certificate_required",
        "{doc:#}"
    );
    assert_eq!(status, 1);
}

#[test]
fn rustls_server_name_mismatch() {
    let srv = rustls_server("healthy-ecdsa-server");
    let a = client_trusting("healthy-ecdsa-client", "127.0.0.2");
    let (status, doc) = connect(srv.port, &args_of(&a));
    assert!(has(&doc, "server #1", "name-mismatch"), "{doc:#}");
    assert_eq!(status, 1);
}

/// The real Temporal CLI (Go) dials a tcerts frontend served by `openssl s_server` under a
/// name the certificate lacks; its error, pasted into `doctor --explain`, yields the names,
/// and the server name the fix suggests makes the name check pass.
#[test]
fn explain_pulls_the_names_out_of_the_temporal_clis_name_mismatch() {
    let Some(_tools) =
        temporal::require_tools("explain_pulls_the_names_out_of_the_temporal_clis_name_mismatch")
    else {
        return;
    };
    let pki = Pki::init(&[]);
    pki.tcerts(&[
        "issue",
        "frontend",
        "--dns",
        "fe.example",
        "--dns",
        "localhost",
    ])
    .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    let chain = std::fs::read_to_string(pki.cert("frontend", "chain.pem")).unwrap();
    let cut = chain.find("-----END CERTIFICATE-----\n").unwrap() + 26;
    let rest = pki.tmp.path().join("rest.pem");
    std::fs::write(&rest, &chain[cut..]).unwrap();
    let port = free_port();
    let child = Command::new("openssl")
        .args(["s_server", "-quiet", "-alpn", "h2", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(pki.cert("frontend", "cert.pem"))
        .arg("-key")
        .arg(pki.cert("frontend", "key.pem"))
        .arg("-cert_chain")
        .arg(&rest)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let _server = SServer {
        _child: ChildGuard::new(child),
        port,
        _tmp: tempfile::tempdir().unwrap(),
    };
    wait_for_port(port);
    let dial = |server_name: &str| {
        let out = temporal::temporal_cli_with_timeout(
            [
                "operator".as_ref(),
                "namespace".as_ref(),
                "list".as_ref(),
                "--address".as_ref(),
                format!("127.0.0.1:{port}").as_ref(),
                "--tls-ca-path".as_ref(),
                pki.cert("ops", "ca.pem").as_os_str(),
                "--tls-cert-path".as_ref(),
                pki.cert("ops", "chain.pem").as_os_str(),
                "--tls-key-path".as_ref(),
                pki.cert("ops", "key.pem").as_os_str(),
                "--tls-server-name".as_ref(),
                std::ffi::OsStr::new(server_name),
                "--command-timeout".as_ref(),
                "5s".as_ref(),
            ],
            Duration::from_secs(30),
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let pasted = dial("wrong.example");
    assert!(pasted.contains("is valid for"), "{pasted}");
    let doc = Test::bare()
        .args(&["--json", "doctor", "--explain", &pasted])
        .succeeds()
        .json();
    let names = &doc["names"];
    assert_eq!(names["dialled"], "wrong.example", "{doc:#}");
    assert_eq!(
        names["valid_for"],
        serde_json::json!(["fe.example", "localhost"])
    );
    assert_eq!(names["server_name"], "fe.example");
    assert_eq!(names["add_san"], "--dns wrong.example");
    Test::bare()
        .args(&["doctor", "--explain", &pasted])
        .succeeds()
        .stdout_has("The client dialled wrong.example")
        .stdout_has("--tls-server-name fe.example")
        .stdout_has("--dns fe.example --dns localhost --dns wrong.example");
    // Following the first fix: the handshake passes the name check (s_server speaks no
    // gRPC, so the CLI then waits until its --command-timeout, and fails on that).
    let after = dial("fe.example");
    assert!(
        !after.trim().is_empty(),
        "the CLI cannot list namespaces from s_server"
    );
    assert!(
        !after.contains("is valid for") && !after.contains("x509"),
        "{after}"
    );
}
