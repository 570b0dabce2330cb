//! Spaces around punctuation: `space-before-punctuation` ("the main lines , with",
//! "disadvantaged ”,"), `missing-space` ("Finance,classified", "function”he") and
//! `double-space` ("the  minister"). French spacing, numbers, ellipses, faces, datelines and
//! aligned text are left alone.

use std::ops::Range;

use super::looks_french;
use super::quotes::{Role, marks};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Document, lines_inclusive};
use crate::rules::{Check, Finding};

/// The start of the run of non-space characters that ends at `end`, at most 40 bytes back.
fn token_start(text: &str, end: usize) -> usize {
    let mut start = end;
    for (i, c) in text[..end].char_indices().rev() {
        if c.is_whitespace() || end - i > 40 {
            break;
        }
        start = i;
    }
    start
}

/// The end of the run of non-space characters that starts at `start`, at most 40 bytes on.
fn token_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        if c.is_whitespace() || i > 40 {
            break;
        }
        end = start + i + c.len_utf8();
    }
    end
}

/// The sentence of the document around byte `at`, or the line when no sentence covers it.
fn sentence_at(doc: &Document, at: usize) -> &str {
    let text = doc.text();
    let sentences = doc.sentences();
    let index = sentences.partition_point(|s| s.end <= at);
    if let Some(s) = sentences.get(index).filter(|s| s.start <= at) {
        return &text[s.clone()];
    }
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    &text[start..end]
}

/// The line around byte `at`.
fn line_at(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    start..end
}

/// Offsets of the closing curly quotes that the quote analysis finds in their right place.
fn well_placed_closing_quotes(doc: &Document) -> Vec<usize> {
    marks(doc)
        .0
        .iter()
        .filter(|m| m.glyph == '”' && m.role == Some(Role::Close) && m.problem.is_none())
        .map(|m| m.at)
        .collect()
}

#[derive(Debug)]
pub struct SpaceBeforePunctuation;

impl Check for SpaceBeforePunctuation {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        // Byte searches: `str::contains` reads a whole text several times slower.
        let spaced_quote = memchr::memmem::find(text.as_bytes(), " ”".as_bytes()).is_some();
        let closing_quotes =
            if spaced_quote { well_placed_closing_quotes(doc) } else { Vec::new() };
        let bytes = text.as_bytes();
        let is_space = |b: u8| b == b' ' || b == b'\t';
        // The marks, and `”` (which starts with the byte 0xE2), are far rarer than spaces:
        // they are found first, and those after a space or tab are looked at in order.
        let mut marks: Vec<usize> = memchr::memchr3_iter(b',', b'.', 0xE2, bytes)
            .chain(memchr::memchr3_iter(b';', b':', b'!', bytes))
            .chain(memchr::memchr_iter(b'?', bytes))
            .filter(|&i| i > 0 && is_space(bytes[i - 1]))
            .collect();
        marks.sort_unstable();
        for i in marks {
            let start = i - bytes[..i].iter().rev().take_while(|&&b| is_space(b)).count();
            let Some(mark) = text[i..].chars().next() else { break };
            let closing_quote = mark == '”' && closing_quotes.binary_search(&i).is_ok();
            if !(",.;:!?".contains(mark) || closing_quote) || !flagged(doc, start, i, mark) {
                continue;
            }
            let mark_end = i + mark.len_utf8();
            let mut edits = vec![Edit { start, end: i, replacement: String::new() }];
            if closing_quote && text[mark_end..].starts_with(char::is_alphanumeric) {
                edits.push(Edit { start: mark_end, end: mark_end, replacement: " ".into() });
            }
            let fix = Fix {
                applicability: Applicability::Safe,
                message: format!("remove the space before `{mark}`"),
                edits,
            };
            let span = token_start(text, start)..mark_end;
            out.push(Finding { span, fix: Some(fix), related: Vec::new(), detail: None });
        }
    }
}

