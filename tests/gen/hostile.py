#!/usr/bin/python3
"""Write the hostile-input catalogue (tests/hostile/cases.tsv) as a Maildir.

usage: hostile.py OUTDIR   -> OUTDIR/new/NN-NAME, one message per case.
Each message's Message-ID is <NAME@hostile.test>, so a checker can find it.
"""
import base64
import io
import os
import struct
import sys
import zipfile
import zlib

out = sys.argv[1]
for d in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(out, d), exist_ok=True)

FROM = "Uji Coba <uji.coba@pekalongankota.go.id>"


def head(name, extra="", ctype="text/plain; charset=utf-8", frm=FROM,
         subject="Permohonan TTE"):
    return ("From: %s\r\nTo: layanan.tte@pekalongankota.go.id\r\n"
            "Subject: %s\r\nMessage-ID: <%s@hostile.test>\r\n"
            "Date: Mon, 23 Nov 2026 09:00:00 +0700\r\nMIME-Version: 1.0\r\n"
            "%sContent-Type: %s\r\n\r\n" % (frm, subject, name, extra, ctype))


def att(b, name_hdr, data, ctype="application/octet-stream", enc=True):
    body = base64.encodebytes(data).decode().replace("\n", "\r\n") \
        if enc else data.decode("latin-1")
    return ("--%s\r\nContent-Type: %s\r\nContent-Disposition: attachment; "
            "%s\r\n%s\r\n%s\r\n" % (b, ctype, name_hdr,
                                    "Content-Transfer-Encoding: base64\r\n"
                                    if enc else "", body))


def mixed(name, parts, extra="", frm=FROM, subject="Permohonan TTE",
          close=True):
    b = "BOUNDARY"
    s = head(name, extra, 'multipart/mixed; boundary="%s"' % b, frm, subject)
    s += "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" \
        "Nama : Uji Coba\r\nNIK : 3375011203850003\r\n\r\n" % b
    for p in parts:
        s += p
    if close:
        s += "--%s--\r\n" % b
    return s


def png(w, h):
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def zipped(files, level=9):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=level) as z:
        for n, d in files:
            z.writestr(n, d)
    return bio.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
cases = {}

# MIME structure
s = head("deep-nesting", ctype='multipart/mixed; boundary="b0"')
for i in range(1, 1001):
    s += '--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' \
        % (i - 1, i)
cases["deep-nesting"] = s + "--b1000--\r\n"
cases["many-parts"] = mixed("many-parts", [
    "--BOUNDARY\r\nContent-Type: text/plain\r\n\r\nx\r\n"] * 1000)
cases["huge-header-line"] = head("huge-header-line",
                                 "X-Junk: " + "a" * 200000 + "\r\n") + "hi\r\n"
cases["nul-in-header"] = head("nul-in-header",
                              "X-Bad: a\0b\r\n") + "hi\r\n"
cases["long-boundary"] = head("long-boundary",
                              ctype='multipart/mixed; boundary="%s"'
                              % ("x" * 200)) + "--%s--\r\n" % ("x" * 200)
cases["missing-final-boundary"] = mixed(
    "missing-final-boundary",
    [att("BOUNDARY", 'filename="Surat Permohonan.pdf"', PDF)], close=False)
cases["bad-base64"] = mixed("bad-base64", [
    "--BOUNDARY\r\nContent-Type: application/pdf\r\nContent-Disposition: "
    "attachment; filename=\"SK Jabatan.pdf\"\r\nContent-Transfer-Encoding: "
    "base64\r\n\r\n!!!*** not base64 ***===\r\n@@@@\r\n"])
# Names that try to leave the document directory
cases["rfc2231-traversal"] = mixed("rfc2231-traversal", [
    att("BOUNDARY", "filename*=UTF-8''%2e%2e%2f%2e%2e%2fetc%2fpasswd", PDF)])
cases["plain-traversal"] = mixed("plain-traversal", [
    att("BOUNDARY", 'filename="../../../tmp/evil.pdf"', PDF) +
    ""])
cases["content-id-traversal"] = mixed("content-id-traversal", [
    "--BOUNDARY\r\nContent-Type: image/png\r\nContent-ID: <../../x@y>\r\n"
    "Content-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + base64.b64encode(png(10, 10)).decode() + "\r\n"])
# Archives
cases["zip-bomb"] = mixed("zip-bomb", [att(
    "BOUNDARY", 'filename="dokumen.zip"',
    zipped([("KTP.jpg", b"\0" * (50 << 20))]))])
cases["nested-zip"] = mixed("nested-zip", [att(
    "BOUNDARY", 'filename="dokumen.zip"',
    zipped([("inner.zip", zipped([("KTP.jpg", b"x")])),
            ("Surat Permohonan.pdf", PDF)]))])
# Header injection through decoded words into reply headers
cases["crlf-display-name"] = mixed(
    "crlf-display-name", [],
    frm="=?UTF-8?Q?Evil=0D=0ABcc:_victim@evil.example?= "
        "<uji.crlf@pekalongankota.go.id>",
    subject="=?UTF-8?Q?hi=0D=0ABcc:_victim@evil.example?=")
# Files that lie about what they are
cases["exec-as-jpeg"] = mixed("exec-as-jpeg", [att(
    "BOUNDARY", 'filename="KTP.jpg"', b"\x7fELF\x02\x01\x01" + b"\0" * 100,
    "image/jpeg")])
cases["png-60000"] = mixed("png-60000", [att(
    "BOUNDARY", 'filename="KTP.png"', png(60000, 60000), "image/png")])
cases["truncated-jpeg"] = mixed("truncated-jpeg", [att(
    "BOUNDARY", 'filename="KTP.jpg"', b"\xff\xd8\xff\xe0\0\x10JFIF\0",
    "image/jpeg")])
cases["gif-ktp"] = mixed("gif-ktp", [att(
    "BOUNDARY", 'filename="KTP.gif"', b"GIF89a" + b"\0" * 20, "image/gif")])
# Bodies
cases["html-deep"] = head("html-deep", ctype="text/html; charset=utf-8") + \
    "<div>" * 100000 + "Nama : Uji Dalam" + "</div>" * 100000 + "\r\n"
cases["utf7-meta"] = head("utf7-meta", ctype="text/html") + \
    '<meta charset="utf-7"><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-' \
    '</p><p>Nama : Uji Tujuh</p>\r\n'
cases["invalid-utf8"] = head("invalid-utf8") + \
    "Nama : Uji \udcff\udcfe Rusak\r\n".encode(
        "utf-8", "surrogateescape").decode("latin-1")
cases["utf16-body"] = head(
    "utf16-body", "Content-Transfer-Encoding: base64\r\n",
    "text/plain; charset=utf-16") + base64.encodebytes(
    "Nama : Uji Enambelas\r\nNIK : 3375011203850003\r\n".encode("utf-16")
).decode().replace("\n", "\r\n")
cases["own-address"] = head(
    "own-address", frm="Layanan TTE <layanan.tte@pekalongankota.go.id>") + \
    "loop\r\n"
cases["forged-id-subject"] = head(
    "forged-id-subject", frm="Orang Lain <orang.lain@pekalongankota.go.id>",
    subject="Re: [SE-2026-000001] tambahan") + "Nama : Orang Lain\r\n"

for i, (name, text) in enumerate(cases.items()):
    data = text.encode("latin-1") if isinstance(text, str) else text
    with open(os.path.join(out, "new", "%02d-%s" % (i, name)), "wb") as f:
        f.write(data)
