//! The real `scanno` binary on temporary folders.

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

mod common;
use common::{fixture, run, scanno, stderr, stdout, tree};






/// A folder with nested scans: two seeds, a sub-folder and a file that is not a scan.
fn scans() -> tempfile::TempDir {
    let dir = common::scans();
    fs::write(dir.path().join("notes.md"), "not a scan\n").unwrap();
    dir
}


#[test]
fn a_file_prints_its_cleaned_text_and_stdin_works_too() {
    let o = run(scanno().arg("clean").arg(fixture("002_d903febb1323d2e1.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("countries, the Conference outlined"));
    assert!(!text.contains("- 2 -"));

    let mut child = scanno().args(["clean", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(fs::read(fixture("002_d903febb1323d2e1.txt")).unwrap().as_slice()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o), text, "stdin and file give the same text");
}

#[test]
fn a_folder_is_mirrored_under_out_and_inputs_are_untouched() {
    let scans = scans();
    let out = tempfile::tempdir().unwrap();
    let before = tree(scans.path());
    let o = run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(out.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(tree(scans.path()), before, "inputs unchanged");
    let cleaned = fs::read_to_string(out.path().join("1924/july/izvestia.txt")).unwrap();
    assert!(!cleaned.contains("- 2 -"));
    assert!(out.path().join("worker.txt").exists());
    assert!(!out.path().join("notes.md").exists(), "only *.txt by default");
    assert!(stderr(&o).contains("2 files"), "summary line: {}", stderr(&o));

    let o = run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(out.path()).args(["--glob", "*.md", "-q"]));
    assert!(o.status.success());
    assert!(out.path().join("notes.md").exists(), "--glob changes the files taken");
    assert!(stderr(&o).is_empty(), "--quiet: {}", stderr(&o));
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let scans = scans();
    for i in 0..6 {
        fs::copy(fixture("002_d903febb1323d2e1.txt"), scans.path().join(format!("copy{i}.txt"))).unwrap();
    }
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    assert!(run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(one.path()).args(["-j", "1"])).status.success());
    assert!(run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(two.path()).args(["-j", "2"])).status.success());
    assert_eq!(tree(one.path()), tree(two.path()));
}

#[test]
fn diff_round_trips_through_patch() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["000_e899c1d5a41cee12.txt", "002_d903febb1323d2e1.txt"] {
        let copy = dir.path().join(name);
        fs::copy(fixture(name), &copy).unwrap();
        let expected = stdout(&run(scanno().arg("clean").arg(&copy)));
        let diff = run(scanno().arg("clean").arg("--diff").arg(&copy));
        assert!(diff.status.success());
        assert!(stdout(&diff).starts_with("--- a/"), "a unified diff");
        assert_eq!(fs::read(fixture(name)).unwrap(), fs::read(&copy).unwrap(), "--diff writes nothing");
        let mut patch = Command::new("patch")
            .arg("--quiet")
            .arg(&copy)
            .stdin(Stdio::piped())
            .spawn()
            .expect("patch(1) is installed");
        patch.stdin.take().unwrap().write_all(&diff.stdout).unwrap();
        assert!(patch.wait().unwrap().success());
        assert_eq!(fs::read_to_string(&copy).unwrap(), expected, "{name}: patched input == cleaned output");
    }
}

#[test]
fn json_report_carries_every_edit_and_reproduces_the_output() {
    let path = fixture("002_d903febb1323d2e1.txt");
    let input = fs::read_to_string(&path).unwrap();
    let expected = stdout(&run(scanno().arg("clean").arg(&path)));
    let o = run(scanno().arg("clean").arg(&path).args(["--format", "json"]));
    assert!(o.status.success());
    let report = stdout(&o);
    let lines: Vec<&str> = report.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "one object per file, one line each");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    let edits = v["edits"].as_array().unwrap();
    assert!(edits.iter().any(|e| e["kind"] == "furniture" && e["before"].as_str().unwrap().contains("- 2 -")));
    // Applying the reported edits to the input gives the cleaned text.
    let mut text = String::new();
    let mut at = 0;
    for e in edits {
        let (s, end) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(&input[s..end], e["before"].as_str().unwrap());
        assert!(e["confidence"].as_f64().unwrap() > 0.0 && !e["reason"].as_str().unwrap().is_empty());
        text.push_str(&input[at..s]);
        text.push_str(e["after"].as_str().unwrap());
        at = end;
    }
    text.push_str(&input[at..]);
    assert_eq!(text, expected);
}

