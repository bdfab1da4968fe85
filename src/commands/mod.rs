//! One module per subcommand: each reads its arguments, calls `pki` and `store`, and
//! reports through `output`.

mod audit;
mod bundle;
mod ca;
mod docs;
mod doctor;
mod export;
mod init;
mod inspect;
mod issue;
mod lifecycle;
mod list;
mod metrics;
mod namespace;
mod revoke;
mod rotate;

use std::process::ExitCode;

use crate::Error;
use crate::cli::{AuditCommand, CaCommand, Cli, Command, ExportCommand, NamespaceCommand};
use crate::output::Output;

pub use docs::{render_completions, render_man, render_man_pages};

pub fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    let out = Output {
        json: cli.json,
        quiet: cli.quiet,
    };
    crate::output::set_quiet(cli.quiet);
    if !matches!(cli.command, Command::Completions(_) | Command::Man(_)) {
        check_clock(out)?;
    }
    let dir = cli.dir;
    crate::audit::set_operation(&operation_name(&cli.command));
    if let Some(p) = &cli.passphrase_file {
        crate::store::set_passphrase_file(p);
    }
    if let Some(p) = &cli.pkcs11_module {
        crate::custody::set_module(p);
    }
    match cli.command {
        Command::Init(args) => init::run(&dir, args, out),
        Command::Issue(args) => issue::run(&dir, args, out),
        Command::Namespace(NamespaceCommand::Add(args)) => namespace::add(&dir, args, out),
        Command::Namespace(NamespaceCommand::List) => namespace::list(&dir, out),
        Command::Ca(CaCommand::Import(args)) => ca::import(&dir, args, out),
        Command::Ca(CaCommand::Rotate(args)) => rotate::rotate(&dir, args, out),
        Command::Ca(CaCommand::Retire(args)) => rotate::retire(&dir, args, out),
        Command::Ca(CaCommand::ExportRootKey(args)) => rotate::export_root_key(&dir, args, out),
        Command::Completions(args) => docs::completions(args, out),
        Command::Man(args) => docs::man(args, out),
        Command::Plan => return lifecycle::plan(&dir, out),
        Command::Apply(args) => lifecycle::apply(&dir, args, out),
        Command::Renew(args) => lifecycle::renew(&dir, args, out),
        Command::List(args) => return list::list(&dir, args, out),
        Command::Metrics(args) => metrics::run(&dir, args, out),
        Command::Revoke(args) => revoke::revoke(&dir, args, out),
        Command::Crl(args) => revoke::crl(&dir, args, out),
        Command::Bundle(args) => bundle::run(&dir, args, out),
        Command::Filters(args) => bundle::filters(&dir, args, out),
        Command::Export(cmd) => export::run(&dir, cmd, out),
        Command::Doctor(args) => return doctor::run(&dir, args, out),
        Command::Inspect(args) => return inspect::run(args, out),
        Command::Audit(AuditCommand::Verify(args)) => return audit::verify(&dir, args, out),
        Command::Audit(AuditCommand::List(args)) => audit::list(&dir, args, out),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// Validates TCERTS_NOW (exit 2 when it is not a usable time) and, when it is set, says
/// so on stderr even with --quiet: certificates dated from a fake clock must never be
/// issued unknowingly.
fn check_clock(out: Output) -> Result<(), Error> {
    use crate::pki::clock;
    let fake = clock::override_from_env().map_err(|e| Error::Usage(e.to_string()))?;
    if let Some(t) = fake {
        let real = time::OffsetDateTime::now_utc();
        let days = (t - real).whole_days();
        let when = match days {
            0 => "the same day as the system clock".to_string(),
            d if d > 0 => format!("{d} days ahead of the system clock"),
            d => format!("{} days behind the system clock", -d),
        };
        out.warn(&format!(
            "{}={} is set: tcerts dates and judges certificates by this fake clock ({when}, {}), not the system clock",
            clock::VAR,
            crate::pki::format_time(t),
            crate::pki::format_time(real),
        ));
    }
    Ok(())
}

/// The operation an audit line records: the subcommand as typed (`ca rotate`).
fn operation_name(cmd: &Command) -> String {
    let name = match cmd {
        Command::Init(_) => "init",
        Command::Issue(_) => "issue",
        Command::Namespace(_) => "namespace add",
        Command::Ca(CaCommand::Import(_)) => "ca import",
        Command::Ca(CaCommand::Rotate(_)) => "ca rotate",
        Command::Ca(CaCommand::Retire(_)) => "ca retire",
        Command::Ca(CaCommand::ExportRootKey(_)) => "ca export-root-key",
        Command::Apply(_) => "apply",
        Command::Revoke(_) => "revoke",
        Command::Export(ExportCommand::K8sSecret(_)) => "export k8s-secret",
        Command::Export(ExportCommand::Env(_)) => "export env",
        Command::Export(ExportCommand::Pkcs12(_)) => "export pkcs12",
        Command::Export(ExportCommand::ServerConfig(_)) => "export server-config",
        // Commands that change no trust write no line; a command added later still gets
        // its own name (the variant's) on any certificate it writes.
        other => {
            let debug = format!("{other:?}");
            let head = debug.split(['(', ' ', '{']).next().unwrap_or("unknown");
            return head.to_ascii_lowercase();
        }
    };
    name.to_string()
}

/// Parses a duration flag, naming the flag in the error.
fn parse_validity(flag: &str, s: &str) -> Result<crate::pki::Validity, Error> {
    s.parse()
        .map_err(|e: crate::pki::Error| Error::Usage(format!("{flag}: {e}")))
}
