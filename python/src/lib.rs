//! The Python module `scanno._scanno`, re-exported as `scanno` by `python/scanno/__init__.py`.
//!
//! Thin: every operation is the library's (`scanno::Cleaner::clean`, `scanno::edit::apply`,
//! `scanno::input::decode`, `scanno::tokens::Vocab`); this file converts arguments and
//! results, maps errors to Python exceptions and releases the GIL while the library works.
//! The one thing it adds is the change of offsets: the library's spans are UTF-8 byte
//! offsets, Python indexes a `str` by code point, so every span handed to Python is in
//! code points (`text[e.start:e.end] == e.before`) and converted back in `apply`.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{OnceLock, RwLock};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyMapping, PyString, PyTuple};
use scanno::tokens::Vocab;
use scanno::{EditKind, ErrorKind, Lexicon, Options};

/// A library error as the Python exception a caller would expect.
fn py_error(e: scanno::Error) -> PyErr {
    let message = e.to_string();
    match &e.kind {
        ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        ErrorKind::Io(_) => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// The kind named `name`, or a ValueError listing the names.
fn parse_kind(name: &str) -> PyResult<EditKind> {
    EditKind::parse(name).ok_or_else(|| {
        let names: Vec<&str> = EditKind::ALL.iter().map(|k| k.as_str()).collect();
        PyValueError::new_err(format!("unknown edit kind {name:?}; expected one of {}", names.join(", ")))
    })
}

/// The library's options from the Python keyword arguments (checked as the CLI checks them).
fn options(min_confidence: f32, disable: &[String], protected: &[String]) -> PyResult<Options> {
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(PyValueError::new_err(format!("min_confidence must be between 0 and 1, not {min_confidence}")));
    }
    Ok(Options {
        min_confidence,
        disabled: disable.iter().map(|k| parse_kind(k)).collect::<PyResult<_>>()?,
        protected: protected.iter().map(|w| w.to_lowercase()).collect(),
        ..Options::default()
    })
}

/// A cleaner over the embedded lexicon with `lexicons` stacked on it, in order (as
/// `--lexicon` does), and the OCR error model in `model` (as `--model` does) or the embedded one.
fn build_cleaner(lexicons: &[PathBuf], model: Option<&PathBuf>, options: Options) -> PyResult<scanno::Cleaner> {
    let mut lexicon = Lexicon::embedded();
    for path in lexicons {
        lexicon.add_file(path).map_err(py_error)?;
    }
    let mut builder = scanno::Cleaner::builder(lexicon).options(options);
    if let Some(path) = model {
        let bytes = std::fs::read(path).map_err(|e| py_error(scanno::Error::from(e).at(path)))?;
        builder = builder.channel(scanno::channel::Channel::from_bytes(&bytes).map_err(|e| py_error(e.at(path)))?);
    }
    Ok(builder.build())
}

/// A confidence as Python shows it: the shortest decimal that reads back as the library's
/// `f32` (0.9, not 0.8999999761581421).
fn confidence_f64(c: f32) -> f64 {
    c.to_string().parse().unwrap_or(c as f64)
}

/// Converts sorted byte offsets of `text` into code-point offsets (one sweep of the text).
struct CharOffsets {
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CharOffsets {
    fn new(text: &str, mut bytes: Vec<usize>) -> CharOffsets {
        bytes.sort_unstable();
        bytes.dedup();
        let mut chars = Vec::with_capacity(bytes.len());
        let (mut at_byte, mut at_char) = (0, 0);
        for &b in &bytes {
            // Library spans lie on character boundaries; `get` keeps a broken one from panicking.
            at_char += text.get(at_byte..b).map_or(0, |s| s.chars().count());
            at_byte = b;
            chars.push(at_char);
        }
        CharOffsets { bytes, chars }
    }

    fn of(&self, byte: usize) -> usize {
        self.bytes.binary_search(&byte).map_or(byte, |i| self.chars[i])
    }
}

/// Byte offsets of code-point offsets in `text`; `None` for one past the end.
fn byte_offsets(text: &str, chars: &[usize]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_unstable_by_key(|&i| chars[i]);
    let mut out = vec![None; chars.len()];
    let mut starts = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).enumerate();
    let mut current = starts.next();
    for i in order {
        while let Some((c, _)) = current {
            if c >= chars[i] {
                break;
            }
            current = starts.next();
        }
        out[i] = current.filter(|&(c, _)| c == chars[i]).map(|(_, b)| b);
    }
    out
}

/// One change to a text, with its provenance.
///
/// `start` and `end` index the input `str` (code points, so `text[e.start:e.end] == e.before`);
/// the command line's JSON gives UTF-8 byte offsets instead. `kind` is one of "furniture",
/// "reflow", "dehyphen", "join", "split", "column", "correction"; `rule` names the rule that
/// made the edit ("dehyphen.join", "correct.channel").
#[pyclass(frozen, eq, module = "scanno")]
#[derive(Clone, PartialEq)]
struct Edit {
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    /// The input text in the span.
    #[pyo3(get)]
    before: String,
    /// The replacement.
    #[pyo3(get)]
    after: String,
    kind: EditKind,
    /// How sure the stage is, 0.0 to 1.0.
    #[pyo3(get)]
    confidence: f64,
    /// Why, in a few words a reviewer can check.
    #[pyo3(get)]
    reason: String,
    /// The id of the rule that made the edit ("dehyphen.join", "correct.channel"; merged
    /// edits join theirs with "+").
    #[pyo3(get)]
    rule: String,
    /// Other replacements the stage considered, best first (corrections only).
    #[pyo3(get)]
    alternatives: Vec<String>,
}

impl Edit {
    fn from_library(e: &scanno::Edit, offsets: &CharOffsets) -> Edit {
        Edit {
            start: offsets.of(e.span.start),
            end: offsets.of(e.span.end),
            before: e.before.clone(),
            after: e.after.clone(),
            kind: e.kind,
            confidence: confidence_f64(e.confidence),
            reason: e.reason.clone(),
            rule: e.rule.clone(),
            alternatives: e.alternatives.clone(),
        }
    }
}

#[pymethods]
impl Edit {
    #[new]
    #[pyo3(signature = (start, end, before, after, kind = "correction", confidence = 1.0, reason = "", alternatives = Vec::new(), rule = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        start: usize,
        end: usize,
        before: String,
        after: String,
        kind: &str,
        confidence: f64,
        reason: &str,
        alternatives: Vec<String>,
        rule: Option<String>,
    ) -> PyResult<Edit> {
        if start > end {
            return Err(PyValueError::new_err(format!("start {start} is after end {end}")));
        }
        let kind = parse_kind(kind)?;
        // As the library's Edit::new: the rule is the kind's name until one is given.
        let rule = rule.unwrap_or_else(|| kind.as_str().to_string());
        Ok(Edit { start, end, before, after, kind, confidence, reason: reason.to_string(), rule, alternatives })
    }

    /// `(start, end)`: the span of the input replaced, as `str` indices.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    #[getter]
    fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The edit as a plain dict (for DataFrames, JSON, Parquet).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("before", &self.before)?;
        d.set_item("after", &self.after)?;
        d.set_item("kind", self.kind.as_str())?;
        d.set_item("confidence", self.confidence)?;
        d.set_item("reason", &self.reason)?;
        d.set_item("rule", &self.rule)?;
        d.set_item("alternatives", &self.alternatives)?;
        Ok(d)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let e = slf.get();
        let args = (
            e.start,
            e.end,
            e.before.clone(),
            e.after.clone(),
            e.kind.as_str(),
            e.confidence,
            e.reason.clone(),
            e.alternatives.clone(),
            e.rule.clone(),
        );
        Ok((slf.get_type().into_any(), args.into_pyobject(slf.py())?))
    }

    fn __repr__(&self) -> String {
        format!(
            "Edit({}..{} {:?} -> {:?}, kind={:?}, rule={:?}, confidence={}, reason={:?})",
            self.start,
            self.end,
            self.before,
            self.after,
            self.kind.as_str(),
            self.rule,
            self.confidence,
            self.reason
        )
    }
}

