//! The text's primitives: lines, paragraphs and whitespace tokens, each with its byte span in
//! the text, and word keys and counts. The stages read them through the document model,
//! [`crate::doc::Doc`], built once per text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use crate::hash::FxBuildHasher;

/// One line of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// The line's content, without its line ending.
    pub start: usize,
    pub end: usize,
    /// Length of the line ending after it: 0 (last line), 1 (`\n`) or 2 (`\r\n`).
    pub newline: u8,
}

impl Line {
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The content of the line in `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether the line holds nothing but whitespace.
    pub fn is_blank(&self, text: &str) -> bool {
        self.text(text).trim().is_empty()
    }
}

/// Splits `text` into lines, recognising `\n` and `\r\n` endings.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let bytes = text.as_bytes();
    let mut start = 0;
    while start <= text.len() {
        match memchr_newline(&bytes[start..]) {
            Some(i) => {
                let nl = start + i;
                let (end, newline) = if nl > start && bytes[nl - 1] == b'\r' { (nl - 1, 2) } else { (nl, 1) };
                out.push(Line { start, end, newline });
                start = nl + 1;
            }
            None => {
                if start < text.len() {
                    out.push(Line { start, end: text.len(), newline: 0 });
                }
                break;
            }
        }
    }
    out
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', b)
}

/// A run of non-blank lines; paragraphs are separated by blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Indices into the line list.
    pub lines: Range<usize>,
}

/// Groups lines into paragraphs (runs of non-blank lines).
pub fn paragraphs(text: &str, lines: &[Line]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_blank(text) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].is_blank(text) {
            i += 1;
        }
        out.push(Paragraph { lines: start..i });
    }
    out
}

/// A whitespace-delimited chunk of text and its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'t> {
    pub text: &'t str,
    pub start: usize,
}

impl<'t> Token<'t> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub fn span(&self) -> Range<usize> {
        self.start..self.end()
    }

    /// The word inside the token, without surrounding punctuation, and its span.
    pub fn core(&self) -> (&'t str, Range<usize>) {
        let r = core_range(self.text);
        (&self.text[r.clone()], self.start + r.start..self.start + r.end)
    }
}

/// Iterates the whitespace-delimited tokens of `text` (whitespace as `char::is_whitespace`
/// has it).
///
/// Cost: one pass over the bytes, decoding only the non-ASCII ones.
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let s = at + find_space(&text[at..], false)?;
        let len = find_space(&text[s..], true).unwrap_or(text.len() - s);
        at = s + len;
        Some(Token { text: &text[s..s + len], start: s })
    })
}

/// The byte offset of the first character of `s` that is whitespace (`space`) or is not.
#[inline]
fn find_space(s: &str, space: bool) -> Option<usize> {
    // The class of each byte: 0 an ASCII non-space, 1 ASCII whitespace as
    // char::is_whitespace has it (tab to carriage return, space), 2 a byte of a non-ASCII
    // character. Read from a table: one load and compare a byte in the ASCII run.
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0x80;
        while i < 256 {
            t[i] = 2;
            i += 1;
        }
        t[b' ' as usize] = 1;
        let mut c = 0x09;
        while c <= 0x0d {
            t[c] = 1;
            c += 1;
        }
        t
    };
    let b = s.as_bytes();
    let stop = space as u8;
    let mut i = 0;
    while i < b.len() {
        let class = CLASS[b[i] as usize];
        if class == stop {
            return Some(i);
        }
        if class < 2 {
            i += 1;
        } else {
            let ch = s[i..].chars().next()?;
            if ch.is_whitespace() == space {
                return Some(i);
            }
            i += ch.len_utf8();
        }
    }
    None
}

/// The byte range of the word in `token`: leading and trailing punctuation trimmed
/// (apostrophes and hyphens inside the word are kept).
///
/// Combining marks after the last letter belong to it ("résumé" spelled with U+0301).
pub fn core_range(token: &str) -> Range<usize> {
    if token.is_ascii() {
        let b = token.as_bytes();
        let start = b.iter().position(u8::is_ascii_alphanumeric).unwrap_or(b.len());
        let end = b.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |i| i + 1);
        return start..end.max(start);
    }
    let is_word = |c: char| c.is_alphanumeric();
    let start = token.find(is_word).unwrap_or(token.len());
    let end = token.rfind(is_word).map(|i| i + token[i..].chars().next().map_or(1, char::len_utf8)).unwrap_or(start);
    let marks: usize = token[end..]
        .chars()
        .take_while(|&c| unicode_normalization::char::is_combining_mark(c))
        .map(char::len_utf8)
        .sum();
    let end = if end > start { end + marks } else { end };
    start..end.max(start)
}

/// The word with its decomposed accents composed (Unicode NFC: "e" + U+0301 is "é"), as
/// the lexicon spells it; borrowed when nothing changes.
///
/// Cost: one pass over the bytes for ASCII or already composed words.
pub fn composed(w: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if w.is_ascii() || is_nfc_quick(w.chars()) == IsNormalized::Yes {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.nfc().collect())
    }
}

/// The word lowercase, borrowed when it already is (most running words).
///
/// Cost: one pass over the bytes; an allocation only for a word with a capital or a
/// non-ASCII character.
pub fn lowercase(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else if w.is_ascii() {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        let mut out = String::with_capacity(w.len());
        for c in w.chars() {
            push_lowercase(&mut out, c);
        }
        Cow::Owned(out)
    }
}

/// Pushes `c` lowercase onto `out`, a ligature as its letters ([`ligature`]).
#[inline]
pub fn push_lowercase(out: &mut String, c: char) {
    match ligature(c) {
        Some(letters) => out.push_str(letters),
        None => out.extend(c.to_lowercase()),
    }
}

/// The letters a typographic ligature stands for ("ﬁ" → "fi"), for the ligatures of the
/// Unicode block U+FB00–FB06 that OCR engines and born-digital text emit. Words are looked
/// up by their letters, so "oﬀer" is the word "offer", not an unknown one to correct.
pub fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

/// The character a token closes with, looking past closing quotes and brackets ("end.\""
/// closes with '.').
pub fn closing_mark(token: &str) -> Option<char> {
    token
        .trim_end_matches(['"', '\'', '’', '”', ')', ']'])
        .chars()
        .next_back()
}

/// Whether a word is made of letters only (apostrophes allowed inside).
pub fn is_alpha_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’') && w.chars().next().is_some_and(char::is_alphabetic)
}

/// Word counts of one document (or batch): the document's own vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    counts: HashMap<String, u32, FxBuildHasher>,
    /// See [`Vocab::version`].
    version: u64,
}

/// The last version handed out (see [`Vocab::version`]).
static VERSIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Vocab {
    /// Counts the words of `text` (lowercased, punctuation trimmed).
    pub fn of(text: &str) -> Vocab {
        let mut v = Vocab::default();
        v.add_text(text);
        v
    }

    pub fn add_text(&mut self, text: &str) {
        self.add_words(tokens(text).map(|t| t.core().0));
    }

    /// Counts `words` (the cores of tokens: lowercased here; empty ones are skipped).
    pub fn add_words<'w>(&mut self, words: impl Iterator<Item = &'w str>) {
        self.touch();
        for w in words {
            if !w.is_empty() {
                with_lowercase(w, |w| match self.counts.get_mut(w) {
                    Some(n) => *n += 1,
                    None => {
                        self.counts.insert(w.to_string(), 1);
                    }
                });
            }
        }
    }

    /// Counts `words` given as [`Vocab::add_words`] keys them (lowercase, not empty), each
    /// with how often it occurs: a hash per distinct word, not per token.
    pub fn add_counted<'w>(&mut self, words: impl Iterator<Item = (&'w str, u32)>) {
        self.touch();
        for (w, n) in words {
            match self.counts.get_mut(w) {
                Some(c) => *c += n,
                None => {
                    self.counts.insert(w.to_string(), n);
                }
            }
        }
    }

    /// Counts each word of `doc` once (document frequency across a batch).
    pub fn add_distinct(&mut self, doc: &Vocab) {
        self.touch();
        for w in doc.counts.keys() {
            *self.counts.entry(w.clone()).or_insert(0) += 1;
        }
    }

    /// Takes `gone`'s counts from this one's and adds `came`'s: the counts of a text after
    /// edits, from those before it and the words the edits took out and put in. A word whose
    /// count falls to 0 is forgotten, so the result is [`Vocab::of`] the edited text.
    pub fn apply(&mut self, came: &Vocab, gone: &Vocab) {
        self.touch();
        for (w, &n) in &came.counts {
            match self.counts.get_mut(w.as_str()) {
                Some(c) => *c += n,
                None => {
                    self.counts.insert(w.clone(), n);
                }
            }
        }
        for (w, &n) in &gone.counts {
            if let Some(c) = self.counts.get_mut(w.as_str()) {
                if *c > n {
                    *c -= n;
                } else {
                    self.counts.remove(w.as_str());
                }
            }
        }
    }

    /// Adds another vocabulary's counts to this one.
    pub fn merge(&mut self, other: Vocab) {
        self.touch();
        for (w, n) in other.counts {
            *self.counts.entry(w).or_insert(0) += n;
        }
    }

    /// How often `word` (any case) occurs.
    pub fn count(&self, word: &str) -> u32 {
        with_lowercase(word, |w| self.counts.get(w).copied().unwrap_or(0))
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Forgets the words seen fewer than `min` times (bounds the memory of a vocabulary
    /// counted over a very large file).
    pub fn forget_rarer_than(&mut self, min: u32) {
        self.touch();
        self.counts.retain(|_, n| *n >= min);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.counts.iter().map(|(k, &v)| (k.as_str(), v))
    }

    /// A number that changes whenever the counts may have changed: two vocabularies share
    /// it only if one is a copy of the other, unchanged since (or both are empty and new).
    /// Lets a stage cache what it derives from a whole vocabulary, as the correction stage
    /// does for the pieces of a large file.
    pub fn version(&self) -> u64 {
        self.version
    }

    fn touch(&mut self) {
        self.version = VERSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    }
}

/// Calls `f` with `word` lowercased ([`lowercase`], which also spells out
/// ligatures), without allocating for ASCII words up to 64 bytes.
#[inline]
pub fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = word.as_bytes();
    if b.is_ascii() {
        if !b.iter().any(u8::is_ascii_uppercase) {
            return f(word);
        }
        if b.len() <= 64 {
            let mut buf = [0u8; 64];
            for (d, s) in buf.iter_mut().zip(b) {
                *d = s.to_ascii_lowercase();
            }
            // ASCII in, ASCII out: always valid UTF-8.
            if let Ok(s) = std::str::from_utf8(&buf[..b.len()]) {
                return f(s);
            }
        }
    }
    f(&lowercase(word))
}

/// Declares a word list of `data/wordlists/` (its header says what it holds and who reads
/// it), parsed by [`parse_word_list`] on first use: `word_list!(NAME = "file.txt");` or
/// `word_list!(pub(crate) NAME = "file.txt");`.
macro_rules! word_list {
    ($vis:vis $name:ident = $file:literal) => {
        $vis static $name: once_cell::sync::Lazy<Vec<&'static str>> = once_cell::sync::Lazy::new(|| {
            $crate::tokens::parse_word_list(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/wordlists/", $file)))
        });
    };
}
pub(crate) use word_list;

/// The entries of a word list in `data/wordlists/` (one a line, sorted; `#` lines are its
/// header). Read once per list, on first use.
pub(crate) fn parse_word_list(text: &'static str) -> Vec<&'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// The marks OCR prints for a word broken at a line end: the hyphen-minus, the Unicode
/// hyphen U+2010, the "not" sign some engines use for a break, the double oblique hyphen
/// U+2E17 of Fraktur and the soft hyphen U+00AD.
pub const BREAK_MARKS: [char; 5] = ['-', '\u{2010}', '¬', '\u{2e17}', '\u{ad}'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercasing_matches_the_standard_library() {
        for w in ["the", "THE", "Tlie", "Café", "ÆSOP", "x".repeat(80).as_str(), "MIXED-case'S"] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase());
        }
        assert_eq!(with_lowercase("Oﬀer", str::to_string), "offer");
    }


