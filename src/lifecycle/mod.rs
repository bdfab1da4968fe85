//! Declared versus actual: what `tcerts plan` shows and `tcerts apply` does for each
//! `[[certificate]]` of tcerts.toml.
//!
//! A certificate is created when its files are missing, renewed when it is inside its
//! renew window (or expired), re-issued when what it was issued with no longer matches the
//! declaration (DNS/IP names, key type, issuing CA, CSR, or a key that does not match the
//! certificate), given a new `ca.pem` only (a trust update: key and serial kept) when
//! nothing but the trusted roots changed, and otherwise left alone.

mod apply;
pub mod redeclare;
pub mod trust_update;

pub use apply::{Applied, ApplyProgress, IssuingCas, Renewal, Renewed, apply, renew};

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use rcgen::PublicKeyData;
use serde::Serialize;
use time::OffsetDateTime;

use crate::inventory::facts::{KeyState, SetFacts};
use crate::pki::{self, CaKind, CertInfo, KeyType, SignedRequest, SubjectAltNames};
use crate::store::{self, CertificateConfig, Config, Store};

/// What can go wrong planning, applying or renewing the declared certificates.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Pki(#[from] pki::Error),
    /// A declared CSR file that is not a usable CSR.
    #[error("{}: {source}", path.display())]
    Csr { path: PathBuf, source: pki::Error },
    /// A `[[certificate]]` entry that cannot be issued as declared.
    #[error("{}: [[certificate]] '{name}': {why}", config.display())]
    Declaration {
        config: PathBuf,
        name: String,
        why: String,
    },
    #[error("{}: certificate '{name}' is declared twice", config.display())]
    DeclaredTwice { config: PathBuf, name: String },
    /// A name asked for (`renew NAME`) that tcerts.toml does not declare.
    #[error("'{name}' is not declared in {}", config.display())]
    NotDeclared { config: PathBuf, name: String },
    /// A file in a certificate directory that tcerts does not write: a trust update,
    /// which replaces the set as a whole, would drop it.
    #[error(
        "{} holds {file}, which tcerts does not write; move it out of the certificate directory, then run apply again (the set is replaced as a whole)",
        dir.display()
    )]
    ForeignFile { dir: PathBuf, file: String },
}

