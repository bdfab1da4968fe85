//! `tcerts init` (local root and enterprise root) and `tcerts namespace add`.
use crate::support;

use support::*;

#[test]
fn init_writes_a_commented_config_and_refuses_to_run_twice() {
    let pki = Pki::init(&["--key-type", "ecdsa-p384", "--leaf-validity", "30d"]);
    let toml = pki.read("tcerts.toml");
    assert!(toml.contains("organization = \"Acme\""), "{toml}");
    assert!(toml.contains("key_type = \"ecdsa-p384\""), "{toml}");
    assert!(toml.contains("leaf_validity = \"30d\""), "{toml}");
    assert!(
        toml.contains("# Durations:"),
        "commented starter file:\n{toml}"
    );
    let root = pki.read("ca/root/cert.pem");
    pki.tcerts(&["init", "--org", "Other"])
        .fails_with(2)
        .stderr_has("already holds a PKI")
        .stderr_has("--force");
    assert_eq!(pki.read("ca/root/cert.pem"), root, "the root is untouched");

    // --force replaces the CAs but archives the old ones: no CA key is ever lost.
    pki.tcerts(&["init", "--org", "Other", "--force"])
        .succeeds()
        .stderr_has("archived");
    assert_ne!(pki.read("ca/root/cert.pem"), root);
    let archived: Vec<_> = walk(&pki.path("archive"));
    assert!(
        archived.iter().any(|p| p.ends_with("root/key.pem")),
        "{archived:?}"
    );
    assert!(
        archived
            .iter()
            .any(|p| std::fs::read_to_string(p).is_ok_and(|s| s == root)),
        "old root kept"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn init_validates_its_arguments() {
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", " "])
        .fails_with(2)
        .stderr_has("--org");
    pki.tcerts(&["init", "--org", "A", "--root-validity", "ten years"])
        .fails_with(2)
        .stderr_has("--root-validity");
    pki.tcerts(&["init", "--org", "A", "--key-type", "rsa-1024"])
        .fails_with(2)
        .stderr_has("rsa-1024");
    pki.tcerts(&["init"]).fails_with(2).stderr_has("--org");
    assert!(!pki.dir.join("tcerts.toml").exists());
}

#[test]
fn dir_comes_from_tcerts_dir_env() {
    let pki = Pki::new();
    Test::bare()
        .args(&["init", "--org", "Env"])
        .env("TCERTS_DIR", &pki.dir)
        .succeeds();
    assert!(pki.dir.join("ca/root/cert.pem").is_file());
}

#[test]
fn namespace_cas_are_separate_and_listed() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "payments"])
        .succeeds()
        .stdout_has("namespace 'payments'");
    pki.tcerts(&["namespace", "add", "orders.a1b2c"]).succeeds();
    pki.tcerts(&["namespace", "add", "payments"])
        .fails_with(2)
        .stderr_has("already exists");
    pki.tcerts(&["namespace", "add", "bad/ns"])
        .fails_with(2)
        .stderr_has("invalid namespace");
    let list = pki
        .tcerts(&["--json", "namespace", "list"])
        .succeeds()
        .json();
    assert_eq!(list["namespaces"].as_array().unwrap().len(), 2);
    assert_eq!(list["namespaces"][0]["own_root"], true, "{list}");
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&[
        "issue",
        "worker",
        "--name",
        "ow",
        "--namespace",
        "orders.a1b2c",
    ])
    .succeeds();
    // Each namespace CA is its own self-signed root (not under the shared root): CA:TRUE,
    // pathlen 0, key usage keyCertSign + cRLSign, EKU clientAuth only; only its own
    // workers chain to it.
    let ns_ca = pki.path("ca/namespaces/payments/cert.pem");
    let (ok, t) = openssl(&[
        "verify",
        "-CAfile",
        &pki.path("ca/root/cert.pem").to_string_lossy(),
        &ns_ca.to_string_lossy(),
    ]);
    assert!(!ok, "a namespace CA must not chain to the shared root: {t}");
    let (ok, t) = openssl(&[
        "verify",
        "-x509_strict",
        "-CAfile",
        &ns_ca.to_string_lossy(),
        &ns_ca.to_string_lossy(),
    ]);
    assert!(ok, "self-signed namespace root: {t}");
    let text = openssl_text(&ns_ca);
    assert!(
        text.contains("CA:TRUE, pathlen:0")
            && text.contains("Certificate Sign, CRL Sign")
            && text.contains(
                "X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n"
            )
            && !text.contains("TLS Web Server Authentication")
            && text.contains("Subject Key Identifier"),
        "{text}"
    );
    assert!(
        pki.read("tcerts.toml").contains("under_root = false"),
        "the choice is recorded"
    );
    let (ok, _) = openssl(&[
        "verify",
        "-partial_chain",
        "-CAfile",
        &ns_ca.to_string_lossy(),
        &pki.cert("ow", "cert.pem").to_string_lossy(),
    ]);
    assert!(!ok, "orders' worker must not chain to payments' CA");
    let (ok, t) = openssl(&[
        "verify",
        "-partial_chain",
        "-CAfile",
        &ns_ca.to_string_lossy(),
        &pki.cert("pw", "cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{t}");

    // Under the shared root on request: signed by the root, recorded, and the cost said.
    pki.tcerts(&["namespace", "add", "shared", "--under-root"])
        .succeeds()
        .stderr_has("Filters are mandatory for this namespace")
        .stderr_has("does NOT cut its certificates off in Temporal Cloud");
    let (ok, t) = openssl(&[
        "verify",
        "-CAfile",
        &pki.path("ca/root/cert.pem").to_string_lossy(),
        &pki.path("ca/namespaces/shared/cert.pem").to_string_lossy(),
    ]);
    assert!(ok, "{t}");
    assert!(pki.read("tcerts.toml").contains("under_root = true"));
    assert!(
        !openssl_text(&pki.path("ca/namespaces/shared/cert.pem"))
            .contains("TLS Web Server Authentication")
    );
}

/// The enterprise-root flow: tcerts makes the intermediate's key and CSR, "corporate PKI"
/// (openssl here) signs it, `ca import` brings it in, and issuance works as with a local root.
#[test]
fn external_root_signs_the_intermediate() {
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", "Acme", "--external-root"])
        .succeeds()
        .stdout_has("csr.pem");
    assert!(pki.path("ca/intermediate/csr.pem").is_file());
    assert!(!pki.path("ca/root").exists());
    pki.tcerts(&["issue", "cli"])
        .fails_with(2)
        .stderr_has("ca import");

    let t = pki.tmp.path();
    let p = |n: &str| t.join(n).to_string_lossy().into_owned();
    let ext = t.join("ca.ext");
    std::fs::write(&ext, "basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n").unwrap();
    let run = |args: &[&str]| {
        let (ok, out) = openssl(args);
        assert!(ok, "openssl {args:?}: {out}");
    };
    // Enterprise root and an enterprise intermediate above ours.
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &p("ent-root.key"),
        "-out",
        &p("ent-root.pem"),
        "-subj",
        "/O=Corp/CN=Corp Root",
        "-days",
        "3650",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
    ]);
    run(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &p("ent-int.key"),
        "-out",
        &p("ent-int.csr"),
        "-subj",
        "/O=Corp/CN=Corp Issuing",
    ]);
    std::fs::write(t.join("ent.ext"), "basicConstraints=critical,CA:TRUE,pathlen:2\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        &p("ent-int.csr"),
        "-CA",
        &p("ent-root.pem"),
        "-CAkey",
        &p("ent-root.key"),
        "-CAcreateserial",
        "-out",
        &p("ent-int.pem"),
        "-days",
        "1825",
        "-extfile",
        &p("ent.ext"),
    ]);
    run(&[
        "x509",
        "-req",
        "-in",
        &pki.path("ca/intermediate/csr.pem").to_string_lossy(),
        "-CA",
        &p("ent-int.pem"),
        "-CAkey",
        &p("ent-int.key"),
        "-CAcreateserial",
        "-out",
        &p("signed.pem"),
        "-days",
        "365",
        "-extfile",
        &ext.to_string_lossy(),
    ]);
    let chain = t.join("chain.pem");
    std::fs::write(
        &chain,
        std::fs::read_to_string(t.join("ent-int.pem")).unwrap()
            + &std::fs::read_to_string(t.join("ent-root.pem")).unwrap(),
    )
    .unwrap();

    // The wrong order is refused with a reason.
    let reversed = t.join("reversed.pem");
    std::fs::write(
        &reversed,
        std::fs::read_to_string(t.join("ent-root.pem")).unwrap()
            + &std::fs::read_to_string(t.join("ent-int.pem")).unwrap(),
    )
    .unwrap();
    pki.tcerts(&[
        "ca",
        "import",
        &p("signed.pem"),
        "--chain",
        &reversed.to_string_lossy(),
    ])
    .fails_with(2)
    .stderr_has("did not sign");
    // A certificate for another key is refused.
    pki.tcerts(&[
        "ca",
        "import",
        &p("ent-int.pem"),
        "--chain",
        &p("ent-root.pem"),
    ])
    .fails_with(2)
    .stderr_has("not for the key");

    pki.tcerts(&[
        "ca",
        "import",
        &p("signed.pem"),
        "--chain",
        &chain.to_string_lossy(),
    ])
    .succeeds();
    pki.tcerts(&["issue", "frontend", "--dns", "temporal-frontend"])
        .succeeds();
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["issue", "worker", "--namespace", "payments"])
        .succeeds();
    for (name, purpose) in [("frontend", "sslserver"), ("worker", "sslclient")] {
        let (ok, text) = openssl_verify(
            &t.join("ent-root.pem"),
            &pki.cert(name, "chain.pem"),
            &pki.cert(name, "cert.pem"),
            purpose,
        );
        assert!(ok, "{name}: {text}");
        assert_eq!(
            pki.read(&format!("certs/{name}/ca.pem")),
            std::fs::read_to_string(t.join("ent-root.pem"))
                .unwrap()
                .replace("\r\n", "\n")
        );
    }
    // chain.pem carries everything up to (not including) the enterprise root.
    let chain_pem = pki.read("certs/worker/chain.pem");
    assert_eq!(
        chain_pem.matches("BEGIN CERTIFICATE").count(),
        4,
        "leaf, namespace CA, our intermediate, Corp Issuing"
    );
}

