//! `scanno clean --format html`: one self-contained HTML page per run (inline CSS and
//! script, no network), each document with its changes marked inline and coloured by kind,
//! a tooltip with confidence, reason and alternatives, a table of every change, filters by
//! kind, and a summary by kind and confidence band.
//!
//! The page is streamed: documents are written as they are cleaned and the summary comes
//! last in the file (the stylesheet shows it first), so memory does not grow with the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use scanno::{Cleaned, Edit, EditKind, Error};

use crate::{files, report};

/// Confidence bands of the summary, highest first: (lower bound, label).
const BANDS: [(f32, &str); 4] = [
    (0.95, "≥ 0.95"),
    (0.8, "0.80–0.95"),
    (0.5, "0.50–0.80"),
    (0.0, "< 0.50"),
];

/// Per kind: background tint and strong colour.
fn colours(kind: EditKind) -> (&'static str, &'static str) {
    match kind {
        EditKind::Furniture => ("#eadcf2", "#7d3c98"),
        EditKind::Reflow => ("#eceff1", "#78909c"),
        EditKind::Dehyphen => ("#d6eaf8", "#2471a3"),
        EditKind::Join => ("#d1f2eb", "#138d75"),
        EditKind::Split => ("#fdebd0", "#ca6f1e"),
        EditKind::Column => ("#fadbd8", "#b03a2e"),
        EditKind::Correction => ("#fcf3cf", "#b7950b"),
    }
}

/// Counts for the summary.
#[derive(Default)]
struct Counts {
    applied: usize,
    suggested: usize,
    bands: [usize; BANDS.len()],
}

/// A report being written.
pub struct Report {
    out: Box<dyn Write>,
    /// With `--report FILE`: the temporary file to rename onto FILE at the end.
    target: Option<(tempfile::TempPath, PathBuf)>,
    by_kind: BTreeMap<EditKind, Counts>,
    /// Name, applied edits and suggestions of each document, for the index.
    docs: Vec<(String, usize, usize)>,
}

