//! The language of a Latin-script passage among a few languages, answered as whatlang's
//! detector answers it (its combined alphabet and trigram method), from whatlang's alphabets
//! and trigram profiles (`rules/lexicon/language-profiles.tsv`).
//!
//! whatlang looks each trigram of every profile up in the text's trigrams: 300 lookups a
//! language, whatever the passage's length. Here each trigram of the passage is looked up
//! once in a table of the profiled languages' trigrams, which is several times cheaper for
//! the passages of a sentence or two that the rule weighs. Passages whatlang could read as
//! another script are left to whatlang itself.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// The profiles as `build.rs` arranges them: `LANGS`, `LETTERS` (sorted by letter) and
/// `TRIGRAMS` (sorted by trigram, each as its [`trigram_key`]).
mod tables {
    use whatlang::Lang;
    include!(concat!(env!("OUT_DIR"), "/language-profiles.rs"));
}

use tables::{LANGS, LETTERS, TRIGRAMS};

/// Trigrams of a language's profile, and the distance that a profile trigram missing from
/// the text counts for.
const PROFILE_TRIGRAMS: u32 = 300;
/// The most frequent trigrams of the text that are ranked.
const TEXT_TRIGRAMS: usize = 600;

/// The answer: the language and how sure of it the identifier is (whatlang's confidence).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Identified {
    pub lang: Lang,
    pub confidence: f64,
}

impl Identified {
    /// whatlang's `Info::is_reliable`.
    pub fn is_reliable(&self) -> bool {
        self.confidence > 0.9
    }
}

/// A set of the profiled languages, as bits in the order of `LANGS`.
pub type LangSet = u16;

/// whatlang's stop characters: ASCII punctuation, digits and controls, which no script
/// counts and which end a trigram's word.
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// whatlang's Latin script.
fn is_latin(c: char) -> bool {
    matches!(c,
        'a'..='z'
        | 'A'..='Z'
        | '\u{0080}'..='\u{024F}'
        | '\u{0250}'..='\u{02AF}'
        | '\u{1D00}'..='\u{1DBF}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2100}'..='\u{214F}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}'
    )
}

/// Characters of no script of whatlang's: a passage of Latin letters and these is read as
/// Latin. (General Punctuation: dashes, curly quotes, ellipses.)
fn is_scriptless(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}')
}

/// The set of the given languages, each of which must be profiled.
pub fn set_of(langs: &[Lang]) -> LangSet {
    langs.iter().fold(0, |set, lang| {
        let index = LANGS.iter().position(|l| l == lang).expect("a profiled language");
        set | 1 << index
    })
}

/// For a letter of some Latin alphabet: the profiled languages whose alphabet has it, and
/// whether every Latin alphabet has it.
fn letter(c: char) -> Option<(LangSet, bool)> {
    let at = LETTERS.binary_search_by_key(&c, |entry| entry.0).ok()?;
    Some((LETTERS[at].1, LETTERS[at].2))
}

/// [`letter`] of each ASCII character, looked up once: most letters of a passage are ASCII.
static ASCII_LETTERS: LazyLock<[Option<(LangSet, bool)>; 128]> =
    LazyLock::new(|| std::array::from_fn(|b| letter(char::from(b as u8))));

/// Where the entries of each trigram lie in `TRIGRAMS`, keyed by its [`trigram_key`]: one
/// or two probes where a binary search of the table takes a dozen steps, and a trigram of no
/// profile (most of a passage's) is ruled out as quickly.
static TRIGRAM_INDEX: LazyLock<TrigramIndex> = LazyLock::new(TrigramIndex::new);

/// Open addressing on trigram keys: each slot holds a key (0 in an empty slot; no trigram's
/// key is 0, a space not being 0) and the range of its entries in `TRIGRAMS`.
struct TrigramIndex {
    slots: Box<[(u64, u32, u32)]>,
    /// The bits of a slot's number, taken from the top of the key's hash.
    bits: u32,
}

impl TrigramIndex {
    fn new() -> Self {
        // At most a quarter full: most keys asked about are in no profile, and an empty slot
        // is soon met.
        let bits = (4 * TRIGRAMS.len()).next_power_of_two().trailing_zeros();
        let mut slots = vec![(0u64, 0u32, 0u32); 1 << bits].into_boxed_slice();
        let mut at = 0;
        while at < TRIGRAMS.len() {
            let key = TRIGRAMS[at].0;
            let end = at + TRIGRAMS[at..].iter().take_while(|e| e.0 == key).count();
            let mut slot = Self::first_slot(key, bits);
            while slots[slot].0 != 0 {
                slot = (slot + 1) & (slots.len() - 1);
            }
            slots[slot] = (key, at as u32, end as u32);
            at = end;
        }
        TrigramIndex { slots, bits }
    }

