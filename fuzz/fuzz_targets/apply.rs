//! `cargo +nightly fuzz run apply`: arbitrary edits (spans from the bytes, in or out of
//! bounds, on or off character boundaries) through `edit::apply`, checking it never panics
//! and refuses exactly what `edit::validate` refuses.
#![no_main]

#[path = "../../tests/common/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use libfuzzer_sys::fuzz_target;
use scanno::{Edit, EditKind};

fuzz_target!(|data: &[u8]| {
    // The first bytes describe up to 8 edits (5 bytes each); the rest is the text.
    let n = (data.first().copied().unwrap_or(0) % 9) as usize;
    let head = (1 + 5 * n).min(data.len());
    let text = String::from_utf8_lossy(&data[head..]).into_owned();
    let edits: Vec<Edit> = data[1.min(head)..head]
        .chunks(5)
        .filter(|c| c.len() == 5)
        .map(|c| {
            let start = u16::from_le_bytes([c[0], c[1]]) as usize % (text.len() + 2);
            let end = start + c[2] as usize % 16;
            let before = match text.get(start..end) {
                Some(b) if c[3] & 1 == 0 => b.to_string(),
                _ => "x".to_string(),
            };
            Edit {
                span: start..end,
                before,
                after: invariants::PIECES[c[4] as usize % invariants::PIECES.len()].to_string(),
                kind: EditKind::Correction,
                confidence: 0.5,
                reason: String::new(),
                rule: "correction".to_string(),
                alternatives: Vec::new(),
            }
        })
        .collect();
    if let Err(e) = invariants::check_apply(&text, &edits) {
        panic!("{e}");
    }
});
