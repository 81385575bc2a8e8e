//! Readings of long unknown words misread in many places ("cernmnnicaaw" for
//! "communicants", "rneychaut" for "merchant"), which the corrector's search of up to four
//! listed confusions and two edits cannot reach.
//!
//! A [`LongIndex`] holds the lexicon's commoner words of [`LongParams::min_len`] letters or
//! more less [`LongParams::len_slack`], with an inverted index of their letter pairs
//! (adjacent and one apart, the word's ends marked) and a letter-trigram model of them. A
//! query counts, for the indexed words of about the word's length, the pairs they share with
//! it, rarest pairs first and at most [`LongParams::max_postings`] postings in all, and hands
//! back the [`LongParams::retrieve`] words sharing most; the corrector scores each with one
//! channel alignment ([`crate::channel::Channel::log_prob`]) and lets the best compete with
//! keeping the word.
//!
//! Real names and terms the lexicon lacks ("Semipalatinsk", "Comintern") spell like words:
//! their letter trigrams are likely under the lexicon's trigram model. Garbles
//! ("ditbeiiltisf") are not. [`LongIndex::garble`] measures that, and the corrector offers
//! these readings only for words that look garbled enough ([`LongParams::min_garble`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use once_cell::sync::Lazy;

use crate::bytes::Reader;
use crate::error::Error;
use crate::hash::{fx_hash, FxBuildHasher};
use crate::lexicon::Lexicon;
use crate::Result;

/// How long unknown words get readings from the [`LongIndex`]. Chosen on train/ only: a
/// grid over `min_len`, `min_garble`, `channel_weight`, `offset` and `margin` on the
/// one-word misreadings and the correct unknown words of `hipe-train-en` (docs/evaluation.md,
/// "Long garbled words"), then checked with `score.py` and `tools/restraint.py` there.
#[derive(Debug, Clone, PartialEq)]
pub struct LongParams {
    /// Unknown lowercase words of this many letters or more get readings from the index
    /// (0: never).
    pub min_len: usize,
    /// ... unless the other searches found a reading at least this likely (channel log
    /// probability relative to keeping the word): the word is then no heavy garble, and the
    /// corrector's ranking of that reading decides.
    pub unless: f32,
    /// Only words whose letter-trigram cost ([`LongIndex::garble`], nats per letter) is at
    /// least this: words and names spell like words, garbles do not.
    pub min_garble: f32,
    /// Indexed words are those of the lexicon with at least this count (per
    /// [`crate::lexicon::SCALE`] running words) ...
    pub min_count: u64,
    /// ... and lengths within this many letters of the query's.
    pub len_slack: usize,
    /// Words handed back per query (those sharing most letter pairs), each scored with one
    /// channel alignment.
    pub retrieve: usize,
    /// Postings scanned per query at most.
    pub max_postings: usize,
    /// Weight of the channel cost of the reading relative to keeping the word: in a word
    /// misread in many places the errors are not independent (a smudged stretch), so the
    /// model's price per error over-charges them.
    pub channel_weight: f32,
    /// Subtracted from the reading's weighted channel log probability: the price of the
    /// garbled regime itself.
    pub offset: f32,
    /// The best reading (channel + log prior, unweighted) must beat the second by this much.
    pub margin: f32,
}

impl Default for LongParams {
    fn default() -> LongParams {
        LongParams {
            min_len: 7,
            unless: -12.0,
            min_garble: 3.1,
            min_count: 1000,
            len_slack: 2,
            retrieve: 32,
            max_postings: 20_000,
            channel_weight: 0.4,
            offset: 6.0,
            margin: 3.0,
        }
    }
}

