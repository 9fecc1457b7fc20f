/* jpeg (extract stage): JPEG straight into a Leptonica pix. */
#include <setjmp.h>
#include <stdio.h>

#include <jpeglib.h>
#include <leptonica/allheaders.h>

#include "jpeg.h"

struct jpeg_fail {
	struct jpeg_error_mgr	 mgr;
	jmp_buf			 env;
};

static void
fail_exit(j_common_ptr c)
{
	longjmp(((struct jpeg_fail *)(void *)c->err)->env, 1);
}

/* Warnings (corrupt data, read past) are not errors: no message either. */
static void
fail_message(j_common_ptr c, int level)
{
	(void)c;
	(void)level;
}

struct Pix *
jpeg_decode(const unsigned char *p, size_t n)
{
	struct jpeg_decompress_struct d;
	struct jpeg_fail err;
	PIX *volatile pix = NULL;
	JSAMPROW row;
	l_uint32 *data;
	int wpl;

	d.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = fail_exit;
	err.mgr.emit_message = fail_message;
	if (setjmp(err.env)) {
		jpeg_destroy_decompress(&d);
		pixDestroy((PIX **)&pix);
		return NULL;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, p, (unsigned long)n);
	jpeg_read_header(&d, TRUE);
	if (d.num_components == 1)
		d.out_color_space = JCS_GRAYSCALE;
	else if (d.num_components == 3)
		/* Leptonica's 32-bit pixel is 0xRRGGBBxx, little endian in
		 * memory x B G R. */
		d.out_color_space = JCS_EXT_XBGR;
	else {
		jpeg_destroy_decompress(&d);
		return NULL;
	}
	jpeg_start_decompress(&d);
	pix = pixCreateNoInit((int)d.output_width, (int)d.output_height,
	    d.num_components == 1 ? 8 : 32);
	if (pix == NULL) {
		jpeg_destroy_decompress(&d);
		return NULL;
	}
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	while (d.output_scanline < d.output_height) {
		row = (JSAMPROW)(data + (size_t)d.output_scanline * wpl);
		jpeg_read_scanlines(&d, &row, 1);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	/* An 8 bpp pix is read as 32-bit words: its bytes swap in each. */
	if (pixGetDepth(pix) == 8)
		pixEndianByteSwap(pix);
	return pix;
}
