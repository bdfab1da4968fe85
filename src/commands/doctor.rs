//! `tcerts doctor`: reads the evidence the flags name, runs the checks in `crate::doctor`,
//! prints findings grouped by certificate (or one JSON document) and exits 0, 1 or 2.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use serde_json::json;

use crate::Error;
use crate::cli::DoctorArgs;
use crate::doctor::chain::KnownCas;
use crate::doctor::connect::{ConnectInput, Handshake, probe};
use crate::doctor::files::{BundleTarget, FileCheck, InputFile, check_bundle, check_files};
use crate::doctor::{Report, Severity, explain, pki_dir};
use crate::error::{EXIT_FAILED_CHECK, EXIT_OK};
use crate::output::Output;
use crate::pki;
use crate::store::read_input;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const BLUE: Style = AnsiColor::Blue.on_default();
const GREEN: Style = AnsiColor::Green.on_default().bold();

struct Input {
    name: String,
    bytes: zeroize::Zeroizing<Vec<u8>>,
}

impl Input {
    fn read(path: &Path) -> Result<Input, Error> {
        Ok(Input {
            name: path.display().to_string(),
            bytes: zeroize::Zeroizing::new(read_input(path)?),
        })
    }

    fn file(&self) -> InputFile<'_> {
        InputFile {
            name: &self.name,
            bytes: &self.bytes,
        }
    }
}

fn read_opt(path: Option<&PathBuf>) -> Result<Option<Input>, Error> {
    path.map(|p| Input::read(p)).transpose()
}

pub(super) fn run(dir: &Path, args: DoctorArgs, out: Output) -> Result<ExitCode, Error> {
    let now = pki::now();
    if let Some(text) = &args.explain {
        return Ok(explain_text(text, out));
    }
    let (known, renewal) = evidence_beside(dir);
    if let Some(addr) = &args.connect {
        return run_connect(addr, &args, now, &known, out);
    }
    if let Some(path) = &args.bundle {
        let bundle = Input::read(path)?;
        let mut report = check_bundle(
            &bundle.file(),
            args.bundle_for.unwrap_or(BundleTarget::Cloud),
            now,
        );
        // With a PKI directory at hand, also whether the bundle still trusts a retired CA.
        let dir = pki_dir_of(dir);
        if dir.join(crate::store::CONFIG_FILE).is_file() {
            pki_dir::check_bundle_retired(dir, &bundle.file(), &mut report)?;
        }
        return Ok(finish("bundle", &report, None, out));
    }
    if let Some(cert_path) = &args.cert {
        let cert = Input::read(cert_path)?;
        let (key, ca) = (read_opt(args.key.as_ref())?, read_opt(args.ca.as_ref())?);
        let report = check_files(&FileCheck {
            cert: cert.file(),
            key: key.as_ref().map(Input::file),
            ca: ca.as_ref().map(Input::file),
            usage: args.usage,
            server_name: args.server_name.as_deref(),
            now,
            renewal,
            known: &known,
        });
        return Ok(finish("files", &report, None, out));
    }
    if args.key.is_some() || args.ca.is_some() || args.server_name.is_some() || args.usage.is_some()
    {
        return Err(Error::Usage(
            "--key, --ca, --server-name and --usage go with --cert FILE (or --connect HOST:PORT)"
                .into(),
        ));
    }
    let report = pki_dir::check_pki(pki_dir_of(dir), now)?;
    Ok(finish("pki", &report, None, out))
}

/// A PKI directory at hand (--dir, TCERTS_DIR, ./pki or here) tells which CAs are
/// intermediates of which root, and its renewal rule.
fn evidence_beside(dir: &Path) -> (KnownCas, pki::Renewal) {
    let beside = pki_dir_of(dir);
    if beside.join(crate::store::CONFIG_FILE).is_file() {
        let renewal = crate::store::Store::open(beside, crate::store::LockMode::Shared)
            .and_then(|s| s.config())
            // A loose file is no declared certificate: [defaults]' rule.
            .map(|c| c.leaf_renewal(""))
            .unwrap_or_default();
        (pki_dir::known_cas(beside), renewal)
    } else {
        (KnownCas::default(), pki::Renewal::default())
    }
}

