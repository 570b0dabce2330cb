//! The NFC view of a text, with a map from its byte offsets back to the original bytes.
//!
//! The text is cut into chunks that normalize independently: a chunk starts at a character
//! whose canonical decomposition starts with a starter (canonical combining class 0) that
//! cannot compose with what precedes it. Chunks whose NFC form differs are recorded; offsets
//! elsewhere shift by a running delta.

use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

use super::bytes::{CURLY_MARK_LEN, HIGH_16, ONES_16, first_where_16, starts_with_curly_mark};
use super::offsets::OffsetMap;

/// NFC text plus the chunks that changed in normalization.
#[derive(Debug, Clone)]
pub struct NfcView {
    text: String,
    map: OffsetMap,
}

impl NfcView {
    /// Returns `None` when `original` is already NFC, which is the common case.
    pub fn new_if_needed(original: &str) -> Option<Self> {
        // ASCII is NFC, and the standard library's test for it is quick.
        if original.is_ascii() {
            return None;
        }
        match is_nfc_quick(quick_check_chars(original)) {
            IsNormalized::Yes => None,
            IsNormalized::Maybe if is_nfc(original) => None,
            _ => Some(Self::new(original)),
        }
    }

    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = OffsetMap::default();
        for chunk in nfc_chunks(original) {
            let source = &original[chunk.clone()];
            let nfc_start = text.len();
            text.extend(source.nfc());
            if &text[nfc_start..] != source {
                map.push(nfc_start..text.len(), chunk);
            }
        }
        NfcView { text, map }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Maps a range of the NFC text to the smallest range of the original text that covers it;
    /// a range that touches part of a changed chunk grows to the whole chunk.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        self.map.to_source(range)
    }
}

/// Ranges of `text` that can be normalized independently of each other.
pub fn nfc_chunks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut cuts = text
        .char_indices()
        .filter(|&(i, c)| i == 0 || is_cut_point(c))
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .peekable();
    std::iter::from_fn(move || {
        let start = cuts.next()?;
        let end = *cuts.peek()?;
        Some(start..end)
    })
}

/// A character can start a chunk when its canonical decomposition starts with a starter that is
/// stable under NFC: that starter can neither compose with nor reorder past what precedes it.
fn is_cut_point(c: char) -> bool {
    // Below the combining diacritical marks every character is such a starter.
    if c < '\u{300}' {
        return true;
    }
    if canonical_combining_class(c) != 0 {
        return false;
    }
    match is_nfc_quick(std::iter::once(c)) {
        IsNormalized::Yes => true,
        IsNormalized::Maybe => false,
        // Singletons such as U+2126 OHM SIGN or U+F900 and composition exclusions such as
        // U+0958 still cut, or a word they start would map back with the space before it.
        IsNormalized::No => is_stable_starter(first_of_decomposition(c)),
    }
}

fn is_stable_starter(c: char) -> bool {
    canonical_combining_class(c) == 0
        && matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes)
}

fn first_of_decomposition(c: char) -> char {
    let mut first = None;
    decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.unwrap_or(c)
}

/// The first byte of the UTF-8 form of U+0300, the first character that can be other than a
/// starter already in NFC.
const FIRST_NOT_PLAIN_BYTE: u8 = 0xCC;

/// The offset of the first byte of `bytes` that is [`FIRST_NOT_PLAIN_BYTE`] or above.
/// Sixteen bytes are tested at a time: a byte is at least 0xCC when its high bit is set and
/// its low seven bits, plus 0x34, carry into the high bit (no sum carries into the next byte).
fn first_not_plain(bytes: &[u8]) -> Option<usize> {
    const RAISE: u128 = ONES_16 * (0x80 - (FIRST_NOT_PLAIN_BYTE as u128 & 0x7f));
    let may_hold = |x: u128| ((x & !HIGH_16) + RAISE) & x & HIGH_16 != 0;
    first_where_16(bytes, may_hold, |b| b >= FIRST_NOT_PLAIN_BYTE)
}

