//! JUnit XML: one test case per linted file, failed when it has findings, for CI systems that
//! chart test reports.

use std::io;

use codespan_reporting::term::termcolor::WriteColor;

use super::{Reporter, SourceView, Summary, concise};
use crate::diagnostic::Diagnostic;

struct Case {
    path: String,
    /// The failure message (how many findings) and one line per finding.
    failure: Option<(String, String)>,
}

#[derive(Default)]
pub struct JunitReporter {
    cases: Vec<Case>,
    /// The file being reported: its findings so far, one line each.
    current: Vec<String>,
}

/// Escapes text for XML attributes and content.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for JunitReporter {
    fn part(
        &mut self,
        _out: &mut dyn WriteColor,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        self.current.extend(diagnostics.iter().map(|d| concise::line_in(path, view, d)));
        Ok(())
    }

    fn end_file(&mut self, _out: &mut dyn WriteColor, path: &str) -> io::Result<()> {
        let lines = std::mem::take(&mut self.current);
        let failure = (!lines.is_empty()).then(|| {
            let noun = if lines.len() == 1 { "finding" } else { "findings" };
            (format!("{} {noun}", lines.len()), lines.join("\n"))
        });
        self.cases.push(Case { path: path.to_string(), failure });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn WriteColor, _summary: &Summary) -> io::Result<()> {
        let failures = self.cases.iter().filter(|c| c.failure.is_some()).count();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="mtlint" tests="{}" failures="{failures}">"#,
            self.cases.len()
        )?;
        writeln!(
            out,
            r#"  <testsuite name="mtlint" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
            self.cases.len()
        )?;
        for case in &self.cases {
            let name = xml_escape(&case.path);
            match &case.failure {
                None => writeln!(out, r#"    <testcase name="{name}" classname="mtlint"/>"#)?,
                Some((message, body)) => {
                    writeln!(out, r#"    <testcase name="{name}" classname="mtlint">"#)?;
                    writeln!(
                        out,
                        r#"      <failure message="{}" type="mtlint">{}</failure>"#,
                        xml_escape(message),
                        xml_escape(body)
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;\u{fffd}");
    }
}
