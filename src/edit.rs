//! The one list of edits.
//!
//! Every stage proposes [`Edit`]s against the text it was given. [`apply`] is the single
//! place where edits become text: it sorts them, rejects overlaps and tracks how each
//! replacement shifts later offsets. [`Composer`] chains stages: each stage sees the text
//! produced by the stages before it, and its edits are mapped back onto the original
//! input, merging with any earlier edit they touch, so the final list always describes
//! the input and applying it gives the cleaned text exactly.

use std::fmt;
use std::ops::Range;

/// What kind of repair an edit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EditKind {
    /// Page furniture removed: page numbers, running headers, stray marks, repeated words.
    Furniture,
    /// Line breaks inside a paragraph turned into spaces (running text).
    Reflow,
    /// A word broken at a line end rejoined ("con-\ntained" -> "contained").
    Dehyphen,
    /// A word split by a stray space or hyphen joined ("exa mination" -> "examination").
    Join,
    /// Run-together words separated ("soextensive" -> "so extensive").
    Split,
    /// Interleaved columns put back in order.
    Column,
    /// A misread word corrected against the lexicon ("tlie" -> "the").
    Correction,
}

impl EditKind {
    /// All kinds, in pipeline order.
    pub const ALL: [EditKind; 7] = [
        EditKind::Furniture,
        EditKind::Reflow,
        EditKind::Dehyphen,
        EditKind::Join,
        EditKind::Split,
        EditKind::Column,
        EditKind::Correction,
    ];

    /// The lowercase name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Furniture => "furniture",
            EditKind::Reflow => "reflow",
            EditKind::Dehyphen => "dehyphen",
            EditKind::Join => "join",
            EditKind::Split => "split",
            EditKind::Column => "column",
            EditKind::Correction => "correction",
        }
    }

    /// How much an edit of this kind changes the words; when edits merge, the combined edit
    /// takes the weightiest kind (a correction on a rejoined word is a correction).
    pub fn weight(self) -> u8 {
        match self {
            EditKind::Reflow => 0,
            EditKind::Dehyphen => 1,
            EditKind::Join | EditKind::Split => 2,
            EditKind::Furniture => 3,
            EditKind::Correction => 4,
            EditKind::Column => 5,
        }
    }

    /// Parses a name produced by [`EditKind::as_str`].
    pub fn parse(name: &str) -> Option<EditKind> {
        EditKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for EditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule of the standard pipeline: the id its edits carry in [`Edit::rule`] and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub summary: &'static str,
    /// Its edits are only ever suggested, whatever their confidence: rules whose precision
    /// on train/ and the dev sets (`tools/rule_report.py`, figures in docs/evaluation.md) is
    /// below 60%.
    pub suggest_only: bool,
}

impl Rule {
    /// The rule with id `id`, if the standard pipeline has one.
    pub fn find(id: &str) -> Option<&'static Rule> {
        RULES.iter().find(|r| r.id == id)
    }
}