/// What cleaning one text gives: `text` (the input with `edits` applied), `edits` (applied,
/// sorted, non-overlapping) and `suggestions` (proposed below the confidence threshold, not
/// applied). `scanno.apply(input, result.edits) == result.text` always holds.
#[pyclass(frozen, module = "scanno", name = "Result")]
struct CleanResult {
    text: Py<PyString>,
    edits: Py<PyList>,
    suggestions: Py<PyList>,
}

#[pymethods]
impl CleanResult {
    /// The cleaned text.
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyString> {
        self.text.clone_ref(py)
    }

    /// Applied edits, against the input (list of `Edit`).
    #[getter]
    fn edits(&self, py: Python<'_>) -> Py<PyList> {
        self.edits.clone_ref(py)
    }

    /// Edits below the confidence threshold, against the input, not applied (list of `Edit`).
    #[getter]
    fn suggestions(&self, py: Python<'_>) -> Py<PyList> {
        self.suggestions.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Result(text=<{} characters>, edits=<{}>, suggestions=<{}>)",
            self.text.bind(py).len().unwrap_or(0),
            self.edits.bind(py).len(),
            self.suggestions.bind(py).len()
        )
    }
}

/// The library's result with its spans in code points (computed without the GIL).
struct Converted {
    text: String,
    edits: Vec<Edit>,
    suggestions: Vec<Edit>,
}

