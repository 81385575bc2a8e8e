//! A folder cleaned to a fixed point: cleaning the output folder again changes nothing.
//!
//! A folder's clean reads two things from the collection as a whole: the batch word counts
//! (a word many files use is vocabulary, not a misreading) and the adapted model
//! ([`scanno::adapt`], learnt from a sample of the collection). Both come out different when
//! the cleaned folder is cleaned again: a misreading the first clean corrected in most files
//! is rarer there, so it no longer passes for vocabulary ("Mdes" 9 times in icdar2017-en,
//! kept as a word of the collection, then read "Miles"), and a model learnt from clean text
//! is another model. Each document alone is a fixed point already (the pipeline reruns its
//! stages until they accept no more edits); the collection is made one the same way: the
//! cleaned texts are counted and learnt from again, as a new run on the output folder would,
//! and cleaned again with what that gives, until no document changes (at most
//! [`MAX_PASSES`] cleans). The last, confirming pass is exactly the first pass of a run on
//! the output folder, so that run writes the same texts again.
//!
//! Everything is computed from the texts in path order and collected in order, so the result
//! does not depend on the number of threads. The texts are held in memory, so this applies to
//! collections of at most [`SETTLE_BYTES`] whose files are each counted in one piece (a
//! quarter of the size above which a file is cleaned in pieces, 4 MB by default); another
//! collection is cleaned in one pass as before. A single file long enough to adapt on is
//! settled too (its own sample changes once it is cleaned).

use rayon::prelude::*;
use scanno::edit::Composer;
use scanno::tokens::Vocab;
use scanno::{Cleaned, Cleaner, Error};

use crate::clean::{adapted_cleaner, learn_sample, learns, longest_first, sample_of};
use crate::config;
use crate::files::{self, Job, ReadFile};
use crate::CommonArgs;

/// Most cleans of a document: the first and up to three that re-count and re-learn (how
/// many a collection needs, and what each costs: `docs/performance.md`).
pub const MAX_PASSES: usize = 4;

/// Largest collection (sum of file sizes) settled in memory: the texts, their cleans and
/// their edits are held until written, several times the collection's size.
pub const SETTLE_BYTES: u64 = 64_000_000;

/// What settling needs of the run: how it was configured and what its first pass used.
pub struct Run<'a> {
    pub common: &'a CommonArgs,
    pub project: &'a config::Project,
    pub pool: &'a rayon::ThreadPool,
    pub max_bytes: u64,
    /// Files larger than this are cleaned in pieces, with the whole file's counts; those
    /// collections are not settled.
    pub whole_bytes: u64,
    /// The cleaner of the first pass (adapted if the run adapts).
    pub cleaner: &'a Cleaner,
    /// The cleaner with the embedded model (the run's model, unadapted), which cleans an
    /// adaptation sample, and a pass's documents when it learns no model.
    pub base: &'a Cleaner,
    /// The batch counts of the first pass (`None` for a single file).
    pub batch: Option<&'a Vocab>,
    /// The model of `--adaptation FILE`, which stays the same in every pass.
    pub saved: Option<&'a scanno::adapt::Adapted>,
    /// When the run learnt no model from its sample: the sample's texts and their cleans with
    /// `base`, which is then `cleaner`; the first pass takes those of the documents it holds whole.
    pub sampled: &'a [(String, Cleaned)],
}

/// A settled document: the file as read and its clean, edits against what was read.
pub type Settled = (ReadFile, Cleaned);

