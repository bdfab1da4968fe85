//! `tcerts doctor` in a PKI directory: the health of everything tcerts manages.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use time::OffsetDateTime;

use super::chain::{
    ChainInput, KnownCas, Usage, check_chain, check_eku, check_key, check_names, check_validity,
};
use super::evidence::Cert;
use super::files::{InputFile, certs_of_cached, check_key_file};
use super::load::load_bytes;
use super::trust_model::{self, RetiredCa};
use super::{Finding, Report, Severity};
use crate::pki::{CaKind, Role};
use crate::store::{
    self, CERT_FILE, CHAIN_FILE, CSR_FILE, CertificateConfig, KEY_FILE, LockMode, RootMode, Store,
    TRUST_FILE,
};

/// A file of the PKI, read tolerantly; None (with a finding) when missing or unreadable.
fn read(store: &Store, rel: &str, required: bool, report: &mut Report) -> Option<Vec<u8>> {
    let path = store.dir().join(rel);
    if std::fs::symlink_metadata(&path).is_err() {
        if required {
            report.add(rel, None, Finding::new(
                "missing-file",
                Severity::Error,
                rel,
                format!("{} does not exist", path.display()),
                "restore it from a backup, or re-create it (tcerts issue … --force, tcerts namespace add … --force)",
            ));
        }
        return None;
    }
    // As tcerts itself reads the PKI: never through a symlink (a key.pem linked to a
    // file elsewhere is reported, not read).
    match store::read_pki_file(&path) {
        Ok(b) => Some(b.to_vec()),
        Err(e) => {
            report.add(
                rel,
                None,
                Finding::new(
                    "unreadable",
                    Severity::Error,
                    rel,
                    e.to_string(),
                    "check the file's permissions",
                ),
            );
            None
        }
    }
}

fn certs(store: &Store, rel: &str, required: bool, report: &mut Report) -> Vec<Cert> {
    let Some(bytes) = read(store, rel, required, report) else {
        return Vec::new();
    };
    let loaded = load_bytes(rel, &bytes);
    for f in &loaded.findings {
        report.add(rel, None, f.clone());
    }
    certs_of_cached(&loaded, report)
}

fn key(store: &Store, rel: &str, leaf: Option<&Cert>, report: &mut Report) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(store.dir().join(rel))
        && meta.permissions().mode() & 0o077 != 0
    {
        report.add(
            rel,
            None,
            Finding::new(
                "key-permissions",
                Severity::Warning,
                rel,
                format!(
                    "the private key is readable by other users (mode {:04o}); tcerts writes keys 0600",
                    meta.permissions().mode() & 0o7777
                ),
                format!("chmod 600 {}", store.dir().join(rel).display()),
            ),
        );
    }
    if let Some(bytes) = read(store, rel, true, report) {
        let bytes = zeroize::Zeroizing::new(bytes);
        check_key_file(
            &InputFile {
                name: rel,
                bytes: &bytes,
            },
            leaf,
            report,
        );
    }
}

/// A CA's key: its key.pem, or the PKCS#11 token key tcerts.toml records for it.
fn ca_key(store: &Store, config: &store::Config, rel: &str, ca: &Cert, report: &mut Report) {
    let file = format!("{rel}/{KEY_FILE}");
    match config.ca_key_uri(&ca.info) {
        Some(uri) if !store.dir().join(&file).exists() => {
            super::key_custody::check_token_key(uri, rel, ca, report);
        }
        _ => key(store, &file, Some(ca), report),
    }
}

