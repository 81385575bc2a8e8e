//! The misreading index: the corrector's candidates of the likeliest OCR misreadings,
//! searched ahead of time.
//!
//! Finding the lexicon words an unknown OCR word may stand for costs a search of the
//! lexicon with the learnt confusions (see [`crate::correct::Corrector::suggest`]), about
//! 200 µs a word type. The words it finds depend only on the word, the lexicon, the error
//! model and the corrector's parameters, so for the strings OCR most often makes of the
//! lexicon's frequent words the search is run once, when the index is built, and its result
//! stored: at clean time such a word is one look-up.
//!
//! The keys are
//! - the misreadings of the lexicon's frequent words under the error model
//!   ([`Channel::each_misreading`]): every word of at least [`BuildOptions::min_share`] of
//!   running text, read with up to [`BuildOptions::max_confusions`] listed confusions, where
//!   the word's share times the misreading's probability is at least
//!   [`BuildOptions::log_cut`];
//! - the OCR words of the training texts (`../shared/eval/train/`) the lexicon lacks.
//!
//! Each key maps to the corrector's candidates as its full search finds them (word, channel
//! log probability, lexicon count), so a word the index holds gets exactly the readings the
//! full search would give it. The index is valid only for the lexicon, model and parameters
//! it was built with: it carries their [`fingerprint`], and the corrector uses it only when
//! that matches (the embedded lexicon alone, the embedded model, default parameters).
//!
//! The embedded index, `data/index/misreadings.idx`, is built by
//! `cargo run --release --example misreading_index` (see that example); a test checks it
//! against the embedded lexicon and model. File layout (little-endian):
//!
//! ```text
//! magic "SCNMISR1" | fingerprint u64 | keys u64 | fst bytes u64 | records bytes u64 | words u64 | word bytes u64
//! fst (key -> record offset) | records | word offsets (u32 each, words + 1) | words
//! record: n u8, then n x (word number u32, channel log prob f32)
//! word:   lexicon count u64, then the word's UTF-8 bytes
//! ```

use fst::{Map, MapBuilder};
use once_cell::sync::Lazy;

use crate::channel::{fold_into, Channel, MAX_WORD};
use crate::error::{Error, Result};
use crate::hash::{fx_hash, FxHasher};
use crate::lexicon::Lexicon;

const MAGIC: &[u8; 8] = b"SCNMISR1";
/// Numbers in the header after the magic.
pub(crate) const HEADER_NUMBERS: usize = 6;
pub(crate) const HEADER: usize = 8 + HEADER_NUMBERS * 8;

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../data/index/misreadings.idx");

static EMBEDDED: Lazy<Option<MisreadIndex<&'static [u8]>>> =
    Lazy::new(|| MisreadIndex::from_bytes(EMBEDDED_BYTES).ok());

/// A misreading index over bytes `D` (the embedded data, or a file read into memory).
pub struct MisreadIndex<D: AsRef<[u8]> = &'static [u8]> {
    map: Map<SliceOf<D>>,
    /// The whole file (the fst's bytes are a slice of it).
    bytes: D,
    fingerprint: u64,
    records: (usize, usize),
    offsets: (usize, usize),
    words: (usize, usize),
}

impl MisreadIndex<&'static [u8]> {
    /// The embedded index, opened (not parsed) on first use; `None` if its data is broken.
    pub fn embedded() -> Option<&'static MisreadIndex<&'static [u8]>> {
        EMBEDDED.as_ref()
    }
}

/// The numbers of the header of a file built ahead of time (this index, the confusion keys
/// of [`crate::misskeys`]): an 8-byte `magic`, then [`HEADER_NUMBERS`] little-endian `u64`s.
/// An error naming `what` when the bytes are shorter or the magic differs.
pub(crate) fn header(b: &[u8], magic: &[u8; 8], what: &str) -> Result<[u64; HEADER_NUMBERS]> {
    if b.len() < HEADER || &b[..8] != magic {
        return Err(Error::bad_data(format!("{what}: not a scanno {what} (bad magic)")));
    }
    Ok(std::array::from_fn(|i| u64::from_le_bytes(b[8 + 8 * i..16 + 8 * i].try_into().unwrap_or([0; 8]))))
}

