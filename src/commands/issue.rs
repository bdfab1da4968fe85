//! `tcerts issue ROLE`: a leaf certificate for a Temporal role, with a new key or from a CSR.

use std::path::Path;

use serde_json::json;

use super::parse_validity;
use crate::Error;
use crate::cli::IssueArgs;
use crate::lifecycle::{self, redeclare};
use crate::output::shell_path;
use crate::output::{Output, json_path};
use crate::pki::{
    self, CaKind, IssuedLeaf, IssuingCa, LeafKey, Role, SignedRequest, SubjectAltNames,
};
use crate::store::permissions::Scope;
use crate::store::{
    CertFiles, CertificateConfig, Config, Declarations, Store, certificate_insertion, read_input,
    upsert_certificate,
};

pub(super) fn run(dir: &Path, args: IssueArgs, out: Output) -> Result<(), Error> {
    let role = args.role;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| role.as_str().to_string());
    check_flags(&args, &name)?;

    // Read and verify the CSR before taking the lock or touching anything.
    let csr = read_csr_flag(&args)?;

    let store = Store::open_to_write(dir, Scope::Certificate(&name))?;
    // Only the entries that may declare it (and the frontends, for the hint below).
    let config = store.config_for(Declarations::For(&name))?;
    let validity = match &args.validity {
        Some(v) => Some(parse_validity("--validity", v)?),
        None => None,
    };
    // A declared certificate keeps what tcerts.toml records unless a flag replaces it.
    let declared = config.certificate(&name);
    let (csr_dns, csr_notes) = confirm_csr_names(&args, csr.as_ref(), declared)?;
    let (record, changes, sans) = merged_record(&args, &name, declared, csr_dns, validity)?;
    let issuer_kind = issuer_of(&config, record.namespace.as_deref(), dir)?;
    refuse_existing(&store, &name, args.force)?;
    // A declared CSR (not given again with --csr) is signed again: the workload keeps its key.
    let csr = match (csr, &record.csr) {
        (Some(req), _) => Some(req),
        (None, Some(path)) => Some(lifecycle::read_csr(&lifecycle::csr_path(dir, path))?),
        (None, None) => None,
    };
    let key_type = record.key_type.unwrap_or(config.defaults.key_type);
    let ca = store.issuing_ca(&issuer_kind)?;
    let now = pki::now();

    let spinner = (csr.is_none() && key_type.is_slow_to_generate())
        .then(|| out.spinner(&format!("generating a {key_type} key")))
        .flatten();
    let key = match csr {
        Some(req) => LeafKey::Csr(req),
        None => LeafKey::Generate(key_type),
    };
    let trust_pem = store.trusted_roots_pem()?;
    let (issued, written) = crate::issuance::issue_declared(
        &config,
        &record,
        key,
        &ca,
        now,
        &trust_pem,
        |name, files| store.write_cert_set(name, files),
    )?;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }

    record_declaration(&store, &config, &record, &changes, role, now)?;

    let issued_as = Outcome {
        name: &name,
        role,
        record: &record,
        changes: &changes,
        sans: &sans,
        issued: &issued,
        written: &written,
        issuer: &ca,
    };
    warn_after_issue(&issued_as, &config, &store, &csr_notes, dir, out);
    // The one frontend's real names in the client hint, else placeholders and why.
    let frontend =
        crate::export::frontend::Frontends::load(&store, &config).dial_hint(&shell_path(dir));
    print_issued(&issued_as, dir, &frontend, out);
    Ok(())
}

/// The certificate's tcerts.toml entry: the declared one (if any) with what the flags
/// state replaced; the fields that changed; its names, parsed.
fn merged_record(
    args: &IssueArgs,
    name: &str,
    declared: Option<&CertificateConfig>,
    csr_dns: Vec<String>,
    validity: Option<pki::Validity>,
) -> Result<(CertificateConfig, Vec<redeclare::Change>, SubjectAltNames), Error> {
    let (mut record, changes) = redeclare::merge(
        name,
        args.role,
        declared,
        redeclare::Requested {
            namespace: args.namespace.clone(),
            dns: args.dns.clone(),
            ip: args.ip.clone(),
            csr_dns,
            key_type: args.key_type,
            validity,
            csr: args.csr.as_ref().map(|p| absolute(p).display().to_string()),
        },
    );
    let sans = SubjectAltNames::parse(&record.dns, &record.ip).map_err(|e| match &args.csr {
        Some(p) if args.dns.is_empty() && args.ip.is_empty() => Error::input(p, e),
        _ => e.into(),
    })?;
    record.dns.clone_from(&sans.dns);
    record.ip = sans.ips.iter().map(ToString::to_string).collect();
    Ok((record, changes, sans))
}

