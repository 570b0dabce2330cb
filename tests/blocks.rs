//! Large files linted block by block (`MTLINT_BLOCK_BYTES` makes "large" small here): the
//! findings are those of each block linted as a file of its own, moved to the file's
//! coordinates; without rules that look across paragraphs the output is the whole file's, in
//! every format; cuts respect CRLF, multi-byte characters and Markdown fences; bad input is
//! reported as for a file read whole.

use std::path::Path;
use std::process::{Command, Output};

use mtlint::document::InputFormat;
use mtlint::source::blocks::{Block, BlockReader, BlockSize};
use serde_json::Value;

/// Paragraphs whose findings stay within themselves.
const PARAGRAPHS: [&str; 6] = [
    "The ferry company said the the new timetable starts in May , after a long winter of repairs.",
    "Residents of the old quarter welcomed the plan. the council will vote on it next week.",
    "Engineers inspected the pier on Monday and said the work was Finished ahead of schedule.",
    "A spokesperson for the harbour said the terminal is ready for visitors and that tickets go \
     on sale soon.",
    "Local shops hope the extra passengers will help them\nrecover from a difficult year, and \
     several plan to open on Sundays.",
    "Bus route 12 will run to the terminal every twenty minutes. Cyclists asked for a a safer \
     lane on the coastal road.",
];

/// An archive of `count` paragraphs separated by blank lines, every fifth one a title line.
fn archive(count: usize) -> String {
    let mut text = String::new();
    for i in 0..count {
        if i % 5 == 0 {
            text.push_str(&format!("Harbour news, part {}\n\n", i / 5 + 1));
        }
        text.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        text.push_str("\n\n");
    }
    text
}

fn mtlint(block_bytes: Option<usize>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mtlint"));
    command.env_remove("MTLINT_BLOCK_BYTES");
    if let Some(bytes) = block_bytes {
        command.env("MTLINT_BLOCK_BYTES", bytes.to_string());
    }
    command.args(["check", "--isolated", "--color", "never", "--no-progress"]);
    command
}

