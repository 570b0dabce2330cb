//! `known-name`: a name one or two letters away from a place or organisation of the
//! gazetteer ("Sweda" for "Sweida"), a known name stripped of its accents in a text that
//! writes accents, and a name of the text run in lower case into the next word
//! ("gerardAmong").

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};
use unicode_segmentation::UnicodeSegmentation;

use super::gazetteer::{Entry, gazetteer};
use super::mentions::{Run, Unit, in_brackets, is_acronym, runs};
use super::spelling::{
    allowed_edits, distance, fold, fold_into, has_diacritics, readable, translit,
};
use crate::diagnostic::{Applicability, Edit, Related};
use crate::document::Document;
use crate::document::bytes::{HIGH, ONES};
use crate::lexicon::{self, Lexicon};
use crate::rules::Finding;
use crate::rules::prose::is_function_word;

/// The longest run of units tried as one name ("Agence France Presse").
const MAX_UNITS: usize = 3;

#[derive(Debug)]
pub struct KnownName {
    /// Names from the pack: (folded key, spelling).
    pub names: Vec<(String, String)>,
    pub max_edits: Option<usize>,
}

/// What the scan of a document's names found.
#[derive(Debug, Default)]
struct Scan<'t> {
    /// Every name and run of names looked at.
    spans: Vec<Range<usize>>,
    /// Misspellings, each with the name it misses.
    flagged: Vec<(Range<usize>, String)>,
    /// The answer for each spelling already looked up, with whether a place was expected.
    nearest: FxHashMap<(&'t str, bool), Option<Target>>,
    memo: Memo,
    /// What each spelling's key says, as names repeat: most candidates are settled here
    /// without folding them again.
    verdicts: FxHashMap<&'t str, Verdict>,
    /// The folded key of the candidate at hand, in one buffer for the document.
    key: String,
    /// Which units of the run at hand are taken: one buffer for the document.
    covered: Vec<bool>,
    /// For each unit of the run at hand, whether it makes the run a person's name, worked out
    /// when first asked for.
    person_units: Vec<Option<bool>>,
    /// Whether a unit's text marks a person's name, for each unit text met: the runs of a
    /// text keep naming the same people.
    person_words: FxHashMap<&'t str, bool>,
    /// What the scan of the run at hand read around its spans, with the answers.
    looks: Vec<(Look, bool)>,
}

/// What a scan reads of the text around a span.
#[derive(Debug, Clone, Copy)]
enum Look {
    /// Whether the span at this offset stands in brackets.
    Brackets(usize),
    /// Whether the words before this offset expect a place.
    Place(usize),
}

impl Look {
    fn answer(self, text: &str) -> bool {
        match self {
            Look::Brackets(at) => in_brackets(text, at),
            Look::Place(at) => place_context(text, at),
        }
    }

    fn moved(self, moved: impl Fn(usize) -> usize) -> Look {
        match self {
            Look::Brackets(at) => Look::Brackets(moved(at)),
            Look::Place(at) => Look::Place(moved(at)),
        }
    }
}

/// A run scanned in full, for the runs that repeat it: the ranges of the spans and findings
/// it added to the scan, and what was read around it.
struct Settled {
    /// Where the run starts in the text.
    start: usize,
    spans: Range<usize>,
    flagged: Range<usize>,
    looks: Vec<(Look, bool)>,
}

/// What the folded key of a spelling says of it.
#[derive(Debug, Clone, Copy)]
struct Verdict {
    /// A name of the pack or the gazetteer, with or without its article.
    known: bool,
    /// Long enough and ASCII: a candidate misspelling if unknown.
    checkable: bool,
    /// What [`KnownName::spelling_worth_checking`] says, once asked.
    worth: Option<bool>,
}

/// Gazetteer answers already given for the document.
#[derive(Debug, Default)]
struct Memo {
    known: RefCell<FxHashMap<String, bool>>,
}

/// A name the text could have meant.
#[derive(Debug, Clone)]
struct Target {
    spelling: String,
    entity: String,
    tier: u8,
    main: bool,
    distance: usize,
}

impl KnownName {
    pub fn new(names: &[String], max_edits: Option<usize>) -> Self {
        let names = names.iter().map(|n| (fold(n), n.clone())).collect();
        KnownName { names, max_edits }
    }

    fn edits(&self, len: usize) -> usize {
        let scaled = allowed_edits(len);
        self.max_edits.map_or(scaled, |m| scaled.min(m))
    }

    /// Whether a folded key is a name of the pack or of the gazetteer; names repeat in a
    /// text, so the answers are kept for the document.
    fn knows(&self, memo: &Memo, key: &str) -> bool {
        if let Some(&known) = memo.known.borrow().get(key) {
            return known;
        }
        let known = self.is_known(key);
        memo.known.borrow_mut().insert(key.to_string(), known);
        known
    }

    /// [`KnownName::knows`] without the memo, for keys that are themselves memoized.
    fn is_known(&self, key: &str) -> bool {
        self.names.iter().any(|(k, _)| k == key) || gazetteer().contains(key)
    }

