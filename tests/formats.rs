//! The same article as plain text, Markdown and HTML gives the same findings, each pointing at
//! the right bytes of its own file.

use mtlint::document::InputFormat;
use mtlint::rules::{RuleSet, builtin_sources, load_packs};
use mtlint::{Diagnostic, Document};

fn rules() -> RuleSet {
    let (rules, errors) = load_packs(&builtin_sources());
    assert!(errors.is_empty(), "{errors:?}");
    RuleSet::new(rules)
}

fn lint(name: &str) -> (String, Vec<Diagnostic>) {
    let path = format!("{}/tests/fixtures/formats/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = Document::with_format(text.clone(), InputFormat::from_path(name));
    (text, rules().lint(&doc))
}

/// (rule, the text of the file under the span) of every finding.
fn findings(name: &str) -> Vec<(String, String)> {
    let (text, diagnostics) = lint(name);
    diagnostics.iter().map(|d| (d.rule.clone(), text[d.span.clone()].to_string())).collect()
}

#[test]
fn three_formats_same_findings() {
    let txt = findings("bridge.txt");
    let md = findings("bridge.md");
    let html = findings("bridge.html");
    let rules: Vec<&str> = txt.iter().map(|(rule, _)| rule.as_str()).collect();
    for expected in [
        "mt/headline-label",
        "core/doubled-word",
        "core/placeholder",
        "core/wrong-form",
        "mt/lowercase-start",
        "mt/midsentence-capital",
    ] {
        assert!(rules.contains(&expected), "{expected} missing from {txt:#?}");
    }
    assert_eq!(md, txt, "Markdown differs from plain text");
    // The HTML version writes the quotes as character references.
    let html_plain: Vec<(String, String)> = html
        .into_iter()
        .map(|(rule, text)| (rule, text.replace("&ldquo;", "“").replace("&rdquo;", "”")))
        .collect();
    assert_eq!(html_plain, txt, "HTML differs from plain text");
}

#[test]
fn code_front_matter_and_scripts_are_not_linted() {
    for name in ["bridge.md", "bridge.html"] {
        let (text, diagnostics) = lint(name);
        let doubled = diagnostics.iter().filter(|d| d.rule == "core/doubled-word").count();
        assert_eq!(doubled, 1, "{name}: only the prose's doubled word");
        for d in &diagnostics {
            let line = text[..d.span.start].lines().count();
            assert!(!text[d.span.clone()].contains('<'), "{name}:{line}: span covers markup");
        }
    }
}

#[test]
fn a_fix_in_html_replaces_the_right_bytes() {
    let (text, diagnostics) = lint("bridge.html");
    let wrong = diagnostics.iter().find(|d| d.matched == "could of").unwrap();
    let fixed = mtlint::fix::apply_fixes(&text, wrong.fix.iter());
    assert!(fixed.contains("We could have reopened earlier,&rdquo;"), "{fixed}");
}
