//! Human output: compiler-style diagnostics through codespan-reporting.
//!
//! Articles keep a whole paragraph on one line, so printing source lines whole is useless. This
//! renderer hands codespan an *excerpt* instead: one short window per labelled stretch of a
//! line, with `…` where text was cut. Its [`Files`] implementation reports the real line and
//! column numbers of the original text, so the header and the gutter stay true.
//!
//! Layout decisions:
//! - A window keeps about [`CONTEXT_COLUMNS`] display columns before the first and after the
//!   last label it holds, preferring to cut at a space.
//! - Labels on one line that are close together share a window. Labels far apart on the same
//!   line (a related spelling 3,000 bytes earlier) get separate windows, printed in order with
//!   the same line number and a `·` break between them, so each keeps its own caret and message.
//! - A label wider than [`LONG_LABEL_COLUMNS`] is shown as its head, `…`, its tail; the carets
//!   run across the `…`.
//! - A label over several lines is drawn as codespan draws it (`╭` … `╰`), each line windowed:
//!   around the start on the first line, the line start on middle lines, the end on the last.
//! - Invisible and control characters (bidi controls, zero-width space, NUL) are shown as
//!   `<U+XXXX>`, so carets under them are visible and they cannot reorder the terminal line; a
//!   byte-order mark at offset 0 is hidden unless a label covers it.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{
    Diagnostic as CodespanDiagnostic, Label as CodespanLabel, Severity as CodespanSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{ColorSpec, HyperlinkSpec, WriteColor};
use codespan_reporting::term::{self, Config};
use unicode_width::UnicodeWidthChar;

use super::SourceView;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;
use crate::source::blocks::Origin;

/// Display columns of context kept before the first and after the last label of a window.
const CONTEXT_COLUMNS: usize = 40;
/// Labels wider than this are shown as head `…` tail.
const LONG_LABEL_COLUMNS: usize = 60;
const LABEL_HEAD_COLUMNS: usize = 30;
const LABEL_TAIL_COLUMNS: usize = 20;
/// Labels on one line share a window when at most this many columns apart…
const SHARED_WINDOW_GAP_COLUMNS: usize = 40;
/// …and when the window's labelled stretch stays this narrow.
const SHARED_WINDOW_MAX_COLUMNS: usize = 100;
/// Cutting fewer columns than this saves nothing over printing them.
const MIN_CUT_COLUMNS: usize = 8;
/// How far (in characters) a cut may move to land on a space.
const SPACE_SEARCH_CHARS: usize = 10;
/// Display columns a tab is budgeted at (codespan expands tabs to 4-column stops).
const TAB_COLUMNS: usize = 4;
const ELLIPSIS: char = '…';

/// How serious a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Info,
        }
    }
}

/// A byte range of the source to underline: `^` when primary, `-` otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub range: Range<usize>,
    pub message: String,
    pub primary: bool,
}

/// One report about a source text. Each note is printed as `= note: …`; a note that already
/// starts with `help: ` or `note: ` is printed as given.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub level: Level,
    pub code: Option<&'a str>,
    pub message: &'a str,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
}

/// Writes one report about `source` (named `path`) in compiler style.
pub fn emit(
    out: &mut dyn WriteColor,
    path: &str,
    source: &str,
    report: &Report<'_>,
) -> io::Result<()> {
    let lines = LineIndex::new(source);
    emit_in(out, path, &SourceView::new(source, &lines, Origin::default()), report)
}

/// Writes one report about a stretch of a file (a whole file or a block of a large one) in
/// compiler style; label ranges, line and column numbers are the file's.
pub fn emit_in(
    out: &mut dyn WriteColor,
    path: &str,
    view: &SourceView<'_>,
    report: &Report<'_>,
) -> io::Result<()> {
    let excerpt = Excerpt::new(path, view, &report.labels);
    let severity = match report.level {
        Level::Error => CodespanSeverity::Error,
        Level::Warning => CodespanSeverity::Warning,
        Level::Info => CodespanSeverity::Note,
    };
    let labels = report
        .labels
        .iter()
        .zip(&excerpt.label_ranges)
        .map(|(label, range)| {
            let codespan_label = if label.primary {
                CodespanLabel::primary((), range.clone())
            } else {
                CodespanLabel::secondary((), range.clone())
            };
            codespan_label.with_message(label.message.as_str())
        })
        .collect();
    let notes = report.notes.iter().map(|note| prefixed_note(note)).collect();
    let mut diagnostic = CodespanDiagnostic::new(severity)
        .with_message(report.message)
        .with_labels(labels)
        .with_notes(notes);
    if let Some(code) = report.code {
        diagnostic = diagnostic.with_code(code);
    }
    let config = Config { tab_width: TAB_COLUMNS, ..Config::default() };
    // codespan has no "info" severity; its "note" header is renamed on the way out.
    let mut writer = RenameNoteHeader { inner: out, pending: report.level == Level::Info };
    term::emit(&mut writer, &config, &excerpt, &diagnostic).map_err(|error| match error {
        FilesError::Io(error) => error,
        other => io::Error::other(other.to_string()),
    })
}

