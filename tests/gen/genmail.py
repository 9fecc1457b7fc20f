#!/usr/bin/python3
"""Generate a random but reproducible inbox of requests for sertel.

usage: genmail.py --seed N --count K --out DIR [--check]

Writes DIR/inbox (a Maildir: new/ cur/ tmp/; sorted file names are the
processing order) and DIR/expected.json, the ground truth in the format of
tests/data/samples-expected.json (see samples/README.md).  The same seed
gives the same bytes; another seed gives other people, mail clients,
charsets, file names, missing documents, follow-ups and automatic mail.
--check parses what was written with Python's email package and compares
it with the ground truth (attachment names, Message-IDs, threading, sizes).

Expectations follow the intake rules: a document's type comes from its
file name when the name says it, else from the title at the top of a PDF,
else a KTP by the look of the image; a forwarded message's documents belong
to its inner sender; ZIP members count under their own names; status is
"received" when all five documents are present and usable, otherwise
"incomplete"; a greyscale KTP is present (not in missing_after) but not
usable.  Needs Debian's python3-pil, python3-reportlab, fonts-dejavu-core.
"""

import argparse
import base64
import datetime
import email
import email.policy
import html
import io
import json
import os
import quopri
import random
import re
import sys
import urllib.parse
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genmail_docs as G  # noqa: E402

TO_ADDR = "layanan.tte@pekalongankota.go.id"
MAILDIR_STAMP = 1764000000
# A sanity cap on one generated mail: five documents and a KTP scan come to
# 100-220 KB (a clock seed once made 215 KB against a 200 KB cap, and the
# crash test then had no inbox); real mail clients allow far more.
MAX_MSG = 400 * 1024
DOC_TYPES = G.DOC_TYPES
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]
HARI = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

# ---------------------------------------------------------------------------
# MIME text helpers (everything CRLF; bodies already transfer-encoded)
# ---------------------------------------------------------------------------


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def b64_body(data):
    return base64.encodebytes(data).decode("ascii").replace("\n", "\r\n")


def rid(rng, n, alphabet="0123456789abcdef"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid_from(rng, upper=False):
    h = rid(rng, 32)
    s = "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16],
                               "89ab"[int(h[16], 16) % 4], h[17:20], h[20:32])
    return s.upper() if upper else s


def is_ascii(s):
    return all(ord(c) < 128 for c in s)


LATIN1_SUBST = {"\u2013": "-", "\u2014": "-", "\u201c": '"', "\u201d": '"',
                "\u2018": "'", "\u2019": "'", "\u2022": "-", "\u2026": "..."}


def for_charset(text, charset):
    """Text that the charset can carry (iso-8859-1 lacks dashes, quotes)."""
    if charset.lower() in ("iso-8859-1", "us-ascii"):
        for a, b in LATIN1_SUBST.items():
            text = text.replace(a, b)
    if charset.lower() == "us-ascii":
        text = text.encode("ascii", "replace").decode("ascii")
    return text


def ew_b(text, charset="utf-8", maxlen=75):
    """RFC 2047 B encoded words, split on character boundaries."""
    words, cur = [], ""
    pre = "=?%s?B?" % charset
    for ch in text:
        trial = cur + ch
        enc = base64.b64encode(trial.encode(charset)).decode()
        if len(pre) + len(enc) + 2 > maxlen and cur:
            words.append(pre + base64.b64encode(cur.encode(charset)).decode()
                         + "?=")
            cur = ch
        else:
            cur = trial
    if cur:
        words.append(pre + base64.b64encode(cur.encode(charset)).decode()
                     + "?=")
    return words


def ew_q(text, charset="utf-8", maxlen=75):
    """RFC 2047 Q encoded words."""
    pre = "=?%s?Q?" % charset
    words, cur = [], ""
    for ch in text:
        if ch == " ":
            enc = "_"
        elif re.match(r"[A-Za-z0-9!*+\-/]", ch):
            enc = ch
        else:
            enc = "".join("=%02X" % x for x in ch.encode(charset))
        if len(pre) + len(cur) + len(enc) + 2 > maxlen and cur:
            words.append(pre + cur + "?=")
            cur = ""
        cur += enc
    if cur:
        words.append(pre + cur + "?=")
    return words


def subject_hdr(rng, subject, charset="utf-8", kind=None):
    if is_ascii(subject):
        return subject
    kind = kind or rng.choice("QB")
    words = (ew_q if kind == "Q" else ew_b)(for_charset(subject, charset),
                                            charset, 74)
    return "\r\n ".join(words)


def rfc2231_params(rng, param, value, charset="UTF-8"):
    """One filename*= piece, or filename*0*/filename*1*... continuations
    cut at a random point (between, never inside, %XX escapes)."""
    enc = urllib.parse.quote(value.encode(charset), safe="!#$&+-.^_`|~")
    if 1 + len(param) + 2 + len(charset) + 2 + len(enc) <= 78 and \
            rng.random() < 0.7:
        return ["%s*=%s''%s" % (param, charset, enc)]
    chunk = rng.randint(20, 58)
    pieces, i = [], 0
    while i < len(enc):
        j = min(i + chunk, len(enc))
        if j < len(enc):
            if enc[j - 1] == "%":
                j -= 1
            elif enc[j - 2] == "%":
                j -= 2
        pieces.append(enc[i:j])
        i = j
    out = []
    for n, piece in enumerate(pieces):
        if n == 0:
            out.append("%s*0*=%s''%s" % (param, charset, piece))
        else:
            out.append("%s*%d*=%s" % (param, n, piece))
    return out


def rfc2231_ascii_cont(param, value, chunk=40):
    """Long ASCII names as plain continuations: name*0="..."; name*1=..."""
    pieces = [value[i:i + chunk] for i in range(0, len(value), chunk)]
    return ['%s*%d="%s"' % (param, n, piece) for n, piece in enumerate(pieces)]


def flowed(text, width=72):
    out = []
    for line in text.split("\n"):
        if line == "-- ":
            out.append(line)
            continue
        line = line.rstrip(" ")
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(line[:cut + 1])
            line = line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def part(headers, body):
    return "\r\n".join(headers) + "\r\n\r\n" + body


def multipart_body(boundary, parts, preamble=None):
    out = ""
    if preamble is not None:
        out += preamble + "\r\n"
    for p in parts:
        out += "--" + boundary + "\r\n" + p
        if not p.endswith("\r\n"):
            out += "\r\n"
    out += "--" + boundary + "--\r\n"
    return out


def multipart(ctype_hdr, boundary, parts, preamble=None):
    return part([ctype_hdr], multipart_body(boundary, parts, preamble))


def text_part(rng, ctype, text, charset, cte, params="", extra=None):
    """A text part; cte one of qp, b64, 7bit, 8bit (8bit only for UTF-8).
    7bit falls back to quoted-printable when the text needs it."""
    text = for_charset(text, charset).replace("\r\n", "\n")
    raw = text.encode(charset)
    long_line = any(len(l) > 900 for l in text.split("\n"))
    if cte == "7bit" and (not is_ascii(text) or long_line):
        cte = "qp"
    if cte == "8bit" and (charset.lower() != "utf-8" or long_line):
        cte = "qp"
    ch = charset if rng.random() < 0.5 else '"%s"' % charset
    hdrs = ["Content-Type: %s; charset=%s%s" % (ctype, ch, params)]
    if cte == "qp":
        hdrs.append("Content-Transfer-Encoding: quoted-printable")
        body = quopri.encodestring(raw, quotetabs=False).decode("ascii")
        body = crlf(body)
    elif cte == "b64":
        hdrs.append("Content-Transfer-Encoding: base64")
        body = b64_body(raw)
    else:
        if rng.random() < 0.6:
            hdrs.append("Content-Transfer-Encoding: " + cte)
        body = crlf(text)
        if not body.endswith("\r\n"):
            body += "\r\n"
    return part(hdrs + (extra or []), body)


def date_hdr(dt):
    return "%s, %d %s %d %02d:%02d:%02d +0700" % (
        DAYS[dt.weekday()], dt.day, MONTHS[dt.month - 1], dt.year, dt.hour,
        dt.minute, dt.second)


def envelope(rng, sender, dt, client_ip, helo):
    when = date_hdr(dt + datetime.timedelta(seconds=rng.randint(1, 9)))
    qid = rid(rng, 10, "0123456789ABCDEF")
    return [
        "Return-Path: <%s>" % sender,
        "Delivered-To: " + TO_ADDR,
        "Received: from mx.pekalongankota.go.id\r\n\tby mx.pekalongankota"
        ".go.id with LMTP\r\n\tid %s\r\n\t(envelope-from <%s>)\r\n\t"
        "for <%s>; %s" % (rid(rng, 22, ALNUM), sender, TO_ADDR, when),
        "Received: from %s (%s [%s])\r\n\tby mx.pekalongankota.go.id "
        "(Postfix) with ESMTPS id %s\r\n\tfor <%s>; %s"
        % (helo, helo if not helo.startswith("[") else "unknown", client_ip,
           qid, TO_ADDR, when)]


def display(name, addr, quote=None):
    if quote or re.search(r"[,.()<>@;:\"]", name):
        return '"%s" <%s>' % (name.replace('"', ""), addr)
    return "%s <%s>" % (name, addr)


# ---------------------------------------------------------------------------
# File names
# ---------------------------------------------------------------------------

