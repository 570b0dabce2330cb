//! The gazetteer: places and organisations with their alternate spellings, generated from
//! GeoNames into `rules/lexicon/gazetteer.tsv` by `scripts/gen-gazetteer.py`. The table is
//! embedded as it is and searched in place: countries and organisations come first, then
//! cities, each section sorted by first letter, key length and key, so a key is found by
//! binary search and the near misses of a key by scanning the lines of its first letter and a
//! few lengths, through the near-miss index that `build.rs` writes beside the table. Nothing
//! is parsed up front.

use std::borrow::Cow;
#[cfg(test)]
use std::cmp::Ordering;
use std::ops::Range;
use std::sync::OnceLock;

use super::key_index::KeyIndex;
use super::near_index::{LONG_KEY, NearIndex, letter_mask, line_key};
use super::spelling::distance_bytes;

const TABLE: &str = include_str!("../../../rules/lexicon/gazetteer.tsv");

/// The start of every line of [`TABLE`] as little-endian `u32`s, written by `build.rs`.
const LINE_STARTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-lines.bin"));

/// The near-miss index of [`TABLE`], one row a line, written by `build.rs`.
const NEAR_INDEX: NearIndex =
    NearIndex(include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-near.bin")));

/// The key index of [`TABLE`], written by `build.rs`.
const KEY_INDEX: KeyIndex =
    KeyIndex(include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer-keys.bin")));

/// The line index, read in place (the embedded bytes need not be aligned for `u32`).
#[derive(Debug, Clone, Copy)]
struct LineStarts(&'static [u8]);

impl LineStarts {
    fn len(self) -> usize {
        self.0.len() / 4
    }

    fn get(self, i: usize) -> usize {
        let bytes: [u8; 4] = self.0[4 * i..4 * i + 4].try_into().expect("four bytes");
        u32::from_le_bytes(bytes) as usize
    }

    /// The first index of `range` for which `before` is false, `before` being true for a
    /// prefix of the range (as `slice::partition_point`).
    fn partition_point(self, range: Range<usize>, before: impl Fn(usize) -> bool) -> usize {
        let (mut low, mut high) = (range.start, range.end);
        while low < high {
            let mid = low + (high - low) / 2;
            if before(self.get(mid)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }
}

/// One spelling of one place or organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The folded spelling (see [`super::spelling::fold`]).
    pub key: &'a str,
    raw_spelling: &'a str,
    /// Tells entities apart; equal for all spellings of one place.
    pub entity: &'a str,
    /// ISO 3166 code, or `-` for international organisations.
    pub country: &'a str,
    /// 1 country, US state or hand-listed organisation; 2 city of 100,000 or more; 3 city of
    /// 15,000 or more; 4 smaller city (main name only).
    pub tier: u8,
    /// The spelling is the entity's main name.
    pub main: bool,
}

impl<'a> Entry<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        // The fields as `line.split('\t')` gives them, found by byte: every lookup parses
        // the lines it returns, and the general splitter costs several times more.
        let mut rest = Some(line);
        let mut field = || {
            let text = rest?;
            match memchr::memchr(b'\t', text.as_bytes()) {
                Some(tab) => {
                    rest = Some(&text[tab + 1..]);
                    Some(&text[..tab])
                }
                None => {
                    rest = None;
                    Some(text)
                }
            }
        };
        let key = field()?;
        let raw_spelling = field()?;
        let entity = field()?;
        let country = field()?;
        let flags = field()?;
        let tier = flags.as_bytes().first().map(|b| b.wrapping_sub(b'0'))?;
        Some(Entry { key, raw_spelling, entity, country, tier, main: flags.ends_with('m') })
    }

    /// The spelling as written; the table leaves it out when it is the key with a capital.
    pub fn spelling(&self) -> Cow<'a, str> {
        if !self.raw_spelling.is_empty() {
            return Cow::Borrowed(self.raw_spelling);
        }
        let mut chars = self.key.chars();
        let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
        Cow::Owned(first + chars.as_str())
    }

    pub fn is_international(&self) -> bool {
        self.country == "-"
    }
}

/// Sort order of the table: first letter, length, key.
#[cfg(test)]
fn order(a: &str, b: &str) -> Ordering {
    let first = |s: &str| s.as_bytes().first().copied();
    (first(a), a.len(), a).cmp(&(first(b), b.len(), b))
}

/// The embedded table.
#[derive(Debug, Clone, Copy)]
pub struct Gazetteer {
    text: &'static str,
}

pub fn gazetteer() -> Gazetteer {
    Gazetteer { text: TABLE }
}

impl Gazetteer {
    /// The byte ranges of the two sections: tier 1, then the rest. Found once: three offsets.
    fn sections(&self) -> [Range<usize>; 2] {
        static SECTIONS: OnceLock<[Range<usize>; 2]> = OnceLock::new();
        let text = self.text;
        SECTIONS
            .get_or_init(|| {
                let mut start = 0;
                while text[start..].starts_with('#') {
                    start += text[start..].find('\n').map_or(text.len() - start, |i| i + 1);
                }
                let split = text[start..].find("\n#").map_or(text.len(), |i| start + i + 1);
                let rest = text[split..].find('\n').map_or(text.len(), |i| split + i + 1);
                [start..split, rest..text.len()]
            })
            .clone()
    }

    /// Where every line of the table starts: an index that `build.rs` writes, so that lookups
    /// binary-search lines instead of scanning back for line breaks at every probe, and
    /// nothing is built on the first lookup.
    fn line_starts(&self) -> LineStarts {
        LineStarts(LINE_STARTS)
    }

    /// The lines (as indices into the line index) of one of the two [`Gazetteer::sections`],
    /// found once.
    fn section_lines(&self, section: &Range<usize>) -> Range<usize> {
        static SECTION_LINES: OnceLock<[Range<usize>; 2]> = OnceLock::new();
        let lines_of = |section: &Range<usize>| {
            let lines = self.line_starts();
            let all = 0..lines.len();
            let from = lines.partition_point(all.clone(), |s| s < section.start);
            from..lines.partition_point(all, |s| s < section.end)
        };
        let sections = self.sections();
        let cached = SECTION_LINES.get_or_init(|| sections.each_ref().map(lines_of));
        match sections.iter().position(|s| s == section) {
            Some(i) => cached[i].clone(),
            None => lines_of(section),
        }
    }

    /// The line of the table that starts at byte `start`, without its line break.
    fn line_at(self, start: usize) -> &'static str {
        let rest = &self.text[start..];
        &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
    }

    /// Lines from `start` on, while `keep` holds for their key.
    fn lines_from(
        self,
        start: usize,
        end: usize,
        keep: impl Fn(&str) -> bool,
    ) -> impl Iterator<Item = Entry<'static>> {
        let text = self.text;
        let mut at = start;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let line = self.line_at(at);
            at += line.len() + 1;
            let entry = Entry::parse(line).filter(|e| keep(e.key));
            if entry.is_none() {
                at = text.len();
            }
            entry
        })
    }

    /// Every entry spelled with this folded key, in table order.
    pub fn lookup<'k>(&self, key: &'k str) -> impl Iterator<Item = Entry<'static>> + 'k {
        let text = self.text;
        let lines = self.line_starts();
        // A key has at most one run in each section, so at most two runs start.
        let mut starts = [usize::MAX; 2];
        if !key.is_empty() {
            let runs = KEY_INDEX
                .candidates(key.as_bytes())
                .map(|line| lines.get(line))
                .filter(|&start| text[start..].split(['\t', '\n']).next() == Some(key));
            for (slot, start) in starts.iter_mut().zip(runs) {
                *slot = start;
            }
            starts.sort_unstable();
        }
        let this = *self;
        let runs = starts.into_iter().filter(|&start| start != usize::MAX);
        runs.flat_map(move |start| this.lines_from(start, text.len(), move |k| k == key))
    }

    /// Whether any place or organisation is spelled with this key.
    pub fn contains(&self, key: &str) -> bool {
        // As `lookup`, without reading the entry: a run of the key starts at a candidate line.
        let lines = self.line_starts();
        !key.is_empty()
            && KEY_INDEX.candidates(key.as_bytes()).any(|line| {
                let rest = &self.text.as_bytes()[lines.get(line)..];
                let key_end = memchr::memchr2(b'\t', b'\n', rest).unwrap_or(rest.len());
                &rest[..key_end] == key.as_bytes()
            })
    }

    /// Entries of at most `tier` whose key starts with the same letter as `key` and lies at
    /// most `max_edits` edits from it, with their distance. A misspelling rarely touches the
    /// first letter, and keeping it fixed confines the scan to a small block of the table.
    pub fn near(&self, key: &str, max_edits: usize, tier: u8) -> Vec<(Entry<'static>, usize)> {
        let mut found = Vec::new();
        let query = key.as_bytes();
        let Some(&first) = query.first() else { return found };
        if !key.is_ascii() || max_edits == 0 {
            return found;
        }
        let shortest = key.len().saturating_sub(max_edits).max(1);
        let longest = key.len() + max_edits;
        let query_mask = letter_mask(query);
        let sections = self.sections();
        let searched = if tier >= 2 { &sections[..] } else { &sections[..1] };
        for section in searched {
            // The keys of the letter and of the lengths within reach are one block of lines.
            let from = self.first_line_of_length(section, first, shortest);
            let to = self.first_line_of_length(section, first, longest + 1);
            match max_edits {
                1 => self.scan_near(from..to, query, query_mask, 1, tier, &mut found),
                2 => self.scan_near(from..to, query, query_mask, 2, tier, &mut found),
                _ => self.scan_near(from..to, query, query_mask, max_edits, tier, &mut found),
            }
        }
        found
    }

    /// The index of the first line of `section` whose key starts with `first` and is `len`
    /// bytes or longer, or starts with a later byte: found on the near-miss index, which holds
    /// both, without reading the table.
    fn first_line_of_length(&self, section: &Range<usize>, first: u8, len: usize) -> usize {
        let starts = self.line_starts();
        let Range { start: mut low, end: mut high } = self.section_lines(section);
        while low < high {
            let mid = low + (high - low) / 2;
            let row = NEAR_INDEX.row(mid);
            let row_len = match row.len {
                LONG_KEY => line_key(self.line_at(starts.get(mid)).as_bytes()).len(),
                row_len => usize::from(row_len),
            };
            if (row.first, row_len) < (first, len) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// The near-miss scan of [`Gazetteer::near`] over lines of one section whose keys have
    /// the query's first letter and a length within reach, read from the near-miss index.
    /// Inlined into each call, so that a constant `max_edits` unrolls the bit tests.
    #[inline(always)]
    fn scan_near(
        &self,
        lines: Range<usize>,
        query: &[u8],
        query_mask: u64,
        max_edits: usize,
        tier: u8,
        found: &mut Vec<(Entry<'static>, usize)>,
    ) {
        let starts = self.line_starts();
        for (index, row) in lines.clone().zip(NEAR_INDEX.rows(lines)) {
            if row.tier.wrapping_sub(b'0') > tier {
                continue;
            }
            // Each edit takes away at most one letter that the other key lacks.
            if !at_most_bits(query_mask & !row.mask, max_edits)
                || !at_most_bits(row.mask & !query_mask, max_edits)
            {
                continue;
            }
            let line = self.line_at(starts.get(index));
            let line_key = match row.len {
                LONG_KEY => line_key(line.as_bytes()),
                len => &line.as_bytes()[..usize::from(len)],
            };
            if let Some(d) = distance_bytes(query, line_key, max_edits) {
                found.extend(Entry::parse(line).map(|e| (e, d)));
            }
        }
    }

    /// All entries, in table order.
    #[cfg(test)]
    pub fn entries(&self) -> impl Iterator<Item = Entry<'static>> {
        let [first, second] = self.sections();
        self.lines_from(first.start, first.end, |_| true).chain(self.lines_from(
            second.start,
            second.end,
            |_| true,
        ))
    }
}

/// Whether `bits` has at most `count` bits set: for one or two, by clearing the lowest set
/// bit that many times, which is cheaper than counting them on the baseline x86-64 target
/// (it has no population count instruction).
#[inline(always)]
fn at_most_bits(bits: u64, count: usize) -> bool {
    let without_lowest = |b: u64| b & b.wrapping_sub(1);
    match count {
        1 => without_lowest(bits) == 0,
        2 => without_lowest(without_lowest(bits)) == 0,
        _ => bits.count_ones() as usize <= count,
    }
}

#[cfg(test)]
mod tests {
    use super::super::key_index;
    use super::super::near_index;
    use super::super::spelling::fold;
    use super::*;

    #[test]
    fn table_is_sorted_and_keys_are_folded_spellings() {
        let mut previous: Option<Entry> = None;
        let mut count = 0;
        for entry in gazetteer().entries() {
            assert_eq!(fold(&entry.spelling()), entry.key, "{entry:?}");
            assert!((1..=4).contains(&entry.tier), "{entry:?}");
            if let Some(previous) = previous.filter(|p| (p.tier == 1) == (entry.tier == 1)) {
                assert_ne!(order(previous.key, entry.key), Ordering::Greater, "{entry:?}");
            }
            previous = Some(entry);
            count += 1;
        }
        assert!(count > 100_000, "{count}");
    }

    #[test]
    fn line_index_from_the_build_matches_the_table() {
        let fresh: Vec<usize> = std::iter::once(0)
            .chain(TABLE.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&start| start < TABLE.len())
            .collect();
        let built = gazetteer().line_starts();
        assert_eq!(built.len(), fresh.len());
        assert!(fresh.iter().enumerate().all(|(i, &start)| built.get(i) == start));
    }

    #[test]
    fn key_index_from_the_build_matches_the_table() {
        assert_eq!(KEY_INDEX.0, key_index::build(&key_index::runs(TABLE)));
    }

    #[test]
    fn near_index_from_the_build_matches_the_table() {
        assert_eq!(NEAR_INDEX.0, near_index::build(TABLE));
        assert_eq!(NEAR_INDEX.len(), gazetteer().line_starts().len());
    }

    #[test]
    fn near_misses_are_those_of_a_scan_of_every_entry() {
        let g = gazetteer();
        let entries: Vec<Entry> = g.entries().collect();
        let mut queries = Vec::new();
        for entry in entries.iter().step_by(1999).filter(|e| e.key.is_ascii() && e.key.len() > 2) {
            let key = entry.key.to_string();
            let mut dropped = key.clone();
            dropped.remove(key.len() / 2);
            let mut swapped = key.clone().into_bytes();
            swapped.swap(1, 2);
            queries.extend([key, dropped, String::from_utf8(swapped).unwrap()]);
        }
        for query in &queries {
            for (max_edits, tier) in [(1, 1), (1, 3), (2, 4)] {
                let expected: Vec<(&str, usize)> = entries
                    .iter()
                    .filter(|e| e.tier <= tier && e.key.as_bytes()[0] == query.as_bytes()[0])
                    .filter_map(|e| {
                        distance_bytes(query.as_bytes(), e.key.as_bytes(), max_edits)
                            .map(|d| (e.key, d))
                    })
                    .collect();
                let found: Vec<(&str, usize)> =
                    g.near(query, max_edits, tier).into_iter().map(|(e, d)| (e.key, d)).collect();
                assert_eq!(found, expected, "{query} {max_edits} {tier}");
            }
        }
    }

    #[test]
    fn lookup_finds_every_entry_of_a_key_in_table_order() {
        let mut by_key: std::collections::HashMap<&str, Vec<Entry>> = Default::default();
        for entry in gazetteer().entries() {
            by_key.entry(entry.key).or_default().push(entry);
        }
        for (key, entries) in &by_key {
            assert_eq!(&gazetteer().lookup(key).collect::<Vec<_>>(), entries, "{key}");
            assert!(gazetteer().contains(key), "{key}");
        }
        for absent in ["sweda", "homsx", "łódź", "a", ""] {
            assert_eq!(gazetteer().lookup(absent).count(), 0, "{absent}");
            assert!(!gazetteer().contains(absent), "{absent}");
        }
        // Every line of both sections is an entry, so a key's line is always one to find.
        let [first, second] = gazetteer().sections();
        assert_eq!(by_key.values().map(Vec::len).sum::<usize>(), {
            let lines = |r: Range<usize>| TABLE[r].lines().count();
            lines(first) + lines(second)
        });
    }

    #[test]
    fn known_places_and_their_alternate_spellings() {
        let g = gazetteer();
        let entity = |key: &str| g.lookup(key).map(|e| e.entity).collect::<Vec<_>>();
        for key in ["homs", "damascus", "sweida", "suwayda", "aleppo", "idlib", "syria"] {
            assert!(g.contains(key), "{key}");
        }
        // One city, three spellings.
        let sweida = entity("sweida");
        assert!(entity("suwayda").iter().any(|e| sweida.contains(e)));
        assert!(entity("hims").iter().any(|e| entity("homs").contains(e)));
        // Two countries.
        assert!(!entity("iran").iter().any(|e| entity("iraq").contains(e)));
        let homs: Vec<_> = g.lookup("homs").collect();
        assert!(homs.iter().any(|e| e.main && e.country == "SY" && e.spelling() == "Homs"));
        assert!(!g.contains("sweda"));
        assert!(!g.contains(""));
        assert!(!g.contains("łódź"));
        let jazeera: Vec<_> = g.lookup("aljazeera").collect();
        assert!(jazeera.iter().any(|e| e.is_international() && e.spelling() == "Al Jazeera"));
    }

    #[test]
    fn entries_are_parsed_as_split_fields() {
        for line in ["k\ts\te\tSY\t2m", "k\t\te\t-\t1", "k\ts\te\tSY\t3\textra", "k\ts\te\tSY", ""]
        {
            let fields: Vec<&str> = line.split('\t').collect();
            let expected = (fields.len() >= 5 && !fields[4].is_empty())
                .then(|| (fields[0], fields[1], fields[2], fields[3], fields[4].ends_with('m')));
            let parsed =
                Entry::parse(line).map(|e| (e.key, e.raw_spelling, e.entity, e.country, e.main));
            assert_eq!(parsed, expected, "{line:?}");
        }
    }

    #[test]
    fn at_most_bits_agrees_with_a_count() {
        for bits in [0u64, 1, 2, 3, 0b1011, 1 << 63, u64::MAX, 0x8000_0000_0000_0001] {
            for count in 0..4 {
                assert_eq!(at_most_bits(bits, count), bits.count_ones() as usize <= count);
            }
        }
    }

    #[test]
    fn near_misses_share_the_first_letter() {
        let g = gazetteer();
        let near = g.near("sweda", 1, 3);
        assert!(near.iter().any(|(e, d)| e.spelling() == "Sweida" && *d == 1), "{near:?}");
        assert!(near.iter().all(|(e, _)| e.key.starts_with('s')));
        assert!(g.near("sweda", 0, 3).is_empty());
        let near = g.near("aljezeera", 2, 1);
        assert!(near.iter().any(|(e, d)| e.spelling() == "Al Jazeera" && *d == 1), "{near:?}");
    }
}
