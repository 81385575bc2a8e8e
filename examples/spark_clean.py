#!/usr/bin/env python3
"""Cleans a folder of OCR text files into Parquet with Spark and the scanno Python package.

    python examples/spark_clean.py scans/ clean.parquet                # Spark in local mode
    spark-submit --master yarn examples/spark_clean.py \\
        hdfs:///scans/ hdfs:///clean.parquet --partitions 2000          # a cluster

Every worker needs the `scanno` wheel installed (docs/scaling.md). Files are read as bytes
(Spark's binaryFile source, so any file system Spark reads works) and decoded as `scanno clean`
decodes them; each partition opens one `scanno.Cleaner` and cleans its files one by one.
The Parquet output has one row per file: `path` (relative to the input folder), `text` (the
cleaned text) and `edits` (the applied edits: start and end as string indices, before, after,
kind, confidence, reason, rule, alternatives). A progress line goes to stderr every few seconds.

Each file is judged on its own with the embedded error model, as `scanno clean - --jsonl` and
`scanno clean FILE --no-adapt` judge it, and its `text` equals what they print. With `--adapt`
the driver first learns the collection's OCR confusions from its first files (2 MB, in path
order, as `scanno clean FOLDER` does) and every worker cleans with the adapted model; with
`--adaptation FILE` it uses what `scanno clean --save-adaptation FILE` (or `scanno.adapt`)
saved. Either way a file's `text` equals what `scanno clean - --jsonl --adaptation FILE`
prints for it. What `scanno clean FOLDER` adds beyond that is not collected here: the word
counts across the folder's files (see `scanno.Batch`). Files are cleaned whole;
the command line cleans files over 16 MB in paragraph-aligned pieces. Empty files get no row:
Spark's file sources skip them (`scanno clean` writes them empty).
"""

import argparse
import logging
import os
import sys
import threading
import time

# The Parquet schema of one edit and of one output row.
EDIT_TYPE = (
    "struct<start:bigint,end:bigint,before:string,after:string,kind:string,"
    "confidence:double,reason:string,rule:string,alternatives:array<string>>"
)
SCHEMA = f"path string, text string, edits array<{EDIT_TYPE}>"

log = logging.getLogger("spark_clean")


def relative(path: str, root: str) -> str:
    """`path` relative to the folder `root` (both as Spark qualifies them: file:/..., hdfs://...)."""
    root = root.rstrip("/") + "/"
    return path[len(root):] if path.startswith(root) else path


def clean_partition(rows, options: dict, root: str, counters: dict):
    """Cleans the (path, content) rows of one partition with one Cleaner.

    `counters` are Spark accumulators (files, bytes, edits, skipped) for the progress log.
    Binary files are skipped, as `scanno clean FOLDER` skips them.
    """
    import scanno

    cleaner = scanno.Cleaner(**options)
    for row in rows:
        try:
            text = scanno.decode(bytes(row.content))
        except ValueError:
            counters["skipped"].add(1)
            continue
        result = cleaner.clean(text)
        counters["files"].add(1)
        counters["bytes"].add(len(row.content))
        counters["edits"].add(len(result.edits))
        yield (relative(row.path, root), result.text, [e.to_dict() for e in result.edits])


def learn_adaptation(spark, input_dir: str, glob: str = "*.txt", sample_bytes: int = 2_000_000) -> bytes:
    """Collection adaptation on the driver: the first files under `input_dir` in path order,
    up to `sample_bytes`, cleaned and counted by `scanno.adapt`. Raises ValueError when they
    hold fewer than 5,000 words."""
    import scanno

    from pyspark.sql.functions import col

    files = (spark.read.format("binaryFile").option("pathGlobFilter", glob)
             .option("recursiveFileLookup", "true").load(input_dir))
    # The paths and sizes stream to the driver until the sample is full; then its contents.
    chosen, taken = [], 0
    for row in files.select("path", "length").orderBy("path").toLocalIterator():
        if taken >= sample_bytes:
            break
        chosen.append(row.path)
        taken += row.length
    texts = []
    for row in sorted(files.filter(col("path").isin(chosen)).select("path", "content").collect()):
        try:
            texts.append(scanno.decode(bytes(row.content)))
        except ValueError:
            continue  # binary files are skipped, as in the clean itself
    return scanno.adapt(texts)


