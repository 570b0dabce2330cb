//! Capitals in the wrong place, the mark of text reassembled by a translation pipeline:
//! `midsentence-capital` ("drone Launched against", "the minister, He added"),
//! `lowercase-start` ("…reinforcement. the midfielder…") and `lowercase-proper`
//! ("translated to english"). Casing knowledge comes from the English lexicon.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::compile::Compiler;
use super::prose::{
    QuoteTracker, headline_paragraphs, is_all_caps, is_determiner, is_function_word, is_titlecase,
    last_mark, licenses_capital, lowercase_into, may_be_capitalized_function_word,
    starts_lowercase, title_case_share,
};
use super::spec::RuleSpec;
use super::{Check, Finding, PackError};
use crate::diagnostic::Applicability;
use crate::document::{Document, is_abbreviation_stop};
use crate::lexicon::{self, Entry};

pub const KEYS: &[&str] = &["allow"];

/// Words the pack says never to flag, in lower case.
fn allow_list(spec: &RuleSpec) -> FxHashSet<String> {
    spec.allow
        .as_ref()
        .map(|list| list.get_ref().iter().map(|w| w.get_ref().to_lowercase()).collect())
        .unwrap_or_default()
}

pub fn compile_midsentence(
    spec: &RuleSpec,
    _compiler: &Compiler,
) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(MidsentenceCapital { allow: allow_list(spec) }))
}

pub fn compile_lowercase_start(
    spec: &RuleSpec,
    _compiler: &Compiler,
) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(LowercaseStart { allow: allow_list(spec) }))
}

pub fn compile_lowercase_proper(
    spec: &RuleSpec,
    _compiler: &Compiler,
) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(LowercaseProper { allow: allow_list(spec) }))
}

/// "Launched" → "launched", as an unsafe fix.
fn lowercase_fix(span: Range<usize>, word: &str) -> Finding {
    // An ASCII word, as most are, is lowered byte by byte, as `to_lowercase` would.
    let lower = if word.is_ascii() { word.to_ascii_lowercase() } else { word.to_lowercase() };
    Finding::replace(span, word, lower, Applicability::Unsafe)
}

/// "the" → "The", as an unsafe fix.
fn capitalize_fix(span: Range<usize>, word: &str) -> Finding {
    let mut chars = word.chars();
    let capital: String = match chars.next() {
        // An ASCII letter has a single capital, of one byte: the rest is copied at once.
        Some(first) if first.is_ascii() => {
            let mut capital = String::with_capacity(word.len());
            capital.push(first.to_ascii_uppercase());
            capital.push_str(chars.as_str());
            capital
        }
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    Finding::replace(span, word, capital, Applicability::Unsafe)
}

#[derive(Debug)]
struct MidsentenceCapital {
    allow: FxHashSet<String>,
}

/// One word of a sentence with its neighbours, for the mid-sentence checks.
struct Context<'a> {
    word: &'a str,
    /// The text between the previous word and this one.
    gap: &'a str,
    previous: &'a str,
    previous_is_sentence_start: bool,
    next: Option<&'a str>,
    /// The word after `next`.
    next2: Option<&'a str>,
    /// The text between this word and the next one.
    gap_after: &'a str,
}

impl MidsentenceCapital {
    /// An ASCII word in title case differs from its lower case only in its first byte: most
    /// are told from both function words and verb or adverb forms ("Smith", "Senate") by
    /// their bytes, and are never reported, whatever stands around them.
    fn is_plain_content_word(&self, word: &str) -> bool {
        self.allow.is_empty()
            && word.is_ascii()
            && !may_be_capitalized_function_word(word.as_bytes())
            && !is_ascii_verb_or_adverb_form(word.as_bytes())
    }

