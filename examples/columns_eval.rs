//! Development aid for the column stage: runs the stages before it on each record's `ocr`
//! field of evaluation files (`{"id", "ocr", "gt"}` JSON Lines), finds the interleaved
//! passages, applies those at or above `--min` (default 0.5) and prints them with the share of
//! the `gt` word pairs found before and after (the `bigram` figure of the evaluation scorer).
//! The files are read at run time; no text is kept in the repository.
//!
//! With `--readings`, it instead takes the best two-column reading of every `ocr` and `gt`
//! text with no evidence threshold ([`columns::best_readings`]), prints its gain over the
//! original order, and applies all of them to the `ocr` texts: how far word-pair evidence
//! alone separates interleaved from single-column text, and how good its readings are.
//!
//! With `--lines OUT_DIR` (records with `ocr_columns` only), the line breaks of the true
//! columns are found in the raw `ocr` and given to [`columns::rows::read`], which assigns each
//! line to a stream; each record's two streams are written to `OUT_DIR/<id>.txt` for the
//! evaluation scorer's `order` figure: an upper bound on what that evidence can read when the
//! segmentation is known. With `--flat` (and `--lines OUT_DIR`) the raw `ocr` is cut into
//! lines and streams by [`columns::rows::read_flat`] with no line breaks given, and a line
//! `G id gain words gain-per-word switches widths` is printed for each record; a record whose
//! gain per word is under `--min-gain X` is written as read. Both take `name=value` settings
//! of [`columns::RowParams`].
//!
//! ```text
//! cargo run --release --example columns_eval -- ../shared/eval/data/interleave-ca.jsonl [--min 0.5] [--verbose] [--readings]
//! cargo run --release --example columns_eval -- SET.jsonl --lines OUT_DIR [--flat [--min-gain 0.02]] [line_bonus=2.5 ...]
//! ```

use scanno::{columns, Cleaner, Lexicon, Options};

