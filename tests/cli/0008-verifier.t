#!/bin/sh
# The verifier answers by mail. Six complete requests (tests/gen/
# genletter.py, OCR off) each get a draft mailed to the verifier with a
# token Reply-To; answers are written from those mails by tests/gen/
# genreply.py as Gmail, Outlook and Thunderbird quote them, and fed with
# `sertel process`. Covered: SETUJU / APPROVE / "Setuju." (numbered,
# applicant told), TOLAK with a two-line reason, chat (one help mail),
# refused answers (forged token, another request's address with this
# MAC, expired, another sender, the former verifier, dmarc=fail, a forged
# Authentication-Results, an authserv-id with ours as its prefix: nothing
# changes, no number taken, recorded as ignored, logged without the token),
# a trusted Authentication-Results, a replayed SETUJU, an out-of-office
# answer, TERBIT with a PEM certificate (kept, validity told), TERBIT
# before approval, and BSrE's notice with a DER certificate (and the same
# from another sender). The seed is $SERTEL_SEED or the clock.
. "$(dirname "$0")/lib.sh"
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed (reproduce: SERTEL_SEED=$seed prove -v $0)"
VERIFIER=verifikator.tte@pekalongankota.go.id
AUTHSERV=mx.pekalongankota.go.id
BSRE=noreply@bsre.bssn.go.id
PATTERN='000.8.3.3/%d/Diskominfo'
OUT=$T/var/outbox
DB=$T/var/sertel.db

chk() { $PY "$TOP/tests/cli/check_verifier.py" "$@"; }
gr() { $PY "$TOP/tests/gen/genreply.py" "$@"; }
gen() { $PY "$TOP/tests/gen/genletter.py" --seed "$seed" "$@"; }
num() {	# num N: the Nth letter number
	# shellcheck disable=SC2059
	printf "$PATTERN" "$1"
}
show() {	# show CODE: its JSON in $T/show.json
	"$SERTEL" --config "$C" show --json "$1" >"$T/show.json"
}
get() {	# get CODE PATH...
	_c=$1
	shift
	show "$_c" && chk get "$T/show.json" "$@"
}
st() { get "$1" status; }
stnr() { get "$1" status letter.number; }	# status and letter number
snap() {	# snap CODE: status, number, events; and all mail sent
	echo "$(get "$1" status letter.number events.#) $(ls "$OUT/new" |
	    wc -l)"
}
vmail() {	# vmail CODE: sertel's mail to the verifier (looked up once)
	[ -s "$T/vmail.$1" ] || chk mail "$OUT" --to "$VERIFIER" --code "$1" \
	    --subject Verifikasi >"$T/vmail.$1" || { rm -f "$T/vmail.$1"; \
	    return 1; }
	cat "$T/vmail.$1"
}
feed() {	# feed NAME [CONF]: process $T/r/NAME.eml; $NOW is SERTEL_NOW
	env ${NOW:+SERTEL_NOW=$NOW} "$SERTEL" --config "${2:-$C}" process \
	    "$T/r/$1.eml" >"$T/r/$1.out" 2>"$T/r/$1.err"
	rc=$?
	cat "$T/r/$1.err" >>"$T/all.err"
	return $rc
}
reply() {	# reply NAME CODE ARGS...: an answer to CODE's review mail
	_n=$1
	_v=$(vmail "$2") || return 1
	shift 2
	gr reply "$_v" --out "$T/r/$_n.eml" --message-id "$(mid "$_n")" "$@"
}
held() {	# held NAME: how `list --quarantine --all` records the answer
	"$SERTEL" --config "$C" list --quarantine --all --json >"$T/held.json"
	chk held "$T/held.json" "$(mid "$1")"
}
mid() { echo "<$1.$seed@mail.pekalongankota.go.id>"; }
bail() {	# bail REASON: what follows would only repeat the failure
	echo "# $1: stopping here"
	failed=$((failed + 1))
	done_testing
	exit 1
}
mkdir "$T/r"
: >"$T/all.err"

