//! Certificate authorities: the root, the issuing intermediate, per-namespace issuing CAs,
//! and an intermediate whose CSR an enterprise root signs.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, PublicKeyData,
};
use time::OffsetDateTime;

use super::cert::CertInfo;
use super::key::KeyType;
use super::signer::CaKey;
use super::validity::{BACKDATE, Validity, clamp_to_issuer, random_serial};
use super::{Error, format_time};

/// Which CA of the hierarchy a CA certificate is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CaKind {
    Root,
    /// The default issuing CA for server certificates and namespace-less clients.
    Intermediate,
    /// The issuing CA of one Temporal namespace's worker and CLI certificates.
    Namespace(String),
}

impl CaKind {
    /// The extended key usages a CA of this kind carries. Go's verifier (Temporal's
    /// frontend, its CLI and Go SDK) requires every CA on a chain that has an EKU to allow
    /// the leaf's usage: a namespace CA limited to clientAuth can never vouch for a server
    /// certificate, even if its key is misused. The issuing CA signs servers and clients;
    /// the root stays unrestricted (no EKU), as public roots are.
    pub fn extended_key_usages(&self) -> Vec<ExtendedKeyUsagePurpose> {
        match self {
            CaKind::Root => Vec::new(),
            CaKind::Intermediate => vec![
                ExtendedKeyUsagePurpose::ServerAuth,
                ExtendedKeyUsagePurpose::ClientAuth,
            ],
            CaKind::Namespace(_) => vec![ExtendedKeyUsagePurpose::ClientAuth],
        }
    }
}

/// What to create.
#[derive(Debug, Clone)]
pub struct CaSpec {
    pub kind: CaKind,
    pub org: String,
    pub key_type: KeyType,
    pub validity: Validity,
    /// Distinguishes successive CAs of the same kind in the subject (G1, G2, …): Temporal
    /// Cloud refuses a bundle with two certificates of the same DN, and a rotation puts the
    /// old and the new CA in one bundle.
    pub generation: u32,
}

impl CaSpec {
    fn distinguished_name(&self) -> DistinguishedName {
        let mut dn = DistinguishedName::new();
        dn.push(DnType::OrganizationName, self.org.clone());
        let cn = match &self.kind {
            CaKind::Root => format!("{} Temporal Root CA G{}", self.org, self.generation),
            CaKind::Intermediate => {
                format!("{} Temporal Issuing CA G{}", self.org, self.generation)
            }
            CaKind::Namespace(ns) => {
                dn.push(DnType::OrganizationalUnitName, ns.clone());
                format!("{} Temporal {} CA G{}", self.org, ns, self.generation)
            }
        };
        dn.push(DnType::CommonName, cn);
        dn
    }

    fn params(
        &self,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        self_signed: bool,
    ) -> Result<CertificateParams, Error> {
        let mut params = CertificateParams::default();
        params.distinguished_name = self.distinguished_name();
        // The root may sign the issuing and namespace CAs; those sign only leaves.
        let path_len = match self.kind {
            CaKind::Root => 1,
            _ => 0,
        };
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(path_len));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.extended_key_usages = self.kind.extended_key_usages();
        params.serial_number = Some(random_serial()?);
        params.not_before = not_before;
        params.not_after = not_after;
        params.use_authority_key_identifier_extension = !self_signed;
        Ok(params)
    }
}

/// A CA whose key tcerts holds, ready to sign.
pub struct IssuingCa {
    pub cert: CertInfo,
    key: CaKey,
    /// Certificates between this CA and the root (excluding both), nearest first.
    pub above: Vec<CertInfo>,
    pub root: CertInfo,
}

impl IssuingCa {
    /// Checks that the key belongs to the certificate and that the certificate may sign.
    pub fn new(
        cert: CertInfo,
        key: impl Into<CaKey>,
        above: Vec<CertInfo>,
        root: CertInfo,
    ) -> Result<Self, Error> {
        let key = key.into();
        if key.der_bytes() != cert.public_key.as_slice() {
            return Err(Error::KeyMismatch);
        }
        if !cert.is_ca {
            return Err(Error::NotACa);
        }
        if cert.key_cert_sign == Some(false) {
            return Err(Error::CaCannotSign);
        }
        Ok(IssuingCa {
            cert,
            key,
            above,
            root,
        })
    }

