//! The issuance log, `DIR/audit.jsonl`: one JSON line for every operation that creates or
//! changes trust (a CA or certificate signed, a key created or exported, a revocation, a
//! retirement), chained by hashes so that an edit shows.
//!
//! Each line carries `seq` (its 1-based line number), `prev` (the lowercase hex SHA-256
//! of the previous line's bytes, without its newline; [`GENESIS`] for the first line),
//! the time, the operation, who ran it (user, uid, host, the CI job's ids where the
//! environment names them), what was signed (subject, SANs, serial, issuer, SHA-256
//! fingerprint) and where the keys live (a path relative to DIR or a PKCS#11 URI). Never
//! a key, a PIN or a passphrase.
//!
//! Crash ordering (why a certificate on disk always has its line): the line is appended
//! with `O_APPEND` and made durable *before* the certificate's files are swapped into
//! place. `issue` fsyncs the log, then swaps; `apply` appends a batch's lines, fsyncs
//! the log once, then `syncfs` and swaps the batch in (see `store::CertBatch`). A crash in
//! between leaves a line for a certificate that was signed but never installed, which is
//! harmless and visible: `audit verify` reports it ("signed, not installed") by comparing
//! the log with the certificates on disk, and fails only for the dangerous direction, a
//! certificate on disk that no line records. Writing the line afterwards and reconciling
//! at start-up would need the recovery to invent a line for a certificate whose actor and
//! operation it no longer knows; write-ahead keeps every line first-hand.
//!
//! What the chain proves: a line changed, inserted or removed anywhere but at the end
//! breaks it. Removing lines from the end cannot be seen from the file alone; compare the
//! head (`audit verify` prints its seq and hash) with one recorded elsewhere, e.g. in a CI
//! job's log, with `audit verify --anchor SEQ:HASH`.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::pki::{self, CertInfo};

/// The log's file name inside the PKI directory.
pub const FILE: &str = "audit.jsonl";

/// The `prev` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The format version written in every line (`v`).
pub const VERSION: u32 = 1;

/// What can go wrong reading or writing the log.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: line {line}: {message}", path.display())]
    Damaged {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{}: its last line is not an audit record ({message}); nothing is appended after it: run `tcerts audit verify` and restore the log from a copy", path.display())]
    DamagedTail { path: PathBuf, message: String },
}

fn io_err(path: &Path, source: io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

static OPERATION: OnceLock<String> = OnceLock::new();

/// Names the command this process runs (`issue`, `ca rotate`, …), written as each line's
/// `operation`. Set once, by the dispatcher.
pub fn set_operation(name: &str) {
    let _ = OPERATION.set(name.to_string());
}

fn operation() -> String {
    OPERATION.get().cloned().unwrap_or_else(|| "unknown".into())
}

/// Who ran the operation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub uid: u32,
    pub host: String,
    /// CI job identifiers from the environment (GITHUB_RUN_ID, CI_JOB_ID, BUILD_ID, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ci: BTreeMap<String, String>,
}

/// The environment variables CI systems use to name a run or job (none holds a secret).
const CI_VARS: &[&str] = &[
    // GitHub Actions
    "GITHUB_RUN_ID",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_REPOSITORY",
    "GITHUB_WORKFLOW",
    "GITHUB_ACTOR",
    "GITHUB_SHA",
    // GitLab CI
    "CI_JOB_ID",
    "CI_PIPELINE_ID",
    "CI_PROJECT_PATH",
    "GITLAB_USER_LOGIN",
    // Jenkins
    "BUILD_ID",
    "BUILD_URL",
    "JOB_NAME",
    // Buildkite, CircleCI, Azure Pipelines, AWS CodeBuild
    "BUILDKITE_JOB_ID",
    "BUILDKITE_BUILD_ID",
    "CIRCLE_WORKFLOW_JOB_ID",
    "CIRCLE_BUILD_NUM",
    "BUILD_BUILDID",
    "CODEBUILD_BUILD_ID",
];

