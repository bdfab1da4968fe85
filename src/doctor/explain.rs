//! `doctor --explain "TEXT"`: what a pasted TLS error from Go, rustls, OpenSSL, the
//! Temporal CLI (1.9 rewords Go's errors and adds its own connection checks), an SDK or
//! tcld means, the names it mentions, and the doctor command that confirms the cause in
//! the user's own files.
//!
//! Every entry is recognised by fragments of real messages (captured in
//! fixtures/doctor/explain/, see capture.sh there). A pasted output holds several layers
//! (the CLI's summary, grpc-go's wrapper, Go's x509 verdict): entries are ranked, the most
//! specific first, so the verdict beats the wrappers around it.

use serde::Serialize;

/// One recognised cause.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The cause, named by the doctor code that detects it where there is one
    /// (`name-mismatch`), else by what the client does wrong (`client-without-tls`).
    pub cause: &'static str,
    /// The error as it is usually printed.
    pub matched: &'static str,
    /// Which software says this.
    pub source: &'static str,
    pub meaning: &'static str,
    /// What the text itself says about this case: names, dates, the address.
    pub details: Vec<String>,
    pub causes: &'static [&'static str],
    /// The commands that confirm the cause, the first one in the user's files; the
    /// address and server name are filled in from the text when it names them.
    pub checks: Vec<String>,
    /// The doctor finding codes that detect these causes.
    pub codes: &'static [&'static str],
}

struct Entry {
    cause: &'static str,
    /// Higher is more specific: a verdict outranks the wrappers around it.
    rank: u8,
    /// Lowercase fragments; a fragment of more than 12 letters also matches with
    /// punctuation and spaces removed (`UnknownIssuer` for "unknown issuer").
    patterns: &'static [&'static str],
    matched: &'static str,
    source: &'static str,
    meaning: &'static str,
    causes: &'static [&'static str],
    /// With `{ADDR}` (HOST:PORT) and `{NAME}` (the server name) as placeholders.
    checks: &'static [&'static str],
    codes: &'static [&'static str],
}

const CHECK_SERVER: &str = "tcerts doctor --connect {ADDR} --server-name {NAME} --ca CA.pem --cert CLIENT-CHAIN.pem --key CLIENT-KEY.pem";
const CHECK_SERVER_FILES: &str =
    "tcerts doctor --cert SERVER-CHAIN.pem --ca CA.pem --usage server --server-name {NAME}";
const CHECK_CLIENT_FILES: &str = "tcerts doctor --cert CLIENT-CHAIN.pem --key CLIENT-KEY.pem --ca SERVER-CLIENT-CA.pem --usage client";

