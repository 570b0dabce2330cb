//! Loading rule packs: reading TOML, compiling rules, and checking ids and examples.

use std::collections::HashMap;
use std::path::Path;

use super::compile::{Compiler, is_kebab_case};
use super::spec::{self, PackFile};
use super::{PackError, Rule, builtin, selftest};

/// The text of a pack and the name it is reported under.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub path: String,
    pub text: String,
    /// Whether the pack's examples are run when it is loaded. The embedded packs are checked
    /// by the test suite instead, so that start-up stays fast.
    pub verify_examples: bool,
}

impl PackSource {
    /// Reads a pack file, or every `.toml` file of a directory in name order.
    pub fn read(path: &Path) -> Result<Vec<PackSource>, PackError> {
        let display = path.display().to_string();
        let read_one = |file: &Path| -> Result<PackSource, PackError> {
            let name = file.display().to_string();
            let bytes =
                std::fs::read(file).map_err(|e| PackError::unreadable(&name, e.to_string()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                PackError::unreadable(
                    &name,
                    format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                )
            })?;
            Ok(PackSource { path: name, text, verify_examples: true })
        };
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| PackError::unreadable(&display, e.to_string()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "toml") && p.is_file())
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(PackError::unreadable(
                    &display,
                    "no `.toml` rule packs in this directory",
                ));
            }
            files.iter().map(|f| read_one(f)).collect()
        } else {
            read_one(path).map(|p| vec![p])
        }
    }
}

/// Parses and compiles one pack.
pub fn load_pack(source: &PackSource) -> Result<Vec<Rule>, PackError> {
    let compiler = Compiler {
        path: &source.path,
        source: &source.text,
        eager_regexes: source.verify_examples,
    };
    // A built-in pack is read from the form build.rs parsed it into.
    let file: PackFile = match builtin::packed_form(&source.text).and_then(spec::unpack) {
        Some(file) => file,
        None => toml::from_str(&source.text).map_err(|err| {
            let error = compiler.error(err.message().trim().to_string());
            match err.span() {
                Some(span) => error.at(span, "here"),
                None => error,
            }
        })?,
    };
    let pack = file.pack.name.get_ref();
    if !is_kebab_case(pack) {
        return Err(compiler
            .error(format!("pack name `{pack}` is not kebab case"))
            .at(file.pack.name.span(), "use lower-case words joined by `-`"));
    }
    let mut seen: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    let mut rules = Vec::with_capacity(file.rule.len());
    for spec in &file.rule {
        let spec = spec.get_ref();
        let name = spec.name.get_ref().as_str();
        if let Some(first) = seen.get(name) {
            let (line, _) =
                crate::document::LineIndex::new(&source.text).line_col(&source.text, first.start);
            return Err(compiler
                .error(format!("duplicate rule id `{pack}/{name}`"))
                .at(spec.name.span(), "defined again here")
                .note(format!("first defined at line {line}")));
        }
        seen.insert(name, spec.name.span());
        let mut rule = compiler.compile_rule(pack, spec)?;
        if source.verify_examples {
            rule = selftest::verify(&compiler, spec, rule)?;
        }
        rules.push(rule);
    }
    Ok(rules)
}

/// Loads several packs. Every pack is tried; the rules of the packs that loaded are returned
/// with the errors of the others. Ids must be unique across packs.
pub fn load_packs(sources: &[PackSource]) -> (Vec<Rule>, Vec<PackError>) {
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    let mut owners: HashMap<String, String> = HashMap::new();
    for source in sources {
        match load_pack(source) {
            Ok(pack_rules) => {
                if let Some(clash) = pack_rules.iter().find(|r| owners.contains_key(&r.id)) {
                    let span = find_rule_name(&source.text, &clash.name);
                    let mut error = PackError::new(
                        &source.path,
                        &source.text,
                        format!("duplicate rule id `{}`", clash.id),
                    )
                    .note(format!("`{}` is already defined in {}", clash.id, owners[&clash.id]));
                    if let Some(span) = span {
                        error = error.at(span, "defined again here");
                    }
                    errors.push(error);
                    continue;
                }
                for rule in &pack_rules {
                    owners.insert(rule.id.clone(), source.path.clone());
                }
                rules.extend(pack_rules);
            }
            Err(err) => errors.push(err),
        }
    }
    (rules, errors)
}

/// The span of `name = "<name>"` in a pack's text, for errors found after parsing.
fn find_rule_name(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let quoted = format!("\"{name}\"");
    text.match_indices(&quoted)
        .find(|(i, _)| {
            text[..*i].trim_end().ends_with('=')
                && text[..*i].trim_end().trim_end_matches('=').trim_end().ends_with("name")
        })
        .map(|(i, m)| i..i + m.len())
}
