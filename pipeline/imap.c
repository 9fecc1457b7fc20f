/*
 * imap (ingest stage): the office inbox over IMAP with libetpan. The
 * certificate is checked with OpenSSL (tls.c) before LOGIN, since
 * libetpan checks nothing. Messages are fetched by UID, size first (an
 * oversized one is never downloaded), then BODY.PEEK[]; the daemon
 * commits each to the store before it moves it out of the inbox, so a
 * crash in between only makes the next run see a duplicate.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "imap.h"
#include "log.h"
#include "tls.h"
#include "util.h"
#include "xmem.h"

#define IMAP_TIMEOUT_S	60
#define IMAP_MAX_LIST	5000	/* messages listed per pass */

/*
 * libetpan 1.9.4 (Debian 12) loops for ever when the connection closes
 * inside an IMAP literal: its literal reader never takes a 0-byte read
 * as the end (fixed upstream in 1.10). The stream's driver is copied and
 * its read wrapped so that the end of the stream is an error.
 */
struct eof_driver {
	mailstream_low_driver	 d;		/* first: low->driver */
	ssize_t			(*read)(mailstream_low *, void *, size_t);
};

struct imap {
	const struct conf	*cf;
	mailimap		*s;
	struct eof_driver	*eof;		/* owned; outlives s */
	uint32_t		 uidvalidity;
	bool			 has_move, has_uidplus, has_idle;
};

static enum pl_status
fail(struct imap *im, char *why, size_t size, const char *what, int r)
{
	const char *resp = im->s && im->s->imap_response ?
	    im->s->imap_response : "";
	char *clean = utf8_clean(resp, strnlen(resp, 200), false);

	snprintf(why, size, "IMAP %s: %s (libetpan %d)", what, clean, r);
	free(clean);
	/* A refused login will be refused again: the operator must act. */
	return r == MAILIMAP_ERROR_LOGIN ? PL_ECONF : PL_ETEMP;
}

static ssize_t
eof_read(mailstream_low *low, void *buf, size_t n)
{
	const struct eof_driver *e = (const struct eof_driver *)low->driver;
	ssize_t r = e->read(low, buf, n);

	return r == 0 ? -1 : r;
}

static void
eof_wrap(struct imap *im)
{
	mailstream_low *low = im->s->imap_stream ?
	    im->s->imap_stream->low : NULL;

	if (low == NULL || low->driver == NULL)
		return;
	im->eof = xcalloc(1, sizeof *im->eof);
	im->eof->d = *low->driver;
	im->eof->read = low->driver->mailstream_read;
	im->eof->d.mailstream_read = eof_read;
	low->driver = &im->eof->d;
}

static enum pl_status
secure(struct imap *im, enum tls_mode mode, char *why, size_t size)
{
	const struct conf_mail *m = &im->cf->imap;
	uint16_t port = m->port ? (uint16_t)m->port : mode == TLS_IMPLICIT ?
	    993 : 143;
	int r;

	if (mode == TLS_NONE && !tls_is_loopback(m->host)) {
		snprintf(why, size, "plaintext IMAP to %s refused: only to a "
		    "loopback address", m->host);
		return PL_ECONF;
	}
	r = mode == TLS_IMPLICIT ? mailimap_ssl_connect_with_callback(im->s,
	    m->host, port, tls_sni_callback, m->host) :
	    mailimap_socket_connect(im->s, m->host, port);
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
		return fail(im, why, size, "connect", r);
	if (mode == TLS_STARTTLS && (r = mailimap_socket_starttls_with_callback(
	    im->s, tls_sni_callback, m->host)) != MAILIMAP_NO_ERROR)
		return fail(im, why, size, "STARTTLS", r);
	if (mode != TLS_NONE && tls_verify(im->s->imap_stream, m->host,
	    m->ca_file, why, size) == -1)
		return PL_ETEMP;
	eof_wrap(im);
	return PL_OK;
}

static void
ensure_mailbox(struct imap *im, const char *mb)
{
	/* Already there is the usual answer; SELECT will tell otherwise. */
	(void)mailimap_create(im->s, mb);
}

