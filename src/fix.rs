//! Applying fixes: whole fixes that do not overlap, rounds of fix and re-lint until the text
//! settles, and atomic writes of the result.

use std::collections::BTreeSet;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// Applies the edits of the given fixes; a fix with an edit that overlaps one already taken
/// is skipped whole, so that no fix is half applied.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> String {
    apply_counting(text, fixes).0
}

/// [`apply_fixes`], also counting the fixes applied.
pub fn apply_counting<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let applied = apply_recording(text, fixes);
    (applied.text, applied.fixes)
}

/// What one application of fixes did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The text after the edits.
    pub text: String,
    /// Fixes applied whole.
    pub fixes: usize,
    /// The edits made, in ranges of the text they were applied to, ordered by position and
    /// not overlapping; every byte outside them is kept.
    pub edits: Vec<Edit>,
}

/// [`apply_fixes`], also returning the fixes applied and their edits.
pub fn apply_recording<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Applied {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.start, e.end)).min());
    let mut taken: Vec<&Edit> = Vec::new();
    // The ranges of the taken edits: they do not overlap, so ordered by start they are
    // ordered by end too, and an edit overlaps one of them exactly when it overlaps the last
    // that starts before it ends.
    let mut ranges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let overlaps_taken = |ranges: &BTreeSet<(usize, usize)>, e: &Edit| {
        ranges.range(..(e.end, 0)).next_back().is_some_and(|&(_, end)| end > e.start)
    };
    let mut applied = 0;
    for fix in fixes {
        let fits = fix.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && !overlaps_taken(&ranges, e)
                && fix
                    .edits
                    .iter()
                    .filter(|o| !std::ptr::eq(*o, e))
                    .all(|o| e.end <= o.start || o.end <= e.start)
        });
        if fits {
            taken.extend(fix.edits.iter());
            ranges.extend(fix.edits.iter().map(|e| (e.start, e.end)));
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in &taken {
        out.push_str(&text[cursor..edit.start]);
        out.push_str(&edit.replacement);
        cursor = edit.end;
    }
    out.push_str(&text[cursor..]);
    Applied { text: out, fixes: applied, edits: taken.into_iter().cloned().collect() }
}

/// What fixing a text came to.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    /// Fixes applied over all rounds.
    pub fixed: usize,
    pub rounds: usize,
    /// A limit stopped the loop before the text settled: the round limit, or a round that
    /// would have made the text longer than [`growth_limit`] allows.
    pub hit_limit: bool,
}

/// One round of [`fix_observing`]: the text it started from, the fixes offered for it, what
/// applying them did, and whether the result was kept as the text of the next round.
#[derive(Debug)]
pub struct Round<'a> {
    pub before: &'a str,
    pub offered: &'a [&'a Fix],
    pub applied: &'a Applied,
    pub kept: bool,
}

/// The longest text that fixing a text of `len` bytes may produce. Fixes correct slips and
/// barely change the length of a text; a rule whose replacement matches the rule again would
/// otherwise multiply the text with every round.
pub fn growth_limit(len: usize) -> usize {
    len.saturating_mul(4).saturating_add(4096)
}

/// Applies the fixes `lint` offers (safe ones, and unsafe ones when asked), lints the result
/// again and repeats until nothing changes or `max_rounds` is reached: fixes that overlapped in
/// one round get their turn in the next. A round that would make the text longer than
/// [`growth_limit`] allows is dropped and ends the loop.
pub fn fix_until_stable(
    text: &str,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
    include_unsafe: bool,
    max_rounds: usize,
) -> FixOutcome {
    fix_observing(text, lint, include_unsafe, max_rounds, |_| {})
}

/// [`fix_until_stable`], showing every round to `observe`.
pub fn fix_observing(
    text: &str,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
    include_unsafe: bool,
    max_rounds: usize,
    mut observe: impl FnMut(&Round<'_>),
) -> FixOutcome {
    let limit = growth_limit(text.len());
    let mut current = text.to_string();
    let mut fixed = 0;
    for round in 0..max_rounds {
        let diagnostics = lint(&current);
        let offered: Vec<&Fix> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| include_unsafe || f.applicability == Applicability::Safe)
            .collect();
        let applied = apply_recording(&current, offered.iter().copied());
        let settled = applied.fixes == 0 || applied.text == current;
        let outgrown = applied.text.len() > limit;
        let kept = !settled && !outgrown;
        observe(&Round { before: &current, offered: &offered, applied: &applied, kept });
        if !kept {
            return FixOutcome { text: current, fixed, rounds: round, hit_limit: !settled };
        }
        fixed += applied.fixes;
        current = applied.text;
    }
    FixOutcome { text: current, fixed, rounds: max_rounds, hit_limit: true }
}

