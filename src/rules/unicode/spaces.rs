//! Odd spaces between two words of running English text: no-break, narrow, thin, figure or
//! ideographic spaces where an ordinary space belongs, left by a web page's `&nbsp;` or a
//! typesetting system. They are right in their own places, which are left alone: around
//! French punctuation ("« Bonjour »", "Il dit : oui"), between a number and its unit or
//! currency ("10 km", "€ 5"), inside names and titles ("Louis XIV", "Mr Smith",
//! "de Gaulle"), after one-letter words, and in text that is not English.

use std::ops::Range;

use super::names::describe;
use super::scripts::{Script, script};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rules::prose::is_function_word;
use crate::rules::{Check, Finding};

#[derive(Debug)]
pub struct OddSpace;

/// Spaces that typesetters use on purpose in English too (binding words, thin spacing).
fn is_typeset_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200a}')
}

/// Spaces that never belong between two Latin words.
fn is_foreign_space(c: char) -> bool {
    matches!(c, '\u{2007}' | '\u{205f}' | '\u{3000}' | '\u{1680}')
}

/// Name particles that are bound to the surname after them.
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "ibn",
    "la", "le", "st", "ten", "ter", "van", "von", "zu",
];

fn is_roman_numeral(word: &str) -> bool {
    word.len() <= 6 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

impl Check for OddSpace {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if text.is_ascii() {
            return;
        }
        // Every space looked for is outside ASCII.
        let mut at = 0;
        for &(found, c) in &super::document_non_ascii(doc).0 {
            if found < at || !(is_typeset_space(c) || is_foreign_space(c)) {
                continue;
            }
            let run = space_run(text, found);
            at = run.end.max(found + 1);
            if let Some(finding) = judge(doc, run) {
                out.push(finding);
            }
        }
    }
}

/// The run of horizontal spaces around byte `at`.
fn space_run(text: &str, at: usize) -> Range<usize> {
    let is_space = |c: char| c == ' ' || is_typeset_space(c) || is_foreign_space(c);
    let start = text[..at].char_indices().rev().take_while(|&(_, c)| is_space(c)).last();
    let start = start.map_or(at, |(i, _)| i);
    let end = text[at..].find(|c| !is_space(c)).map_or(text.len(), |n| at + n);
    start..end
}

/// The letters of the word that ends at `end`, and of the one that starts at `start`.
fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic())
        .last()
        .map_or(end, |(i, _)| i);
    &text[start..end]
}

fn word_after(text: &str, start: usize) -> &str {
    let end = text[start..].find(|c: char| !c.is_alphabetic()).map_or(text.len(), |n| start + n);
    &text[start..end]
}

fn judge(doc: &Document, run: Range<usize>) -> Option<Finding> {
    let text = doc.text();
    let before = text[..run.start].chars().next_back()?;
    let after = text[run.end..].chars().next()?;
    if script(before) != Some(Script::Latin) || script(after) != Some(Script::Latin) {
        return None;
    }
    let spaces = &text[run.clone()];
    let odd = spaces.chars().find(|&c| c != ' ')?;
    let left = word_before(text, run.start);
    let right = word_after(text, run.end);
    // Words with letters beyond ASCII are foreign names and phrases, bound by their own
    // conventions ("Conseil fédéral").
    let bound = !left.is_ascii()
        || !right.is_ascii()
        || left.chars().count() < 2
        || right.chars().count() < 2
        || (is_capitalized(left) && is_capitalized(right))
        || is_roman_numeral(right)
        || (PARTICLES.contains(&left.to_lowercase().as_str()) && is_capitalized(right));
    if bound {
        return None;
    }
    if !spaces.chars().any(is_foreign_space) && !in_english_sentence(doc, run.start) {
        return None;
    }
    let fix = Fix {
        applicability: Applicability::Safe,
        message: format!("replace {} with a space", describe(odd)),
        edits: vec![Edit { start: run.start, end: run.end, replacement: " ".to_string() }],
    };
    Some(Finding { span: run, fix: Some(fix), related: Vec::new(), detail: None })
}

/// Whether the sentence around byte `at` reads as English: it has at least two English
/// function words.
fn in_english_sentence(doc: &Document, at: usize) -> bool {
    let sentences = doc.sentences();
    let index = sentences.partition_point(|s| s.end <= at);
    if sentences.get(index).is_none_or(|s| s.start > at) {
        return false;
    }
    let text = doc.text();
    let function_words = doc
        .sentence_words(index)
        .iter()
        .filter(|w| is_function_word(&text[(*w).clone()].to_lowercase()))
        .count();
    function_words >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        OddSpace.check_document(&doc, &mut out);
        out.into_iter().map(|f| &text[f.span]).collect()
    }

    #[test]
    fn odd_spaces_between_english_words() {
        assert_eq!(found("The minister\u{a0}said that the plan was fine."), ["\u{a0}"]);
        assert_eq!(found("It was a long\u{202f}day for the crews."), ["\u{202f}"]);
        assert_eq!(found("It was a long \u{a0}day for the crews."), [" \u{a0}"]);
        assert_eq!(found("Talks\u{3000}resumed"), ["\u{3000}"]);
    }

    #[test]
    fn spaces_in_their_own_places() {
        for text in [
            "« Bonjour », dit-il.",
            "Il dit\u{a0}: oui.",
            "The river rose by 10\u{a0}km in the night.",
            "It cost €\u{a0}5 at the time.",
            "Mr\u{a0}Smith said that the vote was close.",
            "The reign of Louis\u{a0}XIV was long and it was costly.",
            "The speech by Charles de\u{a0}Gaulle was on the radio.",
            "He took vitamin\u{a0}C and it was fine.",
            "Le ministre a\u{a0}déclaré que la situation était grave.",
            "Jean-Pierre\u{a0}Dupont a parlé.",
            "The Swiss Conseil\u{a0}fédéral met and the paper said so.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
