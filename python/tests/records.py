"""Test records made from the repository's fixtures with OCR-like damage added.

Deterministic (seeded), so the Spark tests and the CLI see the same texts. Nothing here is
taken from the evaluation sets.
"""

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").glob("*.txt"))

# Letter confusions OCR makes, applied to words at random.
CONFUSIONS = [("h", "li"), ("e", "c"), ("rn", "m"), ("m", "rn"), ("n", "u"), ("o", "0"), ("l", "1"), ("a", "n")]


def _damage_word(word: str, rng: random.Random) -> str:
    for a, b in rng.sample(CONFUSIONS, len(CONFUSIONS)):
        if a in word:
            i = word.index(a)
            return word[:i] + b + word[i + len(a):]
    return word


def _damage(text: str, rng: random.Random) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        words = line.split(" ")
        for i, w in enumerate(words):
            r = rng.random()
            if r < 0.04:
                words[i] = _damage_word(w, rng)
            elif r < 0.05 and len(w) > 7 and w.isalpha():
                cut = rng.randrange(3, len(w) - 3)
                words[i] = w[:cut] + "-\n" + w[cut:]
            elif r < 0.055 and "fi" in w:
                words[i] = w.replace("fi", "\ufb01")  # the "fi" ligature
            elif r < 0.06 and w.isdigit():
                words[i] = "\u00a3" + w  # a pound sign: not ASCII, spans must count characters
        out.append(" ".join(words))
        if rng.random() < 0.01:
            out.append(f"\n- {rng.randrange(2, 300)} -\n\n")
    return "".join(out)


def make_texts(n: int, seed: int = 26, max_lines: int = 40) -> list[str]:
    """`n` texts: runs of lines from the fixtures, damaged. A few edge cases come first."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8").splitlines(keepends=True) for p in FIXTURES]
    texts = ["", "   \n", "tlie cat\r\nsat on tlie mat\r\n", "Caf\u00e9 \u201ctlie\u201d \u00a3 5 oﬀer tlie man\n"]
    while len(texts) < n:
        lines = rng.choice(sources)
        start = rng.randrange(len(lines))
        texts.append(_damage("".join(lines[start:start + rng.randint(3, max_lines)]), rng))
    return texts[:n]


def make_records(n: int, seed: int = 26) -> list[dict]:
    """`{"id", "text"}` records, as `scanno clean - --jsonl` reads them."""
    return [{"id": f"r{i:04d}", "text": t} for i, t in enumerate(make_texts(n, seed))]
