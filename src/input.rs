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
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded { text: s.to_string(), encoding: Encoding::Utf8 }),
        Err(_) => {
            let text = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9f => CP1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                })
                .collect();
            Ok(Decoded { text, encoding: Encoding::Windows1252 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
