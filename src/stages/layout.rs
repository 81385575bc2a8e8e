//! Layout: page furniture and running text.
//!
//! [`Furniture`] removes page numbers, repeated running headers, stray one-character
//! marks and the catchword repeated across a page break, and rejoins paragraphs that a page
//! break or a stray blank line cut in the middle of a sentence. [`Reflow`] turns the line
//! breaks inside a paragraph into spaces, but keeps the lines of lists, verse and addresses.

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::edit::{Edit, EditKind};
use crate::stage::{Context, Stage};
use crate::doc::{ends_clause, Doc, Token};
use crate::tokens::{Line, Paragraph};

/// Page numbers on a line of their own: "12", "- 2 -", "Page 3", "[4]", "— iv —".
static PAGE_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:[-–—]\s*(?:\d{1,4}|[ivxlcIVXLC]{1,6})\s*[-–—]|\d{1,4}|(?i:page|p\.)\s*\d{1,4}|\[\d{1,4}\])$")
        .expect("page number pattern compiles")
});

/// Characters that, alone on a line, are a stray mark rather than text.
fn is_stray_mark(line: &str) -> bool {
    let mut chars = line.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_alphanumeric() && c != '*')
}

fn starts_lowercase(s: &str) -> bool {
    s.trim_start().chars().next().is_some_and(char::is_lowercase)
}

/// Normalises the tokens of a line for comparing running headers: whitespace collapsed, page
/// numbers (words without letters) dropped.
fn header_key(tokens: &[Token<'_>]) -> String {
    tokens.iter().map(|t| t.text).filter(|w| w.chars().any(char::is_alphabetic)).collect::<Vec<_>>().join(" ")
}

/// Why a paragraph is page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furn {
    PageNumber,
    Stray,
    Header,
    /// A one-line paragraph repeated like a header, but never next to a page number or
    /// carrying one: reported, not removed (it may be a refrain or a repeated heading).
    MaybeHeader,
}

impl Furn {
    fn describe(self) -> &'static str {
        match self {
            Furn::PageNumber => "page number",
            Furn::Stray => "stray mark",
            Furn::Header => "running header",
            Furn::MaybeHeader => "line repeated like a running header, but no page number near it",
        }
    }
}

/// Classifies one-line paragraphs as furniture.
fn classify(doc: &Doc<'_>) -> Vec<Option<Furn>> {
    let (text, ls, ps) = (doc.text, &doc.lines, &doc.paragraphs);
    let one_line = |p: &Paragraph| (p.lines.len() == 1).then(|| ls[p.lines.start].text(text).trim());
    let words = |p: &Paragraph| doc.tokens_of(&ls[p.lines.start]);
    let numeric = |p: &Paragraph| one_line(p).is_some_and(|l| PAGE_NUMBER.is_match(l));
    // Per header key: occurrences, and whether one of them shows a page break (a page
    // number in the line or in a neighbouring paragraph).
    let mut header_counts: HashMap<String, (u32, bool)> = HashMap::new();
    for (i, p) in ps.iter().enumerate() {
        if let Some(l) = one_line(p) {
            if l.len() <= 60 && l.chars().any(char::is_alphabetic) {
                let key = header_key(words(p));
                let paged = words(p).iter().any(|w| PAGE_NUMBER.is_match(w.text))
                    || (i > 0 && numeric(&ps[i - 1]))
                    || ps.get(i + 1).is_some_and(numeric);
                let entry = header_counts.entry(key).or_insert((0, false));
                entry.0 += 1;
                entry.1 |= paged;
            }
        }
    }
    ps.iter()
        .enumerate()
        .map(|(i, p)| {
            let l = one_line(p)?;
            if PAGE_NUMBER.is_match(l) {
                // A run of numbers is a table or list, not a page number.
                let table = (i > 0 && numeric(&ps[i - 1])) || ps.get(i + 1).is_some_and(numeric);
                return (!table).then_some(Furn::PageNumber);
            }
            if is_stray_mark(l) {
                return Some(Furn::Stray);
            }
            match header_counts.get(&header_key(words(p))) {
                Some(&(n, paged)) if n >= 3 && i > 0 => Some(if paged { Furn::Header } else { Furn::MaybeHeader }),
                _ => None,
            }
        })
        .collect()
}

