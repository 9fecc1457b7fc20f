#!/bin/sh
# The quarterly report: generated requests spread over 2026Q4, some
# approved or rejected, a renewal and a complaint; the JSON figures must
# add up to what was put in, the CSV must carry them, the PDF must render
# (pdftoppm) with its titles, legend and labels (pdftotext).
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
cat >>"$C" <<CONF
[ocr]
enabled = no
[sla]
holidays = $TOP/samples/libur-2026.txt
CONF
mkpki_dated "$T/pki" || sed "s/^/# /" "$T/pki/pki.log"
cat >>"$C" <<CONF
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
CONF
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed"
$PY "$TOP/tests/gen/genletter.py" --seed "$seed" --count 16 --out "$T/g" \
    >/dev/null
$PY "$TOP/tests/gen/genletter.py" --seed "$((seed + 1))" --count 4 \
    --out "$T/m" --missing >/dev/null
at() { date -u -d "$1 -0000" +%s | awk '{ print $1 - 7 * 3600 }'; }
i=0
for f in "$T"/g/new/* "$T"/m/new/*; do
	i=$((i + 1))
	# Mondays to Thursdays 09:00 from 5 October, a week apart.
	t=$(( $(at "2026-10-05 09:00") + (i % 12) * 7 * 86400 + (i % 4) * 86400 ))
	SERTEL_NOW=$t "$SERTEL" --config "$C" process "$f" 2>/dev/null
done
printf 'From: R <renew@pekalongankota.go.id>\nTo: layanan.tte@pekalongankota.go.id\nSubject: Perpanjangan sertifikat elektronik\nMessage-ID: <renew@x>\n\nNama : R\n' >"$T/r.eml"
SERTEL_NOW=$(at "2026-11-10 09:00") "$SERTEL" --config "$C" process "$T/r.eml" 2>/dev/null
printf 'From: K <k@pekalongankota.go.id>\nTo: layanan.tte@pekalongankota.go.id\nSubject: Pengaduan layanan\nMessage-ID: <k@x>\n\nlambat\n' >"$T/k.eml"
SERTEL_NOW=$(at "2026-11-11 09:00") "$SERTEL" --config "$C" process "$T/k.eml" 2>/dev/null
# Approve four and reject two, the next working day.
k=0
for id in $("$SERTEL" --config "$C" list --status in_review | awk '/^SE-/ {print $1}' | head -6); do
	k=$((k + 1))
	rt=$("$SERTEL" --config "$C" show --json "$id" | $PY -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["at"])')
	t=$(( $(date -d "$rt" +%s) + 86400 ))
	if [ $k -le 4 ]; then
		SERTEL_NOW=$t "$SERTEL" --config "$C" approve "$id" >/dev/null 2>&1
	else
		SERTEL_NOW=$t "$SERTEL" --config "$C" reject --reason "SK tidak sesuai" "$id" >/dev/null 2>&1
	fi
done
END=$(at "2026-12-31 09:00")
SERTEL_NOW=$END "$SERTEL" --config "$C" report --quarter 2026Q4 \
    -o "$T/r.pdf" --json "$T/r.json" --csv "$T/r.csv" >/dev/null
ok $? "sertel report --quarter 2026Q4 writes the PDF, JSON and CSV"
$PY - "$T/r.json" "$T/var/sertel.db" <<'PY'
import json, sqlite3, sys
r = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
n = db.execute("select count(*) from requests").fetchone()[0]
problems = []
def want(cond, what):
    if not cond:
        problems.append(what)
want(r["received"] == n == 21, "received %s, store %s" % (r["received"], n))
want(sum(r["status"].values()) == r["received"], "statuses add up")
want(r["status"]["approved"] == 4 and r["status"]["rejected"] == 2,
     "4 approved, 2 rejected: %s" % r["status"])
want(r["finished"] == 6, "6 finished")
want(sum(w["issuance"] for w in r["weeks"]) == 20 and
     sum(w["renewal"] for w in r["weeks"]) == 1, "weeks: 20 + 1")
want(0 < r["turnaround_median_hours"] <= r["turnaround_p90_hours"] <= 12,
     "turnaround within a day or two: %s / %s" % (
         r["turnaround_median_hours"], r["turnaround_p90_hours"]))
want(r["sla_compliance_percent"] == 100.0, "all six decided in time")
want([x["document"] for x in r["incomplete_reasons"]][:1] == ["sk_jabatan"],
     "the missing SK jabatan leads the reasons: %s" % r["incomplete_reasons"])
want(r["complaints_opened"] == 1, "one complaint")
print("\n".join("# " + p for p in problems))
sys.exit(1 if problems else 0)
PY
ok $? "the JSON figures add up to what was put in"
grep -q "^summary,received,21$" "$T/r.csv" &&
    grep -q "^status,approved,4$" "$T/r.csv" &&
    grep -q "^incomplete_reason,sk_jabatan," "$T/r.csv"
ok $? "the CSV carries the same figures"
qpdf --check "$T/r.pdf" >/dev/null 2>&1
ok $? "qpdf --check is clean on the PDF"
pdftoppm -r 60 -png "$T/r.pdf" "$T/page" 2>/dev/null
is "$(ls "$T"/page-*.png 2>/dev/null | wc -l)" 2 "pdftoppm renders its two pages"
pdftotext "$T/r.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$T/r.txt"
for want in "LAPORAN KINERJA TRIWULAN IV TAHUN 2026" \
    "Periode 1 Oktober 2026 s.d. 31 Desember 2026" \
    "Permohonan per minggu menurut jenis" "Penerbitan" "Pembaruan" \
    "Status permohonan" "Disetujui" "SK jabatan terakhir" "100.0%"; do
	grep -qF "$want" "$T/r.txt" || echo "# missing: $want"
done >"$T/missing"
is "$(cat "$T/missing")" "" "the PDF has its titles, legend and labels"
"$SERTEL" --config "$C" report --quarter 2026Q5 >/dev/null 2>&1
is $? 64 "a quarter that does not exist is a usage error"
done_testing
