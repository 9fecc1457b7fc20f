/*
 * test_jpeg: jpeg_decode gives the pixels Leptonica's own reader gives,
 * colour and grey, odd sizes (row padding), progressive too; and refuses
 * what it does not take, so that the caller falls back.
 */
#include "testlib.h"

#include <leptonica/allheaders.h>

#include "jpeg.h"

/* A picture with edges and colour: a gradient under a few boxes. */
static PIX *
picture(int w, int h, int depth)
{
	PIX *pix = pixCreate(w, h, 32), *out;
	BOX *b;
	int x, y, k;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			pixSetRGBPixel(pix, x, y, x * 255 / w, y * 255 / h,
			    (x + y) * 127 / (w + h) + 64);
	for (k = 0; k < 6; k++) {
		b = boxCreate(k * w / 7, k * h / 9, w / 5, h / 6);
		pixSetInRectArbitrary(pix, b, k % 2 ? 0x1040a000 : 0xf0e0d000);
		boxDestroy(&b);
	}
	if (depth == 32)
		return pix;
	out = pixConvertRGBToLuminance(pix);
	pixDestroy(&pix);
	return out;
}

/* Encode as JPEG, decode both ways: the same pixels. */
static void
same(int w, int h, int depth, int progressive)
{
	PIX *src = picture(w, h, depth), *ours, *lept;
	l_uint8 *data = NULL;
	size_t len = 0;
	l_int32 equal = 0;

	assert_non_null(src);
	assert_int_equal(pixWriteMemJpeg(&data, &len, src, 85, progressive),
	    0);
	ours = jpeg_decode(data, len);
	lept = pixReadMem(data, len);
	assert_non_null(ours);
	assert_non_null(lept);
	assert_int_equal(pixGetDepth(ours), depth);
	assert_int_equal(pixGetWidth(ours), w);
	assert_int_equal(pixGetHeight(ours), h);
	assert_int_equal(pixEqual(ours, lept, &equal), 0);
	assert_true(equal);
	pixDestroy(&ours);
	pixDestroy(&lept);
	pixDestroy(&src);
	lept_free(data);
}

static void
test_jpeg_same_as_leptonica(void **state)
{
	(void)state;
	same(640, 403, 32, 0);
	same(641, 401, 32, 1);		/* progressive */
	same(333, 211, 8, 0);
	same(1, 1, 32, 0);
	same(1003, 7, 8, 1);
}

/* Not a JPEG, cut short, or cut in its header: NULL, no crash. */
static void
test_jpeg_refused(void **state)
{
	static const unsigned char junk[] = "\xff\xd8\xff\xe0 not a jpeg";
	PIX *src = picture(200, 120, 32), *pix;
	l_uint8 *data = NULL;
	size_t len = 0;

	(void)state;
	assert_null(jpeg_decode(junk, sizeof junk - 1));
	assert_null(jpeg_decode(junk, 0));
	assert_int_equal(pixWriteMemJpeg(&data, &len, src, 85, 0), 0);
	assert_null(jpeg_decode(data, 100));	/* header cut */
	/* Cut in its data: read as far as it goes, as Leptonica does. */
	pix = jpeg_decode(data, len * 2 / 3);
	assert_non_null(pix);
	assert_int_equal(pixGetWidth(pix), 200);
	pixDestroy(&pix);
	pixDestroy(&src);
	lept_free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jpeg_same_as_leptonica),
		cmocka_unit_test(test_jpeg_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