/// Checks the flags first, so that a bad one is named.
fn check_flags(args: &IssueArgs, name: &str) -> Result<(), Error> {
    let role = args.role;
    pki::validate_name(name).map_err(|e| Error::Usage(format!("--name: {e}")))?;
    if let Some(ns) = &args.namespace {
        if !role.takes_namespace() {
            return Err(Error::Usage(format!(
                "--namespace applies to worker, cli and client certificates, not {role}: servers are shared by every namespace"
            )));
        }
        pki::validate_namespace(ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
    }
    // Checked now so that a bad flag is named; the names used come from `merge` below.
    SubjectAltNames::parse(&args.dns, &args.ip).map_err(|e| {
        let flag = if matches!(e, pki::Error::InvalidIp(_)) {
            "--ip"
        } else {
            "--dns"
        };
        Error::Usage(format!("{flag}: {e}"))
    })?;

    Ok(())
}

/// The CSR given with --csr, read and verified before taking the lock or touching anything.
fn read_csr_flag(args: &IssueArgs) -> Result<Option<SignedRequest>, Error> {
    Ok(match &args.csr {
        Some(path) => {
            let bytes = read_input(path)?;
            Some(SignedRequest::parse(&bytes).map_err(|e| Error::input(path, e))?)
        }
        None => None,
    })
}

/// The requester chooses a CSR's names; they go into the certificate only when the user
/// confirms them (--dns, or --accept-csr-names), never silently. Names a declaration
/// recorded were confirmed when it was made. Returns the CSR names accepted and notes
/// about the names left out.
fn confirm_csr_names(
    args: &IssueArgs,
    csr: Option<&SignedRequest>,
    declared: Option<&CertificateConfig>,
) -> Result<(Vec<String>, Vec<String>), Error> {
    let mut csr_notes = Vec::new();
    let mut csr_dns = Vec::new();
    if let (Some(req), Some(path)) = (csr, &args.csr)
        && !req.dns.is_empty()
    {
        let confirmed: Vec<String> = if !args.dns.is_empty() || !args.ip.is_empty() {
            args.dns.clone()
        } else {
            declared.map(|d| d.dns.clone()).unwrap_or_default()
        };
        let any_confirmed = !confirmed.is_empty()
            || !args.ip.is_empty()
            || declared.is_some_and(|d| !d.ip.is_empty());
        if args.accept_csr_names {
            SubjectAltNames::parse(&req.dns, &[]).map_err(|e| Error::input(path, e))?;
            csr_dns.clone_from(&req.dns);
        } else if !any_confirmed {
            let asked: Vec<String> = req.dns.iter().map(|d| format!("DNS:{d}")).collect();
            let repeat: Vec<String> = req.dns.iter().map(|d| format!("--dns '{d}'")).collect();
            return Err(Error::Usage(format!(
                "{}: the CSR asks for the names {}, chosen by whoever made it; a certificate gets only names you confirm: repeat them ({}) or pass --accept-csr-names",
                path.display(),
                asked.join(", "),
                repeat.join(" ")
            )));
        } else {
            let norm = |d: &str| d.trim_end_matches('.').to_ascii_lowercase();
            let confirmed: Vec<String> = confirmed.iter().map(|d| norm(d)).collect();
            let left_out: Vec<&String> = req
                .dns
                .iter()
                .filter(|d| !confirmed.contains(&norm(d)))
                .collect();
            if !left_out.is_empty() {
                csr_notes.push(format!(
                    "the CSR also asks for {}; the certificate does not get {} (only --dns/--ip names go in)",
                    left_out.iter().map(|d| format!("DNS:{d}")).collect::<Vec<_>>().join(", "),
                    if left_out.len() == 1 { "it" } else { "them" }
                ));
            }
        }
    }
    Ok((csr_dns, csr_notes))
}

/// The CA a certificate is issued from: its namespace's CA, else the intermediate.
fn issuer_of(config: &Config, namespace: Option<&str>, dir: &Path) -> Result<CaKind, Error> {
    Ok(match namespace {
        Some(ns) => {
            if config.namespace(ns).is_none() {
                return Err(Error::Usage(format!(
                    "namespace '{ns}' has no CA in {}; create it with `tcerts --dir {} namespace add {ns}`",
                    dir.display(),
                    shell_path(dir)
                )));
            }
            CaKind::Namespace(ns.to_string())
        }
        None => CaKind::Intermediate,
    })
}

/// Refuses to replace an existing certificate without --force.
fn refuse_existing(store: &Store, name: &str, force: bool) -> Result<(), Error> {
    let cert_dir = store.cert_dir(name);
    if cert_dir.exists() && !force {
        let detail = Store::read_cert(&cert_dir.join(crate::store::CERT_FILE))
            .map(|c| format!(" (expires {})", pki::format_time(c.not_after)))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "certificate '{name}' already exists in {}{detail}; pass --force to replace it, or --name for another",
            cert_dir.display()
        )));
    }
    Ok(())
}

