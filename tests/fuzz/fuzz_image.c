/*
 * fuzz_image: the checks made on an image before anything decodes it
 * (magic bytes, Leptonica's header reader, the JPEG scan count).
 */
#include <stdint.h>
#include <stdlib.h>

#include "image.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	int w = 0, h = 0;

	(void)image_jpeg_scans(data, size, PL_MAX_JPEG_SCANS);
	if (image_check(data, size, &w, &h, &why) == PL_OK &&
	    (w <= 0 || h <= 0 || w > PL_MAX_IMG_SIDE || h > PL_MAX_IMG_SIDE))
		abort();
	return 0;
}
