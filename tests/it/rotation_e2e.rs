//! End-to-end root rotation against the real Temporal CLI behind the Go terminator (Go
//! crypto/tls, as Temporal's frontend) holding `trust/clients.pem` as its clientCaFiles:
//! during the overlap, clients with old leaves and clients with new leaves both connect;
//! after `ca retire --root`, only the new ones do, while a namespace that is its own root
//! is not touched by the root's rotation.
//!
//! Skipped (with a notice) when `temporal`, `nginx` or `go` is missing, unless
//! `TCERTS_REQUIRE_E2E` is set.

use crate::support;
use crate::support::temporal;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::*;
use temporal::{DevServer, GoTerminator, Terminator, describe};

/// A copy of a certificate's files, as a deployed client or server holds them.
struct Deployed {
    chain: PathBuf,
    key: PathBuf,
    ca: PathBuf,
}

fn deploy(pki: &Pki, name: &str, to: &Path) -> Deployed {
    fs::create_dir_all(to).unwrap();
    for f in ["cert.pem", "chain.pem", "ca.pem", "key.pem"] {
        fs::copy(pki.cert(name, f), to.join(f)).unwrap();
    }
    Deployed {
        chain: to.join("chain.pem"),
        key: to.join("key.pem"),
        ca: to.join("ca.pem"),
    }
}

fn namespace_list(t: &impl Terminator, client: &Deployed) -> Output {
    temporal::namespace_list(t, &client.chain, &client.key, &client.ca)
}

/// The trust file as deployed at this step (the server reads it when it starts).
fn deploy_trust(pki: &Pki, to: &Path) -> PathBuf {
    fs::create_dir_all(to.parent().unwrap()).unwrap();
    fs::copy(pki.path("trust/clients.pem"), to).unwrap();
    to.to_path_buf()
}

fn connects(what: &str, o: &Output) {
    assert!(
        o.status.success() && String::from_utf8_lossy(&o.stdout).contains("default"),
        "{what}: expected to connect and list the default namespace; {}",
        describe(o)
    );
}

fn refused(what: &str, o: &Output, t: &GoTerminator) {
    assert!(
        !o.status.success(),
        "{what}: expected the frontend to refuse the client certificate; {}",
        describe(o)
    );
    assert!(
        t.log().contains("handshake refused"),
        "{what}: the terminator logged no refused handshake:\n{}",
        t.log()
    );
}

