/*
 * letter (act stage): the office's letter as a PDF.
 *
 * The layout is an XML file in templates/letter/ (wording and geometry
 * never live here). It is read with libxml2 as plain XML: no DTD, no
 * entities, no network. Rendering is two passes: the flow pass breaks
 * text into lines on widths measured with the embedded TrueType fonts and
 * cuts the letter into units (a line of a paragraph, a row of the table,
 * a whole signature block); pagination places the units and honours the
 * keeps (no lone first or last line, no heading or signature alone on a
 * page, the table's header row on every page). Only then, with the page
 * count known, libharu draws.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hpdf.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <qrencode.h>

#include "buf.h"
#include "letter.h"
#include "util.h"
#include "xmem.h"

#define MM		(72.0 / 25.4)
#define A4_W		(210.0 * MM)
#define A4_H		(297.0 * MM)

enum style { S_REG, S_BOLD, S_ITALIC, S_NSTYLES };

enum kind { IT_TEXT, IT_LINE, IT_RECT, IT_IMAGE };

/* A thing to draw; y grows downwards from the top of its unit or page. */
struct item {
	enum kind	 kind;
	double		 x, y, w, h;	/* text: x, baseline y; line: ends */
	enum style	 style;
	double		 size;		/* font size or line width */
	char		*s;		/* owned; text */
};

/* The smallest piece pagination moves: never split across pages. */
struct unit {
	size_t		 first, last;	/* items [first, last) */
	double		 h;		/* height */
	double		 gap;		/* space after, dropped at a page end */
	bool		 keep_next;	/* must share a page with the next unit */
	long		 header;	/* unit repeated on a new page, or -1 */
	int		 page;
	double		 y;
};

struct lay {
	const struct letter	*l;
	HPDF_Doc		 pdf;
	HPDF_Font		 font[S_NSTYLES];
	HPDF_Image		 logo;
	struct tpl_ctx		*vars;
	double			 top, bottom, left, right;	/* margins */
	double			 size, leading;
	double			 foot_h;	/* reserved for the footer */
	xmlNodePtr		 footer;
	struct item		*it;
	size_t			 nit, capit;
	struct unit		*un;
	size_t			 nun, capun;
	int			 pages;
	bool			 fake_bold;	/* bold drawn by stroking */
	HPDF_STATUS		 hpdf_err;
	char			*why;
	size_t			 whysize;
	bool			 failed;
	enum pl_status		 status;
};

static void
fail(struct lay *L, enum pl_status st, xmlNodePtr n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
fail(struct lay *L, enum pl_status st, xmlNodePtr n, const char *fmt, ...)
{
	va_list ap;
	int off = 0;

	if (L->failed)
		return;
	L->failed = true;
	L->status = st;
	if (n != NULL)
		off = snprintf(L->why, L->whysize, "line %ld: ",
		    xmlGetLineNo(n));
	if (off < 0 || (size_t)off >= L->whysize)
		off = 0;
	va_start(ap, fmt);
	vsnprintf(L->why + off, L->whysize - off, fmt, ap);
	va_end(ap);
}

static void
hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
	struct lay *L = user;

	if (L->hpdf_err == 0)
		L->hpdf_err = e;
	(void)detail;
}

/* --- attributes and values ------------------------------------------ */

static bool
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Attribute a of n (the caller's), or NULL. */
static char *
attr(xmlNodePtr n, const char *a)
{
	return (char *)xmlGetProp(n, (const xmlChar *)a);
}

static double
attr_num(struct lay *L, xmlNodePtr n, const char *a, double def)
{
	char *s = attr(n, a), *end;
	double v = def;

	if (s != NULL) {
		errno = 0;
		v = strtod(s, &end);
		if (errno || end == s || *end != '\0' || !isfinite(v) ||
		    v < 0 || v > 1000) {
			fail(L, PL_ECONF, n, "%s=\"%s\" is not a length", a, s);
			v = def;
		}
	}
	xmlFree(s);
	return v;
}

static bool
attr_yes(xmlNodePtr n, const char *a)
{
	char *s = attr(n, a);
	bool yes = s && (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0);

	xmlFree(s);
	return yes;
}

static enum style
attr_style(xmlNodePtr n, enum style def)
{
	return attr_yes(n, "bold") ? S_BOLD : attr_yes(n, "italic") ?
	    S_ITALIC : def;
}

/* Does n apply to this letter (when=, if=, unless=)? */
static bool
shown(struct lay *L, xmlNodePtr n)
{
	char *when = attr(n, "when"), *iff = attr(n, "if"),
	    *unless = attr(n, "unless");
	const char *v;
	bool show = true;

	if (when && strcmp(when, L->l->final ? "final" : "draft") != 0)
		show = false;
	if (iff && ((v = tpl_get(L->vars, iff)) == NULL || *v == '\0'))
		show = false;
	if (unless && (v = tpl_get(L->vars, unless)) != NULL && *v != '\0')
		show = false;
	xmlFree(when);
	xmlFree(iff);
	xmlFree(unless);
	return show;
}

/* Clean text for libharu: valid UTF-8, no controls, one line. */
static char *
clean(const char *s)
{
	char *c = utf8_clean(s, strlen(s), false);

	str_squeeze(c);
	str_trim(c);
	return c;
}

/* The text of n with {{...}} expanded, cleaned. */
static char *
text_of(struct lay *L, xmlNodePtr n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	char *out = NULL, *c;
	const char *why;

	if (tpl_expand(raw ? (const char *)raw : "", L->vars, &out, &why) !=
	    PL_OK) {
		fail(L, PL_ECONF, n, "%s", why);
		out = xstrdup("");
	}
	xmlFree(raw);
	c = clean(out);
	free(out);
	return c;
}

/* --- measuring and breaking lines ------------------------------------ */

static double
width(struct lay *L, enum style st, double size, const char *s, size_t n)
{
	HPDF_TextWidth tw;

	if (n == 0)
		return 0;
	tw = HPDF_Font_TextWidth(L->font[st], (const HPDF_BYTE *)s,
	    (HPDF_UINT)n);
	return tw.width * size / 1000.0;
}

struct word {
	char	*s;
	double	 w;
};

struct line {
	struct word	*w;
	size_t		 n;
	double		 width;		/* of the words and single spaces */
};

static void
lines_free(struct line *ln, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < ln[i].n; k++)
			free(ln[i].w[k].s);
		free(ln[i].w);
	}
	free(ln);
}

