//! `name-consistency`: one name spelled two ways in one document. Mentions are grouped by
//! keys that bring spellings of one name together (transliteration key, consonant skeleton,
//! phonetic code, gazetteer entity), so only spellings that share a key are ever compared;
//! in each group the most used spelling stands and the others are reported.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;
use std::ops::{Deref, Range};
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::gazetteer::gazetteer;
use super::mentions::{
    NameRuns, Run, Unit, in_brackets, is_common_word, is_particle, is_particle_in_lower_case, runs,
};
use super::spelling::{
    allowed_edits, distance, fold, has_diacritics, is_derived, phonetic, skeleton, sounds_alike,
    translit,
};
use crate::diagnostic::{Applicability, Related};
use crate::document::Document;
use crate::lexicon::{self, Lexicon};
use crate::rules::{Finding, Hit, Literal};

/// A bucket with more spellings than this is degenerate (a list of names, a table) and is
/// not searched, which keeps the comparisons linear in the number of mentions.
const MAX_BUCKET: usize = 48;

#[derive(Debug)]
pub struct Consistency {
    /// Groups of spellings from the pack; the first of each is preferred.
    pub variants: Vec<Vec<String>>,
    /// Every spelling of every group, for the shared literal matcher.
    pub literals: Vec<Literal>,
    /// For each literal: (group, index in the group).
    pub owners: Vec<(usize, usize)>,
    pub max_edits: Option<usize>,
}

impl Consistency {
    pub fn new(variants: Vec<Vec<String>>, max_edits: Option<usize>) -> Self {
        let mut literals = Vec::new();
        let mut owners = Vec::new();
        for (g, group) in variants.iter().enumerate() {
            for (i, spelling) in group.iter().enumerate() {
                literals.push(Literal { text: spelling.clone(), ignorecase: false });
                owners.push((g, i));
            }
        }
        Consistency { variants, literals, owners, max_edits }
    }

    /// The folded spellings of the pack's groups.
    pub fn variant_keys(&self) -> BTreeSet<String> {
        self.variants.iter().flatten().map(|v| fold(v)).collect()
    }

    fn edits(&self, len: usize) -> usize {
        let scaled = allowed_edits(len);
        self.max_edits.map_or(scaled, |m| scaled.min(m))
    }

    /// The pack's variant groups: mixing spellings of one group is reported, and the fix
    /// offers the group's first spelling.
    pub fn check_variants(&self, doc: &Document, hits: &[Hit], out: &mut Vec<Finding>) {
        let mut by_group: FxHashMap<usize, Vec<(usize, Range<usize>)>> = FxHashMap::default();
        for hit in hits {
            let (group, index) = self.owners[hit.index];
            by_group.entry(group).or_default().push((index, doc.to_original(hit.range.clone())));
        }
        for (group, mut found) in by_group {
            found.sort_by_key(|(_, r)| r.start);
            let used: BTreeSet<usize> = found.iter().map(|(i, _)| *i).collect();
            if used.len() < 2 {
                continue;
            }
            let preferred = &self.variants[group][0];
            for (index, range) in &found {
                if *index == 0 {
                    continue;
                }
                // Measured against the preferred spelling where the text has it, else against
                // the first other spelling.
                let anchor = found
                    .iter()
                    .find(|(i, _)| *i == 0)
                    .or_else(|| found.iter().find(|(i, _)| i != index))
                    .expect("two spellings are used")
                    .1
                    .clone();
                let matched = doc.slice(range.clone()).to_string();
                let mut finding = Finding::replace(
                    range.clone(),
                    &matched,
                    preferred.clone(),
                    Applicability::Unsafe,
                );
                finding.related.push(Related {
                    message: spelled_here(doc.slice(anchor.clone()), anchor.start < range.start),
                    span: anchor,
                });
                out.push(finding);
            }
        }
    }