/// The CA certificates of the PKI at `dir` (every `cert.pem` and `chain.pem` under `ca/`,
/// current and rotated out), for missing-intermediate's evidence. Unreadable files are
/// skipped: the PKI checks report them.
pub fn known_cas(dir: &Path) -> KnownCas {
    fn walk(base: &Path, d: &Path, depth: u32, out: &mut Vec<Cert>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() && depth < 6 {
                walk(base, &p, depth + 1, out);
            } else if matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some(CERT_FILE | CHAIN_FILE)
            ) && let Ok(bytes) = store::read_input(&p)
            {
                let rel = p.strip_prefix(base).unwrap_or(&p).display().to_string();
                let mut scratch = Report::default();
                let loaded = load_bytes(&rel, &bytes);
                for c in certs_of_cached(&loaded, &mut scratch) {
                    if c.info.is_ca && !out.iter().any(|o| o.der() == c.der()) {
                        out.push(c);
                    }
                }
            }
        }
    }
    let mut certs = Vec::new();
    walk(dir, &dir.join("ca"), 0, &mut certs);
    KnownCas {
        certs,
        source: format!("the PKI in {}", dir.display()),
    }
}

/// Checks the PKI at `dir`. Errors only when it is not a PKI or its config is unreadable.
pub fn check_pki(dir: &Path, now: OffsetDateTime) -> Result<Report, store::Error> {
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config()?;
    // The permission walk visits every directory of the PKI on one core: it runs beside
    // the certificate checks, and its findings come first, as when it ran before them.
    let (mut report, contents) = rayon::join(
        || exposures(&store),
        || check_contents(&store, &config, dir, now),
    );
    report.merge(contents);
    Ok(report)
}

/// pki-permissions: directories other users can change (every writing command refuses
/// this PKI).
fn exposures(store: &Store) -> Report {
    let mut report = Report::default();
    for e in store::permissions::exposures(store.dir()) {
        let rel = e
            .path
            .strip_prefix(store.dir())
            .ok()
            .filter(|r| !r.as_os_str().is_empty())
            .map_or_else(|| ".".to_string(), |r| r.display().to_string());
        report.add(
            &rel,
            None,
            Finding::new(
                "pki-permissions",
                Severity::Error,
                &rel,
                format!(
                    "{} is {}: another user could swap in their own CA or key, and tcerts would sign with it; writing commands refuse this PKI until it is fixed",
                    e.path.display(),
                    e.why
                ),
                e.fix,
            ),
        );
    }

    report
}

/// Everything of the PKI at `dir` but its directories' permissions.
fn check_contents(
    store: &Store,
    config: &store::Config,
    dir: &Path,
    now: OffsetDateTime,
) -> Report {
    let mut report = Report::default();
    // `init --external-root` before `ca import`: nothing to check yet but the next step.
    let inter = store.ca_dir(&CaKind::Intermediate);
    if !inter.join(CERT_FILE).exists() && inter.join(CSR_FILE).exists() {
        report.add("ca/intermediate/csr.pem", None, Finding::new(
            "awaiting-import",
            Severity::Error,
            "ca/intermediate/csr.pem",
            "the issuing CA is not signed yet: this PKI waits for your enterprise root to sign ca/intermediate/csr.pem, and issues nothing until then",
            format!("have the enterprise root sign {}, then: tcerts --dir {} ca import SIGNED.pem --chain ENTERPRISE-CHAIN.pem", inter.join(CSR_FILE).display(), dir.display()),
        ));
        return report;
    }

    let root = check_root(store, config, now, &mut report);
    let trust: Vec<Cert> = root.into_iter().collect();
    let known = known_cas(dir);
    check_cas(store, config, &trust, &known, now, &mut report);
    check_previous_namespace_cas(store, config, &mut report);
    let retired = trust_model::retired_cas(store, config);
    check_trust_files(store, &retired, &mut report);
    let own_roots = own_roots(store, config);
    let names = cert_names(store, config);
    let leaves = Leaves {
        own_roots: &own_roots,
        known: &known,
        retired: &retired,
        now,
    };
    for part in check_leaves(store, config, names, &leaves) {
        report.merge(part);
    }
    report
}

