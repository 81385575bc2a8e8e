//! Finding input files, reading them safely and writing outputs atomically.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use scanno::input::{decode, Decoded};
use scanno::{Error, ErrorKind};

/// One document to clean.
#[derive(Debug, Clone)]
pub struct Job {
    /// Where to read it (`None` = standard input).
    pub path: Option<PathBuf>,
    /// Its path relative to the folder it was found in (used under `--out`).
    pub rel: PathBuf,
    /// Found by walking a folder (problems are warnings), or named by the user (errors).
    pub from_walk: bool,
}

impl Job {
    pub fn display(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_string(),
        }
    }
}

/// Expands the paths given on the command line into jobs. Folders are walked recursively
/// for files matching `glob`; `exclude` (the output folder) is never entered. The first
/// path that cannot be read (missing, a dangling link, a link loop) is an error.
pub fn collect(paths: &[PathBuf], glob: &str, exclude: Option<&Path>) -> Result<Vec<Job>, Error> {
    let (jobs, mut problems) = collect_all(paths, glob, exclude)?;
    match problems.is_empty() {
        true => Ok(jobs),
        false => Err(problems.swap_remove(0)),
    }
}

/// Like [`collect`], but a path that cannot be read is returned among the errors (each
/// naming its path) and the rest are still collected. Only a bad `glob` fails the whole.
pub fn collect_all(paths: &[PathBuf], glob: &str, exclude: Option<&Path>) -> Result<(Vec<Job>, Vec<Error>), Error> {
    let matcher: GlobMatcher = Glob::new(glob)
        .map_err(|e| Error::bad_data(format!("bad --glob pattern {glob:?}: {e}")))?
        .compile_matcher();
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            jobs.push(Job { path: None, rel: PathBuf::from("stdin.txt"), from_walk: false });
            continue;
        }
        let meta = match fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Error::from(e).at(p));
                continue;
            }
        };
        if !meta.is_dir() {
            let rel = p.file_name().map(PathBuf::from).unwrap_or_else(|| p.clone());
            jobs.push(Job { path: Some(p.clone()), rel, from_walk: false });
            continue;
        }
        let mut found = Vec::new();
        let walker = walkdir::WalkDir::new(p).follow_links(true).sort_by_file_name().into_iter();
        let walker = walker.filter_entry(|e| {
            exclude.as_ref().map_or(true, |x| fs::canonicalize(e.path()).map_or(true, |c| &c != x))
        });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // A dangling link, a link loop, an unreadable folder: named, and the walk goes on.
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                    let why = match (e.loop_ancestor(), e.io_error()) {
                        (Some(a), _) => format!("a link loop back to {}", a.display()),
                        (None, Some(io)) if io.kind() == io::ErrorKind::NotFound => {
                            "not found (a link to nothing?)".to_string()
                        }
                        (None, Some(io)) => io.to_string(),
                        (None, None) => e.to_string(),
                    };
                    problems.push(Error::bad_data(why).at(path));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(p).unwrap_or(entry.path()).to_path_buf();
            if matcher.is_match(entry.file_name()) || matcher.is_match(&rel) {
                found.push(Job { path: Some(entry.path().to_path_buf()), rel, from_walk: true });
            }
        }
        jobs.extend(found);
    }
    Ok((jobs, problems))
}

/// When and where a file was found, to tell whether it changed since it was read (an
/// editor saved over it during the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }

    /// An error if the file at `path` is no longer the one stamped.
    pub fn check(&self, path: &Path) -> Result<(), Error> {
        match fs::metadata(path) {
            Ok(m) if Stamp::of(&m) == *self => Ok(()),
            _ => Err(Error::bad_data("changed while it was being cleaned; left as it is now (run again)").at(path)),
        }
    }
}

/// A document as read: its text, its bytes when they are not the text (Windows-1252), and
/// its stamp (`None` for standard input).
pub struct ReadFile {
    pub decoded: Decoded,
    pub raw: Option<Vec<u8>>,
    pub stamp: Option<Stamp>,
}

