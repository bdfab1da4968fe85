//! The inventory: `DIR/inventory.db` (see `db` for why SQLite), one record per CA and
//! certificate of the PKI.
//!
//! It is derived from the certificate files, so it can always be rebuilt from them; what
//! the files cannot tell (certificates that were replaced but have not expired yet, kept
//! as `superseded` until they expire) is carried over. Commands that change one
//! certificate or CA change its row ([`record_certificate`], [`record_namespace_ca`]);
//! commands that change many rebuild it ([`update`]). Either happens in one transaction
//! under the exclusive lock, so it is never half written; a command killed before it got
//! there leaves an inventory older than the files, which readers detect and rebuild.
//!
//! Each entry records the stamp of the file it was read from (size, modification and
//! change times, inode, SHA-256 of the bytes). A file whose stamp differs, or whose stamp
//! is too recent to trust (changed in the same clock tick the inventory was written, the
//! "racy git" case), is re-read; so a certificate copied over `cert.pem` in place (`cp`,
//! `cp --preserve=timestamps`, a same-second replacement) is noticed by the next `list`.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::pki::{self, CaKind, CertInfo, Renewal, fingerprint_sha1, fingerprint_sha256};
use crate::store::{Config, Error, Store};

mod db;
pub mod facts;
mod packed;

pub use db::FILE;
/// The file earlier versions kept the inventory in; removed when the database is written.
const LEGACY_FILE: &str = "inventory.json";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    pub version: u32,
    /// When it was written (RFC 3339).
    pub updated: String,
    pub entries: Vec<Entry>,
    /// Files that could not be read while it was built.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Ca,
    Certificate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Valid,
    /// Inside its renew window: `tcerts apply` renews it.
    Due,
    Expired,
    Revoked,
    /// Replaced by a newer certificate of the same name, not yet expired.
    Superseded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Due => "due",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Superseded => "superseded",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Certificate name, or for a CA: `root`, `intermediate` or the namespace.
    pub name: String,
    pub kind: Kind,
    /// The Temporal role, or root-ca, issuing-ca, namespace-ca; None for a certificate
    /// on disk that tcerts.toml no longer declares.
    pub role: Option<String>,
    pub namespace: Option<String>,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    #[serde(with = "rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "rfc3339")]
    pub not_after: OffsetDateTime,
    /// From when `apply` renews it.
    #[serde(with = "rfc3339")]
    pub renew_at: OffsetDateTime,
    pub status: Status,
    pub sha1: String,
    pub sha256: String,
    /// The certificate file, relative to the PKI directory.
    pub path: PathBuf,
    /// For a CA: where its private key lives (key.pem relative to the PKI directory, or a
    /// PKCS#11 URI); None when tcerts does not hold it (an enterprise root, an exported
    /// root key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The file as it was when this entry was read from it (None for superseded entries,
    /// whose file is gone, and for inventories written before stamps existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileStamp>,
    /// For a current certificate: what `plan` compares ([`facts::SetFacts::encode`]),
    /// decoded only by plan.
    #[serde(skip)]
    pub facts: Option<Vec<u8>>,
}

/// What identifies a file's content without parsing it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStamp {
    pub len: u64,
    pub ino: u64,
    /// Modification and change times, in nanoseconds since the epoch.
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    /// The first 128 bits of the SHA-256 of the bytes, hex (a change detector, not a
    /// fingerprint: the entry's own `sha256` is the certificate's).
    pub sha256: String,
    /// When the stamp was taken (nanoseconds since the epoch): a file changed less than a
    /// second before may change again without its times showing it (see `still_matches`).
    pub taken_ns: i128,
}

impl FileStamp {
    /// The metadata part of a stamp (the hash is filled in from the bytes).
    pub(crate) fn of_meta(meta: &fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            len: meta.len(),
            ino: meta.ino(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            sha256: String::new(),
            taken_ns: nanos(std::time::SystemTime::now()),
        }
    }

    /// Whether the file changed less than a second before the stamp was taken: its
    /// metadata alone cannot show a later change, so its bytes are hashed again.
    pub(crate) fn is_racy(&self) -> bool {
        self.ctime_ns.max(self.mtime_ns) + 1_000_000_000 > self.taken_ns
    }