    pub fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let lexicon = lexicon::english();
        let name_runs = runs(doc);
        let runs = &name_runs.list();
        // The countries, the accented units and the people depend on the spellings of the runs
        // alone.
        let runs_once = runs_once(runs);
        let unit_texts = name_runs.text_count();
        let countries = countries(text, &runs_once, unit_texts, lexicon);
        let accented = accented_units(text, &runs_once, unit_texts);
        let people = people(text, &runs_once, unit_texts, lexicon);
        let mut scan = Scan::default();
        // About one spelling a run, and fewer than three spans: sized once rather than grown.
        scan.verdicts.reserve(runs.len());
        scan.spans.reserve(3 * runs.len());
        self.scan_runs(text, runs, lexicon, &countries, accented, &mut scan);
        // "Anthony Zinni" … "talks between Zinni and…": a surname, wherever it stands.
        scan.flagged.retain(|(span, _)| !people.contains(&fold(&text[span.clone()])));
        // One finding for each misspelling, at its first place; the fix mends every place.
        let mut reported: FxHashSet<&str> = FxHashSet::default();
        for (span, replacement) in &scan.flagged {
            let spelling = &text[span.clone()];
            if !reported.insert(spelling) {
                continue;
            }
            let others: Vec<&Range<usize>> = scan
                .spans
                .iter()
                .filter(|r| r.start != span.start && &text[(*r).clone()] == spelling)
                .collect();
            let mut finding = fix(span.clone(), spelling, replacement.clone());
            if let Some(fix) = finding.fix.as_mut() {
                for other in &others {
                    fix.edits.push(Edit {
                        start: other.start,
                        end: other.end,
                        replacement: replacement.clone(),
                    });
                }
                fix.edits.sort_by_key(|e| e.start);
            }
            for other in others {
                finding.related.push(Related {
                    span: other.clone(),
                    message: format!("`{spelling}` again here"),
                });
            }
            out.push(finding);
        }
        self.check_fused(doc, runs, lexicon, out);
    }

    /// [`KnownName::check_run`] for each run. A run that repeats an earlier run unit for unit,
    /// where what was read around the earlier run (brackets, the words before) reads the same,
    /// has the same spans and findings: they are those of the earlier run, moved. Most runs of
    /// a text repeat one.
    fn scan_runs<'t>(
        &self,
        text: &'t str,
        runs: &[Run],
        lexicon: &Lexicon,
        countries: &FxHashSet<&str>,
        accented_words: usize,
        scan: &mut Scan<'t>,
    ) {
        let mut settled: FxHashMap<RunKey, Settled> = FxHashMap::default();
        for run in runs {
            if let Some(first) = settled.get(&RunKey(run.units)) {
                let (from, to) = (first.start, run.units[0].range.start);
                let moved = |at: usize| at - from + to;
                if first
                    .looks
                    .iter()
                    .all(|(look, answer)| look.moved(moved).answer(text) == *answer)
                {
                    for i in first.spans.clone() {
                        let span = &scan.spans[i];
                        scan.spans.push(moved(span.start)..moved(span.end));
                    }
                    for i in first.flagged.clone() {
                        let (span, replacement) = &scan.flagged[i];
                        scan.flagged
                            .push((moved(span.start)..moved(span.end), replacement.clone()));
                    }
                    continue;
                }
            }
            let (spans, flagged) = (scan.spans.len(), scan.flagged.len());
            self.check_run(text, run, lexicon, countries, accented_words, scan);
            settled.entry(RunKey(run.units)).or_insert_with(|| Settled {
                start: run.units[0].range.start,
                spans: spans..scan.spans.len(),
                flagged: flagged..scan.flagged.len(),
                looks: scan.looks.clone(),
            });
        }
    }

    /// Scans the spans of a run, and leaves in `scan.looks` what it read around them.
    fn check_run<'t>(
        &self,
        text: &'t str,
        run: &Run,
        lexicon: &Lexicon,
        countries: &FxHashSet<&str>,
        accented_words: usize,
        scan: &mut Scan<'t>,
    ) {
        let mut looks = std::mem::take(&mut scan.looks);
        looks.clear();
        let mut look = |look: Look| {
            let answer = look.answer(text);
            looks.push((look, answer));
            answer
        };
        let mut key = std::mem::take(&mut scan.key);
        let units = &run.units;
        let mut covered = std::mem::take(&mut scan.covered);
        covered.clear();
        covered.resize(units.len(), false);
        scan.person_units.clear();
        scan.person_units.resize(units.len(), None);
        let eligible = |e: &Entry| e.is_international() || countries.contains(e.country);
        for width in (1..=MAX_UNITS.min(units.len())).rev() {
            for start in 0..=units.len() - width {
                let end = start + width;
                if covered[start..end].iter().any(|c| *c)
                    || units[start..end].iter().any(|u| u.initial)
                {
                    continue;
                }
                let span = units[start].range.start..units[end - 1].range.end;
                scan.spans.push(span.clone());
                let spelling = &text[span.clone()];
                // Whether `key` holds this spelling's key: it is folded once, when needed.
                let mut folded = false;
                let verdict = scan.verdicts.entry(spelling).or_insert_with(|| {
                    folded = true;
                    fold_into(spelling, &mut key);
                    let known = self.is_known(&key)
                        || article_forms(spelling)
                            .iter()
                            .any(|form| self.knows(&scan.memo, &fold(form)));
                    Verdict { known, checkable: !too_short_or_foreign(&key), worth: None }
                });
                if verdict.known {
                    covered[start..end].fill(true);
                    // "Elysee" where the text writes "Léa Salamé": the accents were lost.
                    if accented_words >= 2
                        && !has_diacritics(spelling)
                        && !look(Look::Brackets(span.start))
                    {
                        if !folded {
                            fold_into(spelling, &mut key);
                        }
                        let accented = gazetteer().lookup(&key).find(|e| {
                            e.main && e.tier <= 2 && has_diacritics(&e.spelling()) && eligible(e)
                        });
                        if let Some(entry) = accented {
                            scan.flagged.push((span, entry.spelling().into_owned()));
                        }
                    }
                    continue;
                }
                // The test on the key's length, the first of `worth_checking`, settles most
                // candidates; what the spelling alone tells is settled once for each spelling,
                // before the search for a bracket and the look at the run's other units.
                if !verdict.checkable {
                    continue;
                }
                let worth = match verdict.worth {
                    Some(worth) => worth,
                    None => {
                        if !folded {
                            fold_into(spelling, &mut key);
                            folded = true;
                        }
                        let worth = self.spelling_worth_checking(spelling, &key, lexicon);
                        verdict.worth = Some(worth);
                        worth
                    }
                };
                // What the run's units say is mostly known already, so it is asked before
                // the search for a bracket.
                if !worth
                    || self.next_to_person(text, run, start..end, lexicon, scan)
                    || look(Look::Brackets(span.start))
                {
                    continue;
                }
                let locative = look(Look::Place(span.start));
                // Most spellings here were looked up before: the key is folded only for a new one.
                let target = scan
                    .nearest
                    .entry((spelling, locative))
                    .or_insert_with(|| {
                        if !folded {
                            fold_into(spelling, &mut key);
                        }
                        self.nearest(spelling, &key, locative, &eligible)
                    })
                    .clone();
                if let Some(target) = target {
                    covered[start..end].fill(true);
                    scan.flagged.push((span, target.spelling));
                }
            }
        }
        scan.key = key;
        scan.covered = covered;
        scan.looks = looks;
    }

    /// The part of [`KnownName::worth_checking`] that depends on the spelling alone, for a
    /// spelling long enough and ASCII: it has a word that is no English word and no acronym,
    /// and is no derived form of a known name.
    fn spelling_worth_checking(&self, spelling: &str, key: &str, lexicon: &Lexicon) -> bool {
        let english = |w: &str| {
            lexicon.contains(w) || spelled_otherwise(w).iter().any(|v| lexicon.contains(v))
        };
        let words = spelling_words(spelling);
        if words.iter().any(|w| is_acronym(w)) || words.iter().all(|w| english(w)) {
            return false;
        }
        // The stems of a spelling are seldom asked again: they are looked up without the memo,
        // whose upkeep costs more than the lookup.
        for stem_len in 1..=3 {
            if key.len() > stem_len + 3 && self.is_known(&key[..key.len() - stem_len]) {
                return false;
            }
        }
        true
    }

    /// The part of [`KnownName::worth_checking`] that depends on the run: whether a unit of
    /// the run outside `units` makes it a person's name. What each unit says is worked out
    /// once for the run, and what each unit text says once for the document.
    fn next_to_person<'t>(
        &self,
        text: &'t str,
        run: &Run,
        units: Range<usize>,
        lexicon: &Lexicon,
        scan: &mut Scan<'t>,
    ) -> bool {
        (0..run.units.len()).filter(|i| !units.contains(i)).any(|i| {
            if let Some(person) = scan.person_units[i] {
                return person;
            }
            let unit = &run.units[i];
            let person = unit.initial || {
                let t = &text[unit.range.clone()];
                *scan
                    .person_words
                    .entry(t)
                    .or_insert_with(|| self.marks_person(&scan.memo, t, lexicon))
            };
            scan.person_units[i] = Some(person);
            person
        })
    }

    /// Whether a unit next to a candidate makes the run a person's name: another unknown
    /// word, a given name ("Peter") or a title ("Dr").
    fn marks_person(&self, memo: &Memo, unit: &str, lexicon: &Lexicon) -> bool {
        let entry = lexicon.get(unit);
        let given_name = entry.is_some_and(|e| e.proper_only());
        let unknown = entry.is_none() && !self.knows(memo, &fold(unit));
        unknown || given_name || is_title(unit)
    }

    /// Whether a candidate could be a misspelled name: it has a word that is no English word,
    /// is long enough to judge, is no derived form of a known name ("Homsi"), and does not
    /// stand next to other unknown words, which make it part of a person's name.
    /// As first written, in one piece; the scan asks its parts in turn.
    #[cfg(test)]
    #[allow(clippy::too_many_arguments)]
    fn worth_checking(
        &self,
        memo: &Memo,
        text: &str,
        run: &Run,
        units: Range<usize>,
        spelling: &str,
        key: &str,
        lexicon: &Lexicon,
    ) -> bool {
        if too_short_or_foreign(key) {
            return false;
        }
        let words: Vec<&str> = spelling.unicode_words().collect();
        let english = |w: &str| {
            lexicon.contains(w) || spelled_otherwise(w).iter().any(|v| lexicon.contains(v))
        };
        if words.iter().any(|w| is_acronym(w)) || words.iter().all(|w| english(w)) {
            return false;
        }
        for stem_len in 1..=3 {
            if key.len() > stem_len + 3 && self.knows(memo, &key[..key.len() - stem_len]) {
                return false;
            }
        }
        // Next to another unknown word, a given name ("Peter") or a title ("Dr"), the word is
        // most likely a surname.
        let person = run.units.iter().enumerate().any(|(i, u)| {
            let t = &text[u.range.clone()];
            let entry = lexicon.get(t);
            let given_name = entry.is_some_and(|e| e.proper_only());
            let unknown = entry.is_none() && !self.knows(memo, &fold(t));
            !units.contains(&i) && (u.initial || unknown || given_name || is_title(t))
        });
        !person
    }

    /// The one name the key most likely misspells, if there is one.
    fn nearest(
        &self,
        spelling: &str,
        key: &str,
        locative: bool,
        eligible: &dyn Fn(&Entry) -> bool,
    ) -> Option<Target> {
        let edits = self.edits(key.chars().count());
        if edits == 0 {
            return None;
        }
        // Cities are suggested only where the text expects a place.
        let tier = if locative { 3 } else { 1 };
        let mut targets: Vec<Target> = near_misses(key, edits, tier)
            .iter()
            .copied()
            .filter(|(e, _)| eligible(e))
            .map(|(e, d)| Target {
                spelling: readable(&e.spelling()),
                entity: e.entity.to_string(),
                tier: e.tier,
                main: e.main,
                distance: d,
            })
            .collect();
        for (k, spelling) in &self.names {
            if k.chars().next() != key.chars().next() {
                continue;
            }
            if let Some(d) = distance(key, k, edits) {
                let entity = format!("pack:{spelling}");
                targets.push(Target {
                    spelling: spelling.clone(),
                    entity,
                    tier: 1,
                    main: true,
                    distance: d,
                });
            }
        }
        let best = targets.iter().map(|t| t.distance).min()?;
        // Another romanization of a known name ("Deir al-Balah" for "Deir el-Balah",
        // "Zaporizhzhya" for "Zaporizhzhia") is a variant, not a misspelling.
        let article_free = without_articles(spelling);
        let translit_key = translit(key);
        let variant = near_misses(key, edits, 4).iter().any(|(e, _)| {
            translit(e.key) == translit_key || without_articles(&e.spelling()) == article_free
        });
        if variant {
            return None;
        }
        targets.retain(|t| t.distance == best);
        let first = &targets[0];
        if targets.iter().all(|t| t.entity == first.entity) {
            // Several spellings of one place: its main name if it is among them.
            let pick = targets.iter().find(|t| t.main).unwrap_or(first);
            return Some(pick.clone());
        }
        // Several places: only a clearly more prominent one is suggested.
        let top = targets.iter().map(|t| t.tier).min()?;
        let leaders: Vec<&Target> = targets.iter().filter(|t| t.tier == top).collect();
        let same = leaders.iter().all(|t| t.entity == leaders[0].entity);
        (same && leaders.len() < targets.len()).then(|| leaders[0].clone())
    }

    /// "gerardAmong": a name of the text in lower case, run into a capitalized word.
    fn check_fused(&self, doc: &Document, runs: &[Run], lexicon: &Lexicon, out: &mut Vec<Finding>) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let words = doc.words();
        // The words that could be fused are found first: most texts have none, and the few
        // that do need only the names of the text that those words could hold.
        let mut candidates = Vec::new();
        // A fused word holds a capital, and a capital is an ASCII capital or a byte outside
        // ASCII: the text is searched for those bytes, eight at a time, and only the words
        // that hold one are looked at. Most words of a text hold none.
        let mut at = 0;
        let mut k = 0;
        while let Some(found) = next_capital_or_high_byte(bytes, at) {
            // A fused word's first capital follows a lower-case letter of its word: an ASCII
            // capital after anything but an ASCII lower-case letter, as at the start of most
            // names and sentences, is passed by without finding its word. (A letter outside
            // ASCII before it was found first, and its word looked at then.)
            if bytes[found].is_ascii_uppercase() && !after_ascii_lowercase(bytes, found) {
                at = found + 1;
                continue;
            }
            // The words before the capital are passed over by halving, as most are.
            if words.get(k).is_some_and(|w| w.end <= found) {
                k += words[k..].partition_point(|w| w.end <= found);
            }
            let Some(range) = words.get(k) else { break };
            if range.start > found {
                at = range.start;
                continue;
            }
            at = range.end;
            k += 1;
            if let Some(split) = fused_name(text, range.clone()) {
                candidates.push((range.clone(), split));
            }
        }
        if candidates.is_empty() {
            return;
        }
        // Unit texts of another length than every candidate name are passed by unhashed.
        let lengths = candidates.iter().fold(0u64, |mask, (_, (name, _))| mask | length_bit(name));
        let wanted: FxHashSet<&str> =
            candidates.iter().map(|(_, (name, _))| name.as_str()).collect();
        let names = names_of_text(text, runs, lexicon, |t| {
            length_bit(t) & lengths != 0 && wanted.contains(t)
        });
        for (range, split) in candidates {
            if let Some(finding) = fused(text, range, split, &names, lexicon) {
                out.push(finding);
            }
        }
    }
}

