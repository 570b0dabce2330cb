//! `untranslated`: text left in another language inside an English document.
//!
//! Three signals are combined, because each alone cries wolf on names: an English lexicon
//! (a word that is not English), the foreign function words of the rule (`markers`: "della",
//! "und", "que", "les"), and a language identifier that confirms longer runs. Capitalized words
//! count as names and weigh nothing, so "Alexandre de Moraes" or "Banco do Brasil" never make a
//! run. Runs of non-Latin words (Arabic, Cyrillic, CJK) are reported as well, unless they only
//! gloss the word before them in parentheses. A foreign article before a name that the same
//! document also writes with "the" ("La Vinotinto" beside "the Vinotinto") is reported too.

use std::borrow::Cow;
use std::cell::RefCell;

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};
use whatlang::Lang;

mod identify;

pub use identify::english_trigram_weights;

use super::compile::Compiler;
use super::spec::RuleSpec;
use super::{Check, Finding, PackError};
use crate::document::bytes::{HIGH, ONES, is_ascii_white_space};
use crate::document::{Document, word_ranges};
use crate::lexicon;

pub const KEYS: &[&str] = &["min_words", "min_confidence", "markers", "allow"];

/// The share of lower-case words that must be English before a document is judged at all.
const MIN_ENGLISH_SHARE: f64 = 0.7;
/// The longest ASCII words the lexicon answers for from its table of short words, at a
/// fraction of the cost of the others.
const LEXICON_TABLE_BYTES: usize = 6;
/// A quotation of at most this many words is a title, a slogan or a term, not a passage.
const SHORT_QUOTE_WORDS: usize = 5;
/// A run covering this share of its sentence's words is reported as the whole sentence.
const SENTENCE_SHARE: f64 = 0.6;
/// Non-Latin letters in a row, in scripts written without spaces, that make a passage.
const MIN_UNSPACED_LETTERS: usize = 5;

/// Languages the identifier chooses among: English and the usual sources of translated news.
const LANGUAGES: &[Lang] =
    &[Lang::Eng, Lang::Por, Lang::Spa, Lang::Fra, Lang::Deu, Lang::Ita, Lang::Nld, Lang::Cat];

/// Articles that stand before a club, team or party name in the source languages; each
/// opens with an ASCII capital.
const ARTICLES: &[&str] =
    &["La", "El", "Los", "Las", "Le", "Les", "Il", "Lo", "Gli", "Der", "Die", "Das"];

/// The length in bytes of the longest of [`ARTICLES`].
const LONGEST_ARTICLE: usize = 3;

/// Names that English writes with their own article, even beside "the Liga MX".
const ENGLISH_ARTICLE_NAMES: &[(&str, &str)] = &[
    ("La", "Liga"),
    ("Le", "Monde"),
    ("Le", "Figaro"),
    ("Le", "Pen"),
    ("El", "País"),
    ("El", "Mundo"),
    ("La", "Repubblica"),
    ("La", "Stampa"),
    ("Der", "Spiegel"),
    ("Die", "Zeit"),
    ("Die", "Welt"),
    ("Die", "Linke"),
    ("La", "Scala"),
    ("La", "Paz"),
    ("Le", "Mans"),
    ("Le", "Havre"),
];

/// Elided articles and pronouns: "l'", "dell'", "un'", "qu'".
const ELISIONS: &[&str] = &[
    "l", "d", "dell", "dall", "nell", "sull", "all", "coll", "un", "qu", "j", "c", "s", "n",
    "quell", "quest",
];

/// The identifier's answers (see [`Untranslated::foreign_language`]) to one confidence, by
/// text.
type AnswersByText = FxHashMap<Box<str>, Option<Lang>>;

/// Bracket pairs whose content is weighed on its own.
const BRACKETS: &[(char, char)] = &[('(', ')'), ('[', ']')];
/// Quotation marks, opening and closing.
const QUOTES: &[(char, char)] = &[('“', '”'), ('«', '»'), ('„', '“'), ('"', '"'), ('‘', '’')];

#[derive(Debug)]
pub struct Untranslated {
    min_words: usize,
    min_confidence: f64,
    /// Single-word markers, lower case, NFC.
    markers: FxHashSet<String>,
    /// Markers of several words, as lower-case word lists.
    marker_phrases: Vec<Vec<String>>,
    /// Accepted words and phrases (loans such as "de facto"), as lower-case word lists keyed by
    /// their first word.
    allow: FxHashMap<String, Vec<Vec<String>>>,
    /// Normalized words that may be strong evidence: markers that are no common English
    /// words, and the first words of marker phrases.
    strong_openers: FxHashSet<String>,
    /// Byte length of the longest ASCII word of `strong_openers`.
    longest_ascii_opener: usize,
    /// The shapes of the ASCII words of `strong_openers`.
    opener_shapes: ShapeFilter,
    /// The short ASCII words of `strong_openers`, and the common English words.
    word_kinds: WordKinds,
    /// The shapes of the markers and of the first words of `allow`: most words are neither,
    /// and are passed over on their shape before they are hashed.
    marker_shapes: ShapeFilter,
    allow_shapes: ShapeFilter,
}

pub fn compile(spec: &RuleSpec, compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(build(spec, compiler)?))
}

fn build(spec: &RuleSpec, compiler: &Compiler) -> Result<Untranslated, PackError> {
    let min_words = spec.min_words.as_ref().map_or(2, |v| *v.get_ref() as usize).max(1);
    let min_confidence = match &spec.min_confidence {
        Some(value) if !(0.0..=1.0).contains(value.get_ref()) => {
            return Err(compiler
                .error("`min_confidence` must lie between 0 and 1")
                .at(value.span(), "out of range"));
        }
        Some(value) => *value.get_ref(),
        None => 0.5,
    };
    let mut markers = FxHashSet::default();
    let mut marker_phrases = Vec::new();
    for marker in spec.markers.iter().flat_map(|list| list.get_ref()) {
        let words = phrase_words(marker.get_ref());
        match words.len() {
            0 => {
                return Err(compiler
                    .error("empty marker")
                    .at(marker.span(), "a marker needs a word"));
            }
            1 => {
                markers.insert(words.into_iter().next().unwrap_or_default());
            }
            _ => marker_phrases.push(words),
        }
    }
    let mut allow: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
    for entry in spec.allow.iter().flat_map(|list| list.get_ref()) {
        let words = phrase_words(entry.get_ref());
        let Some(first) = words.first().cloned() else {
            return Err(compiler
                .error("empty `allow` entry")
                .at(entry.span(), "an entry needs a word"));
        };
        allow.entry(first).or_default().push(words);
    }
    // What `classify` can weigh as strong evidence: a marker of two letters or more that is
    // no common English word, or a marker phrase.
    let mut strong_openers: FxHashSet<String> = markers
        .iter()
        .filter(|m| m.chars().count() > 1 && english_tier(m).is_none_or(|tier| tier > 2))
        .cloned()
        .collect();
    strong_openers.extend(marker_phrases.iter().filter_map(|phrase| phrase.first().cloned()));
    let longest_ascii_opener =
        strong_openers.iter().filter(|w| w.is_ascii()).map(String::len).max().unwrap_or(0);
    Ok(Untranslated {
        min_words,
        min_confidence,
        marker_shapes: ShapeFilter::new(markers.iter()),
        allow_shapes: ShapeFilter::new(allow.keys()),
        markers,
        marker_phrases,
        allow,
        opener_shapes: ShapeFilter::new(strong_openers.iter().filter(|w| w.is_ascii())),
        word_kinds: WordKinds::new(
            strong_openers
                .iter()
                .map(|w| (w.as_str(), OPENER))
                .chain(COMMON_ENGLISH.iter().map(|w| (*w, COMMON))),
        ),
        strong_openers,
        longest_ascii_opener,
    })
}

/// The words of a phrase, lower case and NFC, split where documents split them.
fn phrase_words(phrase: &str) -> Vec<String> {
    // Most entries are one word of ASCII letters, which the segmenter would keep whole.
    if !phrase.is_empty() && phrase.bytes().all(|b| b.is_ascii_alphabetic()) {
        return vec![phrase.to_ascii_lowercase()];
    }
    segmented_words(phrase)
}

/// [`phrase_words`] through the segmenter, whatever the phrase.
fn segmented_words(phrase: &str) -> Vec<String> {
    // The document's segmenter, which splits words as `unicode_words` does and is fast on
    // ASCII: this runs for every entry of the lists at each start.
    let nfc: Cow<str> = if is_nfc(phrase) { Cow::Borrowed(phrase) } else { phrase.nfc().collect() };
    word_ranges(&nfc).into_iter().map(|w| normalize_word(&nfc[w])).collect()
}

/// Lower case, NFC, typographic apostrophes made straight.
fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// Appends the normalized form of `word` (see [`normalize_word`]) to `out`.
fn normalize_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    // Most words are already NFC, and composing them is most of the cost of the rest.
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        push_lower_case(word.chars(), out);
    } else {
        push_lower_case(word.nfc(), out);
    }
}

/// Appends the lower case of `chars` to `out`, typographic apostrophes made straight.
fn push_lower_case(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        // Most letters of a word past ASCII are ASCII still, and lower-cased in place.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\u{2019}' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The normalized forms (see [`normalize_word`]) of a sentence's words. A word of ASCII
/// characters without a capital, as most are, is its own normal form and is read from the
/// text; the others are written into one buffer.
struct NormalizedWords<'t> {
    text: &'t str,
    buffer: String,
    /// Each word's form: a range of the text, or of the buffer when the flag is set.
    forms: Vec<(Range<usize>, bool)>,
}

impl<'t> NormalizedWords<'t> {
    /// The forms of `words`, whose [`byte_flags`] are `flags` (other bits set are ignored).
    fn new(text: &'t str, words: &[Range<usize>], flags: &[u8]) -> Self {
        let mut buffer = String::new();
        let forms = words
            .iter()
            .zip(flags)
            .map(|(range, &flags)| {
                if flags & (NON_ASCII | UPPER) == 0 {
                    return (range.clone(), false);
                }
                let start = buffer.len();
                normalize_into(&text[range.clone()], &mut buffer);
                (start..buffer.len(), true)
            })
            .collect();
        NormalizedWords { text, buffer, forms }
    }

    fn get(&self, index: usize) -> &str {
        let (range, in_buffer) = &self.forms[index];
        if *in_buffer { &self.buffer[range.clone()] } else { &self.text[range.clone()] }
    }

    /// Whether the words from `index` on begin with `phrase`.
    fn starts_with(&self, index: usize, phrase: &[String]) -> bool {
        index + phrase.len() <= self.forms.len()
            && phrase.iter().enumerate().all(|(k, word)| self.get(index + k) == word)
    }
}

/// The words of a sentence that `Untranslated` classifies (those of no non-Latin script),
/// with what classifying any one of them asks about the others.
struct SentenceWords<'t> {
    text: &'t str,
    ranges: Vec<Range<usize>>,
    /// The flags of each word ([`byte_flags`], with [`english_document`]'s marks).
    flags: Vec<u8>,
    lower: NormalizedWords<'t>,
    /// The classes that accepted loans and multi-word markers decide, for whole phrases.
    phrase_classes: Vec<Option<Class>>,
}

impl<'t> SentenceWords<'t> {
    /// The words of `sentence`; `word_flags` holds the flags of every word of the document,
    /// marked as [`english_document`] marks them (a marker phrase is looked for only from a
    /// word marked [`MAY_BE_STRONG`]).
    fn new(
        rule: &Untranslated,
        doc: &'t Document,
        word_flags: &[u8],
        sentence: Range<usize>,
    ) -> Self {
        let text = doc.text();
        let first = doc.words().partition_point(|w| w.start < sentence.start);
        let words = &doc.words()[first..];
        // As many words as the sentence has at most, allocated once.
        let most = words.partition_point(|w| w.end <= sentence.end);
        let (mut ranges, mut flags) = (Vec::with_capacity(most), Vec::with_capacity(most));
        for (range, &word_flags) in
            words.iter().zip(&word_flags[first..]).take_while(|(w, _)| w.end <= sentence.end)
        {
            // An ASCII word has no non-Latin letter: not decoded.
            if word_flags & NON_ASCII == 0 || !text[range.clone()].chars().any(is_non_latin_letter)
            {
                ranges.push(range.clone());
                flags.push(word_flags);
            }
        }
        let lower = NormalizedWords::new(text, &ranges, &flags);
        let mut phrase_classes: Vec<Option<Class>> = vec![None; ranges.len()];

        // Accepted loans and multi-word markers first: they decide whole phrases.
        for i in 0..ranges.len() {
            let word = lower.get(i);
            if let Some(phrases) =
                rule.allow_shapes.may_hold(word.as_bytes()).then(|| rule.allow.get(word)).flatten()
            {
                // The phrases open with this word ("in" opens a dozen: "in situ", "in vitro"),
                // and most are told apart by the next, read once.
                let next = (i + 1 < ranges.len()).then(|| lower.get(i + 1));
                for phrase in phrases {
                    if phrase.get(1).is_some_and(|second| next != Some(second.as_str())) {
                        continue;
                    }
                    if lower.starts_with(i + 1, &phrase[1..]) {
                        for class in &mut phrase_classes[i..i + phrase.len()] {
                            *class = Some(Class::Neutral);
                        }
                    }
                }
            }
            // A marker phrase opens with a word of `strong_openers`, which is marked.
            if flags[i] & MAY_BE_STRONG == 0 {
                continue;
            }
            for phrase in &rule.marker_phrases {
                if lower.starts_with(i, phrase)
                    && phrase_classes[i..i + phrase.len()].iter().all(Option::is_none)
                {
                    for class in &mut phrase_classes[i..i + phrase.len()] {
                        *class = Some(Class::Strong);
                    }
                }
            }
        }
        SentenceWords { text, ranges, flags, lower, phrase_classes }
    }

    /// Whether the word at `index` is capitalized; asked of a word as it is classified, and
    /// of the words after a marker.
    fn is_capitalized(&self, index: usize) -> bool {
        is_capitalized(&self.text[self.ranges[index].clone()])
    }

    fn is_marker(&self, rule: &Untranslated, index: usize) -> bool {
        rule.is_marker(self.lower.get(index))
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }

    /// The word at `index`, classified, inside the given bracket and quotation.
    fn token(
        &self,
        rule: &Untranslated,
        i: usize,
        bracket: Option<usize>,
        quote: Option<usize>,
    ) -> Token {
        let text = self.text;
        let range = &self.ranges[i];
        let word = &text[range.clone()];
        let initial = i == 0 || opens_clause(&text[self.ranges[i - 1].end..range.start]);
        let marker = self.is_marker(rule, i);
        // A marker whose next word (past other markers) is capitalized belongs to a name:
        // "de" in "Alexandre de Moraes", "della" in "Piero della Francesca".
        let before_name = || {
            let mut j = i + 1;
            while j < self.len() && self.is_marker(rule, j) && !self.is_capitalized(j) {
                j += 1;
            }
            j < self.len() && self.is_capitalized(j) && !self.is_marker(rule, j)
        };
        let class = if in_address(text, range)
            || is_hyphenated(text, range)
            || is_entity(text, range)
            || is_initial(text, range)
        {
            Class::Neutral
        } else {
            self.phrase_classes[i].unwrap_or_else(|| {
                rule.classify(
                    word,
                    self.lower.get(i),
                    marker,
                    self.is_capitalized(i),
                    initial,
                    &before_name,
                )
            })
        };
        Token { range: range.clone(), class, bracket, quote, marker }
    }
}

/// The English-word check, in one place: a word that English writes in lower case, with its
/// commonness tier (1 common … 3 rare).
fn english_tier(word_lower: &str) -> Option<u8> {
    lower_case_tier(lexicon::english().get(word_lower))
}

/// The tier of a lexicon entry when English writes the word in lower case.
fn lower_case_tier(entry: Option<lexicon::Entry>) -> Option<u8> {
    entry.filter(|e| e.lower).map(|e| e.tier)
}

/// Whether the lexicon knows the word in any case (names included).
fn is_known(word: &str) -> bool {
    lexicon::english().contains(word)
}

impl Check for Untranslated {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let Some(scripts) = english_document(doc, self.read_words(doc)) else {
            return;
        };
        if scripts.has_non_latin_words {
            self.non_latin_runs(doc, out);
        }
        // Only the sentences with a word that may be strong evidence (see
        // `may_hold_strong_evidence`): the sentences' words follow one another, as do those
        // marked.
        let mut strong = scripts.strong_words.iter().peekable();
        // Documents repeat sentences (a standing note, a bracket kept from the source), and
        // a sentence that stands alone (see `SentenceKey`) is judged the same wherever it
        // stands: its findings, as offsets into it, are kept by what it is made of.
        let mut judged: FxHashMap<SentenceKey, Vec<Range<usize>>> = FxHashMap::default();
        for (index, sentence) in doc.sentences().iter().enumerate() {
            let words = doc.sentence_word_indices(index);
            while strong.next_if(|&&i| i < words.start).is_some() {}
            if strong.peek().is_none_or(|&&i| i >= words.end) {
                continue;
            }
            let flags = &scripts.word_flags;
            let Some(key) = SentenceKey::new(doc, sentence, words, flags) else {
                self.check_sentence(doc, sentence.clone(), flags, out);
                continue;
            };
            let spans = judged.entry(key).or_insert_with(|| {
                let mut found = Vec::new();
                self.check_sentence(doc, sentence.clone(), flags, &mut found);
                found
                    .iter()
                    .map(|f| f.span.start - sentence.start..f.span.end - sentence.start)
                    .collect()
            });
            let at = |span: &Range<usize>| span.start + sentence.start..span.end + sentence.start;
            out.extend(spans.iter().map(|span| Finding::new(at(span))));
        }
        foreign_articles(doc, &scripts.article_candidates, out);
        out.sort_by_key(|f| (f.span.start, f.span.end));
        out.dedup_by(|a, b| a.span.start < b.span.end && b.span.start < a.span.end);
    }
}

/// What `check_sentence` reads of a sentence that stands alone: its text, and its words with
/// their flags (as offsets into it). A sentence stands alone when white space (or the edge of
/// the text) lies on both sides of it and it does not open with a parenthesis: what
/// `check_sentence` reads past a sentence's ends (the character on either side of it, the
/// text back to the white space before an address, the words before a parenthesis that may
/// gloss them) is then the same wherever it stands.
#[derive(PartialEq, Eq, Hash)]
struct SentenceKey<'t> {
    text: &'t str,
    words: Vec<(Range<usize>, u8)>,
}

impl<'t> SentenceKey<'t> {
    /// The key of `sentence`, whose words are those at `words` of the document and whose
    /// flags are in `flags`; `None` when it does not stand alone.
    fn new(
        doc: &'t Document,
        sentence: &Range<usize>,
        words: Range<usize>,
        flags: &[u8],
    ) -> Option<Self> {
        let bytes = doc.text().as_bytes();
        let white_or_edge = |at: Option<&u8>| at.is_none_or(|&b| is_ascii_white_space(b));
        let text = &doc.text()[sentence.clone()];
        if !white_or_edge(sentence.start.checked_sub(1).map(|i| &bytes[i]))
            || !white_or_edge(bytes.get(sentence.end))
            || text.trim_start().starts_with('(')
        {
            return None;
        }
        let words = doc.words()[words.clone()]
            .iter()
            .zip(&flags[words])
            .map(|(w, &f)| (w.start - sentence.start..w.end - sentence.start, f))
            .collect();
        Some(SentenceKey { text, words })
    }
}

/// [`byte_flags`]: a byte of a multi-byte character.
const NON_ASCII: u8 = 1;
/// [`byte_flags`]: a straight apostrophe.
const APOSTROPHE: u8 = 2;
/// [`byte_flags`]: an ASCII capital.
const UPPER: u8 = 4;
/// [`byte_flags`]: an ASCII lower-case letter.
const LOWER: u8 = 8;

/// What a word's bytes hold, as the union of [`NON_ASCII`], [`APOSTROPHE`], [`UPPER`] and
/// [`LOWER`]: one table lookup a byte, where testing each property takes a pass of its own.
fn byte_flags(bytes: &[u8]) -> u8 {
    static FLAGS: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = if b >= 0x80 {
                NON_ASCII
            } else if b == b'\'' as usize {
                APOSTROPHE
            } else if b >= b'A' as usize && b <= b'Z' as usize {
                UPPER
            } else if b >= b'a' as usize && b <= b'z' as usize {
                LOWER
            } else {
                0
            };
            b += 1;
        }
        table
    };
    bytes.iter().fold(0, |flags, &b| flags | FLAGS[usize::from(b)])
}

/// The shapes (first two bytes and length) of a set of words, as bits: a word whose shape is
/// not among them is not in the set, and for ASCII words in no ASCII case either (a byte's
/// low five bits are the same in both cases of a letter). Testing a shape is one load, where
/// hashing a word and comparing it costs dozens of instructions.
#[derive(Debug)]
struct ShapeFilter {
    /// For each pair of first bytes (their low five bits), a bit for each length (lengths
    /// past 31 share the last bit).
    lengths: Vec<u32>,
}

impl ShapeFilter {
    fn new<'a>(words: impl Iterator<Item = &'a String>) -> Self {
        let mut lengths = vec![0u32; 1 << 10];
        for word in words {
            let bytes = word.as_bytes();
            if !bytes.is_empty() {
                lengths[Self::slot(bytes)] |= Self::length_bit(bytes);
            }
        }
        ShapeFilter { lengths }
    }

    fn slot(word: &[u8]) -> usize {
        let low = |b: u8| usize::from(b & 0x1f);
        low(word[0]) << 5 | word.get(1).copied().map_or(0, low)
    }

    fn length_bit(word: &[u8]) -> u32 {
        1 << word.len().min(31)
    }

    /// False when `word` is surely not one of the words.
    fn may_hold(&self, word: &[u8]) -> bool {
        !word.is_empty() && self.lengths[Self::slot(word)] & Self::length_bit(word) != 0
    }
}

/// How a word counts as evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    /// A lower-case word English does not have.
    Foreign,
    /// A foreign function word that English does not have ("della", "und").
    Strong,
    /// A foreign function word that is also an English word ("de", "die", "no").
    Weak,
    /// An English word, with its tier.
    English(u8),
    /// A capitalized word, a marker inside a name, an accepted loan, a number.
    Neutral,
}

impl Class {
    fn score(self) -> f64 {
        match self {
            Class::Foreign => 1.0,
            Class::Strong => 1.5,
            Class::Weak => 0.5,
            Class::English(1 | 2) => -1.0,
            Class::English(_) => -0.5,
            Class::Neutral => 0.0,
        }
    }

    fn is_word(self) -> bool {
        !matches!(self, Class::Neutral)
    }
}

#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    class: Class,
    /// The innermost bracket pair around the word, as an index into the sentence's pairs.
    bracket: Option<usize>,
    /// The innermost quotation around the word.
    quote: Option<usize>,
    /// The word is one of the single-word markers.
    marker: bool,
}

/// What a run of words holds.
#[derive(Debug, Default)]
struct Tally {
    foreign: usize,
    strong: usize,
    weak: usize,
    english: usize,
    words: usize,
    score: f64,
}

impl Tally {
    fn of(tokens: &[Token]) -> Self {
        let mut tally = Tally::default();
        for token in tokens {
            tally.score += token.class.score();
            match token.class {
                Class::Foreign => tally.foreign += 1,
                Class::Strong => tally.strong += 1,
                Class::Weak => tally.weak += 1,
                Class::English(_) => tally.english += 1,
                Class::Neutral => {}
            }
            if token.class.is_word() {
                tally.words += 1;
            }
        }
        tally
    }

    fn foreign_words(&self) -> usize {
        self.foreign + self.strong
    }
}

impl Untranslated {
    /// Whether `classify` could weigh a word as strong evidence on its own: a word of
    /// `strong_openers` or an elision ("l'", "dell'"). False only when it surely cannot (a
    /// word of a marker phrase after the first is not asked about here). `flags` holds the
    /// word's [`byte_flags`]; `buffer` is scratch space.
    // Asked of every word of every sentence: inlined, its first test rules most words out
    // without a call.
    #[inline(always)]
    fn may_be_strong(
        &self,
        text: &str,
        range: &Range<usize>,
        flags: u8,
        buffer: &mut String,
    ) -> bool {
        let ascii = flags & NON_ASCII == 0;
        // Most words are ruled out by their length before they are read.
        if ascii && flags & APOSTROPHE == 0 && range.len() > self.longest_ascii_opener {
            return false;
        }
        let word = &text[range.clone()];
        let bytes = word.as_bytes();
        let apostrophe =
            if ascii { flags & APOSTROPHE != 0 } else { word.contains(['\'', '\u{2019}']) };
        if ascii && !apostrophe {
            // Most of the rest are ruled out by their shape (which ignores ASCII case) before
            // they are folded and hashed; an ASCII word in lower case is its own normal form.
            if !self.opener_shapes.may_hold(bytes) {
                return false;
            }
            if flags & UPPER == 0 {
                return self.strong_openers.contains(word);
            }
        }
        buffer.clear();
        normalize_into(word, buffer);
        let normalized = buffer.as_str();
        self.strong_openers.contains(normalized)
            || (apostrophe
                && normalized
                    .split_once('\'')
                    .is_some_and(|(prefix, rest)| ELISIONS.contains(&prefix) && !rest.is_empty()))
    }

    /// Reports the foreign brackets and runs of a sentence, or the whole sentence.
    ///
    /// Only the words that may matter are classified. A bracket is reported only with strong
    /// evidence among its own words, so only the brackets that may have some are weighed; and
    /// when every word that may be strong evidence lies in a bracket reported or is classified
    /// as no strong evidence after all, nothing else can be (a run needs strong evidence and
    /// keeps to its first word's bracket, and the whole sentence is weighed only when no
    /// bracket is reported): the other words are never classified.
    /// `word_flags` holds the flags of every word of the document, as [`english_document`]
    /// marks them.
    fn check_sentence(
        &self,
        doc: &Document,
        sentence: Range<usize>,
        word_flags: &[u8],
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let words = SentenceWords::new(self, doc, word_flags, sentence.clone());
        if words.ranges.is_empty() {
            return;
        }
        let [brackets, quotes] = pairs_of_each(text, sentence.clone(), [BRACKETS, QUOTES]);
        let bracket_of: Vec<Option<usize>> =
            words.ranges.iter().map(|range| innermost(&brackets, range)).collect();
        let may_be_strong: Vec<bool> = (0..words.len())
            .map(|i| {
                words.flags[i] & MAY_BE_STRONG != 0
                    || words.phrase_classes[i] == Some(Class::Strong)
            })
            .collect();
        let token =
            |i: usize| words.token(self, i, bracket_of[i], innermost(&quotes, &words.ranges[i]));
        let mut reported = vec![false; brackets.len()];
        for (index, pair) in brackets.iter().enumerate() {
            let inner = |i: &usize| bracket_of[*i] == Some(index);
            if !(0..words.len()).filter(inner).any(|i| may_be_strong[i]) {
                continue;
            }
            let inside: Vec<Token> = (0..words.len()).filter(inner).map(token).collect();
            if self.is_foreign_bracket(text, pair, &inside) {
                reported[index] = true;
                out.push(Finding::new(pair.start..pair.end));
            }
        }
        // Most words that may be strong evidence in English text are not, as they stand in a
        // name ("Lula da Silva", "Fernando de la Rúa"): they are classified on their own first.
        let strong_outside = |i: usize| {
            may_be_strong[i]
                && !bracket_of[i].is_some_and(|b| reported[b])
                && token(i).class == Class::Strong
        };
        if !(0..words.len()).any(strong_outside) {
            return;
        }
        let tokens: Vec<Token> = (0..words.len()).map(token).collect();
        self.report_runs(doc, sentence, &tokens, &quotes, &reported, out);
    }

    /// The whole sentence when no bracket of it was `reported` and it is foreign, or else its
    /// foreign runs outside the brackets reported.
    fn report_runs(
        &self,
        doc: &Document,
        sentence: Range<usize>,
        tokens: &[Token],
        quotes: &[Range<usize>],
        reported: &[bool],
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let sentence_words = tokens.iter().filter(|t| t.class.is_word()).count();
        if !reported.contains(&true) && self.is_foreign_run(doc, tokens, quotes) {
            out.push(Finding::new(sentence));
            return;
        }
        for run in runs(tokens) {
            let run_tokens = &tokens[run.clone()];
            if run_tokens[0].bracket.is_some_and(|b| reported[b]) {
                continue;
            }
            // Two or three foreign words beside a name are most likely part of a title or a
            // name in sentence case ("Les Fleurs du plaisir").
            let beside_name = |i: Option<usize>| {
                i.and_then(|i| tokens.get(i)).is_some_and(|t| {
                    t.class == Class::Neutral && is_capitalized(&text[t.range.clone()])
                })
            };
            if Tally::of(run_tokens).words <= 3
                && (beside_name(run.start.checked_sub(1)) || beside_name(Some(run.end)))
            {
                continue;
            }
            if is_mentioned(text, &tokens[..run.start]) {
                continue;
            }
            if !self.is_foreign_run(doc, run_tokens, quotes) {
                continue;
            }
            let tally = Tally::of(run_tokens);
            let span = if tally.words as f64 >= SENTENCE_SHARE * sentence_words as f64
                && run_tokens[0].bracket.is_none()
            {
                sentence.clone()
            } else {
                run_tokens[0].range.start..run_tokens[run_tokens.len() - 1].range.end
            };
            out.push(Finding::new(span));
        }
    }

