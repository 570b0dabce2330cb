//! `boilerplate`: template author bios, recognised by their shape rather than their text: a
//! run of short "Adjective noun." sentences ("Hardcore explorer. Extreme communicator.") at
//! the end of a line, built mostly from a generator's vocabulary.
//!
//! A content farm's bio generator picks words from a few small lists, so any single bio is
//! rare but the shape never changes. The pack supplies the vocabulary (`adjectives` for the
//! words in front, topics included; `nouns` for the word a sentence ends in) and the
//! generator's fixed sentences (`patterns`); this module supplies the shape.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use super::pattern::Pattern;
use super::prefilter::{Anchor, has_special_folds};

use super::compile::{Compiler, regex_with_case};
use super::spec::RuleSpec;
use super::{Check, Finding, PackError};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::bytes::is_ascii_white_space;
use crate::document::{Document, lines_inclusive};

pub const KEYS: &[&str] = &["adjectives", "nouns", "patterns", "min_run"];

/// A template sentence made of known adjectives (or topics) and a known noun, or a fixed
/// sentence of the generator, scores 2, and so does one with a single unlisted word before
/// its known noun; a lone known noun ("Writer.") or a looser fit scores 1. A block needs this many points per
/// sentence of `min_run`, less one: most of it must be the two-part kind.
const POINTS_PER_SENTENCE: usize = 2;

/// The share of a block's words, in tenths, that must come from the vocabulary (sentences
/// with none of its words left out). The shape alone ("Professional football. Total war.
/// General strike.") is not enough.
const MIN_KNOWN_TENTHS: usize = 6;

/// The fewest sentences of a block that are the generator's through and through: known
/// adjectives and a known noun, or one of its fixed sentences. One is enough to keep bios
/// whose other words the lists lack.
const MIN_FULL_SENTENCES: usize = 1;

/// The most vocabulary units in one template sentence: "Subtly charming | pop culture |
/// aficionado" is three.
const MAX_UNITS: usize = 4;

/// Words that give a sentence grammar. A template sentence has none, so any of them rules a
/// sentence out (the generator's fixed sentences are matched by `patterns` before this).
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "me", "more", "most", "my", "no", "not", "now", "of", "on", "or", "our", "over", "said",
    "says", "she", "should", "so", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "under", "up", "very", "was", "we", "were", "what",
    "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
];

#[derive(Debug)]
pub struct TemplateBio {
    vocabulary: Vocabulary,
    /// Whole sentences the generator uses besides its "Adjective noun." ones.
    stock: Vec<StockSentence>,
    min_run: usize,
    /// This rule among all made in the process, for the memo of verdicts ([`JUDGED`]).
    id: u64,
}

/// The next [`TemplateBio::id`].
static NEXT_TEMPLATE_BIO_ID: AtomicU64 = AtomicU64::new(0);

/// Verdicts on short sentences, kept per thread by rule and then by sentence: a site's bios
/// end its articles word for word, and judging a sentence afresh takes a few thousand
/// instructions.
type Judgements = FxHashMap<u64, FxHashMap<Box<str>, Option<Judged>>>;

/// Sentences longer than this are judged afresh: bios are made of short ones, and the memo
/// would fill with prose.
const JUDGED_SENTENCE_BYTES: usize = 96;

/// Verdicts of one rule after which its memo starts again.
const JUDGED_ENTRIES: usize = 4096;

thread_local! {
    static JUDGED: std::cell::RefCell<Judgements> = std::cell::RefCell::default();
}

/// A fixed sentence of the generator.
#[derive(Debug)]
struct StockSentence {
    /// The pattern as the pack wrote it, case ignored: its analysis gives the literals that
    /// every match starts with, which rule out most sentences without compiling the regex.
    written: Pattern,
    /// The pattern held to a whole sentence.
    whole: Pattern,
    /// The most bytes a match can have; `None` when there is no bound.
    longest: Option<usize>,
}

impl StockSentence {
    fn new(written: Pattern) -> Self {
        let whole = Pattern::trusted(format!("^(?:{})$", written.as_str()), false);
        let longest = regex_syntax::parse(written.as_str())
            .ok()
            .and_then(|hir| hir.properties().maximum_len());
        StockSentence { written, whole, longest }
    }

    /// Whether the sentence is short enough to be this one: most sentences of prose are
    /// longer than any fixed sentence.
    fn may_match(&self, sentence: &str) -> bool {
        self.longest.is_none_or(|longest| sentence.len() <= longest)
    }

