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
use crate::hash::FxBuildHasher;
use crate::lexicon::{byte_set_add, byte_set_has, Lexicon, Prefix, MAX_PREFIX_LAYERS};

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

/// Lowercases `word` into `out` (one char per char; multi-char lowercase forms keep the
/// first), the long s as "s" and a ligature as its letters ("ﬁ" as "f", "i").
/// Returns false when the word is longer than [`MAX_WORD`].
pub fn fold_into(word: &str, out: &mut Vec<char>) -> bool {
    out.clear();
    for c in word.chars() {
        if let Some(letters) = crate::tokens::ligature(c) {
            out.extend(letters.chars());
        } else {
            out.push(if c == 'ſ' {
                's'
            } else {
                c.to_lowercase().next().unwrap_or(c)
            });
        }
        if out.len() > MAX_WORD {
            return false;
        }
    }
    true
}

/// Whether the lexicon's keys hold `c` as it is: not a capital, `’` or a soft hyphen (which
/// [`crate::lexicon::normalize`] changes), so walking it down the lexicon finds what a
/// look-up of a string holding it finds.
fn plain(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    let mut lower = c.to_lowercase();
    c != '\u{ad}' && c != '\u{2019}' && lower.next() == Some(c) && lower.next().is_none()
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
    by_printed: HashMap<Key, Vec<(Key, u8, f32)>, FxBuildHasher>,
    /// Read `β` → every `(α, log P(β | α))`, most likely first (for generating candidates).
    by_read: HashMap<Key, Vec<(Vec<char>, f32)>, FxBuildHasher>,
    /// Log probability that a printed character is read as itself.
    keep: f32,
    /// Generic log costs of a single-character substitution, deletion (printed char lost)
    /// and insertion (stray char read), for confusions the rules do not list.
    sub: f32,
    del: f32,
    ins: f32,
    /// Every rule's printed side is [`plain`]: [`Channel::each_word`] may walk them down the
    /// lexicon as they are.
    plain: bool,
    /// `by_printed` of each ASCII character, for [`Channel::log_prob`] to read without a
    /// look-up (empty where no rule has that printed side).
    ascii: Vec<Vec<(Key, u8, f32)>>,
    /// Bit `h & 4095` (`h` a hash of the printed side) of every printed side of two or
    /// more characters: most such keys of a word have no rule, and are ruled out by it.
    longer: Box<[u64; 64]>,
    /// Tells models apart in caches of results derived from them ([`Channel::id`]).
    id: u64,
}

