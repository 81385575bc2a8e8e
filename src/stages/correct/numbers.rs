//! Numbers misread: letters read for the digits of a number ("1S08", "lOd", "I8s", "9C0"),
//! a misread ordinal ending ("29tli", "6ih") and the shillings and pence of a sum read as
//! letters ("2s Cd", "Is 6d", "lid to 2s").
//!
//! Which letter stands for which digit, and how surely, is learnt from the training set's
//! aligned OCR and ground-truth numbers (`tools/digit_readings.py` writes
//! `data/numbers/digit_readings.tsv`). A token is read as a number only where the reading is
//! hard to doubt:
//! - its digits outnumber the letters read as digits ("1S08", "I8s", "ll,000f"), or
//! - it is a sum of shillings or pence ("Cd", "lOd", "Is") beside another sum ("2s Cd",
//!   "Is 6d", "2s to Is"), or
//! - its ending is the ordinal the number takes ("Ist": the "st" of 1; "6ih" read "6th"),
//!
//! and never when the token is a word of the lexicon, except a sum of shillings or pence
//! between two amounts.

use std::ops::Range;

use once_cell::sync::Lazy;

use crate::channel::Channel;
use crate::doc::{Doc, Token};
use crate::edit::{Edit, EditKind};
use crate::lexicon::Lexicon;

/// The rule id of the numbers this module reads.
pub const RULE: &str = "correct.number";

/// The rule id of the words with a digit read for a letter ("6ome", "th9", "8hadwell").
pub const WORD_RULE: &str = "correct.digit_in_word";

/// A digit is read as a letter when at least this share of its readings as a letter in the
/// training words were that letter ("9": "s" 0.69, "e" 0.31).
pub const MIN_LETTER_SHARE: f32 = 0.25;

/// A word read from a token that may be a number or a word with a footnote mark must be at
/// least this share of running words (the lexicon's counts): the rare words the readings make
/// of such tokens ("ste", "stil", "singings") were wrong on train/.
pub const MIN_WORD_SHARE: f64 = 1e-6;

/// (digit, letter, share of the digit's readings as a letter), from
/// `data/numbers/letter_readings.tsv`.
static LETTERS: Lazy<Vec<(char, char, f32)>> = Lazy::new(|| {
    let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/numbers/letter_readings.tsv"));
    table(text)
        .filter(|r| r.3 >= MIN_LETTER_SHARE)
        .filter_map(|(d, l, _, share)| Some((d.chars().next()?, l.chars().next()?, share)))
        .collect()
});

/// The rows of a table written by `tools/digit_readings.py`: (read, what it stood for, times
/// it did, share of its readings).
fn table(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str, f32, f32)> {
    text.lines().filter(|l| !l.starts_with('#')).filter_map(|line| {
        let mut f = line.split('\t');
        let (read, stood, n, total) = (f.next()?, f.next()?, f.next()?, f.next()?);
        let (n, total) = (n.parse::<f32>().ok()?, total.parse::<f32>().ok()?);
        Some((read, stood, total, n / total.max(1.0)))
    })
}

