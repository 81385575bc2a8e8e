//! `scanno apply REPORT`: write exactly the edits left in a report from
//! `scanno clean --format json` or `--format edits` (one line per edit), after a person has
//! deleted the ones they do not want (or changed their `after`).
//!
//! Every file is checked first (unchanged since the report, edits applicable); a file that
//! fails the check is refused (not written, exit 2) and the others are written.
//! `suggestions` are never applied (the summary says how many were left): move one into
//! `edits`, or set a suggestion line's `"suggestion"` to false, to apply it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use clap::Args;
use scanno::edit::{self, Edit};
use scanno::{Cleaned, EditKind, Error};
use serde_json::Value;

use crate::files::{self, Job};
use crate::report;

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A report written by `scanno clean … --format json` or `--format edits` (`-` reads
    /// standard input). File
    /// paths in it are read as written, relative to the folder `clean` ran in.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    /// Write the results under this folder (paths relative to the folder the report's files
    /// share) instead of rewriting the files in place.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Check the report against the files and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 100, value_name = "MB")]
    pub max_file_size: u64,

    /// No summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// One document of the report.
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub input_hash: String,
    pub edits: Vec<Edit>,
    /// Line of the report it came from (1-based).
    pub line: u64,
    /// Suggestions in the report for this document, not applied.
    pub suggestions: usize,
}

/// Parses a report. Each line is one JSON object, of either shape:
/// - a document (`clean --format json`): `path`, `input_hash`, `edits` (a list; optional);
/// - one edit (`clean --format edits`): `path`, `input_hash` and the edit's own fields; a line
///   with `"suggestion": true` is not applied (set it to false to apply it).
///
/// Edits of one path are gathered over all its lines, whose `input_hash` must agree. Blank
/// lines are skipped; anything malformed is an error naming the report line.
pub fn parse_report(text: &str, source: &Path) -> Result<Vec<Entry>, Error> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut documents = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let number = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let at = |msg: String| Error::bad_data(msg).at(source).on_line(number);
        let v: Value = serde_json::from_str(line).map_err(|e| at(format!("not JSON: {e}")))?;
        let path = v
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| at("no string field \"path\"".into()))?;
        if path == "<stdin>" {
            return Err(at(
                "this document was read from standard input; apply needs files".into(),
            ));
        }
        let input_hash = v
            .get("input_hash")
            .and_then(Value::as_str)
            .ok_or_else(|| at("no string field \"input_hash\"".into()))?;
        let k = *index.entry(path.to_string()).or_insert_with(|| {
            entries.push(Entry {
                path: PathBuf::from(path),
                input_hash: input_hash.to_string(),
                edits: Vec::new(),
                line: number,
                suggestions: 0,
            });
            entries.len() - 1
        });
        let entry = &mut entries[k];
        if entry.input_hash != input_hash {
            return Err(at(format!(
                "input_hash {input_hash} of {path} differs from line {} ({})",
                entry.line, entry.input_hash
            )));
        }
        if v.get("start").is_some() {
            let suggestion = match v.get("suggestion") {
                None | Some(Value::Null) => false,
                Some(b) => b
                    .as_bool()
                    .ok_or_else(|| at("`suggestion` must be true or false".into()))?,
            };
            if suggestion {
                entry.suggestions += 1;
            } else {
                entry.edits.push(parse_edit(&v).map_err(at)?);
            }
            continue;
        }
        if !documents.insert(path.to_string()) {
            return Err(at(format!("{path} appears twice in the report")));
        }
        entry.suggestions += v.get("suggestions").and_then(Value::as_array).map_or(0, Vec::len);
        let list = match v.get("edits") {
            None => continue,
            Some(list) => list
                .as_array()
                .ok_or_else(|| at("`edits` must be a list".into()))?,
        };
        for (n, e) in list.iter().enumerate() {
            let e = parse_edit(e).map_err(|m| at(format!("edit {}: {m}", n + 1)))?;
            entry.edits.push(e);
        }
    }
    Ok(entries)
}

