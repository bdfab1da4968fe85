//! `tcerts doctor --explain`: pasted TLS errors mapped to causes and checks.
use super::*;

#[test]
fn explain_maps_pasted_errors_to_causes_and_checks() {
    for (text, code) in [
        (
            "Error: failed reaching server: last connection error: connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority\"",
            "missing-intermediate",
        ),
        (
            "x509: certificate is valid for frontend, not temporal.example.com",
            "name-mismatch",
        ),
        (
            "io.grpc.StatusRuntimeException: UNAVAILABLE: io exception Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
            "missing-intermediate",
        ),
        (
            "java.security.cert.CertificateException: No subject alternative names matching IP address 10.0.0.7 found",
            "name-mismatch",
        ),
        (
            "The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch",
            "name-mismatch",
        ),
        (
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate",
            "unknown-issuer",
        ),
        (
            "tls: failed to verify certificate: x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs",
            "name-mismatch",
        ),
        (
            "x509: certificate relies on legacy Common Name field, use SANs instead",
            "cn-only",
        ),
        ("remote error: tls: bad certificate", "client-cert-not-sent"),
        ("invalid peer certificate: UnknownIssuer", "unknown-issuer"),
        ("tls: failed to parse private key", "encrypted-key"),
        (
            "x509: certificate specifies an incompatible key usage",
            "eku-missing",
        ),
        (
            "connection error: desc = \"error reading server preface: missing selected ALPN property\"",
            "no-h2",
        ),
    ] {
        let run = Test::bare()
            .args(&["doctor", "--json", "--explain", text])
            .succeeds();
        let doc = run.json();
        let codes: Vec<&str> = doc["matches"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| {
                m["codes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|c| c.as_str())
            })
            .collect();
        assert!(codes.contains(&code), "{text}: {codes:?}");
    }
    Test::bare()
        .args(&[
            "doctor",
            "--explain",
            "x509: certificate has expired or is not yet valid",
        ])
        .succeeds()
        .stdout_has("likely causes")
        .stdout_has("tcerts doctor");
    Test::bare()
        .args(&["doctor", "--explain", "all good"])
        .succeeds()
        .stdout_has("No known TLS error");
}
