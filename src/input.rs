//! Turning bytes from a file into text, refusing what is not text.

use crate::error::{Error, ErrorKind, Result};

/// How the bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Not valid UTF-8: decoded as Windows-1252 (a superset of Latin-1 used by old OCR exports).
    Windows1252,
}

/// Text decoded from a file.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Windows-1252 characters for bytes 0x80..=0x9F (undefined ones map to the C1 control).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Whether the bytes look like a binary file: a NUL byte, or many control characters,
/// in the first 8 KB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > head.len().max(1)
}

/// Decodes file contents: UTF-8 if valid, otherwise Windows-1252; binary data is refused.
///
/// ```
/// use scanno::input::{decode, Encoding};
/// let d = decode(b"caf\xe9 au lait").unwrap();
/// assert_eq!(d.text, "café au lait");
/// assert_eq!(d.encoding, Encoding::Windows1252);
/// assert!(decode(b"\x00\x01\x02binary").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if looks_binary(bytes) {
        return Err(Error::new(ErrorKind::Binary));
    }
    Ok(decode_piece(bytes))
}

/// Decodes a piece of a larger file: UTF-8 if valid, else Windows-1252 (no binary check).
pub fn decode_piece(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: s.to_string(), encoding: Encoding::Utf8 },
        Err(_) => Decoded {
            text: bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9f => CP1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                })
                .collect(),
            encoding: Encoding::Windows1252,
        },
    }
}

/// Reads a large text in pieces of about `target` bytes that end at a paragraph break
/// (a blank line), or failing that at a line end, so each piece can be cleaned on its own
/// and memory does not grow with the file. Pieces never split a UTF-8 character.
pub struct Pieces<R> {
    reader: R,
    target: usize,
    buf: Vec<u8>,
    eof: bool,
}

impl<R: std::io::Read> Pieces<R> {
    pub fn new(reader: R, target: usize) -> Pieces<R> {
        Pieces { reader, target: target.max(1024), buf: Vec::new(), eof: false }
    }

    /// Where to cut `buf`: after the last blank line that follows a finished sentence (in the
    /// second half of the buffer), else after the last blank line, else after the last
    /// newline. A piece then rarely ends in a sentence that the next piece continues.
    fn cut(&self) -> Option<usize> {
        let b = &self.buf;
        let is_blank_end = |i: usize| {
            b[i] == b'\n' && i >= 1 && (b[i - 1] == b'\n' || (b[i - 1] == b'\r' && i >= 2 && b[i - 2] == b'\n'))
        };
        let ends_sentence = |i: usize| {
            b[..i].iter().rev().find(|c| !c.is_ascii_whitespace()).is_some_and(|c| b".!?\"':)".contains(c))
        };
        let blank = (1..b.len()).rev().find(|&i| is_blank_end(i));
        let finished = (b.len() / 2..b.len()).rev().find(|&i| is_blank_end(i) && ends_sentence(i));
        finished.or(blank).or_else(|| b.iter().rposition(|&c| c == b'\n')).map(|i| i + 1)
    }
}

impl<R: std::io::Read> Iterator for Pieces<R> {
    type Item = std::io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.eof && self.buf.len() < self.target {
            let start = self.buf.len();
            self.buf.resize(start + self.target.min(64 * 1024), 0);
            match self.reader.read(&mut self.buf[start..]) {
                Ok(0) => {
                    self.buf.truncate(start);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(start + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => self.buf.truncate(start),
                Err(e) => {
                    self.buf.truncate(start);
                    return Some(Err(e));
                }
            }
        }
        if self.buf.is_empty() {
            return None;
        }
        let at = if self.eof { self.buf.len() } else { self.cut().unwrap_or(self.buf.len()) };
        let rest = self.buf.split_off(at);
        Some(Ok(std::mem::replace(&mut self.buf, rest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_at_paragraph_breaks_and_lose_nothing() {
        let mut text = String::new();
        for i in 0..2000 {
            text.push_str(&format!("Paragraph {i} line one\nline two é\n\n"));
        }
        let pieces: Vec<Vec<u8>> = Pieces::new(text.as_bytes(), 4096).map(|p| p.unwrap()).collect();
        assert!(pieces.len() > 5);
        for p in &pieces[..pieces.len() - 1] {
            assert!(p.ends_with(b"\n\n"), "cut at a blank line");
            assert!(p.len() <= 2 * 4096);
        }
        assert_eq!(pieces.concat(), text.as_bytes());
    }

    #[test]
    fn utf8_passes_through_and_crlf_is_untouched() {
        let d = decode("Ünder the “yoke”\r\n".as_bytes()).unwrap();
        assert_eq!(d.text, "Ünder the “yoke”\r\n");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn windows_1252_quotes_decode() {
        let d = decode(b"\x93Open Letter\x94 \x96 1924").unwrap();
        assert_eq!(d.text, "“Open Letter” – 1924");
    }

    #[test]
    fn binary_is_refused() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend([0u8; 16]);
        assert!(matches!(decode(&png).unwrap_err().kind, ErrorKind::Binary));
        assert!(decode(b"").is_ok());
    }
}