impl Report {
    /// Starts a report on standard output, or in `path` (written atomically on [`Report::finish`]).
    pub fn create(path: Option<&Path>) -> Result<Report, Error> {
        match path {
            None => Report::new(Box::new(BufWriter::new(io::stdout()))),
            Some(path) => {
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let tmp =
                    tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::from(e).at(dir))?;
                let (file, temp_path): (File, tempfile::TempPath) = tmp.into_parts();
                let mut r = Report::new(Box::new(BufWriter::new(file)))?;
                r.target = Some((temp_path, path.to_path_buf()));
                Ok(r)
            }
        }
    }

    /// Starts a report written to `out`.
    pub fn new(mut out: Box<dyn Write>) -> Result<Report, Error> {
        out.write_all(head().as_bytes())?;
        Ok(Report {
            out,
            target: None,
            by_kind: BTreeMap::new(),
            docs: Vec::new(),
        })
    }

    /// Adds one cleaned document. Cost: linear in the document and its edits.
    pub fn document(&mut self, name: &str, input: &str, cleaned: &Cleaned) -> Result<(), Error> {
        let n = self.docs.len() + 1;
        for (e, suggested) in cleaned
            .edits
            .iter()
            .map(|e| (e, false))
            .chain(cleaned.suggestions.iter().map(|e| (e, true)))
        {
            let c = self.by_kind.entry(e.kind).or_default();
            if suggested {
                c.suggested += 1;
            } else {
                c.applied += 1;
            }
            let band = BANDS
                .iter()
                .position(|(low, _)| e.confidence >= *low)
                .unwrap_or(BANDS.len() - 1);
            c.bands[band] += 1;
        }
        self.docs.push((
            name.to_string(),
            cleaned.edits.len(),
            cleaned.suggestions.len(),
        ));
        let html = render_document(n, name, input, cleaned);
        self.out.write_all(html.as_bytes())?;
        Ok(())
    }

    /// Writes the summary and closes the page (and renames it onto `--report FILE`).
    pub fn finish(mut self) -> Result<(), Error> {
        let tail = self.summary();
        self.out.write_all(tail.as_bytes())?;
        self.out.flush()?;
        drop(self.out);
        if let Some((tmp, path)) = self.target.take() {
            files::persist(tmp, &path)?;
        }
        Ok(())
    }

    fn summary(&self) -> String {
        let mut s = String::new();
        s.push_str("</main>\n<section id=\"summary\">\n<h2>Summary</h2>\n");
        let (applied, suggested) = self
            .docs
            .iter()
            .fold((0, 0), |(a, b), d| (a + d.1, b + d.2));
        let _ = writeln!(
            s,
            "<p>{} document{}: {applied} change{} applied, {suggested} suggestion{} (not applied).</p>",
            self.docs.len(),
            report::plural(self.docs.len()),
            report::plural(applied),
            report::plural(suggested)
        );
        s.push_str(
            "<table class=\"summary\">\n<thead><tr><th>kind</th><th>applied</th><th>suggested</th>",
        );
        for (_, label) in BANDS {
            let _ = write!(s, "<th>{}</th>", escape(label));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        let mut total = Counts::default();
        for (kind, c) in &self.by_kind {
            let _ = write!(s, "<tr class=\"k-{kind}\"><td><span class=\"swatch\"></span>{kind}</td><td>{}</td><td>{}</td>", c.applied, c.suggested);
            for (i, b) in c.bands.iter().enumerate() {
                let _ = write!(s, "<td>{b}</td>");
                total.bands[i] += b;
            }
            s.push_str("</tr>\n");
            total.applied += c.applied;
            total.suggested += c.suggested;
        }
        let _ = write!(
            s,
            "<tr class=\"total\"><td>all</td><td>{}</td><td>{}</td>",
            total.applied, total.suggested
        );
        for b in total.bands {
            let _ = write!(s, "<td>{b}</td>");
        }
        s.push_str("</tr>\n</tbody>\n</table>\n");
        s.push_str("<details class=\"index\"><summary>Documents</summary>\n<table>\n<thead><tr><th>document</th><th>applied</th><th>suggested</th></tr></thead>\n<tbody>\n");
        for (i, (name, a, b)) in self.docs.iter().enumerate() {
            let _ = writeln!(
                s,
                "<tr><td><a href=\"#doc-{}\">{}</a></td><td>{a}</td><td>{b}</td></tr>",
                i + 1,
                escape(name)
            );
        }
        s.push_str("</tbody>\n</table>\n</details>\n</section>\n");
        s.push_str(SCRIPT);
        s.push_str("</body>\n</html>\n");
        s
    }
}


/// The page up to the first document: styles, title, filters.
fn head() -> String {
    let mut css = String::from(CSS);
    for kind in EditKind::ALL {
        let (tint, strong) = colours(kind);
        let _ = writeln!(
            css,
            ".k-{kind} {{ --tint: {tint}; --strong: {strong}; }}\n\
             .hide-{kind} .e.k-{kind} ins, .hide-{kind} .e.k-{kind} .nl, .hide-{kind} table.edits tr.k-{kind} {{ display: none; }}\n\
             .hide-{kind} .e.k-{kind} {{ background: none; border: none; }}\n\
             .hide-{kind} .e.k-{kind} del .raw {{ display: inline; }}\n\
             .hide-{kind} .e.k-{kind} del {{ text-decoration: none; color: inherit; }}"
        );
    }
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<meta name=\"generator\" content=\"scanno {}\">",
        env!("CARGO_PKG_VERSION")
    );
    s.push_str("<title>scanno report</title>\n<style>\n");
    s.push_str(&css);
    s.push_str("</style>\n</head>\n<body>\n<header id=\"top\">\n<h1>scanno report</h1>\n");
    s.push_str("<p class=\"help\">Struck-through text is removed, bold text inserted. Hover over a change for its confidence, reason and alternatives. Dashed outlines are suggestions below the confidence threshold: not applied.</p>\n");
    s.push_str("<form id=\"filters\">\n<span class=\"label\">Show:</span>\n");
    for kind in EditKind::ALL {
        let _ = writeln!(s, "<label class=\"k-{kind}\"><input type=\"checkbox\" value=\"{kind}\" checked> <span class=\"swatch\"></span>{kind}</label>");
    }
    s.push_str("<label class=\"sugg\"><input type=\"checkbox\" value=\"suggestion\" checked> suggestions</label>\n</form>\n</header>\n<main id=\"docs\">\n");
    s
}

