//! `doctor --explain "TEXT"`: what a pasted TLS error from Go, rustls, OpenSSL, the
//! Temporal CLI, an SDK or tcld usually means, and what to run next.

use serde::Serialize;

/// One recognised error.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The text that was recognised.
    pub matched: &'static str,
    /// Which software says this.
    pub source: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [&'static str],
    pub checks: &'static [&'static str],
    /// The doctor finding codes that detect these causes.
    pub codes: &'static [&'static str],
}

struct Entry {
    patterns: &'static [&'static str],
    e: Explanation,
}

const CHECK_SERVER: &str = "tcerts doctor --connect HOST:PORT --server-name NAME --ca CA.pem --cert CLIENT-CHAIN.pem --key CLIENT-KEY.pem";
const CHECK_FILES: &str =
    "tcerts doctor --cert CHAIN.pem --key KEY.pem --ca CA.pem --usage server|client";

macro_rules! entry {
    ($pats:expr, $matched:expr, $source:expr, $meaning:expr, $causes:expr, $checks:expr, $codes:expr) => {
        Entry {
            patterns: $pats,
            e: Explanation {
                matched: $matched,
                source: $source,
                meaning: $meaning,
                causes: $causes,
                checks: $checks,
                codes: $codes,
            },
        }
    };
}

