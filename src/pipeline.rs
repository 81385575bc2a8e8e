//! The pipeline: stages run in order, each proposing edits against the text the stages
//! before it produced; a [`Composer`] keeps every edit expressed against the input.

use crate::doc::{Doc, WordChanges};
use crate::edit::{Composer, Edit};
use crate::lexicon::Lexicon;
use crate::tokens::Vocab;

pub use crate::stage::{Context, Options, Stage};

/// The result of cleaning one document.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The input with `edits` applied.
    pub text: String,
    /// Applied edits, against the input, sorted, non-overlapping.
    pub edits: Vec<Edit>,
    /// Proposed edits below the confidence threshold, against the input (not applied).
    pub suggestions: Vec<Edit>,
}

/// How many times the stages that read words may run again on their own output (see
/// `Cleaner::clean_counted`).
const MAX_EXTRA_ROUNDS: usize = 2;

/// Whether two spans share a byte, or an insertion point lies inside the other.
fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

/// A document model carried past edits: its tokens, the text it read, and the edits made to
/// that text since (spans against it, and the lengths of their replacements).
type Carried = (crate::doc::DocParts, String, Vec<(std::ops::Range<usize>, usize)>);

/// What a round of the stages hands the next ([`Cleaner::run_stages`]).
#[derive(Default)]
struct Carry {
    /// The last document model, the text it read and the edits made to that text since.
    model: Option<Carried>,
    /// The word counts the round started with (when they were the text's own) and the words
    /// its edits took out and put in since.
    counts: Option<(Vocab, WordChanges)>,
}

/// A configured pipeline.
pub struct Cleaner {
    lexicon: Lexicon,
    stages: Vec<Box<dyn Stage>>,
    options: Options,
}

impl Cleaner {
    /// The standard pipeline over `lexicon`.
    pub fn new(lexicon: Lexicon, options: Options) -> Cleaner {
        Cleaner { lexicon, stages: default_stages(), options }
    }

    /// A pipeline with the given stages (for tests and tools that want only some).
    pub fn with_stages(lexicon: Lexicon, options: Options, stages: Vec<Box<dyn Stage>>) -> Cleaner {
        Cleaner { lexicon, stages, options }
    }