/// One bit of 64 for the byte length of a text, the longest sharing the last.
fn length_bit(text: &str) -> u64 {
    1 << text.len().min(63)
}

/// Whether the byte before `at` is an ASCII lower-case letter.
fn after_ascii_lowercase(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1).is_some_and(|i| bytes[i].is_ascii_lowercase())
}

/// For a word that could be a name of the text in lower case run into a capitalized word
/// ("gerardAmong"), the name as it would be written ("Gerard") and the byte offset of the
/// capitalized word.
fn fused_name(text: &str, range: Range<usize>) -> Option<(String, usize)> {
    // A fused word is five characters at least (three of the name, two of the next word) and
    // opens in lower case: most words fail this on their bytes.
    let first = text.as_bytes()[range.start];
    if range.len() < 5 || (first.is_ascii() && !first.is_ascii_lowercase()) {
        return None;
    }
    let word = &text[range];
    if !word.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let split = first_uppercase(word)?;
    let (head, tail) = word.split_at(split);
    if head.chars().count() < 3
        || !head.chars().all(char::is_lowercase)
        || tail.chars().count() < 2
        || !tail.chars().skip(1).all(char::is_lowercase)
    {
        return None;
    }
    let mut chars = head.chars();
    let name: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
    Some((name, split))
}

