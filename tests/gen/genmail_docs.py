"""Documents for genmail.py: synthetic people, PDFs and KTP images.

Everything is drawn from a random.Random the caller owns, so that the same
seed gives the same bytes.  People, numbers and letters are invented: NIKs
are structurally valid for Kota Pekalongan (3375 01..04, DD+40 for women,
serial != 0000) and each NIP agrees with its NIK (birth date, sex).
"""

import calendar
import datetime
import io
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTDIR = "/usr/share/fonts/truetype/dejavu"
INSTANSI = "Pemerintah Kota Pekalongan"
DOMAIN = "pekalongankota.go.id"
DOC_TYPES = ["surat_permohonan", "formulir_pendaftaran", "surat_rekomendasi",
             "ktp", "sk_jabatan"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember"]

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

MALE_FIRST = ["Budi", "Agus", "Bambang", "Joko", "Slamet", "Eko", "Wahyu",
              "Hendra", "Dimas", "Rizky", "Fajar", "Teguh", "Heru", "Sigit",
              "Arif", "Bayu", "Yusuf", "Ahmad", "Muhammad", "Rudi", "Hadi",
              "Andi", "Imam", "Gilang", "Aditya", "Bagus", "Dedi", "Galih",
              "Hari", "Irfan", "Kukuh", "Lukman", "Nanang", "Prasetya",
              "Rahmat", "Sutrisno", "Taufik", "Wawan", "Yoga", "Dwi", "Tri"]
FEMALE_FIRST = ["Siti", "Sri", "Rina", "Nurul", "Dewi", "Endang", "Yuli",
                "Ratna", "Indah", "Ayu", "Putri", "Wulan", "Fitri", "Kartika",
                "Anisa", "Retno", "Dian", "Novi", "Eka", "Tri", "Dwi", "Lina",
                "Mega", "Nining", "Puji", "Rahayu", "Septi", "Tutik", "Umi",
                "Vina", "Yeni", "Zahra", "Desi", "Hesti", "Intan"]
MALE_MIDDLE = ["Adi", "Arya", "Budi", "Dwi", "Eko", "Nur", "Rizki", "Tri",
               "Setyo", "Wahyu", "Agung", "Bayu", "Hadi", "Yoga"]
FEMALE_MIDDLE = ["Ayu", "Dwi", "Nur", "Sri", "Tri", "Puspita", "Ratna",
                 "Dewi", "Kurnia", "Aminah", "Wahyu", "Eka", "Indah"]
MALE_LAST = ["Santoso", "Setiawan", "Prasetyo", "Nugroho", "Wibowo",
             "Hidayat", "Kurniawan", "Saputra", "Pratama", "Susanto",
             "Gunawan", "Hariyanto", "Purnomo", "Wijaya", "Firmansyah",
             "Rahman", "Hermawan", "Sulistyo", "Budiman", "Suryadi",
             "Hartono", "Mulyono", "Sutanto", "Widodo", "Yulianto",
             "Subekti", "Wicaksono", "Nugraha", "Ramadhan", "Kusuma"]
FEMALE_LAST = ["Rahmawati", "Kusumawardani", "Lestari", "Wahyuni",
               "Handayani", "Susanti", "Purwanti", "Hidayah", "Wulandari",
               "Puspitasari", "Safitri", "Maharani", "Anggraini", "Rahayu",
               "Fitriani", "Sulistyowati", "Ningsih", "Utami", "Pertiwi",
               "Kurniasih", "Setyaningsih", "Mardiyah", "Astuti", "Yuliana"]
SHORT_FIRST = {"Muhammad", "Ahmad", "Sri", "Siti", "Dwi", "Tri", "Eka"}

SUFFIX = ["S.Kom.", "S.T.", "S.H.", "S.E.", "S.Sos.", "S.IP.", "S.Pd.",
          "A.Md.", "S.Kep.", "S.Ak.", "S.Kom., M.Kom.", "S.E., M.M.",
          "S.H., M.H.", "S.T., M.T.", "S.Sos., M.Si.", "S.STP.", "A.Md.Kep.",
          "S.Psi.", "S.KM."]
PREFIX = ["Drs.", "Ir.", "dr."]

# (pangkat / golongan), by rank
PANGKAT = [("Pengatur", "II/c"), ("Pengatur Tingkat I", "II/d"),
           ("Penata Muda", "III/a"), ("Penata Muda Tingkat I", "III/b"),
           ("Penata", "III/c"), ("Penata Tingkat I", "III/d"),
           ("Pembina", "IV/a"), ("Pembina Tingkat I", "IV/b")]

# (unit kerja, head's position, kop lines) -- kop from the unit's name
UNITS = [
    "Dinas Komunikasi dan Informatika", "Badan Kepegawaian Daerah",
    "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Kesehatan",
    "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Pendidikan",
    "Dinas Sosial", "Dinas Perhubungan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Keuangan Daerah", "Inspektorat", "Satuan Polisi Pamong Praja",
    "Dinas Lingkungan Hidup", "Dinas Perdagangan, Koperasi dan UKM",
    "Kecamatan Pekalongan Barat", "Kecamatan Pekalongan Timur",
    "Kecamatan Pekalongan Utara", "Kecamatan Pekalongan Selatan",
    "Bagian Hukum Sekretariat Daerah", "Bagian Organisasi Sekretariat Daerah",
    "Rumah Sakit Umum Daerah Bendan",
]
JABATAN = ["Pranata Komputer Ahli Pertama", "Pranata Komputer Ahli Muda",
           "Analis SDM Aparatur Ahli Pertama", "Analis Kebijakan Ahli Muda",
           "Kepala Subbagian Umum dan Kepegawaian",
           "Kepala Subbagian Keuangan", "Kepala Seksi Pelayanan",
           "Perencana Ahli Pertama", "Pengelola Keuangan",
           "Analis Hukum Ahli Pertama", "Arsiparis Terampil",
           "Pranata Keuangan APBD Terampil", "Sekretaris Kecamatan",
           "Kepala Bidang Aplikasi Informatika", "Auditor Ahli Pertama",
           "Perawat Ahli Pertama", "Penata Kelola Sistem dan Teknologi "
           "Informasi", "Analis Kepegawaian Ahli Muda"]

KECAMATAN = {
    "337501": ("PEKALONGAN BARAT", ["MEDONO", "PODOSUGIH", "TIRTO",
                                    "BENDAN KERGON", "PASIRKRATONKRAMAT",
                                    "SAPURO KEBULEN"]),
    "337502": ("PEKALONGAN TIMUR", ["PONCOL", "NOYONTAAN", "SUGIHWARAS",
                                    "SETONO", "KAUMAN", "KLEGO"]),
    "337503": ("PEKALONGAN UTARA", ["PANJANG WETAN", "PANJANG BARU",
                                    "KRAPYAK", "DEGAYU", "BANDENGAN"]),
    "337504": ("PEKALONGAN SELATAN", ["JENGGOT", "KURIPAN YOSOREJO",
                                      "BANYURIP", "SOKODUWET", "DUWET"]),
}
JALAN = ["JL. URIP SUMOHARJO", "JL. PELABUHAN", "JL. JENGGOT RAYA",
         "JL. PODOSUGIH", "JL. TIRTO", "JL. KH. MANSYUR", "JL. BANYURIP AGENG",
         "JL. KRAPYAK LOR", "JL. SOKODUWET", "PERUM KURIPAN INDAH BLOK C",
         "JL. SRIWIJAYA", "JL. HAYAM WURUK", "JL. DR. WAHIDIN"]
TEMPAT = ["PEKALONGAN", "PEKALONGAN", "PEKALONGAN", "BATANG", "PEMALANG",
          "SEMARANG", "TEGAL", "KENDAL", "BREBES"]


class Person(dict):
    __getattr__ = dict.__getitem__


def _ascii_lower(s):
    return "".join(c for c in s.lower() if c.isalnum())


def make_person(rng, taken):
    """A civil servant; taken holds NIKs and e-mail addresses in use."""
    while True:
        sex = rng.choice("LP")
        if sex == "L":
            first = rng.choice(MALE_FIRST)
            mid = rng.choice(MALE_MIDDLE) if rng.random() < 0.4 else None
            last = rng.choice(MALE_LAST)
        else:
            first = rng.choice(FEMALE_FIRST)
            mid = rng.choice(FEMALE_MIDDLE) if rng.random() < 0.4 else None
            last = rng.choice(FEMALE_LAST)
        words = [first] + ([mid] if mid and mid != first else []) + [last]
        full = " ".join(words)
        nick = words[1] if first in SHORT_FIRST else first
        y = rng.randint(1968, 1999)
        m = rng.randint(1, 12)
        d = rng.randint(1, calendar.monthrange(y, m)[1])
        region = "33750%d" % rng.randint(1, 4)
        serial = "%04d" % rng.randint(1, 60)
        nik = "%s%02d%02d%02d%s" % (region, d + (40 if sex == "P" else 0), m,
                                    y % 100, serial)
        tmt_y = min(2025, y + rng.randint(21, 31))
        tmt_m = rng.choice([1, 1, 2, 3, 3, 4, 6, 10, 12])
        nip = "%04d%02d%02d%04d%02d%s%03d" % (y, m, d, tmt_y, tmt_m,
                                              "1" if sex == "L" else "2",
                                              rng.randint(1, 9))
        local = "%s.%s" % (_ascii_lower(nick if first in SHORT_FIRST and
                                        nick != last else first),
                            _ascii_lower(last))
        email = "%s@%s" % (local, DOMAIN)
        if nik in taken or email in taken:
            continue
        taken.add(nik)
        taken.add(email)
        break
    nama = full
    r = rng.random()
    if r < 0.85:
        nama = "%s, %s" % (full, rng.choice(SUFFIX))
    if rng.random() < 0.06:
        nama = "%s %s" % (rng.choice(PREFIX), nama)
    rank = rng.randrange(len(PANGKAT))
    pk = PANGKAT[rank]
    pangkat = rng.choice(["%s / %s" % pk, "%s (%s)" % pk, "%s, %s" % pk])
    unit = rng.choice(UNITS)
    jab = rng.choice(JABATAN)
    if jab == "Sekretaris Kecamatan" and unit.startswith("Kecamatan"):
        jab = "Sekretaris " + unit
    kec, kels = KECAMATAN[region]
    if rng.random() < 0.15:
        kec, kels = KECAMATAN[rng.choice(sorted(KECAMATAN))]
    hp = "08%d%d-%04d-%04d" % (rng.choice([1, 5, 7, 9, 2, 3]),
                               rng.randint(1, 9),
                               rng.randint(1000, 9999), rng.randint(0, 9999))
    personal = "%s%s%s@gmail.com" % (_ascii_lower(nick), rng.choice(["", ".",
                                                                  "_"]),
                                    _ascii_lower(last)[:rng.randint(3, 8)]
                                    + str(rng.randint(1, 99)))
    p = Person(
        sex=sex, full=full, nick=nick, nama=nama, nama_ktp=full.upper(),
        birth=(y, m, d), nik=nik, nip=nip, region=region,
        pangkat=pangkat, gol=pk[1], jabatan=jab, unit=unit, email=email,
        personal=personal, hp=hp,
        tempat=rng.choice(TEMPAT),
        ttl="%s, %02d-%02d-%04d" % (rng.choice(TEMPAT), d, m, y),
        gol_darah=rng.choice(["A", "B", "O", "AB", "-"]),
        alamat="%s NO. %d" % (rng.choice(JALAN), rng.randint(1, 120)),
        rt_rw="%03d/%03d" % (rng.randint(1, 9), rng.randint(1, 9)),
        kel=rng.choice(kels), kec=kec,
        agama=rng.choice(["ISLAM"] * 6 + ["KRISTEN", "KATHOLIK"]),
        kawin=rng.choice(["KAWIN", "KAWIN", "BELUM KAWIN"]),
        terbit="%02d-%02d-%04d" % (rng.randint(1, 28), rng.randint(1, 12),
                                   rng.randint(2012, 2022)),
    )
    p["atasan"] = make_atasan(rng, unit)
    return p


def make_atasan(rng, unit):
    sex = rng.choice("LP")
    first = rng.choice(MALE_FIRST if sex == "L" else FEMALE_FIRST)
    last = rng.choice(MALE_LAST if sex == "L" else FEMALE_LAST)
    y, m = rng.randint(1966, 1982), rng.randint(1, 12)
    d = rng.randint(1, 28)
    nip = "%04d%02d%02d%04d%02d%s%03d" % (y, m, d, y + rng.randint(22, 28),
                                          rng.choice([1, 3, 12]),
                                          "1" if sex == "L" else "2",
                                          rng.randint(1, 9))
    nama = "%s %s, %s" % (first, last, rng.choice(
        ["S.T., M.T.", "S.H., M.H.", "S.Sos., M.Si.", "S.E., M.M.",
         "S.STP., M.Si.", "M.Kes."]))
    if unit.startswith("Kecamatan"):
        jab = "Camat " + unit[len("Kecamatan "):]
    elif unit.startswith("Bagian"):
        jab = "Kepala " + unit
    elif unit.startswith("Rumah Sakit"):
        jab = "Direktur " + unit
    elif unit == "Inspektorat":
        jab = "Inspektur"
    elif unit == "Satuan Polisi Pamong Praja":
        jab = "Kepala Satuan Polisi Pamong Praja"
    else:
        jab = "Kepala " + unit
    pangkat = rng.choice(["Pembina / IV/a", "Pembina Tingkat I / IV/b",
                          "Pembina Utama Muda / IV/c"])
    return (nama, nip, pangkat, jab)


def nip_spaced(nip):
    return "%s %s %s %s" % (nip[:8], nip[8:14], nip[14], nip[15:])


def nik_grouped(nik):
    return " ".join(nik[i:i + 4] for i in range(0, 16, 4))


def form_of(p):
    return dict(nama=p.nama, nik=p.nik, nip=p.nip,
                pangkat_golongan=p.pangkat, jabatan=p.jabatan,
                unit_kerja=p.unit, instansi=INSTANSI, email_dinas=p.email,
                no_hp=p.hp)


def tgl(y, m, d):
    return "%d %s %d" % (d, BULAN[m - 1], y)


def epoch_of(y, m, d, hh=9, mi=0):
    return calendar.timegm((y, m, d, hh, mi, 0)) - 7 * 3600


# ---------------------------------------------------------------------------
# PDF: a small block layout, drawn as PDF text or as a raster page
# ---------------------------------------------------------------------------

pdfmetrics.registerFont(TTFont("DejaVuSerif",
                               os.path.join(FONTDIR, "DejaVuSerif.ttf")))
pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold",
                               os.path.join(FONTDIR, "DejaVuSerif-Bold.ttf")))