const TABLE: &[Entry] = &[
    entry!(
        &[
            "signed by unknown authority",
            "unknown certificate authority",
            "pkix path building failed",
            "unable to find valid certification path",
            "remotecertificatechainerrors",
            "untrustedroot",
            "certificate verify failed",
            "unknownissuer",
            "unknown issuer",
            "unable to get local issuer certificate",
            "unable to get issuer certificate",
            "tlsv1 alert unknown ca",
            "alert unknown ca",
            "unknown_ca",
            "unknownca",
            "self-signed certificate in certificate chain",
            "self signed certificate in certificate chain"
        ],
        "certificate signed by unknown authority",
        "Go crypto/tls, rustls, OpenSSL",
        "The peer could not build a path from the presented certificate to a CA it trusts.",
        &[
            "the peer's CA file holds another CA (or none): wrong --tls-ca-path / rootCaFiles / clientCaFiles",
            "the intermediate is not sent: certFile points at cert.pem instead of chain.pem",
            "a CA without keyCertSign, or a SHA-1 signature, reported the same way",
            "on Temporal Cloud: the client CA was given as --tls-ca-path; Cloud's server certificate is publicly trusted, so omit --tls-ca-path",
        ],
        &[CHECK_FILES, CHECK_SERVER],
        &[
            "unknown-issuer",
            "missing-intermediate",
            "ca-keyusage",
            "insecure-signature",
            "not-a-ca",
            "self-signed"
        ]
    ),
    entry!(
        &[
            "is valid for",
            "certificate is not valid for any names",
            "notvalidforname",
            "not valid for name",
            "hostname mismatch",
            "certificatenotvalidforname",
            "no subject alternative names matching",
            "no subject alternative dns name matching",
            "no name matching",
            "remotecertificatenamemismatch"
        ],
        "x509: certificate is valid for X, not Y",
        "Go crypto/tls, rustls, OpenSSL",
        "The name the client dialled is not among the server certificate's SANs.",
        &[
            "the client dials a name (or IP) the certificate was not issued for: re-issue with --dns/--ip",
            "the client should set the expected name: --tls-server-name, tls.client.serverName (internode), TEMPORAL_TLS_SERVER_NAME",
            "the chain is in the wrong order, so a CA certificate is taken as the server's ('not valid for any names')",
        ],
        &[
            "tcerts doctor --cert CHAIN.pem --usage server --server-name NAME",
            CHECK_SERVER
        ],
        &["name-mismatch", "chain-order"]
    ),
    entry!(
        &[
            "doesn't contain any ip sans",
            "does not contain any ip sans"
        ],
        "cannot validate certificate for IP because it doesn't contain any IP SANs",
        "Go crypto/tls",
        "The client dialled an IP address, and the server certificate has no IP SAN.",
        &[
            "dialling 127.0.0.1 or a pod IP: issue the certificate with --ip ADDR, or dial a DNS name",
            "set --tls-server-name / serverName to one of the certificate's DNS names",
        ],
        &["tcerts doctor --cert CHAIN.pem --usage server --server-name IP"],
        &["name-mismatch"]
    ),
    entry!(
        &["legacy common name", "relies on legacy common name field"],
        "x509: certificate relies on legacy Common Name field, use SANs instead",
        "Go crypto/tls",
        "The server certificate has no subject alternative names; Go ignores the CN.",
        &["the certificate was made without SANs (openssl req without -addext subjectAltName)"],
        &[
            "tcerts doctor --cert CHAIN.pem --usage server",
            "tcerts issue frontend --dns NAME --force"
        ],
        &["cn-only"]
    ),
    entry!(
        &[
            "incompatible key usage",
            "requiredekunotfound",
            "required eku not found",
            "unsupported certificate purpose",
            "invalidpurpose",
            "ekunotallowed"
        ],
        "x509: certificate specifies an incompatible key usage",
        "Go crypto/tls, rustls, OpenSSL",
        "The certificate (or a CA above it) has an extended key usage without serverAuth or clientAuth as needed.",
        &[
            "an internode certificate with only serverAuth: it is also the client certificate between services",
            "a worker/CLI certificate made as a server certificate (or the reverse)",
            "an intermediate CA with an EKU extension that lacks the usage (Go checks EKUs up the chain)",
        ],
        &[
            "tcerts doctor --cert CHAIN.pem --ca CA.pem --usage client",
            "tcerts issue internode --dns NAME --force"
        ],
        &["eku-missing"]
    ),
    entry!(
        &[
            "bad certificate",
            "bad_certificate",
            "badcertificate",
            "certificate required",
            "certificate_required",
            "certificaterequired",
            "didn't provide a certificate",
            "did not provide a certificate",
            "peer did not return a certificate",
            "no certificate returned"
        ],
        "remote error: tls: bad certificate / certificate required",
        "Go crypto/tls (client side), Temporal frontend logs",
        "The server rejected the client certificate, or never received one.",
        &[
            "the client sent no certificate: Go sends none when its issuer is not among the CAs the server lists (wrong clientCaFiles, or a namespace CA missing from them)",
            "the client certificate lacks clientAuth, has expired, or its chain lacks the intermediate",
            "--tls-cert-path / --tls-key-path not set, or pointing at the wrong files",
            "on Temporal Cloud: the namespace's accepted CA bundle does not hold the client's CA, or a certificate filter rejects it",
        ],
        &[
            CHECK_SERVER,
            "tcerts doctor --cert CLIENT-CHAIN.pem --key CLIENT-KEY.pem --ca CLIENT-CA-BUNDLE.pem --usage client"
        ],
        &[
            "client-cert-not-sent",
            "handshake-rejected",
            "eku-missing",
            "expired",
            "missing-intermediate"
        ]
    ),
    entry!(
        &[
            "has expired or is not yet valid",
            "certificate has expired",
            "certexpired",
            "certnotvalidyet",
            "certificate is not yet valid",
            "certificate expired",
            "expired certificate",
            "certificate_expired",
            "peer certificate: expired",
            "peer certificate: notvalidyet"
        ],
        "x509: certificate has expired or is not yet valid",
        "Go crypto/tls, rustls, OpenSSL",
        "A certificate on the chain (leaf, intermediate or root) is outside its validity period.",
        &[
            "an expired leaf, intermediate or root (Go also rejects an expired root)",
            "a clock that is wrong on the client or the server",
            "a certificate issued just now by a host whose clock is ahead (not yet valid)",
        ],
        &[
            "tcerts doctor (in the PKI directory)",
            CHECK_FILES,
            "date -u on both hosts"
        ],
        &["expired", "not-yet-valid", "expiring-soon"]
    ),
    entry!(
        &["authentication handshake failed"],
        "transport: authentication handshake failed",
        "grpc-go (Temporal CLI, Go SDK, server)",
        "gRPC's wrapper around a TLS failure: the real cause follows the colon.",
        &["any of the TLS errors above; read the text after 'authentication handshake failed:'"],
        &[
            "tcerts doctor --explain \"THE TEXT AFTER THE COLON\"",
            CHECK_SERVER
        ],
        &[]
    ),
    entry!(
        &[
            "use parseecprivatekey",
            "use parsepkcs1privatekey",
            "failed to parse private key",
            "private key does not match",
            "no pem data",
            "failed to find any pem data",
            "failed to find certificate pem data",
            "failed to find \"private key\""
        ],
        "tls: failed to parse private key / failed to find any PEM data",
        "Go crypto/tls (tls.LoadX509KeyPair)",
        "The certificate or key file is not what Go expects.",
        &[
            "an encrypted private key (Temporal and the CLI cannot load them)",
            "the certificate and key paths are swapped",
            "a DER file where PEM is needed",
            "a key that belongs to another certificate ('private key does not match public key')",
        ],
        &[CHECK_FILES],
        &[
            "encrypted-key",
            "wrong-pem-type",
            "not-pem",
            "pem-malformed",
            "key-mismatch"
        ]
    ),
    entry!(
        &[
            "connection closed before server preface received",
            "server preface",
            "missing selected alpn",
            "alpn"
        ],
        "connection closed before server preface received / missing selected ALPN property",
        "grpc-go, older Temporal clients",
        "The TLS connection failed (often a rejected handshake hidden by an older client), or the server did not negotiate HTTP/2 (ALPN h2).",
        &[
            "a plaintext client talking to a TLS server, or the reverse",
            "a TLS proxy or load balancer in front of the frontend that does not negotiate ALPN h2",
            "any rejected handshake (client certificate, CA) on an older client",
        ],
        &[CHECK_SERVER],
        &["no-h2", "handshake-rejected"]
    ),
    entry!(
        &["insecure algorithm", "sha1", "sha-1", "md5"],
        "x509: cannot verify signature: insecure algorithm SHA1-RSA",
        "Go crypto/tls",
        "A certificate on the chain is signed with SHA-1 (or MD5), which Go refuses.",
        &["an old CA or an openssl command without -sha256"],
        &[CHECK_FILES],
        &["insecure-signature"]
    ),
    entry!(
        &[
            "first record does not look like a tls handshake",
            "wrong version number",
            "http: server gave http response",
            "packet length too long"
        ],
        "tls: first record does not look like a TLS handshake",
        "Go crypto/tls, OpenSSL",
        "One side speaks TLS and the other plaintext.",
        &[
            "TLS enabled on the client but not on the frontend (or the reverse); a plaintext port behind a TLS port"
        ],
        &[
            "tcerts doctor --connect HOST:PORT",
            "check frontend.server TLS settings and the port clients dial"
        ],
        &[]
    ),
    entry!(
        &[
            "deadline exceeded",
            "context deadline exceeded",
            "i/o timeout",
            "connection refused"
        ],
        "context deadline exceeded / connection refused",
        "grpc-go, the Temporal CLI",
        "Nothing answered, or the TLS handshake never finished; not necessarily a certificate problem.",
        &[
            "wrong address or port, a firewall, or a server that is down",
            "a TLS failure the client only reports as a timeout"
        ],
        &["tcerts doctor --connect HOST:PORT --timeout 5"],
        &["handshake-rejected"]
    ),
    entry!(
        &[
            "accepted-client-ca",
            "accepted client ca",
            "invalid ca certificate",
            "ca certificate",
            "certificate filter"
        ],
        "tcld: accepted client CA rejected",
        "tcld, Temporal Cloud",
        "Temporal Cloud refused the namespace's CA bundle.",
        &[
            "a leaf in the bundle, a CA without CA:TRUE, Ed25519, SHA-1, an incomplete chain, duplicates, more than 16 certificates or 32 KB"
        ],
        &["tcerts doctor --bundle BUNDLE.pem --for cloud"],
        &[
            "bundle-not-ca",
            "bundle-incomplete-chain",
            "bundle-key-type",
            "bundle-weak-signature",
            "bundle-duplicate",
            "bundle-duplicate-dn",
            "bundle-too-many",
            "bundle-too-large"
        ]
    ),
];

/// Every table entry the text matches (case-insensitive).
pub fn explain(text: &str) -> Vec<Explanation> {
    let lower = text.to_lowercase();
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    TABLE
        .iter()
        .filter(|entry| {
            entry.patterns.iter().any(|p| {
                lower.contains(p) || {
                    let sp: String = p.chars().filter(|c| c.is_alphanumeric()).collect();
                    sp.len() > 12 && squashed.contains(&sp)
                }
            })
        })
        .map(|entry| entry.e.clone())
        .collect()
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

    #[test]
    fn common_errors_are_recognised() {
        let e = explain(
            "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority\"",
        );
        let m: Vec<_> = e.iter().map(|e| e.matched).collect();
        assert!(
            m.contains(&"certificate signed by unknown authority"),
            "{m:?}"
        );
        assert!(
            m.contains(&"transport: authentication handshake failed"),
            "{m:?}"
        );
        assert!(
            explain("invalid peer certificate: UnknownIssuer")[0]
                .codes
                .contains(&"unknown-issuer")
        );
        assert!(
            explain("received fatal alert: CertificateRequired")[0]
                .codes
                .contains(&"client-cert-not-sent")
        );
        assert!(explain("hello world").is_empty());
    }
}
