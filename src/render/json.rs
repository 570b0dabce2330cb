//! JSON and JSON Lines output, in the diagnostic contract of DESIGN.md.

use std::ops::Range;

use serde::Serialize;

use super::SourceView;
use super::view::Positions;
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
}

/// JSON records of findings, as [`Record`] serializes them, gathered in a buffer that is
/// written out in large pieces and at the end of every part. Written by hand because the
/// record's shape is fixed and a large run writes millions of them: the keys need no escaping,
/// nor do the names of categories, severities and applicabilities, and a file's path is
/// escaped once for all its records.
#[derive(Default)]
pub struct RecordBuffer {
    bytes: Vec<u8>,
    pieces: Pieces,
}

/// The parts of a record that are the same for every finding of a file, and for every
/// finding of one rule in it.
struct Pieces {
    /// The path of the file being written, as a JSON string.
    path: Vec<u8>,
    /// What each of its records starts with, up to `{"path":…,"rule":"`.
    head: Vec<u8>,
    /// What each of its records ends with, from `]}`.
    end: Vec<u8>,
    /// The start of the records of each rule met so far, as [`RulePrefix`] writes it.
    rules: Vec<RulePrefix>,
    /// An entry of `rules` by a hash of its rule id ([`slot`]), the last one found there: a
    /// rule is mostly found at once, without its id compared with the others'.
    slots: [Option<usize>; SLOTS],
}

impl Default for Pieces {
    fn default() -> Self {
        Pieces {
            path: Vec::new(),
            head: Vec::new(),
            end: Vec::new(),
            rules: Vec::new(),
            slots: [None; SLOTS],
        }
    }
}

/// The number of [`Pieces::slots`]: well above the rules of a run, which are some dozens.
const SLOTS: usize = 64;

/// The slot of a rule id, from its length and last bytes, where ids of one pack differ.
fn slot(rule: &str) -> usize {
    let bytes = rule.as_bytes();
    let last = |back: usize| bytes.len().checked_sub(back).map_or(0, |at| usize::from(bytes[at]));
    (bytes.len().wrapping_mul(31) + last(1).wrapping_mul(7) + last(2)) % SLOTS
}

/// What the records of one rule's findings start with: the file's `head` and the rule's
/// fields, up to the opening quote of the message, written once for all of them.
struct RulePrefix {
    rule: String,
    category: Category,
    severity: Severity,
    bytes: Vec<u8>,
}

impl Pieces {
    /// The pieces of records of file `path`, each preceded by `lead` and followed by `trail`.
    fn set(&mut self, path: &str, lead: &[u8], trail: &[u8]) {
        self.path.clear();
        push_string(&mut self.path, path);
        self.head.clear();
        self.head.extend_from_slice(lead);
        self.head.extend_from_slice(b"{\"path\":");
        self.head.extend_from_slice(&self.path);
        self.head.extend_from_slice(b",\"rule\":\"");
        self.end.clear();
        self.end.extend_from_slice(b"]}");
        self.end.extend_from_slice(trail);
        // Each prefix starts with the head.
        self.rules.clear();
        self.slots = [None; SLOTS];
    }

    /// The prefix of the records of `diagnostic`'s rule, the file's path as a JSON string,
    /// and the end of every record.
    fn get(&mut self, diagnostic: &Diagnostic) -> (&[u8], &[u8], &[u8]) {
        let is_of = |prefix: &RulePrefix| {
            prefix.rule == diagnostic.rule
                && prefix.category == diagnostic.category
                && prefix.severity == diagnostic.severity
        };
        let slot = slot(&diagnostic.rule);
        let index = match self.slots[slot] {
            Some(index) if is_of(&self.rules[index]) => index,
            _ => {
                let index = self.rules.iter().position(is_of).unwrap_or_else(|| {
                    self.rules.push(RulePrefix {
                        rule: diagnostic.rule.clone(),
                        category: diagnostic.category,
                        severity: diagnostic.severity,
                        bytes: rule_prefix(&self.head, diagnostic),
                    });
                    self.rules.len() - 1
                });
                self.slots[slot] = Some(index);
                index
            }
        };
        (&self.rules[index].bytes, &self.path, &self.end)
    }
}

