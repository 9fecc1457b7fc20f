#!/usr/bin/python3
"""Checks on sertel's letters and mail for tests/cli/0007-letter.t.

usage: check_letter.py COMMAND ARGS

  codes LIST.json PEOPLE.json      request codes of the people, in order
  fields PDF PEOPLE.json[@i,j..]...
                                   every field of every applicant, rows
                                   numbered 1.. in the order given; the
                                   NIP as "YYYYMMDD YYYYMM G NNN"
  header PDF PEOPLE.json[@i,j..]...
                                   the table's header row on top of every
                                   page with an applicant's row; "Halaman
                                   P dari K" on every page
  fonts PDF                        pdffonts: fonts present, all embedded
  glyphs PDF                       every character shown has a glyph in
                                   its font (no .notdef boxes)
  flip PDF OUT                     OUT is PDF with one byte changed inside
                                   a stream in the middle of the first
                                   signed range
  mail MAILDIR --to A --code C --subject S [--body T]... [--pdf NAME]
       [--save FILE]               the one message of the outbox about C
                                   to A: subject, body, PDF attachment

Exit 0 when the check holds, 1 when not (reasons on stderr as "# ..."
lines), 2 on bad usage. Text is compared in NFC with all white space
removed, since table cells wrap anywhere.
"""

import argparse
import email
import email.policy
import html
import json
import mailbox
import re
import subprocess
import sys
import unicodedata


NDIAG = [0]


def diag(msg):
    """A "# " line on stderr; after 12 of them only a count."""
    NDIAG[0] += 1
    if NDIAG[0] <= 12:
        sys.stderr.write("# %s\n" % msg)


def diag_done():
    if NDIAG[0] > 12:
        sys.stderr.write("# (%d more)\n" % (NDIAG[0] - 12))


def squash(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s))


def pdftotext(pdf, *args):
    p = subprocess.run(["pdftotext", *args, pdf, "-"], capture_output=True)
    if p.returncode != 0:
        diag("pdftotext %s %s failed: %s" % (" ".join(args), pdf,
                                             p.stderr.decode()[-300:]))
        sys.exit(1)
    return p.stdout.decode("utf-8")


def load_people(spec):
    path, _, sel = spec.partition("@")
    with open(path, encoding="utf-8") as f:
        people = json.load(f)
    if sel:
        people = [people[int(i)] for i in sel.split(",")]
    return people


FIELDS = ["nama", "nik", "nip", "jabatan", "unit_kerja", "email"]


def cmd_codes(a):
    with open(a.list, encoding="utf-8") as f:
        reqs = json.load(f)
    by_mid = {}
    for r in reqs:
        for m in r.get("message_ids") or []:
            by_mid[m.strip("<>")] = r["id"]
    bad = 0
    for p in load_people(a.people):
        code = by_mid.get(p["message_id"])
        if code is None:
            diag("no request holds <%s>" % p["message_id"])
            bad = 1
            code = "-"
        print(code)
    return bad


def cmd_fields(a):
    """Rows in content order (pdftotext -raw): number, then the fields."""
    raw = pdftotext(a.pdf, "-raw")
    text = squash(raw)
    people = [p for spec in a.people for p in load_people(spec)]
    pos, bad = 0, 0
    for k, p in enumerate(people, 1):
        want = [("no+nama", "%d%s" % (k, p["nama"]))] + \
            [(f, p[f]) for f in FIELDS[1:]]
        for f, v in want:
            at = text.find(squash(v), pos)
            if at < 0:
                where = "anywhere" if text.find(squash(v)) < 0 else \
                    "after the previous field (out of order)"
                diag("row %d (%s): %s %r not found %s" % (
                    k, p["nama"], f, v, where))
                bad = 1
                continue
            pos = at + len(squash(v))
    # The NIP is printed in its groups: YYYYMMDD YYYYMM G NNN.
    spaced = " ".join(raw.split())
    for k, p in enumerate(people, 1):
        n = p["nip"]
        groups = "%s %s %s %s" % (n[:8], n[8:14], n[14], n[15:])
        if groups not in spaced:
            diag("row %d (%s): NIP not printed as \"%s\"" % (
                k, p["nama"], groups))
            bad = 1
    if not bad and len(people) > 1:
        diag("%d rows, %d fields each, in order" % (len(people),
                                                     len(FIELDS)))
    return bad


HEADER = ["No", "Nama", "NIK", "NIP", "Jabatan", "Unit", "Kerja", "E-mail"]
WORD = re.compile(r'<word xMin="[-\d.]+" yMin="([-\d.]+)"[^>]*>([^<]*)</word>')


def page_words(pdf):
    """Per page, the (yMin, word) boxes of pdftotext -bbox."""
    pages = pdftotext(pdf, "-bbox").split("<page ")[1:]
    return [[(float(y), html.unescape(w)) for y, w in WORD.findall(pg)]
            for pg in pages]


