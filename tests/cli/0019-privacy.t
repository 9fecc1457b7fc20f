#!/bin/sh
# Personal data (UU 27/2022): sealed at rest, masked in logs, exported to
# its owner, purged by retention with crypto-shredding.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
V=$T/var
DB=$V/sertel.db
q() { sqlite3 "$DB" "$1"; }

"$SERTEL" -v -v --config "$C" process "$TOP/samples/inbox" 2>"$T/log" >/dev/null
ok $? "the samples are processed with debug logging"
is "$(stat -c %a "$V/master.key")" 600 "the master key file is private"
grep -q "created the master key" "$T/log"
ok $? "its creation is announced, with the advice to back it up"
$PY "$TOP/tests/cli/check_privacy.py" "$V" "$n" 2>"$T/n" | tee "$T/tap"
grep -q "^not ok" "$T/tap" && failed=$((failed + 1))
n=$(tail -1 "$T/n")

# Logs: no NIK, NIP or phone number in clear, whatever the level.
leaks=0
for nik in $(q "SELECT value FROM fields WHERE name IN ('nik','nip')"); do
	grep -q "$nik" "$T/log" && leaks=$((leaks + 1))
done
is "$leaks" 0 "no NIK or NIP of the samples in the log"
is "$(grep -cE '[0-9]{11,}' "$T/log")" 0 "no run of 11+ digits in any log line"

# Export: the person's data, whole and verified.
code=SE-2026-000002
"$SERTEL" --config "$C" export -o "$T/x.zip" $code 2>/dev/null
ok $? "export $code"
is "$(stat -c %a "$T/x.zip")" 600 "the export is private (0600)"
mkdir "$T/x" && (cd "$T/x" && unzip -q ../x.zip)
ok $? "the export is a zip"
"$SERTEL" --config "$C" show --json $code >"$T/show.json"
$PY - "$T/x" "$T/show.json" "$DB" $code <<'PY' >"$T/exp"
import hashlib, json, os, sqlite3, sys
x, show, db, code = sys.argv[1:]
d = json.load(open(os.path.join(x, "data.json")))
s = json.load(open(show))
db = sqlite3.connect(db)
rid = db.execute("SELECT id FROM requests WHERE code=?", (code,)).fetchone()[0]
h = lambda p: hashlib.sha256(open(os.path.join(x, p), "rb").read()).hexdigest()
docs = [f for f in d["files"] if f["kind"] == "dokumen"]
msgs = [f for f in d["files"] if f["kind"] == "pesan"]
outs = [f for f in d["files"] if f["kind"] == "balasan"]
want_docs = sorted(r[0] for r in db.execute(
    "SELECT sha256 FROM documents WHERE request_id=?", (rid,)))
want_msgs = sorted(r[0] for r in db.execute(
    "SELECT sha256 FROM messages WHERE request_id=?", (rid,)))
nout = db.execute("SELECT count(*) FROM outbox WHERE request_id=?",
                  (rid,)).fetchone()[0]
print("applicant", d["applicant"] == s["applicant"])
print("docs", sorted(h(f["file"]) for f in docs) == want_docs and
      len(docs) == len(s["documents"]))
print("msgs", sorted(h(f["file"]) for f in msgs) == want_msgs)
print("outs", len(outs) == nout and all(
    open(os.path.join(x, f["file"]), "rb").read().startswith(b"Date:") or
    b"\r\nSubject:" in open(os.path.join(x, f["file"]), "rb").read()
    for f in outs))
print("history", [e["status"] for e in d["events"]] ==
      [e["status"] for e in s["events"]])
print("readme", "UU Nomor 27 Tahun 2022" in open(
    os.path.join(x, "README.txt")).read())
PY
for k in applicant docs msgs outs history readme; do
	is "$(sed -n "s/^$k //p" "$T/exp")" True "export: $k as stored"
done
"$SERTEL" --config "$C" export -o - SE-2099-000001 >/dev/null 2>&1
is $? 65 "export of an unknown request: exit 65"

