//! The English lexicon: which words are English, how common they are, and how they are cased
//! (generated from SCOWL into `rules/lexicon/english.tsv` by `scripts/gen-lexicon.py`).

mod format;

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use format::{Entry, is_common_name, parse_line};
use format::{SHORT_WORD_SLOTS, name_filter_positions, short_word_key, short_word_slot};

/// Every word of `rules/lexicon/english.tsv`, keyed in lower case, with its entry packed in
/// a byte: an fst map built by `build.rs`.
static ENGLISH_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english.fst"));

impl Entry {
    /// A word that is only ever written in lower case: "launched", "authority".
    pub fn lower_only(&self) -> bool {
        self.lower && !self.capitalized && !self.upper
    }

    /// A word that is only ever capitalized or in capitals: "Syria", "NASA".
    pub fn proper_only(&self) -> bool {
        !self.lower
    }
}

/// The Bloom filter of the lexicon's common names, built by `build.rs`.
static NAME_FILTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/name-filter.bin"));

/// The table of short words, built by `build.rs`: [`SHORT_WORD_SLOTS`] keys as little-endian
/// `u64`s, then as many entry bytes.
static SHORT_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/short-words.bin"));

/// The entry of a short ASCII word, from the table of short words, which holds every such
/// word of the lexicon: `None` is the lexicon's answer too.
fn short_word_entry(key: u64) -> Option<Entry> {
    let (keys, bits) = SHORT_WORDS.split_at(8 * SHORT_WORD_SLOTS);
    let mut slot = short_word_slot(key);
    loop {
        let at = 8 * slot;
        let found = u64::from_le_bytes(keys[at..at + 8].try_into().expect("eight bytes"));
        if found == key {
            return Some(Entry::from_bits(bits[slot]));
        }
        if found == 0 {
            return None;
        }
        slot = (slot + 1) % SHORT_WORD_SLOTS;
    }
}

/// Words keyed in lower case, in a map compiled into the binary.
pub struct Lexicon {
    words: fst::Map<&'static [u8]>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon({} words)", self.words.len())
    }
}

impl Lexicon {
    /// The entry of a word in any case.
    pub fn get(&self, word: &str) -> Option<Entry> {
        // Three words in four of running text are short ASCII words ("the", "said"), which
        // a table of them answers for a fraction of the cost of the memo.
        if let Some(key) = short_word_key(word.as_bytes()) {
            return short_word_entry(key);
        }
        // Rules ask about the same words again and again; a per-thread memo of the answers
        // is several times faster than walking the transducer.
        thread_local! {
            static MEMO: RefCell<FxHashMap<Box<str>, Option<Entry>>> =
                RefCell::new(FxHashMap::default());
        }
        const MEMO_LIMIT: usize = 1 << 16;
        MEMO.with(|memo| {
            if let Some(found) = memo.borrow().get(word) {
                return *found;
            }
            let found = self.lookup(word);
            let mut memo = memo.borrow_mut();
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(word.into(), found);
            found
        })
    }

    fn lookup(&self, word: &str) -> Option<Entry> {
        let bits = match self.words.get(word) {
            Some(bits) => bits,
            None if word.is_ascii() && word.len() <= 64 => {
                // The common case, folded on the stack: this runs for nearly every word.
                let mut folded = [0u8; 64];
                let folded = &mut folded[..word.len()];
                folded.copy_from_slice(word.as_bytes());
                folded.make_ascii_lowercase();
                if folded == word.as_bytes() {
                    return None;
                }
                self.words.get(folded)?
            }
            None if word.chars().any(char::is_uppercase) => {
                self.words.get(word.to_lowercase().as_str())?
            }
            None => return None,
        };
        Some(Entry::from_bits(bits as u8))
    }

    /// False when `word`, in lower case, is surely no common name: true for every word whose
    /// entry [`is_common_name`]. A few bit tests, where `get` hashes and compares the word.
    pub fn may_be_common_name(&self, word: &str) -> bool {
        name_filter_positions(word.as_bytes())
            .iter()
            .all(|&bit| NAME_FILTER[bit / 8] & 1 << (bit % 8) != 0)
    }

