//! Segmentation: paragraphs, sentences and words of a text.
//!
//! Sentences are split by rule, tuned for English news prose: a sentence ends at a run of
//! terminal punctuation (with any closing quotes or brackets after it) that is followed by
//! white space and something that can start a sentence, unless the word before a lone full
//! stop is an abbreviation, an initial or a dotted acronym. Full-width CJK terminators need
//! no white space after them.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::bytes::{
    CURLY_MARK_LEN, HIGH, ONES, first_outside_ascii, is_ascii_white_space, starts_with_curly_mark,
};

/// Maximal runs of non-blank lines, trimmed of surrounding white space.
#[cfg(test)]
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    paragraphs_of_lines(text, super::LineIndex::new(text).starts())
}

/// [`paragraphs`] of a text whose [`super::LineIndex`] starts are known.
pub fn paragraphs_of_lines(text: &str, line_starts: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let line_ends = line_starts.iter().skip(1).copied().chain([text.len()]);
    for (offset, line_end) in line_starts.iter().copied().zip(line_ends) {
        let line = &text[offset..line_end];
        match non_blank_span(line) {
            None => {
                if let Some(s) = start.take() {
                    out.push(s..end);
                }
            }
            Some(span) => {
                if start.is_none() {
                    start = Some(offset + span.start);
                }
                end = offset + span.end;
            }
        }
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// The range of `line` (or any text) trimmed of white space, `None` if nothing is left. Most
/// lines and sentences start and end (before the line feed) with a byte that is plainly not
/// white space, which is told without decoding characters.
fn non_blank_span(line: &str) -> Option<Range<usize>> {
    let plain = |b: &u8| b.is_ascii() && !is_ascii_white_space(*b);
    let bytes = line.as_bytes();
    let start = match bytes.first() {
        Some(b) if plain(b) => 0,
        _ => line.len() - line.trim_start().len(),
    };
    if start == line.len() {
        return None;
    }
    let mut end = line.len();
    if bytes[end - 1] == b'\n' {
        end -= 1;
    }
    if bytes[end - 1] == b'\r' {
        end -= 1;
    }
    if !plain(&bytes[end - 1]) {
        end = line[..end].trim_end().len();
    }
    Some(start..end)
}

/// Sentences of one paragraph, as byte ranges of `text` trimmed of white space.
#[cfg(test)]
pub fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    push_sentences(text, paragraph, &mut out);
    out
}

/// Pushes the sentences of one paragraph to `out`, as byte ranges of `text` trimmed of white
/// space.
pub fn push_sentences(text: &str, paragraph: Range<usize>, out: &mut Vec<Range<usize>>) {
    let base = paragraph.start;
    let para = &text[paragraph];
    let mut push_trimmed = |range: Range<usize>| out.extend(trimmed(para, base, range));

    let bytes = para.as_bytes();
    let mut sentence_start = 0;
    // A run of punctuation, a list number or a lone ellipsis is not a sentence on its own.
    // Whether the sentence so far has a letter is found when a terminator needs it, reading
    // on from where the last look stopped.
    let mut sentence_has_letter = false;
    let mut letters_read_to = 0;
    let mut candidates = TerminatorCandidates::new(bytes);
    let mut i = 0;
    while i < bytes.len() {
        // Only `.`, `!`, `?` and characters outside ASCII can be terminators: the bytes in
        // between are passed over without decoding.
        let Some(candidate) = candidates.first_from(i) else {
            break;
        };
        i = candidate;
        let c = para[i..].chars().next().expect("a character starts here");
        if !is_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        let at = i;
        let run = TerminalRun::at(para, at);
        if !sentence_has_letter {
            sentence_has_letter = para[letters_read_to..at].chars().any(char::is_alphabetic);
        }
        // A terminal run holds no letter, so the next look can start after it.
        letters_read_to = run.end;
        i = run.end;
        if !sentence_has_letter {
            continue;
        }
        let next = skip_white_space(para, run.end);
        if next < para.len() && ends_sentence(para, at, &run, next) {
            push_trimmed(sentence_start..run.end);
            sentence_start = next;
            sentence_has_letter = false;
            letters_read_to = next;
        }
    }
    push_trimmed(sentence_start..para.len());
}

/// The bytes of a paragraph that may start a sentence terminator, in order: `.`, `!` and `?` by
/// memchr's vector search up to the next byte outside ASCII, which is found by a search of
/// its own and kept, since most paragraphs of English have few or none.
struct TerminatorCandidates<'a> {
    bytes: &'a [u8],
    /// The first byte outside ASCII at or after the last search (the length if none).
    next_outside_ascii: usize,
}

impl<'a> TerminatorCandidates<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        // The standard library's test passes a paragraph of ASCII quickest.
        let next_outside_ascii =
            if bytes.is_ascii() { bytes.len() } else { first_outside_ascii(bytes, 0) };
        TerminatorCandidates { bytes, next_outside_ascii }
    }

    /// The offset of the first candidate at or after `from` (the start of a character). Dashes
    /// and curly quotes, which end no sentence, are passed over.
    fn first_from(&mut self, mut from: usize) -> Option<usize> {
        loop {
            if self.next_outside_ascii < from {
                self.next_outside_ascii = first_outside_ascii(self.bytes, from);
            }
            let until = self.next_outside_ascii;
            if let Some(k) = memchr::memchr3(b'.', b'!', b'?', &self.bytes[from..until]) {
                return Some(from + k);
            }
            if until == self.bytes.len() || !starts_with_curly_mark(&self.bytes[until..]) {
                return (until < self.bytes.len()).then_some(until);
            }
            from = until + CURLY_MARK_LEN;
        }
    }
}

/// `range` of `para` trimmed of white space, as a range of the text `para` starts at `base`
/// of; `None` when nothing is left.
fn trimmed(para: &str, base: usize, range: Range<usize>) -> Option<Range<usize>> {
    let span = non_blank_span(&para[range.clone()])?;
    let at = base + range.start;
    Some(at + span.start..at + span.end)
}

/// Words: Unicode word-boundary segments (UAX #29) holding at least one letter or digit.
pub fn words(text: &str) -> Vec<Range<usize>> {
    // English prose has a word every six bytes or a little less: sized so, the list is
    // seldom grown and copied.
    let mut out = Vec::with_capacity(text.len() / 5);
    // Most of English text is plain ASCII with some dashes and curly quotes, read eight bytes
    // at a time; a chunk between white space that holds anything else goes to the general
    // rules. The general segmenter's table lookups are the costly part of building a document.
    let bytes = text.as_bytes();
    // One buffer for the characters of every chunk read as Latin.
    let mut latin = LatinChunk::default();
    let mut i = 0;
    while i < bytes.len() {
        i = plain_ascii_words(bytes, i, &mut out);
        if i < bytes.len() {
            i = chunk_words(text, i, &mut latin, &mut out);
        }
    }
    out
}

