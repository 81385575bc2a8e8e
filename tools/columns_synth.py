#!/usr/bin/env python3
"""Synthetic interleaved columns from the training set (issue 23).

Builds documents in the format of the interleave sets (`ocr`, `gt`, `ocr_columns`,
`gt_columns`) from ../shared/eval/train/ only, so that the column stage can be fitted and
tested without touching the development sets:

- two training documents become columns A and B; a document that carries its own line breaks
  (the newspaper snippets) keeps them, the others are wrapped at a column width drawn from
  24-46 characters, with line lengths scattered as justified type is (a line takes the next
  word when it fits within the width plus a slack, long words are hyphenated at the line end
  some of the time, as printers do, and the hyphen is sometimes lost in OCR);
- paragraphs end with a short line;
- rows are read across: A then B, and now and then a row lacks one side, so one column gives
  two lines in a row; when one column runs out the other continues alone;
- the rows are flattened into paragraphs of 6-9 lines, as a bad zoning outputs them.

The OCR text of both documents is used (their OCR errors are part of the problem); the gt
fields hold the ground truth wrapped the same way only as a rough reference.

Usage: tools/columns_synth.py OUT.jsonl [--n 200] [--seed 1] [--split fit|test]
(`--split` takes the training documents of even or odd index, so fitting and testing use
disjoint texts.)
"""
import argparse
import json
import random
import re

TRAIN = "../shared/eval/train/hipe-train-en.jsonl"


def paragraphs(doc):
    text = doc["ocr"]
    if "\n" in text.strip():
        # Keeps the printed lines: a list of paragraphs, each a list of lines.
        lines = [l.strip() for l in text.split("\n")]
        paras, cur = [], []
        for l in lines:
            if not l:
                if cur:
                    paras.append(cur)
                cur = []
            else:
                cur.append(l)
        if cur:
            paras.append(cur)
        return paras, True
    paras = [p.split() for p in re.split(r"\n\s*\n", text) if p.split()]
    return paras, False


def wrap(words, width, rng):
    """Greedy justified-type wrap: lines close to `width`, hyphenating long words sometimes."""
    lines, cur = [], ""
    slack = rng.randint(0, 3)
    i = 0
    words = list(words)
    while i < len(words):
        w = words[i]
        cand = (cur + " " + w) if cur else w
        if len(cand) <= width + slack:
            cur = cand
            i += 1
            continue
        room = width - len(cur) - 2
        if cur and len(w) >= 7 and room >= 3 and rng.random() < 0.6:
            cut = min(room, len(w) - 3)
            if cut >= 2:
                hy = "-" if rng.random() < 0.75 else ""
                lines.append(cur + " " + w[:cut] + hy)
                words[i] = w[cut:]
                cur = ""
                slack = rng.randint(0, 3)
                continue
        if not cur:
            lines.append(w)
            i += 1
        else:
            lines.append(cur)
            cur = ""
        slack = rng.randint(0, 3)
    if cur:
        lines.append(cur)
    return lines


def column(doc, rng, width):
    paras, lined = paragraphs(doc)
    out = []
    for p in paras:
        if lined:
            out.extend(p)
        else:
            out.extend(wrap(p, width, rng))
    return out


def interleave(a, b, rng, miss):
    """Rows read across: A then B; a row lacks one side with probability `miss`."""
    rows = []
    i = j = 0
    while i < len(a) or j < len(b):
        r = rng.random()
        take_a = i < len(a) and not (j < len(b) and miss / 2 <= r < miss)
        take_b = j < len(b) and not (i < len(a) and r < miss / 2)
        if take_a:
            rows.append((0, a[i]))
            i += 1
        if take_b:
            rows.append((1, b[j]))
            j += 1
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", choices=["fit", "test"], default="fit")
    ap.add_argument("--max-lines", type=int, default=24)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs = [json.loads(l) for l in open(TRAIN)]
    docs = [d for k, d in enumerate(docs) if k % 2 == (0 if args.split == "fit" else 1)]
    docs = [d for d in docs if len(d["ocr"].split()) >= 40]
    with open(args.out, "w") as f:
        for n in range(args.n):
            da, db = rng.sample(docs, 2)
            wa = rng.randint(24, 46)
            wb = wa if rng.random() < 0.4 else rng.randint(24, 46)
            ca = column(da, rng, wa)
            cb = column(db, rng, wb)
            # Columns of a real interleaving are 8-24 lines each, one often shorter.
            ca = ca[: rng.randint(8, args.max_lines)]
            cb = cb[: rng.randint(8, args.max_lines)]
            rows = interleave(ca, cb, rng, rng.uniform(0.05, 0.3))
            paras, cur, k = [], [], rng.randint(6, 9)
            starts, pos = [], 0  # byte offset and stream of every line in `ocr`
            for col, line in rows:
                if cur:
                    pos += 1
                starts.append([pos, col])
                pos += len(line.encode())
                cur.append(line)
                if len(cur) >= k:
                    paras.append(" ".join(cur))
                    cur, k = [], rng.randint(6, 9)
                    pos += 2
            if cur:
                paras.append(" ".join(cur))
            cols = ["\n".join(ca), "\n".join(cb)]
            f.write(json.dumps({
                "id": f"synth-{args.split}-{n}",
                "ocr": "\n\n".join(paras),
                "gt": "\n\n".join(cols),
                "gt_columns": cols,
                "ocr_columns": cols,
                "lines": starts,
            }) + "\n")


if __name__ == "__main__":
    main()
