//! `unclosed-bracket`: a parenthesis or square bracket opened in a paragraph and never closed
//! in it, usually where a pipeline cut a sentence or dropped a link. Closing brackets alone
//! are left alone: lists number their items "1)" and "a)".

use crate::document::Document;
use crate::document::bytes::{HIGH, ONES, first_where, zero_bytes};
use crate::rules::{Check, Finding};

#[derive(Debug)]
pub struct UnclosedBracket;

impl Check for UnclosedBracket {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if !text.contains(['(', '[']) {
            return;
        }
        let paragraphs = doc.paragraphs();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let para = &text[paragraph.clone()];
            // The last paragraph of a text cut off mid-sentence closes nothing.
            let cut_off = index + 1 == paragraphs.len()
                && !para.trim_end().ends_with(['.', '!', '?', '…', '”', '"', ')', ']', '’']);
            if cut_off {
                continue;
            }
            for i in unclosed(para.as_bytes()) {
                let at = paragraph.start + i;
                out.push(Finding::new(at..at + 1));
            }
        }
    }
}

/// Offsets of the brackets of `bytes` left open, in order. The brackets are ASCII, so the
/// bytes are read rather than the characters, and eight at a time between brackets: most
/// paragraphs have few or none.
fn unclosed(bytes: &[u8]) -> Vec<usize> {
    // Closing brackets before the first opening one close nothing.
    let Some(mut at) = memchr::memchr2(b'(', b'[', bytes) else { return Vec::new() };
    let mut open: Vec<(usize, u8)> = Vec::new();
    while let Some(k) = first_where(&bytes[at..], may_hold_bracket, is_bracket) {
        let i = at + k;
        match bytes[i] {
            // ":(" and ";(" are faces, not brackets.
            b @ (b'(' | b'[') if i == 0 || !matches!(bytes[i - 1], b':' | b';') => {
                open.push((i, b));
            }
            b @ (b')' | b']') => {
                let wanted = if b == b')' { b'(' } else { b'[' };
                if let Some(k) = open.iter().rposition(|&(_, o)| o == wanted) {
                    open.truncate(k);
                }
            }
            _ => {}
        }
        at = i + 1;
    }
    open.into_iter().map(|(i, _)| i).collect()
}

fn is_bracket(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'[' | b']')
}

/// Whether eight bytes may hold a bracket: `(` and `)` are 0x28 and 0x29, alike but for the
/// lowest bit; `[` and `]` are 0x5B and 0x5D, alike but for the two bits above it.
fn may_hold_bracket(x: u64) -> bool {
    let round = zero_bytes((x | ONES) ^ (ONES * 0x29));
    let square = zero_bytes((x & (ONES * 0xF9)) ^ (ONES * 0x59));
    (round | square) & HIGH != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`unclosed`] a byte at a time.
    fn unclosed_bytewise(bytes: &[u8]) -> Vec<usize> {
        let mut open: Vec<(usize, u8)> = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'(' | b'[' if i == 0 || !matches!(bytes[i - 1], b':' | b';') => open.push((i, b)),
                b')' | b']' => {
                    let wanted = if b == b')' { b'(' } else { b'[' };
                    if let Some(k) = open.iter().rposition(|&(_, o)| o == wanted) {
                        open.truncate(k);
                    }
                }
                _ => {}
            }
        }
        open.into_iter().map(|(i, _)| i).collect()
    }

    proptest::proptest! {
        #[test]
        fn brackets_are_found_as_byte_by_byte(text in "[a ()\\[\\]:;YZ_\\]\\[)(é]{0,40}") {
            proptest::prop_assert_eq!(unclosed(text.as_bytes()), unclosed_bytewise(text.as_bytes()));
        }
    }

    #[test]
    fn every_byte_is_screened_as_it_should_be() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let x =
                    u64::from(b) << (8 * lane) | (ONES * u64::from(b'a')) & !(0xFF << (8 * lane));
                assert!(!is_bracket(b) || may_hold_bracket(x), "{b:#x} in lane {lane}");
            }
        }
    }

    fn found(text: &str) -> Vec<usize> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        UnclosedBracket.check_document(&doc, &mut out);
        out.into_iter().map(|f| f.span.start).collect()
    }

    #[test]
    fn unclosed_brackets() {
        assert_eq!(found("The council (which met on Monday said no.\n\nNext."), [12]);
        assert_eq!(found("See the list [1 for details.\n\nNext."), [13]);
    }

    #[test]
    fn closed_brackets_lists_and_faces() {
        assert!(found("The council (which met on Monday) said no.").is_empty());
        assert!(found("1) first\n2) second.").is_empty());
        assert!(found("Good news :( for some.").is_empty());
        assert!(found("He said (and then").is_empty());
    }
}
