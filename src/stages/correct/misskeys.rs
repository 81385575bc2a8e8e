//! Confusion keys: the lexicon's words filed under what OCR confusions make of them, so that
//! an unknown word the misreading index lacks (a "miss") finds its readings by a few
//! look-ups instead of a walk of the lexicon.
//!
//! A word's key is its spelling with the letters the error model most often confuses made
//! one ([`key_into`]): `c`/`e`/`o`, `i`/`l`/`1`/`t`/`f`/`j`/`s` (the long s read as `f`),
//! `n`/`u`, `y`/`v`, `h` and `b` as `li`, `m` as `rn`, `w` as `vv`, `d` as `cl`; marks
//! dropped. A misreading made only of such confusions has its word's key. The other
//! confusions (a lost or stray letter, a letter read as one of another class) are met as in
//! SymSpell: every word is filed under its key and the key with one letter deleted, and a
//! miss looks up its key with up to [`QUERY_DELETES`] letters deleted, so a miss finds the
//! words its key is one lost, one stray or one substituted letter away from (two on the
//! miss's side).
//!
//! What is found is only a short list of words to score: the corrector scores each with the
//! model's exact cost ([`crate::channel::Channel::log_prob`]) and keeps the likeliest, as
//! the full search does. The keys depend on the lexicon only, not on the model, so a model
//! adapted to a collection is served by the same keys.
//!
//! The embedded keys, `data/index/misskeys.idx`, are built by
//! `cargo run --release --example miss_keys` (see that example); a test rebuilds them in
//! memory and compares the bytes. File layout (little-endian):
//!
//! ```text
//! magic "SCNKEYS1" | fingerprint u64 | bucket bits u64 | entries u64 | words u64 | word bytes u64
//! bucket starts (u32 each, 2^bits + 1) | entries (u32 each) | word offsets (u32 each, words + 1) | words
//! entry: word number << 12 | 12 bits of the key's hash (the bucket is the hash's top bits)
//! word:  lexicon count u64, then the word's UTF-8 bytes; numbered commonest first
//! ```
//! A bucket holds the entries of every key hashed to it, in key-hash order; a look-up reads
//! the entries whose 12 bits match. Another key of the same bucket and bits only adds a word
//! to score, never loses one.

use once_cell::sync::Lazy;

use crate::error::{Error, Result};
use crate::hash::{fx_hash, FxHasher};
use crate::lexicon::Lexicon;

const MAGIC: &[u8; 8] = b"SCNKEYS1";
use super::misread::HEADER;
const TAG_BITS: u32 = 12;
const TAG_MASK: u32 = (1 << TAG_BITS) - 1;

/// Letters deleted from a miss's key at most: two (one on the word's side is stored).
/// Chosen on `../shared/eval/train/` (see `docs/performance.md`).
pub const QUERY_DELETES: usize = 2;

/// Keys shorter than this are not looked up nor stored as deletes (two letters are shared
/// by too many words to tell anything).
const MIN_KEY: usize = 3;

/// The version of [`key_into`]'s classes, part of the fingerprint.
const CLASSES: &str = "rn=m li=h vv=w cl=d; ceo0 ilt1fj!|s5 nu yv hb; v2";

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../data/index/misskeys.idx");

static EMBEDDED: Lazy<Option<MissKeys<&'static [u8]>>> =
    Lazy::new(|| MissKeys::from_bytes(EMBEDDED_BYTES).ok());

