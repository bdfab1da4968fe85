//! One module per subcommand: each reads its arguments, calls `pki` and `store`, and
//! reports through `output`.

mod bundle;
mod ca;
mod docs;
mod doctor;
mod export;
mod init;
mod inspect;
mod issue;
mod lifecycle;
mod metrics;
mod namespace;
mod revoke;
mod rotate;

use std::process::ExitCode;

use crate::Error;
use crate::cli::{CaCommand, Cli, Command, NamespaceCommand};
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
    if let Some(p) = &cli.passphrase_file {
        crate::store::set_passphrase_file(p);
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
        Command::List(args) => return lifecycle::list(&dir, args, out),
        Command::Metrics(args) => metrics::run(&dir, args, out),
        Command::Revoke(args) => revoke::revoke(&dir, args, out),
        Command::Crl(args) => revoke::crl(&dir, args, out),
        Command::Bundle(args) => bundle::run(&dir, args, out),
        Command::Filters(args) => bundle::filters(&dir, args, out),
        Command::Export(cmd) => export::run(&dir, cmd, out),
        Command::Doctor(args) => return doctor::run(&dir, args, out),
        Command::Inspect(args) => return inspect::run(args, out),
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

/// Parses a duration flag, naming the flag in the error.
fn parse_validity(flag: &str, s: &str) -> Result<crate::pki::Validity, Error> {
    s.parse()
        .map_err(|e: crate::pki::Error| Error::Usage(format!("{flag}: {e}")))
}