impl<D: AsRef<[u8]> + Clone> MisreadIndex<D> {
    /// Opens an index written by [`build`]: checks the header and the fst's, reads nothing
    /// else.
    pub fn from_bytes(bytes: D) -> Result<MisreadIndex<D>> {
        let bad = |what: &str| Error::bad_data(format!("misreading index: {what}"));
        let b = bytes.as_ref();
        let num = header(b, MAGIC, "misreading index")?;
        let fingerprint = num[0];
        let (fst_len, rec_len, n_words, word_len) =
            (num[2] as usize, num[3] as usize, num[4] as usize, num[5] as usize);
        let fst_start = HEADER;
        let records = fst_start.checked_add(fst_len).ok_or_else(|| bad("bad sizes"))?;
        let offsets = records.checked_add(rec_len).ok_or_else(|| bad("bad sizes"))?;
        let words = n_words
            .checked_add(1)
            .and_then(|n| n.checked_mul(4))
            .and_then(|n| offsets.checked_add(n))
            .ok_or_else(|| bad("bad sizes"))?;
        let end = words.checked_add(word_len).ok_or_else(|| bad("bad sizes"))?;
        if end != b.len() {
            return Err(bad("size does not match its header"));
        }
        // The fst is read from its own slice of the bytes.
        let map = Map::new(SliceOf { bytes: bytes.clone(), start: fst_start, end: records })
            .map_err(|e| bad(&format!("bad fst: {e}")))?;
        Ok(MisreadIndex {
            map,
            bytes,
            fingerprint,
            records: (records, offsets),
            offsets: (offsets, words),
            words: (words, end),
        })
    }
}

impl<D: AsRef<[u8]>> MisreadIndex<D> {
    /// The [`fingerprint`] of the lexicon, model and parameters it was built with.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Number of misreadings it holds.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether the index holds the folded OCR word `key` (see [`fold_into`]).
    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The candidates of the folded OCR word `key` (word, channel log probability, lexicon
    /// count; best first), appended to `out`; false (and `out` untouched) when the index does
    /// not hold `key`. A held key may have no candidates: the search found none.
    ///
    /// Cost: one fst look-up (about 0.3–1 µs) and one allocation per candidate
    /// (`cargo bench --bench variants -- index_get`).
    pub fn get(&self, key: &str, out: &mut Vec<(String, f32, u64)>) -> bool {
        let Some(at) = self.map.get(key) else {
            return false;
        };
        let b = self.bytes.as_ref();
        let rec = &b[self.records.0..self.records.1];
        let offs = &b[self.offsets.0..self.offsets.1];
        let words = &b[self.words.0..self.words.1];
        let at = at as usize;
        let Some(&n) = rec.get(at) else { return true };
        let u32_at = |s: &[u8], i: usize| s.get(i..i + 4).map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]));
        for k in 0..n as usize {
            let r = at + 1 + 8 * k;
            let (Some(id), Some(ch)) = (u32_at(rec, r), u32_at(rec, r + 4)) else { break };
            let (Some(s), Some(e)) = (u32_at(offs, 4 * id as usize), u32_at(offs, 4 * id as usize + 4)) else {
                break;
            };
            let Some(w) = words.get(s as usize..e as usize).filter(|w| w.len() >= 8) else { break };
            let freq = u64::from_le_bytes(w[..8].try_into().unwrap_or([0; 8]));
            let Ok(word) = std::str::from_utf8(&w[8..]) else { break };
            out.push((word.to_string(), f32::from_bits(ch), freq));
        }
        true
    }

    /// Every key with its candidates, in key order (for checks and reports).
    pub fn each(&self, mut f: impl FnMut(&str, &[(String, f32, u64)])) {
        use fst::Streamer;
        let mut stream = self.map.stream();
        let mut cands = Vec::new();
        let mut keys = Vec::new();
        while let Some((k, _)) = stream.next() {
            keys.push(String::from_utf8_lossy(k).into_owned());
        }
        for k in keys {
            cands.clear();
            self.get(&k, &mut cands);
            f(&k, &cands);
        }
    }
}

/// A sub-slice of shared bytes, for the fst inside the index file.
#[derive(Clone)]
struct SliceOf<D> {
    bytes: D,
    start: usize,
    end: usize,
}

