#!/usr/bin/python3
"""Generate synthetic e-KTP images with ground truth, to measure KTP OCR.

usage: genktp.py --seed N --count K --out DIR
                 [--variants clean,flatbed,rotated,photo,grey,lowres,...]
                 [--all-variants] [--jobs J] [--wilayah CSV] [--check]

Writes DIR/NNNN-VARIANT.jpg (or .png) and DIR/truth.json.  By default card
NNNN (1..K) is drawn once, in variant number (NNNN-1) mod len(variants) of
the list; with --all-variants every card is drawn in every listed variant
(K x len(variants) files, the same person in each).  truth.json is a list,
sorted by file name, of

  {"file", "variant", "fields": {provinsi, kabupaten_kota, nik, nama,
   tempat_lahir, tanggal_lahir, jenis_kelamin, golongan_darah, alamat,
   rt_rw, kelurahan_desa, kecamatan, agama, status_perkawinan, pekerjaan,
   kewarganegaraan, berlaku_hingga}, "colour", "is_ktp", "nik_consistent",
   "form_nik", "dpi", "render": {...auxiliary: font, format, size, card box}}

Field values are what a reader must output (see README-genktp.md).
Same seed and same installed fonts -> identical bytes; --jobs does not
change the output.  Needs Debian's python3-pil and fonts-dejavu-core;
fonts-liberation and fonts-freefont-ttf add faces when installed.
"""

import argparse
import csv
import datetime
import io
import json
import math
import os
import random
import re
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
# The project's own region table (generated from the Kemendagri lists into
# pipeline/wilayah_data.c), so the generator needs nothing outside the repo.
DEFAULT_CSV = os.path.normpath(os.path.join(
    HERE, "..", "..", "pipeline", "wilayah_data.c"))
VARIANTS = ["clean", "flatbed", "rotated", "photo", "grey", "lowres",
            "inconsistent"]
CARD_MM = (85.6, 53.98)
MM_PER_IN = 25.4
BASE_DPI = 300
CARD_W, CARD_H = 1011, 638          # the card at 300 dpi
FIELDS = ["provinsi", "kabupaten_kota", "nik", "nama", "tempat_lahir",
          "tanggal_lahir", "jenis_kelamin", "golongan_darah", "alamat",
          "rt_rw", "kelurahan_desa", "kecamatan", "agama",
          "status_perkawinan", "pekerjaan", "kewarganegaraan",
          "berlaku_hingga"]

# ---------------------------------------------------------------------------
# Fonts: (name, regular, bold, weight).  Only the faces installed are used.
# ---------------------------------------------------------------------------

FONTROOT = "/usr/share/fonts/truetype"
FACES = [
    ("liberation-sans", "liberation/LiberationSans-Regular.ttf",
     "liberation/LiberationSans-Bold.ttf", 4),
    ("liberation-narrow", "liberation/LiberationSansNarrow-Regular.ttf",
     "liberation/LiberationSansNarrow-Bold.ttf", 1),
    ("freesans", "freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf", 2),
    ("dejavu-sans", "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", 2),
    ("dejavu-condensed", "dejavu/DejaVuSansCondensed.ttf",
     "dejavu/DejaVuSansCondensed-Bold.ttf", 2),
]
NIK_FACES = [                       # (name, file, weight); "" = the bold face
    ("bold", "", 6),
    ("liberation-mono-bold", "liberation/LiberationMono-Bold.ttf", 1),
    ("dejavu-mono-bold", "dejavu/DejaVuSansMono-Bold.ttf", 1),
    ("freesans-bold", "freefont/FreeSansBold.ttf", 1),
]


def _have(rel):
    return os.path.exists(os.path.join(FONTROOT, rel))


FACES = [f for f in FACES if _have(f[1]) and _have(f[2])]
NIK_FACES = [f for f in NIK_FACES if f[1] == "" or _have(f[1])]
if not FACES:
    sys.exit("genktp: no fonts under %s (install fonts-dejavu-core)"
             % FONTROOT)

_font_cache = {}


def font(rel, size):
    key = (rel, size)
    f = _font_cache.get(key)
    if f is None:
        f = ImageFont.truetype(os.path.join(FONTROOT, rel), max(6, size))
        _font_cache[key] = f
    return f


def wchoice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


# ---------------------------------------------------------------------------
# Regions: Jawa Tengah (33) from the Kemendagri list
# ---------------------------------------------------------------------------

class Wilayah:
    def __init__(self, path):
        self.kab = {}       # "3375" -> "KOTA PEKALONGAN"
        self.kec = {}       # "337501" -> "PEKALONGAN BARAT"
        self.kel = {}       # "337501" -> ["MEDONO", ...]
        with open(path, newline="", encoding="utf-8") as f:
            if path.endswith(".c"):
                rows = [l.strip()[1:-3].split(",", 1) for l in f
                        if l.startswith('"') and l.rstrip().endswith('\\n"')]
            else:
                rows = csv.reader(f)
            for row in rows:
                if len(row) < 2:
                    continue
                code = row[0].strip()
                name = " ".join(row[1].split()).upper()
                if not code.startswith("33."):
                    continue
                parts = code.split(".")
                if len(parts) == 2:
                    self.kab["".join(parts)] = name
                elif len(parts) == 3:
                    self.kec["".join(parts)] = name
                elif len(parts) == 4:
                    self.kel.setdefault("".join(parts[:3]), []).append(name)
        for k in self.kel:
            self.kel[k] = sorted(set(self.kel[k]))
        self.kec = {k: v for k, v in self.kec.items() if self.kel.get(k)}
        self.kabs = sorted(k for k in self.kab
                           if any(c[:4] == k for c in self.kec))
        self.kecs_of = {k: sorted(c for c in self.kec if c[:4] == k)
                        for k in self.kabs}
        if "3375" not in self.kabs:
            sys.exit("genktp: Kota Pekalongan (33.75) not in the region list")


def short_city(kabname):
    for p in ("KABUPATEN ", "KOTA "):
        if kabname.startswith(p):
            return kabname[len(p):]
    return kabname


# ---------------------------------------------------------------------------
# People (synthetic)
# ---------------------------------------------------------------------------

