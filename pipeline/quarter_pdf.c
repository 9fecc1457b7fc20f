/*
 * quarter_pdf (report stage): the quarterly report as an A4 PDF with its
 * charts drawn by sertel with libharu: requests a week by type (stacked
 * bars), statuses and the reasons for incompleteness (horizontal bars),
 * and the summary figures. The wording comes from
 * templates/report/triwulan.txt.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "calendar.h"
#include "quarter.h"
#include "util.h"
#include "xmem.h"

#define MM	(72.0 / 25.4)
#define PW	(210 * MM)
#define PH	(297 * MM)
#define LEFT	(20 * MM)
#define WIDTH	(PW - 40 * MM)
#define WORDS_MAX	64

struct words {
	char	*key[WORDS_MAX], *val[WORDS_MAX];
	int	 n;
};

struct pdf {
	HPDF_Doc	 doc;
	HPDF_Page	 page;
	HPDF_Font	 font;
	HPDF_STATUS	 err;
	const struct words *w;
};

static void
on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	struct pdf *p = u;

	if (p->err == 0)
		p->err = e;
	(void)d;
}

static int
words_load(const char *path, struct words *w)
{
	char *data, *p, *line, *eq;
	size_t len;

	memset(w, 0, sizeof *w);
	if (file_read(path, 64 << 10, &data, &len) == -1)
		return -1;
	for (p = data; (line = strsep(&p, "\n")) != NULL;) {
		if (*line == '#' || (eq = strchr(line, '=')) == NULL ||
		    w->n == WORDS_MAX)
			continue;
		*eq = '\0';
		w->key[w->n] = xstrdup(str_trim(line));
		w->val[w->n++] = utf8_clean(str_trim(eq + 1),
		    strlen(str_trim(eq + 1)), false);
	}
	free(data);
	return 0;
}

static void
words_free(struct words *w)
{
	int i;

	for (i = 0; i < w->n; i++) {
		free(w->key[i]);
		free(w->val[i]);
	}
}

static const char *
word(const struct words *w, const char *key)
{
	int i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->key[i], key) == 0)
			return w->val[i];
	return key;
}

/* word() with {name} replaced by the pairs given, into buf. */
static const char *
fill(const struct words *w, const char *key, char *buf, size_t size, ...)
{
	const char *src = word(w, key), *name, *val, *p;
	size_t o = 0, nl;
	va_list ap;
	bool hit;

	for (p = src; *p && o + 1 < size; ) {
		hit = false;
		if (*p == '{') {
			va_start(ap, size);
			while ((name = va_arg(ap, const char *)) != NULL) {
				val = va_arg(ap, const char *);
				nl = strlen(name);
				if (strncmp(p + 1, name, nl) == 0 &&
				    p[1 + nl] == '}') {
					o += (size_t)snprintf(buf + o, size - o,
					    "%s", val);
					p += nl + 2;
					hit = true;
					break;
				}
			}
			va_end(ap);
		}
		if (!hit)
			buf[o++] = *p++;
		if (o >= size)
			o = size - 1;
	}
	buf[o] = '\0';
	return buf;
}

static void
text(struct pdf *p, double x, double y, double size, bool bold,
    const char *s)
{
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	if (bold) {
		HPDF_Page_SetLineWidth(p->page, size * 0.03);
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL_THEN_STROKE);
	}
	HPDF_Page_TextOut(p->page, x, y, s);
	if (bold)
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL);
	HPDF_Page_EndText(p->page);
}

static double
twidth(struct pdf *p, double size, const char *s)
{
	return HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)s,
	    (HPDF_UINT)strlen(s)).width * size / 1000.0;
}

static void
rect(struct pdf *p, double x, double y, double w, double h, double r,
    double g, double b)
{
	HPDF_Page_SetRGBFill(p->page, r, g, b);
	HPDF_Page_Rectangle(p->page, x, y, w, h);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
}

static void
hline(struct pdf *p, double x0, double x1, double y, double w, double grey)
{
	HPDF_Page_SetLineWidth(p->page, w);
	HPDF_Page_SetGrayStroke(p->page, grey);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
	HPDF_Page_SetGrayStroke(p->page, 0);
}

/* A round axis maximum at or above v, with its tick step. */
static int
axis_max(int v, int *step)
{
	static const int nice[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250,
	    500, 1000, 2000, 5000 };
	size_t i;

	for (i = 0; i < sizeof nice / sizeof *nice; i++)
		if (nice[i] * 5 >= v) {
			*step = nice[i];
			return nice[i] * (v ? (v + nice[i] - 1) / nice[i] : 1);
		}
	*step = v / 5 + 1;
	return *step * 5;
}

static const double C_ISS[3] = { 0.16, 0.40, 0.70 };	/* blue */
static const double C_REN[3] = { 0.93, 0.55, 0.17 };	/* orange */

