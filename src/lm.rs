//! The language model every stage weighs words with ([`Lm`]): the lexicon's relative
//! frequencies and its word pairs, on one log10 scale and with one pair calibration, plus the
//! document's and the batch's own counts. Dehyphenation, joins, segmentation, the column
//! stage and the corrector all read their pair counts through it.

use std::cell::RefCell;

use once_cell::sync::Lazy;

use crate::doc::{Doc, Memo};
use crate::lexicon::{Lexicon, Prefix};
use crate::tokens::Vocab;

/// log10 probability given to a word the lexicon does not know.
pub(crate) const UNKNOWN_LP: f64 = -10.0;

/// P(the | of) in English prose, about a quarter: the pair calibration. A lexicon's pair
/// counts may come from a corpus of another size than its word counts; the share of "of"
/// that "of the" makes up is nearly the same in every large corpus, so it scales them.
/// (Chosen a priori; the embedded lexicon's own counts give 0.26.)
pub const THE_AFTER_OF: f64 = 0.25;

/// The factor that puts `lexicon`'s pair counts on the scale of its word counts (the
/// [`THE_AFTER_OF`] calibration; 1 when the lexicon lacks "of the").
///
/// Cost: two lexicon look-ups.
pub fn pair_scale(lexicon: &Lexicon) -> f64 {
    let of = lexicon.freq("of").max(1) as f64;
    let of_the = lexicon.pair("of", "the") as f64;
    if of_the > 0.0 {
        of_the / (THE_AFTER_OF * of)
    } else {
        1.0
    }
}

/// The language model of one document: lexicon probabilities and calibrated pair counts,
/// plus the document's and the batch's own counts. Cheap to build (three lexicon look-ups).
#[derive(Clone)]
pub struct Lm<'a> {
    pub lexicon: &'a Lexicon,
    pub vocab: &'a Vocab,
    pub batch: Option<&'a Vocab>,
    total: f64,
    pair_scale: f64,
    /// Where each word of one document leads down the lexicon ([`Lm::joined_freq`]): the
    /// document's [`Doc::word_table`] and a [`Head`] per word id.
    heads: RefCell<(u64, Vec<Head<'a>>)>,
}

/// Where a word's key leads down a one-layer lexicon, for the words that may follow it.
#[derive(Clone, Copy)]
enum Head<'a> {
    Unread,
    /// No lexicon word starts with it.
    Dead,
    At(Prefix<'a, 1>),
}

/// The counts of no document, for a model of the lexicon alone.
static NO_DOCUMENT: Lazy<Vocab> = Lazy::new(Vocab::default);