/// Whether the space at `space..at` before `mark` is a mistake.
fn flagged(doc: &Document, space: usize, at: usize, mark: char) -> bool {
    let text = doc.text();
    let Some(before) = text[..space].chars().next_back() else { return false };
    // At the start of a line the mark is a list bullet or a continuation, not punctuation.
    if before == '\n' || before == '\r' || "([{“‘«„".contains(before) {
        return false;
    }
    let rest = &text[at + mark.len_utf8()..];
    let after = rest.chars().next();
    match mark {
        // ".5", ",000", ".NET", " ..." and " .." are numbers, names and ellipses.
        '.' | ',' if after.is_some_and(|c| c.is_alphanumeric() || c == '.') => return false,
        // A full stop after a space that ends a sentence is as often a slip of the keyboard
        // in well-edited text as a pipeline's leftover; one followed by more punctuation
        // ("p.m .:") is not a sentence end at all.
        '.' if !after.is_some_and(|c| ",;:".contains(c)) => return false,
        // ":)", ";-)", " :30", "2 : 1".
        ':' | ';' => {
            if after.is_some_and(|c| c.is_ascii_digit() || ")(-/DPpO|\\*'".contains(c)) {
                return false;
            }
            let next = rest.trim_start().chars().next();
            if before.is_ascii_digit() && next.is_some_and(|c| c.is_ascii_digit()) {
                return false;
            }
        }
        '!' | '?' if after.is_some_and(|c| c == '=') => return false,
        _ => {}
    }
    let line = line_at(text, space);
    let head = &text[line.start..space];
    // A dateline in capitals ("BEIRUT : More than…").
    if mark == ':' && head.chars().any(char::is_alphabetic) && !head.chars().any(char::is_lowercase)
    {
        return false;
    }
    // French puts a space before ; : ! ? and inside guillemets.
    if ";:!?".contains(mark) {
        let line_text = &text[line];
        if line_text.contains(['«', '»']) || looks_french(sentence_at(doc, space)) {
            return false;
        }
    }
    true
}

/// "Finance,classified", "Syria.It", "function”he": a word glued to the next by punctuation.
#[derive(Debug)]
pub struct MissingSpace;

impl Check for MissingSpace {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        let has_closing_quote = memchr::memmem::find(text.as_bytes(), "”".as_bytes()).is_some();
        let closing_quotes =
            if has_closing_quote { well_placed_closing_quotes(doc) } else { Vec::new() };
        // Only `,`, `.` and `”` (which starts with the byte 0xE2) can glue two words.
        let marks = memchr::memchr3_iter(b',', b'.', 0xE2, text.as_bytes()).filter_map(|i| {
            let mark = text[i..].chars().next()?;
            matches!(mark, ',' | '.' | '”').then_some((i, mark))
        });
        for (i, mark) in marks {
            // What follows the mark is asked first: nearly always a space.
            let glued = match mark {
                ',' => letters_after(text, i + 1, 2) && letters_before(text, i, 2),
                '.' => {
                    let mut after = text[i + 1..].chars();
                    after.next().is_some_and(char::is_uppercase)
                        && after.next().is_some_and(char::is_lowercase)
                        && lowercase_before(text, i, 2)
                }
                '”' => {
                    letters_after(text, i + mark.len_utf8(), 1)
                        && closing_quotes.binary_search(&i).is_ok()
                        && text[..i].chars().next_back().is_some_and(|c| !c.is_whitespace())
                }
                _ => false,
            };
            if !glued {
                continue;
            }
            let end = i + mark.len_utf8();
            let span = token_start(text, i)..token_end(text, end);
            let token = &text[span.clone()];
            // Addresses, file names and code.
            if token.contains(['/', '@', '=', '_', '\\']) || token.matches('.').count() > 1 {
                continue;
            }
            let edits = vec![Edit { start: end, end, replacement: " ".into() }];
            let fix = Fix {
                applicability: Applicability::Safe,
                message: format!("add a space after `{mark}`"),
                edits,
            };
            out.push(Finding { span, fix: Some(fix), related: Vec::new(), detail: None });
        }
    }
}

/// Whether the `count` characters before `end` are letters.
fn letters_before(text: &str, end: usize, count: usize) -> bool {
    text[..end].chars().rev().take(count).filter(|c| c.is_alphabetic()).count() == count
}