MALE_GIVEN = [
    "AGUS", "BUDI", "BAMBANG", "SLAMET", "EKO", "JOKO", "HADI", "HERU",
    "WAHYU", "TEGUH", "RUDI", "ARIF", "ANDI", "DIMAS", "RIZKY", "FAJAR",
    "ADI", "SIGIT", "BAYU", "GALIH", "YOGA", "ILHAM", "FIRMAN", "HENDRA",
    "IRWAN", "DENI", "DEDI", "GILANG", "LUKMAN", "TAUFIK", "IMAM", "YUSUF",
    "AHMAD", "ABDUL", "KHOIRUL", "NANANG", "SUGENG", "SETYO", "PURWANTO",
    "ARIS", "ANTON", "KUKUH", "BAGUS", "AKBAR", "HAFIDZ", "FAHMI", "RAMA",
    "YOHANES", "ANTONIUS", "STEFANUS", "KETUT", "WAYAN", "HENDRIK",
]
MALE_SINGLE = [
    "SUGIYANTO", "SUPARMAN", "SUTRISNO", "PARJIYO", "MUJIONO", "SUKARDI",
    "WAGIMAN", "SUHARTO", "KASMADI", "RUSLAN", "TARMUJI", "SARWONO",
]
FEMALE_GIVEN = [
    "SITI", "SRI", "DEWI", "NURUL", "RINA", "ENDANG", "YULIA", "ANI",
    "WULAN", "RATNA", "FITRI", "NOVI", "DIAN", "INDAH", "AYU", "PUTRI",
    "ANISA", "LAILA", "RETNO", "TITIK", "KARTIKA", "MEGA", "NINING",
    "PUJI", "SEPTI", "TUTIK", "UMI", "VINA", "YENI", "ZAHRA", "DESI",
    "HESTI", "INTAN", "KHOIRUN", "FATIMAH", "AISYAH", "LISA", "MARIA",
    "THERESIA", "CHRISTINA", "NI LUH", "MEILINA",
]
FEMALE_SINGLE = [
    "SUMIYATI", "SUHARTINI", "SUMARNI", "PARTINI", "WAGINAH", "SRIYATUN",
    "KASIYEM", "TUMINAH", "SUPRAPTI", "WARSINI",
]
MIDDLE_M = ["ADI", "ARYA", "DWI", "EKO", "NUR", "RIZKI", "TRI", "SETYO",
            "WAHYU", "AGUNG", "BAYU", "HADI", "BUDI", "ADITYA", "DANU",
            "PRASETYA", "SURYA", "MA'RUF", "ILHAM", "SATRIO"]
MIDDLE_F = ["AYU", "DWI", "NUR", "SRI", "TRI", "PUSPITA", "RATNA", "DEWI",
            "KURNIA", "AMINAH", "WAHYU", "EKA", "INDAH", "NI'MAH",
            "PERMATA", "SEKAR", "ARUM", "KUSUMA"]
FAMILY_M = [
    "SANTOSO", "SETIAWAN", "PRASETYO", "NUGROHO", "WIBOWO", "HIDAYAT",
    "KURNIAWAN", "SAPUTRA", "PRATAMA", "SUSANTO", "GUNAWAN", "HARIYANTO",
    "PURNOMO", "WIJAYA", "FIRMANSYAH", "RAHMAN", "HERMAWAN", "SULISTYO",
    "BUDIMAN", "SURYADI", "HARTONO", "MULYONO", "SUTANTO", "WIDODO",
    "YULIANTO", "SUBEKTI", "WICAKSONO", "NUGRAHA", "RAMADHAN", "KUSUMA",
    "HALIM", "TANUWIJAYA", "SIMANJUNTAK", "SIREGAR", "SETYAWAN",
    "ARDIANSYAH", "MAULANA", "SYAHPUTRA", "KURNIAWAN ADI",
]
FAMILY_F = [
    "RAHMAWATI", "KUSUMAWARDANI", "LESTARI", "WAHYUNI", "HANDAYANI",
    "SUSANTI", "PURWANTI", "HIDAYAH", "WULANDARI", "PUSPITASARI", "SAFITRI",
    "MAHARANI", "ANGGRAINI", "RAHAYU", "FITRIANI", "SULISTYOWATI",
    "NINGSIH", "UTAMI", "PERTIWI", "KURNIASIH", "SETYANINGSIH",
    "PERMATASARI", "NURHAYATI", "MARYATI", "HARTATI", "SARI", "YULIANTI",
    "OKTAVIANI", "NOVITASARI", "SETIAWATI",
]
PREFIX_M = ["MUHAMMAD", "MOCHAMAD", "MOH.", "M.", "AHMAD", "R."]
PREFIX_F = ["SITI", "NUR", "R.A.", "DYAH"]
TITLE_SUFFIX = ["S.PD", "S.KOM", "S.E", "S.H", "S.T", "A.MD", "S.SOS"]

STREETS = [
    "DR. SUTOMO", "HAYAM WURUK", "MERDEKA", "SULTAN AGUNG", "PEMUDA",
    "KH. AGUS SALIM", "SUPRIYADI", "SENOPATI", "DIPONEGORO", "R.A. KARTINI",
    "GAJAH MADA", "PATTIMURA", "SEROJA", "MELATI", "KENANGA", "IMAM BONJOL",
    "KH. MANSYUR", "URIP SUMOHARJO", "JENDERAL SUDIRMAN", "AHMAD YANI",
    "WR. SUPRATMAN", "DR. WAHIDIN SUDIROHUSODO", "PELABUHAN", "SRIWIJAYA",
    "PAHLAWAN", "VETERAN", "KURINAN", "SLAMET RIYADI", "TENTARA PELAJAR",
    "KARYA BAKTI", "PERINTIS KEMERDEKAAN", "NUSANTARA", "RAYA",
    "KAUMAN", "BANDUNG", "SINGOSARI", "MAJAPAHIT", "PANJAITAN",
]
GANG_NAMES = ["MANGGA", "MELATI", "MAWAR", "KENANGA", "DAMAI", "ANGGREK",
              "MERPATI", "SAWO", "JAMBU", "SEKAR", "BUNTU", "MASJID"]
PERUM = ["GRIYA PERMATA ASRI", "PERMATA HIJAU", "KURIPAN INDAH",
         "GRIYA SEJAHTERA", "BUMI PRAJA", "TAMAN BERINGIN", "PESONA ALAM",
         "GRAHA BATIK", "PURI MEDONO", "BANYURIP INDAH", "GRIYA TIRTO ASRI"]
DUKUH = ["KRAJAN", "KAUMAN", "KARANGANYAR", "SIDOREJO", "TEGALSARI",
         "GUMELEM", "WATUSALAM", "SEKARDOJO", "NGALIAN", "PANDANSARI",
         "SUMBERSARI", "KRAJAN LOR", "KRAJAN KIDUL", "CANDIREJO"]
OTHER_BIRTH = ["JAKARTA", "SEMARANG", "SURABAYA", "BANDUNG", "YOGYAKARTA",
               "TEGAL", "BATANG", "PEMALANG", "KENDAL", "BREBES", "SURAKARTA",
               "MAGELANG", "PURWOKERTO", "CIREBON", "KUDUS", "JEPARA",
               "SALATIGA", "WONOSOBO", "BANJARNEGARA", "MEDAN", "PALEMBANG",
               "DENPASAR", "BOGOR", "TANGERANG", "BEKASI"]
AGAMA = (["ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KHONGHUCU"],
         [72, 10, 8, 3, 5, 2])
GOLDAR = (["O", "A", "B", "AB", "-"], [33, 24, 24, 8, 11])
PEKERJAAN = (["PEGAWAI NEGERI SIPIL", "KARYAWAN SWASTA", "WIRASWASTA",
              "GURU", "PELAJAR/MAHASISWA", "MENGURUS RUMAH TANGGA",
              "KARYAWAN HONORER", "PERAWAT", "BIDAN", "DOKTER", "DOSEN",
              "PERDAGANGAN", "BURUH HARIAN LEPAS", "PETANI/PEKEBUN",
              "KARYAWAN BUMN", "PENSIUNAN", "TENTARA NASIONAL INDONESIA",
              "KEPOLISIAN RI"],
             [50, 8, 6, 6, 5, 4, 5, 3, 2, 2, 2, 2, 2, 1, 2, 1, 1, 1])


