//! The name kinds: `name-consistency` (one name spelled two ways in a document) and
//! `known-name` (a near miss of a place or organisation of the gazetteer).

mod consistency;
mod gazetteer;
mod key_index;
mod known;
mod mentions;
mod near_index;
mod spelling;

use super::compile::Compiler;
use super::spec::RuleSpec;
use super::{Check, Finding, Hit, Literal, PackError};
use crate::document::Document;

pub const CONSISTENCY_KEYS: &[&str] = &["variants", "max_edits"];
pub const KNOWN_KEYS: &[&str] = &["names", "max_edits"];

fn max_edits(spec: &RuleSpec) -> Option<usize> {
    spec.max_edits.as_ref().map(|m| *m.get_ref() as usize)
}

pub fn compile_consistency(
    spec: &RuleSpec,
    compiler: &Compiler,
) -> Result<Box<dyn Check>, PackError> {
    let mut groups = Vec::new();
    if let Some(variants) = &spec.variants {
        for group in variants.get_ref() {
            let spellings: Vec<String> =
                group.get_ref().iter().map(|s| s.trim().to_string()).collect();
            if spellings.len() < 2 || spellings.iter().any(String::is_empty) {
                return Err(compiler
                    .error("a variant group needs two or more spellings")
                    .at(group.span(), "list the preferred spelling first, then the others"));
            }
            groups.push(spellings);
        }
    }
    Ok(Box::new(NameConsistency(consistency::Consistency::new(groups, max_edits(spec)))))
}

pub fn compile_known(spec: &RuleSpec, compiler: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let mut names = Vec::new();
    if let Some(list) = &spec.names {
        for name in list.get_ref() {
            let text = name.get_ref().trim();
            if spelling::fold(text).chars().count() < 3 {
                return Err(compiler
                    .error(format!("name `{text}` is too short to match"))
                    .at(name.span(), "a name needs three or more letters"));
            }
            names.push(text.to_string());
        }
    }
    Ok(Box::new(KnownNames(known::KnownName::new(&names, max_edits(spec)))))
}

#[derive(Debug)]
struct NameConsistency(consistency::Consistency);

impl Check for NameConsistency {
    fn literals(&self) -> &[Literal] {
        &self.0.literals
    }

    fn check_hits(&self, doc: &Document, hits: &[Hit], out: &mut Vec<Finding>) {
        self.0.check_variants(doc, hits, out);
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        let before = out.len();
        self.0.check_mentions(doc, out);
        // Names the pack's groups speak for are left to them.
        let listed = self.0.variant_keys();
        let text = doc.text();
        let mut i = before;
        while i < out.len() {
            let finding = &out[i];
            let replacement = finding.fix.as_ref().map_or("", |f| f.edits[0].replacement.as_str());
            let matched = spelling::fold(&text[finding.span.clone()]);
            if listed.contains(&matched) || listed.contains(&spelling::fold(replacement)) {
                out.remove(i);
            } else {
                i += 1;
            }
        }
    }
}

#[derive(Debug)]
struct KnownNames(known::KnownName);

impl Check for KnownNames {
    fn check_document(&self, doc: &Document, out: &mut Vec<Finding>) {
        self.0.check(doc, out);
    }
}
