//! What a regex's syntax says about where it can match: the literals every match starts with
//! (after an optional run of one class of characters), and literals one of which every match
//! contains. `build.rs` includes this file to analyse the regexes of the built-in packs once,
//! at build time; packs from users are analysed when their rules are put in a rule set.
//!
//! Literals are folded to ASCII lower case, for an automaton that folds ASCII case itself, so
//! that a literal found nowhere in a text proves that the regex cannot match there. The one
//! exception: Unicode folds the Kelvin sign with `k` and the long s with `s`, and classes
//! (such as a case-insensitive `k`) are read as if they held the ASCII letter instead, which
//! keeps literals from doubling at every `k` and `s`. An analysis that relied on this says so,
//! and the rule set does not use it for a text that holds either sign.

use std::borrow::Cow;

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

/// Shorter start literals would give too many places to try for the scan to pay off.
const MIN_LITERAL_BYTES: usize = 2;
/// A required literal shorter than this occurs in about every text: not worth a lookup.
const MIN_REQUIRED_BYTES: usize = 4;
/// More literals than this for one regex means its matches are not really pinned down.
const MAX_LITERALS_PER_REGEX: usize = 256;
/// Literals are first taken up to this long: the longer they are, the fewer places match
/// them by chance, and the fewer regexes get compiled for a text they cannot match.
const LONG_LITERAL_BYTES: usize = 32;
/// The length tried when long literals are too many.
const SHORT_LITERAL_BYTES: usize = 6;

/// Byte strings, borrowed from a table built in or owned.
pub type Literals = Cow<'static, [Cow<'static, [u8]>]>;

/// What the shared scan knows about one regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Where matches can start; `None` for a regex that runs alone over the whole text.
    pub anchor: Option<Anchor>,
    /// Literals one of which every match contains; empty when none is worth looking for.
    pub required: Literals,
    /// Whether a class of the regex holds the Kelvin sign or the long s, read as `k` or `s`.
    pub special_folds: bool,
}

/// Every match starts with one of `starts`, or with a run of `lead` that one of them ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The class of the run (sorted, disjoint ranges): a match starts where the run starts.
    pub lead: Option<Cow<'static, [(char, char)]>>,
    /// Sorted and distinct.
    pub starts: Literals,
}

impl Analysis {
    /// A regex nothing is known about.
    pub const ALONE: Analysis =
        Analysis { anchor: None, required: Cow::Borrowed(&[]), special_folds: false };
}

/// Analyses the regex `body`, to which the rule applies the case flag when `ignorecase`.
pub fn analyze(body: &str, ignorecase: bool) -> Analysis {
    let parsed =
        regex_syntax::ParserBuilder::new().case_insensitive(ignorecase).build().parse(body);
    let Ok(hir) = parsed else { return Analysis::ALONE };
    let anchor = anchor(&hir);
    let mut required = Vec::new();
    required_candidates(&hir, &mut required);
    let best = required.into_iter().max_by_key(|literals| {
        let shortest = literals.iter().map(Vec::len).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(literals.len()))
    });
    let shortest = |literals: &[Vec<u8>]| literals.iter().map(Vec::len).min().unwrap_or(0);
    let start_length = anchor.as_ref().map_or(0, |(_, starts)| shortest(starts));
    // Worth a lookup only when longer than what the start literals already require.
    let required = best
        .filter(|l| shortest(l) >= MIN_REQUIRED_BYTES && shortest(l) > start_length)
        .unwrap_or_default();
    Analysis {
        anchor: anchor
            .map(|(lead, starts)| Anchor { lead: lead.map(Cow::Owned), starts: owned(starts) }),
        required: owned(required),
        special_folds: has_special_folds(&hir),
    }
}

/// The Kelvin sign and the long s, and the ASCII letters classes are read as instead.
const SPECIAL_FOLDS: [(char, char); 2] = [('\u{212A}', 'k'), ('\u{17F}', 's')];

/// Whether a class of `hir` holds the Kelvin sign or the long s.
fn has_special_folds(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => SPECIAL_FOLDS.iter().any(|&(special, _)| {
            class.ranges().iter().any(|r| r.start() <= special && special <= r.end())
        }),
        HirKind::Repetition(rep) => has_special_folds(&rep.sub),
        HirKind::Capture(capture) => has_special_folds(&capture.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(has_special_folds),
        HirKind::Class(Class::Bytes(_))
        | HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Look(_) => false,
    }
}

