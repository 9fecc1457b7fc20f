/* test_calendar: working-day deadlines and Indonesian dates (WIB). */
#include <time.h>

#include "testlib.h"

#include "calendar.h"
#include "sla.h"

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

/* The holiday file of the sample, as a path from the repository root. */
#define HOLIDAYS "samples/libur-2026.txt"

static const struct {
	const char	*what;
	int		 y, mo, d, h, mi;
	int		 days;
	int		 wy, wmo, wd, wh, wmi;
} hol_rows[] = {
	/* Idul Fitri 2026: 20-24 March closed (cuti bersama and libur). */
	{ "Thursday 19 March (Nyepi), 1 day", 2026, 3, 19, 9, 0, 1,
	    2026, 3, 25, 15, 45 },
	{ "Wednesday 18 March 09:00 (cuti Nyepi), 5 days", 2026, 3, 18, 9, 0,
	    5, 2026, 3, 31, 15, 45 },
	{ "Tuesday 17 March 10:00, 1 day", 2026, 3, 17, 10, 0, 1,
	    2026, 3, 17, 15, 45 },
	{ "Tuesday 17 March 16:00, 1 day: after closing, then 6 closed days",
	    2026, 3, 17, 16, 0, 1, 2026, 3, 25, 15, 45 },
	/* 24 (cuti) and 25 December closed: 28-31 are days 1 to 4. */
	{ "Christmas Eve 2026 (cuti), 4 days", 2026, 12, 24, 8, 0, 4,
	    2026, 12, 31, 15, 45 },
	{ "14 May (Kenaikan), 15 May cuti: 1 day from Wednesday evening",
	    2026, 5, 13, 17, 0, 1, 2026, 5, 18, 15, 45 },
};

static void
test_holidays(void **state)
{
	struct cal c;
	char why[200];
	size_t i;
	time_t got, want;

	(void)state;
	TL_BEGIN();
	if (cal_init(&c, NULL, HOLIDAYS, why, sizeof why) == -1)
		fail_msg("%s", why);
	assert_int_equal(c.nclosed, 25);
	for (i = 0; i < TL_NELEM(hol_rows); i++) {
		got = cal_deadline(&c, wib(hol_rows[i].y, hol_rows[i].mo,
		    hol_rows[i].d, hol_rows[i].h, hol_rows[i].mi),
		    hol_rows[i].days);
		want = wib(hol_rows[i].wy, hol_rows[i].wmo, hol_rows[i].wd,
		    hol_rows[i].wh, hol_rows[i].wmi);
		if (got != want) {
			char g[96], w[96];

			calendar_format_long(got, g, sizeof g);
			calendar_format_long(want, w, sizeof w);
			tl_fail("row %zu (%s): got %s, want %s", i,
			    hol_rows[i].what, g, w);
		}
	}
	assert_false(cal_is_open(&c, wib(2026, 8, 17, 9, 0)));
	assert_true(cal_is_open(&c, wib(2026, 8, 18, 9, 0)));
	cal_free(&c);
	TL_END();
}

/* The break does not count; minutes and adding them agree. */
static void
test_minutes(void **state)
{
	struct cal c;
	char why[200];
	time_t mon = wib(2026, 11, 23, 0, 0), t;
	long m;

	(void)state;
	assert_int_equal(cal_init(&c, NULL, NULL, why, sizeof why), 0);
	/* Monday: 08:00-12:00 and 13:00-15:45: 405 minutes. */
	assert_int_equal(cal_minutes(&c, mon, mon + 86400), 405);
	assert_int_equal(cal_minutes(&c, wib(2026, 11, 23, 11, 30),
	    wib(2026, 11, 23, 13, 30)), 60);
	assert_false(cal_is_open(&c, wib(2026, 11, 23, 12, 30)));
	assert_true(cal_is_open(&c, wib(2026, 11, 23, 13, 0)));
	/* A week: 4 x 405 + 180 (Friday 08:00-11:00). */
	assert_int_equal(cal_minutes(&c, mon, mon + 7 * 86400), 1800);
	/* Adding is the inverse of counting, across the break and nights. */
	for (m = 0; m <= 1800; m += 37) {
		t = cal_add(&c, mon, m);
		if (cal_minutes(&c, mon, t) != m)
			fail_msg("add %ld then count gives %ld", m,
			    cal_minutes(&c, mon, t));
	}
	assert_int_equal(cal_add(&c, mon, 240), wib(2026, 11, 23, 12, 0));
	assert_int_equal(cal_add(&c, mon, 241), wib(2026, 11, 23, 13, 1));
	cal_free(&c);
}

