//! Interleaved columns on the seed fixtures, through the whole pipeline with the embedded lexicon.

use scanno::{columns, Cleaner, EditKind, Lexicon, Options};

fn seed(name: &str) -> String {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const SEED_000: &str = "000_e899c1d5a41cee12.txt";

/// Seed 000's first article was zoned across two columns. The stage finds the passage where
/// the broken words pin the reading down, applies it, and the first lines of each column read
/// on with their broken words rejoined.
#[test]
fn seed_000_interleaved_article_is_found() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let text = seed(SEED_000);
    let out = cleaner.clean(&text);
    let column: Vec<_> = out
        .edits
        .iter()
        .chain(&out.suggestions)
        .filter(|e| e.kind == EditKind::Column && !e.after.is_empty())
        .collect();
    let first = column
        .iter()
        .find(|e| e.before.contains("reconstrucfreedom"))
        .unwrap_or_else(|| panic!("no column edit covers the first article: {column:#?}"));
    for w in ["reconstruction", "circumstances", "encouraged", "venture"] {
        assert!(
            first.after.contains(w),
            "{w:?} not rejoined: {:?}",
            first.after
        );
    }
    assert!(first.confidence >= 0.5, "{first:#?}");
    assert!(first.reason.contains("interleaved columns"));
    // Column A's and column B's opening lines, as a reader of the page would read them (in
    // the edit: later stages may correct other words of the text).
    for reading in [
        "Russia would mean no support but only a hindrance in the reconstruction of Russia. \
         Under no circumstances, therefore, is it to be encouraged.",
        "and seek freedom from it, may emigrate to Russia. This is especially true since the \
         inauguration of the Kuzbas venture. Not only was the truth about",
    ] {
        assert!(
            first.after.contains(reading),
            "missing {reading:?} in {:?}",
            first.after
        );
    }
    assert!(out.text.contains(
        "the reconstruction of Russia. Under no circumstances, therefore, is it to be encouraged."
    ));
    assert!(!out.text.contains("reconstrucfreedom"));
}

/// Ordinary layouts a column detector could mistake for interleaving: none is touched.
#[test]
fn single_column_lists_verse_and_tables_are_untouched() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let texts = [
        // Flattened single-column prose with OCR splits and a hyphenated compound.
        "The Board of Aldermen met on Tuesday evening in the council chamber, the Mayor presiding. \
         The report of the committee on streets was read and ac cepted, and the petition of the \
         residents of Water street for a new side-walk was referred to the same committee. Mr. \
         Hartley moved that the city engineer be instructed to prepare plans for the improve ment \
         of the bridge over the creek, which was carried. The treasurer reported a balance of \
         $1,214.37 in the general fund. An ordinance regulating the speed of horses and car riages \
         within the city limits was given its first reading. The board then adjourned to meet on \
         the first Tuesday of next month, when the matter of the water-works will be taken up.",
        // A list.
        "PRICES CURRENT.\n\nFlour, per bbl. $5.50\nCorn meal, per cwt. 1.40\nOats, per bu. .38\n\
         Butter, per lb. .22\nEggs, per doz. .18\nPotatoes, per bu. .65\nHay, per ton 9.00\n\
         Salt, per bbl. 1.10\nSugar, granulated, per lb. .06\nCoffee, roasted, per lb. .25\n",
        // Verse.
        "THE OLD MILL.\n\nBeside the stream the old mill stands,\nIts wheel is still and gray;\n\
         The hands that turned it, willing hands,\nHave long since passed away.\n\n\
         No more the miller's cheery song\nRings out across the lea;\nThe waters idly drift along\n\
         Unheeded to the sea.\n",
        // A table of results.
        "Ward. Smith. Jones. Total.\nFirst 412 388 800\nSecond 296 341 637\nThird 505 277 782\n\
         Fourth 198 420 618\nFifth 377 365 742\nTotals 1,788 1,791 3,579\n",
    ];
    for t in texts {
        let column = column_edits(&cleaner.clean(t));
        assert!(column.is_empty(), "{t:?}: {column:#?}");
        assert!(
            columns::find_passages(t, cleaner.lexicon(), &scanno::tokens::Vocab::of(t)).is_empty()
        );
    }
}

/// The column edits proposed for a document, applied or only suggested.
fn column_edits(out: &scanno::Cleaned) -> Vec<scanno::Edit> {
    out.edits.iter().chain(&out.suggestions).filter(|e| e.kind == EditKind::Column).cloned().collect()
}