/// The words of the chunk that starts at `start` and runs to the next ASCII white space
/// (where no word can go on), by the word rules: restricted to the classes ASCII has for an
/// ASCII chunk or one of Latin letters and curly quotes, in full for any other. Returns the
/// chunk's end.
fn chunk_words(
    text: &str,
    start: usize,
    latin: &mut LatinChunk,
    out: &mut Vec<Range<usize>>,
) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut ascii = true;
    while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
        ascii &= bytes[end].is_ascii();
        end += 1;
    }
    if ascii {
        class_words(&AsciiChunk { bytes, end }, start, end, out);
    } else {
        let chunk = &text[start..end];
        if latin.read(chunk, start) {
            class_words(latin, 0, latin.chars.len(), out);
        } else {
            out.extend(chunk.unicode_word_indices().map(|(k, w)| start + k..start + k + w.len()));
        }
    }
    end
}

/// Pushes the words of the text from `from` (its start or the end of a chunk) on while it is
/// ASCII without `_`, or a dash or curly quote. There a word is a run of letters and digits,
/// with a middle character joining two letters or two digits on either side of it (`U.S`,
/// `don't`, `city’s`, `4,000`). Returns where it stopped: the end of the text, or the start
/// of a chunk between white space that holds `_` or another character outside ASCII, whose
/// words are left to [`chunk_words`].
fn plain_ascii_words(bytes: &[u8], from: usize, out: &mut Vec<Range<usize>>) -> usize {
    use ScanClass::*;
    let class = |i: usize| bytes.get(i).map_or(End, |&b| SCAN_CLASSES[usize::from(b)]);
    let mut i = from;
    loop {
        while class(i) >= Middle {
            i += 1;
        }
        match class(i) {
            End => return i,
            Unplain if curly_mark(bytes, i).is_some() => {
                i += CURLY_MARK_LEN;
                continue;
            }
            Unplain => return chunk_start(bytes, from, i, out),
            _ => {}
        }
        // Words, as long as a single byte separates each from the next.
        loop {
            let start = i;
            let mut next_is_alphanumeric;
            loop {
                // Letters and digits are found eight at a time while eight bytes are left:
                // most words are shorter.
                if let Some(block) = bytes.get(i..i + 8) {
                    let alphanumeric = alphanumeric_bytes(u64::from_le_bytes(
                        block.try_into().expect("eight bytes"),
                    ));
                    let run = (!alphanumeric & HIGH).trailing_zeros() as usize / 8;
                    i += run;
                    if run == 8 {
                        continue;
                    }
                    next_is_alphanumeric = run < 7 && (alphanumeric >> (8 * run + 15)) & 1 != 0;
                } else {
                    while class(i) == Alphanumeric {
                        i += 1;
                    }
                    next_is_alphanumeric = false;
                }
                match class(i) {
                    Middle if middle_joins(bytes, i, ASCII_CLASSES[usize::from(bytes[i])], 1) => {
                        i += 1
                    }
                    Unplain => match curly_mark(bytes, i) {
                        Some(AsciiClass::MidBoth)
                            if middle_joins(bytes, i, AsciiClass::MidBoth, CURLY_MARK_LEN) =>
                        {
                            i += CURLY_MARK_LEN
                        }
                        Some(_) => break,
                        None => return chunk_start(bytes, from, i, out),
                    },
                    _ => break,
                }
            }
            out.push(start..i);
            if !next_is_alphanumeric {
                break;
            }
            i += 1;
        }
    }
}

/// The high bit of each byte of `x_high` (ASCII bytes with their high bit set) that is at
/// least `low`. No byte borrows from the next, since each is at least 0x80 and `low` below.
const fn at_least(x_high: u64, low: u8) -> u64 {
    x_high.wrapping_sub(ONES * low as u64) & HIGH
}

/// The high bit of each byte of `x` that is an ASCII letter or digit.
const fn alphanumeric_bytes(x: u64) -> u64 {
    let x_high = x | HIGH;
    // Setting 0x20 maps the capitals onto the small letters and no other byte onto them.
    let folded = x_high | (ONES * 0x20);
    let letters = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digits = at_least(x_high, b'0') & !at_least(x_high, b'9' + 1);
    (letters | digits) & !x
}

/// The start of the chunk between white space that holds `at`, where the general rules take
/// over: the words pushed from there on are taken back.
fn chunk_start(bytes: &[u8], from: usize, at: usize, out: &mut Vec<Range<usize>>) -> usize {
    let start =
        bytes[from..at].iter().rposition(u8::is_ascii_whitespace).map_or(from, |k| from + k + 1);
    while out.last().is_some_and(|w| w.start >= start) {
        out.pop();
    }
    start
}

/// Whether the middle character of class `middle` and `len` bytes at `at`, after an ASCII
/// letter or digit, joins it to what follows (a character outside ASCII never does here: its
/// chunk goes to the general rules).
fn middle_joins(bytes: &[u8], at: usize, middle: AsciiClass, len: usize) -> bool {
    use AsciiClass::*;
    let class = |i: usize| bytes.get(i).map_or(Other, |&b| ASCII_CLASSES[usize::from(b)]);
    match (class(at - 1), middle) {
        (Letter, MidLetter | MidBoth) => class(at + len) == Letter,
        (Digit, MidNum | MidBoth) => class(at + len) == Digit,
        _ => false,
    }
}

/// The word class of the dash or curly quote at `at` ([`starts_with_curly_mark`]), if one is
/// there: the single quotes join as `.` does, the double quotes and dashes join nothing.
fn curly_mark(bytes: &[u8], at: usize) -> Option<AsciiClass> {
    match bytes.get(at..at + CURLY_MARK_LEN)? {
        [0xE2, 0x80, 0x98 | 0x99] => Some(AsciiClass::MidBoth),
        [0xE2, 0x80, 0x93 | 0x94 | 0x9C | 0x9D] => Some(AsciiClass::Other),
        _ => None,
    }
}

