//! Corrections against the period lexicon: a noisy-channel corrector with context,
//! calibrated confidence and restraint.
//!
//! For a word the OCR produced, [`Corrector::suggest`] ranks the lexicon words it may stand
//! for by P(word | neighbours) × P(OCR string | word): the first factor from the lexicon's
//! word and word-pair counts (and the document's own vocabulary), the second from the
//! [`Channel`] error model. Keeping the word as it is always competes: as itself when the
//! lexicon knows it (so "arc" only becomes "are" where the pair evidence is strong), or as an
//! unknown word (a name, a period spelling) whose prior depends on its shape and on how often
//! the document and the batch use it. The posterior of the best candidate against all the
//! others, keeping included, is the edit's confidence.
//!
//! [`Correct`] is the pipeline stage: it protects numbers, dates, currency, abbreviations,
//! roman numerals and capitalised words mid-sentence, keeps the word's casing and the
//! punctuation around it, and proposes one [`Edit`] per word it would change.

pub mod longword;
pub mod misread;
pub mod misskeys;
pub mod numbers;
pub mod split;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use crate::channel::{fold_into, Channel, Reach, MAX_WORD};
use crate::edit::{Edit, EditKind};
use crate::hash::{fx_hash, FxBuildHasher};
use crate::lexicon::Lexicon;
use longword::{LongIndex, LongParams};
use misread::MisreadIndex;
use misskeys::MissKeys;
use split::SplitParams;
use crate::stage::{Context, Stage};
use crate::doc::Doc;
use crate::tokens::{lowercase, Vocab};
use crate::words::{period_spelled, with_joined};

/// A ranked reading of an OCR word.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The word (lowercase lexicon form; the OCR string itself when `keep`).
    pub word: String,
    /// Log score: context + channel (natural log, unnormalised).
    pub score: f32,
    /// Posterior probability among all the readings considered, keeping included.
    pub confidence: f32,
    /// log P(OCR string | word) from the error model.
    pub channel: f32,
    /// log of the context (language model) factor.
    pub context: f32,
    /// This reading keeps the OCR string as it is.
    pub keep: bool,
}

/// Tunable constants of the corrector (natural logs where named `log_*`).
///
/// The defaults of 2026-11-24 were chosen on the dev sets; on 2026-12-07 `tools/fit_params.py`
/// (a coordinate search on `../shared/eval/train/` only, objective and command in its doc)
/// moved `log_oov_lower`, `log_oov_capital`, `temperature`, `real_word_floor`, `walk_floor` and
/// `log_cap_per_letter` by one step each; the others it left where they were.
#[derive(Debug, Clone)]
pub struct Params {
    /// Prior of an unknown lowercase word being a real word (not a misreading), as a
    /// probability of a word in running text.
    pub log_oov_lower: f32,
    /// The same for a capitalised word mid-sentence (names, places).
    pub log_oov_capital: f32,
    /// The same for a capitalised word opening a sentence.
    pub log_oov_initial: f32,
    /// Weight of the independence estimate smoothing the pair counts.
    pub pair_smoothing: f32,
    /// Prior of an unknown word that looks like a period spelling ("goe", "keepe").
    pub log_oov_period: f32,
    /// Prior of an unknown lowercase word in a document that spells the old way.
    pub log_oov_early: f32,
    /// A document spells the old way when at least this many distinct words ...
    pub early_min_words: usize,
    /// ... and this share of its distinct words are period spellings of lexicon words.
    pub early_min_share: f32,
    /// Channel log probability of a lone "1" being a misread "I".
    pub log_one_as_i: f32,
    /// Weight of a recurrence in the document or batch for an unknown lowercase word
    /// (systematic misreadings recur too) ...
    pub recur_lower: f32,
    /// ... and for a capitalised one: names recur, spelt the same way each time.
    pub recur_capital: f32,
    /// Weight of the document's own word counts in a word's prior.
    pub doc_weight: f32,
    /// Softmax temperature turning scores into confidences.
    pub temperature: f32,
    /// Candidates are generated down to this channel log probability (below reading the
    /// word correctly).
    pub channel_floor: f32,
    /// The same for real-word errors (a lexicon word misread as another lexicon word).
    pub real_word_floor: f32,
    /// Listed-confusion variants of unknown words are generated down to this log
    /// probability (relative to reading the word correctly).
    pub variant_floor: f32,
    /// Words of up to this many letters get their listed confusions down to
    /// `short_variant_floor` instead: few variants to try, and short words are the ones OCR
    /// garbles twice ("tlio" for "the": "h" read as "li" and "e" as "o").
    pub short_len: usize,
    pub short_variant_floor: f32,
    /// Most candidates kept per word.
    pub max_candidates: usize,
    /// Words the lexicon knows of up to this many letters are read towards any of their
    /// listed confusions; longer ones only one cheap confusion away ([`RealWordParams`]).
    pub real_word_max_len: usize,
    /// ... towards words this many times commoner, with [`RealWordParams::ratio`] 0 (the
    /// gate of before; it overrides this).
    pub real_word_ratio: f32,
    /// With [`RealWordParams::cheap`] 0, longer lexicon words rarer than this (share of
    /// running words) may be misreadings too ...
    pub rare_word: f64,
    /// ... of words this many times commoner.
    pub rare_word_ratio: f32,
    /// Unknown words of this many letters or more get candidates two edits away.
    pub distance2_len: usize,
    /// Unknown words of `walk_min_len` letters or more get every lexicon word that up to
    /// `walk_confusions` listed confusions turn into them, down to `walk_floor` (log
    /// probability relative to a correct reading), by a walk of the lexicon
    /// ([`Channel::each_word_within`]): heavily misread words ("nronertv" for "property")
    /// need three or four.
    pub walk_confusions: u8,
    pub walk_floor: f32,
    pub walk_min_len: usize,
    /// ... unless the search of up to two confusions found a word at least this likely (one
    /// common confusion away): the walk would seldom beat it, and it costs several times more.
    pub walk_unless: f32,
    /// For a word the misreading index lacks (see [`Corrector::with_index`]), the walk's
    /// [`Params::walk_unless`] and [`Params::walk_floor`] instead: such a word is no likely
    /// misreading of a frequent word, so the walk is kept for words with no reading within
    /// two confusions at all and cut shallower. On overproof-ca and icdar2017-en alone each
    /// cost at most 0.3 points of cMER reduction (`docs/performance.md`).
    pub miss_walk_unless: f32,
    pub miss_walk_floor: f32,
    /// The log prior of an unknown lowercase word falls by this much for each letter beyond
    /// `oov_letters` (and rises for shorter ones): a long string of letters the lexicon lacks
    /// is less likely a real word than a short one.
    pub log_oov_per_letter: f32,
    pub oov_letters: f32,
    /// The same for a capitalised word, by this much per letter beyond `cap_letters`: a
    /// real name the lexicon lacks seldom lies one or two confusions from a lexicon word of
    /// its length once it is long ("Semipalatinsk"), while a misread one does ("Haltimoro").
    pub log_cap_per_letter: f32,
    pub cap_letters: f32,
    /// Weight of a short lexicon word's over-representation in the document against
    /// keeping it (see `Corrector::overrepresented`), for words of up to `recur_real_len` letters.
    pub recur_real: f32,
    pub recur_real_len: usize,
    /// A lexicon word is read as another the less often the cleaner the document: in a
    /// document whose share of unknown words is below `clean_doc_noise`, a real-word reading
    /// loses `clean_doc_weight` × ln(share / `clean_doc_noise`) (see [`DocEvidence::noise`]).
    pub clean_doc_noise: f32,
    pub clean_doc_weight: f32,
}

/// How the corrector reads capitalised words with the names layer ([`crate::names`]).
/// Kept apart from [`Params`], whose printed form fingerprints the misreading index
/// ([`crate::misread::fingerprint`]): the index does not depend on these.
#[derive(Debug, Clone, PartialEq)]
pub struct NameParams {
    /// Prior of a capitalised word the lexicon lacks but the names layer lists: a name of a
    /// person or place, not a misreading ("Shortland", "Rookwood"); it replaces
    /// [`Params::log_oov_capital`] and its length penalty when higher.
    pub log_known_name: f32,
    /// Unknown words of this many letters or more get readings from the names layer, offered
    /// only where a name can stand (a capitalised word or a heading).
    pub name_min_len: usize,
    /// Natural log of the factor on the names layer's counts when a name is offered as a
    /// reading: the layer's counts are guesses from census shares and populations.
    pub log_name_weight: f32,
    /// Added to the score of keeping a lexicon word capitalised mid-sentence that the
    /// lexicon flags a name or the names layer lists ("Wm", "Parmer"): a common word read
    /// in its place would not be capitalised there.
    pub name_keep: f32,
    /// Added to the score of reading a word capitalised mid-sentence as a lexicon word that
    /// is no name (the lexicon's `NAME` flag): print capitalises few common words there, so
    /// "Parmer", "Afong" or "Keepings" are likelier names than a misread "Farmer", "Along",
    /// "Keeping's". Off (0): on train/ it costs cMER reduction and stops corrections of
    /// capitalised verse lines ("Thé", "Hke"); figures in docs/evaluation.md.
    pub capital_common: f32,
    /// Added, like `capital_common`, to reading a capitalised word right after a title or an
    /// initial ("M. Bac", "Mr. Afong", "S. Troughton") as a lexicon word that is no name:
    /// there the capital is a name's, whatever the print capitalises elsewhere. Chosen on
    /// train/ (`tools/restraint.py` on its ground truth and the cMER of its OCR; figures in
    /// docs/evaluation.md).
    pub title_common: f32,
    /// An unknown word is a misreading the less often the cleaner the document: in a document
    /// whose share of unknown words ([`DocEvidence::noise`]) is below `clean_unknown_noise`, a
    /// reading of an unknown word loses `clean_unknown_weight` × ln(share /
    /// `clean_unknown_noise`), as [`Params::clean_doc_weight`] does for lexicon words. Kept
    /// here rather than in [`Params`] so the misreading index (fingerprinted by those) serves it.
    /// Chosen on train/ (`tools/restraint.py` on its ground truth, cMER of its OCR): the
    /// largest weight that costs its cMER nothing; the search is in docs/evaluation.md.
    pub clean_unknown_noise: f32,
    pub clean_unknown_weight: f32,
}

impl Default for NameParams {
    fn default() -> NameParams {
        NameParams {
            log_known_name: -12.0,
            name_min_len: 5,
            log_name_weight: 0.0,
            name_keep: 0.0,
            capital_common: 0.0,
            title_common: -2.0,
            clean_unknown_noise: 0.05,
            clean_unknown_weight: 2.0,
        }
    }
}

/// How the corrector reads a lexicon word as another (a real-word error: "be" for "he",
/// "front" for "from"), decided by the context's pair counts on both sides and the error
/// model, not by how much commoner the other word is. Kept apart from [`Params`] (whose printed
/// form fingerprints the misreading index, which holds unknown words only) as
/// [`NameParams`] is. Chosen on train/ (`tools/restraint.py` on its ground truth and the cMER
/// of its OCR; the search is in docs/evaluation.md).
#[derive(Debug, Clone, PartialEq)]
pub struct RealWordParams {
    /// A lexicon word of more than [`Params::real_word_max_len`] and at most `max_len` letters,
    /// common or rare, may be read as another that lies one cheap confusion away: the
    /// channel's log probability of the reading, relative to a correct one, at least `cheap`
    /// ("front" for "from", "alter" for "after", "lion" for "hon"). `cheap` 0: the gate of
    /// before, only rare longer words ([`Params::rare_word`]), down to
    /// [`Params::real_word_floor`].
    pub cheap: f32,
    pub max_len: usize,
    /// The other word must be at least this share of the lexicon word's count; 0: the
    /// frequency gate of before ([`Params::real_word_ratio`], [`Params::rare_word_ratio`]).
    pub ratio: f32,
    /// Natural log added to every real-word reading's score: the threshold the context and
    /// channel evidence for the other word must pass against keeping the printed one.
    pub margin: f32,
    /// [`Params::pair_smoothing`] for a lexicon word and its real-word readings: how much
    /// the independence estimate dilutes the pair counts that decide between them.
    pub smoothing: f32,
}

impl Default for RealWordParams {
    fn default() -> RealWordParams {
        RealWordParams { cheap: -7.5, max_len: 10, ratio: 0.5, margin: -1.0, smoothing: 0.5 }
    }
}

impl Default for Params {
    fn default() -> Params {
        Params {
            log_oov_lower: -22.0,
            log_oov_capital: -17.0,
            log_oov_initial: -18.0,
            pair_smoothing: 1.4,
            log_oov_period: -9.0,
            log_oov_early: -18.0,
            early_min_words: 3,
            early_min_share: 0.03,
            log_one_as_i: -3.0,
            recur_lower: 0.2,
            recur_capital: 3.0,
            doc_weight: 0.05,
            temperature: 1.1,
            channel_floor: -30.0,
            real_word_floor: -11.0,
            variant_floor: -10.0,
            short_len: 7,
            short_variant_floor: -14.0,
            max_candidates: 8,
            real_word_max_len: 4,
            real_word_ratio: 1.5,
            rare_word: 1e-6,
            rare_word_ratio: 300.0,
            distance2_len: 10,
            walk_confusions: 4,
            walk_floor: -23.0,
            walk_min_len: 4,
            walk_unless: -6.0,
            miss_walk_unless: -7.5,
            miss_walk_floor: -20.0,
            log_oov_per_letter: -1.5,
            oov_letters: 4.0,
            log_cap_per_letter: -1.25,
            cap_letters: 6.0,
            recur_real: 1.0,
            recur_real_len: 3,
            clean_doc_noise: 0.08,
            clean_doc_weight: 2.0,
        }
    }
}