/// Appends the confusion key of the folded word `chars` (see the module documentation) to
/// `out`, cleared first.
pub fn key_into(chars: &[char], out: &mut Vec<u8>) {
    out.clear();
    let mut i = 0;
    while i < chars.len() {
        // Two letters OCR makes of one are read as that one, in words and misreadings alike:
        // "rn" as "m", "li" as "h", "vv" as "w", "cl" as "d".
        let pair = match (chars[i], chars.get(i + 1).copied().unwrap_or(' ')) {
            ('r', 'n') => Some(b'm'),
            ('l', 'i') => Some(b'h'),
            ('v', 'v') => Some(b'w'),
            ('c', 'l') => Some(b'd'),
            _ => None,
        };
        if let Some(b) = pair {
            out.push(b);
            i += 2;
            continue;
        }
        match chars[i] {
            'c' | 'e' | 'o' | '0' | 'é' | 'è' | 'ê' | 'ë' | 'ó' | 'ò' | 'ô' | 'ö' => out.push(b'e'),
            'i' | 'l' | 't' | '1' | 'f' | 'j' | '!' | '|' | 's' | '5' | 'í' | 'ì' | 'î' | 'ï' => out.push(b'i'),
            'n' | 'u' | 'ú' | 'ù' | 'û' | 'ü' | 'ñ' => out.push(b'n'),
            'y' | 'v' => out.push(b'v'),
            'h' | 'b' => out.push(b'h'),
            'á' | 'à' | 'â' | 'ä' | 'æ' => out.push(b'a'),
            c if c.is_ascii_alphanumeric() => out.push(c as u8),
            c if c.is_alphanumeric() => out.push(0x80 | (c as u32 & 0x7F) as u8),
            _ => {}
        }
        i += 1;
    }
}

/// Longest key [`delete_hashes`] deletes from (a word of [`crate::channel::MAX_WORD`]
/// letters, each at most two bytes of key).
const MAX_KEY: usize = 2 * crate::channel::MAX_WORD;

/// The hashes of `key` and of each key made by deleting up to `deletes` (at most two) of its
/// bytes, down to [`MIN_KEY`] bytes, each with the number of bytes deleted, into `out`
/// (cleared first); a key made several ways comes once, with its fewest deletes.
fn delete_hashes(key: &[u8], deletes: usize, out: &mut Vec<(u64, u8)>) {
    out.clear();
    out.push((fx_hash(key), 0));
    let n = key.len();
    if deletes == 0 || n <= MIN_KEY || n > MAX_KEY {
        return;
    }
    let mut one = [0u8; MAX_KEY];
    let mut two = [0u8; MAX_KEY];
    for i in 0..n {
        // Deleting one of a run of equal bytes gives the same key: the first only.
        if i > 0 && key[i - 1] == key[i] {
            continue;
        }
        one[..i].copy_from_slice(&key[..i]);
        one[i..n - 1].copy_from_slice(&key[i + 1..]);
        out.push((fx_hash(&one[..n - 1]), 1));
        if deletes < 2 || n - 1 <= MIN_KEY {
            continue;
        }
        // The second delete at or after the first: every pair once (and repeats removed below).
        for j in i..n - 1 {
            two[..j].copy_from_slice(&one[..j]);
            two[j..n - 2].copy_from_slice(&one[j + 1..n - 1]);
            out.push((fx_hash(&two[..n - 2]), 2));
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|x| x.0);
}

/// Confusion keys over bytes `D` (the embedded data, or a file read into memory).
pub struct MissKeys<D: AsRef<[u8]> = &'static [u8]> {
    bytes: D,
    fingerprint: u64,
    bits: u32,
    buckets: usize,
    entries: usize,
    offsets: usize,
    /// Where the words' bytes start.
    words_at: usize,
    n_words: usize,
}

impl MissKeys<&'static [u8]> {
    /// The embedded keys, opened (not parsed) on first use; `None` if the data is broken.
    pub fn embedded() -> Option<&'static MissKeys<&'static [u8]>> {
        EMBEDDED.as_ref()
    }
}

