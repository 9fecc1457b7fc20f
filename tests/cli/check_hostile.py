#!/usr/bin/python3
"""Run and check the hostile catalogue (tests/hostile/cases.tsv), as TAP.

usage: check_hostile.py START   (the number of TAP tests printed before)

The environment names the pieces 0004-hostile.t made:
  SERTEL TOP T     the binary, the source tree, the test's scratch folder
  HCONF HSTATE     the configuration and state the mail batch went into
  HGEN             hostile.py's output (the Maildir and truth.json)
  VCONF VSTATE VIN the verifier's store (OCR off, a signing key) and
                   genletter.py's requests, not yet processed
Every row of cases.tsv is run by its kind's handler and must give at least
one TAP result: a row no handler asserts is a failure. The count of TAP
tests goes to stderr at the end.
"""
import email
import hashlib
import email.policy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

E = os.environ
SERTEL, TOP, T = E["SERTEL"], E["TOP"], E["T"]
PY = "/usr/bin/python3"
n = int(sys.argv[1])
failed = 0
asserted = {}
VERIFIER = "verifikator.tte@pekalongankota.go.id"
AUTHSERV = "mx.pekalongankota.go.id"


def tap(row, cond, desc, detail=None):
    global n, failed
    n += 1
    asserted[row] = asserted.get(row, 0) + 1
    print(("ok %d - %s: %s" if cond else "not ok %d - %s: %s")
          % (n, row, desc))
    if not cond:
        failed += 1
        if detail is not None:
            print("#   " + str(detail)[:600].replace("\n", "\n#   "))
    sys.stdout.flush()


def sertel(conf, *args, env=None, timeout=120):
    return subprocess.run([SERTEL, "--config", conf] + list(args),
                          capture_output=True, text=True, timeout=timeout,
                          env=dict(E, **(env or {})), errors="replace")


def jrun(conf, *args):
    return json.loads(sertel(conf, *args).stdout)


def outbox(state):
    """Every queued mail: (raw bytes, parsed message)."""
    d = os.path.join(state, "outbox", "new")
    res = []
    for f in sorted(os.listdir(d)):
        raw = open(os.path.join(d, f), "rb").read()
        res.append((raw, email.message_from_bytes(
            raw, policy=email.policy.default)))
    return res


def held(conf):
    return {h["message_id"]: h for h in jrun(conf, "list", "--all",
                                             "--json")}


# Header fields a reply of ours may carry; anything else was injected.
REPLY_FIELDS = {"from", "to", "cc", "reply-to", "subject", "date",
                "message-id", "in-reply-to", "references", "mime-version",
                "content-type", "content-transfer-encoding",
                "auto-submitted", "x-auto-response-suppress", "precedence",
                "x-sertel-request", "content-disposition"}


def header_block(raw):
    return raw.split(b"\r\n\r\n", 1)[0]


def injected(raw):
    """Field names of the header block outside REPLY_FIELDS, and any bare
    CR or LF (a header line must end in CRLF)."""
    hdr = header_block(raw)
    bad = [ln.split(b":")[0].decode("latin-1")
           for ln in hdr.split(b"\r\n")
           if ln and ln[:1] not in b" \t" and
           ln.split(b":")[0].strip().lower().decode("latin-1")
           not in REPLY_FIELDS]
    lone = re.search(rb"\r(?!\n)|(?<!\r)\n", hdr)
    return bad + (["bare CR/LF"] if lone else [])


# --- kind mail: the batch is processed; look at what it left -----------
def mail_rows(rows):
    conf, state = E["HCONF"], E["HSTATE"]
    truth = json.load(open(os.path.join(E["HGEN"], "truth.json")))
    hl = held(conf)
    reqs = {}
    for r in jrun(conf, "list", "--json"):
        for mid in r["message_ids"]:
            reqs[mid] = r["id"]
    replies = {}
    for raw, m in outbox(state):
        replies[m["In-Reply-To"]] = (raw, m)
    for name, outcome, detail in rows:
        mid = "<%s@hostile.test>" % name
        if outcome in ("quarantined", "ignored"):
            h = hl.get(mid, {})
            tap(name, h.get("disposition") == outcome and mid not in reqs,
                outcome, h)
            if outcome == "quarantined":
                tap(name, detail in (h.get("reason") or ""),
                    "reason names the limit", h.get("reason"))
            continue
        code = reqs.get(mid)
        tap(name, code is not None, "processed into a request")
        if code is None:
            continue
        show = jrun(conf, "show", code, "--json")
        check_mail(name, detail, show, replies.get(mid, (b"", None)),
                   truth, state)
    ordinary(conf, state, reqs, replies, truth)


