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
echo "Replies written to var/outbox/new/: $(ls var/outbox/new | wc -l)"
echo "Details of one request: ./sertel show SE-YYYY-NNNNNN [--json]"
