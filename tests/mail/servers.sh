#!/bin/sh
# Private mail servers for the mail transport tests, on 127.0.0.1 only.
#
#   servers.sh start DIR   make a test CA and certificates, start Dovecot
#                          (IMAP, LMTP, SASL for Postfix), Postfix and
#                          smtp-sink with all state under DIR; wait until
#                          every port answers
#   servers.sh env DIR     print shell assignments to eval (ports, CA, users)
#   servers.sh stop DIR    stop what start started (idempotent)
#
# Nothing under /etc/dovecot or /etc/postfix is read or written, and no
# well-known port is used, so a system instance can run alongside. Needs
# root (Postfix and Dovecot drop to their own users) and the Debian packages
# dovecot-imapd, dovecot-lmtpd and postfix (scripts/deps.sh installs them).
#
# Certificates (DIR/tls), all signed by the throwaway CA_FILE:
#   good   CN localhost, SAN DNS:localhost IP:127.0.0.1 IP:127.0.0.2
#   wrong  CN mail.example.invalid, SAN DNS:mail.example.invalid only
# Dovecot instance 1 (good certificate):
#   IMAP_TLS_PORT        implicit TLS
#   IMAP_STARTTLS_PORT   STARTTLS, ssl=required: no LOGIN before TLS, but
#                        Dovecot always allows it when the client's address
#                        equals the server's (127.0.0.1 to 127.0.0.1); on
#                        STRICT_HOST (127.0.0.2, same port, also in the
#                        certificate) LOGIN before STARTTLS is refused
#   LMTP and the SASL socket for Postfix (unix sockets under DIR/dc1)
# Dovecot instance 2 (same users and mailboxes):
#   IMAP_WRONGHOST_PORT  implicit TLS with a certificate for
#                        mail.example.invalid signed by the same test CA:
#                        a verifying client must refuse it
#   IMAP_PLAIN_PORT      no TLS needed, plaintext LOGIN allowed (only for
#                        tests that configure plaintext explicitly; its
#                        STARTTLS would present the wrong-host certificate)
# Users intake (the office inbox), verifier, applicant, bsre; password
# "<user>-s3cret"; LOGIN as "user" or "user@DOMAIN"; Maildir under
# DIR/mail/<user>/Maildir (owned by nobody); Processed and Quarantine are
# auto-created. layanan.tte@DOMAIN and postmaster@DOMAIN go to intake.
# Postfix (domain pekalongankota.go.id, delivered by LMTP into Dovecot):
#   SMTP_PLAIN_PORT      port-25-like: unauthenticated delivery to the local
#                        domain only (STARTTLS offered, not required)
#   SMTP_SUBMISSION_PORT STARTTLS required, AUTH PLAIN/LOGIN via Dovecot
#   SMTPS_PORT           implicit TLS, AUTH PLAIN/LOGIN via Dovecot
#   Authenticated mail to other domains goes to smtp-sink, never out.
# smtp-sink:
#   SINK_PORT            accepts everything; each message is dumped as a
#                        file under SINK_DIR
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

die() { echo "servers.sh: $*" >&2; exit 1; }

DOMAIN=pekalongankota.go.id
USERS="intake verifier applicant bsre"
GOOD_HOST=localhost
WRONG_HOST=mail.example.invalid
# Dovecot counts a connection whose remote and local address are equal as
# secured and then allows LOGIN without TLS whatever the settings: the
# STARTTLS port also listens on STRICT_HOST, where it really requires TLS.
STRICT_HOST=127.0.0.2

pass_of() { echo "$1-s3cret"; }

# alive PID: PID exists and is not a zombie waiting for its reaper.
alive() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$st" ] && [ "$st" != Z ]
}

# is_ours PIDFILE COMM: the pid in PIDFILE if it is a live COMM process.
is_ours() {
	[ -s "$1" ] || return 1
	p=$(head -n 1 "$1" | tr -cd 0-9)
	[ -n "$p" ] && alive "$p" || return 1
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] || return 1
	echo "$p"
}

# do_stop DIR: SIGTERM to each daemon, wait up to 5 s for all, then SIGKILL.
do_stop() {
	[ -d "$1" ] || return 0
	pids=""
	for pc in pf/q/pid/master.pid:master sink.pid:smtp-sink \
	    dc1/master.pid:dovecot dc2/master.pid:dovecot; do
		p=$(is_ours "$1/${pc%:*}" "${pc#*:}") || continue
		kill "$p" 2>/dev/null && pids="$pids $p"
	done
	i=0
	while [ $i -lt 100 ]; do
		left=""
		for p in $pids; do
			alive "$p" && left="$left $p"
		done
		pids=$left
		[ -z "$pids" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	for p in $pids; do
		kill -9 "$p" 2>/dev/null
	done
	return 0
}

show_logs() {
	for f in "$D"/log/*; do
		if [ ! -s "$f" ] || [ "${f##*/}" = openssl.log ]; then
			continue
		fi
		echo "---- $f (last 40 lines)" >&2
		tail -n 40 "$f" >&2
	done
}