/// The characters of `text` as the NFC quick check needs them: every run of characters below
/// U+0300 and of dashes and curly quotes (each a starter that is NFC whatever surrounds it) stands
/// as one `a`, so the run is passed over by bytes rather than decoded. A byte below 0xCC is
/// one of such a character.
fn quick_check_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        if bytes[at] < FIRST_NOT_PLAIN_BYTE || starts_with_curly_mark(&bytes[at..]) {
            loop {
                at += first_not_plain(&bytes[at..]).unwrap_or(bytes.len() - at);
                if !starts_with_curly_mark(&bytes[at..]) {
                    break;
                }
                at += CURLY_MARK_LEN;
            }
            return Some('a');
        }
        let c = text[at..].chars().next()?;
        at += c.len_utf8();
        Some(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The search eight bytes at a time finds what a search byte by byte finds.
        #[test]
        fn the_first_byte_not_plain_is_found_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![8 => 0u8..0xCC, 1 => proptest::num::u8::ANY],
                0..40,
            )
        ) {
            for start in 0..=bytes.len() {
                let rest = &bytes[start..];
                let expected = rest.iter().position(|&b| b >= FIRST_NOT_PLAIN_BYTE);
                proptest::prop_assert_eq!(first_not_plain(rest), expected);
            }
        }
    }

    #[test]
    fn common_punctuation_marks_are_plain_starters() {
        for c in ['–', '—', '‘', '’', '“', '”'] {
            let mut utf8 = [0; 4];
            assert!(starts_with_curly_mark(c.encode_utf8(&mut utf8).as_bytes()), "{c:?}");
            assert_eq!(c.len_utf8(), CURLY_MARK_LEN);
            assert!(is_stable_starter(c), "{c:?}");
        }
        let others = (0x80..0x10000).filter_map(char::from_u32).filter(|c| c.len_utf8() == 3);
        let plain = others
            .filter(|c| starts_with_curly_mark(c.encode_utf8(&mut [0; 4]).as_bytes()))
            .count();
        assert_eq!(plain, 6);
    }

    #[test]
    fn characters_below_u0300_are_plain_starters() {
        for c in (0..0x300u32).filter_map(char::from_u32) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_quick_check_on_runs_agrees_with_every_character(
            text in "[a é\u{300}\u{301}\u{327}\u{316}Å\u{212b}\u{2019}“—c\u{1100}\u{1161}]{0,24}"
        ) {
            proptest::prop_assert_eq!(
                is_nfc_quick(quick_check_chars(&text)),
                is_nfc_quick(text.chars())
            );
        }
    }

    #[test]
    fn nfc_text_is_not_viewed() {
        assert!(NfcView::new_if_needed("Café in Zürich").is_none());
        assert!(NfcView::new_if_needed("Cafe in Zurich").is_none());
    }

    #[test]
    fn decomposed_letters_map_back_to_their_bytes() {
        let original = "Cafe\u{301} in Zu\u{308}rich";
        let view = NfcView::new_if_needed(original).expect("not NFC");
        assert_eq!(view.text(), "Café in Zürich");
        let nfc = view.text();
        let z = nfc.find("Zürich").unwrap();
        let range = view.to_original(z..z + "Zürich".len());
        assert_eq!(&original[range], "Zu\u{308}rich");
        let e = nfc.find('é').unwrap();
        assert_eq!(&original[view.to_original(e..e + 'é'.len_utf8())], "e\u{301}");
        // Ranges that cover only part of the composed letter grow to the whole cluster.
        assert_eq!(&original[view.to_original(0..e + 1)], "Cafe\u{301}");
    }

    #[test]
    fn singletons_start_their_own_chunk() {
        // U+2126 OHM SIGN and U+F900 normalize to other starters; the space stays out of them.
        let original = "a \u{2126} \u{f900}";
        let view = NfcView::new(original);
        assert_eq!(view.text(), "a \u{3a9} \u{8c48}");
        let omega = view.text().find('\u{3a9}').unwrap();
        assert_eq!(&original[view.to_original(omega..omega + 2)], "\u{2126}");
        let han = view.text().find('\u{8c48}').unwrap();
        assert_eq!(&original[view.to_original(han..han + 3)], "\u{f900}");
    }

    #[test]
    fn decompositions_into_marks_do_not_start_chunks() {
        // U+0F73 has combining class 0 but decomposes into marks, which reorder with marks
        // before it.
        assert!(!is_cut_point('\u{0f73}'));
        assert!(!is_cut_point('\u{1161}'));
        assert!(is_cut_point('\u{ac00}'));
    }

    #[test]
    fn every_character_below_the_combining_marks_is_a_stable_starter() {
        assert_eq!(('\0'..'\u{300}').find(|&c| !is_stable_starter(c)), None);
    }

    #[test]
    fn mark_reordering_is_covered() {
        // Two marks out of canonical order are reordered by NFC.
        let original = "a\u{301}\u{316}b";
        let view = NfcView::new(original);
        let nfc = view.text().to_string();
        assert_eq!(nfc.nfc().collect::<String>(), nfc);
        let b = nfc.find('b').unwrap();
        assert_eq!(&original[view.to_original(b..b + 1)], "b");
    }
}