/// The root: validity, key, self-signed, and its key when tcerts holds it.
fn check_root(
    store: &Store,
    config: &store::Config,
    now: OffsetDateTime,
    report: &mut Report,
) -> Option<Cert> {
    // The root.
    let root = certs(store, &format!("ca/root/{CERT_FILE}"), true, report);
    let root = root.into_iter().next();
    if let Some(r) = &root {
        report.checked += 1;
        for f in check_validity(
            r,
            now,
            &config.ca_renewal(),
            Severity::Error,
            "rotate it with an overlap: tcerts ca rotate --root, then tcerts apply, deploy, and tcerts ca retire --root",
        )
        .into_iter()
        .chain(check_key(r))
        {
            report.cert(r, f);
        }
        if !r.self_signed {
            report.cert(
                r,
                Finding::new(
                    "root-not-self-signed",
                    Severity::Warning,
                    &r.info.subject,
                    "ca/root/cert.pem is not a self-signed root",
                    "put the root CA certificate in ca/root/cert.pem (tcerts ca import does)",
                ),
            );
        }
        if config.root.mode == RootMode::Local {
            ca_key(store, config, "ca/root", r, report);
        }
    }
    root
}

/// The issuing intermediate and the namespace CAs, each against the root.
fn check_cas(
    store: &Store,
    config: &store::Config,
    trust: &[Cert],
    known: &KnownCas,
    now: OffsetDateTime,
    report: &mut Report,
) {
    let mut cas = vec![("ca/intermediate".to_string(), CaKind::Intermediate)];
    for ns in &config.namespaces {
        cas.push((
            format!("ca/namespaces/{}", ns.name),
            CaKind::Namespace(ns.name.clone()),
        ));
    }
    let root_rel = format!("ca/root/{CERT_FILE}");
    for (rel, kind) in &cas {
        let cert_rel = format!("{rel}/{CERT_FILE}");
        let mut presented = certs(store, &cert_rel, true, report);
        let Some(ca) = presented.first().cloned() else {
            continue;
        };
        presented.extend(certs(store, &format!("{rel}/{CHAIN_FILE}"), false, report));
        ca_key(store, config, rel, &ca, report);
        // The old CA stays trusted while its leaves are re-issued from the successor.
        let renew = match kind {
            CaKind::Namespace(ns) => {
                format!("tcerts ca rotate --namespace {ns}, then tcerts apply")
            }
            _ => "tcerts ca rotate, then tcerts apply".into(),
        };
        ca_outlasts_leaves(
            &ca,
            config.defaults.leaf_validity.duration(),
            &config.ca_renewal(),
            now,
            &renew,
            report,
        );
        // A namespace CA that is its own root (isolated by construction) is its own anchor.
        let own_root = matches!(kind, CaKind::Namespace(_)) && ca.self_signed;
        let (anchor, anchor_name) = if own_root {
            (std::slice::from_ref(&ca), cert_rel.as_str())
        } else {
            (trust, root_rel.as_str())
        };
        check_chain(
            &ChainInput {
                presented: &presented,
                trust: anchor,
                trust_name: anchor_name,
                usage: None,
                server_name: None,
                now,
                reissue: &renew,
                reissue_has_usage: true,
                renewal: config.ca_renewal(),
                known,
            },
            report,
        );
        if let CaKind::Namespace(ns) = kind {
            trust_model::check_client_only(ns, &ca, true, report);
            trust_model::check_isolation(ns, &ca, &config.organization, report);
        }
    }
}

/// Rotated-out namespace CAs are still trusted: they must be client-only too.
fn check_previous_namespace_cas(store: &Store, config: &store::Config, report: &mut Report) {
    for ns in &config.namespaces {
        let kind = CaKind::Namespace(ns.name.clone());
        for prev in store.previous_cas(&kind).unwrap_or_default() {
            let rel = format!(
                "ca/previous/namespaces/{}/G{}/{CERT_FILE}",
                ns.name, prev.generation
            );
            for ca in certs(store, &rel, false, report).iter().take(1) {
                trust_model::check_client_only(&ns.name, ca, false, report);
            }
        }
    }
}

