#!/usr/bin/python3
"""Write sertel's sample inbox and its ground truth.

Usage:  /usr/bin/python3 scripts/gen-samples.py [--out DIR] [--check]

Writes, relative to the repository root (or DIR):
  samples/inbox/{cur,new,tmp}/          a Maildir of raw RFC 5322 messages (CRLF)
  samples/README.md                     one line per sample
  tests/data/samples-expected.json      ground truth per sample
--check parses what was written with Python's email package and compares
the attachments (including message/rfc822 and ZIP members) with the ground
truth, checks magic bytes and, when pdftotext is installed, the PDF text.

Everything is synthetic: people, NIK/NIP numbers, letters and IP addresses
(documentation ranges).  Output is byte-identical across runs: fixed seeds,
fixed dates (SOURCE_DATE_EPOCH for reportlab), no current time.
Needs Debian's python3-pil and python3-reportlab and fonts-dejavu-core.
"""

import argparse
import base64
import html
import io
import json
import math
import os
import quopri
import random
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTDIR = "/usr/share/fonts/truetype/dejavu"
TO_ADDR = "layanan.tte@pekalongankota.go.id"
MAILDIR_STAMP = "1763700000"
MAX_MSG = 400 * 1024

# ---------------------------------------------------------------------------
# People (synthetic).  NIK: PPKKCC DDMMYY SSSS (DD + 40 for women);
# NIP: YYYYMMDD (birth) YYYYMM (appointment) G (1 man, 2 woman) NNN.
# ---------------------------------------------------------------------------

INSTANSI = "Pemerintah Kota Pekalongan"

PEOPLE = {
    "budi": dict(
        nama="Budi Santoso, S.Kom.", nama_ktp="BUDI SANTOSO",
        sex="L", birth=(1988, 3, 14), region="337501", serial="0003",
        tmt=(2011, 1), nip_serial="002",
        tempat="PEKALONGAN", gol_darah="O",
        alamat="JL. URIP SUMOHARJO GG. 3 NO. 17", rt_rw="002/005",
        kel="MEDONO", kec="PEKALONGAN BARAT", agama="ISLAM",
        kawin="KAWIN", terbit="12-08-2018",
        pangkat="Penata / III/c",
        jabatan="Pranata Komputer Ahli Muda",
        unit="Dinas Komunikasi dan Informatika",
        email="budi.santoso@pekalongankota.go.id", hp="0812-2634-7719",
        atasan=("Dr. Hari Wibowo, S.T., M.T.", "197405121999031005",
                "Pembina Utama Muda / IV/c",
                "Kepala Dinas Komunikasi dan Informatika"),
    ),
    "rina": dict(
        nama="Rina Kusumawardani, S.Kom.", nama_ktp="RINA KUSUMAWARDANI",
        sex="P", birth=(1990, 7, 22), region="337502", serial="0001",
        tmt=(2015, 3), nip_serial="004",
        tempat="BATANG", gol_darah="A",
        alamat="PERUM KURIPAN INDAH BLOK C NO. 8", rt_rw="004/002",
        kel="KURIPAN YOSOREJO", kec="PEKALONGAN SELATAN", agama="ISLAM",
        kawin="KAWIN", terbit="05-03-2020",
        pangkat="Penata Muda Tingkat I / III/b",
        jabatan="Analis SDM Aparatur Ahli Pertama",
        unit="Badan Kepegawaian Daerah",
        email="rina.kusumawardani@pekalongankota.go.id", hp="0857-2915-3306",
        atasan=("Endang Sulistyowati, S.H., M.M.", "197110231995032002",
                "Pembina Utama Muda / IV/c",
                "Kepala Badan Kepegawaian Daerah"),
    ),
    "agus": dict(
        nama="Agus Setiawan, S.T.", nama_ktp="AGUS SETIAWAN",
        sex="L", birth=(1979, 11, 5), region="337503", serial="0002",
        tmt=(2006, 4), nip_serial="003",
        tempat="PEKALONGAN", gol_darah="B",
        alamat="JL. PELABUHAN GG. 7 NO. 21", rt_rw="006/003",
        kel="PANJANG WETAN", kec="PEKALONGAN UTARA", agama="ISLAM",
        kawin="KAWIN", terbit="21-01-2017",
        pangkat="Penata Tingkat I / III/d",
        jabatan="Kepala Seksi Pembangunan Jalan dan Jembatan",
        unit="Dinas Pekerjaan Umum dan Penataan Ruang",
        email="agus.setiawan@pekalongankota.go.id", hp="0821-3377-4102",
        atasan=("Ir. Joko Purnomo, M.T.", "196908171996031003",
                "Pembina Utama Muda / IV/c",
                "Kepala Dinas Pekerjaan Umum dan Penataan Ruang"),
    ),
    "dimas": dict(
        nama="Dimas Arya Nugroho, S.H.", nama_ktp="DIMAS ARYA NUGROHO",
        sex="L", birth=(1993, 1, 27), region="337504", serial="0004",
        tmt=(2019, 3), nip_serial="005",
        tempat="PEMALANG", gol_darah="AB",
        alamat="JL. JENGGOT RAYA NO. 45", rt_rw="001/004",
        kel="JENGGOT", kec="PEKALONGAN SELATAN", agama="ISLAM",
        kawin="BELUM KAWIN", terbit="14-06-2019",
        pangkat="Penata Muda / III/a",
        jabatan="Analis Hukum Ahli Pertama",
        unit="Bagian Hukum Sekretariat Daerah",
        email="dimas.nugroho@pekalongankota.go.id", hp="0896-5012-8837",
        atasan=("Yulia Rahmawati, S.H., M.H.", "198107092005012008",
                "Pembina / IV/a", "Kepala Bagian Hukum Sekretariat Daerah"),
    ),
    "nurul": dict(
        nama="Nurul Hidayah, S.Sos.", nama_ktp="NURUL HIDAYAH",
        sex="P", birth=(1988, 9, 3), region="337501", serial="0005",
        tmt=(2010, 1), nip_serial="006",
        tempat="PEKALONGAN", gol_darah="O",
        alamat="JL. PODOSUGIH GG. MELATI NO. 9", rt_rw="003/001",
        kel="PODOSUGIH", kec="PEKALONGAN BARAT", agama="ISLAM",
        kawin="KAWIN", terbit="30-09-2016",
        pangkat="Penata / III/c",
        jabatan="Sekretaris Kelurahan Podosugih",
        unit="Kelurahan Podosugih Kecamatan Pekalongan Barat",
        email="nurul.hidayah@pekalongankota.go.id", hp="0813-2740-5518",
        personal="nurulhidayah.pkl@gmail.com",
        atasan=("Agung Nugroho, S.STP., M.Si.", "198512202007121002",
                "Penata Tingkat I / III/d", "Lurah Podosugih"),
    ),
    "rizky": dict(
        nama="Muhammad Rizky Pratama, S.Kom.",
        nama_ktp="MUHAMMAD RIZKY PRATAMA",
        sex="L", birth=(1995, 6, 18), region="337501", serial="0001",
        tmt=(2021, 1), nip_serial="003",
        tempat="PEKALONGAN", gol_darah="A",
        alamat="JL. TIRTO GG. 2 NO. 5", rt_rw="005/002",
        kel="TIRTO", kec="PEKALONGAN BARAT", agama="ISLAM",
        kawin="BELUM KAWIN", terbit="02-07-2013",
        pangkat="Penata Muda / III/a",
        jabatan="Pranata Komputer Ahli Pertama",
        unit="Kecamatan Pekalongan Barat",
        email="rizky.pratama@pekalongankota.go.id", hp="0838-6144-2290",
        atasan=("Drs. Bambang Hermanto, M.Si.", "197002141996031004",
                "Pembina Tingkat I / IV/b", "Camat Pekalongan Barat"),
    ),
    "slamet": dict(
        nama="Slamet Hariyanto, S.H.", nama_ktp="SLAMET HARIYANTO",
        sex="L", birth=(1976, 12, 30), region="337502", serial="0006",
        tmt=(2003, 12), nip_serial="004",
        tempat="PEKALONGAN", gol_darah="B",
        alamat="JL. KH. MANSYUR GG. 4 NO. 11", rt_rw="002/006",
        kel="PONCOL", kec="PEKALONGAN TIMUR", agama="ISLAM",
        kawin="KAWIN", terbit="18-11-2015",
        pangkat="Pembina / IV/a",
        jabatan="Kepala Bidang Pelayanan Pendaftaran Penduduk",
        unit="Dinas Kependudukan dan Pencatatan Sipil",
        email="slamet.hariyanto@pekalongankota.go.id", hp="0815-4201-9963",
        atasan=("Rudi Hermawan, S.Sos., M.M.", "197303081998031006",
                "Pembina Utama Muda / IV/c",
                "Kepala Dinas Kependudukan dan Pencatatan Sipil"),
    ),
    "eko": dict(
        nama="Eko Prasetyo, S.IP.", nama_ktp="EKO PRASETYO",
        sex="L", birth=(1984, 4, 9), region="337504", serial="0001",
        tmt=(2009, 3), nip_serial="002",
        tempat="PEKALONGAN", gol_darah="O",
        alamat="JL. BANYURIP AGENG NO. 30", rt_rw="003/005",
        kel="BANYURIP", kec="PEKALONGAN SELATAN", agama="ISLAM",
        kawin="KAWIN", terbit="09-04-2014",
        pangkat="Penata Tingkat I / III/d",
        jabatan="Sekretaris Kecamatan Pekalongan Selatan",
        unit="Kecamatan Pekalongan Selatan",
        email="eko.prasetyo@pekalongankota.go.id", hp="0877-3091-6624",
        atasan=("Teguh Santosa, S.Sos., M.Si.", "197512112001121003",
                "Pembina / IV/a", "Camat Pekalongan Selatan"),
    ),
    "siti": dict(
        nama="Siti Aminah Rahmawati, A.Md.", nama_ktp="SITI AMINAH RAHMAWATI",
        sex="P", birth=(1992, 10, 11), region="337503", serial="0002",
        tmt=(2018, 1), nip_serial="001",
        tempat="PEKALONGAN", gol_darah="A",
        alamat="JL. KRAPYAK LOR GG. 9 NO. 3", rt_rw="007/002",
        kel="KRAPYAK", kec="PEKALONGAN UTARA", agama="ISLAM",
        kawin="KAWIN", terbit="25-10-2019",
        pangkat="Pengatur Tingkat I / II/d",
        jabatan="Pranata Keuangan APBD Terampil",
        unit="Kecamatan Pekalongan Utara",
        email="siti.aminah@pekalongankota.go.id", hp="0822-2610-7745",
        atasan=("Wahyu Kurniawan, S.IP., M.Si.", "197909282003121002",
                "Pembina / IV/a", "Camat Pekalongan Utara"),
    ),
    "hendra": dict(
        nama="Hendra Gunawan, S.Kom.", nama_ktp="HENDRA GUNAWAN",
        sex="L", birth=(1986, 8, 19), region="337504", serial="0003",
        tmt=(2011, 1), nip_serial="001",
        tempat="SEMARANG", gol_darah="O",
        alamat="JL. SOKODUWET GG. 1 NO. 14", rt_rw="001/003",
        kel="SOKODUWET", kec="PEKALONGAN SELATAN", agama="KRISTEN",
        kawin="KAWIN", terbit="03-02-2017",
        pangkat="Penata / III/c",
        jabatan="Kepala Subbagian Umum dan Kepegawaian",
        unit="Dinas Kesehatan",
        email="hendra.gunawan@pekalongankota.go.id", hp="0819-0455-3178",
        atasan=("dr. Sri Lestari Handayani, M.Kes.", "197201142000032003",
                "Pembina Utama Muda / IV/c", "Kepala Dinas Kesehatan"),
    ),
}

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember"]


def derive_ids(p):
    y, m, d = p["birth"]
    dd = d + (40 if p["sex"] == "P" else 0)
    p["nik"] = "%s%02d%02d%02d%s" % (p["region"], dd, m, y % 100, p["serial"])
    p["nip"] = "%04d%02d%02d%04d%02d%s%s" % (
        y, m, d, p["tmt"][0], p["tmt"][1], "1" if p["sex"] == "L" else "2",
        p["nip_serial"])
    p["ttl"] = "%s, %02d-%02d-%04d" % (p["tempat"], d, m, y)
    assert len(p["nik"]) == 16 and len(p["nip"]) == 18
    assert p["serial"] != "0000"


PEOPLE["wahyu"] = dict(
    nama="Wahyu Adi Nugraha, S.E.", nama_ktp="WAHYU ADI NUGRAHA",
    sex="L", birth=(1991, 5, 9), region="337503", serial="0012",
    tmt=(2017, 4), nip_serial="006",
    tempat="PEKALONGAN", gol_darah="B",
    alamat="JL. SLAMET NO. 21", rt_rw="003/004",
    kel="PANJANG WETAN", kec="PEKALONGAN UTARA", agama="ISLAM",
    kawin="KAWIN", terbit="03-02-2019",
    pangkat="Penata Muda Tk. I / III/b",
    jabatan="Analis Keuangan Pusat dan Daerah Ahli Pertama",
    unit="Badan Keuangan Daerah",
    email="wahyu.nugraha@pekalongankota.go.id", hp="0857-2290-4413",
    atasan=("Drs. Bambang Priyono, M.Si.", "196908141994031008",
            "Pembina Tk. I / IV/b", "Kepala Badan Keuangan Daerah"),
)

for _p in PEOPLE.values():
    derive_ids(_p)


def nip_spaced(nip):
    return "%s %s %s %s" % (nip[:8], nip[8:14], nip[14], nip[15:])


def form_of(p):
    return dict(nama=p["nama"], nik=p["nik"], nip=p["nip"],
                pangkat_golongan=p["pangkat"], jabatan=p["jabatan"],
                unit_kerja=p["unit"], instansi=INSTANSI,
                email_dinas=p["email"], no_hp=p["hp"])


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def font(name, size):
    return ImageFont.truetype(os.path.join(FONTDIR, name), size)


