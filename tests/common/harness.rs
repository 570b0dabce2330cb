//! Checks shared by the robustness tests, the fuzz test and the cargo-fuzz target (which
//! includes this file, so it uses only `mtlint`, `codespan-reporting` and `std`): diagnostics
//! within the text, fixing round by round with every round's edits checked, random rule packs
//! drawn from bytes, and one fuzz execution from bytes.

use std::collections::HashSet;

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

/// Checks one application of fixes: the edits applied are the edits of whole offered fixes,
/// none overlapping; a fix left out clashes with what was applied (or is invalid); and every
/// byte of `before` outside the edits is in `applied.text`, in order, with each edit's
/// replacement between them. Two rules may offer the same edit, so an edit of a fix left out
/// may be applied as part of another fix.
pub fn check_round(before: &str, offered: &[&Fix], applied: &Applied) {
    let edits = &applied.edits;
    for pair in edits.windows(2) {
        assert!(pair[0].end <= pair[1].start, "edits out of order or overlapping: {pair:?}");
    }
    let key = |e: &Edit| (e.start, e.end, e.replacement.clone());
    let applied_edits: HashSet<_> = edits.iter().map(key).collect();
    // Whether an edit overlaps one applied: the applied edits are ordered and do not overlap,
    // so only the first that ends after the edit starts can.
    let overlaps_applied = |e: &Edit| {
        let i = edits.partition_point(|t| t.end <= e.start);
        edits.get(i).is_some_and(|t| overlap(e, t))
    };
    let mut whole = 0;
    let mut of_whole_fixes = HashSet::new();
    for fix in offered.iter().filter(|f| !f.edits.is_empty()) {
        if fix.edits.iter().all(|e| applied_edits.contains(&key(e))) {
            whole += 1;
            of_whole_fixes.extend(fix.edits.iter().map(key));
            continue;
        }
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            !valid_in(before, e)
                || overlaps_applied(e)
                || fix.edits.iter().enumerate().any(|(j, o)| i != j && overlap(e, o))
        });
        assert!(clashes, "fix left out though nothing clashes with it: {fix:?}");
    }
    for e in edits {
        assert!(valid_in(before, e), "edit {e:?} not on boundaries of {before:?}");
        assert!(of_whole_fixes.contains(&key(e)), "edit {e:?} is not part of a fix applied whole");
    }
    assert_eq!(edits.is_empty(), applied.fixes == 0);
    assert!(applied.fixes <= edits.len() && applied.fixes <= whole);

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

/// Choices drawn from bytes, as a fuzzer hands them over: every draw takes bytes from the
/// front, and once they run out every draw is zero, which picks the first, most ordinary
/// option.
pub struct Draw<'a> {
    data: &'a [u8],
    /// Whether to make mistakes on purpose (wrong types, bad names, missing keys, invalid
    /// regexes); without, most packs load.
    pub wild: bool,
}

impl<'a> Draw<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Draw { data, wild: false }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// A number below `n` (zero when `n` is zero).
    pub fn below(&mut self, n: usize) -> usize {
        match n {
            0 | 1 => 0,
            2..=256 => self.byte() as usize % n,
            _ => u16::from_le_bytes([self.byte(), self.byte()]) as usize % n,
        }
    }

    /// True about once in `n` draws; never once the bytes run out.
    pub fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n.max(1) == n.max(1) - 1
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Up to `max` of the remaining bytes.
    pub fn bytes(&mut self, max: usize) -> &'a [u8] {
        let n = self.below(max + 1).min(self.data.len());
        let (taken, rest) = self.data.split_at(n);
        self.data = rest;
        taken
    }
}

