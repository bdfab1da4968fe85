//! The PKI directory: its layout, atomic writes, the lock, and the configuration.
//!
//! ```text
//! DIR/tcerts.toml                         the declared PKI
//! DIR/.lock                               serialises tcerts processes
//! DIR/ca/root/cert.pem, key.pem           the root CA (no key for an external root)
//! DIR/ca/intermediate/cert.pem, key.pem   the default issuing CA (+ csr.pem, chain.pem)
//! DIR/ca/namespaces/NS/cert.pem, key.pem  each namespace's issuing CA: its own self-signed
//!                                         root (default), or under the shared root
//!                                         (+ chain.pem when an intermediate signed it)
//! DIR/certs/NAME/cert.pem                 the leaf
//! DIR/certs/NAME/chain.pem                leaf then intermediates (what the peer presents)
//! DIR/certs/NAME/ca.pem                   the root that verifies the counterpart
//! DIR/certs/NAME/key.pem                  PKCS#8, 0600
//! DIR/archive/                            CA material replaced with --force, or retired
//!                                         (`<time>-ca_previous_SCOPE_G<n>/cert.pem`)
//! DIR/ca/previous/root/G<n>/              a rotated-out root, still trusted (in every
//!                                         ca.pem) until `tcerts ca retire --root`
//! DIR/ca/previous/intermediate/G<n>/      a rotated-out issuing CA, until `ca retire`
//! DIR/ca/previous/namespaces/NS/G<n>/     a rotated-out namespace CA
//! DIR/trust/clients.pem                   frontend clientCaFiles: every trusted generation
//!                                         of the issuing CA and of each namespace CA (issuing
//!                                         CAs only, never a root: see trust_files)
//! DIR/trust/internode.pem                 internode clientCaFiles: the issuing CA's
//!                                         trusted generations
//! DIR/inventory.db                        every CA and certificate, one SQLite row each
//!                                         (see `inventory`; rebuilt from the files)
//! DIR/.tcerts-writing                     present while a writer works (see Store::lock)
//! DIR/revocations.json                    revoked certificates (see `revocation`)
//! DIR/crl/SCOPE-G<n>.pem                  the CRL of one still-trusted generation of a
//!                                         scope's CA, signed by that generation's key
//! DIR/crl/SCOPE.pem                       all of them in one file (nginx ssl_crl reads all)
//! ```

pub mod atomic;
mod audit_log;
mod ca_keys;
mod config;
mod generations;
pub mod key_store;
mod layout;
mod lock;
pub mod permissions;
mod trust_files;

use std::fs;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub use ca_keys::{PASSPHRASE_ENV, ca_key_pem, passphrase, set_passphrase_file};
pub use config::{
    CASE_CLASH_WHY, CertificateConfig, Config, Declarations, Defaults, NamespaceConfig, NewTable,
    RootConfig, RootMode, add_namespace, certificate_insertion, namespace_insertion,
    upsert_certificate,
};
pub use generations::{PreviousCa, generation_of};
pub use layout::{CERT_FILE, CHAIN_FILE, CSR_FILE, CaFiles, CertFiles, KEY_FILE, TRUST_FILE};
pub use lock::{Lock, LockMode};
pub use trust_files::{CLIENTS_FILE, INTERNODE_FILE, TrustFiles};

use crate::pki::{self, CaKind, CertInfo, IssuingCa};
use atomic::{KEY_MODE, PUBLIC_MODE, SetFile};

