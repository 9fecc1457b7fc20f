/* test_identity: NIK, NIP, names, official e-mail and the identity checks. */
#include <ctype.h>

#include "testlib.h"

#include "identity.h"
#include "pipeline.h"
#include "wilayah.h"

/* ---------------------------------------------------------------- NIK */

/* A NIK and what it holds; ok false: must be refused (PL_EINPUT). */
static const struct {
	const char	*nik;
	int		 now;
	bool		 ok;
	const char	*region;
	int		 year, month, day;
	bool		 female;
	int		 serial;
} nik_rows[] = {
	/* Kota Pekalongan, its four kecamatan, men and women. */
	{ "3375011203850001", 2026, true, "337501", 1985, 3, 12, false, 1 },
	{ "3375025708900003", 2026, true, "337502", 1990, 8, 17, true, 3 },
	{ "3375030101000001", 2026, true, "337503", 2000, 1, 1, false, 1 },
	{ "3375044101000002", 2026, true, "337504", 2000, 1, 1, true, 2 },
	{ "3375043112990123", 2026, true, "337504", 1999, 12, 31, false, 123 },
	{ "3375047112999999", 2026, true, "337504", 1999, 12, 31, true, 9999 },
	{ "3375017112991000", 2026, true, "337501", 1999, 12, 31, true, 1000 },
	/* Other regions in both lists. */
	{ "3301011203850001", 2026, true, "330101", 1985, 3, 12, false, 1 },
	{ "3171010101800001", 2026, true, "317101", 1980, 1, 1, false, 1 },
	{ "9171015505920002", 2026, true, "917101", 1992, 5, 15, true, 2 },
	{ "1101010101700001", 2026, true, "110101", 1970, 1, 1, false, 1 },
	/* Only in the 2019 list: Papua Barat's Kota Sorong, Merauke. */
	{ "9271010202020002", 2026, true, "927101", 2002, 2, 2, false, 2 },
	{ "9101014303030003", 2026, true, "910101", 2003, 3, 3, true, 3 },
	/* Only in the 2025 list: Papua Barat Daya, Papua Selatan. */
	{ "9671010303030003", 2026, true, "967101", 2003, 3, 3, false, 3 },
	{ "9301014404040004", 2026, true, "930101", 2004, 4, 4, true, 4 },
	{ "1172031010100010", 2026, true, "117203", 2010, 10, 10, false, 10 },
	/* The two-digit year: the person is 0-99 years old in now_year. */
	{ "3375011203990001", 2026, true, "337501", 1999, 3, 12, false, 1 },
	{ "3375011203050001", 2026, true, "337501", 2005, 3, 12, false, 1 },
	{ "3375011203260001", 2026, true, "337501", 2026, 3, 12, false, 1 },
	{ "3375011203270001", 2026, true, "337501", 1927, 3, 12, false, 1 },
	{ "3375011203000001", 2026, true, "337501", 2000, 3, 12, false, 1 },
	{ "3375011203000001", 2000, true, "337501", 2000, 3, 12, false, 1 },
	{ "3375011203000001", 1999, true, "337501", 1900, 3, 12, false, 1 },
	{ "3375011203990001", 1999, true, "337501", 1999, 3, 12, false, 1 },
	{ "3375011203250001", 2025, true, "337501", 2025, 3, 12, false, 1 },
	{ "3375011203260001", 2025, true, "337501", 1926, 3, 12, false, 1 },
	{ "3375011203500001", 2050, true, "337501", 2050, 3, 12, false, 1 },
	{ "3375011203510001", 2050, true, "337501", 1951, 3, 12, false, 1 },
	/* 29 February: leap years only (2000 is one, 1900 is not). */
	{ "3375012902840001", 2026, true, "337501", 1984, 2, 29, false, 1 },
	{ "3375016902840002", 2026, true, "337501", 1984, 2, 29, true, 2 },
	{ "3375012902000001", 2026, true, "337501", 2000, 2, 29, false, 1 },
	{ "3375016902000001", 2026, true, "337501", 2000, 2, 29, true, 1 },
	{ "3375012902240001", 2026, true, "337501", 2024, 2, 29, false, 1 },
	{ "3375012902850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375016902850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375012902000001", 1999, false, NULL, 0, 0, 0, false, 0 },
	{ "3375016902000001", 1999, false, NULL, 0, 0, 0, false, 0 },
	{ "3375012902230001", 2026, false, NULL, 0, 0, 0, false, 0 },
	/* Not 16 digits. */
	{ "337501120385001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "33750112038500011", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ NULL, 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "33750112038500O1", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "337501120385000l", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375 01120385001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375.0112.0385.0001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "+375011203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "-375011203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375011203850001\n", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ " 3375011203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "abcdefghijklmnop", 2026, false, NULL, 0, 0, 0, false, 0 },
	/* Region codes in neither list. */
	{ "9999011203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375051203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375001203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3399011203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "0000001203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "9471011203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	/* Days: 00, 32, 40 (neither sex), 72, 80, 99. */
	{ "3375010003850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375013203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375014003850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375017203850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375018003850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375019903850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	/* Months 00 and 13 (and 99), for both sexes. */
	{ "3375011200850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375011213850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375015200850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375015213850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375011299850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	/* 31 April, 31 June, 30 February. */
	{ "3375013104850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375017104850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375013106850001", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375013002840001", 2026, false, NULL, 0, 0, 0, false, 0 },
	/* Serial 0000. */
	{ "3375011203850000", 2026, false, NULL, 0, 0, 0, false, 0 },
	{ "3375015203850000", 2026, false, NULL, 0, 0, 0, false, 0 },
};

/* The calendar the NIK and card dates are checked against. */
static void
test_identity_date_ok(void **state)
{
	static const struct {
		int	 y, m, d;
		bool	 ok;
	} t[] = {
		{ 1985, 3, 12, true }, { 1985, 6, 31, false },
		{ 1985, 6, 30, true }, { 1985, 12, 31, true },
		{ 1985, 1, 0, false }, { 1985, 0, 1, false },
		{ 1985, 13, 1, false }, { 1985, 1, 32, false },
		{ 1984, 2, 29, true }, { 1985, 2, 29, false },
		{ 2000, 2, 29, true }, { 1900, 2, 29, false },
		{ 1900, 1, 1, true }, { 1899, 12, 31, false },
		{ 2100, 12, 31, true }, { 2101, 1, 1, false },
		{ 2024, 4, 31, false }, { 2024, 11, 30, true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (identity_date_ok(t[i].y, t[i].m, t[i].d) != t[i].ok)
			fail_msg("%04d-%02d-%02d: want %s", t[i].y, t[i].m,
			    t[i].d, t[i].ok ? "a day" : "no day");
}

static void
test_identity_nik_table(void **state)
{
	struct nik nk;
	const char *why;
	enum pl_status st;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(nik_rows); i++) {
		const char *in = nik_rows[i].nik;

		why = NULL;
		st = identity_nik(in, nik_rows[i].now, &nk, &why);
		if (!nik_rows[i].ok) {
			tl_int("identity_nik", i, in, st, PL_EINPUT);
			if (st != PL_OK && (why == NULL || *why == '\0'))
				tl_fail("row %zu identity_nik(\"%s\"): no "
				    "reason", i, tl_esc(in));
			continue;
		}
		if (!tl_int("identity_nik", i, in, st, PL_OK)) {
			print_error("    why: %s\n", why ? why : "(null)");
			continue;
		}
		tl_str("digits", i, in, nk.digits, in);
		tl_str("region", i, in, nk.region, nik_rows[i].region);
		tl_int("year", i, in, nk.year, nik_rows[i].year);
		tl_int("month", i, in, nk.month, nik_rows[i].month);
		tl_int("day", i, in, nk.day, nik_rows[i].day);
		tl_int("female", i, in, nk.female, nik_rows[i].female);
		tl_int("serial", i, in, nk.serial, nik_rows[i].serial);
		/* Every region accepted is a real Kemendagri kecamatan. */
		if (wilayah_name(nk.region, NULL) == NULL)
			tl_fail("row %zu: region %s not in wilayah", i,
			    nk.region);
	}
	TL_END();
}

/* One NIK of the month-end loop: born on day (+40 for a woman) of m/yy. */
static void
month_end_row(size_t row, int day, int m, int year, bool female, bool ok)
{
	char s[32];
	struct nik nk;
	const char *why;
	enum pl_status st;

	snprintf(s, sizeof s, "337501%02d%02d%02d%04d", day + (female ? 40 : 0),
	    m, year % 100, 100 + m);
	st = identity_nik(s, 2026, &nk, &why);
	if (!tl_int("identity_nik", row, s, st, ok ? PL_OK : PL_EINPUT) || !ok)
		return;
	tl_int("day", row, s, nk.day, day);
	tl_int("month", row, s, nk.month, m);
	tl_int("year", row, s, nk.year, year);
	tl_int("female", row, s, nk.female, female);
	tl_int("serial", row, s, nk.serial, 100 + m);
}

/*
 * Every month, the last day and the day after, for men and women, in a
 * leap year (1984) and a common one (1985): 96 NIKs.
 */
static void
test_identity_nik_month_ends(void **state)
{
	static const int last[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	size_t rows = 0;
	int leap, m, after, sex, day;

	(void)state;
	TL_BEGIN();
	for (leap = 0; leap < 2; leap++)
		for (m = 1; m <= 12; m++)
			for (after = 0; after < 2; after++)
				for (sex = 0; sex < 2; sex++) {
					day = last[m - 1] + (m == 2 && leap) +
					    after;
					month_end_row(rows++, day, m, leap ?
					    1984 : 1985, sex, !after);
				}
	assert_int_equal(rows, 96);
	TL_END();
}

/* Every day 00-99 of a 31-day month: 1-31 men, 41-71 women, else none. */
static void
test_identity_nik_every_day(void **state)
{
	char s[32];
	struct nik nk;
	const char *why;
	enum pl_status st;
	int dd;
	bool valid;

	(void)state;
	TL_BEGIN();
	for (dd = 0; dd <= 99; dd++) {
		snprintf(s, sizeof s, "337501%02d0185%04d", dd, 7);
		valid = (dd >= 1 && dd <= 31) || (dd >= 41 && dd <= 71);
		st = identity_nik(s, 2026, &nk, &why);
		if (!tl_int("identity_nik", (size_t)dd, s, st,
		    valid ? PL_OK : PL_EINPUT) || !valid)
			continue;
		tl_int("day", (size_t)dd, s, nk.day, dd > 40 ? dd - 40 : dd);
		tl_int("female", (size_t)dd, s, nk.female, dd > 40);
	}
	TL_END();
}

/* Every two-digit year against now_year 2026: 27-99 are 19xx. */
static void
test_identity_nik_every_year(void **state)
{
	char s[32];
	struct nik nk;
	const char *why;
	int yy, want;

	(void)state;
	TL_BEGIN();
	for (yy = 0; yy <= 99; yy++) {
		snprintf(s, sizeof s, "3375011203%02d0001", yy);
		want = yy <= 26 ? 2000 + yy : 1900 + yy;
		if (tl_int("identity_nik", (size_t)yy, s,
		    identity_nik(s, 2026, &nk, &why), PL_OK))
			tl_int("year", (size_t)yy, s, nk.year, want);
		if (nk.year > 2026 || nk.year < 2026 - 99)
			tl_fail("row %d: %d is not 0-99 years before 2026", yy,
			    nk.year);
	}
	TL_END();
}

/* ---------------------------------------------------------------- NIP */

static const struct {
	const char	*nip;
	bool		 ok;
	int		 year, month, day, ayear, amonth;
	bool		 female;
	int		 serial;
} nip_rows[] = {
	{ "198503122010011003", true, 1985, 3, 12, 2010, 1, false, 3 },
	{ "199008172015032001", true, 1990, 8, 17, 2015, 3, true, 1 },
	{ "196012311985122999", true, 1960, 12, 31, 1985, 12, true, 999 },
	{ "197001011995121100", true, 1970, 1, 1, 1995, 12, false, 100 },
	{ "198402292010011001", true, 1984, 2, 29, 2010, 1, false, 1 },
	{ "200002292024061010", true, 2000, 2, 29, 2024, 6, false, 10 },
	/* The appointment month of the 18th birthday is allowed. */
	{ "198503122003031001", true, 1985, 3, 12, 2003, 3, false, 1 },
	{ "198512012004011001", true, 1985, 12, 1, 2004, 1, false, 1 },
	/* Not 18 digits. */
	{ "19850312201001100", false, 0, 0, 0, 0, 0, false, 0 },
	{ "1985031220100110033", false, 0, 0, 0, 0, 0, false, 0 },
	{ "19850312 201001 1 003", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503122010011OO3", false, 0, 0, 0, 0, 0, false, 0 },
	{ "", false, 0, 0, 0, 0, 0, false, 0 },
	{ NULL, false, 0, 0, 0, 0, 0, false, 0 },
	{ "3375011203850001", false, 0, 0, 0, 0, 0, false, 0 },	/* NIK */
	/* No such birth date. */
	{ "198502292010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "190002292010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198504312010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198513012010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198500122010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503002010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503322010011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "000001012010011001", false, 0, 0, 0, 0, 0, false, 0 },
	/* Appointed before the 18th birthday (or before birth). */
	{ "198503122003021001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503122002121001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503121990011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503121980011001", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198512012003111001", false, 0, 0, 0, 0, 0, false, 0 },
	/* Appointment month 00, 13, 99; appointment year 0000. */
	{ "198503122010001003", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503122010131003", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503122010991003", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503120000011003", false, 0, 0, 0, 0, 0, false, 0 },
	/* Gender digit 0, 3, 9. */
	{ "198503122010010003", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503122010013003", false, 0, 0, 0, 0, 0, false, 0 },
	{ "198503122010019003", false, 0, 0, 0, 0, 0, false, 0 },
	/* Serial 000. */
	{ "198503122010011000", false, 0, 0, 0, 0, 0, false, 0 },
	{ "199008172015032000", false, 0, 0, 0, 0, 0, false, 0 },
};

static void
test_identity_nip_table(void **state)
{
	struct nip np;
	const char *why;
	enum pl_status st;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(nip_rows); i++) {
		const char *in = nip_rows[i].nip;

		why = NULL;
		st = identity_nip(in, &np, &why);
		if (!nip_rows[i].ok) {
			tl_int("identity_nip", i, in, st, PL_EINPUT);
			if (st != PL_OK && (why == NULL || *why == '\0'))
				tl_fail("row %zu identity_nip(\"%s\"): no "
				    "reason", i, tl_esc(in));
			continue;
		}
		if (!tl_int("identity_nip", i, in, st, PL_OK)) {
			print_error("    why: %s\n", why ? why : "(null)");
			continue;
		}
		tl_str("digits", i, in, np.digits, in);
		tl_int("year", i, in, np.year, nip_rows[i].year);
		tl_int("month", i, in, np.month, nip_rows[i].month);
		tl_int("day", i, in, np.day, nip_rows[i].day);
		tl_int("ayear", i, in, np.ayear, nip_rows[i].ayear);
		tl_int("amonth", i, in, np.amonth, nip_rows[i].amonth);
		tl_int("female", i, in, np.female, nip_rows[i].female);
		tl_int("serial", i, in, np.serial, nip_rows[i].serial);
	}
	TL_END();
}

/* Every gender digit 0-9: only 1 and 2 are people. */
static void
test_identity_nip_gender_digits(void **state)
{
	char s[32];
	struct nip np;
	const char *why;
	int g;

	(void)state;
	TL_BEGIN();
	for (g = 0; g <= 9; g++) {
		snprintf(s, sizeof s, "19850312201001%d003", g);
		if (tl_int("identity_nip", (size_t)g, s,
		    identity_nip(s, &np, &why), g == 1 || g == 2 ? PL_OK :
		    PL_EINPUT) && (g == 1 || g == 2))
			tl_int("female", (size_t)g, s, np.female, g == 2);
	}
	TL_END();
}

/* ------------------------------------------------------------- names */

static const struct {
	const char	*in;
	const char	*want;
} norm_rows[] = {
	{ "Budi Santoso", "BUDI SANTOSO" },
	{ "budi santoso", "BUDI SANTOSO" },
	{ "BUDI SANTOSO", "BUDI SANTOSO" },
	{ "bUdI sAnToSo", "BUDI SANTOSO" },
	{ "  Budi   Santoso  ", "BUDI SANTOSO" },
	{ "Budi\tSantoso\n", "BUDI SANTOSO" },
	{ "Budi\r\nSantoso", "BUDI SANTOSO" },
	/* Titles before the name. */
	{ "Dr. Budi Santoso", "BUDI SANTOSO" },
	{ "dr. Budi Santoso", "BUDI SANTOSO" },
	{ "DR. BUDI SANTOSO", "BUDI SANTOSO" },
	{ "Drs. Budi Santoso", "BUDI SANTOSO" },
	{ "Dra. Siti Aminah", "SITI AMINAH" },
	{ "Ir. Budi Santoso", "BUDI SANTOSO" },
	{ "Prof. Budi Santoso", "BUDI SANTOSO" },
	{ "H. Ahmad Fauzi", "AHMAD FAUZI" },
	{ "Hj. Siti Aminah", "SITI AMINAH" },
	{ "R. Ayu Lestari", "AYU LESTARI" },
	{ "Prof. Dr. Ir. H. Budi Santoso", "BUDI SANTOSO" },
	{ "Dr. Ir. H. Budi Santoso, S.Kom., M.T.", "BUDI SANTOSO" },
	{ "Drs. H. Ahmad Fauzi, M.Si.", "AHMAD FAUZI" },
	{ "Dr Budi Santoso", "BUDI SANTOSO" },		/* no dot */
	/* A title after the first word is part of the name. */
	{ "Budi Dr. Santoso", "BUDI DR SANTOSO" },
	/* One letter without a dot is an initial, not a title. */
	{ "H Budi", "H BUDI" },
	{ "R Ayu", "R AYU" },
	/* Initials with a dot stay (as letters). */
	{ "M. Ali", "M ALI" },
	{ "Budi S. Santoso", "BUDI S SANTOSO" },
	/* Degrees after a comma. */
	{ "Budi Santoso, S.Kom., M.T.", "BUDI SANTOSO" },
	{ "Budi Santoso, S.Sos", "BUDI SANTOSO" },
	{ "Siti Aminah, A.Md.", "SITI AMINAH" },
	{ "Budi Santoso,S.Kom", "BUDI SANTOSO" },
	{ "Budi Santoso , S.Kom", "BUDI SANTOSO" },
	{ "Budi Santoso, SE, MM", "BUDI SANTOSO" },
	/* Degrees without a comma. */
	{ "Budi S.Kom", "BUDI" },
	{ "Budi Santoso S.Kom", "BUDI SANTOSO" },
	{ "Budi Santoso S.Kom. M.T.", "BUDI SANTOSO" },
	{ "Siti Aminah A.Md.", "SITI AMINAH" },
	{ "Budi Santoso s.kom", "BUDI SANTOSO" },
	{ "Budi Santoso S.Sos.", "BUDI SANTOSO" },
	{ "Budi Santoso M.Pd.", "BUDI SANTOSO" },
	{ "Budi Santoso D.III", "BUDI SANTOSO" },
	/* Apostrophes, hyphens, dots: dropped (punctuation). */
	{ "Ma'ruf Amin", "MARUF AMIN" },
	{ "MA'RUF", "MARUF" },
	{ "Nur'aini", "NURAINI" },
	{ "Ma\xe2\x80\x99ruf Amin", "MARUF AMIN" },	/* U+2019 */
	{ "Nur-Aini", "NURAINI" },
	{ "Budi - Santoso", "BUDI SANTOSO" },
	{ "Budi -Santoso", "BUDI SANTOSO" },
	{ "-Budi Santoso-", "BUDI SANTOSO" },
	{ "M.Ali Akbar", "MALI AKBAR" },	/* a first word is no degree */
	/* Stray OCR punctuation between words: still single spaces. */
	{ "BUDI . SANTOSO", "BUDI SANTOSO" },
	{ "BUDI | SANTOSO", "BUDI SANTOSO" },
	{ "BUDI SANTOSO . .", "BUDI SANTOSO" },
	/* Non-ASCII letters are kept as they are. */
	{ "Andr\xc3\xa9", "ANDR\xc3\xa9" },
	/* Nothing left. */
	{ "", "" },
	{ "   ", "" },
	{ "Dr.", "" },
	{ ", S.Kom.", "" },
	{ NULL, "" },
};

static void
test_identity_name_norm_table(void **state)
{
	char *got;
	const unsigned char *p;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(norm_rows); i++) {
		got = identity_name_norm(norm_rows[i].in);
		if (got == NULL) {
			tl_fail("row %zu: NULL", i);
			continue;
		}
		if (!tl_str("identity_name_norm", i, norm_rows[i].in, got,
		    norm_rows[i].want)) {
			free(got);
			continue;
		}
		/* Upper-case letters and single inner spaces only. */
		for (p = (const unsigned char *)got; *p; p++)
			if (!(isupper(*p) || *p >= 0x80 || (*p == ' ' &&
			    p > (const unsigned char *)got && p[1] != '\0' &&
			    p[1] != ' '))) {
				tl_fail("row %zu: byte 0x%02x at %zu in \"%s\"",
				    i, *p, (size_t)(p -
				    (const unsigned char *)got), tl_esc(got));
				break;
			}
		free(got);
	}
	TL_END();
}

static const struct {
	const char	*a, *b;
	int		 want;
} dist_rows[] = {
	{ "Budi Santoso", "BUDI SANTOSO", 0 },
	{ "Dr. Budi Santoso, S.Kom.", "BUDI SANTOSO", 0 },
	{ "Budi Santoso S.Kom", "budi santoso", 0 },
	{ "Ma'ruf Amin", "MARUF AMIN", 0 },
	{ "Budi Santoso", "BUDI SANTOSA", 1 },
	{ "Budi Santoso", "BUDl SANTOSO", 1 },	/* l read for I */
	{ "Budi Santoso", "BUDI SANT0SO", 1 },	/* 0 for O: dropped */
	{ "Budi Santoso", "BUDl SANT0SO", 2 },
	{ "Budi Santoso", "BUDISANTOSO", 1 },
	{ "Ahmad Fauzi", "AHMAD FAUZAN", 2 },
	{ "Budi Santoso", "BUDI HARTONO", 3 },
	{ "Budi Santoso", "BUDI SUSANTO", 4 },
	{ "Budi", "Budi Santoso", 8 },
	{ "Dimas Arya Nugroho", "DIMAS", 13 },
	{ "Budi Santoso", "Siti Aminah", 9 },
	{ "kitten", "sitting", 3 },
	{ "", "", 0 },
	{ NULL, NULL, 0 },
	{ NULL, "ABC", 3 },
	{ "", "Dr. ABC", 3 },
	{ "Dr.", "Prof.", 0 },
};

static void
test_identity_name_distance_table(void **state)
{
	char in[256];
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(dist_rows); i++) {
		snprintf(in, sizeof in, "%s\", \"%s", dist_rows[i].a ?
		    dist_rows[i].a : "(null)", dist_rows[i].b ? dist_rows[i].b :
		    "(null)");
		tl_int("identity_name_distance", i, in,
		    identity_name_distance(dist_rows[i].a, dist_rows[i].b),
		    dist_rows[i].want);
		/* Symmetric. */
		tl_int("identity_name_distance(b, a)", i, in,
		    identity_name_distance(dist_rows[i].b, dist_rows[i].a),
		    dist_rows[i].want);
	}
	TL_END();
}

/* -------------------------------------------------------------- e-mail */

static const struct {
	const char	*email;
	bool		 want;
} email_rows[] = {
	{ "budi@pekalongankota.go.id", true },
	{ "budi.santoso@pekalongankota.go.id", true },
	{ "Budi@PekalonganKota.GO.ID", true },
	{ "BUDI@PEKALONGANKOTA.GO.ID", true },
	{ "budi@diskominfo.pekalongankota.go.id", true },
	{ "budi@a.b.pekalongankota.go.id", true },
	{ "budi@DisKomInfo.PekalonganKota.go.id", true },
	{ "budi@pekalongankab.go.id", true },	/* the second domain */
	/* Lookalikes. */
	{ "budi@pekalongankota.go.id.evil.com", false },
	{ "budi@xpekalongankota.go.id", false },
	{ "budi@evil-pekalongankota.go.id", false },
	{ "budi@pekalongankota.go.idx", false },
	{ "budi@pekalongankota.go.id.", false },
	{ "budi@pekalongankota-go.id", false },
	{ "budi@pekalongankota.co.id", false },
	{ "budi@pekalongan.go.id", false },
	{ "budi@kota.go.id", false },
	{ "budi@go.id", false },
	{ "budi@id", false },
	{ "budi@gmail.com", false },
	{ "budi@pekalongankota.go.id@gmail.com", false },
	{ "budi@pekalongankota.go.id.gmail.com", false },
	/* Not addresses. */
	{ "pekalongankota.go.id", false },
	{ "budi.pekalongankota.go.id", false },
	{ "budi@", false },
	{ "@", false },
	{ "", false },
	{ NULL, false },
	{ "@pekalongankota.go.id", false },	/* no local part */
	{ "budi@.pekalongankota.go.id", false },	/* empty label */
};

static void
test_identity_email_official_table(void **state)
{
	static char d1[] = "pekalongankota.go.id", d2[] = "pekalongankab.go.id",
	    d3[] = "PekalonganKota.GO.ID";
	char *const domains[] = { d1, d2 };
	char *const upper[] = { d3 };
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(email_rows); i++) {
		tl_int("identity_email_official", i, email_rows[i].email,
		    identity_email_official(email_rows[i].email, domains, 2),
		    email_rows[i].want);
		/* No domains configured: nothing is official. */
		tl_int("identity_email_official(no domains)", i,
		    email_rows[i].email,
		    identity_email_official(email_rows[i].email, domains, 0),
		    false);
	}
	/* The configured domain may be written in any case. */
	assert_true(identity_email_official("budi@pekalongankota.go.id", upper,
	    1));
	assert_true(identity_email_official("budi@x.pekalongankota.go.id",
	    upper, 1));
	assert_false(identity_email_official("budi@pekalongankab.go.id", upper,
	    1));
	TL_END();
}

/* ----------------------------------------------------- identity_checks */

/* A man born 12-03-1985 in Pekalongan Barat, a woman born 17-08-1990. */
#define NIK_M	"3375011203850001"
#define NIK_M5	"3375011203850005"	/* the same man, serial 0005 */
#define NIP_M	"198503122010011003"
#define NIK_F	"3375025708900003"
#define NIP_F	"199008172015032001"

struct want_check {
	const char	*name;
	enum id_verdict	 v;
};

static const struct {
	const char		*what;
	struct identity_in	 in;
	struct want_check	 want[ID_MAX_CHECKS + 1];	/* to NULL */
	const char		*detail_has[2];	/* in some detail */
} check_rows[] = {
	{ "consistent man",
	    { .form_nik = NIK_M, .form_nip = NIP_M,
	      .form_nama = "Budi Santoso, S.Kom.", .ktp_nik = NIK_M,
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "consistent woman",
	    { .form_nik = NIK_F, .form_nip = NIP_F,
	      .form_nama = "Dra. Siti Aminah, M.Pd.", .ktp_nik = NIK_F,
	      .ktp_nama = "SITI AMINAH", .ktp_lahir = "1990-08-17",
	      .ktp_sex = "PEREMPUAN", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "form NIK differs from the card's",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M5, .ktp_nama = "BUDI SANTOSO",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_MISMATCH },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { "3375**********01", "3375**********05" } },
	{ "the NIKs differ in one easily misread digit (3/8): the verifier's eyes",
	    { .form_nik = "3375011203850038", .form_nip = NIP_M,
	      .form_nama = "Budi Santoso", .ktp_nik = "3375011203850033",
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_UNKNOWN },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { "3375**********38", "3375**********33" } },
	{ "NIK birth date differs from the card's",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M, .ktp_nama = "BUDI SANTOSO",
	      .ktp_lahir = "1985-03-21", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_MISMATCH },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { "1985-03-12", "1985-03-21" } },
	{ "NIK of a man, card says PEREMPUAN",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M, .ktp_nama = "BUDI SANTOSO",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "PEREMPUAN",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_MISMATCH }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "NIK of a woman, card says LAKI-LAKI",
	    { .form_nik = NIK_F, .form_nip = NIP_F, .form_nama = "Siti Aminah",
	      .ktp_nik = NIK_F, .ktp_nama = "SITI AMINAH",
	      .ktp_lahir = "1990-08-17", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_MISMATCH }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "NIP birth day differs from the NIK",
	    { .form_nik = NIK_M, .form_nip = "198503132010011003",
	      .form_nama = "Budi Santoso", .ktp_nik = NIK_M,
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_MISMATCH }, { "nama_form_ktp", ID_OK },
	      { NULL, 0 } },
	    { "1985-03-13", NULL } },
	{ "NIP birth year differs from the NIK",
	    { .form_nik = NIK_M, .form_nip = "198603122010011003",
	      .form_nama = "Budi Santoso", .ktp_nik = NIK_M,
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_MISMATCH }, { "nama_form_ktp", ID_OK },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "NIP of a woman, NIK of a man",
	    { .form_nik = NIK_M, .form_nip = "198503122010012003",
	      .form_nama = "Budi Santoso", .ktp_nik = NIK_M,
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_MISMATCH }, { "nama_form_ktp", ID_OK },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "NIP of a man, NIK of a woman",
	    { .form_nik = NIK_F, .form_nip = "199008172015031001",
	      .form_nama = "Siti Aminah", .ktp_nik = NIK_F,
	      .ktp_nama = "SITI AMINAH", .ktp_lahir = "1990-08-17",
	      .ktp_sex = "PEREMPUAN", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_MISMATCH }, { "nama_form_ktp", ID_OK },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "NIK region (Cilacap) unlike the card's city: a note",
	    { .form_nik = "3301011203850001", .form_nip = NIP_M,
	      .form_nama = "Budi Santoso", .ktp_nik = "3301011203850001",
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "NIK of the 2019 list (Sorong, Papua Barat), card of 2025's",
	    { .form_nik = "9271011203850001", .form_nip = NIP_M,
	      .form_nama = "Budi Santoso", .ktp_nik = "9271011203850001",
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "9671", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "names one letter apart (OCR)",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M, .ktp_nama = "BUDI SANTOSA",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "names two letters apart (OCR)",
	    { .form_nik = NIK_M, .form_nip = NIP_M,
	      .form_nama = "Ahmad Fauzi", .ktp_nik = NIK_M,
	      .ktp_nama = "AHMAD FAUZAN", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "names three letters apart",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M, .ktp_nama = "BUDI HARTONO",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_MISMATCH },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "short read on the card: DIMAS",
	    { .form_nik = NIK_M, .form_nip = NIP_M,
	      .form_nama = "Dimas Arya Nugroho", .ktp_nik = NIK_M,
	      .ktp_nama = "DIMAS", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_UNKNOWN },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "short name on the form: Dimas",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Dimas",
	      .ktp_nik = NIK_M, .ktp_nama = "DIMAS ARYA NUGROHO",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_UNKNOWN },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "a different name",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M, .ktp_nama = "SITI AMINAH",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_MISMATCH },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "no NIP on the form",
	    { .form_nik = NIK_M, .form_nama = "Budi Santoso", .ktp_nik = NIK_M,
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_UNKNOWN },
	      { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "no NIK anywhere",
	    { .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_UNKNOWN }, { "nip_valid", ID_OK },
	      { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "only the form's NIK (no KTP read)",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_region", ID_OK },
	      { "nip_valid", ID_OK }, { "nip_nik", ID_OK }, { NULL, 0 } },
	    { NULL, NULL } },
	{ "the card's NIK (31 April) is no NIK",
	    { .form_nik = "3375013104850001", .form_nip = NIP_M,
	      .form_nama = "Budi Santoso", .ktp_nik = "3375013104850001",
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-04-31",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_MISMATCH }, { "nik_form_ktp", ID_OK },
	      { "nip_valid", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { "3375**********01", NULL } },
	{ "the card's NIK has serial 0000 and differs from the form's",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = "3375011203850000", .ktp_nama = "BUDI SANTOSO",
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_MISMATCH }, { "nik_form_ktp", ID_MISMATCH },
	      { "nip_valid", ID_OK }, { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { "3375**********00", "3375**********01" } },
	{ "a 15-digit NIK on the form",
	    { .form_nik = "337501120385001", .form_nip = NIP_M,
	      .form_nama = "Budi Santoso", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_MISMATCH }, { "nip_valid", ID_OK },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "a NIP with gender digit 3",
	    { .form_nik = NIK_M, .form_nip = "198503122010013003",
	      .form_nama = "Budi Santoso", .ktp_nik = NIK_M,
	      .ktp_nama = "BUDI SANTOSO", .ktp_lahir = "1985-03-12",
	      .ktp_sex = "LAKI-LAKI", .ktp_region = "3375", .now_year = 2026,
	      .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_MISMATCH },
	      { "nama_form_ktp", ID_OK }, { NULL, 0 } },
	    { "1985************03", NULL } },
	{ "OCR read the NIK into the name",
	    { .form_nik = NIK_M, .form_nip = NIP_M, .form_nama = "Budi Santoso",
	      .ktp_nik = NIK_M, .ktp_nama = NIK_M " " NIP_M,
	      .ktp_lahir = "1985-03-12", .ktp_sex = "LAKI-LAKI",
	      .ktp_region = "3375", .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_OK }, { "nik_form_ktp", ID_OK },
	      { "nik_region", ID_OK }, { "nik_tanggal_lahir", ID_OK },
	      { "nik_jenis_kelamin", ID_OK }, { "nip_valid", ID_OK },
	      { "nip_nik", ID_OK }, { "nama_form_ktp", ID_MISMATCH },
	      { NULL, 0 } },
	    { NULL, NULL } },
	{ "nothing known",
	    { .now_year = 2026, .max_name_distance = 2 },
	    { { "nik_valid", ID_UNKNOWN }, { "nip_valid", ID_UNKNOWN },
	      { NULL, 0 } },
	    { NULL, NULL } },
};

static const char *
verdict_name(enum id_verdict v)
{
	return v == ID_OK ? "OK" : v == ID_MISMATCH ? "MISMATCH" :
	    v == ID_UNKNOWN ? "UNKNOWN" : "?";
}

/* The longest run of digits in s. */
static size_t
digit_run(const char *s)
{
	size_t best = 0, n = 0;

	for (; *s; s++) {
		n = isdigit((unsigned char)*s) ? n + 1 : 0;
		best = n > best ? n : best;
	}
	return best;
}

/* Each wanted check exactly once with its verdict, and nothing else. */
static void
verdicts(size_t i, const struct id_check *c, size_t n)
{
	const char *what = check_rows[i].what, *want;
	enum id_verdict v;
	size_t k, w, found;

	for (w = 0; check_rows[i].want[w].name; w++) {
		want = check_rows[i].want[w].name;
		v = check_rows[i].want[w].v;
		for (k = 0, found = 0; k < n; k++) {
			if (strcmp(c[k].name, want) != 0 || found++ > 0 ||
			    c[k].verdict == v)
				continue;
			tl_fail("row %zu (%s): %s is %s, want %s (%s)", i,
			    what, want, verdict_name(c[k].verdict),
			    verdict_name(v), c[k].detail ? c[k].detail : "");
		}
		if (found != 1)
			tl_fail("row %zu (%s): %s %zu times", i, what, want,
			    found);
	}
	if (n == w)
		return;
	tl_fail("row %zu (%s): %zu checks, want %zu", i, what, n, w);
	for (k = 0; k < n; k++)
		print_error("    %s %s: %s\n", c[k].name,
		    verdict_name(c[k].verdict), c[k].detail ? c[k].detail :
		    "(null)");
}

/* Details: present, never a whole NIK or NIP, showing what they must. */
static void
details(size_t i, const struct id_check *c, size_t n)
{
	const struct identity_in *in = &check_rows[i].in;
	const char *what = check_rows[i].what, *has;
	const char *secrets[] = { in->form_nik, in->ktp_nik, in->form_nip };
	size_t k, j;

	for (k = 0; k < n; k++) {
		if (c[k].detail == NULL || *c[k].detail == '\0') {
			tl_fail("row %zu (%s): %s without a detail", i, what,
			    c[k].name);
			continue;
		}
		if (digit_run(c[k].detail) > 4)
			tl_fail("row %zu (%s): %s detail shows digits: %s", i,
			    what, c[k].name, c[k].detail);
		for (j = 0; j < TL_NELEM(secrets); j++)
			if (secrets[j] && strlen(secrets[j]) >= 12 &&
			    strstr(c[k].detail, secrets[j]))
				tl_fail("row %zu (%s): %s detail holds %s", i,
				    what, c[k].name, secrets[j]);
	}
	for (j = 0; j < 2; j++) {
		has = check_rows[i].detail_has[j];
		if (has == NULL)
			continue;
		for (k = 0; k < n; k++)
			if (c[k].detail && strstr(c[k].detail, has))
				break;
		if (k == n)
			tl_fail("row %zu (%s): no detail shows \"%s\"", i,
			    what, has);
	}
}

static void
test_identity_checks_table(void **state)
{
	struct id_check c[ID_MAX_CHECKS + 1];
	size_t i, n;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(check_rows); i++) {
		memset(c, 0, sizeof c);
		c[ID_MAX_CHECKS].name = "sentinel";
		n = identity_checks(&check_rows[i].in, c);
		if (n > ID_MAX_CHECKS || strcmp(c[ID_MAX_CHECKS].name,
		    "sentinel") != 0) {
			tl_fail("row %zu (%s): %zu checks", i,
			    check_rows[i].what, n);
			continue;
		}
		verdicts(i, c, n);
		details(i, c, n);
		identity_checks_free(c, n);
	}
	TL_END();
}

/* The mismatch detail names both NIKs, masked: 3375**********05. */
static void
test_identity_checks_masked_detail(void **state)
{
	struct identity_in in;
	struct id_check c[ID_MAX_CHECKS];
	size_t n, k;

	(void)state;
	memset(&in, 0, sizeof in);
	in.form_nik = NIK_M;
	in.ktp_nik = NIK_M5;
	in.now_year = 2026;
	in.max_name_distance = 2;
	n = identity_checks(&in, c);
	for (k = 0; k < n; k++)
		if (strcmp(c[k].name, "nik_form_ktp") == 0)
			break;
	assert_true(k < n);
	assert_int_equal(c[k].verdict, ID_MISMATCH);
	assert_non_null(strstr(c[k].detail, "3375**********01"));
	assert_non_null(strstr(c[k].detail, "3375**********05"));
	assert_null(strstr(c[k].detail, NIK_M));
	assert_null(strstr(c[k].detail, NIK_M5));
	assert_null(strstr(c[k].detail, "0112038500"));
	identity_checks_free(c, n);
}

/* A name tolerance of 0 makes a one-letter OCR slip a mismatch. */
static void
test_identity_checks_name_tolerance(void **state)
{
	static const struct {
		int		 maxd;
		enum id_verdict	 want;
	} rows[] = { { 0, ID_MISMATCH }, { 1, ID_OK }, { 2, ID_OK } };
	struct identity_in in;
	struct id_check c[ID_MAX_CHECKS];
	size_t n, k, i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		memset(&in, 0, sizeof in);
		in.form_nama = "Budi Santoso";
		in.ktp_nama = "BUDI SANTOSA";
		in.now_year = 2026;
		in.max_name_distance = rows[i].maxd;
		n = identity_checks(&in, c);
		for (k = 0; k < n && strcmp(c[k].name, "nama_form_ktp"); k++)
			;
		if (k == n)
			tl_fail("row %zu: no nama_form_ktp", i);
		else
			tl_int("nama_form_ktp", i, "Budi Santoso/BUDI SANTOSA",
			    c[k].verdict, rows[i].want);
		identity_checks_free(c, n);
	}
	TL_END();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_date_ok),
		cmocka_unit_test(test_identity_nik_table),
		cmocka_unit_test(test_identity_nik_month_ends),
		cmocka_unit_test(test_identity_nik_every_day),
		cmocka_unit_test(test_identity_nik_every_year),
		cmocka_unit_test(test_identity_nip_table),
		cmocka_unit_test(test_identity_nip_gender_digits),
		cmocka_unit_test(test_identity_name_norm_table),
		cmocka_unit_test(test_identity_name_distance_table),
		cmocka_unit_test(test_identity_email_official_table),
		cmocka_unit_test(test_identity_checks_table),
		cmocka_unit_test(test_identity_checks_masked_detail),
		cmocka_unit_test(test_identity_checks_name_tolerance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
