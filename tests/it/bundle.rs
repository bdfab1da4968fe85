//! `tcerts bundle` and `tcerts filters`: the Temporal Cloud accepted client CA bundle, read
//! back by OpenSSL and by an independent implementation of Cloud's rules (x509-parser,
//! written here, not tcerts' own `check_cloud_rules`), every refused bundle, and golden
//! bytes.
use crate::support::fixture;

use crate::support;

use std::path::{Path, PathBuf};

use base64::Engine;

use support::*;

use x509_parser::prelude::{FromDer, X509Certificate};

/// A PKI with two namespaces and a worker of `payments`.
fn two_namespaces() -> Pki {
    let pki = Pki::init(&[]).with_namespace("payments");
    pki.tcerts(&["namespace", "add", "billing"]).succeeds();
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();
    pki.tcerts(&["issue", "worker", "--name", "bw", "--namespace", "billing"])
        .succeeds();
    pki
}

/// Temporal Cloud's bundle rules, implemented again from the shared doc with x509-parser
/// directly: the test does not trust the writer's own checker.
fn independent_cloud_violations(pem: &[u8]) -> Vec<String> {
    const RSA: &str = "1.2.840.113549.1.1.1";
    const EC: &str = "1.2.840.10045.2.1";
    const STRONG: [&str; 7] = [
        "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
        "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
        "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
        "1.2.840.113549.1.1.10", // RSASSA-PSS
        "1.2.840.10045.4.3.2",   // ecdsa-with-SHA256
        "1.2.840.10045.4.3.3",   // ecdsa-with-SHA384
        "1.2.840.10045.4.3.4",   // ecdsa-with-SHA512
    ];
    let mut v = Vec::new();
    if pem.len() > 32 * 1024 {
        v.push(format!("{} bytes > 32 KB", pem.len()));
    }
    let ders: Vec<Vec<u8>> = x509_parser::pem::Pem::iter_from_buffer(pem)
        .map(|p| p.expect("PEM block").contents)
        .collect();
    if ders.is_empty() {
        v.push("empty".into());
    }
    if ders.len() > 16 {
        v.push(format!("{} certificates > 16", ders.len()));
    }
    let certs: Vec<X509Certificate> = ders
        .iter()
        .map(|d| X509Certificate::from_der(d).expect("parse").1)
        .collect();
    for (i, c) in certs.iter().enumerate() {
        let n = i + 1;
        if c.version().0 != 2 {
            v.push(format!("#{n} not v3"));
        }
        if !c.is_ca() {
            v.push(format!("#{n} not a CA"));
        }
        let key = c.public_key().algorithm.algorithm.to_id_string();
        if key != RSA && key != EC {
            v.push(format!("#{n} key {key}"));
        }
        let sig = c.signature_algorithm.algorithm.to_id_string();
        if !STRONG.contains(&sig.as_str()) {
            v.push(format!("#{n} signature {sig}"));
        }
        let root = c.subject() == c.issuer() && c.verify_signature(None).is_ok();
        let issued_inside = certs.iter().enumerate().any(|(j, o)| {
            j != i && o.subject() == c.issuer() && c.verify_signature(Some(o.public_key())).is_ok()
        });
        if !root && !issued_inside {
            v.push(format!("#{n} issuer not in bundle"));
        }
        for (j, o) in certs.iter().enumerate().take(i) {
            if ders[i] == ders[j] {
                v.push(format!("#{n} duplicate of #{}", j + 1));
            } else if c.subject().to_string().to_lowercase()
                == o.subject().to_string().to_lowercase()
            {
                v.push(format!("#{n} same DN as #{}", j + 1));
            }
        }
    }
    v
}

/// The subjects OpenSSL reads from a PEM bundle (crl2pkcs7 + pkcs7 -print_certs).
fn openssl_subjects(bundle: &Path) -> Vec<String> {
    let p7 = bundle.with_extension("p7b");
    let (ok, text) = openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &bundle.to_string_lossy(),
        "-out",
        &p7.to_string_lossy(),
    ]);
    assert!(
        ok,
        "openssl crl2pkcs7 cannot read {}: {text}",
        bundle.display()
    );
    let (ok, text) = openssl(&[
        "pkcs7",
        "-print_certs",
        "-noout",
        "-in",
        &p7.to_string_lossy(),
    ]);
    assert!(ok, "openssl pkcs7: {text}");
    text.lines()
        .filter_map(|l| l.strip_prefix("subject="))
        .map(|s| s.trim().to_string())
        .collect()
}

