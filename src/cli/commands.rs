//! The commands: each reads its inputs, runs the library, writes its outputs and returns the
//! exit code, or a [`Failure`] (exit code 2) that is printed with source snippets.

use std::path::{Path, PathBuf};

use archc::analysis::Severity;
use archc::design::{self, Design};
use archc::diagnostic::{self, Diagnostic, DiagnosticKind};
use archc::layout::Routing;
use archc::render::Theme;
use archc::shell::io::{self, Source};

use super::{CheckFormat, DocFormat, RenderFormat, ThemeArg};

/// Why a command failed (exit code 2): the diagnostics of each file, or one about the
/// command itself (an option, an output, the system).
pub enum Failure {
    /// Invalid inputs: each source with its diagnostics.
    Input(Vec<(Source, Vec<Diagnostic>)>),
    /// A command-line option, an output that cannot be written, the system: about no source.
    Command(Box<Diagnostic>),
}

impl From<DiagnosticKind> for Failure {
    fn from(kind: DiagnosticKind) -> Self {
        Failure::Command(Box::new(Diagnostic::new(kind)))
    }
}

impl From<io::WriteError> for Failure {
    fn from(e: io::WriteError) -> Self {
        Failure::Command(Box::new(e.diagnostic()))
    }
}

impl Failure {
    /// The text printed on standard error.
    pub fn report(&self, color: bool) -> String {
        match self {
            Failure::Input(files) => {
                let mut out = String::new();
                let mut count = 0;
                for (source, diags) in files {
                    for d in diags {
                        out.push_str(&diagnostic::render(d, &source.name, &source.text, color));
                        count += usize::from(d.is_error());
                    }
                }
                out.push_str(&format!(
                    "error: {count} error{} found; nothing was written\n",
                    if count == 1 { "" } else { "s" }
                ));
                out
            }
            Failure::Command(d) => diagnostic::render(d, "", "", color),
        }
    }
}

/// Reads every input and runs `step` on it; fails with every file's errors when any input
/// cannot be read or `step` rejects it. Returns each path with its source and `step`'s result.
fn process_all<T>(
    files: &[PathBuf],
    step: impl Fn(&Source) -> Result<T, Vec<Diagnostic>>,
) -> Result<Vec<(&PathBuf, Source, T)>, Failure> {
    let mut done = Vec::new();
    let mut failures = Vec::new();
    for path in files {
        match io::load(path) {
            Ok(source) => match step(&source) {
                Ok(value) => done.push((path, source, value)),
                Err(diags) => failures.push((source, diags)),
            },
            Err(e) => {
                let e = *e;
                let source = Source {
                    name: e.name,
                    text: e.text,
                };
                failures.push((source, vec![e.diagnostic]));
            }
        }
    }
    if failures.is_empty() {
        Ok(done)
    } else {
        Err(Failure::Input(failures))
    }
}

/// Loads, compiles and reviews every input; fails with every file's errors when any is
/// invalid.
fn load_all(files: &[PathBuf]) -> Result<Vec<Design>, Failure> {
    let mut designs = Vec::new();
    let mut failures = Vec::new();
    for path in files {
        match Design::load(path) {
            Ok(design) => designs.push(design),
            Err(rejected) => failures.push(*rejected),
        }
    }
    if failures.is_empty() {
        Ok(designs)
    } else {
        Err(Failure::Input(failures))
    }
}

fn load_one(file: &Path) -> Result<Design, Failure> {
    Ok(load_all(&[file.to_path_buf()])?.remove(0))
}

/// Prints the warnings of a design (compile warnings and review warnings) on standard error.
fn print_warnings(design: &Design, color: bool) {
    eprint!("{}", design.warnings_text(color));
}

/// Writes `bytes` to `out` (`-`: standard output) atomically.
fn emit(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if out == Path::new("-") {
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|_| stdout.flush())
            .map_err(|e| {
                Failure::from(DiagnosticKind::CannotWrite {
                    path: "standard output".into(),
                    reason: e.to_string(),
                })
            })
    } else {
        Ok(io::write_atomic(out, bytes)?)
    }
}

/// Where an output goes: `-o` if given, standard output for standard input, else beside the
/// input with extension `ext`.
fn output_path(design: &Design, input: &Path, output: Option<&Path>, ext: &str) -> PathBuf {
    match output {
        Some(o) => o.to_path_buf(),
        None if input == Path::new("-") => PathBuf::from("-"),
        None => input.with_file_name(format!("{}.{ext}", design.source.stem())),
    }
}