NAMES = {
    "surat_permohonan": [
        "Surat Permohonan.pdf", "Surat Permohonan {nick}.pdf",
        "surat permohonan TTE.pdf", "SURAT PERMOHONAN.pdf",
        "Permohonan Sertifikat Elektronik.pdf", "Surat_Permohonan_{nick}.pdf",
        "surat permohonan {nick_l}.pdf", "Surat Permohonan TTE {full}.pdf",
        "Surat Pengajuan TTE.pdf", "Permohonan TTE.pdf"],
    "formulir_pendaftaran": [
        "Formulir Pendaftaran.pdf", "form_pendaftaran.pdf",
        "Formulir Pendaftaran {nick}.pdf", "FORMULIR PENDAFTARAN.PDF",
        "Formulir.pdf", "Formulir Pendaftaran Sertifikat Elektronik.pdf",
        "formulir_pendaftaran_{nick_l}.pdf", "Form Pendaftaran TTE.pdf",
        "Formulir Pendaftaran TTE {full}.pdf"],
    "surat_rekomendasi": [
        "Surat Rekomendasi.pdf", "SR {nick}.pdf",
        "Surat Rekomendasi Atasan.pdf",
        "surat rekomendasi.pdf", "Rekomendasi Kepala.pdf", "SR.pdf",
        "Surat Rekomendasi {nick}.pdf", "rekomendasi_atasan.pdf",
        "SURAT REKOMENDASI.pdf"],
    "ktp": [
        "KTP.jpg", "e-KTP.jpg", "Scan KTP Berwarna.jpg", "KTP {nick}.jpg",
        "ktp_{nick_l}.jpeg", "Scan e-KTP {nick}.jpg", "ktp {full_l}.jpg",
        "KTP_{nick}.jpeg", "foto ktp.jpg", "E-KTP {full}.jpg", "KTP.JPG",
        "SCAN KTP {nick_u}.JPG"],
    "sk_jabatan": [
        "Petikan SK.pdf", "SK Jabatan Terakhir.pdf", "SK {nick}.pdf",
        "SK Pengangkatan.pdf", "Petikan Keputusan.pdf", "SK Jabatan.pdf",
        "sk_jabatan_{nick_l}.pdf", "SK Pengangkatan {nick}.pdf",
        "Petikan SK Jabatan {nick}.pdf", "SK Jabatan Terakhir {full}.pdf",
        "SK.PDF"],
    "drh": ["Daftar Riwayat Hidup.pdf", "DRH {nick}.pdf", "CV {nick}.pdf"],
}
# Names with characters outside ASCII (RFC 2047 / RFC 2231 encoded on the wire)
NAMES_FANCY = {
    "surat_permohonan": ["Surat Permohonan \u2013 {full}.pdf",
                         "Surat Permohonan Sertifikat BSR\u00e9 {nick}.pdf"],
    "formulir_pendaftaran": [
        "Formulir Pendaftaran BSR\u00e9.pdf",
        "Formulir Pendaftaran Sertifikat Elektronik BSR\u00e9 \u2013 "
        "{full}.pdf"],
    "surat_rekomendasi": ["Surat Rekomendasi \u2013 {nick}.pdf",
                          "Surat Rekomendasi Atasan \u2013 {full}.pdf"],
    "ktp": ["Scan KTP \u2013 {nick}.jpg", "KTP \u2013 {full}.jpg"],
    "sk_jabatan": ["SK Jabatan \u2013 {nick}.pdf",
                   "Petikan SK Pengangkatan \u2013 {full}.pdf"],
    "drh": ["Daftar Riwayat Hidup \u2013 {nick}.pdf"],
}
# Long ASCII names (Thunderbird cuts them in RFC 2231 continuations)
NAMES_LONG = {
    "surat_permohonan": "Surat Permohonan Penerbitan Sertifikat Elektronik "
                        "{full}.pdf",
    "formulir_pendaftaran": "Formulir Pendaftaran Sertifikat Elektronik "
                            "Individu {full}.pdf",
    "surat_rekomendasi": "Surat Rekomendasi Atasan Langsung untuk "
                         "Sertifikat Elektronik {full}.pdf",
    "ktp": "Scan KTP Berwarna {full} (depan).jpg",
    "sk_jabatan": "SK Jabatan Terakhir Pengangkatan dalam Jabatan {full}.pdf",
    "drh": "Daftar Riwayat Hidup Pegawai {full}.pdf",
}


class Namer:
    """File names for one request (unique across all its messages)."""

    def __init__(self, rng, p, dt):
        self.rng, self.p, self.dt = rng, p, dt
        self.used = set()
        self.scan_no = rng.randint(1, 30)

    def _fmt(self, pat):
        p = self.p
        return pat.format(nick=p.nick, nick_l=p.nick.lower(), full=p.full,
                          full_l=p.full.lower(), nick_u=p.nick.upper())

    def take(self, name):
        base, dot, ext = name.rpartition(".")
        n = 1
        cand = name
        while cand.lower() in self.used:
            n += 1
            cand = "%s (%d).%s" % (base, n, ext)
        self.used.add(cand.lower())
        return cand

    def named(self, dtype, style="plain"):
        rng = self.rng
        if style == "fancy" and dtype in NAMES_FANCY:
            pat = rng.choice(NAMES_FANCY[dtype])
        elif style == "long" and dtype in NAMES_LONG:
            pat = NAMES_LONG[dtype]
        else:
            pat = rng.choice(NAMES[dtype])
        return self.take(self._fmt(pat))

    def generic_pdf(self, scan):
        rng, dt = self.rng, self.dt - datetime.timedelta(
            minutes=self.rng.randint(5, 600))
        if scan:
            pat = rng.choice(["cam", "scan", "scan", "epson"])
            if pat == "cam":
                name = "CamScanner %02d-%02d-%04d %02d.%02d.pdf" % (
                    dt.day, dt.month, dt.year, dt.hour, dt.minute)
            elif pat == "epson":
                name = "Scan_%04d%02d%02d_%02d%02d%02d.pdf" % (
                    dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
            else:
                self.scan_no += rng.randint(1, 3)
                name = ("scan%04d.pdf" if rng.random() < 0.8 else
                        "SCAN%04d.PDF") % self.scan_no
        else:
            name = rng.choice(["document.pdf", "Doc%d.pdf" % rng.randint(1, 9),
                               "dokumen%d.pdf" % rng.randint(1, 9),
                               "lampiran %d.pdf" % rng.randint(1, 5),
                               "file_%d.pdf" % rng.randint(100, 999)])
        return self.take(name)

    def generic_img(self):
        rng = self.rng
        dt = self.dt - datetime.timedelta(minutes=rng.randint(3, 300),
                                          seconds=rng.randint(0, 59))
        ymd = "%04d%02d%02d" % (dt.year, dt.month, dt.day)
        hms = "%02d%02d%02d" % (dt.hour, dt.minute, dt.second)
        name = rng.choice([
            "IMG_%s_%s.jpg" % (ymd, hms), "image0.jpeg",
            "WhatsApp Image %04d-%02d-%02d at %02d.%02d.%02d.jpeg" % (
                dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second),
            "%s_%s.jpg" % (ymd, hms),
            "PXL_%s_%s%03d.jpg" % (ymd, hms, rng.randint(0, 999)),
            "DSC_%04d.JPG" % rng.randint(1, 9999),
            "IMG-%s-WA%04d.jpg" % (ymd, rng.randint(1, 60))])
        return self.take(name)


# ---------------------------------------------------------------------------
# Body text
# ---------------------------------------------------------------------------

LABELS = {
    "nama": ["Nama", "Nama Lengkap", "Nama Lengkap", "Nama Pemohon",
             "Nama Lengkap (beserta gelar)"],
    "nik": ["NIK", "NIK", "NIK", "No. NIK", "Nomor Induk Kependudukan"],
    "nip": ["NIP", "NIP", "NIP", "NIP.", "No. NIP"],
    "pangkat_golongan": ["Pangkat/Golongan", "Pangkat/Golongan",
                         "Pangkat / Gol.", "Pangkat/Gol. Ruang", "Golongan"],
    "jabatan": ["Jabatan", "Jabatan", "Nama Jabatan"],
    "unit_kerja": ["Unit Kerja", "Unit Kerja", "OPD", "Unit Organisasi"],
    "instansi": ["Instansi", "Instansi", "Asal Instansi"],
    "email_dinas": ["Email Dinas", "E-mail", "Email", "E-mail Dinas",
                    "Alamat Email Dinas", "Email dinas (go.id)"],
    "no_hp": ["No. HP", "Telepon", "No. HP/WA", "No HP", "Nomor HP", "Telp"],
}
FIELDS = ["nama", "nik", "nip", "pangkat_golongan", "jabatan", "unit_kerja",
          "instansi", "email_dinas", "no_hp"]
FIELD_P = {"pangkat_golongan": 0.9, "jabatan": 0.9, "unit_kerja": 0.9,
           "instansi": 0.55, "email_dinas": 0.85, "no_hp": 0.8}
DOC_LABEL = {"surat_permohonan": "surat permohonan",
             "formulir_pendaftaran": "formulir pendaftaran",
             "surat_rekomendasi": "surat rekomendasi atasan",
             "ktp": "scan KTP berwarna", "sk_jabatan": "SK jabatan terakhir"}

GREETINGS = ["Yth. Admin Layanan TTE Diskominfo Kota Pekalongan,",
             "Selamat pagi,", "Selamat siang Bapak/Ibu,",
             "Kepada Yth. Verifikator Sertifikat Elektronik",
             "Assalamualaikum wr. wb.", "Dengan hormat,",
             "Yth. Bapak/Ibu Admin TTE,"]
INTROS = [
    "Bersama ini saya mengajukan permohonan penerbitan sertifikat "
    "elektronik (TTE) dengan data sebagai berikut:",
    "Saya bermaksud mengajukan permohonan sertifikat elektronik untuk "
    "keperluan tanda tangan elektronik. Data saya:",
    "Mohon dapat diproses permohonan sertifikat elektronik BSrE atas nama "
    "saya, dengan data berikut:",
    "Dengan hormat, saya mengajukan permohonan penerbitan Sertifikat "
    "Elektronik BSR\u00e9 untuk aplikasi \u201cSRIKANDI\u201d \u2013 data "
    "sebagai berikut:",
    "Berikut saya sampaikan data untuk pengajuan sertifikat elektronik:",
]
INTROS_NOFORM = [
    "Bersama ini saya kirimkan berkas permohonan sertifikat elektronik. "
    "Data lengkap ada di formulir pendaftaran terlampir.",
    "Berikut berkas untuk permohonan TTE, data diri sudah saya isi pada "
    "formulir. Mohon diproses.",
]
CLOSINGS = ["Terima kasih.", "Atas perhatiannya saya ucapkan terima kasih.",
            "Demikian, atas kerja samanya kami ucapkan terima kasih.",
            "Mohon informasinya apabila masih ada kekurangan berkas.",
            "Wassalamualaikum wr. wb."]
SIGNOFF = ["Salam,", "Hormat saya,", "Terima kasih,", "Salam hormat,", ""]


class Body:
    """A mail body: paragraphs, form rows, more paragraphs, signature and
    (for replies) a quoted original."""

    def __init__(self, before, rows, after, sig, quote=None, style=None):
        self.before, self.rows, self.after = before, rows, after
        self.sig, self.quote, self.style = sig, quote, style or {}


def form_style(rng):
    case = rng.choices(["as", "upper", "lower", "title"], [75, 12, 6, 7])[0]
    return dict(
        case=case,
        sep=rng.choice([" : ", ": ", " :  ", "  : ", "\t: ", ":\t", " :"]),
        pad=rng.random() < 0.3,
        prefix=rng.choices(["", "num", "dash", "paren"], [78, 9, 9, 4])[0],
        cells=rng.choices([2, 3, "colon"], [60, 30, 10])[0],
        header=rng.random() < 0.3)


def form_rows(rng, p):
    """(label, value) rows of the form as this applicant writes it."""
    vals = G.form_of(p)
    if rng.random() < 0.15:
        vals["nik"] = G.nik_grouped(p.nik)
    if rng.random() < 0.3:
        vals["nip"] = G.nip_spaced(p.nip)
    rows = []
    for f in FIELDS:
        if f in FIELD_P and rng.random() > FIELD_P[f]:
            continue
        rows.append((rng.choice(LABELS[f]), vals[f]))
    return rows


def case_label(label, case):
    return {"as": label, "upper": label.upper(), "lower": label.lower(),
            "title": label.title()}[case]


def form_lines(rows, st):
    labels = [case_label(l, st.get("case", "as")) for l, _ in rows]
    width = max(len(l) for l in labels) if labels else 0
    out = []
    for i, (label, (_, value)) in enumerate(zip(labels, rows)):
        pre = {"": "", "num": "%d. " % (i + 1), "dash": "- ",
               "paren": "%d) " % (i + 1)}[st.get("prefix", "")]
        if st.get("pad"):
            label = label.ljust(width)
        out.append(pre + label + st.get("sep", " : ") + value)
    return out


def plain_of(body, tabs=False):
    lines = list(body.before)
    if body.rows:
        if tabs:
            lines += ["%s\t%s" % r for r in body.rows]
        else:
            lines += form_lines(body.rows, body.style)
    lines += body.after + body.sig
    text = "\n".join(lines).rstrip("\n") + "\n"
    if body.quote:
        attr, orig = body.quote
        q = "\n".join(("> " + l) if l else ">"
                      for l in orig.rstrip("\n").split("\n"))
        text += "\n" + attr + "\n" + q + "\n"
    return text


def esc(s):
    return html.escape(s, quote=False)


def divs(lines):
    return "".join("<div>%s</div>" % esc(l) if l else "<div><br></div>"
                   for l in lines)


def html_divs(body):
    """Gmail: one <div> per line; the quote in a gmail_quote blockquote."""
    lines = list(body.before)
    if body.rows:
        lines += form_lines(body.rows, body.style)
    lines += body.after + body.sig
    out = '<div dir="ltr">' + divs(lines) + "</div>"
    if body.quote:
        attr, orig = body.quote
        out += ('<br><div class="gmail_quote"><div dir="ltr" '
                'class="gmail_attr">%s<br></div><blockquote '
                'class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
                '%s</blockquote></div>'
                % (esc(attr), divs(orig.rstrip("\n").split("\n"))))
    return out + "\n"


def html_table(body, charset, mso=False, cid=None):
    """A letter-like HTML body with the form as a <table>."""
    st = body.style
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; '
           'charset=%s">' % charset]
    if mso:
        out.append('<meta name=Generator content="Microsoft Word 15 '
                   '(filtered medium)"><style><!--p.MsoNormal {margin:0cm; '
                   'font-size:11.0pt; font-family:"Calibri",sans-serif;}'
                   '--></style>')
    out.append('</head><body style="font-family: Tahoma, sans-serif; '
               'font-size: 10pt;">')
    pcls = " class=MsoNormal" if mso else ""

    def para(t):
        return "<p%s>%s</p>" % (pcls, esc(t) if t else "&nbsp;")
    out += [para(t) for t in body.before]
    if body.rows:
        out.append('<table border="1" cellpadding="4" cellspacing="0" '
                   'style="border-collapse:collapse">')
        if st.get("header"):
            out.append('<tr><th align="left">Data</th><th align="left">'
                       'Keterangan</th></tr>')
        for label, value in body.rows:
            label = case_label(label, st.get("case", "as"))
            v = esc(value)
            if "@" in value and not mso:
                v = '<a href="mailto:%s">%s</a>' % (v, v)
            if re.fullmatch(r"[\d ]+", value):
                v = v.replace(" ", "&nbsp;")
            if st.get("cells") == 3:
                out.append("<tr><td>%s</td><td>:</td><td>%s</td></tr>"
                           % (esc(label), v))
            elif st.get("cells") == "colon":
                out.append("<tr><td>%s :</td><td>%s</td></tr>"
                           % (esc(label), v))
            else:
                out.append("<tr><td>%s</td><td>%s</td></tr>"
                           % (esc(label), v))
        out.append("</table>")
    out += [para(t) for t in body.after]
    out += [para(t) for t in body.sig]
    if cid:
        out.append('<p%s><img width=200 height=56 src="cid:%s" alt="logo">'
                   '</p>' % (pcls, cid))
    if body.quote:
        attr, orig = body.quote
        out.append('<div style="border:none;border-top:solid #E1E1E1 1.0pt;'
                   'padding:3.0pt 0cm 0cm 0cm"><p%s>%s</p></div>'
                   % (pcls, esc(attr).replace("\n", "<br>")))
        out.append("<blockquote>%s</blockquote>" % "<br>\n".join(
            esc(l) for l in orig.rstrip("\n").split("\n")))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def request_body(rng, p, missing, rows, signer=None):
    before = [rng.choice(GREETINGS), ""]
    if rows:
        before += [rng.choice(INTROS), ""]
    else:
        before += [rng.choice(INTROS_NOFORM)]
    after = [""]
    present = [t for t in DOC_TYPES if t not in missing]
    after.append(rng.choice([
        "Persyaratan (%s) saya lampirkan." % ", ".join(
            DOC_LABEL[t] for t in present),
        "Berkas persyaratan terlampir.",
        "Dokumen persyaratan saya kirim sebagai lampiran email ini."]))
    if missing and rng.random() < 0.75:
        after.append(rng.choice([
            "Mohon maaf, %s menyusul.",
            "Untuk %s akan saya kirim kemudian karena masih di bagian "
            "kepegawaian."]) % " dan ".join(DOC_LABEL[t] for t in missing))
    after += ["", rng.choice(CLOSINGS), ""]
    signer = signer or p
    sig = [rng.choice(SIGNOFF), signer.full if rng.random() < 0.6 else
           signer.nick]
    if rng.random() < 0.6:
        sig.append(signer.jabatan)
    if rng.random() < 0.5:
        sig.append(signer.unit + " Kota Pekalongan")
    if rng.random() < 0.2:
        sig.append("NIP. " + G.nip_spaced(signer.nip))
    sig = [s for s in sig if s != ""] if sig[0] == "" else sig
    return Body(before, rows, after, sig, style=form_style(rng))


