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
    assert!(listing.contains(": reflow:"), "line joins are findings: clean would make them");
    let places: Vec<(usize, usize)> = listing
        .lines()
        .map(|l| {
            let mut f = l.split(':').skip(1).map(|n| n.parse::<usize>().unwrap());
            (f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    assert!(places.windows(2).all(|w| w[0] <= w[1]), "in line order: {listing}");

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
        .args(["clean", "--jsonl", "--strict", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "with --strict a record without text fails the run: {}", stderr(&o));
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

/// Runs `scanno clean --jsonl ARGS -` on `input`.
fn jsonl(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = scanno()
        .args(["clean", "--jsonl"])
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn jsonl_bad_records_get_an_error_record_in_place_and_ids_come_back_exactly() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":123456789012345678901234567890,\"text\":\"The cat\\nsat.\"}\n");
    input.extend_from_slice(b"{\"id\":2,\"text\":\"caf\xe9 noir\"}\n");
    input.extend_from_slice(b"not json\n");
    input.extend_from_slice(b"{\"id\":\"last\",\"text\":\"end\"}\n");
    let o = jsonl(&["-q"], &input);
    assert_eq!(o.status.code(), Some(0), "bad records do not fail the run unless --strict: {}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("{\"id\":123456789012345678901234567890,"), "{}", lines[0]);
    assert!(lines[1].starts_with("{\"id\":2,\"error\":") && lines[1].contains("UTF-8"), "{}", lines[1]);
    assert!(lines[2].starts_with("{\"id\":null,\"error\":"), "{}", lines[2]);
    assert_eq!(lines[3], "{\"id\":\"last\",\"text\":\"end\",\"edits\":[]}");
    assert_eq!(jsonl(&["-q", "--strict"], &input).status.code(), Some(2));
}

#[test]
fn jsonl_answers_each_record_before_the_input_ends() {
    let mut child = scanno()
        .args(["clean", "--jsonl", "-q", "-j", "2", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let mut output = std::io::BufReader::new(child.stdout.take().unwrap());
    for n in 0..3 {
        writeln!(input, "{{\"id\":{n},\"text\":\"The men of tlie town.\"}}").unwrap();
        input.flush().unwrap();
        // The answer comes while the input is still open (a reader thread gives up after a while).
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut line = String::new();
            std::io::BufRead::read_line(&mut output, &mut line).unwrap();
            tx.send(line).unwrap();
            output
        });
        let line = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("record answered before the input ended");
        assert!(line.starts_with(&format!("{{\"id\":{n},")), "{line}");
        output = reader.join().unwrap();
    }
    drop(input);
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_trained_model_is_used_by_clean_check_and_review_and_from_scanno_toml() {
    let dir = tempfile::tempdir().unwrap();
    let pair = serde_json::json!({
        "ocr": "Tqe men went to tqe town and tqe mayor spoke of tqe rates.",
        "gt": "The men went to the town and the mayor spoke of the rates.",
    });
    fs::write(dir.path().join("pairs.jsonl"), format!("{pair}\n").repeat(50)).unwrap();
    let o = run(scanno().current_dir(dir.path()).args(["train", "pairs.jsonl", "-o", "model.bin", "-q"]));
    assert!(o.status.success(), "{}", stderr(&o));
    fs::create_dir(dir.path().join("scans")).unwrap();
    fs::write(dir.path().join("scans/a.txt"), "At tlie meeting of tbe Board aud the mayor spoke of tho rates.\n").unwrap();
    let report = |args: &[&str]| {
        let o = run(scanno().current_dir(dir.path()).args(["clean", "scans/a.txt", "--format", "json", "-q"]).args(args));
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let embedded = report(&[]);
    let trained = report(&["--model", "model.bin"]);
    assert_ne!(embedded, trained, "the trained model scores the readings differently");
    for cmd in ["check", "review"] {
        let o = run(scanno().current_dir(dir.path()).args([cmd, "scans/a.txt", "--model", "nosuch.bin"]).stdin(Stdio::null()));
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(stderr(&o).contains("nosuch.bin"), "{}", stderr(&o));
    }
    fs::write(dir.path().join("scans/scanno.toml"), "model = \"../model.bin\"\n").unwrap();
    assert_eq!(report(&[]), trained, "model = in scanno.toml, relative to it");
    fs::write(dir.path().join("scans/scanno.toml"), "model = \"../pairs.jsonl\"\n").unwrap();
    let o = run(scanno().current_dir(dir.path()).args(["clean", "scans/a.txt"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pairs.jsonl") && stderr(&o).contains("channel model"), "{}", stderr(&o));
}

#[test]
fn a_saved_adaptation_cleans_as_the_run_that_learnt_it() {
    // A collection of some 8,000 words, one of its pages full of misreadings to learn from
    // (a collection of clean pages keeps the embedded model): the seeds' pages, four times each.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("scans")).unwrap();
    for seed in ["000_e899c1d5a41cee12.txt", "001_2066ab160ef91d65.txt"] {
        for copy in 0..4 {
            fs::copy(fixture(seed), dir.path().join(format!("scans/{copy}_{seed}"))).unwrap();
        }
    }
    let clean = |out: &str, args: &[&str]| {
        let o = run(scanno().current_dir(dir.path()).args(["clean", "scans", "--out", out]).args(args));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("adapted the error model"), "{}", stderr(&o));
        tree(&dir.path().join(out))
    };
    let learnt = clean("learnt", &["--save-adaptation", "collection.counts"]);
    assert!(fs::metadata(dir.path().join("collection.counts")).unwrap().len() > 0);
    assert_eq!(clean("reused", &["--adaptation", "collection.counts"]), learnt);
    let o = run(scanno().current_dir(dir.path()).args(["clean", "scans", "--out", "again", "--adaptation", "collection.counts"]));
    assert!(stderr(&o).contains("adapted the error model with collection.counts"), "the summary names the file: {}", stderr(&o));

    let refused = |args: &[&str], names: &str| {
        let o = run(scanno().current_dir(dir.path()).args(["clean", "scans", "--out", "x"]).args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(names), "{args:?}: {}", stderr(&o));
    };
    refused(&["--adaptation", "scans/0_001_2066ab160ef91d65.txt"], "not a saved adaptation");
    refused(&["--adaptation", "nosuch.counts"], "nosuch.counts");
    refused(&["--adaptation", "collection.counts", "--no-adapt"], "--no-adapt");
    let o = run(scanno().current_dir(dir.path()).args(["clean", "scans/0_001_2066ab160ef91d65.txt", "--save-adaptation", "small.counts"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("fewer than"), "{}", stderr(&o));
    assert!(!dir.path().join("small.counts").exists());

    // Pages a clean hardly changes (clean text, such as a clean's own output) teach nothing:
    // a collection of 10,000 words of them keeps the embedded model.
    fs::create_dir(dir.path().join("clean")).unwrap();
    for seed in ["001_2066ab160ef91d65.txt", "003_433724ecc4e9efcf.txt"] {
        for copy in 0..4 {
            fs::copy(fixture(seed), dir.path().join(format!("clean/{copy}_{seed}"))).unwrap();
        }
    }
    let o = run(scanno().current_dir(dir.path()).args(["clean", "clean", "--out", "y"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("adapted the error model"), "{}", stderr(&o));
}

#[test]
fn zero_threads_are_refused() {
    let o = run(scanno().args(["clean", "-j", "0", "-"]).stdin(Stdio::null()));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("threads"), "{}", stderr(&o));
}

#[test]
fn check_fails_when_only_line_joins_would_change_the_file() {
    let text = "The cat sat\non the mat and\nwent to sleep.\n";
    let mut child = scanno().args(["check", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("<stdin>:1:12: reflow"), "{}", stdout(&o));
}

#[test]
fn several_files_on_stdout_are_headed_and_diffs_take_patch_p1() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("scans")).unwrap();
    for name in ["000_e899c1d5a41cee12.txt", "002_d903febb1323d2e1.txt"] {
        fs::copy(fixture(name), dir.path().join("scans").join(name)).unwrap();
    }
    let each: Vec<String> = ["000_e899c1d5a41cee12.txt", "002_d903febb1323d2e1.txt"]
        .iter()
        .map(|n| stdout(&run(scanno().current_dir(dir.path()).arg("clean").arg(format!("scans/{n}")))))
        .collect();
    let both = stdout(&run(scanno().current_dir(dir.path()).args(["clean", "scans"])));
    assert_eq!(
        both,
        format!("==> scans/000_e899c1d5a41cee12.txt <==\n{}\n==> scans/002_d903febb1323d2e1.txt <==\n{}", each[0], each[1])
    );
    // A folder's diff, applied with patch -p1 where scanno ran, gives the cleaned files.
    let diff = run(scanno().current_dir(dir.path()).args(["clean", "--diff", "scans"]));
    assert!(diff.status.success());
    assert!(!stdout(&diff).contains("a//") && stdout(&diff).contains("--- a/scans/000_"));
    let mut patch = Command::new("patch")
        .args(["-p1", "--quiet"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .spawn()
        .expect("patch(1) is installed");
    patch.stdin.take().unwrap().write_all(&diff.stdout).unwrap();
    assert!(patch.wait().unwrap().success());
    for (name, cleaned) in ["000_e899c1d5a41cee12.txt", "002_d903febb1323d2e1.txt"].iter().zip(&each) {
        assert_eq!(&fs::read_to_string(dir.path().join("scans").join(name)).unwrap(), cleaned);
    }
    // An absolute path: no "a//tmp/...".
    let abs = run(scanno().arg("clean").arg("--diff").arg(dir.path().join("scans/000_e899c1d5a41cee12.txt")));
    assert!(stdout(&abs).is_empty() || !stdout(&abs).contains("a//"), "{}", stdout(&abs));
}

#[test]
fn a_cleaned_folder_passes_check_and_a_second_clean_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["000_e899c1d5a41cee12.txt", "001_2066ab160ef91d65.txt", "002_d903febb1323d2e1.txt", "003_433724ecc4e9efcf.txt"] {
        fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    // Made-up OCR with readings that chain ("tlio" is one misreading from "tho", two from "the").
    fs::write(
        dir.path().join("guardian.txt"),
        "At tlio meeting of tbe Board the chairman said tliat tlio rates\nwere high, and tho clerk read tlio minutes of the last meet-\ning.\n\n- 3 -\n\nThe Board then rose.\n",
    )
    .unwrap();
    let o = run(scanno().arg("clean").arg(dir.path()).args(["--in-place", "-q"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let once = tree(dir.path());
    let o = run(scanno().arg("check").arg(dir.path()));
    assert_eq!(o.status.code(), Some(0), "a cleaned folder passes check:\n{}", stdout(&o));
    let o = run(scanno().arg("clean").arg(dir.path()).args(["--in-place", "-q"]));
    assert!(o.status.success());
    assert_eq!(tree(dir.path()), once, "clean is a fixed point");
}

#[test]
fn thorough_search_is_an_option_and_corrects_alike_on_the_seeds() {
    // The misreading index serves the seeds' common misreadings exactly as the full search
    // does, so both give the same text here (they may differ on rare heavy misreadings: on
    // seed 000 the confusion keys read "cruments" as "arguments" where the full search keeps
    // it, and keep "arig" where it reads "and").
    for name in ["001_2066ab160ef91d65.txt", "002_d903febb1323d2e1.txt", "003_433724ecc4e9efcf.txt"] {
        let indexed = run(scanno().arg("clean").arg(fixture(name)));
        let thorough = run(scanno().arg("clean").arg(fixture(name)).arg("--thorough"));
        assert!(indexed.status.success() && thorough.status.success(), "{}", stderr(&thorough));
        assert_eq!(stdout(&indexed), stdout(&thorough), "{name}");
    }
}

#[test]
fn suggest_ranks_a_word_as_clean_reads_it() {
    // A long garble beyond the search of listed confusions: only the long-word readings
    // reach it, so `suggest` must read words with the same corrector as `clean`.
    let o = run(scanno().args(["suggest", "qovenmient", "--context", "the _ of"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let first = stdout(&o).lines().nth(1).unwrap_or("").split_whitespace().next().unwrap_or("").to_string();
    let mut child = scanno().args(["clean", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"the new qovenmient of the colony met.\n").unwrap();
    let cleaned = stdout(&child.wait_with_output().unwrap());
    assert_eq!(first, "government", "{}", stdout(&o));
    assert!(cleaned.contains("the new government of"), "{cleaned}");
}
