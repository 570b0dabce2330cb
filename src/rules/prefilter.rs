//! Where rule regexes can match: one Aho-Corasick scan over the text for the literals that
//! the regexes' matches start with or must contain, then, for a regex whose matches start
//! with a literal, an anchored run at each place the scan found one. A regex whose matches
//! cannot be pinned down so runs on its own over the whole text, as long as a literal it must
//! contain occurs (when it has one); so does one that has both, since the literals it must
//! contain are the longer (the analysis keeps them only then) and so the rarer as a rule.
//!
//! Each regex is compiled the first time a text gives it a place to match: most regexes of the
//! built-in packs never meet such a text, and compiling them all would dominate the start-up
//! of a one-article run. For the same reason the regexes of the built-in packs are analysed
//! at build time (`build.rs` runs [`analyze`] on them).

mod analyze;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use rustc_hash::FxHashMap;

pub use analyze::{Analysis, Anchor, analyze, edge_class};

use super::automaton::LiteralAutomaton;
use super::pattern::{Light, LightCell, Pattern, compile_for};
use super::text::regex_matches;
use super::untranslated::english_trigram_weights;

/// The analyses of the built-in packs' regexes, as `(ignorecase, body, analysis)` sorted by
/// `(ignorecase, body)`: `BUILTIN_ANALYSES`, written by `build.rs`.
mod builtin {
    use super::{Analysis, Anchor};
    use std::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/regex-analyses.rs"));
}

/// The build-time analysis of a regex of the built-in packs (or of any regex with the same
/// text and case flag).
pub fn builtin_analysis(body: &str, ignorecase: bool) -> Option<&'static Analysis> {
    let table = builtin::BUILTIN_ANALYSES;
    table
        .binary_search_by(|(case, text, _)| (*case, *text).cmp(&(ignorecase, body)))
        .ok()
        .map(|i| &table[i].2)
}

/// A run of one class of characters that a regex may start with before its literal.
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

/// One regex of the index.
#[derive(Debug)]
struct Entry {
    source: String,
    /// Whether the regex is only tried where a start literal occurs (else it runs alone).
    anchored: bool,
    lead: Option<Lead>,
    /// Whether the lead run takes at least one character.
    lead_nonempty: bool,
    /// Whether the regex has required literals, one of which must occur for it to be run.
    has_required: bool,
    /// An anchored regex that also has required literals, which the analysis keeps only when
    /// they are longer than its start literals: those, often common words ("said", "has "),
    /// are left out of the scan, and it runs alone where a required one ("with philosophy",
    /// "years old") occurs, its matches reported with those of the anchored regexes.
    on_required: bool,
    /// For a regex that runs alone but only matches at line starts, the class of its first
    /// character: it is only tried at the lines that start with one.
    line_start: Option<Lead>,
    /// Whether the literals read the Kelvin sign or the long s as `k` or `s`: in a text that
    /// holds either, the regex runs alone.
    special_folds: bool,
    /// The regex for anchored runs, compiled on first use (shared with its pattern).
    for_starts: LightCell,
    /// The regex for a search of the whole text, compiled on first use.
    alone: OnceLock<Option<Regex>>,
}

impl Entry {
    /// The regex for anchored runs, compiled for a first use of `searches` runs.
    fn for_starts(&self, searches: usize) -> Option<&Light> {
        self.for_starts.get_or_init(|| compile_for(&self.source, searches)).as_ref()
    }

    fn alone(&self) -> Option<&Regex> {
        self.alone.get_or_init(|| Regex::new(&self.source).ok()).as_ref()
    }
}

/// What a literal of the shared automaton is to its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A regex's match can start where the literal is.
    Start,
    /// A regex cannot match unless the literal is somewhere in the text.
    Required,
    /// A word or phrase of a rule's list, reported wherever it is (see [`RegexIndex::new`]).
    Listed,
}

/// A literal of one regex or list, found through the automaton key that is a window of its
/// bytes (see [`key_offset`]).
#[derive(Debug)]
struct Owner {
    /// The regex's index, or the listed literal's.
    index: usize,
    role: Role,
    /// The whole literal, folded to ASCII lower case.
    literal: Cow<'static, [u8]>,
    /// Where the key starts in the literal.
    offset: usize,
    /// Up to eight bytes of the literal after its key ([`eight_bytes_at`]), and the mask of
    /// the ones it has: a text whose bytes after the key differ cannot hold the literal, and
    /// one comparison of numbers says so, where most keys are common words and a few are
    /// shared by a hundred literals.
    after: u64,
    after_mask: u64,
}

impl Owner {
    fn new(index: usize, role: Role, literal: Cow<'static, [u8]>) -> Self {
        let offset = key_offset(&literal);
        let rest = literal.get(offset + KEY_BYTES..).unwrap_or_default();
        let after = eight_bytes_at(rest, 0);
        let after_mask = match rest.len() {
            0 => 0,
            n if n >= 8 => u64::MAX,
            n => (1u64 << (8 * n)) - 1,
        };
        Owner { index, role, literal, offset, after, after_mask }
    }