def body_of(reply):
    if reply is None:
        return ""
    part = reply.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def ktp_refused(name, docs, show, word=None):
    ktp = [d for d in docs if d["type"] == "ktp"]
    tap(name, len(ktp) == 1 and not ktp[0]["usable"] and ktp[0].get("note")
        and "ktp" in show["missing"], "KTP kept, unusable, with a note",
        docs)
    if word and ktp:
        tap(name, word in (ktp[0].get("note") or ""),
            "the note says \"%s\"" % word, ktp[0].get("note"))


def check_mail(name, detail, show, rr, truth, state):
    docs = show["documents"]
    raw, reply = rr
    body = body_of(reply)
    if name == "missing-final-boundary":
        tap(name, any(d["type"] == "surat_permohonan" for d in docs),
            "attachment kept", docs)
    elif name == "bad-base64":
        tap(name, any(d["type"] == "sk_jabatan" for d in docs),
            "part kept", docs)
    elif name in ("rfc2231-traversal", "plain-traversal"):
        want = "passwd" if name.startswith("rfc") else "evil.pdf"
        tap(name, [d["filename"] for d in docs] == [want],
            "name reduced to %s" % want, docs)
        stored = os.listdir(os.path.join(state, "docs"))
        tap(name, all(len(s) == 64 for s in stored) and not os.path.exists(
            "/tmp/evil.pdf"), "stored under generated names only")
    elif name == "content-id-traversal":
        tap(name, len(docs) == 1 and docs[0]["filename"] is None,
            "inline image kept without a name", docs)
    elif name == "zip-bomb":
        tap(name, "melebihi batas" in body and "terpisah" in body,
            "reply asks for separate files", body[:300])
    elif name == "nested-zip":
        tap(name, any(d["filename"] == "Surat Permohonan.pdf" for d in docs)
            and "arsip lain" in body, "outer member kept, note", docs)
    elif name == "encrypted-zip":
        z = [d for d in docs if d["filename"] == "dokumen.zip"]
        tap(name, len(z) == 1 and not z[0]["usable"],
            "the archive kept, unusable", docs)
        tap(name, "terenkripsi" in body, "the reply names the encrypted "
            "files", body[:400])
        tap(name, any(d["type"] == "surat_permohonan" and d["usable"]
                      for d in docs), "the plain attachment beside it kept",
            docs)
    elif name.startswith("crlf-"):
        tap(name, reply is not None, "answered")
        bad = injected(raw)
        tap(name, reply is not None and not bad,
            "the reply's header has only our fields, no bare CR/LF",
            "%s\n%s" % (bad, header_block(raw)[:500]))
        if name == "crlf-subject":
            subj = str(reply["Subject"]) if reply else ""
            tap(name, "\r" not in subj and "\n" not in subj and
                "Bcc" not in subj, "the reply's subject is one clean line",
                subj)
        if name == "crlf-filename":
            names = [d["filename"] or "" for d in docs]
            tap(name, len(names) == 2 and all(
                "\r" not in s and "\n" not in s and "Bcc" in s
                for s in names), "CR/LF in the names became spaces", names)
            tap(name, "berformat gif" in body and "berformat bmp" in body,
                "both refused in the reply", body[:400])
    elif name in ("exec-as-jpeg", "png-60000", "truncated-jpeg", "gif-ktp",
                  "bmp-ktp"):
        word = {"png-60000": "terlalu besar", "bmp-ktp": "berformat bmp",
                "gif-ktp": "berformat gif"}.get(name)
        ktp_refused(name, docs, show, word)
    elif name == "noise-as-ktp":
        ktp_refused(name, docs, show, "bukan PDF atau gambar")
    elif name == "progressive-scans":
        ktp_refused(name, docs, show, "tidak dapat dibaca")
    elif name == "multipage-tiff":
        ktp = [d for d in docs if d["type"] == "ktp"]
        tap(name, len(ktp) == 1 and ktp[0]["usable"] and
            "ktp" not in show["missing"], "the TIFF is the KTP, usable",
            docs)
        nik = truth["multipage-tiff"]["nik"]
        masked = nik[:4] + "*" * 10 + nik[-2:]
        checks = {c["name"]: c for c in show["checks"]}
        got = checks.get("nik_valid", {}).get("detail", "")
        tap(name, masked in got, "page 1 read: the card's NIK %s" % masked,
            got)
    elif name == "pdf-10000-pages":
        tap(name, len(docs) == 1 and docs[0]["type"] == "surat_permohonan"
            and docs[0]["usable"], "kept, named by its first page", docs)
    elif name == "pdf-huge-mediabox":
        tap(name, len(docs) == 2 and docs[0]["type"] == "ktp" and
            docs[1]["type"] == "other" and "ocr" not in docs[0],
            "both kept, neither rendered nor read", docs)
        log = open(os.path.join(T, "err"), errors="replace").read()
        tap(name, "PDF page could not be rendered" in log,
            "the refused rendering is logged")
    elif name == "pdf-javascript":
        tap(name, len(docs) == 1 and docs[0]["type"] == "surat_permohonan"
            and docs[0]["usable"], "kept, classified by its text", docs)
        tap(name, not os.path.exists(os.path.join(state, "x")),
            "nothing of its script happened")
    elif name in ("html-deep", "utf7-meta", "invalid-utf8"):
        nama = show["applicant"]["nama"]
        tap(name, reply is not None, "answered")
        if name == "utf7-meta":
            tap(name, "<script" not in json.dumps(show),
                "no decoded UTF-7")
        if name == "invalid-utf8":
            tap(name, nama and "\ufffd" in nama, "U+FFFD in %r" % nama)
    elif name == "utf16-body":
        tap(name, show["applicant"]["nama"] == "Uji Enambelas", detail,
            show["applicant"])
    elif name == "forged-id-subject":
        tap(name, show["id"] != "SE-2026-000001" or
            len(show["messages"]) == 1, detail, show["id"])


