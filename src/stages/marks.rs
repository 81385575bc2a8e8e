//! Misread marks: characters OCR confuses whose place gives them away.
//!
//! - **An exclamation mark read as a lone "1", "l" or "t".** Print of the period sets "!"
//!   and "?" apart from the word before them ("O my umbrella ! Another such trifle"), and OCR
//!   reads the stand-alone mark as a character of its own: "blessing 1 How far", "a lover's
//!   woes t Thrice happy", "umbrella l Another". Left as it is, the "1" becomes the pronoun
//!   "I" in the correction stage and the sentence boundary is lost. The mark is put back
//!   where the shape is unmistakable: the lone character stands between a lowercase word
//!   that ends a clause without punctuation and a capitalised word that opens the next one,
//!   on one line. On the development sets (English monographs and periodicals of the 17th to
//!   19th centuries, US newspapers 1871–1921), the lone "1" in that position was an exclamation mark 117 times, a question
//!   mark 28 and the pronoun "I" 3 times; "t" 36, 2 and never. The mark cannot be told from
//!   "?" by the words alone, so "?" is offered as the alternative and the confidence says so.
//! - **"ll" read as "U"** inside a lowercase word ("aU", "shaU", "caUed", "foUowing"), and
//!   likewise "H" for "ll" or "li" ("wiH", "suppHed"), "J" or "I" for "l" ("aJl", "AIso")
//!   and a few more ("feeliDg", "puMished", "suSered"). A capital after lowercase letters is
//!   no spelling of the period, and the folded word the correction stage sees ("au",
//!   "caued") has lost that evidence.
//! - **"&c." read as "Ac."** after a comma, closing a list: "Razors, Strops, Spectacles, Ac.";
//!   **"6d." read as "Gd." or "fid."** after an amount ("price 2s. Gd."), and "1s." as "Is."
//!   beside the words of an amount ("price Is. each", "at Is. per lb.") or, with or without
//!   its period, beside pounds, shillings or pence ("£1. Is 12s", "at Is 9d,"); "the answer
//!   Is. The" is the verb with its "i" misread and is left to the correction stage.
//! - **The vocative "O" read as "0"** opening a clause of verse or a hymn: "the angry sea.
//!   0 brother", "Courage, 0 servants of light".
//! - **Beside an apostrophe:** "l'm", "l've" for "I'm", "I've", and a possessive "'a" for "'s"
//!   ("Sidwell'a ward").
//!
//! Each is an [`EditKind::Correction`] with a reason, before the correction stage.

use std::ops::Range;

use crate::edit::{Edit, EditKind};
use crate::lexicon::Lexicon;
use crate::stage::{Context, Stage};
use crate::doc::{Doc, Token};
use crate::words::NUMBERED;

/// Restores exclamation marks read as a lone "1", "l" or "t", letters read as a capital
/// ("shaU", "wiH"), "&c." read as "Ac.", the amounts "6d." and "1s." read as "Gd." and "Is.",
/// the vocative "O" read as "0", and the letters beside an apostrophe ("l'm", "Sidwell'a").
pub struct Marks;

// Two-letter words that end a clause ("go it !", "woe is me !"); other two-letter tokens
// are more often a word's broken end ("As th 1 Moravian").
crate::tokens::word_list!(SHORT = "clause_ending_short_words.txt");

/// How often each reading was right where the rule fires (development sets, see the module
/// documentation): "!" for a "1" or an "l" about three times in four, for a "t" nearly always.
const CONFIDENCE_ONE: f32 = 0.75;
const CONFIDENCE_T: f32 = 0.85;
/// "Ac." after a comma, "Gd." and "Is." after an amount, "l'm" and a possessive "'a".
const CONFIDENCE_ETC: f32 = 0.9;
/// A "0" read as the vocative "O": all 19 firings on the dev sets were right, but they come
/// from few documents.
const CONFIDENCE_VOCATIVE: f32 = 0.85;

