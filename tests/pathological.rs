//! Every stage is linear (or bounded) in its input: 1 MB of pathological text is cleaned in
//! bounded time (issue #25 A: a 10,000-letter token took over a minute, a megabyte of
//! hyphen-joined words never finished). The bound is generous (debug build, shared CI
//! machine); before the fix these cases took minutes to hours.

#[path = "common/pathological.rs"]
#[allow(dead_code)]
mod pathological;

use std::time::{Duration, Instant};

use scanno::{Cleaner, Lexicon, Options};

/// Per case. A release build takes under 1 s for each (`cargo bench --bench pathological`),
/// a debug build about 40 times as long; before the fix "long_tokens" took about 20 minutes
/// in a release build and "hyphen_joined" did not finish.
const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 150 } else { 10 });

#[test]
fn a_megabyte_of_pathological_text_is_cleaned_in_bounded_time() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    for (name, text) in pathological::cases(1_000_000) {
        let started = Instant::now();
        let out = cleaner.clean(&text);
        let took = started.elapsed();
        eprintln!("{name}: {} bytes in {took:.2?}", text.len());
        assert!(took < BOUND, "{name}: {took:?} for {} bytes", text.len());
        assert_eq!(scanno::edit::apply(&text, &out.edits).unwrap(), out.text, "{name}");
    }
}
