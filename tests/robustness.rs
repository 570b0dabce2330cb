//! Every built-in rule, on arbitrary text in every input format: no panics, and every span and
//! fix edit lies on character boundaries of the file. Fixing applies whole fixes, keeps every
//! byte outside the applied edits, and settles.

mod common;

use common::{
    FORMATS, article_text, builtin as rules, check_diagnostics, fix_checked, piece, safe_fixes_left,
};
use mtlint::Document;
use mtlint::document::InputFormat;
use proptest::prelude::*;

fn check(text: &str, format: InputFormat) {
    check_diagnostics(text, &rules().lint(&Document::with_format(text.to_string(), format)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_in_every_format(pieces in prop::collection::vec(piece(), 0..80)) {
        let text: String = pieces.concat();
        for format in FORMATS {
            check(&text, format);
        }
    }
}

#[test]
fn no_break_space_before_a_word() {
    check("The minister\u{a0}said so, and the the rest followed.\n", InputFormat::Text);
}

fn lint_text(text: &str) -> Vec<mtlint::Diagnostic> {
    rules().lint(&Document::new(text.to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Fixing article-like text in every format, round by round: each round applies whole,
    /// non-overlapping fixes and keeps every byte outside their edits. Afterwards no safe fix
    /// is left, and fixing again changes nothing.
    #[test]
    fn fixing_settles(text in article_text(), unsafe_too in any::<bool>()) {
        for format in FORMATS {
            let lint = |t: &str| rules().lint(&Document::with_format(t.to_string(), format));
            let first = fix_checked(&text, lint, unsafe_too, 10);
            prop_assume!(!first.hit_limit);
            let left = safe_fixes_left(rules(), &first.text, format);
            prop_assert!(left.is_empty(), "{:?} in {:?}: {:?}", format, first.text, left);
            let second = fix_checked(&first.text, lint, unsafe_too, 10);
            prop_assert_eq!(&second.text, &first.text);
            prop_assert_eq!(second.fixed, 0);
        }
    }
}

#[test]
fn bytes_outside_the_edits_are_kept() {
    let text = "\u{feff}Intro line.\r\nCrews said the the ferry could of left.\r\nEnd.\r\n";
    let outcome = mtlint::fix::fix_until_stable(text, lint_text, false, 10);
    assert_eq!(
        outcome.text,
        "\u{feff}Intro line.\r\nCrews said the ferry could have left.\r\nEnd.\r\n"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// Linting documents together, one rule at a time across them, gives each document what
    /// linting it alone gives, with every rule or with some turned off.
    #[test]
    fn documents_linted_together_as_alone(
        texts in prop::collection::vec(article_text(), 1..6),
        off in prop::collection::vec(any::<bool>(), 0..8),
    ) {
        let rules = rules();
        let docs: Vec<Document> = texts.into_iter().map(Document::new).collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let every: Vec<bool> = rules.rules().iter().map(|r| r.enabled_by_default).collect();
        // Each drawn flag turns off every eighth rule from its place on.
        let some: Vec<bool> = every
            .iter()
            .enumerate()
            .map(|(i, on)| *on && !off.get(i % 8).copied().unwrap_or(false))
            .collect();
        for enabled in [&every, &some] {
            let together = rules.lint_many(&refs, enabled);
            prop_assert_eq!(together.len(), docs.len());
            for (doc, found) in docs.iter().zip(&together) {
                prop_assert_eq!(found, &rules.lint_enabled(doc, enabled));
            }
        }
    }
}
