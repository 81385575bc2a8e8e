//! Interleaved newspaper columns: detect passages where OCR read across two columns, and
//! put each column back in order.
//!
//! When a page is zoned badly, the flat text alternates between two columns every line or
//! two ("…foreign workers to Soviet | in other countries who are disgusted | Russia would
//! mean no support but | …"). [`Columns`] finds such passages from the text alone and
//! proposes ONE [`EditKind::Column`] edit per passage: column A's text, a paragraph break,
//! column B's text, with each column's own broken words rejoined ("reconstruc" … "tion").
//!
//! Where: the full search below is costly, so it only runs in candidate windows: around two
//! or more word fragments that make a word when joined across 3–28 words ("circum-Russia …
//! stances", "oc- … cupy"); near those, tokens OCR glued across the column gap count too
//! ("encourthe" … "aged", "ocwere" … "cupy"), and windows a few dozen words apart merge, so
//! one passage covers the whole interleaved article. Ordinary single-column text has almost
//! no such fragments and costs one cheap pass.
//!
//! How: within a window, the text is cut into word segments of about one column line (15–55
//! characters; a short last line of a paragraph is allowed at a cost; a column may give up
//! to three lines in a row). A dynamic programme over segment boundaries chooses, for each
//! segment, whether it continues the stream it follows or the other stream, scoring each
//! join by how well its words go together (word-pair counts from [`Lexicon::pair`], sentence
//! ends and capitals, and above all word fragments that only make a word when joined across
//! the other column's lines). OCR specks ("¦", "•") ride with the word before them. A
//! passage must rejoin at least two broken words and beat the original order by a clear
//! margin over several switches; it is applied when broken words pin the reading down (four
//! or more, on one switch in ten), and otherwise proposed with a low confidence (a suggestion).
//!
//! Not done: passages with fewer than two broken words, such as most of a bad zoning of
//! two runs of column lines whose line ends lost their hyphens. Measured on the development
//! sets with [`best_readings`] (`examples/columns_eval.rs --readings`), word pairs cannot
//! tell such a passage from ordinary prose, nor read it right:
//! - the best two-column reading gains about as much over the as-read order on single-column
//!   newspaper prose (overproof-ca OCR and ground truth: 2.6 per switch, 51–56 per 1,000
//!   bytes) as on interleaved columns of the same papers (interleave-ca: 2.7 and 62); on
//!   icdar2017-en, 1.8 per switch;
//! - the true column order of interleave-ca gains only 3–57 per article (about 1.6 per
//!   junction): most junctions follow a rare or misread word, after which word pairs say
//!   nothing;
//! - applying every best reading lowers the share of ground-truth word pairs (interleave-ca
//!   0.622 → 0.602; a perfect column order would give 0.684, 0.83 after the later stages).
//!
//! Tighter line widths (justified column lines keep within three characters of their
//! column's width about 70% of the time) and charging a rare word after a full stop its
//! rarity leave readings in only 1–3 of 40 prose texts, but lift the interleaved ones only
//! from 0.622 to 0.626. Such passages are therefore neither applied nor suggested. The line
//! ends of the OCR would pin the segments down, but this stage runs after
//! [`crate::layout::Reflow`] and sees none.
//!
//! Even given the true line breaks, the row reading ([`rows::read`]) reads interleave-ca only
//! to a column order of 0.79, and the flat reading of the same model ([`rows::read_flat`]) no
//! better than the text as read (figures and commands in `docs/columns.md`): word pairs
//! cannot tell which column most lines continue. Anchoring that reading on recurring content
//! words ([`rows::read_anchored`]) gains on held-out synthetic interleavings but not on
//! interleave-ca, so it is not used here either.
//!
//! [`garbage_regions`] flags OCR garbage (phrases repeated over and over) without rewriting it.

use std::borrow::Cow;
use std::ops::Range;

use crate::edit::{Edit, EditKind};
use crate::lexicon::Lexicon;
use crate::stage::{Context, Stage};
use crate::doc::Doc;
use crate::tokens::{core_range, lowercase, Vocab};

pub mod rows;
pub use rows::{FlatReading, RowParams};

/// The column stage: restores interleaved two-column passages.
pub struct Columns;

impl Stage for Columns {
    fn kinds(&self) -> &'static [crate::edit::EditKind] {
        &[crate::edit::EditKind::Column]
    }

    fn name(&self) -> &'static str {
        "columns"
    }

    /// Passages are put in order once: the later rounds are for words, and rearranged
    /// text, searched again, costs the most of any stage (a page of broken lines: 3x).
    fn reruns(&self) -> bool {
        false
    }

    /// Cost: on ordinary text one pass over the words with a lexicon lookup per rare word
    /// (about 10 MB/s on icdar2017-en, one core, garbage scan included). In a candidate
    /// window, about 1 ms per 100 words (32 pair lookups per word, then 22 dynamic
    /// programmes over column widths).
    fn propose(&self, doc: &Doc<'_>, cx: &Context<'_>, out: &mut Vec<Edit>) {
        // The flat readings ([`rows::read_flat`], [`rows::read_anchored`]) are not used
        // here: the detection figure does not separate interleaved from single-column text
        // at no cost to prose, and the readings do not beat the text as read on
        // interleave-ca (docs/columns.md).
        let text = doc.text;
        let passages = passages_in(doc, cx.lexicon, cx.vocab);
        for g in garbage_in(doc) {
            if passages
                .iter()
                .any(|p| p.span.start < g.end && g.start < p.span.end)
            {
                continue;
            }
            // Flagged for review only: the pipeline drops edits that change nothing, so the
            // flag is a suggestion to delete the region, at a confidence no threshold in use
            // reaches.
            out.push(Edit::new(
                text,
                g,
                String::new(),
                EditKind::Column,
                GARBAGE_CONFIDENCE,
                "OCR garbage: the same phrase repeated over and over; check against the page (suggestion only)"
                    .to_string(),
            )
            .with_rule("columns.garbage"));
        }
        for p in passages {
            let reason = passage_reason(&p, cx.options.min_confidence);
            out.push(Edit::new(
                text,
                p.span,
                p.rearranged,
                EditKind::Column,
                p.confidence,
                reason,
            )
            .with_rule("columns.interleave"));
        }
    }
}

