//! What a regex's syntax says about where it can match: the literals every match starts with
//! (after an optional run of one class of characters), and literals one of which every match
//! contains. `build.rs` includes this file to analyse the regexes of the built-in packs once,
//! at build time; packs from users are analysed when their rules are put in a rule set.
//!
//! Literals are folded to ASCII lower case, and the rule set scans the text with its ASCII
//! case folded too, so that a literal found nowhere in a text proves that the regex cannot
//! match there. The one exception: Unicode folds the Kelvin sign with `k` and the long s
//! with `s`, and classes (such as a case-insensitive `k`) are read as if they held the
//! ASCII letter instead, which keeps literals from doubling at every `k` and `s`. An
//! analysis that relied on this says so, and the rule set does not use it for a text that
//! holds either sign.

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
    /// For a regex without start literals that only matches at the start of a line (`(?m)^`),
    /// a class that holds the first character of its matches: the lines that start with one
    /// are the only places to try.
    pub line_start: Option<Cow<'static, [(char, char)]>>,
}

/// Every match starts with one of `starts`, or with a run of `lead` that one of them ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The class of the run (sorted, disjoint ranges): a match starts where the run starts.
    pub lead: Option<Cow<'static, [(char, char)]>>,
    /// Whether the run takes at least one character (`+` rather than `*`).
    pub lead_nonempty: bool,
    /// Sorted and distinct.
    pub starts: Literals,
}

impl Analysis {
    /// A regex nothing is known about.
    pub const ALONE: Analysis = Analysis {
        anchor: None,
        required: Cow::Borrowed(&[]),
        special_folds: false,
        line_start: None,
    };
}

/// Analyses the regex `body`, to which the rule applies the case flag when `ignorecase`.
pub fn analyze(body: &str, ignorecase: bool) -> Analysis {
    let parsed =
        regex_syntax::ParserBuilder::new().case_insensitive(ignorecase).build().parse(body);
    let Ok(hir) = parsed else { return Analysis::ALONE };
    let anchor = anchor(&hir);
    let best = best_required(&hir);
    let shortest = |literals: &[Vec<u8>]| literals.iter().map(Vec::len).min().unwrap_or(0);
    let start_length = anchor.as_ref().map_or(0, |(_, starts)| shortest(starts));
    // Worth a lookup only when longer than what the start literals already require.
    let required = best
        .filter(|l| shortest(l) >= MIN_REQUIRED_BYTES && shortest(l) > start_length)
        .unwrap_or_default();
    let line_start = if anchor.is_none() { line_start(&hir) } else { None };
    Analysis {
        anchor: anchor.map(|(lead, starts)| Anchor {
            lead_nonempty: lead.as_ref().is_some_and(|(_, nonempty)| *nonempty),
            lead: lead.map(|(class, _)| Cow::Owned(class)),
            starts: owned(starts),
        }),
        required: owned(required),
        special_folds: has_special_folds(&hir),
        line_start: line_start.map(Cow::Owned),
    }
}

/// The first-character class of a regex that opens with `(?m)^`, every character when that
/// cannot be told: its matches start at line starts, and an anchored run at each line that
/// starts with one costs less than a search of the whole text unless lines are very short.
fn line_start(hir: &Hir) -> Option<Vec<(char, char)>> {
    let HirKind::Concat(parts) = hir.kind() else { return None };
    let (first, rest) = parts.split_first()?;
    if !matches!(first.kind(), HirKind::Look(Look::StartLF)) {
        return None;
    }
    let Some(class) = edge_class(&Hir::concat(rest.to_vec()), true) else {
        return Some(vec![('\0', char::MAX)]);
    };
    Some(class.ranges().iter().map(|r| (r.start(), r.end())).collect())
}

/// A class that holds the first (or last) character of every non-empty match of `hir`, when
/// there is one to tell.
pub fn edge_class(hir: &Hir, first: bool) -> Option<ClassUnicode> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(ClassUnicode::empty()),
        HirKind::Literal(literal) => {
            let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
            let c = if first { chars.next() } else { chars.next_back() }?;
            Some(ClassUnicode::new([ClassUnicodeRange::new(c, c)]))
        }
        HirKind::Class(Class::Unicode(class)) => Some(class.clone()),
        HirKind::Class(Class::Bytes(class)) => class.to_unicode_class(),
        HirKind::Capture(capture) => edge_class(&capture.sub, first),
        HirKind::Repetition(rep) => edge_class(&rep.sub, first),
        HirKind::Concat(parts) => {
            // A part that can match nothing lets the next one take the edge.
            let mut union = ClassUnicode::empty();
            let mut ordered: Box<dyn Iterator<Item = &Hir>> =
                if first { Box::new(parts.iter()) } else { Box::new(parts.iter().rev()) };
            for part in &mut ordered {
                union.union(&edge_class(part, first)?);
                if part.properties().minimum_len()? > 0 {
                    break;
                }
            }
            Some(union)
        }
        HirKind::Alternation(branches) => {
            let mut union = ClassUnicode::empty();
            for branch in branches {
                union.union(&edge_class(branch, first)?);
            }
            Some(union)
        }
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

