#!/bin/sh
# make check: the cmocka unit tests, then the TAP tests of the CLI (prove).
# Prints one closing line "N passed, N failed" and exits non-zero on any
# failure.
BUILD=${1:-build}
cd "$(dirname "$0")/.."
pass=0
fail=0
log=$(mktemp)
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if [ -n "$VALGRIND" ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "$t" >"$log" 2>&1
	else
		"$t" >"$log" 2>&1
	fi
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		[ -z "$f" ] && fail=$((fail + 1))
		echo "FAIL $(basename "$t") (exit $rc)"
		grep -E "FAILED|ERROR|error|Assert|==[0-9]+==" "$log" | head -20
	else
		echo "ok   $(basename "$t") (${p:-0} tests)"
	fi
done
# Fuzz seeds and every crash once found, replayed by a plain driver.
for t in "$BUILD"/tests/replay_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t" | sed 's/^replay_//')
	dir=tests/fuzz/corpus/$name
	[ -d "$dir" ] || continue
	# shellcheck disable=SC2046
	if ${VALGRIND:+valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite} \
	    "$t" $(find "$dir" -type f | sort) >"$log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   replay $name ($(sed -n 's/^replay: //p' "$log"))"
	else
		fail=$((fail + 1))
		echo "FAIL replay $name"
		grep -E "ERROR|error|==[0-9]+==|runtime" "$log" | head -10
	fi
done
# CLI tests: TAP scripts run by prove, against ./sertel.
if [ -z "$UNIT_ONLY" ] && ls tests/cli/*.t >/dev/null 2>&1; then
	prove -v tests/cli/*.t >"$log" 2>&1
	rc=$?
	grep -E "^(not ok|ok|#)" "$log" | grep -v "^ok" | head -40
	p=$(grep -c "^ok" "$log")
	f=$(grep -c "^not ok" "$log")
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && { fail=$((fail + 1)); tail -20 "$log"; }
	echo "cli: $p passed, $f failed"
fi
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