    fn is_marker(&self, lower: &str) -> bool {
        self.marker_shapes.may_hold(lower.as_bytes()) && self.markers.contains(lower)
    }

    fn classify(
        &self,
        word: &str,
        lower: &str,
        marker: bool,
        capitalized: bool,
        initial: bool,
        before_name: &dyn Fn() -> bool,
    ) -> Class {
        let flags = byte_flags(word.as_bytes());
        let all_caps = if flags & NON_ASCII == 0 {
            if word.bytes().any(|b| b.is_ascii_digit()) {
                return Class::Neutral;
            }
            flags & LOWER == 0 && word.bytes().filter(u8::is_ascii_alphabetic).count() > 1
        } else {
            if word.chars().any(|c| c.is_numeric()) {
                return Class::Neutral;
            }
            word.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !word.chars().any(char::is_lowercase)
        };
        if marker {
            if before_name() {
                return Class::Neutral;
            }
            if capitalized && !initial && !all_caps {
                return Class::Neutral;
            }
            // A lone letter ("é", "e", "o") is weak evidence.
            if lower.chars().count() == 1 {
                return Class::Weak;
            }
            return match english_tier(lower) {
                Some(tier) if tier <= 2 => Class::Weak,
                _ => Class::Strong,
            };
        }
        if all_caps || (capitalized && !initial) {
            return Class::Neutral;
        }
        if let Some((prefix, rest)) = lower.split_once('\'') {
            return self.classify_apostrophe(word, lower, prefix, rest);
        }
        // One lookup answers both questions below.
        let entry = lexicon::english().get(lower);
        if let Some(tier) = lower_case_tier(entry) {
            return Class::English(tier);
        }
        if capitalized || entry.is_some() {
            // A name, or a name written in lower case ("lebanese").
            return Class::Neutral;
        }
        if lower.chars().count() < 2 {
            return Class::Neutral;
        }
        Class::Foreign
    }

    fn classify_apostrophe(&self, word: &str, lower: &str, prefix: &str, rest: &str) -> Class {
        if let Some(tier) = english_tier(lower) {
            return Class::English(tier);
        }
        if ELISIONS.contains(&prefix) && !rest.is_empty() {
            let after = word.split(['\'', '\u{2019}']).nth(1).unwrap_or("");
            if is_capitalized(after) {
                // "d'Italia", "l'Élysée": part of a name.
                return Class::Neutral;
            }
            return Class::Strong;
        }
        // English contractions and possessives: "minister's", "they'd".
        match english_tier(prefix) {
            Some(tier) => Class::English(tier),
            None => Class::Neutral,
        }
    }

    fn is_foreign_run(&self, doc: &Document, tokens: &[Token], quotes: &[Range<usize>]) -> bool {
        let tally = Tally::of(tokens);
        if tally.words < self.min_words.max(2) || tally.foreign_words() < 2 || tally.score < 2.0 {
            return false;
        }
        // Function words are what sets a passage apart from a list of rare or technical
        // words.
        if tally.strong == 0 {
            return false;
        }
        if let Some(quote) = tokens[0].quote
            && tokens.iter().all(|t| t.quote == Some(quote))
            && word_count(doc.text(), &quotes[quote]) <= SHORT_QUOTE_WORDS
        {
            return false;
        }
        let text = &doc.text()[tokens[0].range.start..tokens[tokens.len() - 1].range.end];
        // Two or three words cannot be identified reliably: a function word and a foreign
        // word together are the evidence.
        if tally.words <= 3 {
            return tally.foreign >= 1;
        }
        2 * tally.foreign_words() >= tally.words && self.foreign_language(text, 0.0).is_some()
    }

    /// A bracket whose words are all foreign ("[o que]"), or in which the identifier hears
    /// another language and foreign words outnumber English ones.
    fn is_foreign_bracket(&self, text: &str, pair: &Range<usize>, inside: &[Token]) -> bool {
        let tally = Tally::of(inside);
        if inside.len() < 2 || tally.strong == 0 || tally.words < self.min_words {
            return false;
        }
        if glosses_previous_words(text, pair.start) {
            return false;
        }
        let markers = inside.iter().filter(|t| t.marker).count();
        if tally.english > tally.foreign + markers {
            return false;
        }
        if tally.english == 0 && tally.words == tally.foreign_words() + tally.weak {
            return true;
        }
        let content = &text[pair.start + 1..pair.end - 1];
        self.foreign_language(content, self.min_confidence).is_some()
    }

    /// The language of a text when it is not English and the identifier is at least
    /// `min_confidence` sure of that against English.
    fn foreign_language(&self, text: &str, min_confidence: f64) -> Option<Lang> {
        // Documents repeat passages (a quotation, a standing bracket), and identifying one
        // costs thousands of steps a character where finding the answer again costs a hash:
        // the answers are kept per thread, as they depend on nothing but their question.
        thread_local! {
            /// The answers for each confidence asked for, by text.
            static ANSWERS: RefCell<FxHashMap<u64, AnswersByText>> =
                RefCell::new(FxHashMap::default());
        }
        const MOST_ANSWERS: usize = 1 << 12;
        ANSWERS.with_borrow_mut(|answers| {
            let answers = answers.entry(min_confidence.to_bits()).or_default();
            if let Some(&answer) = answers.get(text) {
                return answer;
            }
            let answer = self.identify_foreign_language(text, min_confidence);
            if answers.len() >= MOST_ANSWERS {
                answers.clear();
            }
            answers.insert(text.into(), answer);
            answer
        })
    }

    /// [`Untranslated::foreign_language`], identified anew.
    fn identify_foreign_language(&self, text: &str, min_confidence: f64) -> Option<Lang> {
        // Counted once for both questions.
        let passage = identify::Passage::new(text);
        let info = passage.detect(LANGUAGES)?;
        if info.lang == Lang::Eng {
            return None;
        }
        // The identifier scores each language on its own and grows its confidence with the
        // lead over the runner-up. English is among the languages weighed, so the lead over
        // English is at least as large: when the first answer is as sure as asked, the
        // head-to-head could only agree. (Its one exception, English scoring nothing at all,
        // makes the head-to-head unsure by a quirk of the arithmetic; that text is foreign.)
        let sure = if min_confidence == 0.0 {
            info.confidence > 0.0
        } else {
            info.is_reliable() && info.confidence >= min_confidence
        };
        if sure || head_to_head(&passage, info.lang, min_confidence) {
            return Some(info.lang);
        }
        None
    }

    /// Runs of words in non-Latin scripts: two words or more, or a long unspaced run.
    fn non_latin_runs(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let words = doc.words();
        let mut i = 0;
        while i < words.len() {
            if !is_non_latin_word(&text[words[i].clone()]) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < words.len()
                && is_non_latin_word(&text[words[j + 1].clone()])
                && text[words[j].end..words[j + 1].start]
                    .chars()
                    .all(|c| !c.is_alphanumeric() && c != '\n')
            {
                j += 1;
            }
            let span = words[i].start..words[j].end;
            i = j + 1;
            let run = &text[span.clone()];
            let chunks = run.split_whitespace().count();
            let unspaced = run
                .split_whitespace()
                .map(|chunk| chunk.chars().filter(|c| is_unspaced_script(*c)).count())
                .max()
                .unwrap_or(0);
            if chunks < self.min_words.max(2) && unspaced < MIN_UNSPACED_LETTERS {
                continue;
            }
            if is_parenthesized(text, &span) || names_its_language(doc, &span) {
                continue;
            }
            out.push(Finding::new(span));
        }
    }
}

/// Maximal runs of a sentence's words whose foreign evidence outweighs the English, never
/// crossing a bracket; each starts and ends on a word with positive weight.
fn runs(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].class.score() <= 0.0 {
            i += 1;
            continue;
        }
        let mut sum = 0.0;
        let mut best = 0.0;
        let mut best_end = i;
        let mut j = i;
        while j < tokens.len() && tokens[j].bracket == tokens[i].bracket {
            sum += tokens[j].class.score();
            if sum > best {
                best = sum;
                best_end = j;
            }
            if sum <= 0.0 {
                break;
            }
            j += 1;
        }
        out.push(i..best_end + 1);
        i = best_end + 1;
    }
    out
}

/// Words that introduce a phrase quoted as a phrase ("the slogan …", "known as …") rather
/// than used as English.
const MENTION_WORDS: &[&str] = &[
    "phrase",
    "slogan",
    "motto",
    "expression",
    "catchphrase",
    "term",
    "word",
    "words",
    "known",
    "called",
    "dubbed",
    "nicknamed",
    "titled",
    "entitled",
    "named",
    "so-called",
    "saying",
    "cry",
    "chant",
    "chanting",
    "chanted",
    "refrain",
    "maxim",
    "proverb",
    "adage",
    "formula",
];

/// Whether the identifier, weighing only English and `lang`, names `lang` with at least
/// `min_confidence` (and reliably, when a confidence is asked for).
fn head_to_head(passage: &identify::Passage, lang: Lang, min_confidence: f64) -> bool {
    passage.detect(&[Lang::Eng, lang]).is_some_and(|versus| {
        versus.lang != Lang::Eng
            && versus.confidence >= min_confidence
            && (min_confidence == 0.0 || versus.is_reliable())
    })
}

/// Whether one of the three words before a run introduces it as a quoted phrase.
fn is_mentioned(text: &str, before: &[Token]) -> bool {
    before.iter().rev().take(3).any(|t| {
        let word = &text[t.range.clone()];
        // The words are ASCII: an ASCII word is compared ignoring case, without folding a
        // copy; another is folded, as a sign such as the Kelvin sign folds to ASCII.
        if word.is_ascii() {
            MENTION_WORDS.iter().any(|m| m.eq_ignore_ascii_case(word))
        } else {
            MENTION_WORDS.contains(&word.to_lowercase().as_str())
        }
    })
}

/// What [`english_document`] saw of a document's scripts.
struct Scripts {
    /// Whether a word has a letter of a script other than Latin: without one, there is no run
    /// of non-Latin words to look for.
    has_non_latin_words: bool,
    /// The [`byte_flags`] of each word of the document (with [`LOWER_CASE_WORD`],
    /// [`COMMON_ENGLISH_WORD`] and [`MAY_BE_STRONG`]), read once for the rule's passes.
    word_flags: Vec<u8>,
    /// The indices of the words marked [`MAY_BE_STRONG`], in order.
    strong_words: Vec<usize>,
    /// The indices of the words that may be one of [`ARTICLES`] (see [`foreign_articles`]), in
    /// order.
    article_candidates: Vec<usize>,
}

/// [`english_document`]'s mark on a word's flags: a Latin word in lower case, which the
/// English share counts.
const LOWER_CASE_WORD: u8 = 16;
/// [`english_document`]'s mark on a word's flags: a word that may be strong evidence (see
/// [`Untranslated::may_be_strong`]), marked in the pass that reads every word's bytes.
const MAY_BE_STRONG: u8 = 32;
/// [`english_document`]'s mark on a word's flags: a lower-case word of [`COMMON_ENGLISH`],
/// English without a lookup.
const COMMON_ENGLISH_WORD: u8 = 64;
/// [`english_document`]'s mark on a word's flags: a word with a Latin letter and none of
/// another script, which the share of Latin words counts.
const LATIN_WORD: u8 = 128;

/// Whether a sentence, whose words' flags are `flags`, has a word that `classify` could weigh
/// as strong evidence ([`MAY_BE_STRONG`]). Every run and bracket reported needs one (see
/// `is_foreign_run` and `is_foreign_bracket`), so a sentence without any is passed over before
/// its words are classified, which is most of the cost. (`check_document` asks it of the
/// words marked, without reading the others.)
#[cfg(test)]
fn may_hold_strong_evidence(flags: &[u8]) -> bool {
    flags.iter().any(|flags| flags & MAY_BE_STRONG != 0)
}

/// What [`Untranslated::read_words`] saw of a document's words.
#[derive(Debug, PartialEq)]
struct DocumentWords {
    /// The [`byte_flags`] of each word, marked [`LOWER_CASE_WORD`], [`COMMON_ENGLISH_WORD`],
    /// [`MAY_BE_STRONG`] and [`LATIN_WORD`].
    word_flags: Vec<u8>,
    /// Words with a Latin letter and none of another script.
    latin: usize,
    /// Words with a letter of another script.
    other: usize,
    /// Latin words in lower case, which the English share counts.
    lower: usize,
    /// Those of them that are [`COMMON_ENGLISH`] words.
    common: usize,
    /// See [`Scripts::strong_words`].
    strong_words: Vec<usize>,
    /// See [`Scripts::article_candidates`].
    article_candidates: Vec<usize>,
}

/// What [`Untranslated::read_words`] gathers of the few words that are not plain ASCII
/// words in lower case, apart from their flags.
#[derive(Default)]
struct RareWords<'t> {
    /// See [`DocumentWords::other`].
    other: usize,
    article_candidates: Vec<usize>,
    /// The [`Untranslated::word_marks`] of the words with a character past ASCII met so far.
    non_ascii_words: FxHashMap<&'t str, (u8, bool)>,
    /// Scratch space.
    buffer: String,
}

impl Untranslated {
    /// Every word's flags and the counts of the English share, in one pass that reads every
    /// word's bytes.
    #[inline(never)]
    fn read_words(&self, doc: &Document) -> DocumentWords {
        let words = doc.words();
        let mut word_flags = vec![0u8; words.len()];
        let mut rare = RareWords::default();
        self.mark_words(doc.text(), words, &mut word_flags, &mut rare);
        // Counted from the marks afterwards, in passes that take many bytes a step, where
        // counting in the loop above costs a few steps a word.
        let count = |mark: u8| count_marked(&word_flags, mark);
        DocumentWords {
            latin: count(LATIN_WORD),
            other: rare.other,
            lower: count(LOWER_CASE_WORD),
            common: count(COMMON_ENGLISH_WORD),
            strong_words: positions_marked(&word_flags, MAY_BE_STRONG),
            article_candidates: rare.article_candidates,
            word_flags,
        }
    }