/// The lead class (and whether its run takes a character) and the start literals of `hir`,
/// when a few literals pin its matches down.
#[allow(clippy::type_complexity)]
fn anchor(hir: &Hir) -> Option<(Option<(Vec<(char, char)>, bool)>, Vec<Vec<u8>>)> {
    one_run_anchor(hir).or_else(|| word_anchor(hir))
}

/// [`anchor`] for a regex that opens with literals, or with one unbounded run of a class.
#[allow(clippy::type_complexity)]
fn one_run_anchor(hir: &Hir) -> Option<(Option<(Vec<(char, char)>, bool)>, Vec<Vec<u8>>)> {
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
    // The match starts where the run does: a line-start assertion may only precede a run
    // of blanks, and a word boundary only a run of ASCII word characters (which has no
    // boundary inside it, so if the run's start fails it, every later start does too).
    let within = |allowed: fn(char) -> bool| class.iter().all(|&(a, b)| (a..=b).all(allowed));
    let looks_allowed = looks == 0
        || (line_start && within(|c| matches!(c, ' ' | '\t')))
        || (are_word_boundaries(&parts[..looks]) && within(is_ascii_word));
    if run.max.is_some() || !run.greedy || !looks_allowed {
        return None;
    }
    run_then_literals(class, run.min > 0, rest, MIN_LITERAL_BYTES)
}

/// The anchor of a run of `class` (`nonempty` when it takes a character) followed by `rest`,
/// whose literals, of `min_bytes` at least, are where the run ends. `None` when there are no
/// such literals, or when one may continue the run, which would then not end where it starts.
#[allow(clippy::type_complexity)]
fn run_then_literals(
    class: Vec<(char, char)>,
    nonempty: bool,
    rest: &[Hir],
    min_bytes: usize,
) -> Option<(Option<(Vec<(char, char)>, bool)>, Vec<Vec<u8>>)> {
    let starts = selective_prefixes(&Hir::concat(rest.to_vec()), min_bytes)?;
    let contains = |c: char| class.iter().any(|&(start, end)| start <= c && c <= end);
    let continues_run = starts.iter().any(|l| {
        let first = std::str::from_utf8(l).ok().and_then(|l| l.chars().next());
        first.is_none_or(|c| contains(c) || contains(c.to_ascii_uppercase()))
    });
    (!continues_run).then_some((Some((class, nonempty)), starts))
}

/// Whether `looks` are all ASCII word boundaries (`\b`, `\<`).
fn are_word_boundaries(looks: &[Hir]) -> bool {
    looks.iter().all(|p| matches!(p.kind(), HirKind::Look(Look::WordAscii | Look::WordStartAscii)))
}

/// An ASCII word character, as `(?-u:\w)` has it.
fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// [`anchor`] for a regex that opens with a word boundary and then parts that take at least
/// one ASCII word character between them (`\b[A-Z]{2,5}s? do`): a match starts where the run
/// of their union class that ends at its literal starts, since a later start would have a
/// word character on both sides. The literals must be long, as the run is checked at each.
#[allow(clippy::type_complexity)]
fn word_anchor(hir: &Hir) -> Option<(Option<(Vec<(char, char)>, bool)>, Vec<Vec<u8>>)> {
    let HirKind::Concat(parts) = hir.kind() else { return None };
    let looks = parts.iter().take_while(|p| matches!(p.kind(), HirKind::Look(_))).count();
    if looks == 0 || !are_word_boundaries(&parts[..looks]) {
        return None;
    }
    let mut union = ClassUnicode::empty();
    let (mut taken, mut nonempty) = (0, false);
    for part in &parts[looks..] {
        let (class, min) = match part.kind() {
            HirKind::Repetition(rep) => (one_char_class(&rep.sub), rep.min),
            _ => (one_char_class(part), 1),
        };
        let Some(class) = class else { break };
        if !class.ranges().iter().all(|r| (r.start()..=r.end()).all(is_ascii_word)) {
            break;
        }
        union.union(&class);
        taken += 1;
        nonempty |= min > 0;
    }
    let rest = parts.get(looks + taken..).filter(|r| nonempty && !r.is_empty())?;
    let class: Vec<(char, char)> = union.ranges().iter().map(|r| (r.start(), r.end())).collect();
    run_then_literals(class, true, rest, MIN_REQUIRED_BYTES)
}

/// The class of a regex that matches one character of it.
fn one_char_class(hir: &Hir) -> Option<ClassUnicode> {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Some(class.clone()),
        HirKind::Class(Class::Bytes(class)) => class.to_unicode_class(),
        HirKind::Literal(literal) => {
            let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| ClassUnicode::new([ClassUnicodeRange::new(c, c)]))
        }
        _ => None,
    }
}