    #[test]
    fn decomposed_accents_belong_to_the_word_and_compose_for_look_up() {
        let t = "“re\u{301}sume\u{301}”,";
        assert_eq!(&t[core_range(t)], "re\u{301}sume\u{301}");
        assert_eq!(composed("re\u{301}sume\u{301}"), "résumé");
        assert!(matches!(composed("résumé"), Cow::Borrowed(_)));
        assert!(matches!(composed("the"), Cow::Borrowed(_)));
    }

    #[test]
    fn lowercase_borrows_only_what_is_already_lowercase() {
        assert!(matches!(lowercase("tlie"), Cow::Borrowed("tlie")));
        assert!(matches!(lowercase("Wm"), Cow::Owned(ref w) if w == "wm"));
        assert_eq!(lowercase("ÉTUDE"), "étude");
        // Not ASCII: lowered by the full Unicode rules even without capitals.
        assert!(matches!(lowercase("café"), Cow::Owned(_)));
        assert_eq!(lowercase("Oﬀer"), "offer");
        assert_eq!(lowercase("ﬁﬂﬃﬄﬅ"), "fiflffifflst");
    }

    #[test]
    fn vocab_version_changes_with_the_counts() {
        let mut a = Vocab::of("the men");
        let b = a.clone();
        assert_eq!(a.version(), b.version());
        assert_ne!(a.version(), Vocab::of("the men").version());
        let v = a.version();
        a.add_text("came");
        assert_ne!(a.version(), v);
        let v = a.version();
        a.forget_rarer_than(1);
        assert_ne!(a.version(), v);
    }