fn convert(input: &str, cleaned: scanno::Cleaned) -> Converted {
    let spans = cleaned.edits.iter().chain(&cleaned.suggestions).flat_map(|e| [e.span.start, e.span.end]).collect();
    let offsets = CharOffsets::new(input, spans);
    Converted {
        edits: cleaned.edits.iter().map(|e| Edit::from_library(e, &offsets)).collect(),
        suggestions: cleaned.suggestions.iter().map(|e| Edit::from_library(e, &offsets)).collect(),
        text: cleaned.text,
    }
}

fn into_result(py: Python<'_>, c: Converted) -> PyResult<CleanResult> {
    Ok(CleanResult {
        text: PyString::new(py, &c.text).unbind(),
        edits: PyList::new(py, c.edits)?.unbind(),
        suggestions: PyList::new(py, c.suggestions)?.unbind(),
    })
}

/// Cleans `text` with `cleaner`, the GIL released while the library works.
fn clean_with(py: Python<'_>, cleaner: &scanno::Cleaner, text: &str, batch: Option<&Batch>) -> PyResult<CleanResult> {
    let converted = py.detach(|| {
        let cleaned = match batch {
            Some(b) => {
                let vocab = b.vocab.read().unwrap_or_else(|poisoned| poisoned.into_inner());
                cleaner.clean_in_batch(text, Some(&vocab))
            }
            None => cleaner.clean(text),
        };
        convert(text, cleaned)
    });
    into_result(py, converted)
}

/// A configured cleaner: the embedded lexicon plus `lexicons`, opened once. Reuse one per
/// process (or per Spark partition); it is safe to share between threads, and `clean`
/// releases the GIL, so threads clean in parallel.
///
/// `min_confidence`: edits below it are only suggested. `disable`: edit kinds to leave out
/// ("furniture", "reflow", "dehyphen", "join", "split", "column", "correction").
/// `lexicons`: word lists (one word a line, optional TAB and count) or `.lex` files built by
/// `scanno lexicon build`. `protected`: words never changed. `model`: an OCR error model
/// trained by `scanno train` (default: the embedded one). No `scanno.toml` or
/// `.scanno-words` is read: pass their settings here.
#[pyclass(frozen, module = "scanno")]
struct Cleaner {
    inner: scanno::Cleaner,
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (*, min_confidence = 0.5, disable = Vec::new(), lexicons = Vec::new(), protected = Vec::new(), model = None, adaptation = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        min_confidence: f32,
        disable: Vec<String>,
        lexicons: Vec<PathBuf>,
        protected: Vec<String>,
        model: Option<PathBuf>,
        adaptation: Option<Adaptation>,
    ) -> PyResult<Cleaner> {
        let options = options(min_confidence, &disable, &protected)?;
        if model.is_some() && adaptation.is_some() {
            return Err(PyValueError::new_err(
                "adaptation adapts the embedded model: it does not go with model (as --adaptation and --model)",
            ));
        }
        let inner = py.detach(|| -> PyResult<scanno::Cleaner> {
            let mut cleaner = build_cleaner(&lexicons, model.as_ref(), options)?;
            if let Some(adaptation) = adaptation {
                cleaner.adapt_to(adaptation.read()?.channel);
            }
            Ok(cleaner)
        })?;
        Ok(Cleaner { inner })
    }

