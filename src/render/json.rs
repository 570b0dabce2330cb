//! JSON and JSON Lines output, in the diagnostic contract of DESIGN.md.

use serde::Serialize;

use super::SourceView;
use crate::diagnostic::{Category, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::document::bytes::{HIGH, ONES, zero_bytes};

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct RelatedRecord<'a> {
    path: &'a str,
    span: Span,
    line: usize,
    column: usize,
    message: &'a str,
}

/// One diagnostic as the contract spells it.
#[derive(Serialize)]
pub struct Record<'a> {
    path: &'a str,
    rule: &'a str,
    category: Category,
    severity: Severity,
    message: &'a str,
    span: Span,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    matched: &'a str,
    fix: Option<&'a Fix>,
    related: Vec<RelatedRecord<'a>>,
}

impl<'a> Record<'a> {
    pub fn new(path: &'a str, doc: &Document, diagnostic: &'a Diagnostic) -> Self {
        Self::in_view(path, &SourceView::whole(doc), diagnostic)
    }

    /// The record of a diagnostic in file offsets, within a stretch of the file.
    pub fn in_view(path: &'a str, view: &SourceView<'_>, diagnostic: &'a Diagnostic) -> Self {
        let (line, column) = view.line_col(diagnostic.span.start);
        let (end_line, end_column) =
            view.line_col_after(diagnostic.span.start, (line, column), diagnostic.span.end);
        let related = diagnostic
            .related
            .iter()
            .map(|r| {
                let (line, column) = view.line_col(r.span.start);
                RelatedRecord {
                    path,
                    span: Span { start: r.span.start, end: r.span.end },
                    line,
                    column,
                    message: &r.message,
                }
            })
            .collect();
        Record {
            path,
            rule: &diagnostic.rule,
            category: diagnostic.category,
            severity: diagnostic.severity,
            message: &diagnostic.message,
            span: Span { start: diagnostic.span.start, end: diagnostic.span.end },
            line,
            column,
            end_line,
            end_column,
            matched: &diagnostic.matched,
            fix: diagnostic.fix.as_ref(),
            related,
        }
    }

    /// Writes the record as one line of JSON (without the line break), through `buffer`: one
    /// write to `out`, and no allocation once the buffer has grown.
    pub fn write_json(
        &self,
        out: &mut dyn std::io::Write,
        buffer: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        buffer.clear();
        self.encode(buffer);
        out.write_all(buffer)
    }

    /// The record in JSON, as `serde_json` writes it (a test holds the two equal). Written
    /// by hand because the record's shape is fixed and a large run serializes millions of
    /// them: the keys need no escaping, and values are copied in runs between the bytes that
    /// need it.
    fn encode(&self, out: &mut Vec<u8>) {
        string_field(out, b"{\"path\":", self.path);
        string_field(out, b",\"rule\":", self.rule);
        string_field(out, b",\"category\":", self.category.as_str());
        string_field(out, b",\"severity\":", self.severity.as_str());
        string_field(out, b",\"message\":", self.message);
        out.extend_from_slice(b",\"span\":");
        push_span(out, &self.span);
        number_field(out, b",\"line\":", self.line);
        number_field(out, b",\"column\":", self.column);
        number_field(out, b",\"end_line\":", self.end_line);
        number_field(out, b",\"end_column\":", self.end_column);
        string_field(out, b",\"matched\":", self.matched);
        out.extend_from_slice(b",\"fix\":");
        match self.fix {
            None => out.extend_from_slice(b"null"),
            Some(fix) => {
                string_field(out, b"{\"applicability\":", fix.applicability.as_str());
                string_field(out, b",\"message\":", &fix.message);
                out.extend_from_slice(b",\"edits\":[");
                for (i, edit) in fix.edits.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    number_field(out, b"{\"start\":", edit.start);
                    number_field(out, b",\"end\":", edit.end);
                    string_field(out, b",\"replacement\":", &edit.replacement);
                    out.push(b'}');
                }
                out.extend_from_slice(b"]}");
            }
        }
        out.extend_from_slice(b",\"related\":[");
        for (i, related) in self.related.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string_field(out, b"{\"path\":", related.path);
            out.extend_from_slice(b",\"span\":");
            push_span(out, &related.span);
            number_field(out, b",\"line\":", related.line);
            number_field(out, b",\"column\":", related.column);
            string_field(out, b",\"message\":", related.message);
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
}

/// A key (with the separator before it) and a string value. Inlined, so that each key is
/// copied as the constant it is rather than by a call to `memcpy`.
#[inline(always)]
fn string_field(out: &mut Vec<u8>, key: &[u8], value: &str) {
    out.extend_from_slice(key);
    push_string(out, value);
}

/// A key (with the separator before it) and a number.
#[inline(always)]
fn number_field(out: &mut Vec<u8>, key: &[u8], value: usize) {
    out.extend_from_slice(key);
    push_number(out, value);
}

fn push_span(out: &mut Vec<u8>, span: &Span) {
    number_field(out, b"{\"start\":", span.start);
    number_field(out, b",\"end\":", span.end);
    out.push(b'}');
}