    /// Whether a stamp taken now would not be racy (the file last changed over a second
    /// ago), going by the recorded times.
    pub(crate) fn settled_by(&self, now_ns: i128) -> bool {
        self.ctime_ns.max(self.mtime_ns) + 1_000_000_000 <= now_ns
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    pki::hex(&d.as_ref()[..16])
}

/// Nanoseconds since the epoch of a file time.
pub(crate) fn nanos(t: std::time::SystemTime) -> i128 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// The racy case of [`still_matches_at`]: a file changed less than a second before the
/// stamp was taken is hashed again.
fn same_bytes_unless_old(stamp: &FileStamp, read: impl FnOnce() -> Option<Vec<u8>>) -> bool {
    if !stamp.is_racy() {
        return true;
    }
    read().is_some_and(|b| sha256_hex(&b) == stamp.sha256)
}

/// Whether `rel` under the PKI directory `base` (opened once as `dir`: no path to build and
/// fewer components to look up, for 10,000 certificates at a time) still holds what
/// `stamp` recorded: judged by metadata when the file changed well before the stamp was
/// taken, else by hashing the bytes again, since a change within the same timestamp tick
/// leaves size and times alone on coarse clocks.
pub(crate) fn still_matches_at(dir: &fs::File, base: &Path, rel: &Path, stamp: &FileStamp) -> bool {
    use rustix::fs::{AtFlags, FileType, statat};
    let Ok(st) = statat(dir, rel, AtFlags::SYMLINK_NOFOLLOW) else {
        return false;
    };
    let ns = |s: i64, n: u64| i128::from(s) * 1_000_000_000 + i128::from(n);
    let same = FileType::from_raw_mode(st.st_mode) == FileType::RegularFile
        && u64::try_from(st.st_size).is_ok_and(|l| l == stamp.len)
        && st.st_ino == stamp.ino
        && ns(st.st_mtime, st.st_mtime_nsec) == stamp.mtime_ns
        && ns(st.st_ctime, st.st_ctime_nsec) == stamp.ctime_ns;
    same && same_bytes_unless_old(stamp, || fs::read(base.join(rel)).ok())
}

impl Entry {
    /// The status at `now` (superseded and revoked stay as recorded).
    pub fn status_at(&self, now: OffsetDateTime) -> Status {
        match self.status {
            Status::Superseded | Status::Revoked => self.status,
            _ if self.not_after <= now => Status::Expired,
            _ if self.renew_at <= now => Status::Due,
            _ => Status::Valid,
        }
    }

    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after - now).whole_days()
    }
}

/// The stored inventory, fresh (see [`read_fresh`]).
pub struct Fresh {
    pub inventory: Inventory,
    /// Some files were stamped within a second of their last change, and that second has
    /// passed: every read hashes them again until the inventory is rebuilt (which stamps
    /// them anew), so a reader that can take the exclusive lock should rebuild it once.
    pub worth_restamping: bool,
}

/// Reads the stored inventory; None when missing, unreadable or older than the files:
/// a directory changed after it was written (certificates added or removed), or a
/// certificate file no longer matches the stamp recorded for it (replaced in place).
pub fn read_fresh(store: &Store) -> Option<Fresh> {
    let written = fs::metadata(db::Db::path(store.dir()))
        .and_then(|m| m.modified())
        .ok()?;
    let newer = |p: &Path| -> bool {
        fs::metadata(p)
            .and_then(|m| m.modified())
            .map(|t| t >= written)
            .unwrap_or(false)
    };
    let mut watched = vec![
        store.config_path(),
        store.certs_dir(),
        store.dir().join("ca"),
        store.namespace_cas_dir(),
    ];
    if let Ok(entries) = fs::read_dir(store.dir().join("ca")) {
        watched.extend(entries.flatten().map(|e| e.path()));
    }
    if watched.iter().any(|p| newer(p)) {
        return None;
    }
    // One stat per certificate, as its row is decoded (on every core); the certificates
    // are statted from their own directory (one path component fewer to look up each).
    let dir = store.dir();
    let dir_file = fs::File::open(dir).ok()?;
    let certs_dir = store.certs_dir();
    let certs = fs::File::open(&certs_dir).ok();
    let certs_rel = certs_dir.strip_prefix(dir).ok()?;
    let still_there = |e: &Entry| match &e.file {
        Some(st) => match (&certs, e.path.strip_prefix(certs_rel)) {
            (Some(certs), Ok(rel)) => still_matches_at(certs, &certs_dir, rel, st),
            _ => still_matches_at(&dir_file, dir, &e.path, st),
        },
        // A replaced certificate (superseded, or revoked before it was replaced) or a
        // rotated-out CA: no file of its own to compare.
        None => matches!(e.status, Status::Superseded | Status::Revoked),
    };
    let inv = read(dir, false, &still_there)?;
    // A file that could not be read has no entry to compare: read everything again.
    if !inv.problems.is_empty() {
        return None;
    }
    let now = nanos(std::time::SystemTime::now());
    let worth_restamping = inv
        .entries
        .iter()
        .filter_map(|e| e.file.as_ref())
        .any(|st| st.is_racy() && st.settled_by(now));
    Some(Fresh {
        inventory: inv,
        worth_restamping,
    })
}

