//! Line index: byte offsets of line starts, and offset → (line, column) conversion.

/// The lines of `text` with their line feeds, as `str::split_inclusive('\n')` gives them,
/// found with `memchr`: the standard library's search for a character is several times
/// slower, and every document is split into lines by several rules.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut feeds = memchr_newlines(text);
    std::iter::from_fn(move || match feeds.next() {
        Some(feed) => {
            let line = &text[start..=feed];
            start = feed + 1;
            Some(line)
        }
        None if start < text.len() => {
            let line = &text[start..];
            start = text.len();
            Some(line)
        }
        None => None,
    })
}

/// Byte offsets at which each line starts; line 0 starts at 0.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// 0-based index of the line containing `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a line, without its line terminator.
    pub fn line_range(&self, text: &str, line_index: usize) -> std::ops::Range<usize> {
        let start = self.starts[line_index];
        let mut end = self.starts.get(line_index + 1).map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and 1-based column counted in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_index(offset);
        let start = self.starts[line];
        let offset = floor_char_boundary(text, offset);
        (line + 1, text[start..offset].chars().count() + 1)
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_inclusive_split_as_the_standard_library_does() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\r\n\nb\n\n", "\n\nx", "é\nü\n"] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn line_and_column_count_scalar_values() {
        let text = "first\n“Kyiv” said\r\nthird";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        let said = text.find("said").unwrap();
        assert_eq!(index.line_col(text, said), (2, 8));
        assert_eq!(index.line_col(text, text.find("third").unwrap()), (3, 1));
        assert_eq!(index.line_range(text, 1), 6..text.find('\r').unwrap());
    }

    #[test]
    fn offset_at_end_of_text_is_on_last_line() {
        let text = "a\nb";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), (2, 2));
    }
}