fn main() {
    let mut paths = Vec::new();
    let (mut verbose, mut min, mut readings) = (false, 0.5f32, false);
    let mut lines_out: Option<String> = None;
    let mut rows = columns::RowParams::default();
    let mut flat = false;
    let mut min_gain = f64::NEG_INFINITY;
    let mut true_widths = false;
    let mut anchored = false;
    let mut true_anchors = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--verbose" => verbose = true,
            "--readings" => readings = true,
            "--lines" => lines_out = args.next(),
            "--true-widths" => true_widths = true,
            "--anchored" => anchored = true,
            "--true-anchors" => true_anchors = true,
            "--flat" => {
                flat = true;
                rows = columns::RowParams::flat();
            }
            _ if a.contains('=') => {
                let (k, v) = a.split_once('=').unwrap_or_default();
                let ok = v.parse().is_ok_and(|v| rows.set(k, v));
                assert!(ok, "unknown row parameter {a}");
            }
            "--min-gain" => min_gain = args.next().and_then(|v| v.parse().ok()).unwrap_or(min_gain),
            "--min" => min = args.next().and_then(|v| v.parse().ok()).unwrap_or(min),
            _ => paths.push(a),
        }
    }
    let lex = Lexicon::embedded();
    let before = Cleaner::with_stages(
        Lexicon::embedded(),
        Options::default(),
        scanno::pipeline::stages_before("columns"),
    );
    for path in &paths {
        let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut bytes, mut secs, mut found, mut applied) = (0usize, 0f64, 0usize, 0usize);
        let (mut total, mut hit_raw, mut hit_out) = (0usize, 0usize, 0usize);
        for line in data.lines() {
            let row: serde_json::Value = serde_json::from_str(line).expect("json line");
            if let (Some(dir), true) = (&lines_out, flat) {
                let how = if true_anchors {
                    Flat::TrueAnchors
                } else if anchored {
                    Flat::Anchored
                } else if true_widths {
                    Flat::TrueWidths
                } else {
                    Flat::Plain
                };
                write_flat_reading(&row, &lex, &rows, min_gain, how, dir);
                continue;
            }
            if let Some(dir) = &lines_out {
                write_line_reading(&row, &lex, &rows, dir);
                continue;
            }
            let text = before.clean(row["ocr"].as_str().unwrap_or("")).text;
            if readings {
                // Single-column prose of the same kind: what the search finds where there
                // is nothing to find.
                let gt_text = before.clean(row["gt"].as_str().unwrap_or("")).text;
                let gt_vocab = scanno::tokens::Vocab::of(&gt_text);
                for p in columns::best_readings(&gt_text, &lex, &gt_vocab) {
                    println!(
                        "R\t{}\tgt\t{}\t{}\t{:.1}\t{}",
                        row["id"],
                        p.span.len(),
                        p.switches,
                        p.gain,
                        p.fragments
                    );
                }
            }
            let gt = bigrams(row["gt"].as_str().unwrap_or(""));
            let vocab = scanno::tokens::Vocab::of(&text);
            let t0 = std::time::Instant::now();
            let ps = if readings {
                columns::best_readings(&text, &lex, &vocab)
            } else {
                columns::find_passages(&text, &lex, &vocab)
            };
            let dt = t0.elapsed().as_secs_f64();
            if readings {
                for p in &ps {
                    println!(
                        "R\t{}\tocr\t{}\t{}\t{:.1}\t{}",
                        row["id"],
                        p.span.len(),
                        p.switches,
                        p.gain,
                        p.fragments
                    );
                }
            }
            bytes += text.len();
            secs += dt;
            found += ps.len();
            let mut out = String::new();
            let mut at = 0;
            for p in ps.iter().filter(|p| readings || p.confidence >= min) {
                out.push_str(&text[at..p.span.start]);
                out.push_str(&p.rearranged);
                at = p.span.end;
                applied += 1;
            }
            out.push_str(&text[at..]);
            let (r, o) = (
                gt.intersection(&bigrams(&text)).count(),
                gt.intersection(&bigrams(&out)).count(),
            );
            total += gt.len();
            hit_raw += r;
            hit_out += o;
            if (ps.is_empty() && !verbose) || readings {
                continue;
            }
            println!(
                "== {} {} bytes {:.1} ms  bigrams {r} -> {o} of {}",
                row["id"],
                text.len(),
                dt * 1e3,
                gt.len()
            );
            for p in &ps {
                println!(
                    "  {:?} segs {} switches {} frags {} gain {:.1} conf {:.2}",
                    p.span, p.segments, p.switches, p.fragments, p.gain, p.confidence
                );
                if verbose {
                    println!("  >> {}", p.rearranged.replace('\n', " | "));
                }
            }
        }
        println!(
            "{path}: {found} passages ({applied} applied); bigram {:.4} -> {:.4}; {bytes} bytes in {secs:.3} s = {:.2} MB/s",
            hit_raw as f64 / total.max(1) as f64,
            hit_out as f64 / total.max(1) as f64,
            bytes as f64 / secs / 1e6
        );
    }
}

/// The evaluation scorer's word pairs: lowercase, anything but letters, digits and `_` a space.
fn bigrams(text: &str) -> std::collections::HashSet<(String, String)> {
    let norm: String = text
        .replace("—\n", "")
        .replace("¬\n", "")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let w: Vec<&str> = norm.split_whitespace().collect();
    w.windows(2)
        .map(|p| (p[0].to_string(), p[1].to_string()))
        .collect()
}

/// The `--lines` mode for one record: finds where each line of `ocr_columns` starts in the raw
/// `ocr` (the lines of the two columns, in the order read), assigns the lines to streams with
/// [`columns::rows::read`] and writes stream 0's lines, a blank line, stream 1's lines.
fn write_line_reading(
    row: &serde_json::Value,
    lex: &Lexicon,
    rows: &columns::RowParams,
    dir: &str,
) {
    let ocr = row["ocr"].as_str().unwrap_or("");
    let Some((starts, _)) = true_lines(row) else {
        return;
    };
    let vocab = scanno::tokens::Vocab::of(ocr);
    let streams = columns::rows::read(ocr, &starts, lex, &vocab, rows);
    let mut out = String::new();
    for s in 0..2u8 {
        for (k, &st) in streams.iter().enumerate() {
            if st == s {
                let end = starts.get(k + 1).copied().unwrap_or(ocr.len());
                out.push_str(ocr[starts[k]..end].trim());
                out.push('\n');
            }
        }
        out.push('\n');
    }
    write_reading(row, dir, &out);
}

