use std::process::ExitCode;

use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    // With COMPLETE=SHELL set (the shell's completion hook), print completions and exit.
    clap_complete::CompleteEnv::with_factory(tcerts::cli::Cli::command).complete();
    let cli = tcerts::cli::Cli::parse();
    match tcerts::run(cli) {
        Ok(code) => code,
        Err(err) => {
            tcerts::output::print_error(&err);
            err.exit_status().into()
        }
    }
}