    /// Whether the word at `range` of `text`, which opens with a capital or a byte outside
    /// ASCII, is in title case and no plain content word, for [`MidsentenceCapital::judge`]
    /// to settle. An ASCII word of up to eight bytes is read as one number, its capitals
    /// found all at once.
    fn may_be_glitch(&self, text: &str, range: &Range<usize>) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let len = range.end - range.start;
        if let Some(head) = bytes[range.start..].first_chunk::<8>().filter(|_| len <= 8) {
            let word = u64::from_le_bytes(*head) & (u64::MAX >> (8 * (8 - len)));
            if word & HIGH == 0 {
                // The high bit of each byte from A to Z: no byte is above 0x7f, so no sum
                // carries into the next byte; 0x3f takes "A" (0x41) and above to 0x80, and
                // 0x25 takes what is above "Z" (0x5a) there. The zeros past the word are
                // no capitals.
                let capitals = word.wrapping_add(ONES * 0x3f) & !word.wrapping_add(ONES * 0x25);
                // In title case, the first byte is the only capital.
                if capitals & HIGH != 0x80 {
                    return false;
                }
                let word = &bytes[range.clone()];
                return !self.allow.is_empty()
                    || may_be_capitalized_function_word(word)
                    || is_ascii_verb_or_adverb_form(word);
            }
        }
        let word = &text[range.clone()];
        is_titlecase(word) && !self.is_plain_content_word(word)
    }

    /// Whether the title-case word of `c`, not a plain content word (the caller's
    /// [`MidsentenceCapital::may_be_glitch`] screens those out before it gathers the words
    /// around it), is a glitch. `lower` is a buffer for the word in lower case. The
    /// tests that read only the text around the word come first, before a lexicon lookup.
    fn judge(&self, c: &Context, lexicon: &lexicon::Lexicon, lower: &mut String) -> bool {
        // A single space, the usual gap, is none of the marks looked for in `gap_licenses_capital`.
        if c.gap != " " && gap_licenses_capital(c.gap) {
            return false;
        }
        // After a number, a citation mark or a date ("[3] At first", "2023-10-12 A man").
        if c.previous.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        if is_compound_part(c.gap, c.gap_after) {
            return false;
        }
        debug_assert!(!self.is_plain_content_word(c.word), "screened by the caller");
        let lower = lowercase_into(c.word, lower);
        if !self.allow.is_empty() && self.allow.contains(lower) {
            return false;
        }
        let next_is_lower = c.next.is_some_and(starts_lowercase);
        let next_follows_directly = !c.gap_after.contains(['\n', '(', '“', '"', '—', '–', ':']);

        if is_function_word(lower) {
            // "Pique To her", "So You have", "studios A massive": followed by lower case.
            if !next_follows_directly {
                return false;
            }
            // "Gone With the Wind": a title in title case, lower-case articles and all.
            let title_continues = c.next.is_some_and(is_function_word)
                && c.next2.is_some_and(|n| is_titlecase(n) && n.chars().count() > 1);
            if title_continues && c.previous.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            let previous_is_titlecase = is_titlecase(c.previous);
            let mut previous_lower = String::new();
            let previous_is_function_word = previous_is_titlecase
                && is_function_word(lowercase_into(c.previous, &mut previous_lower));
            // "Drones In a country": the stray word before is reported as a fragment.
            let previous_is_stray_word = c.previous_is_sentence_start
                && previous_is_titlecase
                && !previous_is_function_word
                && lexicon.get(c.previous).is_some_and(|e| e.lower_only());
            if previous_is_stray_word {
                return false;
            }
            // "The The", "Take That": a capitalized function word after another one is a
            // name.
            if previous_is_function_word && !c.previous_is_sentence_start {
                return false;
            }
            // "Plan A was", "Group A teams": a letter after a capitalized word is a label.
            if lower == "a" && c.previous.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            let is_preposition = matches!(lower, "in" | "on" | "at" | "by" | "since");
            let next_is_number =
                c.next.is_some_and(|n| n.starts_with(|ch: char| ch.is_ascii_digit()));
            return next_is_lower || (next_is_number && is_preposition);
        }

        // Content words: only verb and adverb forms ("Launched", "Reportedly") that English
        // never capitalizes, between lower-case words. Nouns are left alone: mid-sentence
        // capitals on them are mostly names and institutions ("Labor", "Test match"). The
        // spelling is tested before the lexicon is asked.
        let verb_or_adverb_form =
            (lower.ends_with("ed") || lower.ends_with("ly")) && c.word.chars().count() >= 5;
        if !verb_or_adverb_form {
            return false;
        }
        let Some(entry) = lexicon.get(lower) else { return false };
        if !(entry.lower_only() && entry.tier <= 2) {
            return false;
        }
        let previous_is_plain = starts_lowercase(c.previous)
            && !is_determiner(c.previous)
            && c.gap.trim().chars().all(|ch| ch == ',');
        let next_is_plain = next_follows_directly && (next_is_lower || c.next.is_none());
        previous_is_plain && next_is_plain
    }
}

