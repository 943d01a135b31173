//! Diagnostics as data: the generated table of codes, and the command-line errors, each run
//! through the real binaries: a code, a message, a hint, miette's rendering, exit code 2.

use std::path::{Path, PathBuf};

use archc::diagnostic::{self, DiagnosticKind, Tag};
use assert_cmd::Command;

/// `docs/src/reference/diagnostics.md` is generated from `DiagnosticKind`; regenerate it with
/// `UPDATE_DOCS=1 cargo test --test diagnostics docs_diagnostics_md_is_fresh`.
#[test]
fn docs_diagnostics_md_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src/reference/diagnostics.md");
    let fresh = diagnostic::codes_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/src/reference/diagnostics.md is stale: run `UPDATE_DOCS=1 cargo test --test diagnostics docs_diagnostics_md_is_fresh`"
    );
}

#[test]
fn the_table_has_one_row_per_variant_with_its_code_and_example() {
    let table = diagnostic::codes_markdown();
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| `")).collect();
    let tags: Vec<Tag> = diagnostic::kind::tags().collect();
    assert_eq!(rows.len(), tags.len());
    for (row, tag) in rows.iter().zip(&tags) {
        assert!(row.starts_with(&format!("| `{}` |", tag.code())), "{row}");
        let message = tag.example().to_string().replace('|', "\\|");
        assert!(row.contains(&message), "{row} lacks {message}");
    }
    // Every code that the language reference used to list is still in the table.
    for code in [
        "E0100", "E0101", "E0105", "E0110", "E0112", "E0201", "E0207", "E0215", "E0218", "W0201",
        "W0301", "E0401", "E0402", "E0403", "E0405",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(&format!("| `{code}` |"))),
            "{code}"
        );
    }
}

#[test]
fn the_message_of_a_compile_error_is_its_kinds() {
    let errors = archc::compile("service s { colour = red }", "x").unwrap_err();
    let d = &errors[0];
    assert_eq!(d.code, "E0204");
    let DiagnosticKind::UnknownAttribute {
        key,
        owner,
        accepted,
        ..
    } = &*d.kind
    else {
        panic!("{:?}", d.kind)
    };
    assert_eq!((key.as_str(), owner.as_str()), ("colour", "a service"));
    assert!(accepted.contains(&"port"), "{accepted:?}");
    assert_eq!(d.message, d.kind.to_string());
    assert_eq!(d.help.as_deref(), Some(d.kind.hint().as_str()));
    assert_eq!(d.labels[0].message, d.kind.label(0));
}

/// The result of one run.
struct Run {
    code: i32,
    stderr: String,
}

fn run_bin(bin: &str, dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin(bin)
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .write_stdin("")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn archc(dir: &Path, args: &[&str]) -> Run {
    run_bin("archc", dir, args)
}

const DESIGN: &str = "client user\nweb_server web\nuser -> web : https\n";

/// A temporary directory holding `design.arch`.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.arch");
    std::fs::write(&path, DESIGN).unwrap();
    (dir, path)
}

/// The files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Checks a failed run: exit code 2, a first line `error[CODE]: HEAD…` that contains
/// `message`, and miette's `help:` line containing `hint`.
fn assert_cli_error(run: &Run, code: &str, head: &str, message: &str, hint: &str) {
    assert_eq!(run.code, 2, "exit code for {code}:\n{}", run.stderr);
    let first = format!("error[{code}]: {head}");
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&first))
        .unwrap_or_else(|| panic!("no `{first}` in:\n{}", run.stderr));
    assert!(line.contains(message), "`{message}` not in `{line}`");
    // miette wraps the hint at 100 columns: compare with the lines joined.
    let help = run
        .stderr
        .split_once("help:")
        .unwrap_or_else(|| panic!("no hint in:\n{}", run.stderr))
        .1
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains(hint), "`{hint}` not in `{help}`");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_missing_input_is_e0401_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "build", "render", "doc", "fmt"] {
        let run = archc(dir.path(), &[command, "missing.arch"]);
        assert_cli_error(
            &run,
            "E0401",
            "missing.arch: ",
            "`missing.arch` does not exist",
            "check the path",
        );
    }
    assert!(files_in(dir.path()).is_empty(), "nothing is written");
}

#[test]
fn a_directory_as_input_is_e0401_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("designs")).unwrap();
    let run = archc(dir.path(), &["check", "designs"]);
    assert_cli_error(
        &run,
        "E0401",
        "designs: ",
        "`designs` is a directory",
        "name the `.arch` files inside it",
    );
}

#[test]
fn an_unreadable_input_is_e0401_with_a_hint() {
    // A file that cannot be read: without read permission, or (as root, who may read any
    // file) one whose reading fails in the kernel.
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.arch");
    std::fs::write(&locked, DESIGN).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let readable = std::fs::read(&locked).is_ok();
    let target = if !readable {
        "locked.arch"
    } else if Path::new("/proc/self/mem").exists() {
        "/proc/self/mem"
    } else {
        return; // Nothing on this system is unreadable to this user.
    };
    let run = archc(dir.path(), &["check", target]);
    assert_cli_error(
        &run,
        "E0401",
        &format!("{target}: "),
        "cannot be read",
        "check the file's permissions",
    );
}

#[test]
fn an_output_directory_that_cannot_be_made_is_e0403() {
    let (dir, path) = project();
    std::fs::write(dir.path().join("blocker"), "a file, not a directory").unwrap();
    let input = path.to_str().unwrap();
    let run = archc(dir.path(), &["build", input, "-o", "blocker/out"]);
    assert_cli_error(
        &run,
        "E0403",
        "cannot write blocker/out: ",
        "cannot write blocker/out",
        "check that the directory exists",
    );
    let run = archc(dir.path(), &["render", input, "-o", "blocker/design.svg"]);
    assert_cli_error(
        &run,
        "E0403",
        "cannot write blocker/design.svg: ",
        "cannot write",
        "choose another with `--output`",
    );
    assert_eq!(files_in(dir.path()), ["blocker", "design.arch"]);
}

#[test]
fn an_unknown_fail_id_is_e0203_with_a_did_you_mean() {
    let (dir, _) = project();
    let run = archc(dir.path(), &["check", "design.arch", "--fail", "wbe"]);
    assert_cli_error(
        &run,
        "E0203",
        "design.arch: ",
        "`--fail wbe`: no element `wbe` in `design.arch`",
        "did you mean `web`?",
    );
    let run = archc(dir.path(), &["check", "design.arch", "--fail", "web,zzz"]);
    assert_cli_error(
        &run,
        "E0203",
        "design.arch: ",
        "no element `zzz`",
        "name components or hosts of the design",
    );
}

#[test]
fn an_empty_fail_id_is_e0404() {
    let (dir, _) = project();
    for value in ["", "web,", "web,,user"] {
        let run = archc(dir.path(), &["check", "design.arch", "--fail", value]);
        assert_cli_error(
            &run,
            "E0404",
            "design.arch: `--fail`",
            "names an empty identifier",
            "separate the identifiers with single commas",
        );
    }
}

#[test]
fn a_scale_that_is_not_positive_is_e0404() {
    let (dir, _) = project();
    for scale in ["0", "-2", "NaN", "inf"] {
        let run = archc(
            dir.path(),
            &[
                "render",
                "design.arch",
                "--format",
                "png",
                &format!("--scale={scale}"),
            ],
        );
        assert_cli_error(
            &run,
            "E0404",
            "`--scale ",
            "the scale must be a positive number",
            "`--scale 2`",
        );
    }
    assert_eq!(files_in(dir.path()), ["design.arch"], "nothing is written");
}