/// How [`plain_ascii_words`] reads a byte; the order is that of the tests it makes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ScanClass {
    /// An ASCII letter or digit.
    Alphanumeric,
    /// `_` or a byte outside ASCII: the chunk is left to the general rules.
    Unplain,
    /// Past the end of the text.
    End,
    /// `:`, `.`, `'`, `,` or `;`, which may join two letters or two digits.
    Middle,
    /// Any other ASCII byte, white space among them: no part of a word.
    Gap,
}

/// [`ScanClass`] of every byte.
static SCAN_CLASSES: [ScanClass; 256] = {
    let mut table = [ScanClass::Unplain; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match ascii_class(b as u8) {
            AsciiClass::Letter | AsciiClass::Digit => ScanClass::Alphanumeric,
            AsciiClass::Connector => ScanClass::Unplain,
            AsciiClass::MidLetter | AsciiClass::MidBoth | AsciiClass::MidNum => ScanClass::Middle,
            AsciiClass::Other => ScanClass::Gap,
        };
        b += 1;
    }
    table
};

/// The word character classes of UAX #29 that ASCII has.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Debug))]
enum AsciiClass {
    Letter,
    Digit,
    /// `_` (ExtendNumLet): joins letters and digits, but is no letter or digit itself.
    Connector,
    /// `:` (MidLetter): joins letter to letter.
    MidLetter,
    /// `.` and `'` (MidNumLet, Single_Quote): join letter to letter and digit to digit.
    MidBoth,
    /// `,` and `;` (MidNum): join digit to digit.
    MidNum,
    Other,
}

impl AsciiClass {
    /// Letters, digits and connectors: what a word is a run of.
    fn is_word(self) -> bool {
        matches!(self, AsciiClass::Letter | AsciiClass::Digit | AsciiClass::Connector)
    }

    fn is_alphanumeric(self) -> bool {
        matches!(self, AsciiClass::Letter | AsciiClass::Digit)
    }
}

const fn ascii_class(b: u8) -> AsciiClass {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => AsciiClass::Letter,
        b'0'..=b'9' => AsciiClass::Digit,
        b'_' => AsciiClass::Connector,
        b':' => AsciiClass::MidLetter,
        b'.' | b'\'' => AsciiClass::MidBoth,
        b',' | b';' => AsciiClass::MidNum,
        _ => AsciiClass::Other,
    }
}

/// [`ascii_class`] of every byte, looked up rather than matched in the scan.
static ASCII_CLASSES: [AsciiClass; 256] = {
    let mut table = [AsciiClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = ascii_class(b as u8);
        b += 1;
    }
    table
};

/// The word class of a non-ASCII character whose UAX #29 word class ASCII has too: the Latin
/// letters of Latin-1 and Latin Extended-A and B (ALetter), the curly apostrophes (MidNumLet,
/// as `.`), and the curly double quotes and dashes (no class). Published English uses these
/// beside ASCII; any other character sends its chunk to the general segmenter.
fn latin_class(c: char) -> Option<AsciiClass> {
    match c {
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' => {
            Some(AsciiClass::Letter)
        }
        '\u{2018}' | '\u{2019}' => Some(AsciiClass::MidBoth),
        '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' => Some(AsciiClass::Other),
        _ if c.is_ascii() => Some(ascii_class(c as u8)),
        _ => None,
    }
}

/// The characters of a chunk as (byte offset in the document, word class), read when
/// [`latin_class`] knows them all.
#[derive(Default)]
struct LatinChunk {
    chars: Vec<(usize, AsciiClass)>,
    end: usize,
}

impl LatinChunk {
    /// Reads `chunk`, found at `base` in the document: false if a character of it is not one
    /// that [`latin_class`] knows.
    fn read(&mut self, chunk: &str, base: usize) -> bool {
        self.chars.clear();
        self.end = base + chunk.len();
        for (k, c) in chunk.char_indices() {
            let Some(class) = latin_class(c) else { return false };
            self.chars.push((base + k, class));
        }
        true
    }
}

impl Classes for LatinChunk {
    fn class(&self, i: usize) -> AsciiClass {
        self.chars.get(i).map_or(AsciiClass::Other, |c| c.1)
    }

    fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.end, |c| c.0)
    }
}

/// A run of text whose characters have the word classes that ASCII has.
trait Classes {
    /// The class of the character at `i`, `Other` at or past the end.
    fn class(&self, i: usize) -> AsciiClass;
    /// The byte offset in the document of the character at `i` (`i` may be the end).
    fn offset(&self, i: usize) -> usize;
}

/// An ASCII chunk: characters are bytes.
struct AsciiChunk<'a> {
    bytes: &'a [u8],
    end: usize,
}

impl Classes for AsciiChunk<'_> {
    fn class(&self, i: usize) -> AsciiClass {
        if i < self.end { ASCII_CLASSES[usize::from(self.bytes[i])] } else { AsciiClass::Other }
    }

    fn offset(&self, i: usize) -> usize {
        i
    }
}

/// The words of characters `from..to` of a chunk without white space, as UAX #29 segments
/// them.
fn class_words(chars: &impl Classes, from: usize, to: usize, out: &mut Vec<Range<usize>>) {
    use AsciiClass::*;
    let class = |i: usize| if i < to { chars.class(i) } else { Other };
    let mut i = from;
    while i < to {
        if !class(i).is_word() {
            i += 1;
            continue;
        }
        let start = i;
        let mut alphanumeric = false;
        loop {
            // A run of letters, digits and connectors, from `i` to the first character after
            // it.
            let mut last = class(i);
            alphanumeric |= last.is_alphanumeric();
            i += 1;
            while i < to {
                let here = class(i);
                if !here.is_word() {
                    break;
                }
                last = here;
                alphanumeric |= here.is_alphanumeric();
                i += 1;
            }
            // A middle character joins two letters or two digits on either side of it.
            let joins = match (last, class(i)) {
                (Letter, MidLetter | MidBoth) => class(i + 1) == Letter,
                (Digit, MidNum | MidBoth) => class(i + 1) == Digit,
                _ => false,
            };
            if !joins {
                break;
            }
            i += 1;
        }
        if alphanumeric {
            out.push(chars.offset(start)..chars.offset(i));
        }
    }
}

/// Terminal punctuation and the closing quotes and brackets that follow it.
#[cfg_attr(test, derive(Debug, PartialEq))]
struct TerminalRun {
    end: usize,
    /// The run is a single `.` with nothing after it: the case abbreviations are made of.
    lone_full_stop: bool,
    /// Full-width terminators end a sentence without white space after them.
    wide: bool,
    /// The run ends in a closing quote or bracket rather than a terminator.
    closed_by_bracket_or_quote: bool,
}

