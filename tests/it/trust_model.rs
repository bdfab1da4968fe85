//! The trust model (docs/trust-model.md), judged by verifiers nobody here wrote: Go's
//! crypto/x509 and crypto/tls (tests/go/mtls-terminator, what Temporal's frontend, CLI and
//! Go SDK run), `openssl verify`, the real Temporal CLI against a real dev server, and
//! Temporal Cloud's certificate-filter matching re-implemented here from its documentation.
//!
//! - A namespace's bundle admits only its own certificates, with no filters at all.
//! - A namespace CA key cannot make a server certificate that clients accept.
//! - After rotate, apply and retire (namespace, issuing CA, root): old certificates and
//!   certificates the retired key signs afterwards are refused, new ones accepted, by the
//!   Cloud bundle plus filters and by the self-hosted `trust/clients.pem`; during the
//!   overlap both generations connect; an old-layout namespace migrates without cutting
//!   anyone off.
//!
//! Skipped with a notice when `go` (or, for the real-server test, `temporal`/`nginx`) is
//! missing, unless TCERTS_REQUIRE_E2E is set (CI).

use crate::support;
use crate::support::temporal;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::*;
use temporal::{DevServer, GoTerminator, describe, go_verify, namespace_list};
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

// --- Temporal Cloud, re-implemented -------------------------------------------------

/// One filter field against one value, as Cloud documents it: case-insensitive exact
/// match, one `*` allowed only at the start or at the end.
fn field_matches(pattern: &str, value: &str) -> bool {
    let (p, v) = (pattern.to_lowercase(), value.to_lowercase());
    if let Some(suffix) = p.strip_prefix('*') {
        v.ends_with(suffix)
    } else if let Some(prefix) = p.strip_suffix('*') {
        v.starts_with(prefix)
    } else {
        p == v
    }
}

