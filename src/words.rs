//! Shared analyses of words, made once here and read by several stages: whether a hyphen or
//! a space inside a word is a break or the join of a compound (de-hyphenation and split words
//! decide alike), whether an unknown word is an old spelling of a lexicon word, and the nouns
//! that number things. Above the models (lexicon, [`crate::lm`]), below the stages.

use crate::lexicon::Lexicon;
use crate::lm::Lm;

/// Where a hyphen between two word parts was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// At a line end, with a hyphen or break mark ("con-⏎tained").
    LineEnd,
    /// At a line end where OCR lost the hyphen ("dem⏎ocrats").
    LostHyphen,
    /// Flattened text, hyphen then a space ("circum- stances").
    Spaced,
    /// Flattened text, inside a token ("con-tained").
    MidLine,
}

/// What to do with a broken word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// Rejoin the parts without hyphen.
    Join(f32, String),
    /// A true compound: keep the hyphen.
    Keep(f32, String),
    /// No opinion: leave the text alone.
    Unsure,
}

fn is_upper_start(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn is_all_caps(w: &str) -> bool {
    w.chars().all(|c| !c.is_lowercase())
}

/// Whether a word is a plain word of letters (no digits, no inner punctuation).
pub(crate) fn is_letters(w: &str) -> bool {
    !w.is_empty() && w.chars().all(char::is_alphabetic)
}

/// Zipf value above which a part counts as a word in its own right.
const WORD_ZIPF: f64 = 3.0;
/// Zipf value from which a joined form counts as a known word.
const KNOWN_ZIPF: f64 = 1.0;
/// Zipf value from which a joined form is common enough to rejoin any line-end break
/// (below it the lexicon holds rare and junk forms such as "nonparty").
const COMMON_ZIPF: f64 = 2.0;

/// A line that ends with a whole word before a line that starts with one ("be⏎fore",
/// "chair⏎man", "al⏎most"): one word whose hyphen OCR lost when the lexicon's word pairs,
/// complete down to a count far above what two such common words would make together by
/// chance, lack `left right`, and the joined word is common and at least
/// [`LOST_PAIR_GAIN`] likelier than the two words side by side by chance. Otherwise the
/// break stays ("of⏎ten", "a⏎piece", "some⏎what" are listed pairs or too close).
///
/// Measured on overproof-ca: of 1,684 line ends between two such words in the ground truth
/// (all true word breaks), none is joined; of the OCR's lost hyphens whose word the ground
/// truth writes, 22 of 23 are.
/// `ll`, `lr`: the log probabilities of `left` and `right`; `lj` gives that of `joined`.
fn lost_between_words(st: &Lm<'_>, left: &str, right: &str, joined: &str, ll: f64, lr: f64, lj: impl Fn() -> f64) -> Verdict {
    if st.pair_lp(left, right).is_some() || lj() + 9.0 < WORD_ZIPF {
        return Verdict::Unsure;
    }
    let gain = lj() - ll - lr;
    if gain < LOST_PAIR_GAIN {
        return Verdict::Unsure;
    }
    Verdict::Join(
        0.7,
        format!(
            "line break inside a word, hyphen lost: {joined:?} is a common word, \
             {left:?} {right:?} no known pair"
        ),
    )
}

/// How much likelier (log10) a joined word must be than its two parts as independent
/// words for [`lost_between_words`].
const LOST_PAIR_GAIN: f64 = 1.5;

/// Decides whether `left` and `right` (letters only, in their text case), broken at a
/// hyphen found at `site`, form one word or a compound. `self_count` is how many of the
/// document's hyphenated tokens `left-right` are this very occurrence (1 for a mid-line
/// hyphen, 0 at a line end, where the vocabulary sees two tokens).
///
/// Cost: about ten lexicon look-ups and two allocations.
pub(crate) fn decide(
    st: &Lm<'_>,
    left: &str,
    right: &str,
    site: Site,
    self_count: u32,
) -> Verdict {
    if !is_letters(left) || !is_letters(right) {
        return Verdict::Unsure;
    }
    let joined = [left, right].concat();
    let hyphened = [left, "-", right].concat();

    // 1. A capital after the hyphen is never a typesetter's break.
    if is_upper_start(right) && !(is_all_caps(left) && is_all_caps(right)) {
        return if site == Site::LostHyphen {
            Verdict::Unsure
        } else {
            Verdict::Keep(0.9, "capitalised second part: a compound".into())
        };
    }

    // An abbreviation before the hyphen ("UK-based") is no syllable of a lowercase word.
    if left.chars().count() >= 2 && is_all_caps(left) && right.starts_with(char::is_lowercase) {
        return if site == Site::LostHyphen {
            Verdict::Unsure
        } else {
            Verdict::Keep(
                0.85,
                "capitals before the hyphen: an abbreviation in a compound".into(),
            )
        };
    }

    // Each word's log probability is read once (`lj`: the joined word's, when first needed).
    let (ll, lr) = (st.lp(left), st.lp(right));
    let (zl, zr) = (ll + 9.0, lr + 9.0);
    let lj_read = std::cell::Cell::new(None);
    let lj = || match lj_read.get() {
        Some(l) => l,
        None => {
            let l = st.lp(&joined);
            lj_read.set(Some(l));
            l
        }
    };
    let (left_function, right_function) = (function_word_at(left, zl), function_word_at(right, zr));

    // 2. The document's own usage, then the batch's. A line ending with a whole word
    // before one starting with a whole word ("of⏎ten", "a⏎piece") is no broken word,
    // whatever else the document writes.
    let solid = |w: &str, z: f64| z >= 3.5 && (w.chars().count() > 2 || z >= 5.0);
    if site == Site::LostHyphen && solid(left, zl) && solid(right, zr) {
        return lost_between_words(st, left, right, &joined, ll, lr, lj);
    }
    let fragment = zl.min(zr) < 2.5;
    let dj = st.doc(&joined);
    let dh = st.doc(&hyphened).saturating_sub(self_count);
    // Mid-line, the hyphenated token in front of us is one vote for the compound when both
    // parts are content words ("noon-day" beside one "noonday" elsewhere is the author's
    // usage; "re-placed", "paint-ing" are former line ends); so is a hyphen standing for a
    // dash before a function word ("a man-or woman").
    let dash = right_function && !left_function && zl >= WORD_ZIPF;
    let own = if site == Site::MidLine && (dash || compound_parts(left, right, zl, zr)) {
        self_count
    } else {
        0
    };
    if dj > 0 || dh > 0 {
        if dh > dj && site != Site::LostHyphen {
            return Verdict::Keep(0.9, format!("the document writes {hyphened:?} ({dh}x)"));
        }
        // A lost hyphen, or a hyphen in running text next to a function word, needs a word
        // the lexicon knows or the document repeats: one run-together elsewhere ("thepoore",
        // "ofthe") is no evidence.
        let known = match site {
            Site::LineEnd => true,
            Site::LostHyphen => dj >= 2 || lj() + 9.0 >= KNOWN_ZIPF,
            Site::MidLine | Site::Spaced => {
                !(left_function || right_function) || dj >= 2 || lj() + 9.0 >= KNOWN_ZIPF
            }
        };
        if dj > dh + own && known && (site != Site::MidLine || dh == 0) {
            let c = if site == Site::LostHyphen { 0.85 } else { 0.95 };
            // Mid-line, a period form of the lexicon outweighs the document's joined form.
            if site != Site::MidLine || !lexicon_prefers_hyphen(st, &joined, &hyphened) {
                return Verdict::Join(c, format!("the document writes {joined:?} ({dj}x)"));
            }
        }
    }
    let (bj, bh) = (st.batch(&joined), st.batch(&hyphened));
    if bj + bh >= 2 && site != Site::LostHyphen {
        if bh > 2 * bj {
            return Verdict::Keep(
                0.85,
                format!("the batch writes {hyphened:?} ({bh} documents)"),
            );
        }
        if bj > 2 * bh && site != Site::MidLine {
            return Verdict::Join(0.9, format!("the batch writes {joined:?} ({bj} documents)"));
        }
    }

    // 3. The lexicon's hyphenated form.
    if lexicon_prefers_hyphen(st, &joined, &hyphened) {
        return if site == Site::LostHyphen {
            Verdict::Unsure
        } else {
            Verdict::Keep(0.85, format!("the lexicon has {hyphened:?}"))
        };
    }

    let zj = lj() + 9.0;
    // How much likelier the joined word is than the two parts as separate words (as
    // `Lm::two_words_lp`).
    let gain = lj() - st.pair_lp(left, right).unwrap_or(ll + lr);

    // 4. A joined form the lexicon knows well is one word at a line end; mid-line only when
    // a part is no word or the joined word is far likelier than the two parts.
    // Period compounds the typesetter broke at their own hyphen: "Leadenhall-street",
    // "fifty-fourth", "non-existence", "sea-side"; and a hyphen standing for a dash before
    // or after a function word ("godliness-⏎the").
    if site == Site::LineEnd {
        let why = if listed(&STREET_WORDS, right) && left.chars().count() >= 3 {
            Some(format!("{right:?} after a name: an address"))
        } else if listed(&NUMBER_WORDS, left) && zr >= WORD_ZIPF && zj < COMMON_ZIPF {
            Some("a compound number".to_string())
        } else if listed(&ALWAYS_HYPHENED, left) && zj < 4.0 {
            Some(format!("{left:?} compounds keep their hyphen"))
        } else if zj < COMMON_ZIPF
            && (right_function && left.chars().count() >= 3 && zl >= 2.0
                || left_function && !listed(&CLOSED_HEADS, left) && zr >= WORD_ZIPF)
        {
            Some("a function word on one side: a dash, not a broken word".to_string())
        } else if is_period_compound(st, left, right, zl, zr, zj) {
            Some(format!(
                "both parts are common words, {joined:?} is rare beside them: a period compound"
            ))
        } else {
            None
        };
        if let Some(why) = why {
            return Verdict::Keep(0.75, why);
        }
    }

    let why = format!("{joined:?} is a word");
    match site {
        Site::LineEnd if zj >= COMMON_ZIPF => {
            let c = if zj >= 3.0 { 0.95 } else { 0.9 };
            return Verdict::Join(c, format!("line-end break; {why}"));
        }
        Site::LostHyphen => {
            // Lines often end with a whole word: only rejoin when the second part is no word
            // and the joined word is common and far likelier than the parts.
            if zr < 2.0 && zj >= 3.0 && gain >= 5.0 {
                return Verdict::Join(0.7, format!("line break inside a word, hyphen lost; {why}"));
            }
            // The same evidence as for a word split by a stray space ("deter⏎mined").
            return match split_word_verdict(st, left, right) {
                Some((c, why)) => {
                    Verdict::Join(c, format!("line break inside a word, hyphen lost; {why}"))
                }
                None => Verdict::Unsure,
            };
        }
        Site::Spaced | Site::MidLine => {
            if zj >= KNOWN_ZIPF && (fragment || gain >= 5.0) {
                // A hyphen inside a token of running text is most often a former line end
                // ("an-swered"), which many transcriptions keep: without the document's own
                // word for it, only a suggestion. A hyphen followed by a space is no compound.
                let c = match site {
                    // A second part that is no word at all ("con-tained", "revolu-tionary")
                    // makes no compound: the hyphen is a line break the flattening kept. On
                    // train/ the hyphen-inside-a-token joins, all suggested until then, were
                    // right 26 times in 29 (tools/rule_report.py, join.inner_hyphen).
                    Site::MidLine if zr < KNOWN_ZIPF && zj >= COMMON_ZIPF => LOST_BREAK_CONFIDENCE,
                    Site::MidLine => RUNNING_TEXT_CONFIDENCE,
                    _ if zj >= 2.5 => 0.85,
                    _ => 0.65,
                };
                let part = if fragment {
                    "a part is no word"
                } else {
                    "the parts are rarely words together"
                };
                return Verdict::Join(c, format!("hyphen inside a word; {why}, {part}"));
            }
            return Verdict::Unsure;
        }
        Site::LineEnd => {}
    }

    // 5. At a line end, a rare or unknown joined form: a compound if the first part is a
    // compounding prefix ("self-", "non-"), the lexicon knows the parts as a pair
    // ("twenty five"), or both parts are solid words; otherwise a word the lexicon lacks.
    // Syllables, affixes and function words make closed words, also rare ones ("com-⏎passed",
    // "rider-⏎less", "heaven-⏎ward", "mak-⏎est").
    let affixed =
        listed(&SUFFIXES, right) || listed(&CLOSED_HEADS, left) && !left_function;
    let compound = if HYPHEN_PREFIXES.iter().any(|p| left.eq_ignore_ascii_case(p)) {
        Some(format!("{left:?} is a compounding prefix"))
    } else if st.pair_lp(left, right).is_some() {
        Some(format!("the lexicon has the pair \"{left} {right}\""))
    } else if affixed {
        None
    } else if left.chars().count() >= 3
        && zl >= WORD_ZIPF
        && (right.chars().count() >= 4 && zr >= WORD_ZIPF
            || right.chars().count() == 3 && zr >= 4.5)
    {
        Some("both parts are words".to_string())
    } else if left.chars().count() >= 5
        && right.chars().count() >= 5
        && zl >= KNOWN_ZIPF
        && zr >= KNOWN_ZIPF
    {
        Some("both parts are long words".to_string())
    } else if left.chars().count() >= 3
        && right.chars().count() >= 3
        && zl >= PERIOD_COMPOUND_PART_ZIPF
        && zr >= KNOWN_ZIPF
        && !listed(&CLOSED_HEADS, left)
        && !listed(&CLOSED_TAILS, right)
    {
        // "low-browed", "boy-stammerer", "three-volumed": a common word before a rarer one.
        Some("a common word and a word".to_string())
    } else {
        None
    };
    match compound {
        Some(why) => Verdict::Keep(0.8, format!("{why}, {joined:?} is rare or unknown")),
        None if zj >= KNOWN_ZIPF => Verdict::Join(0.8, format!("line-end break; {why} (rare)")),
        None => {
            let c = if fragment { 0.65 } else { 0.55 };
            Verdict::Join(c, "line-end break of a word the lexicon lacks".into())
        }
    }
}

/// The confidence of a join in running text that only the lexicon supports (a hyphen inside
/// a token, two tokens that make a word): below the default threshold, so a suggestion.
/// Such breaks are mostly former line ends, and transcriptions differ on keeping them.
pub(crate) const RUNNING_TEXT_CONFIDENCE: f32 = 0.45;

/// The confidence of a join across a hyphen inside a token whose second part is no word:
/// a line break the flattening of the text kept, whatever a transcription does with others.
const LOST_BREAK_CONFIDENCE: f32 = 0.8;

// Second parts of addresses, hyphenated in period print ("Leadenhall-street").
crate::tokens::word_list!(STREET_WORDS = "street_words.txt");

// First parts of compound numbers ("fifty-four", "one-fifth").
crate::tokens::word_list!(NUMBER_WORDS = "number_words.txt");

// First parts whose compounds period print hyphenates ("self-denial", "non-existence"),
// unless the closed form is a common word ("selfish", "nonsense").
crate::tokens::word_list!(ALWAYS_HYPHENED = "always_hyphened.txt");

// First parts that make hyphenated compounds in period print ("self-sacrificing",
// "non-party", "ex-Governor"); used only when the joined form is rare or unknown.
crate::tokens::word_list!(HYPHEN_PREFIXES = "hyphen_prefixes.txt");

/// Whether `w` is one of `list`, ignoring ASCII case.
pub(crate) fn listed(list: &[&str], w: &str) -> bool {
    list.iter().any(|p| w.eq_ignore_ascii_case(p))
}

/// Whether `w` is a function word ("the", "a", "that", "and"): very common and short.
pub(crate) fn is_function_word(st: &Lm<'_>, w: &str) -> bool {
    w.chars().count() <= 4 && function_word_at(w, st.zipf(w))
}

/// [`is_function_word`] of a word whose Zipf value `z` the caller has read.
fn function_word_at(w: &str, z: f64) -> bool {
    w.chars().count() <= 4 && z >= 6.0
}

// First parts that make closed words in period print too ("wherewith", "himself",
// "forthwith", "understood") or are syllables more than words ("con-", "pro-", "inter-").
crate::tokens::word_list!(CLOSED_HEADS = "closed_heads.txt");

// Second parts that make closed words in period print too ("helpless", "manhood",
// "wholesome", "workman", "praiseworthy") or are suffixes more than words.
crate::tokens::word_list!(CLOSED_TAILS = "closed_tails.txt");

// Suffixes that the lexicon also lists as words: a part after a break that is one of them
// ends a word, however rare the whole ("rider-⏎less", "mak-⏎est", "joy-⏎full").
crate::tokens::word_list!(SUFFIXES = "closed_suffixes.txt");

/// Zipf value both parts of a period compound reach (one in 100,000 words).
const PERIOD_COMPOUND_PART_ZIPF: f64 = 4.0;
/// How much rarer (in Zipf units) than its rarer part the closed form of a period compound is.
const PERIOD_COMPOUND_GAP: f64 = 1.0;

/// Whether `left-right` is a period compound of two common words that modern print closes
/// ("sea-side", "copy-book", "fire-side", "pocket-book"): both parts are common words (not
/// syllables, affixes or function words), the joined form is far rarer than either part,
/// and the break is no doubled-consonant syllable break ("fat-ten", "bar-ring").
fn is_period_compound(
    st: &Lm<'_>,
    left: &str,
    right: &str,
    zl: f64,
    zr: f64,
    zj: f64,
) -> bool {
    content_words(left, right, zl, zr)
        && zj <= zl.min(zr) - PERIOD_COMPOUND_GAP
        && st.lexicon.flags(&format!("{left}{right}")) & crate::lexicon::flags::PERIOD == 0
}

/// Whether `left` and `right` (Zipf values `zl`, `zr`) are both common content words, as
/// the parts of a compound are: not syllables, affixes or function words, not a name
/// ("Words-worth"), and no doubled-consonant syllable break ("fat-ten", "bar-ring").
fn content_words(left: &str, right: &str, zl: f64, zr: f64) -> bool {
    zl.min(zr) >= PERIOD_COMPOUND_PART_ZIPF && compound_parts(left, right, zl, zr)
}

/// Whether `left` and `right` can be the parts of a compound: as [`content_words`], but one
/// part may be a rarer word ("prize-taker").
fn compound_parts(left: &str, right: &str, zl: f64, zr: f64) -> bool {
    let vowel = |c: char| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u');
    let seam_doubled = match (left.chars().next_back(), right.chars().next()) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(&b) && !vowel(a),
        _ => false,
    };
    left.chars().count() >= 3
        && right.chars().count() >= 3
        && !is_upper_start(left)
        && zl.min(zr) >= WORD_ZIPF
        && zl.max(zr) >= PERIOD_COMPOUND_PART_ZIPF
        && !seam_doubled
        && !listed(&CLOSED_HEADS, left)
        && !listed(&CLOSED_TAILS, right)
}