    /// Spellings of one name that the text mixes, found without a list.
    pub fn check_mentions(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let name_runs = runs(doc);
        let runs = &name_runs.list();
        let lexicon = lexicon::english();
        let mut found: Vec<Finding> = Vec::new();
        // Surnames first; full names then add what surnames alone cannot tell ("Jeana Coder").
        let mut head_pairs: BTreeSet<(String, String)> = BTreeSet::new();
        // The forms of each unit spelling, worked out once for both widths and kept for the
        // documents after this one.
        let mut forms = UNIT_FORMS.take();
        if forms.len() > UNIT_FORMS_KEPT {
            forms.clear();
        }
        for width in [1, 2] {
            let spellings =
                collect_forms(text, runs, name_runs.text_count(), width, lexicon, &mut forms);
            let clusters = self.cluster(text, &spellings, lexicon);
            for (member, rep) in clusters {
                let (m, r) = (&spellings[member], &spellings[rep]);
                if width == 1 {
                    head_pairs.insert((m.text.clone(), r.text.clone()));
                    head_pairs.insert((r.text.clone(), m.text.clone()));
                } else if m.units[0].plain == r.units[0].plain
                    && head_pairs.contains(&(m.units[1].text.clone(), r.units[1].text.clone()))
                {
                    continue;
                }
                if introduced(doc, m, r) {
                    continue;
                }
                for occurrence in &m.occurrences {
                    // A name in brackets is most often the text giving another form of a name.
                    if in_brackets(text, occurrence.units[0].start) {
                        continue;
                    }
                    let (span, replacement, related) = difference(text, occurrence, r);
                    // A full name's finding replaces that of its surname.
                    found.retain(|f| !(span.start <= f.span.start && f.span.end <= span.end));
                    if found.iter().any(|f| f.span.start < span.end && span.start < f.span.end) {
                        continue;
                    }
                    let matched = &text[span.clone()];
                    let mut finding =
                        Finding::replace(span.clone(), matched, replacement, Applicability::Unsafe);
                    finding.related.push(Related {
                        span: related.clone(),
                        message: spelled_here(&r.text, related.start < span.start),
                    });
                    found.push(finding);
                }
            }
        }
        UNIT_FORMS.set(forms);
        self.particle_swaps(doc, &name_runs, runs, lexicon, &mut found);
        out.append(&mut found);
    }

