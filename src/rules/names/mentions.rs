//! Names in running text: runs of capitalized units ("Volodymyr Zelenskiy", "Hafez
//! al-Assad", "V. Zelenskiy"), leaving out common words that are capitalized only because
//! they open a sentence, a quotation or a headline.

use std::ops::Range;
use std::sync::Arc;

use memchr::{memchr2, memrchr3};
use rustc_hash::FxHashMap;

use super::gazetteer::gazetteer;
use super::spelling::fold_into;
use crate::document::Document;
use crate::lexicon::{self, Lexicon};
use crate::rules::prose::{
    TwoLetterStarts, headline_paragraphs, is_function_word, last_mark, licenses_capital,
    lowercase_into, may_be_capitalized_function_word,
};

/// One unit of a name: a word, or words joined by hyphens ("Al-Jazeera", "al-Assad"), with a
/// lower-case particle before it ("van Gogh"). A possessive ending is left out of the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub range: Range<usize>,
    /// A single capital letter followed by a full stop ("V.").
    pub initial: bool,
    /// The unit's text as a number, the same for every unit of that text: units are told
    /// apart and looked up by it without reading their text.
    pub text: u32,
}

/// Name units in a row, separated by single spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'r> {
    pub units: &'r [Unit],
}

impl Run<'_> {
    pub fn range(&self) -> Range<usize> {
        self.units[0].range.start..self.units[self.units.len() - 1].range.end
    }
}

/// Lower-case particles that belong to the name after them.
const PARTICLES: &[&str] = &[
    "abu", "al", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos",
    "du", "el", "ibn", "la", "le", "ter", "van", "von",
];

#[inline]
pub fn is_particle(lower: &str) -> bool {
    is_particle_bytes(lower.as_bytes())
}

/// [`is_particle`] of a word's bytes: the particles are ASCII, so a word is compared byte for
/// byte, with no check that a slice of the text falls on character boundaries.
#[inline(always)]
fn is_particle_bytes(lower: &[u8]) -> bool {
    // Asked of most words: most are longer than any particle, or start with two letters no
    // particle starts with, which is told where the word is read; the list is read only for
    // the rest.
    lower.len() <= LONGEST_PARTICLE && particle_start(lower) && is_listed_particle(lower)
}

fn is_listed_particle(lower: &[u8]) -> bool {
    PARTICLES.iter().any(|p| p.as_bytes() == lower)
}

/// Whether a word in any case is a particle, as `is_particle(&word.to_lowercase())` tells,
/// without allocating for an ASCII word.
pub fn is_particle_in_lower_case(word: &str) -> bool {
    if !word.is_ascii() {
        return is_particle(&word.to_lowercase());
    }
    if word.len() > LONGEST_PARTICLE {
        return false;
    }
    let mut buffer = [0u8; LONGEST_PARTICLE];
    let lower = &mut buffer[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(is_particle)
}

/// Whether a word starts with two lower-case ASCII letters that some particle starts with.
#[inline(always)]
fn particle_start(word: &[u8]) -> bool {
    static STARTS: TwoLetterStarts = TwoLetterStarts::of(PARTICLES);
    STARTS.may_start(word)
}

/// The byte length of the longest of [`PARTICLES`].
const LONGEST_PARTICLE: usize = 5;

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Two or more letters, none in lower case: an acronym, not a spelling to compare.
pub fn is_acronym(word: &str) -> bool {
    // Most words have an ASCII lower-case letter, found without decoding characters.
    if word.bytes().any(|b| b.is_ascii_lowercase()) {
        return false;
    }
    !word.chars().any(char::is_lowercase) && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// A word the lexicon knows in lower case: capitalized, it is a common word in a position
/// that takes a capital, not a name.
pub fn is_common_word(lexicon: &Lexicon, word: &str) -> bool {
    lexicon.get(word).is_some_and(|e| e.lower)
}

/// The runs of names of a document, in order: the units of every run in one vector, rather
/// than a vector for each run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct NameRuns {
    units: Vec<Unit>,
    /// Where each run ends in `units`; it starts where the one before ends.
    ends: Vec<usize>,
    /// Where the run being found starts in `units`: the end of the last run.
    open: usize,
    /// For each unit text, by its number, where it is first written.
    texts: Vec<Range<usize>>,
    /// For each unit text, by its number, the number of its folded key: texts that fold
    /// alike have the same.
    folds: Vec<u32>,
}

impl NameRuns {
    /// The runs, in order.
    pub fn list(&self) -> Vec<Run<'_>> {
        let mut start = 0;
        let mut list = Vec::with_capacity(self.ends.len());
        for &end in &self.ends {
            list.push(Run { units: &self.units[start..end] });
            start = end;
        }
        list
    }

    /// How many unit texts the runs have: their numbers are below it.
    pub fn text_count(&self) -> usize {
        self.texts.len()
    }

    /// The number of the folded key of unit text `text`.
    pub fn fold_of(&self, text: u32) -> u32 {
        self.folds[text as usize]
    }

    /// The units after the last run: those of the run being found.
    fn open_run(&self) -> &[Unit] {
        &self.units[self.open..]
    }

    /// Ends the run being found, if it has any unit.
    fn close_run(&mut self) {
        // A run that ends in an initial is no name of its own.
        while self.units.len() > self.open && self.units[self.units.len() - 1].initial {
            self.units.pop();
        }
        if self.units.len() > self.open {
            self.ends.push(self.units.len());
            self.open = self.units.len();
        }
    }
}