/// Words, names, markup and characters that rules look for or trip over.
const WORDS: &[&str] = &[
    "the",
    "The",
    "could of",
    "Zelensky",
    "Zelenskiy",
    "Kyiv",
    "Київ",
    "Homs",
    "Sweida",
    "Tuesday",
    "In",
    "Without",
    "Launched",
    "de",
    "la",
    "und",
    "mamma",
    "é",
    "e\u{301}",
    "\u{301}",
    "ß",
    "ǅ",
    "İ",
    "ﬁ",
    "Ω",
    "東京",
    "القدس",
    "Ã©",
    "â€™",
    "“",
    "”",
    "\"",
    "'",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "\r\n",
    "\n",
    "\t",
    "\0",
    " ",
    "",
    ".",
    ", ",
    "-",
    "{match}",
    "{replacement}",
    "{detail}",
    "{bogus}",
    "{",
    "}",
    "$1",
    "${flag}",
    "$",
    "\\",
    "<p>",
    "# ",
    "&amp;",
];

/// Valid regexes: word bounds, a `flag` group, empty matches, Unicode classes, combining
/// marks, case folding.
const REGEXES: &[&str] = &[
    r"\bthe\b",
    r"(?P<flag>[A-Z]\w+) said",
    r"[A-Z][a-z]+",
    r"\s+",
    r"",
    r"^",
    r"$",
    r"(?m)^\s*$",
    r"a*",
    r"(?P<flag>)x",
    r"(?P<flag>x?)",
    r"\p{Cyrillic}+",
    r"(?i)ß",
    r"e\x{301}",
    r"é",
    r".",
    r"(\w+) (\w+)",
    r"\b",
    r"(?s).+",
];

/// Regexes with errors of syntax and size.
const BAD_REGEXES: &[&str] = &[
    r"(",
    r"[a-",
    r"a{1000}{1000}",
    r"\p{Nope}",
    r"(?P<flag>a)(?P<flag>b)",
    r"(\w+) \1",
    r"*",
    r"\",
];

/// Capitalized words of three letters or more: what lists of openers, names, spellings and
/// markers accept.
const NAMES: &[&str] = &[
    "Zelensky",
    "Zelenskiy",
    "Zelenskyy",
    "Sweida",
    "Homs",
    "Kyiv",
    "Київ",
    "Mariupol",
    "In",
    "Without",
    "The",
    "Launched",
    "Tuesday",
    "Ukraine",
    "Ukr\u{430}ine",
    "Cafe\u{301}",
    "Zürich",
];

/// Messages with and without placeholders.
const MESSAGES: &[&str] =
    &["{match}", "found `{match}`", "use `{replacement}`", "{detail} here", "a finding", ""];

/// Bits of regex syntax, strung together at random.
const REGEX_ATOMS: &[&str] = &[
    "a",
    "the",
    r"\b",
    r"\w",
    r"\s",
    "+",
    "*",
    "?",
    "(",
    ")",
    "[",
    "]",
    "(?P<flag>",
    "|",
    "^",
    "$",
    "{2}",
    "{2,}",
    ".",
    r"\p{L}",
    "(?i)",
    r"\",
    "é",
    "e\u{301}",
    " ",
    "-",
];

fn text(d: &mut Draw) -> String {
    let mut out = String::new();
    for _ in 0..d.below(5) {
        match d.below(4) {
            0 | 1 => out.push_str(d.pick(WORDS)),
            2 => out.push_str(&String::from_utf8_lossy(d.bytes(8))),
            _ => out.push(char::from_u32(u32::from(d.byte()) * 37 + 0x20).unwrap_or(' ')),
        }
        if d.one_in(2) {
            out.push(' ');
        }
    }
    out
}

fn regex(d: &mut Draw) -> String {
    if d.wild && d.one_in(3) {
        (0..d.below(8)).map(|_| d.pick(REGEX_ATOMS)).collect()
    } else if d.wild && d.one_in(3) {
        d.pick(BAD_REGEXES).to_string()
    } else {
        d.pick(REGEXES).to_string()
    }
}

/// A list item: any text when wild, a name otherwise.
fn item(d: &mut Draw) -> String {
    if d.wild || d.one_in(4) { text(d) } else { d.pick(NAMES).to_string() }
}

/// A TOML value, written out by [`Value::write`].
enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Value>),
    Table(Vec<(String, Value)>),
}

