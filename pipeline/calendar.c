/*
 * calendar (decide stage): service hours, holidays and deadlines in
 * Asia/Jakarta. Hours come from the configuration (the SOP's by default),
 * closed dates (national holidays, collective leave) from a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "xmem.h"

#define WIB	(7 * 3600)		/* Asia/Jakarta has no DST */

static const char *const hari[] = { "Minggu", "Senin", "Selasa", "Rabu",
    "Kamis", "Jumat", "Sabtu" };
static const char *const bulan[] = { "Januari", "Februari", "Maret",
    "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
    "November", "Desember" };

static struct tm
local_tm(time_t t)
{
	struct tm tm;
	time_t l = t + WIB;

	gmtime_r(&l, &tm);
	return tm;
}

/* Midnight (UTC instant) of the WIB day containing t. */
static time_t
day_start(time_t t)
{
	return ((t + WIB) / 86400) * 86400 - WIB;
}

/* Day number (since 1970, WIB) of t. */
static long
day_no(time_t t)
{
	return (long)((t + WIB) / 86400);
}

static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static bool
closed_day(const struct cal *c, long day)
{
	return c->nclosed > 0 && bsearch(&day, c->closed, c->nclosed,
	    sizeof *c->closed, long_cmp) != NULL;
}

/* The spans of the day starting at day0 (none when closed). */
static int
spans_of(const struct cal *c, time_t day0, int *wd)
{
	*wd = local_tm(day0).tm_wday;
	return closed_day(c, day_no(day0)) ? 0 : c->nspan[*wd];
}

static int
hhmm(const char *s, int *min)
{
	int h, m, n = 0;

	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || h < 0 ||
	    h > 24 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	*min = h * 60 + m;
	return 0;
}

