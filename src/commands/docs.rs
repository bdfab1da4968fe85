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

pub(super) fn completions(args: CompletionsArgs, out: Output) -> Result<(), Error> {
    let script = String::from_utf8_lossy(&render_completions(args.shell)).into_owned();
    let shell = format!("{:?}", args.shell).to_lowercase();
    crate::export::deliver(
        out,
        None,
        &script,
        atomic::PUBLIC_MODE,
        "completion-script",
        serde_json::json!({ "shell": shell }),
    )?;
    Ok(())
}

pub(super) fn man(args: ManArgs, out: Output) -> Result<(), Error> {
    let Some(dir) = args.output_dir else {
        let roff = String::from_utf8_lossy(&render_man()?).into_owned();
        crate::export::deliver(
            out,
            None,
            &roff,
            atomic::PUBLIC_MODE,
            "roff",
            serde_json::json!({ "page": "tcerts.1" }),
        )?;
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
    out.json(&serde_json::json!({
        "output_dir": crate::output::json_path(&dir),
        "format": "roff",
        "pages": pages.iter().map(|(name, _)| name).collect::<Vec<_>>(),
    }));
    Ok(())
}