    /// Pairs (member, representative): spellings that give way to a more established one.
    fn cluster(
        &self,
        text: &str,
        spellings: &[Spelling],
        lexicon: &Lexicon,
    ) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..spellings.len()).collect();
        let dominance: Vec<_> = spellings.iter().map(Spelling::dominance).collect();
        order.sort_by(|&a, &b| dominance[b].cmp(&dominance[a]));
        let buckets = Buckets::new(spellings);
        let mut is_rep = vec![false; spellings.len()];
        let mut rank = vec![usize::MAX; spellings.len()];
        let mut pairs = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        for (position, &i) in order.iter().enumerate() {
            rank[i] = position;
            let s = &spellings[i];
            candidates.clear();
            candidates.extend(
                buckets
                    .of(i)
                    .filter(|members| members.len() <= MAX_BUCKET)
                    .flatten()
                    .copied()
                    .filter(|&j| j != i && is_rep[j]),
            );
            candidates.sort_by_key(|&j| rank[j]);
            candidates.dedup();
            let found =
                candidates.iter().copied().find(|&j| self.same(text, &spellings[j], s, lexicon));
            match found {
                Some(j) => pairs.push((i, j)),
                None => is_rep[i] = true,
            }
        }
        pairs
    }

    /// Whether `b` is another spelling of the name spelled `a`.
    fn same(&self, text: &str, a: &Spelling, b: &Spelling, lexicon: &Lexicon) -> bool {
        if a.units.len() != b.units.len() {
            return false;
        }
        if a.units.len() == 1 {
            return self.same_unit(&a.units[0], &b.units[0], lexicon)
                && !different_people(text, a, b)
                && !place_and_person(text, a, b, lexicon);
        }
        let mut differing = 0;
        let mut weight = 0;
        for (x, y) in a.units.iter().zip(&b.units) {
            if x.key == y.key && x.plain == y.plain {
                continue;
            }
            if x.plain == y.plain {
                // Only case or hyphens differ: a matter of style, not of spelling.
                continue;
            }
            differing += 1;
            if is_derived(&x.key, &y.key) {
                return false;
            }
            let close = self.same_unit(x, y, lexicon)
                || (x.skeleton == y.skeleton
                    && !x.skeleton.is_empty()
                    && (!lexicon.contains(&x.text) || !lexicon.contains(&y.text))
                    && x.first_class() == y.first_class());
            if !close {
                return false;
            }
            weight += x.skeleton.chars().count().min(y.skeleton.chars().count());
        }
        differing > 0 && weight >= 4
    }

    /// Whether two single units are spellings of one name.
    fn same_unit(&self, a: &UnitForm, b: &UnitForm, lexicon: &Lexicon) -> bool {
        if a.plain == b.plain {
            return false;
        }
        if a.key == b.key {
            // Only accents differ: Piqué/Pique.
            return has_diacritics(&a.text) != has_diacritics(&b.text);
        }
        if is_derived(&a.key, &b.key) {
            return false;
        }
        let close = a.skeleton == b.skeleton
            || sounds_alike(a.phonetic(), b.phonetic())
            || a.translit == b.translit;
        if !close {
            return false;
        }
        // Two places the gazetteer knows: one place (Homs/Hims) or two (Iran/Iraq).
        if !a.entities.is_empty() && !b.entities.is_empty() {
            let shared = a.entities.iter().any(|e| b.entities.contains(e));
            let near = distance(&a.key, &b.key, 2).is_some();
            return shared && near;
        }
        // Two names the lexicon knows in their own right (Hanson/Hansen).
        if a.known && b.known {
            return false;
        }
        let common = |u: &UnitForm| is_common_word(lexicon, &u.text);
        if common(a) || common(b) {
            return false;
        }
        let len = a.key.chars().count().min(b.key.chars().count());
        if a.translit == b.translit {
            return len >= 5;
        }
        let edits = self.edits(len);
        (a.skeleton == b.skeleton || sounds_alike(a.phonetic(), b.phonetic()))
            && distance(&a.key, &b.key, edits).is_some()
    }

    /// "Sanaa Severe Jack" … "El Jack": a particle of a full name translated into a common
    /// word, caught when the text also gives the short form with the particle.
    fn particle_swaps(
        &self,
        doc: &Document,
        name_runs: &NameRuns,
        runs: &[Run],
        lexicon: &Lexicon,
        out: &mut Vec<Finding>,
    ) {
        let text = doc.text();
        let unit_text = |run: &Run, i: usize| &text[run.units[i].range.clone()];
        // The short forms by the number of the folded key of their name, which the last unit of
        // a full name is looked up by without folding it.
        let fold_of = |unit: &Unit| name_runs.fold_of(unit.text);
        let mut short_forms: FxHashMap<u32, Vec<&Run>> = FxHashMap::default();
        for run in runs.iter().filter(|r| r.units.len() == 2) {
            let first = unit_text(run, 0);
            if is_particle_in_lower_case(first) {
                short_forms.entry(fold_of(&run.units[1])).or_default().push(run);
            }
        }
        if short_forms.is_empty() {
            return;
        }
        for run in runs.iter().filter(|r| r.units.len() >= 3) {
            let n = run.units.len();
            let Some(short) = short_forms.get(&fold_of(&run.units[n - 1])) else { continue };
            let (given, middle) = (unit_text(run, n - 3), unit_text(run, n - 2));
            let middle_is_word = lexicon.get(middle).is_some_and(|e| e.lower && e.tier <= 2)
                && !is_title(&middle.to_lowercase())
                && !is_particle(&middle.to_lowercase());
            let given_is_name = !is_common_word(lexicon, given) && !is_title(&given.to_lowercase());
            if !middle_is_word || !given_is_name {
                continue;
            }
            let span = run.units[n - 2].range.start..run.units[n - 1].range.end;
            if out.iter().any(|f| f.span.start < span.end && span.start < f.span.end) {
                continue;
            }
            let model = short[0];
            let related = model.range();
            let replacement = text[related.clone()].to_string();
            let mut finding = Finding::replace(
                span.clone(),
                &text[span.clone()],
                replacement.clone(),
                Applicability::Unsafe,
            );
            finding.related.push(Related {
                span: related.clone(),
                message: spelled_here(&replacement, related.start < span.start),
            });
            out.push(finding);
        }
    }
}

/// Words that stand before names as titles, not as parts of them.
fn is_title(lower: &str) -> bool {
    matches!(
        lower,
        "president"
            | "minister"
            | "prime"
            | "general"
            | "chancellor"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "sheikh"
            | "sir"
            | "lord"
            | "lady"
            | "judge"
            | "justice"
            | "senator"
            | "governor"
            | "mayor"
            | "captain"
            | "colonel"
            | "major"
            | "lieutenant"
            | "sergeant"
            | "commander"
            | "chief"
            | "director"
            | "secretary"
            | "ambassador"
            | "bishop"
            | "pope"
            | "father"
            | "brother"
            | "sister"
            | "saint"
            | "doctor"
            | "professor"
            | "coach"
            | "emir"
            | "sultan"
            | "imam"
            | "rabbi"
            | "reverend"
            | "dame"
            | "count"
            | "duke"
            | "baron"
            | "former"
            | "deputy"
            | "vice"
            | "acting"
    )
}

fn spelled_here(spelling: &str, earlier: bool) -> String {
    if earlier {
        format!("first spelled `{spelling}` here")
    } else {
        format!("spelled `{spelling}` here")
    }
}

