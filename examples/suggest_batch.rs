//! Batch form of `scanno suggest` for `tools/buckets.py`: reads `word TAB left TAB right TAB
//! truth` lines on standard input and prints, per line, `in_lexicon TAB truth_in_lexicon TAB
//! truth_rank TAB top TAB top_confidence TAB truth_confidence` (rank -1: the corrector has no
//! such reading; rank 0 is the reading it prefers, which may be keeping the word).
//!
//!   cargo run --release --example suggest_batch < words.tsv

use std::io::{BufRead, Write};

use scanno::channel::Channel;
use scanno::correct::Corrector;
use scanno::Lexicon;

fn main() {
    let lexicon = Lexicon::embedded();
    let corrector = Corrector::as_in_clean(&lexicon, Channel::embedded());
    let stdin = std::io::stdin();
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let mut out = Vec::new();
    for line in stdin.lock().lines().map_while(Result::ok) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let some = |s: &str| (!s.is_empty()).then(|| s.to_lowercase());
        let (left, right) = (some(f[1]), some(f[2]));
        corrector.suggest(f[0], left.as_deref(), right.as_deref(), &mut out);
        let truth = f[3].to_lowercase();
        let rank = out.iter().position(|s| s.word == truth && !(s.keep && truth != f[0].to_lowercase()));
        let (top, top_conf) = out.first().map_or(("", 0.0), |s| (s.word.as_str(), s.confidence));
        let truth_conf = rank.map_or(0.0, |r| out[r].confidence);
        let _ = writeln!(
            w,
            "{}\t{}\t{}\t{}\t{:.3}\t{:.3}",
            lexicon.freq(&f[0].to_lowercase()) > 0,
            lexicon.freq(&truth) > 0,
            rank.map_or(-1, |r| r as i64),
            top,
            top_conf,
            truth_conf
        );
    }
}
