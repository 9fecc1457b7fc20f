#!/usr/bin/python3
"""make bench-batch: generated request mails with KTP scans through
`sertel process`, requests per second and peak RSS on this machine.

usage: bench_batch.py [--count N] [--seed S]

The same inbox is also processed with OCR switched off ([ocr] enabled =
no) so the cost of reading cards shows as a ratio in the same
run. Numbers, not assertions: the machine is shared and noisy.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import TOP, measured  # noqa: E402


def run(inbox, state, env, ocr=True):
    os.makedirs(state, exist_ok=True)
    conf = os.path.join(state, "sertel.conf")
    with open(conf, "w") as f:
        f.write("[paths]\nstore = %s/sertel.db\ndocuments = %s/docs\n"
                "outbox = %s/outbox\ntemplates = %s/templates\n"
                "[ocr]\nenabled = %s\n" % (state, state, state, TOP,
                                          "yes" if ocr else "no"))
    t0 = time.monotonic()
    p, rss = measured([os.path.join(TOP, "sertel"), "--config", conf,
                       "process", inbox], env=env,
                      capture_output=True, text=True)
    wall = time.monotonic() - t0
    out = subprocess.run([os.path.join(TOP, "sertel"), "--config", conf,
                          "list", "--json"], capture_output=True, text=True)
    n = len(json.loads(out.stdout or "[]"))
    return wall, rss, n, p.stderr.strip().splitlines()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20261121)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="bench-batch.")
    subprocess.run([sys.executable, os.path.join(TOP, "tests", "gen",
                    "genmail.py"), "--seed", str(a.seed), "--count",
                    str(a.count), "--out", os.path.join(work, "gen")],
                   check=True, stdout=subprocess.DEVNULL)
    inbox = os.path.join(work, "gen", "inbox")
    msgs = len(os.listdir(os.path.join(inbox, "new")))
    env = dict(os.environ)
    wall, rss, n, err = run(inbox, os.path.join(work, "ocr"), env)
    wall0, _, n0, _ = run(inbox, os.path.join(work, "noocr"), env, False)
    print("bench-batch: %d generated mails (%d requests), seed %d, %d cores"
          % (msgs, n, a.seed, os.cpu_count()))
    print("sertel process: %.1f s, %.2f requests/s, %.2f messages/s, "
          "peak RSS %.0f MB" % (wall, n / wall, msgs / wall, rss))
    print("without KTP reading: %.1f s (%.2f requests/s); reading cards "
          "costs %.2fx" % (wall0, n0 / wall0, wall / wall0))
    print("target 5 requests/s: ratio %.2f" % (n / wall / 5.0))
    for line in err[-2:]:
        print("  " + line)
    subprocess.run(["rm", "-rf", work])


main()