impl From<crate::issuance::Error> for Error {
    fn from(e: crate::issuance::Error) -> Error {
        match e {
            crate::issuance::Error::Pki(e) => Error::Pki(e),
            crate::issuance::Error::Store(e) => Error::Store(e),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    Create,
    Renew,
    Reissue,
    /// Only `ca.pem` (the trusted roots) is out of date: rewritten in place, the key,
    /// serial and chain kept.
    #[serde(rename = "update-trust")]
    UpdateTrust,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Create => "create",
            ActionKind::Renew => "renew",
            ActionKind::Reissue => "reissue",
            ActionKind::UpdateTrust => "update-trust",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub name: String,
    pub action: ActionKind,
    pub reason: String,
    /// Whether the existing key may be kept (`apply --reuse-key`): false when the key is
    /// missing, does not match, or the declared key type changed.
    #[serde(skip)]
    pub key_reusable: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Plan {
    pub changes: Vec<Action>,
    pub unchanged: Vec<String>,
    /// Certificate directories tcerts.toml does not declare (left alone).
    pub undeclared: Vec<String>,
    /// Recorded facts were checked by hashing files written just before they were
    /// recorded (see `FileStamp::is_racy`): rebuilding the inventory once spares later
    /// plans that work.
    pub worth_restamping: bool,
}

/// The CA certificate each declared certificate should be issued from.
struct Issuers<'a> {
    store: &'a Store,
    certs: HashMap<CaKind, CertInfo>,
}

impl Issuers<'_> {
    fn get(&mut self, kind: &CaKind) -> Result<&CertInfo, Error> {
        match self.certs.entry(kind.clone()) {
            Entry::Occupied(e) => Ok(e.into_mut()),
            Entry::Vacant(e) => {
                let path = self.store.ca_cert(kind);
                if !path.is_file() {
                    let what = match kind {
                        CaKind::Namespace(ns) => {
                            format!("the CA of namespace '{ns}' (run `tcerts namespace add {ns}`)")
                        }
                        _ => "the issuing CA certificate".into(),
                    };
                    return Err(store::Error::Missing { path, what }.into());
                }
                Ok(e.insert(Store::read_cert(&path)?))
            }
        }
    }
}

/// The issuing CA of a declared certificate: its namespace's CA, or the intermediate.
pub fn issuer_kind(decl: &CertificateConfig) -> CaKind {
    match &decl.namespace {
        Some(ns) => CaKind::Namespace(ns.clone()),
        None => CaKind::Intermediate,
    }
}

/// Checks one declaration beyond what serde checks: names, namespace, windows.
pub fn validate(
    config_path: &Path,
    config: &Config,
    decl: &CertificateConfig,
) -> Result<(), Error> {
    let bad = |why: String| Error::Declaration {
        config: config_path.to_path_buf(),
        name: decl.name.clone(),
        why,
    };
    pki::validate_name(&decl.name).map_err(|e| bad(e.to_string()))?;
    if let Some(ns) = &decl.namespace {
        if !decl.role.takes_namespace() {
            return Err(bad(format!(
                "namespace applies to worker, cli and client certificates, not {}",
                decl.role
            )));
        }
        pki::validate_namespace(ns).map_err(|e| bad(e.to_string()))?;
        if config.namespace(ns).is_none() {
            return Err(bad(format!(
                "namespace '{ns}' is not declared; add it with `tcerts namespace add {ns}`"
            )));
        }
    }
    let sans = SubjectAltNames::parse(&decl.dns, &decl.ip).map_err(|e| bad(e.to_string()))?;
    if decl.role.is_server() && sans.is_empty() && decl.csr.is_none() {
        return Err(bad(pki::Error::ServerNeedsSan(decl.role).to_string()));
    }
    if decl.csr.is_some() && decl.key_type.is_some() {
        return Err(bad(
            "key_type and csr exclude each other: the CSR's key is used".into(),
        ));
    }
    let validity = decl.validity.unwrap_or(config.defaults.leaf_validity);
    if let Some(w) = decl.renew_before.or(config.defaults.renew_before)
        && w >= validity
    {
        return Err(bad(format!(
            "renew_before ({w}) must be shorter than the validity ({validity}), or every run would renew it"
        )));
    }
    Ok(())
}

/// The CSR file of a declaration (relative paths are relative to the PKI directory).
pub fn csr_path(dir: &Path, csr: &str) -> PathBuf {
    let p = Path::new(csr);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        dir.join(p)
    }
}

pub fn read_csr(path: &Path) -> Result<SignedRequest, Error> {
    let bytes = store::read_input(path)?;
    SignedRequest::parse(&bytes).map_err(|source| Error::Csr {
        path: path.to_path_buf(),
        source,
    })
}

/// Compares every declared certificate with its files, on every core. A certificate whose
/// `cert.pem`, `key.pem` and `ca.pem` are unchanged since the inventory recorded them is
/// judged from the recorded facts (`inventory::facts`) without reading them.
///
/// The store's tcerts.toml is parsed while the inventory's recorded facts are read (at
/// 10,000 certificates each takes milliseconds, and neither needs the other); the parsed
/// configuration is returned with the plan.
pub fn plan(store: &Store, now: OffsetDateTime) -> Result<(Config, Plan), Error> {
    let (config, recorded) = rayon::join(
        || store.config(),
        || crate::inventory::recorded_facts(store),
    );
    let config = config?;
    let plan = plan_with(store, &config, recorded, now)?;
    Ok((config, plan))
}