/// Names every field of [`Params`] once, for [`Params::set`].
/// `set` (one parameter from its decimal text) and `from_env` (the defaults with the
/// overrides of an environment variable, `name=value,name=value`) for a parameter struct:
/// the hooks `tools/fit_params.py` and the searches of docs/evaluation.md use to try values
/// on the training set without a rebuild. A malformed override is an error naming it, not a
/// silent default; the program checks all three variables before it cleans anything.
macro_rules! params_by_name {
    ($ty:ident, $var:literal, $($field:ident),* $(,)?) => {
        impl $ty {
            /// Sets the parameter called `name` from its decimal text.
            pub fn set(&mut self, name: &str, value: &str) -> std::result::Result<(), String> {
                match name {
                    $(stringify!($field) => {
                        self.$field = value
                            .parse()
                            .map_err(|_| format!("{}: parameter {name}: not a number of its type: {value:?}", $var))?
                    })*
                    _ => return Err(format!("{}: no parameter called {name:?}", $var)),
                }
                Ok(())
            }

            #[doc = concat!("The defaults, with the overrides of `", $var, "` when it is set.")]
            pub fn from_env() -> std::result::Result<$ty, String> {
                let mut params = $ty::default();
                if let Ok(spec) = std::env::var($var) {
                    for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        let (name, value) = item
                            .split_once('=')
                            .ok_or_else(|| format!("{}: {item:?} is not name=value", $var))?;
                        params.set(name.trim(), value.trim())?;
                    }
                }
                Ok(params)
            }
        }
    };
}

params_by_name!(Params, "SCANNO_PARAMS", log_oov_lower, log_oov_capital, log_oov_initial, pair_smoothing, log_oov_period, log_oov_early, early_min_words, early_min_share, log_one_as_i, recur_lower, recur_capital, doc_weight, temperature, channel_floor, real_word_floor, variant_floor, short_len, short_variant_floor, max_candidates, real_word_max_len, real_word_ratio, rare_word, rare_word_ratio, distance2_len, walk_confusions, walk_floor, walk_min_len, walk_unless, log_oov_per_letter, oov_letters, log_cap_per_letter, cap_letters, recur_real, recur_real_len, clean_doc_noise, clean_doc_weight);
params_by_name!(NameParams, "SCANNO_NAME_PARAMS", log_known_name, name_min_len, log_name_weight, name_keep, capital_common, title_common, clean_unknown_noise, clean_unknown_weight);
params_by_name!(RealWordParams, "SCANNO_REAL_PARAMS", cheap, max_len, ratio, margin, smoothing);
params_by_name!(SplitParams, "SCANNO_SPLIT_PARAMS", min_letters, min_share, min_share_short, min_part, min_part_common, min_channel, min_confidence);
params_by_name!(LongParams, "SCANNO_LONG_PARAMS", min_len, unless, min_garble, min_count, len_slack, retrieve, max_postings, channel_weight, offset, margin);

/// Most words one lexicon walk of an unknown word hands back (a bound on pathological
/// inputs; real words find a few dozen).
const WALK_CAP: usize = 20_000;

// The pronouns and verb forms of scripture, verse and sermons ("thee", "hath", "wilt"):
// common in print of the period, rare in the modern counts, so their commoner neighbours
// ("these", "hast" → "has") would otherwise outrank them as real-word errors.
crate::tokens::word_list!(ARCHAIC = "archaic.txt");

// Abbreviations of newspaper shipping and trade columns and of given names that the lexicon
// lacks: "per stmr Claudine", "345 pkgs sundries", "Thos Ryan". Spelt without vowels or
// cut short, they lie one or two confusions from common words ("star", "pigs", "those").
crate::tokens::word_list!(ABBREVIATIONS = "abbreviations.txt");

/// Where a word sits, which sets how strongly it is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Lower,
    /// Capitalised, opening a sentence (or a line of a heading).
    Initial,
    /// Capitalised mid-sentence: probably a name.
    Capital,
    /// All capitals (headings).
    Upper,
}

/// A reading as [`Corrector::rank`] scores it, its word not copied (see [`Suggestion`]).
#[derive(Debug, Clone, Copy)]
struct Scored {
    /// Index into [`Entry::cands`]; `None` keeps the OCR word.
    cand: Option<usize>,
    score: f32,
    confidence: f32,
    channel: f32,
    context: f32,
}

impl Scored {
    /// The reading's word: the candidate, or `lower` (the OCR word lowercase) when kept.
    fn word<'e>(&self, lower: &'e str, entry: &'e Entry) -> &'e str {
        self.cand.map_or(lower, |k| &entry.cands[k].0)
    }
}

/// Candidates of one OCR word type, independent of its context (cached per document).
#[derive(Debug, Clone, Default)]
struct Entry {
    /// Lexicon frequency of the OCR string itself (0 = unknown word).
    freq: u64,
    /// (word, channel log prob, lexicon frequency), best channel × prior first.
    cands: Vec<(String, f32, u64)>,
    /// Channel log prob of reading the word correctly.
    keep: f32,
    /// An unknown word that looks like a period spelling of a lexicon word (a final -e
    /// added: "goe", "keepe", "meate") or a derivation of one ("uncommunist").
    period: bool,
    /// A lone character between words: the digit "1" (often a misread "I") or a letter
    /// other than "a" or "i" ("n" for "a"). Its recurrences vouch for nothing.
    one: bool,
    /// Count of the word in the names layer when the lexicon lacks it (0: no listed name).
    name: u64,
    /// The last this many of `cands` are names from the names layer, readings only where a
    /// name can stand.
    names: usize,
    /// The parts of the search of an unknown word that do not depend on the model, for a
    /// model adapted from this entry's to search the word with ([`Parts`]; `None`: not
    /// searched so, e.g. a lexicon word or one the misreading index holds).
    parts: Option<Arc<Parts>>,
    /// The this many of `cands` before the names are readings of a long garbled word
    /// ([`longword`]), offered only for lowercase words.
    long: usize,
}

impl Entry {
    /// This entry with the model-independent parts of its search.
    fn with_parts(self, parts: Parts) -> Entry {
        Entry { parts: Some(Arc::new(parts)), ..self }
    }

    /// An entry from the lexicon and the channel alone: not a lone character, no name.
    fn from_lexicon(freq: u64, cands: Vec<(String, f32, u64)>, keep: f32, period: bool) -> Entry {
        Entry { freq, cands, keep, period, one: false, name: 0, names: 0, parts: None, long: 0 }
    }
}

/// The parts of the search of an unknown word that do not depend on the error model, each
/// made when the search first needs it: the lexicon words its confusion keys meet and those
/// within one or two edits of it. A model adapted from the searching one
/// ([`Correct::adapted`]) searches the word with these instead of making them again
/// ([`Corrector::entry_with`]), and finds what its own search would, word for word.
#[derive(Debug, Clone, Default)]
struct Parts {
    /// The words the confusion keys meet ([`Corrector::keyed`]), by their ids there.
    keyed: Option<Arc<[u32]>>,
    /// The lexicon words within one and within two edits ([`Lexicon::candidates`]).
    near: [Option<Arc<[(String, u64)]>>; 2],
}

impl Parts {
    /// The ids of the words the confusion keys `keys` meet for `chars` (the commonest
    /// [`KEYED_MAX`]).
    fn keyed(&mut self, keys: &MissKeys, chars: &[char]) -> Arc<[u32]> {
        let ids = self.keyed.get_or_insert_with(|| {
            let mut ids = Vec::new();
            keys.candidates(chars, misskeys::QUERY_DELETES, KEYED_MAX, &mut ids);
            ids.into()
        });
        Arc::clone(ids)
    }

    /// The lexicon words within `d` (1 or 2) edits of `lower`.
    fn near(&mut self, lexicon: &Lexicon, lower: &str, d: u32) -> Arc<[(String, u64)]> {
        let near = self.near[d.clamp(1, 2) as usize - 1].get_or_insert_with(|| {
            let mut found = Vec::new();
            lexicon.candidates(lower, d, &mut found);
            found.into_iter().map(|c| (c.word, c.freq)).collect()
        });
        Arc::clone(near)
    }
}

/// log P(two letters read | one printed) of a split no rule of the model lists ("m" read
/// "th"), on the scale of [`Channel::log_prob`]; see [`Corrector::add_splits`]. Fitted on
/// train/ only (cMER reduction of hipe-train-en for -10, -12, -14, -16, -18 and without
/// splits, 2026-12-07; `docs/evaluation.md`): the model's own price of such a split, a
/// substitution and a stray letter, is about -18.5.
pub const LOG_SPLIT: f32 = -16.0;

/// Unknown words of this many letters or more get split readings.
pub const SPLIT_MIN_LEN: usize = 5;

/// The lexicon words (with their counts) that `chars` reads as when one printed letter
/// (a to z) was read as two adjacent letters of it, walked down `lexicon` from `root`.
fn splits<'l, const N: usize>(
    lexicon: &'l Lexicon,
    root: crate::lexicon::Prefix<'l, N>,
    chars: &[char],
    out: &mut Vec<(String, u64)>,
) {
    let mut path = Vec::with_capacity(chars.len() + 1);
    lexicon.path(root, chars, &mut path);
    // The pair at `i` may be a split only if some word starts with `chars[..i]`.
    for i in 0..chars.len().saturating_sub(1).min(path.len()) {
        for c in 'a'..='z' {
            if chars[i..i + 2].contains(&c) {
                // A letter and another beside it is a stray letter: the model prices those.
                continue;
            }
            let mut p = path[i];
            if lexicon.step(&mut p, c) && lexicon.step_all(&mut p, &chars[i + 2..]) && p.count() > 0 {
                let mut word: String = chars[..i].iter().collect();
                word.push(c);
                word.extend(&chars[i + 2..]);
                out.push((word, p.count()));
            }
        }
    }
}

/// Orders candidates best first by channel × unigram prior (ties by spelling, so the order
/// never depends on how they were found).
fn by_posterior(cands: &mut [(String, f32, u64)]) {
    cands.sort_by(|a, b| {
        let sa = a.1 + (a.2 as f32).ln();
        let sb = b.1 + (b.2 as f32).ln();
        sb.total_cmp(&sa).then_with(|| a.0.cmp(&b.0))
    });
}

/// The noisy-channel corrector over a lexicon and an error model.
pub struct Corrector<'a> {
    lexicon: &'a Lexicon,
    channel: &'a Channel,
    params: Params,
    total: f64,
    /// Pair counts on the word-count scale.
    lm: crate::lm::Lm<'a>,
    /// Misreadings searched ahead of time (see [`Corrector::with_index`]); `None`: every
    /// word is searched in full.
    index: Option<&'a MisreadIndex>,
    /// The index was built under another model (the one this one was adapted from): its
    /// candidates are scored again with this model.
    rescore: bool,
    /// The lexicon's words by confusion key (see [`Corrector::with_keys`]); `None`: a word
    /// the index lacks is searched.
    keys: Option<&'a MissKeys>,
    /// Names of people and places (see [`Corrector::with_names`]).
    names: Option<&'a Lexicon>,
    name_params: NameParams,
    real: RealWordParams,
    /// Readings of long garbled words (see [`Corrector::with_long`]), the index built on
    /// first need.
    long: Option<LongParams>,
    long_index: once_cell::sync::OnceCell<Arc<LongIndex>>,
}

/// Document-level evidence: how often words occur in this document and in the batch.
#[derive(Clone, Copy, Default)]
pub struct DocEvidence<'a> {
    pub vocab: Option<&'a Vocab>,
    pub batch: Option<&'a Vocab>,
    /// Number of words in the document.
    pub words: u32,
    /// The document spells the old way ("goe", "ioy", "haue", "dayes"): unknown words are
    /// then likelier period spellings than misreadings, see [`period_spelled`].
    pub early: bool,
    /// Share of the document's running words the lexicon lacks, a measure of how badly it
    /// was read; `None` when unknown (a word looked up alone).
    pub noise: Option<f32>,
}

