//! The period lexicon: is this a word of the period, and how likely is it here?
//!
//! A [`Lexicon`] is a stack of layers (the embedded period lexicon, user word lists, corpus
//! lexicons, words learnt from the batch). Keys are lowercase; counts from all layers add up.

use std::collections::HashMap;

/// A candidate correction found by [`Lexicon::candidates`].
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The lexicon's form (lowercase).
    pub word: String,
    /// Levenshtein distance from the query (lowercased).
    pub distance: u32,
    /// Frequency of `word` in the lexicon.
    pub freq: u64,
}

/// One source of words.
#[derive(Debug, Clone, Default)]
struct MemoryLayer {
    words: HashMap<String, u64>,
    pairs: HashMap<String, u64>,
}

/// Words and word pairs with counts, from one or more layers.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    layers: Vec<MemoryLayer>,
    total: u64,
}

impl Lexicon {
    /// A lexicon with no words.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// A lexicon from (word, count) pairs; words are lowercased.
    pub fn from_counts<I, S>(words: I) -> Lexicon
    where
        I: IntoIterator<Item = (S, u64)>,
        S: AsRef<str>,
    {
        let mut lex = Lexicon::empty();
        lex.add_layer(words, std::iter::empty::<(&str, &str, u64)>());
        lex
    }

    /// Adds a layer of words and word pairs.
    pub fn add_layer<I, S, P, T>(&mut self, words: I, pairs: P)
    where
        I: IntoIterator<Item = (S, u64)>,
        S: AsRef<str>,
        P: IntoIterator<Item = (T, T, u64)>,
        T: AsRef<str>,
    {
        let mut layer = MemoryLayer::default();
        for (w, c) in words {
            *layer.words.entry(w.as_ref().to_lowercase()).or_insert(0) += c;
            self.total += c;
        }
        for (a, b, c) in pairs {
            let key = format!("{} {}", a.as_ref().to_lowercase(), b.as_ref().to_lowercase());
            *layer.pairs.entry(key).or_insert(0) += c;
        }
        self.layers.push(layer);
    }

    /// Sum of all word counts.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Count of `word` (any case) over all layers; 0 if unknown.
    pub fn freq(&self, word: &str) -> u64 {
        let key = word.to_lowercase();
        self.layers.iter().map(|l| l.words.get(&key).copied().unwrap_or(0)).sum()
    }

    /// Whether `word` (any case) is in the lexicon.
    pub fn contains(&self, word: &str) -> bool {
        self.freq(word) > 0
    }

    /// Count of the word pair `a b` (any case); 0 if unknown.
    pub fn pair(&self, a: &str, b: &str) -> u64 {
        let key = format!("{} {}", a.to_lowercase(), b.to_lowercase());
        self.layers.iter().map(|l| l.pairs.get(&key).copied().unwrap_or(0)).sum()
    }

    /// Fills `out` with lexicon words within `max_distance` edits of `word`, best first
    /// (distance, then frequency).
    pub fn candidates(&self, word: &str, max_distance: u32, out: &mut Vec<Candidate>) {
        out.clear();
        let q = word.to_lowercase();
        let mut seen: HashMap<&str, u64> = HashMap::new();
        for l in &self.layers {
            for (w, &c) in &l.words {
                *seen.entry(w.as_str()).or_insert(0) += c;
            }
        }
        for (w, freq) in seen {
            let d = strsim::levenshtein(&q, w) as u32;
            if d <= max_distance {
                out.push(Candidate { word: w.to_string(), distance: d, freq });
            }
        }
        out.sort_by(|a, b| a.distance.cmp(&b.distance).then(b.freq.cmp(&a.freq)).then(a.word.cmp(&b.word)));
    }
}