def ordinary(conf, state, reqs, replies, truth):
    """The ordinary request after the hostile ones: nothing of it lost."""
    row = "zz-ordinary"
    mid = "<zz-ordinary@hostile.test>"
    code = reqs.get(mid)
    tap(row, code is not None, "the ordinary request after the catalogue "
        "is a request")
    if code is None:
        return
    show = jrun(conf, "show", code, "--json")
    got = {d["filename"]: d for d in show["documents"]}
    # The stored files are sealed: what opens is checked through export.
    zpath = os.path.join(state, "ordinary.zip")
    sertel(conf, "export", "-o", zpath, code)
    opened = {}
    with zipfile.ZipFile(zpath) as z:
        index = json.loads(z.read("data.json"))
        for f in index["files"]:
            if f["kind"] == "dokumen" and "file" in f:
                opened[f["name"]] = hashlib.sha256(
                    z.read(f["file"])).hexdigest()
    for fn, sha in truth["ordinary"].items():
        d = got.get(fn, {})
        tap(row, d.get("sha256") == sha and d.get("usable") and
            opened.get(fn) == sha, "%s stored intact" % fn, d)
    k = got.get("KTP.jpg", {})
    checks = {c["name"]: c["ok"] for c in show["checks"]}
    tap(row, k.get("type") == "ktp" and k.get("usable") and
        checks.get("ktp_berwarna"), "its progressive KTP (10 scans) read "
        "as a colour KTP", k)
    tap(row, show["applicant"]["nama"] == "Uji Coba" and
        mid in replies, "its form read and its reply queued",
        show["applicant"])


# --- kind pingpong: automatic answers to our own reply ------------------
def auto_mail(path, mid, irt, frm, subject, extra):
    with open(path, "wb") as f:
        f.write(("From: %s\r\nTo: layanan.tte@pekalongankota.go.id\r\n"
                 "Subject: %s\r\nMessage-ID: %s\r\nIn-Reply-To: %s\r\n"
                 "References: %s\r\nDate: Mon, 23 Nov 2026 10:00:00 +0700\r\n"
                 "%s\r\nSaya sedang cuti sampai 30 November.\r\n"
                 % (frm, subject, mid, irt, irt, extra)).encode())


