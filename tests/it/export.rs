//! `tcerts export`: every format parsed back by a reader tcerts did not write (PyYAML,
//! serde-saphyr, kubectl's own Secret generator, OpenSSL's pkcs12, Java's keytool, the
//! real `temporal` CLI's config reader), schema checks with the field names of the shared
//! Temporal doc, file modes, and golden bytes from the fixture PKI.

use crate::support;
use crate::support::fixture;
use crate::support::temporal;

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
    let mut cmd = Command::new(python_with("yaml"));
    cmd.args([
        "-c",
        "import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)",
    ]);
    let out = output_with_stdin(cmd, text.as_bytes()).expect("python3 with PyYAML is installed");
    assert!(
        out.status.success(),
        "PyYAML cannot read it: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(py, saphyr, "PyYAML and serde-saphyr disagree");
    py
}

/// A Python that can import `module` (scripts/install-test-deps.sh puts PyYAML,
/// python-dotenv and python-hcl2 into .venv), else `python3`, whose failure then says
/// what is missing.
fn python_with(module: &str) -> PathBuf {
    support::tools::python_with(module).unwrap_or_else(|| PathBuf::from("python3"))
}

/// Keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
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
    if let Some(kubectl) = require_tool(
        "kubectl",
        "k8s_secret_is_a_tls_secret_kubectl_would_make_and_private_on_disk",
    ) {
        let o = Command::new(kubectl)
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
            .output()
            .expect("run kubectl");
        assert!(
            o.status.success(),
            "kubectl refused the files: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let k: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(k["type"], doc["type"]);
        assert_eq!(k["data"]["tls.crt"], doc["data"]["tls.crt"]);
        assert_eq!(k["data"]["tls.key"], doc["data"]["tls.key"]);
        assert_eq!(k["metadata"]["namespace"], doc["metadata"]["namespace"]);
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

/// The chart facts of fixtures/export/helm-chart-temporal-paths.json (read from the
/// chart's source at the tag or commit they name).
fn chart_facts() -> Value {
    let path = fixture::fixtures().join("helm-chart-temporal-paths.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every leaf of a values document as (dotted path, value); lists are leaves.
fn leaf_paths<'a>(v: &'a Value, prefix: &str, out: &mut Vec<(String, &'a Value)>) {
    match v.as_object() {
        Some(map) => {
            for (k, child) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_paths(child, &p, out);
            }
        }
        None => out.push((prefix.to_string(), v)),
    }
}

/// The value at a dotted path.
fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| &v[k])
}

/// Checks `doc` against one form of the chart: every key is a path the chart reads (or
/// lies inside a block the chart passes on verbatim, which is then checked against its
/// consumer's schema), and no key is one the form ignores.
fn check_chart_paths(doc: &Value, form: &Value) {
    let values = form["values"].as_array().unwrap();
    let mut leaves = Vec::new();
    leaf_paths(doc, "", &mut leaves);
    for (path, _) in &leaves {
        let known = values.iter().any(|v| {
            let p = v["path"].as_str().unwrap();
            path == p || (v.get("verbatim").is_some() && path.starts_with(&format!("{p}.")))
        });
        assert!(
            known,
            "{path} is not a value path the chart reads ({})",
            form["tag"]
        );
    }
    for ignored in form["not_read"].as_array().into_iter().flatten() {
        let ignored = ignored.as_str().unwrap();
        assert!(
            !leaves.iter().any(|(p, _)| p.starts_with(ignored)),
            "{ignored} is ignored by this chart"
        );
    }
    for v in values.iter().filter(|v| v.get("verbatim").is_some()) {
        let block = at(doc, v["path"].as_str().unwrap());
        if block.is_null() {
            continue;
        }
        match v["verbatim"].as_str().unwrap() {
            "server-config" => {
                for group in ["internode", "frontend"] {
                    for (side, allowed) in
                        [("server", &SERVER_KEYS[..]), ("client", &CLIENT_KEYS[..])]
                    {
                        for k in block.get(group).map(|g| keys(&g[side])).unwrap_or_default() {
                            assert!(allowed.contains(&k), "{group}.{side}.{k}");
                        }
                    }
                }
                for k in keys(block) {
                    assert!(
                        [
                            "refreshInterval",
                            "expirationChecks",
                            "internode",
                            "frontend",
                            "systemWorker"
                        ]
                        .contains(&k),
                        "global.tls.{k}"
                    );
                }
            }
            "volumes" => {
                for vol in block.as_array().unwrap() {
                    assert_eq!(keys(vol), ["name", "secret"]);
                    assert_eq!(keys(&vol["secret"]), ["secretName"]);
                }
            }
            "volumeMounts" => {
                for m in block.as_array().unwrap() {
                    assert_eq!(keys(m), ["mountPath", "name", "readOnly"]);
                    assert_eq!(m["readOnly"], true);
                }
            }
            "env" => {
                for e in block.as_array().unwrap() {
                    assert_eq!(keys(e), ["name", "value"]);
                    assert!(
                        e["value"].is_string(),
                        "Kubernetes env values are strings: {e}"
                    );
                }
            }
            other => panic!("unknown verbatim kind {other}"),
        }
    }
}

/// The Secrets `export k8s-secret NAME` writes by default: name -> data (decoded).
fn default_secrets(pki: &Pki, certs: &[&str]) -> std::collections::BTreeMap<String, Value> {
    certs
        .iter()
        .map(|c| {
            let s = parse_yaml(&pki.tcerts(&["export", "k8s-secret", c]).succeeds().stdout());
            (
                s["metadata"]["name"].as_str().unwrap().to_string(),
                s["data"].clone(),
            )
        })
        .collect()
}

/// The Secret file a pod sees at `file`: the volume mounted at its directory must be a
/// Secret among `secrets` holding the file name as a key. Returns its decoded bytes.
fn mounted_file(
    file: &str,
    volumes: &Value,
    mounts: &Value,
    secrets: &std::collections::BTreeMap<String, Value>,
) -> Vec<u8> {
    let (dir, key) = file.rsplit_once('/').unwrap();
    let mount = mounts
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mountPath"] == dir)
        .unwrap_or_else(|| panic!("{file}: nothing is mounted at {dir}"));
    let volume = volumes
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == mount["name"])
        .unwrap_or_else(|| panic!("{file}: no volume named {}", mount["name"]));
    let secret_name = volume["secret"]["secretName"].as_str().unwrap();
    let data = secrets.get(secret_name).unwrap_or_else(|| {
        panic!("{file}: Secret {secret_name} is not one `export k8s-secret` writes")
    });
    b64(data[key]
        .as_str()
        .unwrap_or_else(|| panic!("{file}: Secret {secret_name} has no key {key}")))
}