/// Trust files (clientCaFiles) must not hold a retired CA.
fn check_trust_files(store: &Store, retired: &[RetiredCa], report: &mut Report) {
    let mut trust_files: Vec<String> = std::fs::read_dir(store.dir().join("trust"))
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| {
                    Path::new(n).extension().is_some_and(|e| e == "pem") && !n.starts_with('.')
                })
                .collect()
        })
        .unwrap_or_default();
    trust_files.sort();
    for name in trust_files {
        let rel = format!("trust/{name}");
        let fix = |_: &RetiredCa| {
            format!(
                "remove the retired CA from {rel} (tcerts ca rotate and ca retire rewrite the trust file of the scope they change), then deploy it where it is used (clientCaFiles) so that the frontend stops accepting that CA"
            )
        };
        let held = certs(store, &rel, false, report);
        trust_model::check_retired(&held, retired, &fix, report);
    }
}

/// Self-signed namespace CAs (current and rotated out) anchor their own leaves: the
/// frontend trusts them directly, not through the root in a leaf's ca.pem.
fn own_roots(store: &Store, config: &store::Config) -> Vec<(String, Vec<Cert>)> {
    let mut own_roots: Vec<(String, Vec<Cert>)> = Vec::new();
    for ns in &config.namespaces {
        let kind = CaKind::Namespace(ns.name.clone());
        let mut anchors: Vec<Cert> = Vec::new();
        let mut rels = vec![format!("ca/namespaces/{}/{CERT_FILE}", ns.name)];
        for prev in store.previous_cas(&kind).unwrap_or_default() {
            rels.push(format!(
                "ca/previous/namespaces/{}/G{}/{CERT_FILE}",
                ns.name, prev.generation
            ));
        }
        for rel in rels {
            let mut scratch = Report::default();
            anchors.extend(
                certs(store, &rel, false, &mut scratch)
                    .into_iter()
                    .take(1)
                    .filter(|c| c.self_signed),
            );
        }
        if !anchors.is_empty() {
            own_roots.push((ns.name.clone(), anchors));
        }
    }

    own_roots
}

/// Every certificate: the ones declared in tcerts.toml and any other directory in certs/.
fn cert_names(store: &Store, config: &store::Config) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = config.certificates.iter().map(|c| c.name.clone()).collect();
    if let Ok(entries) = std::fs::read_dir(store.certs_dir()) {
        for e in entries.flatten() {
            if e.path().is_dir()
                && let Some(n) = e.file_name().to_str()
                && !n.starts_with('.')
            {
                names.insert(n.to_string());
            }
        }
    }
    names
}

/// What every leaf is checked against.
struct Leaves<'a> {
    own_roots: &'a [(String, Vec<Cert>)],
    known: &'a KnownCas,
    retired: &'a [RetiredCa],
    now: OffsetDateTime,
}

/// Every leaf, one report each, in name order.
fn check_leaves(
    store: &Store,
    config: &store::Config,
    names: BTreeSet<String>,
    leaves: &Leaves<'_>,
) -> Vec<Report> {
    let Leaves {
        own_roots,
        known,
        retired,
        now,
    } = *leaves;
    // Certificates are independent: check them on every core (rayon; RAYON_NUM_THREADS
    // caps it), one report each, then merge them in name order, so that the report is
    // the one a single thread writes, byte for byte.
    // Looked up by name once per certificate: a map, not a search of tcerts.toml each
    // time (the first declaration of a name wins, as in `Config::certificate`).
    let decls: HashMap<&str, &CertificateConfig> = config
        .certificates
        .iter()
        .rev()
        .map(|c| (c.name.as_str(), c))
        .collect();
    // `leaf_renewal` searches the declarations too; every certificate without its own
    // renew_before shares one rule.
    let shared_renewal = OnceLock::new();
    let clients = OnceLock::new();
    let parts: Vec<Report> = names
        .into_par_iter()
        .map(|name| {
            let mut r = Report::default();
            let decl = decls.get(name.as_str()).copied();
            let renewal = if decl.is_some_and(|d| d.renew_before.is_some()) {
                config.leaf_renewal(&name)
            } else {
                *shared_renewal.get_or_init(|| config.leaf_renewal(&name))
            };
            let anchors = decl
                .and_then(|d| d.namespace.as_ref())
                .and_then(|ns| own_roots.iter().find(|(n, _)| n == ns))
                .map_or(&[][..], |(_, a)| a.as_slice());
            let leaf = Leaf {
                name: &name,
                decl,
                anchors,
                renewal,
                known,
                clients: &clients,
            };
            check_leaf(store, &leaf, retired, now, &mut r);
            r
        })
        .collect();
    parts
}

