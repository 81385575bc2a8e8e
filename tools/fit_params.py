#!/usr/bin/env python3
"""Fits the corrector's parameters (`scanno::correct::Params`) on the training set only.

Coordinate search: for each parameter in turn, try a step down and a step up from the current
value, keep whichever improves the objective, and repeat the passes until none does (or
--passes runs out). Values reach the binary through the SCANNO_PARAMS environment variable, so
no rebuild is needed; write the result into `Params::default()` by hand and say in its doc
comment that this tool chose it.

Objective, on ../shared/eval/train/ (never on the dev sets):
    cMER reduction on the OCR  -  HARM * (cMER of ground truth fed in as input / raw OCR cMER)
The second term counts what the cleaner breaks in clean text, relative to the errors there are
to fix; HARM (default 2) says one broken character costs as much as two fixed ones.

  tools/fit_params.py                       search from the current defaults
  tools/fit_params.py --only walk_floor     search one parameter
  tools/fit_params.py --start 'a=1,b=2'     start from given values
Needs python3 with jiwer (../shared/eval/README.md) and a release build.
"""
import argparse, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(ROOT, "..", "shared", "eval")
TRAIN = os.path.join(EVAL, "train", "hipe-train-en.jsonl")

# (name, step, kind): "add" moves by step, "mul" multiplies or divides by step.
SEARCH = [
    ("log_oov_lower", 1.0, "add"),
    ("log_oov_capital", 1.0, "add"),
    ("log_oov_initial", 1.0, "add"),
    ("pair_smoothing", 0.2, "add"),
    ("log_oov_period", 1.0, "add"),
    ("log_one_as_i", 0.5, "add"),
    ("recur_lower", 0.1, "add"),
    ("recur_capital", 0.5, "add"),
    ("doc_weight", 2.0, "mul"),
    ("temperature", 0.1, "add"),
    ("real_word_floor", 1.0, "add"),
    ("variant_floor", 1.0, "add"),
    ("short_variant_floor", 1.0, "add"),
    ("real_word_ratio", 1.5, "mul"),
    ("rare_word_ratio", 2.0, "mul"),
    ("walk_floor", 1.0, "add"),
    ("log_oov_per_letter", 0.25, "add"),
    ("log_cap_per_letter", 0.25, "add"),
    ("recur_real", 0.25, "add"),
    ("clean_doc_noise", 1.5, "mul"),
    ("clean_doc_weight", 0.5, "add"),
]


def score(dataset, env, binary):
    cmd = f"{binary} clean {{in_dir}} --out {{out_dir}}"
    out = subprocess.run(
        [sys.executable, os.path.join(EVAL, "score.py"), dataset, "--cmd", cmd, "--json"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    return next(iter(json.loads(out).values()))


def objective(values, gt_set, binary, harm, cache):
    spec = ",".join(f"{k}={v:g}" for k, v in sorted(values.items()))
    if spec in cache:
        return cache[spec]
    env = dict(os.environ, SCANNO_PARAMS=spec)
    ocr = score(TRAIN, env, binary)
    clean = score(gt_set, env, binary)
    value = ocr["reduc"] - harm * clean["cmer"] / ocr["cmer_ocr"]
    cache[spec] = (value, ocr["reduc"], ocr["pref"], clean["cmer"])
    print(f"  {value:.4f}  reduc {ocr['reduc']:.4f}  pref {ocr['pref']:.3f}  "
          f"clean-text cMER {clean['cmer']:.5f}  [{spec}]", flush=True)
    return cache[spec]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "scanno"))
    ap.add_argument("--only", action="append", help="search only these parameters")
    ap.add_argument("--start", default="", help="name=value,... to start from")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--harm", type=float, default=2.0)
    a = ap.parse_args()
    defaults = dict(defaults_from_source())
    values = {}
    for item in filter(None, a.start.split(",")):
        k, v = item.split("=")
        values[k] = float(v)
    search = [s for s in SEARCH if not a.only or s[0] in a.only]
    for name, _, _ in search:
        values.setdefault(name, defaults[name])
    with tempfile.TemporaryDirectory() as tmp:
        gt_set = os.path.join(tmp, "train-gt-as-input.jsonl")
        with open(TRAIN) as src, open(gt_set, "w") as dst:
            for line in src:
                r = json.loads(line)
                dst.write(json.dumps({"id": r["id"], "ocr": r["gt"], "gt": r["gt"]}) + "\n")
        cache = {}
        best = objective(values, gt_set, a.binary, a.harm, cache)
        for p in range(a.passes):
            moved = False
            for name, step, kind in search:
                for direction in (-1, 1):
                    trial = dict(values)
                    v = values[name]
                    trial[name] = v + direction * step if kind == "add" else (v * step if direction > 0 else v / step)
                    got = objective(trial, gt_set, a.binary, a.harm, cache)
                    if got[0] > best[0] + 1e-4:
                        print(f"pass {p + 1}: {name} {v:g} -> {trial[name]:g}", flush=True)
                        values, best, moved = trial, got, True
                        break
            if not moved:
                break
    changed = {k: v for k, v in values.items() if abs(v - defaults[k]) > 1e-9}
    print("best:", json.dumps({"objective": best[0], "reduc": best[1], "pref": best[2],
                               "clean_text_cmer": best[3], "changed": changed}))


def defaults_from_source():
    """The numbers in `impl Default for Params` of src/stages/correct/mod.rs."""
    import re
    src = open(os.path.join(ROOT, "src", "stages", "correct", "mod.rs")).read()
    body = src[src.index("impl Default for Params"):]
    body = body[: body.index("\n}\n")]
    for name, value in re.findall(r"\n\s+(\w+): (-?[0-9.e_-]+),", body):
        yield name, float(value.replace("_", ""))


if __name__ == "__main__":
    main()
