#!/bin/sh
# Renders a scanno HTML report in headless Chromium and saves a screenshot, to check that the
# page opens and looks right without a desktop. Not a cargo test: CI may lack Chromium.
#
#   tools/html_screenshot.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#   scanno clean fixtures --format html --report /tmp/report.html && tools/html_screenshot.sh /tmp/report.html
#
# Needs `chromium` (Debian: apt-get install -y chromium). Exits non-zero if Chromium fails or
# writes no screenshot; Chromium's console errors (script errors, blocked requests) are printed.
set -eu

report=${1:?usage: $0 REPORT.html [OUT.png] [WIDTHxHEIGHT]}
out=${2:-/tmp/scanno-report.png}
size=${3:-1200x1600}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "$0: chromium not found (apt-get install -y chromium)" >&2; exit 2; }
[ -f "$report" ] || { echo "$0: no such file: $report" >&2; exit 2; }

case $report in
    /*) url="file://$report" ;;
    *) url="file://$(pwd)/$report" ;;
esac
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$out"

# --no-sandbox: Chromium refuses to run as root otherwise (containers). The network
# switches keep the check offline: the page must need nothing from outside.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --window-size="$(echo "$size" | tr x ,)" --screenshot="$out" "$url" >"$log" 2>&1 || {
    cat "$log" >&2
    echo "$0: chromium failed" >&2
    exit 1
}
# Page errors show up as CONSOLE lines (uncaught exceptions, refused loads).
if grep -E 'CONSOLE|Uncaught|Refused to' "$log" >&2; then
    echo "$0: the page logged errors (above)" >&2
    exit 1
fi
[ -s "$out" ] || { cat "$log" >&2; echo "$0: no screenshot written" >&2; exit 1; }
echo "$out"
