//! The `unicode` pack end to end: what it reports in garbled text, what it leaves alone in
//! well-formed multilingual text, and that its fixes restore the text.

use mtlint::fix::apply_fixes;
use mtlint::rules::{BUILTIN_PACKS, PackSource, RuleSet, load_pack};
use mtlint::{Applicability, Category, Diagnostic, Document};
use proptest::prelude::*;
use std::sync::LazyLock;

static UNICODE_PACK: LazyLock<RuleSet> = LazyLock::new(|| {
    let (_, text) = BUILTIN_PACKS.iter().find(|(name, _)| *name == "unicode.toml").unwrap();
    let source = PackSource {
        path: "rules/unicode.toml".into(),
        text: (*text).to_string(),
        verify_examples: true,
    };
    RuleSet::new(load_pack(&source).unwrap())
});

fn unicode_pack() -> &'static RuleSet {
    &UNICODE_PACK
}

fn lint(text: &str) -> Vec<Diagnostic> {
    unicode_pack().lint(&Document::new(text))
}

fn rules_and_matches(found: &[Diagnostic]) -> Vec<(&str, &str)> {
    found.iter().map(|d| (d.rule.as_str(), d.matched.as_str())).collect()
}

/// Text in many scripts and conventions that a careful editor would publish as it is.
const WELL_FORMED: &str = "\u{feff}Talks in Kyiv and Moscow\n\
\n\
The academy (Arabic: الكلية العسكرية) opened in 1933; its Hebrew name is “שלום”.\u{200f} \
The Persian word می\u{200c}خواهم, the Hindi words क्\u{200d}ष and स\u{200c}च्चा, and the Thai \
phrase ภาษา\u{200b}ไทย are quoted as they are written.\n\
\n\
She posted 👩\u{200d}👩\u{200d}👧, 🏳\u{fe0f}\u{200d}🌈 and 👨🏽\u{200d}⚕\u{fe0f} on Friday. \
Greek: Αθήνα, a 5 µm layer, a 10 kΩ resistor, the Kα line. Russian: «Москва», Україна.\n\
\n\
São Paulo, NÃO, CHÂTEAU, Întâi, Târgu Mureș, Þórður, Grüße aus der Straße…, Peña, Việt Nam.\n\
\n\
« Bonjour », dit-il. Il dit\u{a0}: oui. The river rose 10\u{a0}km; tickets cost €\u{a0}5. \
Mr\u{a0}Smith met Louis\u{a0}XIV and Charles de\u{a0}Gaulle.\n";

#[test]
fn well_formed_multilingual_text_is_left_alone() {
    let found = lint(WELL_FORMED);
    assert!(found.is_empty(), "{:#?}", rules_and_matches(&found));
}

#[test]
fn every_kind_of_damage_is_reported_once_with_the_original_bytes() {
    let text = "The talks in Ukr\u{430}ine resumed.\n\
                The province\u{e2}\u{20ac}\u{2122}s capital and the\u{200b}word.\n\
                The minister\u{a0}said so. A bell\u{7} rang. Bar\u{fffd}a fans.\n\
                Cafe\u{301} society and \u{202e}evil.\u{feff}\n";
    let found = lint(text);
    assert_eq!(
        rules_and_matches(&found),
        [
            ("unicode/mixed-script", "Ukr\u{430}ine"),
            ("unicode/mojibake", "\u{e2}\u{20ac}\u{2122}"),
            ("unicode/zero-width", "\u{200b}"),
            ("unicode/odd-space", "\u{a0}"),
            ("unicode/control-character", "\u{7}"),
            ("unicode/replacement-character", "\u{fffd}"),
            ("unicode/not-nfc", "e\u{301}"),
            ("unicode/bidi-control", "\u{202e}"),
            ("unicode/stray-bom", "\u{feff}"),
        ]
    );
    for d in &found {
        assert_eq!(d.category, Category::Encoding);
        assert_eq!(&text[d.span.clone()], d.matched);
    }
}

