//! JSON and JSON Lines output, in the diagnostic contract of DESIGN.md.

use serde::Serialize;

use super::SourceView;
use crate::diagnostic::{Category, Diagnostic, Fix, Severity};
use crate::document::Document;

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
        let (end_line, end_column) = view.line_col(diagnostic.span.end);
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
        serde_json::to_writer(&mut *buffer, self).expect("diagnostics serialize");
        out.write_all(buffer)
    }
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