/// A letter pair feature: two letters (or an end mark `^`/`$`) and their gap (0 adjacent).
fn features(chars: &[char], out: &mut Vec<u64>) {
    out.clear();
    let n = chars.len();
    let at = |i: isize| -> u64 {
        if i < 0 {
            '^' as u64
        } else if i as usize >= n {
            '$' as u64
        } else {
            chars[i as usize] as u64
        }
    };
    for gap in 0..2u64 {
        for i in -1..n as isize {
            let j = i + 1 + gap as isize;
            if j > n as isize {
                break;
            }
            out.push(gap << 62 | at(i) << 31 | at(j));
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// The lexicon's commoner long words, by letter pair, with a letter-trigram model of them.
#[derive(PartialEq)]
pub struct LongIndex {
    /// Words sorted by length then spelling, with their counts.
    words: Vec<(Box<[char]>, u64)>,
    /// `by_len[l]`: the first word of `l` letters or more.
    by_len: Vec<u32>,
    /// Word ids (ascending, hence by length) per feature.
    postings: HashMap<u64, Vec<u32>, FxBuildHasher>,
    /// Letter trigram and bigram counts (end marks included) over the indexed words.
    tri: HashMap<u64, u32, FxBuildHasher>,
    bi: HashMap<u64, u32, FxBuildHasher>,
    /// Letters seen, for smoothing.
    alphabet: u32,
}

impl LongIndex {
    /// The index of `lexicon`'s words of at least `min_letters` letters (alphabetic only)
    /// counted at least `min_count` times.
    ///
    /// Cost: one walk of the lexicon's word maps and a hash insert per letter pair and trigram
    /// of each word kept, once per process (see [`LongIndex::shared`]); measured with
    /// callgrind in docs/evaluation.md ("long garbled words").
    pub fn build(lexicon: &Lexicon, min_letters: usize, min_count: u64) -> LongIndex {
        use fst::Streamer;
        let mut words: Vec<(Box<[char]>, u64)> = Vec::new();
        let layers = lexicon.layers().len();
        for layer in 0..layers {
            let Some(map) = lexicon.words_map(layer) else { continue };
            let mut stream = map.stream();
            while let Some((k, v)) = stream.next() {
                // A word of one layer has its count there: no look-up of the others.
                let count = v & crate::lexicon::COUNT_MASK;
                if k.len() < min_letters || (layers == 1 && count < min_count) {
                    continue;
                }
                let Ok(w) = std::str::from_utf8(k) else { continue };
                if w.chars().count() < min_letters || !w.chars().all(char::is_alphabetic) {
                    continue;
                }
                let f = if layers == 1 { count } else { lexicon.freq(w) };
                if f >= min_count {
                    words.push((w.chars().collect(), f));
                }
            }
        }
        words.sort_unstable_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| a.0.cmp(&b.0)));
        words.dedup_by(|a, b| a.0 == b.0);
        let longest = words.last().map_or(0, |w| w.0.len());
        let by_len: Vec<u32> =
            (0..longest + 2).map(|l| words.partition_point(|w| w.0.len() < l) as u32).collect();
        let mut postings: HashMap<u64, Vec<u32>, FxBuildHasher> = HashMap::default();
        let mut tri: HashMap<u64, u32, FxBuildHasher> = HashMap::default();
        let mut bi: HashMap<u64, u32, FxBuildHasher> = HashMap::default();
        let mut letters = std::collections::BTreeSet::new();
        let mut feats = Vec::new();
        for (id, (w, _)) in words.iter().enumerate() {
            features(w, &mut feats);
            for &f in &feats {
                postings.entry(f).or_default().push(id as u32);
            }
            letters.extend(w.iter().copied());
            each_trigram(w, |ctx, t| {
                *bi.entry(ctx).or_default() += 1;
                *tri.entry(t).or_default() += 1;
            });
        }
        LongIndex { words, by_len, postings, tri, bi, alphabet: letters.len() as u32 + 1 }
    }

    /// The bytes of this index for a file built ahead of time ([`LongIndex::from_bytes`]),
    /// `fingerprint` naming what it was built from ([`fingerprint`]). Reproducible: every
    /// table is written in key order.
    ///
    /// Layout: the 8-byte magic and six little-endian `u64`s (fingerprint, letters seen,
    /// words, bytes of their spellings, lengths in `by_len`, letter-pair features), three more
    /// (postings, trigrams, bigrams); the words' spellings (UTF-8) with a `u32` end offset and
    /// a `u64` count each; `by_len` as `u32`s; per feature its `u64` key, `u32` number of
    /// postings and the postings' word ids as LEB128 gaps; the trigram then the bigram counts
    /// as `u64` key and `u32` count.
    pub fn to_bytes(&self, fingerprint: u64) -> Vec<u8> {
        let spelled: Vec<String> = self.words.iter().map(|(w, _)| w.iter().collect()).collect();
        let mut feats: Vec<(&u64, &Vec<u32>)> = self.postings.iter().collect();
        feats.sort_unstable_by_key(|f| *f.0);
        let n_post: usize = feats.iter().map(|f| f.1.len()).sum();
        let mut out = MAGIC.to_vec();
        let numbers = [
            fingerprint,
            u64::from(self.alphabet),
            self.words.len() as u64,
            spelled.iter().map(String::len).sum::<usize>() as u64,
            self.by_len.len() as u64,
            feats.len() as u64,
            n_post as u64,
            self.tri.len() as u64,
            self.bi.len() as u64,
        ];
        numbers.iter().for_each(|n| out.extend(n.to_le_bytes()));
        spelled.iter().for_each(|w| out.extend(w.as_bytes()));
        let mut end = 0u32;
        for w in &spelled {
            end += w.len() as u32;
            out.extend(end.to_le_bytes());
        }
        self.words.iter().for_each(|(_, f)| out.extend(f.to_le_bytes()));
        self.by_len.iter().for_each(|b| out.extend(b.to_le_bytes()));
        for (key, ids) in feats {
            out.extend(key.to_le_bytes());
            out.extend((ids.len() as u32).to_le_bytes());
            let mut last = 0u32;
            for &id in ids {
                leb128(id - last, &mut out);
                last = id;
            }
        }
        for table in [&self.tri, &self.bi] {
            let mut rows: Vec<(&u64, &u32)> = table.iter().collect();
            rows.sort_unstable();
            for (k, c) in rows {
                out.extend(k.to_le_bytes());
                out.extend(c.to_le_bytes());
            }
        }
        out
    }

    /// Reads an index written by [`LongIndex::to_bytes`] and the fingerprint it was built
    /// with; an error (no panic) for bytes that are not one.
    ///
    /// Cost: one pass over the bytes, an allocation per word (a few milliseconds for the
    /// embedded index, against the lexicon walk of [`LongIndex::build`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<(LongIndex, u64)> {
        let numbers = super::misread::header(bytes, MAGIC, "long-word index")?;
        let index = LongIndex::read(bytes, &numbers)
            .ok_or_else(|| Error::bad_data("long-word index: truncated or inconsistent"))?;
        Ok((index, numbers[0]))
    }

    /// The body of [`LongIndex::from_bytes`] after its header `numbers`; `None` where the
    /// bytes end early or disagree with the header.
    fn read(bytes: &[u8], numbers: &[u64]) -> Option<LongIndex> {
        let &[_, alphabet, n_words, spelling, n_by_len, n_feats] = numbers else { return None };
        let mut r = Reader::new(bytes, super::misread::HEADER);
        let (n_post, n_tri, n_bi) = (r.u64()?, r.u64()?, r.u64()?);
        let text = std::str::from_utf8(r.take(usize::try_from(spelling).ok()?)?).ok()?;
        // Capacities bounded by the bytes there are: a damaged count allocates nothing huge.
        let most = bytes.len() as u64;
        let mut words = Vec::with_capacity(n_words.min(most) as usize);
        let mut start = 0usize;
        for _ in 0..n_words {
            let end = r.u32()? as usize;
            let w = text.get(start..end).filter(|w| !w.is_empty())?;
            // Sized first: a boxed slice collected from a growing vector is reallocated.
            let mut chars = Vec::with_capacity(w.chars().count());
            chars.extend(w.chars());
            words.push((chars.into_boxed_slice(), 0));
            start = end;
        }
        for w in &mut words {
            w.1 = r.u64()?;
        }
        let by_len = (0..n_by_len).map(|_| r.u32()).collect::<Option<Vec<u32>>>()?;
        let mut postings = HashMap::with_capacity_and_hasher(n_feats.min(most) as usize, FxBuildHasher::default());
        let mut read = 0u64;
        for _ in 0..n_feats {
            let (key, n) = (r.u64()?, r.u32()?);
            let mut ids = Vec::with_capacity(u64::from(n).min(most) as usize);
            let mut last = 0u32;
            for _ in 0..n {
                last = last.checked_add(r.leb128()?)?;
                ids.push(last);
            }
            read += u64::from(n);
            postings.insert(key, ids);
        }
        let mut table = |n: u64| -> Option<HashMap<u64, u32, FxBuildHasher>> { (0..n).map(|_| Some((r.u64()?, r.u32()?))).collect() };
        let (tri, bi) = (table(n_tri)?, table(n_bi)?);
        (read == n_post && r.at_end()).then_some(())?;
        Some(LongIndex { words, by_len, postings, tri, bi, alphabet: u32::try_from(alphabet).ok()? })
    }

    /// The index of `lexicon` with `params`, kept for the process in [`Kept`] and shared by
    /// every thread; for the embedded lexicon alone with the default parameters, read from
    /// `data/index/longwords.idx` (built ahead of time by `cargo run --release --example
    /// long_index`).
    pub fn shared(lexicon: &Lexicon, params: &LongParams) -> Arc<LongIndex> {
        static KEPT: Kept = Kept::new();
        KEPT.get(lexicon, params)
    }

    /// Number of indexed words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The indexed word `id` and its count.
    pub fn word(&self, id: u32) -> (&[char], u64) {
        let (w, f) = &self.words[id as usize];
        (w, *f)
    }

    /// How unlike the indexed words `chars` spells: its mean letter-trigram cost (nats per
    /// letter and end, smoothed over the letters seen). Words and names spell like the indexed
    /// words and cost little; garbles ("ditbeiiltisf") cost more (the medians on train/ are
    /// in docs/evaluation.md).
    pub fn garble(&self, chars: &[char]) -> f32 {
        let v = self.alphabet as f64;
        let (mut sum, mut n) = (0.0f64, 0u32);
        each_trigram(chars, |ctx, t| {
            let c = self.tri.get(&t).copied().unwrap_or(0) as f64;
            let b = self.bi.get(&ctx).copied().unwrap_or(0) as f64;
            sum -= ((c + 0.5) / (b + 0.5 * v)).ln();
            n += 1;
        });
        if n == 0 {
            0.0
        } else {
            (sum / n as f64) as f32
        }
    }

    /// The ids of the indexed words within `slack` letters of `chars`' length that share
    /// most letter pairs with it (at least a quarter of its pairs), at most `retrieve` of
    /// them, most shared first (ties by count), into `out`. Posting lists are read rarest
    /// first, at most `max_postings` postings in all.
    ///
    /// Cost: the postings read (bounded by `max_postings`), a pass over the words met and a
    /// partial sort of them (a few small vectors per query; the counts are kept per thread).
    pub fn query(&self, chars: &[char], slack: usize, retrieve: usize, max_postings: usize, out: &mut Vec<u32>) {
        out.clear();
        let n = chars.len();
        let lo = self.by_len.get(n.saturating_sub(slack)).copied().unwrap_or(self.words.len() as u32);
        let hi = self.by_len.get(n + slack + 1).copied().unwrap_or(self.words.len() as u32);
        if lo >= hi {
            return;
        }
        let mut feats = Vec::with_capacity(2 * n + 3);
        features(chars, &mut feats);
        let mut lists: Vec<&[u32]> = feats
            .iter()
            .filter_map(|f| self.postings.get(f))
            .map(|p| {
                let a = p.partition_point(|&id| id < lo);
                let b = p.partition_point(|&id| id < hi);
                &p[a..b]
            })
            .filter(|p| !p.is_empty())
            .collect();
        lists.sort_by_key(|p| p.len());
        let least = (feats.len() / 4).max(2) as u16;
        let mut met: Vec<(u16, u64, u32)> = Vec::new();
        COUNTS.with(|cell| {
            let mut counts = cell.borrow_mut();
            if counts.len() < self.words.len() {
                counts.resize(self.words.len(), 0);
            }
            let mut touched: Vec<u32> = Vec::new();
            let mut budget = max_postings;
            for p in lists {
                if p.len() > budget {
                    break;
                }
                budget -= p.len();
                for &id in p {
                    let c = &mut counts[id as usize];
                    if *c == 0 {
                        touched.push(id);
                    }
                    *c += 1;
                }
            }
            for id in touched {
                let c = std::mem::take(&mut counts[id as usize]);
                if c >= least {
                    met.push((c, self.words[id as usize].1, id));
                }
            }
        });
        let by = |a: &(u16, u64, u32), b: &(u16, u64, u32)| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2));
        if met.len() > retrieve && retrieve > 0 {
            met.select_nth_unstable_by(retrieve - 1, by);
            met.truncate(retrieve);
        }
        met.sort_unstable_by(by);
        out.extend(met.into_iter().map(|m| m.2));
    }
}

