//! Run-length reading of interleaved columns (issue 23): the text of a suspected passage is
//! cut, at word boundaries, into runs that alternate between two streams (column A, column B),
//! each run one or two column lines long. A dynamic programme chooses the cuts, scoring
//! (a) each run's length in bytes against its stream's column width, estimated from the
//! passage itself (the widths are refitted from the runs found, a few rounds, from several
//! starting widths); (b) how well each run's first word continues its own stream's previous
//! run against the pair it breaks in the text as read ([`Scorer::join`]: lexicon word pairs,
//! sentence ends and capitals); (c) broken words rejoined across the other column's line
//! ("reconstruc" … "tion", also through [`Scorer::join`]); (d) paragraph breaks, which a
//! zoning puts at line ends, so inside a one-line run they cost. One column may give two lines
//! in a row (a run about twice its width), and when one column runs out the other may go on
//! alone (a tail, read as is). Text before the passage (a heading) may stay as it is up to a
//! paragraph break.
//!
//! The state is (start of the current run, its end, its stream); a run holds at most
//! [`MAX_RUN`] words, so the programme is linear in the passage length.
//!
//! Detection: a paragraph is screened with the same programme ([`screen`]); a passage is
//! the screened paragraphs and the paragraphs around them, read as a whole and kept when its
//! gain per run over the text as read clears [`RunParams::min_per_run`]. The weights and
//! thresholds are fitted on synthetic interleavings of the training set
//! (`tools/columns_synth.py`, `examples/columns_fit.rs`), never on the development sets.

use super::{plain_words, Scorer, Word, Words};
use crate::doc::Doc;
use crate::lexicon::Lexicon;
use crate::tokens::Vocab;

/// Most words one run may hold (two lines of a wide column of short words).
pub const MAX_RUN: usize = 28;

/// Weights and thresholds of the run-length reading.
#[derive(Debug, Clone)]
pub struct RunParams {
    /// Weight of the run-length log-likelihood ratio.
    pub len_weight: f32,
    /// Weight of the word-pair evidence at the seams.
    pub lm_weight: f32,
    /// Spread (bytes) of a full line's length around its column's width.
    pub sigma: f32,
    /// Prior shares of runs of one full line, two full lines, one short line (a paragraph's
    /// last), and a full line with a short one.
    pub p_one: f32,
    pub p_two: f32,
    pub p_short: f32,
    pub p_mixed: f32,
    /// Cost of a paragraph break inside a one-line run.
    pub para_inside: f32,
    /// Share of the short-line prior left to a short line that ends no sentence.
    pub short_open: f32,
    /// Added to every run's length log-likelihood (which is otherwise at most about -2.4).
    pub run_bonus: f32,
    /// A passage is kept when its gain per run is at least this, over at least
    /// `min_runs` runs.
    pub min_per_run: f32,
    pub min_runs: usize,
    /// A paragraph screens as interleaved at this gain per run.
    pub screen_per_run: f32,
}

impl Default for RunParams {
    fn default() -> Self {
        RunParams {
            len_weight: 1.0,
            lm_weight: 0.3,
            sigma: 2.5,
            p_one: 0.7,
            p_two: 0.01,
            p_short: 0.03,
            p_mixed: 0.002,
            para_inside: 4.0,
            short_open: 0.05,
            run_bonus: 0.0,
            min_per_run: 2.0,
            min_runs: 8,
            screen_per_run: 1.5,
        }
    }
}

/// Narrowest and widest column widths considered, in bytes.
const MIN_WIDTH: f32 = 18.0;
const MAX_WIDTH: f32 = 56.0;
/// Longest run considered, in bytes.
const MAX_LEN: usize = 125;
/// Widths the refitting starts from.
const START_WIDTHS: [f32; 4] = [27.0, 32.0, 37.0, 43.0];
const ROUNDS: usize = 4;

/// One run of a reading: words `start..end` of stream `stream` (0 = A).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub stream: u8,
}

/// A reading of words `from..n`: the runs (the last may be a tail, `tail` true), its score
/// over the text as read, and the widths it was read with.
#[derive(Debug, Clone)]
pub struct Reading {
    pub from: usize,
    pub runs: Vec<Run>,
    pub tail: bool,
    pub score: f32,
    pub widths: [f32; 2],
}