impl<D: AsRef<[u8]>> MissKeys<D> {
    /// Opens keys written by [`build`]: checks the header's sizes, reads nothing else.
    pub fn from_bytes(bytes: D) -> Result<MissKeys<D>> {
        let bad = |what: &str| Error::bad_data(format!("confusion keys: {what}"));
        let b = bytes.as_ref();
        let [fingerprint, bits, n_entries, n_words, word_len, _] = super::misread::header(b, MAGIC, "confusion keys")?;
        if !(1..=30).contains(&bits) {
            return Err(bad("bad bucket bits"));
        }
        let sizes = || -> Option<(usize, usize, usize, usize)> {
            let buckets = HEADER;
            let entries = buckets.checked_add(((1usize << bits) + 1).checked_mul(4)?)?;
            let offsets = entries.checked_add((n_entries as usize).checked_mul(4)?)?;
            let words = offsets.checked_add((n_words as usize).checked_add(1)?.checked_mul(4)?)?;
            let end = words.checked_add(word_len as usize)?;
            Some((entries, offsets, words, end))
        };
        let (entries, offsets, words, end) = sizes().ok_or_else(|| bad("bad sizes"))?;
        if end != b.len() {
            return Err(bad("size does not match its header"));
        }
        Ok(MissKeys {
            bytes,
            fingerprint,
            bits: bits as u32,
            buckets: HEADER,
            entries,
            offsets,
            words_at: words,
            n_words: n_words as usize,
        })
    }

    /// The [`fingerprint`] of the lexicon and options it was built with.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Number of words filed.
    pub fn words(&self) -> usize {
        self.n_words
    }

    fn u32_at(&self, at: usize) -> u32 {
        let b = self.bytes.as_ref();
        b.get(at..at + 4).map_or(0, |x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    }

    /// Appends to `out` the numbers of the words filed under the key of hash `h` (and any
    /// other key of the same bucket and bits).
    fn get(&self, h: u64, out: &mut Vec<u32>) {
        let bucket = (h >> (64 - self.bits)) as usize;
        let tag = (h as u32) & TAG_MASK;
        let start = self.u32_at(self.buckets + 4 * bucket) as usize;
        let end = self.u32_at(self.buckets + 4 * bucket + 4) as usize;
        for i in start..end {
            let e = self.u32_at(self.entries + 4 * i);
            if e & TAG_MASK == tag {
                out.push(e >> TAG_BITS);
            }
        }
    }

    /// The word numbered `id` and its lexicon count.
    pub fn word(&self, id: u32) -> Option<(&str, u64)> {
        let id = id as usize;
        if id >= self.n_words {
            return None;
        }
        let s = self.u32_at(self.offsets + 4 * id) as usize;
        let e = self.u32_at(self.offsets + 4 * id + 4) as usize;
        let w = self.bytes.as_ref().get(self.words_at + s..self.words_at + e).filter(|w| w.len() >= 8)?;
        let freq = u64::from_le_bytes(w[..8].try_into().ok()?);
        Some((std::str::from_utf8(&w[8..]).ok()?, freq))
    }

    /// The numbers of the words whose keys meet the key of the folded word `chars` (with up
    /// to `deletes` letters deleted from it; see the module documentation), commonest first,
    /// at most `cap` of them, into `out` (cleared first).
    ///
    /// Cost: a hash and a bucket read per key looked up, 1 + the key's length + the pairs
    /// of its letters for two deletes (about 60 for a 10-letter word), a few µs in all.
    pub fn candidates(&self, chars: &[char], deletes: usize, cap: usize, out: &mut Vec<u32>) {
        out.clear();
        let mut key = Vec::with_capacity(2 * chars.len());
        key_into(chars, &mut key);
        if key.len() < MIN_KEY {
            return;
        }
        // The words of the key and its one-letter deletes first, then those two letters
        // away, each commonest first.
        let mut hashes = Vec::with_capacity(64);
        delete_hashes(&key, deletes, &mut hashes);
        let mut far = Vec::new();
        for &(h, level) in &hashes {
            self.get(h, if level < 2 { &mut *out } else { &mut far });
        }
        out.sort_unstable();
        out.dedup();
        out.truncate(cap);
        if out.len() < cap && !far.is_empty() {
            far.sort_unstable();
            far.dedup();
            let near = out.len();
            far.retain(|id| out[..near].binary_search(id).is_err());
            out.extend(far.iter().take(cap - near));
        }
    }
}

/// Identifies what keys depend on: the lexicon (`lexicon_id`, for the embedded one
/// [`crate::lexicon::embedded_id`]), the classes and the options.
pub fn fingerprint(lexicon_id: &[u8], opts: &BuildOptions) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(&fx_hash(lexicon_id).to_le_bytes());
    h.write(CLASSES.as_bytes());
    h.write(format!("{opts:?}").as_bytes());
    h.finish()
}

