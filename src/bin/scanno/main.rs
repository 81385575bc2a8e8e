//! The `scanno` command-line program: a thin layer over the library.

mod apply_cmd;
mod clean;
mod config;
mod files;
mod html;
mod jsonl;
mod lexicon_cmd;
mod report;
mod review;
mod settle;
mod suggest_cmd;
mod train_cmd;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (for `check`: nothing to change)
  1  `check` found something it would change; `lexicon lookup`: the word is not in the lexicon
  2  error: bad arguments, unreadable or binary input, a file over --max-file-size, a failed write";

const EXAMPLES: &str = "\
Examples:
  scanno clean scan.txt                       print the cleaned text
  scanno clean - < scan.txt                   read standard input
  scanno clean scans/ --out clean/            clean a folder, mirroring its sub-folders
  scanno clean scans/ --diff > fixes.patch    review every change as a unified diff, write nothing
  scanno clean scan.txt --format json         every edit with span, kind, confidence and reason
  scanno check scans/                         list what would change (exit 1 if anything)
  scanno review scans/ --out reviewed/        accept or reject each change (y/n/e/a/d/s/q/u/?)
  scanno clean scans/ --format edits > fixes.jsonl
  scanno apply fixes.jsonl                    write the edits whose lines you kept
  scanno clean scans/ --format html --report report.html   a page to decide in, then
  scanno apply decisions.jsonl                apply the decisions exported from the page
  scanno clean scans/ --in-place              rewrite the inputs (atomically)";

/// Repairs raw OCR text of historical printed matter.
///
/// scanno rejoins words broken at line ends, drops page numbers and running headers, joins
/// lines into running paragraphs, repairs split and run-together words, restores interleaved
/// newspaper columns and corrects OCR misreadings against an embedded 1850-1950 lexicon.
/// Every change is an edit with a byte span, a kind, a confidence and a reason; edits below
/// --min-confidence are reported as suggestions and never applied. Inputs are never modified
/// unless you ask with --in-place.
#[derive(Debug, Parser)]
#[command(name = "scanno", version, after_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"))]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Clean files or folders: print the text, write it under --out, or rewrite in place.
    #[command(after_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"))]
    Clean(CleanArgs),
    /// List what `clean` would change, as path:line:col lines; exit 1 if anything would change.
    #[command(after_help = EXIT_CODES)]
    Check(CommonArgs),
    /// Walk the proposed changes one by one (y/n/e/a/d/s/q/u/?), then write only the accepted ones.
    #[command(after_help = format!("Keys (one keystroke at a terminal; one per line from a pipe):\n{}", review::KEYS_HELP))]
    Review(review::ReviewArgs),
    /// Write exactly the edits left in a report from `clean --format json` (after you deleted
    /// the ones you do not want); refuses files changed since the report.
    Apply(apply_cmd::ApplyArgs),
    /// Learn an OCR error model from OCR / ground-truth pairs (JSON Lines with `ocr`, `gt`).
    Train(train_cmd::TrainArgs),
    /// Rank the corrections of one OCR word, with their scores.
    Suggest(suggest_cmd::SuggestArgs),
    /// Inspect and build lexicons.
    Lexicon {
        #[command(subcommand)]
        cmd: lexicon_cmd::LexiconCmd,
    },
}