    /// Marks each of `words` in `word_flags` as [`english_document`] marks it, with the
    /// article candidates and non-Latin words gathered into `rare`.
    ///
    /// Most words are answered from their bytes read as one number: a good half of a
    /// document's words are words of `word_kinds`, found as they stand with their flags, and
    /// most of the others are short words of ASCII letters in lower case. A word of such
    /// letters longer than every word of `word_kinds` and every strong opener is answered by
    /// its length. The others are left to calls of their own.
    // The flags are written through a slice of their own, which the compiler knows to share
    // no memory with the rule's tables: those are not read anew after each word.
    fn mark_words<'t>(
        &self,
        text: &'t str,
        words: &[Range<usize>],
        word_flags: &mut [u8],
        rare: &mut RareWords<'t>,
    ) {
        let bytes = text.as_bytes();
        let longest_known = WordKinds::LONGEST.max(self.longest_ascii_opener);
        for (index, (range, flags)) in words.iter().zip(word_flags).enumerate() {
            *flags = match short_word_key(bytes, range) {
                Some(key) => {
                    let (kinds, lower_case_marks) = self.word_kinds.get(key);
                    if kinds & LOWER_ONLY != 0 {
                        lower_case_marks
                    } else if is_lower_case_key(key, range.len()) {
                        self::lower_case_marks(range.len(), kinds)
                    } else {
                        self.mark_short_word(text, index, range, key, kinds, rare)
                    }
                }
                None if range.len() > longest_known && is_lower_case(&bytes[range.clone()]) => {
                    lower_case_marks(range.len(), 0)
                }
                None => self.mark_long_word(text, index, range, longest_known, rare),
            };
        }
    }

    /// The flags of a word of one to [`WordKinds::LONGEST`] bytes whose [`word_key`] is `key`
    /// and whose kinds are `kinds`, other than a word of ASCII letters in lower case alone, as
    /// [`Untranslated::mark_word`] marks it.
    #[inline(always)]
    fn mark_short_word<'t>(
        &self,
        text: &'t str,
        index: usize,
        range: &Range<usize>,
        key: u64,
        kinds: u8,
        rare: &mut RareWords<'t>,
    ) -> u8 {
        // The key holds the word's bytes, and zeros past it.
        let flags = if key & HIGH == 0 { ascii_flags(key) } else { NON_ASCII };
        if flags & (NON_ASCII | APOSTROPHE) != 0 {
            return self.mark_word(text, index, range, rare);
        }
        // An ASCII word's normal form is its lower case.
        let kinds = if flags & UPPER != 0 {
            self.word_kinds.get(key | ascii_capitals(key) >> 2).0
        } else {
            kinds
        };
        mark_ascii_word(text.as_bytes(), index, range, flags, kinds, rare)
    }

    /// The flags of a word that has no [`short_word_key`], other than a word of [`LOWER`]
    /// alone longer than `longest_known` bytes, as [`Untranslated::mark_word`] marks it.
    #[inline(never)]
    fn mark_long_word<'t>(
        &self,
        text: &'t str,
        index: usize,
        range: &Range<usize>,
        longest_known: usize,
        rare: &mut RareWords<'t>,
    ) -> u8 {
        // Longer than every word of `word_kinds` and every strong opener, an ASCII word
        // without an apostrophe is marked by its flags alone.
        if range.len() > longest_known {
            let bytes = text.as_bytes();
            let flags = byte_flags(&bytes[range.clone()]);
            if flags & (NON_ASCII | APOSTROPHE) == 0 {
                return mark_ascii_word(bytes, index, range, flags, 0, rare);
            }
        }
        self.mark_word(text, index, range, rare)
    }

    /// The flags of the word at `index`, marked as [`english_document`] marks them, with the
    /// article candidates and non-Latin words gathered into `rare`.
    // Kept out of the loop over the words, which most words pass through without it.
    #[inline(never)]
    fn mark_word<'t>(
        &self,
        text: &'t str,
        index: usize,
        range: &Range<usize>,
        rare: &mut RareWords<'t>,
    ) -> u8 {
        let bytes = text.as_bytes();
        // Read as bytes: the word is sliced as text only when it is not ASCII.
        let flags = byte_flags(&bytes[range.clone()]);
        if flags == LOWER {
            // ASCII in lower case, without an apostrophe: its own normal form, answered by
            // one probe of `word_kinds` (or, when longer than its words, by its length).
            let kinds = if range.len() <= WordKinds::LONGEST {
                self.word_kinds.get(word_key(bytes, range)).0
            } else if range.len() <= self.longest_ascii_opener
                && self.strong_openers.contains(&text[range.clone()])
            {
                OPENER
            } else {
                0
            };
            return lower_case_marks(range.len(), kinds);
        }
        // Every article opens with an ASCII capital, which a word of `LOWER` alone lacks.
        if range.len() <= LONGEST_ARTICLE && bytes[range.start].is_ascii_uppercase() {
            rare.article_candidates.push(index);
        }
        // A word with a character past ASCII costs hundreds of steps (normalized, its
        // characters classified), and documents repeat such words: their marks are kept.
        let (marks, other) = if flags & NON_ASCII != 0 {
            let word = &text[range.clone()];
            match rare.non_ascii_words.get(word) {
                Some(&found) => found,
                None => {
                    let found = self.word_marks(text, range, flags, &mut rare.buffer);
                    rare.non_ascii_words.insert(word, found);
                    found
                }
            }
        } else {
            self.word_marks(text, range, flags, &mut rare.buffer)
        };
        rare.other += usize::from(other);
        marks
    }

    /// The flags of a word whose [`byte_flags`] are `flags` (other than [`LOWER`] alone),
    /// marked as [`english_document`] marks them, and whether it has a letter of a script
    /// other than Latin; `buffer` is scratch space.
    fn word_marks(
        &self,
        text: &str,
        range: &Range<usize>,
        flags: u8,
        buffer: &mut String,
    ) -> (u8, bool) {
        let strong = self.may_be_strong(text, range, flags, buffer);
        let marks = if strong { flags | MAY_BE_STRONG } else { flags };
        let ascii = flags & NON_ASCII == 0;
        let lower_case = if ascii {
            if flags & (UPPER | LOWER) == 0 {
                return (marks, false);
            }
            flags & UPPER == 0 && range.len() > 1
        } else {
            let word = &text[range.clone()];
            if word.chars().any(is_non_latin_letter) {
                return (marks, true);
            }
            if !word.chars().any(char::is_alphabetic) {
                return (marks, false);
            }
            word.chars().all(|c| !c.is_uppercase()) && word.chars().count() > 1
        };
        if lower_case {
            return (marks | LATIN_WORD | LOWER_CASE_WORD, false);
        }
        (marks | LATIN_WORD, false)
    }
}

/// How many of `flags` have `mark` set.
fn count_marked(flags: &[u8], mark: u8) -> usize {
    // In chunks whose counts fit in a byte: bytes are summed sixteen at a time.
    let count_chunk = |chunk: &[u8]| chunk.iter().map(|&f| u8::from(f & mark != 0)).sum::<u8>();
    flags.chunks(usize::from(u8::MAX)).map(|chunk| usize::from(count_chunk(chunk))).sum()
}

/// The flags of a word of `len` bytes whose [`byte_flags`] are [`LOWER`] alone and whose
/// [`WordKinds`] are `kinds`.
const fn lower_case_marks(len: usize, kinds: u8) -> u8 {
    let mut marks = LOWER | LATIN_WORD;
    if kinds & OPENER != 0 {
        marks |= MAY_BE_STRONG;
    }
    if len > 1 {
        marks |= LOWER_CASE_WORD;
        if kinds & COMMON != 0 {
            marks |= COMMON_ENGLISH_WORD;
        }
    }
    marks
}

/// The [`word_key`] of a word of one to [`WordKinds::LONGEST`] bytes, read as eight bytes at
/// once; `None` for a longer word, or one that ends less than eight bytes before the end of
/// the text.
#[inline(always)]
fn short_word_key(text: &[u8], word: &Range<usize>) -> Option<u64> {
    let len = word.end - word.start;
    if len.wrapping_sub(1) >= WordKinds::LONGEST {
        return None;
    }
    let eight = text.get(word.start..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*eight) & (u64::MAX >> (64 - 8 * len)))
}

/// The flags of an ASCII word without an apostrophe, whose [`byte_flags`] are `flags` and
/// whose lower case has the [`WordKinds`] `kinds` (none for a word longer than every word of
/// the table and every strong opener), as [`Untranslated::mark_word`] marks it.
#[inline(always)]
fn mark_ascii_word(
    text: &[u8],
    index: usize,
    range: &Range<usize>,
    flags: u8,
    kinds: u8,
    rare: &mut RareWords,
) -> u8 {
    if flags == LOWER {
        return lower_case_marks(range.len(), kinds);
    }
    if flags & UPPER != 0
        && range.len() <= LONGEST_ARTICLE
        && text[range.start].is_ascii_uppercase()
    {
        rare.article_candidates.push(index);
    }
    // An ASCII word's normal form is its lower case, which `word_kinds` holds when it is a
    // strong opener of up to eight bytes.
    let mut marks = flags;
    if kinds & OPENER != 0 {
        marks |= MAY_BE_STRONG;
    }
    // With a letter, the word has a capital: Latin, but not in lower case.
    if flags != 0 {
        marks |= LATIN_WORD;
    }
    marks
}

/// Whether a [`word_key`] of `len` bytes holds ASCII letters in lower case alone.
#[inline(always)]
fn is_lower_case_key(key: u64, len: usize) -> bool {
    key & HIGH == 0 && ascii_bytes_in(key, b'a', b'z') == HIGH >> (64 - 8 * len)
}

/// Whether a word of more than eight bytes holds ASCII letters in lower case alone: read
/// eight bytes at a time, the last eight overlapping those before them.
#[inline(always)]
fn is_lower_case(word: &[u8]) -> bool {
    let is_lower_case_chunk = |chunk: &[u8; 8]| is_lower_case_key(u64::from_le_bytes(*chunk), 8);
    let (chunks, _) = word.as_chunks::<8>();
    chunks.iter().all(is_lower_case_chunk)
        && word.last_chunk::<8>().is_some_and(is_lower_case_chunk)
}

/// The indices of `flags` that have `mark` set, found eight flags at a time: few have it.
fn positions_marked(flags: &[u8], mark: u8) -> Vec<usize> {
    let mut out = Vec::new();
    let (chunks, rest) = flags.as_chunks::<8>();
    for (k, chunk) in chunks.iter().enumerate() {
        if u64::from_le_bytes(*chunk) & (ONES * u64::from(mark)) != 0 {
            let marked = chunk.iter().enumerate().filter(|(_, f)| *f & mark != 0);
            out.extend(marked.map(|(i, _)| 8 * k + i));
        }
    }
    let marked = rest.iter().enumerate().filter(|(_, f)| *f & mark != 0);
    out.extend(marked.map(|(i, _)| 8 * chunks.len() + i));
    out
}

/// The high bit of each byte of `ascii` (eight ASCII bytes as a number) that lies in
/// `low..=high`.
#[inline(always)]
fn ascii_bytes_in(ascii: u64, low: u8, high: u8) -> u64 {
    // The high bit of each byte that is at least `bound`: an ASCII byte plus at most 0x7F
    // stays below 0x100, so no byte carries into the next.
    let at_least = |bound: u8| ascii.wrapping_add(ONES * u64::from(0x80 - bound)) & HIGH;
    at_least(low) & !at_least(high + 1)
}

/// The high bit of each byte of `ascii` (eight ASCII bytes as a number) that is a capital:
/// moved to 0x20 and added, they make the bytes lower case.
fn ascii_capitals(ascii: u64) -> u64 {
    ascii_bytes_in(ascii, b'A', b'Z')
}

/// [`byte_flags`] of up to eight ASCII bytes read as a number: a few steps for all eight,
/// where the table is read a byte at a time. (A zero byte has no flag.)
#[inline(always)]
fn ascii_flags(ascii: u64) -> u8 {
    let flag =
        |low: u8, high: u8, flag: u8| if ascii_bytes_in(ascii, low, high) != 0 { flag } else { 0 };
    flag(b'a', b'z', LOWER) | flag(b'A', b'Z', UPPER) | flag(b'\'', b'\'', APOSTROPHE)
}

/// `Some` when the document, whose words are `words`, is written in English: most of its
/// lower-case words are English.
fn english_document(doc: &Document, words: DocumentWords) -> Option<Scripts> {
    let DocumentWords { word_flags, latin, other, lower, common, strong_words, article_candidates } =
        words;
    let text = doc.text();
    if lower == 0 || (latin as f64) < 0.8 * (latin + other) as f64 {
        return None;
    }
    // The common words are English without a lookup; the other lower-case words are looked
    // up until the share is settled either way.
    // A count reaches the share when it reaches the share rounded up: compared as integers.
    let needed = (MIN_ENGLISH_SHARE * lower as f64).ceil() as usize;
    let mut english = common;
    let mut unread = lower - common;
    let mut normalized = String::new();
    // The lexicon answers a short ASCII word from a table, and a longer one from a map of its
    // own at several times the cost: the short words are looked up first, and the long ones
    // only while the share is still open. The count settles the same in any order.
    let is_short = |range: &Range<usize>, flags: u8| {
        flags & (NON_ASCII | APOSTROPHE) == 0 && range.len() <= LEXICON_TABLE_BYTES
    };
    for short_words in [true, false] {
        for (range, &flags) in doc.words().iter().zip(&word_flags) {
            if english >= needed || english + unread < needed {
                break;
            }
            if flags & (LOWER_CASE_WORD | COMMON_ENGLISH_WORD) != LOWER_CASE_WORD
                || is_short(range, flags) != short_words
            {
                continue;
            }
            unread -= 1;
            let word = &text[range.clone()];
            let ascii = flags & NON_ASCII == 0;
            // An ASCII word in lower case is its own normal form.
            let normalized = if ascii {
                word
            } else {
                normalized.clear();
                normalize_into(word, &mut normalized);
                normalized.as_str()
            };
            let known = english_tier(normalized).is_some()
                || ((!ascii || flags & APOSTROPHE != 0)
                    && normalized.split_once('\'').is_some_and(|(p, _)| english_tier(p).is_some()));
            if known {
                english += 1;
            }
        }
    }
    (english >= needed).then_some(Scripts {
        has_non_latin_words: other > 0,
        word_flags,
        strong_words,
        article_candidates,
    })
}

/// A word of one to eight bytes as a number, its first byte the lowest: read as eight bytes
/// at once where the text goes on that far.
fn word_key(text: &[u8], word: &Range<usize>) -> u64 {
    debug_assert!((1..=WordKinds::LONGEST).contains(&word.len()), "a key is of 1 to 8 bytes");
    let raw = match text.get(word.start..word.start + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => text[word.clone()].iter().rev().fold(0, |key, &b| key << 8 | u64::from(b)),
    };
    raw & (u64::MAX >> (64 - 8 * word.len()))
}

/// [`WordKinds`]: a strong opener (see [`Untranslated::may_be_strong`]).
const OPENER: u8 = 1;
/// [`WordKinds`]: one of [`COMMON_ENGLISH`].
const COMMON: u8 = 2;
/// [`WordKinds`]: a word whose [`byte_flags`] are [`LOWER`] alone, as most are; a word of the
/// text with its key has its bytes, and so its flags.
const LOWER_ONLY: u8 = 0x80;