#[test]
fn helm_values_fit_the_released_chart_and_every_file_is_in_a_mounted_secret() {
    let pki = server_pki();
    // No cli certificate yet: the exact command to issue one.
    pki.tcerts(&["export", "helm-values"])
        .fails_with(2)
        .stderr_has("issue cli --name admintools")
        .no_panic();
    pki.tcerts(&["issue", "cli", "--name", "admintools"])
        .succeeds();
    let out = pki.tmp.path().join("values.yaml");
    pki.tcerts(&["export", "helm-values", "--output"])
        .arg(&out)
        .succeeds()
        .stdout_has("temporal-1.6.0")
        .stdout_has("kubectl apply");
    let doc = parse_yaml(&std::fs::read_to_string(&out).unwrap());
    let facts = chart_facts();
    let form = &facts["forms"]["released"];
    assert_eq!(form["tag"], "temporal-1.6.0");
    check_chart_paths(&doc, form);

    let mut secrets = default_secrets(&pki, &["frontend", "internode", "admintools"]);
    // The client trust Secret, as the printed `kubectl create secret generic` makes it.
    let enc =
        |p: PathBuf| base64::engine::general_purpose::STANDARD.encode(std::fs::read(p).unwrap());
    secrets.insert(
        "tcerts-client-trust".into(),
        serde_json::json!({
            "clients.pem": enc(pki.path("trust/clients.pem")),
            "internode.pem": enc(pki.path("trust/internode.pem")),
        }),
    );
    let scratch = pki.tmp.path().join("pods");
    // Each pod's files, from the Secrets it mounts, laid out under `scratch/POD`.
    let materialise = |pod: &str, files: Vec<String>| -> Vec<(String, PathBuf)> {
        let spec = &form["pods"][pod];
        let (volumes, mounts) = (
            at(&doc, spec["volumes"].as_str().unwrap()),
            at(&doc, spec["volumeMounts"].as_str().unwrap()),
        );
        assert!(!files.is_empty(), "{pod} reads no file");
        files
            .into_iter()
            .map(|f| {
                let bytes = mounted_file(&f, volumes, mounts, &secrets);
                let local = scratch.join(pod).join(f.trim_start_matches('/'));
                std::fs::create_dir_all(local.parent().unwrap()).unwrap();
                std::fs::write(&local, bytes).unwrap();
                (f, local)
            })
            .collect()
    };

    // The server: every *File / *Files of server.config.tls.
    let tls = &doc["server"]["config"]["tls"];
    let mut leaves = Vec::new();
    leaf_paths(tls, "", &mut leaves);
    let mut server_files = Vec::new();
    for (path, v) in &leaves {
        if path.ends_with("File") {
            server_files.push(v.as_str().unwrap().to_string());
        } else if path.ends_with("Files") {
            server_files.extend(
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap().to_string()),
            );
        }
    }
    server_files.sort();
    server_files.dedup();
    let server = materialise("server", server_files);
    // The same block as `export server-config`, with the files moved under the mounts.
    let local: std::collections::BTreeMap<String, PathBuf> = server.into_iter().collect();
    let mut rewritten =
        serde_json::to_string(&serde_json::json!({ "global": { "tls": tls } })).unwrap();
    for (f, l) in &local {
        rewritten = rewritten.replace(&format!("\"{f}\""), &format!("\"{}\"", l.display()));
    }
    let rewritten: Value = serde_json::from_str(&rewritten).unwrap();
    check_server_config_schema(&rewritten);
    let plain = parse_yaml(&pki.tcerts(&["export", "server-config"]).succeeds().stdout());
    let (ours, theirs) = (&rewritten["global"]["tls"], &plain["global"]["tls"]);
    for (path, _) in leaves
        .iter()
        .filter(|(p, _)| !p.ends_with("File") && !p.ends_with("Files"))
    {
        assert_eq!(
            at(ours, path),
            at(theirs, path),
            "{path} as in export server-config"
        );
    }
    let p = |v: &Value| PathBuf::from(v.as_str().unwrap());
    let t = &rewritten["global"]["tls"];
    let (ok, text) = openssl_verify(
        &p(&t["frontend"]["client"]["rootCaFiles"][0]),
        &p(&t["frontend"]["server"]["certFile"]),
        &p(&t["frontend"]["server"]["certFile"]),
        "sslserver",
    );
    assert!(ok, "frontend chain in the pod: {text}");
    // The frontend's clientCaFiles admit the admintools client certificate, anchored on its
    // issuing CA (as Go's crypto/tls does; OpenSSL needs -partial_chain), never on a root.
    let client_cas = p(&t["frontend"]["server"]["clientCaFiles"][0]);
    assert!(
        !std::fs::read_to_string(&client_cas)
            .unwrap()
            .contains(&std::fs::read_to_string(pki.path("ca/root/cert.pem")).unwrap()),
        "no root in clientCaFiles"
    );
    let (ok, text) = openssl(&[
        "verify",
        "-partial_chain",
        "-purpose",
        "sslclient",
        "-CAfile",
        &client_cas.to_string_lossy(),
        "-untrusted",
        &pki.cert("admintools", "chain.pem").to_string_lossy(),
        &pki.cert("admintools", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "admintools against the pod's clientCaFiles: {text}");

    // admintools (the temporal CLI) and the Web UI: the file variables of each consumer.
    for (pod, consumer) in [("admintools", "temporal CLI"), ("web", "Web UI")] {
        let env = at(&doc, form["pods"][pod]["env"].as_str().unwrap())
            .as_array()
            .unwrap()
            .clone();
        let known: Vec<&str> = ["file_env", "other_env"]
            .iter()
            .flat_map(|k| facts["consumers"][consumer][k].as_array().unwrap())
            .map(|v| v.as_str().unwrap())
            .collect();
        for e in &env {
            assert!(
                known.contains(&e["name"].as_str().unwrap()),
                "{pod}: {} is not read by the {consumer}",
                e["name"]
            );
        }
        let value = |name: &str| {
            env.iter()
                .find(|e| e["name"] == name)
                .unwrap_or_else(|| panic!("{pod}: no {name}"))["value"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let file_env: Vec<&str> = facts["consumers"][consumer]["file_env"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let files = materialise(pod, file_env.iter().map(|n| value(n)).collect());
        let local = |name: &str| {
            files
                .iter()
                .find(|(f, _)| *f == value(name))
                .unwrap()
                .1
                .clone()
        };
        let (cert, ca) = match consumer {
            "temporal CLI" => (
                local("TEMPORAL_TLS_CLIENT_CERT_PATH"),
                local("TEMPORAL_TLS_SERVER_CA_CERT_PATH"),
            ),
            _ => (local("TEMPORAL_TLS_CERT"), local("TEMPORAL_TLS_CA")),
        };
        // The client certificate is accepted by the frontend's clientCaFiles...
        // (anchored on the issuing CA, as Go does; OpenSSL needs -partial_chain).
        let (ok, text) = openssl(&[
            "verify",
            "-partial_chain",
            "-purpose",
            "sslclient",
            "-CAfile",
            &p(&t["frontend"]["server"]["clientCaFiles"][0]).to_string_lossy(),
            "-untrusted",
            &cert.to_string_lossy(),
            &cert.to_string_lossy(),
        ]);
        assert!(ok, "{pod} client certificate against the frontend: {text}");
        // ...and the frontend's certificate verifies against the pod's CA for the name it checks.
        let fe_chain = p(&t["frontend"]["server"]["certFile"]);
        let (ok, text) = openssl(&[
            "verify",
            "-purpose",
            "sslserver",
            "-verify_hostname",
            &value("TEMPORAL_TLS_SERVER_NAME"),
            "-CAfile",
            &ca.to_string_lossy(),
            "-untrusted",
            &fe_chain.to_string_lossy(),
            &fe_chain.to_string_lossy(),
        ]);
        assert!(ok, "{pod} checks the frontend: {text}");
    }
    assert_eq!(
        at(&doc, "web.additionalEnv")
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "TEMPORAL_TLS_ENABLE_HOST_VERIFICATION")
            .unwrap()["value"],
        "true"
    );

    // A client certificate must be one: a serverAuth-only certificate is refused.
    pki.tcerts(&["export", "helm-values", "--client", "frontend"])
        .fails_with(2)
        .stderr_has("does not allow clientAuth")
        .no_panic();
    // Several cli certificates: the user chooses; --client picks one.
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    pki.tcerts(&["export", "helm-values"])
        .fails_with(2)
        .stderr_has("--client")
        .no_panic();
    let doc = parse_yaml(
        &pki.tcerts(&["export", "helm-values", "--client", "ops"])
            .succeeds()
            .stdout(),
    );
    assert_eq!(
        doc["web"]["additionalVolumes"][0]["secret"]["secretName"],
        "temporal-ops-tls"
    );
    // Two frontends: the user must say which.
    pki.tcerts(&["issue", "frontend", "--name", "fe2", "--dns", "x"])
        .succeeds();
    pki.tcerts(&["export", "helm-values", "--client", "ops"])
        .fails_with(2)
        .stderr_has("--frontend")
        .no_panic();
    pki.tcerts(&[
        "export",
        "helm-values",
        "--client",
        "ops",
        "--frontend",
        "fe2",
        "--client-secret",
        "Bad",
    ])
    .fails_with(2)
    .stderr_has("not a valid Kubernetes name")
    .no_panic();
}

#[test]
fn helm_values_for_the_main_branch_chart_need_a_frontend_that_is_also_a_client() {
    let pki = server_pki();
    pki.tcerts(&["issue", "cli", "--name", "admintools"])
        .succeeds();
    // tcerts' frontend certificate is serverAuth only: the chart's own pods would be refused.
    pki.tcerts(&["export", "helm-values", "--chart", "main"])
        .fails_with(2)
        .stderr_has("does not allow clientAuth")
        .stderr_has("--chart released")
        .no_panic();
    pki.tcerts(&[
        "issue",
        "internode",
        "--name",
        "frontend-mtls",
        "--dns",
        "temporal-frontend",
    ])
    .succeeds();
    let text = pki
        .tcerts(&[
            "export",
            "helm-values",
            "--chart",
            "main",
            "--frontend",
            "frontend-mtls",
            "--internode",
            "internode",
        ])
        .succeeds()
        .stdout();
    let doc = parse_yaml(&text);
    let facts = chart_facts();
    let form = &facts["forms"]["main"];
    check_chart_paths(&doc, form);
    let secrets = default_secrets(&pki, &["frontend-mtls", "internode", "admintools"]);
    // Each Secret the chart mounts holds the files the chart's helpers name.
    for (section, cert) in [
        ("server.tls.frontend", "frontend-mtls"),
        ("server.tls.internode", "internode"),
        ("web.tls", "admintools"),
    ] {
        let s = at(&doc, section);
        assert_eq!(s["enabled"], true);
        let data = &secrets[s["secretName"].as_str().unwrap()];
        for k in ["tls.crt", "tls.key", "ca.crt"] {
            assert!(data[k].is_string(), "{section}: {k}");
        }
        let leaf = b64(data["tls.crt"].as_str().unwrap());
        assert_eq!(
            leaf,
            std::fs::read(pki.cert(cert, "chain.pem")).unwrap(),
            "{section}"
        );
    }
    assert_eq!(
        doc["server"]["tls"]["frontend"]["serverName"],
        "temporal-frontend"
    );
    assert_eq!(doc["server"]["tls"]["frontend"]["requireClientAuth"], true);
    assert_eq!(doc["web"]["tls"]["enableHostVerification"], true);
    // The system worker's files lie under the internode Secret's mount.
    let sw = &doc["server"]["config"]["tls"]["systemWorker"];
    let mount = doc["server"]["tls"]["internode"]["mountPath"]
        .as_str()
        .unwrap();
    assert_eq!(sw["certFile"], format!("{mount}/tls.crt"));
    assert_eq!(sw["keyFile"], format!("{mount}/tls.key"));
    // The frontend certificate really is a client certificate (what admintools presents).
    let fe = pki.cert("frontend-mtls", "chain.pem");
    let (ok, out) = openssl_verify(&pki.cert("frontend-mtls", "ca.pem"), &fe, &fe, "sslclient");
    assert!(ok, "{out}");
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
    // The hint is the Temporal Java SDK's way, with the server's CA from ca.pem.
    let ca = pki.cert("w1", "ca.pem");
    pki.tcerts(&["export", "pkcs12", "w1", "--password-file"])
        .arg(&pw)
        .arg("--output")
        .arg(&p12)
        .succeeds()
        .stdout_has("SimpleSslContextBuilder.forPKCS12(")
        .stdout_has(".setTrustManager(")
        .stdout_has(&ca.display().to_string());
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
    // The alias on both the key bag and the leaf's certificate bag, with the same
    // localKeyID (what `openssl pkcs12 -export -name w1` writes); the CA bags carry none.
    let (ok, info) = openssl(&[
        "pkcs12",
        "-info",
        "-nodes",
        "-in",
        &p12.to_string_lossy(),
        "-passin",
        &passin,
    ]);
    assert!(ok, "{info}");
    assert_eq!(info.matches("friendlyName: w1").count(), 2, "{info}");
    let leaf_bag = info
        .split("Bag Attributes")
        .find(|b| b.contains("subject=") && b.contains("CN = w1"))
        .unwrap_or_else(|| panic!("no bag for the leaf: {info}"));
    assert!(
        leaf_bag.contains("friendlyName: w1"),
        "leaf bag: {leaf_bag}"
    );
    let key_bag = info
        .split("Bag Attributes")
        .find(|b| b.contains("PRIVATE KEY"))
        .unwrap_or_else(|| panic!("no key bag: {info}"));
    assert!(key_bag.contains("friendlyName: w1"), "key bag: {key_bag}");
    let id = |b: &str| {
        b.lines()
            .find(|l| l.contains("localKeyID:"))
            .map(|l| l.trim().to_string())
    };
    assert!(
        id(leaf_bag).is_some() && id(leaf_bag) == id(key_bag),
        "{info}"
    );
    // ... and that localKeyID is the certificate's SHA-1, as openssl computes it.
    let (ok, fp) = openssl(&[
        "x509",
        "-noout",
        "-fingerprint",
        "-sha1",
        "-in",
        &pki.cert("w1", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{fp}");
    let sha1 = fp
        .trim()
        .rsplit('=')
        .next()
        .unwrap_or_default()
        .replace(':', " ");
    assert_eq!(
        id(leaf_bag).map(|l| l.to_uppercase()),
        Some(format!("LOCALKEYID: {sha1}")),
        "{info}"
    );
    assert_eq!(
        info.matches("<No Attributes>").count(),
        1,
        "no CA bag, and the key's own attributes: {info}"
    );
    // The certificates: the leaf alone (the namespace CA is its own root: the server holds
    // it, the client need not send it; the root that verifies the server is ca.pem, given
    // to Java apart, as the hint says).
    let (ok, certs) = openssl(&[
        "pkcs12",
        "-in",
        &p12.to_string_lossy(),
        "-passin",
        &passin,
        "-nokeys",
    ]);
    assert!(ok, "{certs}");
    assert_eq!(certs.matches("BEGIN CERTIFICATE").count(), 1, "{certs}");
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

    // Java's keytool (Debian openjdk-17-jre-headless; required in CI): one
    // PrivateKeyEntry named w1 with the full chain, leaf to root.
    let keytool = require_tool(
        "keytool",
        "pkcs12_is_read_by_openssl_without_legacy_and_by_keytool",
    );
    if let Some(keytool) = &keytool {
        let o = Command::new(keytool)
            .args(["-list", "-v", "-storetype", "PKCS12", "-keystore"])
            .arg(&p12)
            .args(["-storepass", "s3cret-p12"])
            .output()
            .expect("run keytool");
        let t = String::from_utf8_lossy(&o.stdout);
        let why = format!("keytool: {t}{}", String::from_utf8_lossy(&o.stderr));
        assert!(o.status.success(), "{why}");
        assert!(t.contains("Your keystore contains 1 entry"), "{why}");
        assert!(t.contains("Alias name: w1\n"), "{why}");
        assert!(t.contains("Entry type: PrivateKeyEntry"), "{why}");
        assert!(t.contains("Certificate chain length: 1"), "{why}");
        let owners: Vec<&str> = t.lines().filter(|l| l.starts_with("Owner: ")).collect();
        assert_eq!(owners.len(), 1, "{why}");
        assert!(owners[0].contains("CN=w1"), "{why}");
    }

    // A certificate of the issuing CA carries its full chain, leaf to the shared root.
    pki.tcerts(&["issue", "cli", "--name", "ops-p12"])
        .succeeds();
    let p3 = dir.join("ops.p12");
    pki.tcerts(&["export", "pkcs12", "ops-p12", "--output"])
        .arg(&p3)
        .env("TCERTS_P12_PASSWORD", "s3cret-p12")
        .succeeds();
    if let Some(keytool) = &keytool {
        let o = Command::new(keytool)
            .args(["-list", "-v", "-storetype", "PKCS12", "-keystore"])
            .arg(&p3)
            .args(["-storepass", "s3cret-p12"])
            .output()
            .expect("run keytool");
        let t = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{t}");
        assert!(t.contains("Entry type: PrivateKeyEntry"), "{t}");
        assert!(t.contains("Certificate chain length: 3"), "{t}");
        let owners: Vec<&str> = t.lines().filter(|l| l.starts_with("Owner: ")).collect();
        assert!(
            owners[0].contains("CN=ops-p12") && owners[2].contains("Root CA"),
            "{t}"
        );
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
    if let Some(python) = require_python_module("dotenv", "env_exports_are_valid_shell_and_dotenv")
    {
        let py = Command::new(python)
            .args([
                "-c",
                "import sys, json, dotenv; json.dump(dotenv.dotenv_values(sys.argv[1]), sys.stdout)",
            ])
            .arg(&envf)
            .output()
            .expect("python3");
        assert!(
            py.status.success(),
            "python-dotenv cannot read it: {}",
            String::from_utf8_lossy(&py.stderr)
        );
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
        None => support::tools::skip_unless_required(
            "temporal_profile_goes_where_the_real_cli_looks_and_keeps_the_rest",
            "the temporal CLI was not found (only the file was checked)",
            "run scripts/install-test-deps.sh",
        ),
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
    fixture::golden(
        "helm-values.yaml",
        &pki,
        &run(&["export", "helm-values", "--client", w]),
    );
    fixture::golden(
        "helm-values-main.yaml",
        &pki,
        &run(&[
            "export",
            "helm-values",
            "--chart",
            "main",
            "--frontend",
            "internode",
            "--client",
            w,
        ]),
    );
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

/// Parses HCL with python-hcl2 (pinned in scripts/install-test-deps.sh), strings unquoted
/// and unescaped, comments dropped. Fails the test if it is not HCL.
fn parse_hcl(text: &str) -> Value {
    let script = "import sys, json, hcl2\n\
                  from hcl2 import SerializationOptions\n\
                  o = SerializationOptions(strip_string_quotes=True, with_comments=False)\n\
                  json.dump(hcl2.loads(sys.stdin.read(), serialization_options=o), sys.stdout)";
    let Some(python) = require_python_module("hcl2", "parse_hcl (export terraform)") else {
        return Value::Null;
    };
    let mut cmd = Command::new(&python);
    cmd.args(["-c", script]);
    let out = output_with_stdin(cmd, text.as_bytes()).expect("python3");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "python-hcl2 cannot parse it: {err}\n{text}"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The snake_case name the Terraform provider gives a filters JSON field.
fn snake_case(camel: &str) -> String {
    camel.chars().fold(String::new(), |mut s, c| {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
        s
    })
}

#[test]
fn terraform_snippet_parses_as_hcl_and_carries_the_bundle_and_filters() {
    // An organisation name that needs HCL escaping.
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", r#"Acme "Q" \ ${x} Ltd"#])
        .succeeds();
    pki.tcerts(&["namespace", "add", "pay.ments"]).succeeds();
    let ns = "pay.ments";
    let pem = pki
        .tcerts(&["bundle", "--namespace", ns, "--format", "pem"])
        .succeeds()
        .out
        .stdout;
    let filters: Value = serde_json::from_slice(
        &pki.tcerts(&["filters", "--namespace", ns])
            .succeeds()
            .out
            .stdout,
    )
    .unwrap();
    // The filters JSON after the provider's snake_case rename.
    let expected_filters: Vec<Value> = filters["filters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Value::Object(
                f.as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (snake_case(k), v.clone()))
                    .collect(),
            )
        })
        .collect();
    assert!(expected_filters[0].get("organizational_unit").is_some());

    let resource = |doc: &Value| -> Value {
        assert_eq!(doc["resource"].as_array().unwrap().len(), 1);
        let r = &doc["resource"][0]["temporalcloud_namespace"]["pay_ments"];
        assert!(r.is_object(), "temporalcloud_namespace.pay_ments in {doc}");
        r.clone()
    };
    let check = |r: &Value| {
        assert_eq!(r["name"], ns);
        // The values only the user knows are variables without defaults.
        assert_eq!(r["regions"], "${var.pay_ments_regions}");
        assert_eq!(r["retention_days"], "${var.pay_ments_retention_days}");
        let filters: Vec<Value> = r["certificate_filters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                // python-hcl2 keeps template text as written: `$${` is HCL's literal `${`.
                let mut f = f.clone();
                let o = f.as_object_mut().unwrap();
                o.remove("__is_block__");
                for v in o.values_mut() {
                    *v = Value::String(
                        v.as_str()
                            .unwrap()
                            .replace("$${", "${")
                            .replace("%%{", "%{"),
                    );
                }
                f
            })
            .collect();
        assert_eq!(filters, expected_filters);
    };

    // stdout: the bundle inline.
    let text = pki
        .tcerts(&["export", "terraform", "--namespace", ns])
        .succeeds()
        .stdout();
    assert!(text.contains("FILL IN"), "{text}");
    let doc = parse_hcl(&text);
    if doc.is_null() {
        return;
    }
    let vars: Vec<String> = doc["variable"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v.as_object().unwrap().keys().cloned())
        .collect();
    assert_eq!(vars, ["pay_ments_regions", "pay_ments_retention_days"]);
    for v in doc["variable"].as_array().unwrap() {
        let (_, body) = v.as_object().unwrap().iter().next().unwrap();
        assert!(body.get("default").is_none(), "{body}");
        assert!(body["description"].as_str().unwrap().starts_with("FILL IN"));
    }
    let r = resource(&doc);
    check(&r);
    assert_eq!(
        b64(r["accepted_client_ca"].as_str().unwrap()),
        pem,
        "byte for byte"
    );

    // --output: the snippet, and the bundle beside it read with filebase64().
    let dir = pki.tmp.path().join("tf");
    std::fs::create_dir(&dir).unwrap();
    pki.tcerts(&["export", "terraform", "--namespace", ns, "--output"])
        .arg(dir.join("main.tf"))
        .succeeds()
        .stdout_has("terraform plan");
    let doc = parse_hcl(&std::fs::read_to_string(dir.join("main.tf")).unwrap());
    let r = resource(&doc);
    check(&r);
    let call = r["accepted_client_ca"].as_str().unwrap();
    let file = call
        .strip_prefix("${filebase64(\"${path.module}/")
        .and_then(|s| s.strip_suffix("\")}"))
        .unwrap_or_else(|| panic!("not filebase64(\"${{path.module}}/FILE\"): {call}"));
    assert_eq!(std::fs::read(dir.join(file)).unwrap(), pem, "byte for byte");

    // Errors: an unknown namespace, exit 2.
    pki.tcerts(&["export", "terraform", "--namespace", "nope"])
        .fails_with(2)
        .stderr_has("namespace add nope")
        .no_panic();
}

/// A FIFO that another local user (nobody, 65534) made at an output path in a shared,
/// sticky directory, with a reader of theirs attached: how they would catch a key.
struct PlantedFifo {
    path: PathBuf,
    reader: std::process::Child,
}

impl PlantedFifo {
    /// Lets the reader finish (a writer that writes nothing), then returns what it read.
    fn collected(mut self) -> Vec<u8> {
        drop(
            std::fs::OpenOptions::new()
                .write(true)
                .open(&self.path)
                .unwrap(),
        );
        let mut got = Vec::new();
        use std::io::Read;
        self.reader
            .stdout
            .take()
            .unwrap()
            .read_to_end(&mut got)
            .unwrap();
        self.reader.wait().unwrap();
        got
    }
}

fn as_nobody(args: &[&std::ffi::OsStr]) -> Command {
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .args(args);
    cmd
}

fn plant_fifo(shared: &Path, name: &str) -> PlantedFifo {
    let path = shared.join(name);
    let ok = as_nobody(&[
        "mkfifo".as_ref(),
        "-m".as_ref(),
        "0666".as_ref(),
        path.as_os_str(),
    ])
    .status()
    .unwrap()
    .success();
    assert!(ok, "mkfifo as nobody");
    // Bounded: `timeout` ends the reader even if the test dies before reaping it.
    let reader = as_nobody(&[
        "timeout".as_ref(),
        "60".as_ref(),
        "cat".as_ref(),
        path.as_os_str(),
    ])
    .stdout(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    PlantedFifo { path, reader }
}

/// Issue #10 finding 4: a key-bearing output goes only to a new regular file created
/// 0600, or to standard output on `--output -`. A FIFO, symlink or device another user
/// put at the path, or a file they own, is refused (exit 2, naming the path); their
/// reader receives nothing.
#[test]
fn key_bearing_outputs_refuse_fifos_links_and_devices() {
    if !rustix::process::geteuid().is_root() {
        skip_unless_required(
            "key_bearing_outputs_refuse_fifos_links_and_devices",
            "not root",
            "this test plays another local user with setpriv: run it as root",
        );
        return;
    }
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w1"]).succeeds();
    pki.tcerts(&["issue", "frontend", "--dns", "fe"]).succeeds();
    pki.tcerts(&["issue", "internode", "--dns", "in"])
        .succeeds();
    // A /tmp-like directory: world-writable and sticky, reachable by nobody.
    let base = tempfile::Builder::new().tempdir_in("/tmp").unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = base.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();

    let key_outputs: [&[&str]; 5] = [
        &["export", "k8s-secret", "w1", "--output"],
        &["export", "env", "w1", "--inline", "--output"],
        &["export", "pkcs12", "w1", "--output"],
        &["export", "server-config", "--inline", "--output"],
        &["ca", "export-root-key", "--output"],
    ];
    for (i, args) in key_outputs.iter().enumerate() {
        let fifo = plant_fifo(&shared, &format!("out{i}"));
        pki.tcerts(args)
            .arg(&fifo.path)
            .env("TCERTS_P12_PASSWORD", "pw")
            .fails_with(2)
            .no_panic()
            .stderr_has(&fifo.path.display().to_string())
            .stderr_has("FIFO");
        assert!(
            fifo.collected().is_empty(),
            "`{}`: the other user's reader got data",
            args.join(" ")
        );
    }

    // The root key was not moved out to the FIFO: it is still in the PKI, and readable.
    let (ok, text) = openssl(&[
        "pkey",
        "-noout",
        "-in",
        &pki.path("ca/root/key.pem").to_string_lossy(),
    ]);
    assert!(ok, "{text}");

    // A symlink nobody planted towards a file of theirs, /dev/stdout, a device, and a
    // regular file nobody owns: refused, nothing written anywhere.
    let theirs = shared.join("theirs");
    let ok = as_nobody(&["touch".as_ref(), theirs.as_os_str()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let link = shared.join("link.yaml");
    let ok = as_nobody(&[
        "ln".as_ref(),
        "-s".as_ref(),
        theirs.as_os_str(),
        link.as_os_str(),
    ])
    .status()
    .unwrap()
    .success();
    assert!(ok);
    for (path, why) in [
        (link.as_path(), "symlink"),
        (Path::new("/dev/stdout"), "symlink"),
        (Path::new("/dev/null"), "device"),
        (theirs.as_path(), "another user"),
    ] {
        for args in &key_outputs[..2] {
            pki.tcerts(args)
                .arg(path)
                .fails_with(2)
                .stderr_has(&path.display().to_string())
                .stderr_has(why);
        }
    }
    assert_eq!(std::fs::read(&theirs).unwrap(), b"");

    // What is allowed: a new file (0600, as the message says), the user's own earlier
    // export (replaced by a new 0600 file), and standard output on request.
    let mine = base.path().join("secret.yaml");
    pki.tcerts(&["export", "k8s-secret", "w1", "--output"])
        .arg(&mine)
        .succeeds()
        .stdout_has("0600");
    assert_eq!(mode(&mine), 0o600);
    std::fs::set_permissions(&mine, std::fs::Permissions::from_mode(0o644)).unwrap();
    pki.tcerts(&["export", "k8s-secret", "w1", "--output"])
        .arg(&mine)
        .succeeds();
    assert_eq!(mode(&mine), 0o600);
    pki.tcerts(&["export", "k8s-secret", "w1", "--output", "-"])
        .succeeds()
        .stdout_has("tls.key");
}

/// Issue #10 finding 8: every export that reads `key.pem` checks that it is the
/// certificate's key (as `export pkcs12` did) and reads the certificate directory without
/// following symlinks: a `key.pem` linked to a secret elsewhere is never shipped.
#[test]
fn exports_check_the_key_and_refuse_symlinks() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["issue", "worker", "--name", "w1"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "w2"]).succeeds();
    let exports: [&[&str]; 5] = [
        &["export", "k8s-secret", "w1"],
        &["export", "env", "w1", "--inline"],
        &["export", "env", "w1"],
        &["export", "pkcs12", "w1", "--output", "-"],
        &[
            "export",
            "temporal-profile",
            "w1",
            "--stdout",
            "--address",
            "h:7233",
        ],
    ];
    let key = pki.cert("w1", "key.pem");
    let original = std::fs::read(&key).unwrap();

    // 1. Another certificate's key in w1's directory (openssl agrees they differ).
    std::fs::copy(pki.cert("w2", "key.pem"), &key).unwrap();
    let (_, cert_pub) = openssl(&[
        "x509",
        "-pubkey",
        "-noout",
        "-in",
        &pki.cert("w1", "cert.pem").to_string_lossy(),
    ]);
    let (_, key_pub) = openssl(&["pkey", "-pubout", "-in", &key.to_string_lossy()]);
    assert_ne!(cert_pub, key_pub);
    for args in exports {
        let run = pki
            .tcerts(args)
            .env("TCERTS_P12_PASSWORD", "pw")
            .fails_with(2)
            .no_panic()
            .stderr_has(&key.display().to_string())
            .stderr_has("does not match");
        assert!(
            !run.stdout().contains("PRIVATE KEY"),
            "{args:?} leaked a key"
        );
    }

    // 2. key.pem a symlink to a secret outside the PKI: refused, never read.
    let secret = pki.tmp.path().join("shadow");
    std::fs::write(&secret, original.as_slice()).unwrap();
    std::fs::remove_file(&key).unwrap();
    std::os::unix::fs::symlink(&secret, &key).unwrap();
    for args in exports {
        let run = pki
            .tcerts(args)
            .env("TCERTS_P12_PASSWORD", "pw")
            .fails_with(2)
            .stderr_has(&key.display().to_string())
            .stderr_has("symlink");
        let b64 = base64::engine::general_purpose::STANDARD.encode(&original);
        assert!(
            !run.stdout().contains("PRIVATE KEY") && !run.stdout().contains(&b64[..40]),
            "{args:?} leaked the linked file"
        );
    }

    // 3. The whole certificate directory a symlink.
    std::fs::remove_file(&key).unwrap();
    std::fs::write(&key, &original).unwrap();
    let elsewhere = pki.tmp.path().join("w1-copy");
    std::fs::rename(pki.cert("w1", ""), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, pki.path("certs/w1")).unwrap();
    pki.tcerts(&["export", "k8s-secret", "w1"])
        .fails_with(2)
        .stderr_has("certs/w1")
        .stderr_has("symlink");

    // Restored, the same exports work.
    std::fs::remove_file(pki.path("certs/w1")).unwrap();
    std::fs::rename(&elsewhere, pki.cert("w1", "")).unwrap();
    pki.tcerts(&["export", "k8s-secret", "w1"])
        .succeeds()
        .stdout_has("tls.key");
}

/// `--json` with the content on stdout: one JSON document holding it (README, "Global
/// flags"), for every export that can write to stdout.
#[test]
fn json_embeds_every_export_written_to_stdout() {
    let pki = server_pki();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    let doc = json_embeds(&pki, &["export", "env", "w1"], &[], "shell");
    assert_eq!(doc["certificate"], "w1");
    assert_eq!(doc["namespace"], "payments");
    json_embeds(&pki, &["export", "env", "w1", "--dotenv"], &[], "dotenv");
    json_embeds(
        &pki,
        &["export", "env", "w1", "--output", "-"],
        &[],
        "shell",
    );
    let doc = json_embeds(
        &pki,
        &["export", "k8s-secret", "w1"],
        &[],
        "kubernetes-secret-yaml",
    );
    assert_eq!(doc["secret_name"], "temporal-w1-tls");
    let doc = json_embeds(
        &pki,
        &["export", "helm-values", "--client", "ops"],
        &[],
        "helm-values-yaml",
    );
    assert_eq!(doc["chart"], "temporal-1.6.0");
    // The embedded YAML is the document itself: PyYAML reads it.
    let values = parse_yaml(doc["content"].as_str().unwrap());
    assert!(values.get("server").is_some(), "{values}");
    json_embeds(
        &pki,
        &["export", "server-config"],
        &[],
        "temporal-server-config-yaml",
    );
    json_embeds(
        &pki,
        &["export", "terraform", "--namespace", "payments"],
        &[],
        "terraform-hcl",
    );
    let home = pki.tmp.path().join("home");
    let cfg = home.join("temporal.toml");
    let doc = json_embeds(
        &pki,
        &[
            "export",
            "temporal-profile",
            "w1",
            "--address",
            "temporal-frontend:7233",
            "--config-file",
            cfg.to_str().unwrap(),
            "--stdout",
        ],
        &[],
        "temporal-cli-config-toml",
    );
    assert_eq!(doc["profile"], "w1");
    assert!(!cfg.exists(), "--stdout writes no file");
    // Written to a file, the document describes the file and embeds nothing.
    let out = pki.tmp.path().join("w1.env");
    let doc = pki
        .tcerts(&[
            "--json",
            "export",
            "env",
            "w1",
            "--output",
            out.to_str().unwrap(),
        ])
        .succeeds()
        .json();
    assert!(doc.get("content").is_none(), "{doc}");
    assert_eq!(doc["output"], out.to_str().unwrap());
    // PKCS#12 is binary: never on stdout, with or without --json.
    pki.tcerts(&["--json", "export", "pkcs12", "w1", "--output", "-"])
        .env("TCERTS_P12_PASSWORD", "pw")
        .fails_with(2)
        .stderr_has("binary");
}

/// Whether openssl accepts the frontend's certificate for `name` (a host name or an IP), the
/// way a client checks it: the judge of the warning below.
fn frontend_valid_for(pki: &Pki, name: &str) -> bool {
    let flag = if name.parse::<std::net::IpAddr>().is_ok() {
        "-verify_ip"
    } else {
        "-verify_hostname"
    };
    openssl(&[
        "verify",
        "-purpose",
        "sslserver",
        flag,
        name,
        "-CAfile",
        &pki.cert("frontend", "ca.pem").to_string_lossy(),
        "-untrusted",
        &pki.cert("frontend", "chain.pem").to_string_lossy(),
        &pki.cert("frontend", "cert.pem").to_string_lossy(),
    ])
    .0
}

/// `--server-name` and the `--address` host are checked against the frontend's SANs: a
/// name clients would refuse draws a warning naming the SANs and the fix (the export is
/// still written, exit 0); a name they accept draws none.
#[test]
fn exports_warn_when_clients_would_refuse_the_frontend_for_the_name() {
    let pki = server_pki();
    let cfg = pki.tmp.path().join("temporal.toml");
    let cfg_s = cfg.to_str().unwrap();
    let profile = |address: &str, server_name: Option<&str>| {
        let mut args = vec![
            "export",
            "temporal-profile",
            "w1",
            "--address",
            address,
            "--config-file",
            cfg_s,
        ];
        if let Some(n) = server_name {
            args.extend(["--server-name", n]);
        }
        let _ = std::fs::remove_file(&cfg);
        let run = pki.tcerts(&args).succeeds();
        assert!(cfg.is_file(), "the profile is written either way");
        run.stderr()
    };

    // A wrong --server-name: openssl refuses the frontend for it, and tcerts says so.
    assert!(!frontend_valid_for(&pki, "wrong-name"));
    let err = profile("temporal-frontend:7233", Some("wrong-name"));
    assert!(err.contains("warning: --server-name wrong-name"), "{err}");
    assert!(err.contains("DNS: temporal-frontend, localhost"), "{err}");
    assert!(err.contains("use --server-name temporal-frontend"), "{err}");
    assert!(
        err.contains("issue frontend --name frontend --dns temporal-frontend --dns localhost --dns wrong-name --force"),
        "{err}"
    );

    // An IP address not among the SANs, without --server-name.
    assert!(!frontend_valid_for(&pki, "10.0.0.5"));
    let err = profile("10.0.0.5:7233", None);
    assert!(err.contains("warning: --address host 10.0.0.5"), "{err}");
    assert!(err.contains("add --server-name temporal-frontend"), "{err}");
    assert!(err.contains("--ip 10.0.0.5 --force"), "{err}");

    // Names clients accept: no warning (with --server-name, the address host is not checked).
    assert!(frontend_valid_for(&pki, "localhost"));
    for (address, name) in [
        ("temporal-frontend:7233", None),
        ("10.0.0.5:7233", Some("localhost")),
        ("LOCALHOST:7233", None),
    ] {
        let err = profile(address, name);
        assert!(!err.contains("warning"), "{address} {name:?}: {err}");
    }

    // export env checks the same names.
    pki.tcerts(&["export", "env", "w1", "--server-name", "wrong-name"])
        .succeeds()
        .stderr_has("warning: --server-name wrong-name");
    let run = pki
        .tcerts(&["export", "env", "w1", "--address", "temporal-frontend:7233"])
        .succeeds();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());

    // Without --address, the hint dials the one frontend by its first name (not FRONTEND).
    let env_file = pki.tmp.path().join("w1.sh");
    let run = pki
        .tcerts(&[
            "export",
            "env",
            "w1",
            "--output",
            env_file.to_str().unwrap(),
        ])
        .succeeds()
        .stdout_has("temporal operator namespace list --address temporal-frontend:7233");
    assert!(!run.stdout().contains("FRONTEND"), "{}", run.stdout());

    let p12 = pki.tmp.path().join("w1.p12");
    pki.tcerts(&["export", "pkcs12", "w1", "--output", p12.to_str().unwrap()])
        .env("TCERTS_P12_PASSWORD", "pw")
        .succeeds()
        .stdout_has("setTarget(\"temporal-frontend:7233\")");

    // After re-issuing the frontend with the name, the same export draws no warning.
    pki.tcerts(&[
        "issue",
        "frontend",
        "--name",
        "frontend",
        "--dns",
        "temporal-frontend",
        "--dns",
        "localhost",
        "--ip",
        "10.0.0.5",
        "--force",
    ])
    .succeeds();
    assert!(frontend_valid_for(&pki, "10.0.0.5"));
    let err = profile("10.0.0.5:7233", None);
    assert!(!err.contains("warning"), "{err}");
}
