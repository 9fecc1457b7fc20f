/* test_calendar: working-day deadlines and Indonesian dates (WIB). */
#include <time.h>

#include "testlib.h"

#include "calendar.h"

/* The instant of a wall-clock time in Asia/Jakarta (UTC+7, no DST). */
static time_t
wib(int y, int mo, int d, int h, int mi)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm) - 7 * 3600;
}

static void
test_wib_helper(void **state)
{
	(void)state;
	/* Saturday 2026-11-21 10:00 WIB is 03:00 UTC. */
	assert_int_equal(wib(2026, 11, 21, 10, 0), 1795230000);
}

static const struct {
	const char	*what;
	int		 y, mo, d, h, mi;	/* received, WIB */
	int		 days;
	int		 wy, wmo, wd, wh, wmi;	/* deadline, WIB */
	const char	*want;			/* calendar_format_long */
} rows[] = {
	{ "Saturday 10:00, 5 days", 2026, 11, 21, 10, 0, 5,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Monday 09:00, 5 days", 2026, 11, 23, 9, 0, 5,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Monday 07:00 (before opening), 5 days", 2026, 11, 23, 7, 0, 5,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Sunday 20:00, 5 days", 2026, 11, 22, 20, 0, 5,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Tuesday 12:30, 5 days", 2026, 11, 24, 12, 30, 5,
	    2026, 11, 30, 15, 45, "Senin, 30 November 2026 pukul 15.45 WIB" },
	/* Thursday after closing counts from Friday. */
	{ "Thursday 16:00, 5 days", 2026, 11, 26, 16, 0, 5,
	    2026, 12, 3, 15, 45, "Kamis, 3 Desember 2026 pukul 15.45 WIB" },
	{ "Thursday 16:00, 1 day", 2026, 11, 26, 16, 0, 1,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Thursday 15:45 (closing), 1 day", 2026, 11, 26, 15, 45, 1,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Thursday 15:44, 1 day", 2026, 11, 26, 15, 44, 1,
	    2026, 11, 26, 15, 45, "Kamis, 26 November 2026 pukul 15.45 WIB" },
	/* Renewals: one working day. */
	{ "Monday 09:00, 1 day", 2026, 11, 23, 9, 0, 1,
	    2026, 11, 23, 15, 45, "Senin, 23 November 2026 pukul 15.45 WIB" },
	{ "Friday 10:59, 1 day", 2026, 11, 27, 10, 59, 1,
	    2026, 11, 27, 11, 0, "Jumat, 27 November 2026 pukul 11.00 WIB" },
	{ "Friday 11:00 (closing), 1 day", 2026, 11, 27, 11, 0, 1,
	    2026, 11, 30, 15, 45, "Senin, 30 November 2026 pukul 15.45 WIB" },
	{ "Friday 14:00, 1 day", 2026, 11, 27, 14, 0, 1,
	    2026, 11, 30, 15, 45, "Senin, 30 November 2026 pukul 15.45 WIB" },
	{ "Saturday 10:00, 1 day", 2026, 11, 21, 10, 0, 1,
	    2026, 11, 23, 15, 45, "Senin, 23 November 2026 pukul 15.45 WIB" },
	/* The WIB day, not the UTC day: Saturday 00:30 WIB is Friday UTC. */
	{ "Saturday 00:30, 1 day", 2026, 11, 21, 0, 30, 1,
	    2026, 11, 23, 15, 45, "Senin, 23 November 2026 pukul 15.45 WIB" },
	{ "Friday 23:30, 1 day", 2026, 11, 27, 23, 30, 1,
	    2026, 11, 30, 15, 45, "Senin, 30 November 2026 pukul 15.45 WIB" },
	{ "Monday 06:59, 1 day", 2026, 11, 23, 6, 59, 1,
	    2026, 11, 23, 15, 45, "Senin, 23 November 2026 pukul 15.45 WIB" },
	/* Over a month and a year end. */
	{ "Thursday 2026-12-31 16:00, 1 day", 2026, 12, 31, 16, 0, 1,
	    2027, 1, 1, 11, 0, "Jumat, 1 Januari 2027 pukul 11.00 WIB" },
	{ "Wednesday 2026-12-30 10:00, 5 days", 2026, 12, 30, 10, 0, 5,
	    2027, 1, 5, 15, 45, "Selasa, 5 Januari 2027 pukul 15.45 WIB" },
	{ "Friday 2027-02-26 09:00, 3 days", 2027, 2, 26, 9, 0, 3,
	    2027, 3, 2, 15, 45, "Selasa, 2 Maret 2027 pukul 15.45 WIB" },
	/* Ten working days are two weeks. */
	{ "Monday 09:00, 10 days", 2026, 11, 23, 9, 0, 10,
	    2026, 12, 4, 11, 0, "Jumat, 4 Desember 2026 pukul 11.00 WIB" },
};

