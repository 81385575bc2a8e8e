//! The embedded confusion keys (`data/index/misskeys.idx`) against the embedded lexicon. When
//! this fails after the lexicon changed, rebuild them:
//! `cargo run --release --example miss_keys`.

use scanno::channel::fold_into;
use scanno::lexicon::embedded_id;
use scanno::misskeys::{self, BuildOptions, MissKeys};
use scanno::Lexicon;

#[test]
fn miss_keys_match_the_embedded_lexicon() {
    let built = misskeys::build(&Lexicon::embedded(), embedded_id().as_bytes(), &BuildOptions::default())
        .expect("the keys build");
    let embedded = MissKeys::embedded().expect("the embedded keys open");
    assert!(embedded.words() > 10_000, "{} words", embedded.words());
    assert!(
        built == include_bytes!("../data/index/misskeys.idx"),
        "data/index/misskeys.idx is out of date: cargo run --release --example miss_keys"
    );
    assert!(misskeys::stock().is_some(), "the corrector uses them");
}

#[test]
fn the_keys_find_words_under_heavy_misreadings() {
    let keys = misskeys::stock().expect("the embedded keys");
    let mut ids = Vec::new();
    let mut chars = Vec::new();
    // Misreadings of three or more confusions, which a search of two does not reach.
    for (misread, word) in [("tbiuk", "think"), ("goverumeut", "government"), ("Wasbiugton", "washington"), ("rnoruing", "morning")] {
        assert!(fold_into(misread, &mut chars));
        keys.candidates(&chars, misskeys::QUERY_DELETES, 100, &mut ids);
        let found: Vec<&str> = ids.iter().filter_map(|&i| keys.word(i)).map(|w| w.0).collect();
        assert!(found.contains(&word), "{misread}: {found:?}");
    }
    assert!(fold_into("xqzzvbk", &mut chars));
    keys.candidates(&chars, misskeys::QUERY_DELETES, 100, &mut ids);
    assert!(ids.is_empty(), "{ids:?}");
}
