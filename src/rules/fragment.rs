//! Stray fragments: a word or label dropped into running text by a scraper or a translation
//! pipeline. `fragment` finds a lone word run into the next sentence ("…of war. Drones In a
//! country…"); `headline-label` finds a site's section label left on a headline ("… on
//! military academy | Syria").

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::compile::Compiler;
use super::prose::{is_all_caps, is_function_word, is_titlecase, lowercase_into, starts_lowercase};
use super::spec::RuleSpec;
use super::{Check, Finding, PackError};
use crate::diagnostic::Applicability;
use crate::document::Document;
use crate::lexicon;

pub const FRAGMENT_KEYS: &[&str] = &["openers", "allow"];
pub const LABEL_KEYS: &[&str] = &["allow"];

fn word_set(list: &Option<toml::Spanned<Vec<toml::Spanned<String>>>>) -> FxHashSet<String> {
    list.as_ref()
        .map(|l| l.get_ref().iter().map(|w| w.get_ref().clone()).collect())
        .unwrap_or_default()
}

pub fn compile_fragment(spec: &RuleSpec, compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let Some(openers) = &spec.openers else {
        return Err(compiler
            .error("kind `fragment` needs `openers`")
            .at(spec.kind.span(), "add `openers = [\"In\", \"The\", …]`"));
    };
    for opener in openers.get_ref() {
        if !is_titlecase(opener.get_ref()) {
            return Err(compiler
                .error("an opener is a capitalized word")
                .at(opener.span(), "write it as it opens a sentence: `In`, `The`"));
        }
    }
    let allow = word_set(&spec.allow).into_iter().map(|w| w.to_lowercase()).collect();
    Ok(Box::new(StrayWord { openers: word_set(&spec.openers), allow }))
}

pub fn compile_label(spec: &RuleSpec, _compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(HeadlineLabel { allow: word_set(&spec.allow) }))
}

/// A capitalized common word, then a capitalized sentence opener, then lower case:
/// "Drones In a country that faced…".
#[derive(Debug)]
struct StrayWord {
    openers: FxHashSet<String>,
    allow: FxHashSet<String>,
}

impl Check for StrayWord {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let lexicon = lexicon::english();
        let mut lower = String::new();
        for index in 0..doc.paragraphs().len() {
            let mut first_in_paragraph = true;
            for (sentence, words) in doc.paragraph_sentences_with_words(index) {
                // At the start of a paragraph the pair may be a heading run into the text;
                // only a word between two sentences is plainly stray.
                let after_a_sentence = !first_in_paragraph;
                first_in_paragraph = false;
                if !after_a_sentence || words.len() < 4 || words[0].start != sentence.start {
                    continue;
                }
                let [stray, opener, next, ..] = words else { continue };
                let (stray_word, opener_word, next_word) =
                    (&text[stray.clone()], &text[opener.clone()], &text[next.clone()]);
                let single_space = &text[stray.end..opener.start] == " ";
                let next_continues = starts_lowercase(next_word)
                    || next_word.starts_with(|c: char| c.is_ascii_digit());
                // Asked last, as few sentences get this far: it lower-cases the word and
                // looks it up.
                let mut stray_is_common_word = || {
                    is_titlecase(stray_word)
                        && stray_word.chars().count() >= 3
                        && !is_function_word(lowercase_into(stray_word, &mut lower))
                        && !self.allow.contains(lower.as_str())
                        && lexicon.get(stray_word).is_some_and(|e| e.lower_only())
                };
                if single_space
                    && next_continues
                    && self.openers.contains(opener_word)
                    && stray_is_common_word()
                {
                    out.push(removal(stray.start..opener.start, stray.clone(), stray_word));
                }
            }
        }
    }
}

/// A finding on `span` whose (unsafe) fix removes `removed`.
fn removal(removed: Range<usize>, span: Range<usize>, word: &str) -> Finding {
    let mut finding = Finding::replace(removed, word, String::new(), Applicability::Unsafe);
    finding.span = span;
    finding
}

/// A headline that ends in a site's label: "… military academy | Syria", "… – Europe".
#[derive(Debug)]
struct HeadlineLabel {
    allow: FxHashSet<String>,
}

/// Separators that sites put between a headline and its section or site name.
const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " / ", " :: ", " » "];