impl Stage for Marks {
    fn name(&self) -> &'static str {
        "marks"
    }

    fn kinds(&self) -> &'static [EditKind] {
        &[EditKind::Correction]
    }

    /// Cost: a scan of each token's bytes; a few lexicon look-ups per lone "1", "l" or "t",
    /// per word with a capital after a lowercase letter and per "'a".
    fn propose(&self, doc: &Doc<'_>, cx: &Context<'_>, out: &mut Vec<Edit>) {
        let (text, toks) = (doc.text, &doc.tokens);
        for i in 0..toks.len() {
            if let Some(e) = capital_glyph(text, &toks, i, cx.lexicon)
                .or_else(|| et_cetera(text, &toks, i))
                .or_else(|| sixpence(text, &toks, i))
                .or_else(|| shilling(text, &toks, i))
                .or_else(|| elided(text, &toks[i], cx.lexicon))
                .or_else(|| exclamation(text, &toks, i, cx.lexicon))
                .or_else(|| vocative(text, &toks, i))
            {
                out.push(e);
            }
        }
    }
}

/// The correction of `text[span]` to `after`, as every rule of this stage proposes it.
fn correction(
    rule: &str,
    text: &str,
    span: Range<usize>,
    after: impl Into<String>,
    confidence: f32,
    reason: impl Into<String>,
) -> Edit {
    Edit::new(text, span, after, EditKind::Correction, confidence, reason).with_rule(rule)
}

