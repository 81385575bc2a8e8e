#!/usr/bin/env bash
# The Python package and Spark, on a fresh Debian machine as root (issue #26):
#   1. a Java runtime from Debian's packages, if there is none (Spark needs 17 or later);
#   2. a virtualenv with pytest and pyspark from PyPI (installed while cargo builds);
#   3. the command-line program (release) and `pip install ./python` (maturin, PyO3);
#   4. the README's one-liner, then pytest: the API against the command line, the GIL,
#      and Spark in local mode both ways (rdd.pipe of the binary; the package in
#      mapPartitions writing Parquet), compared with `scanno clean` byte for byte.
# The virtualenv is kept in $SCANNO_VENV (default ~/.cache/scanno/ci-venv) for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
say() { echo "python/ci.sh: $* ($((SECONDS - started)) s)"; }

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
  say "installing a Java runtime"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq default-jre-headless >/dev/null || apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
say "java $(java_major)"

venv=${SCANNO_VENV:-${HOME:-/root}/.cache/scanno/ci-venv}
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's own python3 keeps venv in a separate package.
    rm -rf "$venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
fi
py=$venv/bin/python
# PyPI downloads overlap the Rust build.
("$py" -m pip install -q --disable-pip-version-check "pip>=23" "pytest>=8" "pyspark>=3.5,<5" >"$venv/install.log" 2>&1) &
pip_job=$!

cargo build --release --quiet --bin scanno
say "built target/release/scanno"
if ! wait "$pip_job"; then
  cat "$venv/install.log" >&2
  exit 1
fi
say "pytest and pyspark installed"

"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps ./python
say "pip install ./python done"
out=$(cd /tmp && "$py" -c "import scanno; print(scanno.clean('tlie cat').text)")
if [ "$out" != "the cat" ]; then
  echo "python/ci.sh: scanno.clean('tlie cat').text gave '$out', not 'the cat'" >&2
  exit 1
fi

# SCANNO_CI=1: a test that lacks the binary, pyspark or Java fails instead of skipping.
export SCANNO_CI=1 SCANNO_BIN=$PWD/target/release/scanno PYSPARK_PYTHON=$py
"$py" -m pytest -q -rs -p no:cacheprovider python/tests
say "done"
