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
/// for files matching `glob`; `exclude` (the output folder) is never entered.
pub fn collect(paths: &[PathBuf], glob: &str, exclude: Option<&Path>) -> Result<Vec<Job>, Error> {
    let matcher: GlobMatcher = Glob::new(glob)
        .map_err(|e| Error::bad_data(format!("bad --glob pattern {glob:?}: {e}")))?
        .compile_matcher();
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut jobs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            jobs.push(Job { path: None, rel: PathBuf::from("stdin.txt"), from_walk: false });
            continue;
        }
        let meta = fs::metadata(p).map_err(|e| Error::from(e).at(p))?;
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
            let entry = entry.map_err(|e| {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                Error::from(io::Error::other(e.to_string())).at(path)
            })?;
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
    Ok(jobs)
}

/// Reads and decodes one document, refusing files over `max_bytes`.
pub fn read(job: &Job, max_bytes: u64) -> Result<Decoded, Error> {
    let at = |e: Error| match &job.path {
        Some(p) => e.at(p),
        None => e.at("<stdin>"),
    };
    let mut bytes = Vec::new();
    match &job.path {
        Some(p) => {
            let f = fs::File::open(p).map_err(|e| at(e.into()))?;
            let size = f.metadata().map_err(|e| at(e.into()))?.len();
            if size > max_bytes {
                return Err(at(Error::new(ErrorKind::TooLarge { size, limit: max_bytes })));
            }
            f.take(max_bytes + 1).read_to_end(&mut bytes).map_err(|e| at(e.into()))?;
        }
        None => {
            io::stdin().lock().take(max_bytes + 1).read_to_end(&mut bytes).map_err(|e| at(e.into()))?;
        }
    }
    if bytes.len() as u64 > max_bytes {
        return Err(at(Error::new(ErrorKind::TooLarge { size: bytes.len() as u64, limit: max_bytes })));
    }
    decode(&bytes).map_err(at)
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, then a rename.
/// Parent folders are created.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| w.write_all(contents).map_err(|e| Error::from(e).at(path)))
}

/// Like [`write_atomic`], with the contents written by `fill`; nothing is left behind if it
/// fails (the temporary file is removed and `path` keeps its old contents).
pub fn write_atomic_with<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T, Error>) -> Result<T, Error> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::from(e).at(dir))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::from(e).at(dir))?;
    let mut w = io::BufWriter::new(tmp);
    let value = fill(&mut w)?;
    let tmp = w.into_inner().map_err(|e| Error::from(e.into_error()).at(path))?;
    tmp.as_file().sync_all().map_err(|e| Error::from(e).at(path))?;
    persist(tmp.into_temp_path(), path)?;
    Ok(value)
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
