//! The `typography` pack end to end: quotation marks, brackets and spacing in whole articles,
//! well-edited ones that must pass and garbled ones that must not.

use std::sync::LazyLock;

use mtlint::fix::apply_fixes;
use mtlint::rules::{BUILTIN_PACKS, PackSource, RuleSet, load_pack};
use mtlint::{Category, Diagnostic, Document};

static TYPOGRAPHY_PACK: LazyLock<RuleSet> = LazyLock::new(|| {
    let (_, text) = BUILTIN_PACKS.iter().find(|(name, _)| *name == "typography.toml").unwrap();
    let source = PackSource {
        path: "rules/typography.toml".into(),
        text: (*text).to_string(),
        verify_examples: true,
    };
    RuleSet::new(load_pack(&source).unwrap())
});

fn lint(text: &str) -> Vec<Diagnostic> {
    TYPOGRAPHY_PACK.lint(&Document::new(text))
}

fn rules_and_matches(found: &[Diagnostic]) -> Vec<(&str, &str)> {
    found.iter().map(|d| (d.rule.as_str(), d.matched.as_str())).collect()
}

/// A well-edited story with curly quotes, a long quotation over two paragraphs, a nested
/// bracket, a list, a French quotation and numbers.
const CURLY_STORY: &str = "Flood barriers held along the river\n\
\n\
Flood barriers along the lower river held overnight, the regional authority said on Tuesday \
(its third statement this week). “The defences did what they were built to do,” said the chief \
engineer, Maria Lund. “We will keep watching them.”\n\
\n\
“The crews worked through the night to reinforce two sections near the old harbour.\n\
\n\
“About 300 residents who had left their homes can return this evening,” she added.\n\
\n\
The mayor of the twin town wrote: « Nous sommes solidaires ! » The river rose 1.5 metres; \
at 6:15 p.m. the gauge read 4.2 [see the chart (below)].\n\
\n\
What happens next:\n\
1) inspections\n\
2) repairs.\n";

/// The same kind of story with straight quotes throughout, spaced ellipses and a dateline.
const STRAIGHT_STORY: &str = "BEIRUT : More than 60 people were hurt, officials said.\n\
\n\
\"We are doing what we can,\" a doctor said. \"The hospital is full ... we need blood.\"\n\
\n\
He is 5'10\" tall, carried a 12\" screen and left at 10:30 a.m. The score was 2 : 1.\n";

#[test]
fn well_edited_stories_pass() {
    for story in [CURLY_STORY, STRAIGHT_STORY] {
        let found = lint(story);
        assert!(found.is_empty(), "{:#?}", rules_and_matches(&found));
    }
}

#[test]
fn a_garbled_translation_is_reported() {
    let text = "“It is true that we lack depth, but we will fight for what remains, “he said.\n\
                \n\
                The minister said the main lines , with a first assessment, were ready. “We did \
                well until another day, ”said the minister. “I can do this function”he added.\n\
                \n\
                The national project “Ecology”,” stressed the Vice Premier at 6:17 p.m .: the \
                impact was micro -economic (he said.\n\
                \n\
                The Minister of Finance,classified it as a start in the 22 th year.\n";
    let found = lint(text);
    assert_eq!(
        rules_and_matches(&found),
        [
            ("typography/misoriented-quote", "“"),
            ("typography/space-before-punctuation", "lines ,"),
            ("typography/space-before-punctuation", "day, ”"),
            ("typography/missing-space", "function”he"),
            ("typography/unbalanced-quote", "”"),
            ("typography/space-before-punctuation", "p.m ."),
            ("typography/split-prefix", "micro -economic"),
            ("typography/unclosed-bracket", "("),
            ("typography/missing-space", "Finance,classified"),
            ("typography/detached-ordinal", "22 th"),
        ]
    );
    assert!(found.iter().all(|d| d.category == Category::Typography));
}

#[test]
fn mixed_quotes_are_reported_once_per_document() {
    let text = "He said “yes”.\n\nShe said \"no\".\n\nThey said \"maybe\" and \"later\".\n";
    let found = lint(text);
    let mixed: Vec<&Diagnostic> =
        found.iter().filter(|d| d.rule == "typography/mixed-quotes").collect();
    assert_eq!(mixed.len(), 1);
    assert_eq!(mixed[0].span.start, text.find('“').unwrap());
    let fix = mixed[0].fix.as_ref().unwrap();
    assert_eq!(
        apply_fixes(text, [fix]),
        "He said \"yes\".\n\nShe said \"no\".\n\nThey said \"maybe\" and \"later\".\n"
    );
}

#[test]
fn spacing_fixes_leave_clean_text() {
    let text = "The main lines , with a plan. “We did well until another day, ”said the \
                minister. The Minister of Finance,classified it.";
    let found = lint(text);
    let fixed = apply_fixes(text, found.iter().filter_map(|d| d.fix.as_ref()));
    assert_eq!(
        fixed,
        "The main lines, with a plan. “We did well until another day,” said the minister. \
         The Minister of Finance, classified it."
    );
    assert!(lint(&fixed).is_empty(), "{:#?}", rules_and_matches(&lint(&fixed)));
}

/// Doubled spaces are common in well-edited copy too, so no built-in rule uses the
/// `double-space` kind; a house pack can.
const HOUSE_PACK: &str = r#"
[pack]
name = "house"
description = "House spacing"

[[rule]]
name = "double-space"
kind = "double-space"
category = "typography"
message = "two spaces in `{match}`"
description = "Two or more spaces between two words of a sentence."
examples = [
  { text = "The first  image was released.", expect = ["first  image"], fixed = "The first image was released." },
  { text = "It ended.  Then it began." },
  { text = "Name    Age    Town" },
]
"#;

#[test]
fn a_house_pack_can_ask_for_single_spaces() {
    let source =
        PackSource { path: "house.toml".into(), text: HOUSE_PACK.into(), verify_examples: true };
    let set = RuleSet::new(load_pack(&source).unwrap());
    let found = set.lint(&Document::new("A careful  editor.  Two spaces after a stop are fine."));
    assert_eq!(rules_and_matches(&found), [("house/double-space", "careful  editor.")]);
}
