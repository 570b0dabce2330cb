//! Applying fixes: whole fixes that do not overlap, rounds of fix and re-lint until the text
//! settles, and atomic writes of the result.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// Applies the edits of the given fixes; a fix with an edit that overlaps one already taken
/// is skipped whole, so that no fix is half applied.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> String {
    apply_counting(text, fixes).0
}

/// [`apply_fixes`], also counting the fixes applied.
pub fn apply_counting<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.start, e.end)).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let fits = fix.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && taken.iter().all(|t| e.end <= t.start || t.end <= e.start)
                && fix
                    .edits
                    .iter()
                    .filter(|o| !std::ptr::eq(*o, e))
                    .all(|o| e.end <= o.start || o.end <= e.start)
        });
        if fits {
            taken.extend(fix.edits.iter());
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in taken {
        out.push_str(&text[cursor..edit.start]);
        out.push_str(&edit.replacement);
        cursor = edit.end;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// What fixing a text came to.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    /// Fixes applied over all rounds.
    pub fixed: usize,
    pub rounds: usize,
    /// The round limit stopped the loop before the text settled.
    pub hit_limit: bool,
}

/// Applies the fixes `lint` offers (safe ones, and unsafe ones when asked), lints the result
/// again and repeats until nothing changes or `max_rounds` is reached: fixes that overlapped in
/// one round get their turn in the next.
pub fn fix_until_stable(
    text: &str,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
    include_unsafe: bool,
    max_rounds: usize,
) -> FixOutcome {
    let mut current = text.to_string();
    let mut fixed = 0;
    for round in 0..max_rounds {
        let diagnostics = lint(&current);
        let fixes = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| include_unsafe || f.applicability == Applicability::Safe);
        let (next, applied) = apply_counting(&current, fixes);
        if applied == 0 || next == current {
            return FixOutcome { text: current, fixed, rounds: round, hit_limit: false };
        }
        fixed += applied;
        current = next;
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
