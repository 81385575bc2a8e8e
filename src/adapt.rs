//! Collection adaptation: each OCR engine and each printer has confusions of its own ("mi"
//! for "an", "tho" for "the", "AV" for "W") that a model trained on other collections knows
//! only weakly or not at all. Before a folder or a long file is cleaned, a sample of it is
//! cleaned once with the embedded model; the sample's input and cleaned text are aligned like
//! training pairs and their counts added to the training counts the embedded model was made
//! from ([`Trainer::embedded`]); the model made from the sum cleans the collection.
//!
//! This is one round of self-training (the hard-assignment form of EM, in the spirit of
//! TICCL's corpus-driven correction): only the readings the first clean was sure enough to
//! apply teach the model, and the collection's counts never outweigh the training set's
//! ([`MAX_SHARE`]), so a collection can sharpen the model but not run away with it. The
//! sample is the collection's first [`SAMPLE_BYTES`] in path order, so the result does not
//! depend on threads and the cost is bounded whatever the collection's size.

use crate::channel::{Channel, Trainer};

/// The sample a collection adapts on: its first files (in path order) up to this many bytes.
/// About the size of the training set, so one adaptation costs about one more clean of 2 MB.
pub const SAMPLE_BYTES: usize = 2_000_000;

/// A collection smaller than this many words keeps the embedded model: too few misreadings
/// to tell its engine's confusions from chance.
pub const MIN_WORDS: u64 = 5_000;

/// The collection's words count at most this share of the training set's.
pub const MAX_SHARE: f64 = 1.0;

/// A sample whose clean changed fewer than this share of its words' characters is clean
/// text already (the output of a clean, or OCR as good as that) and keeps the embedded model:
/// it holds too few misreadings to learn an engine's confusions from, and what it would teach
/// is mostly that characters are read as themselves. Chosen on `train/`, between the share
/// of its OCR and that of its cleaned output (`docs/performance.md`). A collection settled
/// to a fixed point ([`learn`] on each pass's output) then cleans its later passes with the
/// embedded model, whose searches the sample's clean has made already.
pub const MIN_CHANGED_SHARE: f64 = 0.005;

/// What adaptation learnt.
#[derive(Debug, Clone)]
pub struct Adapted {
    /// The model to clean the collection with.
    pub channel: Channel,
    /// Words of the collection's sample that were aligned and counted.
    pub words: u64,
    /// The rules whose probability moved most, as `(printed, read, before, after)` natural
    /// logs (`f32::NEG_INFINITY` for a rule the embedded model lacked), largest move first.
    pub moved: Vec<(String, String, f32, f32)>,
    /// The collection's own counts, which [`Adapted::to_bytes`] saves: the model is the
    /// embedded counts plus these.
    pub counts: Trainer,
}

impl Adapted {
    /// The collection's own counts as bytes (a few hundred KB at most), to adapt other
    /// cleaners to the same collection without cleaning its sample again: on a cluster's
    /// workers, or in a later run (`scanno clean --save-adaptation` / `--adaptation`).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.counts.to_bytes()
    }

    /// Reads what [`Adapted::to_bytes`] wrote and makes the same model again.
    ///
    /// Cost: building a model from the summed counts, about 0.3 s.
    pub fn from_bytes(bytes: &[u8]) -> crate::Result<Adapted> {
        Ok(Adapted::from_collection(Trainer::from_bytes(bytes)?))
    }

    /// The model of the embedded counts plus `collection`'s.
    fn from_collection(collection: Trainer) -> Adapted {
        let mut sum = Trainer::embedded().clone();
        sum.merge(&collection);
        let channel = sum.finish();
        let moved = moved_rules(Channel::embedded(), &channel, 20);
        Adapted { channel, words: collection.words(), moved, counts: collection }
    }
}

/// Learns a collection's model from `(input, cleaned)` pairs of its sample (see the module
/// doc); `None` when the sample is below [`MIN_WORDS`] or its clean changed less than
/// [`MIN_CHANGED_SHARE`].
///
/// Cost: a word alignment per pair (about 100 string comparisons per word) and building a
/// model, about 1 s per MB of sample on one core.
pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Adapted> {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    // A sample its clean left as it was has no changed character: nothing to learn, and no
    // alignment to make (the last pass of a collection settled to a fixed point).
    if pairs.iter().all(|(input, cleaned)| input == cleaned) {
        return None;
    }
    let budget = (Trainer::embedded().words() as f64 * MAX_SHARE) as u64;
    let mut collection = Trainer::new();
    for (input, cleaned) in pairs {
        if collection.words() >= budget {
            break;
        }
        collection.add_document(input, cleaned);
    }
    if collection.words() < MIN_WORDS || collection.changed_share() < MIN_CHANGED_SHARE {
        return None;
    }
    Some(Adapted::from_collection(collection))
}

