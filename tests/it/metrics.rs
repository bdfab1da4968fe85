//! `tcerts metrics`: the Prometheus text file parses with Prometheus' own Python client
//! parser, and every value equals what `tcerts list --json` and `tcerts bundle` report.

use crate::support;
use support::*;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const T0: &str = "2030-01-01T00:00:00Z";
/// 65 days later: 90-day certificates are due (last third), a 365-day one is not.
const LATER: &str = "2030-03-07T00:00:00Z";

/// The repository's .venv Python (scripts/install-test-deps.sh installs prometheus-client
/// there), else the system's; the test fails when neither has the parser.
fn python() -> PathBuf {
    support::tools::python_with("prometheus_client.parser")
        .expect("python3 with prometheus-client (run scripts/install-test-deps.sh)")
}

/// Every sample of the file as prometheus_client reads it: family → [(labels, value)],
/// plus each family's type and help.
/// A sample: its labels and value.
type Sample = (HashMap<String, String>, f64);

fn parse(path: &Path) -> (HashMap<String, Vec<Sample>>, Value) {
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1], encoding="utf-8").read()
out = {}
for fam in text_string_to_metric_families(text):
    out[fam.name] = {"type": fam.type, "help": fam.documentation,
                     "samples": [[s.name, s.labels, s.value] for s in fam.samples]}
json.dump(out, sys.stdout)
"#;
    let out = Command::new(python())
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "prometheus_client cannot parse it: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(path).unwrap_or_default()
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut families = HashMap::new();
    for (name, fam) in doc.as_object().unwrap() {
        let samples = fam["samples"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                assert_eq!(s[0], name.as_str(), "a gauge's samples carry its name");
                let labels = s[1]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                    .collect();
                (labels, s[2].as_f64().unwrap())
            })
            .collect();
        families.insert(name.clone(), samples);
    }
    (families, doc)
}

fn epoch(rfc3339: &str) -> f64 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp() as f64
}

fn find<'a>(samples: &'a [Sample], key: &str, value: &str) -> Vec<&'a Sample> {
    samples
        .iter()
        .filter(|(l, _)| l.get(key).map(String::as_str) == Some(value))
        .collect()
}