enum pl_status
imap_open(const struct conf *cf, struct imap **out, char *why, size_t size)
{
	struct imap *im = xcalloc(1, sizeof *im);
	enum tls_mode mode = TLS_IMPLICIT;
	char *pw;
	enum pl_status rv;
	int r;

	*out = NULL;
	im->cf = cf;
	tls_mode_parse(cf->imap.security, &mode);
	if ((im->s = mailimap_new(0, NULL)) == NULL) {
		free(im);
		return PL_ETEMP;
	}
	mailimap_set_timeout(im->s, IMAP_TIMEOUT_S);
	if ((rv = secure(im, mode, why, size)) != PL_OK)
		goto bad;
	if ((pw = file_first_line(cf->imap.password_file)) == NULL) {
		snprintf(why, size, "no IMAP password ([imap] password_file)");
		rv = PL_ECONF;
		goto bad;
	}
	r = mailimap_login(im->s, cf->imap.user, pw);
	explicit_bzero(pw, strlen(pw));
	free(pw);
	if (r != MAILIMAP_NO_ERROR) {
		rv = fail(im, why, size, "LOGIN", r);
		goto bad;
	}
	/* The greeting's capabilities may predate login: ask again. */
	{
		struct mailimap_capability_data *cap = NULL;

		if (mailimap_capability(im->s, &cap) == MAILIMAP_NO_ERROR)
			mailimap_capability_data_free(cap);
	}
	im->has_move = mailimap_has_extension(im->s, "MOVE");
	im->has_uidplus = mailimap_has_uidplus(im->s);
	im->has_idle = mailimap_has_idle(im->s);
	ensure_mailbox(im, cf->imap_processed);
	ensure_mailbox(im, cf->imap_quarantine);
	if ((r = mailimap_select(im->s, cf->imap_mailbox)) !=
	    MAILIMAP_NO_ERROR) {
		rv = fail(im, why, size, "SELECT", r);
		goto bad;
	}
	im->uidvalidity = im->s->imap_selection_info ?
	    im->s->imap_selection_info->sel_uidvalidity : 0;
	*out = im;
	return PL_OK;
bad:
	mailimap_free(im->s);
	free(im->eof);
	free(im);
	return rv;
}

void
imap_close(struct imap *im)
{
	if (im == NULL)
		return;
	if (im->s) {
		mailimap_logout(im->s);
		mailimap_free(im->s);
	}
	free(im->eof);		/* the stream used it until freed */
	free(im);
}

uint32_t
imap_uidvalidity(const struct imap *im)
{
	return im->uidvalidity;
}

/* The static attribute of kind type in one FETCH response, or NULL. */
static struct mailimap_msg_att_static *
att_static(struct mailimap_msg_att *a, int type)
{
	clistiter *it;
	struct mailimap_msg_att_item *item;

	for (it = clist_begin(a->att_list); it; it = clist_next(it)) {
		item = clist_content(it);
		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
		    item->att_data.att_static->att_type == type)
			return item->att_data.att_static;
	}
	return NULL;
}

/* Is the message flagged \Deleted (someone's expunge is pending)? */
static bool
is_deleted(struct mailimap_msg_att *a)
{
	clistiter *it, *f;
	struct mailimap_msg_att_item *item;
	struct mailimap_flag_fetch *ff;

	for (it = clist_begin(a->att_list); it; it = clist_next(it)) {
		item = clist_content(it);
		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_DYNAMIC ||
		    item->att_data.att_dyn == NULL ||
		    item->att_data.att_dyn->att_list == NULL)
			continue;
		for (f = clist_begin(item->att_data.att_dyn->att_list); f;
		    f = clist_next(f)) {
			ff = clist_content(f);
			if (ff->fl_flag && ff->fl_flag->fl_type ==
			    MAILIMAP_FLAG_DELETED)
				return true;
		}
	}
	return false;
}

static int
uid_cmp(const void *a, const void *b)
{
	const struct imap_msg *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

enum pl_status
imap_list(struct imap *im, struct imap_msg **msgs, size_t *n)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	struct mailimap_msg_att_static *u, *sz;
	clist *res = NULL;
	clistiter *it;
	char why[256];
	int r;

	*msgs = NULL;
	*n = 0;
	if (im->s->imap_selection_info &&
	    im->s->imap_selection_info->sel_has_exists &&
	    im->s->imap_selection_info->sel_exists == 0)
		return PL_OK;
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_rfc822_size());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_flags());
	set = mailimap_set_new_interval(1, 0);		/* 1:* */
	r = mailimap_uid_fetch(im->s, set, ft, &res);	/* OK on an empty box */
	mailimap_set_free(set);
	mailimap_fetch_type_free(ft);
	if (r == MAILIMAP_ERROR_UID_FETCH)	/* an empty mailbox says NO */
		return PL_OK;
	if (r != MAILIMAP_NO_ERROR) {
		fail(im, why, sizeof why, "FETCH sizes", r);
		log_warnx("stage=imap result=error why=\"%s\"", why);
		return PL_ETEMP;
	}
	for (it = clist_begin(res); it && *n < IMAP_MAX_LIST;
	    it = clist_next(it)) {
		u = att_static(clist_content(it), MAILIMAP_MSG_ATT_UID);
		sz = att_static(clist_content(it),
		    MAILIMAP_MSG_ATT_RFC822_SIZE);
		/* A message marked \Deleted is on its way out: not ours. */
		if (u == NULL || sz == NULL || is_deleted(clist_content(it)))
			continue;
		*msgs = xreallocarray(*msgs, *n + 1, sizeof **msgs);
		(*msgs)[*n].uid = u->att_data.att_uid;
		(*msgs)[(*n)++].size = sz->att_data.att_rfc822_size;
	}
	mailimap_fetch_list_free(res);
	if (*n > 1)
		qsort(*msgs, *n, sizeof **msgs, uid_cmp);
	return PL_OK;
}