impl<'a> Corrector<'a> {
    pub fn new(lexicon: &'a Lexicon, channel: &'a Channel) -> Corrector<'a> {
        Corrector::with_params(lexicon, channel, Params::default())
    }

    /// The corrector the clean stage reads words with (for `scanno suggest` and the error
    /// analysis): the names layer, real-word and long-word readings on, each with its
    /// parameters from the environment (`SCANNO_*_PARAMS`) or the defaults.
    pub fn as_in_clean(lexicon: &'a Lexicon, channel: &'a Channel) -> Corrector<'a> {
        Corrector::with_params(lexicon, channel, Params::from_env().unwrap_or_default())
            .with_names(crate::names::embedded(), NameParams::from_env().unwrap_or_default())
            .with_real_words(RealWordParams::from_env().unwrap_or_default())
            .with_long(LongParams::from_env().unwrap_or_default())
    }

    pub fn with_params(
        lexicon: &'a Lexicon,
        channel: &'a Channel,
        params: Params,
    ) -> Corrector<'a> {
        Corrector {
            lexicon,
            channel,
            params,
            total: lexicon.total().max(1) as f64,
            lm: crate::lm::Lm::of_lexicon(lexicon),
            index: None,
            rescore: false,
            keys: None,
            names: None,
            name_params: NameParams::default(),
            real: RealWordParams::default(),
            long: None,
            long_index: once_cell::sync::OnceCell::new(),
        }
    }

    /// Reads long unknown lowercase words that look garbled from the lexicon words sharing
    /// most letter pairs with them ([`longword`], by `params`): misreadings in four places or
    /// more, beyond the reach of the search of listed confusions.
    pub fn with_long(mut self, params: LongParams) -> Corrector<'a> {
        self.long = Some(params);
        self
    }

    /// Reads capitalised words with a names layer ([`crate::names::embedded`]): a word it
    /// lists is kept as a name ([`NameParams::log_known_name`]), and a long unknown capitalised
    /// word may be read as a name it lists ([`NameParams`]).
    pub fn with_names(mut self, names: &'a Lexicon, params: NameParams) -> Corrector<'a> {
        self.names = Some(names);
        self.name_params = params;
        self
    }

    /// Reads lexicon words as others by `params` ([`RealWordParams`]; the defaults unless set).
    pub fn with_real_words(mut self, params: RealWordParams) -> Corrector<'a> {
        self.real = params;
        self
    }

    /// Serves unknown words from `index` (built for this corrector's lexicon, model and
    /// parameters: see [`crate::misread::stock`]): a word it holds gets the candidates stored
    /// for it, which are those the full search finds, in one look-up; a word it lacks is no
    /// likely misreading of a frequent word, and gets a cheaper search (the confusion keys
    /// when given, [`Corrector::with_keys`]; a shallower walk: [`Params::miss_walk_floor`]).
    pub fn with_index(mut self, index: &'a MisreadIndex) -> Corrector<'a> {
        self.index = Some(index);
        self
    }

    /// Serves unknown words from `index` built under the model this corrector's model was
    /// adapted from ([`crate::adapt`]): the candidates it holds are scored with this model.
    /// A reading only the adapted model makes of a word the index holds is not among them;
    /// the words it lacks get the search with this model.
    pub fn with_index_rescored(mut self, index: &'a MisreadIndex) -> Corrector<'a> {
        self.index = Some(index);
        self.rescore = true;
        self
    }

    /// Reads an unknown word the index lacks from `keys` (built for this corrector's
    /// lexicon: see [`crate::misskeys::stock`]): the lexicon words whose confusion keys meet
    /// its own, scored with this corrector's model, instead of a search of the lexicon (kept
    /// for a word none of whose readings so found reaches [`KEYED_ENOUGH`]). The keys do not
    /// depend on the model: an adapted model reads its misses from them too.
    pub fn with_keys(mut self, keys: &'a MissKeys) -> Corrector<'a> {
        self.keys = Some(keys);
        self
    }

    /// The candidates the full search (no index) finds for the folded OCR word `key` (word,
    /// channel log probability, lexicon count; best first): what [`crate::misread::build`]
    /// stores.
    pub(crate) fn searched(&self, key: &str) -> Vec<(String, f32, u64)> {
        let mut chars = Vec::with_capacity(MAX_WORD);
        if !fold_into(key, &mut chars) {
            return Vec::new();
        }
        Corrector::with_params(self.lexicon, self.channel, self.params.clone())
            .lexicon_entry(&chars, Parts::default())
            .cands
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Ranks the readings of the OCR `word` between `left` and `right` (neighbouring words,
    /// as printed or already corrected), best first, into `out`. The reading that keeps the
    /// word is always included (`keep`), so `out[0].keep` means "leave it".
    ///
    /// Cost: for a word the lexicon lacks, candidate generation (a few thousand lexicon
    /// look-ups) and one channel alignment per candidate, about 0.1–1 ms; the stage caches
    /// this per word type, so only the context scoring (a few pair look-ups) repeats.
    pub fn suggest(
        &self,
        word: &str,
        left: Option<&str>,
        right: Option<&str>,
        out: &mut Vec<Suggestion>,
    ) {
        out.clear();
        let shape = shape_of(word, left.is_none());
        let mut chars = Vec::new();
        if !fold_into(word, &mut chars) {
            return;
        }
        let mut entry = self.entry(&chars);
        if shape != Shape::Lower {
            entry = self.with_name_readings(&entry, &chars);
        }
        let lower = lowercase(word).into_owned();
        let mut scored = Vec::new();
        self.rank(
            &lower,
            &entry,
            shape,
            false,
            left,
            right,
            DocEvidence::default(),
            &mut scored,
        );
        out.extend(scored.iter().map(|s| Suggestion {
            word: s.word(&lower, &entry).to_string(),
            score: s.score,
            confidence: s.confidence,
            channel: s.channel,
            context: s.context,
            keep: s.cand.is_none(),
        }));
    }

    /// Generates and channel-scores the candidates of one word type: the model's listed
    /// confusions (up to two; up to [`Params::walk_confusions`] for unknown words of
    /// [`Params::walk_min_len`] letters or more with no likely reading within two, see
    /// [`Params::walk_unless`]) and, for words the lexicon lacks, every
    /// lexicon word within one edit (two for words of [`Params::distance2_len`] letters or
    /// more).
    fn entry(&self, chars: &[char]) -> Entry {
        self.entry_with(chars, Parts::default())
    }

    /// [`Corrector::entry`] with the model-independent parts of the search already made
    /// (those of another model's entry of the word, [`Entry::parts`]): the same entry.
    fn entry_with(&self, chars: &[char], parts: Parts) -> Entry {
        let mut entry = self.lexicon_entry(chars, parts);
        if entry.freq == 0 && !entry.one {
            self.add_splits(chars, &mut entry);
            self.add_long(chars, &mut entry);
        }
        if let Some(names) = self.names {
            if entry.freq == 0 && !entry.one {
                entry.name = names.freq(&chars.iter().collect::<String>());
            }
        }
        entry
    }

    /// Whether a capitalised occurrence of this entry's word gets readings from the names
    /// layer ([`Corrector::with_name_readings`]): an unknown word of
    /// [`NameParams::name_min_len`] letters or more that the layer does not list.
    fn wants_names(&self, entry: &Entry, letters: usize) -> bool {
        self.names.is_some()
            && entry.freq == 0
            && !entry.one
            && entry.name == 0
            && entry.names == 0
            && letters >= self.name_params.name_min_len
    }

    /// `entry` with the names layer's readings of `chars` added (see
    /// [`Corrector::add_names`]). Searched only for capitalised words, where a name can
    /// stand: the names layer is not consulted for the many lowercase unknown words.
    fn with_name_readings(&self, entry: &Entry, chars: &[char]) -> Entry {
        let mut e = entry.clone();
        if let Some(names) = self.names {
            self.add_names(names, chars, &mut e);
        }
        e
    }

    /// The names layer's part of an entry of a word the lexicon lacks: the word's own count
    /// there, and the names up to two listed confusions (one edit for words of
    /// [`Params::distance2_len`] letters or more) from it that the lexicon lacks (the lexicon's
    /// own names are among its readings already), best by channel × prior, at most half of
    /// [`Params::max_candidates`].
    fn add_names(&self, names: &Lexicon, chars: &[char], entry: &mut Entry) {
        let p = &self.params;
        if !self.wants_names(entry, chars.len()) {
            return;
        }
        let lower: String = chars.iter().collect();
        let mut words: Vec<(String, u64)> = Vec::new();
        self.channel
            .each_word(chars, 2, p.variant_floor, 4000, names, &mut |v, _, f| {
                words.push((v.iter().collect(), f));
            });
        if chars.len() >= p.distance2_len {
            let mut found = Vec::new();
            names.candidates(&lower, 1, &mut found);
            words.extend(found.into_iter().map(|c| (c.word, c.freq)));
        }
        words.sort_unstable();
        words.dedup_by(|x, y| x.0 == y.0);
        let mut printed = Vec::with_capacity(MAX_WORD);
        let mut cands: Vec<(String, f32, u64)> = Vec::new();
        for (v, f) in words {
            if self.lexicon.contains(&v) || entry.cands.iter().any(|c| c.0 == v) || !fold_into(&v, &mut printed) {
                continue;
            }
            let ch = self.channel.log_prob(&printed, chars);
            if ch - entry.keep < p.channel_floor {
                continue;
            }
            let f = (f as f64 * (self.name_params.log_name_weight as f64).exp()).round().max(1.0) as u64;
            cands.push((v, ch, f));
        }
        by_posterior(&mut cands);
        cands.truncate(p.max_candidates / 2);
        entry.names = cands.len();
        entry.cands.extend(cands);
    }

    /// Adds to the entry of an unknown word the lexicon words of which one letter was read
    /// as two ("imthense" for "immense": "m" read "th") where no rule of the model lists the
    /// pair, at [`LOG_SPLIT`] for the split and a correct reading of the other letters (the
    /// model would charge a substitution and a stray letter); a word already among the
    /// candidates keeps the likelier of the two costs. Words of [`SPLIT_MIN_LEN`] letters or
    /// more; the misreading index does not hold these readings, so they are added to its
    /// candidates too.
    ///
    /// Cost: a walk down the lexicon for each letter pair and each letter (the walk mostly
    /// ends a step or two after the pair), about 25 per letter of the word.
    fn add_splits(&self, chars: &[char], entry: &mut Entry) {
        if chars.len() < SPLIT_MIN_LEN || chars.len() > MAX_WORD {
            return;
        }
        let mut found: Vec<(String, u64)> = Vec::new();
        if let Some(root) = self.lexicon.start::<1>() {
            splits(self.lexicon, root, chars, &mut found);
        } else if let Some(root) = self.lexicon.start::<{ crate::lexicon::MAX_PREFIX_LAYERS }>() {
            splits(self.lexicon, root, chars, &mut found);
        }
        if found.is_empty() {
            return;
        }
        let cost = self.channel.keep_cost() * (chars.len() - 2) as f32 + LOG_SPLIT;
        for (v, f) in found {
            match entry.cands.iter_mut().find(|c| c.0 == v) {
                Some(c) => c.1 = c.1.max(cost),
                None => entry.cands.push((v, cost, f)),
            }
        }
        by_posterior(&mut entry.cands);
        entry.cands.truncate(self.params.max_candidates);
    }

    /// Adds to the entry of an unknown word of [`LongParams::min_len`] letters or more that
    /// looks garbled ([`LongIndex::garble`]) the lexicon word, of those sharing most letter
    /// pairs with it ([`LongIndex::query`]), that the model and the lexicon find likeliest,
    /// if it beats the next by [`LongParams::margin`]; its channel cost relative to keeping
    /// the word weighted by [`LongParams::channel_weight`], less [`LongParams::offset`].
    /// A word among the candidates already keeps the likelier of its two costs.
    ///
    /// Cost: the letter-trigram cost of the word (a hash look-up per letter); for a garbled
    /// one, the postings read (at most [`LongParams::max_postings`]) and one
    /// [`Channel::log_prob`] per word retrieved (at most [`LongParams::retrieve`]).
    fn add_long(&self, chars: &[char], entry: &mut Entry) {
        let Some(lp) = &self.long else { return };
        if lp.min_len == 0
            || chars.len() < lp.min_len
            || chars.len() > MAX_WORD
            || entry.period
            || !chars.iter().all(char::is_ascii_lowercase)
            || entry.cands.iter().any(|c| c.1 - entry.keep >= lp.unless)
        {
            return;
        }
        let index = self.long_index.get_or_init(|| LongIndex::shared(self.lexicon, lp));
        if index.garble(chars) < lp.min_garble {
            return;
        }
        let mut ids = Vec::new();
        index.query(chars, lp.len_slack, lp.retrieve, lp.max_postings, &mut ids);
        let total = self.total as f32;
        // (id, channel relative to keeping, with the log prior)
        let mut best: Option<(u32, f32, f32)> = None;
        let mut second = f32::NEG_INFINITY;
        for id in ids {
            let (v, f) = index.word(id);
            let rel = self.channel.log_prob(v, chars) - entry.keep;
            let score = rel + (f as f32 / total).ln();
            match best {
                Some((_, _, b)) if score <= b => second = second.max(score),
                _ => {
                    second = best.map_or(second, |b| b.2);
                    best = Some((id, rel, score));
                }
            }
        }
        let Some((id, rel, score)) = best else { return };
        let (v, f) = index.word(id);
        let word: String = v.iter().collect();
        let lower: String = chars.iter().collect();
        // The readings found already count as the next too: a reading as likely as one of
        // them would only split the confidence between the two.
        for (c, ch, f) in &entry.cands {
            if *c != word {
                second = second.max(ch - entry.keep + (*f as f32 / total).ln());
            }
        }
        if score - second < lp.margin || no_reading_of(&lower, &word) {
            return;
        }
        let ch = entry.keep + lp.channel_weight * rel - lp.offset;
        // A reading found already stays for the words the long reading is not offered to
        // (see `Corrector::rank`), which then skips one or the other.
        if entry.cands.iter().any(|c| c.0 == word && c.1 >= ch) {
            return;
        }
        entry.cands.push((word, ch, f));
        entry.long = 1;
    }

    fn lexicon_entry(&self, chars: &[char], mut parts: Parts) -> Entry {
        let p = &self.params;
        let lower: String = chars.iter().collect();
        let freq = self.lexicon.freq(&lower);
        let keep = self.channel.keep_cost() * chars.len() as f32;
        if let [c] = chars {
            // A lone character between words (the stage only asks for these): "1" is a
            // misread "I"; a letter other than "a" is a misread short word ("n" for "a").
            let mut cands = Vec::new();
            if *c == '1' {
                let f = self.lexicon.freq("i");
                if f > 0 {
                    cands.push(("i".to_string(), p.log_one_as_i, f));
                }
            } else {
                // Only common short words (one in 10,000 running words or more: "a", "in",
                // "of", "as"), not the abbreviations a lexicon also lists ("cm", "bl").
                let common = self.total * 1e-4;
                let mut variants = Vec::new();
                self.channel
                    .variants(chars, 1, p.real_word_floor, 1024, &mut variants);
                for (v, ch) in variants {
                    let f = self.lexicon.freq(&v);
                    if f as f64 >= common && v.chars().all(char::is_alphabetic) {
                        cands.push((v, ch, f));
                    }
                }
                cands.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                cands.truncate(p.max_candidates);
            }
            return Entry { one: true, ..Entry::from_lexicon(0, cands, keep, false) };
        }
        let period = freq == 0 && period_form(self.lexicon, &lower);
        let mut variants = Vec::new();
        let mut words: Vec<(String, u64)> = Vec::new();
        if freq > 0 {
            // A real word misread as another: only listed confusions, and context must then
            // carry it ([`RealWordParams`]). Short words ("arc", "tho") are read towards any
            // word at least `ratio` as common; longer ones ("front", "alter") only one cheap
            // confusion away. With `cheap` 0, the frequency gate of before: short words
            // towards much commoner words, and of longer words only rare ones ("corne",
            // "boing": a lexicon lists them, print of the period hardly ever has them).
            let rw = &self.real;
            let short = chars.len() <= p.real_word_max_len;
            let cheap_only = !short && rw.cheap < 0.0;
            let ratio = match (rw.ratio > 0.0, short) {
                (true, _) => rw.ratio,
                (false, true) => p.real_word_ratio,
                (false, false) => p.rare_word_ratio,
            };
            let long_out = if cheap_only {
                chars.len() > rw.max_len
            } else {
                !short && (freq as f64) >= p.rare_word * self.total
            };
            // A word the user's own lexicon lists is never read as another word.
            let users = self.lexicon.flags(&lower) & crate::lexicon::flags::USER != 0;
            if long_out || ARCHAIC.contains(&lower.as_str()) || users {
                return Entry::from_lexicon(freq, Vec::new(), keep, period);
            }
            let common_enough = |f: u64| f as f64 >= freq as f64 * ratio as f64;
            if cheap_only {
                // Searched down to `cheap` only (most of the cost of a longer word), and kept
                // if the model's price of the whole reading is within it too.
                let mut found = Vec::new();
                self.channel.variant_words(chars, rw.cheap, 256, self.lexicon, &mut found);
                let mut printed = Vec::with_capacity(MAX_WORD);
                words.extend(found.into_iter().filter(|(v, f)| {
                    common_enough(*f)
                        && fold_into(v, &mut printed)
                        && self.channel.log_prob(&printed, chars) - keep >= rw.cheap
                }));
            } else {
                self.real_word_variants(chars, |v, f| {
                    if common_enough(f) {
                        words.push((v.to_string(), f));
                    }
                });
            }
        } else {
            if let Some(index) = self.index {
                let mut cands = Vec::new();
                if index.get(&lower, &mut cands) {
                    if self.rescore {
                        let mut printed = Vec::with_capacity(MAX_WORD);
                        cands.retain_mut(|c| {
                            fold_into(&c.0, &mut printed);
                            c.1 = self.channel.log_prob(&printed, chars);
                            c.1 - keep >= p.channel_floor
                        });
                        by_posterior(&mut cands);
                    }
                    return Entry::from_lexicon(freq, cands, keep, period);
                }
            }
            // Variants are walked down the lexicon as they are derived, with no string built
            // for the many that are no word (duplicates are removed with the candidates below).
            let (variants_within_two, cheapest) = self.variants_within_two(chars);
            if let Some(keys) = self.keys {
                let cands = self.keyed(keys, chars, &lower, keep, &mut parts, &variants_within_two);
                if cands.iter().any(|c| c.1 - keep >= KEYED_ENOUGH) {
                    return Entry::from_lexicon(freq, cands, keep, period).with_parts(parts);
                }
            }
            words = variants_within_two;
            // A word the index lacks is no likely misreading of a frequent word: the walk
            // is cut shallower (see `Params::miss_walk_floor`).
            let (unless, walk_floor) = match self.index {
                None => (p.walk_unless, p.walk_floor),
                Some(_) => (p.miss_walk_unless, p.miss_walk_floor),
            };
            if p.walk_confusions > 0 && chars.len() >= p.walk_min_len && cheapest < unless {
                // No likely reading within two confusions: any number up to the limit, the
                // lexicon pruning the walk.
                let reach = Reach {
                    max_confusions: p.walk_confusions,
                    floor: walk_floor,
                    cap: WALK_CAP,
                };
                self.channel
                    .each_word_within(chars, reach, self.lexicon, &mut |v, _, f| {
                        words.push((v.iter().collect(), f));
                    });
            }
            let d = if chars.len() >= p.distance2_len { 2 } else { 1 };
            words.extend(parts.near(self.lexicon, &lower, d).iter().cloned());
            // Chained readings: a reading that is itself a short lexicon word may be what a
            // commoner word is misread as ("tlio" → "tho" → "the"). Offered here, with the
            // channel cost of the whole way, so one clean finds what a second would (clean
            // is a fixed point).
            let short: Vec<Vec<char>> = words
                .iter()
                .filter(|(v, _)| v.chars().count() <= p.real_word_max_len)
                .map(|(v, _)| v.chars().collect())
                .collect();
            for c in short {
                self.real_word_variants(&c, |v, f| variants.push((v.to_string(), f)));
                words.append(&mut variants);
            }
            words.sort_unstable();
            words.dedup_by(|x, y| x.0 == y.0);
            return Entry::from_lexicon(freq, self.readings(words, chars, &lower, keep), keep, period).with_parts(parts);
        }
        Entry::from_lexicon(freq, self.readings(words, chars, &lower, keep), keep, period)
    }

    /// The lexicon words up to two of the model's confusions from the unknown word `chars`
    /// (down to [`Params::variant_floor`], [`Params::short_variant_floor`] for short words),
    /// and the log probability of the likeliest (relative to a correct reading).
    fn variants_within_two(&self, chars: &[char]) -> (Vec<(String, u64)>, f32) {
        let p = &self.params;
        let floor = if chars.len() <= p.short_len { p.short_variant_floor } else { p.variant_floor };
        let mut words = Vec::new();
        let mut cheapest = f32::NEG_INFINITY;
        self.channel.each_word(chars, 2, floor, 4000, self.lexicon, &mut |v, c, f| {
            cheapest = cheapest.max(c);
            words.push((v.iter().collect(), f));
        });
        (words, cheapest)
    }

    /// The candidate words `words` (with their counts) as readings of the OCR word `chars`
    /// (`lower`, whose reading as itself costs `keep`): each with its channel cost, those the
    /// model finds no worse than [`Params::channel_floor`] below keeping the word, likeliest
    /// first, at most [`Params::max_candidates`].
    fn readings(&self, words: Vec<(String, u64)>, chars: &[char], lower: &str, keep: f32) -> Vec<(String, f32, u64)> {
        let p = &self.params;
        let mut cands: Vec<(String, f32, u64)> = Vec::with_capacity(words.len());
        let mut printed = Vec::with_capacity(MAX_WORD);
        for (v, f) in words {
            if no_reading_of(lower, &v) || !fold_into(&v, &mut printed) {
                continue;
            }
            let ch = self.channel.log_prob(&printed, chars);
            if ch - keep >= p.channel_floor {
                cands.push((v, ch, f));
            }
        }
        by_posterior(&mut cands);
        cands.truncate(p.max_candidates);
        cands
    }

    /// The channel-scored candidates of the unknown word `chars` (`lower`, kept at `keep`)
    /// the index lacks: the lexicon words whose confusion keys meet its own (the commonest
    /// [`KEYED_MAX`]), those one edit away and those up to two of the model's confusions
    /// away, instead of the deeper search of up to four confusions and two edits.
    ///
    /// `within_two` are the words of [`Corrector::variants_within_two`]; the key and edit
    /// look-ups are taken from `parts` when made already, and kept there.
    ///
    /// Cost: about 60 key look-ups, the edit-distance walk of the lexicon, and one
    /// [`Channel::log_prob`] per word found (`cargo run --release --example search_cost`).
    fn keyed(
        &self,
        keys: &MissKeys,
        chars: &[char],
        lower: &str,
        keep: f32,
        parts: &mut Parts,
        within_two: &[(String, u64)],
    ) -> Vec<(String, f32, u64)> {
        let ids = parts.keyed(keys, chars);
        let mut words: Vec<(String, u64)> = ids.iter().filter_map(|&i| keys.word(i)).map(|(w, f)| (w.to_string(), f)).collect();
        words.extend(parts.near(self.lexicon, lower, 1).iter().cloned());
        words.extend_from_slice(within_two);
        words.sort_unstable();
        words.dedup_by(|x, y| x.0 == y.0);
        self.readings(words, chars, lower, keep)
    }

    /// The bonus for keeping a lexicon word that stands as a name: capitalised mid-sentence
    /// and a name to the lexicon or the names layer ([`NameParams::name_keep`]).
    fn name_kept(&self, lower: &str, shape: Shape) -> f32 {
        let Some(names) = self.names else { return 0.0 };
        if shape != Shape::Capital || self.name_params.name_keep == 0.0 {
            return 0.0;
        }
        if self.lexicon.is_name(lower) || names.contains(lower) {
            self.name_params.name_keep
        } else {
            0.0
        }
    }

    /// The words of [`Channel::variant_words`]`(chars, real_word_floor, 256)` handed to `f`:
    /// the readings of a lexicon word as another. Asked for the same short words over and
    /// over (every unknown word with "tho" or "ho" among its candidates chains them), so
    /// the answers are kept per thread ([`CHAINED`]) for this model, lexicon and floor.
    fn real_word_variants(&self, chars: &[char], mut f: impl FnMut(&str, u64)) {
        let key = self.channel.id().wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ self.lexicon.id().rotate_left(17)
            ^ u64::from(self.params.real_word_floor.to_bits());
        let found = CHAINED.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.key != key || cache.map.len() >= CHAINED_KEPT {
                cache.map.clear();
                cache.key = key;
            }
            cache.map.get(chars).cloned()
        });
        let found = found.unwrap_or_else(|| {
            let mut out = Vec::new();
            self.channel
                .variant_words(chars, self.params.real_word_floor, 256, self.lexicon, &mut out);
            let out: Rc<[(String, u64)]> = out.into();
            CHAINED.with(|cell| {
                cell.borrow_mut().map.insert(chars.to_vec(), Rc::clone(&out));
            });
            out
        });
        for (v, n) in found.iter() {
            f(v, *n);
        }
    }

    /// P(word) in this document: the lexicon's relative frequency, mixed with the
    /// document's own counts.
    fn prior(&self, freq: u64, doc_count: u32, doc: DocEvidence<'_>) -> f64 {
        let lex = freq as f64 / self.total;
        if doc.words == 0 {
            return lex;
        }
        let w = self.params.doc_weight as f64;
        (1.0 - w) * lex + w * doc_count as f64 / doc.words as f64
    }

    /// The log share of the document's occurrences of a short lexicon word that its
    /// lexicon frequency can account for (one occurrence always can): a short word that
    /// recurs far beyond its expected count ("bo", "mid", "arc" five times in a column) is
    /// mostly the print of a commoner word misread the same way each time. 0 for longer
    /// words (topic words recur in their own right) and in documents that spell the old way
    /// ("doe", "hee").
    fn overrepresented(&self, lower: &str, prior: f64, entry: &Entry, doc: DocEvidence<'_>) -> f32 {
        let p = &self.params;
        let seen = doc.vocab.map_or(0, |v| v.count(lower)) as f64;
        if entry.cands.is_empty()
            || doc.early
            || seen < 2.0
            || lower.chars().count() > p.recur_real_len
        {
            return 0.0;
        }
        let expected = prior * doc.words as f64;
        let share = ((expected + 1.0) / seen).min(1.0);
        p.recur_real * share.ln() as f32
    }

    /// Smoothed count of the pair `a b`: its count plus a share of what independence predicts.
    fn pair(&self, a: &str, fa: f64, b: &str, fb: f64, mu: f64) -> f64 {
        self.lm.pair_count(a, b) + mu * fa * fb * self.total
    }

    #[allow(clippy::too_many_arguments)]
    /// Ranks the readings of an OCR word, given lowercase, in its context.
    fn rank(
        &self,
        lower: &str,
        entry: &Entry,
        shape: Shape,
        after_title: bool,
        left: Option<&str>,
        right: Option<&str>,
        doc: DocEvidence<'_>,
        out: &mut Vec<Scored>,
    ) {
        out.clear();
        let p = &self.params;
        let count = |w: &str| doc.vocab.map_or(0, |v| v.count(w));
        // Neighbours only count when the lexicon knows them.
        let left = left.filter(|l| self.lexicon.contains(l)).map(|l| {
            (
                l,
                self.prior(self.lexicon.freq(l), 0, DocEvidence::default()),
            )
        });
        let right = right.filter(|r| self.lexicon.contains(r)).map(|r| {
            (
                r,
                self.prior(self.lexicon.freq(r), 0, DocEvidence::default()),
            )
        });
        // log P(left, w, right) up to a constant, for a word with prior `pw`.
        let context = |w: &str, pw: f64, known: bool| -> f32 {
            let pw = pw.max(1e-30);
            // A lexicon word against its real-word readings: its own weight of the pairs.
            let mu = if entry.freq > 0 { self.real.smoothing } else { p.pair_smoothing } as f64;
            let mut s = pw.ln();
            if let Some((l, pl)) = left {
                let pc = if known {
                    self.pair(l, pl, w, pw, mu)
                } else {
                    mu * pl * pw * self.total
                };
                // P(l, w) ∝ count(l w): the same constant for every reading.
                s = pc.max(1e-30).ln() - self.total.ln();
            }
            if let Some((r, pr)) = right {
                let pc = if known {
                    self.pair(w, pw, r, pr, mu)
                } else {
                    mu * pw * pr * self.total
                };
                s += (pc.max(1e-30) / pw).ln() - self.total.ln();
            }
            s as f32
        };
        // Keeping the word.
        let keep_ctx = if entry.freq > 0 {
            // OCR errors recur (a worn type misprints every "the"), so the document's own
            // counts do not vouch for a lexicon word: its prior is the lexicon's.
            let prior = self.prior(entry.freq, 0, DocEvidence::default());
            context(lower, prior, true) + self.overrepresented(lower, prior, entry, doc) + self.name_kept(lower, shape)
        } else {
            let letters = lower.chars().count() as f32;
            // Long names lie far from lexicon words; long misreadings lie near them.
            let long_name = p.log_cap_per_letter * (letters - p.cap_letters).max(0.0);
            let base = match shape {
                _ if entry.period => p.log_oov_period.max(p.log_oov_lower),
                Shape::Lower | Shape::Upper if doc.early => p.log_oov_early.max(p.log_oov_lower),
                Shape::Lower | Shape::Upper => {
                    p.log_oov_lower + p.log_oov_per_letter * (letters - p.oov_letters)
                }
                Shape::Initial => p.log_oov_initial + long_name,
                Shape::Capital => p.log_oov_capital + long_name,
            };
            // A name the names layer lists, where a name can stand.
            let base = if entry.name > 0 && shape != Shape::Lower {
                base.max(self.name_params.log_known_name)
            } else {
                base
            };
            // Words the document or batch repeats are likelier real (names, terms).
            let again = count(lower).saturating_sub(1) as f64;
            let in_batch = doc.batch.map_or(0, |b| b.count(lower).saturating_sub(1)) as f64;
            // Names recur; so do systematic misreadings, hence less weight for lowercase.
            let weight = if entry.one {
                0.0
            } else if shape == Shape::Lower {
                p.recur_lower
            } else {
                p.recur_capital
            };
            let prior = (base as f64).exp() * (1.0 + weight as f64 * (again + 0.5 * in_batch));
            context(lower, prior, false)
        };
        out.push(Scored {
            cand: None,
            score: keep_ctx + entry.keep,
            confidence: 0.0,
            channel: entry.keep,
            context: keep_ctx,
        });
        // A clean document misreads few of its words as other words: the misreading is that
        // much less likely, so the penalty counts as channel.
        let np = &self.name_params;
        let clean_doc = match doc.noise {
            Some(noise) if entry.freq > 0 => {
                p.clean_doc_weight * (noise.max(1e-3) / p.clean_doc_noise).ln().min(0.0)
            }
            Some(noise) if !entry.one => {
                np.clean_unknown_weight * (noise.max(1e-3) / np.clean_unknown_noise).ln().min(0.0)
            }
            _ => 0.0,
        };
        let first_name = entry.cands.len() - entry.names;
        let first_long = first_name - entry.long;
        // A long garbled reading only for a lowercase word in a document that spells today's
        // way (names and period spellings are no garbles); it then replaces the reading of the
        // same word found by the other searches.
        let long_word = (shape == Shape::Lower && !doc.early && entry.long > 0)
            .then(|| entry.cands[first_long].0.as_str());
        for (k, (c, ch, f)) in entry.cands.iter().enumerate() {
            if (k >= first_name && shape == Shape::Lower) || possessive_of(lower, c) {
                continue;
            }
            let in_long = (first_long..first_name).contains(&k);
            if (in_long && long_word.is_none()) || (!in_long && long_word == Some(c.as_str())) {
                continue;
            }
            // A real-word reading is decided by its neighbours' pairs, past a threshold.
            let real = if entry.freq > 0 { self.real.margin } else { 0.0 };
            let ctx = context(c, self.prior(*f, count(c), doc), true);
            let common = if shape == Shape::Capital && k < first_name && !self.lexicon.is_name(c) {
                np.capital_common + if after_title { np.title_common } else { 0.0 }
            } else {
                0.0
            };
            out.push(Scored {
                cand: Some(k),
                score: ctx + ch + clean_doc + common + real,
                confidence: 0.0,
                channel: ch + clean_doc + real,
                context: ctx,
            });
        }
        let t = p.temperature.max(1e-3);
        let top = out
            .iter()
            .map(|s| s.score)
            .fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = out.iter().map(|s| ((s.score - top) / t).exp()).sum();
        for s in out.iter_mut() {
            s.confidence = ((s.score - top) / t).exp() / z;
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.cand.is_some().cmp(&b.cand.is_some()))
        });
    }
}

