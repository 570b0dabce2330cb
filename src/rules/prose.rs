//! Facts about words in running prose shared by the machine-translation kinds: casing, function
//! words, headline-like paragraphs, and the words of a sentence with what separates them.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

use crate::document::Document;

/// "Launched", "A": a capital followed by no other capital.
pub fn is_titlecase(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
}

/// "the", "midfielder": starts with a lower-case letter.
pub fn starts_lowercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// "THE", "CNN": two or more letters, none lower case.
pub fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Closed-class words: articles, pronouns, prepositions, conjunctions, auxiliaries and a few
/// adverbs. Capitalized in the middle of a sentence, and not followed by another capital, they
/// are almost never part of a name.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "after", "against", "along", "also", "although", "among", "an", "and",
    "are", "around", "as", "at", "be", "because", "been", "before", "being", "between", "both",
    "but", "by", "could", "did", "do", "does", "during", "either", "even", "for", "from", "had",
    "has", "have", "he", "her", "hers", "him", "his", "how", "however", "if", "in", "into", "is",
    "it", "its", "just", "neither", "nor", "not", "of", "on", "only", "onto", "or", "our", "over",
    "she", "should", "since", "so", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "though", "through", "to", "too", "toward",
    "towards", "under", "until", "upon", "very", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "with", "within", "without", "would",
    "yet", "you", "your",
];

pub fn is_function_word(lower: &str) -> bool {
    // Asked of most words of a text: a hash lookup is several times cheaper than a binary
    // search that compares strings.
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    // Most other words are ruled out by their first two letters, before any hashing.
    lower.len() <= LONGEST_FUNCTION_WORD
        && function_word_start(lower.as_bytes())
        && SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect()).contains(lower)
}

/// Whether a word is a single byte, or starts with two lower-case ASCII letters that some
/// function word starts with.
fn function_word_start(word: &[u8]) -> bool {
    static STARTS: TwoLetterStarts = TwoLetterStarts::of(FUNCTION_WORDS);
    word.len() == 1 || STARTS.may_start(word)
}

/// The first two letters of a list of lower-case ASCII words, as a bit for each second letter
/// under each first: one load tells most words from all of the list's, where a hash lookup
/// reads and hashes the word.
pub struct TwoLetterStarts([u32; 26]);

impl TwoLetterStarts {
    /// The starts of `words` (words shorter than two letters add none).
    pub const fn of(words: &[&str]) -> Self {
        let mut table = [0u32; 26];
        let mut i = 0;
        while i < words.len() {
            let bytes = words[i].as_bytes();
            if bytes.len() >= 2 {
                table[(bytes[0] - b'a') as usize] |= 1 << (bytes[1] - b'a');
            }
            i += 1;
        }
        TwoLetterStarts(table)
    }

    /// Whether `word` starts with two lower-case ASCII letters that some word of the list
    /// starts with.
    pub fn may_start(&self, word: &[u8]) -> bool {
        match word {
            [first @ b'a'..=b'z', second @ b'a'..=b'z', ..] => {
                self.0[usize::from(first - b'a')] & 1 << (second - b'a') != 0
            }
            _ => false,
        }
    }
}

/// The bytes a word may have to be put in lower case on the stack by [`lowercase_in`].
pub const STACK_WORD_BYTES: usize = 32;

/// `word` in lower case, as `str::to_lowercase` gives it: written into `buffer` when the
/// word is short ASCII, which most words are, and allocated only otherwise.
pub fn lowercase_in<'a>(word: &'a str, buffer: &'a mut [u8; STACK_WORD_BYTES]) -> Cow<'a, str> {
    if !word.is_ascii() || word.len() > STACK_WORD_BYTES {
        return Cow::Owned(word.to_lowercase());
    }
    let lower = &mut buffer[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    Cow::Borrowed(std::str::from_utf8(lower).expect("ASCII in lower case is UTF-8"))
}

/// The byte length of the longest of [`FUNCTION_WORDS`].
const LONGEST_FUNCTION_WORD: usize = 8;

/// Words that make the next capitalized word the head of a name or title ("the Senate",
/// "his Government"), so a capital after them is no evidence of a glitch.
pub fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "my"
            | "your"
            | "whose"
    )
}

