//! `tcerts list`: the inventory as a table, or as JSON.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use time::{Duration, OffsetDateTime};

use super::lifecycle::load_inventory;
use crate::Error;
use crate::cli::ListArgs;
use crate::error::ExitStatus;
use crate::inventory::{self, Entry, Inventory, Kind, Status};
use crate::output::json::PrettyObject;
use crate::output::{Output, shell_path};
use crate::pki;
use crate::store::{Declarations, LockMode, Store};

pub(super) fn list(dir: &Path, args: ListArgs, out: Output) -> Result<ExitCode, Error> {
    let window = match &args.expiring_within {
        Some(s) => Some(
            pki::parse_window(s).map_err(|e| Error::Usage(format!("--expiring-within: {e}")))?,
        ),
        None => None,
    };
    let inv = load_inventory(dir)?;
    let now = pki::now();
    for p in &inv.problems {
        out.warn(p);
    }
    // CA key locations are looked up now, not taken from the inventory file: one written
    // by an older tcerts does not record them. No certificate declaration is needed.
    // (Reading tcerts.toml on a thread of its own while the inventory is read made `list`
    // slower: measured.)
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config_for(Declarations::NoCertificates)?;
    let ca_keys: HashMap<usize, String> = inv
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Kind::Ca)
        .filter_map(|(i, e)| Some((i, inventory::ca_key_location(&store, &config, &e.path)?)))
        .collect();
    let expiring: Vec<String> = inv
        .entries
        .iter()
        .filter(|e| expires_within(e, now, window))
        .map(|e| e.name.clone())
        .collect();
    if out.human() {
        print_table(&inv, &ca_keys, now, window, out);
    }
    if let (Some(s), false) = (&args.expiring_within, expiring.is_empty()) {
        out.warn(&expiring_warning(&expiring, s));
        out.next(
            "Next:",
            &[format!(
                "tcerts --dir {} plan   (then apply)",
                shell_path(dir)
            )],
        );
    }
    out.json_rows_first(
        "entries",
        &inv.entries,
        |buf, i, e| {
            ListRow::of(e, now, window, ca_keys.get(&i).map(String::as_str)).write_json(buf);
        },
        &ListDocumentRest {
            expiring: &expiring,
            updated: &inv.updated,
        },
    );
    let code = if expiring.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitStatus::FailedCheck.into()
    };
    // Not freed: the process exits next, and freeing 10,000 entries (over 100,000 strings)
    // one by one costs milliseconds for nothing. They hold no secrets.
    std::mem::forget(inv);
    Ok(code)
}

/// The warning naming what expires: the first few names (a PKI of 10,000 certificates
/// renewed together would otherwise get one line of 60,000 characters).
fn expiring_warning(names: &[String], window: &str) -> String {
    const SHOWN: usize = 10;
    let mut text = format!(
        "{} CA(s)/certificate(s) expire within {window}: {}",
        names.len(),
        names[..names.len().min(SHOWN)].join(", ")
    );
    if names.len() > SHOWN {
        text.push_str(&format!(
            " and {} more (each is marked in the table; `list --json` names them all under \"expiring\")",
            names.len() - SHOWN
        ));
    }
    text
}

/// Whether `--expiring-within` names this entry: a CA or certificate still in use whose
/// end falls within the window.
fn expires_within(e: &Entry, now: OffsetDateTime, window: Option<Duration>) -> bool {
    window.is_some_and(|w| {
        !matches!(e.status_at(now), Status::Superseded | Status::Revoked) && e.not_after <= now + w
    })
}

/// `list --json`: `entries` (the rows, written first), then these keys, in the order a
/// `serde_json::Value` would sort them.
#[derive(serde::Serialize)]
struct ListDocumentRest<'a> {
    expiring: &'a [String],
    updated: &'a str,
}

/// One inventory entry as `list --json` shows it (keys sorted, as before). Written by
/// [`ListRow::write_json`]; the derived serialization is what a unit test holds it to.
#[derive(serde::Serialize)]
struct ListRow<'a> {
    days_left: i64,
    expiring: bool,
    issuer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    kind: Kind,
    name: &'a str,
    namespace: Option<&'a str>,
    not_after: pki::Rfc3339,
    not_before: pki::Rfc3339,
    /// Relative to the PKI directory; bytes that are not UTF-8 are replaced (a JSON
    /// string cannot hold them), never a reason to cut the document short.
    path: Cow<'a, str>,
    renew_at: pki::Rfc3339,
    role: Option<&'a str>,
    serial: &'a str,
    sha1: &'a str,
    sha256: &'a str,
    status: Status,
    subject: &'a str,
}

