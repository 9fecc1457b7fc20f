#!/usr/bin/python3
"""make bench-mail: the daemon against real mail servers on this machine.

usage: bench_mail.py [--count N] [--rate R]

Private Dovecot and Postfix (tests/mail/servers.sh) on 127.0.0.1; `sertel
run` reads the intake inbox over IMAPS with IDLE and answers through
Postfix submission (STARTTLS, AUTH). N text-only requests (no
attachments, so the acknowledgement lists what is missing) are APPENDed
over IMAP:

- paced, R a second: latency from each APPEND to the SMTP server's
  acceptance of its acknowledgement (the moment sertel's SMTP DATA got
  its 250, seen on its log), median and p95;
- then a burst of N at once: throughput, requests a second.

Baseline in the same run: how long Dovecot itself takes to tell an IDLE
client of an APPEND (the floor no IMAP client can beat). The target is a
median of at most 1 s. Numbers, not assertions: the machine is shared.
"""
import argparse
import email.utils
import imaplib
import json
import os
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import TOP  # noqa: E402

SERVERS = os.path.join(TOP, "tests", "mail", "servers.sh")


def servers_env(d):
    out = subprocess.run(["sh", SERVERS, "env", d], capture_output=True,
                         text=True, check=True).stdout
    env = {}
    for line in out.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip().strip("'")
    return env


def config(tmp, e):
    pw = os.path.join(tmp, "intake.pw")
    with open(pw, "w") as f:
        f.write(e["INTAKE_PASS"] + "\n")
    conf = os.path.join(tmp, "sertel.conf")
    v = os.path.join(tmp, "var")
    with open(conf, "w") as f:
        f.write("""[paths]
store = {v}/sertel.db
documents = {v}/docs
outbox = {v}/outbox
templates = {top}/templates
letters = {v}/letters
token_keys = {v}/tokens.key
pid_file = {v}/sertel.pid
[office]
email = {office}
[verifier]
email = {verifier}
[ocr]
enabled = no
[smtp]
host = localhost
port = {smtp}
security = starttls
ca_file = {ca}
user = {user}
password_file = {pw}
daily_cap = 10000
[imap]
host = localhost
port = {imap}
security = tls
ca_file = {ca}
user = {user}
password_file = {pw}
""".format(v=v, top=TOP, office=e["OFFICE_ADDR"], verifier=e["VERIFIER_ADDR"],
           smtp=e["SMTP_SUBMISSION_PORT"], imap=e["IMAP_TLS_PORT"],
           ca=e["CA_FILE"], user=e["INTAKE_USER"], pw=pw))
    return conf


def imap(e, user, password):
    ctx = ssl.create_default_context(cafile=e["CA_FILE"])
    m = imaplib.IMAP4_SSL("localhost", int(e["IMAP_TLS_PORT"]),
                          ssl_context=ctx)
    m.login(user, password)
    return m


def request(e, i, tag):
    mid = "<bench.%s.%d@pekalongankota.go.id>" % (tag, i)
    body = ("Yth. Diskominfo,\r\n\r\nSaya mengajukan permohonan sertifikat "
            "elektronik.\r\n\r\nNama : Pegawai Uji %d\r\nNIK : 33750141019"
            "%05d\r\n" % (i, i))
    msg = ("From: Pegawai Uji <%s>\r\nTo: %s\r\nSubject: Permohonan "
           "sertifikat elektronik %d\r\nMessage-ID: %s\r\nDate: %s\r\n"
           "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
           "\r\n%s" % (e["APPLICANT_ADDR"], e["OFFICE_ADDR"], i, mid,
                       email.utils.formatdate(), body))
    return mid, msg.encode()


class Log(threading.Thread):
    """Reads sertel's stderr; times each `out=N result=sent` line."""

    def __init__(self, pipe, copy):
        super().__init__(daemon=True)
        self.pipe = pipe
        self.copy = copy
        self.sent = {}

    def run(self):
        for line in iter(self.pipe.readline, b""):
            now = time.monotonic()
            self.copy.write(line)
            self.copy.flush()
            s = line.decode("utf-8", "replace")
            if "stage=outbox out=" in s and "result=sent" in s:
                out = int(s.split("out=")[1].split()[0])
                self.sent.setdefault(out, now)


def acks(db):
    """Outbox id of each request's first reply, by the request's mail."""
    c = sqlite3.connect(db)
    rows = c.execute(
        "SELECT m.message_id, min(o.id) FROM messages m JOIN outbox o"
        " ON o.request_id = m.request_id AND o.rcpt NOT LIKE 'verif%'"
        " WHERE m.disposition = 'request' GROUP BY m.message_id").fetchall()
    c.close()
    return dict(rows)


