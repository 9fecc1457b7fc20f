# Shared helpers for the TAP tests in tests/cli (POSIX sh).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SERTEL="$TOP/sertel"
PY=/usr/bin/python3
n=0
failed=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() {	# ok CONDITION-EXIT-CODE DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

is() {	# is GOT WANT DESCRIPTION
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
		failed=$((failed + 1))
	fi
}

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

# A configuration whose state lives in $1 (default $T).
mkconf() {
	d=${1:-$T}
	mkdir -p "$d"
	cat >"$d/sertel.conf" <<CONF
[paths]
store = $d/var/sertel.db
documents = $d/var/docs
outbox = $d/var/outbox
templates = $TOP/templates
letters = $d/var/letters
token_keys = $d/var/tokens.key
[office]
email = layanan.tte@pekalongankota.go.id
official_domains = pekalongankota.go.id
CONF
	echo "$d/sertel.conf"
}
