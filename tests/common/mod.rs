//! Helpers shared by the tests that run the real `scanno` binary.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn scanno() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scanno"))
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("scanno runs")
}

/// Runs `scanno ARGS` in the folder `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    run(scanno().args(args).current_dir(dir))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder of scans: seed 002 in a sub-folder, seed 000 at the top.
pub fn scans() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("1924/july")).unwrap();
    std::fs::copy(fixture("002_d903febb1323d2e1.txt"), dir.path().join("1924/july/izvestia.txt")).unwrap();
    std::fs::copy(fixture("000_e899c1d5a41cee12.txt"), dir.path().join("worker.txt")).unwrap();
    dir
}

/// Every regular file under `dir`, relative to it, with its contents (sorted).
pub fn tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                all.push((p.strip_prefix(dir).unwrap().to_path_buf(), String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    all.sort();
    all
}