/// A word of letters with one or two digits read for letters ("6ome", "th9", "DI8COVEKY"):
/// the lexicon word its digits' readings make, the likeliest if several, and its probability.
/// A number with a unit, ordinal or size ending ("2nd", "8vo", "10s") is no such word.
fn word_reading(core: &str, lexicon: &Lexicon) -> Option<(String, f32)> {
    let digits = core.bytes().filter(u8::is_ascii_digit).count();
    let letters = core.bytes().filter(u8::is_ascii_alphabetic).count();
    if !core.bytes().all(|b| b.is_ascii_alphanumeric()) || digits == 0 || digits > 2 || letters < 2 || letters <= digits {
        return None;
    }
    // A number with a short ending ("8st", "2nd", "8vo"), a word with a footnote mark
    // ("singing3").
    let lead = core.bytes().take_while(u8::is_ascii_digit).count();
    if lead == digits {
        let (body, ending) = core.split_at(lead);
        let ending = ending.to_ascii_lowercase();
        if NUMBER_ENDINGS.contains(&ending.as_str()) || ending == ordinal_of(body) || ending.len() <= 2 {
            return None;
        }
    }
    // A number with a longer ending ("3te", "6til") or a word with a footnote mark
    // ("singing3") is read only as a common word ("6ome", "Word6"; not "ste", "singings").
    let footnote = lexicon.contains(&core.trim_end_matches(|c: char| c.is_ascii_digit()).to_ascii_lowercase());
    let common = if lead == digits || footnote { (lexicon.total() as f64 * MIN_WORD_SHARE) as u64 } else { 0 };
    let mut variants: Vec<(String, f32)> = vec![(String::new(), 1.0)];
    for c in core.chars() {
        let mut next = Vec::new();
        for (v, p) in &variants {
            if c.is_ascii_digit() {
                for &(_, l, share) in LETTERS.iter().filter(|r| r.0 == c) {
                    next.push((format!("{v}{l}"), p * share));
                }
            } else {
                next.push((format!("{v}{}", c.to_ascii_lowercase()), *p));
            }
        }
        variants = next;
    }
    let upper = core.bytes().filter(u8::is_ascii_alphabetic).all(|b| b.is_ascii_uppercase());
    variants
        .into_iter()
        .filter(|(v, _)| lexicon.freq(v) > common.max(1))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| lexicon.freq(&a.0).cmp(&lexicon.freq(&b.0))))
        .map(|(v, p)| {
            // The printed case: the word's letters where they were read, a capital opening it
            // when the token opens with one.
            let word: String = v
                .chars()
                .zip(core.chars())
                .enumerate()
                .map(|(k, (l, o))| match () {
                    _ if o.is_ascii_alphabetic() => o,
                    _ if upper || (k == 0 && core[1..].starts_with(|c: char| c.is_ascii_uppercase())) => l.to_ascii_uppercase(),
                    _ => l,
                })
                .collect();
            (word, p)
        })
}

/// A letter read as a digit counts only if at least this share of its readings as a digit
/// in the training numbers were that digit ("S" stood for 2, 3 and 8 about equally, so it is
/// never read).
pub const MIN_SHARE: f32 = 0.5;

/// A reading is sure when at least this share of its string's readings as a digit were that
/// digit, in at least [`SURE_TOTAL`] numbers of train/ ("I", "l", "O", "fi"). Only a sure
/// reading may open a number ("l5", "I80"; not "c26" or "f271", a newspaper's advertisement
/// codes) or make an ordinal ("Ist", not the German "ist"): "i" (a share of 0.66 for 1) is as
/// often a misread "is" ("which i9 in", "mouth i3 liable") on train/.
pub const SURE_SHARE: f32 = 0.85;
pub const SURE_TOTAL: f32 = 10.0;

/// A misread ordinal ending ("tli" for "th") is read when the error model gives it at least
/// this log probability (natural log, relative to reading the ending correctly).
pub const ORDINAL_FLOOR: f32 = -9.0;

// Endings that make a number a measure or a book's size ("5ft", "4to"): no ordinal misread.
crate::tokens::word_list!(NUMBER_ENDINGS = "number_endings.txt");

/// (OCR string, digit, share of that string's readings as a digit, sure), from
/// `data/numbers/digit_readings.tsv`: for each OCR string, its likeliest digit.
static READINGS: Lazy<Vec<(&'static str, char, f32, bool)>> = Lazy::new(|| {
    let mut best: Vec<(&'static str, char, f32, bool)> = Vec::new();
    let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/numbers/digit_readings.tsv"));
    for (read, digit, total, share) in table(text) {
        let Some(digit) = digit.chars().next() else { continue };
        let sure = share >= SURE_SHARE && total >= SURE_TOTAL;
        match best.iter_mut().find(|b| b.0 == read) {
            Some(b) if b.2 < share => *b = (read, digit, share, sure),
            Some(_) => {}
            None => best.push((read, digit, share, sure)),
        }
    }
    best.retain(|b| b.2 >= MIN_SHARE);
    best
});

/// The digit the OCR string `read` (one or two characters) most likely stands for in a
/// number, its share and whether it is sure.
fn digit_of(read: &str) -> Option<(char, f32, bool)> {
    READINGS.iter().find(|r| r.0 == read).map(|r| (r.1, r.2, r.3))
}

/// A token read as a number.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    /// The number as read ("1808", "10d", "6th").
    text: String,
    /// Digits the OCR printed in the body, and letters read as digits.
    digits: usize,
    letters: usize,
    /// Product of the letters' shares and the ending's probability.
    confidence: f32,
    /// Every letter read is a sure reading ([`SURE_SHARE`]), and so is one opening the number.
    sure: bool,
    opens_sure: bool,
    /// The unit or ordinal ending ("", "s", "d", "th", ...), as read.
    suffix: String,
    /// The ending was an ordinal matching the number exactly ("1st", "2nd").
    ordinal: bool,
}