    /// Whether the sentence is this one; `specials` is [`has_special_folds`] of it.
    fn matches(&self, sentence: &str, specials: bool) -> bool {
        let analysis = self.written.analysis();
        if let Some(Anchor { lead: None, starts, .. }) = &analysis.anchor
            && !(analysis.special_folds && specials)
        {
            let opens = |literal: &[u8]| {
                sentence
                    .as_bytes()
                    .get(..literal.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(literal))
            };
            if !starts.iter().any(|literal| opens(literal)) {
                return false;
            }
        }
        self.whole.regex().is_match(sentence)
    }
}

pub fn compile(spec: &RuleSpec, compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let list = |key: &Option<toml::Spanned<Vec<toml::Spanned<String>>>>| -> Vec<String> {
        key.iter().flat_map(|l| l.get_ref()).map(|w| w.get_ref().clone()).collect()
    };
    let adjectives = list(&spec.adjectives);
    let nouns = list(&spec.nouns);
    if nouns.is_empty() {
        return Err(compiler
            .error("a `boilerplate` rule needs `nouns`")
            .at(spec.kind.span(), "template sentences end in one of the `nouns`"));
    }
    let stock = spec
        .patterns
        .iter()
        .flat_map(|l| l.get_ref())
        .map(|pattern| Ok(StockSentence::new(regex_with_case(compiler, pattern, true)?)))
        .collect::<Result<_, PackError>>()?;
    let min_run = spec.min_run.as_ref().map_or(3, |m| *m.get_ref() as usize);
    if min_run < 2 {
        let span = spec.min_run.as_ref().map(|m| m.span()).unwrap_or_else(|| spec.kind.span());
        return Err(compiler
            .error("`min_run` must be at least 2")
            .at(span, "a single short sentence is no template"));
    }
    Ok(Box::new(TemplateBio::new(&adjectives, &nouns, stock, min_run)))
}

impl TemplateBio {
    fn new(
        adjectives: &[String],
        nouns: &[String],
        stock: Vec<StockSentence>,
        min_run: usize,
    ) -> Self {
        let vocabulary = Vocabulary::new(adjectives, nouns);
        let id = NEXT_TEMPLATE_BIO_ID.fetch_add(1, Ordering::Relaxed);
        TemplateBio { vocabulary, stock, min_run, id }
    }

    /// The template bio that ends `line` (a byte range of `text` without its terminator), as
    /// the byte range of its sentences.
    fn find_in_line(&self, text: &str, line: Range<usize>) -> Option<Block> {
        let body = &text[line.clone()];
        let content = body.trim_end().trim_end_matches(is_closing);
        // Most lines end in prose: their last sentence settles it. Otherwise the pieces are
        // taken from the end while they fit, each found from the one after it, so the prose
        // before a bio is not split.
        let last = last_piece(content);
        let judged = self.judge(&content[last.clone()])?;
        let mut run: Vec<(Range<usize>, Judged)> = vec![(last.clone(), judged)];
        let mut start = last.start;
        while start > 0 {
            let piece = last_piece(&content[..start]);
            match self.judge(&content[piece.clone()]) {
                Some(judged) => run.push((piece.clone(), judged)),
                None => break,
            }
            start = piece.start;
        }
        run.reverse();
        // A lone word before the bio on the same line may be the end of the prose ("Yes.");
        // on a line of its own it is the bio's.
        let reaches_line_start = run
            .first()
            .is_some_and(|(piece, _)| content[..piece.start].chars().all(is_opening_or_space));
        if !reaches_line_start {
            let fillers = run.iter().take_while(|(_, j)| j.shape == Shape::Filler).count();
            run.drain(..fillers);
        }
        if !self.is_block(run.iter().map(|(_, j)| j)) {
            return None;
        }
        let first = &run.first()?.0;
        let last = &run.last()?.0;
        let lead = &content[first.clone()];
        let start = first.start + (lead.len() - lead.trim_start_matches(is_opening_or_space).len());
        let end = last.end - (content[last.clone()].len() - content[last.clone()].trim_end().len());
        Some(Block { start: line.start + start, end: line.start + end, line })
    }