fn run(block_bytes: Option<usize>, args: &[&str], dir: &Path) -> Output {
    mtlint(block_bytes).args(args).current_dir(dir).output().unwrap()
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn cut(text: &[u8], format: InputFormat, block_bytes: usize) -> Vec<Block> {
    BlockReader::new(text, "x", format, BlockSize::new(block_bytes))
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Asserts that the output of a block-wise run is that of a whole-file run, in full.
fn assert_same_output(blocks: &Output, whole: &Output) {
    assert_eq!(String::from_utf8_lossy(&blocks.stderr), String::from_utf8_lossy(&whole.stderr));
    assert_eq!(String::from_utf8_lossy(&blocks.stdout), String::from_utf8_lossy(&whole.stdout));
    assert_eq!(blocks.status.code(), whole.status.code());
}

/// 1-based line and column (in characters) of a byte offset of `text`.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, column as u64)
}

/// Asserts that every position of a JSON record is right for the file `text`.
fn assert_file_coordinates(text: &str, record: &Value) {
    let at = |v: &Value| v.as_u64().unwrap() as usize;
    let (start, end) = (at(&record["span"]["start"]), at(&record["span"]["end"]));
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{record}");
    let expected = line_col(text, start);
    assert_eq!((record["line"].as_u64().unwrap(), record["column"].as_u64().unwrap()), expected);
    let expected = line_col(text, end);
    assert_eq!(
        (record["end_line"].as_u64().unwrap(), record["end_column"].as_u64().unwrap()),
        expected
    );
    for related in record["related"].as_array().unwrap() {
        let start = at(&related["span"]["start"]);
        let expected = line_col(text, start);
        assert_eq!(
            (related["line"].as_u64().unwrap(), related["column"].as_u64().unwrap()),
            expected
        );
    }
    if let Some(edits) = record["fix"]["edits"].as_array() {
        for edit in edits {
            assert!(text.is_char_boundary(at(&edit["start"])) && at(&edit["end"]) <= text.len());
        }
    }
}

/// A record of a block linted as its own file, moved to the file's coordinates.
fn shifted(mut record: Value, block: &Block, path: &str) -> Value {
    let origin = block.origin;
    let add = |v: &mut Value, n: usize| *v = Value::from(v.as_u64().unwrap() + n as u64);
    let move_position = |record: &mut Value, line: &str, column: &str| {
        if record[line] == 1 {
            add(&mut record[column], origin.column);
        }
        add(&mut record[line], origin.line);
    };
    record["path"] = Value::from(path);
    add(&mut record["span"]["start"], origin.offset);
    add(&mut record["span"]["end"], origin.offset);
    move_position(&mut record, "line", "column");
    move_position(&mut record, "end_line", "end_column");
    if let Some(edits) = record["fix"]["edits"].as_array_mut() {
        for edit in edits {
            add(&mut edit["start"], origin.offset);
            add(&mut edit["end"], origin.offset);
        }
    }
    for related in record["related"].as_array_mut().unwrap() {
        related["path"] = Value::from(path);
        add(&mut related["span"]["start"], origin.offset);
        add(&mut related["span"]["end"], origin.offset);
        move_position(related, "line", "column");
    }
    record
}

#[test]
fn findings_are_those_of_each_block_linted_alone() {
    let dir = tempfile::tempdir().unwrap();
    // A name spelled two ways in paragraphs far apart: a finding only when both land in the
    // same block.
    let mut text = String::from(
        "Zeina Khodr, a journalist who has followed Syria for years, reported from Homs.\n\n",
    );
    text.push_str(&archive(30));
    text.push_str("“The regime is holding the opposition accountable,” recounted Jeana Coder.\n\n");
    text.push_str("Zeina Khodr said the the roads were closed.\n\nJeana Coder left on Friday.\n");
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();

    let size = 700;
    let blocks = cut(text.as_bytes(), InputFormat::Text, size);
    assert!(blocks.len() > 5, "{} blocks", blocks.len());
    let mut names = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let name = format!("block-{i:03}.txt");
        std::fs::write(dir.path().join(&name), &block.text).unwrap();
        names.push(name);
    }
    let mut args = vec!["--format", "jsonl", "-j", "1"];
    args.extend(names.iter().map(String::as_str));
    let alone = run(None, &args, dir.path());
    let mut expected = Vec::new();
    for record in records(&alone) {
        let index: usize = record["path"].as_str().unwrap()[6..9].parse().unwrap();
        expected.push(shifted(record, &blocks[index], "big.txt"));
    }

    let output = run(Some(size), &["--format", "jsonl", "-j", "1", "big.txt"], dir.path());
    let found = records(&output);
    assert_eq!(found, expected);
    assert_eq!(output.status.code(), alone.status.code());
    for record in &found {
        assert_file_coordinates(&text, record);
    }
    // The last two paragraphs share a block, so that spelling is found; the first is too far.
    let names: Vec<&Value> =
        found.iter().filter(|r| r["rule"] == "names/inconsistent-spelling").collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0]["related"][0]["line"].as_u64().unwrap() > 50, "{names:?}");
    // Ten in the archive, one at the end.
    assert_eq!(found.iter().filter(|r| r["rule"] == "core/doubled-word").count(), 11);
}

#[test]
fn without_cross_paragraph_findings_every_format_matches_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = archive(40);
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();
    assert!(cut(text.as_bytes(), InputFormat::Text, 500).len() > 5);
    for format in ["human", "concise", "json", "jsonl", "sarif", "github", "junit"] {
        let args = ["--format", format, "--statistics", "big.txt"];
        let whole = run(None, &args, dir.path());
        assert_eq!(whole.status.code(), Some(1), "{format}");
        assert_same_output(&run(Some(500), &args, dir.path()), &whole);
        // Blocks linted two at a time come out in the same order.
        let args = ["--format", format, "-j", "2", "big.txt"];
        assert_same_output(&run(Some(500), &args, dir.path()), &run(None, &args, dir.path()));
    }
    // The human summary counts the file once.
    let human = run(Some(500), &["big.txt"], dir.path());
    assert!(String::from_utf8_lossy(&human.stdout).ends_with("warnings in 1 file.\n"));
}

