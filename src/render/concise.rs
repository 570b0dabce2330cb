//! Concise output: `path:line:col: severity[rule] message`, one finding a line, for editors.

use crate::diagnostic::Diagnostic;
use crate::document::Document;

pub fn line(path: &str, doc: &Document, diagnostic: &Diagnostic) -> String {
    let (line, column) = doc.line_col(diagnostic.span.start);
    let message = diagnostic.message.replace(['\n', '\r'], " ");
    format!("{path}:{line}:{column}: {}[{}] {message}", diagnostic.severity, diagnostic.rule)
}
