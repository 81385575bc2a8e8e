//! Candidate search of the corrector for OCR words the lexicon lacks: the channel model's
//! listed confusions (up to two) kept where they give a lexicon word.
//!
//! - `variants_walk/<word>`: `Channel::each_word`, which walks each derivation down the
//!   lexicon's fst as it is built and resumes from the prefix it shares with earlier ones;
//! - `variants_lookup/<word>`: the same derivations by `Channel::each_variant`, pruned with
//!   `Lexicon::has_prefix` from the root each time and each variant looked up with
//!   `Lexicon::freq` (what the corrector did before);
//! - `candidates_d1/<word>`, `candidates_d2/<word>`: `Lexicon::candidates`, the edit-distance
//!   half of the same search;
//! - `real_word_walk/<word>`, `real_word_lookup/<word>`: for a word the lexicon has, the
//!   words among its one-confusion variants, by `Channel::variant_words` and by
//!   `Channel::variants` with a `Lexicon::freq` look-up of each.
//!
//! - `deep_walk/<word>`: `Channel::each_word_within`, the walk the corrector uses for unknown
//!   words of four letters or more: up to four listed confusions, pruned by the fst and by a
//!   memo of states (it must find the intended word of each misreading; checked before timing).
//!
//! - `log_prob/<word>`: `Channel::log_prob` of the word against each lexicon word within two
//!   edits of it (the corrector scores every candidate so).
//!
//! - `index_get/<word>`: `MisreadIndex::get` of the embedded misreading index (the words it
//!   holds: one fst look-up and the stored candidates);
//! - `suggest_full/<word>`, `suggest_indexed/<word>`: `Corrector::suggest` (candidate search
//!   and ranking, nothing cached) with the full search and with the misreading index, which
//!   serves the words it holds and searches the others more cheaply (the fallback); the
//!   bench prints which words the index holds.
//!
//! - `align_words/<n>_words`: `channel::align_words` of a made-up text of `n` words and a copy
//!   with words changed, lost and added (what collection adaptation and training do for each
//!   document and its cleaned or true text).
//!
//! Both variant searches must find the same words; the bench checks it before timing.
//! `cargo bench --bench variants`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use scanno::channel::{fold_into, Channel};
use scanno::Lexicon;

/// Period words as OCR typically misreads them (made up for the bench, not from any data set).
const WORDS: [&str; 8] = [
    "tlie",
    "witli",
    "goverument",
    "cornmittee",
    "Wasliington",
    "lmportant",
    "Congrcss",
    "xqzzvbk",
];

/// Heavier misreadings (three or four confusions; made up for the bench), which the misreading
/// index mostly lacks: what its fallback search costs.
const HEAVY: [&str; 4] = ["tcrriblo", "nronertv", "olllccrs", "Haltimoro"];

/// Lexicon words OCR often makes of commoner ones ("arc" for "are", "tho" for "the").
const REAL_WORDS: [&str; 4] = ["arc", "tho", "bad", "lie"];

/// The corrector's settings for a word the lexicon lacks (`Params::default()`).
fn floor(len: usize) -> f32 {
    let p = scanno::correct::Params::default();
    if len <= p.short_len {
        p.short_variant_floor
    } else {
        p.variant_floor
    }
}

fn by_lookup(ch: &Channel, lex: &Lexicon, read: &[char], out: &mut Vec<(String, u64)>) {
    out.clear();
    let prefix_ok = |p: &[char]| {
        let mut buf = [0u8; 160];
        let mut n = 0;
        for c in p {
            n += c.encode_utf8(&mut buf[n..]).len();
        }
        lex.has_prefix(&buf[..n])
    };
    let mut s = String::new();
    ch.each_variant(read, 2, floor(read.len()), 4000, &prefix_ok, &mut |v, _| {
        s.clear();
        s.extend(v);
        let n = lex.freq(&s);
        if n > 0 {
            out.push((s.clone(), n));
        }
    });
}

fn by_walk(ch: &Channel, lex: &Lexicon, read: &[char], out: &mut Vec<(String, u64)>) {
    out.clear();
    ch.each_word(read, 2, floor(read.len()), 4000, lex, &mut |v, _, n| {
        out.push((v.iter().collect(), n))
    });
}