/// The shape of an OCR word in its place.
pub fn shape_of(word: &str, sentence_start: bool) -> Shape {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Shape::Lower;
    };
    if !first.is_uppercase() {
        return Shape::Lower;
    }
    let mut rest = letters.peekable();
    if rest.peek().is_some() && rest.all(char::is_uppercase) {
        Shape::Upper
    } else if sentence_start {
        Shape::Initial
    } else {
        Shape::Capital
    }
}

/// Gives `word` (lowercase) the casing of `like`: all capitals, capitalised, or lowercase.
pub fn match_case(word: &str, like: &str) -> String {
    match shape_of(like, false) {
        Shape::Upper => word.to_uppercase(),
        Shape::Lower => word.to_string(),
        Shape::Initial | Shape::Capital => {
            let mut cs = word.chars();
            cs.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(cs).collect())
        }
    }
}

/// Longest whitespace token (in bytes) whose words are corrected. The tests below scan the
/// whole token once per word in it, so a megabyte of words joined by hyphens took minutes
/// (issue #25 A); no token of the dev or train sets is longer than 40 bytes.
const MAX_TOKEN: usize = 256;

/// Why a word is left alone whatever the evidence, if it is.
fn protected(word: &str, token: &str) -> bool {
    let n = word.chars().count();
    if !(2..=MAX_WORD).contains(&n) || token.len() > MAX_TOKEN {
        return true;
    }
    // Numbers, dates, currency, ordinals: anything opening with a digit ("20s", "1st", "6d").
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 2 < n + 1 {
        return true;
    }
    // Dotted abbreviations ("i.e.", "U.S.", "e.g."), initials, decimals.
    if word.contains('.') {
        return true;
    }
    // URLs, e-mail addresses, anything with markup characters; but a "#" inside or closing
    // a word of letters is a misread letter ("th#", "po#t").
    if token.contains(['@', '<', '>', '=', '_', '\\', '|', '[', ']', '{', '}'])
        || token.contains("://")
        || (token.contains('#') && !(misread_hash(word) && token.matches('#').count() == 1))
    {
        return true;
    }
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    // Roman numerals in capitals ("XIV", "II") and short all-capital abbreviations.
    if upper == letters && word.chars().all(|c| "IVXLCDM".contains(c)) {
        return true;
    }
    // A capital opening a lowercase run inside a word that starts with a capital is a name
    // ("McKinley", "DeWitt", "MacArthur"). So is a second capital straight after the first
    // where an apostrophe may have been lost ("OConnor", "DArcy", "MLean") or where one
    // letter follows ("QCs", "JPs"). Elsewhere such a capital is a misread letter ("boJy",
    // "wonVers", "FVom", "SHtin"): no word or name of the period is spelled so. A capital
    // closing a word ("weU", "shaU", "WiU") is a misread "ll" or "il".
    if upper != letters && !word.starts_with(char::is_lowercase) {
        let mut chars = word.chars();
        let first = chars.next().unwrap_or(' ');
        let mut rest = chars.enumerate().peekable();
        while let Some((i, c)) = rest.next() {
            if c.is_uppercase() && rest.peek().is_some_and(|(_, n)| n.is_lowercase()) {
                let misread = i == 0
                    && !"ODML".contains(first)
                    && word.chars().skip(2).filter(|c| c.is_lowercase()).count() >= 2;
                if !misread {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether `word` is letters with one "#" after the first of them ("th#", "po#t",
/// "L#ndon"): OCR's reading of a letter it could not make out, which print of the period
/// never sets inside a word.
fn misread_hash(word: &str) -> bool {
    let mut letters = 0;
    let mut hashes = 0;
    for c in word.chars() {
        match c {
            '#' if letters >= 1 => hashes += 1,
            c if c.is_alphabetic() => letters += 1,
            _ => return false,
        }
    }
    hashes == 1
}

/// One word of the text as the stage sees it.
struct Word<'t> {
    text: &'t str,
    span: Range<usize>,
    token: &'t str,
    sentence_start: bool,
    /// The word is followed by a period inside its token ("Geo.").
    dotted: bool,
}

/// The words of `doc`: its tokens split at hyphens, dashes and slashes, surrounding
/// punctuation trimmed.
fn scan<'t>(doc: &Doc<'t>) -> Vec<Word<'t>> {
    let text = doc.text;
    let mut out = Vec::with_capacity(doc.tokens.len());
    for t in &doc.tokens {
        let start_of_sentence = t.sentence_start;
        let mut first = true;
        let mut at = 0;
        // The hyphen U+2010 of typeset text joins compounds as "-" does ("hard\u{2010}working").
        for part in t.text.split(['-', '\u{2010}', '\u{2011}', '—', '–', '/', '¬']) {
            let mut r = crate::tokens::core_range(part);
            // A "#" closing a word is a letter OCR could not make out ("th#"): part of the word.
            if !r.is_empty() && part[r.end..].starts_with('#') {
                r.end += 1;
            }
            if !r.is_empty() {
                let s = t.start + at + r.start;
                let e = t.start + at + r.end;
                out.push(Word {
                    text: &text[s..e],
                    span: s..e,
                    token: t.text,
                    sentence_start: first && start_of_sentence,
                    dotted: part[r.end..].starts_with('.'),
                });
                first = false;
            }
            at += part.len();
            // Step over the separator (one char, maybe multi-byte).
            if let Some(c) = t.text[at..].chars().next() {
                at += c.len_utf8();
            }
        }
    }
    out
}

/// The error model a [`Correct`] stage reads: the embedded one, or one the caller owns or
/// shares (e.g. loaded from a file written by `scanno train`).
#[derive(Clone)]
enum ChannelRef {
    Static(&'static Channel),
    Shared(std::sync::Arc<Channel>),
}

impl ChannelRef {
    fn get(&self) -> &Channel {
        match self {
            ChannelRef::Static(c) => c,
            ChannelRef::Shared(c) => c,
        }
    }
}

/// Whether the lexicon word `v` is no reading of the unknown word `lower`: letters without a
/// vowel ("nrc", "kgb") are abbreviations, not readings of a misread word; nor is the word
/// without its prefix ("uneuphonious" is no misread "euphonious": dropping "un" turns the
/// meaning round) or without a plural "s" ("trivials", "Flaxmans": on the dev sets such
/// readings broke 20 correct words, mended none).
fn no_reading_of(lower: &str, v: &str) -> bool {
    v.is_empty()
        || !v.chars().any(char::is_alphabetic)
        || (v.chars().count() >= 3 && !v.chars().any(|c| "aeiouy".contains(c)))
        || PREFIXES.iter().any(|p| lower.strip_prefix(p) == Some(v))
        || lower.strip_suffix('s') == Some(v)
}

/// Most words of the confusion keys scored for one unknown word (the commonest), see
/// [`Corrector::keyed`].
const KEYED_MAX: usize = 100;

/// A word the index lacks is searched as before when none of its readings from the
/// confusion keys, one edit and two confusions is at least this likely (channel log
/// probability relative to a correct reading): a heavily misread word whose reading takes
/// three or four confusions. Chosen on `../shared/eval/train/` (`docs/performance.md`).
const KEYED_ENOUGH: f32 = -16.0;

/// How the embedded misreading index serves a correction stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndexUse {
    /// Another model or other parameters: every word is searched.
    No,
    /// The model and parameters it was built for.
    AsBuilt,
    /// A model adapted from the one it was built for: its candidates are scored again.
    Rescored,
}

/// The correction stage of the pipeline.
#[derive(Clone)]
pub struct Correct {
    channel: ChannelRef,
    params: Params,
    /// Identifies the model and parameters in the per-thread candidate cache.
    config: u64,
    /// How the embedded misreading index serves this stage's model and parameters.
    index: IndexUse,
    /// How capitalised words are read with the names layer.
    names: NameParams,
    /// How lexicon words are read as others.
    real: RealWordParams,
    /// For a model adapted from the embedded one ([`Correct::adapted`]): the cache
    /// configuration of the embedded model's stage with default parameters (before the
    /// lexicon's id), whose entries hold the parts of their searches this stage's searches
    /// take ([`Parts`]).
    searched_by: Option<u64>,
    /// How long garbled words are read ([`longword`]).
    long: LongParams,
    /// How run-together words with a misread part are read ([`split`]).
    split: SplitParams,
}

impl Default for Correct {
    fn default() -> Correct {
        // An invalid SCANNO_PARAMS is reported by the program before any stage is built.
        Correct::with_channel(Channel::embedded(), Params::from_env().unwrap_or_default())
    }
}

impl Correct {
    /// A stage with its own error model (e.g. one trained with `scanno train`).
    pub fn with_channel(channel: &'static Channel, params: Params) -> Correct {
        Correct::with_ref(ChannelRef::Static(channel), params)
    }

    /// A stage with an error model the caller owns or shares: `Channel::from_bytes(..)?`
    /// or an `Arc<Channel>` used by several cleaners.
    pub fn with_shared_channel(channel: impl Into<std::sync::Arc<Channel>>, params: Params) -> Correct {
        Correct::with_ref(ChannelRef::Shared(channel.into()), params)
    }

    fn with_ref(channel: ChannelRef, params: Params) -> Correct {
        // The model's id tells models apart in the candidate caches, which outlive the stage:
        // a model dropped with its stage may leave its address to the next one (a settling
        // pass's newly learnt model), never its id.
        // An invalid SCANNO_NAME_PARAMS is reported by the program before any stage is built.
        let names = NameParams::from_env().unwrap_or_default();
        let real = RealWordParams::from_env().unwrap_or_default();
        let long = LongParams::from_env().unwrap_or_default();
        let config = Correct::config_of(&params, &names, &real, &long, channel.get());
        // The misreading index was built for the embedded model with default parameters.
        let index = if std::ptr::eq(channel.get(), Channel::embedded())
            && format!("{params:?}") == format!("{:?}", Params::default())
        {
            IndexUse::AsBuilt
        } else {
            IndexUse::No
        };
        let split = SplitParams::from_env().unwrap_or_default();
        Correct { channel, params, config, index, names, real, long, split, searched_by: None }
    }

    /// A stage with a model adapted from the embedded one ([`crate::adapt`]): the misreading
    /// index still serves it, its candidates scored with the adapted model.
    ///
    /// A collection's adaptation cleans its sample with the embedded model first
    /// ([`crate::adapt`]); a word that clean searched is searched again with the adapted
    /// model from the parts of that search that do not depend on the model ([`Parts`]),
    /// when the stages share their lexicon.
    pub fn adapted(channel: impl Into<std::sync::Arc<Channel>>) -> Correct {
        let mut stage = Correct::with_shared_channel(channel, Params::default());
        stage.index = IndexUse::Rescored;
        let embedded = Correct::config_of(&Params::default(), &stage.names, &stage.real, &stage.long, Channel::embedded());
        stage.searched_by = Some(embedded);
        stage
    }

    /// What tells a stage's entries apart in the candidate caches (before the lexicon's id):
    /// its parameters and its model's id.
    fn config_of(params: &Params, names: &NameParams, real: &RealWordParams, long: &LongParams, channel: &Channel) -> u64 {
        fx_hash(format!("{params:?} {names:?} {real:?} {long:?} {}", channel.id()).as_bytes())
    }

    /// The key of the caches' entries of the stage configured `config` in this document's
    /// context: its lexicon, and whether the misreading index serves it.
    fn cache_key(config: u64, cx: &Context<'_>, indexed: bool) -> u64 {
        config ^ cx.lexicon.id() ^ u64::from(indexed)
    }
}

impl Correct {
    /// What the stage derives from the document's whole vocabulary: its distinct words
    /// spelt the old way (kept in a document that spells so), whether it does, and its
    /// running words. Computed once per vocabulary and thread, so the pieces of a large file
    /// share it instead of each going over the whole file's vocabulary again.
    fn vocab_facts(&self, cx: &Context<'_>) -> Rc<VocabFacts> {
        let key = (cx.vocab.version(), self.config ^ cx.lexicon.id());
        VOCAB_FACTS.with(|cell| {
            if let Some(f) = cell.borrow().as_ref().filter(|f| f.key == key) {
                return Rc::clone(f);
            }
            let old: HashSet<String> = cx
                .vocab
                .iter()
                .map(|(w, _)| w)
                .filter(|w| period_spelled(cx.lexicon, w))
                .map(str::to_string)
                .collect();
            let early = old.len() >= self.params.early_min_words
                && old.len() as f32 >= self.params.early_min_share * cx.vocab.len() as f32;
            let (mut running, mut unknown) = (0u32, 0u32);
            for (w, n) in cx.vocab.iter() {
                if w.chars().all(char::is_alphabetic) {
                    running += n;
                    if cx.lexicon.freq(w) == 0 {
                        unknown += n;
                    }
                }
            }
            let facts = Rc::new(VocabFacts {
                key,
                old,
                early,
                words: cx.vocab.iter().map(|(_, n)| n).sum::<u32>().max(1),
                noise: (running >= 50).then(|| unknown as f32 / running as f32),
            });
            *cell.borrow_mut() = Some(Rc::clone(&facts));
            facts
        })
    }
}

/// See [`Correct::vocab_facts`].
struct VocabFacts {
    /// (vocabulary version, stage and lexicon configuration).
    key: (u64, u64),
    old: HashSet<String>,
    early: bool,
    words: u32,
    /// [`DocEvidence::noise`].
    noise: Option<f32>,
}

thread_local! {
    static VOCAB_FACTS: RefCell<Option<Rc<VocabFacts>>> = const { RefCell::new(None) };
}

impl Stage for Correct {
    fn kinds(&self) -> &'static [crate::edit::EditKind] {
        &[crate::edit::EditKind::Correction]
    }

    fn name(&self) -> &'static str {
        "correct"
    }

    /// Cost: words the lexicon knows and whose misreadings are not themselves words are
    /// skipped after one cached look-up; others are scored once per word type plus a few
    /// pair look-ups per occurrence.
    fn propose(&self, doc: &Doc<'_>, cx: &Context<'_>, out: &mut Vec<Edit>) {
        let text = doc.text;
        let mut corrector = Corrector::with_params(cx.lexicon, self.channel.get(), self.params.clone())
            .with_names(crate::names::embedded(), self.names.clone())
            .with_real_words(self.real.clone())
            .with_long(self.long.clone());
        // The misreading index serves the embedded lexicon and model with default parameters
        // (what it was built for) unless the full search is asked for.
        let index = (self.index != IndexUse::No && !cx.options.thorough && cx.lexicon.is_embedded())
            .then(crate::misread::stock)
            .flatten();
        if let Some(index) = index {
            corrector = match self.index {
                IndexUse::Rescored => corrector.with_index_rescored(index),
                _ => corrector.with_index(index),
            };
            // The words it lacks are read from the confusion keys.
            if let Some(keys) = misskeys::stock() {
                corrector = corrector.with_keys(keys);
            }
        }
        // Numbers first: a token read as a number is no word to correct.
        let numbers = numbers::propose(doc, cx.lexicon, self.channel.get(), out);
        let words = scan(doc);
        // Looked up composed (NFC): "cafe" + U+0301 is "café"; edits keep the printed form.
        let mut lowered: Vec<Cow<'_, str>> = words
            .iter()
            .map(|w| match crate::tokens::composed(w.text) {
                Cow::Borrowed(t) => lowercase(t),
                Cow::Owned(t) => Cow::Owned(lowercase(&t).into_owned()),
            })
            .collect();
        let facts = self.vocab_facts(cx);
        let (old, early) = (&facts.old, facts.early);
        let foreign = foreign_passages(&lowered);
        let doc = DocEvidence {
            vocab: Some(cx.vocab),
            batch: cx.batch,
            // The vocabulary's size, not this text's: a large file cleaned in pieces sees
            // the whole file's vocabulary.
            words: facts.words,
            early,
            noise: facts.noise,
        };
        let config = Correct::cache_key(self.config, cx, index.is_some());
        // The entries of the embedded model's stage, whose searches this one takes parts of.
        let searched_by = self.searched_by.map(|from| Correct::cache_key(from, cx, index.is_some()));
        // Words left as printed whatever the evidence: read as numbers, protected (see
        // [`protected`]; `one`: a lone "1" read as "I" is not), fragments of a broken word,
        // foreign passages, old spellings of an early text, abbreviations, halves of a split word.
        let left_alone = |i: usize, one: bool, lowered: &[Cow<'_, str>]| {
            let w = &words[i];
            let read_as_number = {
                let k = numbers.partition_point(|s| s.start <= w.span.start);
                k > 0 && w.span.end <= numbers[k - 1].end
            };
            let key = &lowered[i];
            read_as_number
                || (!one && (protected(w.text, w.token) || footnote_mark(cx.lexicon, w.text)))
                || fragment(text, &w.span)
                || foreign[i]
                || (early && (old.contains(&**key) || early_form(cx.lexicon, key)))
                || ABBREVIATIONS.contains(&&**key)
                || split_part(cx.lexicon, lowered, &words, i)
        };
        ENTRIES.with(|cell| {
            let mut entries = cell.borrow_mut();
            let cache = entries.map_for(config, ENTRIES_KEPT);
            let mut chars = Vec::with_capacity(MAX_WORD);
            let mut ranked = Vec::new();
            // Lowercase unknown words that no reading of their own changed: asked for a
            // run-together reading below.
            let mut unread = vec![false; words.len()];
            // Words read by the long-garble rule: (word, its edit in `out`, its key).
            let mut long_read: Vec<(usize, Option<usize>, String)> = Vec::new();
            for i in 0..words.len() {
                // A word type already found to have no candidates is left alone whatever
                // follows: one hash look-up for most running words.
                if let Some(None) = cache.get(&*lowered[i]) {
                    // Most running words: lexicon words with no readings. Only long lowercase
                    // unknown ones may be run together.
                    let w = &words[i];
                    unread[i] = w.text.len() >= self.split.min_letters
                        && w.text.bytes().all(|b| b.is_ascii_lowercase())
                        && !cx.lexicon.contains(&lowered[i])
                        && !left_alone(i, false, &lowered);
                    continue;
                }
                let w = &words[i];
                let lowercase_word = |w: Option<&Word<'_>>| {
                    tokens_alpha(w).is_some_and(|t| t.chars().all(char::is_lowercase))
                };
                let after_word = i > 0 && !w.sentence_start && lowercase_word(words.get(i - 1));
                let before_word = tokens_alpha(words.get(i + 1)).is_some();
                // A lone "1" before a word may be a misread "I" ("and 1 have"): after a lowercase
                // word any word may follow; elsewhere (opening a sentence, after a name) only a
                // word that typically follows "I" ("1 am", "1 have"). A lone lowercase letter
                // amid lowercase words is a misread short word ("in n house").
                // After a full stop, "!" or "?" in running text, or after a capitalised word
                // ("God, 1 desire", "That 1 made"), a lone "1" before a lowercase word is the
                // pronoun too ("the voice. 1 insert his"): prose of the period spells out a
                // number that opens a sentence, and seldom numbers a name's thing ("Chapter 1"
                // and the like aside).
                let one = match w.token {
                    "1" => {
                        // Beside other counts of things a "1" is one too ("2 chairs, 1 table");
                        // a year is no count ("in 1864 1 published").
                        let counts_near =
                            (i.saturating_sub(4)..(i + 5).min(words.len() - 1)).any(|k| {
                                k != i
                                    && words[k].token.starts_with(|c: char| c.is_ascii_digit())
                                    && lowercase_word(words.get(k + 1))
                            });
                        let opens_clause = || {
                            let prev = &words[i - 1];
                            let capital = tokens_alpha(Some(prev)).is_some()
                                && shape_of(prev.text, false) == Shape::Capital
                                && !crate::words::NUMBERED.contains(&&*lowered[i - 1]);
                            (capital || crate::doc::ends_sentence(prev.token))
                                && !text[prev.span.end..w.span.start].contains('\n')
                                && lowercase_word(words.get(i + 1))
                                && !NOT_AFTER_I.contains(&&*lowered[i + 1])
                        };
                        before_word
                            && ((!counts_near && (after_word || (i > 0 && opens_clause())))
                                || follows_i(cx.lexicon, &lowered[i + 1]))
                    }
                    t if t.len() == 1 && !matches!(t, "a" | "i" | "o") => {
                        // Letters standing for themselves come in company: "x and y",
                        // "a, b or c".
                        let lone_letter_near = (i.saturating_sub(2)..(i + 3).min(words.len()))
                            .any(|k| {
                                let t = words[k].text;
                                k != i
                                    && t.len() == 1
                                    && t.chars().all(|c| c.is_ascii_lowercase())
                                    && !matches!(t, "a" | "i" | "o")
                            });
                        t.chars().all(|c| c.is_ascii_lowercase())
                            && after_word
                            && lowercase_word(words.get(i + 1))
                            && !lone_letter_near
                    }
                    _ => false,
                };
                if left_alone(i, one, &lowered) {
                    continue;
                }
                // After a title or an initial ("Mr. Bac", "S. Troughton") the full stop opens
                // no sentence: the capital is a name's.
                let after_title = i > 0 && title_or_initial(&words[i - 1]);
                let shape = shape_of(w.text, w.sentence_start && !after_title);
                // A word in capitals amid lowercase text is an acronym ("RCP", "USSR"); only
                // headings set in capitals ("TUE GOVERNMENT") are corrected.
                if shape == Shape::Upper && (!upper_neighbour(&words, i) || byline(&words, i)) {
                    continue;
                }
                // Short capitalised words with a period are abbreviations ("Geo.", "Wm.").
                if w.dotted && shape != Shape::Lower && w.text.chars().count() <= 4 {
                    continue;
                }
                let key = &lowered[i];
                let Some(entry) = entry_in(cache, config, searched_by, &corrector, &mut chars, key, w.text) else {
                    unread[i] = true;
                    continue;
                };
                // A capitalised unknown word may be a misread name or place.
                let named = (shape != Shape::Lower)
                    .then(|| named_entry(&corrector, config, key, w.text, &entry))
                    .flatten();
                let entry: &Entry = named.as_deref().unwrap_or(&entry);
                let left = (i > 0 && !w.sentence_start).then(|| &*lowered[i - 1]);
                let right = lowered
                    .get(i + 1)
                    .map(|r| &**r)
                    .filter(|_| !ends_here(w.span.end, text));
                corrector.rank(key, entry, shape, after_title, left, right, doc, &mut ranked);
                let Some(best) = ranked.first() else { continue };
                let Some(k) = best.cand else {
                    unread[i] = true;
                    continue;
                };
                let best_word = &entry.cands[k].0;
                let after = if w.token == "1" {
                    "I".to_string()
                } else {
                    match_case(best_word, w.text)
                };
                let alternatives: Vec<String> = ranked
                    .iter()
                    .skip(1)
                    .take(3)
                    .map(|s| match s.cand {
                        None => w.text.to_string(),
                        Some(k) => match_case(&entry.cands[k].0, w.text),
                    })
                    .collect();
                let keep_conf = ranked
                    .iter()
                    .find(|s| s.cand.is_none())
                    .map_or(0.0, |s| s.confidence);
                let reason = format!(
                    "misreading of {:?} (channel {:.1}, context {:.1}; kept as is {:.0}%)",
                    best_word,
                    best.channel,
                    best.context,
                    keep_conf * 100.0
                );
                let conf = best.confidence;
                let rule = if w.token == "1" {
                    "correct.one_as_i"
                } else if w.token.chars().count() == 1 {
                    "correct.lone_letter"
                } else if w.token.contains('#') {
                    "correct.unreadable_letter"
                } else if k >= entry.cands.len() - entry.names {
                    "correct.name"
                } else if k >= entry.cands.len() - entry.names - entry.long {
                    "correct.long_garble"
                } else if entry.freq > 0 {
                    "correct.real_word"
                } else {
                    "correct.channel"
                };
                if rule == "correct.long_garble" {
                    long_read.push((i, Some(out.len()), key.to_string()));
                }
                out.push(
                    Edit::new(
                        text,
                        w.span.clone(),
                        after,
                        EditKind::Correction,
                        conf,
                        reason,
                    )
                    .with_rule(rule)
                    .with_alternatives(alternatives),
                );
                // Later words see the corrected form as their left neighbour.
                if conf >= cx.options.min_confidence {
                    lowered[i] = Cow::Owned(best_word.clone());
                }
            }
            // Run-together readings: of the words no reading changed, and of those read by the
            // long-garble rule ("tliispoint" is "this point", not "flashpoint"), whose edit a
            // surer run-together reading replaces.
            let unread: Vec<(usize, Option<usize>, String)> =
                (0..words.len()).filter(|&i| unread[i]).map(|i| (i, None, lowered[i].to_string())).collect();
            for (i, replaces, key) in unread.into_iter().chain(long_read) {
                // (Printed in lowercase: a capital may open a name; the rest is split_reading's.)
                let w = &words[i];
                if !w.text.bytes().all(|b| b.is_ascii_lowercase()) {
                    continue;
                }
                let left = (i > 0 && !w.sentence_start).then(|| &*lowered[i - 1]);
                let right = lowered.get(i + 1).map(|r| &**r).filter(|_| !ends_here(w.span.end, text));
                let mut entry_of = |key: &str| entry_in(cache, config, searched_by, &corrector, &mut chars, key, key);
                let Some(split) =
                    corrector.split_reading(&self.split, &key, left, right, doc, &mut entry_of, &mut ranked)
                else {
                    continue;
                };
                if replaces.is_some_and(|at| split.confidence <= out[at].confidence) {
                    continue;
                }
                let reason = format!(
                    "run-together words: {:?} is no word, {:?} read {:?} (channel {:.1}, context {:.1})",
                    w.text,
                    split.misread,
                    split.reading,
                    split.channel,
                    split.context
                );
                let edit = Edit::new(text, w.span.clone(), split.text(), EditKind::Correction, split.confidence, reason)
                    .with_rule("correct.run_together");
                match replaces {
                    Some(at) => out[at] = edit,
                    None => out.push(edit),
                }
            }
        });
    }
}

