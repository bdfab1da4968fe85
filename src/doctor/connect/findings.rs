//! Findings on a recorded handshake: pure functions from what `probe` saw (the
//! `Handshake`, the CA names the server asked for, the client's certificates) to findings.

use std::io::ErrorKind;

use super::{ConnectError, ConnectInput, Handshake, dn_string, split_host};
use crate::doctor::evidence::Cert;
use crate::doctor::{Finding, Report, Severity};

/// The finding for a probe that never reached a TLS server: dns-failure,
/// connection-refused, unreachable or no-answer; None for other errors (usage errors).
pub(super) fn not_reached(e: &ConnectError, address: &str, timeout_secs: u64) -> Option<Finding> {
    let host = split_host(address).map(|(h, _)| h).unwrap_or(address);
    let up = format!(
        "check the address (host and port: the frontend's gRPC port, frontend.rpc.grpcPort, is usually 7233) and that the frontend is up: temporal operator cluster health --address {address}; on its host, ss -ltn shows the ports it listens on"
    );
    match e {
        ConnectError::Resolve(_, err) => Some(Finding::new(
            "dns-failure",
            Severity::Error,
            address,
            if err.kind() == ErrorKind::TimedOut {
                format!(
                    "the name {host} could not be resolved: the resolver gave no answer within {timeout_secs} s"
                )
            } else {
                format!(
                    "the name {host} could not be resolved ({err}): no DNS record for it, or no resolver to ask"
                )
            },
            format!(
                "check the host name for typos (--address, TEMPORAL_ADDRESS, the profile's address) and the resolver: getent hosts {host}; in Kubernetes the service name and namespace (temporal-frontend.NAMESPACE.svc.cluster.local); Temporal Cloud: NAMESPACE.ACCOUNT.tmprl.cloud:7233"
            ),
        )),
        ConnectError::Connect(_, secs, err) => {
            let (code, what) = match err.kind() {
                ErrorKind::ConnectionRefused => (
                    "connection-refused",
                    format!(
                        "nothing is listening on {address}: the host answered, but refused the connection (no process accepts connections on that port)"
                    ),
                ),
                ErrorKind::TimedOut | ErrorKind::WouldBlock => (
                    "no-answer",
                    format!(
                        "no answer from {address} within {secs} s: the connection was neither accepted nor refused (a firewall that drops packets, a host that is down, or a wrong address)"
                    ),
                ),
                ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => (
                    "unreachable",
                    format!("{address} is unreachable ({err}): no route from here to that host"),
                ),
                _ => ("unreachable", format!("cannot connect to {address}: {err}")),
            };
            let fix = if code == "unreachable" {
                format!(
                    "{up}; and the network path: routes, VPN, firewalls or security groups between here and the frontend"
                )
            } else if code == "no-answer" {
                format!(
                    "{up}; firewalls or security groups that drop the port; raise --timeout on a slow link"
                )
            } else {
                up.clone()
            };
            Some(Finding::new(code, Severity::Error, address, what, fix))
        }
        _ => None,
    }
}

pub(super) const CONN: &str = "connection";

/// The findings on a recorded handshake: what the server asked for, what the client
/// sent, how it ended.
pub(super) fn connection_findings(
    hs: &Handshake,
    hints: Option<&[Vec<u8>]>,
    client: &[Cert],
    input: &ConnectInput<'_>,
    silent: bool,
    report: &mut Report,
) {
    client_cert_findings(hs, hints, client, input, report);
    withheld_finding(hs, input, report);
    ending_findings(hs, input, silent, report);
    negotiation_findings(hs, input, report);
}

/// client-cert-not-requested, client-cert-not-sent: what the server asked for against
/// the client certificate given.
fn client_cert_findings(
    hs: &Handshake,
    hints: Option<&[Vec<u8>]>,
    client: &[Cert],
    input: &ConnectInput<'_>,
    report: &mut Report,
) {
    let addr = input.address;
    let mut add = |f: Finding| report.add(CONN, None, f);
    match (hints, client.first()) {
        (None, Some(_)) if hs.completed => add(Finding::new(
            "client-cert-not-requested",
            Severity::Warning,
            addr,
            "the server did not ask for a client certificate: mTLS is off on this port (requireClientAuth: false), so anyone who reaches it is let in",
            "set requireClientAuth: true and clientCaFiles in the frontend's TLS config (global.tls.frontend.server)",
        )),
        (Some(h), Some(_)) if !h.is_empty() => {
            let listed = client.iter().any(|c| h.contains(&c.info.issuer_raw));
            if !listed {
                let names: Vec<String> = h.iter().map(|n| dn_string(n)).collect();
                add(Finding::new(
                    "client-cert-not-sent",
                    Severity::Error,
                    addr,
                    format!(
                        "the server accepts client certificates from {}, but this certificate's issuer ({}) is not among them: Go clients (Temporal CLI, Go SDK, the server itself) send no certificate at all, and the server answers 'bad certificate' / 'certificate required'",
                        names.join("; "),
                        client[0].info.issuer
                    ),
                    "add the client's CA to the server's clientCaFiles (tcerts: DIR/certs/NAME/ca.pem, or the namespace CA), or issue the client from a listed CA",
                ));
            }
        }
        (Some(_), None) => add(Finding::new(
            "client-cert-not-sent",
            Severity::Error,
            addr,
            "the server asks for a client certificate and none was given: Temporal with requireClientAuth refuses the connection",
            "pass --cert CHAIN.pem --key KEY.pem (the worker or CLI certificate), as --tls-cert-path / --tls-key-path do",
        )),
        _ => {}
    }
}