/// The lower-case ASCII words of at most [`WordKinds::LONGEST`] bytes that the rule knows on
/// sight, with their kinds ([`OPENER`], [`COMMON`]), keyed by [`word_key`]: most of a
/// document's words are such words or none, and one probe answers both questions where
/// hashing a word into a set costs dozens of instructions.
#[derive(Debug)]
struct WordKinds {
    /// Open addressing: a key (0 in an empty slot: no word's key is 0), its kinds, and the
    /// word's [`lower_case_marks`] (for a word of [`LOWER_ONLY`]).
    slots: Vec<(u64, u8, u8)>,
    /// How far the key's hash is shifted down to the number of a slot.
    shift: u32,
}

impl WordKinds {
    const LONGEST: usize = 8;

    /// The table of the words given with a kind; words too long or not ASCII are left out.
    fn new<'a>(words: impl Iterator<Item = (&'a str, u8)>) -> Self {
        let words: Vec<(&str, u8)> =
            words.filter(|(w, _)| (1..=Self::LONGEST).contains(&w.len()) && w.is_ascii()).collect();
        // At most a quarter full: a word of neither kind soon meets an empty slot.
        let bits = (4 * words.len()).max(16).next_power_of_two().trailing_zeros();
        let shift = 64 - bits;
        let mut slots = vec![(0u64, 0u8, 0u8); 1 << bits];
        for (word, kind) in words {
            let key = word_key(word.as_bytes(), &(0..word.len()));
            let mut slot = Self::first_slot(key, shift);
            while slots[slot].0 != 0 && slots[slot].0 != key {
                slot = (slot + 1) & (slots.len() - 1);
            }
            let lower_only = if byte_flags(word.as_bytes()) == LOWER { LOWER_ONLY } else { 0 };
            let kinds = slots[slot].1 | kind | lower_only;
            slots[slot] = (key, kinds, lower_case_marks(word.len(), kinds));
        }
        WordKinds { slots, shift }
    }

    fn first_slot(key: u64, shift: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
    }

    /// The kinds of the word whose key is `key` (0 for a word of none), and its
    /// [`lower_case_marks`] when it is of [`LOWER_ONLY`].
    #[inline(always)]
    fn get(&self, key: u64) -> (u8, u8) {
        let mut slot = Self::first_slot(key, self.shift);
        loop {
            let (found, kinds, marks) = self.slots[slot];
            if found == key {
                return (kinds, marks);
            }
            if found == 0 {
                return (0, 0);
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }
}

/// The commonest English words of two to eight letters, each of which the lexicon has in
/// lower case: most of a news article's lower-case words, answered without a lookup (and
/// when they reach the English share, the share is settled without any).
const COMMON_ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "for", "on", "that", "with", "was", "as", "by", "at",
    "it", "he", "his", "from", "be", "are", "has", "have", "had", "an", "not", "but", "this", "or",
    "its", "they", "were", "who", "been", "will", "she", "her", "said", "also", "more", "than",
    "into", "we", "one", "two", "new", "over", "all", "can", "when", "out", "up", "what", "year",
    "some", "our", "them", "last", "most", "only", "such", "like", "many", "about", "after",
    "again", "against", "ago", "along", "already", "although", "among", "another", "any", "around",
    "because", "before", "being", "between", "both", "back", "down", "during", "each", "even",
    "ever", "every", "few", "first", "four", "five", "here", "him", "how", "however", "if", "just",
    "least", "less", "made", "make", "may", "might", "much", "must", "my", "next", "no", "nor",
    "now", "off", "often", "once", "other", "others", "own", "same", "several", "should", "since",
    "so", "still", "their", "then", "there", "these", "those", "three", "through", "too", "under",
    "until", "upon", "us", "very", "way", "well", "where", "whether", "which", "while", "whom",
    "whose", "why", "would", "yet", "you", "your", "could", "did", "does", "do", "done", "either",
    "else", "enough", "says", "told", "get", "got", "going", "go", "went", "come", "came", "take",
    "took", "taken", "give", "gave", "given", "know", "known", "think", "see", "seen", "saw",
    "want", "wanted", "use", "used", "found", "find", "put", "set", "show", "shows", "call",
    "called", "work", "worked", "asked", "added", "held", "help", "keep", "kept", "left", "leave",
    "let", "look", "looked", "need", "pay", "paid", "play", "played", "run", "say", "seem",
    "seemed", "turn", "turned", "become", "became", "began", "begin", "brought", "bring", "build",
    "buy", "expected", "reported", "believe", "believed", "decided", "meet", "met", "move",
    "moved", "lost", "win", "won", "hold", "live", "lived", "hit", "spent", "tried", "try",
    "trying", "making", "taking", "time", "times", "people", "years", "day", "days", "week",
    "weeks", "month", "months", "world", "state", "states", "country", "city", "police",
    "minister", "party", "group", "company", "percent", "million", "billion", "number", "part",
    "home", "case", "family", "public", "law", "health", "water", "war", "money", "school",
    "children", "women", "men", "man", "woman", "life", "area", "end", "power", "court", "report",
    "members", "team", "game", "season", "market", "business", "house", "news", "system",
    "service", "services", "plan", "plans", "point", "points", "place", "places", "side", "sides",
    "ways", "level", "problem", "problems", "issue", "issues", "policy", "policies", "local",
    "national", "security", "support", "program", "data", "night", "morning", "evening", "today",
    "good", "great", "high", "large", "small", "big", "long", "old", "young", "right", "early",
    "late", "later", "former", "major", "second", "third", "best", "better", "little", "full",
    "free", "open", "whole", "real", "recent", "recently", "likely", "able", "certain", "clear",
    "far", "away", "really", "almost", "never", "always", "across", "behind", "within", "without",
    "near", "together", "though", "perhaps", "rather", "six", "seven", "eight", "nine", "ten",
    "twenty", "thirty", "hundred", "thousand", "half", "above", "act", "action", "actually",
    "addition", "address", "age", "agency", "agreed", "ahead", "aid", "air", "allow", "allowed",
    "alone", "am", "amount", "analysis", "annual", "answer", "anyone", "anything", "appear",
    "appeared", "approach", "approved", "areas", "argued", "arms", "army", "arrested", "art",
    "article", "ask", "attack", "attacks", "attempt", "august", "average", "avoid", "award", "bad",
    "bank", "banks", "base", "based", "basis", "below", "beyond", "bill", "bit", "black", "blood",
    "board", "body", "book", "border", "boy", "budget", "building", "built", "campaign", "cannot",
    "capital", "car", "care", "career", "carried", "cases", "cause", "caused", "center", "central",
    "century", "chairman", "chance", "change", "changed", "changes", "charge", "charged",
    "charges", "chief", "child", "choice", "church", "citizens", "civil", "claim", "claimed",
    "claims", "class", "clearly", "close", "closed", "club", "coach", "coast", "cold", "college",
    "comes", "coming", "command", "comment", "comments", "common", "compared", "complete",
    "concern", "concerns", "congress", "consider", "continue", "contract", "control", "cost",
    "costs", "council", "county", "couple", "course", "cover", "create", "created", "crime",
    "crisis", "critical", "cross", "crowd", "cup", "current", "cut", "cuts", "daily", "damage",
    "date", "daughter", "dead", "deal", "death", "debate", "debt", "decade", "decision", "deep",
    "defense", "degree", "demand", "despite", "detail", "details", "died", "director", "discuss",
    "disease", "district", "doing", "door", "double", "doubt", "dr", "draw", "drive", "driver",
    "drop", "drug", "drugs", "due", "earlier", "east", "economic", "economy", "edge", "editor",
    "effect", "effort", "efforts", "election", "ended", "energy", "ensure", "entire", "equal",
    "estate", "event", "events", "everyone", "evidence", "exactly", "example", "expect", "expert",
    "experts", "face", "faced", "facing", "fact", "failed", "fair", "fall", "fast", "father",
    "fear", "federal", "feel", "feet", "fell", "felt", "field", "fight", "fighting", "figure",
    "figures", "file", "final", "finally", "fine", "fire", "firm", "floor", "focus", "follow",
    "followed", "food", "force", "forced", "forces", "foreign", "form", "forward", "friend",
    "friends", "front", "fund", "funding", "funds", "further", "future", "gain", "games", "gas",
    "general", "getting", "girl", "giving", "global", "goal", "goals", "gold", "gone", "green",
    "ground", "groups", "growing", "growth", "guard", "guilty", "hand", "hands", "happen",
    "happened", "hard", "having", "head", "hear", "heard", "heart", "heavy", "higher", "himself",
    "history", "holding", "hope", "hospital", "hot", "hotel", "hour", "hours", "housing", "huge",
    "human", "hundreds", "idea", "ii", "image", "impact", "include", "included", "income",
    "increase", "industry", "inside", "instead", "interest", "internal", "involved", "island",
    "itself", "job", "jobs", "join", "joined", "judge", "justice", "key", "kids", "killed",
    "killing", "kind", "king", "labor", "lack", "land", "largely", "latest", "launch", "laws",
    "lawyer", "lead", "leader", "leaders", "leading", "led", "legal", "letter", "levels", "light",
    "limited", "line", "list", "lives", "living", "longer", "looking", "looks", "lot", "love",
    "low", "lower", "main", "majority", "makes", "march", "markets", "matter", "maybe", "me",
    "mean", "means", "measures", "media", "medical", "meeting", "member", "middle", "military",
    "minutes", "missing", "model", "moment", "mother", "movement", "music", "name", "named",
    "nation", "nations", "natural", "nearly", "needed", "needs", "neither", "network", "none",
    "north", "note", "nothing", "numbers", "offer", "offered", "office", "officer", "officers",
    "official", "oil", "ones", "online", "opened", "opinion", "order", "outside", "page",
    "parents", "park", "parties", "passed", "past", "peace", "per", "period", "person", "personal",
    "phone", "picture", "piece", "placed", "player", "players", "playing", "please", "poor",
    "popular", "position", "possible", "post", "powers", "present", "press", "pressure", "price",
    "prices", "prime", "prison", "private", "probably", "process", "produce", "product", "project",
    "property", "protect", "protest", "provide", "provided", "pull", "quality", "quarter",
    "question", "quickly", "quite", "race", "raised", "range", "rate", "rates", "reach", "reached",
    "read", "ready", "reason", "record", "red", "reduce", "region", "release", "released",
    "remain", "remained", "remains", "reports", "republic", "required", "research", "response",
    "rest", "result", "results", "return", "returned", "revenue", "review", "rights", "rise",
    "rising", "risk", "road", "role", "room", "rose", "round", "rule", "rules", "running",
    "safety", "sale", "sales", "saying", "scene", "schools", "seat", "sell", "send", "senior",
    "sense", "sent", "series", "serious", "share", "shot", "showed", "sign", "signed", "similar",
    "simply", "single", "sister", "site", "size", "social", "society", "someone", "son", "soon",
    "sort", "sound", "source", "sources", "south", "space", "speak", "speaking", "special",
    "spending", "spoke", "sport", "sports", "spring", "staff", "stage", "stand", "standard",
    "star", "start", "started", "station", "status", "stay", "step", "stock", "stop", "stopped",
    "stories", "story", "street", "strong", "student", "students", "study", "style", "subject",
    "success", "suffered", "summer", "supply", "sure", "table", "talk", "talks", "target", "task",
    "tax", "taxes", "teams", "term", "terms", "test", "thing", "things", "thought", "threat",
    "thus", "top", "total", "toward", "towards", "town", "trade", "traffic", "training", "travel",
    "trial", "trip", "troops", "true", "trust", "truth", "union", "unit", "united", "using",
    "usually", "value", "various", "victims", "victory", "video", "view", "violence", "visit",
    "vote", "voters", "votes", "wall", "wants", "watch", "weekend", "west", "white", "wide",
    "wife", "wing", "winter", "word", "words", "workers", "working", "works", "worse", "write",
    "writing", "written", "wrong",
];

/// "La Vinotinto" where the same document also writes "the Vinotinto" or "the Sub 20
/// Vinotinto": the source's article was left on a name the translation otherwise handles as
/// English.
///
/// `candidates` are the indices of the words that are at most [`LONGEST_ARTICLE`] bytes long
/// and open with an ASCII capital, in order.
fn foreign_articles(doc: &Document, candidates: &[usize], out: &mut Vec<Finding>) {
    let text = doc.text();
    let words = doc.words();
    // The words that follow "the", gathered at the first candidate: one pass over the
    // document rather than one per candidate. The candidate's own name follows its foreign
    // article, never "the", so it is not among them.
    let mut after_the: Option<FxHashSet<&str>> = None;
    for &index in candidates {
        let Some(pair) = words.get(index..index + 2) else {
            continue;
        };
        let (article, name) = (&text[pair[0].clone()], &text[pair[1].clone()]);
        if !ARTICLES.contains(&article)
            || ENGLISH_ARTICLE_NAMES.contains(&(article, name))
            || &text[pair[0].end..pair[1].start] != " "
            || !is_capitalized(name)
            || name.chars().all(char::is_uppercase)
            || is_known(name)
        {
            continue;
        }
        let after_the = after_the.get_or_insert_with(|| {
            (0..words.len())
                .filter(|&k| follows_english_article(text, words, k))
                .map(|k| &text[words[k].clone()])
                .collect()
        });
        if after_the.contains(name) {
            out.push(Finding::new(pair[0].start..pair[1].end));
        }
    }
}

/// Whether the word at `index` follows "the", directly or past up to two short labels or
/// numbers ("the Sub 20 Vinotinto").
fn follows_english_article(text: &str, words: &[Range<usize>], index: usize) -> bool {
    for back in 1..=3 {
        let Some(k) = index.checked_sub(back) else {
            return false;
        };
        let word = &text[words[k].clone()];
        if word == "the" || word == "The" {
            return true;
        }
        // Only short labels and numbers: "the Spanish Liga" is English for a different thing.
        let label = word.chars().all(|c| c.is_ascii_digit())
            || (is_capitalized(word) && word.chars().count() <= 3);
        if !label || ARTICLES.contains(&word) {
            return false;
        }
    }
    false
}

