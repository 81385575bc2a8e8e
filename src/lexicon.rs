//! The period lexicon: is this a word of the period, and how likely is it here?
//!
//! A [`Lexicon`] is a stack of layers: the embedded period lexicon ([`Lexicon::embedded`]),
//! user word lists and corpus lexicons ([`Lexicon::add_file`]), words learnt from a batch
//! ([`Lexicon::add_layer`]). Every layer is a pair of [`fst`] maps (words, word pairs), so
//! a lookup is a walk down a few compact automata and opening a file parses only its header.
//! Keys are lowercase (with `’` read as `'` and soft hyphens ignored); counts from all layers
//! add up.
//!
//! ```
//! let lex = scanno::Lexicon::embedded();
//! assert!(lex.contains("connexion") && lex.contains("To-day"));
//! assert!(lex.freq("the") > lex.freq("shew"));
//! let mut out = Vec::new();
//! lex.candidates("tbe", 1, &mut out);
//! assert_eq!(out[0].word, "the");
//! ```
//!
//! # The `.lex` file format
//! All integers little-endian:
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | magic `SCANNOLX` |
//! | 8..12 | format version (1) |
//! | 12..16 | length M of the metadata |
//! | 16..24 | length W of the words fst |
//! | 24..32 | length R of the reversed-words fst |
//! | 32..40 | length P of the pairs fst |
//! | 40..48 | total of the word counts |
//! | 48.. | metadata (UTF-8 lines `key: value`, e.g. `source: ...`), words fst, reversed-words fst, pairs fst |
//!
//! A words-fst value holds the count in its low 56 bits and [`flags`] in the top byte; the
//! reversed-words fst maps each word's bytes in reverse order to the same value (it lets
//! [`Lexicon::candidates`] search from either end); pair keys are `"w1 w2"` (one space),
//! values plain counts. Counts in the embedded
//! lexicon and in corpus lexicons are occurrences per [`SCALE`] running words.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use fst::{Map, MapBuilder};

use crate::error::{Error, Result};

/// The embedded period lexicon (built by `tools/build_lexicon.py`).
static EMBEDDED: &[u8] = include_bytes!("../data/lexicon/period.lex");

const MAGIC: &[u8; 8] = b"SCANNOLX";
const VERSION: u32 = 1;
const HEADER: usize = 48;
/// The count bits of a words-map value (the top byte holds [`flags`]).
pub const COUNT_MASK: u64 = (1 << 56) - 1;

/// Counts in built lexicons are occurrences per this many running words.
pub const SCALE: u64 = 10_000_000_000;

/// A corpus lexicon ([`CorpusCounter::write`]) smaller than this many running words is
/// scaled as if it were this large.
pub const MIN_CORPUS_WORDS: u64 = 1_000_000;

/// Count given to a word of a user list that has no count of its own: about once per
/// million words, enough to be a plausible correction, never enough to outweigh context.
pub const DEFAULT_USER_COUNT: u64 = SCALE / 1_000_000;

/// Bits of [`Lexicon::flags`].
pub mod flags {
    /// Only ever capitalised in the curated lists: a proper name.
    pub const NAME: u8 = 1;
    /// A period form (to-day, connexion, shew, Servia).
    pub const PERIOD: u8 = 2;
    /// In a curated spelling list, not only in a frequency list.
    pub const CURATED: u8 = 4;
    /// From a lexicon the user added (a word list or a built `.lex` file).
    pub const USER: u8 = 8;
}

/// A candidate correction found by [`Lexicon::candidates`].
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The lexicon's form (lowercase).
    pub word: String,
    /// Levenshtein distance (in characters) from the query (lowercased).
    pub distance: u32,
    /// Frequency of `word` in the lexicon.
    pub freq: u64,
}

/// Bytes behind an fst map: a slice of the binary or of a file read into memory.
#[derive(Clone)]
enum Bytes {
    Static(&'static [u8]),
    Shared(Arc<[u8]>, usize, usize),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Shared(a, s, e) => &a[*s..*e],
        }
    }
}

/// One source of words: a words map, a pairs map and its metadata.
#[derive(Clone)]
struct Layer {
    words: Map<Bytes>,
    reversed: Map<Bytes>,
    pairs: Map<Bytes>,
    /// Root node addresses of `words` and `pairs`.
    roots: (usize, usize),
    total: u64,
    meta: String,
    size: usize,
    /// Added by the user (`--lexicon`, scanno.toml): its words carry [`flags::USER`].
    user: bool,
}

/// What one layer of a [`Lexicon`] holds (for `scanno lexicon info`).
#[derive(Debug, Clone, PartialEq)]
pub struct LayerInfo {
    /// Number of words.
    pub words: u64,
    /// Number of word pairs.
    pub pairs: u64,
    /// Sum of the word counts.
    pub total: u64,
    /// Size of the layer's data in bytes.
    pub bytes: usize,
    /// Metadata lines (`source: ...`, `name: ...`).
    pub meta: Vec<String>,
}

/// Words and word pairs with counts, from one or more layers.
#[derive(Clone, Default)]
pub struct Lexicon {
    layers: Vec<Layer>,
    total: u64,
    /// Identifies this stack of layers in the per-thread lookup cache (0: not yet numbered).
    id: u64,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("layers", &self.layers.len())
            .field("total", &self.total)
            .finish()
    }
}

impl Lexicon {
    /// A lexicon with no words.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// The embedded period lexicon: English word forms of 1850–1950 print with frequencies,
    /// proper names and word-pair counts (see `data/lexicon/README.md`).
    ///
    /// Cost: reads a 48-byte header; no allocation beyond the layer list, nothing parsed.
    pub fn embedded() -> Lexicon {
        let mut lex = Lexicon::empty();
        // The data is checked by tests against its manifest; a broken build gives an empty lexicon.
        if let Ok(layer) = Layer::parse_static(EMBEDDED) {
            lex.push(layer);
        }
        lex
    }

    /// A lexicon of one layer over `.lex` bytes that live as long as the program (data
    /// embedded with `include_bytes!`, such as [`crate::names`]); nothing is parsed but the
    /// header.
    pub fn from_static(data: &'static [u8]) -> Result<Lexicon> {
        let mut lex = Lexicon::empty();
        lex.push(Layer::parse_static(data)?);
        Ok(lex)
    }

    /// Whether this is the embedded lexicon alone, no layer added: what the embedded
    /// misreading index ([`crate::misread`]) was built for.
    pub fn is_embedded(&self) -> bool {
        match self.layers.as_slice() {
            [l] => match l.words.as_fst().as_inner() {
                Bytes::Static(b) => {
                    let (start, end) = (EMBEDDED.as_ptr() as usize, EMBEDDED.as_ptr() as usize + EMBEDDED.len());
                    (start..end).contains(&(b.as_ptr() as usize))
                }
                Bytes::Shared(..) => false,
            },
            _ => false,
        }
    }

    /// A lexicon from (word, count) pairs; words are lowercased.
    pub fn from_counts<I, S>(words: I) -> Lexicon
    where
        I: IntoIterator<Item = (S, u64)>,
        S: AsRef<str>,
    {
        let mut lex = Lexicon::empty();
        lex.add_layer(words, std::iter::empty::<(&str, &str, u64)>());
        lex
    }