fn push_number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A JSON string: quotes, backslashes and control characters escaped as `serde_json` does
/// (`\n`, `\t`… where JSON has a short form, `\u00XX` otherwise), everything else as it is.
/// Eight bytes at a time are tested for anything to escape, and runs are copied whole.
fn push_string(out: &mut Vec<u8>, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = value.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + 8).min(bytes.len());
        if let Ok(chunk) = <[u8; 8]>::try_from(&bytes[at..end])
            && !may_need_escape(u64::from_le_bytes(chunk))
        {
            at = end;
            continue;
        }
        // A last piece shorter than eight bytes is tested as the eight bytes that end the
        // string, some of them tested already, rather than byte by byte.
        if end - at < 8
            && let Some(last) = bytes.last_chunk::<8>()
            && !may_need_escape(u64::from_le_bytes(*last))
        {
            break;
        }
        for i in at..end {
            let byte = bytes[i];
            let short = match byte {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x08 => b'b',
                0x0C => b'f',
                0x00..=0x1F => 0,
                _ => continue,
            };
            out.extend_from_slice(&bytes[copied..i]);
            copied = i + 1;
            if short == 0 {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xF)]);
            } else {
                out.push(b'\\');
                out.push(short);
            }
        }
        at = end;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Whether any of eight bytes is a quote, a backslash or a control character: the usual
/// word-at-a-time tests for a zero byte and for a byte below a bound, which never miss one.
fn may_need_escape(chunk: u64) -> bool {
    let below_space = chunk.wrapping_sub(ONES * 0x20) & !chunk & HIGH;
    (zero_bytes(chunk ^ (ONES * u64::from(b'"')))
        | zero_bytes(chunk ^ (ONES * u64::from(b'\\')))
        | below_space)
        != 0
}

/// Writes diagnostics as one JSON array, streamed element by element.
pub struct JsonArrayWriter {
    first: bool,
    buffer: Vec<u8>,
}

impl Default for JsonArrayWriter {
    fn default() -> Self {
        JsonArrayWriter { first: true, buffer: Vec::new() }
    }
}

impl JsonArrayWriter {
    pub fn write(
        &mut self,
        out: &mut dyn std::io::Write,
        record: &Record<'_>,
    ) -> std::io::Result<()> {
        let lead = if self.first { "[\n  " } else { ",\n  " };
        self.first = false;
        out.write_all(lead.as_bytes())?;
        record.write_json(out, &mut self.buffer)
    }

    pub fn finish(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if self.first { writeln!(out, "[]") } else { writeln!(out, "\n]") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit, Related};

    fn diagnostic(text: &str, needle: &str, fix: Option<Fix>, related: Vec<Related>) -> Diagnostic {
        let start = text.find(needle).expect("the needle is in the text");
        Diagnostic {
            rule: "core/test\"rule".to_string(),
            category: Category::Typography,
            severity: Severity::Warning,
            message: format!("odd `{needle}`\tin \\ text\n\u{1}\u{1F}\u{7F}é"),
            span: start..start + needle.len(),
            matched: needle.to_string(),
            fix,
            related,
            help: None,
        }
    }

    #[test]
    fn records_are_written_as_serde_json_writes_them() {
        let text =
            "Line one.\nThe \"quoted\" word, a back\\slash, a tab\there and café.\u{8}\u{c}\r\n";
        let fix = |applicability| Fix {
            applicability,
            message: "replace with \"x\"".to_string(),
            edits: vec![
                Edit { start: 14, end: 20, replacement: "a\u{0}b\r".to_string() },
                Edit { start: 30, end: 31, replacement: String::new() },
            ],
        };
        let related = vec![
            Related { span: 3..7, message: "`one` here".to_string() },
            Related { span: 60..62, message: "and \u{c} here".to_string() },
        ];
        let cases = [
            diagnostic(text, "\"quoted\"", None, Vec::new()),
            diagnostic(text, "back\\slash", Some(fix(Applicability::Safe)), related.clone()),
            diagnostic(text, "café.\u{8}\u{c}\r", Some(fix(Applicability::Unsafe)), related),
            diagnostic(text, "tab\there", None, Vec::new()),
        ];
        let doc = Document::new(text);
        for path in ["dir/a.txt", "we\"ird\\name\n.md", ""] {
            for (i, case) in cases.iter().enumerate() {
                let mut diagnostic = case.clone();
                diagnostic.category = Category::ALL[i % Category::ALL.len()];
                diagnostic.severity = [Severity::Info, Severity::Warning, Severity::Error][i % 3];
                let record = Record::new(path, &doc, &diagnostic);
                let mut written = Vec::new();
                record.write_json(&mut written, &mut Vec::new()).unwrap();
                let expected = serde_json::to_vec(&record).unwrap();
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    String::from_utf8(expected).unwrap()
                );
            }
        }
        for (i, category) in Category::ALL.into_iter().enumerate() {
            let mut diagnostic = cases[0].clone();
            diagnostic.category = category;
            diagnostic.severity = [Severity::Info, Severity::Warning, Severity::Error][i % 3];
            let record = Record::new("a.txt", &doc, &diagnostic);
            let mut written = Vec::new();
            record.write_json(&mut written, &mut Vec::new()).unwrap();
            assert_eq!(written, serde_json::to_vec(&record).unwrap());
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(value in "[a\"\\\\\u{0}-\u{1F}é€ \u{7F}]{0,40}") {
            let mut out = Vec::new();
            push_string(&mut out, &value);
            proptest::prop_assert_eq!(out, serde_json::to_vec(&value).unwrap());
        }
    }

    #[test]
    fn numbers_of_any_size() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }
}
