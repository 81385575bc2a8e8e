//! `scanno lexicon ...`: inspect lexicons, look words up, build a corpus lexicon.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use scanno::lexicon::{flags, Candidate, CorpusCounter, LayerInfo, SCALE};
use scanno::{Error, ErrorKind, Lexicon};

use crate::files;

#[derive(Debug, Subcommand)]
pub enum LexiconCmd {
    /// Print the words, word pairs, sources and size of a lexicon (default: the embedded one).
    #[command(after_help = "\
Examples:
  scanno lexicon info                     the embedded period lexicon
  scanno lexicon info corpus.lex          a lexicon built with `scanno lexicon build`
  scanno lexicon info names.txt           a word list, as --lexicon would read it")]
    Info(InfoArgs),
    /// Print a word's frequency, flags, the words that follow it and its nearest entries.
    #[command(after_help = "\
Examples:
  scanno lexicon lookup connexion                     is it a word of the period, how common?
  scanno lexicon lookup goverument --distance 2       what would it be corrected towards?
  scanno lexicon lookup Karkaralinsk --lexicon names.txt

Exit status: 0 if every WORD is in the lexicon, 1 if one is not, 2 on error.")]
    Lookup(LookupArgs),
    /// Count the words and word pairs of clean text into a lexicon file for --lexicon.
    #[command(after_help = "\
Examples:
  scanno lexicon build transcribed/ -o corpus.lex     every *.txt under transcribed/
  scanno lexicon build a.txt b.txt -o corpus.lex --min-pair 1
  scanno clean scans/ --lexicon corpus.lex --out clean/

Use hand-corrected or born-digital text of the same period and kind: every word in it
becomes a word the cleaner trusts, so OCR errors in the input would be protected too.
Counts are scaled to occurrences per 10^10 words, so they add sensibly to the embedded
lexicon's; a corpus under a million words is scaled as if it had a million.")]
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Lexicon files (built `.lex` files or word lists); without any, the embedded lexicon.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Words to look up (any case).
    #[arg(required = true, value_name = "WORD")]
    pub words: Vec<String>,

    /// List lexicon words within this many edits (0-3).
    #[arg(long, short = 'd', default_value_t = 2, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=3))]
    pub distance: u32,

    /// How many nearest entries and following words to list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Stack a lexicon on the embedded one first (repeatable), as `clean --lexicon` does.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Clean text files or folders (walked recursively for --glob).
    #[arg(required = true, value_name = "DIR|FILE")]
    pub paths: Vec<PathBuf>,

    /// Where to write the lexicon (written atomically).
    #[arg(long, short = 'o', required = true, value_name = "OUT.lex")]
    pub out: PathBuf,

    /// Which files to take from folders.
    #[arg(long, default_value = "*.txt", value_name = "GLOB")]
    pub glob: String,

    /// Leave out words seen fewer times than this.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_word: u64,

    /// Leave out word pairs seen fewer times than this.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_pair: u64,

    /// A name recorded in the file's metadata (shown by `lexicon info`).
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,

    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 100, value_name = "MB")]
    pub max_file_size: u64,

    /// No warnings about skipped files.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Runs a lexicon subcommand; returns the exit code.
pub fn run(cmd: LexiconCmd) -> Result<i32, Error> {
    match cmd {
        LexiconCmd::Info(a) => info(&a),
        LexiconCmd::Lookup(a) => lookup(&a),
        LexiconCmd::Build(a) => build(&a),
    }
}

fn info(args: &InfoArgs) -> Result<i32, Error> {
    let layers: Vec<(String, LayerInfo)> = if args.files.is_empty() {
        let lex = Lexicon::embedded();
        lex.layers()
            .into_iter()
            .map(|l| ("embedded".to_string(), l))
            .collect()
    } else {
        let mut all = Vec::new();
        for path in &args.files {
            let lex = Lexicon::load_file(path)?;
            all.extend(
                lex.layers()
                    .into_iter()
                    .map(|l| (path.display().to_string(), l)),
            );
        }
        all
    };
    if layers.is_empty() {
        return Err(Error::bad_data(
            "the embedded lexicon is missing from this build",
        ));
    }
    let mut out = String::new();
    for (i, (name, l)) in layers.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("layer {}: {name}\n", i + 1));
        out.push_str(&format!("words: {}\n", l.words));
        out.push_str(&format!("pairs: {}\n", l.pairs));
        out.push_str(&format!(
            "size: {} bytes ({})\n",
            l.bytes,
            megabytes(l.bytes as u64)
        ));
        out.push_str(&format!("total count: {}\n", l.total));
        for m in &l.meta {
            out.push_str(m);
            out.push('\n');
        }
    }
    if layers.len() > 1 {
        let sum = |f: fn(&LayerInfo) -> u64| layers.iter().map(|(_, l)| f(l)).sum::<u64>();
        out.push_str(&format!(
            "\nall layers: words: {} pairs: {} size: {}\n",
            sum(|l| l.words),
            sum(|l| l.pairs),
            megabytes(sum(|l| l.bytes as u64))
        ));
    }
    print!("{out}");
    Ok(0)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A count per [`SCALE`] words as occurrences per million words.