/// The finding for a word split by [`fused_name`], if the name is one of `names`.
fn fused(
    text: &str,
    range: Range<usize>,
    (name, split): (String, usize),
    names: &FxHashSet<&str>,
    lexicon: &Lexicon,
) -> Option<Finding> {
    let word = &text[range.clone()];
    let (head, tail) = word.split_at(split);
    if !names.contains(name.as_str()) || lexicon.get(head).is_some_and(|e| e.lower) {
        return None;
    }
    // A common word after the name opened the next sentence.
    let separator =
        if lexicon.get(tail).is_some_and(|e| e.lower) || is_function_word(&tail.to_lowercase()) {
            ". "
        } else {
            " "
        };
    Some(fix(range, word, format!("{name}{separator}{tail}")))
}

/// The names of the text, among the unit texts that `wanted` lets through: those the lexicon
/// does not know as common words.
fn names_of_text<'t>(
    text: &'t str,
    runs: &[Run],
    lexicon: &Lexicon,
    wanted: impl Fn(&str) -> bool,
) -> FxHashSet<&'t str> {
    runs.iter()
        .flat_map(|r| r.units)
        .map(|u| &text[u.range.clone()])
        .filter(|t| wanted(t) && !lexicon.get(t).is_some_and(|e| e.lower))
        .collect()
}

/// Near misses of a key in the gazetteer, each with its distance.
type NearMisses = Rc<[(Entry<'static>, usize)]>;

/// Near misses by key, then by edits and tier.
type KeptNearMisses = FxHashMap<Box<str>, Vec<(usize, u8, NearMisses)>>;

thread_local! {
    /// The near misses of the keys searched so far on this thread, by key, then by edits
    /// and tier. The gazetteer never changes, and the documents of one source keep naming
    /// the same places, so a search is done once rather than in every document.
    static NEAR_MISSES: RefCell<KeptNearMisses> = RefCell::default();
}

/// Past this many keys the kept near misses are dropped, which bounds their memory.
const NEAR_MISSES_KEPT: usize = 1 << 14;

/// `gazetteer().near(key, max_edits, tier)`, searched once for each thread.
fn near_misses(key: &str, max_edits: usize, tier: u8) -> NearMisses {
    NEAR_MISSES.with_borrow_mut(|kept| {
        let known = kept.get(key).and_then(|searches| {
            searches.iter().find(|(e, t, _)| (*e, *t) == (max_edits, tier)).map(|s| s.2.clone())
        });
        if let Some(found) = known {
            return found;
        }
        if kept.len() >= NEAR_MISSES_KEPT {
            kept.clear();
        }
        let found: NearMisses = gazetteer().near(key, max_edits, tier).into();
        kept.entry(key.into()).or_default().push((max_edits, tier, Rc::clone(&found)));
        found
    })
}

/// The words of a spelling, as `unicode_words` finds them. Most spellings are ASCII letters
/// between spaces and hyphens, which always part words and never join them: those are split
/// there without segmenting.
fn spelling_words(spelling: &str) -> Vec<&str> {
    if spelling.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-') {
        return spelling.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    }
    spelling.unicode_words().collect()
}

/// A key too short to judge, or outside ASCII: no candidate for a misspelling.
fn too_short_or_foreign(key: &str) -> bool {
    key.chars().count() < 5 || !key.is_ascii()
}

/// The Arabic article in its romanizations, assimilated forms included ("ash-Sham").
fn is_article(word: &str) -> bool {
    // Asked of the first word of most names: an ASCII word is lower-cased on the stack, and
    // none longer than three letters is an article.
    if word.is_ascii() {
        let mut lower = [0u8; 3];
        let Some(lower) = lower.get_mut(..word.len()) else { return false };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return is_lower_article(lower);
    }
    is_lower_article(word.to_lowercase().as_bytes())
}

/// [`is_article`] of a word in lower case.
fn is_lower_article(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"al"
            | b"el"
            | b"ul"
            | b"ad"
            | b"ed"
            | b"as"
            | b"es"
            | b"ash"
            | b"esh"
            | b"at"
            | b"et"
            | b"az"
            | b"ez"
            | b"ar"
            | b"er"
            | b"an"
            | b"en"
    )
}

/// The key of a spelling without its articles: "Deir al-Balah" and "Deir el-Balah" → `deirbalah`.
fn without_articles(spelling: &str) -> String {
    let mut out = String::new();
    let mut rest = spelling;
    while !rest.is_empty() {
        let word_end = rest.find([' ', '-', '‐']).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let separated = word_end < rest.len();
        if !(separated && is_article(word)) {
            out.push_str(&fold(word));
        }
        rest = rest.get(word_end + 1..).unwrap_or("");
        if !separated {
            break;
        }
    }
    out
}

