//! `mtlint check`: find each input's configuration, lint it, and report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use codespan_reporting::term::termcolor::WriteColor;
use mtlint::baseline::Baseline;
use mtlint::config::{self, Config, Selection};
use mtlint::document::InputFormat;
use mtlint::fix::fix_until_stable;
use mtlint::render::github::GithubReporter;
use mtlint::render::junit::JunitReporter;
use mtlint::render::sarif::{RuleMeta, SarifReporter};
use mtlint::render::{
    Ahead, ConciseReporter, HumanReporter, JsonLinesReporter, JsonReporter, Reporter, SourceView,
    Summary, write_statistics,
};
use mtlint::rules::{PackSource, Rule, RuleSet, builtin_sources, load_packs};
use mtlint::source::blocks::{
    self, BLOCK_BYTES, BlockReader, BlockSize, LARGE_FILE_BYTES, Origin, can_cut,
};
use mtlint::source::{
    DEFAULT_EXTENSIONS, InputError, collect_files, decode, has_extension, read_text_of_size,
};
use mtlint::{Diagnostic, Document, Severity};
use rustc_hash::FxHashMap;

use super::args::{CheckArgs, Format, RulePackArgs};
use super::workers::{Pending, Workers};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use super::{filter, output};

/// Loads the built-in packs (unless turned off), the user's packs and any extra sources.
/// Broken packs are reported on `err` and left out; the second value says whether any was.
pub fn load_rule_set(
    packs: &RulePackArgs,
    err: &mut dyn WriteColor,
) -> std::io::Result<(RuleSet, bool)> {
    load_rule_set_with(packs, &[], Vec::new(), err)
}

pub(super) fn load_rule_set_with(
    packs: &RulePackArgs,
    extra_paths: &[PathBuf],
    extra_sources: Vec<PackSource>,
    err: &mut dyn WriteColor,
) -> std::io::Result<(RuleSet, bool)> {
    let mut sources = if packs.no_default_rules { Vec::new() } else { builtin_sources() };
    let mut failed = false;
    for path in packs.rules.iter().chain(extra_paths) {
        match PackSource::read(path) {
            Ok(found) => sources.extend(found),
            Err(error) => {
                output::pack_error(err, &error)?;
                failed = true;
            }
        }
    }
    sources.extend(extra_sources);
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

/// The rules and settings for the files that share one configuration.
struct Profile {
    rules: RuleSet,
    config: Option<Arc<Config>>,
    /// The index of each rule in `rules`, by id: made at the first part whose records are
    /// written ahead (see [`PartCounts`]).
    rule_indices: OnceLock<FxHashMap<String, usize>>,
}

/// Finds, loads and caches configurations and the rule sets they imply.
struct Profiles<'a> {
    args: &'a CheckArgs,
    /// Nearest configuration file of each directory seen.
    nearest: FxHashMap<PathBuf, Option<PathBuf>>,
    /// Parsed configuration files; `None` for one that could not be loaded (already reported).
    configs: FxHashMap<PathBuf, Option<Arc<Config>>>,
    /// Profiles by configuration file (`None`: no configuration), shared with the threads
    /// that lint.
    loaded: FxHashMap<Option<PathBuf>, Arc<Profile>>,
    had_error: bool,
}

impl<'a> Profiles<'a> {
    fn new(args: &'a CheckArgs) -> Self {
        Profiles {
            args,
            nearest: FxHashMap::default(),
            configs: FxHashMap::default(),
            loaded: FxHashMap::default(),
            had_error: false,
        }
    }

