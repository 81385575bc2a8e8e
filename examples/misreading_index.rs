//! Builds the embedded misreading index `data/index/misreadings.idx` (see `scanno::misread`)
//! from the embedded lexicon, the embedded error model and the training OCR.
//!
//! ```text
//! cargo run --release --example misreading_index                 # rebuild the embedded index
//! cargo run --release --example misreading_index -- --check      # rebuild in memory, compare bytes
//! cargo run --release --example misreading_index -- --keys-only --cut -20   # key counts, coverage of train/
//! cargo run --release --example misreading_index -- --coverage ../shared/eval/data/overproof-ca.jsonl
//! ```
//! Options: `--train FILE.jsonl` (repeatable; default `../shared/eval/train/hipe-train-en.jsonl`),
//! `-o OUT` (default `data/index/misreadings.idx`), `--cut LOG`, `--min-share S`,
//! `--confusions N`, `--threads N`. Rerun it whenever `data/channel/default.bin`,
//! `data/lexicon/period.lex` or the corrector's default parameters change; the test
//! `misreading_index_matches_the_embedded_model` fails until it is.

use std::process::ExitCode;

#[path = "common/mod.rs"]
mod common;
use common::{ocr_of, unknown_tokens, write_or_check, Args};

use scanno::channel::{fold_into, Channel};
use scanno::misread::{self, BuildOptions, MisreadIndex};
use scanno::{Cleaner, EditKind, Lexicon, Options};

fn run() -> Result<ExitCode, String> {
    let args = Args::from_env();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut opts = BuildOptions::default();
    if let Some(c) = args.number("--cut")? {
        opts.log_cut = c as f32;
    }
    if let Some(m) = args.number("--min-share")? {
        opts.min_share = m;
    }
    if let Some(n) = args.number("--confusions")? {
        opts.max_confusions = n as u8;
    }
    if let Some(n) = args.number("--threads")? {
        opts.threads = n as usize;
    }
    let mut train = args.values("--train");
    if train.is_empty() {
        train.push(format!("{root}/../shared/eval/train/hipe-train-en.jsonl"));
    }
    let out = args.value("-o").unwrap_or(format!("{root}/data/index/misreadings.idx"));
    let lexicon = Lexicon::embedded();
    let channel = Channel::embedded();
    let lexicon_id = scanno::lexicon::embedded_id().as_bytes();

    let coverage = args.values("--coverage");
    if !coverage.is_empty() {
        let index = MisreadIndex::embedded().ok_or("the embedded index is broken")?;
        let thorough = Cleaner::new(lexicon.clone(), Options { thorough: true, ..Options::default() });
        let mut chars = Vec::new();
        for path in coverage {
            let texts = ocr_of(&path)?;
            let unknown = unknown_tokens(&lexicon, &texts);
            let mut types: Vec<&String> = unknown.iter().collect();
            types.sort();
            types.dedup();
            let held = unknown.iter().filter(|k| index.contains(k)).count();
            let held_types = types.iter().filter(|k| index.contains(k)).count();
            let (mut fixes, mut served) = (0, 0);
            for t in &texts {
                for e in thorough.clean(t).edits.iter().filter(|e| e.kind == EditKind::Correction) {
                    let core = &e.before[scanno::tokens::core_range(&e.before)];
                    fixes += 1;
                    if fold_into(core, &mut chars) && index.contains(&chars.iter().collect::<String>()) {
                        served += 1;
                    }
                }
            }
            println!(
                "{path}: unknown tokens {} (types {}); held by the index: {:.1}% of tokens, {:.1}% of types; \
                 corrections of the full search whose word it holds: {served} of {fixes} ({:.1}%)",
                unknown.len(),
                types.len(),
                100.0 * held as f64 / unknown.len().max(1) as f64,
                100.0 * held_types as f64 / types.len().max(1) as f64,
                100.0 * served as f64 / fixes.max(1) as f64,
            );
        }
        return Ok(ExitCode::SUCCESS);
    }

    let mut texts = Vec::new();
    for t in &train {
        texts.extend(ocr_of(t)?);
    }
    if args.flag("--keys-only") {
        // How much of the training OCR's unknown words the misreadings alone would hold.
        let generated = misread::keys(&lexicon, channel, &opts, std::iter::empty());
        let unknown = unknown_tokens(&lexicon, &texts);
        let held = unknown.iter().filter(|k| generated.binary_search(k).is_ok()).count();
        println!(
            "cut {} min-share {} confusions {}: {} generated misreadings; they hold {:.1}% of the {} unknown tokens of the training OCR",
            opts.log_cut,
            opts.min_share,
            opts.max_confusions,
            generated.len(),
            100.0 * held as f64 / unknown.len().max(1) as f64,
            unknown.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let keys = misread::keys(&lexicon, channel, &opts, texts.iter().map(String::as_str));
    eprintln!("{} keys; searching their candidates on {} threads", keys.len(), opts.threads);
    let bytes = misread::build(&keys, &lexicon, lexicon_id, channel, opts.threads).map_err(|e| e.to_string())?;
    write_or_check(&out, &bytes, &args, "misreading_index")
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("misreading_index: {e}");
            ExitCode::from(2)
        }
    }
}