def pingpong_rows(rows):
    conf, state = E["HCONF"], E["HSTATE"]
    ours = [m for raw, m in outbox(state)
            if m["In-Reply-To"] == "<zz-ordinary@hostile.test>"]
    if not ours:
        for name, _, _ in rows:
            tap(name, False, "no reply of ours to answer")
        return
    reply = ours[0]
    frm = "Pemohon Biasa <pemohon.biasa@pekalongankota.go.id>"
    subj = "Automatic reply: " + str(reply["Subject"])
    d = os.path.join(T, "pingpong")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    for name, _, _ in rows:
        before = len(outbox(state))
        nout = len(jrun(conf, "list", "--outbox", "--json"))
        mids = []
        if name == "auto-reply":
            mids.append("<auto-reply@hostile.test>")
            auto_mail(os.path.join(d, "new", "auto-reply"), mids[0],
                      reply["Message-ID"], frm, subj,
                      "Auto-Submitted: auto-replied\r\n")
        else:
            styles = [
                (frm, "X-Autoreply: yes\r\n"),
                (frm, "Precedence: auto_reply\r\nX-Autorespond: vacation\r\n"),
                (frm, "Return-Path: <>\r\n"),
                ("Mail Delivery System <MAILER-DAEMON@pekalongankota.go.id>",
                 ""),
                (frm, "Auto-Submitted: auto-generated\r\n"),
                (frm, "Precedence: auto_reply\r\n"),
            ]
            irt = reply["Message-ID"]
            for i, (f, extra) in enumerate(styles):
                mids.append("<loop-%d@hostile.test>" % i)
                auto_mail(os.path.join(d, "new", "loop-%d" % i), mids[-1],
                          irt, f, subj, extra)
                irt = mids[-1]      # each answers the one before
        r = sertel(conf, "process", d)
        tap(name, r.returncode == 0, "processed (exit 0)", r.stderr)
        hl = held(conf)
        disp = [(hl.get(m) or {}).get("disposition") for m in mids]
        tap(name, all(x in ("ignored", "followup") for x in disp) and
            all((hl.get(m) or {}).get("reason") for m in mids),
            "each recorded with its reason, none a new request",
            [hl.get(m) for m in mids])
        tap(name, len(outbox(state)) == before and
            len(jrun(conf, "list", "--outbox", "--json")) == nout,
            "no outbox row added (never answered)",
            "%d -> %d" % (before, len(outbox(state))))
        for f in os.listdir(os.path.join(d, "new")):
            os.unlink(os.path.join(d, "new", f))


# --- the verifier's store: a request in review --------------------------
class Review:
    def __init__(self):
        self.conf, self.state = E["VCONF"], E["VSTATE"]
        self.codes = []

    def setup(self):
        r = sertel(self.conf, "process", E["VIN"])
        lst = jrun(self.conf, "list", "--json")
        self.codes = [x["id"] for x in lst if x["status"] == "in_review"]
        return r.returncode == 0 and len(self.codes) >= 2

    def vmail(self, code):
        for raw, m in outbox(self.state):
            if VERIFIER in str(m.get("To", "")) and \
                    m.get("X-Sertel-Request") == code and \
                    "Verifikasi" in str(m.get("Subject", "")):
                p = os.path.join(T, "vmail-" + code)
                open(p, "wb").write(raw)
                return p
        return None

    def snap(self, code):
        s = jrun(self.conf, "show", code, "--json")
        return (s["status"], (s.get("letter") or {}).get("number"),
                len(s["events"]), len(outbox(self.state)))


def gr(*args):
    return subprocess.run([PY, os.path.join(TOP, "tests/gen/genreply.py")] +
                          list(args), capture_output=True, text=True)