/// One unit of a spelling with its keys.
#[derive(Debug)]
struct UnitForm {
    text: String,
    key: String,
    /// The text in lower case without separators: equal for spellings that differ only in
    /// case or hyphens.
    plain: String,
    translit: String,
    skeleton: String,
    /// The phonetic codes, worked out when first asked for: given names that never end a
    /// run are seldom compared.
    phonetic: OnceCell<(String, String)>,
    /// Gazetteer entities spelled so.
    entities: Vec<&'static str>,
    /// The lexicon knows the word as a name ("Hanson", "Schroeder").
    known: bool,
}

impl UnitForm {
    fn new(text: &str, lexicon: &Lexicon) -> Self {
        let key = fold(text);
        let translit = translit(&key);
        // For ASCII text, lower case without separators is the folded key.
        let plain = if text.is_ascii() {
            key.clone()
        } else {
            text.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
        };
        let entities = if key.chars().count() >= 3 {
            gazetteer().lookup(&key).map(|e| e.entity).collect()
        } else {
            Vec::new()
        };
        let known = lexicon.get(text).is_some_and(|e| e.capitalized || e.upper);
        UnitForm {
            text: text.to_string(),
            skeleton: skeleton(&translit),
            phonetic: OnceCell::new(),
            translit,
            key,
            plain,
            entities,
            known,
        }
    }

    fn phonetic(&self) -> &(String, String) {
        self.phonetic.get_or_init(|| phonetic(&self.key))
    }

    fn first_class(&self) -> Option<char> {
        self.skeleton.chars().next()
    }
}

/// One occurrence of a spelling: the ranges of its units.
#[derive(Debug, Clone)]
struct Occurrence {
    units: UnitRanges,
    /// The unit before it in its run, if any.
    before: Option<Before>,
}

/// The ranges of the one or two units of an occurrence, kept inline: there is one for every
/// run of the document.
#[derive(Debug, Clone)]
struct UnitRanges {
    ranges: [Range<usize>; 2],
    len: usize,
}

impl UnitRanges {
    fn new(units: &[Unit]) -> Self {
        debug_assert!(matches!(units.len(), 1 | 2), "spellings are of one or two units");
        let ranges = [units[0].range.clone(), units[units.len() - 1].range.clone()];
        UnitRanges { ranges, len: units.len() }
    }
}

impl Deref for UnitRanges {
    type Target = [Range<usize>];

    fn deref(&self) -> &[Range<usize>] {
        &self.ranges[..self.len]
    }
}

/// The unit before an occurrence in its run, folded only when asked for: only spellings
/// that are compared need it.
#[derive(Debug, Clone)]
struct Before {
    range: Range<usize>,
    initial: bool,
}

impl Before {
    /// The folded key of the unit, an initial with its full stop ("v.").
    fn key(&self, text: &str) -> String {
        let unit = &text[self.range.clone()];
        if self.initial { format!("{}.", fold(unit)) } else { fold(unit) }
    }
}

/// A distinct spelling of one or two units, with where it occurs.
#[derive(Debug)]
struct Spelling {
    text: String,
    units: Vec<Rc<UnitForm>>,
    occurrences: Vec<Occurrence>,
}

impl Spelling {
    /// The spelling of `units`, with no occurrence yet; the forms of its units are taken from
    /// `forms`, or worked out and kept there.
    fn new(text: &str, units: &[Unit], lexicon: &Lexicon, forms: &mut UnitForms) -> Self {
        let texts: Vec<&str> = units.iter().map(|u| &text[u.range.clone()]).collect();
        let forms = texts
            .iter()
            .map(|&t| match forms.get(t) {
                Some(form) => Rc::clone(form),
                None => {
                    let form = Rc::new(UnitForm::new(t, lexicon));
                    forms.insert(t.into(), Rc::clone(&form));
                    form
                }
            })
            .collect();
        Spelling { text: texts.join(" "), units: forms, occurrences: Vec::new() }
    }

    /// Which spelling of a group stands: the most used; then one the lexicon or gazetteer
    /// knows; then one with accents, as machine pipelines lose accents and never add them;
    /// then the earliest.
    fn dominance(&self) -> (usize, bool, bool, std::cmp::Reverse<usize>) {
        let known = self.units.iter().all(|u| u.known || !u.entities.is_empty());
        (
            self.occurrences.len(),
            known,
            has_diacritics(&self.text),
            std::cmp::Reverse(self.occurrences[0].units[0].start),
        )
    }
}