impl<D: AsRef<[u8]>> AsRef<[u8]> for SliceOf<D> {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.as_ref()[self.start..self.end]
    }
}

/// Identifies what an index's candidates depend on: the lexicon, the error model and the
/// corrector's parameters (their `Debug` form). `lexicon_id` identifies the lexicon's data
/// (for the embedded one, [`crate::lexicon::embedded_id`]).
pub fn fingerprint(lexicon_id: &[u8], channel: &Channel, params: &crate::correct::Params) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(&fx_hash(lexicon_id).to_le_bytes());
    h.write(&channel.to_bytes());
    h.write(format!("{params:?}").as_bytes());
    h.finish()
}

/// The fingerprint of the embedded lexicon, the embedded model and default parameters,
/// computed once.
pub fn stock_fingerprint() -> u64 {
    static STOCK: Lazy<u64> = Lazy::new(|| {
        fingerprint(
            crate::lexicon::embedded_id().as_bytes(),
            Channel::embedded(),
            &crate::correct::Params::default(),
        )
    });
    *STOCK
}

/// The embedded index, when it was built for the embedded lexicon, model and default
/// parameters (a stale index, one not rebuilt after the model changed, is not used).
pub fn stock() -> Option<&'static MisreadIndex<&'static [u8]>> {
    MisreadIndex::embedded().filter(|ix| ix.fingerprint() == stock_fingerprint())
}

/// What goes into an index, see the module documentation.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Words of at least this share of the lexicon's running words are misread.
    pub min_share: f64,
    /// A misreading is kept when ln(share of its word) + ln P(misreading | word) relative to
    /// a correct reading is at least this.
    pub log_cut: f32,
    /// Most confusions in one misreading.
    pub max_confusions: u8,
    /// Most misreadings generated from one word.
    pub per_word_cap: usize,
    /// Worker threads for the search of the keys' candidates (the output does not depend on
    /// it).
    pub threads: usize,
}

impl Default for BuildOptions {
    /// The cut chosen by measurement on the training OCR: see `docs/performance.md`.
    fn default() -> BuildOptions {
        BuildOptions { min_share: 1e-6, log_cut: -17.0, max_confusions: 3, per_word_cap: 2000, threads: 2 }
    }
}

