//! Row reading of interleaved columns whose line breaks are known (issue 23): each line of
//! the text is given to one of two streams (column A, column B). The lines alternate A, B,
//! A, B, one column now and then gives two lines in a row, and when one column runs out the
//! other goes on alone (the tail). A dynamic programme over the lines scores
//! (a) each line's length in bytes against its stream's width (a normal spread around the
//! width, or a short line, much likelier when it ends a sentence), for the pair of widths
//! (16–50 bytes each) that reads the passage best, so the widths are estimated per passage;
//! (b) the seam: how well the line's first word continues the last word of its stream's
//! previous line against the pair it breaks in the text as read ([`seam`]: broken words,
//! sentence ends and capitals, and word pairs as a ratio of the lexicon's pair count to the
//! count expected of two independent words, where a pair missing from the lexicon's list
//! counts only when it was expected well above the list's cut-off);
//! (c) the alternation: a switch, a second line of the same column, or the start of the tail.
//!
//! The state after line k is (its stream, whether it is the second of a run, whether the
//! tail has begun, the last line of the other stream), so the programme is quadratic in the
//! lines of a passage (a few dozen) and runs once per pair of widths.
//!
//! The stage itself never sees line breaks (it runs after `layout::Reflow`, and the
//! interleave sets have none), so [`read`] is a reading for callers that have them
//! (`examples/columns_eval.rs --lines`) and the measure of what the evidence reaches when the
//! segmentation is given. [`read_flat`] runs the same model over word boundaries of flat
//! text (it chooses the cuts too) and returns a [`FlatReading`] whose gain over the text read
//! as one column is the detection figure; [`read_anchored`] adds the evidence of recurring
//! content words (each word's occurrences are one column's). None is enabled in the stage,
//! because on the development sets neither the readings nor the figure is good enough
//! (docs/columns.md).
//! Parameters are chosen on synthetic interleavings of the training set
//! (`tools/columns_synth.py`) and detection on training documents as negatives, never on the
//! development sets.

use super::{plain_words, split_glued, Word, Words};
use crate::doc::Doc;
use crate::lexicon::Lexicon;
use crate::lm::Lm;
use crate::tokens::Vocab;

/// Weights of the row reading (natural-log scale).
#[derive(Debug, Clone)]
pub struct RowParams {
    /// Spread (bytes) of a full line's length around its column's width.
    pub sigma: f64,
    /// Prior of a short line (well under the width) that ends a sentence, and of one that
    /// does not (a heading, a line cut by OCR).
    pub p_short_stop: f64,
    pub p_short_open: f64,
    /// Prior of a switch to the other column (against a second line of the same one).
    pub p_switch: f64,
    /// Prior of the tail starting at a line, and the score of each line of the tail.
    pub p_tail: f64,
    pub tail_line: f64,
    /// Weight of the seam evidence.
    pub seam_weight: f64,
    /// The lexicon's pair list keeps pairs of at least this share of its running words
    /// (the embedded one: about 1,500 in 9.3 billion); a pair missing from the list is
    /// evidence against the pair only when expected well above it.
    pub pair_floor: f64,
    /// Seam score of a broken word rejoined ("reconstruc" … "tion"), and of a line-end
    /// hyphen followed by no completion.
    pub fragment: f64,
    /// Added to each line's length score in the flat reading, where the number of lines is
    /// not given.
    pub line_bonus: f64,
    /// The anchored reading ([`read_anchored`]): score of each occurrence of a recurring
    /// content word read in its cluster's stream, and the frequency (a share of that of
    /// "the") from which a word is too common to be a content word. Chosen on the synthetic
    /// fit set (weights 0.3–8, shares 0.003–0.03; docs/columns.md).
    pub anchor_weight: f64,
    pub anchor_common: f64,
    /// Clusters (the largest) whose labellings are all tried (0: none, only the labels the
    /// plain reading gives), and how many of the best labellings are refined.
    pub anchor_search: f64,
    pub anchor_starts: f64,
}

impl Default for RowParams {
    fn default() -> Self {
        RowParams {
            sigma: 3.0,
            p_short_stop: 0.1,
            p_short_open: 0.005,
            p_switch: 0.75,
            p_tail: 0.1,
            tail_line: -0.3,
            seam_weight: 1.0,
            pair_floor: 1.6e-7,
            fragment: 3.0,
            line_bonus: 2.5,
            anchor_weight: 0.7,
            anchor_common: 0.01,
            anchor_search: 8.0,
            anchor_starts: 4.0,
        }
    }
}

impl RowParams {
    /// The settings of the flat reading: seam evidence weighs less where the programme also
    /// chooses the cuts (it finds chance pairs at cuts that are not line ends). Chosen on the
    /// synthetic fit set (docs/columns.md).
    pub fn flat() -> RowParams {
        RowParams {
            seam_weight: 0.3,
            ..RowParams::default()
        }
    }

