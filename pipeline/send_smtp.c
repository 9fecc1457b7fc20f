/*
 * send_smtp (outbox stage): deliver the outbox by SMTP submission with
 * libetpan. TLS is implicit or STARTTLS, and the server's certificate and
 * name are verified (tls.c) before any password is sent; plaintext only
 * when configured, and only to a loopback address. AUTH is PLAIN (or
 * LOGIN) through Cyrus SASL. A 4xx reply or a lost connection means
 * "later" (PL_ETEMP), a 5xx reply "never" (PL_EINPUT). Each message keeps
 * its Message-ID, so a crash between acceptance and recording resends
 * the identical mail at worst.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "log.h"
#include "outbox.h"
#include "tls.h"
#include "util.h"
#include "xmem.h"

#define SMTP_TIMEOUT_S	30
#define SMTP_MAX_ADDR	254	/* RFC 5321 path; libetpan truncates at 512 */

struct sender {
	const struct conf	*cf;
	mailsmtp		*smtp;		/* NULL until connected */
	char			 why[256];
	char			*password;	/* owned */
	const char		*from;		/* envelope sender */
};

static void
disconnect(struct sender *s)
{
	if (s->smtp) {
		mailsmtp_free(s->smtp);
		s->smtp = NULL;
	}
}

/* A reply code of the last command, for the permanent/temporary split. */
static int
reply_code(struct sender *s)
{
	return s->smtp ? s->smtp->response_code : 0;
}

static enum pl_status
fail(struct sender *s, const char *what, int r)
{
	int code = reply_code(s);
	const char *resp = s->smtp && s->smtp->response ? s->smtp->response :
	    "";
	char *clean = utf8_clean(resp, strnlen(resp, 200), false);

	snprintf(s->why, sizeof s->why, "%s: %d %s (%s)", what, code, clean,
	    mailsmtp_strerror(r));
	free(clean);
	disconnect(s);
	return code >= 500 && code < 600 ? PL_EINPUT : PL_ETEMP;
}

/* Connect, secure, verify, greet and log in. */
static enum pl_status
connect_server(struct sender *s)
{
	const struct conf_mail *m = &s->cf->smtp;
	enum tls_mode mode = TLS_STARTTLS;
	uint16_t port;
	int r;

	tls_mode_parse(m->security, &mode);
	port = m->port ? (uint16_t)m->port : mode == TLS_IMPLICIT ? 465 : 587;
	if (mode == TLS_NONE && !tls_is_loopback(m->host)) {
		snprintf(s->why, sizeof s->why, "plaintext SMTP to %s refused:"
		    " only to a loopback address", m->host);
		return PL_ECONF;
	}
	if ((s->smtp = mailsmtp_new(0, NULL)) == NULL)
		return PL_ETEMP;
	mailsmtp_set_timeout(s->smtp, SMTP_TIMEOUT_S);
	r = mode == TLS_IMPLICIT ? mailsmtp_ssl_connect_with_callback(s->smtp,
	    m->host, port, tls_sni_callback, m->host) :
	    mailsmtp_socket_connect(s->smtp, m->host, port);
	if (r != MAILSMTP_NO_ERROR)
		return fail(s, "connect", r);
	if (mode == TLS_IMPLICIT && tls_verify(s->smtp->stream, m->host,
	    m->ca_file, s->why, sizeof s->why) == -1) {
		disconnect(s);
		return PL_ETEMP;
	}
	mailstream_set_privacy(s->smtp->stream, 0);
	if ((r = mailesmtp_ehlo_with_ip(s->smtp, 0)) != MAILSMTP_NO_ERROR &&
	    (r = mailsmtp_helo(s->smtp)) != MAILSMTP_NO_ERROR)
		return fail(s, "EHLO", r);
	if (mode == TLS_STARTTLS) {
		if (!(s->smtp->esmtp & MAILSMTP_ESMTP_STARTTLS)) {
			snprintf(s->why, sizeof s->why, "%s offers no STARTTLS",
			    m->host);
			disconnect(s);
			return PL_ETEMP;
		}
		if ((r = mailsmtp_socket_starttls_with_callback(s->smtp,
		    tls_sni_callback, m->host)) != MAILSMTP_NO_ERROR)
			return fail(s, "STARTTLS", r);
		if (tls_verify(s->smtp->stream, m->host, m->ca_file, s->why,
		    sizeof s->why) == -1) {
			disconnect(s);
			return PL_ETEMP;
		}
		/* The capabilities before TLS mean nothing now. */
		if ((r = mailesmtp_ehlo_with_ip(s->smtp, 0)) !=
		    MAILSMTP_NO_ERROR)
			return fail(s, "EHLO after STARTTLS", r);
	}
	if (*m->user) {
		int type = s->smtp->auth & MAILSMTP_AUTH_PLAIN ?
		    MAILSMTP_AUTH_PLAIN : MAILSMTP_AUTH_LOGIN;

		if (s->password == NULL) {
			snprintf(s->why, sizeof s->why, "no SMTP password "
			    "(smtp password_file)");
			disconnect(s);
			return PL_ECONF;
		}
		if ((r = mailsmtp_auth_type(s->smtp, m->user, s->password,
		    type)) != MAILSMTP_NO_ERROR)
			return fail(s, "AUTH", r);
	}
	return PL_OK;
}