FONTSETS = {"helv": ("Helvetica", "Helvetica-Bold"),
            "times": ("Times-Roman", "Times-Bold"),
            "serif": ("DejaVuSerif", "DejaVuSerif-Bold")}
TTF_FILES = {"Helvetica": "DejaVuSans.ttf",
             "Helvetica-Bold": "DejaVuSans-Bold.ttf",
             "Times-Roman": "DejaVuSerif.ttf",
             "Times-Bold": "DejaVuSerif-Bold.ttf",
             "DejaVuSerif": "DejaVuSerif.ttf",
             "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf"}
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP = 25 * mm, PAGE_W - 20 * mm, 22 * mm


def layout(blocks, fontset="helv", size=11):
    reg, bold = FONTSETS[fontset]
    lead = size * 1.45
    ops = []
    y = TOP
    width = RIGHT - LEFT
    for b in blocks:
        kind = b[0]
        if kind == "kop":
            lines = b[1]
            y += 14
            ops.append(("text_c", PAGE_W / 2, y, bold, 13, lines[0]))
            y += 17
            ops.append(("text_c", PAGE_W / 2, y, bold, 14, lines[1]))
            for extra in lines[2:]:
                y += 13
                ops.append(("text_c", PAGE_W / 2, y, reg, 9, extra))
            y += 8
            ops.append(("line", LEFT, y, RIGHT, y, 2))
            y += 16
        elif kind in ("title", "center", "center_b"):
            fnt = bold if kind in ("title", "center_b") else reg
            sz = size + 1 if kind == "title" else size
            for line in simpleSplit(b[1], fnt, sz, width):
                y += lead
                ops.append(("text_c", PAGE_W / 2, y, fnt, sz, line))
        elif kind == "right":
            y += lead
            ops.append(("text_r", RIGHT, y, reg, size, b[1]))
        elif kind == "para":
            ind = b[2] if len(b) > 2 else 0
            for line in simpleSplit(b[1], reg, size, width - ind):
                y += lead
                ops.append(("text", LEFT + ind, y, reg, size, line))
        elif kind == "kv":
            label, value = b[1], b[2]
            ind = b[3] if len(b) > 3 else 0
            lw = b[4] if len(b) > 4 else 45 * mm
            y += lead
            ops.append(("text", LEFT + ind, y, reg, size, label))
            ops.append(("text", LEFT + ind + lw, y, reg, size, ":"))
            lines = simpleSplit(value, reg, size, width - ind - lw - 8)
            for i, line in enumerate(lines or [""]):
                if i:
                    y += lead
                ops.append(("text", LEFT + ind + lw + 8, y, reg, size, line))
        elif kind == "gap":
            y += b[1]
        elif kind == "sign":
            x = PAGE_W / 2 + 15 * mm
            for line in b[1]:
                y += lead
                if line:
                    fnt = bold if line.startswith("*") else reg
                    ops.append(("text", x, y, fnt, size, line.lstrip("*")))
        else:
            raise ValueError(kind)
    return ops