/// The bit of `longer` for the printed side `a`.
fn longer_bit(a: Key) -> (usize, u64) {
    let h = (a.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize;
    (h >> 6, 1 << (h & 63))
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
        let mut by_printed: HashMap<Key, Vec<(Key, u8, f32)>, FxBuildHasher> = HashMap::default();
        let mut by_read: HashMap<Key, Vec<(Vec<char>, f32)>, FxBuildHasher> = HashMap::default();
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
        let plain = by_read
            .values()
            .flatten()
            .all(|(a, _)| a.iter().all(|&c| plain(c)));
        for v in by_read.values_mut() {
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        }
        let ascii = (0..128u8)
            .map(|c| {
                by_printed
                    .get(&pack(&[c as char]))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        let mut longer = Box::new([0u64; 64]);
        for &a in by_printed.keys() {
            if a >= 1 << 21 {
                let (w, bit) = longer_bit(a);
                longer[w] |= bit;
            }
        }
        let mut channel = Channel { by_printed, by_read, keep, sub, del, ins, plain, ascii, longer, id: 0 };
        channel.id = crate::hash::fx_hash(&channel.to_bytes());
        channel
    }

    /// An identifier of this model's contents (a hash of [`Channel::to_bytes`]): caches of
    /// results derived from the model are keyed by it, so two models with the same rules and
    /// costs (a settling pass that learns the model of the pass before) share their entries.
    pub fn id(&self) -> u64 {
        self.id
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

    /// The strings the OCR may read the printed `word` as: every chain of up to
    /// `max_confusions` listed rules (`α` → `β` wherever `word` has `α`, the rest read as
    /// printed) whose log probability relative to a correct reading is at least `floor`,
    /// handed to `visit` with that relative cost. The opposite direction of
    /// [`Channel::variants`]: there an OCR string is turned back into what was printed; here
    /// a printed word is turned into what the OCR makes of it, to build the misreading index
    /// ([`crate::misread`]) ahead of time. A string reached by two chains is visited twice;
    /// `word` itself is not visited; rules with an empty printed side (stray characters) are
    /// not applied. At most `cap` visits.
    pub fn each_misreading(
        &self,
        word: &[char],
        max_confusions: u8,
        floor: f32,
        cap: usize,
        visit: &mut dyn FnMut(&[char], f32),
    ) {
        if word.len() > MAX_WORD || max_confusions == 0 || floor > 0.0 {
            return;
        }
        let mut read = Vec::with_capacity(word.len() + 8);
        let mut visits = 0;
        self.misread_from(word, 0, 0.0, max_confusions, floor, cap, &mut visits, &mut read, visit);
    }

    /// [`Channel::each_misreading`] from `word[i..]` on, `read` holding what the OCR made
    /// of `word[..i]` at relative cost `cost` with `left` confusions still allowed.
    #[allow(clippy::too_many_arguments)]
    fn misread_from(
        &self,
        word: &[char],
        i: usize,
        cost: f32,
        left: u8,
        floor: f32,
        cap: usize,
        visits: &mut usize,
        read: &mut Vec<char>,
        visit: &mut dyn FnMut(&[char], f32),
    ) {
        if *visits >= cap {
            return;
        }
        if i == word.len() {
            if read[..] != word[..] {
                visit(read, cost);
                *visits += 1;
            }
            return;
        }
        // The character read as printed ...
        read.push(word[i]);
        self.misread_from(word, i + 1, cost, left, floor, cap, visits, read, visit);
        read.pop();
        if left == 0 {
            return;
        }
        // ... or a listed confusion starting here.
        for a in 1..=MAX_RULE.min(word.len() - i) {
            let side = &word[i..i + a];
            let list = match side {
                [c] if c.is_ascii() => &self.ascii[*c as usize],
                _ => match self.by_printed.get(&pack(side)) {
                    Some(list) => list,
                    None => continue,
                },
            };
            for &(b, _, p) in list {
                let c = cost + p - a as f32 * self.keep;
                if c < floor {
                    // Most likely first: the rest cost more still.
                    break;
                }
                let at = read.len();
                read.extend(unpack(b));
                self.misread_from(word, i + a, c, left - 1, floor, cap, visits, read, visit);
                read.truncate(at);
            }
        }
    }

    /// Log probability that a printed character is read correctly.
    pub fn keep_cost(&self) -> f32 {
        self.keep
    }

    /// log P(`read` | `printed`): the best way to turn the printed word into the OCR string
    /// with the model's rules (Viterbi over rule segmentations). Both are lowercased chars
    /// (see [`fold_into`]). Returns `f32::NEG_INFINITY` for words over [`MAX_WORD`].
    ///
    /// Cost: per printed character, the rules for what is printed there (an array read for
    /// one ASCII letter, a filter and at most two hash look-ups for longer sides), each tried
    /// along the row only if the reading has its first letter; a table of four rows on the
    /// stack, no allocation. About 0.5 µs for a pair of 6–10 letter words (857k pairs of
    /// OCR words and lexicon words near them in 0.42 s, against 0.63 s cell by cell;
    /// `cargo bench --bench variants -- log_prob`).
    pub fn log_prob(&self, printed: &[char], read: &[char]) -> f32 {
        let (n, m) = (printed.len(), read.len());
        if n > MAX_WORD || m > MAX_WORD {
            return f32::NEG_INFINITY;
        }
        const W: usize = MAX_WORD + 1;
        // Row `i` of the table is `d[i % R]`: a rule leads at most `MAX_RULE` rows on.
        const R: usize = MAX_RULE + 1;
        let mut d = [[f32::NEG_INFINITY; W]; R];
        d[0][0] = 0.0;
        // `read_keys[j][l]`: the packed `read[j..j + l]` (0 for the empty string).
        let mut read_keys = [[0 as Key; MAX_RULE + 1]; W];
        // The ASCII characters of the reading (bit `c` of `[c / 64]`); a rule whose read side
        // starts with another ASCII character applies nowhere in it.
        let mut ascii = [0u64; 2];
        for j in 0..m {
            for l in 1..=MAX_RULE.min(m - j) {
                read_keys[j][l] = pack(&read[j..j + l]);
            }
            if read[j].is_ascii() {
                ascii[read[j] as usize >> 6] |= 1 << (read[j] as u32 & 63);
            }
        }
        let in_read = |b: Key, bl: usize| {
            let c = (b >> (21 * (bl - 1))) as u32;
            c >= 128 || ascii[c as usize >> 6] & (1 << (c & 63)) != 0
        };
        for i in 0..=n {
            // Within the row: a character read as itself or as another, lost or stray (the
            // cells are final when reached: only a stray character stays in the row).
            for j in 0..=m {
                let here = d[i % R][j];
                if here == f32::NEG_INFINITY {
                    continue;
                }
                if i < n && j < m {
                    let c = if printed[i] == read[j] {
                        self.keep
                    } else {
                        self.sub
                    };
                    if here + c > d[(i + 1) % R][j + 1] {
                        d[(i + 1) % R][j + 1] = here + c;
                    }
                }
                if i < n && here + self.del > d[(i + 1) % R][j] {
                    d[(i + 1) % R][j] = here + self.del;
                }
                if j < m && here + self.ins > d[i % R][j + 1] {
                    d[i % R][j + 1] = here + self.ins;
                }
            }
            // The rules for what is printed from `i` on (looked up once for the row), each
            // where the reading has its read side; they lead to later rows only.
            for a in 1..=MAX_RULE.min(n - i) {
                let list = match &printed[i..i + a] {
                    [c] if c.is_ascii() => &self.ascii[*c as usize],
                    side => {
                        let key = pack(side);
                        let (w, bit) = longer_bit(key);
                        if side.len() > 1 && self.longer[w] & bit == 0 {
                            continue;
                        }
                        match self.by_printed.get(&key) {
                            Some(list) => list,
                            None => continue,
                        }
                    }
                };
                for &(b, bl, p) in list {
                    let bl = bl as usize;
                    if bl > m || (bl > 0 && !in_read(b, bl)) {
                        continue;
                    }
                    for j in 0..=m - bl {
                        let here = d[i % R][j];
                        if here != f32::NEG_INFINITY
                            && read_keys[j][bl] == b
                            && here + p > d[(i + a) % R][j + bl]
                        {
                            d[(i + a) % R][j + bl] = here + p;
                        }
                    }
                }
            }
            if i == n {
                break;
            }
            // The row is done with: it is row `i + R` next.
            d[i % R] = [f32::NEG_INFINITY; W];
        }
        d[n % R][m]
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
        self.singles(read, 0, read.len(), floor, &mut first);
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
                self.singles(read, x.next, read.len(), floor - x.cost, &mut second);
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

    /// The derivations of [`Channel::each_variant`] (with `prefix_ok` = "some word of
    /// `lexicon` starts with it") that are words of `lexicon`, handed to `visit` with their
    /// log probability and [`Lexicon::freq`]. The same derivations are tried in the same
    /// order and count against `cap` the same way, so the words visited are exactly those
    /// for which `each_variant` and a look-up would give a non-zero count.
    ///
    /// Rather than checking each prefix and each variant from the root of the lexicon,
    /// the walk keeps the fst node reached after every character of the reading (and of
    /// the reading after a first confusion) and resumes from there: a confusion costs a
    /// step or two down the lexicon, and its variant is dropped at the first character no
    /// word continues with. Words with characters the lexicon normalises (`’`, soft
    /// hyphens, capitals), longer than 64 bytes, or a lexicon of more than
    /// [`crate::lexicon::MAX_PREFIX_LAYERS`] layers take the look-up path instead.
    ///
    /// Cost (embedded model and lexicon, the corrector's floors, `max_edits` 2, shared 2-core
    /// machine): 11–55 µs for a 4–11 letter OCR word the lexicon lacks (most for short
    /// words: more confusions fit their floor), against 23–170 µs by `each_variant` with
    /// [`Lexicon::has_prefix`] and [`Lexicon::freq`] (`cargo bench --bench variants`,
    /// `variants_walk` and `variants_lookup`).
    pub fn each_word(
        &self,
        read: &[char],
        max_edits: u8,
        floor: f32,
        cap: usize,
        lexicon: &Lexicon,
        visit: &mut dyn FnMut(&[char], f32, u64),
    ) {
        if read.len() > MAX_WORD || max_edits == 0 {
            return;
        }
        if self.walkable(read) {
            if let Some(root) = lexicon.start::<1>() {
                return self.walk_words(read, max_edits, floor, cap, lexicon, root, visit);
            }
            if let Some(root) = lexicon.start::<MAX_PREFIX_LAYERS>() {
                return self.walk_words(read, max_edits, floor, cap, lexicon, root, visit);
            }
        }
        self.each_word_by_lookup(read, max_edits, floor, cap, lexicon, visit)
    }

    /// Whether `read` and the rules' printed sides can be walked down the lexicon as they
    /// are (no character the lexicon normalises, at most 64 bytes).
    fn walkable(&self, read: &[char]) -> bool {
        let bytes: usize = read.iter().map(|c| c.len_utf8()).sum();
        self.plain && bytes <= 64 && read.iter().all(|&c| plain(c))
    }

    /// [`Channel::each_word`] walking the lexicon from `root`: [`Channel::each_variant`]
    /// step by step, with the prefix test and the look-up of each variant resumed from the
    /// prefix it shares with the reading (or with the reading after its first confusion).
    #[allow(clippy::too_many_arguments)]
    fn walk_words<'l, const N: usize>(
        &self,
        read: &[char],
        max_edits: u8,
        floor: f32,
        cap: usize,
        lexicon: &'l Lexicon,
        root: Prefix<'l, N>,
        visit: &mut dyn FnMut(&[char], f32, u64),
    ) {
        let mut visits = 0;
        let mut full: Vec<char> = Vec::with_capacity(read.len() + 2 * MAX_RULE);
        // The prefix reached after each character of the reading, as far as some word
        // starts so: a first confusion must start within it.
        let mut plain_path = Vec::with_capacity(read.len() + 1);
        lexicon.path(root, read, &mut plain_path);
        let reach_plain = plain_path.len() - 1;
        // Every confusion of the reading once, in the order `singles` lists them; `starts[j]`
        // is the first one at `read[j]`. The second confusions are taken from it too.
        let mut all = Vec::new();
        self.singles(read, 0, read.len(), floor, &mut all);
        let mut starts = Vec::with_capacity(read.len() + 2);
        for j in 0..=read.len() + 1 {
            starts.push(all.partition_point(|x| x.at < j));
        }
        // The first confusions that leave a prefix of some word, with that prefix.
        let mut first = Vec::new();
        let mut after: Vec<Prefix<'l, N>> = Vec::new();
        for x in &all[..starts[reach_plain + 1]] {
            let mut p = plain_path[x.at];
            if lexicon.step_all(&mut p, x.printed) {
                first.push(Single {
                    tag: after.len() as u32,
                    ..*x
                });
                after.push(p);
            }
        }
        dedup_singles(read, &mut first);
        // The prefixes reached after each character that follows a first confusion, as far
        // as some word starts so (what `Lexicon::path` gives): walked once here for the
        // look-up of the variant, and read again for the second confusions after it.
        // `spans[tag]` is where the first confusion `tag`'s prefixes lie in `paths`.
        let mut paths: Vec<Prefix<'l, N>> = Vec::new();
        let mut spans: Vec<Option<(usize, usize)>> = vec![None; after.len()];
        for x in &first {
            if visits >= cap {
                break;
            }
            // The variant equals the reading only when the confusion reads as itself.
            if x.printed == &read[x.at..x.next] {
                continue;
            }
            visits += 1;
            let mut p = after[x.tag as usize];
            let start = paths.len();
            paths.push(p);
            let mut whole = true;
            for &c in &read[x.next..] {
                if !lexicon.step(&mut p, c) {
                    whole = false;
                    break;
                }
                paths.push(p);
            }
            spans[x.tag as usize] = Some((start, paths.len()));
            if whole {
                let n = p.count();
                if n > 0 {
                    full.clear();
                    full.extend_from_slice(&read[..x.at]);
                    full.extend_from_slice(x.printed);
                    full.extend_from_slice(&read[x.next..]);
                    visit(&full, x.cost, n);
                }
            }
        }
        if max_edits < 2 {
            return;
        }
        first.sort_by(|x, y| y.cost.total_cmp(&x.cost));
        first.truncate(SECOND_EDIT_FROM);
        let mut second = Vec::new();
        // The prefix reached after each character that follows the first confusion.
        let mut own: Vec<Prefix<'l, N>> = Vec::with_capacity(read.len() + 1);
        'outer: for x in &first {
            let path: &[Prefix<'l, N>] = match spans[x.tag as usize] {
                Some((from, to)) => &paths[from..to],
                None => {
                    lexicon.path(after[x.tag as usize], &read[x.next..], &mut own);
                    &own
                }
            };
            let reach = x.next + path.len() - 1;
            let floor2 = floor - x.cost;
            let seconds: &[Single<'_>] = if floor2 >= floor {
                // The confusions `singles(read, x.next, reach, floor2)` would list.
                second.clear();
                second.extend(
                    all[starts[x.next]..starts[reach + 1]]
                        .iter()
                        .filter(|y| y.cost >= floor2),
                );
                &second
            } else {
                self.singles(read, x.next, reach, floor2, &mut second);
                &second
            };
            for y in seconds {
                if visits >= cap {
                    break 'outer;
                }
                let mut p = path[y.at - x.next];
                if !lexicon.step_all(&mut p, y.printed) {
                    continue;
                }
                let len = x.at
                    + x.printed.len()
                    + (y.at - x.next)
                    + y.printed.len()
                    + (read.len() - y.next);
                let n = if lexicon.step_all(&mut p, &read[y.next..]) {
                    p.count()
                } else {
                    0
                };
                if len == read.len() || n > 0 {
                    full.clear();
                    full.extend_from_slice(&read[..x.at]);
                    full.extend_from_slice(x.printed);
                    full.extend_from_slice(&read[x.next..y.at]);
                    full.extend_from_slice(y.printed);
                    full.extend_from_slice(&read[y.next..]);
                    if full == read {
                        continue;
                    }
                }
                visits += 1;
                if n > 0 {
                    visit(&full, x.cost + y.cost, n);
                }
            }
        }
    }

    /// The words of `lexicon` among [`Channel::variants`]`(read, 1, floor, cap)` (one listed
    /// confusion, no pruning: the variants counted against `cap` are the same), with their
    /// [`Lexicon::freq`], sorted and without repeats, into `out`.
    ///
    /// Cost: each variant is walked down the lexicon from the prefix it shares with the
    /// reading, with no string built for the many that are no word: 9–12 µs for a 3-letter
    /// word against 14–16 µs by `variants` and a look-up of each (`cargo bench --bench
    /// variants`, `real_word_walk` and `real_word_lookup`; listing and deduplicating the
    /// confusions is most of what is left).
    pub fn variant_words(
        &self,
        read: &[char],
        floor: f32,
        cap: usize,
        lexicon: &Lexicon,
        out: &mut Vec<(String, u64)>,
    ) {
        out.clear();
        if read.len() <= MAX_WORD && self.walkable(read) {
            if let Some(root) = lexicon.start::<1>() {
                return self.walk_variant_words(read, floor, cap, lexicon, root, out);
            }
            if let Some(root) = lexicon.start::<MAX_PREFIX_LAYERS>() {
                return self.walk_variant_words(read, floor, cap, lexicon, root, out);
            }
        }
        // Characters the lexicon normalises, or too many layers: look each variant up.
        let mut variants = Vec::new();
        self.variants(read, 1, floor, cap, &mut variants);
        for (v, _) in variants {
            let n = lexicon.freq(&v);
            if n > 0 {
                out.push((v, n));
            }
        }
    }

    /// [`Channel::variant_words`] walking the lexicon from `root`.
    fn walk_variant_words<'l, const N: usize>(
        &self,
        read: &[char],
        floor: f32,
        cap: usize,
        lexicon: &'l Lexicon,
        root: Prefix<'l, N>,
        out: &mut Vec<(String, u64)>,
    ) {
        let mut plain_path = Vec::with_capacity(read.len() + 1);
        lexicon.path(root, read, &mut plain_path);
        let mut first = Vec::new();
        self.singles(read, 0, read.len(), floor, &mut first);
        // Repeats only matter when the cap cuts the list short: each variant is visited
        // either way, and the words found are deduplicated below.
        if first.len() > cap {
            dedup_singles(read, &mut first);
        }
        let mut visits = 0;
        for x in &first {
            if visits >= cap {
                break;
            }
            if x.printed == &read[x.at..x.next] {
                continue;
            }
            visits += 1;
            let Some(&p) = plain_path.get(x.at) else {
                continue;
            };
            let mut p = p;
            if lexicon.step_all(&mut p, x.printed) && lexicon.step_all(&mut p, &read[x.next..]) {
                let n = p.count();
                if n > 0 {
                    let mut w = String::with_capacity(read.len() + 4);
                    w.extend(&read[..x.at]);
                    w.extend(x.printed);
                    w.extend(&read[x.next..]);
                    out.push((w, n));
                }
            }
        }
        out.sort_unstable();
        out.dedup_by(|a, b| a.0 == b.0);
    }

    /// [`Channel::each_word`] the plain way: [`Channel::each_variant`] checking prefixes with
    /// [`Lexicon::has_prefix`] and each variant with [`Lexicon::freq`].
    fn each_word_by_lookup(
        &self,
        read: &[char],
        max_edits: u8,
        floor: f32,
        cap: usize,
        lexicon: &Lexicon,
        visit: &mut dyn FnMut(&[char], f32, u64),
    ) {
        let prefix_ok = |prefix: &[char]| {
            let mut buf = [0u8; 4 * MAX_WORD + 8];
            let mut n = 0;
            for c in prefix {
                if n + 4 > buf.len() {
                    return true;
                }
                n += c.encode_utf8(&mut buf[n..]).len();
            }
            lexicon.has_prefix(&buf[..n])
        };
        let mut buf = String::with_capacity(4 * MAX_WORD);
        self.each_variant(read, max_edits, floor, cap, &prefix_ok, &mut |v, cost| {
            buf.clear();
            buf.extend(v);
            let n = lexicon.freq(&buf);
            if n > 0 {
                visit(v, cost, n);
            }
        });
    }

    /// Every single listed confusion in `read[start..]` that starts at or before `read[end]`
    /// and costs at least `floor` (relative to a correct reading), by position, then by
    /// length of the read side, then likeliest first. No allocation beyond `out`.
    fn singles<'s>(
        &'s self,
        read: &[char],
        start: usize,
        end: usize,
        floor: f32,
        out: &mut Vec<Single<'s>>,
    ) {
        out.clear();
        // Printed characters the OCR lost (before `read[j]`).
        let lost = self.by_read.get(&0).map_or(&[][..], Vec::as_slice);
        for j in start..=end.min(read.len()) {
            for (a, p) in lost {
                if *p < floor {
                    break;
                }
                out.push(Single {
                    at: j,
                    printed: a,
                    next: j,
                    cost: *p,
                    tag: 0,
                });
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
                            tag: 0,
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
        let mut r = crate::bytes::Reader::new(bytes, 0);
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
        if !r.at_end() {
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
    /// For the caller's bookkeeping (which prefix it leads to).
    tag: u32,
}

/// Most confusions [`Channel::each_word_within`] tells apart in its memo of states.
const MAX_CONFUSIONS: usize = 4;

/// Limits of [`Channel::each_word_within`].
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    /// Most listed confusions in one derivation (at most 4).
    pub max_confusions: u8,
    /// Derivations less likely than this (log probability relative to a correct reading)
    /// are cut.
    pub floor: f32,
    /// Most words handed back.
    pub cap: usize,
}

impl Channel {
    /// Every word of `lexicon` that a chain of listed confusions turns into `read`, with the
    /// chain's log probability relative to a correct reading and the word's count (as
    /// [`Lexicon::freq`]). The walk goes along `read` and down the lexicon's fsts together
    /// ([`Lexicon::step`]): at each position the next character is read as itself or a
    /// listed confusion applies (several letters at once: "li" for "h", "rn" for "m"); a
    /// branch ends where no lexicon word starts with its printed text or its cost falls
    /// below `reach.floor` (at any step). Unlike [`Channel::each_word`], a derivation is not
    /// limited to two confusions, which is what heavily misread words need ("tcrriblo" for
    /// "terrible", "nronertv" for "property"). Each derivation is handed back (a word
    /// reached by two is handed back twice; its likeliest is among them), at most
    /// `reach.cap` of them; `read` itself is not. Lost letters are left to
    /// [`Channel::each_word`] and [`Lexicon::candidates`]. A lexicon of more than eight
    /// layers is not walked.
    ///
    /// The walk is breadth-first over states (position in `read`, fst nodes reached),
    /// keeping the likeliest way into each state for each number of confusions: prefixes
    /// that lead to the same nodes (a minimised fst shares them: "-tion", "-ness") are
    /// walked on once, and the words are then read back from the states that end one,
    /// following only the steps that can stay above the floor. The words found are those
    /// the depth-first walk it replaced found (a test checks it).
    ///
    /// Cost: with the embedded model and lexicon, a floor 22 nats below a correct reading
    /// and four confusions, 30–300 µs per misread word (`cargo bench --bench variants --
    /// deep_walk`), about 100 ns per state; a string far from any word, about 1 µs. The
    /// states are kept in buffers reused by the next walk on the same thread.
    pub fn each_word_within(
        &self,
        read: &[char],
        reach: Reach,
        lexicon: &Lexicon,
        visit: &mut dyn FnMut(&[char], f32, u64),
    ) {
        if read.len() > MAX_WORD || reach.max_confusions == 0 {
            return;
        }
        if let Some(root) = lexicon.start::<1>() {
            self.walk_within(read, reach, lexicon, root, visit);
        } else if let Some(root) = lexicon.start::<MAX_PREFIX_LAYERS>() {
            self.walk_within(read, reach, lexicon, root, visit);
        } else if let Some(root) = lexicon.start::<8>() {
            self.walk_within(read, reach, lexicon, root, visit);
        }
    }

    /// [`Channel::each_word_within`] from `root`, in two passes over the lattice of states
    /// (position in `read`, fst nodes reached): forward, the likeliest way to reach each
    /// state with at most `k` confusions; backward from the states that end a word, the
    /// derivations whose cost, added to the best way into the state they come from, stays
    /// above the floor. Prefixes that reach the same nodes ("-tion", "-ness") are walked on
    /// once, and the backward pass follows no branch that leads to no word.
    fn walk_within<'l, const N: usize>(
        &self,
        read: &[char],
        reach: Reach,
        lexicon: &'l Lexicon,
        root: Prefix<'l, N>,
        visit: &mut dyn FnMut(&[char], f32, u64),
    ) {
        let max = usize::from(reach.max_confusions).min(MAX_CONFUSIONS);
        let floor = reach.floor;
        let rules = RulesAt::new(self, read, floor);
        with_scratch::<N, _>(read.len(), |scratch| {
            let mut lattice = Lattice {
                read,
                lexicon,
                root,
                rules: &rules,
                max,
                floor,
                s: scratch,
            };
            let mut best = [f32::NEG_INFINITY; MAX_CONFUSIONS + 1];
            best[..=max].fill(0.0);
            lattice.s.states.push(LatticeState {
                nodes: root.nodes(),
                best,
                last_in: NONE,
            });
            lattice.s.by_pos[0].push(0);
            for j in 0..read.len() {
                let here = std::mem::take(&mut lattice.s.by_pos[j]);
                for &s in &here {
                    lattice.expand(j, s);
                }
                lattice.s.by_pos[j] = here;
            }
            // Backward from the words that end at the end of the reading.
            let mut back = Backward {
                lattice: &lattice,
                visit,
                visits: 0,
                cap: reach.cap,
                rev: Vec::with_capacity(read.len() + 8),
                costs: Vec::with_capacity(read.len()),
                word: Vec::with_capacity(read.len() + 8),
            };
            for &s in &lattice.s.by_pos[read.len()] {
                if back.visits >= back.cap {
                    break;
                }
                back.walk(s, 0.0, 0);
            }
        });
    }
}

/// The first UTF-8 byte of `c`.
#[inline]
fn first_byte(c: char) -> u8 {
    let mut b = [0u8; 4];
    c.encode_utf8(&mut b).as_bytes()[0]
}

/// The listed confusions of a reading (lost letters left out) by position and by the first
/// byte of their printed side, likeliest first within each, for [`Channel::walk_within`].
struct RulesAt {
    /// By position, then first printed character, then likeliest first; those whose
    /// printed side is empty (stray characters) apart, in `stray`.
    rules: Vec<Confusion>,
    stray: Vec<Confusion>,
    /// Per position: the first bytes of its confusions' printed sides.
    bytes: Vec<[u64; 4]>,
    /// Per position: where its buckets' starts begin in `bucket_starts` (one start per byte
    /// of `bytes`, in byte order, and the end of the position's last bucket).
    first_bucket: Vec<usize>,
    bucket_starts: Vec<u32>,
    /// Per position: the likeliest confusion's cost there, and there or after.
    best: Vec<f32>,
    future: Vec<f32>,
}

impl RulesAt {
    fn new(channel: &Channel, read: &[char], floor: f32) -> RulesAt {
        let mut singles = Vec::new();
        channel.singles(read, 0, read.len(), floor, &mut singles);
        let (mut rules, mut stray) = (Vec::new(), Vec::new());
        for x in singles {
            if x.next == x.at || x.printed.len() > MAX_RULE {
                continue;
            }
            let mut printed = ['\0'; MAX_RULE];
            printed[..x.printed.len()].copy_from_slice(x.printed);
            let c = Confusion {
                printed,
                len: x.printed.len() as u8,
                at: x.at as u8,
                next: x.next as u8,
                cost: x.cost,
            };
            if x.printed.is_empty() {
                stray.push(c);
            } else {
                rules.push(c);
            }
        }
        let key = |x: &Confusion| (x.at, x.printed[0]);
        rules.sort_by(|x, y| key(x).cmp(&key(y)).then(y.cost.total_cmp(&x.cost)));
        let n = read.len();
        let mut bytes = vec![[0u64; 4]; n + 1];
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        for x in &stray {
            best[usize::from(x.at)] = best[usize::from(x.at)].max(x.cost);
        }
        let mut first_bucket = Vec::with_capacity(n + 2);
        let mut bucket_starts = Vec::with_capacity(rules.len() + n + 1);
        let mut i = 0;
        for j in 0..=n {
            first_bucket.push(bucket_starts.len());
            while i < rules.len() && usize::from(rules[i].at) == j {
                let b = first_byte(rules[i].printed[0]);
                if !byte_set_has(&bytes[j], b) {
                    byte_set_add(&mut bytes[j], b);
                    bucket_starts.push(i as u32);
                }
                best[j] = best[j].max(rules[i].cost);
                i += 1;
            }
            bucket_starts.push(i as u32);
        }
        first_bucket.push(bucket_starts.len());
        let mut future = best.clone();
        for j in (0..n).rev() {
            future[j] = future[j].max(future[j + 1]);
        }
        RulesAt {
            rules,
            stray,
            bytes,
            first_bucket,
            bucket_starts,
            best,
            future,
        }
    }

    /// The confusions at `read[j]` whose printed side starts with the byte `b`, and the
    /// index of the first in `rules`.
    #[inline]
    fn bucket(&self, j: usize, b: u8) -> (usize, &[Confusion]) {
        let own = &self.bytes[j];
        if !byte_set_has(own, b) {
            return (0, &[]);
        }
        let w = usize::from(b >> 6);
        let below: u32 = own[..w].iter().map(|x| x.count_ones()).sum::<u32>()
            + (own[w] & ((1u64 << (b & 63)) - 1)).count_ones();
        let k = self.first_bucket[j] + below as usize;
        let (from, to) = (
            self.bucket_starts[k] as usize,
            self.bucket_starts[k + 1] as usize,
        );
        (from, &self.rules[from..to])
    }
}

/// A listed confusion at a position of the reading, held in place: `read[at..next]` was
/// printed as `printed[..len]` (at most [`MAX_RULE`] characters).
#[derive(Clone, Copy)]
struct Confusion {
    printed: [char; MAX_RULE],
    len: u8,
    at: u8,
    next: u8,
    cost: f32,
}

impl Confusion {
    #[inline]
    fn printed(&self) -> &[char] {
        &self.printed[..usize::from(self.len)]
    }
}

/// No edge; no rule (a character read as itself).
const NONE: u32 = u32::MAX;

/// The buffers of a [`Channel::walk_within`] walk over a lexicon of at most `N` layers.
/// Kept for the next walk on the same thread: a walk makes thousands of states, and
/// allocating them afresh each time cost about a tenth of the walk.
struct Scratch<const N: usize> {
    states: Vec<LatticeState<N>>,
    edges: Vec<LatticeEdge>,
    /// State by (position in the reading, fst nodes).
    index: HashMap<(usize, [usize; N]), u32, FxBuildHasher>,
    /// The states at each position of the reading.
    by_pos: Vec<Vec<u32>>,
}

thread_local! {
    /// Spare [`Scratch`] buffers, one per `N`.
    static SCRATCH: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's spare [`Scratch`] for `N` layers (or a new one), emptied and
/// with a list of states for each of the `len + 1` positions of a reading.
fn with_scratch<const N: usize, R>(len: usize, f: impl FnOnce(&mut Scratch<N>) -> R) -> R {
    let spare = SCRATCH
        .try_with(|s| {
            let mut s = s.borrow_mut();
            let i = s.iter().position(|b| b.is::<Scratch<N>>())?;
            s.swap_remove(i).downcast::<Scratch<N>>().ok()
        })
        .ok()
        .flatten();
    let mut scratch = spare.unwrap_or_else(|| {
        Box::new(Scratch {
            states: Vec::new(),
            edges: Vec::new(),
            index: HashMap::default(),
            by_pos: Vec::new(),
        })
    });
    scratch.states.clear();
    scratch.edges.clear();
    scratch.index.clear();
    scratch.by_pos.iter_mut().for_each(Vec::clear);
    if scratch.by_pos.len() < len + 1 {
        scratch.by_pos.resize_with(len + 1, Vec::new);
    }
    let r = f(&mut scratch);
    // A walk far larger than usual gives its memory back.
    if scratch.edges.capacity() <= 1 << 18 {
        let _ = SCRATCH.try_with(|s| s.borrow_mut().push(scratch));
    }
    r
}

/// One [`Channel::walk_within`] walk: the reading, the lexicon and the lattice so far.
struct Lattice<'a, 'l, const N: usize> {
    read: &'a [char],
    lexicon: &'l Lexicon,
    root: Prefix<'l, N>,
    rules: &'a RulesAt,
    max: usize,
    floor: f32,
    s: &'a mut Scratch<N>,
}

struct LatticeState<const N: usize> {
    /// The fst nodes reached ([`Prefix::nodes`]).
    nodes: [usize; N],
    /// `best[k]`: the likeliest way here with at most `k` confusions (relative to a correct
    /// reading), `-inf` for none above the floor.
    best: [f32; MAX_CONFUSIONS + 1],
    /// The last edge into the state ([`LatticeEdge::prev_in`] chains the others).
    last_in: u32,
}

/// A step between two states: what was printed (a rule's printed side, or `read[at]`)
/// read as the reading between them.
struct LatticeEdge {
    from: u32,
    prev_in: u32,
    /// The rule ([`RulesAt::rules`], or [`RulesAt::stray`] when `stray`), or [`NONE`] for
    /// `read[at]` read as itself.
    rule: u32,
    at: u8,
    stray: bool,
    /// The reading from `tail.0` to `tail.1`, read as itself after the rule (for a step
    /// that no confusion can follow: it is walked to the end of the reading at once).
    tail: (u8, u8),
    cost: f32,
    confusion: bool,
}

impl<'l, const N: usize> Lattice<'_, 'l, N> {
    /// Steps on from state `s` at `read[j]`: the character as itself and each confusion
    /// the floor leaves room for.
    fn expand(&mut self, j: usize, s: u32) {
        let (read, lexicon, rules, max, floor) =
            (self.read, self.lexicon, self.rules, self.max, self.floor);
        let state = &self.s.states[s as usize];
        let from = state.best;
        let prefix = self.root.at_nodes(&state.nodes);
        let keep = read[j];
        let keep_byte = first_byte(keep);
        // The likeliest way here that leaves a confusion to spare.
        let spare = if max == 0 {
            f32::NEG_INFINITY
        } else {
            from[max - 1]
        };
        let confuse = spare + rules.best[j] >= floor;
        let after = |cost: f32| {
            let mut to = [f32::NEG_INFINITY; MAX_CONFUSIONS + 1];
            for k in 0..max {
                let c = from[k] + cost;
                if c >= floor {
                    to[k + 1] = c;
                }
            }
            to
        };
        if confuse {
            for (i, x) in rules.stray.iter().enumerate() {
                if usize::from(x.at) == j && spare + x.cost >= floor {
                    let edge = (s, i as u32, true, x.cost, true);
                    self.arrive(usize::from(x.next), prefix, edge, &after(x.cost));
                }
            }
        }
        let mut wanted = if confuse { rules.bytes[j] } else { [0; 4] };
        byte_set_add(&mut wanted, keep_byte);
        // Only the confusions whose printed side some word goes on with; those that begin
        // with the same character share the step down to it.
        prefix.each_next(&wanted, |b, child| {
            if b == keep_byte {
                let mut kept = child;
                if lexicon.finish_char(&mut kept, keep) {
                    self.arrive(j + 1, kept, (s, NONE, false, 0.0, false), &from);
                }
            }
            if !confuse || !byte_set_has(&rules.bytes[j], b) {
                return;
            }
            // The printed side's first character, the prefix it leads to (if any), and the
            // bytes words go on with from there (once needed).
            let mut first: Option<(char, Option<Prefix<'l, N>>)> = None;
            let mut then: Option<[u64; 4]> = None;
            let (start, bucket) = rules.bucket(j, b);
            for (i, x) in bucket.iter().enumerate() {
                if spare + x.cost < floor {
                    continue;
                }
                let c0 = x.printed[0];
                let p1 = match first {
                    Some((c, p)) if c == c0 => p,
                    _ => {
                        let mut p = child;
                        let p = lexicon.finish_char(&mut p, c0).then_some(p);
                        first = Some((c0, p));
                        then = None;
                        p
                    }
                };
                let Some(mut next) = p1 else { continue };
                let rest = &x.printed()[1..];
                if let Some(&c1) = rest.first() {
                    let m = *then.get_or_insert_with(|| next.next_bytes());
                    if !byte_set_has(&m, first_byte(c1)) || !lexicon.step_all(&mut next, rest) {
                        continue;
                    }
                }
                let edge = (s, (start + i) as u32, false, x.cost, true);
                self.arrive(usize::from(x.next), next, edge, &after(x.cost));
            }
        });
    }

    /// Records the step `edge` (from state, rule, stray, cost, confusion) to `prefix` at
    /// read position `j`, which reaches it with `to[k]` at most `k` confusions. When no
    /// confusion can follow within the floor, the rest of the reading is walked as it is
    /// at once: the step then leads to the end of the reading, if a word ends there, and no
    /// state is made on the way. Steps to the end of the reading where no word ends are
    /// dropped.
    #[inline]
    fn arrive(
        &mut self,
        mut j: usize,
        mut prefix: Prefix<'l, N>,
        edge: (u32, u32, bool, f32, bool),
        to: &[f32; MAX_CONFUSIONS + 1],
    ) {
        let (from, rule, stray, cost, confusion) = edge;
        let end = self.read.len();
        let tail_from = j;
        if j == end || self.max == 0 || to[self.max - 1] + self.rules.future[j] < self.floor {
            if !self.lexicon.step_all(&mut prefix, &self.read[j..]) || !prefix.is_word() {
                return;
            }
            j = end;
        }
        let nodes = prefix.nodes();
        let n = self.s.states.len() as u32;
        let s = *self.s.index.entry((j, nodes)).or_insert(n);
        if s == n {
            self.s.states.push(LatticeState {
                nodes,
                best: [f32::NEG_INFINITY; MAX_CONFUSIONS + 1],
                last_in: NONE,
            });
            self.s.by_pos[j].push(s);
        }
        let e = self.s.edges.len() as u32;
        let state = &mut self.s.states[s as usize];
        for (b, &t) in state.best.iter_mut().zip(to) {
            *b = b.max(t);
        }
        // A character read as itself: the one before the step's position.
        let keep_at = if rule == NONE { tail_from - 1 } else { 0 };
        self.s.edges.push(LatticeEdge {
            from,
            prev_in: state.last_in,
            rule,
            at: keep_at as u8,
            stray,
            tail: (tail_from as u8, j as u8),
            cost,
            confusion,
        });
        state.last_in = e;
    }

    /// What the step `e` printed before its tail.
    fn printed(&self, e: &LatticeEdge) -> &[char] {
        if e.rule == NONE {
            let a = usize::from(e.at);
            &self.read[a..a + 1]
        } else if e.stray {
            self.rules.stray[e.rule as usize].printed()
        } else {
            self.rules.rules[e.rule as usize].printed()
        }
    }
}

/// The backward pass of [`Channel::walk_within`]: from a state that ends a word, the edges
/// into it whose derivations can still stay above the floor, back to the start.
struct Backward<'b, 'a, 'l, const N: usize> {
    lattice: &'b Lattice<'a, 'l, N>,
    visit: &'b mut dyn FnMut(&[char], f32, u64),
    visits: usize,
    cap: usize,
    /// The printed chars from the state reached to the end of the word, last first.
    rev: Vec<char>,
    /// The costs of the steps from the state reached to the end of the word, last first.
    costs: Vec<f32>,
    word: Vec<char>,
}

impl<const N: usize> Backward<'_, '_, '_, N> {
    /// Continues back from state `s`, the derivation from it to the end of the word costing
    /// `cost` with `used` confusions.
    fn walk(&mut self, s: u32, cost: f32, used: usize) {
        let lattice = self.lattice;
        if s == 0 {
            // The derivation's cost summed from its start, as a walk along the reading sums
            // it, and above the floor at every step (the sums backwards only approach it).
            let mut total = 0.0f32;
            for &c in self.costs.iter().rev() {
                total += c;
                if total < lattice.floor {
                    return;
                }
            }
            let cost = total;
            self.word.clear();
            self.word.extend(self.rev.iter().rev());
            if self.word.as_slice() != lattice.read {
                let mut p = lattice.root;
                let n = if lattice.lexicon.step_all(&mut p, &self.word) {
                    p.count()
                } else {
                    0
                };
                if n > 0 {
                    (self.visit)(&self.word, cost, n);
                    self.visits += 1;
                }
            }
            return;
        }
        let (max, floor) = (lattice.max, lattice.floor);
        let mut e = lattice.s.states[s as usize].last_in;
        while e != NONE && self.visits < self.cap {
            let edge = &lattice.s.edges[e as usize];
            e = edge.prev_in;
            let used = used + usize::from(edge.confusion);
            if used > max {
                continue;
            }
            let cost = cost + edge.cost;
            // With room for rounding: sums taken in another order may differ in the last
            // bits (the exact test is made at the start).
            if lattice.s.states[edge.from as usize].best[max - used] + cost < floor - 1e-3 {
                continue;
            }
            self.costs.push(edge.cost);
            let len = self.rev.len();
            let (a, b) = (usize::from(edge.tail.0), usize::from(edge.tail.1));
            self.rev.extend(lattice.read[a..b].iter().rev());
            self.rev.extend(lattice.printed(edge).iter().rev());
            self.walk(edge.from, cost, used);
            self.rev.truncate(len);
            self.costs.pop();
        }
    }
}

#[cfg(test)]
impl Channel {
    /// The [`Channel::log_prob`] it replaced, to check it against.
    fn log_prob_reference(&self, printed: &[char], read: &[char]) -> f32 {
        let (n, m) = (printed.len(), read.len());
        if n > MAX_WORD || m > MAX_WORD {
            return f32::NEG_INFINITY;
        }
        const W: usize = MAX_WORD + 1;
        let mut d = [[f32::NEG_INFINITY; W]; W];
        d[0][0] = 0.0;
        // `read_keys[j][l]`: the packed `read[j..j + l]` (0 for the empty string).
        let mut read_keys = [[0 as Key; MAX_RULE + 1]; W];
        for j in 0..m {
            for l in 1..=MAX_RULE.min(m - j) {
                read_keys[j][l] = pack(&read[j..j + l]);
            }
        }
        for i in 0..=n {
            // The rules for what is printed from `i` on, looked up once for the whole row.
            let mut lists: [&[(Key, u8, f32)]; MAX_RULE] = [&[]; MAX_RULE];
            for a in 1..=MAX_RULE.min(n - i) {
                if let Some(list) = self.by_printed.get(&pack(&printed[i..i + a])) {
                    lists[a - 1] = list;
                }
            }
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
                for (a, list) in lists.iter().enumerate() {
                    for &(b, bl, p) in *list {
                        let bl = bl as usize;
                        if j + bl <= m && read_keys[j][bl] == b {
                            relax(i + a + 1, j + bl, p);
                        }
                    }
                }
            }
        }
        d[n][m]
    }
}

