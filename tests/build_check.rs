//! `archc build --check`: fails after a source edit, passes after a rebuild, writes nothing.

use assert_cmd::Command;

#[test]
fn build_check_fails_after_an_edit_and_passes_after_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("shop.arch");
    std::fs::write(
        &source,
        "title \"Shop\"\nclient user\nweb_server web\nuser -> web : https\n",
    )
    .unwrap();
    let archc = || Command::cargo_bin("archc").unwrap();

    // Nothing built yet: every output is missing.
    archc()
        .arg("build")
        .arg("--check")
        .arg(&source)
        .assert()
        .code(1);
    archc().arg("build").arg(&source).assert().success();
    archc()
        .arg("build")
        .arg("--check")
        .arg(&source)
        .assert()
        .success();

    // Edit the design: the committed outputs are now stale, and --check writes nothing.
    std::fs::write(
        &source,
        "title \"Shop, edited\"\nclient user\nweb_server web\nuser -> web : https\n",
    )
    .unwrap();
    let md = dir.path().join("shop.md");
    let before = std::fs::read(&md).unwrap();
    let out = archc()
        .arg("build")
        .arg("--check")
        .arg(&source)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("shop.md"), "lists the stale file: {stdout}");
    assert_eq!(std::fs::read(&md).unwrap(), before, "--check wrote a file");

    // Rebuild: current again.
    archc().arg("build").arg(&source).assert().success();
    archc()
        .arg("build")
        .arg("--check")
        .arg(&source)
        .assert()
        .success();
}
