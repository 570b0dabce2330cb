//! `mtlint rules`, `mtlint explain` and `mtlint test-rules`.

use std::io::Write;
use std::path::PathBuf;

use mtlint::rules::{PackSource, RuleSet, builtin_sources, load_packs, test_rule};

use super::args::{ColorChoice, RulePackArgs};
use super::check::load_rule_set;
use super::output;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

pub fn list(packs: &RulePackArgs) -> std::io::Result<u8> {
    let mut err = output::stderr(ColorChoice::Auto);
    let (rules, failed) = load_rule_set(packs, &mut err)?;
    let mut out = std::io::stdout().lock();
    let id_width = rules.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    let category_width = rules.rules().iter().map(|r| r.category.as_str().len()).max().unwrap_or(0);
    for rule in rules.rules() {
        let mut summary = rule.summary();
        if !rule.enabled_by_default {
            summary.push_str(" (opt-in: select it by its id)");
        }
        writeln!(
            out,
            "{:id_width$}  {:category_width$}  {:7}  {summary}",
            rule.id,
            rule.category.as_str(),
            rule.severity.as_str(),
        )?;
    }
    out.flush()?;
    Ok(if failed { EXIT_ERROR } else { EXIT_CLEAN })
}

pub fn explain(id: &str, packs: &RulePackArgs) -> std::io::Result<u8> {
    let mut err = output::stderr(ColorChoice::Auto);
    let (rules, failed) = load_rule_set(packs, &mut err)?;
    let Some(rule) = rules.get(id) else {
        let hint =
            suggestion(&rules, id).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
        output::plain(
            &mut err,
            "error",
            &format!("no rule `{id}`{hint}; `mtlint rules` lists them"),
        )?;
        return Ok(EXIT_ERROR);
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", rule.id)?;
    writeln!(
        out,
        "  kind: {}   category: {}   severity: {}",
        rule.kind, rule.category, rule.severity
    )?;
    writeln!(out)?;
    for line in rule.description.lines() {
        writeln!(out, "{line}")?;
    }
    if let Some(help) = &rule.help {
        writeln!(out, "\nHelp: {help}")?;
    }
    let (firing, silent): (Vec<_>, Vec<_>) =
        rule.examples.iter().partition(|e| !e.expect.is_empty());
    if !firing.is_empty() {
        writeln!(out, "\nFlags:")?;
        for example in firing {
            writeln!(out, "  {}", one_line(&example.text))?;
            writeln!(out, "      matches {}", quoted_list(&example.expect))?;
            if let Some(fixed) = &example.fixed {
                writeln!(out, "      fixed:  {}", one_line(fixed))?;
            }
        }
    }
    if !silent.is_empty() {
        writeln!(out, "\nLeaves alone:")?;
        for example in silent {
            writeln!(out, "  {}", one_line(&example.text))?;
        }
    }
    out.flush()?;
    Ok(if failed { EXIT_ERROR } else { EXIT_CLEAN })
}

pub fn test_rules(paths: &[PathBuf]) -> std::io::Result<u8> {
    let mut err = output::stderr(ColorChoice::Auto);
    let mut sources = Vec::new();
    let mut failed_to_load = false;
    if paths.is_empty() {
        sources = builtin_sources();
    }
    for path in paths {
        match PackSource::read(path) {
            Ok(found) => sources.extend(found),
            Err(error) => {
                output::pack_error(&mut err, &error)?;
                failed_to_load = true;
            }
        }
    }
    // Examples are run here one by one, so that every failure is reported, not only the first.
    for source in &mut sources {
        source.verify_examples = false;
    }
    let (rules, errors) = load_packs(&sources);
    for error in &errors {
        output::pack_error(&mut err, error)?;
    }
    let set = RuleSet::new(rules);
    let mut out = std::io::stdout().lock();
    let (mut passed, mut failed) = (0, 0);
    for (index, rule) in set.rules().iter().enumerate() {
        let failures = test_rule(&set, index);
        let examples = rule.examples.len();
        let failing_examples = failures.iter().filter(|f| f.example.is_some()).count();
        passed += examples - failing_examples;
        failed += failures.len();
        if failures.is_empty() {
            writeln!(out, "ok    {} ({examples} examples)", rule.id)?;
            continue;
        }
        writeln!(out, "FAIL  {}", rule.id)?;
        for failure in failures {
            match failure.example {
                Some(i) => writeln!(
                    out,
                    "      example {}: {}\n        text: {}",
                    i + 1,
                    failure.problem,
                    one_line(&failure.text)
                )?,
                None => writeln!(out, "      {}", failure.problem)?,
            }
        }
    }
    writeln!(out, "examples: {passed} passed, {failed} failed")?;
    out.flush()?;
    Ok(if failed_to_load || !errors.is_empty() {
        EXIT_ERROR
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn one_line(text: &str) -> String {
    text.replace('\n', "⏎")
}

fn quoted_list(items: &[String]) -> String {
    items.iter().map(|s| format!("`{}`", one_line(s))).collect::<Vec<_>>().join(", ")
}

/// The rule id closest to a mistyped one: same name in another pack, or a shared prefix.
fn suggestion<'a>(rules: &'a RuleSet, id: &str) -> Option<&'a str> {
    let name = id.rsplit('/').next().unwrap_or(id);
    rules
        .rules()
        .iter()
        .find(|r| r.name == name || r.id.starts_with(id) || id.starts_with(&r.id))
        .map(|r| r.id.as_str())
}