/// What the inventory recorded of each current certificate for `plan`, by name (empty
/// when there is no inventory). Each is used only while its files still match it.
pub fn recorded_facts(store: &Store) -> std::collections::HashMap<String, Vec<u8>> {
    db::Db::open_read(store.dir())
        .and_then(|db| db.facts().ok())
        .unwrap_or_default()
}

/// The stored inventory as it is; None when there is none, it cannot be read or `keep`
/// refuses one of its entries. `with_facts`: with each certificate's recorded facts (see
/// [`Entry::facts`]).
fn read(dir: &Path, with_facts: bool, keep: &(dyn Fn(&Entry) -> bool + Sync)) -> Option<Inventory> {
    let db = db::Db::open_read(dir)?;
    let (updated, problems) = db.header().ok()?;
    let entries = db.entries(with_facts, keep).ok()??;
    Some(Inventory {
        version: VERSION,
        updated,
        entries,
        problems,
    })
}

/// Rebuilds the inventory from the files and writes it. Call with the exclusive lock
/// held (every `Store` opened for writing holds it).
pub fn update(store: &Store) -> Result<Inventory, Error> {
    let config = store.config()?;
    // Opened to write first: a transaction a killed process left half done is rolled back
    // here (a read-only connection cannot), so the replaced certificates it recorded are
    // read and carried over, not lost.
    let mut db = db::Db::open_write(store.dir())?;
    let previous = read(store.dir(), true, &|_| true);
    let now = pki::now();
    let inv = build(store, &config, previous.as_ref(), now);
    db.replace_all(&inv.entries, &inv.problems, &inv.updated)?;
    remove_legacy(store)?;
    Ok(inv)
}

/// An inventory.json left by an earlier tcerts: stale from now on, so it goes.
fn remove_legacy(store: &Store) -> Result<(), Error> {
    let legacy = store.dir().join(LEGACY_FILE);
    match fs::remove_file(&legacy) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(&legacy, e)),
    }
}

/// Records certificate `name` as its files show it now, in place of its previous entry
/// (kept as superseded until it expires, when its serial changed), without reading any
/// other certificate: what `issue` and `revoke` cost does not grow with the PKI. Call
/// with the exclusive lock held, after its files were written.
pub fn record_certificate(
    store: &Store,
    config: &Config,
    name: &str,
    decl: Option<&crate::store::CertificateConfig>,
) -> Result<(), Error> {
    let path = store.cert_files(name).cert;
    let (info, stamp) = read_stamped(&path)?;
    let facts = facts::SetFacts::read(&store.cert_dir(name), &info, stamp.clone());
    let mut e = entry(
        name.to_string(),
        Kind::Certificate,
        decl.map(|d| d.role.as_str().to_string()),
        decl.and_then(|d| d.namespace.clone()),
        relative(store, &path),
        &info,
        config.renewal_of(decl),
    );
    e.file = Some(stamp);
    e.facts = facts.encode();
    let revoked = crate::revocation::Revocations::load(store)?;
    if revoked.find(&e.serial).is_some() {
        e.status = Status::Revoked;
    }
    let now = pki::now();
    e.status = e.status_at(now);
    let serial = e.serial.clone();
    let replaced = |mut old: Entry| {
        (old.serial != serial && old.not_after > now).then(|| {
            old.file = None;
            old.facts = None;
            if old.status != Status::Revoked {
                old.status = Status::Superseded;
            }
            old
        })
    };
    let mut db = db::Db::open_write(store.dir())?;
    db.upsert(&e, replaced, now.unix_timestamp(), &pki::format_time(now))?;
    remove_legacy(store)
}