/// The runs of names of the document, in order; found once and shared by the name kinds.
pub fn runs(doc: &Document) -> Arc<NameRuns> {
    doc.derived(find_runs)
}

fn find_runs(doc: &Document) -> NameRuns {
    let text = doc.text();
    let lexicon = lexicon::english();
    // Room for a unit in every five words and a run in every ten, made at the start, spares
    // the copying as the vectors of a long document grow: fewer than one word in six starts
    // a unit in news.
    let words = doc.words().len();
    let mut runs = NameRuns {
        units: Vec::with_capacity(words / 5),
        ends: Vec::with_capacity(words / 10),
        ..NameRuns::default()
    };
    let paragraphs = doc.paragraphs();
    let headlines = headline_paragraphs(doc);
    // One set of buffers for the whole document: a sentence rarely needs a new allocation.
    let mut buffers = Buffers::default();
    // Sentences come in order, so the paragraph of each is found by walking forward.
    let mut p = 0;
    for (index, sentence) in doc.sentences().iter().enumerate() {
        while p < paragraphs.len() && paragraphs[p].end <= sentence.start {
            p += 1;
        }
        if p >= paragraphs.len() {
            continue;
        }
        let is_headline = headlines.0[p];
        let words = doc.sentence_words(index);
        sentence_runs(text, words, is_headline, lexicon, &mut buffers, &mut runs);
    }
    runs
}

/// Scratch text reused from word to word and sentence to sentence, and what single words
/// were found to be.
#[derive(Default)]
struct Buffers<'t> {
    /// The folded key of a place to look up.
    folded: String,
    /// The first word of a unit in lower case.
    lower: String,
    /// Where what is known of each text met as a word or a unit is kept in `seen`: one
    /// lookup of a word gives both what it was judged to be and its number as a unit text.
    known: FxHashMap<TextKey<'t>, u32>,
    seen: Vec<Seen>,
    /// The number of each folded key of a unit text.
    fold_numbers: FxHashMap<String, u32>,
}

/// A text of the document as a key. Most words are shorter than sixteen bytes: their bytes,
/// with how many there are, make one number, hashed and compared in a few steps. Longer
/// texts are keys as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TextKey<'t> {
    Short(u128),
    Long(&'t str),
}

impl<'t> TextKey<'t> {
    /// The key of the text `range` of `text`.
    fn of(text: &'t str, range: Range<usize>) -> Self {
        let len = range.len();
        if len >= 16 {
            return TextKey::Long(&text[range]);
        }
        // Sixteen bytes are read at once where the text has them, and those after the range
        // are cleared.
        let bytes = text.as_bytes();
        let block = match bytes.get(range.start..range.start + 16) {
            Some(block) => u128::from_le_bytes(block.try_into().expect("sixteen bytes")),
            None => {
                let mut block = [0u8; 16];
                block[..bytes.len() - range.start].copy_from_slice(&bytes[range.start..]);
                u128::from_le_bytes(block)
            }
        };
        let kept = block & ((1u128 << (8 * len)) - 1);
        TextKey::Short(kept | (len as u128) << 120)
    }
}

/// What is known of one text met as a word or a unit.
#[derive(Default, Clone, Copy)]
struct Seen {
    /// What [`is_name_unit`] said of the text as a single word, where no capital was expected
    /// and where one was: what a word of more than one character is depends on the word and
    /// the license alone, and words repeat (sentences open with the same words, and a text
    /// keeps naming the same people).
    verdicts: [Option<bool>; 2],
    /// Its number as a unit text, once a unit of it was found.
    number: Option<u32>,
}

impl<'t> Buffers<'t> {
    /// Where in `seen` what is known of the text `range` of `text` is kept, made room for
    /// when it is new.
    fn look_up(&mut self, text: &'t str, range: Range<usize>) -> usize {
        let key = TextKey::of(text, range);
        if let Some(&index) = self.known.get(&key) {
            return index as usize;
        }
        let index = self.seen.len();
        self.known.insert(key, u32::try_from(index).expect("fewer distinct words than u32::MAX"));
        self.seen.push(Seen::default());
        index
    }