/// The last of [`SEPARATORS`] in the line, and where it starts. Each separator opens with a
/// space, so only spaces are tried, from the end: one byte search, where a search for each
/// separator would set up a substring searcher for every line.
fn last_separator(line: &str) -> Option<(usize, &'static str)> {
    let bytes = line.as_bytes();
    let mut end = bytes.len();
    while let Some(at) = memchr::memrchr(b' ', &bytes[..end]) {
        if let Some(separator) = SEPARATORS.iter().find(|s| bytes[at..].starts_with(s.as_bytes())) {
            return Some((at, separator));
        }
        end = at;
    }
    None
}

impl Check for HeadlineLabel {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        for paragraph in doc.paragraphs() {
            let line = &text[paragraph.clone()];
            // A headline: one line, not too long, not ending like a sentence. The ending,
            // which rules out most paragraphs, is asked first; a line of 250 bytes or fewer
            // has no more characters than that.
            if line.ends_with(|c: char| !c.is_alphanumeric())
                || (line.len() > 250 && line.chars().count() > 250)
                || memchr::memchr(b'\n', line.as_bytes()).is_some()
            {
                continue;
            }
            let Some((at, separator)) = last_separator(line) else {
                continue;
            };
            let label = &line[at + separator.len()..];
            let head = &line[..at];
            let label_words: Vec<&str> = label.split(' ').collect();
            let head_words = head.split_whitespace().count();
            let label_is_name = label_words.len() <= 3
                && label.chars().count() <= 30
                && label_words.iter().all(|w| is_titlecase(w) || is_all_caps(w))
                && label_words.iter().all(|w| w.chars().all(|c| c.is_alphabetic() || c == '.'));
            // A headline of prose before the label: several words, mostly lower case, so a
            // title-case line of names ("Smith – Jones") is left alone.
            let lowercase_words = head.split_whitespace().filter(|w| starts_lowercase(w)).count();
            if label_is_name
                && head_words >= 4
                && lowercase_words * 3 >= head_words
                && !self.allow.contains(label)
            {
                let start = paragraph.start + at;
                let span = start + 1..paragraph.end;
                let mut finding = Finding::replace(
                    start..paragraph.end,
                    label,
                    String::new(),
                    Applicability::Unsafe,
                );
                finding.span = span;
                out.push(finding);
            }
        }
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

    fn stray() -> StrayWord {
        let openers = ["In", "Without", "The", "A", "But"].map(String::from).into_iter().collect();
        StrayWord { openers, allow: FxHashSet::default() }
    }

    #[test]
    fn stray_words_between_sentences() {
        let check = stray();
        assert_eq!(
            lint(&check, "The war has lasted a decade. Drones In a country that faced war."),
            ["Drones"]
        );
        let silent = [
            "Drones In Focus is a new exhibition at the museum.",
            "The war has lasted a decade. Drones in the region were shot down.",
            "The firm was sold. Drones Inc. In a statement it said little.",
            "The war has lasted a decade. Police In Homs said nothing",
            "The war has lasted a decade. Syria In a statement said nothing.",
        ];
        for text in silent {
            assert!(lint(&check, text).is_empty(), "{text}: {:?}", lint(&check, text));
        }
    }

    #[test]
    fn labels_on_headlines() {
        let check = HeadlineLabel { allow: FxHashSet::default() };
        assert_eq!(
            lint(
                &check,
                "At least 100 killed in drone attack on military academy | Syria\n\nText."
            ),
            ["| Syria"]
        );
        assert_eq!(lint(&check, "Leaders call for solidarity in winter / Article"), ["/ Article"]);
        let silent = [
            "Officials said the bridge would reopen – Europe followed.",
            "Smith – Jones",
            "Bridge reopens after three years of repairs – and traffic returns",
            "The council met on Monday | the vote was close.",
        ];
        for text in silent {
            assert!(lint(&check, text).is_empty(), "{text}: {:?}", lint(&check, text));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_last_separator_is_the_rightmost_of_any(line in "[a |:/»\\-–—]{0,24}") {
            let rightmost = SEPARATORS
                .iter()
                .filter_map(|s| line.rfind(s).map(|i| (i, *s)))
                .max_by_key(|(i, _)| *i);
            proptest::prop_assert_eq!(last_separator(&line), rightmost);
        }
    }
}
