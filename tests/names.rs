//! The names pack at the document level: names spelled two ways, near misses of known
//! names, pack-defined variants and names, and the cost on a long document.

use mtlint::rules::{BUILTIN_PACKS, PackSource, RuleSet, load_pack};
use mtlint::{Applicability, Category, Diagnostic, Document};

fn names_pack() -> RuleSet {
    let (_, text) = BUILTIN_PACKS.iter().find(|(name, _)| *name == "names.toml").unwrap();
    let source =
        PackSource { path: "names.toml".into(), text: (*text).into(), verify_examples: true };
    RuleSet::new(load_pack(&source).unwrap())
}

fn lint(text: &str) -> Vec<Diagnostic> {
    names_pack().lint(&Document::new(text))
}

fn matched(diagnostics: &[Diagnostic]) -> Vec<(&str, &str)> {
    diagnostics.iter().map(|d| (d.rule.as_str(), d.matched.as_str())).collect()
}

const STORY: &str = "\
At least 100 people died when drones struck the military academy in Homs, Syria, on Thursday.

Zeina Khodr, a journalist who has followed Syria for years, said the attack was a major \
security failure. Syrian state media blamed armed groups.

Government forces shelled Idlib throughout the day. “The regime is holding the opposition \
accountable,” recounted Jeana Coder.

The attack came after weeks of protests in Sweda, in the south of the country.
";

#[test]
fn a_story_with_a_name_spelled_twice_and_a_misspelled_city() {
    let diagnostics = lint(STORY);
    assert_eq!(
        matched(&diagnostics),
        [("names/inconsistent-spelling", "Jeana Coder"), ("names/misspelled-name", "Sweda")]
    );

    let coder = &diagnostics[0];
    assert_eq!(coder.category, Category::NameInconsistency);
    assert_eq!(coder.related.len(), 1);
    assert_eq!(&STORY[coder.related[0].span.clone()], "Zeina Khodr");
    assert_eq!(coder.related[0].message, "first spelled `Zeina Khodr` here");
    let fix = coder.fix.as_ref().unwrap();
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(fix.edits[0].replacement, "Zeina Khodr");

    let sweda = &diagnostics[1];
    assert_eq!(sweda.category, Category::MisspelledName);
    assert_eq!(sweda.message, "`Sweda` looks like a misspelling of `Sweida`");
    assert_eq!(sweda.fix.as_ref().unwrap().edits[0].replacement, "Sweida");
}

#[test]
fn the_less_used_spelling_is_reported_at_every_place() {
    let text = "Zelensky spoke on Monday. Volodymyr Zelenskiy met reporters. Zelensky said the \
                winter would be hard. We remind you that V. Zelenskiy stayed in Kyiv.";
    let diagnostics = lint(text);
    assert_eq!(
        matched(&diagnostics),
        [
            ("names/inconsistent-spelling", "Zelenskiy"),
            ("names/inconsistent-spelling", "Zelenskiy")
        ]
    );
    assert!(diagnostics.iter().all(|d| d.related[0].span == (0..8)));
}

#[test]
fn clean_stories_pass() {
    let silent = [
        "Bushfires burned near Mittagong and Goulburn on Sunday. Residents of Hill Top and \
         Gunning were told to leave, and the Hume Highway was closed near Goulburn.",
        "Iran and Iraq agreed to reopen the border. Iran will supply gas to Iraq from March, \
         the Iraqi oil minister said.",
        "Austria beat Australia 2-1. Fans in Austria celebrated while Australia's coach said \
         Australia had played well.",
        "Israeli jets struck Gaza overnight. Hospitals across the Gaza Strip ran short of fuel, \
         officials in Gaza said.",
        "Mounir Mustafa, a member of the civil defence, said six people died. Mustafa said the \
         targets included three schools.",
        "Protests spread to Suwayda, also spelt Sweida, in the south. By night the crowds in \
         Sweida had grown.",
        "The minister flew to Kyiv (Kiev) on Monday. In Kyiv she met the prime minister.",
        "Syria denied the report. Syrian officials said Syria's army had not moved, and the \
         Syrians were not told.",
    ];
    for text in silent {
        let diagnostics = lint(text);
        assert!(diagnostics.is_empty(), "{text}: {:?}", matched(&diagnostics));
    }
}

#[test]
fn variants_and_names_from_a_pack() {
    let pack = r#"
[pack]
name = "house"
description = "House spellings"

[[rule]]
name = "president"
kind = "name-consistency"
category = "name-inconsistency"
message = "`{match}`: this text also writes `{replacement}`"
description = "Our spellings of names."
variants = [["Zelensky", "Zelenskyy", "Zelenskiy"]]
examples = [
  { text = "Zelenskyy spoke. Later Zelensky left.", expect = ["Zelenskyy"], fixed = "Zelensky spoke. Later Zelensky left." },
  { text = "Zelenskyy spoke. Later Zelenskyy left." },
]

[[rule]]
name = "institutes"
kind = "known-name"
category = "misspelled-name"
message = "did you mean `{replacement}`?"
description = "Names we write often."
names = ["Brightwater Institute"]
max_edits = 1
examples = [
  { text = "A study by the Brightwatter Institute was cited.", expect = ["Brightwatter Institute"] },
  { text = "A study by the Brightwater Institute was cited." },
]
"#;
    let source = PackSource { path: "house.toml".into(), text: pack.into(), verify_examples: true };
    let set = RuleSet::new(load_pack(&source).unwrap());
    let text = "Zelenskiy spoke. Zelensky replied. The Brightwatter Institute agreed.";
    let diagnostics = set.lint(&Document::new(text));
    assert_eq!(
        matched(&diagnostics),
        [("house/president", "Zelenskiy"), ("house/institutes", "Brightwatter Institute")]
    );
    assert_eq!(diagnostics[0].fix.as_ref().unwrap().edits[0].replacement, "Zelensky");
}

#[test]
fn a_bad_variant_group_is_a_load_error() {
    let pack = r#"
[pack]
name = "house"
description = "House spellings"

[[rule]]
name = "president"
kind = "name-consistency"
category = "name-inconsistency"
message = "`{match}`"
description = "Our spellings of names."
variants = [["Zelensky"]]
examples = [{ text = "Zelensky spoke.", expect = [] }]
"#;
    let source =
        PackSource { path: "house.toml".into(), text: pack.into(), verify_examples: false };
    let error = load_pack(&source).unwrap_err();
    assert!(error.to_string().contains("two or more spellings"), "{error}");
}

#[test]
fn a_long_document_is_linted_in_linear_time() {
    // Short stories run together, each with its own names: the comparisons must stay within
    // buckets, not run over every pair of mentions, so four times the text takes about four
    // times as long.
    let story = |i: usize| {
        format!(
            "Reporter Amira Haddad{i} said forces shelled Idlib and Homs on day {i}. Officials \
             in Damascus and Aleppo denied it, and Haddad{i} said the Syrian army moved north.\n\n"
        )
    };
    let set = names_pack();
    let time = |stories: usize| {
        let doc = Document::new((0..stories).map(story).collect::<String>());
        let started = std::time::Instant::now();
        let diagnostics = set.lint(&doc);
        assert!(diagnostics.is_empty(), "{:?}", matched(&diagnostics));
        started.elapsed()
    };
    time(10);
    let small = time(100);
    let large = time(400);
    assert!(large < small * 12, "100 stories: {small:?}, 400 stories: {large:?}");
}