/// `clean --format edits`: a line naming the document, then one line per edit and per
/// suggestion (`"suggestion": true`), each with the document's path and hash, so that a
/// person can delete the lines of the edits they do not want and `apply` the rest. Fields
/// come in reading order: where (`line`, 1-based, for people; `start`/`end`, byte offsets,
/// for `apply`), what, how sure, why.
pub fn edit_lines(path: &str, input: &str, cleaned: &Cleaned) -> String {
    let hash = report::content_hash(input);
    let quoted = |s: &str| Value::from(s).to_string();
    let head = format!("\"path\":{},\"input_hash\":{}", quoted(path), quoted(&hash));
    let mut out = format!("{{{head}}}\n");
    let all = cleaned
        .edits
        .iter()
        .map(|e| (e, false))
        .chain(cleaned.suggestions.iter().map(|e| (e, true)));
    let lines = report::Lines::of(input);
    for (e, suggestion) in all {
        let (line, col) = lines.line_col(e.span.start);
        let _ = write!(
            out,
            "{{{head},\"line\":\"{line}:{col}\",\"kind\":{},\"before\":{},\"after\":{},\"confidence\":{},",
            quoted(e.kind.as_str()),
            quoted(&e.before),
            quoted(&e.after),
            ((e.confidence as f64) * 1000.0).round() / 1000.0,
        );
        if suggestion {
            out.push_str("\"suggestion\":true,");
        }
        let _ = write!(out, "\"reason\":{},", quoted(&e.reason));
        if !e.alternatives.is_empty() {
            let _ = write!(
                out,
                "\"alternatives\":{},",
                Value::from(e.alternatives.clone())
            );
        }
        let _ = writeln!(out, "\"start\":{},\"end\":{}}}", e.span.start, e.span.end);
    }
    out
}

/// One edit object: `start`, `end`, `before`, `after` are required; `kind`, `confidence`,
/// `reason`, `alternatives` are kept when present.
fn parse_edit(v: &Value) -> Result<Edit, String> {
    let obj = v.as_object().ok_or("not an object")?;
    let offset = |key: &str| -> Result<usize, String> {
        obj.get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(format!("`{key}` must be a byte offset (a whole number)"))
    };
    let string = |key: &str| -> Result<String, String> {
        obj.get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(format!("`{key}` must be a string"))
    };
    let kind = match obj.get("kind") {
        None => EditKind::Correction,
        Some(k) => k
            .as_str()
            .and_then(EditKind::parse)
            .ok_or(format!("unknown kind {k}"))?,
    };
    let alternatives = match obj.get("alternatives") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Edit {
        span: offset("start")?..offset("end")?,
        before: string("before")?,
        after: string("after")?,
        kind,
        confidence: match obj.get("confidence") {
            None => 1.0,
            Some(c) => match c.as_f64() {
                Some(p) if (0.0..=1.0).contains(&p) => p as f32,
                _ => return Err(format!("`confidence` must be a number between 0 and 1, not {c}")),
            },
        },
        reason: obj
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        rule: obj
            .get("rule")
            .and_then(Value::as_str)
            .unwrap_or(kind.as_str())
            .to_string(),
        alternatives,
    })
}

/// Where each file goes under `--out`: its path relative to the deepest folder all the
/// report's files share (a folder cleaned as a whole keeps its layout).
fn relative_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let canon: Vec<PathBuf> = paths
        .iter()
        .map(|p| fs::canonicalize(p).map_err(|e| Error::from(e).at(p)))
        .collect::<Result<_, _>>()?;
    let mut common: Vec<Component<'_>> = match canon.first().and_then(|p| p.parent()) {
        Some(parent) => parent.components().collect(),
        None => return Ok(Vec::new()),
    };
    for p in &canon {
        let parts: Vec<Component<'_>> = p
            .parent()
            .map(|d| d.components().collect())
            .unwrap_or_default();
        let same = common
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a == b)
            .count();
        common.truncate(same);
    }
    let base: PathBuf = common.iter().collect();
    Ok(canon
        .iter()
        .map(|p| {
            p.strip_prefix(&base)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| p.clone())
        })
        .collect())
}

/// A document checked and ready to write.
struct Ready {
    path: PathBuf,
    rel: PathBuf,
    input: String,
    text: String,
    edits: usize,
}

