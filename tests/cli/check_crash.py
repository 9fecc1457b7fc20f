#!/usr/bin/python3
"""The store side of tests/cli/0018-crash.t: inputs prepared, the state
sertel left after being killed, and that state against a run never killed.

usage: check_crash.py COMMAND ARGS

  thin MAILDIR --keep K      replace every image of more than 8 KB by a
                             small colour JPEG, except in the first K
                             messages (sorted names) that carry one:
                             OCR is slow and only its variety needs a few
  dups MAILDIR --n N --seed S  copy N random messages of MAILDIR/new under
                             other names (the same bytes: one message)
  append FILE...             APPEND each FILE to intake's INBOX (the
                             `servers.sh env` variables in the
                             environment), its From address made
                             APPLICANT_ADDR; print its Message-ID
  imapdir OUTDIR FILE...     the same bytes as a Maildir of the same
                             order, for a reference run
  snap DB                    the canonical state of the store (JSON): per
                             message and per request everything a killed
                             run must reproduce; volatile columns left out
  check --db DB --start N [--ref SNAP.json] [--inbox MAILDIR]
        [--outbox MAILDIR] [--letters DIR] [--docs DIR]
        [--mailbox USER=MAILDIR...] [--intake MAILDIR]
                             the invariants after crashes, as TAP lines
                             numbered from N+1 (the last number on stderr)

The invariants: each input Message-ID stored once; the Maildir fully
acknowledged; each outbox row sent, its Message-ID unique, one reply per
answered message and one verifier mail per move to in_review, one
approval mail per approval; no request mid-stage (status = last event,
rest statuses, drafts and documents on disk); request codes and letter
serials 1..N without gaps, no letter file on disk that the register does
not name; with --mailbox, each outbox Message-ID delivered (identical
copies counted and reported: a kill between the server's 250 and the
recording resends the same message); with --ref, every message and
request exactly as in the run that was never killed.
"""

import argparse
import email
import email.base64mime
import email.policy
import hashlib
import io
import json
import os
import random
import re
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unseal  # noqa: E402

REST = {"incomplete", "invalid", "in_review", "approved", "rejected",
        "issued", "received"}
INTAKE_KINDS = {"received", "complete", "update", "incomplete", "invalid",
                "in_review"}


def diag(msg):
    sys.stderr.write("# %s\n" % msg)


def tiny_jpeg():
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (240, 152), (150, 200, 230))
    d = ImageDraw.Draw(im)
    d.rectangle((170, 30, 225, 100), fill=(200, 90, 60))
    d.text((10, 10), "KARTU TANDA PENDUDUK", fill=(0, 0, 0))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=70)
    return out.getvalue()


def is_image(data):
    return data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n"


def c_thin(a):
    pol = email.policy.compat32.clone(linesep="\r\n", max_line_length=0)
    tiny = tiny_jpeg()
    b64 = email.base64mime.body_encode(tiny, maxlinelen=76, eol="\r\n")
    new = os.path.join(a.maildir, "new")
    kept = thinned = 0
    for f in sorted(os.listdir(new)):
        path = os.path.join(new, f)
        raw = open(path, "rb").read()
        msg = email.message_from_bytes(raw, policy=pol)
        parts = [p for p in msg.walk() if not p.is_multipart() and
                 str(p.get("Content-Transfer-Encoding", "")).strip()
                 .lower() == "base64"]
        big = [p for p in parts if is_image(p.get_payload(decode=True)
                                            or b"") and
               len(p.get_payload(decode=True)) > 8000]
        if not big:
            continue
        if kept < a.keep:
            kept += 1
            continue
        for p in big:
            p.set_payload(b64)
        thinned += 1
        with open(path, "wb") as out:
            out.write(msg.as_bytes(policy=pol))
    print("%d %d" % (kept, thinned))
    return 0


def c_dups(a):
    rng = random.Random(a.seed)
    new = os.path.join(a.maildir, "new")
    names = sorted(os.listdir(new))
    for i, f in enumerate(sorted(rng.sample(names, a.n))):
        # Half right after the original, half at the end of the inbox.
        dup = "%s.dup" % f if i % 2 else "9999999999.D%04d.dup" % i
        shutil.copyfile(os.path.join(new, f), os.path.join(new, dup))
        print(dup)
    return 0


def as_applicant(path):
    """The message of path with the applicant's test address as From."""
    raw = open(path, "rb").read()
    head, sep, body = raw.partition(b"\r\n\r\n")
    head = re.sub(rb"(?mi)^(From:[^\n]*<)[^>\n]*(>)",
                  rb"\g<1>" + os.environ["APPLICANT_ADDR"].encode() +
                  rb"\g<2>", head, count=1)
    return head + sep + body


