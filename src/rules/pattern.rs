//! A rule's regex, checked when its pack loads and compiled the first time it is needed:
//! most regexes of the built-in packs never meet a text they could match, and compiling all
//! of them would dominate the start-up of a one-article run.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use std::ops::Range;

use regex::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Input, PatternID, meta};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::prefilter::{self, Analysis, edge_class};

#[derive(Debug)]
pub struct Pattern {
    /// The pattern as the pack wrote it.
    body: String,
    /// Whether case is ignored: the regex is then `(?i:body)`.
    ignorecase: bool,
    source: String,
    compiled: OnceLock<Regex>,
    /// Where the regex can match, for the rule set's shared scan: worked out at build time for
    /// the regexes of the built-in packs, on first use for others.
    analysis: OnceLock<Cow<'static, Analysis>>,
    /// The regex compiled for short searches, shared with the rule set's index.
    light: LightCell,
}

/// The regex compiled without the engines that find where a match starts in a long text (lazy
/// and full DFAs, prefilters), which makes compiling it several times cheaper: for anchored
/// runs from places the prefilter found and for searches within a match. The bounded
/// backtracker is left out too: an anchored run searches up to the end of the text, and the
/// backtracker clears a table as large as that rest of the text (times the regex's states)
/// at every run, which cost more than all the matching did.
///
/// A regex that a long run searches again and again is compiled a second time with the lazy
/// DFA and the backtracker ([`Light::for_searches`]): the DFA settles most anchored runs,
/// which fail, in a few steps per byte, and finds where a match ends, so that the backtracker
/// searches only the match itself for its groups.
#[derive(Debug)]
pub(super) struct Light {
    /// The light regex, or the busy one when the first use was busy (see [`compile_for`]).
    regex: meta::Regex,
    /// Group index of the `flag` group, which narrows the reported range.
    pub flag: Option<usize>,
    /// Where the `flag` group lies in a match, when its syntax tells: worked out at the
    /// first match, as most regexes of a pack never match an article.
    flag_bounds: OnceLock<Option<FlagBounds>>,
    source: String,
    /// Searches asked for so far, across threads.
    searches: AtomicUsize,
    busy: OnceLock<Option<meta::Regex>>,
    /// This regex among all compiled in the process, for memos kept across documents.
    pub id: u64,
}

/// The next [`Light::id`].
static NEXT_LIGHT_ID: AtomicU64 = AtomicU64::new(0);

/// Searches of a light regex after which it is compiled with the lazy DFA: a compile costs
/// about as much as this many anchored runs without it.
const BUSY_AFTER: usize = 64;

