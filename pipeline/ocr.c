/* ocr (extract stage): KTP images through Leptonica and Tesseract. */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include <dlfcn.h>

#include "buf.h"
#include "identity.h"
#include "image.h"
#include "jpeg.h"
#include "ktp.h"
#include "magic.h"
#include "ocr.h"
#include "pdf.h"
#include "util.h"
#include "xmem.h"

#define CARD_W		1000	/* the card is scaled to this width */
#define PHOTO_X		0.74	/* the photo starts at about this share */
#define PHOTO_X_MAX	0.80	/* and never further (text ends by 0.77) */
#define CARD_BLUE	10	/* b - r of a card pixel, at least */
#define CARD_BLUE_BG	15	/* or this much over the background */
#define SHARP_W		600	/* a card this wide was not enlarged much */
#define MAX_WORDS	600

#include "ocr_p.h"

/* SERTEL_OCR_TIMES=1: each phase's milliseconds on stderr (measuring). */
static void
phase(const char *name)
{
	static struct timespec last, first;
	struct timespec now;

	if (getenv("SERTEL_OCR_TIMES") == NULL)
		return;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	if (name == NULL)
		first = now;
	if (name && strcmp(name, "total") == 0)
		last = first;
	if (name)
		fprintf(stderr, "phase %s %.1f\n", name,
		    (now.tv_sec - last.tv_sec) * 1e3 +
		    (now.tv_nsec - last.tv_nsec) / 1e6);
	last = now;
}

void
ocr_tess_end(struct ocr *o)
{
	if (o->tess) {
		TessBaseAPIEnd(o->tess);
		TessBaseAPIDelete(o->tess);
		o->tess = NULL;
	}
	if (o->digits) {
		TessBaseAPIEnd(o->digits);
		TessBaseAPIDelete(o->digits);
		o->digits = NULL;
	}
}

void
ktp_result_free(struct ktp_result *r)
{
	if (r == NULL)
		return;
	ktp_fields_free(&r->f);
	memset(r, 0, sizeof *r);
}

/* Image loading: formats by magic, caps from the header, then decode. */

static PIX *
pdf_page_pix(const unsigned char *p, size_t n, const char **why)
{
	unsigned char *rgba = NULL;
	int w, h, stride, x, y;
	PIX *pix;
	l_uint32 *line;

	if (pdf_render_first(p, n, 300, PL_MAX_IMG_PIXELS, &rgba, &w, &h,
	    &stride) == -1) {
		*why = "PDF page could not be rendered";
		return NULL;
	}
	pix = pixCreate(w, h, 32);
	for (y = 0; pix && y < h; y++) {
		line = pixGetData(pix) + y * pixGetWpl(pix);
		for (x = 0; x < w; x++) {
			const unsigned char *c = rgba + y * stride + x * 4;

			/* cairo ARGB32 little endian: B G R A. */
			composeRGBPixel(c[2], c[1], c[0], line + x);
		}
	}
	free(rgba);
	return pix;
}

static PIX *
load(const unsigned char *p, size_t n, int *w, int *h, const char **why)
{
	PIX *pix;

	enum pl_filekind k = magic_kind(p, n);

	if (k == FK_PDF)
		return pdf_page_pix(p, n, why);
	if (!magic_is_image(k)) {
		*why = "not a JPEG, PNG, TIFF or PDF (BMP and GIF refused)";
		return NULL;
	}
	/* Size and JPEG scans, from the header (image.c). */
	if (image_check(p, n, w, h, why) != PL_OK)
		return NULL;
	if ((k != FK_JPEG || (pix = jpeg_decode(p, n)) == NULL) &&
	    (pix = pixReadMem(p, n)) == NULL)
		*why = "image could not be decoded";
	return pix;
}

/*
 * A small copy, w across. A page scan: sampled down to twice that first,
 * then averaged. A smaller image (a card alone): halved by averaging 2x2
 * while twice as wide or more; when that leaves at most a third to lose,
 * interpolated the rest of the way, without the sharpening Leptonica's
 * general scaling adds there (a 1000-pixel card in 1.3 ms, not 4).
 * Further down, interpolation would skip pixels: averaged as before.
 */
static PIX *
small_copy(PIX *pix, int w)
{
	PIX *s, *out;
	float f;

	if (pixGetWidth(pix) <= 3 * w) {
		s = pixClone(pix);
		while (s != NULL && pixGetWidth(s) >= 2 * w) {
			out = pixScaleAreaMap2(s);
			pixDestroy(&s);
			s = out;
		}
		if (s == NULL)
			return NULL;
		f = (float)w / pixGetWidth(s);
		out = f >= 0.75f ? pixScaleLI(s, f, f) : pixScaleToSize(pix, w,
		    0);
		pixDestroy(&s);
		return out;
	}
	if ((s = pixScaleBySamplingToSize(pix, 2 * w, 0)) == NULL)
		return NULL;
	out = pixScaleToSize(s, w, 0);
	pixDestroy(&s);
	return out;
}

/* Colour: enough clearly coloured pixels on a small copy. */
static bool
is_colour(PIX *rgb)
{
	PIX *s = small_copy(rgb, 200);
	l_int32 x, y, r, g, b, w, h, mx, mn;
	size_t coloured = 0;

	if (s == NULL)
		return false;
	w = pixGetWidth(s);
	h = pixGetHeight(s);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			pixGetRGBPixel(s, x, y, &r, &g, &b);
			mx = L_MAX(r, L_MAX(g, b));
			mn = L_MIN(r, L_MIN(g, b));
			coloured += mx - mn > 40;
		}
	pixDestroy(&s);
	return coloured * 100 >= (size_t)(w * h);
}

/* The card as found: its bounding box and its four corners. */
struct quad {
	double	x[4], y[4];		/* TL, TR, BR, BL in full-size pixels */
	int	bx, by, bw, bh;		/* bounding box */
};

/*
 * A pixel of the card: on a colour picture its pale blue, bluer than red
 * by blue and, in daylight, greener than red too (a violet or purple
 * cloth is bluer than red but less green); on a grey one, anything darker
 * than page-white.
 */
static bool
card_pixel(int r, int g, int b, bool colour, int blue)
{
	int mx = L_MAX(r, L_MAX(g, b)), mn = L_MIN(r, L_MIN(g, b));

	if (!colour)
		return mx < 235;
	return b - r > blue && mx > 80 && (blue < CARD_BLUE || (mx - mn > 15 &&
	    g > r));
}

/*
 * How much bluer than red a card pixel is: CARD_BLUE under daylight or a
 * scanner lamp. Under warm light the whole picture turns red and the
 * card's pale blue with it: then bluer than the background (the image's
 * outer frame, its median) by CARD_BLUE_BG.
 */
static int
card_blue(PIX *s)
{
	int w = pixGetWidth(s), h = pixGetHeight(s), x, y, r, g, b, n = 0;
	int hist[511] = { 0 }, k, sum;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (x >= w / 20 && x < w - w / 20 && y >= h / 20 &&
			    y < h - h / 20)
				continue;
			pixGetRGBPixel(s, x, y, &r, &g, &b);
			hist[b - r + 255]++;
			n++;
		}
	for (k = 0, sum = 0; k < 511 && sum * 2 < n; k++)
		sum += hist[k];
	k -= 256;		/* the median */
	return L_MIN(CARD_BLUE, k + CARD_BLUE_BG);
}

/* Rows and columns mostly of card pixels bound the card; 0 when found. */
static int
card_bounds(const unsigned char *mask, int sw, int sh, int *x0, int *y0,
    int *x1, int *y1)
{
	int x, y, n;

	*x0 = sw; *x1 = -1; *y0 = sh; *y1 = -1;
	for (y = 0; y < sh; y++) {
		for (n = 0, x = 0; x < sw; x++)
			n += mask[y * sw + x];
		if (n * 5 > sw / 5) {
			*y0 = L_MIN(*y0, y);
			*y1 = y;
		}
	}
	for (x = 0; x < sw; x++) {
		for (n = 0, y = 0; y < sh; y++)
			n += mask[y * sw + x];
		if (n * 5 > sh / 5) {
			*x0 = L_MIN(*x0, x);
			*x1 = x;
		}
	}
	return *x1 > *x0 && *y1 > *y0 ? 0 : -1;
}

