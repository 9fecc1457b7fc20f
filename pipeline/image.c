/* image (classify stage): header check, colour and KTP look via Leptonica. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "image.h"
#include "magic.h"
#include "pipeline.h"

#define SAMPLE_W	240	/* width the image is scaled to for stats */

struct stats {
	int	w, h;
	double	sat_sum;
	size_t	coloured;	/* pixels clearly not grey */
	size_t	blue;
	unsigned char *isblue;	/* owned; w*h flags */
};

static bool
is_ktp_blue(int r, int g, int b, double sat)
{
	int mx = r > g ? (r > b ? r : b) : (g > b ? g : b);

	/* The light blue/cyan of the e-KTP: blue is high, red the lowest. */
	return mx >= 140 && sat >= 0.08 && sat <= 0.75 && b >= r + 15 &&
	    g >= r && b >= g - 40;
}

static void
gather(PIX *pix, struct stats *s)
{
	int x, y, r, g, b, mx, mn;
	double sat;

	for (y = 0; y < s->h; y++)
		for (x = 0; x < s->w; x++) {
			pixGetRGBPixel(pix, x, y, &r, &g, &b);
			mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
			mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
			sat = mx ? (double)(mx - mn) / mx : 0;
			s->sat_sum += sat;
			if (mx - mn > 40)
				s->coloured++;
			if (is_ktp_blue(r, g, b, sat)) {
				s->blue++;
				s->isblue[y * s->w + x] = 1;
			}
		}
}

/* Bounding box of rows and columns that are mostly blue. */
static bool
card_shaped(const struct stats *s)
{
	int x, y, x0 = s->w, x1 = -1, y0 = s->h, y1 = -1, n;
	double aspect, area;

	for (y = 0; y < s->h; y++) {
		for (n = 0, x = 0; x < s->w; x++)
			n += s->isblue[y * s->w + x];
		if (n * 5 >= s->w / 4) {
			y0 = y < y0 ? y : y0;
			y1 = y;
		}
	}
	for (x = 0; x < s->w; x++) {
		for (n = 0, y = 0; y < s->h; y++)
			n += s->isblue[y * s->w + x];
		if (n * 5 >= s->h / 4) {
			x0 = x < x0 ? x : x0;
			x1 = x;
		}
	}
	if (x1 < x0 || y1 < y0)
		return false;
	aspect = (double)(x1 - x0 + 1) / (y1 - y0 + 1);
	if (aspect < 1.0)
		aspect = 1.0 / aspect;	/* a card scanned upright */
	area = (double)(x1 - x0 + 1) * (y1 - y0 + 1) / ((double)s->w * s->h);
	return aspect >= 1.3 && aspect <= 1.9 && area >= 0.06;
}

static PIX *
decode(const unsigned char *p, size_t n, int w, int h)
{
	l_int32 warn = 0;
	int red = 1;

	/* Large JPEGs are decoded already reduced: stats need few pixels. */
	if (magic_kind(p, n) == FK_JPEG) {
		while (red < 8 && (w / (red * 2)) >= SAMPLE_W)
			red *= 2;
		return pixReadMemJpeg(p, n, 0, red, &warn, 0);
	}
	return pixReadMem(p, n);
}

size_t
image_jpeg_scans(const unsigned char *p, size_t n, size_t max)
{
	size_t i = 2, len, scans = 0;
	unsigned char m;

	while (i + 4 <= n && scans <= max) {
		if (p[i] != 0xff) {
			i++;		/* entropy-coded data of a scan */
			continue;
		}
		m = p[i + 1];
		if (m == 0xff || m == 0x00 || (m >= 0xd0 && m <= 0xd7)) {
			i += m == 0xff ? 1 : 2;	/* fill, stuffing, RSTn */
			continue;
		}
		if (m == 0xd9)
			break;
		len = (size_t)p[i + 2] << 8 | p[i + 3];
		if (m == 0xda)
			scans++;
		i += 2 + len;
	}
	return scans;
}

enum pl_status
image_check(const unsigned char *p, size_t n, int *w, int *h,
    const char **why)
{
	enum pl_filekind k = magic_kind(p, n);
	l_int32 fmt, iw, ih, bps, spp, cmap;

	if (!magic_is_image(k)) {
		*why = "not a JPEG, PNG or TIFF image";
		return PL_EINPUT;
	}
	setMsgSeverity(L_SEVERITY_NONE);
	if (pixReadHeaderMem(p, n, &fmt, &iw, &ih, &bps, &spp, &cmap) != 0 ||
	    iw <= 0 || ih <= 0) {
		*why = "image header unreadable";
		return PL_EINPUT;
	}
	if (iw > PL_MAX_IMG_SIDE || ih > PL_MAX_IMG_SIDE ||
	    (uint64_t)iw * (uint64_t)ih > PL_MAX_IMG_PIXELS) {
		*why = "image larger than PL_MAX_IMG_PIXELS or PL_MAX_IMG_SIDE";
		return PL_EINPUT;
	}
	if (k == FK_JPEG &&
	    image_jpeg_scans(p, n, PL_MAX_JPEG_SCANS) > PL_MAX_JPEG_SCANS) {
		*why = "JPEG with more scans than PL_MAX_JPEG_SCANS";
		return PL_EINPUT;
	}
	*w = iw;
	*h = ih;
	return PL_OK;
}

enum pl_status
image_inspect(const unsigned char *p, size_t n, struct image_info *out,
    const char **why)
{
	int w, h;
	PIX *pix = NULL, *rgb = NULL, *small = NULL;
	struct stats s;
	enum pl_status st;

	memset(out, 0, sizeof *out);
	if ((st = image_check(p, n, &w, &h, why)) != PL_OK)
		return st;
	out->width = w;
	out->height = h;
	if ((pix = decode(p, n, w, h)) == NULL ||
	    (rgb = pixConvertTo32(pix)) == NULL ||
	    (small = pixScaleToSize(rgb, SAMPLE_W, 0)) == NULL) {
		pixDestroy(&pix);
		pixDestroy(&rgb);
		*why = "image could not be decoded";
		return PL_EINPUT;
	}
	memset(&s, 0, sizeof s);
	s.w = (int)pixGetWidth(small);
	s.h = (int)pixGetHeight(small);
	s.isblue = calloc((size_t)s.w * s.h, 1);
	if (s.isblue != NULL) {
		gather(small, &s);
		out->saturation = s.sat_sum / ((double)s.w * s.h);
		out->colour = s.coloured * 200 >= (size_t)s.w * s.h &&
		    out->saturation >= 0.03;
		out->blue_frac = (double)s.blue / ((double)s.w * s.h);
		out->ktp_look = out->colour && card_shaped(&s);
		free(s.isblue);
	}
	pixDestroy(&small);
	pixDestroy(&rgb);
	pixDestroy(&pix);
	if (s.isblue == NULL) {
		*why = "out of memory inspecting image";
		return PL_ETEMP;
	}
	return PL_OK;
}
