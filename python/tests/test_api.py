"""The Python API: results equal the command line's, spans are str indices, options and
errors behave, and cleaning releases the GIL."""

import json
import os
import pickle
import subprocess
import threading
import time

import pytest

import scanno
from conftest import ROOT
from records import FIXTURES, make_texts


def cli_edits(text: str, edits: list[dict]) -> list[tuple]:
    """The CLI's JSON edits (UTF-8 byte offsets) with str indices, for comparison."""
    data = text.encode("utf-8")
    index = lambda b: len(data[:b].decode("utf-8"))
    return [(index(e["start"]), index(e["end"]), e["before"], e["after"], e["kind"], e["confidence"], e["reason"],
             e["rule"], e.get("alternatives", [])) for e in edits]


def py_edits(edits) -> list[tuple]:
    return [(e.start, e.end, e.before, e.after, e.kind, e.confidence, e.reason, e.rule, e.alternatives) for e in edits]


def same_edits(py: list[tuple], cli: list[tuple]) -> bool:
    """Equal, confidences compared at the CLI's three decimals."""
    return len(py) == len(cli) and all(
        p[:5] == c[:5] and abs(p[5] - c[5]) <= 0.0005 + 1e-9 and p[6:] == c[6:] for p, c in zip(py, cli))


def test_the_readme_line():
    assert scanno.clean("tlie cat").text == "the cat"


def test_an_edit_has_its_provenance():
    r = scanno.clean("tlie cat")
    [e] = r.edits
    assert (e.start, e.end, e.span, e.before, e.after, e.kind) == (0, 4, (0, 4), "tlie", "the", "correction")
    assert 0.5 <= e.confidence <= 1.0 and "the" in e.reason and e.rule.startswith("correct.")
    assert scanno.Edit(0, 4, "tlie", "the").rule == "correction"
    assert scanno.Edit(0, 4, "tlie", "the", rule="correct.channel").rule == "correct.channel"
    assert e.to_dict()["after"] == "the" and set(e.to_dict()) >= {"start", "end", "kind", "rule", "confidence", "reason"}
    assert r.suggestions == []
    assert pickle.loads(pickle.dumps(e)) == e


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixtures_equal_the_command_line(path, scanno_bin):
    text = path.read_text(encoding="utf-8")
    r = scanno.Cleaner().clean(text)
    out = subprocess.run([scanno_bin, "clean", str(path), "--no-adapt"], capture_output=True, check=True).stdout
    assert r.text.encode("utf-8") == out
    report = json.loads(subprocess.run([scanno_bin, "clean", str(path), "--no-adapt", "--format", "json"], capture_output=True,
                                       check=True).stdout)
    assert same_edits(py_edits(r.edits), cli_edits(text, report["edits"]))
    assert same_edits(py_edits(r.suggestions), cli_edits(text, report["suggestions"]))


def test_spans_are_str_indices_on_text_that_is_not_ascii():
    texts = make_texts(60, seed=3)
    assert any(not t.isascii() for t in texts)
    cleaner = scanno.Cleaner()
    checked = 0
    for t in texts:
        r = cleaner.clean(t)
        for e in r.edits + r.suggestions:
            assert t[e.start:e.end] == e.before
            checked += 1
        assert scanno.apply(t, r.edits) == r.text
    assert checked > 100


def test_options():
    assert scanno.clean("tlie cat", min_confidence=1.0).text == "tlie cat"
    r = scanno.clean("tlie cat", min_confidence=1.0)
    assert [e.after for e in r.suggestions] == ["the"] and r.edits == []
    assert scanno.clean("tlie cat", disable=["correction"]).text == "tlie cat"
    assert scanno.clean("tlie cat", protected=["Tlie"]).text == "tlie cat"
    c = scanno.Cleaner(min_confidence=0.6, disable=["column", "split"])
    assert (c.min_confidence, c.disabled) == (0.6, ["column", "split"])


def test_lexicons(tmp_path):
    # A period spelling the lexicon lacks (unknown capitalised names are kept anyway).
    text = "The men of the markett met.\n"
    assert "markett" not in scanno.clean(text).text
    words = tmp_path / "period.txt"
    words.write_text("markett\t50\n")
    assert scanno.clean(text, lexicons=[words]).text == text
    assert scanno.Cleaner(lexicons=[str(words)]).clean(text).text == text


