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

    #[test]
    fn a_block_starting_mid_line_adds_the_columns_before_it() {
        let doc = Document::new("abc\ndef");
        let view = SourceView::block(&doc, Origin { offset: 100, line: 9, column: 40 });
        assert_eq!(view.line_col(101), (10, 42));
        assert_eq!(view.line_col(105), (11, 2));
    }
}
