//! The document model: the text as read, its lines, paragraphs, sentences and words, and an
//! NFC view whose offsets map back to the original bytes.

mod lines;
mod normalize;
mod segment;

use std::ops::Range;

pub use lines::LineIndex;
pub use normalize::NfcView;
pub use segment::is_abbreviation_stop;

/// A linted text. Every span handed out is a byte range of `text`, the file exactly as read.
#[derive(Debug)]
pub struct Document {
    text: String,
    lines: LineIndex,
    paragraphs: Vec<Range<usize>>,
    sentences: Vec<Range<usize>>,
    words: Vec<Range<usize>>,
    nfc: Option<NfcView>,
}

impl Document {
    /// Builds the model of a plain-text document.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        let paragraphs = segment::paragraphs(&text);
        let sentences =
            paragraphs.iter().flat_map(|p| segment::sentences(&text, p.clone())).collect();
        let words = segment::words(&text);
        let nfc = NfcView::new_if_needed(&text);
        Document { text, lines, paragraphs, sentences, words, nfc }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// Blocks of text separated by blank lines.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// Sentences, in order; none crosses a paragraph boundary.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// Words (Unicode word boundaries, words with at least one letter or digit), in order.
    pub fn words(&self) -> &[Range<usize>] {
        &self.words
    }

    /// The text rules match against: the NFC form where the original is not NFC.
    pub fn matching_text(&self) -> &str {
        match &self.nfc {
            Some(view) => view.text(),
            None => &self.text,
        }
    }

    /// Maps a byte range of [`Document::matching_text`] to a byte range of the original text.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        match &self.nfc {
            Some(view) => view.to_original(range),
            None => range,
        }
    }

    /// The NFC view, when the original text is not already NFC.
    pub fn nfc_view(&self) -> Option<&NfcView> {
        self.nfc.as_ref()
    }

    pub fn slice(&self, range: Range<usize>) -> &str {
        &self.text[range]
    }
}