#[test]
fn a_picture_too_large_for_its_scale_is_e0406() {
    let (dir, _) = project();
    let run = archc(
        dir.path(),
        &[
            "render",
            "design.arch",
            "--format",
            "png",
            "--scale",
            "1000",
        ],
    );
    assert_cli_error(
        &run,
        "E0406",
        "cannot make the PNG: ",
        "too large",
        "choose a smaller `--scale`",
    );
    assert_eq!(files_in(dir.path()), ["design.arch"], "nothing is written");
}

#[test]
fn two_inputs_writing_one_output_is_e0408() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["v1", "v2"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("shop.arch"), DESIGN).unwrap();
    }
    let args = ["build", "v1/shop.arch", "v2/shop.arch", "-o", "site"];
    let run = archc(dir.path(), &args);
    assert_cli_error(
        &run,
        "E0408",
        "`v1/shop.arch` and `v2/shop.arch` would both write site/shop.",
        "would both write",
        "rename one input",
    );
    assert_eq!(files_in(dir.path()), ["v1", "v2"], "nothing is written");
    // Beside their inputs, they do not collide.
    let run = archc(dir.path(), &["build", "v1/shop.arch", "v2/shop.arch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_port_in_use_is_e0405() {
    let (dir, _) = project();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = archc(dir.path(), &["serve", "design.arch", "--port", &port]);
    assert_cli_error(
        &run,
        "E0405",
        &format!("cannot listen on 127.0.0.1:{port}: "),
        "cannot listen",
        "choose another port with `--port N`",
    );
}

#[test]
fn clap_rejects_what_it_can_with_exit_code_2() {
    let (dir, _) = project();
    let run = archc(dir.path(), &["check", "design.arch", "--fail-on", "severe"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("severe"), "{}", run.stderr);
}

#[test]
fn the_preprocessor_reports_an_unknown_argument_as_e0409() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_bin("mdbook-archc", dir.path(), &["--bogus"]);
    assert_cli_error(
        &run,
        "E0409",
        "mdbook-archc: unknown argument `--bogus`",
        "unknown argument",
        "mdbook-archc --help",
    );
}

#[test]
fn many_errors_in_a_large_design_show_the_first_hundred_with_their_hints() {
    // 2,000 elements and 5,000 links to undeclared ones: the "did you mean" is looked up for
    // the errors shown, and the others are counted.
    let mut source: String = (0..2000).map(|i| format!("service s{i}\n")).collect();
    source.extend((0..5000).map(|i| format!("s{} -> t{i}\n", i % 2000)));
    let errors = archc::compile(&source, "big").unwrap_err();
    assert_eq!(errors.len(), 101);
    assert!(errors[..100].iter().all(|d| d.code == "E0203"));
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `s0`?"));
    let last = &errors[100];
    assert_eq!(last.code, "E0109");
    assert!(last.message.contains("4900 more"), "{}", last.message);
}
