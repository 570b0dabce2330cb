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
    let diagnostics = rules.lint_enabled(doc, &enabled);
    refine(rules, config, selection, doc, diagnostics)
}

/// [`lint`] for several documents, each with its selection: documents in a row that enable
/// the same rules are linted together, one rule at a time across them (see
/// [`RuleSet::lint_many`]), which is faster for short documents than one at a time.
pub fn lint_many(
    rules: &RuleSet,
    config: Option<&Config>,
    items: &[(&Selection, &Document)],
) -> Vec<Vec<Diagnostic>> {
    let enabled: Vec<Vec<bool>> =
        items.iter().map(|(selection, _)| selection.enabled(rules.rules())).collect();
    let mut linted = Vec::with_capacity(items.len());
    let mut start = 0;
    while start < items.len() {
        let end = start + enabled[start..].iter().take_while(|e| **e == enabled[start]).count();
        let docs: Vec<&Document> = items[start..end].iter().map(|(_, doc)| *doc).collect();
        linted.extend(rules.lint_many(&docs, &enabled[start]));
        start = end;
    }
    items
        .iter()
        .zip(linted)
        .map(|((selection, doc), diagnostics)| refine(rules, config, selection, doc, diagnostics))
        .collect()
}

/// The rules' diagnostics after inline suppressions, severity changes and the accepted
/// vocabulary.
fn refine(
    rules: &RuleSet,
    config: Option<&Config>,
    selection: &Selection,
    doc: &Document,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
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