# --- A throwaway CA; the office's signing key; applicants' certificates.
mkpki "$T/pki" 60
ok $? "openssl makes a CA and the office's signing certificate"
usercert() {	# usercert NAME EMAIL SERIAL DAYS FORM: $T/pki/NAME.cer
	(
		cd "$T/pki" || exit 1
		set -e
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		    -keyout "$1.key" -out "$1.csr" \
		    -subj "/C=ID/O=Pemerintah Kota Pekalongan/CN=$1"
		{ cat ext.cnf; echo "subjectAltName=email:$2"; } >"$1.ext"
		openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key \
		    -set_serial "$3" -days "$4" -extfile "$1.ext" \
		    -outform "$5" -out "$1.cer"
	) >>"$T/pki.log" 2>&1
}

C=$(mkconf)
cat >>"$C" <<CONF
[paths]
letters = $T/var/letters
token_keys = $T/var/tokens.key
[verifier]
email = $VERIFIER
[ocr]
enabled = no
[letter]
cert = $T/pki/cert.pem
key = $T/pki/key.pem
[bsre]
sender = $BSRE
CONF
# The same store behind an MTA that stamps Authentication-Results.
C2=$T/auth.conf
{ cat "$C"; printf '[verifier]\nauthserv_id = %s\n' "$AUTHSERV"; } >"$C2"

# --- Six complete requests, each in_review with a mail to the verifier.
gen --count 6 --out "$T/in"
ok $? "genletter.py writes 6 complete requests"
"$SERTEL" --config "$C" process "$T/in" >/dev/null 2>"$T/err"
ok $? "process them exits 0"
cat "$T/err" >>"$T/all.err"
"$SERTEL" --config "$C" list --json >"$T/list.json"
codes=$($PY "$TOP/tests/cli/check_letter.py" codes "$T/list.json" \
    "$T/in/people.json")