fn owned(literals: Vec<Vec<u8>>) -> Literals {
    Cow::Owned(literals.into_iter().map(Cow::Owned).collect())
}

/// The lead class and start literals of `hir`, when a few literals pin its matches down.
#[allow(clippy::type_complexity)]
fn anchor(hir: &Hir) -> Option<(Option<Vec<(char, char)>>, Vec<Vec<u8>>)> {
    if let Some(starts) = selective_prefixes(hir, MIN_LITERAL_BYTES) {
        return Some((None, starts));
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
    let contains = |c: char| class.iter().any(|&(start, end)| start <= c && c <= end);
    // The match starts where the run does: a line-start assertion may only precede a run
    // of blanks, and a word boundary only a run of ASCII word characters (which has no
    // boundary inside it, so if the run's start fails it, every later start does too).
    let within = |allowed: fn(char) -> bool| class.iter().all(|&(a, b)| (a..=b).all(allowed));
    let word_boundary = parts[..looks]
        .iter()
        .all(|p| matches!(p.kind(), HirKind::Look(Look::WordAscii | Look::WordStartAscii)));
    let looks_allowed = looks == 0
        || (line_start && within(|c| matches!(c, ' ' | '\t')))
        || (word_boundary && within(|c| c.is_ascii_alphanumeric() || c == '_'));
    if run.max.is_some() || !run.greedy || !looks_allowed {
        return None;
    }
    let starts = selective_prefixes(&Hir::concat(rest.to_vec()), MIN_LITERAL_BYTES)?;
    // The literal must not continue the run, or the run would not end where it starts.
    let continues_run = starts.iter().any(|l| {
        let first = std::str::from_utf8(l).ok().and_then(|l| l.chars().next());
        first.is_none_or(|c| contains(c) || contains(c.to_ascii_uppercase()))
    });
    (!continues_run).then_some((Some(class), starts))
}

/// Candidate sets of required literals: the prefixes of every suffix of every concatenation
/// the regex must go through (the whole regex, the insides of its groups).
fn required_candidates(hir: &Hir, out: &mut Vec<Vec<Vec<u8>>>) {
    match hir.kind() {
        HirKind::Capture(capture) => required_candidates(&capture.sub, out),
        HirKind::Concat(parts) => {
            for i in 0..parts.len() {
                let suffix = Hir::concat(parts[i..].to_vec());
                out.extend(selective_prefixes(&suffix, MIN_REQUIRED_BYTES));
                if matches!(parts[i].kind(), HirKind::Capture(_) | HirKind::Concat(_)) {
                    required_candidates(&parts[i], out);
                }
            }
        }
        _ => out.extend(selective_prefixes(hir, MIN_REQUIRED_BYTES)),
    }
}

/// The folded literals every match of `hir` starts with, when they are few and none is
/// shorter than `min_len`: long ones if they qualify, else short ones.
fn selective_prefixes(hir: &Hir, min_len: usize) -> Option<Vec<Vec<u8>>> {
    prefixes_up_to(hir, LONG_LITERAL_BYTES, min_len)
        .or_else(|| prefixes_up_to(hir, SHORT_LITERAL_BYTES, min_len))
}

fn prefixes_up_to(hir: &Hir, max_len: usize, min_len: usize) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_literal_len(max_len)
        .limit_total(MAX_LITERALS_PER_REGEX);
    let seq = extractor.extract(&fold_ascii(hir));
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    let mut folded: Vec<Vec<u8>> =
        literals.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect();
    folded.sort_unstable();
    // A literal that extends another adds no place to look: drop it. (In sorted order, the
    // literals that extend one follow it directly.)
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(folded.len());
    for literal in folded {
        if kept.last().is_none_or(|last| !literal.starts_with(last)) {
            kept.push(literal);
        }
    }
    let folded = kept;
    let selective =
        folded.len() <= MAX_LITERALS_PER_REGEX && folded.iter().all(|l| l.len() >= min_len);
    selective.then_some(folded)
}

