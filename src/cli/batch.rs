//! `mtlint batch`: lint JSON Lines records from standard input and write one result line per
//! record, in input order. Records are read by a thread of their own into a bounded queue;
//! the main thread takes up to [`CHUNK_RECORDS`] of them at a time, lints them in parallel and
//! writes their results in order, so memory stays bounded whatever the input's length.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use mtlint::config::{self, Config};
use mtlint::document::InputFormat;
use mtlint::render::json::Record;
use mtlint::rules::RuleSet;
use mtlint::{Diagnostic, Document, Severity};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

use super::args::{BatchArgs, ColorChoice};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, check, filter, output};

/// Records linted together before their results are written. The reading thread queues at
/// most as many again, so about twice this many records are held at once.
const CHUNK_RECORDS: usize = 1024;

/// Records linted together on one thread, one rule at a time across them (see
/// [`filter::lint_many`]).
const GROUP_RECORDS: usize = 32;

/// One non-blank input line, with its 1-based line number.
struct Line {
    number: usize,
    bytes: Vec<u8>,
}

/// What became of one record.
struct Outcome {
    /// The output line, without its newline.
    json: String,
    /// Why the record could not be read, when it could not.
    error: Option<String>,
    /// Whether it has a finding at or above the failure threshold.
    failing: bool,
}

/// The rules and settings every record is linted with.
struct Linter<'a> {
    rules: RuleSet,
    config: Option<Config>,
    args: &'a BatchArgs,
    threshold: Severity,
}

#[derive(Serialize)]
struct Findings<'a> {
    id: &'a RawValue,
    diagnostics: Vec<Record<'a>>,
}

#[derive(Serialize)]
struct Failure<'a> {
    id: &'a RawValue,
    error: &'a str,
}

pub fn run(args: &BatchArgs) -> io::Result<u8> {
    let mut err = output::stderr(ColorChoice::Auto);
    // Like standard input for `check`: the configuration is looked for from the current
    // directory. A broken configuration or pack stops the run before any record is read, so
    // that no output is made with part of the rules.
    let config_file = if args.isolated {
        None
    } else if let Some(explicit) = &args.config {
        Some(explicit.clone())
    } else {
        config::discover(Path::new("-"))
    };
    let config = match config_file.map(|file| Config::load(&file)).transpose() {
        Ok(config) => config,
        Err(error) => {
            output::pack_error(&mut err, &error)?;
            return Ok(EXIT_ERROR);
        }
    };
    let (packs, extra): (Vec<PathBuf>, _) = match &config {
        Some(c) => (c.packs.clone(), c.reject_pack().into_iter().collect()),
        None => (Vec::new(), Vec::new()),
    };
    let (rules, failed) = check::load_rule_set_with(&args.packs, &packs, extra, &mut err)?;
    if failed {
        return Ok(EXIT_ERROR);
    }
    let threshold = args
        .fail_on
        .map(|f| f.threshold())
        .or_else(|| config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or(Severity::Warning);
    let linter = Linter { rules, config, args, threshold };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |n| n.get()))
        .build()
        .map_err(io::Error::other)?;

    let (sender, receiver) = mpsc::sync_channel(CHUNK_RECORDS);
    std::thread::spawn(move || read_lines(sender));

    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut failing = false;
    let mut malformed = false;
    let mut chunk: Vec<Line> = Vec::with_capacity(CHUNK_RECORDS);
    let mut read_error = None;
    // Wait for one record, then take whatever else is already queued: a steady producer
    // fills whole chunks, and one that waits for each answer still gets it.
    while let Ok(first) = receiver.recv() {
        let mut next = Some(first);
        while let Some(line) = next.take() {
            match line {
                Ok(line) => chunk.push(line),
                Err(error) => {
                    read_error = Some(error);
                    break;
                }
            }
            if chunk.len() < CHUNK_RECORDS {
                next = receiver.try_recv().ok();
            }
        }
        let outcomes: Vec<Vec<Outcome>> = pool.install(|| {
            chunk.par_chunks(GROUP_RECORDS).map(|group| linter.records(group)).collect()
        });
        chunk.clear();
        for outcome in outcomes.into_iter().flatten() {
            out.write_all(outcome.json.as_bytes())?;
            out.write_all(b"\n")?;
            failing |= outcome.failing;
            if let Some(message) = outcome.error {
                malformed = true;
                output::plain(&mut err, "error", &message)?;
            }
        }
        out.flush()?;
        if let Some(error) = read_error {
            return Err(error);
        }
    }

    Ok(if malformed {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Reads standard input line by line into the queue, skipping blank lines; stops at the end
/// of input, at a read error (queued), or when the receiving side is gone.
fn read_lines(sender: mpsc::SyncSender<io::Result<Line>>) {
    let mut input = io::stdin().lock();
    let mut number = 0;
    loop {
        let mut bytes = Vec::new();
        match input.read_until(b'\n', &mut bytes) {
            Ok(0) => return,
            Ok(_) => {
                number += 1;
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                    }
                }
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if sender.send(Ok(Line { number, bytes })).is_err() {
                    return;
                }
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                let _ = sender.send(Err(error));
                return;
            }
        }
    }
}

/// A record read and ready to lint.
struct Parsed<'a> {
    id: &'a RawValue,
    /// The `path` of its diagnostics, which also chooses the configuration's rules.
    path: String,
    doc: Document,
}

