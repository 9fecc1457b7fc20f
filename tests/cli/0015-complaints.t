#!/bin/sh
# Complaints (pengaduan): a mail that complains is acknowledged, forwarded
# to the complaints officer, listed, escalated to the head of office when
# unresolved after the configured working days (once), and closed with a
# note. A request's follow-up that only mentions a complaint in passing
# stays a follow-up.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
cat >>"$C" <<CONF
[paths]
pid_file = $T/var/sertel.pid
inbox = $T/var/inbox
[ocr]
enabled = no
[complaints]
officer = petugas@pekalongankota.go.id
head = kadis@pekalongankota.go.id
escalate_days = 2
CONF
wib() { date -u -d "$1 -0000" +%s | awk '{ print $1 - 7 * 3600 }'; }
to() {	# to ADDR WORD: outbox mails to ADDR whose text has WORD
	grep -l "^To: $1" "$T/var/outbox/new/"* 2>/dev/null |
	    xargs -r grep -l "$2" | wc -l
}
$PY - "$T/c.eml" <<'PY'
import sys, email.message, email.utils
m = email.message.EmailMessage()
m["From"] = "Fajar Nugroho <fajar.n@pekalongankota.go.id>"
m["To"] = "layanan.tte@pekalongankota.go.id"
m["Subject"] = "Pengaduan: permohonan saya belum diproses"
m["Message-ID"] = "<complaint-1@pekalongankota.go.id>"
m["Date"] = email.utils.formatdate()
m.set_content("Sudah seminggu permohonan saya belum ada kabar.\n"
              "Mohon ditindaklanjuti.\n\nFajar\n")
open(sys.argv[1], "wb").write(bytes(m))
PY
MON=$(wib "2026-11-23 09:00")
SERTEL_NOW=$MON "$SERTEL" --config "$C" process "$T/c.eml" 2>"$T/p.err"
ok $? "a complaint mail is processed"
is "$(sqlite3 "$T/var/sertel.db" 'select count(*) from requests')" 0 \
    "it opens no request"
"$SERTEL" --config "$C" complaint list >"$T/list"
grep -q "^ADU-2026-0001  open .*fajar.n@pekalongankota.go.id" "$T/list"
ok $? "complaint list shows ADU-2026-0001 open"
is "$(to fajar.n@ ADU-2026-0001)" 1 "the sender is told its number"
is "$(to petugas@ Fajar)" 1 "the officer gets it"
grep -l "^To: petugas@" "$T/var/outbox/new/"* |
    xargs grep -q "^Reply-To: fajar.n@pekalongankota.go.id"
ok $? "with Reply-To the complainant, to answer directly"
"$SERTEL" --config "$C" complaint show ADU-2026-0001 | grep -q "belum ada kabar"
ok $? "complaint show has its text"

# Two working days later (Wednesday closing) it is escalated, once.
SERTEL_NOW=$(wib "2026-11-24 10:00") "$SERTEL" --config "$C" run --once 2>/dev/null
is "$(to kadis@ ADU-2026-0001)" 0 "not yet on Tuesday"
SERTEL_NOW=$(wib "2026-11-25 16:00") "$SERTEL" --config "$C" run --once 2>/dev/null
SERTEL_NOW=$(wib "2026-11-26 09:00") "$SERTEL" --config "$C" run --once 2>/dev/null
is "$(to kadis@ ADU-2026-0001)" 1 "after two working days: the head of office, once"
"$SERTEL" --config "$C" complaint close ADU-2026-0001 >/dev/null 2>&1
is $? 64 "closing needs a note"
"$SERTEL" --config "$C" complaint close ADU-2026-0001 --note \
    "Permohonan sudah diproses, pengadu sudah dihubungi" >/dev/null
ok $? "close with a note"
is "$("$SERTEL" --config "$C" complaint list | tail -1)" "0 complaints" \
    "no open complaint left"
"$SERTEL" --config "$C" complaint list --all | grep -q "ADU-2026-0001  closed"
ok $? "list --all shows it closed"

# A request's follow-up mentioning "keluhan" in its text stays a follow-up.
$PY - "$T/r.eml" "$T/f.eml" <<'PY'
import sys, email.message, email.utils
r = email.message.EmailMessage()
r["From"] = "Gita <gita@pekalongankota.go.id>"
r["To"] = "layanan.tte@pekalongankota.go.id"
r["Subject"] = "Permohonan sertifikat elektronik"
r["Message-ID"] = "<req-g@pekalongankota.go.id>"
r["Date"] = email.utils.formatdate()
r.set_content("Nama : Gita\n")
open(sys.argv[1], "wb").write(bytes(r))
f = email.message.EmailMessage()
f["From"] = "Gita <gita@pekalongankota.go.id>"
f["To"] = "layanan.tte@pekalongankota.go.id"
f["Subject"] = "Re: Permohonan sertifikat elektronik"
f["In-Reply-To"] = "<req-g@pekalongankota.go.id>"
f["Message-ID"] = "<req-g2@pekalongankota.go.id>"
f["Date"] = email.utils.formatdate()
f.set_content("Tidak ada keluhan, ini dokumen tambahannya.\n")
open(sys.argv[2], "wb").write(bytes(f))
PY
"$SERTEL" --config "$C" process "$T/r.eml" "$T/f.eml" 2>"$T/rf.err"
grep -q "1 new, 1 follow-up" "$T/rf.err"
ok $? "a follow-up that mentions a complaint in passing is a follow-up"
is "$(sqlite3 "$T/var/sertel.db" 'select count(*) from complaints')" 1 \
    "and opens no complaint"
done_testing