/// The ordinal ending of the number whose digits are `body` ("st" for 1, 21; "th" for 11).
fn ordinal_of(body: &str) -> &'static str {
    let digits: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
    let last = digits.last().copied().unwrap_or(0);
    let tens = digits.len().checked_sub(2).map_or(0, |k| digits[k]);
    match (tens, last) {
        (1, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// Reads `core` as a number: a body of digits, separators and letters read as digits, then
/// an ending that is a unit of a sum ("s", "d", "l") or an ordinal ending (maybe misread).
/// The best of the ways to cut body from ending, or `None`.
fn read(core: &str, channel: &Channel) -> Option<Reading> {
    let chars: Vec<char> = core.chars().collect();
    if chars.is_empty() || chars.len() > 16 {
        return None;
    }
    let mut best: Option<Reading> = None;
    // The body: read left to right, each character a digit, a separator between digits, or
    // one or two characters read as a digit.
    let mut body = String::new();
    let (mut digits, mut letters, mut conf) = (0usize, 0usize, 1.0f32);
    // The body's last character was a letter read as a digit.
    let mut last_read = false;
    let (mut sure, mut opens_sure) = (true, true);
    let mut k = 0;
    loop {
        // Cut here: the rest is the ending.
        if !body.is_empty() && body.ends_with(|c: char| c.is_ascii_digit()) {
            let ending: String = chars[k..].iter().collect();
            // A letter closing a number is a unit or a mark ("60f", "13c", "1808i"), not a
            // digit, unless an ending follows it ("lOd").
            let closes = last_read && ending.is_empty();
            if let Some((suffix, p, ordinal)) = ending_reading(&body, &ending, channel).filter(|_| !closes) {
                let r = Reading {
                    text: format!("{body}{suffix}"),
                    digits,
                    letters,
                    confidence: conf * p,
                    sure,
                    opens_sure,
                    suffix: suffix.to_string(),
                    ordinal,
                };
                if best.as_ref().map_or(true, |b| r.confidence > b.confidence) {
                    best = Some(r);
                }
            }
        }
        if k == chars.len() {
            break;
        }
        let c = chars[k];
        if c.is_ascii_digit() {
            body.push(c);
            digits += 1;
            last_read = false;
            k += 1;
        } else if matches!(c, ',' | '.') && body.ends_with(|c: char| c.is_ascii_digit()) && k + 1 < chars.len() {
            body.push(c);
            last_read = false;
            k += 1;
        } else if let Some((d, share, is_sure, n)) = (k + 2 <= chars.len())
            .then(|| chars[k..k + 2].iter().collect::<String>())
            .and_then(|two| digit_of(&two).map(|(d, s, u)| (d, s, u, 2)))
            .or_else(|| digit_of(&c.to_string()).map(|(d, s, u)| (d, s, u, 1)))
        {
            sure &= is_sure;
            if body.is_empty() {
                opens_sure = is_sure;
            }
            body.push(d);
            letters += 1;
            conf *= share;
            last_read = true;
            k += n;
        } else {
            break;
        }
    }
    best
}

/// How `ending` reads after the number `body`: as itself when a unit ("", "s", "d", "l"),
/// as the ordinal ending of the number, exactly or misread ("tli" for "th"). Returns the
/// ending, its probability and whether it was an exact ordinal ending.
fn ending_reading(body: &str, ending: &str, channel: &Channel) -> Option<(&'static str, f32, bool)> {
    match ending {
        "" => return Some(("", 1.0, false)),
        "s" | "d" => return plausible_sum(body, ending).then_some((if ending == "s" { "s" } else { "d" }, 1.0, false)),
        // Pounds, francs, cents ("20l", "60f", "13c").
        "l" => return Some(("l", 1.0, false)),
        "f" => return Some(("f", 1.0, false)),
        "c" => return Some(("c", 1.0, false)),
        _ => {}
    }
    if body.contains([',', '.']) || ending.chars().count() > 3 || !ending.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if body.starts_with('0') || NUMBER_ENDINGS.contains(&ending) {
        return None;
    }
    let expected = ordinal_of(body);
    if ending == expected {
        return Some((expected, 1.0, true));
    }
    let printed: Vec<char> = expected.chars().collect();
    let read: Vec<char> = ending.chars().collect();
    // A misread ending keeps a letter of the true one in its place ("tli", "ih" for "th").
    if read.len() < 2 || !printed.iter().zip(&read).any(|(a, b)| a == b) {
        return None;
    }
    let lp = channel.log_prob(&printed, &read) - channel.log_prob(&printed, &printed);
    (lp >= ORDINAL_FLOOR).then(|| (expected, lp.exp().max(0.5), false))
}

/// Whether `body` can be a sum of shillings or pence (`unit` "s" or "d"): digits only, no
/// leading zero but "0" itself, and fewer than twelve pence ("0d", "11d", "78s"; not "01d",
/// "601d").
fn plausible_sum(body: &str, unit: &str) -> bool {
    let Ok(n) = body.parse::<u32>() else { return false };
    body.bytes().all(|b| b.is_ascii_digit())
        && (body == "0" || !body.starts_with('0'))
        && (unit != "d" || n < 12)
        && n < 100
}

/// A clear sum: "2s", "10d", "6d.", "£4", "£1.", "20l".
fn clear_sum(token: &Token<'_>) -> Option<char> {
    let money = token.text.strip_prefix('£').or_else(|| token.text.strip_prefix('$'));
    if money.is_some_and(|m| m.starts_with(|c: char| c.is_ascii_digit())) {
        return Some('£');
    }
    let (core, _) = token.core();
    let unit = core.chars().last()?;
    let body = &core[..core.len() - unit.len_utf8()];
    (matches!(unit, 's' | 'd' | 'l') && !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit())).then_some(unit)
}

/// Whether the sum of shillings or pence at token `i` (unit `unit`) stands among other sums:
/// a sum beside it, or across "to" ("2s to Is"). A word of the lexicon needs a sum on the
/// side the units run ("Is 6d", "2s lid") or across "to".
fn among_sums(toks: &[Token<'_>], i: usize, unit: char, word: bool) -> bool {
    let at = |k: usize| toks.get(k).and_then(clear_sum);
    let prev = i.checked_sub(1).and_then(at);
    let next = at(i + 1);
    let word_at = |k: usize| toks.get(k).map(|t| t.core().0);
    let across_to = (i >= 2 && word_at(i - 1) == Some("to") && at(i - 2) == Some(unit))
        || (word_at(i + 1) == Some("to") && at(i + 2) == Some(unit));
    if word {
        // Shillings before pence, pounds or shillings before pence.
        let before_pence = unit == 's' && next == Some('d');
        let after_larger = unit == 'd' && matches!(prev, Some('s' | '£'));
        return before_pence || after_larger || across_to;
    }
    prev.is_some() || next.is_some() || across_to
}

/// Proposes the number readings of `doc` into `out` and returns the spans of the tokens
/// read (the word corrector leaves them alone).
///
/// Cost: one pass over the tokens; a token holding a digit, or of up to three characters
/// ending in "s" or "d", is read against a table of a few dozen entries.
pub fn propose(doc: &Doc<'_>, lexicon: &Lexicon, channel: &Channel, out: &mut Vec<Edit>) -> Vec<Range<usize>> {
    let text = doc.text;
    let toks = &doc.tokens;
    let mut claimed = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let (core, span) = t.core();
        let has_digit = core.contains(|c: char| c.is_ascii_digit());
        let short_sum = core.len() <= 4 && core.ends_with(['s', 'd']);
        let ordinal_like = core.len() <= 5 && ["st", "nd", "rd", "th"].iter().any(|e| core.ends_with(e));
        if !(has_digit || short_sum || ordinal_like) || !core.is_ascii() {
            continue;
        }
        let number = read(core, channel).filter(|r| !(r.text == core || r.letters == 0 && r.text.eq_ignore_ascii_case(core)));
        let Some(r) = number else {
            // No number: maybe a word with digits read for its letters.
            if let Some((word, p)) = word_reading(core, lexicon) {
                let reason = format!("digits misread for letters: {core:?} read as the word {word:?}");
                out.push(Edit::new(text, span.clone(), word, EditKind::Correction, p, reason).with_rule(WORD_RULE));
                claimed.push(span);
            }
            continue;
        };
        let word = lexicon.contains(&t.key);
        // A token of two characters needs a sure reading ("l5", not "i3" for "is").
        let sure = r.opens_sure && (core.len() >= 3 || r.sure);
        let why = if r.digits >= 1 && r.digits >= r.letters && sure && !word {
            "digits misread as letters in a number"
        } else if matches!(r.suffix.as_str(), "s" | "d")
            && core.len() <= 4
            && among_sums(toks, i, r.suffix.chars().next().unwrap_or('s'), word)
        {
            "shillings or pence misread beside another sum"
        } else if r.ordinal && r.digits == 0 && r.letters == 1 && r.sure && !word {
            "an ordinal whose ending fits the number read"
        } else {
            continue;
        };
        let reason = format!("number {core:?} read as {:?}: {why}", r.text);
        out.push(Edit::new(text, span.clone(), r.text, EditKind::Correction, r.confidence, reason).with_rule(RULE));
        claimed.push(span);
    }
    claimed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(core: &str) -> Option<String> {
        read(core, Channel::embedded()).map(|r| r.text)
    }

    /// The (before, after) of each number reading `propose` makes in `text`.
    fn readings(text: &str) -> Vec<(String, String)> {
        let doc = Doc::new(text);
        let mut out = Vec::new();
        propose(&doc, &Lexicon::embedded(), Channel::embedded(), &mut out);
        out.into_iter().map(|e| (e.before, e.after)).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn letters_in_numbers_are_read_as_digits() {
        assert_eq!(reading("lOd").as_deref(), Some("10d"));
        assert_eq!(reading("I8s").as_deref(), Some("18s"));
        assert_eq!(reading("Ist").as_deref(), Some("1st"));
        assert_eq!(reading("fid").as_deref(), Some("6d"));
        assert_eq!(reading("ll,OOOf").as_deref(), Some("11,000f"));
        // "S" stood for 2, 3 and 8 about equally: no reading.
        assert_eq!(reading("1S08"), None);
        // A letter closing a number is a unit or a mark, not a digit.
        assert_eq!(reading("1G"), None);
        assert_eq!(reading("60f").as_deref(), Some("60f"));
        // No pence of twelve or more, no leading zero in a sum.
        assert_eq!(reading("Old"), None);
        assert_eq!(reading("1xyz"), None);
    }

    #[test]
    fn ordinal_endings_follow_the_number() {
        assert_eq!(ordinal_of("1"), "st");
        assert_eq!(ordinal_of("11"), "th");
        assert_eq!(ordinal_of("22"), "nd");
        assert_eq!(ordinal_of("113"), "th");
        assert_eq!(reading("29tli").as_deref(), Some("29th"));
        // Measures and book sizes are no ordinals.
        assert_eq!(reading("4to").as_deref(), None);
        assert_eq!(reading("8t"), None);
    }

    #[test]
    fn sums_are_read_beside_other_sums_only() {
        assert_eq!(
            readings("Turnips 2s Cd to 3s lOd, Leeks Is 6d"),
            pairs(&[("Cd", "6d"), ("lOd", "10d"), ("Is", "1s")])
        );
        // The word "Is" before pence, as above, or across "to" from shillings.
        assert_eq!(readings("Onions 2s to Is per dozen"), pairs(&[("Is", "1s")]));
        // A word beside pounds is the verb; a lone "Cd" is no sum.
        assert!(readings("of which £400 is covered by insurance").is_empty());
        assert!(readings("the Cd was lost").is_empty());
    }

    #[test]
    fn digits_read_for_letters_make_common_words() {
        let lexicon = Lexicon::embedded();
        let word = |core: &str| word_reading(core, &lexicon).map(|(w, _)| w);
        assert_eq!(word("6ome").as_deref(), Some("some"));
        assert_eq!(word("th9").as_deref(), Some("the"));
        assert_eq!(word("THI8").as_deref(), Some("THIS"));
        // Numbers with their endings, a footnote mark on a word, rare words made.
        assert_eq!(word("2nd"), None);
        assert_eq!(word("8vo"), None);
        assert_eq!(word("8st"), None);
        assert_eq!(word("singing3"), None);
        assert_eq!(word("3te"), None);
    }

    #[test]
    fn words_and_codes_are_left_alone() {
        // The German verb, an advertisement code, a short token with an unsure letter.
        assert!(readings("Was ist dein meinung").is_empty());
        assert!(readings("DARLINGTON. f271 SPOONS and c26 CUNARD").is_empty());
        assert!(readings("the mouth i3 liable").is_empty());
        assert_eq!(readings("on the Ist of July in 1B4O and l5 days"), pairs(&[("Ist", "1st"), ("l5", "15")]));
    }
}
