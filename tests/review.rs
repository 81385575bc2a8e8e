//! Reviewing before writing: `scanno review` (answers on a pipe), `scanno apply` of an edited
//! JSON report, and the `--format html` page. Runs the real binary on temporary folders.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use regex::Regex;
use scanno::{Edit, EditKind};
use serde_json::Value;

mod common;
use common::{fixture, run_in, scans, scanno, stderr, tree};



const IZVESTIA: &str = "002_d903febb1323d2e1.txt";
const WORKER: &str = "000_e899c1d5a41cee12.txt";



/// `clean --format json` of `path`: one report line per document.
fn json_report(path: &Path) -> Vec<Value> {
    let o = scanno()
        .arg("clean")
        .arg(path)
        .args(["--format", "json", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn edits(list: &Value) -> Vec<Edit> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| Edit {
            span: e["start"].as_u64().unwrap() as usize..e["end"].as_u64().unwrap() as usize,
            before: e["before"].as_str().unwrap().to_string(),
            after: e["after"].as_str().unwrap().to_string(),
            kind: EditKind::parse(e["kind"].as_str().unwrap()).unwrap(),
            confidence: e["confidence"].as_f64().unwrap() as f32,
            reason: e["reason"].as_str().unwrap().to_string(),
            rule: e["rule"].as_str().unwrap().to_string(),
            alternatives: Vec::new(),
        })
        .collect()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().unwrap().chars().count() + 1,
    )
}

/// One question of a review session, as shown.
#[derive(Debug)]
struct Question {
    line: usize,
    col: usize,
    kind: String,
    suggested: bool,
    /// The question about all of a file's line joins at once.
    group: bool,
}

/// Runs `scanno review ARGS` in `cwd`, answering each question as `decide` says (the answers go
/// through a pipe, as a script would send them). Returns the transcript and the process output.
fn review(
    cwd: &Path,
    args: &[&str],
    mut decide: impl FnMut(&Question) -> &'static str,
) -> (String, Output) {
    let mut child = spawn_review(cwd, args);
    let mut answers = child.stdin.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).unwrap();
        s
    });
    let header =
        Regex::new(r"(?m)^.*:(\d+):(\d+)  \[\d+/\d+\]  (\w+)( ×\d+)?( suggestion)?, confidence [0-9.]+$")
            .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut transcript = String::new();
    let mut byte = [0u8; 1];
    let mut pending = Vec::new();
    while out.read(&mut byte).unwrap() == 1 {
        pending.push(byte[0]);
        if let Ok(s) = std::str::from_utf8(&pending) {
            transcript.push_str(s);
            pending.clear();
        }
        if transcript.ends_with("]? ") {
            let c = header
                .captures_iter(&transcript)
                .last()
                .expect("a question has a header");
            let q = Question {
                line: c[1].parse().unwrap(),
                col: c[2].parse().unwrap(),
                kind: c[3].to_string(),
                group: c.get(4).is_some(),
                suggested: c.get(5).is_some(),
            };
            writeln!(answers, "{}", decide(&q)).unwrap();
            answers.flush().unwrap();
        }
    }
    drop(answers);
    let status = child.wait().unwrap();
    let o = Output {
        status,
        stdout: transcript.clone().into_bytes(),
        stderr: errors.join().unwrap().into_bytes(),
    };
    (transcript, o)
}

