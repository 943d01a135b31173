//! The commands: each reads its inputs, runs the library, writes its outputs and returns the
//! exit code, or a [`Failure`] (exit code 2) that is printed with source snippets.

use std::path::{Path, PathBuf};

use archc::analysis::{Review, Severity};
use archc::diagnostic::{self, Diagnostic};
use archc::io::{self, Source};
use archc::Compiled;

use super::{CheckFormat, DocFormat, RenderFormat, ThemeArg};

/// Why a command failed: the diagnostics of each file, or an I/O error.
pub enum Failure {
    /// Invalid inputs: each source with its diagnostics.
    Input(Vec<(Source, Vec<Diagnostic>)>),
    /// A file could not be written.
    Write(String),
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
            Failure::Write(message) => format!("error[E0403]: cannot write {message}\n"),
        }
    }
}

/// One compiled input.
struct Design {
    source: Source,
    compiled: Compiled,
    review: Review,
}

/// Reads one input; a file that cannot be read is a source with its one diagnostic.
fn load_source(path: &Path) -> Result<Source, (Source, Vec<Diagnostic>)> {
    io::load(path).map_err(|e| {
        let e = *e;
        (
            Source {
                name: e.name,
                text: e.text,
            },
            vec![e.diagnostic],
        )
    })
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
        match load_source(path) {
            Ok(source) => match step(&source) {
                Ok(value) => done.push((path, source, value)),
                Err(diags) => failures.push((source, diags)),
            },
            Err(failure) => failures.push(failure),
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
    let compiled = process_all(files, |source| archc::compile(&source.text, &source.stem()))?;
    Ok(compiled
        .into_iter()
        .map(|(_, source, compiled)| {
            let review = archc::analysis::review(&compiled.model);
            Design {
                source,
                compiled,
                review,
            }
        })
        .collect())
}

fn load_one(file: &Path) -> Result<Design, Failure> {
    Ok(load_all(&[file.to_path_buf()])?.remove(0))
}

/// Prints the warnings of a design (compile warnings and review warnings) on standard error.
fn print_warnings(design: &Design, color: bool) {
    for w in design
        .compiled
        .warnings
        .iter()
        .chain(&design.review.warnings)
    {
        eprint!(
            "{}",
            diagnostic::render(w, &design.source.name, &design.source.text, color)
        );
    }
}

/// Writes `bytes` to `out` (`-`: standard output) atomically.
fn emit(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if out == Path::new("-") {
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|_| stdout.flush())
            .map_err(|e| Failure::Write(format!("standard output: {e}")))
    } else {
        io::write_atomic(out, bytes).map_err(|e| Failure::Write(e.to_string()))
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
    let options = archc::BuildOptions {
        theme: pipeline::theme(theme),
        annotate,
    };
    archc::build_outputs(
        &design.source.stem(),
        &design.compiled.model,
        &design.review,
        options,
    )
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
    let mut planned = Vec::new();
    for (design, input) in designs.iter().zip(files) {
        let dir = match output {
            Some(dir) => dir.to_path_buf(),
            None => input.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        for (name, bytes) in build_outputs(design, theme, annotate) {
            planned.push((dir.join(name), bytes));
        }
    }
    if check {
        let stale = archc::outputs::check_outputs(planned.iter().map(|(p, b)| (p, b)));
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
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Write(format!("{}: {e}", dir.display())))?;
    }
    io::write_all_atomic(&planned).map_err(|e| Failure::Write(e.to_string()))?;
    for (path, _) in &planned {
        eprintln!("wrote {}", path.display());
    }
    for design in &designs {
        print_warnings(design, color);
        print!("{}", pipeline::review_text(design, color));
    }
    Ok(threshold_code(&designs, fail_on))
}

/// 1 when some finding is at or above `fail_on`, else 0.
fn threshold_code(designs: &[Design], fail_on: Option<Severity>) -> u8 {
    let Some(limit) = fail_on else { return 0 };
    let failed = designs
        .iter()
        .flat_map(|d| &d.review.findings)
        .any(|f| f.severity <= limit);
    u8::from(failed)
}

/// `archc render`.
pub fn render(
    file: &Path,
    output: Option<&Path>,
    format: RenderFormat,
    theme: ThemeArg,
    annotate: bool,
    scale: f32,
) -> Result<u8, Failure> {
    let design = load_one(file)?;
    print_warnings(&design, false);
    let (ext, bytes) = match format {
        RenderFormat::Svg => ("svg", pipeline::svg(&design, theme, annotate).into_bytes()),
        RenderFormat::LayoutJson => ("json", pipeline::layout_json(&design).into_bytes()),
        RenderFormat::Png => (
            "png",
            pipeline::png(&design, theme, annotate, scale).map_err(Failure::Write)?,
        ),
        RenderFormat::Pdf => (
            "pdf",
            archc::render::png::pdf(&pipeline::svg(&design, theme, annotate))
                .map_err(Failure::Write)?,
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
            let inline = inline_svg.then(|| pipeline::svg(&design, ThemeArg::Light, false));
            let link = (!inline_svg).then(|| format!("{stem}.svg"));
            ("md", pipeline::markdown(&design, link, inline, detail))
        }
        DocFormat::Html => ("html", pipeline::html(&design, detail)),
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
    if !fail.is_empty() {
        let mut failures = Vec::new();
        for design in &designs {
            let unknown: Vec<Diagnostic> = fail
                .iter()
                .filter(|id| design.compiled.model.find(id).is_none())
                .map(|id| {
                    let names = design.compiled.model.elements.iter().map(|e| e.id.as_str());
                    let d = Diagnostic::error(
                        "E0203",
                        format!(
                            "`--fail {id}`: no element `{id}` in `{}`",
                            design.source.name
                        ),
                    );
                    match diagnostic::closest(id, names) {
                        Some(c) => d.with_help(format!("did you mean `{c}`?")),
                        None => d.with_help(
                            "name components or hosts of the design, separated by commas",
                        ),
                    }
                })
                .collect();
            if !unknown.is_empty() {
                failures.push((design.source.clone(), unknown));
            }
        }
        if !failures.is_empty() {
            return Err(Failure::Input(failures));
        }
    }
    let what_ifs: Vec<Option<archc::analysis::WhatIf>> = designs
        .iter()
        .map(|d| (!fail.is_empty()).then(|| pipeline::what_if(d, fail)))
        .collect();
    let text = match format {
        CheckFormat::Text => designs
            .iter()
            .zip(&what_ifs)
            .map(|(d, w)| {
                let mut t = pipeline::review_text(d, color);
                if let Some(w) = w {
                    t.push_str(&pipeline::what_if_text(d, w));
                }
                t
            })
            .collect::<String>(),
        CheckFormat::Json => pipeline::review_json(&designs, &what_ifs),
        CheckFormat::Sarif => pipeline::sarif(&designs, &what_ifs),
    };
    print!("{text}");
    Ok(threshold_code(&designs, Some(fail_on)))
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
    archc::watch::watch(files, |changed| rebuild(changed))
        .map_err(|e| Failure::Write(e.to_string()))?;
    Ok(0)
}

/// The calls into the library's renderers.
mod pipeline {
    use archc::analysis::{what_if as replay, WhatIf};
    use archc::render::markdown::DocOptions;
    use archc::render::review::FileReview;
    use archc::render::{self, SvgOptions};

    use super::{Design, ThemeArg};

    pub fn theme(theme: ThemeArg) -> render::Theme {
        match theme {
            ThemeArg::Light => render::Theme::Light,
            ThemeArg::Dark => render::Theme::Dark,
            ThemeArg::Auto => render::Theme::Auto,
        }
    }

    pub fn svg(design: &Design, theme_arg: ThemeArg, annotate: bool) -> String {
        let model = &design.compiled.model;
        let options = SvgOptions {
            theme: theme(theme_arg),
            annotate: annotate.then_some(&design.review),
            ..SvgOptions::for_model(model)
        };
        render::render_svg(model, &options)
    }

    pub fn layout_json(design: &Design) -> String {
        let geometry = render::diagram::layout(&design.compiled.model);
        render::layout_json(&geometry)
    }

    pub fn png(
        design: &Design,
        theme: ThemeArg,
        annotate: bool,
        scale: f32,
    ) -> Result<Vec<u8>, String> {
        render::png(&svg(design, theme, annotate), scale)
    }

    pub fn markdown(
        design: &Design,
        svg_link: Option<String>,
        inline_svg: Option<String>,
        detail: archc::render::markdown::Detail,
    ) -> String {
        let options = DocOptions {
            svg_link,
            inline_svg,
            detail,
        };
        render::markdown::markdown(&design.compiled.model, &design.review, &options)
    }

    pub fn html(design: &Design, detail: archc::render::markdown::Detail) -> String {
        let options = DocOptions {
            svg_link: None,
            inline_svg: Some(svg(design, ThemeArg::Auto, false)),
            detail,
        };
        render::html::html(&design.compiled.model, &design.review, &options)
    }

    pub fn review_text(design: &Design, color: bool) -> String {
        render::review::text(
            &design.compiled.model,
            &design.review,
            &design.source.name,
            &design.source.text,
            color,
        )
    }

    fn file_reviews<'a>(
        designs: &'a [Design],
        what_ifs: &'a [Option<WhatIf>],
    ) -> Vec<FileReview<'a>> {
        designs
            .iter()
            .zip(what_ifs.iter().map(Some).chain(std::iter::repeat(None)))
            .map(|(d, w)| FileReview {
                file: &d.source.name,
                source: &d.source.text,
                model: &d.compiled.model,
                review: &d.review,
                what_if: w.and_then(Option::as_ref),
            })
            .collect()
    }

    pub fn review_json(designs: &[Design], what_ifs: &[Option<WhatIf>]) -> String {
        render::review::json(&file_reviews(designs, what_ifs))
    }

    pub fn sarif(designs: &[Design], what_ifs: &[Option<WhatIf>]) -> String {
        render::sarif::sarif(&file_reviews(designs, what_ifs))
    }

    /// The what-if of `--fail` (the ids were checked against the design before).
    pub fn what_if(design: &Design, fail: &[String]) -> WhatIf {
        let model = &design.compiled.model;
        let failed: Vec<_> = fail.iter().filter_map(|id| model.find(id)).collect();
        replay(model, &failed)
    }

    pub fn what_if_text(design: &Design, what_if: &WhatIf) -> String {
        render::review::what_if_text(&design.compiled.model, what_if, &design.source.name)
    }
}