/// The line ending used after `line` (or `\n` at the end of the text).
fn newline_of(line: &Line) -> &'static str {
    if line.newline == 2 {
        "\r\n"
    } else {
        "\n"
    }
}

/// Removes page furniture and rejoins paragraphs cut in mid-sentence.
pub struct Furniture;

impl Stage for Furniture {
    fn kinds(&self) -> &'static [EditKind] {
        &[EditKind::Furniture, EditKind::Reflow]
    }

    fn name(&self) -> &'static str {
        "furniture"
    }

    /// Page furniture is removed once, from the raw pages: the later rounds are for words.
    fn reruns(&self) -> bool {
        false
    }

    fn propose(&self, doc: &Doc<'_>, _cx: &Context<'_>, out: &mut Vec<Edit>) {
        let (text, ls, ps) = (doc.text, &doc.lines, &doc.paragraphs);
        let mut furn = classify(doc);
        // Doubtful headers are suggested on their own and otherwise treated as content.
        for (i, f) in furn.iter_mut().enumerate() {
            if *f == Some(Furn::MaybeHeader) {
                let line = &ls[ps[i].lines.start];
                let end = line.end + line.newline as usize;
                out.push(Edit::new(text, line.start..end, "", EditKind::Furniture, 0.4, Furn::MaybeHeader.describe()).with_rule("layout.maybe_header"));
                *f = None;
            }
        }
        let content: Vec<usize> = (0..ps.len()).filter(|&i| furn[i].is_none()).collect();

        // Furniture before the first or after the last content paragraph: delete its line.
        for (i, f) in furn.iter().enumerate() {
            let Some(f) = f else { continue };
            let inside = content.first().is_some_and(|&c| c < i) && content.last().is_some_and(|&c| c > i);
            if !inside {
                let line = &ls[ps[i].lines.start];
                let end = line.end + line.newline as usize;
                out.push(Edit::new(text, line.start..end, "", EditKind::Furniture, 0.95, f.describe()).with_rule("layout.furniture"));
            }
        }

        for pair in content.windows(2) {
            let (a, b) = (&ps[pair[0]], &ps[pair[1]]);
            let removed: Vec<Furn> = (pair[0] + 1..pair[1]).filter_map(|i| furn[i]).collect();
            let mut a_last = a.lines.end - 1;
            let b_first = &ls[b.lines.start];
            let b_text = b_first.text(text);
            let mut reasons: Vec<String> = removed.iter().map(|f| f.describe().to_string()).collect();
            // Catchword: a typescript repeats the next page's first word at the page foot.
            if removed.contains(&Furn::PageNumber) && a.lines.len() >= 2 {
                let last = ls[a_last].text(text).trim();
                if !last.contains(char::is_whitespace) && last.eq_ignore_ascii_case(doc.tokens_of(b_first).first().map_or("", |t| t.text)) {
                    reasons.push(format!("catchword {last:?} repeated across the page break"));
                    a_last -= 1;
                }
            }
            let a_end_line = &ls[a_last];
            let a_text = a_end_line.text(text);
            let continues = !ends_clause(a_text) && starts_lowercase(b_text);
            if !continues && removed.is_empty() {
                continue;
            }
            let nl = newline_of(a_end_line);
            let (after, confidence) = if continues {
                reasons.push("sentence continues across the break".into());
                (nl.to_string(), if removed.is_empty() { 0.8 } else { 0.95 })
            } else {
                (format!("{nl}{nl}"), 0.95)
            };
            let kind = if removed.is_empty() { EditKind::Reflow } else { EditKind::Furniture };
            let rule = if removed.is_empty() { "layout.page_break" } else { "layout.furniture" };
            out.push(Edit::new(text, a_end_line.end..b_first.start, after, kind, confidence, reasons.join("; ")).with_rule(rule));
        }
    }
}

