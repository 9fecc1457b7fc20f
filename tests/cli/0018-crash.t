#!/bin/sh
# Crash safety (issue 7): sertel SIGKILLed at random moments and
# restarted loses nothing, doubles nothing and leaves nothing half done.
#  A. A Maildir of 300 generated mails (tests/gen/genmail.py: complete
#     requests with KTP scans, incomplete ones, follow-ups, automatic
#     mail) plus a few copies of the same messages: `sertel process --ack`
#     killed at random moments (at least 20 times) and restarted until a
#     run ends by itself; then approvals and a batch letter, killed too.
#     Checked on the store (tests/cli/check_crash.py): each input
#     Message-ID stored once, the Maildir acknowledged, each reply once
#     and as the events imply, no request mid-stage, request codes and
#     letter serials without gaps, no letter file the register does not
#     name, no worker left behind; and every message and request exactly
#     as in a run of the same inbox that was never killed.
#  B. The daemon: requests APPENDed to the private Dovecot in waves,
#     `sertel run` (IMAP in, SMTP out through Postfix) SIGKILLed at
#     least 10 times while it fetches, processes and sends: each request
#     stored once, each reply delivered under one Message-ID, INBOX empty,
#     and the store as after `sertel process` of the same bytes.
# The seed is $SERTEL_SEED or the clock, printed first. KTP scans are
# read by OCR in the first $SERTEL_CRASH_OCR (40) messages that carry an
# image; later images are made small (OCR costs ~0.2 s an image, and only
# the variety of the first ones matters here). Needs root and the
# packages of scripts/deps.sh.
. "$(dirname "$0")/lib.sh"
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed (reproduce: SERTEL_SEED=$seed prove -v $0)"
MAILT="$TOP/tests/mail"
S="$T/srv"
NOW=1795406400		# Tuesday 24 November 2026, 10:00 WIB
COUNT=300
KMIN=20			# kills of `process`, at least
PID=
cleanup() {
	# Only what this test started: sertel, the mail servers.
	[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
	sh "$MAILT/servers.sh" stop "$S" 2>/dev/null
	if [ -n "${SERTEL_CRASH_KEEP:-}" ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
chmod 711 "$T"

chk() { $PY "$TOP/tests/cli/check_crash.py" "$@"; }
tap() {	# tap ARGS: check_crash.py check, its TAP lines numbered on
	chk check --start "$n" "$@" 2>"$T/n" | tee "$T/tap"
	_last=$(tail -n 1 "$T/n")
	case $_last in
	'' | *[!0-9]*)
		sed 's/^/# /' "$T/n"
		ok 1 "check_crash.py ran to the end"
		;;
	*)
		failed=$((failed + $(grep -c '^not ok' "$T/tap")))
		n=$_last
		;;
	esac
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
rnd() {	# rnd K LO HI: a reproducible number in [LO, HI) for step K
	awk -v s="$seed" -v k="$1" -v lo="$2" -v hi="$3" \
	    'BEGIN { srand(s * 1000 + k); printf "%.3f", lo + rand() * (hi - lo) }'
}
alive() {	# alive PID: running, not a zombie
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_st" ] && [ "$_st" != Z ]
}
# kill_after SECS: SIGKILL $PID after SECS unless it ended first; status
# of the process in $rc, "killed" in $how when this killed it.
kill_after() {
	_i=0
	_end=$(awk -v d="$1" 'BEGIN { printf "%d", d * 100 }')
	while [ $_i -lt "$_end" ] && alive "$PID"; do
		sleep 0.01
		_i=$((_i + 1))
	done
	alive "$PID" && kill -9 "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	rc=$?
	PID=
	how=ended
	[ $rc -eq 137 ] && how=killed
}
# leftovers CONF: processes whose command line names CONF (workers of a
# killed sertel would carry it), after up to 2 s
leftovers() {
	_i=0
	while [ $_i -lt 40 ]; do
		_p=$(pgrep -f -- "--config $1" | tr '\n' ' ')
		[ -z "$_p" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "$_p"
}

missing=
for t in sqlite3 pgrep awk; do
	command -v "$t" >/dev/null || missing="$missing $t"
done
is "$missing" "" "sqlite3, pgrep and awk are installed"

# --- A. The batch.
tA=$(now)
$PY "$TOP/tests/gen/genmail.py" --seed "$seed" --count $COUNT \
    --out "$T/gen" 2>"$T/generr"
ok $? "genmail.py --seed $seed writes $COUNT mails"
kt=$(chk thin "$T/gen/inbox" --keep "${SERTEL_CRASH_OCR:-40}")
echo "# images read by OCR in $(echo "$kt" | cut -d' ' -f1) messages," \
    "made small in $(echo "$kt" | cut -d' ' -f2)"
chk dups "$T/gen/inbox" --n 6 --seed "$seed" >"$T/dups"
is "$(wc -l <"$T/dups" | tr -d ' ')" 6 "six messages copied under other names"
mkpki_dated "$T/pki"
ok $? "openssl makes a CA and a signing certificate"
conf() {	# conf DIR: the configuration of one run, state under DIR
	mkconf "$1" >/dev/null
	printf '[letter]\ncert = %s\nkey = %s\n[smtp]\ndaily_cap = 1000\n' \
	    "$T/pki/cert.pem" "$T/pki/key.pem" >>"$1/sertel.conf"
	cp -r "$T/gen/inbox" "$1/inbox"
}
conf "$T/ref"
conf "$T/crash"
RC=$T/ref/sertel.conf
CC=$T/crash/sertel.conf
total=$(ls "$T/crash/inbox/new" | wc -l | tr -d ' ')

# The run never killed: what the killed one must end as.
t0=$(now)
SERTEL_NOW=$NOW "$SERTEL" -v --config "$RC" process --ack "$T/ref/inbox" \
    2>"$T/ref.log"
ok $? "the reference run (never killed) exits 0"
tref=$(since "$t0")
echo "# reference run: $total files in $tref s"
grep '^processed:' "$T/ref.log" | sed 's/^/# /'

# The killed run. Each delay is random below twice the time the rest
# would take spread over the kills still wanted (and a few more), so
# kills fall all over the run, the final outbox flush included.
kills=0 runs=0 locked=0 orphans=
t0=$(now)
while :; do
	runs=$((runs + 1))
	left=$(ls "$T/crash/inbox/new" | wc -l | tr -d ' ')
	need=$((KMIN - kills))
	[ $need -lt 0 ] && need=0
	d=$(awk -v l="$left" -v t="$total" -v r="$tref" -v n="$need" \
	    -v u="$(rnd "$runs" 0 1)" 'BEGIN {
		est = l * r / t + 1.0;	# the flush and the start
		m = 2 * est / (n + 3);
		if (m < 0.3) m = 0.3;
		printf "%.3f", 0.05 + u * m }')
	[ $kills -ge $((KMIN + 10)) ] && d=600	# enough: let it finish
	SERTEL_NOW=$NOW "$SERTEL" -v --config "$CC" process --ack \
	    "$T/crash/inbox" >/dev/null 2>"$T/crash.$runs.log" &
	PID=$!
	kill_after "$d"
	if [ "$how" = killed ]; then
		kills=$((kills + 1))
		echo "# kill $kills after $d s: $(grep -c 'stage=run result=' \
		    "$T/crash.$runs.log") committed, $(grep -c \
		    'stage=outbox out=.*result=sent' "$T/crash.$runs.log")" \
		    "delivered, $left left before"
		o=$(leftovers "$CC")
		[ -n "$o" ] && orphans="$orphans $o"
		continue
	fi
	[ $rc -eq 75 ] && { locked=$((locked + 1)); sleep 0.1; continue; }
	break
done
is "$rc" 0 "after $kills kills the run $runs ends by itself, exit 0"
echo "# killed run: $runs runs in $(since "$t0") s; store locked at a" \
    "restart: $locked"
[ $kills -ge $KMIN ]
ok $? "killed at least $KMIN times ($kills)"
is "$orphans" "" "no worker outlives a killed sertel"

# Approvals: every eighth request in review, in code order, the same in
# both stores; the killed one is killed at random and asked again.
sqlite3 "$T/ref/var/sertel.db" "select code from requests where status =
    'in_review' order by code" | awk 'NR % 8 == 1' >"$T/approve"
napp=$(wc -l <"$T/approve" | tr -d ' ')
t0=$(now)
while read -r code; do
	SERTEL_NOW=$NOW "$SERTEL" --config "$RC" approve --actor crash \
	    "$code" >/dev/null 2>>"$T/ref.approve.err" || echo "$code" >>"$T/ref.fail"
done <"$T/approve"
SERTEL_NOW=$NOW "$SERTEL" --config "$RC" letter --batch --actor crash \
    >/dev/null 2>>"$T/ref.approve.err" || echo batch >>"$T/ref.fail"
[ ! -s "$T/ref.fail" ]
ok $? "the reference run approves $napp requests and batches them"
tapp=$(awk -v t="$(since "$t0")" -v n="$napp" 'BEGIN { printf "%.3f", t / (n + 1) }')
echo "# one approval takes ${tapp} s"
akills=0 k=0 bad=
for code in $(cat "$T/approve") batch; do
	while :; do
		k=$((k + 1))
		d=$(rnd "a$k" "$(awk -v t="$tapp" 'BEGIN { print t * 0.2 }')" \
		    "$(awk -v t="$tapp" 'BEGIN { print t * 1.5 }')")
		if [ "$code" = batch ]; then
			SERTEL_NOW=$NOW "$SERTEL" --config "$CC" letter \
			    --batch --actor crash >/dev/null 2>"$T/approve.err" &
		else
			SERTEL_NOW=$NOW "$SERTEL" --config "$CC" approve \
			    --actor crash "$code" >/dev/null 2>"$T/approve.err" &
		fi
		PID=$!
		kill_after "$d"
		if [ "$how" = killed ]; then
			akills=$((akills + 1))
			continue
		fi
		# Approved (or batched) by a run killed after its commit.
		[ $rc -eq 65 ] && grep -Eq 'not in_review|no approved request' \
		    "$T/approve.err" && rc=0
		[ $rc -eq 0 ] || bad="$bad $code:$rc"
		break
	done
done
is "$bad" "" "$napp approvals and a batch letter done while killed $akills times"
[ $akills -ge 5 ]
ok $? "approvals killed at least 5 times ($akills)"
SERTEL_NOW=$NOW "$SERTEL" --config "$RC" flush 2>/dev/null
SERTEL_NOW=$NOW "$SERTEL" --config "$CC" flush 2>/dev/null
ok $? "the outbox is flushed"
chk snap "$T/ref/var/sertel.db" >"$T/ref.snap"
echo "# part A so far: $(since "$tA") s"
tap --db "$T/crash/var/sertel.db" --inbox "$T/crash/inbox" \
    --outbox "$T/crash/var/outbox" --letters "$T/crash/var/letters" \
    --docs "$T/crash/var/docs" --ref "$T/ref.snap"
echo "# part A: $total files, $((kills + akills)) kills"

done_testing
