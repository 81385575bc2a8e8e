//! `scanno clean --format html`: one self-contained HTML page per run (inline CSS and
//! script, no network) to read the changes and decide on them: each document with its
//! changes marked inline and coloured by kind (line joins collapsed by default), details on
//! click, filters by kind and confidence, accept or reject one change, all of a kind or all
//! below a confidence, and an export of the decisions as an edits file that `scanno apply`
//! takes; a summary by kind and confidence band.
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
             .hide-{kind} .e.k-{kind} ins, .hide-{kind} .e.k-{kind} .nl {{ display: none; }}\n\
             .hide-{kind} .e.k-{kind} {{ background: none; border: none; outline: none; }}\n\
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
    s.push_str("</style>\n</head>\n<body class=\"hide-reflow\">\n<header id=\"top\">\n<h1>scanno report</h1>\n");
    s.push_str("<p class=\"help\">Struck-through text is removed, bold text inserted; dashed outlines are suggestions (below the confidence threshold, not applied unless you accept them). Click a change for its reason and to accept or reject it; rejected changes show the text as it was. Line joins (reflow) are collapsed: tick them to see each. Export the decisions and run <code>scanno apply decisions.jsonl</code> where scanno ran.</p>\n");
    s.push_str("<form id=\"filters\">\n<span class=\"label\">Show:</span>\n");
    for kind in EditKind::ALL {
        let checked = if kind == EditKind::Reflow { "" } else { " checked" };
        let _ = writeln!(s, "<label class=\"k-{kind}\"><input type=\"checkbox\" value=\"{kind}\"{checked}> <span class=\"swatch\"></span>{kind}</label>");
    }
    s.push_str("<label class=\"sugg\"><input type=\"checkbox\" value=\"suggestion\" checked> suggestions</label>\n");
    s.push_str("<label>confidence ≥ <input id=\"minconf\" type=\"number\" min=\"0\" max=\"1\" step=\"0.05\" value=\"0\"></label>\n</form>\n");
    s.push_str("<form id=\"decide\">\n<span class=\"label\">Decide:</span>\n<select id=\"bulk-kind\">");
    for kind in EditKind::ALL {
        let _ = write!(s, "<option value=\"{kind}\">{kind}</option>");
    }
    s.push_str("</select>\n<button type=\"button\" id=\"kind-accept\">accept all</button>\n<button type=\"button\" id=\"kind-reject\">reject all</button>\n");
    s.push_str("<label>below <input id=\"below\" type=\"number\" min=\"0\" max=\"1\" step=\"0.05\" value=\"0.8\"></label>\n<button type=\"button\" id=\"below-reject\">reject all below</button>\n");
    s.push_str("<button type=\"button\" id=\"export\">export decisions</button>\n<span id=\"tally\"></span>\n<a id=\"download\" download=\"decisions.jsonl\" hidden>decisions.jsonl</a>\n</form>\n");
    s.push_str("<textarea id=\"exported\" readonly hidden></textarea>\n</header>\n");
    s.push_str("<div id=\"panel\" hidden><div id=\"p-what\"></div><div id=\"p-why\"></div><button type=\"button\" id=\"p-accept\">accept</button> <button type=\"button\" id=\"p-reject\">reject</button> <button type=\"button\" id=\"p-close\">close</button></div>\n<main id=\"docs\">\n");
    s
}

