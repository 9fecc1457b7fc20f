/* outbox (outbox stage): durable queue to a sender backend, retried. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "outbox.h"
#include "reply.h"
#include "store.h"
#include "template.h"
#include "util.h"
#include "xmem.h"

#define OUTBOX_BATCH	100

/* Record one delivery result in its own transaction. */
static enum pl_status
record(struct store *st, const struct store_out *o, enum pl_status rv,
    const char *why)
{
	enum pl_status st2;
	char e1[LOG_ESC_SIZE];

	if ((st2 = store_begin(st)) != PL_OK)
		return st2;
	st2 = store_out_done(st, o->id, rv == PL_OK, rv == PL_EINPUT,
	    rv == PL_OK ? NULL : why, pl_now());
	if (st2 != PL_OK) {
		store_rollback(st);
		return st2;
	}
	if (rv != PL_OK)
		log_warnx("stage=outbox out=%lld result=%s why=\"%s\"",
		    (long long)o->id, rv == PL_EINPUT ? "failed" : "retry",
		    log_esc(e1, sizeof e1, why));
	return store_commit(st);
}

/*
 * Automatic mail to one address is capped per day (a loop with another
 * robot ends here); the verifier, who gets one mail per request, is not.
 * Mail over the cap waits for the next day, in the queue.
 */
static bool
over_cap(struct store *st, const struct conf *cf, const struct store_out *o)
{
	time_t now = pl_now();
	char e[LOG_ESC_SIZE];

	if (strcmp(o->rcpt, cf->verifier_email) == 0 ||
	    store_out_sent_since(st, o->rcpt, now - 86400) <
	    cf->smtp_daily_cap)
		return false;
	if (store_begin(st) == PL_OK) {
		if (store_out_defer(st, o->id, now + 3600, "daily cap of "
		    "automatic mail to this address reached") == PL_OK)
			store_commit(st);
		else
			store_rollback(st);
	}
	log_warnx("stage=outbox out=%lld result=deferred why=\"daily cap\" "
	    "rcpt=%s", (long long)o->id, log_esc(e, sizeof e, o->rcpt));
	return true;
}

enum pl_status
outbox_queue(struct store *st, const struct conf *cf, const char *tname,
    const struct tpl_ctx *c, const char *code, struct reply *rp,
    int64_t request_id, time_t now, const char **why)
{
	char *subject = NULL, *body = NULL, *tagged = NULL, *raw = NULL,
	    *msgid = NULL;
	size_t len;
	enum pl_status rv;

	if ((rv = tpl_render(cf->templates, tname, c, &subject, &body,
	    why)) != PL_OK)
		return rv;
	tagged = code ? xasprintf("[%s] %s", code, subject) : xstrdup(subject);
	rp->from_name = cf->office_name;
	rp->from_email = cf->office_email;
	rp->hostname = cf->hostname;
	rp->subject = tagged;
	rp->body = body;
	rp->request_code = code;
	rp->date = now;
	if ((rv = reply_compose(rp, &raw, &len, &msgid)) == PL_OK)
		rv = store_out_add(st, request_id, msgid, rp->to, tname, raw,
		    len, now);
	else
		*why = "no usable recipient address";
	rp->subject = rp->body = NULL;
	free(subject);
	free(body);
	free(tagged);
	free(raw);
	free(msgid);
	return rv;
}

const struct sender_ops *
outbox_ops(const struct conf *cf)
{
	return cf->smtp.host && *cf->smtp.host ? &send_smtp_ops :
	    &send_maildir_ops;
}

enum pl_status
outbox_flush(struct store *st, const struct conf *cf,
    const struct sender_ops *ops, size_t *sent, size_t *failed)
{
	struct sender *snd = NULL;
	struct store_out *o = NULL;
	const char *why = NULL;
	size_t n = 0, i;
	enum pl_status rv;

	*sent = *failed = 0;
	if ((rv = ops->open(&snd, cf)) != PL_OK)
		return rv;
	for (;;) {
		if ((rv = store_out_due(st, pl_now(), OUTBOX_BATCH, &o, &n)) !=
		    PL_OK || n == 0)
			break;
		for (i = 0; i < n; i++) {
			if (over_cap(st, cf, &o[i])) {
				(*failed)++;
				continue;
			}
			why = "delivery failed";
			if (o[i].raw == NULL) {
				why = "the sealed mail does not open";
				rv = PL_EINPUT;
			} else
				rv = ops->send(snd, o[i].message_id,
				    o[i].rcpt, o[i].raw, o[i].len, &why);
			if (record(st, &o[i], rv, why) != PL_OK) {
				store_out_free(o, n);
				ops->close(snd);
				return PL_ETEMP;
			}
			if (rv == PL_OK) {
				(*sent)++;
				log_info("stage=outbox out=%lld result=sent "
				    "backend=%s", (long long)o[i].id, ops->name);
			} else
				(*failed)++;
		}
		store_out_free(o, n);
		o = NULL;
		if (*failed > 0)
			break;		/* leave retries for the next run */
	}
	ops->close(snd);
	return rv == PL_DONE ? PL_OK : rv;
}