/// Where each line of `ocr_columns` starts in the raw `ocr` (the lines of the two columns,
/// in the order read), and its column; None if a line is not found.
fn true_lines(row: &serde_json::Value) -> Option<(Vec<usize>, Vec<u8>)> {
    let cols = row["ocr_columns"].as_array()?;
    let ocr = row["ocr"].as_str().unwrap_or("");
    let col_lines: Vec<Vec<&str>> = cols
        .iter()
        .map(|c| {
            c.as_str()
                .unwrap_or("")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    let (mut next, mut pos, mut starts) = (vec![0usize; col_lines.len()], 0usize, Vec::new());
    let mut which = Vec::new();
    loop {
        pos += ocr[pos..].len() - ocr[pos..].trim_start().len();
        if pos >= ocr.len() {
            break;
        }
        // The longest column line that the text goes on with.
        let hit = (0..col_lines.len())
            .filter(|&c| {
                next[c] < col_lines[c].len() && ocr[pos..].starts_with(col_lines[c][next[c]])
            })
            .max_by_key(|&c| col_lines[c][next[c]].len());
        let Some(c) = hit else {
            eprintln!("{}: line at byte {pos} not found in ocr_columns", row["id"]);
            return None;
        };
        starts.push(pos);
        which.push(c as u8);
        pos += col_lines[c][next[c]].len();
        next[c] += 1;
    }
    Some((starts, which))
}

/// Writes a record's reading to `dir/<id>.txt`, the name the evaluation scorer reads.
fn write_reading(row: &serde_json::Value, dir: &str, out: &str) {
    let id = row["id"].as_str().unwrap_or("x");
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = std::path::Path::new(dir).join(format!("{name}.txt"));
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Which flat reading `--flat` writes: plain, with the true widths (`--true-widths`), or
/// anchored on recurring content words (`--anchored`).
#[derive(Clone, Copy)]
enum Flat {
    Plain,
    TrueWidths,
    Anchored,
    TrueAnchors,
}

/// The `--flat` mode for one record: the raw `ocr` cut into lines and streams by
/// [`columns::rows::read_flat`] (no line breaks given); stream 0's lines, a blank line,
/// stream 1's lines go to `OUT_DIR/<id>.txt`.
fn write_flat_reading(
    row: &serde_json::Value,
    lex: &Lexicon,
    p: &columns::RowParams,
    min_gain: f64,
    how: Flat,
    dir: &str,
) {
    let ocr = row["ocr"].as_str().unwrap_or("");
    let vocab = scanno::tokens::Vocab::of(ocr);
    let rd = match how {
        Flat::Anchored => columns::rows::read_anchored(ocr, lex, &vocab, p),
        Flat::TrueAnchors => {
            let Some((starts, cols)) = true_lines(row) else {
                return;
            };
            let truth = |b: usize| cols[starts.partition_point(|&s| s <= b).saturating_sub(1)];
            columns::rows::read_anchored_at(ocr, lex, &vocab, p, Some(&truth))
        }
        Flat::TrueWidths => columns::rows::read_flat_at(ocr, lex, &vocab, p, Some(column_widths(row))),
        Flat::Plain => columns::rows::read_flat(ocr, lex, &vocab, p),
    };
    println!(
        "G\t{}\t{:.2}\t{}\t{:.4}\t{}\t{:?}",
        row["id"],
        rd.gain,
        rd.words,
        rd.gain_per_word(),
        rd.switches(),
        rd.widths
    );
    if rd.gain_per_word() < min_gain {
        write_reading(row, dir, ocr);
        return;
    }
    let lines = &rd.lines;
    let mut out = String::new();
    for s in 0..2u8 {
        for (span, _) in lines.iter().filter(|l| l.1 == s) {
            out.push_str(&ocr[span.clone()]);
            out.push('\n');
        }
        out.push('\n');
    }
    write_reading(row, dir, &out);
}

/// Each true column's width (`ocr_columns`): the median length of its lines that are at
/// least three quarters of the longest median, so short last lines of paragraphs do not count.
fn column_widths(row: &serde_json::Value) -> [usize; 2] {
    let mut w = [0usize; 2];
    for (c, slot) in w.iter_mut().enumerate() {
        let mut lens: Vec<usize> = row["ocr_columns"][c]
            .as_str()
            .unwrap_or("")
            .lines()
            .map(|l| l.trim().len())
            .filter(|&l| l > 0)
            .collect();
        lens.sort_unstable();
        let median = lens.get(lens.len() / 2).copied().unwrap_or(30);
        lens.retain(|&l| 4 * l >= 3 * median);
        *slot = lens
            .get(lens.len() / 2)
            .copied()
            .unwrap_or(median)
            .clamp(16, 50);
    }
    w
}