const TABLE: &[Entry] = &[
    Entry {
        cause: "bad-signature",
        rank: 90,
        patterns: &[
            "while trying to verify candidate authority certificate",
            "invalidcertificate(badsignature)",
            "certificate signature failure",
        ],
        matched: "x509: certificate signed by unknown authority (possibly because of \"x509: ECDSA verification failure\" while trying to verify candidate authority certificate \"…\")",
        source: "Go crypto/x509, rustls (BadSignature), OpenSSL",
        meaning: "The CA file holds a CA with the name of the chain's issuer, but that CA's key did not sign the chain: a different CA with the same name.",
        causes: &[
            "the CA file (--tls-ca-path, rootCaFiles, clientCaFiles) is from another PKI made with the same names (same organisation), or from a root that was re-created",
            "a CA was rotated without a new name (tcerts names generations G1, G2, …)",
        ],
        checks: &[CHECK_SERVER_FILES, CHECK_SERVER],
        codes: &["bad-signature", "unknown-issuer"],
    },
    Entry {
        cause: "cn-only",
        rank: 90,
        patterns: &["legacy common name", "relies on legacy common name field"],
        matched: "x509: certificate relies on legacy Common Name field, use SANs instead",
        source: "Go crypto/x509; rustls (NotValidForName with no name presented)",
        meaning: "The server certificate has no subject alternative names; Go ignores the CN.",
        causes: &[
            "the certificate was made without SANs (openssl req without -addext subjectAltName)",
        ],
        checks: &[
            "tcerts doctor --cert SERVER-CHAIN.pem --usage server --server-name {NAME}",
            "tcerts issue frontend --dns {NAME} --force",
        ],
        codes: &["cn-only"],
    },
    Entry {
        cause: "wrong-pem-type",
        rank: 88,
        patterns: &[
            "pem inputs may have been switched",
            "did find a private key",
            "did find a certificate",
        ],
        matched: "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
        source: "Go crypto/tls (tls.LoadX509KeyPair), the Temporal CLI",
        meaning: "The certificate and key paths are swapped.",
        causes: &[
            "--tls-cert-path names the key and --tls-key-path the certificate (or certFile/keyFile in the server config)",
        ],
        checks: &["tcerts doctor --cert CERT-PATH --key KEY-PATH"],
        codes: &["wrong-pem-type"],
    },
    Entry {
        cause: "name-mismatch",
        rank: 86,
        patterns: &[
            "doesn't contain any ip sans",
            "does not contain any ip sans",
        ],
        matched: "x509: cannot validate certificate for IP because it doesn't contain any IP SANs",
        source: "Go crypto/x509",
        meaning: "The client dialled an IP address, and the server certificate has no IP SAN.",
        causes: &[
            "the client dials the frontend by IP and the certificate was issued with DNS names only",
            "the client should set the expected name: --tls-server-name, tls.client.serverName, TEMPORAL_TLS_SERVER_NAME",
        ],
        checks: &[
            "tcerts doctor --cert SERVER-CHAIN.pem --usage server --server-name {NAME}",
            CHECK_SERVER,
        ],
        codes: &["name-mismatch"],
    },
    Entry {
        cause: "name-mismatch",
        rank: 85,
        patterns: &[
            "is valid for",
            "certificate is not valid for any names",
            "notvalidforname",
            "not valid for name",
            "hostname mismatch",
            "certificatenotvalidforname",
            "no subject alternative names matching",
            "no subject alternative dns name matching",
            "no name matching",
            "remotecertificatenamemismatch",
            "does not match host",
        ],
        matched: "x509: certificate is valid for X, not Y",
        source: "Go crypto/x509, rustls, OpenSSL, Java, .NET, the Temporal CLI",
        meaning: "The name the client dialled is not among the server certificate's SANs.",
        causes: &[
            "the client dials a name (or IP) the certificate was not issued for: re-issue with --dns/--ip",
            "the client should set the expected name: --tls-server-name, tls.client.serverName (internode), TEMPORAL_TLS_SERVER_NAME",
            "the chain is in the wrong order, so a CA certificate is taken as the server's ('not valid for any names')",
        ],
        checks: &[
            "tcerts doctor --cert SERVER-CHAIN.pem --usage server --server-name {NAME}",
            CHECK_SERVER,
        ],
        codes: &["name-mismatch", "chain-order"],
    },
    Entry {
        cause: "eku-missing",
        rank: 85,
        patterns: &[
            "incompatible key usage",
            "requiredekunotfound",
            "required eku not found",
            "unsupported certificate purpose",
            "invalidpurpose",
            "ekunotallowed",
        ],
        matched: "x509: certificate specifies an incompatible key usage",
        source: "Go crypto/x509, rustls (InvalidPurpose), OpenSSL",
        meaning: "The certificate (or a CA above it) has an extended key usage without serverAuth or clientAuth as needed.",
        causes: &[
            "a client certificate (clientAuth only) used as the server's, or the reverse",
            "an internode certificate with only serverAuth: it is also the client certificate between services",
            "an intermediate CA with an EKU extension that lacks the usage (Go checks EKUs up the chain)",
        ],
        checks: &[
            "tcerts doctor --cert SERVER-CHAIN.pem --ca CA.pem --usage server",
            "tcerts doctor --cert CLIENT-CHAIN.pem --ca CA.pem --usage client",
        ],
        codes: &["eku-missing"],
    },
    Entry {
        cause: "expired",
        rank: 85,
        patterns: &[
            "has expired or is not yet valid",
            "certificate has expired",
            "certexpired",
            "expiredcontext",
            "certnotvalidyet",
            "certificate is not yet valid",
            "certificate expired",
            "expired certificate",
            "certificate_expired",
            "peer certificate: expired",
            "peer certificate: notvalidyet",
        ],
        matched: "x509: certificate has expired or is not yet valid",
        source: "Go crypto/x509, rustls (Expired), OpenSSL",
        meaning: "A certificate on the chain (leaf, intermediate or root) is outside its validity period.",
        causes: &[
            "an expired leaf, intermediate or root (Go also rejects an expired root)",
            "a clock that is wrong on the client or the server",
            "a certificate issued just now by a host whose clock is ahead (not yet valid)",
        ],
        checks: &[
            "tcerts doctor --cert CHAIN.pem --ca CA.pem",
            "tcerts doctor (in the PKI directory: every certificate's expiry)",
            "date -u on both hosts",
        ],
        codes: &["expired", "not-yet-valid", "expiring-soon"],
    },
    Entry {
        cause: "insecure-signature",
        rank: 85,
        patterns: &[
            "insecure algorithm",
            "sha1-rsa",
            "sha1withrsa",
            "ecdsa-sha1",
            "md5-rsa",
            "md5withrsa",
        ],
        matched: "x509: cannot verify signature: insecure algorithm SHA1-RSA",
        source: "Go crypto/x509",
        meaning: "A certificate on the chain is signed with SHA-1 (or MD5), which Go refuses.",
        causes: &["an old CA or an openssl command without -sha256"],
        checks: &["tcerts doctor --cert CHAIN.pem --ca CA.pem"],
        codes: &["insecure-signature"],
    },
    Entry {
        cause: "connection-refused",
        rank: 85,
        patterns: &[
            "connection refused",
            "connectionrefused",
            "nothing is listening",
        ],
        matched: "connection refused",
        source: "the operating system, via any client",
        meaning: "Nothing listens on that address and port: not a certificate problem.",
        causes: &[
            "a wrong port (the frontend's gRPC port is usually 7233) or host",
            "the frontend is down, or listens on another interface",
        ],
        checks: &[
            "tcerts doctor --connect {ADDR}",
            "temporal operator cluster health --address {ADDR}",
        ],
        codes: &["connection-refused"],
    },
    Entry {
        cause: "dns-failure",
        rank: 85,
        patterns: &[
            "no such host",
            "name or service not known",
            "temporary failure in name resolution",
            "nodename nor servname",
            "failed to lookup address",
            "dns lookup failed",
            "dns error",
            "could not resolve host",
        ],
        matched: "dial tcp: lookup HOST: no such host",
        source: "the resolver, via any client",
        meaning: "The host name could not be resolved: not a certificate problem.",
        causes: &[
            "a typo in the address (--address, TEMPORAL_ADDRESS, the profile)",
            "the resolver does not know the name (a Kubernetes service name used outside the cluster, a private zone)",
        ],
        checks: &["tcerts doctor --connect {ADDR}", "getent hosts HOST"],
        codes: &["dns-failure"],
    },
    Entry {
        cause: "client-without-tls",
        rank: 85,
        patterns: &[
            "requires tls but the cli is connecting without it",
            "server expects tls",
            "plain http request was sent to https port",
        ],
        matched: "the server requires TLS but the CLI is connecting without it",
        source: "the Temporal CLI, nginx",
        meaning: "The client connects in plaintext to a TLS port.",
        causes: &[
            "no TLS settings on the client: --tls, --tls-ca-path, --tls-cert-path/--tls-key-path (or TEMPORAL_TLS_*, the profile's [tls])",
        ],
        checks: &["tcerts doctor --connect {ADDR} --server-name {NAME} --ca CA.pem"],
        codes: &[],
    },
    Entry {
        cause: "server-without-tls",
        rank: 85,
        patterns: &[
            "did not respond with tls",
            "first record does not look like a tls handshake",
            "wrong version number",
            "http: server gave http response",
            "packet length too long",
            "invalidcontenttype",
            "corruptmessage",
        ],
        matched: "tls: first record does not look like a TLS handshake",
        source: "Go crypto/tls, the Temporal CLI, OpenSSL, rustls",
        meaning: "The client speaks TLS to a plaintext port.",
        causes: &[
            "the frontend (or this port) has no TLS configured: global.tls.frontend.server",
            "the address is a plaintext port (a sidecar, a health port), not the TLS one",
        ],
        checks: &["tcerts doctor --connect {ADDR}"],
        codes: &["handshake-failed"],
    },
    Entry {
        cause: "client-cert-not-sent",
        rank: 80,
        patterns: &[
            "server requires client certificate",
            "server requires mtls",
            "no required ssl certificate was sent",
            "certificate required",
            "certificate_required",
            "certificaterequired",
            "didn't provide a certificate",
            "did not provide a certificate",
            "peer did not return a certificate",
            "no certificate returned",
        ],
        matched: "TLS handshake failed: server requires client certificate (mTLS) / tls: certificate required",
        source: "the Temporal CLI, Go crypto/tls, rustls, nginx (HTTP 400)",
        meaning: "The server asked for a client certificate and received none.",
        causes: &[
            "no client certificate configured: --tls-cert-path/--tls-key-path, TEMPORAL_TLS_CLIENT_CERT_PATH, the profile's client_cert_path",
            "Go clients send none when no issuer on the certificate's chain is among the CAs the server lists: clientCaFiles lacks the client's CA (a namespace CA), or the file is cert.pem without its intermediate",
        ],
        checks: &[CHECK_SERVER, CHECK_CLIENT_FILES],
        codes: &["client-cert-not-sent", "missing-intermediate"],
    },
    Entry {
        cause: "handshake-rejected",
        rank: 75,
        patterns: &[
            "server rejected the client certificate",
            "the ssl certificate error",
            "tls: unknown certificate authority",
            "tlsv1 alert unknown ca",
            "alert unknown ca",
            "fatal alert: unknownca",
            "bad certificate",
            "bad_certificate",
            "badcertificate",
            "unsupported certificate",
            "unsupportedcertificate",
        ],
        matched: "TLS handshake failed: server rejected the client certificate / remote error: tls: bad certificate",
        source: "the Temporal CLI, Go crypto/tls, rustls, OpenSSL, nginx (HTTP 400)",
        meaning: "The server verified the client certificate and refused it (or, for some servers, got none).",
        causes: &[
            "the client's CA is not in the server's clientCaFiles (or the namespace's Cloud bundle): 'unknown certificate authority'",
            "the intermediate is not sent: --tls-cert-path is cert.pem instead of chain.pem",
            "the client certificate has expired, or lacks clientAuth",
            "the certificate and key are not the pair the server trusts; on Temporal Cloud, a certificate filter rejects it",
        ],
        checks: &[CHECK_CLIENT_FILES, CHECK_SERVER],
        codes: &[
            "handshake-rejected",
            "unknown-issuer",
            "missing-intermediate",
            "expired",
            "eku-missing",
            "client-cert-not-sent",
        ],
    },
    Entry {
        cause: "unknown-issuer",
        rank: 70,
        patterns: &[
            "signed by unknown authority",
            "pkix path building failed",
            "unable to find valid certification path",
            "remotecertificatechainerrors",
            "untrustedroot",
            "certificate verify failed",
            "unknownissuer",
            "unknown issuer",
            "unable to get local issuer certificate",
            "unable to get issuer certificate",
            "self-signed certificate in certificate chain",
            "self signed certificate in certificate chain",
            "cannot verify server tls certificate",
        ],
        matched: "x509: certificate signed by unknown authority",
        source: "Go crypto/x509, rustls (UnknownIssuer), OpenSSL, Java, .NET, Python",
        meaning: "The client could not build a path from the server's certificate to a CA it trusts.",
        causes: &[
            "the CA file holds another CA (or none): wrong --tls-ca-path / rootCaFiles",
            "the server does not send its intermediate: certFile points at cert.pem instead of chain.pem (doctor run beside the PKI, --dir, tells this from a wrong CA file)",
            "a CA without keyCertSign, or a SHA-1 signature, reported the same way",
            "on Temporal Cloud: the client CA was given as --tls-ca-path; Cloud's server certificate is publicly trusted, so omit --tls-ca-path",
        ],
        checks: &[
            "tcerts doctor --dir PKI --cert SERVER-CHAIN.pem --ca CA.pem --usage server",
            CHECK_SERVER,
        ],
        codes: &[
            "unknown-issuer",
            "missing-intermediate",
            "bad-signature",
            "ca-keyusage",
            "insecure-signature",
            "not-a-ca",
            "self-signed",
        ],
    },
    Entry {
        cause: "key-mismatch",
        rank: 88,
        patterns: &[
            "private key does not match public key",
            "private key does not match",
            "key values mismatch",
        ],
        matched: "tls: private key does not match public key",
        source: "Go crypto/tls (tls.LoadX509KeyPair), OpenSSL",
        meaning: "The key file is not the certificate's key.",
        causes: &[
            "--tls-key-path (keyFile) names the key of another certificate: of an earlier issue, or of another PKI",
        ],
        checks: &["tcerts doctor --cert CERT-PATH --key KEY-PATH"],
        codes: &["key-mismatch"],
    },
    Entry {
        cause: "pem-malformed",
        rank: 70,
        patterns: &[
            "use parseecprivatekey",
            "use parsepkcs1privatekey",
            "failed to parse private key",
            "no pem data",
            "failed to find any pem data",
            "failed to find certificate pem data",
            "failed to find \"private key\"",
        ],
        matched: "tls: failed to parse private key / failed to find any PEM data",
        source: "Go crypto/tls (tls.LoadX509KeyPair)",
        meaning: "The certificate or key file is not what Go expects.",
        causes: &[
            "an encrypted private key (Temporal and the CLI cannot load them)",
            "the certificate and key paths are swapped",
            "a DER file where PEM is needed",
            "a key that belongs to another certificate ('private key does not match public key')",
        ],
        checks: &["tcerts doctor --cert CERT-PATH --key KEY-PATH"],
        codes: &[
            "encrypted-key",
            "wrong-pem-type",
            "not-pem",
            "pem-malformed",
            "key-mismatch",
        ],
    },
    Entry {
        cause: "no-h2",
        rank: 70,
        patterns: &[
            "missing selected alpn",
            "no application protocol",
            "noapplicationprotocol",
        ],
        matched: "missing selected ALPN property / remote error: tls: no application protocol",
        source: "grpc-go >= 1.67 (Temporal CLI, Go SDK), nginx without http2",
        meaning: "The TLS server (often a proxy or load balancer) did not negotiate HTTP/2 (ALPN h2): it selected none, or refused the handshake because the client offers only h2.",
        causes: &[
            "a TLS proxy or load balancer in front of the frontend that does not negotiate ALPN h2",
        ],
        checks: &["tcerts doctor --connect {ADDR} --server-name {NAME}"],
        codes: &["no-h2"],
    },
    Entry {
        cause: "cloud-bundle-rejected",
        rank: 60,
        patterns: &[
            "accepted-client-ca",
            "accepted client ca",
            "acceptedclientca",
            "certificate filter",
            "tcld",
        ],
        matched: "tcld: accepted client CA rejected",
        source: "tcld, Temporal Cloud",
        meaning: "Temporal Cloud refused the namespace's CA bundle.",
        causes: &[
            "a leaf in the bundle, a CA without CA:TRUE, Ed25519, SHA-1, an incomplete chain, duplicates, more than 16 certificates or 32 KB",
        ],
        checks: &["tcerts doctor --bundle BUNDLE.pem --for cloud"],
        codes: &[
            "bundle-not-ca",
            "bundle-incomplete-chain",
            "bundle-key-type",
            "bundle-weak-signature",
            "bundle-duplicate",
            "bundle-duplicate-dn",
            "bundle-too-many",
            "bundle-too-large",
        ],
    },
    Entry {
        cause: "handshake-rejected",
        rank: 40,
        patterns: &[
            "connection closed before server preface received",
            "error after connection",
        ],
        matched: "connection closed before server preface received / call error after connection",
        source: "grpc-go, the Python/TypeScript/.NET SDKs (sdk-core)",
        meaning: "The TLS connection was set up and then closed by the server: under TLS 1.3 a server refuses a client certificate after the handshake, and some clients only see the connection close.",
        causes: &[
            "the server rejected the client certificate (its CA not in clientCaFiles, no intermediate sent, expired, no clientAuth), or received none",
            "a proxy in front of the frontend that closes HTTP/2 connections",
        ],
        checks: &[CHECK_SERVER, CHECK_CLIENT_FILES],
        codes: &["handshake-rejected", "client-cert-not-sent", "no-h2"],
    },
    Entry {
        cause: "no-answer",
        rank: 30,
        patterns: &[
            "context deadline exceeded",
            "deadline exceeded",
            "i/o timeout",
            "timed out",
        ],
        matched: "context deadline exceeded",
        source: "grpc-go, the Temporal CLI, the SDKs",
        meaning: "Nothing answered in time, or the TLS handshake never finished: not necessarily a certificate problem.",
        causes: &[
            "a wrong address or port, a firewall that drops packets, or a server that is down",
            "a TLS failure the client only reports as a timeout",
        ],
        checks: &["tcerts doctor --connect {ADDR} --timeout 5"],
        codes: &["no-answer", "handshake-rejected"],
    },
    Entry {
        cause: "handshake-failed",
        rank: 10,
        patterns: &["authentication handshake failed"],
        matched: "transport: authentication handshake failed",
        source: "grpc-go (Temporal CLI, Go SDK, server)",
        meaning: "gRPC's wrapper around a TLS failure: the real cause follows the colon.",
        causes: &[
            "any of the TLS errors above; read the text after 'authentication handshake failed:'",
        ],
        checks: &[
            "tcerts doctor --explain \"THE TEXT AFTER THE COLON\"",
            CHECK_SERVER,
        ],
        codes: &["handshake-failed"],
    },
];

