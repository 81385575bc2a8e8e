//! Run-together words separated: "soextensive" -> "so extensive", "kingwas" -> "king was",
//! "hereof,and" -> "hereof, and".
//!
//! [`Segment`] looks only at tokens that are not words themselves: unknown to the lexicon
//! and not used elsewhere in the document or batch (a run-together is an accident and does
//! not repeat; a name or period word does). Such a token is cut into two or three common
//! words by lexicon probability, with word pairs the lexicon knows counting in favour.
//! Capitalised unknowns are names more often than not: they are split only when the split
//! is overwhelming (common words, a known pair). The piece of a word split by a stray space
//! ("con siderations") is left to the Join stage, not cut into "side rations".

use std::collections::HashMap;
use std::ops::Range;

use crate::hash::FxBuildHasher;

use crate::lm::Lm;
use crate::words::listed;
use crate::edit::{Edit, EditKind};
use crate::stage::{Context, Stage};
use crate::doc::{Doc, Memo};

/// Separates run-together words.
pub struct Segment;

// Short words that may stand as a part of a split (the lexicon's other one- and
// two-letter entries are mostly abbreviations and OCR debris).
crate::tokens::word_list!(SHORT_WORDS = "short_words.txt");

// First parts that make closed compounds ("bepraised", "outpaying", "undermaster"): with
// one of them, an unknown word is split only when the lexicon knows the pair.
crate::tokens::word_list!(COMPOUND_HEADS = "compound_heads.txt");

// Second parts that make closed compounds ("needlewomen", "bookwright", "exceptionable").
crate::tokens::word_list!(COMPOUND_TAILS = "compound_tails.txt");

/// Below this Zipf value a token counts as no word (candidates for splitting).
const UNKNOWN_ZIPF: f64 = 1.5;

/// Longest token (in bytes) tried as a run-together. Three common words rarely make more
/// than 30 letters; the cut search costs about n²/2 look-ups, so without a cap a line of
/// 10,000 letters took over a minute (issue #25 A). Longer tokens are left as they are.
const MAX_RUN_TOGETHER: usize = 48;

impl Stage for Segment {
    fn kinds(&self) -> &'static [crate::edit::EditKind] {
        &[crate::edit::EditKind::Split]
    }

    fn name(&self) -> &'static str {
        "segment"
    }

    /// Cost: one lexicon look-up per token; tokens the lexicon lacks cost about n²/2
    /// look-ups for n letters (a few microseconds), n at most [`MAX_RUN_TOGETHER`].
    fn propose(&self, doc: &Doc<'_>, cx: &Context<'_>, out: &mut Vec<Edit>) {
        let st = cx.lm();
        let (text, toks) = (doc.text, &doc.tokens);
        for (i, t) in toks.iter().enumerate() {
            let (core, span) = t.core();
            if core.len() < 4 {
                continue;
            }
            if t.letters {
                let z = st.token_lp(doc, i) + 9.0;
                if z >= UNKNOWN_ZIPF {
                    continue;
                }
                // The piece of a word split by a stray space ("con siderations") is no
                // run-together ("side rations"): the Join stage weighs it.
                // (The cheap tests of `run_together` first: they settle most unknowns.)
                // Whether the word is an old spelling, read once per word when the token is
                // the word as the lexicon spells it.
                let old = || {
                    if t.key == core {
                        let yes = doc.remembered(i, Memo::WordTest, st.lexicon.id(), || u64::from(old_spelling(&st, core)));
                        yes == 1
                    } else {
                        old_spelling(&st, core)
                    }
                };
                if kept_whole(&st, core, st.token_freq(doc, i), old) {
                    continue;
                }
                if i.checked_sub(1).is_some_and(|j| piece_of_word(&st, doc, j))
                    || (i + 1 < toks.len() && piece_of_word(&st, doc, i))
                {
                    continue;
                }
                if let Some((after, conf, why)) = run_together_once(&st, core) {
                    out.push(Edit::new(text, span, after, EditKind::Split, conf, why).with_rule("segment.run_together"));
                }
            } else if let Some((r, conf, why)) = apostrophe_for_space(&st, core) {
                let at = span.start + r.start..span.start + r.end;
                out.push(Edit::new(text, at, " ", EditKind::Split, conf, why).with_rule("segment.apostrophe_for_space"));
            } else if let Some((at, conf, why)) = glued_punctuation(&st, core) {
                let p = span.start + at;
                let mark = &text[p..p + 1];
                out.push(Edit::new(
                    text,
                    p..p + 1,
                    format!("{mark} "),
                    EditKind::Split,
                    conf,
                    why,
                )
                .with_rule("segment.glued_mark"));
            }
        }
    }
}