def cmd_header(a):
    """Each page whose text holds an applicant's NIK has the header row,
    and the header's line is above the first NIK (cells may wrap: the
    header is found as one line of its first words, its text as a run of
    the page's content, rows by the first digits of their NIKs)."""
    niks = [squash(p["nik"]) for spec in a.people for p in load_people(spec)]
    raw = pdftotext(a.pdf, "-raw").split("\f")
    boxes = page_words(a.pdf)
    total, bad, with_rows = len(boxes), 0, 0
    for pg in range(1, total + 1):
        text = squash(raw[pg - 1]) if pg - 1 < len(raw) else ""
        words = boxes[pg - 1]
        if squash("Halaman %d dari %d" % (pg, total)) not in text:
            diag("page %d: no \"Halaman %d dari %d\"" % (pg, pg, total))
            bad = 1
        if not any(n in text for n in niks):
            continue
        with_rows += 1
        if "".join(HEADER) not in text:
            diag("page %d has table rows but no header row" % pg)
            bad = 1
            continue
        lines = {}
        for y, w in words:
            lines.setdefault(round(y), set()).add(w)
        head = [y for y, ws in lines.items() if set(HEADER[:5]) <= ws]
        rows = [y for y, w in words if len(w) >= 4 and w.isdigit() and
                any(n.startswith(w) for n in niks)]
        if not head or not rows or min(head) > min(rows):
            diag("page %d: the header row is not above the rows" % pg)
            bad = 1
    if with_rows == 0:
        diag("no page has table rows")
        bad = 1
    diag("%d pages, %d with table rows" % (total, with_rows))
    return bad


def cmd_fonts(a):
    out = subprocess.run(["pdffonts", a.pdf], capture_output=True,
                         text=True)
    lines = out.stdout.splitlines()[2:]
    if out.returncode != 0 or not lines:
        diag("pdffonts %s: no fonts (%s)" % (a.pdf, out.stderr.strip()))
        return 1
    bad = 0
    for l in lines:
        t = l.split()
        # name type... encoding emb sub uni object-number generation
        if len(t) < 7 or t[-5] != "yes":
            diag("font not embedded: %s" % l)
            bad = 1
    return bad


# --- glyphs: a small reader over `qpdf --json` -----------------------------

def qpdf_objects(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf],
                         capture_output=True)
    if out.returncode not in (0, 3):
        diag("qpdf --json %s failed" % pdf)
        sys.exit(1)
    d = json.loads(out.stdout)
    return d["pages"], d["qpdf"][1]


def deref(objs, v):
    while isinstance(v, str) and v.endswith(" R"):
        o = objs.get("obj:" + v, {})
        v = o.get("value", o)
    return v


def stream_data(objs, ref):
    import base64
    o = objs.get("obj:" + ref, {})
    s = o.get("stream", {})
    return base64.b64decode(s.get("data", "")) if "data" in s else None


def font_maps(objs, resources):
    """Resource name -> (CIDToGIDMap bytes or None for Identity, name)."""
    fonts = deref(objs, deref(objs, resources).get("/Font", {}))
    maps = {}
    for name, ref in fonts.items():
        f = deref(objs, ref)
        if f.get("/Subtype") != "/Type0":
            continue
        desc = deref(objs, f["/DescendantFonts"])
        cid = deref(objs, desc[0])
        m = cid.get("/CIDToGIDMap", "/Identity")
        maps[name] = (stream_data(objs, m) if m != "/Identity" else None,
                      f.get("/BaseFont", name))
    return maps


TOKEN = re.compile(rb"/[^\s/<>\[\]()%]+|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)"
                   rb"|[-+.\d]+|[A-Za-z'\"*]+|\[|\]")


def literal(b):
    out, i = bytearray(), 1
    while i < len(b) - 1:
        c = b[i]
        if c == 0x5c:
            i += 1
            n = b[i:i + 1]
            if n.isdigit():
                j = i
                while j < i + 3 and b[j:j + 1].isdigit():
                    j += 1
                out.append(int(b[i:j], 8) & 255)
                i = j
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b",
                    b"f": b"\f"}.get(n, n)
        else:
            out.append(c)
        i += 1
    return bytes(out)


def shown_strings(content):
    """(font resource name, string bytes) for every string shown."""
    font, stack = None, []
    for t in TOKEN.findall(content):
        if t in (b"Tf",) and len(stack) >= 2:
            font = stack[-2].decode()
            stack = []
        elif t in (b"Tj", b"TJ", b"'", b'"'):
            for s in stack:
                if s.startswith(b"<"):
                    yield font, bytes.fromhex(s[1:-1].decode())
                elif s.startswith(b"("):
                    yield font, literal(s)
            stack = []
        elif re.match(rb"[A-Za-z*]+$", t) and t not in (b"Tf",):
            stack = []
        else:
            stack.append(t)