[ "$(echo $codes | wc -w)" -eq 6 ] || bail "no requests to go on with"
set -- $codes
R1=$1 R2=$2 R3=$3 R4=$4 R5=$5 R6=$6
# Their official addresses, in the same order.
# shellcheck disable=SC2046
set -- $($PY -c 'import json,sys
print(" ".join(p["email"] for p in json.load(open(sys.argv[1]))))' \
    "$T/in/people.json")
E1=$1 E2=$2 E3=$3 E4=$4 E5=$5 E6=$6
bad=0
for r in $codes; do
	[ "$(st "$r")" = in_review ] && vmail "$r" >/dev/null || bad=1
done
ok $bad "all six are in_review, each with one mail to the verifier"
is "$(stat -c %a "$T/var/tokens.key" 2>&1)" 600 \
    "the token key file was made on first use, mode 0600"
V1=$(vmail "$R1")
A1=$(gr addr "$V1")
lc1=$(echo "$R1" | tr 'A-Z' 'a-z')
re="^layanan\.tte\+[a-z0-9]{1,8}\.$lc1\.[0-9a-z]+\.[a-z2-7]{20}"
echo "$A1" | grep -Eq "$re@pekalongankota\.go\.id\$"
ok $? "the review mail's Reply-To is layanan.tte+KEYID.$lc1.EXPIRY.MAC@"
# Every genuine MAC: none of them may ever reach the log.
macs=
for r in $codes; do
	macs="$macs $(gr addr "$(vmail "$r")" | sed 's/@.*//; s/.*\.//')"
done

# --- 1. SETUJU (Thunderbird's quote) approves R1: number 1.
reply setuju "$R1" --client thunderbird --body SETUJU
feed setuju
ok $? "$R1: a SETUJU answer is processed (exit 0)"
is "$(st "$R1")" approved "$R1 is approved"
is "$(get "$R1" letter.number)" "$(num 1)" "and its letter is numbered $(num 1)"
chk mail "$OUT" --to "$E1" --code "$R1" --subject disetujui \
    --body "$(num 1)" >/dev/null
ok $? "the applicant's approved mail gives the number"
get "$R1" messages.message_id | grep -qxF "$(mid setuju)"
ok $? "the answer is recorded with $R1"
get "$R1" events.actor | tail -n 1 | grep -qx "verifier:$VERIFIER"
ok $? "the approval's actor is verifier:$VERIFIER"

# --- 6. Replay: the same text, a new Message-ID, changes nothing.
s1=$(snap "$R1")
reply replay "$R1" --client thunderbird --body SETUJU
feed replay
ok $? "the SETUJU replayed under a new Message-ID is processed (exit 0)"
is "$(snap "$R1")" "$s1" "$R1: status, number, history, mail unchanged"
is "$(chk count "$OUT" --to "$E1" --code "$R1" \
    --subject disetujui)" 1 "no second approved mail"
"$SERTEL" --config "$C" process "$T/r/replay.eml" 2>"$T/err" >/dev/null
grep -q " 1 duplicate" "$T/err"
ok $? "the very same bytes again: a duplicate"

# --- 4. Refused answers to R2 (each a SETUJU): nothing changes.
V2=$(vmail "$R2")
A2=$(gr addr "$V2")
T2=$(echo "$A2" | sed 's/^[^+]*+//; s/@.*//')
s2=$(snap "$R2")
s3=$(snap "$R3")
refused() {	# refused NAME WHAT TOKEN [CONF]: fed, then nothing changed
	feed "$1" "$4"
	ok $? "$2: processed (exit 0)"
	is "$(snap "$R2")" "$s2" "$2: $R2 unchanged, no mail sent"
	h=$(held "$1")
	case $h in ignored:*) true ;; *) false ;; esac
	ok $? "$2: recorded as ignored ($h)"
	grep -q 'stage=review result=refused' "$T/r/$1.err"
	ok $? "$2: logged with result=refused"
	leak=0
	for t in "$3" $macs; do
		grep -qiF -- "$t" "$T/r/$1.err" && leak=1
	done
	ok $leak "$2: the log holds no token"
}
F=$(gr addr "$V2" --flip)
reply forged "$R2" --to "$F" --body SETUJU
F=${F#*+}
refused forged "a token with one character changed" "${F%@*}"
X=$(gr addr "$V2" --code-of "$(vmail "$R3")")
reply swapped "$R2" --to "$X" --body SETUJU
X=${X#*+}
refused swapped "$R3's address carrying $R2's MAC" "${X%@*}"
is "$(snap "$R3")" "$s3" "and $R3 is unchanged too"
reply expired "$R2" --body SETUJU
NOW=$(($(date +%s) + 15 * 86400))
refused expired "15 days later, the token has expired" "$T2"
NOW=
reply stranger "$R2" --body SETUJU \
    --from "Kabid Aptika <kabid.aptika@pekalongankota.go.id>"
refused stranger "the right token From another address" "$T2"
# The verifier replaced: the former one's token is genuine, but From is
# no longer the configured verifier.
sed "s/^email = $VERIFIER\$/email = verifikator.baru@pekalongankota.go.id/" \
    "$C" >"$T/new.conf"
reply former "$R2" --body SETUJU
refused former "the former verifier, after [verifier] email changed" "$T2" \
    "$T/new.conf"
reply dmarcfail "$R2" --body SETUJU --auth "$AUTHSERV; spf=fail \
smtp.mailfrom=gmail.com; dkim=pass header.d=gmail.com; dmarc=fail \
(p=REJECT) header.from=pekalongankota.go.id"
refused dmarcfail "authserv_id set, dkim=pass but dmarc=fail" "$T2" "$C2"
reply forgedar "$R2" --body SETUJU --auth "mx.attacker.example; \
dkim=pass header.d=pekalongankota.go.id; dmarc=pass"
refused forgedar "only another host's Authentication-Results pass" \
    "$T2" "$C2"
reply suffixar "$R2" --body SETUJU --auth "$AUTHSERV.attacker.example; \
dkim=pass header.d=pekalongankota.go.id; dmarc=pass"
refused suffixar "an authserv-id with ours as its prefix" "$T2" "$C2"

# --- 3. Chat above the quote: one help mail, nothing else.
reply chat "$R2" --client gmail-id --body "Baik, saya cek dulu\n\nSalam"
feed chat
ok $? "chat ('Baik, saya cek dulu') is processed (exit 0)"
is "$(stnr "$R2")" "in_review null" "$R2 stays in_review, no number"
help=$(chk mail "$OUT" --to "$VERIFIER" --code "$R2" \
    --subject "Perintah tidak dikenali" --print In-Reply-To)
ok $? "exactly one help mail goes to the verifier"
is "$(echo "$help" | sed -n 2p)" "$(mid chat)" "threaded to the chat"
is "$(chk count "$OUT" --to "$VERIFIER" --subject "Perintah tidak dikenali")" \
    1 "and no other help mail went out before it"
get "$R2" messages.message_id | grep -qxF "$(mid chat)"
ok $? "the chat is recorded with $R2"

# --- 7. Out of office: ignored, no help.
s2=$(snap "$R2")
reply ooo "$R2" --body "Saya sedang cuti sampai 30 November.\nUntuk \
keperluan mendesak hubungi 0285-421093." --header "Auto-Submitted: \
auto-replied" --header "X-Autoreply: yes"
feed ooo
ok $? "an out-of-office answer to the token address is processed"
is "$(snap "$R2")" "$s2" "$R2 unchanged, no mail sent (no help)"
h=$(held ooo)
case $h in ignored:*) true ;; *) false ;; esac
ok $? "recorded as ignored ($h)"

