//! Large files a block at a time: the file is read incrementally and cut into blocks of whole
//! paragraphs, each linted as a text of its own, so memory is bounded by one block and its
//! findings instead of by the file.
//!
//! A cut falls at the start of a line that follows a blank line. When there is none within
//! [`BlockSize::hard_cap`] bytes, it falls at a line break, and when there is none either, at a
//! character boundary: never inside a UTF-8 sequence or between `\r` and `\n`. Markdown is not
//! cut inside front matter, a fenced code block or a raw HTML block (`<pre>`, `<!-- -->`…),
//! since the text after such a cut would be read as something else; a block grows until the
//! construct closes. HTML is never cut (see [`can_cut`]).
//!
//! Findings of a block are in the block's coordinates; [`shift`] moves them to the file's, and
//! [`Origin`] tells renderers which line and column the block starts at.

use std::io::Read;
use std::ops::Range;

use super::{BINARY_SNIFF_LEN, InputError, invalid_utf8};
use crate::diagnostic::Diagnostic;
use crate::document::InputFormat;
use crate::document::bytes::is_ascii_white_space;

/// Files larger than this are linted block by block; smaller ones are read whole, so every
/// real article (rarely over 200 KB) keeps rules that look across the whole document. A file
/// read whole takes about eleven times its size in memory, so 4 MiB stays well under 100 MB.
pub const LARGE_FILE_BYTES: u64 = 4 << 20;

/// The size blocks aim at: about 6 MB of memory while one is linted, and large enough that
/// the cost of starting a block (a few allocations) is lost in the cost of linting it. Blocks
/// of 1 MiB were no faster with one thread and took a third more memory.
pub const BLOCK_BYTES: usize = 512 << 10;

/// How large blocks are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockSize {
    /// A block ends at the last paragraph break before this many bytes (or the first after).
    pub target: usize,
    /// Past this many bytes a block is cut without a paragraph break (Markdown constructs
    /// excepted).
    pub hard_cap: usize,
}

impl BlockSize {
    /// Blocks aiming at `target` bytes, cut without a paragraph break at four times that.
    pub fn new(target: usize) -> BlockSize {
        let target = target.max(1);
        BlockSize { target, hard_cap: target.saturating_mul(4) }
    }
}

impl Default for BlockSize {
    fn default() -> Self {
        BlockSize::new(BLOCK_BYTES)
    }
}

/// Whether files of a format can be cut into blocks: plain text and Markdown can; an HTML cut
/// could fall inside an element, so HTML is always read whole.
pub fn can_cut(format: InputFormat) -> bool {
    matches!(format, InputFormat::Text | InputFormat::Markdown)
}

/// Where a block starts in its file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Byte offset.
    pub offset: usize,
    /// Lines before the block (its first line's 0-based index).
    pub line: usize,
    /// Characters of the block's first line that lie before it: 0 unless a line longer than
    /// the hard cap was cut.
    pub column: usize,
}

/// One block of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    pub origin: Origin,
}

/// Moves findings from a block's byte offsets to the file's: spans, fix edits and related
/// spans. Lines and columns are derived when rendering, from the block's [`Origin`].
pub fn shift(diagnostics: &mut [Diagnostic], by: usize) {
    let move_range = |range: &mut Range<usize>| *range = range.start + by..range.end + by;
    for d in diagnostics {
        move_range(&mut d.span);
        for related in &mut d.related {
            move_range(&mut related.span);
        }
        for edit in d.fix.iter_mut().flat_map(|fix| &mut fix.edits) {
            edit.start += by;
            edit.end += by;
        }
    }
}

/// Reads a file block by block; each item is a block or the error that ends the file (I/O,
/// binary, invalid UTF-8 with the file's position).
pub struct BlockReader<R> {
    reader: R,
    path: String,
    markdown: bool,
    size: BlockSize,
    /// Bytes read and not yet handed out; they start at `origin`.
    buffer: Vec<u8>,
    origin: Origin,
    eof: bool,
    done: bool,
}