/// One document: heading, the text with changes inline, the table of changes.
fn render_document(n: usize, name: &str, input: &str, cleaned: &Cleaned) -> String {
    let mut s = String::with_capacity(
        input.len() * 2 + 200 * (cleaned.edits.len() + cleaned.suggestions.len()),
    );
    let _ = writeln!(
        s,
        "<section class=\"doc\" id=\"doc-{n}\">\n<h2>{}</h2>",
        escape(name)
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">{} change{} applied, {} suggestion{}; {} → {} bytes</p>",
        cleaned.edits.len(),
        report::plural(cleaned.edits.len()),
        cleaned.suggestions.len(),
        report::plural(cleaned.suggestions.len()),
        input.len(),
        cleaned.text.len()
    );
    // Inline: every applied edit, and the suggestions that do not overlap anything shown.
    let mut shown: Vec<(&Edit, bool)> = cleaned.edits.iter().map(|e| (e, false)).collect();
    for sug in &cleaned.suggestions {
        let free = shown.iter().all(|(e, _)| {
            !(sug.span.start < e.span.end && e.span.start < sug.span.end) && e.span != sug.span
        });
        if free && input.get(sug.span.clone()) == Some(sug.before.as_str()) {
            shown.push((sug, true));
        }
    }
    shown.sort_by_key(|(e, sug)| (e.span.start, e.span.end, *sug));
    s.push_str("<pre class=\"text\">");
    let mut at = 0;
    for (e, sug) in shown {
        if e.span.start < at || input.get(e.span.clone()).is_none() {
            continue;
        }
        s.push_str(&escape(&input[at..e.span.start]));
        let _ = write!(
            s,
            "<span class=\"e{} k-{}\" data-span=\"{}-{}\" title=\"{}\">",
            if sug { " s" } else { "" },
            e.kind,
            e.span.start,
            e.span.end,
            escape(&tooltip(e, sug))
        );
        if !e.before.is_empty() {
            s.push_str("<del>");
            push_visible(&mut s, &e.before, Shown::Removed);
            s.push_str("</del>");
        }
        if !e.after.is_empty() {
            s.push_str("<ins>");
            push_visible(&mut s, &e.after, Shown::Inserted);
            s.push_str("</ins>");
        }
        s.push_str("</span>");
        at = e.span.end;
    }
    s.push_str(&escape(&input[at..]));
    s.push_str("</pre>\n");
    // The table of every change.
    let all = cleaned.edits.len() + cleaned.suggestions.len();
    if all > 0 {
        let _ = writeln!(
            s,
            "<details class=\"changes\"><summary>All {all} change{}</summary>",
            report::plural(all)
        );
        s.push_str("<table class=\"edits\">\n<thead><tr><th>line:col</th><th>kind</th><th>confidence</th><th>before</th><th>after</th><th>why</th><th>or</th></tr></thead>\n<tbody>\n");
        let lines = report::Lines::of(input);
        for (e, sug) in cleaned
            .edits
            .iter()
            .map(|e| (e, false))
            .chain(cleaned.suggestions.iter().map(|e| (e, true)))
        {
            let (l, c) = lines.line_col(e.span.start);
            let _ = write!(
                s,
                "<tr class=\"k-{}{}\" data-span=\"{}-{}\"><td>{l}:{c}</td><td><span class=\"swatch\"></span>{}{}</td><td>{:.2}</td><td><code>",
                e.kind,
                if sug { " s" } else { "" },
                e.span.start,
                e.span.end,
                e.kind,
                if sug { " (suggestion)" } else { "" },
                e.confidence
            );
            push_visible(&mut s, &e.before, Shown::Listed);
            s.push_str("</code></td><td><code>");
            push_visible(&mut s, &e.after, Shown::Listed);
            let _ = writeln!(
                s,
                "</code></td><td>{}</td><td>{}</td></tr>",
                escape(&e.reason),
                escape(&e.alternatives.join(", "))
            );
        }
        s.push_str("</tbody>\n</table>\n</details>\n");
    }
    s.push_str("</section>\n");
    s
}

