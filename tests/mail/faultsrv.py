#!/usr/bin/python3
"""A scripted IMAP/SMTP peer for the faults real servers won't produce on
demand. It is not a mail server: everything else is Dovecot and Postfix.

  faultsrv.py MODE [--cert C --key K [--starttls]] [--log FILE] [--once]

Listens on 127.0.0.1, a free port, printed alone on the first line of
stdout. With --cert/--key it speaks implicit TLS, or offers STARTTLS with
--starttls. --log appends what clients sent; --once exits after the first
connection. Modes:

  imap-cut-literal     greeting, CAPABILITY, LOGIN/AUTHENTICATE ok, SELECT
                       shows 1 message (UID 1, 1000 octets); a FETCH of
                       BODY[]/BODY.PEEK[]/RFC822 gets "{1000}" and 300
                       octets of it, then the connection is closed
  smtp-421-after-data  EHLO/AUTH/MAIL/RCPT ok, DATA 354; after the final
                       "." the reply is "421 4.3.0 closing" and the
                       connection is closed
  smtp-5xx             RCPT TO gets "550 5.1.1 ..."; the rest is accepted
"""
import argparse
import re
import socket
import ssl
import sys
import threading

MESSAGE = (b"From: Dewi Lestari <dewi.lestari@pekalongankota.go.id>\r\n"
           b"To: layanan.tte@pekalongankota.go.id\r\n"
           b"Subject: Permohonan TTE\r\n"
           b"Message-ID: <cut-literal@test>\r\n\r\n")
MESSAGE += b"x" * (1000 - len(MESSAGE) - 2) + b"\r\n"
assert len(MESSAGE) == 1000


class Conn:
    def __init__(self, sock, args):
        self.sock, self.args = sock, args
        self.rf = sock.makefile("rb")

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def line(self):
        got = self.rf.readline(65536)
        if self.args.log and got:
            with open(self.args.log, "ab") as f:
                f.write(got)
        return got

    def starttls(self):
        self.rf.close()
        self.sock = self.args.ctx.wrap_socket(self.sock, server_side=True)
        self.rf = self.sock.makefile("rb")


def imap(c):
    tls = c.args.starttls and c.args.ctx
    caps = "IMAP4rev1 UIDPLUS MOVE IDLE AUTH=PLAIN" + \
        (" STARTTLS" if tls else "")
    c.send("* OK [CAPABILITY %s] faultsrv ready\r\n" % caps)
    while True:
        ln = c.line()
        if not ln:
            return
        parts = ln.decode("latin-1").rstrip("\r\n").split(" ", 2)
        tag, cmd = parts[0], (parts[1].upper() if len(parts) > 1 else "")
        rest = parts[2].upper() if len(parts) > 2 else ""
        if cmd == "UID" and rest:
            cmd, rest = "UID " + rest.split(" ")[0], rest
        if cmd == "CAPABILITY":
            c.send("* CAPABILITY %s\r\n%s OK done\r\n" % (caps, tag))
        elif cmd == "STARTTLS" and tls:
            c.send("%s OK begin TLS\r\n" % tag)
            c.starttls()
            tls = None
        elif cmd == "AUTHENTICATE" and " " not in rest:
            c.send("+ \r\n")
            c.line()
            c.send("%s OK logged in\r\n" % tag)
        elif cmd in ("LOGIN", "AUTHENTICATE"):
            c.send("%s OK logged in\r\n" % tag)
        elif cmd in ("SELECT", "EXAMINE"):
            c.send("* FLAGS (\\Seen \\Deleted)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n"
                   "* OK [UIDVALIDITY 1] ok\r\n* OK [UIDNEXT 2] ok\r\n"
                   "%s OK [READ-WRITE] selected\r\n" % tag)
        elif cmd in ("SEARCH", "UID SEARCH"):
            c.send("* SEARCH 1\r\n%s OK done\r\n" % tag)
        elif cmd in ("FETCH", "UID FETCH"):
            if re.search(r"BODY(\.PEEK)?\[\]|RFC822(?![.A-Z])", rest):
                c.send(b"* 1 FETCH (UID 1 BODY[] {1000}\r\n" + MESSAGE[:300])
                return
            c.send("* 1 FETCH (UID 1 FLAGS () RFC822.SIZE 1000 "
                   "INTERNALDATE \"23-Nov-2026 09:00:00 +0700\")\r\n"
                   "%s OK done\r\n" % tag)
        elif cmd == "LOGOUT":
            c.send("* BYE bye\r\n%s OK done\r\n" % tag)
            return
        else:
            c.send("%s OK done\r\n" % tag)


def smtp(c, mode):
    tls = c.args.starttls and c.args.ctx
    c.send("220 faultsrv ESMTP\r\n")
    while True:
        ln = c.line()
        if not ln:
            return
        cmd = ln[:4].decode("latin-1").upper()
        if cmd == "EHLO":
            c.send("250-faultsrv\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                   + ("250-STARTTLS\r\n" if tls else "")
                   + "250-AUTH PLAIN LOGIN\r\n250 SIZE 67108864\r\n")
        elif cmd == "STAR" and tls:
            c.send("220 2.0.0 go ahead\r\n")
            c.starttls()
            tls = None
        elif cmd == "AUTH":
            if ln.upper().startswith(b"AUTH LOGIN"):
                c.send("334 VXNlcm5hbWU6\r\n")
                c.line()
                c.send("334 UGFzc3dvcmQ6\r\n")
                c.line()
            elif len(ln.split()) == 2:
                c.send("334 \r\n")
                c.line()
            c.send("235 2.7.0 ok\r\n")
        elif cmd == "RCPT" and mode == "smtp-5xx":
            c.send("550 5.1.1 no such user here\r\n")
        elif cmd == "DATA":
            c.send("354 go ahead\r\n")
            while True:
                ln = c.line()
                if not ln or ln == b".\r\n":
                    break
            if not ln:
                return
            if mode == "smtp-421-after-data":
                c.send("421 4.3.0 closing\r\n")
                return
            c.send("250 2.0.0 ok\r\n")
        elif cmd == "QUIT":
            c.send("221 2.0.0 bye\r\n")
            return
        else:
            c.send("250 2.0.0 ok\r\n")


def serve(sock, args):
    try:
        if args.ctx and not args.starttls:
            sock = args.ctx.wrap_socket(sock, server_side=True)
        c = Conn(sock, args)
        if args.mode.startswith("imap"):
            imap(c)
        else:
            smtp(c, args.mode)
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["imap-cut-literal", "smtp-421-after-data",
                                     "smtp-5xx"])
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--starttls", action="store_true")
    ap.add_argument("--log")
    ap.add_argument("--once", action="store_true")
    args = ap.parse_args()
    args.ctx = None
    if args.cert:
        args.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        args.ctx.load_cert_chain(args.cert, args.key)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    print(ls.getsockname()[1], flush=True)
    while True:
        s, _ = ls.accept()
        if args.once:
            serve(s, args)
            return
        threading.Thread(target=serve, args=(s, args), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
