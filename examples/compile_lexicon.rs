//! Compiles sorted TSV count lists into a scanno `.lex` file; `tools/build_lexicon.py` runs it
//! to build the embedded period lexicon.
//!
//! ```text
//! cargo run --release --example compile_lexicon -- --words W.tsv [--pairs P.tsv] [--meta M.txt] -o OUT.lex
//! ```
//! `W.tsv`: `word TAB count [TAB flags]` sorted by bytes; `P.tsv`: `w1 w2 TAB count` sorted by bytes.

use std::process::ExitCode;

fn read_tsv(path: &str, with_flags: bool) -> Result<Vec<(String, u64)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut cols = line.split('\t');
        let key = cols.next().unwrap_or("");
        let count: u64 = cols.next().and_then(|c| c.parse().ok()).ok_or(format!("{path}:{}: bad count", n + 1))?;
        let flags: u64 = if with_flags { cols.next().map_or(Ok(0), |f| f.parse()).map_err(|_| format!("{path}:{}: bad flags", n + 1))? } else { 0 };
        out.push((key.to_string(), count.min((1 << 56) - 1) | flags << 56));
    }
    Ok(out)
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let words = read_tsv(&get("--words").ok_or("--words is required")?, true)?;
    let pairs = match get("--pairs") {
        Some(p) => read_tsv(&p, false)?,
        None => Vec::new(),
    };
    let meta = match get("--meta") {
        Some(m) => std::fs::read_to_string(&m).map_err(|e| format!("{m}: {e}"))?,
        None => String::new(),
    };
    let out = get("-o").ok_or("-o OUT is required")?;
    let file = std::fs::File::create(&out).map_err(|e| format!("{out}: {e}"))?;
    let stats = scanno::lexicon::write_lex(
        std::io::BufWriter::new(file),
        words.iter().map(|(k, v)| (k.as_bytes(), *v)),
        pairs.iter().map(|(k, v)| (k.as_bytes(), *v)),
        &meta,
    )
    .map_err(|e| format!("{out}: {e}"))?;
    eprintln!("{out}: {} words, {} pairs, {} bytes", stats.words, stats.pairs, stats.bytes);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compile_lexicon: {e}");
            ExitCode::from(2)
        }
    }
}
