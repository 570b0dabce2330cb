//! The English lexicon: which words are English, how common they are, and how they are cased
//! (generated from SCOWL into `rules/lexicon/english.tsv` by `scripts/gen-lexicon.py`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The generated word list, embedded so the binary needs no data files.
const ENGLISH_TSV: &str = include_str!("../rules/lexicon/english.tsv");

/// How a word is spelled in the word lists, and how common it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Spelled in lower case ("launched", "march").
    pub lower: bool,
    /// Spelled capitalized ("Syria", "March").
    pub capitalized: bool,
    /// Spelled in capitals ("NASA").
    pub upper: bool,
    /// 1 for the most common words, 2 for the standard list, 3 for rare words.
    pub tier: u8,
}

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

/// Words keyed in lower case.
#[derive(Debug)]
pub struct Lexicon {
    words: HashMap<Box<str>, Entry>,
}

impl Lexicon {
    /// Parses the lexicon's tab-separated lines; `#` lines are comments.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut words = HashMap::with_capacity(140_000);
        for (number, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(word), Some(forms), Some(tier), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("line {}: expected three fields", number + 1));
            };
            let tier: u8 = tier.parse().map_err(|_| format!("line {}: bad tier", number + 1))?;
            let entry = Entry {
                lower: forms.contains('l'),
                capitalized: forms.contains('c'),
                upper: forms.contains('u'),
                tier,
            };
            words.insert(word.into(), entry);
        }
        Ok(Lexicon { words })
    }

    /// The entry of a word in any case.
    pub fn get(&self, word: &str) -> Option<Entry> {
        if let Some(entry) = self.words.get(word) {
            return Some(*entry);
        }
        if word.chars().any(char::is_uppercase) {
            return self.words.get(word.to_lowercase().as_str()).copied();
        }
        None
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

/// The embedded English lexicon, parsed on first use.
pub fn english() -> &'static Lexicon {
    static ENGLISH: OnceLock<Lexicon> = OnceLock::new();
    ENGLISH.get_or_init(|| Lexicon::parse(ENGLISH_TSV).expect("the embedded lexicon is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses_and_is_large() {
        assert!(english().len() > 100_000);
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
    fn malformed_lines_are_errors() {
        assert!(Lexicon::parse("word\tl\n").is_err());
        assert!(Lexicon::parse("word\tl\tx\n").is_err());
        assert_eq!(Lexicon::parse("# comment\nword\tl\t1\n").unwrap().len(), 1);
    }
}