    /// Adds a layer of words and word pairs (counts of repeated keys add up).
    ///
    /// Cost: builds two small fst maps, about 1 µs per word.
    pub fn add_layer<I, S, P, T>(&mut self, words: I, pairs: P)
    where
        I: IntoIterator<Item = (S, u64)>,
        S: AsRef<str>,
        P: IntoIterator<Item = (T, T, u64)>,
        T: AsRef<str>,
    {
        let mut w: BTreeMap<String, u64> = BTreeMap::new();
        for (word, c) in words {
            let key = normalize(word.as_ref());
            if !key.is_empty() {
                *w.entry(key).or_insert(0) += c;
            }
        }
        let mut p: BTreeMap<String, u64> = BTreeMap::new();
        for (a, b, c) in pairs {
            let (a, b) = (normalize(a.as_ref()), normalize(b.as_ref()));
            if !a.is_empty() && !b.is_empty() {
                *p.entry(format!("{a} {b}")).or_insert(0) += c;
            }
        }
        // Keys are sorted and unique, counts are masked: building cannot fail.
        if let Ok(layer) = Layer::build(
            w.iter().map(|(k, &v)| (k.as_bytes(), v.min(COUNT_MASK))),
            &p,
            "",
        ) {
            self.push(layer);
        }
    }

    /// Reads a lexicon from `path` (see [`Lexicon::add_file`]).
    pub fn load_file(path: impl AsRef<Path>) -> Result<Lexicon> {
        let mut lex = Lexicon::empty();
        lex.add_file(path)?;
        Ok(lex)
    }