#[cfg(test)]
impl Channel {
    /// The depth-first walk [`Channel::walk_within`] replaced, to check it against.
    fn walk_within_dfs<'l, const N: usize>(
        &self,
        read: &[char],
        reach: Reach,
        lexicon: &'l Lexicon,
        root: Prefix<'l, N>,
        visit: &mut dyn FnMut(&[char], f32, u64),
    ) {
        // The listed confusions of the reading, by position (lost letters left out), and
        // where each position's run starts.
        let mut rules = Vec::new();
        self.singles(read, 0, read.len(), reach.floor, &mut rules);
        rules.retain(|x| x.next > x.at);
        let starts: Vec<usize> = (0..=read.len())
            .map(|j| rules.partition_point(|x| x.at < j))
            .collect();
        let mut walk = DeepWalk {
            read,
            reach,
            lexicon,
            visit,
            rules,
            starts,
            printed: Vec::with_capacity(read.len() + 8),
            seen: HashMap::with_capacity_and_hasher(512, Default::default()),
            visits: 0,
        };
        walk.step(0, root, crate::hash::FxHasher::default(), 0.0, 0);
    }
}

/// The state of one [`Channel::each_word_within`] walk.
#[cfg(test)]
struct DeepWalk<'a, 'l> {
    read: &'a [char],
    reach: Reach,
    lexicon: &'l Lexicon,
    visit: &'a mut dyn FnMut(&[char], f32, u64),
    /// Listed confusions of `read` by position ([`Channel::singles`]); those at `read[j]`
    /// are `rules[starts[j]..starts[j + 1]]`.
    rules: Vec<Single<'a>>,
    starts: Vec<usize>,
    printed: Vec<char>,
    /// Best cost seen at (position in `read`, hash of the printed text so far), by
    /// confusions used.
    seen: HashMap<(usize, u64), [f32; MAX_CONFUSIONS + 1], FxBuildHasher>,
    visits: usize,
}

