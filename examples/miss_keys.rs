//! Builds the embedded confusion keys `data/index/misskeys.idx` (see `scanno::misskeys`) from
//! the embedded lexicon, and measures how well they serve the words the misreading index
//! lacks.
//!
//! ```text
//! cargo run --release --example miss_keys                  # rebuild the embedded keys
//! cargo run --release --example miss_keys -- --check       # rebuild in memory, compare bytes
//! cargo run --release --example miss_keys -- --coverage FILE.jsonl [--min-share S --per-key N --deletes D]
//! ```
//! `--coverage` builds keys with the given options in memory and, for each distinct word of
//! the file's OCR that the lexicon and the misreading index lack (a miss), compares the best
//! reading of the full search (`Corrector::suggest` without index) with the words the keys
//! find: the share of misses whose best reading they find, the share whose best reading is the
//! same when the keys replace the search, and the CPU time per miss both ways. Options are
//! chosen with it on `../shared/eval/train/` only. Rerun the build whenever
//! `data/lexicon/period.lex` changes; `tests/miss_keys.rs` fails until it is.

use std::process::ExitCode;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::{ocr_of, unknown_tokens, write_or_check, Args};

use scanno::channel::{fold_into, Channel};
use scanno::correct::Corrector;
use scanno::misread::MisreadIndex;
use scanno::misskeys::{self, BuildOptions, MissKeys};
use scanno::Lexicon;

fn run() -> Result<ExitCode, String> {
    let args = Args::from_env();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut opts = BuildOptions::default();
    if let Some(m) = args.number("--min-share")? {
        opts.min_share = m;
    }
    if let Some(m) = args.number("--two-deletes")? {
        opts.two_deletes_share = m;
    }
    if let Some(n) = args.number("--per-key")? {
        opts.per_key = n as usize;
    }
    if let Some(n) = args.number("--bits")? {
        opts.bucket_bits = n as u32;
    }
    let deletes = args.number("--deletes")?.map_or(misskeys::QUERY_DELETES, |d| d as usize);
    let cap = args.number("--cap")?.map_or(400, |d| d as usize);
    let out = args.value("-o").unwrap_or(format!("{root}/data/index/misskeys.idx"));
    let lexicon = Lexicon::embedded();
    let lexicon_id = scanno::lexicon::embedded_id().as_bytes();
    let t = Instant::now();
    let bytes = misskeys::build(&lexicon, lexicon_id, &opts).map_err(|e| e.to_string())?;
    eprintln!("built {} bytes in {:.1} s", bytes.len(), t.elapsed().as_secs_f64());

    if let Some(path) = args.value("--coverage") {
        // The corrector reads keys over 'static bytes, as the embedded ones are.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let keys = MissKeys::from_bytes(bytes).map_err(|e| e.to_string())?;
        let index = MisreadIndex::embedded().ok_or("the embedded index is broken")?;
        let texts = ocr_of(&path)?;
        let mut types = unknown_tokens(&lexicon, &texts);
        types.sort();
        types.dedup();
        // The training OCR's unknown words are all keys of the misreading index (it is built
        // from them), so on train/ `--all` measures every unknown word, the keys alone.
        let all = args.flag("--all");
        if !all {
            types.retain(|t| !index.contains(t));
        }
        let full = Corrector::new(&lexicon, Channel::embedded());
        let mut keyed = Corrector::new(&lexicon, Channel::embedded()).with_keys(&keys);
        if !all {
            keyed = keyed.with_index(index);
        }
        // Per length (2, 3, 4-6, 7+ letters): misses, same top reading, µs full, µs keys.
        let mut by_len = [(0usize, 0usize, 0f64, 0f64); 4];
        let (mut with_best, mut found, mut same, mut sizes) = (0usize, 0usize, 0usize, 0usize);
        let (mut t_full, mut t_keys) = (0f64, 0f64);
        let mut out = Vec::new();
        let mut ids = Vec::new();
        let mut chars = Vec::new();
        let mut lost: Vec<(String, String)> = Vec::new();
        for w in &types {
            let t0 = Instant::now();
            full.suggest(w, None, None, &mut out);
            let df = t0.elapsed().as_secs_f64();
            t_full += df;
            let best = out.iter().find(|s| !s.keep).map(|s| s.word.clone());
            let top = out.first().map(|s| s.word.clone());
            fold_into(w, &mut chars);
            let t0 = Instant::now();
            keys.candidates(&chars, deletes, cap, &mut ids);
            keyed.suggest(w, None, None, &mut out);
            let dk = t0.elapsed().as_secs_f64();
            t_keys += dk;
            let len = chars.len();
            let b = &mut by_len[if len <= 2 { 0 } else if len == 3 { 1 } else if len <= 6 { 2 } else { 3 }];
            b.0 += 1;
            b.3 += dk;
            sizes += ids.len();
            b.2 += df;
            if out.first().map(|s| s.word.clone()) == top {
                same += 1;
                b.1 += 1;
            } else if lost.len() < 60 && len >= 4 {
                lost.push((w.clone(), format!("{top:?} / keys {:?}", out.first().map(|s| s.word.clone()))));
            }
            let Some(best) = best else { continue };
            with_best += 1;
            if ids.iter().any(|&i| keys.word(i).map(|x| x.0) == Some(best.as_str())) {
                found += 1;
            }
        }
        let n = types.len().max(1) as f64;
        println!(
            "min-share {} two-deletes {} per-key {} deletes {deletes} cap {cap}: {} bytes; {} misses, {} with a reading; best reading found {:.1}%; same top reading {:.1}%; {:.0} words scored a miss; µs a miss: full {:.0}, keys {:.0}",
            opts.min_share, opts.two_deletes_share, opts.per_key, bytes.len(), types.len(), with_best,
            100.0 * found as f64 / with_best.max(1) as f64, 100.0 * same as f64 / n, sizes as f64 / n,
            1e6 * t_full / n, 1e6 * t_keys / n
        );
        for (name, b) in ["2", "3", "4-6", "7+"].iter().zip(by_len) {
            println!(
                "  {name} letters: {} misses, same top {:.1}%, µs full {:.0}, keys {:.0}",
                b.0, 100.0 * b.1 as f64 / b.0.max(1) as f64, 1e6 * b.2 / b.0.max(1) as f64, 1e6 * b.3 / b.0.max(1) as f64
            );
        }
        if args.flag("--lost") {
            for (w, b) in lost {
                println!("  {w} -> {b}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    write_or_check(&out, &bytes, &args, "miss_keys")
}

fn main() -> ExitCode {
    run().unwrap_or_else(|e| {
        eprintln!("miss_keys: {e}");
        ExitCode::from(2)
    })
}
