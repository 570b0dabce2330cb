//! The literal words and phrases of every rule, found by the rule set's one literal scan.

use std::collections::HashMap;
use std::ops::Range;

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

/// The literals of every rule as one list of patterns, folded to ASCII lower case, for the
/// shared literal scan (see `prefilter::RegexIndex`), with the rules and literals that own
/// each pattern.
#[derive(Debug)]
pub struct LiteralIndex {
    patterns: Vec<Vec<u8>>,
    /// For each pattern: (rule index, literal index within the rule).
    owners: Vec<Vec<(usize, usize)>>,
}

impl LiteralIndex {
    pub fn new(rules: &[Rule]) -> Self {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut owners: Vec<Vec<(usize, usize)>> = Vec::new();
        for (rule_index, rule) in rules.iter().enumerate() {
            for (literal_index, literal) in rule.check.literals().iter().enumerate() {
                for variant in automaton_variants(literal) {
                    // The scan folds ASCII case only, so patterns are keyed on that fold.
                    let key = variant.to_ascii_lowercase();
                    let id = *ids.entry(key.clone()).or_insert_with(|| {
                        patterns.push(key.into_bytes());
                        owners.push(Vec::new());
                        patterns.len() - 1
                    });
                    if !owners[id].contains(&(rule_index, literal_index)) {
                        owners[id].push((rule_index, literal_index));
                    }
                }
            }
        }
        LiteralIndex { patterns, owners }
    }

    /// The patterns the scan looks for, folded to ASCII lower case.
    pub fn patterns(&self) -> &[Vec<u8>] {
        &self.patterns
    }

    /// Adds the hits of the pattern `pattern` found at `range` of the document's matching
    /// text: one for each literal it spells, when the range is word-bounded and the literal's
    /// case holds.
    pub fn add_hits(
        &self,
        doc: &Document,
        pattern: usize,
        range: Range<usize>,
        rules: &[Rule],
        hits_by_rule: &mut [Vec<Hit>],
    ) {
        let text = doc.matching_text();
        if !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
            || !is_word_bounded(text, &range)
        {
            return;
        }
        let found = &text[range.clone()];
        for &(rule_index, literal_index) in &self.owners[pattern] {
            let literal = &rules[rule_index].check.literals()[literal_index];
            if literal_matches(literal, found) {
                hits_by_rule[rule_index].push(Hit { index: literal_index, range: range.clone() });
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
