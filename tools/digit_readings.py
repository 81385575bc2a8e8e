#!/usr/bin/env python3
"""Learns how OCR misreads the digits of numbers, from train/ only, into data/numbers/digit_readings.tsv.

Aligns the OCR and ground-truth tokens of every training document (difflib over whitespace
tokens, surrounding punctuation trimmed, line-end hyphens joined), keeps the aligned pairs whose
truth is a number (digits and commas, maybe after "£" or "$", maybe with a unit or ordinal
suffix: "1808", "10d", "12th") and the OCR differs, aligns the two characters by character, and
counts each OCR string of one or two characters read where the truth has one digit ("O" for
0, "fi" for 6). Written: one line per (OCR string, digit) seen at least MIN_COUNT times, with its
count and the number of times that OCR string stood for any digit, so the reader's share of a
digit is count / total.

  tools/digit_readings.py           rewrite data/numbers/digit_readings.tsv
  tools/digit_readings.py --check   compare with the committed file
"""
import collections, difflib, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN = os.path.join(ROOT, "..", "shared", "eval", "train", "hipe-train-en.jsonl")
OUT = os.path.join(ROOT, "data", "numbers", "digit_readings.tsv")
MIN_COUNT = 3
NUMBER = re.compile(r"^[£$]?\d[\d,]*(s|d|th|st|nd|rd)?$")


def tokens(text):
    text = re.sub(r"[-¬]\s*\n\s*", "", text)
    return [t for t in (w.strip(".,;:!?\"'()[]") for w in text.split()) if t]


def main():
    pairs = collections.Counter()
    for line in open(TRAIN):
        if not line.strip():
            continue
        row = json.loads(line)
        o, g = tokens(row["ocr"]), tokens(row["gt"])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, o, g, autojunk=False).get_opcodes():
            if tag != "replace" or i2 - i1 != j2 - j1:
                continue
            for a, b in zip(o[i1:i2], g[j1:j2]):
                if not NUMBER.match(b) or abs(len(a) - len(b)) > 1:
                    continue
                for t, k1, k2, l1, l2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                    if t != "replace":
                        continue
                    if k2 - k1 == l2 - l1:
                        # One character for one: each pair on its own.
                        reads = [(a[k], b[l1 + k - k1]) for k in range(k1, k2)]
                    elif k2 - k1 == 2 and l2 - l1 == 1:
                        reads = [(a[k1:k2], b[l1])]
                    else:
                        continue
                    for read, digit in reads:
                        if digit.isdigit() and not any(c.isdigit() for c in read):
                            pairs[(read, digit)] += 1
    totals = collections.Counter()
    for (read, _), n in pairs.items():
        totals[read] += n
    lines = [
        f"{read}\t{digit}\t{n}\t{totals[read]}"
        for (read, digit), n in sorted(pairs.items())
        if n >= MIN_COUNT
    ]
    text = (
        "# digit_readings: OCR strings read where a number of the training set has a digit "
        "(read, digit, count, times the string stood for any digit).\n"
        "# Written by tools/digit_readings.py from ../shared/eval/train/ only; read by "
        "src/stages/correct/numbers.rs.\n" + "\n".join(lines) + "\n"
    )
    if sys.argv[1:] == ["--check"]:
        same = open(OUT, encoding="utf-8").read() == text
        print("digit_readings.tsv:", "reproduced" if same else "DIFFERS")
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
