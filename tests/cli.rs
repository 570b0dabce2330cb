//! Command-line behaviour: trycmd cases in tests/cmd, plus cases that need a real pipe or
//! file permissions.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

fn mtlint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
}

#[test]
fn closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("long.txt");
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!("Paragraph {i} says the the same thing.\n\n"));
    }
    std::fs::write(&article, text).unwrap();
    let mut child = mtlint()
        .args(["check", "--format", "concise"])
        .arg(&article)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, closing the pipe like `| head -1`.
    let output = child.wait_with_output().unwrap();
    assert!(first.contains("core/doubled-word"), "{first}");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn unreadable_file_is_reported_and_others_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, "Nothing to see.\n").unwrap();
    let dir_as_file = dir.path().join("folder.txt");
    std::fs::create_dir(&dir_as_file).unwrap();
    let open = dir.path().join("open.txt");
    std::fs::write(&open, "It was the the end.\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    // Root can read anything; the check still proves the other file is linted.
    let readable_anyway = std::fs::read(&locked).is_ok();
    let output =
        mtlint().args(["check", "--format", "concise"]).arg(&locked).arg(&open).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("open.txt:1:8: warning[core/doubled-word]"), "{stdout}");
    if readable_anyway {
        assert_eq!(output.status.code(), Some(1));
    } else {
        assert!(stderr.contains("locked.txt: permission denied"), "{stderr}");
        assert_eq!(output.status.code(), Some(2));
    }
}

#[test]
fn huge_line_is_linted() {
    let mut child = mtlint()
        .args(["check", "--format", "jsonl", "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = format!("Notes: {}", "alpha beta gamma delta epsilon ".repeat(100_000));
    let column = line.chars().count() + 1;
    line.push_str("and and end\n");
    child.stdin.take().unwrap().write_all(line.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("\"matched\":\"and and\""));
    assert!(stdout.contains(&format!("\"column\":{column},")), "{stdout}");
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let ferry = articles.join("ferry.txt");
    std::fs::write(&ferry, "The ferry left at dawn.\n\nIt was the the last crossing.\n").unwrap();
    std::fs::write(articles.join("bridge.txt"), "The bridge could of opened sooner.\n").unwrap();
    let baseline = dir.path().join("baseline.json");

    let write = mtlint()
        .args(["check", "--format", "concise", "--write-baseline"])
        .arg(&baseline)
        .arg(&articles)
        .output()
        .unwrap();
    assert_eq!(write.status.code(), Some(0), "{}", String::from_utf8_lossy(&write.stderr));
    assert!(String::from_utf8_lossy(&write.stderr).contains("recorded 2 findings"));

    let unchanged = mtlint()
        .args(["check", "--format", "concise", "--baseline"])
        .arg(&baseline)
        .arg(&articles)
        .output()
        .unwrap();
    assert_eq!(unchanged.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&unchanged.stdout), "");

    // An edit above the known finding, and one new glitch.
    std::fs::write(
        &ferry,
        "A new opening paragraph.\n\nThe ferry left at dawn.\n\nIt was the the last crossing.\n\n\
         Crews said they were were tired.\n",
    )
    .unwrap();
    let after = mtlint()
        .args(["check", "--format", "concise", "--baseline"])
        .arg(&baseline)
        .arg(&articles)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&after.stdout);
    assert_eq!(after.status.code(), Some(1));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("doubled word `were were`"), "{stdout}");
}