impl TerminalRun {
    fn at(para: &str, start: usize) -> Self {
        // Most runs are a full stop before a space or a letter.
        let bytes = para.as_bytes();
        if bytes[start] == b'.'
            && bytes.get(start + 1).is_none_or(|&b| b.is_ascii() && !ends_ascii_run(b))
        {
            return TerminalRun {
                end: start + 1,
                lone_full_stop: true,
                wide: false,
                closed_by_bracket_or_quote: false,
            };
        }
        Self::by_char(para, start)
    }

    fn by_char(para: &str, start: usize) -> Self {
        let mut end = start;
        let mut wide = false;
        let mut closed_by_bracket_or_quote = false;
        for c in para[start..].chars() {
            if is_terminator(c) {
                wide = wide || is_wide_terminator(c);
                closed_by_bracket_or_quote = false;
            } else if is_closing(c) {
                closed_by_bracket_or_quote = true;
            } else {
                break;
            }
            end += c.len_utf8();
        }
        TerminalRun {
            end,
            lone_full_stop: &para[start..end] == ".",
            wide,
            closed_by_bracket_or_quote,
        }
    }
}

fn ends_sentence(para: &str, terminator: usize, run: &TerminalRun, next: usize) -> bool {
    if run.wide {
        // In 「行く。」と言った the particle after the closing bracket continues the sentence.
        let quotative_particle = run.closed_by_bracket_or_quote
            && next == run.end
            && para[next..].starts_with(|c: char| ('\u{3041}'..='\u{309f}').contains(&c));
        return !quotative_particle;
    }
    if next == run.end || !starts_sentence(para, next) {
        return false;
    }
    !(run.lone_full_stop && full_stop_continues(para, terminator, next))
}

/// Whether the full stop at `full_stop` belongs to an abbreviation, an initial or a dotted
/// acronym rather than ending the sentence; `next` is where the following word starts.
fn full_stop_continues(para: &str, full_stop: usize, next: usize) -> bool {
    let word = word_before(para, full_stop);
    if word.is_empty() {
        return false;
    }
    if is_prefix_abbreviation(word) || is_initial(word) {
        return true;
    }
    let next_word = word_at(para, next);
    if is_number_abbreviation(word) {
        return next_word.is_empty();
    }
    // These often end a sentence too ("in the U.S.", "at 5 p.m."); only a word that typically
    // opens a sentence is evidence enough of a boundary.
    if is_trailing_abbreviation(word) || is_dotted_acronym(word) {
        return !is_common_sentence_starter(next_word);
    }
    false
}

/// Whether the full stop at byte `full_stop` of `text` closes an abbreviation, an initial or a
/// dotted acronym ("Dr.", "V.", "U.S.", "etc.", "No."), whatever follows it.
pub fn is_abbreviation_stop(text: &str, full_stop: usize) -> bool {
    let word = word_before(text, full_stop);
    !word.is_empty()
        && (is_prefix_abbreviation(word)
            || is_initial(word)
            || is_number_abbreviation(word)
            || is_trailing_abbreviation(word)
            || is_dotted_acronym(word)
            || is_lowercase_abbreviation(word))
}

/// Lower-case abbreviations that a lower-case word may follow inside a sentence.
fn is_lowercase_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "etc"
            | "vs"
            | "approx"
            | "incl"
            | "esp"
            | "cf"
            | "ca"
            | "al"
            | "viz"
            | "resp"
            | "min"
            | "max"
            | "est"
            | "ft"
            | "in"
            | "lb"
            | "lbs"
            | "oz"
            | "km"
            | "mi"
            | "sq"
            | "vol"
    )
}

/// Whether an ASCII byte may go on a terminal run: a terminator or a closing quote or bracket.
fn ends_ascii_run(byte: u8) -> bool {
    matches!(byte, b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']' | b'}')
}

/// `text` without the opening quotes and brackets it starts with; told from the first byte
/// when that is ASCII and opens nothing.
fn trim_opening(text: &str) -> &str {
    match text.as_bytes().first() {
        Some(&b) if b.is_ascii() && !matches!(b, b'"' | b'\'' | b'(' | b'[' | b'{') => text,
        _ => text.trim_start_matches(is_opening),
    }
}

/// The word ending at `end`, after any hyphen or slash ("pro-U.S.") and opening punctuation.
fn word_before(para: &str, end: usize) -> &str {
    // The bytes are read back while they are ASCII, the usual case.
    let bytes = para.as_bytes();
    let mut from = end;
    while from > 0 {
        let b = bytes[from - 1];
        if !b.is_ascii() {
            return word_before_by_char(para, end);
        }
        if is_ascii_white_space(b) || b == b'-' || b == b'/' {
            break;
        }
        from -= 1;
    }
    trim_opening(&para[from..end])
}

/// [`word_before`], reading characters.
fn word_before_by_char(para: &str, end: usize) -> &str {
    let head = &para[..end];
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '/'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    head[from..].trim_start_matches(is_opening)
}

/// The letters of the word starting at `start`, after any opening punctuation; empty when it
/// starts with a digit or a symbol.
fn word_at(para: &str, start: usize) -> &str {
    let tail = trim_opening(&para[start..]);
    let bytes = tail.as_bytes();
    // ASCII letters are the only ASCII characters that are alphabetic.
    let len = bytes.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(bytes.len());
    if bytes.get(len).is_some_and(|b| !b.is_ascii()) {
        let len = tail.find(|c: char| !c.is_alphabetic()).unwrap_or(tail.len());
        return &tail[..len];
    }
    &tail[..len]
}

fn skip_white_space(para: &str, from: usize) -> usize {
    // Most often a single space comes before the next word.
    let bytes = para.as_bytes();
    let plain = |at: usize| bytes.get(at).is_none_or(|&b| b.is_ascii() && !is_ascii_white_space(b));
    if plain(from) {
        return from;
    }
    if bytes[from] == b' ' && plain(from + 1) {
        return from + 1;
    }
    let tail = &para[from..];
    from + (tail.len() - tail.trim_start().len())
}

/// A capital or uncased letter or a digit, possibly after opening quotes or brackets; a
/// currency sign before a digit.
fn starts_sentence(para: &str, at: usize) -> bool {
    match para.as_bytes().get(at) {
        Some(b) if b.is_ascii_alphabetic() => b.is_ascii_uppercase(),
        Some(b) if b.is_ascii_digit() => true,
        _ => starts_sentence_by_char(para, at),
    }
}

