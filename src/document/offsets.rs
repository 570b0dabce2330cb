//! Maps from the byte offsets of a derived text (an NFC view, the prose of a Markdown or HTML
//! file) back to the text it was derived from.
//!
//! The derived text is the source with some stretches replaced; only the replaced stretches
//! ("changed chunks") are recorded, ordered in both texts, and offsets between them shift by a
//! running delta.

use std::ops::Range;

/// A stretch of the derived text that replaced a stretch of the source.
#[derive(Debug, Clone, Copy)]
struct ChangedChunk {
    derived: (usize, usize),
    source: (usize, usize),
}

#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    changed: Vec<ChangedChunk>,
}

impl OffsetMap {
    /// Records that `derived` replaced `source`; chunks must be added in order.
    pub fn push(&mut self, derived: Range<usize>, source: Range<usize>) {
        self.changed.push(ChangedChunk {
            derived: (derived.start, derived.end),
            source: (source.start, source.end),
        });
    }

    /// Maps a range of the derived text to the smallest range of the source that covers it;
    /// a range that touches part of a changed chunk grows to the whole chunk.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map(range.start, Side::Start);
        let end = if range.end == range.start { start } else { self.map(range.end, Side::End) };
        start..end.max(start)
    }

    fn map(&self, offset: usize, side: Side) -> usize {
        // The last changed chunk that starts before `offset` (at it, for a range start).
        let idx = match side {
            Side::Start => self.changed.partition_point(|c| c.derived.0 <= offset),
            Side::End => self.changed.partition_point(|c| c.derived.0 < offset),
        };
        let Some(chunk) = idx.checked_sub(1).map(|i| self.changed[i]) else {
            return offset;
        };
        match side {
            Side::Start if offset < chunk.derived.1 => chunk.source.0,
            Side::End if offset <= chunk.derived.1 => chunk.source.1,
            _ => offset - chunk.derived.1 + chunk.source.1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Start,
    End,
}

/// Builds a derived text from a source left to right: stretches kept as they are, stretches
/// replaced (or dropped, replaced by nothing).
#[derive(Debug)]
pub struct Builder<'a> {
    source: &'a str,
    text: String,
    map: OffsetMap,
    /// Source offset up to which the derived text has been built.
    cursor: usize,
}

impl<'a> Builder<'a> {
    pub fn new(source: &'a str) -> Self {
        Builder {
            source,
            text: String::with_capacity(source.len()),
            map: OffsetMap::default(),
            cursor: 0,
        }
    }

    /// Where the source has been consumed up to.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Copies `source[cursor..end]` unchanged.
    pub fn keep_until(&mut self, end: usize) {
        if end > self.cursor {
            self.text.push_str(&self.source[self.cursor..end]);
            self.cursor = end;
        }
    }

    /// Replaces `source[cursor..end]` with `with` (which may be empty).
    pub fn replace_until(&mut self, end: usize, with: &str) {
        let end = end.max(self.cursor);
        if self.source[self.cursor..end] == *with {
            self.keep_until(end);
            return;
        }
        let start = self.text.len();
        self.text.push_str(with);
        self.map.push(start..self.text.len(), self.cursor..end);
        self.cursor = end;
    }

    /// Whether the derived text so far ends with white space (or is empty).
    pub fn ends_with_white_space(&self) -> bool {
        self.text.chars().next_back().is_none_or(char::is_whitespace)
    }

    pub fn finish(mut self, rest: &str) -> (String, OffsetMap) {
        let end = self.source.len();
        self.replace_until(end, rest);
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaced_and_dropped_stretches_map_back() {
        let source = "Hi **AT&amp;T** folks";
        let mut b = Builder::new(source);
        b.keep_until(3);
        b.replace_until(5, "");
        b.keep_until(7);
        b.replace_until(12, "&");
        b.keep_until(13);
        b.replace_until(15, "");
        b.keep_until(source.len());
        let (text, map) = b.finish("");
        assert_eq!(text, "Hi AT&T folks");
        let att = text.find("AT&T").unwrap();
        assert_eq!(&source[map.to_source(att..att + 4)], "AT&amp;T");
        let folks = text.find("folks").unwrap();
        assert_eq!(&source[map.to_source(folks..folks + 5)], "folks");
    }
}