impl Light {
    /// `regex` compiled from `source`, after `searches` searches, with its busy form if made.
    fn new(
        regex: meta::Regex,
        source: &str,
        searches: usize,
        busy: OnceLock<Option<meta::Regex>>,
    ) -> Light {
        let flag = regex.group_info().to_index(PatternID::ZERO, "flag");
        Light {
            regex,
            flag,
            flag_bounds: OnceLock::new(),
            source: source.to_string(),
            searches: AtomicUsize::new(searches),
            busy,
            id: NEXT_LIGHT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Where the `flag` group lies in a match, when the regex has one and its syntax tells.
    pub fn flag_bounds(&self) -> Option<&FlagBounds> {
        let bounds =
            self.flag_bounds.get_or_init(|| self.flag.and_then(|_| FlagBounds::of(&self.source)));
        bounds.as_ref()
    }

    /// The regex for `count` more searches: the light one until the regex has been searched
    /// [`BUSY_AFTER`] times, then the one with the lazy DFA. Both find the same matches and
    /// groups.
    pub fn for_searches(&self, count: usize) -> &meta::Regex {
        if let Some(busy) = self.busy.get() {
            return busy.as_ref().unwrap_or(&self.regex);
        }
        if self.searches.fetch_add(count, Ordering::Relaxed) + count < BUSY_AFTER {
            return &self.regex;
        }
        let busy = self.busy.get_or_init(|| compile_busy(&self.source));
        busy.as_ref().unwrap_or(&self.regex)
    }
}

fn compile_busy(source: &str) -> Option<meta::Regex> {
    let config = meta::Config::new().dfa(false).auto_prefilter(false);
    meta::Builder::new().configure(config).build(source).ok()
}

/// Compiles `source` for a first use of `searches` searches: as [`compile_light`] does, or
/// busy at once when they are enough to make it busy, the light form being of no use then.
pub(super) fn compile_for(source: &str, searches: usize) -> Option<Light> {
    if searches < BUSY_AFTER {
        return compile_light(source);
    }
    let Some(busy) = compile_busy(source) else { return compile_light(source) };
    Some(Light::new(busy.clone(), source, searches, OnceLock::from(Some(busy))))
}

/// A light regex compiled on first use, shared by the pattern and the index that runs it.
pub(super) type LightCell = Arc<OnceLock<Option<Light>>>;

/// Compiles `source` as a [`Light`] regex; `None` if it does not compile.
pub(super) fn compile_light(source: &str) -> Option<Light> {
    let config =
        meta::Config::new().hybrid(false).dfa(false).auto_prefilter(false).backtrack(false);
    let regex = meta::Builder::new().configure(config).build(source).ok()?;
    Some(Light::new(regex, source, 0, OnceLock::new()))
}

/// Where the `flag` group of a regex `P(?P<flag>G)S` lies in a match, found without an engine
/// that tracks groups (a backtracker, thousands of instructions a match): when `G` takes a
/// character, none that `P` can take may start it and none that `S` can take may end it, the
/// group is the match less its longest prefix of `P`'s characters and longest suffix of
/// `S`'s (`^[ \t]*(?P<flag>Source)[ \t]*\r?$`).
#[derive(Debug)]
pub(super) struct FlagBounds {
    before: ClassUnicode,
    after: ClassUnicode,
}

impl FlagBounds {
    fn of(source: &str) -> Option<FlagBounds> {
        let hir = regex_syntax::Parser::new().parse(source).ok()?;
        let HirKind::Concat(parts) = hir.kind() else { return None };
        let is_flag =
            |p: &Hir| matches!(p.kind(), HirKind::Capture(c) if c.name.as_deref() == Some("flag"));
        let at = parts.iter().position(is_flag)?;
        let HirKind::Capture(flag) = parts[at].kind() else { return None };
        if flag.sub.properties().minimum_len()? == 0 {
            return None;
        }
        let before = chars_of(&parts[..at])?;
        let after = chars_of(&parts[at + 1..])?;
        let disjoint = |mut a: ClassUnicode, b: &ClassUnicode| {
            a.intersect(b);
            a.ranges().is_empty()
        };
        let separate = disjoint(edge_class(&flag.sub, true)?, &before)
            && disjoint(edge_class(&flag.sub, false)?, &after);
        separate.then_some(FlagBounds { before, after })
    }

    /// The group's range in `whole`, a match of the regex in `text`.
    pub fn flag(&self, text: &str, whole: Range<usize>) -> Range<usize> {
        let inner = &text[whole.clone()];
        let of = |class: &ClassUnicode, c: char| {
            let i = class.ranges().partition_point(|r| r.end() < c);
            class.ranges().get(i).is_some_and(|r| r.start() <= c)
        };
        let lead: usize =
            inner.chars().take_while(|&c| of(&self.before, c)).map(char::len_utf8).sum();
        let rest = inner[lead..].chars().rev();
        let trail: usize = rest.take_while(|&c| of(&self.after, c)).map(char::len_utf8).sum();
        whole.start + lead..whole.end - trail
    }
}

/// Every character that `parts` can take.
fn chars_of(parts: &[Hir]) -> Option<ClassUnicode> {
    let mut union = ClassUnicode::empty();
    for part in parts {
        let class = match part.kind() {
            HirKind::Empty | HirKind::Look(_) => ClassUnicode::empty(),
            HirKind::Literal(literal) => {
                let chars = std::str::from_utf8(&literal.0).ok()?.chars();
                ClassUnicode::new(chars.map(|c| ClassUnicodeRange::new(c, c)))
            }
            HirKind::Class(Class::Unicode(class)) => class.clone(),
            HirKind::Class(Class::Bytes(class)) => class.to_unicode_class()?,
            HirKind::Repetition(rep) => chars_of(std::slice::from_ref(&rep.sub))?,
            HirKind::Capture(capture) => chars_of(std::slice::from_ref(&capture.sub))?,
            HirKind::Concat(parts) | HirKind::Alternation(parts) => chars_of(parts)?,
        };
        union.union(&class);
    }
    Some(union)
}

impl Pattern {
    /// A pattern compiled now, so that every error (a compiled size over the limit included)
    /// shows while its pack loads: for packs from users.
    pub fn checked(body: String, ignorecase: bool) -> Result<Self, String> {
        let pattern = Pattern::trusted(body, ignorecase);
        let regex = Regex::new(&pattern.source).map_err(|err| err.to_string())?;
        let _ = pattern.compiled.set(regex);
        Ok(pattern)
    }

    /// A pattern compiled on first use, for the built-in packs, whose patterns the test suite
    /// compiles.
    pub fn trusted(body: String, ignorecase: bool) -> Self {
        let source = if ignorecase { format!("(?i:{body})") } else { body.clone() };
        Pattern {
            body,
            ignorecase,
            source,
            compiled: OnceLock::new(),
            analysis: OnceLock::new(),
            light: LightCell::default(),
        }
    }

    /// The full pattern, case flag included.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The pattern without the case flag the rule applies to it.
    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn ignorecase(&self) -> bool {
        self.ignorecase
    }

    pub(super) fn analysis(&self) -> &Analysis {
        self.analysis.get_or_init(|| {
            match prefilter::builtin_analysis(&self.body, self.ignorecase) {
                Some(analysis) => Cow::Borrowed(analysis),
                None => Cow::Owned(prefilter::analyze(&self.body, self.ignorecase)),
            }
        })
    }

    /// The light form of the regex, compiled on first use by the pattern or its index.
    pub(super) fn light_cell(&self) -> LightCell {
        Arc::clone(&self.light)
    }

    /// `replacement` with `$1`, `${name}` and the like filled in from the regex's first match
    /// in `haystack` (as `regex::Captures::expand` does), or as it is without a match.
    pub fn expand(&self, haystack: &str, replacement: &str) -> String {
        let mut expanded = String::new();
        let light = self.light.get_or_init(|| compile_light(&self.source));
        let Some(light) = light else {
            expanded.push_str(replacement);
            return expanded;
        };
        // The haystack is one match, short, but a rule may expand thousands: the lazy DFA and
        // the backtracker of a busy regex find its groups several times faster than the
        // PikeVM alone.
        let regex = light.for_searches(1);
        let mut caps: Captures = regex.create_captures();
        regex.search_captures(&Input::new(haystack), &mut caps);
        if caps.is_match() {
            caps.interpolate_string_into(haystack, replacement, &mut expanded);
        } else {
            expanded.push_str(replacement);
        }
        expanded
    }

    /// The compiled regex. A built-in pattern that failed to compile would match nothing;
    /// the test suite makes sure none does.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(&self.source).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("valid"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_patterns_fail_at_once_and_trusted_ones_compile_later() {
        let error = Pattern::checked("(unclosed".into(), false).unwrap_err();
        assert!(error.contains("unclosed group"), "{error}");
        assert!(Pattern::checked(r"\w{1000}{1000}".into(), false).is_err());
        let pattern = Pattern::trusted(r"\d+ years".into(), true);
        assert!(pattern.compiled.get().is_none());
        assert!(pattern.regex().is_match("12 YEARS"));
        assert_eq!(pattern.as_str(), r"(?i:\d+ years)");
        assert_eq!(pattern.body(), r"\d+ years");
    }

    #[test]
    fn a_busy_regex_finds_the_same_matches_and_groups() {
        let light = compile_light(r"(?i:\bcould (?P<flag>of)\b|[[:alpha:]]+ (?P<x>d[eo]s?) \w+)")
            .expect("the regex compiles");
        let flag = light.flag.expect("a flag group");
        let text = "We could of gone. Les portes des écoles, «could of» Über dos Ríos, COULD OF.";
        let search = |regex: &meta::Regex| -> Vec<_> {
            let mut caps = regex.create_captures();
            (0..text.len())
                .filter(|&start| text.is_char_boundary(start))
                .map(|start| {
                    let input = Input::new(text)
                        .span(start..text.len())
                        .anchored(regex_automata::Anchored::Yes);
                    regex.search_captures(&input, &mut caps);
                    (caps.get_match().map(|m| m.range()), caps.get_group(flag), caps.get_group(2))
                })
                .collect()
        };
        assert!(std::ptr::eq(light.for_searches(1), &light.regex));
        let busy = light.for_searches(BUSY_AFTER);
        assert!(!std::ptr::eq(busy, &light.regex));
        assert!(busy.get_config().get_hybrid());
        let expected = search(&light.regex);
        assert!(expected.iter().filter(|(m, ..)| m.is_some()).count() >= 4);
        assert_eq!(search(busy), expected);
    }

    const FLAG_SOURCES: [&str; 6] = [
        r"(?m)^[ \t]*(?P<flag>[Ss]ource (?:site|link)(?:[ -]?\d+)?)[ \t]*\r?$",
        r"(?m)^[ \t]*(?P<flag>Source)[ \t]*\s*\z",
        r"(?im)^[ \t]*(?P<flag>(?:read (?:also|more)|see also)[.:]?)[ \t]*\r?$",
        r"(?-u:\b)(?P<flag>gave (a|the) ((?:\w+ )?step))(?:[^\w-]|$)",
        r"(?i:(?-u:\b)(?P<flag>(?:has|had) \d{1,2} years)(?:\s*[.,;)]|\s+and))",
        r"x*(?P<flag>x?y+)y*",
    ];

    #[test]
    fn flag_bounds_only_where_the_syntax_places_the_group() {
        let placed: Vec<bool> = FLAG_SOURCES.iter().map(|s| FlagBounds::of(s).is_some()).collect();
        assert_eq!(placed, [true, true, true, true, true, false]);
        // The group's text may end with what follows it, or start with what precedes it.
        assert!(FlagBounds::of(r"(?m)^[ \t]*(?P<flag>read also:[^\n]*?)[ \t]*$").is_none());
        assert!(FlagBounds::of(r"(?-u:\b)(?P<flag>in the frame of) (?:[\w-]+ )?plan").is_none());
        assert!(FlagBounds::of(r"a*(?P<flag>b*)c").is_none());
        assert!(FlagBounds::of(r"(?i)(?:who |he )(?P<flag>had \d+ years)").is_none());
    }

    const FLAG_PIECES: [&str; 19] = [
        "\n",
        " ",
        "\t",
        "\r",
        ".",
        "-",
        "x",
        "y",
        "Source",
        "source site",
        " 12",
        "Read also",
        "gave a ",
        "big step",
        "had 12 years",
        " and",
        "\n \t",
        " \t \r\n",
        "\t Source",
    ];

    proptest::proptest! {
        /// The group that the syntax places is where the backtracker finds it.
        #[test]
        fn flag_bounds_match_the_tracked_group(
            pieces in proptest::collection::vec(0usize..FLAG_PIECES.len(), 0..16)
        ) {
            let text: String = pieces.iter().map(|&i| FLAG_PIECES[i]).collect();
            for source in &FLAG_SOURCES[..5] {
                let light = compile_light(source).unwrap();
                let bounds = light.flag_bounds().unwrap();
                let regex = light.for_searches(BUSY_AFTER);
                let mut caps = regex.create_captures();
                for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let input = Input::new(&text)
                        .span(start..text.len())
                        .anchored(regex_automata::Anchored::Yes);
                    regex.search_captures(&input, &mut caps);
                    let tracked = caps.get_group(light.flag.unwrap()).map(|g| g.range());
                    let placed = caps.get_match().map(|m| bounds.flag(&text, m.range()));
                    proptest::prop_assert_eq!(placed, tracked, "{} at {}", source, start);
                }
            }
        }
    }

