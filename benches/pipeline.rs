//! Throughput of tokenising, each pipeline stage and the whole `clean`, on the seed
//! documents and on a longer text assembled from them (about 1 MB).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use scanno::pipeline::{default_stages, Context, Options};
use scanno::doc::Doc;
use scanno::tokens::{tokens, Vocab};
use scanno::{Cleaner, Lexicon};

fn seeds() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy()[..3].to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

/// About 1 MB: the seeds repeated, as a long scan would be.
fn long_text() -> String {
    let all: String = seeds().into_iter().map(|(_, t)| t + "\n\n").collect();
    all.repeat(1_000_000 / all.len() + 1)
}

fn bench_tokens(c: &mut Criterion) {
    let text = long_text();
    let mut g = c.benchmark_group("tokenise");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("whitespace_tokens_1MB", |b| b.iter(|| tokens(black_box(&text)).count()));
    g.bench_function("vocab_of_1MB", |b| b.iter(|| Vocab::of(black_box(&text))));
    g.bench_function("doc_1MB", |b| b.iter(|| Doc::new(black_box(&text)).tokens.len()));
    g.finish();
}

fn bench_stages(c: &mut Criterion) {
    let lexicon = Lexicon::embedded();
    let options = Options::default();
    let text = long_text();
    let vocab = Vocab::of(&text);
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    // Each stage on the text as the stages before it leave it.
    let mut current = text.clone();
    for stage in default_stages() {
        let cx = Context { lexicon: &lexicon, vocab: &vocab, batch: None, options: &options };
        let mut out = Vec::new();
        // The pipeline builds the document model once per text (`tokenise/doc_1MB`).
        let doc = Doc::new(&current);
        g.bench_function(BenchmarkId::new(stage.name(), "1MB"), |b| {
            b.iter(|| {
                out.clear();
                stage.propose(black_box(&doc), &cx, &mut out);
            })
        });
        out.clear();
        stage.propose(&doc, &cx, &mut out);
        let accepted: Vec<_> = scanno::edit::drop_overlaps(out.into_iter().filter(|e| e.confidence >= options.min_confidence).collect());
        current = scanno::edit::apply(&current, &accepted).expect("stage edits apply");
    }
    g.finish();
}

fn bench_clean(c: &mut Criterion) {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let mut g = c.benchmark_group("clean");
    for (name, text) in seeds() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(BenchmarkId::new("seed", name), |b| b.iter(|| cleaner.clean(black_box(&text))));
    }
    let text = long_text();
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("long_1MB", |b| b.iter(|| cleaner.clean(black_box(&text))));
    // The same with the full candidate search instead of the misreading index.
    let thorough = Cleaner::new(Lexicon::embedded(), Options { thorough: true, ..Options::default() });
    g.bench_function("long_1MB_thorough", |b| b.iter(|| thorough.clean(black_box(&text))));
    g.finish();
}

/// The development OCR with each document once (about 1.2 MB, as `tools/throughput.py`
/// assembles it), read from `../shared/eval/data` (never copied into the repository); the
/// long seed text when that folder is missing.
fn distinct_text() -> (String, &'static str) {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/data");
    let mut texts = Vec::new();
    for set in ["overproof-ca.jsonl", "icdar2017-en.jsonl"] {
        let Ok(lines) = std::fs::read_to_string(format!("{data}/{set}")) else {
            return (long_text(), "seeds_1MB");
        };
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            texts.push(record["ocr"].as_str().expect("an ocr field").to_string());
        }
    }
    (texts.join("\n\n"), "dev_ocr_1.2MB")
}

/// Layout and word boundaries only (`scanno clean FILE --disable correction --disable column
/// --no-adapt`): every round of the stages, as the command runs them. The thread's caches
/// (lexicon look-ups, segment's verdicts) stay warm from one iteration to the next, as for
/// repeated text; the first iteration is the cold run.
fn bench_boundaries(c: &mut Criterion) {
    use scanno::edit::EditKind;
    let options = Options { disabled: vec![EditKind::Correction, EditKind::Column], ..Options::default() };
    let cleaner = Cleaner::new(Lexicon::embedded(), options);
    let (text, name) = distinct_text();
    let mut g = c.benchmark_group("boundaries");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function(name, |b| b.iter(|| cleaner.clean(black_box(&text))));
    // The document model after a stage's edits: the tokens around each edit read again, the
    // rest moved over (`Doc::after_edits`), against reading the edited text in full.
    let edits: Vec<(std::ops::Range<usize>, usize)> = text
        .match_indices(" the ")
        .step_by(20)
        .map(|(at, _)| (at + 1..at + 4, 3))
        .collect();
    let edited = {
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (span, _) in &edits {
            out.push_str(&text[from..span.start]);
            out.push_str("tho");
            from = span.end;
        }
        out.push_str(&text[from..]);
        out
    };
    g.bench_function(BenchmarkId::new("doc_after_edits", name), |b| {
        b.iter_batched(
            || Doc::new(&text).into_parts(),
            |parts| Doc::after_edits(parts, &text, &edits, black_box(&edited), None).tokens.len(),
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function(BenchmarkId::new("doc_new", name), |b| b.iter(|| Doc::new(black_box(&edited)).tokens.len()));
    // Line joins, as the reflow stage makes them: each line break inside a paragraph becomes
    // a space. The tokens read again are the old ones, which keep what they remembered.
    let joins: Vec<(std::ops::Range<usize>, usize)> = text
        .match_indices('\n')
        .filter(|&(at, _)| at > 0 && !text[..at].ends_with('\n') && !text[at + 1..].starts_with('\n'))
        .map(|(at, _)| (at..at + 1, 1))
        .collect();
    let joined: String = text
        .char_indices()
        .map(|(at, c)| if joins.binary_search_by_key(&at, |(r, _)| r.start).is_ok() { ' ' } else { c })
        .collect();
    g.bench_function(BenchmarkId::new("doc_after_line_joins", name), |b| {
        b.iter_batched(
            || Doc::new(&text).into_parts(),
            |parts| {
                let mut changes = scanno::doc::WordChanges::default();
                Doc::after_edits(parts, &text, &joins, black_box(&joined), Some(&mut changes)).tokens.len()
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn bench_open(c: &mut Criterion) {
    c.bench_function("lexicon_embedded_open", |b| b.iter(Lexicon::embedded));
}

criterion_group!(benches, bench_tokens, bench_stages, bench_clean, bench_boundaries, bench_open);
criterion_main!(benches);
