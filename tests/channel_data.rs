//! The embedded OCR error model: its manifest, and that it is reproduced exactly from the
//! training set it names (`tools/train_channel.sh --check` does the same from the shell).

use std::path::{Path, PathBuf};

use scanno::channel::Trainer;
use serde_json::Value;

mod common;
use common::sha256;

fn channel_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/channel")
}

/// `(sha256, path relative to data/channel)` for each manifest line.
fn manifest() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(channel_dir().join("MANIFEST")).expect("data/channel/MANIFEST");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (sum, file) = l.split_once("  ").expect("MANIFEST line: SHA256  FILE");
            (sum.to_string(), file.to_string())
        })
        .collect()
}

/// The training set the manifest names, when this checkout has `../shared` beside it. CI
/// always has it, so there a missing set is a failure rather than a skip.
fn training_set() -> Option<(PathBuf, String)> {
    let (sum, file) = manifest().into_iter().find(|(_, f)| f.ends_with(".jsonl"))?;
    let path = channel_dir().join(file);
    if path.exists() {
        return Some((path, sum));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: CI needs the training set to check the model",
        path.display()
    );
    eprintln!("skipped: {} not found", path.display());
    None
}

#[test]
fn embedded_model_and_counts_match_manifest() {
    for file in ["default.bin", "counts.bin"] {
        let (sum, _) = manifest()
            .into_iter()
            .find(|(_, f)| f == file)
            .unwrap_or_else(|| panic!("MANIFEST lists {file}"));
        let bytes = std::fs::read(channel_dir().join(file)).unwrap();
        assert_eq!(sha256(&bytes), sum, "{file} differs from MANIFEST: rerun tools/train_channel.sh");
    }
}

#[test]
fn embedded_model_is_reproduced_from_the_training_set() {
    let Some((path, sum)) = training_set() else { return };
    let data = std::fs::read(&path).unwrap();
    assert_eq!(sha256(&data), sum, "{} changed since the model was trained", path.display());
    let mut trainer = Trainer::new();
    for line in std::str::from_utf8(&data).unwrap().lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        trainer.add_document(v["ocr"].as_str().unwrap(), v["gt"].as_str().unwrap());
    }
    for (file, retrained) in [("default.bin", trainer.finish().to_bytes()), ("counts.bin", trainer.to_bytes())] {
        let committed = std::fs::read(channel_dir().join(file)).unwrap();
        assert!(
            retrained == committed,
            "data/channel/{file} is not what {} trains: rerun tools/train_channel.sh",
            path.display()
        );
    }
    // The counts embedded for adaptation read back as the same counts.
    assert_eq!(scanno::channel::Trainer::embedded().to_bytes(), trainer.to_bytes());
}