    /// A builder: the standard pipeline with a chosen error model and options.
    ///
    /// ```
    /// use scanno::{channel::Channel, Cleaner, Lexicon, Options};
    /// // A model written by `scanno train`: Channel::from_bytes(&std::fs::read("model.bin")?)?
    /// let model = Channel::from_bytes(&Channel::embedded().to_bytes())?;
    /// let cleaner = Cleaner::builder(Lexicon::embedded()).options(Options::default()).channel(model).build();
    /// let standard = Cleaner::new(Lexicon::embedded(), Options::default());
    /// assert_eq!(cleaner.clean("At tlie meeting").text, standard.clean("At tlie meeting").text);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(lexicon: Lexicon) -> CleanerBuilder {
        CleanerBuilder { lexicon, options: Options::default(), channel: None }
    }

    /// Corrects with `channel`, the embedded model adapted to a collection ([`crate::adapt`]),
    /// which the embedded misreading index still serves.
    pub fn adapt_to(&mut self, channel: impl Into<std::sync::Arc<crate::channel::Channel>>) {
        self.set_correct(crate::correct::Correct::adapted(channel));
    }

    /// Puts `correct` in the place of the pipeline's correction stage.
    fn set_correct(&mut self, correct: crate::correct::Correct) {
        // The correction stage is the last of the standard pipeline.
        if let Some(last) = self.stages.iter_mut().rev().find(|s| s.name() == correct.name()) {
            *last = Box::new(correct);
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Cleans one document.
    pub fn clean(&self, input: &str) -> Cleaned {
        self.clean_in_batch(input, None)
    }

    /// Cleans one document, with the word counts of the batch it belongs to.
    pub fn clean_in_batch(&self, input: &str, batch: Option<&Vocab>) -> Cleaned {
        // The document's own vocabulary, counted once from its first document model: later
        // stages change few words.
        self.clean_counted(input, None, batch)
    }

    /// Cleans one part of a larger document (a piece of a file too large to hold), with the
    /// word counts of the whole document, so its own usage decides as if it were whole.
    pub fn clean_part(&self, input: &str, document: &Vocab, batch: Option<&Vocab>) -> Cleaned {
        self.clean_counted(input, Some(document), batch)
    }

    /// Cleans `input` whose word counts are `vocab` (`None`: its own, counted from its text
    /// at the start of each round).
    fn clean_counted(&self, input: &str, vocab: Option<&Vocab>, batch: Option<&Vocab>) -> Cleaned {
        let mut composer = Composer::new(input);
        let mut suggestions = Vec::new();
        let mut carry = Carry::default();
        self.run_stages(&mut composer, &mut carry, vocab, batch, Some(&mut suggestions), false);
        let first: Vec<(std::ops::Range<usize>, String)> =
            composer.edits().iter().map(|e| (e.span.clone(), e.after.clone())).collect();
        // Cleaning the result again must change nothing. An edit can make room for another
        // (a reading that a corrected neighbour or the corrected word counts now support), so
        // the stages run again on their own output, with its word counts, until they accept
        // no more edits; the rounds are bounded, so no text can keep them going. A part of a
        // larger document keeps the whole document's counts.
        for _ in 0..MAX_EXTRA_ROUNDS {
            if !self.run_stages(&mut composer, &mut carry, vocab, batch, None, true) {
                break;
            }
        }
        let text = composer.text().to_string();
        let edits = composer.into_edits();
        // A suggestion where a later round made an edit is no longer one. Both lists are
        // sorted and non-overlapping, so one walk finds the later edits, and a binary search
        // the later edit each suggestion might touch.
        let mut kept = first.iter().peekable();
        let later: Vec<std::ops::Range<usize>> = edits
            .iter()
            .filter(|e| {
                while kept.next_if(|(span, _)| span.start < e.span.start).is_some() {}
                !kept.peek().is_some_and(|(span, after)| *span == e.span && *after == e.after)
            })
            .map(|e| e.span.clone())
            .collect();
        let suggestions = suggestions
            .into_iter()
            .filter(|s| {
                let at = later.partition_point(|l| l.end.max(l.start + 1) <= s.span.start);
                !later[at..].iter().take(2).any(|l| overlaps(l, &s.span))
            })
            .collect();
        Cleaned { text, edits, suggestions }
    }

    /// Runs every enabled stage once over the composer's text; edits below the confidence
    /// threshold go to `suggestions` (or are dropped when it is `None`); `again` runs only the
    /// stages that rerun. The stages read the word counts `vocab`, or, when it is `None`, those
    /// of the text as the round starts. Returns whether any edit was accepted.
    ///
    /// The document model ([`Doc`]) is built when the round starts and again only after a
    /// stage's edits changed the text: a stage that accepts none hands the next one its model.
    /// `carry` takes it from one round to the next ([`Carry`]): the next round reads again
    /// only the tokens that changed, and counts the words of the text from the last round's
    /// counts and the words its edits took out and put in.
    fn run_stages(
        &self,
        composer: &mut Composer,
        carry: &mut Carry,
        vocab: Option<&Vocab>,
        batch: Option<&Vocab>,
        mut suggestions: Option<&mut Vec<Edit>>,
        again: bool,
    ) -> bool {
        let mut proposed = Vec::new();
        let mut any = false;
        let mut counted = carry.counts.take();
        let mut doc = Some(match carry.model.take() {
            Some((parts, old, edits)) => {
                Doc::after_edits(parts, &old, &edits, composer.text(), counted.as_mut().map(|(_, c)| c))
            }
            None => Doc::new(composer.text()),
        });
        // The last model and the text it read, when a stage's edits changed the text since:
        // the next model reads again only the tokens around those edits.
        let mut changed: Option<Carried> = None;
        // The words this round's edits take out and put in, for the next round's counts.
        let mut changes = WordChanges::default();
        let mut own = None;
        let vocab = match vocab {
            Some(v) => v,
            None => own.insert(match counted {
                Some((mut v, c)) if !c.unknown => {
                    let from = v.version();
                    v.apply(&c.came, &c.gone);
                    // The verdicts the last round found quiet hold unless these counts changed.
                    if let Some(d) = doc.as_ref() {
                        d.counts_changed(from, v.version(), &c);
                    }
                    v
                }
                _ => doc.as_ref().map(Doc::vocab).unwrap_or_default(),
            }),
        };
        for stage in self.stages.iter().filter(|s| !again || s.reruns()) {
            let kinds = stage.kinds();
            if !kinds.is_empty() && kinds.iter().all(|k| self.options.disabled.contains(k)) {
                continue;
            }
            proposed.clear();
            let current = doc.get_or_insert_with(|| match changed.take() {
                Some((parts, old, edits)) => Doc::after_edits(parts, &old, &edits, composer.text(), Some(&mut changes)),
                None => Doc::new(composer.text()),
            });
            let cx = Context { lexicon: &self.lexicon, vocab, batch, options: &self.options };
            stage.propose(current, &cx, &mut proposed);
            proposed.retain(|e| {
                !self.options.disabled.contains(&e.kind) && e.before != e.after && !self.options.touches_protected(e)
            });
            let (accepted, low): (Vec<Edit>, Vec<Edit>) = proposed.drain(..).partition(|e| {
                e.confidence >= self.options.min_confidence
                    && !crate::edit::Rule::find(&e.rule).is_some_and(|r| r.suggest_only)
            });
            if let Some(out) = suggestions.as_deref_mut() {
                out.extend(low.into_iter().map(|e| composer.lift(e)));
            }
            if !accepted.is_empty() {
                any = true;
                // The text changes: the next stage gets a new model of it. The composer applies
                // the edits that do not overlap an earlier one.
                let accepted = crate::edit::drop_overlaps(accepted);
                let spans = accepted.iter().map(|e| (e.span.clone(), e.after.len())).collect();
                let old = composer.text().to_string();
                let model = doc;
                changed = model.map(|d| (d.into_parts(), old, spans));
                composer.push(accepted);
                doc = None;
            }
        }
        carry.model = match doc {
            Some(d) => Some((d.into_parts(), composer.text().to_string(), Vec::new())),
            None => changed,
        };
        carry.counts = own.map(|v| (v, changes));
        any
    }
}

/// Builds a [`Cleaner`] over the standard pipeline: see [`Cleaner::builder`].
pub struct CleanerBuilder {
    lexicon: Lexicon,
    options: Options,
    channel: Option<std::sync::Arc<crate::channel::Channel>>,
}

impl CleanerBuilder {
    pub fn options(mut self, options: Options) -> CleanerBuilder {
        self.options = options;
        self
    }

    /// The OCR error model for corrections (default: the embedded one), owned
    /// (`Channel`) or shared between cleaners (`Arc<Channel>`).
    pub fn channel(mut self, channel: impl Into<std::sync::Arc<crate::channel::Channel>>) -> CleanerBuilder {
        self.channel = Some(channel.into());
        self
    }

    pub fn build(self) -> Cleaner {
        let mut cleaner = Cleaner { lexicon: self.lexicon, stages: default_stages(), options: self.options };
        if let Some(channel) = self.channel {
            let params = crate::correct::Params::default();
            cleaner.set_correct(crate::correct::Correct::with_shared_channel(channel, params));
        }
        cleaner
    }
}

/// The stages of the standard pipeline, in order.
pub fn default_stages() -> Vec<Box<dyn Stage>> {
    vec![Box::new(crate::layout::Furniture), Box::new(crate::dehyphen::Dehyphen), Box::new(crate::join::Join), Box::new(crate::layout::Reflow), Box::new(crate::columns::Columns), Box::new(crate::segment::Segment), Box::new(crate::marks::Marks), Box::new(crate::correct::Correct::default())]
}

/// The stages of [`default_stages`] that run before the one named `name` (all of them if
/// none is): what a stage sees, for measuring or testing it on its own
/// (`Cleaner::with_stages(lexicon, options, stages_before("columns"))`).
pub fn stages_before(name: &str) -> Vec<Box<dyn Stage>> {
    default_stages()
        .into_iter()
        .take_while(|s| s.name() != name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::EditKind;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[test]
    fn stages_before_stop_at_the_named_stage() {
        let names = |v: Vec<Box<dyn Stage>>| v.iter().map(|s| s.name()).collect::<Vec<_>>();
        let all = names(default_stages());
        let at = all.iter().position(|&n| n == "columns").expect("columns is a default stage");
        assert!(at > 0);
        assert_eq!(names(stages_before("columns")), all[..at]);
        assert_eq!(names(stages_before("no such stage")), all);
    }

    /// A stage that records that it ran and proposes one column edit.
    struct Probe(Arc<AtomicBool>);

    impl Stage for Probe {
        fn name(&self) -> &'static str {
            "probe"
        }
        fn kinds(&self) -> &'static [EditKind] {
            &[EditKind::Column]
        }
        fn propose(&self, doc: &Doc<'_>, _cx: &Context<'_>, out: &mut Vec<Edit>) {
            self.0.store(true, Ordering::Relaxed);
            out.push(Edit::new(doc.text, 0..1, "X", EditKind::Column, 0.9, "probe"));
        }
    }

    #[test]
    fn a_stage_whose_kinds_are_all_disabled_is_not_run() {
        let run = |disabled: Vec<EditKind>| {
            let ran = Arc::new(AtomicBool::new(false));
            let options = Options { disabled, ..Options::default() };
            let c = Cleaner::with_stages(Lexicon::empty(), options, vec![Box::new(Probe(ran.clone()))]);
            let text = c.clean("abc").text;
            (ran.load(Ordering::Relaxed), text)
        };
        assert_eq!(run(vec![]), (true, "Xbc".to_string()));
        assert_eq!(run(vec![EditKind::Column]), (false, "abc".to_string()));
    }
}