/// The reason given for a passage's edit: what was found, and, below the threshold `min`,
/// that it is a suspected passage whose proposed reading needs checking against the page.
fn passage_reason(p: &Passage, min: f32) -> String {
    let what = format!(
        "{} lines of two interleaved columns put back in order ({} switches, {} broken words rejoined, score {:.1})",
        p.segments, p.switches, p.fragments, p.gain
    );
    if p.confidence < min {
        format!(
            "suspected: {what}; the proposed reading is not pinned down by broken words, check it against the page"
        )
    } else {
        what
    }
}

/// Confidence of a garbage flag: reported, never applied at any sensible threshold.
pub const GARBAGE_CONFIDENCE: f32 = 0.01;

/// An interleaved passage found by [`find_passages`].
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Byte span of the passage in the text.
    pub span: Range<usize>,
    /// Column A, a paragraph break, column B.
    pub rearranged: String,
    /// 0.0–1.0; below the pipeline's threshold the passage is only suggested.
    pub confidence: f32,
    /// Number of segments (column lines) in the passage.
    pub segments: usize,
    /// Number of times the reading switches column.
    pub switches: usize,
    /// Word fragments rejoined across a switch.
    pub fragments: usize,
    /// Log-likelihood gain of the column reading over the original order.
    pub gain: f32,
}

// ---------------------------------------------------------------------------------------
// Words

/// A word of the text (a whitespace token, or one half of a token that OCR glued across a
/// column boundary, as in "reconstrucfreedom").
#[derive(Debug, Clone)]
struct Word<'t> {
    /// Byte span in the text.
    start: usize,
    end: usize,
    /// Lowercase core (punctuation trimmed), borrowed from the text when it already is.
    key: Cow<'t, str>,
    /// The core ends the token (no trailing punctuation) and is alphabetic: could be the
    /// first part of a broken word.
    open: bool,
    /// The token ends with a hyphen: "circum-".
    hyphen: bool,
    /// The token ends a sentence.
    stop: bool,
    /// The core starts with a lowercase letter.
    lower: bool,
    /// The core starts with an uppercase letter.
    upper: bool,
    /// A single newline (a kept line of a list or verse) precedes the word.
    hard_before: bool,
    /// A blank line precedes the word.
    para_before: bool,
    /// One half of a token cut in two ([`split_glued`]): not cut again.
    half: bool,
    /// The first half of such a token: the cut was made because it completes a fragment
    /// further on, so that fragment may be short ("oc|were" … "cupy").
    glued_head: bool,
}

impl Word<'_> {
    /// The key up to its first hyphen: a second half may run on into a dash or hyphen
    /// ("tsia-by" completes "intelligen").
    fn head(&self) -> &str {
        self.key.split('-').next().unwrap_or("")
    }
}

fn make_word(
    text: &str,
    start: usize,
    end: usize,
    hard_before: bool,
    para_before: bool,
) -> Word<'_> {
    let tok = &text[start..end];
    let r = core_range(tok);
    let core = &tok[r.clone()];
    let tail = &tok[r.end..];
    let hyphen = tail.starts_with(crate::tokens::BREAK_MARKS);
    let last_alpha = core.chars().last().is_some_and(char::is_alphabetic);
    let stop = crate::doc::ends_sentence(tok) && !hyphen;
    let first = core.chars().next();
    Word {
        start,
        end,
        key: lowercase(core),
        open: last_alpha && (tail.is_empty() || hyphen),
        hyphen,
        stop,
        lower: first.is_some_and(char::is_lowercase),
        upper: first.is_some_and(char::is_uppercase),
        hard_before,
        para_before,
        half: false,
        glued_head: false,
    }
}

/// Splits `text` into words, cutting tokens that OCR glued across a column boundary when the
/// first half completes with a fragment a little further on.
#[cfg(test)]
fn words<'t>(text: &'t str, lex: &Lexicon, vocab: &Vocab) -> Vec<Word<'t>> {
    split_glued(text, plain_words(&Doc::new(text)), &Words::new(lex, vocab))
}

/// The tokens of `doc` as words. Cost: one pass, one small allocation per word,
/// no lexicon lookups.
fn plain_words<'t>(doc: &Doc<'t>) -> Vec<Word<'t>> {
    let text = doc.text;
    let mut out: Vec<Word> = Vec::with_capacity(doc.tokens.len());
    let mut prev_end = 0;
    for t in &doc.tokens {
        let gap = &text[prev_end..t.start];
        let nl = gap.bytes().filter(|&b| b == b'\n').count();
        // OCR specks ("¦", "•", "}") and lone dashes belong to the word before: they take no
        // part in joins, and move with it.
        if nl == 0 && t.core().0.is_empty() {
            if let Some(last) = out.last_mut() {
                last.end = t.end();
                prev_end = t.end();
                continue;
            }
        }
        out.push(make_word(
            text,
            t.start,
            t.end(),
            nl == 1 && prev_end > 0,
            nl >= 2,
        ));
        prev_end = t.end();
    }
    out
}

/// Cuts the tokens of `out` that OCR glued across a column boundary ("reconstrucfreedom").
/// Cost: a few lexicon lookups per rare non-word of five letters or more; run on candidate
/// windows only.
fn split_glued<'t>(text: &'t str, mut out: Vec<Word<'t>>, w: &Words<'_>) -> Vec<Word<'t>> {
    let mut i = 0;
    while i < out.len() {
        let gc = w.glued_cut(text, &out, i);
        if let Some(cut) = gc {
            let (s, e) = (out[i].start, out[i].end);
            let mut a = make_word(text, s, cut, out[i].hard_before, out[i].para_before);
            let mut b = make_word(text, cut, e, false, false);
            (a.half, b.half, a.glued_head) = (true, true, true);
            out.splice(i..=i, [a, b]);
            i += 1;
        }
        i += 1;
    }
    out
}

