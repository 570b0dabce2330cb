//! `existence`: flags words, phrases and regex matches that should not appear.

use std::borrow::Cow;

use super::pattern::Pattern;

use super::compile::{Compiler, regex_with_case};
use super::spec::RuleSpec;
use super::text::is_word_bounded;
use super::{Check, Finding, Hit, Literal, PackError};
use crate::diagnostic::Applicability;
use crate::document::Document;

pub const KEYS: &[&str] = &["tokens", "patterns", "ignorecase", "exceptions", "fix", "replacement"];

#[derive(Debug)]
pub struct Existence {
    literals: Vec<Literal>,
    patterns: Vec<Pattern>,
    /// Phrases that make a match acceptable when the match lies inside one of them.
    exceptions: Vec<String>,
    ignorecase: bool,
    fix: Option<(String, Applicability)>,
}

pub fn compile(spec: &RuleSpec, compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let ignorecase = spec.ignorecase.as_ref().is_some_and(|v| *v.get_ref());
    let literals: Vec<Literal> = spec
        .tokens
        .iter()
        .flat_map(|list| list.get_ref())
        .map(|token| compiler.literal(token, ignorecase))
        .collect::<Result<_, _>>()?;
    let patterns: Vec<Pattern> = spec
        .patterns
        .iter()
        .flat_map(|list| list.get_ref())
        .map(|pattern| regex_with_case(compiler, pattern, ignorecase))
        .collect::<Result<_, _>>()?;
    if literals.is_empty() && patterns.is_empty() {
        return Err(compiler
            .error("an `existence` rule needs `tokens` or `patterns`")
            .at(spec.kind.span(), "this rule has neither"));
    }
    let fix = spec.replacement.as_ref().map(|r| {
        let applicability = spec.fix.as_ref().map_or(Applicability::Unsafe, |f| *f.get_ref());
        (r.get_ref().clone(), applicability)
    });
    let exceptions = spec.exceptions.as_ref().map(|e| e.get_ref().clone()).unwrap_or_default();
    Ok(Box::new(Existence { literals, patterns, exceptions, ignorecase, fix }))
}

impl Check for Existence {
    fn literals(&self) -> &[Literal] {
        &self.literals
    }

    fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    fn check_hits(&self, doc: &Document, hits: &[Hit], out: &mut Vec<Finding>) {
        let text = doc.matching_text();
        for hit in hits {
            if is_excepted(text, &hit.range, &self.exceptions, self.ignorecase) {
                continue;
            }
            // Regex hits must respect word boundaries only where the pattern says so.
            if hit.index < self.literals.len() && !is_word_bounded(text, &hit.range) {
                continue;
            }
            let span = doc.to_original(hit.range.clone());
            out.push(match &self.fix {
                Some((replacement, applicability)) => {
                    let matched = doc.slice(span.clone()).to_string();
                    Finding::replace(span, &matched, replacement.clone(), *applicability)
                }
                None => Finding::new(span),
            });
        }
    }
}

/// True when the text around `range` spells one of the exception phrases that contain the
/// matched text ("Drones Inc." excuses "Drones").
pub fn is_excepted(
    text: &str,
    range: &std::ops::Range<usize>,
    exceptions: &[String],
    ignorecase: bool,
) -> bool {
    let found = &text[range.clone()];
    let eq =
        |a: &str, b: &str| if ignorecase { a.to_lowercase() == b.to_lowercase() } else { a == b };
    if exceptions.is_empty() {
        return false;
    }
    let needle = if ignorecase { Cow::Owned(found.to_lowercase()) } else { Cow::Borrowed(found) };
    exceptions.iter().any(|exception| {
        let haystack = if ignorecase {
            Cow::Owned(exception.to_lowercase())
        } else {
            Cow::Borrowed(exception)
        };
        haystack.match_indices(needle.as_ref()).any(|(offset, _)| {
            let Some(start) = range.start.checked_sub(offset) else {
                return false;
            };
            let end = start + exception.len();
            end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end)
                && eq(&text[start..end], exception)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::is_excepted;

    #[test]
    fn exception_phrase_around_the_match() {
        let text = "Shares of Drones Inc. rose.";
        let at = text.find("Drones").unwrap();
        let range = at..at + 6;
        assert!(is_excepted(text, &range, &["Drones Inc.".into()], false));
        assert!(!is_excepted(text, &range, &["Drones Ltd.".into()], false));
        assert!(is_excepted(text, &range, &["drones inc.".into()], true));
    }
}