fn per_million(count: u64) -> String {
    let p = count as f64 * 1e6 / SCALE as f64;
    if p >= 10.0 {
        format!("{p:.0}")
    } else if p >= 0.01 {
        format!("{p:.2}")
    } else {
        format!("{p:.1e}")
    }
}

fn flag_names(f: u8) -> String {
    let names: Vec<&str> = [
        (flags::NAME, "name"),
        (flags::PERIOD, "period"),
        (flags::CURATED, "curated"),
        (flags::USER, "user"),
    ]
    .iter()
    .filter(|(bit, _)| f & bit != 0)
    .map(|(_, n)| *n)
    .collect();
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join(", ")
    }
}

fn lookup(args: &LookupArgs) -> Result<i32, Error> {
    let mut lex = Lexicon::embedded();
    for path in &args.lexicons {
        lex.add_file(path)?;
    }
    let mut missing = false;
    let mut near: Vec<Candidate> = Vec::new();
    let mut out = String::new();
    for (i, word) in args.words.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let count = lex.freq(word);
        out.push_str(&format!("word: {word}\n"));
        if lex.contains(word) {
            out.push_str(&format!(
                "frequency: {count} ({} per million words)\n",
                per_million(count)
            ));
            out.push_str(&format!("flags: {}\n", flag_names(lex.flags(word))));
            let next = lex.followers(word, args.limit);
            if !next.is_empty() {
                let list: Vec<String> = next
                    .iter()
                    .map(|(w, c)| format!("{w} ({})", per_million(*c)))
                    .collect();
                out.push_str(&format!("followed by (per million words): {}\n", list.join(", ")));
            }
        } else {
            missing = true;
            out.push_str("frequency: 0 (not in the lexicon)\n");
        }
        lex.candidates(word, args.distance, &mut near);
        let key = scanno::lexicon::normalize(word);
        near.retain(|c| c.word != key);
        near.truncate(args.limit);
        if near.is_empty() {
            out.push_str(&format!("nearest: none within {} edits\n", args.distance));
        } else {
            out.push_str(&format!("nearest (within {} edits):\n", args.distance));
            let width = near
                .iter()
                .map(|c| c.word.chars().count())
                .max()
                .unwrap_or(0);
            for c in &near {
                out.push_str(&format!(
                    "  {:<width$}  distance {}  frequency {} ({} per million)  {}\n",
                    c.word,
                    c.distance,
                    c.freq,
                    per_million(c.freq),
                    flag_names(lex.flags(&c.word)),
                ));
            }
        }
    }
    print!("{out}");
    Ok(i32::from(missing))
}

fn build(args: &BuildArgs) -> Result<i32, Error> {
    let jobs = files::collect(&args.paths, &args.glob, None)?;
    let out_canon = std::fs::canonicalize(&args.out).ok();
    let max_bytes = args.max_file_size.saturating_mul(1_000_000);
    let mut counter = CorpusCounter::new();
    let mut documents = 0usize;
    for job in &jobs {
        if let (Some(p), Some(o)) = (&job.path, &out_canon) {
            if std::fs::canonicalize(p).ok().as_ref() == Some(o) {
                continue;
            }
        }
        match files::read(job, max_bytes) {
            Ok(decoded) => {
                counter.add_text(&decoded.text);
                documents += 1;
            }
            // Binary or oversized files met while walking a folder are skipped with a warning;
            // a file named on the command line must be readable.
            Err(e)
                if job.from_walk
                    && matches!(e.kind, ErrorKind::Binary | ErrorKind::TooLarge { .. }) =>
            {
                if !args.quiet {
                    eprintln!("scanno: warning: {e}");
                }
            }
            Err(e) => return Err(e),
        }
    }
    if documents == 0 {
        return Err(Error::bad_data(format!(
            "no readable files matching {:?} in the given paths",
            args.glob
        )));
    }
    if counter.running_words() == 0 {
        return Err(Error::bad_data(format!(
            "no words found in {documents} file(s); nothing to build"
        )));
    }
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| default_name(&args.paths));
    let meta = format!(
        "name: {}\nbuilt-by: scanno lexicon build\n",
        one_line(&name)
    );
    let stats = files::write_atomic_with(&args.out, |w| {
        counter
            .write(w, args.min_word, args.min_pair, &meta)
            .map_err(|e| e.at(&args.out))
    })?;
    println!(
        "{}: words: {} pairs: {} from {} file(s), {} running words; {} bytes ({})",
        args.out.display(),
        stats.words,
        stats.pairs,
        documents,
        counter.running_words(),
        stats.bytes,
        megabytes(stats.bytes)
    );
    Ok(0)
}

/// `corpus lexicon of PATH, PATH` for the metadata.
fn default_name(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| p.display().to_string())
        .collect();
    let more = if paths.len() > 3 { ", ..." } else { "" };
    format!("corpus lexicon of {}{more}", names.join(", "))
}

/// Metadata is line-based: newlines in a name would forge keys.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