    /// Stacks the lexicon in `path` on this one: a built `.lex` file (see the module docs)
    /// or a word list, one word a line with an optional TAB and count (default
    /// [`DEFAULT_USER_COUNT`]), `#` starting a comment line.
    ///
    /// Cost: a `.lex` file is read into memory and its header checked; a word list is
    /// parsed and compiled (about 1 µs per word).
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|e| Error::from(e).at(path))?;
        if data.starts_with(MAGIC) {
            let mut layer = Layer::parse(Arc::from(data)).map_err(|e| e.at(path))?;
            layer.user = true;
            self.push(layer);
            return Ok(());
        }
        let text = String::from_utf8(data)
            .map_err(|_| Error::bad_data("word list is not UTF-8 text").at(path))?;
        let words = parse_word_list(&text).map_err(|e| e.at(path))?;
        let meta = format!("source: word list {}", path.display());
        let mut layer = Layer::build(
            words.iter().map(|(k, &v)| (k.as_bytes(), v)),
            &BTreeMap::new(),
            &meta,
        )
        .map_err(|e| e.at(path))?;
        layer.user = true;
        self.push(layer);
        Ok(())
    }

    fn push(&mut self, layer: Layer) {
        self.total = self.total.saturating_add(layer.total);
        self.layers.push(layer);
        // New contents, new identity: nothing cached for the old stack applies.
        self.id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Count and presence of a normalised key over all layers, through the cache.
    fn lookup(&self, k: &[u8]) -> Lookup {
        if k.len() > CACHED_KEY {
            return self.lookup_fst(k);
        }
        // Keys are kept zero-padded, so a hit is three word compares, no memcmp call.
        let mut key = [0u8; CACHED_KEY];
        key[..k.len()].copy_from_slice(k);
        let slot = (crate::hash::fx_hash(k) ^ self.id.wrapping_mul(0x9E37_79B9_7F4A_7C15)) as usize
            & (CACHE_SLOTS - 1);
        // One visit to the thread's cache for the probe and the fill (the fst walk touches
        // no cache).
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let e = &mut c[slot];
            if e.id == self.id && e.len as usize == k.len() && e.key == key {
                return e.value;
            }
            let value = self.lookup_fst(k);
            *e = CacheEntry {
                key,
                len: k.len() as u8,
                id: self.id,
                value,
            };
            value
        })
    }

    /// [`Lexicon::lookup`] without the cache: a walk down each layer's words fst.
    fn lookup_fst(&self, k: &[u8]) -> Lookup {
        let mut value = Lookup {
            count: 0,
            flags: 0,
            present: false,
        };
        for l in &self.layers {
            if let Some(v) = l.word(k) {
                value.present = true;
                value.count = value.count.saturating_add(v & COUNT_MASK);
                value.flags |= (v >> 56) as u8 | if l.user { flags::USER } else { 0 };
            }
        }
        value
    }

    /// An identifier of this lexicon's contents, new whenever a layer is added: caches of
    /// results derived from the lexicon are keyed by it.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Sum of all word counts.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The layers, bottom first.
    pub fn layers(&self) -> Vec<LayerInfo> {
        self.layers
            .iter()
            .map(|l| LayerInfo {
                words: l.words.len() as u64,
                pairs: l.pairs.len() as u64,
                total: l.total,
                bytes: l.size,
                meta: l.meta.lines().map(str::to_string).collect(),
            })
            .collect()
    }

    /// Count of `word` (any case) over all layers; 0 if unknown.
    ///
    /// Cost: one fst lookup per layer, about 100–300 ns on the embedded lexicon; no
    /// allocation for ASCII words up to 64 bytes.
    pub fn freq(&self, word: &str) -> u64 {
        with_key(word, |k| self.lookup(k).count)
    }

    /// The [`flags`] of `word` over all layers (bits or-ed); 0 if unknown.
    pub fn flags(&self, word: &str) -> u8 {
        with_key(word, |k| self.lookup(k).flags)
    }

    /// The words map of layer `layer` (0: the bottom one), keys lowercase, values count and
    /// [`flags`] as in the file format: for benches and checks that walk the fst themselves.
    pub fn words_map(&self, layer: usize) -> Option<Map<&[u8]>> {
        let l = self.layers.get(layer)?;
        Map::new(l.words.as_fst().as_bytes()).ok()
    }

    /// Whether some word of the lexicon starts with `prefix` (given lowercase, as the
    /// lexicon's keys are).
    ///
    /// Cost: one step down each layer's words fst per byte of `prefix`; no allocation.
    pub fn has_prefix(&self, prefix: &[u8]) -> bool {
        self.layers.iter().any(|l| {
            let fst = l.words.as_fst();
            let mut node = fst.root();
            for &b in prefix {
                match node.find_input(b) {
                    Some(i) => node = fst.node(node.transition_addr(i)),
                    None => return false,
                }
            }
            true
        })
    }

    /// The empty prefix: where a walk down the lexicon's words starts ([`Lexicon::step`]).
    /// `None` when the lexicon has no layers or more than `N` (callers then walk with a
    /// larger `N`, up to [`MAX_PREFIX_LAYERS`], or use [`Lexicon::has_prefix`] and
    /// [`Lexicon::freq`]). A [`Prefix`] holds a cursor per layer (24 bytes each), so a
    /// one-layer walk (`N` = 1) copies least.
    pub fn start<const N: usize>(&self) -> Option<Prefix<'_, N>> {
        let first = self.layers.first()?;
        if self.layers.len() > N || N > 8 {
            return None;
        }
        fn root(l: &Layer) -> node::Cursor<'_> {
            node::Cursor {
                data: l.words.as_fst().as_bytes(),
                addr: l.roots.0,
                out: 0,
            }
        }
        let mut p = Prefix {
            live: 0,
            unindexed: 0,
            at: [root(first); N],
        };
        for (i, l) in self.layers.iter().enumerate() {
            p.at[i] = root(l);
            p.live |= 1 << i;
            if node::version(p.at[i].data) < 2 {
                p.unindexed |= 1 << i;
            }
        }
        Some(p)
    }

    /// Moves the prefix `p` on by the character `c` (its UTF-8 bytes, taken as they are:
    /// lexicon keys are lowercase with `'` for `’`, see [`normalize`]); false, leaving `p`
    /// meaningless, when no word of the lexicon starts so. Walking a normalised word a
    /// character at a time and reading [`Prefix::count`] gives its [`Lexicon::freq`], and
    /// the walk goes on exactly as long as [`Lexicon::has_prefix`] holds; a walk that shares
    /// its beginning with an earlier one can resume from a copy of the earlier one's prefix
    /// instead of starting over.
    ///
    /// Cost: the few bytes of one fst transition read per byte and live layer (the node is
    /// not decoded as a whole); no allocation. Walking words spread over the embedded
    /// lexicon, about 170 ns a word (some 20 ns a character, mostly waiting on memory),
    /// against 250 ns with the `fst` crate's decoded nodes (`cargo bench --bench lexicon --
    /// walk_words`). A [`Prefix`] is 24 bytes a layer, cheap to copy.
    #[inline]
    pub fn step<'l, const N: usize>(&'l self, p: &mut Prefix<'l, N>, c: char) -> bool {
        if (c as u32) < 0x80 {
            // One byte: the usual case, without the loop over a character's bytes.
            return p.step_byte(c as u8);
        }
        let mut buf = [0u8; 4];
        c.encode_utf8(&mut buf).bytes().all(|b| p.step_byte(b))
    }

    /// Moves `p`, which has read the first byte of `c` (as [`Prefix::each_next`] leaves it),
    /// on by the rest of `c`'s bytes; false when no word goes on so.
    #[inline]
    pub fn finish_char<'l, const N: usize>(&'l self, p: &mut Prefix<'l, N>, c: char) -> bool {
        if (c as u32) < 0x80 {
            return true;
        }
        let mut buf = [0u8; 4];
        c.encode_utf8(&mut buf)
            .bytes()
            .skip(1)
            .all(|b| p.step_byte(b))
    }

    /// `from` and the prefix after each character of `word` in turn, into `out` (cleared),
    /// as far as some word of the lexicon starts so: `out[i]` has read `word[..i]`.
    pub fn path<'l, const N: usize>(
        &'l self,
        from: Prefix<'l, N>,
        word: &[char],
        out: &mut Vec<Prefix<'l, N>>,
    ) {
        out.clear();
        out.push(from);
        let mut p = from;
        for &c in word {
            if !self.step(&mut p, c) {
                break;
            }
            out.push(p);
        }
    }

    /// [`Lexicon::step`] for each character of `word` in turn; false as soon as no word of
    /// the lexicon starts so.
    #[inline]
    pub fn step_all<'l, const N: usize>(&'l self, p: &mut Prefix<'l, N>, word: &[char]) -> bool {
        word.iter().all(|&c| self.step(p, c))
    }

    /// Whether `word` is a proper name (only ever capitalised in the curated lists).
    pub fn is_name(&self, word: &str) -> bool {
        self.flags(word) & flags::NAME != 0
    }

    /// Whether `word` (any case) is in the lexicon. Cost as [`Lexicon::freq`].
    pub fn contains(&self, word: &str) -> bool {
        with_key(word, |k| self.lookup(k).present)
    }

    /// Count of the word pair `a b` (any case); 0 if unknown.
    ///
    /// Cost: one fst lookup per layer; no allocation when both words are ASCII and
    /// together fit in 128 bytes.
    pub fn pair(&self, a: &str, b: &str) -> u64 {
        with_key(a, |ka| {
            with_key(b, |kb| {
                let n = ka.len() + 1 + kb.len();
                let mut buf = [0u8; 128];
                let mut heap = Vec::new();
                let key: &mut [u8] = if n <= buf.len() {
                    &mut buf[..n]
                } else {
                    heap.resize(n, 0);
                    &mut heap
                };
                key[..ka.len()].copy_from_slice(ka);
                key[ka.len()] = b' ';
                key[ka.len() + 1..].copy_from_slice(kb);
                self.layers.iter().map(|l| l.pair(key).unwrap_or(0)).sum()
            })
        })
    }

    /// The words seen right after `word` (any case) with their pair counts over all
    /// layers, most frequent first, at most `limit` of them.
    ///
    /// Cost: a range scan over every pair that starts with `word` in each layer (thousands
    /// for a function word); for display (`scanno lexicon lookup`), not for hot paths.
    pub fn followers(&self, word: &str, limit: usize) -> Vec<(String, u64)> {
        use fst::{IntoStreamer, Streamer};
        let mut from = normalize(word).into_bytes();
        if from.is_empty() {
            return Vec::new();
        }
        from.push(b' ');
        let mut to = from.clone();
        // Keys of the pairs that start with "word " sort before "word!".
        if let Some(last) = to.last_mut() {
            *last = b' ' + 1;
        }
        let mut seen: HashMap<Vec<u8>, u64> = HashMap::new();
        for l in &self.layers {
            let mut s = l.pairs.range().ge(&from).lt(&to).into_stream();
            while let Some((k, v)) = s.next() {
                let e = seen.entry(k[from.len()..].to_vec()).or_insert(0);
                *e = e.saturating_add(v);
            }
        }
        let mut out: Vec<(String, u64)> = seen
            .into_iter()
            .filter_map(|(k, v)| String::from_utf8(k).ok().map(|w| (w, v)))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(limit);
        out
    }

    /// Fills `out` with lexicon words within `max_distance` edits of `word`, best first
    /// (distance, then frequency, then the word).
    ///
    /// Search: a match within `d` edits has at most `d / 2` of them in the first half of the
    /// query or in the second half, so each layer is walked twice with a Levenshtein
    /// automaton that allows only `d / 2` edits until half the query is read: once over the
    /// words fst and once, with the query reversed, over the reversed-words fst. Distances
    /// count characters (Unicode scalar values: `cafe` is 1 from `café`), as
    /// `strsim::levenshtein` does. Distances above 4 are searched as 4; queries over 60
    /// bytes find nothing.
    ///
    /// A node of the fst is only decoded when the walk goes on from it, and each row
    /// computes only the cells within `max_distance` of its diagonal.
    ///
    /// Cost on the embedded lexicon (`cargo bench --bench variants`, `candidates_*`, shared
    /// 2-core machine): distance 1 2–8 µs; distance 2 40–135 µs for words of 7–11 letters
    /// but 260–520 µs for 4–5 letters (hundreds of words lie within 2 edits of `tlie`),
    /// including the candidates' strings (before the lazy decoding and the band: 3.5–16 µs
    /// and 59–1220 µs). The `fst` crate's Levenshtein DFA took 1.5–6 ms for the
    /// queries of `cargo bench --bench lexicon`; a SymSpell delete index 140–380 µs but
    /// about 150 MB of memory.
    pub fn candidates(&self, word: &str, max_distance: u32, out: &mut Vec<Candidate>) {
        out.clear();
        let q = normalize(word);
        if q.is_empty() || q.len() > MAX_QUERY {
            return;
        }
        let max = max_distance.min(MAX_DIST as u32) as u8;
        let fwd: Vec<char> = q.chars().collect();
        let rev: Vec<char> = fwd.iter().rev().copied().collect();
        let mut found: Vec<Found> = Vec::new();
        let mut layer_found = Vec::new();
        let mut rows = Vec::new();
        let mut key = Vec::new();
        let h = fwd.len() / 2;
        for l in &self.layers {
            layer_found.clear();
            Walk {
                q: &fwd,
                max,
                half: h,
                stage: max / 2,
                reverse: false,
            }
            .run(l.words.as_fst(), &mut rows, &mut key, &mut layer_found);
            Walk {
                q: &rev,
                max,
                half: fwd.len() - h,
                stage: max / 2,
                reverse: true,
            }
            .run(l.reversed.as_fst(), &mut rows, &mut key, &mut layer_found);
            // A word may be found from both ends.
            layer_found.sort_unstable();
            layer_found.dedup();
            found.append(&mut layer_found);
        }
        // Counts of a word held by several layers add up.
        found.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        found.dedup_by(|later, first| {
            let same = later.key == first.key;
            if same {
                let n = (first.value & COUNT_MASK).saturating_add(later.value & COUNT_MASK);
                first.value = (first.value & !COUNT_MASK) | n.min(COUNT_MASK);
            }
            same
        });
        for f in found {
            let Ok(w) = String::from_utf8(f.key) else {
                continue;
            };
            out.push(Candidate {
                word: w,
                distance: u32::from(f.distance),
                freq: f.value & COUNT_MASK,
            });
        }
        out.sort_by(|a, b| {
            a.distance
                .cmp(&b.distance)
                .then(b.freq.cmp(&a.freq))
                .then(a.word.cmp(&b.word))
        });
    }
}