    fn first_slot(key: u64, bits: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// The entries of `TRIGRAMS` for a key.
    fn entries(&self, key: u64) -> &'static [(u64, u8, u16)] {
        let mut slot = Self::first_slot(key, self.bits);
        loop {
            let (found, start, end) = self.slots[slot];
            if found == key {
                return &TRIGRAMS[start as usize..end as usize];
            }
            if found == 0 {
                return &[];
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }
}

/// A trigram as one number, which orders as the trigram does: compared in one instruction.
const fn trigram_key(trigram: [char; 3]) -> u64 {
    (trigram[0] as u64) << 42 | (trigram[1] as u64) << 21 | trigram[2] as u64
}

/// The (language index, rank) of each profile that has a trigram, given as its [`trigram_key`].
fn profile_ranks(key: u64) -> impl Iterator<Item = (u8, u16)> {
    TRIGRAM_INDEX.entries(key).iter().map(|e| (e.1, e.2))
}

/// Every trigram of whatlang's English profile and how common it is in English: 300 for the
/// commonest (" th"), one less for each place further down the profile.
pub fn english_trigram_weights() -> impl Iterator<Item = ([char; 3], u32)> {
    let english = LANGS.iter().position(|&l| l == Lang::Eng);
    let char_at = |key: u64, shift: u32| char::from_u32((key >> shift & 0x1f_ffff) as u32);
    TRIGRAMS.iter().filter(move |e| Some(usize::from(e.1)) == english).filter_map(move |e| {
        let trigram = [char_at(e.0, 42)?, char_at(e.0, 21)?, char_at(e.0, 0)?];
        Some((trigram, PROFILE_TRIGRAMS - u32::from(e.2)))
    })
}

/// A passage to identify, its letters and trigrams counted once however many lists of
/// languages it is weighed among.
pub struct Passage<'t> {
    text: &'t str,
    /// The counts of a Latin-script passage (`Some(None)` without a letter), or `None` when
    /// whatlang answers for the text.
    counts: Option<Option<Counts>>,
}

impl<'t> Passage<'t> {
    pub fn new(text: &'t str) -> Self {
        Passage { text, counts: Counts::of(text) }
    }

