//! Curly double quotation marks: which close and which open, and the three kinds that judge
//! them — `misoriented-quote` (an opening “ used to close: "remains, “he said."),
//! `unbalanced-quote` (a “ never closed, a ” never opened) and `mixed-quotes` (straight and
//! curly quotes in one document).
//!
//! Marks are paired line by line, since articles keep a paragraph on a line. A quotation may
//! still run over several lines: English repeats the opening mark at the start of each
//! paragraph of a long quotation and closes only the last one, and wrapped text simply carries
//! it over; both are accepted. Lines quoted in German („…“), Swedish (”…”) or with guillemets
//! follow other conventions and are left alone.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
#[cfg(test)]
use crate::document::lines_inclusive;
use crate::rules::unicode::{document_non_ascii, non_ascii_chars};
use crate::rules::{Check, Finding};

const OPEN: char = '“';
const CLOSE: char = '”';

/// What a curly double quotation mark does in its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Open,
    Close,
}

/// What is wrong with a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The glyph points the other way from its role.
    Misoriented,
    /// An opening mark whose quotation never closes.
    Unclosed,
    /// A closing mark with no quotation open.
    Stray,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub at: usize,
    pub glyph: char,
    /// `None` where the role cannot be told (a mark with spaces on both sides).
    pub role: Option<Role>,
    pub problem: Option<Problem>,
}

/// Where a mark sits between its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// After a space or an opening bracket, before a word: where quotations open.
    Opening,
    /// After a word or punctuation, before a space or punctuation: where they close.
    Closing,
    /// Between two words or marks, with no space on either side.
    Glued,
    /// With space on both sides.
    Floating,
}

fn opens_before(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{—–-/‘'".contains(c))
}

fn closes_after(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}…’'—–-".contains(c))
}

fn position(line: &str, at: usize, glyph: char) -> Position {
    let before = line[..at].chars().next_back();
    let after = line[at + glyph.len_utf8()..].chars().next();
    match (opens_before(before), closes_after(after)) {
        (true, false) => Position::Opening,
        (false, true) => Position::Closing,
        (false, false) => Position::Glued,
        (true, true) => Position::Floating,
    }
}

/// Byte ranges of the non-blank lines of `text`, trimmed.
#[cfg(test)]
fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in lines_inclusive(text) {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + (line.len() - line.trim_start().len());
            out.push(start..start + trimmed.len());
        }
        offset += line.len();
    }
    out
}

/// The lines of [`lines`] that hold a curly double quotation mark, found from the text's
/// characters outside ASCII (`non_ascii`, with their offsets) rather than by reading every
/// line: most lines of a document have none.
fn lines_with_marks(text: &str, non_ascii: &[(usize, char)]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut line_end = 0;
    for &(at, _) in non_ascii.iter().filter(|&&(_, c)| c == OPEN || c == CLOSE) {
        if at < line_end {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |n| at + n + 1);
        // Trimmed as `lines` trims; the mark itself is not white space.
        let line = &text[line_start..line_end];
        let start = line_start + (line.len() - line.trim_start().len());
        out.push(start..start + line.trim().len());
    }
    out
}

/// Lines whose quotation marks follow another convention than English.
fn other_convention(line: &str) -> bool {
    // „ and ‟ (E2 80 9E, E2 80 9F), « and » (C2 AB, C2 BB), found by their first bytes.
    let bytes = line.as_bytes();
    let foreign_mark = memchr::memchr2_iter(0xC2, 0xE2, bytes)
        .any(|i| matches!(bytes[i..], [0xC2, 0xAB | 0xBB, ..] | [0xE2, 0x80, 0x9E | 0x9F, ..]));
    if foreign_mark {
        return true;
    }
    // Swedish and Finnish open and close with ”.
    let closes = line.matches(CLOSE).count();
    !line.contains(OPEN) && closes >= 2 && closes.is_multiple_of(2)
}

/// Whether the text ends as a finished sentence, rather than cut off mid-word.
fn ends_finished(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', '…', '”', '"', ')', '’', ':'])
}

/// The curly double quotes of a document as [`analyze`] judges them.
pub struct Marks(pub Vec<Mark>);

/// The document's [`Marks`], worked out on the first request and shared by the rules that
/// read them.
pub fn marks(doc: &Document) -> Arc<Marks> {
    doc.derived(|doc| Marks(analyze(doc)))
}