/// Farthest (in words) a broken word's second half may follow its first half.
const FRAGMENT_REACH: usize = 28;
/// Words of context kept around the broken words that open a candidate window.
const WINDOW_MARGIN: usize = 40;
/// Most words one candidate window may hold: the search keeps about 1.6 KB per word, so
/// windows merged without bound over a 16 MB piece dense with fragments would hold gigabytes
/// (measured in `docs/columns.md`). Chosen a
/// priori: two interleaved columns of a full broadsheet page are about 2,500 words (some 150
/// lines of 8 words each, twice), so a real passage fits; a longer one is searched in pieces.
const MAX_WINDOW: usize = 3_000;

/// Word ranges worth the full search: around each pair of word fragments that make a word
/// when joined across 3–28 words ("reconstruc" … "tion"). Ordinary prose has almost none.
/// Near such a pair, words that OCR glued across the column boundary ("encourthe" … "aged")
/// count too.
///
/// Cost: a hash lookup per word; a lexicon lookup per rare open non-word, and up to
/// [`FRAGMENT_REACH`] more for each such word (about 0.1–0.3 µs per word of OCR text); near a
/// broken word, a few dozen more per rare non-word of five letters or more.
fn candidate_windows(text: &str, ws: &[Word], w: &Words<'_>) -> Vec<Range<usize>> {
    let n = ws.len();
    // (first half, second half) word indices.
    let mut seeds: Vec<(usize, usize)> = (0..n)
        .filter_map(|i| plain_seed(ws, i, w).map(|k| (i, k)))
        .collect();
    // Glued words near the broken words found: a worklist, so a chain of them extends.
    let mut checked = vec![false; n];
    let mut todo: Vec<usize> = seeds.iter().map(|&(i, _)| i).collect();
    while let Some(c) = todo.pop() {
        for i in c.saturating_sub(2 * WINDOW_MARGIN)..n.min(c + 2 * WINDOW_MARGIN + 1) {
            if std::mem::replace(&mut checked[i], true) || !ws[i].open {
                continue;
            }
            if w.glued_cut(text, ws, i).is_some() && !seeds.iter().any(|&(j, _)| j == i) {
                seeds.push((i, i + 1));
                todo.push(i);
            }
        }
    }
    seeds.sort_unstable();
    // (window, broken words in it)
    let mut windows: Vec<(Range<usize>, usize)> = Vec::new();
    for (i, k) in seeds {
        let r = i.saturating_sub(WINDOW_MARGIN)..n.min(k + WINDOW_MARGIN + 1);
        match windows.last_mut() {
            // Windows a few words apart are one passage with a stretch of weak evidence, up
            // to a bound that keeps the search's memory in check on text dense with fragments.
            Some((last, seeds))
                if r.start <= last.end + WINDOW_MARGIN && r.end - last.start <= MAX_WINDOW =>
            {
                last.end = last.end.max(r.end);
                *seeds += 1;
            }
            _ => windows.push((r, 1)),
        }
    }
    // One broken word alone turns up in ordinary OCR text (a split "con tained"); a passage
    // needs two.
    windows
        .into_iter()
        .filter(|(_, seeds)| *seeds >= MIN_SEEDS)
        .map(|(r, _)| r)
        .collect()
}

/// If word `i` is the first half of a broken word whose second half follows 3–28 words on,
/// the index of that second half.
fn plain_seed(ws: &[Word], i: usize, w: &Words<'_>) -> Option<usize> {
    let n = ws.len();
    let a = &ws[i];
    if a.key.len() < 2 || !(a.open || a.key.contains('-')) {
        return None;
    }
    // The first half: the whole word, or its part before a hyphen where OCR glued a
    // broken word to the other column's next word ("circum-Russia").
    let (head, hyphen) = match a.key.split_once('-') {
        None if a.hyphen => (&*a.key, true),
        None if a.key.len() >= 3 && w.vocab.count(&a.key) <= 2 && !w.is_word(&a.key) => {
            (&*a.key, false)
        }
        Some((h, rest))
            if h.len() >= 2
                && !rest.contains('-')
                && h.chars().all(char::is_alphabetic)
                && !w.is_word(h) =>
        {
            (h, true)
        }
        _ => return None,
    };
    let from = n.min(i + 3);
    ws[from..n.min(i + FRAGMENT_REACH + 1)]
        .iter()
        .position(|b| seed_join(w, head, hyphen, b))
        .map(|k| from + k)
}

/// Broken words a candidate window needs.
const MIN_SEEDS: usize = 2;

/// Whether `head` (a word's first half, `hyphen` if it ended in one) and word `b` make a
/// word: like [`Words::fragment_join`], but stricter, for opening windows: a second half after
/// an unhyphenated first half is not a short function word, and the word made is at least six
/// letters long.
fn seed_join(w: &Words<'_>, head: &str, hyphen: bool, b: &Word) -> bool {
    if !b.lower
        || b.key.len() < 2
        || head.len() + b.key.len() < 6
        || (!hyphen && b.key.len() < 3)
        || !b.key.chars().all(char::is_alphabetic)
    {
        return false;
    }
    let mut joined = String::with_capacity(head.len() + b.key.len());
    joined.push_str(head);
    joined.push_str(&b.key);
    w.joined_is_word(&joined) && (hyphen || !w.is_word(head) || !w.is_word(&b.key))
}

/// Word knowledge: the lexicon and the document's own vocabulary.
struct Words<'a> {
    lex: &'a Lexicon,
    vocab: &'a Vocab,
    /// A common word is at least this frequent: one ten-thousandth of "the".
    common_floor: u64,
}