/// Every rule the standard pipeline's stages apply, in pipeline order. Each has an example in
/// `tests/cases/<id>.in` that `tests/cases.rs` checks makes an edit with its id (except the
/// few listed there as hard to show in a short text).
pub const RULES: &[Rule] = &[
    Rule { id: "layout.maybe_header", summary: "a line that may be a running header (suggested)", suggest_only: false },
    Rule { id: "layout.furniture", summary: "page numbers, running headers and stray marks removed", suggest_only: false },
    Rule { id: "layout.page_break", summary: "a page or column break inside a sentence closed up", suggest_only: false },
    Rule { id: "layout.reflow", summary: "a line break inside a paragraph becomes a space", suggest_only: false },
    Rule { id: "layout.reflow_hyphen", summary: "a line break after a hyphen kept by dehyphen is closed up", suggest_only: false },
    Rule { id: "dehyphen.soft_hyphen", summary: "a soft hyphen (U+00AD) at a line end: the word rejoined", suggest_only: false },
    Rule { id: "dehyphen.join", summary: "a word broken at a line end rejoined", suggest_only: false },
    Rule { id: "dehyphen.compound", summary: "a compound broken at its hyphen: the hyphen kept", suggest_only: false },
    Rule { id: "join.soft_hyphen", summary: "a soft hyphen inside a word removed", suggest_only: false },
    Rule { id: "join.inner_hyphen", summary: "a hyphen inside a token that only makes a word without it", suggest_only: false },
    Rule { id: "join.spaced_hyphen", summary: "a word split at a hyphen and a space (\"circum- stances\")", suggest_only: true },
    Rule { id: "join.split_word", summary: "a word split by a stray space (\"exa mination\")", suggest_only: false },
    Rule { id: "columns.interleave", summary: "two interleaved columns put back in order", suggest_only: false },
    Rule { id: "columns.garbage", summary: "a phrase repeated over and over flagged (suggestion only)", suggest_only: false },
    Rule { id: "segment.run_together", summary: "run-together words separated (\"soextensive\")", suggest_only: false },
    Rule { id: "segment.apostrophe_for_space", summary: "an apostrophe read for the space between two words", suggest_only: false },
    Rule { id: "segment.glued_mark", summary: "a punctuation mark glued between two words gets its space", suggest_only: false },
    Rule { id: "marks.capital_glyph", summary: "a capital read for lowercase letters inside a word (\"shaU\")", suggest_only: false },
    Rule { id: "marks.et_cetera", summary: "\"Ac.\" read for \"&c.\"", suggest_only: false },
    Rule { id: "marks.sixpence", summary: "\"Gd.\" read for \"6d.\" beside an amount", suggest_only: false },
    Rule { id: "marks.shilling", summary: "\"Is.\" read for \"1s.\" beside an amount", suggest_only: false },
    Rule { id: "marks.vocative", summary: "the vocative \"O\" read as a zero", suggest_only: false },
    Rule { id: "marks.apostrophe", summary: "a misread apostrophe or elision (\"l'm\", \"Sidwell'a\")", suggest_only: false },
    Rule { id: "marks.exclamation", summary: "an exclamation mark read as \"1\", \"l\" or \"t\"", suggest_only: false },
    Rule { id: "correct.one_as_i", summary: "a lone \"1\" read for the pronoun \"I\"", suggest_only: false },
    Rule { id: "correct.run_together", summary: "a word run into a common word, read as the two words (one of them misread)", suggest_only: false },
    Rule { id: "correct.lone_letter", summary: "a lone letter amid words read for a short word", suggest_only: true },
    Rule { id: "correct.unreadable_letter", summary: "a \"#\" for a letter OCR could not make out", suggest_only: false },
    Rule { id: "correct.real_word", summary: "a lexicon word that its neighbours and the error model read as another", suggest_only: false },
    Rule { id: "correct.channel", summary: "an unknown word corrected by the OCR error model and context", suggest_only: false },
    Rule { id: "correct.number", summary: "letters read for the digits of a number or sum (\"lOd\", \"2s Cd\", \"29tli\")", suggest_only: false },
    Rule { id: "correct.digit_in_word", summary: "digits read for the letters of a word (\"6ome\", \"th9\")", suggest_only: false },
    Rule { id: "correct.name", summary: "an unknown capitalised word read as a name or place of the names layer", suggest_only: false },
    Rule { id: "correct.long_garble", summary: "a long unknown word misread in many places read as the lexicon word sharing most of its letters (\"cernmnnicaaw\")", suggest_only: false },
];

/// One proposed change to a text, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Byte span replaced, in the text the edit was proposed against.
    pub span: Range<usize>,
    /// The text in `span` (kept so reports and `apply` can check they agree with the input).
    pub before: String,
    /// The replacement.
    pub after: String,
    pub kind: EditKind,
    /// How sure the stage is, 0.0 to 1.0.
    pub confidence: f32,
    /// Why, in a few words a reviewer can check.
    pub reason: String,
    /// The id of the rule that made the edit (`stage.rule`, e.g. `"dehyphen.join"`,
    /// `"correct.channel"`); an edit merged from several lists theirs in pipeline order,
    /// joined by `+` (`"dehyphen.join+correct.channel"`). Precision per rule is counted from
    /// it (`tools/rule_report.py`).
    pub rule: String,
    /// Other replacements the stage considered, best first (corrections only).
    pub alternatives: Vec<String>,
}

impl Edit {
    /// An edit replacing `span` of `text` by `after`.
    pub fn new(
        text: &str,
        span: Range<usize>,
        after: impl Into<String>,
        kind: EditKind,
        confidence: f32,
        reason: impl Into<String>,
    ) -> Edit {
        Edit {
            before: text[span.clone()].to_string(),
            span,
            after: after.into(),
            kind,
            confidence,
            reason: reason.into(),
            rule: kind.as_str().to_string(),
            alternatives: Vec::new(),
        }
    }