/// `doctor --connect HOST:PORT`: the handshake and everything it showed.
fn run_connect(
    addr: &str,
    args: &DoctorArgs,
    now: time::OffsetDateTime,
    known: &KnownCas,
    out: Output,
) -> Result<ExitCode, Error> {
    if args.key.is_some() != args.cert.is_some() {
        return Err(Error::Usage(
            "--connect: give --cert and --key together (the client certificate and its key)".into(),
        ));
    }
    let (cert, key, ca) = (
        read_opt(args.cert.as_ref())?,
        read_opt(args.key.as_ref())?,
        read_opt(args.ca.as_ref())?,
    );
    let input = ConnectInput {
        address: addr,
        server_name: args.server_name.as_deref(),
        cert: cert.as_ref().map(Input::file),
        key: key.as_ref().map(Input::file),
        ca: ca.as_ref().map(Input::file),
        timeout: Duration::from_secs(args.timeout),
        now,
        known,
    };
    let p = probe(&input).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(finish("connect", &p.report, Some(&p.handshake), out))
}

/// Run inside a PKI directory itself: the default `pki` does not exist, `./tcerts.toml` does.
fn pki_dir_of(dir: &Path) -> &Path {
    let here = Path::new(".");
    if dir == Path::new("pki")
        && !dir.join(crate::store::CONFIG_FILE).exists()
        && here.join(crate::store::CONFIG_FILE).is_file()
    {
        here
    } else {
        dir
    }
}

fn finish(mode: &str, report: &Report, handshake: Option<&Handshake>, out: Output) -> ExitCode {
    if out.json {
        let mut doc = json!({
            "mode": mode,
            "ok": !report.has_errors(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "certificates_checked": report.checked,
            "groups": report.groups,
        });
        if let Some(h) = handshake {
            doc["connection"] = json!(h);
        }
        out.json(&doc);
    } else {
        if let Some(h) = handshake {
            print_handshake(h, out);
        }
        print_report(report, out);
    }
    ExitCode::from(if report.has_errors() {
        EXIT_FAILED_CHECK
    } else {
        EXIT_OK
    })
}

fn print_handshake(h: &Handshake, out: Output) {
    if out.quiet {
        return;
    }
    let mut o = anstream::stdout();
    let _ = writeln!(
        o,
        "{BOLD}Connection to {} (server name {}){BOLD:#}",
        h.address, h.server_name
    );
    print_negotiated(&mut o, h);
    print_client_cert(&mut o, h);
    print_outcome(&mut o, h);
    print_server_chain(&mut o, h);
    let _ = writeln!(o);
}

/// One `key value` line of the handshake's summary.
fn kv(o: &mut dyn Write, k: &str, v: String) {
    let _ = writeln!(o, "  {k:<22} {v}");
}

/// Whether the handshake completed, and the TLS version, cipher suite and ALPN agreed.
fn print_negotiated(o: &mut dyn Write, h: &Handshake) {
    kv(
        o,
        "handshake",
        if h.completed {
            "completed".into()
        } else {
            "failed".into()
        },
    );
    kv(
        o,
        "TLS version",
        h.tls_version.clone().unwrap_or_else(|| "-".into()),
    );
    kv(
        o,
        "cipher suite",
        h.cipher_suite.clone().unwrap_or_else(|| "-".into()),
    );
    kv(o, "ALPN", h.alpn.clone().unwrap_or_else(|| "(none)".into()));
}

/// Whether the server asked for a client certificate, from which CAs, and whether it was sent.
fn print_client_cert(o: &mut dyn Write, h: &Handshake) {
    kv(
        o,
        "client cert requested",
        if h.client_cert_requested {
            "yes".into()
        } else {
            "no".into()
        },
    );
    if h.client_cert_requested {
        if h.requested_cas.is_empty() {
            kv(
                o,
                "accepted client CAs",
                "(any: the server listed none)".into(),
            );
        }
        for ca in &h.requested_cas {
            kv(o, "accepted client CA", ca.clone());
        }
        kv(
            o,
            "client cert sent",
            match (&h.client_cert_withheld, h.client_cert_sent) {
                (Some(why), _) => format!("no, withheld: {why}"),
                (None, true) => "yes (the server's certificate verified against --ca)".into(),
                (None, false) => "no".into(),
            },
        );
    }
}

/// The alert the server sent, or the error that ended the connection.
fn print_outcome(o: &mut dyn Write, h: &Handshake) {
    if let Some(a) = &h.alert {
        kv(o, "alert received", a.clone());
    }
    if let Some(e) = &h.error {
        kv(o, "error", e.clone());
    }
}

/// The certificates the server presented, one line each.
fn print_server_chain(o: &mut dyn Write, h: &Handshake) {
    let _ = writeln!(o, "  server chain:");
    for c in &h.server_chain {
        let _ = writeln!(
            o,
            "    {}: {}  {DIM}(issuer {}; {} days left){DIM:#}",
            c.position, c.subject, c.issuer, c.days_left
        );
    }
}

fn print_report(report: &Report, out: Output) {
    let mut o = anstream::stdout();
    for g in &report.groups {
        let shown: Vec<_> = g
            .findings
            .iter()
            .filter(|f| !out.quiet || f.severity != Severity::Info)
            .collect();
        if shown.is_empty() {
            continue;
        }
        match &g.subject {
            Some(s) => {
                let _ = writeln!(o, "{BOLD}{}{BOLD:#}  {s}", g.certificate);
            }
            None => {
                let _ = writeln!(o, "{BOLD}{}{BOLD:#}", g.certificate);
            }
        }
        for f in shown {
            let style = match f.severity {
                Severity::Error => RED,
                Severity::Warning => YELLOW,
                Severity::Info => BLUE,
            };
            let _ = writeln!(
                o,
                "  {style}{:<7}{style:#} {BOLD}{}{BOLD:#}: {}",
                f.severity.to_string(),
                f.code,
                f.message
            );
            let _ = writeln!(o, "          {DIM}fix:{DIM:#} {}", f.fix);
        }
    }
    if out.quiet {
        return;
    }
    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    let checked = plural(report.checked, "certificate");
    if e == 0 {
        let _ = writeln!(
            o,
            "{GREEN}✓{GREEN:#} {BOLD}no errors{BOLD:#} in {checked} ({}, {})",
            plural(w, "warning"),
            plural(i, "note")
        );
    } else {
        let _ = writeln!(
            o,
            "{RED}✗{RED:#} {BOLD}{}{BOLD:#}, {}, {} in {checked}",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "note")
        );
    }
}