    /// Whether `next`, the eight bytes of the folded text after this literal's key, can be
    /// what follows the key in the literal.
    fn may_follow(&self, next: u64) -> bool {
        next & self.after_mask == self.after
    }

    /// The literal's byte after its key, if any.
    fn after_key(&self) -> Option<u8> {
        self.literal.get(self.offset + KEY_BYTES).copied()
    }
}

/// Where a literal's automaton key starts: of the windows of [`KEY_BYTES`] bytes that start
/// a word of the literal (or the literal), the one least common in English, the first such
/// when several tie. Every place the key occurs is checked, and a literal's first bytes are
/// often a common word ("the ", "with "), where a later word ("skin " of "the skin in the
/// game") seldom occurs without the rest.
fn key_offset(literal: &[u8]) -> usize {
    if literal.len() <= KEY_BYTES {
        return 0;
    }
    let weights = &*ASCII_TRIGRAM_WEIGHTS;
    let commonness = |window: &[u8]| -> u32 {
        window.windows(3).map(|t| u32::from(weights[ascii_trigram_slot(t)])).sum()
    };
    let first = commonness(&literal[..KEY_BYTES]);
    // No window is rarer than one of no common trigram (most literals start so).
    if first == 0 {
        return 0;
    }
    let mut best = (0, first);
    for k in 1..=literal.len() - KEY_BYTES {
        if literal[k - 1] == b' ' {
            let weight = commonness(&literal[k..k + KEY_BYTES]);
            if weight < best.1 {
                best = (k, weight);
            }
        }
    }
    best.0
}

/// The slot of a trigram of folded bytes in [`ASCII_TRIGRAM_WEIGHTS`]: a letter by its
/// place in the alphabet, anything else as a space (as the language profiles read text,
/// except that bytes outside ASCII, which the profiles read as letters of their own, share
/// the space's slot: no window is judged the rarer for them).
fn ascii_trigram_slot(trigram: &[u8]) -> usize {
    let code = |b: u8| if b.is_ascii_lowercase() { usize::from(b - b'a' + 1) } else { 0 };
    code(trigram[0]) * 27 * 27 + code(trigram[1]) * 27 + code(trigram[2])
}

/// The English weight (see [`english_trigram_weights`]) of every trigram of lower-case ASCII
/// letters and spaces, 0 for those English's profile lacks: the rule set's literals have
/// thousands of windows to weigh at each start.
static ASCII_TRIGRAM_WEIGHTS: LazyLock<Vec<u16>> = LazyLock::new(|| {
    let mut weights = vec![0u16; 27 * 27 * 27];
    for (trigram, weight) in english_trigram_weights() {
        if trigram.iter().all(|&c| c == ' ' || c.is_ascii_lowercase()) {
            let bytes = trigram.map(|c| c as u8);
            weights[ascii_trigram_slot(&bytes)] = weight as u16;
        }
    }
    weights
});

/// The automaton holds a window of this many bytes of each literal (see [`key_offset`]), the
/// whole literal being checked where the key is found: an automaton of thousands of long
/// literals takes longer to build than a one-article run has time for. Five bytes rather than
/// four cut the places checked in common English text (`the `, `and `) by enough to take
/// about 5% off the instructions of linting, for a build about 0.2 ms longer.
const KEY_BYTES: usize = 5;

/// The eight bytes of `bytes` from `at` as a little-endian number, zeros past the end (no
/// literal has a zero byte).
fn eight_bytes_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut chunk = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            chunk[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(chunk)
        }
    }
}

/// The regexes of a rule set behind one literal scan.
#[derive(Debug)]
pub struct RegexIndex {
    entries: Vec<Entry>,
    automaton: Option<LiteralAutomaton>,
    /// For each automaton key, the literals it is a window of, with their regexes.
    owners: Vec<Vec<Owner>>,
    /// For each automaton key, how many of its owners' literals end with it (they sort
    /// first).
    wholes: Vec<usize>,
    /// For each automaton key, the byte after it of each of its other owners' literals, in
    /// order: a few bytes to search where the owners would be many cache lines.
    afters: Vec<Vec<u8>>,
}