def test_a_trained_model_gives_what_the_command_lines_model_option_gives(tmp_path, scanno_bin):
    import random
    from records import _damage
    rng = random.Random(5)
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"ocr": _damage(p.read_text(), rng), "gt": p.read_text()}) + "\n"
                             for p in FIXTURES))
    model = tmp_path / "model.bin"
    subprocess.run([scanno_bin, "train", str(pairs), "-o", str(model), "-q"], check=True)
    page = tmp_path / "page.txt"
    page.write_text(make_texts(8, seed=9)[7])
    want = subprocess.run([scanno_bin, "clean", str(page), "--model", str(model)], capture_output=True,
                          check=True).stdout
    assert scanno.Cleaner(model=model).clean(page.read_text()).text.encode() == want
    assert scanno.clean(page.read_text(), model=str(model)).text.encode() == want
    (tmp_path / "bad.bin").write_bytes(b"not a model")
    with pytest.raises(ValueError, match="bad.bin"):
        scanno.Cleaner(model=tmp_path / "bad.bin")


def test_bad_options_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match='unknown edit kind "colour"'):
        scanno.Cleaner(disable=["colour"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        scanno.clean("x", min_confidence=2)
    with pytest.raises(TypeError):
        scanno.Cleaner(disable="correction")
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        scanno.Cleaner(lexicons=[missing])


def test_apply_takes_edits_or_dicts_and_refuses_bad_ones():
    text = "\u00a3 5 tlie cat"
    assert scanno.apply(text, [{"start": 4, "end": 8, "after": "the"}]) == "\u00a3 5 the cat"
    assert scanno.apply(text, [scanno.Edit(4, 8, "tlie", "the")]) == "\u00a3 5 the cat"
    assert scanno.apply(text, []) == text
    with pytest.raises(ValueError, match="overlap"):
        scanno.apply(text, [{"start": 4, "end": 8, "after": "a"}, {"start": 6, "end": 10, "after": "b"}])
    with pytest.raises(ValueError, match='expects "tile"'):
        scanno.apply(text, [{"start": 4, "end": 8, "before": "tile", "after": "the"}])
    with pytest.raises(ValueError, match="outside the text"):
        scanno.apply(text, [{"start": 4, "end": 99, "after": "the"}])
    with pytest.raises(ValueError, match='missing "after"'):
        scanno.apply(text, [{"start": 4, "end": 8}])
    with pytest.raises(TypeError, match="scanno.Edit or a dict"):
        scanno.apply(text, [(4, 8, "the")])


def test_decode_reads_bytes_as_the_command_line_does():
    assert scanno.decode("caf\u00e9".encode()) == "caf\u00e9"
    assert scanno.decode(b"caf\xe9 \x93x\x94") == "caf\u00e9 \u201cx\u201d"
    with pytest.raises(ValueError, match="binary"):
        scanno.decode(b"\x00\x01\x02binary")


def test_a_batch_cleans_a_folder_as_the_command_line_does(tmp_path, scanno_bin):
    # Names the lexicon lacks, read as lexicon words ("Butterworth", "Baltimore") when alone;
    # recurring across the folder's documents, some are kept (which ones moves with the model).
    names = ["Lutterworth", "Haltimoro", "Stevenaon", "Pittsbnrg"]
    docs = []
    for name in names:
        docs.append(f"The men of {name} met at the hall on Monday.\n")
        docs += [f"Letter {i} from {name} was read.\n" for i in range(30)]
    folder = tmp_path / "in"
    folder.mkdir()
    for i, d in enumerate(docs):
        (folder / f"{i:03d}.txt").write_text(d)
    subprocess.run([scanno_bin, "clean", str(folder), "--out", str(tmp_path / "out"), "-q", "--no-adapt", "--one-pass"], check=True)
    batch = scanno.Batch(docs)
    assert batch.count("lutterworth") == 31 and len(batch) > 10
    cleaner = scanno.Cleaner()
    for i, d in enumerate(docs):
        assert cleaner.clean(d, batch=batch).text == (tmp_path / "out" / f"{i:03d}.txt").read_text()
    kept = [n for n, d in zip(names, docs[::31])
            if n in cleaner.clean(d, batch=batch).text and n not in cleaner.clean(d).text]
    assert kept, "the batch made no difference: the test would pass without it"


def test_an_adaptation_cleans_a_folder_as_the_command_line_does(tmp_path, scanno_bin):
    # Some 10,000 words of the seed pages with OCR-like damage.
    docs = [t for t in make_texts(80, seed=7) if t.strip()]
    folder = tmp_path / "in"
    folder.mkdir()
    for i, d in enumerate(docs):
        (folder / f"{i:03d}.txt").write_text(d)
    counts = tmp_path / "collection.counts"
    subprocess.run([scanno_bin, "clean", str(folder), "--out", str(tmp_path / "out"), "-q",
                    "--one-pass", "--save-adaptation", str(counts)], check=True)
    batch = scanno.Batch(docs)
    learnt = scanno.adapt(docs, batch=batch)
    assert learnt == counts.read_bytes(), "the same sample teaches the same counts"
    adapted, from_file = scanno.Cleaner(adaptation=learnt), scanno.Cleaner(adaptation=counts)
    plain = scanno.Cleaner()
    differs = 0
    for i, d in enumerate(docs):
        expected = (tmp_path / "out" / f"{i:03d}.txt").read_bytes().decode("utf-8")
        assert adapted.clean(d, batch=batch).text == expected
        assert from_file.clean(d, batch=batch).text == expected
        differs += plain.clean(d, batch=batch).text != expected
    assert differs, "the adapted model changed nothing: the test would pass without it"

    with pytest.raises(ValueError, match="fewer than"):
        scanno.adapt(["too short a sample"])
    with pytest.raises(ValueError, match="saved adaptation"):
        scanno.Cleaner(adaptation=b"not counts")
    with pytest.raises(ValueError, match="model"):
        scanno.Cleaner(adaptation=learnt, model=counts)


def test_other_threads_run_while_one_cleans():
    """Deterministic: a Python thread notes the time every millisecond while the main thread
    is inside `clean`. Were the GIL held, no note could fall inside the call (away from its
    edges, where the interpreter may switch threads)."""
    text = "".join(make_texts(400, seed=7))
    cleaner = scanno.Cleaner()
    stop = threading.Event()
    notes = []

    def note():
        last = 0.0
        while not stop.is_set():
            now = time.perf_counter()
            if now - last >= 0.001:
                notes.append(now)
                last = now

    t = threading.Thread(target=note)
    t.start()
    try:
        time.sleep(0.05)
        start = time.perf_counter()
        cleaner.clean(text)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    margin = 0.05
    assert end - start > 4 * margin, "the text is too short to tell"
    inside = [n for n in notes if start + margin < n < end - margin]
    assert len(inside) >= 10, f"{len(inside)} notes in {end - start:.2f} s"


def idle_cores(seconds: float = 1.0) -> float | None:
    """How many cores sat idle over `seconds` (from /proc/stat), or None where unknown."""
    def sample():
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:9]]
        return ticks[3] + ticks[4], sum(ticks)  # idle + iowait, all
    try:
        idle0, all0 = sample()
        time.sleep(seconds)
        idle1, all1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return (os.cpu_count() or 1) * (idle1 - idle0) / max(all1 - all0, 1)