    /// The number of the unit text `range` of `text`, whose [`Seen`] is at `seen`: the next
    /// one for a text that is new as a unit text.
    fn number(
        &mut self,
        seen: usize,
        text: &str,
        range: &Range<usize>,
        runs: &mut NameRuns,
    ) -> u32 {
        if let Some(number) = self.seen[seen].number {
            return number;
        }
        let number = u32::try_from(runs.texts.len()).expect("fewer unit texts than u32::MAX");
        fold_into(&text[range.clone()], &mut self.folded);
        let fold = match self.fold_numbers.get(self.folded.as_str()) {
            Some(&fold) => fold,
            None => {
                let fold = u32::try_from(self.fold_numbers.len()).expect("fewer folded keys");
                self.fold_numbers.insert(self.folded.clone(), fold);
                fold
            }
        };
        runs.texts.push(range.clone());
        runs.folds.push(fold);
        self.seen[seen].number = Some(number);
        number
    }
}

/// A unit that [`name_unit`] found, before its text is numbered.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    range: Range<usize>,
    initial: bool,
    /// Where in [`Buffers::seen`] what is known of its text is, if it was looked up.
    seen: Option<usize>,
}

/// A unit before it is judged: its words and whether a capital is expected where it stands.
struct Candidate {
    range: Range<usize>,
    first_word: Range<usize>,
    words: usize,
    licensed: bool,
}

/// Whether the gap between two words is a hyphen, which joins them into one unit.
fn is_hyphen(gap: &[u8]) -> bool {
    // "-", U+2010 and U+2011.
    matches!(gap, b"-" | [0xE2, 0x80, 0x90 | 0x91])
}

/// Finds the name runs of one sentence and appends them to `runs`.
fn sentence_runs<'t>(
    text: &'t str,
    words: &[Range<usize>],
    headline: bool,
    lexicon: &Lexicon,
    buffers: &mut Buffers<'t>,
    runs: &mut NameRuns,
) {
    let bytes = text.as_bytes();
    let mut previous_end: Option<usize> = None;
    let mut previous_initial = false;
    let mut previous_possessive = false;
    let mut i = 0;
    while i < words.len() {
        // A unit is a word with the words hyphens join to it, and a particle with the word
        // after it.
        let start = i;
        let first_byte = bytes[words[i].start];
        // Most words start in lower case and are no particle, or with a digit: no name unit,
        // whatever follows. The words after them that can start no unit either are passed
        // over in one go.
        if cannot_start_unit(bytes, &words[i]) {
            i = next_possible_unit(bytes, words, i);
            runs.close_run();
            previous_end = None;
            continue;
        }
        // Particles are ASCII lower case; a word that starts otherwise is none.
        let particle = first_byte.is_ascii_lowercase() && is_particle(&text[words[i].clone()]);
        let lower = first_byte.is_ascii_lowercase() && !particle;
        // "van Gogh", "bin Laden": the particle joins the unit after a single space.
        if particle
            && i > 0
            && i + 1 < words.len()
            && &bytes[words[i].end..words[i + 1].start] == b" "
            && is_capitalized(&text[words[i + 1].clone()])
        {
            i += 1;
        }
        while i + 1 < words.len() && is_hyphen(&bytes[words[i].end..words[i + 1].start]) {
            i += 1;
        }
        let end = i;
        i += 1;
        let unit = if lower {
            None
        } else {
            let gap_before =
                if start == 0 { "" } else { &text[words[start - 1].end..words[start].start] };
            // Most units follow a single space, which licenses no capital.
            let licensed = headline
                || start == 0
                || (gap_before != " "
                    && (gap_before.contains('\n')
                        || last_mark(gap_before).is_some_and(licenses_capital)));
            let candidate = Candidate {
                range: words[start].start..words[end].end,
                first_word: words[start].clone(),
                words: end - start + 1,
                licensed,
            };
            name_unit(text, &candidate, lexicon, buffers).map(|found| (found, candidate.range))
        };
        let Some((found, range)) = unit else {
            runs.close_run();
            previous_end = None;
            continue;
        };
        let (unit, possessive) = numbered(text, found, buffers, runs);
        let continues = previous_end.is_some_and(|end| {
            let gap = &text[end..range.start];
            gap == " " || gap == "\u{a0}" || (previous_initial && gap == ". ")
        }) && !previous_possessive;
        // "Estadão Contenti Estadão Content": a unit that repeats starts another name.
        let repeats = {
            let fold = runs.fold_of(unit.text);
            runs.open_run().iter().any(|u| runs.fold_of(u.text) == fold)
        };
        if !continues || repeats {
            runs.close_run();
        }
        previous_end = Some(range.end);
        previous_initial = unit.initial;
        previous_possessive = possessive;
        runs.units.push(unit);
    }
    runs.close_run();
}

