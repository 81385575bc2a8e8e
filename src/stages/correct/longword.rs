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

use crate::hash::FxBuildHasher;
use crate::lexicon::Lexicon;

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

    /// The index of `lexicon` with `params`, built once per process for the lexicon and
    /// parameters last asked for and shared by every thread.
    pub fn shared(lexicon: &Lexicon, params: &LongParams) -> Arc<LongIndex> {
        static SHARED: Mutex<Option<(u64, Arc<LongIndex>)>> = Mutex::new(None);
        let key = lexicon.id()
            ^ (params.min_count.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            ^ ((params.min_len.saturating_sub(params.len_slack) as u64) << 56);
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, index)) = &*shared {
            if *k == key {
                return Arc::clone(index);
            }
        }
        let index = Arc::new(LongIndex::build(
            lexicon,
            params.min_len.saturating_sub(params.len_slack),
            params.min_count,
        ));
        *shared = Some((key, Arc::clone(&index)));
        index
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
    fn garbles_cost_more_than_words() {
        let index = LongIndex::build(&Lexicon::embedded(), 6, 200);
        let word = index.garble(&chars("difficulties"));
        let garble = index.garble(&chars("ditbeiiltisf"));
        assert!(garble > word + 0.5, "{garble} vs {word}");
    }
}
