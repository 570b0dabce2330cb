//! `cargo bench`: linting articles with the default packs, loading the packs, fixing one article.

mod common;

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use mtlint::Document;
use mtlint::fix::fix_until_stable;
use mtlint::rules::{RuleSet, builtin_sources, load_packs};

fn main() {
    divan::main();
}

/// The built-in packs, loaded once for the benchmarks that lint.
static RULES: LazyLock<RuleSet> = LazyLock::new(load_builtin);

fn load_builtin() -> RuleSet {
    let (rules, errors) = load_packs(&builtin_sources());
    assert!(errors.is_empty(), "a built-in pack failed to load: {errors:?}");
    RuleSet::new(rules)
}

/// Builds the document model of one plain-text article and runs every default rule on it.
#[divan::bench(args = [common::SMALL, common::MEDIUM, common::LARGE])]
fn lint_article(bencher: Bencher, size: usize) {
    let text = common::article(common::SEED, size);
    let rules = &*RULES;
    bencher
        .counter(BytesCount::of_str(&text))
        .counter(ItemsCount::new(1usize))
        .bench(|| rules.lint(&Document::new(divan::black_box(text.as_str()))));
}

/// Parses and compiles the built-in packs and builds the rule set: the start-up of a run.
#[divan::bench]
fn load_packs_builtin() -> RuleSet {
    load_builtin()
}

/// `--fix` on one article: rounds of lint and fix until the text settles.
#[divan::bench]
fn fix_article(bencher: Bencher) {
    let text = common::article(common::SEED, common::MEDIUM);
    let rules = &*RULES;
    let outcome = fix_until_stable(&text, |t| rules.lint(&Document::new(t)), false, 10);
    assert!(outcome.fixed > 0 && !outcome.hit_limit, "the article should have fixes");
    bencher.counter(BytesCount::of_str(&text)).counter(ItemsCount::new(1usize)).bench(|| {
        fix_until_stable(divan::black_box(&text), |t| rules.lint(&Document::new(t)), false, 10)
    });
}
