#!/usr/bin/env python3
"""Restraint: what scanno changes in text that is already right.

Feeds each set's ground truth in as input (`scanno clean IN_DIR --out OUT_DIR`, extra options
after --args) and counts the words it substitutes, per 1,000 words, after the scorer's
normalisation (lowercase, punctuation to space), with the commonest changes.

  tools/restraint.py                                   the two dev sets
  tools/restraint.py SET.jsonl ... --args '--no-adapt'
"""
import argparse, collections, difflib, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "..", "shared", "eval")
DEFAULT_SETS = [os.path.join(EVAL, "data", s + ".jsonl") for s in ("overproof-ca", "icdar2017-en")]


def words(text):
    text = re.sub(r"-[ \t]*\r?\n[ \t]*", "", text.replace("¬\n", ""))
    return re.findall(r"[^\W_]+", text.lower())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "scanno"))
    ap.add_argument("--args", default="")
    a = ap.parse_args()
    for path in a.sets:
        rows = [json.loads(l) for l in open(path) if l.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            src, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
            os.makedirs(src)
            names = {}
            for r in rows:
                name = re.sub(r"[^\w.-]", "_", str(r["id"])) + ".txt"
                names[name] = r["gt"]
                with open(os.path.join(src, name), "w") as f:
                    f.write(r["gt"])
            subprocess.run([a.binary, "clean", src, "--out", out, "-q", *a.args.split()], check=True)
            total, changed, substituted, examples = 0, 0, 0, collections.Counter()
            for name, gt in names.items():
                before = words(gt)
                after_path = os.path.join(out, name)
                after = words(open(after_path).read()) if os.path.exists(after_path) else []
                total += len(before)
                sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
                for tag, i1, i2, j1, j2 in sm.get_opcodes():
                    if tag == "replace" and i2 - i1 == j2 - j1:
                        substituted += i2 - i1
                    if tag != "equal":
                        changed += max(i2 - i1, j2 - j1)
                        examples[(" ".join(before[i1:i2]), " ".join(after[j1:j2]))] += 1
        print(f"{os.path.basename(path)}: {substituted} of {total} words substituted one for one, "
              f"{1000 * substituted / max(total, 1):.2f} per 1,000; {changed} changed in all (joins "
              f"and splits too), {1000 * changed / max(total, 1):.2f} per 1,000")
        print("  " + "; ".join(f"{b!r}->{x!r} x{n}" for (b, x), n in examples.most_common(12)))


if __name__ == "__main__":
    main()