/// Records namespace `ns`'s new CA (`namespace add`), without reading any certificate.
pub fn record_namespace_ca(store: &Store, config: &Config, ns: &str) -> Result<(), Error> {
    let path = store.ca_cert(&CaKind::Namespace(ns.to_string()));
    let (info, stamp) = read_stamped(&path)?;
    let rel = relative(store, &path);
    let mut e = entry(
        ns.to_string(),
        Kind::Ca,
        Some("namespace-ca".into()),
        Some(ns.to_string()),
        rel.clone(),
        &info,
        config.ca_renewal(),
    );
    e.file = Some(stamp);
    let now = pki::now();
    e.status = e.status_at(now);
    e.key = ca_key_location(store, config, &rel);
    let mut db = db::Db::open_write(store.dir())?;
    db.upsert(&e, |_| None, now.unix_timestamp(), &pki::format_time(now))?;
    remove_legacy(store)
}

/// The inventory as the files show it now, plus the superseded certificates of `previous`.
///
/// A certificate file that still matches the stamp of its previous entry is not parsed
/// again: its entry is carried over. One `tcerts issue` in a PKI of 1,000 certificates then
/// stats 1,000 files instead of reading and parsing them.
pub fn build(
    store: &Store,
    config: &Config,
    previous: Option<&Inventory>,
    now: OffsetDateTime,
) -> Inventory {
    let mut files = CurrentFiles::new(store, previous);
    files.read_current(config);
    let CurrentFiles {
        mut entries,
        mut problems,
        ..
    } = files;
    let mut rotated_out = previous_ca_entries(store, config, &mut problems);
    entries.append(&mut rotated_out);
    if let Some(prev) = previous {
        let mut replaced = still_valid_replaced(prev, &entries, now);
        entries.append(&mut replaced);
    }
    // Revocations are recorded apart from the files (DIR/revocations.json).
    match crate::revocation::Revocations::load(store) {
        Ok(revoked) => {
            for e in &mut entries {
                if e.kind == Kind::Certificate && revoked.find(&e.serial).is_some() {
                    e.status = Status::Revoked;
                }
            }
        }
        Err(err) => problems.push(err.to_string()),
    }
    for e in &mut entries {
        e.status = e.status_at(now);
        if e.kind == Kind::Ca {
            e.key = ca_key_location(store, config, &e.path);
        }
    }
    Inventory {
        version: VERSION,
        updated: pki::format_time(now),
        entries,
        problems,
    }
}

/// A path relative to the PKI directory, as the inventory records it.
fn relative(store: &Store, p: &Path) -> PathBuf {
    p.strip_prefix(store.dir()).unwrap_or(p).to_path_buf()
}

/// The current CA and certificate files read into entries; a file whose stamp still
/// matches the previous inventory's entry reuses that entry instead of being parsed again.
struct CurrentFiles<'a> {
    store: &'a Store,
    /// The PKI directory, opened once for the facts' stats.
    base: Option<fs::File>,
    reusable: std::collections::HashMap<(Kind, PathBuf), &'a Entry>,
    entries: Vec<Entry>,
    problems: Vec<String>,
}

