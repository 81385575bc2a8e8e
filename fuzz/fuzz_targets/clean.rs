//! `cargo +nightly fuzz run clean fuzz/corpus/clean fixtures -- -timeout=10`: any bytes
//! (decoded as `scanno clean` decodes a file) through `Cleaner::clean`, checking the
//! invariants of `tests/common/invariants.rs`. A run over 10 s is a hang (issue #25 A).
#![no_main]

#[path = "../../tests/common/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;
use scanno::{Cleaner, Lexicon, Options};

static CLEANER: Lazy<Cleaner> = Lazy::new(|| Cleaner::new(Lexicon::embedded(), Options::default()));

fuzz_target!(|data: &[u8]| {
    let text = scanno::input::decode_piece(data).text;
    if let Err(e) = invariants::check_clean(&CLEANER, &text) {
        panic!("{e}");
    }
});