/// The hover text of a change.
fn tooltip(e: &Edit, suggested: bool) -> String {
    let mut t = format!(
        "{} ({}){} · confidence {:.2}\nwhy: {}",
        e.kind,
        e.rule,
        if suggested {
            " (suggestion, not applied)"
        } else {
            ""
        },
        e.confidence,
        e.reason
    );
    if !e.alternatives.is_empty() {
        let _ = write!(t, "\nor: {}", e.alternatives.join(", "));
    }
    t
}

/// Where a before or after text is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Inline, struck through: line breaks and blanks show as `↵`, `␣` (the page reads in the
    /// cleaned layout), with the real characters beside them, hidden, for when the reader
    /// filters this kind out and the original text must read as it was.
    Removed,
    /// Inline, inserted: a line break shows as `↵` and also breaks the line.
    Inserted,
    /// In the table of changes: symbols only.
    Listed,
}

/// Escapes `text` and makes line breaks and whitespace-only changes visible (`↵`, `␣`).
fn push_visible(s: &mut String, text: &str, shown: Shown) {
    let blank = text.chars().all(char::is_whitespace);
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            s.push_str(match shown {
                Shown::Removed => "<span class=\"nl\">↵</span><span class=\"raw\">\n</span>",
                Shown::Inserted => "<span class=\"nl\">↵</span>\n",
                Shown::Listed => "<span class=\"nl\">↵</span>",
            });
        }
        if blank && !piece.is_empty() {
            let symbols = piece.replace(' ', "␣").replace('\t', "⇥");
            if shown == Shown::Removed {
                let _ = write!(
                    s,
                    "<span class=\"nl\">{symbols}</span><span class=\"raw\">{piece}</span>"
                );
            } else {
                s.push_str(&symbols);
            }
        } else {
            s.push_str(&escape(piece));
        }
    }
}