/// The forms of the unit spellings met so far on this thread. A unit's forms depend on its
/// text alone, and the articles of one source keep naming the same people and places, so
/// they are worked out once rather than again in every document.
type UnitForms = FxHashMap<Box<str>, Rc<UnitForm>>;

thread_local! {
    static UNIT_FORMS: RefCell<UnitForms> = RefCell::default();
}

/// Past this many unit spellings the kept forms are dropped, which bounds their memory.
const UNIT_FORMS_KEPT: usize = 1 << 14;

/// The spellings made of the last `width` units of each run ("Zelenskiy", "Zeina Khodr");
/// `unit_texts` is how many unit texts the runs have.
fn collect_forms(
    text: &str,
    runs: &[Run],
    unit_texts: usize,
    width: usize,
    lexicon: &Lexicon,
    forms: &mut UnitForms,
) -> Vec<Spelling> {
    // Spellings are told apart by the numbers of their unit texts, which stand for the texts
    // joined by a space: a unit text holds a space only after a lower-case particle, which
    // is never a unit of its own, so no two pairs of unit texts join alike. Only a new
    // spelling is written out.
    let mut by_unit = vec![NO_SPELLING; if width == 1 { unit_texts } else { 0 }];
    let mut by_pair: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut spellings: Vec<Spelling> = Vec::new();
    // The spelling of each run, and how many runs have each: the occurrences of a spelling
    // are then gathered into a vector of the size they need, with no copying as it grows.
    let mut of_run: Vec<u32> = Vec::with_capacity(runs.len());
    let mut counts: Vec<usize> = Vec::new();
    for run in runs {
        let Some(units) = last_units(run, width) else {
            of_run.push(NO_SPELLING);
            continue;
        };
        let (first, last) = (units[0].text, units[width - 1].text);
        let slot = if width == 1 {
            &mut by_unit[first as usize]
        } else {
            by_pair.entry((first, last)).or_insert(NO_SPELLING)
        };
        if *slot == NO_SPELLING {
            *slot = u32::try_from(spellings.len()).expect("fewer spellings than runs");
            spellings.push(Spelling::new(text, units, lexicon, forms));
            counts.push(0);
        }
        counts[*slot as usize] += 1;
        of_run.push(*slot);
    }
    for (spelling, &count) in spellings.iter_mut().zip(&counts) {
        spelling.occurrences.reserve_exact(count);
    }
    for (run, &i) in runs.iter().zip(&of_run) {
        if i == NO_SPELLING {
            continue;
        }
        let n = run.units.len();
        let before = (n > width).then(|| {
            let unit = &run.units[n - width - 1];
            Before { range: unit.range.clone(), initial: unit.initial }
        });
        let units = UnitRanges::new(&run.units[n - width..]);
        spellings[i as usize].occurrences.push(Occurrence { units, before });
    }
    spellings
}

/// No spelling: a run too short, or one whose last units hold an initial.
const NO_SPELLING: u32 = u32::MAX;

/// The last `width` units of a run, if it has that many and none of them is an initial.
fn last_units<'r>(run: &Run<'r>, width: usize) -> Option<&'r [Unit]> {
    let n = run.units.len();
    let units = run.units.get(n.checked_sub(width)?..)?;
    (!units.iter().any(|u| u.initial)).then_some(units)
}

/// A key under which a spelling is filed: what it is (the folded key `f`, the
/// transliteration `t`, the consonant skeleton `s`, a phonetic code `p`, a gazetteer entity
/// `e`; `S` and `T` for the skeletons and transliterations of two units) and the forms it is
/// made of.
type BucketKey<'a> = (u8, &'a str, &'a str);

/// The keys under which a spelling is filed, each once, appended to `keys`; two spellings
/// are compared only when they share one. They borrow the units' forms rather than spell
/// each key out.
fn bucket_keys<'a>(units: &'a [Rc<UnitForm>], keys: &mut Vec<BucketKey<'a>>) {
    if units.len() == 1 {
        let start = keys.len();
        let mut file = |key: BucketKey<'a>| {
            if !keys[start..].contains(&key) {
                keys.push(key);
            }
        };
        let u = &units[0];
        file((b'f', u.key.as_str(), ""));
        file((b't', u.translit.as_str(), ""));
        if u.skeleton.chars().count() >= 2 {
            file((b's', u.skeleton.as_str(), ""));
        }
        let (primary, alternate) = u.phonetic();
        for code in [primary, alternate] {
            if code.chars().count() >= 2 {
                file((b'p', code.as_str(), ""));
            }
        }
        for entity in &u.entities {
            file((b'e', *entity, ""));
        }
        return;
    }
    let (first, second) = (&units[0], &units[units.len() - 1]);
    debug_assert_eq!(units.len(), 2, "spellings are of one or two units");
    keys.push((b'S', first.skeleton.as_str(), second.skeleton.as_str()));
    keys.push((b'T', first.translit.as_str(), second.translit.as_str()));
}

