//! The OCR error model: how likely is it that a printed word came out of the OCR engine as
//! a given string? (the "channel" of a noisy-channel corrector).
//!
//! A [`Channel`] holds substitution rules `α → β` (the printed text had `α`, the OCR output
//! shows `β`, each side up to [`MAX_RULE`] characters) with their log probabilities, after
//! Brill & Moore (2000): multi-character confusions ("m" → "rn", "h" → "li", "n" → "ii",
//! "d" → "cl", "w" → "vv", "e" → "c", "s" → "f" for the long s, "l" → "1", lost and doubled
//! letters, stray punctuation) carry their own weights, and anything else falls back to a
//! generic substitution, insertion or deletion cost.
//!
//! The weights are learnt by a [`Trainer`] from aligned OCR / ground-truth texts
//! (`scanno train PAIRS.jsonl -o model.bin`); [`Channel::embedded`] is a model trained on the
//! Overproof (Chronicling America) and ICDAR 2017 English development sets and shipped in
//! `data/channel/default.bin`. Only the learnt weights are shipped, never the texts.
//!
//! All strings are compared lowercased, character by character.

use std::collections::HashMap;
use std::hash::Hasher;

use once_cell::sync::Lazy;

use crate::error::{Error, Result};

/// Longest side of a rule, in characters.
pub const MAX_RULE: usize = 3;

/// Longest word the model scores or generates variants for, in characters; longer words are
/// left alone by the corrector.
pub const MAX_WORD: usize = 32;

/// [`Channel::variants`] tries a second confusion after only this many first ones.
const SECOND_EDIT_FROM: usize = 40;

/// Up to [`MAX_RULE`] characters packed into an integer (21 bits each; 0 = empty).
type Key = u64;

fn pack(chars: &[char]) -> Key {
    chars
        .iter()
        .fold(0u64, |k, &c| (k << 21) | (c as u64 & 0x1F_FFFF).max(1))
}

