//! `doctor --connect HOST:PORT`: a real TLS handshake with rustls, recording what the
//! server presents and asks for, and continuing whatever the verdict, so that every
//! problem is reported instead of the first.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::ResolvesClientCert;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use serde::Serialize;
use time::OffsetDateTime;

use super::Report;
use super::chain::{ChainInput, KnownCas, Usage, check_chain};
use super::describe::CertDescription;
use super::evidence::Cert;
use super::files::{InputFile, certs_of, check_key_file};
use super::load::load_bytes;
use crate::pki::Renewal;

mod findings;

use findings::{CONN, connection_findings, not_reached};

/// What to connect to and with.
pub struct ConnectInput<'a> {
    pub address: &'a str,
    pub server_name: Option<&'a str>,
    pub cert: Option<InputFile<'a>>,
    pub key: Option<InputFile<'a>>,
    pub ca: Option<InputFile<'a>>,
    pub timeout: Duration,
    pub now: OffsetDateTime,
    /// The CAs of a PKI directory beside the run (evidence for missing-intermediate).
    pub known: &'a KnownCas,
}

/// Why the probe could not run at all (exit 2); Resolve and Connect become findings.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("--connect {0}: expected HOST:PORT")]
    Address(String),
    #[error("--connect {0}: cannot resolve: {1}")]
    Resolve(String, std::io::Error),
    #[error("--connect {0}: cannot connect within {1} s: {2}")]
    Connect(String, u64, std::io::Error),
    #[error("--server-name {0}: not a valid DNS name or IP address")]
    ServerName(String),
    #[error("cannot set up TLS: {0}")]
    Tls(String),
}

/// The facts of the handshake.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Handshake {
    pub address: String,
    pub server_name: String,
    pub completed: bool,
    pub tls_version: Option<String>,
    pub cipher_suite: Option<String>,
    pub alpn: Option<String>,
    pub client_cert_requested: bool,
    /// The CA names the server asked client certificates to come from.
    pub requested_cas: Vec<String>,
    pub client_cert_sent: bool,
    /// Why the client certificate was not sent to a server that asked for it: its own
    /// certificate did not verify against --ca (a rogue server must not see the chain).
    pub client_cert_withheld: Option<String>,
    pub alert: Option<String>,
    pub error: Option<String>,
    pub server_chain: Vec<CertDescription>,
}

/// The server chain as certificates, for `inspect --connect`.
pub struct Probe {
    pub handshake: Handshake,
    pub server_certs: Vec<Cert>,
    pub report: Report,
}

#[derive(Debug)]
struct Recorder {
    chain: Mutex<Vec<CertificateDer<'static>>>,
    provider: Arc<CryptoProvider>,
    /// The real verifier against --ca (or why there is none), for the verdict below.
    judge: Result<Arc<rustls::client::WebPkiServerVerifier>, String>,
    now: UnixTime,
    /// Whether the server's chain verified against --ca for the server name, and if not, why.
    verdict: Mutex<Option<Result<(), String>>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut c) = self.chain.lock() {
            c.clear();
            c.push(end_entity.clone().into_owned());
            c.extend(intermediates.iter().map(|i| i.clone().into_owned()));
        }
        let verdict = match &self.judge {
            Ok(v) => v
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, self.now)
                .map(|_| ())
                .map_err(|e| format!("the server's certificate did not verify against --ca: {e}")),
            Err(why) => Err(why.clone()),
        };
        if let Ok(mut v) = self.verdict.lock() {
            *v = Some(verdict);
        }
        // Recorded, not judged here: doctor checks the chain itself and reports every problem.
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[derive(Debug)]
struct ClientCert {
    key: Option<Arc<CertifiedKey>>,
    /// Set when the server asked: the CA names it listed.
    hints: Mutex<Option<Vec<Vec<u8>>>>,
}

impl ResolvesClientCert for ClientCert {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        if let Ok(mut h) = self.hints.lock() {
            *h = Some(root_hint_subjects.iter().map(|s| s.to_vec()).collect());
        }
        // Sent even when its issuer is not listed (unlike Go), to hear the server's verdict;
        // `key` is set only on the second handshake, after the server's chain verified.
        self.key.clone()
    }

    fn has_certs(&self) -> bool {
        true
    }
}

fn split_host(address: &str) -> Option<(&str, &str)> {
    let (host, port) = address.rsplit_once(':')?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if host.is_empty() || port.parse::<u16>().is_err() {
        return None;
    }
    Some((host, port))
}

