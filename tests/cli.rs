//! Runs the real `archc` binary: every command, every exit code, every class of input error.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The result of one run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn archc(dir: &Path, args: &[&str]) -> Run {
    archc_stdin(dir, args, "")
}

fn archc_stdin(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let out = Command::cargo_bin("archc")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// A temporary directory holding `files`.
fn with_files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

/// Checks that `src` fails with exit code 2 and an error `code` at `line:column`, whose
/// first line contains `message` and whose text contains `hint`.
fn assert_error(src: &[u8], code: &str, line_col: &str, message: &str, hint: &str) {
    let dir = with_files(&[("design.arch", src)]);
    let run = archc(dir.path(), &["build", "design.arch"]);
    assert_eq!(run.code, 2, "exit code for {code}: {}", run.stderr);
    let head = if line_col.is_empty() {
        format!("error[{code}]: design.arch: ")
    } else {
        format!("error[{code}]: design.arch:{line_col}: ")
    };
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("no `{head}` in:\n{}", run.stderr));
    assert!(line.contains(message), "`{message}` not in `{line}`");
    assert!(
        run.stderr.contains(hint),
        "hint `{hint}` not in:\n{}",
        run.stderr
    );
    let written: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["design.arch"], "a failed run writes nothing");
    assert_eq!(
        std::fs::read(dir.path().join("design.arch")).unwrap(),
        src,
        "input untouched"
    );
}

#[test]
fn error_missing_brace() {
    assert_error(
        b"client u\nhost h {\n  web_server w\n",
        "E0105",
        "2:8",
        "missing `}`",
        "add `}`",
    );
}

#[test]
fn error_unterminated_string() {
    assert_error(
        b"client u \"User\ndns d",
        "E0102",
        "1:10",
        "unterminated string",
        "close it with `\"`",
    );
}

#[test]
fn error_stray_token() {
    assert_error(
        b"client u\nweb_server w ) \"x\"\n",
        "E0101",
        "2:14",
        "found `)`",
        "statements are",
    );
    assert_error(b"client u\n}\n", "E0101", "2:1", "`}`", "no `{` open");
}

#[test]
fn error_unknown_kind() {
    assert_error(
        b"client u\nwebserver w\n",
        "E0201",
        "2:1",
        "unknown kind `webserver`",
        "did you mean `web_server`?",
    );
}

#[test]
fn error_unknown_identifier_in_link() {
    assert_error(
        b"client user\nweb_server nginx\nuser -> ngnix : http\n",
        "E0203",
        "3:9",
        "unknown identifier `ngnix`",
        "did you mean `nginx`?",
    );
}

