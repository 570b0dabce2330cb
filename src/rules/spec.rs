//! The TOML schema of a rule pack, parsed strictly: unknown keys and wrong types are errors
//! with a position in the file.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Applicability, Category, Severity};

/// A whole pack file: `[pack]` metadata and its `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackMeta,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub name: Spanned<String>,
    pub description: String,
}

/// One `[[rule]]` table. Common keys first, then the keys of each kind; `compile` checks that
/// a rule only uses the keys of its own kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    pub category: Spanned<Category>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    pub description: String,
    /// What to do about a finding, shown when the finding has no fix.
    pub help: Option<String>,
    /// `false` for a rule that runs only when selected by its id.
    pub enabled: Option<bool>,
    pub examples: Spanned<Vec<Spanned<Example>>>,

    /// existence: literal words and phrases.
    pub tokens: Option<Spanned<Vec<Spanned<String>>>>,
    /// existence: regular expressions.
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
    /// existence, substitution: match regardless of case.
    pub ignorecase: Option<Spanned<bool>>,
    /// existence: phrases around a match that make it acceptable;
    /// repetition: words that may be doubled.
    pub exceptions: Option<Spanned<Vec<String>>>,
    /// substitution: wrong form → right form.
    pub swap: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    /// substitution: the keys of `swap` are regular expressions; replacements may use `$1`.
    pub regex: Option<Spanned<bool>>,
    /// existence, substitution: how safe the fix is.
    pub fix: Option<Spanned<Applicability>>,
    /// existence: the replacement offered as a fix (empty removes the match).
    pub replacement: Option<Spanned<String>>,

    /// fragment: words that open a sentence after a stray label ("In", "Without").
    pub openers: Option<Spanned<Vec<Spanned<String>>>>,
    /// fragment: labels that sites append to headlines or drop between paragraphs.
    pub labels: Option<Spanned<Vec<Spanned<String>>>>,
    /// capitalization, untranslated: words never to flag.
    pub allow: Option<Spanned<Vec<Spanned<String>>>>,
    /// boilerplate: the adjectives of a template's "Adjective noun." sentences.
    pub adjectives: Option<Spanned<Vec<Spanned<String>>>>,
    /// boilerplate: the nouns of a template's "Adjective noun." sentences.
    pub nouns: Option<Spanned<Vec<Spanned<String>>>>,
    /// boilerplate: the fewest template sentences in a row that make a block.
    pub min_run: Option<Spanned<u32>>,
    /// untranslated: the fewest words a span needs before it is judged.
    pub min_words: Option<Spanned<u32>>,
    /// untranslated: the language identifier's lowest confidence (0 to 1) to report.
    pub min_confidence: Option<Spanned<f64>>,
    /// untranslated: foreign function words that mark a span as another language.
    pub markers: Option<Spanned<Vec<Spanned<String>>>>,
    /// name-consistency: groups of spellings of one name, the first the preferred one.
    pub variants: Option<Spanned<Vec<Spanned<Vec<String>>>>>,
    /// known-name: names to know besides the built-in gazetteer.
    pub names: Option<Spanned<Vec<Spanned<String>>>>,
    /// known-name, name-consistency: the most edits between two spellings of one name.
    pub max_edits: Option<Spanned<u32>>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// An example that documents and tests a rule: the matched texts it must produce (none for
/// an example that must not fire) and, optionally, the text after fixes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub expect: Vec<String>,
    pub fixed: Option<String>,
}

impl RuleSpec {
    /// The kind-specific keys that are present, with their spans, for the "does not apply"
    /// check.
    pub fn present_kind_keys(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut keys = Vec::new();
        if let Some(v) = &self.tokens {
            keys.push(("tokens", v.span()));
        }
        if let Some(v) = &self.patterns {
            keys.push(("patterns", v.span()));
        }
        if let Some(v) = &self.ignorecase {
            keys.push(("ignorecase", v.span()));
        }
        if let Some(v) = &self.exceptions {
            keys.push(("exceptions", v.span()));
        }
        if let Some(v) = &self.swap {
            keys.push(("swap", v.span()));
        }
        if let Some(v) = &self.regex {
            keys.push(("regex", v.span()));
        }
        if let Some(v) = &self.fix {
            keys.push(("fix", v.span()));
        }
        if let Some(v) = &self.replacement {
            keys.push(("replacement", v.span()));
        }
        let lists = [
            ("openers", &self.openers),
            ("labels", &self.labels),
            ("allow", &self.allow),
            ("adjectives", &self.adjectives),
            ("nouns", &self.nouns),
            ("markers", &self.markers),
        ];
        for (key, value) in lists {
            if let Some(v) = value {
                keys.push((key, v.span()));
            }
        }
        if let Some(v) = &self.min_run {
            keys.push(("min_run", v.span()));
        }
        if let Some(v) = &self.min_words {
            keys.push(("min_words", v.span()));
        }
        if let Some(v) = &self.min_confidence {
            keys.push(("min_confidence", v.span()));
        }
        if let Some(v) = &self.variants {
            keys.push(("variants", v.span()));
        }
        if let Some(v) = &self.names {
            keys.push(("names", v.span()));
        }
        if let Some(v) = &self.max_edits {
            keys.push(("max_edits", v.span()));
        }
        keys
    }
}