fn dn_string(raw: &[u8]) -> String {
    use x509_parser::prelude::FromDer;
    x509_parser::x509::X509Name::from_der(raw)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|_| format!("(unparsable name, {} bytes)", raw.len()))
}

fn tls_error(e: &std::io::Error) -> Option<&rustls::Error> {
    e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
}

fn alert_name(a: rustls::AlertDescription) -> String {
    let s = format!("{a:?}");
    // BadCertificate -> bad_certificate, the name Go and OpenSSL print.
    let mut out = String::new();
    let mut prev_lower = false;
    for ch in s.chars() {
        if ch.is_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        out.extend(ch.to_lowercase());
    }
    out
}

/// The one deadline of a probe: every socket timeout is what is left of it.
struct Deadline {
    end: Instant,
    secs: u64,
}

impl Deadline {
    /// What is left, or a timeout error once nothing is.
    fn remaining(&self) -> std::io::Result<Duration> {
        let left = self.end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(std::io::Error::new(
                ErrorKind::TimedOut,
                format!("no answer within {} s", self.secs),
            ))
        } else {
            Ok(left)
        }
    }
}

/// Resolves HOST:PORT within the deadline (the system resolver has no timeout of its
/// own, so it runs on a thread that is abandoned when the deadline passes).
fn resolve(address: &str, deadline: &Deadline) -> Result<Vec<SocketAddr>, ConnectError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = address.to_string();
    std::thread::spawn(move || {
        let _ = tx.send(owned.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
    });
    let wait = deadline
        .remaining()
        .map_err(|e| ConnectError::Resolve(address.into(), e))?;
    match rx.recv_timeout(wait) {
        Ok(Ok(addrs)) => Ok(addrs),
        Ok(Err(e)) => Err(ConnectError::Resolve(address.into(), e)),
        Err(_) => Err(ConnectError::Resolve(
            address.into(),
            std::io::Error::new(
                ErrorKind::TimedOut,
                format!("no answer within {} s", deadline.secs),
            ),
        )),
    }
}

/// What the server did after the handshake, within the wait for its verdict.
enum AfterHandshake {
    /// Nothing (it accepted the client, or is still thinking).
    Quiet,
    /// It answered (HTTP/2 SETTINGS from a gRPC server).
    Data,
    /// It closed the connection cleanly.
    Closed,
}

/// How long to wait after the handshake for a server's verdict on the client certificate.
const VERDICT_WAIT: Duration = Duration::from_millis(1500);

/// One TLS connection, driven by hand so that every read and write is bounded by the
/// deadline (rustls' `complete_io` loops over reads, which a server sending one byte per
/// second keeps alive for ever).
struct Session {
    conn: ClientConnection,
    sock: TcpStream,
    /// Bytes the server sent, to say whether it was silent or slow.
    received: usize,
}

impl Session {
    fn open(
        addrs: &[SocketAddr],
        address: &str,
        deadline: &Deadline,
        config: Arc<ClientConfig>,
        server_name: &ServerName<'_>,
    ) -> Result<Session, ConnectError> {
        let mut last_err = None;
        let mut sock = None;
        for a in addrs {
            let left = match deadline.remaining() {
                Ok(l) => l,
                Err(e) => {
                    last_err = Some(e);
                    break;
                }
            };
            match TcpStream::connect_timeout(a, left) {
                Ok(s) => {
                    sock = Some(s);
                    break;
                }
                Err(e) => last_err = Some(e),
            }
        }
        let Some(sock) = sock else {
            let e =
                last_err.unwrap_or_else(|| std::io::Error::new(ErrorKind::NotFound, "no address"));
            return Err(ConnectError::Connect(address.into(), deadline.secs, e));
        };
        let _ = sock.set_nodelay(true);
        let conn = ClientConnection::new(config, server_name.to_owned())
            .map_err(|e| ConnectError::Tls(e.to_string()))?;
        Ok(Session {
            conn,
            sock,
            received: 0,
        })
    }

