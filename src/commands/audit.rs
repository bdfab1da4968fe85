//! `tcerts audit verify` and `tcerts audit list`: the issuance log, checked or printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::Error;
use crate::audit::{self, Line, OnDisk};
use crate::cli::{AuditListArgs, AuditVerifyArgs};
use crate::error::EXIT_FAILED_CHECK;
use crate::output::shell_path;
use crate::output::{Output, print_error};
use crate::pki;
use crate::store::{LockMode, Store};

fn log_path(store: &Store) -> PathBuf {
    store.dir().join(audit::FILE)
}

fn missing_log(store: &Store) -> Error {
    Error::CheckFailed(format!(
        "{} does not exist: this PKI has recorded nothing yet (the log starts with the first operation that changes trust)",
        log_path(store).display()
    ))
}

pub(super) fn verify(dir: &Path, args: AuditVerifyArgs, out: Output) -> Result<ExitCode, Error> {
    let anchors = args
        .anchor
        .iter()
        .map(|a| parse_anchor(a))
        .collect::<Result<Vec<_>, _>>()?;
    let store = Store::open(dir, LockMode::Shared)?;
    if !log_path(&store).is_file() {
        return Err(missing_log(&store));
    }
    let bytes = audit::read(store.dir()).map_err(crate::store::Error::from)?;
    let chain = audit::check_chain(&bytes);
    let path = log_path(&store);
    let mut failures: Vec<String> = Vec::new();
    if let Some(b) = &chain.broken {
        failures.push(format!("{} line {}: {}", path.display(), b.line, b.message));
    }
    for (seq, hash) in &anchors {
        match chain.hashes.get((*seq as usize).wrapping_sub(1)) {
            Some(h) if h == hash => {}
            Some(h) => failures.push(format!(
                "{} line {seq}: its SHA-256 is {h}, not the anchor's {hash}: the log was rewritten",
                path.display()
            )),
            None if chain.broken.is_none() => failures.push(format!(
                "{} line {seq}: missing: the log ends at line {}, so lines were removed from its end",
                path.display(),
                chain.hashes.len()
            )),
            None => {}
        }
    }
    // Certificates on disk against the log: only when the log covers the PKI's whole life.
    let covers_all = chain.lines.first().is_some_and(|l| l.operation == "init");
    let mut checked = 0;
    let mut not_installed = Vec::new();
    if chain.broken.is_none() && covers_all {
        let on_disk = certificates_on_disk(&store);
        checked = on_disk.len();
        let r = audit::reconcile(&chain.lines, &on_disk);
        for c in &r.unrecorded {
            failures.push(format!(
                "{}: serial {} ({}) is on disk but no line of the log records it",
                c.path.display(),
                c.serial,
                c.subject
            ));
        }
        not_installed = r.not_installed;
    }

    for f in &failures {
        print_error(f);
    }
    let n = chain.lines.len();
    if failures.is_empty() {
        out.done(&format!(
            "{}: {n} line(s), hash chain intact from the genesis line",
            path.display()
        ));
        if let (Some(h), Some(last)) = (&chain.head, chain.lines.last()) {
            out.line(&format!(
                "  head: line {} sha256 {h} (keep it elsewhere; `tcerts audit verify --anchor {}:{h}` later proves nothing before it was changed or cut)",
                last.seq, last.seq
            ));
        }
        if covers_all {
            out.line(&format!(
                "  every one of the {checked} certificate(s) on disk (CAs and leaves) has its line"
            ));
        } else if let Some(first) = chain.lines.first() {
            out.warn(&format!(
                "the log starts at {} with `{}`, after the PKI was created: certificates on disk were not matched against it",
                first.time, first.operation
            ));
        }
    }
    if chain.torn_tail {
        out.warn(&format!(
            "{} ends with an incomplete line (a write cut short by a crash or power loss); nothing was installed after it, and the next operation removes it",
            path.display()
        ));
    }
    for (seq, name, serial) in &not_installed {
        out.line(&format!(
            "  note: line {seq}: '{name}' serial {serial} was signed but is not the certificate installed (an interrupted operation, or removed since)"
        ));
    }
    out.json(&json!({
        "file": path.display().to_string(),
        "lines": n,
        "intact": chain.broken.is_none(),
        "broken": chain.broken,
        "head": chain.head.as_ref().map(|h| json!({"seq": n, "sha256": h})),
        "torn_tail": chain.torn_tail,
        "certificates_checked": covers_all.then_some(checked),
        "failures": failures,
        "signed_not_installed": not_installed.iter().map(|(seq, name, serial)| json!({"line": seq, "name": name, "serial": serial})).collect::<Vec<_>>(),
    }));
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(EXIT_FAILED_CHECK))
    }
}

