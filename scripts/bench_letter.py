#!/usr/bin/python3
"""make bench-letter: sertel's letter beside LibreOffice, same letter.

usage: bench_letter.py [--runs-one R] [--batch N] [--runs-batch R]
                       [--cold N] [--copies N] [--keep DIR] [--no-libreoffice]

build/bench_letter (tests/bench/bench_letter.c, linked with sertel's
objects) renders the letter to BSSN in-process, R times, for one
applicant and for a batch (draft, and final + signed with a throwaway
key), and prints the median. The same applicants (dumped by bench_letter)
and the same wording (templates/letter/permohonan.xml, final variant)
become an ODT, which LibreOffice headless converts to PDF, as offices make
these letters today:

  cold  one soffice process per letter (the profile exists already; its
        creation, the very first run, is shown apart), median of --cold;
  warm  --copies letters in one soffice invocation, total / copies.

LibreOffice only converts: it neither numbers nor signs, so the ratio
against sertel's signed letter is in LibreOffice's favour. The QR code
is a picture of the same size in the ODT. If soffice is missing it is
installed (libreoffice-writer-nogui, as root); when that fails sertel's
numbers are reported alone. Numbers, not assertions: the machine is
shared and noisy. Results also go to build/bench-letter.json.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import TOP  # noqa: E402

BENCH = os.path.join(TOP, "build", "bench_letter")
LAYOUT = os.path.join(TOP, "templates", "letter", "permohonan.xml")
RESULT = os.path.join(TOP, "build", "bench-letter.json")
LO_PKG = "libreoffice-writer-nogui"
TARGET_MS = 10.0         # one signed letter
TARGET_RATIO = 100.0     # LibreOffice (cold) / sertel, one signed letter


# --- LibreOffice ---------------------------------------------------------

def ensure_soffice():
    """The soffice path, installing LO_PKG if needed; None if impossible."""
    path = shutil.which("soffice")
    if path:
        return path
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", LO_PKG]
    if os.geteuid() != 0:
        print("bench-letter: soffice is missing and this is not root; "
              "install it with: %s" % " ".join(cmd))
        return None
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("bench-letter: soffice is missing; running: %s" % " ".join(cmd),
          flush=True)
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL)
    if p.returncode != 0:
        print("bench-letter: that failed; running: apt-get update -q, "
              "then the install again", flush=True)
        subprocess.run(["apt-get", "update", "-q"], env=env,
                       stdout=subprocess.DEVNULL)
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL)
    path = shutil.which("soffice")
    if p.returncode != 0 or not path:
        print("bench-letter: could not install %s (apt-get exit %d); "
              "reporting sertel's numbers alone" % (LO_PKG, p.returncode))
        return None
    return path


def soffice_convert(soffice, profile, outdir, odts):
    """Convert odts in one soffice process; wall ms."""
    os.makedirs(outdir, exist_ok=True)
    cmd = [soffice, "-env:UserInstallation=file://" + profile, "--headless",
           "--norestore", "--convert-to", "pdf", "--outdir", outdir] + odts
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    ms = (time.monotonic() - t0) * 1000
    if p.returncode != 0:
        raise RuntimeError("soffice failed (%d): %s" % (p.returncode,
                                                        p.stderr.strip()))
    return ms


def pdf_check(pdf, names):
    """(pages, names found) of a PDF, through poppler-utils."""
    if not os.path.exists(pdf):
        return 0, 0
    info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                          text=True).stdout
    pages = next((int(l.split()[1]) for l in info.splitlines()
                  if l.startswith("Pages:")), 0)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                          text=True).stdout
    # Table cells may come out interleaved with their neighbours: a name
    # counts when its words appear in order, at most 3 words apart.
    flat = " ".join(text.split())
    found = sum(1 for n in names if re.search(r"(?:\S+ ){0,3}?".join(
        re.escape(w) + " " for w in n.split()), flat + " "))
    return pages, found


def libreoffice(soffice, odt, work, names, cold_runs, copies):
    """Cold and warm conversion times of odt, and a check of the PDF."""
    stem = os.path.splitext(os.path.basename(odt))[0]
    profile = os.path.join(work, "lo-profile-" + stem)
    first = soffice_convert(soffice, profile, os.path.join(
        work, "lo-first-" + stem), [odt])
    cold = []
    for i in range(cold_runs):
        out = os.path.join(work, "lo-cold-%s-%d" % (stem, i))
        cold.append(soffice_convert(soffice, profile, out, [odt]))
    pdf = os.path.join(work, "lo-cold-%s-0" % stem, stem + ".pdf")
    if not os.path.exists(pdf):
        raise RuntimeError("soffice made no %s" % pdf)
    pages, found = pdf_check(pdf, names)
    cdir = os.path.join(work, "lo-copies-" + stem)
    os.makedirs(cdir, exist_ok=True)
    odts = []
    for i in range(copies):
        odts.append(os.path.join(cdir, "%s-%02d.odt" % (stem, i)))
        shutil.copyfile(odt, odts[-1])
    total = soffice_convert(soffice, profile, os.path.join(work, "lo-warm-"
                                                           + stem), odts)
    made = len([f for f in os.listdir(os.path.join(work, "lo-warm-" + stem))
                if f.endswith(".pdf")])
    if made != copies:
        raise RuntimeError("soffice made %d of %d PDFs" % (made, copies))
    ver = subprocess.run([soffice, "--version"], capture_output=True,
                         text=True).stdout.strip()
    return {"version": ver, "first_ms": round(first, 1), "cold_ms": round(
        statistics.median(cold), 1), "cold_runs": [round(x, 1) for x in cold],
        "warm_ms": round(total / copies, 1), "warm_total_ms": round(total, 1),
        "copies": copies, "pages": pages, "names_found": found,
        "names": len(names)}


# --- the ODT -------------------------------------------------------------

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:'
      'xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:'
      'svg-compatible:1.0" office:version="1.3"')


class Odt:
    """Paragraph and text styles collected while the body is written."""

    def __init__(self, vars_, final, prefix="P"):
        self.vars = vars_
        self.final = final
        self.prefix = prefix
        self.styles = {}      # key -> (name, xml)
        self.body = []

    def fill(self, s):
        s = s or ""
        for k, v in self.vars.items():
            s = s.replace("{{%s}}" % k, v or "")
        return " ".join(s.split())

    def shown(self, el):
        when = el.get("when")
        if when and when != ("final" if self.final else "draft"):
            return False
        if el.get("if") and not self.vars.get(el.get("if")):
            return False
        if el.get("unless") and self.vars.get(el.get("unless")):
            return False
        return True

    def pstyle(self, size=None, bold=False, italic=False, underline=False,
               align=None, indent=0, left=0, after=0, tab=0, border=None,
               hanging=0, keep=False):
        key = (size, bold, italic, underline, align, indent, left, after,
               tab, border, hanging, keep)
        if key in self.styles:
            return self.styles[key][0]
        name = "%s%d" % (self.prefix, len(self.styles) + 1)
        pp = ['fo:margin-top="0mm"', 'fo:margin-bottom="%.2fmm"' % after]
        if align:
            pp.append('fo:text-align="%s"' % {"right": "end", "center":
                      "center", "justify": "justify"}.get(align, "start"))
        if indent or hanging:
            pp.append('fo:text-indent="%.2fmm"' % (indent - hanging))
        if left or hanging:
            pp.append('fo:margin-left="%.2fmm"' % (left + hanging))
        if border:
            pp.append(border)
        if keep:
            pp.append('fo:keep-with-next="always"')
        tp = []
        if size:
            tp.append('fo:font-size="%spt"' % size)
        if bold:
            tp.append('fo:font-weight="bold"')
        if italic:
            tp.append('fo:font-style="italic"')
        if underline:
            tp.append('style:text-underline-style="solid" '
                      'style:text-underline-width="auto" '
                      'style:text-underline-color="font-color"')
        tabs = ""
        if tab:
            tabs = ('<style:tab-stops><style:tab-stop style:position='
                    '"%.2fmm"/></style:tab-stops>' % tab)
        xml = ('<style:style style:name="%s" style:family="paragraph" '
               'style:parent-style-name="Standard"><style:paragraph-'
               'properties %s>%s</style:paragraph-properties>'
               '<style:text-properties %s/></style:style>'
               % (name, " ".join(pp), tabs, " ".join(tp)))
        self.styles[key] = (name, xml)
        return name

    def para(self, text, **kw):
        self.body.append('<text:p text:style-name="%s">%s</text:p>'
                         % (self.pstyle(**kw), text))


def num(el, key, default):
    return float(el.get(key, default))


def yes(el, key):
    return el.get(key) == "yes"


def odt_letterhead(o, el):
    lines = [c for c in el if c.tag == "line" and o.shown(c)]
    rule = el.find("rule")
    for i, c in enumerate(lines):
        last = i + 1 == len(lines)
        border = None
        if last and rule is not None:
            # Thick over thin, as the kop surat rule sertel draws.
            thick, gap, thin = (num(rule, "width", 2),
                                num(rule, "gap", 0.8), num(rule, "thin", 0))
            border = ('fo:border-bottom="%.2fpt double #000000" '
                      'style:border-line-width-bottom="%.2fpt %.2fmm '
                      '%.2fpt" fo:padding-bottom="1.5mm"'
                      % (thick + thin + gap * 2.835, thick, gap, thin))
        o.para(escape(o.fill(c.text)), size=c.get("size"),
               bold=yes(c, "bold"), align="center", border=border,
               after=num(el, "space-after", 5) if last else 0)


def odt_fields(o, el):
    fields = [c for c in el if c.tag == "field" and o.shown(c)]
    lw = num(el, "label-width", 25)
    for i, c in enumerate(fields):
        o.para("%s<text:tab/>: %s" % (escape(c.get("label", "")),
                                      escape(o.fill(c.text))),
               tab=lw, after=num(el, "space-after", 5)
               if i + 1 == len(fields) else 0)


def odt_lines(o, el, left=0, gap=4, keep=False):
    """<line>, <space> and <qr> children (address, signature); with keep
    they stay on one page, as sertel keeps them."""
    kids = [c for c in el if o.shown(c)]
    for i, c in enumerate(kids):
        last = i + 1 == len(kids)
        after = gap if last else 0
        if c.tag == "space":
            o.para("", size="2", after=num(c, "height", 5),
                   keep=keep and not last)
        elif c.tag == "line":
            o.para(escape(o.fill(c.text)), size=c.get("size"),
                   bold=yes(c, "bold"), italic=yes(c, "italic"),
                   underline=yes(c, "underline"), align=c.get("align"),
                   left=left + num(c, "indent", 0), after=after,
                   keep=keep and not last)
        elif c.tag == "qr":
            side = num(c, "size", 26)
            o.body.append(
                '<text:p text:style-name="%s"><draw:frame draw:name="qr" '
                'draw:style-name="QR" text:anchor-type="as-char" '
                'svg:width="%.1fmm" '
                'svg:height="%.1fmm" style:rel-width="scale"><draw:image '
                'xlink:href="Pictures/qr.png" xlink:type="simple" '
                'xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>'
                '<text:span text:style-name="Caption"> %s</text:span>'
                '</text:p>' % (o.pstyle(left=left, after=after,
                                        keep=keep and not last), side, side,
                               escape(c.get("caption", ""))))


def odt_table(o, el, people):
    cols = [c for c in el if c.tag == "col"]
    size = el.get("size", "10")
    pad = num(el, "padding", 1.2)
    head = o.pstyle(size=size, bold=yes(el, "header-bold"), align="center")
    cells = {}
    for c in cols:
        cells[c.get("field")] = o.pstyle(size=size, align=c.get("align"))
    x = ['<table:table table:name="Pemohon" table:style-name="Tbl">']
    for i in range(len(cols)):
        x.append('<table:table-column table:style-name="Col%d"/>' % i)
    x.append("<table:table-header-rows><table:table-row>")
    for c in cols:
        x.append('<table:table-cell table:style-name="Cell" office:'
                 'value-type="string"><text:p text:style-name="%s">%s'
                 '</text:p></table:table-cell>' % (head, escape(c.get(
                     "title", ""))))
    x.append("</table:table-row></table:table-header-rows>")
    for no, p in enumerate(people, 1):
        x.append('<table:table-row table:style-name="Row">')
        for c in cols:
            f = c.get("field")
            v = str(no) if f == "no" else (p.get(f) or "-")
            if f == "nip":
                v = nip_format(v)
            x.append('<table:table-cell table:style-name="Cell" office:'
                     'value-type="string"><text:p text:style-name="%s">%s'
                     '</text:p></table:table-cell>' % (cells[f], escape(v)))
        x.append("</table:table-row>")
    x.append("</table:table>")
    o.body.append("".join(x))
    o.para("", size="2", after=num(el, "space-after", 5))
    widths = [num(c, "width", 20) for c in cols]
    tstyle = ('<style:style style:name="Tbl" style:family="table">'
              '<style:table-properties style:width="%.1fmm" '
              'table:align="left"/></style:style>' % sum(widths))
    for i, w in enumerate(widths):
        tstyle += ('<style:style style:name="Col%d" style:family="table-'
                   'column"><style:table-column-properties style:column-'
                   'width="%.1fmm"/></style:style>' % (i, w))
    tstyle += ('<style:style style:name="Row" style:family="table-row">'
               '<style:table-row-properties fo:keep-together="always"/>'
               '</style:style>')
    tstyle += ('<style:style style:name="Cell" style:family="table-cell">'
               '<style:table-cell-properties fo:padding="%.1fmm" '
               'fo:border="0.6pt solid #000000"/></style:style>' % pad)
    return tstyle


def nip_format(nip):
    if len(nip) == 18 and nip.isdigit():
        return "%s %s %s %s" % (nip[:8], nip[8:14], nip[14], nip[15:])
    return nip


def odt_list(o, el):
    size = el.get("size")
    items = [c for c in el if c.tag == "item" and o.shown(c)]
    if el.get("title"):
        o.para(escape(el.get("title")), size=size)
    for i, c in enumerate(items, 1):
        o.para("%d.<text:tab/>%s" % (i, escape(o.fill(c.text))), size=size,
               hanging=7, after=num(el, "space-after", 4)
               if i == len(items) else 0)


def odt_footer(o, el):
    """The footer's paragraphs (page number and count as fields) and their
    styles, which belong in styles.xml with the master page."""
    o = Odt(dict(o.vars, halaman="\x01", jumlah_halaman="\x02"), o.final,
            "F")
    for c in el:
        if c.tag == "line" and o.shown(c):
            text = escape(o.fill(c.text))
            text = text.replace("\x01", '<text:page-number text:select-page'
                                '="current">1</text:page-number>')
            text = text.replace("\x02", "<text:page-count>1</text:page-"
                                "count>")
            o.para(text, size=c.get("size", el.get("size", "8")),
                   align=c.get("align", "left"))
    return "".join(o.body), "".join(x for _, x in o.styles.values())


def odt_content(layout, data, final):
    """(content.xml, styles.xml) of the letter."""
    root = ET.parse(layout).getroot()
    o = Odt(data["vars"], final)
    if not final:
        o.vars = dict(o.vars, nomor="(draf)")
    extra, footer = "", ("", "")
    els = [el for el in root if isinstance(el.tag, str) and o.shown(el)]
    for k, el in enumerate(els):
        after = num(el, "space-after", 5)
        nxt = els[k + 1].tag if k + 1 < len(els) else None
        if el.tag == "letterhead":
            odt_letterhead(o, el)
        elif el.tag == "date":
            o.para(escape(o.fill(el.text)), align=el.get("align"),
                   after=after)
        elif el.tag == "fields":
            odt_fields(o, el)
        elif el.tag == "address":
            odt_lines(o, el, gap=after)
        elif el.tag == "p":
            # A signature never stands alone: the text before comes along.
            o.para(escape(o.fill(el.text)), align=el.get("align"),
                   indent=num(el, "indent", 0), after=num(el, "space-after",
                                                          3),
                   keep=nxt == "signature")
        elif el.tag == "table":
            extra += odt_table(o, el, data["people"])
        elif el.tag == "signature":
            odt_lines(o, el, left=num(el, "left", 90), gap=num(
                el, "space-after", 8), keep=True)
        elif el.tag == "list":
            odt_list(o, el)
        elif el.tag == "footer":
            footer = odt_footer(o, el)
    auto = "".join(x for _, x in o.styles.values()) + extra
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<office:document-content %s><office:automatic-styles>%s'
               '</office:automatic-styles><office:body><office:text>%s'
               '</office:text></office:body></office:document-content>'
               % (NS, auto, "".join(o.body)))
    return content, odt_styles(root, footer)


def odt_styles(root, footer):
    """styles.xml; footer is (its paragraphs, their styles)."""
    mm = {k: num(root, k, d) for k, d in (("top", 15), ("bottom", 22),
                                          ("left", 25), ("right", 20))}
    size = root.get("size", "12")
    # sertel's leading is in font sizes; LibreOffice's proportional
    # spacing is in the font's own line height, 1.149 em for Liberation.
    leading = float(root.get("leading", "1.15")) / 1.149
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-styles %s><office:font-face-decls>'
            '<style:font-face style:name="Liberation Sans" svg:font-family='
            '"\'Liberation Sans\'" style:font-family-generic="swiss" '
            'style:font-pitch="variable"/></office:font-face-decls>'
            '<office:styles><style:default-style style:family="paragraph">'
            '<style:paragraph-properties fo:line-height="%d%%" '
            'fo:orphans="2" fo:widows="2"/>'
            '<style:text-properties style:font-name="Liberation Sans" '
            'fo:font-size="%spt" fo:language="id" fo:country="ID"/>'
            '</style:default-style><style:style style:name="Standard" '
            'style:family="paragraph" style:class="text"/>'
            '<style:style style:name="Caption" style:family="text">'
            '<style:text-properties fo:font-size="8pt" fo:font-style='
            '"italic"/></style:style><style:style style:name="QR" '
            'style:family="graphic"><style:graphic-properties '
            'style:vertical-pos="middle" style:vertical-rel="text"/>'
            '</style:style></office:styles>'
            '<office:automatic-styles>%s<style:page-layout style:name="pm1">'
            '<style:page-layout-properties fo:page-width="210mm" '
            'fo:page-height="297mm" style:print-orientation="portrait" '
            'fo:margin-top="%.1fmm" fo:margin-bottom="%.1fmm" '
            'fo:margin-left="%.1fmm" fo:margin-right="%.1fmm"/>'
            '<style:footer-style><style:header-footer-properties '
            'fo:min-height="0mm" fo:margin-top="3mm"/></style:footer-style>'
            '</style:page-layout></office:automatic-styles>'
            '<office:master-styles><style:master-page style:name="Standard" '
            'style:page-layout-name="pm1"><style:footer>%s</style:footer>'
            '</style:master-page></office:master-styles>'
            '</office:document-styles>'
            % (NS, round(leading * 100), size, footer[1], mm["top"],
               mm["bottom"], mm["left"], mm["right"], footer[0]))


def qr_picture(seed, side_mm):
    """A PNG the size of sertel's QR (a stand-in: LibreOffice only places
    a picture; it draws no code)."""
    from io import BytesIO
    from PIL import Image
    mods = 41                                   # version 6, plus the zone
    bits = hashlib.sha256(seed.encode()).digest() * 8
    img = Image.new("1", (mods, mods), 1)
    for y in range(4, mods - 4):
        for x in range(4, mods - 4):
            k = y * mods + x
            if bits[k // 8 % len(bits)] >> (k % 8) & 1:
                img.putpixel((x, y), 0)
    px = int(side_mm / 25.4 * 300)
    buf = BytesIO()
    img.resize((px, px), Image.NEAREST).save(buf, "PNG", dpi=(300, 300))
    return buf.getvalue()


def odt_write(path, data, final=True):
    content, styles = odt_content(LAYOUT, data, final)
    meta = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta '
            '%s><office:meta><meta:generator>sertel bench_letter.py'
            '</meta:generator><dc:title>Permohonan Penerbitan Sertifikat '
            'Elektronik</dc:title><dc:language>id-ID</dc:language>'
            '</office:meta></office:document-meta>' % NS)
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:'
                'version="1.3" manifest:media-type="application/vnd.oasis.'
                'opendocument.text"/>')
    for f, t in (("content.xml", "text/xml"), ("styles.xml", "text/xml"),
                 ("meta.xml", "text/xml"), ("Pictures/qr.png", "image/png")):
        manifest += ('<manifest:file-entry manifest:full-path=%s '
                     'manifest:media-type=%s/>' % (quoteattr(f), quoteattr(t)))
    manifest += "</manifest:manifest>"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        for name, s in (("content.xml", content), ("styles.xml", styles),
                        ("meta.xml", meta),
                        ("META-INF/manifest.xml", manifest)):
            z.writestr(name, s, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Pictures/qr.png", qr_picture(data["vars"]["nomor"], 26),
                   compress_type=zipfile.ZIP_STORED)


# --- sertel --------------------------------------------------------------

def make_pki(d):
    """A throwaway root and a signing certificate (cert.pem, key.pem)."""
    def ossl(*args):
        subprocess.run(["openssl"] + list(args), cwd=d, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
         "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
         "/C=ID/O=Sertel Bench/CN=Sertel Bench Root", "-addext",
         "basicConstraints=critical,CA:TRUE", "-addext",
         "keyUsage=critical,keyCertSign,cRLSign")
    with open(os.path.join(d, "leaf.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,"
                "digitalSignature,nonRepudiation\n")
    ossl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
         "key.pem", "-out", "leaf.csr", "-subj", "/C=ID/O=Pemerintah Kota "
         "Pekalongan/CN=Hendra Wibisono Saputra")
    ossl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey",
         "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "leaf.ext",
         "-out", "leaf.crt")
    with open(os.path.join(d, "cert.pem"), "w") as f:
        for name in ("leaf.crt", "ca.pem"):
            with open(os.path.join(d, name)) as g:
                f.write(g.read())
    return os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")


def sertel(args):
    p = subprocess.run([BENCH] + args, cwd=TOP, capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit("bench-letter: bench_letter %s failed:\n%s"
                 % (" ".join(args), p.stderr))
    return json.loads(p.stdout.strip().splitlines()[-1])


def sertel_cases(work, batch, runs_one, runs_batch, cert, key):
    """The four sertel measurements and the applicants' data files."""
    res, data = [], {}
    for n, runs in ((1, runs_one), (batch, runs_batch)):
        dump = os.path.join(work, "people-%d.json" % n)
        r = sertel(["--people", str(n), "--runs", str(runs), "--dump-people",
                    dump, "--out", os.path.join(work, "sertel-%d-draft.pdf"
                                                % n)])
        r["case"] = "%d %s draft" % (n, "person" if n == 1 else "people")
        res.append(r)
        out = os.path.join(work, "sertel-%d-signed.pdf" % n)
        r = sertel(["--json", dump, "--runs", str(runs), "--final", "--key",
                    cert, key, "--out", out])
        r["case"] = "%d %s signed" % (n, "person" if n == 1 else "people")
        with open(dump) as f:
            data[n] = json.load(f)
        names = [p["nama"] for p in data[n]["people"]]
        r["check_pages"], r["names_found"] = pdf_check(out, names)
        sig = subprocess.run(["pdfsig", out], capture_output=True, text=True)
        r["pdfsig_ok"] = "Signature is Valid" in sig.stdout
        res.append(r)
    return res, data


