/* sla.h: the service-level clock of a request. */
#ifndef PL_SLA_H
#define PL_SLA_H

#include <stdbool.h>
#include <time.h>

#include "calendar.h"
#include "conf.h"
#include "pipeline.h"

struct sla {
	time_t	 deadline;	/* with the waiting time added */
	long	 budget;	/* opening minutes the SLA grants */
	long	 used;		/* opening minutes used so far */
	long	 waiting;	/* opening minutes spent waiting on the applicant */
	bool	 running;	/* not yet approved, rejected or issued */
	int	 percent;	/* used / budget */
};

/*
 * The clock of r at now: days working days from its receipt (mail outside
 * hours counts from the next opening), stopped at approved, rejected or
 * issued; the opening time spent in `incomplete` (waiting for the
 * applicant's documents) does not count and moves the deadline.
 */
void	sla_of(const struct cal *c, const struct pl_request *r, int days,
	    time_t now, struct sla *s);
/* The same with the configured calendar and the SLA of r's type. */
void	sla_for(const struct conf *cf, const struct pl_request *r, time_t now,
	    struct sla *s);

struct store;
/*
 * The timers: every running request past [sla] warn_percent of its time
 * gets a warning to the verifier, every overdue one a mail to the
 * supervisor, each once (recorded with the mail, so also across
 * restarts). In the caller's transaction; *sent counts the mails.
 */
enum pl_status	sla_timers(const struct conf *cf, struct store *st, time_t now,
	    int *sent);

#endif