#[test]
fn fix_writes_only_what_changes() {
    let dir = tempfile::tempdir().unwrap();
    let dirty = dir.path().join("dirty.txt");
    let clean = dir.path().join("clean.txt");
    std::fs::write(&dirty, "Crews said the the ferry\r\ncould of left.\r\n").unwrap();
    std::fs::write(&clean, "Crews said the ferry left.\n").unwrap();
    let before = std::fs::metadata(&clean).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = mtlint().args(["check", "--fix"]).arg(&dirty).arg(&clean).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(&dirty).unwrap(),
        "Crews said the ferry\r\ncould have left.\r\n"
    );
    assert_eq!(std::fs::metadata(&clean).unwrap().modified().unwrap(), before);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fixed 2 findings in 1 file, 0 remain"), "{stderr}");

    let diff = mtlint().args(["check", "--diff"]).arg(&dirty).output().unwrap();
    assert_eq!(diff.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&diff.stdout), "");
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let sentences = [
        "The ferry left the the harbour at dawn.",
        "Officials said alot of work remained.",
        "The council met on Tuesday to approve the budget.",
        "Repairs could of finished sooner, engineers said.",
        "Residents welcomed the news.",
    ];
    // Files of very different lengths, so that threads finish them out of order.
    for i in 0..60 {
        let mut text = String::new();
        for j in 0..(1 + (i * 7) % 23) * 10 {
            text.push_str(sentences[(i + j) % sentences.len()]);
            text.push_str(if j % 4 == 3 { "\n\n" } else { " " });
        }
        let sub = dir.path().join(format!("part{}", i % 3));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i:03}.txt")), text).unwrap();
    }
    // One unreadable input among them: its error keeps its place too.
    std::fs::write(dir.path().join("part1").join("020b.txt"), b"bad \xff byte").unwrap();
    // A configuration of its own in one part, turning one rule off for some of its files:
    // inputs linted together may have different rules.
    std::fs::write(
        dir.path().join("part2").join("mtlint.toml"),
        "ignore = [\"core/doubled-word\"]\n\n[[overrides]]\nfiles = [\"0[01]*.txt\"]\nignore = [\"core/wrong-form\"]\n",
    )
    .unwrap();
    let run = |threads: &str| {
        let output = mtlint()
            .args(["check", "--format", "concise", "--threads", threads])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let (one, one_err) = run("1");
    assert!(one.lines().count() > 100, "{one}");
    // Each file has the rules of its configuration.
    let rules_of = |part: &str, rule: &str| {
        one.lines().filter(|l| l.contains(part) && l.contains(rule)).count()
    };
    assert!(rules_of("part0", "core/doubled-word") > 0, "{one}");
    assert_eq!(rules_of("part2", "core/doubled-word"), 0, "{one}");
    let early = |l: &&str| l.contains("part2/00") || l.contains("part2/01");
    let wrong_form: Vec<&str> =
        one.lines().filter(|l| l.contains("part2/") && l.contains("core/wrong-form")).collect();
    assert!(!wrong_form.is_empty() && !wrong_form.iter().any(early), "{one}");
    assert!(one_err.contains("020b.txt"), "{one_err}");
    // Files are reported in walk order, each once.
    let files: Vec<&str> = one.lines().map(|l| l.split(':').next().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    for threads in ["2", "4"] {
        let (many, many_err) = run(threads);
        assert_eq!(one, many, "--threads {threads}");
        assert_eq!(one_err, many_err, "--threads {threads}");
    }
}

/// The lines of `--statistics`: a count and a rule id.
fn statistics_lines(output: &str) -> Vec<String> {
    let is_row = |line: &&str| {
        let mut parts = line.split_whitespace();
        let count = parts.next().is_some_and(|n| n.parse::<usize>().is_ok());
        let rule = parts.next().is_some_and(|id| id.contains('/'));
        count && rule && parts.next().is_none()
    };
    output.lines().filter(is_row).map(str::to_string).collect()
}

/// JSON and JSON Lines count findings and set the exit status from counts made on the
/// threads that lint; the other formats from the findings themselves. Both must agree, for
/// files read whole and for a file linted block by block.
#[test]
fn statistics_and_exit_status_are_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "It was the the end of the the story.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "The Mayor said that the the plan was ready.\n")
        .unwrap();
    let mut long = String::new();
    for i in 0..400 {
        long.push_str(&format!("Paragraph {i} repeats the the word.\n\nA calm day.\n\n"));
    }
    std::fs::write(dir.path().join("long.txt"), long).unwrap();
    for fail_on in ["error", "warning", "info"] {
        let run = |format: &str| {
            let output = mtlint()
                .env("MTLINT_BLOCK_BYTES", "4096")
                .args(["check", "--statistics", "--threads", "2", "--fail-on", fail_on])
                .args(["--format", format])
                .arg(dir.path())
                .output()
                .unwrap();
            let shown = match format {
                "concise" => output.stdout,
                _ => output.stderr,
            };
            (statistics_lines(&String::from_utf8_lossy(&shown)), output.status.code())
        };
        let expected = run("concise");
        assert!(!expected.0.is_empty(), "{expected:?}");
        assert!(expected.0.iter().any(|line| line.contains("core/doubled-word")));
        for format in ["json", "jsonl"] {
            assert_eq!(run(format), expected, "{format}, --fail-on {fail_on}");
        }
    }
}
