//! Making certificates real: `apply` issues a plan's changes as one batch, `renew` re-issues
//! named certificates one by one. Both issue each certificate from its issuing CA, loaded
//! once per run.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::PathBuf;

use time::OffsetDateTime;

use super::{Action, ActionKind, Error, Plan, csr_path, issuer_kind, read_csr, renewal_key};
use crate::issuance::issue_declared;
use crate::pki::{CaKind, CertInfo, IssuedLeaf, IssuingCa, LeafKey};
use crate::store::{CertificateConfig, Config, Store};

/// The issuing CAs (certificate and key) of a run, each read once.
pub struct IssuingCas<'s> {
    store: &'s Store,
    cas: HashMap<CaKind, IssuingCa>,
}

impl<'s> IssuingCas<'s> {
    pub fn new(store: &'s Store) -> Self {
        IssuingCas {
            store,
            cas: HashMap::new(),
        }
    }

    /// The CA `decl` is issued from (see [`issuer_kind`]).
    pub fn for_decl(&mut self, decl: &CertificateConfig) -> Result<&IssuingCa, Error> {
        Ok(match self.cas.entry(issuer_kind(decl)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let ca = self.store.issuing_ca(e.key())?;
                e.insert(ca)
            }
        })
    }
}

/// Where `apply` is, for a progress bar.
pub enum ApplyProgress<'a> {
    /// About to issue this certificate.
    Issuing(&'a str),
    /// The certificate named last is issued (or failed).
    Issued,
    /// Every change is issued; the batch is being written.
    Finished,
}

/// What `apply` did: the changes made and those that failed.
pub struct Applied<'p> {
    /// Each change made, with its certificate (new, or trust-updated) and the end it was
    /// cut to so as not to outlive its issuing CA, if it was.
    pub done: Vec<(&'p Action, CertInfo, Option<OffsetDateTime>)>,
    pub failed: Vec<(&'p Action, String)>,
}

/// Issues every change of `plan` (a trust update rewrites only the certificate's `ca.pem`;
/// a failed change does not stop the others), writes them as
/// one batch and updates the inventory. `reuse_key`: keep a certificate's key where the plan
/// says it still fits.
pub fn apply<'p>(
    store: &Store,
    config: &Config,
    plan: &'p Plan,
    now: OffsetDateTime,
    reuse_key: bool,
    mut progress: impl FnMut(ApplyProgress<'_>),
) -> Result<Applied<'p>, Error> {
    let mut cas = IssuingCas::new(store);
    let trust_pem = store.trusted_roots_pem()?;
    let mut batch = store.cert_batch();
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for action in &plan.changes {
        let Some(decl) = config.certificate(&action.name) else {
            continue;
        };
        progress(ApplyProgress::Issuing(&action.name));
        if action.action == ActionKind::UpdateTrust {
            match super::trust_update::stage(store, &mut batch, &decl.name, &trust_pem) {
                Ok((cert, _)) => done.push((action, cert, None)),
                Err(e) => failed.push((action, e.to_string())),
            }
            progress(ApplyProgress::Issued);
            continue;
        }
        let mut one = || -> Result<_, Error> {
            let ca = cas.for_decl(decl)?;
            let key = match &decl.csr {
                Some(csr) => LeafKey::Csr(read_csr(&csr_path(store.dir(), csr))?),
                None if reuse_key && action.key_reusable => {
                    LeafKey::Existing(Store::read_key(&store.cert_files(&decl.name).key)?)
                }
                None => LeafKey::Generate(decl.key_type.unwrap_or(config.defaults.key_type)),
            };
            Ok(issue_declared(
                config,
                decl,
                key,
                ca,
                now,
                &trust_pem,
                |name, files| batch.write(name, files),
            )?)
        };
        match one() {
            Ok((issued, _)) => done.push((action, issued.cert, issued.clamped_to)),
            Err(e) => failed.push((action, e.to_string())),
        }
        progress(ApplyProgress::Issued);
    }
    let flushed = batch.flush();
    progress(ApplyProgress::Finished);
    flushed?;
    // The trust files follow the CAs on disk (as after every CA change): rewritten with
    // the trust updates so that both reflect the same generations.
    if done
        .iter()
        .any(|(a, ..)| a.action == ActionKind::UpdateTrust)
    {
        store.write_trust_files()?;
    }
    crate::inventory::update(store)?;
    Ok(Applied { done, failed })
}

/// What `renew` reports as it goes.
pub enum Renewal<'a> {
    /// The old key was asked for but cannot be kept: a new one is made (the reason).
    NewKey { name: &'a str, why: String },
    /// One certificate re-issued and written.
    Renewed(Box<Renewed<'a>>),
}

/// One re-issued certificate.
pub struct Renewed<'a> {
    pub decl: &'a CertificateConfig,
    pub issued: IssuedLeaf,
    /// The certificate's directory.
    pub dir: PathBuf,
    /// The issuing CA's common name.
    pub issuer: String,
    pub key_reused: bool,
}

/// Re-issues `decls` in order, each written as one set (so one that is done stays done if
/// a later one fails) and the inventory updated after each.
pub fn renew<'a>(
    store: &Store,
    config: &Config,
    decls: &[&'a CertificateConfig],
    reuse_key: bool,
    now: OffsetDateTime,
    mut report: impl FnMut(Renewal<'a>),
) -> Result<(), Error> {
    let mut cas = IssuingCas::new(store);
    let trust_pem = store.trusted_roots_pem()?;
    for &decl in decls {
        let ca = cas.for_decl(decl)?;
        let (key, not_reused) = renewal_key(store, config, decl, reuse_key)?;
        if let Some(why) = not_reused {
            report(Renewal::NewKey {
                name: &decl.name,
                why,
            });
        }
        let key_reused = matches!(key, LeafKey::Existing(_));
        let (issued, dir) =
            issue_declared(config, decl, key, ca, now, &trust_pem, |name, files| {
                store.write_cert_set(name, files)
            })?;
        crate::inventory::update(store)?;
        report(Renewal::Renewed(Box::new(Renewed {
            decl,
            issued,
            dir,
            issuer: ca.cert.common_name.clone().unwrap_or_default(),
            key_reused,
        })));
    }
    Ok(())
}
