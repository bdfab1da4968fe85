//! `tcerts bundle`: a namespace's accepted client CA bundle for Temporal Cloud, and
//! `tcerts filters`: the certificate filters that keep other namespaces' certificates out.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::Error;
use crate::bundle::{self, NamespaceTrust, Scope, Violation};
use crate::cli::{BundleArgs, BundleFormat, FiltersArgs};
use crate::export::{self, filters};
use crate::output::Output;
use crate::output::shell_path;
use crate::pki::{self, CertInfo};
use crate::store::{LockMode, Store, atomic};

pub(super) fn run(dir: &Path, args: BundleArgs, out: Output) -> Result<(), Error> {
    let scope = match &args.namespace {
        Some(ns) => {
            pki::validate_namespace(ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
            Scope::Namespace(ns.clone())
        }
        None => Scope::Default,
    };
    // The bundle, and the CAs outside it that its certificates also issued.
    let (certs, others, isolation) = collect(dir, &scope, &args.from)?;

    let pem = bundle::pem_text(&certs);
    let ders: Vec<_> = certs.iter().map(|c| c.der.clone()).collect();
    let violations = bundle::check_cloud_rules(&ders, pem.len());
    if !violations.is_empty() {
        return Err(Error::CheckFailed(refusal(&violations)));
    }

    let text = match args.format {
        BundleFormat::Pem => pem.clone(),
        BundleFormat::Base64 => format!("{}\n", bundle::base64_text(&pem)),
        BundleFormat::Json => bundle::tcld::to_json(&bundle::listing(&certs))
            .map_err(|e| Error::Usage(format!("cannot encode JSON: {e}")))?,
    };
    let describe = |output: Option<&Path>| {
        json!({
            "scope": match &scope { Scope::Namespace(ns) => json!(ns), Scope::Default => json!(null) },
            "output": output,
            "pem_bytes": pem.len(),
            "certificates": bundle::listing(&certs),
            "filters_needed": !others.is_empty(),
            "isolated": isolation.as_ref().map(NamespaceTrust::isolated),
        })
    };
    let format = match args.format {
        BundleFormat::Pem => "pem",
        BundleFormat::Base64 => "base64",
        BundleFormat::Json => "tcld-json",
    };
    let to_file = export::deliver(
        out,
        args.output.as_deref(),
        &text,
        atomic::PUBLIC_MODE,
        format,
        describe(None),
    )?;

    let notes = filter_notes(dir, &scope, &others, args.output.as_deref());
    // A namespace under the shared root: say what that costs, on stderr, every time.
    if let Some(costs) = isolation.as_ref().and_then(|i| i.costs(&shell_path(dir))) {
        out.warn(&costs);
    }
    if scope == Scope::Default && args.from.is_empty() {
        let d = shell_path(dir);
        out.warn(&format!(
            "this bundle holds the shared root: Temporal Cloud accepts every certificate that chains to it, including those of a \
             retired issuing CA (and anything its key signs), until they expire or the root is rotated and retired \
             (`tcerts --dir {d} ca rotate --root`, `apply`, `ca retire --root`). For a Cloud namespace upload its own bundle \
             instead: `tcerts --dir {d} bundle --namespace NS`"
        ));
    }
    if let Some(path) = args.output.as_ref().filter(|_| to_file) {
        out.done(&format!(
            "Wrote the accepted client CA bundle of {} ({} certificates, {} bytes of PEM)",
            if args.from.is_empty() {
                scope.describe()
            } else {
                "the given files".into()
            },
            certs.len(),
            pem.len()
        ));
        out.wrote(path, format_name(args.format));
        if isolation.as_ref().is_some_and(NamespaceTrust::isolated) {
            out.line("It holds only the namespace's own self-signed CA generations: no certificate of another namespace, no CLI or server certificate chains to them, even without certificate filters (set them anyway, as defence in depth).");
        }
        let lines = upload_steps(dir, &scope, args.format, path, isolation.as_ref());
        out.next("Upload it:", &lines);
    }
    // With the bundle on stdout, notes go to stderr.
    for n in &notes {
        if to_file && !out.json && !out.quiet {
            out.line(&format!("\n{n}"));
        } else {
            out.warn(n);
        }
    }
    if to_file {
        out.json(&describe(args.output.as_deref()));
    }
    Ok(())
}

/// The CAs outside the bundle that its certificates also issued.
type Others = Vec<(String, Vec<String>)>;

/// The bundle of `scope` from the PKI (with the CAs outside it that its certificates also
/// issued, and the namespace's trust), or the CAs of the `from` files in root-first order.
fn collect(
    dir: &Path,
    scope: &Scope,
    from: &[PathBuf],
) -> Result<(Vec<CertInfo>, Others, Option<NamespaceTrust>), Error> {
    Ok(if from.is_empty() {
        let store = Store::open(dir, LockMode::Shared)?;
        let certs = bundle::scope_bundle(&store, scope)?;
        let all = bundle::all_cas(&store)?;
        let others = bundle::issuers_of_others(&certs, &all);
        let isolation = match scope {
            Scope::Namespace(ns) => Some(NamespaceTrust::of(&store, &store.config()?, ns)?),
            Scope::Default => None,
        };
        (certs, others, isolation)
    } else {
        let certs = bundle::read_from_files(from)?;
        // Every Cloud rule on the certificates as given, before any ordering: a finding's
        // #N is the certificate's place in the files, as `doctor --bundle` numbers it. The
        // size limits come first in check_cloud_rules, so a file of thousands of CAs is
        // refused for its size, in time linear in it.
        let ders: Vec<_> = certs.iter().map(|c| c.der.clone()).collect();
        let violations = bundle::check_cloud_rules(&ders, bundle::pem_text(&certs).len());
        if !violations.is_empty() {
            let files: Vec<String> = from.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::CheckFailed(format!(
                "--from {}: {}",
                files.join(" "),
                refusal(&violations)
            )));
        }
        (bundle::order_root_first(certs), Vec::new(), None)
    })
}