/// What can go wrong with the PKI directory and its files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{}: refusing to write a private key there: {}", .0.display(), .1)]
    UnsafeOutput(PathBuf, &'static str),
    #[error("{} is not a tcerts PKI (no tcerts.toml); run `tcerts init --org NAME` or pass --dir", .0.display())]
    NotAPki(PathBuf),
    #[error("{} already holds a PKI; pass --force to replace its CAs (the old ones are archived)", .0.display())]
    AlreadyAPki(PathBuf),
    #[error("another tcerts process held {} for {secs} s; try again when it has finished (or raise TCERTS_LOCK_TIMEOUT)", .0.display(), secs = .1)]
    LockTimeout(PathBuf, u64),
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{}: {source}", path.display())]
    File { path: PathBuf, source: pki::Error },
    #[error("{}: missing: {what}", path.display())]
    Missing { path: PathBuf, what: String },
    #[error("CA key passphrase needed: {0}")]
    Passphrase(String),
    /// Other users can change the PKI (see `permissions`).
    #[error("{}: refusing to write to a PKI other users can change: they could swap in their own CA or key, which this command would then use (ssh refuses a writable ~/.ssh for the same reason):{}", .0.display(), exposure_lines(.1))]
    Exposed(PathBuf, Vec<permissions::Exposure>),
    #[error(transparent)]
    Audit(#[from] crate::audit::Error),
    #[error(transparent)]
    Custody(#[from] crate::custody::Error),
}

fn exposure_lines(found: &[permissions::Exposure]) -> String {
    found
        .iter()
        .map(|e| format!("\n  {}: {}; fix: {}", e.path.display(), e.why, e.fix))
        .collect()
}

impl Error {
    pub fn io(path: &Path, source: io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn file(path: &Path, source: pki::Error) -> Error {
        Error::File {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub const CONFIG_FILE: &str = "tcerts.toml";

/// An open PKI directory, locked for as long as this value lives.
pub struct Store {
    dir: PathBuf,
    audit: audit_log::AuditState,
    /// `DIR/.tcerts-writing` while a writer holds the lock (see `lock`); removed on drop.
    writing: Option<PathBuf>,
    /// tcerts.toml as this process last read or wrote it (see [`ConfigCache`]).
    config_cache: std::sync::Mutex<Option<ConfigCache>>,
    // Last: released after the marker is removed.
    _lock: Lock,
}

/// tcerts.toml as this process last read or wrote it, with what was parsed of it: a
/// command that reads the file, changes one entry and reads it again (`issue`,
/// `namespace add`) reads and splits a 10,000-entry file once, not three times. Used only
/// while the file's metadata (size, inode, modification and change times) is what it
/// was then: an edit by anyone else shows there and sends the next read to the file.
struct ConfigCache {
    stamp: (u64, u64, i128, i128),
    /// None after a write that added lines: not copied in memory until someone asks.
    text: Option<std::sync::Arc<str>>,
    /// What was parsed of it, and for a reduced parse the reduced text.
    parsed: Vec<(DeclarationsKey, Config, Option<String>)>,
}

/// [`Declarations`] as a cache key.
#[derive(PartialEq, Eq)]
enum DeclarationsKey {
    All,
    For(String),
    NoCertificates,
}

impl DeclarationsKey {
    fn of(which: Declarations<'_>) -> DeclarationsKey {
        match which {
            Declarations::All => DeclarationsKey::All,
            Declarations::For(name) => DeclarationsKey::For(name.to_string()),
            Declarations::NoCertificates => DeclarationsKey::NoCertificates,
        }
    }
}

fn config_stamp(meta: &fs::Metadata) -> (u64, u64, i128, i128) {
    use std::os::unix::fs::MetadataExt;
    (
        meta.len(),
        meta.ino(),
        i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
    )
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(marker) = &self.writing {
            let _ = fs::remove_file(marker);
        }
    }
}

/// Present while a writer works: one killed before it finished leaves it, and the next
/// writer then looks for what it left in `certs/` (listing a directory of 10,000
/// certificates on every `issue` would cost more than the issue).
const WRITING_MARKER: &str = ".tcerts-writing";

impl Store {
    /// Opens an existing PKI.
    pub fn open(dir: &Path, mode: LockMode) -> Result<Store, Error> {
        if !dir.join(CONFIG_FILE).is_file() {
            return Err(Error::NotAPki(dir.to_path_buf()));
        }
        Self::lock(dir, mode, permissions::Scope::Whole)
    }

    /// Opens an existing PKI to write what `scope` names: the exclusive lock, with only
    /// the directories that write depends on judged (see `permissions::Scope`).
    pub fn open_to_write(dir: &Path, scope: permissions::Scope<'_>) -> Result<Store, Error> {
        if !dir.join(CONFIG_FILE).is_file() {
            return Err(Error::NotAPki(dir.to_path_buf()));
        }
        Self::lock(dir, LockMode::Exclusive, scope)
    }

    /// Creates the directory (0700) if needed and locks it, for `init`.
    pub fn create(dir: &Path) -> Result<Store, Error> {
        atomic::create_dir_all(dir)?;
        Self::lock(dir, LockMode::Exclusive, permissions::Scope::Whole)
    }

    fn lock(dir: &Path, mode: LockMode, scope: permissions::Scope<'_>) -> Result<Store, Error> {
        if mode == LockMode::Exclusive {
            // Before the lock file or any recovery: a writer never works in a PKI others
            // can change.
            let found = permissions::exposures_in(dir, scope);
            if !found.is_empty() {
                return Err(Error::Exposed(dir.to_path_buf(), found));
            }
        }
        let lock = Lock::acquire(dir, mode)?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            audit: audit_log::AuditState::default(),
            writing: None,
            config_cache: std::sync::Mutex::new(None),
            _lock: lock,
        };
        if mode == LockMode::Exclusive {
            // Nobody else is writing: finish or undo what a killed process left. certs/
            // is listed when a writer was killed (its marker is still here) and by
            // commands that touch every certificate, which clean up after any writer.
            let marker = store.dir.join(WRITING_MARKER);
            let killed = fs::symlink_metadata(&marker).is_ok();
            let mut dirs = vec![
                store.dir.clone(),
                store.dir.join("ca"),
                store.dir.join("ca/namespaces"),
            ];
            if killed || scope == permissions::Scope::Whole {
                dirs.push(store.certs_dir());
            }
            for d in dirs {
                atomic::recover(&d)?;
            }
            // Never through a link planted at its name.
            if fs::symlink_metadata(&marker).is_ok_and(|m| !m.is_file()) {
                fs::remove_file(&marker).map_err(|e| Error::io(&marker, e))?;
            }
            fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(PUBLIC_MODE)
                .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
                .open(&marker)
                .map_err(|e| Error::io(&marker, e))?;
            store.writing = Some(marker);
        }
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }

    pub fn is_initialised(&self) -> bool {
        self.config_path().is_file()
    }

    pub fn read_config_text(&self) -> Result<String, Error> {
        Ok(self.config_text()?.to_string())
    }

    /// tcerts.toml's metadata now, as the cache compares it.
    fn config_stamp_now(&self) -> Result<(u64, u64, i128, i128), Error> {
        let path = self.config_path();
        let meta = fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        Ok(config_stamp(&meta))
    }

    /// The text of tcerts.toml, from the cache while the file is unchanged.
    fn config_text(&self) -> Result<std::sync::Arc<str>, Error> {
        let path = self.config_path();
        // Stamped before it is read: a change during the read shows at the next stat.
        let stamp = self.config_stamp_now()?;
        let mut cache = self.lock_cache();
        if let Some(c) = cache.as_ref().filter(|c| c.stamp == stamp)
            && let Some(text) = &c.text
        {
            return Ok(text.clone());
        }
        let text: std::sync::Arc<str> = fs::read_to_string(&path)
            .map_err(|e| Error::io(&path, e))?
            .into();
        match cache.as_mut().filter(|c| c.stamp == stamp) {
            Some(c) => c.text = Some(text.clone()),
            None => {
                *cache = Some(ConfigCache {
                    stamp,
                    text: Some(text.clone()),
                    parsed: Vec::new(),
                });
            }
        }
        Ok(text)
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, Option<ConfigCache>> {
        // A panic while it was held cannot leave it half-written: every change is one
        // assignment.
        self.config_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What was parsed for `key` (and the reduced text) of the file as stamped now.
    fn cached_parse(
        &self,
        stamp: (u64, u64, i128, i128),
        key: &DeclarationsKey,
    ) -> Option<(Config, Option<String>)> {
        let cache = self.lock_cache();
        let c = cache.as_ref().filter(|c| c.stamp == stamp)?;
        let (_, config, reduced) = c.parsed.iter().find(|(k, _, _)| k == key)?;
        Some((config.clone(), reduced.clone()))
    }

    pub fn config(&self) -> Result<Config, Error> {
        self.config_for(Declarations::All)
    }

    /// tcerts.toml with only the `[[certificate]]` entries `which` names parsed (see
    /// [`Declarations`]).
    pub fn config_for(&self, which: Declarations<'_>) -> Result<Config, Error> {
        let key = DeclarationsKey::of(which);
        let stamp = self.config_stamp_now()?;
        if let Some((config, _)) = self.cached_parse(stamp, &key) {
            return Ok(config);
        }
        let text = self.config_text()?;
        let (config, reduced) = Config::parse_declarations_kept(&self.config_path(), &text, which)?;
        if let Some(c) = self.lock_cache().as_mut().filter(|c| {
            c.text
                .as_ref()
                .is_some_and(|t| std::sync::Arc::ptr_eq(t, &text))
        }) {
            c.parsed.push((key, config.clone(), reduced));
        }
        Ok(config)
    }

    pub fn write_config_text(&self, text: &str) -> Result<(), Error> {
        self.write_config_text_for(text, Declarations::All)
    }

    /// Writes tcerts.toml after checking that it reads back with the declarations
    /// `which` names (what changed, when a command changes one entry or adds a namespace):
    /// a config tcerts cannot read back must never replace a good one. The entries left
    /// out were not changed; their names are still checked (see [`Declarations`]).
    pub fn write_config_text_for(&self, text: &str, which: Declarations<'_>) -> Result<(), Error> {
        let path = self.config_path();
        let (config, reduced) = Config::parse_declarations_kept(&path, text, which)?;
        self.replace_config(&[text], which, config, reduced, Some(text.into()))
    }

    /// Adds `table` after the last table of tcerts.toml, after checking that the file
    /// reads back with the declarations `which` names, as [`Store::write_config_text_for`]
    /// does. A 10,000-entry file is neither split again nor copied in memory to add one
    /// entry (issue #11): the reduced text read before, with the new lines after it, is
    /// what reducing the new text gives (unit-tested in `store::config`), and the file
    /// is written as the text around the new lines and the lines.
    pub fn add_config_table(&self, table: &NewTable, which: Declarations<'_>) -> Result<(), Error> {
        let path = self.config_path();
        let stamp = self.config_stamp_now()?;
        let text = self.config_text()?;
        let insertion = table.of(&text);
        let key = DeclarationsKey::of(which);
        let reduced_before = self
            .cached_parse(stamp, &key)
            .and_then(|(_, reduced)| reduced);
        let fast = reduced_before.and_then(|before| {
            let reduced = insertion.after_reduced(&before);
            Config::parse(&path, &reduced)
                .ok()
                .map(|config| (config, Some(reduced)))
        });
        let (config, reduced) = match fast {
            Some(parsed) => parsed,
            None => Config::parse_declarations_kept(&path, &insertion.apply(&text), which)?,
        };
        self.replace_config(&insertion.parts(&text), which, config, reduced, None)
    }

    /// Replaces tcerts.toml with `parts` (checked by the caller: `config` and `reduced` are
    /// what they parse to for `which`) and caches what was written.
    fn replace_config(
        &self,
        parts: &[&str],
        which: Declarations<'_>,
        config: Config,
        reduced: Option<String>,
        text: Option<std::sync::Arc<str>>,
    ) -> Result<(), Error> {
        let path = self.config_path();
        let mut cache = self.lock_cache();
        *cache = None;
        let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
        atomic::write_file_parts(&path, &bytes, PUBLIC_MODE)?;
        if let Ok(meta) = fs::metadata(&path) {
            *cache = Some(ConfigCache {
                stamp: config_stamp(&meta),
                text,
                parsed: vec![(DeclarationsKey::of(which), config, reduced)],
            });
        }
        Ok(())
    }

    pub fn ca_dir(&self, kind: &CaKind) -> PathBuf {
        match kind {
            CaKind::Root => self.dir.join("ca/root"),
            CaKind::Intermediate => self.dir.join("ca/intermediate"),
            CaKind::Namespace(ns) => self.dir.join("ca/namespaces").join(ns),
        }
    }

    /// A namespace, declared in `config` or with a CA directory on disk, whose name equals
    /// `name` ignoring case but is spelled differently: the two could not be told apart by
    /// Temporal Cloud's case-insensitive certificate filters.
    pub fn namespace_case_clash(&self, config: &Config, name: &str) -> Option<String> {
        if let Some(n) = config.namespace_case_clash(name) {
            return Some(n.to_string());
        }
        fs::read_dir(self.dir.join("ca/namespaces"))
            .ok()?
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .find(|n| n != name && n.eq_ignore_ascii_case(name))
    }

    pub fn certs_dir(&self) -> PathBuf {
        self.dir.join("certs")
    }

    pub fn cert_dir(&self, name: &str) -> PathBuf {
        self.certs_dir().join(name)
    }

    pub fn archive_dir(&self) -> PathBuf {
        self.dir.join("archive")
    }

    pub fn ca_exists(&self, kind: &CaKind) -> bool {
        self.ca_dir(kind).join("cert.pem").is_file()
    }

    /// Reads every certificate in a PEM or DER file.
    pub fn read_certs(path: &Path) -> Result<Vec<CertInfo>, Error> {
        let bytes = read_file(path)?;
        pki::parse_certificates(&bytes)
            .and_then(|ders| ders.iter().map(CertInfo::parse).collect())
            .map_err(|e| Error::file(path, e))
    }

    /// Reads the first certificate of a file.
    pub fn read_cert(path: &Path) -> Result<CertInfo, Error> {
        Self::read_certs(path)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::file(path, pki::Error::NoPemBlock("CERTIFICATE")))
    }

    /// Reads a key of the PKI (never through a symlink: see [`read_pki_file`]).
    pub fn read_key(path: &Path) -> Result<rcgen::KeyPair, Error> {
        let bytes = read_pki_file(path)?;
        pki::parse_private_key(&bytes).map_err(|e| Error::file(path, e))
    }

    pub fn root_cert(&self) -> Result<CertInfo, Error> {
        let path = self.ca_dir(&CaKind::Root).join("cert.pem");
        if !path.is_file() {
            return Err(Error::Missing {
                path,
                what: "the root CA certificate (for an external root, run `tcerts ca import`)"
                    .into(),
            });
        }
        Self::read_cert(&path)
    }

    /// The certificates between a CA and the root, nearest first (`chain.pem` beside the
    /// CA certificate, written for CAs signed by an external root's intermediates).
    fn ca_above(&self, kind: &CaKind) -> Result<Vec<CertInfo>, Error> {
        let path = self.ca_dir(kind).join("chain.pem");
        if path.is_file() {
            Self::read_certs(&path)
        } else {
            Ok(Vec::new())
        }
    }

    /// Loads a CA with its key, ready to sign, checking that the key is the certificate's.
    pub fn issuing_ca(&self, kind: &CaKind) -> Result<IssuingCa, Error> {
        let dir = self.ca_dir(kind);
        let cert_path = dir.join("cert.pem");
        if !cert_path.is_file() {
            let what = match kind {
                CaKind::Namespace(ns) => format!("the CA of namespace '{ns}' (run `tcerts namespace add {ns}`)"),
                CaKind::Intermediate if dir.join("csr.pem").is_file() => {
                    "the signed issuing CA certificate (run `tcerts ca import` with the certificate your enterprise root signed)".into()
                }
                _ => "the CA certificate".into(),
            };
            return Err(Error::Missing {
                path: cert_path,
                what,
            });
        }
        let cert = Self::read_cert(&cert_path)?;
        let key = self.load_ca_key(&dir, &cert)?;
        self.note_signer(&cert, self.key_location(kind, &key));
        let above = self.ca_above(kind)?;
        let root = if *kind == CaKind::Root {
            cert.clone()
        } else {
            self.root_cert()?
        };
        IssuingCa::new(cert, key, above, root).map_err(|e| Error::file(&cert_path, e))
    }

    /// Writes a CA's certificate and key as one set (atomically; refuses to replace unless
    /// `force`, and then archives the old set first).
    pub fn write_ca(
        &self,
        kind: &CaKind,
        cert: &CertInfo,
        key_pem: Option<&[u8]>,
        above: &[CertInfo],
        force: bool,
    ) -> Result<PathBuf, Error> {
        let dir = self.ca_dir(kind);
        if dir.exists() && !force {
            return Err(Error::Exists(dir));
        }
        if dir.exists() {
            self.archive(&dir)?;
        }
        let cert_pem = cert.pem();
        let above_pem: String = above.iter().map(CertInfo::pem).collect();
        let mut files = vec![SetFile {
            name: "cert.pem",
            bytes: cert_pem.as_bytes(),
            mode: PUBLIC_MODE,
        }];
        if let Some(k) = key_pem {
            files.push(SetFile {
                name: "key.pem",
                bytes: k,
                mode: KEY_MODE,
            });
        }
        if !above.is_empty() {
            files.push(SetFile {
                name: "chain.pem",
                bytes: above_pem.as_bytes(),
                mode: PUBLIC_MODE,
            });
        }
        atomic::replace_dir(&dir, &files)?;
        Ok(dir)
    }

    /// Copies a directory (or a file) into `DIR/archive/<time>-<name>` before it is
    /// replaced, so that `--force` never destroys a CA key.
    pub fn archive(&self, dir: &Path) -> Result<PathBuf, Error> {
        let stamp = pki::format_time(pki::now()).replace([':', '-'], "");
        let rel = dir.strip_prefix(&self.dir).unwrap_or(dir);
        let name = rel.to_string_lossy().replace('/', "_");
        let dest = self.archive_dir().join(format!("{stamp}-{name}"));
        atomic::create_dir_all(&self.archive_dir())?;
        if fs::symlink_metadata(dir).is_ok_and(|m| m.is_file()) {
            let bytes = read_pki_file(dir)?;
            atomic::write_file(&dest, &bytes, KEY_MODE)?;
        } else {
            copy_dir(dir, &dest)?;
        }
        Ok(dest)
    }

    /// The namespaces that have a CA directory, sorted.
    pub fn namespace_ca_names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.join("ca/namespaces"))
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

    /// Writes a certificate's files as one set: a crash leaves the old set or the new one.
    pub fn write_cert_set(&self, name: &str, files: &[SetFile<'_>]) -> Result<PathBuf, Error> {
        atomic::create_dir_all(&self.certs_dir())?;
        let dir = self.cert_dir(name);
        // The log line is durable before the certificate is in place (see `audit`).
        self.audit_cert_set(name, files)?;
        self.audit_sync()?;
        atomic::replace_dir(&dir, files)?;
        Ok(dir)
    }
}

/// Writes many certificates' sets, each atomically, with one `syncfs` per batch instead of
/// an fsync per file (what makes `apply` of a thousand certificates fast). A set is swapped
/// in only once its batch is on disk, so a crash still leaves every certificate's old set
/// or its new one; sets staged but not yet swapped in are lost (and cleaned up), not torn.
pub struct CertBatch<'a> {
    store: &'a Store,
    pending: Vec<atomic::Staged>,
}

impl CertBatch<'_> {
    /// Sets staged before they are made durable and swapped in together.
    pub const SIZE: usize = 128;

    /// Stages one certificate's set; returns the directory it will be in.
    pub fn write(&mut self, name: &str, files: &[SetFile<'_>]) -> Result<PathBuf, Error> {
        let dir = self.store.cert_dir(name);
        if self.pending.len() >= Self::SIZE {
            self.flush()?;
        }
        atomic::create_dir_all(&self.store.certs_dir())?;
        self.store.audit_cert_set(name, files)?;
        self.pending.push(atomic::stage_dir(&dir, files, false)?);
        Ok(dir)
    }

    /// Makes the staged sets durable and swaps them in.
    pub fn flush(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let certs = self.store.certs_dir();
        // The batch's log lines are durable before any of its sets is swapped in.
        self.store.audit_sync()?;
        atomic::sync_filesystem(&certs)?;
        for staged in self.pending.drain(..) {
            staged.commit()?;
        }
        atomic::sync_dir(&certs)
    }
}

impl Store {
    /// A batch of certificate sets (see [`CertBatch`]); call `flush` at the end.
    pub fn cert_batch(&self) -> CertBatch<'_> {
        CertBatch {
            store: self,
            pending: Vec::new(),
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(
            path,
            io::Error::new(io::ErrorKind::IsADirectory, "is a directory, not a file"),
        ));
    }
    // Certificates, keys and CSRs are kilobytes; refuse to slurp a huge or endless file.
    const LIMIT: u64 = 16 * 1024 * 1024;
    use std::io::Read;
    let mut buf = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(LIMIT + 1).read_to_end(&mut buf))
        .map_err(|e| Error::io(path, e))?;
    if buf.len() as u64 > LIMIT {
        return Err(Error::io(
            path,
            io::Error::new(
                io::ErrorKind::InvalidData,
                "larger than 16 MiB: not a certificate, key or CSR file",
            ),
        ));
    }
    Ok(buf)
}

/// Reads a file of the PKI's certificate or CA directories without following a symlink
/// (`O_NOFOLLOW`) and only if it is a regular file: a `key.pem` linked to `/etc/shadow`,
/// or a FIFO, is refused rather than read and shipped in an export.
pub fn read_pki_file(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let refuse = |why: &str| {
        Error::io(
            path,
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{why}; tcerts reads only regular files in the PKI's certificate and CA directories (replace it with the real file)"
                ),
            ),
        )
    };
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                refuse("it is a symlink")
            } else {
                Error::io(path, e)
            }
        })?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(refuse("it is not a regular file"));
    }
    const LIMIT: u64 = 16 * 1024 * 1024;
    if meta.len() > LIMIT {
        return Err(refuse("it is larger than 16 MiB"));
    }
    // Sized up front: a growing Vec would leave copies of key bytes in freed memory that
    // Zeroizing never sees (and costs a read call per doubling).
    let mut buf = zeroize::Zeroizing::new(Vec::with_capacity(
        usize::try_from(meta.len()).unwrap_or(0).saturating_add(1),
    ));
    file.take(LIMIT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(path, e))?;
    if buf.len() as u64 > LIMIT {
        return Err(refuse("it is larger than 16 MiB"));
    }
    Ok(buf)
}

/// Whether `path` is a symlink (not followed).
pub fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Reads a user-supplied input file with the same limits as the PKI's own files.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    read_file(path)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), Error> {
    atomic::create_dir_all(to)?;
    for entry in fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        // The entry itself: a symlink is archived as a symlink, never followed (a link to
        // /etc/shadow must not become a copy of it).
        let kind = entry.file_type().map_err(|e| Error::io(&src, e))?;
        if kind.is_symlink() {
            let target = fs::read_link(&src).map_err(|e| Error::io(&src, e))?;
            std::os::unix::fs::symlink(&target, &dst).map_err(|e| Error::io(&dst, e))?;
        } else if kind.is_dir() {
            copy_dir(&src, &dst)?;
        } else if kind.is_file() {
            let bytes = zeroize::Zeroizing::new(fs::read(&src).map_err(|e| Error::io(&src, e))?);
            let mode = fs::symlink_metadata(&src)
                .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o777)
                .unwrap_or(KEY_MODE);
            atomic::write_file(&dst, &bytes, mode)?;
        }
    }
    Ok(())
}