/// The indexes of the last [`Kept::MOST`] lexicons and parameters asked for, each built (or
/// read) once: cleaners with lexicons of their own in one process do not build theirs again
/// by turns.
pub struct Kept(Mutex<Vec<(u64, Arc<LongIndex>)>>);

impl Kept {
    const MOST: usize = 4;

    pub const fn new() -> Kept {
        Kept(Mutex::new(Vec::new()))
    }

    /// The index of `lexicon` with `params`, built unless kept.
    pub fn get(&self, lexicon: &Lexicon, params: &LongParams) -> Arc<LongIndex> {
        let (min_letters, min_count) = (params.min_len.saturating_sub(params.len_slack), params.min_count);
        let key = lexicon.id() ^ min_count.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((min_letters as u64) << 56);
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let index = match kept.iter().position(|(k, _)| *k == key) {
            Some(at) => kept.remove(at).1,
            None => {
                let stock = lexicon.is_embedded().then(|| embedded(min_letters, min_count)).flatten();
                stock.unwrap_or_else(|| Arc::new(LongIndex::build(lexicon, min_letters, min_count)))
            }
        };
        if kept.len() == Kept::MOST {
            kept.remove(0);
        }
        kept.push((key, Arc::clone(&index)));
        index
    }
}

impl Default for Kept {
    fn default() -> Kept {
        Kept::new()
    }
}