/// The spellings of a document filed by key, laid out flat: a few vectors for the whole
/// document rather than one for every key.
struct Buckets {
    /// For each spelling, where the buckets it is filed under are listed in `filed_under`.
    spans: Vec<Range<usize>>,
    /// Bucket numbers, spelling after spelling.
    filed_under: Vec<usize>,
    /// Where each bucket's members start in `members`, and where the last one ends.
    starts: Vec<usize>,
    /// The members of each bucket in turn, in the order of the spellings.
    members: Vec<usize>,
}

impl Buckets {
    fn new(spellings: &[Spelling]) -> Self {
        let mut keys = Vec::with_capacity(spellings.len() * 6);
        let mut spans = Vec::with_capacity(spellings.len());
        for s in spellings {
            let start = keys.len();
            bucket_keys(&s.units, &mut keys);
            spans.push(start..keys.len());
        }
        let mut numbers: FxHashMap<BucketKey, usize> = FxHashMap::default();
        numbers.reserve(keys.len());
        let mut sizes: Vec<usize> = Vec::new();
        let filed_under: Vec<usize> = keys
            .iter()
            .map(|key| {
                let number = *numbers.entry(*key).or_insert_with(|| {
                    sizes.push(0);
                    sizes.len() - 1
                });
                sizes[number] += 1;
                number
            })
            .collect();
        let mut starts = Vec::with_capacity(sizes.len() + 1);
        let mut total = 0;
        for size in &sizes {
            starts.push(total);
            total += size;
        }
        starts.push(total);
        let mut next = starts.clone();
        let mut members = vec![0; total];
        for (i, span) in spans.iter().enumerate() {
            for &number in &filed_under[span.clone()] {
                members[next[number]] = i;
                next[number] += 1;
            }
        }
        Buckets { spans, filed_under, starts, members }
    }

    /// The members of each bucket spelling `i` is filed under.
    fn of(&self, i: usize) -> impl Iterator<Item = &[usize]> {
        self.filed_under[self.spans[i].clone()]
            .iter()
            .map(|&number| &self.members[self.starts[number]..self.starts[number + 1]])
    }
}

/// "Volodymyr Zelensky" … "Pauline Zelensky": the same surname after two first names that
/// have nothing in common names two people.
fn different_people(text: &str, a: &Spelling, b: &Spelling) -> bool {
    let befores = |s: &Spelling| -> BTreeSet<String> {
        s.occurrences.iter().filter_map(|o| o.before.as_ref()).map(|b| b.key(text)).collect()
    };
    let (x, y) = (befores(a), befores(b));
    if x.is_empty() || y.is_empty() {
        return false;
    }
    let compatible = |p: &str, q: &str| {
        p == q
            || p.strip_suffix('.').is_some_and(|i| q.starts_with(i))
            || q.strip_suffix('.').is_some_and(|i| p.starts_with(i))
            || skeleton(&translit(p)) == skeleton(&translit(q))
    };
    !x.iter().any(|p| y.iter().any(|q| compatible(p, q)))
}

/// "Jordan" … "Michael Jordon": a place the gazetteer knows and a surname after a given
/// name are two names, however alike.
fn place_and_person(text: &str, a: &Spelling, b: &Spelling, lexicon: &Lexicon) -> bool {
    let place = |s: &Spelling| !s.units[0].entities.is_empty();
    let person = |s: &Spelling| {
        s.occurrences.iter().filter_map(|o| o.before.as_ref()).any(|before| {
            let before = before.key(text);
            before.ends_with('.') || lexicon.get(&before).is_some_and(|e| e.proper_only())
        })
    };
    let used_as_place = |s: &Spelling| place(s) && !person(s);
    (used_as_place(a) && !place(b) && person(b)) || (used_as_place(b) && !place(a) && person(a))
}