static enum pl_status
smtp_open(struct sender **out, const struct conf *cf)
{
	struct sender *s = xcalloc(1, sizeof *s);

	s->cf = cf;
	s->from = cf->office_email;
	s->password = file_first_line(cf->smtp.password_file);
	*out = s;
	return PL_OK;		/* connect on the first message */
}

static bool
addr_sane(const char *a)
{
	size_t i, n = strlen(a);

	if (n == 0 || n > SMTP_MAX_ADDR || strchr(a, '@') == NULL)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)a[i] <= ' ' || a[i] == '<' || a[i] == '>' ||
		    (unsigned char)a[i] == 0x7f)
			return false;
	return true;
}

static enum pl_status
smtp_send(struct sender *s, const char *message_id, const char *rcpt,
    const char *raw, size_t len, const char **why)
{
	enum pl_status rv;
	char *list, *p, *one;
	int r;

	*why = s->why;
	if (!addr_sane(s->from)) {
		snprintf(s->why, sizeof s->why, "bad envelope sender");
		return PL_ECONF;
	}
	if (s->smtp == NULL && (rv = connect_server(s)) != PL_OK)
		return rv;
	if ((r = mailesmtp_mail(s->smtp, s->from, 0, NULL)) !=
	    MAILSMTP_NO_ERROR) {
		/* A stale connection: one fresh try. */
		disconnect(s);
		if ((rv = connect_server(s)) != PL_OK)
			return rv;
		if ((r = mailesmtp_mail(s->smtp, s->from, 0, NULL)) !=
		    MAILSMTP_NO_ERROR)
			return fail(s, "MAIL FROM", r);
	}
	list = xstrdup(rcpt);
	p = list;
	while ((one = strsep(&p, ",")) != NULL) {
		str_trim(one);
		if (*one == '\0')
			continue;
		if (!addr_sane(one)) {
			snprintf(s->why, sizeof s->why, "bad recipient "
			    "address");
			free(list);
			mailsmtp_reset(s->smtp);
			return PL_EINPUT;
		}
		if ((r = mailesmtp_rcpt(s->smtp, one, 0, NULL)) !=
		    MAILSMTP_NO_ERROR) {
			free(list);
			return fail(s, "RCPT TO", r);
		}
	}
	free(list);
	if ((r = mailsmtp_data(s->smtp)) != MAILSMTP_NO_ERROR)
		return fail(s, "DATA", r);
	if ((r = mailsmtp_data_message(s->smtp, raw, len)) !=
	    MAILSMTP_NO_ERROR)
		return fail(s, "message", r);
	(void)message_id;
	return PL_OK;
}

static void
smtp_close(struct sender *s)
{
	if (s == NULL)
		return;
	if (s->smtp)
		mailsmtp_quit(s->smtp);
	disconnect(s);
	if (s->password) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	free(s);
}

const struct sender_ops send_smtp_ops = {
	"smtp", smtp_open, smtp_send, smtp_close
};