    /// Names the rule that made the edit (builder style). Until it is called the rule is the
    /// bare kind name, which `tests/cases.rs` refuses for edits of the standard pipeline.
    pub fn with_rule(mut self, rule: &str) -> Edit {
        self.rule.clear();
        self.rule.push_str(rule);
        self
    }

    /// Adds alternatives (builder style).
    pub fn with_alternatives(mut self, alternatives: Vec<String>) -> Edit {
        self.alternatives = alternatives;
        self
    }

    /// Change in length this edit makes.
    fn delta(&self) -> isize {
        self.after.len() as isize - self.span.len() as isize
    }
}

/// Why a set of edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// Two edits touch the same bytes.
    Overlap { first: Range<usize>, second: Range<usize> },
    /// An edit lies outside the text or not on character boundaries.
    OutOfBounds(Range<usize>),
    /// An edit's `before` does not match the text under its span (a stale report).
    Mismatch { span: Range<usize>, expected: String, found: String },
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::Overlap { first, second } => write!(
                f,
                "edits overlap: bytes {}..{} and {}..{}",
                first.start, first.end, second.start, second.end
            ),
            ApplyError::OutOfBounds(r) => write!(f, "edit span {}..{} is outside the text", r.start, r.end),
            ApplyError::Mismatch { span, expected, found } => write!(
                f,
                "edit at bytes {}..{} expects {:?} but the text has {:?}",
                span.start, span.end, expected, found
            ),
        }
    }
}

impl std::error::Error for ApplyError {}

/// Sorts edits by position; insertions at the same point keep their given order.
pub fn sort(edits: &mut [Edit]) {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
}

/// Checks that the edits are in bounds, match the text and do not overlap.
/// `edits` must be sorted (see [`sort`]).
pub fn validate(text: &str, edits: &[Edit]) -> Result<(), ApplyError> {
    let mut prev: Option<&Edit> = None;
    for e in edits {
        let r = e.span.clone();
        if r.start > r.end || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return Err(ApplyError::OutOfBounds(r));
        }
        if text[r.clone()] != e.before {
            return Err(ApplyError::Mismatch { span: r.clone(), expected: e.before.clone(), found: text[r].to_string() });
        }
        if let Some(p) = prev {
            // Two insertions at one point are fine; anything sharing bytes is not.
            if r.start < p.span.end || (r.start == p.span.start && !r.is_empty() && !p.span.is_empty()) {
                return Err(ApplyError::Overlap { first: p.span.clone(), second: r });
            }
        }
        prev = Some(e);
    }
    Ok(())
}

/// Applies edits to `text`: sorts them, rejects overlaps and mismatches, and returns the new text.
///
/// Cost: one pass over the text plus sorting the edits.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, ApplyError> {
    let mut sorted = edits.to_vec();
    sort(&mut sorted);
    validate(text, &sorted)?;
    Ok(apply_sorted(text, &sorted))
}

/// Applies edits already sorted and validated.
fn apply_sorted(text: &str, edits: &[Edit]) -> String {
    let grow: isize = edits.iter().map(Edit::delta).sum();
    let mut out = String::with_capacity((text.len() as isize + grow.max(0)) as usize);
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.after);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Keeps the edits that do not overlap an edit kept before them, in the order given
/// (so put the edits you prefer first). Returns them sorted by position.
///
/// Cost: O(n log n): each edit is checked against its neighbours among the kept spans
/// (the kept non-empty spans never overlap, so the scan back stops at the first that ends
/// before the edit starts).
pub fn drop_overlaps(edits: Vec<Edit>) -> Vec<Edit> {
    // Edits already sorted and apart (a stage's own, or these after a first call) are kept
    // as they are: each ends where or before the next starts, and no two insertions share a
    // place.
    let apart = edits.windows(2).all(|w| {
        let (a, b) = (&w[0].span, &w[1].span);
        (a.start, a.end) <= (b.start, b.end) && a.end <= b.start && !(a.start == b.start && a.is_empty() == b.is_empty())
    });
    if apart {
        return edits;
    }
    let mut spans: std::collections::BTreeSet<(usize, usize)> = Default::default();
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        let (start, end) = (e.span.start, e.span.end);
        let mut clash = false;
        for &(ks, ke) in spans.range(..=(end, usize::MAX)).rev() {
            if (start < ke && ks < end) || (start == ks && (start == end) == (ks == ke)) {
                clash = true;
                break;
            }
            if ks < start && ke <= start {
                break;
            }
        }
        if !clash {
            spans.insert((start, end));
            kept.push(e);
        }
    }
    sort(&mut kept);
    kept
}

