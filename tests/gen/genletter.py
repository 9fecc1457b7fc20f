#!/usr/bin/python3
"""Generate complete, consistent requests for the letter tests.

usage: genletter.py --seed N --count K --out DIR [--first I] [--missing]

Writes DIR/new/*.eml (a Maildir: new/ cur/ tmp/; sorted file names are
the processing order) and DIR/people.json, one object per mail in that
order: nama, nik, nip, jabatan, unit_kerja, email, message_id. Each mail
carries the form in its body ("Nama : ..." lines) and the five documents,
named after their type (surat_permohonan.pdf, formulir_pendaftaran.pdf,
surat_rekomendasi.pdf, ktp.jpg, sk_jabatan.pdf). With --missing the SK
jabatan is left out, so the request stays incomplete.

Applicants are random but reproducible from the seed (names from lists,
random digits), and applicants 0..4 always cover the awkward cases in
this order: an apostrophe (Nur'aini, or Nur’aini with U+2019), letters
beyond Latin-1 (Ṣalih, Muḥammad: Latin Extended Additional), front and
back titles ("Dr. Ir. ..., M.T."), a plain name, Latin-1 letters (Zoë,
Dwi Ayu Ningsih Müller); later ones mix them. The NIK (region 3375 Kota
Pekalongan, kecamatan 01..04, birth date, +40 for women) and the NIP
(birth date, appointment YYYYMM, sex digit, serial) agree with each
other. --first I numbers the
people (and Message-IDs) from I, so several runs into one store do not
collide. Needs Debian's python3-pil and python3-reportlab.
"""

import argparse
import base64
import calendar
import email.utils
import io
import json
import os
import random
import sys
import unicodedata

from PIL import Image, ImageDraw
from reportlab.pdfgen import canvas

DOMAIN = "pekalongankota.go.id"
TO_ADDR = "layanan.tte@" + DOMAIN
STAMP = 1795200000          # Maildir names and Date: (2026-11-20)

MALE_FIRST = ["Budi", "Agus", "Bambang", "Joko", "Slamet", "Eko", "Wahyu",
              "Hendra", "Dimas", "Fajar", "Teguh", "Heru", "Sigit", "Arif",
              "Bayu", "Yusuf", "Ahmad", "Rudi", "Hadi", "Imam", "Gilang"]
FEMALE_FIRST = ["Siti", "Sri", "Rina", "Nurul", "Dewi", "Endang", "Yuli",
                "Ratna", "Indah", "Ayu", "Putri", "Wulan", "Fitri", "Dian",
                "Retno", "Novi", "Lina", "Mega", "Rahayu", "Intan"]
MALE_LAST = ["Santoso", "Setiawan", "Prasetyo", "Nugroho", "Wibowo",
             "Hidayat", "Kurniawan", "Saputra", "Pratama", "Susanto",
             "Gunawan", "Purnomo", "Wijaya", "Hermawan", "Budiman"]
FEMALE_LAST = ["Rahmawati", "Lestari", "Wahyuni", "Handayani", "Susanti",
               "Purwanti", "Wulandari", "Puspitasari", "Safitri",
               "Maharani", "Anggraini", "Ningsih", "Utami", "Pertiwi"]
# The awkward ones: (sex, words)
APOSTROPHE = [("P", ["Nur'aini", "Rahmawati"]), ("L", ["Ma'ruf", "Hidayat"]),
              ("P", ["Siti", "Qur'ani"]), ("L", ["Ja'far", "Shodiq"]),
              ("P", ["Sa'adah", "Lestari"]), ("P", ["Nur\u2019aini", "Utami"]),
              ("L", ["Mu\u2019min", "Santoso"])]
# Latin-1 letters, and letters beyond it (Latin Extended Additional)
LATIN1 = [("P", ["Zoë", "Lestari"]),
          ("P", ["Dwi", "Ayu", "Ningsih", "Müller"]),
          ("L", ["André", "Nugroho"]), ("P", ["Renée", "Susanti"]),
          ("L", ["Jürgen", "Wibisono"])]