/// Whether a word starts with an ASCII byte other than a capital and is no particle: the
/// unit it starts, with the words hyphens join to it, is no name unit, as [`name_unit`]
/// finds no capital at its start.
#[inline]
fn cannot_start_unit(bytes: &[u8], word: &Range<usize>) -> bool {
    // Asked of every word: one table load settles all but the words that open with a
    // particle's first letter.
    match START_CLASSES[usize::from(bytes[word.start])] {
        StartClass::NoUnit => true,
        StartClass::ParticleLetter => !is_particle_bytes(&bytes[word.clone()]),
        StartClass::MayStart => false,
    }
}

/// What the first byte of a word tells of whether it can start a name unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartClass {
    /// An ASCII byte other than a capital, and no first letter of a particle.
    NoUnit,
    /// The first letter of a particle: the word can start a unit only if it is one.
    ParticleLetter,
    /// A capital, or a byte outside ASCII.
    MayStart,
}

/// The [`StartClass`] of every byte.
static START_CLASSES: [StartClass; 256] = {
    let mut classes = [StartClass::NoUnit; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if !b.is_ascii() || b.is_ascii_uppercase() {
            classes[byte] = StartClass::MayStart;
        }
        byte += 1;
    }
    let mut i = 0;
    while i < PARTICLES.len() {
        classes[PARTICLES[i].as_bytes()[0] as usize] = StartClass::ParticleLetter;
        i += 1;
    }
    classes
};

/// The index of the first word after `i` that may start a name unit, given that the unit
/// at `i` is none: words that cannot start a unit, and words hyphens join to the word before
/// them (which belong to a unit that is none), are passed over. Units that are none all do
/// the same (end the run at hand), so it matters not where one ends and the next begins.
fn next_possible_unit(bytes: &[u8], words: &[Range<usize>], i: usize) -> usize {
    let mut k = i + 1;
    while k < words.len()
        && (cannot_start_unit(bytes, &words[k])
            || is_hyphen(&bytes[words[k - 1].end..words[k].start]))
    {
        k += 1;
    }
    k
}

/// Whether a candidate unit is part of a name, and as what.
fn name_unit<'t>(
    text: &'t str,
    candidate: &Candidate,
    lexicon: &Lexicon,
    buffers: &mut Buffers<'t>,
) -> Option<Found> {
    let unit_text = &text[candidate.range.clone()];
    let first = &text[candidate.first_word.clone()];
    if candidate.words == 1 && is_one_character(first) {
        let after = &text[candidate.range.end..];
        let initial = is_capitalized(first) && after.starts_with(". ");
        return initial.then(|| Found {
            range: candidate.range.clone(),
            initial: true,
            seen: None,
        });
    }
    if candidate.words == 1 {
        let seen = buffers.look_up(text, candidate.first_word.clone());
        let licensed = usize::from(candidate.licensed);
        let is_name = match buffers.seen[seen].verdicts[licensed] {
            Some(is_name) => is_name,
            None => {
                let is_name = is_name_unit(first, candidate, lexicon, buffers);
                buffers.seen[seen].verdicts[licensed] = Some(is_name);
                is_name
            }
        };
        return is_name.then(|| Found {
            range: candidate.range.clone(),
            initial: false,
            seen: Some(seen),
        });
    }
    is_name_unit(unit_text, candidate, lexicon, buffers).then(|| Found {
        range: candidate.range.clone(),
        initial: false,
        seen: None,
    })
}

/// The unit `found` with its text numbered, and whether a possessive ending was left out of
/// its range.
fn numbered<'t>(
    text: &'t str,
    found: Found,
    buffers: &mut Buffers<'t>,
    runs: &mut NameRuns,
) -> (Unit, bool) {
    let Found { mut range, initial, seen } = found;
    let possessive = strip_possessive(text, &mut range);
    // A single word was looked up to be judged: its text is the unit's, unless a possessive
    // ending was left out.
    let seen = match seen {
        Some(seen) if !possessive => seen,
        _ => buffers.look_up(text, range.clone()),
    };
    let number = buffers.number(seen, text, &range, runs);
    (Unit { range, initial, text: number }, possessive)
}

/// Whether a candidate unit of more than one character, of text `unit_text`, is part of a
/// name.
fn is_name_unit(
    unit_text: &str,
    candidate: &Candidate,
    lexicon: &Lexicon,
    buffers: &mut Buffers,
) -> bool {
    let first = &unit_text[..candidate.first_word.len()];
    let capitalized = is_capitalized(first)
        || (is_particle(first) && unit_text.chars().skip(first.len()).any(char::is_uppercase));
    // A lower-case second letter, as most names have, rules out an acronym without a call.
    let lower_second = first.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase);
    if !capitalized || (!lower_second && is_acronym(first)) || has_ascii_digit(unit_text.as_bytes())
    {
        return false;
    }
    // The lower case serves the function-word test of a single word and the test of a word
    // where a capital is expected: most units need neither, and are not copied.
    let function_word_test = candidate.words == 1 && may_lower_to_function_word(first);
    if !function_word_test && !candidate.licensed {
        return true;
    }
    let Buffers { folded, lower, .. } = buffers;
    lowercase_into(first, lower);
    if function_word_test && is_function_word(lower) {
        return false;
    }
    if candidate.licensed && is_common_word(lexicon, first) && !is_particle(lower) {
        // A common word opening a sentence or written in a headline; kept only when it is a
        // spelling of a large place ("History of Hims").
        let place = candidate.words == 1 && {
            // A word of ASCII letters folds to its lower case, which is at hand.
            let key = if first.bytes().all(|b| b.is_ascii_alphabetic()) {
                lower.as_str()
            } else {
                fold_into(unit_text, folded);
                folded.as_str()
            };
            gazetteer().lookup(key).any(|e| e.tier <= 2)
        };
        if !place {
            return false;
        }
    }
    true
}