/* Length of the UTF-8 sequence starting with byte c. */
static size_t
u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * The longest prefix of s[0..n) that fits max, at least one character;
 * a break just after '@', '.', '-', '/' or '_' is preferred (e-mail
 * addresses and unit names break where a reader expects).
 */
static size_t
fit_prefix(struct lay *L, enum style st, double size, const char *s,
    size_t n, double max)
{
	size_t i = 0, fit = 0, soft = 0;

	while (i < n) {
		i += u8len((unsigned char)s[i]);
		if (i > n)
			i = n;
		if (width(L, st, size, s, i) > max)
			break;
		fit = i;
		if (strchr("@.-/_", s[i - 1]) != NULL && i < n)
			soft = i;
	}
	if (fit == 0)
		fit = u8len((unsigned char)s[0]) <= n ? u8len((unsigned char)s[0]) : n;
	return soft > fit / 2 && fit < n ? soft : fit;
}

static void
line_add(struct line *ln, const char *s, size_t n, double w, double space)
{
	ln->w = xreallocarray(ln->w, ln->n + 1, sizeof *ln->w);
	ln->w[ln->n].s = xstrndup(s, n);
	ln->w[ln->n].w = w;
	ln->width += (ln->n ? space : 0) + w;
	ln->n++;
}

/*
 * Break text into lines no wider than max (the first one indent less).
 * Returns the lines (caller frees with lines_free) and their count.
 */
static struct line *
wrap(struct lay *L, enum style st, double size, const char *text,
    double max, double indent, size_t *nlines)
{
	struct line *ln = xcalloc(1, sizeof *ln);
	size_t n = 1, wl, cut;
	double space = width(L, st, size, " ", 1), room, w;
	const char *p = text;

	while (*p) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		wl = strcspn(p, " ");
		room = max - (n == 1 ? indent : 0);
		w = width(L, st, size, p, wl);
		if (ln[n - 1].n && ln[n - 1].width + space + w > room) {
			ln = xreallocarray(ln, n + 1, sizeof *ln);
			memset(&ln[n++], 0, sizeof *ln);
			room = max;
		}
		if (w > room) {		/* a word wider than the column */
			cut = fit_prefix(L, st, size, p, wl, room -
			    (ln[n - 1].n ? ln[n - 1].width + space : 0));
			line_add(&ln[n - 1], p, cut, width(L, st, size, p, cut),
			    space);
			p += cut;
			if (*p && *p != ' ') {
				ln = xreallocarray(ln, n + 1, sizeof *ln);
				memset(&ln[n++], 0, sizeof *ln);
			}
			continue;
		}
		line_add(&ln[n - 1], p, wl, w, space);
		p += wl;
	}
	*nlines = n;
	return ln;
}

/* --- items and units ------------------------------------------------- */

static struct item *
item_new(struct lay *L, enum kind k)
{
	if (L->nit == L->capit) {
		L->capit = L->capit ? L->capit * 2 : 256;
		L->it = xreallocarray(L->it, L->capit, sizeof *L->it);
	}
	memset(&L->it[L->nit], 0, sizeof *L->it);
	L->it[L->nit].kind = k;
	return &L->it[L->nit++];
}

static void
put_text(struct lay *L, enum style st, double size, double x, double y,
    const char *s, size_t n)
{
	struct item *i = item_new(L, IT_TEXT);

	i->style = st;
	i->size = size;
	i->x = x;
	i->y = y;
	i->s = xstrndup(s, n);
}

static void
put_line(struct lay *L, double w, double x0, double y0, double x1,
    double y1)
{
	struct item *i = item_new(L, IT_LINE);

	i->size = w;
	i->x = x0;
	i->y = y0;
	i->w = x1;
	i->h = y1;
}

static void
put_rect(struct lay *L, double x, double y, double w, double h)
{
	struct item *i = item_new(L, IT_RECT);

	i->x = x;
	i->y = y;
	i->w = w;
	i->h = h;
}

/* Start a unit: its items are the ones added until unit_end. */
static size_t
unit_begin(struct lay *L)
{
	return L->nit;
}

static struct unit *
unit_end(struct lay *L, size_t first, double h, double gap)
{
	struct unit *u;

	if (L->nun == L->capun) {
		L->capun = L->capun ? L->capun * 2 : 64;
		L->un = xreallocarray(L->un, L->capun, sizeof *L->un);
	}
	u = &L->un[L->nun++];
	memset(u, 0, sizeof *u);
	u->first = first;
	u->last = L->nit;
	u->h = h;
	u->gap = gap;
	u->header = -1;
	return u;
}

/* Draw one broken line at x, baseline y, in a column w wide. */
static void
draw_line(struct lay *L, const struct line *ln, enum style st, double size,
    double x, double y, double w, const char *align, bool last)
{
	struct buf b;
	double gap, pos;
	size_t k;

	if (ln->n == 0)
		return;
	if (align && strcmp(align, "justify") == 0 && !last && ln->n > 1) {
		gap = (w - (ln->width - (ln->n - 1) *
		    width(L, st, size, " ", 1))) / (ln->n - 1);
		for (k = 0, pos = x; k < ln->n; k++) {
			put_text(L, st, size, pos, y, ln->w[k].s,
			    strlen(ln->w[k].s));
			pos += ln->w[k].w + gap;
		}
		return;
	}
	buf_init(&b, LETTER_MAX_TEXT * 2);
	for (k = 0; k < ln->n; k++)
		if ((k && buf_addc(&b, ' ') == -1) ||
		    buf_adds(&b, ln->w[k].s) == -1)
			break;
	if (align && strcmp(align, "right") == 0)
		x += w - ln->width;
	else if (align && strcmp(align, "center") == 0)
		x += (w - ln->width) / 2;
	put_text(L, st, size, x, y, b.data ? b.data : "", b.len);
	buf_free(&b);
}

static double
line_h(struct lay *L, double size)
{
	return size * L->leading;
}

/* Baseline of a line of size inside a line box: ascent ~ 0.8 em. */
static double
baseline(struct lay *L, double size)
{
	return size * 0.8 + (line_h(L, size) - size) / 2;
}

/* --- blocks ---------------------------------------------------------- */

static double
body_w(struct lay *L)
{
	return A4_W - L->left - L->right;
}

/*
 * A paragraph: one unit per line, the first two and last two kept
 * together (no orphan, no widow).
 */