/// Whether the text introduces one spelling as a variant of the other: "Suwayda, also spelt
/// Sweida", "Kyiv (Kiev)", "Zelensky or Zelenskyy".
fn introduced(doc: &Document, a: &Spelling, b: &Spelling) -> bool {
    let text = doc.text();
    for x in &a.occurrences {
        for y in &b.occurrences {
            let (first, second) = if x.units[0].start < y.units[0].start { (x, y) } else { (y, x) };
            let from = first.units[first.units.len() - 1].end;
            let to = second.units[0].start;
            if to < from || to - from > 60 {
                continue;
            }
            let gap = text[from..to].to_lowercase();
            if gap.contains(['.', '!', '?', '\n']) && !gap.contains("a.k.a.") {
                continue;
            }
            let marked = gap.contains(['(', '/', '[', '='])
                || gap.split(|c: char| !c.is_alphanumeric()).any(|w| {
                    matches!(
                        w,
                        "or" | "also"
                            | "aka"
                            | "formerly"
                            | "alias"
                            | "spelt"
                            | "spelled"
                            | "spelling"
                            | "known"
                            | "called"
                            | "née"
                            | "nee"
                            | "transliterated"
                            | "romanized"
                            | "romanised"
                            | "written"
                    )
                });
            if marked {
                return true;
            }
        }
    }
    false
}