# ---------------------------------------------------------------------------
# Attachments as the clients write them
# ---------------------------------------------------------------------------


class Att:
    def __init__(self, name, dtype, data, ctype, inline=False, cid=None,
                 generic=False):
        self.name, self.dtype, self.data, self.ctype = name, dtype, data, ctype
        self.inline, self.cid, self.generic = inline, cid, generic


def ctype_of(name):
    ext = name.lower().rsplit(".", 1)[-1]
    return {"pdf": "application/pdf", "jpg": "image/jpeg",
            "jpeg": "image/jpeg", "png": "image/png",
            "zip": "application/zip"}.get(ext, "application/octet-stream")


def att_gmail(rng, a):
    aid = a.cid or ("ii_" if a.inline else "f_") + "m" + rid(
        rng, 8, "abcdefghijklmnopqrstuvwxyz0123456789")
    n = a.name if is_ascii(a.name) else ew_b(a.name, "UTF-8", 200)[0]
    return part(['Content-Type: %s; name="%s"' % (a.ctype, n),
                 'Content-Disposition: %s; filename="%s"' % (
                     "inline" if a.inline else "attachment", n),
                 "Content-Transfer-Encoding: base64",
                 "Content-ID: <%s>" % aid, "X-Attachment-Id: " + aid],
                b64_body(a.data))


def encodable(s, charset):
    try:
        s.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def att_outlook(rng, a, encode_ascii, charset="utf-8"):
    """RFC 2047 words inside the quoted name= and filename=: UTF-8 B, or
    (older Outlook) the body's charset in Q or B."""
    if charset != "utf-8" and encodable(a.name, charset) and \
            rng.random() < 0.4:
        words = (ew_q if rng.random() < 0.5 else ew_b)(a.name, charset, 70)
    else:
        words = ew_b(a.name, "utf-8", 70)

    def param(key, name):
        if is_ascii(name) and not encode_ascii:
            return '%s="%s"' % (key, name)
        return '%s="%s"' % (key, "\r\n ".join(words))
    hdrs = ["Content-Type: %s;\r\n\t%s" % (a.ctype, param("name", a.name)),
            "Content-Transfer-Encoding: base64"]
    if a.cid:
        hdrs.append("Content-ID: <%s>" % a.cid)
    if not a.inline:
        hdrs.append("Content-Disposition: attachment;\r\n\t%s"
                    % param("filename", a.name))
    return part(hdrs, b64_body(a.data))


def att_thunderbird(rng, a):
    if is_ascii(a.name) and len(a.name) < 60:
        return part(['Content-Type: %s; name="%s"' % (a.ctype, a.name),
                     'Content-Disposition: attachment; filename="%s"'
                     % a.name, "Content-Transfer-Encoding: base64"],
                    b64_body(a.data))
    if is_ascii(a.name):
        cont_ct = rfc2231_ascii_cont("name", a.name)
        cont_cd = rfc2231_ascii_cont("filename", a.name)
        return part(["Content-Type: %s;\r\n %s" % (a.ctype,
                                                   ";\r\n ".join(cont_ct)),
                     "Content-Disposition: attachment;\r\n " +
                     ";\r\n ".join(cont_cd),
                     "Content-Transfer-Encoding: base64"], b64_body(a.data))
    name_param = 'name="%s"' % "\r\n ".join(ew_q(a.name, "UTF-8", 74))
    disp = rfc2231_params(rng, "filename", a.name)
    return part(["Content-Type: %s;\r\n %s" % (a.ctype, name_param),
                 "Content-Disposition: attachment;\r\n " +
                 ";\r\n ".join(disp),
                 "Content-Transfer-Encoding: base64"], b64_body(a.data))


