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

use super::{Entry, FileStamp, Kind, Status, packed};
use crate::store::Error;

pub const FILE: &str = "inventory.db";
/// Each entry's columns `name` to `f_taken_ns` as one value (inventory::packed), in a
/// table of its own: what `list` and `plan` read back in bulk, about a sixth of the bytes
/// of the entry rows (whose recorded facts alone are 1 KB each), so that reading 10,000
/// touches a sixth of the pages. Kept with its entry: same id, deleted with it.
const LISTING: &str = "CREATE TABLE listing (
         id INTEGER PRIMARY KEY,
         grp INTEGER NOT NULL,
         packed BLOB NOT NULL
     );
     CREATE TRIGGER entry_gone AFTER DELETE ON entry BEGIN
         DELETE FROM listing WHERE id = old.id;
     END;";

/// Raised when the rows' meaning changes; another value means: rebuild, but for the
/// versions [`Db::migrate`] brings forward (keeping the replaced certificates, which only
/// the inventory remembers).
const SCHEMA_VERSION: i64 = 5;

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
            Ok(db) if db.version() == Some(4) && db.migrate().is_ok() => Ok(db),
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
                     -- what plan compares (inventory::facts), postcard; NULL but for
                     -- certificates
                     facts BLOB
                 );
                 {LISTING}
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

    /// Brings a schema 4 inventory to this schema in one transaction: the listing table
    /// added and filled from the entries, the recorded facts turned from JSON to postcard.
    fn migrate(&self) -> Result<(), rusqlite::Error> {
        // Under the exclusive lock, on a connection nothing else uses.
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(LISTING)?;
        let rows: Vec<(i64, Entry)> = {
            let mut st = tx.prepare(&format!("SELECT id, {COLUMNS_NO_FACTS} FROM entry"))?;
            st.query_map([], |r| Ok((r.get(0)?, row_entry_at(r, 1)?)))?
                .collect::<Result<_, _>>()?
        };
        {
            let mut add = tx.prepare(INSERT_LISTING)?;
            for (id, e) in &rows {
                add.execute(params![id, group(e), packed::encode(e)])?;
            }
        }
        let facts: Vec<(i64, Option<String>)> = {
            let mut st = tx.prepare("SELECT id, facts FROM entry WHERE facts IS NOT NULL")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1).ok())))?
                .collect::<Result<_, _>>()?
        };
        {
            let mut up = tx.prepare("UPDATE entry SET facts = ?1 WHERE id = ?2")?;
            for (id, json) in facts {
                // Facts that do not read back are read from the files again by plan.
                let encoded = json
                    .and_then(|j| serde_json::from_str::<super::facts::SetFacts>(&j).ok())
                    .and_then(|f| f.encode());
                up.execute(params![encoded, id])?;
            }
        }
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'schema'",
            [SCHEMA_VERSION.to_string()],
        )?;
        tx.commit()
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

    /// Every entry, in list order, each checked by `keep` as soon as it is decoded; None as
    /// soon as one is not kept. The rows are decoded (and checked) on every core, each
    /// thread with its own connection, over parts of the id range taken in turn.
    /// `with_facts`: read each certificate's recorded facts too (only a rebuild needs
    /// them; at 10,000 certificates they are a third of what `list` would read).
    pub(super) fn entries(
        &self,
        with_facts: bool,
        keep: &(dyn Fn(&Entry) -> bool + Sync),
    ) -> Result<Option<Vec<Entry>>, Error> {
        // Two queries: SQLite answers a lone min() or max() from the primary key, but a
        // query with both reads every row.
        let bound = |q: &str| -> Result<i64, Error> {
            self.conn
                .query_row(q, [], |r| r.get(0))
                .map_err(|e| err(&self.path, &e))
        };
        let lo = bound("SELECT coalesce(min(id), 0) FROM listing")?;
        let hi = bound("SELECT coalesce(max(id), 0) FROM listing")?;
        // Room for every row up front (ids can have gaps, so this may be more than
        // needed; untouched capacity costs nothing), bounded against a damaged file.
        let room = usize::try_from(i128::from(hi) - i128::from(lo) + 1)
            .unwrap_or(0)
            .min(1 << 20);
        // The id range in parts that the workers take in turn, so that one slowed down
        // (or whose connection could not be opened) does not hold the others up. A small
        // inventory is read on this thread alone: a thread and a connection cost more.
        let workers = if room < 500 {
            1
        } else {
            std::thread::available_parallelism()
                .map_or(1, usize::from)
                .clamp(1, 4)
        };
        let parts = id_ranges(lo, hi, if workers == 1 { 1 } else { workers * 4 });
        let next = std::sync::atomic::AtomicUsize::new(0);
        let stop = std::sync::atomic::AtomicBool::new(false);
        let work = |db: &Db, room: usize| -> Result<Option<Rows>, Error> {
            let mut rows = Rows {
                keys: Vec::with_capacity(room),
                entries: Vec::with_capacity(room),
            };
            loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(from, to)) = parts.get(k) else {
                    return Ok(Some(rows));
                };
                if !db.rows_between(from, to, with_facts, keep, &stop, &mut rows)? {
                    return Ok(None);
                }
            }
        };
        let dir = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let read: Vec<Result<Option<Rows>, Error>> = std::thread::scope(|s| {
            let others: Vec<_> = (1..workers)
                .map(|_| s.spawn(|| Db::open_read(&dir).map(|db| work(&db, room / workers))))
                .collect();
            // This thread's rows have room for all: the others' are added to them.
            let mut read = vec![work(self, room)];
            // A worker without a connection took no part: the others read them all. One
            // that panicked may have taken parts it did not finish: the inventory is then
            // not used (as if stale), so the files are read again.
            read.extend(others.into_iter().filter_map(|t| match t.join() {
                Ok(read) => read,
                Err(_) => Some(Ok(None)),
            }));
            read
        });
        let mut rows: Option<Rows> = None;
        for part in read {
            let Some(mut part) = part? else {
                return Ok(None);
            };
            match &mut rows {
                None => rows = Some(part),
                Some(rows) => {
                    rows.keys.append(&mut part.keys);
                    rows.entries.append(&mut part.entries);
                }
            }
        }
        let Some(mut rows) = rows else {
            return Ok(Some(Vec::new()));
        };
        // The small keys are sorted and the entries moved once, into place. A stable sort:
        // it finds the runs the id order already has (entries are mostly added in name
        // order), one a thread, instead of sorting them again.
        let mut order: Vec<usize> = (0..rows.entries.len()).collect();
        order.sort_by(|&a, &b| {
            let (ka, kb) = (rows.keys[a], rows.keys[b]);
            (ka.0, &rows.entries[a].name, ka.1).cmp(&(kb.0, &rows.entries[b].name, kb.1))
        });
        permute(&mut rows.entries, &order);
        Ok(Some(rows.entries))
    }

    /// Adds the rows whose id is in `lo..=hi` to `rows`; false when `keep` refused one,
    /// here or, as `stop` says, on another thread.
    fn rows_between(
        &self,
        lo: i64,
        hi: i64,
        with_facts: bool,
        keep: &(dyn Fn(&Entry) -> bool + Sync),
        stop: &std::sync::atomic::AtomicBool,
        rows: &mut Rows,
    ) -> Result<bool, Error> {
        use std::sync::atomic::Ordering::Relaxed;
        let query = if with_facts {
            "SELECT l.grp, l.id, l.packed, e.facts FROM listing l JOIN entry e ON e.id = l.id \
             WHERE l.id BETWEEN ?1 AND ?2"
        } else {
            "SELECT grp, id, packed FROM listing WHERE id BETWEEN ?1 AND ?2"
        };
        let fail = |e: rusqlite::Error| err(&self.path, &e);
        let mut st = self.conn.prepare_cached(query).map_err(fail)?;
        let mut found = st.query([lo, hi]).map_err(fail)?;
        while let Some(r) = found.next().map_err(fail)? {
            let mut entry = r
                .get_ref(2)
                .ok()
                .and_then(|v| v.as_blob().ok())
                .and_then(packed::decode)
                .ok_or_else(|| fail(bad("packed entry")))?;
            if with_facts {
                entry.facts = r.get(3).map_err(fail)?;
            }
            if stop.load(Relaxed) || !keep(&entry) {
                stop.store(true, Relaxed);
                return Ok(false);
            }
            rows.keys
                .push((r.get(0).map_err(fail)?, r.get(1).map_err(fail)?));
            rows.entries.push(entry);
        }
        Ok(true)
    }

    /// The recorded facts of each current certificate, by name.
    pub(super) fn facts(&self) -> Result<std::collections::HashMap<String, Vec<u8>>, Error> {
        let mut st = self
            .conn
            .prepare("SELECT name, facts FROM entry WHERE grp = 3 AND facts IS NOT NULL")
            .map_err(|e| err(&self.path, &e))?;
        let rows = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
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
        tx.execute_batch("DELETE FROM listing; DELETE FROM entry; DELETE FROM problem;")
            .map_err(|e| err(&path, &e))?;
        {
            let mut ins = tx.prepare(INSERT).map_err(|e| err(&path, &e))?;
            let mut listing = tx.prepare(INSERT_LISTING).map_err(|e| err(&path, &e))?;
            for e in entries {
                insert(&tx, &mut ins, &mut listing, e).map_err(|x| err(&path, &x))?;
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
            let mut listing = tx.prepare(INSERT_LISTING).map_err(|e| err(&path, &e))?;
            if let Some((id, prev)) = old {
                tx.execute("DELETE FROM entry WHERE id = ?1", [id])
                    .map_err(|e| err(&path, &e))?;
                if let Some(kept) = replaced(prev) {
                    insert(&tx, &mut ins, &mut listing, &kept).map_err(|e| err(&path, &e))?;
                }
            }
            insert(&tx, &mut ins, &mut listing, current).map_err(|e| err(&path, &e))?;
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

/// The listing row of the entry just inserted.
const INSERT_LISTING: &str = "INSERT INTO listing (id, grp, packed) VALUES (?1, ?2, ?3)";

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

/// Inserts `e` into `entry` (`ins`: [`INSERT`]) and its listing row (`listing`:
/// [`INSERT_LISTING`]).
fn insert(
    conn: &Connection,
    ins: &mut rusqlite::Statement<'_>,
    listing: &mut rusqlite::Statement<'_>,
    e: &Entry,
) -> Result<usize, rusqlite::Error> {
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
    ])?;
    listing.execute(params![
        conn.last_insert_rowid(),
        group(e),
        packed::encode(e)
    ])
}

fn set_updated(tx: &rusqlite::Transaction<'_>, updated: &str) -> Result<usize, rusqlite::Error> {
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'updated'",
        [updated],
    )
}

