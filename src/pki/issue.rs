//! Issuing leaf certificates for a Temporal role.

use rcgen::{
    CertificateParams, DistinguishedName, DnType, IsCa, KeyPair, KeyUsagePurpose, PublicKeyData,
};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::Error;
use super::ca::IssuingCa;
use super::cert::CertInfo;
use super::csr::SignedRequest;
use super::key::{KeyType, pkcs8_pem};
use super::names::SubjectAltNames;
use super::role::Role;
use super::validity::{BACKDATE, Validity, clamp_to_issuer, random_serial};

/// Where the leaf's key comes from.
pub enum LeafKey {
    /// tcerts generates a key of this type.
    Generate(KeyType),
    /// The workload keeps its key; tcerts signs its public key from a verified CSR.
    Csr(SignedRequest),
    /// Renewal with the key the certificate already has (`apply --reuse-key`).
    Existing(KeyPair),
}

/// Everything that decides the content of a leaf certificate.
pub struct LeafRequest {
    pub role: Role,
    pub name: String,
    pub org: String,
    pub namespace: Option<String>,
    pub sans: SubjectAltNames,
    pub validity: Validity,
    pub key: LeafKey,
}

/// The result of issuance, ready to be written.
pub struct IssuedLeaf {
    pub cert: CertInfo,
    /// PKCS#8 PEM of the new key; None when a CSR was signed.
    pub key_pem: Option<Zeroizing<String>>,
    pub key_type: Option<KeyType>,
    /// Leaf then intermediates: what the peer presents.
    pub chain_pem: String,
    /// The root a peer needs to verify this side's counterpart.
    pub root_pem: String,
    /// Set to the issuer's notAfter when the requested validity was cut to it.
    pub clamped_to: Option<OffsetDateTime>,
}

impl LeafRequest {
    fn params(
        &self,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        rsa: bool,
    ) -> Result<CertificateParams, Error> {
        if self.role.is_server() && self.sans.is_empty() {
            return Err(Error::ServerNeedsSan(self.role));
        }
        let mut dn = DistinguishedName::new();
        dn.push(DnType::OrganizationName, self.org.clone());
        // The namespace in OU is what Temporal Cloud certificate filters match on.
        if let (true, Some(ns)) = (self.role.takes_namespace(), &self.namespace) {
            dn.push(DnType::OrganizationalUnitName, ns.clone());
        }
        dn.push(DnType::CommonName, self.name.clone());

        let mut params = CertificateParams::default();
        params.distinguished_name = dn;
        params.subject_alt_names = self.sans.to_rcgen()?;
        // ExplicitNoCa writes a critical CA:FALSE and the subject key identifier.
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        if rsa && self.role.is_server() {
            // TLS 1.2 RSA key exchange, still offered by some older clients and proxies.
            params.key_usages.push(KeyUsagePurpose::KeyEncipherment);
        }
        params.extended_key_usages = self.role.extended_key_usages();
        params.use_authority_key_identifier_extension = true;
        params.serial_number = Some(random_serial()?);
        params.not_before = not_before;
        params.not_after = not_after;
        Ok(params)
    }
}

/// Issues a leaf certificate from `ca`, clamping its validity to the CA's.
pub fn issue_leaf(
    req: LeafRequest,
    ca: &IssuingCa,
    now: OffsetDateTime,
) -> Result<IssuedLeaf, Error> {
    ca.check_usable(now)?;
    let (not_after, clamped) = clamp_to_issuer(now + req.validity.duration(), ca.cert.not_after);
    let signer = ca.signer()?;
    let (der, key_pem, key_type) = match &req.key {
        LeafKey::Generate(kt) => {
            let key: KeyPair = kt.generate()?;
            let params = req.params(now - BACKDATE, not_after, kt.is_rsa())?;
            let cert = params
                .signed_by(&key, &signer)
                .map_err(|e| ca.sign_error(e))?;
            (cert.der().clone(), Some(pkcs8_pem(&key)?), Some(*kt))
        }
        LeafKey::Existing(key) => {
            let kt = KeyType::of(key);
            let params = req.params(now - BACKDATE, not_after, kt.is_some_and(KeyType::is_rsa))?;
            let cert = params
                .signed_by(key, &signer)
                .map_err(|e| ca.sign_error(e))?;
            (cert.der().clone(), Some(pkcs8_pem(key)?), kt)
        }
        LeafKey::Csr(csr) => {
            let rsa = csr.key_type.is_some_and(KeyType::is_rsa)
                || csr.public_key.algorithm() == &rcgen::PKCS_RSA_SHA256;
            let params = req.params(now - BACKDATE, not_after, rsa)?;
            let cert = params
                .signed_by(&csr.public_key, &signer)
                .map_err(|e| ca.sign_error(e))?;
            (cert.der().clone(), None, csr.key_type)
        }
    };
    let cert = CertInfo::parse(&der)?;
    let mut chain_pem = cert.pem();
    for c in ca.intermediates() {
        chain_pem.push_str(&c.pem());
    }
    Ok(IssuedLeaf {
        root_pem: ca.root.pem(),
        chain_pem,
        key_pem,
        key_type,
        clamped_to: clamped.then_some(not_after),
        cert,
    })
}
