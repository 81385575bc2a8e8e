//! The library's error type.

use std::fmt;
use std::path::PathBuf;

/// What went wrong.
#[derive(Debug)]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    Io(std::io::Error),
    /// The input looks like a binary file, not text.
    Binary,
    /// The input is larger than the configured limit.
    TooLarge { size: u64, limit: u64 },
    /// A lexicon, model or report file is malformed.
    BadData(String),
    /// Edits could not be applied (a stale or corrupt report).
    Apply(crate::edit::ApplyError),
}

/// An error with its context (which file, which line).
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub path: Option<PathBuf>,
    pub line: Option<u64>,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, path: None, line: None }
    }

    /// Attaches the path the error is about.
    pub fn at(mut self, path: impl Into<PathBuf>) -> Error {
        self.path = Some(path.into());
        self
    }

    /// Attaches a line number.
    pub fn on_line(mut self, line: u64) -> Error {
        self.line = Some(line);
        self
    }

    pub fn bad_data(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::BadData(msg.into()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}", p.display())?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
            }
            f.write_str(": ")?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Binary => f.write_str("looks like a binary file, not text (skipped)"),
            ErrorKind::TooLarge { size, limit } => write!(
                f,
                "file is {} MB, over the {} MB limit (raise it with --max-file-size)",
                size / 1_000_000,
                limit / 1_000_000
            ),
            ErrorKind::BadData(m) => f.write_str(m),
            ErrorKind::Apply(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::Apply(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

impl From<crate::edit::ApplyError> for Error {
    fn from(e: crate::edit::ApplyError) -> Error {
        Error::new(ErrorKind::Apply(e))
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