#[test]
fn pem_bundle_is_read_by_openssl_verifies_the_namespace_leaf_and_passes_cloud_rules() {
    let pki = two_namespaces();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    let out = pki.tmp.path().join("payments-bundle.pem");
    pki.tcerts(&["bundle", "--namespace", "payments", "--output"])
        .arg(&out)
        .succeeds()
        .stdout_has("tcld namespace accepted-client-ca set --namespace payments.ACCOUNT --ca-certificate-file")
        .stdout_has("even without certificate filters")
        // Filters stay as defence in depth.
        .stdout_has("tcld namespace certificate-filters import --namespace payments.ACCOUNT")
        .no_panic();
    let pem = std::fs::read(&out).unwrap();

    // Only the namespace's own root: no shared root, no issuing CA.
    let subjects = openssl_subjects(&out);
    assert_eq!(subjects.len(), 1, "{subjects:?}");
    assert!(subjects[0].contains("payments CA"), "{subjects:?}");
    let (ok, text) = openssl(&["storeutl", "-certs", &out.to_string_lossy()]);
    assert!(ok && text.contains("Total found: 1"), "{text}");

    // What Cloud does with it, with NO certificate filters: the payments worker verifies
    // against the bundle alone; the billing worker and a CLI certificate do not, even
    // when they present their whole chain.
    let verify = |name: &str| {
        openssl(&[
            "verify",
            "-x509_strict",
            "-purpose",
            "sslclient",
            "-CAfile",
            &out.to_string_lossy(),
            "-untrusted",
            &pki.cert(name, "chain.pem").to_string_lossy(),
            &pki.cert(name, "cert.pem").to_string_lossy(),
        ])
    };
    let (ok, text) = verify("pw");
    assert!(ok, "payments worker against the bundle: {text}");
    let (ok, text) = verify("bw");
    assert!(!ok, "billing worker against the payments bundle: {text}");
    let (ok, text) = verify("ops");
    assert!(!ok, "CLI certificate against the payments bundle: {text}");
    assert_eq!(independent_cloud_violations(&pem), Vec::<String>::new());

    // Under the shared root on request: the bundle must then hold the root, and says what
    // that costs.
    pki.tcerts(&["namespace", "add", "shared", "--under-root"])
        .succeeds();
    let run = pki
        .tcerts(&["bundle", "--namespace", "shared"])
        .succeeds()
        .stderr_has("Filters are mandatory for this namespace")
        .stderr_has("ca rotate --root");
    assert_eq!(run.stdout().matches("BEGIN CERTIFICATE").count(), 2);
}

#[test]
fn base64_and_json_formats_match_the_pem_and_openssl_fingerprints() {
    let pki = two_namespaces();
    let run = pki
        .tcerts(&["bundle", "--namespace", "payments"])
        .succeeds();
    // An isolated namespace: nothing to warn about.
    assert_eq!(run.stderr(), "", "no warning for an isolated namespace");
    let pem = run.out.stdout;
    let b64 = pki
        .tcerts(&["bundle", "--namespace", "payments", "--format", "base64"])
        .succeeds()
        .out
        .stdout;
    let b64 = String::from_utf8(b64).unwrap();
    assert_eq!(b64.matches('\n').count(), 1, "one line");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64.trim_end())
        .unwrap();
    assert_eq!(decoded, pem);

    // The JSON listing: exactly tcld's objects, built again below with Python's ssl
    // module (OpenSSL's parser), hashlib and base64, and Go's Name.String() rules.
    let text = pki
        .tcerts(&["bundle", "--namespace", "payments", "--format", "json"])
        .succeeds()
        .out
        .stdout;
    let bundle_file = pki.tmp.path().join("payments.pem");
    std::fs::write(&bundle_file, &pem).unwrap();
    assert_tcld_listing(&text, &bundle_file, 1);
    let list: serde_json::Value = serde_json::from_slice(&text).unwrap();
    let subject = list[0]["subject"].as_str().unwrap();
    assert!(
        subject.starts_with("CN=") && subject.contains(",OU=payments"),
        "{subject}"
    );
    // Fingerprints as OpenSSL computes them (lowercase, no colons).
    let ns_ca = pki.path("ca/namespaces/payments/cert.pem");
    let (ok, out) = openssl(&[
        "x509",
        "-noout",
        "-fingerprint",
        "-sha1",
        "-in",
        &ns_ca.to_string_lossy(),
    ]);
    assert!(ok, "{out}");
    let fp = out
        .trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase();
    assert_eq!(list[0]["fingerprint"].as_str(), Some(fp.as_str()));
    // Its own root: the bundle holds the namespace CA alone.
    assert_eq!(list[0]["subject"], list[0]["issuer"], "self-signed");
}

