//! Fuzzing with proptest: random rule packs (random kinds, keys, regexes, literal lists,
//! examples, severities and categories, sometimes broken TOML or raw bytes) and random bytes
//! as documents go through loading, decoding, linting in every format and fixing. Nothing may
//! panic, load and decode errors must be errors, and every span and fix edit must lie on
//! character boundaries of the text. `PROPTEST_CASES` sets the number of cases.

mod common;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Options, Tally, article_text, exercise, run};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestRunner};

/// Cases when `PROPTEST_CASES` is not set: about half a minute of a debug build.
const DEFAULT_CASES: u32 = 800;

/// A case that runs longer than this (in a debug build) counts as a hang: the input is
/// printed and the test aborted.
const HANG: Duration = Duration::from_secs(60);

/// The case being run, for the watchdog: when it started, and the case.
type Running = Mutex<Option<(Instant, Case)>>;

/// One fuzz case.
#[derive(Debug, Clone)]
enum Case {
    /// Bytes that drive the pack generator, and the bytes of a document.
    Drawn { pack_data: Vec<u8>, document: Vec<u8> },
    /// One pack as raw TOML with the options byte of `Options::from_byte` (bit 4: run the
    /// pack's examples), and the bytes of a document.
    Raw { options: u8, pack: Vec<u8>, document: Vec<u8> },
}

/// A built-in pack with a few bytes set, deleted or inserted.
fn mutated_builtin_pack() -> impl Strategy<Value = Vec<u8>> {
    let change = (any::<prop::sample::Index>(), 0..3u8, any::<u8>());
    (prop::sample::select(mtlint::rules::BUILTIN_PACKS), prop::collection::vec(change, 1..4))
        .prop_map(|((_, text), changes)| {
            let mut bytes = text.as_bytes().to_vec();
            for (at, how, byte) in changes {
                let at = at.index(bytes.len());
                match how {
                    0 => bytes[at] = byte,
                    1 => drop(bytes.remove(at)),
                    _ => bytes.insert(at, byte),
                }
            }
            bytes
        })
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        7 => (prop::collection::vec(any::<u8>(), 0..600), document_bytes())
            .prop_map(|(pack_data, document)| Case::Drawn { pack_data, document }),
        1 => (any::<u8>(), mutated_builtin_pack(), document_bytes())
            .prop_map(|(options, pack, document)| Case::Raw { options, pack, document }),
    ]
}

/// The bytes of a document: random bytes, article-like text, or such text with bytes
/// overwritten (mostly no longer UTF-8).
fn document_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        article_text().prop_map(String::into_bytes),
        (article_text(), prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4))
            .prop_map(|(text, changes)| {
                let mut bytes = text.into_bytes();
                if !bytes.is_empty() {
                    for (at, byte) in changes {
                        let at = at.index(bytes.len());
                        bytes[at] = byte;
                    }
                }
                bytes
            }),
    ]
}

#[test]
fn random_packs_and_random_bytes() {
    let cases =
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    let config = ProptestConfig {
        cases,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let executions = AtomicUsize::new(0);
    let total = Mutex::new(Tally::default());
    let running: Running = Mutex::new(None);
    let finished = AtomicBool::new(false);
    let started = Instant::now();
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                if let Some((since, case)) = &*running.lock().unwrap()
                    && since.elapsed() > HANG
                {
                    eprintln!("a case ran for over {HANG:?}: {case:?}");
                    std::process::abort();
                }
            }
        });
        let result = runner.run(&case(), |case| {
            executions.fetch_add(1, Ordering::Relaxed);
            *running.lock().unwrap() = Some((Instant::now(), case.clone()));
            let tally = match case {
                Case::Drawn { pack_data, document } => exercise(&pack_data, &document),
                Case::Raw { options, pack, document } => {
                    run(Options::from_byte(options), vec![(pack, options & 16 != 0)], &document)
                }
            };
            *running.lock().unwrap() = None;
            *total.lock().unwrap() += tally;
            Ok(())
        });
        finished.store(true, Ordering::Relaxed);
        result
    });
    let total = *total.lock().unwrap();
    eprintln!(
        "fuzz: {} executions ({cases} cases) in {:.1} s: {} packs loaded with {} rules, {} pack \
         errors, {} documents rejected, {} findings, {} fixes applied",
        executions.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
        total.packs,
        total.rules,
        total.pack_errors,
        total.texts_rejected,
        total.findings,
        total.fixes,
    );
    if let Err(error) = result {
        panic!("{error}");
    }
    // The generators must reach what they are meant to reach.
    assert!(total.rules > 0 && total.pack_errors > 0 && total.texts_rejected > 0);
    assert!(total.findings > 0 && total.fixes > 0);
}

/// A pack rule whose replacement matches the rule again multiplied the text with every fix
/// round, so that ten rounds of a short article ran for minutes: the loop now stops when the
/// text outgrows its limit.
#[test]
fn a_fix_that_feeds_itself_stops() {
    let pack = r#"
[pack]
name = "fuzz"
description = "grows"

[[rule]]
name = "every-character"
kind = "existence"
category = "style"
message = "{match}"
description = "Replaces every character with seven."
examples = []
patterns = ["."]
fix = "safe"
replacement = "\uFFFD\uFFFD\uFFFD\b\uFFFD\u0015 "
"#;
    let source = mtlint::rules::PackSource {
        path: "grows.toml".into(),
        text: pack.into(),
        verify_examples: false,
    };
    let (rules, errors) = mtlint::rules::load_packs(&[source]);
    assert!(errors.is_empty(), "{errors:?}");
    let rules = mtlint::rules::RuleSet::new(rules);
    let text = "The the ferry could of left Київ at dawn.\r\n".repeat(5);
    let lint = |t: &str| rules.lint(&mtlint::Document::new(t.to_string()));
    let started = Instant::now();
    let outcome = common::fix_checked(&text, lint, false, 10);
    assert!(outcome.hit_limit);
    assert!(outcome.text.len() <= mtlint::fix::growth_limit(text.len()));
    assert!(outcome.rounds < 10, "{}", outcome.rounds);
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

/// Inputs that made the cargo-fuzz target (`fuzz/`) fail, run again the way it runs them.
#[test]
fn inputs_found_by_cargo_fuzz() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        eprintln!("{}", input.display());
        common::exercise_bytes(&std::fs::read(&input).unwrap());
    }
}
