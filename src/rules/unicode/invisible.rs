//! Characters a reader cannot see: zero-width characters, soft hyphens, bidirectional
//! controls, byte-order marks after the start, control characters and U+FFFD REPLACEMENT
//! CHARACTER. Each finding is one character (one run of U+FFFD), and its fix removes it.

use std::ops::Range;
use std::sync::Arc;

use super::names::describe;
use super::scripts::{is_emoji, is_emoji_component, is_joining_script, is_rtl, is_unspaced_script};
use super::{document_non_ascii, mojibake};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rules::{Check, Finding};

/// Which invisible characters a rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    ZeroWidth,
    SoftHyphen,
    Bidi,
    ByteOrderMark,
    Control,
    Replacement,
}

#[derive(Debug)]
pub struct Invisible {
    pub class: Class,
}

/// A finding on `range` whose fix removes it, named after the character `c`.
fn removal(range: Range<usize>, c: char, applicability: Applicability) -> Finding {
    let edits = vec![Edit { start: range.start, end: range.end, replacement: String::new() }];
    let fix = Fix { applicability, message: format!("remove {}", describe(c)), edits };
    Finding { span: range, fix: Some(fix), related: Vec::new(), detail: Some(describe(c)) }
}

impl Check for Invisible {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if text.is_ascii() && self.class != Class::Control {
            return;
        }
        let candidates = document_candidates(doc);
        let chars = candidates.0.iter().copied();
        match self.class {
            Class::ZeroWidth => zero_width(text, chars, out),
            Class::SoftHyphen => each(chars, |c| c == '\u{ad}', Applicability::Safe, out),
            Class::Bidi => bidi(doc, chars, out),
            Class::ByteOrderMark => {
                for (i, c) in chars.filter(|&(i, c)| c == '\u{feff}' && i > 0) {
                    out.push(removal(i..i + c.len_utf8(), c, Applicability::Safe));
                }
            }
            Class::Control => control(text, chars, out),
            Class::Replacement => replacement(chars, out),
        }
    }
}

/// The document's characters outside ASCII that one of the classes may report, with their
/// byte offsets.
type NonAsciiChars<'a> = std::iter::Copied<std::slice::Iter<'a, (usize, char)>>;

/// The characters outside ASCII that [`may_be_invisible`] lets through, found once for the
/// six rules of this kind, which would otherwise each read every character outside ASCII.
struct Candidates(Vec<(usize, char)>);

fn document_candidates(doc: &Document) -> Arc<Candidates> {
    doc.derived(|doc| {
        let non_ascii = document_non_ascii(doc);
        Candidates(non_ascii.0.iter().copied().filter(|&(_, c)| may_be_invisible(c)).collect())
    })
}

/// Whether any class may report the character (outside ASCII): every character the classes
/// test for is in one of these ranges.
fn may_be_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{9f}'
            | '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fffd}'
    )
}

fn each(
    chars: NonAsciiChars<'_>,
    wanted: impl Fn(char) -> bool,
    how: Applicability,
    out: &mut Vec<Finding>,
) {
    for (i, c) in chars.filter(|&(_, c)| wanted(c)) {
        out.push(removal(i..i + c.len_utf8(), c, how));
    }
}

/// The characters on either side of byte `i`, where a character of `len` bytes sits.
fn neighbours(text: &str, i: usize, len: usize) -> (Option<char>, Option<char>) {
    (text[..i].chars().next_back(), text[i + len..].chars().next())
}

fn zero_width(text: &str, chars: NonAsciiChars<'_>, out: &mut Vec<Finding>) {
    for (i, c) in chars {
        if !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{180e}') {
            continue;
        }
        let (before, after) = neighbours(text, i, c.len_utf8());
        let either = |test: fn(char) -> bool| before.is_some_and(test) || after.is_some_and(test);
        let legitimate = match c {
            // Emoji sequences (👩‍👩‍👧, 🏳️‍🌈) and the conjuncts and half forms of Indic and
            // Arabic-script text.
            '\u{200d}' => {
                (before.is_some_and(|b| is_emoji(b) || is_emoji_component(b))
                    && after.is_some_and(is_emoji))
                    || either(is_joining_script)
            }
            // Persian and the Indic scripts keep letters apart with it.
            '\u{200c}' => either(is_joining_script),
            // Line-break opportunities in scripts written without spaces.
            '\u{200b}' | '\u{2060}' => either(is_unspaced_script),
            '\u{180e}' => either(|c| matches!(c, '\u{1800}'..='\u{18af}')),
            _ => false,
        };
        if !legitimate {
            let how = if c == '\u{200b}' { Applicability::Safe } else { Applicability::Unsafe };
            out.push(removal(i..i + c.len_utf8(), c, how));
        }
    }
}