/// client-cert-withheld: the server asked, but did not prove itself against --ca.
fn withheld_finding(hs: &Handshake, input: &ConnectInput<'_>, report: &mut Report) {
    let addr = input.address;
    let mut add = |f: Finding| report.add(CONN, None, f);
    if let Some(why) = &hs.client_cert_withheld {
        let (severity, fix) = if input.ca.is_some() {
            (
                Severity::Error,
                "fix the server's chain (the server # findings say how), or pass the --ca that really issued it",
            )
        } else {
            (
                Severity::Warning,
                "pass --ca with the CA that issued the server's certificate (what clients use as --tls-ca-path / rootCaFiles)",
            )
        };
        add(Finding::new(
            "client-cert-withheld",
            severity,
            addr,
            format!(
                "the server asks for a client certificate, but tcerts did not send it: {why}. A server that has not proved itself must not see the client's certificate chain (it could be a rogue server collecting them), so the server's verdict on the client certificate is unknown"
            ),
            fix,
        ));
    }
}

/// handshake-rejected, no-answer, handshake-failed: how the connection ended.
fn ending_findings(hs: &Handshake, input: &ConnectInput<'_>, silent: bool, report: &mut Report) {
    let addr = input.address;
    let mut add = |f: Finding| report.add(CONN, None, f);
    if hs.client_cert_withheld.is_some() {
        // A refusal is what a server says to a client that sent no certificate: no news.
    } else if let Some(alert) = &hs.alert {
        let why = match alert.as_str() {
            "bad_certificate" => {
                "the server rejected the client certificate (or the chain it sent)"
            }
            "certificate_required" => "the server needed a client certificate and got none",
            "unknown_ca" => "the server does not trust the client certificate's CA",
            "certificate_expired" => {
                "the server found an expired certificate on the client's chain"
            }
            "unsupported_certificate" => {
                "the server found the certificate unusable (key usage or EKU)"
            }
            "handshake_failure" => "no common TLS version, cipher or signature scheme",
            "protocol_version" => "no common TLS version",
            _ => "the server aborted the handshake",
        };
        add(Finding::new(
            "handshake-rejected",
            Severity::Error,
            addr,
            format!("the server sent the alert {alert}: {why}"),
            "check the client certificate: tcerts doctor --cert CLIENT-CHAIN.pem --key KEY.pem --ca SERVER-CLIENT-CA.pem --usage client",
        ));
    } else if let Some(err) = &hs.error
        && !hs.completed
        && silent
    {
        add(Finding::new(
            "no-answer",
            Severity::Error,
            addr,
            format!(
                "{err}: something accepts connections there, but it does not speak TLS first (a plaintext port, or a process that is hung)"
            ),
            format!(
                "check the address: the frontend's gRPC port (frontend.rpc.grpcPort) is usually 7233, and it must serve TLS; check that the frontend is up and healthy (temporal operator cluster health --address {addr})"
            ),
        ));
    } else if let Some(err) = &hs.error
        && !hs.completed
    {
        add(Finding::new(
            "handshake-failed",
            Severity::Error,
            addr,
            format!("the TLS handshake failed: {err}"),
            "is this a TLS port? try the address Temporal's frontend listens on (frontend.rpc.grpcPort), and compare TLS versions",
        ));
    } else if let Some(err) = &hs.error {
        add(Finding::new(
            "handshake-rejected",
            Severity::Error,
            addr,
            format!(
                "{err}: the server dropped the connection after the handshake (a rejected client certificate, without an alert)"
            ),
            "check the server's log for the reason, and the client certificate with tcerts doctor --cert … --usage client",
        ));
    }
}

