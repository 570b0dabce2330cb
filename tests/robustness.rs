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