/// Every curly double quotation mark of the document with its role and problem.
fn analyze(doc: &Document) -> Vec<Mark> {
    let text = doc.text();
    let mut marks: Vec<Mark> = Vec::new();
    // The marks are outside ASCII: the lines that hold any are found from those characters.
    let lines = lines_with_marks(text, &document_non_ascii(doc).0);
    // The index in `marks` of an opening mark left open at the end of an earlier line.
    let mut pending: Option<usize> = None;
    // The quotation marks of a line, in order.
    let mut glyphs: Vec<(usize, char)> = Vec::new();
    for range in lines {
        let line = &text[range.clone()];
        if other_convention(line) {
            pending = None;
            continue;
        }
        // Indices in `marks` of the quotations open in this line, outermost first.
        let mut open: Vec<usize> = Vec::new();
        glyphs.clear();
        glyphs.extend(non_ascii_chars(line).filter(|&(_, c)| c == OPEN || c == CLOSE));
        // Closing marks after the current one, counted down rather than searched for at
        // every mark.
        let mut closers_ahead = glyphs.iter().filter(|&&(_, c)| c == CLOSE).count();
        for &(at, glyph) in &glyphs {
            if glyph == CLOSE {
                closers_ahead -= 1;
            }
            let place = position(line, at, glyph);
            let mut mark = Mark { at: range.start + at, glyph, role: None, problem: None };
            if let Some(earlier) = pending.take() {
                if glyph == CLOSE {
                    // The quotation carried over from an earlier line closes here.
                    mark.role = Some(Role::Close);
                    marks.push(mark);
                    continue;
                }
                if line[..at].trim().is_empty() {
                    // The opening mark repeated on each paragraph of a long quotation.
                    mark.role = Some(Role::Open);
                    open.push(marks.len());
                    marks.push(mark);
                    continue;
                }
                marks[earlier].problem = Some(Problem::Unclosed);
            }
            // A quotation inside a quotation opens after a space and needs two closing marks
            // still to come; glued to the word before, the mark rather closes the outer one.
            debug_assert_eq!(closers_ahead, line[at + glyph.len_utf8()..].matches(CLOSE).count());
            let nested = place == Position::Opening && closers_ahead > open.len();
            match (glyph, place, open.is_empty()) {
                (OPEN, Position::Closing, _)
                | (OPEN, Position::Opening | Position::Glued, false)
                    if !nested || place == Position::Closing =>
                {
                    mark.role = Some(Role::Close);
                    mark.problem = Some(Problem::Misoriented);
                    open.pop();
                }
                (OPEN, Position::Floating, false) => {
                    mark.role = Some(Role::Close);
                    open.pop();
                }
                (OPEN, _, _) => {
                    mark.role = Some(Role::Open);
                    open.push(marks.len());
                }
                (_, _, false) => {
                    mark.role = Some(Role::Close);
                    open.pop();
                }
                (_, Position::Opening | Position::Glued, true)
                    if line[at + glyph.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric) =>
                {
                    mark.role = Some(Role::Open);
                    mark.problem = Some(Problem::Misoriented);
                    open.push(marks.len());
                }
                (_, Position::Floating, true) => {}
                _ => {
                    mark.role = Some(Role::Close);
                    mark.problem = Some(Problem::Stray);
                }
            }
            marks.push(mark);
        }
        // Inner quotations end with their line; the outermost one may go on.
        for &inner in open.iter().skip(1) {
            marks[inner].problem = Some(Problem::Unclosed);
        }
        pending = open.first().copied();
    }
    if let Some(earlier) = pending
        && ends_finished(text)
    {
        marks[earlier].problem = Some(Problem::Unclosed);
    }
    marks
}

/// The mark pointing the other way.
fn turned(glyph: char) -> char {
    if glyph == OPEN { CLOSE } else { OPEN }
}

#[derive(Debug)]
pub struct MisorientedQuote;

impl Check for MisorientedQuote {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        for mark in marks(doc).0.iter().filter(|m| m.problem == Some(Problem::Misoriented)) {
            let span = mark.at..mark.at + mark.glyph.len_utf8();
            let glyph = mark.glyph.to_string();
            out.push(Finding::replace(
                span,
                &glyph,
                turned(mark.glyph).into(),
                Applicability::Unsafe,
            ));
        }
    }
}

#[derive(Debug)]
pub struct UnbalancedQuote;

impl Check for UnbalancedQuote {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        for mark in &marks(doc).0 {
            if matches!(mark.problem, Some(Problem::Unclosed | Problem::Stray)) {
                out.push(Finding::new(mark.at..mark.at + mark.glyph.len_utf8()));
            }
        }
    }
}

/// Straight double quotes used as quotation marks: not inch or second marks after a number
/// (`12"`, `5'10"`).
fn straight_quotes(text: &str) -> Vec<usize> {
    text.match_indices('"')
        .map(|(i, _)| i)
        .filter(|&i| {
            !text[..i].chars().next_back().is_some_and(|b| b.is_ascii_digit() || b == '\'')
        })
        .collect()
}

/// Straight and curly double quotes in one document: reported once, on the first quote of
/// the style used less, with a fix that turns every quote of that style into the other.
#[derive(Debug)]
pub struct MixedQuotes;

