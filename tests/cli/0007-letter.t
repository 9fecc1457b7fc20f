#!/bin/sh
# The letter to Kepala BSSN: a draft for every complete request (mailed to
# the verifier), approval (number, PDF signature, register, QR code),
# rejection, a 60-applicant batch and a layout with a DOCTYPE refused.
# The PDFs are checked with real tools: qpdf --check, pdftotext (every
# field of every applicant, in order), pdffonts (embedded), a glyph for
# every character shown, pdfsig (valid; trusted through an NSS db),
# zbarimg on pdftoppm -r 200 pages. A throwaway CA and signing key are
# made with openssl. Applicants come from tests/gen/genletter.py: the seed
# is $SERTEL_SEED or the clock, printed first. OCR is off.
. "$(dirname "$0")/lib.sh"
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed (reproduce: SERTEL_SEED=$seed prove -v $0)"
VERIFIER=verifikator.tte@pekalongankota.go.id
PATTERN='000.8.3.3/%d/Diskominfo'

chk() { $PY "$TOP/tests/cli/check_letter.py" "$@" 2>&1; }	# "# why"
codes() { $PY "$TOP/tests/cli/check_letter.py" codes "$@"; }
gen() { $PY "$TOP/tests/gen/genletter.py" --seed "$seed" "$@"; }
st() {	# st CODE: the request's status
	"$SERTEL" --config "$C" show --json "$1" |
	    $PY -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}
num() {	# num N: the Nth letter number
	# shellcheck disable=SC2059
	printf "$PATTERN" "$1"
}
sig() { pdfsig "$@" 2>/dev/null; }
email_of() {	# email_of PEOPLE.json INDEX
	$PY -c 'import json,sys
print(json.load(open(sys.argv[1]))[int(sys.argv[2])]["email"])' "$1" "$2"
}
txt() { pdftotext -layout "$1" - 2>/dev/null; }

missing=
for t in openssl certutil qpdf pdftotext pdfinfo pdffonts pdfsig pdftoppm \
    zbarimg; do
	command -v "$t" >/dev/null || missing="$missing $t"
done
is "$missing" "" "the PDF and PKI tools are installed"

# --- A throwaway CA, a signing certificate from it, another CA, a PKCS#12.
mkpki "$T/pki" 3 &&
(
	cd "$T/pki" || exit 1
	set -e
	openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key \
	    -out other.pem -days 3 -subj "/O=Elsewhere/CN=Another CA"
	echo 'kata sandi p12' >p12pass
	openssl pkcs12 -export -in cert.pem -inkey key.pem -certfile ca.pem \
	    -passout file:p12pass -out x.p12
) >"$T/pki.log" 2>&1
ok $? "openssl makes a CA, a signing certificate, another CA and a .p12"
mkdir "$T/nss"
certutil -N -d "sql:$T/nss" --empty-password &&
    certutil -A -d "sql:$T/nss" -n ca -t C,C,C -i "$T/pki/ca.pem"
ok $? "an NSS database trusts the test CA"

C=$(mkconf)
cat >>"$C" <<CONF
[paths]
letters = $T/var/letters
[verifier]
email = $VERIFIER
[ocr]
enabled = no
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
CONF
# The same store, signing with the PKCS#12 file and its password file.
sed -e "s|^cert = .*|cert = $T/pki/x.p12|" -e 's|^key = .*|key =|' "$C" \
    >"$T/p12.conf"
echo "key_password_file = $T/pki/p12pass" >>"$T/p12.conf"
# The same store, with a layout that declares a DOCTYPE and an entity.
cp -R "$TOP/templates" "$T/tpl"
sed -i '1a <!DOCTYPE letter [<!ENTITY x "y">]>' "$T/tpl/letter/permohonan.xml"
sed -e "s|^templates = .*|templates = $T/tpl|" "$C" >"$T/bad.conf"

# --- Six complete requests (apostrophe, letters beyond Latin-1, titles,
# a plain name, Latin-1 letters, random) and one without its SK jabatan.
gen --count 6 --out "$T/in" && gen --count 1 --first 100 --missing \
    --out "$T/inc"
ok $? "genletter.py writes 6 complete requests and 1 incomplete one"
$PY -c 'import json,sys
people = json.load(open(sys.argv[1]))
print("# applicants:", "; ".join(p["nama"] for p in people))' \
    "$T/in/people.json"