/// Runs `scanno apply`. Returns the exit code.
pub fn run(args: &ApplyArgs) -> Result<i32, Error> {
    let report_text = if args.report.as_os_str() == "-" {
        let mut s = String::new();
        io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::from(e).at("<stdin>"))?;
        s
    } else {
        fs::read_to_string(&args.report).map_err(|e| Error::from(e).at(&args.report))?
    };
    let entries = parse_report(&report_text, &args.report)?;
    if entries.is_empty() {
        return Err(Error::bad_data("the report lists no documents").at(&args.report));
    }
    let max_bytes = args.max_file_size.saturating_mul(1_000_000);
    let rels = match &args.out {
        Some(_) => relative_paths(&entries.iter().map(|e| e.path.clone()).collect::<Vec<_>>())?,
        None => entries.iter().map(|e| e.path.clone()).collect(),
    };
    // Check every document before writing any; a document that fails is refused alone.
    let suggestions: usize = entries.iter().map(|e| e.suggestions).sum();
    let mut ready = Vec::with_capacity(entries.len());
    let mut refused = 0usize;
    for (entry, rel) in entries.into_iter().zip(rels) {
        match check(&entry, rel, max_bytes) {
            Ok(r) => ready.push(r),
            Err(e) => {
                refused += 1;
                eprintln!("scanno: error: {e}");
            }
        }
    }
    let edits: usize = ready.iter().map(|r| r.edits).sum();
    let refused_note = if refused > 0 {
        format!("; {refused} document{} refused (not written)", report::plural(refused))
    } else {
        String::new()
    };
    let suggestions_note = if suggestions > 0 {
        format!(
            "; {suggestions} suggestion{} not applied (set \"suggestion\" to false on a line of --format edits to apply it)",
            report::plural(suggestions)
        )
    } else {
        String::new()
    };
    if args.dry_run {
        if !args.quiet {
            eprintln!(
                "scanno: apply: report checked: {edits} edit{} in {} file{} apply cleanly{refused_note}{suggestions_note}; nothing written",
                report::plural(edits),
                ready.len(),
                report::plural(ready.len())
            );
        }
        return Ok(if refused > 0 { 2 } else { 0 });
    }
    let mut written = 0usize;
    let mut failed = 0usize;
    for r in &ready {
        let result = match &args.out {
            Some(dir) => files::write_atomic(&dir.join(&r.rel), r.text.as_bytes()).map(|_| true),
            None if r.text != r.input => {
                files::write_atomic(&r.path, r.text.as_bytes()).map(|_| true)
            }
            None => Ok(false),
        };
        match result {
            Ok(w) => written += w as usize,
            Err(e) => {
                failed += 1;
                eprintln!("scanno: error: {e}");
            }
        }
    }
    if !args.quiet {
        eprintln!(
            "scanno: apply: {edits} edit{} in {} file{}; {written} file{} written{refused_note}{suggestions_note}",
            report::plural(edits),
            ready.len(),
            report::plural(ready.len()),
            report::plural(written),
        );
    }
    Ok(if failed > 0 || refused > 0 { 2 } else { 0 })
}