/// `head`, then the rule, category and severity of `diagnostic` and the opening quote of its
/// message.
fn rule_prefix(head: &[u8], diagnostic: &Diagnostic) -> Vec<u8> {
    let mut bytes = head.to_vec();
    push_text(&mut bytes, &diagnostic.rule);
    // Names of the fixed vocabulary need no escaping.
    bytes.extend_from_slice(b"\",\"category\":\"");
    bytes.extend_from_slice(diagnostic.category.as_str().as_bytes());
    bytes.extend_from_slice(b"\",\"severity\":\"");
    bytes.extend_from_slice(diagnostic.severity.as_str().as_bytes());
    bytes.extend_from_slice(b"\",\"message\":\"");
    bytes
}

/// Buffered records are written out once there are this many bytes of them: more than the
/// buffer of standard output, so that they are written through it rather than copied into it.
const WRITE_BYTES: usize = 1 << 20;

/// Room for a record of a typical finding, to size a buffer from a count of findings.
const RECORD_BYTES: usize = 512;

/// The records of the diagnostics of one part of file `path`, each preceded by `lead` and
/// followed by `trail`, as [`RecordBuffer::write_part`] writes them: for a thread that writes
/// them ahead of their turn.
pub fn records(
    path: &str,
    view: &SourceView<'_>,
    diagnostics: &[Diagnostic],
    lead: &[u8],
    trail: &[u8],
) -> Vec<u8> {
    let mut bytes = Vec::new();
    if diagnostics.is_empty() {
        return bytes;
    }
    bytes.reserve(diagnostics.len() * RECORD_BYTES);
    let mut pieces = Pieces::default();
    pieces.set(path, lead, trail);
    let mut positions = Positions::new(view);
    for diagnostic in diagnostics {
        push_record(&mut bytes, pieces.get(diagnostic), &mut positions, diagnostic);
    }
    bytes
}

impl RecordBuffer {
    /// Writes the records of the diagnostics of one part of file `path`, each preceded by
    /// `lead` and followed by `trail`.
    pub fn write_part(
        &mut self,
        out: &mut dyn std::io::Write,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
        lead: &[u8],
        trail: &[u8],
    ) -> std::io::Result<()> {
        self.pieces.set(path, lead, trail);
        if self.bytes.capacity() == 0 && !diagnostics.is_empty() {
            // Once, and with room for the record that crosses the limit: growing a buffer of
            // this size copies it.
            self.bytes.reserve(WRITE_BYTES + (64 << 10));
        }
        let mut positions = Positions::new(view);
        for diagnostic in diagnostics {
            push_record(&mut self.bytes, self.pieces.get(diagnostic), &mut positions, diagnostic);
            if self.bytes.len() >= WRITE_BYTES {
                self.write_out(out)?;
            }
        }
        self.write_out(out)
    }

    fn write_out(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let written = out.write_all(&self.bytes);
        // Emptied whether or not the write went through, so that no record is written twice.
        self.bytes.clear();
        written
    }
}

