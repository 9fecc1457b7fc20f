#!/bin/sh
# A throwaway signing certificate for the demo, in var/tte/, made once:
# a "DEMO" root CA and the head of office's certificate under it. Real
# offices configure the certificate BSrE issued ([letter] cert and key).
set -e
d=${1:-var/tte}
[ -f "$d/cert.pem" ] && [ -f "$d/key.pem" ] && exit 0
mkdir -p "$d"
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout "$d/ca.key" \
    -out "$d/ca.pem" -subj "/C=ID/O=DEMO sertel (bukan BSrE)/CN=DEMO Root CA" \
    2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/req.csr" \
    -subj "/C=ID/O=Pemerintah Kota Pekalongan/OU=DEMO/CN=Hendra Wibisono Saputra" \
    2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >"$d/ext.cnf"
openssl x509 -req -in "$d/req.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
    -CAcreateserial -days 730 -extfile "$d/ext.cnf" -out "$d/cert.pem" \
    2>/dev/null
rm -f "$d/req.csr" "$d/ext.cnf"
echo "demo: made a DEMO signing certificate in $d (not for real letters)"