    /// The configuration file that applies to `path` (a file that may not exist, for
    /// `--stdin-filename`): none with `--isolated`, the `--config` file, or the nearest one.
    fn config_path(&mut self, path: &Path) -> Option<PathBuf> {
        if self.args.isolated {
            return None;
        }
        if let Some(explicit) = &self.args.config {
            return Some(explicit.clone());
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        // Files come directory by directory: most ask about a directory already seen.
        if let Some(found) = self.nearest.get(dir) {
            return found.clone();
        }
        let found = config::discover(&dir.join("x"));
        self.nearest.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The configuration for `path`, loaded on first use; load errors are reported once.
    fn config(
        &mut self,
        path: &Path,
        err: &mut dyn WriteColor,
    ) -> std::io::Result<Option<Arc<Config>>> {
        let Some(file) = self.config_path(path) else { return Ok(None) };
        if let Some(config) = self.configs.get(&file) {
            return Ok(config.clone());
        }
        let config = match Config::load(&file) {
            Ok(config) => Some(Arc::new(config)),
            Err(error) => {
                output::pack_error(err, &error)?;
                self.had_error = true;
                None
            }
        };
        self.configs.insert(file, config.clone());
        Ok(config)
    }

    /// The profile for `path`, loading it on first use. Errors are reported once.
    fn for_path(
        &mut self,
        path: &Path,
        err: &mut dyn WriteColor,
    ) -> std::io::Result<&Arc<Profile>> {
        let key = self.config_path(path);
        if !self.loaded.contains_key(&key) {
            let config = self.config(path, err)?;
            let (packs, extra) = match &config {
                Some(c) => (c.packs.clone(), c.reject_pack().into_iter().collect()),
                None => (Vec::new(), Vec::new()),
            };
            let (rules, failed) = load_rule_set_with(&self.args.packs, &packs, extra, err)?;
            self.had_error |= failed;
            self.loaded.insert(
                key.clone(),
                Arc::new(Profile { rules, config, rule_indices: OnceLock::new() }),
            );
        }
        Ok(&self.loaded[&key])
    }
}

impl Profile {
    /// The selection for one file: the configuration's, then the command line's.
    fn selection(&self, path: &Path, args: &CheckArgs) -> Selection {
        filter::selection(self.config.as_deref(), path, &args.select, &args.ignore)
    }

    fn lint(&self, path: &Path, doc: &Document, args: &CheckArgs) -> Vec<Diagnostic> {
        filter::lint(&self.rules, self.config.as_deref(), &self.selection(path, args), doc)
    }

    /// [`Profile::lint`] for several documents at once, each with its path.
    fn lint_many(&self, items: &[(&Path, &Document)], args: &CheckArgs) -> Vec<Vec<Diagnostic>> {
        let selections: Vec<Selection> =
            items.iter().map(|(path, _)| self.selection(path, args)).collect();
        let items: Vec<(&Selection, &Document)> =
            selections.iter().zip(items).map(|(selection, (_, doc))| (selection, *doc)).collect();
        filter::lint_many(&self.rules, self.config.as_deref(), &items)
    }

    /// The index in `rules` of the rule with id `id`.
    fn rule_index(&self, id: &str) -> Option<usize> {
        let indices = self.rule_indices.get_or_init(|| {
            self.rules.rules().iter().enumerate().map(|(i, rule)| (rule.id.clone(), i)).collect()
        });
        indices.get(id).copied()
    }

    fn fail_on(&self, args: &CheckArgs) -> Severity {
        args.fail_on
            .map(|f| f.threshold())
            .or_else(|| self.config.as_ref().and_then(|c| c.fail_on))
            .unwrap_or(Severity::Warning)
    }
}

/// How a format's records are written ahead on the threads that lint, if they can be.
fn ahead(format: Format) -> Option<Ahead> {
    match format {
        Format::Json => Some(Ahead::Json),
        Format::Jsonl => Some(Ahead::JsonLines),
        _ => None,
    }
}

/// The reporter for a format.
fn reporter(args: &CheckArgs, rules: &RuleSet) -> Box<dyn Reporter> {
    match args.format {
        Format::Human => Box::new(HumanReporter { summary_line: !args.quiet }),
        Format::Concise => Box::new(ConciseReporter),
        Format::Json => Box::new(JsonReporter::default()),
        Format::Jsonl => Box::new(JsonLinesReporter::default()),
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
    let out = output::stdout(args.color);
    let mut err = output::stderr(args.color);
    let mut profiles = Profiles::new(args);

    let mut extensions: Vec<String> = DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect();
    extensions.extend(args.extensions.iter().map(|e| e.trim_start_matches('.').to_string()));

    let stdin_path = PathBuf::from(args.stdin_filename.as_deref().unwrap_or("-"));
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
        let mut io_error = None;
        let mut wanted = |file: &Path| {
            let config = match profiles.config(file, &mut err) {
                Ok(config) => config,
                Err(error) => {
                    io_error.get_or_insert(error);
                    None
                }
            };
            let verdict = config.and_then(|c| c.walk_filter(file));
            verdict.unwrap_or_else(|| has_extension(file, &extensions))
        };
        let mut pending: Vec<PathBuf> = Vec::new();
        for path in &args.paths {
            if path.as_os_str() == "-" {
                let files = collect_files(&pending, &mut wanted);
                inputs.extend(files.into_iter().map(|r| r.map(Input::File)));
                pending.clear();
                inputs.push(Ok(Input::Stdin));
            } else {
                pending.push(path.clone());
            }
        }
        let files = collect_files(&pending, &mut wanted);
        inputs.extend(files.into_iter().map(|r| r.map(Input::File)));
        if let Some(error) = io_error {
            return Err(error);
        }
    }

    let known = match &args.baseline {
        Some(file) => match Baseline::load(file) {
            Ok(baseline) => Some(baseline),
            Err(message) => {
                output::plain(&mut err, "error", &format!("cannot read the baseline: {message}"))?;
                return Ok(EXIT_ERROR);
            }
        },
        None => None,
    };
    let recorded = args.write_baseline.as_ref().map(|_| Baseline::default());
    // Baselines look at each finding's line in its document, which must then come to this
    // thread.
    let ahead = if known.is_none() && recorded.is_none() { ahead(args.format) } else { None };
    let mut sink = Sink {
        args,
        out,
        reporter: None,
        ahead,
        known,
        recorded,
        summary: Summary::default(),
        failing: false,
        had_error: false,
    };
    let mut fix_tally = FixTally::default();
    let large = LargeFiles::from_env();
    // No more threads than inputs, so a one-file run (an editor, a hook) starts no idle
    // thread; unless a file is large enough to be linted a few blocks at a time.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let work = if inputs.len() < cores && inputs.iter().any(|input| large.applies(input, args)) {
        cores
    } else {
        inputs.len()
    };
    let threads = args.threads.map_or(cores, |n| n.get()).min(work.max(1));
    let workers = Workers::new(threads)?;
    let progress = progress_bar(args, inputs.len());
    // Inputs go to the threads a chunk at a time and come back in order, so the output does
    // not depend on the thread count and only one chunk of documents is held at once. A chunk
    // is a few groups of inputs for each thread, each group linted on one thread.
    let chunk_groups = workers.threads() * GROUPS_PER_THREAD;
    let group_inputs = inputs.len().div_ceil(chunk_groups).clamp(1, GROUP_INPUTS);
    let mut inputs = inputs.into_iter().peekable();
    // While the threads lint one chunk, this thread reports the one before, so that writing
    // the output does not leave the threads idle.
    std::thread::scope(|scope| -> std::io::Result<()> {
        let mut linting: Option<Pending<'_, Vec<Outcome>>> = None;
        loop {
            // Configurations and rule sets load here, in input order, so that each loads once
            // and their errors come out in order.
            let mut groups: Vec<Vec<Job>> = Vec::new();
            let mut chunk_bytes = 0;
            while groups.len() < chunk_groups
                && chunk_bytes < CHUNK_BYTES
                && inputs.peek().is_some()
            {
                let mut group = Vec::with_capacity(group_inputs);
                let mut group_bytes = 0;
                while group.len() < group_inputs && group_bytes < GROUP_BYTES {
                    let Some(input) = inputs.next() else { break };
                    let lookup = match &input {
                        Ok(Input::File(path)) => path.clone(),
                        _ => stdin_path.clone(),
                    };
                    // Asked once here, and handed on: the size decides the group, whether
                    // the file is linted in blocks, and how much to read.
                    let size = match &input {
                        Ok(Input::File(path)) => file_size(path),
                        _ => None,
                    };
                    group_bytes += size.unwrap_or(0);
                    let profile = Arc::clone(profiles.for_path(&lookup, &mut err)?);
                    group.push(Job { input, lookup, profile, size });
                }
                chunk_bytes += group_bytes;
                groups.push(group);
            }
            let next = if groups.is_empty() {
                None
            } else {
                let (large, progress) = (&large, &progress);
                Some(workers.map_in_background(scope, groups, move |group| {
                    let inputs = group.len() as u64;
                    let outcomes = check_group(group, args, large, ahead);
                    progress.inc(inputs);
                    outcomes
                }))
            };
            if let Some(previous) = linting.take() {
                // Waited for outside `suspend`, which holds the bar's lock that the linting
                // threads take to count each input.
                let outcomes = previous.wait();
                progress.suspend(|| -> std::io::Result<()> {
                    for outcome in outcomes.into_iter().flatten() {
                        let size = large.size;
                        report(outcome, &workers, size, &mut sink, &mut err, &mut fix_tally)?;
                    }
                    Ok(())
                })?;
            }
            match next {
                Some(next) => linting = Some(next),
                None => return Ok(()),
            }
        }
    })?;
    progress.finish_and_clear();
    let Sink { mut out, reporter, recorded, summary, mut failing, had_error, .. } = sink;
    let mut reporter = match reporter {
        Some(reporter) => reporter,
        None => {
            let profile = profiles.for_path(&stdin_path, &mut err)?;
            self::reporter(args, &profile.rules)
        }
    };
    // A diff, or fixed text on standard output, is the whole output.
    let output_is_text = args.diff || (args.fix && stdin_only(args));
    if !output_is_text {
        reporter.finish(&mut out, &summary)?;
    }
    if args.fix || args.diff {
        fix_tally.remaining += summary.findings();
        let verb = if args.diff { "would fix" } else { "fixed" };
        let plural = |n: usize, word: &str| {
            if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
        };
        let message = format!(
            "{verb} {} in {}, {} remain",
            plural(fix_tally.fixed, "finding"),
            plural(fix_tally.files, "file"),
            fix_tally.remaining
        );
        output::plain(&mut err, "note", &message)?;
        if args.diff && fix_tally.files > 0 {
            failing = true;
        }
    }
    if args.statistics {
        // Machine-readable formats keep standard output to themselves.
        match args.format {
            Format::Human | Format::Concise => write_statistics(&mut out, &summary)?,
            _ => write_statistics(&mut err, &summary)?,
        }
    }
    out.flush()?;
    if let (Some(file), Some(recorded)) = (&args.write_baseline, &recorded) {
        if let Err(error) = recorded.write(file) {
            let message = format!("cannot write the baseline {}: {error}", file.display());
            output::plain(&mut err, "error", &message)?;
            return Ok(EXIT_ERROR);
        }
        let message =
            format!("recorded {} findings in the baseline {}", recorded.len(), file.display());
        output::plain(&mut err, "note", &message)?;
        failing = false;
    }

    let code = if had_error || profiles.had_error {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    // The process ends next: freeing thousands of compiled rules one by one would take longer
    // than a one-article run spends linting. (The early error exits above still free them.)
    std::mem::forget(profiles);
    Ok(code)
}

/// Reports what became of one input, in input order: its errors and notes, its fixed text
/// or diff, and its findings (a large file is linted and reported here, block by block).
fn report(
    outcome: Outcome,
    workers: &Workers,
    size: BlockSize,
    sink: &mut Sink<'_>,
    err: &mut dyn WriteColor,
    fix_tally: &mut FixTally,
) -> std::io::Result<()> {
    let checked = match outcome {
        Outcome::Unreadable(message) => {
            sink.had_error = true;
            return output::plain(err, "error", &message);
        }
        Outcome::Large(file) => return check_large(&file, workers, size, sink, err),
        Outcome::Checked(checked) => checked,
    };
    for (level, message) in &checked.notes {
        output::plain(err, level, message)?;
    }
    sink.had_error |= checked.write_failed;
    if let Some(text) = &checked.text_output {
        write!(sink.out, "{text}")?;
    }
    fix_tally.fixed += checked.fixed;
    fix_tally.files += usize::from(checked.fixed_file);
    fix_tally.remaining += checked.remaining;
    let with_findings = match checked.linted {
        Some(Linted::Document(doc, diagnostics)) => {
            sink.report(&checked.profile, &checked.path, &doc, Origin::default(), diagnostics)?
        }
        Some(Linted::Written(written)) => sink.report_written(&checked.profile, &written)?,
        None => return Ok(()),
    };
    sink.end_file(&checked.path, with_findings)
}

/// What happens to findings once a file or a block is linted, in input order: the baseline,
/// the summary, the exit status and the reporter.
struct Sink<'a> {
    args: &'a CheckArgs,
    out: Box<dyn WriteColor>,
    /// Made for the first file reported (SARIF lists that file's rules).
    reporter: Option<Box<dyn Reporter>>,
    /// Set when parts come with their records written ahead ([`Written`]).
    ahead: Option<Ahead>,
    /// The baseline given with `--baseline`, whose findings are left out.
    known: Option<Baseline>,
    /// The baseline being recorded with `--write-baseline`.
    recorded: Option<Baseline>,
    summary: Summary,
    /// Whether a finding is at or above its file's failure threshold.
    failing: bool,
    /// Whether an input could not be read or written.
    had_error: bool,
}

impl Sink<'_> {
    /// Reports the findings of a whole file, or of one block of a large file that starts at
    /// `origin`; `diagnostics` are in the offsets of `doc`. Says whether any is left to report.
    fn report(
        &mut self,
        profile: &Profile,
        path: &str,
        doc: &Document,
        origin: Origin,
        mut diagnostics: Vec<Diagnostic>,
    ) -> std::io::Result<bool> {
        // Baseline fingerprints look only at the finding's line, so a block's offsets do.
        if let Some(recorded) = &mut self.recorded {
            recorded.record(path, doc, &diagnostics);
        }
        if let Some(known) = &mut self.known {
            known.filter(path, doc, &mut diagnostics);
        }
        self.summary.add_findings(&diagnostics);
        let threshold = profile.fail_on(self.args);
        self.failing |= diagnostics.iter().any(|d| d.severity >= threshold);
        blocks::shift(&mut diagnostics, origin.offset);
        let args = self.args;
        let reporter = self.reporter.get_or_insert_with(|| reporter(args, &profile.rules));
        reporter.part(&mut self.out, path, &SourceView::block(doc, origin), &diagnostics)?;
        Ok(!diagnostics.is_empty())
    }

