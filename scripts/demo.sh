#!/bin/sh
# make demo: process the sample inbox into var/ on the embedded default,
# then print the requests and what was held back.
set -e
cd "$(dirname "$0")/.."
mkdir -p var
./sertel process samples/inbox
echo
./sertel list
echo
echo "Held back (quarantined or automatic mail, not answered):"
./sertel list --all
echo
# The verifier approves the first request in review: its letter is
# numbered and signed with a DEMO certificate, then checked.
sh scripts/demo-tte.sh var/tte
id=$(./sertel list --status in_review | awk 'NR == 2 { print $1 }')
if [ -n "$id" ]; then
	echo "Approving $id as the verifier:"
	./sertel approve --actor demo-verifier "$id"
	f=$(./sertel letter -o - "$id" >/dev/null && ls -t var/letters/*/*-"$id".pdf | head -1)
	./sertel verify-letter --ca var/tte/ca.pem "$f" || true
fi
echo
# Personal data at rest: every document and raw mail is sealed.
n=$(ls var/docs | wc -l)
sealed=$(for f in var/docs/*; do head -c 4 "$f"; echo; done | grep -c '^SRTL$' || true)
echo "Documents in var/docs/: $n, sealed with AES-256-GCM: $sealed (keys: var/master.key)"
if [ -n "$id" ]; then
	./sertel export -o "var/data-$id.zip" "$id"
	echo "What $id's applicant gets on request (sertel export):"
	unzip -l "var/data-$id.zip" | awk 'NR > 3 && $4 != "" { print "  " $4 }' | head -12
fi
echo
echo "Drafts for the verifier: var/letters/draf/; signed letters: var/letters/YYYY/"
echo "Replies written to var/outbox/new/: $(ls var/outbox/new | wc -l)"
echo "Details of one request: ./sertel show SE-YYYY-NNNNNN [--json]"