    /// Whether the word, in any case, is an English word.
    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The embedded English lexicon.
pub fn english() -> &'static Lexicon {
    static ENGLISH: OnceLock<Lexicon> = OnceLock::new();
    ENGLISH.get_or_init(|| {
        let words = fst::Map::new(ENGLISH_FST).expect("the embedded lexicon is a valid fst");
        Lexicon { words }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses_and_is_large() {
        assert!(english().len() > 100_000);
    }

    #[test]
    fn the_name_filter_holds_every_common_name_and_few_other_words() {
        let text = include_str!("../../rules/lexicon/english.tsv");
        let (mut others, mut passed) = (0, 0);
        for (word, entry) in text.lines().filter_map(|l| parse_line(l).unwrap()) {
            let may = english().may_be_common_name(word);
            if format::is_common_name(entry) {
                assert!(may, "{word}");
            } else {
                others += 1;
                passed += usize::from(may);
            }
        }
        assert!(passed * 50 < others, "{passed} of {others} other words pass");
        assert!(
            !english().may_be_common_name("vagabundo") || !english().may_be_common_name("said")
        );
    }

    #[test]
    fn casing_is_known() {
        let lex = english();
        assert!(lex.get("Launched").unwrap().lower_only());
        assert!(lex.get("syria").unwrap().proper_only());
        let march = lex.get("March").unwrap();
        assert!(march.lower && march.capitalized);
        assert!(lex.get("NASA").unwrap().upper);
        assert_eq!(lex.get("the").unwrap().tier, 1);
        assert!(!lex.contains("vagabundo"));
    }

    #[test]
    fn short_words_are_answered_as_the_transducer_answers() {
        let lex = english();
        let letters: Vec<char> = ('a'..='z').chain(['\'', '.', '-', '1']).collect();
        let mut words = Vec::new();
        for &a in &letters {
            words.push(a.to_string());
            for &b in &letters {
                words.push(format!("{a}{b}"));
                for &c in &letters {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        let capitalized: Vec<String> =
            words.iter().map(|w| w[..1].to_uppercase() + &w[1..]).collect();
        words.extend(upper);
        words.extend(capitalized);
        words.extend(
            ["said", "Said", "SAID", "tHeY", "zzzz", "é", "ée", "a\0", "\0", "", "@[`{"]
                .map(String::from),
        );
        let mut found = 0;
        for word in &words {
            let answer = lex.get(word);
            assert_eq!(answer, lex.lookup(word), "{word:?}");
            found += usize::from(answer.is_some());
        }
        assert!(found > 2_000, "{found} short words found");
    }

    proptest::proptest! {
        #[test]
        fn any_short_text_is_answered_as_the_transducer_answers(word in "[a-zA-Z'@\\[`{\0-]{1,5}") {
            proptest::prop_assert_eq!(english().get(&word), english().lookup(&word));
        }
    }

    #[test]
    fn lines_parse_and_malformed_ones_are_errors() {
        assert!(parse_line("word\tl").is_err());
        assert!(parse_line("word\tl\tx").is_err());
        assert!(parse_line("word\tl\t7").is_err());
        assert!(parse_line("Word\tl\t1").is_err());
        assert!(parse_line("word\tlx\t1").is_err());
        assert_eq!(parse_line("# comment").unwrap(), None);
        let (word, entry) = parse_line("march\tcl\t2").unwrap().unwrap();
        assert_eq!(word, "march");
        assert!(entry.lower && entry.capitalized && !entry.upper && entry.tier == 2);
    }

    #[test]
    fn entries_round_trip_through_their_byte() {
        for bits in 0..32u8 {
            let entry = Entry::from_bits(bits | 8);
            assert_eq!(Entry::from_bits(entry.to_bits()), entry);
        }
    }

    #[test]
    fn the_table_holds_every_line_of_the_list() {
        let text = include_str!("../../rules/lexicon/english.tsv");
        let mut count = 0;
        for line in text.lines() {
            if let Some((word, entry)) = parse_line(line).unwrap() {
                assert_eq!(english().get(word), Some(entry), "{word}");
                count += 1;
            }
        }
        assert_eq!(english().len(), count);
    }
}
