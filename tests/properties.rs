//! Property tests (issue #25 "keep it so"): on inputs made from the fixtures, cut and
//! mutated with the characters that break text tools, `Cleaner::clean` does not panic, its
//! spans are valid and on character boundaries, `edit::apply(input, edits) == text`, and
//! it is deterministic; `edit::apply` on arbitrary edits never panics and refuses exactly
//! what `edit::validate` refuses. `PROPTEST_CASES` changes the number of cases.

#[path = "common/invariants.rs"]
#[allow(dead_code)]
mod invariants;

use invariants::{Mutation, PIECES};
use once_cell::sync::Lazy;
use proptest::prelude::*;
use scanno::{Cleaner, Edit, EditKind, Lexicon, Options};

static CLEANER: Lazy<Cleaner> = Lazy::new(|| Cleaner::new(Lexicon::embedded(), Options::default()));
static FIXTURES: Lazy<Vec<String>> = Lazy::new(invariants::fixtures);

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => proptest::collection::vec(proptest::sample::select(PIECES), 1..6).prop_map(|v| v.concat()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<u16>(), prop_oneof![3 => Just(0u8), 1 => any::<u8>()], piece())
        .prop_map(|(at, remove, insert)| Mutation { at, remove, insert })
}

/// A piece of a fixture (up to 700 bytes), mutated up to 12 times.
fn input() -> impl Strategy<Value = String> {
    (0..4usize, any::<u16>(), 0..700u16, proptest::collection::vec(mutation(), 0..12)).prop_map(
        |(f, start, len, muts)| {
            let fixtures = &*FIXTURES;
            invariants::mutate(&fixtures[f % fixtures.len()], start, len, &muts)
        },
    )
}

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(cases(1500))]

    #[test]
    fn cleaning_keeps_its_invariants(input in input()) {
        if let Err(e) = invariants::check_clean(&CLEANER, &input) {
            prop_assert!(false, "{e}\ninput: {input:?}");
        }
    }
}

/// Arbitrary edits on a text: spans anywhere (in or out of bounds, on or off character
/// boundaries), `before` right or wrong, overlapping or not.
fn text_and_edits() -> impl Strategy<Value = (String, Vec<Edit>)> {
    (input(), proptest::collection::vec((any::<u16>(), 0..40usize, piece(), any::<bool>(), any::<bool>()), 0..8)).prop_map(
        |(text, raw)| {
            let edits = raw
                .into_iter()
                .map(|(at, len, after, right_before, on_boundary)| {
                    let mut start = (text.len() + 2) * at as usize / 65536;
                    let mut end = start + len;
                    if on_boundary {
                        start = invariants::floor(&text, start);
                        end = invariants::floor(&text, end).max(start);
                    }
                    let before = match text.get(start..end) {
                        Some(b) if right_before => b.to_string(),
                        _ => "x".to_string(),
                    };
                    Edit {
                        span: start..end,
                        before,
                        after,
                        kind: EditKind::Correction,
                        confidence: 0.9,
                        reason: String::new(),
                        rule: "correction".to_string(),
                        alternatives: Vec::new(),
                    }
                })
                .collect();
            (text, edits)
        },
    )
}

proptest! {
    #![proptest_config(cases(3000))]

    #[test]
    fn applying_edits_never_panics_and_refuses_what_validate_refuses((text, edits) in text_and_edits()) {
        if let Err(e) = invariants::check_apply(&text, &edits) {
            prop_assert!(false, "{e}\ntext: {text:?}\nedits: {edits:?}");
        }
    }
}
