//! Errors found while loading a rule pack, located in the pack's TOML text.

use std::fmt;
use std::ops::Range;

/// A rule pack that cannot be used. Boxed: errors travel through `Result`s on the load path.
#[derive(Debug, Clone)]
pub struct PackError(Box<PackErrorDetail>);

/// The pack's path, its text (when it could be read), and where in it the problem lies.
#[derive(Debug, Clone)]
pub struct PackErrorDetail {
    pub path: String,
    pub source_text: Option<String>,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub label: String,
    pub notes: Vec<String>,
}

impl std::ops::Deref for PackError {
    type Target = PackErrorDetail;

    fn deref(&self) -> &PackErrorDetail {
        &self.0
    }
}

impl PackError {
    pub fn new(path: &str, source_text: &str, message: impl Into<String>) -> Self {
        PackError(Box::new(PackErrorDetail {
            path: path.to_string(),
            source_text: Some(source_text.to_string()),
            message: message.into(),
            span: None,
            label: String::new(),
            notes: Vec::new(),
        }))
    }

    /// An error about a pack that could not be read at all.
    pub fn unreadable(path: &str, message: impl Into<String>) -> Self {
        PackError(Box::new(PackErrorDetail {
            path: path.to_string(),
            source_text: None,
            message: message.into(),
            span: None,
            label: String::new(),
            notes: Vec::new(),
        }))
    }

    pub fn at(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.0.span = Some(span);
        self.0.label = label.into();
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.0.notes.push(note.into());
        self
    }

    /// 1-based line and column of the error, when it has a position.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let text = self.source_text.as_deref()?;
        let start = self.span.as_ref()?.start.min(text.len());
        let index = crate::document::LineIndex::new(text);
        Some(index.line_col(text, start))
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col() {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for PackError {}