#[test]
fn namespace_names_are_unique_ignoring_case() {
    let pki = Pki::init(&[]).with_namespace("payments");
    let toml = pki.read("tcerts.toml");
    // Cloud's certificate filters compare OU case-insensitively: Payments = payments.
    pki.tcerts(&["namespace", "add", "Payments"])
        .fails_with(2)
        .no_panic()
        .stderr_has("'payments'")
        .stderr_has("case-insensitively");
    assert_eq!(pki.read("tcerts.toml"), toml, "nothing recorded");
    assert!(!pki.path("ca/namespaces/Payments").exists());
    // --force replaces a namespace's CA; it does not allow a second spelling.
    pki.tcerts(&["namespace", "add", "PAYMENTS", "--force"])
        .fails_with(2)
        .stderr_has("'payments'");

    // A CA directory on disk that tcerts.toml no longer declares still counts.
    std::fs::rename(
        pki.path("ca/namespaces/payments"),
        pki.path("ca/namespaces/Orders"),
    )
    .unwrap();
    pki.tcerts(&["namespace", "add", "orders"])
        .fails_with(2)
        .stderr_has("'Orders'");
    std::fs::rename(
        pki.path("ca/namespaces/Orders"),
        pki.path("ca/namespaces/payments"),
    )
    .unwrap();
    pki.tcerts(&["namespace", "add", "orders"]).succeeds();

    // Declared by hand in tcerts.toml: every command stops and names the file.
    std::fs::write(
        pki.path("tcerts.toml"),
        format!("{toml}\n[[namespace]]\nname = \"PayMents\"\n"),
    )
    .unwrap();
    pki.tcerts(&["namespace", "list"])
        .fails_with(2)
        .no_panic()
        .stderr_has("tcerts.toml")
        .stderr_has("'payments' and 'PayMents' differ only in case");
}

