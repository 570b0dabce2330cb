//! Inline suppression: `<!-- mtlint-disable RULES -->` … `<!-- mtlint-enable -->` and
//! `<!-- mtlint-disable-next-line RULES -->` in Markdown and HTML, or the same directive on a
//! line of its own in plain text. Directives that suppress nothing are reported.

use std::ops::Range;

use regex::Regex;

use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::document::Document;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Disable,
    Enable,
    DisableNextLine,
}

/// One directive found in the text.
#[derive(Debug, Clone)]
struct Directive {
    action: Action,
    /// Rule ids, packs or categories; empty means every rule.
    selectors: Vec<String>,
    /// Where the directive itself is written.
    span: Range<usize>,
}

/// A stretch of text where some rules are silenced, and the directive that silenced it.
#[derive(Debug)]
struct Region {
    range: Range<usize>,
    selectors: Vec<String>,
    directive: usize,
}

fn directive_pattern() -> &'static Regex {
    static PATTERN: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?m)<!--\s*mtlint-(disable-next-line|disable|enable)(?-u:\b)([^>]*?)\s*-->|^[ \t]*mtlint-(disable-next-line|disable|enable)(?-u:\b)([^\n]*?)[ \t]*$",
        )
        .expect("directive pattern is valid")
    })
}

fn parse(text: &str) -> Vec<Directive> {
    // Most texts have no directive: a plain substring search settles that.
    if memchr::memmem::find(text.as_bytes(), b"mtlint-").is_none() {
        return Vec::new();
    }
    directive_pattern()
        .captures_iter(text)
        .map(|c| {
            let whole = c.get(0).expect("group 0");
            let action = c.get(1).or_else(|| c.get(3)).map_or("", |m| m.as_str());
            let rest = c.get(2).or_else(|| c.get(4)).map_or("", |m| m.as_str());
            let action = match action {
                "disable" => Action::Disable,
                "enable" => Action::Enable,
                _ => Action::DisableNextLine,
            };
            let selectors = rest
                .split([',', ' ', '\t'])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            // A bare directive line keeps its indentation out of the span.
            let start = whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len());
            Directive { action, selectors, span: start..whole.end() }
        })
        .collect()
}

/// Whether a selector names the rule of a diagnostic: its id, its pack or its category.
fn selects(selector: &str, d: &Diagnostic) -> bool {
    d.rule == selector
        || d.rule.split('/').next() == Some(selector)
        || d.category.as_str() == selector
}

fn regions(text: &str, directives: &[Directive]) -> Vec<Region> {
    let mut regions = Vec::new();
    // Open `disable` directives, by index, until an `enable` closes them.
    let mut open: Vec<usize> = Vec::new();
    for (i, directive) in directives.iter().enumerate() {
        match directive.action {
            Action::Disable => open.push(i),
            Action::Enable => {
                // `enable` with rules closes the matching disables; bare `enable` closes all.
                let closing: Vec<usize> = open
                    .iter()
                    .copied()
                    .filter(|&o| {
                        directive.selectors.is_empty()
                            || directives[o]
                                .selectors
                                .iter()
                                .any(|s| directive.selectors.contains(s))
                    })
                    .collect();
                for o in closing {
                    regions.push(Region {
                        range: directives[o].span.end..directive.span.start,
                        selectors: directives[o].selectors.clone(),
                        directive: o,
                    });
                    open.retain(|&x| x != o);
                }
            }
            Action::DisableNextLine => {
                let after = directive.span.end;
                let line_end = text[after..].find('\n').map_or(text.len(), |i| after + i);
                // The next line that is not blank.
                let mut start = (line_end + 1).min(text.len());
                while start < text.len() {
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    if !text[start..end].trim().is_empty() {
                        break;
                    }
                    start = end + 1;
                }
                let start = start.min(text.len());
                let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                regions.push(Region {
                    range: start..end,
                    selectors: directive.selectors.clone(),
                    directive: i,
                });
            }
        }
    }
    for o in open {
        regions.push(Region {
            range: directives[o].span.end..text.len(),
            selectors: directives[o].selectors.clone(),
            directive: o,
        });
    }
    regions
}