impl Actor {
    /// The user running this process: the owner of `/proc/self` is the effective uid, its
    /// name comes from `/etc/passwd` (else USER/LOGNAME).
    pub fn current() -> Actor {
        let uid = fs::metadata("/proc/self")
            .map(|m| m.uid())
            .unwrap_or(u32::MAX);
        let user = passwd_name(uid)
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .map(|s| clean(&s))
            .unwrap_or_else(|| uid.to_string());
        let host = fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .map(|s| clean(s.trim()))
            .unwrap_or_default();
        let ci = CI_VARS
            .iter()
            .filter_map(|v| {
                let value = std::env::var(v).ok()?;
                (!value.is_empty()).then(|| (v.to_string(), clean(&value)))
            })
            .collect();
        Actor {
            user,
            uid,
            host,
            ci,
        }
    }
}

fn passwd_name(uid: u32) -> Option<String> {
    let text = fs::read_to_string("/etc/passwd").ok()?;
    text.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let _ = f.next()?;
        (f.next()?.parse::<u32>().ok()? == uid).then(|| name.to_string())
    })
}

/// At most 256 printable characters: environment values are not trusted to be short.
fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(256).collect()
}

/// What an operation records; the writer adds seq, time, operation, actor and prev.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// What happened: `ca-issued`, `certificate-issued`, `ca-key-created`, `ca-imported`,
    /// `certificate-revoked`, `ca-retired`, `key-exported`, `root-key-exported`.
    pub event: String,
    /// The certificate's name under DIR/certs, or the CA's scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sans: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// SHA-256 fingerprint of the certificate's DER.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Where the subject's private key lives: a path relative to DIR, a PKCS#11 URI, or
    /// `csr` (the requester keeps it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Where the signing key lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_key: Option<String>,
    /// Anything else worth keeping (a revocation reason, an export's output file).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub detail: BTreeMap<String, String>,
}

impl Entry {
    pub fn new(event: &str) -> Entry {
        Entry {
            event: event.to_string(),
            ..Entry::default()
        }
    }

    /// An entry describing `cert`: subject, SANs, serial, issuer and fingerprint.
    pub fn for_cert(event: &str, cert: &CertInfo) -> Entry {
        let mut sans: Vec<String> = cert.dns.iter().map(|d| format!("DNS:{d}")).collect();
        sans.extend(cert.ips.iter().map(|i| format!("IP:{i}")));
        Entry {
            event: event.to_string(),
            subject: Some(cert.subject.clone()),
            sans,
            serial: Some(cert.serial_hex.clone()),
            issuer: Some(cert.issuer.clone()),
            sha256: Some(pki::fingerprint_sha256(&cert.der)),
            ..Entry::default()
        }
    }

    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Entry {
        self.name = Some(name.into());
        self
    }

    #[must_use]
    pub fn key(mut self, key: Option<String>) -> Entry {
        self.key = key;
        self
    }

    #[must_use]
    pub fn issuer_key(mut self, key: Option<String>) -> Entry {
        self.issuer_key = key;
        self
    }

    #[must_use]
    pub fn detail(mut self, k: &str, v: impl Into<String>) -> Entry {
        self.detail.insert(k.to_string(), v.into());
        self
    }
}

/// One line as written: the entry framed by seq, time, operation, actor and prev.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Line {
    pub v: u32,
    pub seq: u64,
    pub time: String,
    pub operation: String,
    pub actor: Actor,
    #[serde(flatten)]
    pub entry: Entry,
    pub prev: String,
}

/// Lowercase hex SHA-256 of a line's bytes (without the newline).
pub fn line_hash(bytes: &[u8]) -> String {
    pki::fingerprint_sha256(bytes)
}

/// Appends to the log, holding an exclusive `flock` on it for as long as it lives, so
/// that commands under the PKI's shared lock (exports) still append one at a time.
pub struct Writer {
    path: PathBuf,
    file: File,
    seq: u64,
    prev: String,
    unsynced: bool,
    actor: Actor,
}