/// Whether `w` is an old spelling of a lexicon word ([`crate::words::period_spelled`]) or
/// doubles its final "l" ("withall", "generall").
///
/// The doubled "l" is this stage's own test, not one of `period_spelled`'s: there it would
/// also keep the correction stage from mending "-ll" misreads, which cost overproof-ca 0.04
/// points of cMER when tried. Here it only stops a split into two words.
fn old_spelling(st: &Lm<'_>, w: &str) -> bool {
    crate::words::period_spelled(st.lexicon, w)
        || w.strip_suffix("ll")
            .is_some_and(|stem| stem.len() >= 3 && st.lexicon.freq(&format!("{stem}l")) > 0)
}

/// Whether lowercase `w` is a preposition or conjunction run into the determiner or pronoun
/// after it ("ofthe", "tothe", "ofmy", "andthe"), two words the lexicon lists as a pair. Other
/// pairs of common words may be a period spelling ("withall", "tryall").
///
/// Cost: a comparison per list entry; one pair look-up when both parts are listed.
fn function_words_glued(st: &Lm<'_>, w: &str) -> bool {
    crate::tokens::word_list!(FIRST = "glued_first_words.txt");
    crate::tokens::word_list!(SECOND = "glued_second_words.txt");
    FIRST.iter().any(|a| {
        w.strip_prefix(a)
            .is_some_and(|b| SECOND.contains(&b) && st.lexicon.pair(a, b) > 0)
    })
}

/// Whether the words of token `i` of `doc` and the next, neighbouring tokens, together
/// make a common word of which one of them is no word ("con siderations").
///
/// Cost: three counts of the tokens, each read once per document ([`Lm::token_freq`]);
/// called only for tokens the lexicon lacks.
fn piece_of_word(st: &Lm<'_>, doc: &Doc<'_>, i: usize) -> bool {
    let zipf = |j: usize| st.token_lp(doc, j) + 9.0;
    doc.tokens[i].letters
        && doc.tokens[i + 1].letters
        && zipf(i).min(zipf(i + 1)) < UNKNOWN_ZIPF
        && st.lp_of_count(st.joined_freq(doc, i)) + 9.0 >= 3.0
}

/// Whether a part may stand as a word of a split, and its log10 probability. Short parts
/// must be common: the lexicon's rarer short entries are abbreviations, foreign words and
/// OCR debris ("res", "des", "che").
fn part_lp(st: &Lm<'_>, part: &str) -> Option<f64> {
    part_lp_counted(st, part, || st.freq(part))
}

/// [`part_lp`] with the part's lexicon count from `freq` (called only when needed).
fn part_lp_counted(st: &Lm<'_>, part: &str, freq: impl FnOnce() -> u64) -> Option<f64> {
    let n = part.chars().count();
    if n <= 2 {
        return listed(&SHORT_WORDS, part).then(|| st.lp_of_count(freq()));
    }
    let z = st.lp_of_count(freq()) + 9.0;
    let needed = match n {
        3 => 4.0,
        4 => 3.5,
        _ => 3.0,
    };
    (z >= needed).then_some(z - 9.0)
}

/// A segmentation: cut points (byte offsets) and its score.
#[derive(Debug, Clone)]
struct Cut {
    at: Vec<usize>,
    score: f64,
    pairs_known: usize,
}

