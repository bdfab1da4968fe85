//! End-to-end root rotation against the real Temporal CLI behind nginx (mTLS): during the
//! overlap, clients with old leaves and clients with new leaves both connect; after
//! `ca retire --root`, only the new ones do.
//!
//! Skipped (with a notice) when `temporal` or `nginx` is missing, unless
//! `TCERTS_REQUIRE_E2E` is set.

mod support;
#[path = "support/temporal.rs"]
mod temporal;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::*;
use temporal::{DevServer, Nginx, describe};

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

fn namespace_list(nginx: &Nginx, client: &Deployed) -> Output {
    temporal::namespace_list(nginx, &client.chain, &client.key, &client.ca)
}

fn connects(what: &str, o: &Output) {
    assert!(
        o.status.success() && String::from_utf8_lossy(&o.stdout).contains("default"),
        "{what}: expected to connect and list the default namespace; {}",
        describe(o)
    );
}

fn refused(what: &str, o: &Output) {
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("SSL certificate"),
        "{what}: expected nginx to refuse the client certificate; {}",
        describe(o)
    );
}

#[test]
fn root_rotation_keeps_old_and_new_clients_working_until_retire() {
    let Some(_tools) =
        temporal::require_tools("root_rotation_keeps_old_and_new_clients_working_until_retire")
    else {
        return;
    };
    let pki = Pki::init(&[]);
    let scratch = pki.tmp.path().to_path_buf();
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
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
"#,
    );
    fs::write(&path, text).unwrap();
    pki.tcerts(&["apply"]).succeeds();
    let old_frontend = deploy(&pki, "frontend", &scratch.join("old/frontend"));
    let old_w1 = deploy(&pki, "w1", &scratch.join("old/w1"));
    let old_ops = deploy(&pki, "ops", &scratch.join("old/ops"));

    // Rotate the root (and the CAs it signed), re-issue everything.
    pki.tcerts(&["ca", "rotate", "--root"]).succeeds();
    pki.tcerts(&["apply"]).succeeds().stdout_has("3 re-issued");
    let new_w1 = deploy(&pki, "w1", &scratch.join("new/w1"));
    let new_ops = deploy(&pki, "ops", &scratch.join("new/ops"));
    let new_frontend = deploy(&pki, "frontend", &scratch.join("new/frontend"));
    let bundle = pki.path("trust/root.pem");
    assert_eq!(
        fs::read_to_string(&bundle)
            .unwrap()
            .matches("BEGIN CERTIFICATE")
            .count(),
        2
    );

    let server = DevServer::start(&scratch);

    // Overlap: the server still presents its old certificate (old clients only trust the
    // old root) and accepts client certificates of both roots.
    {
        let nginx = Nginx::start(
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
    }
    // The new server certificate: new clients (ca.pem holds both roots) connect.
    {
        let nginx = Nginx::start(
            &scratch,
            &new_frontend.chain,
            &new_frontend.key,
            &bundle,
            server.port,
        );
        connects("new worker, new server", &namespace_list(&nginx, &new_w1));
    }

    // Retire the old root; ca.pem and the bundle now hold only the new one.
    pki.tcerts(&["ca", "retire", "--root"]).succeeds();
    pki.tcerts(&["apply"]).succeeds();
    let final_w1 = deploy(&pki, "w1", &scratch.join("final/w1"));
    let final_frontend = deploy(&pki, "frontend", &scratch.join("final/frontend"));
    assert_eq!(
        fs::read_to_string(&bundle)
            .unwrap()
            .matches("BEGIN CERTIFICATE")
            .count(),
        1
    );
    let nginx = Nginx::start(
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
    );
    let old_ops_new_trust = Deployed {
        chain: old_ops.chain.clone(),
        key: old_ops.key.clone(),
        ca: final_w1.ca.clone(),
    };
    refused(
        "old cli after retire",
        &namespace_list(&nginx, &old_ops_new_trust),
    );
    drop(nginx);
    drop(server);
}
