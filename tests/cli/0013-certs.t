#!/bin/sh
# The office's certificates and their expiry reminders: `sertel cert
# import` reads PEM, DER and PKCS#7 bundles; the daemon reminds each
# holder (copy to the verifier) 30, 14 and 7 days before and on expiry,
# each step once, only the nearest when several are due at once.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
cat >>"$C" <<CONF
[paths]
pid_file = $T/var/sertel.pid
inbox = $T/var/inbox
[ocr]
enabled = no
CONF
mkpki "$T/pki" 400
holder() {	# holder NAME EMAIL DAYS: $T/pki/NAME.pem, valid DAYS days
	(
		cd "$T/pki" || exit 1
		openssl req -newkey rsa:2048 -nodes -keyout "$1.key" \
		    -out "$1.csr" -subj "/O=Pemerintah Kota Pekalongan/CN=$1"
		printf '%s\n' basicConstraints=CA:FALSE \
		    keyUsage=critical,digitalSignature,nonRepudiation \
		    "subjectAltName=email:$2" >"$1.ext"
		openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key \
		    -CAcreateserial -days "$3" -extfile "$1.ext" -out "$1.pem"
	) >>"$T/pki/holders.log" 2>&1
}
holder "Ani Lestari" ani@pekalongankota.go.id 20
holder "Budi Santoso" budi@pekalongankota.go.id 5
holder "Citra Dewi" citra@pekalongankota.go.id 60
ok $? "openssl makes three holders' certificates"
# A PKCS#7 bundle of two (with the CA), and one DER.
openssl crl2pkcs7 -nocrl -certfile "$T/pki/Ani Lestari.pem" \
    -certfile "$T/pki/Citra Dewi.pem" -certfile "$T/pki/ca.pem" \
    -out "$T/pki/bundle.p7b" 2>/dev/null
openssl x509 -in "$T/pki/Budi Santoso.pem" -outform DER \
    -out "$T/pki/budi.der" 2>/dev/null
"$SERTEL" --config "$C" cert import "$T/pki/bundle.p7b" "$T/pki/budi.der" \
    >"$T/import.out" 2>"$T/import.err"
ok $? "cert import of a PKCS#7 bundle and a DER file"
is "$(cat "$T/import.out")" "3 certificates kept" "three holders, the CA skipped"
"$SERTEL" --config "$C" cert import "$T/pki/bundle.p7b" >/dev/null 2>&1
is "$(sqlite3 "$T/var/sertel.db" 'select count(*) from certificates')" 3 \
    "importing again keeps each certificate once"
"$SERTEL" --config "$C" cert list --json >"$T/list.json"
$PY - "$T/list.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert [c["email"] for c in a] == ["budi@pekalongankota.go.id",
    "ani@pekalongankota.go.id", "citra@pekalongankota.go.id"], a
assert 3 <= a[0]["days_left"] <= 5 and 18 <= a[1]["days_left"] <= 20, a
PY
ok $? "cert list: soonest expiry first, with the days left"
echo "this is not a certificate" >"$T/junk.pem"
"$SERTEL" --config "$C" cert import "$T/junk.pem" >/dev/null 2>"$T/junk.err"
is $? 65 "a file with no certificate: exit 65"

reminders() {	# reminders EMAIL: reminder mails to EMAIL in the outbox
	grep -l "^To: $1" "$T/var/outbox/new/"* 2>/dev/null |
	    xargs -r grep -l "Sertifikat Elektronik Anda" | wc -l
}
"$SERTEL" --config "$C" -v run --once 2>"$T/r1.err"
ok $? "a daemon pass"
is "$(reminders ani@)" 1 "Ani (20 days left): the 30-day reminder"
is "$(reminders budi@)" 1 "Budi (5 days left): one reminder, the 7-day one"
is "$(reminders citra@)" 0 "Citra (60 days left): none yet"
grep -l "^To: budi@" "$T/var/outbox/new/"* | xargs grep -l \
    "^Cc: verifikator.tte@pekalongankota.go.id" >/dev/null
ok $? "the verifier gets a copy"
$PY - "$T/var/outbox/new" <<'PY'
import email, email.policy, os, sys
d = sys.argv[1]
for f in os.listdir(d):
    m = email.message_from_bytes(open(os.path.join(d, f), "rb").read(),
                                 policy=email.policy.default)
    if m["To"] == "budi@pekalongankota.go.id":
        body = " ".join(m.get_body(("plain",)).get_content().split())
        ok = ("berakhir dalam 7 hari" in m["Subject"] and "AMS" in body
              and "Surat Rekomendasi" in body and "pasangan kunci" in body)
        sys.exit(0 if ok else 1)
sys.exit(1)
PY
ok $? "in Indonesian, with the renewal procedure"
"$SERTEL" --config "$C" run --once 2>"$T/r2.err"
is "$(($(reminders ani@) + $(reminders budi@) + $(reminders citra@)))" 2 \
    "a second pass sends nothing again"
# Sixteen days on: Ani has 4 days left (7-day step), Budi's has expired.
LATER=$(($(date +%s) + 16 * 86400))
SERTEL_NOW=$LATER "$SERTEL" --config "$C" run --once 2>"$T/r3.err"
is "$(reminders ani@)" 2 "Ani gets the 7-day reminder (14 was skipped)"
is "$(reminders budi@)" 1 "Budi's expired certificate: no more (a day past)"
is "$(sqlite3 "$T/var/sertel.db" \
    "select group_concat(step) from (select step from cert_notices n
     join certificates c on c.id = n.cert_id where c.email like 'ani@%'
     order by step desc)")" "30,14,7" "Ani's steps are recorded once each"
# A renewed certificate ends the reminders for the old one.
holder "Citra Dewi 2" citra@pekalongankota.go.id 730
"$SERTEL" --config "$C" cert import "$T/pki/Citra Dewi 2.pem" >/dev/null
SERTEL_NOW=$(($(date +%s) + 55 * 86400)) "$SERTEL" --config "$C" run \
    --once 2>"$T/r4.err"
is "$(reminders citra@)" 0 "Citra renewed: her old certificate is not reminded"
done_testing