/// How to upload the bundle written to `path` (and its certificate filters, for an
/// isolated namespace).
fn upload_steps(
    dir: &Path,
    scope: &Scope,
    format: BundleFormat,
    path: &Path,
    isolation: Option<&NamespaceTrust>,
) -> Vec<String> {
    let upload = shell_path(path);
    let scope_ns = match scope {
        Scope::Namespace(ns) => Some(ns.as_str()),
        Scope::Default => None,
    };
    let ns = bundle::cloud_namespace_id(scope_ns);
    let cmd = match format {
        BundleFormat::Pem => bundle::tcld_set_bundle(scope_ns, &upload),
        BundleFormat::Base64 => format!(
            "tcld namespace accepted-client-ca set --namespace {ns} --ca-certificate \"$(cat {upload})\""
        ),
        BundleFormat::Json => {
            format!("compare with: tcld namespace accepted-client-ca list --namespace {ns}")
        }
    };
    let mut lines = vec![cmd];
    if let Some(i) = isolation.filter(|i| i.isolated()) {
        let ns = &i.namespace;
        let d = shell_path(dir);
        lines.push(format!(
            "Certificate filters, as defence in depth: tcerts --dir {d} filters --namespace {ns} --output {ns}-filters.json, then"
        ));
        lines.push(format!(
            "  tcld namespace certificate-filters import --namespace {} --certificate-filter-file {ns}-filters.json",
            bundle::cloud_namespace_id(Some(ns))
        ));
    }
    lines
}

fn format_name(f: BundleFormat) -> &'static str {
    match f {
        BundleFormat::Pem => "PEM, root first",
        BundleFormat::Base64 => "base64 of the PEM text",
        BundleFormat::Json => "JSON listing, as tcld namespace accepted-client-ca list prints it",
    }
}

