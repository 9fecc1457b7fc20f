/*
 * test_ktp_layout: the rows of a KTP from layout word boxes (ktp_layout),
 * and ktp_fitting, which decides whether a reading of only the values is
 * trusted.
 *
 * Cards are laid out as the layout analysis reports a KTP 1000 px wide:
 * header rows centred, labels from x 30, the ':' column at x 240, values
 * from x 260, rows 32 px apart (the NIK row larger).
 */
#include "testlib.h"

#include "ktp.h"

#define WIDTH		1000
#define MAX_W		256

/* A row: 'H' header, 'N' NIK, 'L' label row, 'W' wrapped value, 'X' noise
 * left of the values. */
struct layout_case {
	const char	*rows;
	int		 want;		/* ktp_layout's return */
	int		 nik_row;	/* field[0] when want == 0 */
	int		 nama_next;	/* field[2] when want == 0 */
};

static const struct layout_case cases[] = {
	{ "HHNLLLLLLLLLLLL", 0, 2, 4 },
	/* A long name wraps onto a second row, under the value. */
	{ "HHNLWLLLLLLLLLLL", 0, 2, 5 },
	/* No header found: the NIK row is the first. */
	{ "NLLLLLLLLLLLL", 0, 0, 2 },
	/* A label row missing: not the rows of a KTP. */
	{ "HHNLLLLLLLLLLL", -1, 0, 0 },
	/* A mark left of the values between two rows. */
	{ "HHNLLLLLXLLLLLLL", -1, 0, 0 },
	{ "", -1, 0, 0 },
	{ "HHH", -1, 0, 0 },
};

static void
add(struct ocr_word *w, size_t *n, int x0, int x1, int y0, int h, int line)
{
	assert_true(*n < MAX_W);
	w[*n] = (struct ocr_word){ "", x0, y0, x1, y0 + h, 90.0f, line };
	(*n)++;
}

static size_t
lay(const char *rows, struct ocr_word *w)
{
	size_t n = 0;
	int i, y = 20, h;

	for (i = 0; rows[i]; i++) {
		h = rows[i] == 'H' ? 30 : rows[i] == 'N' ? 28 : 20;
		switch (rows[i]) {
		case 'H':
			add(w, &n, 320, 680, y, h, i);
			break;
		case 'N':
		case 'L':
			add(w, &n, 30, 30 + 60 + 7 * (i % 5), y, h, i);
			add(w, &n, 240, 244, y + 4, h - 8, i);	/* ':' */
			add(w, &n, 260, 360 + 11 * (i % 7), y, h, i);
			add(w, &n, 372 + 11 * (i % 7), 450, y, h, i);
			break;
		case 'W':
			add(w, &n, 260, 400, y, h, i);
			break;
		case 'X':
			add(w, &n, 60, 120, y, h, i);
			break;
		}
		y += rows[i] == 'W' ? 29 : rows[i] == 'X' ? 16 :
		    rows[i] == 'H' ? 38 : 32;
	}
	return n;
}

static void
test_ktp_layout_table(void **state)
{
	struct ocr_word w[MAX_W];
	struct ktp_layout g;
	size_t i, n;
	int rv;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(cases); i++) {
		n = lay(cases[i].rows, w);
		rv = ktp_layout(w, n, WIDTH, &g);
		tl_int("ktp_layout", i, cases[i].rows, rv, cases[i].want);
		if (rv != 0 || cases[i].want != 0)
			continue;
		tl_int("vx", i, cases[i].rows, g.vx, 260);
		tl_int("field[0]", i, cases[i].rows, g.field[0],
		    cases[i].nik_row);
		tl_int("field[2]", i, cases[i].rows, g.field[2],
		    cases[i].nama_next);
		tl_int("last", i, cases[i].rows, g.field[KTP_ROWS - 1],
		    (long long)strlen(cases[i].rows) - 1);
		tl_int("header", i, cases[i].rows, g.head_y0 >= 0,
		    cases[i].nik_row > 0);
	}
	TL_END();
}

/* The row nearest a box; -1 without rows. */
static void
test_ktp_layout_row_at(void **state)
{
	struct ocr_word w[MAX_W];
	struct ktp_layout g;
	size_t n = lay("HHNLLLLLLLLLLLL", w);

	(void)state;
	assert_int_equal(ktp_layout(w, n, WIDTH, &g), 0);
	/* Each label row knows where its label word ends (row i's label
	 * spans 30 .. 90 + 7 (i % 5)): the NIK's digits may start there. */
	assert_int_equal(g.row[g.field[0]].lx1, 90 + 7 * (2 % 5));
	assert_int_equal(g.row[g.field[12]].lx1, 90 + 7 * (14 % 5));
	assert_int_equal(ktp_layout_row_at(&g, g.row[5].y0 + 2,
	    g.row[5].y1 - 1), 5);
	assert_int_equal(ktp_layout_row_at(&g, -50, -40), 0);
	memset(&g, 0, sizeof g);
	assert_int_equal(ktp_layout_row_at(&g, 10, 20), -1);
}