    /// Cleans one document. `batch`: the word counts of the batch the document belongs to
    /// (see `Batch`), as `scanno clean FOLDER --no-adapt` uses them; without it the document
    /// is cleaned on its own, as `scanno clean FILE --no-adapt` and `scanno clean - --jsonl` do.
    ///
    /// Cost: the library's `Cleaner::clean` (`tools/python_throughput.py` measures it per CPU
    /// second, `docs/scaling.md` has the figures; candidate readings are cached, so recurring
    /// misreadings cost less), plus one pass over the text to turn byte offsets into `str`
    /// indices.
    #[pyo3(signature = (text, *, batch = None))]
    fn clean(&self, py: Python<'_>, text: &str, batch: Option<PyRef<'_, Batch>>) -> PyResult<CleanResult> {
        clean_with(py, &self.inner, text, batch.as_deref())
    }

    #[getter]
    fn min_confidence(&self) -> f64 {
        confidence_f64(self.inner.options().min_confidence)
    }

    /// The disabled edit kinds.
    #[getter]
    fn disabled(&self) -> Vec<&'static str> {
        self.inner.options().disabled.iter().map(|k| k.as_str()).collect()
    }

    fn __repr__(&self) -> String {
        format!("Cleaner(min_confidence={}, disable={:?})", self.min_confidence(), self.disabled())
    }
}

/// The cleaner of `scanno.clean` with default options, opened on first use.
fn default_cleaner() -> &'static scanno::Cleaner {
    static DEFAULT: OnceLock<scanno::Cleaner> = OnceLock::new();
    DEFAULT.get_or_init(|| scanno::Cleaner::new(Lexicon::embedded(), Options::default()))
}

/// Cleans one document and returns a `Result` (`.text`, `.edits`, `.suggestions`).
///
/// The options are those of `Cleaner`; with non-default options a cleaner is built for this
/// call (word lists are parsed each time): to clean many texts, make one `Cleaner` and reuse it.
/// The GIL is released while cleaning.
#[pyfunction]
#[pyo3(signature = (text, *, min_confidence = 0.5, disable = Vec::new(), lexicons = Vec::new(), protected = Vec::new(), model = None, batch = None))]
#[allow(clippy::too_many_arguments)]
fn clean(
    py: Python<'_>,
    text: &str,
    min_confidence: f32,
    disable: Vec<String>,
    lexicons: Vec<PathBuf>,
    protected: Vec<String>,
    model: Option<PathBuf>,
    batch: Option<PyRef<'_, Batch>>,
) -> PyResult<CleanResult> {
    let options = options(min_confidence, &disable, &protected)?;
    let defaults = Options::default();
    if lexicons.is_empty()
        && model.is_none()
        && options.disabled.is_empty()
        && options.protected.is_empty()
        && options.min_confidence == defaults.min_confidence
    {
        return clean_with(py, default_cleaner(), text, batch.as_deref());
    }
    let cleaner = py.detach(|| build_cleaner(&lexicons, model.as_ref(), options))?;
    clean_with(py, &cleaner, text, batch.as_deref())
}

/// One edit handed to `apply`: an `Edit` or a mapping with "start", "end", "after" and
/// optionally "before".
struct Requested {
    span: Range<usize>,
    before: Option<String>,
    after: String,
}

