//! Mixed-script words: Cyrillic or Greek letters that look like Latin ones inside a Latin word
//! ("Ukrаine" with U+0430), and Latin letters inside a Cyrillic or Greek word. They defeat
//! search and spelling checks, and are a classic of spoofed names. A word is reported only
//! when every foreign letter has a look-alike in the word's own script, so genuine Cyrillic or
//! Greek words, units ("µm", "kΩ") and notations ("Kα") are left alone.

use std::collections::HashSet;

use super::document_non_ascii;
use super::names::describe;
use super::scripts::{Script, script};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rules::{Check, Finding};

/// Cyrillic letters and the Latin letters they are mistaken for.
const CYRILLIC_LATIN: &[(char, char)] = &[
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('Х', 'X'),
    ('І', 'I'),
    ('Ј', 'J'),
    ('Ѕ', 'S'),
    ('Ү', 'Y'),
    ('Ԛ', 'Q'),
    ('Ԝ', 'W'),
    ('а', 'a'),
    ('е', 'e'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('ԁ', 'd'),
    ('һ', 'h'),
    ('ӏ', 'l'),
    ('ԛ', 'q'),
    ('ԝ', 'w'),
];

/// Greek letters and the Latin letters they are mistaken for.
const GREEK_LATIN: &[(char, char)] = &[
    ('Α', 'A'),
    ('Β', 'B'),
    ('Ε', 'E'),
    ('Ζ', 'Z'),
    ('Η', 'H'),
    ('Ι', 'I'),
    ('Κ', 'K'),
    ('Μ', 'M'),
    ('Ν', 'N'),
    ('Ο', 'O'),
    ('Ρ', 'P'),
    ('Τ', 'T'),
    ('Υ', 'Y'),
    ('Χ', 'X'),
    ('ο', 'o'),
    ('ν', 'v'),
];

/// The letter of `target` script that `c` (of another script) looks like.
fn look_alike(c: char, target: Script) -> Option<char> {
    let forward = |table: &[(char, char)]| table.iter().find(|p| p.0 == c).map(|p| p.1);
    let backward = |table: &[(char, char)]| table.iter().find(|p| p.1 == c).map(|p| p.0);
    match (script(c)?, target) {
        (Script::Cyrillic, Script::Latin) => forward(CYRILLIC_LATIN),
        (Script::Greek, Script::Latin) => forward(GREEK_LATIN),
        (Script::Latin, Script::Cyrillic) => backward(CYRILLIC_LATIN),
        (Script::Latin, Script::Greek) => backward(GREEK_LATIN),
        _ => None,
    }
}

#[derive(Debug)]
pub struct MixedScript {
    pub allow: HashSet<String>,
}

/// The word with its foreign letters replaced, and the letters replaced; `None` when the word
/// is of one script or mixes them in a way look-alikes do not explain.
pub fn respell(word: &str) -> Option<(String, Vec<char>)> {
    let mut counts = [0usize; 3];
    for c in word.chars() {
        match script(c) {
            Some(Script::Latin) => counts[0] += 1,
            Some(Script::Cyrillic) => counts[1] += 1,
            Some(Script::Greek) => counts[2] += 1,
            Some(Script::Other) => return None,
            None => {}
        }
    }
    let (main, &most) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    let letters: usize = counts.iter().sum();
    let foreign = letters - most;
    // A word needs two letters of its own script to have one, and more of them than of any
    // other ("Kα", "Hα" are notations, not words).
    if foreign == 0 || most < 2 || foreign >= most {
        return None;
    }
    let target = [Script::Latin, Script::Cyrillic, Script::Greek][main];
    let mut fixed = String::with_capacity(word.len());
    let mut replaced = Vec::new();
    for c in word.chars() {
        match script(c) {
            Some(s) if s != target => {
                fixed.push(look_alike(c, target)?);
                replaced.push(c);
            }
            _ => fixed.push(c),
        }
    }
    Some((fixed, replaced))
}

impl Check for MixedScript {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if text.is_ascii() {
            return;
        }
        // Only a word with a Cyrillic or Greek letter mixes scripts that `respell` mends:
        // the words are found from those letters rather than read one by one.
        let words = doc.words();
        let mut next_word = 0;
        let mut last_word = None;
        for &(at, c) in &document_non_ascii(doc).0 {
            if !matches!(script(c), Some(Script::Cyrillic | Script::Greek)) {
                continue;
            }
            next_word += words[next_word..].partition_point(|w| w.end <= at);
            let Some(range) = words.get(next_word).filter(|w| w.start <= at) else { continue };
            if last_word.replace(next_word) == Some(next_word) {
                continue;
            }
            let word = &text[range.clone()];
            if self.allow.contains(&word.to_lowercase()) {
                continue;
            }
            let Some((fixed, replaced)) = respell(word) else { continue };
            let mut named: Vec<String> = Vec::new();
            for c in replaced {
                let name = describe(c);
                if !named.contains(&name) {
                    named.push(name);
                }
            }
            let detail = format!("look-alike {}", named.join(", "));
            let fix = Fix {
                applicability: Applicability::Unsafe,
                message: format!("replace with `{fixed}`"),
                edits: vec![Edit { start: range.start, end: range.end, replacement: fixed }],
            };
            out.push(Finding {
                span: range.clone(),
                fix: Some(fix),
                related: Vec::new(),
                detail: Some(detail),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_in_latin_words() {
        assert_eq!(respell("Ukrаine"), Some(("Ukraine".to_string(), vec!['а'])));
        assert_eq!(respell("ΡΟLICE").map(|r| r.0), Some("POLICE".to_string()));
    }

    #[test]
    fn look_alikes_in_cyrillic_words() {
        assert_eq!(respell("Москвa").map(|r| r.0), Some("Москва".to_string()));
    }

    /// Each mixed word is reported once, whatever the letters around it, and only the words
    /// whose letters mix.
    #[test]
    fn words_with_look_alikes_across_a_document() {
        let rule = MixedScript { allow: HashSet::from(["cаfе".to_string()]) };
        let doc = Document::new("Thе ΡΟLICE in Ukrаinе, café, Москвa. Cаfе! Αθήνα, okay «Kyiv»");
        let mut out = Vec::new();
        rule.check_document(&doc, &mut out);
        let found: Vec<&str> = out.iter().map(|f| &doc.text()[f.span.clone()]).collect();
        assert_eq!(found, ["Thе", "ΡΟLICE", "Ukrаinе", "Москвa"]);
    }

    #[test]
    fn genuine_words_and_notations() {
        for word in ["Україна", "Αθήνα", "µm", "kΩ", "Kα", "Hα", "μm", "Zhукова", "pH"]
        {
            assert_eq!(respell(word), None, "{word}");
        }
    }
}