/// Writes one lint finding: `warning[pack/rule]: message`, the span underlined, each related
/// location as a secondary label, and `= help: <fix message>` when there is a fix (the rule's
/// help otherwise).
pub fn emit_diagnostic(
    out: &mut dyn WriteColor,
    path: &str,
    source: &str,
    diagnostic: &Diagnostic,
) -> io::Result<()> {
    let lines = LineIndex::new(source);
    emit_diagnostic_in(out, path, &SourceView::new(source, &lines, Origin::default()), diagnostic)
}

/// [`emit_diagnostic`] for a stretch of a file: the diagnostic is in the file's offsets.
pub fn emit_diagnostic_in(
    out: &mut dyn WriteColor,
    path: &str,
    view: &SourceView<'_>,
    diagnostic: &Diagnostic,
) -> io::Result<()> {
    let primary = Label { range: diagnostic.span.clone(), message: String::new(), primary: true };
    let related = diagnostic.related.iter().map(|related| Label {
        range: related.span.clone(),
        message: related.message.clone(),
        primary: false,
    });
    let notes = match (&diagnostic.fix, &diagnostic.help) {
        (Some(fix), _) => vec![format!("help: {}", fix.message)],
        (None, Some(help)) => vec![format!("help: {help}")],
        (None, None) => Vec::new(),
    };
    let report = Report {
        level: diagnostic.severity.into(),
        code: Some(&diagnostic.rule),
        message: &diagnostic.message,
        labels: std::iter::once(primary).chain(related).collect(),
        notes,
    };
    emit_in(out, path, view, &report)
}

fn prefixed_note(note: &str) -> String {
    if note.starts_with("help: ") || note.starts_with("note: ") {
        note.to_string()
    } else {
        format!("note: {note}")
    }
}

/// Passes everything through, except that the first write, codespan's severity word, is
/// changed from `note` to `info` when `pending`.
struct RenameNoteHeader<'w> {
    inner: &'w mut dyn WriteColor,
    pending: bool,
}

impl io::Write for RenameNoteHeader<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if std::mem::take(&mut self.pending) && buf == b"note" {
            self.inner.write_all(b"info")?;
            return Ok(buf.len());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl WriteColor for RenameNoteHeader<'_> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.inner.reset()
    }

    fn is_synchronous(&self) -> bool {
        self.inner.is_synchronous()
    }

    fn set_hyperlink(&mut self, link: &HyperlinkSpec) -> io::Result<()> {
        self.inner.set_hyperlink(link)
    }

    fn supports_hyperlinks(&self) -> bool {
        self.inner.supports_hyperlinks()
    }
}

/// A label's byte range clamped to the text and to line contents (never a line terminator).
struct Span {
    start: usize,
    end: usize,
    start_line: usize,
    end_line: usize,
}

impl Span {
    fn new(source: &str, lines: &LineIndex, range: &Range<usize>) -> Span {
        let start = floor_char_boundary(source, range.start);
        let end = ceil_char_boundary(source, range.end).max(start);
        let start_line = lines.line_index(start);
        let start = start.min(lines.line_range(source, start_line).end);
        let mut end_line = lines.line_index(end);
        // A range that ends just after a line break ends on the line before it.
        if end_line > start_line && end == lines.starts()[end_line] {
            end_line -= 1;
        }
        let end_content = lines.line_range(source, end_line);
        let end = if end_line == start_line {
            end.clamp(start, end_content.end)
        } else {
            end.clamp(end_content.start, end_content.end)
        };
        Span { start, end, start_line, end_line }
    }
}

/// How one character of a line is shown.
#[derive(Clone, Copy)]
enum Shown {
    Char(char),
    Escaped(char),
    Hidden,
}

struct Cell {
    offset: usize,
    shown: Shown,
    width: usize,
    is_space: bool,
}

/// The characters of one line with running display widths, for cutting windows by columns.
struct LineCells {
    cells: Vec<Cell>,
    /// `columns[i]` is the display width of cells `0..i`.
    columns: Vec<usize>,
    end: usize,
}

impl LineCells {
    fn new(source: &str, content: Range<usize>, show_bom: bool) -> LineCells {
        let mut cells = Vec::new();
        let mut columns = vec![0];
        for (index, ch) in source[content.clone()].char_indices() {
            let offset = content.start + index;
            let shown = if offset == 0 && ch == '\u{feff}' && !show_bom {
                Shown::Hidden
            } else if is_invisible(ch) {
                Shown::Escaped(ch)
            } else {
                Shown::Char(ch)
            };
            let width = match shown {
                Shown::Char('\t') => TAB_COLUMNS,
                Shown::Char(ch) => ch.width().unwrap_or(0),
                Shown::Escaped(ch) => escape(ch).len(),
                Shown::Hidden => 0,
            };
            columns.push(columns.last().copied().unwrap_or(0) + width);
            cells.push(Cell { offset, shown, width, is_space: ch == ' ' || ch == '\t' });
        }
        LineCells { cells, columns, end: content.end }
    }

    fn len(&self) -> usize {
        self.cells.len()
    }

    /// Byte offset of cell `index`; the line end for `index == len()`.
    fn offset(&self, index: usize) -> usize {
        self.cells.get(index).map_or(self.end, |cell| cell.offset)
    }

    /// Index of the cell starting at (or first after) byte `offset`.
    fn index_of(&self, offset: usize) -> usize {
        self.cells.partition_point(|cell| cell.offset < offset)
    }