def crlf(text):
    """LF text to CRLF bytes-ready str."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def b64_body(data):
    return base64.encodebytes(data).decode("ascii").replace("\n", "\r\n")


def qp_body(text, charset):
    raw = text.replace("\r\n", "\n").encode(charset)
    out = quopri.encodestring(raw, quotetabs=False)
    return out.decode("ascii").replace("\n", "\r\n")


def rid(rng, n, alphabet="0123456789abcdef"):
    return "".join(rng.choice(alphabet) for _ in range(n))


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def uuid_from(rng, upper=False):
    h = rid(rng, 32)
    s = "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16],
                               "89ab"[int(h[16], 16) % 4], h[17:20], h[20:32])
    return s.upper() if upper else s


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
        b = ch.encode(charset)
        if ch == " ":
            enc = "_"
        elif re.match(r"[A-Za-z0-9!*+\-/]", ch):
            enc = ch
        else:
            enc = "".join("=%02X" % x for x in b)
        if len(pre) + len(cur) + len(enc) + 2 > maxlen and cur:
            words.append(pre + cur + "?=")
            cur = ""
        cur += enc
    if cur:
        words.append(pre + cur + "?=")
    return words


def rfc2231_params(param, value, charset="UTF-8", chunk=58):
    """Thunderbird-style RFC 2231 parameter: one piece or continuations."""
    enc = urllib.parse.quote(value.encode("utf-8"), safe="!#$&+-.^_`|~")
    if 1 + len(param) + 2 + len(charset) + 2 + len(enc) <= 78:
        return ["%s*=%s''%s" % (param, charset, enc)]
    pieces, i = [], 0
    while i < len(enc):
        j = min(i + chunk, len(enc))
        # never split a %XX escape
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


def flowed(text, width=72):
    """RFC 3676 format=flowed (DelSp=no): soft breaks keep a trailing space."""
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


def gmail_html(text):
    parts = []
    for line in text.split("\n"):
        if line == "":
            parts.append("<div><br></div>")
        else:
            parts.append("<div>%s</div>" % html.escape(line, quote=False))
    return '<div dir="ltr">' + "".join(parts) + "</div>\n"


def needs_qp(text):
    return any(len(l) > 76 for l in text.split("\n")) or \
        any(ord(c) > 127 for c in text)


# ---------------------------------------------------------------------------
# MIME assembly.  A part is (headers: list[str], body: str); header strings
# may contain their own folding ("\r\n " or "\r\n\t").  Bodies are already
# transfer-encoded and use CRLF.  8bit bodies are kept as str and encoded with
# their charset by the caller via bytes_part().
# ---------------------------------------------------------------------------

def part(headers, body):
    return "\r\n".join(headers) + "\r\n\r\n" + body


def multipart(headers, boundary, parts, preamble=None, epilogue=""):
    out = "\r\n".join(headers) + "\r\n\r\n"
    if preamble is not None:
        out += preamble + "\r\n"
    for p in parts:
        out += "--" + boundary + "\r\n" + p
        if not p.endswith("\r\n"):
            out += "\r\n"
    out += "--" + boundary + "--\r\n" + epilogue
    return out


def multipart_body(boundary, parts, preamble=None):
    """Only the body of a multipart (for top-level messages)."""
    out = ""
    if preamble is not None:
        out += preamble + "\r\n"
    for p in parts:
        out += "--" + boundary + "\r\n" + p
        if not p.endswith("\r\n"):
            out += "\r\n"
    out += "--" + boundary + "--\r\n"
    return out


def attach(ctype, name, data, disp="attachment", name_hdr=None,
           fname_hdr=None, extra=None, ctype_style="{ct}; name=\"{n}\"",
           disp_style="{d}; filename=\"{n}\""):
    """Generic base64 attachment with plain names."""
    hdrs = []
    hdrs.append("Content-Type: " + (name_hdr or ctype_style.format(ct=ctype,
                                                                   n=name)))
    hdrs.append("Content-Disposition: " + (fname_hdr or disp_style.format(
        d=disp, n=name)))
    hdrs.append("Content-Transfer-Encoding: base64")
    if extra:
        hdrs.extend(extra)
    return part(hdrs, b64_body(data))


def date_hdr(day, hms, tz="+0700"):
    """day: (dow, dd, 'Nov', yyyy)."""
    return "%s, %d %s %d %s %s" % (day[0], day[1], day[2], day[3], hms, tz)


def received(rng, frm_host, frm_ip, by_host, when, with_="ESMTPS",
             for_addr=TO_ADDR, tls=True):
    qid = rid(rng, 10, "0123456789ABCDEF")
    s = "Received: from %s (%s [%s])\r\n\tby %s (Postfix) with %s id %s\r\n" \
        "\tfor <%s>; %s" % (frm_host, frm_host if not frm_host.startswith("[")
                            else "unknown", frm_ip, by_host, with_, qid,
                            for_addr, when)
    if tls:
        s = s.replace("\r\n\tby",
                      "\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384"
                      " (256/256 bits))\r\n\tby", 1)
    return s


def envelope(rng, sender, when, client_hop=None):
    """Return-Path, Delivered-To and Received lines as added on delivery."""
    hdrs = ["Return-Path: <%s>" % sender,
            "Delivered-To: " + TO_ADDR,
            "Received: from mx.pekalongankota.go.id\r\n\tby mx.pekalongankota"
            ".go.id with LMTP\r\n\tid %s\r\n\t(envelope-from <%s>)\r\n\t"
            "for <%s>; %s" % (rid(rng, 22, ALNUM), sender, TO_ADDR, when)]
    if client_hop:
        hdrs.append(received(rng, *client_hop, "mx.pekalongankota.go.id",
                             when))
    return hdrs


# ---------------------------------------------------------------------------
# KTP images
# ---------------------------------------------------------------------------

KTP_W, KTP_H = 1011, 638


def ktp_card(p):
    W, H = KTP_W, KTP_H
    c1 = Image.new("RGB", (W, H), (206, 238, 246))
    c2 = Image.new("RGB", (W, H), (132, 196, 226))
    hmask = Image.linear_gradient("L").rotate(90).resize((W, H))
    vmask = Image.linear_gradient("L").resize((W, H))
    mask = Image.blend(hmask.transpose(Image.FLIP_LEFT_RIGHT), vmask, 0.4)
    img = Image.composite(c2, c1, mask)
    d = ImageDraw.Draw(img)
    # guilloche-like security lines
    for k in range(22):
        col = (120 + k % 5 * 6, 190 + k % 3 * 8, 222, )
        base = 40 + k * 28
        amp = 10 + (k % 4) * 4
        f = 0.011 + (k % 5) * 0.0017
        ph = k * 0.7
        pts = [(x, base + amp * math.sin(x * f + ph)) for x in range(0, W + 8,
                                                                     8)]
        d.line(pts, fill=col, width=1)
    for r in range(60, 260, 22):
        d.ellipse((360 - r, 360 - r * 0.7, 360 + r, 360 + r * 0.7),
                  outline=(176, 220, 238), width=1)
    hb = font("DejaVuSans-Bold.ttf", 30)
    d.text((W / 2, 16), "PROVINSI JAWA TENGAH", font=hb, fill=(0, 0, 0),
           anchor="mt")
    d.text((W / 2, 54), "KOTA PEKALONGAN", font=hb, fill=(0, 0, 0),
           anchor="mt")
    nb = font("DejaVuSans-Bold.ttf", 34)
    d.text((28, 104), "NIK", font=nb, fill=(0, 0, 0))
    d.text((190, 104), ": " + p["nik"], font=nb, fill=(0, 0, 0))
    f = font("DejaVuSans.ttf", 21)
    rows = [
        ("Nama", p["nama_ktp"], 0),
        ("Tempat/Tgl Lahir", p["ttl"], 0),
        ("Jenis Kelamin", "LAKI-LAKI" if p["sex"] == "L" else "PEREMPUAN", 0),
        ("Alamat", p["alamat"], 0),
        ("RT/RW", p["rt_rw"], 30),
        ("Kel/Desa", p["kel"], 30),
        ("Kecamatan", p["kec"], 30),
        ("Agama", p["agama"], 0),
        ("Status Perkawinan", p["kawin"], 0),
        ("Pekerjaan", "PEGAWAI NEGERI SIPIL", 0),
        ("Kewarganegaraan", "WNI", 0),
        ("Berlaku Hingga", "SEUMUR HIDUP", 0),
    ]
    y = 162
    for label, value, ind in rows:
        d.text((28 + ind, y), label, font=f, fill=(0, 0, 0))
        d.text((262, y), ":", font=f, fill=(0, 0, 0))
        d.text((280, y), value, font=f, fill=(0, 0, 0))
        if label == "Jenis Kelamin":
            d.text((480, y), "Gol. Darah", font=f, fill=(0, 0, 0))
            d.text((602, y), ": " + p["gol_darah"], font=f, fill=(0, 0, 0))
        y += 35
    # photo placeholder with a head-and-shoulders silhouette
    px0, py0, px1, py1 = 770, 118, 975, 392
    d.rectangle((px0, py0, px1, py1), fill=(150, 150, 150))
    d.ellipse((833, 160, 913, 256), fill=(178, 178, 178))
    d.pieslice((792, 262, 954, 440), 180, 360, fill=(178, 178, 178))
    d.rectangle((px0, py0, px1, py1), outline=(110, 110, 110), width=2)
    sf = font("DejaVuSans.ttf", 17)
    d.text(((px0 + px1) / 2, 404), "KOTA PEKALONGAN", font=sf,
           fill=(0, 0, 0), anchor="mt")
    d.text(((px0 + px1) / 2, 428), p["terbit"], font=sf, fill=(0, 0, 0),
           anchor="mt")
    sig = [(800 + i * 5, 490 + 16 * math.sin(i * 0.55) + i * 0.4)
           for i in range(32)]
    d.line(sig, fill=(20, 20, 60), width=2)
    return img.filter(ImageFilter.GaussianBlur(0.5))


def jpeg(img, quality=85, exif=None, **kw):
    buf = io.BytesIO()
    if exif is not None:
        img.save(buf, "JPEG", quality=quality, exif=exif, **kw)
    else:
        img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def camera_exif(make, model, when):
    ex = Image.Exif()
    ex[0x010F] = make
    ex[0x0110] = model
    ex[0x0112] = 1
    ex[0x0132] = when
    sub = ex.get_ifd(0x8769)
    sub[0x9003] = when
    sub[0x9004] = when
    return ex.tobytes()


def phone_photo(card, size, surface, angle, seed):
    rng = random.Random(seed)
    W, H = size
    bg = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(bg)
    if surface == "wood":
        y = 0
        while y < H:
            h = rng.randint(3, 9)
            t = rng.random()
            col = (int(118 + 30 * t), int(80 + 20 * t), int(48 + 12 * t))
            d.rectangle((0, y, W, y + h), fill=col)
            y += h
        bg = bg.filter(ImageFilter.GaussianBlur(1.5))
    else:
        mask = Image.linear_gradient("L").resize((W, H))
        bg = Image.composite(Image.new("RGB", (W, H), (150, 150, 146)),
                             Image.new("RGB", (W, H), (222, 222, 218)), mask)
    cw = int(W * 0.8)
    ch = int(cw * KTP_H / KTP_W)
    cimg = card.resize((cw, ch), Image.LANCZOS)
    cmask = Image.new("L", (cw, ch), 0)
    ImageDraw.Draw(cmask).rounded_rectangle((0, 0, cw - 1, ch - 1), 26,
                                            fill=255)
    cimg = cimg.rotate(angle, resample=Image.BICUBIC, expand=True)
    cmask = cmask.rotate(angle, resample=Image.BICUBIC, expand=True)
    ox = (W - cimg.width) // 2 + 6
    oy = (H - cimg.height) // 2 - 4
    shadow = Image.new("L", (W, H), 0)
    shadow.paste(cmask, (ox + 10, oy + 14))
    shadow = shadow.filter(ImageFilter.GaussianBlur(12))
    bg = Image.composite(Image.new("RGB", (W, H), (40, 32, 28)), bg,
                         shadow.point(lambda v: v * 0.55))
    bg.paste(cimg, (ox, oy), cmask)
    # vignette and a warm indoor cast
    vig = Image.radial_gradient("L").resize((W, H))
    vig = vig.point(lambda v: max(0, v - 90) * 0.5)
    bg = Image.composite(Image.new("RGB", (W, H), (0, 0, 0)), bg, vig)
    r, g, b = bg.split()
    r = r.point(lambda v: min(255, int(v * 1.04)))
    b = b.point(lambda v: int(v * 0.94))
    bg = Image.merge("RGB", (r, g, b))
    return bg.filter(ImageFilter.GaussianBlur(0.7))


def ktp_scan_jpeg(p):
    return jpeg(ktp_card(p), 85)


def ktp_grey_jpeg(p):
    return jpeg(ktp_card(p).convert("L"), 85)


def logo_png(lines):
    img = Image.new("RGB", (220, 64), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.ellipse((6, 6, 58, 58), fill=(0, 94, 160))
    d.polygon([(32, 14), (48, 46), (16, 46)], fill=(255, 205, 40))
    d.text((66, 12), lines[0], font=font("DejaVuSans-Bold.ttf", 14),
           fill=(0, 60, 120))
    d.text((66, 34), lines[1], font=font("DejaVuSans.ttf", 12),
           fill=(60, 60, 60))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# PDF documents: a tiny block layout shared by the PDF and raster renderers
# ---------------------------------------------------------------------------

pdfmetrics.registerFont(TTFont("DejaVuSerif",
                               os.path.join(FONTDIR, "DejaVuSerif.ttf")))
pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold",
                               os.path.join(FONTDIR, "DejaVuSerif-Bold.ttf")))
pdfmetrics.registerFont(TTFont("DejaVuSans",
                               os.path.join(FONTDIR, "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVuSans-Bold",
                               os.path.join(FONTDIR, "DejaVuSans-Bold.ttf")))

FONTSETS = {
    "helv": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "serif": ("DejaVuSerif", "DejaVuSerif-Bold"),
    "sans": ("DejaVuSans", "DejaVuSans-Bold"),
}
TTF_FILES = {"DejaVuSerif": "DejaVuSerif.ttf",
             "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
             "DejaVuSans": "DejaVuSans.ttf",
             "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP = 25 * mm, PAGE_W - 20 * mm, 22 * mm


def layout(blocks, fontset="helv", size=11):
    """Blocks to drawing ops [(kind, ...)], y measured from the page top."""
    reg, bold = FONTSETS[fontset]
    lead = size * 1.45
    ops = []
    y = TOP
    width = RIGHT - LEFT

    def text(x, s, fnt=reg, sz=size):
        ops.append(("text", x, y, fnt, sz, s))

    for b in blocks:
        kind = b[0]
        if kind == "kop":
            lines = b[1]
            y += 14
            ops.append(("text_c", PAGE_W / 2, y, bold, 14, lines[0]))
            y += 18
            ops.append(("text_c", PAGE_W / 2, y, bold, 15, lines[1]))
            for extra in lines[2:]:
                y += 13
                ops.append(("text_c", PAGE_W / 2, y, reg, 9, extra))
            y += 8
            ops.append(("line", LEFT, y, RIGHT, y, 2))
            ops.append(("line", LEFT, y + 3, RIGHT, y + 3, 0.6))
            y += 16
        elif kind in ("title", "center", "center_b"):
            fnt = bold if kind in ("title", "center_b") else reg
            sz = size + 1 if kind == "title" else size
            for line in simpleSplit(b[1], fnt, sz, width):
                y += lead
                ops.append(("text_c", PAGE_W / 2, y, fnt, sz, line))
                if kind == "title" and len(b) > 2 and b[2]:
                    w = pdfmetrics.stringWidth(line, fnt, sz)
                    ops.append(("line", PAGE_W / 2 - w / 2, y + 2,
                                PAGE_W / 2 + w / 2, y + 2, 0.8))
        elif kind == "right":
            y += lead
            ops.append(("text_r", RIGHT, y, reg, size, b[1]))
        elif kind == "para":
            ind = b[2] if len(b) > 2 else 0
            for line in simpleSplit(b[1], reg, size, width - ind):
                y += lead
                text(LEFT + ind, line)
        elif kind == "kv":
            label, value = b[1], b[2]
            ind = b[3] if len(b) > 3 else 0
            lw = b[4] if len(b) > 4 else 45 * mm
            y += lead
            text(LEFT + ind, label)
            text(LEFT + ind + lw, ":")
            lines = simpleSplit(value, reg, size, width - ind - lw - 8)
            for i, line in enumerate(lines):
                if i:
                    y += lead
                text(LEFT + ind + lw + 8, line)
        elif kind == "gap":
            y += b[1]
        elif kind == "sign":
            x = PAGE_W / 2 + 15 * mm
            for line in b[1]:
                y += lead
                if line == "":
                    continue
                fnt = bold if line.startswith("*") else reg
                ops.append(("text", x, y, fnt, size, line.lstrip("*")))
        elif kind == "footer":
            ops.append(("text_c", PAGE_W / 2, PAGE_H - 12 * mm, reg, 8, b[1]))
        else:
            raise ValueError(kind)
    return ops


def pdf_draw(c, ops, invisible=False):
    for op in ops:
        if op[0] == "line":
            if invisible:
                continue
            _, x1, y1, x2, y2, w = op
            c.setLineWidth(w)
            c.line(x1, PAGE_H - y1, x2, PAGE_H - y2)
            continue
        kind, x, y, fnt, sz, s = op
        if kind == "text_c":
            x = x - pdfmetrics.stringWidth(s, fnt, sz) / 2
        elif kind == "text_r":
            x = x - pdfmetrics.stringWidth(s, fnt, sz)
        t = c.beginText(x, PAGE_H - y)
        t.setFont(fnt, sz)
        if invisible:
            t.setTextRenderMode(3)
        t.textOut(s)
        c.drawText(t)


def raster_draw(ops, dpi, paper=(250, 249, 244), ink=(28, 28, 34)):
    k = dpi / 72.0
    img = Image.new("RGB", (int(PAGE_W * k), int(PAGE_H * k)), paper)
    d = ImageDraw.Draw(img)
    cache = {}
    for op in ops:
        if op[0] == "line":
            _, x1, y1, x2, y2, w = op
            d.line((x1 * k, y1 * k, x2 * k, y2 * k), fill=ink,
                   width=max(1, int(w * k)))
            continue
        kind, x, y, fnt, sz, s = op
        key = (fnt, sz)
        if key not in cache:
            cache[key] = font(TTF_FILES[fnt], max(6, int(round(sz * k))))
        anchor = {"text": "ls", "text_c": "ms", "text_r": "rs"}[kind]
        d.text((x * k, y * k), s, font=cache[key], fill=ink, anchor=anchor)
    return img


def make_pdf(blocks, meta, epoch, fontset="helv", size=11, producer=None):
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(meta.get("title", ""))
    c.setAuthor(meta.get("author", ""))
    c.setCreator(meta.get("creator", "Microsoft Word"))
    c.setSubject("")
    if producer:
        c._doc.info.producer = producer
    pdf_draw(c, layout(blocks, fontset, size))
    c.showPage()
    c.save()
    del os.environ["SOURCE_DATE_EPOCH"]
    return buf.getvalue()


def epoch_of(y, m, d, hh=9, mi=0):
    import calendar
    return calendar.timegm((y, m, d, hh, mi, 0)) - 7 * 3600


def tgl(y, m, d):
    return "%d %s %d" % (d, BULAN[m - 1], y)


def kop_unit(unit):
    u = unit.upper()
    if u.startswith("KELURAHAN"):
        kel, kec = unit.split(" Kecamatan ")
        return ["PEMERINTAH KOTA PEKALONGAN",
                "KECAMATAN " + kec.upper(), kel.upper(),
                "Laman: pekalongankota.go.id   Pos-el: kel.%s@pekalongankota"
                ".go.id" % kel.split()[-1].lower()]
    if u.startswith("BAGIAN"):
        return ["PEMERINTAH KOTA PEKALONGAN", "SEKRETARIAT DAERAH",
                "Laman: pekalongankota.go.id   Pos-el: setda@pekalongankota"
                ".go.id"]
    slug = "".join(w[0] for w in unit.split() if w[0].isupper()).lower()
    return ["PEMERINTAH KOTA PEKALONGAN", u,
            "Laman: pekalongankota.go.id   Pos-el: %s@pekalongankota.go.id"
            % slug, "PEKALONGAN 51111"]


def doc_permohonan(p, date, with_kop=False):
    blocks = []
    if with_kop:
        blocks.append(("kop", kop_unit(p["unit"])))
    blocks += [
        ("title", "SURAT PERMOHONAN PENERBITAN SERTIFIKAT ELEKTRONIK", True),
        ("gap", 10),
        ("right", "Pekalongan, " + tgl(*date)),
        ("para", "Yth. Kepala Dinas Komunikasi dan Informatika"),
        ("para", "Kota Pekalongan"),
        ("para", "di Pekalongan"),
        ("gap", 8),
        ("para", "Dengan hormat,"),
        ("para", "Yang bertanda tangan di bawah ini:"),
        ("kv", "Nama", p["nama"], 10),
        ("kv", "NIP", p["nip"], 10),
        ("kv", "Pangkat/Golongan", p["pangkat"], 10),
        ("kv", "Jabatan", p["jabatan"], 10),
        ("kv", "Unit Kerja", p["unit"], 10),
        ("gap", 4),
        ("para", "dengan ini mengajukan permohonan penerbitan Sertifikat "
                 "Elektronik untuk individu yang diterbitkan oleh Balai Besar "
                 "Sertifikasi Elektronik (BSrE) Badan Siber dan Sandi Negara, "
                 "untuk keperluan penandatanganan dokumen elektronik dalam "
                 "pelaksanaan tugas kedinasan."),
        ("para", "Sebagai kelengkapan, bersama ini kami lampirkan:"),
        ("para", "1. Formulir Pendaftaran Sertifikat Elektronik;", 10),
        ("para", "2. Surat Rekomendasi dari atasan langsung;", 10),
        ("para", "3. Scan KTP berwarna;", 10),
        ("para", "4. Fotokopi SK jabatan terakhir.", 10),
        ("para", "Demikian permohonan ini kami sampaikan. Atas perhatian dan "
                 "kerja samanya kami ucapkan terima kasih."),
        ("gap", 10),
        ("sign", ["Hormat saya,", "Pemohon,", "", "", "", "*" + p["nama"],
                  "NIP. " + nip_spaced(p["nip"])]),
    ]
    return blocks


def doc_formulir(p, date):
    return [
        ("kop", ["PEMERINTAH KOTA PEKALONGAN",
                 "DINAS KOMUNIKASI DAN INFORMATIKA",
                 "Layanan Sertifikat Elektronik - Pos-el: "
                 "layanan.tte@pekalongankota.go.id"]),
        ("title", "FORMULIR PENDAFTARAN SERTIFIKAT ELEKTRONIK", True),
        ("center", "Jenis Sertifikat: Individu (Perorangan)"),
        ("gap", 12),
        ("para", "Data Pemohon"),
        ("kv", "Nama", p["nama"]),
        ("kv", "NIK", p["nik"]),
        ("kv", "NIP", p["nip"]),
        ("kv", "Pangkat/Golongan", p["pangkat"]),
        ("kv", "Jabatan", p["jabatan"]),
        ("kv", "Unit Kerja", p["unit"]),
        ("kv", "Instansi", INSTANSI),
        ("kv", "Email Dinas", p["email"]),
        ("kv", "No. HP", p["hp"]),
        ("gap", 10),
        ("para", "Dengan ini saya menyatakan bahwa data yang saya isikan di "
                 "atas adalah benar dan saya bersedia mematuhi ketentuan "
                 "penggunaan sertifikat elektronik serta menjaga kerahasiaan "
                 "passphrase dan kunci privat."),
        ("gap", 10),
        ("sign", ["Pekalongan, " + tgl(*date), "Pemohon,", "", "", "",
                  "*" + p["nama"], "NIP. " + p["nip"]]),
    ]


def doc_rekomendasi(p, date, nomor):
    a = p["atasan"]
    return [
        ("kop", kop_unit(p["unit"])),
        ("title", "SURAT REKOMENDASI", True),
        ("center", "Nomor: " + nomor),
        ("gap", 10),
        ("para", "Yang bertanda tangan di bawah ini:"),
        ("kv", "Nama", a[0], 10),
        ("kv", "NIP", nip_spaced(a[1]), 10),
        ("kv", "Pangkat/Golongan", a[2], 10),
        ("kv", "Jabatan", a[3], 10),
        ("gap", 4),
        ("para", "dengan ini memberikan rekomendasi kepada:"),
        ("kv", "Nama", p["nama"], 10),
        ("kv", "NIP", nip_spaced(p["nip"]), 10),
        ("kv", "Pangkat/Golongan", p["pangkat"], 10),
        ("kv", "Jabatan", p["jabatan"], 10),
        ("kv", "Unit Kerja", p["unit"], 10),
        ("gap", 4),
        ("para", "untuk diterbitkan Sertifikat Elektronik oleh Balai Besar "
                 "Sertifikasi Elektronik (BSrE) Badan Siber dan Sandi Negara "
                 "guna mendukung pelaksanaan tugas kedinasan, khususnya "
                 "penandatanganan naskah dinas secara elektronik."),
        ("para", "Demikian surat rekomendasi ini dibuat untuk dapat "
                 "dipergunakan sebagaimana mestinya."),
        ("gap", 10),
        ("sign", ["Pekalongan, " + tgl(*date), a[3] + ",", "", "", "",
                  "*" + a[0], a[2].split(" / ")[0],
                  "NIP. " + nip_spaced(a[1])]),
    ]


SK_PEJABAT = ("Endang Sulistyowati, S.H., M.M.", "197110231995032002")


def doc_sk(p, nomor, date, fungsional=True):
    jenis = ("PENGANGKATAN DALAM JABATAN FUNGSIONAL" if fungsional else
             "PENGANGKATAN DALAM JABATAN ADMINISTRATOR DAN PENGAWAS")
    return [
        ("center_b", "PETIKAN"),
        ("center_b", "KEPUTUSAN WALI KOTA PEKALONGAN"),
        ("center_b", "NOMOR " + nomor),
        ("gap", 4),
        ("center_b", "TENTANG"),
        ("gap", 4),
        ("center_b", jenis),
        ("center_b", "DI LINGKUNGAN PEMERINTAH KOTA PEKALONGAN"),
        ("gap", 10),
        ("center_b", "WALI KOTA PEKALONGAN,"),
        ("gap", 6),
        ("kv", "Menimbang", "dst.", 0, 30 * mm),
        ("kv", "Mengingat", "dst.", 0, 30 * mm),
        ("gap", 6),
        ("center_b", "MEMUTUSKAN:"),
        ("kv", "Menetapkan", "", 0, 30 * mm),
        ("kv", "KESATU", "Mengangkat Pegawai Negeri Sipil yang namanya "
                         "tersebut di bawah ini:", 0, 30 * mm),
        ("kv", "Nama", p["nama_ktp"], 30 * mm, 44 * mm),
        ("kv", "NIP", p["nip"], 30 * mm, 44 * mm),
        ("kv", "Pangkat/Gol. Ruang", p["pangkat"], 30 * mm, 44 * mm),
        ("kv", "Dalam Jabatan", p["jabatan"], 30 * mm, 44 * mm),
        ("kv", "Unit Kerja", p["unit"], 30 * mm, 44 * mm),
        ("kv", "KEDUA", "Kepada pegawai tersebut diberikan hak dan "
                        "kewajiban sesuai dengan ketentuan peraturan "
                        "perundang-undangan.", 0, 30 * mm),
        ("kv", "KETIGA", "Keputusan ini mulai berlaku pada tanggal "
                         "ditetapkan.", 0, 30 * mm),
        ("gap", 10),
        ("sign", ["Ditetapkan di Pekalongan", "pada tanggal " + tgl(*date),
                  "WALI KOTA PEKALONGAN,", "ttd.", "*HERU SUSANTO"]),
        ("gap", 6),
        ("para", "Petikan sesuai dengan aslinya"),
        ("para", "KEPALA BADAN KEPEGAWAIAN DAERAH,"),
        ("gap", 26),
        ("para", SK_PEJABAT[0]),
        ("para", "NIP. " + nip_spaced(SK_PEJABAT[1])),
    ]


def pdf_formulir_acroform(p, date, epoch):
    """A fillable Formulir Pendaftaran with filled-in AcroForm text fields."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("Formulir Pendaftaran Sertifikat Elektronik")
    c.setAuthor("Diskominfo Kota Pekalongan")
    c.setCreator("Adobe Acrobat Pro DC")
    c.setSubject("")
    head = layout([
        ("kop", ["PEMERINTAH KOTA PEKALONGAN",
                 "DINAS KOMUNIKASI DAN INFORMATIKA",
                 "Layanan Sertifikat Elektronik - Pos-el: "
                 "layanan.tte@pekalongankota.go.id"]),
        ("title", "FORMULIR PENDAFTARAN SERTIFIKAT ELEKTRONIK", True),
        ("center", "Jenis Sertifikat: Individu (Perorangan)"),
        ("center", "(formulir isian - ketik langsung pada kolom yang tersedia)"),
    ], "helv", 11)
    pdf_draw(c, head)
    fields = [("nama", "Nama Lengkap", p["nama"]),
              ("nik", "NIK", p["nik"]),
              ("nip", "NIP", p["nip"]),
              ("pangkat_golongan", "Pangkat/Golongan", p["pangkat"]),
              ("jabatan", "Jabatan", p["jabatan"]),
              ("unit_kerja", "Unit Kerja", p["unit"]),
              ("instansi", "Instansi", INSTANSI),
              ("email_dinas", "Email Dinas", p["email"]),
              ("no_hp", "No. HP", p["hp"])]
    y = PAGE_H - 70 * mm
    form = c.acroForm
    for name, label, value in fields:
        c.setFont("Helvetica", 11)
        c.drawString(LEFT, y + 5, label)
        c.drawString(LEFT + 42 * mm, y + 5, ":")
        form.textfield(name=name, tooltip=label, value=value,
                       x=LEFT + 46 * mm, y=y, width=110 * mm, height=18,
                       fontName="Helvetica", fontSize=10, borderWidth=0.6,
                       borderColor=None, fillColor=None,
                       textColor=None, forceBorder=True)
        y -= 26
    c.setFont("Helvetica", 11)
    y -= 10
    for line in simpleSplit(
            "Dengan ini saya menyatakan bahwa data yang saya isikan di atas "
            "adalah benar dan saya bersedia mematuhi ketentuan penggunaan "
            "sertifikat elektronik.", "Helvetica", 11, RIGHT - LEFT):
        c.drawString(LEFT, y, line)
        y -= 16
    y -= 10
    x = PAGE_W / 2 + 15 * mm
    c.drawString(x, y, "Pekalongan, " + tgl(*date))
    c.drawString(x, y - 16, "Pemohon,")
    form.textfield(name="ttd_nama", tooltip="Nama terang", value=p["nama"],
                   x=x, y=y - 90, width=70 * mm, height=16,
                   fontName="Helvetica", fontSize=10, borderWidth=0)
    c.showPage()
    c.save()
    del os.environ["SOURCE_DATE_EPOCH"]
    return buf.getvalue()