def pdf_draw(c, ops, invisible=False):
    for op in ops:
        if op[0] == "line":
            if not invisible:
                _, x1, y1, x2, y2, w = op
                c.setLineWidth(w)
                c.line(x1, PAGE_H - y1, x2, PAGE_H - y2)
            continue
        kind, x, y, fnt, sz, s = op
        if kind == "text_c":
            x -= pdfmetrics.stringWidth(s, fnt, sz) / 2
        elif kind == "text_r":
            x -= pdfmetrics.stringWidth(s, fnt, sz)
        t = c.beginText(x, PAGE_H - y)
        t.setFont(fnt, sz)
        if invisible:
            t.setTextRenderMode(3)
        t.textOut(s)
        c.drawText(t)


_FONT_CACHE = {}


def pil_font(name, size):
    key = (name, size)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(os.path.join(FONTDIR, name),
                                              size)
    return _FONT_CACHE[key]


def raster_draw(ops, dpi):
    k = dpi / 72.0
    img = Image.new("L", (int(PAGE_W * k), int(PAGE_H * k)), 246)
    d = ImageDraw.Draw(img)
    for op in ops:
        if op[0] == "line":
            _, x1, y1, x2, y2, w = op
            d.line((x1 * k, y1 * k, x2 * k, y2 * k), fill=30,
                   width=max(1, int(w * k)))
            continue
        kind, x, y, fnt, sz, s = op
        f = pil_font(TTF_FILES[fnt], max(6, int(round(sz * k))))
        anchor = {"text": "ls", "text_c": "ms", "text_r": "rs"}[kind]
        d.text((x * k, y * k), s, font=f, fill=28, anchor=anchor)
    return img


