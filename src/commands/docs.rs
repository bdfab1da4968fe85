//! Shell completions and the man page, generated from the clap definition.

use clap::CommandFactory;
use clap_complete::Shell as CShell;

use crate::Error;
use crate::cli::{Cli, CompletionsArgs, ManArgs, Shell};
use crate::output::Output;
use crate::store::atomic;

pub fn render_completions(shell: Shell) -> Vec<u8> {
    let shell = match shell {
        Shell::Bash => CShell::Bash,
        Shell::Zsh => CShell::Zsh,
        Shell::Fish => CShell::Fish,
        Shell::Powershell => CShell::PowerShell,
        Shell::Elvish => CShell::Elvish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tcerts", &mut buf);
    buf
}

pub fn render_man() -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}

/// Every man page: `tcerts.1` and one per subcommand at any depth (`tcerts-ca-rotate.1`),
/// as (file name, roff), in a stable order.
pub fn render_man_pages() -> Result<Vec<(String, Vec<u8>)>, Error> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut buf = Vec::new();
        man.render(&mut buf)?;
        out.push((man.get_filename(), buf));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub.clone(), out)?;
        }
        Ok(())
    }
    // Built once so that subcommands carry their full names (tcerts-ca-rotate).
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out)?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

pub(super) fn completions(args: CompletionsArgs) -> Result<(), Error> {
    use std::io::Write;
    std::io::stdout().write_all(&render_completions(args.shell))?;
    Ok(())
}

pub(super) fn man(args: ManArgs, out: Output) -> Result<(), Error> {
    use std::io::Write;
    let Some(dir) = args.output_dir else {
        std::io::stdout().write_all(&render_man()?)?;
        return Ok(());
    };
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "--output-dir {}: not a directory",
            dir.display()
        )));
    }
    let pages = render_man_pages()?;
    for (name, roff) in &pages {
        atomic::write_file(&dir.join(name), roff, atomic::PUBLIC_MODE)?;
    }
    out.done(&format!(
        "Wrote {} man pages to {} (man -M or MANPATH: put them under a man1 directory)",
        pages.len(),
        dir.display()
    ));
    Ok(())
}