static void
blk_p(struct lay *L, xmlNodePtr n, double x, double w)
{
	char *text = text_of(L, n), *align = attr(n, "align");
	enum style st = attr_style(n, S_REG);
	double size = attr_num(L, n, "size", L->size);
	double indent = attr_num(L, n, "indent", 0) * MM;
	double gap = attr_num(L, n, "space-after", 3) * MM, lh;
	struct line *ln;
	struct unit *u;
	size_t nl, i, first;

	x += attr_num(L, n, "left", 0) * MM;
	ln = wrap(L, st, size, text, w, indent, &nl);
	lh = line_h(L, size);
	for (i = 0; i < nl; i++) {
		first = unit_begin(L);
		draw_line(L, &ln[i], st, size, x + (i == 0 ? indent : 0),
		    baseline(L, size), w - (i == 0 ? indent : 0), align,
		    i + 1 == nl);
		u = unit_end(L, first, lh, i + 1 == nl ? gap : 0);
		u->keep_next = (i == 0 && nl > 2) || (nl - i <= 2 && i + 1 < nl)
		    || nl <= 2;
		if (i + 1 == nl)
			u->keep_next = false;
	}
	lines_free(ln, nl);
	xmlFree(align);
	free(text);
}

/* One <line> or <space> at y; returns its height. */
static double
line_elem(struct lay *L, xmlNodePtr c, double x, double w, double y,
    const char *def_align)
{
	double size, indent, lh, y0 = y;
	struct line *ln;
	size_t nl, i;
	enum style st;
	char *text, *align;

	if (is(c, "space"))
		return attr_num(L, c, "height", 5) * MM;
	if (!is(c, "line"))
		return 0;
	size = attr_num(L, c, "size", L->size);
	indent = attr_num(L, c, "indent", 0) * MM;
	st = attr_style(c, S_REG);
	text = text_of(L, c);
	align = attr(c, "align");
	lh = line_h(L, size);
	ln = wrap(L, st, size, text, w - indent, 0, &nl);
	for (i = 0; i < nl; i++, y += lh) {
		draw_line(L, &ln[i], st, size, x + indent, y +
		    baseline(L, size), w - indent, align ? align : def_align,
		    true);
		if (attr_yes(c, "underline") && ln[i].n)
			put_line(L, size / 18, x + indent, y +
			    baseline(L, size) + size * 0.12, x + indent +
			    ln[i].width, y + baseline(L, size) + size * 0.12);
	}
	lines_free(ln, nl);
	xmlFree(align);
	free(text);
	return y - y0;
}

/* The <line> and <space> children of n from y0; returns their height. */
static double
lines_block(struct lay *L, xmlNodePtr n, double x, double w, double y0,
    const char *def_align)
{
	xmlNodePtr c;
	double y = y0;

	for (c = n->children; c && !L->failed; c = c->next)
		if (c->type == XML_ELEMENT_NODE && shown(L, c))
			y += line_elem(L, c, x, w, y, def_align);
	return y - y0;
}

static void
blk_letterhead(struct lay *L, xmlNodePtr n)
{
	size_t first = unit_begin(L);
	char *logo = attr(n, "logo"), *path = NULL;
	const char *why;
	double lw = attr_num(L, n, "logo-width", 22) * MM, lh = 0, x, w, h, y;
	xmlNodePtr c;
	struct item *i;

	x = L->left;
	w = body_w(L);
	if (logo && tpl_expand(logo, L->vars, &path, &why) == PL_OK &&
	    *path) {
		L->logo = strstr(path, ".png") ?
		    HPDF_LoadPngImageFromFile(L->pdf, path) :
		    HPDF_LoadJpegImageFromFile(L->pdf, path);
		if (L->logo == NULL) {
			fail(L, PL_ECONF, n, "cannot load the logo %s", path);
			L->hpdf_err = 0;
		} else {
			lh = lw * HPDF_Image_GetHeight(L->logo) /
			    HPDF_Image_GetWidth(L->logo);
			i = item_new(L, IT_IMAGE);
			i->x = x;
			i->y = 0;
			i->w = lw;
			i->h = lh;
			x += lw + 3 * MM;
			w -= lw + 3 * MM;
		}
	}
	h = lines_block(L, n, x, w, 0, "center");
	y = h > lh ? h : lh;
	for (c = n->children; c; c = c->next)
		if (is(c, "rule") && shown(L, c)) {
			double thick = attr_num(L, c, "width", 2) ,
			    gapr = attr_num(L, c, "gap", 0.8) * MM,
			    thin = attr_num(L, c, "thin", 0);

			y += 1.5 * MM + thick / 2;
			put_line(L, thick, L->left, y, A4_W - L->right, y);
			if (thin > 0) {
				y += thick / 2 + gapr + thin / 2;
				put_line(L, thin, L->left, y, A4_W - L->right,
				    y);
			}
			y += thick / 2;
		}
	unit_end(L, first, y, attr_num(L, n, "space-after", 5) * MM);
	free(path);
	xmlFree(logo);
}

/* Nomor / Sifat / Lampiran / Hal: label, colon, wrapped value. */
static void
blk_fields(struct lay *L, xmlNodePtr n)
{
	size_t first = unit_begin(L), nl, i;
	double lw = attr_num(L, n, "label-width", 25) * MM, y = 0, size,
	    colon, lh;
	xmlNodePtr c;
	struct line *ln;
	char *label, *text, *clabel;

	for (c = n->children; c && !L->failed; c = c->next) {
		if (!is(c, "field") || !shown(L, c))
			continue;
		size = attr_num(L, c, "size", L->size);
		lh = line_h(L, size);
		label = attr(c, "label");
		clabel = clean(label ? label : "");
		colon = width(L, S_REG, size, ": ", 2);
		put_text(L, S_REG, size, L->left, y + baseline(L, size), clabel,
		    strlen(clabel));
		put_text(L, S_REG, size, L->left + lw, y + baseline(L, size),
		    ":", 1);
		text = text_of(L, c);
		ln = wrap(L, attr_style(c, S_REG), size, text, body_w(L) - lw -
		    colon, 0, &nl);
		for (i = 0; i < nl; i++, y += lh)
			draw_line(L, &ln[i], attr_style(c, S_REG), size,
			    L->left + lw + colon, y + baseline(L, size),
			    body_w(L) - lw - colon, "left", true);
		lines_free(ln, nl);
		free(text);
		free(clabel);
		xmlFree(label);
	}
	unit_end(L, first, y, attr_num(L, n, "space-after", 5) * MM);
}