def att_generic(rng, a, size=False, nodisp=False):
    """Roundcube / K-9 / Zimbra style: quoted or bare parameters, RFC 2231
    for names outside ASCII."""
    if is_ascii(a.name):
        q = '"%s"' % a.name if (" " in a.name or rng.random() < 0.7 or
                                re.search(r"[()<>@,;:\\\"/\[\]?=]", a.name)) \
            else a.name
        ct_name, cd_name = "name=" + q, "filename=" + q
    else:
        cs = "ISO-8859-1" if encodable(a.name, "iso-8859-1") and \
            rng.random() < 0.4 else "UTF-8"
        ct_name = ";\r\n ".join(rfc2231_params(rng, "name", a.name, cs))
        cd_name = ";\r\n ".join(rfc2231_params(rng, "filename", a.name,
                                                cs))
    hdrs = ["Content-Type: %s;\r\n %s" % (a.ctype, ct_name),
            "Content-Transfer-Encoding: base64"]
    if a.cid:
        hdrs.append("Content-ID: <%s>" % a.cid)
    if not nodisp:
        d = "Content-Disposition: %s;\r\n %s" % (
            "inline" if a.inline else "attachment", cd_name)
        if size:
            d += ";\r\n size=%d" % len(a.data)
        hdrs.append(d)
    if rng.random() < 0.5:
        hdrs = [hdrs[1], hdrs[0]] + hdrs[2:]
    return part(hdrs, b64_body(a.data))


def att_apple(rng, a):
    q = '"%s"' % a.name if re.search(r"[ ()<>@,;:\\\"/\[\]?=]", a.name) \
        else a.name
    hdrs = ["Content-Type: %s;\r\n\tname=%s" % (a.ctype, q)]
    if a.ctype == "application/pdf":
        hdrs[0] += ";\r\n\tx-unix-mode=0644"
    hdrs += ["Content-Disposition: %s;\r\n\tfilename=%s" % (
        "inline" if a.inline else "attachment", q),
        "Content-Transfer-Encoding: base64"]
    if a.cid:
        hdrs.append("Content-Id: <%s>" % a.cid)
    return part(hdrs, b64_body(a.data))


def make_zip(rng, members, dt):
    buf = io.BytesIO()
    when = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second // 2 * 2)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0x20
            zf.writestr(zi, data)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Message-IDs and boundaries of the clients
# ---------------------------------------------------------------------------


def gmail_msgid(rng):
    return "<CA%s@mail.gmail.com>" % rid(rng, 46, ALNUM + "_+-=")


def gmail_boundary(rng):
    return "000000000000" + rid(rng, 16)


def outlook_ids(rng):
    return rid(rng, 4, "0123456789ABCDEF"), "01DB%s.%s" % (
        rid(rng, 4, "0123456789ABCDEF"), rid(rng, 8, "0123456789ABCDEF"))


def local_msgid(rng, style):
    if style == "outlook":
        return "<00%s01db%s$%s$%s$@pekalongankota.go.id>" % (
            rid(rng, 2), rid(rng, 4), rid(rng, 8), rid(rng, 8))
    if style == "uuid":
        return "<%s@pekalongankota.go.id>" % uuid_from(rng)
    if style == "apple":
        return "<%s@pekalongankota.go.id>" % uuid_from(rng, True)
    if style == "zimbra":
        return "<%d.%d.%d.JavaMail.zimbra@pekalongankota.go.id>" % (
            rng.randint(10 ** 8, 10 ** 9), rng.randint(1000, 9999),
            rng.randint(10 ** 12, 10 ** 13))
    return "<%s@pekalongankota.go.id>" % rid(rng, 32)


# ---------------------------------------------------------------------------
# Shapes.  Each returns (top-level headers, body, client headers, msgid,
# shape description).  ctx: rng, sender, sender_name, dt, subject, body
# (Body), atts (list of Att), personal (bool), reply headers.
# ---------------------------------------------------------------------------


def pick_cte(rng, weights=(50, 30, 20)):
    return rng.choices(["qp", "b64", "7bit"], weights)[0]


def shape_gmail(c, android=False):
    rng = c["rng"]
    text = plain_of(c["body"])
    htm = html_divs(c["body"])
    cte = pick_cte(rng, (65, 15, 20))
    inline = [a for a in c["atts"] if a.inline]
    files = [a for a in c["atts"] if not a.inline]
    for a in inline:
        a.cid = "ii_m" + rid(rng, 8, "abcdefghijklmnopqrstuvwxyz0123456789")
        htm = htm.replace("</div>\n", '<div><img src="cid:%s" alt="%s" '
                          'width="540"><br></div></div>\n' % (a.cid, a.name),
                          1)
        text = text.replace("\n\n", "\n\n[image: %s]\n\n" % a.name, 1)
    alt_b = gmail_boundary(rng)
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b, [
                        text_part(rng, "text/plain", text, "UTF-8", cte),
                        text_part(rng, "text/html", htm, "UTF-8", cte)])
    first = alt
    desc = "mixed > alternative (UTF-8 %s text + HTML)" % cte
    if inline:
        rel_b = gmail_boundary(rng)
        first = multipart('Content-Type: multipart/related; boundary="%s"'
                          % rel_b, rel_b, [alt] + [att_gmail(rng, a)
                                                   for a in inline])
        desc = "mixed > related > alternative (UTF-8 %s) + inline photo " \
               "%s (Content-ID)" % (cte, inline[0].name)
    mix_b = gmail_boundary(rng)
    body = multipart_body(mix_b, [first] + [att_gmail(rng, a) for a in files])
    hdrs = ['Content-Type: multipart/mixed; boundary="%s"' % mix_b]
    client = ["X-Mailer: Gmail for Android"] if android and \
        rng.random() < 0.2 else []
    return hdrs, body, client, gmail_msgid(rng), \
        ("Gmail app (Android)" if android else "Gmail web") + ": " + desc