impl Reading {
    /// Runs that are not the tail.
    pub fn interleaved_runs(&self) -> usize {
        self.runs.len() - usize::from(self.tail)
    }

    pub fn per_run(&self) -> f32 {
        self.score / self.interleaved_runs().max(1) as f32
    }

    /// Word indices of each stream in reading order.
    pub fn streams(&self) -> [Vec<usize>; 2] {
        let mut s = [Vec::new(), Vec::new()];
        for r in &self.runs {
            s[r.stream as usize].extend(r.start..r.end);
        }
        s
    }
}

/// Seam scores of one passage, computed once.
pub(super) struct Seams {
    /// Bytes of the words before word i (prefix sums, spaces counted as one).
    pre: Vec<usize>,
    /// Score of the pair broken before word j.
    asread: Vec<f32>,
    /// Score of word j opening a stream.
    start: Vec<f32>,
    /// Score of word j following word j-d-1 (d = 1..MAX_RUN).
    cont: Vec<[f32; MAX_RUN + 1]>,
    /// A paragraph break precedes word j.
    para: Vec<bool>,
    /// Word j-1 ends a sentence.
    stop: Vec<bool>,
}

impl Seams {
    pub(super) fn new(text: &str, ws: &[Word], sc: &Scorer<'_>) -> Seams {
        let n = ws.len();
        let mut pre = vec![0usize; n + 1];
        for (i, w) in ws.iter().enumerate() {
            pre[i + 1] = pre[i] + text[w.start..w.end].chars().count() + 1;
        }
        let mut s = Seams {
            pre,
            asread: vec![0.0; n + 1],
            start: vec![0.0; n + 1],
            cont: vec![[f32::NEG_INFINITY; MAX_RUN + 1]; n + 1],
            para: ws.iter().map(|w| w.para_before).chain([true]).collect(),
            stop: [false].into_iter().chain(ws.iter().map(|w| w.stop)).collect(),
        };
        for j in 1..n {
            s.asread[j] = sc.join(&ws[j - 1], &ws[j]).0;
            s.start[j] = sc.start(&ws[j]);
            for d in 1..=MAX_RUN.min(j - 1) {
                s.cont[j][d] = sc.join(&ws[j - d - 1], &ws[j]).0;
            }
        }
        s
    }

    /// Length in bytes of words i..k joined by single spaces.
    fn len(&self, i: usize, k: usize) -> usize {
        self.pre[k] - self.pre[i] - 1
    }

    /// Whether a run ending before word k may be the short last line of a paragraph.
    fn ends(&self, k: usize) -> bool {
        self.para[k] || self.stop[k]
    }

    fn para_inside(&self, i: usize, k: usize) -> bool {
        (i + 1..k).any(|j| self.para[j])
    }
}

fn normal(x: f32, mu: f32, sigma: f32) -> f32 {
    let z = (x - mu) / sigma;
    (-0.5 * z * z).exp() / (sigma * 2.5066283)
}

/// Log-likelihood ratio of a run of `len` bytes in a column `w` wide, against the background;
/// and whether a paragraph break inside is allowed (a two-line run).
fn len_score(p: &RunParams, len: usize, w: f32, para_inside: bool, ends: bool) -> f32 {
    let x = len as f32;
    let one = p.p_one * normal(x, w, p.sigma);
    let two = p.p_two * normal(x, 2.0 * w + 1.0, p.sigma * 1.5);
    // A short line ends a paragraph: a sentence ends there, or the text has a break.
    let end_share = if ends { 1.0 } else { p.short_open };
    let short = if x < w - 2.0 { end_share * p.p_short / w } else { 0.0 };
    let mixed = if x > w && x < 2.0 * w + 1.0 { end_share * p.p_mixed / w } else { 0.0 };
    let mut lik = one + two + short + mixed;
    if para_inside {
        // A paragraph break inside a run: fine between two lines, not within one.
        lik = two + mixed + (one + short) * (-p.para_inside).exp();
    }
    lik.max(1e-12).ln() + p.run_bonus
}

/// Length score of words j..n read as is, cut into the best lines of a column `w` wide, for
/// every j: a tail (one column going on alone) is scored as lines of its column, so it is no
/// cheaper than interleaving.
fn lines(s: &Seams, n: usize, p: &RunParams, w: f32) -> Vec<f32> {
    let mut best = vec![f32::NEG_INFINITY; n + 1];
    best[n] = 0.0;
    for j in (0..n).rev() {
        for k in j + 1..=n.min(j + MAX_RUN) {
            let len = s.len(j, k);
            if len > MAX_LEN {
                break;
            }
            let v = p.len_weight * len_score(p, len, w, s.para_inside(j, k), s.ends(k)) + best[k];
            if v > best[j] {
                best[j] = v;
            }
        }
    }
    best
}