/// The answers of [`Corrector::real_word_variants`] on this thread, for the model, lexicon
/// and floor `key` names.
#[derive(Default)]
struct Chained {
    key: u64,
    map: HashMap<Vec<char>, Rc<[(String, u64)]>, FxBuildHasher>,
}

/// [`Chained`] is emptied when it reaches this many words (a few MB at most).
const CHAINED_KEPT: usize = 1 << 14;

thread_local! {
    static CHAINED: RefCell<Chained> = RefCell::new(Chained::default());
}

thread_local! {
    /// Entries with the names layer's readings added, for the capitalised words that asked
    /// ([`named_entry`]), kept like [`ENTRIES`].
    static NAMED: RefCell<Entries> = RefCell::new(Entries::default());
}

/// The entry of `key` with the names layer's readings, from this thread's cache or searched
/// ([`Corrector::with_name_readings`]); `None` when the word gets none.
fn named_entry(corrector: &Corrector<'_>, config: u64, key: &str, text: &str, entry: &Entry) -> Option<Arc<Entry>> {
    if !corrector.wants_names(entry, key.chars().count()) {
        return None;
    }
    NAMED.with(|cell| {
        let mut named = cell.borrow_mut();
        let named = named.map_for(config, ENTRIES_KEPT);
        if let Some(e) = named.get(key) {
            return e.clone();
        }
        let mut chars = Vec::with_capacity(MAX_WORD);
        let e = fold_into(&crate::tokens::composed(text), &mut chars)
            .then(|| Arc::new(corrector.with_name_readings(entry, &chars)))
            .filter(|e| e.names > 0);
        named.insert(key.to_string(), e.clone());
        e
    })
}