def c_append(a):
    import imaplib
    import ssl
    ctx = ssl.create_default_context(cafile=os.environ["CA_FILE"])
    m = imaplib.IMAP4_SSL("localhost", int(os.environ["IMAP_TLS_PORT"]),
                          ssl_context=ctx)
    m.login(os.environ["INTAKE_USER"], os.environ["INTAKE_PASS"])
    try:
        for f in a.files:
            raw = as_applicant(f)
            typ, d = m.append("INBOX", None, None, raw)
            if typ != "OK":
                diag("APPEND %s: %r" % (f, d))
                return 1
            print(header_mid(raw))
    finally:
        m.logout()
    return 0


def c_imapdir(a):
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(a.outdir, sub), exist_ok=True)
    for i, f in enumerate(a.files):
        with open(os.path.join(a.outdir, "new", "%05d.eml" % i), "wb") as o:
            o.write(as_applicant(f))
    return 0


def input_mids(maildir):
    """Message-ID of each file of a Maildir (new/ and cur/), by file."""
    out = {}
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        for f in os.listdir(d):
            out[sub + "/" + f] = header_mid(open(os.path.join(d, f),
                                                 "rb").read())
    return out


def header_mid(raw):
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    m = re.search(rb"(?mi)^Message-ID:[ \t]*(<[^>\r\n]*>)", head)
    return m.group(1).decode("utf-8", "replace") if m else None


def text_of(msg):
    body = msg.get_body(("plain",))
    return body.get_content() if body is not None else ""


def outbox_rows(db):
    # Outgoing mail is sealed at rest: opened with the store's master key
    # (beside the database) by the independent reader.
    path = db.execute("PRAGMA database_list").fetchone()[2]
    keys = unseal.load_keys(os.path.join(os.path.dirname(path),
                                         "master.key"))
    rows = []
    for (oid, rid, mid, rcpt, kind, sealed, fid, status) in db.execute(
            "SELECT id, request_id, message_id, rcpt, kind, raw, file_id,"
            " status FROM outbox ORDER BY id"):
        raw = unseal.unseal(keys, unseal.seed_of(db, fid), fid, sealed)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = text_of(msg)
        # The verifier's Reply-To token and Message-IDs differ per run.
        text = re.sub(r"layanan\.tte\+[a-z0-9.-]+@", "TOKEN@", text)
        rows.append({"id": oid, "request_id": rid, "message_id": mid,
                     "rcpt": rcpt, "kind": kind, "status": status,
                     "irt": str(msg.get("In-Reply-To", "")).strip(),
                     "subject": str(msg.get("Subject", "")),
                     "text": hashlib.sha256(text.encode()).hexdigest()})
    # A reply to one of our own mails (approval after the review mail):
    # name it by that mail's kind, its Message-ID being random.
    ours = {o["message_id"]: o["kind"] for o in rows}
    for o in rows:
        if o["irt"] in ours:
            o["irt_norm"] = "our " + ours[o["irt"]]
        else:
            o["irt_norm"] = o["irt"]
    return rows


def ocr_of(text):
    """The KTP reading without its time ("ms")."""
    if text is None:
        return None
    o = json.loads(text)
    o.pop("ms", None)
    return o