/// The collection's documents cleaned to a fixed point (see the module doc), one entry per
/// job (`None` for a file that could not be read: the ordinary clean reports it), with the
/// number of passes made; `None` when the collection is not settled (one file with nothing
/// learnt from the collection, standard input, too large, or a file cleaned in pieces).
///
/// Cost: one clean of every document and one adaptation per pass, at least two passes. A
/// later pass learns from cleaned text, which keeps the embedded model
/// ([`scanno::adapt::MIN_CHANGED_SHARE`]): its sample's clean is the pass's clean of the
/// documents the sample holds, and finds the embedded model's searches in the caches.
pub fn settle(run: &Run<'_>, jobs: &[Job]) -> Result<Option<(Vec<Option<Settled>>, usize)>, Error> {
    let relearn = learns(run.common, run.project);
    if (run.batch.is_none() && !relearn) || jobs.iter().any(|j| j.path.is_none()) {
        return Ok(None);
    }
    let size = |job: &Job| job.path.as_deref().and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len());
    let sizes: Vec<u64> = jobs.iter().map(size).collect();
    if sizes.iter().any(|&s| s > run.whole_bytes) || sizes.iter().sum::<u64>() > SETTLE_BYTES {
        return Ok(None);
    }
    let read: Vec<Option<ReadFile>> = longest_first(run.pool, &sizes, |i| files::read_full(&jobs[i], run.max_bytes).ok());
    let texts: Vec<Option<&str>> = read.iter().map(|r| r.as_ref().map(|r| r.decoded.text.as_str())).collect();
    let sampled = run.sampled.iter().map(|(t, c)| (t.as_str(), c.clone()));
    let cleans = clean_all(run.pool, run.cleaner, run.batch, &texts, sampled);
    let mut docs: Vec<Option<Settled>> = read.into_iter().zip(cleans).map(|(r, c)| Some((r?, c?))).collect();
    let mut passes = 1;
    // The cleaner of the passes that adapt, built once: the candidate caches are keyed by its
    // lexicon and model, so a pass whose model is the last one's finds that pass's searches.
    let mut adapted: Option<Cleaner> = None;
    while passes < MAX_PASSES {
        passes += 1;
        // What a run on the output folder would count and learn.
        let texts: Vec<&str> = docs.iter().flatten().map(|(_, c)| c.text.as_str()).collect();
        let batch = run.batch.is_some().then(|| batch_of(&texts, run.pool));
        let (model, mut sampled) = if relearn {
            let (sample, bytes) = sample_of(texts.iter().map(|t| t.as_bytes()));
            let (model, cleans) = learn_sample(run.common, &sample, bytes, run.base, batch.as_ref(), run.pool);
            (model, sample.into_iter().zip(cleans).collect())
        } else {
            (run.saved.cloned(), Vec::new())
        };
        drop(texts);
        let cleaner = match model {
            Some(a) => {
                sampled.clear();
                let c = match adapted.take() {
                    Some(mut c) => {
                        c.adapt_to(a.channel);
                        c
                    }
                    None => adapted_cleaner(run.base, a.channel),
                };
                &*adapted.insert(c)
            }
            None => run.base,
        };
        // A pass that learns no model cleans with the cleaner and counts the sample was
        // cleaned with: the sample's cleans are this pass's cleans of its documents.
        let texts: Vec<Option<&str>> = docs.iter().map(|d| d.as_ref().map(|(_, c)| c.text.as_str())).collect();
        let again = clean_all(run.pool, cleaner, batch.as_ref(), &texts, sampled);
        drop(texts);
        let mut changed = 0;
        for (doc, again) in docs.iter_mut().zip(again) {
            if let (Some((read, cleaned)), Some(again)) = (doc.as_mut(), again) {
                if again.text != cleaned.text {
                    changed += 1;
                    *cleaned = compose(&read.decoded.text, cleaned, again);
                }
            }
        }
        if changed == 0 {
            break;
        }
    }
    Ok(Some((docs, passes)))
}

/// The cleans of `texts` (`None` for none) with `cleaner` and `batch`, the largest first;
/// `sampled` holds texts (a subsequence of `texts`, in order) already cleaned with both, whose
/// cleans are taken as they are.
fn clean_all(
    pool: &rayon::ThreadPool,
    cleaner: &Cleaner,
    batch: Option<&Vocab>,
    texts: &[Option<&str>],
    sampled: impl IntoIterator<Item = (impl AsRef<str>, Cleaned)>,
) -> Vec<Option<Cleaned>> {
    let mut sampled = sampled.into_iter().peekable();
    let mut done: Vec<Option<Cleaned>> = texts
        .iter()
        .map(|t| {
            let t = (*t)?;
            sampled.next_if(|(s, _)| s.as_ref() == t).map(|(_, c)| c)
        })
        .collect();
    let todo: Vec<usize> = (0..texts.len()).filter(|&i| done[i].is_none() && texts[i].is_some()).collect();
    let text = |k: usize| texts[todo[k]].unwrap_or_default();
    let sizes: Vec<u64> = (0..todo.len()).map(|k| text(k).len() as u64).collect();
    let cleans = longest_first(pool, &sizes, |k| cleaner.clean_in_batch(text(k), batch));
    for (i, c) in todo.iter().zip(cleans) {
        done[*i] = Some(c);
    }
    done
}

/// The batch counts of texts (each word once per document), as `clean::batch_vocab` counts
/// files of up to one piece.
fn batch_of(texts: &[&str], pool: &rayon::ThreadPool) -> Vocab {
    pool.install(|| {
        texts
            .par_iter()
            .fold(Vocab::default, |mut df, text| {
                let mut words = Vocab::default();
                words.add_text(text);
                df.add_distinct(&words);
                df
            })
            .reduce(Vocab::default, |mut a, b| {
                a.merge(b);
                a
            })
    })
}

/// `first` (a clean of `input`) followed by `then` (a clean of `first.text`), as one clean
/// of `input`: the edits composed, the suggestions of the later clean mapped onto `input`.
fn compose(input: &str, first: &Cleaned, then: Cleaned) -> Cleaned {
    let mut composer = Composer::new(input);
    composer.push(first.edits.clone());
    let suggestions = then.suggestions.into_iter().map(|s| composer.lift(s)).collect();
    composer.push(then.edits);
    Cleaned { text: composer.text().to_string(), edits: composer.into_edits(), suggestions }
}
