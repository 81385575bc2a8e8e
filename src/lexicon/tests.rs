use super::*;

fn small() -> Lexicon {
    let mut lex = Lexicon::from_counts([
        ("the", 1000),
        ("then", 50),
        ("they", 80),
        ("connexion", 3),
        ("Russia", 20),
    ]);
    lex.add_layer(
        [("the", 10), ("to-day", 7)],
        [("to-day", "the", 4u64), ("The", "Times", 2)],
    );
    lex
}

#[test]
fn layers_add_counts_case_insensitively() {
    let lex = small();
    assert_eq!(lex.freq("the"), 1010);
    assert_eq!(lex.freq("THE"), 1010);
    assert_eq!(lex.freq("russia"), 20);
    assert_eq!(lex.freq("To-Day"), 7);
    assert_eq!(lex.freq("tho"), 0);
    assert!(lex.contains("Connexion") && !lex.contains("connection"));
    assert_eq!(lex.total(), 1000 + 50 + 80 + 3 + 20 + 10 + 7);
    assert_eq!(lex.pair("the", "TIMES"), 2);
    assert_eq!(lex.pair("to-day", "the"), 4);
    assert_eq!(lex.pair("the", "to-day"), 0);
}

#[test]
fn followers_sum_layers_and_stop_at_the_word() {
    let mut lex = small();
    lex.add_layer(
        std::iter::empty::<(&str, u64)>(),
        [
            ("the", "times", 5u64),
            ("the", "czar", 9),
            ("then", "came", 4),
        ],
    );
    let f = lex.followers("The", 10);
    assert_eq!(f, vec![("czar".to_string(), 9), ("times".to_string(), 7)]);
    assert_eq!(lex.followers("the", 1).len(), 1);
    assert!(lex.followers("unknown", 5).is_empty());
    assert!(lex.followers("", 5).is_empty());
}

#[test]
fn curly_apostrophe_and_soft_hyphen_are_normalised() {
    let lex = Lexicon::from_counts([("nation's", 5), ("connexion", 2)]);
    assert_eq!(lex.freq("Nation’s"), 5);
    assert_eq!(lex.freq("con\u{ad}nexion"), 2);
}

#[test]
fn candidates_best_first_and_merged_across_layers() {
    let lex = small();
    let mut out = Vec::new();
    lex.candidates("tbe", 1, &mut out);
    let words: Vec<&str> = out.iter().map(|c| c.word.as_str()).collect();
    assert_eq!(words, ["the"]);
    assert_eq!(out[0].freq, 1010);
    lex.candidates("thev", 1, &mut out);
    let words: Vec<&str> = out.iter().map(|c| c.word.as_str()).collect();
    assert_eq!(words, ["the", "they", "then"]);
    lex.candidates("connecxion", 2, &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].word.as_str(), out[0].distance), ("connexion", 1));
}

#[test]
fn candidates_match_brute_force_distance() {
    let words = [
        "abc",
        "abd",
        "xbc",
        "ab",
        "abcd",
        "bca",
        "cab",
        "zzzz",
        "a",
        "résumé",
        "resume",
        "café",
        "cafe",
        "naïve",
        "mediæval",
        "coöperation",
        "cooperation",
        "a€c",
        "𝔞bc",
        "ab—",
        "über",
    ];
    let lex = Lexicon::from_counts(words.iter().map(|w| (*w, 1u64)));
    let mut out = Vec::new();
    let queries = [
        "abc",
        "bc",
        "abdc",
        "resume",
        "q",
        "cafe",
        "cafè",
        "naive",
        "mediaeval",
        "cooperation",
        "aec",
        "abc—",
        "uber",
        "€",
    ];
    for q in queries {
        for d in 0..=3 {
            lex.candidates(q, d, &mut out);
            let mut got: Vec<(&str, u32)> =
                out.iter().map(|c| (c.word.as_str(), c.distance)).collect();
            got.sort_unstable();
            let mut want: Vec<(&str, u32)> = words
                .iter()
                .map(|w| (*w, strsim::levenshtein(q, w) as u32))
                .filter(|&(_, x)| x <= d)
                .collect();
            want.sort_unstable();
            assert_eq!(got, want, "query {q} distance {d}");
        }
    }
    // Distances count characters, not bytes.
    lex.candidates("cafe", 1, &mut out);
    assert!(out.iter().any(|c| c.word == "café" && c.distance == 1));
}

#[test]
fn word_list_parses_counts_comments_and_rejects_bad_lines() {
    let w = parse_word_list("# names\nSemipalatinsk\nKhiva\t120\n\n").unwrap();
    assert_eq!(
        w.get("semipalatinsk").map(|v| v & COUNT_MASK),
        Some(DEFAULT_USER_COUNT)
    );
    assert_eq!(w.get("khiva").map(|v| v & COUNT_MASK), Some(120));
    let e = parse_word_list("ok\nbad\tmany\n").unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(parse_word_list("two words\n").is_err());
}

