//! The committed lexicon data: checksums, size, period words and names, user lists and
//! corpus lexicons.

use scanno::lexicon::{build_from_texts, flags, Candidate};
use scanno::Lexicon;

mod common;
use common::sha256;

#[test]
fn sha256_matches_known_vectors() {
    assert_eq!(
        sha256(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_eq!(
        sha256(long),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
}

#[test]
fn committed_data_matches_manifest() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST")).expect("data/lexicon/MANIFEST");
    let mut checked = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (sum, file) = line.split_once("  ").expect("MANIFEST line: SHA256  FILE");
        let data = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            sha256(&data),
            sum,
            "{file} differs from MANIFEST: rerun tools/build_lexicon.py"
        );
        checked += 1;
    }
    assert!(
        checked >= 2,
        "MANIFEST lists period.lex and its period forms"
    );
}

#[test]
fn names_data_matches_manifest() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/names");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST")).expect("data/names/MANIFEST");
    let line = manifest.lines().find(|l| l.ends_with("  names.lex")).expect("MANIFEST lists names.lex");
    let data = std::fs::read(dir.join("names.lex")).unwrap();
    assert_eq!(sha256(&data), line.split_once("  ").unwrap().0, "names.lex differs from MANIFEST: rerun tools/build_names.py");
}

#[test]
fn names_layer_lists_names_and_places_not_misreadings() {
    let names = scanno::names::embedded();
    for name in ["Shortland", "Rookwood", "Parramatta", "Gundagai", "Huddersfield", "Robinson", "Margaret"] {
        assert!(names.contains(name), "{name}");
        assert!(names.flags(name) & flags::NAME != 0, "{name} is flagged a name");
    }
    // Misread common words and short names are not keys.
    for not in ["tlie", "wliich", "aud", "bo", "ho"] {
        assert!(!names.contains(not), "{not}");
    }
    // Every key has four letters or more.
    let map = names.words_map(0).expect("one layer");
    let mut stream = map.stream();
    let mut keys = 0;
    while let Some((k, _)) = fst::Streamer::next(&mut stream) {
        let k = std::str::from_utf8(k).unwrap();
        assert!(k.chars().filter(|c| c.is_alphabetic()).count() >= 4, "{k}");
        keys += 1;
    }
    assert!(keys > 100_000, "{keys} names");
}

#[test]
fn embedded_lexicon_is_large_and_period_aware() {
    let lex = Lexicon::embedded();
    let info = lex.layers();
    assert_eq!(info.len(), 1);
    assert!(info[0].words >= 250_000, "words: {}", info[0].words);
    assert!(info[0].pairs >= 200_000, "pairs: {}", info[0].pairs);
    assert!(info[0].meta.iter().any(|m| m.starts_with("source: SCOWL")));
    for w in [
        "connexion",
        "to-day",
        "To-morrow",
        "shew",
        "shewn",
        "gaol",
        "waggon",
        "despatch",
        "co-operation",
    ] {
        assert!(lex.contains(w), "period word {w}");
        assert!(
            lex.flags(w) & flags::PERIOD != 0,
            "{w} marked as a period form"
        );
    }
    for w in [
        "Russia",
        "Chicago",
        "Lincoln",
        "Semipalatinsk",
        "Gladstone",
        "Tashkent",
    ] {
        assert!(lex.contains(w), "name {w}");
    }
    assert!(lex.is_name("Semipalatinsk") && lex.is_name("Chicago") && !lex.is_name("chicken"));
    // Frequencies are realistic relative counts: common words far above rare ones.
    assert!(lex.freq("the") > 100 * lex.freq("railway"));
    assert!(lex.freq("railway") > lex.freq("connexion"));
    assert!(lex.freq("connexion") > 0 && lex.freq("today") > lex.freq("to-day"));
    // OCR errors that frequency lists scraped from scanned books contain are not words.
    for w in ["tlie", "tbe", "ihe", "wliich", "liave", "ofthe"] {
        assert!(!lex.contains(w), "OCR error {w} must not be a word");
    }
    // Word pairs carry context: P(b | a) from pair(a, b) / freq(a) is a probability.
    assert!(lex.pair("of", "the") > lex.pair("the", "of"));
    assert!(lex.pair("united", "states") > 0 && lex.pair("to-day", "the") > 0);
    let p = lex.pair("united", "states") as f64 / lex.freq("united") as f64;
    assert!(p > 0.01 && p < 1.0, "P(states | united) = {p}");
    assert!(lex.pair("united", "states") > lex.pair("united", "kingdom"));
    for a in ["of", "the", "new", "great", "railway"] {
        let p = lex.pair(a, "the").max(lex.pair(a, "york")) as f64 / lex.freq(a) as f64;
        assert!(p < 0.8, "P(. | {a}) = {p}");
    }
}