/// The lexicon counts of the substrings of the ASCII lowercase `w`: `w[a..b]` at
/// `a * (w.len() + 1) + b`, read by one walk down the lexicon from each start, which stops
/// where no word goes on (the rest stay 0). `None` when `w` is not such or the lexicon has
/// more layers than a walk follows (then each part is looked up on its own).
///
/// Cost: a step per byte walked, about n steps per start where a word continues; against
/// the n²/2 look-ups of whole parts that the cut search would make.
fn substring_counts(st: &Lm<'_>, w: &str) -> Option<Vec<u64>> {
    if !w.bytes().all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b.is_ascii()) {
        return None;
    }
    let root = st.lexicon.start::<{ crate::lexicon::MAX_PREFIX_LAYERS }>()?;
    let (n, b) = (w.len(), w.as_bytes());
    let mut counts = vec![0u64; (n + 1) * (n + 1)];
    for a in 0..n {
        let mut p = root;
        for e in a..n {
            if !st.lexicon.step(&mut p, b[e] as char) {
                break;
            }
            counts[a * (n + 1) + e + 1] = p.count();
        }
    }
    Some(counts)
}

/// The best and second-best ways to cut `w` into two or three parts.
fn best_cuts(st: &Lm<'_>, w: &str) -> (Option<Cut>, Option<Cut>) {
    let lower = w.to_lowercase();
    if lower.len() != w.len() {
        return (None, None);
    }
    let bounds: Vec<usize> = lower.char_indices().map(|(i, _)| i).skip(1).collect();
    let table = substring_counts(st, &lower);
    let width = lower.len() + 1;
    let freq = |a: usize, b: usize| match &table {
        Some(t) => t[a * width + b],
        None => st.freq(&lower[a..b]),
    };
    let lp_of = |a: usize, b: usize| part_lp_counted(st, &lower[a..b], || freq(a, b));
    // Each suffix is the last part of many cuts: its verdict is read once.
    let suffix_lp: Vec<Option<f64>> = bounds.iter().map(|&j| lp_of(j, lower.len())).collect();
    // The parts' log probabilities summed in order, then the bonus of each known pair.
    let with_pairs = |parts: &[(usize, usize)], lps: &[f64]| -> (f64, usize) {
        let mut score = 0.0;
        for lp in lps {
            score += lp;
        }
        let mut known = 0;
        for pair in parts.windows(2) {
            let (a, b) = (&lower[pair[0].0..pair[0].1], &lower[pair[1].0..pair[1].1]);
            if let Some(plp) = st.pair_lp(a, b) {
                known += 1;
                // A known pair counts by how much likelier it is than chance.
                score += (plp - st.lp_of_count(freq(pair[0].0, pair[0].1))
                    - st.lp_of_count(freq(pair[1].0, pair[1].1)))
                .max(0.0);
            }
        }
        (score, known)
    };
    // The best two cuts as a stable sort by score would rank them (of equal scores, the
    // first found first): (score, known pairs, first cut, second cut).
    type Found = (f64, usize, usize, Option<usize>);
    let mut top: [Option<Found>; 2] = [None, None];
    let mut offer = |c: Found| {
        let above = |o: &Option<Found>| o.as_ref().map_or(true, |o| c.0.total_cmp(&o.0).is_gt());
        if above(&top[0]) {
            top[1] = top[0].replace(c);
        } else if above(&top[1]) {
            top[1] = Some(c);
        }
    };
    let end = lower.len();
    for (k, &i) in bounds.iter().enumerate() {
        // Every cut at `i` needs its first part to stand.
        let Some(first) = lp_of(0, i) else {
            continue;
        };
        if let Some(last) = suffix_lp[k] {
            let (score, known) = with_pairs(&[(0, i), (i, end)], &[first, last]);
            offer((score, known, i, None));
        }
        for (m, &j) in bounds.iter().enumerate().skip(k + 1) {
            let Some(last) = suffix_lp[m] else {
                continue;
            };
            let Some(mid) = lp_of(i, j) else {
                continue;
            };
            let (score, known) = with_pairs(&[(0, i), (i, j), (j, end)], &[first, mid, last]);
            // A third part must earn its place.
            offer((score - 1.0, known, i, Some(j)));
        }
    }
    let cut = |(score, pairs_known, i, j): Found| Cut { at: j.map_or_else(|| vec![i], |j| vec![i, j]), score, pairs_known };
    let [best, second] = top;
    (best.map(cut), second.map(cut))
}

