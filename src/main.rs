use std::process::ExitCode;

use clap::{CommandFactory, Parser};

/// mimalloc rather than the system allocator: reading a 10,000-certificate inventory makes
/// over 100,000 small allocations, which glibc's malloc made a fifth of `list`'s time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