#[test]
fn embedded_lexicon_suggests_the_common_word() {
    let lex = Lexicon::embedded();
    let mut out: Vec<Candidate> = Vec::new();
    lex.candidates("Goverument", 2, &mut out);
    assert_eq!(out.first().map(|c| c.word.as_str()), Some("government"));
    lex.candidates("tbe", 1, &mut out);
    assert_eq!(out.first().map(|c| c.word.as_str()), Some("the"));
    assert!(out.iter().all(|c| c.distance <= 1));
}

#[test]
fn user_word_list_protects_a_made_up_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("words.txt");
    std::fs::write(
        &path,
        "# place names of the Kirghiz steppe\nKarkaralinsk\nUst-Kamenogorsk\t250\n",
    )
    .unwrap();
    let mut lex = Lexicon::embedded();
    assert!(!lex.contains("Karkaralinsk"));
    let before = lex.freq("the");
    lex.add_file(&path).unwrap();
    assert!(lex.contains("Karkaralinsk") && lex.contains("ust-kamenogorsk"));
    assert_eq!(lex.freq("Ust-Kamenogorsk"), 250);
    assert_eq!(lex.freq("the"), before);
    let mut out = Vec::new();
    lex.candidates("Karkaraliusk", 1, &mut out);
    assert_eq!(out.first().map(|c| c.word.as_str()), Some("karkaralinsk"));

    std::fs::write(&path, "fine\nbroken\tlots\n").unwrap();
    let err = Lexicon::load_file(&path).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(Lexicon::load_file(dir.path().join("missing.txt")).is_err());
}

#[test]
fn corpus_lexicon_round_trips_through_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("period.lex");
    let texts = [
        "The Ameer of Bokhara received the Envoy to-day. The Envoy left for Samarcand.",
        "The Envoy of the Ameer returned to Bokhara. The Ameer of Bokhara was pleased.",
    ];
    let stats = build_from_texts(texts, &out).unwrap();
    let lex = Lexicon::load_file(&out).unwrap();
    let info = lex.layers();
    assert_eq!(info[0].words, stats.words);
    assert_eq!(info[0].pairs, stats.pairs);
    assert_eq!(lex.total(), stats.total);
    // "the" is 6 of 27 running words, "samarcand" 1: counts per 10^10 words, a corpus
    // under a million words scaled as if it had a million (one occurrence = 10^4).
    assert_eq!(lex.freq("the"), 6 * 10_000);
    assert_eq!(lex.freq("Samarcand"), 10_000);
    assert!(lex.contains("to-day"));
    // Pairs seen at least twice are kept ("the ameer" 3 times, "ameer of" twice), once-seen dropped.
    assert_eq!(lex.pair("The", "Ameer"), 3 * 10_000);
    assert_eq!(lex.pair("ameer", "of"), 2 * 10_000);
    assert_eq!(lex.pair("for", "samarcand"), 0);
    // Stacked on the embedded lexicon, counts add.
    let mut both = Lexicon::embedded();
    let base = both.freq("bokhara");
    both.add_file(&out).unwrap();
    assert_eq!(both.freq("bokhara"), base + lex.freq("bokhara"));
    // Garbage is an error, not a panic.
    std::fs::write(&out, b"SCANNOLX\x01\0\0\0garbage").unwrap();
    assert!(Lexicon::load_file(&out).is_err());
}


#[test]
fn candidates_agree_with_the_fst_crates_levenshtein_automaton() {
    use fst::{IntoStreamer, Streamer};
    let lex = Lexicon::embedded();
    let lexicon = scanno::Lexicon::embedded();
    let map = lexicon.words_map(0).expect("the embedded lexicon has a layer");
    let mut out = Vec::new();
    let queries = [
        "goverument",
        "tbe",
        "connexiou",
        "recieved",
        "aud",
        "mediaeval",
        "cafe",
        "roumauia",
        "naive",
        "coöperatiou",
        "shewu",
        "Semipalatiusk",
        "to-dav",
        "x",
    ];
    for q in queries {
        let lq = q.to_lowercase();
        for d in 1..=2u32 {
            lex.candidates(q, d, &mut out);
            let mut ours: Vec<(String, u32)> =
                out.iter().map(|c| (c.word.clone(), c.distance)).collect();
            ours.sort();
            let aut = fst::automaton::Levenshtein::new(&lq, d).unwrap();
            let mut theirs = Vec::new();
            let mut s = map.search(aut).into_stream();
            while let Some((k, _)) = s.next() {
                let w = String::from_utf8(k.to_vec()).unwrap();
                let dist = strsim::levenshtein(&lq, &w) as u32;
                theirs.push((w, dist));
            }
            theirs.sort();
            assert_eq!(ours, theirs, "query {q} distance {d}");
        }
    }
}