#[test]
fn error_duplicate_identifier_points_at_both() {
    let src = b"client user\nhost h {\n  web_server web\n}\napp_server web\n";
    assert_error(
        src,
        "E0202",
        "5:12",
        "`web` is declared twice",
        "first declared here",
    );
    let dir = with_files(&[("design.arch", src)]);
    let run = archc(dir.path(), &["check", "design.arch"]);
    assert!(
        run.stderr.contains(" 3 │   web_server web"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(" 5 │ app_server web"), "{}", run.stderr);
}

#[test]
fn error_unknown_attribute_key_and_value() {
    assert_error(
        b"load_balancer lb {\n  algoritm = roundrobin\n}\n",
        "E0204",
        "2:3",
        "unknown attribute `algoritm`",
        "did you mean `algorithm`?",
    );
    assert_error(
        b"load_balancer lb {\n  algorithm = round_robin\n}\n",
        "E0205",
        "2:15",
        "`round_robin` is not a valid value for `algorithm`",
        "`static-rr`",
    );
    assert_error(
        b"load_balancer lb { setup = active }\n",
        "E0205",
        "1:28",
        "`active`",
        "did you mean `active-active`?",
    );
}

#[test]
fn error_replicates_names_a_non_database() {
    assert_error(
        b"cache c\ndatabase d { role = replica; replicates = c }\n",
        "E0208",
        "2:43",
        "`replicates` must name a database, but `c` is a cache",
        "name the primary database",
    );
}

#[test]
fn error_reserved_word() {
    assert_error(
        b"client title\n",
        "E0104",
        "1:8",
        "`title` is a reserved word",
        "rename it",
    );
}

#[test]
fn error_empty_file() {
    assert_error(
        b"# nothing yet\n\n",
        "E0100",
        "",
        "the file declares nothing",
        "declare at least one",
    );
}

#[test]
fn error_not_utf8() {
    assert_error(
        b"client u\nclient \xff\n",
        "E0402",
        "2:8",
        "is not UTF-8",
        "save the file as UTF-8",
    );
}

#[test]
fn error_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = archc(dir.path(), &["check", "missing.arch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error[E0401]: missing.arch: `missing.arch` does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn independent_errors_are_all_reported() {
    let dir = with_files(&[(
        "design.arch",
        b"client u\nservce s\nweb_server w { colour = red }\nu -> x\nclient v ?\n",
    )]);
    let run = archc(dir.path(), &["check", "design.arch"]);
    assert_eq!(run.code, 2);
    // The syntax error stops compilation before names are resolved.
    assert!(run.stderr.contains("design.arch:5:10"), "{}", run.stderr);
    let dir = with_files(&[(
        "design.arch",
        b"client u\nservce s\nweb_server w { colour = red }\nu -> x\n",
    )]);
    let run = archc(dir.path(), &["check", "design.arch"]);
    for at in ["design.arch:2:1", "design.arch:3:16", "design.arch:4:6"] {
        assert!(run.stderr.contains(at), "{at} missing:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("3 errors found"), "{}", run.stderr);
}

#[test]
fn one_invalid_input_means_nothing_is_written() {
    let dir = with_files(&[
        ("good.arch", b"client u\nweb_server w\nu -> w : https\n"),
        ("bad.arch", b"client u\nu -> nowhere\n"),
    ]);
    let run = archc(dir.path(), &["build", "good.arch", "bad.arch"]);
    assert_eq!(run.code, 2);
    assert!(!dir.path().join("good.svg").exists());
    assert!(!dir.path().join("good.md").exists());
}

#[test]
fn no_input_panics() {
    let cases: [&[u8]; 12] = [
        b"{",
        b"}",
        b"->",
        b"a -> -> b",
        b"\"",
        b"client u {",
        b"x = 1",
        b"allow",
        b"client u\nallow no-https on u \"\"",
        b"service s { ip = 999.1.1.1; port = 0; availability = 120% }",
        b"cluster c {}\nclient u\nu -> c",
        b"database a { replicates = a }",
    ];
    for src in cases {
        let dir = with_files(&[("design.arch", src)]);
        let run = archc(dir.path(), &["check", "design.arch"]);
        assert_eq!(
            run.code,
            2,
            "{}: {}",
            String::from_utf8_lossy(src),
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(run.stderr.contains("error["), "{}", run.stderr);
    }
}

#[test]
fn build_writes_svg_and_markdown_beside_the_input_and_prints_the_review() {
    let dir = with_files(&[(
        "distributed.arch",
        &std::fs::read(examples().join("1-distributed_web_infrastructure.arch")).unwrap(),
    )]);
    let run = archc(dir.path(), &["build", "distributed.arch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(dir.path().join("distributed.svg")).unwrap();
    let md = std::fs::read_to_string(dir.path().join("distributed.md")).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(md.starts_with("# Distributed web infrastructure"), "{md}");
    // A short summary, not the full review.
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "distributed.arch: \"Distributed web infrastructure\"",
            "wrote distributed.svg and distributed.md",
            "14 findings: 1 critical, 5 high, 6 medium, 2 low",
        ],
        "{}",
        run.stdout
    );
    // One line per finding above `low`, most severe first, as `check --format concise` has it.
    let concise = archc(
        dir.path(),
        &["check", "--format", "concise", "distributed.arch"],
    );
    let above_low: Vec<&str> = concise
        .stdout
        .lines()
        .filter(|l| !l.contains(": low[") && !l.contains(": info["))
        .collect();
    assert_eq!(above_low.len(), 12, "{}", concise.stdout);
    assert_eq!(lines[3..15], above_low[..], "{}", run.stdout);
    assert_eq!(
        lines[15..],
        [
            "and 2 low findings (see the details)",
            "availability: reads 99.488% (44.9 hours of downtime a year); writes 98.993% (88.3 hours of downtime a year)",
            "details: archc check distributed.arch",
        ],
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("= why:"), "{}", run.stdout);
    // The full form stays with `check`.
    let full = archc(dir.path(), &["check", "distributed.arch"]);
    assert!(full.stdout.contains("= why:"), "{}", full.stdout);
    assert!(full.stdout.contains("\nASSUMPTIONS\n"), "{}", full.stdout);
}

#[test]
fn check_concise_prints_one_line_per_finding() {
    let dir = with_files(&[(
        "d.arch",
        &std::fs::read(examples().join("2-secured_and_monitored_web_infrastructure.arch")).unwrap(),
    )]);
    let run = archc(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--fail-on",
            "critical",
            "d.arch",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = archc(dir.path(), &["check", "--format", "json", "d.arch"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let findings = value["findings"].as_array().unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{}", run.stdout);
    for (line, f) in lines.iter().zip(findings) {
        let expected = format!(
            "d.arch:{}:{}: {}[{}] {}",
            f["line"],
            f["column"],
            f["severity"].as_str().unwrap(),
            f["rule"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    // Nothing for a design without findings.
    let clean = with_files(&[(
        "c.arch",
        b"client u\nservice s { managed = true }\nu -> s : https\n",
    )]);
    let run = archc(clean.path(), &["check", "--format", "concise", "c.arch"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn build_summary_keeps_control_characters_from_the_terminal() {
    let dir = with_files(&[(
        "e.arch",
        b"title \"a\x1b[2Jb\"\nclient u\nweb_server w\nu -> w : http\n",
    )]);
    let run = archc(dir.path(), &["build", "e.arch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\x1b'), "{:?}", run.stdout);
    assert!(
        run.stdout.starts_with("e.arch: \"a\\u{1b}[2Jb\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("details: archc check e.arch"),
        "{}",
        run.stdout
    );
}

#[test]
fn build_into_a_directory() {
    let dir = with_files(&[("a.arch", b"client u\nweb_server w\nu -> w : https\n")]);
    let run = archc(dir.path(), &["build", "a.arch", "-o", "out/site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("out/site/a.svg").exists());
    assert!(dir.path().join("out/site/a.md").exists());
}

#[test]
fn build_check_fails_after_a_source_edit_and_passes_after_a_rebuild() {
    let dir = with_files(&[("a.arch", b"client u\nweb_server w\nu -> w : https\n")]);
    assert_eq!(archc(dir.path(), &["build", "a.arch"]).code, 0);
    let fresh = archc(dir.path(), &["build", "--check", "a.arch"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    std::fs::write(
        dir.path().join("a.arch"),
        "title \"Edited\"\nclient u\nweb_server w\nu -> w : https\n",
    )
    .unwrap();
    let stale = archc(dir.path(), &["build", "--check", "a.arch"]);
    assert_eq!(stale.code, 1);
    assert!(stale.stdout.contains("a.md"), "{}", stale.stdout);
    assert_eq!(archc(dir.path(), &["build", "a.arch"]).code, 0);
    assert_eq!(archc(dir.path(), &["build", "--check", "a.arch"]).code, 0);
}

#[test]
fn render_and_doc_read_stdin_and_write_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let src = "title \"Piped\"\nclient u\nweb_server w\nu -> w : https\n";
    let svg = archc_stdin(dir.path(), &["render", "-"], src);
    assert_eq!(svg.code, 0, "{}", svg.stderr);
    assert!(svg.stdout.starts_with("<svg"), "{}", svg.stdout);
    let md = archc_stdin(dir.path(), &["doc", "-", "-o", "-"], src);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(md.stdout.starts_with("# Piped"), "{}", md.stdout);
    let written = archc_stdin(dir.path(), &["doc", "-", "-o", "piped.md"], src);
    assert_eq!(written.code, 0);
    assert!(std::fs::read_to_string(dir.path().join("piped.md"))
        .unwrap()
        .starts_with("# Piped"));
}

#[test]
fn check_exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let design = examples().join("1-distributed_web_infrastructure.arch");
    let design = design.to_str().unwrap();
    // The distributed design has high and critical findings.
    assert_eq!(archc(dir.path(), &["check", design]).code, 1);
    assert_eq!(
        archc(dir.path(), &["check", design, "--fail-on", "critical"]).code,
        1
    );
    // A design with nothing at or above `critical`.
    let clean = with_files(&[("c.arch", b"client u\ncdn c\nu -> c : https\n")]);
    assert_eq!(
        archc(clean.path(), &["check", "c.arch", "--fail-on", "critical"]).code,
        0
    );
    // `build` never fails on findings without `--fail-on`.
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    assert_eq!(archc(dir.path(), &["build", design, "-o", o]).code, 0);
    assert_eq!(
        archc(dir.path(), &["build", design, "-o", o, "--fail-on", "high"]).code,
        1
    );
}

#[test]
fn check_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let design = examples().join("0-simple_web_stack.arch");
    let run = archc(
        dir.path(),
        &["check", "--format", "json", design.to_str().unwrap()],
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    let findings = value["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in [
            "file", "rule", "severity", "elements", "message", "line", "column",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(f["line"].as_u64().unwrap() >= 1);
    }
    let spof = findings
        .iter()
        .find(|f| f["rule"] == "single-point-of-failure")
        .expect("the simple stack has a single point of failure");
    assert_eq!(spof["elements"][0], "server");
    // `host server "Server" {` is on line 11 of the example.
    assert_eq!(spof["line"], 11);
    assert_eq!(spof["column"], 6);
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let version = archc(dir.path(), &["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("archc "));
    for cmd in ["build", "render", "doc", "check"] {
        let help = archc(dir.path(), &[cmd, "--help"]);
        assert_eq!(help.code, 0, "{cmd}");
        assert!(
            help.stdout.contains("Usage: archc"),
            "{cmd}: {}",
            help.stdout
        );
    }
    let bad = archc(dir.path(), &["check"]);
    assert_eq!(bad.code, 2, "a usage error exits 2");
}

#[test]
fn diff_lists_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let old = examples().join("0-simple_web_stack.arch");
    let new = examples().join("1-distributed_web_infrastructure.arch");
    let run = archc(
        dir.path(),
        &["diff", old.to_str().unwrap(), new.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .starts_with("# What changed: Simple web stack → Distributed web infrastructure"));
    for added in ["(`lb-01`)", "(`lb`)", "(`web-02`)", "(`db-2`)"] {
        assert!(
            run.stdout.contains(added),
            "{added} missing:\n{}",
            run.stdout
        );
    }
}

#[test]
fn fmt_formats_in_place_and_check_names_unformatted_files() {
    let messy = b"client   u # the user\nhost h{web_server w}\nu->w:https\n";
    let dir = with_files(&[("a.arch", messy)]);
    let check = archc(dir.path(), &["fmt", "--check", "a.arch"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("would reformat: a.arch"),
        "{}",
        check.stdout
    );
    assert_eq!(
        std::fs::read(dir.path().join("a.arch")).unwrap(),
        messy,
        "--check writes nothing"
    );
    assert_eq!(archc(dir.path(), &["fmt", "a.arch"]).code, 0);
    let formatted = std::fs::read_to_string(dir.path().join("a.arch")).unwrap();
    assert!(formatted.contains("# the user"), "{formatted}");
    assert_eq!(archc(dir.path(), &["fmt", "--check", "a.arch"]).code, 0);
    let piped = archc_stdin(dir.path(), &["fmt", "-"], &String::from_utf8_lossy(messy));
    assert_eq!(piped.stdout, formatted);
}

/// `archc watch` rebuilds on save, and keeps the last good outputs while the file is invalid.
#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_output() {
    use std::time::{Duration, Instant};
    let dir = with_files(&[(
        "w.arch",
        b"title \"First\"\nclient u\nweb_server w\nu -> w : https\n",
    )]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("archc"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["watch", "w.arch"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let md = dir.path().join("w.md");
    let wait_for = |want: &str| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if std::fs::read_to_string(&md).is_ok_and(|t| t.starts_with(want)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    };
    let first = wait_for("# First");
    // Give the watcher time to start before saving.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(
        dir.path().join("w.arch"),
        "title \"Second\"\nclient u\nweb_server w\nu -> w : https\n",
    )
    .unwrap();
    let second = wait_for("# Second");
    std::fs::write(
        dir.path().join("w.arch"),
        "title \"Broken\"\nclient u\nu -> nowhere\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let kept = std::fs::read_to_string(&md).unwrap();
    std::fs::write(
        dir.path().join("w.arch"),
        "title \"Third\"\nclient u\nweb_server w\nu -> w : https\n",
    )
    .unwrap();
    let third = wait_for("# Third");
    child.kill().unwrap();
    let _ = child.wait();
    assert!(first, "the first build was written");
    assert!(second, "a save was rebuilt");
    assert!(
        kept.starts_with("# Second"),
        "an invalid save keeps the last good output"
    );
    assert!(third, "watching goes on after an invalid save");
}

#[test]
fn render_formats_png_pdf_and_layout_json() {
    let dir = with_files(&[(
        "a.arch",
        b"client u\nhost h { web_server w }\nu -> w : https\n",
    )]);
    for (format, magic) in [("png", &b"\x89PNG"[..]), ("pdf", &b"%PDF"[..])] {
        let run = archc(dir.path(), &["render", "a.arch", "--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let bytes = std::fs::read(dir.path().join(format!("a.{format}"))).unwrap();
        assert!(bytes.starts_with(magic), "{format}");
    }
    let run = archc(
        dir.path(),
        &["render", "a.arch", "--format", "layout-json", "-o", "-"],
    );
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(value["containers"][0]["id"], "h");
    assert_eq!(value["containers"][0]["members"][0], "w");
    assert!(value["edges"][0]["points"].as_array().unwrap().len() >= 2);
}

/// Runs `archc ARGS` in `dir` under `umask`, through `sh` (the umask is the process's own).
#[cfg(unix)]
fn archc_with_umask(dir: &Path, umask: &str, args: &[&str]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("archc");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn new_outputs_get_the_mode_the_umask_gives() {
    let design: &[u8] = b"client u\nweb_server w\nu -> w : https\n";
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let dir = with_files(&[("d.arch", design)]);
        let run = archc_with_umask(dir.path(), umask, &["build", "d.arch"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = archc_with_umask(dir.path(), umask, &["render", "d.arch", "-o", "r.svg"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for out in ["d.svg", "d.md", "r.svg"] {
            assert_eq!(
                mode(&dir.path().join(out)),
                expected,
                "{out} under umask {umask}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_replaced_output_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = with_files(&[
        ("d.arch", b"client u\nweb_server w\nu -> w : https\n"),
        ("d.svg", b"old"),
        ("d.md", b"old"),
    ]);
    let set = |name: &str, mode: u32| {
        std::fs::set_permissions(dir.path().join(name), std::fs::Permissions::from_mode(mode))
            .unwrap()
    };
    set("d.svg", 0o664);
    set("d.md", 0o600);
    // A umask that would give neither mode.
    let run = archc_with_umask(dir.path(), "077", &["build", "d.arch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode(&dir.path().join("d.svg")), 0o664);
    assert_eq!(mode(&dir.path().join("d.md")), 0o600);
    assert_ne!(std::fs::read(dir.path().join("d.svg")).unwrap(), b"old");
    let run = archc_with_umask(dir.path(), "077", &["fmt", "d.arch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = with_files(&[("d.arch", b"client u\nweb_server w\nu -> w : https\n")]);
    // `d.md` cannot be written: a directory is in the way. `d.svg`, planned first, must not
    // be written either, and no temporary file may stay.
    std::fs::create_dir(dir.path().join("d.md")).unwrap();
    let run = archc_with_umask(dir.path(), "022", &["build", "d.arch"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("d.md"), "{}", run.stderr);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["d.arch", "d.md"]);
    // A read-only directory: nothing can be created, and nothing is.
    use std::os::unix::fs::PermissionsExt as _;
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = archc_with_umask(dir.path(), "022", &["build", "d.arch", "-o", "ro"]);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Root may write anywhere; otherwise the run fails and leaves the directory empty.
    if run.code != 0 {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0);
    }
}

#[test]
fn a_hundred_errors_are_shown_and_the_rest_counted() {
    let src: String = (0..150).map(|i| format!("servce s{i}\n")).collect();
    let dir = with_files(&[("d.arch", src.as_bytes())]);
    let run = archc(dir.path(), &["check", "d.arch"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.matches("error[E0201]").count(),
        100,
        "{}",
        run.stderr
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error[E0109]: d.arch:101:1: "))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(line.contains("50 more"), "{line}");
}

/// The summary the README and the commands reference show for `docs/tiny.arch` is what
/// `archc build` prints.
#[test]
fn the_documented_build_summary_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let run = archc(root, &["build", "docs/tiny.arch", "-o", out_dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Written beside the input, the files would be docs/tiny.svg and docs/tiny.md.
    let printed = run.stdout.replace(&format!("{out_dir}/"), "docs/");
    for doc in ["README.md", "docs/src/reference/commands.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        assert!(
            text.contains(&format!("```text\n{printed}```")),
            "{doc} does not show:\n{printed}"
        );
    }
}
