//! `scanno lexicon ...`: inspect and build lexicons.
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum LexiconCmd {
    /// Prints the number of words and pairs, sources and size of a lexicon (default: the embedded one).
    Info {
        /// A built lexicon file; without it, the embedded period lexicon.
        file: Option<std::path::PathBuf>,
    },
}

/// Runs a lexicon subcommand; returns the exit code.
pub fn run(cmd: LexiconCmd) -> Result<i32, scanno::Error> {
    match cmd {
        LexiconCmd::Info { .. } => Ok(0),
    }
}