def pdf_camscanner(blocks, epoch, seed):
    """Phone-scanned page: a JPEG page image plus an invisible OCR text layer,
    as CamScanner writes it."""
    ops = layout(blocks, "serif", 11)
    page = raster_draw(ops, 96)
    page = page.rotate(0.35, resample=Image.BICUBIC, fillcolor=(236, 234, 228))
    # uneven lighting of a phone capture
    W, H = page.size
    shade = Image.linear_gradient("L").resize((W, H)).point(
        lambda v: int(v * 0.10))
    page = Image.composite(Image.new("RGB", (W, H), (60, 58, 50)), page, shade)
    page = page.filter(ImageFilter.GaussianBlur(0.45))
    data = jpeg(page, 62)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("CamScanner 21-11-2026 09.15")
    c.setAuthor("")
    c.setCreator("CamScanner")
    c.setSubject("")
    c._doc.info.producer = "intsig.com pdf producer"
    c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, PAGE_W, PAGE_H)
    pdf_draw(c, ops, invisible=True)
    c.setFont("Helvetica", 7)
    c.setFillColorRGB(0.45, 0.45, 0.45)
    c.drawRightString(PAGE_W - 8 * mm, 6 * mm, "Dipindai dengan CamScanner")
    c.showPage()
    c.save()
    del os.environ["SOURCE_DATE_EPOCH"]
    return buf.getvalue()


def meta(title, author, creator="Microsoft\u00ae Word 2019"):
    return dict(title=title, author=author, creator=creator)


# ---------------------------------------------------------------------------
# Samples.  Each builder returns (raw message str, expected dict, readme line).
# Raw strings are ASCII except for declared 8bit UTF-8 parts; they are written
# encoded as UTF-8.
# ---------------------------------------------------------------------------

FRI20 = ("Fri", 20, "Nov", 2026)
SAT21 = ("Sat", 21, "Nov", 2026)
SUN22 = ("Sun", 22, "Nov", 2026)
MON23 = ("Mon", 23, "Nov", 2026)
TUE24 = ("Tue", 24, "Nov", 2026)

DOC_TYPES = ["surat_permohonan", "formulir_pendaftaran", "surat_rekomendasi",
             "ktp", "sk_jabatan"]


def gmail_boundary(rng):
    return "000000000000" + rid(rng, 16)


def gmail_msgid(rng):
    return "<CA%s@mail.gmail.com>" % rid(rng, 46, ALNUM + "_+-=")


def gmail_att_id(rng, prefix="f_"):
    return prefix + "m" + rid(rng, 8, "abcdefghijklmnopqrstuvwxyz0123456789")


