//! The `unicode` rule kinds: characters that are wrong though the text reads fine — invisible
//! and control characters, mojibake, text not in NFC, look-alike letters of another script and
//! odd spaces between words.

mod confusables;
mod invisible;
mod mojibake;
mod names;
mod nfc;
mod scripts;
mod spaces;

use std::collections::HashSet;
use std::sync::Arc;

use super::compile::{Compiler, Kind};
use super::spec::RuleSpec;
use super::{Check, PackError};
use crate::document::Document;
use invisible::{Class, Invisible};

/// The characters of `text` outside ASCII, with their byte offsets, as `char_indices` would
/// give them. Most of an English text is ASCII, which this skips eight bytes at a time: the
/// rules that look for one kind of non-ASCII character then cost little on a long text.
pub(crate) fn non_ascii_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if word & HIGH_BITS != 0 {
                break;
            }
            at += 8;
        }
        while bytes.get(at).is_some_and(u8::is_ascii) {
            at += 1;
        }
        let c = text.get(at..)?.chars().next()?;
        let found = (at, c);
        at += c.len_utf8();
        Some(found)
    })
}

/// The characters of a document's text outside ASCII, as [`non_ascii_chars`] gives them,
/// found once for the rules that each look for a few of them.
pub(crate) struct NonAscii(pub Vec<(usize, char)>);

pub(crate) fn document_non_ascii(doc: &Document) -> Arc<NonAscii> {
    doc.derived(|doc| NonAscii(non_ascii_chars(doc.text()).collect()))
}

/// The kinds of this module, for the compiler's kind tables.
pub const KINDS: &[Kind] = &[
    ("zero-width", &[], |_, _| invisible(Class::ZeroWidth)),
    ("soft-hyphen", &[], |_, _| invisible(Class::SoftHyphen)),
    ("bidi-control", &[], |_, _| invisible(Class::Bidi)),
    ("byte-order-mark", &[], |_, _| invisible(Class::ByteOrderMark)),
    ("control-character", &[], |_, _| invisible(Class::Control)),
    ("replacement-character", &[], |_, _| invisible(Class::Replacement)),
    ("mojibake", &[], |_, _| Ok(Box::new(mojibake::Mojibake))),
    ("not-nfc", &[], |_, _| Ok(Box::new(nfc::NotNfc))),
    ("mixed-script", &["allow"], compile_mixed_script),
    ("odd-space", &[], |_, _| Ok(Box::new(spaces::OddSpace))),
];

fn invisible(class: Class) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(Invisible { class }))
}

fn compile_mixed_script(spec: &RuleSpec, _: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let allow: HashSet<String> = spec
        .allow
        .as_ref()
        .map(|list| list.get_ref().iter().map(|w| w.get_ref().to_lowercase()).collect())
        .unwrap_or_default();
    Ok(Box::new(confusables::MixedScript { allow }))
}

#[cfg(test)]
mod tests {
    use super::non_ascii_chars;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn non_ascii_chars_are_the_non_ascii_char_indices(text in "[a-z \\n\u{80}-\u{10ffff}]{0,40}") {
            let expected: Vec<(usize, char)> =
                text.char_indices().filter(|(_, c)| !c.is_ascii()).collect();
            prop_assert_eq!(non_ascii_chars(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn non_ascii_chars_across_word_boundaries() {
        for text in [
            "",
            "plain ascii only",
            "a\u{200b}b",
            "0123456789abcdé",
            "é0123456789abcdefé",
            "\u{10348}",
        ] {
            let expected: Vec<(usize, char)> =
                text.char_indices().filter(|(_, c)| !c.is_ascii()).collect();
            assert_eq!(non_ascii_chars(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }
}