#[test]
fn a_scripted_review_writes_exactly_the_accepted_edits() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("izvestia.txt");
    fs::copy(fixture(IZVESTIA), &file).unwrap();
    let input = fs::read_to_string(&file).unwrap();
    let report = &json_report(&file)[0];
    let applied = edits(&report["edits"]);
    let furniture: Vec<&Edit> = applied
        .iter()
        .filter(|e| e.kind == EditKind::Furniture)
        .collect();
    assert!(
        furniture.len() >= 2,
        "seed 002 has a stray mark and a page number"
    );
    let keep = furniture[0].clone();
    let refuse = furniture[1].clone();
    let keep_at = line_col(&input, keep.span.start);

    // Accept the first furniture edit, reject everything else asked.
    let mut asked = Vec::new();
    let (transcript, o) = review(dir.path(), &["izvestia.txt", "--out", "reviewed"], |q| {
        asked.push((q.line, q.col, q.kind.clone()));
        if q.group || q.kind == "furniture" && !q.suggested && (q.line, q.col) == keep_at {
            "y"
        } else {
            "n"
        }
    });
    assert!(o.status.success(), "{}\n{transcript}", stderr(&o));
    assert!(
        transcript.contains("line join [y,n,a,d,s,q,u,?]? y") || transcript.contains("line joins [y,n,a,d,s,q,u,?]? y"),
        "reflow is asked about as a group: {transcript}"
    );
    assert_eq!(
        asked.iter().filter(|q| q.2 == "reflow").count(),
        1,
        "reflow is asked once, as a group, without --all"
    );
    assert!(asked.contains(&(keep_at.0, keep_at.1, "furniture".to_string())));
    let refuse_at = line_col(&input, refuse.span.start);
    assert!(asked.contains(&(refuse_at.0, refuse_at.1, "furniture".to_string())));

    let mut accepted: Vec<Edit> = applied
        .iter()
        .filter(|e| e.kind == EditKind::Reflow)
        .cloned()
        .collect();
    accepted.push(keep.clone());
    let expected = scanno::edit::apply(&input, &accepted).unwrap();
    let written = fs::read_to_string(dir.path().join("reviewed/izvestia.txt")).unwrap();
    assert_eq!(written, expected);
    assert!(
        written.contains(&refuse.before),
        "the rejected page number is still there"
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        input,
        "with --out the input is untouched"
    );
}

#[test]
fn without_out_the_file_is_rewritten_in_place_only_after_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("izvestia.txt");
    fs::copy(fixture(IZVESTIA), &file).unwrap();
    let input = fs::read_to_string(&file).unwrap();
    let report = &json_report(&file)[0];
    let applied = edits(&report["edits"]);
    // Reject everything asked but the line joins (a group): only they are written.
    let (transcript, o) = review(dir.path(), &["izvestia.txt"], |q| if q.group { "y" } else { "n" });
    assert!(o.status.success(), "{}\n{transcript}", stderr(&o));
    let joins: Vec<Edit> = applied
        .iter()
        .filter(|e| e.kind == EditKind::Reflow)
        .cloned()
        .collect();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        scanno::edit::apply(&input, &joins).unwrap()
    );
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n == "izvestia.txt" || n == ".scanno-words"),
        "no temporary files left: {names:?}"
    );

    // Quitting at once still writes nothing new (the file already has its joins).
    let (_, o) = review(dir.path(), &["izvestia.txt"], |_| "q");
    assert!(o.status.success());
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        scanno::edit::apply(&input, &joins).unwrap()
    );
}