impl<'a> Words<'a> {
    fn new(lex: &'a Lexicon, vocab: &'a Vocab) -> Words<'a> {
        Words {
            lex,
            vocab,
            common_floor: lex.freq("the") / 10_000,
        }
    }

    fn is_word(&self, key: &str) -> bool {
        key.chars().any(char::is_numeric) || self.lex.contains(key)
    }

    /// Whether `a` and `b` may be the two halves of one broken word (their join being a
    /// word): without a hyphen, a common word is not the first half of another ("no" …
    /// "tion"), nor is a word followed by a common word ("be" … "long").
    fn halves_ok(&self, a: &str, b: &str, hyphen: bool) -> bool {
        if hyphen {
            return true;
        }
        // A long second half that is no word itself completes even a common first half
        // ("in" … "dustries"); a short one may be anything ("no" … "tion").
        let fragment = b.len() >= 6 && !self.is_word(b) && self.vocab.count(b) <= 1;
        fragment || !(self.common(a) || (self.is_word(a) && self.common(b)))
    }

    /// Like [`Words::halves_ok`] for the head of a glued token ("ocwere" … "cupy"), which
    /// is no word as it stands: a common head will do when the word made is six letters or
    /// more, and the second half is not a common word after a word.
    fn glued_halves_ok(&self, a: &str, b: &str) -> bool {
        (!self.is_word(a) || !self.common(b)) && (a.len() + b.len() >= 6 || !self.common(a))
    }

    /// Whether `key` is a common word (more frequent than about one in 20,000 words).
    fn common(&self, key: &str) -> bool {
        self.lex.freq(key) > self.common_floor
    }

    /// Whether `joined` (a word made by rejoining two fragments) is a word: in the lexicon,
    /// or elsewhere in the document; a hyphenated form when each part is.
    fn joined_is_word(&self, joined: &str) -> bool {
        if joined.contains('-') {
            return joined
                .split('-')
                .all(|p| p.len() >= 2 && self.lex.contains(p));
        }
        joined.len() >= 4 && (self.lex.contains(joined) || self.vocab.count(joined) >= 1)
    }

    /// How common a rejoined word is: its lexicon count, for a hyphenated form the count of
    /// its rarest part; at least 1 when the document has it.
    fn joined_freq(&self, joined: &str) -> u64 {
        if !self.joined_is_word(joined) {
            return 0;
        }
        let f = if joined.contains('-') {
            joined
                .split('-')
                .map(|p| self.lex.freq(p))
                .min()
                .unwrap_or(0)
        } else {
            self.lex.freq(joined)
        };
        f.max(1)
    }

    /// The word made by rejoining `a` (open at its end) and `b`, if they are two halves of
    /// one broken word: "reconstruc"+"tion", "circum-"+"stances", "self-evi"+"dent".
    fn fragment_join(&self, a: &Word, b: &Word) -> Option<String> {
        let b_key = b.head();
        if !a.open
            || !b.lower
            || a.key.len() < 2
            || b_key.len() < 2
            || !b_key.chars().all(char::is_alphabetic)
        {
            return None;
        }
        let mut joined = String::with_capacity(a.key.len() + b_key.len());
        joined.push_str(&a.key);
        joined.push_str(b_key);
        if self.joined_is_word(&joined) {
            // Without a hyphen, a common word is not half of another ("no" … "tion").
            let ok = self.halves_ok(&a.key, b_key, a.hyphen)
                || (a.glued_head && self.glued_halves_ok(&a.key, b_key));
            return ok.then_some(joined);
        }
        if a.hyphen {
            joined.insert(a.key.len(), '-');
            if self.vocab.count(&joined) >= 1 && self.is_word(b_key) {
                return Some(joined);
            }
        }
        None
    }

    /// Where to cut word `i` if it is two words glued across a column boundary: its end is
    /// a word, and its start completes with a fragment 1–30 words on ("encourthe" …
    /// "aged"). Of several cuts, the one making the commonest word wins. A word that itself
    /// completes an open word before it ("dustries" after "in") is a fragment, not a glue.
    fn glued_cut(&self, text: &str, ws: &[Word], i: usize) -> Option<usize> {
        let w = &ws[i];
        let tok = &text[w.start..w.end];
        if w.half || w.key.len() < 5 || self.lex.contains(&w.key) || self.vocab.count(&w.key) > 1 {
            return None;
        }
        let r = core_range(tok);
        let core = &tok[r.clone()];
        if !core.chars().all(|c| c.is_alphabetic() || c == '-') {
            return None;
        }
        // A compound whose last part is a word ("Turnpike-road", "north-east") is no glue;
        // "circum-Russia" and "self-eviorder" are.
        if let Some((first, last)) = w.key.rsplit_once('-') {
            let before = first.rsplit('-').next().unwrap_or(first);
            if self.is_word(last)
                && self.is_word(before)
                && (self.lex.pair(before, last) > 0 || self.lex.contains(&w.key.replace('-', "")))
            {
                return None;
            }
        }
        if !w.key.contains('-')
            && ws[i.saturating_sub(30)..i]
                .iter()
                .any(|a| a.open && self.fragment_join(a, w).is_some())
        {
            return None;
        }
        let mut best: Option<((u64, u64), usize)> = None;
        for (k, _) in core.char_indices().skip(2) {
            let (p, q) = core.split_at(k);
            // "circum-Russia": cut after the hyphen, never before it.
            if !q.starts_with(char::is_alphabetic) || q.len() < 2 {
                continue;
            }
            let hyphen = p.ends_with('-');
            let p_key = p.to_lowercase();
            let p_key = p_key.trim_end_matches('-');
            // "suffer-b|ut": a part after a hyphen is not one letter.
            if p_key.rsplit('-').next().map_or(true, |last| last.len() < 2) {
                continue;
            }
            // Only a head that starts some word can be the first half of one (one fst walk,
            // which spares the look-ups below for most cuts of an OCR misreading).
            let last = p_key.rsplit('-').next().unwrap_or(p_key);
            if !hyphen && !self.lex.has_prefix(last.as_bytes()) {
                continue;
            }
            let qf = self.lex.freq(&q.to_lowercase());
            if qf == 0 {
                continue;
            }
            let made = ws[i + 1..ws.len().min(i + 31)]
                .iter()
                .filter(|f| {
                    let f_key = f.head();
                    f.lower
                        && f_key.len() >= 2
                        && f_key.chars().all(char::is_alphabetic)
                        && (hyphen || self.glued_halves_ok(p_key, f_key))
                })
                .map(|f| {
                    let mut joined = String::with_capacity(p_key.len() + f.key.len());
                    joined.push_str(p_key);
                    joined.push_str(f.head());
                    if joined == w.key {
                        0
                    } else {
                        self.joined_freq(&joined)
                    }
                })
                .max()
                .unwrap_or(0);
            if made == 0 {
                continue;
            }
            let score = (made, qf);
            if best.map_or(true, |(f, _)| score > f) {
                best = Some((score, w.start + r.start + k));
            }
        }
        best.map(|(_, cut)| cut)
    }
}

