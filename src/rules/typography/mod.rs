//! The `typography` rule kinds: quotation marks and brackets that do not pair up or point the
//! wrong way, and spaces missing, doubled or misplaced around punctuation.

mod brackets;
mod quotes;
mod spacing;

use super::Check;
use super::compile::Kind;
use super::prose::is_function_word;

/// The kinds of this module, for the compiler's kind tables.
pub const KINDS: &[Kind] = &[
    ("misoriented-quote", &[], |_, _| boxed(quotes::MisorientedQuote)),
    ("unbalanced-quote", &[], |_, _| boxed(quotes::UnbalancedQuote)),
    ("mixed-quotes", &[], |_, _| boxed(quotes::MixedQuotes)),
    ("unclosed-bracket", &[], |_, _| boxed(brackets::UnclosedBracket)),
    ("space-before-punctuation", &[], |_, _| boxed(spacing::SpaceBeforePunctuation)),
    ("missing-space", &[], |_, _| boxed(spacing::MissingSpace)),
    ("double-space", &[], |_, _| boxed(spacing::DoubleSpace)),
];

fn boxed(check: impl Check + 'static) -> Result<Box<dyn Check>, super::PackError> {
    Ok(Box::new(check))
}

/// French function words, to recognise French text, whose typography puts a space before
/// `; : ! ?`.
const FRENCH_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "cette", "dans", "des", "du", "elle", "est", "et", "il", "je", "la",
    "le", "les", "mais", "ne", "nous", "ont", "où", "par", "pas", "pour", "qu", "que", "qui",
    "sont", "sur", "un", "une", "vous", "à", "été",
];

/// Whether a sentence reads as French rather than English: more French function words than
/// English ones, and at least two.
pub fn looks_french(sentence: &str) -> bool {
    let mut french = 0;
    let mut english = 0;
    for word in sentence.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        let lower = word.to_lowercase();
        if FRENCH_WORDS.binary_search(&lower.as_str()).is_ok() {
            french += 1;
        } else if is_function_word(&lower) {
            english += 1;
        }
    }
    french >= 2 && french > english
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_words_are_sorted_for_binary_search() {
        let mut sorted = FRENCH_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, FRENCH_WORDS);
    }

    #[test]
    fn french_sentences() {
        assert!(looks_french("Le ministre est venu et il a parlé de la réforme !"));
        assert!(!looks_french("The minister came and he spoke about the reform !"));
    }
}