static void
test_deadline_table(void **state)
{
	char got[64];
	size_t i;
	time_t t, want, dl;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		t = wib(rows[i].y, rows[i].mo, rows[i].d, rows[i].h,
		    rows[i].mi);
		want = wib(rows[i].wy, rows[i].wmo, rows[i].wd, rows[i].wh,
		    rows[i].wmi);
		dl = calendar_deadline(t, rows[i].days);
		calendar_format_long(dl, got, sizeof got);
		if (dl != want)
			tl_fail("row %zu (%s): got %lld (%s), want %lld", i,
			    rows[i].what, (long long)dl, got,
			    (long long)want);
		tl_str("calendar_format_long", i, rows[i].what, got,
		    rows[i].want);
	}
	TL_END();
}

/* The deadline never comes before the request, and moves forward. */
static void
test_deadline_monotonic(void **state)
{
	time_t t, dl, prev = 0;
	int days;

	(void)state;
	for (t = wib(2026, 11, 16, 0, 0); t < wib(2026, 11, 30, 0, 0);
	    t += 15 * 60) {
		dl = calendar_deadline(t, 5);
		assert_true(dl > t);
		assert_true(dl >= prev);
		/* Five working days are at most nine calendar days. */
		assert_true(dl - t <= 9 * 86400);
		prev = dl;
	}
	for (days = 1; days < 30; days++)
		assert_true(calendar_deadline(wib(2026, 11, 23, 9, 0), days) <
		    calendar_deadline(wib(2026, 11, 23, 9, 0), days + 1));
}

static const struct {
	int		 y, mo, d, h, mi;
	const char	*want_long;
	const char	*want_date;
} fmt_rows[] = {
	{ 2026, 1, 5, 8, 0, "Senin, 5 Januari 2026 pukul 08.00 WIB",
	    "5 Januari 2026" },
	{ 2026, 2, 3, 9, 5, "Selasa, 3 Februari 2026 pukul 09.05 WIB",
	    "3 Februari 2026" },
	{ 2026, 3, 4, 0, 0, "Rabu, 4 Maret 2026 pukul 00.00 WIB",
	    "4 Maret 2026" },
	{ 2026, 4, 2, 23, 59, "Kamis, 2 April 2026 pukul 23.59 WIB",
	    "2 April 2026" },
	{ 2026, 5, 1, 12, 0, "Jumat, 1 Mei 2026 pukul 12.00 WIB",
	    "1 Mei 2026" },
	{ 2026, 6, 6, 6, 6, "Sabtu, 6 Juni 2026 pukul 06.06 WIB",
	    "6 Juni 2026" },
	{ 2026, 7, 5, 7, 7, "Minggu, 5 Juli 2026 pukul 07.07 WIB",
	    "5 Juli 2026" },
	{ 2026, 8, 17, 10, 0, "Senin, 17 Agustus 2026 pukul 10.00 WIB",
	    "17 Agustus 2026" },
	{ 2026, 9, 30, 15, 45, "Rabu, 30 September 2026 pukul 15.45 WIB",
	    "30 September 2026" },
	{ 2026, 10, 28, 1, 2, "Rabu, 28 Oktober 2026 pukul 01.02 WIB",
	    "28 Oktober 2026" },
	{ 2026, 11, 21, 10, 0, "Sabtu, 21 November 2026 pukul 10.00 WIB",
	    "21 November 2026" },
	{ 2026, 12, 25, 11, 0, "Jumat, 25 Desember 2026 pukul 11.00 WIB",
	    "25 Desember 2026" },
};

static void
test_format_table(void **state)
{
	char got[64];
	size_t i;
	time_t t;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(fmt_rows); i++) {
		t = wib(fmt_rows[i].y, fmt_rows[i].mo, fmt_rows[i].d,
		    fmt_rows[i].h, fmt_rows[i].mi);
		calendar_format_long(t, got, sizeof got);
		tl_str("calendar_format_long", i, fmt_rows[i].want_date, got,
		    fmt_rows[i].want_long);
		calendar_format_date(t, got, sizeof got);
		tl_str("calendar_format_date", i, fmt_rows[i].want_date, got,
		    fmt_rows[i].want_date);
	}
	TL_END();
}

/* A small buffer is cut, NUL-terminated, never overrun. */
static void
test_format_small_buffer(void **state)
{
	char buf[16];
	time_t t = wib(2026, 11, 27, 11, 0);

	(void)state;
	memset(buf, 'Z', sizeof buf);
	calendar_format_long(t, buf, 10);
	assert_string_equal(buf, "Jumat, 27");
	assert_int_equal(buf[10], 'Z');
	memset(buf, 'Z', sizeof buf);
	calendar_format_date(t, buf, 3);
	assert_string_equal(buf, "27");
	assert_int_equal(buf[3], 'Z');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wib_helper),
		cmocka_unit_test(test_deadline_table),
		cmocka_unit_test(test_deadline_monotonic),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_format_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
