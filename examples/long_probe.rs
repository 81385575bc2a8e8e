//! Probe of the long-word readings (issue #21): reads `word [TAB truth]` lines and prints,
//! per word, `word TAB truth TAB garble TAB best_other_rel TAB truth_retrieved_rank TAB
//! best_long TAB best_long_rel TAB best_long_logf TAB second_rel TAB truth_rel TAB truth_logf`.
//! For fitting `LongParams` on train/ only.
//!
//!   cargo run --release --example long_probe < words.tsv

use std::io::{BufRead, Write};

use scanno::channel::{fold_into, Channel};
use scanno::correct::longword::{LongIndex, LongParams};
use scanno::correct::Corrector;
use scanno::Lexicon;

fn main() {
    let lexicon = Lexicon::embedded();
    let channel = Channel::embedded();
    let p = LongParams::default();
    let t0 = std::time::Instant::now();
    let index = LongIndex::shared(&lexicon, &p);
    eprintln!("index of {} words in {:?}", index.len(), t0.elapsed());
    let corrector = Corrector::new(&lexicon, channel);
    let stdin = std::io::stdin();
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut ids, mut out, mut chars, mut printed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let total = lexicon.total() as f32;
    for line in stdin.lock().lines().map_while(Result::ok) {
        let f: Vec<&str> = line.split('\t').collect();
        let word = f[0];
        let truth = f.get(1).copied().unwrap_or("");
        if !fold_into(word, &mut chars) || lexicon.freq(word) > 0 {
            continue;
        }
        let keep = channel.keep_cost() * chars.len() as f32;
        corrector.suggest(word, None, None, &mut out);
        let other = out.iter().filter(|s| !s.keep).map(|s| s.channel - keep).fold(f32::NEG_INFINITY, f32::max);
        index.query(&chars, p.len_slack, p.retrieve, p.max_postings, &mut ids);
        let rank = ids.iter().position(|&id| index.word(id).0.iter().collect::<String>() == truth);
        let mut scored: Vec<(String, f32, f32)> = ids
            .iter()
            .map(|&id| {
                let (v, f) = index.word(id);
                (v.iter().collect::<String>(), channel.log_prob(v, &chars) - keep, (f as f32 / total).ln())
            })
            .collect();
        scored.sort_by(|a, b| (b.1 + b.2).total_cmp(&(a.1 + a.2)));
        let (bw, bc, bf) = scored.first().cloned().unwrap_or_default();
        let second = scored.get(1).map_or(f32::NEG_INFINITY, |s| s.1 + s.2);
        let (tc, tf) = if fold_into(truth, &mut printed) && lexicon.freq(truth) > 0 {
            (channel.log_prob(&printed, &chars) - keep, (lexicon.freq(truth) as f32 / total).ln())
        } else {
            (f32::NEG_INFINITY, f32::NEG_INFINITY)
        };
        let _ = writeln!(
            w,
            "{word}\t{truth}\t{:.3}\t{:.2}\t{}\t{bw}\t{bc:.2}\t{bf:.2}\t{second:.2}\t{tc:.2}\t{tf:.2}\t{}",
            index.garble(&chars),
            other,
            rank.map_or(-1, |r| r as i64),
            out.first().map_or("", |s| if s.keep { "=" } else { s.word.as_str() }),
        );
    }
}
