/* calendar.h: service hours, working-day deadlines, Indonesian dates. */
#ifndef PL_CALENDAR_H
#define PL_CALENDAR_H

#include <stddef.h>
#include <time.h>

/*
 * The deadline of an SLA of days working days for a request received at
 * t: the count starts on the day service next opens at or after t (t
 * itself when inside service hours) and the deadline is the closing time
 * of the days-th working day. Service hours are the SOP's (Mon-Thu
 * 08:00-15:45, Fri 08:00-11:00, Asia/Jakarta); weekends don't count.
 */
time_t	calendar_deadline(time_t t, int days);

/* "Jumat, 27 November 2026 pukul 11.00 WIB" into out. */
void	calendar_format_long(time_t t, char *out, size_t size);
/* "27 November 2026" into out. */
void	calendar_format_date(time_t t, char *out, size_t size);

#endif
