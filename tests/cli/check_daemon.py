#!/usr/bin/python3
"""The mail side of tests/cli/0010-daemon.t: what the test puts into the
private servers of tests/mail/servers.sh and what it reads back, over
IMAP and SMTP with the test CA verified.

usage: check_daemon.py COMMAND ARGS   (the `servers.sh env` variables
                                       in the environment)

  append --tag TAG FILE...   APPEND each message FILE to intake's INBOX,
                             its From address replaced by APPLICANT_ADDR
                             and its Message-ID made unique with TAG;
                             print the new Message-IDs, one a line
  count USER BOX [--mid M] [--tag T] [--reply M] [--code C]
        [--subject S] [--pdf] [--wait SECS --want N]
                             how many messages in USER's mailbox BOX have
                             Message-ID M (or one made by append --tag
                             T), In-Reply-To M, X-Sertel-Request C, S in
                             the decoded subject, a PDF attachment; with
                             --wait, poll until there are at least N (or
                             SECS have passed)
  codes USER BOX [--reply M] [--subject S]
                             X-Sertel-Request and Message-ID of each such
                             message, tab-separated, one a line, sorted
                             (duplicates kept)
  review CODE                the one review mail of request CODE in the
                             verifier's INBOX, which must carry a PDF and
                             a layanan.tte+TOKEN@ Reply-To: print that
  setuju CODE                answer that mail: "SETUJU" on the first
                             line, from the verifier, to its Reply-To,
                             by SMTP submission (STARTTLS, AUTH)
  logins LOG                 the Dovecot login lines of intake from
                             127.0.0.1 (sertel's: this helper connects
                             from HELPER_IP, so its own lines differ)

Exit 0 when the command did its work, 1 when not (reasons on stderr as
"# ..." lines), 2 on bad usage.
"""

import argparse
import email
import email.policy
import imaplib
import re
import smtplib
import socket
import ssl
import sys
import time
from os import environ as E

HELPER_IP = "127.0.0.9"


def diag(msg):
    sys.stderr.write("# %s\n" % msg)


def ctx():
    return ssl.create_default_context(cafile=E["CA_FILE"])


class Imap(imaplib.IMAP4_SSL):
    """IMAPS to TLS_HOST, verified, from HELPER_IP."""

    def _create_socket(self, timeout):
        s = socket.create_connection((self.host, self.port), timeout,
                                     source_address=(HELPER_IP, 0))
        return self.ssl_context.wrap_socket(s, server_hostname=self.host)


def login(user):
    m = Imap(E["TLS_HOST"], int(E["IMAP_TLS_PORT"]), ssl_context=ctx(),
             timeout=15)
    u = user.upper()
    m.login(E[u + "_USER"], E[u + "_PASS"])
    return m


def messages(user, box):
    """Every message of user's box, parsed."""
    m = login(user)
    try:
        typ, d = m.select(box, readonly=True)
        if typ != "OK":
            raise RuntimeError("SELECT %s: %r" % (box, d))
        if int(d[0]) == 0:
            return []
        typ, d = m.fetch("1:*", "(BODY.PEEK[])")
        if typ != "OK":
            raise RuntimeError("FETCH: %r" % d)
        return [email.message_from_bytes(x[1], policy=email.policy.default)
                for x in d if isinstance(x, tuple)]
    finally:
        m.logout()


def has_pdf(msg):
    return any(p.get_content_type() == "application/pdf" and
               p.get_payload(decode=True)[:5] == b"%PDF-"
               for p in msg.walk())


def matching(a):
    out = []
    for msg in messages(a.user, a.box):
        mid = msg.get("Message-ID", "").strip()
        if a.mid and mid != a.mid:
            continue
        if a.tag and not mid.endswith(".%s@test.invalid>" % a.tag):
            continue
        if a.reply and msg.get("In-Reply-To", "").strip() != a.reply:
            continue
        if a.code and msg.get("X-Sertel-Request", "").strip() != a.code:
            continue
        if a.subject and a.subject not in str(msg.get("Subject", "")):
            continue
        if a.pdf and not has_pdf(msg):
            continue
        out.append(msg)
    return out


def c_count(a):
    end = time.time() + a.wait
    while True:
        found = matching(a)
        n = len(found)
        if n >= a.want or time.time() >= end:
            print(n)
            return 0
        time.sleep(0.3)


def c_codes(a):
    a.mid = a.tag = a.code = None
    a.pdf = False
    for c in sorted("%s\t%s" % (m.get("X-Sertel-Request", "-").strip(),
                                m.get("Message-ID", "-").strip())
                    for m in matching(a)):
        print(c)
    return 0