def _canvas(epoch, title, author, creator):
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator(creator)
    c.setSubject("")
    return c, buf


def _finish(c, buf):
    c.showPage()
    c.save()
    del os.environ["SOURCE_DATE_EPOCH"]
    return buf.getvalue()


def make_pdf(blocks, title, author, epoch, fontset="helv",
             creator="Microsoft\u00ae Word 2019"):
    c, buf = _canvas(epoch, title, author, creator)
    pdf_draw(c, layout(blocks, fontset, 11))
    return _finish(c, buf)


def pdf_scanned(blocks, epoch, title, creator, producer, rng):
    """A scanned page: a greyscale JPEG page plus an invisible OCR text
    layer (as CamScanner or a scanner's OCR writes it)."""
    ops = layout(blocks, "times", 11)
    page = raster_draw(ops, 60)
    page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC,
                       fillcolor=232)
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=45)
    c, out = _canvas(epoch, title, "", creator)
    c._doc.info.producer = producer
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, PAGE_W, PAGE_H)
    pdf_draw(c, ops, invisible=True)
    return _finish(c, out)


def pdf_formulir_acroform(p, date, epoch):
    """A fillable Formulir Pendaftaran with filled-in AcroForm fields."""
    c, buf = _canvas(epoch, "Formulir Pendaftaran Sertifikat Elektronik",
                     "Diskominfo Kota Pekalongan", "Adobe Acrobat Pro DC")
    pdf_draw(c, layout([
        ("kop", ["PEMERINTAH KOTA PEKALONGAN",
                 "DINAS KOMUNIKASI DAN INFORMATIKA",
                 "Layanan Sertifikat Elektronik - Pos-el: "
                 "layanan.tte@pekalongankota.go.id"]),
        ("title", "FORMULIR PENDAFTARAN SERTIFIKAT ELEKTRONIK"),
        ("center", "Jenis Sertifikat: Individu (Perorangan)"),
    ]))
    fields = [("nama", "Nama Lengkap", p.nama), ("nik", "NIK", p.nik),
              ("nip", "NIP", p.nip),
              ("pangkat_golongan", "Pangkat/Golongan", p.pangkat),
              ("jabatan", "Jabatan", p.jabatan),
              ("unit_kerja", "Unit Kerja", p.unit),
              ("instansi", "Instansi", INSTANSI),
              ("email_dinas", "Email Dinas", p.email),
              ("no_hp", "No. HP", p.hp)]
    y = PAGE_H - 70 * mm
    for name, label, value in fields:
        c.setFont("Helvetica", 11)
        c.drawString(LEFT, y + 5, label)
        c.drawString(LEFT + 42 * mm, y + 5, ":")
        c.acroForm.textfield(name=name, tooltip=label, value=value,
                             x=LEFT + 46 * mm, y=y, width=110 * mm, height=18,
                             fontName="Helvetica", fontSize=10,
                             borderWidth=0.6, forceBorder=True)
        y -= 26
    c.setFont("Helvetica", 11)
    c.drawString(PAGE_W / 2 + 15 * mm, y - 20, "Pekalongan, " + tgl(*date))
    c.drawString(PAGE_W / 2 + 15 * mm, y - 36, "Pemohon,")
    return _finish(c, buf)