BEYOND = [("L", ["Ṣalih", "Prasetyo"]), ("L", ["Muḥammad", "Ṣiddiq"]),
          ("P", ["Ḥafṣah", "Lestari"]), ("L", ["Ṣalih", "Ḍiyauddin"])]
TITLED = [("Dr. Ir.", "M.T."), ("Dr. Ir.", "M.Eng."), ("Dr.", "M.Si."),
          ("Ir.", "M.T.")]
SUFFIX = ["S.Kom.", "S.T.", "S.H.", "S.E.", "S.Sos.", "S.IP.", "A.Md.",
          "S.Kom., M.Kom.", "S.E., M.M.", "S.H., M.H."]
UNITS = ["Dinas Komunikasi dan Informatika", "Badan Kepegawaian Daerah",
         "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Kesehatan",
         "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Pendidikan",
         "Badan Keuangan Daerah", "Inspektorat", "Kecamatan Pekalongan Barat",
         "Bagian Hukum Sekretariat Daerah", "RSUD Bendan"]
JABATAN = ["Pranata Komputer Ahli Pertama", "Pranata Komputer Ahli Muda",
           "Analis SDM Aparatur Ahli Pertama", "Kepala Subbagian Umum dan "
           "Kepegawaian", "Kepala Seksi Pelayanan", "Perencana Ahli Pertama",
           "Pengelola Keuangan", "Arsiparis Terampil", "Auditor Ahli Muda",
           "Kepala Bidang Aplikasi Informatika", "Sekretaris"]
DOCS = [("surat_permohonan.pdf", "SURAT PERMOHONAN"),
        ("formulir_pendaftaran.pdf", "FORMULIR PENDAFTARAN"),
        ("surat_rekomendasi.pdf", "SURAT REKOMENDASI"),
        ("ktp.jpg", None),
        ("sk_jabatan.pdf", "PETIKAN KEPUTUSAN SK JABATAN")]


def ascii_fold(s):
    """'Zoë' -> 'zoe', "Nur'aini" -> 'nuraini'."""
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if c.isascii() and c.isalnum()).lower()


def make_person(rng, i, taken):
    """Applicant i: the first five cover an apostrophe, letters beyond
    Latin-1, titles, a plain name and Latin-1 letters, in that order."""
    while True:
        kind = i if i < 5 else rng.choice([0, 1, 2, 3, 3, 3, 4])
        if kind == 0:
            sex, words = rng.choice(APOSTROPHE)
        elif kind == 1:
            sex, words = rng.choice(BEYOND)
        elif kind == 4:
            sex, words = rng.choice(LATIN1)
        else:
            sex = rng.choice("LP")
            words = [rng.choice(MALE_FIRST if sex == "L" else FEMALE_FIRST),
                     rng.choice(MALE_LAST if sex == "L" else FEMALE_LAST)]
        full = " ".join(words)
        if kind == 2:
            pre, post = rng.choice(TITLED)
            nama = "%s %s, %s" % (pre, full, post)
        else:
            nama = "%s, %s" % (full, rng.choice(SUFFIX))
        y = rng.randint(1968, 1998)
        m = rng.randint(1, 12)
        d = rng.randint(1, calendar.monthrange(y, m)[1])
        nik = "33750%d%02d%02d%02d%04d" % (
            rng.randint(1, 4), d + (40 if sex == "P" else 0), m, y % 100,
            rng.randint(1, 999))
        tmt_y = min(2025, y + rng.randint(22, 30))
        nip = "%04d%02d%02d%04d%02d%s%03d" % (
            y, m, d, tmt_y, rng.choice([1, 3, 4, 10, 12]),
            "1" if sex == "L" else "2", rng.randint(1, 999))
        email = "%s.%s%d@%s" % (ascii_fold(words[0]), ascii_fold(words[-1]),
                                i, DOMAIN)
        if nik not in taken and nip not in taken:
            taken.update((nik, nip))
            break
    return {"nama": nama, "full": full, "nik": nik, "nip": nip,
            "jabatan": rng.choice(JABATAN), "unit_kerja": rng.choice(UNITS),
            "email": email}


