use super::*;

fn chars(s: &str) -> Vec<char> {
    let mut v = Vec::new();
    fold_into(s, &mut v);
    v
}

fn trained() -> Channel {
    let mut t = Trainer::new();
    // Period-style misreadings, repeated as a real corpus would show them.
    for _ in 0..30 {
        t.add_document(
            "tlie government arc opposed to tlie modern scheme witli aud the rnen",
            "the government are opposed to the modern scheme with and the men",
        );
        t.add_document(
            "the men are here and the house is there",
            "the men are here and the house is there",
        );
    }
    t.finish()
}

#[test]
fn learns_multi_character_confusions() {
    let ch = trained();
    assert!(
        ch.rule("h", "li").is_some(),
        "h -> li learnt: {:?}",
        ch.rules()
    );
    assert!(ch.rule("m", "rn").is_some());
    assert!(ch.rule("e", "c").is_some());
    // A learnt confusion is far likelier than an unlisted one of the same size.
    let (the, tlie, txie) = (chars("the"), chars("tlie"), chars("txie"));
    assert!(ch.log_prob(&the, &tlie) > ch.log_prob(&the, &txie) + 3.0);
    // Reading a word correctly is likelier than any misreading.
    assert!(ch.log_prob(&the, &the) > ch.log_prob(&the, &tlie));
}

#[test]
fn variants_reach_the_printed_word() {
    let ch = trained();
    let mut out = Vec::new();
    ch.variants(&chars("tlie"), 2, -12.0, 500, &mut out);
    assert!(out.iter().any(|(w, _)| w == "the"), "{out:?}");
    ch.variants(&chars("rnodern"), 2, -12.0, 500, &mut out);
    assert!(out.iter().any(|(w, _)| w == "modern"));
    // Confusions the rules never saw are not generated ("Sokiet" -> "soviet" is left
    // to the lexicon's edit-distance search).
    ch.variants(&chars("sokiet"), 2, -12.0, 500, &mut out);
    assert!(!out.iter().any(|(w, _)| w == "soviet"));
    // The cap bounds the work.
    ch.variants(&chars("rnodern"), 2, -30.0, 5, &mut out);
    assert!(out.len() <= 5);
}

#[test]
fn the_walk_finds_words_whose_prefixes_share_fst_nodes() {
    // "l" read for a printed "h" or "b": "hat" and "bat" share every node after their
    // first letter in the minimised fst, and both must be found.
    let rule = |a: &str, b: &str, p: f32| Rule {
        printed: a.to_string(),
        read: b.to_string(),
        log_prob: p,
    };
    let ch = Channel::from_rules(
        vec![rule("h", "l", -3.0), rule("b", "l", -4.0)],
        -0.01,
        -9.0,
        -9.0,
        -9.0,
    );
    let lex = Lexicon::from_counts([("hat", 10u64), ("bat", 5)]);
    let reach = Reach {
        max_confusions: 2,
        floor: -10.0,
        cap: 100,
    };
    let mut found = Vec::new();
    ch.each_word_within(&chars("lat"), reach, &lex, &mut |v, c, n| {
        found.push((v.iter().collect::<String>(), c, n))
    });
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<(&str, u64)> = found.iter().map(|x| (x.0.as_str(), x.2)).collect();
    assert_eq!(names, [("bat", 5), ("hat", 10)], "{found:?}");
    assert!(found[1].1 > found[0].1, "the likelier confusion costs less");
    // Words of every layer, with their counts summed across layers.
    let mut lex = lex;
    lex.add_layer(
        [("bat", 2u64), ("lot", 1)],
        std::iter::empty::<(&str, &str, u64)>(),
    );
    found.clear();
    ch.each_word_within(&chars("lat"), reach, &lex, &mut |v, c, n| {
        found.push((v.iter().collect::<String>(), c, n))
    });
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<(&str, u64)> = found.iter().map(|x| (x.0.as_str(), x.2)).collect();
    assert_eq!(names, [("bat", 7), ("hat", 10)], "{found:?}");
}

