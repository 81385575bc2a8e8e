//! The word statistics the stages weigh words with: the lexicon's relative frequencies and
//! word pairs on one log10 scale, plus the document's and the batch's own counts.
//! (The corrector still keeps its own pair scaling and the column stage its own; making them
//! all read this one model is open work of issue #20.)

use crate::lexicon::Lexicon;
use crate::tokens::Vocab;

/// log10 probability given to a word the lexicon does not know.
pub(crate) const UNKNOWN_LP: f64 = -10.0;

/// Word statistics for one document: lexicon probabilities plus the document's and the
/// batch's own counts. Cheap to build (two lexicon look-ups).
pub(crate) struct WordStats<'a> {
    pub lexicon: &'a Lexicon,
    pub vocab: &'a Vocab,
    pub batch: Option<&'a Vocab>,
    total: f64,
    pair_total: f64,
}

impl<'a> WordStats<'a> {
    pub fn from_parts(
        lexicon: &'a Lexicon,
        vocab: &'a Vocab,
        batch: Option<&'a Vocab>,
    ) -> WordStats<'a> {
        let total = lexicon.total().max(1) as f64;
        // Pair counts may come from a corpus of another size than the word counts. "of the"
        // is about 1% of English word pairs in every large corpus, so it calibrates them.
        let of_the = lexicon.pair("of", "the") as f64;
        let pair_total = if of_the > 0.0 { of_the / 0.01 } else { total };
        WordStats {
            lexicon,
            vocab,
            batch,
            total,
            pair_total,
        }
    }

    /// log10 of the word's relative frequency in the lexicon ([`UNKNOWN_LP`] if unknown).
    /// Typographic ligatures ("ﬁfty", "oﬀice") are looked up as their letters, as every
    /// lexicon key is ([`crate::lexicon::normalize`]).
    ///
    /// Cost: one lexicon look-up.
    pub fn lp(&self, word: &str) -> f64 {
        match self.freq(word) {
            0 => UNKNOWN_LP,
            f => (f as f64 / self.total).log10(),
        }
    }

    /// The word's count in the lexicon (0 if unknown).
    pub fn freq(&self, word: &str) -> u64 {
        self.lexicon.freq(word)
    }

    /// Zipf value: log10 of occurrences per 10^9 words (about 1 for the rarest lexicon
    /// words, 3 for one in a million, 7 for "the"; [`UNKNOWN_LP`] + 9 if unknown).
    pub fn zipf(&self, word: &str) -> f64 {
        self.lp(word) + 9.0
    }

    /// log10 probability of the word pair `a b` if the lexicon knows it.
    pub fn pair_lp(&self, a: &str, b: &str) -> Option<f64> {
        match self.lexicon.pair(a, b) {
            0 => None,
            n => Some((n as f64 / self.pair_total).log10()),
        }
    }

    /// log10 probability of `a b` as two words: the pair count if known, else the product
    /// of the word probabilities.
    pub fn two_words_lp(&self, a: &str, b: &str) -> f64 {
        self.pair_lp(a, b)
            .unwrap_or_else(|| self.lp(a) + self.lp(b))
    }

    /// Occurrences of `word` in this document.
    pub fn doc(&self, word: &str) -> u32 {
        self.vocab.count(word)
    }

    /// Documents of the batch using `word` (0 without a batch).
    pub fn batch(&self, word: &str) -> u32 {
        self.batch.map_or(0, |b| b.count(word))
    }
}