def cmd_glyphs(a):
    pages, objs = qpdf_objects(a.pdf)
    missing, shown = {}, 0
    for n, pg in enumerate(pages, 1):
        page = deref(objs, pg["object"])
        maps = font_maps(objs, page.get("/Resources", {}))
        for c in pg.get("contents", []):
            data = stream_data(objs, c) or b""
            for font, s in shown_strings(data):
                if font not in maps:
                    continue
                gmap, base = maps[font]
                for k in range(0, len(s) - 1, 2):
                    cid = s[k] << 8 | s[k + 1]
                    shown += 1
                    if gmap is None:
                        continue
                    gid = gmap[2 * cid] << 8 | gmap[2 * cid + 1] \
                        if 2 * cid + 1 < len(gmap) else 0
                    if gid == 0:
                        key = (base, cid)
                        missing.setdefault(key, set()).add(n)
    for (base, cid), pgs in sorted(missing.items()):
        diag("no glyph for U+%04X %s in %s (page %s): drawn as a box" % (
            cid, chr(cid), base.lstrip("/"), ",".join(map(str, sorted(pgs)))))
    if shown == 0:
        diag("no text shown with a CID font")
        return 1
    return 1 if missing else 0


# --- flip ----------------------------------------------------------------

def cmd_flip(a):
    data = bytearray(open(a.pdf, "rb").read())
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]",
                  bytes(data))
    if not m:
        diag("%s: no /ByteRange" % a.pdf)
        return 1
    start, length = int(m.group(1)), int(m.group(2))
    mid = start + length // 2
    # A byte of stream data near the middle, so the file still parses.
    best = None
    for s in re.finditer(rb"stream\r?\n", bytes(data[start:start + length])):
        b = start + s.end()
        e = data.find(b"endstream", b)
        if e < 0 or e - b < 16:
            continue
        at = min(max(mid, b + 4), e - 4)
        if best is None or abs(at - mid) < abs(best - mid):
            best = at
    if best is None:
        diag("%s: no stream in the first signed range" % a.pdf)
        return 1
    data[best] ^= 0x01
    open(a.out, "wb").write(data)
    print(best)
    return 0


# --- mail ----------------------------------------------------------------

def cmd_mail(a):
    md = mailbox.Maildir(a.maildir, factory=None, create=False)
    found = []
    for key in md.iterkeys():
        raw = md.get_bytes(key)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if (msg.get("X-Sertel-Request", "") == a.code and
                a.to.lower() in str(msg.get("To", "")).lower() and
                a.subject in str(msg.get("Subject", ""))):
            found.append(msg)
    if len(found) != 1:
        diag("%d messages about %s to %s with \"%s\" in the subject" % (
            len(found), a.code, a.to, a.subject))
        return 1
    msg, bad = found[0], 0
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body else ""
    for want in a.body or []:
        if squash(want) not in squash(text):
            diag("the body lacks \"%s\"" % want)
            bad = 1
    pdfs = [p for p in msg.iter_attachments()
            if p.get_content_type() == "application/pdf"]
    if a.pdf is not None:
        if not msg.is_multipart() or len(pdfs) != 1:
            diag("not multipart with one PDF (%s, %d PDFs)" % (
                msg.get_content_type(), len(pdfs)))
            return 1
        data = pdfs[0].get_content()
        if pdfs[0].get_filename() != a.pdf:
            diag("attachment named %r, not %r" % (pdfs[0].get_filename(),
                                                  a.pdf))
            bad = 1
        if not data.startswith(b"%PDF-"):
            diag("the attachment is not a PDF")
            bad = 1
        if a.save:
            open(a.save, "wb").write(data)
    elif pdfs:
        diag("unexpected PDF attachment")
        bad = 1
    return bad


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("codes")
    p.add_argument("list")
    p.add_argument("people")
    p = sub.add_parser("fields")
    p.add_argument("pdf")
    p.add_argument("people", nargs="+")
    p = sub.add_parser("header")
    p.add_argument("pdf")
    p.add_argument("people", nargs="+")
    for name in ("fonts", "glyphs"):
        sub.add_parser(name).add_argument("pdf")
    p = sub.add_parser("flip")
    p.add_argument("pdf")
    p.add_argument("out")
    p = sub.add_parser("mail")
    p.add_argument("maildir")
    p.add_argument("--to", required=True)
    p.add_argument("--code", required=True)
    p.add_argument("--subject", required=True)
    p.add_argument("--body", action="append")
    p.add_argument("--pdf")
    p.add_argument("--save")
    a = ap.parse_args()
    rv = globals()["cmd_" + a.cmd](a)
    diag_done()
    return rv


if __name__ == "__main__":
    sys.exit(main())