#[test]
fn crlf_files_are_cut_after_the_line_feed() {
    let dir = tempfile::tempdir().unwrap();
    // Blank lines, and one long paragraph of short lines that is cut at line breaks.
    let mut text = archive(12);
    for i in 0..60 {
        text.push_str(&format!("Line {i} of the long notice, with the the same words.\n"));
    }
    text.push_str("\nLast paragraph , after the notice.\n");
    let text = text.replace('\n', "\r\n");
    std::fs::write(dir.path().join("crlf.txt"), &text).unwrap();
    let blocks = cut(text.as_bytes(), InputFormat::Text, 300);
    assert!(blocks.len() > 5);
    for block in &blocks {
        assert!(block.text.ends_with("\r\n") && !block.text.starts_with('\n'), "{block:?}");
    }
    // Some cuts fall at a paragraph break, some at a line break inside the notice.
    assert!(blocks.iter().any(|b| b.text.ends_with("\r\n\r\n")));
    assert!(blocks.iter().any(|b| b.text.ends_with(".\r\n") && b.text.contains("Line 1")));
    for format in ["human", "jsonl"] {
        let args = ["--format", format, "crlf.txt"];
        assert_same_output(&run(Some(300), &args, dir.path()), &run(None, &args, dir.path()));
    }
    let output = run(Some(300), &["--format", "jsonl", "crlf.txt"], dir.path());
    for record in records(&output) {
        assert_file_coordinates(&text, &record);
    }
}

#[test]
fn a_line_cut_between_characters_keeps_file_columns() {
    let dir = tempfile::tempdir().unwrap();
    // One line far longer than the hard cap, of two- and three-byte characters: it is cut
    // between characters, and findings after a cut are on the same line, further right.
    let sentence = "Über die Brücke fährt der Bus, sagte die die Stadt — “nächste Woche” … ";
    let line = sentence.repeat(40);
    let text = format!("{line}\n\nThe pier was Finished on time.\n");
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let blocks = cut(text.as_bytes(), InputFormat::Text, 64);
    assert!(blocks.iter().filter(|b| b.origin.line == 0).count() > 5);
    let starts_with_wide = |b: &Block| b.text.chars().next().is_some_and(|c| c.len_utf8() > 1);
    assert!(blocks.iter().any(|b| b.origin.column > 0 && starts_with_wide(b)));
    let output = run(Some(64), &["--format", "jsonl", "long.txt"], dir.path());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let found = records(&output);
    for record in &found {
        assert_file_coordinates(&text, record);
    }
    let columns: Vec<u64> = found
        .iter()
        .filter(|r| r["line"] == 1 && r["rule"] == "core/doubled-word")
        .map(|r| r["column"].as_u64().unwrap())
        .collect();
    assert!(columns.len() > 10 && columns.iter().any(|&c| c > 2000), "{columns:?}");
    assert!(found.iter().any(|r| r["line"] == 3 && r["matched"] == "Finished"));
}

#[test]
fn invalid_utf8_in_a_later_block_is_reported_with_the_files_position() {
    let dir = tempfile::tempdir().unwrap();
    let head = archive(30);
    let mut bytes = head.clone().into_bytes();
    bytes.extend_from_slice(b"Tickets cost 12 \xff euros.\n\n");
    bytes.extend_from_slice(archive(3).as_bytes());
    std::fs::write(dir.path().join("bad.txt"), &bytes).unwrap();
    std::fs::write(dir.path().join("good.txt"), archive(2)).unwrap();
    let blocks = BlockReader::new(&bytes[..], "bad.txt", InputFormat::Text, BlockSize::new(400));
    assert!(blocks.take_while(Result::is_ok).count() > 5);

    let args = ["--format", "concise", "bad.txt", "good.txt"];
    let output = run(Some(400), &args, dir.path());
    assert_same_output(&output, &run(None, &args, dir.path()));
    let line = head.matches('\n').count() + 1;
    let offset = head.len() + "Tickets cost 12 ".len();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: bad.txt:{line}:17: invalid UTF-8 at byte {offset}; the file was not linted\n"
        )
    );
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.lines().all(|l| l.starts_with("good.txt:")) && !stdout.is_empty(), "{stdout}");
}

