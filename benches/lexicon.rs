//! Lexicon look-ups and candidate search on the embedded period lexicon.
//!
//! Candidate search compares three designs at distance 2:
//! - `ours`: `Lexicon::candidates`, a row-by-row Levenshtein automaton walked over the fst;
//! - `fst_levenshtein`: the `fst` crate's Levenshtein DFA (built per query) over the same fst;
//! - `symspell`: a SymSpell delete index (prefix 7, distance 2) built in memory from the same words.
//!
//! `cargo bench --bench lexicon`

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use fst::{IntoStreamer, Map, Streamer};
use scanno::Lexicon;

/// Typical OCR and typing errors of period text.
const QUERIES: [&str; 6] = [
    "goverument",
    "tbe",
    "Philadelpbia",
    "connexiou",
    "recieved",
    "aud",
];


/// A SymSpell delete index: hash of each delete (of the first 7 bytes, up to 2 deletions) ->
/// word ids, as one sorted vector.
struct SymSpell {
    words: Vec<String>,
    index: Vec<(u64, u32)>,
}

const PREFIX: usize = 7;

fn hash(b: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

fn deletes(word: &[u8], out: &mut HashSet<Vec<u8>>) {
    let w = &word[..word.len().min(PREFIX)];
    out.insert(w.to_vec());
    for i in 0..w.len() {
        let mut d1 = w.to_vec();
        d1.remove(i);
        for j in 0..d1.len() {
            let mut d2 = d1.clone();
            d2.remove(j);
            out.insert(d2);
        }
        out.insert(d1);
    }
}

impl SymSpell {
    fn new(map: &Map<&[u8]>) -> SymSpell {
        let mut words = Vec::new();
        let mut index = Vec::new();
        let mut set = HashSet::new();
        let mut s = map.stream();
        while let Some((k, _)) = s.next() {
            let id = words.len() as u32;
            words.push(String::from_utf8(k.to_vec()).unwrap());
            set.clear();
            deletes(k, &mut set);
            index.extend(set.iter().map(|d| (hash(d), id)));
        }
        index.sort_unstable();
        SymSpell { words, index }
    }

    fn lookup(&self, q: &str, out: &mut Vec<String>) {
        out.clear();
        let mut set = HashSet::new();
        deletes(q.as_bytes(), &mut set);
        let mut ids = Vec::new();
        for d in &set {
            let h = hash(d);
            let i = self.index.partition_point(|e| e.0 < h);
            ids.extend(self.index[i..].iter().take_while(|e| e.0 == h).map(|e| e.1));
        }
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let w = &self.words[id as usize];
            if strsim::levenshtein(q, w) <= 2 {
                out.push(w.clone());
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    c.bench_function("embedded_open", |b| {
        b.iter(|| black_box(Lexicon::embedded()))
    });
    let lex = Lexicon::embedded();
    c.bench_function("freq_hit", |b| b.iter(|| lex.freq(black_box("government"))));
    c.bench_function("freq_capitalised", |b| {
        b.iter(|| lex.freq(black_box("Semipalatinsk")))
    });
    c.bench_function("freq_miss", |b| {
        b.iter(|| lex.freq(black_box("goverument")))
    });
    c.bench_function("pair", |b| {
        b.iter(|| lex.pair(black_box("United"), black_box("States")))
    });

    // Walking words down the lexicon a character at a time (what the correction stage's
    // variant walks do millions of times a megabyte): `Lexicon::step`, which reads the fst
    // node format in place, against the `fst` crate's decoded `Node`s on the same words.
    let sample: Vec<Vec<char>> = {
        let map = lex.words_map(0).expect("the embedded lexicon has a layer");
        let mut st = map.stream();
        let mut words = Vec::new();
        let mut i = 0;
        while let Some((k, _)) = st.next() {
            if i % 125 == 0 {
                if let Ok(w) = std::str::from_utf8(k) {
                    words.push(w.chars().collect());
                }
            }
            i += 1;
        }
        words
    };
    c.bench_function(&format!("walk_words_lexicon_step/{}", sample.len()), |b| {
        b.iter(|| {
            let mut total = 0u64;
            for w in &sample {
                if let Some(mut p) = lex.start::<1>() {
                    if lex.step_all(&mut p, black_box(w)) {
                        total = total.wrapping_add(p.count());
                    }
                }
            }
            total
        })
    });
    let words_fst = lex.words_map(0).expect("the embedded lexicon has a layer");
    let raw = words_fst.as_fst();
    c.bench_function(&format!("walk_words_fst_node/{}", sample.len()), |b| {
        b.iter(|| {
            let mut total = 0u64;
            for w in &sample {
                let mut node = raw.root();
                let mut out = 0u64;
                let mut live = true;
                let mut buf = [0u8; 4];
                'word: for &ch in black_box(w) {
                    for &byte in ch.encode_utf8(&mut buf).as_bytes() {
                        match node.find_input(byte) {
                            Some(i) => {
                                let t = node.transition(i);
                                out = out.wrapping_add(t.out.value());
                                node = raw.node(t.addr);
                            }
                            None => {
                                live = false;
                                break 'word;
                            }
                        }
                    }
                }
                if live && node.is_final() {
                    total = total.wrapping_add(out.wrapping_add(node.final_output().value()));
                }
            }
            total
        })
    });

    let mut out = Vec::new();
    for q in QUERIES {
        c.bench_function(&format!("ours_d1/{q}"), |b| {
            b.iter(|| lex.candidates(black_box(q), 1, &mut out))
        });
        c.bench_function(&format!("ours_d2/{q}"), |b| {
            b.iter(|| lex.candidates(black_box(q), 2, &mut out))
        });
    }
    let lexicon = scanno::Lexicon::embedded();
    let map = lexicon.words_map(0).expect("the embedded lexicon has a layer");
    for q in QUERIES {
        let lq = q.to_lowercase();
        c.bench_function(&format!("fst_levenshtein_d2/{q}"), |b| {
            b.iter(|| {
                let aut = fst::automaton::Levenshtein::new(black_box(&lq), 2).unwrap();
                let mut s = map.search(aut).into_stream();
                let mut n = 0;
                while let Some(kv) = s.next() {
                    black_box(kv);
                    n += 1;
                }
                n
            })
        });
    }
    let t = std::time::Instant::now();
    let sym = SymSpell::new(&map);
    let built = t.elapsed();
    // The three designs must find the same words for the comparison to be fair.
    let mut found = Vec::new();
    for q in QUERIES {
        let lq = q.to_lowercase();
        lex.candidates(q, 2, &mut out);
        let mut ours: Vec<String> = out.iter().map(|c| c.word.clone()).collect();
        ours.sort();
        let aut = fst::automaton::Levenshtein::new(&lq, 2).unwrap();
        let mut theirs: Vec<String> = map.search(aut).into_stream().into_str_keys().unwrap();
        theirs.sort();
        sym.lookup(&lq, &mut found);
        found.sort();
        eprintln!(
            "{q}: ours {} candidates, fst {} (same: {}), symspell {} (same: {})",
            ours.len(),
            theirs.len(),
            ours == theirs,
            found.len(),
            ours == found
        );
    }
    eprintln!(
        "symspell index: {} deletes for {} words, {} MB, built in {:.1} s",
        sym.index.len(),
        sym.words.len(),
        sym.index.len() * 16 / 1_000_000,
        built.as_secs_f64()
    );
    for q in QUERIES {
        let lq = q.to_lowercase();
        c.bench_function(&format!("symspell_d2/{q}"), |b| {
            b.iter(|| sym.lookup(black_box(&lq), &mut found))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