/// Whether the lexicon's hyphenated form is at least a quarter as common as the joined one.
fn lexicon_prefers_hyphen(st: &Lm<'_>, joined: &str, hyphened: &str) -> bool {
    let fh = st.freq(hyphened);
    fh > 0 && fh.saturating_mul(4) >= st.freq(joined)
}

/// A break after the last part of a hyphenated word or a possessive (`before` is the text
/// before `left` on its line): the compound keeps its hyphen, unless `left` is a fragment of
/// a common word ("to-mor-⏎row", "great-grand-⏎mother").
pub(crate) fn inner_part(st: &Lm<'_>, left: &str, right: &str, before: &str) -> Verdict {
    if !is_letters(left) || !is_letters(right) {
        return Verdict::Unsure;
    }
    if before.ends_with('-')
        && !is_function_word(st, left)
        && !is_function_word(st, right)
        && st.zipf(&format!("{left}{right}")) >= 3.0
    {
        return Verdict::Join(
            0.8,
            "line-end break inside the last part of a compound".into(),
        );
    }
    Verdict::Keep(
        0.75,
        "the last part of a hyphenated compound or a possessive".into(),
    )
}


/// Highest confidence of a join decided on the lexicon's evidence alone.
const MAX_GAIN_CONFIDENCE: f32 = 0.9;

