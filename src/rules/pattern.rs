//! A rule's regex, checked when its pack loads and compiled the first time it is needed:
//! most regexes of the built-in packs never meet a text they could match, and compiling all
//! of them would dominate the start-up of a one-article run.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use super::prefilter::{self, Analysis};

#[derive(Debug)]
pub struct Pattern {
    /// The pattern as the pack wrote it.
    body: String,
    /// Whether case is ignored: the regex is then `(?i:body)`.
    ignorecase: bool,
    source: String,
    compiled: OnceLock<Regex>,
    /// Where the regex can match, for the rule set's shared scan: worked out at build time for
    /// the regexes of the built-in packs, on first use for others.
    analysis: OnceLock<Cow<'static, Analysis>>,
}

impl Pattern {
    /// A pattern compiled now, so that every error (a compiled size over the limit included)
    /// shows while its pack loads: for packs from users.
    pub fn checked(body: String, ignorecase: bool) -> Result<Self, String> {
        let pattern = Pattern::trusted(body, ignorecase);
        let regex = Regex::new(&pattern.source).map_err(|err| err.to_string())?;
        let _ = pattern.compiled.set(regex);
        Ok(pattern)
    }

    /// A pattern compiled on first use, for the built-in packs, whose patterns the test suite
    /// compiles.
    pub fn trusted(body: String, ignorecase: bool) -> Self {
        let source = if ignorecase { format!("(?i:{body})") } else { body.clone() };
        Pattern { body, ignorecase, source, compiled: OnceLock::new(), analysis: OnceLock::new() }
    }

    /// The full pattern, case flag included.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The pattern without the case flag the rule applies to it.
    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn ignorecase(&self) -> bool {
        self.ignorecase
    }

    pub(super) fn analysis(&self) -> &Analysis {
        self.analysis.get_or_init(|| {
            match prefilter::builtin_analysis(&self.body, self.ignorecase) {
                Some(analysis) => Cow::Borrowed(analysis),
                None => Cow::Owned(prefilter::analyze(&self.body, self.ignorecase)),
            }
        })
    }

    /// The compiled regex. A built-in pattern that failed to compile would match nothing;
    /// the test suite makes sure none does.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(&self.source).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("valid"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_patterns_fail_at_once_and_trusted_ones_compile_later() {
        let error = Pattern::checked("(unclosed".into(), false).unwrap_err();
        assert!(error.contains("unclosed group"), "{error}");
        assert!(Pattern::checked(r"\w{1000}{1000}".into(), false).is_err());
        let pattern = Pattern::trusted(r"\d+ years".into(), true);
        assert!(pattern.compiled.get().is_none());
        assert!(pattern.regex().is_match("12 YEARS"));
        assert_eq!(pattern.as_str(), r"(?i:\d+ years)");
        assert_eq!(pattern.body(), r"\d+ years");
    }
}
