//! Property tests over every parser of outside input: arbitrary bytes and mutations of
//! valid inputs end in a value or an error, never a panic. CI runs the default number of
//! cases; a longer run: `PROPTEST_CASES=100000 cargo test --release --test it fuzz_parsers::`.

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

// A tiny DER writer, to build CSRs with chosen key parameters (and a garbage signature).
fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let b: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&x| x == 0)
        .collect();
    let mut out = vec![0x80 | b.len() as u8];
    out.extend(b);
    out
}

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_len(body.len()));
    out.extend_from_slice(body);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// An unsigned INTEGER (minimal DER) from big-endian magnitude bytes.
fn uint(mag: &[u8]) -> Vec<u8> {
    let mag: Vec<u8> = mag.iter().copied().skip_while(|&x| x == 0).collect();
    let mut body = Vec::new();
    if mag.first().is_none_or(|&b| b & 0x80 != 0) {
        body.push(0);
    }
    body.extend_from_slice(&mag);
    tlv(0x02, &body)
}

fn bits(body: &[u8]) -> Vec<u8> {
    let mut b = vec![0u8];
    b.extend_from_slice(body);
    tlv(0x03, &b)
}

const RSA_ALG: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];
const SHA256_RSA: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
];
const EC_ALG_OID: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const ECDSA_SHA256: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
];
/// P-256, P-384, P-521, secp256k1, P-224.
const CURVES: [&[u8]; 5] = [
    &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
    &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
    &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23],
    &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a],
    &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x21],
];

fn csr_der(spki: &[u8], sig_alg: &[u8]) -> Vec<u8> {
    let subject = seq(&[&tlv(
        0x31,
        &seq(&[&[0x06, 0x03, 0x55, 0x04, 0x03], &tlv(0x0c, b"f")]),
    )]);
    let info = seq(&[&[0x02, 0x01, 0x00], &subject, spki, &[0xa0, 0x00]]);
    seq(&[&info, sig_alg, &bits(&[1u8; 64])])
}

fn key_refused(result: Result<SignedRequest, tcerts::pki::Error>) -> bool {
    matches!(result, Err(tcerts::pki::Error::CsrKeyRefused(_)))
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
        let _ = tcerts::pki::clock::parse_override(text);
        let _ = tcerts::pki::SubjectAltNames::parse(&[text.to_string()], &[]);
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

    /// Issue #10 finding 1: RSA key parameters in a CSR. Exactly the keys tcerts would
    /// make (2048 to 8192 bits, exponent 65537) get past the key check (and then fail on
    /// the garbage signature); every other size or exponent is refused for its key.
    #[test]
    fn csr_rsa_key_parameters(
        modulus_bits in 1usize..9000,
        low in prop::collection::vec(any::<u8>(), 0..4),
        exponent in prop_oneof![Just(65537u64), Just(3u64), Just(17u64), Just(1u64), any::<u64>()],
    ) {
        let len = modulus_bits.div_ceil(8);
        let mut modulus = vec![0xA5u8; len];
        modulus[0] = 1 << ((modulus_bits - 1) % 8);
        for (i, b) in low.iter().enumerate() {
            let at = len - 1 - i.min(len - 1);
            modulus[at] = *b | if at == 0 { modulus[0] } else { 0 };
        }
        let key = seq(&[&uint(&modulus), &uint(&exponent.to_be_bytes())]);
        let spki = seq(&[RSA_ALG, &bits(&key)]);
        let result = SignedRequest::parse(&csr_der(&spki, SHA256_RSA));
        let acceptable = (2048..=8192).contains(&modulus_bits) && exponent == 65537;
        prop_assert_eq!(key_refused(result), !acceptable, "{} bits, e={}", modulus_bits, exponent);
    }

    /// EC keys: only the named curves P-256 and P-384 pass; other curves, explicit or
    /// missing parameters are refused for the key, whatever the point.
    #[test]
    fn csr_ec_curves(
        curve in 0usize..8,
        point in prop::collection::vec(any::<u8>(), 0..140),
    ) {
        let params: Vec<u8> = match curve {
            0..=4 => CURVES[curve].to_vec(),
            5 => seq(&[&[0x02, 0x01, 0x01], &point]),
            6 => Vec::new(),
            _ => vec![0x05, 0x00],
        };
        let alg = seq(&[EC_ALG_OID, &params]);
        let spki = seq(&[&alg, &bits(&point)]);
        let result = SignedRequest::parse(&csr_der(&spki, ECDSA_SHA256));
        prop_assert_eq!(key_refused(result), curve >= 2, "curve choice {}", curve);
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

    /// TCERTS_NOW (issue #10 finding 13): any RFC 3339-shaped value is refused or lies in
    /// a range where a 100-year certificate can still be dated, never a panic.
    #[test]
    fn test_clock_values(value in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})") {
        if let Ok(t) = tcerts::pki::clock::parse_override(&value) {
            let end = t.checked_add(Validity::years(100).duration());
            prop_assert!(end.is_some_and(|e| e.year() < 9999), "{value}");
        }
    }

    /// DNS names (issue #10 finding 7): a wildcard that passes never covers a whole public
    /// suffix.
    #[test]
    fn wildcard_names(label in "[a-z]{1,8}", tld in prop::sample::select(vec!["com", "co.uk", "github.io", "internal", "de", "example"])) {
        for name in [format!("*.{tld}"), format!("*.{label}.{tld}")] {
            if let Ok(sans) = tcerts::pki::SubjectAltNames::parse(std::slice::from_ref(&name), &[]) {
                prop_assert!(tcerts::pki::public_suffix_wildcard_of(&sans.dns[0]).is_none(), "{name}");
            }
        }
        // Each of these is a public suffix (an unknown TLD counts as one): refused.
        let whole = tcerts::pki::SubjectAltNames::parse(&[format!("*.{tld}")], &[]);
        prop_assert!(whole.is_err(), "*.{} accepted", tld);
    }

    /// DER whose bytes were rewrapped as PEM: the PEM layer passes, the DER layer must cope.
    #[test]
    fn mutated_der_inside_pem(bytes in mutated(seeds().cert_der.clone())) {
        all_parsers(pem_encode("CERTIFICATE", &bytes).as_bytes());
        all_parsers(pem_encode("PRIVATE KEY", &bytes).as_bytes());
        all_parsers(pem_encode("CERTIFICATE REQUEST", &bytes).as_bytes());
    }
}
