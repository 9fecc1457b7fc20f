#!/bin/sh
# The hostile-input catalogue (tests/hostile/cases.tsv): every row is run
# by tests/cli/check_hostile.py after its kind (a mail of one `sertel
# process` batch, automatic answers to our reply, a changed letter layout,
# a verifier's answer, a TLS server) and gives a clear error, a quarantine
# with a reason or a safe result; the batch goes on, and an ordinary
# request processed after the hostile ones is intact.
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
C=$(mkconf)
echo "[smtp]" >>"$C"
echo "daily_cap = 1000" >>"$C"	# one sender writes most of the cases

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

# The verifier's store (OCR off, a throwaway signing key) and two
# complete requests for it; check_hostile.py processes them.
mkpki "$T/pki" 60
ok $? "openssl makes a CA and the office's signing certificate"
V=$T/v
VC=$(mkconf "$V")
cat >>"$VC" <<CONF
[verifier]
email = verifikator.tte@pekalongankota.go.id
[ocr]
enabled = no
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
CONF
$PY "$TOP/tests/gen/genletter.py" --seed 4 --count 2 --out "$T/vin" \
    >/dev/null
ok $? "genletter.py writes two complete requests for the verifier cases"

SERTEL=$SERTEL TOP=$TOP T=$T HCONF=$C HSTATE=$T/var HGEN=$T/hostile \
    VCONF=$VC VSTATE=$V/var VIN=$T/vin \
    $PY "$TOP/tests/cli/check_hostile.py" "$n" 2>"$T/n" | tee "$T/tap"
grep -q "^not ok" "$T/tap" && failed=$((failed + 1))
last=$(tail -n 1 "$T/n")
case $last in
''|*[!0-9]*) failed=$((failed + 1)) ;;	# the runner itself failed
*) n=$last ;;
esac
grep -v '^[0-9]*$' "$T/n" | sed 's/^/# /'
echo "# the catalogue took $(($(date +%s) - t0)) s"
done_testing