/// Whether a sample of these texts is too short for [`learn`] to adapt on, whatever its clean
/// would be: `learn` counts at most one word for each word of the input, so a sample with
/// fewer than [`MIN_WORDS`] words need not be cleaned at all.
///
/// Cost: one pass over the texts, a small allocation per word.
pub fn too_short<'a>(sample: impl IntoIterator<Item = &'a str>) -> bool {
    let mut words = 0u64;
    for text in sample {
        words += crate::channel::words(text).len() as u64;
        if words >= MIN_WORDS {
            return false;
        }
    }
    true
}

/// The `n` rules whose log probability differs most between `before` and `after`.
fn moved_rules(before: &Channel, after: &Channel, n: usize) -> Vec<(String, String, f32, f32)> {
    let mut moved: Vec<(String, String, f32, f32)> = after
        .rules()
        .into_iter()
        .map(|r| {
            let old = before.rule(&r.printed, &r.read).unwrap_or(f32::NEG_INFINITY);
            (r.printed, r.read, old, r.log_prob)
        })
        .filter(|(_, _, old, new)| (new - old).abs() > 0.1)
        .collect();
    // A rule the embedded model lacked counts as moving up from e^-20.
    let gap = |r: &(String, String, f32, f32)| (r.3 - r.2.max(-20.0)).abs();
    moved.sort_by(|a, b| gap(b).total_cmp(&gap(a)).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    moved.truncate(n);
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collections_own_confusion_is_learnt_and_reported() {
        // A made-up engine that reads "an" as "mi" in "and": the embedded model does not
        // know it; a sample that the first clean read right in context teaches it.
        let line = "The men and the women and the children went to the town and back. ";
        let input: String = line.repeat(600).replace("and back", "mid back");
        let cleaned: String = line.repeat(600);
        let adapted = learn([(input.as_str(), cleaned.as_str())]).expect("a sample of 8,000 words adapts");
        assert!(adapted.words >= MIN_WORDS);
        let before = Channel::embedded().rule("an", "mi");
        let after = adapted.channel.rule("an", "mi").expect("the collection's confusion is a rule");
        assert!(before.map_or(true, |b| after > b + 0.5), "{before:?} -> {after}");
        assert!(adapted.moved.iter().any(|(p, r, _, _)| p == "an" && r == "mi"), "{:?}", adapted.moved);
    }

    #[test]
    fn a_saved_adaptation_makes_the_same_model_again() {
        let line = "The men and the women and the children went to the town and back. ";
        let input: String = line.repeat(600).replace("and back", "mid back");
        let cleaned: String = line.repeat(600);
        let adapted = learn([(input.as_str(), cleaned.as_str())]).unwrap();
        let again = Adapted::from_bytes(&adapted.to_bytes()).unwrap();
        assert_eq!(again.words, adapted.words);
        assert_eq!(again.channel.to_bytes(), adapted.channel.to_bytes());
        // Models are told apart by their contents: the same model made again shares its
        // cached searches.
        assert_eq!(again.channel.id(), adapted.channel.id());
        assert_ne!(again.channel.id(), Channel::embedded().id());
        assert_eq!(again.moved, adapted.moved);
        assert!(Adapted::from_bytes(b"not counts").is_err());
    }

    #[test]
    fn a_small_sample_keeps_the_embedded_model() {
        assert!(learn([("The men of tlie town.", "The men of the town.")]).is_none());
        assert!(too_short(["The men of tlie town."]));
        // Just enough words, some broken at hyphens: learn() adapts on it, so it is not too short.
        let line = "The men and the women went to tlie town-hall and back. ";
        let sample = line.repeat((MIN_WORDS as usize / 12) + 1);
        let cleaned = sample.replace("tlie", "the");
        assert!(!too_short([sample.as_str()]));
        assert!(learn([(sample.as_str(), cleaned.as_str())]).is_some());
    }

    #[test]
    fn a_clean_sample_keeps_the_embedded_model() {
        // The output of a clean: its clean changes nothing, or next to nothing.
        let line = "The men and the women went to the town-hall and back. ";
        let sample = line.repeat(1000);
        assert!(learn([(sample.as_str(), sample.as_str())]).is_none());
        let once = sample.replacen("the town", "tlie town", 1);
        assert!(learn([(once.as_str(), sample.as_str())]).is_none());
        // A misreading in one line of ten is a collection to learn from.
        let noisy = [line.replace("the town", "tlie town").as_str(), &line.repeat(9)].concat().repeat(100);
        assert!(learn([(noisy.as_str(), sample.as_str())]).is_some());
    }
}