/// tcld's `caCert` objects for the PEM bundle in `file`, computed by Python from OpenSSL's
/// parse (`ssl._ssl._test_decode_cert`): SHA-1 of the DER, Go's `pkix.Name.String()`
/// (standard attributes in Go's order C, ST, L, STREET, POSTALCODE, O, OU, CN,
/// SERIALNUMBER; printed most specific first; Go's escaping), Go's time JSON, base64 of
/// each PEM block; printed as Go's `json.MarshalIndent(v, "", "    ")` with its HTML-safe
/// escaping.
const TCLD_LISTING_PY: &str = r##"
import base64, datetime, hashlib, json, os, re, ssl, sys, tempfile
ORDER = [("countryName", "C"), ("stateOrProvinceName", "ST"), ("localityName", "L"),
         ("streetAddress", "STREET"), ("postalCode", "POSTALCODE"), ("organizationName", "O"),
         ("organizationalUnitName", "OU"), ("commonName", "CN"), ("serialNumber", "SERIALNUMBER")]
def esc(v):
    out = []
    for k, c in enumerate(v):
        e = c in ',+"\\<>;' or (c == " " and (k == 0 or k == len(v) - 1)) or (c == "#" and k == 0)
        out.append("\\" + c if e else c)
    return "".join(out)
def go_name(rdns):
    fields = {k: [] for k, _ in ORDER}
    for rdn in rdns:
        for k, v in rdn:
            if k not in fields:
                sys.exit("attribute outside this test's scope: " + k)
            if k in ("commonName", "serialNumber"):
                fields[k] = [v]
            else:
                fields[k].append(v)
    seq = [[(short, v) for v in fields[k]] for k, short in ORDER if fields[k] and fields[k] != [""]]
    return ",".join("+".join(t + "=" + esc(v) for t, v in rdn) for rdn in reversed(seq))
def go_time(s):
    t = datetime.datetime.fromtimestamp(ssl.cert_time_to_seconds(s), datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
text = open(sys.argv[1]).read()
out = []
for block in re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, re.S):
    fd, path = tempfile.mkstemp(suffix=".pem")
    with os.fdopen(fd, "w") as f:
        f.write(block + "\n")
    d = ssl._ssl._test_decode_cert(path)
    os.unlink(path)
    der = ssl.PEM_cert_to_DER_cert(block)
    out.append({"fingerprint": hashlib.sha1(der).hexdigest(),
                "issuer": go_name(d["issuer"]), "subject": go_name(d["subject"]),
                "notBefore": go_time(d["notBefore"]), "notAfter": go_time(d["notAfter"]),
                "base64EncodedData": base64.b64encode(block.encode()).decode()})
s = json.dumps(out, indent=4, ensure_ascii=False)
for c, e in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
    s = s.replace(c, e)
sys.stdout.write(s + "\n")
"##;

