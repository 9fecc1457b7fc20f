/*
 * complaint (decide stage): complaints (pengaduan) by mail. Both SOPs
 * promise complaint handling: the complaint is acknowledged, goes to the
 * complaints officer, and when it stays unresolved for the configured
 * working days it goes up to the head of office.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "complaint.h"
#include "log.h"
#include "outbox.h"
#include "reply.h"
#include "template.h"
#include "util.h"
#include "xmem.h"

#define COMPLAINT_BODY_MAX	(16u << 10)	/* bytes kept and forwarded */

static const char *const cues[] = { "pengaduan", "keluhan", "komplain",
    "aduan", "complaint" };
#define NCUES	(sizeof cues / sizeof *cues)

bool
complaint_is(const struct conf *cf, const struct pl_msg *m, bool in_thread)
{
	size_t i;

	for (i = 0; *cf->complaints_address && i < m->nrcpts; i++)
		if (strcasecmp(m->rcpts[i], cf->complaints_address) == 0)
			return true;
	if (str_has_any(m->subject, 998, cues, NCUES))
		return true;
	/* In a request's thread only the subject counts: "keluhan" in a
	 * follow-up's text is more often a remark than a complaint. */
	return !in_thread && str_has_any(m->body_text, 300, cues, NCUES);
}

static void
ctx_of(const struct conf *cf, const struct store_complaint *c,
    const char *code, struct tpl_ctx *t)
{
	char when[96];

	tpl_set(t, "kode", code);
	tpl_set(t, "pengirim", c->from_email);
	tpl_set(t, "perihal", c->subject);
	tpl_set(t, "isi", c->body);
	calendar_format_long(c->opened_at, when, sizeof when);
	tpl_set(t, "diterima", when);
	tpl_set(t, "office", cf->office_name);
	tpl_set(t, "petugas", cf->complaints_officer_name);
}

enum pl_status
complaint_open(const struct conf *cf, struct store *st,
    const struct pl_msg *m, int64_t request_id, time_t now, char code[24])
{
	struct store_complaint c;
	struct tpl_ctx *t;
	struct reply rp;
	struct tm tm;
	time_t local = now + 7 * 3600;
	const char *why;
	char *body;
	int64_t id;
	enum pl_status rv;

	gmtime_r(&local, &tm);
	body = xstrndup(m->body_text ? m->body_text : "", COMPLAINT_BODY_MAX);
	memset(&c, 0, sizeof c);
	c.request_id = request_id;
	c.from_email = m->from_email;
	c.subject = m->subject;
	c.body = body;
	c.message_id = m->message_id;
	c.opened_at = now;
	if ((rv = store_complaint_new(st, &c, tm.tm_year + 1900, code, &id)) !=
	    PL_OK) {
		free(body);
		return rv;
	}
	t = tpl_ctx_new();
	ctx_of(cf, &c, code, t);
	memset(&rp, 0, sizeof rp);
	rp.to = m->from_email;
	rp.in_reply_to = m->message_id;
	rv = outbox_queue(st, cf, "complaint_ack", t, code, &rp, request_id,
	    now, &why);
	if (rv == PL_OK || rv == PL_EINPUT) {
		memset(&rp, 0, sizeof rp);
		rp.to = cf->complaints_officer;
		rp.reply_to = m->from_email;
		rv = outbox_queue(st, cf, "complaint_forward", t, code, &rp,
		    request_id, now, &why);
	}
	tpl_ctx_free(t);
	free(body);
	log_info("stage=complaint code=%s result=opened", code);
	return rv == PL_EINPUT ? PL_OK : rv;
}

enum pl_status
complaint_timers(const struct conf *cf, struct store *st, time_t now,
    int *sent)
{
	struct store_complaint *c = NULL;
	struct tpl_ctx *t;
	struct reply rp;
	const char *why;
	size_t n = 0, i;
	enum pl_status rv;

	*sent = 0;
	if ((rv = store_complaint_list(st, true, &c, &n)) != PL_OK)
		return rv;
	for (i = 0; i < n && rv == PL_OK; i++) {
		time_t due = cal_deadline(&cf->cal, c[i].opened_at,
		    cf->complaints_escalate_days);

		if (c[i].escalated_at || due == 0 || now < due)
			continue;
		if ((rv = store_complaint_set(st, c[i].id, NULL, NULL, now,
		    0)) != PL_OK)
			break;
		t = tpl_ctx_new();
		ctx_of(cf, &c[i], c[i].code, t);
		memset(&rp, 0, sizeof rp);
		rp.to = cf->head_email;
		rp.cc = cf->complaints_officer;
		rv = outbox_queue(st, cf, "complaint_escalate", t, c[i].code,
		    &rp, c[i].request_id, now, &why);
		tpl_ctx_free(t);
		if (rv == PL_EINPUT)
			rv = PL_OK;
		(*sent)++;
		log_info("stage=complaint code=%s result=escalated", c[i].code);
	}
	store_complaint_free(c, n);
	return rv;
}
