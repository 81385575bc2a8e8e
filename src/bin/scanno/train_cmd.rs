//! `scanno train PAIRS.jsonl... -o model.bin`: learns an OCR error model (see
//! `scanno::channel`) from OCR / ground-truth pairs and writes only its weights.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use clap::Args;
use scanno::channel::Trainer;
use scanno::Error;
use serde_json::Value;

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// JSON Lines files, one document a line, with string fields `ocr` (what the OCR read)
    /// and `gt` (the human-corrected text).
    #[arg(required = true, value_name = "PAIRS.jsonl")]
    pub inputs: Vec<PathBuf>,

    /// Where to write the model (load it with `Channel::from_bytes`; the embedded default is
    /// `data/channel/default.bin`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,

    /// Also write the counts the model was made from (what collection adaptation adds a
    /// collection's own counts to; the embedded ones are `data/channel/counts.bin`).
    #[arg(long, value_name = "FILE")]
    pub counts: Option<PathBuf>,

    /// No summary on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Reads every pair, trains, writes the model. Returns the exit code.
pub fn run(args: &TrainArgs) -> Result<i32, Error> {
    let mut trainer = Trainer::new();
    let mut docs = 0u64;
    for path in &args.inputs {
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).at(path))?;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| Error::from(e).at(path))?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| {
                Error::bad_data(why.to_string())
                    .at(path)
                    .on_line(n as u64 + 1)
            };
            let v: Value =
                serde_json::from_str(&line).map_err(|e| bad(&format!("not JSON: {e}")))?;
            let (Some(ocr), Some(gt)) = (
                v.get("ocr").and_then(Value::as_str),
                v.get("gt").and_then(Value::as_str),
            ) else {
                return Err(bad("a record needs string fields \"ocr\" and \"gt\""));
            };
            trainer.add_document(ocr, gt);
            docs += 1;
        }
    }
    let model = trainer.finish();
    let bytes = model.to_bytes();
    crate::files::write_atomic(&args.out, &bytes)?;
    if let Some(path) = &args.counts {
        crate::files::write_atomic(path, &trainer.to_bytes())?;
    }
    if !args.quiet {
        eprintln!(
            "scanno: trained on {docs} documents ({} aligned words): {} rules, {} bytes -> {}",
            trainer.words(),
            model.rules().len(),
            bytes.len(),
            args.out.display()
        );
    }
    Ok(0)
}