def tiny_pdf(title, p):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(420, 200), invariant=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(30, 160, title)
    c.setFont("Helvetica", 10)
    c.drawString(30, 130, "NIP " + p["nip"])
    c.showPage()
    c.save()
    return buf.getvalue()


def ktp_jpeg(rng):
    """A small colour card: blue ground, a photo box, some lines."""
    img = Image.new("RGB", (320, 200), (95 + rng.randint(0, 40), 150, 205))
    dr = ImageDraw.Draw(img)
    dr.rectangle((225, 45, 300, 140), fill=(200, 60, 50))
    for k in range(6):
        dr.line((20, 50 + 16 * k, 180, 50 + 16 * k), fill=(20, 20, 20),
                width=2)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def b64(data):
    s = base64.b64encode(data).decode()
    return "".join(s[k:k + 76] + "\r\n" for k in range(0, len(s), 76))


def mail(rng, p, i, msgid, missing):
    body = ("Yth. Admin Layanan TTE,\n\nBersama ini saya mengajukan "
            "permohonan sertifikat elektronik.\n\n"
            "Nama : %s\nNIK : %s\nNIP : %s\nJabatan : %s\n"
            "Unit Kerja : %s\nEmail Dinas : %s\n\nTerima kasih.\n%s\n"
            % (p["nama"], p["nik"], p["nip"], p["jabatan"], p["unit_kerja"],
               p["email"], p["full"]))
    bnd = "=_sertel_%08x" % rng.getrandbits(32)
    t = STAMP + 60 * i
    hdr = ["From: =?utf-8?B?%s?= <%s>" % (
               base64.b64encode(p["full"].encode()).decode(), p["email"]),
           "To: " + TO_ADDR,
           "Subject: Permohonan Sertifikat Elektronik",
           "Message-ID: <%s>" % msgid,
           "Date: %s" % email_date(t),
           "MIME-Version: 1.0",
           'Content-Type: multipart/mixed; boundary="%s"' % bnd]
    parts = ["Content-Type: text/plain; charset=utf-8\r\n"
             "Content-Transfer-Encoding: base64\r\n\r\n"
             + b64(body.replace("\n", "\r\n").encode())]
    for name, title in DOCS:
        if missing and name == "sk_jabatan.pdf":
            continue
        data = ktp_jpeg(rng) if title is None else tiny_pdf(title, p)
        ctype = "image/jpeg" if title is None else "application/pdf"
        parts.append('Content-Type: %s; name="%s"\r\n'
                     'Content-Disposition: attachment; filename="%s"\r\n'
                     "Content-Transfer-Encoding: base64\r\n\r\n%s"
                     % (ctype, name, name, b64(data)))
    out = "\r\n".join(hdr) + "\r\n\r\n"
    for part in parts:
        out += "--%s\r\n%s" % (bnd, part)
    out += "--%s--\r\n" % bnd
    return out.encode()


def email_date(t):
    """RFC 5322 date of epoch t in WIB (+0700)."""
    return email.utils.formatdate(t + 7 * 3600, localtime=False).replace(
        "-0000", "+0700")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--missing", action="store_true")
    a = ap.parse_args()
    rng = random.Random("%d/%d" % (a.seed, a.first))
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    people, taken = [], set()
    for k in range(a.count):
        i = a.first + k
        p = make_person(rng, i, taken)
        p["message_id"] = "letter-%d-%d@test.invalid" % (a.seed, i)
        raw = mail(rng, p, i, p["message_id"], a.missing)
        name = "%d.%06d.genletter" % (STAMP + i, i)
        with open(os.path.join(a.out, "new", name), "wb") as f:
            f.write(raw)
        del p["full"]
        people.append(p)
    with open(os.path.join(a.out, "people.json"), "w") as f:
        json.dump(people, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
