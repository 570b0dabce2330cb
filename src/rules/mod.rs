//! Rules: packs loaded from TOML, compiled into one rule set, run over a document.

mod automaton;
mod boilerplate;
mod builtin;
mod capitalization;
mod case;
mod compile;
mod error;
mod existence;
mod fragment;
mod literals;
mod load;
mod names;
mod pattern;
mod prefilter;
mod prose;
mod repetition;
mod selftest;
pub mod spec;
mod substitution;
mod text;
mod typography;
mod unicode;
mod untranslated;

use std::ops::Range;

use crate::diagnostic::{Applicability, Category, Diagnostic, Edit, Fix, Related, Severity};
use crate::document::Document;

pub use builtin::{BUILTIN_PACKS, builtin_sources};
pub use error::PackError;
pub use literals::Literal;
pub use load::{PackSource, load_pack, load_packs};
pub use pattern::Pattern;
pub use selftest::{ExampleFailure, test_rule};
pub use spec::Example;

/// Every rule kind, with the keys it takes besides the common ones, in table order.
pub fn rule_kinds() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    compile::kinds().map(|&(name, keys, _)| (name, keys))
}

/// A compiled rule: metadata plus the code of its kind.
#[derive(Debug)]
pub struct Rule {
    /// `pack/name`.
    pub id: String,
    pub pack: String,
    pub name: String,
    pub kind: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    /// What to do about a finding without a fix.
    pub help: Option<String>,
    /// Whether the rule runs unless it is selected by its id (opt-in rules do not).
    pub enabled_by_default: bool,
    pub examples: Vec<Example>,
    pub check: Box<dyn Check>,
}

impl Rule {
    /// The description's first sentence, on one line: what `mtlint rules` shows.
    pub fn summary(&self) -> String {
        let flat = self.description.split_whitespace().collect::<Vec<_>>().join(" ");
        // The first full stop outside quotation marks that is followed by a space.
        let mut quote_depth = 0i32;
        let mut straight_open = false;
        let mut chars = flat.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '“' => quote_depth += 1,
                '”' => quote_depth -= 1,
                '"' => straight_open = !straight_open,
                '.' if quote_depth <= 0
                    && !straight_open
                    && chars.peek().is_some_and(|&(_, next)| next == ' ') =>
                {
                    return flat[..=i].to_string();
                }
                _ => {}
            }
        }
        flat
    }
}

/// Where a match was found by the shared prefilters: a literal of the rule or one of its
/// regexes, as a byte range of the document's matching text.
#[derive(Debug, Clone)]
pub struct Hit {
    pub index: usize,
    pub range: Range<usize>,
}

/// What a rule found, before the engine turns it into a [`Diagnostic`].
#[derive(Debug, Clone)]
pub struct Finding {
    /// Byte range of the original text.
    pub span: Range<usize>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
    /// Text for the `{detail}` placeholder of the rule's message, such as a code point's name.
    pub detail: Option<String>,
}

impl Finding {
    pub fn new(span: Range<usize>) -> Self {
        Finding { span, fix: None, related: Vec::new(), detail: None }
    }

    /// A finding whose fix replaces its whole span.
    pub fn replace(
        span: Range<usize>,
        matched: &str,
        replacement: String,
        applicability: Applicability,
    ) -> Self {
        // Put together by hand: `format!` costs several times as much, and a run on a large
        // archive builds millions of these.
        let (verb, object) = if replacement.is_empty() {
            ("remove `", matched)
        } else {
            ("replace with `", &*replacement)
        };
        let mut message = String::with_capacity(verb.len() + object.len() + 1);
        message.push_str(verb);
        message.push_str(object);
        message.push('`');
        let edits = vec![Edit { start: span.start, end: span.end, replacement }];
        Finding {
            span,
            fix: Some(Fix { applicability, message, edits }),
            related: Vec::new(),
            detail: None,
        }
    }
}

/// The code of a rule kind. Literal lists and regexes are matched for all rules at once by
/// the rule set; a kind receives its own hits, or scans the document itself.
pub trait Check: std::fmt::Debug + Send + Sync {
    /// Literal words and phrases matched by the shared automaton.
    fn literals(&self) -> &[Literal] {
        &[]
    }
    /// Regexes the engine matches for the rule; their hits go to `check_hits`.
    fn patterns(&self) -> &[Pattern] {
        &[]
    }
    /// Called with the word-bounded, non-overlapping hits of this rule's literals and regexes
    /// (regex hits have their index offset by the number of literals).
    fn check_hits(&self, _doc: &Document, _hits: &[Hit], _out: &mut Vec<Finding>) {}
    /// Called once per document for kinds that scan it themselves.
    fn check_document(&self, _doc: &Document, _out: &mut Vec<Finding>) {}
}

