//! A literal automaton that is quick to build and becomes fast to run once it has read enough
//! text to pay for it: a contiguous NFA at first, a DFA after about a megabyte.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// Bytes scanned after which the DFA is built. Building it takes about as long as the NFA
/// takes to scan 200 KB more than the DFA would, so a one-article run (an editor, a hook)
/// never builds it, and a run over a site or an archive soon does.
const DFA_AFTER_BYTES: usize = 1 << 20;

/// Standard (all matches) semantics whichever automaton runs: both report the same matches
/// in the same order.
#[derive(Debug)]
pub struct LiteralAutomaton {
    patterns: Vec<Vec<u8>>,
    first: AhoCorasick,
    fast: OnceLock<AhoCorasick>,
    scanned: AtomicUsize,
    building: AtomicBool,
}

impl LiteralAutomaton {
    /// The automaton of `patterns`; `None` when there are none.
    pub fn new(patterns: Vec<Vec<u8>>, dense_depth: usize) -> Option<Self> {
        if patterns.is_empty() {
            return None;
        }
        let first = Self::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
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

    fn builder() -> AhoCorasickBuilder {
        let mut builder = AhoCorasickBuilder::new();
        builder.match_kind(MatchKind::Standard);
        builder
    }

    /// The automaton to scan a haystack of `len` bytes with. The thread that takes the
    /// count past [`DFA_AFTER_BYTES`] builds the DFA; the others go on with the NFA meanwhile.
    pub fn for_scan(&self, len: usize) -> &AhoCorasick {
        if let Some(fast) = self.fast.get() {
            return fast;
        }
        let scanned = self.scanned.fetch_add(len, Ordering::Relaxed) + len;
        if scanned >= DFA_AFTER_BYTES && !self.building.swap(true, Ordering::AcqRel) {
            let dfa = Self::builder().kind(Some(AhoCorasickKind::DFA)).build(&self.patterns);
            // A DFA too large to build leaves the NFA in charge.
            if let Ok(dfa) = dfa {
                return self.fast.get_or_init(|| dfa);
            }
        }
        &self.first
    }

    #[cfg(test)]
    fn is_fast(&self) -> bool {
        self.fast.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(automaton: &AhoCorasick, text: &str) -> Vec<(usize, usize, usize)> {
        let found = automaton.find_overlapping_iter(text);
        found.map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect()
    }

    #[test]
    fn becomes_a_dfa_after_a_megabyte_with_the_same_matches() {
        let patterns: Vec<Vec<u8>> = ["the ", "he said", "said", "e s", "the the"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        let automaton = LiteralAutomaton::new(patterns, 2).unwrap();
        let text = "Then the the minister said he said it. The sea is wide. ";
        let before = matches(automaton.for_scan(text.len()), text);
        assert!(!before.is_empty());
        assert!(!automaton.is_fast());
        let after = matches(automaton.for_scan(DFA_AFTER_BYTES), text);
        assert!(automaton.is_fast());
        assert_eq!(before, after);
        assert!(std::ptr::eq(automaton.for_scan(1), automaton.fast.get().unwrap()));
    }

    #[test]
    fn no_patterns_no_automaton() {
        assert!(LiteralAutomaton::new(Vec::new(), 2).is_none());
    }
}
