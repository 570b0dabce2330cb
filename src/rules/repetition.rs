//! `repetition`: a word written twice in a row ("the the"), also across a line break.

use rustc_hash::FxHashSet;

use super::compile::Compiler;
use super::spec::RuleSpec;
use super::{Check, Finding, PackError};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;

pub const KEYS: &[&str] = &["exceptions"];

#[derive(Debug)]
pub struct Repetition {
    /// Lower-case words that may legitimately be doubled ("had had", "that that").
    exceptions: FxHashSet<String>,
}

pub fn compile(spec: &RuleSpec, _compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let exceptions = spec
        .exceptions
        .as_ref()
        .map(|e| e.get_ref().iter().map(|w| w.to_lowercase()).collect())
        .unwrap_or_default();
    Ok(Box::new(Repetition { exceptions }))
}

impl Check for Repetition {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let sentences = doc.sentences();
        let mut sentence = 0;
        let bytes = text.as_bytes();
        for pair in doc.words().windows(2) {
            // Two ASCII first letters that differ settle nearly every pair, read as bytes
            // before the words are taken as text: ASCII bytes that differ in more than the
            // bit of case differ in any case.
            let (x, y) = (bytes[pair[0].start], bytes[pair[1].start]);
            if (x | y).is_ascii() && (x ^ y) & !0x20 != 0 {
                continue;
            }
            let (first, second) = (pair[0].clone(), pair[1].clone());
            let (a, b) = (&text[first.clone()], &text[second.clone()]);
            // Asked first: nearly every pair of words differs.
            if !same_word(a, b) || a.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let gap = &text[first.end..second.start];
            // Only white space between, and no paragraph break.
            if gap.is_empty()
                || !gap.chars().all(char::is_whitespace)
                || gap.matches('\n').count() > 1
            {
                continue;
            }
            if self.exceptions.contains(&a.to_lowercase()) {
                continue;
            }
            while sentence < sentences.len() && sentences[sentence].end <= first.start {
                sentence += 1;
            }
            let at_sentence_start = sentences.get(sentence).is_some_and(|s| s.start == first.start);
            // "Walla Walla", "Bora Bora": capitalized twice mid-sentence is a name.
            if is_capitalized(a) && is_capitalized(b) && !at_sentence_start {
                continue;
            }
            let span = first.start..second.end;
            let fix = Fix {
                applicability: Applicability::Safe,
                message: format!("remove the second `{b}`"),
                edits: vec![Edit { start: first.end, end: second.end, replacement: String::new() }],
            };
            out.push(Finding { span, fix: Some(fix), related: Vec::new(), detail: None });
        }
    }
}

fn same_word(a: &str, b: &str) -> bool {
    // Two ASCII first letters that differ settle most pairs. (A letter outside ASCII may
    // lower-case to one inside: the Kelvin sign to `k`.)
    if let (Some(x), Some(y)) = (a.bytes().next(), b.bytes().next())
        && x.is_ascii()
        && y.is_ascii()
        && !x.eq_ignore_ascii_case(&y)
    {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::same_word;

    #[test]
    fn words_are_the_same_in_any_case() {
        assert!(same_word("the", "The"));
        assert!(same_word("ÉTÉ", "été"));
        // The Kelvin sign lower-cases to an ASCII `k`.
        assert!(same_word("kilo", "\u{212A}ilo"));
        assert!(!same_word("the", "she"));
        assert!(!same_word("été", "ete"));
        assert!(!same_word("a", "ab"));
    }
}