    /// Writes everything rustls has queued, each write bounded by the deadline.
    fn flush(&mut self, deadline: &Deadline) -> std::io::Result<()> {
        while self.conn.wants_write() {
            self.sock.set_write_timeout(Some(deadline.remaining()?))?;
            match self.conn.write_tls(&mut self.sock) {
                Ok(_) => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(deadline.remaining().err().unwrap_or(e));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// One read from the socket (bounded by `until` and the deadline) and its processing.
    /// Ok(false) at the end of the stream.
    fn read_once(&mut self, deadline: &Deadline, until: Option<Instant>) -> std::io::Result<bool> {
        let mut left = deadline.remaining()?;
        if let Some(u) = until {
            left = left.min(u.saturating_duration_since(Instant::now()));
            if left.is_zero() {
                return Err(std::io::Error::from(ErrorKind::WouldBlock));
            }
        }
        self.sock.set_read_timeout(Some(left))?;
        let n = match self.conn.read_tls(&mut self.sock) {
            Ok(n) => n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(match until {
                    Some(_) => std::io::Error::from(ErrorKind::WouldBlock),
                    None => std::io::Error::new(ErrorKind::TimedOut, e),
                });
            }
            Err(e) => return Err(e),
        };
        self.received += n;
        if let Err(e) = self.conn.process_new_packets() {
            // Tell the server why (the alert rustls queued), without waiting long.
            let _ = self
                .sock
                .set_write_timeout(Some(Duration::from_millis(200)));
            let _ = self.conn.write_tls(&mut self.sock);
            return Err(std::io::Error::new(ErrorKind::InvalidData, e));
        }
        Ok(n > 0)
    }

    /// Drives the handshake to its end, or to the deadline.
    fn handshake(&mut self, deadline: &Deadline) -> std::io::Result<()> {
        while self.conn.is_handshaking() {
            self.flush(deadline)?;
            if !self.conn.is_handshaking() {
                break;
            }
            if !self.read_once(deadline, None)? {
                return Err(std::io::Error::new(
                    ErrorKind::UnexpectedEof,
                    "the server closed the connection during the handshake",
                ));
            }
        }
        self.flush(deadline)
    }

    /// After the handshake: sends the HTTP/2 preface (so a gRPC server answers) and waits
    /// a little, within the deadline, for the server's verdict on the client certificate.
    fn await_verdict(&mut self, deadline: &Deadline, h2: bool) -> std::io::Result<AfterHandshake> {
        if h2 {
            // The HTTP/2 preface and an empty SETTINGS frame.
            let mut preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
            preface.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
            let _ = self.conn.writer().write_all(&preface);
        }
        let until = Instant::now() + VERDICT_WAIT;
        let mut buf = [0u8; 4096];
        loop {
            self.flush(deadline)?;
            match self.conn.reader().read(&mut buf) {
                Ok(0) => return Ok(AfterHandshake::Closed),
                Ok(_) => return Ok(AfterHandshake::Data),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
            match self.read_once(deadline, Some(until)) {
                Ok(true) => {}
                // The end of the stream: the reader says whether it was clean.
                Ok(false) => match self.conn.reader().read(&mut buf) {
                    Ok(0) => return Ok(AfterHandshake::Closed),
                    Ok(_) => return Ok(AfterHandshake::Data),
                    Err(e) => return Err(e),
                },
                // No verdict within the wait (or the deadline): the server let us in.
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Ok(AfterHandshake::Quiet);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The message for a handshake that ran out of time: silent or slow.
    fn timeout_message(&self, deadline: &Deadline) -> String {
        if self.received == 0 {
            format!(
                "no answer within {} s: the server accepted the TCP connection but sent nothing",
                deadline.secs
            )
        } else {
            format!(
                "no complete answer within {} s: the server sent only {} bytes of its handshake (a stalled or deliberately slow server)",
                deadline.secs, self.received
            )
        }
    }
}

/// A rustls verifier for the server's chain against --ca, or why there is none.
fn server_judge(
    trust: &[Cert],
    provider: Arc<CryptoProvider>,
) -> Result<Arc<rustls::client::WebPkiServerVerifier>, String> {
    if trust.is_empty() {
        return Err("no --ca was given, so the server's certificate could not be verified".into());
    }
    let mut roots = rustls::RootCertStore::empty();
    for c in trust {
        let _ = roots.add(c.der().clone());
    }
    rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|e| format!("the --ca file holds no usable trust anchor ({e})"))
}

/// A doctor time (TCERTS_NOW or the clock) as rustls wants it.
fn unix_time(t: OffsetDateTime) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(
        u64::try_from(t.unix_timestamp()).unwrap_or(0),
    ))
}

/// The client's certificate, whether its key checked out, and the CA the server should
/// chain to, read from the input files (their findings go to `report`).
struct ClientFiles {
    client_certs: Vec<Cert>,
    key: Option<()>,
    trust: Vec<Cert>,
}

fn load_client_files(input: &ConnectInput<'_>, report: &mut Report) -> ClientFiles {
    // The client's certificate, key and the CA the server should chain to.
    let client_certs = match &input.cert {
        Some(f) => {
            let l = load_bytes(f.name, f.bytes);
            for x in &l.findings {
                report.add(f.name, None, x.clone());
            }
            certs_of(&l, report)
                .into_iter()
                .map(|mut c| {
                    c.label = format!("client {}", c.label);
                    c
                })
                .collect()
        }
        None => Vec::new(),
    };
    let key = match &input.key {
        Some(k) => check_key_file(k, client_certs.first(), report).map(|_| ()),
        None => None,
    };
    let trust = match &input.ca {
        Some(f) => {
            let l = load_bytes(f.name, f.bytes);
            for x in &l.findings {
                report.add(f.name, None, x.clone());
            }
            certs_of(&l, report)
        }
        None => Vec::new(),
    };
    ClientFiles {
        client_certs,
        key,
        trust,
    }
}

/// The client certificate and key as rustls signs with them, when both are usable.
fn certified_key(
    input: &ConnectInput<'_>,
    key: Option<()>,
    client_certs: &[Cert],
    provider: &CryptoProvider,
) -> Option<Arc<CertifiedKey>> {
    match (&input.key, key, client_certs.is_empty()) {
        (Some(k), Some(()), false) => {
            let loaded = load_bytes(k.name, k.bytes);
            let der: Option<PrivateKeyDer<'static>> =
                loaded.keys().next().map(PrivateKeyDer::clone_key);
            der.and_then(|d| provider.key_provider.load_private_key(d).ok())
                .map(|sk| {
                    Arc::new(CertifiedKey::new(
                        client_certs.iter().map(|c| c.der().clone()).collect(),
                        sk,
                    ))
                })
        }
        _ => None,
    }
}

/// What the session negotiated: completion, TLS version, cipher suite, ALPN.
fn record_negotiated(hs: &mut Handshake, session: &Session, failed: bool) {
    hs.completed = !failed && !session.conn.is_handshaking();
    hs.tls_version = session
        .conn
        .protocol_version()
        .map(|v| format!("{v:?}").replace('_', "."));
    hs.cipher_suite = session
        .conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()));
    hs.alpn = session
        .conn
        .alpn_protocol()
        .map(|p| String::from_utf8_lossy(p).into_owned());
}

/// How the handshake failed (an alert, a TLS error, a timeout, an I/O error); true when
/// it timed out without the server sending a byte.
fn record_failure(
    hs: &mut Handshake,
    failure: Option<&std::io::Error>,
    session: &Session,
    deadline: &Deadline,
) -> bool {
    let mut silent = false;
    if let Some(e) = failure {
        match tls_error(e) {
            Some(rustls::Error::AlertReceived(a)) => hs.alert = Some(alert_name(*a)),
            Some(other) => hs.error = Some(other.to_string()),
            None if e.kind() == ErrorKind::TimedOut => {
                hs.error = Some(session.timeout_message(deadline));
                silent = session.received == 0;
            }
            None => hs.error = Some(e.to_string()),
        }
    }
    silent
}

/// The server's chain checked as a client would check it (against --ca, for the server
/// name), and the client's own chain for client use.
fn check_both_chains(
    input: &ConnectInput<'_>,
    server_certs: &[Cert],
    trust: &[Cert],
    client_certs: &[Cert],
    name: &str,
    report: &mut Report,
) {
    let ca_name = input.ca.as_ref().map(|c| c.name).unwrap_or("the CA file");
    check_chain(
        &ChainInput {
            presented: server_certs,
            trust,
            trust_name: ca_name,
            usage: Some(Usage::Server),
            server_name: Some(name),
            now: input.now,
            reissue: "tcerts issue frontend --dns NAME --force",
            reissue_has_usage: false,
            renewal: Renewal::default(),
            known: input.known,
        },
        report,
    );
    if !client_certs.is_empty() {
        check_chain(
            &ChainInput {
                presented: client_certs,
                trust: &[],
                trust_name: "",
                usage: Some(Usage::Client),
                server_name: None,
                now: input.now,
                reissue: "tcerts issue worker --name NAME --force",
                reissue_has_usage: false,
                renewal: Renewal::default(),
                known: input.known,
            },
            report,
        );
    }
}

/// A client configuration that records the server's chain (`recorder`) and offers `key`
/// as the client certificate; the resolver records what the server asked for.
fn client_config(
    provider: &Arc<CryptoProvider>,
    recorder: &Arc<Recorder>,
    key: Option<Arc<CertifiedKey>>,
) -> Result<(Arc<ClientConfig>, Arc<ClientCert>), ConnectError> {
    let resolver = Arc::new(ClientCert {
        key,
        hints: Mutex::new(None),
    });
    let mut config = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| ConnectError::Tls(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_client_cert_resolver(resolver.clone());
    config.alpn_protocols = vec![b"h2".to_vec()];
    config.resumption = rustls::client::Resumption::disabled();
    Ok((Arc::new(config), resolver))
}

/// Nothing to talk to (no such name, nothing listening, no route, no answer) is a
/// diagnosis like any other: a finding, exit 1. Other errors stay errors.
fn unreached(
    mut hs: Handshake,
    mut report: Report,
    e: ConnectError,
    address: &str,
    timeout_secs: u64,
) -> Result<Probe, ConnectError> {
    match not_reached(&e, address, timeout_secs) {
        Some(f) => {
            hs.error = Some(f.message.clone());
            report.add(CONN, None, f);
            Ok(Probe {
                handshake: hs,
                server_certs: Vec::new(),
                report,
            })
        }
        None => Err(e),
    }
}

/// Under TLS 1.3 the server judges the client certificate after the client's Finished:
/// a rejection arrives as an alert on the first read (returned as the failure).
fn await_server_verdict(
    hs: &mut Handshake,
    session: &mut Session,
    deadline: &Deadline,
) -> Option<std::io::Error> {
    if !hs.completed {
        return None;
    }
    match session.await_verdict(deadline, hs.alpn.as_deref() == Some("h2")) {
        Ok(AfterHandshake::Closed) => {
            hs.error = Some("the server closed the connection right after the handshake".into());
            None
        }
        Ok(AfterHandshake::Quiet | AfterHandshake::Data) => None,
        Err(e) => Some(e),
    }
}

/// The certificates the server presented, as recorded during the handshake, also
/// described in `hs`.
fn recorded_server_certs(
    recorder: &Recorder,
    hs: &mut Handshake,
    now: OffsetDateTime,
) -> Vec<Cert> {
    let recorded = recorder.chain.lock().map(|c| c.clone()).unwrap_or_default();
    let server_certs: Vec<Cert> = recorded
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Cert::parse(format!("server #{}", i + 1), d).ok())
        .collect();
    hs.server_chain = server_certs
        .iter()
        .map(|c| CertDescription::of(c, now))
        .collect();
    server_certs
}

impl Recorder {
    /// A recorder whose verdict judges the server's chain against `trust` at `now`.
    fn new(trust: &[Cert], provider: &Arc<CryptoProvider>, now: OffsetDateTime) -> Self {
        let judge = server_judge(trust, provider.clone());
        Recorder {
            chain: Mutex::new(Vec::new()),
            provider: provider.clone(),
            judge,
            now: unix_time(now),
            verdict: Mutex::new(None),
        }
    }
}

/// Whether the server asked for a client certificate, and from which CAs.
fn record_request(hs: &mut Handshake, hints: Option<&[Vec<u8>]>) {
    hs.client_cert_requested = hints.is_some();
    hs.requested_cas = hints
        .unwrap_or_default()
        .iter()
        .map(|h| dn_string(h))
        .collect();
}

/// The name the server's certificate must hold: --server-name, or the host of the address.
fn server_name_of(input: &ConnectInput<'_>) -> Result<(String, ServerName<'static>), ConnectError> {
    let address = input.address;
    let (host, _) = split_host(address).ok_or_else(|| ConnectError::Address(address.into()))?;
    let name = input.server_name.unwrap_or(host).to_string();
    let server_name =
        ServerName::try_from(name.clone()).map_err(|_| ConnectError::ServerName(name.clone()))?;
    Ok((name, server_name))
}

impl Deadline {
    /// The deadline `timeout` from now (at least 100 ms).
    fn starting_now(timeout: Duration) -> Self {
        let timeout = timeout.max(Duration::from_millis(100));
        Deadline {
            end: Instant::now() + timeout,
            secs: timeout.as_secs(),
        }
    }
}

/// Where to connect, under the one deadline.
struct Peer<'a> {
    addrs: &'a [SocketAddr],
    address: &'a str,
    server_name: &'a ServerName<'static>,
    deadline: &'a Deadline,
}