/// Like [`lines`] for words 0..k, for every k: the text before a passage, read as is.
fn lines_before(s: &Seams, n: usize, p: &RunParams, w: f32) -> Vec<f32> {
    let mut best = vec![f32::NEG_INFINITY; n + 1];
    best[0] = 0.0;
    for k in 1..=n {
        for j in (k.saturating_sub(MAX_RUN)..k).rev() {
            let len = s.len(j, k);
            if len > MAX_LEN {
                break;
            }
            let v = p.len_weight * len_score(p, len, w, s.para_inside(j, k), s.ends(k)) + best[j];
            if v > best[k] {
                best[k] = v;
            }
        }
    }
    best
}

/// Best reading of words `0..n` with column widths `w`; `head` allows the passage to begin at
/// any paragraph break, the words before staying as they are.
fn solve(s: &Seams, n: usize, p: &RunParams, w: [f32; 2], head: bool) -> Option<Reading> {
    const K: usize = MAX_RUN + 1;
    // dp[(j * K + d) * 3 + st]: best score with the current run (j-d)..j, where st = 0: the
    // first run (stream A), 1: a later run of stream A, 2: of stream B.
    let neg = f32::NEG_INFINITY;
    let mut dp = vec![neg; (n + 1) * K * 3];
    let mut back = vec![0u8; (n + 1) * K * 3];
    let idx = |j: usize, d: usize, st: usize| (j * K + d) * 3 + st;
    let lw = p.len_weight;
    let lm = p.lm_weight;
    let tails = [lines(s, n, p, w[0]), lines(s, n, p, w[1])];
    let before = lines_before(s, n, p, w[0]);
    for h in 0..n {
        if h > 0 && !(head && s.para[h]) {
            continue;
        }
        let lead = before[h];
        for d in 1..K.min(n - h + 1) {
            let k = h + d;
            let len = s.len(h, k);
            if len > MAX_LEN {
                break;
            }
            let v = lead + lw * len_score(p, len, w[0], s.para_inside(h, k), s.ends(k));
            if v > dp[idx(k, d, 0)] {
                dp[idx(k, d, 0)] = v;
            }
        }
    }
    for j in 1..n {
        for d in 1..K.min(j + 1) {
            for st in 0..3 {
                let cur = dp[idx(j, d, st)];
                if cur == neg {
                    continue;
                }
                let i = j - d;
                // The next run is of the other stream; its own previous run ended at i.
                let (next_st, stream) = if st == 2 { (1, 0) } else { (2, 1) };
                let seam = if st == 0 {
                    s.start[j] - s.asread[j]
                } else {
                    // i >= 1 here: a later run has a run before it.
                    let gap = j - i;
                    if gap > MAX_RUN || i == 0 {
                        continue;
                    }
                    s.cont[j][gap] - s.asread[j]
                };
                let base = cur + lm * seam;
                for d2 in 1..K.min(n - j + 1) {
                    let k = j + d2;
                    let len = s.len(j, k);
                    if len > MAX_LEN {
                        break;
                    }
                    let v = base + lw * len_score(p, len, w[stream], s.para_inside(j, k), s.ends(k));
                    let t = idx(k, d2, next_st);
                    if v > dp[t] {
                        dp[t] = v;
                        back[t] = (d * 3 + st) as u8;
                    }
                }
            }
        }
    }
    // Ends: the last run ends the text, or a tail follows (same stream: the text as read;
    // the other stream: one more seam).
    let mut best: Option<(f32, usize, usize, usize, Option<u8>)> = None;
    for j in 1..=n {
        for d in 1..K.min(j + 1) {
            for st in 1..3 {
                let cur = dp[idx(j, d, st)];
                if cur == neg {
                    continue;
                }
                let stream = if st == 2 { 1u8 } else { 0u8 };
                let tc = |t: u8| tails[t as usize][j];
                let mut cands = vec![(
                    cur + if j < n { tc(stream) } else { 0.0 },
                    if j < n { Some(stream) } else { None },
                )];
                if j < n && j - d >= 1 && d <= MAX_RUN {
                    let seam = s.cont[j][d] - s.asread[j];
                    cands.push((cur + lm * seam + tc(1 - stream), Some(1 - stream)));
                }
                for (v, tail) in cands {
                    if best.as_ref().is_none_or(|b| v > b.0) {
                        best = Some((v, j, d, st, tail));
                    }
                }
            }
        }
    }
    let (score, mut j, mut d, mut st, tail) = best?;
    let mut runs = Vec::new();
    let end = j;
    loop {
        let stream = if st == 2 { 1 } else { 0 };
        runs.push(Run {
            start: j - d,
            end: j,
            stream,
        });
        if st == 0 {
            break;
        }
        let b = back[idx(j, d, st)] as usize;
        j -= d;
        d = b / 3;
        st = b % 3;
    }
    runs.reverse();
    let from = runs[0].start;
    if let Some(t) = tail {
        runs.push(Run {
            start: end,
            end: n,
            stream: t,
        });
    }
    Some(Reading {
        from,
        runs,
        tail: tail.is_some(),
        score,
        widths: w,
    })
}

