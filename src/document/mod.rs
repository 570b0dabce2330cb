//! The document model: the text as read, the prose a reader sees in it (the whole text for
//! plain text; the prose of Markdown or HTML), its lines, paragraphs, sentences and words, and
//! an NFC view; offsets of the prose and of the NFC view map back to the original bytes.

pub(crate) mod bytes;
mod lines;
mod markup;
mod normalize;
mod offsets;
mod segment;

use std::any::{Any, TypeId};
use std::ops::Range;
use std::sync::{Arc, Mutex};

pub use lines::{LineIndex, floor_char_boundary, lines_inclusive};
pub use markup::InputFormat;
pub use normalize::{NfcView, nfc_chunks};
pub use segment::is_abbreviation_stop;
pub(crate) use segment::words as word_ranges;

use offsets::OffsetMap;

/// A linted text. Rules read [`Document::text`], the prose, and report byte ranges of it;
/// [`Document::to_source`] maps them to the file exactly as read.
#[derive(Debug)]
pub struct Document {
    source: String,
    /// The prose of a marked-up file and its map back to the source.
    prose: Option<(String, OffsetMap)>,
    /// Lines of the source.
    lines: LineIndex,
    paragraphs: Vec<Range<usize>>,
    sentences: Vec<Range<usize>>,
    words: Vec<Range<usize>>,
    /// For each paragraph, the indices of its sentences in `sentences`.
    paragraph_sentences: Vec<Range<usize>>,
    /// For each sentence, the indices of its words in `words`.
    sentence_words: Vec<Range<usize>>,
    /// For each paragraph, the indices of its words in `words`.
    paragraph_words: Vec<Range<usize>>,
    nfc: Option<NfcView>,
    derived: Derived,
}

/// Values that several rules compute from a document (the names in it, say), kept so that
/// the second rule to ask does not compute them again. Keyed by type.
#[derive(Default)]
struct Derived(Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>);

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

impl Document {
    /// Builds the model of a plain-text document.
    pub fn new(text: impl Into<String>) -> Self {
        Self::with_format(text, InputFormat::Text)
    }

    /// Builds the model of a document in the given format.
    pub fn with_format(text: impl Into<String>, format: InputFormat) -> Self {
        let source = text.into();
        let lines = LineIndex::new(&source);
        let prose = match format {
            InputFormat::Text => None,
            InputFormat::Markdown => Some(markup::markdown_prose(&source)),
            InputFormat::Html => Some(markup::html_prose(&source)),
        };
        let text = prose.as_ref().map_or(source.as_str(), |(text, _)| text.as_str());
        let paragraphs = match &prose {
            None => segment::paragraphs_of_lines(text, lines.starts()),
            Some(_) => segment::paragraphs_of_lines(text, LineIndex::new(text).starts()),
        };
        // News prose has a sentence every 120 bytes or so.
        let mut sentences = Vec::with_capacity(text.len() / 100);
        let mut paragraph_sentences = Vec::with_capacity(paragraphs.len());
        for paragraph in &paragraphs {
            let first = sentences.len();
            segment::push_sentences(text, paragraph.clone(), &mut sentences);
            paragraph_sentences.push(first..sentences.len());
        }
        let words = segment::words(text);
        let sentence_words = words_of_each(&sentences, &words);
        let paragraph_words =
            words_of_paragraphs(&paragraphs, &paragraph_sentences, &sentence_words, &words);
        let nfc = NfcView::new_if_needed(text);
        Document {
            source,
            prose,
            lines,
            paragraphs,
            sentences,
            words,
            paragraph_sentences,
            sentence_words,
            paragraph_words,
            nfc,
            derived: Derived::default(),
        }
    }

    /// The prose the rules read: the whole text of a plain-text file.
    pub fn text(&self) -> &str {
        match &self.prose {
            Some((text, _)) => text,
            None => &self.source,
        }
    }

    /// The text as read, the rest of the document freed: for a caller that frees the text on
    /// the thread that read it.
    pub fn into_source(self) -> String {
        self.source
    }

