//! `mtlint check`: lint inputs and report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::WriteColor;
use mtlint::render::{concise, human, json};
use mtlint::rules::{PackSource, RuleSet, builtin_sources, load_packs};
use mtlint::source::{DEFAULT_EXTENSIONS, InputError, collect_files, decode, read_text};
use mtlint::{Diagnostic, Document, Severity};

use super::args::{CheckArgs, Format, RulePackArgs};
use super::output;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Loads the built-in packs (unless turned off) and the user's packs. Broken packs are
/// reported on `err` and left out; the second value says whether any was broken.
pub fn load_rule_set(
    packs: &RulePackArgs,
    err: &mut dyn WriteColor,
) -> std::io::Result<(RuleSet, bool)> {
    let mut sources = if packs.no_default_rules { Vec::new() } else { builtin_sources() };
    let mut failed = false;
    for path in &packs.rules {
        match PackSource::read(path) {
            Ok(found) => sources.extend(found),
            Err(error) => {
                output::pack_error(err, &error)?;
                failed = true;
            }
        }
    }
    let (rules, errors) = load_packs(&sources);
    for error in &errors {
        output::pack_error(err, error)?;
    }
    Ok((RuleSet::new(rules), failed || !errors.is_empty()))
}

/// Something to lint: a file on disk or standard input.
enum Input {
    File(PathBuf),
    Stdin,
}

#[derive(Default)]
struct Tally {
    files_checked: usize,
    files_with_findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    failing: bool,
}

pub fn run(args: &CheckArgs) -> std::io::Result<u8> {
    let mut out = output::stdout(args.color);
    let mut err = output::stderr(args.color);
    let (rules, mut had_error) = load_rule_set(&args.packs, &mut err)?;

    let mut extensions: Vec<String> = DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect();
    extensions.extend(args.extensions.iter().map(|e| e.trim_start_matches('.').to_string()));

    let mut inputs: Vec<Result<Input, InputError>> = Vec::new();
    if args.paths.is_empty() {
        if std::io::stdin().is_terminal() {
            output::plain(
                &mut err,
                "error",
                "no input: give files or directories, or pipe text to standard input",
            )?;
            return Ok(EXIT_ERROR);
        }
        inputs.push(Ok(Input::Stdin));
    } else {
        let mut pending: Vec<PathBuf> = Vec::new();
        for path in &args.paths {
            if path.as_os_str() == "-" {
                inputs.extend(
                    collect_files(&pending, &extensions).into_iter().map(|r| r.map(Input::File)),
                );
                pending.clear();
                inputs.push(Ok(Input::Stdin));
            } else {
                pending.push(path.clone());
            }
        }
        inputs.extend(collect_files(&pending, &extensions).into_iter().map(|r| r.map(Input::File)));
    }

    let threshold = args.fail_on.threshold();
    let mut tally = Tally::default();
    let mut json_array = json::JsonArrayWriter::default();
    for input in inputs {
        let (path, text) =
            match input.and_then(|input| read_input(input, args.stdin_filename.as_deref())) {
                Ok(read) => read,
                Err(error) => {
                    had_error = true;
                    output::plain(&mut err, "error", &error.to_string())?;
                    continue;
                }
            };
        let doc = Document::new(text);
        let diagnostics = rules.lint(&doc);
        tally.files_checked += 1;
        tally.count(&diagnostics, threshold);
        for diagnostic in &diagnostics {
            match args.format {
                Format::Human => human::emit_diagnostic(&mut out, &path, doc.text(), diagnostic)?,
                Format::Concise => writeln!(out, "{}", concise::line(&path, &doc, diagnostic))?,
                Format::Json => {
                    json_array.write(&mut out, &json::Record::new(&path, &doc, diagnostic))?
                }
                Format::Jsonl => {
                    writeln!(out, "{}", json::Record::new(&path, &doc, diagnostic).to_json())?
                }
            }
        }
    }
    match args.format {
        Format::Json => json_array.finish(&mut out)?,
        Format::Human => tally.write_summary(&mut out)?,
        Format::Concise | Format::Jsonl => {}
    }
    out.flush()?;

    Ok(if had_error {
        EXIT_ERROR
    } else if tally.failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn read_input(input: Input, stdin_name: Option<&str>) -> Result<(String, String), InputError> {
    match input {
        Input::File(path) => {
            let text = read_text(&path)?;
            Ok((display_path(&path), text))
        }
        Input::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|error| InputError::Io { path: name.clone(), error })?;
            Ok((name.clone(), decode(&name, bytes)?))
        }
    }
}

/// The path as given, without a leading `./` that walking adds.
fn display_path(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

impl Tally {
    fn count(&mut self, diagnostics: &[Diagnostic], threshold: Severity) {
        if !diagnostics.is_empty() {
            self.files_with_findings += 1;
        }
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.failing |= d.severity >= threshold;
        }
    }

    fn write_summary(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
        let mut parts = Vec::new();
        for (n, word) in [(self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")]
        {
            if n > 0 {
                parts
                    .push(format!("{n} {word}{}", if n == 1 || word == "info" { "" } else { "s" }));
            }
        }
        if parts.is_empty() {
            writeln!(out, "No findings in {}.", files(self.files_checked))
        } else {
            writeln!(out, "{} in {}.", parts.join(", "), files(self.files_with_findings))
        }
    }
}
