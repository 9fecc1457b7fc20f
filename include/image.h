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
 * Look at a JPEG, PNG or TIFF of n bytes. The header is checked before
 * decoding: more than PL_MAX_IMG_PIXELS, or any other format, gives
 * PL_EINPUT with *why static. Pure: never logs.
 */
enum pl_status	 image_inspect(const unsigned char *p, size_t n,
		    struct image_info *out, const char **why);

#endif
