//! Where rule regexes can match: one Aho-Corasick scan for the literals every match of a
//! regex must start with, then an anchored run of the regex at each of those places only.
//!
//! A regex whose matches cannot be pinned to a few literals of some length runs on its own
//! over the whole text, as before.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::pattern::Pattern;

/// Shorter start literals would give too many places to try for the scan to pay off.
const MIN_LITERAL_BYTES: usize = 3;
/// More start literals than this for one regex means its starts are not really pinned down.
const MAX_LITERALS_PER_REGEX: usize = 256;

/// A regex that is only tried where one of its start literals occurs; it is compiled the
/// first time that happens.
#[derive(Debug)]
struct Anchorable {
    source: String,
    compiled: OnceLock<Option<Compiled>>,
}

#[derive(Debug)]
struct Compiled {
    regex: meta::Regex,
    /// Group index of the `flag` group, which narrows the reported range.
    flag: Option<usize>,
}

impl Anchorable {
    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| {
                let regex = meta::Regex::new(&self.source).ok()?;
                let flag = regex.group_info().to_index(regex_automata::PatternID::ZERO, "flag");
                Some(Compiled { regex, flag })
            })
            .as_ref()
    }
}

/// The regexes of a rule set, each either anchorable behind the shared scan or not.
#[derive(Debug)]
pub struct RegexIndex {
    anchorable: Vec<Option<Anchorable>>,
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the regexes (by index) that may start with it.
    owners: Vec<Vec<usize>>,
}

impl RegexIndex {
    /// Indexes `regexes`, in the order the caller will refer to them.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a Pattern>) -> Self {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut ids = std::collections::HashMap::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut anchorable = Vec::new();
        for (index, pattern) in patterns.into_iter().enumerate() {
            let Some(starts) = start_literals(pattern) else {
                anchorable.push(None);
                continue;
            };
            for literal in starts {
                let id = *ids.entry(literal.clone()).or_insert_with(|| {
                    literals.push(literal);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                if owners[id].last() != Some(&index) {
                    owners[id].push(index);
                }
            }
            anchorable.push(Some(Anchorable {
                source: pattern.as_str().to_string(),
                compiled: OnceLock::new(),
            }));
        }
        let automaton = (!literals.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .expect("start-literal automaton builds")
        });
        RegexIndex { anchorable, automaton, owners }
    }

    /// Whether regex `index` is matched through the shared scan rather than on its own.
    pub fn is_anchorable(&self, index: usize) -> bool {
        self.anchorable.get(index).is_some_and(Option::is_some)
    }

    /// Non-empty match ranges (or `flag` group ranges) of every anchorable regex for which
    /// `wanted` is true, as the regex's own leftmost-first, non-overlapping search gives them.
    pub fn find(
        &self,
        text: &str,
        wanted: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize, Range<usize>),
    ) {
        let Some(automaton) = &self.automaton else { return };
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); self.anchorable.len()];
        for m in automaton.find_overlapping_iter(text) {
            for &index in &self.owners[m.pattern().as_usize()] {
                if wanted(index) {
                    starts[index].push(m.start());
                }
            }
        }
        for (index, mut starts) in starts.into_iter().enumerate() {
            if starts.is_empty() {
                continue;
            }
            let Some(entry) = self.anchorable[index].as_ref().and_then(Anchorable::compiled) else {
                continue;
            };
            starts.sort_unstable();
            starts.dedup();
            let mut captures = entry.flag.map(|_| entry.regex.create_captures());
            let mut end = 0;
            for start in starts {
                if start < end || !text.is_char_boundary(start) {
                    continue;
                }
                // The whole text stays the haystack, so `\b`, `^` and `$` see real context.
                let input = Input::new(text).span(start..text.len()).anchored(Anchored::Yes);
                let (whole, reported) = match (&mut captures, entry.flag) {
                    (Some(caps), Some(flag)) => match_with_flag(&entry.regex, input, caps, flag),
                    _ => match entry.regex.search(&input) {
                        Some(m) => (Some(m.range()), Some(m.range())),
                        None => (None, None),
                    },
                };
                let Some(whole) = whole else { continue };
                end = whole.end;
                if let Some(range) = reported.filter(|r| !r.is_empty()) {
                    found(index, range);
                }
            }
        }
    }
}