/// Joins the lines of a paragraph into running text.
///
/// Prose paragraphs (most lines end mid-sentence, or many continue in lowercase) are
/// joined with spaces except after short lines that end a sentence (a paragraph end
/// without a blank line, or a heading). Lists, verse and addresses keep their lines
/// unless a line clearly runs on into a lowercase one.
pub struct Reflow;

impl Stage for Reflow {
    fn kinds(&self) -> &'static [EditKind] {
        &[EditKind::Reflow]
    }

    fn name(&self) -> &'static str {
        "reflow"
    }

    fn propose(&self, doc: &Doc<'_>, _cx: &Context<'_>, out: &mut Vec<Edit>) {
        let (text, ls) = (doc.text, &doc.lines);
        for p in &doc.paragraphs {
            let pl = &ls[p.lines.clone()];
            if pl.len() < 2 {
                continue;
            }
            let breaks = pl.len() - 1;
            let open_ends = pl[..breaks].iter().filter(|l| !ends_clause(l.text(text))).count();
            let lower_starts = pl[1..].iter().filter(|l| starts_lowercase(l.text(text))).count();
            let prose = open_ends * 2 >= breaks || lower_starts * 10 >= breaks * 3;
            let width = pl.iter().map(|l| l.text(text).trim_end().chars().count()).max().unwrap_or(0);
            for (l, next) in pl.iter().zip(&pl[1..]) {
                let here = l.text(text);
                let trimmed = here.trim_end();
                let gap = l.start + trimmed.len()..next.start + (next.text(text).len() - next.text(text).trim_start().len());
                if trimmed.ends_with(crate::tokens::BREAK_MARKS) {
                    // A break the de-hyphenation stage left alone: keep the hyphen, no space;
                    // but a dash before an opening quote keeps its space ("began:-- “What").
                    if trimmed.ends_with('-') && !trimmed.ends_with(" -") {
                        let quote = next.text(text).trim_start().starts_with(['“', '‘', '"']);
                        let (glue, why) = if trimmed.ends_with("--") && quote {
                            (" ", "line break after a dash, before a quotation")
                        } else {
                            ("", "line break after a hyphen")
                        };
                        out.push(Edit::new(text, gap, glue, EditKind::Reflow, 0.9, why).with_rule("layout.reflow_hyphen"));
                    }
                    continue;
                }
                let short = trimmed.chars().count() * 10 < width * 6;
                let join = if starts_lowercase(next.text(text)) && !ends_clause(trimmed) {
                    true
                } else {
                    // A finished sentence before a headline is the end of an article, however
                    // long the line that ends it (an earlier round may have joined it).
                    let headline_next = ends_clause(trimmed) && is_heading(next.text(text).trim());
                    prose && !(short && ends_clause(trimmed)) && !is_heading(trimmed) && !headline_next
                };
                if join {
                    out.push(Edit::new(text, gap, " ", EditKind::Reflow, 0.9, "line break inside a paragraph").with_rule("layout.reflow"));
                }
            }
        }
    }
}