/// "Launched", "Reportedly": an ASCII word in title case of five letters or more, ending like
/// a past form or an adverb (its end reads the same in lower case).
fn is_ascii_verb_or_adverb_form(word: &[u8]) -> bool {
    word.len() >= 5 && (word.ends_with(b"ed") || word.ends_with(b"ly"))
}

/// Whether the text between two words makes a capital after it expected.
fn gap_licenses_capital(gap: &str) -> bool {
    // After a colon, a quote, a dash or a label separator a capital is expected; after a
    // line break the capital usually starts a new line of a list or caption.
    if gap.contains('\n') || last_mark(gap).is_some_and(licenses_capital) {
        return true;
    }
    // A closing quote that follows terminal punctuation ends the quoted sentence.
    if gap.contains(['.', '!', '?', '…']) && !gap.trim_end().ends_with(',') {
        return true;
    }
    // After a closing quote or bracket a new sentence may start without a full stop
    // ("…nothing pushing it” Not…").
    last_mark(gap).is_some_and(|m| "”\"’')]»".contains(m))
}

/// A capital inside a hyphenated compound ("pro-Western") or after a slash is not a glitch.
fn is_compound_part(gap: &str, gap_after: &str) -> bool {
    gap.ends_with(['-', '/', '.']) || gap_after.starts_with(['-', '/', '.', '\'', '’', '@'])
}

impl Check for MidsentenceCapital {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let lexicon = lexicon::english();
        let headlines = headline_paragraphs(doc);
        let paragraphs = doc.paragraphs();
        let mut lower = String::new();
        // Sentences and paragraphs both come in order, so the paragraph that holds each
        // sentence is found by walking forward, where a search for each paragraph's
        // sentences would start from the whole list.
        let mut p = 0;
        for (index, sentence) in doc.sentences().iter().enumerate() {
            while p < paragraphs.len() && paragraphs[p].end < sentence.end {
                p += 1;
            }
            let Some(paragraph) = paragraphs.get(p) else { break };
            // Outside every paragraph, or in a headline.
            if paragraph.start > sentence.start || headlines.0[p] {
                continue;
            }
            let words = doc.sentence_words(index);
            if words.len() >= 3 {
                self.check_sentence(text, sentence, words, lexicon, &mut lower, out);
            }
        }
    }
}

impl MidsentenceCapital {
    fn check_sentence(
        &self,
        text: &str,
        sentence: &Range<usize>,
        words: &[Range<usize>],
        lexicon: &lexicon::Lexicon,
        lower: &mut String,
        out: &mut Vec<Finding>,
    ) {
        // A title-case sentence is a headline or a list of names run into the text, and has
        // no findings. Few sentences have any, so the share is worked out only at the first.
        let mut title_case: Option<bool> = None;
        let mut is_title_case =
            || *title_case.get_or_insert_with(|| title_case_share(text, words) > 0.5);
        let mut quotes = QuoteTracker::new(sentence.start);
        let bytes = text.as_bytes();
        for (after_first, range) in words[1..].iter().enumerate() {
            let i = after_first + 1;
            // A word that opens with an ASCII byte other than a capital is not in title case.
            let first = bytes[range.start];
            if first.is_ascii() && !first.is_ascii_uppercase() || !self.may_be_glitch(text, range) {
                continue;
            }
            let range = range.clone();
            let word = &text[range.clone()];
            let previous = &text[words[i - 1].clone()];
            let next = words.get(i + 1).map(|r| &text[r.clone()]);
            let context = Context {
                word,
                gap: &text[words[i - 1].end..range.start],
                previous,
                previous_is_sentence_start: i == 1 && words[0].start == sentence.start,
                next,
                next2: words.get(i + 2).map(|r| &text[r.clone()]),
                gap_after: words.get(i + 1).map_or("", |r| &text[range.end..r.start]),
            };
            // The quotes are counted only for a capital that would be reported: most
            // capitals are names, which `judge` settles with a few tests.
            if self.judge(&context, lexicon, lower) && !quotes.inside_at(text, range.start) {
                if is_title_case() {
                    return;
                }
                out.push(lowercase_fix(range, word));
            }
        }
        // "THE CNN found": an article in capitals opening a sentence written in normal case.
        let first = &text[words[0].clone()];
        if matches!(first, "THE" | "AND" | "OF" | "FOR" | "WITH" | "FROM")
            && words.len() > 3
            && words[1..].iter().filter(|r| is_all_caps(&text[(*r).clone()])).count() <= 1
            && words.get(2).is_some_and(|r| starts_lowercase(&text[r.clone()]))
            && !is_title_case()
        {
            let span = words[0].clone();
            let mut capitalized = first.chars();
            let replacement: String = capitalized
                .next()
                .into_iter()
                .chain(capitalized.flat_map(char::to_lowercase))
                .collect();
            out.push(Finding::replace(span, first, replacement, Applicability::Unsafe));
        }
    }
}

