//! What a stage of the pipeline is and what it may consult: the interface between the
//! pipeline (above) and the stages in `src/stages/` (below it, each unaware of the others).

use std::collections::HashSet;

use crate::doc::Doc;
use crate::edit::{Edit, EditKind};
use crate::lexicon::Lexicon;
use crate::lm::Lm;
use crate::tokens::Vocab;

/// What the stages may consult.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    /// Word counts of the current document (as the stage sees it).
    pub vocab: &'a Vocab,
    /// Word counts across the whole batch, when cleaning several documents together.
    pub batch: Option<&'a Vocab>,
    pub options: &'a Options,
}

impl<'a> Context<'a> {
    /// The language model of this document ([`Lm`]). Cost: three lexicon look-ups.
    pub(crate) fn lm(&self) -> Lm<'a> {
        Lm::from_parts(self.lexicon, self.vocab, self.batch)
    }
}

/// One step of the pipeline.
pub trait Stage: Send + Sync {
    /// A short name for reports and `--stages`.
    fn name(&self) -> &'static str;

    /// Appends proposed edits against the document's text (`doc.text`) to `out`. Edits may
    /// overlap; the earlier one in `out` wins.
    fn propose(&self, doc: &Doc<'_>, cx: &Context<'_>, out: &mut Vec<Edit>);

    /// The kinds of edit this stage proposes: when every one of them is disabled
    /// (`Options::disabled`), the stage is not run at all. Empty (the default) means
    /// "unknown": the stage always runs.
    fn kinds(&self) -> &'static [EditKind] {
        &[]
    }

    /// Whether the stage runs again in the rounds that make cleaning a fixed point (see
    /// [`crate::pipeline::Cleaner::clean_in_batch`]); true unless a stage says otherwise.
    fn reruns(&self) -> bool {
        true
    }
}

/// Cleaning options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Edits below this confidence are reported as suggestions, not applied.
    pub min_confidence: f32,
    /// Edit kinds to leave out entirely (neither applied nor suggested).
    pub disabled: Vec<EditKind>,
    /// Words never changed (lowercase): a project's names, words a reviewer rejected.
    /// Word-changing edits (correction, join, split) whose `before` contains one are dropped.
    pub protected: HashSet<String>,
    /// Search every unknown word in full rather than serving the likely misreadings from
    /// the misreading index ([`crate::misread`]) and searching the rest more cheaply: slower,
    /// for comparing quality.
    pub thorough: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { min_confidence: 0.5, disabled: Vec::new(), protected: HashSet::new(), thorough: false }
    }
}

impl Options {
    /// Whether `edit` would change a protected word.
    pub fn touches_protected(&self, edit: &Edit) -> bool {
        if self.protected.is_empty() || !matches!(edit.kind, EditKind::Correction | EditKind::Join | EditKind::Split) {
            return false;
        }
        crate::tokens::tokens(&edit.before).any(|t| {
            let (w, _) = t.core();
            !w.is_empty() && self.protected.contains(&w.to_lowercase())
        })
    }
}