/// The offset of the first byte from `from` on that is outside ASCII or an ASCII capital,
/// found eight bytes at a time: every capital letter starts with such a byte.
fn next_capital_or_high_byte(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at + 8 <= bytes.len() {
        let chunk = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        let marks = capital_or_high_bytes(chunk);
        if marks != 0 {
            // The marks are exact, unlike those `first_where` takes: the lowest is the first
            // byte, as the bytes are read little-endian, with no second look at the eight.
            return Some(at + marks.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|b| !b.is_ascii() || b.is_ascii_uppercase()).map(|i| at + i)
}

/// The high bit of each of eight bytes that is outside ASCII or an ASCII capital (`A` to
/// `Z`), the others cleared.
fn capital_or_high_bytes(bytes: u64) -> u64 {
    // With the high bits cleared, adding to each byte carries into no other byte: the high
    // bit of the sum is set where the byte is `A` or above, and `[` or above.
    let low = bytes & !HIGH;
    let from_a = low + ONES * u64::from(0x80 - b'A');
    let past_z = low + ONES * u64::from(0x80 - b'[');
    (bytes | (from_a & !past_z)) & HIGH
}

/// The byte offset of the first upper-case letter of a word. Asked of nearly every word, so
/// ASCII letters are tested as bytes, and characters are decoded only from the first byte
/// outside ASCII on.
fn first_uppercase(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let stop = bytes.iter().position(|b| !b.is_ascii() || b.is_ascii_uppercase())?;
    if bytes[stop].is_ascii() {
        return Some(stop);
    }
    word[stop..].char_indices().find(|(_, c)| c.is_uppercase()).map(|(k, _)| stop + k)
}

/// The spelling with its article written the other usual ways: "El Fasher" → "Al Fasher",
/// "Al-Fasher", "Fasher".
fn article_forms(spelling: &str) -> Vec<String> {
    let Some(end) = spelling.find([' ', '-']) else { return Vec::new() };
    let (article, rest) = (&spelling[..end], &spelling[end + 1..]);
    if !is_article(article) || rest.is_empty() {
        return Vec::new();
    }
    vec![format!("Al {rest}"), format!("El {rest}"), rest.to_string()]
}

/// Words that stand before a person's name.
fn is_title(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Sir"
            | "Dame"
            | "President"
            | "Minister"
            | "Senator"
            | "Governor"
            | "General"
            | "Sheikh"
            | "King"
            | "Queen"
            | "Prince"
            | "Princess"
            | "Judge"
            | "Mayor"
            | "Chancellor"
            | "Colonel"
            | "Captain"
    )
}

/// Words after which a place name is expected.
const LOCATIVES: &[&str] = &[
    "across", "around", "at", "between", "from", "in", "inside", "into", "near", "outside",
    "through", "to", "toward", "towards", "via",
];

/// Nouns after which "of" introduces a place: "the township of Bayt Hanun".
const PLACE_NOUNS: &[&str] = &[
    "area",
    "capital",
    "centre",
    "center",
    "city",
    "county",
    "district",
    "east",
    "governorate",
    "municipality",
    "north",
    "outskirts",
    "province",
    "region",
    "south",
    "state",
    "suburb",
    "suburbs",
    "town",
    "township",
    "village",
    "west",
];

/// Whether the words before `at` say that a place follows: "protests in Sweda", "the city of
/// Sweda". "Of" alone does not: "the end of Brasileirão".
fn place_context(text: &str, at: usize) -> bool {
    let before = &text[..at];
    locative_before(before).unwrap_or_else(|| place_context_by_words(before))
}

/// [`place_context`] on the text before the name, by segmenting its end into words.
fn place_context_by_words(before: &str) -> bool {
    if !before.trim_end().ends_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    // Segmenting the whole text before `at` costs its length at every name: the last two
    // words are taken from a short tail, and from the whole text only when the tail holds
    // fewer than two.
    let tail = tail_from_whitespace(before, PLACE_CONTEXT_REACH);
    let (previous, second) = match last_two_words(tail) {
        (_, None) if tail.len() < before.len() => last_two_words(before),
        pair => pair,
    };
    let Some(previous) = previous.map(str::to_lowercase) else { return false };
    if previous == "of" {
        return second.is_some_and(|w| PLACE_NOUNS.contains(&w.to_lowercase().as_str()));
    }
    LOCATIVES.contains(&previous.as_str())
}

/// What [`place_context`] says when the text before the name ends in ASCII letters that
/// follow ASCII whitespace: those letters are the last word of the segmented text, read
/// without segmenting it. None when that is not so, and for "of", which needs the word
/// before it.
fn locative_before(before: &str) -> Option<bool> {
    let bytes = before.trim_end().as_bytes();
    let letters = bytes.iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
    let start = bytes.len() - letters;
    if letters == 0 || (start > 0 && !bytes[start - 1].is_ascii_whitespace()) {
        return None;
    }
    let word = &bytes[start..];
    if word.eq_ignore_ascii_case(b"of") {
        return None;
    }
    Some(LOCATIVES.iter().any(|l| word.eq_ignore_ascii_case(l.as_bytes())))
}

/// The last word of `text` and the one before it.
fn last_two_words(text: &str) -> (Option<&str>, Option<&str>) {
    let mut words = text.unicode_words().rev();
    (words.next(), words.next())
}

/// Bytes of text before a name that [`place_context`] segments first.
const PLACE_CONTEXT_REACH: usize = 64;

/// The end of `text` from the first ASCII whitespace within its last `reach` bytes, or all of
/// it. Word boundaries are the same in the tail as in the whole text, because a word never
/// begins with whitespace.
fn tail_from_whitespace(text: &str, reach: usize) -> &str {
    if text.len() <= reach {
        return text;
    }
    let from = text.len() - reach;
    match text.as_bytes()[from..].iter().position(u8::is_ascii_whitespace) {
        Some(offset) => &text[from + offset..],
        None => text,
    }
}

/// Other spellings under which the lexicon may know a word: British spellings ("Centre",
/// "Labour", "Defence", "Organisation") and German umlauts written out or dropped
/// ("Schröder").
fn spelled_otherwise(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let swaps: [(&str, &str); 12] = [
        ("re", "er"),
        ("res", "ers"),
        ("our", "or"),
        ("ours", "ors"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("isation", "ization"),
        ("yse", "yze"),
        ("ence", "ense"),
        ("ogue", "og"),
        ("mme", "m"),
        ("lled", "led"),
    ];
    for (british, american) in swaps {
        if let Some(stem) = word.strip_suffix(british) {
            out.push(format!("{stem}{american}"));
        }
    }
    // A byte search: a string pattern would build a searcher for every word.
    if word.as_bytes().windows(3).any(|w| w == b"our") {
        out.push(word.replace("our", "or"));
    }
    if word.contains(['ä', 'ö', 'ü']) {
        out.push(word.replace('ä', "ae").replace('ö', "oe").replace('ü', "ue"));
        out.push(word.replace('ä', "a").replace('ö', "o").replace('ü', "u"));
    }
    out
}

fn fix(span: Range<usize>, matched: &str, replacement: String) -> Finding {
    Finding::replace(span, matched, replacement, Applicability::Unsafe)
}

/// A run as a key: two runs are the same key when they have the same text, cut into the
/// same units. That is told by the numbers of their unit texts and where the units stand,
/// without reading the text: the texts of the units and their lengths are the same, and so
/// are the gaps between them, as a gap is a space or a no-break space after a word and ". "
/// after an initial, and those of a length are the same.
#[derive(Debug, Clone, Copy)]
struct RunKey<'r>(&'r [Unit]);

impl RunKey<'_> {
    /// The number of each unit's text, with where the unit starts from the run's start.
    fn parts(&self) -> impl Iterator<Item = (u32, usize)> + '_ {
        let start = self.0[0].range.start;
        self.0.iter().map(move |u| (u.text, u.range.start - start))
    }
}

