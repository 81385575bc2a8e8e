//! Project settings found upward from the input: `scanno.toml` and `.scanno-words`.
//!
//! ```toml
//! # scanno.toml
//! lexicons = ["period.lex", "names.txt"]   # relative to this file
//! protected = ["Cleckheaton", "Kuzbas"]      # never changed
//! min_confidence = 0.6                       # default for --min-confidence
//! model = "model.bin"                        # default for --model, relative to this file
//! ```
//! `.scanno-words` holds one protected word per line (`scanno review` adds rejected words).

use std::fs;
use std::path::{Path, PathBuf};

use scanno::Error;

pub const CONFIG_FILE: &str = "scanno.toml";
pub const WORDS_FILE: &str = ".scanno-words";

/// Settings of the project an input belongs to.
#[derive(Debug, Default)]
pub struct Project {
    /// Lexicon files, resolved against the config file's folder.
    pub lexicons: Vec<PathBuf>,
    pub protected: Vec<String>,
    pub min_confidence: Option<f32>,
    /// An OCR error model (`scanno train`), resolved against the config file's folder.
    pub model: Option<PathBuf>,
    /// Where the settings came from (for messages).
    pub sources: Vec<PathBuf>,
}

/// The folder to start the upward search from, for an input path.
fn start_dir(input: &Path) -> PathBuf {
    let abs = if input.as_os_str() == "-" { PathBuf::from(".") } else { input.to_path_buf() };
    let dir = if abs.is_dir() { abs } else { abs.parent().map(Path::to_path_buf).unwrap_or_default() };
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    fs::canonicalize(&dir).unwrap_or(dir)
}

/// The nearest file called `name` in `dir` or a folder above it.
pub fn find_upward(dir: &Path, name: &str) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Loads the settings for the first input path.
pub fn load(first_input: &Path) -> Result<Project, Error> {
    let dir = start_dir(first_input);
    let mut project = Project::default();
    if let Some(path) = find_upward(&dir, CONFIG_FILE) {
        let text = fs::read_to_string(&path).map_err(|e| Error::from(e).at(&path))?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| Error::bad_data(e.to_string()).at(&path))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let strings = |key: &str| -> Result<Vec<String>, Error> {
            match table.get(key) {
                None => Ok(Vec::new()),
                Some(toml::Value::Array(items)) => items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| Error::bad_data(format!("`{key}` must be a list of strings")).at(&path)),
                Some(_) => Err(Error::bad_data(format!("`{key}` must be a list of strings")).at(&path)),
            }
        };
        project.lexicons = strings("lexicons")?.into_iter().map(|l| base.join(l)).collect();
        project.protected = strings("protected")?;
        project.min_confidence = match table.get("min_confidence") {
            None => None,
            Some(v) => match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
                Some(p) if (0.0..=1.0).contains(&p) => Some(p as f32),
                Some(p) => return Err(Error::bad_data(format!("`min_confidence` must be between 0 and 1, not {p}")).at(&path)),
                None => return Err(Error::bad_data(format!("`min_confidence` must be a number, not a {}", v.type_str())).at(&path)),
            },
        };
        project.model = match table.get("model") {
            None => None,
            Some(toml::Value::String(m)) => Some(base.join(m)),
            Some(_) => return Err(Error::bad_data("`model` must be a file name (a string)").at(&path)),
        };
        for key in table.keys() {
            if !["lexicons", "protected", "min_confidence", "model"].contains(&key.as_str()) {
                return Err(Error::bad_data(format!("unknown setting `{key}` (known: lexicons, protected, min_confidence, model)")).at(&path));
            }
        }
        project.sources.push(path);
    }
    if let Some(path) = find_upward(&dir, WORDS_FILE) {
        project.protected.extend(read_word_list(&path)?);
        project.sources.push(path);
    }
    Ok(project)
}

/// Words of a word list: one per line, `#` comments and blank lines ignored.
pub fn read_word_list(path: &Path) -> Result<Vec<String>, Error> {
    let text = fs::read_to_string(path).map_err(|e| Error::from(e).at(path))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').next().unwrap_or(l).to_string())
        .collect())
}