/// `--bundle` run with a PKI directory: trusts-retired-ca for a bundle that still holds a
/// CA the PKI retired (the bundle's own rules are `files::check_bundle`'s).
pub fn check_bundle_retired(
    dir: &Path,
    bundle: &InputFile<'_>,
    report: &mut Report,
) -> Result<(), store::Error> {
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config()?;
    let retired = trust_model::retired_cas(&store, &config);
    if retired.is_empty() {
        return Ok(());
    }
    // Its file findings are check_bundle's to report.
    let mut scratch = Report::default();
    let held = certs_of_cached(&load_bytes(bundle.name, bundle.bytes), &mut scratch);
    let fix = |r: &RetiredCa| trust_model::bundle_fix(dir, r);
    trust_model::check_retired(&held, &retired, &fix, report);
    Ok(())
}

/// One certificate of `certs/` to check.
struct Leaf<'a> {
    name: &'a str,
    decl: Option<&'a CertificateConfig>,
    /// Its namespace's self-signed CAs, which anchor it besides its `ca.pem`.
    anchors: &'a [Cert],
    renewal: crate::pki::Renewal,
    known: &'a KnownCas,
    /// trust/clients.pem's certificates and file findings (None: not a file), read by the
    /// first client certificate checked.
    clients: &'a OnceLock<Option<(Vec<Cert>, Report)>>,
}

/// A client certificate is also checked against trust/clients.pem, when there is one;
/// returns the name of the trust it is checked against.
fn add_clients_trust(
    store: &Store,
    leaf: &Leaf<'_>,
    rel: &str,
    trust: &mut Vec<Cert>,
    report: &mut Report,
) -> String {
    let Some((clients, found)) = leaf.clients.get_or_init(|| {
        // Read and parsed once per run, not once per client certificate; its findings
        // are reported with each client certificate, as when each read it.
        store.clients_trust_file().is_file().then(|| {
            let mut found = Report::default();
            let held = certs(store, crate::store::CLIENTS_FILE, true, &mut found);
            (held, found)
        })
    }) else {
        return format!("{rel}/{TRUST_FILE}");
    };
    report.merge(found.clone());
    trust.extend(clients.iter().cloned());
    format!("{rel}/{TRUST_FILE} and {}", crate::store::CLIENTS_FILE)
}

/// What the declaration adds: internode certificates are client certificates too, and
/// every declared name must be in the certificate.
fn check_declared(
    leaf: &Cert,
    role: Option<Role>,
    decl: Option<&CertificateConfig>,
    reissue: &str,
    report: &mut Report,
) {
    // Internode certificates are also client certificates.
    if role == Some(Role::Internode) {
        for f in check_eku(
            leaf,
            Usage::Client,
            true,
            &format!("re-issue it: {reissue}"),
        ) {
            report.cert(leaf, f);
        }
    }
    // Every name tcerts.toml declares must be in the certificate.
    if let Some(d) = decl {
        for n in d.dns.iter().chain(d.ip.iter()) {
            for mut f in check_names(leaf, Some(n), reissue) {
                // The name is declared already: re-issuing from the declaration adds it.
                f.fix = format!(
                    "tcerts.toml declares '{n}' but the certificate lacks it: re-issue it from its declaration: {reissue}"
                );
                report.cert(leaf, f);
            }
        }
    }
}