    /// Whether a run of template-shaped sentences is long enough and made enough of the
    /// vocabulary to be a bio.
    fn is_block<'a>(&self, run: impl Iterator<Item = &'a Judged> + Clone) -> bool {
        let sentences = run.clone().count();
        if sentences < self.min_run {
            return false;
        }
        let fillers = run.clone().filter(|j| j.shape == Shape::Filler).count();
        if fillers * 2 > sentences {
            return false;
        }
        // Human bios in the same style ("Father. Husband. Coffee addict. Dog lover.") get
        // some of the way on loose fits; the generator's own full sentences are the tell.
        let full = run.clone().filter(|j| matches!(j.shape, Shape::Phrase | Shape::Stock)).count();
        if full < MIN_FULL_SENTENCES {
            return false;
        }
        let points: usize = run.clone().map(|j| j.points).sum();
        let words: usize = run.clone().map(|j| j.words).sum();
        let known: usize = run.clone().map(|j| j.known).sum();
        points + 1 >= POINTS_PER_SENTENCE * self.min_run && known * 10 >= words * MIN_KNOWN_TENTHS
    }

    /// Whether one sentence has the template's shape, and how well it fits: from the memo
    /// of verdicts for a short sentence judged before on this thread.
    fn judge(&self, sentence: &str) -> Option<Judged> {
        if sentence.len() > JUDGED_SENTENCE_BYTES {
            return self.judge_afresh(sentence);
        }
        JUDGED.with_borrow_mut(|memo| {
            let judgements = memo.entry(self.id).or_default();
            if let Some(&judged) = judgements.get(sentence) {
                return judged;
            }
            let judged = self.judge_afresh(sentence);
            if judgements.len() >= JUDGED_ENTRIES {
                judgements.clear();
            }
            judgements.insert(sentence.into(), judged);
            judged
        })
    }

    /// [`TemplateBio::judge`] without the memo.
    fn judge_afresh(&self, sentence: &str) -> Option<Judged> {
        let core = sentence
            .trim()
            .trim_start_matches(is_opening_or_space)
            .trim_end_matches(|c: char| is_terminator(c) || is_closing(c) || c.is_whitespace());
        if core.is_empty() {
            return None;
        }
        if self.stock.iter().any(|stock| stock.may_match(core)) {
            let specials = has_special_folds(core);
            if self.stock.iter().any(|stock| stock.may_match(core) && stock.matches(core, specials))
            {
                let words = core.split_whitespace().count();
                return Some(Judged { shape: Shape::Stock, points: 2, words, known: words });
            }
        }
        // More tokens than the longest units could cover in MAX_UNITS is no template sentence.
        // Each word with a letter in it makes at least one token, so most sentences of prose
        // are ruled out by their first few words, before any is normalized.
        let most = MAX_UNITS * self.vocabulary.longest;
        if has_more_lettered_words(core, most) {
            return None;
        }
        let tokens = tokens(core, most)?;
        let units = self.vocabulary.units(&tokens);
        if units.is_empty() || units.len() > MAX_UNITS {
            return None;
        }
        let (head, modifiers) = units.split_last()?;
        for unit in &units {
            if unit.class == Class::Unknown {
                let token = &tokens[unit.tokens.start];
                // A capital inside the sentence marks a name, and names are not template.
                let named = token.capitalized && unit.tokens.start > 0;
                if named || !is_plain_word(&token.text) {
                    return None;
                }
            }
        }
        if units.iter().all(|u| u.class == Class::Unknown) {
            // "Creator." or "Freelance webaholic." with those words missing from the lists:
            // it neither helps nor breaks a run, so that a gap in the vocabulary does not cut
            // a bio in two.
            return Some(Judged { shape: Shape::Filler, points: 0, words: 0, known: 0 });
        }
        let head_known = matches!(head.class, Class::Noun | Class::Both | Class::Aholic);
        if !head_known && head.class != Class::Unknown {
            return None;
        }
        let unknown = units.iter().filter(|u| u.class == Class::Unknown).count();
        let modifiers_known =
            modifiers.iter().all(|u| matches!(u.class, Class::Adjective | Class::Both));
        let shape = if head_known && modifiers_known {
            if modifiers.is_empty() { Shape::Single } else { Shape::Phrase }
        } else {
            Shape::Loose
        };
        // One unlisted topic or adjective before a known noun ("Incurable vinyl fan.") is the
        // shape with a word the lists lack. An unlisted noun at the end ("Music teacher.")
        // is how people describe their jobs, and more than one unlisted word is only the shape.
        let points = match shape {
            Shape::Stock | Shape::Phrase => 2,
            Shape::Single => 1,
            Shape::Loose if units.len() >= 2 && unknown == 1 && head_known => 2,
            Shape::Loose => 1,
            Shape::Filler => 0,
        };
        let known =
            units.iter().filter(|u| u.class != Class::Unknown).map(|u| u.tokens.len()).sum();
        Some(Judged { shape, points, words: tokens.len(), known })
    }
}

