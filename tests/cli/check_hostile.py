#!/usr/bin/python3
"""TAP checks of the hostile catalogue after `sertel process`.

usage: check_hostile.py SERTEL CONFIG CASES.tsv STATE_DIR START
"""
import email
import email.policy
import json
import os
import subprocess
import sys

sertel, conf, cases_path, state = sys.argv[1:5]
n = int(sys.argv[5])
failed = 0


def tap(cond, desc, detail=None):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, desc))
    if not cond:
        failed += 1
        if detail is not None:
            print("#   " + str(detail)[:400].replace("\n", "\n#   "))


def run(*args):
    return subprocess.run([sertel, "--config", conf] + list(args),
                          capture_output=True, text=True).stdout


held = {h["message_id"]: h for h in json.loads(run("list", "--all",
                                                    "--json"))}
reqs = {}
for r in json.loads(run("list", "--json")):
    for mid in r["message_ids"]:
        reqs[mid] = r["id"]
replies = {}
outdir = os.path.join(state, "outbox", "new")
for f in os.listdir(outdir):
    raw = open(os.path.join(outdir, f), "rb").read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    replies[m["In-Reply-To"]] = (raw, m)

for line in open(cases_path):
    if line.startswith("#") or not line.strip():
        continue
    name, outcome, detail = line.rstrip("\n").split("\t")
    mid = "<%s@hostile.test>" % name
    if outcome in ("quarantined", "ignored"):
        h = held.get(mid, {})
        tap(h.get("disposition") == outcome and mid not in reqs,
            "%s: %s" % (name, outcome), h)
        if outcome == "quarantined":
            tap(detail in (h.get("reason") or ""),
                "%s: reason names the limit" % name, h.get("reason"))
        continue
    code = reqs.get(mid)
    tap(code is not None, "%s: processed into a request" % name)
    if code is None:
        continue
    show = json.loads(run("show", code, "--json"))
    docs = show["documents"]
    raw, reply = replies.get(mid, (b"", None))
    body = reply.get_content() if reply else ""
    if name == "missing-final-boundary":
        tap(any(d["type"] == "surat_permohonan" for d in docs),
            "%s: attachment kept" % name, docs)
    elif name == "bad-base64":
        tap(any(d["type"] == "sk_jabatan" for d in docs),
            "%s: part kept" % name, docs)
    elif name in ("rfc2231-traversal", "plain-traversal"):
        want = "passwd" if name.startswith("rfc") else "evil.pdf"
        tap([d["filename"] for d in docs] == [want],
            "%s: name reduced to %s" % (name, want), docs)
        stored = os.listdir(os.path.join(state, "docs"))
        tap(all(len(s) == 64 for s in stored) and not os.path.exists(
            "/tmp/evil.pdf"), "%s: stored under generated names" % name)
    elif name == "content-id-traversal":
        tap(len(docs) == 1 and docs[0]["filename"] is None,
            "%s: inline image kept without a name" % name, docs)
    elif name == "zip-bomb":
        tap("melebihi batas" in body and "terpisah" in body,
            "%s: reply asks for separate files" % name, body[:300])
    elif name == "nested-zip":
        tap(any(d["filename"] == "Surat Permohonan.pdf" for d in docs) and
            "arsip lain" in body, "%s: outer member kept, note" % name, docs)
    elif name == "crlf-display-name":
        hdr = raw.split(b"\r\n\r\n")[0]
        tap(reply is not None and b"\nBcc:" not in hdr and
            b"\rBcc" not in hdr, "%s: no injected header" % name, hdr)
    elif name in ("exec-as-jpeg", "png-60000", "truncated-jpeg", "gif-ktp"):
        tap(len(docs) == 1 and not docs[0]["usable"] and docs[0]["note"] and
            "ktp" in show["missing"], "%s: %s" % (name, detail), docs)
        if name == "png-60000":
            tap("terlalu besar" in docs[0]["note"], "%s: says too large"
                % name, docs[0]["note"])
    elif name in ("html-deep", "utf7-meta", "invalid-utf8"):
        nama = show["applicant"]["nama"]
        tap(reply is not None, "%s: answered" % name)
        if name == "utf7-meta":
            tap("<script" not in json.dumps(show), "%s: no decoded UTF-7"
                % name)
        if name == "invalid-utf8":
            tap(nama and "\ufffd" in nama, "%s: U+FFFD in %r" % (name, nama))
    elif name == "utf16-body":
        tap(show["applicant"]["nama"] == "Uji Enambelas",
            "%s: %s" % (name, detail), show["applicant"])
    elif name == "forged-id-subject":
        tap(code != "SE-2026-000001" or len(show["messages"]) == 1,
            "%s: %s" % (name, detail), code)

print(n, file=sys.stderr)
sys.exit(1 if failed else 0)