fn requested(item: &Bound<'_, PyAny>, index: usize) -> PyResult<Requested> {
    if let Ok(e) = item.cast::<Edit>() {
        let e = e.get();
        return Ok(Requested { span: e.start..e.end, before: Some(e.before.clone()), after: e.after.clone() });
    }
    let Ok(map) = item.cast::<PyMapping>() else {
        return Err(PyTypeError::new_err(format!(
            "edit {index}: expected a scanno.Edit or a dict with start, end and after, not {}",
            item.get_type().name()?
        )));
    };
    let field = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        match map.get_item(key) {
            Ok(v) if v.is_none() => Ok(None),
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(item.py()) => Ok(None),
            Err(e) => Err(e),
        }
    };
    let required = |key: &str| {
        field(key)?.ok_or_else(|| PyValueError::new_err(format!("edit {index}: missing {key:?}")))
    };
    let start: usize = required("start")?.extract()?;
    let end: usize = required("end")?.extract()?;
    let after: String = required("after")?.extract()?;
    let before: Option<String> = field("before")?.map(|v| v.extract()).transpose()?;
    if start > end {
        return Err(PyValueError::new_err(format!("edit {index}: start {start} is after end {end}")));
    }
    Ok(Requested { span: start..end, before, after })
}

/// Applies `edits` (from `Result.edits`, or dicts with "start", "end", "after" and
/// optionally "before", offsets as `str` indices) to `text` and returns the new text.
///
/// Raises ValueError if two edits overlap, a span lies outside the text, or an edit's
/// `before` differs from the text under its span (edits meant for another text).
/// `apply(text, clean(text).edits) == clean(text).text`.
#[pyfunction]
fn apply(py: Python<'_>, text: &str, edits: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut wanted = Vec::new();
    for (i, item) in edits.try_iter()?.enumerate() {
        wanted.push(requested(&item?, i)?);
    }
    let chars: Vec<usize> = wanted.iter().flat_map(|r| [r.span.start, r.span.end]).collect();
    let bytes = byte_offsets(text, &chars);
    let mut library = Vec::with_capacity(wanted.len());
    for (i, r) in wanted.into_iter().enumerate() {
        let (Some(start), Some(end)) = (bytes[2 * i], bytes[2 * i + 1]) else {
            return Err(PyValueError::new_err(format!(
                "edit {i}: span {}..{} is outside the text ({} characters)",
                r.span.start,
                r.span.end,
                text.chars().count()
            )));
        };
        let mut e = scanno::Edit::new(text, start..end, r.after, EditKind::Correction, 1.0, "");
        if let Some(before) = r.before {
            e.before = before;
        }
        library.push(e);
    }
    py.detach(|| scanno::edit::apply(text, &library)).map_err(|e| apply_error(text, e))
}

/// An apply error with its byte ranges turned into `str` indices.
fn apply_error(text: &str, e: scanno::edit::ApplyError) -> PyErr {
    use scanno::edit::ApplyError;
    let chars = |r: &Range<usize>| {
        let count = |b: usize| text.get(..b).map_or(b, |s| s.chars().count());
        format!("{}..{}", count(r.start), count(r.end))
    };
    PyValueError::new_err(match e {
        ApplyError::Overlap { first, second } => format!("edits overlap: {} and {}", chars(&first), chars(&second)),
        ApplyError::OutOfBounds(r) => format!("edit span {} is outside the text", chars(&r)),
        ApplyError::Mismatch { span, expected, found } => {
            format!("edit at {} expects {expected:?} but the text has {found:?}", chars(&span))
        }
    })
}

/// Word counts across a batch of documents: how many of them hold each word. `scanno clean
/// FOLDER` counts these over the folder first (and, unless `--no-adapt`, also adapts its
/// error model to the folder: `adapt` here), and a word recurring across many documents
/// (the town's name, the editor's) counts as vocabulary even when the lexicon lacks it.
/// Add every document, then pass the batch to `Cleaner.clean(text, batch=...)`.
#[pyclass(frozen, module = "scanno")]
struct Batch {
    vocab: RwLock<Vocab>,
}

#[pymethods]
impl Batch {
    #[new]
    #[pyo3(signature = (texts = None))]
    fn new(texts: Option<&Bound<'_, PyAny>>) -> PyResult<Batch> {
        let batch = Batch { vocab: RwLock::new(Vocab::default()) };
        if let Some(texts) = texts {
            for text in texts.try_iter()? {
                let text = text?;
                batch.add(text.py(), text.extract()?);
            }
        }
        Ok(batch)
    }

