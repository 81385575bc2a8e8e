//! `scanno clean` and `scanno check`: read, clean in parallel, emit in input order.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use scanno::input::Encoding;
use scanno::tokens::Vocab;
use scanno::{Cleaned, Cleaner, EditKind, Error, Lexicon, Options};

use crate::config;
use crate::files::{self, Job};
use crate::report;
use crate::{CleanArgs, CommonArgs, Format};

/// Files cleaned per parallel round: bounds memory for huge folders (the round's inputs and
/// outputs are held until written, in input order) while giving the threads enough files to
/// balance: with 64, the round's largest files left one core idle and 2 threads ran only
/// 1.4x faster than one; with 512, 1.8x (`tools/throughput.py`, distinct files).
const CHUNK: usize = 512;

/// Files larger than this are cleaned in paragraph-aligned pieces when the cleaned text is
/// all that is wanted, so memory does not grow with the file. The environment variable
/// `SCANNO_STREAM_BYTES` changes it (tests use small pieces).
static STREAM_BYTES: once_cell::sync::Lazy<u64> = once_cell::sync::Lazy::new(|| {
    std::env::var("SCANNO_STREAM_BYTES").ok().and_then(|v| v.parse().ok()).filter(|&n| n >= 4096).unwrap_or(16_000_000)
});

/// Size of those pieces: a quarter of the threshold. A piece's edits (one per joined line)
/// and its copies in the pipeline take several times its size in memory.
fn piece_bytes() -> usize {
    (*STREAM_BYTES / 4).max(4096) as usize
}

/// What happened to one file.
enum Outcome {
    /// `raw`: the file's bytes when they are not its text (Windows-1252); `stamp`: the file
    /// as read, to check before `--in-place` replaces it.
    Done { input: String, cleaned: Cleaned, raw: Option<Vec<u8>>, stamp: Option<files::Stamp> },
    /// A large file cleaned piece by piece straight to its output.
    Streamed(Tally),
    /// A large file whose cleaned text goes to stdout: streamed when its turn comes.
    Deferred,
    /// Skipped with a warning (binary or unreadable file found while walking a folder).
    Skipped(Error),
    Failed(Error),
}

/// Edit counts of a streamed file.
#[derive(Default)]
struct Tally {
    by_kind: BTreeMap<EditKind, usize>,
    suggestions: usize,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (k, n) in other.by_kind {
            *self.by_kind.entry(k).or_insert(0) += n;
        }
        self.suggestions += other.suggestions;
    }

    fn add(&mut self, cleaned: &Cleaned) {
        for e in &cleaned.edits {
            *self.by_kind.entry(e.kind).or_insert(0) += 1;
        }
        self.suggestions += cleaned.suggestions.len();
    }
}

/// Where the cleaned text goes.
#[derive(Clone, Copy)]
enum Sink<'a> {
    Stdout,
    Folder(&'a Path),
    InPlace,
    Nowhere,
}

/// Runs `clean --jsonl`: records on stdin, records on stdout.
pub fn run_jsonl(common: &CommonArgs, strict: bool) -> Result<i32, Error> {
    if common.paths.len() != 1 || common.paths[0].as_os_str() != "-" {
        return Err(Error::bad_data("--jsonl reads records from standard input: give `-` as the only PATH"));
    }
    if common.save_adaptation.is_some() {
        return Err(Error::bad_data(
            "--save-adaptation learns from files before cleaning them; records on standard input are cleaned as they come",
        ));
    }
    let pool = thread_pool(common.threads)?;
    let project = config::load(&common.paths[0])?;
    let mut cleaner = build_cleaner(common, &project)?;
    if let Some(a) = saved_adaptation(common, &project)? {
        cleaner.adapt_to(a.channel);
    }
    crate::jsonl::run(&cleaner, &pool, common.quiet, strict)
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let n = threads.unwrap_or(0);
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::bad_data(format!("cannot start {n} threads: {e}")))
}

