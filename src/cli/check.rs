//! `mtlint check`: lint inputs and report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::WriteColor;
use mtlint::Document;
use mtlint::render::github::GithubReporter;
use mtlint::render::junit::JunitReporter;
use mtlint::render::sarif::{RuleMeta, SarifReporter};
use mtlint::render::{
    ConciseReporter, HumanReporter, JsonLinesReporter, JsonReporter, Reporter, Summary,
    write_statistics,
};
use mtlint::rules::{PackSource, RuleSet, builtin_sources, load_packs};
use mtlint::source::{DEFAULT_EXTENSIONS, InputError, collect_files, decode, read_text};

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

/// The reporter for a format.
fn reporter(args: &CheckArgs, rules: &RuleSet) -> Box<dyn Reporter> {
    match args.format {
        Format::Human => Box::new(HumanReporter { summary_line: !args.quiet }),
        Format::Concise => Box::new(ConciseReporter),
        Format::Json => Box::new(JsonReporter::default()),
        Format::Jsonl => Box::new(JsonLinesReporter),
        Format::Sarif => Box::new(SarifReporter::new(
            rules
                .rules()
                .iter()
                .map(|r| RuleMeta {
                    id: r.id.clone(),
                    summary: r.summary(),
                    description: r.description.clone(),
                    severity: r.severity,
                    category: r.category,
                })
                .collect(),
        )),
        Format::Github => Box::new(GithubReporter),
        Format::Junit => Box::new(JunitReporter::default()),
    }
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
    let mut summary = Summary::default();
    let mut failing = false;
    let mut reporter = reporter(args, &rules);
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
        summary.add_file(&diagnostics);
        failing |= diagnostics.iter().any(|d| d.severity >= threshold);
        reporter.file(&mut out, &path, &doc, &diagnostics)?;
    }
    reporter.finish(&mut out, &summary)?;
    if args.statistics {
        // Machine-readable formats keep standard output to themselves.
        match args.format {
            Format::Human | Format::Concise => write_statistics(&mut out, &summary)?,
            _ => write_statistics(&mut err, &summary)?,
        }
    }
    out.flush()?;

    Ok(if had_error {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
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
