#!/usr/bin/python3
"""Write the verifier's answer to one of sertel's review mails, as a mail
client would, and BSrE's issuance notice.

usage: genreply.py addr MAIL [--flip] [--code-of MAIL2]
       genreply.py reply MAIL --out FILE [--body TEXT] [--client C]
                   [--from ADDR] [--to ADDR] [--message-id ID]
                   [--auth VALUE]... [--header "Name: value"]...
                   [--attach FILE]... [--date EPOCH]
       genreply.py notice --out FILE --from ADDR --subject S
                   [--body TEXT] [--attach FILE]... [--message-id ID]
                   [--auth VALUE]...

addr prints the Reply-To of MAIL (sertel's mail to the verifier), the
token address "layanan.tte+KEYID.CODE.EXPIRY.MAC@domain". --flip changes
the last character of the MAC; --code-of puts the code and expiry of
MAIL2's token in front of MAIL's MAC (another request's address carrying
this request's MAC).

reply writes an answer to MAIL: To its Reply-To (or --to), From the
verifier "Verifikator TTE <verifikator.tte@pekalongankota.go.id>" (or
--from), Subject "Re: " and the original's, In-Reply-To and References
threading to it. TEXT (newlines as "\\n") is written above the quote
of the original's text, as the client does:

  gmail        "On Sat, 21 Nov 2026 at 17:48, NAME <\\r\\nADDR> wrote:"
               (the attribution wrapped as Gmail wraps it), "> " lines,
               multipart/alternative with an HTML part (gmail_quote)
  gmail-id     the same in Indonesian: "Pada tanggal ... menulis:"
  outlook      a line of underscores and a "From:/Sent:/To:/Subject:"
               block, the original unindented below it
  outlook-id   "Dari:/Dikirim:/Kepada:/Subjek:" with no underscores
  thunderbird  "On 21/11/2026 17.48, NAME wrote:", "> " lines,
               format=flowed
  plain        TEXT alone

--auth adds an Authentication-Results field (value only) on top, as the
receiving MTA does; --header adds any field (Auto-Submitted: ...).
--attach adds a file: a PEM certificate as application/x-pem-file, any
other as application/pkix-cert when it ends in .cer/.der/.crt, else
application/octet-stream. Lines end in CRLF. The Message-ID defaults to
one derived from the body, the client, the sender and the recipient.

notice writes a mail From ADDR to layanan.tte@pekalongankota.go.id with
subject S, body TEXT and the attachments: BSrE's notice that a
certificate was issued.
"""

import argparse
import datetime
import email.message
import email.policy
import email.utils
import hashlib
import html
import os
import sys
import time

OFFICE = "layanan.tte@pekalongankota.go.id"
VERIFIER = "Verifikator TTE <verifikator.tte@pekalongankota.go.id>"
HARI = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]
BULAN = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep",
         "Okt", "Nov", "Des"]
POLICY = email.policy.SMTP
WIB = datetime.timezone(datetime.timedelta(hours=7))


