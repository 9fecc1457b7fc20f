#!/usr/bin/python3
"""The independent oracle: Python's email package (Debian's python3) reads
the same message files as `sertel parse`; both must find the same document
parts, with the same names, sizes and SHA-256.

usage: check_oracle.py SERTEL FILE...     (TAP lines; the count on stderr)

Messages with invalid base64 are skipped: there the decoders may rightly
differ. A leaf part is a document unless it is text/plain or text/html without a
file name and without "attachment" disposition (that is body text);
message/rfc822 parts are read inside, as sertel does; a delivery report's
message/delivery-status part (automatic mail, never a document) is left
out on both sides. File names are compared decoded (RFC 2231, and RFC 2047
words that mail clients put in quoted names) and after the cleaning sertel
documents: the last path component, CR and LF made spaces and other
control characters removed, white space squeezed.
"""
import base64
import binascii
import email
import email.header
import email.policy
import hashlib
import json
import re
import subprocess
import sys


def decoded(name):
    if name is None or "=?" not in name:
        return name
    try:
        return str(email.header.make_header(email.header.decode_header(
            name)))
    except Exception:
        return name


def clean(name):
    if name is None:
        return None
    name = re.split(r"[/\\]", name)[-1]
    # utf8_clean(): CR and LF become spaces, other controls are dropped.
    name = "".join(" " if c in "\r\n" else c for c in name
                   if c in "\r\n\t" or (ord(c) >= 0x20 and ord(c) != 0x7f))
    name = " ".join(name.split())
    return name or None


def broken_base64(raw):
    """Is some base64 part invalid? Decoders may then rightly differ."""
    m = email.message_from_bytes(raw, policy=email.policy.compat32)
    for p in m.walk():
        if p.is_multipart():
            continue
        if (p.get("Content-Transfer-Encoding") or "").strip().lower() != \
                "base64":
            continue
        body = re.sub(rb"\s+", b"", p.get_payload().encode("ascii",
                                                           "replace"))
        try:
            base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return True
    return False


def python_parts(raw):
    m = email.message_from_bytes(raw, policy=email.policy.compat32)
    out = []
    for p in m.walk():
        if p.is_multipart() or p.get_content_type() == "message/rfc822":
            continue
        ctype = p.get_content_type()
        name = p.get_filename()
        disp = (p.get("Content-Disposition") or "").split(";")[0].strip()
        if name is None and disp.lower() != "attachment" and \
                ctype in ("text/plain", "text/html"):
            continue
        data = p.get_payload(decode=True) or b""
        out.append((clean(decoded(name)), len(data),
                    hashlib.sha256(data).hexdigest()))
    return sorted(out, key=lambda t: (t[2], str(t[0])))


def main():
    sertel, files = sys.argv[1], sys.argv[2:]
    n = failed = 0
    for f in files:
        raw = open(f, "rb").read()
        out = subprocess.run([sertel, "parse", f], capture_output=True)
        line = out.stdout.decode("utf-8", "replace").strip()
        try:
            got = json.loads(line)
        except ValueError:
            got = {"error": "no JSON"}
        if "error" in got:
            # sertel refuses it (a hostile structure): nothing to compare.
            continue
        if broken_base64(raw):
            print("# %s: invalid base64, decoders may differ: skipped" % f)
            continue
        mine = sorted(((clean(p["filename"]), p["size"], p["sha256"])
                       for p in got["parts"]
                       if p["content_type"] != "message/delivery-status"),
                      key=lambda t: (t[2], str(t[0])))
        theirs = python_parts(raw)
        n += 1
        same_bytes = [(s, h) for _, s, h in mine] == \
            [(s, h) for _, s, h in theirs]
        same_names = [t[0] for t in mine] == [t[0] for t in theirs]
        if same_bytes and same_names:
            print("ok %d - %s: %d parts agree" % (n, f, len(mine)))
        else:
            failed += 1
            print("not ok %d - %s" % (n, f))
            print("#   sertel: %s" % mine)
            print("#   python: %s" % theirs)
    print(n, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