    /// Sets the parameter `name` to `value`; false if there is no such parameter.
    pub fn set(&mut self, name: &str, value: f64) -> bool {
        let slot = match name {
            "sigma" => &mut self.sigma,
            "p_short_stop" => &mut self.p_short_stop,
            "p_short_open" => &mut self.p_short_open,
            "p_switch" => &mut self.p_switch,
            "p_tail" => &mut self.p_tail,
            "tail_line" => &mut self.tail_line,
            "seam_weight" => &mut self.seam_weight,
            "pair_floor" => &mut self.pair_floor,
            "fragment" => &mut self.fragment,
            "line_bonus" => &mut self.line_bonus,
            "anchor_weight" => &mut self.anchor_weight,
            "anchor_common" => &mut self.anchor_common,
            "anchor_search" => &mut self.anchor_search,
            "anchor_starts" => &mut self.anchor_starts,
            _ => return false,
        };
        *slot = value;
        true
    }
}

/// Seam evidence for `b` following `a` in one stream (natural log, 0 when nothing is
/// known): broken words, sentence shape, then word pairs as observed against expected.
fn seam(lm: &Lm<'_>, w: &Words<'_>, p: &RowParams, a: &Word, b: &Word) -> f64 {
    if w.fragment_join(a, b).is_some() {
        return p.fragment;
    }
    if a.hyphen {
        return -p.fragment;
    }
    if a.stop {
        // P(capital | sentence end) against its share anywhere, and so on.
        return if b.upper {
            1.8
        } else if b.lower {
            -2.8
        } else {
            0.0
        };
    }
    let (fa, fb) = (lm.freq(&a.key) as f64, lm.freq(&b.key) as f64);
    let expected = fa * fb / lm.total();
    let c = lm.pair_count(&a.key, &b.key);
    let mut v = if c > 0.0 {
        ((c + 1.0) / (expected + 1.0)).ln()
    } else {
        (p.pair_floor * lm.total() / expected.max(1e-9))
            .ln()
            .min(0.0)
    };
    if b.upper {
        // A common word with a capital starts a sentence; mid-sentence it is rare.
        v -= if w.common(&b.key) && !w.lex.is_name(&b.key) {
            2.0
        } else {
            0.4
        };
    } else if b.lower {
        v += 0.1;
    }
    v
}

/// Log-likelihood of a line of `len` bytes in a column `width` bytes wide.
fn length_score(p: &RowParams, len: usize, width: usize, stop: bool) -> f64 {
    let (l, w) = (len as f64, width as f64);
    let z = (l - w) / p.sigma;
    let full = (1.0 - p.p_short_stop) * (-0.5 * z * z).exp() / (p.sigma * 2.5066);
    let short = if l < w - p.sigma {
        (if stop { p.p_short_stop } else { p.p_short_open }) / w
    } else {
        0.0
    };
    (full + short + 1e-300).ln()
}

/// The lines of the text as word ranges, with their lengths and sentence ends.
struct Lines<'t> {
    ws: Vec<Word<'t>>,
    /// First word of each line, then the number of words.
    at: Vec<usize>,
}

impl Lines<'_> {
    fn count(&self) -> usize {
        self.at.len() - 1
    }
    fn is_empty(&self, k: usize) -> bool {
        self.at[k + 1] <= self.at[k]
    }
    fn len(&self, k: usize) -> usize {
        if self.is_empty(k) {
            0
        } else {
            self.ws[self.at[k + 1] - 1].end - self.ws[self.at[k]].start
        }
    }
    fn stop(&self, k: usize) -> bool {
        !self.is_empty(k) && self.ws[self.at[k + 1] - 1].stop
    }
    fn first(&self, k: usize) -> Option<&Word<'_>> {
        (!self.is_empty(k)).then(|| &self.ws[self.at[k]])
    }
    fn last(&self, k: usize) -> Option<&Word<'_>> {
        (!self.is_empty(k)).then(|| &self.ws[self.at[k + 1] - 1])
    }
}

/// Streams of the lines starting at byte offsets `line_starts` of `text`: 0 for the stream
/// of the first line, 1 for the other.
///
/// Cost: 1,225 pairs of widths × lines² × 16; about 25 ms for an article of 30 lines
/// (release build, user CPU).
pub fn read(
    text: &str,
    line_starts: &[usize],
    lex: &Lexicon,
    vocab: &Vocab,
    p: &RowParams,
) -> Vec<u8> {
    let m = line_starts.len();
    if m == 0 {
        return Vec::new();
    }
    let words = Words::new(lex, vocab);
    let ws = split_glued(text, plain_words(&Doc::new(text)), &words);
    let mut at: Vec<usize> = line_starts
        .iter()
        .map(|&b| ws.iter().position(|x| x.start >= b).unwrap_or(ws.len()))
        .collect();
    at.push(ws.len());
    let lines = Lines { ws, at };
    let lm = Lm::from_parts(lex, vocab, None);
    // gain[j][k]: line k continuing line j's stream, against the pair it breaks as read.
    let mut gain = vec![vec![0.0f64; m]; m + 1];
    for k in 1..m {
        let (Some(b), Some(prev)) = (lines.first(k), lines.last(k - 1)) else {
            continue;
        };
        let as_read = seam(&lm, &words, p, prev, b);
        for (j, row) in gain.iter_mut().enumerate().take(k - 1) {
            if let Some(a) = lines.last(j) {
                row[k] = p.seam_weight * (seam(&lm, &words, p, a, b) - as_read);
            }
        }
    }
    let mut best: (f64, Vec<u8>) = (f64::NEG_INFINITY, vec![0; m]);
    for wa in 16..=50 {
        for wb in 16..=50 {
            let (score, streams) = solve(&lines, &gain, p, [wa, wb]);
            if score > best.0 {
                best = (score, streams);
            }
        }
    }
    best.1
}