/// The session whose outcome is reported, how its handshake failed, and the CA names the
/// server asked for (None: it asked for no client certificate).
struct Handshaken {
    session: Session,
    failure: Option<std::io::Error>,
    hints: Option<Vec<Vec<u8>>>,
}

/// The first handshake without the client certificate, and a second with it when the
/// server asked for one and proved itself. Records in `hs` whether the client certificate
/// was sent or withheld.
fn handshakes(
    peer: &Peer<'_>,
    provider: &Arc<CryptoProvider>,
    recorder: &Arc<Recorder>,
    certified: Option<&Arc<CertifiedKey>>,
    hs: &mut Handshake,
) -> Result<Handshaken, ConnectError> {
    // First handshake without the client certificate: it shows the server's chain (judged
    // against --ca) and whether the server asks for a client certificate at all.
    let (config, first_resolver) = client_config(provider, recorder, None)?;
    let mut session = Session::open(
        peer.addrs,
        peer.address,
        peer.deadline,
        config,
        peer.server_name,
    )?;
    let mut failure = session.handshake(peer.deadline).err();
    let mut hints = first_resolver.hints.lock().ok().and_then(|h| h.clone());
    let verdict = recorder
        .verdict
        .lock()
        .ok()
        .and_then(|v| v.clone())
        .unwrap_or_else(|| Err("the server presented no certificate".into()));
    if let Some(key) = certified
        && hints.is_some()
    {
        match &verdict {
            Ok(()) => {
                // The server proved itself against --ca: now with the client certificate.
                let (config, resolver) = client_config(provider, recorder, Some(key.clone()))?;
                session = Session::open(
                    peer.addrs,
                    peer.address,
                    peer.deadline,
                    config,
                    peer.server_name,
                )?;
                failure = session.handshake(peer.deadline).err();
                hints = resolver.hints.lock().ok().and_then(|h| h.clone());
                hs.client_cert_sent = hints.is_some();
            }
            Err(why) => hs.client_cert_withheld = Some(why.clone()),
        }
    }
    Ok(Handshaken {
        session,
        failure,
        hints,
    })
}