"$SERTEL" --config "$C" process "$T/in" "$T/inc" >/dev/null 2>"$T/err"
ok $? "process the requests exits 0"
"$SERTEL" --config "$C" list --json >"$T/list.json"
codes=$(codes "$T/list.json" "$T/in/people.json")
ok $? "every request is in the store"
RI=$(codes "$T/list.json" "$T/inc/people.json")
bail() {	# bail REASON: what follows would only repeat the failure
	echo "# $1: stopping here"
	failed=$((failed + 1))
	done_testing
	exit 1
}
[ "$(echo $codes $RI | wc -w)" -eq 7 ] || bail "no requests to go on with"
set -- $codes
R1=$1 R2=$2 R3=$3 R4=$4 R5=$5 R6=$6
is "$(st "$RI")" incomplete "$RI without an SK jabatan is incomplete"
[ ! -e "$T/var/letters/draf/$RI.pdf" ]
ok $? "and gets no draft"

# --- Drafts: in the letters directory, from `sertel letter`, in the mail.
i=0
for r in $codes; do
	is "$(st "$r")" in_review "$r is in_review (complete, KTP not read)"
	d="$T/var/letters/draf/$r.pdf"
	"$SERTEL" --config "$C" letter -o "$T/fresh-$r.pdf" "$r" >"$T/out" \
	    2>&1
	ok $? "$r: sertel letter -o writes a fresh draft"
	for f in "$d" "$T/fresh-$r.pdf"; do
		w=${f##*/}
		qpdf --check "$f" >/dev/null 2>&1
		ok $? "$w: qpdf --check is clean"
		txt "$f" | grep -Eq '^Nomor +: +\(draf\)'
		ok $? "$w: Nomor : (draf)"
		chk fields "$f" "$T/in/people.json@$i"
		ok $? "$w: name, NIK, NIP in groups, jabatan, unit, e-mail"
		chk fonts "$f"
		ok $? "$w: every font embedded"
	done
	chk glyphs "$d"
	ok $? "$r: every character of the draft has a glyph"
	chk mail "$T/var/outbox" --to "$VERIFIER" --code "$r" \
	    --subject "Verifikasi permohonan" --pdf "draf-surat-$r.pdf" \
	    --save "$T/att-$r.pdf" && cmp -s "$T/att-$r.pdf" "$d"
	ok $? "$r: the verifier's mail carries the draft as a PDF"
	i=$((i + 1))
done
"$SERTEL" --config "$C" verify-letter "$T/var/letters/draf/$R1.pdf" \
    >"$T/out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "not signed" "$T/out"
ok $? "verify-letter on a draft: not signed, exit $rc"

# --- Approve the first: number 1, signed, registered, QR code.
: >"$T/numbers"
approve() {	# approve CODE [CONF]: output in $T/ap-CODE
	"$SERTEL" --config "${2:-$C}" approve "$1" >"$T/ap-$1" 2>&1
	rc=$?
	[ $rc -eq 0 ] && cut -f3 "$T/ap-$1" >>"$T/numbers"
	return $rc
}
approve "$R1"
ok $? "approve $R1 exits 0"
is "$(cut -f3 "$T/ap-$R1")" "$(num 1)" "it takes number $(num 1)"
is "$(st "$R1")" approved "$R1 is approved"
F1=$(cut -f4 "$T/ap-$R1")
sig "$F1" >"$T/sig"
grep -q "Signature is Valid\." "$T/sig" &&
    grep -q "Total document signed" "$T/sig"
ok $? "pdfsig: the signature is valid and covers the whole document"
sig -nssdir "sql:$T/nss" "$F1" | grep -q "Certificate is Trusted\."
ok $? "pdfsig with the CA in NSS: Certificate is Trusted."
qpdf --check "$F1" >/dev/null 2>&1
ok $? "qpdf --check is clean on the signed letter"
txt "$F1" | grep -Eq "^Nomor +: +$(num 1)\$"
ok $? "the letter prints Nomor : $(num 1)"
chk fields "$F1" "$T/in/people.json@0" && chk fonts "$F1" &&
    chk glyphs "$F1"
ok $? "the signed letter holds the applicant's fields in embedded fonts"
"$SERTEL" --config "$C" verify-letter --ca "$T/pki/ca.pem" "$F1" >"$T/vl"
ok $? "verify-letter --ca ca.pem exits 0"
grep -q "^result: *VALID" "$T/vl" && grep -q "^register: *ok" "$T/vl"
ok $? "and says VALID, register ok"
"$SERTEL" --config "$C" verify-letter --ca "$T/pki/other.pem" "$F1" \
    >"$T/out"
rc=$?
[ $rc -ne 0 ] && grep -q "not trusted" "$T/out"
ok $? "with another CA: not trusted, exit $rc"
# zbarimg exits 4 when a page has no code: its output is what counts.
pdftoppm -r 200 -png "$F1" "$T/page" 2>/dev/null
zbarimg -q --raw "$T"/page*.png >"$T/qr" 2>/dev/null
[ -s "$T/qr" ]
ok $? "zbarimg finds a code on the pdftoppm -r 200 pages"
sha=$(sed -n 's/^qr: .*SHA-256 \([0-9a-f]*\)$/\1/p' "$T/vl")
printf 'SERTEL-TTE\nNomor: %s\nSHA-256: %s\n' "$(num 1)" "$sha" >"$T/qr.want"
echo "$sha" | grep -Eq '^[0-9a-f]{64}$' && cmp -s "$T/qr" "$T/qr.want"
ok $? "the QR code reads SERTEL-TTE, the number and a SHA-256"
chk flip "$F1" "$T/flipped.pdf" >/dev/null &&
    sig "$T/flipped.pdf" | grep -q "Digest Mismatch\."
ok $? "one byte changed inside the signed range: pdfsig Digest Mismatch."
# (The byte may land in a font: poppler then complains on stderr.)
"$SERTEL" --config "$C" verify-letter "$T/flipped.pdf" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -ne 0 ] && grep -q "digest mismatch" "$T/out"
ok $? "and verify-letter: digest mismatch, exit $rc"
chk mail "$T/var/outbox" --to "$(email_of "$T/in/people.json" 0)" \
    --code "$R1" --subject disetujui \
    --body "$(num 1)" --body AMS --body LOCK --body CSR
