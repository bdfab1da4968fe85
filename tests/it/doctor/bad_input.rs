//! `tcerts doctor` on input it cannot use: usage errors exit 2, and arbitrary bytes,
//! mutated fixtures and the hostile corpus end in findings or a clear error, never a panic.
use super::*;

#[test]
fn doctor_that_cannot_run_exits_2() {
    let pki = Pki::new();
    pki.tcerts(&["doctor"])
        .fails_with(2)
        .stderr_has("not a tcerts PKI")
        .no_panic();
    Test::bare()
        .args(&["doctor", "--cert", "/nonexistent/chain.pem"])
        .fails_with(2)
        .stderr_has("/nonexistent/chain.pem")
        .no_panic();
    Test::bare()
        .args(&["doctor", "--key", &fxs("healthy-ecdsa-client/key.pem")])
        .fails_with(2)
        .stderr_has("--cert")
        .no_panic();
    Test::bare()
        .args(&["doctor", "--cert", &fxs("healthy-ecdsa-client")])
        .fails_with(2)
        .stderr_has("directory")
        .no_panic();
    Test::bare()
        .args(&["doctor", "--connect", "no-port"])
        .fails_with(2)
        .stderr_has("HOST:PORT")
        .no_panic();
}

// ---------- arbitrary input never panics ----------
fn check_bytes(cert: &[u8], key: &[u8], ca: &[u8]) {
    use tcerts::doctor::files::{BundleTarget, FileCheck, InputFile, check_bundle, check_files};
    let now = time::OffsetDateTime::now_utc();
    let file = |name, bytes| InputFile { name, bytes };
    let r = check_files(&FileCheck {
        cert: file("cert", cert),
        key: Some(file("key", key)),
        ca: Some(file("ca", ca)),
        usage: None,
        server_name: Some("frontend.example"),
        now,
        renewal: tcerts::pki::Renewal::default(),
        known: &tcerts::doctor::chain::KnownCas::default(),
    });
    // Anything that is not a healthy setup yields at least one finding, never a panic.
    let _ = r.codes();
    for t in [BundleTarget::Cloud, BundleTarget::Server] {
        let _ = check_bundle(&file("bundle", cert), t, now);
    }
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(fx(rel)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(cert in proptest::collection::vec(any::<u8>(), 0..2048),
                                   key in proptest::collection::vec(any::<u8>(), 0..512),
                                   ca in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check_bytes(&cert, &key, &ca);
    }

    #[test]
    fn mutated_real_files_never_panic(pos in any::<prop::sample::Index>(), byte in any::<u8>(),
                                      cut in any::<prop::sample::Index>(), which in 0usize..4) {
        let files = ["healthy-ecdsa-server/chain.pem", "healthy-rsa-client/chain.pem", "healthy-der/chain.der", "bundles/many.pem"];
        let mut cert = sample(files[which]);
        let i = pos.index(cert.len());
        cert[i] = byte;
        let c = cut.index(cert.len() + 1);
        let mut key = sample("healthy-ecdsa-server/key.pem");
        let k = pos.index(key.len());
        key[k] ^= byte;
        check_bytes(&cert[..c], &key, &sample("healthy-ecdsa-server/ca.pem"));
        check_bytes(&cert, &key[..cut.index(key.len() + 1)], &cert);
    }

    #[test]
    fn der_mutations_never_panic(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut der = sample("healthy-der/chain.der");
        let i = pos.index(der.len());
        der[i] = byte;
        check_bytes(&der, &der, &der);
    }
}

#[test]
fn a_handful_of_garbage_files_through_the_binary_end_in_findings_or_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, bytes) in [
        &b""[..],
        b"\x30\x82\xff\xff",
        b"-----BEGIN CERTIFICATE-----\n",
        b"-----BEGIN CERTIFICATE-----\n====\n-----END CERTIFICATE-----\n",
        b"\xef\xbb\xbf\r\n\r\n",
        b"-----BEGIN -----",
    ]
    .iter()
    .enumerate()
    {
        let p = tmp.path().join(format!("f{i}"));
        std::fs::write(&p, bytes).unwrap();
        let ps = p.to_string_lossy().into_owned();
        for args in [
            vec!["doctor", "--cert", &ps, "--key", &ps, "--ca", &ps],
            vec!["doctor", "--bundle", &ps],
        ] {
            let run = Test::bare().args(&args).run().no_panic();
            let code = run.out.status.code();
            assert!(
                code == Some(1) || code == Some(2),
                "{args:?}: {code:?}\n{}",
                run.stdout()
            );
        }
    }
}

#[test]
fn the_hostile_corpus_ends_in_findings_or_a_clear_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile");
    // A committed corpus: its absence is a failure, not a skip.
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for e in entries {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "py") {
            continue;
        }
        let ps = p.to_string_lossy().into_owned();
        for args in [
            vec!["doctor", "--cert", &ps, "--key", &ps, "--ca", &ps],
            vec!["doctor", "--bundle", &ps],
            vec!["inspect", &ps],
        ] {
            let run = Test::bare().args(&args).run().no_panic();
            let code = run.out.status.code();
            assert!(
                matches!(code, Some(1 | 2)),
                "{args:?}: {code:?}\n{}{}",
                run.stdout(),
                run.stderr()
            );
        }
    }
}
