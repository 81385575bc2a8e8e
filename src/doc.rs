//! The document model the stages read: the text's lines, paragraphs and word tokens, built
//! once by the pipeline and rebuilt only after a stage's edits changed the text. No stage
//! tokenises for itself, and the sentence boundary is defined here, once
//! ([`ends_sentence`], [`Token::sentence_start`]).

use std::borrow::Cow;
use std::ops::Range;

use crate::tokens::{closing_mark, composed, core_range, lowercase, paragraphs, Line, Paragraph, Vocab, BREAK_MARKS};

/// One document as the stages see it.
#[derive(Debug, Clone)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub lines: Vec<Line>,
    /// Runs of non-blank lines, as indices into `lines`.
    pub paragraphs: Vec<Paragraph>,
    /// The whitespace-delimited tokens, in order.
    pub tokens: Vec<Token<'t>>,
}

/// The casing of a token's word (its core).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Lowercase letters ("the", "o'er").
    Lower,
    /// A capital and then lowercase letters, or a lone capital ("London", "I").
    Capital,
    /// Capitals only, two or more ("LONDON").
    Upper,
    /// Any other mix of capitals and lowercase letters, or letters and digits ("McKay",
    /// "caUed", "tbe1").
    Mixed,
    /// Digits and no letters ("1871", "3,000").
    Number,
    /// No letters or digits (a dash, a speck).
    Other,
}

impl Shape {
    /// The shape of `word`.
    pub fn of(word: &str) -> Shape {
        if word.is_ascii() {
            return Shape::of_ascii(word.as_bytes()).0;
        }
        let (mut letters, mut digits, mut upper_after_first, mut lower) = (0usize, false, false, false);
        let mut first_upper = false;
        for c in word.chars() {
            if c.is_alphabetic() {
                if c.is_uppercase() {
                    if letters == 0 {
                        first_upper = true;
                    } else {
                        upper_after_first = true;
                    }
                } else if c.is_lowercase() {
                    lower = true;
                }
                letters += 1;
            } else if c.is_numeric() {
                digits = true;
            }
        }
        match (letters, digits) {
            (0, true) => Shape::Number,
            (0, false) => Shape::Other,
            (_, true) => Shape::Mixed,
            _ if !first_upper && !upper_after_first => Shape::Lower,
            _ if first_upper && !upper_after_first => Shape::Capital,
            _ if first_upper && !lower => Shape::Upper,
            _ => Shape::Mixed,
        }
    }

    /// [`Shape::of`] for ASCII words (most of them), byte by byte, and whether the word
    /// has a capital.
    fn of_ascii(word: &[u8]) -> (Shape, bool) {
        let (mut upper, mut lower, mut digits, mut first_upper, mut letters) = (0usize, false, false, false, 0usize);
        for &b in word {
            if b.is_ascii_uppercase() {
                first_upper |= letters == 0;
                upper += 1;
                letters += 1;
            } else if b.is_ascii_lowercase() {
                lower = true;
                letters += 1;
            } else if b.is_ascii_digit() {
                digits = true;
            }
        }
        let shape = match (letters, digits) {
            (0, true) => Shape::Number,
            (0, false) => Shape::Other,
            (_, true) => Shape::Mixed,
            _ if upper == 0 => Shape::Lower,
            _ if first_upper && upper == 1 => Shape::Capital,
            _ if !lower => Shape::Upper,
            _ => Shape::Mixed,
        };
        (shape, upper > 0)
    }
}

/// One whitespace-delimited token of a [`Doc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    /// The token as printed.
    pub text: &'t str,
    /// Its byte offset in the document.
    pub start: usize,
    /// The byte span of its word: surrounding punctuation trimmed ([`core_range`]).
    pub core_span: Range<usize>,
    /// The word lowercase and composed (NFC), as the lexicon spells its keys; borrowed from
    /// the text when it already is.
    pub key: Cow<'t, str>,
    pub shape: Shape,
    /// The token opens a sentence: it is the first, or the one before it ends a sentence
    /// ([`ends_sentence`]).
    pub sentence_start: bool,
    /// The character the token closes with, past closing quotes and brackets ([`closing_mark`]).
    pub closing: Option<char>,
    /// The token is the last of its line, a line break follows, and it ends with a break
    /// mark ([`BREAK_MARKS`]): a word the line end may have broken.
    pub line_break: bool,
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
        let r = self.core_span.start - self.start..self.core_span.end - self.start;
        (&self.text[r], self.core_span.clone())
    }

    /// The token ends a sentence ([`ends_sentence`]).
    pub fn ends_sentence(&self) -> bool {
        self.closing.is_some_and(is_sentence_end)
    }
}

/// The marks that end a sentence: full stop, exclamation and question mark.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// The marks that end a clause: those that end a sentence, the semicolon and the colon. No
/// word pair is read across them (the lexicon counts none: `lexicon::CorpusCounter`).
pub fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, ';' | ':')
}

/// Whether `token` (or a line: only its end is read) ends a sentence: it closes
/// ([`closing_mark`], looking past closing quotes and brackets) with a full stop, an
/// exclamation or a question mark. The one definition of a sentence boundary: the token after
/// such a token opens a sentence ([`Token::sentence_start`]).
pub fn ends_sentence(token: &str) -> bool {
    closing_mark(token.trim_end()).is_some_and(is_sentence_end)
}