impl Layer {
    fn new(
        words: Map<Bytes>,
        reversed: Map<Bytes>,
        pairs: Map<Bytes>,
        h: Header,
        size: usize,
    ) -> Layer {
        let roots = (words.as_fst().root().addr(), pairs.as_fst().root().addr());
        Layer {
            words,
            reversed,
            pairs,
            roots,
            total: h.total,
            meta: h.meta,
            size,
            user: false,
        }
    }

    /// The value of `key` in the words map ([`node::get`], as `self.words.get(key)`).
    #[inline]
    fn word(&self, key: &[u8]) -> Option<u64> {
        node::get(self.words.as_fst().as_bytes(), self.roots.0, key)
    }

    /// The value of `key` in the pairs map.
    #[inline]
    fn pair(&self, key: &[u8]) -> Option<u64> {
        node::get(self.pairs.as_fst().as_bytes(), self.roots.1, key)
    }

    fn parse_static(data: &'static [u8]) -> Result<Layer> {
        let h = Header::read(data)?;
        let words = Map::new(Bytes::Static(&data[h.words.clone()])).map_err(bad_fst)?;
        let reversed = Map::new(Bytes::Static(&data[h.reversed.clone()])).map_err(bad_fst)?;
        let pairs = Map::new(Bytes::Static(&data[h.pairs.clone()])).map_err(bad_fst)?;
        Ok(Layer::new(words, reversed, pairs, h, data.len()))
    }

    fn parse(data: Arc<[u8]>) -> Result<Layer> {
        let h = Header::read(&data)?;
        let words =
            Map::new(Bytes::Shared(data.clone(), h.words.start, h.words.end)).map_err(bad_fst)?;
        let reversed = Map::new(Bytes::Shared(
            data.clone(),
            h.reversed.start,
            h.reversed.end,
        ))
        .map_err(bad_fst)?;
        let pairs =
            Map::new(Bytes::Shared(data.clone(), h.pairs.start, h.pairs.end)).map_err(bad_fst)?;
        Ok(Layer::new(words, reversed, pairs, h, data.len()))
    }

    /// Builds a layer in memory from sorted words (values with flags) and pairs.
    fn build<'a>(
        words: impl Iterator<Item = (&'a [u8], u64)>,
        pairs: &BTreeMap<String, u64>,
        meta: &str,
    ) -> Result<Layer> {
        let mut buf = Vec::new();
        write_lex(
            &mut buf,
            words,
            pairs.iter().map(|(k, &v)| (k.as_bytes(), v)),
            meta,
        )?;
        Layer::parse(Arc::from(buf))
    }
}

fn bad_fst(e: fst::Error) -> Error {
    Error::bad_data(format!("lexicon file: bad fst map: {e}"))
}

struct Header {
    meta: String,
    words: std::ops::Range<usize>,
    reversed: std::ops::Range<usize>,
    pairs: std::ops::Range<usize>,
    total: u64,
}

impl Header {
    fn read(data: &[u8]) -> Result<Header> {
        if data.len() < HEADER || &data[..8] != MAGIC {
            return Err(Error::bad_data("not a scanno lexicon file (bad magic)"));
        }
        let u32_at =
            |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&data[i..i + 8]);
            u64::from_le_bytes(b)
        };
        let version = u32_at(8);
        if version != VERSION {
            return Err(Error::bad_data(format!(
                "lexicon file format version {version}, expected {VERSION}"
            )));
        }
        let (m, w, r, p, total) = (
            u32_at(12) as u64,
            u64_at(16),
            u64_at(24),
            u64_at(32),
            u64_at(40),
        );
        let expect = [m, w, r, p]
            .iter()
            .try_fold(HEADER as u64, |acc, &x| acc.checked_add(x));
        if expect != Some(data.len() as u64) {
            return Err(Error::bad_data(
                "lexicon file is truncated or has trailing bytes",
            ));
        }
        let (m, w, r) = (m as usize, w as usize, r as usize);
        let meta = std::str::from_utf8(&data[HEADER..HEADER + m])
            .map_err(|_| Error::bad_data("lexicon file: metadata is not UTF-8"))?
            .to_string();
        let ws = HEADER + m;
        let rs = ws + w;
        Ok(Header {
            meta,
            words: ws..rs,
            reversed: rs..rs + r,
            pairs: rs + r..data.len(),
            total,
        })
    }
}

/// What [`write_lex`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BuildStats {
    /// Number of words written.
    pub words: u64,
    /// Number of word pairs written.
    pub pairs: u64,
    /// Sum of the word counts.
    pub total: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes a `.lex` file (format in the module docs) to `out`.
///
/// `words` must be sorted by bytes and unique, values are counts with optional [`flags`] in
/// the top byte (`count | (flags as u64) << 56`); `pairs` keys (`"w1 w2"`) likewise sorted.
/// Keys should already be lowercase. Out-of-order keys are an error.
pub fn write_lex<'a, 'b, W: Write>(
    mut out: W,
    words: impl Iterator<Item = (&'a [u8], u64)>,
    pairs: impl Iterator<Item = (&'b [u8], u64)>,
    meta: &str,
) -> Result<BuildStats> {
    let order =
        |e: fst::Error| Error::bad_data(format!("lexicon keys must be sorted and unique: {e}"));
    let mut total = 0u64;
    let (mut nw, mut np) = (0u64, 0u64);
    let mut wb = MapBuilder::memory();
    let mut backwards: Vec<(Vec<u8>, u64)> = Vec::new();
    for (k, v) in words {
        total = total.saturating_add(v & COUNT_MASK);
        wb.insert(k, v).map_err(order)?;
        backwards.push((k.iter().rev().copied().collect(), v));
        nw += 1;
    }
    let words = wb.into_inner().map_err(order)?;
    backwards.sort_unstable();
    let mut rb = MapBuilder::memory();
    for (k, v) in &backwards {
        rb.insert(k, *v).map_err(order)?;
    }
    drop(backwards);
    let reversed = rb.into_inner().map_err(order)?;
    let mut pb = MapBuilder::memory();
    for (k, v) in pairs {
        pb.insert(k, v).map_err(order)?;
        np += 1;
    }
    let pairs = pb.into_inner().map_err(order)?;
    let meta = meta.as_bytes();
    let meta_len =
        u32::try_from(meta.len()).map_err(|_| Error::bad_data("lexicon metadata too long"))?;
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    head.extend_from_slice(&meta_len.to_le_bytes());
    head.extend_from_slice(&(words.len() as u64).to_le_bytes());
    head.extend_from_slice(&(reversed.len() as u64).to_le_bytes());
    head.extend_from_slice(&(pairs.len() as u64).to_le_bytes());
    head.extend_from_slice(&total.to_le_bytes());
    out.write_all(&head)?;
    out.write_all(meta)?;
    out.write_all(&words)?;
    out.write_all(&reversed)?;
    out.write_all(&pairs)?;
    out.flush()?;
    let bytes = (HEADER + meta.len() + words.len() + reversed.len() + pairs.len()) as u64;
    Ok(BuildStats {
        words: nw,
        pairs: np,
        total,
        bytes,
    })
}

/// Parses a user word list: one word a line, optional TAB and count, `#` comment lines.
fn parse_word_list(text: &str) -> Result<BTreeMap<String, u64>> {
    let mut words = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, count) = match line.split_once('\t') {
            Some((w, c)) => {
                let c = c.trim().parse::<u64>().map_err(|_| {
                    Error::bad_data(format!(
                        "word list: count {:?} is not a whole number",
                        c.trim()
                    ))
                    .on_line(n as u64 + 1)
                })?;
                (w.trim(), c)
            }
            None => (line, DEFAULT_USER_COUNT),
        };
        let key = normalize(word);
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(
                Error::bad_data(format!("word list: {word:?} is not one word"))
                    .on_line(n as u64 + 1),
            );
        }
        let v: &mut u64 = words.entry(key).or_insert(0);
        *v = v.saturating_add(count).min(COUNT_MASK);
    }
    let flagged = words
        .into_iter()
        .map(|(k, v)| (k, v | (flags::USER as u64) << 56))
        .collect();
    Ok(flagged)
}