/// Two tokens that are both common words are one word split by a stray space ("be fore",
/// "chair man", "rail way") when the lexicon's pair counts lack the pair (they know "a part",
/// "any one", "in to"), the joined word has at least this Zipf value ...
const BOTH_WORDS_ZIPF: f64 = 4.0;
/// ... and is at most this much rarer (log10) than the rarer part ...
const BOTH_WORDS_MARGIN: f64 = 0.3;
/// ... and they have this many letters together (shorter pairs are too often two words).
const BOTH_WORDS_LETTERS: usize = 6;
/// The confidence of such a join.
const BOTH_WORDS_CONFIDENCE: f32 = 0.6;

/// Whether `a b` is one word split by a stray space, with the confidence and reason.
///
/// Cost: about eight lexicon look-ups and two allocations.
pub(crate) fn split_word_verdict(st: &Lm<'_>, a: &str, b: &str) -> Option<(f32, String)> {
    split_word_verdict_with(st, a, b, || (st.lp(a), st.lp(b)), || st.freq(&format!("{a}{b}"))).ok()
}

/// Calls `f` with `a` and `b` run together, on the stack when they fit in 64 bytes.
pub(crate) fn with_joined<R>(a: &str, b: &str, f: impl FnOnce(&str) -> R) -> R {
    let n = a.len() + b.len();
    let mut buf = [0u8; 64];
    if n <= buf.len() {
        buf[..a.len()].copy_from_slice(a.as_bytes());
        buf[a.len()..n].copy_from_slice(b.as_bytes());
        // Two strings written end to end are valid UTF-8.
        if let Ok(w) = std::str::from_utf8(&buf[..n]) {
            return f(w);
        }
    }
    f(&format!("{a}{b}"))
}