/// Compares `bundle --format json` output with tcld's objects built independently for
/// the same PEM bundle: field by field, then byte for byte.
fn assert_tcld_listing(tcerts_json: &[u8], pem_file: &Path, count: usize) {
    let out = std::process::Command::new("python3")
        .args(["-c", TCLD_LISTING_PY])
        .arg(pem_file)
        .output()
        .expect("python3 is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: serde_json::Value = serde_json::from_slice(tcerts_json).unwrap();
    let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (ours, theirs) = (ours.as_array().unwrap(), theirs.as_array().unwrap());
    assert_eq!(ours.len(), count);
    assert_eq!(theirs.len(), count);
    for (a, b) in ours.iter().zip(theirs) {
        let ka: Vec<&String> = a.as_object().unwrap().keys().collect();
        let kb: Vec<&String> = b.as_object().unwrap().keys().collect();
        assert_eq!(ka, kb, "exactly tcld's fields");
        for k in kb {
            assert_eq!(a[k], b[k], "field {k}");
        }
    }
    assert_eq!(
        String::from_utf8_lossy(tcerts_json),
        String::from_utf8_lossy(&out.stdout),
        "byte for byte as tcld prints it"
    );
}

#[test]
fn json_listing_matches_tcld_for_names_that_need_go_escaping() {
    // A CA made by OpenSSL whose subject exercises Go's order and escaping: several
    // attributes out of Go's order, a multi-valued OU, and , + # < > & and edge spaces.
    let pki = Pki::init(&[]);
    let dir = pki.tmp.path();
    let (key, cert) = (dir.join("odd.key"), dir.join("odd.pem"));
    let (ok, out) = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "30",
        "-utf8",
        "-keyout",
        &key.to_string_lossy(),
        "-out",
        &cert.to_string_lossy(),
        "-subj",
        r"/CN= #Root<1>, \+x /OU=b/OU=a/O=R&D; Inc./L=Köln/C=DE/ST=NRW",
    ]);
    assert!(ok, "{out}");
    let text = pki
        .tcerts(&["bundle", "--format", "json", "--from"])
        .arg(&cert)
        .succeeds()
        .out
        .stdout;
    assert_tcld_listing(&text, &cert, 1);
    let list: serde_json::Value = serde_json::from_slice(&text).unwrap();
    assert_eq!(
        list[0]["subject"].as_str().unwrap(),
        r"CN=\ #Root\<1\>\, \+x\ ,OU=b+OU=a,O=R&D\; Inc.,L=Köln,ST=NRW,C=DE"
    );
}

#[test]
fn the_same_pki_gives_the_same_bytes_and_the_default_scope_works() {
    let pki = two_namespaces();
    let a = pki
        .tcerts(&["bundle", "--namespace", "billing"])
        .succeeds()
        .out
        .stdout;
    let b = pki
        .tcerts(&["bundle", "--namespace", "billing"])
        .succeeds()
        .out
        .stdout;
    assert_eq!(a, b);
    let d = pki.tmp.path().join("default.pem");
    pki.tcerts(&["bundle", "--output"]).arg(&d).succeeds();
    let subjects = openssl_subjects(&d);
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects[1].contains("Issuing CA"), "{subjects:?}");
    assert_eq!(
        independent_cloud_violations(&std::fs::read(&d).unwrap()),
        Vec::<String>::new()
    );
}

/// Makes a self-signed CA with openssl: (cert path).
fn openssl_ca(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let cert = dir.join(format!("{name}.pem"));
    let key = dir.join(format!("{name}.key"));
    let mut args = vec![
        "req".to_string(),
        "-x509".into(),
        "-nodes".into(),
        "-days".into(),
        "30".into(),
        "-subj".into(),
        format!("/O=Test/CN={name}"),
        "-keyout".into(),
        key.to_string_lossy().into_owned(),
        "-out".into(),
        cert.to_string_lossy().into_owned(),
    ];
    if extra.is_empty() {
        args.extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"].map(String::from));
    }
    args.extend(extra.iter().map(ToString::to_string));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, text) = openssl(&args);
    assert!(ok, "openssl req {args:?}: {text}");
    cert
}

/// `bundle --from FILES` must exit 1, name `code`, and write nothing.
fn refused(pki: &Pki, files: &[PathBuf], code: &str, who: &str) -> String {
    let out = pki.tmp.path().join(format!("refused-{code}.pem"));
    let mut t = pki.tcerts(&["bundle", "--output"]).arg(&out).arg("--from");
    for f in files {
        t = t.arg(f);
    }
    let run = t.fails_with(1).stderr_has(code).stderr_has(who).no_panic();
    assert!(!out.exists(), "nothing is written for a refused bundle");
    run.stderr()
}