/// The keys of an index: the misreadings of `lexicon`'s frequent words under `channel`
/// (see [`BuildOptions`]) and the words of `observed` texts the lexicon lacks, folded
/// ([`fold_into`]), sorted and unique. Words the lexicon knows are left out: the corrector
/// searches their readings another way.
pub fn keys<'t>(
    lexicon: &Lexicon,
    channel: &Channel,
    opts: &BuildOptions,
    observed: impl IntoIterator<Item = &'t str>,
) -> Vec<String> {
    use fst::Streamer;
    let total = lexicon.total().max(1) as f64;
    let mut out: Vec<String> = Vec::new();
    let mut word: Vec<char> = Vec::with_capacity(MAX_WORD);
    for layer in 0.. {
        let Some(map) = lexicon.words_map(layer) else { break };
        let mut stream = map.stream();
        while let Some((k, v)) = stream.next() {
            let share = (v & crate::lexicon::COUNT_MASK) as f64 / total;
            if share < opts.min_share {
                continue;
            }
            let Ok(w) = std::str::from_utf8(k) else { continue };
            if !fold_into(w, &mut word) || word.len() < 2 {
                continue;
            }
            let floor = opts.log_cut - share.ln() as f32;
            channel.each_misreading(&word, opts.max_confusions, floor.min(0.0), opts.per_word_cap, &mut |r, _| {
                out.push(r.iter().collect());
            });
        }
    }
    for text in observed {
        for w in crate::channel::words(text) {
            if fold_into(&w, &mut word) && word.len() >= 2 {
                out.push(word.iter().collect());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|k| lexicon.freq(k) == 0 && k.chars().any(char::is_alphabetic));
    out
}

/// Builds an index over `keys` (sorted, unique, folded): the corrector's full search over
/// `lexicon` with `channel` and default parameters, for each key, on `threads` threads.
/// `lexicon_id` identifies the lexicon (for the [`fingerprint`]).
pub fn build(
    keys: &[String],
    lexicon: &Lexicon,
    lexicon_id: &[u8],
    channel: &Channel,
    threads: usize,
) -> Result<Vec<u8>> {
    let params = crate::correct::Params::default();
    let threads = threads.max(1);
    let chunk = keys.len().div_ceil(threads).max(1);
    let results: Vec<Vec<Vec<(String, f32, u64)>>> = std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .chunks(chunk)
            .map(|part| {
                let params = params.clone();
                s.spawn(move || {
                    let c = crate::correct::Corrector::with_params(lexicon, channel, params);
                    part.iter().map(|k| c.searched(k)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let cands: Vec<Vec<(String, f32, u64)>> = results.into_iter().flatten().collect();
    if cands.len() != keys.len() {
        return Err(Error::bad_data("misreading index: a search thread failed".to_string()));
    }
    // The candidate words, numbered in sorted order.
    let mut words: Vec<(&str, u64)> = cands.iter().flatten().map(|(w, _, f)| (w.as_str(), *f)).collect();
    words.sort_unstable();
    words.dedup_by(|a, b| a.0 == b.0);
    let mut records = Vec::new();
    let mut builder = MapBuilder::memory();
    for (k, cs) in keys.iter().zip(&cands) {
        builder
            .insert(k, records.len() as u64)
            .map_err(|e| Error::bad_data(format!("misreading index: {e}")))?;
        records.push(cs.len().min(255) as u8);
        for (w, ch, _) in cs.iter().take(255) {
            let id = words.binary_search_by(|x| x.0.cmp(w)).unwrap_or(0) as u32;
            records.extend_from_slice(&id.to_le_bytes());
            records.extend_from_slice(&ch.to_bits().to_le_bytes());
        }
    }
    let fst = builder.into_inner().map_err(|e| Error::bad_data(format!("misreading index: {e}")))?;
    let mut offsets = Vec::with_capacity(4 * (words.len() + 1));
    let mut word_bytes = Vec::new();
    for (w, f) in &words {
        offsets.extend_from_slice(&(word_bytes.len() as u32).to_le_bytes());
        word_bytes.extend_from_slice(&f.to_le_bytes());
        word_bytes.extend_from_slice(w.as_bytes());
    }
    offsets.extend_from_slice(&(word_bytes.len() as u32).to_le_bytes());
    let mut out = Vec::with_capacity(HEADER + fst.len() + records.len() + offsets.len() + word_bytes.len());
    out.extend_from_slice(MAGIC);
    let fp = fingerprint(lexicon_id, channel, &params);
    for n in [fp, keys.len() as u64, fst.len() as u64, records.len() as u64, words.len() as u64, word_bytes.len() as u64] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&fst);
    out.extend_from_slice(&records);
    out.extend_from_slice(&offsets);
    out.extend_from_slice(&word_bytes);
    Ok(out)
}

/// Checks `index` against `lexicon` and `channel` (default parameters): its fingerprint,
/// and the candidates of every `stride`-th key searched again. Returns the keys checked, or
/// what differs.
pub fn check<D: AsRef<[u8]>>(
    index: &MisreadIndex<D>,
    lexicon: &Lexicon,
    lexicon_id: &[u8],
    channel: &Channel,
    stride: usize,
) -> std::result::Result<usize, String> {
    let params = crate::correct::Params::default();
    if index.fingerprint() != fingerprint(lexicon_id, channel, &params) {
        return Err("the index was built for another lexicon, error model or parameters: rebuild it \
                    (cargo run --release --example misreading_index)"
            .to_string());
    }
    let c = crate::correct::Corrector::with_params(lexicon, channel, params);
    let mut checked = 0;
    let mut n = 0usize;
    let mut diff = None;
    index.each(|k, cands| {
        n += 1;
        if diff.is_some() || (n - 1) % stride.max(1) != 0 {
            return;
        }
        checked += 1;
        let fresh = c.searched(k);
        if fresh != cands {
            diff = Some(format!("{k:?}: index has {cands:?}, the search finds {fresh:?}"));
        }
    });
    match diff {
        Some(d) => Err(d),
        None => Ok(checked),
    }
}
