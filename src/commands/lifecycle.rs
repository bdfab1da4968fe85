//! `tcerts plan`, `tcerts apply` and `tcerts list`: the declared PKI made real, and what
//! it holds.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::Error;
use crate::cli::{ApplyArgs, RenewArgs};
use crate::error::ExitStatus;
use crate::inventory::{self, Inventory};
use crate::lifecycle::{self, ActionKind, ApplyProgress, Plan, Renewal, Renewed};
use crate::output::Output;
use crate::output::shell_path;
use crate::pki;
use crate::store::{LockMode, Store};

fn sigil(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Create => "+",
        ActionKind::Renew => "~",
        ActionKind::Reissue => "!",
        ActionKind::UpdateTrust => "^",
    }
}

fn plan_json(plan: &Plan) -> serde_json::Value {
    json!({
        "pending": plan.changes.len(),
        "changes": plan.changes,
        "unchanged": plan.unchanged,
        "undeclared": plan.undeclared,
    })
}

pub(super) fn plan(dir: &Path, out: Output) -> Result<ExitCode, Error> {
    let store = Store::open(dir, LockMode::Shared)?;
    let (_, plan) = lifecycle::plan(&store, pki::now())?;
    let width = plan.changes.iter().map(|a| a.name.len()).max().unwrap_or(0);
    for a in &plan.changes {
        out.line(&format!(
            "{} {:<12} {:<width$}  {}",
            sigil(a.action),
            a.action.as_str(),
            a.name,
            a.reason
        ));
    }
    for name in &plan.undeclared {
        out.line(&format!(
            "? {name}: in {} but not declared in tcerts.toml (left alone)",
            store.certs_dir().display()
        ));
    }
    let d = shell_path(dir);
    if plan.changes.is_empty() {
        out.done(&format!(
            "Nothing to do: {} certificate(s) up to date",
            plan.unchanged.len()
        ));
    } else {
        out.line(&format!(
            "\n{} to change, {} unchanged.",
            plan.changes.len(),
            plan.unchanged.len()
        ));
        out.next("Next:", &[format!("tcerts --dir {d} apply")]);
    }
    out.json(&plan_json(&plan));
    if plan.worth_restamping {
        // Once, after an apply: later plans then stat the files without hashing them. The
        // shared lock goes first; a PKI this process cannot write is left as it is.
        drop(store);
        if let Ok(store) = Store::open(dir, LockMode::Exclusive) {
            let _ = inventory::update(&store);
        }
    }
    Ok(if plan.changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitStatus::ChangesPending.into()
    })
}

/// A progress bar on stderr, only when a person is watching.
fn progress(out: Output, len: usize) -> Option<ProgressBar> {
    let watched = std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    if out.quiet || out.json || !watched || len < 2 {
        return None;
    }
    let pb = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:32} {pos}/{len} {msg}") {
        pb.set_style(style);
    }
    Some(pb)
}

pub(super) fn apply(dir: &Path, args: ApplyArgs, out: Output) -> Result<(), Error> {
    let store = Store::open(dir, LockMode::Exclusive)?;
    let now = pki::now();
    let (config, plan) = lifecycle::plan(&store, now)?;
    let bar = progress(out, plan.changes.len());
    let applied = lifecycle::apply(&store, &config, &plan, now, args.reuse_key, |p| {
        if let Some(pb) = &bar {
            match p {
                ApplyProgress::Issuing(name) => pb.set_message(name.to_string()),
                ApplyProgress::Issued => pb.inc(1),
                ApplyProgress::Finished => pb.finish_and_clear(),
            }
        }
    })?;
    let lifecycle::Applied { done, failed } = applied;

    print_applied(dir, &plan, &done, &failed, out);
    if !failed.is_empty() {
        if done.is_empty() {
            return Err(Error::Usage(format!(
                "{} of {} change(s) failed (see the warnings above); nothing was changed",
                failed.len(),
                plan.changes.len()
            )));
        }
        return Err(Error::PartialApply {
            applied: done.iter().map(|(a, ..)| a.name.clone()).collect(),
            failed: failed.iter().map(|(a, _)| a.name.clone()).collect(),
        });
    }
    Ok(())
}