impl<'a> Lm<'a> {
    pub fn from_parts(
        lexicon: &'a Lexicon,
        vocab: &'a Vocab,
        batch: Option<&'a Vocab>,
    ) -> Lm<'a> {
        Lm {
            lexicon,
            vocab,
            batch,
            total: lexicon.total().max(1) as f64,
            pair_scale: pair_scale(lexicon),
            heads: RefCell::new((0, Vec::new())),
        }
    }

    /// The model of the lexicon alone, with no document's counts.
    pub fn of_lexicon(lexicon: &'a Lexicon) -> Lm<'a> {
        Lm::from_parts(lexicon, &NO_DOCUMENT, None)
    }

    /// The lexicon's running words (at least 1): what its word and pair counts are shares of.
    pub fn total(&self) -> f64 {
        self.total
    }

    /// The lexicon's count of the pair `a b` on the scale of its word counts ([`pair_scale`]);
    /// 0 if unknown. Cost: one lexicon look-up.
    pub fn pair_count(&self, a: &str, b: &str) -> f64 {
        self.lexicon.pair(a, b) as f64 / self.pair_scale
    }

    /// log10 of the word's relative frequency in the lexicon ([`UNKNOWN_LP`] if unknown).
    /// Typographic ligatures ("ﬁfty", "oﬀice") are looked up as their letters, as every
    /// lexicon key is ([`crate::lexicon::normalize`]).
    ///
    /// Cost: one lexicon look-up.
    pub fn lp(&self, word: &str) -> f64 {
        self.lp_of_count(self.freq(word))
    }

    /// [`Lm::lp`] of a word whose lexicon count `f` the caller has already read (a walk
    /// down the lexicon gives the counts of all a string's prefixes at once).
    pub fn lp_of_count(&self, f: u64) -> f64 {
        match f {
            0 => UNKNOWN_LP,
            f => (f as f64 / self.total).log10(),
        }
    }

    /// [`Lm::freq`] of the word of token `i` of `doc`, read once per token and remembered
    /// past edits ([`Doc::remembered`]). Cost: a load once read.
    pub fn token_freq(&self, doc: &Doc<'_>, i: usize) -> u64 {
        doc.remembered(i, Memo::Word, self.lexicon.id(), || self.freq(doc.tokens[i].core().0))
    }

    /// [`Lm::lp`] of the word of token `i` of `doc`, computed once per token as
    /// [`Lm::token_freq`].
    pub fn token_lp(&self, doc: &Doc<'_>, i: usize) -> f64 {
        let bits = doc.remembered(i, Memo::WordDerived, self.lexicon.id(), || {
            self.lp_of_count(self.token_freq(doc, i)).to_bits()
        });
        f64::from_bits(bits)
    }

    /// [`Lm::freq`] of the word of token `i` of `doc` run into the next token's word
    /// ("exa" + "mination"), read once per pair as [`Lm::token_freq`]; 0 for the last token.
    pub fn joined_freq(&self, doc: &Doc<'_>, i: usize) -> u64 {
        let Some(next) = doc.tokens.get(i + 1) else {
            return 0;
        };
        doc.remembered(i, Memo::Joined, self.lexicon.id(), || {
            let (t, a, b) = (&doc.tokens[i], &doc.tokens[i].key, &next.key);
            // An ASCII token's key is its core lowercased, the lexicon's key of it: the
            // joined word is the first key's walk down the lexicon (once per word) continued
            // by the second key, which mostly ends a letter or two in ("the" + "h...").
            if a.is_ascii() && b.is_ascii() {
                if let Some(n) = self.walked_on(doc.word_table(), t.ty, a, b) {
                    return n;
                }
            }
            let mut joined = String::with_capacity(64);
            joined.push_str(doc.tokens[i].core().0);
            joined.push_str(next.core().0);
            self.freq(&joined)
        })
    }

    /// The lexicon count of `a` (the key of word `ty` of the document whose word table is
    /// `table`) run into `b`, walking on from where `a` leads (remembered per word); `None`
    /// for a lexicon of more than one layer.
    fn walked_on(&self, table: u64, ty: u32, a: &str, b: &str) -> Option<u64> {
        let mut heads = self.heads.borrow_mut();
        let (of, heads) = &mut *heads;
        if *of != table {
            *of = table;
            heads.clear();
        }
        let ty = ty as usize;
        if heads.len() <= ty {
            heads.resize(ty + 1, Head::Unread);
        }
        let head = match heads[ty] {
            Head::Unread => {
                let mut p = self.lexicon.start::<1>()?;
                let h = if a.chars().all(|c| self.lexicon.step(&mut p, c)) { Head::At(p) } else { Head::Dead };
                heads[ty] = h;
                h
            }
            h => h,
        };
        let Head::At(mut p) = head else {
            return Some(0);
        };
        Some(if b.chars().all(|c| self.lexicon.step(&mut p, c)) { p.count() } else { 0 })
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
        match self.pair_count(a, b) {
            n if n > 0.0 => Some((n / self.total).log10()),
            _ => None,
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


#[cfg(test)]
mod tests {
    use super::*;

    /// The joined count read by walking the lexicon from the tokens' keys is the lexicon's
    /// count of the two words run together, for ASCII and other tokens, capitals and
    /// punctuation.
    #[test]
    fn a_joined_count_is_the_count_of_the_words_run_together() {
        let lexicon = Lexicon::embedded();
        let vocab = Vocab::default();
        let lm = Lm::from_parts(&lexicon, &vocab, None);
        let text = "exa mination The re ceived, \"Con siderations\" any one some thing na\u{ef}ve t\u{e9} x zz Any Way";
        let doc = Doc::new(text);
        let mut known = 0;
        for i in 0..doc.tokens.len() - 1 {
            let joined = format!("{}{}", doc.tokens[i].core().0, doc.tokens[i + 1].core().0);
            let want = lexicon.freq(&joined);
            assert_eq!(lm.joined_freq(&doc, i), want, "{joined}");
            known += usize::from(want > 0);
        }
        assert!(known >= 4, "{known}");
    }
}