fn explain_text(text: &str, out: Output) -> ExitCode {
    let found = explain::explain(text);
    let names = explain::names_in(text);
    if out.json {
        let names = names.as_ref().map(|n| {
            json!({
                "dialled": n.dialled,
                "valid_for": n.valid_for,
                "server_name": n.server_name(),
                "add_san": n.san_flag(),
                "fixes": n.fixes(),
            })
        });
        out.json(&json!({"mode": "explain", "matches": found, "names": names}));
        return ExitCode::SUCCESS;
    }
    let mut o = anstream::stdout();
    if let Some(n) = &names {
        print_name_mismatch(&mut o, n);
    }
    if found.is_empty() {
        print_no_match(&mut o);
        return ExitCode::SUCCESS;
    }
    for (i, e) in found.iter().enumerate() {
        print_explanation(&mut o, i, e);
    }
    ExitCode::SUCCESS
}

/// The names the client dialled and the certificate holds, and how to make them agree.
fn print_name_mismatch(o: &mut dyn Write, n: &explain::NameMismatch) {
    let valid = if n.valid_for.is_empty() {
        "the message does not list the certificate's names".to_string()
    } else {
        format!(
            "the server certificate is valid for {}",
            n.valid_for.join(", ")
        )
    };
    let _ = writeln!(
        o,
        "{BOLD}The client dialled {}; {valid}.{BOLD:#}",
        n.dialled
    );
    for f in n.fixes() {
        let _ = writeln!(o, "  - {f}");
    }
    let _ = writeln!(o);
}

/// No known TLS error in the text: the checks to run instead.
fn print_no_match(o: &mut dyn Write) {
    let _ = writeln!(
        o,
        "No known TLS error found in the text. Run the checks directly:"
    );
    let _ = writeln!(
        o,
        "  tcerts doctor --connect HOST:PORT --server-name NAME --ca CA.pem --cert CHAIN.pem --key KEY.pem"
    );
    let _ = writeln!(
        o,
        "  tcerts doctor --cert CHAIN.pem --key KEY.pem --ca CA.pem --usage server|client"
    );
}

/// One matched error: what it means, what the text says, likely causes and checks.
fn print_explanation(o: &mut dyn Write, i: usize, e: &explain::Explanation) {
    let rank = if i == 0 {
        "most likely".to_string()
    } else {
        "also matched".to_string()
    };
    let _ = writeln!(
        o,
        "{BOLD}{}. {}{BOLD:#}  {DIM}({rank}: {}; {}){DIM:#}",
        i + 1,
        e.cause,
        e.matched,
        e.source
    );
    let _ = writeln!(o, "  {}", e.meaning);
    if !e.details.is_empty() {
        let _ = writeln!(o, "  in this text:");
        for d in &e.details {
            let _ = writeln!(o, "    - {d}");
        }
    }
    let _ = writeln!(o, "  likely causes:");
    for c in e.causes {
        let _ = writeln!(o, "    - {c}");
    }
    let _ = writeln!(o, "  confirm it in your files:");
    for c in &e.checks {
        let _ = writeln!(o, "    $ {c}");
    }
    if !e.codes.is_empty() {
        let _ = writeln!(o, "  doctor codes: {}", e.codes.join(", "));
    }
    let _ = writeln!(o);
}