/// Refits each stream's width from the one-line runs of a reading (their median).
fn refit(s: &Seams, r: &Reading) -> [f32; 2] {
    let mut w = r.widths;
    for (stream, wi) in w.iter_mut().enumerate() {
        let mut lens: Vec<f32> = r
            .runs
            .iter()
            .take(r.interleaved_runs())
            .filter(|x| x.stream as usize == stream)
            .map(|x| s.len(x.start, x.end) as f32)
            .filter_map(|l| {
                // A one-line run says its width; a two-line run half of it.
                if (l - *wi).abs() <= 10.0 {
                    Some(l)
                } else if (l - 2.0 * *wi - 1.0).abs() <= 14.0 {
                    Some((l - 1.0) / 2.0)
                } else {
                    None
                }
            })
            .collect();
        if lens.len() >= 3 {
            lens.sort_by(f32::total_cmp);
            *wi = lens[lens.len() / 2].clamp(MIN_WIDTH, MAX_WIDTH);
        }
    }
    w
}

/// Best reading of the passage over the starting widths, each refitted a few rounds.
pub(super) fn best_reading(s: &Seams, n: usize, p: &RunParams, head: bool) -> Option<Reading> {
    let mut best: Option<Reading> = None;
    let starts = START_WIDTHS
        .iter()
        .flat_map(|&a| START_WIDTHS.iter().map(move |&b| [a, b]));
    for mut w in starts {
        for _ in 0..ROUNDS {
            let Some(r) = solve(s, n, p, w, head) else {
                break;
            };
            let w2 = refit(s, &r);
            let better = best.as_ref().is_none_or(|b| r.score > b.score);
            if better {
                best = Some(r);
            }
            if w2 == w {
                break;
            }
            w = w2;
        }
    }
    // The score becomes a gain over the text as read: one column, lines of either width.
    if let Some(b) = best.as_mut() {
        let null = lines(s, n, p, b.widths[0])[0].max(lines(s, n, p, b.widths[1])[0]);
        b.score -= null;
    }
    best
}

/// Words of a paragraph screened at most (the start of a long paragraph tells).
const SCREEN_WORDS: usize = 160;
/// Fewest words a paragraph needs to be screened (about five lines).
const SCREEN_MIN_WORDS: usize = 28;