impl Writer {
    /// Opens (creating) `DIR/audit.jsonl` and finds its head. A last line without its
    /// newline is the remains of a write that a power loss cut short; no operation went
    /// on after it (the line is made durable before anything else), so it is dropped.
    pub fn open(dir: &Path) -> Result<Writer, Error> {
        let path = dir.join(FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(0o644)
            .open(&path)
            .map_err(|e| io_err(&path, e))?;
        file.lock().map_err(|e| io_err(&path, e))?;
        let len = file.metadata().map_err(|e| io_err(&path, e))?.len();
        let (seq, prev) = if len == 0 {
            (0, GENESIS.to_string())
        } else {
            let (keep, last) = read_tail(&mut file, len).map_err(|e| io_err(&path, e))?;
            if keep < len {
                file.set_len(keep).map_err(|e| io_err(&path, e))?;
                file.sync_all().map_err(|e| io_err(&path, e))?;
            }
            match last {
                None => (0, GENESIS.to_string()),
                Some(last) => {
                    let line: Line =
                        serde_json::from_slice(&last).map_err(|e| Error::DamagedTail {
                            path: path.clone(),
                            message: e.to_string(),
                        })?;
                    (line.seq, line_hash(&last))
                }
            }
        };
        Ok(Writer {
            path,
            file,
            seq,
            prev,
            unsynced: false,
            actor: Actor::current(),
        })
    }

    /// Appends one line (not yet durable: call [`Writer::sync`]).
    pub fn append(&mut self, entry: Entry) -> Result<(), Error> {
        let line = Line {
            v: VERSION,
            seq: self.seq + 1,
            // The wall clock, not TCERTS_NOW: the log says when things happened.
            time: pki::format_time(time::OffsetDateTime::now_utc()),
            operation: operation(),
            actor: self.actor.clone(),
            entry,
            prev: self.prev.clone(),
        };
        let mut bytes = serde_json::to_vec(&line).map_err(|e| Error::Damaged {
            path: self.path.clone(),
            line: line.seq,
            message: e.to_string(),
        })?;
        let hash = line_hash(&bytes);
        bytes.push(b'\n');
        // One write(2) with O_APPEND: a signal cannot tear it.
        self.file
            .write_all(&bytes)
            .map_err(|e| io_err(&self.path, e))?;
        self.seq = line.seq;
        self.prev = hash;
        self.unsynced = true;
        Ok(())
    }

    /// Makes the appended lines durable.
    pub fn sync(&mut self) -> Result<(), Error> {
        if self.unsynced {
            self.file.sync_data().map_err(|e| io_err(&self.path, e))?;
            self.unsynced = false;
        }
        Ok(())
    }
}

/// The length of the file up to its last complete line, and that line. Reads from the
/// end in growing windows, so that opening the log costs the same at 100 lines as at
/// 100,000 (issue #11).
fn read_tail(file: &mut File, len: u64) -> io::Result<(u64, Option<Vec<u8>>)> {
    // Lines are a few hundred bytes; 1 MiB is ample room for the last one.
    const MAX: u64 = 1024 * 1024;
    let mut window = len.min(8 * 1024);
    loop {
        file.seek(SeekFrom::Start(len - window))?;
        let mut buf = Vec::with_capacity(window as usize);
        Read::by_ref(file).take(window).read_to_end(&mut buf)?;
        let whole = window == len;
        let Some(end) = buf.iter().rposition(|b| *b == b'\n') else {
            if whole {
                return Ok((0, None));
            }
            if window < MAX.min(len) {
                window = (window * 8).min(MAX).min(len);
                continue;
            }
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the last line is longer than 1 MiB",
            ));
        };
        let keep = len - window + end as u64 + 1;
        match buf[..end].iter().rposition(|b| *b == b'\n') {
            Some(i) => return Ok((keep, Some(buf[i + 1..end].to_vec()))),
            None if whole => return Ok((keep, Some(buf[..end].to_vec()))),
            None if window < MAX.min(len) => window = (window * 8).min(MAX).min(len),
            None => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the last line is longer than 1 MiB",
                ));
            }
        }
    }
}

/// The first place the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    /// 1-based line number in the file.
    pub line: u64,
    pub message: String,
}