/* Stacked weekly bars; returns the height used. */
static double
chart_weeks(struct pdf *p, const struct quarter *r, double top)
{
	double h = 70 * MM, x0 = LEFT + 12 * MM, y0 = top - h, w = WIDTH -
	    14 * MM, bw, x, y;
	char lab[32];
	int i, most = 0, step, max, v;
	struct tm tm;
	time_t t;

	text(p, LEFT, top + 8 * MM, 12, true, word(p->w, "weekly"));
	for (i = 0; i < r->nweeks; i++)
		if (r->issuance[i] + r->renewal[i] > most)
			most = r->issuance[i] + r->renewal[i];
	/* Headroom above the tallest bar for its label. */
	max = axis_max(most + 1, &step);
	for (v = 0; v <= max; v += step) {
		y = y0 + h * v / max;
		hline(p, x0, x0 + w, y, 0.4, v ? 0.8 : 0);
		snprintf(lab, sizeof lab, "%d", v);
		text(p, x0 - 2 * MM - twidth(p, 8, lab), y - 3, 8, false, lab);
	}
	bw = w / r->nweeks;
	for (i = 0; i < r->nweeks; i++) {
		x = x0 + i * bw + bw * 0.15;
		y = y0;
		rect(p, x, y, bw * 0.7, h * r->issuance[i] / max, C_ISS[0],
		    C_ISS[1], C_ISS[2]);
		y += h * r->issuance[i] / max;
		rect(p, x, y, bw * 0.7, h * r->renewal[i] / max, C_REN[0],
		    C_REN[1], C_REN[2]);
		if (r->issuance[i] + r->renewal[i]) {
			snprintf(lab, sizeof lab, "%d", r->issuance[i] +
			    r->renewal[i]);
			text(p, x + bw * 0.35 - twidth(p, 7, lab) / 2, y + h *
			    r->renewal[i] / max + 2, 7, false, lab);
		}
		t = r->week[i] + 7 * 3600;
		gmtime_r(&t, &tm);
		snprintf(lab, sizeof lab, "%d/%d", tm.tm_mday, tm.tm_mon + 1);
		text(p, x + bw * 0.35 - twidth(p, 7, lab) / 2, y0 - 4 * MM, 7,
		    false, lab);
	}
	/* Legend. */
	rect(p, x0, y0 - 11 * MM, 4 * MM, 3 * MM, C_ISS[0], C_ISS[1],
	    C_ISS[2]);
	text(p, x0 + 6 * MM, y0 - 10.5 * MM, 9, false, word(p->w,
	    "issuance"));
	rect(p, x0 + 40 * MM, y0 - 11 * MM, 4 * MM, 3 * MM, C_REN[0],
	    C_REN[1], C_REN[2]);
	text(p, x0 + 46 * MM, y0 - 10.5 * MM, 9, false, word(p->w,
	    "renewal"));
	return h + 22 * MM;
}

/* Horizontal bars of labelled counts; returns the height used. */
static double
chart_bars(struct pdf *p, const char *title, const char *const *labels,
    const int *v, int n, double top)
{
	double lw = 55 * MM, x0 = LEFT + lw, w = WIDTH - lw - 12 * MM,
	    bh = 5.5 * MM, y;
	char lab[32];
	int i, most = 1;

	text(p, LEFT, top, 12, true, title);
	for (i = 0; i < n; i++)
		most = v[i] > most ? v[i] : most;
	if (n == 0)
		text(p, LEFT, top - 8 * MM, 10, false, word(p->w, "none"));
	for (i = 0; i < n; i++) {
		y = top - 8 * MM - i * (bh + 2 * MM);
		text(p, LEFT, y + 1.5 * MM, 9, false, labels[i]);
		rect(p, x0, y, w * v[i] / most, bh, C_ISS[0], C_ISS[1],
		    C_ISS[2]);
		snprintf(lab, sizeof lab, "%d", v[i]);
		text(p, x0 + w * v[i] / most + 2 * MM, y + 1.5 * MM, 9, false,
		    lab);
	}
	return 10 * MM + (n ? n : 1) * (bh + 2 * MM);
}