/// Finds interleaved passages in `text` with the run reading.
pub fn find(text: &str, lex: &Lexicon, vocab: &Vocab, p: &RunParams) -> Vec<(std::ops::Range<usize>, Reading, Vec<usize>)> {
    let ws = plain_words(&Doc::new(text));
    let sc = Scorer::new(lex, vocab);
    // Paragraphs as word ranges.
    let mut paras: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 || w.para_before {
            paras.push(i..i + 1);
        } else if let Some(last) = paras.last_mut() {
            last.end = i + 1;
        }
    }
    let mut seeds = vec![false; paras.len()];
    for (k, r) in paras.iter().enumerate() {
        if r.len() < SCREEN_MIN_WORDS {
            continue;
        }
        let sub = &ws[r.start..r.end.min(r.start + SCREEN_WORDS)];
        let s = Seams::new(text, sub, &sc);
        if let Some(rd) = best_reading(&s, sub.len(), p, false) {
            seeds[k] = rd.interleaved_runs() >= 4 && rd.per_run() >= p.screen_per_run;
        }
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < paras.len() {
        if !seeds[k] {
            k += 1;
            continue;
        }
        // The passage: seeded paragraphs a paragraph apart at most, and up to two more after
        // them (a column that goes on alone).
        let first = k;
        let mut last = k;
        let mut m = k + 1;
        while m < paras.len() && m <= last + 2 {
            if seeds[m] {
                last = m;
            }
            m += 1;
        }
        let end_para = (last + 2).min(paras.len() - 1);
        let range = paras[first].start..paras[end_para].end;
        let sub = &ws[range.clone()];
        let s = Seams::new(text, sub, &sc);
        if let Some(rd) = best_reading(&s, sub.len(), p, true) {
            if rd.interleaved_runs() >= p.min_runs && rd.per_run() >= p.min_per_run {
                let idx: Vec<usize> = (range.start..range.end).collect();
                let span = ws[range.start + rd.from].start..ws[range.end - 1].end;
                out.push((span, rd, idx));
            }
        }
        k = end_para + 1;
    }
    out
}

/// Writes a passage's two streams: column A, a paragraph break, column B, rejoining broken
/// words across the seams.
pub fn write(text: &str, lex: &Lexicon, vocab: &Vocab, rd: &Reading, idx: &[usize]) -> String {
    let ws = plain_words(&Doc::new(text));
    let words = Words::new(lex, vocab);
    let streams = rd.streams();
    let nl = super::newline_of(text);
    let mut out = String::new();
    for (k, s) in streams.iter().enumerate() {
        if s.is_empty() {
            continue;
        }
        if k == 1 && !out.is_empty() {
            out.push_str(nl);
            out.push_str(nl);
        }
        let col: Vec<usize> = s.iter().map(|&i| idx[i]).collect();
        super::write_stream(text, &ws, &col, &words, &mut out);
    }
    out
}

/// Score of a given reading (runs alternating from stream A, the last possibly a tail) with
/// widths `w`, by the terms of [`solve`]; `None` if it is not one the programme can make.
fn score_runs(s: &Seams, runs: &[Run], tail: bool, p: &RunParams, w: [f32; 2]) -> Option<f32> {
    let mut total = 0.0;
    let body = runs.len() - usize::from(tail);
    for (r, run) in runs.iter().enumerate() {
        if r > 0 {
            let j = run.start;
            let seam = if r == 1 {
                s.start[j] - s.asread[j]
            } else {
                let prev_own = if r == body && tail && run.stream == runs[r - 1].stream {
                    None
                } else {
                    Some(runs[r - 1].start)
                };
                match prev_own {
                    None => 0.0,
                    Some(i) => {
                        let gap = j - i;
                        if gap > MAX_RUN || i == 0 {
                            return None;
                        }
                        s.cont[j][gap] - s.asread[j]
                    }
                }
            };
            total += p.lm_weight * seam;
        }
        if r == body {
            total += lines(s, run.end, p, w[run.stream as usize])[run.start];
        }
        if r < body {
            if run.end - run.start > MAX_RUN {
                return None;
            }
            let len = s.len(run.start, run.end);
            total += p.len_weight
                * len_score(
                    p,
                    len,
                    w[run.stream as usize],
                    s.para_inside(run.start, run.end),
                    s.ends(run.end),
                );
        }
    }
    Some(total)
}