/// Why [`split_word_verdict_with`] found no join: on the two words and the lexicon alone
/// (the same verdict whatever the document's counts), or also on the document's counts of
/// the joined word or the rarer part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoJoin {
    Lexicon,
    Counts,
}

/// [`split_word_verdict`] with the log probabilities of `a` and `b` from `lps` and the
/// lexicon count of the joined word from `joined` (each called only when needed): for a
/// caller that has them at hand, as the join stage has its tokens'. No join says what it
/// read ([`NoJoin`]).
pub(crate) fn split_word_verdict_with(
    st: &Lm<'_>,
    a: &str,
    b: &str,
    lps: impl FnOnce() -> (f64, f64),
    joined: impl FnOnce() -> u64,
) -> Result<(f32, String), NoJoin> {
    if b.starts_with(char::is_uppercase) && !(is_all_caps(a) && is_all_caps(b)) {
        return Err(NoJoin::Lexicon);
    }
    // (A character has at most four bytes: twenty bytes are five characters; ASCII ones
    // have one.)
    let bytes = a.len() + b.len();
    let short = if a.is_ascii() && b.is_ascii() {
        bytes < 5
    } else {
        bytes < 20 && a.chars().count() + b.chars().count() < 5
    };
    if short {
        return Err(NoJoin::Lexicon);
    }
    let (la, lb) = lps();
    let (za, zb) = (la + 9.0, lb + 9.0);
    // Two solid words ("a part", "any one", "in to") are left as they are, unless they make
    // a common word and the lexicon never saw them as a pair (see `BOTH_WORDS_ZIPF`).
    let both_words = za.min(zb) >= 3.5;
    if both_words && a.len() + b.len() < BOTH_WORDS_LETTERS {
        return Err(NoJoin::Lexicon);
    }
    let lj = st.lp_of_count(joined());
    let zj = lj + 9.0;
    if both_words {
        // Two common words the lexicon never saw as a pair, making a common word about as
        // frequent as the rarer of them ("chair man", "rail way", "be fore"). (The joined
        // word must be common in the lexicon: the document's count of it is not read.)
        if zj < BOTH_WORDS_ZIPF || lj < la.min(lb) - BOTH_WORDS_MARGIN || st.pair_lp(a, b).is_some() {
            return Err(NoJoin::Lexicon);
        }
        return Ok((
            BOTH_WORDS_CONFIDENCE,
            format!("split word: \"{a}{b}\" is a common word, \"{a} {b}\" no pair the lexicon knows"),
        ));
    }
    let dj = with_joined(a, b, |w| st.doc(w));
    if zj < 2.0 && dj == 0 {
        return Err(NoJoin::Counts);
    }
    // The rarer part used on its own elsewhere in the document is a word of this document.
    let rare = if za < zb { a } else { b };
    if st.doc(rare) >= 3 {
        return Err(NoJoin::Counts);
    }
    // As `Lm::two_words_lp`.
    let gain = lj - st.pair_lp(a, b).unwrap_or(la + lb);
    let needed = if dj > 0 { 2.0 } else { 4.0 };
    if gain < needed {
        return Err(NoJoin::Counts);
    }
    let joined = format!("{a}{b}");
    let mut conf = 0.55 + 0.08 * (gain - 4.0) as f32;
    if dj > 0 {
        conf += 0.2;
    }
    if zj < 3.0 && dj == 0 {
        conf -= 0.1;
    }
    let conf = conf.clamp(0.3, MAX_GAIN_CONFIDENCE);
    let doc = if dj > 0 {
        format!(", used {dj}x in the document")
    } else {
        String::new()
    };
    Ok((
        conf,
        format!("split word: {joined:?} is a word{doc}, {rare:?} is not"),
    ))
}