def make_name(rng, male):
    shape = wchoice(rng, ["single", "two", "three", "four", "five"],
                    [10, 46, 28, 8, 8])
    if shape == "single":
        words = [rng.choice(MALE_SINGLE if male else FEMALE_SINGLE)]
    else:
        given = rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
        fam = rng.choice(FAMILY_M if male else FAMILY_F)
        middle = MIDDLE_M if male else MIDDLE_F
        words = [given]
        if shape in ("three", "four", "five"):
            words.append(rng.choice(middle))
        if shape == "five":         # long enough to wrap on most cards
            words.append(rng.choice(middle))
            words.append(rng.choice(FAMILY_M if male else FAMILY_F))
        if shape in ("four", "five"):
            words.insert(0, rng.choice(PREFIX_M if male else PREFIX_F))
        words.append(fam)
    # no repeated word ("DWI DWI")
    out = []
    for w in words:
        if w not in out:
            out.append(w)
    name = " ".join(out)
    r = rng.random()
    if r < 0.04:
        name = ("H. " if male else "HJ. ") + name
    elif r < 0.08:
        name = name + ", " + rng.choice(TITLE_SUFFIX)
    return name


def make_alamat(rng, kel, rural):
    n = rng.randint(1, 160)
    nos = str(n) + (rng.choice(["", "", "", "", " A", " B", "A"]))
    kind = wchoice(rng, ["jl", "jlgg", "jlgn", "perum", "dukuh", "kelgg",
                         "long"],
                   [30, 18, 8, 10, 18 if rural else 4, 10, 6])
    if kind == "jl":
        return "JL. %s NO. %s" % (rng.choice(STREETS), nos)
    if kind == "jlgg":
        return "JL. %s GG. %d NO. %s" % (rng.choice(STREETS),
                                         rng.randint(1, 12), nos)
    if kind == "jlgn":
        return "JL. %s GG. %s NO. %s" % (rng.choice(STREETS),
                                         rng.choice(GANG_NAMES), nos)
    if kind == "perum":
        return "PERUM %s BLOK %s%s NO. %d" % (
            rng.choice(PERUM), rng.choice("ABCDEFGH"),
            rng.choice(["", "-%d" % rng.randint(1, 20)]),
            rng.randint(1, 40))
    if kind == "dukuh":
        return "%s %s" % (rng.choice(["DUSUN", "DK.", "DUKUH", "DSN."]),
                          rng.choice(DUKUH))
    if kind == "kelgg":
        return "%s GG. %d NO. %s" % (kel, rng.randint(1, 15), nos)
    return rng.choice([
        "PERUMAHAN %s BLOK %s-%d NO. %d JL. %s" % (
            rng.choice(PERUM), rng.choice("ABCDE"), rng.randint(1, 20),
            rng.randint(1, 40), rng.choice(STREETS)),
        "JL. DR. WAHIDIN SUDIROHUSODO GG. %s %s NO. %s" % (
            rng.choice(GANG_NAMES), rng.choice(["I", "II", "III", "IV"]),
            nos),
        "KOMPLEK %s JL. %s GG. %d NO. %s" % (
            rng.choice(PERUM), rng.choice(STREETS), rng.randint(1, 9), nos),
    ])


def rand_date(rng, lo, hi):
    span = (hi - lo).days
    return lo + datetime.timedelta(days=rng.randint(0, span))


def make_person(rng, wil):
    if rng.random() < 0.70:
        kab = "3375"
    else:
        kab = rng.choice([k for k in wil.kabs if k != "3375"])
    kabname = wil.kab[kab]
    kec = rng.choice(wil.kecs_of[kab])
    kel = rng.choice(wil.kel[kec])
    male = rng.random() < 0.55
    birth = rand_date(rng, datetime.date(1963, 1, 1),
                      datetime.date(2003, 12, 31))
    # NIK region: usually the address kecamatan, sometimes another one of
    # the same city, now and then one of another city (registered there
    # before moving; the card's header names where the address is)
    r = rng.random()
    if r < 0.85:
        nik_kec = kec
    elif r < 0.95:
        nik_kec = rng.choice(wil.kecs_of[kab])
    else:
        nik_kec = rng.choice(wil.kecs_of[rng.choice(
            [k for k in wil.kabs if k != kab])])
    serial = rng.randint(1, 40) if rng.random() < 0.85 else \
        rng.randint(41, 9999)
    dd = birth.day + (0 if male else 40)
    nik = "%s%02d%02d%02d%04d" % (nik_kec, dd, birth.month, birth.year % 100,
                                  serial)
    r = rng.random()
    if r < 0.60:
        tempat = short_city(kabname)
    elif r < 0.75:
        tempat = wil.kec[rng.choice(wil.kecs_of[kab])]
    else:
        tempat = rng.choice(OTHER_BIRTH)
    age = 2025 - birth.year
    if age < 28:
        kawin = wchoice(rng, ["BELUM KAWIN", "KAWIN", "CERAI HIDUP"],
                        [60, 37, 3])
    else:
        kawin = wchoice(rng, ["BELUM KAWIN", "KAWIN", "CERAI HIDUP",
                              "CERAI MATI"], [10, 76, 7, 7])
    earliest = max(datetime.date(2011, 6, 1),
                   datetime.date(birth.year + 17, 1, 1))
    old_style = rng.random() < 0.06
    if old_style:
        issued = rand_date(rng, earliest, max(earliest,
                                              datetime.date(2015, 12, 31)))
        y = issued.year + 5
        try:
            until = birth.replace(year=y)
        except ValueError:          # 29 February
            until = datetime.date(y, 3, 1)
        berlaku = until.isoformat()
    else:
        issued = rand_date(rng, earliest, datetime.date(2024, 12, 31))
        berlaku = "SEUMUR HIDUP"
    rural = kabname.startswith("KABUPATEN")
    f = {
        "provinsi": "JAWA TENGAH",
        "kabupaten_kota": kabname,
        "nik": nik,
        "nama": make_name(rng, male),
        "tempat_lahir": tempat,
        "tanggal_lahir": birth.isoformat(),
        "jenis_kelamin": "LAKI-LAKI" if male else "PEREMPUAN",
        "golongan_darah": wchoice(rng, *GOLDAR),
        "alamat": make_alamat(rng, kel, rural),
        "rt_rw": "%03d/%03d" % (rng.randint(1, 15), rng.randint(1, 12)),
        "kelurahan_desa": kel,
        "kecamatan": wil.kec[kec],
        "agama": wchoice(rng, *AGAMA),
        "status_perkawinan": kawin,
        "pekerjaan": wchoice(rng, *PEKERJAAN),
        "kewarganegaraan": "WNI",
        "berlaku_hingga": berlaku,
    }
    return f, issued


