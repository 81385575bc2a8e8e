//! Builds the embedded long-word index, `data/index/longwords.idx`: the lexicon's commoner
//! long words by letter pair, for the readings of long garbled words
//! (`scanno::correct::longword`), so that a clean reads it instead of walking the lexicon.
//!
//! ```text
//! cargo run --release --example long_index [-- -o FILE] [-- --check]
//! ```
//! With `--check`, exits 1 when the committed file is not what the embedded lexicon and the
//! default parameters make (CI runs the same comparison in `tests/long_index.rs`).

#[path = "common/mod.rs"]
mod common;
use common::{write_or_check, Args};

use std::process::ExitCode;

use scanno::correct::longword::{fingerprint, LongIndex, LongParams};
use scanno::lexicon::embedded_id;
use scanno::Lexicon;

fn main() -> ExitCode {
    let args = Args::from_env();
    let out = args.value("-o").unwrap_or(format!("{}/data/index/longwords.idx", env!("CARGO_MANIFEST_DIR")));
    let bytes = stock_bytes();
    match write_or_check(&out, &bytes, &args, "long_index") {
        Ok(code) => code,
        Err(e) => {
            eprintln!("long_index: {e}");
            ExitCode::from(2)
        }
    }
}

/// The index of the embedded lexicon with the default parameters, as bytes.
fn stock_bytes() -> Vec<u8> {
    let p = LongParams::default();
    let (min_letters, min_count) = (p.min_len.saturating_sub(p.len_slack), p.min_count);
    let index = LongIndex::build(&Lexicon::embedded(), min_letters, min_count);
    index.to_bytes(fingerprint(embedded_id(), min_letters, min_count))
}