/// All enabled rules, with the literals of all of them, listed and those regexes start with,
/// in one automaton.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    literals: literals::LiteralIndex,
    /// Every regex of every rule: (rule index, the pattern's index within the rule).
    regex_owners: Vec<(usize, usize)>,
    /// The same regexes, in the same order, behind a shared start-literal scan.
    regexes: prefilter::RegexIndex,
}

impl RuleSet {
    pub fn new(rules: Vec<Rule>) -> Self {
        let literals = literals::LiteralIndex::new(&rules);
        let regex_owners = rules
            .iter()
            .enumerate()
            .flat_map(|(rule_index, rule)| {
                (0..rule.check.patterns().len()).map(move |i| (rule_index, i))
            })
            .collect::<Vec<_>>();
        let regexes = prefilter::RegexIndex::new(
            regex_owners.iter().map(|&(rule, pattern)| &rules[rule].check.patterns()[pattern]),
            literals.patterns(),
        );
        RuleSet { rules, literals, regex_owners, regexes }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn into_rules(self) -> Vec<Rule> {
        self.rules
    }

    /// Runs every rule over the document; diagnostics come sorted by position, then rule id.
    pub fn lint(&self, doc: &Document) -> Vec<Diagnostic> {
        self.lint_filtered(doc, |i| self.rules[i].enabled_by_default)
    }

    /// Runs the rules whose entry in `enabled` is true (one entry per rule, in order).
    pub fn lint_enabled(&self, doc: &Document, enabled: &[bool]) -> Vec<Diagnostic> {
        self.lint_filtered(doc, |i| enabled.get(i).copied().unwrap_or(false))
    }

    /// Runs one rule of the set alone (for its examples).
    pub fn lint_only(&self, doc: &Document, index: usize) -> Vec<Diagnostic> {
        self.lint_filtered(doc, |i| i == index)
    }

    fn lint_filtered(&self, doc: &Document, enabled: impl Fn(usize) -> bool) -> Vec<Diagnostic> {
        let mut hits_by_rule = self.scan(doc, &enabled);
        // Every rule's findings first, and then the diagnostics in a list of the size they
        // need: a block of a large file can have thousands, and a list grown as they come
        // copies them over and over.
        let mut found: Vec<(usize, Vec<Finding>)> = Vec::new();
        for (index, hits) in hits_by_rule.iter_mut().enumerate() {
            if enabled(index) {
                let mut findings = Vec::new();
                self.find(index, doc, hits, &mut findings);
                if !findings.is_empty() {
                    found.push((index, findings));
                }
            }
        }
        let mut diagnostics = Vec::with_capacity(found.iter().map(|(_, f)| f.len()).sum());
        for (index, findings) in found {
            let rule = &self.rules[index];
            diagnostics.extend(findings.into_iter().map(|f| to_diagnostic(rule, doc, f)));
        }
        finish(&mut diagnostics);
        diagnostics
    }

    /// Runs the enabled rules over several documents, one rule at a time across all of them,
    /// so that each rule's code and tables stay in the cache while it works; the diagnostics
    /// are those [`RuleSet::lint_enabled`] gives each document.
    pub fn lint_many(&self, docs: &[&Document], enabled: &[bool]) -> Vec<Vec<Diagnostic>> {
        let enabled = |i: usize| enabled.get(i).copied().unwrap_or(false);
        let mut hits: Vec<Vec<Vec<Hit>>> =
            docs.iter().map(|doc| self.scan(doc, &enabled)).collect();
        let mut diagnostics: Vec<Vec<Diagnostic>> = vec![Vec::new(); docs.len()];
        let mut findings = Vec::new();
        for index in 0..self.rules.len() {
            if !enabled(index) {
                continue;
            }
            for ((doc, hits), diagnostics) in docs.iter().zip(&mut hits).zip(&mut diagnostics) {
                self.run_rule(index, doc, &mut hits[index], &mut findings, diagnostics);
            }
        }
        for diagnostics in &mut diagnostics {
            finish(diagnostics);
        }
        diagnostics
    }

    /// The literal and regex hits of each rule in a document.
    fn scan(&self, doc: &Document, enabled: &impl Fn(usize) -> bool) -> Vec<Vec<Hit>> {
        let mut hits_by_rule: Vec<Vec<Hit>> = vec![Vec::new(); self.rules.len()];
        let text = doc.matching_text();
        // The literal scan reads the text with ASCII case folded (offsets stay the same).
        let folded = text.to_ascii_lowercase();
        let wanted = |owner: usize| enabled(self.regex_owners[owner].0);
        let mut regex_hits = Vec::new();
        let mut listed = Vec::new();
        let found = |owner, range| regex_hits.push((owner, range));
        self.regexes.find(text, &folded, wanted, found, &mut listed);
        // A rule's literal hits come before its regex hits.
        for (pattern, range) in listed {
            self.literals.add_hits(doc, pattern, range, &self.rules, &mut hits_by_rule);
        }
        for (owner, range) in regex_hits {
            let (rule_index, pattern_index) = self.regex_owners[owner];
            let offset = self.rules[rule_index].check.literals().len();
            hits_by_rule[rule_index].push(Hit { index: offset + pattern_index, range });
        }
        hits_by_rule
    }

    /// One rule over one document, its findings added to `diagnostics`.
    fn run_rule(
        &self,
        index: usize,
        doc: &Document,
        hits: &mut Vec<Hit>,
        findings: &mut Vec<Finding>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let rule = &self.rules[index];
        findings.clear();
        self.find(index, doc, hits, findings);
        diagnostics.extend(findings.drain(..).map(|f| to_diagnostic(rule, doc, f)));
    }

    /// The findings of one rule over one document, added to `findings`.
    fn find(&self, index: usize, doc: &Document, hits: &mut Vec<Hit>, findings: &mut Vec<Finding>) {
        let rule = &self.rules[index];
        if !hits.is_empty() {
            literals::keep_leftmost_longest(hits);
            rule.check.check_hits(doc, hits, findings);
        }
        rule.check.check_document(doc, findings);
    }
}

/// Diagnostics sorted by position, then rule id, without repeats.
fn finish(diagnostics: &mut Vec<Diagnostic>) {
    // Diagnostics are large, and a merge sort moves each several times: their order is
    // found on indices (stably), and then each is moved once.
    fn key(d: &Diagnostic) -> (usize, usize, &str) {
        (d.span.start, d.span.end, d.rule.as_str())
    }
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by(|&a, &b| key(&diagnostics[a]).cmp(&key(&diagnostics[b])));
    if order.iter().enumerate().any(|(position, &index)| position != index) {
        // Collected in place (an option of a diagnostic is the same size), so that each is
        // moved once, into the sorted list.
        let mut slots: Vec<Option<Diagnostic>> =
            std::mem::take(diagnostics).into_iter().map(Some).collect();
        *diagnostics = order.iter().map(|&i| slots[i].take().expect("each index once")).collect();
    }
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
}

fn to_diagnostic(rule: &Rule, doc: &Document, finding: Finding) -> Diagnostic {
    let matched = doc.slice(finding.span.clone()).to_string();
    let replacement = finding
        .fix
        .as_ref()
        .and_then(|fix| fix.edits.first())
        .map_or("", |edit| edit.replacement.as_str());
    let detail = finding.detail.as_deref().unwrap_or("");
    let message = expand_message(&rule.message, &matched, replacement, detail);
    // Rules report ranges of the prose; diagnostics carry ranges of the file as read.
    let mut fix = finding.fix;
    if let Some(fix) = &mut fix {
        for edit in &mut fix.edits {
            let range = doc.to_source(edit.start..edit.end);
            (edit.start, edit.end) = (range.start, range.end);
        }
    }
    let mut related = finding.related;
    for r in &mut related {
        r.span = doc.to_source(r.span.clone());
    }
    Diagnostic {
        rule: rule.id.clone(),
        category: rule.category,
        severity: rule.severity,
        message,
        span: doc.to_source(finding.span),
        matched,
        help: if fix.is_none() { rule.help.clone() } else { None },
        fix,
        related,
    }
}

/// A rule's message with `{match}`, `{replacement}` and `{detail}` filled in, in one pass:
/// text filled in is not read again for placeholders.
fn expand_message(template: &str, matched: &str, replacement: &str, detail: &str) -> String {
    let mut out = String::with_capacity(template.len() + matched.len());
    let mut rest = template;
    // A byte search: `str::find` with a `char` sets up a general searcher at each call, which
    // costs more than the search of a short template itself.
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let placeholders =
            [("{match}", matched), ("{replacement}", replacement), ("{detail}", detail)];
        match placeholders.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &rest[name.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The matched text of every finding of the rules of `pack` (a pack in TOML) on `text`.
#[cfg(test)]
pub(crate) fn matched_by_pack(pack: &str, text: &str) -> Vec<String> {
    let source = PackSource { path: "t.toml".into(), text: pack.into(), verify_examples: false };
    let (rules, errors) = load_packs(&[source]);
    assert!(errors.is_empty(), "{errors:?}");
    RuleSet::new(rules).lint(&Document::new(text)).into_iter().map(|d| d.matched).collect()
}

#[cfg(test)]
mod tests {
    use super::expand_message;

    #[test]
    fn messages_fill_each_placeholder_once() {
        assert_eq!(
            expand_message("`{match}` reads better as `{replacement}` ({detail})", "a", "b", "c"),
            "`a` reads better as `b` (c)"
        );
        // Filled-in text is not read again, and unknown braces stay as written.
        assert_eq!(
            expand_message("{match} → {replacement}", "{replacement}", "x", ""),
            "{replacement} → x"
        );
        assert_eq!(expand_message("{ {other} {match", "m", "r", "d"), "{ {other} {match");
        assert_eq!(expand_message("plain", "m", "r", "d"), "plain");
    }
}