/// A stretch of text (a paragraph or a sentence) that reads as a headline, a caption or a list
/// of names rather than prose: it does not end like a sentence, or most of its longer words
/// are capitalized. `words` are the words of `range`, as ranges of `text`.
pub fn is_headline_like(text: &str, range: Range<usize>, words: &[Range<usize>]) -> bool {
    let trimmed = text[range].trim_end();
    let ends_like_sentence = trimmed.ends_with(['.', '!', '?', '…', '"', '”', '’', ')', ':']);
    if !ends_like_sentence && words.len() < 25 {
        return true;
    }
    title_case_share(text, words) > 0.6
}

/// For each paragraph of a document, whether it has words and reads as a headline
/// ([`is_headline_like`]).
pub struct HeadlineParagraphs(pub Vec<bool>);

/// The document's [`HeadlineParagraphs`], worked out once for the rules that pass headlines
/// over.
pub fn headline_paragraphs(doc: &Document) -> Arc<HeadlineParagraphs> {
    doc.derived(|doc| {
        let text = doc.text();
        let headlines = doc.paragraphs().iter().enumerate().map(|(index, paragraph)| {
            let words = doc.paragraph_words(index);
            !words.is_empty() && is_headline_like(text, paragraph.clone(), words)
        });
        HeadlineParagraphs(headlines.collect())
    })
}

/// The share of words of four or more letters that are capitalized.
pub fn title_case_share(text: &str, words: &[Range<usize>]) -> f64 {
    let (mut long, mut capitalized) = (0usize, 0usize);
    for range in words {
        // Four characters or more; fewer bytes than that cannot hold four, and four ASCII
        // bytes (read as one number) are four characters. Words are decoded only when they
        // start outside ASCII.
        let bytes = &text.as_bytes()[range.clone()];
        let Some(head) = bytes.first_chunk::<4>() else { continue };
        let ascii_head = u32::from_le_bytes(*head) & 0x8080_8080 == 0;
        if ascii_head || text[range.clone()].chars().nth(3).is_some() {
            long += 1;
            let upper = if bytes[0].is_ascii() {
                bytes[0].is_ascii_uppercase()
            } else {
                text[range.clone()].chars().next().is_some_and(char::is_uppercase)
            };
            capitalized += usize::from(upper);
        }
    }
    if long == 0 {
        return 0.0;
    }
    capitalized as f64 / long as f64
}

/// Tracks open quotation marks through a sentence, word by word, in one pass.
#[derive(Debug)]
pub struct QuoteTracker {
    scanned_to: usize,
    curly: isize,
    straight: usize,
}

impl QuoteTracker {
    pub fn new(sentence_start: usize) -> Self {
        QuoteTracker { scanned_to: sentence_start, curly: 0, straight: 0 }
    }

    /// Whether a quotation opened before `at` is still open; `at` must not go backwards.
    pub fn inside_at(&mut self, text: &str, at: usize) -> bool {
        if at > self.scanned_to {
            // The marks are `"` and characters that start with the bytes 0xC2 (`«`, `»`) and
            // 0xE2 (`“`, `”`, `„`): only those bytes are looked at.
            let bytes = &text.as_bytes()[self.scanned_to..at];
            for i in memchr::memchr3_iter(b'"', 0xC2, 0xE2, bytes) {
                match &bytes[i..] {
                    [b'"', ..] => self.straight += 1,
                    [0xC2, 0xAB, ..] | [0xE2, 0x80, 0x9C | 0x9E, ..] => self.curly += 1,
                    [0xC2, 0xBB, ..] | [0xE2, 0x80, 0x9D, ..] => self.curly -= 1,
                    _ => {}
                }
            }
            self.scanned_to = at;
        }
        self.curly > 0 || self.straight % 2 == 1
    }
}

/// The last character of `gap` that is not white space.
pub fn last_mark(gap: &str) -> Option<char> {
    gap.chars().rev().find(|c| !c.is_whitespace())
}

