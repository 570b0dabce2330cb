//! The language of a Latin-script passage among a few languages, answered as whatlang's
//! detector answers it (its combined alphabet and trigram method), from whatlang's alphabets
//! and trigram profiles (`rules/lexicon/language-profiles.tsv`).
//!
//! whatlang looks each trigram of every profile up in the text's trigrams: 300 lookups a
//! language, whatever the passage's length. Here each trigram of the passage is looked up
//! once in a table of the profiled languages' trigrams, which is several times cheaper for
//! the passages of a sentence or two that the rule weighs. Passages whatlang could read as
//! another script are left to whatlang itself.

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
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
/// probe where a binary search of the table takes a dozen steps, and a trigram of no
/// profile (most of a passage's) is ruled out as quickly.
static TRIGRAM_INDEX: LazyLock<FxHashMap<u64, Range<usize>>> = LazyLock::new(|| {
    let mut index: FxHashMap<u64, Range<usize>> = FxHashMap::default();
    for (at, entry) in TRIGRAMS.iter().enumerate() {
        index.entry(entry.0).and_modify(|range| range.end = at + 1).or_insert(at..at + 1);
    }
    index
});

/// A trigram as one number, which orders as the trigram does: compared in one instruction.
const fn trigram_key(trigram: [char; 3]) -> u64 {
    (trigram[0] as u64) << 42 | (trigram[1] as u64) << 21 | trigram[2] as u64
}

