/* ktp_layout (extract stage): the rows of a KTP from word boxes; pure. */
#include <stdlib.h>
#include <string.h>

#include "ktp.h"
#include "xmem.h"

/* Printed labels of the 13 label rows, top to bottom. */
const char *const ktp_row_labels[KTP_ROWS] = {
	"NIK:", "Nama:", "Tempat/Tgl Lahir:", "Jenis Kelamin:", "Alamat:",
	"RT/RW:", "Kel/Desa:", "Kecamatan:", "Agama:", "Status Perkawinan:",
	"Pekerjaan:", "Kewarganegaraan:", "Berlaku Hingga:",
};

/* Words into rows by the engine's line numbers; 0..max rows made. */
static size_t
rows_of(const struct ocr_word *w, size_t n, struct ktp_row *rows,
    size_t max)
{
	size_t nr = 0, i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < nr; k++)
			if (rows[k].line == w[i].line)
				break;
		if (k == nr) {
			if (nr == max || w[i].line < 0)
				continue;
			memset(&rows[nr], 0, sizeof rows[nr]);
			rows[nr].line = w[i].line;
			rows[nr].x0 = rows[nr].y0 = 1 << 30;
			nr++;
		}
		if (w[i].x0 < rows[k].x0)
			rows[k].x0 = w[i].x0;
		if (w[i].y0 < rows[k].y0)
			rows[k].y0 = w[i].y0;
		if (w[i].x1 > rows[k].x1)
			rows[k].x1 = w[i].x1;
		if (w[i].y1 > rows[k].y1)
			rows[k].y1 = w[i].y1;
	}
	return nr;
}

/* A narrow word is a ':' or a stray mark, never the start of a value. */
static bool
narrow(const struct ocr_word *w)
{
	return (w->x1 - w->x0) * 5 < (w->y1 - w->y0) * 3;
}

/*
 * The value column: the left edge most words share right of the labels
 * (every value, the NIK and the wrapped lines start there). -1 when
 * fewer than 10 words agree.
 */
static int
value_column(const struct ocr_word *w, size_t n, int width)
{
	int tol = width / 100 + 1, best = -1, bestn = 0, cnt;
	size_t i, j;
	long sum;

	for (i = 0; i < n; i++) {
		if (w[i].x0 < width * 15 / 100 || narrow(&w[i]))
			continue;
		cnt = 0;
		sum = 0;
		for (j = 0; j < n; j++)
			if (!narrow(&w[j]) && abs(w[j].x0 - w[i].x0) <= tol) {
				cnt++;
				sum += w[j].x0;
			}
		if (cnt > bestn || (cnt == bestn && w[i].x0 < best)) {
			bestn = cnt;
			best = (int)(sum / cnt);
		}
	}
	return bestn >= 10 ? best : -1;
}

/* Does the row hold a word left of the value column (a label)? Where the
 * leftmost such word ends, in *lx1. */
static bool
has_label(const struct ocr_word *w, size_t n, int line, int vx, int *lx1)
{
	size_t i;
	int x0 = 1 << 30;

	for (i = 0; i < n; i++)
		if (w[i].line == line && !narrow(&w[i]) &&
		    w[i].x0 < vx * 6 / 10 && w[i].x0 < x0) {
			x0 = w[i].x0;
			*lx1 = w[i].x1;
		}
	return x0 != 1 << 30;
}

static int
cmp_row(const void *a, const void *b)
{
	const struct ktp_row *p = a, *q = b;

	return (p->y0 + p->y1) - (q->y0 + q->y1);
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The 12 field rows come at a steady pitch; a wrapped value adds one. */
static bool
steady(const struct ktp_layout *g)
{
	int d[KTP_ROWS], k, med;

	for (k = 1; k < KTP_ROWS - 1; k++)
		d[k - 1] = g->row[g->field[k + 1]].y0 - g->row[g->field[k]].y0;
	qsort(d, KTP_ROWS - 2, sizeof *d, cmp_int);
	med = d[(KTP_ROWS - 2) / 2];
	if (med <= 0)
		return false;
	for (k = 0; k < KTP_ROWS - 2; k++)
		if (d[k] * 10 < med * 7 || d[k] * 10 > med * 22)
			return false;
	/* The NIK sits above Nama by about a row, printed larger. */
	k = g->row[g->field[1]].y0 - g->row[g->field[0]].y0;
	return k * 10 >= med * 7 && k <= med * 3;
}

int
ktp_layout(const struct ocr_word *w, size_t n, int width,
    struct ktp_layout *g)
{
	size_t i;
	int k, nlab, first;

	memset(g, 0, sizeof *g);
	g->nrows = (int)rows_of(w, n, g->row, KTP_MAX_ROWS);
	qsort(g->row, (size_t)g->nrows, sizeof *g->row, cmp_row);
	if ((g->vx = value_column(w, n, width)) < 0)
		return -1;
	/* Label rows from the bottom: the last 13 are NIK .. Berlaku. */
	for (nlab = 0, k = g->nrows - 1; k >= 0 && nlab < KTP_ROWS; k--) {
		g->row[k].label = has_label(w, n, g->row[k].line, g->vx,
		    &g->row[k].lx1);
		if (g->row[k].label)
			g->field[KTP_ROWS - 1 - nlab++] = k;
	}
	if (nlab < KTP_ROWS || !steady(g))
		return -1;
	/* Rows between field rows must wrap a value: start at the column. */
	first = g->field[0];
	for (k = first; k < g->nrows; k++)
		if (!g->row[k].label && abs(g->row[k].x0 - g->vx) > width / 50)
			return -1;
	/* Above the NIK: the header (province, then regency or city). */
	g->head_y0 = g->head_y1 = -1;
	for (k = 0; k < first; k++) {
		if (g->head_y0 < 0 || g->row[k].y0 < g->head_y0)
			g->head_y0 = g->row[k].y0;
		if (g->row[k].y1 > g->head_y1)
			g->head_y1 = g->row[k].y1;
	}
	for (i = 0; i < n; i++)
		if (w[i].y1 > g->bottom)
			g->bottom = w[i].y1;
	return 0;
}

int
ktp_layout_row_at(const struct ktp_layout *g, int y0, int y1)
{
	int k, best = -1, d, bd = 1 << 30, c = y0 + y1;

	for (k = 0; k < g->nrows; k++) {
		d = abs(c - (g->row[k].y0 + g->row[k].y1));
		if (d < bd) {
			bd = d;
			best = k;
		}
	}
	return best;
}