def layout_rows(rows, rv):
    code = rv.codes[1]
    tpl0 = os.path.join(TOP, "templates")
    secret = os.path.join(T, "secret.txt")
    open(secret, "w").write("RAHASIA-JANGAN-DIBACA\n")
    variants = {
        "layout-doctype": ("1a", '<!DOCTYPE letter SYSTEM "file://%s">'
                           % secret),
        "layout-entity": ("1a", "<!DOCTYPE letter [<!ENTITY a \"%s\">%s]>" % (
            "lol" * 10, "".join('<!ENTITY %s "%s">' % (
                chr(98 + i), ("&%s;" % chr(97 + i)) * 10)
                for i in range(9)))),
        "layout-entity-ref": ("p", "&xxe;"),
    }
    for name, _, _ in rows:
        tpl = os.path.join(T, "tpl-" + name)
        shutil.copytree(tpl0, tpl)
        lay = os.path.join(tpl, "letter", "permohonan.xml")
        text = open(lay).read()
        where, what = variants[name]
        if where == "1a":
            head, rest = text.split("\n", 1)
            text = head + "\n" + what + "\n" + rest
        else:
            text = re.sub(r"(<p[ >][^<]*)", r"\1 " + what, text, count=1)
        open(lay, "w").write(text)
        conf = os.path.join(T, name + ".conf")
        open(conf, "w").write(re.sub(r"(?m)^templates = .*$",
                                     "templates = " + tpl,
                                     open(rv.conf).read()))
        out = os.path.join(T, name + ".pdf")
        t0 = time.time()
        r = sertel(conf, "letter", "-o", out, code, timeout=60)
        secs = time.time() - t0
        tap(name, r.returncode == 78, "sertel letter exits 78 (EX_CONFIG)",
            "exit %d: %s" % (r.returncode, r.stderr))
        tap(name, not os.path.exists(out) and secs < 10,
            "nothing written, in %.1f s" % secs)
        why = "DOCTYPE" if name != "layout-entity-ref" else "well-formed"
        tap(name, why in r.stderr and "RAHASIA" not in r.stderr + r.stdout,
            "the error says \"%s\", the secret file unread" % why,
            r.stderr)
    # The same letter with the layout as shipped is written: the refusals
    # above came from the changes alone.
    out = os.path.join(T, "good.pdf")
    r = sertel(rv.conf, "letter", "-o", out, code)
    tap(rows[0][0], r.returncode == 0 and os.path.getsize(out) > 1000,
        "the shipped layout still gives the letter", r.stderr)


def verifier_rows(rows, rv):
    code = rv.codes[0]
    vm = rv.vmail(code)
    if vm is None:
        for name, _, _ in rows:
            tap(name, False, "no review mail for %s" % code)
        return
    aconf = os.path.join(T, "authres.conf")
    open(aconf, "w").write(open(rv.conf).read() +
                           "[verifier]\nauthserv_id = %s\n" % AUTHSERV)
    d = os.path.join(T, "answers")
    os.makedirs(d, exist_ok=True)
    order = [r[0] for r in rows]
    # The replay needs the genuine answer first: it runs last.
    order.sort(key=lambda x: x == "replayed-token")
    for name in order:
        eml = os.path.join(d, name + ".eml")
        mid = "<%s@verifier.hostile.test>" % name
        conf, env, to = rv.conf, None, []
        args = ["reply", vm, "--out", eml, "--body", "SETUJU",
                "--message-id", mid]
        if name == "forged-authres":
            conf = aconf
            args += ["--auth", "mx.attacker.example; dkim=pass "
                     "header.d=pekalongankota.go.id; dmarc=pass"]
        elif name == "authres-flood":
            conf = aconf
            args += ["--auth", "%s; dkim=pass header.d=pekalongankota.go.id;"
                     " dmarc=pass" % AUTHSERV]
            for i in range(50):
                args += ["--auth", "mx%d.relay.example; none" % i]
        elif name == "expired-token":
            env = {"SERTEL_NOW": str(int(time.time()) + 15 * 86400)}
        elif name == "forged-token":
            to = ["--to", gr("addr", vm, "--flip").stdout.strip()]
        elif name == "replayed-token":
            g = os.path.join(d, "genuine.eml")
            gr(*(args[:3] + [g] + args[4:6] + ["--message-id",
                                                "<genuine@hostile.test>"]))
            r = sertel(conf, "process", g)
            s = rv.snap(code)
            tap(name, r.returncode == 0 and s[0] == "approved" and s[1],
                "the genuine SETUJU approves %s first" % code, s)
        if gr(*(args + to)).returncode != 0:
            tap(name, False, "genreply.py wrote the answer")
            continue
        before = rv.snap(code)
        r = sertel(conf, "process", eml, env=env)
        tap(name, r.returncode == 0, "processed (exit 0)", r.stderr)
        tap(name, rv.snap(code) == before,
            "status, letter number, history and outbox unchanged",
            "%s -> %s" % (before, rv.snap(code)))
        h = held(conf).get(mid, {})
        msgs = [m["message_id"] for m in
                jrun(conf, "show", code, "--json")["messages"]]
        tap(name, h.get("disposition") == "ignored" or (
            name == "replayed-token" and mid in msgs),
            "recorded (%s)" % (h.get("reason") or "with %s" % code),
            "%s %s %s" % (h, msgs, r.stderr))
        tap(name, "result=refused" in r.stderr or "duplicate" in r.stderr
            or name == "replayed-token", "logged as refused", r.stderr)
        tok = re.sub(r"@.*", "", gr("addr", vm).stdout).split(".")[-1]
        tap(name, tok and tok not in r.stderr, "the log holds no token")