#[test]
fn every_kind_of_refused_bundle_is_an_error_naming_the_certificate_and_the_rule() {
    let pki = two_namespaces();
    let dir = pki.tmp.path();
    let root = pki.path("ca/root/cert.pem");
    let inter = pki.path("ca/intermediate/cert.pem");
    let ns = pki.path("ca/namespaces/payments/cert.pem");
    // Sanity: the namespace's own root from a file passes, and is the PKI's own bundle.
    let good = pki
        .tcerts(&["bundle", "--from"])
        .arg(&ns)
        .succeeds()
        .out
        .stdout;
    let own = pki
        .tcerts(&["bundle", "--namespace", "payments"])
        .succeeds()
        .out
        .stdout;
    assert_eq!(good, own, "--from gives the same bytes");
    let default = pki.tcerts(&["bundle"]).succeeds().out.stdout;
    let from = pki
        .tcerts(&["bundle", "--from"])
        .arg(&inter)
        .arg(&root)
        .succeeds()
        .out
        .stdout;
    assert_eq!(from, default, "--from orders root first, the same bytes");

    // A leaf in the bundle.
    let leaf = pki.cert("pw", "cert.pem");
    let e = refused(
        &pki,
        &[root.clone(), ns.clone(), leaf],
        "bundle-not-ca",
        "CN=pw",
    );
    assert!(e.contains("certificate #3"), "{e}");
    // 17 CAs.
    let many: Vec<PathBuf> = (0..17)
        .map(|i| openssl_ca(dir, &format!("ca{i:02}"), &[]))
        .collect();
    refused(&pki, &many, "bundle-too-many", "17 certificates");
    // A SHA-1 CA, made by openssl.
    let sha1 = openssl_ca(dir, "sha1-ca", &["-newkey", "rsa:2048", "-sha1"]);
    refused(
        &pki,
        &[sha1],
        "bundle-weak-signature",
        "sha1WithRSAEncryption",
    );
    // An Ed25519 CA: refused, with the reason.
    let ed = openssl_ca(dir, "ed-ca", &["-newkey", "ed25519"]);
    let e = refused(&pki, &[ed], "bundle-key-type", "CN=ed-ca");
    assert!(e.contains("only RSA and ECDSA"), "{e}");
    // An incomplete chain: the issuing CA without its root.
    refused(
        &pki,
        std::slice::from_ref(&inter),
        "bundle-incomplete-chain",
        "Root CA",
    );
    // A duplicate.
    refused(
        &pki,
        &[root.clone(), root.clone(), inter.clone()],
        "bundle-duplicate",
        "certificate #2",
    );

    // And the independent checker agrees on each kind.
    let cat = |files: &[&Path]| -> Vec<u8> {
        files
            .iter()
            .flat_map(|f| std::fs::read(f).unwrap())
            .collect()
    };
    assert!(!independent_cloud_violations(&cat(&[&root, &root])).is_empty());
    assert!(!independent_cloud_violations(&cat(&[&inter])).is_empty());
    assert!(independent_cloud_violations(&cat(&[&ns])).is_empty());
    assert!(!independent_cloud_violations(&cat(&[&pki.cert("pw", "cert.pem"), &root])).is_empty());
}

#[test]
fn an_ed25519_pki_is_refused_for_cloud_with_the_reason() {
    let pki = Pki::init(&["--key-type", "ed25519"]);
    pki.tcerts(&["namespace", "add", "payments"]).succeeds();
    pki.tcerts(&["bundle", "--namespace", "payments"])
        .fails_with(1)
        .stderr_has("Ed25519")
        .stderr_has("Temporal Cloud accepts only RSA and ECDSA")
        .stderr_has("nothing was written")
        .no_panic();
    pki.tcerts(&["filters", "--namespace", "payments"])
        .fails_with(1)
        .stderr_has("Ed25519")
        .no_panic();
}

