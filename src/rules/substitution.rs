//! `substitution`: a wrong form with its right form; the fix keeps the case of the original.

use super::pattern::Pattern;

use super::case::match_case;
use super::compile::{Compiler, regex_with_case};
use super::spec::RuleSpec;
use super::{Check, Finding, Hit, Literal, PackError};
use crate::diagnostic::Applicability;
use crate::document::Document;

pub const KEYS: &[&str] = &["swap", "ignorecase", "regex", "fix"];

#[derive(Debug)]
pub struct Substitution {
    literals: Vec<Literal>,
    patterns: Vec<Pattern>,
    /// Replacement for each literal, then for each pattern (which may use `$1`).
    replacements: Vec<String>,
    applicability: Applicability,
}

pub fn compile(spec: &RuleSpec, compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let Some(swap) = &spec.swap else {
        return Err(compiler
            .error("a `substitution` rule needs a `swap` table")
            .at(spec.kind.span(), "no `swap` for this rule"));
    };
    if swap.get_ref().is_empty() {
        return Err(compiler.error("`swap` is empty").at(swap.span(), "add `wrong = \"right\"`"));
    }
    // Case-insensitive by default: the fix restores the case of what it replaces.
    let ignorecase = spec.ignorecase.as_ref().is_none_or(|v| *v.get_ref());
    let as_regex = spec.regex.as_ref().is_some_and(|v| *v.get_ref());
    let mut literals = Vec::new();
    let mut patterns = Vec::new();
    let mut replacements = Vec::new();
    for (wrong, right) in swap.get_ref() {
        let key = toml::Spanned::new(right.span(), wrong.clone());
        if as_regex {
            patterns.push(regex_with_case(compiler, &key, ignorecase)?);
        } else {
            literals.push(compiler.literal(&key, ignorecase)?);
        }
        replacements.push(right.get_ref().clone());
    }
    let applicability = spec.fix.as_ref().map_or(Applicability::Safe, |f| *f.get_ref());
    Ok(Box::new(Substitution { literals, patterns, replacements, applicability }))
}

impl Check for Substitution {
    fn literals(&self) -> &[Literal] {
        &self.literals
    }

    fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    fn check_hits(&self, doc: &Document, hits: &[Hit], out: &mut Vec<Finding>) {
        let text = doc.matching_text();
        for hit in hits {
            let found = &text[hit.range.clone()];
            let replacement = if hit.index < self.literals.len() {
                self.replacements[hit.index].clone()
            } else {
                let pattern = &self.patterns[hit.index - self.literals.len()];
                pattern.expand(found, &self.replacements[hit.index])
            };
            let span = doc.to_original(hit.range.clone());
            let matched = doc.slice(span.clone());
            let replacement = match_case(matched, &replacement);
            if replacement == matched {
                continue;
            }
            out.push(Finding::replace(span.clone(), matched, replacement, self.applicability));
        }
    }
}
