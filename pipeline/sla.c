/*
 * sla (decide stage): how much of its service time a request has used.
 * The SOP promises N working days from receipt; the time the office waits
 * for the applicant's missing documents is not the office's, so it is
 * taken out and the deadline moves by as much opening time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "outbox.h"
#include "reply.h"
#include "sla.h"
#include "store.h"
#include "template.h"
#include "xmem.h"

static bool
stops(const char *status)
{
	return strcmp(status, "approved") == 0 ||
	    strcmp(status, "rejected") == 0 || strcmp(status, "issued") == 0;
}

void
sla_of(const struct cal *c, const struct pl_request *r, int days,
    time_t now, struct sla *s)
{
	time_t start = r->received_at, end = now, wait_from = 0, nominal;
	size_t i;

	memset(s, 0, sizeof *s);
	s->running = true;
	for (i = 0; i < r->nevents; i++) {
		const struct pl_event *e = &r->events[i];

		if (wait_from && strcmp(e->status, "incomplete") != 0) {
			s->waiting += cal_minutes(c, wait_from, e->when);
			wait_from = 0;
		}
		if (!wait_from && strcmp(e->status, "incomplete") == 0)
			wait_from = e->when;
		if (stops(e->status)) {
			end = e->when;
			s->running = false;
			break;
		}
	}
	if (wait_from)
		s->waiting += cal_minutes(c, wait_from, end);
	nominal = cal_deadline(c, start, days);
	s->budget = nominal ? cal_minutes(c, start, nominal) : 0;
	s->deadline = s->waiting && nominal ? cal_add(c, start, s->budget +
	    s->waiting) : nominal;
	s->used = cal_minutes(c, start, end) - s->waiting;
	if (s->used < 0)
		s->used = 0;
	s->percent = s->budget > 0 ? (int)(s->used * 100 / s->budget) : 0;
}

void
sla_for(const struct conf *cf, const struct pl_request *r, time_t now,
    struct sla *s)
{
	sla_of(&cf->cal, r, strcmp(r->type, "renewal") == 0 ?
	    cf->sla_renewal_days : cf->sla_issuance_days, now, s);
}

/* One timer mail about r to addr with template tname, once per kind. */
static enum pl_status
notify(const struct conf *cf, struct store *st, const struct pl_request *r,
    const struct sla *s, const char *kind, const char *to, const char *name,
    const char *tname, time_t now, int *sent)
{
	struct tpl_ctx *c;
	struct reply rp;
	char when[96], pct[16];
	const char *why;
	bool fresh = false;
	enum pl_status rv;

	if ((rv = store_sla_notice(st, r->id, kind, now, &fresh)) != PL_OK ||
	    !fresh)
		return rv;
	c = tpl_ctx_new();
	tpl_set(c, "code", r->code);
	tpl_set(c, "nama", r->fields[PL_F_NAMA].value ?
	    r->fields[PL_F_NAMA].value : r->applicant_email);
	tpl_set(c, "status", r->status);
	tpl_set(c, "penerima", name);
	calendar_format_long(s->deadline, when, sizeof when);
	tpl_set(c, "deadline", when);
	calendar_format_long(r->received_at, when, sizeof when);
	tpl_set(c, "received", when);
	snprintf(pct, sizeof pct, "%d", s->percent);
	tpl_set(c, "persen", pct);
	tpl_set(c, "office", cf->office_name);
	memset(&rp, 0, sizeof rp);
	rp.to = to;
	rv = outbox_queue(st, cf, tname, c, r->code, &rp, r->id, now, &why);
	if (rv == PL_OK)
		(*sent)++;
	log_info("stage=sla request=%s result=%s percent=%d", r->code, kind,
	    s->percent);
	tpl_ctx_free(c);
	return rv == PL_EINPUT ? PL_OK : rv;
}

enum pl_status
sla_timers(const struct conf *cf, struct store *st, time_t now, int *sent)
{
	struct pl_request r;
	struct sla s;
	int64_t *ids = NULL;
	size_t n = 0, i;
	enum pl_status rv = PL_OK;

	*sent = 0;
	if ((rv = store_req_list(st, NULL, &ids, &n)) != PL_OK)
		return rv;
	for (i = 0; i < n && rv == PL_OK; i++) {
		if (store_req_load(st, ids[i], &r) != PL_OK)
			continue;
		sla_for(cf, &r, now, &s);
		if (s.running && s.percent >= 100)
			rv = notify(cf, st, &r, &s, "overdue",
			    cf->supervisor_email, cf->supervisor_name,
			    "sla_overdue", now, sent);
		else if (s.running && s.percent >= cf->sla_warn_percent &&
		    strcmp(r.status, "incomplete") != 0)
			rv = notify(cf, st, &r, &s, "warning",
			    cf->verifier_email, cf->verifier_name,
			    "sla_warning", now, sent);
		pl_request_clear(&r);
	}
	free(ids);
	return rv;
}
