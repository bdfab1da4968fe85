//! `tcerts export`: every format parsed back by a reader tcerts did not write (PyYAML,
//! serde-saphyr, kubectl's own Secret generator, OpenSSL's pkcs12, Java's keytool, the
//! real `temporal` CLI's config reader), schema checks with the field names of the shared
//! Temporal doc, file modes, and golden bytes from the fixture PKI.

#[path = "support/fixture.rs"]
mod fixture;
mod support;
#[path = "support/temporal.rs"]
mod temporal;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use serde_json::Value;
use support::*;

fn b64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .unwrap_or_else(|e| panic!("not base64 ({e}): {s:.40}"))
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Parses YAML twice, with PyYAML (YAML 1.1, as Go's yaml and Kubernetes read it) and with
/// serde-saphyr, and requires both to agree. Returns it as JSON.
fn parse_yaml(text: &str) -> Value {
    let saphyr: Value =
        serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("serde-saphyr: {e}\n{text}"));
    let out = Command::new(python_with("yaml"))
        .args([
            "-c",
            "import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(text.as_bytes())?;
            c.wait_with_output()
        })
        .expect("python3 with PyYAML is installed");
    assert!(
        out.status.success(),
        "PyYAML cannot read it: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(py, saphyr, "PyYAML and serde-saphyr disagree");
    py
}

/// A Python that can import `module`: the repository's .venv (where
/// scripts/install-test-deps.sh puts PyYAML and python-dotenv), else the system's.
fn python_with(module: &str) -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python3");
    [
        venv,
        PathBuf::from("python3"),
        PathBuf::from("/usr/bin/python3"),
    ]
    .into_iter()
    .find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
    .unwrap_or_else(|| PathBuf::from("python3"))
}

/// Keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort();
    k
}

fn server_pki() -> Pki {
    let pki = Pki::init(&[]);
    pki.tcerts(&[
        "issue",
        "frontend",
        "--dns",
        "temporal-frontend",
        "--dns",
        "localhost",
    ])
    .succeeds();
    pki.tcerts(&["issue", "internode", "--dns", "temporal-internode"])
        .succeeds();
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    pki
}