/// The (language index, rank) of each profile that has a trigram, given as its [`trigram_key`].
fn profile_ranks(key: u64) -> impl Iterator<Item = (u8, u16)> {
    let entries = TRIGRAM_INDEX.get(&key).map_or(&[][..], |range| &TRIGRAMS[range.clone()]);
    entries.iter().map(|e| (e.1, e.2))
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

/// The language of `text` among `langs` (each of them profiled), as whatlang's detector
/// allowed only those languages names it: answered here for Latin-script text, by whatlang
/// itself for any other.
pub fn detect(text: &str, langs: &[Lang]) -> Option<Identified> {
    identify(text, set_of(langs)).unwrap_or_else(|| {
        let info = Detector::with_allowlist(langs.to_vec()).detect(text)?;
        Some(Identified { lang: info.lang(), confidence: info.confidence() })
    })
}

/// What whatlang's detector, allowed only the languages of `allowed`, says of `text`; `None`
/// when the text is not one this identifier answers for (whatlang may read it as another
/// script), and `Some(None)` when whatlang would give no answer.
pub fn identify(text: &str, allowed: LangSet) -> Option<Option<Identified>> {
    let mut latin = 0usize;
    for c in text.chars() {
        if is_stop_char(c) {
            continue;
        }
        if is_latin(c) {
            latin += 1;
        } else if !is_scriptless(c) {
            return None;
        }
    }
    if latin == 0 {
        return Some(None);
    }
    let lower = if text.is_ascii() { text.to_ascii_lowercase() } else { text.to_lowercase() };
    let (alphabet_count, alphabet_scores) = alphabet_scores(&lower, allowed);
    let (trigram_count, trigram_scores) = trigram_scores(&lower, allowed);
    // Combined as whatlang combines them: the alphabet weighs more in short texts.
    let alphabet_weight =
        (-(alphabet_count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
    let trigram_weight = 1.0 - alphabet_weight;
    let mut scores: Vec<(Lang, f64)> = alphabet_scores
        .iter()
        .map(|&(lang, a)| {
            let t = trigram_scores.iter().find(|(l, _)| *l == lang).map_or(0.0, |x| x.1);
            (lang, a * alphabet_weight + t * trigram_weight)
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
    let Some(&(lang, first)) = scores.first() else {
        return Some(None);
    };
    let confidence = match scores.get(1) {
        Some(&(_, second)) => confidence(first, second, trigram_count),
        None => 1.0,
    };
    Some(Some(Identified { lang, confidence }))
}

/// The alphabet scores of the allowed languages, best first, and the number of letters
/// counted.
fn alphabet_scores(lower: &str, allowed: LangSet) -> (usize, Vec<(Lang, f64)>) {
    let mut counted = 0usize;
    let mut common = 0usize;
    let mut per_lang = [0usize; LangSet::BITS as usize];
    let ascii_letters = &*ASCII_LETTERS;
    for c in lower.chars() {
        if is_stop_char(c) {
            continue;
        }
        counted += 1;
        // Each occurrence scores 2, and the count is taken off at the end: scores run from
        // minus to plus the count.
        let found = if c.is_ascii() { ascii_letters[c as usize] } else { letter(c) };
        match found {
            Some((_, true)) => common += 2,
            Some((set, false)) => {
                for (i, score) in per_lang.iter_mut().enumerate() {
                    if set & 1 << i != 0 {
                        *score += 2;
                    }
                }
            }
            None => {}
        }
    }
    let mut raw: Vec<(Lang, usize)> = LANGS
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed & 1 << i != 0)
        .map(|(i, &lang)| (lang, (per_lang[i] + common).saturating_sub(counted)))
        .collect();
    raw.sort_unstable_by_key(|(_, score)| Reverse(*score));
    let scores = raw.iter().map(|&(lang, score)| (lang, score as f64 / counted as f64)).collect();
    (counted, scores)
}

/// The trigram scores of the allowed languages, best first, and the number of distinct
/// trigrams ranked in the text.
fn trigram_scores(lower: &str, allowed: LangSet) -> (usize, Vec<(Lang, f64)>) {
    // Every trigram's key, sorted so that equal trigrams lie together: cheaper for a passage
    // of a sentence or two than a hash map of counts sorted by count afterwards.
    let mut keys: Vec<u64> = Vec::with_capacity(lower.len() + 1);
    let mut chars = lower.chars().map(|c| if is_stop_char(c) { ' ' } else { c }).chain([' ']);
    let mut c1 = ' ';
    let mut c2 = chars.next().unwrap_or(' ');
    for c3 in chars {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            keys.push(trigram_key([c1, c2, c3]));
        }
        c1 = c2;
        c2 = c3;
    }
    keys.sort_unstable();
    // The distinct trigrams, greatest first, with their counts.
    let mut distinct: Vec<(u64, u32)> = Vec::with_capacity(keys.len());
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
    let mut ahead = vec![0usize; most + 2];
    for &(_, count) in &distinct {
        ahead[count as usize] += 1;
    }
    for c in (0..=most).rev() {
        ahead[c] += ahead[c + 1];
    }
    let count = distinct.len().min(TEXT_TRIGRAMS);
    // Each profile trigram found in the text at `position` counts the difference of the
    // ranks, one missing counts the full distance: summed, the full distance for every
    // profile trigram, less what the found ones save. Only the first `TEXT_TRIGRAMS` ranked
    // count.
    let mut saved = [0i64; LangSet::BITS as usize];
    for &(key, occurrences) in &distinct {
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
    let full = i64::from(PROFILE_TRIGRAMS * PROFILE_TRIGRAMS);
    let mut distances: Vec<(Lang, u32)> = LANGS
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed & 1 << i != 0)
        .map(|(i, &lang)| {
            let mut distance = full - saved[i];
            // A text of fewer trigrams than a profile cannot match them all.
            if (count as i64) < i64::from(PROFILE_TRIGRAMS) {
                distance -=
                    (i64::from(PROFILE_TRIGRAMS) - count as i64) * i64::from(PROFILE_TRIGRAMS);
            }
            (lang, distance.clamp(0, full) as u32)
        })
        .collect();
    distances.sort_unstable_by_key(|(_, distance)| *distance);
    let max_distance = count as u32 * PROFILE_TRIGRAMS;
    let scores = distances
        .iter()
        .map(|&(lang, distance)| {
            (lang, max_distance.wrapping_sub(distance) as f64 / max_distance as f64)
        })
        .collect();
    (count, scores)
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

    fn assert_as_whatlang(text: &str) -> bool {
        let mut answered = false;
        for langs in allow_lists() {
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
