//! Where the inventory is kept: `DIR/inventory.db`, an SQLite database with one row per
//! CA and certificate.
//!
//! Why SQLite (issue #11): a single-certificate command (`issue`, `revoke`, `namespace
//! add`) must cost the same in a PKI of 100 certificates as in one of 10,000. A JSON
//! document has to be rewritten whole for every change (8 MB at 10,000 certificates); an
//! append-only journal needs a compaction that some run pays for in full, and readers must
//! replay it. SQLite changes one row in a transaction whose rollback journal makes a
//! killed process leave the old row or the new one, never half of either, and its index
//! finds a certificate's row without reading the others. It is built from source
//! (`rusqlite`'s `bundled` feature), so no system library is needed.
//!
//! The inventory stays a cache of the files (plus the replaced certificates, which the
//! files no longer show): a database that cannot be opened or has another schema is
//! rebuilt from them. It is opened without following symlinks; a link planted at its
//! path or at its journal's is removed, never written through.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use time::OffsetDateTime;

use super::{Entry, FileStamp, Kind, Status};
use crate::store::Error;

pub const FILE: &str = "inventory.db";
/// Raised when the rows' meaning changes; another value means: rebuild.
const SCHEMA_VERSION: i64 = 4;

/// The list order of an entry: current CAs (root, issuing, namespaces), current
/// certificates, rotated-out CAs, replaced certificates.
pub(super) fn group(e: &Entry) -> i64 {
    match (e.kind, e.status, e.role.as_deref()) {
        (Kind::Ca, Status::Superseded, _) => 4,
        (Kind::Ca, _, Some("root-ca")) => 0,
        (Kind::Ca, _, Some("issuing-ca")) => 1,
        (Kind::Ca, _, _) => 2,
        (Kind::Certificate, Status::Superseded, _) => 5,
        (Kind::Certificate, _, _) if e.file.is_none() => 5,
        (Kind::Certificate, _, _) => 3,
    }
}

pub(super) struct Db {
    conn: Connection,
    path: PathBuf,
}

fn err(path: &Path, e: &rusqlite::Error) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

fn kind_str(k: Kind) -> &'static str {
    match k {
        Kind::Ca => "ca",
        Kind::Certificate => "certificate",
    }
}

impl Db {
    pub(super) fn path(dir: &Path) -> PathBuf {
        dir.join(FILE)
    }