def kop_unit(unit):
    if unit.startswith("Bagian"):
        return ["PEMERINTAH KOTA PEKALONGAN", "SEKRETARIAT DAERAH",
                "Jl. Mataram No. 1 Pekalongan 51111"]
    slug = "".join(w[0] for w in unit.replace(",", "").split()
                   if w[0].isupper()).lower()
    return ["PEMERINTAH KOTA PEKALONGAN", unit.upper(),
            "Laman: pekalongankota.go.id   Pos-el: %s@pekalongankota.go.id"
            % slug]


def doc_blocks(kind, p, date, rng):
    """Blocks of one document; the title opens the document."""
    if kind == "surat_permohonan":
        blocks = [("kop", kop_unit(p.unit))] if rng.random() < 0.4 else []
        return blocks + [
            ("title", rng.choice([
                "SURAT PERMOHONAN PENERBITAN SERTIFIKAT ELEKTRONIK",
                "SURAT PERMOHONAN SERTIFIKAT ELEKTRONIK"])),
            ("gap", 8), ("right", "Pekalongan, " + tgl(*date)),
            ("para", "Yth. Kepala Dinas Komunikasi dan Informatika"),
            ("para", "Kota Pekalongan"), ("gap", 6),
            ("para", "Dengan hormat, yang bertanda tangan di bawah ini:"),
            ("kv", "Nama", p.nama, 10), ("kv", "NIP", p.nip, 10),
            ("kv", "Pangkat/Golongan", p.pangkat, 10),
            ("kv", "Jabatan", p.jabatan, 10),
            ("kv", "Unit Kerja", p.unit, 10), ("gap", 4),
            ("para", "dengan ini mengajukan permohonan penerbitan Sertifikat "
                     "Elektronik untuk individu yang diterbitkan oleh Balai "
                     "Besar Sertifikasi Elektronik (BSrE) Badan Siber dan "
                     "Sandi Negara untuk penandatanganan dokumen elektronik "
                     "kedinasan."),
            ("para", "Sebagai kelengkapan kami lampirkan:"),
            ("para", "1. Formulir Pendaftaran Sertifikat Elektronik;", 10),
            ("para", "2. Surat Rekomendasi dari atasan langsung;", 10),
            ("para", "3. Scan KTP berwarna;", 10),
            ("para", "4. Fotokopi SK jabatan terakhir.", 10),
            ("para", "Demikian permohonan ini kami sampaikan, atas perhatian "
                     "Bapak/Ibu kami ucapkan terima kasih."),
            ("gap", 8),
            ("sign", ["Hormat saya,", "", "", "*" + p.nama,
                      "NIP. " + nip_spaced(p.nip)]),
        ]
    if kind == "formulir_pendaftaran":
        return [
            ("kop", ["PEMERINTAH KOTA PEKALONGAN",
                     "DINAS KOMUNIKASI DAN INFORMATIKA",
                     "Layanan Sertifikat Elektronik - Pos-el: "
                     "layanan.tte@pekalongankota.go.id"]),
            ("title", "FORMULIR PENDAFTARAN SERTIFIKAT ELEKTRONIK"),
            ("center", "Jenis Sertifikat: Individu (Perorangan)"),
            ("gap", 10), ("para", "Data Pemohon"),
            ("kv", "Nama", p.nama), ("kv", "NIK", p.nik),
            ("kv", "NIP", p.nip), ("kv", "Pangkat/Golongan", p.pangkat),
            ("kv", "Jabatan", p.jabatan), ("kv", "Unit Kerja", p.unit),
            ("kv", "Instansi", INSTANSI), ("kv", "Email Dinas", p.email),
            ("kv", "No. HP", p.hp), ("gap", 8),
            ("para", "Dengan ini saya menyatakan bahwa data di atas adalah "
                     "benar dan saya bersedia menjaga kerahasiaan passphrase "
                     "dan kunci privat sertifikat elektronik."),
            ("gap", 8),
            ("sign", ["Pekalongan, " + tgl(*date), "Pemohon,", "", "",
                      "*" + p.nama]),
        ]
    if kind == "surat_rekomendasi":
        a = p.atasan
        nomor = "800.1.2/%03d/%s/%d" % (rng.randint(10, 400),
                                        rng.choice(["X", "XI", "XII"]),
                                        date[0])
        return [
            ("kop", kop_unit(p.unit)),
            ("title", "SURAT REKOMENDASI"), ("center", "Nomor: " + nomor),
            ("gap", 8), ("para", "Yang bertanda tangan di bawah ini:"),
            ("kv", "Nama", a[0], 10), ("kv", "NIP", nip_spaced(a[1]), 10),
            ("kv", "Jabatan", a[3], 10), ("gap", 4),
            ("para", "dengan ini memberikan rekomendasi kepada:"),
            ("kv", "Nama", p.nama, 10), ("kv", "NIP", nip_spaced(p.nip), 10),
            ("kv", "Jabatan", p.jabatan, 10),
            ("kv", "Unit Kerja", p.unit, 10), ("gap", 4),
            ("para", "untuk diterbitkan Sertifikat Elektronik oleh BSrE guna "
                     "penandatanganan naskah dinas secara elektronik."),
            ("gap", 8),
            ("sign", ["Pekalongan, " + tgl(*date), a[3] + ",", "", "",
                      "*" + a[0], "NIP. " + nip_spaced(a[1])]),
        ]
    if kind == "sk_jabatan":
        y = rng.randint(2019, 2025)
        return [
            ("center_b", "PETIKAN"),
            ("center_b", "KEPUTUSAN WALI KOTA PEKALONGAN"),
            ("center_b", "NOMOR 800.1.3.3/%03d TAHUN %d"
             % (rng.randint(5, 90), y)),
            ("center_b", "TENTANG"),
            ("center_b", rng.choice([
                "PENGANGKATAN DALAM JABATAN FUNGSIONAL",
                "PENGANGKATAN DALAM JABATAN ADMINISTRATOR DAN PENGAWAS"])),
            ("gap", 8), ("center_b", "WALI KOTA PEKALONGAN,"),
            ("kv", "Menimbang", "dst.", 0, 30 * mm),
            ("kv", "Mengingat", "dst.", 0, 30 * mm),
            ("center_b", "MEMUTUSKAN:"),
            ("kv", "KESATU", "Mengangkat Pegawai Negeri Sipil:", 0, 30 * mm),
            ("kv", "Nama", p.nama_ktp, 30 * mm, 44 * mm),
            ("kv", "NIP", p.nip, 30 * mm, 44 * mm),
            ("kv", "Pangkat/Gol. Ruang", p.pangkat, 30 * mm, 44 * mm),
            ("kv", "Dalam Jabatan", p.jabatan, 30 * mm, 44 * mm),
            ("kv", "Unit Kerja", p.unit, 30 * mm, 44 * mm),
            ("kv", "KEDUA", "Keputusan ini berlaku sejak tanggal "
                            "ditetapkan.", 0, 30 * mm),
            ("gap", 8),
            ("sign", ["Ditetapkan di Pekalongan",
                      "pada tanggal %d %s %d" % (rng.randint(1, 28),
                                                 rng.choice(BULAN), y),
                      "WALI KOTA PEKALONGAN,", "ttd.", "*AFZAN ARSLAN"]),
        ]
    if kind == "drh":
        return [
            ("title", "DAFTAR RIWAYAT HIDUP"), ("gap", 8),
            ("kv", "Nama", p.nama), ("kv", "NIP", p.nip),
            ("kv", "Tempat/Tgl Lahir", p.ttl.title()),
            ("kv", "Alamat", p.alamat.title()),
            ("kv", "Pendidikan", "S1"), ("kv", "Jabatan", p.jabatan),
        ]
    raise ValueError(kind)