/// False when `word` in lower case is surely no function word. An ASCII word whose second
/// byte is no capital differs from its lower case in its first byte at most, which the
/// cheap test of the function words reads along with the second byte and the length.
fn may_lower_to_function_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    !word.is_ascii()
        || bytes.get(1).is_some_and(u8::is_ascii_uppercase)
        || may_be_capitalized_function_word(bytes)
}

/// Whether any byte is an ASCII digit, as `bytes.iter().any(u8::is_ascii_digit)` tells,
/// tested eight bytes at a time.
fn has_ascii_digit(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let digit_in = |chunk: &[u8]| {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // With the high bits cleared, adding to each byte carries into no other byte: the
        // high bit of the sum is set where the byte is `0` or above, and `:` or above.
        let low = word & !HIGH;
        let from_zero = low + ONES * u64::from(0x80 - b'0');
        let past_nine = low + ONES * u64::from(0x80 - b':');
        from_zero & !past_nine & !word & HIGH != 0
    };
    chunks.any(digit_in) || chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// Whether `word` is a single character, found without counting the characters of a long word.
fn is_one_character(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// Whether an opening bracket before `at`, on the same line, is still open.
pub fn in_brackets(text: &str, at: usize) -> bool {
    // The delimiters are ASCII: the last opening bracket or line break within reach is found
    // with a byte search, closing brackets are looked for only after it, and the characters
    // between it and `at` are counted only then.
    let window_start = at.saturating_sub(4 * BRACKET_REACH);
    let window = &text.as_bytes()[window_start..at];
    let Some(opening) = memrchr3(b'(', b'[', b'\n', window) else { return false };
    window[opening] != b'\n'
        && memchr2(b')', b']', &window[opening + 1..]).is_none()
        && text[window_start + opening..at].chars().count() <= BRACKET_REACH
}

/// How many characters back an opening bracket is looked for.
const BRACKET_REACH: usize = 160;

/// Drops "’s" or "'s" from the end of a unit's range; true when there was one.
fn strip_possessive(text: &str, range: &mut Range<usize>) -> bool {
    // Every ending ends in "s" or "S", and most units end otherwise.
    if !text.as_bytes()[..range.end].last().is_some_and(|b| matches!(b, b's' | b'S')) {
        return false;
    }
    for ending in ["’s", "'s", "’S", "'S"] {
        if text[range.clone()].ends_with(ending) && range.len() > ending.len() + 1 {
            range.end -= ending.len();
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::spelling::same_fold;
    use super::*;

    fn names(text: &str) -> Vec<Vec<String>> {
        let doc = Document::new(text);
        runs(&doc)
            .list()
            .iter()
            .map(|r| r.units.iter().map(|u| text[u.range.clone()].to_string()).collect())
            .collect()
    }

    #[test]
    fn runs_of_capitalized_units() {
        assert_eq!(
            names("The Financial Times named Volodymyr Zelenskiy person of the year."),
            [vec!["Financial", "Times"], vec!["Volodymyr", "Zelenskiy"]]
        );
        assert_eq!(
            names("We remind you that V. Zelenskiy refused to leave."),
            [vec!["V", "Zelenskiy"]]
        );
        assert_eq!(
            names(
                "The forces of President Bashar al-Assad’s government advanced on the town again."
            ),
            [vec!["President", "Bashar", "al-Assad"]]
        );
        assert_eq!(
            names("It was painted by Vincent van Gogh in 1889."),
            [vec!["Vincent", "van Gogh"]]
        );
    }

    #[test]
    fn sentence_openers_and_acronyms_are_not_names() {
        assert_eq!(names("After the vote, the UN met in Geneva."), [vec!["Geneva"]]);
        assert_eq!(names("Drones hit the town. Homs was calm."), [vec!["Homs"]]);
        assert_eq!(names("History of Hims\n\nThe city grew."), [vec!["Hims"]]);
    }

    #[test]
    fn repeated_units_split_a_run() {
        assert_eq!(
            names(
                "The report that was written by Estadão Contenti Estadão Content was shared widely."
            ),
            [vec!["Estadão", "Contenti"], vec!["Estadão", "Content"]]
        );
    }

    #[test]
    fn hyphens_join_words_into_one_unit() {
        for hyphen in ["-", "\u{2010}", "\u{2011}"] {
            assert!(is_hyphen(hyphen.as_bytes()));
            // Joined to a lower-case word, "Kremlin" is no unit of its own.
            let text = format!(
                "Troops loyal to Bashar al{hyphen}Assad met in the pro{hyphen}Kremlin camp."
            );
            let expected = [vec!["Bashar".to_string(), format!("al{hyphen}Assad")]];
            assert_eq!(names(&text), expected, "{hyphen:?}");
        }
        for gap in [" ", "\u{2012}", "\u{2013}", "--", ""] {
            assert!(!is_hyphen(gap.as_bytes()), "{gap:?}");
        }
    }

    #[test]
    fn start_classes_tell_what_the_byte_tests_tell() {
        let tails = ["", "a", "e", "l", "an", "el", "er", "ou", "bn", "ella", "ellas", "é", "l-"];
        for first in 0..=u8::MAX {
            for tail in tails {
                let mut word = vec![first];
                word.extend_from_slice(tail.as_bytes());
                let by_byte_tests = first.is_ascii()
                    && !first.is_ascii_uppercase()
                    && !(first.is_ascii_lowercase() && is_particle_bytes(&word));
                assert_eq!(cannot_start_unit(&word, &(0..word.len())), by_byte_tests, "{word:?}");
            }
        }
    }

    #[test]
    fn particles_are_found_whatever_their_length() {
        assert_eq!(PARTICLES.iter().map(|p| p.len()).max(), Some(LONGEST_PARTICLE));
        assert!(PARTICLES.iter().all(|p| is_particle(p)));
        assert!(!is_particle("delle") && !is_particle("Van"));
        assert!(!is_particle("the") && !is_particle("d") && !is_particle("") && !is_particle("dé"));
        // Every particle has two letters at least, which the table of starts relies on.
        assert!(
            PARTICLES.iter().all(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn open_brackets_on_the_same_line_and_within_reach() {
        let text = "The mayor (of Port Avalon) said [in Lyon] that";
        assert!(in_brackets(text, text.find("Port").unwrap()));
        assert!(!in_brackets(text, text.find("said").unwrap()));
        assert!(in_brackets(text, text.find("Lyon").unwrap()));
        assert!(!in_brackets("(a note\nLyon", 8));
        // The reach counts characters, not bytes: 159 two-byte letters are within it.
        let near = format!("({}Lyon", "é".repeat(BRACKET_REACH - 1));
        assert!(in_brackets(&near, near.len() - 4));
        let far = format!("({}Lyon", "é".repeat(BRACKET_REACH));
        assert!(!in_brackets(&far, far.len() - 4));
    }

    /// A way of finding the runs of a sentence, as [`sentence_runs`] does.
    type FindRuns =
        for<'t> fn(&'t str, &[Range<usize>], bool, &Lexicon, &mut Buffers<'t>, &mut NameRuns);

    /// The runs of every sentence of `text`, by `find`.
    fn runs_by(text: &str, find: FindRuns) -> NameRuns {
        let doc = Document::new(text);
        let mut buffers = Buffers::default();
        let mut runs = NameRuns::default();
        for index in 0..doc.sentences().len() {
            let words = doc.sentence_words(index);
            find(text, words, index % 2 == 1, lexicon::english(), &mut buffers, &mut runs);
        }
        runs
    }

    /// Ends the run `current` as first written, with a vector for each run.
    fn flush(current: &mut Vec<Unit>, runs: &mut NameRuns) {
        // A run that ends in an initial is no name of its own.
        while current.last().is_some_and(|u| u.initial) {
            current.pop();
        }
        if !current.is_empty() {
            runs.units.append(current);
            runs.ends.push(runs.units.len());
            runs.open = runs.units.len();
        }
    }

    /// [`sentence_runs`] as first written: every word is looked at as the start of a unit.
    fn sentence_runs_plain<'t>(
        text: &'t str,
        words: &[Range<usize>],
        headline: bool,
        lexicon: &Lexicon,
        buffers: &mut Buffers<'t>,
        runs: &mut NameRuns,
    ) {
        let bytes = text.as_bytes();
        let mut current: Vec<Unit> = Vec::new();
        let mut previous_end: Option<usize> = None;
        let mut previous_initial = false;
        let mut previous_possessive = false;
        let mut i = 0;
        while i < words.len() {
            // A unit is a word with the words hyphens join to it, and a particle with the word
            // after it.
            let start = i;
            let first_byte = bytes[words[i].start];
            // Particles are ASCII lower case; a word that starts otherwise is none.
            let particle = first_byte.is_ascii_lowercase() && is_particle(&text[words[i].clone()]);
            // Most words start in lower case and are no particle: no name unit, whatever follows.
            let lower = first_byte.is_ascii_lowercase() && !particle;
            // "van Gogh", "bin Laden": the particle joins the unit after a single space.
            if particle
                && i > 0
                && i + 1 < words.len()
                && &bytes[words[i].end..words[i + 1].start] == b" "
                && is_capitalized(&text[words[i + 1].clone()])
            {
                i += 1;
            }
            while i + 1 < words.len() && is_hyphen(&bytes[words[i].end..words[i + 1].start]) {
                i += 1;
            }
            let end = i;
            i += 1;
            let unit = if lower {
                None
            } else {
                let gap_before =
                    if start == 0 { "" } else { &text[words[start - 1].end..words[start].start] };
                let licensed = headline
                    || start == 0
                    || gap_before.contains('\n')
                    || last_mark(gap_before).is_some_and(licenses_capital);
                let candidate = Candidate {
                    range: words[start].start..words[end].end,
                    first_word: words[start].clone(),
                    words: end - start + 1,
                    licensed,
                };
                name_unit(text, &candidate, lexicon, buffers).map(|unit| (unit, candidate.range))
            };
            let Some((found, range)) = unit else {
                if !current.is_empty() {
                    flush(&mut current, runs);
                }
                previous_end = None;
                continue;
            };
            let (unit, possessive) = numbered(text, found, buffers, runs);
            let continues = previous_end.is_some_and(|end| {
                let gap = &text[end..range.start];
                gap == " " || gap == "\u{a0}" || (previous_initial && gap == ". ")
            }) && !previous_possessive;
            // "Estadão Contenti Estadão Content": a unit that repeats starts another name.
            let repeats = !current.is_empty() && {
                let unit_text = &text[unit.range.clone()];
                current.iter().any(|u| same_fold(&text[u.range.clone()], unit_text))
            };
            if !continues || repeats {
                flush(&mut current, runs);
            }
            previous_end = Some(range.end);
            previous_initial = unit.initial;
            previous_possessive = possessive;
            current.push(unit);
        }
        flush(&mut current, runs);
    }

    proptest::proptest! {
        #[test]
        fn lowercase_into_is_to_lowercase(word in "[aZé ΣİÉ.-]{0,8}", old in "[aZé]{0,4}") {
            let mut out = old;
            lowercase_into(&word, &mut out);
            proptest::prop_assert_eq!(out, word.to_lowercase());
        }

        #[test]
        fn ascii_words_fold_to_their_lower_case(word in "[a-zA-Z]{0,12}") {
            let (mut lower, mut folded) = (String::new(), String::new());
            lowercase_into(&word, &mut lower);
            fold_into(&word, &mut folded);
            proptest::prop_assert_eq!(lower, folded);
        }

        #[test]
        fn particles_in_any_case_are_as_lowercased(word in "(?i)(al|de|van|von|della|bint|d|dé|K|\u{212a}|İ)[a-zéİ]{0,3}") {
            proptest::prop_assert_eq!(
                is_particle_in_lower_case(&word),
                is_particle(&word.to_lowercase())
            );
        }

        #[test]
        fn passing_over_words_changes_no_run(
            words in proptest::collection::vec(
                "(the|said|van|de|al|el|bin|abu|2024|x|V|Al|Gogh|Assad|Homs|History|Zelenskiy|\
                  Piqué|élan|Élysée|UN|pro|Kremlin|_a|The|A)",
                0..24,
            ),
            gaps in proptest::collection::vec(
                "( |\u{a0}|-|\u{2010}|\u{2011}|\u{2013}|, |\\. |\n|’s |'s |\\.\n\n| \\(|\\) )",
                24,
            ),
        ) {
            let mut text = String::new();
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            proptest::prop_assert_eq!(
                runs_by(&text, sentence_runs),
                runs_by(&text, sentence_runs_plain)
            );
        }

        #[test]
        fn unit_numbers_tell_texts_and_folded_keys(
            words in proptest::collection::vec(
                "(Zelenskiy|ZELENSKIY|Zelenskiy’s|Zelenskiy's|Piqué|Pique|V|Al-Assad|Al Assad|\
                  van Gogh|Homs|Hims)",
                0..24,
            ),
            gaps in proptest::collection::vec("( |, |\\. | and )", 24),
        ) {
            let mut text = String::new();
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            let doc = Document::new(&text);
            let runs = runs(&doc);
            for a in &runs.units {
                for b in &runs.units {
                    let (x, y) = (&text[a.range.clone()], &text[b.range.clone()]);
                    proptest::prop_assert_eq!(a.text == b.text, x == y, "{} {}", x, y);
                    proptest::prop_assert_eq!(
                        runs.fold_of(a.text) == runs.fold_of(b.text),
                        same_fold(x, y),
                        "{} {}", x, y
                    );
                }
                proptest::prop_assert_eq!(&text[runs.texts[a.text as usize].clone()], &text[a.range.clone()]);
            }
        }

        #[test]
        fn text_keys_are_equal_for_equal_texts(
            text in "[aé€ -]{0,40}",
            cuts in proptest::collection::vec((0usize..40, 0usize..20), 8),
        ) {
            let mut ranges = Vec::new();
            for (start, len) in cuts {
                let (mut start, mut end) = (start.min(text.len()), (start + len).min(text.len()));
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                ranges.push(start..end.max(start));
            }
            for a in &ranges {
                for b in &ranges {
                    proptest::prop_assert_eq!(
                        TextKey::of(&text, a.clone()) == TextKey::of(&text, b.clone()),
                        text[a.clone()] == text[b.clone()],
                        "{:?} {:?}", a, b
                    );
                }
            }
        }

        #[test]
        fn remembered_verdicts_are_as_judged_afresh(
            words in proptest::collection::vec(
                ("(The|THE|Traffic|History|Hims|Homs|Tomas|Al|Van|Élysée|İstanbul|To|Of|Lyon|\
                   His|Her|In|Paris|Hi-Fi|Al-Assad|UN|B2B|Élan|ÉLAN)", proptest::bool::ANY),
                0..16,
            ),
        ) {
            let mut text = String::new();
            let mut candidates = Vec::new();
            for (word, licensed) in &words {
                let range = text.len()..text.len() + word.len();
                let first_word = range.start..range.start + word.find('-').unwrap_or(word.len());
                let words = if first_word == range { 1 } else { 2 };
                candidates.push(Candidate { range, first_word, words, licensed: *licensed });
                text.push_str(word);
                text.push(' ');
            }
            let text = text.as_str();
            let lexicon = lexicon::english();
            let mut remembering = Buffers::default();
            for candidate in &candidates {
                let remembered = name_unit(text, candidate, lexicon, &mut remembering);
                let afresh = name_unit(text, candidate, lexicon, &mut Buffers::default());
                proptest::prop_assert_eq!(
                    remembered.map(|f| (f.range, f.initial)),
                    afresh.map(|f| (f.range, f.initial)),
                    "{}", &text[candidate.range.clone()]
                );
            }
        }

        #[test]
        fn function_words_pass_the_test_before_lower_casing(
            word in "(?i)(the|of|an|a|and|for|with|ex|was|to|t|x|é|İ|σ|ǅ)[a-zA-Zé'’]{0,3}",
        ) {
            if is_function_word(&word.to_lowercase()) {
                proptest::prop_assert!(may_lower_to_function_word(&word), "{}", word);
            }
        }

        #[test]
        fn possessives_are_stripped_as_by_every_ending(
            unit in "(I|Al|X|Zelenskiy)(’s|'s|’S|'S|s|S|é|’)?",
            before in "(|x )",
        ) {
            let text = format!("{before}{unit} said");
            let (mut range, mut plain) = (before.len()..before.len() + unit.len(), 0..0);
            plain.clone_from(&range);
            let by_every_ending = {
                let mut stripped = false;
                for ending in ["’s", "'s", "’S", "'S"] {
                    if text[plain.clone()].ends_with(ending) && plain.len() > ending.len() + 1 {
                        plain.end -= ending.len();
                        stripped = true;
                        break;
                    }
                }
                stripped
            };
            proptest::prop_assert_eq!(strip_possessive(&text, &mut range), by_every_ending);
            proptest::prop_assert_eq!(range, plain);
        }

        #[test]
        fn particles_by_bytes_are_as_by_text(word in "(al|de|van|della|d|dé|Al|x)[a-zé]{0,3}") {
            proptest::prop_assert_eq!(
                is_particle_bytes(word.as_bytes()),
                PARTICLES.contains(&word.as_str())
            );
        }

        #[test]
        fn digits_are_found_as_byte_by_byte(word in "[a0-9/:é€\u{b0}\u{b9}A ]{0,30}") {
            let expected = word.bytes().any(|b| b.is_ascii_digit());
            proptest::prop_assert_eq!(has_ascii_digit(word.as_bytes()), expected);
        }

        #[test]
        fn one_character_is_as_counted(word in "[aé€😀]{0,3}") {
            proptest::prop_assert_eq!(is_one_character(&word), word.chars().count() == 1);
        }

        #[test]
        fn acronyms_are_as_by_characters(word in "[aBé É1.-]{0,5}") {
            let by_chars = !word.chars().any(char::is_lowercase)
                && word.chars().filter(|c| c.is_alphabetic()).count() >= 2;
            proptest::prop_assert_eq!(is_acronym(&word), by_chars);
        }

        #[test]
        fn bracket_search_agrees_with_a_character_walk(
            text in "[a( )\\[\\]\né€]{0,400}",
            cut in 0usize..400,
        ) {
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut expected = false;
            for c in text[..at].chars().rev().take(BRACKET_REACH) {
                match c {
                    '(' | '[' => { expected = true; break; }
                    ')' | ']' | '\n' => break,
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(in_brackets(&text, at), expected);
        }
    }
}