impl Check for TemplateBio {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.matching_text();
        let mut start = 0;
        for raw in lines_inclusive(text) {
            let body = raw.trim_end_matches(['\n', '\r']);
            let line = start..start + body.len();
            let next_line = start + raw.len();
            start = next_line;
            // Cheap test before segmenting: a run of sentences has a full stop in it.
            if body.len() < 8 || !body.contains('.') {
                continue;
            }
            let Some(block) = self.find_in_line(text, line) else {
                continue;
            };
            let removal = block.removal(text, next_line);
            let span = doc.to_original(block.start..block.end);
            let removal = doc.to_original(removal);
            let fix = Fix {
                applicability: Applicability::Unsafe,
                message: "remove the template bio".to_string(),
                edits: vec![Edit {
                    start: removal.start,
                    end: removal.end,
                    replacement: String::new(),
                }],
            };
            out.push(Finding { span, fix: Some(fix), related: Vec::new(), detail: None });
        }
    }
}

/// A bio found at the end of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    line: Range<usize>,
    start: usize,
    end: usize,
}

impl Block {
    /// What removing the bio deletes: its line when the bio (with any quotes around it) is
    /// all the line holds, otherwise the bio and the space before it.
    fn removal(&self, text: &str, next_line: usize) -> Range<usize> {
        let before = &text[self.line.start..self.start];
        let after = &text[self.end..self.line.end];
        let alone = before.chars().all(is_opening_or_space)
            && after.chars().all(|c| is_closing(c) || c.is_whitespace());
        if alone {
            // The last line: take the blank lines before it rather than the final newline.
            if text[self.line.end..].trim().is_empty() {
                return text[..self.line.start].trim_end().len()..self.line.end;
            }
            return self.line.start..next_line;
        }
        // Quotes that open right before the bio and close right after it go with it.
        let opened = before.trim_end_matches(is_opening);
        let closing = after.len() - after.trim_start_matches(is_closing).len();
        let quoted = opened.len() < before.len() && closing > 0;
        let (start, end) = if quoted {
            (self.line.start + opened.len(), self.end + closing)
        } else {
            (self.start, self.end)
        };
        let head = text[self.line.start..start].trim_end();
        (self.line.start + head.len())..end
    }
}

/// Whether `sentence` has more than `most` words (split at white space) with a letter in
/// them; read a byte at a time while it is ASCII, as most sentences are, and only as far as
/// it takes.
fn has_more_lettered_words(sentence: &str, most: usize) -> bool {
    let mut count = 0;
    let mut in_lettered_word = false;
    for &b in sentence.as_bytes() {
        match WORD_BYTES[usize::from(b)] {
            WordByte::Space => {
                count += usize::from(in_lettered_word);
                if count > most {
                    return true;
                }
                in_lettered_word = false;
            }
            WordByte::Letter => in_lettered_word = true,
            WordByte::Other => {}
            WordByte::NonAscii => {
                let mut lettered =
                    sentence.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic));
                return lettered.nth(most).is_some();
            }
        }
    }
    count + usize::from(in_lettered_word) > most
}

/// How [`has_more_lettered_words`] reads a byte.
#[derive(Clone, Copy)]
enum WordByte {
    /// White space as `char::is_whitespace` has it in ASCII.
    Space,
    /// An ASCII letter.
    Letter,
    /// Any other ASCII byte.
    Other,
    /// A byte outside ASCII: the sentence is read in characters.
    NonAscii,
}

/// [`WordByte`] of every byte, looked up rather than tested in the loop.
static WORD_BYTES: [WordByte; 256] = {
    let mut table = [WordByte::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if is_ascii_white_space(b as u8) {
            WordByte::Space
        } else if (b as u8).is_ascii_alphabetic() {
            WordByte::Letter
        } else {
            WordByte::Other
        };
        b += 1;
    }
    table
};

/// The last piece of a line. A line's pieces each end after a run of terminal punctuation
/// (the last may have none), and a full stop ends a piece even without a space after it, as
/// in "enthusiast.Thinker." where a template was pasted carelessly. The piece before one
/// that starts at `i` is the last piece of `&line[..i]`.
fn last_piece(line: &str) -> Range<usize> {
    // Read backwards in bytes: the terminators are ASCII but for the ellipsis, whose last
    // byte is checked with the two before it.
    let bytes = line.as_bytes();
    let terminator_ending_at = |end: usize| -> Option<usize> {
        match bytes[..end] {
            [.., b'.' | b'!' | b'?'] => Some(1),
            [.., 0xE2, 0x80, 0xA6] => Some(3),
            _ => None,
        }
    };
    let mut end = bytes.len();
    while let Some(len) = terminator_ending_at(end) {
        end -= len;
    }
    // The piece starts after the last terminator before `end`, found with byte searches.
    let before = &bytes[..end];
    let stop = memchr::memrchr3(b'.', b'!', b'?', before).map_or(0, |i| i + 1);
    let ellipsis = memchr::memrchr_iter(0xA6, before)
        .take_while(|&i| i >= stop)
        .find(|&i| terminator_ending_at(i + 1).is_some())
        .map_or(0, |i| i + 1);
    stop.max(ellipsis)..line.len()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One of the generator's fixed sentences ("Prone to fits of apathy.").
    Stock,
    /// Known adjectives before a known noun ("Subtly charming pop culture aficionado.").
    Phrase,
    /// A known noun alone ("Thinker.").
    Single,
    /// The shape with some words not in the vocabulary ("Incurable anime wizard.").
    Loose,
    /// The shape with no word from the vocabulary ("Creator." if the lists lacked it).
    Filler,
}