/// The first bytes of a long-word index file.
const MAGIC: &[u8; 8] = b"SCNLONG1";

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../data/index/longwords.idx");

/// What an index of the lexicon `lexicon_id` (e.g. [`crate::lexicon::embedded_id`]) built by
/// [`LongIndex::build`] with `min_letters` and `min_count` is told apart by.
pub fn fingerprint(lexicon_id: &str, min_letters: usize, min_count: u64) -> u64 {
    fx_hash(format!("{lexicon_id} {min_letters} {min_count}").as_bytes())
}

/// The embedded index, read on first use, when it was built for the embedded lexicon with
/// `min_letters` and `min_count`.
fn embedded(min_letters: usize, min_count: u64) -> Option<Arc<LongIndex>> {
    static READ: Lazy<Option<(Arc<LongIndex>, u64)>> =
        Lazy::new(|| LongIndex::from_bytes(EMBEDDED_BYTES).ok().map(|(i, f)| (Arc::new(i), f)));
    let (index, built) = READ.as_ref()?;
    (*built == fingerprint(crate::lexicon::embedded_id(), min_letters, min_count)).then(|| Arc::clone(index))
}

/// Appends `v` as an unsigned LEB128 number (seven bits a byte, low first).
fn leb128(mut v: u32, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

thread_local! {
    /// Shared-pair counts per indexed word for [`LongIndex::query`], all zero between queries.
    static COUNTS: std::cell::RefCell<Vec<u16>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Each letter trigram of `^^word$`, as (context bigram key, trigram key).
fn each_trigram(chars: &[char], mut f: impl FnMut(u64, u64)) {
    let (mut a, mut b) = ('^' as u64, '^' as u64);
    for c in chars.iter().map(|&c| c as u64).chain(std::iter::once('$' as u64)) {
        let ctx = a << 21 | b;
        f(ctx, ctx << 21 | c);
        a = b;
        b = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn small() -> LongIndex {
        let lex = Lexicon::from_counts([
            ("communicants", 500u64),
            ("communication", 900),
            ("merchant", 4000),
            ("merchants", 2000),
            ("difficulties", 3000),
            ("notwithstanding", 3000),
            ("described", 5000),
            ("chemist", 800),
            ("semester", 900),
        ]);
        LongIndex::build(&lex, 6, 1)
    }

    #[test]
    fn a_garbled_word_finds_its_word_among_the_first() {
        let index = small();
        let mut out = Vec::new();
        index.query(&chars("cernmnnicaaw"), 2, 2, 10_000, &mut out);
        let found: Vec<String> = out.iter().map(|&id| index.word(id).0.iter().collect()).collect();
        assert!(found.contains(&"communicants".to_string()), "{found:?}");
        index.query(&chars("rneychaut"), 2, 2, 10_000, &mut out);
        let found: Vec<String> = out.iter().map(|&id| index.word(id).0.iter().collect()).collect();
        assert!(found.contains(&"merchant".to_string()), "{found:?}");
    }

    #[test]
    fn lengths_far_off_are_not_retrieved() {
        let index = small();
        let mut out = Vec::new();
        index.query(&chars("notwithstanding"), 1, 10, 10_000, &mut out);
        assert!(out.iter().all(|&id| index.word(id).0.len() >= 14), "{out:?}");
        assert!(!out.is_empty());
    }

    #[test]
    fn the_posting_budget_bounds_the_work() {
        let index = small();
        let mut out = Vec::new();
        index.query(&chars("communicants"), 2, 10, 0, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn an_index_read_from_its_bytes_is_the_index_built() {
        let index = small();
        let bytes = index.to_bytes(7);
        let (read, fingerprint) = LongIndex::from_bytes(&bytes).expect("its own bytes read");
        assert!(read == index && fingerprint == 7);
        assert_eq!(read.to_bytes(7), bytes, "written the same again");
        // Cut short or with a byte changed in a count: an error, never a panic.
        for cut in [0, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(LongIndex::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(LongIndex::from_bytes(&longer).is_err());
    }

    #[test]
    fn cleaners_with_their_own_lexicons_share_their_indexes_by_turns() {
        let a = Lexicon::from_counts([("merchant", 4000u64), ("merchants", 2000)]);
        let b = Lexicon::from_counts([("described", 5000u64), ("difficulties", 3000)]);
        let p = LongParams { min_count: 1, ..LongParams::default() };
        let kept = Kept::new();
        let (first_a, first_b) = (kept.get(&a, &p), kept.get(&b, &p));
        assert!(first_a.len() == 2 && first_b.len() == 2 && !Arc::ptr_eq(&first_a, &first_b));
        // Asked for by turns, each is built once, not again at every turn.
        for _ in 0..3 {
            assert!(Arc::ptr_eq(&kept.get(&a, &p), &first_a));
            assert!(Arc::ptr_eq(&kept.get(&b, &p), &first_b));
        }
    }

    #[test]
    fn garbles_cost_more_than_words() {
        let index = LongIndex::build(&Lexicon::embedded(), 6, 200);
        let word = index.garble(&chars("difficulties"));
        let garble = index.garble(&chars("ditbeiiltisf"));
        assert!(garble > word + 0.5, "{garble} vs {word}");
    }
}
