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
rnd() {	# rnd K LO HI: a reproducible number in [LO, HI) for step K >= 0
	awk -v s="$seed" -v k="$1" -v lo="$2" -v hi="$3" 'BEGIN {
		srand(s * 10000 + k); printf "%.3f", lo + rand() * (hi - lo) }'
}
alive() {	# alive PID: running, not a zombie
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_st" ] && [ "$_st" != Z ]
}
# kill_after SECS|never: SIGKILL $PID after SECS unless it ended first;
# its status in $rc, "killed" in $how when this killed it.
kill_after() {
	[ "$1" = never ] || sleep "$1"
	[ "$1" = never ] || ! alive "$PID" || kill -9 "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	rc=$?
	PID=
	how=ended
	[ $rc -eq 137 ] && how=killed
}
# leftovers CONF: processes whose command line names CONF (workers of a
# killed sertel would carry it), after up to 5 s
leftovers() {
	_i=0
	while [ $_i -lt 100 ]; do
		_p=$(pgrep -f -- "--config $1" | tr '\n' ' ')
		[ -z "$_p" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "$_p"
}

# waitfor TENTHS COMMAND...: until COMMAND succeeds, at most TENTHS/10 s
waitfor() {
	_end=$1
	shift
	_i=0
	until "$@"; do
		[ $_i -ge "$_end" ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
}
committed() {	# committed LOG: messages a run committed
	grep -Ec \
	    'stage=run result=(new|followup|duplicate|ignored|quarantined)' "$1"
}
sent() { grep -c 'stage=outbox out=.*result=sent' "$1"; }	# sent LOG

# aconf DIR: part A's configuration, state and a copy of the inbox in DIR
aconf() {
	mkconf "$1" >/dev/null
	printf '[letter]\ncert = %s\nkey = %s\n[smtp]\ndaily_cap = 1000\n' \
	    "$T/pki/cert.pem" "$T/pki/key.pem" >>"$1/sertel.conf"
	cp -r "$T/gen/inbox" "$1/inbox"
}

# bconf FILE DIR [daemon]: part B's configuration, state under DIR; with
# daemon, IMAP from and SMTP to the private servers.
bconf() {
	cat >"$1" <<-CONF
	[paths]
	store = $2/sertel.db
	documents = $2/docs
	outbox = $2/outbox
	templates = $TOP/templates
	letters = $2/letters
	token_keys = $2/tokens.key
	master_key = $2/master.key
	pid_file = $2/sertel.pid
	[office]
	email = $OFFICE_ADDR
	official_domains = $DOMAIN
	[verifier]
	email = $VERIFIER_ADDR
	[ocr]
	enabled = no
	[smtp]
	daily_cap = 1000
	CONF
	[ "${3:-}" = daemon ] || return 0
	# A kill counts as a failed try of the message at hand: allow more
	# than the default three, so kills never quarantine one.
	cat >>"$1" <<-CONF
	host = localhost
	port = $SMTP_SUBMISSION_PORT
	security = starttls
	ca_file = $CA_FILE
	user = $INTAKE_USER
	password_file = $T/pw
	[imap]
	host = localhost
	port = $IMAP_TLS_PORT
	security = tls
	ca_file = $CA_FILE
	user = $INTAKE_USER
	password_file = $T/pw
	max_failures = 100
	CONF
}

# All 80 requests of part B stored and every reply sent.
all_sent() {
	[ "$(sqlite3 "$T/d/sertel.db" "select (select count(*) from messages)
	    || '/' || (select count(*) from outbox where status <> 'sent')
	    || '/' || (select count(*) from outbox)" 2>/dev/null)" = \
	    "80/0/$(sqlite3 "$T/bref/sertel.db" "select count(*) from
	    outbox")" ]
}
# Every reply of part B in the mailboxes (Postfix hands them to Dovecot).
all_delivered() {
	[ "$(find "$APPLICANT_MAILDIR/new" "$APPLICANT_MAILDIR/cur" \
	    "$VERIFIER_MAILDIR/new" "$VERIFIER_MAILDIR/cur" -type f |
	    wc -l)" -ge "$(sqlite3 "$T/d/sertel.db" \
	    "select count(*) from outbox")" ]
}

# --- A. The batch.
part_a() {
	tA=$(now)
	$PY "$TOP/tests/gen/genmail.py" --seed "$seed" --count $COUNT \
	    --out "$T/gen" 2>"$T/generr"
	rc=$?
	ok $rc "genmail.py --seed $seed writes $COUNT mails"
	if [ $rc -ne 0 ]; then		# nothing to run on: no endless kills
		sed 's/^/# /' "$T/generr"
		return
	fi
	kt=$(chk thin "$T/gen/inbox" --keep "${SERTEL_CRASH_OCR:-40}")
	echo "# images read by OCR in ${kt% *} messages, made small in" \
	    "${kt#* }"
	chk dups "$T/gen/inbox" --n 6 --seed "$seed" >"$T/dups"
	is "$(wc -l <"$T/dups" | tr -d ' ')" 6 \
	    "six messages copied under other names"
	mkpki_dated "$T/pki"
	ok $? "openssl makes a CA and a signing certificate"
	aconf "$T/ref"
	aconf "$T/crash"
	RC=$T/ref/sertel.conf
	CC=$T/crash/sertel.conf
	total=$(ls "$T/crash/inbox/new" | wc -l | tr -d ' ')

	# The run never killed: what the killed one must end as.
	t0=$(now)
	SERTEL_NOW=$NOW "$SERTEL" -v --config "$RC" process --ack \
	    "$T/ref/inbox" 2>"$T/ref.log"
	ok $? "the reference run (never killed) exits 0"
	tref=$(since "$t0")
	echo "# reference run: $total files in $tref s"
	grep '^processed:' "$T/ref.log" | sed 's/^/# /'

	# The killed run. Each delay is random below twice the time the rest
	# would take spread over the kills still wanted (and three more),
	# so kills fall all over the run, the final outbox flush included.
	kills=0 runs=0 locked=0 orphans=
	t0=$(now)
	while [ $runs -lt 300 ]; do	# a run that never ends fails below
		runs=$((runs + 1))
		left=$(ls "$T/crash/inbox/new" | wc -l | tr -d ' ')
		need=$((KMIN - kills))
		[ $need -lt 0 ] && need=0
		d=$(awk -v l="$left" -v t="$total" -v r="$tref" -v n="$need" \
		    -v u="$(rnd "$runs" 0 1)" 'BEGIN {
			est = l * r / t + 1.0;	# + start and flush
			m = 2 * est / (n + 3);
			if (m < 0.3) m = 0.3;
			printf "%.3f", 0.05 + u * m }')
		# Enough kills: let it finish.
		[ $kills -ge $((KMIN + 6)) ] && d=never
		SERTEL_NOW=$NOW "$SERTEL" -v --config "$CC" process --ack \
		    "$T/crash/inbox" >/dev/null 2>"$T/crash.$runs.log" &
		PID=$!
		kill_after "$d"
		if [ "$how" = killed ]; then
			kills=$((kills + 1))
			echo "# kill $kills after $d s: $left left before," \
			    "$(committed "$T/crash.$runs.log") committed," \
			    "$(sent "$T/crash.$runs.log") delivered" >>"$T/kills"
			o=$(leftovers "$CC")
			[ -n "$o" ] && orphans="$orphans $o"
			continue
		fi
		if [ $rc -eq 75 ]; then
			locked=$((locked + 1))
			sleep 0.1
			continue
		fi
		break
	done
	is "$rc" 0 "after $kills kills the run $runs ends by itself, exit 0"
	# Where the kills fell (all of them with -v or on a failure).
	echo "# kills during intake: $(grep -vc ' 0 committed' "$T/kills")," \
	    "during the outbox flush: $(grep -vc ' 0 delivered' "$T/kills")"
	echo "# killed run: $runs runs in $(since "$t0") s; store locked at" \
	    "a restart: $locked"
	[ $kills -ge $KMIN ]
	ok $? "killed at least $KMIN times ($kills)"
	is "$orphans" "" "no worker outlives a killed sertel"

	# Approvals: every eighth request in review, in code order, the same
	# in both stores; the killed one is killed at random, asked again.
	sqlite3 "$T/ref/var/sertel.db" "select code from requests where
	    status = 'in_review' order by code" | awk 'NR % 8 == 1' \
	    >"$T/approve"
	napp=$(wc -l <"$T/approve" | tr -d ' ')
	t0=$(now)
	for code in $(cat "$T/approve"); do
		SERTEL_NOW=$NOW "$SERTEL" --config "$RC" approve --actor crash \
		    "$code" >/dev/null 2>>"$T/ref.err" ||
		    echo "$code" >>"$T/ref.fail"
	done
	tapp=$(awk -v t="$(since "$t0")" -v n="$napp" \
	    'BEGIN { printf "%.3f", t / n }')
	t0=$(now)
	SERTEL_NOW=$NOW "$SERTEL" --config "$RC" letter --batch --actor crash \
	    >/dev/null 2>>"$T/ref.err" || echo batch >>"$T/ref.fail"
	tbatch=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
	[ ! -s "$T/ref.fail" ]
	ok $? "the reference run approves $napp requests and batches them"
	echo "# one approval takes $tapp s, the batch letter $tbatch s"
	akills=0 k=0 bad=
	for code in $(cat "$T/approve") batch; do
		tries=0
		while :; do
			k=$((k + 1))
			tries=$((tries + 1))
			if [ $tries -gt 200 ]; then	# never done: fail, go on
				bad="$bad $code:endless"
				break
			fi
			# Killed somewhere in what the step takes, or after:
			# the batch letter takes longer than an approval.
			t=$tapp
			[ "$code" = batch ] && t=$tbatch
			d=$(awk -v t="$t" -v u="$(rnd $((1000 + k)) 0 1)" \
			    'BEGIN { printf "%.3f", t * (0.2 + 1.3 * u) }')
			if [ "$code" = batch ]; then
				SERTEL_NOW=$NOW "$SERTEL" --config "$CC" \
				    letter --batch --actor crash >/dev/null \
				    2>"$T/approve.err" &
			else
				SERTEL_NOW=$NOW "$SERTEL" --config "$CC" \
				    approve --actor crash "$code" >/dev/null \
				    2>"$T/approve.err" &
			fi
			PID=$!
			kill_after "$d"
			if [ "$how" = killed ]; then
				akills=$((akills + 1))
				continue
			fi
			# Done already by a run killed after its commit.
			[ $rc -eq 65 ] && grep -Eq \
			    'not in_review|no approved request' \
			    "$T/approve.err" && rc=0
			[ $rc -eq 0 ] || bad="$bad $code:$rc"
			break
		done
	done
	is "$bad" "" \
	    "$napp approvals and a batch letter done, killed $akills times"
	[ $akills -ge 5 ]
	ok $? "approvals killed at least 5 times ($akills)"
	SERTEL_NOW=$NOW "$SERTEL" --config "$RC" flush 2>/dev/null &&
	    SERTEL_NOW=$NOW "$SERTEL" --config "$CC" flush 2>/dev/null
	ok $? "both outboxes flushed"
	chk snap "$T/ref/var/sertel.db" >"$T/ref.snap"
	tap --db "$T/crash/var/sertel.db" --inbox "$T/crash/inbox" \
	    --outbox "$T/crash/var/outbox" --letters "$T/crash/var/letters" \
	    --docs "$T/crash/var/docs" --ref "$T/ref.snap"
	echo "# part A: $total files, $((kills + akills)) kills," \
	    "$(since "$tA") s"
}

# --- B. The daemon against Dovecot and Postfix.
part_b() {
	tB=$(now)
	sh "$MAILT/servers.sh" start "$S" 2>"$T/start.err"
	rc=$?
	ok $rc "Dovecot and Postfix start on 127.0.0.1"
	if [ $rc -ne 0 ]; then
		sed 's/^/# /' "$T/start.err"
		echo "# needs root and the packages of scripts/deps.sh"
		failed=$((failed + 1))
		return
	fi
	set -a
	eval "$(sh "$MAILT/servers.sh" env "$S")"
	set +a
	(umask 077 && echo "$INTAKE_PASS" >"$T/pw")
	# 64 complete requests and 16 without the SK jabatan, shuffled; three
	# of them APPENDed again later (the same message, taken once).
	$PY "$TOP/tests/gen/genletter.py" --seed "$seed" --count 64 \
	    --out "$T/gl" >/dev/null &&
	    $PY "$TOP/tests/gen/genletter.py" --seed "$seed" --count 16 \
	    --first 64 --missing --out "$T/gl" >/dev/null
	ok $? "genletter.py writes 80 requests"
	ls "$T/gl/new"/* | awk -v s="$seed" 'BEGIN { srand(s) }
	    { print rand() "\t" $0 }' | sort | cut -f2 >"$T/order"
	sed -n '7p;30p;55p' "$T/order" >"$T/again"
	for w in 1 2 3 4; do
		sed -n "$((w * 20 - 19)),$((w * 20))p" "$T/order" >"$T/wave$w"
		[ $w -ge 2 ] && sed -n "$((w - 1))p" "$T/again" >>"$T/wave$w"
	done
	bconf "$T/bref.conf" "$T/bref"
	bconf "$T/d.conf" "$T/d" daemon

	# The reference: the same bytes in the same order through `process`.
	# shellcheck disable=SC2046
	chk imapdir "$T/bref/inbox" $(cat "$T/wave1" "$T/wave2" \
	    "$T/wave3" "$T/wave4")
	t0=$(now)
	SERTEL_NOW=$NOW "$SERTEL" --config "$T/bref.conf" process --ack \
	    "$T/bref/inbox" 2>"$T/bref.log"
	ok $? "the reference run of the same 83 messages exits 0"
	tbref=$(since "$t0")
	grep '^processed:' "$T/bref.log" | sed 's/^/# /'
	chk snap "$T/bref/sertel.db" >"$T/bref.snap"

	# Each wave is APPENDed, then the daemon started and killed three
	# times, after a random delay up to about what the wave takes; the
	# daemon may end the wave before the next is APPENDed. Kills fall on
	# the start, the login, fetches, processing, moves and SMTP sending.
	bk=0 r=0
	: >"$T/mids"
	for w in 1 2 3 4; do
		# shellcheck disable=SC2046
		chk append $(cat "$T/wave$w") >>"$T/mids" ||
		    echo "# APPEND failed"
		for k in 1 2 3; do
			r=$((r + 1))
			d=$(rnd $((2000 + r)) 0.15 "$(awk -v t="$tbref" \
			    'BEGIN { print 0.4 + t / 2 }')")
			SERTEL_NOW=$NOW "$SERTEL" -v --config "$T/d.conf" run \
			    >/dev/null 2>"$T/d.$r.log" &
			PID=$!
			kill_after "$d"
			[ "$how" = killed ] && bk=$((bk + 1))
			echo "# wave $w, kill $bk after $d s: $(grep -c \
			    'stage=imap result=connected' "$T/d.$r.log")" \
			    "login, $(committed "$T/d.$r.log") committed," \
			    "$(sent "$T/d.$r.log") sent" >>"$T/kills"
		done
	done
	[ $bk -ge 10 ]
	ok $? "the daemon was killed at least 10 times ($bk)"
	# The last start runs until everything is taken and sent.
	SERTEL_NOW=$NOW "$SERTEL" -v --config "$T/d.conf" run >/dev/null \
	    2>"$T/d.last.log" &
	PID=$!
	waitfor 100 grep -qs 'stage=imap result=connected' "$T/d.last.log"
	waitfor 300 all_sent
	kill -TERM "$PID"
	kill_after 5
	is "$rc" 0 "the last daemon takes and sends the rest; SIGTERM: exit 0"
	waitfor 200 all_delivered
	sleep 0.5	# a late second copy would show up now
	tap --db "$T/d/sertel.db" --ref "$T/bref.snap" \
	    --intake "$INTAKE_MAILDIR" \
	    --mailbox "applicant=$APPLICANT_MAILDIR" \
	    --mailbox "verifier=$VERIFIER_MAILDIR"
	is "$(sort "$T/mids" | uniq -d | wc -l | tr -d ' ')/$(sort -u \
	    "$T/mids" | wc -l | tr -d ' ')" 3/80 \
	    "80 Message-IDs APPENDed, three of them twice"
	echo "# part B: 83 APPENDs, $bk kills, $(since "$tB") s"
}

: >"$T/kills"
missing=
for t in sqlite3 pgrep awk; do
	command -v "$t" >/dev/null || missing="$missing $t"
done
is "$missing" "" "sqlite3, pgrep and awk are installed"
# SERTEL_CRASH_ONLY=A or B runs one part (while working on it).
case ${SERTEL_CRASH_ONLY:-} in
A)	part_a ;;
B)	part_b ;;
*)	part_a
	part_b ;;
esac
[ "$failed" -gt 0 ] && cat "$T/kills"
done_testing
