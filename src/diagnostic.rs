//! Diagnostics: what a rule reports, with its span, fix and related locations.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How serious a finding is; ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The closed category vocabulary every rule declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    StrayFragment,
    Capitalization,
    NameInconsistency,
    MisspelledName,
    Boilerplate,
    Untranslated,
    Repetition,
    Encoding,
    Typography,
    Style,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::StrayFragment,
        Category::Capitalization,
        Category::NameInconsistency,
        Category::MisspelledName,
        Category::Boilerplate,
        Category::Untranslated,
        Category::Repetition,
        Category::Encoding,
        Category::Typography,
        Category::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::StrayFragment => "stray-fragment",
            Category::Capitalization => "capitalization",
            Category::NameInconsistency => "name-inconsistency",
            Category::MisspelledName => "misspelled-name",
            Category::Boilerplate => "boilerplate",
            Category::Untranslated => "untranslated",
            Category::Repetition => "repetition",
            Category::Encoding => "encoding",
            Category::Typography => "typography",
            Category::Style => "style",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A suggested change: one or more edits with a message for humans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

/// Another place in the same document that explains the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

/// One finding of one rule, with byte offsets into the text exactly as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    pub matched: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
    /// What to do about a finding that has no fix, from the rule; shown to people only.
    pub help: Option<String>,
}