#[test]
fn corrupt_lex_files_are_errors_not_panics() {
    let mut buf = Vec::new();
    let pairs: Vec<(&[u8], u64)> = vec![(b"a b", 1)];
    write_lex(
        &mut buf,
        [(&b"a"[..], 3u64), (b"b", 4)].into_iter(),
        pairs.into_iter(),
        "name: t\n",
    )
    .unwrap();
    assert!(Layer::parse(Arc::from(buf.clone())).is_ok());
    for cut in [0, 7, 47, 49, buf.len() - 1] {
        assert!(
            Layer::parse(Arc::from(&buf[..cut])).is_err(),
            "cut at {cut}"
        );
    }
    let mut bad = buf.clone();
    bad[52] ^= 0xff;
    // A damaged fst may still open; lookups must not panic.
    if let Ok(l) = Layer::parse(Arc::from(bad)) {
        let _ = l.words.get("a");
    }
    let unsorted: Vec<(&[u8], u64)> = vec![(b"b", 1), (b"a", 1)];
    assert!(write_lex(Vec::new(), unsorted.into_iter(), std::iter::empty(), "").is_err());
}

#[test]
fn corpus_counter_breaks_pairs_at_punctuation_and_digits() {
    let mut c = CorpusCounter::new();
    c.add_text(
        "The Czar left to-day for Semipalatinsk. The train, 3 hours late.\n\nCzar Nicholas",
    );
    assert_eq!(c.words.get("the"), Some(&2));
    assert_eq!(c.words.get("to-day"), Some(&1));
    assert_eq!(c.pairs.get("the czar"), Some(&1));
    assert_eq!(c.pairs.get("for semipalatinsk"), Some(&1));
    assert!(!c.pairs.contains_key("semipalatinsk the"));
    assert!(!c.pairs.contains_key("train hours"));
    assert!(!c.pairs.contains_key("late czar"));
    assert_eq!(c.pairs.get("czar nicholas"), Some(&1));
    assert_eq!(c.running_words(), 12);
}

/// The count a walk of `key` a byte at a time reaches, as [`Prefix::count`] reads it;
/// `None` when the walk dies.
fn walked(lex: &Lexicon, key: &[u8]) -> Option<u64> {
    let mut p = lex.start::<MAX_PREFIX_LAYERS>()?;
    key.iter().all(|&b| p.step_byte(b)).then(|| p.count())
}

#[test]
fn walks_read_the_fst_node_format_as_the_fst_crate_does() {
    // Every key of the embedded lexicon, each with its last byte changed and with a
    // byte added, against the fst crate's own look-up; a layer whose root has more
    // than 32 transitions (an indexed node) and a second layer on top.
    let mut lex = Lexicon::embedded();
    let wide: Vec<(String, u64)> = (0u8..60)
        .map(|i| {
            (
                format!("{}{}", char::from(b'!' + i), "x".repeat(usize::from(i % 5))),
                1 + u64::from(i) * 977,
            )
        })
        .collect();
    lex.add_layer(
        wide.iter().map(|(w, c)| (w.as_str(), *c)),
        std::iter::empty::<(&str, &str, u64)>(),
    );
    let keys = {
        use fst::Streamer;
        let map = lex.words_map(0).expect("embedded layer");
        let mut keys = Vec::new();
        let mut st = map.stream();
        while let Some((k, _)) = st.next() {
            keys.push(k.to_vec());
        }
        keys
    };
    assert!(keys.len() > 100_000);
    // The fst crate's own look-up in each layer.
    let expect = |k: &[u8]| -> (bool, u64) {
        let found: Vec<u64> = lex.layers.iter().filter_map(|l| l.words.get(k)).collect();
        (
            !found.is_empty(),
            found.iter().map(|v| v & COUNT_MASK).sum(),
        )
    };
    let mut probes = 0;
    for k in keys
        .iter()
        .map(|k| k.as_slice())
        .chain(wide.iter().map(|(w, _)| w.as_bytes()))
    {
        let mut changed = k.to_vec();
        let last = changed.len() - 1;
        changed[last] = changed[last].wrapping_add(1);
        let mut longer = k.to_vec();
        longer.push(b's');
        for q in [k, &changed[..], &longer[..]] {
            let (present, count) = expect(q);
            let got = walked(&lex, q);
            if present {
                assert_eq!(got, Some(count), "{:?}", String::from_utf8_lossy(q));
            } else {
                assert_eq!(got.unwrap_or(0), 0, "{:?}", String::from_utf8_lossy(q));
            }
            assert_eq!(
                got.is_some(),
                lex.has_prefix(q),
                "{:?}",
                String::from_utf8_lossy(q)
            );
            assert_eq!(
                lex.lookup_fst(q).count,
                count,
                "{:?}",
                String::from_utf8_lossy(q)
            );
            assert_eq!(
                lex.lookup_fst(q).present,
                present,
                "{:?}",
                String::from_utf8_lossy(q)
            );
            probes += 1;
        }
    }
    assert!(probes > 300_000);
}
