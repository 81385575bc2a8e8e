"""Type stubs of the extension module (python/src/lib.rs)."""

import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Sequence

__version__: str

Kind = Literal["furniture", "reflow", "dehyphen", "join", "split", "column", "correction"]

class Edit:
    """One change to a text, with its provenance.

    ``start`` and ``end`` index the input ``str`` (code points, so
    ``text[e.start:e.end] == e.before``); the command line's JSON gives UTF-8 byte offsets.
    """

    start: int
    end: int
    before: str
    """The input text in the span."""
    after: str
    """The replacement."""
    kind: Kind
    confidence: float
    """How sure the stage is, 0.0 to 1.0."""
    reason: str
    """Why, in a few words a reviewer can check."""
    rule: str
    """The id of the rule that made the edit ("dehyphen.join", "correct.channel"; merged
    edits join theirs with "+")."""
    alternatives: list[str]
    """Other replacements the stage considered, best first (corrections only)."""

    def __init__(
        self,
        start: int,
        end: int,
        before: str,
        after: str,
        kind: Kind = "correction",
        confidence: float = 1.0,
        reason: str = "",
        alternatives: Sequence[str] = (),
        rule: str | None = None,
    ) -> None: ...
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``: the span of the input replaced, as ``str`` indices."""
    def to_dict(self) -> dict[str, Any]:
        """The edit as a plain dict (for DataFrames, JSON, Parquet)."""

class Result:
    """What cleaning one text gives. ``apply(input, result.edits) == result.text``."""

    @property
    def text(self) -> str:
        """The cleaned text: the input with ``edits`` applied."""
    @property
    def edits(self) -> list[Edit]:
        """Applied edits, against the input, sorted, non-overlapping."""
    @property
    def suggestions(self) -> list[Edit]:
        """Edits below the confidence threshold, against the input, not applied."""

class Batch:
    """Word counts across a batch of documents: how many of them hold each word.

    ``scanno clean FOLDER`` counts these over the folder first (and, unless ``--no-adapt``,
    adapts its error model to the folder, which this package does not); a word recurring
    across many documents counts as vocabulary even when the lexicon lacks it. Add every document,
    then pass the batch to ``Cleaner.clean(text, batch=...)``.
    """

    def __init__(self, texts: Iterable[str] | None = None) -> None: ...
    def add(self, text: str) -> None:
        """Counts each word of one document once. Releases the GIL."""
    def count(self, word: str) -> int:
        """How many of the documents added hold ``word`` (any case)."""
    def __len__(self) -> int: ...

class Cleaner:
    """A configured cleaner: the embedded lexicon plus ``lexicons``, opened once.

    Reuse one per process (or per Spark partition); it is safe to share between threads,
    and ``clean`` releases the GIL, so threads clean in parallel. ``model``: an OCR error
    model trained by ``scanno train``. No ``scanno.toml`` or ``.scanno-words`` is read: pass
    their settings as arguments.
    """

    def __init__(
        self,
        *,
        min_confidence: float = 0.5,
        disable: Sequence[Kind] = (),
        lexicons: Sequence[str | os.PathLike[str]] = (),
        protected: Sequence[str] = (),
        model: str | os.PathLike[str] | None = None,
        adaptation: bytes | str | os.PathLike[str] | None = None,
    ) -> None:
        """``adaptation``: what ``adapt`` returned (or a file holding it, as written by
        ``scanno clean --save-adaptation``): corrections use the embedded model adapted to
        that collection, as ``scanno clean FOLDER`` does by default."""
    def clean(self, text: str, *, batch: Batch | None = None) -> Result:
        """Cleans one document (on its own, as ``scanno clean FILE --no-adapt`` does, or with
        the word counts of its ``batch``, as ``scanno clean FOLDER --no-adapt`` does)."""
    @property
    def min_confidence(self) -> float: ...
    @property
    def disabled(self) -> list[Kind]: ...

def clean(
    text: str,
    *,
    min_confidence: float = 0.5,
    disable: Sequence[Kind] = (),
    lexicons: Sequence[str | os.PathLike[str]] = (),
    protected: Sequence[str] = (),
    model: str | os.PathLike[str] | None = None,
    batch: Batch | None = None,
) -> Result:
    """Cleans one document. To clean many, make one ``Cleaner`` and reuse it."""

def adapt(texts: Sequence[str], *, batch: Batch | None = None) -> bytes:
    """Learns a collection's OCR confusions from a sample of its documents (about 2 MB is
    what ``scanno clean FOLDER`` takes) and returns them as bytes for
    ``Cleaner(adaptation=...)`` or ``scanno clean --adaptation FILE``. Raises ValueError
    for a sample under 5,000 words. Releases the GIL."""

def apply(text: str, edits: Iterable[Edit | Mapping[str, Any]]) -> str:
    """Applies edits (``Edit`` objects, or dicts with start, end, after and optionally
    before) to ``text``. Raises ValueError on overlapping, out-of-range or stale edits."""

def decode(data: bytes) -> str:
    """Decodes a text file's bytes as ``scanno clean`` does: UTF-8, else Windows-1252.
    Raises ValueError for binary data."""
