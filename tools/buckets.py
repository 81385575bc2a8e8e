#!/usr/bin/env python3
"""Error analysis: what is still wrong after `scanno clean`, bucketed and weighted by cMER cost.

Runs the binary on a set (or reads outputs already written with --out-dir), aligns the
output with the ground truth word by word after the scorer's normalisation (lowercase,
punctuation to space; `../shared/eval/score.py`), and puts each differing stretch in one
bucket, weighted by how many characters it costs (character edit distance between the
output's words and the truth's there, the numerator of cMER):

  damage         the OCR was right there and the output is not (restraint's side)
  split/joined   the same letters with the spaces elsewhere ("to day", "ofthe")
  hyphen         a line-end hyphen left in a word ("pro- perty")
  numbers        digits on either side
  lost           words of the truth missing from the output (dropped or unread)
  extra          words in the output the truth lacks (furniture, noise)
  wrong-edit     one word the corrector changed, to the wrong word
  long-s         one word unchanged that long s read as "f" explains ("fame" for "same")
  absent         one word unchanged whose truth the lexicon lacks (names, period spellings)
  real-word/...  one word unchanged that the lexicon knows ("tho" for "the"), then why:
  unknown/...    one word unchanged that the lexicon lacks ("tbe"), then why:
      no-cand    the corrector has no such reading
      ranked     it has, but prefers keeping the word or another reading
      below      it prefers the truth, but below the confidence threshold (or the stage's
                 context differs from the two neighbours `suggest` is given)
  garble         several words on either side, none of the above

The "why" of a one-word miss comes from `examples/suggest_batch.rs` (the corrector's
readings of the word between its two output neighbours, embedded model, no adaptation).

  tools/buckets.py ../shared/eval/train/hipe-train-en.jsonl
  tools/buckets.py SET.jsonl --args '--no-adapt' --examples 8
  tools/buckets.py SET.jsonl --out-dir /tmp/out     reuse (or keep) the outputs
Needs a release build of the binary and of the example
(`cargo build --release --example suggest_batch`).
"""
import argparse, collections, difflib, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rule_report import distance  # noqa: E402


def norm_words(s, reference=False, keep_case=False):
    """The scorer's normalisation (score.py `norm`), as a word list."""
    if not keep_case:
        s = s.lower()
    s = s.replace("—\n", "").replace("¬\n", "")
    if reference:
        s = re.sub(r"-[ \t]*\r?\n[ \t]*", "", s)
    s = re.sub(r"[^\w]", " ", s).replace("_", " ")
    return s.split()


def lev(a, b):
    """Character edit distance (a cheap bound for very long stretches)."""
    if len(a) > 400 or len(b) > 400:
        return max(len(a), len(b))
    return distance(a, b)


