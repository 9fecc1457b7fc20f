#!/bin/sh
# The mail test infrastructure itself: tests/mail/servers.sh starts Dovecot,
# Postfix and smtp-sink on 127.0.0.1 with a test CA, and tests/mail/faultsrv.py
# plays the faults real servers won't produce on demand. Python's imaplib and
# smtplib, verifying certificates and host names, check that each behaves
# as the mail transport tests rely on.
. "$(dirname "$0")/lib.sh"
MAILT="$TOP/tests/mail"
S="$T/srv"
cleanup() {
	sh "$MAILT/servers.sh" stop "$S"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# Dovecot's mail processes run as nobody and must reach $S.
chmod 711 "$T"

sh "$MAILT/servers.sh" start "$S" 2>"$T/start.err"
rc=$?
ok $rc "Dovecot, Postfix and smtp-sink start on 127.0.0.1"
if [ $rc -ne 0 ]; then
	sed 's/^/# /' "$T/start.err"
	echo "# needs root and the packages of scripts/deps.sh (dovecot-imapd dovecot-lmtpd postfix)"
	done_testing
	exit 1
fi
set -a
eval "$(sh "$MAILT/servers.sh" env "$S")"
set +a

cat >"$T/mt.py" <<'EOF'
import atexit, glob, imaplib, os, re, smtplib, socket, ssl, subprocess, sys, time
E = os.environ
H = "127.0.0.1"

def ctx():
    c = ssl.create_default_context(cafile=E["CA_FILE"])
    assert c.check_hostname and c.verify_mode == ssl.CERT_REQUIRED
    return c

def imaps(user="intake", host=H, port=None):
    m = imaplib.IMAP4_SSL(host, int(port or E["IMAP_TLS_PORT"]),
                          ssl_context=ctx(), timeout=10)
    m.login(E[user.upper() + "_USER"], E[user.upper() + "_PASS"])
    return m

def msg(mid, to, subject="test"):
    return ("From: Applicant <%s>\r\nTo: %s\r\nSubject: %s\r\n"
            "Message-ID: <%s@test>\r\n\r\nbody %s\r\n"
            % (E["APPLICANT_ADDR"], to, subject, mid, mid)).encode()

def wait_for(user, mid, box="INBOX", secs=10):
    m = imaps(user)
    try:
        end = time.time() + secs
        while time.time() < end:
            m.select(box, readonly=True)
            typ, d = m.uid("SEARCH", None, "HEADER", "Message-ID",
                           "<%s@test>" % mid)
            if typ == "OK" and d[0].split():
                return d[0].split()
            time.sleep(0.2)
        raise AssertionError("%s not in %s/%s after %ss" % (mid, user, box, secs))
    finally:
        m.logout()

def t_imaps_login():
    m = imaps(host=H)
    assert m.state == "AUTH"
    m.logout()
    m = imaps(host=E["TLS_HOST"])   # by name, too
    m.logout()
    m = imaplib.IMAP4_SSL(H, int(E["IMAP_TLS_PORT"]), ssl_context=ctx())
    m.login(E["INTAKE_ADDR"], E["INTAKE_PASS"])   # user@domain works too
    m.logout()

def t_imap_starttls():
    m = imaplib.IMAP4(H, int(E["IMAP_STARTTLS_PORT"]), timeout=10)
    m.starttls(ssl_context=ctx())
    m.login(E["INTAKE_USER"], E["INTAKE_PASS"])
    m.logout()
    # Dovecot logs how the login was protected ("TLS", not "secured").
    time.sleep(0.2)
    log = open(E["DOVECOT_LOG"]).read().splitlines()
    last = [l for l in log if "Login: user=<intake>" in l][-1]
    assert ", TLS," in last, last

def t_imap_strict():
    m = imaplib.IMAP4(E["STRICT_HOST"], int(E["IMAP_STARTTLS_PORT"]),
                      timeout=10)
    assert "LOGINDISABLED" in m.capabilities, m.capabilities
    try:
        m.login(E["INTAKE_USER"], E["INTAKE_PASS"])
        raise AssertionError("LOGIN before STARTTLS accepted")
    except imaplib.IMAP4.error:
        pass
    m.starttls(ssl_context=ctx())
    m.login(E["INTAKE_USER"], E["INTAKE_PASS"])
    m.logout()

def t_wronghost():
    # X509_V_ERR_HOSTNAME_MISMATCH (62) by name, _IP_ADDRESS_MISMATCH (64)
    for host, code in ((E["TLS_HOST"], 62), (H, 64)):
        try:
            imaps(host=host, port=E["IMAP_WRONGHOST_PORT"])
            raise AssertionError("wrong-host certificate accepted")
        except ssl.SSLCertVerificationError as e:
            assert e.verify_code == code, e
    # The chain itself is good: only the name is wrong.
    c = ctx()
    c.check_hostname = False
    with socket.create_connection((H, int(E["IMAP_WRONGHOST_PORT"])), 10) as s:
        with c.wrap_socket(s) as t:
            cn = dict(x[0] for x in t.getpeercert()["subject"])["commonName"]
            assert cn == E["WRONG_HOST"], cn

def t_wrong_password():
    try:
        m = imaplib.IMAP4_SSL(H, int(E["IMAP_TLS_PORT"]), ssl_context=ctx())
        m.login("intake", "nope")
        raise AssertionError("bad password accepted")
    except imaplib.IMAP4.error as e:
        assert "AUTHENTICATIONFAILED" in str(e), e

def t_imap_plain():
    m = imaplib.IMAP4(H, int(E["IMAP_PLAIN_PORT"]), timeout=10)
    m.login(E["BSRE_USER"], E["BSRE_PASS"])
    m.logout()

def t_submission():
    s = smtplib.SMTP(H, int(E["SMTP_SUBMISSION_PORT"]), timeout=10)
    s.ehlo("client.test")
    assert not s.has_extn("auth"), "AUTH offered before TLS"
    s.starttls(context=ctx())
    s.ehlo("client.test")
    s.user, s.password = E["APPLICANT_USER"], E["APPLICANT_PASS"]
    code, _ = s.auth("PLAIN", s.auth_plain)
    assert code == 235, code
    s.sendmail(E["APPLICANT_ADDR"], [E["INTAKE_ADDR"]],
               msg("sub1", E["INTAKE_ADDR"]))
    s.quit()
    wait_for("intake", "sub1")

def t_smtps():
    s = smtplib.SMTP_SSL(H, int(E["SMTPS_PORT"]), context=ctx(), timeout=10)
    s.ehlo("client.test")
    s.user, s.password = E["VERIFIER_USER"], E["VERIFIER_PASS"]
    code, _ = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
    assert code == 235, code
    s.sendmail(E["VERIFIER_ADDR"], [E["APPLICANT_ADDR"]],
               msg("smtps1", E["APPLICANT_ADDR"]))
    s.quit()
    wait_for("applicant", "smtps1")

def t_smtp_plain():
    s = smtplib.SMTP(H, int(E["SMTP_PLAIN_PORT"]), timeout=10)
    s.sendmail("someone@example.org", [E["OFFICE_ADDR"]],
               msg("plain1", E["OFFICE_ADDR"]))
    for rcpt in ("nobody@" + E["DOMAIN"], "victim@example.org"):
        try:
            s.sendmail("someone@example.org", [rcpt], msg("x", rcpt))
            raise AssertionError("accepted for " + rcpt)
        except smtplib.SMTPRecipientsRefused as e:
            assert e.recipients[rcpt][0] in (550, 554), e
    s.quit()
    wait_for("intake", "plain1")

def t_relay_to_sink():
    s = smtplib.SMTP(H, int(E["SMTP_SUBMISSION_PORT"]), timeout=10)
    s.starttls(context=ctx())
    s.login(E["INTAKE_USER"], E["INTAKE_PASS"])
    s.sendmail(E["OFFICE_ADDR"], ["dewi@example.org"],
               msg("out1", "dewi@example.org"))
    s.quit()
    sink_has("out1")

def sink_has(mid, secs=10):
    end = time.time() + secs
    while time.time() < end:
        for f in glob.glob(os.path.join(E["SINK_DIR"], "*")):
            if ("<%s@test>" % mid).encode() in open(f, "rb").read():
                return f
        time.sleep(0.2)
    raise AssertionError("%s not in the sink" % mid)

def t_sink():
    s = smtplib.SMTP(H, int(E["SINK_PORT"]), timeout=10)
    s.sendmail("a@example.org", ["b@example.org"], msg("sink1", "b@example.org"))
    s.quit()
    sink_has("sink1")

def t_append_move():
    m = imaps()
    typ, d = m.append("INBOX", None, None, msg("app1", E["INTAKE_ADDR"]))
    assert typ == "OK" and b"APPENDUID" in d[0], d
    uid = re.search(rb"APPENDUID \d+ (\d+)", d[0]).group(1).decode()
    caps = m.capability()[1][0].split()
    assert b"MOVE" in caps and b"UIDPLUS" in caps, caps
    m.select("INBOX")
    typ, d = m.uid("MOVE", uid, "Processed")
    assert typ == "OK", d
    typ, d = m.uid("SEARCH", None, "HEADER", "Message-ID", "<app1@test>")
    assert d[0] == b"", "still in INBOX"
    typ, d = m.list()
    boxes = b" ".join(d)
    assert b"Processed" in boxes and b"Quarantine" in boxes, boxes
    m.logout()
    wait_for("intake", "app1", box="Processed", secs=1)

def t_idle():
    a = imaps()
    a.select("INBOX")
    tag = a._new_tag()
    a.send(tag + b" IDLE\r\n")
    assert a.readline().startswith(b"+"), "no IDLE continuation"
    b = imaps()
    b.append("INBOX", None, None, msg("idle1", E["INTAKE_ADDR"]))
    b.logout()
    a.sock.settimeout(10)
    line = a.readline()
    while line and not line.endswith(b"EXISTS\r\n"):
        line = a.readline()
    assert line.endswith(b"EXISTS\r\n"), "no EXISTS during IDLE"
    a.send(b"DONE\r\n")
    while not a.readline().startswith(tag):
        pass
    a.logout()

def faultsrv(mode, *extra):
    p = subprocess.Popen([sys.executable, E["FAULTSRV"], mode, "--once"]
                         + list(extra), stdout=subprocess.PIPE)
    atexit.register(p.kill)
    return p, int(p.stdout.readline())

def t_cut_literal():
    p, port = faultsrv("imap-cut-literal", "--cert", E["GOOD_CERT"],
                       "--key", E["GOOD_KEY"])
    m = imaplib.IMAP4_SSL(H, port, ssl_context=ctx(), timeout=10)
    m.login("intake", "x")
    m.select("INBOX")
    try:
        m.uid("FETCH", "1", "(BODY.PEEK[])")
        raise AssertionError("FETCH completed")
    except imaplib.IMAP4.abort:
        pass
    p.wait(5)
    # The raw view: the literal announces 1000 octets, fewer come, then EOF.
    p, port = faultsrv("imap-cut-literal")
    with socket.create_connection((H, port), 10) as s:
        s.sendall(b"a LOGIN x y\r\nb SELECT INBOX\r\nc UID FETCH 1 (BODY.PEEK[])\r\n")
        data = b""
        while True:
            got = s.recv(65536)
            if not got:
                break
            data += got
    head, _, lit = data.partition(b"{1000}\r\n")
    assert head and 0 < len(lit) < 1000, (len(head), len(lit))
    p.wait(5)

def t_421_after_data():
    p, port = faultsrv("smtp-421-after-data")
    s = smtplib.SMTP(H, port, timeout=10)
    try:
        s.sendmail("a@example.org", ["b@example.org"], msg("f1", "b@example.org"))
        raise AssertionError("message accepted")
    except smtplib.SMTPDataError as e:
        assert e.smtp_code == 421, e
    except smtplib.SMTPServerDisconnected:
        pass
    try:
        s.noop()
        raise AssertionError("connection still open after 421")
    except smtplib.SMTPServerDisconnected:
        pass
    p.wait(5)

def t_5xx():
    p, port = faultsrv("smtp-5xx")
    s = smtplib.SMTP(H, port, timeout=10)
    try:
        s.sendmail("a@example.org", ["b@example.org"], msg("f2", "b@example.org"))
        raise AssertionError("message accepted")
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients["b@example.org"][0] == 550, e
    s.quit()
    p.wait(5)

def t_down():
    for k in ("IMAP_TLS_PORT", "IMAP_STARTTLS_PORT", "IMAP_PLAIN_PORT",
              "IMAP_WRONGHOST_PORT", "SMTP_SUBMISSION_PORT", "SMTPS_PORT",
              "SMTP_PLAIN_PORT", "SINK_PORT"):
        try:
            socket.create_connection((H, int(E[k])), 2).close()
            raise AssertionError(k + " still answers")
        except ConnectionRefusedError:
            pass

if __name__ == "__main__":
    try:
        globals()["t_" + sys.argv[1]]()
    except Exception as e:
        print("# %s: %r" % (sys.argv[1], e))
        sys.exit(1)
EOF
FAULTSRV="$MAILT/faultsrv.py"
export FAULTSRV

t() {	# t NAME DESCRIPTION
	$PY "$T/mt.py" "$1"
	ok $? "$2"
}
t imaps_login "IMAP LOGIN over implicit TLS, certificate and host verified"
t imap_starttls "IMAP STARTTLS on 127.0.0.1, verified; the login is over TLS"
t imap_strict "IMAP on STRICT_HOST: LOGINDISABLED before STARTTLS, LOGIN after"
t wronghost "the wrong-host certificate is refused (hostname mismatch)"
t wrong_password "a wrong password is refused"
t imap_plain "the explicit plaintext IMAP port takes LOGIN"
t submission "submission: STARTTLS + AUTH PLAIN, delivered to intake's INBOX"
t smtps "smtps: implicit TLS + AUTH LOGIN, delivered by LMTP"
t smtp_plain "port-25-like SMTP delivers to the office alias, refuses relay"
t relay_to_sink "authenticated mail to another domain ends in smtp-sink"
t sink "smtp-sink accepts a message and dumps it"
t append_move "APPEND (UIDPLUS) to INBOX, UID MOVE to Processed"
t idle "IDLE reports EXISTS for a message appended elsewhere"
t cut_literal "faultsrv imap-cut-literal cuts the connection mid-literal"
t 421_after_data "faultsrv smtp-421-after-data: 421 after DATA, then closed"
t 5xx "faultsrv smtp-5xx: RCPT refused with 550"

sh "$MAILT/servers.sh" stop "$S"
ok $? "servers.sh stop"
t down "no port answers after stop"
sh "$MAILT/servers.sh" stop "$S"
ok $? "servers.sh stop again is a no-op"
done_testing