ok $? "the applicant is told the number and the AMS, LOCK, CSR steps"
"$SERTEL" --config "$C" letter -o "$T/final-$R1.pdf" "$R1" >/dev/null &&
    cmp -s "$T/final-$R1.pdf" "$F1"
ok $? "sertel letter of an approved request gives the signed letter"

# --- Refusals take no number.
approve "$R1"
rc=$?
[ $rc -ne 0 ] && grep -q "not in_review" "$T/ap-$R1"
ok $? "approving $R1 again fails (exit $rc)"
approve "$RI"
rc=$?
[ $rc -ne 0 ] && [ "$(st "$RI")" = incomplete ]
ok $? "approving the incomplete $RI fails (exit $rc)"
mkdir "$T/empty"
(cd "$T/empty" && "$SERTEL" --config "$T/bad.conf" letter "$R2") \
    >/dev/null 2>"$T/err"
is $? 78 "a layout with a DOCTYPE: sertel letter exits 78 (EX_CONFIG)"
grep -q DOCTYPE "$T/err"
ok $? "and names the DOCTYPE"
"$SERTEL" --config "$T/bad.conf" letter -o "$T/bad.pdf" "$R2" \
    >/dev/null 2>&1
[ $? -eq 78 ] && [ ! -e "$T/bad.pdf" ] && [ -z "$(ls -A "$T/empty")" ]
ok $? "and writes nothing"
approve "$R2" "$T/bad.conf"
is $? 78 "approve with that layout exits 78"
is "$(st "$R2")" in_review "and $R2 stays in_review"

# --- The PKCS#12 key, then two approvals at once.
approve "$R2" "$T/p12.conf"
ok $? "approve $R2 with cert = x.p12 and a password file"
is "$(cut -f3 "$T/ap-$R2")" "$(num 2)" "it takes $(num 2): none skipped"
F2=$(cut -f4 "$T/ap-$R2")
sig "$F2" | grep -q "Signature is Valid\." &&
    "$SERTEL" --config "$C" verify-letter --ca "$T/pki/ca.pem" "$F2" \
    >/dev/null
ok $? "its signature is valid and chains to the CA"
approve "$R3" & p3=$!
approve "$R4" & p4=$!
wait $p3
r3=$?
wait $p4
r4=$?
is "$r3 $r4" "0 0" "two approvals started together both succeed"
is "$(cut -f3 "$T/ap-$R3" "$T/ap-$R4" | sort | tr '\n' ' ')" \
    "$(num 3) $(num 4) " "and take numbers 3 and 4"

# --- Reject.
reason="Petikan SK jabatan tidak terbaca – mohon kirim ulang"
"$SERTEL" --config "$C" reject --reason "$reason" "$R5" >/dev/null 2>&1
ok $? "reject $R5 --reason exits 0"
is "$(st "$R5")" rejected "$R5 is rejected"
chk mail "$T/var/outbox" --to "$(email_of "$T/in/people.json" 4)" \
    --code "$R5" --subject ditolak --body "$reason"
