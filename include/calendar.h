/* calendar.h: service hours, working-day deadlines, Indonesian dates. */
#ifndef PL_CALENDAR_H
#define PL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define CAL_MAX_SPANS		4	/* opening spans a day (a break: 2) */
#define CAL_MAX_HOLIDAYS	400	/* closed dates in a holiday file */
#define CAL_MAX_DAYS		3660	/* days a deadline may look ahead */

/* The SOP's hours: Mon-Thu 08:00-15:45 with a break, Fri 08:00-11:00. */
#define CAL_DEFAULT_HOURS \
	"mon-thu 08:00-12:00 13:00-15:45; fri 08:00-11:00"

/* Opening hours by weekday and the dates closed, in Asia/Jakarta. */
struct cal {
	struct { int open, close; } span[7][CAL_MAX_SPANS];	/* minutes */
	int	 nspan[7];		/* 0 = Sunday */
	long	*closed;		/* owned; days since 1970 (WIB), sorted */
	size_t	 nclosed;
};

/*
 * Parse hours ("mon-thu 08:00-12:00 13:00-15:45; fri 08:00-11:00": day
 * names or ranges, then spans, ';' between groups; days not named are
 * closed) and the holiday file (a line "YYYY-MM-DD ..." a closed date;
 * '#' comments; NULL or "" for none) into c. -1 with why on a bad value,
 * with its line for the file.
 */
int	cal_init(struct cal *c, const char *hours, const char *holidays,
	    char *why, size_t whysize);
void	cal_free(struct cal *c);

/* Is t inside opening hours? */
bool	cal_is_open(const struct cal *c, time_t t);
/*
 * The deadline of days working days for something received at t: the
 * count starts on the day service next opens at or after t (t's own day
 * when it opens again later that day), and the deadline is the closing
 * time of the days-th working day. 0 when none lies within CAL_MAX_DAYS.
 */
time_t	cal_deadline(const struct cal *c, time_t t, int days);
/* Minutes of opening time in [a, b). */
long	cal_minutes(const struct cal *c, time_t a, time_t b);
/* The instant when minutes of opening time have passed since a. */
time_t	cal_add(const struct cal *c, time_t a, long minutes);

/* calendar_deadline() on the SOP's hours, no holidays (the old API). */
time_t	calendar_deadline(time_t t, int days);
/* "Jumat, 27 November 2026 pukul 11.00 WIB" into out. */
void	calendar_format_long(time_t t, char *out, size_t size);
/* "27 November 2026" into out. */
void	calendar_format_date(time_t t, char *out, size_t size);

#endif