/// [`Channel::each_word_within`] by the depth-first walk it replaced.
fn within_by_dfs(
    ch: &Channel,
    lex: &Lexicon,
    read: &[char],
    reach: Reach,
) -> Vec<(String, u64, u32)> {
    let mut out = Vec::new();
    let mut visit = |v: &[char], c: f32, n: u64| out.push((v.iter().collect(), n, c));
    if read.len() <= MAX_WORD && reach.max_confusions > 0 {
        if let Some(root) = lex.start::<1>() {
            ch.walk_within_dfs(read, reach, lex, root, &mut visit);
        } else if let Some(root) = lex.start::<MAX_PREFIX_LAYERS>() {
            ch.walk_within_dfs(read, reach, lex, root, &mut visit);
        } else if let Some(root) = lex.start::<8>() {
            ch.walk_within_dfs(read, reach, lex, root, &mut visit);
        }
    }
    best_of_each(out)
}

/// Each word once, with its count and likeliest derivation (its cost's bits), sorted.
fn best_of_each(mut v: Vec<(String, u64, f32)>) -> Vec<(String, u64, u32)> {
    v.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)));
    v.dedup_by(|later, first| later.0 == first.0);
    v.into_iter().map(|(w, n, c)| (w, n, c.to_bits())).collect()
}

/// Period words as OCR misreads them (made up), shared by the tests that compare two
/// ways of computing the same thing.
const MISREAD: [&str; 9] = [
    "tlie",
    "witli",
    "goverument",
    "cornmittee",
    "Wasliington",
    "lmportant",
    "Congrcss",
    "tcrriblo",
    "nronertv",
];

#[test]
fn the_lattice_walk_finds_what_the_depth_first_walk_found() {
    // Period misreadings (made up), real words (from a fixture) and strings near no
    // word, with the embedded model and one trained on a few lines (which has other
    // rules: stray letters read for nothing among them).
    let mut words: Vec<String> = MISREAD
        .iter()
        .chain(&[
            "annonnced",
            "rnanufacturers",
            "tbeir",
            "liave",
            "bcen",
            "sbonld",
            "Govcrnor",
            "nnmber",
            "mecting",
            "ycars",
            "eitizens",
            "uuder",
            "Amcrica",
            "pcople",
            "wonld",
            "cxpected",
            "sitnation",
            "nnion",
            "Départemcnt",
            "cafè",
            "ſtate",
            "xqzzv",
            "a",
            "",
            "tonnesse",
            "annointed",
            "mediæval",
            "nation’s",
        ])
        .map(|w| w.to_string())
        .collect();
    let text = include_str!("../../fixtures/000_e899c1d5a41cee12.txt");
    let mut seen = std::collections::HashSet::new();
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if w.chars().count() >= 4 && seen.insert(w) && seen.len() <= 60 {
            words.push(w.to_string());
        }
    }
    let reaches = [(4, -22.0), (2, -14.0), (3, -18.0), (1, -10.0)];
    let check = |ch: &Channel, lex: &Lexicon| {
        let mut found_some = false;
        for w in &words {
            let read = chars(w);
            for (max_confusions, floor) in reaches {
                let reach = Reach {
                    max_confusions,
                    floor,
                    cap: 1 << 20,
                };
                let want = within_by_dfs(ch, lex, &read, reach);
                let mut got = Vec::new();
                ch.each_word_within(&read, reach, lex, &mut |v, c, n| {
                    got.push((v.iter().collect(), n, c))
                });
                assert_eq!(best_of_each(got), want, "{w} {max_confusions} {floor}");
                found_some |= !want.is_empty();
            }
        }
        found_some
    };
    let ch = Channel::embedded();
    assert!(check(ch, &Lexicon::embedded()));
    assert!(check(&trained(), &Lexicon::embedded()));
    // Stray characters read where nothing was printed (a speck read as "i", a mark as
    // ".").
    let mut rules = ch.rules();
    for (read, log_prob) in [("i", -4.0), (".", -3.0), ("ii", -6.0)] {
        rules.push(Rule {
            printed: String::new(),
            read: read.to_string(),
            log_prob,
        });
    }
    let specks = Channel::from_rules(rules, ch.keep, ch.sub, ch.del, ch.ins);
    assert!(check(&specks, &Lexicon::embedded()));
    across_layers(
        Lexicon::embedded(),
        &[("government", 5), ("goverment", 2), ("terrible", 1)],
        "tlie",
        |lex| {
            check(ch, lex);
        },
    );
}