def gmail_attachment(rng, ctype, name, data, inline=False):
    aid = gmail_att_id(rng, "ii_" if inline else "f_")
    return aid, part([
        'Content-Type: %s; name="%s"' % (ctype, name),
        'Content-Disposition: %s; filename="%s"' % (
            "inline" if inline else "attachment", name),
        "Content-Transfer-Encoding: base64",
        "Content-ID: <%s>" % aid,
        "X-Attachment-Id: " + aid], b64_body(data))


def gmail_text_parts(text, htmltext=None):
    """Gmail's text/plain + text/html pair (UTF-8, QP when needed)."""
    htmltext = htmltext if htmltext is not None else gmail_html(text)
    parts = []
    for ctype, body in (("text/plain", text), ("text/html", htmltext)):
        if needs_qp(body):
            parts.append(part(['Content-Type: %s; charset="UTF-8"' % ctype,
                               "Content-Transfer-Encoding: quoted-printable"],
                              qp_body(body, "utf-8")))
        else:
            parts.append(part(['Content-Type: %s; charset="UTF-8"' % ctype],
                              crlf(body)))
    return parts


def gmail_extra(rng):
    return ["X-Gm-Message-State: AOJu0Y" + rid(rng, 60, ALNUM + "+/"),
            "X-Google-Smtp-Source: AGHT+IF" + rid(rng, 60, ALNUM + "+/"),
            "X-Received: by 2002:a17:90b:%s:b0:%s with SMTP id %s;\r\n"
            "        placeholder" % (rid(rng, 4), rid(rng, 3), rid(rng, 12))]


def fix_xreceived(hdrs, when):
    return [h.replace("placeholder", when) for h in hdrs]


def prev_workday(date):
    import datetime
    d = datetime.date(*date) - datetime.timedelta(days=1)
    while d.weekday() >= 5:
        d -= datetime.timedelta(days=1)
    return (d.year, d.month, d.day)


def std_docs(p, key, date=(2026, 11, 20), fonts=("helv", "helv", "times",
                                                 "helv"),
             nomor_sr=None, nomor_sk=None, sk_date=(2025, 1, 3),
             fungsional=True, kop=False):
    """The four PDF documents of a person (permohonan, formulir, SR, SK)."""
    e = epoch_of(*date, 10, 0)
    rnum = random.Random("nomor-" + key)
    nomor_sr = nomor_sr or "800.1.2/%03d/%s/2026" % (rnum.randint(20, 400),
                                                     "XI")
    nomor_sk = nomor_sk or "800.1.3.3/%03d TAHUN %d" % (rnum.randint(5, 90),
                                                        sk_date[0])
    perm = make_pdf(doc_permohonan(p, date, kop),
                    meta("Surat Permohonan TTE", p["nama_ktp"].title()), e,
                    fonts[0])
    form = make_pdf(doc_formulir(p, date),
                    meta("Formulir Pendaftaran Sertifikat Elektronik",
                         p["nama_ktp"].title()), e + 300, fonts[1])
    sr_date = prev_workday(date)
    sr = make_pdf(doc_rekomendasi(p, sr_date, nomor_sr),
                  meta("Surat Rekomendasi", p["atasan"][0]), e - 86400,
                  fonts[2])
    sk = make_pdf(doc_sk(p, nomor_sk, sk_date, fungsional),
                  meta("Petikan Keputusan", "BKD Kota Pekalongan",
                       "Microsoft\u00ae Word 2016"),
                  epoch_of(*sk_date, 14, 0), fonts[3])
    return perm, form, sr, sk


def expected(file, outcome, p=None, documents=None, missing=None,
             ktp_usable=None, followup_of=None, status=None, containers=None,
             sender=None, subject=None, msgid=None, shape=""):
    e = {"file": file, "outcome": outcome}
    if p is None:
        e.update(applicant_email=None, nama=None, nik=None, nip=None,
                 documents={}, missing_after=None, ktp_usable=None,
                 followup_of=None, status=None, containers=[],
                 email_dinas=None, form=None, ktp=None)
    else:
        e.update(applicant_email=sender, nama=p["nama"], nik=p["nik"],
                 nip=p["nip"], documents=documents, missing_after=missing,
                 ktp_usable=ktp_usable, followup_of=followup_of,
                 status=status, containers=containers or [],
                 email_dinas=p["email"], form=form_of(p),
                 ktp={"nik": p["nik"], "nama": p["nama_ktp"]})
    e["subject"] = subject
    e["message_id"] = msgid
    e["shape"] = shape
    return e


# --- M001: Android Gmail app, personal account, inline KTP photo -----------

def s_android(file):
    p = PEOPLE["nurul"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(SAT21, "09:41:08")
    perm, form, sr, _ = std_docs(p, "nurul")
    photo = phone_photo(ktp_card(p), (1200, 900), "wood", -2.0, "nurul")
    ktp = jpeg(photo, 84, exif=camera_exif("samsung", "SM-A546E",
                                           "2026:11:21 09:30:15"))
    cam = pdf_camscanner(doc_sk(p, "800.1.3.3/041 TAHUN 2024",
                                (2024, 7, 1), False),
                         epoch_of(2026, 11, 21, 9, 15), "cam-nurul")
    text = (
        "Assalamualaikum wr. wb.\n"
        "Selamat pagi Bapak/Ibu admin TTE Diskominfo,\n"
        "\n"
        "Mohon maaf mengirim di hari Sabtu. Saya mengajukan permohonan "
        "sertifikat elektronik untuk TTE, data sebagai berikut:\n"
        "\n"
        "Nama : %s\n"
        "NIK : %s\n"
        "NIP : %s\n"
        "Pangkat/Golongan : %s\n"
        "Jabatan : %s\n"
        "Unit Kerja : %s\n"
        "E-mail : %s\n"
        "No. HP : %s\n"
        "\n"
        "Foto KTP saya tempel di bawah ini, berkas lainnya terlampir.\n"
        "\n"
        "[image: IMG_20261121_093015.jpg]\n"
        "\n"
        "Terima kasih.\n"
        "Wassalamualaikum wr. wb.\n"
        % (p["nama"], p["nik"], p["nip"], p["pangkat"], p["jabatan"],
           p["unit"], p["email"], p["hp"]))
    aid, img_part = gmail_attachment(rng, "image/jpeg",
                                     "IMG_20261121_093015.jpg", ktp, True)
    hlines = text.split("\n")
    htmltext = gmail_html("\n".join(hlines[:15])).replace("</div>\n", "") + \
        ('<div><img src="cid:%s" alt="IMG_20261121_093015.jpg" width="540" '
         'height="405"><br></div><div><br></div><div>Terima kasih.</div>'
         '<div>Wassalamualaikum wr. wb.</div></div>\n' % aid)
    b_alt, b_rel, b_mix = (gmail_boundary(rng) for _ in range(3))
    alt = multipart(['Content-Type: multipart/alternative; boundary="%s"'
                     % b_alt], b_alt, gmail_text_parts(text, htmltext))
    rel = multipart(['Content-Type: multipart/related; boundary="%s"' % b_rel],
                    b_rel, [alt, img_part])
    atts = [gmail_attachment(rng, "application/pdf", n, d)[1] for n, d in (
        ("Surat Permohonan.pdf", perm),
        ("Formulir Pendaftaran Nurul.pdf", form),
        ("surat rekomendasi.pdf", sr),
        ("CamScanner 21-11-2026 09.15.pdf", cam))]
    msgid = gmail_msgid(rng)
    sender = p["personal"]
    subject = "Permohonan TTE"
    hdrs = envelope(rng, sender, when,
                    ("mail-pl1-f170.google.com", "198.51.100.170")) + \
        fix_xreceived(gmail_extra(rng), when) + [
            "MIME-Version: 1.0",
            "From: Nurul Hidayah <%s>" % sender,
            "Date: " + when,
            "Message-ID: " + msgid,
            "Subject: " + subject,
            "To: " + TO_ADDR,
            'Content-Type: multipart/mixed; boundary="%s"' % b_mix]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b_mix, [rel] + atts)
    docs = {"IMG_20261121_093015.jpg": "ktp",
            "Surat Permohonan.pdf": "surat_permohonan",
            "Formulir Pendaftaran Nurul.pdf": "formulir_pendaftaran",
            "surat rekomendasi.pdf": "surat_rekomendasi",
            "CamScanner 21-11-2026 09.15.pdf": "sk_jabatan"}
    shape = ("Gmail app on Android from a personal gmail.com address on a "
             "Saturday: mixed > related > alternative, KTP as an inline "
             "camera photo (IMG_…jpg, Content-ID, EXIF) classified by content, "
             "SK as a CamScanner image PDF with an invisible OCR text layer, "
             "form data as 'Label : value' lines, official e-mail only in "
             "the form")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [], sender, subject, msgid, shape)


# --- M002: newsletter --------------------------------------------------------

def s_newsletter(file):
    rng = random.Random("sertel-" + file)
    when = date_hdr(SUN22, "23:00:12", "+0000")
    sender = "buletin@news.transformasidigital.example"
    subject = ("Webinar: Tanda Tangan Elektronik untuk ASN \u2013 "
               "Daftar Sekarang!")
    text = (
        "Buletin Transformasi Digital - Edisi 47/2026\n"
        "\n"
        "WEBINAR: TANDA TANGAN ELEKTRONIK UNTUK ASN\n"
        "Kamis, 3 Desember 2026, 09.00\u201311.30 WIB (Zoom)\n"
        "\n"
        "Pelajari cara mengajukan sertifikat elektronik, mengisi formulir "
        "pendaftaran, menyiapkan surat rekomendasi dan scan KTP berwarna, "
        "hingga menandatangani naskah dinas secara elektronik.\n"
        "\n"
        "Daftar: https://transformasidigital.example/webinar/tte-asn\n"
        "\n"
        "Anda menerima email ini karena terdaftar di milis Buletin "
        "Transformasi Digital.\n"
        "Berhenti berlangganan: "
        "https://transformasidigital.example/u/8f3a2c91d0\n")
    htm = (
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=utf-8\"><title>Buletin</title></head>"
        "<body style=\"margin:0;background:#f2f4f7\">\n"
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
        "cellspacing=\"0\"><tr><td align=\"center\">\n"
        "<table width=\"600\" style=\"background:#ffffff;font-family:Arial,"
        "sans-serif\"><tr><td style=\"padding:24px\">\n"
        "<p style=\"color:#8a94a6;font-size:12px\">Buletin Transformasi "
        "Digital &middot; Edisi 47/2026</p>\n"
        "<h1 style=\"font-size:22px;color:#0b3d91\">Webinar: Tanda Tangan "
        "Elektronik untuk ASN</h1>\n"
        "<p>Kamis, 3 Desember 2026, 09.00&ndash;11.30 WIB (Zoom)</p>\n"
        "<p>Pelajari cara mengajukan sertifikat elektronik, mengisi formulir "
        "pendaftaran, menyiapkan surat rekomendasi dan scan KTP berwarna, "
        "hingga menandatangani naskah dinas secara elektronik.</p>\n"
        "<p><a href=\"https://transformasidigital.example/webinar/tte-asn\" "
        "style=\"background:#0b3d91;color:#fff;padding:10px 18px;"
        "text-decoration:none\">Daftar Sekarang</a></p>\n"
        "<p style=\"font-size:11px;color:#8a94a6\">Anda menerima email ini "
        "karena terdaftar di milis Buletin Transformasi Digital. "
        "<a href=\"https://transformasidigital.example/u/8f3a2c91d0\">"
        "Berhenti berlangganan</a></p>\n"
        "</td></tr></table></td></tr></table>\n"
        "<img src=\"https://transformasidigital.example/o/8f3a2c91d0.gif\" "
        "width=\"1\" height=\"1\" alt=\"\"></body></html>\n")
    b = "b1_" + rid(rng, 40, ALNUM)
    msgid = "<%s@news.transformasidigital.example>" % rid(rng, 32)
    parts = [part(["Content-Type: text/plain; charset=utf-8",
                   "Content-Transfer-Encoding: quoted-printable"],
                  qp_body(text, "utf-8")),
             part(["Content-Type: text/html; charset=utf-8",
                   "Content-Transfer-Encoding: quoted-printable"],
                  qp_body(htm, "utf-8"))]
    hdrs = envelope(rng, "bounce-47-8f3a2c91d0@news.transformasidigital"
                    ".example", when,
                    ("mta7.news.transformasidigital.example",
                     "203.0.113.77")) + [
        "Date: " + when,
        "To: " + TO_ADDR,
        "From: Buletin Transformasi Digital <%s>" % sender,
        "Reply-To: Redaksi Buletin <redaksi@transformasidigital.example>",
        "Subject: " + " ".join(ew_q(subject, "UTF-8")).replace(
            "?= =?", "?=\r\n =?"),
        "Message-ID: " + msgid,
        "List-Id: Buletin Transformasi Digital <buletin.transformasidigital"
        ".example>",
        "List-Unsubscribe: <mailto:unsubscribe-8f3a2c91d0@news."
        "transformasidigital.example>,\r\n <https://transformasidigital."
        "example/u/8f3a2c91d0>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Precedence: bulk",
        "Feedback-ID: 47:buletin:transformasidigital",
        "X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative;\r\n boundary="%s"' % b]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(
        b, parts, "This is a multi-part message in MIME format.\r\n")
    shape = ("Newsletter (List-Unsubscribe, List-Id, Precedence: bulk, "
             "RFC 2047 Q subject, QP UTF-8 text+HTML) that talks about "
             "formulir pendaftaran and KTP: must create no request")
    return raw, expected(file, "ignored", subject=subject, msgid=msgid,
                         shape=shape)


# --- M003: Gmail web, complete, plain names ---------------------------------

def s_gmail(file):
    p = PEOPLE["budi"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "07:58:41")
    perm, form, sr, sk = std_docs(p, "budi")
    ktp = ktp_scan_jpeg(p)
    text = (
        "Yth. Admin Layanan TTE Diskominfo Kota Pekalongan,\n"
        "\n"
        "Dengan hormat,\n"
        "bersama email ini saya mengajukan permohonan penerbitan sertifikat "
        "elektronik (TTE) BSrE. Berikut data diri saya:\n"
        "\n"
        "Nama Lengkap : %s\n"
        "NIK : %s\n"
        "NIP : %s\n"
        "Pangkat/Golongan : %s\n"
        "Jabatan : %s\n"
        "Unit Kerja : %s\n"
        "Instansi : %s\n"
        "Email Dinas : %s\n"
        "No. HP : %s\n"
        "\n"
        "Persyaratan (surat permohonan, formulir pendaftaran, surat "
        "rekomendasi, scan KTP berwarna, dan petikan SK jabatan) saya "
        "lampirkan.\n"
        "\n"
        "Atas perhatian dan kerja samanya saya ucapkan terima kasih.\n"
        "\n"
        "Salam,\n"
        "Budi Santoso\n"
        "Bidang Aplikasi dan Persandian\n"
        "Diskominfo Kota Pekalongan\n"
        % (p["nama"], p["nik"], p["nip"], p["pangkat"], p["jabatan"],
           p["unit"], INSTANSI, p["email"], p["hp"]))
    b_alt, b_mix = gmail_boundary(rng), gmail_boundary(rng)
    alt = multipart(['Content-Type: multipart/alternative; boundary="%s"'
                     % b_alt], b_alt, gmail_text_parts(text))
    atts = [gmail_attachment(rng, ct, n, d)[1] for ct, n, d in (
        ("application/pdf", "Surat Permohonan.pdf", perm),
        ("application/pdf", "form_pendaftaran.pdf", form),
        ("application/octet-stream", "SR Budi.pdf", sr),
        ("image/jpeg", "ktp budi santoso.jpg", ktp),
        ("application/pdf", "Petikan SK.pdf", sk))]
    msgid = gmail_msgid(rng)
    sender = p["email"]
    subject = "Permohonan Sertifikat Elektronik - Budi Santoso"
    hdrs = envelope(rng, sender, when,
                    ("mail-sor-f41.google.com", "198.51.100.41")) + \
        fix_xreceived(gmail_extra(rng), when) + [
            "MIME-Version: 1.0",
            "From: Budi Santoso <%s>" % sender,
            "Date: " + when,
            "Message-ID: " + msgid,
            "Subject: " + subject,
            "To: " + TO_ADDR,
            "Cc: Hari Wibowo <hari.wibowo@pekalongankota.go.id>",
            'Content-Type: multipart/mixed; boundary="%s"' % b_mix]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b_mix, [alt] + atts)
    docs = {"Surat Permohonan.pdf": "surat_permohonan",
            "form_pendaftaran.pdf": "formulir_pendaftaran",
            "SR Budi.pdf": "surat_rekomendasi",
            "ktp budi santoso.jpg": "ktp",
            "Petikan SK.pdf": "sk_jabatan"}
    shape = ("Gmail web, complete: mixed > alternative (QP UTF-8 text + "
             "HTML) + 5 base64 attachments with plain names, one declared "
             "application/octet-stream; form as 'Label : value' lines")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [], sender, subject, msgid, shape)


