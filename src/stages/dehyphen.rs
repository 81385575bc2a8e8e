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
use crate::stage::{Context, Stage};
use crate::doc::Doc;
use crate::tokens::BREAK_MARKS;
use crate::words::{decide, inner_part, is_letters, Site, Verdict};

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

    /// Line-end breaks are settled once, on the raw lines: the later rounds are for words.
    fn reruns(&self) -> bool {
        false
    }

    /// Cost: one pass over the lines, a dozen lexicon look-ups per line ending in a word break.
    fn propose(&self, doc: &Doc<'_>, cx: &Context<'_>, out: &mut Vec<Edit>) {
        let st = cx.lm();
        let (text, ls) = (doc.text, &doc.lines);
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
                let first = doc.tokens_of(n).first().map_or("", |t| t.text);
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
mod tests {
    use super::*;
    use crate::lm::{Lm, UNKNOWN_LP};
    use crate::test_support::{period_lexicon, run};
    use crate::tokens::Vocab;



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
        let st = Lm::from_parts(&lex, &vocab, None);
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