/// Reads and decodes one document, refusing files over `max_bytes`.
pub fn read(job: &Job, max_bytes: u64) -> Result<Decoded, Error> {
    read_full(job, max_bytes).map(|r| r.decoded)
}

/// Like [`read`], keeping the bytes of a file that is not UTF-8 and the file's stamp.
pub fn read_full(job: &Job, max_bytes: u64) -> Result<ReadFile, Error> {
    let at = |e: Error| match &job.path {
        Some(p) => e.at(p),
        None => e.at("<stdin>"),
    };
    let mut bytes = Vec::new();
    let limit = max_bytes.saturating_add(1);
    let mut stamp = None;
    match &job.path {
        Some(p) => {
            let f = fs::File::open(p).map_err(|e| at(e.into()))?;
            let meta = f.metadata().map_err(|e| at(e.into()))?;
            let size = meta.len();
            if size > max_bytes {
                return Err(at(Error::new(ErrorKind::TooLarge { size, limit: max_bytes })));
            }
            stamp = Some(Stamp::of(&meta));
            f.take(limit).read_to_end(&mut bytes).map_err(|e| at(e.into()))?;
            // Never an empty output for a non-empty input (a wrapped limit once read nothing).
            if bytes.is_empty() && size > 0 && meta.is_file() {
                return Err(at(Error::bad_data(format!("read 0 bytes of a {size}-byte file"))));
            }
        }
        None => {
            io::stdin().lock().take(limit).read_to_end(&mut bytes).map_err(|e| at(e.into()))?;
        }
    }
    if bytes.len() as u64 > max_bytes {
        return Err(at(Error::new(ErrorKind::TooLarge { size: bytes.len() as u64, limit: max_bytes })));
    }
    let decoded = decode(&bytes).map_err(at)?;
    let raw = (decoded.encoding != scanno::input::Encoding::Utf8).then_some(bytes);
    Ok(ReadFile { decoded, raw, stamp })
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, then a rename.
/// Parent folders are created.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| w.write_all(contents).map_err(|e| Error::from(e).at(path)))
}

/// Like [`write_atomic`], with the contents written by `fill`; nothing is left behind if it
/// fails (the temporary file is removed and `path` keeps its old contents).
pub fn write_atomic_with<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T, Error>) -> Result<T, Error> {
    write_atomic_checked(path, None, fill)
}

/// Like [`write_atomic_with`]; with a stamp, the file at `path` must still be the one
/// stamped just before it is replaced (`--in-place`: an editor may have saved over it).
///
/// The temporary file is named `.scanno-tmp-PID-XXXXXX`: removed on Ctrl-C and SIGTERM
/// ([`remove_temps_on_signal`]), and after `kill -9` by the next run writing to the same
/// folder ([`remove_stale_temps`]).
pub fn write_atomic_checked<T>(
    path: &Path,
    stamp: Option<&Stamp>,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, Error>,
) -> Result<T, Error> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::from(e).at(dir))?;
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .tempfile_in(dir)
        .map_err(|e| Error::from(e).at(dir))?;
    let _registered = Registered::new(tmp.path());
    let mut w = io::BufWriter::new(tmp);
    let value = fill(&mut w)?;
    let tmp = w.into_inner().map_err(|e| Error::from(e.into_error()).at(path))?;
    tmp.as_file().sync_all().map_err(|e| Error::from(e).at(path))?;
    if let Some(stamp) = stamp {
        stamp.check(path)?;
    }
    persist(tmp.into_temp_path(), path)?;
    Ok(value)
}

/// How scanno's temporary files begin.
const TEMP_PREFIX: &str = ".scanno-tmp-";

/// Temporary files being written, removed by the signal handler.
static TEMPS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file's entry in [`TEMPS`], for as long as it may exist.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Registered {
        if let Ok(mut temps) = TEMPS.lock() {
            temps.push(path.to_path_buf());
        }
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut temps) = TEMPS.lock() {
            temps.retain(|p| p != &self.0);
        }
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP: remove the temporary files being written, then exit
/// (130). The inputs are untouched: each is replaced only by a rename of a finished file.
pub fn remove_temps_on_signal() {
    let _ = ctrlc::set_handler(|| {
        let removed = TEMPS.lock().map_or(0, |temps| temps.iter().filter(|p| fs::remove_file(p).is_ok()).count());
        if removed > 0 {
            eprintln!("scanno: interrupted; {removed} unfinished output{} removed, inputs left as they were", if removed == 1 { "" } else { "s" });
        }
        std::process::exit(130);
    });
}

