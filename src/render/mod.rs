//! Renderers: turn diagnostics into human, concise, JSON and JSON Lines output.

pub mod concise;
pub mod human;
pub mod json;