/// Chains stages over one input, keeping every edit expressed against the original input.
///
/// ```
/// use scanno::edit::{Composer, Edit, EditKind};
/// let mut c = Composer::new("con-\ntaincd here");
/// let t = c.text().to_string();
/// c.push(vec![Edit::new(&t, 0..11, "containcd", EditKind::Dehyphen, 0.99, "line-end break")]);
/// let t = c.text().to_string();
/// c.push(vec![Edit::new(&t, 0..9, "contained", EditKind::Correction, 0.9, "c/e confusion")]);
/// assert_eq!(c.text(), "contained here");
/// let edits = c.edits();
/// assert_eq!(edits.len(), 1);
/// assert_eq!(edits[0].before, "con-\ntaincd");
/// assert_eq!(edits[0].after, "contained");
/// assert_eq!(scanno::edit::apply("con-\ntaincd here", edits).unwrap(), "contained here");
/// ```
#[derive(Debug, Clone)]
pub struct Composer {
    input: String,
    current: String,
    /// Edits against `input`, sorted, non-overlapping; `current` is `input` with them applied.
    edits: Vec<Edit>,
    /// Where each edit's output starts in `current`.
    starts: Vec<usize>,
    /// `shifts[i]`: total length change of `edits[..i]`.
    shifts: Vec<isize>,
}

impl Composer {
    pub fn new(input: &str) -> Composer {
        Composer { input: input.to_string(), current: input.to_string(), edits: Vec::new(), starts: Vec::new(), shifts: vec![0] }
    }

    /// The original input.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The text after every edit pushed so far.
    pub fn text(&self) -> &str {
        &self.current
    }