/// Connects, handshakes, and checks everything it saw.
pub fn probe(input: &ConnectInput<'_>) -> Result<Probe, ConnectError> {
    let address = input.address;
    let (name, server_name) = server_name_of(input)?;
    let mut report = Report::default();
    let ClientFiles {
        client_certs,
        key,
        trust,
    } = load_client_files(input, &mut report);

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let certified = certified_key(input, key, &client_certs, &provider);
    // The verdict on the server's chain against --ca, made while handshaking: the client
    // certificate goes only to a server that proved itself (below).
    let recorder = Arc::new(Recorder::new(&trust, &provider, input.now));

    // One deadline for everything: resolving, connecting, both handshakes, the verdict.
    let deadline = Deadline::starting_now(input.timeout);
    let mut hs = Handshake {
        address: address.into(),
        server_name: name.clone(),
        ..Handshake::default()
    };
    // Nothing to talk to (no such name, nothing listening, no route, no answer) is a
    // diagnosis like any other: a finding, exit 1.
    let unreached = |hs, report, e| unreached(hs, report, e, address, deadline.secs);
    let addrs = match resolve(address, &deadline) {
        Ok(a) => a,
        Err(e) => return unreached(hs, report, e),
    };

    let peer = Peer {
        addrs: &addrs,
        address,
        server_name: &server_name,
        deadline: &deadline,
    };
    let Handshaken {
        mut session,
        mut failure,
        hints,
    } = match handshakes(&peer, &provider, &recorder, certified.as_ref(), &mut hs) {
        Ok(done) => done,
        Err(e) => return unreached(hs, report, e),
    };
    record_negotiated(&mut hs, &session, failure.is_some());

    // Only a completed handshake is awaited, so this replaces no earlier failure.
    failure = await_server_verdict(&mut hs, &mut session, &deadline).or(failure);

    record_request(&mut hs, hints.as_deref());
    let silent = record_failure(&mut hs, failure.as_ref(), &session, &deadline);

    // The server's chain, checked as a client would check it.
    let server_certs = recorded_server_certs(&recorder, &mut hs, input.now);
    check_both_chains(
        input,
        &server_certs,
        &trust,
        &client_certs,
        &name,
        &mut report,
    );

    connection_findings(
        &hs,
        hints.as_deref(),
        &client_certs,
        input,
        silent,
        &mut report,
    );
    Ok(Probe {
        handshake: hs,
        server_certs,
        report,
    })
}