/// Candidates of word types, kept across documents (an entry depends only on the word, the
/// lexicon, the model and the parameters, keyed by `config`), so a batch searches "tlie"
/// once rather than once per file: each thread's own map in front of one map shared by all
/// the threads ([`shared_entry`]), so a type is searched once per batch whichever thread
/// meets it first. The output does not depend on which thread searched.
///
/// A run uses a few configurations in turn (the embedded model cleans an adaptation sample,
/// the adapted model the collection, and a folder settled to a fixed point does both again
/// on each pass), so the entries of the last [`CONFIGS_KEPT`] configurations are kept: a
/// later pass finds its words' entries instead of searching them all again.
#[derive(Default)]
struct Entries {
    /// The maps of the configurations used most recently, the latest first.
    kept: Vec<(u64, EntryMap)>,
}

type EntryMap = HashMap<String, Option<Arc<Entry>>, FxBuildHasher>;

/// Configurations whose entries a cache keeps.
const CONFIGS_KEPT: usize = 3;

impl Entries {
    /// The map of `config`, made the latest; emptied first if it holds `limit` entries.
    fn map_for(&mut self, config: u64, limit: usize) -> &mut EntryMap {
        match self.kept.iter().position(|(c, _)| *c == config) {
            Some(i) => {
                let found = self.kept.remove(i);
                self.kept.insert(0, found);
            }
            None => {
                self.kept.truncate(CONFIGS_KEPT - 1);
                self.kept.insert(0, (config, EntryMap::default()));
            }
        }
        let map = &mut self.kept[0].1;
        if map.len() >= limit {
            map.clear();
        }
        map
    }