#[derive(Debug)]
struct LowercaseStart {
    allow: FxHashSet<String>,
}

impl LowercaseStart {
    /// Whether `word` at the start of a sentence is a glitch: an English word usually written
    /// in lower case (brand names such as "iPhone" and unknown words are left alone).
    fn suspicious(&self, word: &str, after: &str, lexicon: &lexicon::Lexicon) -> bool {
        if !starts_lowercase(word) || has_capital(word) {
            return false;
        }
        if word.chars().count() < 2 && word != "a" {
            return false;
        }
        if !self.allow.is_empty() && self.allow.contains(word) {
            return false;
        }
        // "e.g.", "www.", "example.com", "user@host": not words of prose.
        if after.starts_with(['.', '@', '/', '_', ':', '-']) && !after.starts_with(". ") {
            return false;
        }
        lexicon.get(word).is_some_and(|e: Entry| e.lower)
    }
}

impl Check for LowercaseStart {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let lexicon = lexicon::english();
        let paragraphs = doc.paragraphs();
        let bytes = text.as_bytes();
        for (p, paragraph) in paragraphs.iter().enumerate() {
            let words = doc.paragraph_words(p);
            let Some(first) = words.first() else { continue };
            // A paragraph that opens in lower case, unless it continues the one before (a
            // list after a colon) or starts with a list marker.
            let continues_previous = || {
                p > 0 && {
                    let before = text[paragraphs[p - 1].clone()].trim_end();
                    before.ends_with([':', ',', ';', '…']) || before.ends_with("...")
                }
            };
            let first_word = &text[first.clone()];
            // Metadata lines ("date 2023-10-06", "posted on 01/12/2022") and bylines ("by
            // Andrea") are not sentences.
            let line = &text[paragraph.clone()];
            let second_word = words.get(1).map_or("", |r| &text[r.clone()]);
            let metadata = || {
                second_word.starts_with(|c: char| c.is_ascii_digit())
                    || (first_word == "by" && is_titlecase(second_word))
                    || (!line.contains('\n')
                        && !line.ends_with(['.', '!', '?'])
                        && line.contains(|c: char| c.is_ascii_digit()))
            };
            // Most paragraphs open with a capital, which `suspicious` rules out first.
            if first.start == paragraph.start
                && self.suspicious(first_word, &text[first.end..paragraph.end], lexicon)
                && !continues_previous()
                && !metadata()
            {
                out.push(capitalize_fix(first.clone(), first_word));
            }
            for pair in words.windows(2) {
                let (before, word_range) = (&pair[0], &pair[1]);
                // Most words follow no full stop, which the gap would have to open with.
                if bytes.get(before.end) != Some(&b'.') {
                    continue;
                }
                // Nor does a word that opens with an ASCII byte other than a small letter
                // start in lower case.
                let opening = bytes[word_range.start];
                if opening.is_ascii() && !opening.is_ascii_lowercase() {
                    continue;
                }
                let gap = &text[before.end..word_range.start];
                if !ends_sentence_before_lowercase(text, before.end, gap) {
                    continue;
                }
                let word = &text[word_range.clone()];
                let after = &text[word_range.end..paragraph.end];
                if self.suspicious(word, after, lexicon) {
                    out.push(capitalize_fix(word_range.clone(), word));
                }
            }
        }
    }
}

