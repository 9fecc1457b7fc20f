#!/bin/sh
# Renewal requests: a mail asking to renew (or answering an expiry
# reminder) opens a request of type renewal whose only requirement is the
# recommendation letter (plus the data-change form when the holder says
# the data changed); its SLA is one working day and its letter the
# renewal variant.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
cat >>"$C" <<CONF
[ocr]
enabled = no
CONF
mkpki "$T/pki" 30
cat >>"$C" <<CONF
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
CONF
# A small real PDF with a title, as an office scanner would not make it.
$PY - "$T" <<'PY'
import sys
from reportlab.pdfgen import canvas
for name, title in (("sr", "SURAT REKOMENDASI"),
                    ("pd", "FORMULIR PERUBAHAN DATA")):
    c = canvas.Canvas("%s/%s.pdf" % (sys.argv[1], name))
    c.drawString(72, 760, title)
    c.drawString(72, 740, "Yang bertanda tangan di bawah ini ...")
    c.save()
PY
ok $? "reportlab makes the recommendation letter and the data form"
mail() {	# mail FILE SUBJECT BODY [ATTACH...]: a request mail
	f=$1 subj=$2 body=$3
	shift 3
	$PY - "$f" "$subj" "$body" "$@" <<'PY'
import sys, email.message, email.utils
f, subj, body, *att = sys.argv[1:]
m = email.message.EmailMessage()
m["From"] = "Dewi Anggraini <dewi.anggraini@pekalongankota.go.id>"
m["To"] = "layanan.tte@pekalongankota.go.id"
m["Subject"] = subj
m["Date"] = email.utils.formatdate()
m["Message-ID"] = email.utils.make_msgid(domain="pekalongankota.go.id")
m.set_content(body)
for a in att:
    m.add_attachment(open(a, "rb").read(), maintype="application",
                     subtype="pdf", filename=a.rsplit("/", 1)[1])
open(f, "wb").write(bytes(m))
PY
}
field() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

mail "$T/r1.eml" "Permohonan perpanjangan sertifikat elektronik" \
    "Yth. Diskominfo, sertifikat saya akan habis masa berlakunya.
Nama : Dewi Anggraini, S.T." "$T/sr.pdf"
"$SERTEL" --config "$C" process "$T/r1.eml" 2>"$T/p1.err"
ok $? "a renewal mail with the recommendation letter is processed"
"$SERTEL" --config "$C" show --json SE-2026-000001 >"$T/s1.json"
is "$(field 'd["type"]' <"$T/s1.json")" renewal "it opens a renewal"
is "$(field 'd["status"]' <"$T/s1.json")" in_review \
    "the recommendation letter alone completes it"
is "$(field 'd["sla"]["budget_minutes"] <= 405' <"$T/s1.json")" True \
    "its service time is one working day"
"$SERTEL" --config "$C" letter -o "$T/draft.pdf" SE-2026-000001 >/dev/null
pdftotext "$T/draft.pdf" - 2>/dev/null | grep -q "Permohonan Pembaruan Sertifikat Elektronik"
ok $? "its draft is the renewal letter"
"$SERTEL" --config "$C" approve SE-2026-000001 >/dev/null 2>&1
ok $? "approved"
f=$("$SERTEL" --config "$C" show --json SE-2026-000001 | field 'd["letter"]["path"]')
pdftotext "$f" - 2>/dev/null | tr -s '\n ' '  ' |
    grep -q "pembaruan sertifikat elektronik dengan penggantian pasangan kunci"
ok $? "the signed letter asks for renewal with a new key pair"

# Data changed: the data-change form is required too.
mail "$T/r2.eml" "Pembaruan sertifikat elektronik" \
    "Saya mohon pembaruan sertifikat. Ada perubahan data: saya ganti jabatan.
Nama : Dewi Anggraini, S.T." "$T/sr.pdf"
"$SERTEL" --config "$C" process "$T/r2.eml" 2>/dev/null
"$SERTEL" --config "$C" show --json SE-2026-000002 >"$T/s2.json"
is "$(field 'd["type"] + " " + d["status"] + " " + ",".join(d["missing"])' \
    <"$T/s2.json")" "renewal incomplete formulir_perubahan_data" \
    "a changed holder must send the data-change form"
mail "$T/r3.eml" "Re: [SE-2026-000002] Pembaruan" "Terlampir formulirnya." \
    "$T/pd.pdf"
"$SERTEL" --config "$C" process "$T/r3.eml" 2>/dev/null
is "$("$SERTEL" --config "$C" show --json SE-2026-000002 | field 'd["status"]')" \
    in_review "with the form the renewal is complete"

# An ordinary request stays an issuance.
mail "$T/r4.eml" "Permohonan sertifikat elektronik" "Nama : Dewi" "$T/sr.pdf"
"$SERTEL" --config "$C" process "$T/r4.eml" 2>/dev/null
is "$("$SERTEL" --config "$C" show --json SE-2026-000003 | field 'd["type"] + " " + d["status"]')" \
    "issuance incomplete" "a plain request is an issuance, needing five documents"

# An answer to an expiry reminder is a renewal, whatever it says.
openssl req -newkey rsa:2048 -nodes -keyout "$T/h.key" -out "$T/h.csr" \
    -subj "/CN=Eka Putri" >/dev/null 2>&1
printf 'subjectAltName=email:eka.putri@pekalongankota.go.id\n' >"$T/h.ext"
openssl x509 -req -in "$T/h.csr" -CA "$T/pki/ca.pem" -CAkey "$T/pki/ca.key" \
    -CAcreateserial -days 10 -extfile "$T/h.ext" -out "$T/h.pem" \
    >/dev/null 2>&1
"$SERTEL" --config "$C" cert import "$T/h.pem" >/dev/null
cat >>"$C" <<CONF
[paths]
pid_file = $T/var/sertel.pid
inbox = $T/var/inbox
CONF
"$SERTEL" --config "$C" run --once 2>/dev/null
rem=$(grep -l "^To: eka.putri@" "$T/var/outbox/new/"* | head -1)
[ -n "$rem" ]
ok $? "the holder got a reminder"
mid=$(grep -i "^Message-ID:" "$rem" | head -1 | cut -d' ' -f2 | tr -d '\r')
$PY - "$T/r5.eml" "$mid" <<'PY'
import sys, email.message, email.utils
m = email.message.EmailMessage()
m["From"] = "Eka Putri <eka.putri@pekalongankota.go.id>"
m["To"] = "layanan.tte@pekalongankota.go.id"
m["Subject"] = "Re: Sertifikat"
m["In-Reply-To"] = sys.argv[2]
m["Message-ID"] = email.utils.make_msgid(domain="pekalongankota.go.id")
m["Date"] = email.utils.formatdate()
m.set_content("Baik, terlampir suratnya.\n")
open(sys.argv[1], "wb").write(bytes(m))
PY
"$SERTEL" --config "$C" process "$T/r5.eml" 2>/dev/null
is "$("$SERTEL" --config "$C" list --json | $PY -c '
import json, sys
print([r["type"] for r in json.load(sys.stdin)
       if r["applicant_email"].startswith("eka.")])')" "['renewal']" \
    "an answer to a reminder opens a renewal"
done_testing