static void
test_bad_hours(void **state)
{
	static const char *const bad[] = { "", "mon 08:00", "xyz 08:00-12:00",
	    "mon 12:00-08:00", "mon 08:00-12:00 11:00-13:00", "mon 8:00-12:00",
	    "mon-fri 08:00-25:00", "mon 08:00-12:00 13:00-14:00 15:00-15:10 "
	    "15:20-15:30 15:40-15:50" };
	struct cal c;
	char why[200];
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(bad); i++)
		if (cal_init(&c, bad[i], NULL, why, sizeof why) == 0) {
			tl_fail("hours \"%s\" accepted", bad[i]);
			cal_free(&c);
		}
	assert_int_equal(cal_init(&c, "sat-sun 09:00-10:00", NULL, why,
	    sizeof why), 0);
	assert_true(cal_is_open(&c, wib(2026, 11, 21, 9, 30)));
	assert_false(cal_is_open(&c, wib(2026, 11, 23, 9, 30)));
	cal_free(&c);
	assert_int_equal(cal_init(&c, NULL, "/nonexistent", why, sizeof why),
	    -1);
	TL_END();
}

/* Waiting for the applicant stops the clock and moves the deadline. */
static void
test_sla(void **state)
{
	struct cal c;
	struct pl_request r;
	struct pl_event ev[4];
	struct sla s;
	char why[200], *st[] = { "received", "incomplete", "received",
	    "approved" };
	size_t i;

	(void)state;
	assert_int_equal(cal_init(&c, NULL, NULL, why, sizeof why), 0);
	memset(&r, 0, sizeof r);
	memset(ev, 0, sizeof ev);
	r.type = "issuance";
	r.received_at = wib(2026, 11, 23, 9, 0);	/* Monday */
	r.events = ev;
	ev[0].status = st[0];
	ev[0].when = r.received_at;
	r.nevents = 1;
	sla_of(&c, &r, 5, wib(2026, 11, 23, 10, 0), &s);
	assert_int_equal(s.deadline, wib(2026, 11, 27, 11, 0));
	assert_int_equal(s.used, 60);
	assert_true(s.running);
	/* Incomplete from Monday 10:00 to Tuesday 10:00 (405 minutes). */
	ev[1].status = st[1];
	ev[1].when = wib(2026, 11, 23, 10, 0);
	ev[2].status = st[2];
	ev[2].when = wib(2026, 11, 24, 10, 0);
	r.nevents = 3;
	sla_of(&c, &r, 5, wib(2026, 11, 24, 11, 0), &s);
	assert_int_equal(s.waiting, 405);
	assert_int_equal(s.used, 120);
	/* Friday 11:00 + 405 minutes: Monday 30 Nov 15:45. */
	assert_int_equal(s.deadline, wib(2026, 11, 30, 15, 45));
	/* Approved on Wednesday: the clock stops there. */
	ev[3].status = st[3];
	ev[3].when = wib(2026, 11, 25, 9, 0);
	r.nevents = 4;
	sla_of(&c, &r, 5, wib(2026, 12, 25, 9, 0), &s);
	assert_false(s.running);
	/* Mon 09:00 to Wed 09:00 is 810 minutes, 405 of them waiting. */
	assert_int_equal(s.used, 810 - 405);
	assert_true(s.percent < 50);
	for (i = 0; i < 4; i++)
		ev[i].status = NULL;
	cal_free(&c);
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
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_bad_hours),
		cmocka_unit_test(test_sla),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