#[test]
fn seeds_001_to_003_are_not_rearranged() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    for name in [
        "001_2066ab160ef91d65.txt",
        "002_d903febb1323d2e1.txt",
        "003_433724ecc4e9efcf.txt",
    ] {
        let column = column_edits(&cleaner.clean(&seed(name)));
        assert!(column.is_empty(), "{name}: {column:#?}");
    }
}

#[test]
fn seed_000_garbage_at_the_end_is_flagged() {
    let text = seed(SEED_000);
    let regions = columns::garbage_regions(&text);
    assert!(
        regions
            .iter()
            .any(|r| text[r.clone()].contains("hat link in the chain of observer")),
        "{regions:?}"
    );
    assert!(
        regions
            .iter()
            .any(|r| text[r.clone()].contains("segment on the Trail of International")),
        "{regions:?}"
    );
    // The article itself is not garbage.
    let article_end = text.find("An Open Letter from").expect("seed text");
    assert!(regions.iter().all(|r| r.start > article_end), "{regions:?}");
    // Through the pipeline: reported as suggestions that no threshold in use applies.
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let out = cleaner.clean(&text);
    let flags: Vec<_> = out
        .suggestions
        .iter()
        .filter(|e| e.kind == EditKind::Column && e.reason.contains("garbage"))
        .collect();
    assert!(
        flags
            .iter()
            .any(|e| e.before.contains("hat link in the chain")),
        "{flags:#?}"
    );
    assert!(flags.iter().all(|e| e.confidence < 0.05));
    assert!(out
        .text
        .contains("the hat link in the chain of observer, the hat link"));
}

/// The reading a reader expects of seed 000's first article: two coherent columns with the
/// words broken across the column boundary rejoined. Not yet reached: the line-by-line
/// segmentation from word-pair counts is not reliable enough (see src/columns.rs), so the
/// passage is only suggested; this test applies every suggestion to see the full reading.
#[test]
#[ignore = "column reading of seed 000 not yet reliable"]
fn seed_000_reads_as_two_columns() {
    let options = Options {
        min_confidence: 0.3,
        ..Options::default()
    };
    let cleaner = Cleaner::new(Lexicon::embedded(), options);
    let out = cleaner.clean(&seed(SEED_000));
    for w in [
        "reconstruction",
        "circumstances",
        "encouraged",
        "venture",
        "Kuzbas",
        "industries",
        "self-evident",
        "mechanics",
        "occupy",
        "intelligentsia",
    ] {
        assert!(out.text.contains(w), "missing {w:?}");
    }
    for broken in [
        "reconstrucfreedom",
        "encourthe",
        "venaged",
        "intelligenthe",
        "Kuz-Russia",
        "circum-Russia",
    ] {
        assert!(!out.text.contains(broken), "still there: {broken:?}");
    }
    assert!(out.text.contains(
        "Soviet Russia would mean no support but only a hindrance in the reconstruction of Russia"
    ));
    assert!(out
        .text
        .contains("in other countries who are disgusted with capitalist"));
}

/// Development aid, not a check: `COLUMNS_EVAL=path/to/set.jsonl cargo test --release --test
/// columns eval_debug -- --ignored --nocapture` prints the passages found in each document's
/// `ocr` field and the time taken. Reads the file at run time; no text is kept in the repo.
#[test]
#[ignore = "development aid; needs COLUMNS_EVAL"]
fn eval_debug() {
    let Ok(path) = std::env::var("COLUMNS_EVAL") else {
        return;
    };
    let verbose = std::env::var("COLUMNS_VERBOSE").is_ok();
    let lex = Lexicon::embedded();
    let data = std::fs::read_to_string(&path).expect("eval file");
    let (mut bytes, mut secs, mut found) = (0usize, 0f64, 0usize);
    for line in data.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("json line");
        let ocr = row["ocr"].as_str().unwrap_or("");
        let vocab = scanno::tokens::Vocab::of(ocr);
        let t0 = std::time::Instant::now();
        let ps = columns::find_passages(ocr, &lex, &vocab);
        let dt = t0.elapsed().as_secs_f64();
        bytes += ocr.len();
        secs += dt;
        found += ps.len();
        if ps.is_empty() && !verbose {
            continue;
        }
        println!("== {} {} bytes {:.1} ms", row["id"], ocr.len(), dt * 1e3);
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
        "{found} passages; {bytes} bytes in {secs:.3} s = {:.2} MB/s",
        bytes as f64 / secs / 1e6
    );
}
