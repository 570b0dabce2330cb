//! Project configuration (`mtlint.toml` or `.mtlint.toml`): which rules run, at what severity,
//! on which files, and the vocabulary no rule may flag. Parsed strictly, with errors located
//! in the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{PackError, PackSource, Rule};

/// File names of a configuration, in the order they are looked for in each directory.
pub const CONFIG_NAMES: &[&str] = &["mtlint.toml", ".mtlint.toml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    rules: Option<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Severity>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Severity>>,
    vocabulary: Option<Vocabulary>,
    overrides: Option<Vec<OverrideFile>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Names and terms that no rule may flag.
    #[serde(default)]
    pub accept: Vec<String>,
    /// Terms that are always flagged.
    #[serde(default)]
    pub reject: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    files: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Severity>>,
}

/// A selector of rules: a rule id (`core/doubled-word`), a pack (`core`) or a category
/// (`style`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(pub String);

impl Selector {
    pub fn matches(&self, rule: &Rule) -> bool {
        self.matches_id(&rule.id, rule.category)
    }

    /// Whether the selector names a rule id, the pack of the id, or the category.
    pub fn matches_id(&self, id: &str, category: crate::diagnostic::Category) -> bool {
        let s = self.0.as_str();
        id == s || id.split('/').next() == Some(s) || category.as_str() == s
    }
}

/// Which rules run and how severe they are: `select` (all when empty), then `ignore`, then
/// severity changes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Severity)>,
}

impl Selection {
    /// One flag per rule: whether it runs.
    pub fn enabled(&self, rules: &[Rule]) -> Vec<bool> {
        rules
            .iter()
            .map(|rule| {
                // An opt-in rule runs only when selected by its own id.
                let named =
                    self.select.as_ref().is_some_and(|list| list.iter().any(|s| s.0 == rule.id));
                let selected = named
                    || (rule.enabled_by_default
                        && self
                            .select
                            .as_ref()
                            .is_none_or(|list| list.iter().any(|s| s.matches(rule))));
                selected && !self.ignore.iter().any(|s| s.matches(rule))
            })
            .collect()
    }

    /// Whether a rule known only by id and category (one that lives outside the packs) runs.
    pub fn enables(&self, id: &str, category: crate::diagnostic::Category) -> bool {
        let selected =
            self.select.as_ref().is_none_or(|list| list.iter().any(|s| s.matches_id(id, category)));
        selected && !self.ignore.iter().any(|s| s.matches_id(id, category))
    }

    /// The severity of a rule after the configured changes; the most specific selector wins
    /// (rule id over pack over category).
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        let specificity = |s: &Selector| {
            if s.0 == rule.id {
                3
            } else if s.0 == rule.pack {
                2
            } else {
                1
            }
        };
        self.severity
            .iter()
            .filter(|(s, _)| s.matches(rule))
            .max_by_key(|(s, _)| specificity(s))
            .map_or(rule.severity, |(_, severity)| *severity)
    }
}