    pub fn key_type(&self) -> Option<KeyType> {
        KeyType::of(&self.key)
    }

    /// The certificates a peer needs between a leaf of this CA and the root, nearest first.
    pub fn intermediates(&self) -> Vec<&CertInfo> {
        if self.cert.is_self_issued() {
            return Vec::new();
        }
        std::iter::once(&self.cert)
            .chain(self.above.iter())
            .collect()
    }

    /// The CA's key (a file's or a token's).
    pub fn key(&self) -> &CaKey {
        &self.key
    }

    /// A signing failure, with the token's own error when the key is in one.
    pub(crate) fn sign_error(&self, e: rcgen::Error) -> Error {
        self.key.sign_error(e)
    }

    pub(crate) fn signer(&self) -> Result<rcgen::Issuer<'_, &CaKey>, Error> {
        rcgen::Issuer::from_ca_cert_der(&self.cert.der, &self.key)
            .map_err(|e| Error::Sign(e.to_string()))
    }

    pub(crate) fn check_usable(&self, now: OffsetDateTime) -> Result<(), Error> {
        if self.cert.not_after <= now {
            return Err(Error::IssuerExpired(format_time(self.cert.not_after)));
        }
        Ok(())
    }
}

/// A newly made CA: its certificate, its key, and whether its validity was cut to the
/// issuer's.
pub struct NewCa {
    pub cert: CertInfo,
    pub key: CaKey,
    pub clamped: bool,
}

/// Creates a CA. `issuer` is None for a self-signed CA: the root, or a namespace CA that is
/// its own root (the default: see docs/trust-model.md).
pub fn new_ca(
    spec: &CaSpec,
    issuer: Option<&IssuingCa>,
    now: OffsetDateTime,
) -> Result<NewCa, Error> {
    new_ca_with_key(spec, CaKey::File(spec.key_type.generate()?), issuer, now)
}

/// Creates a CA for a key made elsewhere (in a PKCS#11 token).
pub fn new_ca_with_key(
    spec: &CaSpec,
    key: CaKey,
    issuer: Option<&IssuingCa>,
    now: OffsetDateTime,
) -> Result<NewCa, Error> {
    let wanted = now + spec.validity.duration();
    let (not_after, clamped) = match issuer {
        Some(ca) => {
            ca.check_usable(now)?;
            clamp_to_issuer(wanted, ca.cert.not_after)
        }
        None => (wanted, false),
    };
    let params = spec.params(now - BACKDATE, not_after, issuer.is_none())?;
    let cert = match issuer {
        None => params.self_signed(&key).map_err(|e| key.sign_error(e))?,
        Some(ca) => params
            .signed_by(&key, &ca.signer()?)
            .map_err(|e| ca.sign_error(e))?,
    };
    Ok(NewCa {
        cert: CertInfo::parse(cert.der())?,
        key,
        clamped,
    })
}

/// The key and CSR of an issuing intermediate for an enterprise root to sign. It asks for
/// CA:TRUE with a path length of 1, so that namespace CAs can be issued under it.
pub fn new_external_intermediate_csr(
    org: &str,
    key_type: KeyType,
) -> Result<(String, KeyPair), Error> {
    let key = key_type.generate()?;
    let csr = new_external_intermediate_csr_with_key(org, key_type, &key)?;
    Ok((csr, key))
}

