//! The seed documents through the library's default pipeline.

use scanno::{Cleaner, Lexicon, Options};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture exists")
}

fn cleaner() -> Cleaner {
    Cleaner::new(Lexicon::embedded(), Options::default())
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

#[test]
fn clean_transcriptions_come_out_word_for_word_unchanged() {
    for name in ["001_2066ab160ef91d65.txt", "003_433724ecc4e9efcf.txt"] {
        let input = fixture(name);
        let out = cleaner().clean(&input);
        let (a, b) = (words(&input), words(&out.text));
        if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
            panic!("{name}: word {i} changed: {:?} -> {:?}", &a[i.saturating_sub(3)..i + 2], &b[i.saturating_sub(3)..(i + 2).min(b.len())]);
        }
        assert_eq!(a.len(), b.len(), "{name}: word count changed");
        for name in ["Miasnikov", "Semipalatinsk", "Halljev"] {
            assert_eq!(input.matches(name).count(), out.text.matches(name).count(), "{name} intact");
        }
    }
}

#[test]
fn typed_translation_loses_page_number_and_catchword() {
    let input = fixture("002_d903febb1323d2e1.txt");
    let out = cleaner().clean(&input);
    assert!(input.contains("\n- 2 -\n") && input.contains("countries,\nthe\n"), "fixture as expected");
    assert!(!out.text.contains("- 2 -"), "page number gone");
    assert!(out.text.contains("capitalistic countries, the Conference outlined"), "joined across the page break");
    assert!(!out.text.contains("the the"), "catchword dropped");
    assert!(!out.text.lines().any(|l| l.trim() == "."), "stray mark dropped");
    // Nothing else was lost: the words are the input's minus the furniture.
    let kept: Vec<&str> = words(&input);
    let removed = kept.len() - words(&out.text).len();
    assert_eq!(removed, 5, "'-', '2', '-', 'the' and '.' removed, nothing else");
    assert_eq!(scanno::edit::apply(&input, &out.edits).unwrap(), out.text);
}

#[test]
fn every_edit_is_against_the_input_and_applying_them_gives_the_output() {
    for name in ["000_e899c1d5a41cee12.txt", "001_2066ab160ef91d65.txt", "002_d903febb1323d2e1.txt", "003_433724ecc4e9efcf.txt"] {
        let input = fixture(name);
        let out = cleaner().clean(&input);
        for e in out.edits.iter().chain(&out.suggestions) {
            assert_eq!(&input[e.span.clone()], e.before, "{name}: edit {e:?}");
            assert!((0.0..=1.0).contains(&e.confidence));
            assert!(!e.reason.is_empty());
        }
        assert_eq!(scanno::edit::apply(&input, &out.edits).unwrap(), out.text, "{name}");
    }
}

#[test]
fn the_mission_page_loses_its_kept_line_breaks_and_misreadings() {
    let input = fixture("000_e899c1d5a41cee12.txt");
    assert!(input.contains("con-tained") && input.contains("counter-revolu-tionary") && input.contains("tak:"));
    let out = cleaner().clean(&input).text;
    // A hyphen inside a token whose second part is no word is a line break the flattening
    // kept; a true compound keeps its hyphen.
    for (gone, read) in [("con-tained", "contained"), ("revolu-tionary", "counter-revolutionary"), ("tak:", "take")] {
        assert!(!out.contains(gone) && out.contains(read), "{gone:?} -> {read:?}");
    }
    // One letter read as two that no rule of the model lists ("m" read "th").
    assert!(input.contains("the imthense quantities"));
    assert!(out.contains("the immense quantities"), "imthense -> immense");
}
