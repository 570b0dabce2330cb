//! Inputs: walking directories (honouring .gitignore), reading files and checking that they
//! are UTF-8 text; [`blocks`] reads large files a block at a time.

pub mod blocks;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions linted when a directory is walked; files named explicitly are always linted.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// Bytes scanned for a NUL to decide that a file is binary.
const BINARY_SNIFF_LEN: usize = 8192;

/// Why an input could not be linted.
#[derive(Debug)]
pub enum InputError {
    Io { path: String, error: std::io::Error },
    InvalidUtf8 { path: String, offset: usize, line: usize, column: usize },
    Binary { path: String },
    Walk { path: String, message: String },
}

impl InputError {
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::InvalidUtf8 { path, .. }
            | InputError::Binary { path }
            | InputError::Walk { path, .. } => path,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { path, error } => write!(f, "{path}: {}", describe_io(error)),
            InputError::InvalidUtf8 { path, offset, line, column } => write!(
                f,
                "{path}:{line}:{column}: invalid UTF-8 at byte {offset}; the file was not linted"
            ),
            InputError::Binary { path } => {
                write!(f, "{path}: binary file (it contains NUL bytes), skipped")
            }
            InputError::Walk { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for InputError {}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Reads a file as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    read_text_of_size(path, None)
}

/// [`read_text`] of a file whose length was found to be `size` (it is read whole whatever
/// its length now): the read needs not ask for the length again.
pub fn read_text_of_size(path: &Path, size: Option<u64>) -> Result<String, InputError> {
    let display = path.display().to_string();
    let read = match size {
        Some(len) => std::fs::File::open(path).and_then(|mut file| {
            // One byte more, so that the read that finds the end needs no room of its own.
            let capacity = usize::try_from(len).map_or(0, |len| len.saturating_add(1));
            let mut bytes = Vec::new();
            bytes.try_reserve_exact(capacity).map_err(|_| std::io::ErrorKind::OutOfMemory)?;
            // Through `take`, which reads on to the end without asking the file its length
            // and position as a `File`'s own `read_to_end` does.
            Read::read_to_end(&mut Read::take(&mut file, u64::MAX), &mut bytes).map(|_| bytes)
        }),
        None => std::fs::read(path),
    };
    match read {
        Ok(bytes) => decode(&display, bytes),
        Err(error) if error.kind() == std::io::ErrorKind::IsADirectory => {
            Err(InputError::Walk { path: display, message: "is a directory".into() })
        }
        Err(error) => Err(InputError::Io { path: display, error }),
    }
}

/// Checks that bytes are UTF-8 text (a BOM is kept: spans count the bytes as read).
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes[..bytes.len().min(BINARY_SNIFF_LEN)].contains(&0) {
        return Err(InputError::Binary { path: path.to_string() });
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid_up_to = err.utf8_error().valid_up_to();
        invalid_utf8(path, &err.as_bytes()[..valid_up_to], blocks::Origin::default())
    })
}

/// The error for invalid UTF-8 right after `valid`, a text that starts at `origin` in its file:
/// the position is the file's.
fn invalid_utf8(path: &str, valid: &[u8], origin: blocks::Origin) -> InputError {
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    let newlines = valid.matches('\n').count();
    let last_line = valid.rsplit('\n').next().unwrap_or("").chars().count();
    let column = if newlines == 0 { origin.column + last_line } else { last_line };
    InputError::InvalidUtf8 {
        path: path.to_string(),
        offset: origin.offset + valid.len(),
        line: origin.line + newlines + 1,
        column: column + 1,
    }
}

/// Whether a file has one of the extensions (compared without regard to case).
pub fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Expands the paths given on the command line into files, in a stable order: each path in
/// turn, directories walked in file-name order. Files given by name are always kept; files
/// found by walking are kept when `wanted` says so.
pub fn collect_files(
    paths: &[PathBuf],
    wanted: &mut dyn FnMut(&Path) -> bool,
) -> Vec<Result<PathBuf, InputError>> {
    let mut out = Vec::new();
    for path in paths {
        let display = path.display().to_string();
        match std::fs::metadata(path) {
            Err(error) => out.push(Err(InputError::Io { path: display, error })),
            Ok(meta) if !meta.is_dir() => out.push(Ok(path.clone())),
            Ok(_) => walk_dir(path, wanted, &mut out),
        }
    }
    out
}

fn walk_dir(
    root: &Path,
    wanted: &mut dyn FnMut(&Path) -> bool,
    out: &mut Vec<Result<PathBuf, InputError>>,
) {
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .add_custom_ignore_filename(".mtlintignore")
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && wanted(entry.path()) {
                    out.push(Ok(entry.into_path()));
                }
            }
            Err(err) => out.push(Err(InputError::Walk {
                path: root.display().to_string(),
                message: err.to_string(),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte_and_position() {
        let err = decode("a.txt", b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "a.txt:2:3: invalid UTF-8 at byte 5; the file was not linted");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(
            decode("x.txt", b"PK\x03\x04\0\0".to_vec()),
            Err(InputError::Binary { .. })
        ));
    }

    #[test]
    fn bom_and_empty_text_are_fine() {
        assert_eq!(decode("x", b"\xef\xbb\xbfHi".to_vec()).unwrap(), "\u{feff}Hi");
        assert_eq!(decode("x", Vec::new()).unwrap(), "");
    }
}