/// The outcome of checking the chain.
#[derive(Debug, Default, Serialize)]
pub struct Chain {
    pub lines: Vec<Line>,
    pub broken: Option<Break>,
    /// The hash of the last line: what `--anchor` compares with.
    pub head: Option<String>,
    /// Bytes after the last newline (a write cut short by a power loss).
    pub torn_tail: bool,
    /// Every line's hash, in order (for anchors).
    #[serde(skip)]
    pub hashes: Vec<String>,
}

/// Checks the chain of `bytes` (a whole log), stopping at the first break.
pub fn check_chain(bytes: &[u8]) -> Chain {
    let mut chain = Chain::default();
    let mut expected_prev = GENESIS.to_string();
    let mut rest = bytes;
    let mut n: u64 = 0;
    while !rest.is_empty() {
        let Some(end) = rest.iter().position(|b| *b == b'\n') else {
            chain.torn_tail = true;
            break;
        };
        let raw = &rest[..end];
        rest = &rest[end + 1..];
        n += 1;
        let fail = |message: String| Break { line: n, message };
        let line: Line = match serde_json::from_slice(raw) {
            Ok(l) => l,
            Err(e) => {
                chain.broken = Some(fail(format!(
                    "not an audit record ({e}): the line was changed or damaged"
                )));
                break;
            }
        };
        if line.seq != n {
            chain.broken = Some(fail(if line.seq > n {
                format!(
                    "seq is {} where {n} was expected: {} line(s) before it were removed",
                    line.seq,
                    line.seq - n
                )
            } else {
                format!(
                    "seq is {} where {n} was expected: lines were inserted or repeated",
                    line.seq
                )
            }));
            break;
        }
        if line.prev != expected_prev {
            chain.broken = Some(fail(if n == 1 {
                "the first line's prev is not the genesis value: lines before it were removed"
                    .into()
            } else {
                format!(
                    "prev does not match the SHA-256 of line {}: line {} was changed",
                    n - 1,
                    n - 1
                )
            }));
            break;
        }
        expected_prev = line_hash(raw);
        chain.hashes.push(expected_prev.clone());
        chain.lines.push(line);
    }
    if chain.broken.is_none() {
        chain.head = chain.hashes.last().cloned();
    }
    chain
}

/// Parses every complete line without checking the chain (for `audit list`).
pub fn parse_lines(path: &Path, bytes: &[u8]) -> Result<Vec<Line>, Error> {
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        if raw.is_empty() {
            continue;
        }
        let line = serde_json::from_slice(raw).map_err(|e| Error::Damaged {
            path: path.to_path_buf(),
            line: i as u64 + 1,
            message: format!("not an audit record ({e}); run `tcerts audit verify`"),
        })?;
        out.push(line);
    }
    Ok(out)
}

/// Reads the whole log.
pub fn read(dir: &Path) -> Result<Vec<u8>, Error> {
    let path = dir.join(FILE);
    fs::read(&path).map_err(|e| io_err(&path, e))
}

/// A certificate found on disk, compared with the log.
#[derive(Debug, Clone, Serialize)]
pub struct OnDisk {
    pub path: PathBuf,
    pub serial: String,
    pub subject: String,
}

/// How the log and the certificates on disk agree.
#[derive(Debug, Default, Serialize)]
pub struct Reconciled {
    /// Certificates on disk that no line records (a failure).
    pub unrecorded: Vec<OnDisk>,
    /// Lines for certificates that were signed but are not the one installed under their
    /// name, with no later line installing one (an interrupted operation).
    pub not_installed: Vec<(u64, String, String)>,
}