/// One record, on one line, in the order of [`Record`]'s fields, between `prefix`, its start up
/// to the message's opening quote, and `end`, from the closing bracket of its related places
/// on; `path` is the file's path as a JSON string. Each constant piece carries the quotes of
/// the strings on either side of it, so that a field takes as few appends as it can.
fn push_record(
    out: &mut Vec<u8>,
    (prefix, path, end): (&[u8], &[u8], &[u8]),
    positions: &mut Positions<'_>,
    diagnostic: &Diagnostic,
) {
    let span = &diagnostic.span;
    let (line, column) = positions.line_col(span.start);
    let (end_line, end_column) = positions.line_col_ahead(span.end);
    out.extend_from_slice(prefix);
    push_text(out, &diagnostic.message);
    // A fix mostly replaces the finding's span, and a finding mostly ends on its line: the
    // digits of a number written before are copied rather than written again.
    let start_digits = number_field(out, b"\",\"span\":{\"start\":", span.start);
    let end_digits = number_field(out, b",\"end\":", span.end);
    let line_digits = number_field(out, b"},\"line\":", line);
    number_field(out, b",\"column\":", column);
    out.extend_from_slice(b",\"end_line\":");
    if end_line == line {
        out.extend_from_within(line_digits);
    } else {
        push_number(out, end_line);
    }
    number_field(out, b",\"end_column\":", end_column);
    out.extend_from_slice(b",\"matched\":\"");
    push_text(out, &diagnostic.matched);
    match &diagnostic.fix {
        None => out.extend_from_slice(b"\",\"fix\":null,\"related\":["),
        Some(fix) => {
            out.extend_from_slice(b"\",\"fix\":{\"applicability\":\"");
            out.extend_from_slice(fix.applicability.as_str().as_bytes());
            out.extend_from_slice(b"\",\"message\":\"");
            push_text(out, &fix.message);
            out.extend_from_slice(b"\",\"edits\":[");
            for (i, edit) in fix.edits.iter().enumerate() {
                out.extend_from_slice(if i == 0 { b"{\"start\":" } else { b",{\"start\":" });
                push_number_again(out, edit.start, span.start, &start_digits);
                out.extend_from_slice(b",\"end\":");
                push_number_again(out, edit.end, span.end, &end_digits);
                out.extend_from_slice(b",\"replacement\":\"");
                push_text(out, &edit.replacement);
                out.extend_from_slice(b"\"}");
            }
            out.extend_from_slice(b"]},\"related\":[");
        }
    }
    for (i, related) in diagnostic.related.iter().enumerate() {
        let (line, column) = positions.view().line_col(related.span.start);
        out.extend_from_slice(if i == 0 { b"{\"path\":" } else { b",{\"path\":" });
        out.extend_from_slice(path);
        number_field(out, b",\"span\":{\"start\":", related.span.start);
        number_field(out, b",\"end\":", related.span.end);
        number_field(out, b"},\"line\":", line);
        number_field(out, b",\"column\":", column);
        out.extend_from_slice(b",\"message\":\"");
        push_text(out, &related.message);
        out.extend_from_slice(b"\"}");
    }
    out.extend_from_slice(end);
}

/// A key (with the separator before it, and the quote of a string before that) and a number,
/// whose digits are at the range returned. Inlined, so that each key is copied as the
/// constant it is rather than by a call to `memcpy`.
#[inline(always)]
fn number_field(out: &mut Vec<u8>, key: &[u8], value: usize) -> Range<usize> {
    out.extend_from_slice(key);
    let from = out.len();
    push_number(out, value);
    from..out.len()
}

fn push_number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Number `n`, copied from `digits` of `out`, where `written` was written, if it is the same.
fn push_number_again(out: &mut Vec<u8>, n: usize, written: usize, digits: &Range<usize>) {
    if n == written {
        out.extend_from_within(digits.clone());
    } else {
        push_number(out, n);
    }
}

/// A JSON string: quotes, backslashes and control characters escaped as `serde_json` does
/// (`\n`, `\t`… where JSON has a short form, `\u00XX` otherwise), everything else as it is.
fn push_string(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    push_text(out, value);
    out.push(b'"');
}