/// Every cause the text shows, the most specific first; one explanation per cause.
pub fn explain(text: &str) -> Vec<Explanation> {
    let lower = text.to_lowercase();
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut hits: Vec<(usize, &Entry)> = TABLE
        .iter()
        .enumerate()
        .filter(|(_, entry)| {
            entry.patterns.iter().any(|p| {
                lower.contains(p) || {
                    let sp: String = p.chars().filter(|c| c.is_alphanumeric()).collect();
                    sp.len() > 12 && squashed.contains(&sp)
                }
            })
        })
        .collect();
    let facts = Facts::of(text);
    // rustls names no names at all for a certificate without SANs: that is cn-only.
    if facts.no_sans
        && let Some(cn) = TABLE.iter().position(|e| e.cause == "cn-only")
    {
        hits.push((cn, &TABLE[cn]));
    }
    hits.sort_by_key(|(i, e)| (std::cmp::Reverse(e.rank), *i));
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (_, e) in hits {
        if seen.contains(&e.cause) {
            continue;
        }
        seen.push(e.cause);
        out.push(Explanation {
            cause: e.cause,
            matched: e.matched,
            source: e.source,
            meaning: e.meaning,
            details: facts.details(e.cause),
            causes: e.causes,
            checks: e.checks.iter().map(|c| facts.fill(c)).collect(),
            codes: e.codes,
        });
    }
    out
}

