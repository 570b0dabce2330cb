//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "mtlint",
    version,
    about = "A linter for article text: catches what machine translation and content pipelines leave behind",
    long_about = "mtlint finds names spelled two ways, stray labels, words capitalized mid-sentence, \
template bios, untranslated sentences, mojibake and invisible characters in articles, and \
reports them as compiler-style diagnostics.\n\nExit status: 0 no findings at or above the \
failure threshold, 1 findings, 2 an error (bad input, a broken rule pack).",
    after_help = "Examples:\n  mtlint check article.txt\n  mtlint check --format concise articles/\n  cat draft.md | mtlint check --stdin-filename draft.md\n  mtlint explain core/doubled-word"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files, directories, or standard input
    Check(CheckArgs),
    /// Lint JSON Lines records from standard input, one result line per record, in order
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),
    /// List every rule: id, category, severity and a one-line description
    Rules(RulePackArgs),
    /// Show a rule's full description and its examples
    Explain {
        /// Rule id, such as `core/doubled-word`
        rule: String,
        #[command(flatten)]
        packs: RulePackArgs,
    },
    /// Run the examples of the default rule packs, or of the given packs
    TestRules {
        /// Rule pack files or directories (default: the built-in packs)
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct RulePackArgs {
    /// Add a rule pack: a TOML file or a directory of them (repeatable)
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule packs
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` or nothing (with piped input) reads standard input
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to use colour (NO_COLOR is respected in auto mode)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(flatten)]
    pub packs: RulePackArgs,
    /// Also lint files with this extension when walking directories (repeatable)
    #[arg(long = "ext", value_name = "EXT")]
    pub extensions: Vec<String>,
    /// Read every input as this format, whatever its extension (also for standard input)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// Name to report for standard input
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Lowest severity that makes the exit status 1 [default: warning]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Run only these rules, packs or categories (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Do not run these rules, packs or categories (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Use this configuration file instead of looking for mtlint.toml
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files
    #[arg(long)]
    pub isolated: bool,
    /// Apply safe fixes and write the files (with standard input: print the fixed text)
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply fixes that need a human to check them
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every finding of this run in a baseline file, and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Exit 0 even when there are findings (errors reading input still exit 2)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the findings: no summary line
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings of each rule after the findings
    #[arg(long)]
    pub statistics: bool,
    /// Lint with this many threads [default: all cores]; the output order does not change
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
    /// Never show the progress bar (shown on a terminal when there are many files)
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style diagnostics with source snippets
    Human,
    /// One line a finding: path:line:col: severity[rule] message
    Concise,
    /// One JSON array of diagnostics
    Json,
    /// One JSON object a line
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests)
    Github,
    /// JUnit XML, one test case per file
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Plain text
    Txt,
    /// Markdown: only the prose is linted
    Md,
    /// HTML: the text of the body is linted
    Html,
}

impl InputFormatArg {
    pub fn format(self) -> mtlint::document::InputFormat {
        match self {
            InputFormatArg::Txt => mtlint::document::InputFormat::Text,
            InputFormatArg::Md => mtlint::document::InputFormat::Markdown,
            InputFormatArg::Html => mtlint::document::InputFormat::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn threshold(self) -> mtlint::Severity {
        match self {
            FailOn::Error => mtlint::Severity::Error,
            FailOn::Warning => mtlint::Severity::Warning,
            FailOn::Info => mtlint::Severity::Info,
        }
    }
}

const BATCH_HELP: &str = "Each input line is a record: {\"id\": 7, \"text\": \"…\", \"format\": \"md\"} \
(format: txt, md or html; default txt). Each output line is {\"id\": 7, \"diagnostics\": […]}, \
with diagnostics as `check --format json` writes them and `path` set to the id, or \
{\"id\": 7, \"error\": \"…\"} for a record that cannot be read. Blank lines are skipped.\n\n\
Exit status: 0 no findings at or above the failure threshold, 1 findings, 2 a malformed record \
or a broken rule pack or configuration.\n\n\
Example:\n  echo '{\"id\": 1, \"text\": \"It was the the end.\"}' | mtlint batch";

#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(flatten)]
    pub packs: RulePackArgs,
    /// Run only these rules, packs or categories (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Do not run these rules, packs or categories (comma-separated or repeated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Use this configuration file instead of looking for mtlint.toml from the current directory
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files
    #[arg(long)]
    pub isolated: bool,
    /// Lowest severity that makes the exit status 1 [default: warning]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Exit 0 even when there are findings (malformed records still exit 2)
    #[arg(long)]
    pub exit_zero: bool,
    /// Lint with this many threads [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}
