#!/usr/bin/env python3
"""Precision per rule: how many edits each rule made and how many moved the text towards the
ground truth, on data sets of OCR / ground-truth pairs (JSON Lines with `id`, `ocr`, `gt`).

  tools/rule_report.py                      train/ and the three dev sets
  tools/rule_report.py SET.jsonl ...        the sets given
  tools/rule_report.py --args '--min-confidence 0.6' ...   extra `scanno clean` options
  tools/rule_report.py --bands ...          one row per rule and confidence band of 0.1 (to
                                            choose a rule's threshold on train/)

For each document the release binary's `clean --format json` report is read; every edit (and
every suggestion, counted apart) is placed against the ground truth by a word alignment of the
normalised OCR (lowercase, punctuation to space, as the scorer normalises) with the normalised
ground truth. The words the edit touches are compared, before and after it, with the ground-truth
words aligned to them: an edit is *right* if it brings them closer (edit distance), *wrong* if it
takes them further away, *neutral* otherwise (layout: line joins, removed furniture that the
normalisation ignores). precision = right / (right + wrong).
An edit merged from several rules ("dehyphen.join+correct.channel") is its own row.
"""
import argparse, collections, difflib, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "..", "shared", "eval")
DEFAULT_SETS = [
    os.path.join(EVAL, "train", "hipe-train-en.jsonl"),
    os.path.join(EVAL, "data", "overproof-ca.jsonl"),
    os.path.join(EVAL, "data", "icdar2017-en.jsonl"),
    os.path.join(EVAL, "data", "interleave-ca.jsonl"),
]
WORD = re.compile(r"[^\W_]+")


def norm(s):
    return " ".join(WORD.findall(s.lower()))


def reference(gt):
    # As the scorer reads ground truth: break marks and line-end hyphens joined.
    gt = gt.replace("¬\n", "").replace("—\n", "")
    return re.sub(r"-[ \t]*\r?\n[ \t]*", "", gt)


def words_with_spans(text):
    """Normalised words of `text` with their byte spans."""
    out, byte_at, char_at = [], 0, 0
    for m in WORD.finditer(text):
        byte_at += len(text[char_at:m.start()].encode())
        start = byte_at
        byte_at += len(m.group().encode())
        char_at = m.end()
        out.append((m.group().lower(), start, byte_at))
    return out


def distance(a, b):
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


class Aligned:
    def __init__(self, ocr, gt):
        self.raw = ocr.encode()
        self.ocr = words_with_spans(ocr)
        self.gt = norm(reference(gt)).split()
        sm = difflib.SequenceMatcher(None, [w for w, _, _ in self.ocr], self.gt, autojunk=False)
        # For each OCR word, the ground-truth block it lies in: (ocr range, gt range).
        self.block = [None] * len(self.ocr)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    self.block[i1 + k] = (i1 + k, i1 + k + 1, j1 + k, j1 + k + 1)
            else:
                for k in range(i1, i2):
                    self.block[k] = (i1, i2, j1, j2)
        self.inserted_at = {}
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "insert":
                self.inserted_at[i1] = (j1, j2)

    def judge(self, start, end, after):
        """'right', 'wrong' or 'neutral' for replacing bytes start..end by `after`."""
        touched = [k for k, (_, s, e) in enumerate(self.ocr) if s < end and start < e]
        if not touched:
            # An insertion or a change of marks only: judge by its neighbour words.
            touched = [k for k, (_, s, e) in enumerate(self.ocr) if s <= end and start <= e]
            if not touched:
                return "neutral"
        i0, i1 = touched[0], touched[-1] + 1
        blocks = [self.block[k] for k in range(i0, i1)]
        i0 = min(i0, min(b[0] for b in blocks))
        i1 = max(i1, max(b[1] for b in blocks))
        j0 = min(b[2] for b in blocks)
        j1 = max(b[3] for b in blocks)
        s, e = self.ocr[i0][1], self.ocr[i1 - 1][2]
        lo, hi = min(s, start), max(e, end)
        before = norm(self.raw[lo:hi].decode(errors="replace"))
        changed = self.raw[lo:start] + after.encode() + self.raw[end:hi]
        after_n = norm(changed.decode(errors="replace"))
        truth = " ".join(self.gt[j0:j1])
        d0, d1 = distance(before, truth), distance(after_n, truth)
        return "right" if d1 < d0 else "wrong" if d1 > d0 else "neutral"


def run_set(path, binary, extra, bands=False):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    stats = collections.defaultdict(collections.Counter)
    with tempfile.TemporaryDirectory() as tmp:
        for r in rows:
            name = re.sub(r"[^\w.-]", "_", str(r["id"])) + ".txt"
            with open(os.path.join(tmp, name), "w") as f:
                f.write(r["ocr"])
            r["_file"] = os.path.join(tmp, name)
        # One run over the folder, as `scanno clean IN_DIR --out OUT_DIR` cleans it (the batch's
        # own vocabulary counts), with one JSON report per file.
        out = subprocess.run([binary, "clean", tmp, "--format", "json", *extra],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{path}: scanno failed: {out.stderr.strip()}")
        by_file = {os.path.basename(rep["path"]): rep for rep in json_values(out.stdout)}
        for r in rows:
            report = by_file.get(os.path.basename(r["_file"]))
            if report is None:
                continue
            aligned = Aligned(r["ocr"], r["gt"])
            for group in ("edits", "suggestions"):
                for e in report[group]:
                    verdict = aligned.judge(e["start"], e["end"], e["after"])
                    label = f"{group} {e['confidence'] // 0.1 / 10:.1f}" if bands else group
                    stats[(e["rule"], label)][verdict] += 1
    return stats


def json_values(text):
    """The JSON values written one after another in `text`."""
    dec, at, out = json.JSONDecoder(), 0, []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return out
        value, at = dec.raw_decode(text, at)
        out.append(value)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "scanno"))
    ap.add_argument("--args", default="", help="extra options for scanno clean")
    ap.add_argument("--bands", action="store_true", help="split each rule's rows by confidence band")
    a = ap.parse_args()
    total = collections.defaultdict(collections.Counter)
    for path in a.sets:
        stats = run_set(path, a.binary, a.args.split(), a.bands)
        print(f"\n## {os.path.basename(path)}")
        table(stats)
        for k, c in stats.items():
            total[k].update(c)
    if len(a.sets) > 1:
        print("\n## all sets")
        table(total)


def table(stats):
    print(f"{'rule':58} {'group':15} {'edits':>6} {'right':>6} {'wrong':>6} {'neutral':>7} {'precision':>9}")
    for (rule, group), c in sorted(stats.items(), key=lambda kv: (kv[0][1].split()[0], kv[0][0], kv[0][1])):
        n = sum(c.values())
        judged = c["right"] + c["wrong"]
        p = f"{c['right'] / judged:.2f}" if judged else "-"
        print(f"{rule[:58]:58} {group:15} {n:6} {c['right']:6} {c['wrong']:6} {c['neutral']:7} {p:>9}")


if __name__ == "__main__":
    main()