impl Value {
    fn write(&self, out: &mut String) {
        match self {
            Value::Str(s) => quote(s, out),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) if f.is_nan() => out.push_str("nan"),
            Value::Float(f) if f.is_infinite() => {
                out.push_str(if *f > 0.0 { "inf" } else { "-inf" })
            }
            Value::Float(f) => out.push_str(&format!("{f:?}")),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Table(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    out.push_str(if i > 0 { ", " } else { " " });
                    quote(key, out);
                    out.push_str(" = ");
                    value.write(out);
                }
                out.push_str(" }");
            }
        }
    }
}

/// A TOML basic string.
fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn list(d: &mut Draw, max: usize, item: impl Fn(&mut Draw) -> Value) -> Value {
    Value::Array((0..d.below(max + 1)).map(|_| item(d)).collect())
}

fn any_value(d: &mut Draw) -> Value {
    match d.below(6) {
        0 => Value::Str(text(d)),
        1 => Value::Int(i64::from(d.byte()) - 1),
        2 => Value::Float(f64::from(d.byte()) / 7.0),
        3 => Value::Bool(d.one_in(2)),
        4 => list(d, 2, |d| Value::Int(i64::from(d.byte()))),
        _ => Value::Table(vec![(text(d), Value::Str(text(d)))]),
    }
}

/// A value for a key of a rule kind, mostly of the right type.
fn key_value(d: &mut Draw, key: &str) -> Value {
    if d.wild && d.one_in(8) {
        return any_value(d);
    }
    match key {
        "patterns" => Value::Array(
            (0..d.below(3) + usize::from(!d.wild)).map(|_| Value::Str(regex(d))).collect(),
        ),
        "ignorecase" | "regex" => Value::Bool(d.one_in(2)),
        "swap" => Value::Table(
            (0..d.below(3) + usize::from(!d.wild))
                .map(|_| {
                    let wrong = match d.below(3) {
                        0 => regex(d),
                        1 => item(d),
                        _ => text(d),
                    };
                    let right = if d.one_in(2) { item(d) } else { text(d) };
                    (wrong, Value::Str(right))
                })
                .collect(),
        ),
        "fix" => {
            Value::Str(d.pick(&["safe", "unsafe", "maybe"][..if d.wild { 3 } else { 2 }]).into())
        }
        "replacement" => Value::Str(text(d)),
        "min_run" | "min_words" | "max_edits" => {
            let n = if d.wild { 8 } else { 5 };
            Value::Int(d.pick(&[2, 3, 5, 40, i64::from(u32::MAX), 0, 1, -1, i64::MAX][..n]))
        }
        "min_confidence" => {
            let n = if d.wild { 8 } else { 4 };
            Value::Float(d.pick(&[0.5, 0.0, 1.0, 0.9, -0.5, 2.0, f64::NAN, f64::INFINITY][..n]))
        }
        "variants" => list(d, 3, |d| {
            let group: Vec<Value> = (0..2 + d.below(2)).map(|_| Value::Str(item(d))).collect();
            Value::Array(group)
        }),
        _ => {
            let items: Vec<Value> =
                (0..d.below(4) + usize::from(!d.wild)).map(|_| Value::Str(item(d))).collect();
            Value::Array(items)
        }
    }
}