#[test]
fn a_large_binary_file_is_skipped_as_a_whole_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(archive(10).bytes());
    std::fs::write(dir.path().join("image.txt"), &bytes).unwrap();
    let args = ["--format", "concise", "image.txt"];
    let output = run(Some(100), &args, dir.path());
    assert_same_output(&output, &run(None, &args, dir.path()));
    assert!(String::from_utf8_lossy(&output.stderr).contains("binary file"));
}

#[test]
fn markdown_fences_and_front_matter_are_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("---\ntitle: Harbour news\n\nsummary: the the ferry\n---\n\n");
    text.push_str(&archive(6));
    // A fence far longer than a block, with blank lines that would be cut points, and text
    // that would be findings if it were read as prose.
    text.push_str("```text\n");
    for i in 0..30 {
        text.push_str(&format!("log {i}: the the value , was Finished\n\n"));
    }
    text.push_str("```\n\n");
    text.push_str(&archive(6));
    std::fs::write(dir.path().join("news.md"), &text).unwrap();
    let blocks = cut(text.as_bytes(), InputFormat::Markdown, 200);
    let fence = blocks.iter().find(|b| b.text.contains("```text")).unwrap();
    assert!(fence.text.contains("log 29") && fence.text.matches("```").count() == 2);
    assert!(blocks[0].text.starts_with("---\n") && blocks[0].text.contains("summary"));
    for format in ["human", "jsonl"] {
        let args = ["--format", format, "news.md"];
        assert_same_output(&run(Some(200), &args, dir.path()), &run(None, &args, dir.path()));
    }
    let found = records(&run(Some(200), &["--format", "jsonl", "news.md"], dir.path()));
    assert!(found.iter().all(|r| !r["matched"].as_str().unwrap().contains("value")));
    // Two in each archive; none in the fence or the front matter.
    assert_eq!(found.iter().filter(|r| r["rule"] == "core/doubled-word").count(), 4);
}

#[test]
fn html_fixes_and_standard_input_read_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("<p>Zeina Khodr reported from Homs on Thursday.</p>\n\n");
    for paragraph in archive(20).split("\n\n").filter(|p| !p.is_empty()) {
        body.push_str(&format!("<p>{paragraph}</p>\n\n"));
    }
    body.push_str("<p>“We are leaving,” recounted Jeana Coder.</p>\n");
    std::fs::write(dir.path().join("page.html"), format!("<html><body>\n{body}</body></html>\n"))
        .unwrap();
    // HTML is never cut: the two spellings, paragraphs apart, are still compared.
    let args = ["--format", "jsonl", "page.html"];
    let output = run(Some(200), &args, dir.path());
    assert_same_output(&output, &run(None, &args, dir.path()));
    assert!(records(&output).iter().any(|r| r["rule"] == "names/inconsistent-spelling"));

    // --diff, like --fix, needs the whole text.
    std::fs::write(dir.path().join("big.txt"), archive(20)).unwrap();
    let args = ["--diff", "big.txt"];
    let output = run(Some(200), &args, dir.path());
    assert_same_output(&output, &run(None, &args, dir.path()));
    assert!(String::from_utf8_lossy(&output.stdout).contains("+++ b/big.txt"));

    // Standard input is read whole.
    let stdin = |block_bytes| {
        let mut child = mtlint(block_bytes)
            .args(["--format", "jsonl", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(archive(20).as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    assert_same_output(&stdin(Some(200)), &stdin(None));
}
