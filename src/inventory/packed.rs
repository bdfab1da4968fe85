//! An inventory entry as one byte string: the `packed` column of `inventory.db`.
//!
//! Why (issue #11): `list` and `plan` read every row of a 10,000-certificate inventory.
//! Fetched column by column, SQLite decodes 21 values per row and each is copied out on
//! its own (about 3.5 µs a row, most of `list`); one blob decoded here costs a fraction
//! of that. The columns stay, written beside it, so the database remains readable with
//! any SQLite tool; the blob is what tcerts reads back in bulk.
//!
//! Layout: a format byte, then the fields in [`Entry`]'s order. Strings are a LEB128
//! length and UTF-8 bytes; times are Unix seconds and nanoseconds as 8 little-endian
//! bytes; an absent optional value is one 0 byte, a present one 1 and the value.

use std::path::PathBuf;

use time::OffsetDateTime;

use super::{Entry, FileStamp, Kind, Status};

/// Raised when the layout changes (with the database schema).
const FORMAT: u8 = 1;

pub(super) fn encode(e: &Entry) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(512));
    w.0.push(FORMAT);
    w.str(&e.name);
    w.0.push(match e.kind {
        Kind::Ca => 0,
        Kind::Certificate => 1,
    });
    w.opt_str(e.role.as_deref());
    w.opt_str(e.namespace.as_deref());
    w.str(&e.subject);
    w.str(&e.issuer);
    w.str(&e.serial);
    for t in [e.not_before, e.not_after, e.renew_at] {
        w.i64(t.unix_timestamp());
    }
    w.0.push(match e.status {
        Status::Valid => 0,
        Status::Due => 1,
        Status::Expired => 2,
        Status::Revoked => 3,
        Status::Superseded => 4,
    });
    w.str(&e.sha1);
    w.str(&e.sha256);
    w.str(&e.path.to_string_lossy());
    w.opt_str(e.key.as_deref());
    match &e.file {
        None => w.0.push(0),
        Some(f) => {
            w.0.push(1);
            w.0.extend_from_slice(&f.len.to_le_bytes());
            w.0.extend_from_slice(&f.ino.to_le_bytes());
            w.ns(f.mtime_ns);
            w.ns(f.ctime_ns);
            w.str(&f.sha256);
            w.ns(f.taken_ns);
        }
    }
    w.0
}

/// The entry `bytes` encode (without its facts, which have a column of their own); None
/// for anything [`encode`] cannot have written.
pub(super) fn decode(bytes: &[u8]) -> Option<Entry> {
    let mut r = Reader(bytes);
    if r.u8()? != FORMAT {
        return None;
    }
    let name = r.str()?.to_string();
    let kind = match r.u8()? {
        0 => Kind::Ca,
        1 => Kind::Certificate,
        _ => return None,
    };
    let role = r.opt_str().ok()?;
    let namespace = r.opt_str().ok()?;
    let subject = r.str()?.to_string();
    let issuer = r.str()?.to_string();
    let serial = r.str()?.to_string();
    let not_before = r.time()?;
    let not_after = r.time()?;
    let renew_at = r.time()?;
    let status = match r.u8()? {
        0 => Status::Valid,
        1 => Status::Due,
        2 => Status::Expired,
        3 => Status::Revoked,
        4 => Status::Superseded,
        _ => return None,
    };
    let sha1 = r.str()?.to_string();
    let sha256 = r.str()?.to_string();
    let path = PathBuf::from(r.str()?);
    let key = r.opt_str().ok()?;
    let file = match r.u8()? {
        0 => None,
        1 => Some(FileStamp {
            len: r.u64()?,
            ino: r.u64()?,
            mtime_ns: i128::from(r.i64()?),
            ctime_ns: i128::from(r.i64()?),
            sha256: r.str()?.to_string(),
            taken_ns: i128::from(r.i64()?),
        }),
        _ => return None,
    };
    r.0.is_empty().then_some(Entry {
        name,
        kind,
        role,
        namespace,
        subject,
        issuer,
        serial,
        not_before,
        not_after,
        renew_at,
        status,
        sha1,
        sha256,
        path,
        key,
        file,
        facts: None,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn len(&mut self, mut n: usize) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.0.push(0),
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
        }
    }

    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    /// Nanoseconds in 64 bits, as the columns hold them (enough until 2262).
    fn ns(&mut self, v: i128) {
        self.i64(i64::try_from(v).unwrap_or(i64::MAX));
    }
}

/// Bytes [`encode`] cannot have written.
struct Malformed;

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            n |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn opt_str(&mut self) -> Result<Option<String>, Malformed> {
        match self.u8() {
            Some(0) => Ok(None),
            Some(1) => self.str().map(|s| Some(s.to_string())).ok_or(Malformed),
            _ => Err(Malformed),
        }
    }

    fn time(&mut self) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp(self.i64()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(file: bool) -> Entry {
        Entry {
            name: "worker-ünïcode".into(),
            kind: Kind::Certificate,
            role: Some("worker".into()),
            namespace: None,
            subject: "CN=worker,O=Acme".into(),
            issuer: "CN=Acme Issuing CA,O=Acme".into(),
            serial: "0a1b".into(),
            not_before: OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
            not_after: OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap(),
            renew_at: OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap(),
            status: Status::Due,
            sha1: "ab".repeat(20),
            sha256: "cd".repeat(200),
            path: PathBuf::from("certs/worker/cert.pem"),
            key: Some("pkcs11:token=t;object=o".into()),
            file: file.then(|| FileStamp {
                len: u64::MAX,
                ino: 42,
                mtime_ns: 1_700_000_000_123_456_789,
                ctime_ns: -5,
                sha256: "ef".repeat(16),
                taken_ns: 1_700_000_001_000_000_000,
            }),
            facts: None,
        }
    }

    fn same(a: &Entry, b: &Entry) -> bool {
        serde_json::to_value(a).unwrap() == serde_json::to_value(b).unwrap()
    }

    #[test]
    fn an_entry_reads_back_as_it_was_written() {
        for e in [sample(true), sample(false)] {
            let back = decode(&encode(&e)).expect("decodes");
            assert!(same(&back, &e), "{back:?}\n{e:?}");
        }
    }

    #[test]
    fn anything_else_is_refused_without_a_panic() {
        let bytes = encode(&sample(true));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none(), "trailing bytes");
        let mut other = bytes.clone();
        other[0] = FORMAT + 1;
        assert!(decode(&other).is_none(), "another format");
        assert!(
            decode(&[
                FORMAT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f
            ])
            .is_none()
        );
    }
}
