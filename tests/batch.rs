//! `mtlint batch` against `mtlint check`: the same texts, as records and as files, must give
//! the same findings; and the stream must answer each record without waiting for the end.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn mtlint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
}

/// Sentences for generated articles, clean and with the glitches the rules look for.
const SENTENCES: &[&str] = &[
    "The council approved the new timetable on Tuesday evening.",
    "Ferry crossings will run every 40 minutes from the spring.",
    "Traders at the fish market said the the rent had doubled.",
    "The harbour master could of closed the quay earlier, residents said.",
    "Work on the second bridge finished four weeks ahead of schedule. Ferries In a city that lives on the water, the news was welcome.",
    "Officials said the last crossings would be Announced next week.",
    "the report was published without a summary.",
    "Engineers described the piers as [travaux achevés sans retard, selon la direction] in a note.",
    "Mayor Ingrid Solvang opened the market. Later, Ingrid Solwang thanked the traders.",
    "The caf\u{e9} by the station reopened after the flood.",
    "The cafÃ© by the station reopened after the flood.",
    "A spokesman said the plan was \u{201c}on track.\u{201d}",
    "A spokesman said the plan was \u{201d}on track.\u{201c}",
    "The budget rose by 4 % , the treasurer said .",
    "Volunteers planted 300 trees along the\u{200b} river path.",
    "TKTK add the quote from the ferry operator.",
    "Lifelong coffee scholar. Friendly travel evangelist. Award-winning web fanatic.",
    "Read also: how the old tram depot became a library",
    "The library extends its opening hours from Monday.",
    "Rain delayed the regatta, but the crowds stayed until the last race.",
];

/// A small deterministic generator, so that a failure can be reproduced.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// One generated record: (id, text, format).
fn generate(count: usize) -> Vec<(Value, String, &'static str)> {
    let mut rng = Lcg(2024);
    (0..count)
        .map(|i| {
            let paragraphs: Vec<String> = (0..1 + rng.next(4))
                .map(|_| {
                    let sentences: Vec<&str> = (0..1 + rng.next(4))
                        .map(|_| SENTENCES[rng.next(SENTENCES.len())])
                        .collect();
                    sentences.join(" ")
                })
                .collect();
            let format = ["txt", "md", "html"][rng.next(3)];
            let suppress = rng.next(8) == 0;
            let text = match format {
                "md" => {
                    let mut text = format!("# Story {i}\n\n");
                    if suppress {
                        text.push_str("<!-- mtlint-disable-next-line core/doubled-word -->\n");
                    }
                    text.push_str(&paragraphs.join("\n\n"));
                    text.push_str(
                        "\n\nSee `the the` in [the notes](https://example.org/the-the).\n",
                    );
                    text
                }
                "html" => {
                    let body: Vec<String> =
                        paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
                    format!(
                        "<html><body>\n<h1>Story {i}</h1>\n{}\n</body></html>\n",
                        body.join("\n")
                    )
                }
                _ => {
                    let mut text = String::new();
                    if suppress {
                        text.push_str("mtlint-disable-next-line core\n");
                    }
                    text.push_str(&paragraphs.join("\n\n"));
                    text.push('\n');
                    text
                }
            };
            let id = if i % 3 == 0 { json!(i) } else { json!(format!("story-{i}")) };
            (id, text, format)
        })
        .collect()
}

/// A diagnostic without the `path` fields, which name the file or the record.
fn without_paths(mut diagnostic: Value) -> Value {
    let object = diagnostic.as_object_mut().unwrap();
    object.remove("path");
    if let Some(Value::Array(related)) = object.get_mut("related") {
        for r in related {
            r.as_object_mut().unwrap().remove("path");
        }
    }
    diagnostic
}

#[test]
fn batch_findings_equal_check_findings() {
    let records = generate(300);
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    let mut files = Vec::new();
    for (i, (id, text, format)) in records.iter().enumerate() {
        input.push_str(&json!({"id": id, "text": text, "format": format}).to_string());
        input.push('\n');
        if i % 50 == 0 {
            input.push('\n');
        }
        let file = dir.path().join(format!("record-{i}.{format}"));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    }

    let mut child = mtlint()
        .args(["batch", "--isolated", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let batch = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(batch.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(batch.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), records.len());

    let check =
        mtlint().args(["check", "--format", "json", "--isolated"]).args(&files).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    let found: Vec<Value> = serde_json::from_slice(&check.stdout).unwrap();
    let mut by_file = vec![Vec::new(); files.len()];
    for diagnostic in found {
        let path = diagnostic["path"].as_str().unwrap().to_string();
        let index = files.iter().position(|f| f.to_str() == Some(&path)).unwrap();
        by_file[index].push(without_paths(diagnostic));
    }

    let mut findings = 0;
    for (i, (line, (id, _, _))) in lines.iter().zip(&records).enumerate() {
        assert_eq!(&line["id"], id, "record {i} is out of order");
        let path = match id {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let diagnostics = line["diagnostics"].as_array().unwrap();
        assert!(diagnostics.iter().all(|d| d["path"] == path.as_str()), "record {i}");
        let diagnostics: Vec<Value> = diagnostics.iter().cloned().map(without_paths).collect();
        assert_eq!(diagnostics, by_file[i], "record {i}: {}", files[i].display());
        findings += diagnostics.len();
    }
    // The generated texts must exercise the rules, the related spans and the suppressions.
    assert!(findings > records.len(), "{findings} findings");
    assert!(by_file.iter().flatten().any(|d| !d["related"].as_array().unwrap().is_empty()));
    assert!(by_file.iter().flatten().any(|d| d["rule"] == "mtlint/unused-directive"));
}

#[test]
fn each_record_is_answered_before_the_input_ends() {
    let mut child = mtlint()
        .args(["batch", "--isolated"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (id, text) in [(1, "It was the the end.\n"), (2, "Nothing to see here.\n")] {
        writeln!(stdin, "{}", json!({"id": id, "text": text})).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let answer: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(answer["id"], id);
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn closed_pipe_exits_quietly() {
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(&json!({"id": i, "text": "Paragraph says the the same thing."}).to_string());
        input.push('\n');
    }
    let mut child = mtlint()
        .args(["batch", "--isolated"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The writer stops quietly when mtlint is gone and the pipe breaks.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, closing the pipe like `| head -1`.
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(first.starts_with(r#"{"id":0,"#), "{first}");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
