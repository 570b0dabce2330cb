//! Concise output: `path:line:col: severity[rule] message`, one finding a line, for editors.

use super::SourceView;
use crate::diagnostic::Diagnostic;
use crate::document::Document;

pub fn line(path: &str, doc: &Document, diagnostic: &Diagnostic) -> String {
    line_in(path, &SourceView::whole(doc), diagnostic)
}

/// The line of a diagnostic in file offsets, within a stretch of the file.
pub fn line_in(path: &str, view: &SourceView<'_>, diagnostic: &Diagnostic) -> String {
    let (line, column) = view.line_col(diagnostic.span.start);
    let message = diagnostic.message.replace(['\n', '\r'], " ");
    format!("{path}:{line}:{column}: {}[{}] {message}", diagnostic.severity, diagnostic.rule)
}