/// The rule that reports directives which suppress nothing.
pub const UNUSED_DIRECTIVE_RULE: &str = "mtlint/unused-directive";

/// Removes the diagnostics that directives in the document suppress. Returns a report for
/// every `disable` directive that suppressed nothing (when `report_unused`).
pub fn apply(
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
    report_unused: bool,
) -> Vec<Diagnostic> {
    let text = doc.source();
    if memchr::memmem::find(text.as_bytes(), b"mtlint-").is_none() {
        return Vec::new();
    }
    let directives = parse(text);
    if directives.is_empty() {
        return Vec::new();
    }
    let regions = regions(text, &directives);
    let mut used = vec![false; directives.len()];
    diagnostics.retain(|d| {
        let mut suppressed = false;
        for region in &regions {
            let inside = region.range.contains(&d.span.start)
                || (region.range.is_empty() && region.range.start == d.span.start);
            if inside
                && (region.selectors.is_empty() || region.selectors.iter().any(|s| selects(s, d)))
            {
                used[region.directive] = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    if !report_unused {
        return Vec::new();
    }
    directives
        .iter()
        .enumerate()
        .filter(|(i, d)| !used[*i] && d.action != Action::Enable)
        .map(|(_, d)| Diagnostic {
            rule: UNUSED_DIRECTIVE_RULE.to_string(),
            category: Category::Style,
            severity: Severity::Info,
            message: if d.selectors.is_empty() {
                "this directive suppresses nothing".to_string()
            } else {
                format!("this directive suppresses nothing ({})", d.selectors.join(", "))
            },
            span: d.span.clone(),
            matched: text[d.span.clone()].to_string(),
            fix: Some(crate::diagnostic::Fix {
                applicability: crate::diagnostic::Applicability::Unsafe,
                message: "remove the directive".to_string(),
                edits: vec![crate::diagnostic::Edit {
                    start: d.span.start,
                    end: d.span.end,
                    replacement: String::new(),
                }],
            }),
            related: Vec::new(),
            help: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(rule: &str, text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic {
            rule: rule.into(),
            category: Category::Repetition,
            severity: Severity::Warning,
            message: String::new(),
            span: start..start + needle.len(),
            matched: needle.into(),
            fix: None,
            related: Vec::new(),
            help: None,
        }
    }

    #[test]
    fn html_comment_regions() {
        let text = "A the the.\n<!-- mtlint-disable core/doubled-word -->\nB to to.\n<!-- mtlint-enable -->\nC on on.\n";
        let mut found = vec![
            diagnostic("core/doubled-word", text, "the the"),
            diagnostic("core/doubled-word", text, "to to"),
            diagnostic("core/doubled-word", text, "on on"),
        ];
        let unused = apply(&Document::new(text), &mut found, true);
        let kept: Vec<&str> = found.iter().map(|d| d.matched.as_str()).collect();
        assert_eq!(kept, ["the the", "on on"]);
        assert!(unused.is_empty());
    }

    #[test]
    fn next_line_and_plain_text_directives() {
        let text = "mtlint-disable-next-line core\n\nIt was the the end.\nAnd the the next.\n";
        let mut found = vec![
            diagnostic("core/doubled-word", text, "the the end"),
            diagnostic("core/doubled-word", text, "the the next"),
        ];
        apply(&Document::new(text), &mut found, true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].matched, "the the next");
    }

    #[test]
    fn unused_directives_are_reported() {
        let text = "<!-- mtlint-disable-next-line mt -->\nIt was the the end.\n";
        let mut found = vec![diagnostic("core/doubled-word", text, "the the")];
        let unused = apply(&Document::new(text), &mut found, true);
        assert_eq!(found.len(), 1);
        assert_eq!(unused.len(), 1);
        assert_eq!(unused[0].matched, "<!-- mtlint-disable-next-line mt -->");
    }

    #[test]
    fn a_sentence_mentioning_the_directive_is_not_one() {
        let text = "Editors can write mtlint-disable in a comment.\n";
        assert!(parse(text).is_empty());
    }
}