    /// [`Sink::report`] for a part whose records were written ahead.
    fn report_written(&mut self, profile: &Profile, written: &Written) -> std::io::Result<bool> {
        let counts = &written.counts;
        for (rule, severity, findings) in &counts.per_rule {
            let id = match rule {
                RuleRef::Index(index) => profile.rules.rules()[*index].id.as_str(),
                RuleRef::Id(id) => id.as_str(),
            };
            self.summary.add_rule_findings(id, *severity, *findings);
        }
        self.failing |= counts.failing;
        let args = self.args;
        let reporter = self.reporter.get_or_insert_with(|| reporter(args, &profile.rules));
        reporter.records_part(&mut self.out, &written.records)?;
        Ok(!counts.per_rule.is_empty())
    }

    /// Ends a file whose parts were reported; it counts once in the summary.
    fn end_file(&mut self, path: &str, with_findings: bool) -> std::io::Result<()> {
        self.summary.add_checked_file(with_findings);
        match &mut self.reporter {
            Some(reporter) => reporter.end_file(&mut self.out, path),
            None => Ok(()),
        }
    }
}

/// What became of one input on a worker thread, reported later in input order.
enum Outcome {
    /// The input could not be read: the message says why.
    Unreadable(String),
    Checked(Box<Checked>),
    /// A large file, to lint block by block while reporting (see [`check_large`]).
    Large(Box<LargeFile>),
}

