//! The invariants every input keeps (issue #25 "keep it so"), and inputs to try them on:
//! fixtures cut and mutated with the characters OCR text and careless users bring.
//! Shared by `tests/properties.rs` (proptest), `examples/fuzz_long.rs` (a long random run
//! on stable) and `fuzz/` (cargo-fuzz).

use scanno::{Cleaner, Edit};

/// Pieces that have broken text tools: line-end marks, CRLF, page furniture, combining
/// marks, ligatures, long s, quotes, soft and Unicode hyphens, letters that change length
/// when lowercased ("İ", "ẞ"), zero-width and line-separator characters, OCR misreadings.
pub const PIECES: &[&str] = &[
    "-\n", "¬\n", "\u{2010}\n", "⸗\n", "\u{ad}\n", "\r\n", "\n\n", "\n", " ", "\t", "- 2 -\n", "\u{301}",
    "\u{308}", "ﬁ", "ﬀ", "ﬃ", "ſ", "’", "'", "\"", "“", "”", "1", "l", "I", "0", "O", "#", "tlie", "ami", "nro",
    "theGovernment", "hereof,and", "be'made", "£1. Is", "Gd.", "shaU", "İ", "ẞ", "ß", "ǅ", "\u{feff}",
    "\u{200b}", "\u{2028}", "\u{85}", "é", "ÉTUDE", "😀", "Ⅻ", "\u{0}", "...", "—", "/", "&c.", "(", ")",
    "con-", "tained", "exa mination", "THE GOVERNMENT", "\r", "a", "the", ",", ".",
];

/// The fixtures, read once.
pub fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).expect("fixture")).collect()
}

/// The largest char boundary at or below `at`.
pub fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One change to a text: at `at` (a fraction of its length, in 1/65536), remove up to
/// `remove` bytes and insert `insert`.
#[derive(Debug, Clone)]
pub struct Mutation {
    pub at: u16,
    pub remove: u8,
    pub insert: String,
}

/// `text[start..start + len]` (boundaries moved down to characters) with the mutations made.
pub fn mutate(text: &str, start: u16, len: u16, mutations: &[Mutation]) -> String {
    let s = floor(text, text.len() * start as usize / 65536);
    let e = floor(text, s + len as usize).max(s);
    let mut out = text[s..e].to_string();
    for m in mutations {
        let at = floor(&out, out.len() * m.at as usize / 65536);
        let end = floor(&out, at + m.remove as usize).max(at);
        out.replace_range(at..end, &m.insert);
    }
    out
}

/// Checks one edit list against its input: in bounds, on character boundaries, `before`
/// matching the input; if `applied`, also sorted and non-overlapping.
pub fn check_spans(input: &str, edits: &[Edit], applied: bool) -> Result<(), String> {
    for e in edits {
        let r = e.span.clone();
        if r.start > r.end || r.end > input.len() || !input.is_char_boundary(r.start) || !input.is_char_boundary(r.end) {
            return Err(format!("span {r:?} invalid for {} bytes", input.len()));
        }
        if input[r.clone()] != e.before {
            return Err(format!("span {r:?} holds {:?}, edit says {:?}", &input[r.clone()], e.before));
        }
        if !(0.0..=1.0).contains(&e.confidence) {
            return Err(format!("confidence {} out of 0..1", e.confidence));
        }
    }
    if applied {
        scanno::edit::validate(input, edits).map_err(|e| format!("edits: {e}"))?;
    }
    Ok(())
}

/// The invariants of `Cleaner::clean` on `input`: no panic (the caller sees one), spans
/// valid and on character boundaries, `edit::apply(input, edits) == text`, deterministic.
/// (Cleaning the output again need not be a fixed point.)
pub fn check_clean(cleaner: &Cleaner, input: &str) -> Result<(), String> {
    let out = cleaner.clean(input);
    check_spans(input, &out.edits, true)?;
    check_spans(input, &out.suggestions, false)?;
    let applied = scanno::edit::apply(input, &out.edits).map_err(|e| format!("apply: {e}"))?;
    if applied != out.text {
        return Err("apply(input, edits) != text".into());
    }
    let again = cleaner.clean(input);
    if again.text != out.text || again.edits != out.edits || again.suggestions != out.suggestions {
        return Err("not deterministic".into());
    }
    Ok(())
}

/// The invariants of `edit::apply` on any edits: no panic; when it accepts them, the result
/// is the text with each span replaced, and it refuses exactly what `validate` refuses.
pub fn check_apply(text: &str, edits: &[Edit]) -> Result<(), String> {
    let mut sorted = edits.to_vec();
    scanno::edit::sort(&mut sorted);
    let valid = scanno::edit::validate(text, &sorted).is_ok();
    match scanno::edit::apply(text, edits) {
        Ok(out) => {
            if !valid {
                return Err("apply accepted edits validate refuses".into());
            }
            let grow: isize = edits.iter().map(|e| e.after.len() as isize - e.span.len() as isize).sum();
            if out.len() as isize != text.len() as isize + grow {
                return Err("length of the result".into());
            }
            // Undo: the edits mapped onto the output give back the input.
            let mut back = Vec::new();
            let mut shift: isize = 0;
            for e in &sorted {
                let s = (e.span.start as isize + shift) as usize;
                back.push(Edit::new(&out, s..s + e.after.len(), e.before.clone(), e.kind, e.confidence, ""));
                shift += e.after.len() as isize - e.span.len() as isize;
            }
            match scanno::edit::apply(&out, &back) {
                Ok(t) if t == text => Ok(()),
                _ => Err("the inverse edits do not give back the input".into()),
            }
        }
        Err(_) if valid => Err("apply refused edits validate accepts".into()),
        Err(_) => Ok(()),
    }
}
