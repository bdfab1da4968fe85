use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tcerts::cli::Cli::parse();
    match tcerts::run(cli) {
        Ok(code) => code,
        Err(err) => {
            tcerts::output::print_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
