//! The dev sets through the whole pipeline. Cleaning is a fixed point: cleaning a cleaned dev
//! document again changes nothing; and the column stage leaves these single-column texts alone.
//! Each document is cleaned on its own, with the embedded model (what `scanno clean FILE
//! --no-adapt` does), and each dev set as a folder with the program's defaults (batch counts
//! and collection adaptation); the dev sets sit in `../shared/eval/data` beside the checkout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::process::Command;

use scanno::{Cleaner, EditKind, Lexicon, Options};
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

/// Each document of a dev set cleaned once on its own (id, OCR, clean), computed once per set
/// for all the tests of this file.
fn cleaned_once(set: &'static str) -> Option<&'static [(String, String, scanno::Cleaned)]> {
    static SETS: OnceLock<Mutex<BTreeMap<&'static str, &'static [(String, String, scanno::Cleaned)]>>> = OnceLock::new();
    let mut sets = SETS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(done) = sets.get(set) {
        return Some(done);
    }
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let done: Vec<_> = dev_set(set)?.into_iter().map(|(id, ocr)| {
        let once = cleaner.clean(&ocr);
        (id, ocr, once)
    }).collect();
    let done: &'static [_] = Vec::leak(done);
    sets.insert(set, done);
    Some(done)
}

fn assert_fixed_point(set: &'static str) {
    let Some(docs) = cleaned_once(set) else { return };
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let mut moved = Vec::new();
    for (id, _, once) in docs {
        let twice = cleaner.clean(&once.text);
        if twice.text != once.text {
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

/// No harm from the column stage: the dev sets are single-column newspaper and book text, so
/// it accepts no edit there, and each document's clean is byte for byte the clean without
/// the stage (`--disable column`: a stage proposes only its own kind of edit, so a clean with
/// no column edit accepted is the clean without it).
fn assert_no_column_edit(set: &'static str) {
    let Some(docs) = cleaned_once(set) else { return };
    let rearranged: Vec<String> = docs
        .iter()
        .filter(|(_, _, once)| once.edits.iter().any(|e| e.kind == EditKind::Column))
        .map(|(id, _, _)| id.clone())
        .collect();
    assert!(rearranged.is_empty(), "{set}: the column stage rearranged {rearranged:?}");
    // The claim itself, on the first documents (a clean costs seconds in a debug build).
    let without = Cleaner::new(Lexicon::embedded(), Options { disabled: vec![EditKind::Column], ..Options::default() });
    for (id, ocr, once) in docs.iter().take(5) {
        assert_eq!(without.clean(ocr).text, once.text, "{set} {id}: the clean without the column stage differs");
    }
}

#[test]
fn overproof_documents_are_not_rearranged_into_columns() {
    assert_no_column_edit("overproof-ca.jsonl");
}

#[test]
fn icdar_documents_are_not_rearranged_into_columns() {
    assert_no_column_edit("icdar2017-en.jsonl");
}

/// The `.txt` files of a folder, by name.
fn texts(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("a folder")
        .map(|e| e.expect("an entry").path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("UTF-8")))
        .collect()
}

fn clean_folder(input: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_scanno")).arg("clean").arg(input).arg("--out").arg(out).arg("-q").output().expect("scanno runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The dev set as a folder, cleaned with `scanno clean DIR --out ONCE`; ONCE cleaned again
/// the same way gives the same texts: the batch counts and the model adapted to the
/// collection, which a second run reads from the cleaned texts, change nothing.
fn assert_folder_fixed_point(set: &str) {
    let Some(docs) = dev_set(set) else { return };
    let dir = tempfile::tempdir().unwrap();
    let (input, once, twice) = (dir.path().join("in"), dir.path().join("once"), dir.path().join("twice"));
    std::fs::create_dir(&input).unwrap();
    for (i, (_, ocr)) in docs.iter().enumerate() {
        std::fs::write(input.join(format!("{i:04}.txt")), ocr).unwrap();
    }
    clean_folder(&input, &once);
    clean_folder(&once, &twice);
    let (once, twice) = (texts(&once), texts(&twice));
    assert_eq!(once.len(), docs.len());
    let moved: Vec<&String> = once.iter().filter(|(name, text)| twice.get(*name) != Some(text)).map(|(name, _)| name).collect();
    assert!(moved.is_empty(), "{set}: a second clean of the cleaned folder changed {} of {} files: {moved:?}", moved.len(), docs.len());
}

#[test]
fn overproof_folder_cleaned_twice_equals_cleaned_once() {
    assert_folder_fixed_point("overproof-ca.jsonl");
}

#[test]
fn icdar_folder_cleaned_twice_equals_cleaned_once() {
    assert_folder_fixed_point("icdar2017-en.jsonl");
}
