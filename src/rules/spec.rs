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

/// A compact binary form of a parsed pack, spans included: `build.rs` writes the built-in
/// packs in it, so that loading them reads this instead of parsing TOML. Values follow each
/// other in field order; lengths and offsets are little-endian `u32`s. Nothing checks the
/// form against a schema version: it is made and read by the same build.
pub trait Packed: Sized {
    fn pack(&self, out: &mut Vec<u8>);
    /// Reads a value from the front of `input`; `None` if the bytes are not one.
    fn unpack(input: &mut &[u8]) -> Option<Self>;
}

/// The packed form of a whole pack.
#[allow(dead_code)] // Used by build.rs and the tests.
pub fn pack(file: &PackFile) -> Vec<u8> {
    let mut out = Vec::new();
    file.pack(&mut out);
    out
}

/// Reads a packed pack, which must be the whole of `bytes`.
pub fn unpack(mut bytes: &[u8]) -> Option<PackFile> {
    let file = PackFile::unpack(&mut bytes)?;
    bytes.is_empty().then_some(file)
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = input.split_at_checked(n)?;
    *input = rest;
    Some(head)
}

impl Packed for u32 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        Some(u32::from_le_bytes(take(input, 4)?.try_into().ok()?))
    }
}

impl Packed for usize {
    fn pack(&self, out: &mut Vec<u8>) {
        u32::try_from(*self).expect("packs are under 4 GiB").pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        u32::unpack(input).map(|n| n as usize)
    }
}

impl Packed for f64 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        Some(f64::from_bits(u64::from_le_bytes(take(input, 8)?.try_into().ok()?)))
    }
}

/// A one-byte tag: the variant's place in `variants`.
fn pack_tag<T: PartialEq>(value: &T, variants: &[T], out: &mut Vec<u8>) {
    let tag = variants.iter().position(|v| v == value).expect("every variant is listed");
    out.push(u8::try_from(tag).expect("few variants"));
}

fn unpack_tag<T: Copy>(variants: &[T], input: &mut &[u8]) -> Option<T> {
    variants.get(usize::from(*take(input, 1)?.first()?)).copied()
}

impl Packed for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_tag(self, &[false, true], out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        unpack_tag(&[false, true], input)
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];
const APPLICABILITIES: [Applicability; 2] = [Applicability::Safe, Applicability::Unsafe];

impl Packed for Severity {
    fn pack(&self, out: &mut Vec<u8>) {
        // A new variant must be added to `SEVERITIES`.
        match self {
            Severity::Info | Severity::Warning | Severity::Error => {}
        }
        pack_tag(self, &SEVERITIES, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        unpack_tag(&SEVERITIES, input)
    }
}

impl Packed for Applicability {
    fn pack(&self, out: &mut Vec<u8>) {
        // A new variant must be added to `APPLICABILITIES`.
        match self {
            Applicability::Safe | Applicability::Unsafe => {}
        }
        pack_tag(self, &APPLICABILITIES, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        unpack_tag(&APPLICABILITIES, input)
    }
}

impl Packed for Category {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_tag(self, &Category::ALL, out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        unpack_tag(&Category::ALL, input)
    }
}

impl Packed for String {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let len = usize::unpack(input)?;
        std::str::from_utf8(take(input, len)?).ok().map(str::to_string)
    }
}

impl<T: Packed> Packed for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.is_some().pack(out);
        if let Some(value) = self {
            value.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        match bool::unpack(input)? {
            true => T::unpack(input).map(Some),
            false => Some(None),
        }
    }
}

impl<T: Packed> Packed for Vec<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        self.iter().for_each(|item| item.pack(out));
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let len = usize::unpack(input)?;
        // Each item takes at least a byte: a bad length fails instead of reserving memory.
        let mut items = Vec::with_capacity(len.min(input.len()));
        for _ in 0..len {
            items.push(T::unpack(input)?);
        }
        Some(items)
    }
}

impl<T: Packed> Packed for BTreeMap<String, T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.len().pack(out);
        for (key, value) in self {
            key.pack(out);
            value.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let len = usize::unpack(input)?;
        (0..len).map(|_| Some((String::unpack(input)?, T::unpack(input)?))).collect()
    }
}

impl<T: Packed> Packed for Spanned<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        self.span().start.pack(out);
        self.span().end.pack(out);
        self.get_ref().pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let (start, end) = (usize::unpack(input)?, usize::unpack(input)?);
        Some(Spanned::new(start..end, T::unpack(input)?))
    }
}

/// `Packed` for a struct, field by field. The pattern lists every field, so a field added to
/// the struct and not here is a compile error.
macro_rules! packed_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl Packed for $name {
            fn pack(&self, out: &mut Vec<u8>) {
                let $name { $($field),* } = self;
                $($field.pack(out);)*
            }
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                Some($name { $($field: Packed::unpack(input)?),* })
            }
        }
    };
}

packed_struct!(PackFile { pack, rule });
packed_struct!(PackMeta { name, description });
packed_struct!(Example { text, expect, fixed });
packed_struct!(RuleSpec {
    name,
    kind,
    category,
    severity,
    message,
    description,
    help,
    enabled,
    examples,
    tokens,
    patterns,
    ignorecase,
    exceptions,
    swap,
    regex,
    fix,
    replacement,
    openers,
    labels,
    allow,
    adjectives,
    nouns,
    min_run,
    min_words,
    min_confidence,
    markers,
    variants,
    names,
    max_edits,
});