# --- M004: Outlook desktop, windows-1252, RFC 2047 names, HTML table -------

def outlook_ids(rng):
    a = rid(rng, 4, "0123456789ABCDEF")
    t = "01DB%s.%s" % (rid(rng, 4, "0123456789ABCDEF"),
                       rid(rng, 8, "0123456789ABCDEF"))
    return a, t


def outlook_name_param(key, name):
    """Outlook: RFC 2047 B words inside the quoted parameter, folded."""
    if all(ord(c) < 128 for c in name):
        return '%s="%s"' % (key, name)
    words = ew_b(name, "utf-8", 70)
    return '%s="%s"' % (key, "\r\n ".join(words))


def outlook_attachment(ctype, name, data):
    return part([
        "Content-Type: %s;\r\n\t%s" % (ctype, outlook_name_param("name", name)),
        "Content-Transfer-Encoding: base64",
        "Content-Disposition: attachment;\r\n\t%s"
        % outlook_name_param("filename", name)], b64_body(data))


def mso_html(paras_before, table_rows, paras_after, sig_lines, cid):
    esc = lambda s: html.escape(s, quote=False)
    out = [
        '<html xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" '
        'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
        'xmlns="http://www.w3.org/TR/REC-html40">'
        '<head><meta http-equiv=Content-Type content="text/html; '
        'charset=windows-1252"><meta name=Generator content="Microsoft Word '
        '15 (filtered medium)"><!--[if !mso]><style>v\\:* '
        '{behavior:url(#default#VML);}</style><![endif]--><style><!--',
        '/* Font Definitions */',
        '@font-face {font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}',
        'p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; '
        'font-size:11.0pt; font-family:"Calibri",sans-serif;}',
        'table.MsoTableGrid {border:solid windowtext 1.0pt; '
        'font-size:11.0pt;}',
        '@page WordSection1 {size:612.0pt 792.0pt; margin:72.0pt 72.0pt '
        '72.0pt 72.0pt;}',
        'div.WordSection1 {page:WordSection1;}',
        '--></style></head><body lang=EN-ID link="#0563C1" vlink="#954F72" '
        'style=\'word-wrap:break-word\'><div class=WordSection1>']
    for ptext in paras_before:
        out.append("<p class=MsoNormal>%s<o:p></o:p></p>"
                   % (esc(ptext) if ptext else "&nbsp;"))
    out.append("<table class=MsoTableGrid border=1 cellspacing=0 "
               "cellpadding=0 style='border-collapse:collapse;border:none'>")
    for label, value in table_rows:
        out.append(
            "<tr><td width=180 valign=top style='width:134.7pt;border:solid "
            "windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>"
            "%s<o:p></o:p></p></td><td width=420 valign=top style='width:"
            "314.9pt;border:solid windowtext 1.0pt;border-left:none;padding:"
            "0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal>%s<o:p></o:p></p></td>"
            "</tr>" % (esc(label), esc(value)))
    out.append("</table>")
    for ptext in paras_after:
        out.append("<p class=MsoNormal>%s<o:p></o:p></p>"
                   % (esc(ptext) if ptext else "&nbsp;"))
    for s in sig_lines:
        out.append("<p class=MsoNormal><span style='font-size:10.0pt;color:"
                   "#1F3864'>%s<o:p></o:p></span></p>" % esc(s))
    out.append("<p class=MsoNormal><img width=220 height=64 style='width:"
               "2.2916in;height:.6666in' id=\"Picture_x0020_1\" "
               "src=\"cid:%s\" alt=\"logo\"><o:p></o:p></p>" % cid)
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


def s_outlook(file):
    p = PEOPLE["rina"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "08:47:19")
    perm, form, sr, sk = std_docs(p, "rina", fonts=("serif", "serif", "helv",
                                                    "times"), kop=True)
    ktp = ktp_scan_jpeg(p)
    logo = logo_png(["BKD KOTA PEKALONGAN", "Melayani dengan hati"])
    seq, tstamp = outlook_ids(rng)
    cid = "image001.png@" + tstamp
    rows = [("Nama Lengkap", p["nama"]), ("NIK", p["nik"]),
            ("NIP", p["nip"]), ("Pangkat/Golongan", p["pangkat"]),
            ("Jabatan", p["jabatan"]), ("Unit Kerja", p["unit"]),
            ("Instansi", INSTANSI), ("E-mail", p["email"]),
            ("Telepon", p["hp"])]
    before = ["Yth. Bapak/Ibu Verifikator Sertifikat Elektronik",
              "Diskominfo Kota Pekalongan", "",
              "Dengan hormat,", "",
              "Bersama ini saya mengajukan permohonan penerbitan Sertifikat "
              "Elektronik BSR\u00e9 untuk keperluan tanda tangan elektronik "
              "pada aplikasi \u201cSRIKANDI\u201d \u2013 dengan data sebagai "
              "berikut:", ""]
    after = ["", "Berkas persyaratan (surat permohonan, formulir, surat "
             "rekomendasi Kepala BKD, scan KTP berwarna dan SK jabatan "
             "terakhir) terlampir.", "",
             "Atas perhatian Bapak/Ibu kami sampaikan terima kasih.", ""]
    sig = ["Salam hormat,", "", p["nama"], p["jabatan"],
           "Badan Kepegawaian Daerah Kota Pekalongan"]
    plain = "\n".join(
        before + ["%s\t%s" % r for r in rows] + after + sig +
        ["", "[cid:%s]" % cid, ""])
    htm = mso_html(before, rows, after, sig, cid)
    b_mix = "----=_NextPart_000_%s_%s" % (seq, tstamp)
    b_rel = "----=_NextPart_001_%04X_%s" % (int(seq, 16) + 1, tstamp)
    b_alt = "----=_NextPart_002_%04X_%s" % (int(seq, 16) + 2, tstamp)
    alt = multipart(['Content-Type: multipart/alternative;\r\n\tboundary="%s"'
                     % b_alt], b_alt, [
        part(['Content-Type: text/plain;\r\n\tcharset="windows-1252"',
              "Content-Transfer-Encoding: quoted-printable"],
             qp_body(plain, "windows-1252")),
        part(['Content-Type: text/html;\r\n\tcharset="windows-1252"',
              "Content-Transfer-Encoding: quoted-printable"],
             qp_body(htm, "windows-1252"))])
    logo_part = part(['Content-Type: image/png;\r\n\tname="image001.png"',
                      "Content-Transfer-Encoding: base64",
                      "Content-ID: <%s>" % cid], b64_body(logo))
    rel = multipart(['Content-Type: multipart/related;\r\n\tboundary="%s"'
                     % b_rel], b_rel, [alt, logo_part])
    names = [("application/pdf",
              "Surat Permohonan \u2013 Rina Kusumawardani.pdf", perm),
             ("application/pdf", "Formulir Pendaftaran BSR\u00e9.pdf", form),
             ("application/pdf", "scan0001.pdf", sr),
             ("image/jpeg", "Scan KTP Berwarna.jpg", ktp),
             ("application/octet-stream", "SK Jabatan Terakhir.pdf", sk)]
    atts = [outlook_attachment(ct, n, d) for ct, n, d in names]
    msgid = "<00%s01db%s$%s$%s$@pekalongankota.go.id>" % (
        rid(rng, 2), rid(rng, 4), rid(rng, 8), rid(rng, 8))
    sender = p["email"]
    subject = ("Permohonan Penerbitan Sertifikat Elektronik BSR\u00e9 "
               "\u2013 Rina Kusumawardani")
    subj_hdr = "\r\n ".join(ew_q(subject, "windows-1252", 74))
    hdrs = envelope(rng, sender, when,
                    ("[192.168.10.23]", "203.0.113.23")) + [
        "From: \"%s\" <%s>" % (p["nama"], sender),
        "To: <%s>" % TO_ADDR,
        "Subject: " + subj_hdr,
        "Date: " + when,
        "Message-ID: " + msgid,
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed;\r\n\tboundary="%s"' % b_mix,
        "X-Mailer: Microsoft Outlook 16.0",
        "Thread-Index: AdtcFa" + rid(rng, 26, ALNUM + "+/") + "==",
        "Content-Language: id",
        "X-MS-Has-Attach: yes"]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(
        b_mix, [rel] + atts, "This is a multipart message in MIME format.\r\n")
    docs = {"image001.png": "other",
            "Surat Permohonan \u2013 Rina Kusumawardani.pdf":
                "surat_permohonan",
            "Formulir Pendaftaran BSR\u00e9.pdf": "formulir_pendaftaran",
            "scan0001.pdf": "surat_rekomendasi",
            "Scan KTP Berwarna.jpg": "ktp",
            "SK Jabatan Terakhir.pdf": "sk_jabatan"}
    shape = ("Outlook 16 desktop: mixed > related > alternative, windows-1252 "
             "QP text and MSO HTML with the form as a <table> (plain part has "
             "tab-separated cells, no colons), RFC 2047 B names folded inside "
             "quoted name=/filename=, windows-1252 Q subject, signature logo "
             "image001.png (other), generic scan0001.pdf = Surat Rekomendasi, "
             "TrueType (DejaVu) PDFs, KTP address district differs from the "
             "NIK region (a note, not an error)")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [], sender, subject, msgid, shape)


# --- M005: incomplete request (no KTP, no SK) -------------------------------

SITI_TEXT = (
    "Yth. Admin Layanan TTE Diskominfo,\n"
    "\n"
    "Dengan hormat, saya bermaksud mengajukan permohonan penerbitan "
    "sertifikat elektronik untuk keperluan TTE laporan keuangan kecamatan.\n"
    "\n"
    "Nama : {nama}\n"
    "NIK: {nik}\n"
    "NIP  : {nip}\n"
    "Pangkat/Golongan : {pangkat}\n"
    "Jabatan : {jabatan}\n"
    "Unit Kerja : {unit}\n"
    "Instansi : {instansi}\n"
    "Email Dinas : {email}\n"
    "Telepon : {hp}\n"
    "\n"
    "Terlampir:\n"
    "\u2022 Surat permohonan\n"
    "\u2022 Formulir pendaftaran\n"
    "\u2022 Surat rekomendasi dari Bapak Camat\n"
    "\n"
    "Mohon maaf, scan KTP dan SK jabatan menyusul karena SK masih di bagian "
    "kepegawaian.\n"
    "\n"
    "Terima kasih.\n"
    "Siti Aminah R.\n")


def siti_text():
    p = PEOPLE["siti"]
    return SITI_TEXT.format(nama=p["nama"], nik=p["nik"], nip=p["nip"],
                            pangkat=p["pangkat"], jabatan=p["jabatan"],
                            unit=p["unit"], instansi=INSTANSI,
                            email=p["email"], hp=p["hp"])


SITI = {}


def s_incomplete(file):
    p = PEOPLE["siti"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "09:20:05")
    perm, form, sr, _ = std_docs(p, "siti", fonts=("helv", "times", "helv",
                                                   "helv"))
    text = siti_text()
    b_alt, b_mix = gmail_boundary(rng), gmail_boundary(rng)
    alt = multipart(['Content-Type: multipart/alternative; boundary="%s"'
                     % b_alt], b_alt, gmail_text_parts(text))
    atts = [gmail_attachment(rng, "application/pdf", n, d)[1] for n, d in (
        ("Surat Permohonan Siti Aminah.pdf", perm),
        ("Formulir Pendaftaran.pdf", form),
        ("Surat Rekomendasi Camat.pdf", sr))]
    msgid = gmail_msgid(rng)
    sender = p["email"]
    subject = ("Permohonan Sertifikat Elektronik a.n. Siti Aminah "
               "Rahmawati")
    SITI.update(msgid=msgid, subject=subject, when=when, file=file)
    hdrs = envelope(rng, sender, when,
                    ("mail-sor-f47.google.com", "198.51.100.47")) + \
        fix_xreceived(gmail_extra(rng), when) + [
            "MIME-Version: 1.0",
            "From: Siti Aminah Rahmawati <%s>" % sender,
            "Date: " + when,
            "Message-ID: " + msgid,
            "Subject: " + subject,
            "To: " + TO_ADDR,
            'Content-Type: multipart/mixed; boundary="%s"' % b_mix]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b_mix, [alt] + atts)
    docs = {"Surat Permohonan Siti Aminah.pdf": "surat_permohonan",
            "Formulir Pendaftaran.pdf": "formulir_pendaftaran",
            "Surat Rekomendasi Camat.pdf": "surat_rekomendasi"}
    shape = ("Gmail web, incomplete: KTP and SK jabatan missing (the body "
             "says they will follow); QP UTF-8 body with bullets, labels "
             "'NIK:' and 'NIP  :' and 'Telepon :'")
    return raw, expected(file, "request", p, docs, ["ktp", "sk_jabatan"],
                         None, None, "incomplete", [], sender, subject, msgid,
                         shape)


# --- M006: Thunderbird, RFC 2231 names, AcroForm formulir -------------------

def tb_boundary(rng):
    return "------------" + rid(rng, 24, ALNUM)


def tb_attachment(ctype, name, data):
    if all(ord(c) < 128 for c in name) and len(name) < 60:
        return part(['Content-Type: %s; name="%s"' % (ctype, name),
                     'Content-Disposition: attachment; filename="%s"' % name,
                     "Content-Transfer-Encoding: base64"], b64_body(data))
    ct_words = ew_q(name, "UTF-8", 74)
    name_param = 'name="%s"' % "\r\n ".join(ct_words)
    disp = rfc2231_params("filename", name)
    return part(["Content-Type: %s;\r\n %s" % (ctype, name_param),
                 "Content-Disposition: attachment;\r\n " +
                 ";\r\n ".join(disp),
                 "Content-Transfer-Encoding: base64"], b64_body(data))