/// Settings for the files under one directory whose glob matches.
#[derive(Debug)]
pub struct Override {
    files: GlobSet,
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Severity)>,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Extra rule packs, resolved against the configuration's directory.
    pub packs: Vec<PathBuf>,
    pub selection: Selection,
    pub fail_on: Option<Severity>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    pub vocabulary: Vocabulary,
    overrides: Vec<Override>,
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, PackError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| PackError::unreadable(&display, e.to_string()))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, PackError> {
        let display = path.display().to_string();
        let error = |message: String| PackError::new(&display, text, message);
        let file: ConfigFile = toml::from_str(text).map_err(|err| {
            let e = error(err.message().trim().to_string());
            match err.span() {
                Some(span) => e.at(span, "here"),
                None => e,
            }
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let selectors = |list: Option<Vec<Spanned<String>>>| -> Result<_, PackError> {
            list.map(|l| l.into_iter().map(|s| check_selector(s, &error)).collect()).transpose()
        };
        let severities =
            |map: Option<BTreeMap<Spanned<String>, Severity>>| -> Result<_, PackError> {
                map.unwrap_or_default()
                    .into_iter()
                    .map(|(s, severity)| Ok((check_selector(s, &error)?, severity)))
                    .collect::<Result<Vec<_>, PackError>>()
            };
        let globs = |list: Option<Vec<Spanned<String>>>| -> Result<_, PackError> {
            list.map(|l| glob_set(&l, &error)).transpose()
        };
        let mut overrides = Vec::new();
        for o in file.overrides.unwrap_or_default() {
            overrides.push(Override {
                files: glob_set(&o.files, &error)?,
                select: selectors(o.select)?,
                ignore: selectors(o.ignore)?.unwrap_or_default(),
                severity: severities(o.severity)?,
            });
        }
        Ok(Config {
            path: path.to_path_buf(),
            packs: file
                .rules
                .unwrap_or_default()
                .into_iter()
                .map(|p| base.join(p.into_inner()))
                .collect(),
            selection: Selection {
                select: selectors(file.select)?,
                ignore: selectors(file.ignore)?.unwrap_or_default(),
                severity: severities(file.severity)?,
            },
            fail_on: file.fail_on,
            include: globs(file.include)?,
            exclude: globs(file.exclude)?,
            vocabulary: file.vocabulary.unwrap_or_default(),
            overrides,
        })
    }

    /// The configuration's directory, against which globs are matched.
    pub fn base(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The file's path relative to the configuration's directory, for matching globs.
    fn relative(&self, file: &Path) -> PathBuf {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (base, file) = (absolute(self.base()), absolute(file));
        file.strip_prefix(&base).map(Path::to_path_buf).unwrap_or(file)
    }

    /// Whether a file found by walking a directory is linted: it matches `include` (when
    /// set) and not `exclude`. `None` when `include` is not set, to let extensions decide.
    pub fn walk_filter(&self, file: &Path) -> Option<bool> {
        let relative = self.relative(file);
        if self.exclude.as_ref().is_some_and(|set| set.is_match(&relative)) {
            return Some(false);
        }
        self.include.as_ref().map(|set| set.is_match(&relative))
    }

    /// The selection for one file: the configuration's, with matching overrides applied in
    /// order.
    pub fn selection_for(&self, file: &Path) -> Selection {
        let mut selection = self.selection.clone();
        let relative = self.relative(file);
        for o in &self.overrides {
            if o.files.is_match(&relative) {
                if o.select.is_some() {
                    selection.select.clone_from(&o.select);
                }
                selection.ignore.extend(o.ignore.iter().cloned());
                selection.severity.extend(o.severity.iter().cloned());
            }
        }
        selection
    }

    /// A pack with one rule flagging the rejected terms, when there are any.
    pub fn reject_pack(&self) -> Option<PackSource> {
        vocabulary_pack(&self.vocabulary.reject, &self.path.display().to_string())
    }
}

/// The rule pack behind `[vocabulary] reject`: one existence rule, `vocabulary/reject`.
pub fn vocabulary_pack(reject: &[String], config_path: &str) -> Option<PackSource> {
    if reject.is_empty() {
        return None;
    }
    let quoted: Vec<String> = reject.iter().map(|t| toml_string(t)).collect();
    let text = format!(
        "[pack]\nname = \"vocabulary\"\ndescription = \"Terms the project's configuration rejects\"\n\n\
         [[rule]]\nname = \"reject\"\nkind = \"existence\"\ncategory = \"style\"\n\
         message = \"`{{match}}` is on the project's list of rejected terms\"\n\
         description = \"Terms listed under `[vocabulary] reject` in {}.\"\n\
         tokens = [{}]\nexamples = []\n",
        config_path.replace(['"', '\\'], "/"),
        quoted.join(", ")
    );
    Some(PackSource { path: format!("{config_path} [vocabulary]"), text, verify_examples: false })
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn check_selector(
    selector: Spanned<String>,
    error: &impl Fn(String) -> PackError,
) -> Result<Selector, PackError> {
    let span: Range<usize> = selector.span();
    let text = selector.into_inner();
    let valid = !text.is_empty()
        && text.split('/').count() <= 2
        && text.split('/').all(|part| {
            !part.is_empty()
                && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if valid {
        Ok(Selector(text))
    } else {
        Err(error(format!("`{text}` is not a rule id, pack or category"))
            .at(span, "expected `pack/rule`, `pack` or a category such as `style`"))
    }
}

fn glob_set(
    patterns: &[Spanned<String>],
    error: &impl Fn(String) -> PackError,
) -> Result<GlobSet, PackError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern.get_ref())
            .map_err(|e| error("invalid glob".into()).at(pattern.span(), e.kind().to_string()))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| error(format!("invalid globs: {e}")))
}

/// The nearest configuration file for a path: in its directory or the closest parent.
pub fn discover(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path.to_path_buf() } else { path.parent()?.to_path_buf() };
    let absolute = if start.as_os_str().is_empty() {
        std::env::current_dir().ok()?
    } else {
        std::path::absolute(&start).ok()?
    };
    let cwd = std::env::current_dir().ok();
    for dir in absolute.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                // Reported relative to the working directory when it lies below it.
                let relative = cwd.as_ref().and_then(|cwd| candidate.strip_prefix(cwd).ok());
                return Some(relative.map(Path::to_path_buf).unwrap_or(candidate));
            }
        }
    }
    None
}