fail() {
	echo "servers.sh: $*" >&2
	show_logs
	do_stop "$D"
	exit 1
}

mkcerts() {
	c=$D/tls
	mkdir -p "$c" || return 1
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$c/ca.key" -out "$c/ca.crt" -days 30 \
	    -subj "/O=sertel tests/CN=sertel test CA" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>>"$D/log/openssl.log" ||
		return 1
	for which in good wrong; do
		if [ $which = good ]; then
			cn=$GOOD_HOST san="DNS:$GOOD_HOST,IP:127.0.0.1,IP:$STRICT_HOST"
		else
			cn=$WRONG_HOST san="DNS:$WRONG_HOST"
		fi
		cat >"$c/$which.ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -nodes -keyout "$c/$which.key" -out "$c/$which.csr" \
		    -subj "/O=sertel tests/CN=$cn" 2>>"$D/log/openssl.log" &&
		openssl x509 -req -in "$c/$which.csr" -CA "$c/ca.crt" \
		    -CAkey "$c/ca.key" -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
		    -days 30 -extfile "$c/$which.ext" -out "$c/$which.crt" \
		    2>>"$D/log/openssl.log" || return 1
	done
	chmod 600 "$c"/*.key
}

# dovecot_conf N: the configuration of Dovecot instance N (1 or 2).
dovecot_conf() {
	cat <<EOF
# Generated by tests/mail/servers.sh; private test instance $1.
instance_name = sertel-test-dc$1
base_dir = $D/dc$1
state_dir = $D/dc$1-state
log_path = $D/log/dovecot$1.log
listen = 127.0.0.1
shutdown_clients = yes
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
auth_username_format = %Ln
auth_verbose = yes
# Fast tests: no delay after a failed login, and no anvil auth penalty
# (it would slow down every later login from 127.0.0.1).
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $D/etc/users
}
userdb {
  driver = passwd-file
  args = $D/etc/users
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = subscribe
  }
  mailbox Quarantine {
    auto = subscribe
  }
}
EOF
	if [ "$1" = 1 ]; then
		cat <<EOF
protocols = imap lmtp
ssl = required
ssl_cert = <$D/tls/good.crt
ssl_key = <$D/tls/good.key
disable_plaintext_auth = yes
service imap-login {
  inet_listener imap {
    address = 127.0.0.1, $STRICT_HOST
    port = $IMAP_STARTTLS_PORT
  }
  inet_listener imaps {
    port = $IMAP_TLS_PORT
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
EOF
	else
		cat <<EOF
protocols = imap
ssl = yes
ssl_cert = <$D/tls/wrong.crt
ssl_key = <$D/tls/wrong.key
disable_plaintext_auth = no
service imap-login {
  inet_listener imap {
    port = $IMAP_PLAIN_PORT
  }
  inet_listener imaps {
    port = $IMAP_WRONGHOST_PORT
    ssl = yes
  }
}
# No MOVE on this instance: clients take the COPY + \\Deleted + UID
# EXPUNGE path here (the mailboxes are the same as the first's).
protocol imap {
  imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ UIDPLUS NAMESPACE UNSELECT CHILDREN
}
EOF
	fi
}

postfix_main() {
	cat <<EOF
# Generated by tests/mail/servers.sh; a private test instance.
compatibility_level = 3.6
queue_directory = $D/pf/q
data_directory = $D/pf/data
mail_owner = postfix
maillog_file = $D/log/postfix.log
maillog_file_prefixes = $D/log
syslog_name = postfix-sertel-test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = localhost
mydomain = localdomain
myorigin = \$myhostname
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = $DOMAIN
# Reply tokens: layanan.tte+TOKEN@ is layanan.tte@ (the intake).
recipient_delimiter = +
virtual_mailbox_maps = texthash:$D/pf/etc/vmailbox
virtual_alias_maps = texthash:$D/pf/etc/valias
virtual_transport = lmtp:unix:$D/dc1/lmtp
default_transport = smtp:[127.0.0.1]:$SINK_PORT
relay_transport = smtp:[127.0.0.1]:$SINK_PORT
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no
smtpd_banner = \$myhostname ESMTP sertel-test
biff = no
append_dot_mydomain = no
message_size_limit = 67108864
mailbox_size_limit = 0
smtpd_relay_restrictions = reject_unauth_destination
smtpd_tls_cert_file = $D/tls/good.crt
smtpd_tls_key_file = $D/tls/good.key
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_sasl_type = dovecot
smtpd_sasl_path = $D/dc1/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_sasl_security_options = noanonymous
smtp_tls_security_level = none
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 30s
EOF
}

postfix_master() {
	sub="-o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject"
	cat <<EOF
# Generated by tests/mail/servers.sh; nothing is chrooted.
127.0.0.1:$SMTP_PLAIN_PORT inet n - n - - smtpd
127.0.0.1:$SMTP_SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix-sertel-test/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  $sub
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix-sertel-test/smtps
  -o smtpd_tls_wrappermode=yes
  $sub
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

# wait_ports CA PORT:greet|tls[:HOST]...: every port greets, in TLS or not.
wait_ports() {
	/usr/bin/python3 - "$@" <<'EOF'
import socket, ssl, sys, time
deadline = time.time() + 20
ctx = ssl.create_default_context(cafile=sys.argv[1])
ctx.check_hostname = False
todo = [(a + ":127.0.0.1").split(":")[:3] for a in sys.argv[2:]]
while todo:	# port:greet|tls[:host]
	port, how, host = todo[0]
	try:
		with socket.create_connection((host, int(port)), 2) as s:
			s.settimeout(5)
			if how == "tls":
				s = ctx.wrap_socket(s)
			line = s.makefile("rb").readline()
			if not line.startswith((b"* OK", b"220 ")):
				raise OSError("greeting %r" % line)
			s.sendall(b"QUIT\r\n" if line[0] == 50 else b"a LOGOUT\r\n")
			s.recv(512)
			s.close()
		todo.pop(0)
	except OSError as e:
		if time.time() > deadline:
			sys.exit("port %s does not answer: %s" % (port, e))
		time.sleep(0.05)
EOF
}

do_start() {
	D=$1
	[ "$(id -u)" = 0 ] || die "must run as root (Postfix and Dovecot drop privileges themselves)"
	for b in dovecot doveadm postfix postconf smtp-sink openssl /usr/lib/dovecot/imap /usr/lib/dovecot/lmtp; do
		command -v "$b" >/dev/null 2>&1 ||
			die "$b not found: install dovecot-imapd dovecot-lmtpd postfix (sh scripts/deps.sh)"
	done
	id postfix >/dev/null 2>&1 || die "no postfix user: is the postfix package installed?"
	mkdir -p "$D" || die "cannot create $D"
	D=$(cd "$D" && pwd)
	[ ! -e "$D/env" ] || die "$D already holds servers (stop them first)"
	# Unix sockets live under DIR: keep their paths below 108 bytes.
	[ ${#D} -le 70 ] || die "$D: path too long for unix sockets (max 70 chars)"
	# Dovecot's mail processes (nobody) and Postfix (postfix) traverse DIR.
	chmod 711 "$D" || die "chmod $D"
	mkdir -p "$D/log" "$D/etc" "$D/mail" "$D/sink" "$D/pf/etc" "$D/pf/q" "$D/pf/data" ||
		die "mkdir under $D"
	if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$D/mail" 2>/dev/null &&
	   ! su -s /bin/sh nobody -c "test -x '$D/mail'" 2>/dev/null; then
		die "$D is not reachable by the user nobody: a parent directory lacks o+x"
	fi

	t0=$(date +%s.%N)
	mkcerts || fail "could not make the test certificates: $(cat "$D/log/openssl.log")"

	# Free ports: bind them all at once so they are distinct, then release.
	ports=$(/usr/bin/python3 -c '
import socket
ss = [socket.socket() for _ in range(8)]
for s in ss:
	s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))') || fail "no free ports"
	# shellcheck disable=SC2086
	set -- $ports
	IMAP_TLS_PORT=$1 IMAP_STARTTLS_PORT=$2 IMAP_PLAIN_PORT=$3
	IMAP_WRONGHOST_PORT=$4 SMTP_SUBMISSION_PORT=$5 SMTPS_PORT=$6
	SMTP_PLAIN_PORT=$7 SINK_PORT=$8

	# Users: passwd-file for Dovecot, all mail stored as nobody:nogroup.
	uid=$(id -u nobody) gid=$(getent group nogroup | cut -d: -f3)
	[ -n "$gid" ] || gid=$(id -g nobody)
	: >"$D/etc/users"
	: >"$D/pf/etc/vmailbox"
	for u in $USERS; do
		echo "$u:{PLAIN}$(pass_of "$u"):$uid:$gid::$D/mail/$u::" >>"$D/etc/users"
		echo "$u@$DOMAIN OK" >>"$D/pf/etc/vmailbox"
		mkdir -p "$D/mail/$u"
	done
	chown -R "$uid:$gid" "$D/mail"
	chmod 644 "$D/etc/users"
	cat >"$D/pf/etc/valias" <<EOF
layanan.tte@$DOMAIN intake@$DOMAIN
postmaster@$DOMAIN intake@$DOMAIN
EOF
	chown postfix "$D/sink" "$D/pf/data"

	# Dovecot: two instances (only one certificate per listener in 2.3).
	for i in 1 2; do
		dovecot_conf $i >"$D/etc/dovecot$i.conf"
		mkdir -p "$D/dc$i-state"
		dovecot -c "$D/etc/dovecot$i.conf" >>"$D/log/dovecot$i.log" 2>&1 ||
			fail "dovecot instance $i did not start"
	done

	# smtp-sink: one file per message under DIR/sink.
	smtp-sink -u postfix -h sink.localhost -d "$D/sink/%Y%m%d%H%M%S." \
	    "127.0.0.1:$SINK_PORT" 64 >>"$D/log/sink.log" 2>&1 &
	echo $! >"$D/sink.pid"

	# Postfix: root-owned config dir and queue directory; Postfix makes
	# the queue subdirectories (owned by postfix) on start.
	postfix_main >"$D/pf/etc/main.cf"
	postfix_master >"$D/pf/etc/master.cf"
	chmod 755 "$D/pf" "$D/pf/etc" "$D/pf/q"
	chmod 644 "$D/pf/etc"/*
	# Postfix waits for a main.cf written in this very second to "age".
	touch -d "10 seconds ago" "$D/pf/etc"/*
	postfix -c "$D/pf/etc" start >>"$D/log/postfix-start.log" 2>&1 ||
		fail "postfix did not start"

	wait_ports "$D/tls/ca.crt" "$IMAP_TLS_PORT:tls" "$IMAP_STARTTLS_PORT:greet" \
	    "$IMAP_STARTTLS_PORT:greet:$STRICT_HOST" \
	    "$IMAP_PLAIN_PORT:greet" "$IMAP_WRONGHOST_PORT:tls" \
	    "$SMTP_SUBMISSION_PORT:greet" "$SMTPS_PORT:tls" \
	    "$SMTP_PLAIN_PORT:greet" "$SINK_PORT:greet" 2>>"$D/log/wait.log" ||
		fail "servers did not answer: $(cat "$D/log/wait.log")"
	if [ ! -S "$D/dc1/lmtp" ] || [ ! -S "$D/dc1/auth-postfix" ]; then
		fail "Dovecot LMTP or auth socket missing"
	fi

	q() { printf "%s='%s'\n" "$1" "$2"; }
	{
		q MAIL_DIR "$D"
		q MAIL_HOST 127.0.0.1
		q CA_FILE "$D/tls/ca.crt"
		q TLS_HOST "$GOOD_HOST"
		q STRICT_HOST "$STRICT_HOST"
		q WRONG_HOST "$WRONG_HOST"
		q GOOD_CERT "$D/tls/good.crt"
		q GOOD_KEY "$D/tls/good.key"
		q WRONG_CERT "$D/tls/wrong.crt"
		q WRONG_KEY "$D/tls/wrong.key"
		q IMAP_TLS_PORT "$IMAP_TLS_PORT"
		q IMAP_STARTTLS_PORT "$IMAP_STARTTLS_PORT"
		q IMAP_PLAIN_PORT "$IMAP_PLAIN_PORT"
		q IMAP_WRONGHOST_PORT "$IMAP_WRONGHOST_PORT"
		q SMTP_SUBMISSION_PORT "$SMTP_SUBMISSION_PORT"
		q SMTPS_PORT "$SMTPS_PORT"
		q SMTP_PLAIN_PORT "$SMTP_PLAIN_PORT"
		q SINK_PORT "$SINK_PORT"
		q SINK_DIR "$D/sink"
		q DOMAIN "$DOMAIN"
		q OFFICE_ADDR "layanan.tte@$DOMAIN"
		q MAIL_USERS "$USERS"
		for u in $USERS; do
			U=$(echo "$u" | tr '[:lower:]' '[:upper:]')
			q "${U}_USER" "$u"
			q "${U}_PASS" "$(pass_of "$u")"
			q "${U}_ADDR" "$u@$DOMAIN"
			q "${U}_MAILDIR" "$D/mail/$u/Maildir"
		done
		q DOVECOT_LOG "$D/log/dovecot1.log"
		q DOVECOT2_LOG "$D/log/dovecot2.log"
		q POSTFIX_LOG "$D/log/postfix.log"
	} >"$D/env"
	t1=$(date +%s.%N)
	echo "servers.sh: started in $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s under $D" >&2
}

[ $# -eq 2 ] || die "usage: servers.sh start|stop|env DIR"
case $1 in
start)	do_start "$2" ;;
stop)	do_stop "$2" ;;
env)	[ -s "$2/env" ] || die "$2: no servers started there"
	cat "$2/env" ;;
*)	die "usage: servers.sh start|stop|env DIR" ;;
esac