#[cfg(test)]
impl<'l> DeepWalk<'_, 'l> {
    /// Continues from `read[j..]` at `prefix` (reached by `self.printed`, whose hash is
    /// `h`), at `cost`, having used `used` confusions.
    fn step<const N: usize>(
        &mut self,
        j: usize,
        prefix: Prefix<'l, N>,
        h: crate::hash::FxHasher,
        cost: f32,
        used: u8,
    ) {
        if self.visits >= self.reach.cap {
            return;
        }
        let e = usize::from(used).min(MAX_CONFUSIONS);
        // Keyed by the printed text so far, not the fst node: a minimised fst shares the
        // nodes of different prefixes ("hat", "bat" after their first letter), which lead to
        // different words.
        let best = self
            .seen
            .entry((j, h.finish()))
            .or_insert([f32::NEG_INFINITY; MAX_CONFUSIONS + 1]);
        if best[..=e].iter().any(|&b| b >= cost) {
            return;
        }
        best[e] = cost;
        let read = self.read;
        if j == read.len() {
            let n = prefix.count();
            if used > 0 && n > 0 && self.printed.as_slice() != read {
                (self.visit)(&self.printed, cost, n);
                self.visits += 1;
            }
            return;
        }
        self.descend(prefix, h, &[read[j]], j + 1, cost, used);
        if e >= usize::from(self.reach.max_confusions).min(MAX_CONFUSIONS) {
            return;
        }
        for i in self.starts[j]..self.starts[j + 1] {
            let x = &self.rules[i];
            let (printed, next, c) = (x.printed, x.next, x.cost);
            if cost + c >= self.reach.floor {
                self.descend(prefix, h, printed, next, cost + c, used + 1);
            }
        }
    }

    /// Follows `a` down the lexicon from `prefix` and, if some word starts so, steps on.
    fn descend<const N: usize>(
        &mut self,
        mut prefix: Prefix<'l, N>,
        mut h: crate::hash::FxHasher,
        a: &[char],
        next: usize,
        cost: f32,
        used: u8,
    ) {
        if !self.lexicon.step_all(&mut prefix, a) {
            return;
        }
        a.iter().for_each(|&c| h.write_u32(c as u32));
        let len = self.printed.len();
        self.printed.extend_from_slice(a);
        self.step(next, prefix, h, cost, used);
        self.printed.truncate(len);
    }
}

