//! Signature verification for one doctor run, each signature verified once.
//!
//! A PKI's intermediate signs thousands of leaves, and doctor checks every chain twice: its
//! own path building (`Cert::signed_by`) and rustls-webpki's verdict, which verifies the
//! leaf's signature and the intermediate's again. Both go through the algorithms here,
//! which remember each (algorithm, public key, signed data, signature) result for the
//! process (one doctor run), keyed by a SHA-256 of the four: a leaf's signature is
//! verified once, and the intermediate's once for the whole PKI.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};

type Key = [u8; 32];

fn results() -> &'static Mutex<HashMap<Key, bool>> {
    static RESULTS: OnceLock<Mutex<HashMap<Key, bool>>> = OnceLock::new();
    RESULTS.get_or_init(|| Mutex::new(HashMap::new()))
}

fn key(alg: &dyn SignatureVerificationAlgorithm, parts: [&[u8]; 3]) -> Key {
    let mut ctx = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
    let (pk_alg, sig_alg) = (alg.public_key_alg_id(), alg.signature_alg_id());
    for part in [pk_alg.as_ref(), sig_alg.as_ref()].into_iter().chain(parts) {
        // Length-prefixed, so that no two different inputs hash the same bytes.
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part);
    }
    let mut k = [0u8; 32];
    k.copy_from_slice(ctx.finish().as_ref());
    k
}

/// One of rustls' aws-lc-rs verification algorithms, its results remembered.
#[derive(Debug)]
struct Remembered(&'static dyn SignatureVerificationAlgorithm);

impl SignatureVerificationAlgorithm for Remembered {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let k = key(self.0, [public_key, message, signature]);
        let known = results().lock().ok().and_then(|r| r.get(&k).copied());
        let ok = if let Some(ok) = known {
            ok
        } else {
            let ok = self
                .0
                .verify_signature(public_key, message, signature)
                .is_ok();
            if let Ok(mut r) = results().lock() {
                r.insert(k, ok);
            }
            ok
        };
        if ok { Ok(()) } else { Err(InvalidSignature) }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.0.public_key_alg_id()
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.0.signature_alg_id()
    }

    fn fips(&self) -> bool {
        self.0.fips()
    }
}

/// rustls' aws-lc-rs verification algorithms (what the SDKs built on rustls accept),
/// remembering their results for the run; for rustls-webpki's `verify_for_usage`.
pub fn algorithms() -> &'static [&'static dyn SignatureVerificationAlgorithm] {
    static ALGS: OnceLock<Vec<&'static dyn SignatureVerificationAlgorithm>> = OnceLock::new();
    ALGS.get_or_init(|| {
        rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .all
            .iter()
            .map(|a| {
                // Made once per process and kept for its life, as rustls keeps its own.
                let r: &'static Remembered = Box::leak(Box::new(Remembered(*a)));
                r as &'static dyn SignatureVerificationAlgorithm
            })
            .collect()
    })
}

/// One DER element: (tag, contents, the rest after it). None when malformed.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// A BIT STRING's bits, when it has no unused bits (keys and signatures never do).
fn bits(contents: &[u8]) -> Option<&[u8]> {
    match contents.split_first() {
        Some((0, b)) => Some(b),
        _ => None,
    }
}

/// A certificate's outer SEQUENCE, taken apart without parsing what is inside.
struct Outer<'a> {
    /// TBSCertificate with its header.
    tbs: &'a [u8],
    /// The signature AlgorithmIdentifier's contents.
    sig_alg: &'a [u8],
    /// The signature BIT STRING's contents.
    sig: &'a [u8],
    /// What follows the signature inside the SEQUENCE (nothing, in a certificate).
    trailing: &'a [u8],
    /// The length of the whole SEQUENCE (what follows it in `cert` is not part of it).
    len: usize,
}

fn outer(cert: &[u8]) -> Option<Outer<'_>> {
    let (0x30, body, after) = element(cert)? else {
        return None;
    };
    let (0x30, _, after_tbs) = element(body)? else {
        return None;
    };
    let tbs = &body[..body.len() - after_tbs.len()];
    let (0x30, sig_alg, rest) = element(after_tbs)? else {
        return None;
    };
    let (0x03, sig, trailing) = element(rest)? else {
        return None;
    };
    Some(Outer {
        tbs,
        sig_alg,
        sig,
        trailing,
        len: cert.len() - after.len(),
    })
}