static void
blk_lines(struct lay *L, xmlNodePtr n, const char *align)
{
	size_t first = unit_begin(L);
	double x = L->left + attr_num(L, n, "left", 0) * MM;
	double w = n->properties && xmlHasProp(n, (const xmlChar *)"width") ?
	    attr_num(L, n, "width", 0) * MM : A4_W - L->right - x;
	double h = lines_block(L, n, x, w, 0, align);

	unit_end(L, first, h, attr_num(L, n, "space-after", 4) * MM);
}

/* <date>: one paragraph, kept whole. */
static void
blk_date(struct lay *L, xmlNodePtr n)
{
	size_t first = unit_begin(L), nl, i;
	char *text = text_of(L, n), *align = attr(n, "align");
	double size = attr_num(L, n, "size", L->size), lh = line_h(L, size);
	enum style st = attr_style(n, S_REG);
	struct line *ln = wrap(L, st, size, text, body_w(L), 0, &nl);

	for (i = 0; i < nl; i++)
		draw_line(L, &ln[i], st, size, L->left, i * lh +
		    baseline(L, size), body_w(L), align ? align : "left", true);
	unit_end(L, first, nl * lh, attr_num(L, n, "space-after", 4) * MM);
	lines_free(ln, nl);
	xmlFree(align);
	free(text);
}

/* --- the applicants' table ------------------------------------------- */

#define TBL_MAX_COLS	12

struct col {
	char	*field;		/* owned */
	char	*title;		/* owned, cleaned */
	char	*align;		/* owned */
	double	 x, w;
};

static const char *
person_value(const struct letter_person *p, const char *field, char *tmp,
    size_t size)
{
	const char *v = NULL;

	if (strcmp(field, "nama") == 0)
		v = p->nama;
	else if (strcmp(field, "nik") == 0)
		v = p->nik;
	else if (strcmp(field, "nip") == 0) {
		letter_nip_format(p->nip ? p->nip : "", tmp, size);
		return tmp;
	} else if (strcmp(field, "jabatan") == 0)
		v = p->jabatan;
	else if (strcmp(field, "unit_kerja") == 0)
		v = p->unit_kerja;
	else if (strcmp(field, "email") == 0)
		v = p->email;
	return v && *v ? v : "-";
}

/*
 * A cell's value cut to LETTER_MAX_CELL bytes on a character boundary,
 * with an ellipsis: a row must always fit on a page.
 */
static char *
cell_cut(char *v)
{
	size_t n = strlen(v), cut = LETTER_MAX_CELL;
	char *out;

	if (n <= LETTER_MAX_CELL)
		return v;
	while (cut > 0 && ((unsigned char)v[cut] & 0xc0) == 0x80)
		cut--;
	out = xasprintf("%.*s\u2026", (int)cut, v);
	free(v);
	return out;
}

/* Part n (1-based) of a "a|b|c" row into tmp; "" past the end. */
static const char *
row_part(const char *row, const char *field, char *tmp, size_t size)
{
	long n = strtol(field + 1, NULL, 10);
	const char *p = row, *bar;

	while (p && --n > 0)
		p = (bar = strchr(p, '|')) ? bar + 1 : NULL;
	if (p == NULL || n != 0)
		return "";
	snprintf(tmp, size, "%.*s", (int)strcspn(p, "|"), p);
	return tmp;
}

/* The cells of a layout <row>, expanded, joined by '|'. */
static char *
row_text(struct lay *L, xmlNodePtr row)
{
	struct buf b;
	xmlNodePtr c;
	char *t, *bar;
	int k = 0;

	buf_init(&b, LETTER_MAX_TEXT * 4);
	for (c = row->children; c; c = c->next) {
		if (!is(c, "cell"))
			continue;
		t = text_of(L, c);
		while ((bar = strchr(t, '|')) != NULL)
			*bar = '/';
		if (k++)
			buf_addc(&b, '|');
		buf_adds(&b, t);
		free(t);
	}
	return buf_steal(&b, NULL);
}

/*
 * One row as a unit, returned: the header (p and row NULL), an applicant
 * (p), or a row of a list value, its columns split at '|' (row).
 */
static struct unit *
table_row(struct lay *L, const struct col *cols, size_t ncol,
    const struct letter_person *p, const char *row, size_t no, double size,
    double pad, bool header, enum style hst)
{
	size_t first = unit_begin(L), c, nl[TBL_MAX_COLS], i, most = 0;
	struct line *ln[TBL_MAX_COLS];
	enum style st = header ? hst : S_REG;
	double lh = line_h(L, size), h, x1 = cols[ncol - 1].x +
	    cols[ncol - 1].w;
	char tmp[LETTER_MAX_CELL + 8], *v;
	const char *raw;

	for (c = 0; c < ncol; c++) {
		if (header)
			raw = cols[c].title;
		else if (strcmp(cols[c].field, "no") == 0) {
			snprintf(tmp, sizeof tmp, "%zu", no);
			raw = tmp;
		} else if (row != NULL)
			raw = cols[c].field[0] == '#' ? row_part(row,
			    cols[c].field, tmp, sizeof tmp) : "";
		else
			raw = person_value(p, cols[c].field, tmp, sizeof tmp);
		v = cell_cut(clean(raw));
		ln[c] = wrap(L, st, size, v, cols[c].w - 2 * pad, 0, &nl[c]);
		most = nl[c] > most ? nl[c] : most;
		free(v);
	}
	h = most * lh + 2 * pad;
	for (c = 0; c < ncol; c++) {
		for (i = 0; i < nl[c]; i++)
			draw_line(L, &ln[c][i], st, size, cols[c].x + pad,
			    pad + i * lh + baseline(L, size), cols[c].w -
			    2 * pad, header ? "center" : cols[c].align, true);
		lines_free(ln[c], nl[c]);
		put_line(L, 0.6, cols[c].x, 0, cols[c].x, h);
	}
	put_line(L, 0.6, x1, 0, x1, h);
	if (header)
		put_line(L, 0.6, cols[0].x, 0, x1, 0);
	put_line(L, 0.6, cols[0].x, h, x1, h);
	return unit_end(L, first, h, 0);
}