/// One line per change made, a warning per change that failed, the summary and next step
/// (or one JSON document).
fn print_applied(
    dir: &Path,
    plan: &Plan,
    done: &[(
        &lifecycle::Action,
        pki::CertInfo,
        Option<time::OffsetDateTime>,
    )],
    failed: &[(&lifecycle::Action, String)],
    out: Output,
) {
    let count = |k: ActionKind| done.iter().filter(|(a, ..)| a.action == k).count();
    let width = done
        .iter()
        .map(|(a, ..)| a.name.chars().count())
        .max()
        .unwrap_or(0);
    for (a, cert, clamped_to) in done {
        let kept = if a.action == ActionKind::UpdateTrust {
            format!(", same key and serial {}", cert.serial_hex)
        } else {
            String::new()
        };
        out.line(&format!(
            "{} {:<12} {:<width$}  until {}{kept} ({})",
            sigil(a.action),
            a.action.as_str(),
            a.name,
            pki::format_time(cert.not_after),
            a.reason
        ));
        if let Some(end) = clamped_to {
            out.warn(&format!(
                "'{}' cut to {} so that it does not outlive its issuing CA; rotate that CA to issue longer",
                a.name,
                pki::format_time(*end)
            ));
        }
    }
    for (a, e) in failed {
        out.warn(&format!("{} '{}' failed: {e}", a.action.as_str(), a.name));
    }
    if done.is_empty() && failed.is_empty() {
        out.done(&format!(
            "Nothing to do: {} certificate(s) up to date",
            plan.unchanged.len()
        ));
    } else {
        out.done(&format!(
            "Applied {} change(s): {} created, {} renewed, {} re-issued, {} trust updated; {} unchanged",
            done.len(),
            count(ActionKind::Create),
            count(ActionKind::Renew),
            count(ActionKind::Reissue),
            count(ActionKind::UpdateTrust),
            plan.unchanged.len()
        ));
        if !done.is_empty() {
            out.next(
                "Next:",
                &["Deploy the changed certificates (DIR/certs/NAME): restart the services and workers that use them, or let Temporal's tls refreshInterval reload them.".replace("DIR", &shell_path(dir))],
            );
        }
    }
    out.json(&json!({
        "applied": done.iter().map(|(a, cert, _)| json!({
            "name": a.name,
            "action": a.action,
            "reason": a.reason,
            "serial": cert.serial_hex,
            "not_after": pki::format_time(cert.not_after),
        })).collect::<Vec<_>>(),
        "failed": failed.iter().map(|(a, e)| json!({"name": a.name, "action": a.action, "error": e})).collect::<Vec<_>>(),
        "unchanged": plan.unchanged,
    }));
}

pub(super) fn renew(dir: &Path, args: RenewArgs, out: Output) -> Result<(), Error> {
    let store = Store::open(dir, LockMode::Exclusive)?;
    let config = store.config()?;
    let decls = lifecycle::declared(&store, &config, &args.names)?;
    let now = pki::now();
    let mut renewed = Vec::new();
    lifecycle::renew(&store, &config, &decls, args.reuse_key, now, |r| match r {
        Renewal::NewKey { name, why } => {
            out.warn(&format!("'{name}': a new key, not the old one: {why}"));
        }
        Renewal::Renewed(r) => renewed.push(print_renewed(out, &r)),
    })?;
    out.next(
        "Next:",
        &["Deploy the renewed certificates: restart the services and workers that use them, or let Temporal's tls refreshInterval reload them.".into()],
    );
    out.json(&json!({ "renewed": renewed }));
    Ok(())
}

/// Prints one renewed certificate; returns its JSON entry.
fn print_renewed(out: Output, r: &Renewed<'_>) -> serde_json::Value {
    let (decl, issued, written, issuer, reused) =
        (r.decl, &r.issued, &r.dir, &r.issuer, r.key_reused);
    out.done(&format!(
        "Renewed {} certificate '{}'{} from {issuer}, valid until {}{}",
        decl.role,
        decl.name,
        decl.namespace
            .as_ref()
            .map(|ns| format!(" (namespace {ns})"))
            .unwrap_or_default(),
        pki::format_time(issued.cert.not_after),
        if reused { ", same key" } else { "" },
    ));
    out.wrote(
        written,
        if issued.key_pem.is_some() {
            "cert.pem, chain.pem, ca.pem, key.pem"
        } else {
            "cert.pem, chain.pem, ca.pem (the CSR's key stays with the workload)"
        },
    );
    if let Some(end) = issued.clamped_to {
        out.warn(&format!(
                "'{}' cut to {} so that it does not outlive its issuing CA; rotate that CA to issue longer",
                decl.name,
                pki::format_time(end)
            ));
    }
    json!({
        "name": decl.name,
        "role": decl.role.as_str(),
        "namespace": decl.namespace,
        "serial": issued.cert.serial_hex,
        "not_after": pki::format_time(issued.cert.not_after),
        "issuer": issued.cert.issuer,
        "key_reused": reused,
        "dir": crate::output::json_path(written),
    })
}

/// The stored inventory, rebuilt (under the exclusive lock) when missing, unreadable or
/// older than the files.
pub(super) fn load_inventory(dir: &Path) -> Result<Inventory, Error> {
    let fresh = {
        let store = Store::open(dir, LockMode::Shared)?;
        inventory::read_fresh(&store)
    };
    match fresh {
        Some(fresh) if fresh.worth_restamping => {
            // Once, after files were written (an apply): later reads then stat them
            // without hashing them. Not possible here (a read-only PKI directory): the
            // inventory read is as good, only slower to check.
            let rebuilt = Store::open(dir, LockMode::Exclusive)
                .ok()
                .and_then(|store| inventory::update(&store).ok());
            Ok(rebuilt.unwrap_or(fresh.inventory))
        }
        Some(fresh) => Ok(fresh.inventory),
        None => {
            let store = Store::open(dir, LockMode::Exclusive)?;
            Ok(inventory::update(&store)?)
        }
    }
}