/// The part of an occurrence that differs from the representative spelling, what replaces
/// it, and the matching part of the representative's first occurrence.
fn difference(
    text: &str,
    occurrence: &Occurrence,
    rep: &Spelling,
) -> (Range<usize>, String, Range<usize>) {
    let model = &rep.occurrences[0];
    let n = occurrence.units.len();
    let differs = |i: usize| {
        let plain = |r: &Range<usize>| -> String {
            text[r.clone()].to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
        };
        plain(&occurrence.units[i]) != plain(&model.units[i])
    };
    let first = (0..n).find(|&i| differs(i)).unwrap_or(0);
    let last = (0..n).rev().find(|&i| differs(i)).unwrap_or(n - 1);
    let span = occurrence.units[first].start..occurrence.units[last].end;
    let related = model.units[first].start..model.units[last].end;
    let replacement =
        (first..=last).map(|i| &text[model.units[i].clone()]).collect::<Vec<_>>().join(" ");
    (span, replacement, related)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        Consistency::new(Vec::new(), None).check_mentions(&doc, &mut out);
        out.iter()
            .map(|f| {
                let fix =
                    f.fix.as_ref().map(|x| x.edits[0].replacement.clone()).unwrap_or_default();
                (text[f.span.clone()].to_string(), fix)
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn transliterations_of_one_name() {
        let text = "Zelensky spoke on Monday. Later Volodymyr Zelenskiy met the press. \
                    Zelensky said the winter would be hard.";
        assert_eq!(lint(text), [pair("Zelenskiy", "Zelensky")]);
    }

    #[test]
    fn full_names_that_sound_alike() {
        let text = "Zeina Khodr, a journalist, said the attack was a failure. The regime \
                    struck back within hours, recounted Jeana Coder.";
        assert_eq!(lint(text), [pair("Jeana Coder", "Zeina Khodr")]);
    }

    #[test]
    fn accents_and_umlauts() {
        let text = "Gerhard Schröder ruled for seven years. Even Gerhard Schroeder would \
                    have done more, said a former aide of Schröder.";
        assert_eq!(lint(text), [pair("Schroeder", "Schröder")]);
        let text = "She wrote to Gerard Piqué on Sunday. The reason was an affair of Pique, \
                    the magazine said.";
        assert_eq!(lint(text), [pair("Pique", "Piqué")]);
    }

    #[test]
    fn different_places_and_short_forms_are_left_alone() {
        let silent = [
            "Iran and Iraq signed the deal. Iran will supply gas to Iraq next year.",
            "Austria and Australia drew. Fans in Austria celebrated with Australia.",
            "Strikes hit Gaza overnight. The Gaza Strip has no power, officials in Gaza said.",
            "Mounir Mustafa, a rescuer, spoke to reporters. Mustafa said six people died.",
            "Syria denied it. Syrian officials said Syria was not involved.",
            "Israel said Israeli jets struck. Israel's army confirmed it.",
            "Pauline Hanson spoke first. Lars Hansen, a Danish envoy, replied to Hanson.",
            "The city of Suwayda, also spelt Sweida, saw protests. Crowds in Sweida grew.",
            "Kyiv (Kiev) is the capital. Kyiv was shelled overnight.",
            "Al-Qaeda claimed it. An al-Qaeda leader, Ayman al-Zawahiri, spoke.",
            "Kim Jong Un met the envoy. Kim Jong Il, his father, died in 2011.",
            "Arturo Di Modica made the statue. Di Modica said he was not happy.",
            "Four Saudi-born Al Qaeda fighters were killed. Al Qaeda still held the caves.",
            "The envoy flew to Jordan on Monday. Michael Jordon, a trader, said Jordan was calm.",
            "The Israeli Foreign Minister spoke. An Israeli Foreign Ministry spokesman denied it.",
        ];
        for text in silent {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
    }

    #[test]
    fn a_place_and_its_alternate_name() {
        let text = "History of Hims\n\nFor centuries Homs has been a market town. Homs grew \
                    quickly, and Homs is now the third city of Syria.";
        assert_eq!(lint(text), [pair("Hims", "Homs")]);
    }

    #[test]
    fn a_translated_particle() {
        let text = "“We could only report their angle,” said reporter Sanaa Severe Jack, who \
                    writes for a daily.\n\nEl Jack, no outsider to wars, covered the conflict.";
        assert_eq!(lint(text), [pair("Severe Jack", "El Jack")]);
    }

    #[test]
    fn variant_groups_from_the_pack() {
        let check = Consistency::new(
            vec![vec!["Zelensky".into(), "Zelenskyy".into(), "Zelenskiy".into()]],
            None,
        );
        let text = "Zelenskyy spoke. Zelensky replied.";
        let doc = Document::new(text);
        let hits = vec![Hit { index: 1, range: 0..9 }, Hit { index: 0, range: 17..25 }];
        let mut out = Vec::new();
        check.check_variants(&doc, &hits, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&text[out[0].span.clone()], "Zelenskyy");
        assert_eq!(out[0].fix.as_ref().unwrap().edits[0].replacement, "Zelensky");
        assert_eq!(out[0].related[0].span, 17..25);
    }

    #[test]
    fn forms_kept_from_other_documents_change_nothing() {
        let texts: [&'static str; 3] = [
            "Zelensky spoke on Monday. Later Volodymyr Zelenskiy met the press. Zelensky left.",
            "Gerhard Schröder ruled. Even Gerhard Schroeder would have done more, said Schröder.",
            "Zeina Khodr said the attack failed. The regime struck back, recounted Jeana Coder.",
        ];
        // Each text alone on a fresh thread, with no forms kept from before.
        let alone: Vec<_> = texts
            .iter()
            .map(|&text| std::thread::spawn(move || lint(text)).join().unwrap())
            .collect();
        // Then all of them on one thread, twice over.
        std::thread::spawn(move || {
            for _ in 0..2 {
                for (text, expected) in texts.iter().zip(&alone) {
                    assert_eq!(&lint(text), expected, "{text}");
                }
            }
        })
        .join()
        .unwrap();
    }

    /// The buckets as first written: a vector of members for every key.
    fn buckets_by_map(spellings: &[Spelling]) -> Vec<Vec<Vec<usize>>> {
        let keys: Vec<Vec<BucketKey>> = spellings
            .iter()
            .map(|s| {
                let mut keys = Vec::new();
                bucket_keys(&s.units, &mut keys);
                keys
            })
            .collect();
        let mut map: FxHashMap<BucketKey, Vec<usize>> = FxHashMap::default();
        for (i, keys) in keys.iter().enumerate() {
            for key in keys {
                map.entry(*key).or_default().push(i);
            }
        }
        keys.iter().map(|keys| keys.iter().map(|key| map[key].clone()).collect()).collect()
    }

    proptest::proptest! {
        #[test]
        fn flat_buckets_are_the_mapped_ones(
            names in proptest::collection::vec(
                "(Zelensky|Zelenskiy|Zelenskyy|Homs|Hims|Iran|Iraq|Khodr|Coder|Jack|El|Piqué|Pique|Sweida|Suwayda)",
                1..12,
            ),
        ) {
            // Names in pairs and alone, one to a sentence.
            let text: String = names
                .chunks(2)
                .map(|pair| format!("Then {} spoke. Then {} left. ", pair.join(" "), pair[0]))
                .collect();
            let doc = Document::new(&text);
            let runs = runs(&doc);
            let mut forms = UnitForms::default();
            for width in [1, 2] {
                let spellings = collect_forms(
                    &text,
                    &runs.list(),
                    runs.text_count(),
                    width,
                    lexicon::english(),
                    &mut forms,
                );
                let buckets = Buckets::new(&spellings);
                let expected = buckets_by_map(&spellings);
                for (i, expected) in expected.iter().enumerate() {
                    let flat: Vec<Vec<usize>> = buckets.of(i).map(<[usize]>::to_vec).collect();
                    proptest::prop_assert_eq!(&flat, expected);
                }
            }
        }
    }
}