/// Every key some rule kind takes.
fn kind_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> =
        mtlint::rules::rule_kinds().flat_map(|(_, keys)| keys).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn rule_table(d: &mut Draw, index: usize, out: &mut String) {
    let kinds: Vec<(&str, &[&str])> = mtlint::rules::rule_kinds().collect();
    let (kind, keys) =
        if d.wild && d.one_in(16) { ("no-such-kind", &[][..]) } else { d.pick(&kinds) };
    let mut entries: Vec<(String, Value)> = Vec::new();
    let name = match d.below(12) {
        // Now and then a name used before.
        11 => "rule-0".to_string(),
        10 if d.wild => d.pick(&["Bad_Name", "", "-a", "a--b"]).to_string(),
        _ => format!("rule-{index}"),
    };
    entries.push(("name".into(), Value::Str(name)));
    entries.push(("kind".into(), Value::Str(kind.into())));
    let category = match d.below(12) {
        11 if d.wild => "bogus",
        i => mtlint::Category::ALL[i % mtlint::Category::ALL.len()].as_str(),
    };
    entries.push(("category".into(), Value::Str(category.into())));
    let severities = [None, Some("info"), Some("warning"), Some("error"), Some("fatal")];
    if let Some(severity) = d.pick(&severities[..if d.wild { 5 } else { 4 }]) {
        entries.push(("severity".into(), Value::Str(severity.into())));
    }
    let message = if d.wild && d.one_in(2) { text(d) } else { d.pick(MESSAGES).to_string() };
    entries.push(("message".into(), Value::Str(message)));
    entries.push(("description".into(), Value::Str(text(d))));
    if d.one_in(3) {
        entries.push(("help".into(), Value::Str(text(d))));
    }
    if d.one_in(4) {
        entries.push(("enabled".into(), Value::Bool(d.one_in(2))));
    }
    let example = |d: &mut Draw| {
        let mut fields = vec![("text".to_string(), Value::Str(text(d)))];
        if d.one_in(2) {
            fields.push(("expect".into(), list(d, 2, |d| Value::Str(text(d)))));
        }
        if d.one_in(3) {
            fields.push(("fixed".into(), Value::Str(text(d))));
        }
        if d.wild && d.one_in(16) {
            fields.push(("bogus".into(), Value::Bool(true)));
        }
        Value::Table(fields)
    };
    entries.push(("examples".into(), list(d, 3, example)));
    for &key in keys {
        if d.below(3) < 2 {
            entries.push((key.into(), key_value(d, key)));
        }
    }
    if d.wild && d.one_in(8) {
        let key = d.pick(&kind_keys());
        entries.push((key.into(), key_value(d, key)));
    }
    if d.wild && d.one_in(16) {
        entries.push(("bogus_key".into(), any_value(d)));
    }
    // Now and then a required key goes missing.
    if d.wild && d.one_in(8) {
        let gone = d.below(entries.len());
        entries.remove(gone);
    }
    out.push_str("\n[[rule]]\n");
    for (key, value) in entries {
        out.push_str(&key);
        out.push_str(" = ");
        value.write(out);
        out.push('\n');
    }
}

/// Tokens that break TOML, spliced into a pack.
const TOML_BREAKERS: &[&str] =
    &["[", "]", "=", "\"", "\n", "[[rule]]\n", "[pack]\n", "{", "\\", "'''", "\u{0}", "#"];

/// A rule pack drawn from bytes: mostly well-formed TOML with random rules of random kinds,
/// sometimes spliced or cut, sometimes raw bytes; with whether to run its examples.
pub fn draw_pack(d: &mut Draw) -> (Vec<u8>, bool) {
    d.wild = d.one_in(3);
    let verify_examples = d.wild && d.one_in(2);
    if d.wild && d.one_in(6) {
        return (d.bytes(200).to_vec(), verify_examples);
    }
    let mut out = String::from("[pack]\n");
    let name = d.pick(&["fuzz", "fuzz-two", "core", "Not Kebab", ""][..if d.wild { 5 } else { 3 }]);
    out.push_str("name = ");
    quote(name, &mut out);
    out.push_str("\ndescription = ");
    quote(&text(d), &mut out);
    out.push('\n');
    for index in 0..d.below(4) + usize::from(!d.wild) {
        rule_table(d, index, &mut out);
    }
    let mut bytes = out.into_bytes();
    if d.wild && d.one_in(3) {
        match d.below(3) {
            0 => bytes.truncate(d.below(bytes.len() + 1)),
            1 => {
                let at = d.below(bytes.len() + 1);
                let breaker = d.pick(TOML_BREAKERS).as_bytes();
                bytes.splice(at..at, breaker.iter().copied());
            }
            _ => {
                let at = d.below(bytes.len() + 1);
                let raw = d.bytes(4).to_vec();
                bytes.splice(at..at, raw);
            }
        }
    }
    (bytes, verify_examples)
}

/// What one fuzz execution went through.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub packs: usize,
    pub pack_errors: usize,
    pub rules: usize,
    pub texts_rejected: usize,
    pub findings: usize,
    pub fixes: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.packs += other.packs;
        self.pack_errors += other.pack_errors;
        self.rules += other.rules;
        self.texts_rejected += other.texts_rejected;
        self.findings += other.findings;
        self.fixes += other.fixes;
    }
}

