/* jpeg.h: a JPEG decoded straight into a Leptonica image (libjpeg-turbo). */
#ifndef PL_JPEG_H
#define PL_JPEG_H

#include <stddef.h>

struct Pix;

/*
 * Decode the n bytes of a JPEG (checked first: image_check) into a 32 bpp
 * RGB pix (8 bpp for a greyscale JPEG), libjpeg-turbo writing Leptonica's
 * pixel layout itself; Leptonica's own reader converts pixel by pixel,
 * which took as long as the decoding. NULL when the data is not a JPEG of
 * one or three components this decoder takes (CMYK, a broken stream):
 * then read it with pixReadMem. Corrupt data the decoder can read past is
 * read as it can be, as Leptonica does.
 */
struct Pix	*jpeg_decode(const unsigned char *p, size_t n);

#endif
