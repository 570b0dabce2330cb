//! The progress bar: drawn on standard error when it is a terminal and many files are linted;
//! never when standard error is a pipe or a file, with `CI` set, with `--no-progress`, or for
//! a handful of files. The terminal is a pseudo-terminal from util-linux's `script`.

use std::path::Path;
use std::process::Command;

const ARTICLE: &str = "The harbour board met on Tuesday to discuss the new ferry timetable.\n\n\
    Residents asked for later sailings in the summer months, and the board agreed to look \
    at the the figures again before the vote in May.\n";

/// A directory of `count` small articles.
fn articles(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..count {
        std::fs::write(dir.path().join(format!("article-{i}.txt")), ARTICLE).unwrap();
    }
    dir
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What the terminal showed while `mtlint check` ran on `dir` with `extra` arguments,
/// standard output going to /dev/null, in a pseudo-terminal.
fn terminal_output(dir: &Path, extra: &str, ci: bool) -> String {
    let command_line = format!(
        "{} check --isolated --format json {extra} {} > /dev/null",
        quoted(env!("CARGO_BIN_EXE_mtlint")),
        quoted(dir.to_str().unwrap()),
    );
    let mut script = Command::new("script");
    script.args(["-q", "-e", "-c", &command_line, "/dev/null"]);
    script.env_remove("CI");
    if ci {
        script.env("CI", "true");
    }
    let output = script.output().expect("`script` (util-linux) runs");
    // Findings: exit status 1, passed on by `script -e`.
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_terminal_shows_the_files_done_and_the_rate() {
    let dir = articles(250);
    let shown = terminal_output(dir.path(), "", false);
    assert!(shown.contains("250/250 files ["), "{shown:?}");
    assert!(shown.contains(" files/s, "), "{shown:?}");
    // The bar is cleared at the end, leaving the terminal as it was.
    assert!(shown.ends_with("\r\u{1b}[2K"), "{shown:?}");
}

#[test]
fn no_bar_in_ci_with_no_progress_or_for_a_few_files() {
    let many = articles(250);
    assert_eq!(terminal_output(many.path(), "", true), "");
    assert_eq!(terminal_output(many.path(), "--no-progress", false), "");
    assert_eq!(terminal_output(many.path(), "--quiet", false), "");
    let few = articles(20);
    assert_eq!(terminal_output(few.path(), "", false), "");
}

#[test]
fn no_bar_when_standard_error_is_a_pipe() {
    let dir = articles(250);
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--isolated", "--format", "json"])
        .arg(dir.path())
        .env_remove("CI")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 252, "one finding each");
}