/// `hir` with the ASCII capitals of every class replaced by small letters (and the Kelvin sign
/// and long s by `k` and `s`), so that a case-insensitive `[Tt]` extracts as one literal `t`
/// instead of doubling the literals at every letter. Literal text keeps its case; extracted
/// literals are folded afterwards.
fn fold_ascii(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut ranges = Vec::new();
            for range in class.ranges() {
                let (start, end) = (range.start(), range.end());
                let (upper_start, upper_end) = (start.max('A'), end.min('Z'));
                if upper_start <= upper_end {
                    ranges.push(ClassUnicodeRange::new(
                        upper_start.to_ascii_lowercase(),
                        upper_end.to_ascii_lowercase(),
                    ));
                    if start < 'A' {
                        ranges.push(ClassUnicodeRange::new(start, '@'));
                    }
                    if end > 'Z' {
                        ranges.push(ClassUnicodeRange::new('[', end));
                    }
                } else {
                    ranges.push(*range);
                }
            }
            for (special, ascii) in SPECIAL_FOLDS {
                if class.ranges().iter().any(|r| r.start() <= special && special <= r.end()) {
                    ranges.push(ClassUnicodeRange::new(ascii, ascii));
                }
            }
            let mut folded = ClassUnicode::new(ranges);
            for (special, _) in SPECIAL_FOLDS {
                folded.difference(&ClassUnicode::new([ClassUnicodeRange::new(special, special)]));
            }
            Hir::class(Class::Unicode(folded))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut ranges = Vec::new();
            for range in class.ranges() {
                let (start, end) = (range.start(), range.end());
                let (upper_start, upper_end) = (start.max(b'A'), end.min(b'Z'));
                if upper_start <= upper_end {
                    ranges.push(ClassBytesRange::new(
                        upper_start.to_ascii_lowercase(),
                        upper_end.to_ascii_lowercase(),
                    ));
                    if start < b'A' {
                        ranges.push(ClassBytesRange::new(start, b'@'));
                    }
                    if end > b'Z' {
                        ranges.push(ClassBytesRange::new(b'[', end));
                    }
                } else {
                    ranges.push(*range);
                }
            }
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(fold_ascii(&rep.sub)),
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            index: capture.index,
            name: capture.name.clone(),
            sub: Box::new(fold_ascii(&capture.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(fold_ascii).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(fold_ascii).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(analysis: &Analysis) -> Vec<String> {
        let anchor = analysis.anchor.as_ref().expect("anchored");
        anchor.starts.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect()
    }

    fn required(analysis: &Analysis) -> Vec<String> {
        analysis.required.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect()
    }

    #[test]
    fn case_insensitive_letters_fold_into_one_literal() {
        let analysis = analyze("in the (?:aim|ambit) of", true);
        assert_eq!(starts(&analysis), ["in the aim of", "in the ambit of"]);
        // Unicode folds the Kelvin sign with `k` and the long s with `s`.
        let analysis = analyze("kiss", true);
        assert_eq!(starts(&analysis), ["kiss"]);
        assert!(analysis.special_folds);
        assert!(!analyze("kiss", false).special_folds);
        let analysis = analyze("(?i:anti|co) -x", false);
        assert_eq!(starts(&analysis), ["anti -x", "co -x"]);
    }

    #[test]
    fn required_literals_come_from_inside_the_match() {
        let analysis = analyze(r"(?-u:\b)had (\d{1,3}) years old(?-u:\b)", true);
        assert_eq!(starts(&analysis), ["had "]);
        assert_eq!(required(&analysis), [" years old"]);
        let analysis =
            analyze(r"(?m)^(?:[^\n]*\s[-–|]\s*)?(?P<flag>Last hour|LAST HOUR)\s*:", false);
        assert!(analysis.anchor.is_none());
        assert_eq!(required(&analysis), ["last hour"]);
        // Nothing long enough to look for.
        let analysis = analyze(r"(?m)^\d{4}-\d\d-\d\dT\d\d", false);
        assert_eq!(analysis, Analysis::ALONE);
    }

    #[test]
    fn a_lead_run_is_skipped_to_its_literal() {
        let analysis = analyze(r"(?m)^[ \t]*(?P<flag>[Ss]ource)[ \t]*$", false);
        assert_eq!(starts(&analysis), ["source"]);
        assert!(analysis.anchor.unwrap().lead.is_some());
        // `s` continues the run of letters: the match cannot start at it.
        let analysis = analyze(r"\p{L}+s says", false);
        assert!(analysis.anchor.is_none());
        assert_eq!(required(&analysis), ["s says"]);
    }
}
