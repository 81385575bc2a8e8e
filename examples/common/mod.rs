//! What the misreading-index and search-cost examples both read: the OCR of a JSONL set and
//! its words the lexicon lacks. (A folder without `main.rs`: not an example of its own.)

use scanno::channel::fold_into;
use scanno::Lexicon;

/// The `ocr` field of each record of the JSONL file at `path`.
pub fn ocr_of(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        out.push(v["ocr"].as_str().ok_or(format!("{path}:{}: no \"ocr\"", n + 1))?.to_string());
    }
    Ok(out)
}

/// The folded words of `texts` the lexicon lacks (tokens, with repeats).
pub fn unknown_tokens(lexicon: &Lexicon, texts: &[String]) -> Vec<String> {
    let mut chars = Vec::new();
    texts
        .iter()
        .flat_map(|t| scanno::channel::words(t))
        .filter_map(|w| {
            (fold_into(&w, &mut chars) && chars.len() >= 2 && chars.iter().any(|c| c.is_alphabetic()))
                .then(|| chars.iter().collect::<String>())
        })
        .filter(|k| lexicon.freq(k) == 0)
        .collect()
}
