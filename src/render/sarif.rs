//! SARIF 2.1.0 output, for code-scanning dashboards: one run with the rules' metadata, every
//! finding as a result with its region, related locations and fixes.
//!
//! The log is one JSON document, but results are its last member, so it is streamed: the head
//! goes out with the first result and each result as it comes, and no result is held.

use std::io;

use codespan_reporting::term::termcolor::WriteColor;
use serde_json::{Value, json};

use super::{Reporter, SourceView, Summary};
use crate::diagnostic::{Category, Diagnostic, Severity};

/// What SARIF says about a rule.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub summary: String,
    pub description: String,
    pub severity: Severity,
    pub category: Category,
}

/// Writes the log as results come, laid out exactly as `serde_json` pretty-prints it whole.
pub struct SarifReporter {
    rules: Vec<RuleMeta>,
    /// The log around its results, made when first needed.
    frame: Option<Frame>,
    /// Whether a result has been written (and with it the head of the log).
    started: bool,
}

/// The pretty-printed log without results, split where they go.
struct Frame {
    /// Everything up to and including `"results": [`.
    head: String,
    /// `]` and everything after it.
    tail: String,
    /// The indentation of the `"results"` key.
    indent: String,
}

impl SarifReporter {
    pub fn new(rules: Vec<RuleMeta>) -> Self {
        SarifReporter { rules, frame: None, started: false }
    }

    fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: forward slashes, reserved characters escaped.
pub fn path_to_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
        if keep {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn region(view: &SourceView<'_>, span: &std::ops::Range<usize>) -> Value {
    let (start_line, start_column) = view.line_col(span.start);
    let (end_line, end_column) = view.line_col(span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "byteOffset": span.start,
        "byteLength": span.end - span.start,
        "snippet": { "text": view.slice(span) },
    })
}

impl SarifReporter {
    /// One finding as a SARIF result.
    fn result(&self, path: &str, view: &SourceView<'_>, d: &Diagnostic) -> Value {
        let uri = path_to_uri(path);
        let location = |span: &std::ops::Range<usize>| json!({ "artifactLocation": { "uri": uri }, "region": region(view, span) });
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": { "text": d.message },
            "locations": [{ "physicalLocation": location(&d.span) }],
            "partialFingerprints": {
                "mtlint/v1": fingerprint(&d.rule, &d.matched, view.text(), &view.local(&d.span)),
            },
        });
        if let Some(index) = self.rule_index(&d.rule) {
            result["ruleIndex"] = json!(index);
        }
        if !d.related.is_empty() {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "id": i,
                        "physicalLocation": location(&r.span),
                        "message": { "text": r.message },
                    })
                })
                .collect();
            result["relatedLocations"] = json!(related);
        }
        if let Some(fix) = &d.fix {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": { "byteOffset": e.start, "byteLength": e.end - e.start },
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            result["fixes"] = json!([{
                "description": { "text": fix.message },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": replacements,
                }],
            }]);
            result["properties"] = json!({ "fixApplicability": fix.applicability });
        }
        result
    }

    /// The whole log without results, pretty-printed.
    fn empty_log(&self) -> String {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.description },
                    "help": { "text": format!("{}\n\nRun `mtlint explain {}` for examples.", r.description, r.id) },
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": { "category": r.category, "tags": [r.category] },
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "mtlint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [],
            }],
        });
        serde_json::to_string_pretty(&log).expect("SARIF serializes")
    }

    fn frame(&mut self) -> &Frame {
        if self.frame.is_none() {
            // Results are the last member of the last object, so the last match is theirs.
            let log = self.empty_log();
            let at = log.rfind("\"results\": []").expect("the log has results");
            let open = at + "\"results\": [".len();
            self.frame = Some(Frame {
                head: log[..open].to_string(),
                tail: log[open..].to_string(),
                indent: log[..at].rsplit('\n').next().unwrap_or("").to_string(),
            });
        }
        self.frame.as_ref().expect("made above")
    }
}

impl Reporter for SarifReporter {
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        for d in diagnostics {
            let result = serde_json::to_string_pretty(&self.result(path, view, d))?;
            let started = std::mem::replace(&mut self.started, true);
            let frame = self.frame();
            if started {
                write!(out, ",")?;
            } else {
                write!(out, "{}", frame.head)?;
            }
            // JSON strings hold no raw line breaks, so every line can be indented.
            for line in result.lines() {
                write!(out, "\n{}  {line}", frame.indent)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn WriteColor, _summary: &Summary) -> io::Result<()> {
        let started = self.started;
        let frame = self.frame();
        if started {
            write!(out, "\n{}{}", frame.indent, frame.tail)?;
        } else {
            write!(out, "{}{}", frame.head, frame.tail)?;
        }
        writeln!(out)
    }
}

/// A fingerprint that survives edits elsewhere in the file: the rule, the matched text and a
/// little of the text around it, hashed (FNV-1a, stable across versions and platforms).
pub fn fingerprint(rule: &str, matched: &str, text: &str, span: &std::ops::Range<usize>) -> String {
    let before = context_before(text, span.start, 24);
    let after = context_after(text, span.end, 24);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [rule, "\u{1f}", before, "\u{1f}", matched, "\u{1f}", after] {
        for byte in part.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Up to `chars` characters before `at`, within its line.
pub fn context_before(text: &str, at: usize, chars: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let head = &text[line_start..at];
    let from = head.char_indices().rev().nth(chars.saturating_sub(1)).map_or(0, |(i, _)| i);
    &head[from..]
}

/// Up to `chars` characters after `at`, within its line.
pub fn context_after(text: &str, at: usize, chars: usize) -> &str {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let tail = &text[at..line_end];
    let to = tail.char_indices().nth(chars).map_or(tail.len(), |(i, _)| i);
    &tail[..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_reserved_characters() {
        assert_eq!(path_to_uri("news/a b#1.txt"), "news/a%20b%231.txt");
        assert_eq!(path_to_uri("news\\x.md"), "news/x.md");
        assert_eq!(path_to_uri("café.txt"), "caf%C3%A9.txt");
    }

    #[test]
    fn fingerprints_ignore_other_lines() {
        let a = "First line.\nIt was the the end.\n";
        let b = "A new first paragraph.\n\nFirst line.\nIt was the the end.\n";
        let span_a = a.find("the the").unwrap()..a.find("the the").unwrap() + 7;
        let span_b = b.find("the the").unwrap()..b.find("the the").unwrap() + 7;
        assert_eq!(
            fingerprint("core/doubled-word", "the the", a, &span_a),
            fingerprint("core/doubled-word", "the the", b, &span_b)
        );
        let c = "First line.\nIt was not the the end.\n";
        let span_c = c.find("the the").unwrap()..c.find("the the").unwrap() + 7;
        assert_ne!(
            fingerprint("core/doubled-word", "the the", a, &span_a),
            fingerprint("core/doubled-word", "the the", c, &span_c)
        );
    }

    #[test]
    fn context_stays_within_the_line() {
        let text = "one\ntwo three\nfour";
        let at = text.find("three").unwrap();
        assert_eq!(context_before(text, at, 24), "two ");
        assert_eq!(context_after(text, at, 24), "three");
        assert_eq!(context_before(text, at, 2), "o ");
    }
}