    fn width(&self, range: Range<usize>) -> usize {
        self.columns[range.end] - self.columns[range.start]
    }

    /// Where a cut about `columns` before `anchor` falls, no further back than `limit`.
    fn cut_before(&self, anchor: usize, columns: usize, limit: usize) -> usize {
        let mut cut = anchor;
        while cut > limit && self.width(cut - 1..anchor) <= columns {
            cut -= 1;
        }
        if self.width(limit..cut) <= MIN_CUT_COLUMNS {
            return limit;
        }
        let search_end = (cut + SPACE_SEARCH_CHARS.min(columns / 2)).min(anchor);
        if let Some(space) = (cut..search_end).find(|&i| self.cells[i].is_space) {
            cut = space + 1;
        }
        // Keep combining marks with their base character.
        while cut > limit && cut < self.len() && self.cells[cut].width == 0 {
            cut -= 1;
        }
        cut
    }

    /// Where a cut about `columns` after `anchor` falls, no further on than `limit`.
    fn cut_after(&self, anchor: usize, columns: usize, limit: usize) -> usize {
        let mut cut = anchor;
        while cut < limit && self.width(anchor..cut + 1) <= columns {
            cut += 1;
        }
        if self.width(cut..limit) <= MIN_CUT_COLUMNS {
            return limit;
        }
        let search_start = cut.saturating_sub(SPACE_SEARCH_CHARS.min(columns / 2)).max(anchor + 1);
        if let Some(space) = (search_start..cut).rev().find(|&i| self.cells[i].is_space) {
            cut = space;
        }
        while cut < limit && self.cells[cut].width == 0 {
            cut += 1;
        }
        cut
    }

    fn push_shown(&self, index: usize, text: &mut String) {
        match self.cells[index].shown {
            Shown::Char(ch) => text.push(ch),
            Shown::Escaped(ch) => text.push_str(&escape(ch)),
            Shown::Hidden => {}
        }
    }
}

/// Characters that would be invisible, move the cursor or reorder the line in a terminal.
fn is_invisible(ch: char) -> bool {
    (ch.is_control() && ch != '\t')
        || matches!(
            ch,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

fn escape(ch: char) -> String {
    format!("<U+{:04X}>", u32::from(ch))
}

/// The part of one label that lies on one line, in cell indices of that line.
struct Piece {
    label: usize,
    /// The labelled stretch that must be visible: the whole label on its only line, the start
    /// point on its first line, the end point on its last, the line start in between.
    anchor: Range<usize>,
    /// Cells of a single-line label to show; a long label's middle is left out.
    visible: Vec<Range<usize>>,
    starts_here: bool,
    ends_here: bool,
}

/// One excerpt line: a window of one real line.
struct Window {
    line: usize,
    text: String,
    /// `(excerpt byte, original byte)` pairs in increasing order: each shown character and
    /// the end of each shown stretch.
    offsets: Vec<(usize, usize)>,
}

impl Window {
    fn excerpt_offset(&self, original: usize) -> usize {
        match self.offsets.binary_search_by_key(&original, |&(_, original)| original) {
            Ok(found) => self.offsets[found].0,
            Err(next) => self.offsets.get(next).or(self.offsets.last()).map_or(0, |pair| pair.0),
        }
    }
}

struct ExcerptLine {
    number: usize,
    range: Range<usize>,
    offsets: Vec<(usize, usize)>,
}

/// The windows of all labelled lines, as one text codespan can render, numbered like the
/// original file.
struct Excerpt<'s> {
    path: &'s str,
    /// The stretch of the file the labels lie in.
    view: SourceView<'s>,
    text: String,
    lines: Vec<ExcerptLine>,
    /// Each report label's range in `text`, in report order.
    label_ranges: Vec<Range<usize>>,
}

impl<'s> Excerpt<'s> {
    fn new(path: &'s str, view: &SourceView<'s>, labels: &[Label]) -> Excerpt<'s> {
        // The excerpt is built in the stretch's own offsets and lines; only the numbers
        // printed are the file's.
        let original = view.text();
        let original_lines = view.lines();
        let spans: Vec<Span> = labels
            .iter()
            .map(|label| Span::new(original, original_lines, &view.local(&label.range)))
            .collect();
        // A byte-order mark is only one at the start of the file.
        let at_file_start = view.origin().offset == 0;
        let show_bom = !at_file_start || spans.iter().any(|span| span.start == 0 && span.end > 0);

        let mut pieces_by_line: BTreeMap<usize, Vec<(usize, &Span)>> = BTreeMap::new();
        for (label, span) in spans.iter().enumerate() {
            for line in span.start_line..=span.end_line {
                pieces_by_line.entry(line).or_default().push((label, span));
            }
        }

        let mut windows = Vec::new();
        let mut starts = vec![(0, 0); labels.len()];
        let mut ends = vec![(0, 0); labels.len()];
        for (line, line_spans) in pieces_by_line {
            let content = original_lines.line_range(original, line);
            let cells = LineCells::new(original, content, show_bom);
            let pieces: Vec<Piece> =
                line_spans.iter().map(|&(label, span)| piece(&cells, line, label, span)).collect();
            for cluster in clusters(&cells, pieces) {
                let window = window(&cells, line, &cluster.pieces, cluster.context);
                for piece in &cluster.pieces {
                    let span = &spans[piece.label];
                    if piece.starts_here {
                        starts[piece.label] = (windows.len(), window.excerpt_offset(span.start));
                    }
                    if piece.ends_here {
                        ends[piece.label] = (windows.len(), window.excerpt_offset(span.end));
                    }
                }
                windows.push(window);
            }
        }

        // A `·` break between windows shows that text was left out; codespan draws one only
        // when excerpt line numbers jump by more than two, so two unrendered blank lines go in
        // between. Not inside a multi-line label, whose lines codespan must see in a row.
        let crosses = |boundary: usize| {
            starts.iter().zip(&ends).any(|(start, end)| start.0 <= boundary && boundary < end.0)
        };
        let mut text = String::new();
        let mut lines = Vec::new();
        let mut window_starts = Vec::new();
        for (index, window) in windows.iter().enumerate() {
            if let Some(previous) = index.checked_sub(1).map(|i| &windows[i])
                && window.line != previous.line + 1
                && !crosses(index - 1)
            {
                for _ in 0..2 {
                    lines.push(ExcerptLine {
                        number: view.to_file(previous.line + 1, 1).0,
                        range: text.len()..text.len(),
                        offsets: Vec::new(),
                    });
                    text.push('\n');
                }
            }
            let start = text.len();
            window_starts.push(start);
            text.push_str(&window.text);
            lines.push(ExcerptLine {
                number: view.to_file(window.line + 1, 1).0,
                range: start..text.len(),
                offsets: window
                    .offsets
                    .iter()
                    .map(|&(at, original)| (start + at, original))
                    .collect(),
            });
            text.push('\n');
        }
        let label_ranges = starts
            .iter()
            .zip(&ends)
            .map(|(&(start_window, start), &(end_window, end))| {
                window_starts[start_window] + start..window_starts[end_window] + end
            })
            .collect();
        Excerpt { path, view: *view, text, lines, label_ranges }
    }
}