# --- kind tls: a private Dovecot with bad certificates ------------------
def openssl(*args):
    return subprocess.run(["openssl"] + list(args), capture_output=True,
                          text=True).returncode == 0


def mkcerts(d):
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    ok = openssl("req", "-x509", *ec, "-keyout", d + "/ca.key", "-out",
                 d + "/ca.crt", "-days", "3", "-subj", "/CN=hostile test CA",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    # Self-signed, for the very address it is reached at.
    ok = ok and openssl("req", "-x509", *ec, "-keyout", d + "/self.key",
                        "-out", d + "/self.crt", "-days", "3", "-subj",
                        "/CN=127.0.0.2", "-addext",
                        "subjectAltName=IP:127.0.0.2,DNS:localhost")
    # From the CA, for another host.
    open(d + "/wrong.ext", "w").write(
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
        "subjectAltName=DNS:mail.example.invalid\n")
    ok = ok and openssl("req", "-new", *ec, "-keyout", d + "/wrong.key",
                        "-out", d + "/wrong.csr", "-subj",
                        "/CN=mail.example.invalid")
    ok = ok and openssl("x509", "-req", "-in", d + "/wrong.csr", "-CA",
                        d + "/ca.crt", "-CAkey", d + "/ca.key",
                        "-set_serial", "7", "-days", "3", "-extfile",
                        d + "/wrong.ext", "-out", d + "/wrong.crt")
    return ok


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def dovecot_start(d, port):
    uid = int(subprocess.run(["id", "-u", "nobody"], capture_output=True,
                             text=True).stdout)
    gid = int(subprocess.run(
        ["id", "-g", "nobody"], capture_output=True, text=True).stdout)
    home = d + "/mail/intake"
    for sub in ("new", "cur", "tmp"):
        os.makedirs(home + "/Maildir/" + sub, exist_ok=True)
    for root, dirs, files in os.walk(d + "/mail"):
        os.chown(root, uid, gid)
    open(d + "/users", "w").write("intake:{PLAIN}hostile-pw:%d:%d::%s::\n"
                                  % (uid, gid, home))
    os.chmod(d + "/users", 0o644)
    open(d + "/dovecot.conf", "w").write("""
instance_name = sertel-hostile
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
listen = 127.0.0.1, 127.0.0.2
shutdown_clients = yes
protocols = imap
ssl = required
ssl_cert = <{d}/wrong.crt
ssl_key = <{d}/wrong.key
local 127.0.0.2 {{
  ssl_cert = <{d}/self.crt
  ssl_key = <{d}/self.key
}}
auth_mechanisms = plain login
auth_verbose = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = passwd-file
  args = {d}/users
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
""".format(d=d, port=port))
    os.makedirs(d + "/state", exist_ok=True)
    # The master daemonizes: no pipes it could keep open.
    with open(d + "/start.log", "w") as lg:
        r = subprocess.run(["/usr/sbin/dovecot", "-c", d + "/dovecot.conf"],
                           stdin=subprocess.DEVNULL, stdout=lg, stderr=lg)
    if r.returncode != 0:
        return open(d + "/start.log").read() or "dovecot did not start"
    import socket
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.2", port), 1).close()
            return None
        except OSError:
            time.sleep(0.05)
    return "dovecot does not listen on %d" % port


def dovecot_stop(d):
    try:
        pid = int(open(d + "/run/master.pid").read().split()[0])
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.05)
    except (OSError, ValueError):
        pass