    #[test]
    fn lines_keep_crlf_and_spans() {
        let t = "ab\r\ncd\n\nef";
        let ls = lines(t);
        assert_eq!(ls.len(), 4);
        assert_eq!(ls[0].text(t), "ab");
        assert_eq!(ls[0].newline, 2);
        assert_eq!(ls[2].text(t), "");
        assert_eq!(ls[3].text(t), "ef");
        assert_eq!(ls[3].newline, 0);
        let ps = paragraphs(t, &ls);
        assert_eq!(ps, vec![Paragraph { lines: 0..2 }, Paragraph { lines: 3..4 }]);
    }

    #[test]
    fn tokens_have_spans_and_cores() {
        let t = "  \"Tlie  cat,\" said";
        let toks: Vec<_> = tokens(t).collect();
        assert_eq!(toks.len(), 3);
        assert_eq!(&t[toks[0].span()], "\"Tlie");
        assert_eq!(toks[1].core().0, "cat");
        assert_eq!(&t[toks[1].core().1], "cat");
        assert_eq!(core_range("--"), 2..2);
        assert_eq!(tokens("é  x").map(|t| t.text).collect::<Vec<_>>(), vec!["é", "x"]);
    }

    #[test]
    fn the_byte_tokeniser_splits_as_unicode_whitespace_does() {
        let t = "a\u{b}b\u{c}c\u{1c}d é\u{a0}f\u{2003}g\u{85}h\r\ni\t j\u{3000}k  ";
        let got: Vec<&str> = tokens(t).map(|t| t.text).collect();
        let want: Vec<&str> = t.split(char::is_whitespace).filter(|w| !w.is_empty()).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 10);
        for w in ["--", "(Tlie,", "'tis", "1871.", "x", "", "¬"] {
            let slow = {
                let start = w.find(char::is_alphanumeric).unwrap_or(w.len());
                let end = w.rfind(char::is_alphanumeric).map_or(start, |i| i + 1);
                start..end.max(start)
            };
            assert_eq!(core_range(w), slow, "{w}");
        }
    }
}