fn parse_anchor(a: &str) -> Result<(u64, String), Error> {
    let bad = || {
        Error::Usage(format!(
            "--anchor '{a}': give SEQ:SHA256 as `tcerts audit verify` prints it"
        ))
    };
    let (seq, hash) = a.split_once(':').ok_or_else(bad)?;
    let seq: u64 = seq.parse().map_err(|_| bad())?;
    let hash = hash.to_ascii_lowercase();
    if seq == 0 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((seq, hash))
}

/// Every certificate tcerts installed: leaves (by name) and CAs, current and rotated out.
fn certificates_on_disk(store: &Store) -> Vec<(Option<String>, OnDisk)> {
    let mut found = Vec::new();
    if let Ok(rd) = fs::read_dir(store.certs_dir()) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if let Some(c) = on_disk(&e.path().join(crate::store::CERT_FILE)) {
                found.push((Some(name), c));
            }
        }
    }
    let mut stack = vec![store.dir().join("ca")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if e.file_name() == crate::store::CERT_FILE
                && let Some(c) = on_disk(&p)
            {
                found.push((None, c));
            }
        }
    }
    found
}

fn on_disk(path: &Path) -> Option<OnDisk> {
    let c = Store::read_cert(path).ok()?;
    Some(OnDisk {
        path: path.to_path_buf(),
        serial: c.serial_hex,
        subject: c.subject,
    })
}

pub(super) fn list(dir: &Path, args: AuditListArgs, out: Output) -> Result<(), Error> {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let store = Store::open(dir, LockMode::Shared)?;
    if !log_path(&store).is_file() {
        return Err(missing_log(&store));
    }
    let bytes = audit::read(store.dir()).map_err(crate::store::Error::from)?;
    let lines = audit::parse_lines(&log_path(&store), &bytes).map_err(crate::store::Error::from)?;
    let shown: Vec<&Line> = lines
        .iter()
        .filter(|l| match since {
            None => true,
            Some(t) => OffsetDateTime::parse(&l.time, &Rfc3339).is_ok_and(|lt| lt >= t),
        })
        .collect();
    for l in &shown {
        let what = l
            .entry
            .subject
            .clone()
            .or_else(|| l.entry.name.clone())
            .unwrap_or_default();
        let serial = l
            .entry
            .serial
            .as_deref()
            .map(|s| format!(" serial {s}"))
            .unwrap_or_default();
        let ci = l
            .actor
            .ci
            .iter()
            .map(|(k, v)| format!(" {k}={v}"))
            .collect::<String>();
        out.line(&format!(
            "{:>5} {} {:<18} {:<19} {what}{serial}  by {}@{}{ci}",
            l.seq, l.time, l.operation, l.entry.event, l.actor.user, l.actor.host
        ));
    }
    if shown.is_empty() {
        out.line(&format!(
            "No lines{} in {}",
            if since.is_some() {
                " in that window"
            } else {
                ""
            },
            shell_path(&log_path(&store))
        ));
    }
    out.json(&json!(shown));
    Ok(())
}

/// `--since`: a duration back from now (7d, 12h) or an RFC 3339 time.
fn parse_since(s: &str) -> Result<OffsetDateTime, Error> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let d: pki::Validity = s.parse().map_err(|_| {
        Error::Usage(format!(
            "--since '{s}': give a duration (7d, 12h, 2w) or an RFC 3339 time (2026-01-31T00:00:00Z)"
        ))
    })?;
    Ok(pki::now() - d.duration())
}
