#!/bin/sh
# The daemon end to end, against the private Dovecot and Postfix of
# tests/mail/servers.sh (certificates verified with the test CA):
#  1. `sertel run` takes a complete request APPENDed to INBOX: within
#     15 s the applicant has one acknowledgement, the message is in
#     Processed, and Dovecot logged sertel's login as TLS.
#  2. The verifier answers SETUJU by SMTP to the review mail's token
#     Reply-To: approved, letter numbered and signed (pdfsig), applicant
#     told.
#  3. Signals: a second `run` exits 75; SIGHUP with a broken file is
#     refused and the daemon goes on (no spurious reconnect), SIGHUP with a
#     good one reloads; SIGTERM stops it, exit 0, pid file gone.
#  4. `run --once` passes: the wrong-host certificate refused (password
#     never sent, message left in INBOX); plaintext to a non-loopback host
#     refused for IMAP and SMTP; IMAP STARTTLS; SMTP 421 after DATA from
#     tests/mail/faultsrv.py (queued, transcript compared, then delivered
#     exactly once); IMAP connection cut mid-literal (faultsrv).
#  5. Ten requests while the daemon is SIGKILLed three times at random
#     moments, then Dovecot restarted under it: each request stored and
#     answered once, nothing left in INBOX.
# Requests come from tests/gen/genletter.py with the From address of the
# applicant's test mailbox. The seed is $SERTEL_SEED or the clock. Needs
# root and the packages of scripts/deps.sh; OCR is off.
. "$(dirname "$0")/lib.sh"
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed (reproduce: SERTEL_SEED=$seed prove -v $0)"
MAILT="$TOP/tests/mail"
S="$T/srv"
DB="$T/var/sertel.db"
NUM1='000.8.3.3/1/Diskominfo'
DPID=
FPID=
cleanup() {
	# Only what this test started: the daemon, a fault server, the servers.
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null
	[ -n "$FPID" ] && kill "$FPID" 2>/dev/null
	sh "$MAILT/servers.sh" stop "$S"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# Dovecot's mail processes run as nobody and must reach $S.
chmod 711 "$T"

chk() { $PY "$TOP/tests/cli/check_daemon.py" "$@"; }
get() {	# get CODE PATH...: fields of `sertel show --json CODE`
	_c=$1
	shift
	"$SERTEL" --config "$C" show --json "$_c" >"$T/show.json" &&
	    $PY "$TOP/tests/cli/check_verifier.py" get "$T/show.json" "$@"
}
sql() { sqlite3 "$DB" "$@"; }
code_of() {	# code_of MESSAGE-ID: the request that message made
	sql "select r.code from messages m join requests r on r.id =
	    m.request_id where m.message_id = '$1'"
}
req() {	# req N: the Nth generated request
	ls "$T/gen/new"/* | sed -n "${1}p"
}
bail() {	# bail REASON: what follows would only repeat the failure
	echo "# $1: stopping here"
	failed=$((failed + 1))
	done_testing
	exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
alive() {	# alive PID: running, not a zombie
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_st" ] && [ "$_st" != Z ]
}
dead() { ! alive "$1"; }
waitfor() {	# waitfor SECS COMMAND...: until COMMAND succeeds
	_end=$(($1 * 20))
	shift
	_i=0
	until "$@"; do
		[ $_i -ge $_end ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
}
logged() { grep -Eq "$2" "$1" 2>/dev/null; }	# logged FILE ERE
logged_n() {	# logged_n FILE ERE N: at least N lines match
	[ "$(grep -Ec "$2" "$1" 2>/dev/null)" -ge "$3" ]
}
start() {	# start CONF LOG: `sertel -v run` in the background, pid $DPID
	"$SERTEL" -v --config "$1" run >/dev/null 2>>"$2" &
	DPID=$!
}
stopped() {	# stopped SECS: $DPID has exited within SECS; status in $drc
	waitfor "$1" dead "$DPID" || return 1
	wait "$DPID"
	drc=$?
	DPID=
}
once() {	# once CONF LOG [ENV...]: one pass, at most 10 s; its status
	_c=$1 _l=$2
	shift 2
	env "$@" timeout -k 2 10 "$SERTEL" -v --config "$_c" run --once \
	    >/dev/null 2>"$_l"
}
fault() {	# fault MODE LOG ARGS...: faultsrv.py in the background, $FPID, $FPORT
	_m=$1 _l=$2
	shift 2
	rm -f "$T/fport"
	$PY "$MAILT/faultsrv.py" "$_m" --log "$_l" "$@" >"$T/fport" &
	FPID=$!
	waitfor 5 test -s "$T/fport" && FPORT=$(head -n 1 "$T/fport")
}

missing=
for t in openssl sqlite3 pdfsig timeout; do
	command -v "$t" >/dev/null || missing="$missing $t"
done
is "$missing" "" "openssl, sqlite3, pdfsig and timeout are installed"

sh "$MAILT/servers.sh" start "$S" 2>"$T/start.err"
rc=$?
ok $rc "Dovecot, Postfix and smtp-sink start on 127.0.0.1"
if [ $rc -ne 0 ]; then
	sed 's/^/# /' "$T/start.err"
	bail "needs root and the packages of scripts/deps.sh"
fi
set -a
eval "$(sh "$MAILT/servers.sh" env "$S")"
set +a
# The verifier answers to layanan.tte+TOKEN@: the office's MTA must take
# subaddresses (servers.sh sets Postfix's recipient_delimiter = +).
is "$(postconf -c "$MAIL_DIR/pf/etc" -h recipient_delimiter)" + \
    "Postfix takes subaddresses (layanan.tte+TOKEN@)"

# --- A throwaway CA and signing certificate, as in 0007-letter.t.
mkpki "$T/pki" 3
ok $? "openssl makes a CA and a signing certificate"
(umask 077 && echo "$INTAKE_PASS" >"$T/pw")

# mkdconf FILE IMAP_HOST IMAP_PORT IMAP_SEC SMTP_HOST SMTP_PORT SMTP_SEC
#     [noauth]: a daemon configuration, all state under $T/var
mkdconf() {
	_smtpuser=$INTAKE_USER
	[ "${8:-}" = noauth ] && _smtpuser=
	cat >"$1" <<CONF
[paths]
store = $DB
documents = $T/var/docs
outbox = $T/var/outbox
templates = $TOP/templates
letters = $T/var/letters
token_keys = $T/var/tokens.key
master_key = $T/var/master.key
pid_file = $T/var/sertel.pid
[office]
email = $OFFICE_ADDR
official_domains = $DOMAIN
[verifier]
email = $VERIFIER_ADDR
[ocr]
enabled = no
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
[imap]
host = $2
port = $3
security = $4
ca_file = $CA_FILE
user = $INTAKE_USER
password_file = $T/pw
[smtp]
host = $5
port = $6
security = $7
ca_file = $CA_FILE
user = $_smtpuser
password_file = $T/pw
# The applicant's test mailbox gets every answer of this test.
daily_cap = 100
CONF
}
C=$T/sertel.conf
mkdconf "$C" localhost "$IMAP_TLS_PORT" tls localhost \
    "$SMTP_SUBMISSION_PORT" starttls

$PY "$TOP/tests/gen/genletter.py" --seed "$seed" --count 15 \
    --out "$T/gen" >/dev/null
is "$(ls "$T/gen/new" | wc -l | tr -d ' ')" 15 \
    "genletter.py writes 15 requests"

# --- 1. A request APPENDed to INBOX, taken by the running daemon.
L=$T/daemon1.log
start "$C" "$L"
waitfor 10 logged "$L" 'stage=imap result=connected'
ok $? "sertel run connects to Dovecot over TLS"
t0=$(now)
M1=$(chk append --tag e2e "$(req 1)")
ok $? "a complete request is APPENDed to intake's INBOX"
got=$(chk count applicant INBOX --reply "$M1" --subject diverifikasi \
    --wait 15 --want 1)
echo "# acknowledged after $(since "$t0") s"
is "$got" 1 "within 15 s the applicant has one acknowledgement of it"
R1=$(chk codes applicant INBOX --reply "$M1" | cut -f1)
case $R1 in
SE-*-*) ;;
*)	bail "no request code in the acknowledgement ($R1)" ;;
esac
is "$(get "$R1" status)" in_review "$R1 is in_review"
is "$(chk count applicant INBOX --code "$R1" --subject diverifikasi)" 1 \
    "the acknowledgement carries X-Sertel-Request: $R1"
is "$(chk count intake INBOX)" 0 "intake's INBOX is empty"
is "$(chk count intake Processed --mid "$M1")" 1 \
    "the request is in Processed"
chk logins "$DOVECOT_LOG" >"$T/logins"
[ -s "$T/logins" ] && ! grep -v ', TLS,' "$T/logins" >/dev/null
ok $? "Dovecot logged sertel's login as TLS"
grep -q 'sasl_method=PLAIN, sasl_username=intake' "$POSTFIX_LOG"
ok $? "Postfix took sertel's AUTH (submission: only after STARTTLS)"

# --- 2. The verifier's SETUJU by SMTP.
chk review "$R1" >/dev/null
ok $? "the verifier has one review mail of $R1: a PDF, a token Reply-To"
t0=$(now)
chk setuju "$R1"
ok $? "the verifier answers SETUJU to the Reply-To by SMTP submission"
got=$(chk count applicant INBOX --code "$R1" --subject disetujui --wait 15 \
    --want 1)
echo "# approved mail after $(since "$t0") s"
is "$got" 1 "within 15 s the applicant has the approved mail"
is "$(get "$R1" status letter.number)" "approved $NUM1" \
    "$R1 is approved, letter $NUM1"
F1=$(get "$R1" letter.path)
pdfsig "$F1" >"$T/sig" 2>&1
grep -q 'Signature is Valid\.' "$T/sig" &&
    grep -q 'Total document signed' "$T/sig"
ok $? "pdfsig: the letter's signature is valid and covers it all"
get "$R1" events.actor | tail -n 1 | grep -qx "verifier:$VERIFIER_ADDR"
ok $? "the approval's actor is verifier:$VERIFIER_ADDR"
is "$(chk count intake INBOX)" 0 "the answer, too, left INBOX"

# --- 3. Signals and the pid file.
"$SERTEL" --config "$C" run --once >/dev/null 2>"$T/second.err"
is $? 75 "a second sertel run exits 75 (EX_TEMPFAIL)"
grep -q 'another sertel run is active' "$T/second.err"
ok $? "and says another sertel run is active"
cp "$C" "$T/good.conf"
echo "this line is no key = value pair [" >>"$C"
kill -HUP "$DPID"
waitfor 5 logged "$L" 'stage=run result=reload-refused'
ok $? "SIGHUP with a broken file: reload-refused logged within 5 s"
sleep 0.3
alive "$DPID"
ok $? "the daemon still runs"
cp "$T/good.conf" "$C"
kill -HUP "$DPID"
waitfor 5 logged "$L" 'stage=run result=reloaded'
ok $? "SIGHUP with a good file: reloaded"
waitfor 5 logged_n "$L" 'stage=imap result=connected' 2
ok $? "and reconnected"
grep -E 'stage=imap result=(error|retry)' "$L" | sed 's/^/# /'
! logged "$L" 'stage=imap result=(error|retry)'
ok $? "no IMAP error or reconnect in the daemon's run so far"
[ -s "$T/var/sertel.pid" ] && [ "$(cat "$T/var/sertel.pid")" = "$DPID" ]
ok $? "the pid file holds the daemon's pid"
t0=$(now)
kill -TERM "$DPID"
stopped 5
ok $? "SIGTERM stops the daemon within 5 s ($(since "$t0") s)"
is "${drc:-}" 0 "exit status 0"
[ ! -e "$T/var/sertel.pid" ]
ok $? "the pid file is removed"
logged "$L" 'stage=run result=stopped'
ok $? "stopped is logged"

# --- 4a. The wrong-host certificate: refused before LOGIN.
M2=$(chk append --tag wh "$(req 2)")
mkdconf "$T/wh.conf" localhost "$IMAP_WRONGHOST_PORT" tls localhost \
    "$SMTP_SUBMISSION_PORT" starttls
aborted=$(grep -c 'no auth attempts' "$DOVECOT2_LOG")
once "$T/wh.conf" "$T/wh.log"
is $? 0 "run --once against the wrong-host certificate exits 0"
logged "$T/wh.log" 'stage=imap result=retry .*why="certificate of localhost refused: hostname mismatch"'
ok $? "it logs the certificate refusal (hostname mismatch)"
waitfor 5 logged_n "$DOVECOT2_LOG" 'no auth attempts' $((aborted + 1)) &&
    ! grep -q 'Login: user=<intake>' "$DOVECOT2_LOG"
ok $? "it left without LOGIN: the password never reached the wrong host"
is "$(chk count intake INBOX --mid "$M2")" 1 "the message stays in INBOX"
is "$(sql "select count(*) from messages where message_id = '$M2'")" 0 \
    "and is not recorded"
mkdconf "$T/plainimap.conf" mail.example.invalid 143 none localhost \
    "$SMTP_SUBMISSION_PORT" starttls
once "$T/plainimap.conf" "$T/plainimap.log"
is $? 78 "[imap] security = none to mail.example.invalid: exit 78"
logged "$T/plainimap.log" 'security = none is allowed only for a loopback host'
ok $? "it says plaintext goes only to a loopback host"

# --- 4b. IMAP with STARTTLS.
nlog=$(chk logins "$DOVECOT_LOG" | wc -l)
mkdconf "$T/st.conf" localhost "$IMAP_STARTTLS_PORT" starttls localhost \
    "$SMTP_SUBMISSION_PORT" starttls
once "$T/st.conf" "$T/st.log"
is $? 0 "run --once with [imap] security = starttls exits 0"
chk logins "$DOVECOT_LOG" >"$T/logins"
[ "$(wc -l <"$T/logins")" -gt "$nlog" ] &&
    tail -n 1 "$T/logins" | grep -q ', TLS,'
ok $? "Dovecot logged the STARTTLS login as TLS"
is "$(chk count intake Processed --mid "$M2")" 1 \
    "the message left before is now in Processed"
R2=$(code_of "$M2")
is "$(chk count applicant INBOX --reply "$M2" --code "${R2:-none}" \
    --subject diverifikasi --wait 10 --want 1)" 1 \
    "its acknowledgement ($R2) is delivered"

# --- 4b'. A server without MOVE (the second Dovecot advertises none):
# COPY + \Deleted + UID EXPUNGE of our UID alone. A message someone else
# marked \Deleted stays: a plain EXPUNGE would have removed it too.
$PY - <<'PY'
import imaplib, os, ssl
ctx = ssl.create_default_context(cafile=os.environ["CA_FILE"])
m = imaplib.IMAP4_SSL("localhost", int(os.environ["IMAP_TLS_PORT"]),
                      ssl_context=ctx)
m.login(os.environ["INTAKE_USER"], os.environ["INTAKE_PASS"])
m.append("INBOX", r"(\Deleted)", None,
         b"Subject: someone else's\r\nMessage-ID: <keep@x>\r\n\r\nx\r\n")
m.logout()
PY
M5=$(chk append --tag nomove "$(req 15)")
mkdconf "$T/nm.conf" 127.0.0.1 "$IMAP_PLAIN_PORT" none localhost \
    "$SMTP_SUBMISSION_PORT" starttls
once "$T/nm.conf" "$T/nm.log"
is $? 0 "run --once against a server without MOVE exits 0"
is "$(chk count intake Processed --mid "$M5")" 1 \
    "the request was copied to Processed"
is "$(chk count intake INBOX --mid "$M5")" 0 "and expunged from INBOX"
is "$(chk count intake INBOX --mid '<keep@x>')" 1 \
    "another \\Deleted message is left alone (UID EXPUNGE, not EXPUNGE)"
R5=$(code_of "$M5")
[ -n "$R5" ]
ok $? "the request was recorded ($R5)"
# Its owner expunges it (sertel never would).
$PY - <<'PY'
import imaplib, os, ssl
ctx = ssl.create_default_context(cafile=os.environ["CA_FILE"])
m = imaplib.IMAP4_SSL("localhost", int(os.environ["IMAP_TLS_PORT"]),
                      ssl_context=ctx)
m.login(os.environ["INTAKE_USER"], os.environ["INTAKE_PASS"])
m.select("INBOX")
m.expunge()
m.logout()
PY
is "$(chk count intake INBOX)" 0 "INBOX is empty again"

# --- 4c. 421 after DATA: queued, not lost, delivered once later.
fault smtp-421-after-data "$T/f421.tx"
ok $? "faultsrv smtp-421-after-data listens"
mkdconf "$T/f421.conf" localhost "$IMAP_TLS_PORT" tls 127.0.0.1 \
    "${FPORT:-1}" none noauth
M3=$(chk append --tag f421 "$(req 3)")
once "$T/f421.conf" "$T/f421.run.log"
is $? 0 "run --once with SMTP answering 421 after DATA exits 0"
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null
FPID=
R3=$(code_of "$M3")
logged "$T/f421.run.log" 'stage=outbox out=[0-9]+ result=retry why="[^"]*421'
ok $? "the outbox logs a retry with the 421"
rows() {	# rows CODE: kind, status and attempts of its outbox rows
	sql "select kind, status, attempts from outbox where request_id =
	    (select id from requests where code = '$1') order by id"
}
is "$(rows "$R3")" "verifier|queued|1
in_review|queued|1" "$R3's two mails are queued, one attempt each"
# The client's side, as curl's tests compare it: each mail on its own
# connection (the server closed the first), bodies and EHLO name left out.
awk '{ sub(/\r$/, "") }
	body { if ($0 == ".") body = 0; next }
	/^DATA$/ { body = 1 }
	{ sub(/^EHLO .*/, "EHLO -"); print }' "$T/f421.tx" >"$T/f421.got"