impl PartialEq for RunKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.parts().eq(other.parts())
    }
}

impl Eq for RunKey<'_> {}

impl Hash for RunKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for (text, offset) in self.parts() {
            state.write_u32(text);
            state.write_usize(offset);
        }
    }
}

/// The runs, less those of two units or more that repeat an earlier run unit for unit: a
/// text keeps naming the same people and places, and what the spans of a run tell depends
/// on their text alone.
fn runs_once<'r>(runs: &[Run<'r>]) -> Vec<Run<'r>> {
    let mut seen: FxHashSet<RunKey> = FxHashSet::default();
    let mut once = Vec::with_capacity(runs.len());
    for run in runs {
        if run.units.len() >= 2 && !seen.insert(RunKey(run.units)) {
            continue;
        }
        once.push(*run);
    }
    once
}

/// How many unit texts have diacritics; `unit_texts` is how many unit texts the runs have.
fn accented_units(text: &str, runs: &[Run], unit_texts: usize) -> usize {
    // Each unit text is read once, found by its number.
    let mut seen = vec![false; unit_texts];
    runs.iter()
        .flat_map(|r| r.units)
        .filter(|u| !std::mem::replace(&mut seen[u.text as usize], true))
        .filter(|u| has_diacritics(&text[u.range.clone()]))
        .count()
}

/// Names the text gives after a given name, an initial or a title, folded: people's names.
/// `unit_texts` is how many unit texts the runs have.
fn people(text: &str, runs: &[Run], unit_texts: usize, lexicon: &Lexicon) -> FxHashSet<String> {
    let mut found = FxHashSet::default();
    // Given names and names after them repeat through a text: what each unit text before a
    // name says is worked out once, and each name is folded once, found by their numbers.
    let mut marks_person: Vec<Option<bool>> = vec![None; unit_texts];
    let mut seen = vec![false; unit_texts];
    for run in runs {
        for pair in run.units.windows(2) {
            let person = *marks_person[pair[0].text as usize].get_or_insert_with(|| {
                let before = &text[pair[0].range.clone()];
                pair[0].initial
                    || lexicon.get(before).is_some_and(|e| e.proper_only())
                    || is_title(before)
            });
            if person && !std::mem::replace(&mut seen[pair[1].text as usize], true) {
                found.insert(fold(&text[pair[1].range.clone()]));
            }
        }
    }
    found
}

/// The countries the text is about: those of the places and organisations it names.
fn countries(
    text: &str,
    runs: &[Run],
    unit_texts: usize,
    lexicon: &Lexicon,
) -> FxHashSet<&'static str> {
    let mut found = FxHashSet::default();
    let mut folded = String::new();
    // The spellings met: those of one unit by the number of its text, as most are, the
    // others by their text.
    let mut seen_units = vec![false; unit_texts];
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    COUNTRIES_NAMED.with_borrow_mut(|kept| {
        if kept.len() >= COUNTRIES_NAMED_KEPT {
            kept.clear();
        }
        for run in runs {
            let units = &run.units;
            for width in 1..=MAX_UNITS.min(units.len()) {
                for start in 0..=units.len() - width {
                    let span = units[start].range.start..units[start + width - 1].range.end;
                    let spelling = &text[span];
                    let new = if width == 1 {
                        !std::mem::replace(&mut seen_units[units[start].text as usize], true)
                    } else {
                        seen.insert(spelling)
                    };
                    if !new {
                        continue;
                    }
                    if width == 1 && lexicon.get(spelling).is_some_and(|e| e.lower) {
                        continue;
                    }
                    if let Some(named) = kept.get(spelling) {
                        found.extend(named.iter().copied());
                        continue;
                    }
                    let named = countries_named(spelling, &mut folded);
                    found.extend(named.iter().copied());
                    kept.insert(spelling.into(), named.into());
                }
            }
        }
    });
    found
}

