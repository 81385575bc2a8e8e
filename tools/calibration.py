#!/usr/bin/env python3
"""How often scanno's corrections are right, by confidence, on the development sets.

For every document of the named sets in ../shared/eval/data, runs `scanno clean - --format json`
on its OCR, aligns the OCR words with the ground truth's (difflib over normalised words), and
counts a correction right when the corrected word equals the aligned ground-truth word
(lowercase, letters and digits only). Corrections in words the alignment leaves out are not
counted. Prints one line per confidence decile.

Usage: python3 tools/calibration.py [--bin target/release/scanno] [SET ...]
       (default sets: overproof-ca icdar2017-en)
"""
import argparse, bisect, collections, difflib, json, os, re, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(HERE, "..", "..", "shared", "eval", "data")


def norm(word):
    return re.sub(r"[^\w]", "", word.lower())


def aligned(ocr_words, gt_words):
    """OCR word index -> ground-truth word index, where the alignment pairs them one to one."""
    sm = difflib.SequenceMatcher(None, ocr_words, gt_words, autojunk=False)
    out = {}
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("equal", "replace") and i2 - i1 == j2 - j1:
            out.update((i1 + k, j1 + k) for k in range(i2 - i1))
    return out


def corrections(binary, text):
    """The correction edits of `text`, with spans in characters (the JSON gives bytes)."""
    out = subprocess.run([binary, "clean", "-", "--format", "json"], input=text.encode(),
                         capture_output=True, check=True).stdout
    char_at, pos = {}, 0
    for i, ch in enumerate(text):
        char_at[pos] = i
        pos += len(ch.encode())
    char_at[pos] = len(text)
    for e in json.loads(out)["edits"]:
        if e["kind"] == "correction":
            yield char_at[e["start"]], char_at[e["end"]], e["after"], e["confidence"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "scanno"))
    ap.add_argument("sets", nargs="*", default=["overproof-ca", "icdar2017-en"])
    args = ap.parse_args()
    for name in args.sets:
        deciles = collections.defaultdict(lambda: [0, 0])
        with open(os.path.join(EVAL, name + ".jsonl")) as f:
            for line in f:
                doc = json.loads(line)
                ocr = doc["ocr"]
                tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", ocr)]
                gt = [norm(m.group()) for m in re.finditer(r"\S+", doc["gt"])]
                pairs = aligned([norm(t[2]) for t in tokens], gt)
                starts = [t[0] for t in tokens]
                for start, end, after, conf in corrections(args.bin, ocr):
                    i = max(0, bisect.bisect_right(starts, start) - 1)
                    if i not in pairs:
                        continue
                    t0, _, word = tokens[i]
                    fixed = word[: start - t0] + after + word[end - t0:]
                    d = deciles[min(int(conf * 10), 9)]
                    d[0] += norm(fixed) == gt[pairs[i]]
                    d[1] += 1
        print(name)
        right = total = 0
        for k in sorted(deciles):
            r, n = deciles[k]
            right, total = right + r, total + n
            print(f"  confidence {k / 10:.1f}-{(k + 1) / 10:.1f}: {n:5d} corrections, {r / n:6.1%} right")
        if total:
            print(f"  all: {total} corrections, {right / total:.1%} right")


if __name__ == "__main__":
    main()