impl<'a> CurrentFiles<'a> {
    fn new(store: &'a Store, previous: Option<&'a Inventory>) -> Self {
        let reusable = match previous {
            Some(inv) => inv
                .entries
                .iter()
                .filter(|e| e.status != Status::Superseded && e.file.is_some())
                .map(|e| ((e.kind, e.path.clone()), e))
                .collect(),
            None => std::collections::HashMap::default(),
        };
        CurrentFiles {
            store,
            base: fs::File::open(store.dir()).ok(),
            reusable,
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The root, the intermediate, the namespace CAs, then the certificates.
    fn read_current(&mut self, config: &Config) {
        let store = self.store;
        let ca_rule = config.ca_renewal();
        let cas = [
            (CaKind::Root, "root", "root-ca"),
            (CaKind::Intermediate, "intermediate", "issuing-ca"),
        ];
        for (kind, name, role) in cas {
            let path = store.ca_cert(&kind);
            self.push(
                name.into(),
                Kind::Ca,
                Some(role.into()),
                None,
                path,
                ca_rule,
            );
        }
        for ns in sorted_dirs(&store.namespace_cas_dir()) {
            let path = store.ca_cert(&CaKind::Namespace(ns.clone()));
            self.push(
                ns.clone(),
                Kind::Ca,
                Some("namespace-ca".into()),
                Some(ns),
                path,
                ca_rule,
            );
        }
        for name in sorted_dirs(&store.certs_dir()) {
            let decl = config.certificate(&name);
            let rule = config.leaf_renewal(&name);
            let path = store.cert_files(&name).cert;
            self.push(
                name,
                Kind::Certificate,
                decl.map(|d| d.role.as_str().to_string()),
                decl.and_then(|d| d.namespace.clone()),
                path,
                rule,
            );
        }
    }

    fn push(
        &mut self,
        name: String,
        kind: Kind,
        role: Option<String>,
        namespace: Option<String>,
        path: PathBuf,
        rule: Renewal,
    ) {
        if !path.is_file() {
            return;
        }
        let rel = relative(self.store, &path);
        // A racy stamp is not carried over: read again, the file gets a stamp that later
        // reads can trust without hashing it.
        if let Some(old) = self.reusable.get(&(kind, rel.clone()))
            && let Some(base) = &self.base
            && old.file.as_ref().is_some_and(|st| {
                !st.is_racy() && still_matches_at(base, self.store.dir(), &rel, st)
            })
            && (kind == Kind::Ca || self.facts_current(old, &rel))
        {
            // Same certificate as last time; what tcerts.toml says about it may have changed.
            let mut e = (*old).clone();
            e.name = name;
            e.role = role;
            e.namespace = namespace;
            e.renew_at = rule.due_at(e.not_before, e.not_after);
            e.status = Status::Valid;
            self.entries.push(e);
            return;
        }
        match read_stamped(&path) {
            Ok((c, stamp)) => {
                if kind == Kind::Certificate
                    && let Some(dir) = path.parent()
                {
                    let facts = facts::SetFacts::read(dir, &c, stamp.clone());
                    let mut e = entry(name, kind, role, namespace, rel, &c, rule);
                    e.file = Some(stamp);
                    e.facts = facts.encode();
                    self.entries.push(e);
                    return;
                }
                let mut e = entry(name, kind, role, namespace, rel, &c, rule);
                e.file = Some(stamp);
                self.entries.push(e);
            }
            Err(e) => self.problems.push(e.to_string()),
        }
    }

    /// Whether a certificate's recorded facts still describe its key and ca.pem.
    fn facts_current(&self, old: &Entry, rel: &Path) -> bool {
        let (Some(base), Some(bytes), Some(dir)) = (&self.base, &old.facts, rel.parent()) else {
            return false;
        };
        facts::SetFacts::decode(bytes)
            .is_some_and(|f| !f.is_racy() && f.still_current(base, self.store.dir(), dir))
    }
}

/// Rotated-out CAs, still trusted until retired: superseded.
fn previous_ca_entries(store: &Store, config: &Config, problems: &mut Vec<String>) -> Vec<Entry> {
    let ca_rule = config.ca_renewal();
    let mut entries = Vec::new();
    let mut scopes = vec![
        (CaKind::Root, "root-ca"),
        (CaKind::Intermediate, "issuing-ca"),
    ];
    for ns in sorted_dirs(&store.previous_namespace_cas_dir()) {
        scopes.push((CaKind::Namespace(ns), "namespace-ca"));
    }
    for (kind, role) in scopes {
        let (name, namespace) = match &kind {
            CaKind::Root => ("root".to_string(), None),
            CaKind::Intermediate => ("intermediate".to_string(), None),
            CaKind::Namespace(ns) => (ns.clone(), Some(ns.clone())),
        };
        match store.previous_cas(&kind) {
            Ok(prev) => {
                for p in prev {
                    entries.push(entry(
                        name.clone(),
                        Kind::Ca,
                        Some(role.into()),
                        namespace.clone(),
                        relative(store, &p.dir.join(crate::store::CERT_FILE)),
                        &p.cert,
                        ca_rule,
                    ));
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    for e in &mut entries {
        e.status = Status::Superseded;
    }
    entries
}

/// Replaced certificates that are still valid: kept, as a peer may still present them.
fn still_valid_replaced(prev: &Inventory, entries: &[Entry], now: OffsetDateTime) -> Vec<Entry> {
    let current: HashSet<(Kind, String)> =
        entries.iter().map(|e| (e.kind, e.serial.clone())).collect();
    let mut kept = Vec::new();
    for e in &prev.entries {
        // Certificates only: a CA that left the disk was retired.
        if e.kind == Kind::Certificate
            && !current.contains(&(e.kind, e.serial.clone()))
            && e.not_after > now
        {
            let mut old = e.clone();
            // Its file now holds the successor.
            old.file = None;
            old.facts = None;
            if old.status != Status::Revoked {
                old.status = Status::Superseded;
            }
            kept.push(old);
        }
    }
    kept
}

fn entry(
    name: String,
    kind: Kind,
    role: Option<String>,
    namespace: Option<String>,
    path: PathBuf,
    c: &CertInfo,
    rule: Renewal,
) -> Entry {
    Entry {
        name,
        kind,
        role,
        namespace,
        subject: c.subject.clone(),
        issuer: c.issuer.clone(),
        serial: c.serial_hex.clone(),
        not_before: c.not_before,
        not_after: c.not_after,
        renew_at: rule.due_at(c.not_before, c.not_after),
        status: Status::Valid,
        sha1: fingerprint_sha1(&c.der),
        sha256: fingerprint_sha256(&c.der),
        path,
        file: None,
        key: None,
        facts: None,
    }
}

/// Reads a certificate file and stamps it: metadata first, so that a change after the
/// stat shows as a mismatch next time rather than being recorded as seen.
/// Stamps the regular file `path` and reads it with `read` (metadata first, so a change
/// after the stat shows at the next comparison).
fn stamped<B: AsRef<[u8]>>(
    path: &Path,
    read: impl FnOnce(&Path) -> Result<B, Error>,
) -> Result<(FileStamp, B), Error> {
    let meta = fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        ));
    }
    let bytes = read(path)?;
    let mut stamp = FileStamp::of_meta(&meta);
    stamp.sha256 = sha256_hex(bytes.as_ref());
    Ok((stamp, bytes))
}

fn read_stamped(path: &Path) -> Result<(CertInfo, FileStamp), Error> {
    let (stamp, bytes) = stamped(path, crate::store::read_input)?;
    let info = pki::parse_certificates(&bytes)
        .and_then(|ders| {
            ders.first()
                .map(CertInfo::parse)
                .unwrap_or(Err(pki::Error::NoPemBlock("CERTIFICATE")))
        })
        .map_err(|e| Error::file(path, e))?;
    Ok((info, stamp))
}

/// Where the key of the CA whose certificate is at `rel` lives.
pub fn ca_key_location(store: &Store, config: &Config, rel: &Path) -> Option<String> {
    let cert_path = store.dir().join(rel);
    let key_rel = rel.parent()?.join(crate::store::KEY_FILE);
    if store.dir().join(&key_rel).is_file() {
        return Some(key_rel.display().to_string());
    }
    let cert = Store::read_cert(&cert_path).ok()?;
    config.ca_key_uri(&cert).map(str::to_string)
}

/// The names of the visible subdirectories of `dir`, sorted (staging directories, which
/// start with a dot, are skipped).
fn sorted_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Timestamps as RFC 3339 strings in UTC, the way tcerts prints them.
pub(crate) mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::pki::format_time(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let s = String::deserialize(d)?;
        OffsetDateTime::parse(&s, &Rfc3339).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    #[test]
    fn entries_are_due_by_the_shared_renewal_rule() {
        let start = datetime!(2026-01-01 0:00 UTC);
        let end = start + Duration::days(90);
        let rule = |rb: Option<i64>| Renewal {
            renew_before: rb.map(Duration::days),
            ..Renewal::default()
        };
        assert_eq!(rule(None).due_at(start, end), start + Duration::days(60));
        // renew_before 10 days, but the 14-day expiry warning comes first.
        assert_eq!(
            rule(Some(10)).due_at(start, end),
            start + Duration::days(76)
        );
        assert_eq!(
            rule(Some(100)).due_at(start, end),
            start + Duration::days(45)
        );
    }
}