def idle_floor(e, n=20):
    """Seconds from APPEND to Dovecot's EXISTS on an IDLE connection."""
    watcher = imap(e, e["APPLICANT_USER"], e["APPLICANT_PASS"])
    watcher.select("INBOX")
    writer = imap(e, e["APPLICANT_USER"], e["APPLICANT_PASS"])
    times = []
    for i in range(n):
        tag = watcher._new_tag()
        watcher.send(tag + b" IDLE\r\n")
        watcher.readline()          # + idling
        t0 = time.monotonic()
        writer.append("INBOX", None, None, b"Subject: x\r\n\r\nx\r\n")
        while b"EXISTS" not in watcher.readline():
            pass
        times.append(time.monotonic() - t0)
        watcher.send(b"DONE\r\n")
        while not watcher.readline().startswith(tag):
            pass
    watcher.logout()
    writer.logout()
    return sorted(times)[len(times) // 2]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def wait_for(log, db, mids, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            got = acks(db)
        except sqlite3.Error:
            got = {}
        if all(m in got and got[m] in log.sent for m in mids):
            return got
        time.sleep(0.05)
    try:
        return acks(db)
    except sqlite3.Error:
        return {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--rate", type=float, default=4.0)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bm.", dir="/tmp")
    os.chmod(tmp, 0o711)
    sdir = os.path.join(tmp, "s")
    subprocess.run(["sh", SERVERS, "start", sdir], check=True,
                   stdout=subprocess.DEVNULL)
    proc = None
    try:
        e = servers_env(sdir)
        conf = config(tmp, e)
        db = os.path.join(tmp, "var", "sertel.db")
        floor = idle_floor(e)
        proc = subprocess.Popen([os.path.join(TOP, "sertel"), "--config",
                                 conf, "-v", "run"], stderr=subprocess.PIPE)
        log = Log(proc.stderr, open(os.path.join(tmp, "sertel.log"), "wb"))
        log.start()
        box = imap(e, e["INTAKE_USER"], e["INTAKE_PASS"])
        # Paced: latency.
        appended = {}
        for i in range(a.count):
            mid, raw = request(e, i, "paced")
            appended[mid] = time.monotonic()
            box.append("INBOX", None, None, raw)
            time.sleep(1.0 / a.rate)
        got = wait_for(log, db, list(appended), 120)
        lat = [log.sent[got[m]] - t for m, t in appended.items()
               if m in got and got[m] in log.sent]
        # Burst: throughput.
        burst = {}
        t0 = time.monotonic()
        for i in range(a.count):
            mid, raw = request(e, i, "burst")
            burst[mid] = time.monotonic()
            box.append("INBOX", None, None, raw)
        got = wait_for(log, db, list(burst), 300)
        done = [log.sent[got[m]] for m in burst
                if m in got and got[m] in log.sent]
        box.logout()
        span = (max(done) - t0) if done else float("nan")
        res = {
            "count": a.count, "rate": a.rate,
            "paced_answered": len(lat),
            "latency_median_s": round(pct(lat, 0.5), 3) if lat else None,
            "latency_p95_s": round(pct(lat, 0.95), 3) if lat else None,
            "idle_floor_median_s": round(floor, 4),
            "burst_answered": len(done),
            "burst_seconds": round(span, 2),
            "throughput_per_s": round(len(done) / span, 2) if done else None,
        }
        print("make bench-mail: %d text-only requests, IMAPS+IDLE in, "
              "SMTP submission (STARTTLS, AUTH) out" % a.count)
        print("  paced at %.1f/s: %d answered; APPEND -> acknowledgement "
              "accepted: median %.3f s, p95 %.3f s" %
              (a.rate, len(lat), res["latency_median_s"] or -1,
               res["latency_p95_s"] or -1))
        print("  baseline (Dovecot's own APPEND -> IDLE EXISTS): median "
              "%.4f s; sertel median / baseline = %.0fx" %
              (floor, (res["latency_median_s"] or 0) / floor))
        print("  target median <= 1 s: %s (median / target = %.2f)" %
              ("met" if lat and res["latency_median_s"] <= 1 else
               "NOT met", (res["latency_median_s"] or 0) / 1.0))
        print("  burst of %d: %d answered in %.1f s, %.1f requests/s" %
              (a.count, len(done), span, res["throughput_per_s"] or 0))
        os.makedirs(os.path.join(TOP, "build"), exist_ok=True)
        with open(os.path.join(TOP, "build", "bench-mail.json"), "w") as f:
            json.dump(res, f, indent=1)
    finally:
        print("  (sertel's log: %s/sertel.log)" % tmp)
        if proc:
            proc.terminate()
            proc.wait(timeout=30)
        subprocess.run(["sh", SERVERS, "stop", sdir],
                       stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