/// Options shared by `clean` and `check`.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Files or folders to read; `-` reads standard input. Folders are walked recursively.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Which files to take from folders (matched against the file name or relative path).
    #[arg(long, default_value = "*.txt", value_name = "GLOB")]
    pub glob: String,

    /// Apply only edits at least this confident (0-1); the rest are reported as suggestions.
    /// Default 0.5, or `min_confidence` from scanno.toml.
    #[arg(long, value_name = "P", value_parser = parse_confidence)]
    pub min_confidence: Option<f32>,

    /// Add a lexicon (repeatable): a word list (one word per line, optional TAB and count)
    /// or a file built with `scanno lexicon build`. Its words are never "corrected".
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,

    /// Leave out a kind of edit entirely (repeatable): furniture, reflow, dehyphen, join,
    /// split, column, correction.
    #[arg(long = "disable", value_name = "KIND", value_parser = parse_kind)]
    pub disabled: Vec<scanno::EditKind>,

    /// An OCR error model written by `scanno train` to use for corrections instead of the
    /// embedded one. Default: `model` from scanno.toml, else the embedded model.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Clean each file once. By default a folder (up to 64 MB) is cleaned to a fixed point:
    /// its word counts and adapted model are taken again from the cleaned texts, and the
    /// texts cleaned again with them, until nothing changes, so cleaning the output again
    /// changes nothing. One pass takes about half the time; cleaning its output again may
    /// change a few files. The Python package and Spark clean each document in one pass.
    #[arg(long)]
    pub one_pass: bool,

    /// Keep the embedded error model as it is. By default a folder or a long file (5,000
    /// words or more) is first cleaned in a sample (its first 2 MB), the OCR confusions of
    /// this collection are learnt from what that clean was sure of, and the collection is
    /// cleaned with the adapted model (the summary line says what moved).
    #[arg(long)]
    pub no_adapt: bool,

    /// Write what adaptation learnt from this collection (its own confusion counts) to FILE,
    /// to clean more of the same collection later, or on other machines, with
    /// `--adaptation FILE` and without cleaning a sample again.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["no_adapt", "adaptation"])]
    pub save_adaptation: Option<PathBuf>,

    /// Adapt to a collection with what `--save-adaptation` wrote, instead of learning from a
    /// sample of these files (the Python package's `adapt` writes the same).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["no_adapt", "model"])]
    pub adaptation: Option<PathBuf>,

    /// Search every unknown word in full instead of serving likely misreadings from the
    /// precomputed misreading index and searching the rest more cheaply. Slower; for
    /// comparing quality.
    #[arg(long)]
    pub thorough: bool,

    /// Worker threads for folders (default: all cores). Output does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,

    /// Refuse files larger than this many megabytes (1 to 1000000).
    #[arg(long, default_value_t = 100, value_name = "MB", value_parser = parse_megabytes)]
    pub max_file_size: u64,

    /// No progress bar, no summary line, no warnings (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The cleaned text.
    Text,
    /// One JSON object per file, one per line: path, input_hash, edits, suggestions.
    Json,
    /// One self-contained HTML page for the run: changes marked inline, filters, summary.
    Html,
    /// One JSON object per edit, one per line, with the file's path and hash: delete the
    /// lines of the edits you do not want, then `scanno apply` the rest.
    Edits,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Write cleaned files under this folder, mirroring the inputs' relative paths.
    #[arg(long, short = 'o', value_name = "DIR", conflicts_with = "in_place")]
    pub out: Option<PathBuf>,

    /// Rewrite each input file with its cleaned text (atomically: temp file, then rename).
    #[arg(long)]
    pub in_place: bool,

    /// With --out: replace files that already exist there (by default scanno refuses).
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Print a unified diff of every applied edit and write nothing; `patch` turns the input
    /// into the cleaned output.
    #[arg(long, conflicts_with_all = ["out", "in_place", "format"])]
    pub diff: bool,

    /// What to print on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Stream JSON Lines: read `{"id", "text"}` records on stdin (PATH must be `-`), write
    /// `{"id", "text", "edits"}` records on stdout in the same order, each as soon as it is
    /// done. A malformed record gets `{"id", "error"}` in its place and the run goes on.
    #[arg(long, conflicts_with_all = ["out", "in_place", "diff", "format"])]
    pub jsonl: bool,

    /// With --jsonl: exit 2 if any record was malformed (default: exit 0; each bad record
    /// is answered with an error record either way).
    #[arg(long, requires = "jsonl")]
    pub strict: bool,

    /// With --format html: write the page to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

fn parse_confidence(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{s:?} is not a confidence between 0 and 1")),
    }
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("{s:?} is not a number of threads (1 or more; leave -j out to use all cores)")),
    }
}

/// Largest `--max-file-size`: a terabyte. Above it the byte count overflowed, and every file
/// read as empty (issue #25 B).
const MAX_MEGABYTES: u64 = 1_000_000;

fn parse_megabytes(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if (1..=MAX_MEGABYTES).contains(&n) => Ok(n),
        _ => Err(format!("{s:?} is not a size in megabytes between 1 and {MAX_MEGABYTES}")),
    }
}

fn parse_kind(s: &str) -> Result<scanno::EditKind, String> {
    scanno::EditKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = scanno::EditKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown edit kind {s:?}; expected one of {}", names.join(", "))
    })
}

/// Whether an error chain ends in a closed pipe (`scanno clean x | head`): not a failure.
fn is_broken_pipe(e: &scanno::Error) -> bool {
    matches!(&e.kind, scanno::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = scanno::correct::Params::from_env().and(scanno::correct::NameParams::from_env()).and(scanno::correct::RealWordParams::from_env()).and(scanno::correct::longword::LongParams::from_env()).and(scanno::correct::split::SplitParams::from_env()) {
        eprintln!("scanno: {e}");
        return ExitCode::from(2);
    }
    files::remove_temps_on_signal();
    let result = match cli.command {
        Command::Clean(args) if args.jsonl => clean::run_jsonl(&args.common, args.strict),
        Command::Clean(args) => clean::run(&args.common, Some(&args)),
        Command::Check(args) => clean::run(&args, None),
        Command::Review(args) => review::run(&args),
        Command::Apply(args) => apply_cmd::run(&args),
        Command::Lexicon { cmd } => lexicon_cmd::run(cmd),
        Command::Train(args) => train_cmd::run(&args),
        Command::Suggest(args) => suggest_cmd::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scanno: error: {e}");
            ExitCode::from(2)
        }
    }
}