/// Counts words and word pairs in clean text for a corpus lexicon ([`build_from_texts`]).
///
/// Words are the letter runs of each whitespace token (apostrophes and hyphens inside kept),
/// lowercased; a pair is two consecutive words with no sentence punctuation, digits or
/// paragraph break between them.
#[derive(Debug, Clone, Default)]
pub struct CorpusCounter {
    words: HashMap<String, u64>,
    pairs: HashMap<String, u64>,
    running: u64,
    documents: u64,
}

impl CorpusCounter {
    /// An empty counter.
    pub fn new() -> CorpusCounter {
        CorpusCounter::default()
    }

    /// Counts the words and pairs of one document.
    pub fn add_text(&mut self, text: &str) {
        self.documents += 1;
        for para in text.split("\n\n") {
            let mut prev: Option<String> = None;
            for t in crate::tokens::tokens(para) {
                let (core, r) = t.core();
                let r = (r.start - t.start, r.end - t.start);
                let word = normalize(core);
                let good = crate::tokens::is_alpha_word(&word)
                    || (word.contains('-') && word.split('-').all(crate::tokens::is_alpha_word));
                if !good {
                    prev = None;
                    continue;
                }
                self.running += 1;
                *self.words.entry(word.clone()).or_insert(0) += 1;
                if let Some(p) = prev.take() {
                    // Leading punctuation (an opening quote or bracket) also breaks the pair.
                    if r.0 == 0 {
                        *self.pairs.entry(format!("{p} {word}")).or_insert(0) += 1;
                    }
                }
                let trailing = &t.text[r.1..];
                let breaks = trailing.contains(|c: char| ".!?;:()[]\"—".contains(c));
                prev = if breaks { None } else { Some(word) };
            }
        }
    }

    /// Running words counted so far.
    pub fn running_words(&self) -> u64 {
        self.running
    }

    /// Writes the counts as a `.lex` file to `out`, scaled to occurrences per [`SCALE`]
    /// words (so that the layer's counts add sensibly to the embedded lexicon's);
    /// words seen fewer than `min_word` times and pairs seen fewer than `min_pair` times
    /// are left out.
    ///
    /// A corpus of fewer than [`MIN_CORPUS_WORDS`] running words is scaled as if it had
    /// that many: a word seen once then counts as once per million words (like a word-list
    /// entry), so a few pages cannot make their words commoner than "the".
    pub fn write<W: Write>(
        &self,
        out: W,
        min_word: u64,
        min_pair: u64,
        meta: &str,
    ) -> Result<BuildStats> {
        let scale = SCALE as f64 / self.running.max(MIN_CORPUS_WORDS) as f64;
        let scaled = |c: u64| ((c as f64 * scale).round() as u64).clamp(1, COUNT_MASK);
        let mut words: Vec<(&[u8], u64)> = self
            .words
            .iter()
            .filter(|(_, &c)| c >= min_word)
            .map(|(k, &c)| (k.as_bytes(), scaled(c)))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut pairs: Vec<(&[u8], u64)> = self
            .pairs
            .iter()
            .filter(|(_, &c)| c >= min_pair)
            .map(|(k, &c)| (k.as_bytes(), scaled(c)))
            .collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let meta = format!(
            "{meta}{}source: corpus of {} documents, {} running words\n",
            if meta.is_empty() || meta.ends_with('\n') {
                ""
            } else {
                "\n"
            },
            self.documents,
            self.running
        );
        write_lex(out, words.into_iter(), pairs.into_iter(), &meta)
    }
}

/// Counts words and word pairs in clean `texts` and writes a corpus lexicon (`.lex`) to
/// `out`: words seen at least once, pairs seen at least twice, counts per [`SCALE`] words.
/// Load it with [`Lexicon::add_file`]; `scanno lexicon build` uses this.
pub fn build_from_texts<I, S>(texts: I, out: impl AsRef<Path>) -> Result<BuildStats>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut c = CorpusCounter::new();
    for t in texts {
        c.add_text(t.as_ref());
    }
    let path = out.as_ref();
    let file = std::fs::File::create(path).map_err(|e| Error::from(e).at(path))?;
    c.write(
        std::io::BufWriter::new(file),
        1,
        2,
        "name: corpus lexicon\n",
    )
    .map_err(|e| e.at(path))
}

/// What identifies the embedded lexicon's data: its manifest (`data/lexicon/MANIFEST`, the
/// SHA-256 of `period.lex`, which `tests/lexicon_data.rs` checks against the data), read
/// without touching the 9.5 MB of data itself.
pub fn embedded_id() -> &'static str {
    include_str!("../data/lexicon/MANIFEST")
}

/// The lexicon key of `word`: lowercase, `’` as `'`, soft hyphens dropped, ligatures spelt
/// out ([`crate::tokens::ligature`]: "ﬁrm" is "firm").
pub fn normalize(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{ad}' => {}
            '\u{2019}' => key.push('\''),
            _ => crate::tokens::push_lowercase(&mut key, c),
        }
    }
    key
}