/// The outputs `archc build` writes for one design: `(file name, bytes)`.
fn build_outputs(design: &Design, theme: ThemeArg, annotate: bool) -> Vec<(String, Vec<u8>)> {
    design.outputs(archc::BuildOptions {
        theme: theme.into(),
        annotate,
    })
}

/// `archc build`.
pub fn build(
    files: &[PathBuf],
    output: Option<&Path>,
    fail_on: Option<Severity>,
    check: bool,
    theme: ThemeArg,
    annotate: bool,
    color: bool,
) -> Result<u8, Failure> {
    let designs = load_all(files)?;
    let mut planned: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    // Which input writes each output, to refuse two inputs writing one file.
    let mut writer: std::collections::BTreeMap<PathBuf, &Path> = std::collections::BTreeMap::new();
    // The files each design writes, as shown to the user.
    let mut written: Vec<Vec<String>> = Vec::new();
    for (design, input) in designs.iter().zip(files) {
        let dir = match output {
            Some(dir) => dir.to_path_buf(),
            None => input.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        let mut mine = Vec::new();
        for (name, bytes) in build_outputs(design, theme, annotate) {
            let path = dir.join(name);
            if let Some(first) = writer.insert(path.clone(), input) {
                if first == input.as_path() {
                    continue; // The same input named twice writes its outputs once.
                }
                return Err(DiagnosticKind::OutputCollision {
                    path: path.display().to_string(),
                    first: first.display().to_string(),
                    second: input.display().to_string(),
                }
                .into());
            }
            mine.push(path.display().to_string());
            planned.push((path, bytes));
        }
        written.push(mine);
    }
    if check {
        let stale = archc::shell::outputs::check_outputs(planned.iter().map(|(p, b)| (p, b)));
        if stale.is_empty() {
            eprintln!("{} output(s) are up to date", planned.len());
            return Ok(0);
        }
        for s in &stale {
            println!("stale: {s}");
        }
        eprintln!(
            "{} of {} output(s) differ from what their sources produce: run `archc build` and commit them",
            stale.len(),
            planned.len()
        );
        return Ok(1);
    }
    if let Some(dir) = output {
        std::fs::create_dir_all(dir).map_err(|e| DiagnosticKind::CannotWrite {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    io::write_all_atomic(&planned)?;
    for (design, written) in designs.iter().zip(&written) {
        print_warnings(design, color);
        print!("{}", design.review_summary(written, color));
    }
    Ok(design::exit_code(&designs, fail_on))
}

/// `archc render`.
pub fn render(
    file: &Path,
    output: Option<&Path>,
    format: RenderFormat,
    theme: ThemeArg,
    annotate: bool,
    scale: f32,
    routing: Routing,
) -> Result<u8, Failure> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(DiagnosticKind::BadScale { scale }.into());
    }
    // The diagram needs the review only to mark its findings.
    let design =
        Design::load_with(file, annotate).map_err(|rejected| Failure::Input(vec![*rejected]))?;
    print_warnings(&design, false);
    let picture_failed = |format| move |reason| DiagnosticKind::PictureFailed { format, reason };
    let (ext, bytes) = match format {
        RenderFormat::Svg => (
            "svg",
            design
                .svg_routed(theme.into(), annotate, routing)
                .into_bytes(),
        ),
        RenderFormat::LayoutJson => ("json", design.layout_json(routing).into_bytes()),
        RenderFormat::Png => (
            "png",
            design
                .png(theme.into(), annotate, routing, scale)
                .map_err(picture_failed("PNG"))?,
        ),
        RenderFormat::Pdf => (
            "pdf",
            design
                .pdf(theme.into(), annotate, routing)
                .map_err(picture_failed("PDF"))?,
        ),
    };
    emit(&output_path(&design, file, output, ext), &bytes)?;
    Ok(0)
}

/// `archc doc`.
pub fn doc(
    file: &Path,
    output: Option<&Path>,
    format: DocFormat,
    inline_svg: bool,
    detail: archc::render::markdown::Detail,
) -> Result<u8, Failure> {
    let design = load_one(file)?;
    print_warnings(&design, false);
    let stem = design.source.stem();
    let (ext, text) = match format {
        DocFormat::Markdown => {
            let inline = inline_svg.then(|| design.svg(Theme::Light, false));
            let link = (!inline_svg).then(|| format!("{stem}.svg"));
            ("md", design.markdown_at(link, inline, detail))
        }
        DocFormat::Html => ("html", design.html_at(detail)),
    };
    emit(&output_path(&design, file, output, ext), text.as_bytes())?;
    Ok(0)
}

/// `archc check`.
pub fn check(
    files: &[PathBuf],
    format: CheckFormat,
    fail_on: Severity,
    fail: &[String],
    color: bool,
) -> Result<u8, Failure> {
    let designs = load_all(files)?;
    for design in &designs {
        print_warnings(design, color);
    }
    let mut what_ifs = Vec::new();
    let mut failures = Vec::new();
    for design in &designs {
        if fail.is_empty() {
            what_ifs.push(None);
            continue;
        }
        match design.what_if(fail, "--fail") {
            Ok(w) => what_ifs.push(Some(w)),
            Err(unknown) => failures.push((design.source.clone(), unknown)),
        }
    }
    if !failures.is_empty() {
        return Err(Failure::Input(failures));
    }
    let text = match format {
        CheckFormat::Concise => designs
            .iter()
            .zip(&what_ifs)
            .map(|(d, w)| {
                let mut t = d.review_concise(color);
                if let Some(w) = w {
                    t.push_str(&d.what_if_text(w));
                }
                t
            })
            .collect::<String>(),
        CheckFormat::Text => designs
            .iter()
            .zip(&what_ifs)
            .map(|(d, w)| {
                let mut t = d.review_text(color);
                if let Some(w) = w {
                    t.push_str(&d.what_if_text(w));
                }
                t
            })
            .collect::<String>(),
        CheckFormat::Json => design::review_json(&designs, &what_ifs),
        CheckFormat::Sarif => design::sarif(&designs, &what_ifs),
    };
    print!("{text}");
    Ok(design::exit_code(&designs, Some(fail_on)))
}

/// `archc diff`: what changed between two designs, as Markdown.
pub fn diff(old: &Path, new: &Path, output: Option<&Path>) -> Result<u8, Failure> {
    let designs = load_all(&[old.to_path_buf(), new.to_path_buf()])?;
    let text = archc::diff::diff(
        (&designs[0].compiled.model, &designs[0].review),
        (&designs[1].compiled.model, &designs[1].review),
    );
    emit(output.unwrap_or(Path::new("-")), text.as_bytes())?;
    Ok(0)
}

/// `archc fmt`: formats files in place, or with `check` lists the files it would change
/// (exit 1) and writes nothing.
pub fn fmt(files: &[PathBuf], check: bool) -> Result<u8, Failure> {
    let formatted = process_all(files, |source| archc::format::format(&source.text))?;
    let mut changed = 0;
    for (path, source, text) in formatted {
        let differs = text != source.text;
        let stdout = path == Path::new("-");
        if !check && (stdout || differs) {
            emit(path, text.as_bytes())?;
            if !stdout {
                eprintln!("formatted {}", source.name);
            }
        }
        if differs {
            changed += 1;
            if check {
                println!("would reformat: {}", source.name);
            }
        }
    }
    if check && changed > 0 {
        eprintln!("{changed} file(s) are not formatted: run `archc fmt`");
        return Ok(1);
    }
    Ok(0)
}

/// `archc watch`: builds every input, then rebuilds each one when it is saved, printing the
/// review. An invalid save prints its errors and keeps the last good outputs.
pub fn watch(files: &[PathBuf], output: Option<&Path>, color: bool) -> Result<u8, Failure> {
    let rebuild = |file: &Path| match build(
        &[file.to_path_buf()],
        output,
        None,
        false,
        ThemeArg::Light,
        false,
        color,
    ) {
        Ok(_) => {}
        Err(failure) => eprint!("{}", failure.report(color)),
    };
    for file in files {
        rebuild(file);
    }
    eprintln!("watching {} file(s); press Ctrl-C to stop", files.len());
    archc::shell::watch::watch(files, |changed| rebuild(changed)).map_err(|e| {
        DiagnosticKind::CannotWatch {
            reason: e.to_string(),
        }
    })?;
    Ok(0)
}

/// `archc serve`: prints the preview's URL and serves it until the process is stopped.
pub fn serve(file: &Path, port: u16) -> Result<u8, Failure> {
    let running = archc::serve::start(file, port).map_err(|e| match e {
        archc::serve::StartError::Load(e) => {
            let e = *e;
            let source = Source {
                name: e.name,
                text: e.text,
            };
            Failure::Input(vec![(source, vec![e.diagnostic])])
        }
        archc::serve::StartError::Listen(d) => Failure::Command(Box::new(d)),
    })?;
    println!("{}", running.url());
    eprintln!(
        "serving a live preview of {}; press Ctrl-C to stop",
        file.display()
    );
    loop {
        std::thread::park();
    }
}
