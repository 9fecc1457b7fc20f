#!/bin/sh
# The outbox's failures: an SMTP server refusing a recipient (5xx) fails
# the mail for good and `list` says so; automatic mail to one address is
# capped per day (a loop with another robot ends there), the verifier not.
. "$(dirname "$0")/lib.sh"

# --- 5xx: failed for good, shown by list --outbox.
$PY "$TOP/tests/mail/faultsrv.py" smtp-5xx --log "$T/smtp.log" \
    >"$T/port" 2>"$T/fault.err" &
fpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$T/port" ] && break
	sleep 0.2
done
port=$(head -1 "$T/port")
C=$(mkconf "$T/a")
cat >>"$C" <<CONF
[ocr]
enabled = no
[smtp]
host = 127.0.0.1
port = $port
security = none
CONF
"$SERTEL" --config "$C" process \
    "$TOP/samples/inbox/new/1763700000.M005.sample" 2>"$T/a.err"
ok $? "a request is processed with an SMTP server that refuses RCPT"
is "$(sqlite3 "$T/a/var/sertel.db" "select status from outbox")" failed \
    "the acknowledgement failed for good (5xx is not retried)"
"$SERTEL" --config "$C" list >"$T/list"
grep -q "1 outgoing mail(s) failed for good: sertel list --outbox" "$T/list"
ok $? "sertel list says a mail failed"
"$SERTEL" --config "$C" list --outbox >"$T/outbox"
grep -q "^failed  SE-.*550 5.1.1" "$T/outbox"
ok $? "list --outbox shows it with the server's 550"
"$SERTEL" --config "$C" list --outbox --json |
    $PY -c 'import json,sys; a=json.load(sys.stdin); sys.exit(not (len(a) == 1 and a[0]["status"] == "failed" and a[0]["attempts"] == 1 and "550" in a[0]["error"]))'
ok $? "and as JSON"
grep -q "^RCPT TO:<siti.aminah@pekalongankota.go.id>" "$T/smtp.log"
ok $? "the recipient was the applicant"
kill "$fpid" 2>/dev/null

# --- The daily cap: the second automatic mail to one address waits.
C=$(mkconf "$T/b")
cat >>"$C" <<CONF
[ocr]
enabled = no
[smtp]
daily_cap = 1
CONF
# Two requests from the same sender (the second a copy with a new id).
sed 's/^Message-ID: .*/Message-ID: <second-request@pekalongankota.go.id>/' \
    "$TOP/samples/inbox/new/1763700000.M005.sample" >"$T/second.eml"
"$SERTEL" --config "$C" process \
    "$TOP/samples/inbox/new/1763700000.M005.sample" "$T/second.eml" \
    2>"$T/b.err"
ok $? "two requests from one address are processed"
is "$(sqlite3 "$T/b/var/sertel.db" "select count(*) from requests")" 2 \
    "two requests"
is "$(ls "$T/b/var/outbox/new" | wc -l)" 1 "one acknowledgement delivered"
is "$(sqlite3 "$T/b/var/sertel.db" \
    "select status || ' ' || last_error from outbox where sent_at is null")" \
    "queued daily cap of automatic mail to this address reached" \
    "the second waits in the queue, with the reason"
grep -q 'result=deferred why="daily cap"' "$T/b.err"
ok $? "and the deferral is logged"
"$SERTEL" --config "$C" list --outbox | grep -q "daily cap"
ok $? "list --outbox shows it waiting"
# A day later it goes.
SERTEL_NOW=$(($(date +%s) + 90000)) "$SERTEL" --config "$C" flush \
    2>"$T/flush.err"
is "$(ls "$T/b/var/outbox/new" | wc -l)" 2 "a day later it is delivered"

done_testing