/// Whether any letter of `word` is a capital; ASCII letters are read as bytes.
fn has_capital(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        word.chars().any(char::is_uppercase)
    }
}

/// Whether `gap` (starting at byte `at`, right after a word) is a full stop that ends a
/// sentence, followed by white space: "reinforcement. the". Abbreviations, ellipses and
/// quotes ("“Why?” he asked") are not.
fn ends_sentence_before_lowercase(text: &str, at: usize, gap: &str) -> bool {
    let Some(rest) = gap.strip_prefix('.') else { return false };
    if rest.is_empty() || !rest.chars().all(|c| c == ' ' || c == '\n') || rest.contains("\n\n") {
        return false;
    }
    // "a. the", "2. the": list labels; "No. the", "U.S. the": abbreviations.
    let word_before = text[..at].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if word_before.chars().count() <= 1 || word_before.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    !is_abbreviation_stop(text, at)
}

#[derive(Debug)]
struct LowercaseProper {
    allow: FxHashSet<String>,
}

impl Check for LowercaseProper {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let lexicon = lexicon::english();
        let bytes = text.as_bytes();
        SHORT_WORD_VERDICTS.with_borrow_mut(|verdicts| {
            for range in doc.words() {
                // Words of four characters have four bytes or more, and a word that opens
                // with an ASCII byte other than a small letter is not in lower case: most
                // words are passed over on these two facts.
                let (first, len) = (bytes[range.start], range.end - range.start);
                if len < 4 || (first.is_ascii() && !first.is_ascii_lowercase()) {
                    continue;
                }
                let verdict = match short_word(bytes, range.start, len) {
                    ShortWord::Lowercase(key) => verdicts.get(key).unwrap_or_else(|| {
                        let verdict = WordVerdict::of_lower_case(&text[range.clone()], lexicon);
                        verdicts.insert(key, verdict);
                        verdict
                    }),
                    ShortWord::NotLowercase => continue,
                    ShortWord::Unread => {
                        let word = &text[range.clone()];
                        // The word tests first, the cheapest first, as few words pass them.
                        let maybe_language = is_language_name(word);
                        let may_be_name = lexicon.may_be_common_name(word);
                        if !(may_be_name || maybe_language) || !is_lower_case(word) {
                            continue;
                        }
                        let known_proper =
                            may_be_name && lexicon.get(word).is_some_and(lexicon::is_common_name);
                        WordVerdict { known_proper, maybe_language }
                    }
                };
                if verdict.known_proper || verdict.maybe_language {
                    self.check_place(text, range, verdict, out);
                }
            }
        });
    }
}

impl LowercaseProper {
    /// Reports the word at `range`, a known name or a language name in lower case, unless where it stands
    /// explains it.
    fn check_place(
        &self,
        text: &str,
        range: &Range<usize>,
        verdict: WordVerdict,
        out: &mut Vec<Finding>,
    ) {
        let word = &text[range.clone()];
        if self.allow.contains(word) {
            return;
        }
        // Inside a URL, an e-mail address, a handle, a hashtag or a file name.
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        let glued = |c: Option<char>| {
            c.is_some_and(|c| matches!(c, '@' | '#' | '/' | '.' | '_' | '-' | '=' | '\\'))
        };
        if glued(before) || (glued(after) && !matches!(after, Some('.'))) {
            return;
        }
        if after == Some('.') && text[range.end + 1..].starts_with(char::is_alphanumeric) {
            return;
        }
        // "translated to english": a language named after a preposition, though "english"
        // and "french" also have lower-case senses.
        let previous_word = text[..range.start].trim_end().rsplit(' ').next().unwrap_or("");
        let language = verdict.maybe_language
            && matches!(previous_word, "in" | "into" | "to" | "from")
            && before == Some(' ');
        if verdict.known_proper || language {
            out.push(capitalize_fix(range.clone(), word));
        }
    }
}

