/*
 * test_omp_inline: OpenMP regions compiled by GCC (this file is built with
 * -fopenmp) run through pipeline/omp_inline.c, inline and whole; and
 * Tesseract's own regions come there too when a page is read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <omp.h>
#include <leptonica/allheaders.h>

#include "testlib.h"
#include "ocr.h"
#include "omp_inline.h"

/* Every section once, in order, by thread 0 of a team of one. */
static void
test_omp_inline_sections(void **state)
{
	int order[8], n = 0, threads = 0, team = 0;
	unsigned long r0 = omp_inline_regions();

	(void)state;
#pragma omp parallel sections reduction(+:threads, team)
	{
#pragma omp section
		{ order[n++] = 1; threads += omp_get_thread_num();
		  team += omp_get_num_threads(); }
#pragma omp section
		{ order[n++] = 2; threads += omp_get_thread_num();
		  team += omp_get_num_threads(); }
#pragma omp section
		{ order[n++] = 3; threads += omp_get_thread_num();
		  team += omp_get_num_threads(); }
#pragma omp section
		{ order[n++] = 4; threads += omp_get_thread_num();
		  team += omp_get_num_threads(); }
	}
	assert_int_equal(n, 4);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[3], 4);
	assert_int_equal(threads, 0);
	assert_int_equal(team, 4);
	assert_int_equal(omp_inline_regions() - r0, 1);
}

/* A region inside a section: the outer sections all still run. */
static void
test_omp_inline_nested(void **state)
{
	int outer = 0, inner = 0;
	unsigned long r0 = omp_inline_regions();

	(void)state;
#pragma omp parallel sections
	{
#pragma omp section
		{
			outer++;
#pragma omp parallel sections
			{
#pragma omp section
				inner++;
#pragma omp section
				inner++;
#pragma omp section
				inner++;
			}
		}
#pragma omp section
		outer++;
	}
	assert_int_equal(outer, 2);
	assert_int_equal(inner, 3);
	assert_int_equal(omp_inline_regions() - r0, 2);
}

/* A parallel loop (static schedule) covers its whole range once. */
static void
test_omp_inline_for(void **state)
{
	static unsigned char seen[10007];
	int i, once = 0;
	unsigned long r0 = omp_inline_regions();

	(void)state;
	memset(seen, 0, sizeof seen);
#pragma omp parallel for num_threads(4)
	for (i = 0; i < (int)sizeof seen; i++)
		seen[i]++;
	for (i = 0; i < (int)sizeof seen; i++)
		once += seen[i] == 1;
	assert_int_equal(once, (int)sizeof seen);
	assert_int_equal(omp_inline_regions() - r0, 1);
}

/*
 * Tesseract's LSTM runs its gates as sections, a region per time step:
 * a page with text-like marks read in this process goes through here
 * (the executable's definitions take libgomp's place).
 */
static void
test_omp_inline_tesseract(void **state)
{
	struct ocr *o = ocr_new(1);
	const char *why = NULL;
	char *text = NULL;
	l_uint8 *png = NULL;
	size_t len = 0;
	unsigned long r0 = omp_inline_regions();
	PIX *page = pixCreate(1400, 1980, 8);
	BOX *bar;
	int row, k;

	(void)state;
	assert_non_null(o);
	assert_non_null(page);
	pixSetAll(page);
	/* Rows of letter-sized rings (read as O, 0 or D): lines of text. */
	for (row = 0; row < 5; row++)
		for (k = 0; k < 24; k++) {
			bar = boxCreate(100 + k * 40 + k / 4 * 30,
			    120 + row * 80, 26, 36);
			pixRenderBox(page, bar, 5, L_CLEAR_PIXELS);
			boxDestroy(&bar);
		}
	assert_int_equal(pixWriteMem(&png, &len, page, IFF_PNG), 0);
	assert_int_equal(ocr_text_local(o, png, len, &text, &why), PL_OK);
	assert_non_null(text);
	assert_true(omp_inline_regions() - r0 > 100);
	free(text);
	lept_free(png);
	pixDestroy(&page);
	ocr_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_omp_inline_sections),
		cmocka_unit_test(test_omp_inline_nested),
		cmocka_unit_test(test_omp_inline_for),
		cmocka_unit_test(test_omp_inline_tesseract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