def c_append(a):
    m = login("intake")
    try:
        for f in a.files:
            raw = open(f, "rb").read()
            head, sep, body = raw.partition(b"\r\n\r\n")
            if not sep:
                head, sep, body = raw.partition(b"\n\n")
            # From: keep the display name, swap the address.
            head, n = re.subn(rb"(?mi)^(From:[^\n]*<)[^>\n]*(>)",
                              rb"\g<1>" + E["APPLICANT_ADDR"].encode() +
                              rb"\g<2>", head, count=1)
            if n != 1:
                diag("%s: no From: ...<address>" % f)
                return 1
            mids = re.findall(rb"(?mi)^Message-ID:\s*<([^@>]+)@([^>]+)>",
                              head)
            if len(mids) != 1:
                diag("%s: not one Message-ID" % f)
                return 1
            left, right = mids[0]
            new = b"<%s.%s@%s>" % (left, a.tag.encode(), right)
            head = re.sub(rb"(?mi)^Message-ID:[^\n]*", b"Message-ID: " +
                          new, head, count=1)
            typ, d = m.append("INBOX", None, None, head + sep + body)
            if typ != "OK":
                diag("APPEND %s: %r" % (f, d))
                return 1
            print(new.decode())
    finally:
        m.logout()
    return 0


def review_of(code):
    found = [m for m in messages("verifier", "INBOX")
             if m.get("X-Sertel-Request", "").strip() == code]
    if len(found) != 1:
        diag("%d review mails for %s in the verifier's INBOX" %
             (len(found), code))
        return None
    msg = found[0]
    if not has_pdf(msg):
        diag("the review mail of %s has no PDF" % code)
        return None
    rt = msg.get("Reply-To", "")
    if not re.fullmatch(r"layanan\.tte\+[^@\s]+@" + re.escape(E["DOMAIN"]),
                        str(rt).strip()):
        diag("Reply-To %r is no token address" % str(rt))
        return None
    return msg


def c_review(a):
    msg = review_of(a.code)
    if msg is None:
        return 1
    print(str(msg["Reply-To"]).strip())
    return 0


def c_setuju(a):
    msg = review_of(a.code)
    if msg is None:
        return 1
    to = str(msg["Reply-To"]).strip()
    mid = msg["Message-ID"].strip()
    ans = ("From: Verifikator <%s>\r\nTo: %s\r\nSubject: Re: %s\r\n"
           "Message-ID: <setuju.%s.%d@test>\r\nIn-Reply-To: %s\r\n"
           "References: %s\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n"
           "SETUJU\r\n\r\n> Permohonan %s\r\n"
           % (E["VERIFIER_ADDR"], to, msg["Subject"], a.code,
              int(time.time()), mid, mid, a.code)).encode()
    s = smtplib.SMTP(E["TLS_HOST"], int(E["SMTP_SUBMISSION_PORT"]),
                     timeout=15)
    try:
        s.starttls(context=ctx())
        s.login(E["VERIFIER_USER"], E["VERIFIER_PASS"])
        s.sendmail(E["VERIFIER_ADDR"], [to], ans)
    finally:
        s.quit()
    return 0


def c_logins(a):
    for line in open(a.log, errors="replace"):
        if "Login: user=<intake>" in line and "rip=127.0.0.1," in line:
            sys.stdout.write(line)
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("append")
    p.add_argument("--tag", required=True)
    p.add_argument("files", nargs="+")
    for name in ("count", "codes"):
        p = sub.add_parser(name)
        p.add_argument("user")
        p.add_argument("box")
        p.add_argument("--subject")
        p.add_argument("--reply")
        if name == "count":
            p.add_argument("--mid")
            p.add_argument("--tag")
            p.add_argument("--code")
            p.add_argument("--pdf", action="store_true")
            p.add_argument("--wait", type=float, default=0)
            p.add_argument("--want", type=int, default=0)
    for name in ("review", "setuju"):
        sub.add_parser(name).add_argument("code")
    sub.add_parser("logins").add_argument("log")
    a = ap.parse_args()
    # An empty Message-ID (a failed step before) must match nothing.
    for k in ("mid", "tag", "reply", "code"):
        if getattr(a, k, None) == "":
            diag("--%s is empty" % k)
            return 1
    try:
        return globals()["c_" + a.cmd](a)
    except (OSError, imaplib.IMAP4.error, smtplib.SMTPException,
            RuntimeError) as e:
        diag("%s: %r" % (a.cmd, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