/// Whether the byte set `set` (bit `b` of `set[b / 64]`, as [`Prefix::next_bytes`] gives
/// it) holds `b`.
#[inline]
pub fn byte_set_has(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

/// Adds `b` to the byte set `set` (see [`byte_set_has`]).
#[inline]
pub fn byte_set_add(set: &mut [u64; 4], b: u8) {
    set[usize::from(b >> 6)] |= 1 << (b & 63);
}

/// Most layers a [`Prefix`] is meant to walk at once (the embedded lexicon, a corpus
/// lexicon, a user word list and a learnt layer); [`Lexicon::start`] takes up to 8.
pub const MAX_PREFIX_LAYERS: usize = 4;

/// A prefix of some lexicon word, as reached by [`Lexicon::start`] and [`Lexicon::step`]:
/// the fst node it leads to in each layer that has a word starting with it.
/// `N` is the most layers it can follow.
#[derive(Clone, Copy)]
pub struct Prefix<'l, const N: usize> {
    /// Bit `i`: layer `i` has a word with this prefix.
    live: u8,
    /// Bit `i`: layer `i`'s fst is of format 1, whose large nodes have no transition index.
    unindexed: u8,
    /// The node reached in each live layer and the output summed along the way.
    at: [node::Cursor<'l>; N],
}

impl<const N: usize> Prefix<'_, N> {
    /// Moves every live layer on by the byte `b`, dropping the layers that cannot; false
    /// when none is left.
    #[inline(always)]
    fn step_byte(&mut self, b: u8) -> bool {
        for i in 0..N {
            if self.live & (1 << i) != 0 && !self.at[i].step(b, self.unindexed & (1 << i) == 0) {
                self.live &= !(1 << i);
            }
        }
        self.live != 0
    }

    /// The fst node reached in each layer (`usize::MAX` where no word of the layer starts
    /// so). Two prefixes with the same nodes are continued by the same suffixes into words
    /// of the same layers, however different they are (a minimised fst shares the nodes of
    /// "nation" and "ration" after their first letter). Cost: a copy.
    #[inline]
    pub fn nodes(&self) -> [usize; N] {
        let mut out = [usize::MAX; N];
        for (i, (o, c)) in out.iter_mut().zip(&self.at).enumerate() {
            if self.live & (1 << i) != 0 {
                *o = c.addr;
            }
        }
        out
    }

    /// The prefix at `nodes`, as [`Prefix::nodes`] gave them for a prefix walked from this
    /// one (the lexicon's [`Lexicon::start`]): its steps and [`Prefix::is_word`] are those of
    /// the prefix that gave the nodes, but no output is summed, so its [`Prefix::count`] is
    /// not. Lets a walk keep prefixes as plain numbers. Cost: a copy.
    #[inline]
    pub fn at_nodes(&self, nodes: &[usize; N]) -> Self {
        let mut p = *self;
        p.live = 0;
        for (i, (c, &addr)) in p.at.iter_mut().zip(nodes).enumerate() {
            if addr != usize::MAX && self.live & (1 << i) != 0 {
                c.addr = addr;
                c.out = 0;
                p.live |= 1 << i;
            }
        }
        p
    }

    /// Whether the prefix is a whole word of some layer (whose count may still be 0).
    /// Unlike [`Prefix::count`], it depends only on [`Prefix::nodes`]. Cost: a few ns.
    #[inline]
    pub fn is_word(&self) -> bool {
        self.at.iter().enumerate().any(|(i, c)| {
            self.live & (1 << i) != 0 && c.final_value(self.unindexed & (1 << i) == 0).is_some()
        })
    }

    /// The bytes some word continues the prefix with, as a set (bit `b` of `[b / 64]`; it
    /// may hold more than those when the prefix is short: see below). A walk that would try
    /// many different steps from one prefix tests each against it first: where few words
    /// go on, most steps are ruled out without reading the fst. Cost: one read of each live
    /// layer's node; every byte for a node with more than 32 transitions in an fst that
    /// indexes them (format 2 and later), where a step costs little anyway.
    #[inline]
    pub fn next_bytes(&self) -> [u64; 4] {
        let mut mask = [0u64; 4];
        for (i, c) in self.at.iter().enumerate() {
            if self.live & (1 << i) != 0 {
                c.inputs(self.unindexed & (1 << i) == 0, &mut mask);
            }
        }
        mask
    }

    /// Calls `f` with each byte of `wanted` (bit `b` of `wanted[b / 64]`) some word
    /// continues the prefix with, and the prefix that byte leads to (as
    /// [`Prefix::next_bytes`] and a step by each byte found, but reading a one-layer
    /// prefix's node once). Cost: one read of the node, and a step per byte found.
    #[inline]
    pub fn each_next(&self, wanted: &[u64; 4], mut f: impl FnMut(u8, Self)) {
        if N == 1 && self.live == 1 {
            return self.at[0].each_next(self.unindexed & 1 == 0, wanted, |b, c| {
                let mut p = *self;
                p.at[0] = c;
                f(b, p)
            });
        }
        let next = self.next_bytes();
        for w in 0..4 {
            let mut bits = next[w] & wanted[w];
            while bits != 0 {
                let b = (w * 64) as u8 + bits.trailing_zeros() as u8;
                let mut p = *self;
                if p.step_byte(b) {
                    f(b, p);
                }
                bits &= bits - 1;
            }
        }
    }

    /// The count of the prefix as a whole word over all layers (as [`Lexicon::freq`]); 0 if
    /// it is only the beginning of longer words. Cost: a few ns.
    #[inline]
    pub fn count(&self) -> u64 {
        let mut n = 0u64;
        for (i, c) in self.at.iter().enumerate() {
            if self.live & (1 << i) != 0 {
                if let Some(v) = c.final_value(self.unindexed & (1 << i) == 0) {
                    n = n.saturating_add(v & COUNT_MASK);
                }
            }
        }
        n
    }
}

/// Steps down an fst by reading its node format (fst 0.4, formats 1 to 3) in place: a
/// transition costs the few bytes it reads, where decoding a whole `fst::raw::Node` reads
/// its header, final output and sizes first. The walks of the correction stage take
/// millions of such steps per megabyte of OCR. Malformed data ends a walk (no match),
/// never panics.
mod node {
    /// Format 2 and later index the transitions of nodes with more than this many.
    const INDEX_THRESHOLD: usize = 32;

    /// The bytes fst 0.4 writes as a one-byte index inside a node's state byte (its
    /// `COMMON_INPUTS_INV`, of which a 6-bit index reaches the first 63).
    const COMMON: [u8; 63] = *b"te/oasripcnw.hlm-du012g=:bf3y5&_4v9678k%?xCDASFIBEjPTzRNM+LOqHG";