/// A state after a line: its stream, whether it is the second of a run, whether the tail has
/// begun, and the last line of the other stream (`m` for none).
#[derive(Clone, Copy)]
struct State {
    score: f64,
    /// The state before, as an index into the previous line's states.
    back: usize,
}

fn index(m: usize, s: usize, second: bool, tail: bool, j: usize) -> usize {
    (((s * 2 + usize::from(second)) * 2 + usize::from(tail)) * (m + 1)) + j
}

/// The best reading for widths `w`: its score and the stream of each line.
fn solve(lines: &Lines<'_>, gain: &[Vec<f64>], p: &RowParams, w: [usize; 2]) -> (f64, Vec<u8>) {
    let m = lines.count();
    let n = 8 * (m + 1);
    let neg = State {
        score: f64::NEG_INFINITY,
        back: 0,
    };
    let mut st = vec![vec![neg; n]; m];
    let len = |k: usize, s: usize| {
        if lines.is_empty(k) {
            0.0
        } else {
            length_score(p, lines.len(k), w[s], lines.stop(k))
        }
    };
    let (switch, double) = (
        (p.p_switch * (1.0 - p.p_tail)).ln(),
        ((1.0 - p.p_switch) * (1.0 - p.p_tail)).ln(),
    );
    let tail_start = p.p_tail.ln();
    st[0][index(m, 0, false, false, m)] = State {
        score: len(0, 0),
        back: 0,
    };
    for k in 1..m {
        let (done, rest) = st.split_at_mut(k);
        let (prev, next) = (&done[k - 1], &mut rest[0]);
        let mut relax = |i: usize, v: f64, back: usize| {
            if v > next[i].score {
                next[i] = State { score: v, back };
            }
        };
        for s in 0..2 {
            for second in [false, true] {
                for tail in [false, true] {
                    for j in 0..=m {
                        let from = index(m, s, second, tail, j);
                        let v = prev[from].score;
                        if v == f64::NEG_INFINITY {
                            continue;
                        }
                        let same = v + len(k, s);
                        if tail {
                            relax(index(m, s, false, true, m), same + p.tail_line, from);
                            continue;
                        }
                        relax(index(m, s, false, true, m), same + tail_start, from);
                        if !second {
                            relax(index(m, s, true, false, j), same + double, from);
                        }
                        let g = if j < m { gain[j][k] } else { 0.0 };
                        relax(
                            index(m, 1 - s, false, false, k - 1),
                            v + len(k, 1 - s) + switch + g,
                            from,
                        );
                    }
                }
            }
        }
    }
    let (mut i, score) = st[m - 1]
        .iter()
        .enumerate()
        .map(|(i, x)| (i, x.score))
        .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
    let mut streams = vec![0u8; m];
    for k in (0..m).rev() {
        streams[k] = (i / (4 * (m + 1))) as u8;
        i = st[k][i].back;
    }
    (score, streams)
}

/// Most words back to the last word of the other stream's last line that the flat reading
/// keeps track of (two lines of a wide column of short words).
const MAX_BACK: usize = 40;

/// A flat reading of a passage: each line's byte span and stream (0 for the stream of the
/// first line), the two widths it was read at, and its score over the best reading of the
/// same text as one column (natural log).
#[derive(Debug, Clone, Default)]
pub struct FlatReading {
    pub lines: Vec<(std::ops::Range<usize>, u8)>,
    pub widths: [usize; 2],
    pub gain: f64,
    /// Words of the passage.
    pub words: usize,
}

impl FlatReading {
    /// Gain per word: the detection figure (`docs/columns.md`).
    pub fn gain_per_word(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.gain / self.words as f64
        }
    }

    /// Changes of stream between consecutive lines.
    pub fn switches(&self) -> usize {
        self.lines.windows(2).filter(|w| w[0].1 != w[1].1).count()
    }
}

/// Narrowest and widest column the flat reading considers, in bytes.
const WIDTHS: std::ops::RangeInclusive<usize> = 16..=50;

/// The best of `score` over widths in [`WIDTHS`]: a coarse grid (every sixth width from 20),
/// then steps of 3 and 1 on each width while the score rises; with `pair` false only the
/// first width moves. About 60 calls instead of the 324 of the grid of even widths it
/// replaces, and the readings are as good or better (order figures in docs/columns.md).
fn search_widths(pair: bool, mut score: impl FnMut([usize; 2]) -> f64) -> ([usize; 2], f64) {
    let grid: Vec<usize> = (20..=50).step_by(6).collect();
    let mut best = ([0, 0], f64::NEG_INFINITY);
    for &a in &grid {
        for &b in if pair { &grid[..] } else { &grid[..1] } {
            let v = score([a, b]);
            if v > best.1 {
                best = ([a, b], v);
            }
        }
    }
    for step in [3usize, 1] {
        loop {
            let mut moved = false;
            for c in 0..if pair { 2 } else { 1 } {
                for up in [false, true] {
                    let mut w = best.0;
                    w[c] = if up {
                        w[c] + step
                    } else {
                        w[c].saturating_sub(step)
                    };
                    if !WIDTHS.contains(&w[c]) {
                        continue;
                    }
                    let v = score(w);
                    if v > best.1 {
                        best = (w, v);
                        moved = true;
                    }
                }
            }
            if !moved {
                break;
            }
        }
    }
    best
}

