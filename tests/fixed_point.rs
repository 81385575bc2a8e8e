//! Cleaning is a fixed point: cleaning a cleaned dev document again changes nothing. Each
//! document is cleaned on its own, with the embedded model (what `scanno clean FILE
//! --no-adapt` does); the dev sets sit in `../shared/eval/data` beside the checkout.

use std::path::{Path, PathBuf};

use scanno::{Cleaner, Lexicon, Options};
use serde_json::Value;

/// A dev set's OCR texts, when this checkout has `../shared` beside it. CI always has it, so
/// there a missing set is a failure rather than a skip.
fn dev_set(name: &str) -> Option<Vec<(String, String)>> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/data").join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(std::env::var_os("CI").is_none(), "{} is missing: CI needs the dev sets", path.display());
        eprintln!("skipped: {} not found", path.display());
        return None;
    };
    let docs = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            (v["id"].to_string(), v["ocr"].as_str().expect("an ocr field").to_string())
        })
        .collect();
    Some(docs)
}

fn assert_fixed_point(set: &str) {
    let Some(docs) = dev_set(set) else { return };
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let mut moved = Vec::new();
    for (id, ocr) in &docs {
        let once = cleaner.clean(ocr).text;
        let twice = cleaner.clean(&once);
        if twice.text != once {
            let changes: Vec<String> =
                twice.edits.iter().take(3).map(|e| format!("{:?} -> {:?} ({})", e.before, e.after, e.rule)).collect();
            moved.push(format!("{set} {id}: {}", changes.join("; ")));
        }
    }
    assert!(moved.is_empty(), "a second clean changed {} of {} documents:\n{}", moved.len(), docs.len(), moved.join("\n"));
}

#[test]
fn overproof_documents_cleaned_twice_equal_cleaned_once() {
    assert_fixed_point("overproof-ca.jsonl");
}

#[test]
fn icdar_documents_cleaned_twice_equal_cleaned_once() {
    assert_fixed_point("icdar2017-en.jsonl");
}
