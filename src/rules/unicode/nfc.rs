//! Text that is not in Unicode normalization form C: letters spelled as a base and combining
//! marks ("e" + U+0301), as macOS file systems and some pipelines write them. They look the
//! same but break search, sorting and spelling checks. One finding per word; the fix is the
//! word's NFC form.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Document, nfc_chunks};
use crate::rules::{Check, Finding};

#[derive(Debug)]
pub struct NotNfc;

impl Check for NotNfc {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        if doc.nfc_view().is_none() {
            return;
        }
        let text = doc.text();
        for span in decomposed_runs(text) {
            let nfc: String = text[span.clone()].nfc().collect();
            let fix = Fix {
                applicability: Applicability::Safe,
                message: format!("replace with `{nfc}` (NFC)"),
                edits: vec![Edit { start: span.start, end: span.end, replacement: nfc }],
            };
            out.push(Finding { span, fix: Some(fix), related: Vec::new(), detail: None });
        }
    }
}

/// Stretches of `text` that change under NFC because of combining marks or conjoining
/// Hangul jamo, merged within a word. Lone compatibility characters (U+2126 OHM SIGN,
/// CJK compatibility ideographs) are left alone: they are chosen on purpose more often
/// than not.
fn decomposed_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for cluster in nfc_chunks(text) {
        let source = &text[cluster.clone()];
        let decomposed = source
            .chars()
            .any(|c| canonical_combining_class(c) != 0 || matches!(c, '\u{1100}'..='\u{11ff}'));
        if !decomposed || source.nfc().eq(source.chars()) {
            continue;
        }
        match runs.last_mut() {
            Some(last) if !text[last.end..cluster.start].contains(char::is_whitespace) => {
                last.end = cluster.end
            }
            _ => runs.push(cluster),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<&str> {
        decomposed_runs(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn decomposed_letters_are_found_per_word() {
        assert_eq!(runs("Cafe\u{301} in Zu\u{308}rich"), ["e\u{301}", "u\u{308}"]);
        assert_eq!(runs("e\u{301}te\u{301} chaud"), ["e\u{301}te\u{301}"]);
        assert_eq!(runs("\u{1112}\u{1161}\u{11ab}"), ["\u{1112}\u{1161}\u{11ab}"]);
    }

    #[test]
    fn composed_text_and_compatibility_signs_are_not() {
        assert!(runs("Café in Zürich").is_empty());
        assert!(runs("a 10 k\u{2126} resistor").is_empty());
        // A mark on a letter with no precomposed form is NFC already.
        assert!(runs("q\u{307}").is_empty());
    }
}
