#!/bin/sh
# Every sample goes through the pipeline; the store matches the ground truth
# in tests/data/samples-expected.json; the same inbox twice changes nothing.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)

"$SERTEL" --config "$C" process "$TOP/samples/inbox" 2>"$T/err"
ok $? "process samples/inbox exits 0"
$PY "$TOP/tests/cli/check_requests.py" "$SERTEL" "$C" \
    "$TOP/tests/data/samples-expected.json" "$T/var/outbox" "$n" \
    2>"$T/n" | tee "$T/tap"
grep -q "^not ok" "$T/tap" && failed=$((failed + 1))
n=$(tail -1 "$T/n")

dump() {
	sqlite3 "$T/var/sertel.db" .dump | grep -v "^INSERT INTO events" 
	sqlite3 "$T/var/sertel.db" "SELECT request_id, at, status FROM events"
}
dump >"$T/dump1"
ls "$T/var/outbox/new" >"$T/out1"
"$SERTEL" --config "$C" process "$TOP/samples/inbox" 2>"$T/err2"
ok $? "processing the inbox again exits 0"
grep -q "0 new, 0 follow-up, 15 duplicate" "$T/err2"
ok $? "the second run sees only duplicates"
dump >"$T/dump2"
cmp -s "$T/dump1" "$T/dump2"
ok $? "the same inbox processed twice yields the same store"
ls "$T/var/outbox/new" | cmp -s - "$T/out1"
ok $? "and no reply twice"
done_testing
