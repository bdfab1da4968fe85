//! The store's side of the issuance log (`crate::audit`): one writer per locked store,
//! opened on the first line, and the signing keys' locations for the lines that name them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use super::atomic::SetFile;
use super::{Error, Store};
use crate::audit::{Entry, Writer};
use crate::pki::{CaKind, CertInfo, parse_certificates};

#[derive(Default)]
pub(super) struct AuditState(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    writer: Option<Writer>,
    /// Subject key identifier of a CA loaded to sign → where its key lives.
    signers: HashMap<Vec<u8>, String>,
}

impl AuditState {
    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Store {
    fn audit_writer<'a>(&self, inner: &'a mut Inner) -> Result<&'a mut Writer, Error> {
        if inner.writer.is_none() {
            inner.writer = Some(Writer::open(&self.dir)?);
        }
        match inner.writer.as_mut() {
            Some(w) => Ok(w),
            None => unreachable!("opened above"),
        }
    }

    /// Appends one line to `DIR/audit.jsonl` and makes it durable, before the caller goes
    /// on to change what the line records.
    pub fn audit(&self, entry: Entry) -> Result<(), Error> {
        let mut inner = self.audit.inner();
        let w = self.audit_writer(&mut inner)?;
        w.append(entry)?;
        w.sync()?;
        Ok(())
    }

    /// Makes every line appended so far durable.
    pub(super) fn audit_sync(&self) -> Result<(), Error> {
        let mut inner = self.audit.inner();
        if let Some(w) = inner.writer.as_mut() {
            w.sync()?;
        }
        Ok(())
    }

    /// Appends (not yet durably) the line of a certificate set about to be written.
    pub(super) fn audit_cert_set(&self, name: &str, files: &[SetFile<'_>]) -> Result<(), Error> {
        let Some(cert_file) = files.iter().find(|f| f.name == "cert.pem") else {
            return Ok(());
        };
        // A certificate this process cannot describe is not installed unrecorded.
        let cert = parse_certificates(cert_file.bytes)
            .and_then(|ders| match ders.first() {
                Some(d) => CertInfo::parse(d),
                None => Err(crate::pki::Error::NoPemBlock("CERTIFICATE")),
            })
            .map_err(|e| Error::File {
                path: self.cert_dir(name).join("cert.pem"),
                source: e,
            })?;
        let key = if files.iter().any(|f| f.name == "key.pem") {
            format!("certs/{name}/key.pem")
        } else {
            "csr".to_string()
        };
        // The same certificate swapped in again (a trust update: only ca.pem changed) is
        // not a new issuance, and the log must not say it is.
        let installed = std::fs::read(self.cert_dir(name).join("cert.pem"));
        let event = if installed.is_ok_and(|b| b == cert_file.bytes) {
            "trust-updated"
        } else {
            "certificate-issued"
        };
        let entry = Entry::for_cert(event, &cert)
            .name(name)
            .key(Some(key))
            .issuer_key(self.signer_key_location(&cert));
        let mut inner = self.audit.inner();
        Ok(self.audit_writer(&mut inner)?.append(entry)?)
    }

    /// Remembers where the key of a CA loaded to sign lives.
    pub fn note_signer(&self, ca: &CertInfo, location: String) {
        if let Some(ski) = &ca.subject_key_id {
            self.audit.inner().signers.insert(ski.clone(), location);
        }
    }

    /// Where the key that signed `cert` lives, when this process loaded it.
    pub fn signer_key_location(&self, cert: &CertInfo) -> Option<String> {
        let aki = cert.authority_key_id.as_ref()?;
        self.audit.inner().signers.get(aki).cloned()
    }

    /// Where a CA's key lives, as the log records it: a path relative to DIR.
    pub fn ca_key_location(&self, kind: &CaKind) -> String {
        let dir = self.ca_dir(kind);
        let rel = dir.strip_prefix(&self.dir).unwrap_or(&dir);
        Path::new(rel).join("key.pem").display().to_string()
    }

    /// The line of a CA certificate about to be written: `ca-issued` (or `event`), with
    /// where its key and its signer's key live.
    pub fn audit_ca(
        &self,
        event: &str,
        kind: &CaKind,
        cert: &CertInfo,
        key: String,
    ) -> Result<(), Error> {
        self.note_signer(cert, key.clone());
        let issuer_key = if cert.is_self_issued() {
            Some(key.clone())
        } else {
            self.signer_key_location(cert)
        };
        self.audit(
            Entry::for_cert(event, cert)
                .name(ca_scope(kind))
                .key(Some(key))
                .issuer_key(issuer_key),
        )
    }
}

/// The scope a CA line names: `root`, `intermediate` or `namespace-NS`.
pub fn ca_scope(kind: &CaKind) -> String {
    match kind {
        CaKind::Root => "root".into(),
        CaKind::Intermediate => "intermediate".into(),
        CaKind::Namespace(ns) => format!("namespace-{ns}"),
    }
}