def load(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


def reply_to(msg):
    addrs = email.utils.getaddresses([str(msg.get("Reply-To", ""))])
    if len(addrs) != 1 or "+" not in addrs[0][1]:
        sys.exit("genreply: %s has no token Reply-To" % msg.get("Message-ID"))
    return addrs[0][1]


def split_token(addr):
    local, domain = addr.split("@", 1)
    base, token = local.split("+", 1)
    parts = token.split(".")
    if len(parts) != 4:
        sys.exit("genreply: %s: not KEYID.CODE.EXPIRY.MAC" % token)
    return base, parts, domain


def cmd_addr(a):
    base, parts, domain = split_token(reply_to(load(a.mail)))
    if a.code_of:
        _, other, _ = split_token(reply_to(load(a.code_of)))
        parts[1], parts[2] = other[1], other[2]
    if a.flip:
        last = parts[3][-1]
        parts[3] = parts[3][:-1] + ("b" if last == "a" else "a")
    print("%s+%s@%s" % (base, ".".join(parts), domain))
    return 0


def text_of(msg):
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def sender(msg):
    name, addr = email.utils.parseaddr(str(msg.get("From", "")))
    return name or addr, addr


def when(msg):
    return email.utils.parsedate_to_datetime(str(msg["Date"]))


def quoted(text):
    return ["> " + l if l else ">" for l in text.splitlines()]


def gmail(msg, text, indonesian):
    name, addr = sender(msg)
    d = when(msg)
    if indonesian:
        head = "Pada tanggal %s, %d %s %d pukul %02d.%02d %s <" % (
            HARI[d.weekday()], d.day, BULAN[d.month - 1], d.year, d.hour,
            d.minute, name)
        tail = "%s> menulis:" % addr
    else:
        head = "On %s %s <" % (d.strftime("%a, %d %b %Y at %H:%M,"), name)
        tail = "%s> wrote:" % addr
    # Gmail wraps the attribution near 78 columns, inside the address.
    return ["", head, tail, ""] + quoted(text)


def outlook(msg, text, indonesian):
    name, addr = sender(msg)
    d = when(msg)
    subject = str(msg.get("Subject", ""))
    if indonesian:
        block = ["", "Dari: %s <%s>" % (name, addr),
                 "Dikirim: %s" % d.strftime("%d/%m/%Y %H.%M"),
                 "Kepada: %s" % msg["To"], "Subjek: %s" % subject]
    else:
        block = ["", "_" * 32, "From: %s <%s>" % (name, addr),
                 "Sent: %s" % d.strftime("%A, %B %d, %Y %I:%M %p"),
                 "To: %s" % msg["To"], "Subject: %s" % subject]
    return block + [""] + text.splitlines()


def thunderbird(msg, text):
    name, _ = sender(msg)
    d = when(msg)
    return ["", "On %s, %s wrote:" % (d.strftime("%d/%m/%Y %H.%M"), name)] \
        + quoted(text)


def compose_text(client, top, orig):
    text = text_of(orig) if orig is not None else ""
    lines = top.split("\n")
    if client == "gmail":
        lines += gmail(orig, text, False)
    elif client == "gmail-id":
        lines += gmail(orig, text, True)
    elif client == "outlook":
        lines += outlook(orig, text, False)
    elif client == "outlook-id":
        lines += outlook(orig, text, True)
    elif client == "thunderbird":
        lines += thunderbird(orig, text)
    return "\n".join(lines) + "\n"


def gmail_html(top, orig):
    ours = "".join("<div>%s</div>" % (html.escape(l) or "<br>")
                   for l in top.split("\n"))
    return ('<div dir="ltr">%s</div><br><div class="gmail_quote">'
            '<blockquote class="gmail_quote">%s</blockquote></div>\n' % (
                ours, html.escape(text_of(orig)).replace("\n", "<br>")))


def attach(msg, path):
    data = open(path, "rb").read()
    name = os.path.basename(path)
    if b"-----BEGIN CERTIFICATE-----" in data:
        maintype, subtype = "application", "x-pem-file"
    elif name.endswith((".cer", ".der", ".crt")):
        maintype, subtype = "application", "pkix-cert"
    else:
        maintype, subtype = "application", "octet-stream"
    msg.add_attachment(data, maintype=maintype, subtype=subtype,
                       filename=name)


def finish(msg, a, text, html_part):
    if html_part is None:
        msg.set_content(text, subtype="plain", charset="utf-8",
                        cte="quoted-printable")
        if a.client == "thunderbird":
            msg.set_param("format", "flowed")
    else:
        msg.set_content(text, subtype="plain", charset="utf-8",
                        cte="quoted-printable")
        msg.add_alternative(html_part, subtype="html", charset="utf-8",
                            cte="quoted-printable")
    for path in a.attach or []:
        attach(msg, path)
    raw = msg.as_bytes(policy=POLICY)
    with open(a.out, "wb") as f:
        f.write(raw)
    return 0


def headers(a, msg, frm, to, subject, seed):
    # What the receiving MTA adds goes on top.
    for v in a.auth or []:
        msg["Authentication-Results"] = v
    msg["From"] = frm
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime(datetime.datetime.fromtimestamp(
        a.date or int(time.time()), WIB))
    mid = a.message_id or "<reply.%s@mail.pekalongankota.go.id>" % (
        hashlib.sha256(seed.encode()).hexdigest()[:24])
    if not mid.startswith("<"):
        mid = "<%s>" % mid
    msg["Message-ID"] = mid
    for h in getattr(a, "header", None) or []:
        name, value = h.split(":", 1)
        msg[name.strip()] = value.strip()


def cmd_reply(a):
    orig = load(a.mail)
    to = a.to or reply_to(orig)
    frm = getattr(a, "from") or VERIFIER
    msg = email.message.EmailMessage(policy=POLICY)
    subject = "Re: " + str(orig.get("Subject", ""))
    top = a.body.replace("\\n", "\n")
    headers(a, msg, frm, to, subject, "|".join(
        [top, a.client, frm, to, str(orig["Message-ID"])]))
    refs = str(orig.get("References", "")).split()
    msg["In-Reply-To"] = str(orig["Message-ID"])
    msg["References"] = " ".join(refs + [str(orig["Message-ID"])])
    msg["MIME-Version"] = "1.0"
    text = compose_text(a.client, top, orig)
    html_part = gmail_html(top, orig) if a.client.startswith("gmail") \
        else None
    return finish(msg, a, text, html_part)


def cmd_notice(a):
    msg = email.message.EmailMessage(policy=POLICY)
    top = a.body.replace("\\n", "\n")
    frm = getattr(a, "from")
    headers(a, msg, frm, OFFICE, a.subject, "|".join([top, frm, a.subject]))
    msg["MIME-Version"] = "1.0"
    a.client = "plain"
    return finish(msg, a, top + "\n", None)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("addr")
    p.add_argument("mail")
    p.add_argument("--flip", action="store_true")
    p.add_argument("--code-of")
    for name in ("reply", "notice"):
        p = sub.add_parser(name)
        if name == "reply":
            p.add_argument("mail")
            p.add_argument("--client", default="plain",
                           choices=["gmail", "gmail-id", "outlook",
                                    "outlook-id", "thunderbird", "plain"])
            p.add_argument("--to")
            p.add_argument("--from")
            p.add_argument("--header", action="append")
        else:
            p.add_argument("--from", required=True)
            p.add_argument("--subject", required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--body", default="")
        p.add_argument("--message-id")
        p.add_argument("--auth", action="append")
        p.add_argument("--attach", action="append")
        p.add_argument("--date", type=int)
    a = ap.parse_args()
    return globals()["cmd_" + a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
