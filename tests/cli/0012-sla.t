#!/bin/sh
# The service-level clock: deadlines over the SOP's hours and the 2026
# holiday list, stated in the replies and in `show --json`; the daemon's
# timers warn the verifier at 80% and tell the supervisor when a request
# is overdue, each once; waiting for the applicant stops the clock.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
cat >>"$C" <<CONF
[paths]
pid_file = $T/var/sertel.pid
inbox = $T/var/inbox
[ocr]
enabled = no
[sla]
holidays = $TOP/samples/libur-2026.txt
[supervisor]
email = kabid@pekalongankota.go.id
[verifier]
email = verif@pekalongankota.go.id
CONF
wib() {	# wib "YYYY-MM-DD HH:MM": epoch seconds of that time in Jakarta
	date -u -d "$1 -0000" +%s | awk '{ print $1 - 7 * 3600 }'
}
n_to() {	# n_to ADDR TEMPLATE-SUBJECT-WORDS: mails in the outbox
	grep -l "^To: $1" "$T/var/outbox/new/"* 2>/dev/null |
	    xargs -r grep -l "$2" | wc -l
}
show() { SERTEL_NOW=${NOW:-} "$SERTEL" --config "$C" show --json "$1"; }
field() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# Monday 23 November 2026, 09:00: five working days end on Friday 11:00.
MON=$(wib "2026-11-23 09:00")
SERTEL_NOW=$MON "$SERTEL" --config "$C" process "$TOP/samples/inbox" \
    2>"$T/p.err"
ok $? "the samples are processed on Monday 09:00"
is "$(show SE-2026-000002 | field 'd["deadline"]')" \
    "2026-11-27T11:00:00+07:00" "show --json: the deadline is Friday 11:00"
$PY - "$T/var/outbox/new" <<'PY'
import email, email.policy, os, sys
d = sys.argv[1]
want = "paling lambat Jumat, 27 November 2026 pukul 11.00 WIB"
for f in os.listdir(d):
    m = email.message_from_bytes(open(os.path.join(d, f), "rb").read(),
                                 policy=email.policy.default)
    body = m.get_body(("plain",))
    if body and want in " ".join(body.get_content().split()):
        sys.exit(0)
sys.exit(1)
PY
ok $? "the reply states it in Indonesian"
running=$("$SERTEL" --config "$C" list --json | $PY -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)
          if r["status"] in ("received", "invalid", "in_review")))')
waiting=$("$SERTEL" --config "$C" list --status incomplete | grep -c '^SE-')
echo "# $running requests the office works on, $waiting wait for documents"
[ "$running" -gt 0 ] && [ "$waiting" -gt 0 ]
ok $? "the samples give both kinds"

# From Monday 09:00 to Friday 11:00 the office is open 1740 minutes (345 on
# Monday, 405 on Tuesday to Thursday, 180 on Friday): 80% is 1392 minutes,
# reached on Thursday at 11:57.
THU=$(wib "2026-11-26 11:30")
SERTEL_NOW=$THU "$SERTEL" --config "$C" run --once 2>"$T/r1.err"
ok $? "a daemon pass on Thursday 11:30 (78%)"
is "$(n_to verif@ 'Peringatan batas waktu')" 0 "no warning yet"
FRI=$(wib "2026-11-27 08:30")
SERTEL_NOW=$FRI "$SERTEL" --config "$C" run --once 2>"$T/r2.err"
is "$(n_to verif@ 'Peringatan batas waktu')" "$running" \
    "Friday 08:30 (over 80%): one warning per request the office works on"
SERTEL_NOW=$FRI "$SERTEL" --config "$C" run --once 2>"$T/r3.err"
is "$(n_to verif@ 'Peringatan batas waktu')" "$running" \
    "a second pass sends no warning twice"
is "$(n_to kabid@ 'melewati batas waktu')" 0 "nothing overdue yet"
is "$(NOW=$FRI show SE-2026-000002 | field 'd["sla"]["used_percent"] >= 80')" \
    True "show --json says how much time is used"