/// Whether `w`, no common word, is no run-together whatever its cuts: it recurs, is a word
/// of the lexicon or an old spelling of one, or is too long. The cheap tests of
/// [`run_together`], a few look-ups. `freq`: the lexicon count of `w`; `old_spelling`:
/// [`old_spelling`] of `w`.
fn kept_whole(st: &Lm<'_>, w: &str, freq: u64, old_spelling: impl FnOnce() -> bool) -> bool {
    // (The caller has checked that `w` is no common word.) A token that recurs is a name or
    // a word of the period, unless it is a preposition and the article after it, which OCR
    // runs together wherever the space between them is narrow ("ofthe", "tothe").
    if (st.doc(w) > 1 || st.batch(w) > 1) && !function_words_glued(st, w) {
        return true;
    }
    let (_, _, camel) = capitals(w);
    // A word of the lexicon, however rare ("underclothing", "helpmeet"), or an old spelling
    // of one ("withall", "dayes") is not split; a capital inside ("theGovernment") still
    // marks a run-together.
    if !camel && (freq > 0 || old_spelling()) {
        return true;
    }
    w.len() > MAX_RUN_TOGETHER
}

/// Where `w` has capitals: whether it opens with one, is capitals only (opening with one),
/// and has one after the first letter without being capitals only ("theGovernment").
/// Cost: a pass over the characters; no allocation.
fn capitals(w: &str) -> (bool, bool, bool) {
    let mut chars = w.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let (mut any_upper, mut all_upper) = (false, true);
    for c in chars {
        let upper = c.is_uppercase();
        any_upper |= upper;
        all_upper &= upper;
    }
    let all_caps = first_upper && all_upper;
    (first_upper, all_caps, any_upper && !all_caps)
}

/// What [`run_together`] says of a word.
type Split = Option<(String, f32, String)>;

/// Words whose [`run_together`] a thread keeps, at most: about 6 MB.
const MAX_KEPT_SPLITS: usize = 1 << 16;

thread_local! {
    /// [`run_together`] of the words asked about, for one lexicon ([`crate::lexicon::Lexicon::id`]).
    static SPLITS: std::cell::RefCell<(u64, HashMap<String, Split, FxBuildHasher>)> = Default::default();
}

/// [`run_together`], remembered per thread: it reads nothing but the lexicon, and the rounds
/// of a document (and repeated text) ask again about the same unknown words.
///
/// Cost: a hash look-up once the word was asked about.
fn run_together_once(st: &Lm<'_>, w: &str) -> Split {
    let id = st.lexicon.id();
    let kept = SPLITS.with(|c| {
        let c = c.borrow();
        if c.0 == id {
            c.1.get(w).cloned()
        } else {
            None
        }
    });
    if let Some(split) = kept {
        return split;
    }
    let split = run_together(st, w);
    SPLITS.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != id || c.1.len() >= MAX_KEPT_SPLITS {
            c.0 = id;
            c.1.clear();
        }
        c.1.insert(w.to_string(), split.clone());
    });
    split
}

/// "kingwas" -> "king was": the spaced form, confidence and reason, if `w` is no word and
/// splits into common words. Reads the lexicon alone (no counts of the document).
fn run_together(st: &Lm<'_>, w: &str) -> Option<(String, f32, String)> {
    // (The caller has checked that `w` is not [`kept_whole`].)
    let (first_upper, all_caps, camel) = capitals(w);
    let (best, second) = best_cuts(st, w);
    let best = best?;
    if camel {
        // "theGovernment": a capital inside a word marks where it was run together.
        let ok = best.at.len() == 1 && w[best.at[0]..].starts_with(char::is_uppercase);
        if !ok {
            return None;
        }
    }
    let parts = best.at.len() + 1;
    let all_pairs = best.pairs_known + 1 == parts;
    // Without known pairs, only a long word next to a very common short one ("so extensive").
    if !all_pairs && !camel {
        let ok = parts == 2 && {
            let (a, b) = w.split_at(best.at[0]);
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            long.chars().count() >= 6
                && (listed(&SHORT_WORDS, short) || st.zipf(short) >= 5.0)
                // "bepraised", "outpaying", "seaflowers", "needlewomen": a compound the
                // lexicon lacks, not two words.
                && !listed(&COMPOUND_HEADS, a)
                && !listed(&COMPOUND_TAILS, b)
        };
        if !ok {
            return None;
        }
    }
    // A word one letter away is likelier a spelling variant or a misreading ("soone",
    // "heare", "wonderfull") than two words run together.
    let mut near = Vec::new();
    st.lexicon.candidates(w, 1, &mut near);
    let neighbour = near
        .iter()
        .find(|c| st.zipf(&c.word) >= 2.5)
        .map(|c| c.word.clone());
    if neighbour.is_some() && !all_pairs {
        return None;
    }
    let mut conf: f32 = if all_pairs { 0.85 } else { 0.7 };
    if neighbour.is_some() {
        // Left as a suggestion for a reviewer (or the correction stage) to settle.
        conf -= 0.4;
    }
    if parts == 3 {
        conf -= 0.1;
    }
    if second.as_ref().is_some_and(|s| best.score - s.score < 1.0) {
        conf -= 0.15;
    }
    if first_upper && !all_caps && !camel {
        // A capitalised unknown is most likely a name: split only when overwhelming.
        let strong = all_pairs && best.score >= -7.0;
        if !strong {
            return None;
        }
        conf -= 0.15;
    }
    if camel {
        conf = conf.max(0.8);
    }
    let mut after = String::with_capacity(w.len() + 2);
    let mut at = 0;
    for &c in &best.at {
        after.push_str(&w[at..c]);
        after.push(' ');
        at = c;
    }
    after.push_str(&w[at..]);
    Some((
        after.clone(),
        conf,
        format!("run-together words: {w:?} is no word, {after:?} are"),
    ))
}