fn bench(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    let ch = Channel::embedded();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut read = Vec::new();
    for w in WORDS {
        fold_into(w, &mut read);
        by_lookup(ch, &lex, &read, &mut a);
        by_walk(ch, &lex, &read, &mut b);
        assert_eq!(a, b, "{w}: both searches must find the same words");
        eprintln!("{w}: {} words among the variants", a.len());
    }
    for w in WORDS {
        fold_into(w, &mut read);
        c.bench_function(&format!("variants_walk/{w}"), |bch| {
            bch.iter(|| by_walk(ch, &lex, black_box(&read), &mut b))
        });
        c.bench_function(&format!("variants_lookup/{w}"), |bch| {
            bch.iter(|| by_lookup(ch, &lex, black_box(&read), &mut a))
        });
    }
    let real_floor = scanno::correct::Params::default().real_word_floor;
    let mut found = Vec::new();
    let mut variants = Vec::new();
    let mut looked_up = Vec::new();
    for w in REAL_WORDS {
        fold_into(w, &mut read);
        ch.variant_words(&read, real_floor, 256, &lex, &mut found);
        ch.variants(&read, 1, real_floor, 256, &mut variants);
        looked_up.clear();
        looked_up.extend(
            variants
                .iter()
                .map(|(v, _)| (v.clone(), lex.freq(v)))
                .filter(|x| x.1 > 0),
        );
        assert_eq!(
            found, looked_up,
            "{w}: both searches must find the same words"
        );
        c.bench_function(&format!("real_word_walk/{w}"), |bch| {
            bch.iter(|| ch.variant_words(black_box(&read), real_floor, 256, &lex, &mut found))
        });
        c.bench_function(&format!("real_word_lookup/{w}"), |bch| {
            bch.iter(|| {
                ch.variants(black_box(&read), 1, real_floor, 256, &mut variants);
                variants.iter().filter(|(v, _)| lex.freq(v) > 0).count()
            })
        });
    }
    let p = scanno::correct::Params::default();
    let reach = scanno::channel::Reach {
        max_confusions: p.walk_confusions,
        floor: p.walk_floor,
        cap: 20_000,
    };
    let mut deep: Vec<String> = Vec::new();
    let meant = [
        "the",
        "with",
        "government",
        "committee",
        "washington",
        "important",
        "congress",
    ];
    for (i, w) in WORDS.into_iter().enumerate() {
        fold_into(w, &mut read);
        deep.clear();
        ch.each_word_within(&read, reach, &lex, &mut |v, _, _| {
            deep.push(v.iter().collect())
        });
        if let Some(m) = meant.get(i) {
            assert!(deep.iter().any(|x| x == m), "{w}: the deep walk misses {m}");
        }
        c.bench_function(&format!("deep_walk/{w}"), |bch| {
            bch.iter(|| {
                let mut n = 0;
                ch.each_word_within(black_box(&read), reach, &lex, &mut |_, _, _| n += 1);
                n
            })
        });
    }
    let mut out = Vec::new();
    // The corrector's scoring: the OCR word against each lexicon word its searches found
    // (here those within two edits).
    let mut printed: Vec<Vec<char>> = Vec::new();
    for w in WORDS {
        fold_into(w, &mut read);
        lex.candidates(w, 2, &mut out);
        printed.clear();
        printed.extend(out.iter().map(|c| {
            let mut p = Vec::new();
            fold_into(&c.word, &mut p);
            p
        }));
        c.bench_function(&format!("log_prob/{w}"), |bch| {
            bch.iter(|| {
                printed
                    .iter()
                    .map(|p| ch.log_prob(black_box(p), &read))
                    .fold(f32::NEG_INFINITY, f32::max)
            })
        });
    }
    let index = scanno::misread::stock().expect("the embedded misreading index fits the embedded model");
    let full = scanno::correct::Corrector::new(&lex, ch);
    let indexed = scanno::correct::Corrector::new(&lex, ch).with_index(index);
    let mut suggestions = Vec::new();
    let mut held = Vec::new();
    for w in WORDS.into_iter().chain(HEAVY) {
        fold_into(w, &mut read);
        let key: String = read.iter().collect();
        held.clear();
        let is_held = index.get(&key, &mut held);
        eprintln!("{w}: {}", if is_held { "held by the index" } else { "not held: the fallback search" });
        if is_held {
            c.bench_function(&format!("index_get/{w}"), |bch| {
                bch.iter(|| {
                    held.clear();
                    index.get(black_box(&key), &mut held)
                })
            });
        }
        c.bench_function(&format!("suggest_full/{w}"), |bch| {
            bch.iter(|| full.suggest(black_box(w), None, None, &mut suggestions))
        });
        c.bench_function(&format!("suggest_indexed/{w}"), |bch| {
            bch.iter(|| indexed.suggest(black_box(w), None, None, &mut suggestions))
        });
    }
    for n in [2_000usize, 20_000] {
        let (a, b) = aligned_texts(n);
        c.bench_function(&format!("align_words/{n}_words"), |bch| {
            bch.iter(|| scanno::channel::align_words(black_box(&a), black_box(&b)))
        });
    }
    for w in WORDS {
        c.bench_function(&format!("candidates_d1/{w}"), |bch| {
            bch.iter(|| lex.candidates(black_box(w), 1, &mut out))
        });
        c.bench_function(&format!("candidates_d2/{w}"), |bch| {
            bch.iter(|| lex.candidates(black_box(w), 2, &mut out))
        });
    }
}

/// A made-up text of `n` words and a copy with every 37th word lost, changed or followed by
/// an added word, and a run of 60 words lost in the middle.
fn aligned_texts(n: usize) -> (Vec<String>, Vec<String>) {
    let a: Vec<String> = (0..n).map(|i| format!("w{}", (i * 7919) % 263)).collect();
    let mut b = Vec::with_capacity(n);
    for (i, w) in a.iter().enumerate() {
        match i % 37 {
            0 => {}
            5 => b.push(format!("{w}x")),
            11 => {
                b.push(w.clone());
                b.push("and".to_string());
            }
            _ if (n / 2..n / 2 + 60).contains(&i) => {}
            _ => b.push(w.clone()),
        }
    }
    (a, b)
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