/// Embeddings, overrides and isolates can make text display in another order than it is
/// read ("Trojan Source"), so every one is reported. The implicit marks (LRM, RLM, ALM) are
/// needed in text that mixes directions and are reported only in paragraphs without any
/// right-to-left letter.
fn bidi(doc: &Document, chars: NonAsciiChars<'_>, out: &mut Vec<Finding>) {
    for (i, c) in chars {
        let reported = match c {
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
            '\u{200e}' | '\u{200f}' | '\u{61c}' => !paragraph_at(doc, i).chars().any(is_rtl),
            _ => false,
        };
        if reported {
            out.push(removal(i..i + c.len_utf8(), c, Applicability::Unsafe));
        }
    }
}

/// The paragraph around byte `at` (the line, where paragraphs do not cover it).
fn paragraph_at(doc: &Document, at: usize) -> &str {
    let text = doc.text();
    if let Some(p) = doc.paragraphs().iter().find(|p| p.start <= at && at < p.end) {
        return &text[p.clone()];
    }
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    &text[start..end]
}

fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Whether the text has an ASCII character that [`is_control`] names. Every document is
/// asked, so the bytes are folded a block at a time without a branch each, which the compiler
/// turns into vector instructions.
fn has_ascii_control(text: &str) -> bool {
    // Plain comparisons, not a bit table: a variable shift has no vector form.
    let control = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7f);
    text.as_bytes().chunks(64).any(|block| block.iter().fold(false, |found, &b| found | control(b)))
}

fn control(text: &str, mut chars: NonAsciiChars<'_>, out: &mut Vec<Finding>) {
    let c1_control = |c: char| matches!(c, '\u{80}'..='\u{9f}');
    let has_c1 = chars.any(|(_, c)| c1_control(c));
    if !has_c1 && !has_ascii_control(text) {
        return;
    }
    // UTF-8 read as Latin-1 leaves C1 controls inside the mojibake, which is reported whole.
    let garbled = if has_c1 {
        mojibake::runs(text).into_iter().map(|run| run.span).collect()
    } else {
        Vec::new()
    };
    for (i, c) in text.char_indices().filter(|&(_, c)| is_control(c)) {
        if !garbled.iter().any(|r: &Range<usize>| r.contains(&i)) {
            out.push(removal(i..i + c.len_utf8(), c, Applicability::Unsafe));
        }
    }
}