fn match_with_flag(
    regex: &meta::Regex,
    input: Input<'_>,
    caps: &mut Captures,
    flag: usize,
) -> (Option<Range<usize>>, Option<Range<usize>>) {
    regex.search_captures(&input, caps);
    let whole = caps.get_match().map(|m| m.range());
    (whole, caps.get_group(flag).map(|s| s.range()))
}

/// The literals every match of `pattern` starts with, folded to ASCII lower case, when there
/// are few enough and all are long enough to make the scan selective.
///
/// A case-insensitive pattern is read without its case flag, since the automaton folds ASCII
/// case itself; one whose start literals hold other letters is left to run on its own. (The
/// fold leaves out the Kelvin sign and the long s, which Unicode folds with `k` and `s`.)
fn start_literals(pattern: &Pattern) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::parse(pattern.body()).ok()?;
    let mut extractor = Extractor::new();
    // Short prefixes are enough to be selective, and keep inline case-insensitive groups
    // from growing into thousands of spellings.
    extractor.kind(ExtractKind::Prefix).limit_literal_len(6).limit_total(MAX_LITERALS_PER_REGEX);
    let seq = extractor.extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    if pattern.ignorecase() && literals.iter().any(|l| !l.as_bytes().is_ascii()) {
        return None;
    }
    let mut folded: Vec<Vec<u8>> =
        literals.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect();
    folded.sort_unstable();
    folded.dedup();
    let selective = folded.len() <= MAX_LITERALS_PER_REGEX
        && folded.iter().all(|l| l.len() >= MIN_LITERAL_BYTES);
    selective.then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(pattern: &str, text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        // A leading `(?i)` here stands for a rule's `ignorecase`.
        let pattern = match pattern.strip_prefix("(?i)") {
            Some(body) => Pattern::trusted(body.to_string(), true),
            None => Pattern::trusted(pattern.to_string(), false),
        };
        let regex = pattern.regex();
        let index = RegexIndex::new([&pattern]);
        assert!(index.is_anchorable(0), "{} should be anchorable", pattern.as_str());
        let mut through_index = Vec::new();
        index.find(text, |_| true, |_, range| through_index.push(range));
        (through_index, super::super::text::regex_matches(regex, text))
    }

    #[test]
    fn anchored_runs_match_the_plain_search() {
        let cases = [
            (
                r"(?i:(?-u:\b)the yellow (?:of|from) the egg(?-u:\b))",
                "The Yellow of the egg, the yellow from the eggs, THE YELLOW OF THE EGG.",
            ),
            (
                r"(?-u:\b)(?:make|makes) a hole in the water(?-u:\b)",
                "makes a hole in the waterfall; make a hole in the water.",
            ),
            (
                r"this (?P<flag>Thursday) \(\d+\)",
                "on this Thursday (12) and this Thursday (x) and this Thursday (3)",
            ),
            (r"aaa(?:aaa)?", "aaaaaaaaaa aaaa"),
            (r"\bTKTK\b", "xTKTK TKTK café TKTKé"),
        ];
        for (pattern, text) in cases {
            let (index, plain) = both(pattern, text);
            assert!(!plain.is_empty(), "{pattern}");
            assert_eq!(index, plain, "{pattern}");
        }
    }

    #[test]
    fn unpinned_regexes_are_left_to_run_alone() {
        for pattern in [r"\p{L}+ says", r"(?m)^[ \t]*Source", r"\d+ (?:st|nd)", "ab"] {
            let pattern = Pattern::trusted(pattern.to_string(), false);
            assert!(!RegexIndex::new([&pattern]).is_anchorable(0), "{}", pattern.as_str());
        }
    }
}