def s_thunderbird(file):
    p = PEOPLE["agus"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "10:27:02")
    perm, _, sr, sk = std_docs(p, "agus", fonts=("times", "helv", "times",
                                                 "helv"), fungsional=False)
    form = pdf_formulir_acroform(p, (2026, 11, 20),
                                 epoch_of(2026, 11, 20, 15, 30))
    ktp = ktp_scan_jpeg(p)
    text = (
        "Selamat siang,\n"
        "\n"
        "Berikut kami sampaikan berkas pengajuan sertifikat elektronik atas "
        "nama Agus Setiawan, S.T. (Dinas Pekerjaan Umum dan Penataan Ruang). "
        "Data pemohon sudah kami ketik langsung pada formulir pendaftaran "
        "(PDF isian) terlampir, sedangkan surat rekomendasi ditandatangani "
        "oleh Kepala Dinas PUPR.\n"
        "\n"
        "Mohon informasinya apabila masih ada kekurangan berkas.\n"
        "\n"
        "Terima kasih.\n"
        "\n"
        "-- \n"
        "Agus Setiawan\n"
        "Dinas PUPR Kota Pekalongan\n")
    body = flowed(text)
    b = tb_boundary(rng)
    names = [("application/pdf", "Surat Permohonan.pdf", perm),
             ("application/pdf",
              "Formulir Pendaftaran Sertifikat Elektronik BSR\u00e9 - Agus "
              "Setiawan.pdf", form),
             ("application/pdf",
              "Surat Rekomendasi \u2013 Agus.pdf", sr),
             ("image/jpeg", "ktp agus.jpeg", ktp),
             ("application/pdf", "SK Kasi.pdf", sk)]
    parts = [part(["Content-Type: text/plain; charset=UTF-8; format=flowed",
                   "Content-Transfer-Encoding: 7bit"], crlf(body))]
    parts += [tb_attachment(ct, n, d) for ct, n, d in names]
    msgid = "<%s@pekalongankota.go.id>" % uuid_from(rng)
    sender = p["email"]
    subject = "Pengajuan TTE BSrE a.n. Agus Setiawan"
    hdrs = envelope(rng, sender, when, ("[10.20.4.117]", "203.0.113.117")) + [
        'Content-Type: multipart/mixed; boundary="%s"' % b,
        "Message-ID: " + msgid,
        "Date: " + when,
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: id",
        "To: " + TO_ADDR,
        "From: Agus Setiawan <%s>" % sender,
        "Subject: " + subject]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(
        b, parts, "This is a multi-part message in MIME format.")
    docs = {"Surat Permohonan.pdf": "surat_permohonan",
            "Formulir Pendaftaran Sertifikat Elektronik BSR\u00e9 - Agus "
            "Setiawan.pdf": "formulir_pendaftaran",
            "Surat Rekomendasi \u2013 Agus.pdf": "surat_rekomendasi",
            "ktp agus.jpeg": "ktp",
            "SK Kasi.pdf": "sk_jabatan"}
    shape = ("Thunderbird: format=flowed body with a '-- ' signature and no "
             "form data; the Formulir is a fillable AcroForm PDF (fields nama, "
             "nik, nip, pangkat_golongan, jabatan, unit_kerja, instansi, "
             "email_dinas, no_hp) with RFC 2231 continuation name "
             "(filename*0*/filename*1*, the cut falls inside the UTF-8 "
             "bytes of 'é') and RFC 2047 Q name=; Surat Rekomendasi with "
             "filename*=UTF-8''… (en dash)")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [], sender, subject, msgid, shape)


# --- M007: bounce (multipart/report) -----------------------------------------

def s_bounce(file):
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "11:05:33", "+0700 (WIB)")
    qid = rid(rng, 10, "0123456789ABCDEF")
    b = "%s.1795406733/mx.pekalongankota.go.id" % rid(rng, 10,
                                                      "0123456789ABCDEF")
    rcpt = "wahyu.hidayat@pekalongankota.go.id"
    orig_id = "<SE-2026-000117.%s@layanan.tte.pekalongankota.go.id>" % rid(
        rng, 8)
    orig_text = (
        "Yth. Bapak/Ibu Wahyu Hidayat,\n"
        "\n"
        "Permohonan Sertifikat Elektronik Anda dengan nomor SE-2026-000117 "
        "belum lengkap. Dokumen yang belum kami terima:\n"
        "\n"
        "- Scan KTP Berwarna\n"
        "- Fotokopi SK Jabatan Terakhir\n"
        "\n"
        "Silakan balas email ini dengan melampirkan dokumen tersebut.\n"
        "\n"
        "Layanan Sertifikat Elektronik\n"
        "Dinas Komunikasi dan Informatika Kota Pekalongan\n")
    orig = "\r\n".join([
        "Return-Path: <%s>" % TO_ADDR,
        "Received: from sertel.pekalongankota.go.id (sertel.pekalongankota"
        ".go.id [10.10.1.40])\r\n\tby mx.pekalongankota.go.id (Postfix) with "
        "ESMTPS id %s;\r\n\t%s" % (qid, date_hdr(MON23, "11:05:30",
                                               "+0700 (WIB)")),
        "Date: " + date_hdr(MON23, "11:05:29"),
        "From: Layanan TTE Diskominfo Kota Pekalongan <%s>" % TO_ADDR,
        "To: Wahyu Hidayat <%s>" % rcpt,
        "Subject: [SE-2026-000117] Berkas permohonan belum lengkap",
        "Message-ID: " + orig_id,
        "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: quoted-printable"]) + "\r\n\r\n" + \
        qp_body(orig_text, "utf-8")
    notice = (
        "This is the mail system at host mx.pekalongankota.go.id.\n"
        "\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. It's attached below.\n"
        "\n"
        "For further assistance, please send mail to postmaster.\n"
        "\n"
        "If you do so, please include this problem report. You can\n"
        "delete your own text from the attached returned message.\n"
        "\n"
        "                   The mail system\n"
        "\n"
        "<%s>: host aspmx.l.google.com[192.0.2.27] said:\n"
        "    552-5.2.2 The recipient's inbox is out of storage space. Please "
        "direct\n"
        "    the recipient to 552-5.2.2 https://support.google.com/mail/"
        "?p=OverQuotaPerm\n"
        "    (in reply to RCPT TO command)\n" % rcpt)
    dsn = (
        "Reporting-MTA: dns; mx.pekalongankota.go.id\n"
        "X-Postfix-Queue-ID: %s\n"
        "X-Postfix-Sender: rfc822; %s\n"
        "Arrival-Date: %s\n"
        "\n"
        "Final-Recipient: rfc822; %s\n"
        "Original-Recipient: rfc822;%s\n"
        "Action: failed\n"
        "Status: 5.2.2\n"
        "Remote-MTA: dns; aspmx.l.google.com\n"
        "Diagnostic-Code: smtp; 552-5.2.2 The recipient's inbox is out of "
        "storage\n"
        "    space. Please direct the recipient to 552-5.2.2\n"
        "    https://support.google.com/mail/?p=OverQuotaPerm\n"
        % (qid, TO_ADDR, date_hdr(MON23, "11:05:30", "+0700 (WIB)"), rcpt,
           rcpt))
    parts = [
        part(["Content-Description: Notification",
              "Content-Type: text/plain; charset=us-ascii"], crlf(notice)),
        part(["Content-Description: Delivery report",
              "Content-Type: message/delivery-status"], crlf(dsn)),
        part(["Content-Description: Undelivered Message",
              "Content-Type: message/rfc822"], orig)]
    bqid = rid(rng, 10, "0123456789ABCDEF")
    msgid = "<20261123040533.%s@mx.pekalongankota.go.id>" % bqid
    subject = "Undelivered Mail Returned to Sender"
    hdrs = ["Return-Path: <>",
            "Delivered-To: " + TO_ADDR,
            "Received: by mx.pekalongankota.go.id (Postfix)\r\n\tid %s; %s"
            % (bqid, when),
            "Date: " + when,
            "From: MAILER-DAEMON@mx.pekalongankota.go.id (Mail Delivery "
            "System)",
            "Subject: " + subject,
            "To: " + TO_ADDR,
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;\r\n"
            '\tboundary="%s"' % b,
            "Content-Transfer-Encoding: 8bit",
            "Message-Id: " + msgid]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(
        b, parts, "This is a MIME-encapsulated message.\r\n")
    shape = ("Postfix bounce (Return-Path: <>, MAILER-DAEMON, multipart/report "
             "delivery-status) returning sertel's own 'belum lengkap' reply "
             "as message/rfc822: must create no request")
    return raw, expected(file, "ignored", subject=subject, msgid=msgid,
                         shape=shape)


# --- M008: iPhone Mail -------------------------------------------------------

def apple_part_pdf(name, data):
    return part(["Content-Type: application/pdf;\r\n\tname=\"%s\";\r\n"
                 "\tx-unix-mode=0644" % name,
                 "Content-Disposition: attachment;\r\n\tfilename=\"%s\"" % name,
                 "Content-Transfer-Encoding: base64"], b64_body(data))


def s_iphone(file):
    p = PEOPLE["dimas"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "12:31:40")
    perm, form, sr, sk = std_docs(p, "dimas", fonts=("helv", "helv", "times",
                                                     "times"))
    photo = phone_photo(ktp_card(p), (1008, 756), "desk", 1.3, "dimas")
    ktp = jpeg(photo, 80, exif=camera_exif("Apple", "iPhone 13",
                                           "2026:11:23 12:26:03"))
    b = "Apple-Mail-" + uuid_from(rng, True)
    cid = uuid_from(rng, True)
    text1 = ("Selamat siang admin, berikut saya kirimkan berkas untuk "
             "permohonan TTE. Foto KTP terlampir, data lengkap ada di "
             "formulir. Mohon diproses, terima kasih.\n\nDimas\n\n")
    parts = [
        part(["Content-Type: text/plain;\r\n\tcharset=us-ascii",
              "Content-Transfer-Encoding: quoted-printable"],
             qp_body(text1, "us-ascii")),
        part(["Content-Type: image/jpeg;\r\n\tname=image0.jpeg",
              "Content-Disposition: inline;\r\n\tfilename=image0.jpeg",
              "Content-Transfer-Encoding: base64",
              "Content-Id: <%s>" % cid], b64_body(ktp)),
        part(["Content-Type: text/plain;\r\n\tcharset=us-ascii",
              "Content-Transfer-Encoding: 7bit"], "\r\n\r\n"),
        apple_part_pdf("Surat Permohonan TTE.pdf", perm),
        apple_part_pdf("Formulir Pendaftaran.pdf", form),
        apple_part_pdf("Surat Rekomendasi.pdf", sr),
        apple_part_pdf("SK Pengangkatan Dimas.pdf", sk),
        part(["Content-Type: text/plain;\r\n\tcharset=us-ascii",
              "Content-Transfer-Encoding: 7bit"],
             "\r\n\r\nDikirim dari iPhone saya")]
    msgid = "<%s@pekalongankota.go.id>" % uuid_from(rng, True)
    sender = p["email"]
    subject = "Berkas TTE Dimas"
    hdrs = envelope(rng, sender, when, ("[10.171.32.9]", "198.51.100.9")) + [
        "From: Dimas Arya Nugroho <%s>" % sender,
        "Content-Type: multipart/mixed; boundary=" + b,
        "Content-Transfer-Encoding: 7bit",
        "Mime-Version: 1.0 (1.0)",
        "Subject: " + subject,
        "Date: " + when,
        "Message-Id: " + msgid,
        "To: " + TO_ADDR,
        "X-Mailer: iPhone Mail (22B91)"]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b, parts)
    docs = {"image0.jpeg": "ktp",
            "Surat Permohonan TTE.pdf": "surat_permohonan",
            "Formulir Pendaftaran.pdf": "formulir_pendaftaran",
            "Surat Rekomendasi.pdf": "surat_rekomendasi",
            "SK Pengangkatan Dimas.pdf": "sk_jabatan"}
    shape = ("iPhone Mail: 'Mime-Version: 1.0 (1.0)', Apple-Mail boundary "
             "unquoted, body split in several text/plain parts around the "
             "attachments, KTP as inline photo image0.jpeg (Content-Id, "
             "EXIF), short body without form data (form only in the "
             "Formulir PDF), sent during the lunch break")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [], sender, subject, msgid, shape)


# --- M009: out-of-office auto-reply -----------------------------------------

def s_autoreply(file):
    p = PEOPLE["rina"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "13:15:02")
    ack = "<SE-2026-000124.%s@layanan.tte.pekalongankota.go.id>" % rid(rng, 8)
    text = (
        "Terima kasih atas email Anda.\n"
        "\n"
        "Saya sedang mengikuti Pelatihan Kepemimpinan Pengawas di Semarang "
        "sampai dengan 4 Desember 2026 dengan akses email terbatas. Untuk "
        "urusan kepegawaian yang mendesak silakan menghubungi Subbagian Umum "
        "BKD.\n"
        "\n"
        "Salam,\n"
        "Rina Kusumawardani\n")
    msgid = "<%s@pekalongankota.go.id>" % rid(rng, 32)
    subject = ("Balasan Otomatis: [SE-2026-000124] Permohonan Sertifikat "
               "Elektronik diterima")
    hdrs = envelope(rng, p["email"], when,
                    ("[192.168.10.23]", "203.0.113.23")) + [
        "From: \"%s\" <%s>" % (p["nama"], p["email"]),
        "To: Layanan TTE Diskominfo Kota Pekalongan <%s>" % TO_ADDR,
        "Subject: " + subject,
        "Date: " + when,
        "Message-ID: " + msgid,
        "In-Reply-To: " + ack,
        "References: " + ack,
        "Auto-Submitted: auto-replied",
        "X-Autoreply: yes",
        "X-Auto-Response-Suppress: All",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="iso-8859-1"',
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Language: id"]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + qp_body(text, "iso-8859-1")
    shape = ("Out-of-office auto-reply (Auto-Submitted: auto-replied, "
             "X-Autoreply) from a known applicant, threaded to a sertel "
             "acknowledgement and carrying a request id in the subject: must "
             "create no request and change no request")
    return raw, expected(file, "ignored", subject=subject, msgid=msgid,
                         shape=shape)


# --- M010: forward as attachment (message/rfc822) ----------------------------

def s_forward(file):
    p = PEOPLE["rizky"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "14:02:27")
    inner_when = date_hdr(FRI20, "15:10:52")
    perm, form, sr, sk = std_docs(p, "rizky", date=(2026, 11, 20))
    ktp = ktp_scan_jpeg(p)
    kasubag = ("Sri Wahyuni, S.Sos.", "sri.wahyuni@pekalongankota.go.id",
               "197806152005012011")
    inner_text = (
        "Assalamualaikum Bu Sri,\n"
        "\n"
        "Mohon bantuan Ibu untuk meneruskan permohonan sertifikat elektronik "
        "(TTE) saya ke Diskominfo beserta surat rekomendasi dari Bapak "
        "Camat. Data saya:\n"
        "\n"
        "Nama : %s\n"
        "NIK : %s\n"
        "NIP : %s\n"
        "Pangkat/Golongan : %s\n"
        "Jabatan : %s\n"
        "Unit Kerja : %s\n"
        "Instansi : %s\n"
        "Email Dinas : %s\n"
        "No. HP : %s\n"
        "\n"
        "Surat permohonan, formulir, KTP dan SK sudah saya lampirkan.\n"
        "\n"
        "Terima kasih Bu.\n"
        "Rizky\n"
        % (p["nama"], p["nik"], p["nip"], p["pangkat"], p["jabatan"],
           p["unit"], INSTANSI, p["email"], p["hp"]))
    b_alt, b_mix = gmail_boundary(rng), gmail_boundary(rng)
    inner_alt = multipart(['Content-Type: multipart/alternative; '
                           'boundary="%s"' % b_alt], b_alt,
                          gmail_text_parts(inner_text))
    inner_atts = [gmail_attachment(rng, ct, n, d)[1] for ct, n, d in (
        ("application/pdf", "Surat Permohonan Rizky.pdf", perm),
        ("application/pdf", "Formulir Pendaftaran Rizky.pdf", form),
        ("image/jpeg", "KTP Rizky.jpg", ktp),
        ("application/pdf", "Petikan SK Rizky.pdf", sk))]
    inner_id = gmail_msgid(rng)
    inner_subject = "Permohonan TTE a.n. Muhammad Rizky Pratama"
    inner = "\r\n".join(
        ["Delivered-To: " + kasubag[1]] +
        ["Received: by 2002:a05:7300:%s:b0:%s with SMTP id %s;\r\n"
         "        %s" % (rid(rng, 4), rid(rng, 3), rid(rng, 12), inner_when)] +
        ["MIME-Version: 1.0",
         "From: Muhammad Rizky Pratama <%s>" % p["email"],
         "Date: " + inner_when,
         "Message-ID: " + inner_id,
         "Subject: " + inner_subject,
         "To: Sri Wahyuni <%s>" % kasubag[1],
         'Content-Type: multipart/mixed; boundary="%s"' % b_mix]) + \
        "\r\n\r\n" + multipart_body(b_mix, [inner_alt] + inner_atts)
    outer_text = (
        "Yth. Admin Layanan TTE Diskominfo,\n"
        "\n"
        "Bersama ini kami teruskan permohonan penerbitan sertifikat "
        "elektronik dari staf kami, Sdr. Muhammad Rizky Pratama, S.Kom. "
        "(email beliau terlampir). Surat rekomendasi dari Bapak Camat kami "
        "lampirkan tersendiri.\n"
        "\n"
        "Demikian, atas kerja samanya kami ucapkan terima kasih.\n"
        "\n"
        "%s\n"
        "Kepala Subbagian Umum dan Kepegawaian\n"
        "Kecamatan Pekalongan Barat\n"
        "NIP. %s\n" % (kasubag[0], nip_spaced(kasubag[2])))
    ob_alt, ob_mix = gmail_boundary(rng), gmail_boundary(rng)
    outer_alt = multipart(['Content-Type: multipart/alternative; '
                           'boundary="%s"' % ob_alt], ob_alt,
                          gmail_text_parts(outer_text))
    eml_name = inner_subject + ".eml"
    aid = gmail_att_id(rng)
    eml_part = part(['Content-Type: message/rfc822; name="%s"' % eml_name,
                     'Content-Disposition: attachment; filename="%s"'
                     % eml_name,
                     "Content-ID: <%s>" % aid,
                     "X-Attachment-Id: " + aid], inner)
    sr_name = "Surat Rekomendasi Camat Pekalongan Barat.pdf"
    sr_part = gmail_attachment(rng, "application/pdf", sr_name, sr)[1]
    msgid = gmail_msgid(rng)
    subject = "Fwd: " + inner_subject
    hdrs = envelope(rng, kasubag[1], when,
                    ("mail-sor-f45.google.com", "198.51.100.45")) + \
        fix_xreceived(gmail_extra(rng), when) + [
            "MIME-Version: 1.0",
            "From: Sri Wahyuni <%s>" % kasubag[1],
            "Date: " + when,
            "Message-ID: " + msgid,
            "Subject: " + subject,
            "To: " + TO_ADDR,
            "Cc: Muhammad Rizky Pratama <%s>" % p["email"],
            'Content-Type: multipart/mixed; boundary="%s"' % ob_mix]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(
        ob_mix, [outer_alt, eml_part, sr_part])
    docs = {"Surat Permohonan Rizky.pdf": "surat_permohonan",
            "Formulir Pendaftaran Rizky.pdf": "formulir_pendaftaran",
            "KTP Rizky.jpg": "ktp",
            "Petikan SK Rizky.pdf": "sk_jabatan",
            sr_name: "surat_rekomendasi"}
    shape = ("Forward by a kepala subbagian (Gmail 'forward as attachment'): "
             "the staff member's request is a message/rfc822 part holding 4 "
             "documents and the form lines; the Surat Rekomendasi is attached "
             "to the outer mail; the applicant is the inner From (outer body "
             "has the forwarder's own NIP in her signature)")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [eml_name], p["email"], subject, msgid,
                         shape)