fn replacement(chars: NonAsciiChars<'_>, out: &mut Vec<Finding>) {
    let mut run: Option<Range<usize>> = None;
    for (i, c) in chars {
        if c == '\u{fffd}' {
            match &mut run {
                Some(r) if r.end == i => r.end = i + c.len_utf8(),
                _ => {
                    if let Some(r) = run.take() {
                        out.push(removal(r, '\u{fffd}', Applicability::Unsafe));
                    }
                    run = Some(i..i + c.len_utf8());
                }
            }
        }
    }
    if let Some(r) = run {
        out.push(removal(r, '\u{fffd}', Applicability::Unsafe));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(class: Class, text: &str) -> Vec<String> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        Invisible { class }.check_document(&doc, &mut out);
        out.iter().map(|f| format!("{:?}", &text[f.span.clone()])).collect()
    }

    /// What the class finds when it reads the given characters of the document.
    fn found_among(class: Class, doc: &Document, chars: &[(usize, char)]) -> Vec<Range<usize>> {
        let (text, chars, mut out) = (doc.text(), chars.iter().copied(), Vec::new());
        match class {
            Class::ZeroWidth => zero_width(text, chars, &mut out),
            Class::SoftHyphen => each(chars, |c| c == '\u{ad}', Applicability::Safe, &mut out),
            Class::Bidi => bidi(doc, chars, &mut out),
            Class::ByteOrderMark => {
                let boms = chars.filter(|&(i, c)| c == '\u{feff}' && i > 0);
                out.extend(boms.map(|(i, c)| removal(i..i + c.len_utf8(), c, Applicability::Safe)));
            }
            Class::Control => control(text, chars, &mut out),
            Class::Replacement => replacement(chars, &mut out),
        }
        out.into_iter().map(|f| f.span).collect()
    }

    #[test]
    fn the_candidates_hold_every_character_a_class_reports() {
        // Every character of the Basic Multilingual Plane and a sample of the others, each
        // on a line of its own between letters; and each after an emoji, for the joiners.
        let mut text = String::new();
        for c in (0x80..=0xFFFF).chain((0x10000..=0x10FFFF).step_by(97)).filter_map(char::from_u32)
        {
            text.push('a');
            text.push(c);
            text.push_str("a\n😀");
            text.push(c);
            text.push('\n');
        }
        let doc = Document::new(&text);
        let every: Vec<(usize, char)> =
            text.char_indices().filter(|(_, c)| !c.is_ascii()).collect();
        let candidates = document_candidates(&doc);
        for class in [
            Class::ZeroWidth,
            Class::SoftHyphen,
            Class::Bidi,
            Class::ByteOrderMark,
            Class::Control,
            Class::Replacement,
        ] {
            let expected = found_among(class, &doc, &every);
            assert!(!expected.is_empty(), "{class:?}");
            assert_eq!(found_among(class, &doc, &candidates.0), expected, "{class:?}");
        }
    }

    #[test]
    fn zero_width_characters_in_latin_text() {
        assert_eq!(found(Class::ZeroWidth, "Ukr\u{200b}aine"), ["\"\\u{200b}\""]);
        assert_eq!(found(Class::ZeroWidth, "Auf\u{200c}lage"), ["\"\\u{200c}\""]);
        assert_eq!(found(Class::ZeroWidth, "the\u{200d} end"), ["\"\\u{200d}\""]);
    }

    #[test]
    fn joiners_where_they_belong() {
        assert!(found(Class::ZeroWidth, "family 👩\u{200d}👩\u{200d}👧 photo").is_empty());
        assert!(found(Class::ZeroWidth, "flag 🏳\u{fe0f}\u{200d}🌈 flew").is_empty());
        assert!(found(Class::ZeroWidth, "می\u{200c}خواهم").is_empty());
        assert!(found(Class::ZeroWidth, "क्\u{200d}ष").is_empty());
        assert!(found(Class::ZeroWidth, "ภาษา\u{200b}ไทย").is_empty());
    }

    #[test]
    fn implicit_marks_only_outside_right_to_left_text() {
        assert_eq!(found(Class::Bidi, "a\u{200f}b").len(), 1);
        assert!(found(Class::Bidi, "He said שלום\u{200f} to all.").is_empty());
        assert_eq!(found(Class::Bidi, "He said שלום\u{202e} to all.").len(), 1);
    }

    #[test]
    fn byte_order_mark_at_the_start_is_fine() {
        assert!(found(Class::ByteOrderMark, "\u{feff}Text").is_empty());
        assert_eq!(found(Class::ByteOrderMark, "One.\u{feff}Two.").len(), 1);
    }

    #[test]
    fn ascii_controls_are_found_as_char_by_char() {
        for b in 0..=0x7fu8 {
            let text = format!("plain text of some length, then {} and more", char::from(b));
            assert_eq!(has_ascii_control(&text), is_control(char::from(b)), "{b:#x}");
        }
        assert!(!has_ascii_control("tab\tand\r\nline ends, café"));
    }

    #[test]
    fn controls_but_not_line_ends_or_tabs() {
        assert!(found(Class::Control, "a\tb\r\nc\n").is_empty());
        assert_eq!(found(Class::Control, "a\u{7}b\u{85}c"), ["\"\\u{7}\"", "\"\\u{85}\""]);
        // The C1 control belongs to the mojibake of "”".
        assert!(found(Class::Control, "he said.â€\u{9d} Then").is_empty());
    }

    #[test]
    fn replacement_characters_run_together() {
        assert_eq!(found(Class::Replacement, "Bar\u{fffd}\u{fffd}a and Piqu\u{fffd}").len(), 2);
    }
}
