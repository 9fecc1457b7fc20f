/* outbox.h: deliver queued mail through a sender backend, with retries. */
#ifndef PL_OUTBOX_H
#define PL_OUTBOX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "pipeline.h"

struct store;
struct sender;

/* A delivery backend; one instance per file (send_maildir.c, ...). */
struct sender_ops {
	const char	*name;
	enum pl_status	(*open)(struct sender **, const struct conf *);
	/* PL_OK accepted; PL_ETEMP retry later; PL_EINPUT refused for good. */
	enum pl_status	(*send)(struct sender *, const char *message_id,
			    const char *rcpt, const char *raw, size_t len,
			    const char **why);
	void		(*close)(struct sender *);		/* NULL-safe */
};
extern const struct sender_ops send_maildir_ops;
extern const struct sender_ops send_smtp_ops;	/* [smtp] host set */

struct reply;
struct tpl_ctx;
/*
 * Render template tname with c, tag its subject "[code] " (code may be
 * NULL), compose it from our address as rp says (to, cc, threading,
 * Reply-To, an attachment; from, subject, body and date are filled here)
 * and queue it for request_id. PL_EINPUT (nothing queued) when the
 * recipient cannot be used; a template error is PL_ECONF; *why says so.
 */
enum pl_status	 outbox_queue(struct store *st, const struct conf *cf,
		    const char *tname, const struct tpl_ctx *c,
		    const char *code, struct reply *rp, int64_t request_id,
		    time_t now, const char **why);

/* The backend the configuration asks for: SMTP, else the Maildir. */
const struct sender_ops *outbox_ops(const struct conf *cf);

/*
 * Deliver every due outbox message with ops; each result is committed on
 * its own. *sent and *failed count this run. PL_ETEMP if the store or the
 * backend could not be used at all.
 */
enum pl_status	 outbox_flush(struct store *st, const struct conf *cf,
		    const struct sender_ops *ops, size_t *sent, size_t *failed);

#endif
