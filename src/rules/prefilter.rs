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
use regex_syntax::hir::{Class, Hir, HirKind, Look};

use super::pattern::Pattern;

/// Shorter start literals would give too many places to try for the scan to pay off.
const MIN_LITERAL_BYTES: usize = 2;
/// More start literals than this for one regex means its starts are not really pinned down.
const MAX_LITERALS_PER_REGEX: usize = 256;

/// A regex that is only tried where one of its start literals occurs; it is compiled the
/// first time that happens.
#[derive(Debug)]
struct Anchorable {
    source: String,
    /// A run of characters the regex may start with before its literal: the match starts
    /// where that run starts.
    lead: Option<Lead>,
    compiled: OnceLock<Option<Compiled>>,
}

/// A regex that opens with a run of one class of characters (`[ \t]*` after `^`, or
/// `\p{L}+`), then a literal that is not of that class.
#[derive(Debug)]
struct Lead {
    class: Vec<(char, char)>,
}

impl Lead {
    fn contains(&self, c: char) -> bool {
        let i = self.class.partition_point(|&(_, end)| end < c);
        self.class.get(i).is_some_and(|&(start, _)| start <= c)
    }

    /// Where the run of the class that ends at `at` starts.
    fn run_start(&self, text: &str, at: usize) -> usize {
        let before = &text[..at];
        let mut start = at;
        for (i, c) in before.char_indices().rev() {
            if !self.contains(c) {
                break;
            }
            start = i;
        }
        start
    }
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
            let Some((lead, starts)) = analyze(pattern) else {
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
                lead,
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
            let Some(anchorable) = &self.anchorable[index] else { continue };
            let Some(entry) = anchorable.compiled() else { continue };
            if let Some(lead) = &anchorable.lead {
                for start in &mut starts {
                    if text.is_char_boundary(*start) {
                        *start = lead.run_start(text, *start);
                    }
                }
            }
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

/// How the shared scan finds where `pattern` can match: the literals its matches start with
/// (after a lead run, if it opens with one), folded to ASCII lower case, when there are few
/// enough and all are long enough to make the scan selective.
///
/// A case-insensitive pattern is read without its case flag, since the automaton folds ASCII
/// case itself; one whose start literals hold other letters is left to run on its own. (The
/// fold leaves out the Kelvin sign and the long s, which Unicode folds with `k` and `s`.)
fn analyze(pattern: &Pattern) -> Option<(Option<Lead>, Vec<Vec<u8>>)> {
    let hir = regex_syntax::parse(pattern.body()).ok()?;
    if let Some(literals) = start_literals(&hir, pattern.ignorecase()) {
        return Some((None, literals));
    }
    let HirKind::Concat(parts) = hir.kind() else { return None };
    let looks = parts.iter().take_while(|p| matches!(p.kind(), HirKind::Look(_))).count();
    let line_start = parts[..looks]
        .iter()
        .all(|p| matches!(p.kind(), HirKind::Look(Look::Start | Look::StartLF | Look::StartCRLF)));
    let (HirKind::Repetition(run), Some(rest)) =
        (parts.get(looks)?.kind(), parts.get(looks + 1..).filter(|r| !r.is_empty()))
    else {
        return None;
    };
    let HirKind::Class(class) = run.sub.kind() else { return None };
    let class: Vec<(char, char)> = match class {
        Class::Unicode(c) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(c) if c.is_ascii() => {
            c.ranges().iter().map(|r| (char::from(r.start()), char::from(r.end()))).collect()
        }
        Class::Bytes(_) => return None,
    };
    let lead = Lead { class };
    // The match starts where the run does: a line-start assertion may only precede a run
    // of blanks, and a word boundary only a run of ASCII word characters (which has no
    // boundary inside it, so if the run's start fails it, every later start does too).
    let within = |allowed: fn(char) -> bool| lead.class.iter().all(|&(a, b)| (a..=b).all(allowed));
    let word_boundary = parts[..looks]
        .iter()
        .all(|p| matches!(p.kind(), HirKind::Look(Look::WordAscii | Look::WordStartAscii)));
    let looks_allowed = looks == 0
        || (line_start && within(|c| matches!(c, ' ' | '\t')))
        || (word_boundary && within(|c| c.is_ascii_alphanumeric() || c == '_'));
    if run.max.is_some() || !run.greedy || !looks_allowed {
        return None;
    }
    let literals = start_literals(&Hir::concat(rest.to_vec()), pattern.ignorecase())?;
    // The literal must not continue the run, or the run would not end where it starts.
    let continues_run = literals.iter().any(|l| {
        let first = std::str::from_utf8(l).ok().and_then(|l| l.chars().next());
        first.is_none_or(|c| lead.contains(c) || lead.contains(c.to_ascii_uppercase()))
    });
    (!continues_run).then_some((Some(lead), literals))
}

/// The folded start literals of `hir`, when they pin its matches down.
fn start_literals(hir: &Hir, ignorecase: bool) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    // Short prefixes are enough to be selective, and keep inline case-insensitive groups
    // from growing into thousands of spellings.
    extractor.kind(ExtractKind::Prefix).limit_literal_len(6).limit_total(MAX_LITERALS_PER_REGEX);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    if ignorecase && literals.iter().any(|l| !l.as_bytes().is_ascii()) {
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
            (r"(?m)^[ \t]*(?P<flag>[Ss]ource)[ \t]*$", "Source\n  source \nnot source\n\tSource"),
            (r"(?im)^[ \t]*(?P<flag>read also)[ \t]*:?$", " x read also\n  READ ALSO:\nRead also"),
            (
                r"\p{L}+[\x22”] (?:This|The)\b",
                "the issues\x22 This was; fünf” The end; 5” The; ab\x22 Then",
            ),
            (r"TK", "TK and TK"),
            (r"(?-u:\b)[0-9]+ (?:st|nd)(?-u:\b)", "the 21 st and 2 nd, x22 st, ٣ st 1 stop"),
            (r"\p{L}+ says", "Ana says, Zoë says; 5 says, Ève  says"),
        ];
        for (pattern, text) in cases {
            let (index, plain) = both(pattern, text);
            assert!(!plain.is_empty(), "{pattern}");
            assert_eq!(index, plain, "{pattern}");
        }
    }

    #[test]
    fn unpinned_regexes_are_left_to_run_alone() {
        for pattern in
            [r"\p{L}+s says", r"(?m)^x*Source", r"(?m)^\d{4}-", "a", r"\b\d+ st", r"\w+\w"]
        {
            let pattern = Pattern::trusted(pattern.to_string(), false);
            assert!(!RegexIndex::new([&pattern]).is_anchorable(0), "{}", pattern.as_str());
        }
    }
}
