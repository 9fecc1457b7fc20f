#!/bin/sh
# sertel deliver: an MDA's exit codes (sysexits.h) and commit before exit 0.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)

msg() {
	printf 'From: Dewi Lestari <dewi.lestari@pekalongankota.go.id>\r\n'
	printf 'To: layanan.tte@pekalongankota.go.id\r\n'
	printf 'Subject: Permohonan TTE\r\nMessage-ID: <%s@test>\r\n' "$1"
	printf 'Date: Mon, 23 Nov 2026 09:00:00 +0700\r\n\r\n'
	printf 'Nama : Dewi Lestari\r\nNIK : 3375015507900002\r\n'
}

msg d1 | "$SERTEL" --config "$C" deliver
ok $? "deliver of a request exits 0"
got=$("$SERTEL" --config "$C" list --json | $PY -c \
    'import json,sys; print(len(json.load(sys.stdin)))')
is "$got" 1 "the request is committed when deliver returns"
ls "$T/var/outbox/new" | grep -q . ; ok $? "its reply is in the outbox Maildir"

msg d1 | "$SERTEL" --config "$C" deliver
ok $? "the same message again exits 0"
got=$("$SERTEL" --config "$C" list --json | $PY -c \
    'import json,sys; print(len(json.load(sys.stdin)))')
is "$got" 1 "and is processed once"

# The store lock held by another process: EX_TEMPFAIL so the MTA retries.
sed -i 's/^\[office\]/[deliver]\nlock_wait = 0\n[office]/' "$C"
$PY -c '
import fcntl,sys,time
f=open(sys.argv[1],"a"); fcntl.flock(f,fcntl.LOCK_EX); print("locked",flush=True); time.sleep(5)' \
    "$T/var/sertel.db.lock" >"$T/lockpid" &
lp=$!
while ! grep -q locked "$T/lockpid" 2>/dev/null; do sleep 0.1; done
msg d2 | "$SERTEL" --config "$C" deliver 2>/dev/null
is $? 75 "a locked store gives EX_TEMPFAIL (75)"
kill $lp 2>/dev/null; wait $lp 2>/dev/null

# Over the size cap: EX_DATAERR, recorded as quarantined.
{ msg big; head -c 27000000 /dev/zero | tr '\0' 'a'; } |
    "$SERTEL" --config "$C" deliver 2>/dev/null
is $? 65 "a message over 25 MiB gives EX_DATAERR (65)"
"$SERTEL" --config "$C" list --quarantine | grep -q "PL_MAX_MSG"
ok $? "and is listed in the quarantine with its reason"

printf '[nope]\nx = 1\n' >"$T/bad.conf"
msg d3 | "$SERTEL" --config "$T/bad.conf" deliver 2>/dev/null
is $? 78 "a bad configuration gives EX_CONFIG (78)"
"$SERTEL" --config "$C" deliver --help | grep -q "delivery agent"
ok $? "deliver --help explains itself"
done_testing
