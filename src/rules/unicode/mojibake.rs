//! Mojibake: UTF-8 bytes decoded as Windows-1252, Latin-1 or Mac Roman ("â€™" for "’",
//! "Ã©" for "é", "‚Äô" for "’"). A run is recognised by re-encoding it in the legacy
//! encoding and decoding the bytes as UTF-8; only runs that decode into characters an article
//! plausibly holds count, so "São Paulo", "CHÂTEAU" or "Straße…" are left alone.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rules::{Check, Finding};

/// A legacy single-byte encoding, as a map from the characters of its upper half to bytes.
struct Codec {
    name: &'static str,
    bytes: HashMap<char, u8>,
    /// Whether its repairs may be applied unseen: Mac Roman maps almost every byte to a
    /// letter or symbol, so its matches deserve a look.
    trusted: bool,
}

impl Codec {
    fn new(name: &'static str, encoding: &'static Encoding, c1_controls: bool) -> Codec {
        let mut bytes = HashMap::new();
        for b in 0x80..=0xffu8 {
            let byte = [b];
            let (decoded, malformed) = encoding.decode_without_bom_handling(&byte);
            let mut chars = decoded.chars();
            if let (false, Some(c), None) = (malformed, chars.next(), chars.next()) {
                bytes.insert(c, b);
            }
        }
        // Latin-1 proper: text decoded as ISO 8859-1 keeps the bytes 0x80–0x9F as C1
        // controls where Windows-1252 has letters and punctuation.
        if c1_controls {
            for b in 0x80..=0x9fu8 {
                bytes.entry(char::from(b)).or_insert(b);
            }
        }
        Codec { name, bytes, trusted: c1_controls }
    }

    fn byte(&self, c: char) -> Option<u8> {
        self.bytes.get(&c).copied()
    }
}

static CODECS: LazyLock<[Codec; 2]> = LazyLock::new(|| {
    [Codec::new("Windows-1252", WINDOWS_1252, true), Codec::new("Mac Roman", MACINTOSH, false)]
});

/// A stretch of mojibake and, when the bytes decode, the text it stood for.
#[derive(Debug, Clone)]
pub struct Run {
    pub span: Range<usize>,
    pub repaired: Option<String>,
    pub encoding: &'static str,
    pub applicability: Applicability,
}

/// One UTF-8 character spelled out as legacy characters.
#[derive(Debug, Clone, Copy)]
struct Sequence {
    span: (usize, usize),
    /// `None` for "â€" whose third byte is missing.
    decoded: Option<char>,
}

/// How much evidence a decoded character is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plausible {
    /// Accented Latin letters, typographic punctuation, currency signs, emoji.
    Alone,
    /// A letter of another alphabet (numbered by alphabet): only as part of a garbled word of
    /// letters of that alphabet.
    InWord(u8),
}

fn plausibility(c: char) -> Option<Plausible> {
    let alphabet = match c {
        '\u{a0}'..='\u{17f}'
        | '\u{1a0}'
        | '\u{1a1}'
        | '\u{1af}'
        | '\u{1b0}'
        | '\u{218}'..='\u{21b}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{203a}'
        | '\u{20a0}'..='\u{20cf}'
        | '\u{2116}'
        | '\u{2122}'
        | '\u{1f300}'..='\u{1faff}' => return Some(Plausible::Alone),
        '\u{386}'..='\u{3ce}' => 0,
        '\u{410}'..='\u{44f}'
        | '\u{401}'
        | '\u{404}'
        | '\u{406}'
        | '\u{407}'
        | '\u{451}'
        | '\u{454}'
        | '\u{456}'
        | '\u{457}'
        | '\u{490}'
        | '\u{491}' => 1,
        '\u{5d0}'..='\u{5ea}' => 2,
        '\u{620}'..='\u{64a}' => 3,
        '\u{900}'..='\u{97f}' => 4,
        '\u{e00}'..='\u{e7f}' => 5,
        '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' => 6,
        '\u{ac00}'..='\u{d7af}' => 7,
        // Vietnamese letters: "á»…" in Spanish "está»…" would decode to one.
        '\u{1e00}'..='\u{1eff}' => 8,
        _ => return None,
    };
    Some(Plausible::InWord(alphabet))
}