/// The inside of [`push_string`]'s quotes: copied in runs between the bytes that need
/// escaping. Inlined: a record has three strings or more (rule, message, matched text, and
/// any fix and related messages), mostly short, and a call's setup would be a good part of
/// each one's cost.
#[inline(always)]
fn push_text(out: &mut Vec<u8>, value: &str) {
    let mut rest = value.as_bytes();
    while let Some(at) = first_to_escape(rest) {
        out.extend_from_slice(&rest[..at]);
        push_escaped(out, rest[at]);
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

fn push_escaped(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0C => b'f',
        _ => {
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&[HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// The offset of the first byte of `bytes` that JSON needs escaped, found eight bytes at a
/// time.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    let first_in = |word: &[u8; 8]| {
        let found = to_escape(u64::from_le_bytes(*word));
        (found != 0).then(|| found.trailing_zeros() as usize / 8)
    };
    let (words, _) = bytes.as_chunks::<8>();
    for (i, word) in words.iter().enumerate() {
        if let Some(k) = first_in(word) {
            return Some(i * 8 + k);
        }
    }
    match bytes.last_chunk::<8>() {
        // The last eight bytes, of which those before the remainder were found clean above.
        Some(last) => first_in(last).map(|k| bytes.len() - 8 + k),
        None => bytes.iter().position(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\'),
    }
}

/// The high bit of each of eight bytes (read as a little-endian number) that is a quote, a
/// backslash or a control character, and possibly of bytes above such a one; nothing when
/// there is none. The lowest bit set is exact: each test borrows into a byte only from a
/// lower byte it has found.
fn to_escape(word: u64) -> u64 {
    // Flipping bit 1 keeps the control characters below 0x20 and takes the quote (0x22) to
    // 0x20: one test for bytes below 0x21 finds both.
    let flipped = word ^ (ONES * 0x02);
    let control_or_quote = flipped.wrapping_sub(ONES * 0x21) & !flipped & HIGH;
    control_or_quote | zero_bytes(word ^ (ONES * u64::from(b'\\')))
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
            let diagnostics: Vec<Diagnostic> = cases
                .iter()
                .enumerate()
                .map(|(i, case)| {
                    let mut diagnostic = case.clone();
                    diagnostic.category = Category::ALL[i % Category::ALL.len()];
                    diagnostic.severity =
                        [Severity::Info, Severity::Warning, Severity::Error][i % 3];
                    diagnostic
                })
                .collect();
            // Written as one part, the records' places are counted on from one another.
            assert_eq!(written(path, &doc, &diagnostics), serialized(path, &doc, &diagnostics));
        }
        let every_name: Vec<Diagnostic> = Category::ALL
            .into_iter()
            .enumerate()
            .map(|(i, category)| {
                let mut diagnostic = cases[0].clone();
                diagnostic.category = category;
                diagnostic.severity = [Severity::Info, Severity::Warning, Severity::Error][i % 3];
                diagnostic
            })
            .collect();
        assert_eq!(written("a.txt", &doc, &every_name), serialized("a.txt", &doc, &every_name));
    }

    /// The records of one part, a line each.
    fn written(path: &str, doc: &Document, diagnostics: &[Diagnostic]) -> String {
        let mut out = Vec::new();
        let view = SourceView::whole(doc);
        RecordBuffer::default().write_part(&mut out, path, &view, diagnostics, b"", b"\n").unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The records as `serde_json` writes them, a line each.
    fn serialized(path: &str, doc: &Document, diagnostics: &[Diagnostic]) -> String {
        diagnostics
            .iter()
            .map(|d| serde_json::to_string(&Record::new(path, doc, d)).unwrap() + "\n")
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(value in "[a\"\\\\\u{0}-\u{1F}é€ \u{7F}]{0,40}") {
            let mut out = Vec::new();
            push_string(&mut out, &value);
            proptest::prop_assert_eq!(out, serde_json::to_vec(&value).unwrap());
        }

        /// Runs of plain text long enough to be read eight bytes at a time, between bytes to
        /// escape.
        #[test]
        fn sparse_escapes_are_found_where_they_are(
            value in "([a-z é€\u{7F}]{0,20}[\"\\\\\u{0}-\u{1F}]?){0,5}"
        ) {
            let mut out = Vec::new();
            push_string(&mut out, &value);
            proptest::prop_assert_eq!(out, serde_json::to_vec(&value).unwrap());
        }
    }

    /// Any two bytes in any two places of a word of plain letters: the lowest place found is
    /// the first byte to escape.
    #[test]
    fn the_first_byte_to_escape_in_a_word_is_found_exactly() {
        let needs_escape = |byte: u8| byte < 0x20 || byte == b'"' || byte == b'\\';
        for low in 0..8 {
            for high in low + 1..8 {
                for a in 0..=255u8 {
                    for b in 0..=255u8 {
                        let mut word = [b'a'; 8];
                        (word[low], word[high]) = (a, b);
                        let expected = word.iter().position(|&byte| needs_escape(byte));
                        let found = to_escape(u64::from_le_bytes(word));
                        let first = (found != 0).then(|| found.trailing_zeros() as usize / 8);
                        assert_eq!(first, expected, "{word:?}");
                    }
                }
            }
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