#[test]
fn k8s_secret_is_a_tls_secret_kubectl_would_make_and_private_on_disk() {
    let pki = server_pki();
    let out = pki.tmp.path().join("secret.yaml");
    pki.tcerts(&[
        "export",
        "k8s-secret",
        "frontend",
        "--namespace",
        "temporal",
        "--output",
    ])
    .arg(&out)
    .succeeds()
    .stdout_has("kubectl apply -f");
    assert_eq!(mode(&out), 0o600, "it holds the key");
    let text = std::fs::read_to_string(&out).unwrap();
    let doc = parse_yaml(&text);
    assert_eq!(
        keys(&doc),
        ["apiVersion", "data", "kind", "metadata", "type"]
    );
    assert_eq!(doc["apiVersion"], "v1");
    assert_eq!(doc["kind"], "Secret");
    assert_eq!(doc["type"], "kubernetes.io/tls");
    assert_eq!(doc["metadata"]["name"], "temporal-frontend-tls");
    assert_eq!(doc["metadata"]["namespace"], "temporal");
    assert_eq!(keys(&doc["data"]), ["ca.crt", "tls.crt", "tls.key"]);
    let file = |f: &str| std::fs::read(pki.cert("frontend", f)).unwrap();
    assert_eq!(
        b64(doc["data"]["tls.crt"].as_str().unwrap()),
        file("chain.pem")
    );
    assert_eq!(
        b64(doc["data"]["tls.key"].as_str().unwrap()),
        file("key.pem")
    );
    assert_eq!(b64(doc["data"]["ca.crt"].as_str().unwrap()), file("ca.pem"));

    // kubectl's own generator, from the same files, makes the same tls.crt and tls.key
    // (it checks that they are a matching pair; it has no ca.crt).
    let kubectl = Command::new("kubectl")
        .args([
            "create",
            "secret",
            "tls",
            "temporal-frontend-tls",
            "--namespace",
            "temporal",
        ])
        .arg(format!(
            "--cert={}",
            pki.cert("frontend", "chain.pem").display()
        ))
        .arg(format!(
            "--key={}",
            pki.cert("frontend", "key.pem").display()
        ))
        .args(["--dry-run=client", "-o", "json"])
        .output();
    match kubectl {
        Ok(o) if o.status.success() => {
            let k: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(k["type"], doc["type"]);
            assert_eq!(k["data"]["tls.crt"], doc["data"]["tls.crt"]);
            assert_eq!(k["data"]["tls.key"], doc["data"]["tls.key"]);
            assert_eq!(k["metadata"]["namespace"], doc["metadata"]["namespace"]);
        }
        Ok(o) => panic!(
            "kubectl refused the files: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => eprintln!("kubectl not available ({e}); skipped the cross-check"),
    }

    pki.tcerts(&[
        "export",
        "k8s-secret",
        "frontend",
        "--secret-name",
        "Bad_Name",
    ])
    .fails_with(2)
    .stderr_has("not a valid Kubernetes name")
    .no_panic();
    pki.tcerts(&["export", "k8s-secret", "nope"])
        .fails_with(2)
        .stderr_has("no certificate 'nope'")
        .no_panic();
}

#[test]
fn helm_values_point_at_the_secrets_of_k8s_secret() {
    let pki = server_pki();
    let text = pki.tcerts(&["export", "helm-values"]).succeeds().stdout();
    let doc = parse_yaml(&text);
    assert_eq!(keys(&doc), ["server"]);
    assert_eq!(keys(&doc["server"]), ["tls"]);
    assert_eq!(keys(&doc["server"]["tls"]), ["frontend", "internode"]);
    let fe = &doc["server"]["tls"]["frontend"];
    let inn = &doc["server"]["tls"]["internode"];
    assert_eq!(
        keys(fe),
        ["enabled", "requireClientAuth", "secretName", "serverName"]
    );
    assert_eq!(keys(inn), ["enabled", "secretName", "serverName"]);
    assert_eq!(fe["enabled"], true);
    assert_eq!(fe["requireClientAuth"], true);
    assert_eq!(fe["serverName"], "temporal-frontend");
    assert_eq!(inn["serverName"], "temporal-internode");
    // The Secret names are the ones `export k8s-secret` gives by default.
    for (name, v) in [("frontend", fe), ("internode", inn)] {
        let secret = parse_yaml(
            &pki.tcerts(&["export", "k8s-secret", name])
                .succeeds()
                .stdout(),
        );
        assert_eq!(v["secretName"], secret["metadata"]["name"]);
    }
    // Two frontends: the user must say which.
    pki.tcerts(&["issue", "frontend", "--name", "fe2", "--dns", "x"])
        .succeeds();
    pki.tcerts(&["export", "helm-values"])
        .fails_with(2)
        .stderr_has("--frontend")
        .no_panic();
    pki.tcerts(&["export", "helm-values", "--frontend", "fe2"])
        .succeeds();
}

/// The `global.tls` field names of the shared doc, per block.
const SERVER_KEYS: [&str; 7] = [
    "certFile",
    "keyFile",
    "clientCaFiles",
    "certData",
    "keyData",
    "clientCaData",
    "requireClientAuth",
];
const CLIENT_KEYS: [&str; 5] = [
    "serverName",
    "disableHostVerification",
    "rootCaFiles",
    "rootCaData",
    "forceTLS",
];

fn check_server_config_schema(doc: &Value) {
    assert_eq!(keys(doc), ["global"]);
    assert_eq!(keys(&doc["global"]), ["tls"]);
    let tls = &doc["global"]["tls"];
    assert_eq!(
        keys(tls),
        [
            "expirationChecks",
            "frontend",
            "internode",
            "refreshInterval",
            "systemWorker"
        ]
    );
    assert_eq!(
        keys(&tls["expirationChecks"]),
        ["checkInterval", "errorWindow", "warningWindow"]
    );
    assert!(tls["refreshInterval"].is_string());
    for group in ["internode", "frontend"] {
        assert_eq!(keys(&tls[group]), ["client", "server"], "{group}");
        for k in keys(&tls[group]["server"]) {
            assert!(SERVER_KEYS.contains(&k), "{group}.server.{k}");
        }
        for k in keys(&tls[group]["client"]) {
            assert!(CLIENT_KEYS.contains(&k), "{group}.client.{k}");
        }
        assert_eq!(tls[group]["server"]["requireClientAuth"], true, "{group}");
    }
    for k in keys(&tls["systemWorker"]) {
        assert!(
            ["certFile", "keyFile", "certData", "keyData", "client"].contains(&k),
            "systemWorker.{k}"
        );
    }
}

#[test]
fn server_config_has_the_documented_fields_and_its_files_verify_with_openssl() {
    let pki = server_pki();
    let doc = parse_yaml(&pki.tcerts(&["export", "server-config"]).succeeds().stdout());
    check_server_config_schema(&doc);
    let tls = &doc["global"]["tls"];
    let path = |v: &Value| PathBuf::from(v.as_str().unwrap());
    let fe = &tls["frontend"]["server"];
    // The frontend presents a chain that its own client CA list... and clients' root verify.
    let root = path(&tls["frontend"]["client"]["rootCaFiles"][0]);
    let (ok, text) = openssl_verify(
        &root,
        &path(&fe["certFile"]),
        &path(&fe["certFile"]),
        "sslserver",
    );
    assert!(ok, "frontend chain against rootCaFiles: {text}");
    // The internode certificate is a client of the frontend and of internode peers: its
    // chain verifies as sslclient against both server blocks' clientCaFiles.
    let inn_chain = path(&tls["internode"]["server"]["certFile"]);
    // The client trust files anchor on issuing CAs, never on the root (Go accepts any
    // certificate of its pool as an anchor: openssl needs -partial_chain for that).
    assert_eq!(
        tls["frontend"]["server"]["clientCaFiles"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let clients = path(&tls["frontend"]["server"]["clientCaFiles"][0]);
    let internode = path(&tls["internode"]["server"]["clientCaFiles"][0]);
    assert!(
        clients.ends_with("trust/clients.pem"),
        "{}",
        clients.display()
    );
    assert!(
        internode.ends_with("trust/internode.pem"),
        "{}",
        internode.display()
    );
    let root_pem = pki.read("ca/root/cert.pem");
    for f in [&clients, &internode] {
        assert!(
            !std::fs::read_to_string(f).unwrap().contains(&root_pem),
            "{}",
            f.display()
        );
    }
    for ca in [&internode, &clients] {
        let (ok, text) = openssl_verify_client(ca, &inn_chain, &inn_chain);
        assert!(ok, "internode as client: {text}");
    }
    // A worker verifies against the frontend's client CAs, not against the internode's.
    let (ok, text) = openssl_verify_client(
        &clients,
        &pki.cert("w1", "chain.pem"),
        &pki.cert("w1", "cert.pem"),
    );
    assert!(ok, "worker against frontend clientCaFiles: {text}");
    let (ok, text) = openssl_verify_client(
        &internode,
        &pki.cert("w1", "chain.pem"),
        &pki.cert("w1", "cert.pem"),
    );
    assert!(!ok, "worker against internode clientCaFiles: {text}");
    assert_eq!(tls["frontend"]["client"]["serverName"], "temporal-frontend");
    assert_eq!(
        tls["internode"]["client"]["serverName"],
        "temporal-internode"
    );
    assert_eq!(
        tls["systemWorker"]["certFile"],
        tls["internode"]["server"]["certFile"]
    );

    // --inline: base64 of the PEM files, and the file keys gone; private on disk.
    let out = pki.tmp.path().join("tls.yaml");
    pki.tcerts(&["export", "server-config", "--inline", "--output"])
        .arg(&out)
        .succeeds();
    assert_eq!(mode(&out), 0o600);
    let doc = parse_yaml(&std::fs::read_to_string(&out).unwrap());
    check_server_config_schema(&doc);
    let s = &doc["global"]["tls"]["frontend"]["server"];
    assert!(
        s.get("certFile").is_none() && s.get("clientCaFiles").is_none(),
        "{s}"
    );
    assert_eq!(
        b64(s["certData"].as_str().unwrap()),
        std::fs::read(pki.cert("frontend", "chain.pem")).unwrap()
    );
    assert_eq!(
        b64(s["keyData"].as_str().unwrap()),
        std::fs::read(pki.cert("frontend", "key.pem")).unwrap()
    );
    assert!(s["clientCaData"].as_array().is_some_and(|a| !a.is_empty()));

    pki.tcerts(&["export", "server-config", "--refresh-interval", "soon"])
        .fails_with(2)
        .no_panic();
}

#[test]
fn pkcs12_is_read_by_openssl_without_legacy_and_by_keytool() {
    let pki = server_pki();
    let dir = pki.tmp.path();
    let pw = dir.join("pw.txt");
    std::fs::write(&pw, "s3cret-p12\n").unwrap();
    let p12 = dir.join("w1.p12");
    pki.tcerts(&["export", "pkcs12", "w1", "--password-file"])
        .arg(&pw)
        .arg("--output")
        .arg(&p12)
        .succeeds();
    assert_eq!(mode(&p12), 0o600);
    let passin = format!("file:{}", pw.display());
    let (ok, text) = openssl(&[
        "pkcs12",
        "-info",
        "-noout",
        "-in",
        &p12.to_string_lossy(),
        "-passin",
        &passin,
    ]);
    assert!(ok, "openssl pkcs12 -info (no -legacy): {text}");
    assert!(
        text.contains("AES-256-CBC") && text.contains("hmacWithSHA256"),
        "{text}"
    );
    assert!(!text.contains("RC2") && !text.contains("3DES"), "{text}");
    // The certificates: the leaf and the root that verifies the server (the namespace CA
    // is its own root: the server holds it, the client need not send it).
    let (ok, certs) = openssl(&[
        "pkcs12",
        "-in",
        &p12.to_string_lossy(),
        "-passin",
        &passin,
        "-nokeys",
    ]);
    assert!(ok, "{certs}");
    assert_eq!(certs.matches("BEGIN CERTIFICATE").count(), 2, "{certs}");
    // The key is the certificate's.
    let key_out = dir.join("k.pem");
    let (ok, text) = openssl(&[
        "pkcs12",
        "-in",
        &p12.to_string_lossy(),
        "-passin",
        &passin,
        "-nocerts",
        "-nodes",
        "-out",
        &key_out.to_string_lossy(),
    ]);
    assert!(ok, "{text}");
    let key_bag = std::fs::read_to_string(&key_out).unwrap();
    assert!(key_bag.contains("friendlyName: w1"), "the alias: {key_bag}");
    let pub_of = |args: &[&str]| openssl(args).1;
    assert_eq!(
        pub_of(&["pkey", "-in", &key_out.to_string_lossy(), "-pubout"]),
        pub_of(&[
            "x509",
            "-in",
            &pki.cert("w1", "cert.pem").to_string_lossy(),
            "-noout",
            "-pubkey"
        ])
    );
    // A wrong password fails.
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "wrong\n").unwrap();
    let (ok, _) = openssl(&[
        "pkcs12",
        "-info",
        "-noout",
        "-in",
        &p12.to_string_lossy(),
        "-passin",
        &format!("file:{}", bad.display()),
    ]);
    assert!(!ok);

    // Java's keytool, when installed.
    match Command::new("keytool")
        .args(["-list", "-storetype", "PKCS12", "-keystore"])
        .arg(&p12)
        .args(["-storepass", "s3cret-p12"])
        .output()
    {
        Ok(o) => {
            let t = String::from_utf8_lossy(&o.stdout);
            assert!(
                o.status.success() && t.contains("w1, ") && t.contains("PrivateKeyEntry"),
                "keytool: {t}{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        Err(e) => eprintln!("keytool not available ({e}); skipped"),
    }

    // The password from the environment; none at all is a usage error.
    let p2 = dir.join("env.p12");
    pki.tcerts(&["export", "pkcs12", "w1", "--output"])
        .arg(&p2)
        .env("TCERTS_P12_PASSWORD", "from-env")
        .succeeds();
    let (ok, text) = openssl(&[
        "pkcs12",
        "-info",
        "-noout",
        "-in",
        &p2.to_string_lossy(),
        "-passin",
        "pass:from-env",
    ]);
    assert!(ok, "{text}");
    assert!(std::env::var_os("TCERTS_P12_PASSWORD").is_none());
    pki.tcerts(&["export", "pkcs12", "w1", "--output"])
        .arg(dir.join("none.p12"))
        .fails_with(2)
        .stderr_has("--password-file")
        .no_panic();
    pki.tcerts(&["export", "pkcs12", "w1", "--output"])
        .arg(dir.join("none.p12"))
        .env("TCERTS_P12_PASSWORD", "")
        .fails_with(2)
        .stderr_has("password is empty")
        .no_panic();
    assert!(!dir.join("none.p12").exists());
}

#[test]
fn env_exports_are_valid_shell_and_dotenv() {
    let pki = server_pki();
    let text = pki
        .tcerts(&[
            "export",
            "env",
            "w1",
            "--address",
            "temporal-frontend:7233",
            "--server-name",
            "temporal-frontend",
        ])
        .succeeds()
        .stdout();
    // A real shell reads it back to the same values.
    let out = Command::new("sh")
        .args(["-c", &format!("{text}\nenv | grep ^TEMPORAL_ | sort")])
        .env_clear()
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&out.stdout);
    let chain = std::path::absolute(pki.cert("w1", "chain.pem")).unwrap();
    assert!(
        got.contains(&format!(
            "TEMPORAL_TLS_CLIENT_CERT_PATH={}",
            chain.display()
        )),
        "{got}"
    );
    assert!(got.contains("TEMPORAL_NAMESPACE=payments"), "{got}");
    assert!(
        got.contains("TEMPORAL_TLS_SERVER_NAME=temporal-frontend"),
        "{got}"
    );
    assert!(
        got.contains("TEMPORAL_ADDRESS=temporal-frontend:7233"),
        "{got}"
    );

    // Inline: the shell gets the PEM text byte for byte; the file is private.
    let f = pki.tmp.path().join("inline.sh");
    pki.tcerts(&["export", "env", "w1", "--inline", "--output"])
        .arg(&f)
        .succeeds();
    assert_eq!(mode(&f), 0o600);
    let out = Command::new("sh")
        .args([
            "-c",
            ". \"$0\" && printf %s \"$TEMPORAL_TLS_CLIENT_KEY_DATA\"",
        ])
        .arg(&f)
        .env_clear()
        .output()
        .unwrap();
    let key = std::fs::read_to_string(pki.cert("w1", "key.pem")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), key);
    let paths = pki.tmp.path().join("paths.sh");
    pki.tcerts(&["export", "env", "w1", "--output"])
        .arg(&paths)
        .succeeds();
    assert_eq!(mode(&paths), 0o644);

    // .env: one KEY=value per line; PEM with \n escapes.
    let dotenv = pki
        .tcerts(&["export", "env", "w1", "--inline", "--dotenv"])
        .succeeds()
        .stdout();
    for line in dotenv.lines() {
        let (k, v) = line.split_once('=').unwrap();
        assert!(k.starts_with("TEMPORAL_") && !k.contains(' '), "{line}");
        assert!(
            (v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')),
            "{line}"
        );
    }
    // python-dotenv (what many SDK samples load .env files with) reads the same values.
    let envf = pki.tmp.path().join("w1.env");
    pki.tcerts(&["export", "env", "w1", "--inline", "--dotenv", "--output"])
        .arg(&envf)
        .succeeds();
    let py = Command::new(python_with("dotenv"))
        .args([
            "-c",
            "import sys, json, dotenv; json.dump(dotenv.dotenv_values(sys.argv[1]), sys.stdout)",
        ])
        .arg(&envf)
        .output()
        .expect("python3");
    if py.status.success() {
        let v: Value = serde_json::from_slice(&py.stdout).unwrap();
        assert_eq!(
            v["TEMPORAL_TLS_CLIENT_KEY_DATA"].as_str(),
            Some(key.as_str())
        );
        assert_eq!(v["TEMPORAL_NAMESPACE"], "payments");
        assert_eq!(
            v["TEMPORAL_TLS_SERVER_CA_CERT_DATA"].as_str(),
            Some(
                std::fs::read_to_string(pki.cert("w1", "ca.pem"))
                    .unwrap()
                    .as_str()
            )
        );
    } else {
        eprintln!(
            "python-dotenv not available ({}); skipped",
            String::from_utf8_lossy(&py.stderr)
        );
    }
    let key_line = dotenv
        .lines()
        .find(|l| l.starts_with("TEMPORAL_TLS_CLIENT_KEY_DATA="))
        .unwrap();
    assert_eq!(
        key_line
            .trim_start_matches("TEMPORAL_TLS_CLIENT_KEY_DATA=\"")
            .trim_end_matches('"')
            .replace("\\n", "\n"),
        key
    );
}

#[test]
fn cloud_addresses_drop_the_server_ca_and_refuse_ed25519() {
    let pki = server_pki();
    let text = pki
        .tcerts(&[
            "export",
            "env",
            "w1",
            "--address",
            "payments.a1b2c.tmprl.cloud:7233",
        ])
        .succeeds()
        .stdout();
    assert!(
        !text.contains("SERVER_CA"),
        "Cloud's server certificate is publicly trusted:\n{text}"
    );
    pki.tcerts(&[
        "issue",
        "worker",
        "--name",
        "ed",
        "--namespace",
        "payments",
        "--key-type",
        "ed25519",
    ])
    .succeeds();
    for fmt in [
        vec![
            "export",
            "env",
            "ed",
            "--address",
            "payments.a1b2c.tmprl.cloud:7233",
        ],
        vec![
            "export",
            "temporal-profile",
            "ed",
            "--address",
            "payments.a1b2c.tmprl.cloud:7233",
            "--stdout",
        ],
    ] {
        pki.tcerts(&fmt)
            .fails_with(2)
            .stderr_has("Ed25519")
            .stderr_has("accepts only RSA and ECDSA")
            .no_panic();
    }
    // Self-hosted: Ed25519 is fine.
    pki.tcerts(&["export", "env", "ed", "--address", "temporal-frontend:7233"])
        .succeeds();
}

/// Runs the real `temporal` CLI with `home` as HOME (and nothing else from the caller's
/// Temporal settings); `config_file` None leaves the CLI on its default path.
fn temporal_config_get(home: &Path, xdg: Option<&Path>, profile: &str) -> Option<Value> {
    let bin = temporal::find_temporal()?;
    let mut cmd = Command::new(bin);
    temporal::isolate_temporal_env(&mut cmd, home);
    cmd.env_remove("TEMPORAL_CONFIG_FILE")
        .env_remove("XDG_CONFIG_HOME");
    if let Some(x) = xdg {
        cmd.env("XDG_CONFIG_HOME", x);
    }
    let out = cmd
        .args(["config", "get", "--profile", profile, "-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "temporal config get: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn temporal_profile_goes_where_the_real_cli_looks_and_keeps_the_rest() {
    let pki = server_pki();
    let home = pki.tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let export = |xdg: Option<&Path>| {
        let mut t = pki
            .tcerts(&[
                "export",
                "temporal-profile",
                "w1",
                "--address",
                "temporal-frontend:7233",
                "--server-name",
                "temporal-frontend",
            ])
            .env("HOME", &home)
            .env("TEMPORAL_CONFIG_FILE", "");
        t = match xdg {
            Some(x) => t.env("XDG_CONFIG_HOME", x),
            None => t.env("XDG_CONFIG_HOME", ""),
        };
        t.succeeds()
    };
    // $HOME/.config/temporalio/temporal.toml, as the CLI's help says.
    export(None);
    let file = home.join(".config/temporalio/temporal.toml");
    assert!(file.is_file());
    assert_eq!(
        mode(&file),
        0o600,
        "a new config file is private (it may hold API keys)"
    );
    let chain = std::path::absolute(pki.cert("w1", "chain.pem")).unwrap();
    match temporal_config_get(&home, None, "w1") {
        Some(p) => {
            assert_eq!(p["address"], "temporal-frontend:7233");
            assert_eq!(p["namespace"], "payments");
            assert_eq!(
                p["tls"]["client_cert_path"],
                chain.to_string_lossy().as_ref()
            );
            assert_eq!(p["tls"]["server_name"], "temporal-frontend");
        }
        None => eprintln!("temporal CLI not found; checked the file only"),
    }
    // $XDG_CONFIG_HOME wins when set (Go's os.UserConfigDir).
    let xdg = pki.tmp.path().join("xdg");
    export(Some(&xdg));
    assert!(xdg.join("temporalio/temporal.toml").is_file());
    if let Some(p) = temporal_config_get(&home, Some(&xdg), "w1") {
        assert_eq!(
            p["tls"]["client_key_path"],
            std::path::absolute(pki.cert("w1", "key.pem"))
                .unwrap()
                .to_string_lossy()
                .as_ref()
        );
    }

    // Merging keeps other profiles and comments, replaces stale inline data.
    let cfg = pki.tmp.path().join("t.toml");
    std::fs::copy(fixture::fixtures().join("temporal.toml.in"), &cfg).unwrap();
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o640)).unwrap();
    pki.tcerts(&[
        "export",
        "temporal-profile",
        "w1",
        "--profile",
        "payments-worker",
        "--address",
        "h:7233",
        "--config-file",
    ])
    .arg(&cfg)
    .succeeds();
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("# The Temporal CLI's profiles"), "{text}");
    assert!(
        text.contains("address = \"localhost:7233\" # the dev server"),
        "{text}"
    );
    assert!(!text.contains("stale inline data"), "{text}");
    assert_eq!(mode(&cfg), 0o640, "the file's mode is kept");
    // A symlinked config file stays a symlink; its target is updated.
    let real = pki.tmp.path().join("dotfiles-temporal.toml");
    let link = pki.tmp.path().join("link.toml");
    std::fs::copy(&cfg, &real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    pki.tcerts(&[
        "export",
        "temporal-profile",
        "w1",
        "--profile",
        "linked",
        "--address",
        "h:7233",
        "--config-file",
    ])
    .arg(&link)
    .succeeds();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("[profile.linked]")
    );
    // Invalid TOML: refused, untouched.
    std::fs::write(&cfg, "[profile\n").unwrap();
    pki.tcerts(&[
        "export",
        "temporal-profile",
        "w1",
        "--address",
        "h:7233",
        "--config-file",
    ])
    .arg(&cfg)
    .fails_with(2)
    .stderr_has("not valid TOML")
    .no_panic();
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), "[profile\n");
    pki.tcerts(&[
        "export",
        "temporal-profile",
        "w1",
        "--address",
        "no-port",
        "--stdout",
    ])
    .fails_with(2)
    .stderr_has("host:port")
    .no_panic();
}

#[test]
fn golden_exports() {
    let (_tmp, pki) = fixture::fixture_pki();
    let run = |args: &[&str]| Test::new(&pki).args(args).succeeds().out.stdout;
    let w = "payments-worker";
    let addr = "temporal-frontend:7233";
    fixture::golden(
        "env-payments-worker.sh",
        &pki,
        &run(&[
            "export",
            "env",
            w,
            "--address",
            addr,
            "--server-name",
            "temporal-frontend",
        ]),
    );
    fixture::golden(
        "env-payments-worker-inline.env",
        &pki,
        &run(&[
            "export",
            "env",
            w,
            "--address",
            addr,
            "--inline",
            "--dotenv",
        ]),
    );
    fixture::golden(
        "k8s-secret-frontend.yaml",
        &pki,
        &run(&[
            "export",
            "k8s-secret",
            "frontend",
            "--namespace",
            "temporal",
        ]),
    );
    fixture::golden("helm-values.yaml", &pki, &run(&["export", "helm-values"]));
    fixture::golden(
        "server-config.yaml",
        &pki,
        &run(&["export", "server-config"]),
    );
    fixture::golden(
        "server-config-inline.yaml",
        &pki,
        &run(&["export", "server-config", "--inline"]),
    );
    let input = fixture::fixtures().join("temporal.toml.in");
    let merged = Test::new(&pki)
        .args(&[
            "export",
            "temporal-profile",
            w,
            "--address",
            addr,
            "--server-name",
            "temporal-frontend",
            "--stdout",
            "--config-file",
        ])
        .arg(&input)
        .succeeds()
        .out
        .stdout;
    fixture::golden("temporal.toml", &pki, &merged);
}