def tls_rows(rows):
    d = os.path.join(T, "dc")
    os.makedirs(d, exist_ok=True)
    os.chmod(T, 0o711)
    os.chmod(d, 0o711)
    port = free_port()
    err = None if mkcerts(d) else "openssl could not make the certificates"
    err = err or dovecot_start(d, port)
    try:
        for name, _, _ in rows:
            if err:
                tap(name, False, "a private Dovecot with TLS", err)
                continue
            tls_case(name, d, port)
    finally:
        dovecot_stop(d)


def tls_case(name, d, port):
    host, ca = (("127.0.0.2", None) if name == "tls-self-signed"
                else ("localhost", d + "/ca.crt"))
    st = os.path.join(T, name)
    os.makedirs(st, exist_ok=True)
    mid = "<%s@hostile.test>" % name
    msg = d + "/mail/intake/Maildir/new/%s" % name
    open(msg, "w").write("From: Uji <uji@pekalongankota.go.id>\r\n"
                         "Subject: TTE\r\nMessage-ID: %s\r\n\r\nNama : Uji\r\n"
                         % mid)
    os.chown(msg, os.stat(d + "/mail/intake").st_uid, -1)
    open(st + "/pw", "w").write("hostile-pw\n")
    os.chmod(st + "/pw", 0o600)
    conf = st + "/sertel.conf"
    open(conf, "w").write("""[paths]
store = {s}/var/sertel.db
documents = {s}/var/docs
outbox = {s}/var/outbox
templates = {top}/templates
letters = {s}/var/letters
token_keys = {s}/var/tokens.key
master_key = {s}/var/master.key
pid_file = {s}/var/sertel.pid
[office]
email = layanan.tte@pekalongankota.go.id
official_domains = pekalongankota.go.id
[ocr]
enabled = no
[imap]
host = {host}
port = {port}
security = tls
{ca}user = intake
password_file = {s}/pw
""".format(s=st, top=TOP, host=host, port=port,
           ca="ca_file = %s\n" % ca if ca else ""))
    logs0 = open(d + "/dovecot.log", errors="replace").read()
    try:
        r = sertel(conf, "-v", "run", "--once", timeout=30)
        rc, log = r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        rc, log = "timeout", ""
    want = "self.signed" if name == "tls-self-signed" else "hostname mismatch"
    tap(name, rc == 0, "run --once ends (exit 0: a retry, not a crash)",
        "exit %s: %s" % (rc, log[-400:]))
    tap(name, re.search(r"certificate of %s refused: [^\"]*%s" % (
        re.escape(host), want), log) is not None,
        "a clear error: certificate of %s refused (%s)" % (host, want),
        log[-600:])
    time.sleep(0.2)
    new = open(d + "/dovecot.log", errors="replace").read()[len(logs0):]
    tap(name, "Login: user=<intake>" not in new and os.path.exists(msg),
        "no LOGIN: the password never sent, the message left where it is",
        new[-400:])
    hl = held(conf) if os.path.exists(st + "/var/sertel.db") else {}
    tap(name, mid not in hl and not jrun(conf, "list", "--json")
        if os.path.exists(st + "/var/sertel.db") else True,
        "nothing fetched into the store")


def main():
    rows = {}
    for line in open(os.path.join(TOP, "tests/hostile/cases.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        name, kind, outcome, detail = line.rstrip("\n").split("\t")
        rows.setdefault(kind, []).append((name, outcome, detail))
    mail_rows(rows.pop("mail", []))
    pingpong_rows(rows.pop("pingpong", []))
    rv = Review()
    vrows = rows.pop("verifier", []) + rows.pop("layout", [])
    if vrows:
        if not rv.setup():
            for name, _, _ in vrows:
                tap(name, False, "two requests in review to work on")
        else:
            layout_rows([r for r in vrows if r[0].startswith("layout")], rv)
            verifier_rows([r for r in vrows
                           if not r[0].startswith("layout")], rv)
    tls_rows(rows.pop("tls", []))
    for kind, rs in rows.items():
        for name, _, _ in rs:
            tap(name, False, "no runner for kind %s" % kind)
    for line in open(os.path.join(TOP, "tests/hostile/cases.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        name = line.split("\t")[0]
        if not asserted.get(name):
            tap(name, False, "the row was run and asserted")
    print(n, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