/// Records the certificate's entry in tcerts.toml (with a note of what --force changed)
/// and updates the inventory.
fn record_declaration(
    store: &Store,
    config: &Config,
    record: &CertificateConfig,
    changes: &[redeclare::Change],
    role: Role,
    now: time::OffsetDateTime,
) -> Result<(), Error> {
    let note = (!changes.is_empty()).then(|| {
        format!(
            "{}: `tcerts issue {role} --force` changed {}",
            pki::format_time(now),
            changes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let declared = config.certificate(&record.name);
    let path = store.config_path();
    let which = Declarations::For(&record.name);
    // Declared as it is: tcerts.toml stays as it is, unread.
    if declared.is_none()
        && let Some(table) = certificate_insertion(&path, record, note.as_deref())?
    {
        store.add_config_table(&table, which)?;
    } else if note.is_some() || declared != Some(record) {
        let current = store.read_config_text()?;
        let text = upsert_certificate(&path, &current, record, note.as_deref())?;
        if text != current {
            store.write_config_text_for(&text, which)?;
        }
    }
    crate::inventory::record_certificate(store, config, &record.name, Some(record))?;
    Ok(())
}

/// What `issue` made: one certificate and what it was issued from, for printing.
struct Outcome<'a> {
    name: &'a str,
    role: Role,
    record: &'a CertificateConfig,
    changes: &'a [redeclare::Change],
    sans: &'a SubjectAltNames,
    issued: &'a IssuedLeaf,
    written: &'a Path,
    issuer: &'a IssuingCa,
}

/// What about this certificate is not what the user may expect.
fn warn_after_issue(
    i: &Outcome<'_>,
    config: &Config,
    store: &Store,
    csr_notes: &[String],
    dir: &Path,
    out: Output,
) {
    let Outcome {
        name,
        role,
        record,
        changes,
        issued,
        issuer: ca,
        ..
    } = *i;
    if !changes.is_empty() {
        out.warn(&format!(
            "'{name}' was declared differently in {}; the flags changed {} (recorded there)",
            store.config_path().display(),
            changes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if matches!(role, Role::Worker | Role::Cli)
        && record.namespace.is_none()
        && !config.namespaces.is_empty()
    {
        let all: Vec<&str> = config.namespaces.iter().map(|n| n.name.as_str()).collect();
        out.warn(&format!(
            "'{name}' was issued from the general issuing CA with no namespace (no OU), though this PKI has namespace CAs ({}); to tie it to one, re-issue it with --namespace NS: tcerts --dir {} issue {role} --name {name} --namespace {} --force",
            all.join(", "),
            shell_path(dir),
            all[0]
        ));
    }
    if let Some(end) = issued.clamped_to {
        out.warn(&format!(
            "validity cut to {} so that '{name}' does not outlive its issuing CA ({}); rotate that CA to issue longer",
            pki::format_time(end),
            ca.cert.common_name.clone().unwrap_or_default()
        ));
    }
    for n in csr_notes {
        out.warn(n);
    }
}

/// The result: the certificate, its names and files, how to use it (or one JSON document).
/// Prints the certificate, its files and how to use it (`frontend`: the address and server
/// name clients dial, or why they are not known).
fn print_issued(
    i: &Outcome<'_>,
    dir: &Path,
    frontend: &Result<(String, String), String>,
    out: Output,
) {
    let Outcome {
        name,
        role,
        record,
        changes,
        sans,
        issued,
        written,
        issuer: ca,
    } = *i;
    let issuer_cn = ca.cert.common_name.clone().unwrap_or_default();
    out.done(&format!(
        "Issued {role} certificate '{name}' from {issuer_cn}, valid until {}",
        pki::format_time(issued.cert.not_after)
    ));
    // Every name the certificate is valid for, as it is in the certificate.
    if !issued.cert.dns.is_empty() || !issued.cert.ips.is_empty() {
        let names: Vec<String> = issued
            .cert
            .dns
            .iter()
            .map(|d| format!("DNS:{d}"))
            .chain(issued.cert.ips.iter().map(|i| format!("IP:{i}")))
            .collect();
        out.line(&format!("  names: {}", names.join(", ")));
    }
    let paths = CertFiles::in_dir(written);
    let files = [
        (paths.cert.clone(), "certificate"),
        (
            paths.chain.clone(),
            "certificate + intermediates (present this)",
        ),
        (paths.ca.clone(), "root CA (to verify the other side)"),
        (paths.key.clone(), "private key (PKCS#8, 0600)"),
    ];
    let shown = if issued.key_pem.is_some() { 4 } else { 3 };
    out.wrote_all(
        &files[..shown]
            .iter()
            .map(|(p, w)| (p.as_path(), *w))
            .collect::<Vec<_>>(),
    );
    out.next(
        "Use it:",
        &next_steps(role, written, sans, dir, issued.key_pem.is_some(), frontend),
    );
    out.json(&json!({
        "name": name,
        "role": role.as_str(),
        "namespace": record.namespace,
        "serial": issued.cert.serial_hex,
        "not_before": pki::format_time(issued.cert.not_before),
        "not_after": pki::format_time(issued.cert.not_after),
        "clamped": issued.clamped_to.is_some(),
        "issuer": issued.cert.issuer,
        "subject": issued.cert.subject,
        "dns": sans.dns,
        "ip": sans.ips,
        "key_type": issued.key_type.map(pki::KeyType::as_str),
        // Fields of the tcerts.toml entry that the flags changed.
        "changed": changes.iter().map(|c| json!({
            "field": c.field,
            "before": c.before,
            "after": c.after,
        })).collect::<Vec<_>>(),
        "files": {
            "cert": json_path(&paths.cert),
            "chain": json_path(&paths.chain),
            "ca": json_path(&paths.ca),
            "key": issued.key_pem.as_ref().map(|_| json_path(&paths.key)),
        },
    }));
}

fn next_steps(
    role: Role,
    dir: &Path,
    sans: &SubjectAltNames,
    pki_dir: &Path,
    has_key: bool,
    frontend: &Result<(String, String), String>,
) -> Vec<String> {
    let d = shell_path(dir);
    // From a CSR, the key stays with the workload that made it.
    let key = if has_key {
        format!("{d}/key.pem")
    } else {
        "KEY.pem (the key the CSR was made with)".to_string()
    };
    match role {
        Role::Worker | Role::Cli | Role::Client => {
            let (address, server_name) = match frontend {
                Ok((a, n)) => (a.clone(), n.clone()),
                Err(_) => ("FRONTEND:7233".to_string(), "FRONTEND-NAME".to_string()),
            };
            let mut lines = vec![
                format!("temporal operator namespace list --address {address} \\"),
                format!("  --tls-cert-path {d}/chain.pem --tls-key-path {key} \\"),
                format!("  --tls-ca-path {d}/ca.pem --tls-server-name {server_name}"),
                "SDKs: TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH".into(),
            ];
            if let Err(why) = frontend {
                lines.push(format!("(FRONTEND: {why})"));
            }
            lines
        }
        Role::Frontend | Role::Server => {
            let server_name = sans
                .dns
                .first()
                .cloned()
                .unwrap_or_else(|| "localhost".into());
            let p = shell_path(pki_dir);
            vec![
                "Temporal server config (global.tls.frontend.server):".into(),
                format!("  certFile: {d}/chain.pem"),
                format!("  keyFile: {key}"),
                format!(
                    "  clientCaFiles: [{p}/trust/clients.pem]   (issuing and namespace CAs, rewritten by every CA change)"
                ),
                "  requireClientAuth: true".into(),
                format!("Clients dial it with --tls-server-name {server_name}."),
            ]
        }
        Role::Internode => {
            let p = shell_path(pki_dir);
            vec![
                "Temporal server config (global.tls.internode):".into(),
                format!(
                    "  server: {{certFile: {d}/chain.pem, keyFile: {key}, clientCaFiles: [{p}/trust/internode.pem], requireClientAuth: true}}"
                ),
                format!(
                    "  client: {{serverName: {}, rootCaFiles: [{d}/ca.pem]}}",
                    sans.dns.first().cloned().unwrap_or_default()
                ),
                format!(
                    "The frontend's clientCaFiles ({p}/trust/clients.pem) already hold its issuing CA (internode clients call the frontend)"
                ),
            ]
        }
    }
}

fn absolute(p: &Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