# Monday 30 November: past Friday 11:00, the supervisor is told, once.
MON2=$(wib "2026-11-30 09:00")
SERTEL_NOW=$MON2 "$SERTEL" --config "$C" -v run --once 2>"$T/r4.err"
SERTEL_NOW=$MON2 "$SERTEL" --config "$C" run --once 2>"$T/r5.err"
is "$(n_to kabid@ 'melewati batas waktu')" "$running" \
    "overdue requests go to the supervisor, once each"
grep -q 'result=overdue' "$T/r4.err"
ok $? "and the daemon logs it"
# The ones waiting for documents: their clock stood still.
w=$("$SERTEL" --config "$C" list --status incomplete | awk '/^SE-/ {print $1; exit}')
is "$(NOW=$MON2 show "$w" | field 'd["sla"]["running"] and d["sla"]["used_percent"] < 80')" \
    True "a request waiting for documents has used little of its time"
is "$(NOW=$MON2 show "$w" | field 'd["sla"]["waiting_minutes"] > 0')" True \
    "the waiting is counted apart"

# An approved request stops the clock.
mkpki "$T/pki" 30
cat >>"$C" <<CONF
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
CONF
r=$("$SERTEL" --config "$C" list --status in_review | awk '/^SE-/ {print $1; exit}')
SERTEL_NOW=$MON2 "$SERTEL" --config "$C" approve "$r" >/dev/null 2>&1
ok $? "approve $r"
is "$(SERTEL_NOW=$(wib '2027-01-10 09:00') "$SERTEL" --config "$C" show --json "$r" |
    field 'd["sla"]["running"]')" False "its clock has stopped"

# The disposition sheet: the SOP's routing with the recorded dates.
"$SERTEL" --config "$C" disposition -o "$T/d.pdf" "$r" >/dev/null
ok $? "sertel disposition $r writes a PDF"
pdftotext -layout "$T/d.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$T/d.txt"
for want in "LEMBAR DISPOSISI" "$r" "Kepala Dinas" \
    "Kepala Bidang" "Kepala Seksi" "Verifikator" "Senin, 23 November 2026" \
    "000.8.3.3/1/Diskominfo" "disetujui" "Halaman 1 dari 1"; do
	grep -qF "$want" "$T/d.txt" || echo "# missing: $want"
done >"$T/d.missing"
is "$(cat "$T/d.missing")" "" "it names the request, the four steps, the dates, the letter"
qpdf --check "$T/d.pdf" >/dev/null 2>&1
ok $? "qpdf --check is clean on it"
"$SERTEL" --config "$C" disposition -o "$T/w.pdf" "$w" >/dev/null &&
    pdftotext "$T/w.pdf" - 2>/dev/null | grep -q "belum lengkap"
ok $? "a waiting request's sheet says its documents are not complete"

# Holidays: Thursday 17 December 16:00, after closing: Friday 18 is day 1,
# 24 (cuti bersama) and 25 December (Natal) are closed: day 5 is Monday 28.
C2=$(mkconf "$T/h")
cat >>"$C2" <<CONF
[ocr]
enabled = no
[sla]
holidays = $TOP/samples/libur-2026.txt
CONF
SERTEL_NOW=$(wib "2026-12-17 16:00") "$SERTEL" --config "$C2" process \
    "$TOP/samples/inbox/new/1763700000.M005.sample" 2>/dev/null
is "$("$SERTEL" --config "$C2" show --json SE-2026-000001 |
    field 'd["deadline"]')" "2026-12-28T15:45:00+07:00" \
    "over Christmas: the deadline is Monday 28 December 15:45"
# A bad holiday file is a configuration error.
printf '2026-13-01 nonsense\n' >"$T/bad.txt"
printf '[sla]\nholidays = %s\n' "$T/bad.txt" >"$T/bad.conf"
"$SERTEL" --config "$T/bad.conf" list >/dev/null 2>"$T/bad.err"
is $? 78 "a bad holiday file: exit 78"
grep -q "bad.txt:1: not a date" "$T/bad.err"
ok $? "naming the file and line"

done_testing