    /// Opens the inventory to read; None when it is missing, is not a database of this
    /// schema, or is a symlink.
    pub(super) fn open_read(dir: &Path) -> Option<Db> {
        let path = Self::path(dir);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NOFOLLOW
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).ok()?;
        // Mapped rather than read page by page (10,000 rows: 2,000 pread calls).
        let _ = conn.pragma_update(None, "mmap_size", 1i64 << 30);
        let db = Db { conn, path };
        (db.version() == Some(SCHEMA_VERSION)).then_some(db)
    }

    /// Opens (or creates) the inventory to write, under the exclusive lock. A file that is
    /// not a database of this schema is replaced by an empty one.
    pub(super) fn open_write(dir: &Path) -> Result<Db, Error> {
        let path = Self::path(dir);
        // Never written through: a link or other non-file at either path goes.
        for p in [path.clone(), dir.join(format!("{FILE}-journal"))] {
            if let Ok(m) = std::fs::symlink_metadata(&p)
                && !m.is_file()
            {
                std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
            }
        }
        match Self::open_rw(&path) {
            Ok(db) if db.version() == Some(SCHEMA_VERSION) => Ok(db),
            Ok(db) if db.version().is_none() && db.is_empty() => {
                db.create_schema()?;
                Ok(db)
            }
            _ => {
                // Another schema, or not a database: the files rebuild it.
                for p in [path.clone(), dir.join(format!("{FILE}-journal"))] {
                    match std::fs::remove_file(&p) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(Error::io(&p, e)),
                    }
                }
                let db = Self::open_rw(&path).map_err(|e| err(&path, &e))?;
                db.create_schema()?;
                Ok(db)
            }
        }
    }

    fn open_rw(path: &Path) -> Result<Db, rusqlite::Error> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NOFOLLOW
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // A cache of the files: a power loss may undo the last change (the next run
        // rebuilds what the files show); a killed process cannot half-write it.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(Db {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn version(&self) -> Option<i64> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get::<_, String>(0)
            })
            .ok()
            .and_then(|v| v.parse().ok())
    }

    fn is_empty(&self) -> bool {
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok_and(|n| n == 0)
    }

    fn create_schema(&self) -> Result<(), Error> {
        self.conn
            .execute_batch(&format!(
                "BEGIN;
                 CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 -- grp: the list order (see inventory::db::group); one column per Entry field.
                 CREATE TABLE entry (
                     id INTEGER PRIMARY KEY,
                     grp INTEGER NOT NULL,
                     name TEXT NOT NULL,
                     kind TEXT NOT NULL,
                     role TEXT,
                     namespace TEXT,
                     subject TEXT NOT NULL,
                     issuer TEXT NOT NULL,
                     serial TEXT NOT NULL,
                     not_before INTEGER NOT NULL,
                     not_after INTEGER NOT NULL,
                     renew_at INTEGER NOT NULL,
                     status TEXT NOT NULL,
                     sha1 TEXT NOT NULL,
                     sha256 TEXT NOT NULL,
                     path TEXT NOT NULL,
                     key TEXT,
                     -- the file's stamp (see inventory::FileStamp); NULL: no file of its own
                     f_len INTEGER,
                     f_ino INTEGER,
                     f_mtime_ns INTEGER,
                     f_ctime_ns INTEGER,
                     f_sha256 TEXT,
                     f_taken_ns INTEGER,
                     -- what plan compares (inventory::facts), JSON; NULL but for certificates
                     facts TEXT
                 );
                 CREATE INDEX entry_order ON entry (grp, name, id);
                 -- grp too: the current entry of a path is found without reading the rows of
                 -- the certificates it replaced (one per re-issue until they expire).
                 CREATE INDEX entry_path ON entry (kind, path, grp);
                 CREATE INDEX entry_expiry ON entry (grp, not_after);
                 CREATE TABLE problem (text TEXT NOT NULL);
                 INSERT INTO meta VALUES ('schema', '{SCHEMA_VERSION}'), ('updated', '');
                 COMMIT;"
            ))
            .map_err(|e| err(&self.path, &e))
    }

    /// When it was last written (RFC 3339), and the problems recorded then.
    pub(super) fn header(&self) -> Result<(String, Vec<String>), Error> {
        let updated = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'updated'", [], |r| {
                r.get::<_, String>(0)
            })
            .map_err(|e| err(&self.path, &e))?;
        let mut st = self
            .conn
            .prepare("SELECT text FROM problem ORDER BY rowid")
            .map_err(|e| err(&self.path, &e))?;
        let problems = st
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(Iterator::collect)
            .map_err(|e| err(&self.path, &e))?;
        Ok((updated, problems))
    }

    /// Every entry, in list order. The rows are decoded on two threads, each with its own
    /// connection, over halves of the table (10,000 rows take tens of milliseconds).
    /// `with_facts`: read each certificate's recorded facts too (only a rebuild needs them;
    /// at 10,000 certificates they are a third of what `list` would read).
    pub(super) fn entries(&self, with_facts: bool) -> Result<Vec<Entry>, Error> {
        let (lo, hi): (i64, i64) = self
            .conn
            .query_row(
                "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM entry",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| err(&self.path, &e))?;
        let mid = lo + (hi - lo) / 2;
        let dir = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let (first, second) = std::thread::scope(|s| {
            let other =
                s.spawn(|| Db::open_read(&dir).map(|db| db.rows_between(mid + 1, hi, with_facts)));
            let mine = self.rows_between(lo, mid, with_facts);
            let theirs = match other.join() {
                Ok(Some(rows)) => rows,
                // The second connection could not be opened: this one reads that half too.
                _ => self.rows_between(mid + 1, hi, with_facts),
            };
            (mine, theirs)
        });
        let mut rows = first?;
        rows.append(&mut second?);
        rows.sort_unstable_by(|a, b| (a.0, &a.2.name, a.1).cmp(&(b.0, &b.2.name, b.1)));
        Ok(rows.into_iter().map(|(_, _, e)| e).collect())
    }

    /// The rows whose id is in `lo..=hi`, with their list group and id.
    fn rows_between(
        &self,
        lo: i64,
        hi: i64,
        with_facts: bool,
    ) -> Result<Vec<(i64, i64, Entry)>, Error> {
        let columns = if with_facts {
            COLUMNS
        } else {
            COLUMNS_NO_FACTS
        };
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT grp, id, {columns} FROM entry WHERE id BETWEEN ?1 AND ?2"
            ))
            .map_err(|e| err(&self.path, &e))?;
        let rows = st
            .query_map([lo, hi], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    row_entry_at(r, 2)?,
                ))
            })
            .map_err(|e| err(&self.path, &e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| err(&self.path, &e))
    }

    /// The recorded facts of each current certificate, by name.
    pub(super) fn facts(&self) -> Result<std::collections::HashMap<String, String>, Error> {
        let mut st = self
            .conn
            .prepare("SELECT name, facts FROM entry WHERE grp = 3 AND facts IS NOT NULL")
            .map_err(|e| err(&self.path, &e))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| err(&self.path, &e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| err(&self.path, &e))
    }

    /// Replaces every row (a whole-PKI rebuild).
    pub(super) fn replace_all(
        &mut self,
        entries: &[Entry],
        problems: &[String],
        updated: &str,
    ) -> Result<(), Error> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| err(&path, &e))?;
        tx.execute_batch("DELETE FROM entry; DELETE FROM problem;")
            .map_err(|e| err(&path, &e))?;
        {
            let mut ins = tx.prepare(INSERT).map_err(|e| err(&path, &e))?;
            for e in entries {
                insert(&mut ins, e).map_err(|x| err(&path, &x))?;
            }
            let mut p = tx
                .prepare("INSERT INTO problem (text) VALUES (?1)")
                .map_err(|e| err(&path, &e))?;
            for text in problems {
                p.execute([text]).map_err(|e| err(&path, &e))?;
            }
        }
        set_updated(&tx, updated).map_err(|e| err(&path, &e))?;
        tx.commit().map_err(|e| err(&path, &e))
    }

    /// Puts `current` in place of the entry recorded for its file (if any); the entry it
    /// replaces is kept as `replaced` when given (a certificate that has not expired yet).
    /// Replaced certificates that have expired by `now` are pruned.
    pub(super) fn upsert(
        &mut self,
        current: &Entry,
        replaced: impl FnOnce(Entry) -> Option<Entry>,
        now: i64,
        updated: &str,
    ) -> Result<(), Error> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| err(&path, &e))?;
        let old: Option<(i64, Entry)> = tx
            .query_row(
                &format!(
                    "SELECT id, {COLUMNS} FROM entry WHERE kind = ?1 AND path = ?2 AND grp < 4"
                ),
                params![kind_str(current.kind), current.path.to_string_lossy()],
                |r| Ok((r.get(0)?, row_entry_at(r, 1)?)),
            )
            .optional()
            .map_err(|e| err(&path, &e))?;
        {
            let mut ins = tx.prepare(INSERT).map_err(|e| err(&path, &e))?;
            if let Some((id, prev)) = old {
                tx.execute("DELETE FROM entry WHERE id = ?1", [id])
                    .map_err(|e| err(&path, &e))?;
                if let Some(kept) = replaced(prev) {
                    insert(&mut ins, &kept).map_err(|e| err(&path, &e))?;
                }
            }
            insert(&mut ins, current).map_err(|e| err(&path, &e))?;
        }
        tx.execute("DELETE FROM entry WHERE grp = 5 AND not_after <= ?1", [now])
            .map_err(|e| err(&path, &e))?;
        set_updated(&tx, updated).map_err(|e| err(&path, &e))?;
        tx.commit().map_err(|e| err(&path, &e))
    }
}