def shape_plain(c):
    rng = c["rng"]
    charset = rng.choice(["utf-8", "iso-8859-1", "windows-1252", "UTF-8",
                          "us-ascii"])
    cte = pick_cte(rng)
    client = rng.choice(["roundcube", "k9", "zimbra", "mutt"])
    text = plain_of(c["body"])
    params = "; format=flowed" if client == "roundcube" and \
        rng.random() < 0.5 else ""
    if params:
        text = flowed(text)
    tp = text_part(rng, "text/plain", text, charset, cte, params)
    size = client in ("k9", "roundcube") and rng.random() < 0.6
    atts = [att_generic(rng, a, size=size,
                        nodisp=rng.random() < 0.08) for a in c["atts"]]
    b = {"roundcube": "=_" + rid(rng, 32),
         "k9": "----" + rid(rng, 28, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
         "zimbra": "----=_Part_%d_%d.%d" % (rng.randint(10 ** 5, 10 ** 6),
                                             rng.randint(10 ** 8, 10 ** 9),
                                             rng.randint(10 ** 12, 10 ** 13)),
         "mutt": rid(rng, 16, ALNUM)}[client]
    body = multipart_body(b, [tp] + atts)
    hdrs = ['Content-Type: multipart/mixed;\r\n boundary="%s"' % b]
    ua = {"roundcube": ["User-Agent: Roundcube Webmail/1.6.9"],
          "k9": ["User-Agent: K-9 Mail for Android"],
          "zimbra": ["X-Mailer: Zimbra 8.8.15_GA_4484 (ZimbraWebClient - "
                     "GC131 (Linux)/8.8.15_GA_4481)"],
          "mutt": ["User-Agent: Mutt/2.2.12 (2023-09-09)"]}[client]
    msgid = local_msgid(rng, {"roundcube": "hex", "k9": "uuid",
                              "zimbra": "zimbra", "mutt": "hex"}[client])
    return hdrs, body, ua, msgid, (
        "%s: mixed > text/plain (%s, %s%s) + attachments%s" % (
            client, charset, cte, params, " with size=" if size else ""))


def shape_html_only(c):
    rng = c["rng"]
    charset = rng.choice(["utf-8", "iso-8859-1", "windows-1252"])
    cte = rng.choice(["qp", "qp", "b64"])
    htm = html_table(c["body"], charset)
    b = "----=_Part_%d_%d.%d" % (rng.randint(10 ** 5, 10 ** 6),
                                 rng.randint(10 ** 8, 10 ** 9),
                                 rng.randint(10 ** 12, 10 ** 13))
    parts = [text_part(rng, "text/html", htm, charset, cte)]
    parts += [att_generic(rng, a) for a in c["atts"]]
    body = multipart_body(b, parts)
    hdrs = ['Content-Type: multipart/mixed; \r\n\tboundary="%s"' % b]
    return hdrs, body, ["X-Mailer: Zimbra 8.8.15_GA_4484"], \
        local_msgid(rng, "zimbra"), \
        "HTML-only body (%s, %s), form in a <table> (%s cells%s)" % (
            charset, cte, c["body"].style.get("cells"),
            ", header row" if c["body"].style.get("header") else "")


def shape_outlook(c):
    rng = c["rng"]
    charset = rng.choice(["windows-1252", "windows-1252", "utf-8"])
    cte = "qp" if charset == "windows-1252" else rng.choice(["qp", "b64"])
    seq, tstamp = outlook_ids(rng)
    logo = c.get("logo")
    cid = "image001.png@" + tstamp if logo else None
    body = c["body"]
    tabs = rng.random() < 0.7
    plain = plain_of(body, tabs=tabs)
    if cid:
        plain += "\n[cid:%s]\n" % cid
    htm = html_table(body, charset, mso=True, cid=cid)
    b_mix = "----=_NextPart_000_%s_%s" % (seq, tstamp)
    b_rel = "----=_NextPart_001_%04X_%s" % (int(seq, 16) + 1, tstamp)
    b_alt = "----=_NextPart_002_%04X_%s" % (int(seq, 16) + 2, tstamp)
    alt = multipart('Content-Type: multipart/alternative;\r\n\tboundary="%s"'
                    % b_alt, b_alt, [
                        text_part(rng, "text/plain", plain, charset, cte),
                        text_part(rng, "text/html", htm, charset, cte)])
    first = alt
    if logo:
        lp = part(['Content-Type: image/png;\r\n\tname="image001.png"',
                   "Content-Transfer-Encoding: base64",
                   "Content-ID: <%s>" % cid], b64_body(logo))
        first = multipart('Content-Type: multipart/related;\r\n\tboundary='
                          '"%s"' % b_rel, b_rel, [alt, lp])
    enc_ascii = rng.random() < 0.3
    atts = [att_outlook(rng, a, enc_ascii, charset) for a in c["atts"]]
    out = multipart_body(b_mix, [first] + atts,
                         "This is a multipart message in MIME format.\r\n")
    hdrs = ['Content-Type: multipart/mixed;\r\n\tboundary="%s"' % b_mix]
    client = ["X-Mailer: Microsoft Outlook 16.0",
              "Thread-Index: AdtcFa" + rid(rng, 26, ALNUM + "+/") + "==",
              "Content-Language: id", "X-MS-Has-Attach: yes"]
    return hdrs, out, client, local_msgid(rng, "outlook"), (
        "Outlook 16: mixed > %salternative (%s %s, plain %s, MSO HTML "
        "<table>) + RFC 2047 B names%s" % (
            "related > " if logo else "", charset, cte,
            "tab cells" if tabs else "'Label : value'",
            " (also for ASCII names)" if enc_ascii else "")
        + (", signature logo image001.png" if logo else ""))


def shape_thunderbird(c):
    rng = c["rng"]
    text = flowed(plain_of(c["body"]))
    non_ascii = not is_ascii(text)
    cte = rng.choice(["8bit", "qp", "b64"]) if non_ascii else "7bit"
    tp = text_part(rng, "text/plain", text, "UTF-8", cte, "; format=flowed")
    b = "------------" + rid(rng, 24, ALNUM)
    body = multipart_body(b, [tp] + [att_thunderbird(rng, a)
                                     for a in c["atts"]],
                          "This is a multi-part message in MIME format.")
    hdrs = ['Content-Type: multipart/mixed; boundary="%s"' % b]
    client = ["User-Agent: Mozilla Thunderbird", "Content-Language: id"]
    return hdrs, body, client, local_msgid(rng, "uuid"), (
        "Thunderbird: format=flowed text (%s), RFC 2231 filename*= / "
        "continuations, RFC 2047 Q name=" % cte)


def shape_iphone(c):
    rng = c["rng"]
    text = plain_of(c["body"])
    charset = "us-ascii" if is_ascii(text) else "utf-8"
    b = "Apple-Mail-" + uuid_from(rng, True)
    paras = text.split("\n\n", 1)
    parts = [text_part(rng, "text/plain", paras[0] + "\n\n", charset, "qp")]
    inline = [a for a in c["atts"] if a.inline]
    for a in inline:
        a.cid = uuid_from(rng, True)
        parts.append(att_apple(rng, a))
    rest = paras[1] if len(paras) > 1 else ""
    if inline:
        parts.append(text_part(rng, "text/plain", "\n" + rest, charset, "qp"))
        rest = ""
    parts += [att_apple(rng, a) for a in c["atts"] if not a.inline]
    parts.append(text_part(rng, "text/plain", rest + "\n\nDikirim dari "
                           "iPhone saya\n", charset, "7bit"))
    body = multipart_body(b, parts)
    hdrs = ["Content-Type: multipart/mixed; boundary=" + b,
            "Content-Transfer-Encoding: 7bit"]
    return hdrs, body, ["X-Mailer: iPhone Mail (22B91)",
                        "Mime-Version: 1.0 (1.0)"], \
        local_msgid(rng, "apple"), \
        "iPhone Mail: text/plain parts around %s" % (
            "the inline photo %s" % inline[0].name if inline else
            "the attachments")


def shape_zip(c):
    rng = c["rng"]
    zatts = c["zip"]
    zname = c["zip_name"]
    text = plain_of(c["body"])
    tp = text_part(rng, "text/plain", flowed(text), "UTF-8" if not
                   is_ascii(text) else "US-ASCII", pick_cte(rng),
                   "; format=flowed")
    zct = rng.choice(["application/zip", "application/x-zip-compressed",
                      "application/octet-stream"])
    za = Att(zname, None, c["zip_data"], zct)
    b = "=_" + rid(rng, 32)
    parts = [tp, att_generic(rng, za, size=rng.random() < 0.5)]
    parts += [att_generic(rng, a) for a in c["atts"]]
    body = multipart_body(b, parts)
    hdrs = ['Content-Type: multipart/mixed;\r\n boundary="%s"' % b]
    return hdrs, body, ["User-Agent: Roundcube Webmail/1.6.9"], \
        local_msgid(rng, "hex"), \
        "Roundcube: %d documents in %s (%s)%s" % (
            len(zatts), zname, zct,
            ", %d loose" % len(c["atts"]) if c["atts"] else "")


SHAPES = {"gmail": shape_gmail, "android": lambda c: shape_gmail(c, True),
          "plain": shape_plain, "html_only": shape_html_only,
          "outlook": shape_outlook, "thunderbird": shape_thunderbird,
          "iphone": shape_iphone, "zip": shape_zip}


def assemble(c, shape, deliver_to=TO_ADDR):
    """A whole message (str, CRLF) from a shape and the context."""
    rng = c["rng"]
    hdrs, body, client, msgid, desc = SHAPES[shape](c)
    sender = c["sender"]
    dt = c["dt"]
    if deliver_to != TO_ADDR:
        env = ["Delivered-To: " + deliver_to]
    elif sender.endswith("@gmail.com"):
        env = envelope(rng, sender, dt, "198.51.100.%d" % rng.randint(2, 250),
                       "mail-sor-f%d.google.com" % rng.randint(10, 99))
    else:
        env = envelope(rng, sender, dt, "203.0.113.%d" % rng.randint(2, 250),
                       "[10.%d.%d.%d]" % (rng.randint(1, 99),
                                          rng.randint(0, 255),
                                          rng.randint(1, 250)))
    if shape in ("gmail", "android"):
        msgid = gmail_msgid(rng)
    charset = "windows-1252" if shape == "outlook" else "utf-8"
    top = ["MIME-Version: 1.0",
           "From: " + display(c["sender_name"], sender,
                              quote=shape == "outlook"),
           "To: " + rng.choice([TO_ADDR, "<%s>" % TO_ADDR,
                                "Layanan TTE Diskominfo <%s>" % TO_ADDR]),
           "Subject: " + subject_hdr(rng, c["subject"], charset),
           "Date: " + date_hdr(dt),
           "Message-ID: " + msgid]
    if c.get("cc"):
        top.append("Cc: " + c["cc"])
    top += c.get("reply", [])
    if any(h.startswith("Mime-Version") for h in client):
        top = top[1:]
    top += client + hdrs
    head = top[:1] + top[1:]
    rng.shuffle(head) if rng.random() < 0.3 else None
    raw = "\r\n".join(env + head) + "\r\n\r\n" + body
    return raw, msgid, desc


# ---------------------------------------------------------------------------
# Requests, follow-ups, automatic mail
# ---------------------------------------------------------------------------


class World:
    def __init__(self, seed):
        self.rng = random.Random("genmail-%d" % seed)
        self.taken = set()
        self.ktp = G.Ktp(random.Random("ktp-%d" % seed))
        self.logo = G.logo_png("DISKOMINFO KOTA PKL",
                               "Melayani dengan hati")
        self.msgids = set()
        self.requests = []


def render_doc(w, req, dtype, dt, in_phone, allow_scan, grey=None,
               quality=None):
    """An Att for one document of req's person.  Returns (att, heavy):
    heavy when it is a scanned page or embeds a TrueType font (allow_scan
    permits one of those per message, to keep mail small)."""
    rng, p, namer = w.rng, req["p"], req["namer"]
    date = (dt.year, dt.month, dt.day)
    if dtype == "ktp":
        exif = G.camera_exif(*rng.choice([("samsung", "SM-A546E"),
                                          ("Xiaomi", "Redmi Note 12"),
                                          ("OPPO", "CPH2483"),
                                          ("Apple", "iPhone 13")]),
                             "%04d:%02d:%02d %02d:%02d:%02d" % (
                                 dt.year, dt.month, dt.day, dt.hour,
                                 dt.minute, dt.second))
        if grey:
            data = w.ktp.scan(p, grey=grey, quality=quality)
            name = namer.named("ktp", req["name_style"]())
            return Att(name, "ktp", data, rng.choice(
                ["image/jpeg"] * 6 + ["image/pjpeg", "application/"
                                      "octet-stream"])), False
        if in_phone:
            data = w.ktp.photo(p, rng.choice(["wood", "desk"]),
                               rng.choice([-2.5, -1.2, 1.0, 2.2]), exif)
            return Att(namer.generic_img(), "ktp", data, "image/jpeg",
                       inline=True, generic=True), False
        photo = rng.random() < 0.35
        data = w.ktp.photo(p, rng.choice(["wood", "desk"]),
                           rng.choice([-2.5, -1.2, 1.0, 2.2]), exif) \
            if photo else w.ktp.scan(p)
        generic = rng.random() < 0.25
        if generic:
            name = namer.generic_img()
        else:
            name = namer.named("ktp", req["name_style"]())
        ct = rng.choice(["image/jpeg"] * 8 + ["image/pjpeg", "image/jpg",
                                              "application/octet-stream"])
        return Att(name, "ktp", data, ct, generic=generic), False
    generic = rng.random() < 0.18
    style = "text"
    scan_used = False
    if generic:
        scan = allow_scan and rng.random() < 0.6
        name = namer.generic_pdf(scan)
        if scan:
            style, scan_used = "scan", True
    else:
        name = namer.named(dtype, req["name_style"]())
    if dtype == "formulir_pendaftaran" and style == "text" and \
            rng.random() < 0.15:
        style = "acroform"
    fontset = None
    if style == "text" and allow_scan and rng.random() < 0.08:
        fontset, scan_used = "serif", True
    data = G.render_pdf(dtype, p, G.date_add(date, -rng.randint(0, 3)), rng,
                        style, fontset)
    ct = "application/octet-stream" if rng.random() < 0.15 else \
        "application/pdf"
    return Att(name, dtype, data, ct, generic=generic), scan_used


def docs_for(w, req, types, dt, phone, grey=None, quality=None):
    atts = {}
    allow_scan = True
    # the KTP first: a large one leaves no room for a heavy PDF
    for t in sorted(types, key=lambda t: t != "ktp"):
        a, used = render_doc(w, req, t, dt, phone and t == "ktp", allow_scan,
                             grey if t == "ktp" else None, quality)
        allow_scan = allow_scan and not used and len(a.data) < 60000
        atts[t] = a
    return [atts[t] for t in types]


def exp_entry(file, outcome, msgid, subject, shape, req=None, docs=None,
              missing=None, ktp_usable=None, status=None, followup_of=None,
              containers=None):
    e = {"file": file, "message_id": msgid, "outcome": outcome,
         "followup_of": followup_of}
    if req is None:
        e.update(applicant_email=None, nama=None, nik=None, nip=None,
                 documents={}, missing_after=None, ktp_usable=None,
                 status=None, containers=[], email_dinas=None, form=None,
                 ktp=None)
    else:
        p = req["p"]
        e.update(applicant_email=req["applicant"], nama=p.nama, nik=p.nik,
                 nip=p.nip, documents=docs, missing_after=missing,
                 ktp_usable=ktp_usable, status=status,
                 containers=containers or [], email_dinas=p.email,
                 form=G.form_of(p), ktp={"nik": p.nik, "nama": p.nama_ktp})
    e["subject"] = subject
    e["shape"] = shape
    return e


SUBJECTS = ["Permohonan Sertifikat Elektronik - {full}",
            "Permohonan TTE a.n. {full}", "Pengajuan TTE BSrE {nick}",
            "permohonan sertifikat elektronik", "Berkas TTE {nick}",
            "Permohonan Penerbitan Sertifikat Elektronik BSR\u00e9 \u2013 "
            "{full}", "Permohonan TTE", "Pengajuan sertifikat elektronik "
            "{unit}", "Pendaftaran TTE {nick} ({unit})"]


def new_request(w, idx, dt, incomplete):
    rng = w.rng
    p = G.make_person(rng, w.taken)
    req = {"p": p, "idx": idx}
    # what is missing, and is the KTP greyscale?
    missing, grey = [], None
    if incomplete:
        kind = rng.choices(["missing", "grey", "both"], [70, 20, 10])[0]
        if kind in ("missing", "both"):
            k = rng.choices([1, 2, 3], [55, 35, 10])[0]
            pool = DOC_TYPES if kind == "missing" else \
                [t for t in DOC_TYPES if t != "ktp"]
            missing = sorted(rng.sample(pool, k), key=DOC_TYPES.index)
        if kind in ("grey", "both"):
            grey = rng.choice(["L", "L", "RGB"])
    shapes = ["gmail", "plain", "html_only", "outlook", "thunderbird",
              "forward", "forward_inline", "zip", "android", "iphone"]
    weights = [16, 12, 8, 11, 9, 7, 5, 8, 8, 6]
    shape = rng.choices(shapes, weights)[0]
    if grey and shape in ("android", "iphone"):
        shape = rng.choice(["gmail", "plain", "outlook"])
    present = [t for t in DOC_TYPES if t not in missing]
    if shape == "zip" and len(present) < 2:
        shape = "plain"
    personal = shape in ("gmail", "android", "plain", "iphone", "forward",
                         "forward_inline") and rng.random() < 0.2
    applicant = p.personal if personal else p.email
    req.update(applicant=applicant, shape=shape, missing_at_start=missing,
               grey=grey)
    req["namer"] = Namer(rng, p, dt)
    fancy_shapes = ("outlook", "thunderbird", "gmail", "plain")
    req["name_style"] = lambda: rng.choices(
        ["plain", "fancy", "long"],
        [70, 20, 10] if shape in fancy_shapes else [100, 0, 0])[0]
    # body form: always, except when a formulir PDF carries the data
    rows = form_rows(rng, p)
    if "formulir_pendaftaran" in present and \
            shape in ("thunderbird", "iphone", "plain") and \
            rng.random() < 0.35:
        rows = None
    phone = shape in ("android", "iphone")
    atts = docs_for(w, req, present, dt, phone, grey)
    extra = None
    if rng.random() < 0.08:
        extra = Att(req["namer"].named("drh", req["name_style"]()), "other",
                    G.render_pdf("drh", p, (dt.year, dt.month, dt.day), rng),
                    "application/pdf")
        atts.append(extra)
    rng.shuffle(atts) if rng.random() < 0.4 else None
    subject = rng.choice(SUBJECTS).format(full=p.full, nick=p.nick,
                                          unit=p.unit)
    sender_name = p.full if rng.random() < 0.7 else p.nama
    docs = {}
    containers = []
    c = {"rng": rng, "dt": dt, "subject": subject, "atts": atts,
         "sender": applicant, "sender_name": sender_name}
    if rng.random() < 0.15:
        boss = p.atasan[0].split(",")[0]
        c["cc"] = display(boss, "%s@pekalongankota.go.id" % ".".join(
            G._ascii_lower(x) for x in boss.split()))
    if shape in ("forward", "forward_inline"):
        raw, msgid, desc = forward_request(w, req, c, rows, missing, atts,
                                           containers)
    else:
        body = request_body(rng, p, missing, rows)
        c["body"] = body
        if shape == "outlook" and rng.random() < 0.7:
            c["logo"] = w.logo
        if shape == "zip":
            nloose = rng.choice([0, 0, 0, 1])
            zatts, loose = atts[:len(atts) - nloose], atts[len(atts) -
                                                          nloose:]
            folder = rng.choice(["", "", "Berkas TTE %s/" % p.nick])
            numbered = rng.random() < 0.5
            members = []
            for i, a in enumerate(zatts):
                if numbered and not a.name[:2].isdigit():
                    a.name = req["namer"].take("%02d. %s" % (i + 1, a.name))
                members.append((folder + a.name, a.data))
            c["zip"] = zatts
            c["zip_name"] = req["namer"].take(rng.choice(
                ["dokumen.zip", "berkas.zip", "Berkas TTE %s.zip" % p.nick,
                 "persyaratan TTE.zip", "%s.zip" % p.nick.lower()]))
            c["zip_data"] = make_zip(rng, members, dt)
            c["atts"] = loose
            containers.append(c["zip_name"])
        raw, msgid, desc = assemble(c, shape)
        req["plain"] = plain_of(body)
        if c.get("logo"):
            docs[req["namer"].take("image001.png")] = "other"
    req["subject"] = subject
    req["msgid"] = msgid
    req["have"] = set(present)
    req["ktp_ok"] = "ktp" in present and not grey
    req["sent"] = [a for a in atts if not (a.dtype == "ktp" and grey)]
    for a in atts:
        docs[a.name] = a.dtype
    req["dt"] = dt
    status = "received" if len(req["have"]) == 5 and req["ktp_ok"] else \
        "incomplete"
    ktp_usable = None if "ktp" not in present else not grey
    extra_desc = []
    if missing:
        extra_desc.append("missing " + ", ".join(missing))
    if grey:
        extra_desc.append("greyscale KTP (%s)" % grey)
    if rows is None:
        extra_desc.append("form data only in the Formulir PDF")
    gen = ["%s (%s)" % (a.name, a.dtype) for a in atts if a.generic]
    if gen:
        extra_desc.append("generic names " + ", ".join(gen))
    if applicant != p.email:
        extra_desc.append("from a personal address")
    shape_desc = desc + ("; " + "; ".join(extra_desc) if extra_desc else "")
    return req, raw, msgid, subject, shape_desc, docs, containers, status, \
        ktp_usable


def forward_request(w, req, c, rows, missing, atts, containers):
    """The applicant's mail, forwarded by a colleague: as message/rfc822
    (forward as attachment) or inline (Gmail's 'Forwarded message')."""
    rng, p, dt = w.rng, req["p"], c["dt"]
    fwd = G.make_person(rng, w.taken)
    fwd["unit"] = p.unit
    fwd["jabatan"] = "Kepala Subbagian Umum dan Kepegawaian"
    inner_dt = (dt - datetime.timedelta(days=rng.randint(0, 3))).replace(
        hour=rng.randint(7, 15), minute=rng.randint(0, 59))
    if inner_dt >= dt:
        inner_dt = dt - datetime.timedelta(minutes=rng.randint(20, 90))
    inner_subject = "Permohonan TTE a.n. %s" % p.full
    inner_body = request_body(rng, p, missing, rows)
    outer_text_lines = [
        rng.choice(["Yth. Admin Layanan TTE Diskominfo,",
                    "Selamat siang Admin TTE,"]), "",
        "Bersama ini kami teruskan permohonan sertifikat elektronik dari "
        "staf kami, Sdr. %s. Mohon dapat diproses." % p.nama.rstrip("."),
        "",
        "Terima kasih.", "", fwd.nama, fwd.jabatan, fwd.unit,
        # the forwarder's own NIP in the signature (not the applicant's)
        rng.choice(["NIP. ", "NIP. ", "NIP : ", "NIP: "]) +
        G.nip_spaced(fwd.nip)]
    c["sender"] = fwd.email
    c["sender_name"] = fwd.full
    c["subject"] = rng.choice(["Fwd: ", "FW: ", "Fw: "]) + inner_subject
    if req["shape"] == "forward_inline":
        marker = rng.choice([
            ("---------- Forwarded message ---------", "From", "Date",
             "Subject", "To"),
            ("---------- Pesan terusan ---------", "Dari", "Tanggal",
             "Subjek", "Kepada")])
        inner_plain = plain_of(inner_body)
        if marker[1] == "From":
            when = "%s, %s %d, %d at %d:%02d %s" % (
                DAYS[inner_dt.weekday()], MONTHS[inner_dt.month - 1],
                inner_dt.day, inner_dt.year, (inner_dt.hour - 1) % 12 + 1,
                inner_dt.minute, "AM" if inner_dt.hour < 12 else "PM")
        else:
            when = "%s, %d %s %d pukul %02d.%02d" % (
                HARI[inner_dt.weekday()], inner_dt.day,
                MONTHS[inner_dt.month - 1], inner_dt.year, inner_dt.hour,
                inner_dt.minute)
        fwd_block = "%s\n%s: %s <%s>\n%s: %s\n%s: %s\n%s: %s <%s>\n\n" % (
            marker[0], marker[1], p.full, req["applicant"], marker[2], when,
            marker[3], inner_subject, marker[4], fwd.full, fwd.email)
        # the forwarder signs the note, sometimes with a 'NIP: ...' line
        sig = rng.random() < 0.6
        top = "\n".join(outer_text_lines if sig else
                        outer_text_lines[:5]) + "\n\n"
        body = Body([top + fwd_block + inner_plain.rstrip("\n")], None, [],
                    [])
        c["body"] = body
        raw, msgid, desc = assemble(c, "gmail")
        req["plain"] = plain_of(body)
        note = ""
        if sig:
            label = outer_text_lines[-1][:5].rstrip("0123456789")
            note = ", the forwarder's note above the block signed with " \
                "'%s<forwarder's NIP>'" % label
            if ":" in outer_text_lines[-1]:
                note += " (a 'Label: value' line)"
        return raw, msgid, "inline forward ('%s' block, From: %s) by %s%s; " \
            % (marker[0].strip("- "), req["applicant"], fwd.email, note) + desc
    # message/rfc822
    n_outer = rng.choice([0, 1, 1, 2]) if len(atts) > 1 else 0
    inner_atts, outer_atts = atts[:len(atts) - n_outer], \
        atts[len(atts) - n_outer:]
    ic = {"rng": rng, "dt": inner_dt, "subject": inner_subject,
          "atts": inner_atts, "sender": req["applicant"],
          "sender_name": p.full, "body": inner_body}
    inner_shape = rng.choice(["gmail", "plain", "outlook"])
    iraw, imsgid, idesc = assemble(ic, inner_shape, fwd.email)
    eml_name = inner_subject + ".eml"
    aid = "f_m" + rid(rng, 8, "abcdefghijklmnopqrstuvwxyz0123456789")
    eml_part = part(['Content-Type: message/rfc822; name="%s"' % eml_name,
                     'Content-Disposition: attachment; filename="%s"'
                     % eml_name, "Content-ID: <%s>" % aid,
                     "X-Attachment-Id: " + aid], iraw)
    outer = Body(outer_text_lines, None, [], [])
    c["body"] = outer
    c["atts"] = outer_atts
    # a gmail mail whose first attachment is the .eml
    rng2 = rng
    text = plain_of(outer)
    alt_b, mix_b = gmail_boundary(rng2), gmail_boundary(rng2)
    alt = multipart('Content-Type: multipart/alternative; boundary="%s"'
                    % alt_b, alt_b, [
                        text_part(rng, "text/plain", text, "UTF-8", "qp"),
                        text_part(rng, "text/html", html_divs(outer), "UTF-8",
                                  "qp")])
    body = multipart_body(mix_b, [alt, eml_part] + [att_gmail(rng, a)
                                                    for a in outer_atts])
    env = envelope(rng, fwd.email, dt, "198.51.100.%d" % rng.randint(2, 250),
                   "mail-sor-f%d.google.com" % rng.randint(10, 99))
    msgid = gmail_msgid(rng)
    head = ["MIME-Version: 1.0", "From: " + display(fwd.full, fwd.email),
            "Date: " + date_hdr(dt), "Message-ID: " + msgid,
            "Subject: " + c["subject"], "To: " + TO_ADDR,
            "Cc: " + display(p.full, req["applicant"]),
            'Content-Type: multipart/mixed; boundary="%s"' % mix_b]
    raw = "\r\n".join(env + head) + "\r\n\r\n" + body
    containers.append(eml_name)
    req["plain"] = text
    return raw, msgid, ("forward as attachment (message/rfc822 '%s', inner "
                        "From %s, inner shape: %s) by %s, %d document(s) on "
                        "the outer mail" % (eml_name, req["applicant"], idesc,
                                            fwd.email, len(outer_atts)))


FOLLOWUP_TOP = [
    "Berikut saya kirimkan kekurangan berkas permohonan saya: {docs}.",
    "Mohon maaf terlambat, {docs} terlampir.",
    "Menindaklanjuti email sebelumnya, bersama ini saya lampirkan {docs}.",
    "Selamat pagi, berikut {docs} yang belum saya kirim kemarin.",
]


def new_followup(w, req, dt):
    rng, p = w.rng, req["p"]
    missing = [t for t in DOC_TYPES if t not in req["have"]]
    need = list(missing)
    if not req["ktp_ok"] and "ktp" not in need:
        need.append("ktp")
    need = sorted(need, key=DOC_TYPES.index)
    send = need
    if len(need) >= 2 and rng.random() < 0.25:
        k = rng.randint(1, len(need) - 1)
        send = sorted(rng.sample(need, k), key=DOC_TYPES.index)
        if not req["ktp_ok"] and "ktp" not in send:
            send = sorted(send[1:] + ["ktp"], key=DOC_TYPES.index)
    shape = rng.choice(["gmail", "gmail", "outlook", "thunderbird", "plain",
                        "iphone", "android", "zip"])
    if shape == "zip" and len(send) < 2:
        shape = "plain"
    req["namer"].dt = dt
    req["name_style"] = lambda: rng.choices(
        ["plain", "fancy", "long"],
        [70, 20, 10] if shape in ("outlook", "thunderbird", "gmail",
                                  "plain") else [100, 0, 0])[0]
    # the KTP sent again, still greyscale (other bytes: another quality)
    regrey = "ktp" in send and req["grey"] and rng.random() < 0.12
    if regrey:
        shape = rng.choice(["gmail", "outlook", "plain"])
    atts = docs_for(w, req, send, dt, shape in ("android", "iphone"),
                    req["grey"] if regrey else None, 65)
    top = rng.choice(FOLLOWUP_TOP).format(docs=" dan ".join(
        DOC_LABEL[t] for t in send))
    new_atts = list(atts)
    # everything sent again with the missing documents: the old files are
    # the same bytes under the same names
    resend = rng.random() < 0.15 and req["sent"]
    if resend:
        atts = [Att(a.name, a.dtype, a.data, a.ctype) for a in req["sent"]] \
            + atts
        if shape == "zip":
            shape = "plain"
    odt = req["dt"]
    if shape == "outlook":
        attr = "From: %s <%s>\nSent: %s, %d %s %d %02d:%02d\nTo: %s\n" \
            "Subject: %s" % (p.full, req["applicant"],
                             DAYS[odt.weekday()], odt.day,
                             MONTHS[odt.month - 1], odt.year, odt.hour,
                             odt.minute, TO_ADDR, req["subject"])
    else:
        attr = "Pada %s, %d %s %d pukul %02d.%02d %s <%s> menulis:" % (
            HARI[odt.weekday()], odt.day, MONTHS[odt.month - 1], odt.year,
            odt.hour, odt.minute, p.full, req["applicant"])
    body = Body([rng.choice(["Selamat pagi,", "Selamat siang,",
                             "Yth. Admin TTE,"]), "", top, ""], None,
                [rng.choice(CLOSINGS), ""], [p.nick],
                quote=(attr, req["plain"]) if rng.random() < 0.85 else None)
    subj = rng.choice(["Re: ", "RE: ", "Re: ", "Bls: "]) + req["subject"]
    irt = refs = req["msgid"]
    if rng.random() < 0.25:
        # answering sertel's acknowledgement: In-Reply-To is an id we do
        # not know, References still carries the original
        irt = "<SE-%d-%06d.%s@layanan.tte.pekalongankota.go.id>" % (
            dt.year, rng.randint(1, 400), rid(rng, 8))
        refs = req["msgid"] + "\r\n " + irt
    c = {"rng": rng, "dt": dt, "subject": subj, "atts": atts,
         "sender": req["applicant"], "sender_name": p.full, "body": body,
         "reply": ["In-Reply-To: " + irt, "References: " + refs]}
    containers = []
    if shape == "zip":
        members = [(a.name, a.data) for a in atts]
        c["zip"] = atts
        c["zip_name"] = req["namer"].take("kekurangan berkas.zip")
        c["zip_data"] = make_zip(rng, members, dt)
        c["atts"] = []
        containers.append(c["zip_name"])
    raw, msgid, desc = assemble(c, shape)
    docs = {a.name: a.dtype for a in atts}
    req["have"] |= set(send)
    ktp_usable = None
    if any(a.dtype == "ktp" for a in atts):
        ktp_usable = not regrey
    if "ktp" in send and not regrey:
        req["ktp_ok"] = True
    req["sent"] += [a for a in new_atts if not regrey or a.dtype != "ktp"]
    status = "received" if len(req["have"]) == 5 and req["ktp_ok"] else \
        "incomplete"
    missing_after = [t for t in DOC_TYPES if t not in req["have"]]
    shape_desc = "follow-up (Re:, In-Reply-To/References) adding %s%s%s; " \
        "%s" % (", ".join(send), ", the KTP again in greyscale" if regrey
                else "", ", sending the earlier files again (same bytes, "
                "same names)" if resend else "", desc)
    return raw, msgid, subj, shape_desc, docs, containers, status, \
        ktp_usable, missing_after


def new_auto(w, kind, dt, prev):
    rng = w.rng
    if kind == "ooo":
        p = rng.choice(prev)["p"] if prev and rng.random() < 0.6 else \
            G.make_person(rng, w.taken)
        code = "SE-%d-%06d" % (dt.year, rng.randint(1, 400))
        subj = rng.choice(["Balasan Otomatis: ", "Automatic reply: ",
                           "Out of Office: ", "Auto: "]) + \
            "[%s] Permohonan Sertifikat Elektronik diterima" % code
        text = ("Terima kasih atas email Anda.\n\nSaya sedang cuti/dinas "
                "luar sampai dengan %d %s %d dengan akses email terbatas. "
                "Untuk urusan mendesak silakan menghubungi %s.\n\nSalam,\n%s\n"
                % (rng.randint(1, 28), G.BULAN[dt.month % 12], dt.year,
                   "Subbagian Umum", p.full))
        charset = rng.choice(["iso-8859-1", "utf-8", "windows-1252"])
        ack = "<%s.%s@layanan.tte.pekalongankota.go.id>" % (code, rid(rng, 8))
        msgid = local_msgid(rng, rng.choice(["hex", "outlook", "uuid"]))
        hdrs = envelope(rng, p.email, dt, "203.0.113.%d" % rng.randint(2, 250),
                        "[10.1.2.3]")
        if rng.random() < 0.3:
            hdrs[0] = "Return-Path: <>"
        hdrs += ["From: " + display(p.nama, p.email),
                 "To: Layanan TTE Diskominfo Kota Pekalongan <%s>" % TO_ADDR,
                 "Subject: " + subj, "Date: " + date_hdr(dt),
                 "Message-ID: " + msgid, "In-Reply-To: " + ack,
                 "References: " + ack, "Auto-Submitted: auto-replied"]
        if rng.random() < 0.5:
            hdrs.append("X-Autoreply: yes")
        if rng.random() < 0.5:
            hdrs.append("X-Auto-Response-Suppress: All")
        hdrs.append("MIME-Version: 1.0")
        tp = text_part(rng, "text/plain", text, charset, pick_cte(rng))
        raw = "\r\n".join(hdrs) + "\r\n" + tp
        return raw, msgid, subj, "out-of-office auto-reply (Auto-Submitted)"
    if kind == "newsletter":
        host = rng.choice(["transformasidigital", "asndigital",
                           "smartcity-news", "info-pelatihan"])
        sender = "buletin@news.%s.example" % host
        subj = rng.choice([
            "Webinar: Tanda Tangan Elektronik untuk ASN \u2013 Daftar "
            "Sekarang!", "Buletin Edisi %d: Sertifikat Elektronik & TTE"
            % rng.randint(10, 90), "Pelatihan Srikandi dan TTE BSrE"])
        text = ("Buletin %s\n\nPelajari cara mengajukan sertifikat "
                "elektronik, "
                "mengisi formulir pendaftaran, menyiapkan surat rekomendasi "
                "dan scan KTP berwarna.\n\nNama : Peserta Webinar\n"
                "Daftar: https://%s.example/webinar\n\nBerhenti "
                "berlangganan: https://%s.example/u/%s\n"
                % (host, host, host, rid(rng, 10)))
        htm = "<html><body>%s</body></html>\n" % "".join(
            "<p>%s</p>" % esc(l) for l in text.split("\n") if l)
        b = "b1_" + rid(rng, 32)
        body = multipart_body(b, [
            text_part(rng, "text/plain", text, "utf-8", "qp"),
            text_part(rng, "text/html", htm, "utf-8", "qp")])
        msgid = "<%s@news.%s.example>" % (rid(rng, 32), host)
        hdrs = envelope(rng, "bounces+%s@news.%s.example" % (rid(rng, 8),
                                                             host),
                        dt, "192.0.2.%d" % rng.randint(2, 250),
                        "mta.news.%s.example" % host)
        hdrs += ["From: Buletin %s <%s>" % (host.title(), sender),
                 "To: " + TO_ADDR,
                 "Subject: " + subject_hdr(rng, subj), "Date: " + date_hdr(dt),
                 "Message-ID: " + msgid,
                 "List-Id: Buletin <buletin.%s.example>" % host,
                 "List-Unsubscribe: <https://%s.example/u/%s>" % (
                     host, rid(rng, 10))]
        if rng.random() < 0.6:
            hdrs.append("Precedence: bulk")
        hdrs += ["MIME-Version: 1.0",
                 'Content-Type: multipart/alternative; boundary="%s"' % b]
        raw = "\r\n".join(hdrs) + "\r\n\r\n" + body
        return raw, msgid, subj, "newsletter (List-Id, List-Unsubscribe)"
    # bounce of one of sertel's replies
    rcpt = rng.choice(prev)["applicant"] if prev else \
        "someone@pekalongankota.go.id"
    code = "SE-%d-%06d" % (dt.year, rng.randint(1, 400))
    orig_id = "<%s.%s@layanan.tte.pekalongankota.go.id>" % (code, rid(rng, 8))
    orig = "\r\n".join([
        "Date: " + date_hdr(dt - datetime.timedelta(seconds=30)),
        "From: Layanan TTE Diskominfo Kota Pekalongan <%s>" % TO_ADDR,
        "To: <%s>" % rcpt,
        "Subject: [%s] Berkas permohonan belum lengkap" % code,
        "Message-ID: " + orig_id, "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 7bit"]) + "\r\n\r\n" + crlf(
        "Permohonan Anda %s belum lengkap.\nDokumen yang belum kami terima:"
        "\n- Scan KTP berwarna\n" % code)
    notice = ("This is the mail system at host mx.pekalongankota.go.id.\n\n"
              "I'm sorry to have to inform you that your message could not\n"
              "be delivered to one or more recipients.\n\n<%s>: host "
              "mx.example.net[192.0.2.7] said: 550 5.1.1 user unknown\n"
              % rcpt)
    dsn = ("Reporting-MTA: dns; mx.pekalongankota.go.id\n\nFinal-Recipient: "
           "rfc822; %s\nAction: failed\nStatus: 5.1.1\n" % rcpt)
    b = "%s.%d/mx.pekalongankota.go.id" % (rid(rng, 10, "0123456789ABCDEF"),
                                          rng.randint(10 ** 9, 10 ** 10))
    last = part(["Content-Description: Undelivered Message",
                 "Content-Type: message/rfc822"], orig) \
        if rng.random() < 0.7 else \
        part(["Content-Description: Undelivered Message Headers",
              "Content-Type: text/rfc822-headers"], orig.split(
                  "\r\n\r\n")[0] + "\r\n")
    body = multipart_body(b, [
        part(["Content-Description: Notification",
              "Content-Type: text/plain; charset=us-ascii"], crlf(notice)),
        part(["Content-Description: Delivery report",
              "Content-Type: message/delivery-status"], crlf(dsn)),
        last], "This is a MIME-encapsulated message.\r\n")
    msgid = "<%s.%s@mx.pekalongankota.go.id>" % (
        dt.strftime("%Y%m%d%H%M%S"), rid(rng, 10, "0123456789ABCDEF"))
    subj = rng.choice(["Undelivered Mail Returned to Sender",
                       "Delivery Status Notification (Failure)",
                       "Mail delivery failed: returning message to sender"])
    hdrs = []
    if rng.random() < 0.8:
        hdrs.append("Return-Path: <>")
    hdrs += ["Delivered-To: " + TO_ADDR,
             "Received: by mx.pekalongankota.go.id (Postfix)\r\n\tid %s; %s"
             % (rid(rng, 10, "0123456789ABCDEF"), date_hdr(dt)),
             "Date: " + date_hdr(dt),
             "From: MAILER-DAEMON@mx.pekalongankota.go.id (Mail Delivery "
             "System)", "Subject: " + subj, "To: " + TO_ADDR]
    if rng.random() < 0.5:
        hdrs.append("Auto-Submitted: auto-replied")
    hdrs += ["MIME-Version: 1.0",
             "Content-Type: multipart/report; report-type=delivery-status;"
             '\r\n\tboundary="%s"' % b, "Message-Id: " + msgid]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + body
    return raw, msgid, subj, "bounce from MAILER-DAEMON (multipart/report)"


def plan(rng, count):
    """[(kind, arg)] in processing order: ('req', i), ('fu', i), ('auto', k)
    and the set of requests that must start incomplete."""
    n_auto = sum(1 for _ in range(count) if rng.random() < 0.1)
    rest = count - n_auto
    n_fu = int(round(rest / 6.0 * rng.uniform(0.8, 1.2))) if rest >= 2 else 0
    n_req = rest - n_fu
    n_fu = min(n_fu, n_req)
    n_auto = count - n_req - n_fu
    seq = [("req", i) for i in range(n_req)]
    followed = sorted(rng.sample(range(n_req), n_fu))
    for r in followed:
        pos = seq.index(("req", r))
        seq.insert(rng.randint(pos + 1, len(seq)), ("fu", r))
    for k in range(n_auto):
        seq.insert(rng.randint(0, len(seq)),
                   ("auto", rng.choice(["ooo", "newsletter", "bounce"])))
    p_other = max(0.0, (0.3 * n_req - n_fu) / max(1, n_req - n_fu))
    incomplete = set(followed) | {i for i in range(n_req)
                                  if i not in followed and
                                  rng.random() < p_other}
    return seq, incomplete


def generate(seed, count):
    w = World(seed)
    rng = w.rng
    seq, incomplete = plan(rng, count)
    dt = datetime.datetime(2026, 11, rng.randint(2, 20), 7,
                           rng.randint(0, 59), rng.randint(0, 59))
    out, exp = [], []
    reqs = {}
    for n, (kind, arg) in enumerate(seq, 1):
        dt += datetime.timedelta(minutes=rng.randint(4, 95),
                                 seconds=rng.randint(0, 59))
        if dt.hour >= 17:
            dt = (dt + datetime.timedelta(days=1)).replace(
                hour=7, minute=rng.randint(0, 59))
        fname = "%d.M%04d.genmail" % (MAILDIR_STAMP, n)
        if kind == "req":
            req, raw, msgid, subj, desc, docs, cont, status, ku = \
                new_request(w, arg, dt, arg in incomplete)
            req["file"] = fname
            reqs[arg] = req
            w.requests.append(req)
            missing_after = [t for t in DOC_TYPES if t not in req["have"]]
            e = exp_entry(fname, "request", msgid, subj, desc, req, docs,
                          missing_after, ku, status, None, cont)
        elif kind == "fu":
            req = reqs[arg]
            raw, msgid, subj, desc, docs, cont, status, ku, ma = \
                new_followup(w, req, dt)
            e = exp_entry(fname, "followup", msgid, subj, desc, req, docs, ma,
                          ku, status, req["file"], cont)
        else:
            raw, msgid, subj, desc = new_auto(w, arg, dt, w.requests)
            e = exp_entry(fname, "ignored", msgid, subj, desc)
        if msgid in w.msgids:
            raise SystemExit("duplicate Message-ID %s" % msgid)
        w.msgids.add(msgid)
        data = raw.encode("utf-8")
        if len(data) > MAX_MSG:
            raise SystemExit("%s: %d bytes > %d (seed %d)" % (
                fname, len(data), MAX_MSG, seed))
        out.append((fname, data))
        exp.append(e)
    return out, exp


def write(outdir, mails, exp):
    inbox = os.path.join(outdir, "inbox")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(inbox, sub), exist_ok=True)
    for name, data in mails:
        with open(os.path.join(inbox, "new", name), "wb") as f:
            f.write(data)
    with open(os.path.join(outdir, "expected.json"), "w",
              encoding="utf-8") as f:
        json.dump(exp, f, indent=1, ensure_ascii=False)
        f.write("\n")