/// One certificate of certs/: its files, its key, its chain against its ca.pem, and what
/// its declaration in tcerts.toml adds.
fn check_leaf(
    store: &Store,
    leaf: &Leaf<'_>,
    retired: &[RetiredCa],
    now: OffsetDateTime,
    report: &mut Report,
) {
    let leaf_in = leaf;
    let (name, decl, renewal, known) = (leaf.name, leaf.decl, leaf.renewal, leaf.known);
    let rel = format!("certs/{name}");
    let chain_rel = format!("{rel}/{CHAIN_FILE}");
    let presented = if store.dir().join(&chain_rel).exists() {
        certs(store, &chain_rel, true, report)
    } else {
        certs(store, &format!("{rel}/{CERT_FILE}"), true, report)
    };
    let mut trust = certs(store, &format!("{rel}/{TRUST_FILE}"), true, report);
    trust_model::check_retired(
        &trust,
        retired,
        &|_| "tcerts apply rewrites every ca.pem without the retired CA; deploy them".into(),
        report,
    );
    trust.extend(leaf.anchors.iter().cloned());
    let leaf = presented.first();
    if store.dir().join(format!("{rel}/{KEY_FILE}")).exists()
        || decl.is_some_and(|d| d.csr.is_none())
    {
        key(store, &format!("{rel}/{KEY_FILE}"), leaf, report);
    }
    let Some(leaf) = leaf else { return };
    let role = decl.map(|d| d.role);
    let usage = match role {
        Some(r) if r.is_server() => Some(Usage::Server),
        Some(r) if r.is_client() => Some(Usage::Client),
        _ => None,
    };
    // Servers check client certificates against trust/clients.pem (issuing and namespace
    // CAs), not against the roots in ca.pem: a namespace's own root is only there.
    let trust_name = if usage == Some(Usage::Client) {
        add_clients_trust(store, leaf_in, &rel, &mut trust, report)
    } else {
        format!("{rel}/{TRUST_FILE}")
    };
    // A declared certificate is re-issued from its declaration (namespace, names, key type
    // kept); `issue --force` is only for one tcerts.toml does not know.
    let reissue = match decl {
        Some(d) => format!("tcerts renew {}", d.name),
        None => format!("tcerts issue ROLE --name {name} --force"),
    };
    check_chain(
        &ChainInput {
            presented: &presented,
            trust: &trust,
            trust_name: &trust_name,
            usage,
            server_name: None,
            now,
            reissue: &reissue,
            // The usage comes from the declared role, whose re-issue has it.
            reissue_has_usage: decl.is_some(),
            renewal,
            known,
        },
        report,
    );
    check_declared(leaf, role, decl, &reissue, report);
}

/// expiring-soon for an issuing CA with less time left than one default leaf lifetime:
/// every certificate issued from now on is cut short to the CA's end, and renewals come
/// ever sooner.
fn ca_outlasts_leaves(
    ca: &Cert,
    leaf_life: time::Duration,
    rule: &crate::pki::Renewal,
    now: OffsetDateTime,
    renew: &str,
    report: &mut Report,
) {
    let left = ca.info.not_after - now;
    if left <= time::Duration::ZERO
        || left >= leaf_life
        || rule.is_due(ca.info.not_before, ca.info.not_after, now)
    {
        // Expired, fine, or already reported as expiring by the chain checks.
        return;
    }
    report.cert(ca, Finding::new(
        "expiring-soon",
        Severity::Warning,
        &ca.info.subject,
        format!(
            "the CA expires on {} ({} days), sooner than one leaf lifetime ({} days): every certificate it issues now is cut short to its end",
            crate::pki::format_time(ca.info.not_after),
            left.whole_days(),
            leaf_life.whole_days()
        ),
        format!("renew the CA now: {renew}"),
    ));
}
