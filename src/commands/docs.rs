//! Shell completions and the man page, generated from the clap definition.

use clap::CommandFactory;
use clap_complete::Shell as CShell;

use crate::Error;
use crate::cli::{Cli, CompletionsArgs, Shell};

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

pub(super) fn completions(args: CompletionsArgs) -> Result<(), Error> {
    use std::io::Write;
    std::io::stdout().write_all(&render_completions(args.shell))?;
    Ok(())
}

pub(super) fn man() -> Result<(), Error> {
    use std::io::Write;
    std::io::stdout().write_all(&render_man()?)?;
    Ok(())
}