/// no-h2, no-ca-given: what a completed handshake agreed on, and what it could not check.
fn negotiation_findings(hs: &Handshake, input: &ConnectInput<'_>, report: &mut Report) {
    let addr = input.address;
    let mut add = |f: Finding| report.add(CONN, None, f);
    if hs.completed && hs.alpn.as_deref() != Some("h2") {
        add(Finding::new(
            "no-h2",
            Severity::Error,
            addr,
            format!(
                "the server negotiated {} instead of ALPN h2: gRPC clients (grpc-go >= 1.67, the Temporal CLI) fail with 'missing selected ALPN property'",
                hs.alpn
                    .as_deref()
                    .map(|a| format!("ALPN '{a}'"))
                    .unwrap_or_else(|| "no ALPN".into())
            ),
            "terminate TLS on the frontend itself, or configure the proxy for HTTP/2 (nginx: listen … ssl http2; grpc_pass)",
        ));
    }
    if hs.completed && input.ca.is_none() {
        add(Finding::new(
            "no-ca-given",
            Severity::Info,
            addr,
            "no --ca given: the server's chain was not checked against a trusted CA",
            "pass --ca with the file clients use as --tls-ca-path / rootCaFiles",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each way of not reaching a server has its code; an unreachable network cannot be
    /// staged reliably on a test machine, so the mapping is checked here.
    #[test]
    fn not_reached_maps_each_socket_error_to_its_code() {
        let addr = "frontend.example:7233";
        let connect = |k: ErrorKind| ConnectError::Connect(addr.into(), 5, k.into());
        let code = |e: ConnectError| not_reached(&e, addr, 5).map(|f| f.code);
        assert_eq!(
            code(connect(ErrorKind::ConnectionRefused)),
            Some("connection-refused")
        );
        assert_eq!(
            code(connect(ErrorKind::HostUnreachable)),
            Some("unreachable")
        );
        assert_eq!(
            code(connect(ErrorKind::NetworkUnreachable)),
            Some("unreachable")
        );
        assert_eq!(code(connect(ErrorKind::TimedOut)), Some("no-answer"));
        assert_eq!(
            code(ConnectError::Resolve(
                addr.into(),
                ErrorKind::NotFound.into()
            )),
            Some("dns-failure")
        );
        assert_eq!(code(ConnectError::Address(addr.into())), None);
        let f = not_reached(&connect(ErrorKind::HostUnreachable), addr, 5).unwrap();
        assert!(
            f.fix.contains("7233") && f.fix.contains("routes"),
            "{}",
            f.fix
        );
    }

    /// Findings of a recorded handshake, with no client certificate and no --ca.
    fn codes_of(hs: &Handshake, hints: Option<&[Vec<u8>]>, silent: bool) -> Vec<&'static str> {
        let known = crate::doctor::chain::KnownCas::default();
        let input = ConnectInput {
            address: &hs.address,
            server_name: None,
            cert: None,
            key: None,
            ca: None,
            timeout: std::time::Duration::from_secs(5),
            now: time::OffsetDateTime::UNIX_EPOCH,
            known: &known,
        };
        let mut report = Report::default();
        connection_findings(hs, hints, &[], &input, silent, &mut report);
        report.codes()
    }

    fn recorded(completed: bool) -> Handshake {
        Handshake {
            address: "frontend.example:7233".into(),
            server_name: "frontend.example".into(),
            completed,
            ..Handshake::default()
        }
    }

    /// A completed handshake without ALPN h2 and without --ca: no-h2 and no-ca-given.
    #[test]
    fn completed_handshake_without_h2_is_flagged() {
        let mut hs = recorded(true);
        hs.alpn = Some("http/1.1".into());
        let codes = codes_of(&hs, None, false);
        assert!(codes.contains(&"no-h2"), "{codes:?}");
        assert!(codes.contains(&"no-ca-given"), "{codes:?}");
        hs.alpn = Some("h2".into());
        assert!(!codes_of(&hs, None, false).contains(&"no-h2"));
    }

    /// An alert ends in handshake-rejected; a silent timeout in no-answer; another error
    /// before the end of the handshake in handshake-failed.
    #[test]
    fn failed_handshakes_map_to_their_codes() {
        let mut alerted = recorded(false);
        alerted.alert = Some("bad_certificate".into());
        assert!(codes_of(&alerted, None, false).contains(&"handshake-rejected"));
        let mut silent = recorded(false);
        silent.error = Some("no answer within 5 s".into());
        assert!(codes_of(&silent, None, true).contains(&"no-answer"));
        assert!(codes_of(&silent, None, false).contains(&"handshake-failed"));
    }

    /// A server that asks for a client certificate the client does not have.
    #[test]
    fn requested_but_absent_client_cert_is_reported() {
        let mut hs = recorded(true);
        hs.alpn = Some("h2".into());
        hs.client_cert_requested = true;
        let codes = codes_of(&hs, Some(&[]), false);
        assert!(codes.contains(&"client-cert-not-sent"), "{codes:?}");
    }
}