def dmy(iso):
    y, m, d = iso.split("-")
    return "%s-%s-%s" % (d, m, y)


# ---------------------------------------------------------------------------
# The card
# ---------------------------------------------------------------------------

def noise_tile(rng, size, lo, hi):
    """An L image of uniform noise in [lo, hi] from rng (deterministic)."""
    w, h = size
    img = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    if (lo, hi) != (0, 255):
        span = hi - lo
        img = img.point([lo + (v * span) // 255 for v in range(256)])
    return img


def tiled(tile, size):
    w, h = size
    out = Image.new(tile.mode, size)
    for y in range(0, h, tile.height):
        for x in range(0, w, tile.width):
            out.paste(tile, (x, y))
    return out


def make_style(rng):
    face = wchoice(rng, FACES, [f[3] for f in FACES])
    nikf = wchoice(rng, NIK_FACES, [f[2] for f in NIK_FACES])
    hue = rng.uniform(-1, 1)
    return {
        "face": face[0], "reg": face[1], "bold": face[2],
        "nik_face": nikf[0], "nikfont": nikf[1] or face[2],
        "fs": rng.randint(20, 24),            # field text, px at 300 dpi
        "hs": rng.randint(27, 33),            # header
        "ns": rng.randint(31, 37),            # NIK
        "lx": rng.randint(22, 50),            # label column
        "colon_gap": rng.randint(8, 30),
        "value_gap": rng.randint(10, 20),
        "indent": rng.randint(0, 34),         # RT/RW, Kel/Desa, Kecamatan
        "h1": rng.randint(12, 22),            # header top
        "nik_y": rng.randint(118, 132),       # NIK baseline
        "y0": rng.randint(168, 182),          # first field baseline
        "lead": rng.randint(31, 37),
        "px0": rng.randint(755, 790), "pw": rng.randint(196, 214),
        "py0": rng.randint(110, 130),
        "c1": (206 + round(8 * hue), 236 + rng.randint(-6, 6),
               246 + rng.randint(-6, 6)),
        "c2": (132 + round(26 * hue), 196 + rng.randint(-12, 10),
               226 + rng.randint(-10, 12)),
        "ink": rng.randint(0, 40),
        "blur": rng.uniform(0.35, 0.65),
        "pattern": rng.randint(0, 1 << 30),
    }


def draw_pattern(img, st, k):
    """Subtle security print: waves, rosettes, a faint map, micro dots."""
    rng = random.Random("pattern/%d" % st["pattern"])
    W, H = img.size
    d = ImageDraw.Draw(img)
    c1, c2 = st["c1"], st["c2"]

    def tone(t):
        return tuple(int(a + (b - a) * t) for a, b in zip(c1, c2))

    # faint "map" blobs
    for _ in range(rng.randint(3, 6)):
        cx, cy = rng.uniform(0.05, 0.7) * W, rng.uniform(0.3, 0.95) * H
        rr = rng.uniform(20, 70) * k
        pts = []
        for j in range(14):
            a = j * 2 * math.pi / 14
            r = rr * rng.uniform(0.6, 1.3)
            pts.append((cx + r * math.cos(a) * 1.8, cy + r * math.sin(a)))
        d.polygon(pts, fill=tone(rng.uniform(0.25, 0.45)))
    # guilloche waves
    n = rng.randint(16, 26)
    step = H / n
    for j in range(n):
        t = rng.uniform(0.25, 0.7)
        base = j * step + rng.uniform(0, step)
        amp = rng.uniform(6, 20) * k
        fr = rng.uniform(0.008, 0.02) / k
        ph = rng.uniform(0, 6.3)
        pts = [(x, base + amp * math.sin(x * fr + ph))
               for x in range(0, W + 9, max(4, int(8 * k)))]
        d.line(pts, fill=tone(t), width=max(1, round(k)))
    # rosette
    cx, cy = rng.uniform(0.25, 0.45) * W, rng.uniform(0.45, 0.7) * H
    for r in range(int(50 * k), int(250 * k), int(rng.uniform(16, 26) * k)):
        d.ellipse((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7),
                  outline=tone(rng.uniform(0.1, 0.3)), width=max(1, round(k)))
    # micro dots
    for _ in range(int(350 * k)):
        x, y = rng.uniform(0, W), rng.uniform(0, H)
        d.point((x, y), fill=tone(rng.uniform(0.4, 0.9)))


def text_w(f, s):
    return f.getlength(s)


def wrap(f, s, maxw):
    words, lines, cur = s.split(" "), [], ""
    for w in words:
        trial = w if not cur else cur + " " + w
        if cur and text_w(f, trial) > maxw:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def render_card(fields, issued, issue_place, st, dpi=BASE_DPI):
    """The card at dpi: (RGB image, L mask of the rounded outline)."""
    k = dpi / BASE_DPI
    W, H = round(CARD_W * k), round(CARD_H * k)

    def P(v):
        return round(v * k)

    c1 = Image.new("RGB", (W, H), st["c1"])
    c2 = Image.new("RGB", (W, H), st["c2"])
    hmask = Image.linear_gradient("L").rotate(90).resize((W, H))
    vmask = Image.linear_gradient("L").resize((W, H))
    mask = Image.blend(hmask.transpose(Image.FLIP_LEFT_RIGHT), vmask, 0.4)
    img = Image.composite(c2, c1, mask)
    draw_pattern(img, st, k)
    d = ImageDraw.Draw(img)
    ink = (st["ink"], st["ink"], st["ink"] + 6)

    hf = font(st["bold"], P(st["hs"]))
    prov = "PROVINSI " + fields["provinsi"]
    kab = fields["kabupaten_kota"]
    hy = P(st["h1"])
    for line in (prov, kab):
        f = hf
        if text_w(f, line) > W * 0.92:
            f = font(st["bold"], int(P(st["hs"]) * W * 0.92 /
                                     text_w(f, line)))
        d.text((W / 2, hy), line, font=f, fill=ink, anchor="mt")
        hy += P(st["hs"]) * 1.22

    lf = font(st["reg"], P(st["fs"]))
    nf = font(st["nikfont"], P(st["ns"]))
    nlab = font(st["bold"], P(st["ns"]) - P(3))
    lx = P(st["lx"])
    labels = ["Tempat/Tgl Lahir", "Status Perkawinan", "Kewarganegaraan"]
    colon_x = lx + max(text_w(lf, s) for s in labels) + P(st["colon_gap"])
    vx = colon_x + text_w(lf, ":") + P(st["value_gap"])
    px0, py0 = P(st["px0"]), P(st["py0"])
    pw = P(st["pw"])
    ph = round(pw * 1.33)
    maxw = px0 - P(14) - vx

    ny = P(st["nik_y"])
    d.text((lx, ny), "NIK", font=nlab, fill=ink, anchor="ls")
    d.text((colon_x, ny), ":", font=nlab, fill=ink, anchor="ls")
    d.text((vx, ny), fields["nik"], font=nf, fill=ink, anchor="ls")

    ttl = "%s, %s" % (fields["tempat_lahir"], dmy(fields["tanggal_lahir"]))
    bh = fields["berlaku_hingga"]
    rows = [
        ("Nama", fields["nama"], 0),
        ("Tempat/Tgl Lahir", ttl, 0),
        ("Jenis Kelamin", fields["jenis_kelamin"], 0),
        ("Alamat", fields["alamat"], 0),
        ("RT/RW", fields["rt_rw"], 1),
        ("Kel/Desa", fields["kelurahan_desa"], 1),
        ("Kecamatan", fields["kecamatan"], 1),
        ("Agama", fields["agama"], 0),
        ("Status Perkawinan", fields["status_perkawinan"], 0),
        ("Pekerjaan", fields["pekerjaan"], 0),
        ("Kewarganegaraan", fields["kewarganegaraan"], 0),
        ("Berlaku Hingga", bh if bh == "SEUMUR HIDUP" else dmy(bh), 0),
    ]
    laid = []
    for label, value, ind in rows:
        f = lf
        lines = wrap(f, value, maxw)
        if len(lines) > 2:          # squeeze very long values into two lines
            f = font(st["reg"], int(P(st["fs"]) * 0.88))
            lines = wrap(f, value, maxw)
        laid.append((label, lines, ind, f))
    nlines = sum(len(x[1]) for x in laid)
    y0 = P(st["y0"])
    lead = P(st["lead"])
    bottom = H - P(16)
    if y0 + (nlines - 1) * lead > bottom:
        lead = (bottom - y0) / (nlines - 1)
    y = y0
    gx = vx + max(text_w(lf, "LAKI-LAKI"), text_w(lf, "PEREMPUAN")) + P(40)
    for label, lines, ind, f in laid:
        d.text((lx + ind * P(st["indent"]), y), label, font=lf, fill=ink,
               anchor="ls")
        d.text((colon_x, y), ":", font=lf, fill=ink, anchor="ls")
        for j, line in enumerate(lines):
            d.text((vx, y), line, font=f, fill=ink, anchor="ls")
            if j < len(lines) - 1:
                y += lead * 0.92
        if label == "Jenis Kelamin":
            d.text((gx, y), "Gol. Darah", font=lf, fill=ink, anchor="ls")
            gcx = gx + text_w(lf, "Gol. Darah") + P(10)
            d.text((gcx, y), ":", font=lf, fill=ink, anchor="ls")
            d.text((gcx + text_w(lf, ": "), y), fields["golongan_darah"],
                   font=lf, fill=ink, anchor="ls")
        y += lead

    # photo: red background for odd birth years, blue for even, grey person
    year = int(fields["tanggal_lahir"][:4])
    bgc = (178, 38, 44) if year % 2 else (40, 92, 178)
    d.rectangle((px0, py0, px0 + pw, py0 + ph), fill=bgc)
    cxp = px0 + pw / 2
    hr = pw * 0.21
    hy0 = py0 + ph * 0.16
    d.ellipse((cxp - hr, hy0, cxp + hr, hy0 + hr * 2.4),
              fill=(150, 150, 150))
    d.pieslice((px0 + pw * 0.08, py0 + ph * 0.62, px0 + pw * 0.92,
                py0 + ph * 1.3), 180, 360, fill=(150, 150, 150))
    d.rectangle((px0, py0, px0 + pw, py0 + ph), outline=(90, 90, 90),
                width=max(1, P(2)))
    sf = font(st["reg"], P(st["fs"] - 4))
    if text_w(sf, issue_place) > pw + P(20):
        sf = font(st["reg"], int(P(st["fs"] - 4) * (pw + P(20)) /
                                 text_w(sf, issue_place)))
    iy = py0 + ph + P(10)
    d.text((cxp, iy), issue_place, font=sf, fill=ink, anchor="mt")
    d.text((cxp, iy + P(st["fs"])), issued.strftime("%d-%m-%Y"),
           font=font(st["reg"], P(st["fs"] - 4)), fill=ink, anchor="mt")
    # signature scribble
    srng = random.Random("sig/%d" % st["pattern"])
    a1, a2 = srng.uniform(0.3, 0.7), srng.uniform(0.9, 1.6)
    amp = srng.uniform(8, 16) * k
    sy = iy + P(st["fs"]) * 1.9 + 2 * amp
    npt = 40
    pts = []
    for i in range(npt):
        t = i / (npt - 1)
        x = px0 + pw * (0.1 + 0.8 * t) + amp * 0.6 * math.sin(i * a2)
        yy = sy + amp * math.sin(i * a1) + t * amp * srng.uniform(-1, 1)
        pts.append((x, min(yy, H - P(8))))
    d.line(pts, fill=(20, 24, 70), width=max(1, P(2)))

    img = img.filter(ImageFilter.GaussianBlur(st["blur"] * k))
    cmask = Image.new("L", (W, H), 0)
    ImageDraw.Draw(cmask).rounded_rectangle((0, 0, W - 1, H - 1), P(37),
                                            fill=255)
    return img, cmask


def card_px(dpi):
    return (round(CARD_MM[0] / MM_PER_IN * dpi),
            round(CARD_MM[1] / MM_PER_IN * dpi))


# ---------------------------------------------------------------------------
# Scans, pages and photos
# ---------------------------------------------------------------------------

def encode(img, fmt, quality=None, dpi=None, exif=None):
    buf = io.BytesIO()
    kw = {}
    if dpi:
        kw["dpi"] = (dpi, dpi)
    if fmt == "png":
        img.save(buf, "PNG", optimize=False, **kw)
    else:
        if exif is not None:
            kw["exif"] = exif
        img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def on_white(card, cmask, rng, margin_max):
    """A flat card scan: the card on the scanner lid, a few px of margin."""
    l, t, r, b = (rng.randint(0, margin_max) for _ in range(4))
    W, H = card.width + l + r, card.height + t + b
    lid = rng.randint(240, 255)
    out = Image.new("RGB", (W, H), (lid, lid, lid))
    out.paste(card, (l, t), cmask)
    return out, [l, t, l + card.width, t + card.height]


def scan_page(card, cmask, rng, dpi, angle):
    """The card somewhere on a white page scanned at dpi."""
    page_mm = wchoice(rng, [(210, 297), (215, 330), (216, 279), (148, 210),
                            (210, 148)], [5, 2, 1, 1, 1])
    W = round(page_mm[0] / MM_PER_IN * dpi)
    H = round(page_mm[1] / MM_PER_IN * dpi)
    cw, ch = card_px(dpi)
    c = card.resize((cw, ch), Image.LANCZOS)
    m = cmask.resize((cw, ch), Image.LANCZOS)
    if angle:
        c = c.rotate(angle, resample=Image.BICUBIC, expand=True)
        m = m.rotate(angle, resample=Image.BICUBIC, expand=True)
    lid = rng.randint(242, 254)
    # the lid with faint sensor noise (a tiled noise patch)
    nt = tiled(noise_tile(rng, (192, 192), lid - 6, lid), (W, H))
    blue = rng.randint(0, 4)
    page = Image.merge("RGB", [nt, nt, nt.point([max(0, v - blue)
                                                for v in range(256)])])
    margin = round(0.15 * dpi)
    x = rng.randint(margin, max(margin, W - c.width - margin))
    y = rng.randint(margin, max(margin, H - c.height - margin))
    # shadow along the card edge away from the lamp
    k = dpi / BASE_DPI
    pad = round(24 * k)
    box = (x - pad, y - pad, x + c.width + pad, y + c.height + pad)
    region = page.crop(box)
    sh = Image.new("L", region.size, 0)
    dx, dy = rng.choice([-1, 1]) * round(rng.uniform(1.5, 4) * k), \
        round(rng.uniform(1.5, 5) * k)
    sh.paste(m, (pad + dx, pad + dy))
    sh = sh.filter(ImageFilter.GaussianBlur(rng.uniform(2, 5) * k))
    op = rng.uniform(0.25, 0.5)
    sh = sh.point([int(v * op) for v in range(256)])
    region = Image.composite(Image.new("RGB", region.size, (60, 60, 64)),
                             region, sh)
    region.paste(c, (pad, pad), m)
    # optics: a little blur (only where there is something to blur)
    region = region.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    page.paste(region, box[:2])
    # sometimes the lid's grey edge
    if rng.random() < 0.2:
        d = ImageDraw.Draw(page)
        e = round(rng.uniform(3, 9) * k * 3)
        g = rng.randint(150, 200)
        side = rng.choice(["r", "b"])
        if side == "r":
            d.rectangle((W - e, 0, W, H), fill=(g, g, g))
        else:
            d.rectangle((0, H - e, W, H), fill=(g, g, g))
    return page, [x, y, x + c.width, y + c.height]


def solve(a, b):
    """Gaussian elimination with partial pivoting (8x8)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[r][col]:
                f = m[r][col] / m[col][col]
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coeffs(dst, src):
    """PIL PERSPECTIVE data mapping output points dst to input points src."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -x * u, -y * u])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -x * v, -y * v])
        b.append(v)
    return solve(a, b)


def table_texture(rng, size):
    W, H = size
    kind = wchoice(rng, ["wood", "laminate", "cloth", "dark", "granite"],
                   [3, 2, 2, 1, 2])
    if kind == "wood":
        # drawn at a quarter of the size: upscaling softens the grain
        sw, shh = W // 4 + 1, H // 4 + 1
        across = rng.random() < 0.5
        if across:                  # stripes run vertically
            sw, shh = shh, sw
        img = Image.new("RGB", (sw, shh))
        d = ImageDraw.Draw(img)
        base = (rng.randint(100, 160), rng.randint(65, 105),
                rng.randint(35, 60))
        y = 0
        while y < shh:
            h = rng.randint(1, 4)
            t = rng.uniform(0.8, 1.2)
            d.rectangle((0, y, sw, y + h - 1),
                        fill=tuple(min(255, int(c * t)) for c in base))
            y += h
        if across:
            img = img.transpose(Image.ROTATE_90)
        img = img.resize((W, H), Image.BILINEAR)
    elif kind == "laminate":
        v = rng.randint(170, 235)
        img = Image.new("RGB", (W, H), (v, v - rng.randint(0, 12),
                                        v - rng.randint(0, 25)))
    elif kind == "cloth":
        ca = (rng.randint(120, 230), rng.randint(40, 200),
              rng.randint(40, 200))
        cb = (235, 232, 225)
        img = Image.new("RGB", (W, H), cb)
        d = ImageDraw.Draw(img)
        s = rng.randint(20, 60)
        for x in range(0, W, 2 * s):
            d.rectangle((x, 0, x + s, H), fill=ca)
        ov = Image.new("RGB", (W, H), cb)
        d = ImageDraw.Draw(ov)
        for y in range(0, H, 2 * s):
            d.rectangle((0, y, W, y + s), fill=ca)
        img = Image.blend(img, ov, 0.5).filter(ImageFilter.BoxBlur(1))
    elif kind == "dark":
        v = rng.randint(25, 60)
        img = Image.new("RGB", (W, H), (v, v, v + rng.randint(0, 10)))
    else:
        v = rng.randint(110, 190)
        img = Image.new("RGB", (W, H), (v, v, v))
        n = noise_tile(rng, (W // 8 + 1, H // 8 + 1), 0, 255)
        n = n.resize((W, H), Image.BILINEAR)
        img = Image.composite(Image.new("RGB", (W, H), (40, 40, 40)), img,
                              n.point([max(0, x - 150) for x in range(256)]))
    grain = noise_tile(rng, (256, 256), 0, 24)
    img = ImageChops.add(img, Image.merge("RGB", [tiled(grain, (W, H))] * 3),
                         1.0, -12)
    return img, kind


def camera_exif(rng):
    make, model = rng.choice([("samsung", "SM-A546E"), ("Xiaomi", "2201117TG"),
                              ("OPPO", "CPH2239"), ("vivo", "V2111"),
                              ("Apple", "iPhone 11")])
    ex = Image.Exif()
    ex[0x010F] = make
    ex[0x0110] = model
    ex[0x0112] = 1
    ex[0x0132] = "2026:11:%02d %02d:%02d:%02d" % (
        rng.randint(1, 28), rng.randint(7, 20), rng.randint(0, 59),
        rng.randint(0, 59))
    return ex.tobytes(), "%s %s" % (make, model)


def photo_of(fields, issued, place, st, rng):
    W, H = wchoice(rng, [(1600, 1200), (2048, 1536), (1280, 960),
                         (1200, 1600), (1440, 1080)], [4, 2, 2, 1, 2])
    frac = rng.uniform(0.55, 0.85) if W > H else rng.uniform(0.75, 0.9)
    tw = W * frac
    rdpi = min(450, max(BASE_DPI, tw / (CARD_MM[0] / MM_PER_IN) * 1.1))
    card, cmask = render_card(fields, issued, place, st, dpi=round(rdpi))
    cw, ch = card.size
    th = tw * CARD_MM[1] / CARD_MM[0]
    tv = rng.uniform(-0.10, 0.10)       # keystone, vertical tilt
    tz = rng.uniform(-0.07, 0.07)       # keystone, horizontal tilt
    ang = math.radians(rng.uniform(-10, 10))
    pts = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x = sx * tw / 2 * (1 - tv * sy)
        y = sy * th / 2 * (1 - tz * sx)
        xr = x * math.cos(ang) - y * math.sin(ang)
        yr = x * math.sin(ang) + y * math.cos(ang)
        pts.append([xr + rng.uniform(-0.012, 0.012) * tw,
                    yr + rng.uniform(-0.012, 0.012) * tw])
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    bw, bh = max(xs) - min(xs), max(ys) - min(ys)
    s = min(1.0, (W * 0.96) / bw, (H * 0.96) / bh)
    cx = W / 2 + rng.uniform(-1, 1) * max(0, (W - bw * s) / 2 - W * 0.02)
    cy = H / 2 + rng.uniform(-1, 1) * max(0, (H - bh * s) / 2 - H * 0.02)
    quad = [(cx + p[0] * s, cy + p[1] * s) for p in pts]
    x0 = int(math.floor(min(q[0] for q in quad)))
    y0 = int(math.floor(min(q[1] for q in quad)))
    x1 = int(math.ceil(max(q[0] for q in quad)))
    y1 = int(math.ceil(max(q[1] for q in quad)))
    local = [(q[0] - x0, q[1] - y0) for q in quad]
    coeffs = perspective_coeffs(local, [(0, 0), (cw, 0), (cw, ch), (0, ch)])
    rgba = card.copy()
    rgba.putalpha(cmask)
    warped = rgba.transform((x1 - x0, y1 - y0), Image.PERSPECTIVE, coeffs,
                            Image.BILINEAR)
    alpha = warped.getchannel("A")

    bg, surface = table_texture(rng, (W, H))
    # soft shadow under the card
    pad = 40
    sbox = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    region = bg.crop(sbox)
    q4 = (region.width // 4 + 1, region.height // 4 + 1)
    sh = Image.new("L", q4, 0)
    sh.paste(alpha.resize((alpha.width // 4 + 1, alpha.height // 4 + 1),
                          Image.BILINEAR),
             ((pad + rng.randint(-8, 12)) // 4,
              (pad + rng.randint(4, 16)) // 4))
    sh = sh.filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 3.5)))
    sh = sh.point([int(v * 0.5) for v in range(256)])
    sh = sh.resize(region.size, Image.BILINEAR)
    region = Image.composite(Image.new("RGB", region.size, (20, 18, 16)),
                             region, sh)
    region.paste(warped, (pad, pad), alpha)
    bg.paste(region, sbox[:2])
    img = bg

    # uneven lighting: a linear gradient at a random angle
    g = Image.linear_gradient("L").resize((96, 96))
    g = g.rotate(rng.uniform(0, 360), resample=Image.BILINEAR, expand=False,
                 fillcolor=None)
    g = g.crop((16, 16, 80, 80)).resize((W, H), Image.BILINEAR)
    lo = rng.randint(120, 200)
    g = g.point([lo + (255 - lo) * v // 255 for v in range(256)])
    tint = wchoice(rng, [(255, 244, 220), (235, 242, 255), (255, 255, 255)],
                   [3, 1, 2])
    light = Image.merge("RGB", [g.point([v * t // 255 for v in range(256)])
                                for t in tint])
    img = ImageChops.multiply(img, light)
    # glare: a bright soft blob on the card
    gw = rng.uniform(0.08, 0.22) * tw
    gh = gw * rng.uniform(0.3, 0.9)
    u, v = rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85)
    top = (quad[0][0] + (quad[1][0] - quad[0][0]) * u,
           quad[0][1] + (quad[1][1] - quad[0][1]) * u)
    bot = (quad[3][0] + (quad[2][0] - quad[3][0]) * u,
           quad[3][1] + (quad[2][1] - quad[3][1]) * u)
    gx, gy = top[0] + (bot[0] - top[0]) * v, top[1] + (bot[1] - top[1]) * v
    blob = Image.new("L", (128, 128), 0)
    half = 40 * gh / gw
    ImageDraw.Draw(blob).ellipse((24, 64 - half, 104, 64 + half), fill=255)
    blob = blob.rotate(rng.uniform(0, 180), resample=Image.BILINEAR)
    blob = blob.filter(ImageFilter.GaussianBlur(12))
    bw2, bh2 = int(gw * 1.6), int(gw * 1.6)
    blob = blob.resize((max(2, bw2), max(2, bh2)), Image.BILINEAR)
    peak = rng.uniform(0.45, 0.85)
    blob = blob.point([int(x * peak) for x in range(256)])
    full = Image.new("L", (W, H), 0)
    full.paste(blob, (int(gx - bw2 / 2), int(gy - bh2 / 2)))
    img = Image.composite(Image.new("RGB", (W, H), (255, 255, 250)), img, full)
    # vignette, blur, sensor noise
    vig = Image.radial_gradient("L").resize((W, H), Image.BILINEAR)
    vs = rng.uniform(0.2, 0.5)
    vig = vig.point([int(max(0, x - 100) * vs) for x in range(256)])
    img = Image.composite(Image.new("RGB", (W, H), (0, 0, 0)), img, vig)
    img = img.filter(ImageFilter.BoxBlur(rng.uniform(0.7, 1.8)))
    nt = noise_tile(rng, (256, 256), 0, 16)
    img = ImageChops.add(img, Image.merge("RGB", [tiled(nt, (W, H))] * 3),
                         1.0, -8)
    eff_dpi = math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]) / \
        (CARD_MM[0] / MM_PER_IN)
    return img, [x0, y0, x1, y1], surface, round(eff_dpi)


# ---------------------------------------------------------------------------
# One file
# ---------------------------------------------------------------------------

def issue_place(rng, kabname):
    short = short_city(kabname)
    if kabname.startswith("KOTA "):
        return wchoice(rng, [kabname, short], [3, 1])
    return wchoice(rng, [kabname, "KAB. " + short, short], [1, 1, 2])


def alter_nik(rng, nik):
    digits = list(nik)
    for pos in rng.sample(range(16), rng.choice([1, 1, 2])):
        digits[pos] = rng.choice([c for c in "0123456789" if c != nik[pos]])
    return "".join(digits)


def make_one(task):
    seed, idx, variant, wpath = task
    wil = _wilayah(wpath)
    prng = random.Random("genktp/%d/%d/person" % (seed, idx))
    fields, issued = make_person(prng, wil)
    st = make_style(prng)
    place = issue_place(prng, fields["kabupaten_kota"])
    rng = random.Random("genktp/%d/%d/%s" % (seed, idx, variant))
    render = {"font": st["face"], "nik_font": st["nik_face"]}
    colour, form_nik = True, fields["nik"]
    exif = None
    if variant in ("clean", "inconsistent"):
        card, cmask = render_card(fields, issued, place, st)
        img, box = on_white(card, cmask, rng, 6)
        dpi = BASE_DPI
        fmt = "png" if rng.random() < 0.35 else "jpeg"
        q = rng.randint(88, 95)
        if variant == "inconsistent":
            form_nik = alter_nik(rng, fields["nik"])
    elif variant in ("flatbed", "rotated"):
        card, cmask = render_card(fields, issued, place, st)
        dpi = wchoice(rng, [150, 200, 240, 300], [2, 3, 1, 3])
        angle = 0.0
        if variant == "rotated":
            angle = round(rng.choice([-1, 1]) * rng.uniform(1, 6), 2)
            render["angle"] = angle
        else:
            angle = round(rng.uniform(-0.4, 0.4), 2)
            render["angle"] = angle
        img, box = scan_page(card, cmask, rng, dpi, angle)
        fmt, q = "jpeg", rng.randint(78, 92)
    elif variant == "photo":
        img, box, surface, dpi = photo_of(fields, issued, place, st, rng)
        exif, render["camera"] = camera_exif(rng)
        render["surface"] = surface
        fmt, q = "jpeg", rng.randint(60, 85)
    elif variant == "grey":
        card, cmask = render_card(fields, issued, place, st)
        dpi = wchoice(rng, [200, 300], [1, 2])
        cw, ch = card_px(dpi)
        if dpi != BASE_DPI:
            card = card.resize((cw, ch), Image.LANCZOS)
            cmask = cmask.resize((cw, ch), Image.LANCZOS)
        img, box = on_white(card, cmask, rng, 20)
        img = img.convert("L")
        if rng.random() < 0.3:
            img = ImageOps.autocontrast(img, cutoff=1)
        if rng.random() < 0.33:      # grey pixels in an RGB file
            img = img.convert("RGB")
        colour = False
        fmt = "png" if rng.random() < 0.4 else "jpeg"
        q = rng.randint(80, 92)
    elif variant == "lowres":
        card, cmask = render_card(fields, issued, place, st)
        if rng.random() < 0.6:
            dpi = rng.choice([96, 100, 120, 150])
            q = rng.randint(65, 88)
        else:
            dpi = rng.choice([150, 180, 200])
            q = rng.randint(25, 45)
        cw, ch = card_px(dpi)
        card = card.resize((cw, ch), Image.LANCZOS)
        cmask = cmask.resize((cw, ch), Image.LANCZOS)
        img, box = on_white(card, cmask, rng, 4)
        fmt = "jpeg"
    else:
        raise ValueError(variant)
    data = encode(img, fmt, q, None if variant == "photo" else dpi, exif)
    name = "%04d-%s.%s" % (idx, variant, "png" if fmt == "png" else "jpg")
    render.update({"format": fmt, "mode": img.mode, "size": list(img.size),
                   "card_box": [int(v) for v in box]})
    if fmt == "jpeg":
        render["quality"] = q
    truth = {"file": name, "variant": variant, "fields": fields,
             "colour": colour, "is_ktp": True,
             "nik_consistent": form_nik == fields["nik"],
             "form_nik": form_nik, "dpi": int(dpi), "render": render}
    return name, data, truth


_wil_cache = {}


def _wilayah(path):
    w = _wil_cache.get(path)
    if w is None:
        w = _wil_cache[path] = Wilayah(path)
    return w


# ---------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------

ENUMS = {
    "jenis_kelamin": {"LAKI-LAKI", "PEREMPUAN"},
    "golongan_darah": {"A", "B", "AB", "O", "-"},
    "agama": set(AGAMA[0]),
    "status_perkawinan": {"BELUM KAWIN", "KAWIN", "CERAI HIDUP",
                          "CERAI MATI"},
    "kewarganegaraan": {"WNI"},
}


def check(out, truth, wil):
    problems = []
    for t in truth:
        f, w = t["fields"], t["file"]
        if sorted(f) != sorted(FIELDS):
            problems.append("%s: field set" % w)
            continue
        nik = f["nik"]
        if not re.fullmatch(r"\d{16}", nik):
            problems.append("%s: NIK %r" % (w, nik))
            continue
        kab = [k for k, v in wil.kab.items() if v == f["kabupaten_kota"]]
        if not kab or nik[:6] not in wil.kec:
            problems.append("%s: NIK region %s vs %s" % (
                w, nik[:6], f["kabupaten_kota"]))
        dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
        woman = dd > 40
        birth = datetime.date.fromisoformat(f["tanggal_lahir"])
        if (dd - (40 if woman else 0), mm, yy) != (birth.day, birth.month,
                                                   birth.year % 100):
            problems.append("%s: NIK date vs tanggal_lahir" % w)
        if woman != (f["jenis_kelamin"] == "PEREMPUAN"):
            problems.append("%s: NIK sex" % w)
        if nik[12:] == "0000":
            problems.append("%s: serial 0000" % w)
        for k, allowed in ENUMS.items():
            if f[k] not in allowed:
                problems.append("%s: %s %r" % (w, k, f[k]))
        if not re.fullmatch(r"\d{3}/\d{3}", f["rt_rw"]):
            problems.append("%s: rt_rw" % w)
        if f["berlaku_hingga"] != "SEUMUR HIDUP":
            datetime.date.fromisoformat(f["berlaku_hingga"])
        if f["kecamatan"] not in wil.kec.values():
            problems.append("%s: kecamatan" % w)
        if f["provinsi"].startswith("PROVINSI"):
            problems.append("%s: provinsi prefix" % w)
        if (t["form_nik"] == nik) != t["nik_consistent"] or \
                t["nik_consistent"] != (t["variant"] != "inconsistent"):
            problems.append("%s: form_nik" % w)
        if len(t["form_nik"]) != 16:
            problems.append("%s: form_nik length" % w)
        path = os.path.join(out, w)
        with Image.open(path) as im:
            if list(im.size) != t["render"]["size"]:
                problems.append("%s: size" % w)
            if im.mode == "L" and t["colour"]:
                problems.append("%s: L but colour" % w)
            if t["colour"] != (t["variant"] != "grey"):
                problems.append("%s: colour flag" % w)
            if not t["colour"] and im.mode == "RGB":
                r, g, b = im.split()
                if ImageChops.difference(r, g).getbbox() and \
                        max(ImageChops.difference(r, g).getextrema()) > 8:
                    problems.append("%s: grey image has colour" % w)
    for p in problems:
        print("PROBLEM:", p)
    print("%d files checked, %d problems" % (len(truth), len(problems)))
    return not problems


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(
        description="Synthetic e-KTP images with ground truth.")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True,
                    help="number of cards (people)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="comma list of " + ",".join(VARIANTS))
    ap.add_argument("--all-variants", action="store_true",
                    help="draw every card in every listed variant "
                    "(default: one variant per card, round robin)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="worker processes (output does not depend on it)")
    ap.add_argument("--wilayah", default=DEFAULT_CSV,
                    help="Kemendagri region CSV (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="verify the written truth and images afterwards")
    a = ap.parse_args()
    variants = [v.strip() for v in a.variants.split(",") if v.strip()]
    bad = [v for v in variants if v not in VARIANTS]
    if bad or not variants:
        ap.error("unknown variant(s): %s" % ",".join(bad))
    if a.count < 0 or a.count > 9999:
        ap.error("--count must be 0..9999")
    wil = _wilayah(a.wilayah)
    tasks = []
    for i in range(1, a.count + 1):
        if a.all_variants:
            tasks += [(a.seed, i, v, a.wilayah) for v in variants]
        else:
            tasks.append((a.seed, i, variants[(i - 1) % len(variants)],
                          a.wilayah))
    os.makedirs(a.out, exist_ok=True)
    truth = []

    def sink(res):
        name, data, t = res
        with open(os.path.join(a.out, name), "wb") as fh:
            fh.write(data)
        truth.append(t)

    if a.jobs > 1 and len(tasks) > 1:
        import multiprocessing
        with multiprocessing.Pool(a.jobs) as pool:
            for res in pool.imap_unordered(make_one, tasks, chunksize=2):
                sink(res)
    else:
        for task in tasks:
            sink(make_one(task))
    truth.sort(key=lambda t: t["file"])
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    if a.check:
        return 0 if check(a.out, truth, wil) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
