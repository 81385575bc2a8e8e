//! `scanno clean --jsonl`: `{"id", "text"}` records on stdin, `{"id", "text", "edits"}` on
//! stdout, in the same order, so scanno runs under any engine that pipes records through a
//! program (Spark's `RDD.pipe`, Hadoop Streaming, GNU parallel).

use std::io::{self, BufRead, Write};

use rayon::prelude::*;
use scanno::{Cleaner, Error};
use serde_json::{json, Value};

use crate::report;

/// Records cleaned per parallel round.
const BATCH: usize = 256;

/// Cleans one record line into one output line. A malformed record gives an `error` record
/// (with its `id` when it has one) so the output stays aligned with the input.
fn clean_record(cleaner: &Cleaner, line: &str, number: u64) -> (String, bool) {
    let parsed: Result<Value, String> = serde_json::from_str(line).map_err(|e| e.to_string());
    let (id, text) = match &parsed {
        Ok(v) => (v.get("id").cloned().unwrap_or(Value::Null), v.get("text").and_then(Value::as_str)),
        Err(_) => (Value::Null, None),
    };
    let Some(text) = text else {
        let why = match parsed {
            Err(e) => format!("line {number}: not JSON: {e}"),
            Ok(_) => format!("line {number}: no string field \"text\""),
        };
        return (json!({ "id": id, "error": why }).to_string(), false);
    };
    let cleaned = cleaner.clean(text);
    let edits: Vec<Value> = cleaned.edits.iter().map(report::edit_json).collect();
    (json!({ "id": id, "text": cleaned.text, "edits": edits }).to_string(), true)
}

/// Streams records from stdin to stdout. Returns the exit code (2 if any record was bad).
pub fn run(cleaner: &Cleaner, pool: &rayon::ThreadPool, quiet: bool) -> Result<i32, Error> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut bad = 0u64;
    let mut number = 0u64;
    let mut batch: Vec<(u64, String)> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        while batch.len() < BATCH {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                break;
            }
            number += 1;
            if !line.trim().is_empty() {
                batch.push((number, line));
            }
        }
        if batch.is_empty() {
            break;
        }
        let outputs: Vec<(String, bool)> =
            pool.install(|| batch.par_iter().map(|(n, l)| clean_record(cleaner, l, *n)).collect());
        let mut out = stdout.lock();
        for (line, ok) in outputs {
            if !ok {
                bad += 1;
                if !quiet {
                    eprintln!("scanno: error: {line}");
                }
            }
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    Ok(if bad > 0 { 2 } else { 0 })
}