fn piece(cells: &LineCells, line: usize, label: usize, span: &Span) -> Piece {
    let starts_here = span.start_line == line;
    let ends_here = span.end_line == line;
    let start = if starts_here { cells.index_of(span.start) } else { 0 };
    let end = if ends_here { cells.index_of(span.end).max(start) } else { cells.len() };
    let (anchor, visible) = match (starts_here, ends_here) {
        (true, true) if cells.width(start..end) > LONG_LABEL_COLUMNS => {
            let head_end = cells.cut_after(start, LABEL_HEAD_COLUMNS, end);
            let tail_start = cells.cut_before(end, LABEL_TAIL_COLUMNS, head_end);
            (start..end, vec![start..head_end, tail_start..end])
        }
        (true, true) => (start..end, std::iter::once(start..end).collect()),
        (true, false) => (start..start, vec![]),
        (false, true) => (end..end, vec![]),
        (false, false) => (0..0, vec![]),
    };
    Piece { label, anchor, visible, starts_here, ends_here }
}

struct Cluster {
    pieces: Vec<Piece>,
    /// Columns of context before and after.
    context: (Range<usize>, Range<usize>),
}

/// Groups the pieces of one line into windows and decides each window's context.
fn clusters(cells: &LineCells, mut pieces: Vec<Piece>) -> Vec<Cluster> {
    pieces.sort_by_key(|piece| (piece.anchor.start, piece.anchor.end));
    let mut groups: Vec<(Range<usize>, Vec<Piece>)> = Vec::new();
    for piece in pieces {
        if let Some((stretch, members)) = groups.last_mut() {
            let overlaps = piece.anchor.start <= stretch.end;
            let close = !overlaps
                && cells.width(stretch.end..piece.anchor.start) <= SHARED_WINDOW_GAP_COLUMNS
                && cells.width(stretch.start..piece.anchor.end.max(stretch.end))
                    <= SHARED_WINDOW_MAX_COLUMNS;
            if overlaps || close {
                stretch.end = stretch.end.max(piece.anchor.end);
                members.push(piece);
                continue;
            }
        }
        groups.push((piece.anchor.clone(), vec![piece]));
    }
    // Between two windows of one line, each takes at most a third of the gap as context, so
    // that a real stretch is left out between them.
    let stretches: Vec<Range<usize>> = groups.iter().map(|(stretch, _)| stretch.clone()).collect();
    groups
        .into_iter()
        .enumerate()
        .map(|(index, (stretch, pieces))| {
            let (before_limit, before_columns) = match index.checked_sub(1) {
                Some(previous) => {
                    let gap = stretches[previous].end..stretch.start;
                    (gap.start, CONTEXT_COLUMNS.min(cells.width(gap) / 3))
                }
                None => (0, CONTEXT_COLUMNS),
            };
            let (after_limit, after_columns) = match stretches.get(index + 1) {
                Some(next) => {
                    let gap = stretch.end..next.start;
                    (gap.end, CONTEXT_COLUMNS.min(cells.width(gap) / 3))
                }
                None => (cells.len(), CONTEXT_COLUMNS),
            };
            let before = cells.cut_before(stretch.start, before_columns, before_limit);
            let after = cells.cut_after(stretch.end, after_columns, after_limit);
            Cluster { pieces, context: (before..stretch.start, stretch.end..after) }
        })
        .collect()
}