    /// The file exactly as read.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Maps a byte range of [`Document::text`] to a byte range of [`Document::source`].
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        match &self.prose {
            Some((_, map)) => map.to_source(range),
            None => range,
        }
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset of the source.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.source, offset)
    }

    /// Blocks of text separated by blank lines.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// Sentences, in order; none crosses a paragraph boundary.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// The sentences that lie wholly inside `range` (a paragraph, say), found by binary
    /// search so that walking every paragraph's sentences stays linear.
    pub fn sentences_in(&self, range: Range<usize>) -> &[Range<usize>] {
        &self.sentences[self.sentence_indices_in(range)]
    }

    /// The indices in [`Document::sentences`] of the sentences wholly inside `range`.
    fn sentence_indices_in(&self, range: Range<usize>) -> Range<usize> {
        let from = self.sentences.partition_point(|s| s.start < range.start);
        let to = self.sentences.partition_point(|s| s.end <= range.end);
        from..to.max(from)
    }

    /// The sentences that lie wholly inside `range`, as [`Document::sentences_in`] finds them,
    /// each with its words: found when the document was built, so that walking every
    /// sentence's words costs no search.
    pub fn sentences_with_words(
        &self,
        range: Range<usize>,
    ) -> impl Iterator<Item = (&Range<usize>, &[Range<usize>])> {
        self.sentence_indices_in(range).map(|i| (&self.sentences[i], self.sentence_words(i)))
    }

    /// The sentences of the paragraph at `index` of [`Document::paragraphs`], each with its
    /// words, as [`Document::sentences_with_words`] finds them for the paragraph's range:
    /// kept from when the document was built, so that walking every paragraph's sentences
    /// costs no search.
    pub fn paragraph_sentences_with_words(
        &self,
        index: usize,
    ) -> impl Iterator<Item = (&Range<usize>, &[Range<usize>])> {
        self.paragraph_sentences[index]
            .clone()
            .map(|i| (&self.sentences[i], self.sentence_words(i)))
    }

    /// The words of the paragraph at `index` of [`Document::paragraphs`].
    pub fn paragraph_words(&self, index: usize) -> &[Range<usize>] {
        &self.words[self.paragraph_words[index].clone()]
    }

    /// The words of the sentence at `index` of [`Document::sentences`].
    pub fn sentence_words(&self, index: usize) -> &[Range<usize>] {
        &self.words[self.sentence_word_indices(index)]
    }

    /// The indices in [`Document::words`] of the words of the sentence at `index`.
    pub fn sentence_word_indices(&self, index: usize) -> Range<usize> {
        self.sentence_words[index].clone()
    }

    /// Words (Unicode word boundaries, words with at least one letter or digit), in order.
    pub fn words(&self) -> &[Range<usize>] {
        &self.words
    }

    /// The text rules match against: the NFC form of the prose where it is not NFC.
    pub fn matching_text(&self) -> &str {
        match &self.nfc {
            Some(view) => view.text(),
            None => self.text(),
        }
    }

    /// Maps a byte range of [`Document::matching_text`] to a byte range of the prose.
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

    /// A range of the prose.
    pub fn slice(&self, range: Range<usize>) -> &str {
        &self.text()[range]
    }

    /// A value derived from the document: `build` runs on the first request for the type `T`
    /// and every later request shares its result. Give each kind of value its own type.
    pub fn derived<T: Any + Send + Sync>(&self, build: impl FnOnce(&Document) -> T) -> Arc<T> {
        let find = |entries: &[(TypeId, Arc<dyn Any + Send + Sync>)]| {
            entries
                .iter()
                .find(|(id, _)| *id == TypeId::of::<T>())
                .and_then(|(_, value)| Arc::clone(value).downcast::<T>().ok())
        };
        if let Some(found) = find(&self.derived.0.lock().unwrap_or_else(|e| e.into_inner())) {
            return found;
        }
        // Built without the lock held, so that `build` may ask for other derived values.
        let built = Arc::new(build(self));
        let mut entries = self.derived.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = find(&entries) {
            return found;
        }
        entries.push((TypeId::of::<T>(), built.clone()));
        built
    }
}

/// For each of a list of sorted, disjoint ranges (sentences, paragraphs), the range of indices
/// of the words that start inside it, in one walk over both lists. A word at a time: a
/// sentence has some twenty, and a search by halves mispredicts at nearly every step.
fn words_of_each(parts: &[Range<usize>], words: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(parts.len());
    let starts_before = |i: usize, offset: usize| words.get(i).is_some_and(|w| w.start < offset);
    let mut next = 0;
    for part in parts {
        while starts_before(next, part.start) {
            next += 1;
        }
        let from = next;
        while starts_before(next, part.end) {
            next += 1;
        }
        out.push(from..next);
    }
    out
}