/// The embedded keys, when built for the embedded lexicon with the default options.
pub fn stock() -> Option<&'static MissKeys<&'static [u8]>> {
    static STOCK: Lazy<u64> =
        Lazy::new(|| fingerprint(crate::lexicon::embedded_id().as_bytes(), &BuildOptions::default()));
    MissKeys::embedded().filter(|k| k.fingerprint() == *STOCK)
}

/// What goes into the keys.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Words of at least this share of the lexicon's running words are filed.
    pub min_share: f64,
    /// Words of at least this share are filed under their keys with two letters deleted
    /// too: the common words are the ones a page misreads worst and most often.
    pub two_deletes_share: f64,
    /// Most words filed under one key (the commonest).
    pub per_key: usize,
    /// log2 of the number of buckets.
    pub bucket_bits: u32,
}

impl Default for BuildOptions {
    /// Chosen by measurement on the training OCR: see `docs/performance.md`.
    fn default() -> BuildOptions {
        BuildOptions { min_share: 1e-6, two_deletes_share: 1e-5, per_key: 48, bucket_bits: 19 }
    }
}

/// Builds the keys of `lexicon`'s words (see [`BuildOptions`]). `lexicon_id` identifies the
/// lexicon (for the [`fingerprint`]).
pub fn build(lexicon: &Lexicon, lexicon_id: &[u8], opts: &BuildOptions) -> Result<Vec<u8>> {
    use fst::Streamer;
    let total = lexicon.total().max(1) as f64;
    let mut words: Vec<(String, u64)> = Vec::new();
    for layer in 0.. {
        let Some(map) = lexicon.words_map(layer) else { break };
        let mut stream = map.stream();
        while let Some((k, _)) = stream.next() {
            if let Ok(w) = std::str::from_utf8(k) {
                words.push((w.to_string(), 0));
            }
        }
    }
    words.sort_unstable();
    words.dedup();
    let mut chars = Vec::with_capacity(crate::channel::MAX_WORD);
    words.retain_mut(|(w, f)| {
        *f = lexicon.freq(w);
        *f as f64 / total >= opts.min_share
            && crate::channel::fold_into(w, &mut chars)
            && chars.len() >= 2
            && chars.iter().any(|c| c.is_alphabetic())
    });
    // Commonest first: a word's number orders the words of a bucket.
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if words.len() >= 1 << (32 - TAG_BITS) {
        return Err(Error::bad_data("confusion keys: too many words".to_string()));
    }
    // (key hash, word number) for every word's key and its one-letter deletes.
    let mut pairs: Vec<(u64, u32)> = Vec::new();
    let mut key = Vec::new();
    let mut hashes = Vec::new();
    for (id, (w, f)) in words.iter().enumerate() {
        crate::channel::fold_into(w, &mut chars);
        key_into(&chars, &mut key);
        if key.len() < MIN_KEY {
            continue;
        }
        let deletes = if *f as f64 / total >= opts.two_deletes_share { 2 } else { 1 };
        delete_hashes(&key, deletes, &mut hashes);
        pairs.extend(hashes.iter().map(|&(h, _)| (h, id as u32)));
    }
    pairs.sort_unstable();
    pairs.dedup();
    // At most `per_key` words a key, the commonest (the lowest numbers).
    let mut kept: Vec<(u64, u32)> = Vec::with_capacity(pairs.len());
    let mut run = 0;
    for (i, p) in pairs.iter().enumerate() {
        run = if i > 0 && pairs[i - 1].0 == p.0 { run + 1 } else { 0 };
        if run < opts.per_key {
            kept.push(*p);
        }
    }
    let bits = opts.bucket_bits.clamp(1, 30);
    let n_buckets = 1usize << bits;
    let mut starts = vec![0u32; n_buckets + 1];
    for (h, _) in &kept {
        starts[(h >> (64 - bits)) as usize + 1] += 1;
    }
    for i in 0..n_buckets {
        starts[i + 1] += starts[i];
    }
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    let mut word_bytes = Vec::new();
    let mut offsets = Vec::with_capacity(4 * (words.len() + 1));
    for (w, f) in &words {
        offsets.extend_from_slice(&(word_bytes.len() as u32).to_le_bytes());
        word_bytes.extend_from_slice(&f.to_le_bytes());
        word_bytes.extend_from_slice(w.as_bytes());
    }
    offsets.extend_from_slice(&(word_bytes.len() as u32).to_le_bytes());
    let fp = fingerprint(lexicon_id, opts);
    for n in [fp, u64::from(bits), kept.len() as u64, words.len() as u64, word_bytes.len() as u64, 0] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    for s in &starts {
        out.extend_from_slice(&s.to_le_bytes());
    }
    for (h, id) in &kept {
        out.extend_from_slice(&((id << TAG_BITS) | (*h as u32 & TAG_MASK)).to_le_bytes());
    }
    out.extend_from_slice(&offsets);
    out.extend_from_slice(&word_bytes);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(w: &str) -> String {
        let chars: Vec<char> = w.chars().collect();
        let mut k = Vec::new();
        key_into(&chars, &mut k);
        String::from_utf8_lossy(&k).into_owned()
    }

    #[test]
    fn common_misreadings_share_their_words_key() {
        for (misread, word) in [("tlie", "the"), ("tbe", "the"), ("rnodern", "modern"), ("cornmittee", "committee"), ("aud", "and"), ("vvith", "with"), ("clay", "day")] {
            assert_eq!(key(misread), key(word), "{misread} / {word}");
        }
        assert_ne!(key("house"), key("mouse"));
    }

    #[test]
    fn deletes_are_distinct_and_stop_at_the_shortest_key() {
        let mut seen = Vec::new();
        delete_hashes(b"abcde", 2, &mut seen);
        // The key, 5 one-letter deletes, 10 two-letter deletes, each once.
        assert_eq!(seen.len(), 16);
        assert_eq!(seen.iter().filter(|x| x.1 == 2).count(), 10);
        assert!(seen.contains(&(fx_hash(b"bde"), 2)) && seen.contains(&(fx_hash(b"abce"), 1)));
        // "aabc" less an "a" is one key, made at the first delete.
        delete_hashes(b"aabc", 2, &mut seen);
        assert_eq!(seen.len(), 4);
        delete_hashes(b"aab", 2, &mut seen);
        assert_eq!(seen, vec![(fx_hash(b"aab"), 0)]);
    }

    #[test]
    fn a_built_table_finds_words_by_their_misreadings() {
        let lex = Lexicon::embedded();
        let opts = BuildOptions { min_share: 1e-5, two_deletes_share: 1.0, per_key: 48, bucket_bits: 12 };
        let bytes = build(&lex, b"test", &opts).expect("builds");
        let keys = MissKeys::from_bytes(&bytes[..]).expect("opens");
        let mut ids = Vec::new();
        for (misread, word) in [("tlie", "the"), ("goverument", "government"), ("Congrcss", "congress"), ("prcsident", "president")] {
            let chars: Vec<char> = misread.to_lowercase().chars().collect();
            keys.candidates(&chars, QUERY_DELETES, 1000, &mut ids);
            assert!(ids.iter().any(|&i| keys.word(i).map(|w| w.0) == Some(word)), "{misread}");
        }
        assert!(MissKeys::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }
}
