//! The embedded long-word index (`data/index/longwords.idx`) against the embedded lexicon.
//! When this fails after the lexicon or the long-word parameters changed, rebuild it:
//! `cargo run --release --example long_index`.

use scanno::correct::longword::{fingerprint, LongIndex, LongParams};
use scanno::lexicon::embedded_id;
use scanno::Lexicon;

#[test]
fn the_long_word_index_matches_the_embedded_lexicon() {
    let p = LongParams::default();
    let (min_letters, min_count) = (p.min_len.saturating_sub(p.len_slack), p.min_count);
    let built = LongIndex::build(&Lexicon::embedded(), min_letters, min_count);
    assert!(built.len() > 10_000, "{} words", built.len());
    let bytes = built.to_bytes(fingerprint(embedded_id(), min_letters, min_count));
    assert!(
        bytes == include_bytes!("../data/index/longwords.idx"),
        "data/index/longwords.idx is out of date: cargo run --release --example long_index"
    );
    // The corrector is handed the same index.
    let shared = LongIndex::shared(&Lexicon::embedded(), &p);
    assert!(*shared == built);
}
