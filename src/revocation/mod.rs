//! Revocation records: `DIR/revocations.json`, the one piece of lifecycle state the
//! certificate files cannot tell (the inventory is rebuilt from the files plus this), and
//! the CRLs made from it.
//!
//! Temporal (server and SDKs) does not check CRLs: a revoked certificate keeps working
//! there until it expires or its issuing CA stops being trusted. CRLs serve the peers that
//! do check one (nginx `ssl_crl`, Envoy, HAProxy).
//!
//! After `ca rotate`, the old CA generation stays trusted (in `ca/previous/`) and its
//! certificates keep working until `ca retire`: a revocation is recorded against the
//! generation whose key signed the certificate, and every still-trusted generation gets
//! its own CRL signed by its own key (a CRL only covers certificates of its signer).

use std::path::{Path, PathBuf};

use rcgen::{CertificateRevocationListParams, KeyIdMethod, RevokedCertParams, SerialNumber};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::pki::{self, CaKind, CertInfo, IssuingCa};
use crate::store::{Config, Error, Store, atomic, generation_of};

pub const FILE: &str = "revocations.json";

/// Why a certificate was revoked (RFC 5280 reason codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "key-compromise",
            Reason::CaCompromise => "ca-compromise",
            Reason::AffiliationChanged => "affiliation-changed",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessation-of-operation",
        }
    }

    fn rcgen(self) -> rcgen::RevocationReason {
        use rcgen::RevocationReason as R;
        match self {
            Reason::Unspecified => R::Unspecified,
            Reason::KeyCompromise => R::KeyCompromise,
            Reason::CaCompromise => R::CaCompromise,
            Reason::AffiliationChanged => R::AffiliationChanged,
            Reason::Superseded => R::Superseded,
            Reason::CessationOfOperation => R::CessationOfOperation,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revoked {
    pub name: String,
    /// Lowercase hex, as the inventory shows it.
    pub serial: String,
    /// The issuer's DN, as the inventory shows it.
    pub issuer: String,
    /// SHA-256 (hex) of the issuing CA's public key: which generation's key signed the
    /// certificate (DNs can repeat, e.g. after `init --force`). Absent in records written
    /// before tcerts kept it; those match on the DN alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_key: Option<String>,
    pub reason: Reason,
    pub revoked_at: String,
    pub not_after: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocations {
    pub revoked: Vec<Revoked>,
}

fn path_of(store: &Store) -> PathBuf {
    store.dir().join(FILE)
}

impl Revocations {
    /// Reads DIR/revocations.json (none yet: empty). A damaged file is an error: silently
    /// forgetting revocations is worse than stopping.
    pub fn load(store: &Store) -> Result<Revocations, Error> {
        let path = path_of(store);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Revocations::default());
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        serde_json::from_slice(&bytes).map_err(|e| Error::Config {
            path,
            message: e.to_string(),
        })
    }

    /// Writes it atomically (call under the exclusive lock).
    pub fn save(&self, store: &Store) -> Result<(), Error> {
        let path = path_of(store);
        let mut json = serde_json::to_vec_pretty(self).map_err(|e| {
            Error::io(
                &path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        })?;
        json.push(b'\n');
        atomic::write_file(&path, &json, atomic::PUBLIC_MODE)
    }

    pub fn find(&self, serial: &str) -> Option<&Revoked> {
        self.revoked.iter().find(|r| r.serial == serial)
    }
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// SHA-256 (hex) of a certificate's public key, as [`Revoked::issuer_key`] records it.
pub fn key_id(cert: &CertInfo) -> String {
    pki::fingerprint_sha256(&cert.public_key)
}

/// One generation of an issuing CA that is still trusted: the current CA of its scope, or
/// a rotated-out one in `ca/previous/SCOPE/G<n>/` that has not been retired.
#[derive(Debug, Clone)]
pub struct Generation {
    pub kind: CaKind,
    pub generation: u32,
    pub current: bool,
    pub dir: PathBuf,
    pub cert: CertInfo,
}

/// The still-trusted generations of a scope's CA: the current one first, then the
/// rotated-out ones, newest first.
pub fn generations(store: &Store, kind: &CaKind) -> Result<Vec<Generation>, Error> {
    let mut out = Vec::new();
    let dir = store.ca_dir(kind);
    let path = dir.join(crate::store::CERT_FILE);
    if path.is_file() {
        let cert = Store::read_cert(&path)?;
        out.push(Generation {
            kind: kind.clone(),
            generation: generation_of(&cert),
            current: true,
            dir,
            cert,
        });
    }
    for p in store.previous_cas(kind)? {
        // A crash during rotation can leave the current CA in previous/ too.
        if out.iter().any(|g| g.cert.der == p.cert.der) {
            continue;
        }
        out.push(Generation {
            kind: kind.clone(),
            generation: p.generation,
            current: false,
            dir: p.dir,
            cert: p.cert,
        });
    }
    Ok(out)
}

/// The still-trusted CA generation that issued `leaf`: its issuer DN names the CA and the
/// CA's key verifies its signature. None when no issuing CA of the PKI (the intermediate
/// and every namespace CA, current or rotated out) did: retired, replaced, or foreign.
pub fn issuer_of(
    store: &Store,
    config: &Config,
    leaf: &CertInfo,
) -> Result<Option<Generation>, Error> {
    let mut scopes = vec![CaKind::Intermediate];
    scopes.extend(
        config
            .namespaces
            .iter()
            .map(|n| CaKind::Namespace(n.name.clone())),
    );
    for kind in scopes {
        for g in generations(store, &kind)? {
            if g.cert.subject_raw == leaf.issuer_raw && pki::is_signed_by(leaf, &g.cert) {
                return Ok(Some(g));
            }
        }
    }
    Ok(None)
}

/// A generation's CA with its key, to sign its CRL. Its root is the one it chains to (for
/// a self-signed CA, itself).
pub fn signer(store: &Store, generation: &Generation) -> Result<IssuingCa, Error> {
    let key = store.load_ca_key(&generation.dir, &generation.cert)?;
    let chain = generation.dir.join(crate::store::CHAIN_FILE);
    let above = if chain.is_file() {
        Store::read_certs(&chain)?
    } else {
        Vec::new()
    };
    let root = if generation.cert.is_self_issued() {
        generation.cert.clone()
    } else {
        store.root_cert()?
    };
    let cert_path = generation.dir.join(crate::store::CERT_FILE);
    IssuingCa::new(generation.cert.clone(), key, above, root).map_err(|e| Error::File {
        path: cert_path,
        source: e,
    })
}

/// A CRL signed by `ca`, listing the unexpired certificates it issued that are revoked.
/// Returns the PEM and how many entries it lists.
pub fn crl_pem(
    ca: &IssuingCa,
    revocations: &Revocations,
    now: OffsetDateTime,
    next_update: Duration,
) -> Result<(String, usize), pki::Error> {
    let mut revoked_certs = Vec::new();
    let ca_key = key_id(&ca.cert);
    for r in &revocations.revoked {
        let unexpired = parse_time(&r.not_after).is_none_or(|t| t > now);
        let issued_by_ca =
            r.issuer == ca.cert.subject && r.issuer_key.as_ref().is_none_or(|k| *k == ca_key);
        if !issued_by_ca || !unexpired {
            continue;
        }
        let Some(serial) = crate::pki::unhex(&r.serial) else {
            continue;
        };
        revoked_certs.push(RevokedCertParams {
            serial_number: SerialNumber::from_slice(&serial),
            revocation_time: parse_time(&r.revoked_at).unwrap_or(now),
            reason_code: Some(r.reason.rcgen()),
            invalidity_date: None,
        });
    }
    let count = revoked_certs.len();
    // A CRL number that grows with time: one CRL per second and scope is plenty.
    let number = u64::try_from(now.unix_timestamp()).unwrap_or(1);
    let params = CertificateRevocationListParams {
        this_update: now,
        next_update: now + next_update,
        crl_number: SerialNumber::from_slice(&number.to_be_bytes()),
        issuing_distribution_point: None,
        revoked_certs,
        key_identifier_method: KeyIdMethod::Sha256,
    };
    let crl = params
        .signed_by(&ca.signer()?)
        .map_err(|e| ca.key().sign_error(e))?;
    let pem = crl.pem().map_err(|e| pki::Error::Sign(e.to_string()))?;
    Ok((pem, count))
}

/// Why the CRLs could not be made: reading a CA generation (store), or signing (pki).
#[derive(Debug, thiserror::Error)]
pub enum CrlError {
    #[error(transparent)]
    Store(#[from] Error),
    #[error(transparent)]
    Pki(#[from] pki::Error),
}

/// One still-trusted generation's CRL, signed by that generation's key.
pub struct SignedCrl {
    pub generation: Generation,
    /// The CA certificate that signed it.
    pub issuer: CertInfo,
    pub pem: String,
    /// How many revoked certificates it lists.
    pub count: usize,
}

/// The CRL of every still-trusted generation of the CA `kind`. A rotated-out generation
/// whose key is gone cannot sign: `skipped` hears of it, and the others go on.
pub fn sign_crls(
    store: &Store,
    kind: &CaKind,
    revocations: &Revocations,
    now: OffsetDateTime,
    next_update: Duration,
    mut skipped: impl FnMut(&Generation, &Error),
) -> Result<Vec<SignedCrl>, CrlError> {
    let mut crls = Vec::new();
    for generation in generations(store, kind)? {
        let ca = match signer(store, &generation) {
            Ok(ca) => ca,
            Err(e) if !generation.current => {
                skipped(&generation, &e);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let (pem, count) = crl_pem(&ca, revocations, now, next_update)?;
        crls.push(SignedCrl {
            generation,
            issuer: ca.cert,
            pem,
            count,
        });
    }
    Ok(crls)
}

pub fn ensure_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => atomic::create_dir_all(p),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CaSpec, KeyType, Validity, new_ca};

    fn ca(now: OffsetDateTime) -> IssuingCa {
        let spec = CaSpec {
            kind: CaKind::Namespace("pay".into()),
            org: "Acme".into(),
            key_type: KeyType::EcdsaP256,
            validity: Validity::days(30),
            generation: 1,
        };
        let made = new_ca(&spec, None, now).unwrap();
        IssuingCa::new(made.cert.clone(), made.key, Vec::new(), made.cert).unwrap()
    }

    fn revoked(serial: &str, issuer: &IssuingCa, key: Option<String>) -> Revoked {
        Revoked {
            name: serial.into(),
            serial: serial.into(),
            issuer: issuer.cert.subject.clone(),
            issuer_key: key,
            reason: Reason::KeyCompromise,
            revoked_at: "2026-01-01T00:00:00Z".into(),
            not_after: "2099-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn a_crl_lists_only_what_its_own_key_issued_even_under_a_repeated_name() {
        let now = OffsetDateTime::now_utc();
        // Two CAs with one DN (e.g. a namespace re-created with --force): same G1 name.
        let (a, b) = (ca(now), ca(now));
        assert_eq!(a.cert.subject, b.cert.subject);
        let revocations = Revocations {
            revoked: vec![
                revoked("0a", &a, Some(key_id(&a.cert))),
                revoked("0b", &b, Some(key_id(&b.cert))),
                // Recorded before tcerts kept the key: matched on the DN alone.
                revoked("0c", &a, None),
            ],
        };
        let (_, n) = crl_pem(&a, &revocations, now, Duration::days(7)).unwrap();
        assert_eq!(n, 2);
        let (_, n) = crl_pem(&b, &revocations, now, Duration::days(7)).unwrap();
        assert_eq!(n, 2);
        let only_a = Revocations {
            revoked: vec![revoked("0a", &a, Some(key_id(&a.cert)))],
        };
        let (_, n) = crl_pem(&b, &only_a, now, Duration::days(7)).unwrap();
        assert_eq!(n, 0);
    }
}