# --- M011: ZIP archive (Roundcube) --------------------------------------------

def make_zip(members, when):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0x20
            zf.writestr(zi, data)
    return buf.getvalue()


def s_zip(file):
    p = PEOPLE["slamet"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "14:40:16")
    perm, form, sr, sk = std_docs(p, "slamet", fungsional=False,
                                  fonts=("helv", "helv", "times", "times"),
                                  kop=True)
    ktp = ktp_scan_jpeg(p)
    members = [("01. Surat Permohonan.pdf", perm),
               ("02. Formulir Pendaftaran.pdf", form),
               ("03. SR Kadis Dukcapil.pdf", sr),
               ("04. KTP.jpg", ktp),
               ("05. SK Jabatan Terakhir.pdf", sk)]
    z = make_zip(members, (2026, 11, 23, 14, 31, 58))
    text = (
        "Selamat siang,\n"
        "\n"
        "Dengan hormat, saya mengajukan permohonan penerbitan sertifikat "
        "elektronik. Berkas persyaratan saya kirim dalam satu file zip "
        "(dokumen.zip).\n"
        "\n"
        "Nama Lengkap: %s\n"
        "NIK: %s\n"
        "NIP: %s\n"
        "Pangkat/Golongan: %s\n"
        "Jabatan: %s\n"
        "Unit Kerja: %s\n"
        "Instansi: %s\n"
        "Email Dinas: %s\n"
        "No. HP: %s\n"
        "\n"
        "Terima kasih.\n"
        "\n"
        "Slamet Hariyanto\n"
        % (p["nama"], p["nik"], nip_spaced(p["nip"]), p["pangkat"],
           p["jabatan"], p["unit"], INSTANSI, p["email"], p["hp"]))
    b = "=_" + rid(rng, 32)
    parts = [part(["Content-Type: text/plain; charset=US-ASCII; "
                   "format=flowed",
                   "Content-Transfer-Encoding: 7bit"], crlf(flowed(text))),
             part(["Content-Transfer-Encoding: base64",
                   "Content-Type: application/x-zip-compressed;\r\n"
                   " name=dokumen.zip",
                   "Content-Disposition: attachment;\r\n"
                   " filename=dokumen.zip;\r\n size=%d" % len(z)],
                  b64_body(z))]
    msgid = "<%s@pekalongankota.go.id>" % rid(rng, 32)
    sender = p["email"]
    subject = "permohonan sertifikat elektronik"
    hdrs = envelope(rng, sender, when, ("webmail.pekalongankota.go.id",
                                        "10.10.1.30")) + [
        "MIME-Version: 1.0",
        "Date: " + when,
        "From: Slamet Hariyanto <%s>" % sender,
        "To: " + TO_ADDR,
        "Subject: " + subject,
        "Message-ID: " + msgid,
        "X-Sender: " + sender,
        "User-Agent: Roundcube Webmail/1.6.9",
        'Content-Type: multipart/mixed;\r\n boundary="%s"' % b]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b, parts)
    docs = {n: t for (n, _), t in zip(members, DOC_TYPES)}
    shape = ("Roundcube webmail: the five documents inside dokumen.zip "
             "(application/x-zip-compressed, DOS-style entries, unquoted "
             "name= and size= parameters); body format=flowed with "
             "'Label: value' lines and the NIP written with spaces")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", ["dokumen.zip"], sender, subject, msgid,
                         shape)


# --- M012: HTML-only body, iso-8859-1 ----------------------------------------

def s_html_only(file):
    p = PEOPLE["eko"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(TUE24, "08:30:44")
    perm, form, sr, sk = std_docs(p, "eko", date=(2026, 11, 23),
                                  fungsional=False)
    ktp = ktp_scan_jpeg(p)
    rows = [("Nama Lengkap", html.escape(p["nama"])),
            ("NIK", p["nik"]),
            ("NIP", nip_spaced(p["nip"]).replace(" ", "&nbsp;")),
            ("Pangkat/Golongan", p["pangkat"]),
            ("Jabatan", p["jabatan"]),
            ("Unit Kerja", p["unit"]),
            ("Instansi", INSTANSI),
            ("Email Dinas", '<a href="mailto:%s">%s</a>' % (p["email"],
                                                            p["email"])),
            ("No. HP", p["hp"])]
    htm = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; '
        'charset=iso-8859-1"></head><body style="font-family: Tahoma, '
        'sans-serif; font-size: 10pt;">\n'
        "<p>Kepada Yth.<br>Admin Layanan Sertifikat Elektronik BSR\u00e9<br>"
        "Diskominfo Kota Pekalongan</p>\n"
        "<p>Dengan hormat,<br>Saya yang bertanda tangan di bawah ini "
        "mengajukan permohonan penerbitan sertifikat elektronik dengan data "
        "sebagai berikut:</p>\n"
        '<table border="1" cellpadding="4" cellspacing="0" '
        'style="border-collapse: collapse;">\n'
        '<tr><th align="left">Data</th><th align="left">Isian</th></tr>\n' +
        "".join("<tr><td>%s</td><td>%s</td></tr>\n" % r for r in rows) +
        "</table>\n"
        "<p>Berkas persyaratan saya lampirkan (SK jabatan terakhir dalam file "
        "document.pdf).</p>\n"
        "<p>Hormat saya,<br><b>%s</b><br>%s</p>\n"
        "</body></html>\n" % (html.escape(p["nama"]), p["jabatan"]))
    ms = (epoch_of(2026, 11, 24, 8, 30) + 44) * 1000
    b = "----=_Part_%d_%d.%d" % (rng.randint(100000, 999999),
                                 rng.randint(10**8, 10**9),
                                 ms - rng.randint(2000, 9000))
    parts = [part(["Content-Type: text/html; charset=iso-8859-1",
                   "Content-Transfer-Encoding: quoted-printable"],
                  qp_body(htm, "iso-8859-1"))]
    for ct, n, d in (("application/pdf", "surat permohonan eko.pdf", perm),
                     ("application/pdf", "FORMULIR PENDAFTARAN.PDF", form),
                     ("application/pdf", "Rekomendasi Camat.pdf", sr),
                     ("image/pjpeg", "KTP_EKO.jpeg", ktp),
                     ("application/octet-stream", "document.pdf", sk)):
        parts.append(part(["Content-Type: %s; name=\"%s\"" % (ct, n),
                           "Content-Transfer-Encoding: base64",
                           "Content-Disposition: attachment; filename=\"%s\""
                           % n], b64_body(d)))
    msgid = "<%d.%d.%d.JavaMail.zimbra@pekalongankota.go.id>" % (
        rng.randint(10**8, 10**9), rng.randint(1000, 9999), ms)
    sender = p["email"]
    subject = "Permohonan Sertifikat Elektronik BSR\u00e9"
    hdrs = envelope(rng, sender, when, ("[10.40.2.15]", "203.0.113.15")) + [
        "Date: " + when,
        "From: Eko Prasetyo <%s>" % sender,
        "To: Layanan TTE <%s>" % TO_ADDR,
        "Message-ID: " + msgid,
        "Subject: " + ew_q(subject, "iso-8859-1")[0],
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; \r\n\tboundary="%s"' % b]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b, parts)
    docs = {"surat permohonan eko.pdf": "surat_permohonan",
            "FORMULIR PENDAFTARAN.PDF": "formulir_pendaftaran",
            "Rekomendasi Camat.pdf": "surat_rekomendasi",
            "KTP_EKO.jpeg": "ktp",
            "document.pdf": "sk_jabatan"}
    shape = ("HTML-only body (no text/plain), iso-8859-1 QP, form in an HTML "
             "<table> with a header row, NIP with &nbsp;, e-mail as a mailto "
             "link; iso-8859-1 Q subject; KTP declared image/pjpeg; generic "
             "document.pdf (SK jabatan) declared application/octet-stream")
    return raw, expected(file, "request", p, docs, [], True, None,
                         "received", [], sender, subject, msgid, shape)


# --- M013: greyscale KTP (K-9 Mail) -----------------------------------------

def k9_attachment(ctype, name, data):
    return part(["Content-Type: %s;\r\n name=\"%s\"" % (ctype, name),
                 "Content-Transfer-Encoding: base64",
                 "Content-Disposition: attachment;\r\n filename=\"%s\";\r\n"
                 " size=%d" % (name, len(data))], b64_body(data))


def s_grey(file):
    p = PEOPLE["hendra"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(TUE24, "09:55:47")
    perm, form, sr, sk = std_docs(p, "hendra", date=(2026, 11, 23),
                                  fungsional=False)
    ktp = ktp_grey_jpeg(p)
    nik_sp = "%s %s %s %s" % (p["nik"][:4], p["nik"][4:8], p["nik"][8:12],
                              p["nik"][12:])
    text = (
        "Selamat pagi,\n"
        "\n"
        "Saya mohon diterbitkan sertifikat elektronik untuk keperluan TTE di "
        "aplikasi SRIKANDI. Data saya:\n"
        "\n"
        "Nama : %s\n"
        "NIK : %s\n"
        "NIP : %s\n"
        "Pangkat/Golongan : %s\n"
        "Jabatan : %s\n"
        "Unit Kerja : %s\n"
        "Email Dinas : %s\n"
        "No. HP : %s\n"
        "\n"
        "Scan KTP, SK, surat permohonan, formulir dan rekomendasi Kadinkes "
        "terlampir.\n"
        "\n"
        "-- \n"
        "Dikirim dari perangkat Android saya dengan K-9 Mail. Mohon maaf atas "
        "singkatnya.\n"
        % (p["nama"], nik_sp, p["nip"], p["pangkat"], p["jabatan"],
           p["unit"], p["email"], p["hp"]))
    b = "----" + rid(rng, 28, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    parts = [part(["Content-Type: text/plain;\r\n charset=utf-8",
                   "Content-Transfer-Encoding: quoted-printable"],
                  qp_body(text, "utf-8"))]
    for ct, n, d in (("application/pdf", "Surat Permohonan Hendra.pdf", perm),
                     ("application/pdf", "Formulir Pendaftaran Hendra.pdf",
                      form),
                     ("application/pdf", "SR Hendra.pdf", sr),
                     ("image/jpeg", "KTP.jpg", ktp),
                     ("application/pdf", "SK Kasubag.pdf", sk)):
        parts.append(k9_attachment(ct, n, d))
    msgid = "<%s@pekalongankota.go.id>" % uuid_from(rng)
    sender = p["email"]
    subject = "Permohonan sertifikat TTE - Hendra Gunawan (Dinkes)"
    hdrs = envelope(rng, sender, when, ("[10.77.140.3]", "198.51.100.3")) + [
        "MIME-Version: 1.0",
        "Date: " + when,
        "From: Hendra Gunawan <%s>" % sender,
        "To: " + TO_ADDR,
        "Subject: " + subject,
        "User-Agent: K-9 Mail for Android",
        "Message-ID: " + msgid,
        'Content-Type: multipart/mixed;\r\n boundary="%s"' % b]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b, parts)
    docs = {"Surat Permohonan Hendra.pdf": "surat_permohonan",
            "Formulir Pendaftaran Hendra.pdf": "formulir_pendaftaran",
            "SR Hendra.pdf": "surat_rekomendasi",
            "KTP.jpg": "ktp",
            "SK Kasubag.pdf": "sk_jabatan"}
    shape = ("K-9 Mail: all five documents but the KTP is a greyscale scan "
             "(single-channel JPEG) -> 'KTP tidak berwarna', status "
             "incomplete; NIK in the body written in groups of four; "
             "Content-Disposition with size=")
    return raw, expected(file, "request", p, docs, [], False, None,
                         "incomplete", [], sender, subject, msgid, shape)


# --- M014: follow-up with the missing documents ------------------------------

def s_followup(file):
    p = PEOPLE["siti"]
    rng = random.Random("sertel-" + file)
    when = date_hdr(TUE24, "10:20:09")
    _, _, _, sk = std_docs(p, "siti", fonts=("helv", "times", "helv", "helv"))
    ktp = ktp_scan_jpeg(p)
    attr = ("Pada Sen, 23 Nov 2026 pukul 09.20 Siti Aminah Rahmawati "
            "<%s> menulis:" % p["email"])
    orig = siti_text()
    quoted = "\n".join(("> " + l) if l else ">" for l in
                       orig.rstrip("\n").split("\n"))
    top = ("Selamat pagi,\n"
           "\n"
           "Berikut saya kirimkan kekurangan berkas permohonan saya: scan KTP "
           "berwarna dan SK jabatan terakhir.\n"
           "\n"
           "Terima kasih.\n"
           "Siti Aminah R.\n")
    text = top + "\n" + attr + "\n\n" + quoted + "\n"
    htm = (gmail_html(top).rstrip("\n") +
           '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
           "%s<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px "
           "0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);"
           "padding-left:1ex\">%s</blockquote></div>\n"
           % (html.escape(attr, quote=False), gmail_html(orig).rstrip("\n")))
    b_alt, b_mix = gmail_boundary(rng), gmail_boundary(rng)
    alt = multipart(['Content-Type: multipart/alternative; boundary="%s"'
                     % b_alt], b_alt, gmail_text_parts(text, htm))
    atts = [gmail_attachment(rng, ct, n, d)[1] for ct, n, d in (
        ("image/jpeg", "e-KTP.jpg", ktp),
        ("application/pdf", "SK Jabatan Terakhir.pdf", sk))]
    msgid = gmail_msgid(rng)
    sender = p["email"]
    subject = "Re: " + SITI["subject"]
    hdrs = envelope(rng, sender, when,
                    ("mail-sor-f47.google.com", "198.51.100.47")) + \
        fix_xreceived(gmail_extra(rng), when) + [
            "MIME-Version: 1.0",
            "References: " + SITI["msgid"],
            "In-Reply-To: " + SITI["msgid"],
            "From: Siti Aminah Rahmawati <%s>" % sender,
            "Date: " + when,
            "Message-ID: " + msgid,
            "Subject: " + subject,
            "To: " + TO_ADDR,
            'Content-Type: multipart/mixed; boundary="%s"' % b_mix]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b_mix, [alt] + atts)
    docs = {"e-KTP.jpg": "ktp", "SK Jabatan Terakhir.pdf": "sk_jabatan"}
    shape = ("Follow-up in the same thread (Re:, In-Reply-To/References = the "
             "incomplete request's Message-ID), adds e-KTP.jpg and SK Jabatan "
             "Terakhir.pdf; the body quotes the original form lines with '> ' "
             "(HTML: gmail_quote blockquote) -> request becomes complete")
    return raw, expected(file, "followup", p, docs, [], True, SITI["file"],
                         "received", [], sender, subject, msgid, shape)


# --- M015: the form's NIK has two digits swapped: the request is invalid --

def s_nik_typo(file):
    p = PEOPLE["wahyu"]
    typed = dict(p)
    # The serial typed as 0021 instead of 0012, on the form and in the body.
    typed["nik"] = p["nik"][:12] + "0021"
    rng = random.Random("sertel-" + file)
    when = date_hdr(MON23, "10:12:05")
    perm, form, sr, sk = std_docs(typed, "wahyu")
    ktp = ktp_scan_jpeg(p)
    text = (
        "Selamat pagi,\n\n"
        "Saya mengajukan permohonan sertifikat elektronik. Data saya:\n\n"
        "Nama Lengkap : %s\n"
        "NIK : %s\n"
        "NIP : %s\n"
        "Pangkat/Golongan : %s\n"
        "Jabatan : %s\n"
        "Unit Kerja : %s\n"
        "Instansi : %s\n"
        "Email Dinas : %s\n"
        "No. HP : %s\n\n"
        "Lima dokumen persyaratan terlampir.\n\n"
        "Terima kasih,\nWahyu Adi Nugraha\n"
        % (typed["nama"], typed["nik"], p["nip"], p["pangkat"],
           p["jabatan"], p["unit"], INSTANSI, p["email"], p["hp"]))
    b_alt, b_mix = gmail_boundary(rng), gmail_boundary(rng)
    alt = multipart(['Content-Type: multipart/alternative; boundary="%s"'
                     % b_alt], b_alt, gmail_text_parts(text))
    atts = [gmail_attachment(rng, ct, n, d)[1] for ct, n, d in (
        ("application/pdf", "01 Surat Permohonan.pdf", perm),
        ("application/pdf", "02 Formulir Pendaftaran.pdf", form),
        ("application/pdf", "03 Surat Rekomendasi.pdf", sr),
        ("image/jpeg", "04 KTP.jpg", ktp),
        ("application/pdf", "05 SK Jabatan.pdf", sk))]
    msgid = gmail_msgid(rng)
    sender = p["email"]
    subject = "Permohonan TTE a.n. Wahyu Adi Nugraha"
    hdrs = envelope(rng, sender, when,
                    ("mail-sor-f53.google.com", "198.51.100.53")) + \
        fix_xreceived(gmail_extra(rng), when) + [
            "MIME-Version: 1.0",
            "From: Wahyu Adi Nugraha <%s>" % sender,
            "Date: " + when,
            "Message-ID: " + msgid,
            "Subject: " + subject,
            "To: " + TO_ADDR,
            'Content-Type: multipart/mixed; boundary="%s"' % b_mix]
    raw = "\r\n".join(hdrs) + "\r\n\r\n" + multipart_body(b_mix, [alt] + atts)
    docs = {"01 Surat Permohonan.pdf": "surat_permohonan",
            "02 Formulir Pendaftaran.pdf": "formulir_pendaftaran",
            "03 Surat Rekomendasi.pdf": "surat_rekomendasi",
            "04 KTP.jpg": "ktp",
            "05 SK Jabatan.pdf": "sk_jabatan"}
    shape = ("Gmail web, complete, but the NIK on the form and in the body "
             "has two digits swapped (serial 0021 for 0012): the KTP says "
             "otherwise, so the request is invalid with the exact mismatch")
    e = expected(file, "request", typed, docs, [], True, None, "invalid", [],
                 sender, subject, msgid, shape)
    return raw, e


SAMPLES = [s_android, s_newsletter, s_gmail, s_outlook, s_incomplete,
           s_thunderbird, s_bounce, s_iphone, s_autoreply, s_forward, s_zip,
           s_html_only, s_grey, s_followup, s_nik_typo]


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

README_HEAD = """\
# Sample inbox

`inbox/` is a Maildir of synthetic but realistically shaped requests for
electronic certificates, written by `scripts/gen-samples.py` (run it with
`/usr/bin/python3`; it needs python3-pil, python3-reportlab and
fonts-dejavu-core). Do not edit the messages by hand: change the script and
regenerate. Output is byte-identical across runs. `--check` (or
`--check-only`) parses every message with Python's email package, compares
attachments and headers with the ground truth, checks magic bytes, PDF text
(pdftotext) and structure (qpdf) when installed, and that the files on disk
equal a fresh generation.

Every person, NIK, NIP, letter and address is invented. NIKs are structurally
valid for Kota Pekalongan (3375 01..04, DD+40 for women, serial != 0000) and
each NIP agrees with the NIK's birth date and sex. IP addresses are from the
documentation ranges; the newsletter uses the reserved `.example` domain.

Ground truth: `tests/data/samples-expected.json`, a list with one object per
file, in processing (file name) order:

- `outcome`: `request` (creates a request), `followup` (adds to an earlier
  request; `followup_of` names its file) or `ignored` (auto-reply, bounce,
  bulk mail: no request, no state change).
- `applicant_email`: where replies go (the From, or the inner From of a
  forwarded request); `email_dinas` is the official address from the form.
- `nama`/`nik`/`nip`: as on the form (`nama` keeps academic titles; the KTP
  spelling is in `ktp.nama`); NIK/NIP are digits only even where the mail
  writes them with spaces. `form` has every form field.
- `documents`: every attachment of this message under its decoded file name
  (members of a ZIP and attachments of a forwarded message/rfc822 by their own
  names), with its type. The containers themselves are listed in
  `containers`, not in `documents`. Inline images count (a signature logo is
  `other`).
- `missing_after`: document types still absent from the request after this
  message (presence only). A present but unusable KTP is not "missing": it
  shows as `ktp_usable: false`.
- `ktp_usable`: judgement of the KTP in this message (null: none in it).
- `status`: the request's status after this message under the rule "all five
  present and usable: received, otherwise incomplete" (null when ignored).

Document bodies refer to one another (every Surat Permohonan lists
"Formulir Pendaftaran Sertifikat Elektronik" and "Surat Rekomendasi" among its
enclosures); the title at the top of a document decides its type.

| file | what it exercises |
|---|---|
"""


def md_escape(text):
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"),
                 ("*", "\\*")):
        text = text.replace(a, b)
    return text


