//! Property test: spans of the NFC matching text map back to original bytes that normalize
//! to (a slice of the matching text covering) the same span.

use std::ops::Range;
use std::sync::LazyLock;

use mtlint::Document;
use proptest::prelude::*;
use proptest::sample::Index;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [r"\w+", "é", r"[A-Z]\w*", r"\p{Hangul}+", r"\p{Arabic}+", r"\S+"]
        .into_iter()
        .map(|p| Regex::new(p).expect("valid pattern"))
        .collect()
});

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

fn char_in(range: std::ops::RangeInclusive<u32>) -> impl Strategy<Value = String> {
    range.prop_map(|c| char::from_u32(c).expect("scalar value").to_string())
}

fn combining_mark() -> impl Strategy<Value = String> {
    prop_oneof![
        char_in(0x0300..=0x036F),
        Just("\u{0323}".to_string()),
        Just("\u{0327}".to_string()),
    ]
}

fn leading_jamo() -> impl Strategy<Value = String> {
    char_in(0x1100..=0x1112)
}

fn vowel_jamo() -> impl Strategy<Value = String> {
    char_in(0x1161..=0x1175)
}

fn trailing_jamo() -> impl Strategy<Value = String> {
    char_in(0x11A8..=0x11C2)
}

/// Pieces of text that stress normalization: marks in and out of canonical order, letters
/// decomposed and precomposed, conjoining jamo, singletons and marks NFC decomposes.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9]{1,6}",
        3 => prop_oneof![Just(" "), Just(" "), Just("\n"), Just("\u{a0}")].prop_map(String::from),
        3 => combining_mark(),
        3 => ("[aeiouAEOUcnsyz]", prop::collection::vec(combining_mark(), 1..4))
            .prop_map(|(base, marks)| base + &marks.concat()),
        2 => prop::sample::select(vec!["é", "É", "ü", "ñ", "ç", "Å", "ệ", "ǖ", "ḍ", "ṩ", "ά", "ῷ"])
            .prop_map(String::from),
        2 => char_in(0xAC00..=0xD7A3),
        2 => (leading_jamo(), vowel_jamo(), prop::option::of(trailing_jamo()))
            .prop_map(|(l, v, t)| l + &v + &t.unwrap_or_default()),
        2 => prop_oneof![leading_jamo(), vowel_jamo(), trailing_jamo()],
        1 => char_in(0x4E00..=0x9FFF),
        1 => char_in(0xF900..=0xFA0D),
        2 => prop_oneof![char_in(0x0621..=0x064A), char_in(0x064B..=0x0655)],
        1 => prop::sample::select(vec!["😀", "👍🏽", "👩\u{200d}💻", "🇩🇪", "❤\u{fe0f}"])
            .prop_map(String::from),
        1 => prop::sample::select(vec![
            "\u{2126}", "\u{212A}", "\u{212B}", "\u{0340}", "\u{0341}", "\u{0343}", "\u{0344}",
            "\u{0374}", "\u{037E}", "\u{0387}", "\u{0958}", "\u{0F73}", "\u{0F40}\u{0F71}\u{0F72}",
            "\u{0B47}\u{0B3E}", "\u{0DD9}\u{0DCF}",
        ])
        .prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// A character NFC neither composes with what precedes it nor reorders across.
fn is_stable_starter(c: char) -> bool {
    canonical_combining_class(c) == 0
        && matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes)
}

fn starts_with_stable_starter(text: &str) -> bool {
    text.chars().next().is_some_and(is_stable_starter)
}