# --- 8b. TERBIT before approval: refused, nothing kept.
usercert early "$E2" 0x0E 730 PEM
ok $? "openssl makes a certificate for $E2"
reply early "$R2" --body TERBIT --attach "$T/pki/early.cer"
feed early
ok $? "TERBIT on the in_review $R2 is processed (exit 0)"
is "$(snap "$R2")" "$s2" "$R2 unchanged, no mail sent"
is "$(sqlite3 "$DB" 'select count(*) from certificates' 2>&1)" 0 \
    "and no certificate kept"

# --- 1. APPROVE (English, Outlook): number 2, none skipped.
reply approve "$R2" --client outlook --body APPROVE
feed approve
ok $? "$R2: APPROVE is processed (exit 0)"
is "$(stnr "$R2")" "approved $(num 2)" \
    "$R2 is approved as $(num 2): the refused answers took no number"
chk mail "$OUT" --to "$E2" --code "$R2" --subject disetujui \
    --body "$(num 2)" >/dev/null
ok $? "the applicant's approved mail gives $(num 2)"

# --- 1. "Setuju." above Gmail's quote: number 3.
reply gmail "$R3" --client gmail --body "Setuju."
feed gmail
ok $? "$R3: 'Setuju.' from Gmail is processed (exit 0)"
is "$(stnr "$R3")" "approved $(num 3)" "$R3 is approved as $(num 3)"
chk mail "$OUT" --to "$E3" --code "$R3" --subject disetujui \
    --body "$(num 3)" >/dev/null
ok $? "the applicant's approved mail gives $(num 3)"

# --- 5. A trusted Authentication-Results pass: accepted, number 4.
reply trusted "$R4" --client gmail --body SETUJU --auth "mx.attacker.example; \
dmarc=fail" --auth "$AUTHSERV; dkim=pass header.d=pekalongankota.go.id; \
dmarc=pass"
feed trusted "$C2"
ok $? "$R4: SETUJU with a trusted dmarc=pass is processed (exit 0)"
is "$(stnr "$R4")" "approved $(num 4)" "$R4 is approved as $(num 4)"
chk mail "$OUT" --to "$E4" --code "$R4" --subject disetujui \
    --body "$(num 4)" >/dev/null
ok $? "the applicant's approved mail gives $(num 4)"

# --- 2. TOLAK with a two-line reason (Outlook): rejected, reason told.
why="SK jabatan yang dilampirkan bukan yang terakhir, mohon kirim SK tahun 2025"
reply tolak "$R5" --client outlook-id --body "TOLAK SK jabatan yang \
dilampirkan bukan yang terakhir,\nmohon kirim SK tahun 2025"
feed tolak
ok $? "$R5: TOLAK with a reason on two lines is processed (exit 0)"
is "$(stnr "$R5")" "rejected null" "$R5 is rejected, no number"
is "$(get "$R5" events.reason | tail -n 1)" "$why" \
    "the reason is both lines joined, nothing of the quote"
chk mail "$OUT" --to "$E5" --code "$R5" --subject ditolak \
    --body "$why" >/dev/null
ok $? "the applicant's rejection mail carries the reason"

