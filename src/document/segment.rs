//! Segmentation: paragraphs, sentences and words of a text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Maximal runs of non-blank lines, trimmed of surrounding white space.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Sentences of one paragraph (placeholder: splits after `.`, `!` or `?` and a space).
pub fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = paragraph.start;
    let bytes = text.as_bytes();
    for i in paragraph.clone() {
        if matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') && i + 1 < paragraph.end {
            out.push(start..i + 1);
            start = i + 2;
        }
    }
    if start < paragraph.end {
        out.push(start..paragraph.end);
    }
    out
}

/// Words: Unicode word-boundary segments holding at least one letter or digit.
pub fn words(text: &str) -> Vec<Range<usize>> {
    text.unicode_word_indices().map(|(i, w)| i..i + w.len()).collect()
}