/// An all-capitals line such as a headline.
fn is_heading(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3 && line.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Cleaner, Options};
    use crate::Lexicon;

    fn layout(text: &str) -> crate::Cleaned {
        let c = Cleaner::with_stages(Lexicon::empty(), Options::default(), vec![Box::new(Furniture), Box::new(Reflow)]);
        c.clean(text)
    }

    fn layout_only(text: &str) -> String {
        layout(text).text
    }

    #[test]
    fn page_number_and_catchword_are_dropped_and_the_sentence_rejoined() {
        let t = "in the capitalistic countries,\nthe\n\n- 2 -\n\nthe Conference outlined a number of measures.\n";
        assert_eq!(layout_only(t), "in the capitalistic countries, the Conference outlined a number of measures.\n");
    }

    #[test]
    fn page_number_between_finished_paragraphs_keeps_the_paragraph_break() {
        let t = "The work ended.\n\n12\n\nThe Conference paid attention.\n";
        assert_eq!(layout_only(t), "The work ended.\n\nThe Conference paid attention.\n");
    }

    #[test]
    fn a_dash_at_a_line_end_joins_without_a_space_except_before_a_quotation() {
        assert_eq!(layout_only("it was bad,--\nbelongs to him\n"), "it was bad,--belongs to him\n");
        assert_eq!(
            layout_only("Sir William thus began:--\n“What a charming amusement\n"),
            "Sir William thus began:-- “What a charming amusement\n"
        );
    }

    #[test]
    fn blank_line_cutting_a_sentence_is_rejoined() {
        let t = "The Congress took a definite\n\nstand on the question.\n";
        assert_eq!(layout_only(t), "The Congress took a definite stand on the question.\n");
    }

    #[test]
    fn stray_marks_and_running_headers_go() {
        let t = "THE WORKER\n\nFirst part ends.\n\n.\n\nTHE WORKER 2\n\nSecond part.\n\nTHE WORKER 3\n\nThird part.\n";
        assert_eq!(layout_only(t), "THE WORKER\n\nFirst part ends.\n\nSecond part.\n\nThird part.\n");
    }

    #[test]
    fn a_repeated_line_with_no_page_break_near_it_is_only_suggested() {
        let t = "The chairman spoke.\n\n(Applause.)\n\nThe secretary read.\n\n(Applause.)\n\nThe treasurer.\n\n(Applause.)\n\nAdjourned.\n";
        let out = layout(t);
        assert_eq!(out.text, t);
        assert_eq!(out.suggestions.iter().filter(|e| e.before == "(Applause.)\n").count(), 3, "{:?}", out.suggestions);
    }

    #[test]
    fn a_list_of_numbers_is_not_page_furniture() {
        let t = "Votes:\n\n12\n\n14\n\n9\n";
        assert_eq!(layout_only(t), t);
    }

    #[test]
    fn prose_lines_are_joined_but_lists_keep_their_lines() {
        let prose = "The country precincts of Alexander\ncounty are opposed to the Cairo and\nVincennes railroad.\n";
        assert_eq!(layout_only(prose), "The country precincts of Alexander county are opposed to the Cairo and Vincennes railroad.\n");
        let list = "Moskovskiy, Russia.\nVasilev, Russia.\nL. Bersyn, Lettland [Latvia].\nBerger, Czecho Slovakia.\n";
        assert_eq!(layout_only(list), list);
    }

    #[test]
    fn headline_and_short_paragraph_end_keep_their_breaks() {
        let t = "POLITICAL.\nNathaniel Hawthorne said that one of\nthe most terrible consequences of the war\nwould be felt.\nHob Toombs, of Georgia, who says what\nhe thinks, is to be called.\n";
        let out = layout_only(t);
        assert!(out.starts_with("POLITICAL.\nNathaniel Hawthorne said that one of the most"), "{out}");
        assert!(out.contains("would be felt.\nHob Toombs"), "{out}");
    }

    #[test]
    fn a_headline_after_a_finished_article_keeps_its_break_when_cleaned_again() {
        let t = "the birds had their nests in the old\ntower, and the trustees are offering\na reward for getting rid of\nthe pests.\n32 DEAD, 72 HURT IN\nGERMAN MINE DISASTER\nBERLIN, June 21. - Thirty-two\nminers are dead, fourteen are missing\n";
        let once = layout_only(t);
        assert!(once.contains("the pests.\n32 DEAD"), "{once}");
        assert_eq!(layout_only(&once), once);
    }

    #[test]
    fn crlf_is_kept() {
        let t = "one line\r\ncontinues here.\r\n\r\n- 3 -\r\n\r\nNext part.\r\n";
        assert_eq!(layout_only(t), "one line continues here.\r\n\r\nNext part.\r\n");
    }
}