impl Linter<'_> {
    /// Lints a group of records, or explains why one cannot be: one outcome a line.
    fn records(&self, lines: &[Line]) -> Vec<Outcome> {
        let parsed: Vec<Result<Parsed<'_>, Outcome>> =
            lines.iter().map(|line| self.parse(line)).collect();
        let config = self.config.as_ref();
        let selections: Vec<_> = parsed
            .iter()
            .flatten()
            .map(|p| {
                filter::selection(config, Path::new(&p.path), &self.args.select, &self.args.ignore)
            })
            .collect();
        let items: Vec<_> =
            selections.iter().zip(parsed.iter().flatten().map(|p| &p.doc)).collect();
        let mut found = filter::lint_many(&self.rules, config, &items).into_iter();
        parsed
            .into_iter()
            .map(|parsed| match parsed {
                Ok(parsed) => self.report(&parsed, found.next().unwrap_or_default()),
                Err(outcome) => outcome,
            })
            .collect()
    }

    /// The result line of a record and its findings.
    fn report(&self, parsed: &Parsed<'_>, diagnostics: Vec<Diagnostic>) -> Outcome {
        let Parsed { id, path, doc } = parsed;
        let failing = diagnostics.iter().any(|d| d.severity >= self.threshold);
        let records = diagnostics.iter().map(|d| Record::new(path, doc, d)).collect();
        let json = serde_json::to_string(&Findings { id, diagnostics: records })
            .expect("diagnostics serialize");
        Outcome { json, error: None, failing }
    }

    /// Reads one record, or explains why it cannot be linted.
    fn parse<'a>(&self, line: &'a Line) -> Result<Parsed<'a>, Outcome> {
        let malformed = |id: &RawValue, message: String| {
            let message = format!("line {}: {message}", line.number);
            let json =
                serde_json::to_string(&Failure { id, error: &message }).expect("errors serialize");
            Outcome { json, error: Some(message), failing: false }
        };
        let Ok(text) = std::str::from_utf8(&line.bytes) else {
            return Err(malformed(RawValue::NULL, "invalid UTF-8".to_string()));
        };
        let fields: HashMap<String, &RawValue> = match serde_json::from_str(text) {
            Ok(fields) => fields,
            Err(error) if error.is_data() => {
                return Err(malformed(
                    RawValue::NULL,
                    "a record must be a JSON object".to_string(),
                ));
            }
            Err(error) => {
                // serde_json counts lines within the record, which is always line 1 here.
                let message = error.to_string();
                let place = format!(" at line {} column {}", error.line(), error.column());
                let message = message.strip_suffix(&place).unwrap_or(&message);
                let message = format!("invalid JSON at column {}: {message}", error.column());
                return Err(malformed(RawValue::NULL, message));
            }
        };
        let id = match fields.get("id") {
            None => return Err(malformed(RawValue::NULL, "the record has no `id`".to_string())),
            Some(id) if id.get().starts_with(['{', '[']) => {
                return Err(malformed(
                    RawValue::NULL,
                    "`id` must be a string, a number, a boolean or null".to_string(),
                ));
            }
            Some(id) => *id,
        };
        let text: String = match fields.get("text").map(|t| serde_json::from_str(t.get())) {
            None => return Err(malformed(id, "the record has no `text`".to_string())),
            Some(Ok(text)) => text,
            Some(Err(_)) => return Err(malformed(id, "`text` must be a string".to_string())),
        };
        let format = match fields.get("format").map(|f| serde_json::from_str(f.get())) {
            None | Some(Ok(None)) => InputFormat::Text,
            Some(Ok(Some(name))) => match parse_format(name) {
                Some(format) => format,
                None => {
                    let message = format!("unknown format `{name}`: expected txt, md or html");
                    return Err(malformed(id, message));
                }
            },
            Some(Err(_)) => {
                return Err(malformed(
                    id,
                    "`format` must be one of \"txt\", \"md\", \"html\"".into(),
                ));
            }
        };

        Ok(Parsed { id, path: path_of(id), doc: Document::with_format(text, format) })
    }
}

fn parse_format(name: &str) -> Option<InputFormat> {
    match name {
        "txt" => Some(InputFormat::Text),
        "md" => Some(InputFormat::Markdown),
        "html" => Some(InputFormat::Html),
        _ => None,
    }
}

/// The `path` of a record's diagnostics: its id as a string (`-` for a null id).
fn path_of(id: &RawValue) -> String {
    match id.get() {
        "null" => "-".to_string(),
        raw if raw.starts_with('"') => serde_json::from_str(raw).unwrap_or_default(),
        raw => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_string()).unwrap()
    }

    #[test]
    fn path_is_the_id_as_a_string() {
        assert_eq!(path_of(&raw(r#""news/ferry.md""#)), "news/ferry.md");
        assert_eq!(path_of(&raw(r#""caf\u00e9""#)), "café");
        assert_eq!(path_of(&raw("1.50")), "1.50");
        assert_eq!(path_of(&raw("true")), "true");
        assert_eq!(path_of(&raw("null")), "-");
    }

    #[test]
    fn formats_are_the_input_format_names() {
        assert_eq!(parse_format("md"), Some(InputFormat::Markdown));
        assert_eq!(parse_format("html"), Some(InputFormat::Html));
        assert_eq!(parse_format("txt"), Some(InputFormat::Text));
        assert_eq!(parse_format("markdown"), None);
    }
}
