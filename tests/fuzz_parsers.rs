//! Property tests over every parser of outside input: arbitrary bytes and mutations of
//! valid inputs end in a value or an error, never a panic. CI runs the default number of
//! cases; a longer run: `PROPTEST_CASES=100000 cargo test --release --test fuzz_parsers`.

use proptest::prelude::*;
use rustls_pki_types::CertificateDer;
use tcerts::bundle::check_cloud_rules;
use tcerts::pki::{
    CaKind, CaSpec, CertInfo, KeyType, SignedRequest, Validity, new_ca, now, parse_certificates,
    parse_private_key, pem_encode, pkcs8_pem,
};
use tcerts::store::Config;

struct Seeds {
    cert_der: Vec<u8>,
    cert_pem: String,
    key_pem: String,
    csr_pem: String,
    config: String,
}

fn seeds() -> &'static Seeds {
    static SEEDS: std::sync::OnceLock<Seeds> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let spec = CaSpec { kind: CaKind::Root, org: "Fuzz".into(), key_type: KeyType::EcdsaP256, validity: Validity::years(1), generation: 1 };
        let ca = new_ca(&spec, None, now()).expect("ca");
        let key = KeyType::EcdsaP256.generate().expect("key");
        let csr = rcgen::CertificateParams::new(vec!["worker.example".to_string()])
            .expect("params")
            .serialize_request(&key)
            .expect("csr")
            .pem()
            .expect("pem");
        Seeds {
            cert_der: ca.cert.der.to_vec(),
            cert_pem: ca.cert.pem(),
            key_pem: pkcs8_pem(ca.key.as_file().expect("a file key")).expect("pem").to_string(),
            csr_pem: csr,
            config: "organization = \"A\"\n[defaults]\nkey_type = \"ecdsa-p256\"\nroot_validity = \"10y\"\nca_validity = \"5y\"\nleaf_validity = \"90d\"\n[[certificate]]\nname = \"w\"\nrole = \"worker\"\n".into(),
        }
    })
}

/// A valid input with a few bytes overwritten, inserted or removed.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len().max(1);
    prop::collection::vec((0..len, any::<u8>(), 0u8..3), 1..8).prop_map(move |edits| {
        let mut v = base.clone();
        for (pos, byte, op) in edits {
            let pos = pos.min(v.len());
            match op {
                0 if pos < v.len() => v[pos] = byte,
                1 => v.insert(pos, byte),
                _ if pos < v.len() => {
                    v.remove(pos);
                }
                _ => v.push(byte),
            }
        }
        v
    })
}

fn all_parsers(bytes: &[u8]) {
    if let Ok(certs) = parse_certificates(bytes) {
        for c in &certs {
            let _ = CertInfo::parse(c);
        }
        let _ = check_cloud_rules(&certs, bytes.len());
    }
    let _ = CertInfo::parse(&CertificateDer::from(bytes.to_vec()));
    let _ = check_cloud_rules(&[CertificateDer::from(bytes.to_vec())], bytes.len());
    let _ = parse_private_key(bytes);
    let _ = SignedRequest::parse(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = Config::parse(std::path::Path::new("tcerts.toml"), text);
        let _ = text.parse::<Validity>();
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        all_parsers(&bytes);
    }

    #[test]
    fn mutated_der_certificate(bytes in mutated(seeds().cert_der.clone())) {
        all_parsers(&bytes);
    }

    #[test]
    fn mutated_pem_certificate(bytes in mutated(seeds().cert_pem.clone().into_bytes())) {
        all_parsers(&bytes);
    }

    #[test]
    fn mutated_key(bytes in mutated(seeds().key_pem.clone().into_bytes())) {
        all_parsers(&bytes);
    }

    #[test]
    fn mutated_csr(bytes in mutated(seeds().csr_pem.clone().into_bytes())) {
        all_parsers(&bytes);
    }

    #[test]
    fn mutated_config(bytes in mutated(seeds().config.clone().into_bytes())) {
        all_parsers(&bytes);
    }

    /// `doctor --explain` takes any pasted text: arbitrary strings and mangled real errors.
    #[test]
    fn explain_text(text in ".{0,400}", pick in 0usize..4, cut in 0usize..200) {
        let _ = tcerts::doctor::explain::explain(&text);
        let real = [
            "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority",
            "x509: certificate is valid for localhost, not temporal.example",
            "remote error: tls: bad certificate",
            "failed to parse private key (use ParseECPrivateKey instead for this key format)",
        ][pick];
        let mangled: String = real.chars().take(cut).chain(text.chars()).collect();
        let _ = tcerts::doctor::explain::explain(&mangled);
    }

    /// DER whose bytes were rewrapped as PEM: the PEM layer passes, the DER layer must cope.
    #[test]
    fn mutated_der_inside_pem(bytes in mutated(seeds().cert_der.clone())) {
        all_parsers(pem_encode("CERTIFICATE", &bytes).as_bytes());
        all_parsers(pem_encode("PRIVATE KEY", &bytes).as_bytes());
        all_parsers(pem_encode("CERTIFICATE REQUEST", &bytes).as_bytes());
    }
}