/// Keeps the likeliest of the confusions that give the same printed chars up to the same
/// read position (a rule and its context-widened copies: "e"→"o", "ec"→"eo").
fn dedup_singles(read: &[char], v: &mut Vec<Single<'_>>) {
    fn key<'k>(read: &'k [char], x: &Single<'k>) -> impl Iterator<Item = char> + 'k {
        read[..x.at].iter().chain(x.printed.iter()).copied()
    }
    // Sorted by a hash of the key (cheap to compare), then the likeliest first; equal keys
    // are then neighbours. The hash of each prefix of the reading is computed once.
    let mut prefix = Vec::with_capacity(read.len() + 1);
    let mut h = crate::hash::FxHasher::default();
    prefix.push(h);
    for &c in read {
        h.write_u32(c as u32);
        prefix.push(h);
    }
    v.sort_by_cached_key(|x| {
        let mut h = prefix[x.at];
        x.printed.iter().for_each(|&c| h.write_u32(c as u32));
        (h.finish(), x.next, (-x.cost).max(0.0).to_bits())
    });
    v.dedup_by(|later, first| later.next == first.next && key(read, later).eq(key(read, first)));
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
    /// How often each string of up to [`MAX_RULE`] characters occurs in the printed words
    /// seen (the denominators of the rules' probabilities; no word list is kept).
    occurs: HashMap<String, u32>,
    /// Printed words seen.
    words: u64,
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
        self.words
    }

    /// The share of the printed characters seen that lie in words read with an error.
    pub fn changed_share(&self) -> f64 {
        self.changed_chars as f64 / self.chars.max(1) as f64
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
        self.words += 1;
        for s in 0..g.len() {
            for l in 1..=MAX_RULE.min(g.len() - s) {
                *self.occurs.entry(g[s..s + l].iter().collect()).or_insert(0) += 1;
            }
        }
        self.chars += g.len() as u64;
        if o == g {
            return;
        }
        // Too different to be a misreading (a misalignment, or a different word).
        let d = strsim::generic_levenshtein(&o, &g);
        if d * 2 > g.len().max(o.len()) + 1 || d > 4 {
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
        let chars = self.chars.max(1) as f64;
        let mut rules = Vec::new();
        for ((a, b), &c) in &self.rules {
            let n = self.occurs.get(a.as_str()).map_or(0, |&n| u64::from(n));
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

const COUNTS_MAGIC: &[u8; 8] = b"SCNCNT01";

/// The counts of `train/` the embedded model was made from (`data/channel/counts.bin`,
/// written by `scanno train --counts`), parsed on first use: collection adaptation
/// ([`crate::adapt`]) adds a collection's own counts to them.
static EMBEDDED_COUNTS: Lazy<Trainer> = Lazy::new(|| {
    Trainer::from_bytes(include_bytes!("../data/channel/counts.bin")).unwrap_or_default()
});

impl Trainer {
    /// The training counts behind [`Channel::embedded`] (empty if the data is broken, which a
    /// test rules out).
    pub fn embedded() -> &'static Trainer {
        &EMBEDDED_COUNTS
    }

    /// The counts as bytes (sorted, so the same counts always give the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = COUNTS_MAGIC.to_vec();
        for n in [self.subs, self.dels, self.inss, self.chars, self.changed_chars, self.words] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        let push_str = |out: &mut Vec<u8>, s: &str| {
            out.extend_from_slice(&(s.len() as u16).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        };
        let mut rules: Vec<_> = self.rules.iter().collect();
        rules.sort();
        out.extend_from_slice(&(rules.len() as u32).to_le_bytes());
        for ((a, b), c) in rules {
            push_str(&mut out, a);
            push_str(&mut out, b);
            out.extend_from_slice(&c.to_le_bytes());
        }
        let mut occurs: Vec<_> = self.occurs.iter().collect();
        occurs.sort();
        out.extend_from_slice(&(occurs.len() as u32).to_le_bytes());
        for (w, c) in occurs {
            push_str(&mut out, w);
            out.extend_from_slice(&c.to_le_bytes());
        }
        out
    }

    /// Reads counts written by [`Trainer::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Trainer> {
        let mut cur = Cursor(crate::bytes::Reader::new(bytes, 0));
        if cur.take(8)? != COUNTS_MAGIC {
            return Err(Cursor::bad());
        }
        let mut t = Trainer::new();
        t.subs = cur.u64()?;
        t.dels = cur.u64()?;
        t.inss = cur.u64()?;
        t.chars = cur.u64()?;
        t.changed_chars = cur.u64()?;
        t.words = cur.u64()?;
        for _ in 0..cur.u32()? {
            let a = cur.string()?;
            let b = cur.string()?;
            t.rules.insert((a, b), cur.u32()?);
        }
        for _ in 0..cur.u32()? {
            let w = cur.string()?;
            t.occurs.insert(w, cur.u32()?);
        }
        if !cur.0.at_end() {
            return Err(Cursor::bad());
        }
        Ok(t)
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &Trainer) {
        for (k, c) in &other.rules {
            *self.rules.entry(k.clone()).or_insert(0) += c;
        }
        for (w, c) in &other.occurs {
            *self.occurs.entry(w.clone()).or_insert(0) += c;
        }
        self.words += other.words;
        self.subs += other.subs;
        self.dels += other.dels;
        self.inss += other.inss;
        self.chars += other.chars;
        self.changed_chars += other.changed_chars;
    }
}

/// Reads the counts file: [`crate::bytes::Reader`], its end an error naming the file.
struct Cursor<'a>(crate::bytes::Reader<'a>);