/// How one sentence fits the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Judged {
    shape: Shape,
    /// What the sentence adds to a block's score: 2 for the full two-part shape, 1 for less.
    points: usize,
    words: usize,
    /// Words that come from the vocabulary.
    known: usize,
}

/// A word of a sentence, normalized for lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    capitalized: bool,
}

/// The words of a sentence, lower-cased, with hyphens splitting compounds ("Hipster-friendly"
/// is looked up as "hipster friendly") except before "aholic" ("Car-aholic"). `None` when a
/// word holds anything but letters, hyphens and apostrophes, or when there are more than
/// `most` tokens.
fn tokens(sentence: &str, most: usize) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    for word in sentence.split_whitespace() {
        if !word.chars().all(|c| c.is_alphabetic() || is_hyphen(c) || is_apostrophe(c)) {
            return None;
        }
        let (capitalized, word) = normalize(word);
        if !word.contains(' ') {
            // One part, the commonest case: the normalized word is the token.
            if !word.is_empty() {
                out.push(Token { text: word, capitalized });
            }
        } else {
            for (i, part) in word.split(' ').filter(|p| !p.is_empty()).enumerate() {
                out.push(Token { text: part.to_string(), capitalized: capitalized && i == 0 });
            }
        }
        if out.len() > most {
            return None;
        }
    }
    if out.is_empty() { None } else { Some(out) }
}

/// Lower case, hyphens as spaces (but "-aholic" kept joined), curly apostrophes straight;
/// with whether the word started with a capital.
fn normalize(word: &str) -> (bool, String) {
    let capitalized = word.chars().next().is_some_and(char::is_uppercase);
    // A plain ASCII word has no hyphen, apostrophe or space to rewrite.
    if word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return (capitalized, word.to_ascii_lowercase());
    }
    let mut lower: String = word
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .collect::<String>()
        .to_lowercase();
    for hyphen in ["-aholic", "‐aholic"] {
        lower = lower.replace(hyphen, "aholic");
    }
    let spaced: String = lower.chars().map(|c| if is_hyphen(c) { ' ' } else { c }).collect();
    (capitalized, spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A lower-case word that could be an unlisted noun or adjective of a template sentence: no
/// function word, no "-ly" adverb, no one-letter word.
fn is_plain_word(token: &str) -> bool {
    token.chars().count() >= 2
        && token.chars().all(char::is_alphabetic)
        && !token.ends_with("ly")
        && FUNCTION_WORDS.binary_search(&token).is_err()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Adjective,
    Noun,
    /// In both lists ("ninja": "Ninja.", "Ninja enthusiast.").
    Both,
    /// A topic with "-aholic" ("Beeraholic", "Pop cultureaholic", "Social mediaholic").
    Aholic,
    Unknown,
}

/// A word or phrase of a sentence with its class.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unit {
    tokens: Range<usize>,
    class: Class,
}

/// The adjectives and nouns of a template, normalized like sentence words.
#[derive(Debug, Default)]
struct Vocabulary {
    adjectives: FxHashSet<String>,
    nouns: FxHashSet<String>,
    /// Tokens in the longest entry, for greedy matching.
    longest: usize,
}

impl Vocabulary {
    fn new(adjectives: &[String], nouns: &[String]) -> Self {
        let set = |list: &[String]| -> FxHashSet<String> {
            list.iter().map(|w| normalize(w).1).filter(|w| !w.is_empty()).collect()
        };
        let adjectives = set(adjectives);
        let nouns = set(nouns);
        let longest =
            adjectives.iter().chain(&nouns).map(|p| p.split(' ').count()).max().unwrap_or(1);
        Vocabulary { adjectives, nouns, longest }
    }

    fn class_of(&self, phrase: &str) -> Option<Class> {
        match (self.adjectives.contains(phrase), self.nouns.contains(phrase)) {
            (true, true) => Some(Class::Both),
            (true, false) => Some(Class::Adjective),
            (false, true) => Some(Class::Noun),
            (false, false) if self.is_aholic(phrase) => Some(Class::Aholic),
            (false, false) => None,
        }
    }