# --- 8. TERBIT with a PEM certificate: issued, kept, validity told.
usercert one "$E1" 0x5E27E1A0C0FFEE01 730 PEM
ok $? "openssl makes a 2-year certificate for $E1"
reply terbit "$R1" --client thunderbird --body TERBIT \
    --attach "$T/pki/one.cer"
feed terbit
ok $? "$R1: TERBIT with the certificate is processed (exit 0)"
is "$(st "$R1")" issued "$R1 is issued"
is "$(sqlite3 "$DB" "select r.code, c.email, c.serial from certificates c
    join requests r on r.id = c.request_id" 2>&1)" \
    "$R1|$E1|5E27E1A0C0FFEE01" \
    "the certificate is kept for $R1: e-mail, serial"
end=$(openssl x509 -noout -enddate -in "$T/pki/one.cer" | cut -d= -f2)
is "$(sqlite3 "$DB" "select subject like '%CN=one%', not_after
    from certificates" 2>&1)" "1|$(date -d "$end" +%s)" \
    "with its subject and expiry"
valid=$(chk validity "$T/pki/one.cer")
B='(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober'
B="$B|November|Desember)"
set -- $valid
D="[0-9]{1,2} $B [0-9]{4}"
echo "$valid" | grep -Eq "^$D s\.d\. $D\$" && [ $((${7:-0} - ${3:-0})) -eq 2 ]
ok $? "the certificate's validity, two years, reads '$valid'"
chk mail "$OUT" --to "$E1" --code "$R1" --subject terbit \
    --body "Masa berlaku sertifikat: $valid." >/dev/null
ok $? "the applicant's issued mail states it"

# --- 9. BSrE's notice: R6 approved, then a DER certificate for it.
reply r6 "$R6" --client outlook-id --body SETUJU
feed r6
is "$(stnr "$R6")" "approved $(num 5)" "$R6 is approved as $(num 5)"
usercert six "$E6" 0x0B55E0000006 730 DER
ok $? "openssl makes a DER certificate for $E6"
body='Yth. Pemilik Sertifikat,\n\nSertifikat Elektronik Anda telah terbit\
 dan terlampir pada e-mail ini.\n\nBalai Besar Sertifikasi Elektronik'
ncert=$(sqlite3 "$DB" 'select count(*) from certificates')
gr notice --out "$T/r/fake.eml" --from "BSrE <info@bsre-bssn.example>" \
    --subject "Sertifikat Elektronik Anda telah terbit" --body "$body" \
    --attach "$T/pki/six.cer" --message-id "$(mid fake)"
feed fake
ok $? "the notice from another sender is processed (exit 0)"
grep -q "processed: 1 new" "$T/r/fake.err"
ok $? "it is taken as a new request mail"
is "$(st "$R6") $(sqlite3 "$DB" 'select count(*) from certificates')" \
    "approved $ncert" "$R6 stays approved, no certificate kept"
gr notice --out "$T/r/bsre.eml" --from "BSrE <$BSRE>" \
    --subject "Sertifikat Elektronik Anda telah terbit" --body "$body" \
    --attach "$T/pki/six.cer" --message-id "$(mid bsre)"
feed bsre
ok $? "BSrE's notice is processed (exit 0)"
is "$(st "$R6")" issued "$R6 is issued"
is "$(sqlite3 "$DB" "select r.code, c.email, c.serial from certificates c
    join requests r on r.id = c.request_id where r.code = '$R6'" 2>&1)" \
    "$R6|$E6|0B55E0000006" "the DER certificate is kept for $R6"
chk mail "$OUT" --to "$E6" --code "$R6" --subject terbit \
    --body "Masa berlaku sertifikat: $(chk validity "$T/pki/six.cer")." \
    >/dev/null
ok $? "the applicant's issued mail states the validity"

# --- Across the run.
is "$(sqlite3 "$DB" "select group_concat(number, ' ') from (select number
    from letters where number is not null order by serial)" 2>&1)" \
    "$(num 1) $(num 2) $(num 3) $(num 4) $(num 5)" \
    "letter numbers 1..5, each once, none skipped"
leak=0
for t in $macs; do
	grep -qiF -- "$t" "$T/all.err" && leak=1
done
ok $leak "no token MAC anywhere in the log of the whole run"
done_testing