/// The length of the certificate `der` starts with, when it has a certificate's shape: a
/// DER SEQUENCE holding exactly a SEQUENCE (tbsCertificate), a SEQUENCE
/// (signatureAlgorithm) and a BIT STRING (signature). None for anything else.
pub(super) fn certificate_len(der: &[u8]) -> Option<usize> {
    let o = outer(der)?;
    o.trailing.is_empty().then_some(o.len)
}

/// A certificate's signed part: (TBSCertificate with its header, the signature
/// AlgorithmIdentifier's contents, the signature).
fn signed_parts(cert: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let o = outer(cert)?;
    Some((o.tbs, o.sig_alg, bits(o.sig)?))
}

/// A certificate's SubjectPublicKeyInfo: (its AlgorithmIdentifier's contents, the key).
fn public_key(cert: &[u8]) -> Option<(&[u8], &[u8])> {
    let (0x30, body, _) = element(cert)? else {
        return None;
    };
    let (0x30, mut tbs, _) = element(body)? else {
        return None;
    };
    // [0] version (optional), serial, signature, issuer, validity, subject, then the key.
    if tbs.first() == Some(&0xa0) {
        tbs = element(tbs)?.2;
    }
    for _ in 0..5 {
        tbs = element(tbs)?.2;
    }
    let (0x30, spki, _) = element(tbs)? else {
        return None;
    };
    let (0x30, alg, rest) = element(spki)? else {
        return None;
    };
    let (0x03, key, _) = element(rest)? else {
        return None;
    };
    Some((alg, bits(key)?))
}

/// DER of the OIDs id-ecPublicKey (1.2.840.10045.2.1) and id-Ed25519 (1.3.101.112).
const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const ED25519: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

/// Whether `issuer`'s ECDSA or Ed25519 key verifies `child`'s signature, through the
/// remembered algorithms (so that rustls-webpki's check of the same signature is free).
/// Some(true) only: None when the keys are of another kind, an algorithm is not one of
/// rustls', or the signature does not verify here, and the caller decides with its own
/// verifier (which accepts more than rustls does, e.g. SHA-1 or small RSA keys, whose
/// findings name the weakness instead of a bad signature).
pub fn verified_by(child: &[u8], issuer: &[u8]) -> Option<bool> {
    let (tbs, sig_alg, sig) = signed_parts(child)?;
    let (pk_alg, pk) = public_key(issuer)?;
    if !(pk_alg.starts_with(EC_PUBLIC_KEY) || pk_alg == ED25519) {
        return None;
    }
    let alg = algorithms().iter().find(|a| {
        a.public_key_alg_id().as_ref() == pk_alg && a.signature_alg_id().as_ref() == sig_alg
    })?;
    alg.verify_signature(pk, tbs, sig).is_ok().then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{
        CaKind, CaSpec, IssuingCa, KeyType, LeafRequest, Role, SubjectAltNames, Validity,
        issue_leaf, new_ca,
    };

    #[test]
    fn verifies_ecdsa_and_ed25519_and_leaves_the_rest_to_the_caller() {
        let now = crate::pki::now();
        for (kt, fast) in [
            (KeyType::EcdsaP256, true),
            (KeyType::EcdsaP384, true),
            (KeyType::Ed25519, true),
            (KeyType::Rsa2048, false),
        ] {
            let spec = CaSpec {
                kind: CaKind::Root,
                org: "T".into(),
                key_type: kt,
                validity: Validity::years(1),
                generation: 1,
            };
            let root = new_ca(&spec, None, now).unwrap();
            let other = new_ca(&spec, None, now).unwrap();
            let ca =
                IssuingCa::new(root.cert.clone(), root.key, vec![], root.cert.clone()).unwrap();
            let req = LeafRequest {
                role: Role::Worker,
                name: "w".into(),
                org: "T".into(),
                namespace: None,
                sans: SubjectAltNames::default(),
                validity: "24h".parse().unwrap(),
                key: crate::pki::LeafKey::Generate(kt),
            };
            let leaf = issue_leaf(req, &ca, now).unwrap();
            let (leaf, root, other) = (&leaf.cert.der, &root.cert.der, &other.cert.der);
            assert_eq!(verified_by(leaf, root), fast.then_some(true), "{kt:?}");
            // Twice: the second answer is the remembered one.
            assert_eq!(verified_by(leaf, root), fast.then_some(true), "{kt:?}");
            // Another CA's key never gets a positive answer (the caller's verifier says no).
            assert_eq!(verified_by(leaf, other), None, "{kt:?}");
            assert_eq!(verified_by(&leaf[..20], root), None);
            assert_eq!(verified_by(leaf, &root[..40]), None);
        }
    }
}