def build_all():
    out = []
    for n, fn in enumerate(SAMPLES, 1):
        name = "%s.M%03d.sample" % (MAILDIR_STAMP, n)
        raw, exp, = fn(name)[:2]
        data = raw.encode("utf-8")
        out.append((name, data, exp))
    return out


def write_all(root):
    inbox = root / "samples" / "inbox"
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("cur", "tmp"):
        (inbox / sub / ".keep").write_bytes(b"")
    for old in (inbox / "new").glob(MAILDIR_STAMP + ".M*.sample"):
        old.unlink()
    samples = build_all()
    for name, data, _ in samples:
        (inbox / "new" / name).write_bytes(data)
    exp = [e for _, _, e in samples]
    (root / "tests" / "data").mkdir(parents=True, exist_ok=True)
    (root / "tests" / "data" / "samples-expected.json").write_text(
        json.dumps(exp, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    lines = [README_HEAD]
    for e in exp:
        lines.append("| `%s` | **%s.** %s |\n" % (
            e["file"], e["outcome"] if e["status"] is None else
            "%s, %s" % (e["outcome"], e["status"]),
            md_escape(e["shape"])))
    (root / "samples" / "README.md").write_text("".join(lines),
                                               encoding="utf-8")
    return samples


# ---------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------

TITLES = {
    "surat_permohonan": ["SURAT PERMOHONAN PENERBITAN SERTIFIKAT ELEKTRONIK"],
    "formulir_pendaftaran": ["FORMULIR PENDAFTARAN SERTIFIKAT ELEKTRONIK"],
    "surat_rekomendasi": ["SURAT REKOMENDASI"],
    "sk_jabatan": ["PETIKAN", "KEPUTUSAN WALI KOTA PEKALONGAN",
                   "PENGANGKATAN DALAM JABATAN"],
}


def leaves_of(msg):
    """(name, ctype, data, container) for every named leaf, recursing into
    message/rfc822 and ZIP archives."""
    found, containers = [], []
    for part_ in msg.walk():
        ctype = part_.get_content_type()
        name = part_.get_filename()
        if ctype == "message/rfc822":
            if name:
                containers.append(name)
            continue
        if part_.is_multipart() or not name:
            continue
        data = part_.get_payload(decode=True)
        if data[:2] == b"PK":
            containers.append(name)
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for zi in zf.infolist():
                    found.append((zi.filename, "zip-member",
                                  zf.read(zi), name))
            continue
        found.append((name, ctype, data, None))
    return found, containers


def magic_ok(name, data):
    ext = name.lower().rsplit(".", 1)[-1]
    return {"pdf": data.startswith(b"%PDF-"),
            "jpg": data.startswith(b"\xff\xd8\xff"),
            "jpeg": data.startswith(b"\xff\xd8\xff"),
            "png": data.startswith(b"\x89PNG\r\n\x1a\n")}.get(ext, True)


def pdf_text(data):
    if not shutil.which("pdftotext"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        r = subprocess.run(["pdftotext", "-layout", f.name, "-"],
                           capture_output=True)
    return r.stdout.decode("utf-8", "replace")


def identity_problems(e):
    """NIK and NIP structure and agreement (DESIGN.md section 5)."""
    import datetime
    out = []
    nik, nip = e["nik"], e["nip"]
    if not (re.fullmatch(r"\d{16}", nik) and re.fullmatch(r"\d{18}", nip)):
        return ["NIK/NIP not 16/18 digits"]
    if nik[:6] not in ("337501", "337502", "337503", "337504"):
        out.append("NIK region %s not in Kota Pekalongan" % nik[:6])
    dd, mm_, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    woman = dd > 40
    dd -= 40 if woman else 0
    if nik[12:] == "0000":
        out.append("NIK serial 0000")
    by, bm, bd = int(nip[:4]), int(nip[4:6]), int(nip[6:8])
    try:
        datetime.date(by, bm, bd)
        datetime.date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        out.append("NIP dates invalid")
    if (bd, bm, by % 100) != (dd, mm_, yy):
        out.append("NIP birth date does not match NIK")
    if nip[14] != ("2" if woman else "1"):
        out.append("NIP gender digit does not match NIK")
    if int(nip[8:12]) - by < 18:
        out.append("appointed before 18")
    return out


def check(root):
    import email
    from email import policy
    exp = json.loads((root / "tests" / "data" /
                      "samples-expected.json").read_text(encoding="utf-8"))
    problems = []
    ids = {}
    by_file = {e["file"]: e for e in exp}
    for e in exp:
        path = root / "samples" / "inbox" / "new" / e["file"]
        raw = path.read_bytes()
        w = e["file"]
        if len(raw) > MAX_MSG:
            problems.append("%s: %d bytes > %d" % (w, len(raw), MAX_MSG))
        if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
            problems.append("%s: bare CR or LF" % w)
        if any(len(l) > 998 for l in raw.split(b"\r\n")):
            problems.append("%s: line over 998 octets" % w)
        msg = email.message_from_bytes(raw, policy=policy.default)
        for h in ("Date", "From", "To", "Subject", "Message-ID",
                  "MIME-Version"):
            if msg[h] is None:
                problems.append("%s: no %s header" % (w, h))
        if msg.defects:
            problems.append("%s: defects %r" % (w, msg.defects))
        for part_ in msg.walk():
            if part_.defects:
                problems.append("%s: part defects %r" % (w, part_.defects))
        mid = str(msg["Message-ID"]).strip()
        if mid != e["message_id"]:
            problems.append("%s: Message-ID %s != %s" % (w, mid,
                                                         e["message_id"]))
        if mid in ids:
            problems.append("%s: Message-ID also in %s" % (w, ids[mid]))
        ids[mid] = w
        if str(msg["Subject"]) != e["subject"]:
            problems.append("%s: Subject %r != %r" % (w, str(msg["Subject"]),
                                                      e["subject"]))
        if TO_ADDR not in str(msg["To"]):
            problems.append("%s: To is not %s" % (w, TO_ADDR))
        found, containers = leaves_of(msg)
        names = [f[0] for f in found]
        if sorted(names) != sorted(e["documents"]):
            problems.append("%s: attachments %r != expected %r"
                            % (w, sorted(names), sorted(e["documents"])))
        if sorted(containers) != sorted(e["containers"]):
            problems.append("%s: containers %r != %r" % (w, containers,
                                                         e["containers"]))
        for name, ctype, data, _ in found:
            if not magic_ok(name, data):
                problems.append("%s: %s: magic bytes do not match the name"
                                % (w, name))
            kind = e["documents"].get(name)
            if kind in TITLES:
                txt = pdf_text(data)
                if txt is not None:
                    for t in TITLES[kind]:
                        if t not in txt:
                            problems.append("%s: %s: text lacks %r"
                                            % (w, name, t))
                    if kind == "formulir_pendaftaran" and e["nik"] not in txt:
                        problems.append("%s: %s: NIK not in text" % (w, name))
            if name.lower().endswith(".pdf") and shutil.which("qpdf"):
                with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
                    f.write(data)
                    f.flush()
                    r = subprocess.run(["qpdf", "--check", f.name],
                                       capture_output=True)
                if r.returncode != 0:
                    problems.append("%s: %s: qpdf --check failed" % (w, name))
            if kind == "ktp":
                img = Image.open(io.BytesIO(data))
                colour = img.mode == "RGB"
                if colour != e["ktp_usable"]:
                    problems.append("%s: %s: mode %s but ktp_usable %s"
                                    % (w, name, img.mode, e["ktp_usable"]))
        if e["nik"]:
            problems += ["%s: %s" % (w, m) for m in identity_problems(e)]
        if e["outcome"] == "followup":
            orig = by_file[e["followup_of"]]
            if str(msg["In-Reply-To"]).strip() != orig["message_id"]:
                problems.append("%s: In-Reply-To does not point to %s"
                                % (w, orig["file"]))
        if e["outcome"] != "ignored":
            body = msg.get_body(("plain", "html"))
            if body is None:
                problems.append("%s: no body" % w)
        print("%-26s %-8s %7d bytes  %s" % (
            w, e["outcome"], len(raw),
            ", ".join("%s=%s" % (n, e["documents"].get(n, "?"))
                      for n in names)
            or "-"))
    for name, data, e in build_all():
        path = root / "samples" / "inbox" / "new" / name
        if not path.exists() or path.read_bytes() != data:
            problems.append("%s: differs from a fresh generation" % name)
    for p in problems:
        print("PROBLEM:", p)
    print("%d samples, %d problems" % (len(exp), len(problems)))
    return not problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent.parent,
                    help="repository root to write into (default: this repo)")
    ap.add_argument("--check", action="store_true",
                    help="after writing, parse and verify the output")
    ap.add_argument("--check-only", action="store_true",
                    help="verify existing output without writing")
    args = ap.parse_args()
    if not args.check_only:
        write_all(args.out)
    if args.check or args.check_only:
        return 0 if check(args.out) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