/// For each paragraph, the range of indices of the words that start inside it, from those of
/// its sentences (`paragraph_sentences` gives each paragraph's indices in `sentence_words`):
/// sentences hold all of a paragraph but white space, where a word seldom starts.
fn words_of_paragraphs(
    paragraphs: &[Range<usize>],
    paragraph_sentences: &[Range<usize>],
    sentence_words: &[Range<usize>],
    words: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(paragraphs.len());
    for (paragraph, sentences) in paragraphs.iter().zip(paragraph_sentences) {
        let (mut from, mut to) = match (sentences.clone().next(), sentences.clone().next_back()) {
            (Some(first), Some(last)) => (sentence_words[first].start, sentence_words[last].end),
            _ => {
                let from = words.partition_point(|w| w.start < paragraph.start);
                (from, from)
            }
        };
        while from > 0 && words[from - 1].start >= paragraph.start {
            from -= 1;
        }
        while to < words.len() && words[to].start < paragraph.end {
            to += 1;
        }
        out.push(from..to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sentence_knows_its_words() {
        let text = "Mayor Ruth Okafor spoke. The bridge, closed in 2023, reopens! \u{201c}Finally,\u{201d} said one.\n\nA new paragraph (with brackets) ends here...";
        let doc = Document::new(text);
        // The words that start inside a range, by search.
        let words_in = |range: &Range<usize>| {
            let words = doc.words();
            let from = words.partition_point(|w| w.start < range.start);
            &words[from..words.partition_point(|w| w.start < range.end)]
        };
        assert!(doc.sentences().len() >= 4);
        for (index, sentence) in doc.sentences().iter().enumerate() {
            assert_eq!(doc.sentence_words(index), words_in(sentence));
        }
        for (index, paragraph) in doc.paragraphs().iter().enumerate() {
            assert_eq!(doc.paragraph_words(index), words_in(paragraph));
            let with_words: Vec<_> = doc.sentences_with_words(paragraph.clone()).collect();
            let expected: Vec<_> =
                doc.sentences_in(paragraph.clone()).iter().map(|s| (s, words_in(s))).collect();
            assert_eq!(with_words, expected);
            assert_eq!(doc.paragraph_sentences_with_words(index).collect::<Vec<_>>(), expected);
        }
    }

    /// The words that start inside `range`, by binary search over all of them.
    fn words_by_search<'a>(doc: &'a Document, range: &Range<usize>) -> &'a [Range<usize>] {
        let words = doc.words();
        let from = words.partition_point(|w| w.start < range.start);
        &words[from..words.partition_point(|w| w.start < range.end)]
    }

    proptest::proptest! {
        /// The words of each sentence and paragraph, found by doubling steps and from the
        /// sentences, are those a search finds.
        #[test]
        fn words_of_sentences_and_paragraphs_are_found_as_by_search(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("Mayor"), proptest::strategy::Just("a1"),
                    proptest::strategy::Just(" "), proptest::strategy::Just(" "),
                    proptest::strategy::Just("\n"), proptest::strategy::Just("\n\n"),
                    proptest::strategy::Just(". "), proptest::strategy::Just("! "),
                    proptest::strategy::Just("\u{202f}"), proptest::strategy::Just("\u{a0}"),
                    proptest::strategy::Just("Mr. "), proptest::strategy::Just("(é)"),
                    proptest::strategy::Just("..."), proptest::strategy::Just("\u{3000}"),
                ],
                0..60,
            )
        ) {
            let doc = Document::new(pieces.concat());
            for (index, sentence) in doc.sentences().iter().enumerate() {
                proptest::prop_assert_eq!(doc.sentence_words(index), words_by_search(&doc, sentence));
            }
            for (index, paragraph) in doc.paragraphs().iter().enumerate() {
                proptest::prop_assert_eq!(
                    doc.paragraph_words(index),
                    words_by_search(&doc, paragraph)
                );
                proptest::prop_assert_eq!(
                    doc.paragraph_sentences_with_words(index).collect::<Vec<_>>(),
                    doc.sentences_with_words(paragraph.clone()).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn derived_values_are_built_once_per_type_and_document() {
        struct Count(usize);
        struct Words(usize);
        let doc = Document::new("One two three.");
        let calls = std::cell::Cell::new(0);
        let build = |d: &Document| {
            calls.set(calls.get() + 1);
            Count(d.words().len())
        };
        assert_eq!(doc.derived(build).0, 3);
        assert_eq!(doc.derived(build).0, 3);
        assert_eq!(calls.get(), 1);
        // Another type is another value, and may be built from the first.
        let words = doc.derived(|d| Words(d.derived(build).0 * 10));
        assert_eq!(words.0, 30);
        assert_eq!(calls.get(), 1);
        // Another document builds its own.
        let other = Document::new("Four five.");
        assert_eq!(other.derived(build).0, 2);
        assert_eq!(calls.get(), 2);
    }
}