impl RegexIndex {
    /// Indexes `regexes`, in the order the caller will refer to them, and `listed`, literals
    /// already folded to ASCII lower case that [`RegexIndex::find`] reports wherever they
    /// occur: the words and phrases of rules' lists share the one scan of the text.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a Pattern>, listed: &[Vec<u8>]) -> Self {
        let mut keys: Vec<&[u8]> = Vec::new();
        let mut ids: FxHashMap<&[u8], usize> = FxHashMap::default();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut entries = Vec::new();
        for (index, literal) in listed.iter().enumerate() {
            let owner = Owner::new(index, Role::Listed, Cow::Owned(literal.clone()));
            let key = &literal[owner.offset..literal.len().min(owner.offset + KEY_BYTES)];
            let id = *ids.entry(key).or_insert_with(|| {
                keys.push(key);
                owners.push(Vec::new());
                owners.len() - 1
            });
            owners[id].push(owner);
        }
        for (index, pattern) in patterns.into_iter().enumerate() {
            let analysis = pattern.analysis();
            let on_required = analysis.anchor.is_some() && !analysis.required.is_empty();
            let starts =
                analysis.anchor.iter().filter(|_| !on_required).flat_map(|a| a.starts.iter());
            let tagged = starts
                .map(|l| (l, Role::Start))
                .chain(analysis.required.iter().map(|l| (l, Role::Required)));
            for (literal, role) in tagged {
                let owner = Owner::new(index, role, literal.clone());
                let key = &literal[owner.offset..literal.len().min(owner.offset + KEY_BYTES)];
                let id = *ids.entry(key).or_insert_with(|| {
                    keys.push(key);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[id].push(owner);
            }
            entries.push(Entry {
                source: pattern.as_str().to_string(),
                anchored: analysis.anchor.is_some(),
                lead: analysis
                    .anchor
                    .as_ref()
                    .and_then(|a| a.lead.as_ref())
                    .map(|class| Lead { class: class.to_vec() }),
                lead_nonempty: analysis.anchor.as_ref().is_some_and(|a| a.lead_nonempty),
                has_required: !analysis.required.is_empty(),
                on_required,
                special_folds: analysis.special_folds,
                line_start: analysis
                    .line_start
                    .as_ref()
                    .map(|class| Lead { class: class.to_vec() }),
                for_starts: pattern.light_cell(),
                alone: OnceLock::new(),
            });
        }
        // Sorted, a key's literals are those that end with it first, then the others in runs
        // that share their byte after the key: a scan checks only the run of the byte the
        // text has there. The sort is stable, so a literal listed twice keeps its order.
        for owners in &mut owners {
            owners.sort_by_key(Owner::after_key);
        }
        let wholes: Vec<usize> =
            owners.iter().map(|o| o.partition_point(|o| o.after_key().is_none())).collect();
        let afters = owners
            .iter()
            .zip(&wholes)
            .map(|(owners, &whole)| owners[whole..].iter().filter_map(Owner::after_key).collect())
            .collect();
        // Dense rows for the first two bytes only: building the third level's takes a
        // one-article run longer than the faster scan saves.
        let automaton = LiteralAutomaton::new(keys.iter().map(|k| k.to_vec()).collect(), 2);
        RegexIndex { entries, automaton, owners, wholes, afters }
    }

    /// Non-empty match ranges (or `flag` group ranges) of every regex for which `wanted` is
    /// true, as the regex's own leftmost-first, non-overlapping search gives them: first those
    /// of the anchored regexes, then those of the ones that run alone, each in index order.
    /// `folded` is `text` with ASCII letters in lower case, which the literal scan reads.
    /// The occurrences of the listed literals go to `listed`, as (index, range), before any
    /// regex match is reported.
    pub fn find(
        &self,
        text: &str,
        folded: &str,
        wanted: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize, Range<usize>),
        listed: &mut Vec<(usize, Range<usize>)>,
    ) {
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); self.entries.len()];
        let mut required_seen = vec![false; self.entries.len()];
        if let Some(automaton) = &self.automaton {
            // The keys are folded to ASCII lower case, and so is the text scanned (offsets
            // stay the same): an automaton that folded case itself would branch for both
            // cases at every state and take several times longer to build.
            automaton.scan(folded.as_bytes(), |key, found_at| {
                let next = folded.as_bytes().get(found_at + KEY_BYTES).copied();
                let next_eight = eight_bytes_at(folded.as_bytes(), found_at + KEY_BYTES);
                let (owners, whole) = (&self.owners[key], self.wholes[key]);
                for owner in candidates(owners, whole, &self.afters[key], next) {
                    if !owner.may_follow(next_eight) {
                        continue;
                    }
                    let index = owner.index;
                    let literal = &owner.literal;
                    // Where the literal would start, the key being found `offset` bytes in.
                    let Some(start) = found_at.checked_sub(owner.offset) else { continue };
                    if owner.role == Role::Listed {
                        let end = start + literal.len();
                        if folded.as_bytes().get(start..end) == Some(&literal[..]) {
                            listed.push((index, start..end));
                        }
                        continue;
                    }
                    let here = literal.len() <= KEY_BYTES
                        || text
                            .as_bytes()
                            .get(start..start + literal.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(literal));
                    if !here || !wanted(index) {
                        continue;
                    }
                    match owner.role {
                        Role::Start => starts[index].push(start),
                        Role::Required => required_seen[index] = true,
                        Role::Listed => {}
                    }
                }
            });
        }
        // Keys are found in the order of their ends, and a literal's key may lie anywhere in
        // it: the listed literals are put in the order of the text, a literal listed twice
        // in the order of the lists.
        listed.sort_unstable_by_key(|(index, range)| (range.start, range.end, *index));
        // The literals cannot be trusted for the regexes that read these signs as letters.
        let specials = has_special_folds(text);
        let scan_holds = |entry: &Entry| !(specials && entry.special_folds);
        let runnable = |index: usize| {
            let entry = &self.entries[index];
            let required_met = !entry.has_required || required_seen[index] || !scan_holds(entry);
            required_met.then_some(entry)
        };
        for (index, mut starts) in starts.into_iter().enumerate() {
            let entry = &self.entries[index];
            if entry.on_required {
                if scan_holds(entry)
                    && wanted(index)
                    && let Some(entry) = runnable(index)
                    && let Some(regex) = entry.alone()
                {
                    for range in regex_matches(regex, text) {
                        found(index, range);
                    }
                }
                continue;
            }
            if starts.is_empty() || !scan_holds(entry) {
                continue;
            }
            let Some(entry) = runnable(index) else { continue };
            if let Some(lead) = &entry.lead {
                starts.retain_mut(|start| {
                    if !text.is_char_boundary(*start) {
                        return true;
                    }
                    let run_start = lead.run_start(text, *start);
                    // A run that must take a character and finds none: no match here.
                    let keep = !(entry.lead_nonempty && run_start == *start);
                    *start = run_start;
                    keep
                });
                if starts.is_empty() {
                    continue;
                }
            }
            starts.sort_unstable();
            starts.dedup();
            let Some(compiled) = entry.for_starts(starts.len()) else { continue };
            anchored_matches(compiled, text, &starts, |range| found(index, range));
        }
        for (index, entry) in self.entries.iter().enumerate() {
            if (entry.anchored && scan_holds(entry)) || !wanted(index) {
                continue;
            }
            let Some(entry) = runnable(index) else { continue };
            if let Some(first) = &entry.line_start {
                let starts = line_starts(text, first);
                if starts.is_empty() {
                    continue;
                }
                if let Some(compiled) = entry.for_starts(starts.len()) {
                    anchored_matches(compiled, text, &starts, |range| found(index, range));
                }
                continue;
            }
            let Some(regex) = entry.alone() else { continue };
            for range in regex_matches(regex, text) {
                found(index, range);
            }
        }
    }
}