/// The public key of a certificate or key file, as openssl prints it.
fn pubkey(p: &std::path::Path, is_key: bool) -> String {
    let path = p.to_string_lossy();
    let (ok, out) = if is_key {
        openssl(&["pkey", "-pubout", "-in", &path])
    } else {
        openssl(&["x509", "-pubkey", "-noout", "-in", &path])
    };
    assert!(ok, "{}: {out}", p.display());
    out
}

/// Issue #10 finding 10: `init --force` on a PKI with namespace CAs archives them with
/// everything else and removes them from the live PKI: no old namespace CA key can issue,
/// none stays trusted, and what it prints is true.
#[test]
fn init_force_retires_the_namespace_cas_too() {
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["issue", "worker", "--name", "w1", "--namespace", "payments"])
        .succeeds();
    let old_ns_key = pubkey(&pki.path("ca/namespaces/payments/key.pem"), true);
    let old_toml = pki.read("tcerts.toml");

    let run = pki
        .tcerts(&["init", "--org", "Acme", "--force"])
        .succeeds()
        .stderr_has("removed the namespace CAs (payments)")
        .stderr_has("1 certificate(s)");
    assert!(!pki.path("ca/namespaces/payments").exists());
    // Archived, not lost: the old namespace key and the old tcerts.toml.
    let archived = walk(&pki.path("archive"));
    assert!(
        archived
            .iter()
            .any(|p| p.ends_with("namespaces/payments/key.pem") && pubkey(p, true) == old_ns_key),
        "{archived:?}"
    );
    assert!(
        archived
            .iter()
            .any(|p| std::fs::read_to_string(p).is_ok_and(|s| s == old_toml)),
        "old tcerts.toml kept"
    );
    let said = run.stderr();
    let archive_dir = said
        .split_whitespace()
        .find(|w| w.contains("/archive/") && w.ends_with("-ca"))
        .unwrap_or_else(|| panic!("no archive path printed:\n{said}"));
    assert!(
        std::path::Path::new(archive_dir)
            .join("namespaces/payments/key.pem")
            .is_file(),
        "the printed archive {archive_dir} lacks the namespace CA"
    );

    // The old namespace CA cannot issue; a new one is made under the new root.
    pki.tcerts(&["issue", "worker", "--name", "w2", "--namespace", "payments"])
        .fails_with(2)
        .stderr_has("namespace add payments");
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    assert_ne!(
        pubkey(&pki.path("ca/namespaces/payments/key.pem"), true),
        old_ns_key
    );
    pki.tcerts(&["issue", "worker", "--name", "w2", "--namespace", "payments"])
        .succeeds();
    assert_ne!(pubkey(&pki.cert("w2", "cert.pem"), false), old_ns_key);
    // The new namespace CA is its own root: it anchors w2.
    let (ok, text) = openssl_verify(
        &pki.path("ca/namespaces/payments/cert.pem"),
        &pki.cert("w2", "chain.pem"),
        &pki.cert("w2", "cert.pem"),
        "sslclient",
    );
    assert!(ok, "{text}");
    // No live file outside the archive holds the old namespace CA's key.
    for p in walk(&pki.dir) {
        if p.starts_with(pki.path("archive")) || !p.ends_with("key.pem") {
            continue;
        }
        let (ok, out) = openssl(&["pkey", "-pubout", "-in", &p.to_string_lossy()]);
        assert!(
            !ok || out != old_ns_key,
            "{} is the old namespace key",
            p.display()
        );
    }
}

