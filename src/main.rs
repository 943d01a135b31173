//! The `archc` command line: a thin shell over the library that reads files, calls the
//! pipeline, writes files atomically and chooses the exit code (0 success, 1 findings at or
//! above `--fail-on`, 2 invalid input or I/O failure).

mod cli;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let code = cli::run(args);
    ExitCode::from(code)
}