/// What a pasted text says about the case, pulled out of the known message forms.
#[derive(Debug, Default)]
struct Facts {
    /// HOST:PORT the client dialled.
    address: Option<String>,
    /// The name checked against the certificate (Go's "not Y", rustls' expected name).
    dialled: Option<String>,
    /// The names the certificate is valid for.
    valid_for: Vec<String>,
    /// "cannot validate certificate for IP because it doesn't contain any IP SANs".
    ip_without_san: Option<String>,
    /// When the certificate expired, and the client's clock then.
    not_after: Option<String>,
    clock: Option<String>,
    /// The CA name Go tried and whose key did not verify.
    candidate_ca: Option<String>,
    /// rustls' InvalidPurpose: required and presented usages.
    purpose: Option<(String, String)>,
    /// The alert a server sent ("remote error: tls: X", "received fatal alert: X").
    alert: Option<String>,
    /// rustls found no name at all in the certificate (`presented: []`): no SANs.
    no_sans: bool,
}

/// The text after `marker` up to (not including) the first character in `stops`.
fn after<'a>(text: &'a str, marker: &str, stops: &[char]) -> Option<&'a str> {
    let start = text.find(marker)? + marker.len();
    let rest = &text[start..];
    let end = rest.find(|c| stops.contains(&c)).unwrap_or(rest.len());
    let v = rest[..end].trim();
    (!v.is_empty()).then_some(v)
}

