//! The cost of the corrector's candidate search per unknown word type, as issue #22 measures
//! it: every distinct word of the given OCR the lexicon lacks is handed to
//! [`Corrector::suggest`] once (one thread, nothing cached but what the corrector itself keeps
//! per thread), with the misreading index and the confusion keys for the words it lacks (the
//! default), with the index and a search of the words it lacks (`--no-keys`), or with the
//! full search of every word (`--thorough`).
//!
//! ```sh
//! cargo run --release --example search_cost -- ../shared/eval/data/overproof-ca.jsonl ../shared/eval/data/icdar2017-en.jsonl
//! cargo run --release --example search_cost -- --thorough FILE.jsonl
//! cargo run --release --example search_cost -- --no-keys FILE.jsonl  # misses searched, not keyed
//! cargo run --release --example search_cost -- --dearest FILE.jsonl   # and the dearest types
//! ```
//! Prints the number of types, how many the index holds, the mean µs (CPU time of the thread)
//! per type held and not held, and a checksum of the suggestions (words and scores), so that two builds can be
//! compared for identical results as well as for time.

use std::hash::{Hash, Hasher};
use std::process::ExitCode;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::{ocr_of, unknown_tokens};

use scanno::channel::Channel;
use scanno::correct::Corrector;
use scanno::misread::MisreadIndex;
use scanno::Lexicon;

/// CPU time of this thread so far, in seconds (Linux `CLOCK_THREAD_CPUTIME_ID`): on a machine
/// shared with other work the wall time of a call counts the waits for a core too.
fn cpu_seconds() -> Option<f64> {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `ts` is a valid timespec the call writes into.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (cfg!(target_os = "linux") && rc == 0).then(|| ts.sec as f64 + ts.nsec as f64 / 1e9)
}

fn run() -> Result<ExitCode, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let thorough = args.iter().any(|a| a == "--thorough");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        return Err("usage: search_cost [--thorough] FILE.jsonl...".into());
    }
    let lexicon = Lexicon::embedded();
    let index = MisreadIndex::embedded().ok_or("the embedded index is broken")?;
    let mut texts = Vec::new();
    for f in files {
        texts.extend(ocr_of(f)?);
    }
    let mut types = unknown_tokens(&lexicon, &texts);
    types.sort();
    types.dedup();
    let mut corrector = Corrector::new(&lexicon, Channel::embedded());
    if !thorough {
        corrector = corrector.with_index(index);
        // As the correction stage does: the misses read from the confusion keys.
        if !args.iter().any(|a| a == "--no-keys") {
            if let Some(keys) = scanno::misskeys::stock() {
                corrector = corrector.with_keys(keys);
            }
        }
    }
    let mut out = Vec::new();
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    let (mut held, mut held_time, mut miss_time) = (0usize, 0f64, 0f64);
    let mut costs: Vec<(f64, &str)> = Vec::new();
    let wall = Instant::now();
    let clock = || cpu_seconds().unwrap_or_else(|| wall.elapsed().as_secs_f64());
    let started = clock();
    for t in &types {
        let is_held = index.contains(t);
        let t0 = clock();
        corrector.suggest(t, None, None, &mut out);
        let dt = clock() - t0;
        if is_held {
            held += 1;
            held_time += dt;
        } else {
            miss_time += dt;
            costs.push((dt, t));
        }
        for s in &out {
            s.word.hash(&mut hash);
            s.score.to_bits().hash(&mut hash);
        }
    }
    let total = clock() - started;
    let missed = types.len() - held;
    println!(
        "{} unknown types ({}): {:.1} µs CPU per type; held by the index {held}: {:.1} µs each; not held {missed}: {:.1} µs each; checksum {:016x}",
        types.len(),
        if thorough {
            "full search"
        } else if args.iter().any(|a| a == "--no-keys") {
            "index and fallback search"
        } else {
            "index and confusion keys"
        },
        1e6 * total / types.len().max(1) as f64,
        1e6 * held_time / held.max(1) as f64,
        1e6 * miss_time / missed.max(1) as f64,
        hash.finish()
    );
    if args.iter().any(|a| a == "--dearest") {
        // Where the misses' time goes: the share of the dearest tenth, and the dearest few.
        costs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let tenth: f64 = costs[..costs.len() / 10].iter().map(|c| c.0).sum();
        println!("the dearest tenth of the types not held take {:.0}% of their time", 100.0 * tenth / miss_time.max(1e-9));
        for (dt, t) in costs.iter().take(30) {
            println!("{:8.0} µs {t}", dt * 1e6);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    run().unwrap_or_else(|e| {
        eprintln!("search_cost: {e}");
        ExitCode::from(2)
    })
}