def snapshot(dbpath):
    db = sqlite3.connect(dbpath)
    codes = dict(db.execute("SELECT id, code FROM requests"))
    msgs = {}
    for (mid, disp, reason, rid, frm, subj) in db.execute(
            "SELECT message_id, disposition, reason, request_id,"
            " from_email, subject FROM messages ORDER BY id"):
        msgs.setdefault(mid, []).append(
            [disp, reason, codes.get(rid), frm, subj])
    reqs = {}
    for (rid, code, typ, status, ae, an, fe, missing, dc) in db.execute(
            "SELECT id, code, type, status, applicant_email,"
            " applicant_name, forwarder_email, missing, data_changed"
            " FROM requests"):
        r = {"type": typ, "status": status, "applicant": ae, "name": an,
             "forwarder": fe, "missing": missing, "data_changed": dc}
        r["fields"] = sorted(db.execute(
            "SELECT name, value, source FROM fields WHERE request_id = ?",
            (rid,)))
        r["documents"] = sorted((d[:-1] + (ocr_of(d[-1]),) for d in
                                 db.execute(
            "SELECT sha256, type, filename, content_type, usable, note,"
            " archive, ocr FROM documents WHERE request_id = ?", (rid,))),
            key=repr)
        r["checks"] = sorted(db.execute(
            "SELECT name, ok, detail FROM checks WHERE request_id = ?",
            (rid,)))
        r["events"] = list(db.execute(
            "SELECT status, actor, reason FROM events WHERE request_id = ?"
            " ORDER BY id", (rid,)))
        r["letters"] = sorted(db.execute(
            "SELECT l.kind, l.variant, l.number FROM letters l JOIN"
            " letter_requests x ON x.letter_id = l.id WHERE"
            " x.request_id = ?", (rid,)), key=repr)
        reqs[code] = r
    for o in outbox_rows(db):
        code = codes.get(o["request_id"])
        reqs.setdefault(code, {}).setdefault("outbox", []).append(
            [o["kind"], o["rcpt"], o["status"], o["irt_norm"], o["subject"],
             o["text"]])
    for r in reqs.values():
        r.setdefault("outbox", []).sort()
    return json.loads(json.dumps({"messages": msgs, "requests": reqs}))


def c_snap(a):
    json.dump(snapshot(a.db), sys.stdout, indent=0, sort_keys=True)
    return 0


class Tap:
    def __init__(self, start):
        self.n = start

    def __call__(self, problems, desc, limit=8):
        self.n += 1
        print(("not ok %d - %s" if problems else "ok %d - %s") %
              (self.n, desc))
        for p in problems[:limit]:
            print("#   " + str(p))
        if len(problems) > limit:
            print("#   ... and %d more" % (len(problems) - limit))


def check_inbox(tap, db, inbox):
    files = input_mids(inbox)
    want = {m for m in files.values()}
    got = {}
    for (mid,) in db.execute("SELECT message_id FROM messages"):
        got[mid] = got.get(mid, 0) + 1
    tap([m for m in want if got.get(m, 0) != 1] +
        ["%s not an input" % m for m in got if m not in want],
        "each of the %d input Message-IDs is in the store exactly once "
        "(%d files)" % (len(want), len(files)))
    left = [f for f in files if not f.startswith("cur/")] + \
        os.listdir(os.path.join(inbox, "tmp"))
    bad = [f for f in files if f.startswith("cur/") and
           not f.endswith(":2,S")]
    tap(left + bad, "every input file was moved once to cur/ (flag S)")
    return want


def check_outbox(tap, db, rows, outbox):
    mids = [o["message_id"] for o in rows]
    tap(sorted({m for m in mids if mids.count(m) > 1}),
        "the %d outbox Message-IDs are unique" % len(rows))
    tap(["%s %s %s" % (o["id"], o["kind"], o["status"]) for o in rows
         if o["status"] != "sent"], "every outbox row is sent")
    if outbox is None:
        return
    d = os.path.join(outbox, "new")
    files = {}
    for f in os.listdir(d):
        files[f] = header_mid(open(os.path.join(d, f), "rb").read())
    want = {"sertel.%s" % hashlib.sha256(m.encode()).hexdigest()[:32]: m
            for m in mids}
    tap(["%s missing" % want[f] for f in want if files.get(f) != want[f]] +
        ["%s extra (%s)" % (f, files[f]) for f in files if f not in want],
        "the outbox Maildir has one file per row, no other (%d)" %
        len(files))


def check_replies(tap, db, rows):
    """One answer per answered message, verifier and approval mails as
    the events say, nothing for ignored mail."""
    by_irt = {}
    for o in rows:
        by_irt.setdefault(o["irt"], []).append(o)
    probs = []
    for (mid, disp, rid) in db.execute(
            "SELECT message_id, disposition, request_id FROM messages"):
        kinds = sorted(o["kind"] for o in by_irt.get(mid, []))
        intake = [k for k in kinds if k in INTAKE_KINDS]
        if disp in ("request", "followup") and len(intake) != 1:
            probs.append("%s (%s): answers %s" % (mid, disp, kinds))
        if disp in ("ignored", "quarantined") and kinds:
            probs.append("%s (%s) answered: %s" % (mid, disp, kinds))
        if kinds.count("verifier") > 1:
            probs.append("%s: %d verifier mails" % (mid,
                                                    kinds.count("verifier")))
    tap(probs, "each request or follow-up answered exactly once, ignored "
        "mail never")
    probs = []
    for (rid, code) in db.execute("SELECT id, code FROM requests"):
        ev = [s for (s,) in db.execute(
            "SELECT status FROM events WHERE request_id = ?", (rid,))]
        kinds = [o["kind"] for o in rows if o["request_id"] == rid]
        for kind, status in (("verifier", "in_review"),
                             ("approved", "approved"),
                             ("rejected", "rejected")):
            if kinds.count(kind) != ev.count(status):
                probs.append("%s: %d %s mails, %d %s events" % (
                    code, kinds.count(kind), kind, ev.count(status),
                    status))
    tap(probs, "one verifier mail per move to in_review, one approval "
        "mail per approval")


