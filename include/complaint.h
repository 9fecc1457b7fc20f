/* complaint.h: complaints (pengaduan) by mail, and their escalation. */
#ifndef PL_COMPLAINT_H
#define PL_COMPLAINT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "pipeline.h"
#include "store.h"

/*
 * Is m a complaint? Sent to [complaints] address, or a subject (or, for
 * mail that is not part of a request's thread, the first lines) saying
 * so: "pengaduan", "keluhan", "komplain", "aduan".
 */
bool		 complaint_is(const struct conf *cf, const struct pl_msg *m,
		    bool in_thread);

/*
 * Open a complaint for m (message row msg_row, request request_id or 0):
 * a record with its own code, an acknowledgement to the sender and the
 * complaint forwarded to the complaints officer, in the caller's
 * transaction. *code gets "ADU-2026-0001".
 */
enum pl_status	 complaint_open(const struct conf *cf, struct store *st,
		    const struct pl_msg *m, int64_t request_id, time_t now,
		    char code[24]);

/* Escalate open complaints older than [complaints] escalate_days working
 * days to the head of office, once each. *sent counts the mails. */
enum pl_status	 complaint_timers(const struct conf *cf, struct store *st,
		    time_t now, int *sent);

#endif
