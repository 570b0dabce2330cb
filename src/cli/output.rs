//! Terminal streams with the colour choice applied, and error reporting on stderr.

use std::io::{BufWriter, IsTerminal};

use codespan_reporting::term::termcolor::{
    BufferedStandardStream, Color, ColorChoice as TermColorChoice, ColorSpec, NoColor,
    StandardStream, WriteColor,
};
use mtlint::render::human::{self, Label, Level, Report};
use mtlint::rules::PackError;

use super::args::ColorChoice;

fn resolve(choice: ColorChoice, is_terminal: bool) -> TermColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => TermColorChoice::Always,
        ColorChoice::Never => TermColorChoice::Never,
        ColorChoice::Auto if no_color || !is_terminal => TermColorChoice::Never,
        ColorChoice::Auto => TermColorChoice::Auto,
    }
}

/// Standard output for findings. Without colours it is written in blocks of
/// [`OUT_BUFFER_BYTES`]: a run over an archive writes tens of megabytes, and the terminal
/// stream's small buffer would make that one system call every few kilobytes.
pub fn stdout(choice: ColorChoice) -> Box<dyn WriteColor> {
    match resolve(choice, std::io::stdout().is_terminal()) {
        TermColorChoice::Never => {
            Box::new(NoColor::new(BufWriter::with_capacity(OUT_BUFFER_BYTES, std::io::stdout())))
        }
        colored => Box::new(BufferedStandardStream::stdout(colored)),
    }
}

/// The buffer of uncoloured standard output.
const OUT_BUFFER_BYTES: usize = 256 << 10;

pub fn stderr(choice: ColorChoice) -> StandardStream {
    StandardStream::stderr(resolve(choice, std::io::stderr().is_terminal()))
}

/// Writes `error: message` (or another level) in the compiler style, for problems without a
/// source snippet.
pub fn plain(out: &mut dyn WriteColor, level: &str, message: &str) -> std::io::Result<()> {
    let color = match level {
        "error" => Color::Red,
        "warning" => Color::Yellow,
        _ => Color::Cyan,
    };
    out.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
    write!(out, "{level}")?;
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, ": {message}")?;
    out.reset()?;
    writeln!(out)
}

/// Writes a rule-pack error, with a snippet of the TOML when its position is known.
pub fn pack_error(out: &mut dyn WriteColor, error: &PackError) -> std::io::Result<()> {
    match (&error.source_text, &error.span) {
        (Some(source), Some(span)) => {
            let report = Report {
                level: Level::Error,
                code: None,
                message: &error.message,
                labels: vec![Label {
                    range: span.clone(),
                    message: error.label.clone(),
                    primary: true,
                }],
                notes: error.notes.clone(),
            };
            human::emit(out, &error.path, source, &report)
        }
        _ => {
            plain(out, "error", &format!("{}: {}", error.path, error.message))?;
            for note in &error.notes {
                writeln!(out, "  = note: {note}")?;
            }
            Ok(())
        }
    }
}