static void
blk_table(struct lay *L, xmlNodePtr n)
{
	struct col cols[TBL_MAX_COLS];
	size_t ncol = 0, i;
	double size = attr_num(L, n, "size", 10), pad = attr_num(L, n,
	    "padding", 1.2) * MM, total = 0, x = L->left;
	enum style hst = attr_yes(n, "header-bold") ? S_BOLD : S_REG;
	xmlNodePtr c;
	struct unit *u;
	long header;
	char *t, *rows;
	char *const *items;
	size_t nitems = 0;

	for (c = n->children; c; c = c->next) {
		if (!is(c, "col") || !shown(L, c))
			continue;
		if (ncol == TBL_MAX_COLS) {
			fail(L, PL_ECONF, c, "more than %d columns",
			    TBL_MAX_COLS);
			break;
		}
		cols[ncol].field = attr(c, "field");
		if (cols[ncol].field == NULL) {
			fail(L, PL_ECONF, c, "<col> without field=");
			break;
		}
		t = attr(c, "title");
		cols[ncol].title = clean(t ? t : "");
		xmlFree(t);
		cols[ncol].align = attr(c, "align");
		cols[ncol].w = attr_num(L, c, "width", 10);
		total += cols[ncol++].w;
	}
	for (i = 0; i < ncol && total > 0; i++) {	/* weights to points */
		cols[i].x = x;
		cols[i].w = cols[i].w / total * body_w(L);
		x += cols[i].w;
	}
	if (ncol && !L->failed) {
		u = table_row(L, cols, ncol, NULL, NULL, 0, size, pad, true,
		    hst);
		u->keep_next = true;
		header = (long)(u - L->un);
		rows = attr(n, "rows");
		items = rows ? tpl_items(L->vars, rows, &nitems) : NULL;
		for (i = 0; rows == NULL && i < L->l->npeople; i++) {
			u = table_row(L, cols, ncol, &L->l->people[i], NULL,
			    i + 1, size, pad, false, hst);
			u->header = header;
		}
		for (i = 0; i < nitems && i < LETTER_MAX_PEOPLE; i++) {
			u = table_row(L, cols, ncol, NULL, items[i], i + 1,
			    size, pad, false, hst);
			u->header = header;
		}
		xmlFree(rows);
		/* Rows written in the layout: <row><cell>..</cell>..</row>. */
		for (c = n->children, i = 0; c && !L->failed; c = c->next) {
			if (!is(c, "row") || !shown(L, c))
				continue;
			t = row_text(L, c);
			u = table_row(L, cols, ncol, NULL, t, ++i, size, pad,
			    false, hst);
			u->header = header;
			free(t);
		}
		u->gap = attr_num(L, n, "space-after", 5) * MM;
	}
	for (i = 0; i < ncol; i++) {
		xmlFree(cols[i].field);
		free(cols[i].title);
		xmlFree(cols[i].align);
	}
}

/* --- the signature block, with the QR code of a signed letter --------- */

static double
qr_draw(struct lay *L, xmlNodePtr n, double x, double y)
{
	double side = attr_num(L, n, "size", 26) * MM, mod, cw;
	QRcode *q;
	int r, c, run;
	char *cap, *ccap;
	struct line *ln;
	size_t nl, i;

	if (L->l->qr == NULL || *L->l->qr == '\0') {
		fail(L, PL_EINPUT, n, "a final letter needs its QR reference");
		return 0;
	}
	q = QRcode_encodeString(L->l->qr, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL) {
		fail(L, PL_EINPUT, n, "QR reference too long");
		return 0;
	}
	/* A four-module quiet zone on each side is part of the size. */
	mod = side / (q->width + 8);
	for (r = 0; r < q->width; r++)
		for (c = 0; c < q->width; c = run) {
			for (run = c; run < q->width &&
			    (q->data[r * q->width + run] & 1); run++)
				;
			if (run > c)
				put_rect(L, x + (4 + c) * mod, y + (4 + r) * mod,
				    (run - c) * mod, mod);
			else
				run = c + 1;
		}
	QRcode_free(q);
	cap = attr(n, "caption");
	if (cap) {
		ccap = clean(cap);
		cw = 38 * MM;
		ln = wrap(L, S_ITALIC, 8, ccap, cw, 0, &nl);
		for (i = 0; i < nl; i++)
			draw_line(L, &ln[i], S_ITALIC, 8, x + side + 1 * MM,
			    y + side / 2 - nl * line_h(L, 8) / 2 + i *
			    line_h(L, 8) + baseline(L, 8), cw, "left", true);
		lines_free(ln, nl);
		free(ccap);
		xmlFree(cap);
	}
	return side;
}

static void
blk_signature(struct lay *L, xmlNodePtr n)
{
	size_t first = unit_begin(L);
	double x = L->left + attr_num(L, n, "left", 90) * MM,
	    w = attr_num(L, n, "width", 75) * MM, y = 0;
	xmlNodePtr c;
	struct unit *u;

	for (c = n->children; c && !L->failed; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !shown(L, c))
			continue;
		y += is(c, "qr") ? qr_draw(L, c, x, y) :
		    line_elem(L, c, x, w, y, "left");
	}
	u = unit_end(L, first, y, attr_num(L, n, "space-after", 8) * MM);
	/* A signature never stands alone: the text before comes along. */
	if (u > L->un)
		u[-1].keep_next = true;
}

/* Tembusan: a title and numbered items, kept together. */
static void
blk_list(struct lay *L, xmlNodePtr n)
{
	size_t first = unit_begin(L), nl, i, k = 0;
	double size = attr_num(L, n, "size", L->size), lh = line_h(L, size),
	    y = 0, num;
	char *title = attr(n, "title"), *ct, *text, no[16];
	struct line *ln;
	xmlNodePtr c;

	if (title) {
		ct = clean(title);
		put_text(L, S_REG, size, L->left, baseline(L, size), ct,
		    strlen(ct));
		y += lh;
		free(ct);
	}
	num = width(L, S_REG, size, "00. ", 4);
	for (c = n->children; c && !L->failed; c = c->next) {
		if (!is(c, "item") || !shown(L, c))
			continue;
		snprintf(no, sizeof no, "%zu.", ++k);
		put_text(L, S_REG, size, L->left, y + baseline(L, size), no,
		    strlen(no));
		text = text_of(L, c);
		ln = wrap(L, S_REG, size, text, body_w(L) - num, 0, &nl);
		for (i = 0; i < nl; i++, y += lh)
			draw_line(L, &ln[i], S_REG, size, L->left + num, y +
			    baseline(L, size), body_w(L) - num, "left", true);
		lines_free(ln, nl);
		free(text);
	}
	unit_end(L, first, y, attr_num(L, n, "space-after", 4) * MM);
	xmlFree(title);
}

