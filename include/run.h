/* run.h: moves one message through the stages and records the result. */
#ifndef PL_RUN_H
#define PL_RUN_H

#include <stddef.h>

#include "conf.h"
#include "ingest.h"
#include "pipeline.h"

struct ocr;
struct store;

/* What happened to a message. */
enum run_result {
	RUN_NEW,		/* opened a request */
	RUN_FOLLOWUP,		/* added to a request */
	RUN_DUPLICATE,		/* stored before: nothing changed */
	RUN_IGNORED,		/* automatic mail: recorded, not answered */
	RUN_QUARANTINED,	/* bad input: recorded with its reason */
	RUN_NRESULTS
};
extern const char *const run_result_names[RUN_NRESULTS];

struct run_ctx {
	struct store		*st;		/* borrowed */
	const struct conf	*cf;		/* borrowed */
	struct ocr		*ocr;		/* borrowed; NULL: no OCR */
	size_t			 count[RUN_NRESULTS];
};

/*
 * Process one raw message in one transaction: parse, classify, extract,
 * decide, and queue the reply. PL_OK with *res set when the message is
 * committed (whatever the result); PL_ETEMP when nothing was committed and
 * the message must be tried again; PL_ECONF when the operator must act.
 */
enum pl_status	 run_message(struct run_ctx *ctx, const struct raw_msg *m,
		    enum run_result *res, char code[24]);

/*
 * Read ahead: start the OCR workers on this message's KTP images (by name
 * or by look) before run_message() reaches it. Costs a MIME parse; safe
 * on any input (errors are ignored here and met again in run_message).
 */
void		 run_prefetch(struct run_ctx *ctx, const struct raw_msg *m);

#endif
