//! mtlint: a linter for article text. The library reads, models and lints text and never
//! prints; the binary and the renderers write to the terminal.

pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod lexicon;
pub mod render;
pub mod rules;
pub mod source;
pub mod suppress;

pub use diagnostic::{Applicability, Category, Diagnostic, Edit, Fix, Related, Severity};
pub use document::Document;