enum pl_status
imap_fetch(struct imap *im, uint32_t uid, size_t max, char **raw,
    size_t *len)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_section *sec = mailimap_section_new(NULL);
	struct mailimap_msg_att_static *b, *u;
	clist *res = NULL;
	clistiter *it;
	enum pl_status rv = PL_EINPUT;
	char why[256];
	int r;

	*raw = NULL;
	*len = 0;
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section(sec));
	r = mailimap_uid_fetch(im->s, set, ft, &res);
	mailimap_set_free(set);
	mailimap_fetch_type_free(ft);
	if (r != MAILIMAP_NO_ERROR) {
		fail(im, why, sizeof why, "UID FETCH", r);
		log_warnx("stage=imap uid=%u result=error why=\"%s\"", uid, why);
		return PL_ETEMP;
	}
	/* A server may answer for other UIDs too: take ours only. */
	for (it = clist_begin(res); it; it = clist_next(it)) {
		u = att_static(clist_content(it), MAILIMAP_MSG_ATT_UID);
		b = att_static(clist_content(it),
		    MAILIMAP_MSG_ATT_BODY_SECTION);
		if (u == NULL || u->att_data.att_uid != uid || b == NULL ||
		    b->att_data.att_body_section->sec_body_part == NULL)
			continue;
		*len = b->att_data.att_body_section->sec_length;
		if (*len > max) {
			*len = 0;
			break;
		}
		*raw = xmalloc(*len + 1);
		memcpy(*raw, b->att_data.att_body_section->sec_body_part,
		    *len);
		(*raw)[*len] = '\0';
		rv = PL_OK;
		break;
	}
	mailimap_fetch_list_free(res);
	return rv;
}

enum pl_status
imap_move(struct imap *im, uint32_t uid, const char *mailbox)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_flag_list *fl;
	struct mailimap_store_att_flags *sf;
	char why[256];
	int r;

	if (im->has_move)
		r = mailimap_uid_move(im->s, set, mailbox);
	else if ((r = mailimap_uid_copy(im->s, set, mailbox)) ==
	    MAILIMAP_NO_ERROR) {
		fl = mailimap_flag_list_new_empty();
		mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
		sf = mailimap_store_att_flags_new_add_flags_silent(fl);
		r = mailimap_uid_store(im->s, set, sf);
		mailimap_store_att_flags_free(sf);
		/* Only this UID: a plain EXPUNGE takes every \Deleted. */
		if (r == MAILIMAP_NO_ERROR && im->has_uidplus)
			r = mailimap_uid_expunge(im->s, set);
	}
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		fail(im, why, sizeof why, "MOVE", r);
		log_warnx("stage=imap uid=%u result=error why=\"%s\"", uid, why);
		return PL_ETEMP;
	}
	return PL_OK;
}

enum pl_status
imap_wait(struct imap *im, int timeout_s, volatile sig_atomic_t *stop)
{
	struct pollfd pfd;
	time_t end = time(NULL) + timeout_s;
	int r, fd;

	if (!im->has_idle) {
		while (time(NULL) < end && !*stop)
			sleep(1);
		return mailimap_noop(im->s) == MAILIMAP_NO_ERROR ? PL_OK :
		    PL_ETEMP;
	}
	if (mailimap_idle(im->s) != MAILIMAP_NO_ERROR)
		return PL_ETEMP;
	fd = mailimap_idle_get_fd(im->s);
	/* Data libetpan already buffered would never wake poll(). */
	while (!*stop && time(NULL) < end &&
	    im->s->imap_stream->read_buffer_len == 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		r = poll(&pfd, 1, 1000);
		if (r > 0 || (r == -1 && errno == EINTR))	/* SIGHUP too */
			break;
		if (r == -1 && errno != EINTR)
			return PL_ETEMP;
	}
	return mailimap_idle_done(im->s) == MAILIMAP_NO_ERROR ? PL_OK :
	    PL_ETEMP;
}