/// Checks everything a span of the matching text must satisfy once mapped to the original.
fn check_span(doc: &Document, matching: Range<usize>) -> Result<Range<usize>, TestCaseError> {
    let original = doc.text();
    let nfc_text = doc.matching_text();
    let mapped = doc.to_original(matching.clone());
    prop_assert!(mapped.start <= mapped.end, "{matching:?} -> {mapped:?}");
    prop_assert!(mapped.end <= original.len());
    prop_assert!(original.is_char_boundary(mapped.start));
    prop_assert!(original.is_char_boundary(mapped.end));
    // The original splits at the mapped offsets into parts that normalize independently, and
    // the middle part normalizes to a slice of the matching text that covers the span.
    let before = nfc(&original[..mapped.start]);
    let inside = nfc(&original[mapped.clone()]);
    let after = nfc(&original[mapped.end..]);
    prop_assert_eq!(format!("{before}{inside}{after}"), nfc_text);
    prop_assert!(before.len() <= matching.start, "{matching:?} -> {mapped:?}");
    // Before a stable starter the matching text can be cut exactly, so the mapping must be.
    if starts_with_stable_starter(&nfc_text[matching.start..]) {
        prop_assert_eq!(before.len(), matching.start, "{:?} -> {:?}", matching, mapped);
    }
    if matching.is_empty() {
        // An insertion point inside a changed chunk maps to the chunk's start.
        prop_assert!(mapped.is_empty());
    } else {
        let end = before.len() + inside.len();
        prop_assert!(end >= matching.end, "{matching:?} -> {mapped:?}");
        if matching.end == nfc_text.len() || starts_with_stable_starter(&nfc_text[matching.end..]) {
            prop_assert_eq!(end, matching.end, "{:?} -> {:?}", matching, mapped);
        }
    }
    Ok(mapped)
}

proptest! {
    // No regression files: the crate has no place for them outside src/.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn matching_text_is_the_nfc_of_the_original(original in text()) {
        let doc = Document::new(original.as_str());
        prop_assert_eq!(doc.matching_text(), nfc(&original));
        prop_assert_eq!(doc.to_original(0..doc.matching_text().len()), 0..original.len());
        prop_assert_eq!(doc.to_original(0..0), 0..0);
        let end = doc.matching_text().len();
        prop_assert_eq!(doc.to_original(end..end), original.len()..original.len());
    }

    #[test]
    fn char_boundary_ranges_map_back_monotonically(
        original in text(),
        picks in prop::collection::vec(any::<Index>(), 1..8),
    ) {
        let doc = Document::new(original.as_str());
        let nfc_text = doc.matching_text();
        let boundaries: Vec<usize> = nfc_text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(nfc_text.len()))
            .collect();
        let mut offsets: Vec<usize> =
            picks.iter().map(|p| boundaries[p.index(boundaries.len())]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut mapped = Vec::new();
        for (i, &a) in offsets.iter().enumerate() {
            for &b in &offsets[i..] {
                mapped.push(((a, b), check_span(&doc, a..b)?));
            }
        }
        // Monotone: a later start never maps before an earlier one, nor a later end.
        for ((a1, b1), r1) in &mapped {
            for ((a2, b2), r2) in &mapped {
                if a1 <= a2 && !(a1..b1).is_empty() && !(a2..b2).is_empty() {
                    prop_assert!(r1.start <= r2.start);
                }
                if b1 <= b2 && a1 < b1 && a2 < b2 {
                    prop_assert!(r1.end <= r2.end);
                }
            }
        }
    }

    #[test]
    fn regex_matches_map_back_to_what_they_matched(original in text()) {
        let doc = Document::new(original.as_str());
        let nfc_text = doc.matching_text();
        for pattern in PATTERNS.iter() {
            for found in pattern.find_iter(nfc_text) {
                let mapped = check_span(&doc, found.range())?;
                // A word set off by white space that starts with a stable starter begins and
                // ends on normalization boundaries, so the mapping is exact.
                let before = nfc_text[..found.start()].chars().next_back();
                let after = nfc_text[found.end()..].chars().next();
                let delimited_before = before.is_none_or(char::is_whitespace);
                let delimited_after = after.is_none_or(char::is_whitespace);
                let starts_stable = starts_with_stable_starter(found.as_str());
                if delimited_before && delimited_after && starts_stable {
                    prop_assert_eq!(nfc(&original[mapped.clone()]), found.as_str(), "{:?}", mapped);
                }
            }
        }
    }
}

#[test]
fn singleton_after_a_space_maps_exactly() {
    // U+2126 OHM SIGN normalizes to U+03A9; the word it starts should not swallow the space.
    let original = "ab \u{2126}m";
    let doc = Document::new(original);
    let nfc_text = doc.matching_text();
    assert_eq!(nfc_text, "ab \u{3a9}m");
    let word = nfc_text.find('\u{3a9}').unwrap()..nfc_text.len();
    assert_eq!(&original[doc.to_original(word)], "\u{2126}m");
}