/// An enterprise root made by openssl in `t`, and tcerts' intermediate CSR signed by it
/// with `pathlen` (`None`: no pathlen), written to `signed-N.pem`.
fn enterprise_sign(pki: &Pki, pathlen: Option<u32>) -> (std::path::PathBuf, std::path::PathBuf) {
    let t = pki.tmp.path();
    let p = |n: &str| t.join(n).to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let (ok, out) = openssl(args);
        assert!(ok, "openssl {args:?}: {out}");
    };
    if !t.join("corp-root.pem").exists() {
        run(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &p("corp-root.key"),
            "-out",
            &p("corp-root.pem"),
            "-subj",
            "/O=Corp/CN=Corp Root",
            "-days",
            "3650",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
        ]);
    }
    let bc = match pathlen {
        Some(n) => format!("basicConstraints=critical,CA:TRUE,pathlen:{n}"),
        None => "basicConstraints=critical,CA:TRUE".into(),
    };
    let tag = pathlen.map_or("none".to_string(), |n| n.to_string());
    let ext = t.join(format!("int-{tag}.ext"));
    std::fs::write(
        &ext,
        format!("{bc}\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"),
    )
    .unwrap();
    let signed = t.join(format!("signed-{tag}.pem"));
    run(&[
        "x509",
        "-req",
        "-in",
        &pki.path("ca/intermediate/csr.pem").to_string_lossy(),
        "-CA",
        &p("corp-root.pem"),
        "-CAkey",
        &p("corp-root.key"),
        "-CAcreateserial",
        "-out",
        &signed.to_string_lossy(),
        "-days",
        "365",
        "-extfile",
        &ext.to_string_lossy(),
    ]);
    (signed, t.join("corp-root.pem"))
}