impl<R: Read> BlockReader<R> {
    /// A reader of `reader`, named `path` in errors. `format` must be one that [`can_cut`].
    pub fn new(
        reader: R,
        path: impl Into<String>,
        format: InputFormat,
        size: BlockSize,
    ) -> BlockReader<R> {
        debug_assert!(can_cut(format), "{format:?} files are read whole");
        BlockReader {
            reader,
            path: path.into(),
            markdown: format == InputFormat::Markdown,
            size,
            buffer: Vec::new(),
            origin: Origin::default(),
            eof: false,
            done: false,
        }
    }

    /// Reads until the buffer holds `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> Result<(), InputError> {
        if self.eof || self.buffer.len() >= want {
            return Ok(());
        }
        let missing = (want - self.buffer.len()) as u64;
        let read = (&mut self.reader)
            .take(missing)
            .read_to_end(&mut self.buffer)
            .map_err(|error| InputError::Io { path: self.path.clone(), error })?;
        // `take` stops short of `missing` only at the end of the input.
        self.eof = (read as u64) < missing;
        Ok(())
    }

    /// A binary file is recognized by a NUL byte at its start.
    fn check_binary(&self) -> Result<(), InputError> {
        if self.origin.offset == 0 {
            let head = &self.buffer[..self.buffer.len().min(BINARY_SNIFF_LEN)];
            if head.contains(&0) {
                return Err(InputError::Binary { path: self.path.clone() });
            }
        }
        Ok(())
    }

    /// The paragraph break [`find_cut`] would choose, when the whole lines of a window a
    /// little past the target settle it, as they do for most text. Reading only that far
    /// means that what is left after the cut, which moves to the front of the buffer, is
    /// a fraction of a block rather than most of the hard cap.
    fn nearby_cut(&mut self) -> Result<Option<usize>, InputError> {
        let window = self.size.target.saturating_add(self.size.target.div_ceil(8));
        if window >= self.size.hard_cap {
            return Ok(None);
        }
        self.fill(window)?;
        self.check_binary()?;
        // At the end of the input the general rules apply (and the rest may be one block).
        if self.eof {
            return Ok(None);
        }
        let data = &self.buffer[..window];
        let Some(last_break) = memchr::memrchr(b'\n', data) else { return Ok(None) };
        let at_file_start = self.origin.offset == 0;
        let scan = scan_cuts(&data[..=last_break], self.size.target, self.markdown, at_file_start);
        Ok(if scan.settled { scan.paragraph } else { None })
    }

    /// Where the next block ends, from data read up to the hard cap (or past it, while a
    /// Markdown construct is open); `None` at the end of the input.
    fn far_cut(&mut self) -> Result<Option<usize>, InputError> {
        let mut limit = self.size.hard_cap;
        loop {
            self.fill(limit)?;
            self.check_binary()?;
            if self.buffer.is_empty() {
                return Ok(None);
            }
            if self.eof && self.buffer.len() <= self.size.target {
                return Ok(Some(self.buffer.len()));
            }
            let data = &self.buffer[..self.buffer.len().min(limit)];
            let at_file_start = self.origin.offset == 0;
            match find_cut(data, self.size.target, self.markdown, at_file_start, self.eof) {
                Some(cut) => return Ok(Some(cut)),
                None if self.eof => return Ok(Some(self.buffer.len())),
                // A Markdown construct is still open: read on until it closes.
                None => limit = limit.saturating_add(self.size.hard_cap),
            }
        }
    }

    fn next_block(&mut self) -> Result<Option<Block>, InputError> {
        let cut = match self.nearby_cut()? {
            Some(cut) => cut,
            None => match self.far_cut()? {
                Some(cut) => cut,
                None => return Ok(None),
            },
        };
        // Copied whole, then the rest moved down: a collected drain goes a byte at a time.
        let bytes = self.buffer[..cut].to_vec();
        self.buffer.drain(..cut);
        let origin = self.origin;
        self.origin = advance(origin, &bytes);
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(Block { text, origin })),
            Err(err) => {
                let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                Err(invalid_utf8(&self.path, valid, origin))
            }
        }
    }
}

impl<R: Read> Iterator for BlockReader<R> {
    type Item = Result<Block, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.next_block().transpose();
        self.done = !matches!(item, Some(Ok(_)));
        item
    }
}

