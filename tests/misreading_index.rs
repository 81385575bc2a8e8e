//! The embedded misreading index (`data/index/misreadings.idx`) against the embedded lexicon
//! and error model. When this fails after the model, the lexicon or the corrector's defaults
//! changed, rebuild the index: `cargo run --release --example misreading_index`.

use scanno::channel::Channel;
use scanno::lexicon::embedded_id;
use scanno::misread::{self, MisreadIndex};
use scanno::Lexicon;

#[test]
fn misreading_index_matches_the_embedded_model() {
    let index = MisreadIndex::embedded().expect("the embedded index opens");
    assert!(index.len() > 100_000, "{} keys", index.len());
    // Every 4,000th key searched again (about 50; the search is slow in a debug build).
    let checked = misread::check(index, &Lexicon::embedded(), embedded_id().as_bytes(), Channel::embedded(), 4_000);
    assert!(matches!(checked, Ok(n) if n >= 40), "{checked:?}");
    assert!(misread::stock().is_some(), "the corrector uses it");
}

#[test]
fn the_index_holds_common_misreadings() {
    let index = MisreadIndex::embedded().expect("the embedded index opens");
    let mut cands = Vec::new();
    for (misreading, word) in [("tlie", "the"), ("aud", "and"), ("witli", "with"), ("bcen", "been")] {
        cands.clear();
        if misreading == "aud" {
            // A lexicon word: searched another way, not held.
            assert!(!index.contains(misreading));
            continue;
        }
        assert!(index.get(misreading, &mut cands), "{misreading}");
        assert!(cands.iter().any(|(w, _, _)| w == word), "{misreading}: {cands:?}");
    }
    assert!(!index.contains("xqzzvbk"));
}
