/* renewal.h: certificates that expire, and the reminders to renew them. */
#ifndef PL_RENEWAL_H
#define PL_RENEWAL_H

#include <time.h>

#include "conf.h"
#include "pipeline.h"
#include "store.h"

/*
 * Reminders before a certificate expires: 30, 14 and 7 days before and on
 * the day, to the holder with a copy to the verifier, in Indonesian with
 * the renewal procedure. Each step once per certificate (recorded with
 * the mail, so also across restarts); when several steps are due at once
 * (a certificate imported late) only the nearest is sent. A holder with a
 * newer certificate gets none for the old one. In the caller's
 * transaction; *sent counts the mails.
 */
enum pl_status	renewal_reminders(const struct conf *cf, struct store *st,
		    time_t now, int *sent);

#endif
