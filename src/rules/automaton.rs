//! A literal automaton that is quick to build and becomes fast to run once it has read enough
//! text to pay for it: a contiguous NFA at first, a DFA after a quarter of a megabyte.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind, dfa};

/// Bytes scanned after which the DFA is built. Building it takes about as long as the NFA
/// takes to scan 200 KB more than the DFA would (some 400 KB in instructions), so the NFA
/// does not scan much more than that: a one-article run (an editor, a hook) never builds
/// it, and a run over a site or an archive builds it at once.
const DFA_AFTER_BYTES: usize = 1 << 18;

/// Standard (all matches) semantics whichever automaton runs: both report the same matches
/// in the same order.
#[derive(Debug)]
pub struct LiteralAutomaton {
    patterns: Vec<Vec<u8>>,
    first: contiguous::NFA,
    fast: OnceLock<dfa::DFA>,
    scanned: AtomicUsize,
    building: AtomicBool,
}

impl LiteralAutomaton {
    /// The automaton of `patterns`; `None` when there are none.
    pub fn new(patterns: Vec<Vec<u8>>, dense_depth: usize) -> Option<Self> {
        if patterns.is_empty() {
            return None;
        }
        let first = contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .dense_depth(dense_depth)
            .build(&patterns)
            .expect("literal automaton builds");
        Some(LiteralAutomaton {
            patterns,
            first,
            fast: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            building: AtomicBool::new(false),
        })
    }

    /// Calls `found(pattern, start)` for every occurrence of every pattern in `haystack`, in
    /// the order of their ends, those that end together in the automaton's order (that of
    /// `find_overlapping_iter`). The thread that takes the bytes scanned past
    /// [`DFA_AFTER_BYTES`] builds the DFA; the others go on with the NFA meanwhile.
    pub fn scan(&self, haystack: &[u8], found: impl FnMut(usize, usize)) {
        if let Some(fast) = self.fast.get() {
            return scan_with(fast, haystack, found);
        }
        let len = haystack.len();
        let scanned = self.scanned.fetch_add(len, Ordering::Relaxed) + len;
        if scanned >= DFA_AFTER_BYTES && !self.building.swap(true, Ordering::AcqRel) {
            let dfa = dfa::DFA::builder().match_kind(MatchKind::Standard).build(&self.patterns);
            // A DFA too large to build leaves the NFA in charge.
            if let Ok(dfa) = dfa {
                return scan_with(self.fast.get_or_init(|| dfa), haystack, found);
            }
        }
        scan_with(&self.first, haystack, found)
    }

    #[cfg(test)]
    fn is_fast(&self) -> bool {
        self.fast.get().is_some()
    }
}

/// Stretches of text scanned side by side by [`scan_with`]. Each byte's state depends on the
/// last one's through a table lookup, so one scan waits on memory at every byte; several
/// independent scans keep the processor busy while each waits.
const LANES: usize = 4;
/// The longest stretch a lane scans before the matches found so far are reported: long
/// enough that starting a lane costs little, short enough that its matches stay in cache.
const MAX_LANE_BYTES: usize = 16 << 10;
/// Texts shorter than this many bytes a lane are scanned in one pass.
const MIN_LANE_BYTES: usize = 256;

/// The overlapping search of `aho_corasick` without its iterator, which resumes a search
/// (and so checks its state) for every match, and many of the keys are common words.
///
/// The text is scanned in stretches of [`LANES`] lanes. An automaton's state after any text
/// is that of the longest suffix of the text that begins a pattern, so a lane that starts
/// afresh `max_pattern_len` bytes before its stretch is in the state of a scan from the
/// start when it reaches it: its matches are those of the one scan, and reported in order,
/// lane after lane, they come in the same order.
fn scan_with<A: Automaton>(automaton: &A, haystack: &[u8], mut found: impl FnMut(usize, usize)) {
    let Ok(start) = automaton.start_state(Anchored::No) else { return };
    let warm_up = automaton.max_pattern_len();
    let lane_bytes = (haystack.len() / LANES).min(MAX_LANE_BYTES);
    let mut sid = start;
    let mut at = 0;
    if lane_bytes >= MIN_LANE_BYTES.max(warm_up) {
        let mut hits: [Vec<(usize, StateID)>; LANES] = Default::default();
        while haystack.len() - at >= LANES * lane_bytes {
            let stretch = &haystack[at..at + LANES * lane_bytes];
            let mut sids = [start; LANES];
            sids[0] = sid;
            for (lane, lane_sid) in sids.iter_mut().enumerate().skip(1) {
                let from = lane * lane_bytes;
                for &byte in &stretch[from - warm_up..from] {
                    *lane_sid = automaton.next_state(Anchored::No, *lane_sid, byte);
                }
            }
            for i in 0..lane_bytes {
                for (lane, lane_sid) in sids.iter_mut().enumerate() {
                    let end = lane * lane_bytes + i;
                    *lane_sid = automaton.next_state(Anchored::No, *lane_sid, stretch[end]);
                    if automaton.is_special(*lane_sid) {
                        hits[lane].push((at + end + 1, *lane_sid));
                    }
                }
            }
            for lane_hits in &mut hits {
                for (end, hit_sid) in lane_hits.drain(..) {
                    report(automaton, hit_sid, end, &mut found);
                }
            }
            sid = sids[LANES - 1];
            at += stretch.len();
        }
    }
    for (offset, &byte) in haystack[at..].iter().enumerate() {
        sid = automaton.next_state(Anchored::No, sid, byte);
        if automaton.is_special(sid) {
            report(automaton, sid, at + offset + 1, &mut found);
        }
    }
}

