#!/bin/sh
# The hostile-input catalogue (tests/hostile/cases.tsv): every case gives a
# clear quarantine reason or a safe result, and the batch goes on.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)

# A first, ordinary request takes SE-2026-000001 for the forged-id case.
$PY "$TOP/tests/gen/hostile.py" "$T/hostile"
ok $? "the hostile catalogue is generated"
printf 'From: Pemohon Asli <asli@pekalongankota.go.id>\r\nSubject: TTE\r\nMessage-ID: <first@hostile.test>\r\n\r\nNama : Asli\r\n' \
    >"$T/first.eml"
"$SERTEL" --config "$C" process "$T/first.eml" 2>/dev/null
"$SERTEL" --config "$C" process "$T/hostile" 2>"$T/err"
ok $? "process over the whole catalogue exits 0"
total=$(ls "$T/hostile/new" | wc -l)
grep -q "processed: .* quarantined" "$T/err"
ok $? "a summary is printed"
got=$(sed -n 's/.*processed: \([0-9]*\) new, \([0-9]*\) follow-up, [0-9]* duplicate, \([0-9]*\) ignored, \([0-9]*\) quarantined.*/\1+\2+\3+\4/p' "$T/err")
is "$(($got))" "$total" "every message is accounted for"
$PY "$TOP/tests/cli/check_hostile.py" "$SERTEL" "$C" \
    "$TOP/tests/hostile/cases.tsv" "$T/var" "$n" 2>"$T/n" | tee "$T/tap"
grep -q "^not ok" "$T/tap" && failed=$((failed + 1))
n=$(tail -1 "$T/n")
done_testing