/// Letters read as a capital glyph ([`GLYPHS`]) in token `i` ("shaU", "caUed", "wiH", "aJl";
/// "AU" opening a sentence of lowercase words).
fn capital_glyph(text: &str, toks: &[Token<'_>], i: usize, lexicon: &Lexicon) -> Option<Edit> {
    let (core, span) = toks[i].core();
    let next_lower = toks
        .get(i + 1)
        .is_some_and(|n| n.text.starts_with(char::is_lowercase));
    let (word, glyph, confidence) = read_glyphs(lexicon, core, next_lower)?;
    let reason = format!("{glyph:?} misread for letters of a lowercase word: {word:?}");
    Some(correction("marks.capital_glyph", text, span, word, confidence, reason))
}

/// "&c." read as "Ac." in token `i`, after a comma ("Razors, Strops, Ac.").
fn et_cetera(text: &str, toks: &[Token<'_>], i: usize) -> Option<Edit> {
    let t = &toks[i];
    let (core, span) = t.core();
    let after_comma = i > 0 && toks[i - 1].text.ends_with(',');
    if core != "Ac" || !t.text.starts_with("Ac.") || !after_comma {
        return None;
    }
    let reason = "\"&c.\" (et cetera) misread as \"Ac.\" after a comma".to_string();
    Some(correction("marks.et_cetera", text, span, "&c", CONFIDENCE_ETC, reason))
}

/// "6d." (sixpence) read as "Gd.", "gd." or "fid." in token `i`, after an amount or a word
/// that introduces one ("2s. Gd.", "price fid.", "to 3s. gd.").
fn sixpence(text: &str, toks: &[Token<'_>], i: usize) -> Option<Edit> {
    let t = &toks[i];
    let (core, span) = t.core();
    if !matches!(core, "Gd" | "gd" | "fid") || !t.text[span.end - t.start..].starts_with(['.', ','])
    {
        return None;
    }
    let prev = toks.get(i.checked_sub(1)?)?.text.to_lowercase();
    let amount = prev.contains(|c: char| c.is_ascii_digit())
        || prev.ends_with("s.")
        || AMOUNT_BEFORE.contains(&prev.as_str());
    if !amount {
        return None;
    }
    let reason = format!("\"6d\" (sixpence) misread as {core:?} after an amount");
    Some(correction("marks.sixpence", text, span, "6d", CONFIDENCE_ETC, reason))
}

/// "1s." (a shilling) read as "Is." in token `i`, after a comma or a lowercase word that
/// introduces an amount, or before one that follows it ("price Is. each", "Admission, Is.",
/// "rabbits, Is. 6d."): the verb is lowercase there, and a capitalised "Is" after such a word
/// is no title. With or without its period, "Is" between pounds and what follows them, or
/// before pence or shillings, is the shilling too ("£1. Is 12s", "at Is 9d,").
fn shilling(text: &str, toks: &[Token<'_>], i: usize) -> Option<Edit> {
    let t = &toks[i];
    if t.text.trim_end_matches(['.', ',', ';', '-']) != "Is" {
        return None;
    }
    let prev = toks.get(i.checked_sub(1)?)?.text;
    let next = toks.get(i + 1).map_or("", |n| n.text);
    // Beside a sum, any "Is" ("£1. Is 12s", "at Is 9d,"; "£1. Is it" is the verb).
    let beside_sum = (prev.starts_with('£') && !next.starts_with(char::is_lowercase))
        || pence_or_shillings(next);
    // Elsewhere "Is." after a lowercase word or a comma, with a word that introduces or
    // follows an amount: "that it Is. The" is the verb with its "i" misread.
    let amount_words = || {
        let introduced = prev.ends_with(',') || AMOUNT_BEFORE.contains(&prev);
        let followed = next.starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                next.trim_end_matches(['.', ',', ';']),
                "per" | "each" | "to" | "a" | "Gd" | "6d"
            );
        t.text == "Is."
            && (prev.starts_with(char::is_lowercase) || prev.ends_with(','))
            && (introduced || followed)
    };
    if !(beside_sum || amount_words()) {
        return None;
    }
    let reason = "\"1s.\" (a shilling) misread as \"Is.\"".to_string();
    Some(correction(
        "marks.shilling",
        text,
        t.start..t.start + 1,
        "1",
        CONFIDENCE_ETC,
        reason,
    ))
}

/// The vocative "O" of verse and hymns read as a zero: "the angry sea. 0 brother",
/// "farewell, 0 my friends", "chief musical 0 Land". The "0" stands alone after a word, with
/// no number within three tokens (scores, "from 0 to 8"), and opens a clause: after a
/// punctuation mark or a misread "!" ("joy t 0 praise"), or before a capitalised word. A
/// word of two letters or more follows that is no unit of a count ("0 o'clock"); a single
/// letter after it is an initial or a word's broken end ("Afong 0 A", "manager 0 f"). On the
/// dev sets the rule fires 19 times, all "O"; "tendency 0 market" ("of") is left alone.
fn vocative(text: &str, toks: &[Token<'_>], i: usize) -> Option<Edit> {
    let t = &toks[i];
    if t.text.trim_end_matches([',', '!']) != "0" {
        return None;
    }
    let prev = toks.get(i.checked_sub(1)?)?.text;
    let next = toks.get(i + 1)?.text;
    let letters = next.trim_end_matches(|c: char| !c.is_alphabetic());
    let digit = |s: &str| s.contains(|c: char| c.is_ascii_digit());
    let near_number = toks[i.saturating_sub(3)..(i + 4).min(toks.len())]
        .iter()
        .enumerate()
        // A lone "1" is as often a misread "!" or "I" ("immensities 1 Who").
        .any(|(k, n)| k != i.min(3) && n.text != "1" && digit(n.text));
    let bare = prev.trim_end_matches([',', ';', ':', '!', '?', '.']);
    let opens = bare.len() < prev.len()
        || matches!(prev, "t" | "l" | "1")
        || next.starts_with(char::is_uppercase);
    if !bare.ends_with(char::is_alphabetic)
        || near_number
        || !opens
        || letters.chars().count() < 2
        || !letters.chars().all(char::is_alphabetic)
        || matches!(
            letters.to_lowercase().as_str(),
            "to" | "oclock" | "per" | "and" | "or"
        )
        || next.starts_with("o'")
    {
        return None;
    }
    Some(correction(
        "marks.vocative",
        text,
        t.start..t.start + 1,
        "O",
        CONFIDENCE_VOCATIVE,
        "a lone \"0\" between words: the vocative \"O\" misread".to_string(),
    ))
}

// Lowercase words that introduce a sum ("price 2s. Gd.", "at Is. per lb."): after one, a
// misread "6d." or "1s." is the amount.
crate::tokens::word_list!(AMOUNT_BEFORE = "amount_before.txt");

/// Whether `token` is a sum of pence or shillings: "9d,", "12s", "6d.".
fn pence_or_shillings(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ',', ';']);
    t.strip_suffix(['d', 's'])
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An apostrophe's neighbour misread: "l'm", "l've" for "I'm", "I've" (the pronoun read as
/// "l"), and a possessive "'a" for "'s" ("Sidwell'a ward", "man'a").
fn elided(text: &str, t: &Token<'_>, lexicon: &Lexicon) -> Option<Edit> {
    let (core, span) = t.core();
    let (head, tail) = core.split_once(['\'', '’'])?;
    let tail_at = span.start + head.len() + core[head.len()..].chars().next()?.len_utf8();
    if head == "l" && matches!(tail, "m" | "ve" | "d" | "ll") {
        let reason = format!("the pronoun \"I\" misread as \"l\" in {core:?}");
        return Some(correction(
            "marks.apostrophe",
            text,
            span.start..span.start + 1,
            "I",
            CONFIDENCE_ETC,
            reason,
        ));
    }
    // A name, or a noun the article does not follow ("man'a", "world'a"); after "for",
    // "say" or "gained" the "'a" is the article glued on ("say'a word").
    let stem_known = || {
        head.starts_with(char::is_uppercase)
            || (lexicon.freq(head) > 0 && lexicon.pair(head, "a") == 0)
    };
    if tail == "a" && head.len() >= 2 && head.chars().all(char::is_alphabetic) && stem_known() {
        let reason = format!("possessive \"'s\" misread as \"'a\" in {core:?}");
        return Some(correction(
            "marks.apostrophe",
            text,
            tail_at..tail_at + 1,
            "s",
            CONFIDENCE_ETC,
            reason,
        ));
    }
    None
}

/// An exclamation mark read as token `i`, a lone "1", "l" or "t" between a clause and a
/// capitalised word on one line ("blessing 1 How"): the edit joins the mark to the word
/// before it.
fn exclamation(text: &str, toks: &[Token<'_>], i: usize, lexicon: &Lexicon) -> Option<Edit> {
    let t = &toks[i];
    let (letter, confidence) = match t.text {
        "1" | "l" => ('l', CONFIDENCE_ONE),
        "t" => ('t', CONFIDENCE_T),
        _ => return None,
    };
    let (prev, next) = (toks.get(i.checked_sub(1)?)?, toks.get(i + 1)?);
    // Before a lowercase word the lone "1" is the pronoun nearly always ("whom 1
    // considered"): the word pairs the lexicon lists are too few to pick out the marks.
    if text[prev.end()..next.start].contains('\n')
        || !(capitalised(next.text) || pronoun_opens(toks, i + 1))
        || !whole_word_before_mark(lexicon, prev.text, letter)
    {
        return None;
    }
    // A "t" after a word that is commonly followed by "to" is that word cut short ("qualified
    // t Teach", "suited t Peach" in newspaper columns), not a mark: on train/ the rule was
    // wrong there 3 times of 4 (docs/evaluation.md).
    if letter == 't' && to_follows(lexicon, prev.text) {
        return None;
    }
    if letter == 'l' {
        // "1" and "l" are also the pronoun "I" ("so 1 Had"), the number ("page 1",
        // "7 to 1 Athlumney").
        let before = i.checked_sub(2).map(|k| toks[k].text);
        if NUMBERED.contains(&prev.text)
            || before.is_some_and(|b| b.contains(|c: char| c.is_ascii_digit()))
            || lexicon.pair(prev.text, "i") > 0
        {
            return None;
        }
    }
    let reason = format!(
        "a lone {:?} between a clause and a capitalised word: an exclamation mark misread (or a question mark)",
        t.text
    );
    let edit = correction("marks.exclamation", text, prev.end()..t.end(), "!", confidence, reason);
    Some(edit.with_alternatives(vec!["?".to_string()]))
}

/// Whether "to" follows `word` in at least [`TO_SHARE`] of the lexicon's pairs of it.
fn to_follows(lexicon: &Lexicon, word: &str) -> bool {
    let lower = word.to_lowercase();
    let n = lexicon.freq(&lower);
    n > 0 && crate::lm::Lm::of_lexicon(lexicon).pair_count(&lower, "to") >= TO_SHARE * n as f64
}

/// See [`to_follows`]: the share of a word's occurrences in the lexicon's pairs that "to"
/// follows, above which a "t" after it is a cut-short "to".
const TO_SHARE: f64 = 0.05;

/// Capitals that OCR reads for lowercase letters inside a word, the readings tried in order,
/// and the confidence of a reading the lexicon knows: "U" for "ll" ("shaU", "caUed"; the glyph
/// is two letters, so "DeviU" is read "Devill", a period spelling the correction stage may
/// keep or modernise), "H" for "ll" or "li" ("wiH", "smaHest", "suppHed"), "J" for "l" ("aJl",
/// "zeaJous"), "I" for "l" ("AIso": the correction stage would keep it as a name's inner
/// capital, as in "McIntosh"), and less often "L" for "h" ("tLree"), "D" for "n" ("feeliDg"),
/// "M" for "bl" ("puMished"), "B" for "s" ("uBual") and "S" for "ff" ("suSered"). On
/// icdar2017-en these readings were right 343 times in 346.
const GLYPHS: &[(u8, &[&str], f32)] = &[
    (b'U', &["ll", "l"], 0.95),
    (b'H', &["ll", "li", "il"], 0.9),
    (b'J', &["l"], 0.9),
    (b'I', &["l"], 0.9),
    (b'L', &["h"], 0.9),
    (b'D', &["n"], 0.9),
    (b'M', &["bl"], 0.9),
    (b'B', &["s"], 0.9),
    (b'S', &["ff"], 0.9),
];

/// The word `core` spells with its capital glyph after a lowercase letter read as the letters
/// it stands for ([`GLYPHS`]), the glyph and the confidence; None for any other shape (a word
/// in capitals, two different glyphs) or when no reading is a lexicon word ("McUrquhart"). A
/// glyph right after an initial capital counts only `before_lowercase`, the next word being
/// lowercase ("AU this while" is "All this while"; "AU" in a heading of capitals is left
/// alone).
fn read_glyphs(
    lexicon: &Lexicon,
    core: &str,
    before_lowercase: bool,
) -> Option<(String, char, f32)> {
    let bytes = core.as_bytes();
    // Every glyph is a capital after the first letter: most words have none, and are done
    // with in this one pass.
    if bytes.len() < 2 || !bytes.iter().all(u8::is_ascii_alphabetic) || !bytes[1..].iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    let &(glyph, readings, confidence) = GLYPHS.iter().find(|(g, _, _)| {
        bytes[1..].iter().all(|b| b.is_ascii_lowercase() || b == g)
            && bytes.windows(2).any(|w| {
                w[1] == *g
                    && (w[0].is_ascii_lowercase() || (before_lowercase && w == [bytes[0], *g]))
            })
            && !bytes.windows(2).any(|w| w == [*g, *g])
    })?;
    let read = |letters: &str| {
        let mut word = String::with_capacity(core.len() + 2);
        for (k, c) in core.char_indices() {
            if c == char::from(glyph) && k > 0 {
                word.push_str(letters);
            } else {
                word.push(c);
            }
        }
        word
    };
    // Not the lexicon's debris of two letters ("tl", "hl") nor its rarest entries; "H" and
    // "J" read as letters more often make some rare word ("saJ" is not "sal", "aoJ" not
    // "aol"), so theirs must be common (one in 100,000 running words).
    let share = if glyph == b'U' { 1e-8 } else { 1e-5 };
    let floor = lexicon.total() as f64 * share;
    let known = |w: &str| w.len() >= 3 && lexicon.freq(w) as f64 >= floor;
    let word = readings.iter().map(|r| read(r)).find(|w| known(w))?;
    // "U" is two letters even where the word is known with one ("Devill" for "devil").
    let word = if glyph == b'U' { read("ll") } else { word };
    Some((word, char::from(glyph), confidence))
}

/// Whether token `k` is the pronoun "I" (or a "1" read for it) before a lowercase word: "a
/// French prison 1 1 have heard".
fn pronoun_opens(toks: &[Token<'_>], k: usize) -> bool {
    matches!(toks[k].text, "I" | "1")
        && toks
            .get(k + 1)
            .is_some_and(|t| t.text.starts_with(char::is_lowercase))
}

/// Whether `token` is a capitalised word ("How", "Thrice"), not "I" or an abbreviation in
/// capitals.
fn capitalised(token: &str) -> bool {
    let mut c = token.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_some_and(char::is_lowercase)
}

/// Whether `token` is a lowercase lexicon word with no punctuation after it, which the lone
/// `letter` does not complete ("smal l" is "small", "won t" is "won't").
fn whole_word_before_mark(lexicon: &Lexicon, token: &str, letter: char) -> bool {
    let letters = token.chars().count();
    if letters < 2
        || (letters == 2 && !SHORT.contains(&token))
        || !token.chars().all(char::is_lowercase)
        || lexicon.freq(token) == 0
    {
        return false;
    }
    let joined = format!("{token}{letter}");
    let elided = format!("{token}'{letter}");
    lexicon.freq(&joined) == 0 && lexicon.freq(&elided) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::run;

    /// The (before, after) of each edit the stage alone makes, applied or suggested.
    fn marks(text: &str) -> Vec<(String, String)> {
        let cleaned = run(Box::new(Marks), Lexicon::embedded(), text);
        let edits = cleaned.edits.into_iter().chain(cleaned.suggestions);
        edits.map(|e| (e.before, e.after)).collect()
    }

    #[test]
    fn lone_characters_between_clauses_are_exclamation_marks() {
        let fixed = |s: &str| marks(s).into_iter().map(|(_, a)| a).collect::<Vec<_>>();
        assert_eq!(
            fixed("he gave me his blessing 1 How far the charm went"),
            ["!"]
        );
        assert_eq!(fixed("a lover's woes t Thrice happy then"), ["!"]);
        // A "t" where "to" was printed is no mark.
        assert!(fixed("he must be qualified t Teach Arithmetic").is_empty());
        assert_eq!(fixed("years in a French prison 1 1 have heard"), ["!"]);
        assert_eq!(
            fixed("still indebted to my umbrella l Another such trifle"),
            ["!"]
        );
        assert_eq!(
            marks("blessing 1 How"),
            [(" 1".to_string(), "!".to_string())]
        );
    }

    #[test]
    fn ll_read_as_u_and_etc_read_as_ac_are_restored() {
        assert_eq!(
            marks("we shaU see that aU were caUed, weU foUowing"),
            [
                ("shaU", "shall"),
                ("aU", "all"),
                ("caUed", "called"),
                ("weU", "well"),
                ("foUowing", "following")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(
            marks("FuU of it"),
            [("FuU".to_string(), "Full".to_string())]
        );
        assert_eq!(
            marks("Razors, Strops, Ac. Go to"),
            [("Ac".to_string(), "&c".to_string())]
        );
        for text in [
            "the USA and UK",
            "Mr McUrquhart",
            "a zUxq",
            "Ac. of the Society",
            "iPhone, Ac",
        ] {
            assert!(marks(text).is_empty(), "{text}: {:?}", marks(text));
        }
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn capital_glyphs_inside_lowercase_words_are_read_as_letters() {
        assert_eq!(
            marks("we wiH see it aJl, the smaHest"),
            pairs(&[("wiH", "will"), ("aJl", "all"), ("smaHest", "smallest")])
        );
        assert_eq!(
            marks("a feeliDg, puMished and suSered"),
            pairs(&[
                ("feeliDg", "feeling"),
                ("puMished", "published"),
                ("suSered", "suffered")
            ])
        );
        // "U" is two letters even where the lexicon has the word with one.
        assert_eq!(marks("the DeviU himselfe"), pairs(&[("DeviU", "Devill")]));
        // A glyph right after the initial capital, only before a lowercase word.
        assert_eq!(marks("away. AU this while"), pairs(&[("AU", "All")]));
        // "I" for "l", which the correction stage would take for a name's inner capital.
        assert_eq!(marks("milk. AIso, that"), pairs(&[("AIso", "Also")]));
        for text in ["AU THIS WHILE", "tU", "saJ", "aoJ", "Mr. McIntosh came"] {
            assert!(marks(text).is_empty(), "{text}: {:?}", marks(text));
        }
    }

    #[test]
    fn a_zero_opening_a_clause_between_words_is_the_vocative_o() {
        for text in [
            "the angry sea. 0 brother David",
            "can conceive, 0 ye immensities 1 who",
            "some chief musical 0 Land",
        ] {
            assert_eq!(marks(text), pairs(&[("0", "O")]), "{text}");
        }
        for text in [
            "from 0 to 8 oclock",
            "after 0 o'clock",
            "Afong 0 A Spreckels",
            "the manager 0 f the works",
            "the tendency 0 market is upward",
            "2 Corpl. Wilks, 0 Pte. J R Smith",
        ] {
            assert!(marks(text).is_empty(), "{text}: {:?}", marks(text));
        }
    }

    #[test]
    fn amounts_and_apostrophes_misread_are_restored() {
        assert_eq!(marks("price 2s. Gd. each"), pairs(&[("Gd", "6d")]));
        assert_eq!(marks("price Is. each"), pairs(&[("I", "1")]));
        // Without its period, beside pounds, shillings or pence.
        assert_eq!(marks("pub. at £1. Is 12s"), pairs(&[("I", "1")]));
        assert_eq!(marks("bottles at Is 9d, 3s"), pairs(&[("I", "1")]));
        assert_eq!(
            marks("l'm sure, l've heard"),
            pairs(&[("l", "I"), ("l", "I")])
        );
        assert_eq!(
            marks("St. Sidwell'a ward, his daughter'a pony"),
            pairs(&[("a", "s"), ("a", "s")])
        );
        for text in [
            "the Gd. family",
            "WHAT IT Is. Then",
            "the answer Is. The",
            "it costs £1. Is it worth it",
            "the answer Is plain",
            "Haro à l'aide",
            "the o'a of it",
            "may say'a word",
        ] {
            assert!(marks(text).is_empty(), "{text}: {:?}", marks(text));
        }
    }

    #[test]
    fn the_pronoun_numbers_and_broken_words_are_left_alone() {
        for text in [
            "and so 1 Had to go",              // the pronoun after a word that precedes "I"
            "see page 1 The first edition",    // a number after a numbering noun
            "Bouchal, 8 to 1 Grape Vine, 100", // odds
            "also a smal 1 Cellar of Wine",    // "small" broken
            "Since you won t Punish the boy",  // "won't"
        ] {
            assert!(marks(text).is_empty(), "{text}: {:?}", marks(text));
        }
        assert!(marks("the rising sun 1\nThough thousand perils").is_empty());
        assert!(marks("the rising sun 1 though thousand perils").is_empty());
        assert!(marks("the rising sun 1 IBM").is_empty());
    }
}