    /// The language of the passage among `langs` (each of them profiled), as whatlang's
    /// detector allowed only those languages names it: answered here for Latin-script text,
    /// by whatlang itself for any other.
    pub fn detect(&self, langs: &[Lang]) -> Option<Identified> {
        match &self.counts {
            Some(counts) => counts.as_ref().and_then(|counts| counts.answer(set_of(langs))),
            None => {
                let info = Detector::with_allowlist(langs.to_vec()).detect(self.text)?;
                Some(Identified { lang: info.lang(), confidence: info.confidence() })
            }
        }
    }
}

#[cfg(test)]
/// What whatlang's detector, allowed only the languages of `allowed`, says of `text`; `None`
/// when the text is not one this identifier answers for (whatlang may read it as another
/// script), and `Some(None)` when whatlang would give no answer.
pub fn identify(text: &str, allowed: LangSet) -> Option<Option<Identified>> {
    Some(Counts::of(text)?.and_then(|counts| counts.answer(allowed)))
}

/// The number of profiled languages.
const PROFILED: usize = LANGS.len();

/// What whatlang's scores of a Latin-script passage are computed from, for every profiled
/// language at once: the answer for any list of languages follows without reading the text
/// again.
struct Counts {
    /// The characters counted for the alphabets: all but the stop characters.
    letters: usize,
    /// For each language of `LANGS`: twice the letters of its alphabet.
    alphabet: [usize; PROFILED],
    /// The distinct trigrams ranked.
    trigrams: usize,
    /// For each language of `LANGS`: what the text's trigrams take off the full distance from
    /// its profile.
    saved: [i64; PROFILED],
}

/// The buffers of [`Counts::of`], kept from one passage to the next.
#[derive(Default)]
struct Scratch {
    /// Every trigram's key.
    keys: Vec<u64>,
    /// The distinct trigrams, greatest first, with their counts.
    distinct: Vec<(u64, u32)>,
    /// For each count of a trigram, where the trigrams of that count start in the ranking.
    ahead: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl Counts {
    /// The counts of `text`: `None` when whatlang may read it as another script, `Some(None)`
    /// when it has no Latin letter. The text is read once, lower-cased a character at a time
    /// (as `str::to_lowercase` does but for the Greek final sigma, which makes the text
    /// whatlang's).
    fn of(text: &str) -> Option<Option<Counts>> {
        SCRATCH.with_borrow_mut(|scratch| {
            let mut tally = Tally::new(&mut scratch.keys);
            let mut latin = 0usize;
            for c in text.chars() {
                if c.is_ascii() {
                    // An ASCII character is a stop character, a letter, or DEL, which is of no
                    // script whatlang knows.
                    if c.is_ascii_alphabetic() {
                        latin += 1;
                    } else if !is_stop_char(c) {
                        return None;
                    }
                    tally.take(c.to_ascii_lowercase());
                    continue;
                }
                if is_latin(c) {
                    latin += 1;
                } else if !is_scriptless(c) {
                    return None;
                }
                for lower in c.to_lowercase() {
                    tally.take(lower);
                }
            }
            if latin == 0 {
                return Some(None);
            }
            tally.take_trigram(' ');
            let (letters, alphabet) = (tally.letters, tally.alphabet());
            let (trigrams, saved) = rank_trigrams(scratch);
            Some(Some(Counts { letters, alphabet, trigrams, saved }))
        })
    }

    /// whatlang's answer among the languages of `allowed`.
    fn answer(&self, allowed: LangSet) -> Option<Identified> {
        // The alphabet scores, best first: the order in which equal combined scores are
        // ranked.
        let mut alphabet = [(0usize, 0usize); PROFILED];
        let mut allowed_count = 0;
        for (i, &twice) in self.alphabet.iter().enumerate() {
            if allowed & 1 << i != 0 {
                alphabet[allowed_count] = (i, twice.saturating_sub(self.letters));
                allowed_count += 1;
            }
        }
        let alphabet = &mut alphabet[..allowed_count];
        alphabet.sort_unstable_by_key(|(_, score)| Reverse(*score));
        // Combined as whatlang combines them: the alphabet weighs more in short texts.
        let alphabet_weight =
            (-(self.letters as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
        let trigram_weight = 1.0 - alphabet_weight;
        let mut scores = [(Lang::Eng, 0.0f64); PROFILED];
        for (score, &(i, raw)) in scores.iter_mut().zip(alphabet.iter()) {
            let a = raw as f64 / self.letters as f64;
            *score = (LANGS[i], a * alphabet_weight + self.trigram_score(i) * trigram_weight);
        }
        let scores = &mut scores[..allowed_count];
        scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
        let &(lang, first) = scores.first()?;
        let confidence = match scores.get(1) {
            Some(&(_, second)) => confidence(first, second, self.trigrams),
            None => 1.0,
        };
        Some(Identified { lang, confidence })
    }

    /// The trigram score of the language at `index` of `LANGS`.
    fn trigram_score(&self, index: usize) -> f64 {
        let full = i64::from(PROFILE_TRIGRAMS * PROFILE_TRIGRAMS);
        let count = self.trigrams;
        let mut distance = full - self.saved[index];
        // A text of fewer trigrams than a profile cannot match them all.
        if (count as i64) < i64::from(PROFILE_TRIGRAMS) {
            distance -= (i64::from(PROFILE_TRIGRAMS) - count as i64) * i64::from(PROFILE_TRIGRAMS);
        }
        let distance = distance.clamp(0, full) as u32;
        let max_distance = count as u32 * PROFILE_TRIGRAMS;
        max_distance.wrapping_sub(distance) as f64 / max_distance as f64
    }
}

/// The letters and trigrams of a lower-case text, taken a character at a time.
struct Tally<'k> {
    letters: usize,
    /// Twice the letters every Latin alphabet has.
    common: usize,
    /// Twice the letters every profiled alphabet, but not every Latin one, has.
    profiled: usize,
    /// For each language, twice the other letters of its alphabet.
    own: [usize; PROFILED],
    ascii_letters: &'static [Option<(LangSet, bool)>; 128],
    /// The last two characters, stop characters read as spaces.
    previous: [char; 2],
    keys: &'k mut Vec<u64>,
}

impl<'k> Tally<'k> {
    fn new(keys: &'k mut Vec<u64>) -> Self {
        keys.clear();
        Tally {
            letters: 0,
            common: 0,
            profiled: 0,
            own: [0; PROFILED],
            ascii_letters: &ASCII_LETTERS,
            // As if the text followed a space after a space: no trigram until its first
            // character is followed by another.
            previous: [' ', ' '],
            keys,
        }
    }

    fn take(&mut self, c: char) {
        if is_stop_char(c) {
            self.take_trigram(' ');
            return;
        }
        self.letters += 1;
        // Each occurrence scores 2, and the count is taken off at the end: scores run from
        // minus to plus the count.
        let found = if c.is_ascii() { self.ascii_letters[c as usize] } else { letter(c) };
        match found {
            Some((_, true)) => self.common += 2,
            Some((set, false)) if set == ALL_PROFILED => self.profiled += 2,
            Some((set, false)) => {
                for (i, own) in self.own.iter_mut().enumerate() {
                    if set & 1 << i != 0 {
                        *own += 2;
                    }
                }
            }
            None => {}
        }
        self.take_trigram(c);
    }

    /// The trigram the character ends, unless it is a space after a space or a lone
    /// character between spaces.
    fn take_trigram(&mut self, c: char) {
        let [c1, c2] = self.previous;
        if !(c2 == ' ' && (c1 == ' ' || c == ' ')) {
            self.keys.push(trigram_key([c1, c2, c]));
        }
        self.previous = [c2, c];
    }

    /// Twice the letters of each language's alphabet.
    fn alphabet(&self) -> [usize; PROFILED] {
        self.own.map(|own| own + self.profiled + self.common)
    }
}

/// Every profiled language.
const ALL_PROFILED: LangSet = ((1u32 << PROFILED) - 1) as LangSet;

/// The number of distinct trigrams ranked among the keys of `scratch` (which are sorted
/// here), and what they take off each language's distance from its profile.
fn rank_trigrams(scratch: &mut Scratch) -> (usize, [i64; PROFILED]) {
    // Sorted so that equal trigrams lie together: cheaper for a passage of a sentence or two
    // than a hash map of counts sorted by count afterwards.
    let Scratch { keys, distinct, ahead } = scratch;
    keys.sort_unstable();
    distinct.clear();
    for &key in keys.iter().rev() {
        match distinct.last_mut() {
            Some((last, count)) if *last == key => *count += 1,
            _ => distinct.push((key, 1)),
        }
    }
    // The text's trigrams are ranked most frequent first and, between equals, the greater
    // first: a trigram's position is the number of trigrams of a greater count, plus the
    // number of greater trigrams of its own count. `ahead[c + 1]` starts as the first of
    // these for count `c`, and counts up as the trigrams of that count come, greatest first.
    let most = distinct.iter().map(|&(_, count)| count as usize).max().unwrap_or(0);
    ahead.clear();
    ahead.resize(most + 2, 0);
    for &(_, count) in distinct.iter() {
        ahead[count as usize] += 1;
    }
    for c in (0..=most).rev() {
        ahead[c] += ahead[c + 1];
    }
    // Each profile trigram found in the text at `position` counts the difference of the
    // ranks, one missing counts the full distance: summed, the full distance for every
    // profile trigram, less what the found ones save. Only the first `TEXT_TRIGRAMS` ranked
    // count.
    let mut saved = [0i64; PROFILED];
    for &(key, occurrences) in distinct.iter() {
        let position = ahead[occurrences as usize + 1];
        ahead[occurrences as usize + 1] += 1;
        if position >= TEXT_TRIGRAMS {
            continue;
        }
        for (lang, rank) in profile_ranks(key) {
            let difference = (position as i64 - i64::from(rank)).abs();
            saved[usize::from(lang)] += i64::from(PROFILE_TRIGRAMS) - difference;
        }
    }
    (distinct.len().min(TEXT_TRIGRAMS), saved)
}

/// whatlang's confidence: how far the best score leads the second, against what the number
/// of trigrams makes a sure lead.
fn confidence(first: f64, second: f64, count: usize) -> f64 {
    if first == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return first;
    }
    let sure_rate = (3.0 / count as f64) + 0.015;
    let rate = (first - second) / second;
    if rate > sure_rate { 1.0 } else { rate / sure_rate }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whatlang::{Detector, Script};

    /// The answer of whatlang itself.
    fn whatlang(text: &str, langs: &[Lang]) -> Option<Identified> {
        let info = Detector::with_allowlist(langs.to_vec()).detect(text)?;
        Some(Identified { lang: info.lang(), confidence: info.confidence() })
    }

    /// The profiles as the generator wrote them.
    static PROFILES: &str = include_str!("../../../rules/lexicon/language-profiles.tsv");

    fn profiled() -> Vec<Lang> {
        LANGS.to_vec()
    }

    /// Every allow-list the rule asks with: all the profiled languages, and English against
    /// each other one.
    fn allow_lists() -> Vec<Vec<Lang>> {
        let mut lists = vec![profiled()];
        lists
            .extend(profiled().into_iter().filter(|l| *l != Lang::Eng).map(|l| vec![Lang::Eng, l]));
        lists
    }

    /// Whether the identifier answers for `text`, having asserted that it answers as whatlang
    /// does among every allow-list, one passage asked about all of them.
    fn assert_as_whatlang(text: &str) -> bool {
        let mut answered = false;
        let passage = Passage::new(text);
        for langs in allow_lists() {
            assert_eq!(passage.detect(&langs), whatlang(text, &langs), "{text:?} among {langs:?}");
            if let Some(answer) = identify(text, set_of(&langs)) {
                assert_eq!(answer, whatlang(text, &langs), "{text:?} among {langs:?}");
                answered = true;
            }
        }
        answered
    }

    /// The weight of one trigram, looked up in the whole table.
    fn english_trigram_weight(trigram: [char; 3]) -> u32 {
        let english = LANGS.iter().position(|&l| l == Lang::Eng);
        profile_ranks(trigram_key(trigram))
            .find(|&(lang, _)| Some(usize::from(lang)) == english)
            .map_or(0, |(_, rank)| PROFILE_TRIGRAMS - u32::from(rank))
    }

    #[test]
    fn english_trigram_weights_are_those_of_single_lookups() {
        let weights: Vec<([char; 3], u32)> = english_trigram_weights().collect();
        assert_eq!(weights.len(), PROFILE_TRIGRAMS as usize);
        for (trigram, weight) in weights {
            assert_eq!(english_trigram_weight(trigram), weight, "{trigram:?}");
        }
        assert_eq!(english_trigram_weight([' ', 't', 'h']), PROFILE_TRIGRAMS);
        assert_eq!(english_trigram_weight(['q', 'x', 'z']), 0);
    }

    #[test]
    fn answers_as_whatlang_does() {
        let texts = [
            "travaux terminés avant la fin du mois, selon la mairie",
            "Les habitants du quartier attendent une réponse de la préfecture.",
            "el puente estará abierto a partir del lunes, según el ayuntamiento",
            "a obra deve ficar pronta antes do verão, disse a prefeitura",
            "Die Brücke bleibt bis zum Frühjahr gesperrt, sagte der Bürgermeister.",
            "il cantiere resterà aperto per tutto l'inverno",
            "de brug gaat volgend jaar weer open, aldus de gemeente",
            "les obres del pont acabaran a la tardor",
            "The bridge will reopen in the spring, the council said.",
            "per capita spending rose in the region",
            "sans retard",
            "de la",
            "a",
            "Ü",
            "ẞtraße — “Große” Brücke…",
            "İstanbul’da köprü açıldı",
            "ÇA VA? «OUI», DIT-IL.",
            "año 2026: 12,5 % más que en 2025",
            "Pôle Emploi, NDLR",
            "qualche volta the council agreed",
            "naïve café déjà vu",
            "x y z",
            "–",
            "...",
            "",
            "12 345",
            "\u{a0}\u{a0}é",
            "e\u{301}te\u{301}",
        ];
        let answered = texts.iter().filter(|t| assert_as_whatlang(t)).count();
        // All but the texts without a letter are answered here rather than by whatlang.
        assert!(answered >= texts.len() - 4, "{answered}");
    }

    #[test]
    fn long_passages_rank_only_the_first_trigrams() {
        // More distinct trigrams than are ranked, with counts of every size.
        let mut text = String::new();
        for (i, a) in ('a'..='z').enumerate() {
            for b in ('a'..='z').step_by(i % 3 + 1) {
                text.extend([a, b, 'e', ' ']);
            }
            text.push_str(&"de la ".repeat(i % 5));
        }
        assert!(assert_as_whatlang(&text));
        assert!(assert_as_whatlang(&text[..text.len() / 3]));
    }

    #[test]
    fn other_scripts_are_left_to_whatlang() {
        let all = set_of(&profiled());
        for text in ["Привет, мир", "le mot Москва", "東京", "שלום", "le mot ελληνικά"]
        {
            assert_eq!(identify(text, all), None, "{text}");
        }
        assert_eq!(identify("… — “”", all), Some(None));
    }

    #[test]
    fn scriptless_characters_have_no_script_in_whatlang() {
        for c in ('\u{2000}'..='\u{206F}').filter(|c| is_scriptless(*c)) {
            assert_eq!(whatlang::detect_script(&c.to_string()), None, "{c:?}");
        }
        for c in ['a', 'Z', 'é', '\u{a0}', 'ɛ', 'ẞ', '\u{2c60}', 'ꜧ'] {
            assert!(is_latin(c));
            assert_eq!(whatlang::detect_script(&c.to_string()), Some(Script::Latin), "{c:?}");
        }
    }

    #[test]
    fn the_profiles_match_whatlang_lists() {
        // The alphabets are those of every Latin-script language, each letter once, and the
        // profiled languages come in the order of whatlang's list, which decides ties.
        let latin = Script::Latin.langs();
        let order: Vec<Lang> = latin.iter().copied().filter(|l| LANGS.contains(l)).collect();
        assert_eq!(order, LANGS);
        let alphabets: Vec<&str> =
            PROFILES.lines().filter(|l| l.starts_with("alphabet\t")).collect();
        assert_eq!(alphabets.len(), latin.len());
        for line in alphabets {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(latin.contains(&Lang::from_code(fields[1]).unwrap()), "{line}");
            let letters: Vec<char> = fields[2].chars().collect();
            let mut unique = letters.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), letters.len(), "{line}");
        }
        let trigrams = PROFILES.lines().filter(|l| l.starts_with("trigrams\t"));
        assert!(trigrams.clone().all(|l| l.split('|').count() == PROFILE_TRIGRAMS as usize));
        assert_eq!(trigrams.count(), LANGS.len());
        // Every trigram of every profile is in the sorted table, with its rank.
        for (lang, line) in PROFILES.lines().filter(|l| l.starts_with("trigrams\t")).enumerate() {
            for (rank, trigram) in line.split('\t').nth(2).unwrap().split('|').enumerate() {
                let chars: [char; 3] = trigram.chars().collect::<Vec<_>>().try_into().unwrap();
                assert!(
                    profile_ranks(trigram_key(chars)).any(|r| r == (lang as u8, rank as u16)),
                    "{trigram}"
                );
            }
        }
        assert!(TRIGRAMS.windows(2).all(|w| w[0].0 <= w[1].0));
        let (a, b) = (['a', 'z', 'z'], ['b', ' ', ' ']);
        assert!(a < b && trigram_key(a) < trigram_key(b));
        assert!(trigram_key(['\u{10FFFF}', ' ', ' ']) > trigram_key(['a', '\u{10FFFF}', 'z']));
        assert!(LETTERS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    proptest::proptest! {
        #[test]
        fn random_passages_are_answered_as_whatlang_does(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("de "), proptest::strategy::Just("la"),
                    proptest::strategy::Just("the "), proptest::strategy::Just("und"),
                    proptest::strategy::Just("ção"), proptest::strategy::Just("ñ"),
                    proptest::strategy::Just("è"), proptest::strategy::Just("ß"),
                    proptest::strategy::Just("ij"), proptest::strategy::Just("l'"),
                    proptest::strategy::Just(" "), proptest::strategy::Just(", "),
                    proptest::strategy::Just("."), proptest::strategy::Just("’"),
                    proptest::strategy::Just("“"), proptest::strategy::Just("—"),
                    proptest::strategy::Just("7"), proptest::strategy::Just("A"),
                    proptest::strategy::Just("É"), proptest::strategy::Just("İ"),
                    proptest::strategy::Just("q"), proptest::strategy::Just("w"),
                    proptest::strategy::Just("k"), proptest::strategy::Just("\u{a0}"),
                    proptest::strategy::Just("ɔ"), proptest::strategy::Just("\u{301}"),
                    proptest::strategy::Just("Ж"), proptest::strategy::Just("ing "),
                    proptest::strategy::Just("zione"), proptest::strategy::Just("sch"),
                ],
                0..60,
            )
        ) {
            assert_as_whatlang(&parts.concat());
        }
    }
}