/// The best set of literals one of which every match of `hir` contains: the longest shortest
/// literal, then the fewest literals. Candidates are the prefixes of every suffix of every
/// concatenation the regex must go through (the whole regex, the insides of its groups), and
/// for an alternation, the union of the best sets of its branches.
fn best_required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut candidates: Vec<Vec<Vec<u8>>> = Vec::new();
    candidates.extend(selective_prefixes(hir, MIN_REQUIRED_BYTES));
    match hir.kind() {
        HirKind::Capture(capture) => candidates.extend(best_required(&capture.sub)),
        HirKind::Repetition(rep) if rep.min >= 1 => candidates.extend(best_required(&rep.sub)),
        HirKind::Concat(parts) => {
            for i in 0..parts.len() {
                if i > 0 {
                    let suffix = Hir::concat(parts[i..].to_vec());
                    candidates.extend(selective_prefixes(&suffix, MIN_REQUIRED_BYTES));
                }
                candidates.extend(best_required(&parts[i]));
            }
        }
        HirKind::Alternation(branches) => {
            // Every match goes through one of the branches.
            let union: Option<Vec<Vec<u8>>> =
                branches.iter().map(best_required).try_fold(Vec::new(), |mut union, best| {
                    union.extend(best?);
                    Some(union)
                });
            let union = union.map(minimal).filter(|u| u.len() <= MAX_LITERALS_PER_REGEX);
            candidates.extend(union);
        }
        _ => {}
    }
    candidates.into_iter().max_by_key(|literals| {
        let shortest = literals.iter().map(Vec::len).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(literals.len()))
    })
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
    let folded = minimal(literals.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect());
    let selective =
        folded.len() <= MAX_LITERALS_PER_REGEX && folded.iter().all(|l| l.len() >= min_len);
    selective.then_some(folded)
}

/// The literals sorted, without those that extend another: where one of those occurs, the
/// literal it extends does too. (In sorted order, the literals that extend one follow it.)
fn minimal(mut literals: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    literals.sort_unstable();
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(literals.len());
    for literal in literals {
        if kept.last().is_none_or(|last| !literal.starts_with(last)) {
            kept.push(literal);
        }
    }
    kept
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
        // Each branch of an alternation brings its own.
        let analysis = analyze(r"(?m)^(?:subscribe now|\d+ comments?|advertisement)$", true);
        assert!(analysis.anchor.is_none());
        assert_eq!(required(&analysis), [" comment", "advertisement", "subscribe now"]);
        // Nothing long enough to look for: only the lines that start with a digit.
        let analysis = analyze(r"(?m)^\d{4}-\d\d-\d\dT\d\d", false);
        assert_eq!(analysis.required.len(), 0);
        let digits = analysis.line_start.expect("line start");
        assert!(digits.contains(&('0', '9')) && digits.len() > 10, "{digits:?}");
        // A run that may be empty adds its class to what follows it.
        let analysis = analyze(r"(?m)^[ \t]*(?:\d+|x?y)[^\n]*:", false);
        let class = analysis.line_start.expect("line start");
        assert!(class.contains(&(' ', ' ')) && class.contains(&('x', 'y')), "{class:?}");
        assert!(!class.iter().any(|&(a, b)| a <= 'z' && 'z' <= b), "{class:?}");
    }

    #[test]
    fn a_word_run_of_several_parts_leads_to_its_literal() {
        let analysis = analyze(r"(?-u:\b)[A-Z]{2,5}s? (?:do|da) [A-Z]\p{L}+", false);
        assert!(starts(&analysis).iter().all(|s| s.starts_with(" do ") || s.starts_with(" da ")));
        let anchor = analysis.anchor.unwrap();
        assert_eq!(anchor.lead.as_deref(), Some(&[('A', 'Z'), ('s', 's')][..]));
        assert!(anchor.lead_nonempty);
        // Not without a word boundary, a character the run must take, or long literals.
        assert!(analyze(r"[A-Z]{2,5}s? (?:do|da) [A-Z]\p{L}+", false).anchor.is_none());
        assert!(analyze(r"(?-u:\b)[A-Z]{0,5}s? (?:do|da) [A-Z]\p{L}+", false).anchor.is_none());
        assert!(analyze(r"(?-u:\b)[0-9]*[0-9] (?:st|nd)(?-u:\b)", false).anchor.is_none());
    }

    #[test]
    fn a_lead_run_is_skipped_to_its_literal() {
        let analysis = analyze(r"(?m)^[ \t]*(?P<flag>[Ss]ource)[ \t]*$", false);
        assert_eq!(starts(&analysis), ["source"]);
        let anchor = analysis.anchor.unwrap();
        assert!(anchor.lead.is_some() && !anchor.lead_nonempty);
        assert!(analyze(r"\p{L}+ says", false).anchor.unwrap().lead_nonempty);
        // `s` continues the run of letters: the match cannot start at it.
        let analysis = analyze(r"\p{L}+s says", false);
        assert!(analysis.anchor.is_none());
        assert_eq!(required(&analysis), ["s says"]);
    }
}