    /// Counts each word of one document once. Releases the GIL.
    fn add(&self, py: Python<'_>, text: &str) {
        py.detach(|| {
            let doc = Vocab::of(text);
            self.vocab.write().unwrap_or_else(|poisoned| poisoned.into_inner()).add_distinct(&doc);
        })
    }

    /// How many of the documents added hold `word` (any case).
    fn count(&self, word: &str) -> u32 {
        self.vocab.read().unwrap_or_else(|poisoned| poisoned.into_inner()).count(word)
    }

    /// Number of distinct words.
    fn __len__(&self) -> usize {
        self.vocab.read().unwrap_or_else(|poisoned| poisoned.into_inner()).len()
    }
}

/// What `Cleaner(adaptation=...)` takes: the bytes `adapt` returned, or the path of a file
/// holding them (`scanno clean --save-adaptation FILE` writes the same).
#[derive(FromPyObject)]
enum Adaptation {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl Adaptation {
    fn read(self) -> PyResult<scanno::adapt::Adapted> {
        let (bytes, path) = match self {
            Adaptation::Bytes(b) => (b, None),
            Adaptation::Path(p) => (std::fs::read(&p).map_err(|e| py_error(scanno::Error::from(e).at(&p)))?, Some(p)),
        };
        scanno::adapt::Adapted::from_bytes(&bytes).map_err(|e| {
            let from = path.map_or("these bytes".to_string(), |p| p.display().to_string());
            PyValueError::new_err(format!("{from} hold no saved adaptation (see scanno.adapt): {e}"))
        })
    }
}

/// Learns a collection's OCR confusions from a sample of its documents, as `scanno clean
/// FOLDER` does before cleaning (collection adaptation): the sample is cleaned with the
/// embedded model, its input and cleaned text are counted like training pairs, and the
/// returned bytes are those counts. Pass them to `Cleaner(adaptation=...)`, write them to a
/// file for `scanno clean --adaptation FILE`, or broadcast them to a cluster's workers.
/// A sample of about 2 MB is what the command line takes. `batch`: the collection's word
/// counts, as the command line uses them. Raises ValueError when the sample holds fewer
/// than 5,000 words, or when its clean changes fewer than 0.5% of its characters (clean
/// text: too few misreadings to learn from). Releases the GIL.
#[pyfunction]
#[pyo3(signature = (texts, *, batch = None))]
fn adapt<'py>(py: Python<'py>, texts: Vec<String>, batch: Option<PyRef<'_, Batch>>) -> PyResult<Bound<'py, PyBytes>> {
    let batch = batch.as_deref();
    let learnt = py.detach(|| {
        let guard = batch.map(|b| b.vocab.read().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let cleaner = default_cleaner();
        let cleaned: Vec<String> = texts.iter().map(|t| cleaner.clean_in_batch(t, guard.as_deref()).text).collect();
        scanno::adapt::learn(texts.iter().map(String::as_str).zip(cleaned.iter().map(String::as_str))).map(|a| a.to_bytes())
    });
    match learnt {
        Some(bytes) => Ok(PyBytes::new(py, &bytes)),
        None => Err(PyValueError::new_err(format!(
            "the sample holds fewer than {} words, or its clean changes fewer than {}% of its characters, too few to learn a collection's confusions from",
            scanno::adapt::MIN_WORDS,
            scanno::adapt::MIN_CHANGED_SHARE * 100.0
        ))),
    }
}

/// Decodes the bytes of a text file as `scanno clean` does: UTF-8 if valid, otherwise
/// Windows-1252 (old OCR exports). Raises ValueError for binary data.
#[pyfunction]
fn decode(data: &[u8]) -> PyResult<String> {
    scanno::input::decode(data).map(|d| d.text).map_err(py_error)
}

/// Repairs raw OCR text of historical printed matter; every change is an `Edit` with
/// provenance. See `scanno.clean`, `scanno.Cleaner` and `scanno.apply`.
#[pymodule]
mod _scanno {
    #[pymodule_export]
    use super::{adapt, apply, clean, decode, Batch, CleanResult, Cleaner, Edit};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