/// A file above the size threshold, found on a worker thread.
struct LargeFile {
    path: String,
    /// The file to open.
    file: PathBuf,
    profile: Arc<Profile>,
    format: InputFormat,
}

/// When files are linted block by block, and in blocks of what size.
struct LargeFiles {
    /// Files above this many bytes are.
    threshold: u64,
    size: BlockSize,
}

impl LargeFiles {
    /// The built-in limits, or `MTLINT_BLOCK_BYTES` for both: a hook for tests, which need
    /// small blocks, not an option for users.
    fn from_env() -> LargeFiles {
        let from_env = std::env::var("MTLINT_BLOCK_BYTES").ok().and_then(|v| v.parse().ok());
        match from_env.filter(|&bytes: &usize| bytes > 0) {
            Some(bytes) => LargeFiles { threshold: bytes as u64, size: BlockSize::new(bytes) },
            None => LargeFiles { threshold: LARGE_FILE_BYTES, size: BlockSize::new(BLOCK_BYTES) },
        }
    }

    /// The format of `input`, when it is a file to lint block by block: larger than the
    /// threshold, in a format that can be cut, and not to be fixed (fixes need the whole text
    /// and write it whole).
    /// `size` is [`file_size`] of the input.
    fn format_of(&self, input: &Input, size: Option<u64>, args: &CheckArgs) -> Option<InputFormat> {
        let Input::File(path) = input else { return None };
        if args.fix || args.diff {
            return None;
        }
        let format = input_format(args, path);
        let large = size.is_some_and(|len| len > self.threshold);
        (large && can_cut(format)).then_some(format)
    }