/// Compares the certificates on disk with the log's lines. `certs` are (name under
/// DIR/certs or None for a CA, certificate).
pub fn reconcile(lines: &[Line], on_disk: &[(Option<String>, OnDisk)]) -> Reconciled {
    let mut serials: HashMap<&str, u64> = HashMap::new();
    let mut last_by_name: HashMap<&str, (u64, &str)> = HashMap::new();
    for l in lines {
        if let Some(s) = &l.entry.serial {
            serials.entry(s.as_str()).or_insert(l.seq);
            if l.entry.event == "certificate-issued"
                && let Some(n) = &l.entry.name
            {
                last_by_name.insert(n.as_str(), (l.seq, s.as_str()));
            }
        }
    }
    let mut out = Reconciled::default();
    let mut installed: HashMap<&str, &str> = HashMap::new();
    for (name, c) in on_disk {
        if !serials.contains_key(c.serial.as_str()) {
            out.unrecorded.push(c.clone());
        }
        if let Some(n) = name {
            installed.insert(n.as_str(), c.serial.as_str());
        }
    }
    for (name, (seq, serial)) in &last_by_name {
        if installed.get(name) != Some(serial) {
            out.not_installed
                .push((*seq, name.to_string(), serial.to_string()));
        }
    }
    out.not_installed.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(n: usize) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        for i in 0..n {
            w.append(Entry::new("certificate-issued").name(format!("c{i}")))
                .unwrap();
        }
        w.sync().unwrap();
        drop(w);
        read(dir.path()).unwrap()
    }

    fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
        bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec)
            .collect()
    }

    fn join(lines: &[Vec<u8>]) -> Vec<u8> {
        lines
            .iter()
            .flat_map(|l| [l.as_slice(), b"\n"].concat())
            .collect()
    }

    #[test]
    fn an_untouched_log_verifies() {
        let c = check_chain(&log(5));
        assert_eq!(c.broken, None);
        assert_eq!(c.lines.len(), 5);
        assert_eq!(c.lines[0].prev, GENESIS);
        assert!(c.head.is_some());
    }

    #[test]
    fn a_changed_byte_names_the_line() {
        let mut l = lines(&log(5));
        let needle = b"\"name\":\"c";
        let pos = l[2]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
            + needle.len()
            - 1;
        l[2][pos] = b'x';
        let c = check_chain(&join(&l));
        assert_eq!(
            c.broken.unwrap().line,
            4,
            "line 4's prev no longer matches line 3"
        );
    }

    #[test]
    fn a_removed_line_names_the_line() {
        let mut l = lines(&log(5));
        l.remove(1);
        let b = check_chain(&join(&l)).broken.unwrap();
        assert_eq!(b.line, 2);
        assert!(b.message.contains("removed"), "{}", b.message);
        let mut l = lines(&log(3));
        l.remove(0);
        assert_eq!(check_chain(&join(&l)).broken.unwrap().line, 1);
    }

    #[test]
    fn a_writer_continues_the_chain_and_drops_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path()).unwrap();
        w.append(Entry::new("ca-issued")).unwrap();
        drop(w);
        let path = dir.path().join(FILE);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"{\"v\":1,\"seq\":2");
        fs::write(&path, &bytes).unwrap();
        assert!(check_chain(&bytes).torn_tail);
        let mut w = Writer::open(dir.path()).unwrap();
        w.append(Entry::new("certificate-issued")).unwrap();
        drop(w);
        let c = check_chain(&read(dir.path()).unwrap());
        assert_eq!(c.broken, None);
        assert!(!c.torn_tail);
        assert_eq!(c.lines.len(), 2);
    }

    #[test]
    fn reconcile_finds_unrecorded_and_uninstalled() {
        let c = check_chain(&log(0));
        assert!(c.lines.is_empty());
        let line = |seq: u64, name: &str, serial: &str| Line {
            v: 1,
            seq,
            time: String::new(),
            operation: "apply".into(),
            actor: Actor::current(),
            entry: Entry {
                serial: Some(serial.into()),
                ..Entry::new("certificate-issued").name(name)
            },
            prev: String::new(),
        };
        let lines = vec![line(1, "a", "01"), line(2, "a", "02"), line(3, "b", "03")];
        let disk = |name: &str, serial: &str| {
            (
                Some(name.to_string()),
                OnDisk {
                    path: PathBuf::from(name),
                    serial: serial.into(),
                    subject: String::new(),
                },
            )
        };
        let r = reconcile(&lines, &[disk("a", "01"), disk("b", "03"), disk("c", "09")]);
        assert_eq!(r.unrecorded.len(), 1);
        assert_eq!(r.unrecorded[0].serial, "09");
        assert_eq!(r.not_installed, vec![(2, "a".into(), "02".into())]);
    }
}
