//! Facts about words in running prose shared by the machine-translation kinds: casing, function
//! words, headline-like paragraphs, and the words of a sentence with what separates them.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

use crate::document::Document;

/// "Launched", "A": a capital followed by no other capital.
pub fn is_titlecase(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    if !first.is_ascii() {
        return is_titlecase_by_characters(word);
    }
    // An ASCII letter is upper case as a character exactly when it is as a byte; the
    // characters are decoded only from the first byte outside ASCII on.
    if !first.is_ascii_uppercase() {
        return false;
    }
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if !b.is_ascii() {
            return !word[i..].chars().any(char::is_uppercase);
        }
        if b.is_ascii_uppercase() {
            return false;
        }
    }
    true
}

/// [`is_titlecase`], a character at a time.
fn is_titlecase_by_characters(word: &str) -> bool {
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

/// False when `word`, ASCII in title case ("Smith", "The"), is surely no function word once
/// put in lower case: a table load and a few compares, before the word is copied to be
/// lower-cased.
pub fn may_be_capitalized_function_word(word: &[u8]) -> bool {
    match word {
        [] => false,
        [_] => true,
        [first, second, ..] => {
            word.len() <= LONGEST_FUNCTION_WORD
                && function_word_start(&[first.to_ascii_lowercase(), *second])
        }
    }
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

/// `word` in lower case, as `str::to_lowercase` gives it, written into `out`: ASCII words,
/// which most are, are copied and lower-cased in place, with no allocation once `out` has
/// grown and no check that the bytes are UTF-8.
pub fn lowercase_into<'a>(word: &str, out: &'a mut String) -> &'a str {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
    out
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
    title_case_share_exceeds(text, words, 0.6)
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

/// Whether [`title_case_share`] is above `threshold`, settled as soon as the words left could
/// no longer take it there: most paragraphs are prose, whose share is low long before their
/// last word.
pub fn title_case_share_exceeds(text: &str, words: &[Range<usize>], threshold: f64) -> bool {
    // Words looked at between two tests of the bound.
    const STRIDE: usize = 32;
    let (mut long, mut capitalized) = (0usize, 0usize);
    for (done, chunk) in words.chunks(STRIDE).enumerate() {
        let (chunk_long, chunk_capitalized) = long_and_capitalized(text, chunk);
        (long, capitalized) = (long + chunk_long, capitalized + chunk_capitalized);
        // At best every word left is long and capitalized; the share then only rises (it is
        // at most one), and a rounded quotient keeps the order of the exact ones.
        let left = words.len().saturating_sub((done + 1) * STRIDE);
        if left > 0 && (capitalized + left) as f64 / (long + left) as f64 <= threshold {
            return false;
        }
    }
    long > 0 && capitalized as f64 / long as f64 > threshold
}

/// The share of words of four or more letters that are capitalized.
pub fn title_case_share(text: &str, words: &[Range<usize>]) -> f64 {
    let (long, capitalized) = long_and_capitalized(text, words);
    if long == 0 {
        return 0.0;
    }
    capitalized as f64 / long as f64
}

/// The words of four or more letters, and how many of them are capitalized.
fn long_and_capitalized(text: &str, words: &[Range<usize>]) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut long, mut capitalized) = (0usize, 0usize);
    for range in words {
        // Four characters or more: fewer bytes than four cannot hold them ("the", "of" are
        // passed over unread), and four ASCII bytes (read as one number) are four characters.
        // Words are decoded only when they start outside ASCII.
        // Words are never empty: the difference is their length, with none of the tests of
        // `Range::len` for a range that runs backwards.
        if range.end - range.start < 4 {
            continue;
        }
        let Some(head) = bytes[range.start..].first_chunk::<4>() else { continue };
        if u32::from_le_bytes(*head) & 0x8080_8080 == 0 {
            long += 1;
            capitalized += usize::from(head[0].is_ascii_uppercase());
        } else {
            let mut chars = text[range.clone()].chars();
            let first = chars.next();
            if chars.nth(2).is_some() {
                long += 1;
                capitalized += usize::from(first.is_some_and(char::is_uppercase));
            }
        }
    }
    (long, capitalized)
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

    /// The share of four-character words that start with a capital, a character at a time:
    /// what the byte tests of `title_case_share` stand in for.
    fn title_case_share_by_characters(text: &str, words: &[Range<usize>]) -> f64 {
        let long: Vec<&str> =
            words.iter().map(|r| &text[r.clone()]).filter(|w| w.chars().count() >= 4).collect();
        if long.is_empty() {
            return 0.0;
        }
        let capitalized =
            long.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
        capitalized as f64 / long.len() as f64
    }

    proptest::proptest! {
        #[test]
        fn titlecase_is_as_by_characters(word in "[aAzZéÉßΣ'’.0-9]{0,6}") {
            proptest::prop_assert_eq!(is_titlecase(&word), is_titlecase_by_characters(&word));
        }

        #[test]
        fn title_case_share_is_as_by_characters(text in "[aAbZéÉÜßσΣ’ ]{0,40}") {
            let doc = Document::new(text.as_str());
            proptest::prop_assert_eq!(
                title_case_share(doc.text(), doc.words()),
                title_case_share_by_characters(doc.text(), doc.words())
            );
        }

        /// The share's test with its early answer is the share compared, for stretches long
        /// enough to be cut short.
        #[test]
        fn title_case_share_exceeds_as_the_share_does(
            words in proptest::collection::vec("[a-zA-Z]{1,6}|[A-Z][a-z]{3,5}|É[a-z]{3}", 0..120),
            threshold in proptest::sample::select(vec![0.0, 0.5, 0.6, 0.75, 1.0]),
        ) {
            let doc = Document::new(words.join(" "));
            let (text, words) = (doc.text(), doc.words());
            proptest::prop_assert_eq!(
                title_case_share_exceeds(text, words, threshold),
                title_case_share(text, words) > threshold
            );
        }

        #[test]
        fn function_words_are_as_listed(word in "[a-zA-Zé]{0,9}") {
            proptest::prop_assert_eq!(is_function_word(&word), FUNCTION_WORDS.contains(&&*word));
        }

        #[test]
        fn capitalized_function_words_pass_the_cheap_test(word in "[A-Z][a-z]{0,9}") {
            if is_function_word(&word.to_lowercase()) {
                proptest::prop_assert!(may_be_capitalized_function_word(word.as_bytes()));
            }
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
    fn lowercase_into_is_to_lowercase() {
        let mut out = String::from("left over");
        for word in ["Senate", "NASA", "the", "", "Élysée", "İstanbul", "ΣΟΦΙΑ"] {
            assert_eq!(lowercase_into(word, &mut out), word.to_lowercase(), "{word}");
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
