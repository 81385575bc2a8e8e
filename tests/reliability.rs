//! Issue #25: no lost file, no surprise. Each test names the item it guards; every one
//! failed before its fix. The real `scanno` binary on temporary folders.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{fixture, run, scanno, stderr, stdout};

const SEED: &str = "002_d903febb1323d2e1.txt";

fn seed_text() -> String {
    fs::read_to_string(fixture(SEED)).unwrap()
}

/// F: `clean G/x.txt --out G` wrote the cleaned text over its input.
#[test]
fn out_never_writes_onto_an_input_file() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("G");
    fs::create_dir(&g).unwrap();
    fs::write(g.join("x.txt"), seed_text()).unwrap();
    let o = run(scanno().arg("clean").arg(g.join("x.txt")).arg("--out").arg(&g));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("overwrite the input"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(g.join("x.txt")).unwrap(), seed_text(), "input untouched");
    // Not even with --force.
    let o = run(scanno().arg("clean").arg(g.join("x.txt")).arg("--out").arg(&g).arg("--force"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read_to_string(g.join("x.txt")).unwrap(), seed_text());
}

/// F: `clean G --out G/a` replaced the files already in G/a without asking.
#[test]
fn out_refuses_to_replace_existing_files_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("G");
    fs::create_dir_all(g.join("a")).unwrap();
    fs::write(g.join("x.txt"), seed_text()).unwrap();
    fs::write(g.join("a/x.txt"), "my own notes\n").unwrap();
    let o = run(scanno().arg("clean").arg(&g).arg("--out").arg(g.join("a")));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(g.join("a/x.txt")).unwrap(), "my own notes\n");
    let o = run(scanno().arg("clean").arg(&g).arg("--out").arg(g.join("a")).arg("--force"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(fs::read_to_string(g.join("a/x.txt")).unwrap(), "my own notes\n");
}

/// E: two roots with the same relative path gave one output, silently ("2 files").
#[test]
fn two_inputs_with_one_output_path_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    for d in ["D1", "D2"] {
        fs::create_dir(dir.path().join(d)).unwrap();
        fs::write(dir.path().join(d).join("a.txt"), seed_text()).unwrap();
    }
    let o = run(scanno().args(["clean", "D1", "D2", "--out", "Do"]).current_dir(dir.path()));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("D1/a.txt") && err.contains("D2/a.txt"), "{err}");
    assert!(!dir.path().join("Do").exists(), "nothing written");
}

/// C: a missing path stopped the whole run; now it is named and the rest is cleaned.
#[test]
fn a_missing_path_is_named_and_the_rest_processed() {
    let o = run(scanno().arg("clean").arg("nosuch.txt").arg(fixture(SEED)));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nosuch.txt"), "{}", stderr(&o));
    assert!(stdout(&o).contains("countries, the Conference outlined"), "the good file is cleaned");
}

/// D: a dangling link or a link loop inside a folder stopped the walk.
#[cfg(unix)]
#[test]
fn dangling_links_and_link_loops_are_named_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let scans = dir.path().join("scans");
    fs::create_dir_all(scans.join("sub")).unwrap();
    fs::write(scans.join("good.txt"), seed_text()).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", scans.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("..", scans.join("sub/loop")).unwrap();
    let out = dir.path().join("out");
    let o = run(scanno().arg("clean").arg(&scans).arg("--out").arg(&out));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("dangling.txt") && err.contains("loop"), "{err}");
    assert!(out.join("good.txt").exists(), "the rest is cleaned");
}

