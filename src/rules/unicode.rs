//! The `unicode` rule kinds: not written yet.

use super::compile::Kind;

/// The kinds of this module, for the compiler's kind tables.
pub const KINDS: &[Kind] = &[];
