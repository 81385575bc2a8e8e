#!/usr/bin/env python3
"""Times a naive SymSpell word-by-word corrector on the corpus tools/throughput.py uses, for the
README's comparison. Needs `pip install symspellpy` (its English frequency list is used).
Usage: python3 tools/symspell_baseline.py [--mb 1.0]
"""
import argparse, importlib.resources, json, os, re, time

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(HERE, "..", "..", "shared", "eval", "data")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0, help="megabytes of OCR to correct")
    a = ap.parse_args()
    texts = []
    for name in ("overproof-ca.jsonl", "icdar2017-en.jsonl"):
        with open(os.path.join(EVAL, name)) as f:
            texts += [json.loads(l)["ocr"] for l in f]
    corpus = "\n\n".join(texts)
    corpus = (corpus * (int(a.mb * 1e6) // len(corpus) + 1))[: int(a.mb * 1e6)]
    t0 = time.perf_counter()
    from symspellpy import SymSpell, Verbosity

    sym = SymSpell(max_dictionary_edit_distance=2)
    path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    sym.load_dictionary(str(path), term_index=0, count_index=1)
    start = time.perf_counter() - t0
    t1 = time.perf_counter()
    out = []
    for tok in re.split(r"(\s+)", corpus):
        core = tok.strip(".,;:!?\"'()")
        if core.isalpha() and core.lower() not in sym.words:
            s = sym.lookup(core.lower(), Verbosity.TOP, max_edit_distance=2)
            out.append(tok.replace(core, s[0].term) if s else tok)
        else:
            out.append(tok)
    work = time.perf_counter() - t1
    mb = len(corpus.encode()) / 1e6
    print(f"symspellpy word by word: start-up {start:.2f} s, {mb / work:.2f} MB/s on {mb:.1f} MB "
          f"({mb / (start + work):.2f} MB/s whole process)")


main()
