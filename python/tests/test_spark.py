"""Spark in local mode, both ways, against the command line byte for byte:

(a) `rdd.pipe("scanno clean - --jsonl")` over {"id", "text"} records: only the binary;
(b) examples/spark_clean.py: the Python package in mapPartitions, one Cleaner per
    partition, writing text and edits to Parquet.

Needs pyspark and a Java runtime (python/ci.sh installs both). SCANNO_SPARK_RECORDS sets the
number of records (default 300)."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, required
from records import make_records

try:
    from pyspark.sql import SparkSession
except ImportError:
    SparkSession = None

RECORDS = int(os.environ.get("SCANNO_SPARK_RECORDS", "300"))
EXAMPLE = ROOT / "examples" / "spark_clean.py"


@pytest.fixture(scope="module")
def spark():
    if SparkSession is None:
        required("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        required("a Java runtime")
    # The workers run the Python that runs the tests (its venv holds scanno).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("scanno-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def records():
    return make_records(RECORDS)


@pytest.fixture(scope="module")
def cli_output(records, scanno_bin) -> bytes:
    """`scanno clean - --jsonl` on all the records in one process: the reference."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return subprocess.run([scanno_bin, "clean", "-", "--jsonl", "-q"], input=lines.encode("utf-8"),
                          capture_output=True, check=True).stdout


def test_pipe_gives_the_command_lines_output(spark, records, cli_output, scanno_bin):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    rdd = spark.sparkContext.parallelize(lines, 6)
    out = rdd.pipe(f"{scanno_bin} clean - --jsonl -q -j 1", checkCode=True).collect()
    assert len(out) == len(records)
    assert "".join(line + "\n" for line in out).encode("utf-8") == cli_output


def load_example():
    spec = importlib.util.spec_from_file_location("spark_clean", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def char_edits(text: str, edits: list[dict]) -> list[dict]:
    """The CLI's edits (UTF-8 byte offsets, confidence to 3 decimals) as the Parquet holds them."""
    data = text.encode("utf-8")
    index = lambda b: len(data[:b].decode("utf-8"))
    return [dict(e, start=index(e["start"]), end=index(e["end"]), alternatives=e.get("alternatives", []))
            for e in edits]


def same_edit(parquet: dict, cli: dict) -> bool:
    keys = ("start", "end", "before", "after", "kind", "rule", "reason", "alternatives")
    return all(parquet[k] == cli[k] for k in keys) and abs(parquet["confidence"] - cli["confidence"]) <= 0.0005 + 1e-9


def test_package_in_map_partitions_gives_the_command_lines_output(spark, records, cli_output, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for r in records:
        (folder / f"{r['id']}.txt").write_bytes(r["text"].encode("utf-8"))
    spark.sparkContext.addPyFile(str(EXAMPLE))  # the workers import clean_partition from it
    example = load_example()
    counts = example.run(spark, str(folder), str(tmp_path / "clean.parquet"), partitions=6, every=2.0)
    # Spark's file sources skip empty files: they get no row (their cleaned text is empty).
    empty = {r["id"] for r in records if not r["text"]}
    assert counts["files"] == len(records) - len(empty) and counts["skipped"] == 0
    rows = {row["path"]: row.asDict(recursive=True) for row in spark.read.parquet(str(tmp_path / "clean.parquet")).collect()}
    assert len(rows) == len(records) - len(empty)
    expected = [json.loads(line) for line in cli_output.decode("utf-8").splitlines()]
    by_id = {r["id"]: r for r in records}
    for want in expected:
        if want["id"] in empty:
            assert want["text"] == "" and f"{want['id']}.txt" not in rows
            continue
        got = rows[f"{want['id']}.txt"]
        assert got["text"].encode("utf-8") == want["text"].encode("utf-8"), want["id"]
        cli = char_edits(by_id[want["id"]]["text"], want["edits"])
        assert len(got["edits"]) == len(cli) and all(map(same_edit, got["edits"], cli)), want["id"]


def test_the_example_equals_scanno_clean_on_each_file(spark, tmp_path, scanno_bin):
    """The example as a user runs it on a folder (the seed fixtures, in a sub-folder and with
    a binary file beside them), against `scanno clean FILE --no-adapt`."""
    folder = tmp_path / "scans"
    (folder / "sub").mkdir(parents=True)
    fixtures = sorted((ROOT / "fixtures").glob("*.txt"))
    for i, f in enumerate(fixtures):
        shutil.copy(f, folder / ("sub" if i % 2 else "") / f.name)
    (folder / "scan.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out.parquet"
    subprocess.run([sys.executable, str(EXAMPLE), str(folder), str(out), "--master", "local[2]",
                    "--every", "1"], check=True, capture_output=True)
    rows = {r["path"]: r["text"] for r in spark.read.parquet(str(out)).collect()}
    assert sorted(rows) == sorted(str(p.relative_to(folder)) for p in folder.rglob("*.txt") if p.name != "scan.txt")
    for rel, text in rows.items():
        want = subprocess.run([scanno_bin, "clean", str(folder / rel), "--no-adapt"], capture_output=True,
                              check=True).stdout
        assert text.encode("utf-8") == want, rel


def test_an_adapted_clean_on_the_workers_gives_the_command_lines_output(spark, records, tmp_path, scanno_bin):
    """`--adapt`: the driver learns from the folder's first files, every worker cleans with
    the adapted model, and each row equals `scanno clean - --jsonl --adaptation FILE`."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for r in records:
        (folder / f"{r['id']}.txt").write_bytes(r["text"].encode("utf-8"))
    spark.sparkContext.addPyFile(str(EXAMPLE))
    example = load_example()
    learnt = example.learn_adaptation(spark, str(folder))
    saved = tmp_path / "collection.counts"
    saved.write_bytes(learnt)
    example.run(spark, str(folder), str(tmp_path / "clean.parquet"), partitions=4, every=2.0,
                options={"adaptation": learnt})
    rows = {row["path"]: row["text"] for row in spark.read.parquet(str(tmp_path / "clean.parquet")).collect()}
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    cli = lambda *extra: [json.loads(line) for line in subprocess.run(
        [scanno_bin, "clean", "-", "--jsonl", "-q", *extra], input=lines.encode("utf-8"),
        capture_output=True, check=True).stdout.decode("utf-8").splitlines()]
    adapted, plain = cli("--adaptation", str(saved)), cli()
    for want in adapted:
        if want["text"]:
            assert rows[f"{want['id']}.txt"] == want["text"], want["id"]
    assert any(a["text"] != p["text"] for a, p in zip(adapted, plain)), \
        "the adaptation changed nothing: the test would pass without it"
