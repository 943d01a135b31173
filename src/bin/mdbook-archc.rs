//! `mdbook-archc`: the mdBook preprocessor that renders fenced `arch` blocks as inline SVG
//! diagrams. See the `archc::mdbook` module for the blocks' options and the book's settings.
//!
//! Protocol (mdBook 0.5): `mdbook-archc supports RENDERER` exits 0 (every renderer is
//! supported); `mdbook-archc` alone reads `[context, book]` as JSON on standard input and writes
//! the processed book as JSON on standard output. Exit code 1 when the book cannot be processed
//! (an invalid block, a bad setting), with the reason on standard error; exit code 2 and an
//! `E0409` diagnostic for an argument it does not know.

use std::io::Write as _;
use std::process::ExitCode;

use archc::diagnostic::{self, Diagnostic, DiagnosticKind};
use archc::mdbook::Archc;
use mdbook_preprocessor::Preprocessor as _;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("supports") => {
            let renderer = args.get(1).map_or("", String::as_str);
            match Archc.supports_renderer(renderer) {
                Ok(true) => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            }
        }
        Some("--version" | "-V") => {
            println!("mdbook-archc {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h") => {
            println!(
                "mdbook-archc {}: an mdBook preprocessor that renders `arch` code blocks as diagrams\n\n\
                 usage: mdbook-archc supports RENDERER\n       \
                 mdbook-archc < [context, book] JSON > book JSON\n\n\
                 Add to book.toml:\n  [preprocessor.archc]\n  command = \"mdbook-archc\"",
                env!("CARGO_PKG_VERSION")
            );
            ExitCode::SUCCESS
        }
        Some(other) => {
            let d = Diagnostic::new(DiagnosticKind::UnknownArgument {
                program: "mdbook-archc",
                argument: other.to_string(),
            });
            let color = std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            eprint!("{}", diagnostic::render(&d, "", "", color));
            ExitCode::from(2)
        }
        None => match preprocess() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mdbook-archc: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}

fn preprocess() -> mdbook_preprocessor::errors::Result<()> {
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock())?;
    let major_minor = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    if major_minor(&ctx.mdbook_version) != major_minor(mdbook_preprocessor::MDBOOK_VERSION) {
        eprintln!(
            "mdbook-archc: warning: built for mdBook {}, called by mdBook {}",
            mdbook_preprocessor::MDBOOK_VERSION,
            ctx.mdbook_version
        );
    }
    let book = Archc.run(&ctx, book)?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &book)?;
    stdout.flush()?;
    Ok(())
}