/// Runs `clean` (with its arguments) or `check` (`clean_args` = None). Returns the exit code.
pub fn run(common: &CommonArgs, clean_args: Option<&CleanArgs>) -> Result<i32, Error> {
    let checking = clean_args.is_none();
    let (format, diff) = clean_args.map_or((Format::Text, false), |a| (a.format, a.diff));
    let sink = match clean_args {
        _ if checking || diff => Sink::Nowhere,
        Some(a) if a.in_place => Sink::InPlace,
        Some(CleanArgs { out: Some(dir), .. }) => Sink::Folder(dir),
        Some(_) if format != Format::Text => Sink::Nowhere,
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
        files::check_out_folder(&common.paths, out, "choose another folder or use --in-place")?;
    }
    let exclude = match sink {
        Sink::Folder(out) => Some(out),
        _ => None,
    };
    let warn = |msg: &str| {
        if !common.quiet {
            eprintln!("scanno: warning: {msg}");
        }
    };
    // A path that cannot be read is named and counted; the others are still cleaned.
    let (jobs, problems) = files::collect_all(&common.paths, &common.glob, exclude)?;
    for e in &problems {
        eprintln!("scanno: error: {e}");
    }
    if jobs.is_empty() {
        if !problems.is_empty() {
            return Ok(2);
        }
        return Err(Error::bad_data(format!("no files matching {:?} in the given paths", common.glob)));
    }
    if let Sink::Folder(out) = sink {
        files::check_targets(&jobs, out, clean_args.is_some_and(|a| a.force))?;
    }
    if !matches!(sink, Sink::Nowhere | Sink::Stdout) {
        let dirs: std::collections::BTreeSet<std::path::PathBuf> = jobs.iter().filter_map(|j| target_of(j, sink)).filter_map(|t| t.parent().map(Path::to_path_buf)).collect();
        for dir in dirs {
            for p in files::remove_stale_temps(&dir) {
                warn(&format!("removed {}, left by an interrupted run", p.display()));
            }
        }
    }
    let pool = thread_pool(common.threads)?;
    let project = config::load(&common.paths[0])?;
    let base = build_cleaner(common, &project)?;
    let max_bytes = common.max_file_size.saturating_mul(1_000_000);

    let started = Instant::now();
    // Words recurring across the batch count as vocabulary (names of the paper's town,
    // its editors). Counted before any cleaning so the result does not depend on threads.
    let batch = if jobs.len() > 1 && !stdin_given {
        Some(pool.install(|| batch_vocab(&jobs, max_bytes)))
    } else {
        None
    };
    let (adapted, sampled) = adapt(common, &project, &jobs, &base, batch.as_ref(), &pool)?;
    // Without an adapted model the collection is cleaned by the cleaner that cleaned the
    // sample: the candidate caches are keyed by its lexicon, so the sample's searches serve;
    // with one, by a cleaner on the same lexicon, which takes parts of those searches.
    let adapted_cleaner = adapted.as_ref().map(|a| adapted_cleaner(&base, a.channel.clone()));
    let cleaner = adapted_cleaner.as_ref().unwrap_or(&base);
    // The collection cleaned to a fixed point first, when it fits in memory: the clean below
    // then hands out these results.
    let settle_run = crate::settle::Run {
        common,
        project: &project,
        pool: &pool,
        max_bytes,
        whole_bytes: piece_bytes() as u64,
        cleaner,
        base: &base,
        batch: batch.as_ref(),
        saved: adapted.as_ref().filter(|_| common.adaptation.is_some()),
        sampled: &sampled,
    };
    let (mut settled, passes): (Vec<Option<crate::settle::Settled>>, usize) = if stdin_given || common.one_pass {
        (Vec::new(), 1)
    } else {
        crate::settle::settle(&settle_run, &jobs)?.unwrap_or((Vec::new(), 1))
    };
    let report_file = clean_args.and_then(|a| a.report.as_deref());
    if report_file.is_some() && format != Format::Html {
        return Err(Error::bad_data("--report FILE goes with --format html"));
    }
    let mut html = if format == Format::Html { Some(crate::html::Report::create(report_file)?) } else { None };
    let progress = progress_bar(jobs.len(), common.quiet);
    let stdout = io::stdout();
    let mut failed = problems.len();
    let mut skipped = 0usize;
    let mut cleaned_files = 0usize;
    let mut findings = 0usize;
    let mut tally = Tally::default();
    // Several cleaned texts on stdout are told apart as head(1) does: `==> path <==`.
    let several_to_stdout = matches!(sink, Sink::Stdout) && jobs.len() > 1;
    let mut headed = false;
    for (c, chunk) in jobs.chunks(CHUNK).enumerate() {
        let mut ready: Vec<Option<Outcome>> = (c * CHUNK..c * CHUNK + chunk.len())
            .map(|i| settled.get_mut(i).and_then(Option::take).map(|(read, cleaned)| settled_outcome(&jobs[i], read, cleaned)))
            .collect();
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .zip(ready.par_iter_mut())
                .map(|(job, ready)| {
                    let outcome = ready.take().unwrap_or_else(|| process(job, cleaner, batch.as_ref(), max_bytes, sink));
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
            let (input, cleaned, raw, stamp) = match outcome {
                Outcome::Done { input, cleaned, raw, stamp } => (input, cleaned, raw, stamp),
                Outcome::Streamed(t) => {
                    cleaned_files += 1;
                    tally.merge(t);
                    continue;
                }
                Outcome::Deferred => {
                    if several_to_stdout {
                        stdout_header(&mut out, &name, &mut headed)?;
                    }
                    match stream_file(job, cleaner, batch.as_ref(), max_bytes, &mut out) {
                        Ok(t) => {
                            cleaned_files += 1;
                            tally.merge(t);
                        }
                        // `scanno clean big.txt | head`: a closed pipe ends the run quietly.
                        Err(e) if crate::is_broken_pipe(&e) => return Err(e),
                        Err(e) => {
                            failed += 1;
                            eprintln!("scanno: error: {e}");
                        }
                    }
                    continue;
                }
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
            tally.add(&cleaned);
            if checking {
                let mut listing = String::new();
                findings += report::check_lines(&name, &input, &cleaned, &mut listing);
                out.write_all(listing.as_bytes())?;
                continue;
            }
            if diff {
                let rel = job.path.as_deref().unwrap_or(Path::new("stdin")).display().to_string();
                match &raw {
                    // Against the bytes on disk, so that `patch` applies: lines with a
                    // Windows-1252 character become their UTF-8 spelling.
                    Some(bytes) => out.write_all(&report::unified_diff_bytes(&rel, bytes, cleaned.text.as_bytes()))?,
                    None => out.write_all(report::unified_diff(&rel, &input, &cleaned.text).as_bytes())?,
                }
                continue;
            }
            if format == Format::Json {
                writeln!(out, "{}", report::json_line(&name, &input, &cleaned))?;
            }
            if format == Format::Edits {
                out.write_all(crate::apply_cmd::edit_lines(&name, &input, &cleaned).as_bytes())?;
            }
            if let Some(page) = html.as_mut() {
                page.document(&name, &input, &cleaned)?;
            }
            match sink {
                Sink::Stdout => {
                    if several_to_stdout {
                        stdout_header(&mut out, &name, &mut headed)?;
                    }
                    out.write_all(cleaned.text.as_bytes())?;
                }
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
                        let text = cleaned.text.as_bytes();
                        let result = files::write_atomic_checked(path, stamp.as_ref(), |w| {
                            w.write_all(text).map_err(|e| Error::from(e).at(path))
                        });
                        if let Err(e) = result {
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
    if let Some(page) = html {
        page.finish()?;
    }
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    let batch_run = jobs.len() > 1 || !matches!(sink, Sink::Stdout | Sink::Nowhere) || checking;
    if let (Some(a), false) = (&adapted, common.quiet) {
        let moved: Vec<String> = a
            .moved
            .iter()
            .take(5)
            .map(|(p, r, old, new)| format!("\"{p}\" read \"{r}\" {} -> {new:.1}", if old.is_finite() { format!("{old:.1}") } else { "never".into() }))
            .collect();
        let source = match &common.adaptation {
            Some(path) => format!("with {} ({} words sampled when it was saved)", path.display(), a.words),
            None => format!("to this collection ({} words sampled)", a.words),
        };
        eprintln!(
            "scanno: adapted the error model {source}: {}",
            if moved.is_empty() { "nothing moved".to_string() } else { moved.join(", ") }
        );
    }
    if batch_run && !common.quiet {
        let kinds: Vec<String> = tally.by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let total: usize = tally.by_kind.values().sum();
        let suggestions = tally.suggestions;
        eprintln!(
            "scanno: {cleaned_files} file{} in {:.2} s{}: {total} edit{}{}, {suggestions} suggestion{}{}{}",
            report::plural(cleaned_files),
            started.elapsed().as_secs_f64(),
            if passes > 1 { format!(" ({passes} passes to a fixed point)") } else { String::new() },
            report::plural(total),
            if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) },
            report::plural(suggestions),
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


/// Writes the `==> path <==` line that opens one file's text among several on stdout (with
/// a blank line before it after the first, as head(1) does).
fn stdout_header(out: &mut impl Write, name: &str, headed: &mut bool) -> io::Result<()> {
    if *headed {
        out.write_all(b"\n")?;
    }
    *headed = true;
    writeln!(out, "==> {name} <==")
}

/// The outcome of a file the collection's settling cleaned ([`crate::settle`]).
fn settled_outcome(job: &Job, read: files::ReadFile, cleaned: Cleaned) -> Outcome {
    if read.decoded.encoding == Encoding::Windows1252 {
        eprintln!("scanno: warning: {}: not valid UTF-8; read as Windows-1252 and written as UTF-8", job.display());
    }
    Outcome::Done { input: read.decoded.text, cleaned, raw: read.raw, stamp: read.stamp }
}

/// Reads and cleans one file.
fn process(job: &Job, cleaner: &Cleaner, batch: Option<&Vocab>, max_bytes: u64, sink: Sink<'_>) -> Outcome {
    let meta = job.path.as_ref().and_then(|p| std::fs::metadata(p).ok());
    let big = meta.as_ref().is_some_and(|m| m.len() > *STREAM_BYTES);
    if big && max_bytes > *STREAM_BYTES {
        if let Sink::Stdout = sink {
            return Outcome::Deferred;
        }
        if let Some(target) = target_of(job, sink) {
            // In place, the file must still be the one read when its turn to be replaced comes.
            let stamp = match sink {
                Sink::InPlace => meta.as_ref().map(files::Stamp::of),
                _ => None,
            };
            let result = files::write_atomic_checked(&target, stamp.as_ref(), |w| stream_file(job, cleaner, batch, max_bytes, w));
            return match result {
                Ok(t) => Outcome::Streamed(t),
                Err(e) if job.from_walk && matches!(e.kind, scanno::ErrorKind::Binary) => Outcome::Skipped(e),
                Err(e) => Outcome::Failed(e),
            };
        }
    }
    match files::read_full(job, max_bytes) {
        Ok(files::ReadFile { decoded, raw, stamp }) => {
            if decoded.encoding == Encoding::Windows1252 {
                eprintln!(
                    "scanno: warning: {}: not valid UTF-8; read as Windows-1252 and written as UTF-8",
                    job.display()
                );
            }
            let cleaned = cleaner.clean_in_batch(&decoded.text, batch);
            Outcome::Done { input: decoded.text, cleaned, raw, stamp }
        }
        Err(e) if job.from_walk => Outcome::Skipped(e),
        Err(e) => Outcome::Failed(e),
    }
}

/// Where the cleaned text of `job` is written, if to a file.
fn target_of(job: &Job, sink: Sink<'_>) -> Option<std::path::PathBuf> {
    match sink {
        Sink::Folder(dir) => Some(dir.join(&job.rel)),
        Sink::InPlace => job.path.clone(),
        Sink::Stdout | Sink::Nowhere => None,
    }
}

/// Cleans a large file piece by piece (pieces end at paragraph breaks) into `out`.
fn stream_file(job: &Job, cleaner: &Cleaner, batch: Option<&Vocab>, max_bytes: u64, out: &mut dyn Write) -> Result<Tally, Error> {
    let path = job.path.as_deref().unwrap_or(Path::new("-"));
    let at = |e: std::io::Error| Error::from(e).at(path);
    let file = std::fs::File::open(path).map_err(at)?;
    let size = file.metadata().map_err(at)?.len();
    if size > max_bytes {
        return Err(Error::new(scanno::ErrorKind::TooLarge { size, limit: max_bytes }).at(path));
    }
    // First pass: the whole file's own vocabulary, so every piece is judged by the
    // document's usage as if it were cleaned whole.
    let document = file_vocab(file).map_err(at)?.ok_or_else(|| Error::new(scanno::ErrorKind::Binary).at(path))?;
    let file = std::fs::File::open(path).map_err(at)?;
    let mut tally = Tally::default();
    let mut warned = false;
    for piece in scanno::input::Pieces::new(file, piece_bytes()) {
        let piece = piece.map_err(at)?;
        let decoded = scanno::input::decode_piece(&piece);
        if decoded.encoding == Encoding::Windows1252 && !warned {
            warned = true;
            eprintln!("scanno: warning: {}: not valid UTF-8; read as Windows-1252 and written as UTF-8", job.display());
        }
        let cleaned = cleaner.clean_part(&decoded.text, &document, batch);
        tally.add(&cleaned);
        out.write_all(cleaned.text.as_bytes()).map_err(at)?;
    }
    Ok(tally)
}

/// Distinct words kept while counting one file's vocabulary; beyond it, words seen only
/// once are forgotten (OCR garbage is mostly unique), so memory stays bounded.
const MAX_FILE_WORDS: usize = 2_000_000;

/// The words of a file, read piece by piece; `None` if it is binary.
fn file_vocab(file: std::fs::File) -> std::io::Result<Option<Vocab>> {
    let mut words = Vocab::default();
    for (i, piece) in scanno::input::Pieces::new(file, piece_bytes()).enumerate() {
        let piece = piece?;
        if i == 0 && scanno::input::looks_binary(&piece) {
            return Ok(None);
        }
        words.add_text(&scanno::input::decode_piece(&piece).text);
        if words.len() > MAX_FILE_WORDS {
            words.forget_rarer_than(2);
        }
    }
    Ok(Some(words))
}

/// Document frequency of each word across the batch (large files read piece by piece).
pub fn batch_vocab(jobs: &[Job], max_bytes: u64) -> Vocab {
    jobs.par_iter()
        .fold(Vocab::default, |mut df, job| {
            let Some(path) = &job.path else { return df };
            let Ok(file) = std::fs::File::open(path) else { return df };
            if file.metadata().map_or(true, |m| m.len() > max_bytes) {
                return df;
            }
            if let Ok(Some(words)) = file_vocab(file) {
                df.add_distinct(&words);
            }
            df
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

/// Collection adaptation (`scanno::adapt`): cleans the collection's first files, in path
/// order, up to `adapt::SAMPLE_BYTES` with `cleaner`, and learns the collection's model from
/// them. `None` when it does not apply: `--no-adapt`, a model of the user's (there are no
/// counts to add to), corrections disabled, standard input, or a sample too small or too
/// clean; in the last case also the sample's texts and their cleans.
fn adapt(
    common: &CommonArgs,
    project: &config::Project,
    jobs: &[Job],
    cleaner: &Cleaner,
    batch: Option<&Vocab>,
    pool: &rayon::ThreadPool,
) -> Result<(Option<scanno::adapt::Adapted>, Vec<(String, Cleaned)>), Error> {
    if common.adaptation.is_some() {
        return Ok((saved_adaptation(common, project)?, Vec::new()));
    }
    if !learns(common, project) {
        if common.save_adaptation.is_some() {
            return Err(Error::bad_data(
                "--save-adaptation needs the embedded model with corrections on (no --model, no model in scanno.toml, no --disable correction)",
            ));
        }
        return Ok((None, Vec::new()));
    }
    // Unreadable or binary files are reported by the clean itself.
    let files = jobs.iter().filter_map(|job| std::fs::File::open(job.path.as_deref()?).ok());
    let (sample, bytes) = sample_of(files);
    let (adapted, cleans) = learn_sample(common, &sample, bytes, cleaner, batch, pool);
    if let Some(path) = &common.save_adaptation {
        let Some(a) = &adapted else {
            return Err(Error::bad_data(format!(
                "nothing to save in {}: the files hold fewer than {} words, or their clean changes fewer than {}% of their characters, too few to learn from",
                path.display(),
                scanno::adapt::MIN_WORDS,
                scanno::adapt::MIN_CHANGED_SHARE * 100.0
            )));
        };
        crate::files::write_atomic(path, &a.to_bytes())?;
    }
    let sampled = if adapted.is_none() { sample.into_iter().zip(cleans).collect() } else { Vec::new() };
    Ok((adapted, sampled))
}

/// Whether this run learns its model from a sample of the collection: not with
/// `--adaptation FILE`, `--no-adapt`, a model of the user's (there are no counts to add to)
/// or corrections disabled.
pub fn learns(common: &CommonArgs, project: &config::Project) -> bool {
    let corrections_off = common.disabled.contains(&scanno::EditKind::Correction);
    common.adaptation.is_none() && !(common.no_adapt || common.model.is_some() || project.model.is_some() || corrections_off)
}

/// The adaptation sample of a collection whose files `files` reads in path order: their
/// texts up to `adapt::SAMPLE_BYTES` (a cut file ends at its last paragraph break), with
/// the bytes taken. Files are read only as far as the sample needs.
pub fn sample_of<R: io::Read>(files: impl IntoIterator<Item = R>) -> (Vec<String>, usize) {
    let mut sample: Vec<String> = Vec::new();
    let mut bytes = 0usize;
    for file in files {
        if bytes >= scanno::adapt::SAMPLE_BYTES {
            break;
        }
        let mut raw = Vec::new();
        let want = (scanno::adapt::SAMPLE_BYTES - bytes) as u64;
        if io::Read::read_to_end(&mut io::Read::take(file, want), &mut raw).is_err() {
            continue;
        }
        if raw.len() as u64 == want {
            // A cut file ends at its last paragraph break (never inside a character).
            let end = raw.windows(2).rposition(|w| w == b"\n\n").map_or(0, |at| at + 1);
            raw.truncate(end);
        }
        let Ok(decoded) = scanno::input::decode(&raw) else { continue };
        bytes += raw.len();
        sample.push(decoded.text);
    }
    (sample, bytes)
}

/// What the collection's model learns from `sample` ([`sample_of`], `bytes` long), cleaned
/// with `cleaner` (`None` when the sample is too short to adapt on), and the sample's cleans
/// (none when it was too short to clean). A spinner shows at a terminal: the sample's clean
/// takes a while before the first file is written.
pub fn learn_sample(
    common: &CommonArgs,
    sample: &[String],
    bytes: usize,
    cleaner: &Cleaner,
    batch: Option<&Vocab>,
    pool: &rayon::ThreadPool,
) -> (Option<scanno::adapt::Adapted>, Vec<Cleaned>) {
    if scanno::adapt::too_short(sample.iter().map(String::as_str)) {
        return (None, Vec::new());
    }
    let spinner = (!common.quiet && io::stderr().is_terminal()).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message(format!(
            "learning this collection's OCR confusions from its first {} file{} ({:.1} MB; --no-adapt skips this)",
            sample.len(),
            if sample.len() == 1 { "" } else { "s" },
            bytes as f64 / 1e6
        ));
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    });
    let sizes: Vec<u64> = sample.iter().map(|t| t.len() as u64).collect();
    let cleaned = longest_first(pool, &sizes, |i| cleaner.clean_in_batch(&sample[i], batch));
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let adapted = scanno::adapt::learn(sample.iter().map(String::as_str).zip(cleaned.iter().map(|c| c.text.as_str())));
    (adapted, cleaned)
}

/// `f` of each index of `sizes` on the pool's threads, the largest first, returned in index
/// order: each thread takes the largest item left when it is free, so a run of documents of
/// different sizes does not end with one thread cleaning its largest alone. What `f` returns
/// does not depend on the order (candidate searches are cached per model, not per thread).
pub fn longest_first<R: Send>(pool: &rayon::ThreadPool, sizes: &[u64], f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let taken: Vec<Vec<(usize, R)>> = pool.install(|| {
        (0..pool.current_num_threads())
            .into_par_iter()
            .map(|_| {
                let mut out = Vec::new();
                while let Some(&i) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    out.push((i, f(i)));
                }
                out
            })
            .collect()
    });
    let mut results: Vec<Option<R>> = (0..sizes.len()).map(|_| None).collect();
    for (i, r) in taken.into_iter().flatten() {
        results[i] = Some(r);
    }
    results.into_iter().map(|r| r.expect("every index is taken once")).collect()
}

/// The adaptation `--adaptation FILE` names (`None` without the option).
fn saved_adaptation(common: &CommonArgs, project: &config::Project) -> Result<Option<scanno::adapt::Adapted>, Error> {
    let Some(path) = &common.adaptation else { return Ok(None) };
    if project.model.is_some() || common.disabled.contains(&scanno::EditKind::Correction) {
        return Err(Error::bad_data(
            "--adaptation adapts the embedded model's corrections: it does not go with a model from scanno.toml or --disable correction",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::from(e).at(path))?;
    scanno::adapt::Adapted::from_bytes(&bytes).map(Some).map_err(|e| {
        Error::bad_data(format!("{} is not a saved adaptation (write one with --save-adaptation): {e}", path.display()))
    })
}

/// `base` (of [`build_cleaner`], with the embedded model) with its model adapted to a
/// collection: on the same lexicon (the same id), so the adapted correction stage finds the
/// searches `base` made in its caches and takes the parts of them that do not depend on the
/// model (`scanno::correct::Correct::adapted`).
pub fn adapted_cleaner(base: &Cleaner, channel: scanno::channel::Channel) -> Cleaner {
    let mut cleaner = Cleaner::builder(base.lexicon().clone()).options(base.options().clone()).build();
    cleaner.adapt_to(channel);
    cleaner
}

/// The pipeline for these options: the embedded lexicon, the project's settings
/// (`scanno.toml`, `.scanno-words`: `project`, as `config::load` read them) and any
/// `--lexicon` files.
pub fn build_cleaner(common: &CommonArgs, project: &config::Project) -> Result<Cleaner, Error> {
    let mut lexicon = Lexicon::embedded();
    for path in project.lexicons.iter().chain(&common.lexicons) {
        lexicon.add_file(path)?;
    }
    let options = Options {
        min_confidence: common.min_confidence.or(project.min_confidence).unwrap_or(Options::default().min_confidence),
        disabled: common.disabled.clone(),
        protected: project.protected.iter().map(|w| w.to_lowercase()).collect(),
        thorough: common.thorough,
    };
    let mut builder = Cleaner::builder(lexicon).options(options);
    if let Some(path) = common.model.as_ref().or(project.model.as_ref()) {
        let bytes = std::fs::read(path).map_err(|e| Error::from(e).at(path))?;
        let model = scanno::channel::Channel::from_bytes(&bytes).map_err(|e| e.at(path))?;
        builder = builder.channel(model);
    }
    Ok(builder.build())
}