/// Opening quotes and brackets, dashes, colons and list or label separators: marks after
/// which a capital is expected.
pub fn licenses_capital(mark: char) -> bool {
    matches!(
        mark,
        ':' | ';'
            | '“'
            | '‘'
            | '"'
            | '\''
            | '«'
            | '„'
            | '('
            | '['
            | '{'
            | '—'
            | '–'
            | '-'
            | '|'
            | '/'
            | '•'
            | '·'
            | '*'
            | '>'
            | '»'
            | '='
            | '+'
            | '&'
            | '.'
            | '!'
            | '?'
            | '…'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    /// The character walk that the byte search of `QuoteTracker::inside_at` stands in for.
    fn inside_by_characters(text: &str, at: usize) -> bool {
        let (mut curly, mut straight) = (0isize, 0usize);
        for c in text[..at].chars() {
            match c {
                '“' | '«' | '„' => curly += 1,
                '”' | '»' => curly -= 1,
                '"' => straight += 1,
                _ => {}
            }
        }
        curly > 0 || straight % 2 == 1
    }

    proptest::proptest! {
        #[test]
        fn function_words_are_as_listed(word in "[a-zA-Zé]{0,9}") {
            proptest::prop_assert_eq!(is_function_word(&word), FUNCTION_WORDS.contains(&&*word));
        }

        #[test]
        fn listed_function_words_are_found(index in 0..FUNCTION_WORDS.len()) {
            proptest::prop_assert!(is_function_word(FUNCTION_WORDS[index]));
        }

        #[test]
        fn quotes_are_tracked_as_by_characters(
            text in "[a \"“”«»„‘’–—é€ª]{0,40}",
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts
                .into_iter()
                .map(|c| {
                    let mut at = c.min(text.len());
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    at
                })
                .collect();
            cuts.sort_unstable();
            let mut tracker = QuoteTracker::new(0);
            for at in cuts {
                proptest::prop_assert_eq!(tracker.inside_at(&text, at), inside_by_characters(&text, at));
            }
        }
    }

    #[test]
    fn title_case_share_counts_characters_not_bytes() {
        let doc = Document::new("Élan éclat Ünal abc ÉÉ Straße Zoë izé Über café The");
        // Four characters or more: Élan, éclat, Ünal, Straße, Über, café; capitalized:
        // Élan, Ünal, Straße, Über.
        assert_eq!(title_case_share(doc.text(), doc.words()), 4.0 / 6.0);
    }

    #[test]
    fn function_words_are_sorted_and_found() {
        let mut sorted = FUNCTION_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, FUNCTION_WORDS);
        let longest = FUNCTION_WORDS.iter().map(|w| w.len()).max();
        assert_eq!(longest, Some(LONGEST_FUNCTION_WORD));
        assert!(FUNCTION_WORDS.iter().all(|w| is_function_word(w)));
        // The table of starts reads words as lower-case ASCII letters.
        assert!(FUNCTION_WORDS.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
        assert!(!is_function_word("drone"));
        assert!(!is_function_word("Also"));
    }

    #[test]
    fn lowercase_in_a_buffer_is_to_lowercase() {
        let long = "A".repeat(STACK_WORD_BYTES + 1);
        for word in ["Senate", "NASA", "the", "", "Élysée", "İstanbul", "ΣΟΦΙΑ", long.as_str()]
        {
            let mut buffer = [0u8; STACK_WORD_BYTES];
            assert_eq!(lowercase_in(word, &mut buffer), word.to_lowercase(), "{word}");
        }
    }

    #[test]
    fn casing_predicates() {
        assert!(is_titlecase("Launched"));
        assert!(is_titlecase("A"));
        assert!(!is_titlecase("McDonald"));
        assert!(!is_titlecase("launched"));
        assert!(is_all_caps("THE"));
        assert!(!is_all_caps("A"));
        assert!(starts_lowercase("the"));
    }

    #[test]
    fn headlines_are_recognised() {
        let doc = Document::new("Markets Fall Sharply In Asia As Oil Prices Climb");
        assert!(is_headline_like(doc.text(), 0..doc.text().len(), doc.words()));
        let doc = Document::new(
            "Officials said on Monday that the bridge would reopen after repairs to its piers.",
        );
        assert!(!is_headline_like(doc.text(), 0..doc.text().len(), doc.words()));
    }

    #[test]
    fn open_quotations() {
        let text = "He said “the plan was fine” and “then";
        let mut quotes = QuoteTracker::new(0);
        assert!(!quotes.inside_at(text, text.find("said").unwrap()));
        assert!(quotes.inside_at(text, text.find("plan").unwrap()));
        assert!(!quotes.inside_at(text, text.find("and").unwrap()));
        assert!(quotes.inside_at(text, text.len()));
    }
}