#[test]
fn fix_messages_name_the_code_point() {
    let found = lint("The\u{200b}word and the\u{202e}end and\u{ad}so on.");
    let messages: Vec<&str> =
        found.iter().filter_map(|d| d.fix.as_ref()).map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "remove U+200B ZERO WIDTH SPACE",
            "remove U+202E RIGHT-TO-LEFT OVERRIDE",
            "remove U+00AD SOFT HYPHEN",
        ]
    );
}

#[test]
fn safe_fixes_clean_the_text_and_unsafe_ones_wait() {
    let text = "The\u{200b}Ger\u{ad}man cafe\u{301} is in M\u{c3}\u{bc}nchen.\u{feff} The\u{a0}end \
                of the\u{200d} line.";
    let found = lint(text);
    let safe = found
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe);
    assert_eq!(
        apply_fixes(text, safe),
        "TheGerman café is in München. The end of the\u{200d} line."
    );
}

#[test]
fn spans_stay_in_the_original_text_when_it_is_not_nfc() {
    // A decomposed letter before the mojibake shifts the NFC view, not the reported spans.
    let text = "Cafe\u{301} owners say the province\u{e2}\u{20ac}\u{2122}s rents rose.";
    let found = lint(text);
    let mojibake = found.iter().find(|d| d.rule == "unicode/mojibake").unwrap();
    assert_eq!(&text[mojibake.span.clone()], "\u{e2}\u{20ac}\u{2122}");
}

/// Characters that UTF-8 spells with two or three bytes, as articles use them.
fn article_char() -> impl Strategy<Value = char> {
    prop::sample::select(
        "éèêëàâäçùûüôöîïñãõáíóúÉÀÇÜÖÑßøåæœ’‘“”–—…€£°·«»".chars().collect::<Vec<_>>(),
    )
}

fn article_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => "[a-zA-Z]{1,8}".prop_map(|s| s),
            1 => article_char().prop_map(String::from),
            1 => Just(" ".to_string()),
        ],
        1..30,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// UTF-8 read as Windows-1252 is found and repaired to the original text.
    #[test]
    fn windows_1252_mojibake_round_trips(original in article_text()) {
        // Text that already reads as mojibake is decoded further than it was garbled.
        prop_assume!(unicode_pack().lint(&Document::new(original.clone())).iter().all(|d| d.rule != "unicode/mojibake"));
        let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(original.as_bytes());
        let garbled = garbled.into_owned();
        let set = unicode_pack();
        let found = set.lint(&Document::new(garbled.clone()));
        let fixes = found
            .iter()
            .filter(|d| d.rule == "unicode/mojibake")
            .filter_map(|d| d.fix.as_ref());
        prop_assert_eq!(apply_fixes(&garbled, fixes), original);
    }

    /// Well-formed text in Latin scripts never reads as mojibake or mixed scripts.
    #[test]
    fn well_formed_latin_text_is_not_mojibake(text in article_text()) {
        // "â€" is never well-formed: it is the mojibake of a mark whose last byte was lost.
        prop_assume!(!text.contains("â€"));
        let found = unicode_pack().lint(&Document::new(text.clone()));
        let wrong: Vec<_> = found
            .iter()
            .filter(|d| d.rule == "unicode/mojibake" || d.rule == "unicode/mixed-script")
            .map(|d| d.matched.clone())
            .collect();
        prop_assert!(wrong.is_empty(), "{:?} in {:?}", wrong, text);
    }
}

#[test]
fn messages_name_the_code_points() {
    let (rules, errors) = mtlint::rules::load_packs(&mtlint::rules::builtin_sources());
    assert!(errors.is_empty());
    let set = mtlint::rules::RuleSet::new(rules);
    let doc = mtlint::Document::new("Talks in Ukr\u{430}ine went\u{200b}on.\n");
    let messages: Vec<String> = set.lint(&doc).into_iter().map(|d| d.message).collect();
    assert!(messages.iter().any(|m| m.contains("U+0430 CYRILLIC SMALL LETTER A")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("U+200B ZERO WIDTH SPACE")), "{messages:?}");
}
