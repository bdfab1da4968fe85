//! `tcerts issue ROLE`: a leaf certificate for a Temporal role, with a new key or from a CSR.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::init::shell_path;
use super::parse_validity;
use crate::Error;
use crate::cli::IssueArgs;
use crate::output::{Output, json_path};
use crate::pki::{
    self, CaKind, IssuedLeaf, IssuingCa, LeafKey, LeafRequest, Role, SignedRequest, SubjectAltNames,
};
use crate::store::{
    CertificateConfig, Config, LockMode, Store, atomic, read_input, upsert_certificate,
};

pub(super) fn run(dir: &Path, args: IssueArgs, out: Output) -> Result<(), Error> {
    let role = args.role;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| role.as_str().to_string());
    pki::validate_name(&name).map_err(|e| Error::Usage(format!("--name: {e}")))?;
    if let Some(ns) = &args.namespace {
        if !role.takes_namespace() {
            return Err(Error::Usage(format!(
                "--namespace applies to worker, cli and client certificates, not {role}: servers are shared by every namespace"
            )));
        }
        pki::validate_namespace(ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
    }
    let mut sans = SubjectAltNames::parse(&args.dns, &args.ip).map_err(|e| {
        let flag = if matches!(e, pki::Error::InvalidIp(_)) {
            "--ip"
        } else {
            "--dns"
        };
        Error::Usage(format!("{flag}: {e}"))
    })?;

    // Read and verify the CSR before taking the lock or touching anything.
    let csr = match &args.csr {
        Some(path) => {
            let bytes = read_input(path)?;
            Some(SignedRequest::parse(&bytes).map_err(|e| Error::input(path, e))?)
        }
        None => None,
    };
    // The requester chooses a CSR's names; they go into the certificate only when the user
    // confirms them (--dns, or --accept-csr-names), never silently.
    let mut csr_notes = Vec::new();
    if let (Some(req), Some(path)) = (&csr, &args.csr)
        && !req.dns.is_empty()
    {
        let asked = req
            .dns
            .iter()
            .map(|d| format!("DNS:{d}"))
            .collect::<Vec<_>>();
        if args.accept_csr_names {
            sans = SubjectAltNames::parse(&req.dns, &[]).map_err(|e| Error::input(path, e))?;
        } else if sans.is_empty() {
            let repeat: Vec<String> = req.dns.iter().map(|d| format!("--dns '{d}'")).collect();
            return Err(Error::Usage(format!(
                "{}: the CSR asks for the names {}, chosen by whoever made it; a certificate gets only names you confirm: repeat them ({}) or pass --accept-csr-names",
                path.display(),
                asked.join(", "),
                repeat.join(" ")
            )));
        } else {
            let left_out: Vec<&String> = req
                .dns
                .iter()
                .filter(|d| {
                    !sans
                        .dns
                        .contains(&d.trim_end_matches('.').to_ascii_lowercase())
                })
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

    let store = Store::open(dir, LockMode::Exclusive)?;
    let config = store.config()?;
    let issuer_kind = match &args.namespace {
        Some(ns) => {
            if config.namespace(ns).is_none() {
                return Err(Error::Usage(format!(
                    "namespace '{ns}' has no CA in {}; create it with `tcerts --dir {} namespace add {ns}`",
                    dir.display(),
                    shell_path(dir)
                )));
            }
            CaKind::Namespace(ns.clone())
        }
        None => CaKind::Intermediate,
    };
    let cert_dir = store.cert_dir(&name);
    if cert_dir.exists() && !args.force {
        let detail = Store::read_cert(&cert_dir.join("cert.pem"))
            .map(|c| format!(" (expires {})", pki::format_time(c.not_after)))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "certificate '{name}' already exists in {}{detail}; pass --force to replace it, or --name for another",
            cert_dir.display()
        )));
    }
    let validity = match &args.validity {
        Some(v) => parse_validity("--validity", v)?,
        None => config.defaults.leaf_validity,
    };
    let key_type = args.key_type.unwrap_or(config.defaults.key_type);
    let ca = store.issuing_ca(&issuer_kind)?;
    let now = pki::now();

    let record = CertificateConfig {
        name: name.clone(),
        role,
        namespace: args.namespace.clone(),
        dns: sans.dns.clone(),
        ip: sans.ips.iter().map(ToString::to_string).collect(),
        key_type: args.key_type,
        validity: args.validity.as_ref().map(|_| validity),
        renew_before: config.certificate(&name).and_then(|c| c.renew_before),
        csr: args.csr.as_ref().map(|p| absolute(p).display().to_string()),
    };
    let spinner = (csr.is_none() && key_type.is_slow_to_generate())
        .then(|| out.spinner(&format!("generating a {key_type} key")))
        .flatten();
    let key = match csr {
        Some(req) => LeafKey::Csr(req),
        None => LeafKey::Generate(key_type),
    };
    let trust_pem = store.trusted_roots_pem()?;
    let (issued, written) = issue_declared(
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

    let current = store.read_config_text()?;
    let text = upsert_certificate(&store.config_path(), &current, &record)?;
    if text != current {
        store.write_config_text(&text)?;
    }
    crate::inventory::update(&store)?;

    if let Some(end) = issued.clamped_to {
        out.warn(&format!(
            "validity cut to {} so that '{name}' does not outlive its issuing CA ({}); rotate that CA to issue longer",
            pki::format_time(end),
            ca.cert.common_name.clone().unwrap_or_default()
        ));
    }
    for n in &csr_notes {
        out.warn(n);
    }
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
    out.wrote(&written.join("cert.pem"), "certificate");
    out.wrote(
        &written.join("chain.pem"),
        "certificate + intermediates (present this)",
    );
    out.wrote(
        &written.join("ca.pem"),
        "root CA (to verify the other side)",
    );
    if issued.key_pem.is_some() {
        out.wrote(&written.join("key.pem"), "private key (PKCS#8, 0600)");
    }
    out.next(
        "Use it:",
        &next_steps(role, &written, &sans, dir, issued.key_pem.is_some()),
    );
    out.json(&json!({
        "name": name,
        "role": role.as_str(),
        "namespace": args.namespace,
        "serial": issued.cert.serial_hex,
        "not_before": pki::format_time(issued.cert.not_before),
        "not_after": pki::format_time(issued.cert.not_after),
        "clamped": issued.clamped_to.is_some(),
        "issuer": issued.cert.issuer,
        "subject": issued.cert.subject,
        "dns": sans.dns,
        "ip": sans.ips,
        "key_type": issued.key_type.map(|k| k.as_str()),
        "files": {
            "cert": json_path(&written.join("cert.pem")),
            "chain": json_path(&written.join("chain.pem")),
            "ca": json_path(&written.join("ca.pem")),
            "key": issued.key_pem.as_ref().map(|_| json_path(&written.join("key.pem"))),
        },
    }));
    Ok(())
}