/// Removes the temporary files that a run killed outright (`kill -9`, a power cut) left in
/// `dir`: those whose process no longer runs. Files of a live scanno are left alone.
/// Returns the paths removed. Only where `/proc` tells which processes run (Linux).
pub fn remove_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    if !Path::new("/proc/self").exists() {
        return removed;
    }
    let Ok(entries) = fs::read_dir(dir) else { return removed };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) && fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// Renames a finished temporary file onto `path`, with the permissions of the file it
/// replaces (`--in-place`) or, for a new file, those of an ordinary one (a temporary file
/// is private, 0600).
pub fn persist(tmp: tempfile::TempPath, path: &Path) -> Result<(), Error> {
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(&tmp, meta.permissions());
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&tmp, fs::Permissions::from_mode(0o644));
        }
    }
    tmp.persist(path).map_err(|e| Error::from(e.error).at(path))
}

/// Refuses an output folder that is one of the input folders or contains one: the output
/// would overwrite the input. (An output folder inside an input folder is fine: the walk of
/// the inputs leaves it out.) `alternative` ends the message ("choose another folder…").
pub fn check_out_folder(paths: &[PathBuf], out: &Path, alternative: &str) -> Result<(), Error> {
    match paths.iter().find(|p| p.is_dir() && is_within(p, out)) {
        Some(p) => Err(Error::bad_data(format!(
            "--out {} would overwrite the input folder {}; {alternative}",
            out.display(),
            p.display()
        ))),
        None => Ok(()),
    }
}

/// Checks the files `jobs` would write under `out` before anything is written: none may be
/// an input (`scanno clean G/x.txt --out G`), no two inputs may share one output (`clean D1
/// D2 --out O`, both holding `a.txt`), and none may exist already unless `force`.
pub fn check_targets(jobs: &[Job], out: &Path, force: bool) -> Result<(), Error> {
    let canon = |p: &Path| fs::canonicalize(p).ok();
    let inputs: std::collections::HashMap<PathBuf, &Job> =
        jobs.iter().filter_map(|j| Some((canon(j.path.as_deref()?)?, j))).collect();
    let mut by_target: std::collections::HashMap<PathBuf, &Job> = std::collections::HashMap::new();
    let mut existing = Vec::new();
    for job in jobs {
        let target = out.join(&job.rel);
        if let Some(first) = by_target.insert(target.clone(), job) {
            return Err(Error::bad_data(format!(
                "{} and {} would both be written to {}; clean them into separate folders",
                first.display(),
                job.display(),
                target.display()
            )));
        }
        let Some(t) = canon(&target) else { continue };
        if let Some(input) = inputs.get(&t) {
            return Err(Error::bad_data(format!(
                "--out {} would overwrite the input {}; choose another folder or use --in-place",
                out.display(),
                input.display()
            )));
        }
        existing.push(target);
    }
    if !force && !existing.is_empty() {
        let shown: Vec<String> = existing.iter().take(3).map(|p| p.display().to_string()).collect();
        return Err(Error::bad_data(format!(
            "--out {} already holds {} of the outputs ({}{}); pass --force to replace them, or choose an empty folder",
            out.display(),
            existing.len(),
            shown.join(", "),
            if existing.len() > 3 { ", ..." } else { "" }
        )));
    }
    Ok(())
}

/// Whether `inner` is `outer` or inside it (both must exist or have existing parents).
pub fn is_within(inner: &Path, outer: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        fs::canonicalize(p).ok().or_else(|| {
            let parent = p.parent().filter(|x| !x.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Some(fs::canonicalize(parent).ok()?.join(p.file_name()?))
        })
    };
    match (canon(inner), canon(outer)) {
        (Some(i), Some(o)) => i.starts_with(o),
        _ => false,
    }
}