/// Builds the text of one window: the context, the labels' visible cells and what lies between
/// labels, joined with `…` where cells were left out.
fn window(
    cells: &LineCells,
    line: usize,
    pieces: &[Piece],
    context: (Range<usize>, Range<usize>),
) -> Window {
    let mut shown = vec![context.0, context.1];
    let mut reached = None;
    for piece in pieces {
        if let Some(reached) = reached
            && piece.anchor.start > reached
        {
            shown.push(reached..piece.anchor.start);
        }
        reached = Some(reached.unwrap_or(0).max(piece.anchor.end));
        shown.extend(piece.visible.iter().cloned());
    }
    shown.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in shown {
        match merged.last_mut() {
            Some(last)
                if range.start <= last.end
                    || cells.width(last.end..range.start) <= MIN_CUT_COLUMNS =>
            {
                last.end = last.end.max(range.end);
            }
            _ => merged.push(range),
        }
    }

    let mut text = String::new();
    let mut offsets = Vec::new();
    for (index, range) in merged.iter().enumerate() {
        if index > 0 || range.start > 0 {
            text.push(ELLIPSIS);
        }
        for cell in range.clone() {
            offsets.push((text.len(), cells.offset(cell)));
            cells.push_shown(cell, &mut text);
        }
        offsets.push((text.len(), cells.offset(range.end)));
    }
    if merged.last().is_some_and(|range| range.end < cells.len()) {
        text.push(ELLIPSIS);
    }
    Window { line, text, offsets }
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.partition_point(|line| line.range.start <= byte_index).saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        self.excerpt_line(line_index).map(|line| line.number)
    }

    /// The real column: the excerpt offset is mapped back to the original text.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let line = self.excerpt_line(line_index)?;
        let before = line.offsets.partition_point(|&(at, _)| at <= byte_index);
        Ok(match before.checked_sub(1).map(|i| line.offsets[i].1) {
            Some(original) => {
                let (line, column) = self.view.lines().line_col(self.view.text(), original);
                self.view.to_file(line, column).1
            }
            None => 1,
        })
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        self.excerpt_line(line_index).map(|line| line.range.clone())
    }
}