/// Whether a text has the Kelvin sign or the long s, which a case-insensitive regex matches
/// as the letters "k" and "s", and the literals that screen for such a regex do not.
pub fn has_special_folds(text: &str) -> bool {
    // memchr's substring search is several times faster than `str::contains` over a long
    // text; its searchers are made once, as short sentences are asked too.
    static SEARCHERS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        ["\u{212A}", "\u{17F}"].map(|c| memchr::memmem::Finder::new(c.as_bytes()))
    });
    SEARCHERS.iter().any(|searcher| searcher.find(text.as_bytes()).is_some())
}

/// The owners of a key found in the text whose literal may be there: those that end with the
/// key, and the others whose byte after the key is `next`, the text's byte there. `owners` is
/// sorted by the byte after the key, the first `whole` of them have none, and `after` holds
/// the others' bytes.
fn candidates<'a>(
    owners: &'a [Owner],
    whole: usize,
    after: &[u8],
    next: Option<u8>,
) -> impl Iterator<Item = &'a Owner> {
    let longer = &owners[whole..];
    let run = match next {
        Some(byte) if !after.is_empty() => {
            let from = after.partition_point(|&b| b < byte);
            let to = from + after[from..].partition_point(|&b| b == byte);
            &longer[from..to]
        }
        _ => &[],
    };
    owners[..whole].iter().chain(run)
}

/// The starts of the lines of `text` whose first character is of the class.
fn line_starts(text: &str, first: &Lead) -> Vec<usize> {
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    std::iter::once(0)
        .chain(breaks)
        .filter(|&start| text[start..].chars().next().is_some_and(|c| first.contains(c)))
        .collect()
}

/// The matches of an anchored run at each of `starts` (sorted), skipping starts inside an
/// earlier match.
fn anchored_matches(
    entry: &Light,
    text: &str,
    starts: &[usize],
    mut found: impl FnMut(Range<usize>),
) {
    let regex = entry.for_searches(starts.len());
    // Made at the first match whose flag group the syntax cannot place.
    let mut captures = None;
    let mut end = 0;
    for &start in starts {
        if start < end || !text.is_char_boundary(start) {
            continue;
        }
        // The whole text stays the haystack, so `\b`, `^` and `$` see real context.
        let input = Input::new(text).span(start..text.len()).anchored(Anchored::Yes);
        // Most runs fail: groups are looked for only in a match.
        let Some(whole) = regex.search(&input).map(|m| m.range()) else { continue };
        end = whole.end;
        let reported = match entry.flag {
            None => Some(whole),
            Some(flag) => match entry.flag_bounds() {
                Some(bounds) => Some(bounds.flag(text, whole)),
                None => FlagMemo::with(|memo| {
                    memo.flag(entry.id, text, whole, || {
                        let caps = captures.get_or_insert_with(|| regex.create_captures());
                        flag_group(regex, input, caps, flag)
                    })
                }),
            },
        };
        if let Some(range) = reported.filter(|r| !r.is_empty()) {
            found(range);
        }
    }
}