/* Hostile boxes: inverted, huge, every word on one line; no crash. */
static void
test_ktp_layout_hostile(void **state)
{
	struct ocr_word w[MAX_W];
	struct ktp_layout g;
	size_t i;

	(void)state;
	for (i = 0; i < MAX_W; i++)
		w[i] = (struct ocr_word){ "", (int)(i * 7919 % 2000) - 500,
		    (int)(i * 104729 % 3000) - 1000, -(int)i, 1 << 29, 0.0f,
		    (int)(i % 97) - 1 };
	(void)ktp_layout(w, MAX_W, WIDTH, &g);
	for (i = 0; i < MAX_W; i++)
		w[i] = (struct ocr_word){ "", 260, 10, 300, 30, 0.0f, 0 };
	assert_int_equal(ktp_layout(w, MAX_W, WIDTH, &g), -1);
}

static char *
dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Closed forms counted after cleaning; a reading of garbage counts 0. */
static void
test_ktp_fitting(void **state)
{
	static const char *const good[KTP_NFIELDS] = {
		"JAWA TENGAH", "KOTA PEKALONGAN", "3375011203850001",
		"BUDI SANTOSO", "PEKALONGAN, 12-03-1985", NULL, "LAKI-LAKI",
		"O", "JL. SUDIRMAN NO. 5", "003/007", "PODOSUGIH",
		"PEKALONGAN BARAT", "ISLAM", "KAWIN", "WIRASWASTA", "WNI",
		"SEUMUR HIDUP",
	};
	struct ktp_fields f;
	int i;

	(void)state;
	memset(&f, 0, sizeof f);
	for (i = 0; i < KTP_NFIELDS; i++)
		f.v[i] = dup(good[i]);
	ktp_clean(&f);
	assert_int_equal(ktp_fitting(&f), 10);
	ktp_fields_free(&f);
	memset(&f, 0, sizeof f);
	for (i = 0; i < KTP_NFIELDS; i++)
		f.v[i] = dup(i == KTP_TANGGAL ? NULL : "QX#");
	ktp_clean(&f);
	assert_int_equal(ktp_fitting(&f), 0);
	ktp_fields_free(&f);
	memset(&f, 0, sizeof f);
	assert_int_equal(ktp_fitting(&f), 0);
}

/* Two readings: the closed form wins, else the surer; the other kept. */
static void
test_ktp_merge(void **state)
{
	struct ktp_fields f, g;

	(void)state;
	memset(&f, 0, sizeof f);
	memset(&g, 0, sizeof g);
	f.v[KTP_WN] = dup("WNA4");		/* no closed form */
	f.conf[KTP_WN] = 0.9;
	g.v[KTP_WN] = dup("WNI");
	g.conf[KTP_WN] = 0.5;
	f.v[KTP_NAMA] = dup("BUDI SANTOSO");
	f.conf[KTP_NAMA] = 0.9;
	g.v[KTP_NAMA] = dup("BUDL SANTOSO");
	g.conf[KTP_NAMA] = 0.6;
	f.v[KTP_ALAMAT] = dup("JL. MERAK NG. 2");
	f.conf[KTP_ALAMAT] = 0.4;
	g.v[KTP_ALAMAT] = dup("JL. MERAK NO. 2");
	g.conf[KTP_ALAMAT] = 0.8;
	g.v[KTP_NIK] = dup("3375011203850001");	/* never from g */
	ktp_merge(&f, &g);
	assert_string_equal(f.v[KTP_WN], "WNI");
	assert_string_equal(f.alt[KTP_WN], "WNA4");
	assert_string_equal(f.v[KTP_NAMA], "BUDI SANTOSO");
	assert_string_equal(f.alt[KTP_NAMA], "BUDL SANTOSO");
	assert_string_equal(f.v[KTP_ALAMAT], "JL. MERAK NO. 2");
	assert_null(f.v[KTP_NIK]);
	assert_null(g.v[KTP_WN]);
	ktp_fields_free(&g);
	ktp_fields_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ktp_layout_table),
		cmocka_unit_test(test_ktp_layout_row_at),
		cmocka_unit_test(test_ktp_layout_hostile),
		cmocka_unit_test(test_ktp_fitting),
		cmocka_unit_test(test_ktp_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
