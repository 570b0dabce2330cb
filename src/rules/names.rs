//! `name-consistency` and `known-name`: not written yet.

use super::compile::Compiler;
use super::spec::RuleSpec;
use super::{Check, PackError};

pub const CONSISTENCY_KEYS: &[&str] = &[];
pub const KNOWN_KEYS: &[&str] = &[];

#[derive(Debug)]
struct Pending;

impl Check for Pending {}

pub fn compile_consistency(
    _spec: &RuleSpec,
    _compiler: &Compiler,
) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(Pending))
}

pub fn compile_known(_spec: &RuleSpec, _compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(Pending))
}