#[test]
fn log_prob_is_what_the_cell_by_cell_table_gave() {
    // Each OCR word against the lexicon words near it and its channel variants, with
    // the embedded model and a small trained one: the same log probability, to the bit.
    let lex = Lexicon::embedded();
    let words = MISREAD.iter().chain(&[
        "rnanufacturers",
        "Départemcnt",
        "cafè",
        "ſtate",
        "a",
        "",
        "mediæval",
        "nation’s",
        "the",
        "modern",
        "aud",
        "iu",
        "xqzzv",
        "1ndian",
    ]);
    let words: Vec<&str> = words.copied().collect();
    let mut pairs = 0;
    for ch in [Channel::embedded(), &trained(), &Channel::generic()] {
        for &w in &words {
            let read = chars(w);
            let mut near = Vec::new();
            lex.candidates(w, 2, &mut near);
            let mut variants = Vec::new();
            ch.variants(&read, 2, -14.0, 300, &mut variants);
            let printed = near
                .iter()
                .map(|c| c.word.clone())
                .chain(variants.into_iter().map(|v| v.0))
                .chain([w.to_string(), String::new(), "x".repeat(40)]);
            for p in printed {
                let p = chars(&p);
                let (got, want) = (ch.log_prob(&p, &read), ch.log_prob_reference(&p, &read));
                assert_eq!(got.to_bits(), want.to_bits(), "{p:?} {w} {got} {want}");
                pairs += 1;
            }
        }
    }
    assert!(pairs > 1000, "{pairs}");
}