/// "be'made" -> "be made", "wives'and" -> "wives' and": an apostrophe between two common
/// words, where OCR read a space (or a speck beside it) as a mark.
///
/// Both parts must be words that may stand in a split (see [`part_lp`]: common, and of two
/// letters only if listed), and their letters must not run together into a word
/// ("some'thing"). That leaves contractions and elisions ("you'll", "we're", "ne'er",
/// "know'st", "th'art"), names ("O'Brien", "d'Arcy") and possessives ("man's") alone: their
/// short part is never such a word. After a word ending in "s" the mark may be a plural
/// possessive ("Ladies'Committee"), so it is kept and a space put after it; elsewhere the
/// space replaces it. Returns the byte range in `core` a space replaces, the confidence and
/// the reason.
///
/// Cost: called only for tokens that are not plain words; a few look-ups.
fn apostrophe_for_space(st: &Lm<'_>, core: &str) -> Option<(Range<usize>, f32, String)> {
    let (at, mark) = core
        .char_indices()
        .find(|&(_, c)| c == '\'' || c == '\u{2019}')?;
    let after_mark = at + mark.len_utf8();
    let (l, r) = (&core[..at], &core[after_mark..]);
    let plain = |w: &str| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic);
    if !plain(l) || !plain(r) {
        return None;
    }
    // (The lexicon and the short-word list match any case.)
    let word = |w: &str| part_lp(st, w).is_some();
    if !word(l) || !word(r) || st.zipf(&format!("{l}{r}")) >= 3.0 {
        return None;
    }
    let conf = if st.pair_lp(l, r).is_some() { 0.9 } else { 0.7 };
    let why = format!("space read as an apostrophe: {l:?} and {r:?} are words");
    let span = if l.ends_with(['s', 'S']) {
        after_mark..after_mark
    } else {
        at..after_mark
    };
    Some((span, conf, why))
}

