#!/usr/bin/env python3
"""Throughput per core and memory of the Python package and of `scanno clean - --jsonl`,
the two ways docs/scaling.md runs scanno on Spark.

Uses the development OCR in ../shared/eval/data (never copied into the repository), cut into
article-sized records as tools/throughput.py cuts it. Reports CPU seconds (user + system)
rather than wall time, so the figures hold on a busy machine: MB per CPU second is what one
core of a worker cleans. With --spark, also times both Spark paths in local mode end to end.

Usage (from the repository root, in a venv where `pip install ./python` and, for --spark,
pyspark are installed):
    python tools/python_throughput.py [--bin target/release/scanno] [--big-mb 16] [--spark]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from throughput import article_sized, ocr_texts  # noqa: E402

# Run in a child Python: cleans the records in `path` with one Cleaner on one thread.
PACKAGE = r"""
import json, resource, sys, time
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import scanno
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
after_import = rss()
c = scanno.Cleaner()
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
for t in texts:
    c.clean(t)
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(json.dumps({"cpu": cpu, "wall": time.perf_counter() - t0, "rss_import": after_import, "rss_peak": rss()}))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "scanno"))
    ap.add_argument("--big-mb", type=float, default=16, help="size of the one large document (MB)")
    ap.add_argument("--spark", action="store_true", help="also time both Spark paths (local[2])")
    a = ap.parse_args()
    records = [{"id": f"a{i:04d}", "text": p} for i, p in enumerate(x for t in ocr_texts() for x in article_sized(t))]
    mb = sum(len(r["text"].encode()) for r in records) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "records.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        print(f"records: {len(records)} distinct OCR articles, {mb:.2f} MB")

        p = json.loads(subprocess.run([sys.executable, "-c", PACKAGE, path], capture_output=True, check=True).stdout)
        print(f"package, 1 thread: {mb / p['cpu']:.2f} MB per CPU second ({p['cpu']:.2f} s CPU, {p['wall']:.2f} s wall); "
              f"RSS {p['rss_import']:.0f} MB after import, {p['rss_peak']:.0f} MB peak")

        with open(path, "rb") as stdin:
            t = subprocess.run(["/usr/bin/time", "-f", "%U %S %e %M", a.bin, "clean", "-", "--jsonl", "-j", "1", "-q"],
                               stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        user, system, wall, peak = t.stderr.decode().split()[-4:]
        cpu = float(user) + float(system)
        print(f"scanno clean - --jsonl -j 1: {mb / cpu:.2f} MB per CPU second ({cpu:.2f} s CPU, {float(wall):.2f} s wall); "
              f"peak RSS {int(peak) / 1024:.0f} MB")

        # One large document held whole (what a worker holds for its largest page or file).
        corpus = "\n\n".join(r["text"] for r in records)
        big = os.path.join(tmp, "big.jsonl")
        with open(big, "w", encoding="utf-8") as f:
            text = "\n\n".join([corpus] * int(a.big_mb * 1e6 // len(corpus.encode()) + 1))
            f.write(json.dumps({"id": "big", "text": text}, ensure_ascii=False) + "\n")
        size = len(text.encode()) / 1e6
        p = json.loads(subprocess.run([sys.executable, "-c", PACKAGE, big], capture_output=True, check=True).stdout)
        print(f"package, one {size:.0f} MB document: peak RSS {p['rss_peak']:.0f} MB ({p['cpu']:.1f} s CPU)")

        if a.spark:
            spark_paths(records, mb, a.bin, tmp)


def spark_paths(records, mb, binary, tmp):
    from pyspark.sql import SparkSession

    sys.path.insert(0, os.path.join(HERE, "..", "examples"))
    import spark_clean

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(spark_clean.__file__)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    t0 = time.perf_counter()
    n = spark.sparkContext.parallelize(lines, 8).pipe(f"{binary} clean - --jsonl -q -j 1").count()
    w = time.perf_counter() - t0
    print(f"spark local[2], rdd.pipe: {n} records in {w:.1f} s ({mb / w:.2f} MB/s on 2 cores)")
    folder = os.path.join(tmp, "pages")
    os.makedirs(folder)
    for r in records:
        with open(os.path.join(folder, r["id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(r["text"])
    counts = spark_clean.run(spark, folder, os.path.join(tmp, "out.parquet"), partitions=8, every=1e9)
    print(f"spark local[2], mapPartitions to Parquet: {counts['files']} files in {counts['seconds']:.1f} s "
          f"({mb / counts['seconds']:.2f} MB/s on 2 cores)")
    spark.stop()


main()