impl<'a> ListRow<'a> {
    /// The entry without its file stamp (the inventory's change detector, not a fact
    /// about the certificate).
    fn of(
        e: &'a Entry,
        now: OffsetDateTime,
        window: Option<Duration>,
        key: Option<&'a str>,
    ) -> Self {
        ListRow {
            days_left: e.days_left(now),
            expiring: expires_within(e, now, window),
            issuer: &e.issuer,
            key,
            kind: e.kind,
            name: &e.name,
            namespace: e.namespace.as_deref(),
            not_after: pki::Rfc3339(e.not_after),
            not_before: pki::Rfc3339(e.not_before),
            path: e.path.to_string_lossy(),
            renew_at: pki::Rfc3339(e.renew_at),
            role: e.role.as_deref(),
            serial: &e.serial,
            sha1: &e.sha1,
            sha256: &e.sha256,
            status: e.status_at(now),
            subject: &e.subject,
        }
    }

    /// The row as the derived serialization writes it inside the document (two levels
    /// in), without serde's generic path: 10,000 rows are 6 MB.
    fn write_json(&self, out: &mut Vec<u8>) {
        fn time(obj: &mut PrettyObject<'_>, key: &str, t: pki::Rfc3339) {
            match t.fixed() {
                Some(text) => obj.str(key, std::str::from_utf8(&text).unwrap_or_default()),
                None => obj.str(key, &t.to_string()),
            }
        }
        let mut obj = PrettyObject::begin(out, 2);
        obj.int("days_left", self.days_left);
        obj.bool("expiring", self.expiring);
        obj.str("issuer", self.issuer);
        if let Some(key) = self.key {
            obj.str("key", key);
        }
        obj.str(
            "kind",
            match self.kind {
                Kind::Ca => "ca",
                Kind::Certificate => "certificate",
            },
        );
        obj.str("name", self.name);
        obj.opt_str("namespace", self.namespace);
        time(&mut obj, "not_after", self.not_after);
        time(&mut obj, "not_before", self.not_before);
        obj.str("path", &self.path);
        time(&mut obj, "renew_at", self.renew_at);
        obj.opt_str("role", self.role);
        obj.str("serial", self.serial);
        obj.str("sha1", self.sha1);
        obj.str("sha256", self.sha256);
        obj.str("status", self.status.as_str());
        obj.str("subject", self.subject);
        obj.end();
    }
}

/// Appends `value` padded with spaces to `width` characters, and the two spaces between
/// columns.
fn cell(text: &mut String, value: &str, width: usize) {
    text.push_str(value);
    text.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(chars(value)) + 2,
    ));
}

fn chars(value: &str) -> usize {
    if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    }
}

