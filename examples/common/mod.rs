//! What the misreading-index, confusion-keys and search-cost examples share: the OCR of a
//! JSONL set, its words the lexicon lacks, their command-line arguments, and writing (or
//! checking) a built file. (A folder
//! without `main.rs`: not an example of its own.)

#![allow(dead_code)] // each example uses its own subset

use scanno::channel::fold_into;
use scanno::Lexicon;

/// The command line of an example: `--name VALUE` options (repeatable) and bare flags.
pub struct Args(Vec<String>);

impl Args {
    /// The process's arguments after the program name.
    pub fn from_env() -> Args {
        Args(std::env::args().skip(1).collect())
    }

    /// The value after the first `name`.
    pub fn value(&self, name: &str) -> Option<String> {
        self.values(name).into_iter().next()
    }

    /// The values after every `name`, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.0.windows(2).filter(|w| w[0] == name).map(|w| w[1].clone()).collect()
    }

    /// The value after `name` read as a number; an error names the option.
    pub fn number(&self, name: &str) -> Result<Option<f64>, String> {
        self.value(name).map(|v| v.parse::<f64>().map_err(|_| format!("{name}: not a number: {v}"))).transpose()
    }

    /// Whether the bare flag `name` is given.
    pub fn flag(&self, name: &str) -> bool {
        self.0.iter().any(|a| a == name)
    }
}

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

/// Writes `bytes` to `out`, or with the flag `--check` compares them with what `out`
/// holds: exit 1 when it is out of date (rebuilt with `cargo run --release --example
/// {example}`), 0 otherwise.
pub fn write_or_check(out: &str, bytes: &[u8], args: &Args, example: &str) -> Result<std::process::ExitCode, String> {
    use std::process::ExitCode;
    if args.flag("--check") {
        let old = std::fs::read(out).map_err(|e| format!("{out}: {e}"))?;
        if old != bytes {
            eprintln!("{out} is out of date: rebuild it with `cargo run --release --example {example}`");
            return Ok(ExitCode::from(1));
        }
        eprintln!("{out}: up to date ({} bytes)", bytes.len());
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::write(out, bytes).map_err(|e| format!("{out}: {e}"))?;
    eprintln!("{out}: {} bytes", bytes.len());
    Ok(ExitCode::SUCCESS)
}