impl<'a> Cursor<'a> {
    fn bad() -> Error {
        Error::bad_data("not a scanno counts file (or a damaged one)")
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        self.0.take(n).ok_or_else(Cursor::bad)
    }

    fn u32(&mut self) -> Result<u32> {
        self.0.u32().ok_or_else(Cursor::bad)
    }

    fn u64(&mut self) -> Result<u64> {
        self.0.u64().ok_or_else(Cursor::bad)
    }

    fn string(&mut self) -> Result<String> {
        let n = self.0.u16().ok_or_else(Cursor::bad)?;
        String::from_utf8(self.take(n as usize)?.to_vec()).map_err(|_| Cursor::bad())
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
///
/// Cost: one cell per word and place in the band (up to about 500 places when the sequences'
/// lengths differ by 200 words or more); a cell compares two words only when their
/// difference could decide it, by a bit-parallel edit distance ([`Myers`]). Memory: two rows
/// of costs and two bits per cell (13 MB for a 650 KB document, which held 265 MB before).
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
    let inf = f32::INFINITY;
    // The costs of rows i - 1 and i (`[j - lo(i)]`); the way into each cell of every row,
    // two bits each: 0 diag, 1 up (skip o), 2 left (skip g).
    let (mut prev, mut cur) = (vec![inf; width], vec![inf; width]);
    let mut back = vec![0u8; ((n + 1) * width).div_ceil(4)];
    let set_back = |back: &mut Vec<u8>, k: usize, v: u8| back[k / 4] |= v << (2 * (k % 4));
    let get_back = |back: &Vec<u8>, k: usize| (back[k / 4] >> (2 * (k % 4))) & 3;
    let g_chars: Vec<Vec<char>> = g.iter().map(|w| w.chars().collect()).collect();
    // Words as numbers, equal for equal words: a cell compares two numbers, not two strings.
    let mut ids: HashMap<&str, u32, FxBuildHasher> = HashMap::default();
    let numbers: Vec<u32> = o
        .iter()
        .chain(g)
        .map(|w| {
            let next = ids.len() as u32;
            *ids.entry(w.as_str()).or_insert(next)
        })
        .collect();
    let (o_ids, g_ids) = numbers.split_at(n);
    let mut row = Myers::default();
    for i in 0..=n {
        cur.fill(inf);
        let (lo_i, hi_i) = (lo(i), hi(i));
        let (lo_p, hi_p) = if i > 0 { (lo(i - 1), hi(i - 1)) } else { (1, 0) };
        let a_len = if i > 0 {
            row.set(&o[i - 1]);
            o[i - 1].chars().count()
        } else {
            0
        };
        for j in lo_i..=hi_i {
            let k = j - lo_i;
            if i == 0 && j == 0 {
                cur[k] = 0.0;
                continue;
            }
            // The way in with the least cost; on a tie the diagonal, then up, then left.
            let up = (i > 0 && (lo_p..=hi_p).contains(&j)).then(|| prev[j - lo_p] + 1.0);
            let left = (j > 0 && j > lo_i).then(|| cur[k - 1] + 1.0);
            let mut best = (inf, 0u8);
            if let Some(u) = up {
                if u < best.0 {
                    best = (u, 1);
                }
            }
            if let Some(l) = left {
                if l < best.0 {
                    best = (l, 2);
                }
            }
            if i > 0 && j > 0 && (lo_p..=hi_p).contains(&(j - 1)) {
                let d0 = prev[j - 1 - lo_p];
                let b_len = g_chars[j - 1].len();
                let longer = a_len.max(b_len) as f32;
                let diag = if o_ids[i - 1] == g_ids[j - 1] {
                    Some(d0)
                } else {
                    // A lower bound of the distance first: most cells off the path need no more.
                    let least = a_len.abs_diff(b_len).max(1) as f32;
                    if d0 + (2.0 * least / longer).min(2.0) > best.0 {
                        None
                    } else {
                        let d = row.distance(&g_chars[j - 1]) as f32;
                        Some(d0 + (2.0 * d / longer).min(2.0))
                    }
                };
                if let Some(d) = diag.filter(|&d| d <= best.0) {
                    best = (d, 0);
                }
            }
            cur[k] = best.0;
            set_back(&mut back, i * width + k, best.1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    if m < lo(n) || m > hi(n) {
        return out;
    }
    while i > 0 || j > 0 {
        if j < lo(i) || j > hi(i) {
            break;
        }
        match get_back(&back, i * width + (j - lo(i))) {
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

/// The edit distance (in characters) from one word to many: the bit-parallel algorithm of
/// Myers (1999), in the form Hyyrö (2001) gives for whole strings, for words of up to 64
/// characters; longer ones are compared cell by cell.
#[derive(Default)]
struct Myers {
    word: Vec<char>,
    /// Bit `i` of `ascii[c]`: `word[i]` is the ASCII character `c`.
    ascii: Vec<u64>,
    /// The same for the other characters of the word.
    other: Vec<(char, u64)>,
}

impl Myers {
    /// Compares to `word` from now on.
    fn set(&mut self, word: &str) {
        for &c in &self.word {
            if c.is_ascii() {
                self.ascii[c as usize] = 0;
            }
        }
        self.ascii.resize(128, 0);
        self.other.clear();
        self.word.clear();
        self.word.extend(word.chars());
        if self.word.len() > 64 {
            return;
        }
        for (i, &c) in self.word.iter().enumerate() {
            if c.is_ascii() {
                self.ascii[c as usize] |= 1 << i;
            } else if let Some(e) = self.other.iter_mut().find(|e| e.0 == c) {
                e.1 |= 1 << i;
            } else {
                self.other.push((c, 1 << i));
            }
        }
    }

    /// The Levenshtein distance between the word and `b`.
    fn distance(&self, b: &[char]) -> usize {
        let m = self.word.len();
        if m == 0 || b.is_empty() {
            return m.max(b.len());
        }
        if m > 64 {
            return strsim::generic_levenshtein(&self.word, &b.to_vec());
        }
        let last = 1u64 << (m - 1);
        let (mut pv, mut mv, mut score) = (!0u64, 0u64, m);
        for &c in b {
            let eq = if c.is_ascii() {
                self.ascii[c as usize]
            } else {
                self.other.iter().find(|e| e.0 == c).map_or(0, |e| e.1)
            };
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

#[cfg(test)]
mod tests;