    /// The entry of `key` under `config`, if kept (`Some(None)`: kept as having none).
    fn get(&self, config: u64, key: &str) -> Option<&Option<Arc<Entry>>> {
        self.kept.iter().find(|(c, _)| *c == config).and_then(|(_, m)| m.get(key))
    }
}

/// Each thread's cache is emptied when it reaches this many word types (a few MB) ...
const ENTRIES_KEPT: usize = 1 << 15;

thread_local! {
    static ENTRIES: RefCell<Entries> = RefCell::new(Entries::default());
}

/// ... and each of the shared cache's [`SHARDS`] when it reaches this many.
const SHARED_KEPT: usize = 1 << 14;

/// The shared cache is split by the word's hash into this many maps with a lock each, so
/// threads seldom wait for one another.
const SHARDS: usize = 16;

static SHARED: once_cell::sync::Lazy<Vec<Mutex<Entries>>> =
    once_cell::sync::Lazy::new(|| (0..SHARDS).map(|_| Mutex::new(Entries::default())).collect());

/// A shard of the shared cache, locked (a thread that panicked holding it left whole
/// entries: each is inserted in one step).
fn lock_entries(shard: &Mutex<Entries>) -> std::sync::MutexGuard<'_, Entries> {
    shard.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether the unknown lowercase word `lower` is a form period print makes of a lexicon
/// word: an old spelling with a final "e" ("olde"), a derived or compound word, an elision,
/// an archaic inflection ("knowest") or a period variant.
fn period_form(lexicon: &Lexicon, lower: &str) -> bool {
    (lower.chars().count() >= 4 && lower.ends_with('e') && lexicon.freq(&lower[..lower.len() - 1]) > 0)
        || derived(lexicon, lower)
        || compound(lexicon, lower)
        || elided(lexicon, lower)
        || archaic_inflection(lexicon, lower)
        || period_variant(lexicon, lower)
}

/// The entry of the word `key` (lowercase; `printed` as printed) under `config`: from the
/// thread's cache, else the shared cache, else searched (taking the parts of the search of
/// `searched_by`'s entry of the word, if made). `None`: no readings.
fn entry_in(
    cache: &mut EntryMap,
    config: u64,
    searched_by: Option<u64>,
    corrector: &Corrector<'_>,
    chars: &mut Vec<char>,
    key: &str,
    printed: &str,
) -> Option<Arc<Entry>> {
    if let Some(e) = cache.get(key) {
        return e.clone();
    }
    let e = shared_entry(config, key, || {
        if !fold_into(&crate::tokens::composed(printed), chars) {
            return None;
        }
        let parts = searched_by
            .and_then(|from| shared_get(from, key))
            .flatten()
            .and_then(|e| e.parts.as_deref().cloned());
        let e = corrector.entry_with(chars, parts.unwrap_or_default());
        // Kept without candidates too when a capitalised occurrence may be read as a name.
        (!e.cands.is_empty() || corrector.wants_names(&e, chars.len())).then(|| Arc::new(e))
    });
    cache.entry(key.to_string()).or_insert(e).clone()
}

/// The entry of `key` under `config` from the cache all threads share, searched with
/// `search` (outside the lock) and kept if no thread has kept it meanwhile.
fn shared_entry(
    config: u64,
    key: &str,
    search: impl FnOnce() -> Option<Arc<Entry>>,
) -> Option<Arc<Entry>> {
    if let Some(e) = shared_get(config, key) {
        return e;
    }
    let shard = shard_of(key);
    let e = search();
    let mut entries = lock_entries(shard);
    entries.map_for(config, SHARED_KEPT).entry(key.to_string()).or_insert(e).clone()
}

/// The shard of the shared cache that keeps `key`.
fn shard_of(key: &str) -> &'static Mutex<Entries> {
    &SHARED[(fx_hash(key.as_bytes()) % SHARDS as u64) as usize]
}

/// The entry of `key` under `config` in the cache all threads share, if kept (`Some(None)`:
/// kept as having none).
fn shared_get(config: u64, key: &str) -> Option<Option<Arc<Entry>>> {
    lock_entries(shard_of(key)).get(config, key).cloned()
}

// Function words of the languages period print quotes most (German, French, Latin) that
// English hardly uses: "und", "les", "quod". Words English shares ("die", "in", "a") are left out.
crate::tokens::word_list!(FOREIGN = "foreign.txt");

/// The length in bytes of the longest [`FOREIGN`] word: longer words need no search.
const FOREIGN_LONGEST: usize = 5;

/// How many of the neighbouring words (on either side) are looked at ...
const FOREIGN_REACH: usize = 6;
/// ... and how many of them, the word included, make its passage a quotation in another language.
const FOREIGN_MIN: usize = 3;

