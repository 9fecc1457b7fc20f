#!/bin/sh
# The independent oracle: every sample, a fresh set of generated mails
# (requests, letters' requests) and the hostile catalogue's messages are
# read by `sertel parse` and by Python's email package; where sertel
# accepts a message, both must find the same documents (names, sizes,
# SHA-256). The seed is printed; SERTEL_SEED=N replays a run.
. "$(dirname "$0")/lib.sh"
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed"
$PY "$TOP/tests/gen/genmail.py" --seed "$seed" --count 60 --out "$T/g" \
    >/dev/null 2>&1
ok $? "genmail.py writes 60 mails"
$PY "$TOP/tests/gen/genletter.py" --seed "$seed" --count 10 --out "$T/l" \
    >/dev/null 2>&1
ok $? "genletter.py writes 10 requests"
$PY "$TOP/tests/gen/hostile.py" "$T/hostile" >/dev/null 2>&1
ok $? "hostile.py writes the catalogue"
files=$(ls "$TOP"/samples/inbox/new/* "$T"/g/inbox/new/* "$T"/l/new/* \
    $(find "$T/hostile/new" -type f -size -8M | sort) 2>/dev/null)
$PY "$TOP/tests/cli/check_oracle.py" "$SERTEL" $files >"$T/tap" 2>"$T/n"
rc=$?
k=$(tail -1 "$T/n")
echo "# $k messages compared"
grep "^not ok" -A2 "$T/tap" | head -30
[ "$rc" -eq 0 ] && [ "${k:-0}" -ge 80 ]
ok $? "sertel and Python's email package agree on every message ($k)"
done_testing
