#!/bin/sh
# Install the Debian packages sertel needs to build, run and test, if any
# is missing. Run as root on Debian 12; a no-op when all are present.
set -e
PKGS="make gcc pkg-config libetpan-dev libssl-dev libxml2-dev libsqlite3-dev
libjson-c-dev libarchive-dev libinih-dev libcmocka-dev libpoppler-glib-dev
libleptonica-dev libjpeg62-turbo-dev libtesseract-dev tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr libhpdf-dev
libqrencode-dev fonts-dejavu-core poppler-utils qpdf python3 python3-pil
python3-reportlab sqlite3 perl zip libsasl2-modules openssl
fonts-liberation fonts-liberation2 fonts-freefont-ttf clang libclang-rt-14-dev
libnss3-tools zbar-tools libzbar-dev valgrind unzip python3-cryptography
dovecot-imapd dovecot-lmtpd postfix"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: run as root (or install:$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix: no system mail configuration; the tests run private instances.
echo "postfix postfix/main_mailer_type select No configuration" |
	debconf-set-selections
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
