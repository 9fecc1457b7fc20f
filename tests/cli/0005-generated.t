#!/bin/sh
# Generated mail: tests/gen/genmail.py writes ~40 random but reproducible
# requests, follow-ups and automatic mails (other people, mail clients,
# charsets, file names and missing documents for every seed) with their
# ground truth; the store must match it as for the fixed samples.
# The seed comes from $SERTEL_SEED or the clock and is printed first:
# SERTEL_SEED=N prove -v tests/cli/0005-generated.t repeats a run.
# $SERTEL_GEN_COUNT changes the number of mails (default 40).
. "$(dirname "$0")/lib.sh"
C=$(mkconf)
seed=${SERTEL_SEED:-$(date +%s)}
count=${SERTEL_GEN_COUNT:-40}
echo "# seed $seed"

$PY "$TOP/tests/gen/genmail.py" --seed "$seed" --count "$count" \
    --out "$T/gen" --check 2>"$T/generr"
ok $? "genmail.py --seed $seed writes $count mails that parse back"
sed 's/^/# /' "$T/generr"
[ -f "$T/gen/expected.json" ] || { done_testing; exit 1; }

"$SERTEL" --config "$C" process "$T/gen/inbox" 2>"$T/err"
ok $? "process the generated inbox exits 0"
# KTP scans are read by OCR: up to two misreads of consistent cards are
# tolerated and reported (accuracy itself is `make bench-ktp`'s).
SERTEL_OCR_MISREADS=2 $PY "$TOP/tests/cli/check_requests.py" "$SERTEL" "$C" \
    "$T/gen/expected.json" "$T/var/outbox" "$n" \
    2>"$T/n" | tee "$T/tap"
last=$(tail -1 "$T/n")
case $last in
'' | *[!0-9]*)
	sed 's/^/# /' "$T/n"
	ok 1 "check_requests.py ran to the end"
	;;
*)
	n=$last
	;;
esac
if grep -q "^not ok" "$T/tap"; then
	failed=$((failed + 1))
	echo "# reproduce: SERTEL_SEED=$seed prove -v $0"
	echo "# (mail shapes are in the \"shape\" field of expected.json:"
	echo "#  $PY $TOP/tests/gen/genmail.py --seed $seed --count $count --out DIR)"
fi
done_testing
