#!/usr/bin/env python3
"""Per-record column order (issue 23): the evaluation scorer's `order` figure for each record
of a set with `ocr_columns`, raw and for each output folder given.

Usage: /work/venv/bin/python tools/columns_order.py SET.jsonl OUT_DIR [OUT_DIR2 ...]
(OUT_DIR holds `<id>.txt` as the scorer's --cmd writes them, e.g. from
`examples/columns_eval.rs --lines OUT_DIR --flat`.) Prints one line per record: id, words,
raw order, the order of each folder; then the totals (word-weighted, as the scorer's).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../shared/eval"))
from score import lcs, order_words, safe  # noqa: E402


def main():
    path, dirs = sys.argv[1], sys.argv[2:]
    tot, hit = 0, [0] * (len(dirs) + 1)
    for line in open(path):
        r = json.loads(line)
        if "ocr_columns" not in r:
            continue
        ref = order_words("\n".join(r["ocr_columns"]))
        texts = [r["ocr"]]
        for d in dirs:
            f = os.path.join(d, safe(r["id"]) + ".txt")
            texts.append(open(f, encoding="utf-8", errors="replace").read() if os.path.exists(f) else "")
        got = [lcs(order_words(t), ref) for t in texts]
        tot += len(ref)
        hit = [h + g for h, g in zip(hit, got)]
        print(r["id"], len(ref), " ".join(f"{g / len(ref):.3f}" for g in got))
    print("total", tot, " ".join(f"{h / tot:.4f}" for h in hit))


if __name__ == "__main__":
    main()
