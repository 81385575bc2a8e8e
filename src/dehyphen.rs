//! Line-end de-hyphenation: words broken across a line end are rejoined, true compounds
//! keep their hyphen.
//!
//! [`Dehyphen`] runs before Reflow and sees the raw lines. For every break `left-⏎right`
//! (also `¬`, the hyphen U+2010, `⸗` and the soft hyphen U+00AD as break marks, and a break
//! where OCR lost the hyphen) it weighs the joined form against the hyphenated form:
//!
//! 1. a capitalised second part ("Anglo-⏎Saxon", "ex-⏎Governor") is a compound;
//! 2. the document's own usage ("to-day" mid-line elsewhere keeps "to-⏎day"), then the batch's;
//! 3. the lexicon's hyphenated form ("to-day" is a period form) against the joined form;
//! 4. addresses, compound numbers and "self-"/"non-" compounds keep their hyphen
//!    ("Leadenhall-⏎street", "fifty-⏎four", "non-⏎existence"); so does a hyphen beside a
//!    function word, which stands for a dash ("godliness-⏎the"), and a period compound of
//!    two common content words whose closed form is far rarer than either part
//!    ("sea-⏎side", "copy-⏎book", "fire-⏎side": modern lists close them, period print did
//!    not; affixes, function words and doubled-consonant syllable breaks are excluded:
//!    "help-⏎less", "with-⏎out", "fat-⏎ten"); otherwise a joined form the lexicon knows is
//!    rejoined ("con-⏎tained"); a lost hyphen ("dem⏎ocrats") only when a part is no word
//!    and the joined word is common, never between two whole words;
//! 5. an unknown joined form made of two words is a compound ("self-⏎sacrificing",
//!    "low-⏎browed"), unless its second part is a suffix ("rider-⏎less"); one made of
//!    fragments is rejoined with less confidence (names: "Mias-⏎nikov").
//!
//! The last part of a hyphenated word or a possessive ("half-a-⏎guinea", "Pat's-⏎moss")
//! keeps its hyphen. Typographic ligatures ("ﬁfty") are looked up as their letters.
//!
//! A rejoined break deletes the hyphen and the line break; a kept compound deletes just the
//! line break (so Reflow adds no space). The same decision (`decide`) serves the Join
//! stage for hyphens left inside flattened text ("con-tained", "circum- stances").

use crate::edit::{Edit, EditKind};
use crate::lexicon::Lexicon;
use crate::pipeline::{Context, Stage};
use crate::tokens::{lines, Vocab};

/// log10 probability given to a word the lexicon does not know.
pub(crate) const UNKNOWN_LP: f64 = -10.0;

/// Word statistics for one document: lexicon probabilities plus the document's and the
/// batch's own counts. Cheap to build (two lexicon look-ups).
pub(crate) struct WordStats<'a> {
    pub lexicon: &'a Lexicon,
    pub vocab: &'a Vocab,
    pub batch: Option<&'a Vocab>,
    total: f64,
    pair_total: f64,
}

impl<'a> WordStats<'a> {
    pub fn new(cx: &Context<'a>) -> WordStats<'a> {
        WordStats::from_parts(cx.lexicon, cx.vocab, cx.batch)
    }

    pub fn from_parts(
        lexicon: &'a Lexicon,
        vocab: &'a Vocab,
        batch: Option<&'a Vocab>,
    ) -> WordStats<'a> {
        let total = lexicon.total().max(1) as f64;
        // Pair counts may come from a corpus of another size than the word counts. "of the"
        // is about 1% of English word pairs in every large corpus, so it calibrates them.
        let of_the = lexicon.pair("of", "the") as f64;
        let pair_total = if of_the > 0.0 { of_the / 0.01 } else { total };
        WordStats {
            lexicon,
            vocab,
            batch,
            total,
            pair_total,
        }
    }

    /// log10 of the word's relative frequency in the lexicon ([`UNKNOWN_LP`] if unknown).
    /// Typographic ligatures ("ﬁfty", "oﬀice") are looked up as their letters, as every
    /// lexicon key is ([`crate::lexicon::normalize`]).
    ///
    /// Cost: one lexicon look-up.
    pub fn lp(&self, word: &str) -> f64 {
        match self.freq(word) {
            0 => UNKNOWN_LP,
            f => (f as f64 / self.total).log10(),
        }
    }