/// The flat reading: `text` with no line breaks (a zoning that flattened the rows into
/// paragraphs) is cut into lines at word boundaries and each line given a stream, with the
/// same evidence as [`read`] plus `line_bonus` per line. A paragraph break is a line break.
/// The gain is taken over the same programme held to one column (every line in the tail).
///
/// Cost: about 70 programmes of words × 330 states × up to 12 line ends; about 0.07 s for an
/// article of 190 words (release build, user CPU; docs/columns.md): for a passage already
/// suspected, not for every paragraph.
pub fn read_flat(text: &str, lex: &Lexicon, vocab: &Vocab, p: &RowParams) -> FlatReading {
    read_flat_at(text, lex, vocab, p, None)
}

/// [`read_flat`] with the two widths given instead of searched (a measuring aid: how much of
/// the flat reading's error is the widths'); the gain is still taken over the best single
/// column.
pub fn read_flat_at(
    text: &str,
    lex: &Lexicon,
    vocab: &Vocab,
    p: &RowParams,
    widths: Option<[usize; 2]>,
) -> FlatReading {
    let words = Words::new(lex, vocab);
    let ws = split_glued(text, plain_words(&Doc::new(text)), &words);
    if ws.is_empty() {
        return FlatReading::default();
    }
    let gain = flat_gains(&ws, lex, vocab, p);
    let none = Bias::default();
    let (widths, score) = match widths {
        Some(w) => (w, solve_flat(&ws, &gain, p, w, false, &none).0),
        None => search_widths(true, |w| solve_flat(&ws, &gain, p, w, false, &none).0),
    };
    let (_, single) = search_widths(false, |w| solve_flat(&ws, &gain, p, w, true, &none).0);
    let lines = solve_flat(&ws, &gain, p, widths, false, &none).1;
    flat_reading(&ws, lines, widths, score - single)
}

