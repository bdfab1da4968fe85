//! Finding a certificate's issuer among many with bounded work. Candidates are looked up
//! by the issuer's name as raw DER (the bytes Go and webpki compare), those whose subject
//! key identifier matches the certificate's authority key identifier first, and at most
//! `MAX_SIGNATURE_CHECKS` signatures are checked per certificate. A file of 2,000 CAs that
//! all share one name (differing only in string type, say) then costs at most 2,000 × 8
//! signature checks instead of 2,000²/2: time grows linearly with the input.

use std::collections::HashMap;

use x509_parser::prelude::{FromDer, X509Certificate};

use super::CertInfo;

/// Signatures checked per certificate before giving up on finding its issuer. Real sets
/// have one candidate per name (or a handful across CA rotations with the same DN).
pub const MAX_SIGNATURE_CHECKS: usize = 8;
/// Candidates looked at (to skip the certificate itself and exact repeats) per lookup.
const MAX_SCANNED: usize = 4 * MAX_SIGNATURE_CHECKS;

/// Certificates indexed by subject, each parsed once.
pub struct IssuerIndex<'a> {
    certs: Vec<&'a CertInfo>,
    parsed: Vec<Option<X509Certificate<'a>>>,
    by_subject: HashMap<&'a [u8], Vec<usize>>,
    by_subject_and_key_id: HashMap<(&'a [u8], &'a [u8]), Vec<usize>>,
}

/// The outcome of a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerLookup {
    /// The index of the certificate whose key signed it.
    Found(usize),
    /// No candidate's key signed it: `candidates` certificates carry the issuer's name,
    /// `checked` of them had their signature checked.
    NotFound { candidates: usize, checked: usize },
}

impl<'a> IssuerIndex<'a> {
    pub fn new(certs: impl IntoIterator<Item = &'a CertInfo>) -> IssuerIndex<'a> {
        let certs: Vec<&CertInfo> = certs.into_iter().collect();
        let parsed = certs
            .iter()
            .map(|c| X509Certificate::from_der(&c.der).ok().map(|(_, x)| x))
            .collect();
        let mut by_subject: HashMap<&[u8], Vec<usize>> = HashMap::new();
        let mut by_subject_and_key_id: HashMap<(&[u8], &[u8]), Vec<usize>> = HashMap::new();
        for (i, c) in certs.iter().enumerate() {
            by_subject.entry(&c.subject_raw).or_default().push(i);
            if let Some(ski) = &c.subject_key_id {
                by_subject_and_key_id
                    .entry((&c.subject_raw, ski))
                    .or_default()
                    .push(i);
            }
        }
        IssuerIndex {
            certs,
            parsed,
            by_subject,
            by_subject_and_key_id,
        }
    }

    /// The issuer of certificate `child` among the indexed ones (never itself, nor a
    /// repeat of the same certificate).
    pub fn issuer_of(&self, child: usize) -> IssuerLookup {
        let c = self.certs[child];
        let named: &[usize] = self
            .by_subject
            .get(c.issuer_raw.as_slice())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let with_key_id: &[usize] = c
            .authority_key_id
            .as_ref()
            .and_then(|aki| {
                self.by_subject_and_key_id
                    .get(&(c.issuer_raw.as_slice(), aki.as_slice()))
            })
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut checked = Vec::with_capacity(MAX_SIGNATURE_CHECKS);
        let candidates = with_key_id
            .iter()
            .take(MAX_SCANNED)
            .chain(named.iter().take(MAX_SCANNED))
            .copied()
            .filter(|&j| j != child && self.certs[j].der != c.der);
        for j in candidates {
            if checked.len() == MAX_SIGNATURE_CHECKS {
                break;
            }
            if checked.contains(&j) {
                continue;
            }
            checked.push(j);
            if self.verifies(child, j) {
                return IssuerLookup::Found(j);
            }
        }
        IssuerLookup::NotFound {
            candidates: named.len(),
            checked: checked.len(),
        }
    }

    fn verifies(&self, child: usize, issuer: usize) -> bool {
        match (&self.parsed[child], &self.parsed[issuer]) {
            (Some(c), Some(i)) => c.verify_signature(Some(i.public_key())).is_ok(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CaKind, IssuingCa};

    fn ca(kind: CaKind, issuer: Option<&IssuingCa>) -> IssuingCa {
        crate::pki::test_ca(kind, crate::pki::KeyType::EcdsaP256, issuer)
    }

    #[test]
    fn finds_the_issuer_and_not_a_namesake() {
        let root = ca(CaKind::Root, None);
        // The same DN, another key: a namesake that did not sign anything here.
        let namesake = ca(CaKind::Root, None);
        let inter = ca(CaKind::Intermediate, Some(&root));
        assert_eq!(namesake.cert.subject_raw, root.cert.subject_raw);
        let index = IssuerIndex::new([&namesake.cert, &inter.cert, &root.cert]);
        assert_eq!(index.issuer_of(1), IssuerLookup::Found(2));
        // A root is never its own issuer here; its namesake's key did not sign it.
        assert_eq!(
            index.issuer_of(2),
            IssuerLookup::NotFound {
                candidates: 2,
                checked: 1
            }
        );
    }
}