#[test]
fn ca_import_checks_the_path_length_against_the_namespaces() {
    let pki = Pki::new();
    pki.tcerts(&["init", "--org", "Acme", "--external-root"])
        .succeeds()
        .stdout_has("pathlen:1")
        .stdout_has("namespace CAs that chain to the enterprise root");
    let (signed0, root) = enterprise_sign(&pki, Some(0));
    // (`ca import` removes the CSR, so both are signed before the first import.)
    let (signed1, _) = enterprise_sign(&pki, Some(1));
    // openssl itself confirms what was signed.
    assert!(openssl_text(&signed0).contains("pathlen:0"));
    let import = |signed: &std::path::Path| {
        pki.tcerts(&["ca", "import"])
            .arg(signed)
            .arg("--chain")
            .arg(&root)
    };

    // A namespace declared by hand in tcerts.toml: refused, with the fix, nothing imported.
    let config = pki.read("tcerts.toml");
    std::fs::write(
        pki.path("tcerts.toml"),
        format!("{config}\n[[namespace]]\nname = \"payments\"\n"),
    )
    .unwrap();
    import(&signed0)
        .fails_with(2)
        .stderr_has("pathLenConstraint is 0")
        .stderr_has("payments")
        .stderr_has("pathlen:1");
    assert!(!pki.path("ca/intermediate/cert.pem").exists());

    // No namespaces: imported, with a warning that says what it rules out.
    std::fs::write(pki.path("tcerts.toml"), &config).unwrap();
    import(&signed0)
        .succeeds()
        .stderr_has("namespace add` will fail");
    pki.tcerts(&["namespace", "add", "payments"])
        .fails_with(2)
        .stderr_has("pathLenConstraint 0");

    // Signed again with room for a namespace CA: no warning, and the namespace chain verifies.
    import(&signed1).succeeds().run_stderr_lacks("warning");
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    let (ok, text) = openssl_verify(
        &root,
        &pki.cert("pw", "chain.pem"),
        &pki.cert("pw", "cert.pem"),
        "sslclient",
    );
    assert!(ok, "{text}");
    // Now that a namespace CA exists, a pathlen:0 intermediate is refused outright.
    import(&signed0).fails_with(2).stderr_has("payments");
}