fn unix_to_rfc3339(secs: &str) -> Option<String> {
    let s: i64 = secs.trim().parse().ok()?;
    let t = time::OffsetDateTime::from_unix_timestamp(s).ok()?;
    Some(crate::pki::format_time(t))
}

/// `DnsName("x")` / `IpAddress(1.2.3.4)` (rustls' Debug form, quotes maybe escaped) -> x.
fn rustls_name(s: &str) -> Option<String> {
    let s = s.replace("\\\"", "\"");
    let inner = s
        .split_once('(')
        .map(|(_, r)| r)?
        .split(')')
        .next()?
        .trim_matches(|c| c == '"' || c == '\\' || c == ' ');
    (!inner.is_empty()).then(|| inner.to_string())
}

impl Facts {
    fn of(text: &str) -> Facts {
        let mut f = Facts::default();
        let addr_stops = &[' ', ',', '"', ')', '\n', '\r', '\\'][..];
        f.address = after(text, "Temporal server at ", addr_stops)
            .map(|a| a.trim_end_matches(':').to_string())
            .or_else(|| after(text, "\"tcp connect error\", ", addr_stops).map(str::to_string))
            .or_else(|| after(text, "--address ", addr_stops).map(str::to_string))
            .filter(|a| a.contains(':'));
        // Go: "x509: certificate is valid for a, b, not c".
        if let Some(start) = text.find("is valid for ") {
            let rest = &text[start + "is valid for ".len()..];
            if let Some(end) = rest.find(", not ") {
                f.valid_for = rest[..end].split(", ").map(str::to_string).collect();
                let tail = &rest[end + ", not ".len()..];
                let stop = tail
                    .find(|c: char| c.is_whitespace() || c == '"' || c == '\\')
                    .unwrap_or(tail.len());
                f.dialled = Some(tail[..stop].trim_end_matches('.').to_string());
            }
        }
        // rustls: NotValidForNameContext { expected: DnsName("x"), presented: ["DnsName(\"y\")", …] }
        if let Some(ctx) = after(text, "NotValidForNameContext {", &['}']) {
            if let Some(exp) = after(ctx, "expected: ", &[',']) {
                f.dialled = rustls_name(exp);
            }
            match after(ctx, "presented: [", &[']']) {
                Some(list) => {
                    f.valid_for = list.split("\", \"").filter_map(rustls_name).collect();
                }
                None => f.no_sans = ctx.contains("presented: []"),
            }
        }
        // The CLI's own hint: 'not valid for "NAME"'.
        if f.dialled.is_none() {
            f.dialled = after(text, "is not valid for \"", &['"']).map(str::to_string);
        }
        f.ip_without_san =
            after(text, "cannot validate certificate for ", &[' ']).map(str::to_string);
        if f.dialled.is_none() {
            f.dialled = f.ip_without_san.clone();
        }
        // Go: "current time X is after Y"; rustls: ExpiredContext { time: UnixTime(a), not_after: UnixTime(b) }.
        if let Some(t) = after(text, "current time ", &[' ']) {
            f.clock = Some(t.to_string());
            f.not_after = after(
                text,
                &format!("current time {t} is after "),
                &[' ', '"', '\n', '\\'],
            )
            .map(str::to_string);
        }
        if let Some(ctx) = after(text, "ExpiredContext {", &['}']) {
            f.clock = after(ctx, "time: UnixTime(", &[')']).and_then(unix_to_rfc3339);
            f.not_after = after(ctx, "not_after: UnixTime(", &[')']).and_then(unix_to_rfc3339);
        }
        f.candidate_ca =
            after(text, "candidate authority certificate \"", &['"', '\\']).map(str::to_string);
        if let Some(ctx) = after(text, "InvalidPurposeContext {", &['}']) {
            let req = after(ctx, "required: ", &[',']).unwrap_or("?");
            let pres = after(ctx, "presented: [", &[']']).unwrap_or("");
            f.purpose = Some((req.to_string(), pres.to_string()));
        }
        f.alert = after(text, "remote error: tls: ", &['"', '\n', '\\', ')'])
            .or_else(|| after(text, "received fatal alert: ", &['"', '\n', '\\', ')']))
            .map(str::to_string);
        f
    }