/// Development aid: the score of the true reading of `text` (its lines start at the byte
/// offsets given, each with its stream) against the best reading found; prints both.
pub fn oracle(text: &str, lex: &Lexicon, vocab: &Vocab, starts: &[(usize, u8)], p: &RunParams) -> String {
    let ws = plain_words(&Doc::new(text));
    let sc = Scorer::new(lex, vocab);
    let s = Seams::new(text, &ws, &sc);
    let label = |w: &Word| {
        let k = starts.partition_point(|&(o, _)| o <= w.start);
        starts[k.saturating_sub(1)].1
    };
    // The tail: from the last line of the stream that ends first.
    let last = |c: u8| starts.iter().rposition(|l| l.1 == c).unwrap_or(0);
    let tail_from = last(0).min(last(1)) + 1;
    let tail_start = starts.get(tail_from).map(|l| l.0);
    let mut runs: Vec<Run> = Vec::new();
    let mut tail = false;
    for (i, w) in ws.iter().enumerate() {
        let c = label(w);
        let in_tail = tail_start.is_some_and(|t| w.start >= t);
        match runs.last_mut() {
            Some(r) if r.stream == c || (in_tail && tail) => r.end = i + 1,
            _ => {
                if in_tail {
                    tail = true;
                }
                runs.push(Run { start: i, end: i + 1, stream: c })
            }
        }
    }
    let found = best_reading(&s, ws.len(), p, false);
    let fw = found.as_ref().map_or([35.0, 35.0], |f| f.widths);
    let true_r = Reading { from: 0, runs: runs.clone(), tail, score: 0.0, widths: fw };
    let tw = refit(&s, &true_r);
    let null = |w: [f32; 2]| lines(&s, ws.len(), p, w[0])[0].max(lines(&s, ws.len(), p, w[1])[0]);
    let t1 = score_runs(&s, &runs, tail, p, fw).map(|x| x - null(fw));
    let t2 = score_runs(&s, &runs, tail, p, tw).map(|x| x - null(tw));
    let mut seams_true = 0.0;
    let mut lens_true = 0.0;
    for (r, run) in runs.iter().enumerate() {
        if r >= 2 && r < runs.len() - usize::from(tail) {
            let gap = run.start - runs[r - 1].start;
            if gap <= MAX_RUN {
                seams_true += s.cont[run.start][gap] - s.asread[run.start];
            }
        }
        if std::env::var_os("RUNS").is_some() {
            let t: Vec<&str> = (run.start..run.end).map(|i| &text[ws[i].start..ws[i].end]).collect();
            let l = s.len(run.start, run.end);
            let seam = if r >= 2 && run.start - runs[r - 1].start <= MAX_RUN { s.cont[run.start][run.start - runs[r - 1].start] - s.asread[run.start] } else { 0.0 };
            eprintln!("{} {:3} len {:6.2} seam {:6.2} {}", run.stream, l, len_score(p, l, tw[run.stream as usize], s.para_inside(run.start, run.end), s.ends(run.end)), seam, t.join(" "));
        }
        if r < runs.len() - usize::from(tail) {
            lens_true += len_score(p, s.len(run.start, run.end), tw[run.stream as usize], s.para_inside(run.start, run.end), s.ends(run.end));
        }
    }
    format!(
        "true {:?}/{:?} (seams {:.1} lens {:.1}, {} runs, widths {:?}) found {:.1} ({} runs, widths {:?})",
        t1.map(|x| (x * 10.0).round() / 10.0),
        t2.map(|x| (x * 10.0).round() / 10.0),
        seams_true,
        lens_true,
        runs.len(),
        tw,
        found.as_ref().map_or(0.0, |f| f.score),
        found.as_ref().map_or(0, |f| f.runs.len()),
        fw
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reading covers its words once, in order, its runs alternating from stream A (a tail
    /// may continue either stream), each run within the bounds of the programme.
    #[test]
    fn readings_partition_the_passage_in_alternating_runs() {
        let lex = Lexicon::embedded();
        let text = "The committee met on Tuesday evening at the town hall the new bridge over \
            the river will be opened and the members heard the report of the treasurer next month \
            by the mayor and council who which showed a balance in hand of forty pounds have \
            invited the public to attend the ceremony. The secretary read letters from several \
            on the Saturday following the subscribers, and the meeting closed with a vote of thanks.";
        let vocab = Vocab::of(text);
        let ws = plain_words(&Doc::new(text));
        let sc = Scorer::new(&lex, &vocab);
        let s = Seams::new(text, &ws, &sc);
        let rd = best_reading(&s, ws.len(), &RunParams::default(), false).expect("a reading");
        let mut next = rd.from;
        for (k, r) in rd.runs.iter().enumerate() {
            assert_eq!(r.start, next, "runs are contiguous: {:?}", rd.runs);
            assert!(r.end > r.start);
            let is_tail = rd.tail && k + 1 == rd.runs.len();
            if !is_tail {
                assert!(r.end - r.start <= MAX_RUN);
                assert_eq!(r.stream as usize, k % 2, "runs alternate: {:?}", rd.runs);
            }
            next = r.end;
        }
        assert_eq!(next, ws.len());
        let [a, b] = rd.streams();
        assert_eq!(a.len() + b.len(), ws.len() - rd.from);
    }
}