/* The k-th smallest of v[0..n) (v reordered). */
static double
kth_smallest(double *v, int n, int k)
{
	int lo = 0, hi = n - 1, i, j;
	double p, x;

	while (lo < hi) {
		p = v[(lo + hi) / 2];
		for (i = lo, j = hi; i <= j; ) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				x = v[i]; v[i++] = v[j]; v[j--] = x;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

/*
 * The least-squares line u = a*t + b through the points within lim of
 * the line a, b already holds; a, b unchanged when fewer than two.
 */
static void
squares_near(const double *t, const double *u, int n, double lim, double *a,
    double *b)
{
	double st = 0, su = 0, stt = 0, stu = 0, m;
	int i, k;

	for (i = 0, k = 0; i < n; i++) {
		if (fabs(u[i] - (*a * t[i] + *b)) > lim)
			continue;
		st += t[i]; su += u[i]; stt += t[i] * t[i];
		stu += t[i] * u[i];
		k++;
	}
	m = k * stt - st * st;
	if (k < 2 || fabs(m) < 1e-9)
		return;
	*a = (k * stu - st * su) / m;
	*b = (su - *a * st) / k;
}

/*
 * Fit u = a*t + b to points (t[i], u[i]) by least squares, twice: the
 * second time without the points far from the first line (a dark corner,
 * a finger on the card): those beyond twice the mean residual (and 2 px).
 */
static void
fit_squares(const double *t, const double *u, int n, double *a, double *b)
{
	double lim = 0;
	int i;

	*a = 0;
	*b = n ? u[0] : 0;
	squares_near(t, u, n, 1e18, a, b);
	for (i = 0; i < n; i++)
		lim += fabs(u[i] - (*a * t[i] + *b)) / n;
	squares_near(t, u, n, L_MAX(2.0, 2 * lim), a, b);
}

/*
 * An edge's line. Least squares (fit_squares) when it leaves few points
 * astray (FIT_ASTRAY px off, a quarter of them at most); else glare or a
 * cloth's pattern moved part of the edge, and the line is the one through
 * two of the points that leaves the median point nearest (least median of
 * squares: it holds while half the points are on the edge), refitted by
 * least squares over the points near it.
 */
#define FIT_ASTRAY	3.0
#define FIT_FEW		0.25

static void
fit_line(const double *t, const double *u, int n, double *a, double *b)
{
	double res[512], best = 1e18, ca, cb, med;
	int i, j, d, k, step, astray = 0;

	n = L_MIN(n, 512);
	fit_squares(t, u, n, a, b);
	for (i = 0; i < n; i++)
		astray += fabs(u[i] - (*a * t[i] + *b)) > FIT_ASTRAY;
	if (n < 8 || astray <= FIT_FEW * n)
		return;
	step = L_MAX(1, n / 24);
	for (i = 0; i < n; i += step)
		for (d = 1; d <= 3; d++) {
			j = i + d * n / 4;
			if (j >= n || t[j] == t[i])
				continue;
			ca = (u[j] - u[i]) / (t[j] - t[i]);
			cb = u[i] - ca * t[i];
			for (k = 0; k < n; k++)
				res[k] = fabs(u[k] - (ca * t[k] + cb));
			if ((med = kth_smallest(res, n, n / 2)) < best) {
				best = med;
				*a = ca;
				*b = cb;
			}
		}
	squares_near(t, u, n, L_MAX(1.5, 2.5 * best), a, b);
}

/* The first (dir 1) or last (dir -1) card pixel along a row or column. */
static int
edge_at(const unsigned char *mask, int sw, int fixed, int from, int to,
    int dir, bool row)
{
	int i;

	for (i = from; dir > 0 ? i <= to : i >= to; i += dir)
		if (row ? mask[fixed * sw + i] && mask[fixed * sw + i + (dir > 0 ?
		    1 : -1)] : mask[i * sw + fixed] && mask[(i + dir) * sw +
		    fixed])
			return i;
	return -1;
}

/*
 * The card's four edges fitted as lines through its outermost pixels in
 * the middle 60% of each side (rounded or shadowed corners left out), the
 * corners where they meet: good for rotation and perspective.
 */
static void
edges_to_corners(const unsigned char *mask, int sw, int x0, int y0, int x1,
    int y1, struct quad *q)
{
	double t[4][512], u[4][512], a[4], b[4];
	int n[4] = { 0 }, i, k, e;

	for (i = y0 + (y1 - y0) / 5; i <= y1 - (y1 - y0) / 5; i++)
		for (k = 0; k < 2; k++) {	/* left, right: x of y */
			e = edge_at(mask, sw, i, k ? x1 - 1 : x0 + 1, k ?
			    x0 + 1 : x1 - 1, k ? -1 : 1, true);
			if (e >= 0 && n[k] < 512) {
				t[k][n[k]] = i;
				u[k][n[k]++] = e;
			}
		}
	for (i = x0 + (x1 - x0) / 5; i <= x1 - (x1 - x0) / 5; i++)
		for (k = 2; k < 4; k++) {	/* top, bottom: y of x */
			e = edge_at(mask, sw, i, k == 3 ? y1 - 1 : y0 + 1,
			    k == 3 ? y0 + 1 : y1 - 1, k == 3 ? -1 : 1, false);
			if (e >= 0 && n[k] < 512) {
				t[k][n[k]] = i;
				u[k][n[k]++] = e;
			}
		}
	for (k = 0; k < 4; k++)
		fit_line(t[k], u[k], n[k], &a[k], &b[k]);
	/* Corner = left/right line (x = a y + b) meets top/bottom (y = c x + d). */
	for (k = 0; k < 4; k++) {
		int v = k == 0 || k == 3 ? 0 : 1;	/* TL, TR, BR, BL */
		int h = k < 2 ? 2 : 3;
		double den = 1 - a[v] * a[h];

		q->x[k] = fabs(den) > 1e-6 ? (a[v] * b[h] + b[v]) / den :
		    (v ? x1 : x0);
		q->y[k] = a[h] * q->x[k] + b[h];
	}
}

/*
 * Find the card: on a colour scan the light-blue area, else what is not
 * page-white. Found on a small copy; corners from its fitted edges.
 */
static int
find_card(PIX *rgb, bool colour, bool warm, struct quad *q)
{
	int w = pixGetWidth(rgb), sw = 400, sh, x, y, r, g, b, x0, y0, x1, y1;
	double f = (double)w / sw;
	PIX *s = small_copy(rgb, sw);
	unsigned char *mask;
	int k, blue, rv = -1;

	if (s == NULL)
		return -1;
	sh = pixGetHeight(s);
	blue = !colour ? 0 : warm ? card_blue(s) : CARD_BLUE;
	if (warm && blue >= CARD_BLUE) {	/* nothing new to try */
		pixDestroy(&s);
		return -1;
	}
	mask = xcalloc((size_t)sw * sh, 1);
	for (y = 0; y < sh; y++)
		for (x = 0; x < sw; x++) {
			pixGetRGBPixel(s, x, y, &r, &g, &b);
			mask[y * sw + x] = card_pixel(r, g, b, colour, blue);
		}
	if (card_bounds(mask, sw, sh, &x0, &y0, &x1, &y1) == 0) {
		edges_to_corners(mask, sw, x0, y0, x1, y1, q);
		for (k = 0; k < 4; k++) {
			q->x[k] *= f;
			q->y[k] *= f;
		}
		q->bx = (int)(x0 * f);
		q->by = (int)(y0 * f);
		q->bw = (int)((x1 - x0 + 1) * f);
		q->bh = (int)((y1 - y0 + 1) * f);
		rv = 0;
	}
	free(mask);
	pixDestroy(&s);
	return rv;
}

static double
dist(double ax, double ay, double bx, double by)
{
	return sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}

/* The lengths of a quadrilateral's sides: top, bottom, left, right. */
static void
quad_sides(const struct quad *q, double *top, double *bot, double *lef,
    double *rig)
{
	*top = dist(q->x[0], q->y[0], q->x[1], q->y[1]);
	*bot = dist(q->x[3], q->y[3], q->x[2], q->y[2]);
	*lef = dist(q->x[0], q->y[0], q->x[3], q->y[3]);
	*rig = dist(q->x[1], q->y[1], q->x[2], q->y[2]);
}

/* A quadrilateral shaped like a card (sides in card proportion). */
static bool
quad_plausible(const struct quad *q)
{
	double top, bot, lef, rig, aspect;

	quad_sides(q, &top, &bot, &lef, &rig);
	aspect = (top + bot) / (lef + rig + 1e-9);
	return aspect > 1.3 && aspect < 1.9 && top > 0.6 * bot &&
	    bot > 0.6 * top && lef > 0.6 * rig && rig > 0.6 * lef &&
	    top > 0.5 * q->bw;
}

/* A card scanned flat: its corners a rectangle (turned, not foreshortened
 * as in a photograph: opposite sides and the diagonals alike within 2%). */
static bool
quad_rectangle(const struct quad *q)
{
	double top, bot, lef, rig;
	double d1 = dist(q->x[0], q->y[0], q->x[2], q->y[2]);
	double d2 = dist(q->x[1], q->y[1], q->x[3], q->y[3]);

	quad_sides(q, &top, &bot, &lef, &rig);
	return fabs(top - bot) < 0.02 * top && fabs(lef - rig) < 0.02 * lef &&
	    fabs(d1 - d2) < 0.02 * d1;
}

/* The brightest channel of an RGBA pixel (red, green, blue: bytes 3-1). */
static inline unsigned
brightest(l_uint32 p)
{
	unsigned r = p >> 24, g = p >> 16 & 0xff, b = p >> 8 & 0xff;

	return L_MAX(r, L_MAX(g, b));
}

/*
 * The card warped flat to CARD_W across, grey: each output pixel fetched
 * from the quadrilateral (projective map), bilinear over the brightest
 * channel of the four pixels around it (the grey card_image reads), so
 * that the work is the card's size, not the page's, and one channel's,
 * not three.
 */
static PIX *
unwarp(PIX *rgb, const struct quad *q)
{
	PTA *src = ptaCreate(4), *dst = ptaCreate(4);
	int cw = CARD_W, h = (int)(CARD_W / 1.585), x, y, k, wpl, x0, y0;
	int iw = pixGetWidth(rgb), ih = pixGetHeight(rgb);
	l_float32 *vc = NULL;
	l_uint32 *data, *line, *p;
	double cx = 0, cy = 0, den, sx, sy;
	float fx, fy, top, bot;
	PIX *out = NULL;

	/* The corners pulled 1.5% inwards: the card's edge, its shadow and
	 * the table behind stay out of the picture. */
	for (k = 0; k < 4; k++) {
		cx += q->x[k] / 4;
		cy += q->y[k] / 4;
	}
	for (k = 0; k < 4; k++)
		ptaAddPt(src, (l_float32)(q->x[k] + (cx - q->x[k]) * 0.03),
		    (l_float32)(q->y[k] + (cy - q->y[k]) * 0.03));
	ptaAddPt(dst, 0, 0);
	ptaAddPt(dst, cw - 1, 0);
	ptaAddPt(dst, cw - 1, h - 1);
	ptaAddPt(dst, 0, h - 1);
	/* Coefficients of the map from the flat card back to the image. */
	if (getProjectiveXformCoeffs(dst, src, &vc) != 0 ||
	    (out = pixCreate(cw, h, 8)) == NULL)
		goto done;
	data = pixGetData(rgb);
	wpl = pixGetWpl(rgb);
	for (y = 0; y < h; y++) {
		line = pixGetData(out) + y * pixGetWpl(out);
		for (x = 0; x < cw; x++) {
			den = vc[6] * x + vc[7] * y + 1.0;
			sx = (vc[0] * x + vc[1] * y + vc[2]) / den;
			sy = (vc[3] * x + vc[4] * y + vc[5]) / den;
			/* Compared as doubles: a point at infinity (or NaN)
			 * is outside, and white. */
			if (!(sx >= 0 && sy >= 0 && sx < iw - 1 &&
			    sy < ih - 1)) {
				SET_DATA_BYTE(line, x, 255);
				continue;
			}
			x0 = (int)sx;
			y0 = (int)sy;
			fx = (float)(sx - x0);
			fy = (float)(sy - y0);
			p = data + y0 * wpl + x0;
			top = brightest(p[0]) + fx * ((float)brightest(p[1]) -
			    brightest(p[0]));
			bot = brightest(p[wpl]) + fx * ((float)brightest(
			    p[wpl + 1]) - brightest(p[wpl]));
			SET_DATA_BYTE(line, x, (int)(top + fy * (bot - top) +
			    0.5f));
		}
	}
done:
	free(vc);
	ptaDestroy(&src);
	ptaDestroy(&dst);
	return out;
}

/* Crop to the card, straighten it, scale to CARD_W, grey for OCR. */
static PIX *
card_image(PIX *rgb, bool colour, int *card_w, bool *was_unwarped)
{
	struct quad q, warm;
	PIX *flat = NULL, *crop = NULL, *grey = NULL, *bin = NULL, *rot = NULL;
	PIX *scaled, *norm, *out;
	BOX *box;
	l_float32 angle = 0, conf = 0;
	l_uint32 bg;
	bool unwarped = false, found;
	int w;

	*card_w = pixGetWidth(rgb);
	*was_unwarped = false;
	phase(NULL);
	found = find_card(rgb, colour, false, &q) == 0;
	/* No card-shaped blue: perhaps warm light turned it grey. */
	if (colour && (!found || !quad_plausible(&q)) &&
	    find_card(rgb, colour, true, &warm) == 0 && quad_plausible(&warm)) {
		q = warm;
		found = true;
	}
	if (found) {
		phase("  find");
		if (getenv("SERTEL_OCR_TIMES"))
			fprintf(stderr, "card box %d,%d %dx%d corners %.0f,%.0f "
			    "%.0f,%.0f %.0f,%.0f %.0f,%.0f plausible %d\n", q.bx,
			    q.by, q.bw, q.bh, q.x[0], q.y[0], q.x[1], q.y[1],
			    q.x[2], q.y[2], q.x[3], q.y[3], quad_plausible(&q));
		*card_w = q.bw;
		if (q.bw < pixGetWidth(rgb) * 0.92 && quad_plausible(&q))
			unwarped = (flat = unwarp(rgb, &q)) != NULL;
		else if (q.bw < pixGetWidth(rgb) * 0.92) {
			box = boxCreate(q.bx - q.bw / 40, q.by - q.bw / 40,
			    q.bw + q.bw / 20, q.bh + q.bw / 20);
			crop = pixClipRectangle(rgb, box, NULL);
			boxDestroy(&box);
		}
	}
	phase("  find+unwarp");
	/* Text is dark on a light background: the brightest channel (the
	 * unwarped card is that already). */
	grey = flat ? pixClone(flat) : pixConvertRGBToGrayMinMax(crop ? crop :
	    rgb, L_CHOOSE_MAX);
	pixDestroy(&flat);
	pixDestroy(&crop);
	if (grey == NULL)
		return NULL;
	bin = pixConvertTo1(grey, 140);
	if (bin && pixFindSkew(bin, &angle, &conf) == 0 && conf > 1.5 &&
	    fabsf(angle) > 0.2 && fabsf(angle) < 10)
		rot = pixRotate(grey, angle * 3.14159265f / 180.0f,
		    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
	pixDestroy(&bin);
	phase("  grey+skew");
	/* Near the size already: scaling would only blur it. */
	w = pixGetWidth(rot ? rot : grey);
	scaled = w >= CARD_W * 19 / 20 && w <= CARD_W * 11 / 10 ?
	    pixClone(rot ? rot : grey) : pixScaleToSize(rot ? rot : grey,
	    CARD_W, 0);
	pixDestroy(&rot);
	pixDestroy(&grey);
	*was_unwarped = unwarped && !quad_rectangle(&q);
	if (scaled == NULL || !unwarped)
		return scaled;
	/* A flattened card fills the image: give its text a margin of its
	 * own background, or the page layout misses the edge lines. */
	/* A photo's light falls unevenly: flatten it to a white background. */
	phase("  scale");
	norm = pixBackgroundNormSimple(scaled, NULL, NULL);
	phase("  bgnorm");
	if (norm) {
		pixDestroy(&scaled);
		scaled = norm;
	}
	if (pixGetRankValue(scaled, 1, 0.5, &bg) != 0)
		bg = 200;
	out = pixAddBorderGeneral(scaled, 24, 24, 24, 24, bg);
	pixDestroy(&scaled);
	return out ? out : NULL;
}

/* Tesseract: words with boxes and confidences. */

/*
 * Tesseract keeps each line it recognises as a PNG in memory (its
 * ImageData), encoded and at once decoded again; zlib's default level for
 * those was 3% of a card's time. Leptonica writes a PNG at the level a
 * pix's `special` field names (10 + level): this is Leptonica's own
 * pixWriteMem, called with that field set to store (level 0) when it is
 * unset; the bytes are a PNG all the same, and nothing else of this
 * program writes PNGs to memory.
 */
l_ok
pixWriteMem(l_uint8 **data, size_t *size, PIX *pix, l_int32 format)
{
	static l_ok (*lept)(l_uint8 **, size_t *, PIX *, l_int32);
	l_int32 special;
	l_ok rv;

	if (lept == NULL &&
	    (*(void **)&lept = dlsym(RTLD_NEXT, "pixWriteMem")) == NULL)
		return 1;
	if (format != IFF_PNG || pix == NULL ||
	    (special = pix->special) != 0)
		return lept(data, size, pix, format);
	pixSetZlibCompression(pix, 0);
	rv = lept(data, size, pix, format);
	pixSetSpecial(pix, special);
	return rv;
}

static int
tess_ready(struct ocr *o)
{
	if (o->tess)
		return 0;
	o->tess = TessBaseAPICreate();
	if (TessBaseAPIInit2(o->tess, NULL, "ind", OEM_LSTM_ONLY) != 0) {
		TessBaseAPIDelete(o->tess);
		o->tess = NULL;
		return -1;
	}
	TessBaseAPISetVariable(o->tess, "debug_file", "/dev/null");
	/* The fixed-pitch test is for typewriters; a card is proportional
	 * (its words read the same without it, 3% sooner). */
	TessBaseAPISetVariable(o->tess, "textord_disable_pitch_test", "1");
	/* Nor is there white-on-black text to try an unsure line as. */
	TessBaseAPISetVariable(o->tess, "tessedit_do_invert", "0");
	return 0;
}

struct words {
	struct ocr_word	 w[MAX_WORDS];
	char		*text[MAX_WORDS];	/* owned, by Tesseract */
	size_t		 n;
};

static void
words_free(struct words *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		TessDeleteText(ws->text[i]);
	ws->n = 0;
}

/* SERTEL_DEBUG_WORDS=1: the words read, on stderr (measuring). */
static void
debug_words(const char *what, const struct words *ws)
{
	size_t i;

	if (getenv("SERTEL_DEBUG_WORDS") == NULL)
		return;
	for (i = 0; i < ws->n; i++)
		fprintf(stderr, "%s line %d [%d,%d-%d,%d] %.0f %s\n", what,
		    ws->w[i].line, ws->w[i].x0, ws->w[i].y0, ws->w[i].x1,
		    ws->w[i].y1, ws->w[i].conf, ws->w[i].text);
}

/* Where a read region sits on the card: words are mapped back through it. */
struct region {
	int	x, y;		/* its top left on the card */
	float	scale;		/* region pixels per card pixel, down */
	int	line0;		/* added to the engine's line numbers */
	float	sx;		/* across */
};

/*
 * A house number and its letter read as one word ("93A") where the card
 * prints a space ("93 A"): the gap before the letter, from the symbols'
 * boxes, against the height and the gaps between the digits. Returns
 * where the letter starts (x in the image read), or -1 when it sits close.
 */
static int
letter_gap(const TessPageIterator *pi, const char *txt)
{
	TessPageIterator *c;
	int x0, y0, x1, y1, prev = -1, gap = 0, dg = 0, nd = 0, h = 0, n, i;
	int lx = -1;

	n = (int)strlen(txt);
	if (n < 2 || n > 5 || !isupper((unsigned char)txt[n - 1]) ||
	    (int)strspn(txt, "0123456789") != n - 1)
		return -1;
	if ((c = TessPageIteratorCopy(pi)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (!TessPageIteratorBoundingBox(c, RIL_SYMBOL, &x0, &y0, &x1,
		    &y1))
			break;
		if (prev >= 0 && i < n - 1) {
			dg += x0 - prev;
			nd++;
		}
		if (i == n - 1) {
			gap = x0 - prev;
			lx = x0;
		}
		h = L_MAX(h, y1 - y0);
		prev = x1;
		if (TessPageIteratorIsAtFinalElement(c, RIL_WORD, RIL_SYMBOL) ||
		    !TessPageIteratorNext(c, RIL_SYMBOL))
			break;
	}
	TessPageIteratorDelete(c);
	if (getenv("SERTEL_DEBUG_WORDS"))
		fprintf(stderr, "letter gap %s: %d (digits %d/%d, h %d)\n",
		    txt, gap, dg, nd, h);
	if (i != n - 1 || lx < 0)
		return -1;
	/* Glued letters sit within 2 px at 15 px high; a space is a fifth of
	 * the height or more. LSTM symbol boxes may overlap (gaps below 0):
	 * then nothing is split. */
	return gap * 5 >= h && gap > (nd ? dg / nd : 0) + 2 ? lx : -1;
}

/* The last word's final letter made a word of its own, from image x lx. */
static void
split_letter(struct words *ws, const struct region *rg, int lx)
{
	static const char *const letter[26] = { "A", "B", "C", "D", "E", "F",
	    "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
	    "T", "U", "V", "W", "X", "Y", "Z" };
	struct ocr_word *w = &ws->w[ws->n - 1];
	char *t = ws->text[ws->n - 1];
	size_t n = strlen(t);

	ws->w[ws->n] = *w;
	ws->w[ws->n].text = letter[t[n - 1] - 'A'];
	ws->w[ws->n].x0 = rg->x + (int)(lx / rg->sx);
	ws->text[ws->n++] = NULL;	/* static: nothing to free */
	w->x1 = ws->w[ws->n - 1].x0 - 1;
	t[n - 1] = '\0';
}

/* Append the words of the last Recognize (or, with pi, of a layout). */
static void
add_words(TessResultIterator *it, const TessPageIterator *pi,
    const struct region *rg, struct words *ws)
{
	int x0, y0, x1, y1, line = -1, lx;
	char *txt;

	do {
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE))
			line++;
		txt = it ? TessResultIteratorGetUTF8Text(it, RIL_WORD) : NULL;
		if ((it && txt == NULL) || ws->n == MAX_WORDS ||
		    !TessPageIteratorBoundingBox(pi, RIL_WORD, &x0, &y0, &x1,
		    &y1)) {
			TessDeleteText(txt);
			continue;
		}
		ws->text[ws->n] = txt;
		ws->w[ws->n].text = txt;
		ws->w[ws->n].x0 = rg->x + (int)(x0 / rg->sx);
		ws->w[ws->n].y0 = rg->y + (int)(y0 / rg->scale);
		ws->w[ws->n].x1 = rg->x + (int)(x1 / rg->sx);
		ws->w[ws->n].y1 = rg->y + (int)(y1 / rg->scale);
		ws->w[ws->n].line = rg->line0 + line;
		ws->w[ws->n++].conf = it ? TessResultIteratorConfidence(it,
		    RIL_WORD) : 0;
		if (it && (lx = letter_gap(pi, txt)) >= 0 && ws->n < MAX_WORDS)
			split_letter(ws, rg, lx);
	} while (TessPageIteratorNext((TessPageIterator *)pi, RIL_WORD));
}

static void
read_words(TessBaseAPI *t, const struct region *rg, struct words *ws)
{
	TessResultIterator *it;

	if (TessBaseAPIRecognize(t, NULL) != 0 ||
	    (it = TessBaseAPIGetIterator(t)) == NULL)
		return;
	add_words(it, TessResultIteratorGetPageIteratorConst(it), rg, ws);
	TessResultIteratorDelete(it);
}

/* A copy of a rectangle of pix (clamped to it); NULL when empty. */
static PIX *
clip(PIX *pix, int x, int y, int w, int h)
{
	BOX *b;
	PIX *c;

	x = L_MAX(0, x);
	y = L_MAX(0, y);
	w = L_MIN(w, (int)pixGetWidth(pix) - x);
	h = L_MIN(h, (int)pixGetHeight(pix) - y);
	if (w <= 0 || h <= 0)
		return NULL;
	b = boxCreate(x, y, w, h);
	c = pixClipRectangle(pix, b, NULL);
	boxDestroy(&b);
	return c;
}

/* A digits-only reading: the digits and each one's confidence. */
#define NIK_ALTS	3
struct digits {
	char	d[40];
	float	c[40];
	char	alt[40][NIK_ALTS];	/* the engine's other choices, or 0 */
	int	n;
};

/* The engine's other digits for this symbol (lstm_choice_mode). */
static void
digit_alts(const TessResultIterator *it, char best, char alt[NIK_ALTS])
{
	TessChoiceIterator *ci = TessResultIteratorGetChoiceIterator(it);
	const char *t;
	int k = 0;

	memset(alt, 0, NIK_ALTS);
	if (ci == NULL)
		return;
	do {
		t = TessChoiceIteratorGetUTF8Text(ci);
		if (t && t[0] >= '0' && t[0] <= '9' && t[1] == '\0' &&
		    t[0] != best && k < NIK_ALTS)
			alt[k++] = t[0];
	} while (TessChoiceIteratorNext(ci));
	TessChoiceIteratorDelete(ci);
}

/*
 * The English model, digits only: on sharp cards it reads the NIK beside
 * the Indonesian one (see nik_readings). Created on first use, kept for
 * the worker's life.
 */
static TessBaseAPI *
digits_ready(struct ocr *o)
{
	if (o->digits)
		return o->digits;
	o->digits = TessBaseAPICreate();
	if (TessBaseAPIInit2(o->digits, NULL, "eng", OEM_LSTM_ONLY) != 0) {
		TessBaseAPIDelete(o->digits);
		o->digits = NULL;
		return NULL;
	}
	TessBaseAPISetVariable(o->digits, "debug_file", "/dev/null");
	TessBaseAPISetVariable(o->digits, "tessedit_char_whitelist",
	    "0123456789");
	TessBaseAPISetVariable(o->digits, "lstm_choice_mode", "2");
	TessBaseAPISetVariable(o->digits, "textord_disable_pitch_test", "1");
	TessBaseAPISetVariable(o->digits, "tessedit_do_invert", "0");
	TessBaseAPISetPageSegMode(o->digits, PSM_SINGLE_LINE);
	return o->digits;
}

/* Read a one-line image digits-only, symbol by symbol, with the English
 * model (eng) or the Indonesian one. */
static void
digit_read(struct ocr *o, bool eng, PIX *pix, struct digits *out)
{
	TessBaseAPI *api = eng ? digits_ready(o) : o->tess;
	TessResultIterator *it;
	char *t;

	memset(out, 0, sizeof *out);
	if (api == NULL)
		return;
	if (!eng) {
		TessBaseAPISetVariable(api, "tessedit_char_whitelist",
		    "0123456789");
		TessBaseAPISetVariable(api, "lstm_choice_mode", "2");
		TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	}
	TessBaseAPISetImage2(api, pix);
	TessBaseAPISetSourceResolution(api, 300);
	if (TessBaseAPIRecognize(api, NULL) == 0 &&
	    (it = TessBaseAPIGetIterator(api)) != NULL) {
		do {
			t = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
			if (t && t[0] >= '0' && t[0] <= '9' && t[1] == '\0' &&
			    out->n < (int)sizeof out->d - 1) {
				out->c[out->n] = TessResultIteratorConfidence(
				    it, RIL_SYMBOL) / 100.0f;
				digit_alts(it, t[0], out->alt[out->n]);
				out->d[out->n++] = t[0];
			}
			TessDeleteText(t);
		} while (TessResultIteratorNext(it, RIL_SYMBOL));
		TessResultIteratorDelete(it);
	}
	if (!eng) {
		TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
		TessBaseAPISetVariable(api, "lstm_choice_mode", "0");
	}
}

/*
 * The NIK by vote of several readings: the block pass and digits-only
 * passes over the tight crop (as it is; enlarged and binarised, twice and
 * three times). Each position takes the digit with the most confidence
 * summed over the readings; any disagreement lowers the NIK's confidence,
 * so that an unsure NIK goes to the verifier, not back to the applicant.
 */
#define NIK_READS	5

/*
 * How well a candidate NIK fits what the card says: a region code that
 * exists, a real date, the printed birth date and sex, the card's city.
 */
static int
nik_fit(const struct ktp_fields *f, const char *cand)
{
	struct nik nk;
	const char *why;
	char date[16];
	int score = 0;

	if (identity_nik(cand, 2100, &nk, &why) == PL_OK)
		score += 8;
	else if (strstr(why, "wilayah") == NULL)
		score += 2;		/* at least the region exists */
	snprintf(date, sizeof date, "%04d-%02d-%02d", nk.year, nk.month,
	    nk.day);
	if (f->v[KTP_TANGGAL] && strcmp(f->v[KTP_TANGGAL] + 2, date + 2) == 0)
		score += 4;
	if (f->v[KTP_JK] && (strcmp(f->v[KTP_JK], "PEREMPUAN") == 0) ==
	    nk.female)
		score += 2;
	if (f->city[0] && strncmp(cand, f->city, 4) == 0)
		score += 1;
	return score;
}

/*
 * A NIK that breaks the rules as read (no such region, no such date): one
 * digit swapped for a choice the engine itself weighed for that symbol,
 * taken only when the NIK then holds in full and agrees with the card's
 * birth date and sex (a misread "33" as "37": region 37 does not exist).
 * Digits are chosen among the engine's readings, never made up. True when
 * out was changed.
 */
#define NIK_FIT_VALID	8
#define NIK_FIT_CARD	15	/* valid, the card's date, sex and city */

static bool
nik_alternative(const struct ktp_fields *f, const struct digits *r,
    char out[17])
{
	char cand[17];
	int i, k, a, fit, best = nik_fit(f, out);
	bool changed = false;

	if (best >= NIK_FIT_VALID)
		return false;
	for (i = 0; i < NIK_READS; i++) {
		if (r[i].n != 16)
			continue;
		for (k = 0; k < 16; k++)
			for (a = 0; a < NIK_ALTS && r[i].alt[k][a]; a++) {
				memcpy(cand, r[i].d, 17);
				cand[k] = r[i].alt[k][a];
				fit = nik_fit(f, cand);
				if (fit >= NIK_FIT_CARD && fit > best) {
					best = fit;
					memcpy(out, cand, 17);
					changed = true;
				}
			}
	}
	return changed;
}

/* Among the vote and each whole reading, the NIK that fits the card best. */
static void
nik_choose(const struct ktp_fields *f, const struct digits *r, char out[17])
{
	int i, fit, best = nik_fit(f, out);

	for (i = 0; i < NIK_READS; i++) {
		if (r[i].n != 16)
			continue;
		fit = nik_fit(f, r[i].d);
		if (fit > best) {
			best = fit;
			memcpy(out, r[i].d, 17);
		}
	}
}

/* A ':' read as "1" before the digits: drop it. */
static void
nik_drop_colon(struct digits *r)
{
	if (r->n == 17 && r->d[0] == '1') {
		memmove(r->d, r->d + 1, 16);
		memmove(r->c, r->c + 1, 16 * sizeof *r->c);
		r->d[--r->n] = '\0';
	}
}

/*
 * Digits under glare keep a little contrast: stretched tile by tile
 * (Leptonica's local contrast normalisation) and enlarged twice; read
 * grey (a threshold loses them again).
 */
static void
nik_contrast_read(struct ocr *o, PIX *clipped, struct digits *r)
{
	PIX *cn, *big;

	cn = pixContrastNorm(NULL, clipped, 20, 20, 10, 1, 1);
	big = cn ? pixScale(cn, 2.0f, 2.0f) : NULL;
	if (big)
		digit_read(o, false, big, r);
	nik_drop_colon(r);
	pixDestroy(&big);
	pixDestroy(&cn);
	phase("  nik4");
}

/*
 * The readings: the block pass (0) and digits-only on the crop (1); when
 * these two differ or do not fit the card, also on the crop enlarged,
 * twice (2) and three times (3). Readings by one model repeat its
 * mistakes, so a sharp card is read by two (see digits_ready).
 */
static void
nik_readings(struct ocr *o, PIX *clipped, const struct ktp_fields *f,
    bool sharp, struct digits r[NIK_READS])
{
	const float scales[2] = { 2.0f, 3.0f };
	PIX *big, *bin;
	int i, k;

	memset(r, 0, NIK_READS * sizeof *r);
	for (i = 0; f->v[KTP_NIK] && f->v[KTP_NIK][i] && i < 39; i++) {
		r[0].d[i] = f->v[KTP_NIK][i];
		r[0].c[i] = (float)f->conf[KTP_NIK];
	}
	r[0].n = i;
	nik_drop_colon(&r[0]);
	/* On a sharp card the English model reads the crop: Debian's
	 * Indonesian one reads a bold 8 ending the line as 3, and a second
	 * reading by the same model repeats its mistakes. On a card enlarged
	 * from few pixels the English model does worse (0 as 6): there the
	 * Indonesian reads. */
	digit_read(o, sharp, clipped, &r[1]);
	nik_drop_colon(&r[1]);
	phase("  nik1");
	for (k = 0; k < 2; k++) {
		if (r[0].n == 16 && r[1].n == 16 && strcmp(r[0].d, r[1].d) == 0 &&
		    nik_fit(f, r[1].d) >= 8)
			break;		/* two readings agree and fit the card */
		big = pixScale(clipped, scales[k], scales[k]);
		/* Sharp: twice by the English model, grey (thresholded it
		 * reads a dotted 0 as 6); three times by the Indonesian. */
		bin = big == NULL ? NULL : sharp && k == 0 ? pixClone(big) :
		    pixOtsuThreshOnBackgroundNorm(big, NULL, 10, 15, 100,
		    50, 255, 2, 2, 0.1f, NULL);
		if (bin)
			digit_read(o, sharp && k == 0, bin, &r[2 + k]);
		nik_drop_colon(&r[2 + k]);
		pixDestroy(&bin);
		pixDestroy(&big);
		phase(k ? "  nik3" : "  nik2");
	}
	for (k = 0; k < 4 && r[k].n != 16; k++)
		;
	if (k == 4)		/* none whole: glare or shade over digits */
		nik_contrast_read(o, clipped, &r[4]);
}

/* Each position: the digit with the most confidence summed over readings. */
static void
nik_vote(const struct digits r[NIK_READS], char out[17])
{
	double votes[10], best;
	int i, k;

	for (k = 0; k < 16; k++) {
		memset(votes, 0, sizeof votes);
		for (i = 0; i < NIK_READS; i++)
			if (r[i].n == 16)
				votes[r[i].d[k] - '0'] += r[i].c[k] + 0.01;
		out[k] = '0';
		for (best = -1, i = 0; i < 10; i++)
			if (votes[i] > best) {
				best = votes[i];
				out[k] = (char)('0' + i);
			}
	}
	out[16] = '\0';
}

/*
 * A card scanned flat at 600 pixels across or more: sharp digits, read
 * best by the English model (see nik_readings). Enlarged low-resolution
 * scans and photographs are not.
 */
static bool
sharp(const struct ktp_result *r)
{
	return r->card_width >= SHARP_W && !r->unwarped;
}

static void
nik_pass(struct ocr *o, PIX *card, struct ktp_fields *f, bool sharp)
{
	struct ktp_box b = f->box[KTP_NIK];
	struct digits r[NIK_READS];
	char out[17];
	double sum = 0;
	int pad, i, k, n = 0, agree = 0;
	bool swapped;
	PIX *clipped;

	if (b.x1 <= b.x0 || b.y1 <= b.y0)
		return;
	pad = (b.y1 - b.y0) / 3;
	/* The NIK row may run past the photo's edge: read it to its end. */
	clipped = clip(card, b.x0 - pad, b.y0 - pad, L_MIN((int)(
	    pixGetWidth(card) * 0.82), b.x1 + 3 * pad) - (b.x0 - pad),
	    b.y1 - b.y0 + 2 * pad);
	if (clipped == NULL)
		return;
	nik_readings(o, clipped, f, sharp, r);
	pixDestroy(&clipped);
	nik_vote(r, out);
	nik_choose(f, r, out);
	swapped = nik_alternative(f, r, out);
	for (i = 0; getenv("SERTEL_DEBUG_WORDS") && i < NIK_READS; i++) {
		fprintf(stderr, "nik reading %d: %s", i, r[i].d);
		for (k = 0; k < r[i].n; k++)
			fprintf(stderr, " %c%.2f/%.3s", r[i].d[k], r[i].c[k], r[i].alt[k]);
		fprintf(stderr, "\n");
	}
	for (i = 0; i < NIK_READS; i++) {
		if (r[i].n != 16)
			continue;
		n++;
		for (k = 0; k < 16; k++) {
			sum += r[i].c[k];
			agree += r[i].d[k] == out[k];
		}
	}
	if (n == 0)
		return;
	free(f->v[KTP_NIK]);
	f->v[KTP_NIK] = xstrdup(out);
	/* Every reading agrees: their confidence; any doubt: lowered. */
	f->conf[KTP_NIK] = sum / (16.0 * n) * (n >= 2 && agree == 16 * n ? 1.0 :
	    n >= 3 && agree >= 16 * n - 1 ? 0.8 : 0.55);
	/* A NIK that breaks the rules is likelier a misread than a forgery:
	 * the verifier looks at it, the applicant is not told it is wrong. */
	if (nik_fit(f, out) < NIK_FIT_VALID)
		f->conf[KTP_NIK] *= 0.5;
	/* A digit taken from the engine's second choices: for the verifier
	 * to look at, never a reason to tell the applicant the NIK differs. */
	if (swapped)
		f->conf[KTP_NIK] = L_MIN(f->conf[KTP_NIK], 0.5);
}

/*
 * The birth date against a sure NIK: when they differ, the row's other
 * reading is taken if it agrees; else the date is read again, and among the engine's own choices for each digit
 * (up to two swapped) the date the NIK encodes is taken if it is there;
 * a date the engine never weighed stays as read, so a card whose date and
 * NIK really differ still shows it.
 */
static bool
date_swap(const struct digits *d, const char want[9], int at, int left)
{
	char alt;
	int a;

	if (at == 8)
		return true;
	if (d->d[at] == want[at] && date_swap(d, want, at + 1, left))
		return true;
	for (a = 0; left > 0 && a < NIK_ALTS && (alt = d->alt[at][a]); a++)
		if (alt == want[at] && date_swap(d, want, at + 1, left - 1))
			return true;
	return false;
}

static void
date_pass(struct ocr *o, PIX *card, struct ktp_fields *f)
{
	struct ktp_box b = f->box[KTP_TANGGAL];
	struct nik nk;
	struct digits d;
	const char *why;
	static const float scales[3] = { 2.0f, 1.0f, 3.0f };
	char want[9], iso[11], *alt;
	PIX *c, *big;
	int pad, k;
	bool found;

	if (f->v[KTP_NIK] == NULL || f->conf[KTP_NIK] < 0.7 ||
	    identity_nik(f->v[KTP_NIK], 2100, &nk, &why) != PL_OK ||
	    b.x1 <= b.x0 || f->v[KTP_TANGGAL] == NULL)
		return;
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", nk.year, nk.month,
	    nk.day);
	/* The NIK holds the year's last two digits: compare those. */
	if (strcmp(f->v[KTP_TANGGAL] + 2, iso + 2) == 0)
		return;
	/* The other reading of the row may be the NIK's date already. */
	alt = f->alt[KTP_TANGGAL];
	if (alt && strcmp(alt + 2, iso + 2) == 0) {
		free(f->v[KTP_TANGGAL]);
		f->v[KTP_TANGGAL] = alt;
		f->alt[KTP_TANGGAL] = NULL;
		return;
	}
	/* DDMMYYYY as printed; the century from what was read. */
	snprintf(want, sizeof want, "%.2s%.2s%.2s%.2s", iso + 8, iso + 5,
	    f->v[KTP_TANGGAL], iso + 2);
	pad = (b.y1 - b.y0) / 3 + 1;
	if ((c = clip(card, b.x0 - pad, b.y0 - pad, b.x1 - b.x0 + 2 * pad,
	    b.y1 - b.y0 + 2 * pad)) == NULL)
		return;
	for (k = 0, found = false; k < 3 && !found; k++) {
		if ((big = pixScale(c, scales[k], scales[k])) == NULL)
			break;
		digit_read(o, false, big, &d);
		pixDestroy(&big);
		found = d.n == 8 && date_swap(&d, want, 0, 2);
		if (getenv("SERTEL_DEBUG_WORDS"))
			fprintf(stderr, "date reading %s, NIK says %s\n", d.d,
			    want);
	}
	pixDestroy(&c);
	if (!found)
		return;
	free(f->v[KTP_TANGGAL]);
	f->v[KTP_TANGGAL] = xasprintf("%.4s-%.2s-%.2s", want + 4, want + 2,
	    want);
	f->conf[KTP_TANGGAL] *= 0.9;
}

/* Recognise a rectangle of the card, scaled sx across and sy down, as
 * one block (or as psm says); its words appended. */
static void
read_region_psm(struct ocr *o, PIX *card, int x, int y, int w, int h,
    float sx, float sy, int line0, TessPageSegMode psm, struct words *ws)
{
	struct region rg = { L_MAX(0, x), L_MAX(0, y), sy, line0, sx };
	PIX *c = clip(card, x, y, w, h), *s;

	if (c == NULL)
		return;
	s = sx != 1.0f || sy != 1.0f ? pixScale(c, sx, sy) : pixClone(c);
	pixDestroy(&c);
	if (s == NULL)
		return;
	TessBaseAPISetPageSegMode(o->tess, psm);
	TessBaseAPISetImage2(o->tess, s);
	TessBaseAPISetSourceResolution(o->tess, (int)(300 * sy));
	read_words(o->tess, &rg, ws);
	pixDestroy(&s);
}

static void
read_region(struct ocr *o, PIX *card, int x, int y, int w, int h,
    float sx, int line0, struct words *ws)
{
	read_region_psm(o, card, x, y, w, h, sx, 1.0f, line0,
	    PSM_SINGLE_BLOCK, ws);
}

/* The layout of the card's left part at half size: word boxes, no text. */
static void
layout_of(struct ocr *o, PIX *left, struct words *lw)
{
	struct region rg = { 0, 0, 0.5f, 0, 0.5f };
	PIX *s = pixScale(left, 0.5f, 0.5f);
	TessPageIterator *pi;

	if (s == NULL)
		return;
	TessBaseAPISetPageSegMode(o->tess, PSM_SINGLE_BLOCK);
	TessBaseAPISetImage2(o->tess, s);
	TessBaseAPISetSourceResolution(o->tess, 150);
	if ((pi = TessBaseAPIAnalyseLayout(o->tess)) != NULL) {
		add_words(NULL, pi, &rg, lw);
		TessPageIteratorDelete(pi);
	}
	pixDestroy(&s);
}

/* The 13 labels where the layout put them: known, so never read. */
static void
add_labels(const struct ktp_layout *g, int x1, struct words *ws)
{
	const struct ktp_row *r;
	int k;

	for (k = 0; k < KTP_ROWS && ws->n < MAX_WORDS; k++) {
		r = &g->row[g->field[k]];
		ws->text[ws->n] = NULL;
		ws->w[ws->n].text = ktp_row_labels[k];
		ws->w[ws->n].x0 = r->x0;
		ws->w[ws->n].x1 = L_MAX(r->x0 + 1, x1);
		ws->w[ws->n].y0 = r->y0;
		ws->w[ws->n].y1 = r->y1;
		ws->w[ws->n].line = g->field[k];
		ws->w[ws->n++].conf = 100;
	}
}

/*
 * Rows read doubtfully (a word below REREAD_WORD, the row below
 * REREAD_ROW on average, or a label row with no value) are read again
 * alone, enlarged REREAD_SCALE times, as one line: on a blurred or glared
 * card the engine often reads a lone line better than a block, and only
 * with the characters the row may print (row_chars). The new words go to
 * rw, each row's once; redone[r] tells which rows they replace. Returns
 * how many rows.
 */
#define REREAD_WORD	50.0f
#define REREAD_ROW	80.0f
#define REREAD_SCALE	2.0f

/* Mean confidence of the words of row r from word `from` on; -1: none. */
static float
row_conf(const struct words *ws, size_t from, int r, float *min)
{
	float sum = 0;
	size_t i, n = 0;

	*min = 100;
	for (i = from; i < ws->n; i++)
		if (ws->w[i].line == r && ws->w[i].text && *ws->w[i].text) {
			sum += ws->w[i].conf;
			*min = L_MIN(*min, ws->w[i].conf);
			n++;
		}
	return n ? sum / n : -1;
}

/*
 * What each label row may print, upper case as cards are (NULL: anything;
 * the sex row also carries "Gol. Darah"); a wrapped row is its label's.
 */
#define KTP_UPPER	"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
static const char *const row_chars[KTP_ROWS] = {
	NULL, KTP_UPPER " .,'-", NULL, NULL, NULL, "0123456789/",
	KTP_UPPER "0123456789 ().-/", KTP_UPPER "0123456789 ().-/",
	KTP_UPPER " ", KTP_UPPER " ", KTP_UPPER " ()/.", "WNIA",
	KTP_UPPER "0123456789 -",
};

static const char *
row_whitelist(const struct ktp_layout *g, int r)
{
	int k;

	for (k = KTP_ROWS - 1; k >= 0; k--)
		if (g->field[k] <= r)
			return row_chars[k];
	return NULL;
}

/*
 * Of one line's words (from word `from` on), a last word the engine had
 * no faith in (below STRAY_CONF) standing three heights past the others:
 * a speck of the background, not the value's end ("MARYATI K").
 */
#define STRAY_CONF	10.0f

static void
drop_strays(struct words *ws, size_t from)
{
	struct ocr_word *w, *p;

	if (ws->n < from + 2)
		return;
	w = &ws->w[ws->n - 1];
	p = &ws->w[ws->n - 2];
	if (w->conf < STRAY_CONF && w->x0 - p->x1 > 3 * (p->y1 - p->y0)) {
		TessDeleteText(ws->text[ws->n - 1]);
		ws->n--;
	}
}

/* The label rows whose value has a closed form, read again when what
 * was read does not have it however sure the engine was (RT/RW as
 * "DAYOOG"); -1: none checked (the date has its own pass). */
static const int row_closed[KTP_ROWS] = {
	-1, -1, -1, KTP_JK, -1, KTP_RTRW, -1, -1, KTP_AGAMA, KTP_STATUS, -1,
	-1, KTP_BERLAKU,
};

static bool
row_unfit(const struct ktp_layout *g, int r, const struct ktp_fields *f)
{
	int k;

	for (k = 0; k < KTP_ROWS; k++)
		if (g->field[k] == r && row_closed[k] >= 0)
			return !ktp_field_fits(f, row_closed[k]);
	return false;
}

static int
reread_doubtful(struct ocr *o, PIX *card, const struct ktp_layout *g,
    int x0, int x1, const struct words *ws, size_t from,
    const struct ktp_fields *f, struct words *rw, bool *redone)
{
	const struct ktp_row *row;
	float mean, mn;
	size_t n0;
	int r, m, pad, nr = 0;

	for (r = g->field[1]; r < g->nrows; r++) {
		mean = row_conf(ws, from, r, &mn);
		if (!((mean < 0 && g->row[r].label) || (mean >= 0 &&
		    (mean < REREAD_ROW || mn < REREAD_WORD)) ||
		    row_unfit(g, r, f)))
			continue;
		row = &g->row[r];
		pad = (row->y1 - row->y0) / 4 + 2;
		if (row_whitelist(g, r) != NULL)
			TessBaseAPISetVariable(o->tess,
			    "tessedit_char_whitelist", row_whitelist(g, r));
		n0 = rw->n;
		/* Thresholded once for the row (method 0); when that finds
		 * nothing at all, by tiles (1): on faint low-contrast text one
		 * global threshold makes the letters blots. */
		for (m = 0; m < 2 && rw->n == n0; m++) {
			TessBaseAPISetVariable(o->tess, "thresholding_method",
			    m ? "1" : "0");
			read_region_psm(o, card, x0, row->y0 - pad, x1 - x0,
			    row->y1 - row->y0 + 2 * pad, REREAD_SCALE,
			    REREAD_SCALE, 0, PSM_SINGLE_LINE, rw);
		}
		TessBaseAPISetVariable(o->tess, "thresholding_method", "0");
		TessBaseAPISetVariable(o->tess, "tessedit_char_whitelist", "");
		drop_strays(rw, n0);
		for (; n0 < rw->n; n0++, redone[r] = true)
			rw->w[n0].line = r;
		nr += redone[r];
	}
	return nr;
}

/* The values again with the re-read rows in place of the first reading's,
 * each field kept from the reading that fits or is surer. */
static void
merge_rereads(const struct words *ws, size_t from, const struct words *rw,
    const bool *redone, int width, struct ktp_fields *f)
{
	struct ocr_word *mix = xcalloc(ws->n + rw->n + 1, sizeof *mix);
	struct ktp_fields g;
	size_t i, m = 0;

	for (i = 0; i < ws->n; i++)
		if (i < from || ws->w[i].line < 0 ||
		    ws->w[i].line >= KTP_MAX_ROWS || !redone[ws->w[i].line])
			mix[m++] = ws->w[i];
	for (i = 0; i < rw->n; i++)
		mix[m++] = rw->w[i];
	ktp_parse(mix, m, width, &g);
	ktp_merge(f, &g);
	ktp_fields_free(&g);
	free(mix);
}

/* The birth date's own box: the last word of its row with 4+ digits. */
static void
date_box(const struct words *ws, size_t from, const struct words *rw,
    const bool *redone, int r, struct ktp_fields *f)
{
	const struct words *src = redone[r] ? rw : ws;
	const struct ocr_word *w;
	size_t i, d;
	const char *t;

	for (i = redone[r] ? 0 : from; i < src->n; i++) {
		w = &src->w[i];
		if (w->line != r || w->text == NULL)
			continue;
		for (d = 0, t = w->text; *t; t++)
			d += isdigit((unsigned char)*t) != 0;
		if (d >= 4) {
			f->box[KTP_TANGGAL].x0 = w->x0;
			f->box[KTP_TANGGAL].y0 = w->y0;
			f->box[KTP_TANGGAL].x1 = w->x1;
			f->box[KTP_TANGGAL].y1 = w->y1;
		}
	}
}

/*
 * The engine's time goes with a line's width. The header names a province
 * and a city, snapped to the lists afterwards: on a sharp scan it reads as
 * well narrowed to NARROW_HEAD across, in two thirds of the time. (The
 * values' free text does not: narrowed, its spaces close up.)
 */
#define NARROW_HEAD	0.5f

/*
 * An apostrophe the engine dropped from a name (MA'RUF read as MARUF): in
 * the thresholded block bin (its top left at bx, by on the card), one short
 * mark at the top of word w's letters, standing in a gap between two of
 * them. Put back only when the word is letters and as many as its
 * full-height marks, so the gap is sure. Returns the new text, or NULL.
 */
static char *
apostrophe(PIX *bin, int bx, int by, const struct ocr_word *w)
{
	BOXA *ba;
	PIX *c;
	int i, n, h, top = INT_MAX, letters = 0, cand = -1, before = 0, k;
	int x, y, bw, bh, cx, cy, cw, chh, lx[64];
	size_t len = strlen(w->text), j;
	char *out = NULL;

	h = w->y1 - w->y0 + 1;
	for (j = 0; j < len; j++)
		if (!isupper((unsigned char)w->text[j]))
			return NULL;
	if (len < 3 || len > 20 || h < 8 || (c = clip(bin, w->x0 - bx,
	    w->y0 - by - h / 2, w->x1 - w->x0 + 1, h + h / 2)) == NULL)
		return NULL;
	ba = pixConnComp(c, NULL, 8);
	pixDestroy(&c);
	if (ba == NULL)
		return NULL;
	n = boxaGetCount(ba);
	for (i = h = 0; i < n; i++)
		if (boxaGetBoxGeometry(ba, i, &x, &y, &bw, &bh) == 0)
			h = L_MAX(h, bh);
	for (i = 0; i < n && letters < 64; i++) {	/* the letters */
		boxaGetBoxGeometry(ba, i, &x, &y, &bw, &bh);
		if (bh * 10 >= h * 7) {
			lx[letters++] = x + bw / 2;
			top = L_MIN(top, y);
		}
	}
	for (i = 0; i < n && letters > 0; i++) {	/* a mark at their top */
		boxaGetBoxGeometry(ba, i, &x, &y, &bw, &bh);
		if (bh * 10 >= h * 7 || bh * 100 < h * 15 || bh * 100 > h * 55 ||
		    bw * 10 > h * 4 || y > top + h / 5 || y + bh > top + h * 6 /
		    10 || y + bh < top)
			continue;
		if (cand >= 0) {		/* two: not sure which */
			cand = -2;
			break;
		}
		cand = i;
		cx = x + bw / 2;
		cy = y;
		cw = bw;
		chh = bh;
	}
	if (cand >= 0) {
		for (k = 0; k < letters; k++)
			before += lx[k] < cx;
		/* In a gap: no letter's box across it. */
		for (i = 0; i < n; i++) {
			boxaGetBoxGeometry(ba, i, &x, &y, &bw, &bh);
			if (bh * 10 >= h * 7 && x < cx + cw / 2 &&
			    x + bw > cx - cw / 2)
				before = -1;
		}
		if (before > 0 && before < letters && (size_t)letters == len)
			out = xasprintf("%.*s'%s", before, w->text,
			    w->text + before);
		if (getenv("SERTEL_DEBUG_WORDS"))
			fprintf(stderr, "apostrophe %s: mark %dx%d at %d,%d, "
			    "%d letters, %d before\n", w->text, cw, chh, cx,
			    cy, letters, before);
	}
	boxaDestroy(&ba);
	return out;
}

/*
 * Words from word `from` on less than a third as tall as the tallest: the
 * edge of the next row caught in a region's margin ("Kan" from the top of
 * "NIK" under the header), never text of the row read.
 */
static void
drop_slivers(struct words *ws, size_t from)
{
	size_t i, m;
	int h = 0;

	for (i = from; i < ws->n; i++)
		h = L_MAX(h, ws->w[i].y1 - ws->w[i].y0);
	for (i = m = from; i < ws->n; i++) {
		if ((ws->w[i].y1 - ws->w[i].y0) * 3 < h) {
			TessDeleteText(ws->text[i]);
			continue;
		}
		ws->text[m] = ws->text[i];
		ws->w[m++] = ws->w[i];
	}
	ws->n = m;
}

/*
 * The header as words, where the address gave it (ktp_region_of_address):
 * "PROVINSI" and the province on one line, the kabupaten or kota on the
 * next, above the NIK's row y, with the address's confidence. Their text
 * is the caller's, not owned.
 */
static void
head_words(struct words *hw, const char *prov, const char *kab, double conf,
    int y, int width)
{
	static const char provinsi[] = "PROVINSI";
	const char *text[3] = { provinsi, prov, kab };
	int i, h = width / 40, top = L_MAX(0, y - 3 * h);

	for (i = 0; i < 3 && hw->n < MAX_WORDS; i++, hw->n++) {
		hw->text[hw->n] = NULL;
		hw->w[hw->n].text = text[i];
		hw->w[hw->n].x0 = i == 1 ? width / 2 : width / 4;
		hw->w[hw->n].x1 = i == 1 ? width * 3 / 4 : width / 2 - 1;
		hw->w[hw->n].y0 = top + (i == 2 ? h + h / 2 : 0);
		hw->w[hw->n].y1 = hw->w[hw->n].y0 + h;
		hw->w[hw->n].line = i == 2 ? 1001 : 1000;
		hw->w[hw->n].conf = (float)(conf * 100);
	}
}

/* Move the words of from before those of ws; returns how many came. */
static size_t
words_prepend(struct words *ws, struct words *from)
{
	size_t n = L_MIN(from->n, MAX_WORDS - ws->n), moved = n;

	memmove(ws->w + n, ws->w, ws->n * sizeof *ws->w);
	memmove(ws->text + n, ws->text, ws->n * sizeof *ws->text);
	memcpy(ws->w, from->w, n * sizeof *ws->w);
	memcpy(ws->text, from->text, n * sizeof *ws->text);
	ws->n += n;
	for (; n < from->n; n++)	/* no room: dropped */
		TessDeleteText(from->text[n]);
	from->n = 0;
	return moved;
}

/*
 * The fast reading: the layout finds the rows (on left); only the header
 * and the value column, to px (the photo's edge), are recognised, as two
 * blocks. -1 when the layout is not a KTP's as expected (then the card is
 * read whole).
 */
static int
read_values(struct ocr *o, PIX *card, PIX *left, int px, bool sharp,
    struct ktp_fields *f)
{
	struct words *lw = xcalloc(1, sizeof *lw), *ws = xcalloc(1, sizeof *ws);
	struct words *rw = xcalloc(1, sizeof *rw), *hw = xcalloc(1, sizeof *hw);
	struct ktp_layout *g = xcalloc(1, sizeof *g);
	bool redone[KTP_MAX_ROWS] = { false };
	int w = pixGetWidth(card), pad, vpad, k;
	const struct ktp_row *nik;
	size_t i, nv;
	float narrow = sharp ? NARROW_HEAD : 1.0f;
	int rv = -1, nfix = 0;
	char *fix[4], prov[64], kab[80];
	double hconf;
	PIX *bin;

	layout_of(o, left, lw);
	phase("layout");
	if (ktp_layout(lw->w, lw->n, w, g) == -1)
		goto out;
	nik = &g->row[g->field[0]];
	pad = (nik->y1 - nik->y0) / 3 + 2;
	vpad = w / 150 + 1;
	add_labels(g, g->vx - vpad - 1, ws);
	nv = ws->n;
	read_region(o, card, g->vx - vpad, nik->y0 - pad, px - (g->vx - vpad),
	    g->bottom - nik->y0 + 2 * pad, 1.0f, 2000, ws);
	phase("values");
	/* Each value word to its row: a label row or a wrapped value. */
	for (i = nv; i < ws->n; i++)
		if ((k = ktp_layout_row_at(g, ws->w[i].y0, ws->w[i].y1)) >= 0)
			ws->w[i].line = k;
	/* The name's words: an apostrophe dropped put back. */
	if ((bin = TessBaseAPIGetThresholdedImage(o->tess)) != NULL) {
		for (i = nv; i < ws->n && nfix < 4; i++)
			if (ws->w[i].line == g->field[1] && (fix[nfix] =
			    apostrophe(bin, L_MAX(0, g->vx - vpad), L_MAX(0,
			    nik->y0 - pad), &ws->w[i])) != NULL)
				ws->w[i].text = fix[nfix++];
		pixDestroy(&bin);
	}
	/* The header: the region the address is in, when the NIK names it
	 * too; else read, across the whole card (long names pass the
	 * photo). */
	ktp_parse(ws->w, ws->n, w + 1, f);
	if (ktp_region_of_address(f, prov, sizeof prov, kab, sizeof kab,
	    &hconf))
		head_words(hw, prov, kab, hconf, nik->y0, w);
	else if (g->head_y0 >= 0)
		read_region(o, card, 0, g->head_y0 - pad, w, L_MIN(g->head_y1 +
		    pad, L_MAX(g->head_y1 + 1, nik->y0)) - (g->head_y0 - pad),
		    narrow, 1000, hw);
	else
		read_region(o, card, 0, 0, w, nik->y0, narrow, 1000, hw);
	drop_slivers(hw, 0);
	phase("header");
	nv += words_prepend(ws, hw);
	debug_words("values", ws);
	ktp_fields_free(f);
	ktp_parse(ws->w, ws->n, w + 1, f);
	/* Some cards print the NIK's ':' and digits left of the value
	 * column: then the digit readings start where its label ends. */
	if (nik->lx1 > 0 && (f->v[KTP_NIK] == NULL ||
	    strlen(f->v[KTP_NIK]) < 16)) {
		if (f->box[KTP_NIK].x1 <= f->box[KTP_NIK].x0) {
			f->box[KTP_NIK].x1 = px;
			f->box[KTP_NIK].y0 = nik->y0;
			f->box[KTP_NIK].y1 = nik->y1;
		}
		f->box[KTP_NIK].x0 = L_MIN(f->box[KTP_NIK].x0 > 0 ?
		    f->box[KTP_NIK].x0 : px, nik->lx1 + 2);
	}
	if (reread_doubtful(o, card, g, g->vx - vpad, px, ws, nv, f, rw,
	    redone) > 0) {
		debug_words("reread", rw);
		merge_rereads(ws, nv, rw, redone, w + 1, f);
	}
	phase("reread");
	date_box(ws, nv, rw, redone, g->field[2], f);
	f->labels = KTP_ROWS;
	rv = 0;
out:
	while (nfix > 0)
		free(fix[--nfix]);
	words_free(rw);
	words_free(ws);
	words_free(lw);
	words_free(hw);
	free(hw);
	free(rw);
	free(ws);
	free(lw);
	free(g);
	return rv;
}

/* The whole left part as one block, labels and all. */
static void
read_block(struct ocr *o, PIX *left, struct ktp_fields *f)
{
	struct words *ws = xcalloc(1, sizeof *ws);
	struct region whole = { 0, 0, 1.0f, 0, 1.0f };

	TessBaseAPISetPageSegMode(o->tess, PSM_SINGLE_BLOCK);
	TessBaseAPISetImage2(o->tess, left);
	TessBaseAPISetSourceResolution(o->tess, 300);
	read_words(o->tess, &whole, ws);
	phase("block_recognise");
	debug_words("block", ws);
	ktp_parse(ws->w, ws->n, pixGetWidth(left), f);
	words_free(ws);
	free(ws);
}

/*
 * Where the photo begins: the leftmost column, right of the text, that is
 * darker than the card along most of the photo's height (its frame or its
 * background; a column through text is dark only glyph by glyph). The
 * value text may run to within a few pixels of it, past PHOTO_X. Falls back
 * to PHOTO_X of the width when no such column is found by PHOTO_X_MAX
 * (the layout itself is found on the card's left PHOTO_X).
 */
static int
photo_edge(PIX *card)
{
	int w = pixGetWidth(card), h = pixGetHeight(card), x, y, run, best;
	int y0 = h * 25 / 100, y1 = h * 58 / 100, gap;
	l_uint32 bg, v;

	if (pixGetDepth(card) != 8 || pixGetRankValue(card, 2, 0.5, &bg) != 0)
		return (int)(w * PHOTO_X);
	for (x = w * 70 / 100; x <= (int)(w * PHOTO_X_MAX); x++) {
		for (run = best = gap = 0, y = y0; y < y1; y++) {
			pixGetPixel(card, x, y, &v);
			if ((int)v < (int)bg - L_MAX(25, (int)bg / 6)) {
				run += 1 + gap;
				gap = 0;
			} else if (run > 0 && ++gap > 3) {
				run = gap = 0;
			}
			best = L_MAX(best, run);
		}
		if (best * 10 >= (y1 - y0) * 6) {
			if (getenv("SERTEL_OCR_TIMES"))
				fprintf(stderr, "photo edge %d of %d\n", x, w);
			return x - 2;
		}
	}
	return (int)(w * PHOTO_X);
}

/* Values fitting their closed forms: enough to trust the fast reading. */
#define FAST_MIN_FIT	8

static void
read_card(struct ocr *o, PIX *card, struct ktp_result *out)
{
	int h = pixGetHeight(card), fit = -1;
	int w = pixGetWidth(card);
	PIX *left = clip(card, 0, 0, (int)(w * PHOTO_X), h);
	struct ktp_fields whole;

	if (left == NULL)
		left = pixClone(card);
	if (read_values(o, card, left, photo_edge(card), sharp(out),
	    &out->f) == 0) {
		nik_pass(o, card, &out->f, sharp(out));
		date_pass(o, card, &out->f);
		phase("nik_pass");
		fit = ktp_fitting(&out->f);
		/* A NIK cut short: its ':' and digits may start left of the
		 * value column (cards differ there); read it whole. */
		if (out->f.v[KTP_NIK] == NULL || strlen(out->f.v[KTP_NIK]) != 16)
			fit = L_MIN(fit, FAST_MIN_FIT - 1);
	}
	/* Rows not found, or values that do not fit: read it whole too,
	 * and keep whichever reading fits better. */
	if (fit < FAST_MIN_FIT) {
		if (getenv("SERTEL_OCR_TIMES"))
			fprintf(stderr, "phase fallback %d\n", fit);
		read_block(o, left, &whole);
		nik_pass(o, card, &whole, sharp(out));
		date_pass(o, card, &whole);
		phase("nik_pass");
		if (ktp_fitting(&whole) > fit) {
			ktp_fields_free(&out->f);
			out->f = whole;
		} else
			ktp_fields_free(&whole);
	}
	out->is_ktp = out->f.labels >= 5;
	TessBaseAPIClear(o->tess);
	pixDestroy(&left);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

enum pl_status
ocr_ktp_local(struct ocr *o, const unsigned char *p, size_t n,
    struct ktp_result *out, const char **why)
{
	struct timespec t0;
	PIX *pix, *rgb, *card;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	phase(NULL);
	memset(out, 0, sizeof *out);
	setMsgSeverity(L_SEVERITY_NONE);
	if ((pix = load(p, n, &out->width, &out->height, why)) == NULL)
		return PL_EINPUT;
	out->width = pixGetWidth(pix);
	out->height = pixGetHeight(pix);
	rgb = pixConvertTo32(pix);
	pixDestroy(&pix);
	if (rgb == NULL) {
		*why = "image could not be converted";
		return PL_EINPUT;
	}
	phase("load");
	out->colour = is_colour(rgb);
	phase("colour");
	card = card_image(rgb, out->colour, &out->card_width,
	    &out->unwarped);
	phase("card_image");
	pixDestroy(&rgb);
	if (card == NULL) {
		*why = "no card found in the image";
		return PL_EINPUT;
	}
	if (tess_ready(o) == -1) {
		pixDestroy(&card);
		*why = "Tesseract could not load the ind language data";
		return PL_ETEMP;
	}
	/* For looking at what the reader saw: the straightened card. */
	if (getenv("SERTEL_DEBUG_CARD"))
		pixWrite(getenv("SERTEL_DEBUG_CARD"), card, IFF_PNG);
	read_card(o, card, out);
	pixDestroy(&card);
	out->ms = ms_since(&t0);
	phase("total");
	return PL_OK;
}

enum pl_status
ocr_text_local(struct ocr *o, const unsigned char *p, size_t n, char **text,
    const char **why)
{
	PIX *pix, *grey, *small, *top;
	int w = 0, h = 0;
	char *t;

	*text = NULL;
	setMsgSeverity(L_SEVERITY_NONE);
	if ((pix = load(p, n, &w, &h, why)) == NULL)
		return PL_EINPUT;
	grey = pixConvertTo8(pix, 0);
	pixDestroy(&pix);
	/* A page is read at about 170 dpi: titles are large. */
	small = grey && pixGetWidth(grey) > 1400 ?
	    pixScaleToSize(grey, 1400, 0) : NULL;
	if (grey == NULL || tess_ready(o) == -1) {
		pixDestroy(&grey);
		*why = "Tesseract could not load the ind language data";
		return PL_ETEMP;
	}
	/*
	 * The top third holds the letterhead and the title. Clipped with
	 * Leptonica: Tesseract 5.3's SetRectangle garbles LSTM readings here.
	 */
	top = clip(small ? small : grey, 0, 0, pixGetWidth(small ? small :
	    grey), pixGetHeight(small ? small : grey) / 3);
	TessBaseAPISetPageSegMode(o->tess, PSM_AUTO);
	TessBaseAPISetImage2(o->tess, top);
	TessBaseAPISetSourceResolution(o->tess, (int)(pixGetWidth(top) /
	    8.27));
	t = TessBaseAPIGetUTF8Text(o->tess);
	pixDestroy(&top);
	*text = utf8_clean(t ? t : "", t ? strlen(t) : 0, true);
	TessDeleteText(t);
	TessBaseAPIClear(o->tess);
	pixDestroy(&small);
	pixDestroy(&grey);
	return PL_OK;
}