/// Whether the `count` characters before `end` are lower-case letters.
fn lowercase_before(text: &str, end: usize, count: usize) -> bool {
    text[..end].chars().rev().take(count).filter(|c| c.is_lowercase()).count() == count
}

/// Whether the `count` characters from `start` on are letters.
fn letters_after(text: &str, start: usize, count: usize) -> bool {
    text[start..].chars().take(count).filter(|c| c.is_alphabetic()).count() == count
}

/// Two spaces between two words of a sentence. Two spaces after a full stop are a style, and
/// lines that are indented or aligned in columns (three spaces or more, tabs) use them on
/// purpose.
#[derive(Debug)]
pub struct DoubleSpace;

impl Check for DoubleSpace {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if memchr::memmem::find(text.as_bytes(), b"  ").is_none() {
            return;
        }
        let mut offset = 0;
        for raw in lines_inclusive(text) {
            let line_start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            if line.starts_with([' ', '\t']) || line.contains('\t') || line.contains("   ") {
                continue;
            }
            for (at, _) in line.match_indices("  ") {
                let before = line[..at].chars().next_back();
                let after = line[at + 2..].chars().next();
                let between_words = before.is_some_and(|c| c.is_alphanumeric() || c == ',')
                    && after.is_some_and(char::is_alphanumeric);
                if !between_words {
                    continue;
                }
                let span = line_start + token_start(line, at)..line_start + token_end(line, at + 2);
                let gap = line_start + at;
                let fix = Fix {
                    applicability: Applicability::Safe,
                    message: "use one space".to_string(),
                    edits: vec![Edit { start: gap, end: gap + 2, replacement: " ".into() }],
                };
                out.push(Finding { span, fix: Some(fix), related: Vec::new(), detail: None });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: &dyn Check, text: &str) -> Vec<String> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        check.check_document(&doc, &mut out);
        out.into_iter().map(|f| text[f.span].to_string()).collect()
    }

    #[test]
    fn spaces_before_punctuation() {
        let check = SpaceBeforePunctuation;
        assert_eq!(run(&check, "the main lines , with a plan"), ["lines ,"]);
        assert_eq!(run(&check, "at 6:17 p.m .: the vote"), ["p.m ."]);
        assert_eq!(run(&check, "I do not care ! This is it."), ["care !"]);
        assert_eq!(run(&check, "“We are the most disadvantaged ”, he said."), ["disadvantaged ”"]);
        assert_eq!(run(&check, "“We did well until another day, ”said the minister."), ["day, ”"]);
    }

    #[test]
    fn spaces_that_belong() {
        let check = SpaceBeforePunctuation;
        for text in [
            "« Bonjour », dit-il.",
            "Il a dit : « oui ».",
            "Le ministre est venu ; il a parlé de la réforme et des retraites !",
            "a gain of .5 per cent",
            "He paused ... then left.",
            "the .NET platform",
            "Nice :) see you",
            "They won 2 : 1 at home.",
            "BEIRUT : More than 60 people died.",
            " . a list item",
            "He said “we will win” and left.",
        ] {
            assert!(run(&check, text).is_empty(), "{text}: {:?}", run(&check, text));
        }
    }

    #[test]
    fn missing_spaces() {
        let check = MissingSpace;
        assert_eq!(run(&check, "the Minister of Finance,classified it"), ["Finance,classified"]);
        assert_eq!(run(&check, "the provinces of Syria.It is north"), ["Syria.It"]);
        assert_eq!(run(&check, "“I can do this function”he said."), ["function”he"]);
        for text in ["1,000 people", "see example.com/News.Html", "N,N-dimethyl", "U.S.Army"] {
            assert!(run(&check, text).is_empty(), "{text}: {:?}", run(&check, text));
        }
    }

    #[test]
    fn double_spaces() {
        let check = DoubleSpace;
        assert_eq!(run(&check, "The first  image was released."), ["first  image"]);
        for text in [
            "It ended.  Then it began.",
            "  indented  text",
            "Name    Age    Town",
            "a line\twith  a tab",
        ] {
            assert!(run(&check, text).is_empty(), "{text}: {:?}", run(&check, text));
        }
    }
}