/// Where the flag groups of recent matches lay, on this thread, by regex and by the bytes of
/// the match with a few bytes around it: boilerplate lines ("Read also: …", a credit line)
/// recur across the articles of a site, and the engine that tracks groups takes thousands of
/// instructions a match where the syntax cannot place the group.
#[derive(Default)]
struct FlagMemo {
    /// The flag group by key, in the window's offsets.
    entries: FxHashMap<FlagKey, Option<Range<usize>>>,
}

/// What a match's groups depend on: the regex, and the bytes its assertions can read, which
/// are those of the match and at most [`FLAG_CONTEXT`] bytes on each side (a character for
/// `\b`, a line break for `^` and `$`), and whether the text starts or ends there (`\A`,
/// `\z`). Paths the engine tries beyond those bytes fail at every place the key holds, or
/// the match would be another.
#[derive(PartialEq, Eq, Hash)]
struct FlagKey {
    regex: u64,
    /// The match and its context, from `window_start` in the text.
    window: Box<[u8]>,
    /// Where the match starts and ends in the window.
    span: (usize, usize),
    at_text_start: bool,
    at_text_end: bool,
}

/// Bytes of context on each side of a memoized match: the longest character.
const FLAG_CONTEXT: usize = 4;

/// Matches longer than this are not memoized: boilerplate lines are shorter.
const FLAG_MEMO_MATCH_BYTES: usize = 512;

/// Entries after which the memo starts again.
const FLAG_MEMO_ENTRIES: usize = 4096;

thread_local! {
    static FLAG_MEMO: std::cell::RefCell<FlagMemo> = std::cell::RefCell::default();
}

impl FlagMemo {
    fn with<R>(use_memo: impl FnOnce(&mut FlagMemo) -> R) -> R {
        FLAG_MEMO.with(|memo| use_memo(&mut memo.borrow_mut()))
    }

    /// The flag group of regex `regex`'s match `whole` in `text`, from the memo or, on a miss,
    /// from `find`.
    fn flag(
        &mut self,
        regex: u64,
        text: &str,
        whole: Range<usize>,
        find: impl FnOnce() -> Option<Range<usize>>,
    ) -> Option<Range<usize>> {
        if whole.len() > FLAG_MEMO_MATCH_BYTES {
            return find();
        }
        let window_start = whole.start.saturating_sub(FLAG_CONTEXT);
        let window_end = (whole.end + FLAG_CONTEXT).min(text.len());
        let key = FlagKey {
            regex,
            window: text.as_bytes()[window_start..window_end].into(),
            span: (whole.start - window_start, whole.end - window_start),
            at_text_start: window_start == 0,
            at_text_end: window_end == text.len(),
        };
        if let Some(flag) = self.entries.get(&key) {
            return flag.as_ref().map(|r| r.start + window_start..r.end + window_start);
        }
        let flag = find();
        if self.entries.len() >= FLAG_MEMO_ENTRIES {
            self.entries.clear();
        }
        let relative = flag.as_ref().map(|r| r.start - window_start..r.end - window_start);
        self.entries.insert(key, relative);
        flag
    }
}

