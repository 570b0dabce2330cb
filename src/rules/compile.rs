//! Turns a parsed rule table into a [`Rule`]: checks that the rule uses only its kind's keys
//! and builds the kind's code.

use super::pattern::Pattern;
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use super::spec::RuleSpec;
use super::{
    Check, Literal, PackError, Rule, boilerplate, capitalization, existence, fragment, names,
    repetition, substitution, typography, unicode, untranslated,
};

pub type KindCompiler = fn(&RuleSpec, &Compiler) -> Result<Box<dyn Check>, PackError>;

/// A rule kind: its name, the keys it accepts besides the common ones, and its compiler.
pub type Kind = (&'static str, &'static [&'static str], KindCompiler);

/// The kinds of the text rules; modules with many kinds keep their own tables.
const CORE_KINDS: &[Kind] = &[
    ("existence", existence::KEYS, existence::compile),
    ("substitution", substitution::KEYS, substitution::compile),
    ("repetition", repetition::KEYS, repetition::compile),
    ("fragment", fragment::FRAGMENT_KEYS, fragment::compile_fragment),
    ("headline-label", fragment::LABEL_KEYS, fragment::compile_label),
    ("midsentence-capital", capitalization::KEYS, capitalization::compile_midsentence),
    ("lowercase-start", capitalization::KEYS, capitalization::compile_lowercase_start),
    ("lowercase-proper", capitalization::KEYS, capitalization::compile_lowercase_proper),
    ("boilerplate", boilerplate::KEYS, boilerplate::compile),
    ("untranslated", untranslated::KEYS, untranslated::compile),
    ("name-consistency", names::CONSISTENCY_KEYS, names::compile_consistency),
    ("known-name", names::KNOWN_KEYS, names::compile_known),
];

/// Every kind table.
const KIND_TABLES: &[&[Kind]] = &[CORE_KINDS, unicode::KINDS, typography::KINDS];

/// Every rule kind, in table order.
pub fn kinds() -> impl Iterator<Item = &'static Kind> {
    KIND_TABLES.iter().flat_map(|table| table.iter())
}

/// The pack being compiled, for locating errors.
pub struct Compiler<'a> {
    pub path: &'a str,
    pub source: &'a str,
    /// Compile regexes while loading (packs from users) rather than on first use (the
    /// built-in packs, which the test suite compiles).
    pub eager_regexes: bool,
}

impl Compiler<'_> {
    pub fn error(&self, message: impl Into<String>) -> PackError {
        PackError::new(self.path, self.source, message)
    }

    /// A literal in NFC, since documents are matched in NFC.
    pub fn literal(&self, token: &Spanned<String>, ignorecase: bool) -> Result<Literal, PackError> {
        let text = nfc(token.get_ref());
        if text.trim().is_empty() {
            return Err(self.error("empty token").at(token.span(), "a token needs some text"));
        }
        Ok(Literal { text, ignorecase })
    }

    pub fn compile_rule(&self, pack: &str, spec: &RuleSpec) -> Result<Rule, PackError> {
        let name = spec.name.get_ref();
        if !is_kebab_case(name) {
            return Err(self
                .error(format!("rule name `{name}` is not kebab case"))
                .at(spec.name.span(), "use lower-case words joined by `-`"));
        }
        let kind = spec.kind.get_ref().as_str();
        let Some(&(kind, keys, compile)) = kinds().find(|(k, _, _)| *k == kind) else {
            let known: Vec<&str> = kinds().map(|(k, _, _)| *k).collect();
            return Err(self
                .error(format!("unknown rule kind `{kind}`"))
                .at(spec.kind.span(), "not a rule kind")
                .note(format!("known kinds: {}", known.join(", "))));
        };
        for (key, span) in spec.present_kind_keys() {
            if !keys.contains(&key) {
                return Err(self
                    .error(format!("key `{key}` does not apply to kind `{kind}`"))
                    .at(span, format!("`{kind}` takes: {}", keys.join(", "))));
            }
        }
        self.check_placeholders(spec)?;
        let check = compile(spec, self)?;
        Ok(Rule {
            id: format!("{pack}/{name}"),
            pack: pack.to_string(),
            name: name.clone(),
            kind,
            category: *spec.category.get_ref(),
            severity: spec.severity,
            message: spec.message.get_ref().clone(),
            description: spec.description.trim().to_string(),
            help: spec.help.as_ref().map(|h| h.trim().to_string()),
            enabled_by_default: spec.enabled.unwrap_or(true),
            examples: spec.examples.get_ref().iter().map(|e| e.get_ref().clone()).collect(),
            check,
        })
    }

    fn check_placeholders(&self, spec: &RuleSpec) -> Result<(), PackError> {
        let message = spec.message.get_ref();
        let mut rest = message.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            if !matches!(name, "match" | "replacement" | "detail") {
                return Err(self.error(format!("unknown placeholder `{{{name}}}` in message")).at(
                    spec.message.span(),
                    "placeholders are {match}, {replacement} and {detail}",
                ));
            }
            rest = &after[close.min(after.len())..];
        }
        Ok(())
    }
}

/// A regex from the pack, with the case flag applied inline.
pub fn regex_with_case(
    compiler: &Compiler,
    pattern: &Spanned<String>,
    ignorecase: bool,
) -> Result<Pattern, PackError> {
    let body = nfc(pattern.get_ref());
    if !compiler.eager_regexes {
        return Ok(Pattern::trusted(body, ignorecase));
    }
    Pattern::checked(body, ignorecase).map_err(|err| {
        compiler.error("invalid regular expression").at(pattern.span(), first_line(&err)).note(err)
    })
}

/// `text` in NFC; most of it already is, and checking is cheaper than normalizing.
fn nfc(text: &str) -> String {
    if unicode_normalization::is_nfc(text) { text.to_string() } else { text.nfc().collect() }
}

fn first_line(text: &str) -> String {
    text.lines().last().unwrap_or(text).trim().to_string()
}

pub fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
