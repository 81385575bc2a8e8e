//! The fuzz targets of `fuzz/` on stable Rust, for machines without cargo-fuzz: random and
//! mutated inputs (fixtures cut and changed with `tests/common/invariants.rs`'s pieces, and
//! random bytes) through `Cleaner::clean` and `edit::apply` for a given time, checking the
//! same invariants; every clean must finish within 10 s. Prints the number of executions.
//!
//! `cargo run --release --example fuzz_long -- 600` (seconds; a seed may follow).
//! A failing input is written to `fuzz-failure.txt` and the run ends with exit 1.

#[path = "../tests/common/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use std::time::{Duration, Instant};

use invariants::{Mutation, PIECES};
use scanno::{Cleaner, Edit, EditKind, Lexicon, Options};

/// xorshift64*: deterministic for a seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() >> 11) as usize % n.max(1)
    }
}

fn piece(r: &mut Rng) -> String {
    match r.below(5) {
        0 => char::from_u32(r.below(0x30000) as u32).unwrap_or('\u{fffd}').to_string(),
        1 => (0..1 + r.below(5)).map(|_| PIECES[r.below(PIECES.len())]).collect(),
        _ => PIECES[r.below(PIECES.len())].to_string(),
    }
}

/// A fixture cut and mutated, or (one time in eight) random bytes decoded as a file is.
fn input(r: &mut Rng, fixtures: &[String]) -> String {
    if r.below(8) == 0 {
        let bytes: Vec<u8> = (0..r.below(4000)).map(|_| r.next() as u8).collect();
        return scanno::input::decode_piece(&bytes).text;
    }
    let f = &fixtures[r.below(fixtures.len())];
    let muts: Vec<Mutation> = (0..r.below(24))
        .map(|_| Mutation {
            at: r.next() as u16,
            remove: if r.below(3) == 0 { r.next() as u8 } else { 0 },
            insert: piece(r),
        })
        .collect();
    invariants::mutate(f, r.next() as u16, r.below(6000) as u16, &muts)
}

fn edits_for(r: &mut Rng, text: &str) -> Vec<Edit> {
    (0..r.below(8))
        .map(|_| {
            let mut start = r.below(text.len() + 2);
            let mut end = start + r.below(40);
            if r.below(4) != 0 {
                start = invariants::floor(text, start);
                end = invariants::floor(text, end).max(start);
            }
            let before = match text.get(start..end) {
                Some(b) if r.below(4) != 0 => b.to_string(),
                _ => "x".to_string(),
            };
            Edit {
                span: start..end,
                before,
                after: piece(r),
                kind: EditKind::Correction,
                confidence: 0.5,
                reason: String::new(),
                rule: "correction".to_string(),
                alternatives: Vec::new(),
            }
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0x5eed);
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let fixtures = invariants::fixtures();
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let (mut cleans, mut applies, mut bytes, mut slowest) = (0u64, 0u64, 0u64, Duration::ZERO);
    while started.elapsed() < Duration::from_secs(seconds) {
        let text = input(&mut rng, &fixtures);
        let t = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| invariants::check_clean(&cleaner, &text)));
        let took = t.elapsed();
        slowest = slowest.max(took);
        let failure = match result {
            Err(_) => Some("panic".to_string()),
            Ok(Err(e)) => Some(e),
            Ok(Ok(())) if took > Duration::from_secs(10) => Some(format!("took {took:?}")),
            Ok(Ok(())) => None,
        };
        let edits = edits_for(&mut rng, &text);
        let failure = failure.or_else(|| match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| invariants::check_apply(&text, &edits))) {
            Err(_) => Some(format!("apply panicked on {edits:?}")),
            Ok(r) => r.err().map(|e| format!("apply: {e} on {edits:?}")),
        });
        if let Some(why) = failure {
            std::fs::write("fuzz-failure.txt", &text).expect("write fuzz-failure.txt");
            eprintln!("fuzz_long: {why}; input written to fuzz-failure.txt");
            std::process::exit(1);
        }
        cleans += 1;
        applies += 1;
        bytes += text.len() as u64;
    }
    println!(
        "fuzz_long: {cleans} cleans ({} MB, each cleaned twice) and {applies} applies in {:.0} s, seed {seed}: no failure; slowest clean {slowest:.2?}",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}