/// What a word in lower case is, whatever stands around it.
#[derive(Clone, Copy)]
struct WordVerdict {
    /// A name the lexicon knows only capitalized ("tuesday", "syria").
    known_proper: bool,
    /// One of the language names of [`is_language_name`].
    maybe_language: bool,
}

/// A word of four or more bytes, as read eight bytes at once.
enum ShortWord {
    /// Four to eight small ASCII letters, as a little-endian number (zero past the word).
    Lowercase(u64),
    /// Four to eight ASCII bytes, not all of them small letters: not in lower case.
    NotLowercase,
    /// Longer, outside ASCII, or too near the end of the text to be read at once.
    Unread,
}

/// Reads the word of `len` bytes (four or more) at `start` of `bytes` as a [`ShortWord`]:
/// eight bytes loaded and tested together, where most words are short and ASCII.
fn short_word(bytes: &[u8], start: usize, len: usize) -> ShortWord {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let head = bytes[start..].first_chunk::<8>();
    let Some(head) = head.filter(|_| len <= 8) else { return ShortWord::Unread };
    let keep = u64::MAX >> (8 * (8 - len));
    let word = u64::from_le_bytes(*head) & keep;
    if word & HIGH != 0 {
        return ShortWord::Unread;
    }
    // The bytes past the word read as "a", which passes both tests. No byte is above 0x7f,
    // so no sum carries into the next byte: 0x1f takes "a" (0x61) and above to 0x80, and 5
    // takes what is above "z" (0x7a) there.
    let padded = word | ((ONES * u64::from(b'a')) & !keep);
    let at_least_a = padded.wrapping_add(ONES * 0x1f) & HIGH == HIGH;
    let at_most_z = padded.wrapping_add(ONES * 5) & HIGH == 0;
    if at_least_a && at_most_z { ShortWord::Lowercase(word) } else { ShortWord::NotLowercase }
}

/// Slots of [`ShortWordVerdicts`].
const VERDICT_SLOTS: usize = 1 << 14;

/// The [`WordVerdict`]s of short lower-case words met, one word to a slot: running text
/// repeats its words, and a multiply finds a word's slot where the lexicon's name filter
/// hashes it a byte at a time.
struct ShortWordVerdicts(Box<[u64; VERDICT_SLOTS]>);

thread_local! {
    static SHORT_WORD_VERDICTS: std::cell::RefCell<ShortWordVerdicts> =
        std::cell::RefCell::new(ShortWordVerdicts(Box::new([0; VERDICT_SLOTS])));
}

impl ShortWordVerdicts {
    /// Flags kept beside a key in its slot, in the high bits of two of its bytes, which are
    /// clear in the key of an ASCII word.
    const KNOWN_PROPER: u64 = 1 << 63;
    const MAYBE_LANGUAGE: u64 = 1 << 55;

    /// The slot of a key.
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - VERDICT_SLOTS.trailing_zeros())) as usize
    }

    /// The verdict kept on the word of a [`ShortWord::Lowercase`] `key`, if it is the last
    /// word met of those of its slot. An empty slot holds zero, which is no word's key.
    #[inline]
    fn get(&self, key: u64) -> Option<WordVerdict> {
        let kept = self.0[Self::slot(key)];
        (kept & !(Self::KNOWN_PROPER | Self::MAYBE_LANGUAGE) == key).then_some(WordVerdict {
            known_proper: kept & Self::KNOWN_PROPER != 0,
            maybe_language: kept & Self::MAYBE_LANGUAGE != 0,
        })
    }

    /// Keeps the verdict on the word of `key`, in place of the word before in its slot.
    fn insert(&mut self, key: u64, verdict: WordVerdict) {
        let flags = if verdict.known_proper { Self::KNOWN_PROPER } else { 0 }
            | if verdict.maybe_language { Self::MAYBE_LANGUAGE } else { 0 };
        self.0[Self::slot(key)] = key | flags;
    }
}

impl WordVerdict {
    /// The verdict on a word of four or more small ASCII letters.
    fn of_lower_case(word: &str, lexicon: &lexicon::Lexicon) -> Self {
        WordVerdict {
            known_proper: lexicon.may_be_common_name(word)
                && lexicon.get(word).is_some_and(lexicon::is_common_name),
            maybe_language: is_language_name(word),
        }
    }
}

