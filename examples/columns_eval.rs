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
//! ```text
//! cargo run --release --example columns_eval -- ../shared/eval/data/interleave-ca.jsonl [--min 0.5] [--verbose] [--readings]
//! ```

use scanno::{columns, Cleaner, Lexicon, Options};

fn main() {
    let mut paths = Vec::new();
    let (mut verbose, mut min, mut readings) = (false, 0.5f32, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--verbose" => verbose = true,
            "--readings" => readings = true,
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
