//! Rule packs: the embedded packs, their examples, and errors in broken packs.

use mtlint::rules::{
    BUILTIN_PACKS, PackSource, RuleSet, builtin_sources, load_pack, load_packs, test_rule,
};
use mtlint::{Category, Document};

#[test]
fn every_pack_in_rules_dir_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> =
        BUILTIN_PACKS.iter().map(|(name, _)| name.to_string()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded, "add new packs in rules/ to BUILTIN_PACKS");
    for (name, text) in BUILTIN_PACKS {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), *text);
    }
}

#[test]
fn builtin_packs_load_and_every_example_passes() {
    let (rules, errors) = load_packs(&builtin_sources());
    assert!(errors.is_empty(), "{errors:?}");
    let set = RuleSet::new(rules);
    assert!(set.rules().len() >= 3);
    let mut failures = Vec::new();
    for index in 0..set.rules().len() {
        failures.extend(test_rule(&set, index));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn source(text: &str) -> PackSource {
    PackSource { path: "house.toml".into(), text: text.into(), verify_examples: true }
}

const GOOD_RULE: &str = r#"
[pack]
name = "house"
description = "House style"

[[rule]]
name = "no-utilize"
kind = "substitution"
category = "style"
message = "prefer `{replacement}` to `{match}`"
description = "Plain words."
examples = [
  { text = "They utilize drones.", expect = ["utilize"], fixed = "They use drones." },
  { text = "They use drones." },
]
[rule.swap]
utilize = "use"
"#;

#[test]
fn a_user_pack_loads_and_lints() {
    let rules = load_pack(&source(GOOD_RULE)).unwrap();
    assert_eq!(rules[0].id, "house/no-utilize");
    assert_eq!(rules[0].category, Category::Style);
    let set = RuleSet::new(rules);
    let doc = Document::new("We Utilize it.");
    let found = set.lint(&doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "prefer `Use` to `Utilize`");
    assert_eq!(found[0].span, 3..10);
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.trim_start().starts_with(prefix)).unwrap() + 1
}

/// Loads a broken pack and returns the error's message, label and 1-based line:column.
fn error_of(text: &str) -> (String, String, Option<(usize, usize)>) {
    let err = load_pack(&source(text)).unwrap_err();
    (err.message.clone(), err.label.clone(), err.line_col())
}

#[test]
fn toml_syntax_error_points_at_the_line() {
    let (message, _, at) = error_of("[pack]\nname = \"x\"\ndescription = \"d\n");
    assert!(message.contains("string"), "{message}");
    assert_eq!(at.map(|(line, _)| line), Some(3));
}

#[test]
fn unknown_key_is_an_error_at_the_key() {
    let text = GOOD_RULE.replace("kind = \"substitution\"", "kind = \"substitution\"\nlevel = 3");
    let (message, _, at) = error_of(&text);
    assert!(message.contains("unknown field `level`"), "{message}");
    let line = text.lines().position(|l| l.starts_with("level")).unwrap() + 1;
    assert_eq!(at, Some((line, 1)));
}

#[test]
fn unknown_kind_is_an_error() {
    let text = GOOD_RULE.replace("\"substitution\"", "\"subst\"");
    let (message, _, at) = error_of(&text);
    assert_eq!(message, "unknown rule kind `subst`");
    assert_eq!(at, Some((line_of(&text, "kind ="), 8)));
}

#[test]
fn missing_field_is_an_error() {
    let (message, _, _) = error_of(&GOOD_RULE.replace("category = \"style\"\n", ""));
    assert!(message.contains("missing field `category`"), "{message}");
}

#[test]
fn unknown_category_is_an_error() {
    let text = GOOD_RULE.replace("\"style\"", "\"grammar\"");
    let (message, _, at) = error_of(&text);
    assert!(message.contains("unknown variant `grammar`"), "{message}");
    assert_eq!(at.map(|(l, _)| l), Some(line_of(&text, "category =")));
}

#[test]
fn key_of_another_kind_is_an_error() {
    let text =
        GOOD_RULE.replace("kind = \"substitution\"", "kind = \"substitution\"\ntokens = [\"x\"]");
    let (message, label, _) = error_of(&text);
    assert_eq!(message, "key `tokens` does not apply to kind `substitution`");
    assert!(label.contains("swap"), "{label}");
}

#[test]
fn bad_regex_points_at_the_pattern() {
    let text = r#"
[pack]
name = "house"
description = "d"

[[rule]]
name = "bad"
kind = "existence"
category = "style"
message = "m"
description = "d"
patterns = ['(unclosed']
examples = [{ text = "x", expect = ["x"] }, { text = "y" }]
"#;
    let (message, label, at) = error_of(text);
    assert_eq!(message, "invalid regular expression");
    assert!(label.contains("unclosed group"), "{label}");
    assert_eq!(at, Some((12, 13)));
}

#[test]
fn duplicate_rule_id_is_an_error() {
    let text = format!("{GOOD_RULE}\n{}", &GOOD_RULE[GOOD_RULE.find("[[rule]]").unwrap()..]);
    let (message, label, at) = error_of(&text);
    assert_eq!(message, "duplicate rule id `house/no-utilize`");
    assert_eq!(label, "defined again here");
    let second_rule = text.lines().enumerate().filter(|(_, l)| l.starts_with("[[rule]]")).nth(1);
    let second_rule_line = second_rule.unwrap().0 + 1;
    let (line, _) = at.unwrap();
    assert!(line >= second_rule_line, "error at line {line}, second rule at {second_rule_line}");
}

#[test]
fn duplicate_rule_id_across_packs_is_an_error() {
    let (rules, errors) = load_packs(&[source(GOOD_RULE), source(GOOD_RULE)]);
    assert_eq!(rules.len(), 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "duplicate rule id `house/no-utilize`");
}

#[test]
fn failing_example_points_at_the_example() {
    let text =
        GOOD_RULE.replace("{ text = \"They use drones.\" }", "{ text = \"They utilize it.\" }");
    let (message, label, at) = error_of(&text);
    assert_eq!(message, "example of `house/no-utilize` fails");
    assert!(label.starts_with("must not fire"), "{label}");
    assert_eq!(at.map(|(l, _)| l), Some(line_of(&text, "{ text = \"They utilize it.\"")));
}

#[test]
fn a_rule_without_negative_examples_is_rejected() {
    let text = GOOD_RULE.replace("  { text = \"They use drones.\" },\n", "");
    let (_, label, _) = error_of(&text);
    assert_eq!(label, "no example that must not fire");
}

#[test]
fn unknown_placeholder_is_an_error() {
    let (message, _, _) = error_of(&GOOD_RULE.replace("{replacement}", "{fix}"));
    assert_eq!(message, "unknown placeholder `{fix}` in message");
}

/// Built-in regexes compile on first use, so the suite compiles each of them here.
/// A Unicode `\b` makes the regex engine give up its fast automaton at the first non-ASCII
/// character and fall back to its slowest one, so the built-in packs use ASCII boundaries.
#[test]
fn builtin_regexes_compile_and_use_ascii_word_boundaries() {
    let (rules, _) = load_packs(&builtin_sources());
    let mut offenders = Vec::new();
    for rule in &rules {
        for regex in rule.check.patterns() {
            assert!(
                regex::Regex::new(regex.as_str()).is_ok(),
                "{}: {} does not compile",
                rule.id,
                regex.as_str()
            );
            let without_ascii = regex.as_str().replace(r"(?-u:\b)", "");
            if without_ascii.contains(r"\b") || without_ascii.contains(r"\B") {
                offenders.push(format!("{}: {}", rule.id, regex.as_str()));
            }
        }
    }
    assert!(offenders.is_empty(), "Unicode word boundaries in:\n{}", offenders.join("\n"));
}
