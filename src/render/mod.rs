//! Renderers: turn diagnostics into human, concise, JSON, JSON Lines, SARIF, GitHub Actions and
//! JUnit output, each behind the [`Reporter`] trait.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod view;

pub use view::SourceView;

use std::io;

use codespan_reporting::term::termcolor::WriteColor;
use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

/// What a whole run found, for summaries and statistics.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files_checked: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings per rule id. Hashed, in no order: every finding of a run is counted here, and
    /// a lookup in an ordered map compares the id with several others.
    pub per_rule: FxHashMap<String, usize>,
}

impl Summary {
    /// Counts the diagnostics of one file.
    pub fn add_file(&mut self, diagnostics: &[Diagnostic]) {
        self.add_findings(diagnostics);
        self.add_checked_file(!diagnostics.is_empty());
    }

    /// Counts one checked file whose findings were counted with [`Summary::add_findings`]
    /// (block by block for a large file).
    pub fn add_checked_file(&mut self, with_findings: bool) {
        self.files_checked += 1;
        if with_findings {
            self.files_with_findings += 1;
        }
    }

    /// Counts findings without counting a file.
    pub fn add_findings(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            self.add_rule_findings(&d.rule, d.severity, 1);
        }
    }

    /// Counts `count` findings of one rule, all of one severity, without counting a file.
    pub fn add_rule_findings(&mut self, rule: &str, severity: Severity, count: usize) {
        match severity {
            Severity::Error => self.errors += count,
            Severity::Warning => self.warnings += count,
            Severity::Info => self.infos += count,
        }
        // Looked up before inserting: most findings are of a rule already counted, and an
        // entry would copy the id for each.
        match self.per_rule.get_mut(rule) {
            Some(findings) => *findings += count,
            None => {
                self.per_rule.insert(rule.to_string(), count);
            }
        }
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// "1 error, 4 warnings in 1 file." or "No findings in 3 files."
    pub fn line(&self) -> String {
        let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
        let mut parts = Vec::new();
        for (n, word) in [(self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")]
        {
            if n > 0 {
                let plural = if n == 1 || word == "info" { "" } else { "s" };
                parts.push(format!("{n} {word}{plural}"));
            }
        }
        if parts.is_empty() {
            format!("No findings in {}.", files(self.files_checked))
        } else {
            format!("{} in {}.", parts.join(", "), files(self.files_with_findings))
        }
    }
}

/// An output format. Every linted file, in order, comes as one or more [`Reporter::part`]s
/// (the whole file, or its blocks in order when a large file is read block by block), then
/// [`Reporter::end_file`]; [`Reporter::finish`] comes once at the end.
pub trait Reporter {
    /// Diagnostics (possibly none) of one stretch of a file, in the file's offsets.
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()>;

    /// The file's last part has been given.
    fn end_file(&mut self, _out: &mut dyn WriteColor, _path: &str) -> io::Result<()> {
        Ok(())
    }

    /// A whole file: its only part, then its end.
    fn file(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        doc: &Document,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        self.part(out, path, &SourceView::whole(doc), diagnostics)?;
        self.end_file(out, path)
    }

    fn finish(&mut self, out: &mut dyn WriteColor, summary: &Summary) -> io::Result<()>;

    /// A part whose records [`Ahead::records`] wrote, for a format that has an [`Ahead`].
    fn records_part(&mut self, _out: &mut dyn WriteColor, _records: &[u8]) -> io::Result<()> {
        Err(io::Error::other("this output format cannot take records written ahead"))
    }
}

/// A format whose output for a part depends on that part alone: the threads that lint can
/// write a part's records ahead of its turn and free its document at once, and the reporter
/// then copies them out in order ([`Reporter::records_part`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ahead {
    Json,
    JsonLines,
}

/// What comes before each record of a JSON array but its first, which comes after the
/// array's opening instead.
const JSON_SEPARATOR: &[u8] = b",\n  ";
const JSON_OPENING: &[u8] = b"[\n  ";

impl Ahead {
    /// The records of one part, as the format's reporter would write them after another
    /// part with findings.
    pub fn records(self, path: &str, view: &SourceView<'_>, diagnostics: &[Diagnostic]) -> Vec<u8> {
        match self {
            Ahead::Json => json::records(path, view, diagnostics, JSON_SEPARATOR, b""),
            Ahead::JsonLines => json::records(path, view, diagnostics, b"", b"\n"),
        }
    }
}

/// Compiler-style diagnostics and a closing summary line.
pub struct HumanReporter {
    pub summary_line: bool,
}

impl Reporter for HumanReporter {
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        for diagnostic in diagnostics {
            human::emit_diagnostic_in(out, path, view, diagnostic)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn WriteColor, summary: &Summary) -> io::Result<()> {
        if self.summary_line {
            writeln!(out, "{}", summary.line())?;
        }
        Ok(())
    }
}

/// `path:line:col: severity[rule] message`.
pub struct ConciseReporter;

impl Reporter for ConciseReporter {
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        for diagnostic in diagnostics {
            writeln!(out, "{}", concise::line_in(path, view, diagnostic))?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn WriteColor, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// One JSON array, streamed.
pub struct JsonReporter {
    records: json::RecordBuffer,
    /// Whether no record has been written yet, and so the array not opened.
    first: bool,
}

impl Default for JsonReporter {
    fn default() -> Self {
        JsonReporter { records: json::RecordBuffer::default(), first: true }
    }
}

impl Reporter for JsonReporter {
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        let mut rest = diagnostics;
        if self.first
            && let Some((first, later)) = diagnostics.split_first()
        {
            // The array opens before the first record; a comma comes before each other one.
            let first = std::slice::from_ref(first);
            self.records.write_part(out, path, view, first, JSON_OPENING, b"")?;
            self.first = false;
            rest = later;
        }
        self.records.write_part(out, path, view, rest, JSON_SEPARATOR, b"")
    }

    fn records_part(&mut self, out: &mut dyn WriteColor, records: &[u8]) -> io::Result<()> {
        let Some(after_separator) = records.strip_prefix(JSON_SEPARATOR) else {
            return Ok(());
        };
        if self.first {
            self.first = false;
            out.write_all(JSON_OPENING)?;
            out.write_all(after_separator)
        } else {
            out.write_all(records)
        }
    }

    fn finish(&mut self, out: &mut dyn WriteColor, _summary: &Summary) -> io::Result<()> {
        if self.first { writeln!(out, "[]") } else { writeln!(out, "\n]") }
    }
}

/// One JSON object a line.
#[derive(Default)]
pub struct JsonLinesReporter {
    records: json::RecordBuffer,
}

impl Reporter for JsonLinesReporter {
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        self.records.write_part(out, path, view, diagnostics, b"", b"\n")
    }

    fn records_part(&mut self, out: &mut dyn WriteColor, records: &[u8]) -> io::Result<()> {
        out.write_all(records)
    }

    fn finish(&mut self, _out: &mut dyn WriteColor, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// Counts per rule, most frequent first, as `--statistics` prints them.
pub fn write_statistics(out: &mut dyn WriteColor, summary: &Summary) -> io::Result<()> {
    let mut rows: Vec<(&String, &usize)> = summary.per_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(_, n)| n.to_string().len()).max().unwrap_or(1);
    for (id, count) in rows {
        writeln!(out, "{count:>width$}  {id}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use codespan_reporting::term::termcolor::NoColor;

    use super::*;
    use crate::diagnostic::Category;

    fn finding(text: &str, word: &str) -> Diagnostic {
        let start = text.find(word).expect("the word is in the text");
        Diagnostic {
            rule: "core/test".to_string(),
            category: Category::Style,
            severity: Severity::Warning,
            message: format!("`{word}`"),
            span: start..start + word.len(),
            matched: word.to_string(),
            fix: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// Parts with and without findings, the first of them empty: one array, a record a line.
    #[test]
    fn json_records_of_several_parts_make_one_array() {
        let text = "One two.\nThree four five.\n";
        let doc = Document::new(text);
        let parts = [
            vec![],
            vec![finding(text, "two")],
            vec![],
            vec![finding(text, "four"), finding(text, "five")],
        ];
        let mut reporter = JsonReporter::default();
        let mut out = NoColor::new(Vec::new());
        for diagnostics in &parts {
            reporter.part(&mut out, "a.txt", &SourceView::whole(&doc), diagnostics).unwrap();
        }
        reporter.finish(&mut out, &Summary::default()).unwrap();
        let records: Vec<String> = parts
            .iter()
            .flatten()
            .map(|d| serde_json::to_string(&json::Record::new("a.txt", &doc, d)).unwrap())
            .collect();
        let expected = format!("[\n  {}\n]\n", records.join(",\n  "));
        assert_eq!(String::from_utf8(out.into_inner()).unwrap(), expected);

        let mut reporter = JsonLinesReporter::default();
        let mut out = NoColor::new(Vec::new());
        for diagnostics in &parts {
            reporter.part(&mut out, "a.txt", &SourceView::whole(&doc), diagnostics).unwrap();
        }
        let expected: String = records.iter().map(|record| format!("{record}\n")).collect();
        assert_eq!(String::from_utf8(out.into_inner()).unwrap(), expected);
    }

    /// Records written ahead, part by part, make the same output as parts written in turn.
    #[test]
    fn records_written_ahead_make_the_same_output() {
        let text = "One two.\nThree four five.\n";
        let doc = Document::new(text);
        let view = SourceView::whole(&doc);
        let parts = [
            vec![],
            vec![finding(text, "two")],
            vec![],
            vec![finding(text, "four"), finding(text, "five")],
        ];
        type MakeReporter = fn() -> Box<dyn Reporter>;
        let formats: [(Ahead, MakeReporter); 2] = [
            (Ahead::Json, || Box::new(JsonReporter::default())),
            (Ahead::JsonLines, || Box::new(JsonLinesReporter::default())),
        ];
        for (ahead, reporter) in formats {
            for parts in [&parts[..], &parts[..1], &parts[1..2]] {
                let (mut in_turn, mut written) = (reporter(), reporter());
                let (mut expected, mut out) = (NoColor::new(Vec::new()), NoColor::new(Vec::new()));
                for diagnostics in parts {
                    in_turn.part(&mut expected, "a \"b\".txt", &view, diagnostics).unwrap();
                    let records = ahead.records("a \"b\".txt", &view, diagnostics);
                    written.records_part(&mut out, &records).unwrap();
                }
                in_turn.finish(&mut expected, &Summary::default()).unwrap();
                written.finish(&mut out, &Summary::default()).unwrap();
                assert_eq!(
                    String::from_utf8(out.into_inner()).unwrap(),
                    String::from_utf8(expected.into_inner()).unwrap(),
                    "{ahead:?}"
                );
            }
        }
    }

    #[test]
    fn formats_that_gather_a_run_take_no_records_written_ahead() {
        let mut out = NoColor::new(Vec::new());
        assert!(ConciseReporter.records_part(&mut out, b"{}").is_err());
    }

    #[test]
    fn a_json_array_without_records_is_empty() {
        let mut reporter = JsonReporter::default();
        let mut out = NoColor::new(Vec::new());
        let doc = Document::new("Text.");
        reporter.part(&mut out, "a.txt", &SourceView::whole(&doc), &[]).unwrap();
        reporter.finish(&mut out, &Summary::default()).unwrap();
        assert_eq!(out.into_inner(), b"[]\n");
    }
}
