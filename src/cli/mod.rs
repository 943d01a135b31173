//! Arguments (clap) and the commands.

mod commands;

use std::path::PathBuf;

use archc::analysis::Severity;
use clap::{Parser, Subcommand, ValueEnum};

/// archc compiles `.arch` architecture designs into a diagram (SVG), a design write-up
/// (Markdown) and a review of failure, security and operations gaps.
#[derive(Parser, Debug)]
#[command(name = "archc", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Writes STEM.svg and STEM.md for each input and prints a summary of the review (`archc
    /// check` prints it in full).
    Build {
        /// The `.arch` files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The directory to write into (default: beside each input).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Exit 1 when a finding is at or above this severity (default: never).
        #[arg(long, value_name = "SEVERITY")]
        fail_on: Option<SeverityArg>,
        /// Write nothing; exit 1 listing every output that differs from what its source
        /// produces now.
        #[arg(long)]
        check: bool,
        /// The diagram's colours.
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
        /// Mark the review's findings on the diagram.
        #[arg(long)]
        annotate: bool,
    },
    /// Renders the diagram only.
    Render {
        /// The `.arch` file, or `-` for standard input.
        file: PathBuf,
        /// The output file, or `-` for standard output (default: STEM.EXT beside the input;
        /// standard output when the input is standard input).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The picture's format.
        #[arg(long, value_enum, default_value_t = RenderFormat::Svg)]
        format: RenderFormat,
        /// The diagram's colours.
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
        /// Mark the review's findings on the diagram.
        #[arg(long)]
        annotate: bool,
        /// Pixels per SVG unit for `--format png`.
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// How edges are drawn: right-angled on tracks between the tiers, or straight
        /// diagonals between the tiers.
        #[arg(long, value_enum, default_value_t = EdgesArg::Orthogonal)]
        edges: EdgesArg,
    },
    /// Writes the design write-up only.
    Doc {
        /// The `.arch` file, or `-` for standard input.
        file: PathBuf,
        /// The output file, or `-` for standard output (default: STEM.md or STEM.html beside
        /// the input).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The document's format.
        #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
        format: DocFormat,
        /// Put the SVG inside the Markdown instead of linking to STEM.svg.
        #[arg(long)]
        inline_svg: bool,
        /// How much the document says: brief (at a glance, review, assumptions), standard
        /// (plus the design, how it works and a Background appendix), full (plus what each
        /// part and protocol is, element by element).
        #[arg(long, value_enum, default_value_t = DetailArg::Standard)]
        detail: DetailArg,
    },
    /// Prints the review only.
    Check {
        /// The `.arch` files, or `-` for standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The report's format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_name = "SEVERITY", default_value = "high")]
        fail_on: SeverityArg,
        /// Take these elements or hosts down (comma-separated identifiers) and report what
        /// stops and which findings appear or disappear.
        #[arg(long, value_name = "ID,...", value_delimiter = ',')]
        fail: Vec<String>,
    },
    /// Writes what changed between two designs (Markdown): availability per flow, what became
    /// of each finding (worsened, introduced, moved, improved, fixed, gone with removed
    /// elements, still open), elements added with their `why`, removed, renamed or moved, and
    /// links.
    Diff {
        /// The design before.
        old: PathBuf,
        /// The design after.
        new: PathBuf,
        /// The output file (default: standard output).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Formats `.arch` files canonically, keeping every comment.
    Fmt {
        /// The `.arch` files (formatted in place), or `-` (to standard output).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write nothing; exit 1 naming the files that are not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Runs the language server over standard input and output (for editors).
    Lsp,
    /// Serves a live preview of a design on 127.0.0.1: an editor, the diagram, the review and
    /// the write-up, updated as the file is saved or edited in the page.
    Serve {
        /// The `.arch` file.
        file: PathBuf,
        /// The port (default: a free port, printed).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Builds the inputs, then rebuilds each one whenever it is saved.
    Watch {
        /// The `.arch` files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The directory to write into (default: beside each input).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
}

/// A severity on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SeverityArg {
    /// Critical findings only.
    Critical,
    /// High and above.
    High,
    /// Medium and above.
    Medium,
    /// Low and above.
    Low,
    /// Every finding.
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Critical => Severity::Critical,
            SeverityArg::High => Severity::High,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ThemeArg {
    Light,
    Dark,
    Auto,
}

impl From<ThemeArg> for archc::render::Theme {
    fn from(theme: ThemeArg) -> Self {
        match theme {
            ThemeArg::Light => archc::render::Theme::Light,
            ThemeArg::Dark => archc::render::Theme::Dark,
            ThemeArg::Auto => archc::render::Theme::Auto,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum EdgesArg {
    /// Horizontal and vertical segments, right-angled bends.
    Orthogonal,
    /// Straight diagonals between the tiers.
    Polyline,
}

impl From<EdgesArg> for archc::layout::Routing {
    fn from(e: EdgesArg) -> Self {
        match e {
            EdgesArg::Orthogonal => archc::layout::Routing::Orthogonal,
            EdgesArg::Polyline => archc::layout::Routing::Polyline,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum RenderFormat {
    /// The SVG diagram.
    Svg,
    /// A PNG picture (resvg, with the embedded font).
    Png,
    /// A PDF page (text as outlines).
    Pdf,
    /// The layout's geometry as JSON, in SVG user units.
    LayoutJson,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum DetailArg {
    Brief,
    Standard,
    Full,
}

impl From<DetailArg> for archc::render::markdown::Detail {
    fn from(d: DetailArg) -> Self {
        match d {
            DetailArg::Brief => Self::Brief,
            DetailArg::Standard => Self::Standard,
            DetailArg::Full => Self::Full,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum DocFormat {
    Markdown,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    /// Findings grouped by severity, each with its source snippet, why and fix; then the
    /// availability and the assumptions.
    Text,
    /// One line per finding: `FILE:LINE:COLUMN: SEVERITY[RULE] MESSAGE`.
    Concise,
    /// One JSON document for every file.
    Json,
    /// A SARIF 2.1.0 log, for code scanning.
    Sarif,
}

/// Whether to colour what goes to a stream: only on a terminal, never with `NO_COLOR` set.
fn color_for(stream: &impl std::io::IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs a command; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let color = color_for(&std::io::stderr());
    let out_color = color_for(&std::io::stdout());
    let result = match cli.command {
        Command::Build {
            files,
            output,
            fail_on,
            check,
            theme,
            annotate,
        } => commands::build(
            &files,
            output.as_deref(),
            fail_on.map(Into::into),
            check,
            theme,
            annotate,
            out_color,
        ),
        Command::Render {
            file,
            output,
            format,
            theme,
            annotate,
            scale,
            edges,
        } => commands::render(
            &file,
            output.as_deref(),
            format,
            theme,
            annotate,
            scale,
            edges.into(),
        ),
        Command::Doc {
            file,
            output,
            format,
            inline_svg,
            detail,
        } => commands::doc(&file, output.as_deref(), format, inline_svg, detail.into()),
        Command::Check {
            files,
            format,
            fail_on,
            fail,
        } => commands::check(&files, format, fail_on.into(), &fail, out_color),
        Command::Diff { old, new, output } => commands::diff(&old, &new, output.as_deref()),
        Command::Fmt { files, check } => commands::fmt(&files, check),
        Command::Watch { files, output } => commands::watch(&files, output.as_deref(), out_color),
        Command::Lsp => Ok(archc::lsp::main()),
        Command::Serve { file, port } => commands::serve(&file, port),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            eprint!("{}", failure.report(color));
            2
        }
    }
}