    /// A check with the address and server name filled in when the text names them.
    fn fill(&self, check: &str) -> String {
        // The address's host is not necessarily the name checked (--tls-server-name):
        // NAME stays for the user to fill in unless the text says which name was checked.
        let name = self.dialled.clone().unwrap_or_else(|| "NAME".into());
        check
            .replace("{ADDR}", self.address.as_deref().unwrap_or("HOST:PORT"))
            .replace("{NAME}", &name)
    }

    /// What the text tells about `cause`, in words, with the fix it implies.
    fn details(&self, cause: &str) -> Vec<String> {
        let mut out = Vec::new();
        match cause {
            "name-mismatch" => {
                if let Some(ip) = &self.ip_without_san {
                    out.push(format!(
                        "the client dialled the IP address {ip}, and the server certificate has no IP SAN: re-issue it with --ip {ip} (tcerts issue frontend --ip {ip} --dns … --force), or dial a DNS name it has and set --tls-server-name to it"
                    ));
                } else if let Some(d) = &self.dialled {
                    if self.valid_for.is_empty() {
                        out.push(format!(
                            "the client checked the name {d}, which the server certificate does not have"
                        ));
                    } else {
                        let names = self.valid_for.join(", ");
                        let flag = if d.parse::<std::net::IpAddr>().is_ok() {
                            "--ip"
                        } else {
                            "--dns"
                        };
                        out.push(format!(
                            "the server certificate is valid for {names}; the client checked {d}"
                        ));
                        out.push(format!(
                            "either add {d} to the certificate (tcerts issue frontend {flag} {d} plus its other names, --force), or make the client check a name it has: --tls-server-name {} (tls.client.serverName, TEMPORAL_TLS_SERVER_NAME)",
                            self.valid_for[0]
                        ));
                    }
                }
            }
            "expired" => {
                if let Some(na) = &self.not_after {
                    out.push(format!(
                        "a certificate on the chain expired on {na}{}",
                        self.clock
                            .as_deref()
                            .map(|c| format!(" (the verifier's clock read {c})"))
                            .unwrap_or_default()
                    ));
                }
                if matches!(self.alert.as_deref(), Some(a) if a.to_lowercase().contains("expired"))
                {
                    out.push(
                        "the server sent the alert 'expired certificate': it found the CLIENT's certificate (or its chain) expired; renew it"
                            .into(),
                    );
                }
            }
            "bad-signature" => {
                if let Some(ca) = &self.candidate_ca {
                    out.push(format!(
                        "the CA file holds a CA named \"{ca}\", but its key did not sign the chain: it is another CA with the same name; give the client the CA file of the PKI that issued the server's certificate"
                    ));
                }
            }
            "eku-missing" => {
                if let Some((req, pres)) = &self.purpose {
                    out.push(format!(
                        "the certificate needed {req} but allows only [{pres}]"
                    ));
                }
            }
            "handshake-rejected" | "client-cert-not-sent" => {
                if let Some(a) = &self.alert {
                    out.push(format!("the server sent the TLS alert '{a}'"));
                }
            }
            _ => {}
        }
        if let Some(a) = &self.address
            && matches!(
                cause,
                "connection-refused"
                    | "dns-failure"
                    | "no-answer"
                    | "client-without-tls"
                    | "server-without-tls"
            )
        {
            out.push(format!("the client dialled {a}"));
        }
        out
    }
}