/// Whether `reader` reads through without an error that [`BlockReader`] would end with: no
/// I/O error, no NUL byte where binary files are recognized, and valid UTF-8 throughout.
/// It copies and cuts nothing, so a file can be checked before any of it is linted at a
/// fraction of the cost of reading it in blocks; when it says no, a [`BlockReader`] pass
/// finds the error and its place.
pub fn reads_clean(mut reader: impl Read) -> bool {
    let mut buffer = vec![0u8; CLEAN_READ_BYTES];
    // Bytes at the start of `buffer`: the start of a character the last read cut.
    let mut carried = 0;
    let mut position = 0usize;
    loop {
        let read = match reader.read(&mut buffer[carried..]) {
            Ok(0) => return carried == 0,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        let fresh = &buffer[carried..carried + read];
        if position < BINARY_SNIFF_LEN
            && fresh[..read.min(BINARY_SNIFF_LEN - position)].contains(&0)
        {
            return false;
        }
        position += read;
        let filled = carried + read;
        // The SIMD check reads several times faster than the standard library's, and this
        // pass reads all of a large file before any of it is linted.
        carried = match simdutf8::compat::from_utf8(&buffer[..filled]) {
            Ok(_) => 0,
            // Cut inside a character: its bytes go before the next read.
            Err(error) if error.error_len().is_none() => filled - error.valid_up_to(),
            Err(_) => return false,
        };
        buffer.copy_within(filled - carried..filled, 0);
    }
}

/// How much [`reads_clean`] reads at a time.
const CLEAN_READ_BYTES: usize = 256 << 10;

/// Where the text after `bytes`, which start at `origin`, starts.
fn advance(origin: Origin, bytes: &[u8]) -> Origin {
    let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| !is_continuation(b)).count();
    let offset = origin.offset + bytes.len();
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => Origin {
            offset,
            line: origin.line + memchr::memchr_iter(b'\n', bytes).count(),
            column: chars(&bytes[last + 1..]),
        },
        None => Origin { offset, line: origin.line, column: origin.column + chars(bytes) },
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Where to end the block that starts `data`. In order of preference: the last paragraph break
/// within `target` bytes, the first after it, the last line break, a character boundary at the
/// end of `data`. At the end of the input only paragraph breaks count (the rest is small
/// enough to be one block). `None` when no cut is possible: a Markdown construct is open.
fn find_cut(
    data: &[u8],
    target: usize,
    markdown: bool,
    at_file_start: bool,
    eof: bool,
) -> Option<usize> {
    let scan = scan_cuts(data, target, markdown, at_file_start);
    if eof || scan.paragraph.is_some() {
        return scan.paragraph;
    }
    if !scan.closed {
        return scan.line_break;
    }
    if data.ends_with(b"\n") {
        return Some(data.len());
    }
    scan.line_break.or_else(|| char_boundary_cut(data))
}

/// The places a block could end in `data`, found line by line.
struct Cuts {
    /// The last paragraph break within the target, or else the first after it.
    paragraph: Option<usize>,
    /// The last line break outside a Markdown construct.
    line_break: Option<usize>,
    /// Whether the scan stopped on its own, past the target with a paragraph break: more
    /// data would change none of its answers.
    settled: bool,
    /// Whether no Markdown construct is open at the end of `data`.
    closed: bool,
}

fn scan_cuts(data: &[u8], target: usize, markdown: bool, at_file_start: bool) -> Cuts {
    let mut scanner = Scanner::new(markdown, at_file_start);
    let mut paragraph_before = None;
    let mut paragraph_after = None;
    let mut line_break = None;
    let mut previous_blank = false;
    let mut settled = false;
    let mut start = 0;
    while start < data.len() {
        let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i + 1);
        let line = &data[start..end];
        if start > 0 && scanner.is_closed() {
            if previous_blank && scanner.may_start_block(line) {
                if start <= target {
                    paragraph_before = Some(start);
                } else {
                    paragraph_after = Some(start);
                    settled = true;
                    break;
                }
            }
            line_break = Some(start);
        }
        if start > target && paragraph_before.is_some() {
            settled = true;
            break;
        }
        previous_blank = scanner.is_blank(line);
        scanner.step(line);
        start = end;
    }
    Cuts {
        paragraph: paragraph_before.or(paragraph_after),
        line_break,
        settled,
        closed: scanner.is_closed(),
    }
}

