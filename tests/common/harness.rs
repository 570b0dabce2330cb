//! Checks of what the rules report and of fixing: diagnostics within the text, and fixing
//! round by round with every round's edits checked.

use mtlint::document::InputFormat;
use mtlint::fix::{Applied, FixOutcome, fix_observing, growth_limit};
use mtlint::rules::{RuleSet, builtin_sources, load_packs};
use mtlint::{Applicability, Diagnostic, Document, Edit, Fix};

pub const FORMATS: [InputFormat; 3] = [InputFormat::Text, InputFormat::Markdown, InputFormat::Html];

/// The built-in rules, loaded once.
pub fn builtin() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let (rules, errors) = load_packs(&builtin_sources());
        assert!(errors.is_empty(), "{errors:?}");
        RuleSet::new(rules)
    })
}

/// Every span, related span and fix edit lies within `text` and on its character boundaries.
pub fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    let on_boundaries = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for d in diagnostics {
        assert!(on_boundaries(d.span.start, d.span.end), "span of {d:?} in {text:?}");
        for edit in d.fix.iter().flat_map(|f| f.edits.iter()) {
            assert!(on_boundaries(edit.start, edit.end), "edit of {d:?} in {text:?}");
        }
        for r in &d.related {
            assert!(on_boundaries(r.span.start, r.span.end), "related span of {d:?} in {text:?}");
        }
    }
}

fn overlap(a: &Edit, b: &Edit) -> bool {
    !(a.end <= b.start || b.end <= a.start)
}

fn valid_in(text: &str, e: &Edit) -> bool {
    e.start <= e.end
        && e.end <= text.len()
        && text.is_char_boundary(e.start)
        && text.is_char_boundary(e.end)
}

/// Checks one application of fixes: the edits applied come from the offered fixes, whole
/// fixes only, none overlapping; a fix left out clashes with what was applied; and every byte
/// of `before` outside the edits is in `applied.text`, in order, with each edit's replacement
/// between them.
pub fn check_round(before: &str, offered: &[&Fix], applied: &Applied) {
    let edits = &applied.edits;
    for pair in edits.windows(2) {
        assert!(pair[0].end <= pair[1].start, "edits out of order or overlapping: {pair:?}");
    }
    for e in edits {
        assert!(valid_in(before, e), "edit {e:?} not on boundaries of {before:?}");
        assert!(offered.iter().any(|f| f.edits.contains(e)), "edit {e:?} was not offered");
    }
    assert_eq!(edits.is_empty(), applied.fixes == 0);
    assert!(applied.fixes <= edits.len());
    let mut whole = 0;
    for fix in offered.iter().filter(|f| !f.edits.is_empty()) {
        let taken = fix.edits.iter().filter(|e| edits.contains(e)).count();
        if taken == fix.edits.len() {
            whole += 1;
            continue;
        }
        assert_eq!(taken, 0, "fix half applied: {fix:?}");
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            !valid_in(before, e)
                || edits.iter().any(|t| overlap(e, t))
                || fix.edits.iter().enumerate().any(|(j, o)| i != j && overlap(e, o))
        });
        assert!(clashes, "fix left out though nothing clashes with it: {fix:?}");
    }
    assert!(applied.fixes <= whole);

    let (old, new) = (before.as_bytes(), applied.text.as_bytes());
    let (mut from, mut to) = (0, 0);
    for e in edits {
        let kept = &old[from..e.start];
        assert_eq!(new.get(to..to + kept.len()), Some(kept), "bytes before {e:?} changed");
        to += kept.len();
        let put = e.replacement.as_bytes();
        assert_eq!(new.get(to..to + put.len()), Some(put), "replacement of {e:?} misplaced");
        to += put.len();
        from = e.end;
    }
    assert_eq!(&new[to.min(new.len())..], &old[from..], "bytes after the last edit changed");
    assert_eq!(new.len() - to, old.len() - from);
}

/// Fixes `text` with [`mtlint::fix::fix_observing`], checking every diagnostic of every round,
/// every round with [`check_round`] and, over all rounds, that each byte of `text` is either
/// still in the result, unchanged and in order, or lay inside an edit of some round.
pub fn fix_checked(
    text: &str,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
    include_unsafe: bool,
    max_rounds: usize,
) -> FixOutcome {
    // For each byte of the current text, the byte of `text` it is, if it is one.
    let mut origin: Vec<Option<usize>> = (0..text.len()).map(Some).collect();
    let mut edited = vec![false; text.len()];
    let mut current = text.to_string();
    let mut fixed = 0;
    let checked_lint = |t: &str| {
        let diagnostics = lint(t);
        check_diagnostics(t, &diagnostics);
        diagnostics
    };
    let outcome = fix_observing(text, checked_lint, include_unsafe, max_rounds, |round| {
        assert_eq!(round.before, current, "a round did not start from the text of the last");
        let applied = round.applied;
        check_round(round.before, round.offered, applied);
        if !round.kept {
            return;
        }
        let mut next_origin = Vec::with_capacity(applied.text.len());
        let mut from = 0;
        for e in &applied.edits {
            next_origin.extend_from_slice(&origin[from..e.start]);
            for i in origin[e.start..e.end].iter().flatten() {
                edited[*i] = true;
            }
            next_origin.extend(std::iter::repeat_n(None, e.replacement.len()));
            from = e.end;
        }
        next_origin.extend_from_slice(&origin[from..]);
        origin = next_origin;
        fixed += applied.fixes;
        current = applied.text.clone();
    });
    assert_eq!(outcome.text, current);
    assert_eq!(outcome.fixed, fixed);
    assert!(outcome.text.len() <= growth_limit(text.len()));

    assert_eq!(origin.len(), current.len());
    let mut kept = vec![false; text.len()];
    let mut last = None;
    for (byte, from) in current.bytes().zip(&origin) {
        let Some(i) = *from else { continue };
        assert_eq!(byte, text.as_bytes()[i], "byte {i} of the original changed");
        assert!(last < Some(i), "bytes of the original out of order");
        last = Some(i);
        kept[i] = true;
    }
    for i in 0..text.len() {
        assert!(kept[i] != edited[i], "byte {i} of the original both kept and edited, or lost");
    }
    outcome
}

/// Safe fixes the rules still offer for `text`.
pub fn safe_fixes_left(rules: &RuleSet, text: &str, format: InputFormat) -> Vec<Diagnostic> {
    let diagnostics = rules.lint(&Document::with_format(text.to_string(), format));
    diagnostics
        .into_iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
        .collect()
}