#[test]
fn check_exits_1_when_it_would_change_something_and_0_when_not() {
    let o = run(scanno().arg("check").arg(fixture("002_d903febb1323d2e1.txt")));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let listing = stdout(&o);
    assert!(listing.contains("002_d903febb1323d2e1.txt:16:118: furniture:"), "path:line:col, got {listing}");
    assert!(listing.contains("page number"));
    assert!(!listing.contains(": reflow:"), "line joining is not a finding");

    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    fs::write(&clean, "A plain sentence that needs nothing.\n").unwrap();
    let o = run(scanno().arg("check").arg(&clean));
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn in_place_rewrites_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("scan.txt");
    fs::copy(fixture("002_d903febb1323d2e1.txt"), &f).unwrap();
    let expected = stdout(&run(scanno().arg("clean").arg(&f)));
    assert_eq!(fs::read(&f).unwrap(), fs::read(fixture("002_d903febb1323d2e1.txt")).unwrap());
    let o = run(scanno().args(["clean", "--in-place"]).arg(&f));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&f).unwrap(), expected);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn bad_input_gets_a_clear_message_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("latin1.txt"), b"The caf\xe9 was \x93closed\x94 to-day.\n").unwrap();
    fs::write(p.join("image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    fs::write(p.join("empty.txt"), b"").unwrap();
    fs::write(p.join("crlf.txt"), b"One line\r\ncontinues here.\r\n\r\n- 3 -\r\n\r\nNext part.\r\n").unwrap();

    let o = run(scanno().arg("clean").arg(p.join("latin1.txt")));
    assert!(o.status.success());
    assert_eq!(stdout(&o), "The café was “closed” to-day.\n");
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));

    let o = run(scanno().arg("clean").arg(p.join("image.txt")));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    let o = run(scanno().arg("clean").arg(p.join("empty.txt")));
    assert!(o.status.success());
    assert!(o.stdout.is_empty());

    let o = run(scanno().arg("clean").arg(p.join("crlf.txt")));
    assert_eq!(stdout(&o), "One line continues here.\r\n\r\nNext part.\r\n", "CRLF kept");

    let o = run(scanno().arg("clean").arg(p.join("missing.txt")));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));

    let o = run(scanno().arg("clean").arg(p.join("crlf.txt")).args(["--max-file-size", "0"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--max-file-size"), "{}", stderr(&o));

    // In a folder, the binary file is skipped with a message and the rest is cleaned.
    let out = tempfile::tempdir().unwrap();
    let o = run(scanno().arg("clean").arg(p).arg("--out").arg(out.path()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("image.txt") && stderr(&o).contains("skipped"), "{}", stderr(&o));
    assert!(out.path().join("empty.txt").exists() && out.path().join("crlf.txt").exists());
    assert!(!out.path().join("image.txt").exists());
}

#[test]
fn an_output_folder_inside_the_input_is_excluded_and_the_input_itself_refused() {
    let scans = scans();
    let inner = scans.path().join("cleaned");
    let o = run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(&inner));
    assert!(o.status.success(), "{}", stderr(&o));
    // A second run must not clean its own earlier output (--force: it replaces it).
    let o = run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(&inner).arg("--force"));
    assert!(o.status.success());
    assert!(!inner.join("cleaned").exists(), "output folder was not walked");

    let o = run(scanno().arg("clean").arg(scans.path()).arg("--out").arg(scans.path()));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("overwrite"), "{}", stderr(&o));
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    let o = run(scanno().args(["clean", "--help"]));
    let h = stdout(&o);
    for needle in ["--out", "--in-place", "--diff", "--min-confidence", "Examples:", "Exit codes:"] {
        assert!(h.contains(needle), "help mentions {needle}");
    }
}

#[test]
fn jsonl_records_stream_through_in_order_with_their_edits() {
    let seed = fs::read_to_string(fixture("002_d903febb1323d2e1.txt")).unwrap();
    let records = [
        serde_json::json!({ "id": "izvestia-1924", "text": seed }),
        serde_json::json!({ "id": 7, "text": "Nothing to do here.\n" }),
        serde_json::json!({ "id": "broken" }),
    ];
    let input: String = records.iter().map(|r| format!("{r}\n")).collect();
    let mut child = scanno()
        .args(["clean", "--jsonl", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "a record without text is an error: {}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "one output line per record");
    assert_eq!(lines[0]["id"], "izvestia-1924");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[2]["id"], "broken");
    assert!(lines[2]["error"].as_str().unwrap().contains("text"));
    // The record's text is what `clean FILE` prints, and its edits rebuild it from the input.
    let direct = stdout(&run(scanno().arg("clean").arg(fixture("002_d903febb1323d2e1.txt"))));
    assert_eq!(lines[0]["text"].as_str().unwrap(), direct);
    let mut rebuilt = seed.clone();
    let mut edits = lines[0]["edits"].as_array().unwrap().clone();
    assert!(!edits.is_empty());
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64().unwrap()));
    for e in &edits {
        let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(&rebuilt[s..t], e["before"].as_str().unwrap());
        rebuilt.replace_range(s..t, e["after"].as_str().unwrap());
    }
    assert_eq!(rebuilt, direct);
    assert_eq!(lines[1]["text"], "Nothing to do here.\n");
}

#[test]
fn a_large_file_cleaned_in_pieces_gives_the_same_text_as_cleaned_whole() {
    // Three articles in one file, cleaned whole and in pieces of 8 KB (instead of 16 MB).
    let articles: Vec<String> = ["000_e899c1d5a41cee12.txt", "001_2066ab160ef91d65.txt", "002_d903febb1323d2e1.txt"]
        .iter()
        .map(|n| fs::read_to_string(fixture(n)).unwrap())
        .collect();
    let big = articles.join("\n\n");
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.txt"), &big).unwrap();
    let whole = run(scanno().arg("clean").arg(dir.path().join("big.txt")).args(["--out"]).arg(dir.path().join("whole")));
    assert!(whole.status.success(), "{}", stderr(&whole));
    let pieces = run(scanno()
        .env("SCANNO_STREAM_BYTES", "8192")
        .arg("clean")
        .arg(dir.path().join("big.txt"))
        .arg("--out")
        .arg(dir.path().join("pieces")));
    assert!(pieces.status.success(), "{}", stderr(&pieces));
    let a = fs::read_to_string(dir.path().join("whole/big.txt")).unwrap();
    let b = fs::read_to_string(dir.path().join("pieces/big.txt")).unwrap();
    assert_ne!(a, big, "the pipeline changed something");
    assert_eq!(a, b);
}