/// The names in a pasted name-mismatch error: the one the client dialled and the ones the
/// server certificate holds (empty when the message does not list them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameMismatch {
    pub dialled: String,
    pub valid_for: Vec<String>,
}

impl NameMismatch {
    fn dialled_is_ip(&self) -> bool {
        self.dialled.parse::<std::net::IpAddr>().is_ok()
    }

    /// The SAN flag that adds the dialled name: `--dns NAME` or `--ip ADDR`.
    pub fn san_flag(&self) -> String {
        if self.dialled_is_ip() {
            format!("--ip {}", self.dialled)
        } else {
            format!("--dns {}", self.dialled)
        }
    }

    /// A name of the certificate a client can set as the expected server name instead: a
    /// DNS name (a wildcard does not name one host), else an IP.
    pub fn server_name(&self) -> Option<&str> {
        let usable = |n: &&String| !n.contains('*');
        self.valid_for
            .iter()
            .filter(usable)
            .find(|n| n.parse::<std::net::IpAddr>().is_err())
            .or_else(|| self.valid_for.iter().find(usable))
            .map(String::as_str)
    }

    /// What to do, in the order a user would try it.
    pub fn fixes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(n) = self.server_name() {
            out.push(format!(
                "if '{}' is right to dial, tell the client which name to expect: --tls-server-name {n} (TEMPORAL_TLS_SERVER_NAME={n}; tls.client.serverName for internode)",
                self.dialled
            ));
        }
        let mut flags: Vec<String> = self
            .valid_for
            .iter()
            .map(|n| {
                if n.parse::<std::net::IpAddr>().is_ok() {
                    format!("--ip {n}")
                } else {
                    format!("--dns {n}")
                }
            })
            .collect();
        flags.push(self.san_flag());
        // `issue --force` with --dns/--ip replaces all the names: list every one.
        let others = if self.valid_for.is_empty() {
            " (and every name it has now)"
        } else {
            ""
        };
        out.push(format!(
            "or add '{}' to the server certificate: add it to the certificate's {} list in tcerts.toml and run `tcerts renew NAME`, or `tcerts issue frontend --name NAME {}{others} --force`",
            self.dialled,
            if self.dialled_is_ip() { "ip" } else { "dns" },
            flags.join(" ")
        ));
        out
    }
}

/// A run of characters a DNS name or IP address (v4, v6 or bracketed) can hold.
fn name_token(s: &str) -> &str {
    let s = s.trim_start_matches([' ', '"', '\'', '\\']);
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || ".-_*:[]".contains(c)))
        .unwrap_or(s.len());
    s[..end].trim_end_matches(['.', ':'])
}

