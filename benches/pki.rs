//! Criterion benchmarks of the work inside one tcerts process: key generation per key
//! type, signing, PEM and DER parsing, signature (chain) verification, bundle validation.
//! `cargo bench --bench pki`; results are summarised in docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tcerts::bundle::check_cloud_rules;
use tcerts::pki::{
    CaKind, CaSpec, CertInfo, IssuingCa, KeyType, LeafKey, LeafRequest, Role, SubjectAltNames,
    Validity, is_signed_by, issue_leaf, new_ca, now, parse_certificates,
};

fn ca(kind: CaKind, kt: KeyType, issuer: Option<&IssuingCa>) -> IssuingCa {
    let spec = CaSpec {
        kind,
        org: "Bench".into(),
        key_type: kt,
        validity: Validity::years(5),
        generation: 1,
    };
    let new = new_ca(&spec, issuer, now()).expect("ca");
    let root = issuer
        .map(|i| i.root.clone())
        .unwrap_or_else(|| new.cert.clone());
    IssuingCa::new(new.cert, new.key, vec![], root).expect("issuing ca")
}

fn leaf(ca: &IssuingCa, kt: KeyType) -> CertInfo {
    let req = LeafRequest {
        role: Role::Frontend,
        name: "frontend".into(),
        org: "Bench".into(),
        namespace: None,
        sans: SubjectAltNames::parse(
            &["temporal-frontend".into(), "localhost".into()],
            &["127.0.0.1".into()],
        )
        .expect("sans"),
        validity: Validity::days(90),
        key: LeafKey::Generate(kt),
    };
    issue_leaf(req, ca, now()).expect("leaf").cert
}

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    for kt in KeyType::ALL {
        if kt.is_slow_to_generate() {
            g.sample_size(10);
        }
        g.bench_function(kt.as_str(), |b| {
            b.iter(|| black_box(kt.generate().expect("key")));
        });
    }
    g.finish();
}

fn signing(c: &mut Criterion) {
    let root = ca(CaKind::Root, KeyType::EcdsaP256, None);
    let inter = ca(CaKind::Intermediate, KeyType::EcdsaP256, Some(&root));
    c.bench_function("issue_leaf ecdsa-p256 (keygen + sign)", |b| {
        b.iter(|| black_box(leaf(&inter, KeyType::EcdsaP256)));
    });
    let rsa_root = ca(CaKind::Root, KeyType::Rsa2048, None);
    let mut g = c.benchmark_group("sign with rsa-2048 CA");
    g.sample_size(20);
    g.bench_function("issue_leaf ecdsa-p256 leaf", |b| {
        b.iter(|| black_box(leaf(&rsa_root, KeyType::EcdsaP256)));
    });
    g.finish();
}

fn parsing_and_verification(c: &mut Criterion) {
    let root = ca(CaKind::Root, KeyType::EcdsaP256, None);
    let inter = ca(CaKind::Intermediate, KeyType::EcdsaP256, Some(&root));
    let cert = leaf(&inter, KeyType::EcdsaP256);
    let chain_pem = format!("{}{}{}", cert.pem(), inter.cert.pem(), root.cert.pem());
    c.bench_function("parse PEM chain (3 certificates)", |b| {
        b.iter(|| black_box(parse_certificates(chain_pem.as_bytes()).expect("pem")));
    });
    c.bench_function("CertInfo::parse DER", |b| {
        b.iter(|| black_box(CertInfo::parse(&cert.der).expect("der")));
    });
    c.bench_function(
        "verify chain signatures (leaf → intermediate → root)",
        |b| {
            b.iter(|| {
                black_box(is_signed_by(&cert, &inter.cert) && is_signed_by(&inter.cert, &root.cert))
            });
        },
    );

    // A Cloud-sized bundle: 16 CAs (one root, 15 namespace CAs).
    let mut ders = vec![root.cert.der.clone()];
    for i in 0..15 {
        ders.push(
            ca(
                CaKind::Namespace(format!("ns{i}")),
                KeyType::EcdsaP256,
                Some(&root),
            )
            .cert
            .der,
        );
    }
    let pem_len: usize = ders.iter().map(|d| d.len() * 4 / 3 + 60).sum();
    c.bench_function("check_cloud_rules (16 CAs)", |b| {
        b.iter(|| black_box(check_cloud_rules(&ders, pem_len)));
    });
}

criterion_group!(benches, keygen, signing, parsing_and_verification);
criterion_main!(benches);