    fn applies(&self, input: &Result<Input, InputError>, args: &CheckArgs) -> bool {
        input.as_ref().is_ok_and(|input| {
            let size = match input {
                Input::File(path) => file_size(path),
                Input::Stdin => None,
            };
            self.format_of(input, size, args).is_some()
        })
    }
}

/// The length of a regular file; `None` for anything else, or when it cannot be asked.
fn file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len())
}

/// The format an input is read in: the one forced on the command line, or the one its name
/// implies.
fn input_format(args: &CheckArgs, lookup: &Path) -> InputFormat {
    match args.input_format {
        Some(forced) => forced.format(),
        None => InputFormat::from_path(&lookup.to_string_lossy()),
    }
}

/// Lints a large file block by block, as many blocks at a time as there are threads, and
/// reports each block before reading on: memory holds a few blocks and their findings, never
/// the file. Rules that look across a document see one block at a time.
fn check_large(
    file: &LargeFile,
    workers: &Workers,
    size: BlockSize,
    sink: &mut Sink<'_>,
    err: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let path = &file.path;
    let profile = &*file.profile;
    let open = || {
        std::fs::File::open(&file.file)
            .map(|f| BlockReader::new(f, path.clone(), file.format, size))
            .map_err(|error| InputError::Io { path: path.clone(), error })
    };
    // A first pass reads the file through, so that a binary file or invalid UTF-8 is
    // reported as for a file read whole, before anything of the file is. Most files are
    // clean, which a plain read shows; only the others are read in blocks, for the error's
    // place.
    let clean = std::fs::File::open(&file.file).is_ok_and(blocks::reads_clean);
    let checked = if clean {
        Ok(())
    } else {
        open().and_then(|mut reader| reader.try_for_each(|block| block.map(drop)))
    };
    let mut reader = match checked.and_then(|()| open()) {
        Ok(reader) => reader,
        Err(error) => {
            sink.had_error = true;
            return output::plain(err, "error", &error.to_string());
        }
    };
    let mut with_findings = false;
    let mut failure = None;
    let blocks =
        reader.by_ref().map_while(|block| block.map_err(|error| failure = Some(error)).ok());
    let (args, ahead) = (sink.args, sink.ahead);
    // Blocks stream through the threads, reported in order as they are linted. At most one
    // block a thread, and one more, is in memory at a time: each linted block holds several
    // times its size.
    workers.for_each_in_order(
        blocks,
        |block| {
            let doc = Document::with_format(block.text, file.format);
            let mut diagnostics = profile.lint(&file.file, &doc, args);
            match ahead {
                Some(ahead) => {
                    blocks::shift(&mut diagnostics, block.origin.offset);
                    let view = SourceView::block(&doc, block.origin);
                    let written = Written::new(ahead, profile, args, path, &view, &diagnostics);
                    // The text goes back to the reporting thread, which read it, to be freed
                    // there: memory freed on another thread waits until its owner looks, and
                    // two threads held 113 MB for a 100 MB file, against 63 MB so.
                    let text = doc.into_source();
                    (block.origin, Linted::Written(written), Some(text))
                }
                None => (block.origin, Linted::Document(Box::new(doc), diagnostics), None),
            }
        },
        |(origin, linted, _text)| {
            with_findings |= match linted {
                Linted::Document(doc, diagnostics) => {
                    sink.report(profile, path, &doc, origin, diagnostics)?
                }
                Linted::Written(written) => sink.report_written(profile, &written)?,
            };
            Ok::<(), std::io::Error>(())
        },
    )?;
    if let Some(error) = failure {
        // The file changed since the first pass.
        sink.had_error = true;
        output::plain(err, "error", &error.to_string())?;
    }
    sink.end_file(path, with_findings)
}