/// Renders a report the way the command line does, which must not fail or panic.
fn render(path: &str, source: &str, report: &mtlint::render::human::Report<'_>) {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    mtlint::render::human::emit(&mut out, path, source, report).expect("report renders");
}

/// A pack error is a located, printable error: its span lies on character boundaries of the
/// pack's text.
fn check_pack_error(error: &mtlint::rules::PackError) {
    let shown = error.to_string();
    assert!(shown.starts_with(&error.path), "{shown}");
    let _ = error.line_col();
    if let (Some(source), Some(span)) = (&error.source_text, &error.span) {
        assert!(
            span.start <= span.end
                && span.end <= source.len()
                && source.is_char_boundary(span.start)
                && source.is_char_boundary(span.end),
            "error span {span:?} outside the pack: {error:?}"
        );
        let label = mtlint::render::human::Label {
            range: span.clone(),
            message: error.label.clone(),
            primary: true,
        };
        let report = mtlint::render::human::Report {
            level: mtlint::render::human::Level::Error,
            code: None,
            message: &error.message,
            labels: vec![label],
            notes: error.notes.clone(),
        };
        render(&error.path, source, &report);
    }
}

/// Reads pack bytes that are not UTF-8 the way packs are read from disk; that must fail.
fn check_unreadable_pack(bytes: &[u8]) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static FILES: AtomicUsize = AtomicUsize::new(0);
    let n = FILES.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("mtlint-fuzz-{}-{n}.toml", std::process::id()));
    std::fs::write(&path, bytes).expect("temporary pack written");
    let read = mtlint::rules::PackSource::read(&path);
    let _ = std::fs::remove_file(&path);
    let error = read.expect_err("a pack that is not UTF-8 is an error");
    assert!(error.message.contains("invalid UTF-8"), "{error:?}");
    check_pack_error(&error);
}

/// Checks what decoding bytes as a source file said about them: text exactly when they are
/// UTF-8 without a NUL near the start, otherwise an error that says where and why.
fn check_decoded(bytes: &[u8], decoded: &Result<String, mtlint::source::InputError>) {
    use mtlint::source::InputError;
    let binary = bytes[..bytes.len().min(8192)].contains(&0);
    match (decoded, std::str::from_utf8(bytes)) {
        (Ok(text), Ok(expected)) => {
            assert!(!binary);
            assert_eq!(text, expected);
        }
        (Err(InputError::Binary { .. }), _) => assert!(binary),
        (Err(InputError::InvalidUtf8 { offset, line, column, .. }), Err(error)) => {
            assert!(!binary);
            assert_eq!(*offset, error.valid_up_to());
            let valid = std::str::from_utf8(&bytes[..*offset]).expect("valid prefix");
            assert_eq!(*line, valid.matches('\n').count() + 1);
            assert!(*column >= 1);
        }
        (other, utf8) => panic!("decoding gave {other:?} for bytes whose UTF-8 check is {utf8:?}"),
    }
    if let Err(error) = decoded {
        assert!(error.to_string().starts_with(error.path()));
    }
}

/// Lints `text` in every format, checking every diagnostic and, when asked, rendering it;
/// returns the number of findings over the formats.
fn lint_everywhere(rules: &RuleSet, text: &str, render_them: bool) -> usize {
    let mut found = 0;
    for format in FORMATS {
        let diagnostics = rules.lint(&Document::with_format(text.to_string(), format));
        check_diagnostics(text, &diagnostics);
        for d in &diagnostics {
            if format == InputFormat::Text {
                assert_eq!(d.matched, text[d.span.clone()], "{d:?}");
            }
            if render_them {
                let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
                mtlint::render::human::emit_diagnostic(&mut out, "fuzz.txt", text, d)
                    .expect("diagnostic renders");
            }
        }
        found += diagnostics.len();
    }
    found
}