fn unpack(mut k: Key) -> Vec<char> {
    let mut out = Vec::with_capacity(MAX_RULE);
    while k != 0 {
        out.push(char::from_u32((k & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}'));
        k >>= 21;
    }
    out.reverse();
    out
}

/// Lowercases `word` into `out` (one char per char; multi-char lowercase forms keep the first).
/// Returns false when the word is longer than [`MAX_WORD`].
pub fn fold_into(word: &str, out: &mut Vec<char>) -> bool {
    out.clear();
    for c in word.chars() {
        if out.len() == MAX_WORD {
            return false;
        }
        out.push(if c == 'ſ' {
            's'
        } else {
            c.to_lowercase().next().unwrap_or(c)
        });
    }
    true
}

/// One rule of the model, for reports and `scanno suggest`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// What was printed.
    pub printed: String,
    /// What the OCR read.
    pub read: String,
    /// Natural log of P(read | printed).
    pub log_prob: f32,
}

/// The OCR error model. Cheap to share (`&Channel`); [`Channel::embedded`] is built once.
#[derive(Debug, Clone)]
pub struct Channel {
    /// Printed `α` → every `(β, β length, log P(β | α))`, most likely first.
    by_printed: HashMap<Key, Vec<(Key, u8, f32)>>,
    /// Read `β` → every `(α, log P(β | α))`, most likely first (for generating candidates).
    by_read: HashMap<Key, Vec<(Vec<char>, f32)>>,
    /// Log probability that a printed character is read as itself.
    keep: f32,
    /// Generic log costs of a single-character substitution, deletion (printed char lost)
    /// and insertion (stray char read), for confusions the rules do not list.
    sub: f32,
    del: f32,
    ins: f32,
}

static EMBEDDED: Lazy<Channel> = Lazy::new(|| {
    Channel::from_bytes(include_bytes!("../data/channel/default.bin"))
        .unwrap_or_else(|_| Channel::generic())
});

const MAGIC: &[u8; 8] = b"SCNCHAN1";

impl Channel {
    /// The default model, trained on the development sets (parsed once, then shared).
    pub fn embedded() -> &'static Channel {
        &EMBEDDED
    }

    /// A model with no rules: every confusion costs the same generic amount.
    pub fn generic() -> Channel {
        Channel::from_rules(Vec::new(), (0.99f32).ln(), -9.0, -9.5, -9.5)
    }

    fn from_rules(rules: Vec<Rule>, keep: f32, sub: f32, del: f32, ins: f32) -> Channel {
        let mut by_printed: HashMap<Key, Vec<(Key, u8, f32)>> = HashMap::new();
        let mut by_read: HashMap<Key, Vec<(Vec<char>, f32)>> = HashMap::new();
        for r in rules {
            let a: Vec<char> = r.printed.chars().collect();
            let b: Vec<char> = r.read.chars().collect();
            if a.len() > MAX_RULE || b.len() > MAX_RULE || (a.is_empty() && b.is_empty()) || a == b
            {
                continue;
            }
            by_printed
                .entry(pack(&a))
                .or_default()
                .push((pack(&b), b.len() as u8, r.log_prob));
            by_read.entry(pack(&b)).or_default().push((a, r.log_prob));
        }
        for v in by_printed.values_mut() {
            v.sort_by(|x, y| y.2.total_cmp(&x.2));
        }
        for v in by_read.values_mut() {
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        }
        Channel {
            by_printed,
            by_read,
            keep,
            sub,
            del,
            ins,
        }
    }

    /// Every rule, sorted by printed then read form.
    pub fn rules(&self) -> Vec<Rule> {
        let mut out: Vec<Rule> = self
            .by_printed
            .iter()
            .flat_map(|(&a, v)| {
                v.iter().map(move |&(b, _, p)| Rule {
                    printed: unpack(a).into_iter().collect(),
                    read: unpack(b).into_iter().collect(),
                    log_prob: p,
                })
            })
            .collect();
        out.sort_by(|x, y| x.printed.cmp(&y.printed).then_with(|| x.read.cmp(&y.read)));
        out
    }

    /// The log probability of one rule, if the model lists it.
    pub fn rule(&self, printed: &str, read: &str) -> Option<f32> {
        let a: Vec<char> = printed.chars().collect();
        let b: Vec<char> = read.chars().collect();
        self.by_printed
            .get(&pack(&a))?
            .iter()
            .find(|r| r.0 == pack(&b))
            .map(|r| r.2)
    }

    /// Log probability that a printed character is read correctly.
    pub fn keep_cost(&self) -> f32 {
        self.keep
    }

    /// log P(`read` | `printed`): the best way to turn the printed word into the OCR string
    /// with the model's rules (Viterbi over rule segmentations). Both are lowercased chars
    /// (see [`fold_into`]). Returns `f32::NEG_INFINITY` for words over [`MAX_WORD`].
    ///
    /// Cost: about (|printed|+1)·(|read|+1)·4 hash look-ups, a few µs for a 10-letter word.
    pub fn log_prob(&self, printed: &[char], read: &[char]) -> f32 {
        let (n, m) = (printed.len(), read.len());
        if n > MAX_WORD || m > MAX_WORD {
            return f32::NEG_INFINITY;
        }
        const W: usize = MAX_WORD + 1;
        let mut d = [[f32::NEG_INFINITY; W]; W];
        d[0][0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                let here = d[i][j];
                if here == f32::NEG_INFINITY {
                    continue;
                }
                let mut relax = |ii: usize, jj: usize, cost: f32| {
                    if here + cost > d[ii][jj] {
                        d[ii][jj] = here + cost;
                    }
                };
                if i < n && j < m {
                    if printed[i] == read[j] {
                        relax(i + 1, j + 1, self.keep);
                    } else {
                        relax(i + 1, j + 1, self.sub);
                    }
                }
                if i < n {
                    relax(i + 1, j, self.del);
                }
                if j < m {
                    relax(i, j + 1, self.ins);
                }
                for a in 1..=MAX_RULE.min(n - i) {
                    if let Some(list) = self.by_printed.get(&pack(&printed[i..i + a])) {
                        for &(b, bl, p) in list {
                            let bl = bl as usize;
                            if j + bl <= m && pack(&read[j..j + bl]) == b {
                                relax(i + a, j + bl, p);
                            }
                        }
                    }
                }
            }
        }
        d[n][m]
    }

    /// Fills `out` with strings the OCR string `read` may have been printed as, reachable
    /// with at most `max_edits` listed rules (the model's multi-character confusions), each
    /// with the channel log probability of that derivation (rescore with
    /// [`Channel::log_prob`]). Derivations cheaper than `floor` are pruned and at most `cap`
    /// variants are produced. `read` itself is not included. Generic one-letter confusions
    /// are not generated here: [`crate::lexicon::Lexicon::candidates`] finds those far
    /// more cheaply against the lexicon.
    ///
    /// Cost: bounded by `cap` (each variant one allocation); with the embedded model, a
    /// floor 10 nats below a correct reading and `max_edits` = 2, a few dozen variants for a
    /// 6–10 letter word, about 5–20 µs.
    pub fn variants(
        &self,
        read: &[char],
        max_edits: u8,
        floor: f32,
        cap: usize,
        out: &mut Vec<(String, f32)>,
    ) {
        out.clear();
        let anything = |_: &[char]| true;
        self.each_variant(read, max_edits, floor, cap, &anything, &mut |v, cost| {
            out.push((v.iter().collect(), cost))
        });
        out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        out.dedup_by(|a, b| a.0 == b.0);
    }

    /// The derivations of [`Channel::variants`] handed to `visit` as they are found (the
    /// printed chars and the derivation's log probability), without allocating or sorting
    /// them: a variant reached by two derivations is visited twice; `read` itself is not
    /// visited. At most `cap` visits. Only derivations whose text so far passes `prefix_ok`
    /// (for example: some lexicon word starts with it) are followed: a derivation is cut at
    /// the first confusion that leaves the lexicon's words, and a second confusion is only
    /// sought where the text after the first still begins some word, so most of the work is
    /// spared for a misreading far from any word.
    pub fn each_variant(
        &self,
        read: &[char],
        max_edits: u8,
        floor: f32,
        cap: usize,
        prefix_ok: &dyn Fn(&[char]) -> bool,
        visit: &mut dyn FnMut(&[char], f32),
    ) {
        if read.len() > MAX_WORD || max_edits == 0 {
            return;
        }
        let mut visits = 0;
        let mut first = Vec::new();
        let mut full: Vec<char> = Vec::with_capacity(read.len() + 6);
        // How far the unchanged reading stays a prefix of some word: a first confusion must
        // start within it.
        let reach_plain = (0..=read.len())
            .take_while(|&j| prefix_ok(&read[..j]))
            .last()
            .unwrap_or(0);
        self.singles(read, 0, floor, &mut first);
        first.retain(|x| {
            x.at <= reach_plain && {
                full.clear();
                full.extend_from_slice(&read[..x.at]);
                full.extend_from_slice(x.printed);
                prefix_ok(&full)
            }
        });
        dedup_singles(read, &mut first);
        for x in &first {
            if visits >= cap {
                break;
            }
            full.clear();
            full.extend_from_slice(&read[..x.at]);
            full.extend_from_slice(x.printed);
            full.extend_from_slice(&read[x.next..]);
            if full != read {
                visit(&full, x.cost);
                visits += 1;
            }
        }
        if max_edits >= 2 {
            // A second confusion after the first: only from the likeliest first ones.
            first.sort_by(|x, y| y.cost.total_cmp(&x.cost));
            first.truncate(SECOND_EDIT_FROM);
            let mut second = Vec::new();
            'outer: for x in &first {
                // How far the text after the first confusion stays a prefix of some word.
                full.clear();
                full.extend_from_slice(&read[..x.at]);
                full.extend_from_slice(x.printed);
                let mut reach = x.next;
                while reach < read.len() {
                    full.push(read[reach]);
                    if !prefix_ok(&full) {
                        break;
                    }
                    reach += 1;
                }
                self.singles(read, x.next, floor - x.cost, &mut second);
                // Not deduplicated: sorting them cost more than visiting the few duplicates.
                second.retain(|y| y.at <= reach);
                for y in &second {
                    if visits >= cap {
                        break 'outer;
                    }
                    full.clear();
                    full.extend_from_slice(&read[..x.at]);
                    full.extend_from_slice(x.printed);
                    full.extend_from_slice(&read[x.next..y.at]);
                    full.extend_from_slice(y.printed);
                    if !prefix_ok(&full) {
                        continue;
                    }
                    full.extend_from_slice(&read[y.next..]);
                    if full != read {
                        visit(&full, x.cost + y.cost);
                        visits += 1;
                    }
                }
            }
        }
    }

    /// Every single listed confusion in `read[start..]` costing at least `floor` (relative
    /// to a correct reading). No allocation beyond `out`.
    fn singles<'s>(&'s self, read: &[char], start: usize, floor: f32, out: &mut Vec<Single<'s>>) {
        out.clear();
        for j in start..=read.len() {
            // Printed characters the OCR lost before `read[j]`.
            if let Some(list) = self.by_read.get(&0) {
                for (a, p) in list {
                    if *p < floor {
                        break;
                    }
                    out.push(Single {
                        at: j,
                        printed: a,
                        next: j,
                        cost: *p,
                    });
                }
            }
            for b in 1..=MAX_RULE.min(read.len() - j) {
                if let Some(list) = self.by_read.get(&pack(&read[j..j + b])) {
                    for (a, p) in list {
                        let c = p - self.keep * b as f32;
                        if c < floor {
                            break;
                        }
                        out.push(Single {
                            at: j,
                            printed: a,
                            next: j + b,
                            cost: c,
                        });
                    }
                }
            }
        }
    }

    /// Serialises the model (see [`Channel::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let rules = self.rules();
        let mut out = Vec::with_capacity(16 + rules.len() * 12);
        out.extend_from_slice(MAGIC);
        for v in [self.keep, self.sub, self.del, self.ins] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(rules.len() as u32).to_le_bytes());
        for r in &rules {
            for s in [&r.printed, &r.read] {
                out.push(s.len() as u8);
                out.extend_from_slice(s.as_bytes());
            }
            out.extend_from_slice(&r.log_prob.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Channel::to_bytes`] (`scanno train -o model.bin`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Channel> {
        let bad = |what: &str| Error::bad_data(format!("channel model: {what}"));
        let mut r = Reader { bytes, at: 0 };
        if r.take(8).ok_or_else(|| bad("too short"))? != MAGIC {
            return Err(bad("not a scanno channel model (bad magic)"));
        }
        let mut head = [0f32; 4];
        for h in &mut head {
            *h = r.f32().ok_or_else(|| bad("truncated header"))?;
        }
        let n = r.u32().ok_or_else(|| bad("truncated header"))? as usize;
        let mut rules = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let mut side = || -> Option<String> {
                let l = r.take(1)?[0] as usize;
                String::from_utf8(r.take(l)?.to_vec()).ok()
            };
            let printed = side().ok_or_else(|| bad("truncated or invalid rule"))?;
            let read = side().ok_or_else(|| bad("truncated or invalid rule"))?;
            let log_prob = r.f32().ok_or_else(|| bad("truncated rule"))?;
            if !log_prob.is_finite() || log_prob > 0.0 {
                return Err(bad("rule probability out of range"));
            }
            rules.push(Rule {
                printed,
                read,
                log_prob,
            });
        }
        if r.at != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        if head.iter().any(|h| !h.is_finite() || *h > 0.0) {
            return Err(bad("header probability out of range"));
        }
        Ok(Channel::from_rules(
            rules, head[0], head[1], head[2], head[3],
        ))
    }
}

/// One listed confusion found in an OCR string: `read[at..next]` was printed as `printed`.
#[derive(Debug, Clone, Copy)]
struct Single<'s> {
    at: usize,
    printed: &'s [char],
    next: usize,
    cost: f32,
}

/// Keeps the likeliest of the confusions that give the same printed chars up to the same
/// read position (a rule and its context-widened copies: "e"→"o", "ec"→"eo").
fn dedup_singles(read: &[char], v: &mut Vec<Single<'_>>) {
    fn key<'k>(read: &'k [char], x: &Single<'k>) -> impl Iterator<Item = char> + 'k {
        read[..x.at].iter().chain(x.printed.iter()).copied()
    }
    // Sorted by a hash of the key (cheap to compare), then the likeliest first; equal keys
    // are then neighbours.
    v.sort_by_cached_key(|x| {
        let mut h = crate::hash::FxHasher::default();
        key(read, x).for_each(|c| h.write_u32(c as u32));
        (h.finish(), x.next, (-x.cost).max(0.0).to_bits())
    });
    v.dedup_by(|later, first| later.next == first.next && key(read, later).eq(key(read, first)));
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// Splits a text into lowercased words the way the corrector sees them: whitespace tokens,
/// surrounding punctuation trimmed, split at hyphens, dashes and slashes.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in crate::tokens::tokens(text) {
        for part in t.text.split(['-', '—', '–', '/', '¬']) {
            let r = crate::tokens::core_range(part);
            if !r.is_empty() {
                out.push(part[r].to_lowercase());
            }
        }
    }
    out
}

/// Fewest observations of a confusion for [`Trainer::finish`] to list it as a rule.
pub const MIN_RULE_COUNT: u32 = 3;

/// Fewest occurrences of a rule's printed side in the training words.
pub const MIN_PRINTED_COUNT: u64 = 100;

/// Learns a [`Channel`] from aligned OCR / ground-truth texts.
///
/// ```
/// use scanno::channel::{fold_into, Trainer};
/// let mut t = Trainer::new();
/// for _ in 0..50 {
///     t.add_document("tlie man witli a hat and tlie dog", "the man with a hat and the dog");
/// }
/// let ch = t.finish();
/// let (mut a, mut b) = (Vec::new(), Vec::new());
/// fold_into("the", &mut a);
/// fold_into("tlie", &mut b);
/// let learnt = ch.log_prob(&a, &b);
/// fold_into("txe", &mut b);
/// assert!(learnt > ch.log_prob(&a, &b));
/// ```
#[derive(Debug, Default, Clone)]
pub struct Trainer {
    /// (printed α, read β) → count.
    rules: HashMap<(String, String), u32>,
    /// Printed words seen (for how often each α occurs) → count.
    printed: HashMap<String, u32>,
    /// Single-character events not tied to a listed rule.
    subs: u64,
    dels: u64,
    inss: u64,
    /// Characters of printed words seen.
    chars: u64,
    /// Characters in words read with an error.
    changed_chars: u64,
}

impl Trainer {
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// Number of word pairs read so far.
    pub fn words(&self) -> u64 {
        self.printed.values().map(|&c| c as u64).sum()
    }

    /// Aligns the words of an OCR text with those of its ground truth and learns from the
    /// pairs aligned one to one.
    ///
    /// Cost: a banded word alignment, about 100 string comparisons per word.
    pub fn add_document(&mut self, ocr: &str, gt: &str) {
        let o = words(ocr);
        let g = words(gt);
        for (a, b) in align_words(&o, &g) {
            self.add_word(&o[a], &g[b]);
        }
    }

    /// Learns from one OCR word and the printed word it stands for.
    pub fn add_word(&mut self, ocr: &str, gt: &str) {
        let o: Vec<char> = ocr.chars().flat_map(char::to_lowercase).collect();
        let g: Vec<char> = gt.chars().flat_map(char::to_lowercase).collect();
        if o.len() > MAX_WORD || g.len() > MAX_WORD || g.is_empty() {
            return;
        }
        *self.printed.entry(g.iter().collect()).or_insert(0) += 1;
        self.chars += g.len() as u64;
        if o == g {
            return;
        }
        // Too different to be a misreading (a misalignment, or a different word).
        let d = strsim::generic_levenshtein(&o, &g);
        if d * 2 > g.len().max(o.len()) || d > 4 {
            return;
        }
        self.changed_chars += g.len() as u64;
        for (a, b, left, right) in blocks(&g, &o) {
            if a.len() > MAX_RULE || b.len() > MAX_RULE {
                continue;
            }
            // Several characters lost or gained at once are word-splitting artefacts of
            // the alignment ("sym|pathy"), not misreadings; only letters and apostrophes
            // make rules (numbers and punctuation are never corrected).
            if (a.is_empty() && b.len() > 1) || (b.is_empty() && a.len() > 1) {
                continue;
            }
            if !a.iter().chain(&b).all(|&c| c.is_alphabetic() || c == '\'') {
                continue;
            }
            if a.len() == 1 && b.len() == 1 {
                self.subs += 1;
            } else if a.is_empty() && b.len() == 1 {
                self.inss += 1;
            } else if b.is_empty() && a.len() == 1 {
                self.dels += 1;
            }
            // A bare insertion (nothing printed) is only kept with a neighbour for context.
            if !a.is_empty() {
                self.count(&a, &b);
            }
            if let Some(l) = left {
                if a.len() < MAX_RULE && b.len() < MAX_RULE {
                    self.count(&[&[l][..], &a].concat(), &[&[l][..], &b].concat());
                }
            }
            if let Some(r) = right {
                if a.len() < MAX_RULE && b.len() < MAX_RULE {
                    self.count(&[&a[..], &[r]].concat(), &[&b[..], &[r]].concat());
                }
            }
        }
    }

    fn count(&mut self, a: &[char], b: &[char]) {
        *self
            .rules
            .entry((a.iter().collect(), b.iter().collect()))
            .or_insert(0) += 1;
    }

    /// The model: each rule's probability is its count (less a discount of 0.5) over the
    /// number of times its printed side occurs in the printed words seen (plus 50, so rare
    /// printed sides are not trusted); rules seen fewer than [`MIN_RULE_COUNT`] times, or
    /// whose printed side occurs fewer than [`MIN_PRINTED_COUNT`] times, are dropped.
    pub fn finish(&self) -> Channel {
        // How often each printed α occurs.
        let mut occurs: HashMap<&str, u64> = HashMap::new();
        for ((a, _), _) in self.rules.iter() {
            occurs.insert(a.as_str(), 0);
        }
        for (w, &c) in &self.printed {
            let chars: Vec<(usize, char)> = w.char_indices().collect();
            for s in 0..chars.len() {
                for l in 1..=MAX_RULE.min(chars.len() - s) {
                    let end = chars.get(s + l).map_or(w.len(), |x| x.0);
                    if let Some(n) = occurs.get_mut(&w[chars[s].0..end]) {
                        *n += c as u64;
                    }
                }
            }
        }
        let chars = self.chars.max(1) as f64;
        let mut rules = Vec::new();
        for ((a, b), &c) in &self.rules {
            let n = occurs.get(a.as_str()).copied().unwrap_or(0);
            if c < MIN_RULE_COUNT || n < MIN_PRINTED_COUNT {
                continue;
            }
            // Rare printed sides get no more than their evidence supports.
            let p = ((c as f64 - 0.5) / (n as f64 + 50.0)).min(0.5);
            rules.push(Rule {
                printed: a.clone(),
                read: b.clone(),
                log_prob: p.ln() as f32,
            });
        }
        let rate =
            |k: u64, spread: f64| (((k as f64 + 1.0) / chars / spread).max(1e-9)).ln() as f32;
        let errors = (self.subs + self.dels + self.inss) as f64;
        let keep = (1.0 - (errors / chars).min(0.5)).ln() as f32;
        // Generic events are spread over the alphabet: any one confusion is rarer.
        Channel::from_rules(
            rules,
            keep,
            rate(self.subs, 26.0 * 4.0),
            rate(self.dels, 26.0 * 2.0),
            rate(self.inss, 26.0 * 2.0),
        )
    }
}

/// Character alignment of printed `g` and read `o`: the maximal runs of differences,
/// each as (printed chars, read chars, matching char before, matching char after).
fn blocks(g: &[char], o: &[char]) -> Vec<(Vec<char>, Vec<char>, Option<char>, Option<char>)> {
    let (n, m) = (g.len(), o.len());
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for j in 0..=m {
        d[0][j] = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let s = d[i - 1][j - 1] + u32::from(g[i - 1] != o[j - 1]);
            d[i][j] = s.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    // Backtrace into ops: Some/None pairs, preferring matches and substitutions.
    let mut ops: Vec<(Option<char>, Option<char>)> = Vec::with_capacity(n + m);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + u32::from(g[i - 1] != o[j - 1]) {
            ops.push((Some(g[i - 1]), Some(o[j - 1])));
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            ops.push((Some(g[i - 1]), None));
            i -= 1;
        } else {
            ops.push((None, Some(o[j - 1])));
            j -= 1;
        }
    }
    ops.reverse();
    let mut out = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        let same = |op: &(Option<char>, Option<char>)| op.0.is_some() && op.0 == op.1;
        if same(&ops[k]) {
            k += 1;
            continue;
        }
        let start = k;
        let (mut a, mut b) = (Vec::new(), Vec::new());
        while k < ops.len() && !same(&ops[k]) {
            a.extend(ops[k].0);
            b.extend(ops[k].1);
            k += 1;
        }
        let left = if start > 0 { ops[start - 1].0 } else { None };
        let right = ops.get(k).and_then(|op| op.0);
        out.push((a, b, left, right));
    }
    out
}

/// Aligns two word sequences (OCR, ground truth) and returns the index pairs aligned one to
/// one (equal or similar words). Banded dynamic programming around the diagonal.
pub fn align_words(o: &[String], g: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (o.len(), g.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    const BAND: usize = 40;
    let centre = |i: usize| i * m / n;
    let lo = |i: usize| centre(i).saturating_sub(BAND + n.abs_diff(m).min(200));
    let hi = |i: usize| (centre(i) + BAND + n.abs_diff(m).min(200)).min(m);
    let width = 2 * (BAND + n.abs_diff(m).min(200)) + 2;
    // cost[i][j - lo(i)]; back: 0 diag, 1 up (skip o), 2 left (skip g).
    let inf = f32::INFINITY;
    let mut cost = vec![inf; (n + 1) * width];
    let mut back = vec![0u8; (n + 1) * width];
    let at = |i: usize, j: usize| -> Option<usize> {
        if j < lo(i) || j > hi(i) {
            None
        } else {
            Some(i * width + (j - lo(i)))
        }
    };
    let sub_cost = |a: &str, b: &str| -> f32 {
        if a == b {
            0.0
        } else {
            let d = strsim::levenshtein(a, b) as f32;
            (2.0 * d / a.chars().count().max(b.chars().count()) as f32).min(2.0)
        }
    };
    for i in 0..=n {
        for j in lo(i)..=hi(i) {
            let Some(k) = at(i, j) else { continue };
            if i == 0 && j == 0 {
                cost[k] = 0.0;
                continue;
            }
            let mut best = (inf, 0u8);
            if i > 0 && j > 0 {
                if let Some(p) = at(i - 1, j - 1) {
                    best = (cost[p] + sub_cost(&o[i - 1], &g[j - 1]), 0);
                }
            }
            if i > 0 {
                if let Some(p) = at(i - 1, j) {
                    if cost[p] + 1.0 < best.0 {
                        best = (cost[p] + 1.0, 1);
                    }
                }
            }
            if j > 0 {
                if let Some(p) = at(i, j - 1) {
                    if cost[p] + 1.0 < best.0 {
                        best = (cost[p] + 1.0, 2);
                    }
                }
            }
            cost[k] = best.0;
            back[k] = best.1;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    if at(n, m).is_none() {
        return out;
    }
    while i > 0 || j > 0 {
        let Some(k) = at(i, j) else { break };
        match back[k] {
            0 if i > 0 && j > 0 => {
                out.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            1 if i > 0 => i -= 1,
            _ if j > 0 => j -= 1,
            _ => i -= 1,
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        let mut v = Vec::new();
        fold_into(s, &mut v);
        v
    }

    fn trained() -> Channel {
        let mut t = Trainer::new();
        // Period-style misreadings, repeated as a real corpus would show them.
        for _ in 0..30 {
            t.add_document(
                "tlie government arc opposed to tlie modern scheme witli aud the rnen",
                "the government are opposed to the modern scheme with and the men",
            );
            t.add_document(
                "the men are here and the house is there",
                "the men are here and the house is there",
            );
        }
        t.finish()
    }

    #[test]
    fn learns_multi_character_confusions() {
        let ch = trained();
        assert!(
            ch.rule("h", "li").is_some(),
            "h -> li learnt: {:?}",
            ch.rules()
        );
        assert!(ch.rule("m", "rn").is_some());
        assert!(ch.rule("e", "c").is_some());
        // A learnt confusion is far likelier than an unlisted one of the same size.
        let (the, tlie, txie) = (chars("the"), chars("tlie"), chars("txie"));
        assert!(ch.log_prob(&the, &tlie) > ch.log_prob(&the, &txie) + 3.0);
        // Reading a word correctly is likelier than any misreading.
        assert!(ch.log_prob(&the, &the) > ch.log_prob(&the, &tlie));
    }

    #[test]
    fn variants_reach_the_printed_word() {
        let ch = trained();
        let mut out = Vec::new();
        ch.variants(&chars("tlie"), 2, -12.0, 500, &mut out);
        assert!(out.iter().any(|(w, _)| w == "the"), "{out:?}");
        ch.variants(&chars("rnodern"), 2, -12.0, 500, &mut out);
        assert!(out.iter().any(|(w, _)| w == "modern"));
        // Confusions the rules never saw are not generated ("Sokiet" -> "soviet" is left
        // to the lexicon's edit-distance search).
        ch.variants(&chars("sokiet"), 2, -12.0, 500, &mut out);
        assert!(!out.iter().any(|(w, _)| w == "soviet"));
        // The cap bounds the work.
        ch.variants(&chars("rnodern"), 2, -30.0, 5, &mut out);
        assert!(out.len() <= 5);
    }

    #[test]
    fn model_round_trips_and_rejects_garbage() {
        let ch = trained();
        let bytes = ch.to_bytes();
        let back = Channel::from_bytes(&bytes).unwrap();
        assert_eq!(back.rules(), ch.rules());
        assert_eq!(back.to_bytes(), bytes);
        assert!(Channel::from_bytes(b"SCNCHAN1\x00").is_err());
        assert!(Channel::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Channel::from_bytes(b"not a model at all").is_err());
    }

    #[test]
    fn embedded_model_knows_period_confusions() {
        let ch = Channel::embedded();
        assert!(!ch.rules().is_empty());
        let (the, tlie) = (chars("the"), chars("tlie"));
        let (with, witli) = (chars("with"), chars("witli"));
        assert!(ch.log_prob(&the, &tlie) > -12.0);
        assert!(ch.log_prob(&with, &witli) > -12.0);
    }

    #[test]
    fn word_alignment_pairs_similar_words() {
        let o: Vec<String> = "tlie cat sat oii the mat"
            .split(' ')
            .map(String::from)
            .collect();
        let g: Vec<String> = "the cat sat on the mat today"
            .split(' ')
            .map(String::from)
            .collect();
        let a = align_words(&o, &g);
        assert!(a.contains(&(0, 0)));
        assert!(a.contains(&(3, 3)));
        assert!(a.contains(&(5, 5)));
    }
}