    /// One layer's place in a walk: its fst bytes, the address of the node reached and
    /// the output summed on the way there.
    #[derive(Clone, Copy)]
    pub(super) struct Cursor<'l> {
        pub data: &'l [u8],
        pub addr: usize,
        pub out: u64,
    }

    /// The format version of the fst in `data` (its first 8 bytes).
    pub(super) fn version(data: &[u8]) -> u64 {
        data.get(..8)
            .map_or(0, |b| u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }

    /// `n` (at most 8) little-endian bytes at `at`.
    #[inline(always)]
    fn uint(data: &[u8], at: usize, n: usize) -> Option<u64> {
        if let Some(b) = data.get(at..at.wrapping_add(8)) {
            let v = u64::from_le_bytes(b.try_into().ok()?);
            return Some(if n >= 8 {
                v
            } else {
                v & ((1u64 << (8 * n)) - 1)
            });
        }
        let b = data.get(at..at.wrapping_add(n.min(8)))?;
        Some(b.iter().rev().fold(0, |v, &x| (v << 8) | u64::from(x)))
    }

    /// The input byte of a one-transition node whose state byte is `state`, and how many
    /// bytes it takes before the state byte (0 when the state byte holds it).
    #[inline(always)]
    fn one_input(data: &[u8], addr: usize, state: u8) -> Option<(u8, usize)> {
        match state & 0b0011_1111 {
            0 => Some((*data.get(addr.wrapping_sub(1))?, 1)),
            i => Some((COMMON[usize::from(i) - 1], 0)),
        }
    }

    /// The target of a transition packed in `tsize` bytes at `at`, in a node ending at `end`.
    #[inline(always)]
    fn target(data: &[u8], at: usize, tsize: usize, end: usize) -> Option<usize> {
        let delta = uint(data, at, tsize)? as usize;
        // Delta 0 is the empty final node (address 0).
        Some(if delta == 0 {
            0
        } else {
            end.wrapping_sub(delta)
        })
    }

    /// Number of transitions of a many-transition node and the bytes that count takes
    /// before the state byte.
    #[inline(always)]
    fn many(data: &[u8], addr: usize, state: u8) -> Option<(usize, usize)> {
        match state & 0b0011_1111 {
            0 => match *data.get(addr.wrapping_sub(1))? {
                // One transition is always written in the state byte: 1 here means 256.
                1 => Some((256, 1)),
                n => Some((usize::from(n), 1)),
            },
            n => Some((usize::from(n), 0)),
        }
    }

    /// The node and output transition `i` of a many-transition node leads to: `state` is
    /// the node's state byte, `sizes` its packed target and output sizes, `top` where its
    /// list of `n` inputs ends. The lists below the inputs (targets, then outputs, then the
    /// final output) run last transition first.
    #[inline(always)]
    fn transition_at(
        data: &[u8],
        state: u8,
        sizes: u8,
        top: usize,
        n: usize,
        i: usize,
    ) -> Option<(usize, u64)> {
        let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 15));
        let targets = top.wrapping_sub(n);
        let at = targets.wrapping_sub((i + 1) * tsize);
        let outputs = targets.wrapping_sub(n * tsize);
        let final_size = if state & 0b0100_0000 != 0 { osize } else { 0 };
        let end = outputs.wrapping_sub(n * osize + final_size);
        let out = if osize == 0 {
            0
        } else {
            uint(data, outputs.wrapping_sub((i + 1) * osize), osize)?
        };
        Some((target(data, at, tsize, end)?, out))
    }

    /// The value of `key` in the fst in `data` whose root is at `root`, as `fst::Map::get`.
    #[inline]
    pub(super) fn get(data: &[u8], root: usize, key: &[u8]) -> Option<u64> {
        let indexed = version(data) >= 2;
        let mut c = Cursor {
            data,
            addr: root,
            out: 0,
        };
        for &b in key {
            if !c.step(b, indexed) {
                return None;
            }
        }
        c.final_value(indexed)
    }

    impl<'l> Cursor<'l> {
        /// Follows the transition on `b`; false (leaving the cursor as it was) when there
        /// is none. `indexed`: the fst is of format 2 or later.
        #[inline]
        pub fn step(&mut self, b: u8, indexed: bool) -> bool {
            match self.next(b, indexed) {
                Some((addr, out)) => {
                    self.addr = addr;
                    self.out = self.out.wrapping_add(out);
                    true
                }
                None => false,
            }
        }

        /// The node and output the transition on `b` leads to.
        #[inline(always)]
        fn next(&self, b: u8, indexed: bool) -> Option<(usize, u64)> {
            let (data, addr) = (self.data, self.addr);
            if addr == 0 {
                // The empty final node: no transitions.
                return None;
            }
            let state = *data.get(addr)?;
            match state >> 6 {
                0b11 => {
                    // One transition, with no output, to the node written just before.
                    let (input, ilen) = one_input(data, addr, state)?;
                    (input == b).then(|| (addr.wrapping_sub(ilen + 1), 0))
                }
                0b10 => {
                    // One transition.
                    let (input, ilen) = one_input(data, addr, state)?;
                    if input != b {
                        return None;
                    }
                    let sizes = *data.get(addr.wrapping_sub(ilen + 1))?;
                    let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 15));
                    let at = addr.wrapping_sub(ilen + 1 + tsize);
                    let end = at.wrapping_sub(osize);
                    let out = if osize == 0 {
                        0
                    } else {
                        uint(data, end, osize)?
                    };
                    Some((target(data, at, tsize, end)?, out))
                }
                _ => {
                    // Any number of transitions: (final output), outputs, targets, inputs,
                    // (index), sizes, (count), state, each list last transition first.
                    let (n, nlen) = many(data, addr, state)?;
                    let sizes = *data.get(addr.wrapping_sub(nlen + 1))?;
                    let index = if indexed && n > INDEX_THRESHOLD {
                        256
                    } else {
                        0
                    };
                    let top = addr.wrapping_sub(nlen + 1 + index);
                    let i = if index > 0 {
                        let i = usize::from(*data.get(top.wrapping_add(usize::from(b)))?);
                        if i >= n {
                            return None;
                        }
                        i
                    } else {
                        let inputs = data.get(top.wrapping_sub(n)..top)?;
                        let from_end = inputs.iter().position(|&x| x == b)?;
                        n - 1 - from_end
                    };
                    transition_at(data, state, sizes, top, n, i)
                }
            }
        }

        /// Adds to `mask` (bit `b` of `mask[b / 64]`) the bytes a transition leaves the node
        /// on; every byte for a node with an index of its transitions (the large nodes near
        /// the root, where reading the index would cost more than it saves).
        #[inline]
        pub fn inputs(&self, indexed: bool, mask: &mut [u64; 4]) {
            let (data, addr) = (self.data, self.addr);
            if addr == 0 {
                return;
            }
            let Some(&state) = data.get(addr) else {
                return;
            };
            if state >> 6 >= 0b10 {
                if let Some((b, _)) = one_input(data, addr, state) {
                    super::byte_set_add(mask, b);
                }
                return;
            }
            let Some((n, nlen)) = many(data, addr, state) else {
                return;
            };
            if indexed && n > INDEX_THRESHOLD {
                *mask = [u64::MAX; 4];
                return;
            }
            let top = addr.wrapping_sub(nlen + 1);
            if let Some(inputs) = data.get(top.wrapping_sub(n)..top) {
                // In registers: or-ing into `mask` byte by byte would chain each input on
                // the store of the one before.
                let mut m = [0u64; 4];
                for &b in inputs {
                    super::byte_set_add(&mut m, b);
                }
                for (x, y) in mask.iter_mut().zip(m) {
                    *x |= y;
                }
            }
        }

        /// Calls `f` with each byte of `wanted` (bit `b` of `wanted[b / 64]`) the node has a
        /// transition on and the cursor that transition leads to, reading the node once
        /// (where [`Cursor::step`] for each byte would search its inputs each time).
        #[inline]
        pub fn each_next(
            &self,
            indexed: bool,
            wanted: &[u64; 4],
            mut f: impl FnMut(u8, Cursor<'l>),
        ) {
            let (data, addr) = (self.data, self.addr);
            if addr == 0 {
                return;
            }
            let Some(&state) = data.get(addr) else {
                return;
            };
            let has = |b: u8| super::byte_set_has(wanted, b);
            let mut by_step = |b: u8| {
                let mut c = *self;
                if c.step(b, indexed) {
                    f(b, c);
                }
            };
            if state >> 6 >= 0b10 {
                if let Some((b, _)) = one_input(data, addr, state) {
                    if has(b) {
                        by_step(b);
                    }
                }
                return;
            }
            let Some((n, nlen)) = many(data, addr, state) else {
                return;
            };
            if indexed && n > INDEX_THRESHOLD {
                for (w, &bits) in wanted.iter().enumerate() {
                    let mut bits = bits;
                    while bits != 0 {
                        by_step((w * 64) as u8 + bits.trailing_zeros() as u8);
                        bits &= bits - 1;
                    }
                }
                return;
            }
            let Some(&sizes) = data.get(addr.wrapping_sub(nlen + 1)) else {
                return;
            };
            let top = addr.wrapping_sub(nlen + 1);
            let Some(inputs) = data.get(top.wrapping_sub(n)..top) else {
                return;
            };
            for (from_end, &b) in inputs.iter().enumerate() {
                if !has(b) {
                    continue;
                }
                let i = n - 1 - from_end;
                if let Some((t, out)) = transition_at(data, state, sizes, top, n, i) {
                    f(
                        b,
                        Cursor {
                            data,
                            addr: t,
                            out: self.out.wrapping_add(out),
                        },
                    );
                }
            }
        }

        /// The output of the word the cursor has read, if it is one (its node is final).
        /// `indexed`: the fst is of format 2 or later.
        #[inline]
        pub fn final_value(&self, indexed: bool) -> Option<u64> {
            let (data, addr) = (self.data, self.addr);
            if addr == 0 {
                return Some(self.out);
            }
            let state = *data.get(addr)?;
            if state & 0b1000_0000 != 0 || state & 0b0100_0000 == 0 {
                // One-transition nodes are never final.
                return None;
            }
            let (n, nlen) = many(data, addr, state)?;
            let sizes = *data.get(addr.wrapping_sub(nlen + 1))?;
            let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 15));
            if osize == 0 {
                return Some(self.out);
            }
            let index = if indexed && n > INDEX_THRESHOLD {
                256
            } else {
                0
            };
            let at = addr.wrapping_sub(nlen + 1 + index + n + n * tsize + n * osize + osize);
            Some(self.out.wrapping_add(uint(data, at, osize)?))
        }
    }
}

/// What [`Lexicon::lookup`] finds for a key.
#[derive(Clone, Copy, Default)]
struct Lookup {
    count: u64,
    flags: u8,
    present: bool,
}

/// One slot of the per-thread lookup cache.
#[derive(Clone, Copy, Default)]
struct CacheEntry {
    key: [u8; CACHED_KEY],
    len: u8,
    id: u64,
    value: Lookup,
}

/// Longest key kept in the lookup cache, in bytes (longer words go to the fst each time).
const CACHED_KEY: usize = 24;

