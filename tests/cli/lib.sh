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
master_key = $d/var/master.key
[office]
email = layanan.tte@pekalongankota.go.id
official_domains = pekalongankota.go.id
CONF
	echo "$d/sertel.conf"
}

# In the current directory: a throwaway CA (ca.key, ca.pem) valid $1
# days, and the office's key and request (key.pem, sign.csr).
pki_ca_and_request() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key \
	    -out ca.pem -days "$1" \
	    -subj "/O=Sertel Test/CN=Sertel Test CA" \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign
	openssl req -newkey rsa:2048 -nodes -keyout key.pem \
	    -out sign.csr -subj \
	    "/O=Pemerintah Kota Pekalongan/CN=Hendra Wibisono Saputra"
}

# A throwaway CA (ca.key, ca.pem) and the office's signing certificate
# from it (key.pem, cert.pem) in $1, valid $2 days (default 3). openssl's
# output goes to $1/pki.log; the exit status says whether it worked.
mkpki() {
	mkdir -p "$1"
	(
		cd "$1" || exit 1
		set -e
		pki_ca_and_request "${2:-3}"
		printf '%s\n' basicConstraints=CA:FALSE \
		    keyUsage=critical,digitalSignature,nonRepudiation \
		    extendedKeyUsage=emailProtection >ext.cnf
		openssl x509 -req -in sign.csr -CA ca.pem -CAkey ca.key \
		    -CAcreateserial -days "${2:-3}" -extfile ext.cnf \
		    -out cert.pem
	) >"$1/pki.log" 2>&1
}

# Like mkpki, but the signing certificate is valid from 1 January 2026 to
# the end of 2028, so letters may be signed at SERTEL_NOW dates in 2026.
mkpki_dated() {
	mkdir -p "$1"
	(
		cd "$1" || exit 1
		set -e
		pki_ca_and_request 3650
		: >index.txt
		echo 01 >serial
		printf '%s\n' '[ca]' 'default_ca = d' '[d]' \
		    'database = index.txt' 'new_certs_dir = .' \
		    'serial = serial' 'default_md = sha256' 'policy = p' \
		    'unique_subject = no' 'x509_extensions = x' '[p]' \
		    'commonName = supplied' 'organizationName = optional' \
		    '[x]' 'basicConstraints = CA:FALSE' \
		    'keyUsage = critical,digitalSignature,nonRepudiation' \
		    >ca.cnf
		openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key \
		    -in sign.csr -out cert.pem -startdate 20260101000000Z \
		    -enddate 20281231000000Z -notext
	) >"$1/pki.log" 2>&1
}
