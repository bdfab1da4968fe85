//! `tcerts doctor --bundle` on the committed bundle fixtures: each Cloud bundle rule
//! reported on its certificate, server bundles judged as such.
use super::*;

fn bundle(file: &str, target: &str) -> (i32, Vec<(String, String, String)>) {
    let (status, doc) = doctor(&["--bundle".into(), fxs(file), "--for".into(), target.into()]);
    (status, findings(&doc))
}

#[test]
fn each_cloud_bundle_rule_is_reported_on_its_certificate() {
    for (file, code, cert) in [
        (
            "bundles/incomplete-chain.pem",
            "bundle-incomplete-chain",
            "incomplete-chain.pem",
        ),
        (
            "bundles/duplicate.pem",
            "bundle-duplicate",
            "duplicate.pem #2",
        ),
        (
            "bundles/duplicate-dn.pem",
            "bundle-duplicate-dn",
            "duplicate-dn.pem #2",
        ),
        ("bundles/not-ca.pem", "bundle-not-ca", "not-ca.pem #3"),
        ("bundles/key-type.pem", "bundle-key-type", "key-type.pem"),
        (
            "bundles/weak-signature.pem",
            "bundle-weak-signature",
            "weak-signature.pem",
        ),
        ("bundles/not-v3.pem", "bundle-not-v3", "not-v3.pem"),
        ("bundles/many.pem", "bundle-too-many", "many.pem"),
        ("bundles/too-large.pem", "bundle-too-large", "too-large.pem"),
        ("bundles/empty.pem", "bundle-empty", "empty.pem"),
    ] {
        let (status, all) = bundle(file, "cloud");
        assert!(
            all.iter()
                .any(|(g, c, s)| c == code && g.ends_with(cert) && s == "error"),
            "{file}: expected {code} on …{cert}: {all:#?}"
        );
        assert_eq!(status, 1, "{file}");
    }
    let (status, all) = bundle("healthy-bundle/bundle.pem", "cloud");
    assert!(all.is_empty(), "{all:#?}");
    assert_eq!(status, 0);
    let (status, all) = bundle("healthy-bundle/bundle.pem", "server");
    assert!(all.is_empty(), "{all:#?}");
    assert_eq!(status, 0);
}

#[test]
fn a_server_bundle_with_a_leaf_is_a_warning_and_cloud_default_applies() {
    let (status, all) = bundle("bundles/not-ca.pem", "server");
    assert!(
        all.iter()
            .any(|(g, c, s)| c == "not-a-ca" && g.ends_with("#3") && s == "warning"),
        "{all:#?}"
    );
    assert_eq!(status, 0);
    // Without --for, the Cloud rules apply.
    let (status, doc) = doctor(&["--bundle".into(), fxs("bundles/duplicate.pem")]);
    assert!(
        findings(&doc)
            .iter()
            .any(|(_, c, _)| c == "bundle-duplicate")
    );
    assert_eq!(status, 1);
}