/// Escapes text for HTML content and attribute values. Control characters that HTML does not
/// allow become their visible symbols (U+2400 block); line breaks in attributes stay line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if ('\u{80}'..='\u{9f}').contains(&c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { font-family: Georgia, "Times New Roman", serif; color: #222; background: #fdfcf8; }
body { margin: 0 auto; max-width: 70rem; padding: 1rem 2rem; display: flex; flex-direction: column; }
header { order: -2; }
#summary { order: -1; border-bottom: 1px solid #ccc; margin-bottom: 1rem; }
main { order: 0; }
h1 { font-size: 1.5rem; margin: 0.3rem 0; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.3rem; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.help, .meta { color: #555; font-size: 0.9rem; margin: 0.2rem 0; }
#filters { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; font-family: system-ui, sans-serif; font-size: 0.9rem; margin: 0.6rem 0; position: sticky; top: 0; background: #fdfcf8; padding: 0.3rem 0; }
#filters .label { font-weight: bold; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; border-radius: 2px; background: var(--tint, #eee); border: 1px solid var(--strong, #999); vertical-align: -0.05em; }
table { border-collapse: collapse; font-family: system-ui, sans-serif; font-size: 0.85rem; margin: 0.4rem 0; }
th, td { border: 1px solid #ddd; padding: 0.15rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0eee6; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "Times New Roman", serif; font-size: 1rem; line-height: 1.5; background: #fff; border: 1px solid #e4e1d6; padding: 0.8rem 1rem; margin: 0.3rem 0; }
.e { background: var(--tint); border-bottom: 2px solid var(--strong); border-radius: 2px; cursor: help; }
.e.s { background: none; outline: 1px dashed var(--strong); border-bottom: none; }
.e del { color: #a33; text-decoration: line-through; text-decoration-color: #a33; }
.e ins { text-decoration: none; font-weight: bold; color: #1d5e20; }
.e .nl { color: var(--strong); font-weight: normal; }
.hide-suggestion .e.s ins, .hide-suggestion .e.s .nl, .hide-suggestion table.edits tr.s { display: none; }
.hide-suggestion .e.s { outline: none; }
.raw { display: none; }
.hide-suggestion .e.s del .raw { display: inline; }
.hide-suggestion .e.s del { text-decoration: none; color: inherit; }
details.changes summary, details.index summary { cursor: pointer; font-family: system-ui, sans-serif; font-size: 0.9rem; color: #444; }
table.edits code { white-space: pre-wrap; font-size: 0.85rem; }
tr.s td { color: #666; font-style: italic; }
"#;

const SCRIPT: &str = r#"<script>
(function () {
  var boxes = document.querySelectorAll('#filters input[type=checkbox]');
  function update() {
    for (var i = 0; i < boxes.length; i++) {
      document.body.classList.toggle('hide-' + boxes[i].value, !boxes[i].checked);
    }
  }
  for (var i = 0; i < boxes.length; i++) { boxes[i].addEventListener('change', update); }
  update();
})();
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn render(input: &str, edits: Vec<Edit>, suggestions: Vec<Edit>) -> String {
        let text = scanno::edit::apply(input, &edits).unwrap();
        let cleaned = Cleaned {
            text,
            edits,
            suggestions,
        };
        render_document(1, "a<b>.txt", input, &cleaned)
    }

    #[test]
    fn text_reasons_and_names_are_escaped() {
        let input = "<script>alert('x')</script> & tlie \"end\"\x1b\n";
        let at = input.find("tlie").unwrap();
        let e = Edit::new(
            input,
            at..at + 4,
            "the",
            EditKind::Correction,
            0.9,
            "h/li <confusion>",
        )
        .with_alternatives(vec!["tie\"".into()]);
        let html = render(input, vec![e], vec![]);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "));
        assert!(html.contains("a&lt;b&gt;.txt"));
        assert!(html.contains("h/li &lt;confusion&gt;"));
        assert!(html.contains("or: tie&quot;"));
        assert!(
            html.contains('\u{241b}'),
            "escape character shown as a symbol"
        );
        assert!(html.contains("<del>tlie</del><ins>the</ins>"));
    }

    #[test]
    fn overlapping_suggestions_are_listed_but_not_inline() {
        let input = "con-\ntaincd here";
        let applied = Edit::new(
            input,
            0..11,
            "containcd",
            EditKind::Dehyphen,
            0.98,
            "line-end break",
        );
        let sug = Edit::new(input, 0..11, "contained", EditKind::Correction, 0.4, "c/e");
        let free = Edit::new(input, 12..16, "there", EditKind::Correction, 0.3, "guess");
        let html = render(input, vec![applied], vec![sug, free]);
        let inline = html.split("<details").next().unwrap();
        assert_eq!(inline.matches("data-span=\"0-11\"").count(), 1);
        assert!(inline.contains("class=\"e s k-correction\" data-span=\"12-16\""));
        assert!(inline.contains(
            "<del>con-<span class=\"nl\">↵</span><span class=\"raw\">\n</span>taincd</del>"
        ));
        assert_eq!(
            html.matches("<tr class=").count(),
            3,
            "every change in the table"
        );
    }

    #[test]
    fn a_whole_report_is_balanced() {
        let input = "a  b\n";
        let e = Edit::new(input, 1..3, " ", EditKind::Split, 0.7, "x");
        let cleaned = Cleaned {
            text: "a b\n".into(),
            edits: vec![e],
            suggestions: vec![],
        };
        let doc = render_document(1, "x", input, &cleaned);
        let page = format!("{}{doc}", head());
        for tag in [
            "section", "span", "table", "tr", "pre", "details", "del", "ins", "label", "form",
        ] {
            assert_eq!(
                page.matches(&format!("<{tag} ")).count()
                    + page.matches(&format!("<{tag}>")).count(),
                page.matches(&format!("</{tag}>")).count(),
                "{tag}"
            );
        }
        assert!(doc.contains(
            "<del><span class=\"nl\">␣␣</span><span class=\"raw\">  </span></del><ins>␣</ins>"
        ));
    }
}
