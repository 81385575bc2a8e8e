//! Fitting aid for the run-length column reading (issue 23): runs the stages before the
//! column stage on every `IN_DIR/*.txt`, then only the run reading ([`columns::run_passages`])
//! with the parameters given, applies the passages found and writes `OUT_DIR/<name>.txt`, so
//! that the evaluation scorer can measure `order` on synthetic interleavings built from the
//! training set (`tools/columns_synth.py`). Prints one line per file with a passage found:
//! name, runs, gain per run, widths.
//!
//! ```text
//! cargo build --release --example columns_fit
//! python3 tools/columns_synth.py /tmp/syn_fit.jsonl --split fit
//! python3 ../shared/eval/score.py /tmp/syn_fit.jsonl \
//!   --cmd 'target/release/examples/columns_fit {in_dir} {out_dir} len_weight=1.0 min_per_run=2'
//! ```
//! Parameters are `name=value` pairs of [`columns::RunParams`].

use scanno::columns::{self, RunParams};
use scanno::{Cleaner, Lexicon, Options};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = (&args[0], &args[1]);
    let mut p = RunParams::default();
    for a in &args[2..] {
        let (k, v) = a.split_once('=').expect("name=value");
        let f: f32 = v.parse().expect("number");
        match k {
            "len_weight" => p.len_weight = f,
            "lm_weight" => p.lm_weight = f,
            "sigma" => p.sigma = f,
            "p_one" => p.p_one = f,
            "p_two" => p.p_two = f,
            "p_short" => p.p_short = f,
            "p_mixed" => p.p_mixed = f,
            "para_inside" => p.para_inside = f,
            "run_bonus" => p.run_bonus = f,
            "short_open" => p.short_open = f,
            "min_per_run" => p.min_per_run = f,
            "min_runs" => p.min_runs = f as usize,
            "screen_per_run" => p.screen_per_run = f,
            _ => panic!("unknown parameter {k}"),
        }
    }
    let lex = Lexicon::embedded();
    if input.ends_with(".jsonl") {
        // Oracle: the true reading's score against the best found (synthetic sets with
        // `lines`), on the raw OCR text.
        for line in std::fs::read_to_string(input).expect("read").lines() {
            let row: serde_json::Value = serde_json::from_str(line).expect("json");
            let text = row["ocr"].as_str().unwrap_or("");
            let lines: Vec<(usize, u8)> = row["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|l| (l[0].as_u64().unwrap() as usize, l[1].as_u64().unwrap() as u8))
                .collect();
            let vocab = scanno::tokens::Vocab::of(text);
            println!("{} {}", row["id"], columns::runs::oracle(text, &lex, &vocab, &lines, &p));
        }
        return;
    }
    let before = Cleaner::with_stages(
        Lexicon::embedded(),
        Options::default(),
        scanno::pipeline::stages_before("columns"),
    );
    std::fs::create_dir_all(output).expect("out dir");
    let mut names: Vec<_> = std::fs::read_dir(input)
        .expect("in dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for path in names {
        let raw = std::fs::read_to_string(&path).expect("read");
        let text = before.clean(&raw).text;
        let vocab = scanno::tokens::Vocab::of(&text);
        if std::env::var_os("SHOW").is_some() {
            for (span, rd, idx) in columns::runs::find(&text, &lex, &vocab, &p) {
                let ws: Vec<&str> = text.split_whitespace().collect();
                println!("passage {span:?} score {:.1} widths {:?} tail {}", rd.score, rd.widths, rd.tail);
                for r in &rd.runs {
                    let words: Vec<&str> = (r.start..r.end).map(|i| ws[idx[i]]).collect();
                    let t = words.join(" ");
                    println!("  {} {:3} {}", r.stream, t.chars().count(), t);
                }
            }
        }
        let mut found = columns::run_passages(&text, &lex, &vocab, &p);
        found.sort_by_key(|q| std::cmp::Reverse(q.span.start));
        let mut out = text.clone();
        for q in &found {
            println!(
                "{} runs {} gain/run {:.2} conf {:.2}",
                path.file_name().unwrap().to_string_lossy(),
                q.segments,
                q.gain / q.segments.max(1) as f32,
                q.confidence
            );
            out.replace_range(q.span.clone(), &q.rearranged);
        }
        std::fs::write(std::path::Path::new(output).join(path.file_name().unwrap()), out)
            .expect("write");
    }
}