#[test]
fn usage_errors_exit_2_and_name_the_problem() {
    let pki = two_namespaces();
    pki.tcerts(&[
        "bundle",
        "--namespace",
        "payments",
        "--output",
        "/nonexistent-dir/b.pem",
    ])
    .fails_with(2)
    .stderr_has("/nonexistent-dir does not exist")
    .no_panic();
    pki.tcerts(&["bundle", "--namespace", "nope"])
        .fails_with(2)
        .stderr_has("namespace add nope")
        .no_panic();
    pki.tcerts(&["bundle", "--namespace", "a b"])
        .fails_with(2)
        .no_panic();
    pki.tcerts(&["bundle", "--from", "/nonexistent/ca.pem"])
        .fails_with(2)
        .stderr_has("/nonexistent/ca.pem")
        .no_panic();
    let key = pki.cert("pw", "key.pem");
    pki.tcerts(&["bundle", "--from"])
        .arg(&key)
        .fails_with(2)
        .stderr_has("private key")
        .no_panic();
    pki.tcerts(&["filters", "--namespace", "nope"])
        .fails_with(2)
        .stderr_has("nope")
        .no_panic();
}

#[test]
fn filters_admit_exactly_the_namespace_and_respect_clouds_limits() {
    let pki = two_namespaces();
    let out = pki.tmp.path().join("f.json");
    pki.tcerts(&["filters", "--namespace", "payments", "--output"])
        .arg(&out)
        .succeeds()
        .stdout_has("tcld namespace certificate-filters import --namespace payments.ACCOUNT --certificate-filter-file");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let filters = doc["filters"].as_array().unwrap();
    assert!(!filters.is_empty() && filters.len() <= 25);
    let allowed = [
        "commonName",
        "organization",
        "organizationalUnit",
        "subjectAlternativeName",
    ];
    for f in filters {
        for (k, v) in f.as_object().unwrap() {
            assert!(allowed.contains(&k.as_str()), "unknown field {k}");
            let v = v.as_str().unwrap();
            let stars = v.matches('*').count();
            assert!(
                stars == 0 || (stars == 1 && (v.starts_with('*') || v.ends_with('*'))),
                "{v}"
            );
        }
    }
    // Apply the filters the way Cloud does (AND within a filter, OR across, exact and
    // case-insensitive) to the subjects OpenSSL reads: payments admitted, billing not.
    let matches = |cert: &Path| -> bool {
        let (ok, text) = openssl(&[
            "x509",
            "-noout",
            "-subject",
            "-nameopt",
            "multiline",
            "-in",
            &cert.to_string_lossy(),
        ]);
        assert!(ok, "{text}");
        let field = |name: &str| {
            text.lines().find_map(|l| {
                l.trim()
                    .strip_prefix(name)
                    .map(|r| r.trim_start().trim_start_matches('=').trim().to_lowercase())
            })
        };
        filters.iter().any(|f| {
            [
                ("organization", "organizationName"),
                ("organizationalUnit", "organizationalUnitName"),
                ("commonName", "commonName"),
            ]
            .iter()
            .all(|(k, ossl)| match f.get(*k).and_then(|v| v.as_str()) {
                None => true,
                Some(want) => field(ossl).as_deref() == Some(want.to_lowercase().as_str()),
            })
        })
    };
    assert!(
        matches(&pki.cert("pw", "cert.pem")),
        "payments worker admitted"
    );
    assert!(
        !matches(&pki.cert("bw", "cert.pem")),
        "billing worker kept out"
    );
}

#[test]
fn golden_bundles_and_filters() {
    let (_tmp, pki) = fixture::fixture_pki();
    let run = |args: &[&str]| Test::new(&pki).args(args).succeeds().out.stdout;
    let pem = run(&["bundle", "--namespace", "payments"]);
    fixture::golden("bundle-payments.pem", &pki, &pem);
    assert_eq!(independent_cloud_violations(&pem), Vec::<String>::new());
    fixture::golden(
        "bundle-payments.b64",
        &pki,
        &run(&["bundle", "--namespace", "payments", "--format", "base64"]),
    );
    fixture::golden(
        "bundle-payments.json",
        &pki,
        &run(&["bundle", "--namespace", "payments", "--format", "json"]),
    );
    fixture::golden("bundle-default.pem", &pki, &run(&["bundle"]));
    fixture::golden(
        "filters-payments.json",
        &pki,
        &run(&["filters", "--namespace", "payments"]),
    );
}

