"""scanno: repairs raw OCR text of historical printed matter.

Every change is an :class:`Edit` with provenance (span, before, after, kind, confidence,
reason); the cleaned text is exactly the input with the applied edits applied.

>>> import scanno
>>> scanno.clean("tlie cat").text
'the cat'

Reuse one :class:`Cleaner` to clean many texts (it opens its lexicons once); its ``clean``
releases the GIL, so threads clean in parallel. Spans are ``str`` indices.
"""

from ._scanno import Batch, Cleaner, Edit, Result, __version__, adapt, apply, clean, decode

__all__ = ["Batch", "Cleaner", "Edit", "Result", "__version__", "adapt", "apply", "clean", "decode"]
