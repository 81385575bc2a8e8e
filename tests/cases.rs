//! The golden corpus: each `tests/cases/NAME.in` (and each seed in `fixtures/`) is cleaned by
//! the standard pipeline and compared with its snapshot `NAME.snap`: the cleaned text and every
//! edit and suggestion with its rule, kind, confidence and text. Any change of output fails
//! here; when a change is meant, rerun with `SCANNO_BLESS=1 cargo test --test cases` and commit
//! the snapshots with the change, so the diff shows what moved.
//!
//! A case named for a rule (`correct.channel.in`) is that rule's example: its edits must
//! include the rule. Every rule in `scanno::edit::RULES` has one, bar those in `NO_EXAMPLE`.

use std::path::{Path, PathBuf};

use scanno::edit::RULES;
use scanno::{Cleaner, Edit, Lexicon, Options};

/// Rules whose evidence does not fit a short text: they are covered by their stage's tests.
const NO_EXAMPLE: &[&str] = &[
    "layout.maybe_header",
    "layout.reflow_hyphen",
    "dehyphen.soft_hyphen",
    "join.soft_hyphen",
    "columns.interleave",
    "columns.garbage",
    "marks.apostrophe",
    "correct.lone_letter",
    "correct.real_word",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `(name, input, snapshot path)` for every case and seed.
fn cases() -> Vec<(String, String, PathBuf)> {
    let dir = root().join("tests/cases");
    let mut all = Vec::new();
    for (folder, ext) in [(dir.clone(), "in"), (root().join("fixtures"), "txt")] {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some(ext) {
                continue;
            }
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let name = if ext == "txt" { format!("seed_{stem}") } else { stem };
            let input = std::fs::read_to_string(&path).unwrap();
            all.push((name.clone(), input, dir.join(format!("{name}.snap"))));
        }
    }
    all.sort();
    all
}

fn line(label: &str, e: &Edit) -> String {
    format!(
        "{label} {} {} {:.2} {:?} -> {:?}\n",
        e.rule, e.kind, e.confidence, e.before, e.after
    )
}

fn snapshot(cleaner: &Cleaner, input: &str) -> String {
    let cleaned = cleaner.clean(input);
    let mut s = String::from("== edits (applied, then suggested) ==\n");
    for e in &cleaned.edits {
        s.push_str(&line("edit", e));
    }
    for e in &cleaned.suggestions {
        s.push_str(&line("suggestion", e));
    }
    s.push_str("== text ==\n");
    s.push_str(&cleaned.text);
    s
}

#[test]
fn outputs_match_their_snapshots() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let bless = std::env::var_os("SCANNO_BLESS").is_some();
    let mut changed = Vec::new();
    for (name, input, snap) in cases() {
        let got = snapshot(&cleaner, &input);
        if bless {
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&snap).unwrap_or_default();
        if got != want {
            eprintln!("--- {name}: expected ---\n{want}\n--- got ---\n{got}");
            changed.push(name);
        }
    }
    assert!(changed.is_empty(), "output changed for {changed:?}; if meant, rerun with SCANNO_BLESS=1");
}

#[test]
fn every_rule_has_an_example_that_shows_it() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    let names: Vec<String> = cases().into_iter().map(|c| c.0).collect();
    for rule in RULES {
        if NO_EXAMPLE.contains(&rule.id) {
            assert!(!names.contains(&rule.id.to_string()), "{} has an example now: take it off NO_EXAMPLE", rule.id);
            continue;
        }
        assert!(names.contains(&rule.id.to_string()), "no example tests/cases/{}.in", rule.id);
    }
    for (name, input, _) in cases() {
        let Some(rule) = RULES.iter().find(|r| r.id == name) else { continue };
        let cleaned = cleaner.clean(&input);
        let shown = cleaned
            .edits
            .iter()
            .chain(&cleaned.suggestions)
            .any(|e| e.rule.split('+').any(|r| r == rule.id));
        assert!(shown, "tests/cases/{name}.in makes no {} edit", rule.id);
    }
}

#[test]
fn every_edit_names_a_known_rule() {
    let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
    for (name, input, _) in cases() {
        let cleaned = cleaner.clean(&input);
        for e in cleaned.edits.iter().chain(&cleaned.suggestions) {
            for r in e.rule.split('+') {
                assert!(RULES.iter().any(|k| k.id == r), "{name}: edit {e:?} has rule {r:?}, not in RULES");
            }
        }
    }
}
