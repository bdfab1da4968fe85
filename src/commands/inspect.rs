//! `tcerts inspect FILE | --connect HOST:PORT`: every certificate, in human terms or JSON.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anstyle::Style;
use serde_json::json;

use crate::Error;
use crate::cli::InspectArgs;
use crate::doctor::connect::{ConnectInput, Handshake, probe};
use crate::doctor::files::certs_of;
use crate::doctor::{CertDescription, Finding, Report, Severity, load_bytes};
use crate::output::Output;
use crate::pki;
use crate::store::read_input;

const BOLD: Style = Style::new().bold();

pub(super) fn run(args: InspectArgs, out: Output) -> Result<ExitCode, Error> {
    let now = pki::now();
    let (source, descriptions, notes, connection) = if let Some(addr) = &args.connect {
        from_server(&args, addr, now)?
    } else {
        let Some(path) = &args.file else {
            return Err(Error::Usage("give a FILE or --connect HOST:PORT".into()));
        };
        from_file(path, now)?
    };
    if out.json {
        let mut doc = json!({"source": source, "certificates": descriptions, "notes": notes});
        if let Some(h) = connection {
            doc["connection"] = json!({
                "tls_version": h.tls_version, "alpn": h.alpn, "cipher_suite": h.cipher_suite,
                "client_cert_requested": h.client_cert_requested, "requested_cas": h.requested_cas,
            });
        }
        out.json(&doc);
        return Ok(ExitCode::SUCCESS);
    }
    let mut o = anstream::stdout();
    // --quiet: the description is a report; only its warnings remain (below).
    let (connection, descriptions) = if out.quiet {
        (None, Vec::new())
    } else {
        (connection, descriptions)
    };
    if let Some(h) = &connection {
        let _ = writeln!(
            o,
            "{BOLD}{source}{BOLD:#}: {} ALPN {}",
            h.tls_version.clone().unwrap_or_else(|| "-".into()),
            h.alpn.clone().unwrap_or_else(|| "(none)".into())
        );
    }
    for d in &descriptions {
        let _ = writeln!(o, "{BOLD}{}{BOLD:#}", d.position);
        for l in d.lines() {
            let _ = writeln!(o, "{l}");
        }
        let _ = writeln!(o);
    }
    for n in notes
        .iter()
        .filter(|n| n.severity != Severity::Info || !out.quiet)
    {
        out.warn(&format!("{}: {}", n.code, n.message));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the certificates came from, their descriptions, notes about the input, and the
/// TLS connection they were read from (with --connect).
type Inspected = (
    String,
    Vec<CertDescription>,
    Vec<Finding>,
    Option<Handshake>,
);

/// The chain a server presents (--connect).
fn from_server(
    args: &InspectArgs,
    addr: &str,
    now: time::OffsetDateTime,
) -> Result<Inspected, Error> {
    let p = probe(&ConnectInput {
        address: addr,
        server_name: args.server_name.as_deref(),
        cert: None,
        key: None,
        ca: None,
        timeout: Duration::from_secs(args.timeout),
        now,
        known: &crate::doctor::chain::KnownCas::default(),
    })
    .map_err(|e| Error::Usage(e.to_string()))?;
    // Nothing reached (no such name, nothing listening, …): say that, with the fix.
    if let Some(f) = p.report.findings().find(|f| {
        matches!(
            f.code,
            "dns-failure" | "connection-refused" | "unreachable" | "no-answer"
        ) && p.handshake.tls_version.is_none()
    }) {
        return Err(Error::Usage(format!(
            "--connect {addr}: {} ({}); {}",
            f.message, f.code, f.fix
        )));
    }
    if p.server_certs.is_empty() {
        return Err(Error::Usage(format!(
            "--connect {addr}: the server presented no certificate ({})",
            p.handshake
                .error
                .clone()
                .or(p.handshake.alert.clone())
                .unwrap_or_else(|| "no TLS handshake".into())
        )));
    }
    let d: Vec<CertDescription> = p
        .server_certs
        .iter()
        .map(|c| CertDescription::of(c, now))
        .collect();
    Ok((addr.to_string(), d, Vec::new(), Some(p.handshake)))
}

/// The certificates of a PEM or DER file.
fn from_file(path: &std::path::Path, now: time::OffsetDateTime) -> Result<Inspected, Error> {
    let bytes = read_input(path)?;
    let name = path.display().to_string();
    let loaded = load_bytes(&name, &bytes);
    let mut report = Report::default();
    let certs = certs_of(&loaded, &mut report);
    let mut notes: Vec<Finding> = loaded.findings.clone();
    notes.extend(report.findings().cloned());
    if certs.is_empty() {
        let what = if loaded.keys().next().is_some() || loaded.has_encrypted_key() {
            "holds a private key, not a certificate".to_string()
        } else {
            notes
                .iter()
                .map(|f| f.message.clone())
                .next()
                .unwrap_or_else(|| "holds no certificate".into())
        };
        return Err(Error::Usage(format!("{name}: {what}")));
    }
    let d = certs.iter().map(|c| CertDescription::of(c, now)).collect();
    Ok((name, d, notes, None))
}