cat >"$T/f421.want" <<EOF
EHLO -
MAIL FROM:<$OFFICE_ADDR>
RCPT TO:<$VERIFIER_ADDR>
DATA
EHLO -
MAIL FROM:<$OFFICE_ADDR>
RCPT TO:<$APPLICANT_ADDR>
DATA
EOF
diff "$T/f421.want" "$T/f421.got" | sed 's/^/# /'
cmp -s "$T/f421.want" "$T/f421.got"
ok $? "sertel's SMTP transcript to the fault server is as expected"
# Retries wait 60·2^(attempts-1) s. Instead of waiting, the next passes
# run with pl_now() (SERTEL_NOW) a day and then two days ahead: all due.
day=$(($(date +%s) + 86400))
mkdconf "$T/plainsmtp.conf" localhost "$IMAP_TLS_PORT" tls \
    mail.example.invalid 25 none
once "$T/plainsmtp.conf" "$T/plainsmtp.log" SERTEL_NOW=$day
is $? 78 "[smtp] security = none to mail.example.invalid: exit 78"
logged "$T/plainsmtp.log" 'security = none is allowed only for a loopback host'
ok $? "refused when the configuration is read, and said"
is "$(rows "$R3" | cut -d'|' -f2 | sort -u)" queued \
    "nothing was sent or given up"