/* --- the footer ------------------------------------------------------ */

/*
 * Height of the footer of page (1-based) of pages; with draw, its items
 * (page coordinates) are added.
 */
static double
footer(struct lay *L, int page, int pages, bool draw)
{
	xmlNodePtr c;
	double size, y = 0, lh;
	char num[16], *text, *align;
	struct line *ln;
	size_t nl, i;

	if (L->footer == NULL)
		return 0;
	snprintf(num, sizeof num, "%d", page);
	tpl_set(L->vars, "halaman", num);
	snprintf(num, sizeof num, "%d", pages);
	tpl_set(L->vars, "jumlah_halaman", num);
	for (c = L->footer->children; c; c = c->next) {
		if (!is(c, "line") || !shown(L, c))
			continue;
		size = attr_num(L, c, "size", attr_num(L, L->footer, "size",
		    8));
		lh = line_h(L, size);
		text = text_of(L, c);
		align = attr(c, "align");
		ln = wrap(L, attr_style(c, S_REG), size, text, body_w(L), 0,
		    &nl);
		for (i = 0; i < nl; i++, y += lh)
			if (draw)
				draw_line(L, &ln[i], attr_style(c, S_REG), size,
				    L->left, A4_H - L->bottom - L->foot_h + y +
				    baseline(L, size), body_w(L), align ? align :
				    "left", true);
		lines_free(ln, nl);
		xmlFree(align);
		free(text);
	}
	return y;
}

/* --- pagination and drawing ------------------------------------------ */

/* Height of the chain of kept units starting at i. */
static double
chain_h(struct lay *L, size_t i, size_t n0)
{
	double h = L->un[i].h;

	while (L->un[i].keep_next && i + 1 < n0) {
		h += L->un[i].gap + L->un[i + 1].h;
		i++;
	}
	return h;
}

static void
paginate(struct lay *L)
{
	double y = L->top, end = A4_H - L->bottom - L->foot_h - 3 * MM,
	    room = end - L->top, need;
	int page = 0;
	size_t i, n0 = L->nun;
	struct unit *hd;
	bool at_top = true;

	/* Repeated header rows are appended as new units past n0. */
	for (i = 0; i < n0 && !L->failed; i++) {
		need = chain_h(L, i, n0);
		if (need > room)	/* can never fit: break inside it */
			need = L->un[i].h;
		if (!at_top && y + need > end) {
			if (++page >= LETTER_MAX_PAGES) {
				fail(L, PL_EINPUT, NULL, "more than %d pages",
				    LETTER_MAX_PAGES);
				return;
			}
			y = L->top;
			at_top = true;
			if (L->un[i].header >= 0) {
				hd = &L->un[L->un[i].header];
				/* Placed again: its items are copied. */
				{
					size_t k, first = L->nit;
					struct unit *u;

					for (k = hd->first; k < hd->last; k++) {
						struct item *it = item_new(L,
						    L->it[k].kind);

						*it = L->it[k];
						it->s = it->s ? xstrdup(it->s) :
						    NULL;
					}
					u = unit_end(L, first, hd->h, 0);
					u->page = page;
					u->y = y;
					y += u->h;
				}
			}
		}
		L->un[i].page = page;
		L->un[i].y = y;
		y += L->un[i].h + L->un[i].gap;
		at_top = false;
	}
	L->pages = page + 1;
}

static void
emit(struct lay *L)
{
	HPDF_Page *pg = xcalloc(L->pages, sizeof *pg);
	size_t u, k;
	struct item *it;
	double dy;
	int p;

	for (p = 0; p < L->pages; p++) {
		pg[p] = HPDF_AddPage(L->pdf);
		HPDF_Page_SetSize(pg[p], HPDF_PAGE_SIZE_A4,
		    HPDF_PAGE_PORTRAIT);
		/* Footer items get their own unit at page coordinates. */
		k = L->nit;
		footer(L, p + 1, L->pages, true);
		unit_end(L, k, 0, 0)->page = p;
	}
	for (u = 0; u < L->nun && L->hpdf_err == 0; u++) {
		p = L->un[u].page;
		dy = L->un[u].y;
		for (k = L->un[u].first; k < L->un[u].last; k++) {
			it = &L->it[k];
			switch (it->kind) {
			case IT_TEXT:
				HPDF_Page_BeginText(pg[p]);
				HPDF_Page_SetFontAndSize(pg[p],
				    L->font[it->style], it->size);
				if (L->fake_bold && it->style == S_BOLD) {
					HPDF_Page_SetLineWidth(pg[p],
					    it->size * 0.03);
					HPDF_Page_SetTextRenderingMode(pg[p],
					    HPDF_FILL_THEN_STROKE);
				}
				HPDF_Page_TextOut(pg[p], it->x, A4_H - dy -
				    it->y, it->s);
				if (L->fake_bold && it->style == S_BOLD)
					HPDF_Page_SetTextRenderingMode(pg[p],
					    HPDF_FILL);
				HPDF_Page_EndText(pg[p]);
				break;
			case IT_LINE:
				HPDF_Page_SetLineWidth(pg[p], it->size);
				HPDF_Page_MoveTo(pg[p], it->x, A4_H - dy - it->y);
				HPDF_Page_LineTo(pg[p], it->w, A4_H - dy - it->h);
				HPDF_Page_Stroke(pg[p]);
				break;
			case IT_RECT:
				/* Abutting modules in one path, one fill: no
				 * hairline seams when rendered anti-aliased. */
				HPDF_Page_Rectangle(pg[p], it->x, A4_H - dy -
				    it->y - it->h, it->w, it->h);
				if (k + 1 == L->un[u].last ||
				    L->it[k + 1].kind != IT_RECT)
					HPDF_Page_Fill(pg[p]);
				break;
			case IT_IMAGE:
				HPDF_Page_DrawImage(pg[p], L->logo, it->x,
				    A4_H - dy - it->y - it->h, it->w, it->h);
				break;
			}
		}
	}
	free(pg);
}

/* --- the document ---------------------------------------------------- */