/// Every UTF-8 sequence spelled in `codec` within `text`, plausible or not.
/// The sequences of the text, whose characters outside ASCII (with their offsets) are
/// `non_ascii`.
fn sequences(
    text: &str,
    non_ascii: impl IntoIterator<Item = (usize, char)>,
    codec: &Codec,
) -> Vec<Sequence> {
    let mut found = Vec::new();
    let mut resume = 0;
    // Mojibake is made of characters outside ASCII; the ASCII between them is skipped.
    for (start, c) in non_ascii {
        if start < resume {
            continue;
        }
        let len = match codec.byte(c) {
            Some(0xc2..=0xdf) => 2,
            Some(0xe0..=0xef) => 3,
            Some(0xf0..=0xf4) => 4,
            _ => continue,
        };
        let mut bytes = [0u8; 4];
        bytes[0] = codec.byte(c).unwrap_or_default();
        let mut end = start + c.len_utf8();
        let mut continued = 1;
        for next in text[end..].chars().take(len - 1) {
            match codec.byte(next) {
                Some(b @ 0x80..=0xbf) => bytes[continued] = b,
                _ => break,
            }
            continued += 1;
            end += next.len_utf8();
        }
        if continued == len {
            if let Ok(s) = std::str::from_utf8(&bytes[..len]) {
                found.push(Sequence { span: (start, end), decoded: s.chars().next() });
                resume = end;
            }
        } else if codec.trusted && continued == 2 && bytes[0] == 0xe2 && bytes[1] == 0x80 {
            // "â€" and a lost third byte: a quotation mark or dash whose last byte was one
            // that Windows-1252 leaves undefined. Which one cannot be told.
            found.push(Sequence { span: (start, end), decoded: None });
            resume = end;
        }
    }
    found
}

/// The sequences that are evidence of mojibake: plausible characters, and letters of other
/// alphabets only in garbled words of two letters or more (three for Mac Roman, which maps
/// nearly every byte to a letter).
fn evidence(mut seqs: Vec<Sequence>, codec: &Codec) -> Vec<Sequence> {
    let shortest_word = if codec.trusted { 2 } else { 3 };
    let kind = |s: &Sequence| match s.decoded {
        None => Some(Plausible::Alone),
        // Mac Roman turns letter pairs like "»ô" into Latin Extended letters (ș); only its
        // Latin-1 letters and punctuation are evidence.
        Some(c) if !codec.trusted && ('\u{180}'..'\u{2000}').contains(&c) => {
            plausibility(c).filter(|p| *p != Plausible::Alone)
        }
        Some(c) => plausibility(c),
    };
    let mut keep = vec![false; seqs.len()];
    let mut i = 0;
    while i < seqs.len() {
        match kind(&seqs[i]) {
            Some(Plausible::Alone) => {
                keep[i] = true;
                i += 1;
            }
            Some(Plausible::InWord(alphabet)) => {
                let mut j = i + 1;
                while j < seqs.len()
                    && seqs[j].span.0 == seqs[j - 1].span.1
                    && kind(&seqs[j]) == Some(Plausible::InWord(alphabet))
                {
                    j += 1;
                }
                if j - i >= shortest_word {
                    keep[i..j].iter_mut().for_each(|k| *k = true);
                }
                i = j;
            }
            None => i += 1,
        }
    }
    let mut k = keep.into_iter();
    seqs.retain(|_| k.next().unwrap_or(false));
    seqs
}

