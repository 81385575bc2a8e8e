#!/usr/bin/env python3
"""Learns how OCR misreads the digits of numbers, from train/ only, into data/numbers/digit_readings.tsv
(and the other way, digits read for the letters of words, into letter_readings.tsv).

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
LETTERS = os.path.join(ROOT, "data", "numbers", "letter_readings.tsv")
MIN_COUNT = 3
NUMBER = re.compile(r"^[£$]?\d[\d,]*(s|d|th|st|nd|rd)?$")


def tokens(text):
    text = re.sub(r"[-¬]\s*\n\s*", "", text)
    return [t for t in (w.strip(".,;:!?\"'()[]") for w in text.split()) if t]


def aligned_pairs():
    """(OCR token, truth token) for every pair the token alignment of a training document
    sets one for one in a changed stretch."""
    for line in open(TRAIN):
        if not line.strip():
            continue
        row = json.loads(line)
        o, g = tokens(row["ocr"]), tokens(row["gt"])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, o, g, autojunk=False).get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                yield from zip(o[i1:i2], g[j1:j2])


def table(name, what, counts):
    """The file text of `counts` ((read, stands for) -> n): a line per entry seen MIN_COUNT
    times, with the count and the total of the read side."""
    totals = collections.Counter()
    for (read, _), n in counts.items():
        totals[read] += n
    lines = [f"{read}\t{x}\t{n}\t{totals[read]}" for (read, x), n in sorted(counts.items()) if n >= MIN_COUNT]
    return (
        f"# {name}: {what}\n"
        "# Written by tools/digit_readings.py from ../shared/eval/train/ only; read by "
        "src/stages/correct/numbers.rs.\n" + "\n".join(lines) + "\n"
    )


def main():
    pairs = collections.Counter()
    # The other way: digits read where a word of letters was printed ("6ome", "th9").
    letters = collections.Counter()
    for a, b in aligned_pairs():
        # Words of two letters or more, the OCR's with more letters than digits (a lone "1"
        # for "I" is the corrector's correct.one_as_i).
        if b.isalpha() and len(a) == len(b) and sum(c.isalpha() for c in a) >= 2:
            for x, y in zip(a, b):
                if x.isdigit() and y.isalpha() and y.isascii():
                    letters[(x, y.lower())] += 1
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
    letter_text = table(
        "letter_readings",
        "digits read where a word of the training set has a letter "
        "(digit, letter lowercase, count, times the digit stood for any letter).",
        letters,
    )
    text = table(
        "digit_readings",
        "OCR strings read where a number of the training set has a digit "
        "(read, digit, count, times the string stood for any digit).",
        pairs,
    )
    if sys.argv[1:] == ["--check"]:
        same = open(OUT, encoding="utf-8").read() == text
        same = same and open(LETTERS, encoding="utf-8").read() == letter_text
        print("digit_readings.tsv:", "reproduced" if same else "DIFFERS")
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    with open(LETTERS, "w", encoding="utf-8") as f:
        f.write(letter_text)
    print(text + letter_text)


if __name__ == "__main__":
    main()