// ---------------------------------------------------------------------------------------
// Scoring joins

/// Log-probability-like scores for "word b follows word a", from the lexicon.
struct Scorer<'a> {
    words: Words<'a>,
    /// Pair counts on the word-count scale.
    lm: crate::lm::Lm<'a>,
    /// Count standing in for an unseen pair (about the cut-off of the pair list).
    unseen: f64,
    /// Smoothing added to word counts.
    smooth: f64,
    total: f64,
}

const FRAGMENT_SCORE: f32 = -0.3;

const START_CAP: f64 = 0.08;

impl<'a> Scorer<'a> {
    fn new(lex: &'a Lexicon, vocab: &'a Vocab) -> Scorer<'a> {
        let the = lex.freq("the").max(1) as f64;
        Scorer {
            words: Words::new(lex, vocab),
            lm: crate::lm::Lm::from_parts(lex, vocab, None),
            unseen: the * 1e-5,
            smooth: the * 1e-4,
            total: (lex.total().max(1) as f64).max(the * 20.0),
        }
    }

    fn unigram(&self, b: &Word) -> f64 {
        (self.words.lex.freq(&b.key) as f64 + self.unseen) / self.total
    }

    /// Score of `b` starting a stream with nothing before it.
    fn start(&self, b: &Word) -> f32 {
        (0.4 * self.unigram(b)).ln() as f32
    }

    /// Score of `b` following `a`, and whether the pair is a rejoined fragment.
    fn join(&self, a: &Word, b: &Word) -> (f32, bool) {
        if self.words.fragment_join(a, b).is_some() {
            return (FRAGMENT_SCORE, true);
        }
        let p = if a.stop {
            // A sentence ends: the next word starts one, usually with a capital.
            if b.upper {
                START_CAP
            } else if b.lower {
                0.002
            } else {
                0.02
            }
        } else {
            let fa = self.words.lex.freq(&a.key) as f64;
            let c = self.lm.pair_count(&a.key, &b.key);
            let backoff = (0.4 * self.unigram(b)).min(self.unseen / (fa + self.smooth));
            let mut p = if c > 0.0 {
                (c / (fa + self.unseen)).min(1.0).max(backoff)
            } else {
                backoff
            };
            if b.upper
                && !a.key.is_empty()
                && self.words.common(&b.key)
                && !self.words.lex.is_name(&b.key)
            {
                // A common word with a capital ("The", "This") starts a sentence; mid-sentence
                // it is rare.
                p *= 0.1;
            }
            if a.hyphen {
                // A line-end hyphen that does not make a word with what follows.
                p *= 0.02;
            } else if a.open
                && !a.key.is_empty()
                && !self.words.is_word(&a.key)
                && b.lower
                && !self.words.is_word(&b.key)
            {
                // Two non-words in a row that do not make one either.
                p *= 0.3;
            }
            p
        };
        (p.ln() as f32, false)
    }
}

// ---------------------------------------------------------------------------------------
// The dynamic programme

/// Most words a current run (up to three column lines of one stream) may hold.
const MAX_BACK: usize = 32;
/// Column widths tried, in bytes of OCR text per line: both columns alike, then each its own.
const EQUAL_WIDTHS: [usize; 6] = [26, 30, 34, 38, 42, 47];
const PAIR_WIDTHS: [usize; 8] = [26, 29, 32, 35, 38, 41, 44, 48];
/// Cost of a switch between streams, and of a column giving two lines in a row.
const SWITCH_COST: f32 = 0.3;
const CONTINUE_COST: f32 = 1.5;
/// Cost of a line a little short of, or longer than, its column's width.
const NARROW_COST: f32 = 2.0;
const LONG_COST: f32 = 3.0;
/// Cost per byte a full line is off its column's width.
const DEVIATION_COST: f32 = 0.15;
/// Cost of a line well short of its column's width: the last line of a paragraph (ending a
/// sentence), or anything else.
const SHORT_STOP_COST: f32 = 2.0;
const SHORT_COST: f32 = 4.0;
/// Cost of opening a passage.
const OPEN_COST: f32 = 10.0;
/// A passage needs at least this many switches and this total gain to be proposed.
const MIN_SWITCHES: usize = 4;
const MIN_GAIN: f32 = 12.0;
/// Broken words a passage must rejoin across its switches to be reported at all: word-pair
/// gains alone turn up in ordinary prose, and one broken word in OCR text too.
const MIN_FRAGMENTS: usize = 2;
/// Confidence given to a passage whose column reading is not pinned down by broken words:
/// below the pipeline's default threshold, so it becomes a suggestion.
const SUGGEST_ONLY: f32 = 0.45;

/// Slots of the state vector at one boundary: (words back to the run start, first run?,
/// stream).
const SLOTS: usize = (MAX_BACK + 1) * 4;

fn slot(d: usize, first: bool, stream: usize) -> usize {
    (d * 2 + usize::from(first)) * 2 + stream
}

#[derive(Debug, Clone, Copy)]
enum Back {
    None,
    /// From OUT at the previous boundary.
    Skip,
    /// Opened a passage at boundary `from` (first segment `from..c`).
    Open {
        from: u32,
    },
    /// Opened a passage at boundary `from` with column B's first line, the text before
    /// being column A.
    OpenB {
        from: u32,
    },
    /// From IN(from, slot) by one more segment.
    Step {
        from: u32,
        slot: u16,
    },
    /// Closed the passage in state IN(c, slot).
    Close {
        slot: u16,
    },
}

/// One segment of a solved passage.
#[derive(Debug, Clone)]
struct Seg {
    words: Range<usize>,
    /// 0 = column A (the stream that opens the passage), 1 = column B.
    stream: u8,
}

/// Join scores, computed once per document.
struct Tables {
    /// Score of the original join before word c.
    orig: Vec<f32>,
    /// Score of word c following word c-d-1 (d = 1..=MAX_BACK), and whether that rejoins a fragment.
    made: Vec<[f32; MAX_BACK + 1]>,
    frag_made: Vec<[bool; MAX_BACK + 1]>,
    /// Score of word c opening a stream.
    start: Vec<f32>,
}

