/* image.h: a first look at raster attachments (Leptonica): size, colour. */
#ifndef PL_IMAGE_H
#define PL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

struct image_info {
	int	width, height;
	bool	colour;		/* not greyscale, not a photocopy */
	double	saturation;	/* mean HSV saturation, 0..1 */
	double	blue_frac;	/* share of pixels in the e-KTP blue */
	bool	ktp_look;	/* card-shaped blue area: probably a KTP */
};

/*
 * Check a JPEG, PNG or TIFF of n bytes before anything decodes it: the
 * format by magic bytes, the size from the header (PL_MAX_IMG_PIXELS,
 * PL_MAX_IMG_SIDE) and, for a JPEG, its scans (PL_MAX_JPEG_SCANS: each
 * scan of a progressive JPEG costs a decoder a walk over every block).
 * PL_OK with *w and *h set, or PL_EINPUT with *why static. Never logs.
 */
enum pl_status	 image_check(const unsigned char *p, size_t n, int *w, int *h,
		    const char **why);

/* The scans (SOS segments) of a JPEG, counting up to max + 1. */
size_t		 image_jpeg_scans(const unsigned char *p, size_t n, size_t max);

/*
 * Look at a JPEG, PNG or TIFF of n bytes. The header is checked before
 * decoding (image_check); a failed check or any other format gives
 * PL_EINPUT with *why static. Pure: never logs.
 */
enum pl_status	 image_inspect(const unsigned char *p, size_t n,
		    struct image_info *out, const char **why);

#endif