/// Language names that the lexicon also knows in a lower-case sense ("french fries").
fn is_language_name(word: &str) -> bool {
    // No two start with the same letter: one compare settles the word.
    let name = match word.as_bytes().first() {
        Some(b'd') => "dutch",
        Some(b'e') => "english",
        Some(b'f') => "french",
        Some(b'g') => "german",
        Some(b'p') => "polish",
        Some(b's') => "spanish",
        Some(b't') => "turkish",
        _ => return false,
    };
    word == name
}

/// Whether a word of four or more bytes has four or more characters, all of them lower-case
/// letters.
fn is_lower_case(word: &str) -> bool {
    // Small ASCII letters only settle most words in one pass.
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        true
    } else if word.is_ascii() {
        false
    } else {
        word.chars().all(|c| c.is_lowercase()) && word.chars().count() >= 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(check: &dyn Check, text: &str) -> Vec<String> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        check.check_document(&doc, &mut out);
        out.iter().map(|f| text[f.span.clone()].to_string()).collect()
    }

    fn midsentence() -> MidsentenceCapital {
        MidsentenceCapital { allow: FxHashSet::default() }
    }

    proptest::proptest! {
        /// The screen that reads short ASCII words at once is the title-case and plain
        /// content word tests it stands in for.
        #[test]
        fn glitch_screen_is_as_by_characters(
            word in "[A-Za-zÉé'0-9]{1,10}",
            tail in "[a-z .]{0,9}",
            allowing in proptest::bool::ANY,
        ) {
            let mut check = midsentence();
            if allowing {
                check.allow.insert("senate".to_string());
            }
            let text = format!("{word}{tail}");
            proptest::prop_assert_eq!(
                check.may_be_glitch(&text, &(0..word.len())),
                is_titlecase(&word) && !check.is_plain_content_word(&word)
            );
        }
    }

    #[test]
    fn capitals_mid_sentence() {
        let check = midsentence();
        let fires = [
            ("At least ten people died when a drone Launched against the school hit.", "Launched"),
            ("The minister spoke at length, He added that talks would go on.", "He"),
            ("After the vote, A new coalition was formed in the capital city.", "A"),
            ("Officials said there will Also be an update on the funding.", "Also"),
            ("The teams agreed on the plan, In 1932 the academy moved to the city.", "In"),
        ];
        for (text, expected) in fires {
            assert_eq!(lint(&check, text), [expected], "{text}");
        }
    }

    #[test]
    fn capitals_that_belong() {
        let check = midsentence();
        let silent = [
            "Rescue workers from the White Helmets and Syrian Civil Defense searched the site.",
            "The report was published by The Guardian and the BBC on Monday morning.",
            "She said: It is too early to tell whether the plan will work at all.",
            "He told reporters “It is not over” before leaving the building on Friday.",
            "Group A teams will play first, and Plan B was dropped by the organisers.",
            "The Senate voted against the bill, and the Government said it would appeal.",
            "Markets Fall In Asia As Oil Prices Climb",
            "The pro-Western coalition won a majority of the seats in the election.",
            "She reads Gone With the Wind every summer, she told the interviewer.",
        ];
        for text in silent {
            assert!(lint(&check, text).is_empty(), "{text}: {:?}", lint(&check, text));
        }
    }

    #[test]
    fn title_case_sentences_in_prose_are_passed_over() {
        // The second sentence alone is in title case: its "He" would be flagged in prose.
        let text = "The council met on Monday to discuss the budget for the coming year. \
                    Officials Confirmed Storm Damage Across Northern Regions, He said today. \
                    The vote on the plan was put off until the next meeting in the spring.";
        assert!(lint(&midsentence(), text).is_empty(), "{:?}", lint(&midsentence(), text));
        let prose = "The council met on Monday to discuss the budget for the coming year. \
                     officials confirmed storm damage across the region, He said today.";
        assert_eq!(lint(&midsentence(), prose), ["He"]);
    }

    #[test]
    fn lowercase_sentence_starts() {
        let check = LowercaseStart { allow: FxHashSet::default() };
        assert_eq!(
            lint(&check, "The club presented its new reinforcement. the midfielder arrives."),
            ["the"]
        );
        assert_eq!(lint(&check, "reactions and opinions\n\nThe debate went on."), ["reactions"]);
        assert!(
            lint(&check, "date 2023-10-06 World\n\nby Ana Lima\n\nThe debate went on.").is_empty()
        );
        let silent = [
            "The talks ended at 5 p.m. the next round starts soon.",
            "Prices rose, e.g. the cost of bread rose by ten percent.",
            "“Why?” he asked. “Because,” she said.",
            "Visit example.com for details. iPhone sales fell.",
            "The list includes:\n\nbread, milk and eggs.",
            "He lives at No. 5 and works at St. Mary's hospital.",
        ];
        for text in silent {
            assert!(lint(&check, text).is_empty(), "{text}: {:?}", lint(&check, text));
        }
    }

    proptest::proptest! {
        /// Words read eight bytes at once are told as `is_lower_case` tells them.
        #[test]
        fn short_words_are_read_as_by_characters(
            word in "[a-zA-Z0-9'é]{4,10}",
            tail in "[a-z .]{0,9}",
        ) {
            let text = format!("{word}{tail}");
            let lower = is_lower_case(&word);
            match short_word(text.as_bytes(), 0, word.len()) {
                ShortWord::Lowercase(key) => {
                    proptest::prop_assert!(lower);
                    let mut bytes = [0; 8];
                    bytes[..word.len()].copy_from_slice(word.as_bytes());
                    proptest::prop_assert_eq!(key, u64::from_le_bytes(bytes));
                }
                ShortWord::NotLowercase => {
                    proptest::prop_assert!(!lower && word.is_ascii() && word.len() <= 8);
                }
                ShortWord::Unread => {
                    proptest::prop_assert!(!word.is_ascii() || word.len() > 8 || text.len() < 8);
                }
            }
        }
    }

    #[test]
    fn short_word_verdicts_are_the_lexicon_s() {
        let lexicon = lexicon::english();
        let mut verdicts = ShortWordVerdicts(Box::new([0; VERDICT_SLOTS]));
        // Twice, the second time from the slots.
        for _ in 0..2 {
            for word in ["tuesday", "english", "syria", "said", "bridge", "paris", "spanish"] {
                let mut bytes = [0; 8];
                bytes[..word.len()].copy_from_slice(word.as_bytes());
                let key = u64::from_le_bytes(bytes);
                let verdict = verdicts.get(key).unwrap_or_else(|| {
                    let verdict = WordVerdict::of_lower_case(word, lexicon);
                    verdicts.insert(key, verdict);
                    verdict
                });
                let known = lexicon.get(word).is_some_and(lexicon::is_common_name);
                assert_eq!(verdict.known_proper, known, "{word}");
                assert_eq!(verdict.maybe_language, is_language_name(word), "{word}");
            }
        }
    }

    #[test]
    fn fixes_change_the_case_as_the_standard_library_does() {
        for word in ["the", "Launched", "élan", "ßtraße", "İstanbul", "ǆungla", "", "x"] {
            let replacement = |finding: Finding| finding.fix.unwrap().edits[0].replacement.clone();
            let mut chars = word.chars();
            let expected: String =
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
            assert_eq!(replacement(capitalize_fix(0..word.len(), word)), expected, "{word}");
            let lower = replacement(lowercase_fix(0..word.len(), word));
            assert_eq!(lower, word.to_lowercase(), "{word}");
        }
    }

    #[test]
    fn lowercase_proper_nouns() {
        let check = LowercaseProper { allow: FxHashSet::default() };
        assert_eq!(
            lint(&check, "The report was translated to english by a volunteer."),
            ["english"]
        );
        assert_eq!(lint(&check, "The vote is on tuesday, officials said."), ["tuesday"]);
        let silent = [
            "The English translation was published on Tuesday.",
            "See https://example.com/english/news for the original.",
            "Write to press@english.example.org for a copy.",
            "He ordered french fries and a burger.",
        ];
        for text in silent {
            assert!(lint(&check, text).is_empty(), "{text}: {:?}", lint(&check, text));
        }
    }
}
