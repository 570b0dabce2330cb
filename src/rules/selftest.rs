//! Rule examples as tests: every rule must fire on its positive examples (with exactly the
//! expected matches and fixes) and stay silent on its negative ones.

use super::compile::Compiler;
use super::spec::RuleSpec;
use super::{PackError, Rule, RuleSet};
use crate::document::Document;
use crate::fix::apply_fixes;

/// One example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    /// Index of the example in the rule's list; `None` for a rule that lacks a kind of example.
    pub example: Option<usize>,
    pub text: String,
    pub problem: String,
}

/// Runs the examples of the rule at `index` of `set`, in isolation from the other rules.
pub fn test_rule(set: &RuleSet, index: usize) -> Vec<ExampleFailure> {
    let rule = &set.rules()[index];
    let mut failures = Vec::new();
    let failure = |example: Option<usize>, text: &str, problem: String| ExampleFailure {
        rule: rule.id.clone(),
        example,
        text: text.to_string(),
        problem,
    };
    if !rule.examples.iter().any(|e| !e.expect.is_empty()) {
        failures.push(failure(None, "", "no example that must fire (`expect = [...]`)".into()));
    }
    if !rule.examples.iter().any(|e| e.expect.is_empty()) {
        failures.push(failure(None, "", "no example that must not fire".into()));
    }
    for (i, example) in rule.examples.iter().enumerate() {
        let doc = Document::new(example.text.clone());
        let diagnostics = set.lint_only(&doc, index);
        let found: Vec<&str> = diagnostics.iter().map(|d| d.matched.as_str()).collect();
        if found != example.expect {
            let problem = if example.expect.is_empty() {
                format!("must not fire, but matched {found:?}")
            } else {
                format!("expected {:?}, found {found:?}", example.expect)
            };
            failures.push(failure(Some(i), &example.text, problem));
            continue;
        }
        if let Some(fixed) = &example.fixed {
            let result = apply_fixes(doc.text(), diagnostics.iter().filter_map(|d| d.fix.as_ref()));
            if &result != fixed {
                failures.push(failure(
                    Some(i),
                    &example.text,
                    format!("fixed text should be {fixed:?}, got {result:?}"),
                ));
            }
        }
    }
    failures
}

/// Checks a freshly compiled rule's examples; the first failure becomes a load error that
/// points at the example in the pack.
pub fn verify(compiler: &Compiler, spec: &RuleSpec, rule: Rule) -> Result<Rule, PackError> {
    let set = RuleSet::new(vec![rule]);
    let failures = test_rule(&set, 0);
    if let Some(failure) = failures.into_iter().next() {
        let span = match failure.example {
            Some(i) => spec.examples.get_ref()[i].span(),
            None => spec.name.span(),
        };
        return Err(compiler
            .error(format!("example of `{}` fails", failure.rule))
            .at(span, failure.problem));
    }
    Ok(set.into_rules().pop().expect("one rule"))
}
