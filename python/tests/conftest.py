import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[2]


def required(what: str) -> None:
    """Skips a test that lacks `what`, or fails it under python/ci.sh (SCANNO_CI=1), where
    everything must run."""
    if os.environ.get("SCANNO_CI") == "1":
        pytest.fail(f"{what} is missing (python/ci.sh must provide it)")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def scanno_bin() -> str:
    """The command-line program to compare with: $SCANNO_BIN, else target/release/scanno."""
    path = os.environ.get("SCANNO_BIN") or str(ROOT / "target" / "release" / "scanno")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)) and not shutil.which(path):
        required(f"the scanno binary ({path}; build it with cargo build --release)")
    return path