/// Rows as read: each entry and its (list group, id), side by side so that sorting
/// moves small keys, not entries.
struct Rows {
    keys: Vec<(i64, i64)>,
    entries: Vec<Entry>,
}

/// `lo..=hi` cut into at most `parts` consecutive ranges of (nearly) equal length.
fn id_ranges(lo: i64, hi: i64, parts: usize) -> Vec<(i64, i64)> {
    let (lo, hi) = (i128::from(lo), i128::from(hi));
    if hi < lo {
        return Vec::new();
    }
    let parts = i128::try_from(parts.max(1)).unwrap_or(1);
    let span = ((hi - lo + 1) + parts - 1) / parts;
    let clamp = |v: i128| i64::try_from(v).unwrap_or(i64::MAX);
    (0..parts)
        .map(|k| (lo + k * span, (lo + (k + 1) * span - 1).min(hi)))
        .take_while(|(from, _)| *from <= hi)
        .map(|(from, to)| (clamp(from), clamp(to)))
        .collect()
}

/// Reorders `items` so that position k holds what was at `order[k]` (a permutation of
/// the positions), each item moved along its cycle by swaps: no second vector.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::facts::{KeyState, SetFacts};
    use crate::pki::KeyType;

    fn stamp(n: u64) -> FileStamp {
        FileStamp {
            len: 600 + n,
            ino: 1000 + n,
            mtime_ns: 1_700_000_000_000_000_000,
            ctime_ns: 1_700_000_000_000_000_001,
            sha256: "ab".repeat(16),
            taken_ns: 1_700_000_009_000_000_000,
        }
    }

    fn entry(name: &str, kind: Kind, role: &str, status: Status, file: Option<u64>) -> Entry {
        let t = |s| OffsetDateTime::from_unix_timestamp(s).unwrap();
        Entry {
            name: name.into(),
            kind,
            role: Some(role.into()),
            namespace: None,
            subject: format!("CN={name},O=Acme"),
            issuer: "CN=Acme Root CA,O=Acme".into(),
            serial: format!("{:02x}", file.unwrap_or(99)),
            not_before: t(1_700_000_000),
            not_after: t(4_000_000_000),
            renew_at: t(3_900_000_000),
            status,
            sha1: "11".repeat(20),
            sha256: "22".repeat(32),
            path: PathBuf::from(format!("certs/{name}/cert.pem")),
            key: None,
            file: file.map(stamp),
            facts: None,
        }
    }

    fn facts() -> SetFacts {
        SetFacts {
            cert: stamp(1),
            key_file: Some(stamp(2)),
            key: KeyState::Matches(Some(KeyType::EcdsaP256)),
            trust_file: None,
            trust_sha256: Some("33".repeat(32)),
            serial_hex: "01".into(),
            not_before: OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
            not_after: OffsetDateTime::from_unix_timestamp(4_000_000_000).unwrap(),
            dns: vec!["worker.example".into()],
            ips: vec!["127.0.0.1".parse().unwrap()],
            tls_ekus: Some((false, true)),
            organizational_unit: None,
            issuer_raw: "3000".into(),
            authority_key_id: Some("44".repeat(20)),
            public_key: "55".repeat(65),
        }
    }

    fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
        serde_json::to_value(v).unwrap()
    }

    /// A schema 4 inventory (no listing table, facts as JSON) is brought forward with
    /// every row, the replaced certificate included, which no file shows any more.
    #[test]
    fn a_schema_4_inventory_is_brought_forward_with_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let root = entry("root", Kind::Ca, "root-ca", Status::Valid, Some(0));
        let mut current = entry("w1", Kind::Certificate, "worker", Status::Valid, Some(1));
        current.facts = facts().encode();
        let replaced = entry("w1", Kind::Certificate, "worker", Status::Superseded, None);
        let written = [root, current, replaced];
        let mut db = Db::open_write(dir.path()).unwrap();
        db.replace_all(&written, &["a problem".into()], "2026-12-07T00:00:00Z")
            .unwrap();
        db.conn
            .execute_batch(
                "DROP TRIGGER entry_gone; DROP TABLE listing;
                 UPDATE meta SET value = '4' WHERE key = 'schema';",
            )
            .unwrap();
        db.conn
            .execute(
                "UPDATE entry SET facts = ?1 WHERE facts IS NOT NULL",
                [serde_json::to_string(&facts()).unwrap()],
            )
            .unwrap();
        drop(db);
        assert!(Db::open_read(dir.path()).is_none(), "read as this schema");

        let db = Db::open_write(dir.path()).unwrap();
        assert_eq!(db.version(), Some(SCHEMA_VERSION));
        let back = db.entries(true, &|_| true).unwrap().unwrap();
        assert_eq!(json(&back), json(&written), "every row, in list order");
        let back_facts = back[1].facts.as_deref().and_then(SetFacts::decode);
        assert_eq!(json(&back_facts), json(&Some(facts())));
        assert_eq!(db.header().unwrap().1, vec!["a problem".to_string()]);
    }

    /// A listing row is written and removed with its entry: a re-issue, and the pruning
    /// of a replaced certificate once expired, leave no listing row behind.
    #[test]
    fn a_listing_row_comes_and_goes_with_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_write(dir.path()).unwrap();
        let first = entry("w1", Kind::Certificate, "worker", Status::Valid, Some(1));
        db.upsert(&first, |_| None, 0, "t").unwrap();
        let mut second = first.clone();
        second.serial = "02".into();
        let mut expired = first.clone();
        expired.status = Status::Superseded;
        expired.file = None;
        expired.not_after = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        db.upsert(&second, |_| Some(expired.clone()), 0, "t")
            .unwrap();
        let count = |db: &Db, table: &str| -> i64 {
            db.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!((count(&db, "entry"), count(&db, "listing")), (2, 2));
        let serials: Vec<String> = db
            .entries(false, &|_| true)
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|e| e.serial)
            .collect();
        assert_eq!(serials, ["02", "01"]);
        // Past the replaced certificate's expiry: pruned, with its listing row.
        db.upsert(&second, |_| None, 1_900_000_000, "t").unwrap();
        assert_eq!((count(&db, "entry"), count(&db, "listing")), (1, 1));
    }

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        // Every permutation of 5, and a few long ones with long cycles.
        fn all(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![vec![]];
            }
            let mut out = Vec::new();
            for p in all(n - 1) {
                for at in 0..n {
                    let mut q = p.clone();
                    q.insert(at, n - 1);
                    out.push(q);
                }
            }
            out
        }
        let mut orders = all(5);
        orders.push((0..1000).rev().collect());
        orders.push((0..1000).map(|i| (i * 7 + 3) % 1000).collect());
        for order in orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item{i}")).collect();
            let mut moved = items.clone();
            permute(&mut moved, &order);
            let expected: Vec<String> = order.iter().map(|&k| items[k].clone()).collect();
            assert_eq!(moved, expected, "order {order:?}");
        }
    }

    #[test]
    fn id_ranges_cover_every_id_once() {
        for (lo, hi, parts) in [
            (1, 10_000, 8),
            (1, 7, 8),
            (5, 5, 3),
            (0, 0, 1),
            (3, 2, 4),
            (i64::MIN, i64::MAX, 8),
            (i64::MAX - 3, i64::MAX, 2),
        ] {
            let ranges = id_ranges(lo, hi, parts);
            assert!(ranges.len() <= parts, "{lo}..={hi} in {parts}: {ranges:?}");
            if hi < lo {
                assert!(ranges.is_empty());
                continue;
            }
            assert_eq!(ranges.first().map(|r| r.0), Some(lo));
            assert_eq!(ranges.last().map(|r| r.1), Some(hi));
            for w in ranges.windows(2) {
                assert!(
                    w[0].0 <= w[0].1 && w[0].1.checked_add(1) == Some(w[1].0),
                    "{ranges:?}"
                );
            }
        }
    }
}