# --- report --------------------------------------------------------------

def fmt(x, w=9):
    return ("%*.1f" % (w, x)) if isinstance(x, (int, float)) else \
        "%*s" % (w, x)


def report(res, lo, a):
    print("bench-letter: median of %d (1 person) / %d (%d people) "
          "renders, %d cores, load %.2f"
          % (a.runs_one, a.runs_batch, a.batch, os.cpu_count(),
             os.getloadavg()[0]))
    print("%-18s %9s %9s %6s %7s %10s %10s %8s %8s" % (
        "case", "sertel ms", "p95 ms", "pages", "KB", "LO cold ms",
        "LO warm ms", "x cold", "x warm"))
    for r in res:
        n = r["people"]
        l = lo.get(n) or {}
        cold, warm = l.get("cold_ms", "-"), l.get("warm_ms", "-")
        rc = cold / r["median_ms"] if l else "-"
        rw = warm / r["median_ms"] if l else "-"
        print("%-18s %9.2f %9.2f %6d %7.0f %10s %10s %8s %8s" % (
            r["case"], r["median_ms"], r["p95_ms"], r["pages"],
            r["bytes"] / 1024, fmt(cold, 10), fmt(warm, 10), fmt(rc, 8),
            fmt(rw, 8)))
        r["ratio_cold"] = round(rc, 1) if l else None
        r["ratio_warm"] = round(rw, 1) if l else None
    for n, l in sorted(lo.items()):
        print("%s, %d-person ODT: first run (new profile) %.0f ms; cold runs "
              "%s; %d copies in one process %.0f ms; %d pages, %d/%d names "
              "in its PDF" % (l["version"], n, l["first_ms"],
                               l["cold_runs"], l["copies"],
                               l["warm_total_ms"], l["pages"],
                               l["names_found"], l["names"]))
    for r in res:
        if r["final"]:
            print("sertel %s: render %.2f ms + sign %.2f ms (medians); "
                  "pdfsig %s; %d/%d names in its text" % (
                      r["case"], r["render_median_ms"], r["sign_median_ms"],
                      "valid" if r["pdfsig_ok"] else "NOT VALID",
                      r["names_found"], r["people"]))
    one = next(r for r in res if r["people"] == 1 and r["final"])
    ok_ms = one["median_ms"] <= TARGET_MS
    print("target: one signed letter <= %.0f ms: %.2f ms, %s"
          % (TARGET_MS, one["median_ms"], "met" if ok_ms else "NOT met"))
    if one["ratio_cold"] is not None:
        ok_x = one["ratio_cold"] >= TARGET_RATIO
        print("target: >= %.0fx faster than LibreOffice on the same letter:"
              " %.0fx (cold), %.0fx (warm), %s" % (
                  TARGET_RATIO, one["ratio_cold"], one["ratio_warm"],
                  "met" if ok_x else "NOT met"))
    else:
        ok_x = None
        print("target: >= %.0fx faster than LibreOffice: not measured "
              "(no LibreOffice)" % TARGET_RATIO)
    return {"signed_1_ms": ok_ms, "ratio_100": ok_x}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs-one", type=int, default=200)
    ap.add_argument("--batch", type=int, default=60, help="applicants")
    ap.add_argument("--runs-batch", type=int, default=30)
    ap.add_argument("--cold", type=int, default=5)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--keep", help="keep the PDFs and ODTs here")
    ap.add_argument("--no-libreoffice", action="store_true")
    a = ap.parse_args()
    if not os.access(BENCH, os.X_OK):
        sys.exit("bench-letter: %s is missing: run make bench-letter" % BENCH)
    soffice = None if a.no_libreoffice else ensure_soffice()
    work = a.keep or tempfile.mkdtemp(prefix="bench-letter.")
    os.makedirs(work, exist_ok=True)
    cert, key = make_pki(work)
    res, data = sertel_cases(work, a.batch, a.runs_one, a.runs_batch, cert,
                             key)
    lo = {}
    if soffice:
        for n in (1, a.batch):
            odt = os.path.join(work, "letter-%d.odt" % n)
            odt_write(odt, data[n])
            names = [p["nama"] for p in data[n]["people"]]
            try:
                lo[n] = libreoffice(soffice, odt, work, names, a.cold,
                                    a.copies)
            except (RuntimeError, OSError) as e:
                print("bench-letter: LibreOffice: %s" % e)
                lo = {}
                break
    targets = report(res, lo, a)
    with open(RESULT, "w") as f:
        json.dump({"sertel": res, "libreoffice": {str(k): v for k, v in
                                                  lo.items()},
                   "targets": targets, "cores": os.cpu_count(),
                   "load": os.getloadavg()[0]}, f, indent=1)
    print("numbers in %s%s" % (os.path.relpath(RESULT, TOP),
                               "; files in " + work if a.keep else ""))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


main()