/// Slots of the per-thread, direct-mapped lookup cache (a power of two). Word frequencies
/// follow Zipf's law, so most lookups of running text hit it and skip the fst walk.
const CACHE_SLOTS: usize = 1 << 14;

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

thread_local! {
    static CACHE: std::cell::RefCell<Vec<CacheEntry>> = std::cell::RefCell::new(vec![CacheEntry::default(); CACHE_SLOTS]);
}

/// Calls `f` with the lexicon key of `word`, without allocating for ASCII words of up to
/// 64 bytes.
fn with_key<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    if word.is_ascii() {
        return crate::tokens::with_lowercase(word, |w| f(w.as_bytes()));
    }
    f(normalize(word).as_bytes())
}

const MAX_QUERY: usize = 60;
const MAX_DIST: u8 = 4;

/// A word found by a [`Walk`]: its key bytes, fst value and distance in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    key: Vec<u8>,
    value: u64,
    distance: u8,
}

/// One walk of a Levenshtein automaton over a words fst, simulated row by row: at depth
/// `t` (characters) the row holds the edit distances between each prefix of the query and
/// the `t` characters of the key read so far. The fst is walked byte by byte; the bytes of
/// a multi-byte character are gathered before its row is computed, so distances count
/// characters. Until the row's cell for `q[..half]` has been within `stage`, only paths
/// whose first `half + 1` cells can still get there are followed.
struct Walk<'q> {
    q: &'q [char],
    max: u8,
    half: usize,
    stage: u8,
    /// Walking the reversed-words fst: keys (and so their UTF-8 bytes) run backwards.
    reverse: bool,
}

/// The state a [`Walk`] carries down the fst: the node reached (its address: a node is
/// only decoded once the walk goes on from it), the output summed along the way.
struct At {
    addr: fst::raw::CompiledAddr,
    acc: fst::raw::Output,
    passed: bool,
}

impl Walk<'_> {
    fn run<D: AsRef<[u8]>>(
        &self,
        fst: &fst::raw::Fst<D>,
        rows: &mut Vec<u8>,
        key: &mut Vec<u8>,
        found: &mut Vec<Found>,
    ) {
        let w = self.q.len() + 1;
        rows.clear();
        rows.extend((0..w).map(|j| (j as u8).min(self.max + 1)));
        key.clear();
        let at = At {
            addr: fst.root().addr(),
            acc: fst::raw::Output::zero(),
            passed: self.half as u8 <= self.stage,
        };
        self.walk(fst, at, rows, key, found);
    }

    /// At a character boundary: reports a final key, then follows each transition.
    fn walk<D: AsRef<[u8]>>(
        &self,
        fst: &fst::raw::Fst<D>,
        at: At,
        rows: &mut Vec<u8>,
        key: &mut Vec<u8>,
        found: &mut Vec<Found>,
    ) {
        let node = fst.node(at.addr);
        // The last cell of the current row: the distance from the whole query.
        let last = rows[rows.len() - 1];
        if at.passed && node.is_final() && last <= self.max {
            let k = if self.reverse {
                key.iter().rev().copied().collect()
            } else {
                key.clone()
            };
            found.push(Found {
                key: k,
                value: at.acc.cat(node.final_output()).value(),
                distance: last,
            });
        }
        if !at.passed && self.stage == 0 {
            // Until the first half of the query is read, no edit is allowed: only its next
            // character can go on (any other's row would be cut in `step`), found directly
            // rather than by computing a row for every transition.
            let t = rows.len() / self.q.len().saturating_add(1) - 1;
            if let Some(&c) = self.q.get(t) {
                let mut buf = [0u8; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                let len = key.len();
                let mut at = at;
                let mut node = node;
                let mut ok = true;
                for i in 0..bytes.len() {
                    // Backwards, a character's bytes run backwards too.
                    let b = if self.reverse {
                        bytes[bytes.len() - 1 - i]
                    } else {
                        bytes[i]
                    };
                    match node.find_input(b) {
                        Some(k) => {
                            let tr = node.transition(k);
                            key.push(b);
                            at = At {
                                addr: tr.addr,
                                acc: at.acc.cat(tr.out),
                                passed: at.passed,
                            };
                            node = fst.node(tr.addr);
                        }
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    self.step(c, fst, at, rows, key, found);
                }
                key.truncate(len);
            }
            return;
        }
        for t in node.transitions() {
            key.push(t.inp);
            let next = At {
                addr: t.addr,
                acc: at.acc.cat(t.out),
                passed: at.passed,
            };
            if t.inp < 0x80 {
                self.step(t.inp as char, fst, next, rows, key, found);
            } else {
                self.gather(key.len() - 1, fst, next, rows, key, found);
            }
            key.pop();
        }
    }

    /// Reads the remaining bytes of the multi-byte character that starts at `key[start]`,
    /// then steps on it. Bytes that are not UTF-8 read as U+FFFD.
    fn gather<D: AsRef<[u8]>>(
        &self,
        start: usize,
        fst: &fst::raw::Fst<D>,
        at: At,
        rows: &mut Vec<u8>,
        key: &mut Vec<u8>,
        found: &mut Vec<Found>,
    ) {
        let bytes = &key[start..];
        let done = if self.reverse {
            // Backwards, a character ends with its lead byte.
            bytes.last().map_or(true, |&b| b & 0xC0 != 0x80)
        } else {
            bytes.len() >= utf8_len(bytes[0])
        };
        if done || bytes.len() >= 4 {
            let mut buf = [0u8; 4];
            let n = bytes.len().min(4);
            buf[..n].copy_from_slice(&bytes[..n]);
            if self.reverse {
                buf[..n].reverse();
            }
            let c = std::str::from_utf8(&buf[..n])
                .ok()
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            self.step(c, fst, at, rows, key, found);
            return;
        }
        for t in fst.node(at.addr).transitions() {
            key.push(t.inp);
            let next = At {
                addr: t.addr,
                acc: at.acc.cat(t.out),
                passed: at.passed,
            };
            self.gather(start, fst, next, rows, key, found);
            key.pop();
        }
    }

    /// Computes the row after reading `c`; walks on if a match is still possible.
    ///
    /// Only the cells within `max` of the diagonal are computed: a cell `t` characters down
    /// and `i` across is at least `|i - t|`, so the others are capped at `max + 1` anyway.
    fn step<D: AsRef<[u8]>>(
        &self,
        c: char,
        fst: &fst::raw::Fst<D>,
        at: At,
        rows: &mut Vec<u8>,
        key: &mut Vec<u8>,
        found: &mut Vec<Found>,
    ) {
        let w = self.q.len() + 1;
        let base = rows.len() - w;
        let cap = self.max + 1;
        // This row's depth in characters.
        let t = rows.len() / w;
        rows.extend(std::iter::repeat(cap).take(w));
        let (prev, next) = rows[base..].split_at_mut(w);
        let lo = t.saturating_sub(self.max as usize);
        let hi = (t + self.max as usize).min(w - 1);
        if lo == 0 {
            next[0] = (prev[0] + 1).min(cap);
        }
        let mut low = if lo == 0 { next[0] } else { cap };
        let mut low_half = low;
        for i in lo.max(1)..=hi {
            let v = (prev[i - 1] + (self.q[i - 1] != c) as u8)
                .min(prev[i] + 1)
                .min(next[i - 1] + 1)
                .min(cap);
            next[i] = v;
            low = low.min(v);
            if i - 1 < self.half {
                low_half = low_half.min(v);
            }
        }
        let passed = at.passed || next[self.half] <= self.stage;
        if low <= self.max && (passed || low_half <= self.stage) {
            let at = At { passed, ..at };
            self.walk(fst, at, rows, key, found);
        }
        rows.truncate(base + w);
    }
}

/// Length of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests;