/// Prints the inventory as a table, then where each current CA's key lives.
fn print_table(
    inv: &Inventory,
    ca_keys: &HashMap<usize, String>,
    now: OffsetDateTime,
    window: Option<Duration>,
    out: Output,
) {
    use std::fmt::Write as _;
    // Each column as wide as its widest value (names and namespaces can be long).
    let col = |f: &dyn Fn(&Entry) -> &str, title: &str| {
        inv.entries
            .iter()
            .map(|e| chars(f(e)))
            .max()
            .unwrap_or(0)
            .max(title.len())
    };
    let width = col(&|e| &e.name, "NAME");
    let rw = col(&|e| e.role.as_deref().unwrap_or("undeclared"), "ROLE");
    let nw = col(&|e| e.namespace.as_deref().unwrap_or("-"), "NAMESPACE");
    // The table is printed in one piece: 10,000 lines written one by one cost 10,000
    // write calls.
    let mut text = String::with_capacity((inv.entries.len() + 1) * (width + rw + nw + 90));
    let _ = write!(
        text,
        "{:<width$}  {:<rw$}  {:<nw$}  {:<10}  {:<20}  {:>5}  SERIAL",
        "NAME", "ROLE", "NAMESPACE", "STATUS", "NOT AFTER", "DAYS"
    );
    for e in &inv.entries {
        // Cells padded by hand: the formatter's padding was most of the table's cost.
        text.push('\n');
        cell(&mut text, &e.name, width);
        cell(&mut text, e.role.as_deref().unwrap_or("undeclared"), rw);
        cell(&mut text, e.namespace.as_deref().unwrap_or("-"), nw);
        cell(&mut text, e.status_at(now).as_str(), 10);
        cell(&mut text, &pki::Rfc3339(e.not_after).to_string(), 20);
        let _ = write!(text, "{:>5}  ", e.days_left(now));
        text.push_str(&e.serial);
        if expires_within(e, now, window) {
            text.push_str("  ← expiring");
        }
    }
    out.line(&text);
    // Where each current CA's key lives (a file, a PKCS#11 token, or not here).
    let mut cas = inv
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Kind::Ca && e.status_at(now) != Status::Superseded)
        .peekable();
    if cas.peek().is_some() {
        out.line("\nCA KEYS");
        for (i, e) in cas {
            out.line(&format!(
                "{:<width$}  {}",
                e.name,
                ca_keys.get(&i).map_or("not held by tcerts", String::as_str)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn entry(i: usize) -> Entry {
        let t = |days: i64| OffsetDateTime::UNIX_EPOCH + Duration::days(20_000 + days);
        let odd = |s: &str| {
            if i % 2 == 1 {
                format!("{s} \"q\" \\ é\t")
            } else {
                s.to_string()
            }
        };
        Entry {
            name: odd("worker"),
            kind: if i.is_multiple_of(3) {
                Kind::Ca
            } else {
                Kind::Certificate
            },
            role: (!i.is_multiple_of(4)).then(|| odd("client")),
            namespace: (!i.is_multiple_of(5)).then(|| odd("ns.acct")),
            subject: odd("CN=worker,O=Acme"),
            issuer: odd("CN=Acme Issuing CA"),
            serial: "0a1b2c".into(),
            not_before: t(-30),
            not_after: t(i as i64 * 7 - 20),
            renew_at: t(i as i64 * 7 - 25),
            status: [Status::Valid, Status::Superseded, Status::Revoked][i % 3],
            sha1: "aa".repeat(20),
            sha256: "bb".repeat(32),
            path: if i % 2 == 1 {
                use std::os::unix::ffi::OsStrExt;
                PathBuf::from(std::ffi::OsStr::from_bytes(b"certs/w\xff/cert.pem"))
            } else {
                PathBuf::from("certs/worker/cert.pem")
            },
            key: None,
            file: None,
            facts: None,
        }
    }

    #[test]
    fn expiring_warning_names_the_first_ten() {
        let names = |n: usize| (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>();
        assert_eq!(
            expiring_warning(&names(2), "30d"),
            "2 CA(s)/certificate(s) expire within 30d: c0, c1"
        );
        let ten = expiring_warning(&names(10), "30d");
        assert!(ten.ends_with("c8, c9"), "{ten}");
        let many = expiring_warning(&names(10_000), "30d");
        assert!(
            many.starts_with("10000 CA(s)/certificate(s) expire within 30d: c0, c1,"),
            "{many}"
        );
        assert!(many.contains("c9 and 9990 more"), "{many}");
        assert!(!many.contains("c10,"), "{many}");
    }

    #[test]
    fn rows_written_by_hand_read_as_their_derived_serialization() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        for window in [None, Some(Duration::days(30))] {
            for i in 0..12 {
                let e = entry(i);
                let key = (i % 2 == 0).then_some("ca/key.pem");
                let row = ListRow::of(&e, now, window, key);
                let mut ours = Vec::new();
                row.write_json(&mut ours);
                let mut whole = b"{\n  \"entries\": [\n    ".to_vec();
                whole.extend_from_slice(&ours);
                whole.extend_from_slice(b"\n  ]\n}");
                #[derive(serde::Serialize)]
                struct Doc<'a> {
                    entries: [ListRow<'a>; 1],
                }
                let theirs = serde_json::to_string_pretty(&Doc { entries: [row] }).unwrap();
                assert_eq!(String::from_utf8(whole).unwrap(), theirs, "entry {i}");
            }
        }
    }
}