/// [`starts_sentence`], reading characters.
fn starts_sentence_by_char(para: &str, at: usize) -> bool {
    let mut chars = para[at..].chars().skip_while(|&c| is_opening(c));
    match chars.next() {
        Some(c) if c.is_alphabetic() => !c.is_lowercase(),
        Some(c) if c.is_numeric() => true,
        Some('$' | '£' | '€' | '¥') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' | '।' | '॥')
        || is_wide_terminator(c)
}

fn is_wide_terminator(c: char) -> bool {
    matches!(c, '。' | '．' | '！' | '？' | '｡')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '„'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '（'
            | '「'
            | '『'
    )
}

/// Abbreviations that stand before a name or a word and so never end a sentence.
fn is_prefix_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Dr" | "Mr"
            | "Mrs"
            | "Ms"
            | "Mx"
            | "Messrs"
            | "Prof"
            | "St"
            | "Gen"
            | "Col"
            | "Lt"
            | "Maj"
            | "Capt"
            | "Cmdr"
            | "Adm"
            | "Sgt"
            | "Cpl"
            | "Pvt"
            | "Brig"
            | "Rep"
            | "Reps"
            | "Sen"
            | "Sens"
            | "Gov"
            | "Pres"
            | "Rev"
            | "Hon"
            | "Supt"
            | "Det"
            | "Insp"
            | "Fr"
            | "Mt"
            | "Ft"
            | "vs"
            | "v"
            | "e.g"
            | "i.e"
            | "cf"
            | "viz"
            | "approx"
            | "ca"
    )
}

/// Abbreviations that stand before a number ("No. 5", "p. 12") but are words otherwise.
fn is_number_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "No" | "no" | "Nos" | "Art" | "Vol" | "vol" | "Fig" | "fig" | "Sec" | "Ch" | "p" | "pp"
    )
}

/// Abbreviations that follow a name or a number and may well be the last word of a sentence.
fn is_trailing_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Jr" | "Sr"
            | "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "Bros"
            | "Plc"
            | "Dept"
            | "Univ"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "etc"
            | "al"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// "V" in "V. Zelensky", "F" in "John F. Kennedy", in any cased script.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// "U.S", "E.U", "a.m", "Ph.D": letters in groups of one or two joined by dots.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|group| {
            let letters = group.chars().count();
            (1..=2).contains(&letters) && group.chars().all(char::is_alphabetic)
        })
}

