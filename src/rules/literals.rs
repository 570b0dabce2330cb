//! One Aho-Corasick automaton over the literal words and phrases of every rule.

use std::collections::HashMap;

use super::automaton::LiteralAutomaton;
use super::text::is_word_bounded;
use super::{Hit, Rule};
use crate::document::Document;

/// A literal word or phrase of a rule.
#[derive(Debug, Clone)]
pub struct Literal {
    /// NFC text of the literal.
    pub text: String,
    pub ignorecase: bool,
}

/// The automaton plus, for each of its patterns, the rules and literals that own it.
#[derive(Debug)]
pub struct LiteralIndex {
    automaton: Option<LiteralAutomaton>,
    /// For each automaton pattern: (rule index, literal index within the rule).
    owners: Vec<Vec<(usize, usize)>>,
}

impl LiteralIndex {
    pub fn new(rules: &[Rule]) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        for (rule_index, rule) in rules.iter().enumerate() {
            for (literal_index, literal) in rule.check.literals().iter().enumerate() {
                for variant in automaton_variants(literal) {
                    // The scan folds ASCII case only, so patterns are keyed on that fold.
                    let key = variant.to_ascii_lowercase();
                    let id = *ids.entry(key.clone()).or_insert_with(|| {
                        patterns.push(key);
                        owners.push(Vec::new());
                        patterns.len() - 1
                    });
                    if !owners[id].contains(&(rule_index, literal_index)) {
                        owners[id].push((rule_index, literal_index));
                    }
                }
            }
        }
        let automaton =
            LiteralAutomaton::new(patterns.into_iter().map(String::into_bytes).collect(), 3);
        LiteralIndex { automaton, owners }
    }

    /// Adds every word-bounded hit of every rule's literals, respecting each literal's case.
    /// `folded` is the document's matching text with ASCII letters in lower case.
    pub fn find(
        &self,
        doc: &Document,
        folded: &str,
        rules: &[Rule],
        hits_by_rule: &mut [Vec<Hit>],
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let text = doc.matching_text();
        // ASCII case is folded in the text rather than in the automaton, whose every state
        // would otherwise branch for both cases: it builds several times faster.
        for m in automaton.for_scan(folded.len()).find_overlapping_iter(folded) {
            let range = m.range();
            if !text.is_char_boundary(range.start)
                || !text.is_char_boundary(range.end)
                || !is_word_bounded(text, &range)
            {
                continue;
            }
            let found = &text[range.clone()];
            for &(rule_index, literal_index) in &self.owners[m.pattern().as_usize()] {
                let literal = &rules[rule_index].check.literals()[literal_index];
                if literal_matches(literal, found) {
                    hits_by_rule[rule_index]
                        .push(Hit { index: literal_index, range: range.clone() });
                }
            }
        }
    }
}

/// Exact comparison for case-sensitive literals; for case-insensitive ones, the scan
/// already folded ASCII, and the variants cover the usual cases of non-ASCII letters.
fn literal_matches(literal: &Literal, found: &str) -> bool {
    if literal.ignorecase {
        found.to_lowercase() == literal.text.to_lowercase()
    } else {
        found == literal.text
    }
}

/// The spellings to put in the automaton: the literal itself and, when case does not matter
/// and it has non-ASCII letters, its lower, upper and capitalized forms.
fn automaton_variants(literal: &Literal) -> Vec<String> {
    let mut variants = vec![literal.text.clone()];
    if literal.ignorecase && !literal.text.is_ascii() {
        let lower = literal.text.to_lowercase();
        let mut chars = lower.chars();
        let capitalized: String = chars
            .next()
            .map_or_else(String::new, |head| head.to_uppercase().chain(chars).collect());
        for v in [lower.clone(), literal.text.to_uppercase(), capitalized] {
            if !variants.contains(&v) {
                variants.push(v);
            }
        }
    }
    variants
}

/// Sorts hits by position and drops any that overlap an earlier, longer one.
pub fn keep_leftmost_longest(hits: &mut Vec<Hit>) {
    hits.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
    let mut end = 0;
    let mut first = true;
    hits.retain(|hit| {
        let keep = first || hit.range.start >= end;
        if keep {
            end = hit.range.end;
            first = false;
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use crate::rules::matched_by_pack;

    const PACK: &str = r#"
[pack]
name = "t"
description = "test"

[[rule]]
name = "any-case"
kind = "existence"
category = "style"
message = "`{match}`"
description = "Literals whose case does not matter."
ignorecase = true
tokens = ["Press Release", "école normale", "ÉTÉ"]
examples = []

[[rule]]
name = "exact-case"
kind = "existence"
category = "style"
message = "`{match}`"
description = "Literals whose case matters."
ignorecase = false
tokens = ["TK", "Río"]
examples = []
"#;

    #[test]
    fn the_scan_folds_ascii_case_and_each_literal_keeps_its_own() {
        let found = matched_by_pack(
            PACK,
            "A PRESS RELEASE, a press release. L'École Normale, l'ÉCOLE NORMALE; été, Été. \
             TK and tk. Río, RÍO and río.",
        );
        assert_eq!(
            found,
            [
                "PRESS RELEASE",
                "press release",
                "École Normale",
                "ÉCOLE NORMALE",
                "été",
                "Été",
                "TK",
                "Río"
            ],
            "{found:?}"
        );
    }
}