/// The columns of an entry, in the order [`row_entry`] reads them.
/// `facts` last, so that a reader that does not need it (`list`) can leave it out.
const COLUMNS: &str = "name, kind, role, namespace, subject, issuer, serial, not_before, \
     not_after, renew_at, status, sha1, sha256, path, key, f_len, f_ino, f_mtime_ns, \
     f_ctime_ns, f_sha256, f_taken_ns, facts";
/// [`COLUMNS`] without `facts`.
const COLUMNS_NO_FACTS: &str = "name, kind, role, namespace, subject, issuer, serial, \
     not_before, not_after, renew_at, status, sha1, sha256, path, key, f_len, f_ino, \
     f_mtime_ns, f_ctime_ns, f_sha256, f_taken_ns";

const INSERT: &str = "INSERT INTO entry (grp, name, kind, role, namespace, subject, issuer, \
     serial, not_before, not_after, renew_at, status, sha1, sha256, path, key, f_len, f_ino, \
     f_mtime_ns, f_ctime_ns, f_sha256, f_taken_ns, facts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \
     ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)";

fn status_str(s: Status) -> &'static str {
    s.as_str()
}

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnName(format!("unexpected {what}"))
}

fn time_at(unix: i64) -> Result<OffsetDateTime, rusqlite::Error> {
    OffsetDateTime::from_unix_timestamp(unix).map_err(|_| bad("time"))
}