/// Cloud's certificate filters applied to a leaf: fields within one filter AND, filters
/// OR; a filter matches the leaf's subject CN, O, OU and its DNS SANs, never its issuer.
fn filters_admit(filters: &Value, cert: &Path) -> bool {
    let pem = fs::read(cert).unwrap();
    let der = x509_parser::pem::Pem::iter_from_buffer(&pem)
        .next()
        .expect("a PEM block")
        .expect("PEM")
        .contents;
    let (_, x) = X509Certificate::from_der(&der).expect("certificate");
    let first = |it: Vec<String>| it.into_iter().next().unwrap_or_default();
    let subject = x.subject();
    let cn = first(
        subject
            .iter_common_name()
            .filter_map(|a| a.as_str().ok().map(String::from))
            .collect(),
    );
    let o = first(
        subject
            .iter_organization()
            .filter_map(|a| a.as_str().ok().map(String::from))
            .collect(),
    );
    let ou = first(
        subject
            .iter_organizational_unit()
            .filter_map(|a| a.as_str().ok().map(String::from))
            .collect(),
    );
    let sans: Vec<String> = x
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|s| {
            s.value
                .general_names
                .iter()
                .filter_map(|g| match g {
                    GeneralName::DNSName(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    filters["filters"].as_array().unwrap().iter().any(|f| {
        let field = |k: &str| f.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        field("commonName").is_none_or(|p| field_matches(p, &cn))
            && field("organization").is_none_or(|p| field_matches(p, &o))
            && field("organizationalUnit").is_none_or(|p| field_matches(p, &ou))
            && field("subjectAlternativeName")
                .is_none_or(|p| sans.iter().any(|s| field_matches(p, s)))
    })
}

#[test]
fn the_filter_reimplementation_follows_clouds_rules() {
    assert!(field_matches("Payments", "payments"));
    assert!(field_matches("*.acme.com", "w1.acme.com"));
    assert!(field_matches("pay*", "payments"));
    assert!(!field_matches("pay", "payments"));
    assert!(!field_matches("*.acme.com", "acme.org"));
}

/// A client's certificate as Temporal Cloud judges it for one namespace: the chain it sends
/// verifies to a certificate of the bundle (Go crypto/x509, clientAuth), and, when the
/// namespace has filters, they admit the leaf. `openssl verify` must agree on the chain.
fn cloud_accepts(
    go: &Path,
    bundle: &Path,
    chain: &Path,
    cert: &Path,
    filters: Option<&Value>,
) -> bool {
    let (go_ok, go_text) = go_verify(go, bundle, Some(chain), cert, "client", None);
    let (ossl_ok, ossl_text) = openssl(&[
        "verify",
        "-purpose",
        "sslclient",
        "-CAfile",
        &bundle.to_string_lossy(),
        "-untrusted",
        &chain.to_string_lossy(),
        &cert.to_string_lossy(),
    ]);
    assert_eq!(
        go_ok,
        ossl_ok,
        "Go and OpenSSL disagree on {}: Go: {go_text} OpenSSL: {ossl_text}",
        cert.display()
    );
    go_ok && filters.is_none_or(|f| filters_admit(f, cert))
}

/// A client's certificate as a self-hosted frontend judges it: Go with `trust/clients.pem`
/// as ClientCAs (any certificate there anchors); `openssl verify -partial_chain` agrees.
fn frontend_accepts(go: &Path, pki: &Pki, chain: &Path, cert: &Path) -> bool {
    let anchors = pki.path("trust/clients.pem");
    let (go_ok, go_text) = go_verify(go, &anchors, Some(chain), cert, "client", None);
    let (ossl_ok, ossl_text) = openssl_verify_client(&anchors, chain, cert);
    assert_eq!(
        go_ok,
        ossl_ok,
        "Go and OpenSSL disagree on {}: Go: {go_text} OpenSSL: {ossl_text}",
        cert.display()
    );
    go_ok
}

/// A copy of a certificate's files, as deployed before a change.
struct Set {
    chain: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    ca: PathBuf,
}

fn keep(pki: &Pki, name: &str, to: &Path) -> Set {
    fs::create_dir_all(to).unwrap();
    for f in ["cert.pem", "chain.pem", "ca.pem", "key.pem"] {
        fs::copy(pki.cert(name, f), to.join(f)).unwrap();
    }
    Set {
        chain: to.join("chain.pem"),
        cert: to.join("cert.pem"),
        key: to.join("key.pem"),
        ca: to.join("ca.pem"),
    }
}

/// A certificate made with openssl from a retired CA's archived key, copying the victim's
/// O and OU: what whoever holds that key can still make. The chain sent along holds the
/// retired CA certificate too.
fn forge(pki: &Pki, archived: &str, name: &str, subj: &str) -> Set {
    let ca = pki.archived(archived);
    let dir = pki.tmp.path().join(format!("forged-{name}"));
    fs::create_dir_all(&dir).unwrap();
    let (cert, key) = openssl_sign_with(&ca, &dir, name, subj, None);
    let chain = dir.join("chain.pem");
    fs::write(
        &chain,
        fs::read_to_string(&cert).unwrap() + &fs::read_to_string(ca.join("cert.pem")).unwrap(),
    )
    .unwrap();
    Set {
        chain,
        cert,
        key,
        ca: pki.cert("ops", "ca.pem"),
    }
}

fn bundle(pki: &Pki, ns: &str) -> PathBuf {
    let out = pki.tmp.path().join(format!("bundle-{ns}.pem"));
    pki.tcerts(&["bundle", "--namespace", ns, "--output"])
        .arg(&out)
        .succeeds();
    out
}

fn filters(pki: &Pki, ns: &str) -> Value {
    pki.tcerts(&["filters", "--namespace", ns])
        .succeeds()
        .json_stdout()
}

trait JsonStdout {
    fn json_stdout(&self) -> Value;
}

impl JsonStdout for Run {
    fn json_stdout(&self) -> Value {
        serde_json::from_str(&self.stdout()).expect("JSON on stdout")
    }
}

// --- Isolation and EKU, no server -----------------------------------------------------

#[test]
fn a_namespace_bundle_admits_only_its_own_certificates_even_without_filters() {
    let Some(go) = temporal::require_go("trust_model isolation") else {
        return;
    };
    let pki = Pki::init(&[]);
    for ns in ["orders", "payments"] {
        pki.tcerts(&["namespace", "add", ns]).succeeds();
    }
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "ow", "--namespace", "orders"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    pki.tcerts(&["issue", "frontend", "--dns", "temporal-frontend"])
        .succeeds();
    let orders = bundle(&pki, "orders");
    let f = filters(&pki, "orders");
    let set = |n: &str| (pki.cert(n, "chain.pem"), pki.cert(n, "cert.pem"));

    let (chain, cert) = set("pw");
    assert!(
        !cloud_accepts(&go, &orders, &chain, &cert, None),
        "the payments worker against the orders bundle, no filters"
    );
    let (chain, cert) = set("ops");
    assert!(
        !cloud_accepts(&go, &orders, &chain, &cert, None),
        "a CLI certificate against a namespace bundle, no filters"
    );
    let (chain, cert) = set("ow");
    assert!(cloud_accepts(&go, &orders, &chain, &cert, None));
    assert!(
        cloud_accepts(&go, &orders, &chain, &cert, Some(&f)),
        "with the filters too"
    );
    // The filters, as defence in depth, would also keep the payments worker out.
    assert!(!filters_admit(&f, &pki.cert("pw", "cert.pem")));

    // A server certificate for temporal-frontend made with the payments CA key (openssl):
    // clients refuse it, with their ca.pem, and even if the namespace CA were added as a
    // root, because the namespace CA allows clientAuth only (Go enforces EKU nesting).
    let dir = pki.tmp.path().join("rogue");
    fs::create_dir_all(&dir).unwrap();
    let ns_ca = pki.path("ca/namespaces/payments");
    let (rogue, _) = openssl_sign_with(
        &ns_ca,
        &dir,
        "rogue",
        "/O=Acme/CN=temporal-frontend",
        Some(&["temporal-frontend"]),
    );
    let rogue_chain = dir.join("chain.pem");
    fs::write(
        &rogue_chain,
        fs::read_to_string(&rogue).unwrap() + &fs::read_to_string(ns_ca.join("cert.pem")).unwrap(),
    )
    .unwrap();
    let client_ca = pki.cert("ops", "ca.pem");
    let (ok, text) = go_verify(
        &go,
        &client_ca,
        Some(&rogue_chain),
        &rogue,
        "server",
        Some("temporal-frontend"),
    );
    assert!(!ok, "rogue server against the client's ca.pem: {text}");
    let both = dir.join("roots-and-namespace-ca.pem");
    fs::write(
        &both,
        fs::read_to_string(&client_ca).unwrap()
            + &fs::read_to_string(ns_ca.join("cert.pem")).unwrap(),
    )
    .unwrap();
    let (ok, text) = go_verify(
        &go,
        &both,
        Some(&rogue_chain),
        &rogue,
        "server",
        Some("temporal-frontend"),
    );
    assert!(
        !ok && text.contains("incompatible key usage"),
        "rogue server with the namespace CA as a root: {text}"
    );
    let (ok, text) = openssl_verify(&both, &rogue_chain, &rogue, "sslserver");
    assert!(!ok, "openssl, namespace CA as a root: {text}");
    // The control: the real frontend certificate is accepted by the same verifier.
    let (ok, text) = go_verify(
        &go,
        &client_ca,
        Some(&pki.cert("frontend", "chain.pem")),
        &pki.cert("frontend", "cert.pem"),
        "server",
        Some("temporal-frontend"),
    );
    assert!(ok, "the real frontend: {text}");
    // The issuing CA is limited to what it issues: servers and clients.
    let text = openssl_text(&pki.path("ca/intermediate/cert.pem"));
    assert!(
        text.contains("TLS Web Server Authentication, TLS Web Client Authentication"),
        "{text}"
    );
}

// --- Retire means refused, no server ---------------------------------------------------

#[test]
fn retire_refuses_old_and_forged_certificates_for_cloud_and_self_hosted() {
    let Some(go) = temporal::require_go("trust_model retire") else {
        return;
    };
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["namespace", "add", "shared", "--under-root"])
        .succeeds();
    for (name, role, ns) in [
        ("pw", "worker", Some("payments")),
        ("sw", "worker", Some("shared")),
        ("ops", "cli", None),
    ] {
        let mut args = vec!["issue", role, "--name", name];
        if let Some(ns) = ns {
            args.extend(["--namespace", ns]);
        }
        pki.tcerts(&args).succeeds();
    }
    let tmp = pki.tmp.path().to_path_buf();
    let pay_filters = filters(&pki, "payments");
    let shared_filters = filters(&pki, "shared");

    // 1. The namespace CA (its own root).
    let old_pw = keep(&pki, "pw", &tmp.join("old-pw"));
    pki.tcerts(&["ca", "rotate", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["apply"]).succeeds();
    let b = bundle(&pki, "payments");
    for (what, s) in [
        ("old", &old_pw),
        ("new", &keep(&pki, "pw", &tmp.join("new-pw"))),
    ] {
        assert!(
            cloud_accepts(&go, &b, &s.chain, &s.cert, Some(&pay_filters)),
            "overlap, Cloud, {what} payments worker"
        );
        assert!(
            frontend_accepts(&go, &pki, &s.chain, &s.cert),
            "overlap, self-hosted, {what} payments worker"
        );
    }
    pki.tcerts(&["ca", "retire", "--namespace", "payments"])
        .succeeds();
    let b = bundle(&pki, "payments");
    let forged = forge(
        &pki,
        "ca_previous_namespaces_payments_G1",
        "pw-forged",
        "/O=Acme/OU=payments/CN=pw",
    );
    let new_pw = keep(&pki, "pw", &tmp.join("final-pw"));
    for (what, s, want) in [
        ("old payments worker", &old_pw, false),
        ("signed by the retired payments key", &forged, false),
        ("new payments worker", &new_pw, true),
    ] {
        assert_eq!(
            cloud_accepts(&go, &b, &s.chain, &s.cert, Some(&pay_filters)),
            want,
            "after retire, Cloud (bundle + filters): {what}"
        );
        assert_eq!(
            frontend_accepts(&go, &pki, &s.chain, &s.cert),
            want,
            "after retire, self-hosted clientCaFiles: {what}"
        );
    }

    // 2. A namespace under the shared root: retiring its CA cuts it off for the
    // self-hosted frontend (trust/clients.pem anchors on the namespace CA), NOT in Cloud
    // (its bundle must hold the root); tcerts says exactly that.
    let old_sw = keep(&pki, "sw", &tmp.join("old-sw"));
    pki.tcerts(&["ca", "rotate", "--namespace", "shared"])
        .succeeds();
    pki.tcerts(&["apply"]).succeeds();
    pki.tcerts(&["ca", "retire", "--namespace", "shared"])
        .succeeds()
        .stderr_has("does NOT cut its certificates off in Temporal Cloud")
        .stderr_has("does cut a retired generation off there");
    let b = bundle(&pki, "shared");
    assert!(
        cloud_accepts(&go, &b, &old_sw.chain, &old_sw.cert, Some(&shared_filters)),
        "the warning is true: Cloud still accepts the retired shared-root namespace CA's worker"
    );
    assert!(!frontend_accepts(&go, &pki, &old_sw.chain, &old_sw.cert));

    // 3. The issuing CA: the self-hosted frontend refuses its old and forged
    // certificates; no namespace bundle ever admitted them.
    let old_ops = keep(&pki, "ops", &tmp.join("old-ops"));
    pki.tcerts(&["ca", "rotate"]).succeeds();
    pki.tcerts(&["apply"]).succeeds();
    assert!(frontend_accepts(&go, &pki, &old_ops.chain, &old_ops.cert));
    pki.tcerts(&["ca", "retire"]).succeeds();
    let forged = forge(
        &pki,
        "ca_previous_intermediate_G1",
        "ops-forged",
        "/O=Acme/CN=ops",
    );
    let new_ops = keep(&pki, "ops", &tmp.join("final-ops"));
    let b = bundle(&pki, "payments");
    for (what, s, want) in [
        ("old cli", &old_ops, false),
        ("signed by the retired issuing CA key", &forged, false),
        ("new cli", &new_ops, true),
    ] {
        assert_eq!(
            frontend_accepts(&go, &pki, &s.chain, &s.cert),
            want,
            "after retire, self-hosted: {what}"
        );
        assert!(!cloud_accepts(&go, &b, &s.chain, &s.cert, None), "{what}");
    }
    // The default Cloud bundle holds the shared root, and says so.
    pki.tcerts(&["bundle"])
        .succeeds()
        .stderr_has("holds the shared root");

    // 4. The root: the shared namespace's old worker, and certificates forged with the
    // retired root key or the retired shared namespace CA key, are refused by Cloud and
    // the frontend once the root is retired.
    let old_sw = keep(&pki, "sw", &tmp.join("old-sw-2"));
    pki.tcerts(&["ca", "rotate", "--root"])
        .succeeds()
        .stdout_has("shared CA G3");
    pki.tcerts(&["apply"]).succeeds();
    let b = bundle(&pki, "shared");
    assert!(cloud_accepts(
        &go,
        &b,
        &old_sw.chain,
        &old_sw.cert,
        Some(&shared_filters)
    ));
    pki.tcerts(&["ca", "retire", "--root"]).succeeds();
    pki.tcerts(&["apply"]).succeeds();
    let b = bundle(&pki, "shared");
    let by_root = forge(
        &pki,
        "ca_previous_root_G1",
        "sw-forged-root",
        "/O=Acme/OU=shared/CN=sw",
    );
    let by_ns = forge(
        &pki,
        "ca_previous_namespaces_shared_G2",
        "sw-forged-ns",
        "/O=Acme/OU=shared/CN=sw",
    );
    let new_sw = keep(&pki, "sw", &tmp.join("final-sw"));
    for (what, s, want) in [
        ("old shared worker", &old_sw, false),
        ("signed by the retired root key", &by_root, false),
        (
            "signed by the retired shared namespace CA key",
            &by_ns,
            false,
        ),
        ("new shared worker", &new_sw, true),
    ] {
        assert_eq!(
            cloud_accepts(&go, &b, &s.chain, &s.cert, Some(&shared_filters)),
            want,
            "after root retire, Cloud: {what}"
        );
        assert_eq!(
            frontend_accepts(&go, &pki, &s.chain, &s.cert),
            want,
            "after root retire, self-hosted: {what}"
        );
    }
    // The payments namespace, its own root, went through all this untouched.
    let b = bundle(&pki, "payments");
    assert!(cloud_accepts(
        &go,
        &b,
        &pki.cert("pw", "chain.pem"),
        &pki.cert("pw", "cert.pem"),
        Some(&pay_filters)
    ));
}

// --- The real Temporal CLI and dev server ---------------------------------------------

#[test]
fn the_real_cli_connects_through_the_overlap_and_is_refused_after_retire() {
    let name = "trust_model real server";
    let (Some(_tools), Some(go)) = (temporal::require_tools(name), temporal::require_go(name))
    else {
        return;
    };
    let pki = Pki::init(&[]).with_frontend().with_namespace("payments");
    let tmp = pki.tmp.path().to_path_buf();
    // An old-layout namespace: signed under the root, nothing declared (older tcerts).
    pki.tcerts(&["namespace", "add", "legacy", "--under-root"])
        .succeeds();
    let toml = pki.read("tcerts.toml").replace("under_root = true\n", "");
    fs::write(pki.path("tcerts.toml"), toml).unwrap();
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "lw", "--namespace", "legacy"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    let other = Pki::init(&[]);
    other.tcerts(&["namespace", "add", "payments"]).succeeds();
    other
        .tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    let intruder = keep(&other, "pw", &tmp.join("intruder"));

    let frontend = keep(&pki, "frontend", &tmp.join("frontend"));
    let trust = |step: &str| {
        let p = tmp.join(format!("clients-{step}.pem"));
        fs::copy(pki.path("trust/clients.pem"), &p).unwrap();
        p
    };
    let server = DevServer::start(&tmp);
    let list = |t: &GoTerminator, s: &Set| namespace_list(t, &s.chain, &s.key, &s.ca);
    let connects = |what: &str, t: &GoTerminator, s: &Set| {
        let o = list(t, s);
        assert!(
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains("default"),
            "{what}: expected to connect and list `default`; {}\nterminator:\n{}",
            describe(&o),
            t.log()
        );
    };
    let refused = |what: &str, t: &GoTerminator, s: &Set| {
        let before = t.log().matches("handshake refused").count();
        let o = list(t, s);
        assert!(
            !o.status.success(),
            "{what}: expected the frontend to refuse it; {}",
            describe(&o)
        );
        assert!(
            t.log().matches("handshake refused").count() > before,
            "{what}: the frontend logged no refused handshake:\n{}",
            t.log()
        );
    };

    // Before any rotation.
    let old_pw = keep(&pki, "pw", &tmp.join("old-pw"));
    let old_lw = keep(&pki, "lw", &tmp.join("old-lw"));
    let old_ops = keep(&pki, "ops", &tmp.join("old-ops"));
    {
        let t = GoTerminator::start(
            &go,
            &tmp,
            &frontend.chain,
            &frontend.key,
            &trust("start"),
            server.port,
        );
        connects("payments worker", &t, &old_pw);
        connects("old-layout worker", &t, &old_lw);
        connects("cli", &t, &old_ops);
        refused("another PKI's payments worker", &t, &intruder);
    }

    // Rotate the payments CA, migrate the old-layout namespace, rotate the issuing CA;
    // re-issue. Overlap: both generations of everything connect.
    pki.tcerts(&["ca", "rotate", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["ca", "rotate", "--namespace", "legacy"])
        .succeeds()
        .stdout_has("now its own root");
    pki.tcerts(&["ca", "rotate"]).succeeds();
    pki.tcerts(&["apply"]).succeeds().stdout_has("4 re-issued");
    let new_pw = keep(&pki, "pw", &tmp.join("new-pw"));
    let new_lw = keep(&pki, "lw", &tmp.join("new-lw"));
    let new_ops = keep(&pki, "ops", &tmp.join("new-ops"));
    {
        let t = GoTerminator::start(
            &go,
            &tmp,
            &frontend.chain,
            &frontend.key,
            &trust("overlap"),
            server.port,
        );
        for (what, s) in [
            ("old payments worker", &old_pw),
            ("new payments worker", &new_pw),
            ("old-layout worker, old generation", &old_lw),
            ("migrated worker, new generation (own root)", &new_lw),
            ("old cli", &old_ops),
            ("new cli", &new_ops),
        ] {
            connects(&format!("overlap: {what}"), &t, s);
        }
    }

    // Retire: the old generations and what their keys sign now are refused.
    pki.tcerts(&["ca", "retire", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["ca", "retire", "--namespace", "legacy"])
        .succeeds();
    pki.tcerts(&["ca", "retire"]).succeeds();
    let forged_pw = forge(
        &pki,
        "ca_previous_namespaces_payments_G1",
        "pw-forged",
        "/O=Acme/OU=payments/CN=pw",
    );
    let forged_ops = forge(
        &pki,
        "ca_previous_intermediate_G1",
        "ops-forged",
        "/O=Acme/CN=ops",
    );
    let t = GoTerminator::start(
        &go,
        &tmp,
        &pki.cert("frontend", "chain.pem"),
        &pki.cert("frontend", "key.pem"),
        &trust("retired"),
        server.port,
    );
    for (what, s) in [
        ("new payments worker", &new_pw),
        ("migrated worker", &new_lw),
        ("new cli", &new_ops),
    ] {
        connects(&format!("after retire: {what}"), &t, s);
    }
    for (what, s) in [
        ("old payments worker", &old_pw),
        ("old-layout worker", &old_lw),
        ("old cli", &old_ops),
        ("signed by the retired payments CA key", &forged_pw),
        ("signed by the retired issuing CA key", &forged_ops),
    ] {
        refused(&format!("after retire: {what}"), &t, s);
    }
    drop(t);
    drop(server);
}