    /// The word's count in the lexicon (0 if unknown).
    pub fn freq(&self, word: &str) -> u64 {
        self.lexicon.freq(word)
    }

    /// Zipf value: log10 of occurrences per 10^9 words (about 1 for the rarest lexicon
    /// words, 3 for one in a million, 7 for "the"; [`UNKNOWN_LP`] + 9 if unknown).
    pub fn zipf(&self, word: &str) -> f64 {
        self.lp(word) + 9.0
    }

    /// log10 probability of the word pair `a b` if the lexicon knows it.
    pub fn pair_lp(&self, a: &str, b: &str) -> Option<f64> {
        match self.lexicon.pair(a, b) {
            0 => None,
            n => Some((n as f64 / self.pair_total).log10()),
        }
    }

    /// log10 probability of `a b` as two words: the pair count if known, else the product
    /// of the word probabilities.
    pub fn two_words_lp(&self, a: &str, b: &str) -> f64 {
        self.pair_lp(a, b)
            .unwrap_or_else(|| self.lp(a) + self.lp(b))
    }

    /// Occurrences of `word` in this document.
    pub fn doc(&self, word: &str) -> u32 {
        self.vocab.count(word)
    }

    /// Documents of the batch using `word` (0 without a batch).
    pub fn batch(&self, word: &str) -> u32 {
        self.batch.map_or(0, |b| b.count(word))
    }
}

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
fn lost_between_words(st: &WordStats<'_>, left: &str, right: &str, joined: &str) -> Verdict {
    if st.pair_lp(left, right).is_some() || st.zipf(joined) < WORD_ZIPF {
        return Verdict::Unsure;
    }
    let gain = st.lp(joined) - st.lp(left) - st.lp(right);
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
    st: &WordStats<'_>,
    left: &str,
    right: &str,
    site: Site,
    self_count: u32,
) -> Verdict {
    if !is_letters(left) || !is_letters(right) {
        return Verdict::Unsure;
    }
    let joined = format!("{left}{right}");
    let hyphened = format!("{left}-{right}");

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

    // 2. The document's own usage, then the batch's. A line ending with a whole word
    // before one starting with a whole word ("of⏎ten", "a⏎piece") is no broken word,
    // whatever else the document writes.
    let solid = |w: &str| st.zipf(w) >= 3.5 && (w.chars().count() > 2 || st.zipf(w) >= 5.0);
    if site == Site::LostHyphen && solid(left) && solid(right) {
        return lost_between_words(st, left, right, &joined);
    }
    let (zl, zr) = (st.zipf(left), st.zipf(right));
    let fragment = zl.min(zr) < 2.5;
    let dj = st.doc(&joined);
    let dh = st.doc(&hyphened).saturating_sub(self_count);
    // Mid-line, the hyphenated token in front of us is one vote for the compound when both
    // parts are content words ("noon-day" beside one "noonday" elsewhere is the author's
    // usage; "re-placed", "paint-ing" are former line ends); so is a hyphen standing for a
    // dash before a function word ("a man-or woman").
    let dash = is_function_word(st, right) && !is_function_word(st, left) && zl >= WORD_ZIPF;
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
            Site::LostHyphen => dj >= 2 || st.zipf(&joined) >= KNOWN_ZIPF,
            Site::MidLine | Site::Spaced => {
                !(is_function_word(st, left) || is_function_word(st, right))
                    || dj >= 2
                    || st.zipf(&joined) >= KNOWN_ZIPF
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

    let zj = st.zipf(&joined);
    // How much likelier the joined word is than the two parts as separate words.
    let gain = st.lp(&joined) - st.two_words_lp(left, right);

    // 4. A joined form the lexicon knows well is one word at a line end; mid-line only when
    // a part is no word or the joined word is far likelier than the two parts.
    // Period compounds the typesetter broke at their own hyphen: "Leadenhall-street",
    // "fifty-fourth", "non-existence", "sea-side"; and a hyphen standing for a dash before
    // or after a function word ("godliness-⏎the").
    if site == Site::LineEnd {
        let why = if listed(STREET_WORDS, right) && left.chars().count() >= 3 {
            Some(format!("{right:?} after a name: an address"))
        } else if listed(NUMBER_WORDS, left) && zr >= WORD_ZIPF && zj < COMMON_ZIPF {
            Some("a compound number".to_string())
        } else if listed(ALWAYS_HYPHENED, left) && zj < 4.0 {
            Some(format!("{left:?} compounds keep their hyphen"))
        } else if zj < COMMON_ZIPF
            && (is_function_word(st, right) && left.chars().count() >= 3 && zl >= 2.0
                || is_function_word(st, left) && !listed(CLOSED_HEADS, left) && zr >= WORD_ZIPF)
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
            return match crate::join::split_word_verdict(st, left, right) {
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
        listed(SUFFIXES, right) || listed(CLOSED_HEADS, left) && !is_function_word(st, left);
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
        && !listed(CLOSED_HEADS, left)
        && !listed(CLOSED_TAILS, right)
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

/// Second parts of addresses, hyphenated in period print ("Leadenhall-street").
const STREET_WORDS: &[&str] = &[
    "street", "st", "road", "rd", "square", "terrace", "lane", "place", "row", "mews", "gardens",
    "hill", "yard", "court", "crescent", "walk", "gate",
];

/// First parts of compound numbers ("fifty-four", "one-fifth").
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// First parts whose compounds period print hyphenates ("self-denial", "non-existence"),
/// unless the closed form is a common word ("selfish", "nonsense").
const ALWAYS_HYPHENED: &[&str] = &["self", "non", "quasi"];

/// First parts that make hyphenated compounds in period print ("self-sacrificing",
/// "non-party", "ex-Governor"); used only when the joined form is rare or unknown.
const HYPHEN_PREFIXES: &[&str] = &[
    "all", "anti", "co", "counter", "cross", "ex", "extra", "half", "ill", "inter", "mid", "neo",
    "non", "over", "post", "pre", "pro", "pseudo", "quasi", "self", "semi", "sub", "super",
    "ultra", "under", "vice", "well",
];

/// Whether `w` is one of `list`, ignoring ASCII case.
pub(crate) fn listed(list: &[&str], w: &str) -> bool {
    list.iter().any(|p| w.eq_ignore_ascii_case(p))
}

/// Whether `w` is a function word ("the", "a", "that", "and"): very common and short.
pub(crate) fn is_function_word(st: &WordStats<'_>, w: &str) -> bool {
    w.chars().count() <= 4 && st.zipf(w) >= 6.0
}

/// First parts that make closed words in period print too ("wherewith", "himself",
/// "forthwith", "understood") or are syllables more than words ("con-", "pro-", "inter-").
const CLOSED_HEADS: &[&str] = &[
    "after", "any", "auto", "be", "by", "can", "com", "con", "dis", "down", "else", "ever",
    "every", "for", "fore", "forth", "hence", "her", "here", "him", "how", "in", "inter", "it",
    "male", "mis", "my", "never", "no", "not", "one", "our", "out", "over", "para", "per", "pre",
    "pro", "some", "sub", "super", "thence", "there", "through", "to", "trans", "un", "under",
    "up", "upon", "what", "when", "where", "which", "who", "with", "your",
];

/// Second parts that make closed words in period print too ("helpless", "manhood",
/// "wholesome", "workman", "praiseworthy") or are suffixes more than words.
const CLOSED_TAILS: &[&str] = &[
    "able", "age", "body", "by", "dom", "est", "eth", "ever", "fold", "fore", "ful", "full",
    "fully", "hood", "ible", "in", "ing", "less", "man", "men", "ment", "ments", "ness", "on",
    "one", "out", "self", "selves", "ship", "some", "soever", "teen", "thing", "things", "times",
    "upon", "ward", "wards", "ways", "what", "where", "wise", "with", "woman", "women", "worthy",
];

/// Suffixes that the lexicon also lists as words: a part after a break that is one of them
/// ends a word, however rare the whole ("rider-⏎less", "mak-⏎est", "joy-⏎full").
const SUFFIXES: &[&str] = &[
    "able", "age", "dom", "est", "eth", "fold", "ful", "full", "fully", "hood", "ible", "ing",
    "less", "ment", "ments", "ness", "ship", "soever", "ward", "wards", "wise",
];

/// Zipf value both parts of a period compound reach (one in 100,000 words).
const PERIOD_COMPOUND_PART_ZIPF: f64 = 4.0;
/// How much rarer (in Zipf units) than its rarer part the closed form of a period compound is.
const PERIOD_COMPOUND_GAP: f64 = 1.0;

/// Whether `left-right` is a period compound of two common words that modern print closes
/// ("sea-side", "copy-book", "fire-side", "pocket-book"): both parts are common words (not
/// syllables, affixes or function words), the joined form is far rarer than either part,
/// and the break is no doubled-consonant syllable break ("fat-ten", "bar-ring").
fn is_period_compound(
    st: &WordStats<'_>,
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
        && !listed(CLOSED_HEADS, left)
        && !listed(CLOSED_TAILS, right)
}

/// Whether the lexicon's hyphenated form is at least a quarter as common as the joined one.
fn lexicon_prefers_hyphen(st: &WordStats<'_>, joined: &str, hyphened: &str) -> bool {
    let fh = st.freq(hyphened);
    fh > 0 && fh.saturating_mul(4) >= st.freq(joined)
}

/// A break after the last part of a hyphenated word or a possessive (`before` is the text
/// before `left` on its line): the compound keeps its hyphen, unless `left` is a fragment of
/// a common word ("to-mor-⏎row", "great-grand-⏎mother").
fn inner_part(st: &WordStats<'_>, left: &str, right: &str, before: &str) -> Verdict {
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

/// The marks OCR prints for a word broken at a line end: the hyphen-minus, the Unicode
/// hyphen U+2010, the "not" sign some engines use for a break, the double oblique hyphen
/// U+2E17 of Fraktur and the soft hyphen U+00AD.
pub(crate) const BREAK_MARKS: [char; 5] = ['-', '\u{2010}', '¬', '\u{2e17}', '\u{ad}'];

/// The break mark ending a line, if any: its byte offset and the character.
fn break_mark(line: &str) -> Option<(usize, char)> {
    let c = line.chars().next_back()?;
    BREAK_MARKS
        .contains(&c)
        .then(|| (line.len() - c.len_utf8(), c))
}

/// The word part just before `end` in `line` (letters after the last space or hyphen).
fn left_part(line: &str, end: usize) -> &str {
    let head = &line[..end];
    let start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    &head[start..]
}

/// Rejoins words broken at line ends; keeps the hyphen of compounds.
pub struct Dehyphen;

impl Stage for Dehyphen {
    fn kinds(&self) -> &'static [crate::edit::EditKind] {
        &[crate::edit::EditKind::Dehyphen]
    }

    fn name(&self) -> &'static str {
        "dehyphen"
    }

    /// Cost: one pass over the lines, a dozen lexicon look-ups per line ending in a word break.
    fn propose(&self, text: &str, cx: &Context<'_>, out: &mut Vec<Edit>) {
        let st = WordStats::new(cx);
        let ls = lines(text);
        for pair in ls.windows(2) {
            let (l, n) = (&pair[0], &pair[1]);
            if l.newline == 0 {
                continue;
            }
            let here = l.text(text).trim_end();
            let next_full = n.text(text);
            let next = next_full.trim_start();
            if here.is_empty() || next.is_empty() {
                continue;
            }
            let right_start = n.start + (next_full.len() - next.len());
            let right_len = next
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(next.len());
            let right = &next[..right_len];
            if right.is_empty() {
                continue;
            }
            // A right part followed by digits or more letters after an apostrophe is fine; one
            // glued to digits ("ob1") is not a word part.
            if next[right_len..].starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let (mark_at, mark, site) = match break_mark(here) {
                Some((at, c)) => (at, Some(c), Site::LineEnd),
                None => (here.len(), None, Site::LostHyphen),
            };
            let left = left_part(here, mark_at);
            if left.is_empty() {
                continue;
            }
            let before_left = &here[..mark_at - left.len()];
            if site == Site::LostHyphen {
                // The whole last token must be the fragment, and the next line must go on in
                // lowercase with the fragment as its whole first token (punctuation after it allowed).
                let first = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
                let after_right = &first[right_len..];
                if !(before_left.is_empty() || before_left.ends_with(char::is_whitespace))
                    || !right.starts_with(char::is_lowercase)
                    || !after_right.chars().all(|c| {
                        matches!(
                            c,
                            ',' | '.' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '’' | '”'
                        )
                    })
                {
                    continue;
                }
            } else if before_left.ends_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let mark_pos = l.start + mark_at;
            let gap_start = l.start + here.len();
            if mark == Some('\u{ad}') {
                // A soft hyphen is by definition a break inside a word.
                out.push(Edit::new(
                    text,
                    mark_pos..right_start,
                    "",
                    EditKind::Dehyphen,
                    0.98,
                    "soft hyphen at a line end",
                )
                .with_rule("dehyphen.soft_hyphen"));
                continue;
            }
            // The last part of a hyphenated compound ("half-a-⏎guinea", "forget-me-⏎nots") or a
            // possessive ("Pat's-⏎moss") is no syllable: the compound goes on.
            // ... and so does the first part of one that goes on after the break
            // ("Mont-⏎le-Grand", "mother-⏎in-law").
            let goes_on = {
                let mut after = next[right_len..].chars();
                after.next() == Some('-') && after.next().is_some_and(char::is_alphabetic)
            };
            let verdict = if site == Site::LineEnd && before_left.ends_with(['-', '\'', '’']) {
                inner_part(&st, left, right, before_left)
            } else if site == Site::LineEnd && goes_on && is_letters(left) {
                Verdict::Keep(0.75, "the first parts of a hyphenated compound".into())
            } else {
                decide(&st, left, right, site, 0)
            };
            match verdict {
                Verdict::Join(c, why) => {
                    out.push(Edit::new(
                        text,
                        mark_pos..right_start,
                        "",
                        EditKind::Dehyphen,
                        c,
                        why,
                    )
                    .with_rule("dehyphen.join"));
                }
                Verdict::Keep(c, why) => {
                    let reason = format!("compound kept: {why}");
                    // A printed hyphen stays as it is; a break mark becomes one.
                    if matches!(mark, Some('-' | '\u{2010}')) {
                        out.push(Edit::new(
                            text,
                            gap_start..right_start,
                            "",
                            EditKind::Dehyphen,
                            c,
                            reason,
                        )
                        .with_rule("dehyphen.compound"));
                    } else {
                        out.push(Edit::new(
                            text,
                            mark_pos..right_start,
                            "-",
                            EditKind::Dehyphen,
                            c,
                            reason,
                        )
                        .with_rule("dehyphen.compound"));
                    }
                }
                Verdict::Unsure => {}
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pipeline::{Cleaner, Options};

    /// A small lexicon with counts per 10^9 words close to wordfreq's English figures
    /// (Zipf value = log10 of that count), and a few word pairs.
    pub(crate) fn period_lexicon() -> Lexicon {
        let zipf: &[(&str, f64)] = &[
            ("the", 7.7),
            ("of", 7.4),
            ("and", 7.4),
            ("a", 7.4),
            ("to", 7.4),
            ("in", 7.3),
            ("is", 7.0),
            ("was", 6.8),
            ("so", 6.5),
            ("it", 7.0),
            ("that", 7.0),
            ("which", 6.3),
            ("had", 6.5),
            ("king", 5.2),
            ("extensive", 4.5),
            ("contained", 4.5),
            ("russian", 5.0),
            ("russ", 3.2),
            ("rus", 3.1),
            ("sian", 2.7),
            ("con", 4.3),
            ("tained", 1.2),
            ("self", 4.6),
            ("sacrificing", 3.3),
            ("non", 4.4),
            ("party", 5.2),
            ("today", 5.5),
            ("day", 5.6),
            ("to-day", 5.2),
            ("north", 5.0),
            ("east", 5.0),
            ("northeast", 4.1),
            ("examination", 4.6),
            ("exa", 2.1),
            ("apprehended", 3.2),
            ("ap", 4.4),
            ("instrumental", 4.1),
            ("instru", 1.5),
            ("mental", 4.8),
            ("hudson", 4.0),
            ("hud", 3.3),
            ("son", 5.3),
            ("cleckheaton", 1.4),
            ("heaton", 2.9),
            ("counter", 4.5),
            ("revolutionary", 4.7),
            ("counterrevolutionary", 2.5),
            ("street", 5.3),
            ("hereof", 2.6),
            ("democrats", 5.0),
            ("dem", 3.9),
            ("obtained", 4.5),
            ("ob", 3.4),
            ("circumstances", 4.9),
            ("circum", 1.9),
            ("stances", 3.0),
            ("stance", 3.9),
            ("anglo", 3.7),
            ("saxon", 3.9),
            ("anglosaxon", 1.2),
            ("part", 5.5),
            ("apart", 4.9),
            ("about", 6.2),
            ("government", 5.5),
            ("govern", 3.9),
            ("ment", 3.1),
            ("some", 6.0),
            ("thing", 5.2),
            ("something", 5.6),
            ("emigration", 3.8),
            ("workers", 5.0),
            ("interpretation", 4.5),
            ("lovely", 4.9),
            ("fine", 5.2),
            ("morning", 5.2),
            ("we", 6.6),
            ("went", 5.5),
            ("out", 6.4),
            ("kings", 4.5),
            ("ask", 5.4),
            ("askin", 1.5),
            ("with", 7.0),
            ("great", 5.7),
            ("care", 5.4),
            ("lead", 5.1),
            ("leadenhall", 1.8),
            ("hall", 4.8),
            ("en", 4.9),
            ("soon", 5.2),
            ("one", 6.4),
            ("hear", 5.0),
            ("he", 6.6),
            ("are", 6.6),
            ("as", 6.9),
            ("you", 6.8),
            ("shall", 5.4),
            ("wonder", 4.5),
            ("full", 5.7),
            ("wonderful", 4.9),
            ("under", 5.6),
            ("sea", 5.0),
            ("side", 5.4),
            ("seaside", 3.6),
            ("existence", 4.6),
            ("nonexistence", 2.4),
            ("sense", 5.1),
            ("nonsense", 4.2),
            ("good", 6.0),
            ("bar", 4.9),
            ("gain", 4.6),
            ("bargain", 3.9),
            ("be", 6.6),
            ("praised", 3.9),
            ("paying", 4.4),
            ("pain", 4.9),
            ("relief", 4.6),
            ("often", 5.5),
            ("ten", 5.3),
            ("seventy", 4.0),
            ("six", 5.2),
            ("clothing", 4.3),
            ("underclothing", 1.2),
            ("copy", 5.0),
            ("book", 5.6),
            ("pocket", 4.7),
            ("pocketbook", 2.7),
            ("fire", 5.3),
            ("fireside", 2.9),
            ("without", 5.7),
            ("help", 5.9),
            ("less", 5.5),
            ("helpless", 3.6),
            ("fat", 4.9),
            ("fatten", 2.5),
            ("godliness", 2.8),
            ("office", 5.5),
            ("woe", 3.3),
            ("spear", 3.9),
            ("half", 5.6),
            ("guinea", 3.5),
            ("forget", 5.2),
            ("me", 6.6),
            ("nots", 1.5),
            ("pat", 4.2),
            ("moss", 3.8),
            ("mor", 3.2),
            ("row", 4.7),
            ("morrow", 3.6),
            ("fifty", 4.3),
            ("fourth", 4.8),
            ("low", 5.2),
            ("browed", 1.8),
            ("seventeen", 3.9),
            ("teen", 3.7),
            ("noon", 4.2),
            ("noonday", 2.6),
            ("placed", 4.7),
            ("replaced", 4.6),
            ("re", 4.8),
            ("man", 5.7),
            ("manor", 3.9),
            ("or", 6.7),
            ("rations", 3.5),
            ("rider", 4.0),
            ("joy", 4.5),
            ("joyfull", 1.2),
            ("considerations", 4.5),
            ("before", 6.1),
            ("fore", 3.6),
            ("chair", 4.6),
            ("chairman", 4.4),
            ("fairy", 3.9),
            ("land", 5.2),
            ("fairyland", 2.4),
        ];
        let counts: Vec<(&str, u64)> = zipf
            .iter()
            .map(|&(w, z)| (w, 10f64.powf(z) as u64))
            .collect();
        // The rest of a 10^9-word corpus, so that frequencies come out as in wordfreq.
        let rest = 1_000_000_000 - counts.iter().map(|c| c.1).sum::<u64>();
        let mut lex = Lexicon::empty();
        lex.add_layer(
            counts.into_iter().chain([("<rest of the corpus>", rest)]),
            [
                ("of", "the", 80_000_000u64),
                ("a", "part", 900_000),
                ("so", "extensive", 3_000),
                ("king", "was", 9_000),
                ("some", "thing", 300_000),
                ("of", "ten", 50_000),
            ],
        );
        lex
    }

    pub(crate) fn run(stage: Box<dyn Stage>, lex: Lexicon, text: &str) -> crate::pipeline::Cleaned {
        Cleaner::with_stages(lex, Options::default(), vec![stage]).clean(text)
    }

    fn dehyphen(text: &str) -> String {
        run(Box::new(Dehyphen), period_lexicon(), text).text
    }

    #[test]
    fn soft_breaks_are_rejoined() {
        assert_eq!(
            dehyphen("which con-\ntained the following"),
            "which contained the following"
        );
        assert_eq!(
            dehyphen("the Rus-\nsian trade unions"),
            "the Russian trade unions"
        );
        assert_eq!(
            dehyphen("the Rus-\r\nsian unions\r\n"),
            "the Russian unions\r\n"
        );
    }

    #[test]
    fn compounds_keep_their_hyphen_without_a_line_break() {
        assert_eq!(
            dehyphen("devoted and self-\nsacrificing revolutionists"),
            "devoted and self-sacrificing revolutionists"
        );
        assert_eq!(
            dehyphen("a mass non-\nparty class organization"),
            "a mass non-party class organization"
        );
        assert_eq!(dehyphen("the Anglo-\nSaxon race"), "the Anglo-Saxon race");
        assert_eq!(dehyphen("in seventy-\nsix days"), "in seventy-six days");
        assert_eq!(
            dehyphen("in Leadenhall-\nstreet yesterday"),
            "in Leadenhall-street yesterday"
        );
        assert_eq!(dehyphen("the non-\nexistence of"), "the non-existence of");
        // ... but a common closed word is rejoined.
        assert_eq!(dehyphen("talk non-\nsense"), "talk nonsense");
        assert_eq!(dehyphen("a good bar-\ngain"), "a good bargain");
        let c = run(Box::new(Dehyphen), period_lexicon(), "self-\nsacrificing");
        assert_eq!(c.edits.len(), 1);
        assert_eq!(c.edits[0].before, "\n");
        assert!(
            c.edits[0].reason.starts_with("compound kept"),
            "{}",
            c.edits[0].reason
        );
    }

    #[test]
    fn the_documents_own_usage_decides_a_compound() {
        // "today" is the commoner form in the lexicon, but this document writes "to-day".
        let t = "It is to-day that we meet.\nWe met to-\nday and to-morrow.";
        assert_eq!(
            dehyphen(t),
            "It is to-day that we meet.\nWe met to-day and to-morrow."
        );
        // Here the document writes "northeast", so the break is rejoined.
        let t = "The wind was northeast all night.\nIt blew north-\neast again.";
        assert!(dehyphen(t).contains("blew northeast again"));
        // Without evidence the lexicon's period form "to-day" keeps the hyphen too.
        assert_eq!(dehyphen("we met to-\nday"), "we met to-day");
    }

    #[test]
    fn period_compounds_of_two_common_words_keep_their_hyphen() {
        // Modern print closes them ("pocketbook", "fireside"), the period hyphenated them.
        assert_eq!(dehyphen("his pocket-\nbook and"), "his pocket-book and");
        assert_eq!(dehyphen("by the fire-\nside and"), "by the fire-side and");
        assert_eq!(dehyphen("and low-\nbrowed caves"), "and low-browed caves");
        // Affixes, function words and doubled-consonant syllable breaks make closed words.
        assert_eq!(dehyphen("went with-\nout it"), "went without it");
        assert_eq!(dehyphen("quite help-\nless now"), "quite helpless now");
        assert_eq!(dehyphen("to fat-\nten them"), "to fatten them");
        assert_eq!(dehyphen("in seven-\nteen days"), "in seventeen days");
        // ... also when the closed word is rare or unknown: a suffix ends a word.
        assert_eq!(
            dehyphen("gallop rider-\nless across"),
            "gallop riderless across"
        );
        assert_eq!(dehyphen("right joy-\nfull that"), "right joyfull that");
    }

    #[test]
    fn a_hyphen_beside_a_function_word_is_a_dash() {
        assert_eq!(
            dehyphen("not godliness-\nthe office"),
            "not godliness-the office"
        );
        assert_eq!(dehyphen("the spear and-\nwoe to"), "the spear and-woe to");
    }

    #[test]
    fn the_last_part_of_a_compound_or_a_possessive_keeps_its_hyphen() {
        assert_eq!(
            dehyphen("price half-a-\nguinea in"),
            "price half-a-guinea in"
        );
        assert_eq!(dehyphen("aerial forget-me-\nnots"), "aerial forget-me-nots");
        assert_eq!(dehyphen("the bog Pat's-\nmoss"), "the bog Pat's-moss");
        assert_eq!(dehyphen("James, Mont-\nle-Grand"), "James, Mont-le-Grand");
        // ... but a syllable of a word inside the compound is rejoined.
        assert_eq!(dehyphen("see you to-mor-\nrow"), "see you to-morrow");
    }

    #[test]
    fn ligatures_are_looked_up_as_letters() {
        let (lex, vocab) = (period_lexicon(), Vocab::default());
        let st = WordStats::from_parts(&lex, &vocab, None);
        assert_eq!(st.lp("\u{fb01}fty"), st.lp("fifty"));
        assert!(st.lp("\u{fb01}fty") > UNKNOWN_LP);
        assert_eq!(
            dehyphen("in his \u{fb01}fty-\nfourth year"),
            "in his \u{fb01}fty-fourth year"
        );
    }

    #[test]
    fn break_marks_soft_hyphens_and_lost_hyphens() {
        assert_eq!(dehyphen("which con¬\ntained it"), "which contained it");
        assert_eq!(dehyphen("which con\u{ad}\ntained it"), "which contained it");
        // The Unicode hyphen and the double oblique hyphen break words too; a compound keeps
        // the hyphen as printed.
        assert_eq!(
            dehyphen("which con\u{2010}\ntained it"),
            "which contained it"
        );
        assert_eq!(
            dehyphen("which con\u{2e17}\ntained it"),
            "which contained it"
        );
        assert_eq!(
            dehyphen("a self\u{2010}\nsacrificing man"),
            "a self\u{2010}sacrificing man"
        );
        assert_eq!(
            dehyphen("a self\u{2e17}\nsacrificing man"),
            "a self-sacrificing man"
        );
        assert_eq!(dehyphen("the dem\nocrats won"), "the democrats won");
        assert_eq!(dehyphen("he ob\ntained it"), "he obtained it");
        // A rarer word, supported as a split word: "ap" is no part of a sentence here.
        assert_eq!(
            dehyphen("the man was ap\nprehended."),
            "the man was apprehended."
        );
        assert_eq!(dehyphen("he was exa\nmination"), "he was examination");
        // A line ending with a word is left alone even when the join would be a word, if the
        // lexicon knows the two words as a pair ...
        assert_eq!(dehyphen("a\npart of it"), "a\npart of it");
        assert_eq!(dehyphen("some\nthing else"), "some\nthing else");
        // ... even where the document writes the joined word elsewhere ...
        let t = "He was often there. A child of\nten years old.";
        assert_eq!(dehyphen(t), t);
        // ... or if the joined word is rare.
        assert_eq!(dehyphen("a fairy\nland of old"), "a fairy\nland of old");
        // Two common words no list pairs, making a common word: a lost hyphen.
        assert_eq!(
            dehyphen("That was be\nfore the war."),
            "That was before the war."
        );
        assert_eq!(dehyphen("with a chair\nman who"), "with a chairman who");
    }

    #[test]
    fn dashes_numbers_and_blank_lines_are_not_breaks() {
        for t in [
            "the work -\nand more",
            "in 1917-\n1923 they",
            "the work--\nand",
            "con-\n\ntained",
            "con-\n- 2 -",
        ] {
            assert_eq!(dehyphen(t), t);
        }
    }

    #[test]
    fn unknown_words_of_fragments_are_rejoined_with_less_confidence() {
        let c = run(Box::new(Dehyphen), period_lexicon(), "to Mias-\nnikov and");
        assert_eq!(c.text, "to Miasnikov and");
        assert!(c.edits[0].confidence < 0.8);
    }

    #[test]
    fn spans_stay_on_char_boundaries_with_utf8() {
        let t = "café¬\nbar — é-\nété";
        let c = run(Box::new(Dehyphen), period_lexicon(), t);
        assert_eq!(crate::edit::apply(t, &c.edits).unwrap(), c.text);
    }
}
