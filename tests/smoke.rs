mod support;
use support::*;

#[test]
fn init_then_issue_verifies_with_openssl() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "frontend", "--dns", "localhost"])
        .succeeds();
    let (ok, text) = openssl_verify(
        &pki.cert("frontend", "ca.pem"),
        &pki.cert("frontend", "chain.pem"),
        &pki.cert("frontend", "cert.pem"),
        "sslserver",
    );
    assert!(ok, "{text}");
}