def check_rest(tap, db, letters, docs):
    probs = []
    for (rid, code, status) in db.execute(
            "SELECT id, code, status FROM requests"):
        ev = [s for (s,) in db.execute(
            "SELECT status FROM events WHERE request_id = ? ORDER BY id",
            (rid,))]
        nmsg = db.execute("SELECT count(*) FROM messages WHERE"
                          " request_id = ?", (rid,)).fetchone()[0]
        if status not in REST or not ev or ev[-1] != status or \
                ev[0] != "received" or nmsg == 0:
            probs.append("%s: status %s, events %s, %d messages" % (
                code, status, ev, nmsg))
        drafts = db.execute(
            "SELECT l.path FROM letters l JOIN letter_requests x ON"
            " x.letter_id = l.id WHERE x.request_id = ? AND"
            " l.kind = 'draft'", (rid,)).fetchall()
        if ("in_review" in ev) != (len(drafts) == 1):
            probs.append("%s: %d drafts, events %s" % (code, len(drafts),
                                                        ev))
        finals = db.execute(
            "SELECT count(*) FROM letters l JOIN letter_requests x ON"
            " x.letter_id = l.id WHERE x.request_id = ? AND"
            " l.kind = 'final' AND l.variant NOT LIKE '%batch'",
            (rid,)).fetchone()[0]
        if finals != ev.count("approved"):
            probs.append("%s: %d final letters, %d approvals" % (
                code, finals, ev.count("approved")))
    tap(probs, "no request mid-stage: a rest status equal to its last "
        "event, a draft for each review, a letter for each approval")
    if docs:
        miss = [p for (p,) in db.execute(
            "SELECT DISTINCT stored_name FROM documents")
            if not os.path.exists(os.path.join(docs, p))]
        tap(miss, "every document's file is on disk")
    codes = sorted(int(c[-6:]) for (c,) in db.execute(
        "SELECT code FROM requests"))
    cnt = db.execute("SELECT coalesce(max(value), 0) FROM counters WHERE"
                     " name = 'request'").fetchone()[0]
    tap([] if codes == list(range(1, len(codes) + 1)) and cnt == len(codes)
        else ["serials %s.. counter %d" % (codes[:5], cnt)],
        "request codes 1..%d without a gap" % len(codes))
    probs = []
    years = {}
    for (num, year, serial, path) in db.execute(
            "SELECT number, year, serial, path FROM letters WHERE"
            " kind = 'final'"):
        years.setdefault(year, []).append(serial)
        if not os.path.exists(path):
            probs.append("%s: %s missing" % (num, path))
    for year, s in years.items():
        if sorted(s) != list(range(1, len(s) + 1)):
            probs.append("%s: serials %s" % (year, sorted(s)))
        cnt = db.execute("SELECT value FROM counters WHERE name = 'letter'"
                         " AND year = ?", (year,)).fetchone()
        if cnt is None or cnt[0] != len(s):
            probs.append("%s: counter %s, %d letters" % (year, cnt, len(s)))
    tap(probs, "letter serials 1..N per year, each once, counter equal "
        "(%s)" % ", ".join("%s: %d" % (y, len(s)) for y, s in
                           years.items()))
    if letters and os.path.isdir(letters):
        reg = {os.path.realpath(p) for (p,) in db.execute(
            "SELECT path FROM letters")}
        disk, tmp = set(), 0
        for root, _, fs in os.walk(letters):
            for f in fs:
                # A draft's temp file is a leak, not a letter: counted.
                if os.path.basename(root) == "draf" and \
                        f.startswith(".tmp."):
                    tmp += 1
                    continue
                disk.add(os.path.realpath(os.path.join(root, f)))
        if tmp:
            diag("%d temp files of drafts left by kills" % tmp)
        tap(sorted(disk - reg), "no letter file on disk the register does "
            "not name, temp files included (%d files)" % len(disk))