thread_local! {
    /// What [`countries_named`] says of each spelling met so far on this thread: the
    /// gazetteer never changes, and the documents of one source name the same places.
    static COUNTRIES_NAMED: RefCell<FxHashMap<Box<str>, Box<[&'static str]>>> =
        RefCell::default();
}

/// Past this many spellings the kept countries are dropped, which bounds their memory.
const COUNTRIES_NAMED_KEPT: usize = 1 << 14;

/// The countries of the places a spelling names, and of those its demonym names ("Syrian",
/// "Israeli"); `folded` is a buffer for its key.
fn countries_named(spelling: &str, folded: &mut String) -> Vec<&'static str> {
    let mut named = Vec::new();
    fold_into(spelling, folded);
    let key = folded.as_str();
    for entry in gazetteer().lookup(key) {
        if (entry.main || entry.tier <= 2) && !entry.is_international() {
            named.push(entry.country);
        }
    }
    for stem in [key.strip_suffix('n'), key.strip_suffix('i'), key.strip_suffix("ns")] {
        let Some(stem) = stem.filter(|s| s.len() >= 4) else { continue };
        for entry in gazetteer().lookup(stem) {
            if entry.tier == 1 && entry.main && !entry.is_international() {
                named.push(entry.country);
            }
        }
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether two runs of one text are cut into the same units.
    fn same_units(a: &Run, b: &Run) -> bool {
        let (a_start, b_start) = (a.units[0].range.start, b.units[0].range.start);
        a.units.len() == b.units.len()
            && a.units.iter().zip(b.units).all(|(x, y)| {
                x.initial == y.initial
                    && x.range.start - a_start == y.range.start - b_start
                    && x.range.end - a_start == y.range.end - b_start
            })
    }

    #[test]
    fn first_uppercase_is_found_as_by_characters() {
        for word in ["plain", "camelCase", "ALL", "éclairÉ", "naïveTé", "straße", "aÉb", "xǅy", ""]
        {
            let by_chars = word.char_indices().find(|(_, c)| c.is_uppercase()).map(|(i, _)| i);
            assert_eq!(first_uppercase(word), by_chars, "{word}");
        }
    }

    #[test]
    fn articles_in_any_case() {
        for word in ["al", "Al", "AL", "ash", "Esh", "en"] {
            assert!(is_article(word), "{word}");
        }
        for word in ["", "a", "all", "alla", "Alà", "Él", "the", "s"] {
            assert!(!is_article(word), "{word}");
        }
    }

    fn lint(text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        KnownName::new(&[], None).check(&doc, &mut out);
        out.iter()
            .map(|f| {
                (
                    text[f.span.clone()].to_string(),
                    f.fix.as_ref().unwrap().edits[0].replacement.clone(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn near_misses_of_places() {
        let text =
            "The attack on Homs came after weeks of protests in Sweda, in the south of Syria.";
        assert_eq!(lint(text), [pair("Sweda", "Sweida")]);
    }

    #[test]
    fn near_misses_of_organisations() {
        let text = "The network Al-Jezeera is based in Doha.";
        assert_eq!(lint(text), [pair("Al-Jezeera", "Al Jazeera")]);
    }

    #[test]
    fn places_of_countries_the_text_is_not_about_are_not_suggested() {
        // "Sweda" is one letter from Sweida, but nothing here is in Syria.
        assert!(lint("The firm opened an office in Sweda last year, near Oslo.").is_empty());
    }

    #[test]
    fn real_names_are_left_alone() {
        let silent = [
            "Protests grew in Suwayda and in Sweida, south of Damascus in Syria.",
            "Fires reached Mittagong and Goulburn; Hill Top and Gunning were evacuated in New South Wales, Australia.",
            "The Syrian army entered Homs; a Homsi family fled to Lebanon.",
            "Jair Bosolnaro lost the election in Brazil.",
            "Strikes hit Khan Younis, Rafah and Deir al-Balah in Gaza.",
            "Drones struck Zaporizhzhya and Odesa, Ukraine said.",
            "US envoy Anthony Zinni met Yasser Arafat in Ramallah. After talks between Zinni and Ariel Sharon, Israel eased the siege.",
        ];
        for text in silent {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
    }

    #[test]
    fn lost_accents_in_a_text_with_accents() {
        let text = "Léa Salamé asked Jean-Luc Mélenchon about the show Elysee 2022 on France 2.";
        assert_eq!(lint(text), [pair("Elysee", "Élysée")]);
        assert!(lint("A viewer of the show Elysee 2022 on France 2 asked him.").is_empty());
    }

    #[test]
    fn a_name_run_into_the_next_sentence() {
        let text = "Shakira wrote to Gerard Piqué. It was addressed to gerardAmong his friends.";
        assert_eq!(lint(text), [pair("gerardAmong", "Gerard. Among")]);
        assert!(lint("Try the iPhone and eBay apps.").is_empty());
    }

    #[test]
    fn one_finding_for_a_repeated_misspelling() {
        let text = "The network Al-Jezeera is based in Doha. Al-Jezeera is seen across the region.";
        let doc = Document::new(text);
        let mut out = Vec::new();
        KnownName::new(&[], None).check(&doc, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].fix.as_ref().unwrap().edits.len(), 2);
        assert_eq!(out[0].related.len(), 1);
    }

    #[test]
    fn names_from_the_pack() {
        let check = KnownName::new(&["Brightwater Institute".to_string()], None);
        let doc = Document::new("A study by the Brightwatter Institute was cited.");
        let mut out = Vec::new();
        check.check(&doc, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].fix.as_ref().unwrap().edits[0].replacement, "Brightwater Institute");
    }

    #[test]
    fn near_misses_are_those_of_the_gazetteer_however_often_asked() {
        let queries = [("sweda", 1, 3), ("sweda", 1, 1), ("aljezeera", 2, 4), ("homsx", 1, 3)];
        for round in 0..2 {
            for (key, edits, tier) in queries {
                let kept: Vec<_> = near_misses(key, edits, tier).to_vec();
                assert_eq!(kept, gazetteer().near(key, edits, tier), "{key} {round}");
            }
        }
        assert!(!near_misses("sweda", 1, 3).is_empty());
    }

    #[test]
    fn place_context_reads_the_words_before_a_name() {
        let padding = "word ".repeat(30);
        let long_word = "x".repeat(PLACE_CONTEXT_REACH + 10);
        let cases = [
            ("Protests in ", true),
            ("the city of ", true),
            ("the end of ", false),
            ("He said ", false),
            ("in\n", true),
            ("in, ", false),
            ("", false),
        ];
        for (before, expected) in cases {
            for prefix in ["", padding.as_str()] {
                let text = format!("{prefix}{before}Sweda");
                assert_eq!(place_context(&text, text.len() - 5), expected, "{text:?}");
            }
        }
        // The tail holds "of" but not the noun before it, which is longer than the tail.
        let text = format!("{padding}the municipality{long_word} municipality of Sweda");
        assert!(place_context(&text, text.len() - 5));
        let text = format!("{padding} {long_word}of Sweda");
        assert!(!place_context(&text, text.len() - 5));
        // Whitespace longer than the tail between the word and the name.
        let text = format!("Protests in{}Sweda", " ".repeat(PLACE_CONTEXT_REACH * 2));
        assert!(place_context(&text, text.len() - 5));
    }

    proptest::proptest! {
        #[test]
        fn spelling_words_are_the_unicode_words(spelling in "[aZ' .\\-_é1\u{301}]{0,12}") {
            let expected: Vec<&str> = spelling.unicode_words().collect();
            proptest::prop_assert_eq!(spelling_words(&spelling), expected);
        }

        #[test]
        fn countries_are_as_by_every_spelling(
            words in proptest::collection::vec(
                "(Syria|Syrian|Homs|Israeli|Sweida|Damascus|Paris|Peter|Kyiv|al Jazeera|the|in|Ab)",
                1..12,
            ),
        ) {
            let text = format!("It was said that {}.", words.join(" "));
            let doc = Document::new(&text);
            let runs = runs(&doc);
            let lexicon = lexicon::english();
            let mut expected = FxHashSet::default();
            let mut seen = FxHashSet::default();
            let mut folded = String::new();
            for run in &runs.list() {
                for width in 1..=MAX_UNITS.min(run.units.len()) {
                    for start in 0..=run.units.len() - width {
                        let span = run.units[start].range.start
                            ..run.units[start + width - 1].range.end;
                        let spelling = &text[span];
                        if !seen.insert(spelling)
                            || (width == 1 && lexicon.get(spelling).is_some_and(|e| e.lower))
                        {
                            continue;
                        }
                        expected.extend(countries_named(spelling, &mut folded));
                    }
                }
            }
            // Once with the spellings new to the thread, once with them kept.
            for _ in 0..2 {
                let countries = countries(&text, &runs.list(), runs.text_count(), lexicon);
                proptest::prop_assert_eq!(&countries, &expected);
            }
        }

        #[test]
        fn runs_once_tell_the_countries_and_people_of_every_run(
            words in proptest::collection::vec(
                "(Anthony|Zinni|V\\.|Dr|Peter|Homs|Syria|Syrian|Israeli|Kyiv|al Jazeera|Léa|Salamé|and|the)",
                1..24,
            ),
            gaps in proptest::collection::vec("( |, |\\. )", 24),
        ) {
            let mut text = String::from("It was said that ");
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            let doc = Document::new(&text);
            let name_runs = runs(&doc);
            let runs = name_runs.list();
            let once = runs_once(&runs);
            let lexicon = lexicon::english();
            let unit_texts = name_runs.text_count();
            proptest::prop_assert_eq!(
                countries(&text, &once, unit_texts, lexicon),
                countries(&text, &runs, unit_texts, lexicon)
            );
            proptest::prop_assert_eq!(
                people(&text, &once, unit_texts, lexicon),
                people(&text, &runs, unit_texts, lexicon)
            );
            proptest::prop_assert_eq!(
                accented_units(&text, &once, unit_texts),
                accented_units(&text, &runs, unit_texts)
            );
            // Runs are the same key when they have the same text cut into the same units.
            for a in &runs {
                for b in &runs {
                    let same = text[a.range()] == text[b.range()] && same_units(a, b);
                    proptest::prop_assert_eq!(RunKey(a.units) == RunKey(b.units), same);
                }
            }
        }

        #[test]
        fn people_are_as_by_every_pair(
            words in proptest::collection::vec(
                "(Anthony|Zinni|V\\.|Dr|Mr|Peter|Smith|Homs|Syria|Ariel|Sharon|ZINNI|Zínni)",
                1..16,
            ),
        ) {
            let text = format!("It was said that {}.", words.join(" "));
            let doc = Document::new(&text);
            let runs = runs(&doc);
            let lexicon = lexicon::english();
            let mut expected = FxHashSet::default();
            for pair in runs.list().iter().flat_map(|r| r.units.windows(2)) {
                let before = &text[pair[0].range.clone()];
                let given = lexicon.get(before).is_some_and(|e| e.proper_only());
                if pair[0].initial || given || is_title(before) {
                    expected.insert(fold(&text[pair[1].range.clone()]));
                }
            }
            let people = people(&text, &runs.list(), runs.text_count(), lexicon);
            proptest::prop_assert_eq!(people, expected);
        }

        #[test]
        fn locatives_on_bytes_are_as_by_words(
            words in proptest::collection::vec(
                "(in|IN|In|of|Of|to|into|from|city|region|end|x|é|ein|in2|e\\.g|s)",
                0..6,
            ),
            gaps in proptest::collection::vec("( |  |\n|\u{a0}|\u{2009}|'|’|\\.|-|_|,|\u{301}|\t)", 6),
        ) {
            let mut before = String::new();
            for (word, gap) in words.iter().zip(&gaps) {
                before.push_str(gap);
                before.push_str(word);
            }
            before.push_str(&gaps[5]);
            if let Some(locative) = locative_before(&before) {
                proptest::prop_assert_eq!(locative, place_context_by_words(&before), "{:?}", before);
            }
        }

        #[test]
        fn capitals_are_found_as_byte_by_byte(
            text in "[a-zA-Z\\[@`{é.'’Ǆ]{0,40}",
            from in 0usize..42,
        ) {
            let bytes = text.as_bytes();
            let expected = (from..bytes.len())
                .find(|&i| !bytes[i].is_ascii() || bytes[i].is_ascii_uppercase());
            proptest::prop_assert_eq!(next_capital_or_high_byte(bytes, from), expected);
        }

        #[test]
        fn fused_names_are_those_of_every_word(
            words in proptest::collection::vec(
                "(gerardAmong|gerard|Gerard|Piqué|piquéAmong|naïveTé|Naïve|iPhone|eBay|\
                  zinniThe|Zinni|the|Among|élanVital|Élan|xǅy|abcDE|gerard1Among|gerard_Among|\
                  gerard'Among|McDonald|GerardAmong|éAmong|3)",
                0..12,
            ),
            gaps in proptest::collection::vec("( |, |\\. |’|-|\n| — | “|” |» )", 12),
        ) {
            let mut text = String::new();
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            let doc = Document::new(&text);
            let runs = runs(&doc);
            let lexicon = lexicon::english();
            let mut found = Vec::new();
            KnownName::new(&[], None).check_fused(&doc, &runs.list(), lexicon, &mut found);
            let names = names_of_text(doc.text(), &runs.list(), lexicon, |_| true);
            let expected: Vec<Finding> = doc
                .words()
                .iter()
                .filter_map(|r| {
                    let split = fused_name(doc.text(), r.clone())?;
                    fused(doc.text(), r.clone(), split, &names, lexicon)
                })
                .collect();
            proptest::prop_assert_eq!(format!("{found:?}"), format!("{expected:?}"));
        }

        #[test]
        fn repeated_runs_have_the_spans_and_findings_of_every_run(
            words in proptest::collection::vec(
                "(Sweda|Syria|Al-Jezeera|Anthony|Zinni|Peter|Homs|Léa|Salamé|Elysee|Doha|\
                  Brightwatter Institute|Kyiv|Dr|V\\.|in|the|\\(|\\))",
                1..24,
            ),
            gaps in proptest::collection::vec("( |, |\\. )", 24),
        ) {
            let mut text = String::from("It was said that ");
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            // Every run repeated, once at the end of a sentence and once after "in".
            let again = text.clone();
            text.push_str(&again);
            text.push_str(" Then in ");
            text.push_str(&again);
            let doc = Document::new(&text);
            let check = KnownName::new(&["Brightwater Institute".to_string()], None);
            let lexicon = lexicon::english();
            let name_runs = runs(&doc);
            let runs = name_runs.list();
            let countries = countries(&text, &runs, name_runs.text_count(), lexicon);
            let accented = accented_units(&text, &runs, name_runs.text_count());
            let mut by_runs = Scan::default();
            check.scan_runs(&text, &runs, lexicon, &countries, accented, &mut by_runs);
            let mut by_every_run = Scan::default();
            for run in &runs {
                check.check_run(&text, run, lexicon, &countries, accented, &mut by_every_run);
            }
            proptest::prop_assert_eq!(&by_runs.spans, &by_every_run.spans);
            proptest::prop_assert_eq!(&by_runs.flagged, &by_every_run.flagged);
        }

        #[test]
        fn worth_checking_in_parts_is_as_in_one_piece(
            words in proptest::collection::vec(
                "(Sweda|Homsi|Zinni|Peter|Dr|V\\.|Anthony|Jezeera|Centre|Labour|NATO|Schröder|\
                  Brightwatter|Institute|Damascus|Kyiv|Marwan|the|in|and)",
                1..16,
            ),
        ) {
            let text = format!("It was said that {}.", words.join(" "));
            let doc = Document::new(&text);
            let check = KnownName::new(&["Brightwater Institute".to_string()], None);
            let lexicon = lexicon::english();
            let mut scan = Scan::default();
            for run in &runs(&doc).list() {
                scan.person_units.clear();
                scan.person_units.resize(run.units.len(), None);
                for width in 1..=MAX_UNITS.min(run.units.len()) {
                    for start in 0..=run.units.len() - width {
                        let units = start..start + width;
                        let span = run.units[start].range.start..run.units[units.end - 1].range.end;
                        let spelling = &text[span];
                        let key = fold(spelling);
                        let whole = check.worth_checking(
                            &scan.memo, &text, run, units.clone(), spelling, &key, lexicon,
                        );
                        let parts = !too_short_or_foreign(&key)
                            && check.spelling_worth_checking(spelling, &key, lexicon)
                            && !check.next_to_person(&text, run, units, lexicon, &mut scan);
                        proptest::prop_assert_eq!(whole, parts, "{}", spelling);
                    }
                }
            }
        }
    }
}
