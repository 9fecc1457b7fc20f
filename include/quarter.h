/* quarter.h: the quarterly performance report (figures, JSON, CSV, PDF). */
#ifndef PL_QUARTER_H
#define PL_QUARTER_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "conf.h"
#include "pipeline.h"
#include "store.h"

#define Q_MAX_WEEKS	15
#define Q_NSTATUS	7
#define Q_MAX_REASONS	8

struct quarter {
	int	 year, q;		/* 2026, 4 */
	time_t	 from, to;		/* [from, to), Asia/Jakarta */
	int	 nweeks;
	time_t	 week[Q_MAX_WEEKS];	/* Monday 00:00 of each week */
	int	 issuance[Q_MAX_WEEKS], renewal[Q_MAX_WEEKS];
	int	 received;		/* requests received in the quarter */
	int	 status[Q_NSTATUS];	/* by q_status_names */
	int	 finished;		/* approved, rejected or issued */
	double	 median_hours, p90_hours;	/* working hours to decision */
	int	 in_time;		/* finished within the SLA */
	double	 sla_percent;
	int	 overdue_open;		/* still running, past the deadline */
	struct {
		char	 name[32];	/* document type */
		int	 n;
	}	 reason[Q_MAX_REASONS];
	int	 nreasons;
	int	 complaints_opened, complaints_closed;
};

extern const char *const q_status_names[Q_NSTATUS];

/* Parse "2026Q4" into year and quarter; -1 when it is not one. */
int		 quarter_parse(const char *s, int *year, int *q);
/* The figures of quarter q of year from the store, as of now. */
enum pl_status	 quarter_compute(const struct conf *cf, struct store *st,
		    int year, int q, time_t now, struct quarter *out);
/* The same figures as JSON (the caller's string) or CSV to f. */
char		*quarter_json(const struct quarter *r);
void		 quarter_csv(const struct quarter *r, FILE *f);
/* The report as a PDF with its charts; *pdf is the caller's. */
enum pl_status	 quarter_pdf(const struct conf *cf, const struct quarter *r,
		    char **pdf, size_t *len, char *why, size_t whysize);

#endif
