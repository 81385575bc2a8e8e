#!/usr/bin/env bash
# The HTML review page in headless Chromium (tests/browser/review_page.py): decisions made in
# the page reach the files through `scanno apply`. Installs Debian's chromium, chromium-driver
# and python3 when they are missing, and fails loudly if it cannot: this test is never
# skipped. Usage: tests/browser/run.sh [--screenshot PNG]
set -euo pipefail
cd "$(dirname "$0")/../.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  echo "browser test: installing ${missing[*]}" >&2
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } >&2; then
    echo "error: browser test: could not install ${missing[*]} (Debian packages); the HTML review page is untested" >&2
    exit 1
  fi
fi
cargo build --quiet --bin scanno
python3 tests/browser/review_page.py target/debug/scanno "$@"