def mailbox_mids(maildir):
    out = {}
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        if not os.path.isdir(d):
            continue
        for f in os.listdir(d):
            mid = header_mid(open(os.path.join(d, f), "rb").read())
            out[mid] = out.get(mid, 0) + 1
    return out


def check_delivered(tap, rows, mailboxes, db):
    got = {}
    for spec in mailboxes:
        user, path = spec.split("=", 1)
        got[user] = mailbox_mids(path)
    probs, twice = [], []
    want = set()
    for o in rows:
        user = o["rcpt"].split("@")[0]
        want.add(o["message_id"])
        c = got.get(user, {}).get(o["message_id"], 0)
        if c == 0:
            probs.append("%s %s to %s: not delivered" % (
                o["message_id"], o["kind"], o["rcpt"]))
        elif c > 1:
            twice.append("%s %s: %d identical copies" % (
                o["message_id"], o["kind"], c))
    extra = ["%s in %s: not in the outbox" % (m, u) for u in got
             for m in got[u] if m not in want]
    tap(probs + extra, "each of the %d replies delivered, under its own "
        "Message-ID, and no other mail" % len(rows))
    for t in twice:
        diag("resent after a kill between acceptance and recording: " + t)
    tap([], "replies delivered twice as identical copies (same Message-ID:"
        " the documented at-least-once window of SMTP): %d" % len(twice))


def check_intake(tap, intake, want):
    inbox = mailbox_mids(intake)
    proc = mailbox_mids(os.path.join(intake, ".Processed"))
    quar = mailbox_mids(os.path.join(intake, ".Quarantine"))
    tap(sorted(inbox), "nothing left in the IMAP INBOX")
    tap(sorted(quar), "nothing in Quarantine")
    tap(sorted(m for m in want if m not in proc),
        "every appended message is in Processed")


def compare(tap, snap, ref):
    probs = []
    for mid in sorted(set(ref["messages"]) | set(snap["messages"])):
        a, b = ref["messages"].get(mid), snap["messages"].get(mid)
        if a != b:
            probs.append("message %s: %s, never killed: %s" % (mid, b, a))
    tap(probs, "every message recorded as in the run never killed (%d)" %
        len(ref["messages"]))
    probs = []
    for code in sorted(set(ref["requests"]) | set(snap["requests"])):
        a, b = ref["requests"].get(code), snap["requests"].get(code)
        if a == b:
            continue
        if a is None or b is None:
            probs.append("%s only in the %s run" % (
                code, "killed" if a is None else "clean"))
            continue
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                probs.append("%s %s: %s, never killed: %s" % (
                    code, k, json.dumps(b.get(k))[:300],
                    json.dumps(a.get(k))[:300]))
    stat = {}
    for r in snap["requests"].values():
        stat[r.get("status")] = stat.get(r.get("status"), 0) + 1
    tap(probs, "every request (status, events, fields, documents, checks, "
        "replies, letters) as in the run never killed: %s" %
        ", ".join("%s %d" % kv for kv in sorted(stat.items())))


def c_check(a):
    tap = Tap(a.start)
    db = sqlite3.connect(a.db)
    rows = outbox_rows(db)
    if a.inbox:
        check_inbox(tap, db, a.inbox)
    check_outbox(tap, db, rows, a.outbox)
    check_replies(tap, db, rows)
    check_rest(tap, db, a.letters, a.docs)
    if a.mailbox:
        check_delivered(tap, rows, a.mailbox, db)
    if a.intake:
        want = {m for (m,) in db.execute("SELECT message_id FROM messages")}
        check_intake(tap, a.intake, want)
    if a.ref:
        compare(tap, snapshot(a.db), json.load(open(a.ref)))
    sys.stderr.write("%d\n" % tap.n)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("thin")
    p.add_argument("maildir")
    p.add_argument("--keep", type=int, required=True)
    p = sub.add_parser("dups")
    p.add_argument("maildir")
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    sub.add_parser("append").add_argument("files", nargs="+")
    p = sub.add_parser("imapdir")
    p.add_argument("outdir")
    p.add_argument("files", nargs="+")
    sub.add_parser("snap").add_argument("db")
    p = sub.add_parser("check")
    p.add_argument("--db", required=True)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--ref")
    p.add_argument("--inbox")
    p.add_argument("--outbox")
    p.add_argument("--letters")
    p.add_argument("--docs")
    p.add_argument("--mailbox", action="append")
    p.add_argument("--intake")
    a = ap.parse_args()
    return {"thin": c_thin, "dups": c_dups, "imapdir": c_imapdir,
            "append": c_append,
            "snap": c_snap, "check": c_check}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