#[test]
fn metrics_parse_with_prometheus_client_and_equal_list_json() {
    let pki = Pki::new();
    let at = |args: &[&str]| pki.tcerts(args).env("TCERTS_NOW", T0).succeeds();
    // Quotes and a backslash in the organisation: label values must be escaped.
    at(&["init", "--org", r#"Acme "Q" \ Ltd"#]);
    at(&["namespace", "add", "payments"]);
    at(&["issue", "worker", "--name", "pw", "--namespace", "payments"]);
    at(&["issue", "frontend", "--dns", "fe.example"]);
    at(&["issue", "cli", "--name", "ops", "--validity", "365d"]);
    // A previous CA generation, still trusted, and a superseded certificate.
    at(&["ca", "rotate", "--namespace", "payments"]);
    at(&["issue", "worker", "--name", "pw", "--force"]);

    let prom = pki.tmp.path().join("textfile").join("tcerts.prom");
    std::fs::create_dir_all(prom.parent().unwrap()).unwrap();
    pki.tcerts(&["metrics", "--output"])
        .arg(&prom)
        .env("TCERTS_NOW", LATER)
        .succeeds()
        .stdout_has("series");
    let (fams, doc) = parse(&prom);
    for (name, fam) in doc.as_object().unwrap() {
        assert_eq!(fam["type"], "gauge", "{name}");
        assert!(!fam["help"].as_str().unwrap().is_empty(), "{name} has HELP");
        assert!(name.starts_with("tcerts_"), "{name}");
    }
    let not_after = &fams["tcerts_certificate_not_after_seconds"];
    let due = &fams["tcerts_certificate_renewal_due"];
    let renew_at = &fams["tcerts_certificate_renew_at_seconds"];
    let ca = &fams["tcerts_ca_not_after_seconds"];

    let list = pki
        .tcerts(&["--json", "list"])
        .env("TCERTS_NOW", LATER)
        .succeeds()
        .json();
    let entries = list["entries"].as_array().unwrap();
    let certs: Vec<&Value> = entries
        .iter()
        .filter(|e| e["kind"] == "certificate" && e["status"] != "superseded")
        .collect();
    assert_eq!(certs.len(), 3, "{list:#}");
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "certificate" && e["status"] == "superseded"),
        "the superseded worker is in list, not in the metrics"
    );
    assert_eq!(not_after.len(), certs.len());
    assert_eq!(due.len(), certs.len());
    for e in &certs {
        let serial = e["serial"].as_str().unwrap();
        let [(labels, value)] = find(not_after, "serial", serial)[..] else {
            panic!("one sample for {serial}: {not_after:?}")
        };
        assert_eq!(*value, epoch(e["not_after"].as_str().unwrap()), "{e:#}");
        assert_eq!(labels["name"], e["name"].as_str().unwrap());
        assert_eq!(labels["role"], e["role"].as_str().unwrap());
        assert_eq!(labels["namespace"], e["namespace"].as_str().unwrap_or(""));
        assert_eq!(labels["issuer"], e["issuer"].as_str().unwrap());
        let [(_, d)] = find(due, "serial", serial)[..] else {
            panic!("{serial}")
        };
        let listed_due = e["status"] == "due" || e["status"] == "expired";
        assert_eq!(*d == 1.0, listed_due, "{e:#}");
        let [(_, r)] = find(renew_at, "serial", serial)[..] else {
            panic!("{serial}")
        };
        assert_eq!(*r, epoch(e["renew_at"].as_str().unwrap()));
    }
    // The 90-day ones are due 65 days in; the 365-day one is not.
    assert_eq!(find(due, "name", "frontend")[0].1, 1.0);
    assert_eq!(find(due, "name", "ops")[0].1, 0.0);
    // The escaped issuer came back intact.
    assert!(
        find(not_after, "name", "ops")[0].0["issuer"].contains(r#"Acme "Q" \ Ltd"#),
        "{not_after:?}"
    );

    // Every CA of list, current and previous generations.
    let cas: Vec<&Value> = entries.iter().filter(|e| e["kind"] == "ca").collect();
    assert_eq!(ca.len(), cas.len(), "{ca:?}");
    for e in &cas {
        let serial = e["serial"].as_str().unwrap();
        let [(labels, value)] = find(ca, "serial", serial)[..] else {
            panic!("{serial}: {ca:?}")
        };
        assert_eq!(*value, epoch(e["not_after"].as_str().unwrap()));
        assert_eq!(labels["subject"], e["subject"].as_str().unwrap());
        let previous = e["status"] == "superseded";
        assert_eq!(labels["state"] == "previous", previous, "{e:#}");
    }
    let ns_cas = find(ca, "namespace", "payments");
    let mut generations: Vec<&str> = ns_cas
        .iter()
        .map(|(l, _)| l["generation"].as_str())
        .collect();
    generations.sort_unstable();
    assert_eq!(generations, ["1", "2"]);

    // The Cloud bundle's CAs, as `tcerts bundle --format json` lists them.
    let bundle: Value = serde_json::from_str(
        &pki.tcerts(&["bundle", "--namespace", "payments", "--format", "json"])
            .env("TCERTS_NOW", LATER)
            .succeeds()
            .stdout(),
    )
    .unwrap();
    let in_bundle = find(
        &fams["tcerts_bundle_ca_not_after_seconds"],
        "bundle",
        "payments",
    );
    assert_eq!(in_bundle.len(), bundle.as_array().unwrap().len());
    for c in bundle.as_array().unwrap() {
        let fp = c["fingerprint"].as_str().unwrap();
        let [(_, value)] = find(
            &fams["tcerts_bundle_ca_not_after_seconds"],
            "sha1_fingerprint",
            fp,
        )
        .into_iter()
        .filter(|(l, _)| l["bundle"] == "payments")
        .collect::<Vec<_>>()[..] else {
            panic!("{fp}")
        };
        assert_eq!(*value, epoch(c["notAfter"].as_str().unwrap()));
    }
    assert_eq!(
        fams["tcerts_metrics_generated_timestamp_seconds"][0].1,
        epoch(LATER)
    );

    // Readable by node_exporter, written atomically (no temporary file left beside it),
    // and the same content on stdout.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&prom).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    let names: Vec<_> = std::fs::read_dir(prom.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["tcerts.prom"]);
    let stdout = pki
        .tcerts(&["metrics"])
        .env("TCERTS_NOW", LATER)
        .succeeds()
        .stdout();
    assert_eq!(stdout, std::fs::read_to_string(&prom).unwrap());
    // --json without --output: the exposition embedded in one JSON document.
    let doc = json_embeds(
        &pki,
        &["metrics"],
        &[("TCERTS_NOW", LATER)],
        "prometheus-text",
    );
    assert_eq!(doc["content"].as_str().unwrap(), stdout);
    assert!(doc["series"].as_u64().unwrap() > 0, "{doc}");
}