#[test]
fn root_rotation_keeps_old_and_new_clients_working_until_retire() {
    let name = "root_rotation_keeps_old_and_new_clients_working_until_retire";
    let (Some(_tools), Some(go)) = (temporal::require_tools(name), temporal::require_go(name))
    else {
        return;
    };
    let pki = Pki::init(&[]);
    let scratch = pki.tmp.path().to_path_buf();
    // payments sits under the shared root (rotated with it); orders is its own root.
    pki.tcerts(&["namespace", "add", "payments", "--under-root"])
        .succeeds();
    pki.tcerts(&["namespace", "add", "orders"]).succeeds();
    let path = pki.path("tcerts.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(
        r#"
[[certificate]]
name = "frontend"
role = "frontend"
dns = ["localhost"]
ip = ["127.0.0.1"]

[[certificate]]
name = "w1"
role = "worker"
namespace = "payments"

[[certificate]]
name = "ops"
role = "cli"

[[certificate]]
name = "o1"
role = "worker"
namespace = "orders"
"#,
    );
    fs::write(&path, text).unwrap();
    pki.tcerts(&["apply"]).succeeds();
    let old_frontend = deploy(&pki, "frontend", &scratch.join("old/frontend"));
    let old_w1 = deploy(&pki, "w1", &scratch.join("old/w1"));
    let old_ops = deploy(&pki, "ops", &scratch.join("old/ops"));
    let old_o1 = deploy(&pki, "o1", &scratch.join("old/o1"));

    // Rotate the root (and the CAs it signed: the issuing CA and payments), re-issue their
    // certificates; o1 (orders has its own root) only gets the new ca.pem, both roots.
    pki.tcerts(&["ca", "rotate", "--root"])
        .succeeds()
        .stdout_has("payments CA G2");
    pki.tcerts(&["apply"])
        .succeeds()
        .stdout_has("3 re-issued, 1 trust updated");
    let o1_cert = fs::read(pki.cert("o1", "cert.pem")).unwrap();
    let o1_key = fs::read(pki.cert("o1", "key.pem")).unwrap();
    assert_eq!(o1_cert, fs::read(scratch.join("old/o1/cert.pem")).unwrap());
    let new_w1 = deploy(&pki, "w1", &scratch.join("new/w1"));
    let new_ops = deploy(&pki, "ops", &scratch.join("new/ops"));
    let new_frontend = deploy(&pki, "frontend", &scratch.join("new/frontend"));
    // Issuing CA G2 and G1, payments G2 and G1, orders G1: no root.
    let bundle = deploy_trust(&pki, &scratch.join("overlap/clients.pem"));
    assert_eq!(
        fs::read_to_string(&bundle)
            .unwrap()
            .matches("BEGIN CERTIFICATE")
            .count(),
        5
    );

    let server = DevServer::start(&scratch);

    // Overlap: the server still presents its old certificate (old clients only trust the
    // old root) and accepts client certificates of both roots.
    {
        let nginx = GoTerminator::start(
            &go,
            &scratch,
            &old_frontend.chain,
            &old_frontend.key,
            &bundle,
            server.port,
        );
        connects(
            "old worker during overlap",
            &namespace_list(&nginx, &old_w1),
        );
        connects("old cli during overlap", &namespace_list(&nginx, &old_ops));
        connects(
            "new worker during overlap",
            &namespace_list(&nginx, &new_w1),
        );
        connects("new cli during overlap", &namespace_list(&nginx, &new_ops));
        connects(
            "orders worker during overlap",
            &namespace_list(&nginx, &old_o1),
        );
    }
    // The new server certificate: new clients (ca.pem holds both roots) connect.
    {
        let nginx = GoTerminator::start(
            &go,
            &scratch,
            &new_frontend.chain,
            &new_frontend.key,
            &bundle,
            server.port,
        );
        connects("new worker, new server", &namespace_list(&nginx, &new_w1));
    }

    // Retire the old root (and the CAs it signed); ca.pem now holds only the new root,
    // the trust file only the current issuing and namespace CAs.
    // Only the trust changes: a trust update, every key and certificate kept.
    pki.tcerts(&["ca", "retire", "--root"]).succeeds();
    pki.tcerts(&["apply"])
        .succeeds()
        .stdout_has("0 re-issued, 4 trust updated");
    assert_eq!(fs::read(pki.cert("o1", "cert.pem")).unwrap(), o1_cert);
    assert_eq!(fs::read(pki.cert("o1", "key.pem")).unwrap(), o1_key);
    assert_eq!(
        fs::read(pki.cert("w1", "cert.pem")).unwrap(),
        fs::read(scratch.join("new/w1/cert.pem")).unwrap()
    );
    let final_w1 = deploy(&pki, "w1", &scratch.join("final/w1"));
    let final_o1 = deploy(&pki, "o1", &scratch.join("final/o1"));
    let final_frontend = deploy(&pki, "frontend", &scratch.join("final/frontend"));
    let bundle = deploy_trust(&pki, &scratch.join("final/clients.pem"));
    assert_eq!(
        fs::read_to_string(&bundle)
            .unwrap()
            .matches("BEGIN CERTIFICATE")
            .count(),
        3
    );
    let nginx = GoTerminator::start(
        &go,
        &scratch,
        &final_frontend.chain,
        &final_frontend.key,
        &bundle,
        server.port,
    );
    connects(
        "new worker after retire",
        &namespace_list(&nginx, &final_w1),
    );
    connects("new cli after retire", &namespace_list(&nginx, &new_ops));
    connects(
        "orders worker after retire (its own root was not rotated; the certificate issued before the rotation, with the updated ca.pem)",
        &namespace_list(&nginx, &final_o1),
    );
    // Old clients: presented with the trust of the new root so that only their client
    // certificate can be the reason they are refused.
    let old_w1_new_trust = Deployed {
        chain: old_w1.chain.clone(),
        key: old_w1.key.clone(),
        ca: final_w1.ca.clone(),
    };
    refused(
        "old worker after retire",
        &namespace_list(&nginx, &old_w1_new_trust),
        &nginx,
    );
    let old_ops_new_trust = Deployed {
        chain: old_ops.chain.clone(),
        key: old_ops.key.clone(),
        ca: final_w1.ca.clone(),
    };
    refused(
        "old cli after retire",
        &namespace_list(&nginx, &old_ops_new_trust),
        &nginx,
    );
    drop(nginx);
    drop(server);
}