#[test]
fn model_round_trips_and_rejects_garbage() {
    let ch = trained();
    let bytes = ch.to_bytes();
    let back = Channel::from_bytes(&bytes).unwrap();
    assert_eq!(back.rules(), ch.rules());
    assert_eq!(back.to_bytes(), bytes);
    assert!(Channel::from_bytes(b"SCNCHAN1\x00").is_err());
    assert!(Channel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    assert!(Channel::from_bytes(b"not a model at all").is_err());
}

/// What [`Channel::each_word`] must find: [`Channel::each_variant`] pruned by
/// [`Lexicon::has_prefix`], each variant looked up with [`Lexicon::freq`].
fn words_by_lookup(
    ch: &Channel,
    lex: &Lexicon,
    read: &[char],
    edits: u8,
    floor: f32,
    cap: usize,
) -> Vec<(String, u32, u64)> {
    let prefix_ok = |p: &[char]| lex.has_prefix(p.iter().collect::<String>().as_bytes());
    let mut out = Vec::new();
    ch.each_variant(read, edits, floor, cap, &prefix_ok, &mut |v, cost| {
        let w: String = v.iter().collect();
        let n = lex.freq(&w);
        if n > 0 {
            out.push((w, cost.to_bits(), n));
        }
    });
    out
}

#[test]
fn each_word_finds_what_looking_up_each_variant_finds() {
    let ch = Channel::embedded();
    let lex = Lexicon::embedded();
    let words = [
        "tlie",
        "witli",
        "goverument",
        "rnodern",
        "cornmittee",
        "Wasliington",
        "aud",
        "tbe",
        "sliould",
        "tlieir",
        "nnder",
        "wliicli",
        "bouse",
        "lmportant",
        "fhe",
        "iu",
        "Congrcss",
        "ainendment",
        "Qnecn",
        "tbem",
        "nation’s",
        "cafè",
        "mediæval",
        "coöperation",
        "xqzzv",
        "a",
        "ofthe",
        "thc",
        "’tis",
        "con\u{ad}nexion",
        "Ünited",
    ];
    let check = |lex: &Lexicon| {
        for w in words {
            let read = chars(w);
            for (edits, floor, cap) in [
                (2, -10.0, 4000),
                (2, -14.0, 4000),
                (1, -10.0, 256),
                (2, -14.0, 30),
            ] {
                let want = words_by_lookup(ch, lex, &read, edits, floor, cap);
                let mut got = Vec::new();
                ch.each_word(&read, edits, floor, cap, lex, &mut |v, cost, n| {
                    got.push((v.iter().collect::<String>(), cost.to_bits(), n))
                });
                assert_eq!(got, want, "{w} edits {edits} floor {floor} cap {cap}");
            }
        }
    };
    let want = words_by_lookup(ch, &lex, &chars("tlie"), 2, -10.0, 4000);
    assert!(want.iter().any(|(w, _, _)| w == "the"), "{want:?}");
    // The small cap does cut the search short (so the check covers it).
    let capped = |w: &str, cap| words_by_lookup(ch, &lex, &chars(w), 2, -14.0, cap).len();
    assert!(words.iter().any(|w| capped(w, 30) < capped(w, 4000)), "no word's search is capped");
    across_layers(
        lex,
        &[("the", 5), ("rnodem", 2), ("wasliington", 1)],
        "tbem",
        check,
    );
}

/// Runs `check` on `lex`; on it with a layer of `words` added (counts of several layers
/// add up, and a word only the later layer has must be found too); past the layers a walk
/// holds (`filler` in one more layer each time), where the look-ups take over; and on the
/// empty lexicon.
fn across_layers(
    mut lex: Lexicon,
    words: &[(&str, u64)],
    filler: &str,
    check: impl Fn(&Lexicon),
) {
    check(&lex);
    lex.add_layer(
        words.iter().copied(),
        std::iter::empty::<(&str, &str, u64)>(),
    );
    check(&lex);
    for _ in 0..crate::lexicon::MAX_PREFIX_LAYERS {
        lex.add_layer([(filler, 3u64)], std::iter::empty::<(&str, &str, u64)>());
    }
    check(&lex);
    check(&Lexicon::empty());
}

#[test]
fn variant_words_are_the_variants_the_lexicon_has() {
    let ch = Channel::embedded();
    let lex = Lexicon::embedded();
    let words = [
        "arc",
        "tho",
        "aud",
        "bad",
        "tbe",
        "lie",
        "cf",
        "Ail",
        "nation’s",
        "mediæval",
        "xqz",
    ];
    let check = |lex: &Lexicon| {
        for w in words {
            let read = chars(w);
            for (floor, cap) in [(-10.0, 256), (-14.0, 256), (-14.0, 10)] {
                let mut variants = Vec::new();
                ch.variants(&read, 1, floor, cap, &mut variants);
                let want: Vec<(String, u64)> = variants
                    .into_iter()
                    .map(|(v, _)| {
                        let n = lex.freq(&v);
                        (v, n)
                    })
                    .filter(|x| x.1 > 0)
                    .collect();
                let mut got = Vec::new();
                ch.variant_words(&read, floor, cap, lex, &mut got);
                assert_eq!(got, want, "{w} floor {floor} cap {cap}");
            }
        }
    };
    let mut got = Vec::new();
    ch.variant_words(&chars("arc"), -10.0, 256, &lex, &mut got);
    assert!(got.iter().any(|(w, _)| w == "are"), "{got:?}");
    across_layers(lex, &[("arc", 5), ("tlio", 2)], "bab", check);
}

#[test]
fn embedded_model_knows_period_confusions() {
    let ch = Channel::embedded();
    assert!(!ch.rules().is_empty());
    let (the, tlie) = (chars("the"), chars("tlie"));
    let (with, witli) = (chars("with"), chars("witli"));
    assert!(ch.log_prob(&the, &tlie) > -12.0);
    assert!(ch.log_prob(&with, &witli) > -12.0);
}

/// The [`align_words`] it replaced (a full table of costs, a distance for every cell).
fn align_words_reference(o: &[String], g: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (o.len(), g.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    const BAND: usize = 40;
    let centre = |i: usize| i * m / n;
    let lo = |i: usize| centre(i).saturating_sub(BAND + n.abs_diff(m).min(200));
    let hi = |i: usize| (centre(i) + BAND + n.abs_diff(m).min(200)).min(m);
    let width = 2 * (BAND + n.abs_diff(m).min(200)) + 2;
    let inf = f32::INFINITY;
    let mut cost = vec![inf; (n + 1) * width];
    let mut back = vec![0u8; (n + 1) * width];
    let at = |i: usize, j: usize| (j >= lo(i) && j <= hi(i)).then(|| i * width + (j - lo(i)));
    let sub_cost = |a: &str, b: &str| -> f32 {
        if a == b {
            0.0
        } else {
            let d = strsim::levenshtein(a, b) as f32;
            (2.0 * d / a.chars().count().max(b.chars().count()) as f32).min(2.0)
        }
    };
    for i in 0..=n {
        for j in lo(i)..=hi(i) {
            let Some(k) = at(i, j) else { continue };
            if i == 0 && j == 0 {
                cost[k] = 0.0;
                continue;
            }
            let mut best = (inf, 0u8);
            if let Some(p) = (i > 0 && j > 0).then(|| at(i - 1, j - 1)).flatten() {
                best = (cost[p] + sub_cost(&o[i - 1], &g[j - 1]), 0);
            }
            if let Some(p) = (i > 0).then(|| at(i - 1, j)).flatten() {
                if cost[p] + 1.0 < best.0 {
                    best = (cost[p] + 1.0, 1);
                }
            }
            if let Some(p) = (j > 0).then(|| at(i, j - 1)).flatten() {
                if cost[p] + 1.0 < best.0 {
                    best = (cost[p] + 1.0, 2);
                }
            }
            cost[k] = best.0;
            back[k] = best.1;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    if at(n, m).is_none() {
        return out;
    }
    while i > 0 || j > 0 {
        let Some(k) = at(i, j) else { break };
        match back[k] {
            0 if i > 0 && j > 0 => {
                out.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            1 if i > 0 => i -= 1,
            _ if j > 0 => j -= 1,
            _ => i -= 1,
        }
    }
    out.reverse();
    out
}

#[test]
fn bit_parallel_distance_is_levenshtein() {
    let words = ["", "a", "the", "tlie", "thé", "ſhall", "shall", "government", "goverument",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm", "ééé", "e-e"];
    let mut row = Myers::default();
    for a in words {
        row.set(a);
        for b in words {
            let bc: Vec<char> = b.chars().collect();
            assert_eq!(row.distance(&bc), strsim::levenshtein(a, b), "{a} / {b}");
        }
    }
}

#[test]
fn word_alignment_is_what_the_full_table_gave() {
    // Two texts that differ by changed, lost and added words, in runs long enough to
    // move the path off the diagonal and against the band's edges.
    let base: Vec<String> = (0..700).map(|i| format!("w{}", (i * 7919) % 263)).collect();
    let mut other = Vec::new();
    for (i, w) in base.iter().enumerate() {
        match i % 37 {
            0 => {}
            5 => other.push(format!("{w}x")),
            11 => {
                other.push(w.clone());
                other.push("and".to_string());
            }
            _ if (300..360).contains(&i) => {}
            _ => other.push(w.clone()),
        }
    }
    for (o, g) in [(&base, &other), (&other, &base), (&base, &base)] {
        assert_eq!(align_words(o, g), align_words_reference(o, g));
    }
    let short: Vec<String> = base[..5].to_vec();
    assert_eq!(align_words(&short, &base), align_words_reference(&short, &base));
    assert_eq!(align_words(&base, &short), align_words_reference(&base, &short));
}

#[test]
fn word_alignment_pairs_similar_words() {
    let o: Vec<String> = "tlie cat sat oii the mat"
        .split(' ')
        .map(String::from)
        .collect();
    let g: Vec<String> = "the cat sat on the mat today"
        .split(' ')
        .map(String::from)
        .collect();
    let a = align_words(&o, &g);
    assert!(a.contains(&(0, 0)));
    assert!(a.contains(&(3, 3)));
    assert!(a.contains(&(5, 5)));
}

#[test]
fn misreadings_apply_listed_confusions_down_to_the_floor() {
    let rule = |a: &str, b: &str, p: f32| Rule {
        printed: a.to_string(),
        read: b.to_string(),
        log_prob: p,
    };
    let ch = Channel::from_rules(
        vec![rule("h", "li", -3.0), rule("e", "c", -4.0), rule("th", "tb", -9.0)],
        -0.01,
        -9.0,
        -9.0,
        -9.0,
    );
    let misread = |confusions: u8, floor: f32| {
        let mut got = Vec::new();
        ch.each_misreading(&chars("the"), confusions, floor, 100, &mut |r, c| {
            got.push((r.iter().collect::<String>(), (c * 100.0).round() / 100.0))
        });
        got.sort_by(|a, b| a.0.cmp(&b.0));
        got
    };
    // One rule: its cost against reading its printed side correctly.
    assert_eq!(misread(1, -5.0), [("thc".to_string(), -3.99), ("tlie".to_string(), -2.99)]);
    // Two rules chain; the floor cuts the costly "th" -> "tb".
    assert_eq!(
        misread(2, -8.0),
        [("thc".to_string(), -3.99), ("tlic".to_string(), -6.98), ("tlie".to_string(), -2.99)]
    );
    // Lower, "th" -> "tb" too, but not with "e" -> "c" after it (-12.97).
    assert_eq!(misread(2, -10.0).len(), 4);
    assert_eq!(misread(2, -10.0)[0], ("tbe".to_string(), -8.98));
    assert!(misread(0, -10.0).is_empty());
}