impl Excerpt<'_> {
    fn excerpt_line(&self, line_index: usize) -> Result<&ExcerptLine, FilesError> {
        self.lines.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.len().saturating_sub(1),
        })
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Category, Fix, Related};
    use crate::document::Document;
    use codespan_reporting::term::termcolor::NoColor;

    const SENTENCES: [&str; 5] = [
        "The harbour authority opened the new ferry terminal on a grey Thursday morning.",
        "Local traders said the extra passengers would help shops that struggled all winter.",
        "A council spokesperson confirmed that the old pier will close for repairs in spring.",
        "Engineers expect the work to take about eighteen months, depending on the weather.",
        "Residents asked for a footbridge so that cyclists can avoid the busy coastal road.",
    ];

    /// Whole sentences, separated by spaces, at least `length` bytes long.
    fn paragraph(length: usize) -> String {
        let mut text = String::new();
        for sentence in SENTENCES.iter().cycle() {
            if text.len() >= length {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(sentence);
        }
        text
    }

    fn span_of(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
        start..start + needle.len()
    }

    fn last_span_of(text: &str, needle: &str) -> Range<usize> {
        let start = text.rfind(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
        start..start + needle.len()
    }

    fn finding(severity: Severity, span: Range<usize>, message: &str) -> Diagnostic {
        Diagnostic {
            rule: "names/kyiv".to_string(),
            category: Category::NameInconsistency,
            severity,
            message: message.to_string(),
            span,
            matched: String::new(),
            fix: None,
            related: Vec::new(),
            help: None,
        }
    }

    fn render(source: &str, report: &Report<'_>) -> String {
        let mut out = NoColor::new(Vec::new());
        emit(&mut out, "article.md", source, report).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    fn render_finding(source: &str, diagnostic: &Diagnostic) -> String {
        let mut out = NoColor::new(Vec::new());
        emit_diagnostic(&mut out, "article.md", source, diagnostic).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    fn report(labels: Vec<Label>) -> Report<'static> {
        Report {
            level: Level::Warning,
            code: Some("test/rule"),
            message: "something to look at",
            labels,
            notes: Vec::new(),
        }
    }

    fn primary(range: Range<usize>, message: &str) -> Label {
        Label { range, message: message.to_string(), primary: true }
    }

    fn secondary(range: Range<usize>, message: &str) -> Label {
        Label { range, message: message.to_string(), primary: false }
    }

    /// The `path:line:col` of the `┌─` header.
    fn header_location(output: &str) -> &str {
        output.lines().find_map(|line| line.trim_start().strip_prefix("┌─ ")).expect("no ┌─ header")
    }

    fn expected_location(source: &str, offset: usize) -> String {
        let (line, column) = Document::new(source).line_col(offset);
        format!("article.md:{line}:{column}")
    }

    fn widest_line(output: &str) -> usize {
        output.lines().map(columns).max().unwrap_or(0)
    }

    /// Display columns as codespan counts them: character by character, so an Arabic lam-alef
    /// pair is two columns (`str::width` would count the ligature as one).
    fn columns(text: &str) -> usize {
        text.chars().map(|c| c.width().unwrap_or(0)).sum()
    }

    /// Checks that the first caret line starts under `shown`, the labelled text as printed
    /// on the source line above it.
    fn assert_carets_under(output: &str, shown: &str, caret: char) {
        let lines: Vec<&str> = output.lines().collect();
        let caret_line = lines
            .iter()
            .position(|line| line.contains(caret) && line.contains(" │ "))
            .unwrap_or_else(|| panic!("no caret line in\n{output}"));
        let source_line = lines[caret_line - 1];
        let text_at = source_line
            .find(shown)
            .unwrap_or_else(|| panic!("{shown:?} not on the line above the carets in\n{output}"));
        let caret_at = lines[caret_line].find(caret).unwrap();
        assert_eq!(
            columns(&source_line[..text_at]),
            columns(&lines[caret_line][..caret_at]),
            "carets not under {shown:?} in\n{output}"
        );
        let carets = lines[caret_line][caret_at..].chars().take_while(|&c| c == caret).count();
        assert_eq!(carets, columns(shown), "caret count under {shown:?} in\n{output}");
    }

    #[test]
    fn short_line() {
        let source = "# Talks resume\n\nThe minister travelled to Kiev on Monday.\n";
        let diagnostic = finding(
            Severity::Warning,
            span_of(source, "Kiev"),
            "`Kiev` is an outdated spelling of `Kyiv`",
        );
        let output = render_finding(source, &diagnostic);
        assert_eq!(header_location(&output), "article.md:3:27");
        insta::assert_snapshot!(output);
    }

    fn long_paragraph_with(before: usize, sentence: &str, after: usize) -> String {
        let mut line = String::new();
        if before > 0 {
            line.push_str(&paragraph(before));
            line.push(' ');
        }
        line.push_str(sentence);
        if after > 0 {
            line.push(' ');
            line.push_str(&paragraph(after));
        }
        format!("# Ferry terminal opens\n\n{line}\n\nA short closing line.\n")
    }

    #[test]
    fn long_line_finding_in_the_middle() {
        let source =
            long_paragraph_with(1000, "Officials from Kiev arrived on the first crossing.", 1000);
        let span = span_of(&source, "Kiev");
        let output =
            render_finding(&source, &finding(Severity::Warning, span.clone(), "outdated spelling"));
        assert_eq!(header_location(&output), expected_location(&source, span.start));
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn long_line_finding_near_the_start() {
        let source = long_paragraph_with(0, "Kiev officials arrived on the first crossing.", 2000);
        let span = span_of(&source, "Kiev");
        let output =
            render_finding(&source, &finding(Severity::Warning, span.clone(), "outdated spelling"));
        assert_eq!(header_location(&output), "article.md:3:1");
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn long_line_finding_near_the_end() {
        let source = long_paragraph_with(2000, "The delegation then sailed back to Kiev", 0);
        let span = span_of(&source, "Kiev");
        let output =
            render_finding(&source, &finding(Severity::Warning, span.clone(), "outdated spelling"));
        assert_eq!(header_location(&output), expected_location(&source, span.start));
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn five_thousand_character_line_stays_narrow() {
        for (before, after) in [(2500, 2500), (0, 5000), (5000, 0)] {
            let source = long_paragraph_with(
                before,
                "Officials from Kiev arrived on the first crossing.",
                after,
            );
            let span = span_of(&source, "Kiev");
            let diagnostic = finding(Severity::Warning, span.clone(), "outdated spelling");
            let output = render_finding(&source, &diagnostic);
            assert!(source.lines().nth(2).unwrap().len() >= 5000);
            assert!(widest_line(&output) <= 140, "{output}");
            assert_eq!(header_location(&output), expected_location(&source, span.start));
            assert_carets_under(&output, "Kiev", '^');
        }
    }

    #[test]
    fn related_label_on_an_earlier_line() {
        let source = format!(
            "The delegation flew to Kyiv on Sunday.\n\n{}\n\nBy Tuesday the talks in Kiev had \
             stalled over the ferry contract.\n",
            paragraph(300)
        );
        let mut diagnostic = finding(
            Severity::Warning,
            span_of(&source, "Kiev"),
            "`Kiev` is spelled `Kyiv` elsewhere in this article",
        );
        diagnostic.related.push(Related {
            span: span_of(&source, "Kyiv"),
            message: "first spelled `Kyiv` here".to_string(),
        });
        let output = render_finding(&source, &diagnostic);
        assert_eq!(header_location(&output), "article.md:5:25");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn related_label_far_away_on_the_same_line() {
        let line = format!(
            "{} The ministers met in Kyiv to sign the agreement. {} Observers said Kiev \
             would host the next round. {}",
            paragraph(100),
            paragraph(3000),
            paragraph(500)
        );
        let source = format!("# Talks\n\n{line}\n");
        let mut diagnostic = finding(
            Severity::Warning,
            span_of(&source, "Kiev"),
            "`Kiev` is spelled `Kyiv` elsewhere in this article",
        );
        diagnostic.related.push(Related {
            span: span_of(&source, "Kyiv"),
            message: "first spelled `Kyiv` here".to_string(),
        });
        let output = render_finding(&source, &diagnostic);
        assert_eq!(header_location(&output), expected_location(&source, diagnostic.span.start));
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn labels_close_together_share_a_window() {
        let source = format!(
            "{} They met in Kyiv and, a day later, in Kiev again. {}\n",
            paragraph(800),
            paragraph(800)
        );
        let output = render(
            &source,
            &report(vec![
                primary(span_of(&source, "Kiev"), ""),
                secondary(span_of(&source, "Kyiv"), "spelled `Kyiv` here"),
            ]),
        );
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn cyrillic() {
        let source = format!(
            "{}Делегация прибыла в Киев в понедельник, а переговоры начались во вторник и \
             продолжались до позднего вечера.\n",
            "Вчера в порту открыли новый паромный терминал. ".repeat(20)
        );
        let span = span_of(&source, "Киев");
        let output = render(&source, &report(vec![primary(span.clone(), "this one")]));
        assert_eq!(header_location(&output), expected_location(&source, span.start));
        assert_carets_under(&output, "Киев", '^');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn arabic() {
        let source = format!(
            "{}\n",
            "وصل الوفد إلى المدينة يوم الاثنين وبدأت المحادثات يوم الثلاثاء حول عقد العبارة. "
                .repeat(8)
        );
        let span = span_of(&source, "المحادثات");
        let output = render(&source, &report(vec![primary(span.clone(), "")]));
        assert_eq!(header_location(&output), expected_location(&source, span.start));
        assert_carets_under(&output, "المحادثات", '^');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn cjk_counts_two_columns() {
        let source = format!(
            "{}代表团星期一抵达北京，会谈于星期二开始。{}\n",
            "港口昨天开放了新的渡轮码头。".repeat(30),
            "居民希望修建一座人行桥。".repeat(30)
        );
        let span = span_of(&source, "北京");
        let output = render(&source, &report(vec![primary(span.clone(), "city")]));
        assert_eq!(header_location(&output), expected_location(&source, span.start));
        assert_carets_under(&output, "北京", '^');
        assert!(output.contains("^^^^ city"), "{output}");
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn curly_quotes_and_combining_marks() {
        let source = "The owner of the cafe\u{301} said “we will rebuild the pier” and left.\n";
        let quote = span_of(source, "“we will rebuild the pier”");
        let cafe = span_of(source, "cafe\u{301}");
        let output = render(
            source,
            &report(vec![primary(quote.clone(), "quoted"), secondary(cafe, "decomposed")]),
        );
        assert_eq!(header_location(&output), expected_location(source, quote.start));
        assert_carets_under(&output, "“we will rebuild the pier”", '^');
        assert_carets_under(&output, "cafe\u{301}", '-');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn crlf_and_tab() {
        let source = "First line of the article.\r\n\tAn indented line with teh typo.\r\nLast.\r\n";
        let span = span_of(source, "teh");
        let output = render(source, &report(vec![primary(span, "typo")]));
        assert_eq!(header_location(&output), "article.md:2:24");
        assert!(!output.contains('\r') && !output.contains('\t'), "{output:?}");
        assert_carets_under(&output, "teh", '^');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn label_over_a_line_ending_stops_at_the_line() {
        let source = "The line ends here\r\nNext line.\r\n";
        let output = render(source, &report(vec![primary(span_of(source, "here\r\n"), "")]));
        assert!(output.contains("1 │ The line ends here\n"), "{output}");
        assert!(!output.contains("2 │"), "{output}");
        assert_carets_under(&output, "here", '^');
    }

    #[test]
    fn fix_help_line() {
        let source = "The minister travelled to Kiev on Monday.\n";
        let mut diagnostic =
            finding(Severity::Error, span_of(source, "Kiev"), "outdated spelling of `Kyiv`");
        diagnostic.fix = Some(Fix {
            applicability: Applicability::Safe,
            message: "replace with `Kyiv`".to_string(),
            edits: Vec::new(),
        });
        let output = render_finding(source, &diagnostic);
        assert!(output.contains("= help: replace with `Kyiv`"), "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn info_is_printed_as_info() {
        let source = "The minister travelled to Kiev on Monday.\n";
        let diagnostic = finding(Severity::Info, span_of(source, "Kiev"), "consider `Kyiv`");
        let output = render_finding(source, &diagnostic);
        assert!(output.starts_with("info[names/kyiv]: consider `Kyiv`\n"), "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn info_keeps_its_colour() {
        let source = "The minister travelled to Kiev on Monday.\n";
        let diagnostic = finding(Severity::Info, span_of(source, "Kiev"), "consider `Kyiv`");
        let mut out = codespan_reporting::term::termcolor::Ansi::new(Vec::new());
        emit_diagnostic(&mut out, "article.md", source, &diagnostic).unwrap();
        let output = String::from_utf8(out.into_inner()).unwrap();
        assert!(output.starts_with("\x1b["), "{output:?}");
        assert!(output.contains("minfo[names/kyiv]"), "{output:?}");
        assert!(!output.contains("note"), "{output:?}");
    }

    #[test]
    fn multi_line_label() {
        let source = format!(
            "{}\n\nSubscribe to our newsletter for more stories like this one. {}\nFollow us \
             on every platform. {}\n{} Thank you for reading our newsletter.\n\nThe end.\n",
            paragraph(400),
            paragraph(600),
            paragraph(600),
            paragraph(600),
        );
        let start = source.find("Subscribe").unwrap();
        let end = source.find("newsletter.").unwrap() + "newsletter.".len();
        let output = render(&source, &report(vec![primary(start..end, "boilerplate block")]));
        assert_eq!(header_location(&output), "article.md:3:1");
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn multi_line_label_from_and_to_the_middle_of_long_lines() {
        let source = format!(
            "{} Subscribe to our newsletter for more stories. {}\n{}\n{} Thank you for \
             reading. {}\n",
            paragraph(700),
            paragraph(700),
            paragraph(700),
            paragraph(700),
            paragraph(700),
        );
        let start = source.find("Subscribe").unwrap();
        let end = source.find("reading.").unwrap() + "reading.".len();
        let output = render(&source, &report(vec![primary(start..end, "boilerplate block")]));
        assert_eq!(header_location(&output), expected_location(&source, start));
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn multi_line_label_over_short_lines() {
        let source = "Intro.\n\nShare this article:\nFacebook\nTwitter\nEmail\n\nThe end.\n";
        let start = source.find("Share").unwrap();
        let end = source.find("Email\n").unwrap() + "Email\n".len();
        let output = render(source, &report(vec![primary(start..end, "share widget")]));
        insta::assert_snapshot!(output);
    }

    #[test]
    fn long_label_shows_head_and_tail() {
        let source = format!(
            "{} {} {}\n",
            paragraph(600),
            "This whole sentence was repeated by the pipeline and it goes on for quite a \
             while before it finally reaches its very end.",
            paragraph(600)
        );
        let span = span_of(&source, "This whole sentence");
        let span = span.start..source.find("very end.").unwrap() + "very end.".len();
        let output = render(&source, &report(vec![primary(span, "repeated")]));
        assert!(widest_line(&output) <= 140, "{output}");
        insta::assert_snapshot!(output);
    }

    #[test]
    fn byte_order_mark() {
        let source = "\u{feff}Teh article begins with a typo.\n";
        let output = render(source, &report(vec![primary(span_of(source, "Teh"), "typo")]));
        assert_eq!(header_location(&output), expected_location(source, 3));
        assert!(!output.contains('\u{feff}'), "{output:?}");
        assert_carets_under(&output, "Teh", '^');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn byte_order_mark_itself_labelled() {
        let source = "\u{feff}The article starts with a byte-order mark.\n";
        let output = render(source, &report(vec![primary(0..3, "byte-order mark")]));
        assert_eq!(header_location(&output), "article.md:1:1");
        assert_carets_under(&output, "<U+FEFF>", '^');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn invisible_characters_are_shown() {
        let source = "The pier\u{200b}will close, said the \u{202e}council.\n";
        let output =
            render(source, &report(vec![primary(span_of(source, "\u{200b}"), "zero-width space")]));
        assert!(!output.contains('\u{202e}') && !output.contains('\u{200b}'), "{output:?}");
        assert_carets_under(&output, "<U+200B>", '^');
        insta::assert_snapshot!(output);
    }

    #[test]
    fn report_without_labels() {
        let report = Report {
            level: Level::Error,
            code: None,
            message: "could not read rules/names.toml",
            labels: Vec::new(),
            notes: vec!["the file is not valid UTF-8".to_string()],
        };
        let output = render("", &report);
        insta::assert_snapshot!(output);
    }

    #[test]
    fn empty_source_and_empty_label() {
        let output = render("", &report(vec![primary(0..0, "")]));
        assert_eq!(header_location(&output), "article.md:1:1");
    }

    #[test]
    fn out_of_range_label_is_clamped() {
        let source = "Short.\n";
        let output = render(source, &report(vec![primary(3..500, "")]));
        assert_eq!(header_location(&output), "article.md:1:4");
    }

    #[test]
    fn last_label_of_several_on_far_lines() {
        let source =
            format!("{}\nKyiv.\n{}\n{}\nKiev.\n", paragraph(90), paragraph(90), paragraph(90));
        let output = render(
            &source,
            &report(vec![
                primary(last_span_of(&source, "Kiev"), "here"),
                secondary(span_of(&source, "Kyiv"), "there"),
            ]),
        );
        assert_eq!(header_location(&output), "article.md:5:1");
        assert!(output.contains('·'), "{output}");
    }

    proptest::proptest! {
        #[test]
        fn any_labels_render_without_error(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "word ", "Kyiv", "\n", "\r\n", "\t", "“", "é", "e\u{301}", "北京", "Киев",
                    "الاثنين", "\u{feff}", "\u{200b}", "\u{202e}", " ", "",
                ]),
                0..400,
            ),
            ranges in proptest::collection::vec((0usize..1200, 0usize..200, proptest::bool::ANY), 1..5),
        ) {
            let source: String = pieces.concat();
            let labels = ranges
                .iter()
                .map(|&(start, length, primary)| Label {
                    range: start..start + length,
                    message: "label".to_string(),
                    primary,
                })
                .collect();
            let output = render(&source, &report(labels));
            proptest::prop_assert!(output.starts_with("warning[test/rule]"));
        }
    }
}
