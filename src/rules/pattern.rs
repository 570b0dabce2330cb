//! A rule's regex, checked when its pack loads and compiled the first time it is needed:
//! most regexes of the built-in packs never meet a text they could match, and compiling all
//! of them would dominate the start-up of a one-article run.

use std::sync::OnceLock;

use regex::Regex;

#[derive(Debug)]
pub struct Pattern {
    source: String,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// A pattern whose syntax is checked now and which compiles on first use.
    pub fn lazy(source: String) -> Result<Self, String> {
        regex_syntax::parse(&source).map_err(|err| err.to_string())?;
        Ok(Pattern { source, compiled: OnceLock::new() })
    }

    /// A pattern compiled now, so that every error (a compiled size over the limit
    /// included) shows while its pack loads.
    pub fn eager(source: String) -> Result<Self, String> {
        let regex = Regex::new(&source).map_err(|err| err.to_string())?;
        Ok(Pattern { source, compiled: OnceLock::from(regex) })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex. A pattern that parsed but cannot be compiled (too large) matches
    /// nothing; packs from users are compiled eagerly, so this only guards built-in ones.
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
    fn syntax_errors_show_at_once_and_valid_patterns_compile_later() {
        assert!(Pattern::lazy("(unclosed".into()).unwrap_err().contains("unclosed group"));
        let pattern = Pattern::lazy(r"\d+ years".into()).unwrap();
        assert!(pattern.compiled.get().is_none());
        assert!(pattern.regex().is_match("12 years"));
        assert!(Pattern::eager(r"\w{1000}{1000}".into()).is_err());
    }
}
