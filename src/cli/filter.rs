//! The filter stage shared by `check` and `batch`: which rules run on a text, and what is
//! left of their findings after inline suppressions, severity changes and the accepted
//! vocabulary.

use std::path::Path;

use mtlint::config::{self, Config, Selection, Selector};
use mtlint::rules::RuleSet;
use mtlint::suppress::{self, UNUSED_DIRECTIVE_RULE};
use mtlint::{Category, Diagnostic, Document};

/// The selection for one file: the configuration's, then the command line's.
pub fn selection(
    config: Option<&Config>,
    path: &Path,
    select: &[String],
    ignore: &[String],
) -> Selection {
    let mut selection = config.map(|c| c.selection_for(path)).unwrap_or_default();
    if !select.is_empty() {
        selection.select = Some(select.iter().cloned().map(Selector).collect());
    }
    selection.ignore.extend(ignore.iter().cloned().map(Selector));
    selection
}

/// Lints a document with the rules a selection enables, then applies inline suppressions,
/// severity changes and the configuration's accepted vocabulary.
pub fn lint(
    rules: &RuleSet,
    config: Option<&Config>,
    selection: &Selection,
    doc: &Document,
) -> Vec<Diagnostic> {
    let enabled = selection.enabled(rules.rules());
    let mut diagnostics = rules.lint_enabled(doc, &enabled);
    let report_unused = selection.enables(UNUSED_DIRECTIVE_RULE, Category::Style);
    let unused = suppress::apply(doc, &mut diagnostics, report_unused);
    if !unused.is_empty() {
        diagnostics.extend(unused);
        diagnostics.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
    }
    if !selection.severity.is_empty() {
        for d in &mut diagnostics {
            if let Some(rule) = rules.get(&d.rule) {
                d.severity = selection.severity_of(rule);
            }
        }
    }
    if let Some(config) = config {
        config::drop_accepted(&mut diagnostics, &config.vocabulary.accept);
    }
    diagnostics
}