# A stored file altered on disk is refused, the others still open.
fid=$(q "SELECT d.stored_name FROM documents d JOIN requests r ON
    r.id = d.request_id WHERE r.code='$code' AND d.type='ktp'")
$PY -c "
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[200]^=1
open(p,'wb').write(b)" "$V/docs/$fid"
"$SERTEL" --config "$C" export -o "$T/y.zip" $code 2>/dev/null
unzip -p "$T/y.zip" data.json >"$T/y.json"
grep -q '"not_included":"the tag does not verify' "$T/y.json"
ok $? "an altered document is not exported: its tag does not verify"
is "$(unzip -l "$T/y.zip" | grep -c ' dokumen/')" \
    "$(($(unzip -l "$T/x.zip" | grep -c ' dokumen/') - 1))" \
    "the other documents are exported"

# Without the master key: a clear error, and no new key over old data.
mv "$V/master.key" "$T/master.key"
"$SERTEL" --config "$C" list >/dev/null 2>"$T/err"
is $? 78 "a sealed store without its master key: exit 78 (EX_CONFIG)"
grep -q "restore the key file" "$T/err"
ok $? "the error says to restore the key"
test ! -e "$V/master.key"
ok $? "no new key is made over sealed data"
mv "$T/master.key" "$V/master.key"
chmod 644 "$V/master.key"
"$SERTEL" --config "$C" list >/dev/null 2>"$T/err"
is $? 78 "a master key others can read is refused"
grep -q "chmod 600" "$T/err"
ok $? "with how to fix it"
chmod 600 "$V/master.key"

# Retention: reject one request, then 40 days later purge what is 30 old.
victim=SE-2026-000003
"$SERTEL" --config "$C" reject --reason "Uji retensi" $victim >/dev/null 2>&1
ok $? "reject $victim"
"$SERTEL" --config "$C" flush >/dev/null 2>&1
vid=$(q "SELECT id FROM requests WHERE code='$victim'")
vfiles=$(q "SELECT stored_name FROM documents WHERE request_id=$vid")
one=$(echo "$vfiles" | head -1)
cp "$V/docs/$one" "$T/backup"
later=$(($(date +%s) + 40 * 86400))
SERTEL_NOW=$later "$SERTEL" --config "$C" purge --older-than 60 >"$T/p0"
ok $? "purge --older-than 60"
grep -q "^purged: 0 requests" "$T/p0"
ok $? "nothing closed 60 days ago"
orphan=$($PY -c "import secrets; print(secrets.token_hex(32))")
echo junk >"$V/docs/$orphan"
SERTEL_NOW=$later "$SERTEL" --config "$C" purge --older-than 30 --dry-run \
    >"$T/p1"
grep -q "^$victim .*would be purged" "$T/p1"
ok $? "--dry-run names the request"
test -e "$V/docs/$one" && test -e "$V/docs/$orphan"
ok $? "--dry-run changes nothing"
SERTEL_NOW=$later "$SERTEL" --config "$C" purge --older-than 30 >"$T/p2"
ok $? "purge --older-than 30"
grep -q "^$victim .*purged" "$T/p2" && grep -q "^purged: 1 request," "$T/p2"
ok $? "the rejected request is purged, only it"
gone=0
for f in $vfiles; do test -e "$V/docs/$f" || gone=$((gone + 1)); done
is "$gone" "$(echo "$vfiles" | wc -l)" "its document files are gone"
is "$(q "SELECT count(*) FROM seals WHERE file_id IN (SELECT stored_name
    FROM documents WHERE request_id=$vid UNION SELECT file_id FROM messages
    WHERE request_id=$vid)")" 0 "and their keys"
is "$(q "SELECT count(*) FROM messages WHERE request_id=$vid AND raw IS NOT
    NULL")" 0 "its raw mail is gone"
is "$(q "SELECT count(*) FROM fields WHERE request_id=$vid AND name IN
    ('nik','nip','no_hp')")" 0 "its NIK, NIP and phone fields are gone"
is "$(q "SELECT count(*) FROM documents WHERE request_id=$vid AND ocr IS NOT
    NULL")" 0 "its KTP reading is gone"
test ! -e "$V/docs/$orphan"
ok $? "a file without a key is swept"
is "$(q "SELECT status || '|' || reason FROM events WHERE request_id=$vid
    ORDER BY id DESC LIMIT 1")" \
    "rejected|dokumen dan data pribadi dihapus: masa retensi 30 hari (UU 27/2022)" \
    "the history stays, with the purge recorded"
is "$(q "SELECT count(*) FROM events WHERE request_id=$vid")" 4 \
    "no event was lost"
cp "$T/backup" "$V/docs/$one"
"$SERTEL" --config "$C" export -o "$T/z.zip" $victim 2>/dev/null
unzip -p "$T/z.zip" data.json >"$T/z.json"
grep -q "shredded" "$T/z.json" && ! unzip -l "$T/z.zip" | grep -q dokumen/
ok $? "a backup copy of a purged file no longer opens (crypto-shredding)"
"$SERTEL" --config "$C" export -o "$T/w.zip" SE-2026-000004 2>/dev/null
is "$(unzip -l "$T/w.zip" | grep -c ' dokumen/')" \
    "$(q "SELECT count(*) FROM documents d JOIN requests r ON r.id =
    d.request_id WHERE r.code='SE-2026-000004'")" \
    "an open request keeps every document"
SERTEL_NOW=$later "$SERTEL" --config "$C" purge --older-than 30 >"$T/p3"
grep -q "^purged: 0 requests" "$T/p3"
ok $? "a second purge finds nothing more"
"$SERTEL" --config "$C" purge >/dev/null 2>&1
is $? 64 "purge without --older-than: usage error"
done_testing