fn plan_with(
    store: &Store,
    config: &Config,
    recorded: HashMap<String, Vec<u8>>,
    now: OffsetDateTime,
) -> Result<Plan, Error> {
    use rayon::prelude::*;
    let mut plan = Plan::default();
    let mut issuers = Issuers {
        store,
        certs: HashMap::new(),
    };
    let trust_pem = store.trusted_roots_pem()?;
    let revoked = crate::revocation::Revocations::load(store)?;
    let mut seen = std::collections::HashSet::new();
    for decl in &config.certificates {
        if !seen.insert(decl.name.as_str()) {
            return Err(Error::DeclaredTwice {
                config: store.config_path(),
                name: decl.name.clone(),
            });
        }
        validate(&store.config_path(), config, decl)?;
        issuers.get(&issuer_kind(decl))?;
    }
    let issuers = issuers.certs;
    // Stamps are compared from the certificates' directory: one path component fewer to
    // look up in each of the 30,000 stats at 10,000 certificates.
    let certs_dir = store.certs_dir();
    let base = std::fs::File::open(&certs_dir).ok();
    let trust_sha = crate::inventory::facts::sha256_full(trust_pem.as_bytes());
    let now_ns = crate::inventory::nanos(std::time::SystemTime::now());
    let restamp = std::sync::atomic::AtomicBool::new(false);
    let judged: Vec<Result<Option<Action>, Error>> = config
        .certificates
        .par_iter()
        .map(|decl| {
            let Some(issuer) = issuers.get(&issuer_kind(decl)) else {
                return Ok(None);
            };
            let dir = store.cert_dir(&decl.name);
            let rel = dir.strip_prefix(&certs_dir).unwrap_or(&dir).to_path_buf();
            let facts = base.as_ref().and_then(|base| {
                recorded
                    .get(decl.name.as_str())
                    .and_then(|bytes| SetFacts::decode(bytes))
                    .inspect(|f| {
                        if f.worth_restamping(now_ns) {
                            restamp.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                    })
                    .filter(|f| f.still_current(base, &certs_dir, &rel))
            });
            let seen = match facts.as_ref().and_then(|f| Some((f, f.cert_info()?))) {
                Some((f, cert)) => Seen {
                    key: f.key.clone(),
                    trust_current: f.trust_sha256.as_deref() == Some(trust_sha.as_str()),
                    cert,
                },
                None => match Seen::read(&dir) {
                    Ok(seen) => seen,
                    Err(action) => return Ok(Some(action.named(&decl.name))),
                },
            };
            judge(
                store, config, decl, &seen, issuer, &trust_pem, &revoked, now,
            )
        })
        .collect();
    for (decl, verdict) in config.certificates.iter().zip(judged) {
        match verdict? {
            Some(action) => plan.changes.push(action),
            None => plan.unchanged.push(decl.name.clone()),
        }
    }
    if let Ok(rd) = std::fs::read_dir(store.certs_dir()) {
        let mut extra: Vec<String> = rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.') && !seen.contains(n.as_str()))
            .collect();
        extra.sort();
        plan.undeclared = extra;
    }
    plan.worth_restamping = restamp.into_inner();
    Ok(plan)
}

/// What a certificate directory holds, as plan compares it.
struct Seen {
    cert: CertInfo,
    key: KeyState,
    /// ca.pem holds exactly the trusted roots.
    trust_current: bool,
}

/// An action for a certificate that could not be read, before its name is known.
struct Unreadable(ActionKind, String);

impl Unreadable {
    fn named(self, name: &str) -> Action {
        Action {
            name: name.to_string(),
            action: self.0,
            reason: self.1,
            key_reusable: false,
        }
    }
}

impl Seen {
    /// Reads the set's files.
    fn read(dir: &Path) -> Result<Seen, Unreadable> {
        let cert_path = dir.join(crate::store::CERT_FILE);
        if !cert_path.is_file() {
            return Err(Unreadable(ActionKind::Create, "not issued yet".into()));
        }
        let cert = Store::read_cert(&cert_path)
            .map_err(|e| Unreadable(ActionKind::Create, format!("unreadable: {e}")))?;
        let key = Store::read_key(&dir.join(crate::store::KEY_FILE)).ok();
        let key = KeyState::of_key(key.as_ref(), &cert.public_key);
        // ca.pem is compared by `judge` when nothing else is due.
        Ok(Seen {
            cert,
            key,
            trust_current: false,
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn judge(
    store: &Store,
    config: &Config,
    decl: &CertificateConfig,
    seen: &Seen,
    issuer: &CertInfo,
    trust_pem: &str,
    revoked: &crate::revocation::Revocations,
    now: OffsetDateTime,
) -> Result<Option<Action>, Error> {
    let act = |action, reason: String, key_reusable| {
        Ok(Some(Action {
            name: decl.name.clone(),
            action,
            reason,
            key_reusable,
        }))
    };
    let dir = store.cert_dir(&decl.name);
    let cert = &seen.cert;
    if let Some(r) = revoked.find(&cert.serial_hex) {
        // A new key too, unless it comes from a CSR: the old one may be compromised.
        return act(
            ActionKind::Reissue,
            format!("revoked ({})", r.reason.as_str()),
            false,
        );
    }

    // The key: the declared type, matching the certificate; or the CSR's key.
    if let Some(reason) = key_change(store, config, decl, cert, &seen.key)? {
        return act(ActionKind::Reissue, reason, false);
    }
    let key_reusable = decl.csr.is_none();
    let reissue = match names_change(decl, cert)? {
        Some(reason) => Some(reason),
        None => issuer_change(cert, issuer).or_else(|| role_change(decl, cert)),
    };
    if let Some(reason) = reissue {
        return act(ActionKind::Reissue, reason, key_reusable);
    }
    if let Some(reason) = renewal_due(config, decl, cert, now) {
        return act(ActionKind::Renew, reason, key_reusable);
    }
    if !seen.trust_current && trust_stale(&dir, trust_pem) {
        return act(
            ActionKind::UpdateTrust,
            trust_update::describe_change(&dir, trust_pem),
            key_reusable,
        );
    }
    Ok(None)
}

/// Why the certificate's key no longer fits its declaration (a re-issue with a new key),
/// if it does not.
fn key_change(
    store: &Store,
    config: &Config,
    decl: &CertificateConfig,
    cert: &CertInfo,
    key: &KeyState,
) -> Result<Option<String>, Error> {
    if let Some(csr) = &decl.csr {
        let path = csr_path(store.dir(), csr);
        let req = read_csr(&path)?;
        if req.public_key.der_bytes() != cert.public_key.as_slice() {
            return Ok(Some(format!("{} holds a different key", path.display())));
        }
    } else {
        let declared = decl.key_type.unwrap_or(config.defaults.key_type);
        match key {
            KeyState::Missing => return Ok(Some("its key is missing or unreadable".into())),
            KeyState::Mismatch => return Ok(Some("key.pem does not match cert.pem".into())),
            KeyState::Matches(actual) if *actual != Some(declared) => {
                let actual = actual.map_or("another type", KeyType::as_str);
                return Ok(Some(format!("key type {actual} → {declared}")));
            }
            KeyState::Matches(_) => {}
        }
    }
    Ok(None)
}

/// The certificate's DNS names and IP addresses, if they differ from the declared ones.
fn names_change(decl: &CertificateConfig, cert: &CertInfo) -> Result<Option<String>, Error> {
    let sans = SubjectAltNames::parse(&decl.dns, &decl.ip)?;
    let mut want_dns = sans.dns.clone();
    let mut have_dns = cert.dns.clone();
    want_dns.sort();
    have_dns.sort();
    let mut want_ip = sans.ips.clone();
    let mut have_ip = cert.ips.clone();
    want_ip.sort();
    have_ip.sort();
    if want_dns != have_dns || want_ip != have_ip {
        let show = |d: &[String], i: &[std::net::IpAddr]| {
            let mut v: Vec<String> = d.to_vec();
            v.extend(i.iter().map(ToString::to_string));
            format!("[{}]", v.join(", "))
        };
        return Ok(Some(format!(
            "names {} → {}",
            show(&have_dns, &have_ip),
            show(&want_dns, &want_ip)
        )));
    }
    Ok(None)
}

/// The declared namespace's CA or the intermediate, in its current generation, if it is not
/// the certificate's issuer.
fn issuer_change(cert: &CertInfo, issuer: &CertInfo) -> Option<String> {
    let same_issuer = cert.issuer_raw == issuer.subject_raw
        && match (&cert.authority_key_id, &issuer.subject_key_id) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
    if !same_issuer {
        let cn = issuer.common_name.clone().unwrap_or_default();
        return Some(format!("issuing CA changed to {cn}"));
    }
    None
}

/// The role (its extended key usages) and the namespace in OU that certificate filters
/// match, if they changed.
fn role_change(decl: &CertificateConfig, cert: &CertInfo) -> Option<String> {
    let ekus = decl.role.extended_key_usages();
    let want_ekus = (
        ekus.contains(&rcgen::ExtendedKeyUsagePurpose::ServerAuth),
        ekus.contains(&rcgen::ExtendedKeyUsagePurpose::ClientAuth),
    );
    if cert.tls_ekus != Some(want_ekus) {
        return Some(format!(
            "role changed to {} (extended key usage)",
            decl.role
        ));
    }
    let want_ou = decl
        .namespace
        .clone()
        .filter(|_| decl.role.takes_namespace());
    if cert.organizational_unit != want_ou {
        return Some(format!(
            "subject OU {} → {} (what certificate filters match)",
            cert.organizational_unit.as_deref().unwrap_or("none"),
            want_ou.as_deref().unwrap_or("none")
        ));
    }
    None
}

/// Whether the trust anchors in ca.pem are out of date: changed by a root rotation or
/// retirement. Only a trust update when nothing else is due (a renewal writes the new
/// ca.pem too).
fn trust_stale(dir: &Path, trust_pem: &str) -> bool {
    std::fs::read_to_string(dir.join(crate::store::TRUST_FILE))
        .ok()
        .as_deref()
        != Some(trust_pem)
}

/// Whether the certificate has expired or reached its renewal window.
fn renewal_due(
    config: &Config,
    decl: &CertificateConfig,
    cert: &CertInfo,
    now: OffsetDateTime,
) -> Option<String> {
    if cert.not_after <= now {
        return Some(format!("expired on {}", pki::format_time(cert.not_after)));
    }
    let due = config
        .leaf_renewal(&decl.name)
        .due_at(cert.not_before, cert.not_after);
    if due <= now {
        return Some(format!(
            "expires {} (renew from {})",
            pki::format_time(cert.not_after),
            pki::format_time(due)
        ));
    }
    None
}

/// The declarations `tcerts renew NAME…` re-issues, each checked as `plan` checks it; a
/// name tcerts.toml does not declare is a usage error naming the command that declares it.
pub fn declared<'a>(
    store: &Store,
    config: &'a Config,
    names: &[String],
) -> Result<Vec<&'a CertificateConfig>, Error> {
    let mut out: Vec<&CertificateConfig> = Vec::new();
    for name in names {
        let Some(decl) = config.certificate(name) else {
            return Err(Error::NotDeclared {
                config: store.config_path(),
                name: name.clone(),
            });
        };
        validate(&store.config_path(), config, decl)?;
        if !out.iter().any(|d| d.name == decl.name) {
            out.push(decl);
        }
    }
    Ok(out)
}

/// The key a renewal signs: the declared CSR's, the existing key when `reuse_key` and it
/// still fits the declaration, or a new key of the declared type. The string says why an
/// asked-for reuse was not possible.
pub fn renewal_key(
    store: &Store,
    config: &Config,
    decl: &CertificateConfig,
    reuse_key: bool,
) -> Result<(pki::LeafKey, Option<String>), Error> {
    if let Some(csr) = &decl.csr {
        return Ok((
            pki::LeafKey::Csr(read_csr(&csr_path(store.dir(), csr))?),
            None,
        ));
    }
    let declared = decl.key_type.unwrap_or(config.defaults.key_type);
    let fresh = pki::LeafKey::Generate(declared);
    if !reuse_key {
        return Ok((fresh, None));
    }
    let dir = store.cert_dir(&decl.name);
    let why = match (
        Store::read_key(&dir.join(crate::store::KEY_FILE)),
        Store::read_cert(&dir.join(crate::store::CERT_FILE)),
    ) {
        (Err(e), _) => format!("its key cannot be read ({e})"),
        (_, Err(e)) => format!("its certificate cannot be read ({e})"),
        (Ok(key), Ok(cert)) if key.der_bytes() != cert.public_key.as_slice() => {
            "key.pem does not match cert.pem".into()
        }
        (Ok(key), Ok(_)) if KeyType::of(&key) != Some(declared) => {
            format!("the declared key type is now {declared}")
        }
        (Ok(key), Ok(_)) => return Ok((pki::LeafKey::Existing(key), None)),
    };
    Ok((fresh, Some(why)))
}