impl Tables {
    fn new(ws: &[Word], sc: &Scorer<'_>) -> Tables {
        let n = ws.len();
        let mut t = Tables {
            orig: vec![0.0; n + 1],
            made: vec![[0.0; MAX_BACK + 1]; n + 1],
            frag_made: vec![[false; MAX_BACK + 1]; n + 1],
            start: vec![0.0; n + 1],
        };
        for c in 1..n {
            t.orig[c] = sc.join(&ws[c - 1], &ws[c]).0;
            t.start[c] = sc.start(&ws[c]);
            for d in 1..=MAX_BACK.min(c - 1) {
                let (s, f) = sc.join(&ws[c - d - 1], &ws[c]);
                t.made[c][d] = s;
                t.frag_made[c][d] = f;
            }
        }
        t
    }
}

/// Cost of a line of `len` bytes in a column `width` wide; `None` if it cannot be one line.
/// Justified column lines keep close to the width; only the last line of a paragraph or a
/// heading is much shorter.
fn line_cost(len: usize, width: usize, ends_sentence: bool) -> Option<f32> {
    let (len, width) = (len as f32, width as f32);
    if len > width * 1.3 + 2.0 {
        None
    } else if len > width * 1.1 + 1.0 {
        Some(LONG_COST)
    } else if len >= width * 0.85 {
        Some(DEVIATION_COST * (len - width).abs())
    } else if len >= width * 0.7 {
        Some(NARROW_COST)
    } else if ends_sentence {
        Some(SHORT_STOP_COST)
    } else {
        Some(SHORT_COST)
    }
}

/// Best reading of the text with columns `widths` wide: its score and its passages.
fn solve(ws: &[Word], t: &Tables, widths: [usize; 2]) -> (f32, Vec<Vec<Seg>>) {
    let n = ws.len();
    let seg_len = |a: usize, b: usize| ws[b - 1].end - ws[a].start;
    let max_line = widths[0].max(widths[1]) * 13 / 10 + 2;
    let neg = f32::NEG_INFINITY;
    let mut out_score = vec![neg; n + 1];
    let mut out_back = vec![Back::None; n + 1];
    let mut in_score = vec![[neg; SLOTS]; n + 1];
    let mut in_back = vec![[Back::None; SLOTS]; n + 1];
    out_score[0] = 0.0;
    fn relax(score: &mut f32, back: &mut Back, v: f32, b: Back) {
        if v > *score {
            *score = v;
            *back = b;
        }
    }
    for c in 0..=n {
        for d in 1..=MAX_BACK {
            for s in 0..2 {
                let k = slot(d, false, s);
                let v = in_score[c][k];
                if v > neg {
                    relax(
                        &mut out_score[c],
                        &mut out_back[c],
                        v,
                        Back::Close { slot: k as u16 },
                    );
                }
            }
        }
        if c == n {
            break;
        }
        let o = out_score[c];
        if o > neg {
            relax(&mut out_score[c + 1], &mut out_back[c + 1], o, Back::Skip);
        }
        for e in c + 1..=n.min(c + MAX_BACK) {
            let len = seg_len(c, e);
            if len > max_line || (e > c + 1 && ws[e - 1].hard_before) {
                break;
            }
            let stop = ws[e - 1].stop || (e < n && ws[e].para_before);
            let cost = [
                line_cost(len, widths[0], stop),
                line_cost(len, widths[1], stop),
            ];
            if o > neg {
                if let Some(cost) = cost[0] {
                    let k = slot(e - c, true, 0);
                    relax(
                        &mut in_score[e][k],
                        &mut in_back[e][k],
                        o - OPEN_COST - cost,
                        Back::Open { from: c as u32 },
                    );
                }
                // Or the text before is column A and this is column B's first line.
                if let (true, Some(cost)) = (c > 0 && !ws[c].hard_before, cost[1]) {
                    let k = slot(e - c, false, 1);
                    relax(
                        &mut in_score[e][k],
                        &mut in_back[e][k],
                        o - OPEN_COST - cost + t.start[c] - t.orig[c] - SWITCH_COST,
                        Back::OpenB { from: c as u32 },
                    );
                }
            }
            if ws[c].hard_before {
                continue;
            }
            for k in 0..SLOTS {
                let v = in_score[c][k];
                if v == neg {
                    continue;
                }
                let cur = k % 2;
                let first = (k / 2) % 2 == 1;
                let d = k / 4;
                let back = Back::Step {
                    from: c as u32,
                    slot: k as u16,
                };
                // Switch to the other stream.
                let other = 1 - cur;
                if let Some(cost) = cost[other] {
                    let joined = if first { t.start[c] } else { t.made[c][d] };
                    let gain = joined - t.orig[c] - SWITCH_COST - cost;
                    let ns = slot(e - c, false, other);
                    relax(&mut in_score[e][ns], &mut in_back[e][ns], v + gain, back);
                }
                // Continue the same stream: one column gives two lines in a row.
                let run_start = c - d;
                if let (false, Some(cost)) = (first, cost[cur]) {
                    if e - run_start <= MAX_BACK && seg_len(run_start, e) <= 3 * max_line {
                        let ns = slot(e - run_start, false, cur);
                        relax(
                            &mut in_score[e][ns],
                            &mut in_back[e][ns],
                            v - cost - CONTINUE_COST,
                            back,
                        );
                    }
                }
            }
        }
    }

    // Backtrack.
    let mut passages: Vec<Vec<Seg>> = Vec::new();
    let mut cur: Vec<Seg> = Vec::new();
    let mut c = n;
    let mut state: Option<usize> = None; // None = OUT
    loop {
        match state {
            None => match out_back[c] {
                Back::Skip => c -= 1,
                Back::Close { slot } => state = Some(slot as usize),
                _ => break,
            },
            Some(k) => match in_back[c][k] {
                Back::Open { from } | Back::OpenB { from } => {
                    let stream = u8::from(matches!(in_back[c][k], Back::OpenB { .. }));
                    cur.push(Seg {
                        words: from as usize..c,
                        stream,
                    });
                    cur.reverse();
                    passages.push(std::mem::take(&mut cur));
                    c = from as usize;
                    state = None;
                }
                Back::Step { from, slot } => {
                    cur.push(Seg {
                        words: from as usize..c,
                        stream: (k % 2) as u8,
                    });
                    c = from as usize;
                    state = Some(slot as usize);
                }
                _ => break,
            },
        }
    }
    passages.reverse();
    (out_score[n], passages)
}