def qualified(spark, folder: str) -> str:
    """The folder's path as Spark's file sources report it (file:/tmp/x, hdfs://nn/x)."""
    jvm = spark._jvm
    path = jvm.org.apache.hadoop.fs.Path(folder)
    return path.getFileSystem(spark._jsc.hadoopConfiguration()).makeQualified(path).toString()


def progress(spark, counters: dict, done: threading.Event, every: float) -> None:
    """Logs tasks and files done every `every` seconds until `done` is set."""
    tracker = spark.sparkContext.statusTracker()
    started = time.monotonic()
    while not done.wait(every):
        tasks = total = 0
        for stage in tracker.getActiveStageIds():
            info = tracker.getStageInfo(stage)
            if info:
                tasks += info.numCompletedTasks
                total += info.numTasks
        if total == 0 and counters["files"].value == 0:
            continue  # the job has not started yet
        mb = counters["bytes"].value / 1e6
        log.info("partitions %d/%d of the running stage; %d files, %.2f MB cleaned (%.2f MB/s)",
                 tasks, total, counters["files"].value, mb, mb / max(time.monotonic() - started, 1e-9))


def run(spark, input_dir: str, output: str, glob: str = "*.txt", partitions: int | None = None,
        options: dict | None = None, every: float = 10.0) -> dict:
    """Cleans the files under `input_dir` matching `glob` into Parquet at `output`.

    `options` are `scanno.Cleaner`'s (min_confidence, disable, lexicons, protected, and
    adaptation: the bytes `learn_adaptation` or `scanno.adapt` returned, sent to each worker
    once). Returns the counts (files, bytes, edits, skipped) and the seconds taken.
    """
    sc = spark.sparkContext
    counters = {name: sc.accumulator(0) for name in ("files", "bytes", "edits", "skipped")}
    files = (spark.read.format("binaryFile").option("pathGlobFilter", glob)
             .option("recursiveFileLookup", "true").load(input_dir).select("path", "content"))
    if partitions:
        files = files.repartition(partitions)
    root = qualified(spark, input_dir)
    opts = dict(options or {})
    shared = sc.broadcast(opts.pop("adaptation")) if opts.get("adaptation") else None

    def partition(rows):
        return clean_partition(rows, dict(opts, adaptation=shared.value) if shared else opts, root, counters)

    cleaned = files.rdd.mapPartitions(partition)
    done = threading.Event()
    logger = threading.Thread(target=progress, args=(spark, counters, done, every), daemon=True)
    started = time.monotonic()
    logger.start()
    try:
        spark.createDataFrame(cleaned, SCHEMA).write.mode("overwrite").parquet(output)
    finally:
        done.set()
        logger.join()
    counts = {name: acc.value for name, acc in counters.items()}
    counts["seconds"] = time.monotonic() - started
    log.info("%d files (%.2f MB) in %.1f s: %d edits, %d skipped (binary)", counts["files"],
             counts["bytes"] / 1e6, counts["seconds"], counts["edits"], counts["skipped"])
    return counts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="folder of text files (any path Spark reads)")
    p.add_argument("output", help="Parquet folder to write (replaced if it exists)")
    p.add_argument("--glob", default="*.txt", help="file names to take (default: *.txt)")
    p.add_argument("--partitions", type=int, help="repartition the files into this many tasks")
    p.add_argument("--master", help="Spark master when run with python (default: local[*])")
    p.add_argument("--min-confidence", type=float, default=0.5)
    p.add_argument("--disable", action="append", default=[], metavar="KIND")
    p.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                   help="word list or .lex file; must exist at this path on every worker")
    adapting = p.add_mutually_exclusive_group()
    adapting.add_argument("--adapt", action="store_true",
                          help="learn the collection's OCR confusions from its first 2 MB on the driver first")
    adapting.add_argument("--adaptation", metavar="FILE",
                          help="adapt with what `scanno clean --save-adaptation FILE` saved")
    p.add_argument("--every", type=float, default=10.0, help="seconds between progress lines")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("scanno clean")
    if args.master:
        builder = builder.master(args.master)
    if (args.master or "local").startswith("local"):
        # Local workers run this Python, which has scanno (a cluster's workers have their own).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        options = {"min_confidence": args.min_confidence, "disable": args.disable, "lexicons": args.lexicon}
        if args.adapt:
            options["adaptation"] = learn_adaptation(spark, args.input, args.glob)
            log.info("adapted the error model to this collection")
        elif args.adaptation:
            with open(args.adaptation, "rb") as f:
                options["adaptation"] = f.read()
        run(spark, args.input, args.output, args.glob, args.partitions, options, args.every)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