static int
weekday(const char *s, size_t n)
{
	static const char *const names[] = { "sun", "mon", "tue", "wed",
	    "thu", "fri", "sat" };
	int i;

	for (i = 0; i < 7; i++)
		if (n == 3 && strncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

/* One group: "mon-thu 08:00-12:00 13:00-15:45". */
static int
group(struct cal *c, char *g, char *why, size_t size)
{
	char *tok, *dash;
	int from, to, d, open, close, n = 0;
	bool days[7] = { false };

	if ((tok = strtok_r(g, " \t", &g)) == NULL)
		return 0;
	dash = strchr(tok, '-');
	from = weekday(tok, dash ? (size_t)(dash - tok) : strlen(tok));
	to = dash ? weekday(dash + 1, strlen(dash + 1)) : from;
	if (from < 0 || to < 0) {
		snprintf(why, size, "hours: \"%s\" is not a day or a range of "
		    "days (mon-thu)", tok);
		return -1;
	}
	for (d = from;; d = (d + 1) % 7) {
		days[d] = true;
		if (d == to)
			break;
	}
	while ((tok = strtok_r(NULL, " \t", &g)) != NULL) {
		if (strlen(tok) != 11 || tok[5] != '-' || hhmm(tok, &open) ==
		    -1 || hhmm(tok + 6, &close) == -1 || close <= open) {
			snprintf(why, size, "hours: \"%s\" is not a span "
			    "(08:00-12:00)", tok);
			return -1;
		}
		for (d = 0; d < 7; d++) {
			if (!days[d])
				continue;
			if (c->nspan[d] == CAL_MAX_SPANS || (c->nspan[d] > 0 &&
			    c->span[d][c->nspan[d] - 1].close > open)) {
				snprintf(why, size, "hours: spans must not "
				    "overlap, be in order, at most %d a day",
				    CAL_MAX_SPANS);
				return -1;
			}
			c->span[d][c->nspan[d]].open = open;
			c->span[d][c->nspan[d]++].close = close;
		}
		n++;
	}
	if (n == 0) {
		snprintf(why, size, "hours: days without opening spans");
		return -1;
	}
	return 0;
}

static int
parse_hours(struct cal *c, const char *hours, char *why, size_t size)
{
	char *copy = strdup(hours), *p = copy, *g;
	int rv = 0;

	if (copy == NULL)
		return -1;
	while (rv == 0 && (g = strsep(&p, ";")) != NULL)
		rv = group(c, g, why, size);
	free(copy);
	if (rv == 0 && c->nspan[0] + c->nspan[1] + c->nspan[2] + c->nspan[3] +
	    c->nspan[4] + c->nspan[5] + c->nspan[6] == 0) {
		snprintf(why, size, "hours: the service never opens");
		rv = -1;
	}
	return rv;
}

static int
parse_holidays(struct cal *c, const char *path, char *why, size_t size)
{
	FILE *f = fopen(path, "r");
	char line[512];
	struct tm tm;
	int y, mo, d, n, lineno = 0;

	if (f == NULL) {
		snprintf(why, size, "cannot open the holiday file %s", path);
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		n = 0;
		if (sscanf(line, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
		    n != 10 || (line[10] != '\0' && line[10] != ' ' &&
		    line[10] != '\t') || mo < 1 || mo > 12 || d < 1 || d > 31) {
			snprintf(why, size, "%s:%d: not a date (YYYY-MM-DD)",
			    path, lineno);
			fclose(f);
			return -1;
		}
		memset(&tm, 0, sizeof tm);
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		if (c->nclosed == CAL_MAX_HOLIDAYS) {
			snprintf(why, size, "%s: more than %d dates", path,
			    CAL_MAX_HOLIDAYS);
			fclose(f);
			return -1;
		}
		c->closed = xreallocarray(c->closed, c->nclosed + 1,
		    sizeof *c->closed);
		c->closed[c->nclosed++] = (long)(timegm(&tm) / 86400);
	}
	fclose(f);
	qsort(c->closed, c->nclosed, sizeof *c->closed, long_cmp);
	return 0;
}

int
cal_init(struct cal *c, const char *hours, const char *holidays, char *why,
    size_t whysize)
{
	memset(c, 0, sizeof *c);
	if (parse_hours(c, hours ? hours : CAL_DEFAULT_HOURS, why,
	    whysize) == -1 || (holidays && *holidays &&
	    parse_holidays(c, holidays, why, whysize) == -1)) {
		cal_free(c);
		return -1;
	}
	return 0;
}

void
cal_free(struct cal *c)
{
	free(c->closed);
	c->closed = NULL;
	c->nclosed = 0;
}

bool
cal_is_open(const struct cal *c, time_t t)
{
	time_t day0 = day_start(t);
	int wd, n = spans_of(c, day0, &wd), i;
	long m = (long)(t - day0) / 60;

	for (i = 0; i < n; i++)
		if (m >= c->span[wd][i].open && m < c->span[wd][i].close)
			return true;
	return false;
}

time_t
cal_deadline(const struct cal *c, time_t t, int days)
{
	time_t day0 = day_start(t);
	long m = (long)(t - day0) / 60;
	int wd, n = spans_of(c, day0, &wd), k = 0, i;

	/* The day of receipt counts if service still opens on it. */
	if (n == 0 || m >= c->span[wd][n - 1].close)
		day0 += 86400;
	for (i = 0; i < CAL_MAX_DAYS; i++, day0 += 86400) {
		if ((n = spans_of(c, day0, &wd)) == 0)
			continue;
		if (++k >= days)
			return day0 + (time_t)c->span[wd][n - 1].close * 60;
	}
	return 0;
}

long
cal_minutes(const struct cal *c, time_t a, time_t b)
{
	time_t day0, lo, hi;
	long total = 0;
	int wd, n, i, d;

	for (d = 0, day0 = day_start(a); day0 < b && d < CAL_MAX_DAYS;
	    d++, day0 += 86400) {
		n = spans_of(c, day0, &wd);
		for (i = 0; i < n; i++) {
			lo = day0 + (time_t)c->span[wd][i].open * 60;
			hi = day0 + (time_t)c->span[wd][i].close * 60;
			if (lo < a)
				lo = a;
			if (hi > b)
				hi = b;
			if (hi > lo)
				total += (long)(hi - lo) / 60;
		}
	}
	return total;
}

time_t
cal_add(const struct cal *c, time_t a, long minutes)
{
	time_t day0, lo, hi;
	long left = minutes;
	int wd, n, i, d;

	for (d = 0, day0 = day_start(a); d < CAL_MAX_DAYS; d++,
	    day0 += 86400) {
		n = spans_of(c, day0, &wd);
		for (i = 0; i < n; i++) {
			lo = day0 + (time_t)c->span[wd][i].open * 60;
			hi = day0 + (time_t)c->span[wd][i].close * 60;
			if (lo < a)
				lo = a;
			if (hi <= lo)
				continue;
			if ((hi - lo) / 60 >= left)
				return lo + (time_t)left * 60;
			left -= (long)(hi - lo) / 60;
		}
	}
	return 0;
}

time_t
calendar_deadline(time_t t, int days)
{
	static struct cal sop;
	static bool ready;
	char why[128];

	if (!ready)
		ready = cal_init(&sop, CAL_DEFAULT_HOURS, NULL, why,
		    sizeof why) == 0;
	return cal_deadline(&sop, t, days);
}

void
calendar_format_long(time_t t, char *out, size_t size)
{
	struct tm tm = local_tm(t);

	snprintf(out, size, "%s, %d %s %d pukul %02d.%02d WIB",
	    hari[tm.tm_wday], tm.tm_mday, bulan[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min);
}

void
calendar_format_date(time_t t, char *out, size_t size)
{
	struct tm tm = local_tm(t);

	snprintf(out, size, "%d %s %d", tm.tm_mday, bulan[tm.tm_mon],
	    tm.tm_year + 1900);
}