/// Matching pairs of delimiters inside a range, for each set of delimiters, found in one pass
/// over the range; a quote that opens and closes with the same character toggles.
fn pairs_of_each<const N: usize>(
    text: &str,
    range: Range<usize>,
    sets: [&[(char, char)]; N],
) -> [Vec<Range<usize>>; N] {
    let mut out: [Vec<Range<usize>>; N] = std::array::from_fn(|_| Vec::new());
    let mut open: [Vec<(char, usize)>; N] = std::array::from_fn(|_| Vec::new());
    let bytes = &text.as_bytes()[range.clone()];
    let mut offset = 0;
    // Most characters delimit nothing: the bytes that can start a delimiter (the curly quotes
    // and guillemets start with 0xE2 and 0xC2) are found by a table, the rest passed over
    // undecoded.
    while let Some(skip) =
        bytes[offset..].iter().position(|&byte| STARTS_DELIMITER[usize::from(byte)])
    {
        let at = range.start + offset + skip;
        offset += skip + 1;
        let Some(c) = text[at..].chars().next().filter(|&c| is_delimiter(c)) else {
            continue;
        };
        // A character of no delimiter of a set changes nothing of that set's pairs.
        for ((delimiters, open), out) in sets.iter().zip(&mut open).zip(&mut out) {
            pair_delimiter(text, delimiters, c, at, open, out);
        }
    }
    for out in &mut out {
        out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    }
    out
}

/// Takes the delimiter `c` at `at` into the pairs of one set: it closes the innermost pair
/// still `open` that it closes, or opens one.
fn pair_delimiter(
    text: &str,
    delimiters: &[(char, char)],
    c: char,
    at: usize,
    open: &mut Vec<(char, usize)>,
    out: &mut Vec<Range<usize>>,
) {
    if let Some(position) = open.iter().rposition(|(close, _)| *close == c) {
        let (_, start) = open[position];
        // An apostrophe inside a word is no closing quote.
        if c == '’' && text[at + c.len_utf8()..].chars().next().is_some_and(char::is_alphabetic) {
            return;
        }
        open.truncate(position);
        out.push(start..at + c.len_utf8());
        return;
    }
    if let Some(&(_, close)) = delimiters.iter().find(|(o, _)| *o == c) {
        if c == '‘' && text[..at].chars().next_back().is_some_and(char::is_alphabetic) {
            return;
        }
        open.push((close, at));
    }
}

/// Whether a byte may start a character of [`is_delimiter`].
const fn may_start_delimiter(byte: u8) -> bool {
    matches!(byte, b'(' | b')' | b'[' | b']' | b'"' | 0xC2 | 0xE2)
}

/// [`may_start_delimiter`] of each byte: one load where the test takes a compare a value.
static STARTS_DELIMITER: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = may_start_delimiter(byte as u8);
        byte += 1;
    }
    table
};

/// Every character of [`BRACKETS`] and [`QUOTES`].
fn is_delimiter(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '“' | '”' | '«' | '»' | '„' | '"' | '‘' | '’')
}

/// The index of the innermost pair that strictly contains a word.
fn innermost(pairs: &[Range<usize>], word: &Range<usize>) -> Option<usize> {
    pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start < word.start && word.end < p.end)
        .min_by_key(|(_, p)| p.end - p.start)
        .map(|(i, _)| i)
}

fn word_count(text: &str, range: &Range<usize>) -> usize {
    text[range.clone()].split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// A parenthesis right after a quotation, a name or a title, or the name of a language gives
/// the original of what precedes it: "“order and progress” (ordem e progresso)", "in Spanish
/// (…)".
fn glosses_previous_words(text: &str, open: usize) -> bool {
    if !text[open..].starts_with('(') {
        return false;
    }
    let before = text[..open].trim_end();
    if before.ends_with(['”', '"', '’', '»']) {
        return true;
    }
    let last_word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // After a capitalized word the parenthesis holds the original of a name or a title:
    // "On the Freedom of the Will (Über die Freiheit des Willens)".
    if is_capitalized(&last_word) {
        return true;
    }
    matches!(
        last_word.as_str(),
        "Portuguese"
            | "Spanish"
            | "French"
            | "German"
            | "Italian"
            | "Catalan"
            | "Dutch"
            | "Latin"
            | "original"
            | "translation"
            | "translated"
            | "called"
            | "dubbed"
            | "named"
    )
}

/// A run inside a parenthesis glosses the words before it: "the Verkhovna Rada (Верховна
/// Рада)", "Homs Military Academy (Arabic: الكلية العسكرية بحمص)".
fn is_parenthesized(text: &str, span: &Range<usize>) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i);
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end];
    let open = before.rfind('(').is_some_and(|o| !before[o..].contains(')'));
    let close = after.find(')').is_some_and(|c| !after[..c].contains('('));
    open && close
}

/// Text that names the language of a non-Latin run near it quotes that language on purpose:
/// "In Arabic, al-Jazira means “the island”".
fn names_its_language(doc: &Document, span: &Range<usize>) -> bool {
    let Some(paragraph) =
        doc.paragraphs().iter().find(|p| p.start <= span.start && span.end <= p.end)
    else {
        return false;
    };
    let text = &doc.text()[paragraph.clone()];
    let Some(first) = doc.text()[span.clone()].chars().find(|c| c.is_alphabetic()) else {
        return false;
    };
    language_names(first).iter().any(|name| text.contains(name))
}

/// The names of the languages written in the script of a letter.
fn language_names(letter: char) -> &'static [&'static str] {
    match letter {
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => {
            &["Arabic", "Persian", "Farsi", "Dari", "Urdu", "Pashto", "Kurdish", "Sorani"]
        }
        '\u{0400}'..='\u{052F}' => &[
            "Russian",
            "Ukrainian",
            "Belarusian",
            "Bulgarian",
            "Serbian",
            "Macedonian",
            "Kazakh",
            "Kyrgyz",
            "Tajik",
            "Mongolian",
            "Cyrillic",
        ],
        '\u{0590}'..='\u{05FF}' => &["Hebrew", "Yiddish"],
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => &["Greek"],
        '\u{3040}'..='\u{30FF}' => &["Japanese"],
        '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => &["Korean"],
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => {
            &["Chinese", "Mandarin", "Cantonese", "Japanese", "Kanji"]
        }
        '\u{0900}'..='\u{097F}' => &["Hindi", "Sanskrit", "Marathi", "Nepali"],
        '\u{0E00}'..='\u{0E7F}' => &["Thai"],
        '\u{10A0}'..='\u{10FF}' => &["Georgian"],
        '\u{0530}'..='\u{058F}' => &["Armenian"],
        '\u{1200}'..='\u{139F}' => &["Amharic", "Tigrinya", "Ge'ez"],
        _ => &[],
    }
}

/// Whether a word is part of a web or e-mail address, whose words are no language. White
/// space may be wider than one byte (a no-break space).
fn in_address(text: &str, word: &Range<usize>) -> bool {
    // Most words stand between ASCII white space and have only ASCII letters and punctuation
    // after them: their chunk is read in bytes.
    let bytes = text.as_bytes();
    let space = |b: &u8| is_ascii_white_space(*b);
    if word.start == 0 || space(&bytes[word.start - 1]) {
        let rest = &bytes[word.start..];
        let len = rest.iter().position(|b| !b.is_ascii() || space(b)).unwrap_or(rest.len());
        if rest.get(len).is_none_or(space) {
            return is_address(&rest[..len]);
        }
    }
    let start = text[..word.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[word.end..].find(char::is_whitespace).map_or(text.len(), |i| word.end + i);
    is_address(&text.as_bytes()[start..end])
}

/// Whether a chunk of text between white space is a URL, a web or e-mail address, or a path.
fn is_address(chunk: &[u8]) -> bool {
    // One pass notes the bytes an address needs; most chunks have neither '@' nor '/', and
    // "://" needs a '/'.
    let (mut at, mut slash, mut dot) = (false, false, false);
    for &b in chunk {
        at |= b == b'@';
        slash |= b == b'/';
        dot |= b == b'.';
    }
    at || chunk.starts_with(b"www.")
        || (slash && (chunk.windows(3).any(|w| w == b"://") || (dot && !chunk.ends_with(b"."))))
}

/// A letter of an abbreviation or an initial: "e.g.", "a.m.", "O. a. adametzi".
fn is_initial(text: &str, word: &Range<usize>) -> bool {
    // The byte after the word first: most words are followed by no full stop.
    text[word.end..].starts_with('.') && text[word.clone()].chars().count() == 1
}

/// The name of an HTML entity left in the text ("&nbsp;").
fn is_entity(text: &str, word: &Range<usize>) -> bool {
    text[..word.start].ends_with('&') || text[..word.start].ends_with("&#")
}

/// A part of a hyphenated compound ("para-military", "un-American") or of a word broken across
/// a line: parts of one word, not words of a language.
fn is_hyphenated(text: &str, word: &Range<usize>) -> bool {
    let before = text[..word.start].chars().next_back();
    let after = text[word.end..].chars().next();
    matches!(before, Some('-' | '\u{2010}' | '\u{00AD}'))
        || matches!(after, Some('-' | '\u{2010}' | '\u{00AD}'))
}

/// Opening punctuation after which a capitalized word starts a clause rather than a name.
fn opens_clause(gap: &str) -> bool {
    gap.contains(['(', '[', '“', '"', '«', '„', '‘', ':', '—', '–'])
}

fn is_capitalized(word: &str) -> bool {
    word.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)
}

/// A letter outside the Latin script.
fn is_non_latin_letter(c: char) -> bool {
    c.is_alphabetic() && !is_latin_letter(c)
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c,
            '\u{00AA}' | '\u{00BA}'
            | '\u{00C0}'..='\u{024F}'
            | '\u{0250}'..='\u{02AF}'
            | '\u{1D00}'..='\u{1DBF}'
            | '\u{1E00}'..='\u{1EFF}'
            | '\u{2C60}'..='\u{2C7F}'
            | '\u{A720}'..='\u{A7FF}'
            | '\u{AB30}'..='\u{AB6F}'
            | '\u{FB00}'..='\u{FB06}'
            | '\u{FF21}'..='\u{FF3A}'
            | '\u{FF41}'..='\u{FF5A}')
}

/// A word written wholly in a non-Latin script.
fn is_non_latin_word(word: &str) -> bool {
    // Asked of every word, and most are ASCII.
    !word.is_ascii() && word.chars().any(is_non_latin_letter) && !word.chars().any(is_latin_letter)
}

/// Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    const PACK: &str = r#"
[pack]
name = "t"
description = "test"

