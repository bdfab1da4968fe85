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

use super::{Entry, Kind, Status};
use crate::store::Error;

pub const FILE: &str = "inventory.db";
/// Raised when the rows' meaning changes; another value means: rebuild.
const SCHEMA_VERSION: i64 = 1;

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
                 -- grp: the list order (see inventory::db::group); record: the Entry, JSON.
                 CREATE TABLE entry (
                     id INTEGER PRIMARY KEY,
                     grp INTEGER NOT NULL,
                     name TEXT NOT NULL,
                     kind TEXT NOT NULL,
                     path TEXT NOT NULL,
                     serial TEXT NOT NULL,
                     not_after INTEGER NOT NULL,
                     record TEXT NOT NULL
                 );
                 CREATE INDEX entry_order ON entry (grp, name, id);
                 CREATE INDEX entry_path ON entry (kind, path);
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

    /// Every entry, in list order.
    pub(super) fn entries(&self) -> Result<Vec<Entry>, Error> {
        let mut st = self
            .conn
            .prepare("SELECT record FROM entry ORDER BY grp, name, id")
            .map_err(|e| err(&self.path, &e))?;
        let mut rows = st.query([]).map_err(|e| err(&self.path, &e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| err(&self.path, &e))? {
            let text = row.get_ref(0).map_err(|e| err(&self.path, &e))?;
            let bytes = text
                .as_bytes()
                .map_err(|e| Error::io(&self.path, std::io::Error::other(e.to_string())))?;
            let entry: Entry = serde_json::from_slice(bytes).map_err(|e| {
                Error::io(
                    &self.path,
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                )
            })?;
            out.push(entry);
        }
        Ok(out)
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
            let mut ins = tx
                .prepare(
                    "INSERT INTO entry (grp, name, kind, path, serial, not_after, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(|e| err(&path, &e))?;
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
        let old: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, record FROM entry WHERE kind = ?1 AND path = ?2 AND grp < 4",
                params![kind_str(current.kind), current.path.to_string_lossy()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| err(&path, &e))?;
        {
            let mut ins = tx
                .prepare(
                    "INSERT INTO entry (grp, name, kind, path, serial, not_after, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(|e| err(&path, &e))?;
            if let Some((id, record)) = old {
                tx.execute("DELETE FROM entry WHERE id = ?1", [id])
                    .map_err(|e| err(&path, &e))?;
                if let Ok(prev) = serde_json::from_str::<Entry>(&record)
                    && let Some(kept) = replaced(prev)
                {
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

fn insert(ins: &mut rusqlite::Statement<'_>, e: &Entry) -> Result<usize, rusqlite::Error> {
    let record = serde_json::to_string(e)
        .map_err(|x| rusqlite::Error::ToSqlConversionFailure(Box::new(x)))?;
    ins.execute(params![
        group(e),
        e.name,
        kind_str(e.kind),
        e.path.to_string_lossy(),
        e.serial,
        e.not_after.unix_timestamp(),
        record
    ])
}

fn set_updated(tx: &rusqlite::Transaction<'_>, updated: &str) -> Result<usize, rusqlite::Error> {
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'updated'",
        [updated],
    )
}