/// A cut near the end of `data` that falls on a character boundary (the next block starts
/// with a character's first byte) and not between `\r` and `\n`; none at the start.
fn char_boundary_cut(data: &[u8]) -> Option<usize> {
    let mut cut = data.len().checked_sub(1)?;
    // A UTF-8 sequence has at most three continuation bytes; more means invalid input, which
    // is reported wherever the cut falls.
    for _ in 0..3 {
        if cut > 0 && is_continuation(data[cut]) {
            cut -= 1;
        }
    }
    if cut > 0 && data[cut] == b'\n' && data[cut - 1] == b'\r' {
        cut -= 1;
    }
    (cut > 0).then_some(cut)
}

/// A Markdown construct that a cut must not fall into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// YAML (`---`) or TOML (`+++`) front matter, closed by the given line.
    FrontMatter(&'static str),
    /// A fenced code block: its fence character and length.
    Fence(u8, usize),
    /// An HTML block that blank lines do not end, closed by a line holding this text.
    Raw(&'static str),
}

/// Follows lines to know whether a cut before the next line is safe.
struct Scanner {
    markdown: bool,
    open: Open,
    first_line: bool,
}

/// HTML blocks that run until their end tag, across blank lines (CommonMark type 1 and 2).
const RAW_BLOCKS: [(&str, &str); 5] = [
    ("<!--", "-->"),
    ("<pre", "</pre>"),
    ("<script", "</script>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
];

impl Scanner {
    fn new(markdown: bool, at_file_start: bool) -> Scanner {
        Scanner { markdown, open: Open::Nothing, first_line: at_file_start }
    }

    fn is_closed(&self) -> bool {
        self.open == Open::Nothing
    }

    /// A blank line ends a paragraph: white space only for plain text (as the document model
    /// splits paragraphs), spaces and tabs only for Markdown (as CommonMark does).
    fn is_blank(&self, line: &[u8]) -> bool {
        if self.markdown {
            line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        } else {
            // Most lines open with a letter: an ASCII byte that is not white space settles it
            // without decoding the line.
            match line.iter().find(|&&b| !is_ascii_white_space(b)) {
                None => true,
                Some(b) if b.is_ascii() => false,
                Some(_) => std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty()),
            }
        }
    }

    /// Whether a block may start with this line (which follows a blank line): any non-blank
    /// line of plain text; in Markdown one that is not indented (it would become code) and
    /// does not look like front matter.
    fn may_start_block(&self, line: &[u8]) -> bool {
        if self.is_blank(line) {
            return false;
        }
        if !self.markdown {
            return true;
        }
        let trimmed = line.trim_ascii_end();
        !matches!(line[0], b' ' | b'\t') && trimmed != b"---" && trimmed != b"+++"
    }

    fn step(&mut self, line: &[u8]) {
        let first_line = std::mem::take(&mut self.first_line);
        if !self.markdown {
            return;
        }
        let text = String::from_utf8_lossy(line);
        let text = if first_line { text.trim_start_matches('\u{feff}') } else { &text };
        let trimmed = text.trim_end();
        self.open = match self.open {
            Open::Nothing if first_line && trimmed == "---" => Open::FrontMatter("---"),
            Open::Nothing if first_line && trimmed == "+++" => Open::FrontMatter("+++"),
            Open::Nothing => opened(text),
            Open::FrontMatter(close) => {
                let closes = trimmed == close || (close == "---" && trimmed == "...");
                if closes { Open::Nothing } else { self.open }
            }
            Open::Fence(fence, length) => {
                let rest = strip_container(text);
                let run = rest.bytes().take_while(|&b| b == fence).count();
                let closes = run >= length && rest[run..].trim().is_empty();
                if closes { Open::Nothing } else { self.open }
            }
            Open::Raw(end) => {
                if text.to_ascii_lowercase().contains(end) {
                    Open::Nothing
                } else {
                    self.open
                }
            }
        };
    }
}

/// The line without indentation and blockquote markers, where a fence may start.
fn strip_container(line: &str) -> &str {
    line.trim_start_matches([' ', '\t', '>'])
}

/// What a line opens, when outside any construct.
fn opened(line: &str) -> Open {
    let rest = strip_container(line);
    for fence in [b'`', b'~'] {
        let run = rest.bytes().take_while(|&b| b == fence).count();
        // A backtick fence's info string holds no backtick (else it is inline code).
        if run >= 3 && !(fence == b'`' && rest[run..].contains('`')) {
            return Open::Fence(fence, run);
        }
    }
    let lower = rest.to_ascii_lowercase();
    for (start, end) in RAW_BLOCKS {
        if let Some(after) = lower.strip_prefix(start) {
            let is_tag = start == "<!--"
                || after.is_empty()
                || after.starts_with([' ', '\t', '>', '\r', '\n']);
            if is_tag && !after.contains(end) {
                return Open::Raw(end);
            }
        }
    }
    Open::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str, format: InputFormat, target: usize) -> Vec<Block> {
        BlockReader::new(text.as_bytes(), "t.txt", format, BlockSize::new(target))
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn texts(text: &str, format: InputFormat, target: usize) -> Vec<String> {
        blocks(text, format, target).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn blank_lines_of_plain_text_are_white_space_only() {
        let scanner = Scanner::new(false, false);
        let lines: [&[u8]; 9] = [
            b"\n",
            b"  \t\r\n",
            b"\x0b\x0c \n",
            "\u{a0}\u{2003}\n".as_bytes(),
            b"",
            b"text\n",
            "  \u{a0}x\n".as_bytes(),
            b"\x1c\n",
            b"\xff\n",
        ];
        for line in lines {
            let expected = std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty());
            assert_eq!(scanner.is_blank(line), expected, "{line:?}");
        }
    }

    #[test]
    fn blocks_are_whole_paragraphs_and_cover_the_text() {
        let text = "One a.\nOne b.\n\nTwo.\n\n\nThree is longer.\n\nFour.\n";
        let found = blocks(text, InputFormat::Text, 16);
        let joined: String = found.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(joined, text);
        assert_eq!(
            found.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
            ["One a.\nOne b.\n\n", "Two.\n\n\n", "Three is longer.\n\n", "Four.\n"]
        );
        for block in &found {
            assert_eq!(&text[block.origin.offset..][..block.text.len()], block.text);
            let line = text[..block.origin.offset].matches('\n').count();
            assert_eq!(block.origin, Origin { offset: block.origin.offset, line, column: 0 });
        }
    }

    #[test]
    fn small_input_is_one_block_and_empty_input_none() {
        assert_eq!(texts("Short.\n\nText.\n", InputFormat::Text, 100), ["Short.\n\nText.\n"]);
        assert!(texts("", InputFormat::Text, 100).is_empty());
    }

    #[test]
    fn a_long_paragraph_is_cut_at_a_line_break() {
        let text = "aaaa\nbbbb\ncccc\ndddd\neeee\nffff\n";
        let found = texts(text, InputFormat::Text, 3);
        assert!(found.iter().all(|b| b.ends_with('\n')), "{found:?}");
        assert_eq!(found.concat(), text);
    }

    #[test]
    fn a_long_line_is_cut_between_characters_and_columns_follow() {
        let text = "ééééééééé\r\nx";
        let found = blocks(text, InputFormat::Text, 2);
        assert_eq!(found.iter().map(|b| b.text.as_str()).collect::<String>(), text);
        // Never inside a character, never between \r and \n.
        for block in &found {
            assert!(!block.text.starts_with('\n'), "{found:?}");
        }
        let second = &found[1];
        assert_eq!(second.origin.line, 0);
        assert_eq!(second.origin.column, text[..second.origin.offset].chars().count());
    }

    #[test]
    fn crlf_blank_lines_are_paragraph_breaks() {
        let text = "First one.\r\n\r\nSecond one.\r\n\r\nThird.\r\n";
        assert_eq!(
            texts(text, InputFormat::Text, 14),
            ["First one.\r\n\r\n", "Second one.\r\n\r\n", "Third.\r\n"]
        );
    }

    #[test]
    fn markdown_is_not_cut_inside_a_fence_or_front_matter() {
        let text = "---\ntitle: x\n\nmore: y\n---\n\nText.\n\n```\ncode\n\n\ncode\n```\n\nEnd.\n";
        let found = texts(text, InputFormat::Markdown, 4);
        assert_eq!(found.concat(), text);
        assert!(found.contains(&"---\ntitle: x\n\nmore: y\n---\n\n".to_string()), "{found:?}");
        assert!(found.contains(&"```\ncode\n\n\ncode\n```\n\n".to_string()), "{found:?}");
    }

    #[test]
    fn markdown_blocks_do_not_start_indented() {
        let text = "- item\n\n    more of the item\n\nNext.\n";
        let found = texts(text, InputFormat::Markdown, 12);
        assert_eq!(found, ["- item\n\n    more of the item\n\n", "Next.\n"]);
    }

    #[test]
    fn markdown_raw_html_blocks_stay_whole() {
        let text = "<pre>\none\n\ntwo\n</pre>\n\n<!--\nnote\n\n-->\n\nEnd.\n";
        assert_eq!(
            texts(text, InputFormat::Markdown, 2),
            ["<pre>\none\n\ntwo\n</pre>\n\n", "<!--\nnote\n\n-->\n\n", "End.\n"]
        );
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        let text = "Intro.\n\n```\na\n\nb\n\nc\n";
        assert_eq!(texts(text, InputFormat::Markdown, 2), ["Intro.\n\n", "```\na\n\nb\n\nc\n"]);
    }

    #[test]
    fn invalid_utf8_in_a_later_block_has_the_files_position() {
        let mut bytes = b"Good one.\n\nGood two.\n\nBad \xff here.\n".to_vec();
        bytes.extend_from_slice(b"\nMore.\n");
        let mut reader =
            BlockReader::new(&bytes[..], "a.txt", InputFormat::Text, BlockSize::new(8));
        assert!(reader.next().unwrap().is_ok());
        assert!(reader.next().unwrap().is_ok());
        let error = reader.next().unwrap().unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.txt:5:5: invalid UTF-8 at byte 26; the file was not linted"
        );
        assert!(reader.next().is_none());
    }

    #[test]
    fn nul_bytes_at_the_start_mean_binary() {
        let mut reader =
            BlockReader::new(&b"PK\x03\x04\0\0"[..], "b.txt", InputFormat::Text, BlockSize::new(2));
        assert!(matches!(reader.next(), Some(Err(InputError::Binary { .. }))));
    }

    /// Hands out its bytes a few at a time, as a pipe or a slow disk may.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Whether a pass of blocks of the default size reads `bytes` without an error.
    fn block_pass_is_clean(bytes: &[u8]) -> bool {
        BlockReader::new(bytes, "t.txt", InputFormat::Text, BlockSize::default())
            .try_for_each(|block| block.map(drop))
            .is_ok()
    }

    #[test]
    fn reads_clean_finds_what_blocks_would_end_with() {
        let cases: [(&[u8], bool); 8] = [
            (b"", true),
            (b"Plain text.\n\nMore.\n", true),
            ("Caf\u{e9} \u{2014} \u{4e2d}\u{6587} \u{1f600}".as_bytes(), true),
            (b"Bad \xff byte", false),
            (b"Cut at the end \xe2\x80", false),
            (b"PK\x03\x04\0\0", false),
            (b"Lone continuation \x80 byte", false),
            (b"Overlong \xc0\xaf slash", false),
        ];
        for (bytes, clean) in cases {
            assert_eq!(block_pass_is_clean(bytes), clean, "{bytes:?}");
            assert_eq!(reads_clean(bytes), clean, "{bytes:?}");
            for step in 1..5 {
                assert_eq!(reads_clean(Trickle { bytes, step }), clean, "{bytes:?} by {step}");
            }
        }
        // A NUL byte past the part that is sniffed for binary files is text.
        let mut late_nul = vec![b'a'; BINARY_SNIFF_LEN];
        late_nul.push(0);
        assert!(reads_clean(&late_nul[..]) && block_pass_is_clean(&late_nul));
        late_nul[BINARY_SNIFF_LEN - 1] = 0;
        assert!(!reads_clean(&late_nul[..]) && !block_pass_is_clean(&late_nul));
    }

    /// Text, line breaks, characters of every length and any byte at all.
    fn byte_pieces() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::strategy::Strategy;
        const PIECES: [&str; 7] =
            ["a", "\n", "\n\n", "\u{e9}", "\u{2019}", "\u{4e2d}", "\u{1f600}"];
        let piece = proptest::prop_oneof![
            proptest::sample::select(&PIECES[..]).prop_map(|s| s.as_bytes().to_vec()),
            proptest::num::u8::ANY.prop_map(|b| vec![b]),
        ];
        proptest::collection::vec(piece, 0..64).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #[test]
        fn reads_clean_agrees_with_a_block_pass(bytes in byte_pieces(), step in 1usize..7) {
            let expected = block_pass_is_clean(&bytes);
            proptest::prop_assert_eq!(reads_clean(&bytes[..]), expected);
            proptest::prop_assert_eq!(reads_clean(Trickle { bytes: &bytes, step }), expected);
        }
    }

    /// Where blocks end when every cut is chosen from data read up to the hard cap: the
    /// cuts the window past the target finds must be these.
    fn cuts_from_the_hard_cap(text: &[u8], markdown: bool, size: BlockSize) -> Vec<usize> {
        let mut cuts = Vec::new();
        let mut offset = 0;
        while offset < text.len() {
            let rest = &text[offset..];
            let mut limit = size.hard_cap;
            let cut = loop {
                // As the reader knows it: the input ended before `limit` bytes.
                let eof = rest.len() < limit;
                if eof && rest.len() <= size.target {
                    break rest.len();
                }
                let data = &rest[..rest.len().min(limit)];
                match find_cut(data, size.target, markdown, offset == 0, eof) {
                    Some(cut) => break cut,
                    None if eof => break rest.len(),
                    None => limit += size.hard_cap,
                }
            };
            offset += cut;
            cuts.push(offset);
        }
        cuts
    }

    /// Lines of prose, blank lines, Markdown fences, front matter and HTML blocks.
    fn block_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        const PIECES: [&str; 12] = [
            "Word ", "word.", "\n", "\n\n", "\n\n\n", "  ", "\u{e9}", "```\n", "---\n", "<!-- ",
            "-->\n", "\r\n",
        ];
        proptest::collection::vec(proptest::sample::select(&PIECES[..]), 0..80)
            .prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #[test]
        fn the_window_past_the_target_cuts_where_the_hard_cap_does(
            text in block_text(),
            target in 1usize..48,
            markdown: bool,
            step in 1usize..9,
        ) {
            let size = BlockSize::new(target);
            let format = if markdown { InputFormat::Markdown } else { InputFormat::Text };
            let mut ends = Vec::new();
            let mut end = 0;
            let reader = Trickle { bytes: text.as_bytes(), step };
            for block in BlockReader::new(reader, "t.md", format, size) {
                let block = block.unwrap();
                proptest::prop_assert_eq!(block.origin.offset, end);
                end += block.text.len();
                ends.push(end);
            }
            proptest::prop_assert_eq!(ends, cuts_from_the_hard_cap(text.as_bytes(), markdown, size));
        }
    }

    #[test]
    fn shift_moves_spans_edits_and_related() {
        use crate::diagnostic::{Applicability, Category, Edit, Fix, Related, Severity};
        let mut found = vec![Diagnostic {
            rule: "core/x".into(),
            category: Category::Style,
            severity: Severity::Warning,
            message: "m".into(),
            span: 2..4,
            matched: "ab".into(),
            fix: Some(Fix {
                applicability: Applicability::Safe,
                message: "f".into(),
                edits: vec![Edit { start: 2, end: 5, replacement: String::new() }],
            }),
            related: vec![Related { span: 0..1, message: "r".into() }],
            help: None,
        }];
        shift(&mut found, 100);
        assert_eq!(found[0].span, 102..104);
        assert_eq!(found[0].related[0].span, 100..101);
        let edit = &found[0].fix.as_ref().unwrap().edits[0];
        assert_eq!((edit.start, edit.end), (102, 105));
    }
}