/// Whether the lowercase word `w`, unknown to the lexicon, is an old spelling of a lexicon
/// word: a final -e added ("goe", "owne"), -ie for -y ("verie"), i for j ("ioy"), y for i
/// ("voyce", "plyed"), u and v swapped ("haue", "vnto"), -'d for -ed ("look'd"), -es for
/// -s ("dayes"), a syncopated -ered or -ened ("entred", "threatned"), a single final s
/// ("busines"), -ely for -ly ("onely") or oo for ou ("foorth").
///
/// Cost: one lexicon look-up for a known word, a few more for an unknown one.
pub fn period_spelled(lexicon: &Lexicon, w: &str) -> bool {
    if w.len() < 3 || !w.chars().all(|c| c.is_ascii_lowercase() || c == '\'') {
        return false;
    }
    // Rare lexicon words count too: the lexicon keeps some old forms ("goe").
    if lexicon.freq(w) as f64 > lexicon.total() as f64 * 1e-6 {
        return false;
    }
    let known = |v: &str| v != w && lexicon.freq(v) > 0;
    if let Some(stem) = w.strip_suffix('e') {
        if stem.len() >= 2 && known(stem) {
            return true;
        }
    }
    if let Some(stem) = w.strip_suffix("ie") {
        if known(&format!("{stem}y")) {
            return true;
        }
    }
    if let Some(stem) = w.strip_suffix("es") {
        if known(&format!("{stem}s")) {
            return true;
        }
    }
    let syncope = |end: &str, full: &str| {
        w.strip_suffix(end)
            .is_some_and(|stem| stem.len() >= 2 && known(&format!("{stem}{full}")))
    };
    if syncope("red", "ered") || syncope("ned", "ened") {
        return true;
    }
    if w.len() >= 5 && w.ends_with('s') && known(&format!("{w}s")) {
        return true;
    }
    if let Some(stem) = w.strip_suffix("ely") {
        if stem.len() >= 2 && known(&format!("{stem}ly")) {
            return true;
        }
    }
    // Long words only: in short ones ("yoo", "hoose") it is as likely a misread u.
    if w.len() >= 6 && w.contains("oo") && known(&w.replacen("oo", "ou", 1)) {
        return true;
    }
    if let Some(stem) = w.strip_suffix("'d") {
        if known(&format!("{stem}ed")) || known(&format!("{stem}d")) {
            return true;
        }
    }
    let swap = |from: char, to: char| -> bool {
        w.contains(from) && {
            let v: String = w.chars().map(|c| if c == from { to } else { c }).collect();
            known(&v)
        }
    };
    swap('y', 'i') || swap('u', 'v') || swap('v', 'u') || (w.contains("io") && swap('i', 'j'))
}

// Nouns that number things ("page 1 The", "Act 1 Scene"): after one of them a lone "1" is
// the number.
crate::tokens::word_list!(pub(crate) NUMBERED = "numbered.txt");