/// Issues one declared certificate from `ca` and hands its files, as one set, to `write`
/// (`Store::write_cert_set`, or a `CertBatch` for `apply`); the old set stays until the new
/// one is complete. `ca.pem` is `trust_pem`: every trusted root, so that during a root
/// rotation peers accept both generations. The one path `issue` and `apply` share.
pub(crate) fn issue_declared(
    config: &Config,
    decl: &CertificateConfig,
    key: LeafKey,
    ca: &IssuingCa,
    now: time::OffsetDateTime,
    trust_pem: &str,
    write: impl FnOnce(&str, &[atomic::SetFile<'_>]) -> Result<PathBuf, crate::store::Error>,
) -> Result<(IssuedLeaf, PathBuf), Error> {
    let sans = SubjectAltNames::parse(&decl.dns, &decl.ip)?;
    let issued = pki::issue_leaf(
        LeafRequest {
            role: decl.role,
            name: decl.name.clone(),
            org: config.organization.clone(),
            namespace: decl.namespace.clone(),
            sans,
            validity: decl.validity.unwrap_or(config.defaults.leaf_validity),
            key,
        },
        ca,
        now,
    )?;
    let cert_pem = issued.cert.pem();
    let mut files = vec![
        atomic::SetFile {
            name: "cert.pem",
            bytes: cert_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        },
        atomic::SetFile {
            name: "chain.pem",
            bytes: issued.chain_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        },
        atomic::SetFile {
            name: "ca.pem",
            bytes: trust_pem.as_bytes(),
            mode: atomic::PUBLIC_MODE,
        },
    ];
    if let Some(k) = &issued.key_pem {
        files.push(atomic::SetFile {
            name: "key.pem",
            bytes: k.as_bytes(),
            mode: atomic::KEY_MODE,
        });
    }
    let written = write(&decl.name, &files)?;
    Ok((issued, written))
}

fn next_steps(
    role: Role,
    dir: &Path,
    sans: &SubjectAltNames,
    pki_dir: &Path,
    has_key: bool,
) -> Vec<String> {
    let d = shell_path(dir);
    // From a CSR, the key stays with the workload that made it.
    let key = if has_key {
        format!("{d}/key.pem")
    } else {
        "KEY.pem (the key the CSR was made with)".to_string()
    };
    match role {
        Role::Worker | Role::Cli | Role::Client => vec![
            "temporal operator namespace list --address FRONTEND:7233 \\".into(),
            format!("  --tls-cert-path {d}/chain.pem --tls-key-path {key} \\"),
            format!("  --tls-ca-path {d}/ca.pem --tls-server-name FRONTEND-NAME"),
            "SDKs: TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH".into(),
        ],
        Role::Frontend | Role::Server => {
            let server_name = sans.dns.first().cloned().unwrap_or_else(|| "localhost".into());
            vec![
                "Temporal server config (global.tls.frontend.server):".into(),
                format!("  certFile: {d}/chain.pem"),
                format!("  keyFile: {key}"),
                format!("  clientCaFiles: [{d}/ca.pem]"),
                "  requireClientAuth: true".into(),
                format!("Clients dial it with --tls-server-name {server_name}."),
            ]
        }
        Role::Internode => vec![
            "Temporal server config (global.tls.internode):".into(),
            format!("  server: {{certFile: {d}/chain.pem, keyFile: {key}, clientCaFiles: [{d}/ca.pem], requireClientAuth: true}}"),
            format!("  client: {{serverName: {}, rootCaFiles: [{d}/ca.pem]}}", sans.dns.first().cloned().unwrap_or_default()),
            format!("Also add {d}/ca.pem to frontend.server.clientCaFiles (internode clients call the frontend); PKI: {}", pki_dir.display()),
        ],
    }
}

fn absolute(p: &Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