#[test]
fn review_refuses_stdin_and_an_output_folder_over_the_input() {
    let scans = scans();
    let o = scanno()
        .args(["review", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input"));
    let o = scanno()
        .arg("review")
        .arg(scans.path().join("1924"))
        .arg("--out")
        .arg(scans.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Made-up period text with the misreadings and run-together words OCR of the time produces:
/// at least one of them is proposed by any pipeline with a correction or a split stage.
const MISREAD: &str = "The Cleckheaton Guardian.\n\nAt tlie meeting of tbe Board of Guardians on Tuesday lastat the\nTown Hall, tlie chairman said that the rates aud tbe costof relief were higher\nthan in anyyear since 1879, and that tlie matter must be laid beforethe\nratepayers at once.\n";

#[test]
fn rejected_corrections_are_remembered_and_not_proposed_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("guardian.txt");
    fs::write(&file, MISREAD).unwrap();
    fs::copy(fixture(WORKER), dir.path().join("worker.txt")).unwrap();
    let word_changing = |v: &Value| -> Vec<String> {
        ["edits", "suggestions"]
            .iter()
            .flat_map(|k| v[k].as_array().unwrap().clone())
            .filter(|e| ["correction", "split"].contains(&e["kind"].as_str().unwrap()))
            .map(|e| e["before"].as_str().unwrap().to_string())
            .filter(|b| !b.contains(char::is_whitespace))
            .collect()
    };
    let first: Vec<String> = json_report(dir.path())
        .iter()
        .flat_map(word_changing)
        .collect();
    assert!(
        !first.is_empty(),
        "the pipeline proposes none of tlie, tbe, aud, lastat, costof, anyyear, beforethe"
    );
    // Reject every word change, every column repair and every other suggestion (one
    // accepted over a wide span, such as a column repair, would hold the words inside it);
    // accept the rest.
    let (transcript, o) = review(dir.path(), &["."], |q| {
        if !q.group && ["correction", "split", "column"].contains(&q.kind.as_str()) || q.suggested {
            "n"
        } else {
            "y"
        }
    });
    assert!(o.status.success(), "{}\n{transcript}", stderr(&o));
    assert!(stderr(&o).contains("added to"), "{}", stderr(&o));
    let list = fs::read_to_string(dir.path().join(".scanno-words"))
        .expect("rejected words are remembered");
    let remembered: Vec<String> = list
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.trim().to_lowercase())
        .collect();
    for before in &first {
        let core: String = before
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        assert!(remembered.contains(&core), "{core} remembered in {list}");
    }
    // The rejected words are still in the rewritten file, and the next run leaves them be.
    let written = fs::read_to_string(&file).unwrap()
        + &fs::read_to_string(dir.path().join("worker.txt")).unwrap();
    for before in &first {
        assert!(written.contains(before.as_str()), "{before} was rejected");
    }
    let again: Vec<String> = json_report(dir.path())
        .iter()
        .flat_map(word_changing)
        .collect();
    assert!(again.is_empty(), "rejected words proposed again: {again:?}");
    // Nor does a second review ask about them.
    let (transcript, o) = review(dir.path(), &["guardian.txt"], |_| "n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !transcript.contains("  correction") && !transcript.contains("  split"),
        "{transcript}"
    );
}


/// `clean DIR --format json --out OUT` in `cwd`: the report, and the cleaned tree.
fn clean_with_report(cwd: &Path) -> String {
    let o = run_in(cwd, &["clean", "scans", "--format", "json", "--out", "cleaned", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    let scans = scans();
    fs::create_dir_all(ws.path().join("scans/1924/july")).unwrap();
    for (rel, _) in tree(scans.path()) {
        fs::copy(scans.path().join(&rel), ws.path().join("scans").join(&rel)).unwrap();
    }
    ws
}

#[test]
fn apply_of_an_untouched_report_reproduces_clean() {
    let ws = workspace();
    let report = clean_with_report(ws.path());
    assert_eq!(report.lines().count(), 2);
    fs::write(ws.path().join("fixes.jsonl"), &report).unwrap();
    let o = run_in(ws.path(), &["apply", "fixes.jsonl", "--out", "applied"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        tree(&ws.path().join("applied")),
        tree(&ws.path().join("cleaned"))
    );

    // In place too.
    let o = run_in(ws.path(), &["apply", "fixes.jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        tree(&ws.path().join("scans")),
        tree(&ws.path().join("cleaned"))
    );
    // Now the inputs changed: the same report is stale and refused.
    let o = run_in(ws.path(), &["apply", "fixes.jsonl", "--out", "again"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("changed since the report"),
        "{}",
        stderr(&o)
    );
    assert!(
        !ws.path().join("again").exists(),
        "nothing written from a stale report"
    );
}

#[test]
fn apply_writes_exactly_the_edits_left_in_the_report() {
    let ws = workspace();
    let report = clean_with_report(ws.path());
    // The archivist drops every furniture edit and widens the first remaining edit's `after`.
    let mut lines: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut kept_by_path = Vec::new();
    for v in &mut lines {
        let list = v["edits"].as_array_mut().unwrap();
        list.retain(|e| e["kind"] != "furniture");
        if let Some(first) = list.first_mut() {
            first["after"] = Value::from(format!("{} ", first["after"].as_str().unwrap()));
        }
        kept_by_path.push((v["path"].as_str().unwrap().to_string(), edits(&v["edits"])));
    }
    let edited: String = lines.iter().map(|v| format!("{v}\n")).collect();
    fs::write(ws.path().join("fixes.jsonl"), edited).unwrap();
    let o = run_in(ws.path(), &["apply", "fixes.jsonl", "--out", "applied"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (path, kept) in kept_by_path {
        let input = fs::read_to_string(ws.path().join(&path)).unwrap();
        let rel = Path::new(&path).strip_prefix("scans").unwrap();
        let written = fs::read_to_string(ws.path().join("applied").join(rel)).unwrap();
        assert_eq!(
            written,
            scanno::edit::apply(&input, &kept).unwrap(),
            "{path}"
        );
        if path.ends_with("izvestia.txt") {
            assert!(
                written.contains("- 2 -"),
                "furniture edits removed from the report are not applied"
            );
            assert!(
                !written.contains("Translation From\nMoscow"),
                "line joins are"
            );
        }
    }
}

#[test]
fn apply_of_an_edit_per_line_report_with_lines_deleted() {
    let ws = workspace();
    let o = run_in(ws.path(), &["clean", "scans", "--format", "edits", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = String::from_utf8(o.stdout).unwrap();
    // The archivist deletes the lines of the page furniture, as with `grep -v` or an editor.
    let kept: String = report
        .lines()
        .filter(|l| !l.contains("\"kind\":\"furniture\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(kept.len() < report.len(), "seed 002 has page furniture");
    fs::write(ws.path().join("edits.jsonl"), &kept).unwrap();
    let o = run_in(ws.path(), &["apply", "edits.jsonl", "--out", "applied"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Expected: the edits of the JSON report that are not furniture.
    for doc in json_report(&ws.path().join("scans")) {
        let path = doc["path"].as_str().unwrap();
        let input = fs::read_to_string(path).unwrap();
        let kept: Vec<Edit> = edits(&doc["edits"])
            .into_iter()
            .filter(|e| e.kind != EditKind::Furniture)
            .collect();
        let rel = Path::new(path)
            .strip_prefix(ws.path().join("scans"))
            .unwrap();
        let written = fs::read_to_string(ws.path().join("applied").join(rel)).unwrap();
        assert_eq!(
            written,
            scanno::edit::apply(&input, &kept).unwrap(),
            "{path}"
        );
    }
    // Untouched, the same report reproduces `clean`.
    clean_with_report(ws.path());
    fs::write(ws.path().join("all.jsonl"), &report).unwrap();
    let o = run_in(ws.path(), &["apply", "all.jsonl", "--out", "all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        tree(&ws.path().join("all")),
        tree(&ws.path().join("cleaned"))
    );
}

#[test]
fn apply_refuses_a_report_whose_edits_do_not_match() {
    let ws = workspace();
    let report = clean_with_report(ws.path());
    let mut lines: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines[1]["edits"][0]["before"] = Value::from("something else");
    let edited: String = lines.iter().map(|v| format!("{v}\n")).collect();
    fs::write(ws.path().join("fixes.jsonl"), edited).unwrap();
    let bad = PathBuf::from(lines[1]["path"].as_str().unwrap());
    let before = tree(&ws.path().join("scans"));
    let o = run_in(ws.path(), &["apply", "fixes.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("something else"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 document refused"), "{}", stderr(&o));
    // The refused document is untouched; every other one is written as `clean` wrote it.
    let after = tree(&ws.path().join("scans"));
    let cleaned = tree(&ws.path().join("cleaned"));
    assert_eq!(after.len(), before.len());
    let mut changed = 0;
    for ((rel, now), (_, was)) in after.iter().zip(&before) {
        if Path::new("scans").join(rel) == bad {
            assert_eq!(now, was, "the refused document is not written");
        } else {
            let want = &cleaned.iter().find(|(r, _)| r == rel).unwrap().1;
            assert_eq!(now, want, "{rel:?}");
            changed += (now != was) as usize;
        }
    }
    assert!(changed > 0, "the good documents are written");
}

#[test]
fn apply_says_how_many_suggestions_it_left() {
    let ws = workspace();
    let o = run_in(ws.path(), &["clean", "scans", "--format", "edits", "--min-confidence", "0.99", "-q"]);
    assert!(o.status.success());
    let report = String::from_utf8(o.stdout).unwrap();
    let suggestions = report.matches("\"suggestion\":true").count();
    assert!(suggestions > 0, "some edits fall below 0.99");
    fs::write(ws.path().join("edits.jsonl"), &report).unwrap();
    let o = run_in(ws.path(), &["apply", "edits.jsonl", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plural = if suggestions == 1 { "" } else { "s" };
    assert!(stderr(&o).contains(&format!("{suggestions} suggestion{plural} not applied")), "{}", stderr(&o));
}

/// Counts opening and closing tags of `tag`.
fn tags(html: &str, tag: &str) -> (usize, usize) {
    let open = Regex::new(&format!(r"<{tag}[\s>]")).unwrap();
    (
        open.find_iter(html).count(),
        html.matches(&format!("</{tag}>")).count(),
    )
}

#[test]
fn the_html_report_is_self_contained_escaped_and_shows_every_edit() {
    let ws = workspace();
    fs::write(
        ws.path().join("scans/hostile.txt"),
        "A <script>alert(\"x\")</script> & <img src=http://example.com/x.png>\nline with tlie\n\n- 4 -\n\nend of 'it'.\n",
    )
    .unwrap();
    let o = run_in(ws.path(), &["clean", "scans", "--format", "html", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    // No resource outside the page: links only to anchors, nothing fetched by the styles.
    let link =
        Regex::new(r#"<[a-zA-Z][^<>]*\s(?:src|href|action)\s*=\s*["']?([^"'\s>]*)"#).unwrap();
    for c in link.captures_iter(&html) {
        assert!(c[1].starts_with('#'), "external reference {}", &c[0]);
    }
    let style = html
        .split("<style>")
        .nth(1)
        .unwrap()
        .split("</style>")
        .next()
        .unwrap();
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(
        html.contains("A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img"),
        "hostile text escaped"
    );
    let (scripts, closed) = tags(&html, "script");
    let data = html.matches("<script type=\"application/json\" class=\"changes\">").count();
    assert_eq!((scripts, closed), (data + 1, data + 1), "the page's own script, and data");
    assert_eq!(html.matches("<script>").count(), 1, "one script runs");
    for tag in [
        "html", "head", "body", "header", "main", "section", "pre", "span", "del", "ins", "table",
        "tr", "td", "details", "form", "label",
    ] {
        let (open, close) = tags(&html, tag);
        assert_eq!(open, close, "<{tag}> balanced");
    }
    // Every edit and suggestion of every document, in its own section.
    let o = run_in(ws.path(), &["clean", "scans", "--format", "json", "-q"]);
    let reports: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sections: Vec<&str> = html.split("<section class=\"doc\"").skip(1).collect();
    assert_eq!(sections.len(), reports.len());
    let mut furniture = 0;
    for (doc, section) in reports.iter().zip(&sections) {
        let name = doc["path"].as_str().unwrap();
        assert!(section.contains(&name.replace('&', "&amp;").replace('<', "&lt;")));
        let data = section.split("class=\"changes\">").nth(1).unwrap().split("</script>").next().unwrap();
        let rows: Vec<Value> = serde_json::from_str(data).unwrap();
        let all: Vec<Edit> = edits(&doc["edits"]).into_iter().chain(edits(&doc["suggestions"])).collect();
        assert_eq!(rows.len(), all.len(), "{name}");
        for (e, row) in all.iter().zip(&rows) {
            assert_eq!((row[0].as_u64().unwrap() as usize)..(row[1].as_u64().unwrap() as usize), e.span, "{name}");
            assert_eq!((row[4].as_str().unwrap(), row[5].as_str().unwrap()), (e.before.as_str(), e.after.as_str()));
            furniture += (e.kind == EditKind::Furniture) as usize;
        }
        let applied = edits(&doc["edits"]).len();
        for i in 0..applied {
            assert!(section.contains(&format!(" data-i=\"{i}\">")), "{name}: every applied edit is marked inline");
        }
    }
    assert!(furniture >= 2, "seed 002 has page furniture");
    let summary = html.split("id=\"summary\"").nth(1).unwrap();
    let row = Regex::new(r#"<tr class="k-furniture"><td><span class="swatch"></span>furniture</td><td>(\d+)</td><td>(\d+)</td>"#).unwrap();
    let c = row.captures(summary).expect("a summary row for furniture");
    assert_eq!(
        c[1].parse::<usize>().unwrap() + c[2].parse::<usize>().unwrap(),
        furniture
    );

    // --report FILE: the same page in a file, nothing on stdout.
    let o = run_in(ws.path(), &["clean", "scans", "--format", "html", "-q", "--report", "page.html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(ws.path().join("page.html")).unwrap(),
        html
    );
    let o = run_in(ws.path(), &["clean", "scans", "--report", "page.html"]);
    assert_eq!(o.status.code(), Some(2), "--report needs --format html");
}

#[test]
fn review_transcript_shows_the_change_in_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("page.txt"),
        "The meeting was held.\n\n- 12 -\n\nThe chairman spoke.\n",
    )
    .unwrap();
    let (transcript, o) = review(dir.path(), &["page.txt", "--out", "out"], |_| "y");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(transcript.contains("[-- 12 -↵-]"), "{transcript}");
    assert!(transcript.contains("why: "));
    let out = fs::read_to_string(dir.path().join("out/page.txt")).unwrap();
    assert!(!out.contains("- 12 -"));
    let lines = BufReader::new(stderr(&o).as_bytes()).lines().count();
    assert_eq!(lines, 1, "one summary line: {}", stderr(&o));
}

/// Runs `tmux -L socket ARGS`.
fn tmux(socket: &str, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .env("TERM", "xterm-256color")
        .output()
        .unwrap()
}

/// Ends the private tmux server of a test, even when the test fails.
struct TmuxServer(String);

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = tmux(&self.0, &["kill-server"]);
    }
}

/// A person at a real terminal: the review runs in a tmux pane (stdin and stdout are a
/// terminal: no echo of answers, colours on), keys are typed with `send-keys`.
/// Skipped where tmux is not installed.
#[test]
fn review_at_a_terminal_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("note: tmux not installed; skipping the terminal review test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A page number and a word broken at the line end: both certain to be proposed.
    let input = "The Board met on Tuesday at the Town Hall, and con-\ntained its business to the rates.\n\n- 2 -\n\nThe chairman spoke of the cost of relief.\n";
    let file = dir.path().join("page.txt");
    fs::write(&file, input).unwrap();
    let report = &json_report(&file)[0];
    let applied = edits(&report["edits"]);
    assert!(applied.iter().any(|e| e.kind == EditKind::Furniture));
    assert!(applied.iter().any(|e| e.kind == EditKind::Dehyphen));

    let socket = format!("scanno-review-test-{}", std::process::id());
    let _server = TmuxServer(socket.clone());
    let command = format!(
        "{} review page.txt --out out; echo \"EXIT=$?\"; sleep 60",
        env!("CARGO_BIN_EXE_scanno")
    );
    let o = tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "review",
            "-x",
            "160",
            "-y",
            "50",
            "-c",
            dir.path().to_str().unwrap(),
            &command,
        ],
    );
    assert!(o.status.success(), "tmux: {}", stderr(&o));
    let header = Regex::new(r"\[\d+/\d+\]  (\w+)( ×\d+)?( suggestion)?, confidence").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut answered = 0;
    let mut with_colour = String::new();
    let screen = loop {
        assert!(
            std::time::Instant::now() < deadline,
            "review did not finish in tmux"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
        let o = tmux(
            &socket,
            &["capture-pane", "-p", "-J", "-S", "-", "-t", "review"],
        );
        let screen = String::from_utf8_lossy(&o.stdout).into_owned();
        if screen.contains("EXIT=") {
            break screen;
        }
        let asked = screen.matches("u,?]?").count();
        if asked > answered && screen.trim_end().ends_with("u,?]?") {
            if with_colour.is_empty() {
                let o = tmux(&socket, &["capture-pane", "-p", "-e", "-t", "review"]);
                with_colour = String::from_utf8_lossy(&o.stdout).into_owned();
            }
            let c = header
                .captures_iter(&screen)
                .last()
                .expect("a question has a header");
            // Accept the line joins and the page number, reject everything else. One
            // keystroke each (the Enter after every other one is ignored).
            let key = if &c[1] == "reflow" || &c[1] == "furniture" && c.get(3).is_none() {
                "y"
            } else {
                "n"
            };
            let keys: &[&str] = if answered % 2 == 0 { &[key] } else { &[key, "Enter"] };
            let o = tmux(&socket, &[&["send-keys", "-t", "review"][..], keys].concat());
            assert!(o.status.success());
            answered = asked;
        }
    };
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        answered >= 2,
        "the page number and the broken word were asked: {screen}"
    );
    assert!(
        !screen.contains("no more answers"),
        "answers are not echoed at a terminal"
    );
    assert!(
        with_colour.contains("\x1b["),
        "changes are coloured at a terminal"
    );
    let expected: Vec<Edit> = applied
        .iter()
        .filter(|e| matches!(e.kind, EditKind::Furniture | EditKind::Reflow))
        .cloned()
        .collect();
    let written = fs::read_to_string(dir.path().join("out/page.txt")).unwrap();
    assert_eq!(
        written,
        scanno::edit::apply(input, &expected).unwrap(),
        "{screen}"
    );
    assert!(
        !written.contains("- 2 -") && written.contains("con-\ntained"),
        "{written}"
    );
}

/// `--report FILE` is written like every other output: a new page is an ordinary file
/// (not the 0600 of a temporary file), and a page it replaces keeps its permissions.
#[cfg(unix)]
#[test]
fn the_html_report_file_gets_ordinary_or_kept_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scans();
    let page = dir.path().join("report.html");
    let clean = || {
        let o = run_in(dir.path(), &["clean", "a.txt", "--format", "html", "--report", "report.html"]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    fs::write(dir.path().join("a.txt"), "tlie men of tlie town\n").unwrap();
    clean();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&page), 0o644);
    fs::set_permissions(&page, fs::Permissions::from_mode(0o640)).unwrap();
    clean();
    assert_eq!(mode(&page), 0o640);
    assert!(fs::read_to_string(&page).unwrap().contains("<html"));
}

/// Starts `scanno review ARGS` in `cwd` with its standard streams piped.
fn spawn_review(cwd: &Path, args: &[&str]) -> std::process::Child {
    scanno()
        .arg("review")
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs `scanno review ARGS` in `cwd` with `answers` piped in all at once.
fn review_piped(cwd: &Path, args: &[&str], answers: &[u8]) -> Output {
    let mut child = spawn_review(cwd, args);
    child.stdin.take().unwrap().write_all(answers).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn accept_all_of_a_kind_then_skip_keeps_every_change_of_that_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("guardian.txt");
    fs::write(&file, MISREAD).unwrap();
    let input = MISREAD;
    let applied = edits(&json_report(&file)[0]["edits"]);
    // The joins (a group), then `a` at the first change, then `s`.
    let mut first_kind = None;
    let mut n = 0;
    let (transcript, o) = review(dir.path(), &["guardian.txt", "--out", "out"], |q| {
        n += 1;
        match n {
            1 if q.group => "y",
            _ if first_kind.is_none() => {
                first_kind = Some(q.kind.clone());
                "a"
            }
            _ => "s",
        }
    });
    assert!(o.status.success(), "{}\n{transcript}", stderr(&o));
    let kind = first_kind.expect("something besides the joins is asked");
    let expected: Vec<Edit> =
        applied.iter().filter(|e| e.kind == EditKind::Reflow || e.kind.as_str() == kind).cloned().collect();
    assert!(expected.iter().filter(|e| e.kind.as_str() == kind).count() >= 2, "{kind}: {applied:?}");
    let written = fs::read_to_string(dir.path().join("out/guardian.txt")).unwrap();
    assert_eq!(written, scanno::edit::apply(input, &expected).unwrap(), "{transcript}");
}

#[test]
fn review_with_no_answers_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("izvestia.txt");
    fs::copy(fixture(IZVESTIA), &file).unwrap();
    let before = tree(dir.path());
    let o = scanno()
        .args(["review", "izvestia.txt"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(tree(dir.path()), before, "{}", stderr(&o));
    assert!(stderr(&o).contains("0 files written"), "{}", stderr(&o));
}

#[test]
fn bad_answers_are_asked_again_and_accepted_ones_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("page.txt"), "The meeting was held.\n\n- 12 -\n\nThe chairman spoke.\n").unwrap();
    // Not UTF-8, then words that start like keys: none is an answer. Then y (the page
    // number), and the end of the answers.
    let o = review_piped(dir.path(), &["page.txt", "--out", "out"], b"\xff\xfe\naccept\nnope\ny\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let transcript = String::from_utf8_lossy(&o.stdout);
    assert_eq!(transcript.matches("u - undo the last answer").count(), 3, "{transcript}");
    let out = fs::read_to_string(dir.path().join("out/page.txt")).unwrap();
    assert_eq!(out, "The meeting was held.\n\nThe chairman spoke.\n", "{transcript}");
}