DOC_TITLES = {"surat_permohonan": "Surat Permohonan",
              "formulir_pendaftaran": "Formulir Pendaftaran Sertifikat "
                                      "Elektronik",
              "surat_rekomendasi": "Surat Rekomendasi",
              "sk_jabatan": "Petikan Keputusan",
              "drh": "Daftar Riwayat Hidup"}


def render_pdf(kind, p, date, rng, style="text", fontset=None):
    """style: text (a word processor's PDF), acroform (formulir only),
    scan (page image + invisible OCR text)."""
    e = epoch_of(*date, rng.randint(7, 16), rng.randint(0, 59)) - \
        rng.randint(0, 5) * 86400
    if style == "acroform":
        return pdf_formulir_acroform(p, date, e)
    blocks = doc_blocks(kind, p, date, rng)
    if style == "scan":
        if rng.random() < 0.5:
            return pdf_scanned(blocks, e, "CamScanner", "CamScanner",
                               "intsig.com pdf producer", rng)
        return pdf_scanned(blocks, e, "scan", "EPSON Scan",
                           "EPSON Scan", rng)
    author = p.atasan[0] if kind == "surat_rekomendasi" else p.full
    return make_pdf(blocks, DOC_TITLES[kind], author, e,
                    fontset or rng.choice(["helv", "helv", "times"]),
                    rng.choice(["Microsoft\u00ae Word 2019",
                                "Microsoft\u00ae Word 2016", "WPS Writer",
                                "LibreOffice Writer"]))


