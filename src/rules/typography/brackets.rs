//! `unclosed-bracket`: a parenthesis or square bracket opened in a paragraph and never closed
//! in it, usually where a pipeline cut a sentence or dropped a link. Closing brackets alone
//! are left alone: lists number their items "1)" and "a)".

use crate::document::Document;
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
            // The brackets are ASCII, so the bytes are read rather than the characters, and
            // only from the first opening bracket: most paragraphs have none.
            let bytes = para.as_bytes();
            let Some(first) = memchr::memchr2(b'(', b'[', bytes) else { continue };
            let mut open: Vec<(usize, u8)> = Vec::new();
            for (i, &b) in bytes.iter().enumerate().skip(first) {
                match b {
                    // ":(" and ";(" are faces, not brackets.
                    b'(' | b'[' if i == 0 || !matches!(bytes[i - 1], b':' | b';') => {
                        open.push((i, b));
                    }
                    b')' | b']' => {
                        let wanted = if b == b')' { b'(' } else { b'[' };
                        if let Some(k) = open.iter().rposition(|&(_, o)| o == wanted) {
                            open.truncate(k);
                        }
                    }
                    _ => {}
                }
            }
            for (i, _) in open {
                let at = paragraph.start + i;
                out.push(Finding::new(at..at + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