/// "hereof,and" -> "hereof, and": the byte offset in `core` of a punctuation mark glued
/// between two words, the confidence and reason.
fn glued_punctuation(st: &Lm<'_>, core: &str) -> Option<(usize, f32, String)> {
    let b = core.as_bytes();
    let marks = b
        .iter()
        .enumerate()
        .filter(|&(_, c)| matches!(c, b',' | b';' | b':' | b'!' | b'?' | b'.'));
    let mut found = None;
    for (i, &m) in marks {
        let left = &core[..i];
        let right = &core[i + 1..];
        let (l, r) = (left, right);
        let plain = |w: &str| w.chars().all(char::is_alphabetic);
        if !plain(l) || !plain(r) || found.is_some() {
            // Only one mark, between two plain words ("U.S.S.R.", "1,000", URLs are not this).
            return None;
        }
        if l.chars().count() < 2 || r.chars().count() < 2 {
            return None;
        }
        let known = |w: &str| st.zipf(w) >= 2.5 || st.doc(w) > 1;
        if !known(l) || !known(r) || st.zipf(core) >= UNKNOWN_ZIPF {
            return None;
        }
        if m == b'.' {
            // A full stop only before a capitalised word ("said.The"), never inside an abbreviation.
            let cap =
                r.starts_with(char::is_uppercase) && r.chars().skip(1).all(char::is_lowercase);
            if !cap || !l.chars().all(char::is_lowercase) || st.zipf(r) < 3.0 {
                return None;
            }
        }
        found = Some(i);
    }
    let i = found?;
    let conf = if b[i] == b'.' { 0.75 } else { 0.9 };
    Some((i, conf, format!("space missing after {:?}", b[i] as char)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{period_lexicon, run};

    fn segment(text: &str) -> String {
        run(Box::new(Segment), period_lexicon(), text).text
    }

    #[test]
    fn run_together_words_are_separated() {
        assert_eq!(
            segment("the field is soextensive that"),
            "the field is so extensive that"
        );
        assert_eq!(segment("the kingwas there"), "the king was there");
        assert_eq!(segment("the kingwas."), "the king was.");
        // Recurring, but a preposition and an article; a recurring period spelling is kept.
        assert_eq!(
            segment("topics ofthe day, the virtue ofthe north"),
            "topics of the day, the virtue of the north"
        );
        for period in ["to fight withall, to be merry withall", "to fight withall"] {
            assert_eq!(segment(period), period);
        }
    }

    #[test]
    fn glued_punctuation_gets_its_space() {
        assert_eq!(
            segment("in witness hereof,and of the"),
            "in witness hereof, and of the"
        );
        for t in [
            "the U.S.S.R. and",
            "1,000 workers",
            "www.marxists.org",
            "i.e. the",
            "M.O.P.R., which",
            // Regression: a mark after a multi-byte character panicked.
            "£1. ¾d,and",
            "é,¾d",
        ] {
            assert_eq!(segment(t), t);
        }
    }

    #[test]
    fn an_apostrophe_between_two_words_is_a_space() {
        assert_eq!(segment("the'hall was good"), "the hall was good");
        assert_eq!(segment("with great’care"), "with great care");
        // After a plural the mark may be a possessive's: kept, with the space after it.
        assert_eq!(segment("the kings'and workers"), "the kings' and workers");
        for t in [
            // A possessive "s" misread as "a": the correction stage reads it.
            "the king'a care",
            // Contractions, elisions and names: one part is no word that stands alone.
            "you'll",
            "the king'en",
            "O'Brien",
            // The letters make a word: the mark may stand for a lost letter or nothing.
            "some'thing",
            // A part the lexicon lacks.
            "the goverament'hall",
        ] {
            assert_eq!(segment(t), t);
        }
    }

    #[test]
    fn words_names_and_debris_are_left_alone() {
        for t in [
            "the extensive field",
            // A capitalised unknown is a name.
            "Mr. Askinking said",
            // Repeated in the document: a word of this document, not an accident.
            "the askinking and the askinking",
            // Parts that are not common words.
            "the goverament",
            "whicli",
            // One letter from a word: a period spelling or a misreading, not "so one", "he are".
            "as soone as",
            "you shall heare",
            "this wonderfull glasse",
            // A rare word of the lexicon is a word, not "under clothing".
            "of ornamenting underclothing and",
            // A compound the lexicon lacks is not split without a known pair.
            "so innocently bepraised however",
            "relief outpaying all pain",
        ] {
            assert_eq!(segment(t), t);
        }
    }

    #[test]
    fn the_piece_of_a_split_word_is_not_split() {
        // "con siderations" is one word split by a space, not "con side rations".
        let t = "outweighs all other con siderations, even";
        assert_eq!(segment(t), t);
        // ... while alone the piece would be taken for a run-together.
        assert_eq!(segment("siderations"), "side rations");
    }

    #[test]
    fn a_capital_inside_marks_the_cut() {
        assert_eq!(segment("of theGovernment"), "of the Government");
    }

    #[test]
    fn the_split_is_a_split_edit_with_provenance() {
        let c = run(Box::new(Segment), period_lexicon(), "soextensive");
        assert_eq!(c.edits.len(), 1);
        assert_eq!(c.edits[0].kind, EditKind::Split);
        assert_eq!(c.edits[0].before, "soextensive");
        assert!(c.edits[0].confidence >= 0.8);
    }
}
