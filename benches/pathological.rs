//! Cleaning 1 MB of pathological text (`tests/common/pathological.rs`): one long token,
//! capitals, hyphen-joined words, punctuation, broken lines, and distinct unknown words
//! (the candidate search's worst case). `tests/pathological.rs` bounds the same cases.

#[path = "../tests/common/pathological.rs"]
mod pathological;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use scanno::{Cleaner, Lexicon, Options};

fn bench_pathological(c: &mut Criterion) {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    let mut cases = pathological::cases(1_000_000);
    // 200 KB: a candidate search per distinct unknown word makes 1 MB take about 30 s.
    cases.push(("distinct_garbage_200KB", pathological::distinct_garbage(200_000)));
    for (name, text) in &cases {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| b.iter(|| cleaner.clean(black_box(text))));
    }
    g.finish();
}

criterion_group!(benches, bench_pathological);
criterion_main!(benches);
