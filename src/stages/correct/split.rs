//! Run-together words with a misreading in one part: "laatexamination" is "last
//! examination", "thstthey" is "that they", "ofoctolier" is "of october". The split stage
//! separates run-together words when both parts are words; here one part is a common word as
//! printed and the other is read like any unknown word, in the context the split gives it
//! (the common word on one side, the token's own neighbour on the other).
//!
//! Asked of lowercase unknown words that the word-level reading left as they are, and of those
//! read by the long-garble rule ([`super::longword`]), whose reading a surer run-together one
//! replaces ("tliispoint" is "this point", not "flashpoint").

use std::sync::Arc;

use super::{Corrector, DocEvidence, Entry, Scored, Shape};

/// When a run-together reading is made and applied ([`Corrector::split_reading`]). The
/// shares and the confidence were chosen on `train/` by the rule's precision per confidence
/// band (`tools/rule_report.py --bands`; `docs/evaluation.md`). Overrides:
/// `SCANNO_SPLIT_PARAMS=name=value,...`.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitParams {
    /// Only words of at least this many letters are split.
    pub min_letters: usize,
    /// The part read as printed must be at least this share of the lexicon's running words
    /// when it has four letters or more ("examination" at 10^-5)...
    pub min_share: f64,
    /// ... and this share when shorter: the twenty or so commonest words ("the", "of", "was",
    /// "for"), not "his", nor "re", "co" or "pro", which open many words.
    pub min_share_short: f64,
    /// The misread part's reading must have at least this log probability in the model
    /// (natural log, relative to a correct reading).
    pub min_channel: f32,
    /// The other part has at least this many letters...
    pub min_part: usize,
    /// ... or at least this many when it is read as a word of [`SplitParams::min_share_short`]
    /// ("tbe" for "the", "aud" for "and"): a short fragment is within a confusion of many
    /// words, of few common ones.
    pub min_part_common: usize,
    /// The other part's reading must be at least this sure in its new context.
    pub min_confidence: f32,
}

impl Default for SplitParams {
    fn default() -> SplitParams {
        SplitParams { min_letters: 6, min_share: 1e-5, min_share_short: 3e-3, min_part: 4, min_part_common: 3, min_channel: -12.0, min_confidence: 0.9 }
    }
}

/// A run-together reading of one word.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitReading {
    /// The part read as printed.
    pub kept: String,
    /// The other part as printed...
    pub misread: String,
    /// ... and the word it is read as.
    pub reading: String,
    /// Whether the kept part comes first ("thstthey": no; "theconviets": yes).
    pub kept_first: bool,
    /// The confidence of the misread part's reading in its context...
    pub confidence: f32,
    /// ... its channel log probability (relative to a correct reading) and context score,
    /// as [`Corrector::rank`] gave them.
    pub channel: f32,
    pub context: f32,
}

impl SplitReading {
    /// The two words as one text.
    pub fn text(&self) -> String {
        if self.kept_first {
            format!("{} {}", self.kept, self.reading)
        } else {
            format!("{} {}", self.reading, self.kept)
        }
    }
}

impl<'a> Corrector<'a> {
    /// The likeliest reading of the lowercase unknown word `lower` as two words, one as
    /// printed and one misread (see the module doc), between the words `left` and `right`;
    /// `entry_of` gives the corrector's entry of a part (through the stage's caches).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn split_reading(
        &self,
        params: &SplitParams,
        lower: &str,
        left: Option<&str>,
        right: Option<&str>,
        doc: DocEvidence<'_>,
        entry_of: &mut dyn FnMut(&str) -> Option<Arc<Entry>>,
        ranked: &mut Vec<Scored>,
    ) -> Option<SplitReading> {
        let letters = lower.chars().count();
        if letters < params.min_letters
            || !lower.chars().all(|c| c.is_ascii_lowercase())
            || self.lexicon.contains(lower)
            || super::period_form(self.lexicon, lower)
        {
            return None;
        }
        let common = |w: &str| {
            let share = if w.len() >= 4 { params.min_share } else { params.min_share_short };
            self.lexicon.freq(w) as f64 >= share * self.total
        };
        let mut best: Option<SplitReading> = None;
        for at in 1..lower.len() {
            let (a, b) = lower.split_at(at);
            // One side as printed, the other read: (printed part, misread part, printed first).
            for (kept, misread, kept_first) in [(a, b, true), (b, a, false)] {
                if misread.len() < params.min_part.min(params.min_part_common)
                    || kept.len() < 2
                    || !common(kept)
                    || self.lexicon.freq(misread) > 0
                {
                    continue;
                }
                let Some(entry) = entry_of(misread) else { continue };
                let (l, r) = if kept_first { (Some(kept), right) } else { (left, Some(kept)) };
                self.rank(misread, &entry, Shape::Lower, false, l, r, doc, ranked);
                let Some(top) = ranked.first() else { continue };
                let Some(k) = top.cand else { continue };
                if top.confidence < params.min_confidence
                    || top.channel < params.min_channel
                    || best.as_ref().is_some_and(|b| b.confidence >= top.confidence)
                {
                    continue;
                }
                let word = entry.cands[k].0.clone();
                if misread.len() < params.min_part
                    && (self.lexicon.freq(&word) as f64) < params.min_share_short * self.total
                {
                    continue;
                }
                best = Some(SplitReading {
                    kept: kept.to_string(),
                    misread: misread.to_string(),
                    reading: word,
                    kept_first,
                    confidence: top.confidence,
                    channel: top.channel,
                    context: top.context,
                });
            }
        }
        best
    }
}
