//! `scanno suggest WORD [--context "left _ right"]`: the corrector's ranked readings of one
//! OCR word, with their scores.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use scanno::channel::Channel;
use scanno::correct::Corrector;
use scanno::{Error, Lexicon};

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The word as the OCR read it (casing matters: capitalised words are treated as names).
    pub word: String,

    /// The words around it, with `_` standing for WORD: "of _ government", "_ government",
    /// "of _". Only the nearest word on each side is used.
    #[arg(long, value_name = "\"LEFT _ RIGHT\"")]
    pub context: Option<String>,

    /// An error model written by `scanno train` instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Add a lexicon (repeatable), as for `clean`.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,

    /// Show at most this many readings.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
}

/// Splits "left _ right" into the nearest neighbour on each side of `_`.
fn neighbours(context: &str) -> (Option<String>, Option<String>) {
    let word = |s: &str, last: bool| {
        let mut it = s.split_whitespace();
        let w = if last { it.next_back() } else { it.next() }?;
        let r = scanno::tokens::core_range(w);
        (!r.is_empty()).then(|| w[r].to_lowercase())
    };
    match context.split_once('_') {
        Some((l, r)) => (word(l, true), word(r, false)),
        None => (word(context, true), None),
    }
}

/// Prints the readings, best first. Returns the exit code.
pub fn run(args: &SuggestArgs) -> Result<i32, Error> {
    let mut lexicon = Lexicon::embedded();
    for path in &args.lexicons {
        lexicon.add_file(path)?;
    }
    let owned;
    let channel = match &args.model {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::from(e).at(path))?;
            owned = Channel::from_bytes(&bytes).map_err(|e| e.at(path))?;
            &owned
        }
        None => Channel::embedded(),
    };
    let (left, right) = args
        .context
        .as_deref()
        .map(neighbours)
        .unwrap_or((None, None));
    let corrector = Corrector::as_in_clean(&lexicon, channel);
    let mut out = Vec::new();
    corrector.suggest(&args.word, left.as_deref(), right.as_deref(), &mut out);
    // Written, not printed: a closed pipe (`scanno suggest x | head -3`) ends the output
    // quietly instead of panicking.
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "{:<20} {:>10} {:>8} {:>8} {:>8}",
        "reading", "confidence", "score", "channel", "context"
    )?;
    for s in out.iter().take(args.limit) {
        let word = if s.keep {
            format!("{} (keep)", args.word)
        } else {
            scanno::correct::match_case(&s.word, &args.word)
        };
        writeln!(
            w,
            "{:<20} {:>10.3} {:>8.2} {:>8.2} {:>8.2}",
            word, s.confidence, s.score, s.channel, s.context
        )?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_gives_nearest_neighbours() {
        assert_eq!(
            neighbours("the men of _ government,"),
            (Some("of".into()), Some("government".into()))
        );
        assert_eq!(neighbours("_ Creek"), (None, Some("creek".into())));
        assert_eq!(neighbours("they"), (Some("they".into()), None));
    }
}