/// Decodes the mojibake in `text` once, if there is any.
fn repair_once(text: &str, codec: &Codec) -> Option<String> {
    let seqs = evidence(sequences(text, super::non_ascii_chars(text), codec), codec);
    if seqs.is_empty() || seqs.iter().any(|s| s.decoded.is_none()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for s in &seqs {
        out.push_str(&text[cursor..s.span.0]);
        out.extend(s.decoded);
        cursor = s.span.1;
    }
    out.push_str(&text[cursor..]);
    Some(out)
}

/// Runs of mojibake in `text`, from whichever encoding explains them; sequences in one word
/// form one run.
pub fn runs(text: &str) -> Vec<Run> {
    if text.is_ascii() {
        return Vec::new();
    }
    let non_ascii: Vec<(usize, char)> = super::non_ascii_chars(text).collect();
    runs_among(text, &non_ascii)
}

/// [`runs`] of a text whose characters outside ASCII, with their offsets, are `non_ascii`
/// (a document finds them once for several rules).
fn runs_among(text: &str, non_ascii: &[(usize, char)]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for codec in CODECS.iter() {
        let seqs = evidence(sequences(text, non_ascii.iter().copied(), codec), codec);
        let mut groups: Vec<Vec<Sequence>> = Vec::new();
        for s in seqs {
            match groups.last_mut() {
                Some(group)
                    if s.decoded.is_some()
                        && group.iter().all(|g| g.decoded.is_some())
                        && text[group[group.len() - 1].span.1..s.span.0]
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric()) =>
                {
                    group.push(s)
                }
                _ => groups.push(vec![s]),
            }
        }
        for group in groups {
            let span = group[0].span.0..group[group.len() - 1].span.1;
            if runs.iter().any(|r| r.span.start < span.end && span.start < r.span.end) {
                continue;
            }
            let mut repaired = repair_once(&text[span.clone()], codec);
            // Text garbled twice ("ÃƒÂ©") decodes to mojibake again.
            for _ in 0..2 {
                match repaired.as_deref().and_then(|r| repair_once(r, codec)) {
                    Some(again) => repaired = Some(again),
                    None => break,
                }
            }
            let alone =
                group.iter().all(|s| s.decoded.and_then(plausibility) == Some(Plausible::Alone));
            let applicability =
                if codec.trusted && alone { Applicability::Safe } else { Applicability::Unsafe };
            runs.push(Run { span, repaired, encoding: codec.name, applicability });
        }
    }
    runs.sort_by_key(|r| r.span.start);
    runs
}

#[derive(Debug)]
pub struct Mojibake;

impl Check for Mojibake {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        for run in runs_among(doc.text(), &super::document_non_ascii(doc).0) {
            let fix = run.repaired.map(|repaired| Fix {
                applicability: run.applicability,
                message: format!("replace with `{repaired}` (UTF-8 read as {})", run.encoding),
                edits: vec![Edit {
                    start: run.span.start,
                    end: run.span.end,
                    replacement: repaired,
                }],
            });
            out.push(Finding { span: run.span, fix, related: Vec::new(), detail: None });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> Vec<(String, Option<String>)> {
        runs(text).into_iter().map(|r| (text[r.span].to_string(), r.repaired)).collect()
    }

    fn one(text: &str, run: &str, fixed: &str) {
        assert_eq!(repaired(text), [(run.to_string(), Some(fixed.to_string()))], "{text}");
    }

    #[test]
    fn windows_1252() {
        one("the provinceâ€™s capital", "â€™", "’");
        assert_eq!(
            repaired("â€œQuoteâ€ ends"),
            [("â€œ".to_string(), Some("“".to_string())), ("â€".to_string(), None)]
        );
        one("â€œQuoteâ€\u{9d} ends", "â€œQuoteâ€\u{9d}", "“Quote”");
        one("cafÃ© au lait", "Ã©", "é");
        one("MÃ¼nchen", "Ã¼", "ü");
        one("prices rose 5Â\u{a0}%", "Â\u{a0}", "\u{a0}");
        one("Ã©tÃ© chaud", "Ã©tÃ©", "été");
        one("ðŸ˜€ smile", "ðŸ˜€", "😀");
    }

    #[test]
    fn latin_1_keeps_c1_controls() {
        one("he said.â\u{80}\u{9d} Then", "â\u{80}\u{9d}", "”");
    }

    #[test]
    fn mac_roman() {
        one("the province‚Äôs capital", "‚Äô", "’");
        one("Caf√© society", "√©", "é");
    }

    #[test]
    fn double_encoding_is_undone() {
        one("cafÃƒÂ© society", "ÃƒÂ©", "é");
    }

    #[test]
    fn garbled_words_of_other_scripts() {
        one("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ world", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет");
    }

    #[test]
    fn lost_third_byte_is_reported_without_a_repair() {
        assert_eq!(repaired("he said.â€ Then"), [("â€".to_string(), None)]);
    }

    #[test]
    fn legitimate_text_is_left_alone() {
        for text in [
            "São Paulo e Brasília",
            "CHÂTEAU and the Île-de-France",
            "Straße… und Grüße",
            "ÎLE « Écoutez »",
            "Întâi și România",
            "JOSÉ’s friends",
            "Ça va, señor?",
            "German ‚Ärger‘ and „Anführungszeichen“",
            "Ñandú — Peña»",
            "√2 ≈ 1.41 and ±3 °C",
        ] {
            assert!(repaired(text).is_empty(), "{text}: {:?}", repaired(text));
        }
    }
}