/// Finds interleaved passages in `text`.
///
/// Cost: see [`Columns`]; allocation is per call, not per word.
pub fn find_passages(text: &str, lex: &Lexicon, vocab: &Vocab) -> Vec<Passage> {
    passages_in(&Doc::new(text), lex, vocab)
}

/// [`find_passages`] in a document already read.
fn passages_in(doc: &Doc<'_>, lex: &Lexicon, vocab: &Vocab) -> Vec<Passage> {
    let text = doc.text;
    let all = plain_words(doc);
    let w = Words::new(lex, vocab);
    let mut out = Vec::new();
    for win in candidate_windows(text, &all, &w) {
        // Twice: a glued word's second half may be the fragment that completes another.
        let ws = split_glued(text, split_glued(text, all[win].to_vec(), &w), &w);
        for p in find_in(text, &ws, lex, vocab, true) {
            // A passage's tail may run on into the next one: keep the first.
            if out
                .last()
                .map_or(true, |q: &Passage| q.span.end <= p.span.start)
            {
                out.push(p);
            }
        }
    }
    out
}

/// The best two-column reading of the whole of `text`, without the evidence thresholds of
/// [`find_passages`] (no broken words needed, any gain over the original order): a measuring
/// aid for calibrating those thresholds on interleaved and on single-column text (the
/// `--readings` mode of `examples/columns_eval.rs`), never a basis for rewriting.
///
/// Cost: the full search on every word, about 10 ms per 1,000 bytes (a hundred times
/// [`find_passages`] on ordinary text).
pub fn best_readings(text: &str, lex: &Lexicon, vocab: &Vocab) -> Vec<Passage> {
    let w = Words::new(lex, vocab);
    let ws = split_glued(text, split_glued(text, plain_words(&Doc::new(text)), &w), &w);
    let mut out: Vec<Passage> = Vec::new();
    for p in find_in(text, &ws, lex, vocab, false) {
        // A passage's tail may run on into the next one: keep the first.
        if out.last().map_or(true, |q| q.span.end <= p.span.start) {
            out.push(p);
        }
    }
    out
}

/// The full search on the words `ws` of one candidate window; `gated`: only passages with
/// the evidence [`build_passage`] asks for.
fn find_in(text: &str, ws: &[Word], lex: &Lexicon, vocab: &Vocab, gated: bool) -> Vec<Passage> {
    if ws.len() < 12 {
        return Vec::new();
    }
    let sc = Scorer::new(lex, vocab);
    let t = Tables::new(ws, &sc);
    // The best reading over a set of column widths: (score, widths, passages).
    let best = |grid: &mut dyn Iterator<Item = [usize; 2]>| {
        let mut best: Option<(f32, [usize; 2], Vec<Vec<Seg>>)> = None;
        for widths in grid {
            let (score, passages) = solve(ws, &t, widths);
            if best.as_ref().map_or(true, |(b, _, _)| score > *b) {
                best = Some((score, widths, passages));
            }
        }
        best
    };
    let keep = |passages: Vec<Vec<Seg>>| -> Vec<Passage> {
        passages
            .iter()
            .filter_map(|segs| build_passage(text, ws, segs, &sc, &t, gated))
            .collect()
    };
    // Columns of one width first; only where that finds a passage, let each column have its
    // own width, one column at a time (not the whole grid: each solve costs).
    let Some((_, [w, _], passages)) = best(&mut EQUAL_WIDTHS.iter().map(|&w| [w, w])) else {
        return Vec::new();
    };
    if keep(passages).is_empty() {
        return Vec::new();
    }
    let Some((_, [_, wb], _)) = best(&mut PAIR_WIDTHS.iter().map(|&b| [w, b])) else {
        return Vec::new();
    };
    best(&mut PAIR_WIDTHS.iter().map(|&a| [a, wb]))
        .map(|(_, _, p)| keep(p))
        .unwrap_or_default()
}

/// Scores a solved passage and, if it is convincing (or `gated` is false), builds its
/// rearranged text.
fn build_passage(
    text: &str,
    ws: &[Word],
    segs: &[Seg],
    sc: &Scorer<'_>,
    t: &Tables,
    gated: bool,
) -> Option<Passage> {
    let mut gain = 0f32;
    let mut switches = 0;
    let mut fragments = 0;
    let mut last_end: [Option<usize>; 2] = [None, None];
    if let Some(first) = segs.first().filter(|s| s.stream == 1) {
        // Column A is the text before the passage.
        let c = first.words.start;
        last_end[0] = Some(c);
        switches += 1;
        gain += t.start[c] - t.orig[c];
    }
    for (k, seg) in segs.iter().enumerate() {
        let c = seg.words.start;
        if k > 0 && seg.stream != segs[k - 1].stream {
            switches += 1;
            let g = match last_end[seg.stream as usize] {
                Some(j) => {
                    let d = c - j;
                    if t.frag_made[c][d] {
                        fragments += 1;
                    }
                    t.made[c][d]
                }
                None => t.start[c],
            };
            gain += g - t.orig[c];
        }
        last_end[seg.stream as usize] = Some(seg.words.end);
    }
    if gated
        && (switches < MIN_SWITCHES
            || gain < MIN_GAIN
            || fragments < MIN_FRAGMENTS
            || fragments * 35 < switches)
    {
        return None;
    }
    let per_switch = gain / switches as f32;
    let evidence = gain / 12.0 + fragments as f32 * 1.5 + (per_switch - 2.0).max(0.0);
    let detected = (1.0 - (-evidence / 4.0).exp()).clamp(0.0, 0.97);
    // Detection is reliable; the line-by-line reading is only trusted where rejoined broken
    // words pin it down (at least four, on one switch in ten). Elsewhere the passage is
    // reported as a suggestion.
    let dense = fragments >= 4 && fragments * 10 >= switches;
    let confidence = if dense {
        detected
    } else {
        detected.min(SUGGEST_ONLY)
    };

    // Rebuild the two columns; the tail after the last segment follows its stream.
    let first = segs.first()?.words.start;
    let mut last = segs.last()?.words.end;
    let last_stream = segs.last()?.stream;
    let mut cols: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for seg in segs {
        cols[seg.stream as usize].extend(seg.words.clone());
    }
    if last_stream == 0 {
        // Column B ended first: column A's tail, to the end of the paragraph, joins A.
        while last < ws.len() && !ws[last].para_before && !ws[last].hard_before {
            cols[0].push(last);
            last += 1;
        }
    }
    let mut rearranged = String::with_capacity(ws[last - 1].end - ws[first].start + 2);
    let newline = newline_of(text);
    for (k, col) in cols.iter().enumerate() {
        if k == 1 {
            rearranged.push_str(newline);
            rearranged.push_str(newline);
        }
        write_stream(text, ws, col, &sc.words, &mut rearranged);
    }
    Some(Passage {
        span: ws[first].start..ws[last - 1].end,
        rearranged,
        confidence,
        segments: segs.len(),
        switches,
        fragments,
        gain,
    })
}

