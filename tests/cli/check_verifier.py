#!/usr/bin/python3
"""Checks on sertel's review by mail for tests/cli/0008-verifier.t.

usage: check_verifier.py COMMAND ARGS

  count MAILDIR --to A [--code C] [--subject S]
                        print how many messages of the outbox go to A
                        (about request C, with S in the decoded subject)
  mail MAILDIR --to A --code C --subject S [--body T]... [--print H]
                        the one such message: its text holds every T
                        (white space squashed, NFC); print its file name
                        and, with --print, its header H on the next line
  get JSON PATH...      the value at PATH ("letter.number"; a list maps
                        over the rest: "messages.message_id"), one a line;
                        null prints "null"; "#" after a list prints its
                        length ("events.#"); several PATHs: their values
                        on one line, separated by spaces
  held JSON MESSAGE-ID  of `sertel list --quarantine --all --json`: the
                        disposition and reason of that message, or
                        "absent"
  validity CERT         the validity of the certificate CERT (PEM or
                        DER) as sertel must write it: "D Bulan YYYY s.d.
                        D Bulan YYYY", the dates in Asia/Jakarta (UTC+7)

Exit 0 when the check holds, 1 when not (reasons on stderr as "# ..."
lines), 2 on bad usage.
"""

import argparse
import calendar
import email
import email.policy
import json
import mailbox
import os
import re
import subprocess
import sys
import time
import unicodedata

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember"]


def diag(msg):
    sys.stderr.write("# %s\n" % msg)


def squash(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def outbox(a):
    """(file name, message) of every mail matching a's filters."""
    md = mailbox.Maildir(a.maildir, factory=None, create=False)
    found = []
    for key in sorted(md.iterkeys()):
        msg = email.message_from_bytes(md.get_bytes(key),
                                       policy=email.policy.default)
        to = str(msg.get("To", "")).lower()
        if a.to.lower() not in to:
            continue
        if a.code and msg.get("X-Sertel-Request", "") != a.code:
            continue
        if a.subject and a.subject not in str(msg.get("Subject", "")):
            continue
        sub = "cur" if os.path.exists(os.path.join(a.maildir, "cur",
                                                   key)) else "new"
        found.append((os.path.join(a.maildir, sub, key), msg))
    return found


def cmd_count(a):
    print(len(outbox(a)))
    return 0


def cmd_mail(a):
    found = outbox(a)
    if len(found) != 1:
        diag("%d messages to %s about %s with \"%s\" in the subject" % (
            len(found), a.to, a.code, a.subject))
        return 1
    path, msg = found[0]
    part = msg.get_body(preferencelist=("plain",))
    text = squash(part.get_content() if part is not None else "")
    bad = 0
    for want in a.body or []:
        if squash(want) not in text:
            diag("the body lacks \"%s\"" % want)
            bad = 1
    if bad:
        diag("body: %s" % text[:600])
    print(path)
    if a.print:
        print(str(msg.get(a.print, "")))
    return bad


def walk(v, path):
    if not path:
        yield v
        return
    if isinstance(v, list):
        if path[0] == "#":
            yield len(v)
            return
        for x in v:
            yield from walk(x, path)
        return
    if isinstance(v, dict) and path[0] in v:
        yield from walk(v[path[0]], path[1:])


def cmd_get(a):
    with open(a.json) as f:
        data = json.load(f)
    values = [["null" if v is None else str(v)
               for v in walk(data, path.split("."))] for path in a.path]
    if len(values) == 1:
        for v in values[0]:
            print(v)
    else:
        print(" ".join(" ".join(v) for v in values))
    return 0


def cmd_held(a):
    with open(a.json) as f:
        data = json.load(f)
    for h in data:
        if h.get("message_id") == a.message_id:
            print("%s: %s" % (h.get("disposition"), h.get("reason")))
            return 0
    print("absent")
    return 0


def openssl_date(cert, which):
    der = open(cert, "rb").read()
    form = "PEM" if b"-----BEGIN" in der else "DER"
    out = subprocess.run(["openssl", "x509", "-noout", "-inform", form,
                          "-" + which, "-in", cert], capture_output=True,
                         text=True, check=True).stdout.strip()
    # notBefore=Nov 21 10:50:00 2026 GMT
    t = time.strptime(out.split("=", 1)[1], "%b %d %H:%M:%S %Y GMT")
    wib = time.gmtime(calendar.timegm(t) + 7 * 3600)
    return "%d %s %d" % (wib.tm_mday, BULAN[wib.tm_mon - 1], wib.tm_year)


def cmd_validity(a):
    print("%s s.d. %s" % (openssl_date(a.cert, "startdate"),
                          openssl_date(a.cert, "enddate")))
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("count", "mail"):
        p = sub.add_parser(name)
        p.add_argument("maildir")
        p.add_argument("--to", required=True)
        p.add_argument("--code")
        p.add_argument("--subject")
        if name == "mail":
            p.add_argument("--body", action="append")
            p.add_argument("--print")
    p = sub.add_parser("get")
    p.add_argument("json")
    p.add_argument("path", nargs="+")
    p = sub.add_parser("held")
    p.add_argument("json")
    p.add_argument("message_id")
    sub.add_parser("validity").add_argument("cert")
    a = ap.parse_args()
    return globals()["cmd_" + a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
