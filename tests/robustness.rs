//! Every built-in rule, on arbitrary text in every input format: no panics, and every span and
//! fix edit lies on character boundaries of the file.

use mtlint::Document;
use mtlint::document::InputFormat;
use mtlint::rules::{RuleSet, builtin_sources, load_packs};
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let (rules, errors) = load_packs(&builtin_sources());
        assert!(errors.is_empty(), "{errors:?}");
        RuleSet::new(rules)
    })
}

/// Pieces that exercise the rules: words, names, markup, quotes, odd spaces and joiners,
/// combining marks, other scripts and mojibake.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("the ".to_string()),
        Just("The ".to_string()),
        Just("Launched ".to_string()),
        Just("Zelensky ".to_string()),
        Just("Zelenskiy ".to_string()),
        Just("de ".to_string()),
        Just("una mamma ".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{200d}".to_string()),
        Just("\u{301}".to_string()),
        Just("e\u{301}".to_string()),
        Just("Ã©".to_string()),
        Just("â€™".to_string()),
        Just("Київ ".to_string()),
        Just("القدس ".to_string()),
        Just("東京 ".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("&amp;".to_string()),
        Just("# ".to_string()),
        Just("`code` ".to_string()),
        Just("[link](http://x.y) ".to_string()),
        Just("TKTK ".to_string()),
        Just("| Syria".to_string()),
        "[a-zA-Z]{1,8} ",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn check(text: &str, format: InputFormat) {
    let doc = Document::with_format(text.to_string(), format);
    for d in rules().lint(&doc) {
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        for edit in d.fix.iter().flat_map(|f| f.edits.iter()) {
            assert!(text.is_char_boundary(edit.start) && text.is_char_boundary(edit.end));
        }
        for r in &d.related {
            assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_in_every_format(pieces in prop::collection::vec(piece(), 0..80)) {
        let text: String = pieces.concat();
        for format in [InputFormat::Text, InputFormat::Markdown, InputFormat::Html] {
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

    /// After fixing, no safe fix is left, and fixing again changes nothing.
    #[test]
    fn fixing_settles(pieces in prop::collection::vec(piece(), 0..60)) {
        let text: String = pieces.concat();
        let first = mtlint::fix::fix_until_stable(&text, lint_text, false, 10);
        prop_assume!(!first.hit_limit);
        let left = lint_text(&first.text);
        let safe_left = left.iter().filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applicability == mtlint::Applicability::Safe).count();
        prop_assert_eq!(safe_left, 0, "{:?}", first.text);
        let second = mtlint::fix::fix_until_stable(&first.text, lint_text, false, 10);
        prop_assert_eq!(second.text, first.text);
        prop_assert_eq!(second.fixed, 0);
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