/// The CSR of [`new_external_intermediate_csr`] for a key made elsewhere (a token).
pub fn new_external_intermediate_csr_with_key(
    org: &str,
    key_type: KeyType,
    key: &impl rcgen::SigningKey,
) -> Result<String, Error> {
    let spec = CaSpec {
        kind: CaKind::Intermediate,
        org: org.to_string(),
        key_type,
        validity: Validity::years(1),
        generation: 1,
    };
    let mut params = CertificateParams::default();
    params.distinguished_name = spec.distinguished_name();
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(1));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    // Asked for; whether the enterprise CA copies it into the certificate is its policy.
    params.extended_key_usages = CaKind::Intermediate.extended_key_usages();
    params
        .serialize_request(key)
        .and_then(|r| r.pem())
        .map_err(|e| Error::Sign(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::now;

    fn spec(kind: CaKind) -> CaSpec {
        CaSpec {
            kind,
            org: "Acme".into(),
            key_type: KeyType::EcdsaP256,
            validity: Validity::years(1),
            generation: 1,
        }
    }

    #[test]
    fn each_ca_is_limited_to_its_job() {
        let root = new_ca(&spec(CaKind::Root), None, now()).unwrap();
        assert_eq!(root.cert.tls_ekus, None, "the root has no EKU");
        assert_eq!(root.cert.path_len, Some(1));
        let signer =
            IssuingCa::new(root.cert.clone(), root.key, vec![], root.cert.clone()).unwrap();
        let inter = new_ca(&spec(CaKind::Intermediate), Some(&signer), now()).unwrap();
        assert_eq!(
            inter.cert.tls_ekus,
            Some((true, true)),
            "serverAuth + clientAuth"
        );
        assert_eq!(inter.cert.path_len, Some(0));
        assert!(inter.cert.authority_key_id.is_some());

        // A namespace's own root: self-signed, clientAuth only, pathlen 0, no AKI.
        let ns = new_ca(&spec(CaKind::Namespace("pay".into())), None, now()).unwrap();
        assert!(ns.cert.is_self_issued() && ns.cert.is_ca);
        assert_eq!(ns.cert.tls_ekus, Some((false, true)), "clientAuth only");
        assert_eq!(ns.cert.path_len, Some(0));
        assert_eq!(ns.cert.key_cert_sign, Some(true));
        assert!(ns.cert.subject_key_id.is_some() && ns.cert.authority_key_id.is_none());
        // Under the shared root: the same limits.
        let under = new_ca(&spec(CaKind::Namespace("pay".into())), Some(&signer), now()).unwrap();
        assert_eq!(under.cert.tls_ekus, Some((false, true)));
        assert!(!under.cert.is_self_issued());
    }
}

/// How many CA certificates may follow the first certificate of `path_lens` (a CA, then its
/// issuers up to the root, each's pathLenConstraint) on a path to a leaf: each issuer's
/// constraint counts the CAs below it. `None`: no limit.
pub fn sub_cas_allowed(path_lens: &[Option<u32>]) -> Option<u32> {
    path_lens
        .iter()
        .enumerate()
        .filter_map(|(above, len)| len.map(|l| l.saturating_sub(above as u32)))
        .min()
}

#[cfg(test)]
mod path_len_tests {
    use super::sub_cas_allowed;

    #[test]
    fn every_issuer_constraint_counts_the_cas_below_it() {
        assert_eq!(sub_cas_allowed(&[None, None]), None);
        assert_eq!(sub_cas_allowed(&[Some(0), None]), Some(0));
        assert_eq!(sub_cas_allowed(&[Some(3), None]), Some(3));
        // An enterprise intermediate with pathlen 1 above ours leaves ours none to sign.
        assert_eq!(sub_cas_allowed(&[None, Some(1), None]), Some(0));
        assert_eq!(sub_cas_allowed(&[None, Some(2), Some(5)]), Some(1));
        assert_eq!(sub_cas_allowed(&[Some(4), Some(1), Some(9)]), Some(0));
    }
}

/// A CA for unit tests elsewhere in the crate (one helper instead of a copy per module):
/// a one-year CA of `kind` and `key_type`, self-signed or signed by `issuer`.
#[cfg(test)]
pub(crate) fn test_ca(kind: CaKind, key_type: KeyType, issuer: Option<&IssuingCa>) -> IssuingCa {
    let spec = CaSpec {
        kind,
        org: "T".into(),
        key_type,
        validity: Validity::years(1),
        generation: 1,
    };
    let new = new_ca(&spec, issuer, crate::pki::now()).expect("test CA");
    let root = issuer.map_or_else(|| new.cert.clone(), |i| i.root.clone());
    IssuingCa::new(new.cert, new.key, vec![], root).expect("test CA")
}