impl Check for MixedQuotes {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let text = doc.text();
        if !text.contains('"') {
            return;
        }
        let curly: Vec<(usize, char)> = document_non_ascii(doc)
            .0
            .iter()
            .copied()
            .filter(|&(_, c)| c == OPEN || c == CLOSE)
            .collect();
        if curly.is_empty() {
            return;
        }
        let straight = straight_quotes(text);
        if straight.is_empty() {
            return;
        }
        let (first, edits, style) = if curly.len() < straight.len() {
            let edits = curly
                .iter()
                .map(|&(i, c)| Edit { start: i, end: i + c.len_utf8(), replacement: "\"".into() })
                .collect::<Vec<_>>();
            (curly[0].0..curly[0].0 + curly[0].1.len_utf8(), edits, "straight")
        } else {
            let edits = straight
                .iter()
                .map(|&i| {
                    let after = text[i + 1..].chars().next();
                    let before = text[..i].chars().next_back();
                    let glyph =
                        if opens_before(before) && !closes_after(after) { OPEN } else { CLOSE };
                    Edit { start: i, end: i + 1, replacement: glyph.to_string() }
                })
                .collect::<Vec<_>>();
            (straight[0]..straight[0] + 1, edits, "curly")
        };
        let message = format!(
            "use {style} quotes throughout ({} straight, {} curly)",
            straight.len(),
            curly.len()
        );
        let fix = Fix { applicability: Applicability::Unsafe, message, edits };
        out.push(Finding { span: first, fix: Some(fix), related: Vec::new(), detail: None });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, Problem)> {
        let doc = Document::new(text);
        analyze(&doc)
            .into_iter()
            .filter_map(|m| m.problem.map(|p| (text[m.at..].chars().take(6).collect(), p)))
            .collect()
    }

    fn none(text: &str) {
        assert!(problems(text).is_empty(), "{text}: {:?}", problems(text));
    }

    #[test]
    fn other_conventions_are_told_by_their_marks() {
        for line in ["Sie sagte „ja“.", "Er rief ‟halt”.", "Il a dit « oui ».", "»Nein«, sagte er."]
        {
            assert!(other_convention(line), "{line}");
        }
        // Other characters that share the marks' first bytes.
        for line in ["© 2026 — “Café” ‘au lait’", "He said “no”.", "Noon¬ plain"] {
            assert!(!other_convention(line), "{line}");
        }
        assert!(other_convention("Han sa ”ja” och gick."));
    }

    #[test]
    fn balanced_quotations() {
        none("He said “yes” and “no”.");
        none("“We will stay,” she said. “Nothing changes.”");
        none("“First paragraph of a long quote.\n\n“Second paragraph, closed.”");
        none("He said “this quotation runs\nover a wrapped line” and ended.");
        none("Sie sagte „ja“ und ging.");
        none("Han sa ”ja” och gick.");
        none("Il a dit « oui » puis “non”.");
        none(
            "“The national project “Ecology,” for example, and the project “Clean air” – all,” she said.",
        );
    }

    #[test]
    fn opening_mark_used_to_close() {
        assert_eq!(
            problems("“We keep going to the end, “he said."),
            [("“he sa".to_string(), Problem::Misoriented)]
        );
        assert_eq!(
            problems("“I will not change.“Then he said:”That is all” and left."),
            [
                ("“Then ".to_string(), Problem::Misoriented),
                ("”That ".to_string(), Problem::Misoriented)
            ]
        );
        assert_eq!(
            problems("cause him”get out of his hinges“."),
            [
                ("”get o".to_string(), Problem::Misoriented),
                ("“.".to_string(), Problem::Misoriented)
            ]
        );
    }

    #[test]
    fn unclosed_and_stray_marks() {
        assert_eq!(
            problems("He said “we will stay. Then he left.\n\nThe end came “soon”."),
            [("“we wi".to_string(), Problem::Unclosed)]
        );
        assert_eq!(
            problems("the project “Ecology”,” stressed the minister."),
            [("” stre".to_string(), Problem::Stray)]
        );
    }

    #[test]
    fn a_cut_off_text_is_not_unclosed() {
        none("The punishment will be the “cha");
    }

    #[test]
    fn roles_of_closing_marks_after_a_space() {
        let doc = Document::new("“We did well,” he said. “Then we lost, ”he said.");
        let marks = analyze(&doc);
        assert!(marks.iter().all(|m| m.problem.is_none()));
        assert_eq!(marks[3].role, Some(Role::Close));
    }

    proptest::proptest! {
        #[test]
        fn lines_with_marks_are_the_lines_that_hold_one(text in "[a \t\n\u{85}\u{a0}“”é]{0,40}") {
            let has_marks = |line: &str| line.contains(OPEN) || line.contains(CLOSE);
            let expected: Vec<Range<usize>> =
                lines(&text).into_iter().filter(|range| has_marks(&text[range.clone()])).collect();
            let non_ascii: Vec<(usize, char)> = non_ascii_chars(&text).collect();
            proptest::prop_assert_eq!(lines_with_marks(&text, &non_ascii), expected);
        }
    }
}