struct Checked {
    path: String,
    /// The profile the input was linted with.
    profile: Arc<Profile>,
    /// Messages for standard error, as (level, text).
    notes: Vec<(&'static str, String)>,
    /// What goes to standard output instead of findings: a diff, or fixed standard input.
    text_output: Option<String>,
    fixed: usize,
    fixed_file: bool,
    write_failed: bool,
    /// Findings left after fixing, counted when they are not reported.
    remaining: usize,
    /// The document and its findings, to report; none when the diff or fixed text is the
    /// output.
    linted: Option<Linted>,
    /// The path that chooses the rules, while the document's findings are still to be found
    /// (see [`check_group`]).
    to_lint: Option<PathBuf>,
}

/// A linted document or block, to report.
enum Linted {
    /// The document and its findings.
    Document(Box<Document>, Vec<Diagnostic>),
    /// Findings whose records were written on the thread that linted them.
    Written(Written),
}

/// Findings of a part, with their records written ahead (see [`Ahead`]): the document and
/// the findings are freed on the thread that made them, where a free is cheap, and the
/// reporting thread only counts and copies bytes out.
struct Written {
    counts: PartCounts,
    records: Vec<u8>,
}

impl Written {
    /// The records and counts of `diagnostics`, in the offsets of `view`'s file.
    fn new(
        ahead: Ahead,
        profile: &Profile,
        args: &CheckArgs,
        path: &str,
        view: &SourceView<'_>,
        diagnostics: &[Diagnostic],
    ) -> Self {
        let records = ahead.records(path, view, diagnostics);
        Written { counts: PartCounts::new(profile, args, diagnostics), records }
    }
}

/// What the summary and the exit status need of a part's findings.
#[derive(Debug, Default, PartialEq)]
struct PartCounts {
    /// Findings by rule and severity, in the order the pairs first occur.
    per_rule: Vec<(RuleRef, Severity, usize)>,
    /// Whether a finding is at or above the file's failure threshold.
    failing: bool,
}

/// A rule of a profile: its index among the profile's rules, or its id when it is not one
/// of them.
#[derive(Debug, PartialEq)]
enum RuleRef {
    Index(usize),
    Id(String),
}

impl RuleRef {
    /// The rule's id, `rules` being the profile's rules.
    fn id<'a>(&'a self, rules: &'a [Rule]) -> &'a str {
        match self {
            RuleRef::Index(index) => rules[*index].id.as_str(),
            RuleRef::Id(id) => id.as_str(),
        }
    }
}

impl PartCounts {
    fn new(profile: &Profile, args: &CheckArgs, diagnostics: &[Diagnostic]) -> Self {
        let threshold = profile.fail_on(args);
        let mut counts = PartCounts::default();
        let rules = profile.rules.rules();
        for d in diagnostics {
            counts.failing |= d.severity >= threshold;
            // A part has findings of a few rules: a short list is searched by id, most
            // told apart by their lengths, before the id is looked up among all the rules.
            let same = |(rule, severity, _): &&mut (RuleRef, Severity, usize)| {
                *severity == d.severity && rule.id(rules) == d.rule
            };
            match counts.per_rule.iter_mut().find(same) {
                Some((_, _, findings)) => *findings += 1,
                None => {
                    let rule = match profile.rule_index(&d.rule) {
                        Some(index) => RuleRef::Index(index),
                        None => RuleRef::Id(d.rule.clone()),
                    };
                    counts.per_rule.push((rule, d.severity, 1));
                }
            }
        }
        counts
    }
}

/// An input to check.
struct Job {
    input: Result<Input, InputError>,
    /// The path that chooses its configuration.
    lookup: PathBuf,
    profile: Arc<Profile>,
    /// [`file_size`] of a file.
    size: Option<u64>,
}

/// Inputs linted together on one thread, at most (see [`check_group`]).
const GROUP_INPUTS: usize = 32;

/// A group is closed once its files hold this many bytes.
const GROUP_BYTES: u64 = 512 << 10;

/// Groups in a chunk, for each thread: more than one, so that a thread whose group is done
/// takes another while a slower one finishes.
const GROUPS_PER_THREAD: usize = 2;

/// A chunk is closed once its files hold this many bytes, which bounds the documents held
/// at once when files are large.
const CHUNK_BYTES: u64 = 8 << 20;

/// Reads and fixes (with --fix or --diff) one input, and builds its document to lint; safe
/// to run on any thread.
fn check_input(job: Job, args: &CheckArgs, large: &LargeFiles) -> Outcome {
    let Job { input, lookup, profile, size } = job;
    if let Ok(input) = &input
        && let Some(format) = large.format_of(input, size, args)
    {
        let Input::File(file) = input else { unreachable!("only files are large") };
        let path = display_path(file);
        return Outcome::Large(Box::new(LargeFile { path, file: file.clone(), profile, format }));
    }
    let lookup_is_stdin = !matches!(&input, Ok(Input::File(_)));
    let (path, text) =
        match input.and_then(|input| read_input(input, size, args.stdin_filename.as_deref())) {
            Ok(read) => read,
            Err(error) => return Outcome::Unreadable(error.to_string()),
        };
    let format = input_format(args, &lookup);
    let mut checked = Checked {
        path,
        profile: Arc::clone(&profile),
        notes: Vec::new(),
        text_output: None,
        fixed: 0,
        fixed_file: false,
        write_failed: false,
        remaining: 0,
        linted: None,
        to_lint: None,
    };
    let mut text = text;
    if args.fix || args.diff {
        let outcome = fix_until_stable(
            &text,
            |t| profile.lint(&lookup, &Document::with_format(t.to_string(), format), args),
            args.unsafe_fixes,
            MAX_FIX_ROUNDS,
        );
        if outcome.hit_limit {
            // The loop stops at the round limit, or earlier when a round would have blown
            // the text up (a fix whose replacement the rule matches again).
            let message = if outcome.rounds >= MAX_FIX_ROUNDS {
                format!(
                    "{}: fixes still changed the text after {MAX_FIX_ROUNDS} rounds; stopped",
                    checked.path
                )
            } else {
                format!(
                    "{}: fixes kept growing the text (a replacement the rule matches again?); \
                     stopped after {} rounds",
                    checked.path, outcome.rounds
                )
            };
            checked.notes.push(("warning", message));
        }
        if outcome.text != text {
            checked.fixed = outcome.fixed;
            checked.fixed_file = true;
            if args.diff {
                checked.text_output = Some(diff_text(&checked.path, &text, &outcome.text));
            } else if lookup_is_stdin {
                checked.text_output = Some(outcome.text.clone());
            } else if let Err(message) = write_fixed(&lookup, &text, &outcome.text) {
                checked.notes.push(("error", format!("{}: {message}", checked.path)));
                checked.write_failed = true;
                return Outcome::Checked(Box::new(checked));
            }
            text = outcome.text;
        } else if args.fix && lookup_is_stdin {
            checked.text_output = Some(text.clone());
        }
        if args.diff || (args.fix && lookup_is_stdin) {
            // The diff or the fixed text is the output; findings would be mixed into it.
            let doc = Document::with_format(text, format);
            checked.remaining = profile.lint(&lookup, &doc, args).len();
            return Outcome::Checked(Box::new(checked));
        }
    }
    let doc = Box::new(Document::with_format(text, format));
    checked.linted = Some(Linted::Document(doc, Vec::new()));
    checked.to_lint = Some(lookup);
    Outcome::Checked(Box::new(checked))
}

/// Reads and fixes a group of inputs on one thread, then lints their documents together:
/// those in a row with the same profile go through the rules one rule at a time (see
/// [`filter::lint_many`]). With `ahead`, their records are written here too.
fn check_group(
    group: Vec<Job>,
    args: &CheckArgs,
    large: &LargeFiles,
    ahead: Option<Ahead>,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> =
        group.into_iter().map(|job| check_input(job, args, large)).collect();
    let mut start = 0;
    while start < outcomes.len() {
        let Some(profile) = to_lint(&outcomes[start]).map(|c| Arc::clone(&c.profile)) else {
            start += 1;
            continue;
        };
        let same = |o: &Outcome| to_lint(o).is_some_and(|c| Arc::ptr_eq(&c.profile, &profile));
        let end = start + outcomes[start..].iter().take_while(|o| same(o)).count();
        let items: Vec<(&Path, &Document)> = outcomes[start..end]
            .iter()
            .filter_map(to_lint)
            .filter_map(|c| Some((c.to_lint.as_deref()?, document_of(c)?)))
            .collect();
        let found = profile.lint_many(&items, args);
        // `to_lint` is the filter above, item for item.
        let linted = outcomes[start..end].iter_mut().filter_map(|outcome| match outcome {
            Outcome::Checked(checked) if to_lint_checked(checked) => Some(checked),
            _ => None,
        });
        for (checked, diagnostics) in linted.zip(found) {
            checked.to_lint = None;
            let Some(Linted::Document(doc, _)) = checked.linted.take() else { continue };
            checked.linted = Some(match ahead {
                Some(ahead) => {
                    let view = SourceView::whole(&doc);
                    let (profile, path) = (&checked.profile, &checked.path);
                    Linted::Written(Written::new(ahead, profile, args, path, &view, &diagnostics))
                }
                None => Linted::Document(doc, diagnostics),
            });
        }
        start = end;
    }
    outcomes
}

/// The document of an outcome still to lint.
fn document_of(checked: &Checked) -> Option<&Document> {
    match &checked.linted {
        Some(Linted::Document(doc, _)) => Some(doc),
        _ => None,
    }
}

/// The input of an outcome whose findings are still to be found.
fn to_lint(outcome: &Outcome) -> Option<&Checked> {
    match outcome {
        Outcome::Checked(checked) if to_lint_checked(checked) => Some(checked),
        _ => None,
    }
}

fn to_lint_checked(checked: &Checked) -> bool {
    checked.to_lint.is_some() && document_of(checked).is_some()
}

/// A progress bar on standard error for long runs in a terminal; hidden in pipes, in CI
/// and for a handful of files.
fn progress_bar(args: &CheckArgs, inputs: usize) -> indicatif::ProgressBar {
    const MANY_FILES: usize = 200;
    let show = !args.no_progress
        && !args.quiet
        && inputs >= MANY_FILES
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none();
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(inputs as u64);
    // indicatif's own `{per_sec}` shows four decimals of a rate; whole files read better.
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {pos}/{len} files [{bar:30}] {files_per_sec} files/s, {eta} left",
    )
    .expect("valid progress template")
    .with_key("files_per_sec", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = write!(w, "{:.0}", state.per_sec());
    })
    .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// Rounds of fixing and re-linting before giving up on a text that keeps changing.
