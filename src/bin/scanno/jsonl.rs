//! `scanno clean --jsonl`: `{"id", "text"}` records on stdin, `{"id", "text", "edits"}` on
//! stdout, in the same order, so scanno runs under any engine that pipes records through a
//! program (Spark's `RDD.pipe`, Hadoop Streaming, GNU parallel).
//!
//! Each record is written (and flushed) as soon as it and every record before it are done, so
//! a slow producer sees its answers at once. A malformed record (not UTF-8, not JSON, no
//! string `text`) gets an `{"id", "error"}` record in its place and the run goes on; the exit
//! code is 0 unless `--strict` asks for 2 when any record was bad. The `id` is echoed back
//! byte for byte as given (a 30-digit number stays a 30-digit number).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};
use std::sync::mpsc;

use scanno::{Cleaner, Error};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::report;

/// Records read ahead of the one being written, per worker thread: enough to keep every
/// thread busy when the producer is fast, without holding the whole input.
const AHEAD_PER_THREAD: usize = 4;

/// One input line: its number (1-based) and bytes.
type Line = (u64, Vec<u8>);

/// Cleans one record line into one output line (without its line ending) and whether the
/// record was good. A malformed record gives an `error` record, with the record's `id` when
/// one can be read, so the output stays aligned with the input.
pub fn clean_record(cleaner: &Cleaner, line: &[u8], number: u64) -> (String, bool) {
    let text = String::from_utf8_lossy(line);
    let fields: Result<HashMap<String, Box<RawValue>>, String> =
        serde_json::from_str(&text).map_err(|e| e.to_string());
    let id = fields.as_ref().ok().and_then(|f| f.get("id")).map_or("null", |raw| raw.get());
    let error = |why: String| (format!("{{\"id\":{id},\"error\":{}}}", Value::from(why)), false);
    if std::str::from_utf8(line).is_err() {
        return error(format!("line {number}: not UTF-8"));
    }
    let fields = match &fields {
        Ok(f) => f,
        Err(e) => return error(format!("line {number}: not a JSON object: {e}")),
    };
    let Some(Ok(input)) = fields.get("text").map(|raw| serde_json::from_str::<String>(raw.get())) else {
        return error(format!("line {number}: no string field \"text\""));
    };
    let cleaned = cleaner.clean(&input);
    let edits: Vec<Value> = cleaned.edits.iter().map(report::edit_json).collect();
    let out = format!(
        "{{\"id\":{id},\"text\":{},\"edits\":{}}}",
        Value::from(cleaned.text),
        Value::from(edits)
    );
    (out, true)
}

/// Streams records from stdin to stdout. Returns the exit code: 2 if a record was bad and
/// `strict`, else 0.
pub fn run(cleaner: &Cleaner, pool: &rayon::ThreadPool, quiet: bool, strict: bool) -> Result<i32, Error> {
    let ahead = pool.current_num_threads().max(1) * AHEAD_PER_THREAD;
    // A reader thread, so that waiting for input never holds back finished records.
    let (lines_tx, lines_rx) = mpsc::sync_channel::<io::Result<Line>>(ahead);
    std::thread::spawn(move || {
        let mut input = io::stdin().lock();
        let mut number = 0u64;
        loop {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => return,
                Ok(_) => {
                    number += 1;
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                        line.pop();
                    }
                    if lines_tx.send(Ok((number, line))).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = lines_tx.send(Err(e));
                    return;
                }
            }
        }
    });
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut bad = 0u64;
    let (done_tx, done_rx) = mpsc::channel::<(u64, String, bool)>();
    pool.in_place_scope(|scope| -> Result<(), Error> {
        let mut next_in = 0u64;
        let mut next_out = 0u64;
        let mut finished: BTreeMap<u64, (String, bool)> = BTreeMap::new();
        let mut input_ended = false;
        loop {
            // Take what input there is, up to `ahead` records in flight; wait for input only
            // when nothing is in flight.
            while !input_ended && next_in - next_out < ahead as u64 {
                let received = if next_in == next_out {
                    lines_rx.recv().map_err(|_| mpsc::TryRecvError::Disconnected)
                } else {
                    lines_rx.try_recv()
                };
                match received {
                    Ok(Ok((number, line))) => {
                        let seq = next_in;
                        next_in += 1;
                        let done = done_tx.clone();
                        scope.spawn(move |_| {
                            let (record, ok) = clean_record(cleaner, &line, number);
                            let _ = done.send((seq, record, ok));
                        });
                    }
                    Ok(Err(e)) => return Err(Error::from(e).at("<stdin>")),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => input_ended = true,
                }
            }
            if next_out == next_in {
                if input_ended {
                    return Ok(());
                }
                continue;
            }
            let Ok((seq, record, ok)) = done_rx.recv() else {
                return Ok(());
            };
            finished.insert(seq, (record, ok));
            let mut wrote = false;
            while let Some((record, ok)) = finished.remove(&next_out) {
                next_out += 1;
                if !ok {
                    bad += 1;
                    if !quiet {
                        eprintln!("scanno: error: {record}");
                    }
                }
                out.write_all(record.as_bytes())?;
                out.write_all(b"\n")?;
                wrote = true;
            }
            if wrote {
                out.flush()?;
            }
        }
    })?;
    if bad > 0 && !quiet {
        eprintln!("scanno: {bad} malformed record{} answered with an error record", report::plural(bad as usize));
    }
    Ok(if bad > 0 && strict { 2 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scanno::{Lexicon, Options};

    fn cleaner() -> Cleaner {
        Cleaner::with_stages(Lexicon::empty(), Options::default(), vec![Box::new(scanno::layout::Reflow)])
    }

    #[test]
    fn ids_are_echoed_exactly_and_bad_records_keep_theirs() {
        let c = cleaner();
        let (line, ok) = clean_record(&c, br#"{"id": 123456789012345678901234567890, "text": "a\nb"}"#, 1);
        assert!(ok);
        assert!(line.starts_with(r#"{"id":123456789012345678901234567890,"text":"#), "{line}");
        let (line, _) = clean_record(&c, br#"{"id":1.50e3,"text":"x"}"#, 1);
        assert!(line.starts_with(r#"{"id":1.50e3,"#), "{line}");
        let (line, ok) = clean_record(&c, br#"{"id":"k","text":7}"#, 4);
        assert!(!ok);
        assert_eq!(line, r#"{"id":"k","error":"line 4: no string field \"text\""}"#);
        let (line, ok) = clean_record(&c, b"{\"id\":9,\"text\":\"caf\xe9\"}", 2);
        assert!(!ok);
        assert_eq!(line, r#"{"id":9,"error":"line 2: not UTF-8"}"#);
        let (line, ok) = clean_record(&c, b"[1,2]", 3);
        assert!(!ok && line.starts_with(r#"{"id":null,"error":"line 3: not a JSON object"#), "{line}");
        let v: Value = serde_json::from_str(&line).unwrap();
        assert!(v["error"].is_string());
    }
}