/// How one fuzz execution lints and fixes.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The format the text is fixed in (it is linted in every format).
    pub format: InputFormat,
    pub include_unsafe: bool,
    /// Whether to render every diagnostic as the command line would.
    pub render: bool,
}

impl Options {
    pub fn draw(d: &mut Draw) -> Self {
        Options { format: d.pick(&FORMATS), include_unsafe: d.one_in(2), render: d.one_in(4) }
    }

    /// Options from the bits of one byte: 1–2 the format, 3 unsafe fixes, 5 rendering.
    pub fn from_byte(byte: u8) -> Self {
        Options {
            format: FORMATS[usize::from(byte >> 1 & 3) % 3],
            include_unsafe: byte & 8 != 0,
            render: byte & 32 != 0,
        }
    }
}

/// One fuzz execution: rule packs drawn from `pack_data` and a document of `text_bytes`; see
/// [`run`].
pub fn exercise(pack_data: &[u8], text_bytes: &[u8]) -> Tally {
    let mut d = Draw::new(pack_data);
    let options = Options::draw(&mut d);
    let drawn: Vec<(Vec<u8>, bool)> = (0..1 + d.below(2)).map(|_| draw_pack(&mut d)).collect();
    run(options, drawn, text_bytes)
}

/// One fuzz execution from a single input, as cargo-fuzz gives it. Bytes up to the first 0xFF
/// (a byte UTF-8 never has) are the pack part, the rest the document; without a 0xFF all of
/// it is the document. A pack part whose first byte is odd is that byte, read by
/// [`Options::from_byte`] (bit 4: run the pack's examples), and then the TOML of one pack; any
/// other pack part drives [`exercise`]'s pack generator.
pub fn exercise_bytes(data: &[u8]) -> Tally {
    let (pack_part, text_bytes) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    match pack_part.split_first() {
        Some((&first, toml)) if first & 1 == 1 => {
            run(Options::from_byte(first), vec![(toml.to_vec(), first & 16 != 0)], text_bytes)
        }
        _ => exercise(pack_part, text_bytes),
    }
}

/// Loads the packs (each with whether to run its examples; errors must be errors, not
/// panics), decodes `text_bytes` as a source file is decoded, lints the text in every format
/// and fixes it round by round, with the packs' rules and with the built-in ones. Every span
/// and edit must lie within the text on character boundaries, and every fix round must keep
/// the bytes outside its edits.
pub fn run(options: Options, packs: Vec<(Vec<u8>, bool)>, text_bytes: &[u8]) -> Tally {
    let mut tally = Tally::default();
    let mut sources = Vec::new();
    for (i, (bytes, verify_examples)) in packs.into_iter().enumerate() {
        match String::from_utf8(bytes) {
            Ok(text) => sources.push(mtlint::rules::PackSource {
                path: format!("fuzz-{i}.toml"),
                text,
                verify_examples,
            }),
            Err(error) => {
                check_unreadable_pack(error.as_bytes());
                tally.pack_errors += 1;
            }
        }
    }
    let given = sources.len();
    let (rules, errors) = load_packs(&sources);
    assert!(errors.len() <= sources.len());
    for error in &errors {
        check_pack_error(error);
    }
    tally.pack_errors += errors.len();
    tally.packs = given - errors.len();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    assert!(ids.windows(2).all(|w| w[0] != w[1]), "duplicate rule ids loaded: {ids:?}");
    for rule in &rules {
        let _ = rule.summary();
    }
    tally.rules = rules.len();
    let set = RuleSet::new(rules);
    for index in 0..set.rules().len() {
        let _ = mtlint::rules::test_rule(&set, index);
    }

    let decoded = mtlint::source::decode("fuzz.txt", text_bytes.to_vec());
    check_decoded(text_bytes, &decoded);
    let Ok(text) = decoded else {
        tally.texts_rejected += 1;
        return tally;
    };
    for rules in [&set, builtin()] {
        tally.findings += lint_everywhere(rules, &text, options.render);
        let lint = |t: &str| rules.lint(&Document::with_format(t.to_string(), options.format));
        tally.fixes += fix_checked(&text, lint, options.include_unsafe, 10).fixed;
    }
    tally
}