    /// "beeraholic", "social mediaholic", "alcoholaholic": a known topic with the suffix.
    fn is_aholic(&self, phrase: &str) -> bool {
        let Some(stem) = phrase.strip_suffix("holic") else {
            return false;
        };
        let without_a = stem.strip_suffix('a').unwrap_or(stem);
        [stem, without_a].iter().any(|s| !s.is_empty() && self.adjectives.contains(*s))
    }

    /// Greedy longest-match split of the tokens into vocabulary units; unknown words are
    /// units of their own.
    fn units(&self, tokens: &[Token]) -> Vec<Unit> {
        let mut units = Vec::new();
        // One buffer for every phrase looked up.
        let mut phrase = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let longest = self.longest.min(tokens.len() - i);
            let found = (1..=longest).rev().find_map(|n| {
                phrase.clear();
                for (k, token) in tokens[i..i + n].iter().enumerate() {
                    if k > 0 {
                        phrase.push(' ');
                    }
                    phrase.push_str(&token.text);
                }
                self.class_of(&phrase).map(|class| Unit { tokens: i..i + n, class })
            });
            let unit = found.unwrap_or(Unit { tokens: i..i + 1, class: Class::Unknown });
            i = unit.tokens.end;
            units.push(unit);
        }
        units
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Opening quotes and brackets, and what else may wrap a bio: emphasis marks, a dash before
/// a signature.
fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '„' | '(' | '[' | '*' | '_' | '—' | '–')
}