/// Whether `token` (or a line) ends a clause: a sentence ([`ends_sentence`]), or closes with a
/// semicolon or colon.
pub fn ends_clause(token: &str) -> bool {
    closing_mark(token.trim_end()).is_some_and(is_clause_end)
}

impl<'t> Doc<'t> {
    /// Reads `text`. Cost: one pass over the bytes for the lines, one for the tokens, and an
    /// allocation per token whose word is not already lowercase and composed.
    pub fn new(text: &'t str) -> Doc<'t> {
        let lines = crate::tokens::lines(text);
        let paragraphs = paragraphs(text, &lines);
        // Running English has a token per 5 to 6 bytes: room for it in one allocation.
        let mut tokens: Vec<Token<'t>> = Vec::with_capacity(text.len() / 5 + 16);
        let mut opens = true;
        for t in crate::tokens::tokens(text) {
            let r = core_range(t.text);
            let core = &t.text[r.clone()];
            let (shape, key) = if core.is_ascii() {
                // One pass for the shape and whether lowercasing changes anything; no accents
                // to compose.
                let (shape, capital) = Shape::of_ascii(core.as_bytes());
                (shape, if capital { Cow::Owned(core.to_ascii_lowercase()) } else { Cow::Borrowed(core) })
            } else {
                let key = match composed(core) {
                    Cow::Borrowed(w) => lowercase(w),
                    Cow::Owned(w) => Cow::Owned(lowercase(&w).into_owned()),
                };
                (Shape::of(core), key)
            };
            let closing = closing_mark(t.text);
            let rest = &text[t.end()..];
            let line_end = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
            tokens.push(Token {
                text: t.text,
                start: t.start,
                core_span: t.start + r.start..t.start + r.end,
                key,
                shape,
                sentence_start: opens,
                closing,
                line_break: line_end && t.text.ends_with(BREAK_MARKS),
            });
            opens = closing.is_some_and(is_sentence_end);
        }
        Doc { text, lines, paragraphs, tokens }
    }

    /// The tokens on `line` (one of [`Doc::lines`]). Cost: a binary search.
    pub fn tokens_of(&self, line: &Line) -> &[Token<'t>] {
        let from = self.tokens.partition_point(|t| t.start < line.start);
        let to = from + self.tokens[from..].partition_point(|t| t.start < line.end);
        &self.tokens[from..to]
    }

    /// The document's word counts ([`Vocab::of`] of its text, counted from its tokens).
    pub fn vocab(&self) -> Vocab {
        let mut v = Vocab::default();
        v.add_words(self.tokens.iter().map(|t| t.core().0));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_spans_keys_shapes_and_sentence_starts() {
        let t = "\"Tlie  CAT,\" said Mr. McKay. 1871 re\u{301}sume\u{301} ran-\nhome — (end!)\n";
        let d = Doc::new(t);
        let texts: Vec<&str> = d.tokens.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["\"Tlie", "CAT,\"", "said", "Mr.", "McKay.", "1871", "re\u{301}sume\u{301}", "ran-", "home", "—", "(end!)"]);
        let tok = |i: usize| &d.tokens[i];
        assert_eq!(&t[tok(0).span()], "\"Tlie");
        assert_eq!(tok(0).core().0, "Tlie");
        assert_eq!(&t[tok(0).core_span.clone()], "Tlie");
        assert_eq!(tok(0).key, "tlie");
        assert_eq!(tok(6).key, "résumé");
        let shapes: Vec<Shape> = d.tokens.iter().map(|t| t.shape).collect();
        use Shape::*;
        assert_eq!(shapes, [Capital, Upper, Lower, Capital, Mixed, Number, Lower, Lower, Lower, Other, Lower]);
        let starts: Vec<bool> = d.tokens.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, false, true, true, false, false, false, false, false]);
        assert_eq!(tok(1).closing, Some(','));
        assert_eq!(tok(10).closing, Some('!'));
        assert!(tok(10).ends_sentence());
        let breaks: Vec<bool> = d.tokens.iter().map(|t| t.line_break).collect();
        assert_eq!(breaks, [false, false, false, false, false, false, false, true, false, false, false]);
        assert_eq!(d.lines.len(), 2);
        let on = |l: usize| d.tokens_of(&d.lines[l]).iter().map(|t| t.text).collect::<Vec<_>>();
        assert_eq!(on(0).last(), Some(&"ran-"));
        assert_eq!(on(1), ["home", "—", "(end!)"]);
        assert_eq!(d.paragraphs.len(), 1);
    }

    #[test]
    fn the_vocabulary_counted_from_the_tokens_is_the_texts() {
        let t = "The the THE, cat’s “re\u{301}sume\u{301}” -- ﬁne\n\nthe";
        let (a, b) = (Doc::new(t).vocab(), Vocab::of(t));
        let mut a: Vec<(&str, u32)> = a.iter().collect();
        let mut b: Vec<(&str, u32)> = b.iter().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(!a.is_empty());
    }

    #[test]
    fn a_sentence_ends_with_a_stop_past_closing_quotes() {
        assert!(ends_sentence("end.\""));
        assert!(ends_sentence("so?)"));
        assert!(!ends_sentence("so,"));
        assert!(!ends_sentence("so:"));
        assert!(!ends_sentence("word"));
        assert!(ends_clause("so:") && ends_clause("so;\"") && ends_clause("end.") && !ends_clause("so,"));
    }
}