/// The names of a Go (`x509: certificate is valid for A, B, not C`, `… not valid for any
/// names, but wanted to match C`, `cannot validate certificate for IP because …`) or rustls
/// (`certificate not valid for name "C"; certificate is only valid for DnsName("A") or …`)
/// name-mismatch message.
pub fn names_in(text: &str) -> Option<NameMismatch> {
    // Go: the certificate's names, then ", not " and the dialled name.
    if let Some(i) = text.find("is valid for ") {
        let rest = &text[i + "is valid for ".len()..];
        if let Some(j) = rest.find(", not ") {
            let dialled = name_token(&rest[j + ", not ".len()..]);
            let valid_for = rest[..j]
                .split(", ")
                .map(name_token)
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect();
            if !dialled.is_empty() {
                return Some(NameMismatch {
                    dialled: dialled.to_string(),
                    valid_for,
                });
            }
        }
    }
    if let Some(i) = text.find("but wanted to match ") {
        let dialled = name_token(&text[i + "but wanted to match ".len()..]);
        if !dialled.is_empty() {
            return Some(NameMismatch {
                dialled: dialled.to_string(),
                valid_for: Vec::new(),
            });
        }
    }
    if let Some(i) = text.find("cannot validate certificate for ") {
        let dialled = name_token(&text[i + "cannot validate certificate for ".len()..]);
        if !dialled.is_empty() {
            return Some(NameMismatch {
                dialled: dialled.to_string(),
                valid_for: Vec::new(),
            });
        }
    }
    // rustls: DnsName("a"), DnsName("b") or IpAddress(10.0.0.1)
    if let Some(i) = text.find("not valid for name ") {
        let rest = &text[i + "not valid for name ".len()..];
        let dialled = name_token(rest).to_string();
        let mut valid_for = Vec::new();
        if let Some(j) = rest.find("is only valid for ") {
            let list = &rest[j + "is only valid for ".len()..];
            for part in list.split(&[',', ' '][..]) {
                let inner = part
                    .strip_prefix("DnsName(")
                    .or_else(|| part.strip_prefix("IpAddress("));
                if let Some(inner) = inner {
                    let n = name_token(inner);
                    if !n.is_empty() {
                        valid_for.push(n.to_string());
                    }
                }
            }
        }
        if !dialled.is_empty() {
            return Some(NameMismatch { dialled, valid_for });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{NameMismatch, explain, names_in};

    #[test]
    fn names_come_out_of_go_and_rustls_messages() {
        let go = names_in(
            r#"rpc error: code = Unavailable desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for temporal-frontend, localhost, 127.0.0.1, not fe.example.com""#,
        )
        .unwrap();
        assert_eq!(
            go,
            NameMismatch {
                dialled: "fe.example.com".into(),
                valid_for: vec![
                    "temporal-frontend".into(),
                    "localhost".into(),
                    "127.0.0.1".into()
                ],
            }
        );
        assert_eq!(go.server_name(), Some("temporal-frontend"));
        assert_eq!(go.san_flag(), "--dns fe.example.com");
        let ip = names_in("x509: certificate is valid for localhost, not 10.0.0.5").unwrap();
        assert_eq!(ip.san_flag(), "--ip 10.0.0.5");
        assert!(ip.fixes()[1].contains("--dns localhost --ip 10.0.0.5"));
        let rustls = names_in(
            r#"invalid peer certificate: certificate not valid for name "fe.example"; certificate is only valid for DnsName("*.internal"), DnsName("temporal") or IpAddress(127.0.0.1)"#,
        )
        .unwrap();
        assert_eq!(rustls.dialled, "fe.example");
        assert_eq!(rustls.valid_for, ["*.internal", "temporal", "127.0.0.1"]);
        assert_eq!(rustls.server_name(), Some("temporal"));
        let none = names_in(
            "x509: certificate is not valid for any names, but wanted to match fe.example",
        )
        .unwrap();
        assert!(none.valid_for.is_empty() && none.server_name().is_none());
        assert_eq!(
            names_in("x509: cannot validate certificate for 10.1.2.3 because it doesn't contain any IP SANs")
                .unwrap()
                .dialled,
            "10.1.2.3"
        );
        assert!(names_in("certificate signed by unknown authority").is_none());
    }

    fn causes(text: &str) -> Vec<&'static str> {
        explain(text).iter().map(|e| e.cause).collect()
    }

    #[test]
    fn the_verdict_outranks_its_wrappers() {
        let c = causes(
            "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority\"",
        );
        assert_eq!(c, ["unknown-issuer", "handshake-failed"]);
        assert_eq!(
            causes("invalid peer certificate: UnknownIssuer"),
            ["unknown-issuer"]
        );
        assert_eq!(
            causes("received fatal alert: CertificateRequired"),
            ["client-cert-not-sent"]
        );
        assert!(causes("hello world").is_empty());
        // The CLI's hint mentions "CA certificate": not a tcld error.
        assert_eq!(
            causes(
                "x509: certificate signed by unknown authority\n  The server certificate is not trusted. Configure its CA certificate with --tls-ca-path."
            ),
            ["unknown-issuer"]
        );
    }

    #[test]
    fn names_are_pulled_out_of_go_and_rustls_messages() {
        let e =
            &explain("x509: certificate is valid for localhost, 127.0.0.1, not temporal.example")
                [0];
        assert_eq!(e.cause, "name-mismatch");
        assert!(
            e.details[0]
                .contains("valid for localhost, 127.0.0.1; the client checked temporal.example"),
            "{:?}",
            e.details
        );
        assert!(
            e.details[1].contains("--dns temporal.example")
                && e.details[1].contains("--tls-server-name localhost"),
            "{:?}",
            e.details
        );
        assert!(
            e.checks[0].contains("--server-name temporal.example"),
            "{:?}",
            e.checks
        );
        let e = &explain(
            r#"InvalidCertificate(NotValidForNameContext { expected: DnsName("temporal.example"), presented: ["DnsName(\"localhost\")", "IpAddress(127.0.0.1)"] })"#,
        )[0];
        assert!(
            e.details[0]
                .contains("valid for localhost, 127.0.0.1; the client checked temporal.example"),
            "{:?}",
            e.details
        );
        let e = &explain(
            "Error: failed connecting to Temporal server at 10.0.0.5:7233: x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs",
        )[0];
        assert!(e.details[0].contains("--ip 10.0.0.5"), "{:?}", e.details);
        assert!(
            e.checks[1].contains("--connect 10.0.0.5:7233"),
            "{:?}",
            e.checks
        );
        let c: Vec<_> = explain(
            r#"InvalidCertificate(NotValidForNameContext { expected: DnsName("localhost"), presented: [] })"#,
        )
        .iter()
        .map(|e| e.cause)
        .collect();
        assert_eq!(c, ["cn-only", "name-mismatch"]);
        let e = &explain(
            "InvalidCertificate(ExpiredContext { time: UnixTime(1796106073), not_after: UnixTime(1580428800) })",
        )[0];
        assert_eq!(e.cause, "expired");
        assert!(
            e.details[0].contains("2020-01-31T00:00:00Z"),
            "{:?}",
            e.details
        );
    }
}
