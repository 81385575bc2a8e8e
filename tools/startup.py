#!/usr/bin/env python3
"""Start-up time and lexicon memory of the `scanno` binary, as the README reports them.

1. Start-up: `scanno clean ONE_LINE_FILE` run RUNS times (default 21, after 3 warm-up runs);
   prints the median wall time in ms (target: <= 50 ms).
2. Memory: peak resident set (`/usr/bin/time -f %M`, in MB) of
   - `scanno --version`                 (the program without touching the lexicon),
   - `scanno clean ONE_LINE_FILE`       (start-up),
   - `scanno clean fixtures/*.txt`       (the seed documents: a typical run),
   - `scanno lexicon lookup ...`        (distance-2 searches over many words: touches much
                                          of the 9.5 MB lexicon).
   The embedded lexicon is static data in the binary, paged in from the executable on use,
   so its share of the resident set can never exceed the file size.

Usage (from the repository root, after `cargo build --release`):
  python3 tools/startup.py [--bin target/release/scanno] [--runs 21]
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = "The Quor- vendale estate was sold to-day in connexion with tbe Duke's debts.\n"
LOOKUPS = ["goverument", "tbe", "Philadelpbia", "connexiou", "recieved", "aud", "Parliamant",
           "comrnittee", "Goverment", "nrmy", "steamsliip", "Mancbester"]


def wall_ms(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ms = (time.perf_counter() - t0) * 1000
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with exit code {p.returncode}")
    return ms


def peak_mb(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {p.stderr}")
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "scanno"))
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin}: not found; run `cargo build --release` first")
    size = os.path.getsize(os.path.join(ROOT, "data", "lexicon", "period.lex"))
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one-line.txt")
        with open(one, "w", encoding="utf-8") as f:
            f.write(LINE)
        clean = [args.bin, "clean", "-q", one]
        for _ in range(3):
            wall_ms(clean)
        times = sorted(wall_ms(clean) for _ in range(args.runs))
        print(f"start-up: scanno clean one-line file, {args.runs} runs: median {statistics.median(times):.1f} ms "
              f"(min {times[0]:.1f}, max {times[-1]:.1f})")
        fixtures = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.txt")))
        rows = [
            ("scanno --version", [args.bin, "--version"]),
            ("scanno clean one-line file", clean),
            (f"scanno clean {len(fixtures)} fixtures", [args.bin, "clean", "-q", "-j", "1"] + fixtures),
            (f"scanno lexicon lookup {len(LOOKUPS)} words -d 2",
             [args.bin, "lexicon", "lookup", "-d", "2"] + LOOKUPS),
        ]
        print(f"peak RSS (MB; embedded lexicon {size / 1e6:.1f} MB):")
        for name, cmd in rows:
            print(f"  {name:<40} {peak_mb(cmd):6.1f}")


if __name__ == "__main__":
    main()