/// The line ending `text` uses: `\r\n` when its first line ends so, else `\n` (a CRLF file
/// stays CRLF when a column break is written into it).
fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Writes the words of one stream, rejoining broken words where the stream joins them.
fn write_stream(text: &str, ws: &[Word], col: &[usize], words: &Words<'_>, out: &mut String) {
    let mut prev: Option<usize> = None;
    for &i in col {
        let w = &ws[i];
        let raw = &text[w.start..w.end];
        match prev {
            Some(p) if p + 1 == i && ws[i].start == ws[p].end => out.push_str(raw),
            Some(p) => {
                let a = &ws[p];
                let joined = if p + 1 != i {
                    words.fragment_join(a, w)
                } else {
                    None
                };
                match joined {
                    Some(j) => {
                        // Drop the hyphen (and anything after the core) of the first half,
                        // unless the word keeps it.
                        let a_raw = &text[a.start..a.end];
                        let core_end = core_range(a_raw).end;
                        let cut = out.len() - (a_raw.len() - core_end);
                        out.truncate(cut);
                        if j.contains('-') && !words.joined_is_word(&j.replace('-', "")) && a.hyphen
                        {
                            out.push('-');
                        }
                        out.push_str(raw);
                    }
                    None => {
                        out.push(' ');
                        out.push_str(raw);
                    }
                }
            }
            None => out.push_str(raw),
        }
        prev = Some(i);
    }
}

// ---------------------------------------------------------------------------------------
// Garbage

/// Byte ranges of OCR garbage: stretches where the same phrase of four words or more
/// repeats within a dozen words or so ("the hat link in the chain of observer, the hat link in
/// the chain of observer"). Flagged for review, never rewritten.
///
/// Cost: one pass over the tokens hashing each word (no allocation per word), then up to 16
/// integer comparisons per word; about 0.05 µs per word.
pub fn garbage_regions(text: &str) -> Vec<Range<usize>> {
    garbage_in(&Doc::new(text))
}

/// [`garbage_regions`] in a document already read.
fn garbage_in(doc: &Doc<'_>) -> Vec<Range<usize>> {
    let text = doc.text;
    const N: usize = 4;
    // Garbage repeats a phrase almost at once; prose may repeat a name a sentence later.
    const WINDOW: usize = 16;
    // (hash of the lowercase core, core span, core is short)
    let toks: Vec<(u64, Range<usize>, bool)> = doc.tokens
        .iter()
        .filter_map(|t| {
            let (w, r) = t.core();
            (!w.is_empty()).then(|| (word_hash(w), r, w.len() <= 3))
        })
        .collect();
    if toks.len() < 2 * N {
        return Vec::new();
    }
    // Hash of each 4-word key; the last WINDOW keys are compared with each new one.
    let key = |i: usize| {
        (0..N).fold(0xcbf2_9ce4_8422_2325u64, |h, k| {
            (h ^ toks[i + k].0).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let keys: Vec<u64> = (0..=toks.len() - N).map(key).collect();
    // Word ranges covered by repeats of six words or more (three 4-word keys in a row
    // repeated at the same distance).
    let mut hits: Vec<Range<usize>> = Vec::new();
    let (mut run_gap, mut run) = (0usize, 0usize);
    for i in 0..keys.len() {
        let lo = i.saturating_sub(WINDOW);
        // The nearest earlier occurrence at least N words back.
        let found = (lo..i.saturating_sub(N - 1))
            .rev()
            .find(|&j| keys[j] == keys[i] && same_words(text, &toks, j, i, N));
        let Some(j) = found.filter(|_| !(0..N).all(|k| toks[i + k].2)) else {
            run = 0;
            continue;
        };
        if i - j == run_gap && run > 0 {
            run += 1;
        } else {
            (run_gap, run) = (i - j, 1);
        }
        if run >= 3 {
            hits.push(j + 1 - run..i + N);
        }
    }
    // Merge overlapping hits.
    hits.sort_by_key(|r| r.start);
    let mut regions: Vec<(Range<usize>, usize)> = Vec::new();
    for h in hits {
        match regions.last_mut() {
            Some((r, k)) if h.start <= r.end => {
                r.end = r.end.max(h.end);
                *k += 1;
            }
            _ => regions.push((h, 1)),
        }
    }
    regions
        .into_iter()
        .map(|(r, _)| toks[r.start].1.start..toks[r.end - 1].1.end)
        .collect()
}

/// Whether the `n` words from `j` and from `i` are the same (ASCII case ignored).
fn same_words(
    text: &str,
    toks: &[(u64, Range<usize>, bool)],
    j: usize,
    i: usize,
    n: usize,
) -> bool {
    (0..n).all(|k| {
        let (a, b) = (&toks[j + k].1, &toks[i + k].1);
        text[a.clone()].eq_ignore_ascii_case(&text[b.clone()])
    })
}

/// FNV-1a hash of `w` lowercased (ASCII letters folded; others as they are). No allocation.
fn word_hash(w: &str) -> u64 {
    w.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