# ---------------------------------------------------------------------------
# Self-check: what Python's email package reads back
# ---------------------------------------------------------------------------


def leaves(msg):
    found, containers = [], []
    for p in msg.walk():
        ctype = p.get_content_type()
        name = p.get_filename()
        if ctype == "message/rfc822":
            if name:
                containers.append(name)
            continue
        if p.is_multipart() or not name:
            continue
        data = p.get_payload(decode=True)
        if data[:2] == b"PK":
            containers.append(name)
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for zi in zf.infolist():
                    found.append((zi.filename.rsplit("/", 1)[-1],
                                  zf.read(zi)))
            continue
        found.append((name, data))
    return found, containers


def check(mails, exp):
    problems = []
    by_file = {e["file"]: e for e in exp}
    for (name, raw), e in zip(mails, exp):
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
            problems.append("%s: bare CR or LF" % name)
        if any(len(l) > 998 for l in raw.split(b"\r\n")):
            problems.append("%s: line over 998 octets" % name)
        for p in msg.walk():
            if p.defects:
                problems.append("%s: defects %r" % (name, p.defects))
        if str(msg["Message-ID"]).strip() != e["message_id"]:
            problems.append("%s: Message-ID differs" % name)
        found, containers = leaves(msg)
        names = sorted(n for n, _ in found)
        if names != sorted(e["documents"]):
            problems.append("%s: attachments %r != expected %r" % (
                name, names, sorted(e["documents"])))
        if sorted(containers) != sorted(e["containers"]):
            problems.append("%s: containers %r != %r" % (
                name, containers, e["containers"]))
        for n, data in found:
            ext = n.lower().rsplit(".", 1)[-1]
            magic = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff",
                     "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG"}.get(ext, b"")
            if not data.startswith(magic):
                problems.append("%s: %s: magic bytes" % (name, n))
        if e["outcome"] == "followup":
            orig = by_file[e["followup_of"]]
            if orig["message_id"] not in str(msg["In-Reply-To"]) + \
                    str(msg["References"]):
                problems.append("%s: not threaded to %s" % (
                    name, orig["file"]))
        if e["outcome"] != "ignored" and msg.get_body(("plain", "html")) \
                is None:
            problems.append("%s: no body" % name)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--out", required=True)
    ap.add_argument("--check", action="store_true",
                    help="parse the output back and compare it with the "
                         "ground truth")
    args = ap.parse_args()
    mails, exp = generate(args.seed, args.count)
    write(args.out, mails, exp)
    if args.check:
        problems = check(mails, exp)
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
