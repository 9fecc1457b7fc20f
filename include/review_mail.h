/* review_mail.h: the verifier's answers and BSrE's notices by mail. */
#ifndef PL_REVIEW_MAIL_H
#define PL_REVIEW_MAIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "pipeline.h"
#include "store.h"

struct review_mail_result {
	bool		 ours;		/* for the review: not a request */
	int64_t		 request_id;	/* 0 when none was named */
	const char	*disposition;	/* "followup" or "ignored" */
	char		 note[256];	/* what happened, for the record */
};

/*
 * Is m an answer of the verifier (to a token address of ours) or BSrE's
 * issuance notice? Then act on it (approve, reject, issued, or send the
 * verifier the help) in the caller's transaction and set out->ours; the
 * caller records the message with out->disposition and out->note.
 * Refused answers (forged, expired, another sender, not authenticated)
 * change nothing and are logged.
 */
enum pl_status	 review_mail(const struct conf *cf, struct store *st,
		    const struct pl_msg *m, time_t now,
		    struct review_mail_result *out);

/* BSrE's notice: the approved request it names becomes issued. */
enum pl_status	 review_notice(const struct conf *cf, struct store *st,
		    const struct pl_msg *m, time_t now,
		    struct review_mail_result *out);

#endif