once "$C" "$T/f421.again.log" SERTEL_NOW=$((day + 86400))
is $? 0 "a pass with the real server exits 0"
is "$(rows "$R3" | cut -d'|' -f2 | sort -u)" sent "both mails are sent"
AM=$(sql "select message_id from outbox where kind = 'in_review' and
    request_id = (select id from requests where code = '$R3')")
VM=$(sql "select message_id from outbox where kind = 'verifier' and
    request_id = (select id from requests where code = '$R3')")
is "$(chk count applicant INBOX --mid "$AM" --wait 10 --want 1)" 1 \
    "the applicant has the acknowledgement once"
is "$(chk count verifier INBOX --mid "$VM" --wait 10 --want 1)" 1 \
    "the verifier has the review mail once"

# --- 4d. The connection cut in the middle of a literal.
nreq=$(sql "select count(*) from requests")
fault imap-cut-literal "$T/cut.tx" --once
ok $? "faultsrv imap-cut-literal listens"
mkdconf "$T/cut.conf" 127.0.0.1 "${FPORT:-1}" none localhost \
    "$SMTP_SUBMISSION_PORT" starttls
t0=$(now)
once "$T/cut.conf" "$T/cut.run.log"
rc=$?
echo "# run --once returned after $(since "$t0") s"
is $rc 0 "run --once whose FETCH is cut mid-literal exits 0 (not hung)"
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null
FPID=
logged "$T/cut.run.log" 'stage=imap result=retry'
ok $? "it logs a retry"
grep -q 'UID FETCH 1 (UID BODY.PEEK\[\])' "$T/cut.tx" &&
    ! grep -Eqi '^[^ ]+ (UID )?(MOVE|COPY|STORE|EXPUNGE)' "$T/cut.tx"
ok $? "it fetched the message and never moved or flagged it"
is "$(sql "select count(*) from messages where message_id =
    '<cut-literal@test>'")/$(sql "select count(*) from requests")" \
    "0/$nreq" "nothing is recorded"

# --- 5. Ten requests, the daemon SIGKILLed three times, Dovecot restarted.
i=4
: >"$T/ten"
while [ $i -le 13 ]; do
	req $i >>"$T/ten"
	i=$((i + 1))
done
# shellcheck disable=SC2046
chk append --tag rs $(cat "$T/ten") >"$T/ten.mids"
is "$(wc -l <"$T/ten.mids" | tr -d ' ')" 10 "10 more requests APPENDed"
# A kill counts as a failed try of the message at hand: allow more than
# the default three, so three kills never quarantine one.
cp "$C" "$T/rs.conf"
printf '[imap]\nmax_failures = 10\n' >>"$T/rs.conf"
k=1
while [ $k -le 3 ]; do
	L=$T/kill$k.log
	start "$T/rs.conf" "$L"
	waitfor 10 logged "$L" 'stage=imap result=connected'
	# The ten take under a second here (intake, then outbox): kill in it.
	d=$(awk -v s="$seed" -v k="$k" \
	    'BEGIN { srand(s + k); printf "%.2f", 0.02 + rand() * 0.3 }')
	sleep "$d"
	kill -9 "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=
	echo "# kill $k after ${d} s: $(grep -c 'result=new' "$L") new," \
	    "$(grep -c 'result=sent' "$L") sent"
	k=$((k + 1))
done
L=$T/final.log
start "$T/rs.conf" "$L"
acks_ge() {	# acks_ge N: the applicant has at least N acknowledgements
	[ "$(chk count applicant INBOX --subject diverifikasi)" -ge "$1" ]
}
waitfor 20 acks_ge 13
ok $? "after the restarts, all acknowledgements arrive"
is "$(chk count intake INBOX)" 0 "intake's INBOX is empty"
is "$(chk count intake Processed --tag rs)" 10 "Processed has the ten"
is "$(sql "select count(*) from messages where message_id like
    '%.rs@test.invalid>'")/$(sql "select count(distinct message_id) from
    messages where message_id like '%.rs@test.invalid>'")" 10/10 \
    "the store has each of the ten messages once"
is "$(sql "select count(distinct request_id) from messages where
    message_id like '%.rs@test.invalid>'")/$(sql "select count(*) from
    requests")" "10/$((nreq + 10))" "ten new requests, no other"
sql "select r.code from messages m join requests r on r.id = m.request_id
    where m.message_id like '%.rs@test.invalid>'" | sort >"$T/ten.codes"
chk codes applicant INBOX --subject diverifikasi >"$T/acks"
# Answers per request: a mail resent after a crash between the server's
# acceptance and its recording keeps its Message-ID, so count distinct
# Message-IDs; another answer would have another one.
dup=$(cut -f1 "$T/acks" | sort | uniq -d)
[ -n "$dup" ] && echo "# the same acknowledgement delivered twice (resent" \
    "after a kill): $dup"
cut -f1 "$T/acks" | sort -u | comm -12 - "$T/ten.codes" >"$T/acked"
is "$(wc -l <"$T/acked" | tr -d ' ')" 10 "each of the ten is acknowledged"
is "$(sort -u "$T/acks" | cut -f1 | sort | uniq -d | tr '\n' ' ')" "" \
    "no request is acknowledged twice"
chk codes verifier INBOX --subject 'Verifikasi permohonan' >"$T/reviews"
is "$(sort -u "$T/reviews" | cut -f1 | sort -u | comm -12 - "$T/ten.codes" |
    wc -l | tr -d ' ')/$(sort -u "$T/reviews" | cut -f1 | sort | uniq -d |
    tr '\n' ' ')" 10/ "the verifier has one review mail of each"

# Dovecot stopped and started again under the running daemon. Its
# master leaves the imap process of a session running for some seconds
# after it stopped: that of sertel's session (its login line gives the
# pid) is stopped with it, as a crash or shutdown_clients would.
dc=$(cat "$MAIL_DIR/dc1/master.pid")
mpid=$(chk logins "$DOVECOT_LOG" | tail -n 1 |
    sed -n 's/.* mpid=\([0-9][0-9]*\),.*/\1/p')
kill "$dc" && waitfor 10 dead "$dc" && kill "${mpid:-none}"
ok $? "Dovecot (instance 1) and sertel's imap process stopped"
dovecot -c "$MAIL_DIR/etc/dovecot1.conf"
ok $? "Dovecot started again"
waitfor 10 logged "$L" \
    'stage=imap result=retry .*why="the connection was lost while idle"'
ok $? "the daemon logs the lost connection as a retry"
waitfor 10 chk count intake INBOX >/dev/null 2>&1
M4=$(chk append --tag dc "$(req 14)")
ok $? "a new request is APPENDed"
got=$(chk count applicant INBOX --reply "$M4" --subject diverifikasi \
    --wait 20 --want 1)
is "$got" 1 "after the restart the daemon reconnects and answers a new one"
logged_n "$L" 'stage=imap result=connected' 2
ok $? "it reconnected"
kill -TERM "$DPID"
stopped 5
ok $? "SIGTERM stops it"
is "$(chk count intake INBOX)/$(chk count applicant INBOX --reply "$M4")" \
    0/1 "nothing left in INBOX, answered once"
if [ "$failed" -gt 0 ]; then
	for f in "$T"/*.log; do
		echo "# ---- ${f##*/} (last 15 lines)"
		tail -n 15 "$f" | sed 's/^/# /'
	done
fi
done_testing