/// Reads one document, checks it is the one the report describes and applies its edits.
fn check(entry: &Entry, rel: PathBuf, max_bytes: u64) -> Result<Ready, Error> {
    let job = Job {
        path: Some(entry.path.clone()),
        rel: rel.clone(),
        from_walk: false,
    };
    let decoded = files::read(&job, max_bytes)?;
    let hash = report::content_hash(&decoded.text);
    if hash != entry.input_hash {
        return Err(Error::bad_data(format!(
            "changed since the report was made (report line {}: input_hash {} but the file now hashes to {hash}); clean it again",
            entry.line, entry.input_hash
        ))
        .at(&entry.path));
    }
    let text = edit::apply(&decoded.text, &entry.edits)
        .map_err(|e| Error::bad_data(format!("report line {}: {e}", entry.line)).at(&entry.path))?;
    Ok(Ready {
        path: entry.path.clone(),
        rel,
        input: decoded.text,
        text,
        edits: entry.edits.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lines_parse_and_errors_name_the_line() {
        let good = r#"{"path":"a.txt","input_hash":"00","edits":[{"start":0,"end":4,"before":"tlie","after":"the","kind":"correction","confidence":0.9,"reason":"h/li","alternatives":["tie"]}],"suggestions":[]}"#;
        let text = format!("{good}\n\n");
        let entries = parse_report(&text, Path::new("r.jsonl")).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].edits[0].span, 0..4);
        assert_eq!(entries[0].edits[0].alternatives, ["tie"]);
        let twice = format!("{good}\n{good}\n");
        let e = parse_report(&twice, Path::new("r.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("r.jsonl:2") && e.contains("twice"), "{e}");
        let bad = r#"{"path":"a.txt","input_hash":"00","edits":[{"start":-1,"end":4,"before":"x","after":"y"}]}"#;
        let e = parse_report(bad, Path::new("r.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("edit 1") && e.contains("start"), "{e}");
        let kind = r#"{"path":"a.txt","input_hash":"00","edits":[{"start":0,"end":1,"before":"x","after":"y","kind":"magic"}]}"#;
        assert!(parse_report(kind, Path::new("r")).is_err());
        // Issue #25 Q: a confidence that is no number between 0 and 1 is refused.
        for c in [r#""high""#, "7", "-0.5", "null"] {
            let line = format!(r#"{{"path":"a.txt","input_hash":"00","edits":[{{"start":0,"end":1,"before":"x","after":"y","confidence":{c}}}]}}"#);
            let e = parse_report(&line, Path::new("r")).unwrap_err().to_string();
            assert!(e.contains("confidence"), "{c}: {e}");
        }
        assert!(parse_report(
            "{\"path\":\"<stdin>\",\"input_hash\":\"0\",\"edits\":[]}",
            Path::new("r")
        )
        .is_err());
    }

    #[test]
    fn edit_lines_round_trip_and_suggestions_apply_only_when_switched_on() {
        let input = "At tlie meeting of\n\n- 2 -\n\nthe Board, con-\ntained.\n";
        let at = |s: &str| input.find(s).unwrap();
        let tlie = Edit::new(
            input,
            at("tlie")..at("tlie") + 4,
            "the",
            EditKind::Correction,
            0.9,
            "h/li \"x\"",
        )
        .with_alternatives(vec!["tie".into()]);
        let page = Edit::new(
            input,
            at("\n\n- 2")..at("the Board"),
            " ",
            EditKind::Furniture,
            0.95,
            "page number",
        );
        let hyphen = Edit::new(
            input,
            at("-\ntained")..at("tained"),
            "",
            EditKind::Dehyphen,
            0.4,
            "break",
        );
        let cleaned = Cleaned {
            text: String::new(),
            edits: vec![tlie.clone(), page.clone()],
            suggestions: vec![hyphen.clone()],
        };
        let lines = edit_lines("dir/é.txt", input, &cleaned);
        assert_eq!(lines.lines().count(), 4, "{lines}");
        assert!(
            lines.contains("\"line\":\"1:4\",\"kind\":\"correction\""),
            "{lines}"
        );
        let entries = parse_report(&lines, Path::new("r")).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].path, PathBuf::from("dir/é.txt"));
        assert_eq!(entries[0].input_hash, report::content_hash(input));
        let got = &entries[0].edits;
        assert_eq!(got.len(), 2, "the suggestion is not applied");
        assert_eq!(
            (&got[0].span, got[0].after.as_str(), got[0].kind),
            (&tlie.span, "the", EditKind::Correction)
        );
        assert_eq!(got[0].reason, tlie.reason);
        assert_eq!(got[0].alternatives, ["tie"]);
        assert_eq!(
            (&got[1].span, got[1].kind),
            (&page.span, EditKind::Furniture)
        );
        // Deleting a line drops its edit; switching a suggestion on applies it.
        let kept: String = lines
            .lines()
            .filter(|l| !l.contains("\"furniture\""))
            .map(|l| {
                format!(
                    "{}\n",
                    l.replace("\"suggestion\":true", "\"suggestion\":false")
                )
            })
            .collect();
        let entries = parse_report(&kept, Path::new("r")).unwrap();
        let text = edit::apply(input, &entries[0].edits).unwrap();
        assert_eq!(
            text,
            "At the meeting of\n\n- 2 -\n\nthe Board, contained.\n"
        );
        // Lines of one file must agree on its hash.
        let other = lines.replacen(&report::content_hash(input), "0000", 1);
        let e = parse_report(&other, Path::new("r"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("r:2") && e.contains("differs from line 1"),
            "{e}"
        );
    }

    #[test]
    fn relative_paths_keep_the_layout_under_the_shared_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("1924/july")).unwrap();
        let a = dir.path().join("1924/july/a.txt");
        let b = dir.path().join("b.txt");
        fs::write(&a, "x").unwrap();
        fs::write(&b, "y").unwrap();
        let rels = relative_paths(&[a.clone(), b]).unwrap();
        assert_eq!(
            rels,
            [PathBuf::from("1924/july/a.txt"), PathBuf::from("b.txt")]
        );
        assert_eq!(relative_paths(&[a]).unwrap(), [PathBuf::from("a.txt")]);
    }
}
