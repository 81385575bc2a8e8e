#!/usr/bin/env python3
"""Whole-process throughput and memory of `scanno clean`, as the README reports them.

Assembles a corpus from the development OCR in ../shared/eval/data (never copied into the
repository), then times, with the release binary:
  1. `scanno clean BIG.txt --threads 1` on >= 5 MB of newspaper OCR (full pipeline);
  2. `scanno check BIG.txt --threads 1` (the check-only path: nothing written);
  3. the same documents once each (distinct text, 1.2 MB), as one file (also with --no-adapt),
     also with --thorough
     (the full candidate search instead of the misreading index) and with only layout and
     word boundaries, and as a folder of distinct article-sized files with --threads 1 and
     --threads 2;
  4. the naive symspellpy word-by-word baseline on the distinct text (tools/symspell_baseline.py,
     if symspellpy is installed for this Python);
  5. peak resident memory on a large file (1 GB, or --big-mb), unless --no-gigabyte.
Usage: python3 tools/throughput.py [--bin target/release/scanno] [--no-gigabyte] [--big-mb N]
                                   [--runs N] [--no-folder] [--quick]
Run it with a Python that has symspellpy (e.g. /work/venv/bin/python) for the baseline. Ends
with a markdown table of the figures, dated, for docs/performance.md.
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
    """Wall time, peak RSS (MB) and CPU time (user + system, s) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss = after.ru_maxrss / 1024
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()[-1000:]}")
    return wall, rss, cpu


# CPU seconds of the last best_of runs (the least): on a machine shared with other work the
# CPU time says more than the wall time, which counts the waits for a core.
last_cpu = [0.0]


def best_of(n, cmd):
    runs = [timed(cmd) for _ in range(n)]
    last_cpu[0] = min(r[2] for r in runs)
    return min(r[0] for r in runs)


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
    ap.add_argument("--quick", action="store_true",
                    help="only the figures of issue #22: distinct and repeated text (with and without "
                         "collection adaptation) and the symspellpy baseline")
    a = ap.parse_args()
    if a.quick:
        a.no_gigabyte = a.no_folder = True
    texts = ocr_texts()
    corpus = "\n\n".join(texts)
    rows = []  # (run, MB/s, seconds) for the summary table

    def report(label, mb, w):
        cpu = last_cpu[0]
        rows.append((label, mb / w, w, cpu, mb / cpu if cpu > 0 else 0.0))
        print(f"{label}: {mb / w:6.2f} MB/s ({w:.2f} s wall, {cpu:.2f} s CPU)", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.txt")
        reps = 5_000_000 // len(corpus.encode()) + 1
        with open(big, "w") as f:
            f.write("\n\n".join([corpus] * reps))
        mb = os.path.getsize(big) / 1e6
        print(f"corpus: {mb:.1f} MB of newspaper/monograph OCR ({len(texts)} documents x {reps})")
        once = os.path.join(tmp, "once.txt")
        with open(once, "w") as f:
            f.write(corpus)
        mb_once = os.path.getsize(once) / 1e6
        clean_once = [a.bin, "clean", once, "--out", os.path.join(tmp, "o2"), "--force", "--threads", "1", "-q"]
        clean_big = [a.bin, "clean", big, "--out", os.path.join(tmp, "o1"), "--force", "--threads", "1", "-q"]
        report(f"clean, distinct text ({mb_once:.1f} MB, every document once), 1 thread", mb_once, best_of(a.runs, clean_once))
        report("clean --no-adapt, distinct text, 1 thread", mb_once, best_of(a.runs, clean_once + ["--no-adapt"]))
        report(f"clean, repeated text ({mb:.1f} MB, {reps}x), 1 thread", mb, best_of(a.runs, clean_big))
        report("clean --no-adapt, repeated text, 1 thread", mb, best_of(a.runs, clean_big + ["--no-adapt"]))
        if not a.quick:
            report("check, repeated text, 1 thread", mb, best_of(a.runs, [a.bin, "check", big, "--threads", "1", "-q"]))
            report("clean --thorough, repeated text, 1 thread", mb, best_of(a.runs, clean_big + ["--thorough"]))
            report("clean --thorough, distinct text, 1 thread", mb_once, best_of(a.runs, clean_once + ["--thorough"]))
            report("layout and word boundaries only, distinct text", mb_once,
                   best_of(a.runs, clean_once + ["--disable", "correction", "--disable", "column"]))
        baseline = os.path.join(HERE, "symspell_baseline.py")
        p = subprocess.run([sys.executable, baseline, "--mb", f"{mb_once:.3f}"], capture_output=True, text=True)
        symspell = p.stdout.strip() if p.returncode == 0 else \
            f"symspellpy baseline not run ({sys.executable}: {p.stderr.strip().splitlines()[-1:]})"
        print(symspell, flush=True)
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
    # The table docs/performance.md carries, with the date and the load it was measured under.
    load = os.getloadavg()[0]
    print(f"\n{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {load:.1f}, "
          f"`{' '.join(['python3', 'tools/throughput.py'] + sys.argv[1:])}` (best of {a.runs}):\n")
    print("| run | MB/s (wall) | wall | CPU | MB/s (CPU) |\n|---|---|---|---|---|")
    for label, rate, w, cpu, cpu_rate in rows:
        print(f"| {label} | {rate:.2f} | {w:.2f} s | {cpu:.2f} s | {cpu_rate:.2f} |")
    print(f"| {symspell} | | | | |")


if __name__ == "__main__":
    main()