[[rule]]
name = "untranslated"
kind = "untranslated"
category = "untranslated"
message = "text in another language: `{match}`"
description = "Foreign text."
markers = ["de", "da", "do", "della", "il", "gli", "una", "un", "e", "que", "o que", "les", "une", "sans", "en", "und", "nicht", "die", "der", "ndlr", "la", "el"]
allow = ["de facto", "per se", "la dolce vita"]
examples = []
"#;

    #[test]
    fn common_english_words_are_lower_case_lexicon_words() {
        let rule = rule(true);
        let kinds = |word: &str| rule.word_kinds.get(word_key(word.as_bytes(), &(0..word.len()))).0;
        for word in COMMON_ENGLISH {
            assert!((2..=WordKinds::LONGEST).contains(&word.len()), "{word}");
            assert!(word.bytes().all(|b| b.is_ascii_lowercase()), "{word}");
            assert!(english_tier(word).is_some(), "{word}");
            assert!(kinds(word) & COMMON != 0, "{word}");
        }
        for word in ["th", "thee", "a", "i", "teh", "xyz", "thefts", "mightier", "de", "della"] {
            assert_eq!(kinds(word) & COMMON != 0, COMMON_ENGLISH.contains(&word), "{word}");
        }
    }

    #[test]
    fn word_kinds_hold_each_word_with_its_kinds() {
        let words = ["de", "della", "nosotros", "the", "and", "a", "x", "la", "longerthaneight"];
        let kinds = WordKinds::new(words.iter().enumerate().map(|(i, w)| (*w, 1 << (i % 3))));
        for (i, word) in words.iter().enumerate() {
            // A longer word has no key: the table leaves it out (counted below).
            if word.len() <= WordKinds::LONGEST {
                let (found, marks) = kinds.get(word_key(word.as_bytes(), &(0..word.len())));
                assert_eq!(found, 1 << (i % 3) | LOWER_ONLY, "{word}");
                assert_eq!(marks, lower_case_marks(word.len(), found), "{word}");
            }
        }
        let held = kinds.slots.iter().filter(|(key, ..)| *key != 0).count();
        assert_eq!(held, words.iter().filter(|w| w.len() <= WordKinds::LONGEST).count());
        // A word given twice has both kinds.
        let twice = WordKinds::new([("que", OPENER), ("que", COMMON)].into_iter());
        assert_eq!(twice.get(word_key(b"que", &(0..3))).0, OPENER | COMMON | LOWER_ONLY);
        for word in ["d", "dell", "dellaa", "th", "an", "nosotro", "y"] {
            assert_eq!(kinds.get(word_key(word.as_bytes(), &(0..word.len()))), (0, 0), "{word}");
        }
    }

    #[test]
    fn word_keys_read_the_word_alone_wherever_it_stands() {
        let text = b"la casa della nonna e il gatto";
        let mut start = 0;
        for word in ["la", "casa", "della", "nonna", "e", "il", "gatto"] {
            let range = start..start + word.len();
            assert_eq!(&text[range.clone()], word.as_bytes());
            // Near the end of the text the bytes are gathered one at a time.
            assert_eq!(word_key(text, &range), word_key(word.as_bytes(), &(0..word.len())));
            start = range.end + 1;
        }
    }

    fn findings(text: &str) -> Vec<String> {
        crate::rules::matched_by_pack(PACK, text)
    }

    /// The rule of `PACK`, or of the built-in pack when `builtin` is set.
    fn rule(builtin: bool) -> Untranslated {
        let text = if builtin {
            crate::rules::BUILTIN_PACKS.iter().find(|(name, _)| *name == "language.toml").unwrap().1
        } else {
            PACK
        };
        let pack: crate::rules::spec::PackFile = toml::from_str(text).unwrap();
        let spec = pack.rule.iter().find(|r| r.get_ref().kind.get_ref() == "untranslated").unwrap();
        let compiler = Compiler { path: "t.toml", source: text, eager_regexes: true };
        build(spec.get_ref(), &compiler).unwrap()
    }

    /// `foreign_language` answers as identifying the language among all of them and then
    /// always asking the head-to-head against English would.
    #[test]
    fn a_sure_first_answer_stands_for_the_head_to_head() {
        let rule = rule(true);
        let detector = whatlang::Detector::with_allowlist(LANGUAGES.to_vec());
        let texts = [
            "travaux terminés avant la fin du mois, selon la mairie",
            "les habitants du quartier attendent une réponse",
            "el puente estará abierto a partir del lunes",
            "a obra deve ficar pronta antes do verão",
            "die Brücke bleibt bis zum Frühjahr gesperrt",
            "il cantiere resterà aperto per tutto l'inverno",
            "de brug gaat volgend jaar weer open",
            "les obres del pont acabaran a la tardor",
            "the bridge will reopen in the spring",
            "per capita spending rose in the region",
            "sans retard",
            "de la",
            "a la carte menu for the night",
            "Pôle Emploi, NDLR",
            "qualche volta the council agreed",
        ];
        let mut shortcuts = 0;
        for text in texts {
            for min_confidence in [0.0, 0.5, 0.95] {
                let expected = detector.detect(text).and_then(|info| {
                    (info.lang() != Lang::Eng
                        && head_to_head(&identify::Passage::new(text), info.lang(), min_confidence))
                    .then_some(info.lang())
                });
                assert_eq!(rule.foreign_language(text, min_confidence), expected, "{text}");
            }
            let info = detector.detect(text);
            shortcuts +=
                usize::from(info.is_some_and(|i| i.lang() != Lang::Eng && i.is_reliable()));
        }
        // The shortcut is taken, not only the long way round.
        assert!(shortcuts >= 3, "{shortcuts}");
    }

    /// The answers found again are those identified anew, whatever was asked before.
    #[test]
    fn foreign_languages_found_again_are_those_identified_anew() {
        let rule = rule(true);
        let texts = [
            "travaux terminés avant la fin du mois, selon la mairie",
            "sans retard",
            "de la",
            "a la carte menu for the night",
            "qualche volta the council agreed",
            "il governo",
        ];
        let confidences = [0.0, 0.5, 0.95];
        let mut differ = 0;
        for round in 0..3 {
            for text in texts {
                for k in 0..confidences.len() {
                    let min_confidence = confidences[(k + round) % confidences.len()];
                    let anew = rule.identify_foreign_language(text, min_confidence);
                    assert_eq!(rule.foreign_language(text, min_confidence), anew, "{text}");
                    differ += usize::from(anew != rule.identify_foreign_language(text, 0.0));
                }
            }
        }
        // The confidence asked for changes some answers.
        assert!(differ > 0);
    }

    #[test]
    fn addresses_are_found_whatever_surrounds_them() {
        let cases = [
            ("see www.example.org for more", "example", true),
            ("write to editor@example.org today", "editor", true),
            ("at https://example.org/news", "news", true),
            ("the file docs/report.pdf here", "report", true),
            ("the end of the story.", "story", false),
            ("and/or", "and", false),
            ("a\u{b}www.example.org", "example", true),
            ("a\u{a0}www.example.org", "example", true),
            ("«www.example.org»", "example", false),
            ("dit-il\u{a0}: www", "il", false),
            ("www", "www", false),
        ];
        for (text, word, expected) in cases {
            let start = text.find(word).unwrap();
            let range = start..start + word.len();
            assert_eq!(in_address(text, &range), expected, "{text:?}");
            // The character walk that the byte path stands in for.
            let chunk_start = text[..start]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let chunk_end =
                text[range.end..].find(char::is_whitespace).map_or(text.len(), |i| range.end + i);
            assert_eq!(is_address(&text.as_bytes()[chunk_start..chunk_end]), expected, "{text:?}");
        }
    }

    /// The flags of every word of a document, as `check_document` has them.
    fn word_flags(rule: &Untranslated, doc: &Document) -> Vec<u8> {
        let mut buffer = String::new();
        doc.words()
            .iter()
            .map(|range| {
                let flags = byte_flags(&doc.text().as_bytes()[range.clone()]);
                let strong = rule.may_be_strong(doc.text(), range, flags, &mut buffer);
                if strong { flags | MAY_BE_STRONG } else { flags }
            })
            .collect()
    }

    fn tokens_of(text: &str) -> Vec<Token> {
        let token = |range| Token {
            range,
            class: Class::Neutral,
            bracket: None,
            quote: None,
            marker: false,
        };
        word_ranges(text).into_iter().map(token).collect()
    }

    #[test]
    fn mention_words_are_found_in_any_case_within_three_words() {
        for (text, expected) in [
            ("the slogan", true),
            ("the Slogan of", true),
            ("KNOWN as a", true),
            ("\u{212A}nown as", true),
            ("known a b c", false),
            ("the slogans", false),
            ("a señal", false),
        ] {
            assert_eq!(is_mentioned(text, &tokens_of(text)), expected, "{text}");
        }
    }

    /// Every ASCII byte, at every place of words of every length up to eight, among bytes of
    /// each flag.
    #[test]
    fn ascii_flags_are_byte_flags() {
        for byte in 0..0x80u8 {
            for filler in [b'a', b'Z', b'\'', b'0', 0] {
                for len in 1..=8 {
                    for at in 0..len {
                        let mut word = vec![filler; len];
                        word[at] = byte;
                        let key = word_key(&word, &(0..len));
                        assert_eq!(ascii_flags(key), byte_flags(&word), "{word:?}");
                        let lower = word.to_ascii_lowercase();
                        assert_eq!(key | ascii_capitals(key) >> 2, word_key(&lower, &(0..len)));
                    }
                }
            }
        }
    }

    #[test]
    fn byte_flags_name_what_a_word_holds() {
        assert_eq!(byte_flags(b"della"), LOWER);
        assert_eq!(byte_flags(b"DELLA"), UPPER);
        assert_eq!(byte_flags(b"dell'Anno"), APOSTROPHE | UPPER | LOWER);
        assert_eq!(byte_flags(b"1,200"), 0);
        assert_eq!(byte_flags("l\u{2019}été".as_bytes()), NON_ASCII | LOWER);
        for b in 0..=255u8 {
            let expected = if !b.is_ascii() {
                NON_ASCII
            } else if b == b'\'' {
                APOSTROPHE
            } else if b.is_ascii_uppercase() {
                UPPER
            } else if b.is_ascii_lowercase() {
                LOWER
            } else {
                0
            };
            assert_eq!(byte_flags(&[b]), expected, "{b}");
        }
    }

    #[test]
    fn the_shape_filter_keeps_every_opener() {
        let rule = rule(true);
        let ascii: Vec<&String> = rule.strong_openers.iter().filter(|w| w.is_ascii()).collect();
        assert!(ascii.len() > 10);
        for word in &ascii {
            assert!(rule.opener_shapes.may_hold(word.as_bytes()), "{word}");
            let capitalized = word[..1].to_ascii_uppercase() + &word[1..];
            assert!(rule.opener_shapes.may_hold(capitalized.as_bytes()), "{capitalized}");
            assert!(rule.opener_shapes.may_hold(word.to_ascii_uppercase().as_bytes()), "{word}");
        }
        let english = ["the", "council", "said", "would", "bridge", "water", "morning"];
        let passed = english.iter().filter(|w| rule.opener_shapes.may_hold(w.as_bytes())).count();
        assert!(passed < english.len(), "{passed}");
    }

    #[test]
    fn the_shape_filters_keep_every_marker_and_accepted_word() {
        let rule = rule(true);
        assert!(rule.markers.len() > 100 && rule.allow.len() > 100);
        assert!(rule.markers.iter().any(|m| !m.is_ascii()));
        for marker in &rule.markers {
            assert!(rule.is_marker(marker), "{marker}");
        }
        for first in rule.allow.keys() {
            assert!(rule.allow_shapes.may_hold(first.as_bytes()), "{first}");
        }
        assert!(!rule.is_marker("") && !rule.is_marker("council"));
    }

    #[test]
    fn sentences_passed_over_would_have_had_no_finding() {
        let texts = [
            "The minister said the talks were sincere and que the deal would hold.",
            "It was, he said, [o que] they had hoped, and les enfants sans parents agreed.",
            "The mayor of l'Aquila visited dell'Orto and spoke about l'économie du pays.",
            "We saw die Katze und der Hund nicht im Garten, said the keeper.",
            "Officials wrote (ordem e progresso) on the banner, then (sem medo de nada).",
            "Do not say no to plus fees; die-hard fans do that at the era of con artists.",
            "Eles disseram que não há mais tempo para esperar pela decisão do governo.",
            "El presidente dijo que la economía está en una situación muy difícil.",
            "Alexandre de Moraes and Piero della Francesca were named in the report.",
            "The council approved the budget on Tuesday after a long debate.",
            "Traffic engineers expect delays until the end of April, she said.",
        ];
        for builtin in [false, true] {
            let rule = rule(builtin);
            let mut screened_out = 0;
            for text in texts {
                let doc = Document::new(text);
                let flags = word_flags(&rule, &doc);
                for (index, sentence) in doc.sentences().iter().enumerate() {
                    if may_hold_strong_evidence(&flags[doc.sentence_word_indices(index)]) {
                        continue;
                    }
                    screened_out += 1;
                    let mut out = Vec::new();
                    check_sentence_plainly(&rule, &doc, sentence.clone(), &flags, &mut out);
                    assert!(out.is_empty(), "{text}: {out:?}");
                }
            }
            assert!(screened_out >= 2, "the screen passed over {screened_out} sentences");
        }
        // Sentences with strong evidence go on to be checked.
        for builtin in [false, true] {
            let rule = rule(builtin);
            for text in [texts[0], texts[2], texts[7]] {
                let doc = Document::new(text);
                let flags = word_flags(&rule, &doc);
                assert!(may_hold_strong_evidence(&flags[doc.sentence_word_indices(0)]), "{text}");
            }
        }
    }

    #[test]
    fn one_word_entries_are_split_as_the_segmenter_splits_them() {
        let pack: toml::Value = toml::from_str(include_str!("../../rules/language.toml")).unwrap();
        let entries: Vec<&str> = pack["rule"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|rule| ["markers", "allow"].map(|key| rule.get(key)))
            .flatten()
            .flat_map(|list| list.as_array().unwrap())
            .map(|entry| entry.as_str().unwrap())
            .collect();
        assert!(entries.len() > 500);
        for entry in entries.into_iter().chain(["Und", "DELLA", "a", "de facto", "l'", "é"]) {
            assert_eq!(phrase_words(entry), segmented_words(entry), "{entry}");
        }
    }

    #[test]
    fn foreign_words_inside_an_english_sentence() {
        assert_eq!(
            findings("The minister said that il governo would resign before the vote."),
            ["il governo"]
        );
    }

    #[test]
    fn names_with_particles_are_english_text() {
        let text = "Justice Alexandre de Moraes met officials of Banco do Brasil and the head \
                    of La Liga, then flew to Paris to visit Pôle Emploi with Piero della Torre.";
        assert!(findings(text).is_empty());
    }

    #[test]
    fn accepted_loans_stay_silent() {
        assert!(findings("The ban is de facto permanent, and la dolce vita is over.").is_empty());
    }

    #[test]
    fn foreign_bracket_is_reported_whole() {
        let text = "He spoke of France Travail [transformation de Pôle Emploi, NDLR] and of \
                    the schools that must move forward by the summer.";
        assert_eq!(findings(text), ["[transformation de Pôle Emploi, NDLR]"]);
        let text = "Never had he seen such abuse of public machinery as [o que] occurred in \
                    this last election, he said.";
        assert_eq!(findings(text), ["[o que]"]);
    }

    #[test]
    fn a_repeated_sentence_is_reported_wherever_it_stands() {
        let sentence = "He spoke of France Travail [transformation de Pôle Emploi, NDLR] and of \
                        the schools that must move forward by the summer.";
        let text = format!("{sentence} The mayor agreed.\n\n{sentence}\n\n“{sentence}”");
        let bracket = "[transformation de Pôle Emploi, NDLR]";
        assert_eq!(findings(&text), [bracket; 3]);
        // A parenthesis that opens a sentence may gloss the words before it, wherever they
        // stand: after a quotation it is the original of the quotation.
        let text = "The sign read “order and progress”. (ordem e progresso) The crowd cheered. \
                    The sign read the words we know. (ordem e progresso) The crowd cheered.";
        let alone: Vec<String> =
            text.split_inclusive("cheered.").flat_map(|part| findings(part.trim())).collect();
        assert_eq!(findings(text), alone);
    }

    #[test]
    fn foreign_sentence_is_reported_whole() {
        let text = "The minister paid tribute to the victims on Sunday, writing on Facebook \
                    that the town would never forget them. The mayor said the school would \
                    close for a week.\n\nNicoletta era una \
                    mamma protettiva, un’amica sincera e discreta, una donna forte e fragile \
                    allo stesso tempo.\n\nThe funeral will be held on Friday.";
        let found = findings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("Nicoletta era una mamma"), "{found:?}");
    }

    #[test]
    fn documents_without_other_scripts_skip_the_non_latin_search() {
        // The search is skipped when `english_document` counted no word of another script,
        // so every word it could start from must be one that is counted.
        for word in ["Москва", "東京", "مرحبا", "ΑΘΗΝΑ", "café", "Zürich", "abc", "12"]
        {
            if is_non_latin_word(word) {
                assert!(!word.is_ascii() && word.chars().any(is_non_latin_letter), "{word}");
            }
        }
        let doc =
            Document::new("The mayor of Kyiv (Київ) spoke to the council today, the paper said.");
        assert!(
            english_document(&doc, rule(false).read_words(&doc))
                .is_some_and(|s| s.has_non_latin_words)
        );
        let doc = Document::new("The mayor of Zürich spoke today, the paper said.");
        assert!(
            english_document(&doc, rule(false).read_words(&doc))
                .is_some_and(|s| !s.has_non_latin_words)
        );
    }

    /// [`Untranslated::read_words`] with every word marked by [`Untranslated::mark_word`], and
    /// the counts taken as the share is defined.
    fn read_words_plainly(rule: &Untranslated, doc: &Document) -> DocumentWords {
        let text = doc.text();
        let mut rare = RareWords::default();
        let word_flags: Vec<u8> = (doc.words().iter().enumerate())
            .map(|(index, range)| {
                // Each word read anew, without the marks kept of words met before.
                rare.non_ascii_words.clear();
                rule.mark_word(text, index, range, &mut rare)
            })
            .collect();
        let (mut latin, mut lower, mut common) = (0, 0, 0);
        for range in doc.words() {
            let word = &text[range.clone()];
            if word.chars().any(is_non_latin_letter) || !word.chars().any(char::is_alphabetic) {
                continue;
            }
            latin += 1;
            if word.chars().all(|c| !c.is_uppercase()) && word.chars().count() > 1 {
                lower += 1;
                common += usize::from(COMMON_ENGLISH.contains(&word));
            }
        }
        DocumentWords {
            latin,
            other: doc
                .words()
                .iter()
                .filter(|r| text[(*r).clone()].chars().any(is_non_latin_letter))
                .count(),
            lower,
            common,
            strong_words: (0..word_flags.len())
                .filter(|&i| word_flags[i] & MAY_BE_STRONG != 0)
                .collect(),
            article_candidates: rare.article_candidates,
            word_flags,
        }
    }

    /// The English share counted over every word, as the verdict is defined.
    fn english_by_full_count(doc: &Document) -> bool {
        let text = doc.text();
        let (mut latin, mut other, mut lower, mut english) = (0usize, 0usize, 0usize, 0usize);
        for range in doc.words() {
            let word = &text[range.clone()];
            if word.chars().any(is_non_latin_letter) {
                other += 1;
                continue;
            }
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            latin += 1;
            if word.chars().all(|c| !c.is_uppercase()) && word.chars().count() > 1 {
                lower += 1;
                let normalized = normalize_word(word);
                if english_tier(&normalized).is_some()
                    || normalized.split_once('\'').is_some_and(|(p, _)| english_tier(p).is_some())
                {
                    english += 1;
                }
            }
        }
        lower > 0
            && english as f64 >= MIN_ENGLISH_SHARE * lower as f64
            && latin as f64 >= 0.8 * (latin + other) as f64
    }

    /// [`Untranslated::check_sentence`] without its shortcuts: every word classified and every
    /// bracket weighed, as the findings are defined.
    fn check_sentence_plainly(
        rule: &Untranslated,
        doc: &Document,
        sentence: Range<usize>,
        word_flags: &[u8],
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let words = SentenceWords::new(rule, doc, word_flags, sentence.clone());
        if words.len() == 0 {
            return;
        }
        // Each set's pairs found on their own.
        let [brackets] = pairs_of_each(text, sentence.clone(), [BRACKETS]);
        let [quotes] = pairs_of_each(text, sentence.clone(), [QUOTES]);
        let tokens: Vec<Token> = (0..words.len())
            .map(|i| {
                let range = &words.ranges[i];
                words.token(rule, i, innermost(&brackets, range), innermost(&quotes, range))
            })
            .collect();
        let mut reported = vec![false; brackets.len()];
        for (index, pair) in brackets.iter().enumerate() {
            let inside: Vec<Token> =
                tokens.iter().filter(|t| t.bracket == Some(index)).cloned().collect();
            if rule.is_foreign_bracket(text, pair, &inside) {
                reported[index] = true;
                out.push(Finding::new(pair.start..pair.end));
            }
        }
        rule.report_runs(doc, sentence, &tokens, &quotes, &reported, out);
    }

    /// The classes that accepted loans and marker phrases decide for a sentence's words, every
    /// phrase tried from every word.
    fn phrase_classes_plainly(rule: &Untranslated, words: &SentenceWords) -> Vec<Option<Class>> {
        let mut classes = vec![None; words.len()];
        for i in 0..words.len() {
            for phrase in rule.allow.values().flatten() {
                if words.lower.starts_with(i, phrase) {
                    classes[i..i + phrase.len()].fill(Some(Class::Neutral));
                }
            }
            for phrase in &rule.marker_phrases {
                let span = i..i + phrase.len();
                if words.lower.starts_with(i, phrase)
                    && classes[span.clone()].iter().all(Option::is_none)
                {
                    classes[span].fill(Some(Class::Strong));
                }
            }
        }
        classes
    }

    /// Sentences of foreign words, markers and elisions, English words, names, loans,
    /// brackets, quotation marks and addresses, foreign words the likeliest.
    fn mixed_sentences() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::sample::select;
        use proptest::strategy::Strategy;
        let foreign = select(vec![
            "de",
            "la",
            "del",
            "du",
            "que",
            "o",
            "e",
            "les",
            "sans",
            "selon",
            "della",
            "und",
            "nicht",
            "die",
            "il",
            "una",
            "travaux",
            "achevés",
            "retard",
            "chantier",
            "governo",
            "mamma",
            "sincera",
            "l'économie",
            "dell'Orto",
            "l’été",
            "d'Italia",
            "qu'il",
            "o que",
            "de facto",
            "la dolce vita",
        ]);
        let english = select(vec![
            "the",
            "council",
            "said",
            "work",
            "direction",
            "report",
            "as",
            "and",
            "in",
            "no",
            "minister's",
            "Lyon",
            "Moraes",
            "Pôle",
            "Emploi",
            "NDLR",
            "La",
            "Les",
            "Sans",
            "slogan",
            "known",
            "para-military",
            "www.example.org",
            "&nbsp;",
            "e.g.",
            "12",
            "Москва",
        ]);
        let marks = select(vec!["(", ")", "[", "]", "“", "”", "\"", "‘", "’", ",", ":", "—"]);
        let groups = select(vec![
            "(sans retard)",
            "[o que]",
            "(ordem e progresso)",
            "(la direction du chantier)",
            "[travaux achevés sans retard, selon la direction du chantier]",
            "(il governo)",
            "The Minister (sans retard)",
        ]);
        let part = proptest::prop_oneof![3 => foreign, 2 => english, 1 => marks, 1 => groups];
        proptest::collection::vec(part, 1..30).prop_map(|parts| parts.join(" ") + ".")
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// Sentences are reported as when every word is classified and every bracket weighed:
        /// the words and brackets passed over could not have changed a finding.
        #[test]
        fn sentences_are_checked_as_when_every_word_is_classified(
            text in mixed_sentences(),
            builtin in proptest::bool::ANY,
        ) {
            let rule = rule(builtin);
            let doc = Document::new(text);
            let flags = word_flags(&rule, &doc);
            for sentence in doc.sentences() {
                let (mut checked, mut plainly) = (Vec::new(), Vec::new());
                rule.check_sentence(&doc, sentence.clone(), &flags, &mut checked);
                check_sentence_plainly(&rule, &doc, sentence.clone(), &flags, &mut plainly);
                let spans =
                    |found: &[Finding]| found.iter().map(|f| f.span.clone()).collect::<Vec<_>>();
                proptest::prop_assert_eq!(spans(&checked), spans(&plainly));
                // Marker phrases are found from every word as from the marked ones.
                let marked = SentenceWords::new(&rule, &doc, &flags, sentence.clone());
                let all: Vec<u8> = flags.iter().map(|f| f | MAY_BE_STRONG).collect();
                let every = SentenceWords::new(&rule, &doc, &all, sentence.clone());
                proptest::prop_assert_eq!(&marked.phrase_classes, &every.phrase_classes);
                // And as when every phrase is tried from every word.
                proptest::prop_assert_eq!(
                    &marked.phrase_classes,
                    &phrase_classes_plainly(&rule, &marked)
                );
            }
        }
    }

    proptest::proptest! {
        /// The lookups stop once the share is settled, and the verdict is the one a count
        /// over every word gives: on documents mixing English and foreign words in any share.
        #[test]
        fn the_english_share_is_settled_as_a_full_count_settles_it(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "council", "voted", "yesterday", "and", "minister's", "Paris",
                    "que", "sospechoso", "detenido", "l’Élysée", "Москва", "café", "über",
                    "12", "été", "THE", "année", "ayer", "policía", "said", "would",
                    "nosotros", "representatives", "it's", "x", "e.g", "della", "covid-19",
                ]),
                0..40,
            )
        ) {
            let doc = Document::new(words.join(" "));
            proptest::prop_assert_eq!(
                english_document(&doc, rule(false).read_words(&doc)).is_some(),
                english_by_full_count(&doc)
            );
        }

        /// The pass that reads every word marks the words that may be strong evidence, and
        /// the common English words, as asking about each word on its own does.
        #[test]
        fn words_are_marked_as_when_each_is_asked_about(
            text in mixed_sentences(),
            builtin in proptest::bool::ANY,
        ) {
            let rule = rule(builtin);
            let doc = Document::new(text);
            let read = rule.read_words(&doc);
            let mut buffer = String::new();
            for (range, &flags) in doc.words().iter().zip(&read.word_flags) {
                let word = &doc.text()[range.clone()];
                let plain = byte_flags(word.as_bytes());
                proptest::prop_assert_eq!(flags & (NON_ASCII | APOSTROPHE | UPPER | LOWER), plain);
                proptest::prop_assert_eq!(
                    flags & MAY_BE_STRONG != 0,
                    rule.may_be_strong(doc.text(), range, plain, &mut buffer),
                    "{}", word
                );
                proptest::prop_assert_eq!(
                    flags & COMMON_ENGLISH_WORD != 0,
                    flags & LOWER_CASE_WORD != 0 && COMMON_ENGLISH.contains(&word),
                    "{}", word
                );
            }
            let marked: Vec<usize> =
                (0..read.word_flags.len()).filter(|&i| read.word_flags[i] & MAY_BE_STRONG != 0).collect();
            proptest::prop_assert_eq!(read.strong_words, marked);
            let text = doc.text();
            let articles: Vec<usize> = (0..doc.words().len())
                .filter(|&i| {
                    let word = &doc.words()[i];
                    word.len() <= LONGEST_ARTICLE && text.as_bytes()[word.start].is_ascii_uppercase()
                })
                .collect();
            proptest::prop_assert_eq!(read.article_candidates, articles);
        }

        /// The pass over the words reads most of them from eight bytes at once, and marks and
        /// counts them as reading each on its own does.
        #[test]
        fn words_are_read_as_when_each_is_read_on_its_own(
            text in proptest::prop_oneof![
                mixed_sentences(),
                proptest::collection::vec(
                    proptest::prop_oneof![
                        "[a-zA-Z0-9'.,@\\[`{-]{1,10}",
                        proptest::sample::select(vec![
                            "the", "The", "THE", "de", "De", "DE", "o", "O", "La", "Les", "del",
                            "Della", "qu'il", "l'été", "Москва", "café", "Zürich", "they'd",
                            "nosotros", "NOSOTROS", "sans", "x", "12", "covid-19",
                        ]).prop_map(String::from),
                    ],
                    0..20,
                ).prop_map(|words| words.join(" ")),
            ],
            builtin in proptest::bool::ANY,
        ) {
            let rule = rule(builtin);
            let doc = Document::new(text);
            proptest::prop_assert_eq!(rule.read_words(&doc), read_words_plainly(&rule, &doc));
        }

        /// A sentence's words, whether read from the text or written into the buffer, come
        /// out as each word's normal form.
        #[test]
        fn a_sentences_normalized_words_are_those_of_each_word(
            words in proptest::collection::vec("[a-zA-Z'’\u{e9}\u{c9}\u{301}\u{130}]{1,6}", 0..8)
        ) {
            let text = words.join(" ");
            let mut ranges = Vec::new();
            for word in &words {
                let start = ranges.last().map_or(0, |r: &Range<usize>| r.end + 1);
                ranges.push(start..start + word.len());
            }
            let flags: Vec<u8> = ranges.iter().map(|r| byte_flags(&text.as_bytes()[r.clone()])).collect();
            let lower = NormalizedWords::new(&text, &ranges, &flags);
            for (i, word) in words.iter().enumerate() {
                proptest::prop_assert_eq!(lower.get(i), normalize_word(word));
            }
        }

        /// Words already in NFC skip composition, and come out as composed ones do.
        #[test]
        fn normalized_words_are_composed_lower_case_with_straight_apostrophes(
            word in "[a-zA-Z'’\u{e9}\u{c9}\u{301}\u{308}\u{130}\u{3a3}\u{1e9e}]{1,8}"
        ) {
            let expected: String = word
                .nfc()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .collect();
            proptest::prop_assert_eq!(normalize_word(&word), expected);
        }
    }

    #[test]
    fn non_english_documents_are_left_alone() {
        assert!(findings("La policía dijo que el sospechoso fue detenido ayer.").is_empty());
    }

    #[test]
    fn longest_article_is_the_longest() {
        assert_eq!(ARTICLES.iter().map(|a| a.len()).max(), Some(LONGEST_ARTICLE));
    }

    #[test]
    fn non_latin_runs_but_not_glosses() {
        let text = "Crowds in the main square of the city chanted слава героям победа наша \
                    before the police came and moved them on to the park by the river.";
        assert_eq!(findings(text), ["слава героям победа наша"]);
        let text = "The parliament, the Verkhovna Rada (Верховна Рада), voted on Tuesday.";
        assert!(findings(text).is_empty());
        let text = "The word Київ appears on the sign.";
        assert!(findings(text).is_empty());
    }

    #[test]
    fn foreign_article_beside_the_english_one() {
        let text = "The Vinotinto lost twice. La Vinotinto will now move to Bogotá.";
        assert_eq!(findings(text), ["La Vinotinto"]);
        assert!(findings("La Liga resumes on Friday after the break.").is_empty());
    }

    #[test]
    fn addresses_entities_and_compounds_are_no_language() {
        let text = "The agency cited https://example.com/una/casa/della/nonna/e/il/gatto/ in \
                    its report on the para-military units, which the police had shared with \
                    reporters on Monday; the editors then closed the piece with &nbsp;&nbsp; \
                    marks, as they do with every story that runs on the front page.";
        assert!(findings(text).is_empty());
    }

    #[test]
    fn a_phrase_quoted_as_a_phrase_is_mentioned_not_used() {
        let text = "Macron borrowed the phrase en même temps from his advisers, aides said.";
        assert!(findings(text).is_empty());
    }

    #[test]
    fn foreign_article_after_a_label() {
        let text = "The sun rose for the Sub 20 Vinotinto on Saturday. La Vinotinto now moves on.";
        assert_eq!(findings(text), ["La Vinotinto"]);
        let text = "The Spanish Liga and the Liga MX are rivals. La Liga starts in August.";
        assert!(findings(text).is_empty());
    }

    #[test]
    fn every_delimiter_starts_with_a_byte_the_pair_search_stops_at() {
        for (open, close) in BRACKETS.iter().chain(QUOTES) {
            for c in [*open, *close] {
                assert!(is_delimiter(c), "{c}");
                assert!(may_start_delimiter(c.to_string().as_bytes()[0]), "{c}");
            }
        }
    }

    #[test]
    fn the_table_of_delimiter_bytes_is_the_test() {
        for byte in 0..=u8::MAX {
            assert_eq!(STARTS_DELIMITER[usize::from(byte)], may_start_delimiter(byte), "{byte}");
        }
    }

    #[test]
    fn delimiter_pairs_nest_and_skip_apostrophes() {
        let text = "a (b [c] d) ‘it’s’ e";
        let [pairs] = pairs_of_each(text, 0..text.len(), [&[('(', ')'), ('[', ']'), ('‘', '’')]]);
        let found: Vec<&str> = pairs.into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["(b [c] d)", "[c]", "‘it’s’"]);
    }

    #[test]
    fn runs_start_and_end_on_foreign_evidence() {
        let token = |class| Token { range: 0..0, class, bracket: None, quote: None, marker: false };
        let tokens = [
            token(Class::English(1)),
            token(Class::Strong),
            token(Class::Foreign),
            token(Class::English(1)),
            token(Class::English(1)),
            token(Class::English(1)),
            token(Class::Foreign),
        ];
        assert_eq!(runs(&tokens), [1..3, 6..7]);
    }

    #[test]
    fn short_quotes_are_titles_or_terms() {
        let text = "Fans sang “la vita è bella” as the team bus arrived at the stadium.";
        assert!(findings(text).is_empty());
    }
}