fn is_opening_or_space(c: char) -> bool {
    is_opening(c) || c.is_whitespace()
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '*' | '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> TemplateBio {
        let words = |s: &str| s.split(',').map(|w| w.trim().to_string()).collect::<Vec<_>>();
        let adjectives = words(
            "hardcore, extreme, professional, general, friendly, subtly charming, award-winning, \
             hipster-friendly, typical, coffee, beer, music, pop culture, social media, tv, zombie",
        );
        let nouns = words(
            "explorer, communicator, writer, practitioner, fan, fanatic, guru, ninja, nerd, \
             lover, expert, buff, scholar, aficionado, thinker, problem solver",
        );
        let written = Pattern::trusted("prone to fits of [a-z]+".to_string(), true);
        let stock = vec![StockSentence::new(written)];
        TemplateBio::new(&adjectives, &nouns, stock, 3)
    }

    fn found(text: &str) -> Option<&str> {
        let bio = detector();
        let mut start = 0;
        for line in text.split('\n') {
            let range = start..start + line.len();
            start += line.len() + 1;
            if let Some(block) = bio.find_in_line(text, range) {
                return Some(&text[block.start..block.end]);
            }
        }
        None
    }

    fn shape(sentence: &str) -> Option<Shape> {
        detector().judge(sentence).map(|j| j.shape)
    }

    /// Verdicts from the memo are those judged afresh, for the rule that judged them: a rule
    /// with other lists judges the same sentence for itself.
    #[test]
    fn remembered_verdicts_are_the_rules_own() {
        let sentences = [
            "Coffee fanatic.",
            "Hardcore explorer.",
            "Prone to fits of apathy.",
            "Music nerd.",
            "The council met on Tuesday to discuss the budget for the coming year.",
            "Writer.",
            "Subtly charming pop culture scholar.",
            "Zombie guru",
            "He said it was over and that the vote would go ahead next week as planned by all.",
        ];
        let bio = detector();
        let other = TemplateBio::new(&["local".to_string()], &["baker".to_string()], vec![], 3);
        for _ in 0..3 {
            for sentence in sentences {
                assert_eq!(bio.judge(sentence), bio.judge_afresh(sentence), "{sentence}");
                assert_eq!(other.judge(sentence), other.judge_afresh(sentence), "{sentence}");
            }
        }
        // The two rules differ on these, so neither can have answered from the other's.
        assert_ne!(bio.judge("Music nerd."), other.judge("Music nerd."));
        assert_ne!(bio.judge("Local baker."), other.judge("Local baker."));
    }

    /// A line's pieces in one pass from the start, as [`last_piece`] defines them.
    fn split_pieces(line: &str) -> Vec<Range<usize>> {
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut in_terminators = false;
        for (i, c) in line.char_indices() {
            if is_terminator(c) {
                in_terminators = true;
            } else if in_terminators {
                pieces.push(start..i);
                start = i;
                in_terminators = false;
            }
        }
        if start < line.len() {
            pieces.push(start..line.len());
        }
        pieces
    }

    proptest::proptest! {
        #[test]
        fn last_piece_is_the_last_of_the_split(line in "[a. !?…éæ\u{2066}]{0,24}") {
            let last = split_pieces(&line).last().cloned().unwrap_or(0..0);
            proptest::prop_assert_eq!(last_piece(&line), last);
        }

        #[test]
        fn pieces_found_from_the_end_are_the_split(line in "[a. !?…éæ\u{2066}]{0,24}") {
            let mut pieces = Vec::new();
            let mut start = line.len();
            while start > 0 {
                let piece = last_piece(&line[..start]);
                start = piece.start;
                pieces.push(piece);
            }
            pieces.reverse();
            proptest::prop_assert_eq!(pieces, split_pieces(&line));
        }

        #[test]
        fn lettered_words_are_counted_as_split_at_white_space(
            ascii in "[aZ1,\\- \t\n\u{0B}\u{0C}\r]{0,24}",
            other in "[aZ1é,\\- \t\n\u{0B}\u{a0}\u{85}\u{2003}]{0,24}",
            most in 0usize..8,
        ) {
            for sentence in [ascii, other] {
                let lettered = sentence
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .count();
                let more = has_more_lettered_words(&sentence, most);
                proptest::prop_assert_eq!(more, lettered > most, "{:?}", sentence);
            }
        }

        #[test]
        fn special_folds_are_found_by_their_bytes(
            text in "[aK\u{212A}\u{17F}\u{2026}\u{141} ]{0,12}"
        ) {
            proptest::prop_assert_eq!(
                has_special_folds(&text),
                text.contains(['\u{212A}', '\u{17F}'])
            );
        }
    }

    #[test]
    fn sentence_shapes() {
        assert_eq!(shape("Hardcore explorer."), Some(Shape::Phrase));
        assert_eq!(shape("Subtly charming pop culture aficionado."), Some(Shape::Phrase));
        assert_eq!(shape("Hipster-friendly tv ninja"), Some(Shape::Phrase));
        assert_eq!(shape("Award winning coffee fan."), Some(Shape::Phrase));
        assert_eq!(shape("Thinker."), Some(Shape::Single));
        assert_eq!(shape("Problem solver."), Some(Shape::Single));
        assert_eq!(shape("Prone to fits of apathy."), Some(Shape::Stock));
        assert_eq!(shape("Beeraholic."), Some(Shape::Single));
        assert_eq!(shape("Typical pop cultureaholic."), Some(Shape::Phrase));
    }

    #[test]
    fn stock_sentences_screened_by_their_opening_match_as_the_regex_does() {
        let patterns =
            ["prone to fits of [a-z]+(?: [a-z]+)?", "falls down a lot", "(?:an? )?k[a-z]+ fan"];
        let sentences = [
            "Prone to fits of apathy",
            "PRONE TO FITS OF mild apathy",
            "prone to fits",
            "Falls down a lot",
            "Fallſ down a lot",
            "He falls down a lot",
            "A kitten fan",
            "An \u{212A}itten fan",
            "\u{212A}itten fan",
            "Kitten fan",
            "",
        ];
        for pattern in patterns {
            let stock = StockSentence::new(Pattern::trusted(pattern.to_string(), true));
            let whole = regex::Regex::new(&format!("^(?i:{pattern})$")).unwrap();
            for sentence in sentences {
                let screened = stock.may_match(sentence);
                assert_eq!(
                    screened && stock.matches(sentence, has_special_folds(sentence)),
                    whole.is_match(sentence),
                    "{pattern} on {sentence}"
                );
            }
        }
        let falls = StockSentence::new(Pattern::trusted("falls down a lot".to_string(), true));
        // A fixed opening is what lets most sentences be ruled out without the regex.
        assert!(falls.written.analysis().anchor.as_ref().is_some_and(|a| a.lead.is_none()));
        let fallen = "Fallſ down a lot";
        assert!(has_special_folds(fallen));
        assert!(falls.matches(fallen, has_special_folds(fallen)), "the long s is read as s");
        assert!(!has_special_folds("Falls down a lot") && !has_special_folds("Fällt um"));
    }

    #[test]
    fn aholic_words_end_like_nouns() {
        let bio = detector();
        for word in ["Beeraholic.", "Pop cultureaholic.", "Social mediaholic.", "Tv-aholic."] {
            let tokens = tokens(word.trim_end_matches('.'), usize::MAX).unwrap();
            let units = bio.vocabulary.units(&tokens);
            assert_eq!(units.last().unwrap().class, Class::Aholic, "{word}");
        }
    }

    #[test]
    fn unknown_words_fit_loosely() {
        assert_eq!(shape("Incurable coffee wizard."), Some(Shape::Loose));
        assert_eq!(shape("Zealous music fan."), Some(Shape::Loose));
        assert_eq!(shape("Local residents."), Some(Shape::Filler));
        assert_eq!(shape("Coffee."), None);
        assert_eq!(shape("Extreme coffee."), None);
    }

    #[test]
    fn grammar_and_names_rule_a_sentence_out() {
        assert_eq!(shape("He is a writer."), None);
        assert_eq!(shape("The coffee fan."), None);
        assert_eq!(shape("Music fan Taylor."), None);
        assert_eq!(shape("Coffee fan since 2010."), None);
        assert_eq!(shape("Extreme coffee lover, writer."), None);
        assert_eq!(shape("Writer and thinker."), None);
        assert_eq!(shape("Extreme fan of music and coffee and beer."), None);
    }

    #[test]
    fn a_run_of_template_sentences_is_a_bio() {
        let bio = "Hardcore explorer. Friendly communicator. Typical writer. General beer \
                   practitioner. Prone to fits of apathy.";
        assert_eq!(found(bio), Some(bio));
        for wrapped in [format!("“{bio}”"), format!("*{bio}*"), format!("— {bio}")] {
            assert_eq!(found(&wrapped), Some(bio), "{wrapped}");
        }
        let tail = format!("The protests went on for weeks. {bio}");
        assert_eq!(found(&tail), Some(bio));
        assert_eq!(
            found("Coffee fan. Tv ninja. Typical thinker. Social media buff"),
            Some("Coffee fan. Tv ninja. Typical thinker. Social media buff")
        );
        assert_eq!(
            found("Extreme coffee fan.Thinker.Tv expert."),
            Some("Extreme coffee fan.Thinker.Tv expert.")
        );
    }

    #[test]
    fn too_short_or_too_thin_is_not_a_bio() {
        assert_eq!(found("Hardcore explorer. Extreme communicator."), None);
        // Bare nouns only: too little of the two-part shape.
        assert_eq!(found("Writer. Thinker. Explorer."), None);
        // The shape with words outside the vocabulary.
        assert_eq!(found("Local residents. Police officers. Fire crews."), None);
        assert_eq!(found("Senior editor. Staff writer. Night owl."), None);
    }

    #[test]
    fn loose_fits_alone_are_not_a_bio() {
        assert_eq!(found("Father. Husband. Writer. Coffee addict. Dog lover."), None);
        assert_eq!(found("Web developer. Music teacher. Food writer."), None);
        assert_eq!(
            found("Father. Husband. Writer. Coffee addict. Dog lover. Beer lover. Tv fan."),
            Some("Father. Husband. Writer. Coffee addict. Dog lover. Beer lover. Tv fan.")
        );
    }

    #[test]
    fn the_bio_must_end_its_line() {
        let text = "Hardcore explorer. Extreme communicator. Professional writer. He said so.";
        assert_eq!(found(text), None);
    }

    #[test]
    fn genuine_bios_are_left_alone() {
        for text in [
            "Jane Doe covers energy for the paper and lives in Houston.",
            "A staff writer. Former editor. She lives in Lyon with two cats.",
            "Writer, editor and coffee lover based in Leeds.",
            "Award-winning journalist Sam Roe is the paper's music critic.",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    #[test]
    fn removal_takes_the_line_or_the_bio_and_its_space() {
        let bio = detector();
        let text =
            "Prose here.\n“Hardcore explorer. Extreme communicator. Professional writer.”\nMore.";
        let line = 12..text.len() - 6;
        let block = bio.find_in_line(text, line.clone()).unwrap();
        assert_eq!(&text[block.removal(text, line.end + 1)], &text[12..text.len() - 5]);

        let text = "Prose here. Hardcore explorer. Extreme communicator. Professional writer.";
        let block = bio.find_in_line(text, 0..text.len()).unwrap();
        let removal = block.removal(text, text.len());
        assert_eq!(&text[..removal.start], "Prose here.");
        assert_eq!(removal.end, text.len());

        let text = "Prose here.\n\nHardcore explorer. Extreme communicator. Professional writer.";
        let line = 13..text.len();
        let block = bio.find_in_line(text, line).unwrap();
        let removal = block.removal(text, text.len());
        assert_eq!(&text[..removal.start], "Prose here.");
        assert_eq!(removal.end, text.len());
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn fixed_sentences_know_their_longest_match() {
        let stock = |p: &str| StockSentence::new(Pattern::trusted(p.to_string(), true));
        // Case ignored, `s` also matches the long s, of two bytes, and `k` the Kelvin sign,
        // of three.
        assert_eq!(stock("falls down a lot").longest, Some(17));
        assert_eq!(stock("ok").longest, Some(4));
        assert_eq!(stock("prone to fits of [a-z]+").longest, None);
        let falls = stock("falls down a lot");
        assert!(falls.may_match("Fallſ down a lot") && !falls.may_match("Falls down a lot, often"));
    }
}