ok $? "the applicant's reply carries the reason"
"$SERTEL" --config "$C" reject "$R6" >/dev/null 2>&1
is $? 64 "reject without --reason is a usage error (64)"
is "$(st "$R6")" in_review "and $R6 stays in_review"
"$SERTEL" --config "$C" reject --reason "x" "$R1" >/dev/null 2>&1
rc=$?
[ $rc -ne 0 ] && [ "$(st "$R1")" = approved ]
ok $? "an approved request cannot be rejected (exit $rc)"

# --- A batch: 60 more, all approved, one letter for everyone approved.
gen --count 60 --first 200 --out "$T/b"
ok $? "genletter.py writes 60 more requests"
"$SERTEL" --config "$C" process "$T/b" >/dev/null 2>"$T/err"
ok $? "process them exits 0"
"$SERTEL" --config "$C" list --json >"$T/list.json"
bcodes=$(codes "$T/list.json" "$T/b/people.json")
ok $? "all 60 are in the store"
[ "$(echo $bcodes | wc -w)" -eq 60 ] || bail "no batch to go on with"
$PY -c 'import json,sys
codes = set(sys.argv[2:])
bad = [r["id"] + " " + r["status"] for r in json.load(open(sys.argv[1]))
       if r["id"] in codes and r["status"] != "in_review"]
print("".join("# %s\n" % b for b in bad), end="")
sys.exit(1 if bad or len(codes) != 60 else 0)' "$T/list.json" $bcodes
ok $? "all 60 are in_review"
bad=0
for r in $bcodes; do
	approve "$r" || { sed 's/^/# /' "$T/ap-$r"; bad=1; }
done
ok $bad "all 60 are approved"
"$SERTEL" --config "$C" letter --batch --draft -o "$T/bdraft.pdf" "$R2" \
    "$R1" >/dev/null 2>&1 &&
    txt "$T/bdraft.pdf" | grep -Eq '^Nomor +: +\(draf\)' &&
    chk fields "$T/bdraft.pdf" "$T/in/people.json@1,0" &&
    ! sig "$T/bdraft.pdf" | grep -q "Signature #"
ok $? "letter --batch --draft ID ID: unnumbered, unsigned, in the order given"
"$SERTEL" --config "$C" letter --batch -o "$T/batch.pdf" >"$T/out" \
    2>"$T/err"
ok $? "letter --batch exits 0"
FB=$(cut -f1 "$T/out")
is "$(cut -f3 "$T/out")" "64 pemohon" "it takes the 4 earlier and 60 new"
cut -f2 "$T/out" >>"$T/numbers"
cmp -s "$FB" "$T/batch.pdf"
ok $? "-o writes a copy of the registered letter"
pages=$(pdfinfo "$T/batch.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -gt 1 ]
ok $? "the batch letter has more than one page ($pages)"
chk header "$T/batch.pdf" "$T/in/people.json" "$T/b/people.json"
ok $? "header row on every page with rows; Halaman P dari $pages"
chk fields "$T/batch.pdf" "$T/in/people.json@0,1,2,3" "$T/b/people.json"
ok $? "all 64 applicants, every field, in request order"
chk fonts "$T/batch.pdf" && chk glyphs "$T/batch.pdf"
ok $? "embedded fonts, a glyph for every character"
qpdf --check "$T/batch.pdf" >/dev/null 2>&1
ok $? "qpdf --check is clean on the batch"
sig "$T/batch.pdf" >"$T/sig"
grep -q "Signature is Valid\." "$T/sig" &&
    grep -q "Total document signed" "$T/sig"
ok $? "pdfsig: the batch is signed, whole document"
"$SERTEL" --config "$C" verify-letter --ca "$T/pki/ca.pem" "$T/batch.pdf" \
    >"$T/vl"
ok $? "verify-letter --ca passes on the batch"
grep -q "^result: *VALID" "$T/vl"
ok $? "and says VALID"
"$SERTEL" --config "$C" letter --batch -o "$T/batch2.pdf" >/dev/null \
    2>"$T/err"
rc=$?
[ $rc -ne 0 ] && grep -q "no approved request" "$T/err" &&
    [ ! -e "$T/batch2.pdf" ]
ok $? "a second batch with nothing left fails (exit $rc): $(cat "$T/err")"

# --- Every number taken once, none skipped: 1..65.
sed 's|^000\.8\.3\.3/\([0-9]*\)/Diskominfo$|\1|' "$T/numbers" | sort -n \
    >"$T/serials"
seq 1 65 >"$T/serials.want"
cmp -s "$T/serials" "$T/serials.want"
ok $? "letter numbers 1..65, each once, across approvals and the batch"
done_testing