const MAX_FIX_ROUNDS: usize = 10;

#[derive(Default)]
struct FixTally {
    fixed: usize,
    files: usize,
    remaining: usize,
}

/// Whether every input is standard input.
fn stdin_only(args: &CheckArgs) -> bool {
    args.paths.is_empty() || args.paths.iter().all(|p| p.as_os_str() == "-")
}

/// A unified diff of a file's fixes.
fn diff_text(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let a = format!("a/{path}");
    let b = format!("b/{path}");
    diff.unified_diff().context_radius(2).header(&a, &b).to_string()
}

/// Writes the fixed text, unless the file changed on disk since it was read.
fn write_fixed(path: &Path, read: &str, fixed: &str) -> Result<(), String> {
    let now = std::fs::read(path).map_err(|e| e.to_string())?;
    if now != read.as_bytes() {
        return Err("changed on disk while it was being fixed; not written".to_string());
    }
    mtlint::fix::write_atomically(path, fixed.as_bytes()).map_err(|e| e.to_string())
}

/// Reads an input; `size` is [`file_size`] of a file.
fn read_input(
    input: Input,
    size: Option<u64>,
    stdin_name: Option<&str>,
) -> Result<(String, String), InputError> {
    match input {
        Input::File(path) => {
            let text = read_text_of_size(&path, size)?;
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