def safe(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def ocr_spans(ocr, gt):
    """For each truth index, the OCR range of the alignment block holding it, and whether
    the OCR was right there."""
    spans = [None] * len(gt)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ocr, gt, autojunk=False).get_opcodes():
        for j in range(j1, j2):
            spans[j] = ((i1 + j - j1, i1 + j - j1 + 1) if tag == "equal" else (i1, i2), tag == "equal")
    return spans


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "scanno"))
    ap.add_argument("--suggest", default=os.path.join(ROOT, "target", "release", "examples", "suggest_batch"))
    ap.add_argument("--args", default="", help="extra options for scanno clean")
    ap.add_argument("--out-dir", help="outputs: read from here if present, else written here")
    ap.add_argument("--examples", type=int, default=5, help="commonest cases shown per bucket")
    a = ap.parse_args()

    rows = [json.loads(l) for l in open(a.set) if l.strip()]
    tmp = tempfile.mkdtemp(prefix="buckets-")
    out_dir = a.out_dir or os.path.join(tmp, "out")
    if not (os.path.isdir(out_dir) and os.listdir(out_dir)):
        in_dir = os.path.join(tmp, "in")
        os.makedirs(in_dir)
        for r in rows:
            with open(os.path.join(in_dir, safe(r["id"]) + ".txt"), "w") as f:
                f.write(r["ocr"])
        subprocess.run([a.binary, "clean", in_dir, "--out", out_dir, "-q", *a.args.split()], check=True)

    blocks = []  # (bucket, cost, out words, truth words, ocr words)
    queries = []  # one-word misses to ask the corrector about: (block index, tsv line)
    raw_cost = 0
    for r in rows:
        path = os.path.join(out_dir, safe(r["id"]) + ".txt")
        text = open(path).read() if os.path.exists(path) else ""
        ocr = norm_words(r["ocr"])
        gt = norm_words(r["gt"], reference=True)
        out = norm_words(text)
        cased = norm_words(text, keep_case=True)
        raw_cost += sum(
            lev(" ".join(ocr[i1:i2]), " ".join(gt[j1:j2]))
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ocr, gt, autojunk=False).get_opcodes()
            if tag != "equal"
        )
        spans = ocr_spans(ocr, gt)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, out, gt, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            o, g = out[i1:i2], gt[j1:j2]
            cost = lev(" ".join(o), " ".join(g))
            held = [spans[j] for j in range(j1, j2)]
            ocr_right = bool(held) and all(h[1] for h in held)
            if held:
                lo, hi = min(h[0][0] for h in held), max(h[0][1] for h in held)
                before = ocr[lo:hi]
            else:
                before = None
            b = None
            if ocr_right:
                b = "damage"
            elif o and g and "".join(o) == "".join(g):
                hyphen = len(o) == 2 and re.search(
                    re.escape(cased[i1]) + r"\s*[-¬\u2010\u2011]\s*" + re.escape(cased[i1 + 1]), text
                )
                b = "hyphen" if hyphen else "split/joined"
            elif any(ch.isdigit() for w in o + g for ch in w):
                b = "numbers"
            elif not o:
                b = "lost"
            elif not g:
                b = "extra"
            elif len(o) == 1 and len(g) == 1:
                if before is not None and before != o:
                    b = "wrong-edit"
                elif "f" in o[0] and len(o[0]) == len(g[0]) and all(
                    x == y or (x == "f" and y == "s") for x, y in zip(o[0], g[0])
                ):
                    b = "long-s"
                else:
                    left = out[i1 - 1] if i1 > 0 else ""
                    right = out[i2] if i2 < len(out) else ""
                    queries.append((len(blocks), "\t".join([cased[i1], left, right, g[0]])))
                    b = "one-word"
            else:
                b = "garble"
            blocks.append([b, cost, o, g, before])

    if queries:
        res = subprocess.run(
            [a.suggest], input="\n".join(q for _, q in queries) + "\n", capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for (k, _), line in zip(queries, res):
            in_lex, truth_lex, rank, top, top_conf, truth_conf = line.split("\t")
            rank = int(rank)
            if truth_lex != "true" and rank < 0:
                blocks[k][0] = "absent"
                continue
            why = "no-cand" if rank < 0 else "ranked" if rank > 0 else "below"
            blocks[k][0] = ("real-word/" if in_lex == "true" else "unknown/") + why

    total = sum(b[1] for b in blocks)
    agg = collections.defaultdict(lambda: [0, 0, collections.Counter()])
    for b, cost, o, g, before in blocks:
        agg[b][0] += 1
        agg[b][1] += cost
        agg[b][2][(" ".join(o), " ".join(g))] += cost
    print(f"{a.set}: {len(rows)} docs; OCR error cost {raw_cost} chars, left after clean {total} "
          f"({1 - total / max(raw_cost, 1):.1%} removed, word-aligned estimate)")
    print(f"{'bucket':<20} {'cases':>7} {'chars':>7} {'share':>6}  commonest (output -> truth, chars)")
    for b, (n, cost, ex) in sorted(agg.items(), key=lambda kv: -kv[1][1]):
        shown = "; ".join(f"{o!r}->{g!r} {c}" for (o, g), c in ex.most_common(a.examples))
        print(f"{b:<20} {n:>7} {cost:>7} {cost / max(total, 1):>6.1%}  {shown}")


if __name__ == "__main__":
    main()
