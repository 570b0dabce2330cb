//! The text renderers quote and number: a whole file, or one block of a large file together
//! with where it starts, so that every renderer prints the file's offsets, lines and columns.

use std::ops::Range;

use crate::document::{Document, LineIndex, floor_char_boundary};
use crate::source::blocks::Origin;

/// A stretch of a file's text. Offsets given to it are the file's.
#[derive(Debug, Clone, Copy)]
pub struct SourceView<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    origin: Origin,
}

impl<'a> SourceView<'a> {
    /// `text`, with its line index, starting at `origin` in its file.
    pub fn new(text: &'a str, lines: &'a LineIndex, origin: Origin) -> Self {
        SourceView { text, lines, origin }
    }

    /// A whole file.
    pub fn whole(doc: &'a Document) -> Self {
        Self::block(doc, Origin::default())
    }

    /// One block of a file, read as `doc`.
    pub fn block(doc: &'a Document, origin: Origin) -> Self {
        SourceView { text: doc.source(), lines: doc.lines(), origin }
    }

    /// The text of the stretch (its offset 0 is the file's `origin().offset`).
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn lines(&self) -> &'a LineIndex {
        self.lines
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// A file range as a range of [`SourceView::text`].
    pub fn local(&self, range: &Range<usize>) -> Range<usize> {
        let at = |offset: usize| offset.saturating_sub(self.origin.offset).min(self.text.len());
        at(range.start)..at(range.end)
    }

    /// The text of a file range.
    pub fn slice(&self, range: &Range<usize>) -> &'a str {
        &self.text[self.local(range)]
    }

    /// The file's 1-based line and column (in Unicode scalar values) of a file offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let local = self.local(&(offset..offset)).start;
        let (line, column) = self.lines.line_col(self.text, local);
        self.to_file(line, column)
    }

    /// [`SourceView::line_col`] of `end`, given `start_at`, the line and column of an earlier
    /// offset `start`: when no line break lies between them, only the characters between them
    /// are counted, not all those from the start of the line.
    pub fn line_col_after(
        &self,
        start: usize,
        start_at: (usize, usize),
        end: usize,
    ) -> (usize, usize) {
        let from = floor_char_boundary(self.text, self.local(&(start..start)).start);
        let to = floor_char_boundary(self.text, self.local(&(end..end)).start);
        if from <= to && memchr::memchr(b'\n', &self.text.as_bytes()[from..to]).is_none() {
            return (start_at.0, start_at.1 + self.text[from..to].chars().count());
        }
        self.line_col(end)
    }

    /// A 1-based line and column of the stretch as the file's.
    pub fn to_file(&self, line: usize, column: usize) -> (usize, usize) {
        if line == 1 {
            (self.origin.line + 1, self.origin.column + column)
        } else {
            (self.origin.line + line, column)
        }
    }
}

/// Lines and columns of offsets that mostly come in increasing order, as a file's findings
/// do: each is counted on from the one before when both lie on one line, and a later line is
/// looked for only past the current one, where a text of long lines would otherwise have every
/// column counted from its line's start.
#[derive(Debug, Clone, Copy)]
pub struct Positions<'a> {
    view: SourceView<'a>,
    /// The last offset given, in the stretch's text, on a character boundary.
    at: usize,
    /// Its 0-based line in the stretch.
    line: usize,
    /// The characters before it on its line.
    column: usize,
}

impl<'a> Positions<'a> {
    pub fn new(view: &SourceView<'a>) -> Self {
        Positions { view: *view, at: 0, line: 0, column: 0 }
    }