/// Explains, for each CA of the bundle that also issued other CAs, why filters are
/// needed, with the command that sets them.
fn filter_notes(
    dir: &Path,
    scope: &Scope,
    others: &[(String, Vec<String>)],
    output: Option<&Path>,
) -> Vec<String> {
    if others.is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    for (ca, issued) in others {
        lines.push(format!(
            "{ca} is in the bundle and also issued {}: Temporal Cloud would accept their certificates too.",
            issued.join("; ")
        ));
    }
    match scope {
        Scope::Namespace(ns) => {
            let d = shell_path(dir);
            // Beside the bundle file; not beside a device such as /dev/stdout.
            let f = output
                .filter(|o| std::fs::metadata(o).is_ok_and(|m| m.is_file()))
                .and_then(Path::parent)
                .map(|p| shell_path(&p.join(format!("{ns}-filters.json"))))
                .unwrap_or_else(|| format!("{ns}-filters.json"));
            lines.push(format!(
                "Certificate filters are needed to admit only namespace '{ns}':\n  \
                 tcerts --dir {d} filters --namespace {ns} --output {f}\n  \
                 tcld namespace certificate-filters import --namespace {} --certificate-filter-file {f}",
                bundle::cloud_namespace_id(Some(ns))
            ));
        }
        Scope::Default => lines.push(
            "Certificate filters are needed to keep the namespace CAs' certificates out; \
             or upload a per-namespace bundle (`tcerts bundle --namespace NS`) instead."
                .into(),
        ),
    }
    vec![lines.join("\n")]
}

/// The error message of a refused bundle: each broken rule with the certificate it is about.
pub(super) fn refusal(violations: &[Violation]) -> String {
    let mut msg = format!(
        "the bundle breaks {} Temporal Cloud rule{}; nothing was written:",
        violations.len(),
        if violations.len() == 1 { "" } else { "s" }
    );
    for v in violations {
        let who = match (v.cert, &v.subject) {
            (Some(n), Some(s)) => format!("certificate #{n} ({s})"),
            (Some(n), None) => format!("certificate #{n}"),
            _ => "the bundle".into(),
        };
        msg.push_str(&format!("\n  {who}: [{}] {}", v.code, v.message));
    }
    if violations
        .iter()
        .any(|v| v.code == "bundle-key-type" && v.message.starts_with("Ed25519"))
    {
        msg.push_str("\n  Ed25519 CAs work for self-hosted clusters but never for Temporal Cloud: create the PKI with --key-type ecdsa-p256 (or rsa-*) for Cloud namespaces.");
    }
    msg
}

pub(super) fn filters(dir: &Path, args: FiltersArgs, out: Output) -> Result<(), Error> {
    let ns = args.namespace.trim().to_string();
    pki::validate_namespace(&ns).map_err(|e| Error::Usage(format!("--namespace: {e}")))?;
    let store = Store::open(dir, LockMode::Shared)?;
    let config = store.config()?;
    if config.namespace(&ns).is_none() {
        return Err(Error::Usage(format!(
            "namespace '{ns}' has no CA in {}; create it with `tcerts --dir {} namespace add {ns}`",
            dir.display(),
            shell_path(dir)
        )));
    }
    // Refuse what Cloud would refuse: an Ed25519 namespace CA can never be uploaded.
    let scope = Scope::Namespace(ns.clone());
    let certs = bundle::scope_bundle(&store, &scope)?;
    let ders: Vec<_> = certs.iter().map(|c| c.der.clone()).collect();
    let pem = bundle::pem_text(&certs);
    let violations = bundle::check_cloud_rules(&ders, pem.len());
    if !violations.is_empty() {
        return Err(Error::CheckFailed(format!(
            "namespace '{ns}' cannot use Temporal Cloud certificate filters: its CA bundle is refused.\n{}",
            refusal(&violations)
        )));
    }
    let doc = filters::for_namespace(&config.organization, &ns).map_err(Error::Usage)?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Usage(format!("cannot encode JSON: {e}")))?;
    text.push('\n');
    let to_file = export::deliver(
        out,
        args.output.as_deref(),
        &text,
        atomic::PUBLIC_MODE,
        "certificate-filters-json",
        json!({ "namespace": ns, "filters": doc }),
    )?;
    if let Some(path) = args.output.as_ref().filter(|_| to_file) {
        out.done(&format!(
            "Wrote the certificate filters of namespace '{ns}' (O={}, OU={ns})",
            config.organization
        ));
        out.wrote(path, "certificate filters JSON");
        out.next(
            "Apply them (they replace the namespace's filters):",
            &[format!(
                "tcld namespace certificate-filters import --namespace {} --certificate-filter-file {}",
                bundle::cloud_namespace_id(Some(&ns)),
                shell_path(path)
            )],
        );
        out.json(&json!({ "namespace": ns, "output": path, "filters": doc }));
    }
    Ok(())
}