# ---------------------------------------------------------------------------
# KTP images: an e-KTP card (85.6 x 54 mm, light blue), its background drawn
# once per run and card width, per person the text; scans, greyscale scans,
# phone photos
# ---------------------------------------------------------------------------

KTP_WIDTHS = [640, 720, 720, 800, 880, 1011]   # card width in pixels


class Ktp:
    """e-KTP cards (85.6 x 54 mm) drawn at a card width (scans from 190 to
    300 dpi); the background of each width is drawn once per run."""

    def __init__(self, rng):
        self.rng = rng
        self.bgs = {}
        self.cards = {}
        self.scenes = {}

    def _bg(self, W):
        if W in self.bgs:
            return self.bgs[W]
        rng = random.Random("bg-%d-%f" % (W, self.rng.random()))
        H = int(round(W * 54 / 85.6))
        k = W / 720.0
        c1 = Image.new("RGB", (W, H), (206, 238, 246))
        c2 = Image.new("RGB", (W, H), (132, 196, 226))
        hmask = Image.linear_gradient("L").rotate(90).resize((W, H))
        vmask = Image.linear_gradient("L").resize((W, H))
        mask = Image.blend(hmask.transpose(Image.FLIP_LEFT_RIGHT), vmask,
                           rng.uniform(0.3, 0.5))
        img = Image.composite(c2, c1, mask)
        d = ImageDraw.Draw(img)
        for i in range(18):
            col = (120 + i % 5 * 6, 190 + i % 3 * 8, 222)
            base = (28 + i * 24) * k
            amp = (7 + (i % 4) * 3) * k
            f = (0.015 + (i % 5) * 0.0024) / k
            ph = i * 0.7 + rng.uniform(0, 3)
            pts = [(x, base + amp * math.sin(x * f + ph))
                   for x in range(0, W + 8, 8)]
            d.line(pts, fill=col, width=1)
        for r in range(40, 190, 16):
            d.ellipse(((256 - r) * k, (256 - r * 0.7) * k, (256 + r) * k,
                       (256 + r * 0.7) * k), outline=(176, 220, 238),
                      width=1)
        self.bgs[W] = img
        return img

    def card(self, p, W=720):
        key = (p.nik, W)
        if key in self.cards:
            return self.cards[key]
        k = W / 720.0
        img = self._bg(W).copy()
        d = ImageDraw.Draw(img)

        def fnt(name, size):
            return pil_font(name, int(round(size * k)))

        def xy(x, y):
            return (x * k, y * k)
        black = (0, 0, 0)
        hb = fnt("DejaVuSans-Bold.ttf", 21)
        d.text(xy(360, 11), "PROVINSI JAWA TENGAH", font=hb, fill=black,
               anchor="mt")
        d.text(xy(360, 38), "KOTA PEKALONGAN", font=hb, fill=black,
               anchor="mt")
        nb = fnt("DejaVuSans-Bold.ttf", 24)
        d.text(xy(20, 74), "NIK", font=nb, fill=black)
        d.text(xy(135, 74), ": " + p.nik, font=nb, fill=black)
        f = fnt("DejaVuSans.ttf", 15)
        rows = [("Nama", p.nama_ktp, 0), ("Tempat/Tgl Lahir", p.ttl, 0),
                ("Jenis Kelamin", "LAKI-LAKI" if p.sex == "L" else
                 "PEREMPUAN", 0),
                ("Alamat", p.alamat, 0), ("RT/RW", p.rt_rw, 20),
                ("Kel/Desa", p.kel, 20), ("Kecamatan", p.kec, 20),
                ("Agama", p.agama, 0), ("Status Perkawinan", p.kawin, 0),
                ("Pekerjaan", "PEGAWAI NEGERI SIPIL", 0),
                ("Kewarganegaraan", "WNI", 0),
                ("Berlaku Hingga", "SEUMUR HIDUP", 0)]
        y = 115
        for label, value, ind in rows:
            d.text(xy(20 + ind, y), label, font=f, fill=black)
            d.text(xy(186, y), ":", font=f, fill=black)
            d.text(xy(199, y), value, font=f, fill=black)
            if label == "Jenis Kelamin":
                d.text(xy(342, y), "Gol. Darah", font=f, fill=black)
                d.text(xy(428, y), ": " + p.gol_darah, font=f, fill=black)
            y += 25
        px0, py0, px1, py1 = 548, 84, 694, 279
        d.rectangle(xy(px0, py0) + xy(px1, py1), fill=(150, 150, 150))
        d.ellipse(xy(593, 114) + xy(650, 182), fill=(178, 178, 178))
        d.pieslice(xy(564, 187) + xy(679, 313), 180, 360,
                   fill=(178, 178, 178))
        d.rectangle(xy(px0, py0) + xy(px1, py1), outline=(110, 110, 110),
                    width=max(1, int(2 * k)))
        sf = fnt("DejaVuSans.ttf", 12)
        d.text(xy((px0 + px1) / 2, 288), "KOTA PEKALONGAN", font=sf,
               fill=black, anchor="mt")
        d.text(xy((px0 + px1) / 2, 305), p.terbit, font=sf, fill=black,
               anchor="mt")
        sig = [xy(570 + i * 4, 350 + 11 * math.sin(i * 0.55) + i * 0.3)
               for i in range(30)]
        d.line(sig, fill=(20, 20, 60), width=max(1, int(2 * k)))
        img = img.filter(ImageFilter.GaussianBlur(0.5))
        self.cards[key] = img
        return img

    def width(self):
        return self.rng.choice(KTP_WIDTHS)

    def scan(self, p, grey=None, quality=None, W=None):
        """A flatbed scan of the card: colour, or grey ('L' or 'RGB')."""
        W = W or self.width()
        img = self.card(p, W)
        if grey == "L":
            img = img.convert("L")
        elif grey == "RGB":
            img = img.convert("L").convert("RGB")
        q = quality or self.rng.choice([72, 78, 82])
        if W > 900:
            q = min(q, 70)
        return jpeg(img, q)

    def _scene(self, key):
        """Background, card position and mask for a phone photo."""
        if key in self.scenes:
            return self.scenes[key]
        surface, angle, CW = key
        W = int(CW / 0.8)
        H = W * 3 // 4
        CH = self.card_h(CW)
        bg = Image.new("RGB", (W, H))
        d = ImageDraw.Draw(bg)
        rng = random.Random("scene-%s-%s-%d" % key)
        if surface == "wood":
            y = 0
            while y < H:
                h = rng.randint(3, 9)
                t = rng.random()
                d.rectangle((0, y, W, y + h), fill=(int(118 + 30 * t),
                                                    int(80 + 20 * t),
                                                    int(48 + 12 * t)))
                y += h
            bg = bg.filter(ImageFilter.GaussianBlur(1.5))
        else:
            mask = Image.linear_gradient("L").resize((W, H))
            bg = Image.composite(Image.new("RGB", (W, H), (150, 150, 146)),
                                 Image.new("RGB", (W, H), (222, 222, 218)),
                                 mask)
        cmask = Image.new("L", (CW, CH), 0)
        ImageDraw.Draw(cmask).rounded_rectangle(
            (0, 0, CW - 1, CH - 1), int(CW * 0.03), fill=255)
        cmask = cmask.rotate(angle, resample=Image.BICUBIC, expand=True)
        ox = (W - cmask.width) // 2 + rng.randint(-20, 20)
        oy = (H - cmask.height) // 2 + rng.randint(-15, 15)
        shadow = Image.new("L", (W, H), 0)
        shadow.paste(cmask, (ox + 9, oy + 12))
        shadow = shadow.filter(ImageFilter.GaussianBlur(10))
        bg = Image.composite(Image.new("RGB", (W, H), (40, 32, 28)), bg,
                             shadow.point(lambda v: int(v * 0.55)))
        vig = Image.radial_gradient("L").resize((W, H)).point(
            lambda v: int(max(0, v - 90) * 0.5))
        self.scenes[key] = (bg, cmask, (ox, oy), vig)
        return self.scenes[key]

    @staticmethod
    def card_h(W):
        return int(round(W * 54 / 85.6))

    def photo(self, p, surface, angle, exif, W=None):
        W = W or self.rng.choice([640, 720, 720, 800])
        bg, cmask, pos, vig = self._scene((surface, angle, W))
        img = bg.copy()
        card = self.card(p, W).rotate(angle, resample=Image.BICUBIC,
                                      expand=True)
        img.paste(card, pos, cmask)
        img = Image.composite(Image.new("RGB", img.size, (0, 0, 0)), img, vig)
        img = img.filter(ImageFilter.GaussianBlur(0.6))
        return jpeg(img, self.rng.choice([70, 75, 80]), exif=exif)


def jpeg(img, quality, exif=None):
    buf = io.BytesIO()
    if exif is not None:
        img.save(buf, "JPEG", quality=quality, exif=exif)
    else:
        img.save(buf, "JPEG", quality=quality)
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


def logo_png(line1, line2):
    img = Image.new("RGB", (200, 56), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.ellipse((5, 5, 51, 51), fill=(0, 94, 160))
    d.polygon([(28, 12), (43, 41), (13, 41)], fill=(255, 205, 40))
    d.text((58, 10), line1, font=pil_font("DejaVuSans-Bold.ttf", 12),
           fill=(0, 60, 120))
    d.text((58, 30), line2, font=pil_font("DejaVuSans.ttf", 11),
           fill=(60, 60, 60))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def date_add(date, days):
    d = datetime.date(*date) + datetime.timedelta(days=days)
    return (d.year, d.month, d.day)