static double
summary(struct pdf *p, const struct quarter *r, double top)
{
	char v[7][48];
	const char *k[7] = { "received", "finished", "median", "p90", "sla",
	    "overdue", "complaints" };
	int i;

	snprintf(v[0], sizeof v[0], "%d", r->received);
	snprintf(v[1], sizeof v[1], "%d", r->finished);
	snprintf(v[2], sizeof v[2], "%.1f", r->median_hours);
	snprintf(v[3], sizeof v[3], "%.1f", r->p90_hours);
	snprintf(v[4], sizeof v[4], "%.1f%%", r->sla_percent);
	snprintf(v[5], sizeof v[5], "%d", r->overdue_open);
	snprintf(v[6], sizeof v[6], "%d / %d", r->complaints_opened,
	    r->complaints_closed);
	text(p, LEFT, top, 12, true, word(p->w, "summary"));
	for (i = 0; i < 7; i++) {
		double y = top - 8 * MM - i * 6 * MM;

		text(p, LEFT, y, 10, false, word(p->w, k[i]));
		text(p, LEFT + WIDTH - twidth(p, 10, v[i]), y, 10, true, v[i]);
		hline(p, LEFT, LEFT + WIDTH, y - 2 * MM, 0.3, 0.8);
	}
	return 8 * MM + 7 * 6 * MM + 6 * MM;
}

enum pl_status
quarter_pdf(const struct conf *cf, const struct quarter *r, char **pdf,
    size_t *len, char *why, size_t whysize)
{
	static const char *const roman[] = { "I", "II", "III", "IV" };
	struct words w;
	struct pdf p;
	const char *slabels[Q_NSTATUS], *rlabels[Q_MAX_REASONS];
	char *path, buf[256], from[48], to[48], year[8], now[96], key[48];
	int rn[Q_MAX_REASONS], i;
	double y;
	HPDF_UINT32 size;
	const char *name;

	*pdf = NULL;
	path = xasprintf("%s/report/triwulan.txt", cf->templates);
	if (words_load(path, &w) == -1) {
		snprintf(why, whysize, "cannot read %s", path);
		free(path);
		return PL_ECONF;
	}
	free(path);
	memset(&p, 0, sizeof p);
	p.w = &w;
	if ((p.doc = HPDF_New(on_error, &p)) == NULL) {
		words_free(&w);
		return PL_ETEMP;
	}
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.doc);
	HPDF_SetCurrentEncoder(p.doc, "UTF-8");
	name = HPDF_LoadTTFontFromFile(p.doc, word(&w, "font"), HPDF_TRUE);
	if (name == NULL || (p.font = HPDF_GetFont(p.doc, name, "UTF-8")) ==
	    NULL) {
		snprintf(why, whysize, "cannot load the font %s", word(&w,
		    "font"));
		HPDF_Free(p.doc);
		words_free(&w);
		return PL_ECONF;
	}
	p.page = HPDF_AddPage(p.doc);
	HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	snprintf(year, sizeof year, "%d", r->year);
	calendar_format_date(r->from, from, sizeof from);
	calendar_format_date(r->to - 1, to, sizeof to);
	y = PH - 22 * MM;
	text(&p, LEFT, y, 15, true, fill(&w, "title", buf, sizeof buf, "q",
	    roman[r->q - 1], "year", year, NULL));
	text(&p, LEFT, y - 7 * MM, 10, false, word(&w, "subtitle"));
	text(&p, LEFT, y - 12 * MM, 10, false, fill(&w, "period", buf,
	    sizeof buf, "from", from, "to", to, NULL));
	hline(&p, LEFT, LEFT + WIDTH, y - 15 * MM, 1.2, 0);
	y -= 25 * MM;
	y -= summary(&p, r, y);
	y -= 6 * MM;
	y -= chart_weeks(&p, r, y - 10 * MM) + 6 * MM;
	for (i = 0; i < Q_NSTATUS; i++) {
		snprintf(key, sizeof key, "%s_status", q_status_names[i]);
		slabels[i] = word(&w, key);
	}
	y -= chart_bars(&p, word(&w, "status"), slabels, r->status,
	    Q_NSTATUS, y - 2 * MM);
	/* The reasons on a second page: they need the room. */
	p.page = HPDF_AddPage(p.doc);
	HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	for (i = 0; i < r->nreasons; i++) {
		rlabels[i] = word(&w, r->reason[i].name);
		rn[i] = r->reason[i].n;
	}
	chart_bars(&p, word(&w, "reasons"), rlabels, rn, r->nreasons,
	    PH - 25 * MM);
	calendar_format_long(pl_now(), now, sizeof now);
	text(&p, LEFT, 15 * MM, 8, false, fill(&w, "footer", buf, sizeof buf,
	    "now", now, NULL));
	if (p.err || HPDF_SaveToStream(p.doc) != HPDF_OK) {
		snprintf(why, whysize, "libharu error 0x%04X", (unsigned)p.err);
		HPDF_Free(p.doc);
		words_free(&w);
		return PL_ETEMP;
	}
	size = HPDF_GetStreamSize(p.doc);
	*pdf = xmalloc(size + 1);
	HPDF_ReadFromStream(p.doc, (HPDF_BYTE *)*pdf, &size);
	*len = size;
	HPDF_Free(p.doc);
	words_free(&w);
	return PL_OK;
}