/// The `flag` group of the match of an anchored run, found by an engine that tracks groups.
fn flag_group(
    regex: &meta::Regex,
    input: Input<'_>,
    caps: &mut Captures,
    flag: usize,
) -> Option<Range<usize>> {
    regex.search_captures(&input, caps);
    caps.get_group(flag).map(|s| s.range())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::text::regex_matches;

    fn pattern(pattern: &str) -> Pattern {
        // A leading `(?i)` here stands for a rule's `ignorecase`.
        match pattern.strip_prefix("(?i)") {
            Some(body) => Pattern::trusted(body.to_string(), true),
            None => Pattern::trusted(pattern.to_string(), false),
        }
    }

    /// The listed literals' hits as the index reports them, and every occurrence of each in
    /// the folded text by brute force, in the order of the text (then of the list).
    #[allow(clippy::type_complexity)]
    fn listed_hits(
        listed: &[&str],
        text: &str,
    ) -> (Vec<(usize, Range<usize>)>, Vec<(usize, Range<usize>)>) {
        let listed: Vec<Vec<u8>> = listed.iter().map(|l| l.as_bytes().to_vec()).collect();
        let index = RegexIndex::new(std::iter::empty(), &listed);
        let folded = text.to_ascii_lowercase();
        let mut found = Vec::new();
        index.find(text, &folded, |_| true, |_, _| {}, &mut found);
        let mut expected = Vec::new();
        for (i, literal) in listed.iter().enumerate() {
            for start in 0..=folded.len().saturating_sub(literal.len()) {
                if folded.as_bytes()[start..].starts_with(literal) {
                    expected.push((i, start..start + literal.len()));
                }
            }
        }
        expected.sort_by_key(|(i, r)| (r.start, r.end, *i));
        (found, expected)
    }

    fn through_index(index: &RegexIndex, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        index.find(
            text,
            &text.to_ascii_lowercase(),
            |_| true,
            |_, range| found.push(range),
            &mut Vec::new(),
        );
        found
    }

    #[test]
    fn keys_are_the_least_common_word_windows_of_their_literals() {
        assert_eq!(key_offset(b"the skin in the game"), 4);
        assert_eq!(key_offset(b" the concerned said"), 5);
        // A first window of no common trigram is kept, as is a literal of one window.
        assert_eq!(key_offset(b"zyxwv of the"), 0);
        assert_eq!(key_offset(b"the c"), 0);
        assert_eq!(key_offset(b"the"), 0);
        // Only windows that start a word are weighed.
        assert_eq!(key_offset(b"thequickly"), 0);
    }

    /// Literals found through a window after their start are reported where they start, in
    /// the order of the text, and regexes that start with or require them match as alone.
    #[test]
    fn literals_keyed_by_a_later_window_are_found_where_they_start() {
        let listed =
            ["the skin in the game", "in the game", "skin in", "the concerned said", "the game"];
        assert!(listed.iter().any(|l| key_offset(l.as_bytes()) > 0));
        let text = "THE SKIN IN THE GAME; the skin in the gamer; The concerned said: skin in";
        let (found, expected) = listed_hits(&listed, text);
        assert_eq!(found, expected);
        let patterns = [
            pattern("(?i)the concerned (?:said|added)"),
            pattern("leave the skin (?:in|on) the (?:game|pitch)"),
            pattern("(?i)(?:left|leave) the skin in the game"),
        ];
        let index = RegexIndex::new(&patterns, &[]);
        let text =
            "They leave the skin in the game, Left the skin in the Game; THE CONCERNED ADDED";
        let plain: Vec<Range<usize>> =
            patterns.iter().flat_map(|p| regex_matches(p.regex(), text)).collect();
        assert_eq!(plain.len(), 4, "{plain:?}");
        let mut through = through_index(&index, text);
        through.sort_by_key(|r| (r.start, r.end));
        let mut plain = plain;
        plain.sort_by_key(|r| (r.start, r.end));
        assert_eq!(through, plain);
    }

    /// A regex that starts with common words and must contain a rarer phrase is run where the
    /// phrase occurs, with the matches it has alone.
    #[test]
    fn anchored_regexes_with_required_literals_wait_for_them() {
        let patterns = [
            pattern("(?i)(?:said|replied)[^.]{0,20}? with philosophy"),
            pattern("said (?:no|yes)"),
        ];
        let index = RegexIndex::new(&patterns, &[]);
        assert!(index.entries[0].on_required && index.entries[0].anchored);
        assert!(!index.entries[1].on_required);
        let keyed: Vec<usize> = index.owners.iter().flatten().map(|o| o.index).collect();
        assert!(keyed.contains(&0) && keyed.contains(&1));
        assert!(index.owners.iter().flatten().all(|o| o.index != 0 || o.role == Role::Required));
        for text in [
            "He said it with philosophy. She REPLIED, calmly, with philosophy.",
            "He said no, and said yes; nothing more.",
            "With philosophy, he said yes.",
            "",
        ] {
            let mut plain: Vec<Range<usize>> =
                patterns.iter().flat_map(|p| regex_matches(p.regex(), text)).collect();
            let mut through = through_index(&index, text);
            plain.sort_by_key(|r| (r.start, r.end));
            through.sort_by_key(|r| (r.start, r.end));
            assert_eq!(through, plain, "{text}");
        }
    }

    /// Literals that share the automaton's key are all found, whichever byte follows the key,
    /// and a literal listed twice is reported twice, in list order.
    #[test]
    fn listed_literals_behind_one_key_are_all_found() {
        let listed = ["the skin", "the s", "the show", "the sky", "the skin", "th", "the"];
        let text = "The Sky and the skin of the show, then the sea; the s";
        let (found, expected) = listed_hits(&listed, text);
        let mut sorted = found.clone();
        sorted.sort_by_key(|(i, r)| (r.start, r.end, *i));
        assert_eq!(sorted, expected);
        // The duplicate "the skin" (0 and 4) keeps its order.
        let skins: Vec<usize> =
            found.iter().filter(|(i, _)| *i == 0 || *i == 4).map(|h| h.0).collect();
        assert_eq!(skins, [0, 4]);
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
            (r"(?i)[a-z]+ says", "ABC says, Zoe SAYS"),
            (r"(?i)kiss me", "KISS ME, \u{212A}iss me, ki\u{17F}s me"),
            (r"(?i:kiss) me", "KISS me, \u{212A}iss me"),
            (r"(?i:anti|co) -(\p{Ll}{2,})", "ANTI -war, co -op, Co -Op"),
        ];
        for (source, text) in cases {
            let pattern = pattern(source);
            let index = RegexIndex::new([&pattern], &[]);
            assert!(index.entries[0].anchored, "{source} should be anchored");
            let plain = regex_matches(pattern.regex(), text);
            assert!(!plain.is_empty(), "{source}");
            assert_eq!(through_index(&index, text), plain, "{source}");
        }
    }

    #[test]
    fn unpinned_regexes_run_alone_where_their_required_literals_occur() {
        let cases = [
            (r"\p{L}+s says", "Ana's says; Jesus says", true),
            (r"(?m)^x*Source", "xSource\nSource", true),
            (r"(?m)^\d{4}-", "2024-01\n1999-\nab\n٢٠٢٤-", false),
            (r"\w+\w", "ab c", false),
            (r"(?m)^(?:[^\n]*\s[-–|]\s*)?(?P<flag>Last hour)\s*:", "News - Last hour: x", true),
            (r"(?i)(?:\w+|\d) (?P<flag>has reason)", "He HAS REASON to", true),
        ];
        for (source, text, required) in cases {
            let pattern = pattern(source);
            let index = RegexIndex::new([&pattern], &[]);
            let entry = &index.entries[0];
            assert!(!entry.anchored, "{source}");
            assert_eq!(entry.has_required, required, "{source}");
            let plain = regex_matches(pattern.regex(), text);
            assert!(!plain.is_empty(), "{source}");
            assert_eq!(through_index(&index, text), plain, "{source}");
            // A new pattern each time: the index shares the light regex with it.
            let unused = self::pattern(source);
            let fresh = RegexIndex::new([&unused], &[]);
            through_index(&fresh, "");
            let compiled = fresh.entries[0].alone.get().is_some()
                || fresh.entries[0].for_starts.get().is_some();
            assert_eq!(compiled, !required && entry.line_start.is_none(), "{source}");
            if required {
                assert!(through_index(&index, "nothing of the kind").is_empty());
                let entry = &index.entries[0];
                assert!(entry.alone.get().is_some() || entry.for_starts.get().is_some());
                let unused = self::pattern(source);
                let fresh = RegexIndex::new([&unused], &[]);
                through_index(&fresh, "nothing of the kind");
                let compiled = fresh.entries[0].alone.get().is_some()
                    || fresh.entries[0].for_starts.get().is_some();
                assert!(!compiled, "{source} compiled needlessly");
            }
        }
    }

    const LINE_PIECES: [&str; 14] = [
        "\n",
        " ",
        "\t",
        "\r",
        ":",
        "-",
        "x",
        "Source",
        "source",
        "Read also",
        "12 comments",
        "we use cookies",
        "Most read",
        "é",
    ];

    proptest::proptest! {
        /// Regexes that match only at line starts, tried line by line, find what they find
        /// alone.
        #[test]
        fn line_start_runs_match_the_plain_search(
            pieces in proptest::collection::vec(0usize..LINE_PIECES.len(), 0..40)
        ) {
            let text: String = pieces.iter().map(|&i| LINE_PIECES[i]).collect();
            let sources = [
                r"(?im)^[ \t]*(?P<flag>(?:read also|\d+ comments?|most read|we use cookies[^\r\n]*)[.!:]?)[ \t]*\r?$",
                r"(?m)^[ \t]*(?P<flag>[Ss]ource|\w+ source)[ \t]*\r?$",
                r"(?m)^(?:x|-)*[ \t]*\w",
                r"(?m)^[ \t]*(?:\d+|é)?:",
            ];
            for source in sources {
                let pattern = pattern(source);
                let index = RegexIndex::new([&pattern], &[]);
                proptest::prop_assert!(index.entries[0].line_start.is_some(), "{}", source);
                let plain = regex_matches(pattern.regex(), &text);
                proptest::prop_assert_eq!(through_index(&index, &text), plain, "{}", source);
            }
        }
    }

    const MEMO_PIECES: [&str; 14] = [
        "\n",
        " ",
        "\t",
        "\r",
        ":",
        "-",
        " - ",
        "Read also",
        "read more",
        "Headline",
        "x",
        "é",
        "A",
        ".",
    ];

    proptest::proptest! {
        /// Flag groups that the syntax cannot place come from the memo of matches with the
        /// same bytes around them, in any context: what the engine that tracks groups finds.
        /// The index lives across cases, so that the memo holds matches of earlier texts.
        #[test]
        fn memoized_flag_groups_are_where_the_engine_finds_them(
            pieces in proptest::collection::vec(0usize..MEMO_PIECES.len(), 0..40)
        ) {
            static INDEXES: LazyLock<Vec<(Pattern, RegexIndex)>> = LazyLock::new(|| {
                let sources = [
                    r"(?im)^[ \t]*(?P<flag>(?:read also|read more)[ \t]*(?:[:|]|\s-\s)(?:[ \t]*(?-i:[A-Z\d])[^\r\n]*?)?)[ \t]*\r?$",
                    r"(?i)\bread (?P<flag>also|more\b[^.\n]*?)\s*(?:\.|$)",
                    // The same match, with the group or without it by the byte after it.
                    r"(?:(?P<flag>Headline)\B|Headline)x?",
                ];
                sources
                    .iter()
                    .map(|source| {
                        let pattern = pattern(source);
                        let index = RegexIndex::new([&pattern], &[]);
                        (pattern, index)
                    })
                    .collect()
            });
            let text: String = pieces.iter().map(|&i| MEMO_PIECES[i]).collect();
            for (pattern, index) in INDEXES.iter() {
                let plain = regex_matches(pattern.regex(), &text);
                proptest::prop_assert_eq!(through_index(index, &text), plain, "{}", pattern.as_str());
            }
        }
    }

    const WORD_PIECES: [&str; 12] =
        ["ABC", "AB", "s", "x", "1", "_", " do ", " da ", " report", "Maria", "Ó", "-"];

    proptest::proptest! {
        /// Regexes led by a run of word characters of several parts, tried where the run
        /// that ends at their literal starts, find what they find alone.
        #[test]
        fn word_runs_match_the_plain_search(
            pieces in proptest::collection::vec(0usize..WORD_PIECES.len(), 0..30)
        ) {
            let text: String = pieces.iter().map(|&i| WORD_PIECES[i]).collect();
            let sources = [
                r"(?-u:\b)[A-Z]{2,5}s? (?:do|da|dos|das) [A-ZÁÉÍÓÚÂÊÔÃÕÇ]\p{L}+",
                r"(?-u:\b)[A-Z]{2,3}_?[0-9]? (?:report|reports)",
            ];
            for source in sources {
                let pattern = pattern(source);
                let index = RegexIndex::new([&pattern], &[]);
                proptest::prop_assert!(index.entries[0].anchored, "{}", source);
                let plain = regex_matches(pattern.regex(), &text);
                proptest::prop_assert_eq!(through_index(&index, &text), plain, "{}", source);
            }
        }
    }

    proptest::proptest! {
        /// Listed literals, many of them sharing keys, are found wherever they occur: with
        /// none to eight bytes after their key or more, and at the text's end.
        #[test]
        fn listed_literals_are_found_wherever_they_occur(
            listed in proptest::collection::vec("[ab ]{1,16}", 1..30),
            text in "[abAB ]{0,80}",
        ) {
            let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
            let (found, expected) = listed_hits(&listed, &text);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn anchored_regexes_compile_only_where_they_can_match() {
        let pattern = pattern(r"(?i)had (\d{1,3}) years old");
        let index = RegexIndex::new([&pattern], &[]);
        assert!(index.entries[0].anchored && index.entries[0].has_required);
        assert!(through_index(&index, "he had 3 cats, 40 years ago").is_empty());
        assert!(index.entries[0].for_starts.get().is_none());
        assert_eq!(through_index(&index, "she had 12 years old"), vec![(4..20)]);
    }

    #[test]
    fn build_time_analyses_match_a_fresh_analysis() {
        let table = builtin::BUILTIN_ANALYSES;
        assert!(table.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)), "sorted");
        for (ignorecase, body, analysis) in table {
            assert_eq!(analysis, &analyze(body, *ignorecase), "{body}");
        }
    }

    #[test]
    fn literals_are_folded_to_ascii_lower_case_as_the_scanned_text_is() {
        let patterns = [
            pattern("Source(?: link)?"),
            pattern("(?i)Read MORE"),
            pattern("[Tt]he (?:EU|UN) summit"),
            pattern("(?i)Straße in Köln"),
        ];
        let index = RegexIndex::new(&patterns, &[]);
        let literals = index.owners.iter().flatten().map(|owner| &owner.literal);
        for literal in literals {
            assert!(!literal.iter().any(u8::is_ascii_uppercase), "{literal:?}");
        }
        let text = "SOURCE LINK; read more at THE EU SUMMIT; straße in köln";
        let plain: Vec<Range<usize>> =
            patterns.iter().flat_map(|p| regex_matches(p.regex(), text)).collect();
        assert_eq!(plain.len(), 2, "{plain:?}");
        assert_eq!(through_index(&index, text), plain);
        let (rules, _) = crate::rules::load_packs(&crate::rules::builtin_sources());
        let all = RegexIndex::new(rules.iter().flat_map(|rule| rule.check.patterns()), &[]);
        for owner in all.owners.iter().flatten() {
            assert!(!owner.literal.iter().any(u8::is_ascii_uppercase), "{:?}", owner.literal);
        }
    }

    #[test]
    fn every_builtin_regex_has_a_build_time_analysis() {
        let (rules, errors) = crate::rules::load_packs(&crate::rules::builtin_sources());
        assert!(errors.is_empty());
        let mut count = 0;
        for rule in &rules {
            for pattern in rule.check.patterns() {
                assert!(
                    builtin_analysis(pattern.body(), pattern.ignorecase()).is_some(),
                    "{}: {}",
                    rule.id,
                    pattern.as_str()
                );
                count += 1;
            }
        }
        assert!(count > 100, "{count}");
    }
}
