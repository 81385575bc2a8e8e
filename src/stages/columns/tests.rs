use super::*;

/// A small lexicon with the words and pairs the examples need, at realistic counts.
fn lexicon() -> Lexicon {
    let words: &[(&str, u64)] = &[
        ("the", 23_000_000_000),
        ("of", 13_000_000_000),
        ("and", 12_900_000_000),
        ("to", 12_000_000_000),
        ("in", 8_400_000_000),
        ("a", 9_000_000_000),
        ("is", 4_700_000_000),
        ("was", 2_000_000_000),
        ("it", 3_000_000_000),
    ];
    let pairs: &[(&str, &str, u64)] = &[
        ("of", "the", 177_000_000_000),
        ("in", "the", 104_000_000_000),
    ];
    let mut lex = Lexicon::empty();
    lex.add_layer(words.iter().copied(), pairs.iter().copied());
    lex
}

#[test]
fn garbage_flags_repeated_phrases_only() {
    let t = "Next week we publish it. the hat link in the chain of observer, the hat link in the chain \
                 of observer, cruments, the hat link in the chain of observer lave endeavord.";
    let g = garbage_regions(t);
    assert_eq!(g.len(), 1);
    assert!(
        t[g[0].clone()].starts_with("the hat link"),
        "{:?}",
        &t[g[0].clone()]
    );
    assert!(t[g[0].clone()].ends_with("observer"));
    let plain = "The Fourth Congress of the Communist International took a definite stand. \
                     The Congress unanimously adopted a resolution on relief for Soviet Russia.";
    assert!(garbage_regions(plain).is_empty());
    assert!(garbage_regions("").is_empty());
}

#[test]
fn glued_tokens_are_cut_only_when_a_fragment_completes_them() {
    let lex = Lexicon::from_counts([
        ("freedom", 1000u64),
        ("reconstruction", 500),
        ("from", 5000),
        ("it", 9000),
        ("may", 4000),
        ("of", 9000),
        ("russia", 300),
    ]);
    let t = "in the reconstrucfreedom from it, may emigrate to tion of Russia.";
    let vocab = Vocab::of(t);
    let ws = words(t, &lex, &vocab);
    let keys: Vec<&str> = ws.iter().map(|w| &*w.key).collect();
    assert!(
        keys.contains(&"reconstruc") && keys.contains(&"freedom"),
        "{keys:?}"
    );
    // Without the continuation, the token stays whole.
    let t2 = "in the reconstrucfreedom from it, may emigrate to Russia.";
    let ws2 = words(t2, &lex, &Vocab::of(t2));
    assert!(ws2.iter().any(|w| w.key == "reconstrucfreedom"));
}

#[test]
fn fragments_join_across_a_segment_and_hyphens_drop() {
    let lex = Lexicon::from_counts([
        ("circumstances", 100u64),
        ("stances", 50),
        ("self", 900),
        ("evident", 300),
        ("dent", 40),
    ]);
    let vocab = Vocab::default();
    let w = Words::new(&lex, &vocab);
    let t = "circum- stances, self-evi dent Circum- Stances";
    let ws = words(t, &lex, &vocab);
    assert_eq!(
        w.fragment_join(&ws[0], &ws[1]).as_deref(),
        Some("circumstances")
    );
    assert_eq!(
        w.fragment_join(&ws[2], &ws[3]).as_deref(),
        Some("self-evident")
    );
    assert_eq!(
        w.fragment_join(&ws[4], &ws[5]),
        None,
        "a capital does not continue a word"
    );
    let mut out = String::new();
    write_stream(t, &ws, &[0, 2, 1], &w, &mut out);
    assert_eq!(out, "circum- self-evi stances,");
    out.clear();
    write_stream(t, &ws, &[2, 4, 3], &w, &mut out);
    assert_eq!(out, "self-evi Circum- dent");
    out.clear();
    let t2 = "Under no circum- Russia. This stances, therefore";
    let ws2 = words(t2, &lex, &vocab);
    write_stream(t2, &ws2, &[0, 1, 2, 5, 6], &w, &mut out);
    assert_eq!(out, "Under no circumstances, therefore");
}

/// Cuts made in `t`: the first half of every token [`split_glued`] cut in two.
fn glued_heads(t: &str, lex: &Lexicon) -> Vec<String> {
    words(t, lex, &Vocab::of(t))
        .into_iter()
        .filter(|w| w.glued_head)
        .map(|w| t[w.start..w.end].to_string())
        .collect()
}

