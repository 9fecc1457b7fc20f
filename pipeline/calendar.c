/* calendar (decide stage): service hours and deadlines in Asia/Jakarta. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

#define WIB	(7 * 3600)		/* Asia/Jakarta has no DST */

static const char *const hari[] = { "Minggu", "Senin", "Selasa", "Rabu",
    "Kamis", "Jumat", "Sabtu" };
static const char *const bulan[] = { "Januari", "Februari", "Maret",
    "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
    "November", "Desember" };

/* Opening and closing minute of the day by weekday (0 = Sunday). */
static const struct { int open, close; } hours[7] = {
	{ 0, 0 }, { 480, 945 }, { 480, 945 }, { 480, 945 }, { 480, 945 },
	{ 480, 660 }, { 0, 0 },
};

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

time_t
calendar_deadline(time_t t, int days)
{
	time_t day = day_start(t);
	struct tm tm = local_tm(t);
	int minute = tm.tm_hour * 60 + tm.tm_min, wd = tm.tm_wday, n = 0;

	/* Received after closing (or on a closed day): start the next day. */
	if (hours[wd].close == 0 || minute >= hours[wd].close) {
		day += 86400;
		wd = (wd + 1) % 7;
	}
	for (;;) {
		if (hours[wd].close > 0 && ++n >= days)
			return day + hours[wd].close * 60;
		day += 86400;
		wd = (wd + 1) % 7;
	}
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