/// The matches of a special state reached at `end`, kept out of the scan's loop: most bytes
/// reach none, and the loop keeps its registers.
#[cold]
#[inline(never)]
fn report<A: Automaton>(
    automaton: &A,
    sid: StateID,
    end: usize,
    found: &mut impl FnMut(usize, usize),
) {
    if automaton.is_match(sid) {
        for i in 0..automaton.match_len(sid) {
            let pattern = automaton.match_pattern(sid, i);
            found(pattern.as_usize(), end - automaton.pattern_len(pattern));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(automaton: &LiteralAutomaton, text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        automaton.scan(text.as_bytes(), |pattern, start| found.push((pattern, start)));
        found
    }

    /// The matches of the library's own overlapping search.
    fn reference(patterns: &[Vec<u8>], text: &str) -> Vec<(usize, usize)> {
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .unwrap();
        let found = automaton.find_overlapping_iter(text);
        found.map(|m| (m.pattern().as_usize(), m.start())).collect()
    }

    #[test]
    fn becomes_a_dfa_after_enough_text_with_the_same_matches() {
        let patterns: Vec<Vec<u8>> = ["the ", "he said", "said", "e s", "the the"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        let automaton = LiteralAutomaton::new(patterns.clone(), 2).unwrap();
        let text = "Then the the minister said he said it. The sea is wide. ";
        let before = matches(&automaton, text);
        assert!(!before.is_empty());
        assert!(!automaton.is_fast());
        automaton.scan(&vec![b' '; DFA_AFTER_BYTES], |_, _| {});
        assert!(automaton.is_fast());
        assert_eq!(matches(&automaton, text), before);
        assert_eq!(before, reference(&patterns, text));
    }

    proptest::proptest! {
        /// Both automata find what the library's overlapping search finds, in its order.
        #[test]
        fn scans_match_the_overlapping_search(
            patterns in proptest::collection::vec(proptest::collection::vec(b'a'..b'e', 1..5), 1..12),
            text in proptest::collection::vec(b'a'..b'f', 0..3000),
        ) {
            let text = String::from_utf8(text).unwrap();
            let expected = reference(&patterns, &text);
            let automaton = LiteralAutomaton::new(patterns, 1).unwrap();
            proptest::prop_assert_eq!(matches(&automaton, &text), expected.clone());
            automaton.scanned.store(DFA_AFTER_BYTES, Ordering::Relaxed);
            automaton.scan(b"", |_, _| {});
            proptest::prop_assert!(automaton.is_fast());
            proptest::prop_assert_eq!(matches(&automaton, &text), expected);
        }
    }

    /// Texts long enough to be scanned in lanes, over several stretches and a tail.
    #[test]
    fn lanes_find_what_one_scan_finds_in_its_order() {
        let patterns: Vec<Vec<u8>> = ["ab", "abcab", "b", "cabd", "dd", "bca", "a"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        // A fixed pseudo-random text over few letters, so that matches cross every lane's
        // start and end.
        let mut seed = 7u32;
        let text: String = (0..LANES * MAX_LANE_BYTES * 2 + 1234)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from(b'a' + (seed >> 16) as u8 % 4)
            })
            .collect();
        for len in [text.len(), LANES * MIN_LANE_BYTES, LANES * MAX_LANE_BYTES + 3, 5000] {
            let text = &text[..len];
            let expected = reference(&patterns, text);
            let automaton = LiteralAutomaton::new(patterns.clone(), 2).unwrap();
            assert_eq!(matches(&automaton, text), expected, "NFA, {len} bytes");
            assert!(!automaton.is_fast());
            automaton.scanned.store(DFA_AFTER_BYTES, Ordering::Relaxed);
            assert_eq!(matches(&automaton, text), expected, "DFA, {len} bytes");
        }
    }

    #[test]
    fn no_patterns_no_automaton() {
        assert!(LiteralAutomaton::new(Vec::new(), 2).is_none());
    }
}
