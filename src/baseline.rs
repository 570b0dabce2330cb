//! Baselines: record today's findings so that later runs report only new ones. An entry is
//! keyed on the path, the rule and a fingerprint of the matched text with a little context,
//! so it survives edits elsewhere in the file.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::render::sarif::fingerprint;

const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    /// Kept for people reading the file; the fingerprint is what matches.
    matched: String,
    fingerprint: String,
    /// How many findings share this key.
    count: usize,
}

/// Known findings, counted by (path, rule, fingerprint).
#[derive(Debug, Default)]
pub struct Baseline {
    remaining: HashMap<(String, String, String), usize>,
    /// Entries in the order they were recorded, for writing.
    entries: Vec<Entry>,
}

impl Baseline {
    /// Records the diagnostics of one file.
    pub fn record(&mut self, path: &str, doc: &Document, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            let fp = fingerprint(&d.rule, &d.matched, doc.source(), &d.span);
            let key = (path.to_string(), d.rule.clone(), fp.clone());
            let count = self.remaining.entry(key).or_insert(0);
            *count += 1;
            if *count == 1 {
                self.entries.push(Entry {
                    path: path.to_string(),
                    rule: d.rule.clone(),
                    matched: d.matched.clone(),
                    fingerprint: fp,
                    count: 0,
                });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.remaining.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes the diagnostics the baseline already knows; each entry absorbs as many
    /// findings as it recorded.
    pub fn filter(&mut self, path: &str, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| {
            let fp = fingerprint(&d.rule, &d.matched, doc.source(), &d.span);
            match self.remaining.get_mut(&(path.to_string(), d.rule.clone(), fp)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: BaselineFile =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if file.version != FORMAT_VERSION {
            return Err(format!(
                "{}: baseline format version {} is not supported (expected {FORMAT_VERSION})",
                path.display(),
                file.version
            ));
        }
        let mut baseline = Baseline::default();
        for entry in file.entries {
            let key = (entry.path.clone(), entry.rule.clone(), entry.fingerprint.clone());
            *baseline.remaining.entry(key).or_insert(0) += entry.count;
            baseline.entries.push(entry);
        }
        Ok(baseline)
    }

    /// Writes the baseline atomically: a temporary file beside the target, then a rename.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .map(|e| {
                let key = (e.path.clone(), e.rule.clone(), e.fingerprint.clone());
                Entry { count: self.remaining[&key], ..e.clone() }
            })
            .collect();
        let file = BaselineFile { version: FORMAT_VERSION, entries };
        let json = serde_json::to_string_pretty(&file).expect("baselines serialize");
        crate::fix::write_atomically(path, format!("{json}\n").as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Category, Severity};

    fn doubled(text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic {
            rule: "core/doubled-word".into(),
            category: Category::Repetition,
            severity: Severity::Warning,
            message: String::new(),
            span: start..start + needle.len(),
            matched: needle.into(),
            fix: None,
            related: Vec::new(),
            help: None,
        }
    }

    #[test]
    fn known_findings_survive_edits_elsewhere() {
        let old = "It was the the end.\n";
        let mut baseline = Baseline::default();
        baseline.record("a.txt", &Document::new(old), &[doubled(old, "the the")]);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        baseline.write(&file).unwrap();
        let mut loaded = Baseline::load(&file).unwrap();
        assert_eq!(loaded.len(), 1);

        let new = "A new opening paragraph.\n\nIt was the the end.\nThen to to the pier.\n";
        let mut found = vec![doubled(new, "the the"), doubled(new, "to to")];
        loaded.filter("a.txt", &Document::new(new), &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].matched, "to to");
    }

    #[test]
    fn bad_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        std::fs::write(&file, "{\"version\": 9, \"entries\": []}").unwrap();
        assert!(Baseline::load(&file).unwrap_err().contains("version 9"));
        std::fs::write(&file, "not json").unwrap();
        assert!(Baseline::load(&file).is_err());
    }
}
