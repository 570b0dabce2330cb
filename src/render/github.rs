//! GitHub Actions workflow commands: `::warning file=…,line=…::message`, shown as annotations
//! on the pull request.

use std::io;

use codespan_reporting::term::termcolor::WriteColor;

use super::{Reporter, SourceView, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

pub struct GithubReporter;

/// Escapes the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command for one diagnostic.
pub fn command(path: &str, doc: &Document, d: &Diagnostic) -> String {
    command_in(path, &SourceView::whole(doc), d)
}

/// The command for a diagnostic in file offsets, within a stretch of the file.
pub fn command_in(path: &str, view: &SourceView<'_>, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let (line, col) = view.line_col(d.span.start);
    let (end_line, end_col) = view.line_col(d.span.end);
    let mut message = d.message.clone();
    if let Some(fix) = &d.fix {
        message.push_str(&format!("\nhelp: {}", fix.message));
    }
    format!(
        "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
        escape_property(path),
        escape_property(&format!("mtlint {}", d.rule)),
        escape_data(&message),
    )
}

impl Reporter for GithubReporter {
    fn part(
        &mut self,
        out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        for d in diagnostics {
            writeln!(out, "{}", command_in(path, view, d))?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn WriteColor, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Category;

    #[test]
    fn commands_escape_their_parts() {
        let doc = Document::new("Line one.\nIt was the the end, 100%.\n");
        let d = Diagnostic {
            rule: "core/doubled-word".into(),
            category: Category::Repetition,
            severity: Severity::Warning,
            message: "doubled word `the the`: 100%".into(),
            span: 17..24,
            matched: "the the".into(),
            fix: None,
            related: Vec::new(),
            help: None,
        };
        assert_eq!(
            command("news/a,b.txt", &doc, &d),
            "::warning file=news/a%2Cb.txt,line=2,col=8,endLine=2,endColumn=15,\
             title=mtlint core/doubled-word::doubled word `the the`: 100%25"
        );
    }
}