    /// The edits so far, against the input, sorted by position.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    pub fn into_edits(self) -> Vec<Edit> {
        self.edits
    }

    /// Recomputes where each edit's output lies in the current text.
    fn reindex(&mut self) {
        self.starts.clear();
        self.shifts.clear();
        let mut shift: isize = 0;
        self.shifts.push(0);
        for e in &self.edits {
            self.starts.push((e.span.start as isize + shift) as usize);
            shift += e.delta();
            self.shifts.push(shift);
        }
    }

    /// Maps a span of the current text back to the input.
    ///
    /// Returns the input span, the current-text span widened to cover whole earlier edits
    /// it touches, and the indices of those edits (they are absorbed by the new edit).
    /// Cost: a binary search plus the edits touched.
    pub fn map_back(&self, span: Range<usize>) -> (Range<usize>, Range<usize>, Vec<usize>) {
        let starts = &self.starts;
        let end_of = |i: usize| starts[i] + self.edits[i].after.len();
        let (s, e) = (span.start, span.end);
        let mut touched = Vec::new();
        // The first edit whose output ends after `s`; outputs are disjoint and sorted, so
        // their ends are sorted too.
        let (mut lo, mut hi) = (0usize, self.edits.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if end_of(mid) <= s {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for i in lo..self.edits.len() {
            let (c, l) = (starts[i], self.edits[i].after.len());
            if c >= e {
                break;
            }
            let hit = if l > 0 { (c < e && s < c + l) || (s == e && c < s && s < c + l) } else { s < c && c < e };
            if hit {
                touched.push(i);
            }
        }
        let cs = touched.iter().map(|&i| starts[i]).fold(s, usize::min);
        let ce = touched.iter().map(|&i| end_of(i)).fold(e, usize::max);
        // An untouched deletion exactly at a boundary stays outside the span: the start maps
        // to after it, the end to before it (an empty span maps like a start).
        let to_input = |pos: usize, is_start: bool| -> usize {
            let (mut lo, mut hi) = (0usize, self.edits.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                let (c, l) = (starts[mid], self.edits[mid].after.len());
                let before = if l > 0 { c + l <= pos } else if is_start { c <= pos } else { c < pos };
                if before {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            (pos as isize - self.shifts[lo]) as usize
        };
        let first = touched.iter().find(|&&i| starts[i] == cs).map(|&i| self.edits[i].span.start);
        let last = touched.iter().rev().find(|&&i| end_of(i) == ce).map(|&i| self.edits[i].span.end);
        let in_start = first.unwrap_or_else(|| to_input(cs, true));
        let in_end = last.unwrap_or_else(|| to_input(ce, cs == ce));
        (in_start..in_end, cs..ce, touched)
    }

    /// Adds a stage's edits, proposed against [`Composer::text`]. Edits that overlap each
    /// other are dropped after the first (order = preference). Each edit is mapped back to
    /// the input; where it touches earlier edits it absorbs them (the combined edit keeps
    /// the new kind, both reasons and the lower confidence).
    pub fn push(&mut self, edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        let edits = drop_overlaps(edits);
        // Map each new edit back, then fuse those whose widened spans meet into clusters.
        let mut clusters: Vec<(Range<usize>, Range<usize>, Vec<usize>, Vec<Edit>)> = Vec::new();
        for e in edits {
            let (in_span, cur_span, touched) = self.map_back(e.span.clone());
            match clusters.last_mut() {
                Some(last) if !touched.is_empty() && last.2.iter().any(|i| touched.contains(i)) => {
                    last.0.end = last.0.end.max(in_span.end);
                    last.1.end = last.1.end.max(cur_span.end);
                    last.2.extend(touched);
                    last.3.push(e);
                }
                _ => clusters.push((in_span, cur_span, touched, vec![e])),
            }
        }
        let mut absorbed = vec![false; self.edits.len()];
        let mut merged: Vec<Edit> = Vec::with_capacity(clusters.len());
        for (in_span, cur_span, touched, news) in clusters {
            for &i in &touched {
                absorbed[i] = true;
            }
            merged.push(self.merge(in_span, cur_span, &touched, news));
        }
        let mut all: Vec<Edit> = std::mem::take(&mut self.edits)
            .into_iter()
            .zip(absorbed)
            .filter_map(|(e, gone)| (!gone).then_some(e))
            .collect();
        all.extend(merged);
        sort(&mut all);
        debug_assert!(validate(&self.input, &all).is_ok(), "composed edits must stay applicable");
        self.current = apply_sorted(&self.input, &all);
        self.edits = all;
        self.reindex();
    }

    /// Maps one edit against the current text back onto the input without applying it
    /// (for suggestions that are reported but not applied).
    pub fn lift(&self, edit: Edit) -> Edit {
        let (in_span, cur_span, touched) = self.map_back(edit.span.clone());
        self.merge(in_span, cur_span, &touched, vec![edit])
    }

    /// Builds the input-level edit for a cluster of new edits (sorted, non-overlapping)
    /// that together cover `cur_span` of the current text and absorb the `touched` edits.
    fn merge(&self, in_span: Range<usize>, cur_span: Range<usize>, touched: &[usize], news: Vec<Edit>) -> Edit {
        let mut after = String::new();
        let mut at = cur_span.start;
        for n in &news {
            after.push_str(&self.current[at..n.span.start]);
            after.push_str(&n.after);
            at = n.span.end;
        }
        after.push_str(&self.current[at..cur_span.end]);
        // Reasons in pipeline order: what earlier stages did, then this stage.
        let mut reasons: Vec<String> = Vec::with_capacity(touched.len() + news.len());
        let mut confidence = news.iter().map(|n| n.confidence).fold(1.0f32, f32::min);
        let mut kind = news.iter().map(|n| n.kind).max_by_key(|k| k.weight()).expect("a cluster has an edit");
        let mut seen = Vec::with_capacity(touched.len());
        let mut rules: Vec<&str> = Vec::with_capacity(touched.len() + news.len());
        for &i in touched {
            if !seen.contains(&i) {
                seen.push(i);
                let old = &self.edits[i];
                push_rules(&mut rules, &old.rule);
                if old.kind.weight() > kind.weight() {
                    kind = old.kind;
                }
                push_reason(&mut reasons, old.kind, &old.reason);
                confidence = confidence.min(old.confidence);
            }
        }
        // A lone new edit keeps its own reason: its reasons are not listed.
        let lone = seen.is_empty() && news.len() == 1;
        for n in &news {
            if !lone {
                push_reason(&mut reasons, n.kind, &n.reason);
            }
            push_rules(&mut rules, &n.rule);
        }
        let reason = if lone { news[0].reason.clone() } else { reasons.join("; ") };
        let rule = rules.join("+");
        let alternatives = news.into_iter().next().map(|n| n.alternatives).unwrap_or_default();
        Edit {
            before: self.input[in_span.clone()].to_string(),
            span: in_span,
            after,
            kind,
            confidence,
            reason,
            rule,
            alternatives,
        }
    }
}

/// Adds the rules of `rule` (one id, or ids joined by `+`) to a merged edit's, once each.
fn push_rules<'a>(rules: &mut Vec<&'a str>, rule: &'a str) {
    for r in rule.split('+') {
        if !rules.contains(&r) {
            rules.push(r);
        }
    }
}

/// Adds `reason` labelled with its kind to a merged edit's reasons, once: a reason that is
/// already a merged list keeps its labels, and repeats (many line joins) are listed once.
fn push_reason(reasons: &mut Vec<String>, kind: EditKind, reason: &str) {
    let labelled = EditKind::ALL
        .iter()
        .any(|k| reason.strip_prefix(k.as_str()).is_some_and(|r| r.starts_with(": ")));
    let item = if labelled { reason.to_string() } else { [kind.as_str(), ": ", reason].concat() };
    if !reasons.contains(&item) {
        reasons.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ed(text: &str, r: Range<usize>, after: &str) -> Edit {
        Edit::new(text, r, after, EditKind::Correction, 0.9, "test")
    }

    #[test]
    fn apply_replaces_in_order_whatever_the_given_order() {
        let t = "tlie cat witli hat";
        let out = apply(t, &[ed(t, 9..14, "with"), ed(t, 0..4, "the")]).unwrap();
        assert_eq!(out, "the cat with hat");
    }

    #[test]
    fn drop_overlaps_keeps_sorted_edits_that_are_apart_and_drops_the_rest() {
        let t = "abcdefgh";
        let spans = |es: &[Edit]| es.iter().map(|e| e.span.clone()).collect::<Vec<_>>();
        // Sorted and apart, an insertion where a replacement starts: all kept.
        let apart = vec![ed(t, 0..2, "x"), ed(t, 2..2, "y"), ed(t, 2..4, "z"), ed(t, 6..8, "w")];
        assert_eq!(spans(&drop_overlaps(apart)), [0..2, 2..2, 2..4, 6..8]);
        // Two insertions at one place, overlapping spans, or unsorted: the first kept wins.
        let two = vec![ed(t, 2..2, "x"), ed(t, 2..2, "y"), ed(t, 4..5, "z")];
        assert_eq!(spans(&drop_overlaps(two)), [2..2, 4..5]);
        let overlapping = vec![ed(t, 0..3, "x"), ed(t, 2..4, "y"), ed(t, 5..6, "z")];
        assert_eq!(spans(&drop_overlaps(overlapping)), [0..3, 5..6]);
        let unsorted = vec![ed(t, 4..6, "x"), ed(t, 0..2, "y"), ed(t, 1..5, "z")];
        assert_eq!(spans(&drop_overlaps(unsorted)), [0..2, 4..6]);
    }

    #[test]
    fn apply_rejects_overlaps_and_stale_edits() {
        let t = "abcdef";
        assert!(matches!(apply(t, &[ed(t, 0..3, "x"), ed(t, 2..4, "y")]), Err(ApplyError::Overlap { .. })));
        let mut stale = ed(t, 0..2, "z");
        stale.before = "zz".into();
        assert!(matches!(apply(t, &[stale]), Err(ApplyError::Mismatch { .. })));
        let oob = Edit { span: 4..9, ..ed(t, 0..1, "") };
        assert!(matches!(apply(t, &[oob]), Err(ApplyError::OutOfBounds(_))));
    }

    #[test]
    fn composer_maps_later_edits_back_to_the_input() {
        let input = "a b\nc d\n\n12\n\ne f";
        let mut c = Composer::new(input);
        let t = c.text().to_string();
        // Stage 1: drop the page number block and reflow the first line break.
        c.push(vec![ed(&t, 8..12, ""), ed(&t, 3..4, " ")]);
        assert_eq!(c.text(), "a b c d\n\ne f");
        let t = c.text().to_string();
        // Stage 2: correct "d" (after both earlier edits) and "e".
        c.push(vec![ed(&t, 6..7, "D"), ed(&t, 9..10, "E")]);
        assert_eq!(c.text(), "a b c D\n\nE f");
        assert_eq!(apply(input, c.edits()).unwrap(), c.text());
        // Every edit is against the input.
        for e in c.edits() {
            assert_eq!(&input[e.span.clone()], e.before);
        }
    }

    #[test]
    fn composer_merges_an_edit_on_top_of_an_earlier_one() {
        let input = "Rus-\nsian arc";
        let mut c = Composer::new(input);
        let t = c.text().to_string();
        c.push(vec![Edit::new(&t, 0..9, "Russian", EditKind::Dehyphen, 0.98, "break")]);
        let t = c.text().to_string();
        assert_eq!(t, "Russian arc");
        // A correction that covers part of the earlier edit's output.
        c.push(vec![ed(&t, 4..7, "IAN"), ed(&t, 8..11, "are")]);
        assert_eq!(c.text(), "RussIAN are");
        assert_eq!(c.edits().len(), 2);
        assert_eq!(c.edits()[0].before, "Rus-\nsian");
        assert_eq!(c.edits()[0].after, "RussIAN");
        assert!(c.edits()[0].reason.contains("dehyphen"));
        assert_eq!(apply(input, c.edits()).unwrap(), "RussIAN are");
    }

    /// Random stages of random edits: the composed list must always reproduce the text.
    #[test]
    fn composed_edits_always_reproduce_the_text() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = |n: usize| -> usize {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let pieces = ["a", "bc", " ", "\n", "é", "dé", "", "xyz"];
        for _ in 0..300 {
            let input: String = (0..rand(30) + 1).map(|_| "ab cd\nef gé hi ".chars().nth(rand(15)).unwrap()).collect();
            let mut c = Composer::new(&input);
            for _ in 0..4 {
                let t = c.text().to_string();
                let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
                let mut edits = Vec::new();
                for _ in 0..rand(5) {
                    let a = bounds[rand(bounds.len())];
                    let b = bounds[rand(bounds.len())];
                    let (a, b) = (a.min(b), a.max(b));
                    edits.push(Edit::new(&t, a..b, pieces[rand(pieces.len())], EditKind::Correction, 0.9, "r"));
                }
                let expected = apply(&t, &drop_overlaps(edits.clone())).unwrap();
                c.push(edits);
                assert_eq!(c.text(), expected);
                assert_eq!(apply(&input, c.edits()).unwrap(), expected, "input {input:?}");
            }
        }
    }

    #[test]
    fn drop_overlaps_keeps_what_a_pairwise_check_keeps() {
        // The pairwise definition: an edit is kept when it clashes with no edit kept before.
        fn pairwise(edits: &[Edit]) -> Vec<Range<usize>> {
            let mut kept: Vec<Range<usize>> = Vec::new();
            for e in edits {
                let (s, t) = (e.span.start, e.span.end);
                if !kept.iter().any(|k| (s < k.end && k.start < t) || (s == k.start && (s == t) == k.is_empty())) {
                    kept.push(e.span.clone());
                }
            }
            kept.sort_by_key(|k| (k.start, k.end));
            kept
        }
        let mut rand = crate::test_support::xorshift(0x9e37_79b9_7f4a_7c15u64);
        let text = "x".repeat(40);
        for _ in 0..500 {
            let edits: Vec<Edit> = (0..rand(30))
                .map(|_| {
                    let a = rand(41);
                    let b = (a + rand(4)).min(40);
                    Edit::new(&text, a..b, "y", EditKind::Correction, 0.9, "r")
                })
                .collect();
            let mut got: Vec<Range<usize>> = drop_overlaps(edits.clone()).into_iter().map(|e| e.span).collect();
            got.sort_by_key(|k| (k.start, k.end));
            assert_eq!(got, pairwise(&edits));
        }
    }

    #[test]
    fn composer_handles_edits_next_to_deletions() {
        let input = "x  y z";
        let mut c = Composer::new(input);
        let t = c.text().to_string();
        c.push(vec![ed(&t, 1..2, "")]);
        let t = c.text().to_string();
        assert_eq!(t, "x y z");
        c.push(vec![ed(&t, 0..1, "X"), ed(&t, 2..3, "Y")]);
        assert_eq!(c.text(), "X Y z");
        assert_eq!(apply(input, c.edits()).unwrap(), "X Y z");
    }
}