    pub fn view(&self) -> &SourceView<'a> {
        &self.view
    }

    /// [`SourceView::line_col`] of `offset`, which becomes the place the next one is counted on
    /// from. An offset before the last one is counted afresh.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        (self.at, self.line, self.column) = self.locate(offset);
        self.view.to_file(self.line + 1, self.column + 1)
    }

    /// [`SourceView::line_col`] of `offset`, counted on from the last offset given, which
    /// stays the place the next one is counted from (as a finding's end is to its start).
    pub fn line_col_ahead(&self, offset: usize) -> (usize, usize) {
        let (_, line, column) = self.locate(offset);
        self.view.to_file(line + 1, column + 1)
    }

    /// The offset in the stretch's text (on a character boundary), the 0-based line and the
    /// characters before it on its line, of a file offset.
    fn locate(&self, offset: usize) -> (usize, usize, usize) {
        let text = self.view.text;
        let local = floor_char_boundary(text, self.view.local(&(offset..offset)).start);
        let (mut at, mut line, mut column) =
            if local < self.at { (0, 0, 0) } else { (self.at, self.line, self.column) };
        let starts = self.view.lines.starts();
        if starts.get(line + 1).is_some_and(|&next| next <= local) {
            // Mostly a line soon after: looked for in steps that double, from the current one,
            // and then searched for between the last two steps.
            let mut step = 1;
            while starts.get(line + 2 * step).is_some_and(|&start| start <= local) {
                step *= 2;
            }
            let between = &starts[line + step + 1..(line + 2 * step).min(starts.len())];
            line += step + between.partition_point(|&start| start <= local);
            (at, column) = (starts[line], 0);
        }
        (local, line, column + text[at..local].chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_positions_are_the_files() {
        let file = "One.\n\nTwo «x».\nThree y.\n";
        let start = file.find("Two").unwrap();
        let doc = Document::new(&file[start..]);
        let view = SourceView::block(&doc, Origin { offset: start, line: 2, column: 0 });
        let y = file.find('y').unwrap();
        assert_eq!(view.line_col(y), (4, 7));
        let x = file.find('x').unwrap();
        assert_eq!(view.line_col(x), (3, 6));
        assert_eq!(view.slice(&(x..x + 1)), "x");
    }

    proptest::proptest! {
        /// Counting on from an earlier place gives the place's own line and column, in a
        /// whole file and in a block that starts mid-line.
        #[test]
        fn a_place_counted_on_from_an_earlier_one_is_where_it_is(
            text in "[ab\né€\r]{0,30}",
            offsets in (0usize..40, 0usize..40),
            block in proptest::bool::ANY,
        ) {
            let doc = Document::new(text.clone());
            let origin =
                if block { Origin { offset: 7, line: 3, column: 5 } } else { Origin::default() };
            let view = SourceView::block(&doc, origin);
            let (start, end) = (offsets.0.min(offsets.1), offsets.0.max(offsets.1));
            let start_at = view.line_col(start);
            proptest::prop_assert_eq!(
                view.line_col_after(start, start_at, end),
                view.line_col(end)
            );
        }
    }

    proptest::proptest! {
        /// Offsets in any order, and any end counted ahead of them, get the places
        /// `line_col` gives them, in a whole file and in a block that starts mid-line.
        #[test]
        fn positions_counted_on_are_where_they_are(
            text in "[ab\né€\r]{0,120}",
            offsets in proptest::collection::vec((0usize..130, 0usize..8), 0..12),
            block in proptest::bool::ANY,
        ) {
            let doc = Document::new(text.clone());
            let origin =
                if block { Origin { offset: 7, line: 3, column: 5 } } else { Origin::default() };
            let view = SourceView::block(&doc, origin);
            let mut positions = Positions::new(&view);
            for (offset, length) in offsets {
                proptest::prop_assert_eq!(
                    positions.line_col_ahead(offset + length),
                    view.line_col(offset + length)
                );
                proptest::prop_assert_eq!(positions.line_col(offset), view.line_col(offset));
            }
        }
    }

    #[test]
    fn a_block_starting_mid_line_adds_the_columns_before_it() {
        let doc = Document::new("abc\ndef");
        let view = SourceView::block(&doc, Origin { offset: 100, line: 9, column: 40 });
        assert_eq!(view.line_col(101), (10, 42));
        assert_eq!(view.line_col(105), (11, 2));
    }
}
