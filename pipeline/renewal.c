/*
 * renewal (decide stage): reminders before a certificate expires. The
 * renewal SOP starts when the holder is told the certificate's time is
 * up; sertel tells them a month, two weeks and a week before, and on the
 * day, so the new key pair is made in time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "log.h"
#include "outbox.h"
#include "renewal.h"
#include "reply.h"
#include "template.h"
#include "xmem.h"

static const int steps[] = { 30, 14, 7, 0 };	/* days before expiry */
#define NSTEPS	(sizeof steps / sizeof *steps)

/* Has the holder of c a newer certificate among all[0..n)? */
static bool
superseded(const struct store_cert *c, const struct store_cert *all,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].id != c->id && all[i].email && c->email &&
		    strcasecmp(all[i].email, c->email) == 0 &&
		    all[i].not_after > c->not_after)
			return true;
	return false;
}

static enum pl_status
remind(const struct conf *cf, struct store *st, const struct store_cert *c,
    int step, time_t now)
{
	struct tpl_ctx *t = tpl_ctx_new();
	struct reply rp;
	char buf[128];
	const char *why;
	enum pl_status rv;

	tpl_set(t, "subject", c->subject);
	tpl_set(t, "serial", c->serial);
	calendar_format_date(c->not_after, buf, sizeof buf);
	tpl_set(t, "berakhir", buf);
	snprintf(buf, sizeof buf, "%d", step);
	tpl_set(t, "hari", step > 0 ? buf : NULL);
	tpl_set(t, "office", cf->office_name);
	memset(&rp, 0, sizeof rp);
	rp.to = c->email;
	rp.cc = cf->verifier_email;
	rv = outbox_queue(st, cf, "cert_reminder", t, c->code && *c->code ?
	    c->code : NULL, &rp, c->request_id, now, &why);
	tpl_ctx_free(t);
	if (rv == PL_EINPUT) {
		log_warnx("stage=renewal cert=%lld result=error why=\"%s\"",
		    (long long)c->id, why);
		return PL_OK;
	}
	return rv;
}

enum pl_status
renewal_reminders(const struct conf *cf, struct store *st, time_t now,
    int *sent)
{
	struct store_cert *all = NULL;
	size_t n = 0, i, k;
	enum pl_status rv;
	bool fresh, any;
	int due;

	*sent = 0;
	if ((rv = store_cert_list(st, &all, &n)) != PL_OK)
		return rv;
	for (i = 0; i < n && rv == PL_OK; i++) {
		if (all[i].email == NULL || superseded(&all[i], all, n) ||
		    now > all[i].not_after + 86400)
			continue;
		/* The nearest step whose day has come. */
		for (due = -1, k = 0; k < NSTEPS; k++)
			if (now >= all[i].not_after - (time_t)steps[k] * 86400)
				due = (int)k;
		if (due < 0)
			continue;
		/* Earlier steps are spent too: one mail, the latest news. */
		for (any = false, k = 0; k <= (size_t)due && rv == PL_OK; k++) {
			rv = store_cert_notice(st, all[i].id, steps[k], now,
			    &fresh);
			any |= fresh && k == (size_t)due;
		}
		if (rv == PL_OK && any) {
			rv = remind(cf, st, &all[i], steps[due], now);
			(*sent)++;
			log_info("stage=renewal cert=%lld step=%d", (long long)
			    all[i].id, steps[due]);
		}
	}
	store_cert_free(all, n);
	return rv;
}