/// Words that commonly open a sentence in news prose and rarely follow "U.S." or "p.m."
/// inside one.
fn is_common_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "I"
            | "We"
            | "They"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "In"
            | "On"
            | "At"
            | "As"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "Although"
            | "Since"
            | "For"
            | "From"
            | "With"
            | "By"
            | "Some"
            | "Many"
            | "Most"
            | "No"
            | "Now"
            | "Then"
            | "Still"
            | "However"
            | "Meanwhile"
            | "Officials"
            | "What"
            | "Why"
            | "How"
            | "Who"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether the byte at `at` may start a sentence terminator: `.`, `!`, `?` or the first
    /// byte of a character outside ASCII but a dash or curly quote (a continuation byte never
    /// follows where the search starts).
    fn may_start_terminator(bytes: &[u8], at: usize) -> bool {
        matches!(bytes[at], b'.' | b'!' | b'?')
            || (bytes[at] >= 0xC0 && !starts_with_curly_mark(&bytes[at..]))
    }

    /// Sentences of a whole text, as slices.
    fn split(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().flat_map(|p| sentences(text, p)).map(|r| &text[r]).collect()
    }

    fn paragraph_slices(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().map(|r| &text[r]).collect()
    }

    /// The words as the general Unicode segmenter finds them, chunking aside.
    fn unicode_words(text: &str) -> Vec<Range<usize>> {
        text.unicode_word_indices().map(|(i, w)| i..i + w.len()).collect()
    }

    #[test]
    fn curly_marks_have_their_word_classes() {
        for c in (0x800..0x10000).filter_map(char::from_u32) {
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            assert_eq!(curly_mark(bytes, 0).is_some(), starts_with_curly_mark(bytes), "{c:?}");
            let class = latin_class(c).filter(|_| curly_mark(bytes, 0).is_some());
            assert_eq!(curly_mark(bytes, 0), class, "{c:?}");
        }
    }

    #[test]
    fn chunk_words_follow_the_unicode_rules() {
        for text in [
            "a well-known U.S.-based firm's 3.14 and 1,000;2 e.g. a:b a_b _ __x x__ 9_ _9",
            "don't 'quoted' rock'n'roll a.1 1.a a..b 1,,2 end. ,lead trail, a'.b x:y:z",
            "tab\there\r\nnew\x0cline ... --- '' :: ;; a__.b 1_.2 a._b",
            "“Quoted,” she said—the city’s ‘plan’ for Zürich’s 3’000 Ørsted×2 café–bar ’tis",
            "l’Élysée d’Italia “x”y ‘a’’b 1’’2 ǅemal ɐ÷b naïve.’ ”“",
        ] {
            assert_eq!(words(text), unicode_words(text), "{text:?}");
        }
    }

    /// [`sentences`] as it reads every character: the reference the byte scan must agree with.
    fn sentences_by_char(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
        let base = paragraph.start;
        let para = &text[paragraph];
        let mut out = Vec::new();
        let mut push_trimmed = |range: Range<usize>| out.extend(trimmed(para, base, range));
        let mut sentence_start = 0;
        let mut sentence_has_letter = false;
        let mut resume_at = 0;
        for (i, c) in para.char_indices() {
            if i < resume_at {
                continue;
            }
            if !is_terminator(c) {
                sentence_has_letter = sentence_has_letter || c.is_alphabetic();
                continue;
            }
            let run = TerminalRun::at(para, i);
            resume_at = run.end;
            if !sentence_has_letter {
                continue;
            }
            let next = skip_white_space(para, run.end);
            if next < para.len() && ends_sentence(para, i, &run, next) {
                push_trimmed(sentence_start..run.end);
                sentence_start = next;
                sentence_has_letter = false;
            }
        }
        push_trimmed(sentence_start..para.len());
        out
    }

    proptest! {
        #[test]
        fn byte_scan_splits_sentences_as_reading_every_character_does(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("The"), Just("vote"), Just("Mr"), Just("U.S"), Just("e.g"), Just("No"),
                    Just("3"), Just("1.5"), Just("é"), Just("Д"), Just("日本"), Just("."),
                    Just("!"), Just("?"), Just("…"), Just("。"), Just("؟"), Just("।"),
                    Just("\u{201d}"), Just("\u{201c}"), Just(")"), Just("("), Just("'"),
                    Just(" "), Just(" "), Just("\u{a0}"), Just("\n"), Just("「"), Just("」"),
                    Just("と"), Just("$"), Just("-"),
                ],
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            for paragraph in paragraphs(&text) {
                prop_assert_eq!(
                    sentences(&text, paragraph.clone()),
                    sentences_by_char(&text, paragraph)
                );
            }
        }
    }

    proptest! {
        #[test]
        fn words_match_the_unicode_segmenter(
            text in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("Z"), Just("7"), Just("_"), Just(":"), Just("."), Just("'"),
                    Just(","), Just(";"), Just("-"), Just(" "), Just("\n"), Just("\r"),
                    Just("\t"), Just("é"), Just("\u{301}"), Just("\u{ad}"), Just("’"),
                    Just("日本"), Just("🇫🇷"), Just("\u{200d}"), Just("\u{a0}"), Just("ß"),
                    Just("\u{5d0}"), Just("٣"), Just("\u{2060}"), Just("ｶ"), Just("‘"),
                    Just("“"), Just("”"), Just("–"), Just("—"), Just("\u{24f}"),
                    Just("\u{250}"), Just("×"), Just("÷"), Just("Ø"), Just("…"),
                ],
                0..40,
            ).prop_map(|parts| parts.concat())
        ) {
            prop_assert_eq!(words(&text), unicode_words(&text));
        }
    }

    proptest! {
        /// The byte tests for plain ASCII around a terminator agree with reading characters.
        #[test]
        fn byte_tests_around_terminators_agree_with_reading_characters(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("Mr"), Just("U.S"), Just("e"), Just("é"), Just("Дом"), Just("1"),
                    Just("The"), Just("$"), Just("\r"),
                    Just("."), Just("!"), Just("?"), Just("…"), Just("。"), Just("\""),
                    Just("'"), Just(")"), Just("("), Just("“"), Just("”"), Just("’"),
                    Just(" "), Just("  "), Just("\u{a0}"), Just("\n"), Just("-"), Just("—"),
                    Just("/"), Just("\t"),
                ],
                0..16,
            )
        ) {
            let para: String = pieces.concat();
            for (at, _) in para.char_indices().chain([(para.len(), ' ')]) {
                prop_assert_eq!(word_before(&para, at), word_before_by_char(&para, at));
                let tail = para[at..].trim_start_matches(is_opening);
                let letters = tail.find(|c: char| !c.is_alphabetic()).unwrap_or(tail.len());
                prop_assert_eq!(word_at(&para, at), &tail[..letters]);
                let spaces = para[at..].len() - para[at..].trim_start().len();
                prop_assert_eq!(skip_white_space(&para, at), at + spaces);
                prop_assert_eq!(starts_sentence(&para, at), starts_sentence_by_char(&para, at));
                prop_assert_eq!(non_blank_span(&para[at..]), {
                    let trimmed = para[at..].trim_start();
                    let start = para.len() - at - trimmed.len();
                    (!trimmed.is_empty()).then(|| start..start + trimmed.trim_end().len())
                });
                if para[at..].starts_with(|c: char| is_terminator(c)) {
                    prop_assert_eq!(TerminalRun::at(&para, at), TerminalRun::by_char(&para, at));
                }
            }
        }
    }

    proptest! {
        /// Long runs of ASCII letters and digits cross the eight-byte blocks of the plain
        /// scan, and the middle characters join or part them as the general rules do.
        #[test]
        fn plain_ascii_words_match_the_unicode_segmenter(
            text in proptest::collection::vec(
                prop_oneof![
                    6 => "[a-zA-Z0-9]{1,12}",
                    3 => Just(" ".to_string()),
                    1 => "[\n.',:;\"_é’‘“”–—\u{301}-]",
                ],
                0..30,
            ).prop_map(|parts| parts.concat())
        ) {
            prop_assert_eq!(words(&text), unicode_words(&text));
        }
    }

    fn word_slices(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_full_stops_question_and_exclamation_marks() {
        assert_eq!(
            split("The vote passed. Was it fair? Nobody knows! Critics say no."),
            ["The vote passed.", "Was it fair?", "Nobody knows!", "Critics say no."]
        );
    }

    #[test]
    fn runs_of_terminators_end_one_sentence() {
        assert_eq!(
            split("Really?! Yes. He won!!! The crowd cheered."),
            ["Really?!", "Yes.", "He won!!!", "The crowd cheered."]
        );
    }

    #[test]
    fn titles_before_names_do_not_split() {
        assert_eq!(
            split("Dr. Ruth Park met Mr. Lee and Mrs. Osei at St. Anne's. They spoke."),
            ["Dr. Ruth Park met Mr. Lee and Mrs. Osei at St. Anne's.", "They spoke."]
        );
        assert_eq!(
            split("Ms. Diaz and Prof. Kahn left. Gen. Amos, Col. Reyes and Lt. Ford stayed."),
            ["Ms. Diaz and Prof. Kahn left.", "Gen. Amos, Col. Reyes and Lt. Ford stayed."]
        );
        assert_eq!(
            split("Sgt. Ivers and Sen. Holt came. Rep. Marsh did not. Gov. Burke spoke."),
            ["Sgt. Ivers and Sen. Holt came.", "Rep. Marsh did not.", "Gov. Burke spoke."]
        );
        assert_eq!(
            split("They climbed Mt. Kenya before visiting Ft. Myers. It rained."),
            ["They climbed Mt. Kenya before visiting Ft. Myers.", "It rained."]
        );
    }

    #[test]
    fn no_break_space_after_a_title_does_not_split() {
        assert_eq!(split("Mr.\u{a0}Lee arrived."), ["Mr.\u{a0}Lee arrived."]);
    }

    #[test]
    fn company_and_name_suffixes_split_only_before_a_sentence_starter() {
        assert_eq!(
            split("Acme Inc. Chief Executive Dana Roy resigned. Shares fell."),
            ["Acme Inc. Chief Executive Dana Roy resigned.", "Shares fell."]
        );
        assert_eq!(
            split("She joined Acme Corp. The firm makes tools."),
            ["She joined Acme Corp.", "The firm makes tools."]
        );
        assert_eq!(
            split("Globex Ltd. and Initech Co. Limited merged."),
            ["Globex Ltd. and Initech Co. Limited merged."]
        );
        assert_eq!(
            split("Sam Hale Jr. Memorial Park opened. Sam Hale Jr. He was brief."),
            ["Sam Hale Jr. Memorial Park opened.", "Sam Hale Jr.", "He was brief."]
        );
    }

    #[test]
    fn latin_abbreviations() {
        assert_eq!(
            split("It was Ali vs. Frazier. Ali won."),
            ["It was Ali vs. Frazier.", "Ali won."]
        );
        assert_eq!(
            split("Some cities, e.g. Lagos, grew. Others, i.e. The largest, shrank."),
            ["Some cities, e.g. Lagos, grew.", "Others, i.e. The largest, shrank."]
        );
        assert_eq!(
            split("Bring pens, paper, etc. to class."),
            ["Bring pens, paper, etc. to class."]
        );
        assert_eq!(
            split("They sold pens, paper, etc. The rest was given away."),
            ["They sold pens, paper, etc.", "The rest was given away."]
        );
        assert_eq!(
            split("It weighs approx. 5 kg. It is heavy."),
            ["It weighs approx. 5 kg.", "It is heavy."]
        );
        assert_eq!(split("Roe v. Wade was decided in 1973."), ["Roe v. Wade was decided in 1973."]);
    }

    #[test]
    fn number_abbreviations_hold_only_before_a_number() {
        assert_eq!(
            split("She is ranked No. 5 in the world. Fig. 2 shows why."),
            ["She is ranked No. 5 in the world.", "Fig. 2 shows why."]
        );
        assert_eq!(
            split("Did he agree? He said No. The talks ended."),
            ["Did he agree?", "He said No.", "The talks ended."]
        );
    }

    #[test]
    fn months_before_a_day_do_not_split() {
        assert_eq!(
            split("The vote is on Jan. 5 and the count on Feb. 12. Results come in Sept. 2025."),
            ["The vote is on Jan. 5 and the count on Feb. 12.", "Results come in Sept. 2025."]
        );
        assert_eq!(
            split("Talks began in Aug. The deal came in Oct. 2024."),
            ["Talks began in Aug.", "The deal came in Oct. 2024."]
        );
    }

    #[test]
    fn dotted_acronyms_mid_sentence_do_not_split() {
        assert_eq!(
            split("The U.S. Senate and the U.K. Parliament voted. It passed."),
            ["The U.S. Senate and the U.K. Parliament voted.", "It passed."]
        );
        assert_eq!(
            split("Talks at the U.N. and the E.U. stalled."),
            ["Talks at the U.N. and the E.U. stalled."]
        );
        assert_eq!(
            split("The U.S.-led talks and U.S. trade grew."),
            ["The U.S.-led talks and U.S. trade grew."]
        );
        assert_eq!(
            split("She earned a Ph.D. Degree in physics."),
            ["She earned a Ph.D. Degree in physics."]
        );
    }

    #[test]
    fn dotted_acronyms_split_before_a_common_sentence_starter() {
        assert_eq!(
            split("He moved to the U.S. The move was hard."),
            ["He moved to the U.S.", "The move was hard."]
        );
        assert_eq!(
            split("Doors open at 9 a.m. Monday. The show ends at 5 p.m. It is free."),
            ["Doors open at 9 a.m. Monday.", "The show ends at 5 p.m.", "It is free."]
        );
        assert_eq!(
            split("Aid came from the U.N. \"The need is great,\" an aide said."),
            ["Aid came from the U.N.", "\"The need is great,\" an aide said."]
        );
        assert_eq!(
            split("They oppose non-U.S. Firms. They favour pro-U.S. But not all."),
            ["They oppose non-U.S. Firms.", "They favour pro-U.S.", "But not all."]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            split("President V. Zelensky spoke. John F. Kennedy was elected in 1960."),
            ["President V. Zelensky spoke.", "John F. Kennedy was elected in 1960."]
        );
        assert_eq!(
            split("J. R. Mensah and J.R.R. Tolkien wrote. A. A. Milne too."),
            ["J. R. Mensah and J.R.R. Tolkien wrote.", "A. A. Milne too."]
        );
        assert_eq!(
            split("Выступил В. Зеленский. Он говорил долго."),
            ["Выступил В. Зеленский.", "Он говорил долго."]
        );
    }

    #[test]
    fn decimals_thousands_urls_and_emails_do_not_split() {
        assert_eq!(
            split("Growth was 3.5 percent. Sales hit 1.000 units in v2.1.4 of the plan."),
            ["Growth was 3.5 percent.", "Sales hit 1.000 units in v2.1.4 of the plan."]
        );
        assert_eq!(
            split("Read www.example.com/news/item.html today. Write to desk@example.org. Thanks."),
            ["Read www.example.com/news/item.html today.", "Write to desk@example.org.", "Thanks."]
        );
        assert_eq!(
            split("See example.com. The site is new."),
            ["See example.com.", "The site is new."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(split("He paused... and then left."), ["He paused... and then left."]);
        assert_eq!(split("He paused... Then he left."), ["He paused...", "Then he left."]);
        assert_eq!(split("Wait… What happened?"), ["Wait…", "What happened?"]);
        assert_eq!(split("Wait… what happened?"), ["Wait… what happened?"]);
        assert_eq!(split("... And so it ended."), ["... And so it ended."]);
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_sentence_they_end() {
        assert_eq!(
            split("\"We are done.\" Then she left."),
            ["\"We are done.\"", "Then she left."]
        );
        assert_eq!(
            split("“We won.” The crowd cheered. ‘It is over.’ He agreed."),
            ["“We won.”", "The crowd cheered.", "‘It is over.’", "He agreed."]
        );
        assert_eq!(split("He said 'no.' Then he left."), ["He said 'no.'", "Then he left."]);
        assert_eq!(
            split("(He declined to comment.) The police did too."),
            ["(He declined to comment.)", "The police did too."]
        );
        assert_eq!(
            split("She asked: “Why now?” “Because,” he said."),
            ["She asked: “Why now?”", "“Because,” he said."]
        );
    }

    #[test]
    fn lower_case_after_terminator_does_not_split() {
        assert_eq!(
            split("“Why?” she asked. “Stop!” he shouted."),
            ["“Why?” she asked.", "“Stop!” he shouted."]
        );
        assert_eq!(split("He left. \"goodbye\" was all."), ["He left. \"goodbye\" was all."]);
    }

    #[test]
    fn opening_quotes_brackets_digits_and_currency_start_sentences() {
        assert_eq!(split("He left. \"Goodbye,\" he said."), ["He left.", "\"Goodbye,\" he said."]);
        assert_eq!(
            split("Prices rose 5%. 2024 was hard. $3 billion was lost."),
            ["Prices rose 5%.", "2024 was hard.", "$3 billion was lost."]
        );
        assert_eq!(split("It ended. (Nobody won.)"), ["It ended.", "(Nobody won.)"]);
    }

    #[test]
    fn list_numbers_are_not_sentences() {
        assert_eq!(split("1. The first point is clear."), ["1. The first point is clear."]);
    }

    #[test]
    fn text_without_final_terminator_is_the_last_sentence() {
        assert_eq!(
            split("One ends here. Another does not"),
            ["One ends here.", "Another does not"]
        );
        assert_eq!(split("Headline without a stop"), ["Headline without a stop"]);
    }

    #[test]
    fn single_newlines_are_white_space() {
        assert_eq!(
            split("The first line\ncontinues here. A second\nsentence follows."),
            ["The first line\ncontinues here.", "A second\nsentence follows."]
        );
        assert_eq!(split("One.\r\nTwo."), ["One.", "Two."]);
    }

    #[test]
    fn sentences_never_cross_paragraphs() {
        assert_eq!(
            split("No stop here\n\nThe next paragraph. Two sentences."),
            ["No stop here", "The next paragraph.", "Two sentences."]
        );
    }

    #[test]
    fn ranges_are_absolute_byte_offsets() {
        let text = "Intro.\n\n  Mr. Lee spoke. It rained.  \n";
        let second = paragraphs(text)[1].clone();
        let ranges = sentences(text, second);
        assert_eq!(ranges, [10..24, 25..35]);
        assert_eq!(&text[ranges[0].clone()], "Mr. Lee spoke.");
    }

    #[test]
    fn russian() {
        assert_eq!(
            split("Это первое предложение. Это второе! А это третье?"),
            ["Это первое предложение.", "Это второе!", "А это третье?"]
        );
    }

    #[test]
    fn arabic() {
        assert_eq!(
            split("هل أنت بخير؟ نعم، أنا بخير. شكرا لك."),
            ["هل أنت بخير؟", "نعم، أنا بخير.", "شكرا لك."]
        );
    }

    #[test]
    fn cjk_full_width_terminators_need_no_space() {
        assert_eq!(
            split("今天天气很好。我们去公园吧！你来吗？"),
            ["今天天气很好。", "我们去公园吧！", "你来吗？"]
        );
        assert_eq!(
            split("彼は「行く。」と言った。 雨だった。「寒い！」"),
            ["彼は「行く。」と言った。", "雨だった。", "「寒い！」"]
        );
    }

    proptest! {
        /// The byte tests at the ends of a line agree with trimming it.
        #[test]
        fn lines_are_trimmed_as_by_the_standard_library(line in "[a \t\r\u{a0}\u{3000}é.]{0,8}\n?") {
            let trimmed = line.trim();
            let expected = (!trimmed.is_empty()).then(|| {
                let start = line.len() - line.trim_start().len();
                start..start + trimmed.len()
            });
            prop_assert_eq!(non_blank_span(&line), expected);
        }
    }

    #[test]
    fn paragraphs_split_at_blank_lines_with_crlf() {
        let text = "First line\r\nsame paragraph\r\n\r\nSecond paragraph\r\n";
        assert_eq!(paragraph_slices(text), ["First line\r\nsame paragraph", "Second paragraph"]);
    }

    #[test]
    fn paragraphs_skip_leading_and_trailing_blank_lines() {
        assert_eq!(paragraph_slices("\n\n  Only one.  \n\n\n"), ["Only one."]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n \n\t\n").is_empty());
    }

    #[test]
    fn white_space_only_lines_separate_paragraphs() {
        assert_eq!(paragraph_slices("A\n \t \nB\n\u{a0}\nC"), ["A", "B", "C"]);
        assert_eq!(paragraph_slices("  A\n  B"), ["A\n  B"]);
    }

    #[test]
    fn words_keep_apostrophes_inside_words() {
        assert_eq!(
            word_slices("I don't know, she didn’t say."),
            ["I", "don't", "know", "she", "didn’t", "say"]
        );
        assert_eq!(
            word_slices("the United Nations’ report"),
            ["the", "United", "Nations", "report"]
        );
    }

    #[test]
    fn words_split_at_hyphens() {
        assert_eq!(
            word_slices("a well-known U.S.-based firm"),
            ["a", "well", "known", "U.S", "based", "firm"]
        );
    }

    #[test]
    fn words_keep_numbers_whole_and_skip_punctuation() {
        assert_eq!(
            word_slices("3.5 percent of 1,000 people in 2024 — ok! 😀"),
            ["3.5", "percent", "of", "1,000", "people", "in", "2024", "ok"]
        );
    }

    proptest! {
        /// The two searches find what a search byte by byte finds, from every character on.
        #[test]
        fn terminator_candidates_are_found_as_byte_by_byte(text in "[a-z .!?…\"”’—\n。Я,/>-]{0,40}") {
            let bytes = text.as_bytes();
            let mut candidates = TerminatorCandidates::new(bytes);
            for (start, _) in text.char_indices() {
                let expected = (start..bytes.len()).find(|&at| may_start_terminator(bytes, at));
                prop_assert_eq!(candidates.first_from(start), expected);
            }
        }

        /// Every non-white-space character of a paragraph is in exactly one sentence, and
        /// sentences are trimmed, ordered and inside their paragraph.
        #[test]
        fn sentences_partition_their_paragraph(text in "[a-zA-Z .!?…\"”’()\n。؟Я1-9-]{0,80}") {
            for paragraph in paragraphs(&text) {
                let ranges = sentences(&text, paragraph.clone());
                let mut covered = paragraph.start;
                for range in &ranges {
                    prop_assert!(range.start < range.end);
                    prop_assert!(paragraph.start <= range.start && range.end <= paragraph.end);
                    prop_assert!(text[covered..range.start].trim().is_empty());
                    let sentence = &text[range.clone()];
                    prop_assert_eq!(sentence, sentence.trim());
                    covered = range.end;
                }
                prop_assert!(text[covered..paragraph.end].trim().is_empty());
            }
        }
    }
}