    fn expected_expansion(pattern: &Pattern, haystack: &str, replacement: &str) -> String {
        let mut expected = String::new();
        match pattern.regex().captures(haystack) {
            Some(caps) => caps.expand(replacement, &mut expected),
            None => expected.push_str(replacement),
        }
        expected
    }

    #[test]
    fn a_regex_first_used_for_many_searches_is_compiled_busy_at_once() {
        let source = r"(?i:\bcould (?P<flag>of)\b)";
        let light = compile_for(source, BUSY_AFTER - 1).unwrap();
        assert!(light.busy.get().is_none() && !light.regex.get_config().get_hybrid());
        let busy = compile_for(source, BUSY_AFTER).unwrap();
        assert!(std::ptr::eq(busy.for_searches(1), busy.busy.get().unwrap().as_ref().unwrap()));
        assert!(busy.regex.get_config().get_hybrid());
        assert_eq!((busy.flag, busy.source.as_str()), (light.flag, source));
        assert!(busy.flag.is_some());
    }

    #[test]
    fn expansion_fills_groups_like_the_regex_crate() {
        let pattern = Pattern::trusted(r"(\d+) (?P<unit>years?)".into(), true);
        let cases =
            [("12 YEARS old", "$unit: $1"), ("1 year", "${1}x$$ $2 $9"), ("no number", "as is $1")];
        // Enough rounds for the regex to become busy.
        for _ in 0..BUSY_AFTER / cases.len() + 2 {
            for (haystack, replacement) in cases {
                let expected = expected_expansion(&pattern, haystack, replacement);
                assert_eq!(pattern.expand(haystack, replacement), expected, "{haystack}");
            }
        }
        let light = pattern.light.get().and_then(Option::as_ref).expect("compiled");
        assert!(light.busy.get().is_some());
    }

    const EXPAND_PIECES: [&str; 10] =
        ["this ", "This ", "Monday", "tuesday", " (", "12", "3rd", "/4", ")", "x"];

    proptest::proptest! {
        /// Expansions of a busy regex are those of the regex crate.
        #[test]
        fn busy_expansions_match_the_regex_crate(
            haystacks in proptest::collection::vec(
                proptest::collection::vec(0usize..EXPAND_PIECES.len(), 0..12),
                BUSY_AFTER..BUSY_AFTER + 20,
            )
        ) {
            let source = r"(?-u:\b)this (Monday|Tuesday),? \((\d{1,2})(?:st|nd|rd|th)?(?:/\d{1,2})?\)";
            let pattern = Pattern::trusted(source.into(), true);
            for pieces in haystacks {
                let haystack: String = pieces.iter().map(|&i| EXPAND_PIECES[i]).collect();
                let expected = expected_expansion(&pattern, &haystack, "on $1 $2");
                proptest::prop_assert_eq!(pattern.expand(&haystack, "on $1 $2"), expected);
            }
        }
    }
}
