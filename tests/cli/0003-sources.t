#!/bin/sh
# Sources: an mbox (with mboxrd ">From " escaping), a single .eml, stdin via
# deliver, --ack on a Maildir, and --help on every subcommand.
. "$(dirname "$0")/lib.sh"
C=$(mkconf)

mail() {	# mail ID NAME
	printf 'From: %s <%s@pekalongankota.go.id>\n' "$2" "$1"
	printf 'To: layanan.tte@pekalongankota.go.id\nSubject: Permohonan\n'
	printf 'Message-ID: <%s@mbox.test>\nDate: Mon, 23 Nov 2026 09:00:00 +0700\n\n' "$1"
	printf 'Nama : %s\n>From the desk of %s\n' "$2" "$2"
}
{
	echo "From someone@example Mon Nov 23 09:00:00 2026"; mail m1 "Ani Wulandari"; echo
	echo "From someone@example Mon Nov 23 09:01:00 2026"; mail m2 "Bayu Saputra"; echo
	echo "From someone@example Mon Nov 23 09:02:00 2026"; mail m3 "Citra Maharani"
} >"$T/box.mbox"
"$SERTEL" --config "$C" process "$T/box.mbox" 2>"$T/err"
ok $? "process an mbox exits 0"
grep -q "3 new" "$T/err"
ok $? "three messages become three requests"
"$SERTEL" --config "$C" list --json >"$T/list.json"
got=$($PY -c 'import json,sys; print(" ".join(sorted(r["nama"] for r in json.load(open(sys.argv[1])))))' "$T/list.json")
is "$got" "Ani Wulandari Bayu Saputra Citra Maharani" "each request has its own form data"

mail e1 "Dodi Firmansyah" >"$T/one.eml"
"$SERTEL" --config "$C" process "$T/one.eml" 2>"$T/err"
grep -q "1 new" "$T/err"
ok $? "a single .eml file is processed"

mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
mail a1 "Eka Pertiwi" >"$T/md/new/1.test"
"$SERTEL" --config "$C" process --ack "$T/md" 2>/dev/null
[ ! -e "$T/md/new/1.test" ] && [ -e "$T/md/cur/1.test:2,S" ]
ok $? "--ack moves a committed message from new/ to cur/"

"$SERTEL" --config "$C" process "$T/nonexistent" 2>/dev/null
is $? 78 "a path that is not a source is a configuration error"

for c in process deliver list show flush; do
	"$SERTEL" $c --help | grep -q "usage: sertel"
	ok $? "sertel $c --help"
done
"$SERTEL" --help | grep -q "commands:"
ok $? "sertel --help lists the commands"
"$SERTEL" bogus 2>/dev/null
is $? 64 "an unknown command is EX_USAGE"
"$SERTEL" --config "$C" show SE-1999-999999 2>/dev/null
is $? 65 "show of an unknown id fails clearly"
done_testing