/// The seam gains of the flat programme: `gain[i][d]` is a line starting at word `i`
/// continuing the stream whose last word is `i-1-d`, against the pair it breaks as read.
fn flat_gains(ws: &[Word<'_>], lex: &Lexicon, vocab: &Vocab, p: &RowParams) -> Vec<[f64; MAX_BACK]> {
    let words = Words::new(lex, vocab);
    let lm = Lm::from_parts(lex, vocab, None);
    let mut gain = vec![[0.0f64; MAX_BACK]; ws.len()];
    for i in 1..ws.len() {
        let as_read = seam(&lm, &words, p, &ws[i - 1], &ws[i]);
        for d in 1..MAX_BACK.min(i) {
            gain[i][d] = p.seam_weight * (seam(&lm, &words, p, &ws[i - 1 - d], &ws[i]) - as_read);
        }
    }
    gain
}

fn flat_reading(
    ws: &[Word<'_>],
    lines: Vec<(usize, usize, u8)>,
    widths: [usize; 2],
    gain: f64,
) -> FlatReading {
    FlatReading {
        lines: lines
            .into_iter()
            .map(|(i, k, s)| (ws[i].start..ws[k - 1].end, s))
            .collect(),
        widths,
        gain,
        words: ws.len(),
    }
}

/// Recurring content words of a passage: for each word (4+ letters, alphabetic, rarer than
/// `anchor_common` × the frequency of "the") whose stem (its first six letters) occurs at
/// least twice, the indices of its occurrences. Two articles side by side are about
/// different things, so the occurrences of one such word are nearly always one column's.
fn anchor_clusters(ws: &[Word<'_>], lex: &Lexicon, p: &RowParams) -> Vec<Vec<usize>> {
    let ceiling = lex.freq("the") as f64 * p.anchor_common;
    let mut by_stem: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, w) in ws.iter().enumerate() {
        let key: &str = &w.key;
        if key.chars().count() < 4
            || !key.chars().all(char::is_alphabetic)
            || lex.freq(key) as f64 >= ceiling
        {
            continue;
        }
        let stem = key.char_indices().nth(6).map_or(key, |(b, _)| &key[..b]);
        by_stem.entry(stem).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = by_stem.into_values().filter(|v| v.len() >= 2).collect();
    // The largest first (the labelling search takes them first), then in text order.
    out.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out
}

/// The stream evidence of clusters with `labels` (None: no opinion), `weight` per occurrence.
fn anchor_bias(n: usize, clusters: &[Vec<usize>], labels: &[Option<u8>], weight: f64) -> Bias {
    let mut per = [vec![0.0f64; n], vec![0.0f64; n]];
    for (c, l) in clusters.iter().zip(labels) {
        if let Some(s) = l {
            for &i in c {
                per[usize::from(*s)][i] += weight;
            }
        }
    }
    per.map(|v| {
        std::iter::once(0.0)
            .chain(v.into_iter().scan(0.0, |acc, x| {
                *acc += x;
                Some(*acc)
            }))
            .collect()
    })
}

/// Each cluster's label in `lines` (word ranges and streams): the stream holding most of its
/// occurrences, `old` on a tie.
fn majority(
    n: usize,
    lines: &[(usize, usize, u8)],
    clusters: &[Vec<usize>],
    old: &[Option<u8>],
) -> Vec<Option<u8>> {
    let mut stream = vec![0u8; n];
    for &(i, k, s) in lines {
        stream[i..k].fill(s);
    }
    clusters
        .iter()
        .zip(old)
        .map(|(c, &o)| {
            let ones = c.iter().filter(|&&i| stream[i] == 1).count();
            match (2 * ones).cmp(&c.len()) {
                std::cmp::Ordering::Greater => Some(1),
                std::cmp::Ordering::Less => Some(0),
                std::cmp::Ordering::Equal => o,
            }
        })
        .collect()
}

/// Most clusters whose labels the anchored reading flips (the largest), so that its cost
/// stays linear in the passage; the others take their labels by majority only.
const MAX_FLIPS: usize = 24;

/// Most rounds of the anchored reading (label, flip and width passes); it stops earlier when
/// nothing changes.
const ANCHOR_ROUNDS: usize = 4;

/// The anchored flat reading (issue 23): [`read_flat`] plus the evidence of recurring content
/// words. The occurrences of each recurring content word ([`anchor_clusters`]) are taken to
/// be one column's; each cluster gets a label (the stream it belongs to), and each occurrence
/// read in its cluster's stream earns `anchor_weight`. Reading and labels are found together,
/// maximising the programme's score plus that evidence: from the plain flat reading, labels
/// by majority and readings by the programme alternate until they agree, then each label is
/// flipped in turn and kept if the total rises (a segment read in the wrong phase holds the
/// minority of its clusters' occurrences, so flipping is how it is pulled back), then the
/// widths are searched again under the labels. Seam pairs and line lengths thus decide only
/// between the lines the anchors pin down.
///
/// Cost: linear in the passage, but about 2,000 programmes (512 labellings, then per start
/// and round up to [`MAX_FLIPS`] flips and a width search); about 0.7 s for an article of
/// 190 words, 11 ms per word on longer text (release build, user CPU; docs/columns.md):
/// a measuring aid, not something to run on every paragraph.
pub fn read_anchored(text: &str, lex: &Lexicon, vocab: &Vocab, p: &RowParams) -> FlatReading {
    read_anchored_at(text, lex, vocab, p, None)
}

/// [`read_anchored`] with each cluster's label taken from `truth` (the true stream of the
/// word at a byte offset) instead of found: a measuring aid, how far the anchored reading
/// goes when only the anchors' labels are known.
pub fn read_anchored_at(
    text: &str,
    lex: &Lexicon,
    vocab: &Vocab,
    p: &RowParams,
    truth: Option<&dyn Fn(usize) -> u8>,
) -> FlatReading {
    let words = Words::new(lex, vocab);
    let ws = split_glued(text, plain_words(&Doc::new(text)), &words);
    let n = ws.len();
    if n == 0 {
        return FlatReading::default();
    }
    let gain = flat_gains(&ws, lex, vocab, p);
    let clusters = anchor_clusters(&ws, lex, p);
    let solve = |w: [usize; 2], single: bool, labels: &[Option<u8>]| {
        solve_flat(
            &ws,
            &gain,
            p,
            w,
            single,
            &anchor_bias(n, &clusters, labels, p.anchor_weight),
        )
    };
    let none: Vec<Option<u8>> = vec![None; clusters.len()];
    let mut labels = none.clone();
    if let Some(t) = truth {
        let lines: Vec<(usize, usize, u8)> = (0..n).map(|i| (i, i + 1, t(ws[i].start))).collect();
        labels = majority(n, &lines, &clusters, &labels);
    }
    let (widths, _) = search_widths(true, |w| solve(w, false, &labels).0);
    if truth.is_some() {
        let (score, lines) = solve(widths, false, &labels);
        let all_one = vec![Some(0u8); clusters.len()];
        let (_, single) = search_widths(false, |w| solve(w, true, &all_one).0);
        return flat_reading(&ws, lines, widths, score - single);
    }
    // Starts: the plain reading, and the best labellings of the largest clusters (every
    // labelling tried at the plain reading's widths and at the same widths swapped).
    let mut starts: Vec<(f64, Vec<Option<u8>>, [usize; 2])> =
        vec![(solve(widths, false, &none).0, none.clone(), widths)];
    let k = clusters.len().min(p.anchor_search as usize);
    for w in [widths, [widths[1], widths[0]]] {
        for mask in 0..if k > 0 { 1u32 << k } else { 0 } {
            let mut l = none.clone();
            for (c, slot) in l.iter_mut().enumerate().take(k) {
                *slot = Some((mask >> c & 1) as u8);
            }
            starts.push((solve(w, false, &l).0, l, w));
        }
    }
    starts.sort_by(|a, b| b.0.total_cmp(&a.0));
    starts.truncate(p.anchor_starts.max(1.0) as usize);
    let mut best: Option<(f64, Vec<(usize, usize, u8)>, [usize; 2])> = None;
    for (_, mut labels, mut widths) in starts {
        let (mut score, mut lines) = solve(widths, false, &labels);
        for _ in 0..ANCHOR_ROUNDS {
            let before = (widths, labels.clone());
            // Labels by majority, readings under the labels, until they agree.
            for _ in 0..8 {
                let next = majority(n, &lines, &clusters, &labels);
                if next == labels {
                    break;
                }
                labels = next;
                (score, lines) = solve(widths, false, &labels);
            }
            // Each label of the largest clusters flipped in turn, kept when the total rises.
            for c in 0..clusters.len().min(MAX_FLIPS) {
                let old = labels[c];
                labels[c] = Some(old.map_or(0, |s| 1 - s));
                if solve(widths, false, &labels).0 <= score + 1e-9 {
                    labels[c] = old;
                }
            }
            let (w, _) = search_widths(true, |w| solve(w, false, &labels).0);
            widths = w;
            (score, lines) = solve(widths, false, &labels);
            if (widths, labels.clone()) == before {
                break;
            }
        }
        if best.as_ref().map_or(true, |b| score > b.0) {
            best = Some((score, lines, widths));
        }
    }
    let Some((score, lines, widths)) = best else {
        return FlatReading::default();
    };
    // One column holds every cluster whole.
    let all_one = vec![Some(0u8); clusters.len()];
    let (_, single) = search_widths(false, |w| solve(w, true, &all_one).0);
    flat_reading(&ws, lines, widths, score - single)
}

/// Longest line, in bytes, the flat reading considers.
const MAX_LINE: usize = 64;

/// The last end (exclusive word index) of a line starting at word `i`: no paragraph break
/// inside, at most [`MAX_LINE`] bytes unless it is one word.
fn line_ends(ws: &[Word<'_>], i: usize) -> usize {
    let mut k = i + 1;
    while k < ws.len() && !ws[k].para_before && ws[k].end - ws[i].start <= MAX_LINE {
        k += 1;
    }
    k
}

/// Per-word stream evidence for the flat programme, as prefix sums: `pre[k][s]` is the sum of
/// the evidence for stream `s` over words `0..k` (empty: none).
type Bias = [Vec<f64>; 2];

fn solve_flat(
    ws: &[Word<'_>],
    gain: &[[f64; MAX_BACK]],
    p: &RowParams,
    w: [usize; 2],
    single: bool,
    bias: &Bias,
) -> (f64, Vec<(usize, usize, u8)>) {
    let n = ws.len();
    let m = MAX_BACK; // index m: no line of the other stream yet
    let states = 8 * (m + 1);
    #[derive(Clone, Copy)]
    struct Flat {
        score: f64,
        from: usize,
        state: usize,
    }
    let neg = Flat {
        score: f64::NEG_INFINITY,
        from: 0,
        state: 0,
    };
    let mut st = vec![neg; (n + 1) * states];
    let (switch, double) = (
        (p.p_switch * (1.0 - p.p_tail)).ln(),
        ((1.0 - p.p_switch) * (1.0 - p.p_tail)).ln(),
    );
    let tail_start = p.p_tail.ln();
    for i in 0..n {
        // Line ends k reachable from i: no paragraph break inside, at most MAX_LINE bytes.
        let last = line_ends(ws, i);
        for k in i + 1..=last {
            let len = ws[k - 1].end - ws[i].start;
            let stop = ws[k - 1].stop;
            let on = |s: usize| {
                if bias[s].is_empty() {
                    0.0
                } else {
                    bias[s][k] - bias[s][i]
                }
            };
            let ls = [
                length_score(p, len, w[0], stop) + p.line_bonus + on(0),
                length_score(p, len, w[1], stop) + p.line_bonus + on(1),
            ];
            let relax = |st: &mut Vec<Flat>, to: usize, v: f64, from_state: usize| {
                let slot = &mut st[k * states + to];
                if v > slot.score {
                    *slot = Flat {
                        score: v,
                        from: i,
                        state: from_state,
                    };
                }
            };
            if i == 0 {
                relax(&mut st, index(m, 0, false, single, m), ls[0], 0);
            } else {
                for from in 0..states {
                    let v = st[i * states + from].score;
                    if v == f64::NEG_INFINITY {
                        continue;
                    }
                    let j = from % (m + 1);
                    let tail = (from / (m + 1)) % 2 == 1;
                    let second = (from / (2 * (m + 1))) % 2 == 1;
                    let s = from / (4 * (m + 1));
                    let same = v + ls[s];
                    if tail {
                        relax(
                            &mut st,
                            index(m, s, false, true, m),
                            same + p.tail_line,
                            from,
                        );
                        continue;
                    }
                    relax(
                        &mut st,
                        index(m, s, false, true, m),
                        same + tail_start,
                        from,
                    );
                    let moved = |j: usize| if j < m && j + k - i < m { j + k - i } else { m };
                    if !second {
                        relax(
                            &mut st,
                            index(m, s, true, false, moved(j)),
                            same + double,
                            from,
                        );
                    }
                    let g = if j < m { gain[i][j] } else { 0.0 };
                    let to = index(m, 1 - s, false, false, (k - i).min(m));
                    relax(&mut st, to, v + ls[1 - s] + switch + g, from);
                }
            }
        }
    }
    let (mut state, score) = st[n * states..]
        .iter()
        .enumerate()
        .map(|(i, x)| (i, x.score))
        .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
    let mut lines = Vec::new();
    let mut k = n;
    while k > 0 {
        let f = st[k * states + state];
        lines.push((f.from, k, (state / (4 * (m + 1))) as u8));
        state = f.state;
        k = f.from;
    }
    lines.reverse();
    (score, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two unrelated texts (written for this test), column A to be set about 26 bytes wide
    /// and column B about 40.
    const A: &str = "The council met on Tuesday evening to hear the report of the water \
        committee, which had spent the summer surveying the springs above the town. Their \
        engineer found that the old reservoir leaks at the northern wall and that the pipes \
        laid in the main street are too narrow for the houses built since. The council \
        voted to borrow the money for a new main and asked the committee to invite tenders \
        before the end of the month.";
    const B: &str = "Farmers in the valley report that the wheat harvest is the best in ten \
        years, although the late rains spoiled some of the barley in the lower fields. Prices \
        at the market on Saturday were firm, and buyers from the city paid more for good \
        grain than they have paid since the war. Several farmers have already ordered new \
        machinery for the coming season, and the dealers expect a busy winter.";

    /// Greedy wrapping at `width` bytes.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut cur = String::new();
        for w in text.split_whitespace() {
            if !cur.is_empty() && cur.len() + 1 + w.len() > width {
                lines.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
        lines.push(cur);
        lines
    }

    /// The rows read across (A, B, now and then one side missing), then the longer column
    /// alone; the flattened text, each line's start and column.
    fn interleave() -> (String, Vec<usize>, Vec<u8>) {
        let (a, b) = (wrap(A, 26), wrap(B, 40));
        let pattern = [0u8, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1];
        let (mut i, mut j) = (0, 0);
        let (mut text, mut starts, mut cols) = (String::new(), Vec::new(), Vec::new());
        let mut push = |line: &str, col: u8| {
            if !text.is_empty() {
                text.push(' ');
            }
            starts.push(text.len());
            cols.push(col);
            text.push_str(line);
        };
        for &c in pattern
            .iter()
            .chain(std::iter::repeat(&0).take(a.len() + b.len()))
        {
            match c {
                0 if i < a.len() => {
                    push(&a[i], 0);
                    i += 1;
                }
                _ if j < b.len() => {
                    push(&b[j], 1);
                    j += 1;
                }
                _ if i < a.len() => {
                    push(&a[i], 0);
                    i += 1;
                }
                _ => break,
            }
        }
        (text, starts, cols)
    }

    /// Share of column A's words (in order) that a reading's stream 0 holds, and likewise
    /// for B and stream 1: a longest common subsequence over the word count.
    fn order(streams: [String; 2]) -> f64 {
        fn lcs(a: &[&str], b: &[&str]) -> usize {
            let mut row = vec![0usize; b.len() + 1];
            for x in a {
                let mut diag = 0;
                for (k, y) in b.iter().enumerate() {
                    let up = row[k + 1];
                    row[k + 1] = if x == y { diag + 1 } else { up.max(row[k]) };
                    diag = up;
                }
            }
            row[b.len()]
        }
        let truth: Vec<&str> = A.split_whitespace().chain(B.split_whitespace()).collect();
        let read: Vec<&str> = streams.iter().flat_map(|s| s.split_whitespace()).collect();
        lcs(&read, &truth) as f64 / truth.len() as f64
    }

    #[test]
    fn known_lines_are_read_back_into_their_columns() {
        let lex = Lexicon::embedded();
        let (text, starts, cols) = interleave();
        let got = read(
            &text,
            &starts,
            &lex,
            &Vocab::of(&text),
            &RowParams::default(),
        );
        let wrong = got.iter().zip(&cols).filter(|(g, c)| g != c).count();
        assert!(
            wrong <= 1,
            "{wrong} of {} lines misread: {got:?} vs {cols:?}",
            cols.len()
        );
        assert!(read("", &[], &lex, &Vocab::default(), &RowParams::default()).is_empty());
    }

    #[test]
    fn flattened_rows_are_cut_into_lines_in_order() {
        let lex = Lexicon::embedded();
        let (text, starts, cols) = interleave();
        let lines = read_flat(&text, &lex, &Vocab::of(&text), &RowParams::flat()).lines;
        // The lines cover the text in order, each at most MAX_LINE bytes.
        let mut at = 0;
        for (span, _) in &lines {
            assert!(
                text[at..span.start].trim().is_empty(),
                "gap before {span:?}"
            );
            assert!(span.len() <= MAX_LINE, "{span:?}");
            at = span.end;
        }
        assert_eq!(at, text.len());
        // Where the two widths and the seams agree (the opening rows, with a second line of
        // column B), the cuts and the streams are the true ones.
        for k in 0..7 {
            assert_eq!(
                (lines[k].0.start, lines[k].1),
                (starts[k], cols[k]),
                "line {k}: {lines:?}"
            );
        }
        let mut streams = [String::new(), String::new()];
        for (span, s) in &lines {
            streams[usize::from(*s)].push_str(&text[span.clone()]);
            streams[usize::from(*s)].push(' ');
        }
        assert!(order(streams) > order([text.clone(), String::new()]));
        assert!(read_flat("", &lex, &Vocab::default(), &RowParams::flat())
            .lines
            .is_empty());
    }

    /// The streams of a flat reading as text, stream 0 first.
    fn streams_of(text: &str, r: &FlatReading) -> [String; 2] {
        let mut streams = [String::new(), String::new()];
        for (span, s) in &r.lines {
            streams[usize::from(*s)].push_str(&text[span.clone()]);
            streams[usize::from(*s)].push(' ');
        }
        streams
    }

    #[test]
    fn recurring_content_words_cluster_by_stem_and_skip_common_words() {
        let lex = Lexicon::embedded();
        let text = "The council met. The councils voted. The farmers came and the farmer went \
            with the wheat. There there there.";
        let ws = plain_words(&Doc::new(text));
        let keys = |c: &Vec<usize>| c.iter().map(|&i| ws[i].key.to_string()).collect::<Vec<_>>();
        let got: Vec<Vec<String>> = anchor_clusters(&ws, &lex, &RowParams::default())
            .iter()
            .map(keys)
            .collect();
        // "council"/"councils" and "farmers"/"farmer" share stems; "wheat" occurs once;
        // "there" is among the commonest words.
        assert_eq!(
            got,
            vec![vec!["council", "councils"], vec!["farmers", "farmer"]]
        );
    }

    #[test]
    fn anchors_lift_the_flat_reading_of_two_articles() {
        let lex = Lexicon::embedded();
        let p = RowParams::flat();
        let (text, _, _) = interleave();
        let vocab = Vocab::of(&text);
        let anchored = read_anchored(&text, &lex, &vocab, &p);
        let plain = read_flat(&text, &lex, &vocab, &p);
        let ws = plain_words(&Doc::new(&text));
        let clusters = anchor_clusters(&ws, &lex, &p);
        assert!(clusters.len() >= 3, "{clusters:?}");
        // On these two texts the anchors (council, committee, farmers…) lift the reading
        // well above both the plain flat reading and the text as read.
        let (a, b) = (order(streams_of(&text, &anchored)), order(streams_of(&text, &plain)));
        let raw = order([text.clone(), String::new()]);
        assert!(a > b + 0.1 && a > raw, "anchored {a:.3}, plain {b:.3}, as read {raw:.3}");
        assert!(read_anchored("", &lex, &Vocab::default(), &p).lines.is_empty());
    }

    #[test]
    fn the_width_search_climbs_to_the_top_of_a_smooth_score() {
        let (w, v) = search_widths(true, |w| {
            -((w[0] as f64 - 33.0).powi(2)) - (w[1] as f64 - 41.0).powi(2)
        });
        assert_eq!((w, v), ([33, 41], 0.0));
        // One column: only the first width moves.
        let (w, _) = search_widths(false, |w| -((w[0] as f64 - 17.0).abs()));
        assert_eq!(w[0], 17);
        // The widths stay within the range read.
        let (w, _) = search_widths(true, |w| (w[0] + w[1]) as f64);
        assert_eq!(w, [*WIDTHS.end(); 2]);
    }

    #[test]
    fn an_interleaving_gains_more_than_its_columns_read_in_order() {
        let lex = Lexicon::embedded();
        let p = RowParams::flat();
        let (text, _, _) = interleave();
        let read = |t: &str| read_flat(t, &lex, &Vocab::of(t), &p);
        let mixed = read(&text);
        let (a, b) = (wrap(A, 26).join(" "), wrap(B, 40).join(" "));
        let in_order = read(&format!("{a}\n\n{b}"));
        assert_eq!(mixed.words, in_order.words);
        assert!(
            mixed.gain_per_word() > 0.0 && mixed.gain_per_word() > in_order.gain_per_word(),
            "interleaved {:.4} against in order {:.4}",
            mixed.gain_per_word(),
            in_order.gain_per_word()
        );
        assert_eq!(read("").gain_per_word(), 0.0);
    }

    #[test]
    fn seams_weigh_sentence_shape_broken_words_and_pairs() {
        let lex = Lexicon::embedded();
        let text = "end. The end. the reconstruc tion of the of water";
        let vocab = Vocab::of(text);
        let words = Words::new(&lex, &vocab);
        let ws = plain_words(&Doc::new(text));
        let lm = Lm::from_parts(&lex, &vocab, None);
        let p = RowParams::default();
        let s = |i: usize, k: usize| seam(&lm, &words, &p, &ws[i], &ws[k]);
        // After a full stop a capital is expected, a lowercase word is not.
        assert!(s(0, 1) > 0.0 && s(0, 3) < 0.0);
        // "reconstruc" … "tion" is one word.
        assert_eq!(s(4, 5), p.fragment);
        // "of the" is a pair; "the of" is expected far above the list's cut-off and missing.
        assert!(s(6, 7) > 1.0, "{}", s(6, 7));
        assert!(s(7, 8) < -1.0, "{}", s(7, 8));
    }
}