/// Drops diagnostics on accepted vocabulary: the matched text is an accepted term, or holds
/// one as a whole word.
pub fn drop_accepted(diagnostics: &mut Vec<Diagnostic>, accept: &[String]) {
    if accept.is_empty() {
        return;
    }
    diagnostics.retain(|d| !accept.iter().any(|term| contains_term(&d.matched, term)));
}

fn contains_term(matched: &str, term: &str) -> bool {
    if matched == term {
        return true;
    }
    matched.match_indices(term).any(|(i, _)| {
        let before = matched[..i].chars().next_back();
        let after = matched[i + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, PackError> {
        Config::parse(Path::new("project/mtlint.toml"), text)
    }

    #[test]
    fn the_documented_keys_parse() {
        let config = parse(
            r#"
rules = ["house-rules.toml"]
select = ["core", "mt"]
ignore = ["mt/capitalization"]
fail-on = "warning"
include = ["**/*.md"]
exclude = ["drafts/**"]
[severity]
"core/doubled-word" = "error"
[vocabulary]
accept = ["Zelenskyy", "Kyiv"]
reject = ["Kiev"]
[[overrides]]
files = ["opinion/**"]
ignore = ["style"]
"#,
        )
        .unwrap();
        assert_eq!(config.packs, [PathBuf::from("project/house-rules.toml")]);
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(config.walk_filter(Path::new("project/news/a.md")), Some(true));
        assert_eq!(config.walk_filter(Path::new("project/news/a.txt")), Some(false));
        assert_eq!(config.walk_filter(Path::new("project/drafts/a.md")), Some(false));
        let opinion = config.selection_for(Path::new("project/opinion/column.md"));
        assert_eq!(opinion.ignore.len(), 2);
        assert_eq!(config.selection_for(Path::new("project/news/a.md")).ignore.len(), 1);
        assert!(config.reject_pack().unwrap().text.contains("\"Kiev\""));
    }

    #[test]
    fn unknown_keys_and_wrong_types_point_into_the_file() {
        let err = parse("select = [\"core\"]\nfail_on = \"warning\"\n").unwrap_err();
        assert!(err.message.contains("unknown field `fail_on`"), "{}", err.message);
        assert_eq!(err.line_col(), Some((2, 1)));
        let err = parse("fail-on = \"fatal\"\n").unwrap_err();
        assert!(err.message.contains("unknown variant `fatal`"), "{}", err.message);
        let err = parse("select = \"core\"\n").unwrap_err();
        assert!(err.message.contains("expected a sequence"), "{}", err.message);
        let err = parse("ignore = [\"Core Rules\"]\n").unwrap_err();
        assert_eq!(err.line_col(), Some((1, 11)));
        let err = parse("include = [\"a/[b\"]\n").unwrap_err();
        assert_eq!(err.message, "invalid glob");
    }

    #[test]
    fn accepted_terms_are_whole_words() {
        assert!(contains_term("Kyiv", "Kyiv"));
        assert!(contains_term("in Kyiv today", "Kyiv"));
        assert!(!contains_term("Kyivan", "Kyiv"));
    }
}