/// One document: heading, the text with changes inline, and its changes as data for the
/// page's script (details on click, decisions, export).
fn render_document(n: usize, name: &str, input: &str, cleaned: &Cleaned) -> String {
    let mut s = String::with_capacity(
        input.len() * 2 + 200 * (cleaned.edits.len() + cleaned.suggestions.len()),
    );
    let _ = writeln!(
        s,
        "<section class=\"doc\" id=\"doc-{n}\" data-path=\"{}\" data-hash=\"{}\">\n<h2>{}</h2>",
        escape(name),
        report::content_hash(input),
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
    // Every change, numbered: applied edits first, then suggestions.
    let all: Vec<(&Edit, bool)> = cleaned
        .edits
        .iter()
        .map(|e| (e, false))
        .chain(cleaned.suggestions.iter().map(|e| (e, true)))
        .collect();
    // Inline: every applied edit, and the suggestions that do not overlap anything shown.
    let mut shown: Vec<usize> = (0..cleaned.edits.len()).collect();
    for (i, (sug, _)) in all.iter().enumerate().skip(cleaned.edits.len()) {
        let free = shown.iter().all(|&j| {
            let e = all[j].0;
            !(sug.span.start < e.span.end && e.span.start < sug.span.end) && e.span != sug.span
        });
        if free && input.get(sug.span.clone()) == Some(sug.before.as_str()) {
            shown.push(i);
        }
    }
    shown.sort_by_key(|&i| (all[i].0.span.start, all[i].0.span.end, all[i].1));
    s.push_str("<pre class=\"text\">");
    let mut at = 0;
    for i in shown {
        let (e, sug) = all[i];
        if e.span.start < at || input.get(e.span.clone()).is_none() {
            continue;
        }
        s.push_str(&escape(&input[at..e.span.start]));
        let _ = write!(s, "<span class=\"e{} k-{}\" data-i=\"{i}\">", if sug { " s" } else { "" }, e.kind);
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
    // The changes as data: [start, end, kind, confidence, before, after, reason,
    // alternatives, suggestion, rule]. `<` is written as \u003c so no text can end the element.
    let rows: Vec<serde_json::Value> = all
        .iter()
        .map(|(e, sug)| {
            serde_json::json!([
                e.span.start,
                e.span.end,
                e.kind.as_str(),
                ((e.confidence as f64) * 1000.0).round() / 1000.0,
                e.before,
                e.after,
                e.reason,
                e.alternatives,
                *sug as u8,
                e.rule
            ])
        })
        .collect();
    let data = serde_json::Value::from(rows).to_string().replace('<', "\\u003c");
    let _ = writeln!(s, "<script type=\"application/json\" class=\"changes\">{data}</script>");
    s.push_str("</section>\n");
    s
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
}

/// Escapes `text` and makes line breaks and whitespace-only changes visible (`↵`, `␣`).
fn push_visible(s: &mut String, text: &str, shown: Shown) {
    let blank = text.chars().all(char::is_whitespace);
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            s.push_str(match shown {
                Shown::Removed => "<span class=\"nl\">↵</span><span class=\"raw\">\n</span>",
                Shown::Inserted => "<span class=\"nl\">↵</span>\n",
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
body { margin: 0 auto; max-width: 70rem; padding: 1rem 2rem 6rem; display: flex; flex-direction: column; }
header { order: -2; position: sticky; top: 0; background: #fdfcf8; z-index: 1; border-bottom: 1px solid #e4e1d6; }
#summary { order: -1; border-bottom: 1px solid #ccc; margin-bottom: 1rem; }
main { order: 0; }
h1 { font-size: 1.5rem; margin: 0.3rem 0; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.3rem; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.help, .meta { color: #555; font-size: 0.9rem; margin: 0.2rem 0; }
form { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; font-family: system-ui, sans-serif; font-size: 0.9rem; margin: 0.4rem 0; }
form .label { font-weight: bold; }
input[type=number] { width: 4.5em; }
#tally { color: #555; }
#exported { width: 100%; height: 8rem; font-size: 0.8rem; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; border-radius: 2px; background: var(--tint, #eee); border: 1px solid var(--strong, #999); vertical-align: -0.05em; }
table { border-collapse: collapse; font-family: system-ui, sans-serif; font-size: 0.85rem; margin: 0.4rem 0; }
th, td { border: 1px solid #ddd; padding: 0.15rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0eee6; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "Times New Roman", serif; font-size: 1rem; line-height: 1.5; background: #fff; border: 1px solid #e4e1d6; padding: 0.8rem 1rem; margin: 0.3rem 0; }
.e { background: var(--tint); border-bottom: 2px solid var(--strong); border-radius: 2px; cursor: pointer; }
.e.s { background: none; outline: 1px dashed var(--strong); border-bottom: none; }
.e.s.acc { background: var(--tint); outline: none; border-bottom: 2px solid var(--strong); }
.e.sel { box-shadow: 0 0 0 2px #1565c0; }
.e del { color: #a33; text-decoration: line-through; text-decoration-color: #a33; }
.e ins { text-decoration: none; font-weight: bold; color: #1d5e20; }
.e .nl { color: var(--strong); font-weight: normal; }
.raw { display: none; }
.hide-suggestion .e.s ins, .hide-suggestion .e.s .nl, .e.low ins, .e.low .nl { display: none; }
.hide-suggestion .e.s, .e.low { outline: none; background: none; border: none; }
.hide-suggestion .e.s del .raw, .e.low del .raw { display: inline; }
.hide-suggestion .e.s del, .e.low del { text-decoration: none; color: inherit; }
.e.rej:not(.s) { background: none; border: none; outline: 1px dotted #999; }
.e.rej:not(.s) ins, .e.rej:not(.s) .nl { display: none; }
.e.rej:not(.s) del .raw { display: inline; }
.e.rej:not(.s) del { text-decoration: none; color: inherit; }
#panel { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; border-top: 2px solid #999; padding: 0.5rem 2rem; font-family: system-ui, sans-serif; font-size: 0.9rem; z-index: 2; }
#p-what { font-weight: bold; }
#p-why { margin: 0.2rem 0 0.4rem; white-space: pre-wrap; }
details.index summary { cursor: pointer; font-family: system-ui, sans-serif; font-size: 0.9rem; color: #444; }
"#;

/// The page's script: filters, the detail panel, decisions and their export. Decisions start
/// as `clean` would apply: applied edits accepted, suggestions rejected.
const SCRIPT: &str = r#"<script>
(function () {
  var body = document.body;
  var docs = [];
  var sections = document.querySelectorAll('section.doc');
  for (var d = 0; d < sections.length; d++) {
    var sec = sections[d];
    var data = JSON.parse(sec.querySelector('script.changes').textContent);
    var doc = { path: sec.getAttribute('data-path'), hash: sec.getAttribute('data-hash'), changes: data, spans: {}, ok: [] };
    for (var i = 0; i < data.length; i++) { doc.ok.push(!data[i][8]); }
    var spans = sec.querySelectorAll('.e');
    for (var j = 0; j < spans.length; j++) {
      var sp = spans[j];
      var k = +sp.getAttribute('data-i');
      doc.spans[k] = sp;
      sp.setAttribute('data-d', d);
      sp.setAttribute('title', data[k][2] + ' ' + data[k][3].toFixed(2) + ': ' + data[k][6]);
    }
    docs.push(doc);
  }
  function each(f) {
    for (var d = 0; d < docs.length; d++) {
      for (var k in docs[d].spans) { f(docs[d], +k, docs[d].spans[k]); }
    }
  }
  function show(doc, k) {
    var sp = doc.spans[k];
    if (!sp) { return; }
    var c = doc.changes[k];
    sp.classList.toggle('rej', !doc.ok[k]);
    sp.classList.toggle('acc', doc.ok[k]);
  }
  function tally() {
    var yes = 0, no = 0;
    each(function (doc, k) { if (doc.ok[k]) { yes++; } else { no++; } });
    document.getElementById('tally').textContent = yes + ' accepted, ' + no + ' rejected';
  }
  function setAll(test, ok) {
    each(function (doc, k) { if (test(doc.changes[k])) { doc.ok[k] = ok; show(doc, k); } });
    tally();
    if (current) { open(current.doc, current.k); }
  }
  var boxes = document.querySelectorAll('#filters input[type=checkbox]');
  var minconf = document.getElementById('minconf');
  function filter() {
    for (var i = 0; i < boxes.length; i++) { body.classList.toggle('hide-' + boxes[i].value, !boxes[i].checked); }
    var m = parseFloat(minconf.value) || 0;
    each(function (doc, k, sp) { sp.classList.toggle('low', doc.changes[k][3] < m); });
  }
  for (var i = 0; i < boxes.length; i++) { boxes[i].addEventListener('change', filter); }
  minconf.addEventListener('input', filter);
  var panel = document.getElementById('panel');
  var current = null;
  function open(doc, k) {
    if (current && current.doc.spans[current.k]) { current.doc.spans[current.k].classList.remove('sel'); }
    current = { doc: doc, k: k };
    var c = doc.changes[k];
    doc.spans[k].classList.add('sel');
    document.getElementById('p-what').textContent = doc.path + ': ' + c[2] + (c[8] ? ' suggestion' : '') +
      ', confidence ' + c[3].toFixed(2) + ': ' + JSON.stringify(c[4]) + ' \u2192 ' + JSON.stringify(c[5]) +
      (doc.ok[k] ? ' (accepted)' : ' (rejected)');
    document.getElementById('p-why').textContent = 'why: ' + c[6] + ' (rule ' + c[9] + ')' + (c[7].length ? '\nor: ' + c[7].join(', ') : '');
    panel.hidden = false;
  }
  document.getElementById('docs').addEventListener('click', function (ev) {
    var sp = ev.target.closest ? ev.target.closest('.e') : null;
    if (sp) { open(docs[+sp.getAttribute('data-d')], +sp.getAttribute('data-i')); }
  });
  function decide(ok) {
    if (!current) { return; }
    current.doc.ok[current.k] = ok;
    show(current.doc, current.k);
    tally();
    open(current.doc, current.k);
  }
  document.getElementById('p-accept').addEventListener('click', function () { decide(true); });
  document.getElementById('p-reject').addEventListener('click', function () { decide(false); });
  document.getElementById('p-close').addEventListener('click', function () {
    panel.hidden = true;
    if (current && current.doc.spans[current.k]) { current.doc.spans[current.k].classList.remove('sel'); }
    current = null;
  });
  var kind = document.getElementById('bulk-kind');
  document.getElementById('kind-accept').addEventListener('click', function () { setAll(function (c) { return c[2] === kind.value; }, true); });
  document.getElementById('kind-reject').addEventListener('click', function () { setAll(function (c) { return c[2] === kind.value; }, false); });
  document.getElementById('below-reject').addEventListener('click', function () {
    var b = parseFloat(document.getElementById('below').value) || 0;
    setAll(function (c) { return c[3] < b; }, false);
  });
  // The decisions as `scanno clean --format edits` lines: each document, then each
  // accepted change shown in the page (a suggestion hidden under another change is left).
  function exported() {
    var lines = [];
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d];
      lines.push(JSON.stringify({ path: doc.path, input_hash: doc.hash }));
      for (var k in doc.spans) {
        if (!doc.ok[k]) { continue; }
        var c = doc.changes[k];
        lines.push(JSON.stringify({ path: doc.path, input_hash: doc.hash, kind: c[2], before: c[4], after: c[5],
          confidence: c[3], reason: c[6], rule: c[9], start: c[0], end: c[1] }));
      }
    }
    return lines.join('\n') + '\n';
  }
  document.getElementById('export').addEventListener('click', function () {
    var text = exported();
    var area = document.getElementById('exported');
    area.value = text;
    area.hidden = false;
    var a = document.getElementById('download');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    a.hidden = false;
    a.click();
  });
  each(function (doc, k) { show(doc, k); });
  filter();
  tally();
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
            "h/li <confusion></script><script>alert(1)",
        )
        .with_alternatives(vec!["tie\"".into()]);
        let html = render(input, vec![e], vec![]);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "));
        assert!(html.contains("a&lt;b&gt;.txt"));
        // The changes' data cannot end its element: every `<` in it is \u003c.
        assert_eq!(html.matches("</script>").count(), 1);
        let data = html.split("<script type=\"application/json\" class=\"changes\">").nth(1).unwrap();
        let data = data.split("</script>").next().unwrap();
        let rows: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(rows[0][6], "h/li <confusion></script><script>alert(1)");
        assert_eq!(rows[0][7][0], "tie\"");
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
        let inline = html.split("<script").next().unwrap();
        assert!(inline.contains("class=\"e k-dehyphen\" data-i=\"0\""));
        assert!(!inline.contains("data-i=\"1\""), "the overlapping suggestion is not inline");
        assert!(inline.contains("class=\"e s k-correction\" data-i=\"2\""));
        assert!(inline.contains(
            "<del>con-<span class=\"nl\">↵</span><span class=\"raw\">\n</span>taincd</del>"
        ));
        let data = html.split("class=\"changes\">").nth(1).unwrap().split("</script>").next().unwrap();
        let rows: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 3, "every change in the data");
        assert_eq!(rows[1], serde_json::json!([0, 11, "correction", 0.4, "con-\ntaincd", "contained", "c/e", [], 1, "correction"]));
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
            "section", "span", "table", "tr", "pre", "details", "del", "ins", "label", "form", "script", "select", "button",
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
