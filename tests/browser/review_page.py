#!/usr/bin/env python3
"""The HTML review page in a real browser: headless Chromium driven through chromedriver's
W3C WebDriver protocol (a few HTTP requests, Python's standard library only).

Cleans a folder with `--format html`, opens the page, decides in it (rejects every
correction with the bulk button, accepts the first suggestion shown and rejects the first
page-furniture change with the detail panel), exports the decisions, runs `scanno apply` on
the exported file and compares each written file with the input plus exactly the accepted
edits (taken from `clean --format json`). Exits non-zero on any difference.

Usage: review_page.py SCANNO [--screenshot PNG]
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

# Made-up period text with a page number, a broken word and OCR misreadings.
GUARDIAN = (
    "The Cleckheaton Guardian.\n\nAt tlie meeting of tbe Board of Guardians on Tuesday last the\n"
    "chairman said that the rates aud tbe cost of relief were higher than in any\nyear since "
    "1879, and that tlie matter must be laid before the rate-\npayers at once.\n\n- 4 -\n\n"
    "The clerk read tlie minutes of the last meeting, which were con-\nfirmed.\n"
)


class WebDriver:
    def __init__(self, url):
        self.url = url
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"WebDriver {method} {path}: {e.read().decode(errors='replace')[:500]}")

    def start(self, downloads):
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium") or "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000"],
            "prefs": {"download.default_directory": downloads, "download.prompt_for_download": False},
        }}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def s(self, path, body=None, method="POST"):
        return self.call(method, f"/session/{self.session}{path}", body)

    def find(self, css):
        found = self.s("/element", {"using": "css selector", "value": css})
        if not isinstance(found, dict) or ELEMENT not in found:
            raise RuntimeError(f"WebDriver: no element {css}: {found}")
        return found[ELEMENT]

    def js(self, script, *args):
        return self.s("/execute/sync", {"script": script, "args": list(args)})

    def click(self, css):
        el = self.find(css)
        # Into the middle of the window: the sticky header and the panel cover its edges.
        self.js("arguments[0].scrollIntoView({block: 'center'});", {ELEMENT: el})
        self.s(f"/element/{el}/click", {})

    def quit(self):
        if self.session:
            self.call("DELETE", f"/session/{self.session}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def apply_edits(text, edits):
    out, at = [], 0
    b = text.encode()
    for e in sorted(edits, key=lambda e: e["start"]):
        out.append(b[at:e["start"]])
        assert b[e["start"]:e["end"]].decode() == e["before"], e
        out.append(e["after"].encode())
        at = e["end"]
    out.append(b[at:])
    return b"".join(out).decode()


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def main():
    scanno = os.path.abspath(sys.argv[1])
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    work = tempfile.mkdtemp(prefix="scanno-browser-")
    scans = os.path.join(work, "scans")
    os.makedirs(scans)
    shutil.copy(os.path.join(ROOT, "fixtures", "002_d903febb1323d2e1.txt"), os.path.join(scans, "izvestia.txt"))
    shutil.copy(os.path.join(ROOT, "fixtures", "000_e899c1d5a41cee12.txt"), os.path.join(scans, "worker.txt"))
    with open(os.path.join(scans, "guardian.txt"), "w") as f:
        f.write(GUARDIAN)
    # A high threshold so that the page holds suggestions too.
    opts = ["--min-confidence", "0.95", "-q"]
    run([scanno, "clean", "scans", "--format", "html", "--report", "page.html"] + opts, work)
    report = {}
    for line in run([scanno, "clean", "scans", "--format", "json"] + opts, work).splitlines():
        d = json.loads(line)
        report[d["path"]] = d

    port = free_port()
    driver_log = open(os.path.join(work, "chromedriver.log"), "w")
    chromedriver = subprocess.Popen([shutil.which("chromedriver") or "chromedriver", f"--port={port}"],
                                    stdout=driver_log, stderr=subprocess.STDOUT)
    wd = WebDriver(f"http://127.0.0.1:{port}")
    try:
        for _ in range(100):
            try:
                if wd.call("GET", "/status").get("ready"):
                    break
            except (OSError, RuntimeError):
                pass
            time.sleep(0.1)
        downloads = os.path.join(work, "downloads")
        os.makedirs(downloads)
        wd.start(downloads)
        wd.s("/url", {"url": "file://" + os.path.join(work, "page.html")})
        title = wd.s("/title", method="GET")
        assert title == "scanno report", title

        # 0. Reflow collapsed by default; the confidence filter greys out what is below it.
        assert wd.js("return document.body.classList.contains('hide-reflow');"), "line joins collapsed"
        wd.js("var m = document.getElementById('minconf'); m.value = '0.99'; m.dispatchEvent(new Event('input'));")
        low, below = wd.js("""var n = 0, want = 0; var secs = document.querySelectorAll('section.doc');
            for (var d = 0; d < secs.length; d++) {
              var data = JSON.parse(secs[d].querySelector('script.changes').textContent);
              var spans = secs[d].querySelectorAll('.e');
              for (var j = 0; j < spans.length; j++) {
                if (spans[j].classList.contains('low')) { n++; }
                if (data[+spans[j].getAttribute('data-i')][3] < 0.99) { want++; }
              }
            }
            return [n, want];""")
        assert low == below and low > 0, (low, below)
        wd.js("var m = document.getElementById('minconf'); m.value = '0'; m.dispatchEvent(new Event('input'));")
        assert wd.js("return document.querySelectorAll('.e.low').length;") == 0

        # 1. Every correction rejected at once.
        wd.click("#bulk-kind option[value=correction]")
        wd.click("#kind-reject")
        # 2. The first suggestion shown (line joins are collapsed), accepted in the panel.
        sug = wd.js("var s = document.querySelector('.e.s:not(.k-reflow)'); return s && [s.closest('section').getAttribute('data-path'), +s.getAttribute('data-i')];")
        assert sug, "the page shows a suggestion"
        wd.click(".e.s:not(.k-reflow)")
        wd.click("#p-accept")
        # 3. The first page-furniture change of the page, rejected in the panel.
        furn = wd.js("var s = document.querySelector('.e.k-furniture:not(.s)'); return [s.closest('section').getAttribute('data-path'), +s.getAttribute('data-i')];")
        wd.click(".e.k-furniture:not(.s)")
        wd.click("#p-reject")
        shown = wd.js("return document.getElementById('p-what').textContent;")
        assert shown.endswith("(rejected)"), shown
        if screenshot:
            png = base64.b64decode(wd.s("/screenshot", method="GET"))
            with open(screenshot, "wb") as f:
                f.write(png)
        # 4. Export: a download, and the same text on the page.
        wd.click("#export")
        text = wd.js("return document.getElementById('exported').value;")
        path = os.path.join(downloads, "decisions.jsonl")
        for _ in range(100):
            if os.path.exists(path) and open(path).read() == text:
                break
            time.sleep(0.1)
        else:
            sys.exit(f"FAIL: the export was not downloaded to {path}: {os.listdir(downloads)}")
    finally:
        wd.quit()
        chromedriver.terminate()
        chromedriver.wait(timeout=30)

    run([scanno, "apply", "downloads/decisions.jsonl", "--out", "applied", "-q"], work)
    failures = 0
    for name, doc in report.items():
        with open(os.path.join(work, name), encoding="utf-8") as f:
            text = f.read()
        edits = [dict(e, i=i) for i, e in enumerate(doc["edits"])]
        edits += [dict(e, i=len(doc["edits"]) + i) for i, e in enumerate(doc["suggestions"])]
        accepted = [e for e in edits[:len(doc["edits"])] if e["kind"] != "correction"]
        accepted = [e for e in accepted if [name, e["i"]] != furn]
        accepted += [e for e in edits if [name, e["i"]] == sug]
        expected = apply_edits(text, accepted)
        with open(os.path.join(work, "applied", os.path.basename(name)), encoding="utf-8") as f:
            written = f.read()
        if written != expected:
            failures += 1
            print(f"FAIL: {name}: the applied file differs from the input with the accepted edits")
        elif written == apply_edits(text, edits[:len(doc["edits"])]) and any(e["kind"] == "correction" for e in doc["edits"]):
            failures += 1
            print(f"FAIL: {name}: the decisions made in the page did not change the file")
    if failures:
        sys.exit(1)
    print(f"browser review page: {len(report)} files: decisions made in headless Chromium reached the files through `scanno apply`")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