/// Marks the words of passages in another language (a German stanza, a Latin tag): the
/// English lexicon would "correct" them word by word into nonsense. A word is foreign when it
/// lies within [`FOREIGN_REACH`] words of a word that has [`FOREIGN_MIN`] [`FOREIGN`]
/// function words within that reach.
///
/// Cost: one binary search per word.
fn foreign_passages(lowered: &[Cow<'_, str>]) -> Vec<bool> {
    let mut sums = Vec::with_capacity(lowered.len() + 1);
    sums.push(0usize);
    for w in lowered {
        let hit = w.len() <= FOREIGN_LONGEST && FOREIGN.binary_search(&&**w).is_ok();
        sums.push(sums[sums.len() - 1] + hit as usize);
    }
    let n = lowered.len();
    let window = |i: usize| i.saturating_sub(FOREIGN_REACH)..(i + FOREIGN_REACH + 1).min(n);
    // Words whose window is foreign; then every word of such a window is.
    let mut centres = Vec::with_capacity(n + 1);
    centres.push(0usize);
    for i in 0..n {
        let w = window(i);
        let foreign = sums[w.end] - sums[w.start] >= FOREIGN_MIN;
        centres.push(centres[i] + foreign as usize);
    }
    (0..n)
        .map(|i| {
            let w = window(i);
            centres[w.end] > centres[w.start]
        })
        .collect()
}

/// Whether the lowercase word `w` is, in a document that spells the old way, a form of that
/// spelling the modern lexicon reads as something else: a very common short word with a final
/// "e" ("doe", "bee", "mee" for "do", "be", "me": a lexicon word, "doe", or not) or a single
/// final "l" for a double ("shal", "wil", "ful"). Not counted in deciding that a document is
/// old ([`period_spelled`]): newspapers misread "will" as "wil" too.
///
/// Cost: up to two look-ups, for words of up to five letters.
fn early_form(lexicon: &Lexicon, w: &str) -> bool {
    if !(3..=5).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let common = lexicon.total() as f64 * 1e-4;
    w.strip_suffix('e')
        .is_some_and(|stem| w.len() <= 4 && lexicon.freq(stem) as f64 >= common)
        || (w.ends_with('l')
            && !w.ends_with("ll")
            && lexicon.freq(&format!("{w}l")) as f64 >= common)
}

/// Whether the word at `span` is a fragment of a hyphen-broken word: it follows a token
/// ending in a hyphen, or ends in one itself at a line end.
fn fragment(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end();
    let after = &text[span.end..];
    (before.len() < span.start && before.ends_with(['-', '¬']))
        || after
            .strip_prefix(['-', '¬'])
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace()))
}

/// Whether `words[i]` may be a piece of a split word: joined to its left or right
/// neighbour (letters only) it makes a lexicon word. Within one token ("Wil-berforce") any
/// such join counts. Across a space it counts only for a word the lexicon lacks, a single
/// letter, or a word rarer than the join: a common word beside another that happens to
/// join it ("will bo on": "boon") is a misreading of its own.
///
/// Cost: up to four lexicon look-ups; an allocation only for a join over 64 bytes.
fn split_part(lexicon: &Lexicon, lowered: &[Cow<'_, str>], words: &[Word<'_>], i: usize) -> bool {
    let alpha = |j: usize| {
        words
            .get(j)
            .is_some_and(|w| crate::tokens::is_alpha_word(w.text))
    };
    if !alpha(i) {
        return false;
    }
    let own = lexicon.freq(&lowered[i]);
    let loose = own == 0 || lowered[i].chars().count() < 2;
    let joins = |j: usize| {
        let (a, b) = if j < i { (j, i) } else { (i, j) };
        let f = with_joined(&lowered[a], &lowered[b], |s| lexicon.freq(s));
        let same_token = words[j].token.as_ptr() == words[i].token.as_ptr();
        f > 0 && (same_token || loose || f > own)
    };
    (i > 0 && alpha(i - 1) && joins(i - 1)) || (alpha(i + 1) && joins(i + 1))
}

/// Whether a word next to `words[i]` is also set in capitals.
fn upper_neighbour(words: &[Word<'_>], i: usize) -> bool {
    (i > 0 && all_capitals(&words[i - 1]) && !title_or_initial(&words[i - 1]))
        || words.get(i + 1).is_some_and(all_capitals)
}

// Titles set before names ("Mr.", "Messrs.", "Capt."), read by [`title_or_initial`].
crate::tokens::word_list!(TITLES = "titles.txt");

/// Whether `w` is a title or an initial ("Mr.", "M.", "J.", or "M" without its stop): the
/// capitalised word after it is a name ("M. Bac", "M. CARSY"), not a heading's or a
/// sentence's first word.
fn title_or_initial(w: &Word<'_>) -> bool {
    let mut chars = w.text.chars();
    let Some(first) = chars.next().filter(|c| c.is_uppercase()) else { return false };
    let single = chars.next().is_none();
    if !w.dotted {
        // An initial whose full stop was lost ("Martha M Afong"): a capital letter standing
        // alone that is no word ("A", "I", "O" are).
        return single && !matches!(first, 'A' | 'I' | 'O');
    }
    single || TITLES.binary_search(&&*lowercase(w.text)).is_ok()
}

/// The word has letters, all of them capitals.
fn all_capitals(w: &Word<'_>) -> bool {
    let mut letters = w.text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Whether the word in capitals at `i` is part of a byline: a run of up to four words in
/// capitals right after "By" ("By ISRAEL AMTER"), which names its writer.
fn byline(words: &[Word<'_>], i: usize) -> bool {
    (1..=4.min(i)).any(|back| {
        words[i - back].text.eq_ignore_ascii_case("by")
            && words[i - back + 1..i].iter().all(all_capitals)
    })
}

// Words that do not follow the pronoun "I" ("1 and", "1 of the"): after a full stop, a lone
// "1" before one of them is not read as "I".
crate::tokens::word_list!(NOT_AFTER_I = "not_after_i.txt");

/// Whether `next` typically follows "I": "am", "have", "remember", not "mile" or "lb". The
/// lexicon's pair counts come from a smaller sample than its word counts, so a pair at a
/// third of the independence estimate already marks a pronoun's verb (most pairs, "i of"
/// or "i year", are far below it or not listed at all).
///
/// Cost: three lexicon look-ups.
fn follows_i(lexicon: &Lexicon, next: &str) -> bool {
    let (fi, fn_) = (lexicon.freq("i") as f64, lexicon.freq(next) as f64);
    fi > 0.0
        && fn_ > 0.0
        && lexicon.pair("i", next) as f64 * lexicon.total() as f64 >= 0.3 * fi * fn_
}

/// The word, when it is made of letters only.
fn tokens_alpha<'t>(w: Option<&Word<'t>>) -> Option<&'t str> {
    w.map(|w| w.text)
        .filter(|t| crate::tokens::is_alpha_word(t))
}

// Prefixes and suffixes that make new words of old ones ("uncommunist", "sovietism").
crate::tokens::word_list!(PREFIXES = "derivation_prefixes.txt");
crate::tokens::word_list!(SUFFIXES = "derivation_suffixes.txt");

/// A stem must make up at least this share of running words to vouch for a derivation: the
/// lexicon's rarest entries include misspellings ("porty" would make "proporty" a word).
const DERIVED_STEM_SHARE: f64 = 1e-7;

/// Whether an unknown lowercase word is a lexicon word of five letters or more, not among
/// its rarest, with a common prefix or suffix: a coinage the lexicon lacks, not a
/// misreading. Cost: up to 23 look-ups.
fn derived(lexicon: &Lexicon, w: &str) -> bool {
    let floor = lexicon.total() as f64 * DERIVED_STEM_SHARE;
    let known = |s: &str| s.len() >= 5 && lexicon.freq(s) as f64 > floor;
    PREFIXES.iter().any(|p| {
        w.strip_prefix(p)
            .is_some_and(|s| known(s.trim_start_matches('-')))
    }) || SUFFIXES
        .iter()
        .any(|x| w.strip_suffix(x).is_some_and(known))
}

/// Whether an unknown word is two common words of four letters or more written as one, as
/// the period wrote many compounds ("bottleholders", "steamboatmen"): a coinage, not a
/// misreading of the lexicon word a few confusions away ("householders"). Cost: one or two
/// look-ups per letter, for unknown words only.
fn compound(lexicon: &Lexicon, w: &str) -> bool {
    let floor = lexicon.total() as f64 * DERIVED_STEM_SHARE;
    let known = |s: &str| s.len() >= 4 && lexicon.freq(s) as f64 > floor;
    w.is_ascii()
        && (4..w.len().saturating_sub(3)).any(|at| known(&w[..at]) && known(&w[at..]))
}

/// Whether the reading `cand` of the OCR word `ocr` (both lowercase) only puts an apostrophe
/// before its closing "s" ("Keepings" is no lost "Keeping's", nor "corinthes" "corinth's"):
/// such readings are not offered. On train/ they were right once and wrong three times on
/// the OCR and made three more changes to the ground truth (docs/evaluation.md).
fn possessive_of(ocr: &str, cand: &str) -> bool {
    cand.strip_suffix("'s").is_some_and(|stem| {
        ocr.strip_suffix('s').is_some_and(|o| o == stem)
            || ocr.strip_suffix("es").is_some_and(|o| o == stem)
    })
}

/// Spellings of 17th- to 19th-century print that modern lexicons lack, as (old, modern,
/// only at the end of the word): "expence", "publick", "cruize", "vitious", "negociation",
/// "chymical", "chearful".
///
/// Chosen on train/ only: for each rewrite, the corrections of train/'s OCR it matches were
/// judged against the ground truth (as `tools/rule_report.py` judges edits), together with
/// the corrections made when train/'s ground truth is cleaned; a rewrite is listed when it
/// matched at most one right correction and more wrong ones ("ence" → "ense": none right,
/// 6 wrong, 13 in the ground truth; "ti" → "ci": 0, 3, 3; "y" → "e": 1, 6, 5). "s" → "c"
/// (0 right but only OCR debris: "publis", "ssary") and "ou" → "oo" (a right "dour") are
/// not; nor are forms train/ neither supports nor contradicts ("countrey", "evill"): the
/// final "ie" of "citie" also reads OCR's "photographie" as a period spelling.
/// docs/evaluation.md has the figures.
const PERIOD_REWRITES: &[(&str, &str, bool)] = &[
    ("ence", "ense", true),
    ("ences", "enses", true),
    ("ck", "c", true),
    ("z", "s", false),
    ("ti", "ci", false),
    ("ci", "ti", false),
    ("y", "e", false),
    ("ea", "ee", false),
];

/// Whether an unknown lowercase word is a period spelling of a lexicon word by one of
/// [`PERIOD_REWRITES`] ("expence" of "expense"), not its first letter changed. Cost: one
/// look-up per place a rewrite matches, for unknown words of four letters or more.
fn period_variant(lexicon: &Lexicon, w: &str) -> bool {
    if w.len() < 4 || !w.is_ascii() {
        return false;
    }
    let known = |s: &str| lexicon.freq(s) as f64 >= lexicon.total() as f64 * 1e-7;
    PERIOD_REWRITES.iter().any(|&(old, modern, at_end)| {
        if at_end {
            return w.len() > old.len() + 1
                && w.strip_suffix(old).is_some_and(|stem| known(&format!("{stem}{modern}")));
        }
        w.match_indices(old)
            .filter(|&(at, _)| at > 0)
            .any(|(at, _)| known(&format!("{}{modern}{}", &w[..at], &w[at + old.len()..])))
    })
}

/// Whether an unknown lowercase word is a common verb with the "-eth" or "-est" ending of
/// scripture, verse and sermons: "speaketh", "turnest", "liveth" (the stem's "e" dropped),
/// "beginneth" (its last consonant doubled). Cost: up to six look-ups, for words ending so.
fn archaic_inflection(lexicon: &Lexicon, w: &str) -> bool {
    let common = lexicon.total() as f64 * 1e-6;
    let known = |s: &str| s.len() >= 3 && lexicon.freq(s) as f64 >= common;
    let Some(stem) = w.strip_suffix("eth").or_else(|| w.strip_suffix("est")) else {
        return false;
    };
    // A stem of three letters or more with a vowel: "toeth" is no "toe", "strest" no "str".
    if stem.len() < 3 || !stem.contains(['a', 'e', 'i', 'o', 'u', 'y']) {
        return false;
    }
    let undoubled = {
        let b = stem.as_bytes();
        (b.len() >= 4 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]))
            .then(|| &stem[..stem.len() - 1])
    };
    known(stem)
        || known(&format!("{stem}e"))
        || undoubled.is_some_and(|s| known(s) || known(&format!("{s}e")))
}

/// Whether an unknown lowercase word is a lexicon word with an "e" elided by an apostrophe,
/// as verse prints them: "arm'd", "ev'n", "heav'n", "wand'ring". Cost: one look-up, and
/// only for words with an apostrophe inside.
fn elided(lexicon: &Lexicon, w: &str) -> bool {
    let inner = w
        .char_indices()
        .filter(|&(i, c)| matches!(c, '\'' | '’') && i > 0 && i + c.len_utf8() < w.len());
    let mut found = None;
    for (i, c) in inner {
        if found.is_some() {
            return false;
        }
        found = Some((i, c.len_utf8()));
    }
    found.is_some_and(|(i, n)| lexicon.freq(&format!("{}e{}", &w[..i], &w[i + n..])) > 0)
}

/// A lexicon word carrying a footnote number ("Russia1", "Party12", "International)2"): a
/// reference mark, not a misreading.
fn footnote_mark(lexicon: &Lexicon, word: &str) -> bool {
    let unmarked = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let marks = word.len() - unmarked.len();
    // The mark may follow closing punctuation ("(4th International)2").
    let stem = unmarked.trim_end_matches([')', ']', '.', ',', ';', ':', '"', '\'', '’', '”']);
    (1..=2).contains(&marks)
        && stem.chars().count() >= 3
        && stem.chars().all(char::is_alphabetic)
        && lexicon.contains(stem)
}

/// Whether a clause ends right after the word ending at `end` inside its token ([`crate::doc::is_clause_end`]).
fn ends_here(end: usize, text: &str) -> bool {
    text[end..]
        .chars()
        .next()
        .is_some_and(crate::doc::is_clause_end)
}

#[cfg(test)]
mod tests;