/// Writes a file atomically: a new temporary file beside the target, flushed to disk, then
/// renamed over it, so readers see the old file or the new one and never half of either.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(std::path::Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("mtlint");
    for attempt in 0..100u32 {
        let temp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        drop(file);
        let renamed = written.and_then(|()| {
            // Keep the permissions of the file being replaced.
            if let Ok(meta) = std::fs::metadata(path) {
                std::fs::set_permissions(&temp, meta.permissions())?;
            }
            std::fs::rename(&temp, path)
        });
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        return renamed;
    }
    Err(std::io::Error::other("could not create a temporary file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Category;
    use crate::diagnostic::Severity;

    /// A rule that replaces every character with two, as a pack rule matching `.` could.
    fn doubling(text: &str) -> Vec<Diagnostic> {
        text.char_indices()
            .map(|(i, c)| Diagnostic {
                rule: "test/double".into(),
                category: Category::Style,
                severity: Severity::Warning,
                message: String::new(),
                span: i..i + c.len_utf8(),
                matched: c.to_string(),
                fix: Some(Fix {
                    applicability: Applicability::Safe,
                    message: String::new(),
                    edits: vec![Edit { start: i, end: i + c.len_utf8(), replacement: "ab".into() }],
                }),
                related: Vec::new(),
                help: None,
            })
            .collect()
    }

    #[test]
    fn a_fix_that_matches_its_own_replacement_stops_growing() {
        let text = "x".repeat(1000);
        let outcome = fix_until_stable(&text, doubling, false, 10);
        assert!(outcome.hit_limit);
        // 1000, 2000, 4000 and 8000 bytes fit under the limit of 8096; 16000 does not.
        assert_eq!(outcome.rounds, 3);
        assert_eq!(outcome.text.len(), 8000);
        assert_eq!(outcome.fixed, 1000 + 2000 + 4000);
    }

    /// [`apply_recording`] as it was first written: every edit compared with every edit taken.
    fn apply_by_comparing_all(text: &str, fixes: &[Fix]) -> (String, usize) {
        let mut fixes: Vec<&Fix> = fixes.iter().filter(|f| !f.edits.is_empty()).collect();
        fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.start, e.end)).min());
        let mut taken: Vec<&Edit> = Vec::new();
        let mut applied = 0;
        for fix in fixes {
            let fits = fix.edits.iter().enumerate().all(|(i, e)| {
                e.start <= e.end
                    && e.end <= text.len()
                    && text.is_char_boundary(e.start)
                    && text.is_char_boundary(e.end)
                    && taken.iter().all(|t| e.end <= t.start || t.end <= e.start)
                    && fix
                        .edits
                        .iter()
                        .enumerate()
                        .all(|(j, o)| i == j || e.end <= o.start || o.end <= e.start)
            });
            if fits {
                taken.extend(fix.edits.iter());
                applied += 1;
            }
        }
        taken.sort_by_key(|e| (e.start, e.end));
        let mut out = String::new();
        let mut cursor = 0;
        for edit in taken {
            out.push_str(&text[cursor..edit.start]);
            out.push_str(&edit.replacement);
            cursor = edit.end;
        }
        out.push_str(&text[cursor..]);
        (out, applied)
    }

    fn fix_of(edits: Vec<(usize, usize, &str)>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            message: String::new(),
            edits: edits
                .into_iter()
                .map(|(start, end, r)| Edit { start, end, replacement: r.to_string() })
                .collect(),
        }
    }

    proptest::proptest! {
        /// Fixes with one or more edits, empty ones, overlapping ones and ones off the text
        /// or inside a character are applied as comparing every pair of edits would.
        #[test]
        fn overlaps_are_found_as_by_comparing_all_edits(
            fixes in proptest::collection::vec(
                proptest::collection::vec((0usize..14, 0usize..4, 0usize..3), 1..4),
                0..12,
            )
        ) {
            let text = "aé bc\u{301}d ef";
            let fixes: Vec<Fix> = fixes
                .into_iter()
                .map(|edits| {
                    let edits = edits
                        .into_iter()
                        .map(|(start, len, r)| (start, start + len, ["", "x", "yz"][r]))
                        .collect();
                    fix_of(edits)
                })
                .collect();
            let applied = apply_recording(text, &fixes);
            proptest::prop_assert_eq!(
                (applied.text, applied.fixes),
                apply_by_comparing_all(text, &fixes)
            );
        }
    }

    #[test]
    fn many_fixes_apply_quickly() {
        let text = "ab".repeat(100_000);
        let fixes: Vec<Fix> = (0..100_000).map(|i| fix_of(vec![(2 * i, 2 * i + 1, "x")])).collect();
        let started = std::time::Instant::now();
        let applied = apply_recording(&text, &fixes);
        assert_eq!(applied.fixes, 100_000);
        assert_eq!(applied.text, "xb".repeat(100_000));
        // Comparing each edit with every edit taken before took minutes here.
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    }

    #[test]
    fn rounds_are_shown_with_their_edits() {
        let mut seen = Vec::new();
        let outcome = fix_observing("xy", doubling, false, 2, |round| {
            seen.push((round.before.to_string(), round.applied.edits.len(), round.kept));
        });
        assert_eq!(outcome.text, "abababab");
        assert!(outcome.hit_limit);
        assert_eq!(seen, [("xy".to_string(), 2, true), ("abab".to_string(), 4, true)]);
    }
}