# Two threads must give at least this much of one thread's throughput. With the GIL held
# through a clean they give at most 1.0x; on the 2-core machine they gave 2.26x idle, and
# 1.33x in a CI run with other work started after the idle check below.
SPEEDUP = 1.25


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_two_threads_clean_in_parallel():
    """Two threads clean twice the texts in about the time one thread cleans them once.
    Every thread has a Cleaner of its own (each opens its own lexicon, and the library keys
    its candidate caches by lexicon, so no thread is served what another searched) and the
    same texts. A speed-up can only be measured on cores nobody else is using: on a busy
    machine (other processes keeping more than a fifth of a core busy) the test is skipped,
    saying so."""
    idle = idle_cores()
    if idle is not None and idle < 1.8 and os.environ.get("SCANNO_FORCE_SPEEDUP") != "1":
        pytest.skip(f"the machine is busy: {idle:.1f} of {os.cpu_count()} cores idle")
    work = [make_texts(100, seed=100 + i, max_lines=80) for i in range(5)]

    def timed(threads: int, texts) -> float:
        cleaners = [scanno.Cleaner() for _ in range(threads)]
        runs = [threading.Thread(target=lambda c=c: [c.clean(t) for t in texts]) for c in cleaners]
        start = time.perf_counter()
        for t in runs:
            t.start()
        for t in runs:
            t.join()
        return time.perf_counter() - start

    best = 0.0
    for texts in work:  # the best of five, against a machine that gets busy meanwhile
        one = timed(1, texts)
        two = timed(2, texts)
        best = max(best, 2 * one / two)  # throughput of two threads over one's
        if best >= SPEEDUP:
            break
    print(f"two threads: {best:.2f}x the throughput of one")
    assert best >= SPEEDUP