static xmlDocPtr
layout_read(struct lay *L, const char *path)
{
	char *data;
	size_t len;
	xmlDocPtr doc;
	xmlNodePtr n;
	const xmlError *e;
	size_t count = 0;

	if (file_read(path, LETTER_MAX_LAYOUT, &data, &len) == -1) {
		fail(L, PL_ECONF, NULL, "cannot read the layout %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	/* Refuse a DOCTYPE before libxml2 looks at it: no DTD, no entities. */
	if (strstr(data, "<!DOCTYPE") || strstr(data, "<!ENTITY")) {
		fail(L, PL_ECONF, NULL, "%s: a DOCTYPE or an entity "
		    "declaration is not allowed in a layout", path);
		free(data);
		return NULL;
	}
	doc = xmlReadMemory(data, (int)len, path, "UTF-8", XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	free(data);
	if (doc == NULL) {
		e = xmlGetLastError();
		fail(L, PL_ECONF, NULL, "%s:%d: not well-formed XML: %s", path,
		    e ? e->line : 0, e && e->message ? e->message : "?");
		return NULL;
	}
	if (doc->intSubset || doc->extSubset) {
		fail(L, PL_ECONF, NULL, "%s: a DOCTYPE is not allowed", path);
		xmlFreeDoc(doc);
		return NULL;
	}
	n = xmlDocGetRootElement(doc);
	if (n == NULL || !is(n, "letter")) {
		fail(L, PL_ECONF, NULL, "%s: the root element must be <letter>",
		    path);
		xmlFreeDoc(doc);
		return NULL;
	}
	for (n = n->children; n; n = n->next)
		if (++count > LETTER_MAX_NODES || n->type == XML_ENTITY_REF_NODE)
			break;
	if (n != NULL) {
		fail(L, PL_ECONF, n, "too many elements, or an entity");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/*
 * Does the face in file have a glyph for every character of the letter?
 * FreeType answers from the font's cmap; faces stay open for the
 * process (a daemon renders many letters with the same few fonts).
 */
#define FACE_CACHE	4

static FT_Library ft;
static struct {
	char	*path;
	FT_Face	 face;
} faces[FACE_CACHE];

static FT_Face
face_of(const char *path)
{
	size_t i;

	if (ft == NULL && FT_Init_FreeType(&ft) != 0)
		return NULL;
	for (i = 0; i < FACE_CACHE && faces[i].path; i++)
		if (strcmp(faces[i].path, path) == 0)
			return faces[i].face;
	if (i == FACE_CACHE)
		return NULL;
	if (FT_New_Face(ft, path, 0, &faces[i].face) != 0)
		return NULL;
	faces[i].path = xstrdup(path);
	return faces[i].face;
}

struct coverage {
	FT_Face	 face;
	bool	 all;
};

static void
cover_text(const char *s, void *arg)
{
	struct coverage *cv = arg;
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	while (*p && cv->all) {
		n = u8len(*p);
		cp = n == 1 ? *p : n == 2 ? (p[0] & 0x1fu) : n == 3 ?
		    (p[0] & 0x0fu) : (p[0] & 0x07u);
		for (size_t k = 1; k < n && p[k]; k++)
			cp = cp << 6 | (p[k] & 0x3fu);
		if (cp > ' ' && FT_Get_Char_Index(cv->face, cp) == 0)
			cv->all = false;
		for (size_t k = 0; k < n && *p; k++)
			p++;
	}
}

/* Is every value of the letter drawable with the face in file? */
static bool
covers(struct lay *L, const char *file)
{
	struct coverage cv = { face_of(file), true };
	const struct letter_person *p;
	size_t i;

	if (cv.face == NULL)
		return false;
	tpl_each(L->vars, cover_text, &cv);
	for (i = 0; i < L->l->npeople && cv.all; i++) {
		p = &L->l->people[i];
		cover_text(p->nama ? p->nama : "", &cv);
		cover_text(p->jabatan ? p->jabatan : "", &cv);
		cover_text(p->unit_kerja ? p->unit_kerja : "", &cv);
		cover_text(p->email ? p->email : "", &cv);
	}
	return cv.all;
}

/*
 * Load the faces: regular= and bold= (italic= optional). A face costs
 * libharu about 2 ms per document (it maps all of Unicode to glyphs), so
 * the layout names small, fast faces first; when the letter holds a
 * character they lack (Latin Extended Additional in a name, say), the
 * fallback-regular= / fallback-bold= faces are used instead.
 */
static void
fonts_load(struct lay *L, xmlNodePtr root)
{
	static const char *const keys[S_NSTYLES] = { "regular", "bold",
	    "italic" };
	static const char *const fkeys[S_NSTYLES] = { "fallback-regular",
	    "fallback-bold", "fallback-italic" };
	const char *const *use = keys;
	xmlNodePtr c;
	const char *name;
	char *file;
	int s;

	for (c = root->children; c; c = c->next)
		if (is(c, "font"))
			break;
	if (c == NULL) {
		fail(L, PL_ECONF, root, "no <font regular= bold= italic=>");
		return;
	}
	if ((file = attr(c, "fallback-regular")) != NULL) {
		char *reg = attr(c, "regular");

		if (reg == NULL || !covers(L, reg))
			use = fkeys;
		xmlFree(reg);
		xmlFree(file);
	}
	for (s = 0; s < S_NSTYLES && !L->failed; s++) {
		file = attr(c, use[s]);
		if (file == NULL && s == S_ITALIC) {
			L->font[s] = L->font[S_REG];
			break;
		}
		/* bold="synthetic": the regular face, filled and stroked. */
		if (file && s == S_BOLD && strcmp(file, "synthetic") == 0) {
			L->font[s] = L->font[S_REG];
			L->fake_bold = true;
			xmlFree(file);
			continue;
		}
		if (file == NULL) {
			fail(L, PL_ECONF, c, "<font> without %s=", use[s]);
			break;
		}
		name = HPDF_LoadTTFontFromFile(L->pdf, file, HPDF_TRUE);
		if (name == NULL || (L->font[s] = HPDF_GetFont(L->pdf, name,
		    "UTF-8")) == NULL)
			fail(L, PL_ECONF, c, "cannot load the font %s", file);
		xmlFree(file);
	}
}

static void
flow(struct lay *L, xmlNodePtr root)
{
	xmlNodePtr n;

	for (n = root->children; n && !L->failed; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !shown(L, n))
			continue;
		if (is(n, "font"))
			continue;
		else if (is(n, "footer"))
			L->footer = n;
		else if (is(n, "letterhead"))
			blk_letterhead(L, n);
		else if (is(n, "date"))
			blk_date(L, n);
		else if (is(n, "fields"))
			blk_fields(L, n);
		else if (is(n, "address"))
			blk_lines(L, n, "left");
		else if (is(n, "p"))
			blk_p(L, n, L->left, body_w(L) -
			    attr_num(L, n, "left", 0) * MM);
		else if (is(n, "table"))
			blk_table(L, n);
		else if (is(n, "signature"))
			blk_signature(L, n);
		else if (is(n, "list"))
			blk_list(L, n);
		else
			fail(L, PL_ECONF, n, "unknown element <%s>",
			    (const char *)n->name);
	}
}

static void
lay_free(struct lay *L)
{
	size_t i;

	for (i = 0; i < L->nit; i++)
		free(L->it[i].s);
	free(L->it);
	free(L->un);
	if (L->pdf)
		HPDF_Free(L->pdf);
}

static void
set_info(struct lay *L)
{
	HPDF_Date d;
	struct tm tm;
	time_t t = (time_t)L->l->date + 7 * 3600;

	gmtime_r(&t, &tm);
	memset(&d, 0, sizeof d);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = '+';
	d.off_hour = 7;
	HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoAttr(L->pdf, HPDF_INFO_CREATOR, "sertel");
	HPDF_SetInfoAttr(L->pdf, HPDF_INFO_PRODUCER, "sertel (libharu)");
	if (L->l->title) {
		char *t2 = clean(L->l->title);

		HPDF_SetInfoAttr(L->pdf, HPDF_INFO_TITLE, t2);
		free(t2);
	}
}

static enum pl_status
save(struct lay *L, char **pdf, size_t *len)
{
	HPDF_UINT32 size, got;

	if (HPDF_SaveToStream(L->pdf) != HPDF_OK)
		return PL_ETEMP;
	size = HPDF_GetStreamSize(L->pdf);
	*pdf = xmalloc(size + 1);
	got = size;
	if (HPDF_ReadFromStream(L->pdf, (HPDF_BYTE *)*pdf, &got) !=
	    HPDF_STREAM_EOF && got != size) {
		free(*pdf);
		*pdf = NULL;
		return PL_ETEMP;
	}
	*len = got;
	return PL_OK;
}

enum pl_status
letter_render(const struct letter *l, char **pdf, size_t *len, int *pages,
    char *why, size_t whysize)
{
	struct lay L;
	xmlDocPtr doc;
	xmlNodePtr root;
	enum pl_status st;
	char *m;

	memset(&L, 0, sizeof L);
	L.l = l;
	L.vars = l->vars;
	L.why = why;
	L.whysize = whysize;
	*pdf = NULL;
	*len = 0;
	why[0] = '\0';
	if (l->npeople > LETTER_MAX_PEOPLE) {
		snprintf(why, whysize, "more than %d applicants in one letter",
		    LETTER_MAX_PEOPLE);
		return PL_EINPUT;
	}
	if ((doc = layout_read(&L, l->layout)) == NULL)
		return L.status;
	root = xmlDocGetRootElement(doc);
	L.top = attr_num(&L, root, "top", 20) * MM;
	L.bottom = attr_num(&L, root, "bottom", 20) * MM;
	L.left = attr_num(&L, root, "left", 25) * MM;
	L.right = attr_num(&L, root, "right", 20) * MM;
	L.size = attr_num(&L, root, "size", 12);
	L.leading = attr_num(&L, root, "leading", 1.2);
	if ((m = attr(root, "page")) && strcmp(m, "A4") != 0)
		fail(&L, PL_ECONF, root, "only page=\"A4\" is supported");
	xmlFree(m);
	if ((L.pdf = HPDF_New(hpdf_error, &L)) == NULL) {
		xmlFreeDoc(doc);
		return PL_ETEMP;
	}
	HPDF_SetCompressionMode(L.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(L.pdf);
	HPDF_SetCurrentEncoder(L.pdf, "UTF-8");
	if (!L.failed)
		fonts_load(&L, root);
	if (!L.failed)
		flow(&L, root);
	if (!L.failed) {
		/* The footer is as tall as on the last page (the longest). */
		L.foot_h = footer(&L, 99, 99, false);
		paginate(&L);
	}
	if (!L.failed) {
		set_info(&L);
		emit(&L);
	}
	if (!L.failed && L.hpdf_err)
		fail(&L, PL_ETEMP, NULL, "libharu error 0x%04X",
		    (unsigned)L.hpdf_err);
	st = L.failed ? L.status : save(&L, pdf, len);
	if (st == PL_OK && pages)
		*pages = L.pages;
	lay_free(&L);
	xmlFreeDoc(doc);
	return st;
}

void
letter_count_words(unsigned n, char *out, size_t size)
{
	static const char *const ones[] = { "nol", "satu", "dua", "tiga",
	    "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
	    "sepuluh", "sebelas" };
	char w[96];
	unsigned h = n / 100, t = n % 100;
	int off = 0;

	if (n > 999) {
		snprintf(out, size, "%u", n);
		return;
	}
	w[0] = '\0';
	if (h == 1)
		off = snprintf(w, sizeof w, "seratus");
	else if (h > 1)
		off = snprintf(w, sizeof w, "%s ratus", ones[h]);
	if (t && off)
		off += snprintf(w + off, sizeof w - off, " ");
	if (t == 0 && h == 0)
		snprintf(w, sizeof w, "nol");
	else if (t < 12 && t)
		snprintf(w + off, sizeof w - off, "%s", ones[t]);
	else if (t >= 12 && t < 20)
		snprintf(w + off, sizeof w - off, "%s belas", ones[t - 10]);
	else if (t >= 20)
		snprintf(w + off, sizeof w - off, "%s puluh%s%s", ones[t / 10],
		    t % 10 ? " " : "", t % 10 ? ones[t % 10] : "");
	snprintf(out, size, "%u (%s)", n, w);
}

void
letter_nip_format(const char *nip, char *out, size_t size)
{
	size_t i;

	for (i = 0; nip[i]; i++)
		if (!isdigit((unsigned char)nip[i]))
			break;
	if (i != 18 || nip[i] != '\0') {
		snprintf(out, size, "%s", nip);
		return;
	}
	snprintf(out, size, "%.8s %.6s %.1s %.3s", nip, nip + 8, nip + 14,
	    nip + 15);
}
