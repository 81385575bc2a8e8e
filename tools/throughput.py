#!/usr/bin/env python3
"""Whole-process throughput and memory of `scanno clean`, as the README reports them.

Assembles a corpus from the development OCR in ../shared/eval/data (never copied into the
repository), then times, with the release binary:
  1. `scanno clean BIG.txt --threads 1` on >= 5 MB of newspaper OCR (full pipeline);
  2. `scanno check BIG.txt --threads 1` (the check-only path: nothing written);
  3. the same documents once each (distinct text, 1.2 MB), as one file, also with --thorough
     (the full candidate search instead of the misreading index) and with only layout and
     word boundaries, and as a folder of distinct article-sized files with --threads 1 and
     --threads 2;
  4. the naive symspellpy word-by-word baseline on the distinct text (tools/symspell_baseline.py,
     if symspellpy is installed for this Python);
  5. peak resident memory on a large file (1 GB, or --big-mb), unless --no-gigabyte.
Usage: python3 tools/throughput.py [--bin target/release/scanno] [--no-gigabyte] [--big-mb N]
                                   [--runs N] [--no-folder]
"""
import argparse, json, os, re, resource, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(HERE, "..", "..", "shared", "eval", "data")


def ocr_texts():
    texts = []
    for name in ("overproof-ca.jsonl", "icdar2017-en.jsonl"):
        with open(os.path.join(EVAL, name)) as f:
            texts += [json.loads(l)["ocr"] for l in f]
    return texts


def timed(cmd):
    """Wall time and peak RSS (MB) of a child process."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if p.returncode not in (0, 1):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()[-1000:]}")
    return wall, rss


def best_of(n, cmd):
    return min(timed(cmd)[0] for _ in range(n))


def article_sized(text, size=20_000):
    """`text` cut after sentence ends into pieces of about `size` characters."""
    if len(text) <= 5 * size:
        return [text]
    parts, cur = [], ""
    for sentence in re.split(r"(?<=[.!?]) ", text):
        cur += sentence + " "
        if len(cur) > size:
            parts.append(cur)
            cur = ""
    return parts + ([cur] if cur else [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "scanno"))
    ap.add_argument("--no-gigabyte", action="store_true", help="skip the large-file memory run")
    ap.add_argument("--big-mb", type=int, default=1000, help="size of the large file (default 1000 MB)")
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    ap.add_argument("--no-folder", action="store_true", help="skip the folder runs")
    a = ap.parse_args()
    texts = ocr_texts()
    corpus = "\n\n".join(texts)
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.txt")
        reps = 5_000_000 // len(corpus.encode()) + 1
        with open(big, "w") as f:
            f.write("\n\n".join([corpus] * reps))
        mb = os.path.getsize(big) / 1e6
        print(f"corpus: {mb:.1f} MB of newspaper/monograph OCR ({len(texts)} documents x {reps})")
        for label, sub in (("clean", ["clean", big, "--out", os.path.join(tmp, "o1"), "--force"]), ("check", ["check", big]),
                           ("clean --thorough", ["clean", big, "--out", os.path.join(tmp, "o1"), "--force", "--thorough"])):
            w = best_of(a.runs, [a.bin] + sub + ["--threads", "1", "-q"])
            print(f"{label:6s} 1 thread, repeated text ({reps}x): {mb / w:6.2f} MB/s ({w:.2f} s)")
        once = os.path.join(tmp, "once.txt")
        with open(once, "w") as f:
            f.write(corpus)
        mb_once = os.path.getsize(once) / 1e6
        w = best_of(a.runs, [a.bin, "clean", once, "--out", os.path.join(tmp, "o2"), "--force", "--threads", "1", "-q"])
        print(f"clean  1 thread, distinct text: {mb_once / w:6.2f} MB/s ({w:.2f} s) on {mb_once:.1f} MB, every document once")
        w = best_of(a.runs, [a.bin, "clean", once, "--out", os.path.join(tmp, "o2"), "--force", "--threads", "1", "-q", "--thorough"])
        print(f"clean --thorough 1 thread, distinct text: {mb_once / w:6.2f} MB/s ({w:.2f} s)")
        w = best_of(a.runs, [a.bin, "clean", once, "--out", os.path.join(tmp, "o3"), "--force", "--threads", "1", "-q",
                        "--disable", "correction", "--disable", "column"])
        print(f"layout and word boundaries only: {mb_once / w:6.2f} MB/s ({w:.2f} s)")
        baseline = os.path.join(HERE, "symspell_baseline.py")
        p = subprocess.run([sys.executable, baseline, "--mb", f"{mb_once:.3f}"], capture_output=True, text=True)
        print(p.stdout.strip() if p.returncode == 0 else
              f"symspellpy baseline not run ({sys.executable}: {p.stderr.strip().splitlines()[-1:]})")
        if not a.no_folder:
            # A folder of distinct documents (copies would be served from the cache of
            # candidates, flattering the single thread); long ones cut into article-sized files.
            folder = os.path.join(tmp, "folder")
            os.makedirs(folder)
            n = 0
            for t in texts:
                for part in article_sized(t):
                    with open(os.path.join(folder, f"{n:04d}.txt"), "w") as f:
                        f.write(part)
                    n += 1
            w1 = best_of(a.runs, [a.bin, "clean", folder, "--out", os.path.join(tmp, "f1"), "--force", "--threads", "1", "-q"])
            w2 = best_of(a.runs, [a.bin, "clean", folder, "--out", os.path.join(tmp, "f2"), "--force", "--threads", "2", "-q"])
            print(f"folder of {n} distinct files: 1 thread {mb_once / w1:.2f} MB/s, 2 threads {mb_once / w2:.2f} MB/s, speed-up {w1 / w2:.2f}x")
        if not a.no_gigabyte:
            gb = os.path.join(tmp, "gb.txt")
            with open(big, "rb") as src, open(gb, "wb") as dst:
                chunk = src.read()
                for _ in range(a.big_mb * 1_000_000 // len(chunk) + 1):
                    dst.write(chunk)
            os.remove(big)
            size = os.path.getsize(gb) / 1e6
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M", a.bin, "clean", gb, "--out", os.path.join(tmp, "g"), "--force",
                                "--max-file-size", "2000", "-q"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
            peak = int(p.stderr.decode().strip().splitlines()[-1]) / 1024
            print(f"large file ({size:.0f} MB): peak memory {peak:.0f} MB, {size / wall:.1f} MB/s (rc={p.returncode})")


if __name__ == "__main__":
    main()