/// B: `--max-file-size 18446744073710` read every file as empty and wrote empty outputs.
#[test]
fn an_absurd_size_limit_is_refused_and_no_output_is_empty() {
    for size in ["18446744073710", "18446744073709551615", "0"] {
        let o = run(scanno().arg("clean").arg(fixture(SEED)).args(["--max-file-size", size]));
        assert_eq!(o.status.code(), Some(2), "{size}");
        assert!(stderr(&o).contains("max-file-size"), "{size}: {}", stderr(&o));
    }
    let o = run(scanno().arg("clean").arg(fixture(SEED)).args(["--max-file-size", "1000000"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("the Conference"), "the largest limit reads the file");
}

/// G: on the streamed path (files over 16 MB; here over 4 KB), a closed pipe was reported
/// as "Broken pipe", exit 2.
#[test]
fn a_closed_pipe_on_the_streamed_path_is_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    fs::write(&big, (seed_text() + "\n\n").repeat(40)).unwrap();
    let mut child = scanno()
        .env("SCANNO_STREAM_BYTES", "4096")
        .arg("clean")
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.as_mut().unwrap().read_exact(&mut head).unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
}

/// L: --diff was made against the decoded text, so `patch` failed on Windows-1252 files.
#[test]
fn diff_of_a_windows_1252_file_applies_to_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.txt");
    let bytes = b"The caf\xe9 was \x93closed\x94 to-\nday, and the\nmeeting was held.\n\nA second para\xe9 here.\nThe end\n";
    fs::write(&path, bytes).unwrap();
    let expected = run(scanno().arg("clean").arg(&path)).stdout;
    let diff = run(scanno().arg("clean").arg("--diff").arg(&path));
    assert!(diff.status.success(), "{}", stderr(&diff));
    let mut patch = Command::new("patch").arg("--quiet").arg(&path).stdin(Stdio::piped()).spawn().expect("patch(1)");
    patch.stdin.take().unwrap().write_all(&diff.stdout).unwrap();
    assert!(patch.wait().unwrap().success(), "patch applies");
    assert_eq!(fs::read(&path).unwrap(), expected, "patched input == cleaned output");
}

/// Q: `min_confidence = 7` in scanno.toml was taken.
#[test]
fn a_confidence_outside_0_to_1_in_scanno_toml_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed_text()).unwrap();
    for bad in ["7", "-1", "\"high\""] {
        fs::write(dir.path().join("scanno.toml"), format!("min_confidence = {bad}\n")).unwrap();
        let o = run(scanno().arg("clean").arg(dir.path().join("a.txt")));
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("min_confidence"), "{}", stderr(&o));
    }
}

/// The `.scanno-tmp-` files in `dir`.
fn temps(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".scanno-tmp-")))
        .collect()
}

/// A text slow to clean: the seed, then paragraphs of distinct unknown words (a candidate
/// search each), about 20 KB; a debug build takes a few seconds.
fn slow_text() -> String {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut text = seed_text();
    for _ in 0..16 {
        text.push('\n');
        for _ in 0..200 {
            text.push(' ');
            for _ in 0..3 + x % 6 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push((b'a' + (x % 26) as u8) as char);
            }
        }
        text.push('\n');
    }
    text
}

/// Starts `clean --in-place` on a file cleaned in small pieces (slow enough to act during)
/// and waits until its temporary file exists.
fn in_place_started(dir: &Path, file: &Path) -> Option<std::process::Child> {
    let mut child = scanno()
        .env("SCANNO_STREAM_BYTES", "4096")
        .arg("clean")
        .arg("--in-place")
        .arg(file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while temps(dir).is_empty() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Some(child)
}

/// J: a signal during --in-place left its temporary file beside the input.
#[cfg(unix)]
#[test]
fn a_signal_during_in_place_removes_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.txt");
    let text = slow_text();
    fs::write(&file, &text).unwrap();
    let child = in_place_started(dir.path(), &file).expect("a temporary file appears");
    let killed = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_ne!(o.status.code(), Some(0), "ended by the signal");
    assert!(temps(dir.path()).is_empty(), "temporary files left: {:?}", temps(dir.path()));
    assert_eq!(fs::read_to_string(&file).unwrap(), text, "input untouched");
}

/// J: after `kill -9` (which cannot be caught), the next run writing to the folder removes
/// the temporary files of processes that no longer run, and no others.
#[test]
fn stale_temporary_files_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), seed_text()).unwrap();
    // No process has this id (above Linux's largest), but this test's process runs.
    let stale = dir.path().join(".scanno-tmp-4294967294-abcdef");
    let live = dir.path().join(format!(".scanno-tmp-{}-abcdef", std::process::id()));
    fs::write(&stale, "half a file").unwrap();
    fs::write(&live, "being written").unwrap();
    let o = run(scanno().arg("clean").arg("--in-place").arg(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    if Path::new("/proc/self").exists() {
        assert!(!stale.exists(), "stale temporary file removed");
        assert!(stderr(&o).contains("interrupted run"), "{}", stderr(&o));
    }
    assert!(live.exists(), "a live run's file is left alone");
}

/// K: `clean --in-place` replaced a file that an editor saved during the run.
#[test]
fn in_place_leaves_a_file_changed_during_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.txt");
    fs::write(&file, slow_text()).unwrap();
    let child = in_place_started(dir.path(), &file).expect("a temporary file appears");
    let edited = "The editor's version, saved during the run.\n";
    fs::write(&file, edited).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), edited, "the editor's save is kept");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("changed while it was being cleaned"), "{}", stderr(&o));
    assert!(temps(dir.path()).is_empty());
}