#[test]
fn an_enterprise_root_bundle_holds_every_certificate_up_to_that_root() {
    let pki = Pki::init(&["--external-root"]);
    let dir = pki.tmp.path();
    let s = |p: &Path| p.to_string_lossy().into_owned();
    // The enterprise PKI, made with openssl: a root and an intermediate.
    let root = openssl_ca(
        dir,
        "Enterprise Root",
        &[
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    let ext = dir.join("ext.cnf");
    std::fs::write(
        &ext,
        "[ca]\nbasicConstraints=critical,CA:TRUE,pathlen:2\nkeyUsage=critical,keyCertSign,cRLSign\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
         [sub]\nbasicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    let (ent_key, ent_csr) = openssl_csr(dir, "ent", "/O=Enterprise/CN=Enterprise Issuing", &[]);
    let ent = dir.join("ent.pem");
    let sign = |csr: &Path, ca: &Path, ca_key: &Path, section: &str, out: &Path| {
        let (ok, t) = openssl(&[
            "x509",
            "-req",
            "-in",
            &s(csr),
            "-CA",
            &s(ca),
            "-CAkey",
            &s(ca_key),
            "-set_serial",
            "7",
            "-days",
            "365",
            "-sha256",
            "-extfile",
            &s(&ext),
            "-extensions",
            section,
            "-out",
            &s(out),
        ]);
        assert!(ok, "{t}");
    };
    sign(
        &ent_csr,
        &root,
        &dir.join("Enterprise Root.key"),
        "ca",
        &ent,
    );
    let ours = dir.join("ours.pem");
    sign(
        &pki.path("ca/intermediate/csr.pem"),
        &ent,
        &ent_key,
        "sub",
        &ours,
    );
    let chain = dir.join("enterprise-chain.pem");
    let mut text = std::fs::read_to_string(&ent).unwrap();
    text.push_str(&std::fs::read_to_string(&root).unwrap());
    std::fs::write(&chain, text).unwrap();
    pki.tcerts(&["ca", "import"])
        .arg(&ours)
        .arg("--chain")
        .arg(&chain)
        .succeeds();
    // Under an enterprise root, a namespace sits under it by default: the cost is said.
    pki.tcerts(&["namespace", "add", "payments"])
        .succeeds()
        .stderr_has("sits under the enterprise root")
        .stderr_has("Filters are mandatory");
    assert!(pki.read("tcerts.toml").contains("under_root = true"));
    pki.tcerts(&["issue", "worker", "--name", "pw", "--namespace", "payments"])
        .succeeds();

    let out = dir.join("bundle.pem");
    pki.tcerts(&["bundle", "--namespace", "payments", "--output"])
        .arg(&out)
        .succeeds()
        .stderr_has("does NOT cut its certificates off in Temporal Cloud");
    let subjects = openssl_subjects(&out);
    assert_eq!(subjects.len(), 4, "{subjects:?}");
    assert!(subjects[0].contains("Enterprise Root"), "{subjects:?}");
    assert!(subjects[1].contains("Enterprise Issuing"), "{subjects:?}");
    assert!(subjects[2].contains("Issuing CA"), "{subjects:?}");
    assert!(subjects[3].contains("payments CA"), "{subjects:?}");
    assert_eq!(
        independent_cloud_violations(&std::fs::read(&out).unwrap()),
        Vec::<String>::new()
    );
    let (ok, t) = openssl(&[
        "verify",
        "-x509_strict",
        "-purpose",
        "sslclient",
        "-CAfile",
        &s(&out),
        &s(&pki.cert("pw", "cert.pem")),
    ]);
    assert!(ok, "{t}");

    // --own-root: an independent namespace root, even under an enterprise root.
    pki.tcerts(&["namespace", "add", "orders", "--own-root"])
        .succeeds();
    let run = pki.tcerts(&["bundle", "--namespace", "orders"]).succeeds();
    assert_eq!(run.stdout().matches("BEGIN CERTIFICATE").count(), 1);
    assert_eq!(run.stderr(), "");
}

/// Issue #10 finding 15: a truncated or mangled PEM is described in words wherever PEM is
/// parsed (bundle, CSR, CA import), not as a list of byte values.
#[test]
fn malformed_pem_is_described_in_words() {
    let pki = support::Pki::init(&[]);
    let dir = pki.tmp.path();
    let truncated = dir.join("truncated.pem");
    std::fs::write(
        &truncated,
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIQ\n",
    )
    .unwrap();
    let bad64 = dir.join("bad64.pem");
    std::fs::write(
        &bad64,
        "-----BEGIN CERTIFICATE-----\nMI!B\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let out = dir.join("bundle.pem");
    let cases: [(Vec<&std::ffi::OsStr>, &Path, &str); 4] = [
        (
            vec![
                "bundle".as_ref(),
                "--from".as_ref(),
                truncated.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
            &truncated,
            "no '-----END CERTIFICATE-----' line: the file is truncated",
        ),
        (
            vec![
                "bundle".as_ref(),
                "--from".as_ref(),
                bad64.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
            &bad64,
            "not valid base64: the character '!' is not base64",
        ),
        (
            vec![
                "issue".as_ref(),
                "worker".as_ref(),
                "--name".as_ref(),
                "w".as_ref(),
                "--csr".as_ref(),
                truncated.as_os_str(),
            ],
            &truncated,
            "no '-----END CERTIFICATE-----' line",
        ),
        (
            vec!["inspect".as_ref(), truncated.as_os_str()],
            &truncated,
            "has no matching '-----END CERTIFICATE-----' line",
        ),
    ];
    for (args, file, why) in cases {
        let mut t = pki.tcerts(&[]);
        for a in args {
            t = t.arg(a);
        }
        let run = t
            .fails_with(2)
            .stderr_has(&file.display().to_string())
            .stderr_has(why)
            .no_panic();
        assert!(!run.stderr().contains("[67, 69"), "{}", run.stderr());
    }
    assert!(!out.exists(), "nothing written");
}

/// `--json` with the bundle or filters on stdout: one JSON document holding the content
/// (README, "Global flags") and what the file case's document says.
#[test]
fn json_embeds_the_bundle_and_filters_written_to_stdout() {
    let pki = two_namespaces();
    let doc = json_embeds(&pki, &["bundle", "--namespace", "payments"], &[], "pem");
    assert_eq!(doc["scope"], "payments");
    assert_eq!(doc["certificates"].as_array().unwrap().len(), 1);
    assert_eq!(
        doc["pem_bytes"].as_u64().unwrap() as usize,
        doc["content"].as_str().unwrap().len()
    );
    json_embeds(
        &pki,
        &["bundle", "--namespace", "payments", "--format", "base64"],
        &[],
        "base64",
    );
    json_embeds(
        &pki,
        &[
            "bundle",
            "--namespace",
            "payments",
            "--format",
            "json",
            "--output",
            "-",
        ],
        &[],
        "tcld-json",
    );
    let doc = json_embeds(
        &pki,
        &["filters", "--namespace", "payments"],
        &[],
        "certificate-filters-json",
    );
    assert_eq!(doc["namespace"], "payments");
    let filters: serde_json::Value =
        serde_json::from_str(doc["content"].as_str().unwrap()).unwrap();
    assert_eq!(filters, doc["filters"]);
}

/// Issue #15: `bundle --from` and `doctor --bundle` number a file's certificates the same
/// way (in the order of the file), so a finding of one is found in the other.
#[test]
fn bundle_from_and_doctor_bundle_number_certificates_alike() {
    let pki = Pki::init(&[]);
    pki.tcerts(&["namespace", "add", "pay", "--under-root"])
        .succeeds();
    pki.tcerts(&["issue", "cli", "--name", "ops"]).succeeds();
    // The leaf sits second: both commands must call it #2.
    let file = pki.tmp.path().join("mixed.pem");
    let text: String = [
        pki.path("ca/namespaces/pay/cert.pem"),
        pki.cert("ops", "cert.pem"),
        pki.path("ca/root/cert.pem"),
    ]
    .iter()
    .map(|p| std::fs::read_to_string(p).unwrap())
    .collect();
    std::fs::write(&file, text).unwrap();
    let from = pki
        .tcerts(&["bundle", "--from"])
        .arg(&file)
        .fails_with(1)
        .stderr_has("certificate #2 (O=Acme, CN=ops): [bundle-not-ca]");
    assert!(
        !from.stderr().contains("#1 (O=Acme, CN=ops)"),
        "{}",
        from.stderr()
    );
    pki.tcerts(&["doctor", "--bundle"])
        .arg(&file)
        .fails_with(1)
        .stdout_has("mixed.pem #2  O=Acme, CN=ops")
        .stdout_has("bundle-not-ca");
}