/// Nanoseconds stored as 64 bits (enough until 2262).
fn ns64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn row_entry_at(r: &rusqlite::Row<'_>, at: usize) -> Result<Entry, rusqlite::Error> {
    let kind = match r.get_ref(at + 1)?.as_str()? {
        "ca" => Kind::Ca,
        "certificate" => Kind::Certificate,
        _ => return Err(bad("kind")),
    };
    let status = match r.get_ref(at + 10)?.as_str()? {
        "valid" => Status::Valid,
        "due" => Status::Due,
        "expired" => Status::Expired,
        "revoked" => Status::Revoked,
        "superseded" => Status::Superseded,
        _ => return Err(bad("status")),
    };
    let file = match r.get::<_, Option<i64>>(at + 15)? {
        None => None,
        Some(len) => Some(FileStamp {
            len: u64::try_from(len).map_err(|_| bad("length"))?,
            ino: u64::try_from(r.get::<_, i64>(at + 16)?).map_err(|_| bad("inode"))?,
            mtime_ns: i128::from(r.get::<_, i64>(at + 17)?),
            ctime_ns: i128::from(r.get::<_, i64>(at + 18)?),
            sha256: r.get(at + 19)?,
            taken_ns: i128::from(r.get::<_, i64>(at + 20)?),
        }),
    };
    Ok(Entry {
        name: r.get(at)?,
        kind,
        role: r.get(at + 2)?,
        namespace: r.get(at + 3)?,
        subject: r.get(at + 4)?,
        issuer: r.get(at + 5)?,
        serial: r.get(at + 6)?,
        not_before: time_at(r.get(at + 7)?)?,
        not_after: time_at(r.get(at + 8)?)?,
        renew_at: time_at(r.get(at + 9)?)?,
        status,
        sha1: r.get(at + 11)?,
        sha256: r.get(at + 12)?,
        path: PathBuf::from(r.get::<_, String>(at + 13)?),
        key: r.get(at + 14)?,
        file,
        facts: if r.as_ref().column_count() > at + 21 {
            r.get(at + 21)?
        } else {
            None
        },
    })
}

fn insert(ins: &mut rusqlite::Statement<'_>, e: &Entry) -> Result<usize, rusqlite::Error> {
    let f = e.file.as_ref();
    ins.execute(params![
        group(e),
        e.name,
        kind_str(e.kind),
        e.role,
        e.namespace,
        e.subject,
        e.issuer,
        e.serial,
        e.not_before.unix_timestamp(),
        e.not_after.unix_timestamp(),
        e.renew_at.unix_timestamp(),
        status_str(e.status),
        e.sha1,
        e.sha256,
        e.path.to_string_lossy(),
        e.key,
        f.map(|f| i64::try_from(f.len).unwrap_or(i64::MAX)),
        f.map(|f| i64::try_from(f.ino).unwrap_or(i64::MAX)),
        f.map(|f| ns64(f.mtime_ns)),
        f.map(|f| ns64(f.ctime_ns)),
        f.map(|f| f.sha256.as_str()),
        f.map(|f| ns64(f.taken_ns)),
        e.facts,
    ])
}

fn set_updated(tx: &rusqlite::Transaction<'_>, updated: &str) -> Result<usize, rusqlite::Error> {
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'updated'",
        [updated],
    )
}