#[test]
fn glued_tokens_cut_where_the_commonest_word_is_made() {
    let mut lex = Lexicon::empty();
    lex.add_layer(
        [
            ("self", 9000u64),
            ("evident", 3000),
            ("order", 8000),
            ("der", 50),
            ("occupy", 400),
            ("were", 20000),
            ("turnpike", 50),
            ("road", 3000),
            ("roads", 900),
            ("ad", 500),
            ("north", 4000),
            ("east", 4000),
            ("the", 1_000_000),
            ("truths", 200),
        ],
        [("turnpike", "road", 40u64), ("north", "east", 900)],
    );
    // Seed 000: "self-evi|order" … "dent", and "oc-|were" (a line-end hyphen the blank
    // line after it left glued) … "cupy".
    let t = "have been self-eviorder that workers dent truths to any student. which \
                 oc-were factories and mines destroyed by the hordes, but cupy a place";
    assert_eq!(glued_heads(t, &lex), ["self-evi", "oc-"]);
    // A compound of two words is no glue, even with a word to complete further on.
    let t = "a Turnpike-road to the north-east end where ads and asts are sold";
    assert!(
        glued_heads(t, &lex).is_empty(),
        "{:?}",
        glued_heads(t, &lex)
    );
}

#[test]
fn a_long_non_word_completes_even_a_common_first_half() {
    let lex = Lexicon::from_counts([
        ("in", 8_000_000u64),
        ("no", 2_000_000),
        ("industries", 900),
        ("notion", 300),
        ("tion", 3),
        ("intelligentsia", 40),
        ("the", 20_000_000),
    ]);
    let vocab = Vocab::default();
    let w = Words::new(&lex, &vocab);
    let t = "The in dustries no tion intelligen tsia-by, the";
    let ws = words(t, &lex, &vocab);
    assert_eq!(
        w.fragment_join(&ws[1], &ws[2]).as_deref(),
        Some("industries")
    );
    assert_eq!(
        w.fragment_join(&ws[3], &ws[4]),
        None,
        "a short second half after a common word"
    );
    assert_eq!(
        w.fragment_join(&ws[5], &ws[6]).as_deref(),
        Some("intelligentsia"),
        "a second half running on into a dash"
    );
}

#[test]
fn a_capital_common_word_mid_sentence_scores_low() {
    let lex = lexicon();
    let vocab = Vocab::default();
    let sc = Scorer::new(&lex, &vocab);
    let t = "of the of The. The";
    let ws = words(t, &lex, &vocab);
    let (lower, _) = sc.join(&ws[0], &ws[1]);
    let (upper, _) = sc.join(&ws[2], &ws[3]);
    assert!(upper < lower - 2.0, "{upper} vs {lower}");
    // After a full stop, a capital is what is expected.
    let (after_stop, _) = sc.join(&ws[3], &ws[4]);
    assert!(after_stop > upper, "{after_stop} vs {upper}");
}

#[test]
fn single_column_prose_is_left_alone() {
    let t = "The emigration of foreign workers to Russia should be confined to individual special \
                 workers who are specially needed in industry. But even in these individual cases, the \
                 workers should be procured only with the knowledge and approval of the Russian trade \
                 unions. At the present stage of Russian economic life, mass emigration of foreign workers \
                 to Soviet Russia would mean no support but only a hindrance in the reconstruction of Russia.";
    let lex = lexicon();
    assert!(find_passages(t, &lex, &Vocab::of(t)).is_empty());
}

#[test]
fn candidate_windows_stay_bounded_on_text_dense_with_fragments() {
    let lex = Lexicon::from_counts([
        ("reconstruction", 500u64),
        ("circumstances", 100),
        ("the", 1_000_000),
        ("of", 900_000),
    ]);
    // Broken words every few words for 12,000 words: every window merges with the next.
    let t = "reconstruc the of tion circum- of the stances ".repeat(1_500);
    let vocab = Vocab::of(&t);
    let w = Words::new(&lex, &vocab);
    let ws = plain_words(&Doc::new(&t));
    let windows = candidate_windows(&t, &ws, &w);
    assert!(windows.len() > 1, "{windows:?}");
    assert!(windows.iter().all(|r| r.len() <= MAX_WINDOW), "{windows:?}");
    // Together they still cover the text.
    assert!(windows.first().is_some_and(|r| r.start == 0));
    assert!(windows.last().is_some_and(|r| r.end == ws.len()));
}

#[test]
fn a_passage_below_the_threshold_is_reported_as_suspected() {
    let p = Passage {
        span: 0..10,
        rearranged: String::new(),
        confidence: SUGGEST_ONLY,
        segments: 14,
        switches: 13,
        fragments: 2,
        gain: 40.8,
    };
    let low = passage_reason(&p, 0.5);
    assert!(
        low.starts_with("suspected: 14 lines of two interleaved columns"),
        "{low}"
    );
    let applied = passage_reason(
        &Passage {
            confidence: 0.9,
            ..p
        },
        0.5,
    );
    assert!(
        applied.starts_with("14 lines of two interleaved columns"),
        "{applied}"
    );
}

#[test]
fn short_and_odd_texts_do_not_panic() {
    let lex = lexicon();
    for t in [
        "",
        "a",
        "é — ’ ¬ \u{ad}",
        "x-\n\ny- z",
        &"word ".repeat(300),
        &"Ärger über Öl. ".repeat(50),
    ] {
        let _ = find_passages(t, &lex, &Vocab::of(t));
        let _ = garbage_regions(t);
    }
}
