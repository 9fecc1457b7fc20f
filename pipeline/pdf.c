/* pdf (extract stage): PDF text and form fields via poppler in a worker. */
#include <errno.h>
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

#include <cairo.h>
#include <poppler.h>

#include "buf.h"
#include "pdf.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

/* Worker output: records of type byte, 4-byte length, bytes. */
#define REC_TEXT	'T'
#define REC_FIELD	'F'	/* name NUL value */
#define REC_PAGES	'P'
#define REC_LOCKED	'L'
#define REC_MAX_OUT	(PL_MAX_PDF_TEXT + (64u << 10))

static int
put_rec(int fd, char type, const char *p, size_t n)
{
	unsigned char hdr[5];
	ssize_t w;

	hdr[0] = (unsigned char)type;
	hdr[1] = n >> 24; hdr[2] = n >> 16; hdr[3] = n >> 8; hdr[4] = n;
	if (write(fd, hdr, 5) != 5)
		return -1;
	while (n > 0) {
		w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
worker_fields(int fd, PopplerPage *page, size_t *budget)
{
	GList *map = poppler_page_get_form_field_mapping(page), *l;
	PopplerFormFieldMapping *m;
	gchar *name, *val;
	char *rec;
	size_t n;

	for (l = map; l; l = l->next) {
		m = l->data;
		if (poppler_form_field_get_field_type(m->field) !=
		    POPPLER_FORM_FIELD_TEXT)
			continue;
		name = poppler_form_field_get_name(m->field);
		val = poppler_form_field_text_get_text(m->field);
		if (name && val && *val) {
			rec = xasprintf("%.200s%c%.512s", name, 0, val);
			n = strnlen(name, 200) + 1 + strnlen(val, 512);
			if (n <= *budget && put_rec(fd, REC_FIELD, rec, n) == 0)
				*budget -= n;
			free(rec);
		}
		g_free(name);
		g_free(val);
	}
	poppler_page_free_form_field_mapping(map);
}

/* One character of a page with its box. */
struct glyph {
	double		 x1, x2, y, h;	/* left, right, vertical centre, height */
	const char	*p;		/* into the page text */
	int		 len;
};

static int
by_y(const void *a, const void *b)
{
	const struct glyph *g = a, *k = b;

	return g->y < k->y ? -1 : g->y > k->y;
}

static int
by_x(const void *a, const void *b)
{
	const struct glyph *g = a, *k = b;

	return g->x1 < k->x1 ? -1 : g->x1 > k->x1;
}

/* Append one line of glyphs, left to right, spaces at wide gaps. */
static int
emit_line(struct buf *b, struct glyph *g, size_t n)
{
	size_t i;

	qsort(g, n, sizeof *g, by_x);
	for (i = 0; i < n; i++) {
		if (i > 0 && g[i].x1 - g[i - 1].x2 > 0.25 * g[i].h &&
		    b->data[b->len - 1] != ' ' && buf_addc(b, ' ') == -1)
			return -1;
		if (buf_add(b, g[i].p, (size_t)g[i].len) == -1)
			return -1;
	}
	return buf_addc(b, '\n');
}

/*
 * The page text in reading order by position: characters grouped into
 * lines by their vertical centre, each line left to right. Labels and their
 * values then share a line, whatever order the PDF drew them in.
 */
static char *
page_layout_text(PopplerPage *page, size_t cap)
{
	PopplerRectangle *r = NULL;
	guint nr = 0, i, k = 0, start;
	char *text = poppler_page_get_text(page), *p;
	struct glyph *g;
	struct buf b;
	int len;

	if (text == NULL || !poppler_page_get_text_layout(page, &r, &nr)) {
		g_free(r);
		return text ? text : g_strdup("");
	}
	g = xcalloc(nr ? nr : 1, sizeof *g);
	for (p = text, i = 0; *p && i < nr; i++, p += len) {
		len = (int)(g_utf8_next_char(p) - p);
		if (*p == '\n' || *p == ' ' || r[i].y2 <= r[i].y1)
			continue;
		g[k].x1 = r[i].x1;
		g[k].x2 = r[i].x2;
		g[k].y = (r[i].y1 + r[i].y2) / 2;
		g[k].h = r[i].y2 - r[i].y1;
		g[k].p = p;
		g[k++].len = len;
	}
	qsort(g, k, sizeof *g, by_y);
	buf_init(&b, cap);
	for (start = 0, i = 1; i <= k; i++)
		if (i == k || g[i].y - g[start].y > 0.5 * g[start].h) {
			if (emit_line(&b, g + start, i - start) == -1)
				break;
			start = i;
		}
	free(g);
	g_free(r);
	g_free(text);
	return buf_steal(&b, NULL);
}

static void __attribute__((noreturn))
worker(int fd, const unsigned char *p, size_t n)
{
	struct rlimit rl = { PL_PDF_MEM, PL_PDF_MEM };
	struct rlimit cpu = { PL_PDF_TIMEOUT_S, PL_PDF_TIMEOUT_S };
	GBytes *bytes;
	GError *err = NULL;
	PopplerDocument *doc;
	PopplerPage *page;
	char *text, pages[16];
	size_t budget = PL_MAX_PDF_TEXT, fbudget = 64u << 10, k;
	int i, np;

#ifndef __SANITIZE_ADDRESS__	/* ASan reserves terabytes of address space */
	setrlimit(RLIMIT_AS, &rl);
#else
	(void)rl;
#endif
	setrlimit(RLIMIT_CPU, &cpu);
	alarm(PL_PDF_TIMEOUT_S);
	bytes = g_bytes_new_static(p, n);
	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (doc == NULL) {
		if (err && err->domain == POPPLER_ERROR &&
		    err->code == POPPLER_ERROR_ENCRYPTED)
			put_rec(fd, REC_LOCKED, "", 0);
		_exit(err && err->code == POPPLER_ERROR_ENCRYPTED ? 0 : 2);
	}
	np = poppler_document_get_n_pages(doc);
	snprintf(pages, sizeof pages, "%d", np);
	put_rec(fd, REC_PAGES, pages, strlen(pages));
	for (i = 0; i < np && i < PL_MAX_PDF_PAGES && budget > 0; i++) {
		page = poppler_document_get_page(doc, i);
		if (page == NULL)
			continue;
		text = page_layout_text(page, PL_MAX_PDF_TEXT);
		k = strlen(text);
		if (k > budget)
			k = budget;
		if (k && put_rec(fd, REC_TEXT, text, k) == 0)
			budget -= k;
		free(text);
		worker_fields(fd, page, &fbudget);
		g_object_unref(page);
	}
	_exit(0);
}

/* Read the worker's output until EOF, the cap or the deadline. */
static int
collect(int fd, struct buf *out, time_t deadline)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	char chunk[16384];
	ssize_t r;
	int left;

	for (;;) {
		left = (int)(deadline - time(NULL));
		if (left <= 0)
			return -1;
		if (poll(&pfd, 1, left * 1000) <= 0)
			return -1;
		r = read(fd, chunk, sizeof chunk);
		if (r == 0)
			return 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || buf_add(out, chunk, (size_t)r) == -1)
			return -1;
	}
}

static void
add_field(struct pdf_info *info, const char *p, size_t n)
{
	const char *nul = memchr(p, '\0', n);

	if (nul == NULL)
		return;
	info->fields = xreallocarray(info->fields, info->nfields + 1,
	    sizeof *info->fields);
	info->fields[info->nfields].name = utf8_clean(p, (size_t)(nul - p),
	    false);
	info->fields[info->nfields++].value = utf8_clean(nul + 1,
	    n - (size_t)(nul - p) - 1, false);
}

static void
decode_records(const unsigned char *p, size_t n, struct pdf_info *info,
    struct buf *text)
{
	size_t len;
	uint64_t v;
	char num[16];

	while (n >= 5) {
		len = (size_t)p[1] << 24 | (size_t)p[2] << 16 |
		    (size_t)p[3] << 8 | p[4];
		if (len > n - 5)
			break;
		if (p[0] == REC_TEXT) {
			buf_add(text, p + 5, len);
			buf_addc(text, '\n');
		} else if (p[0] == REC_FIELD)
			add_field(info, (const char *)p + 5, len);
		else if (p[0] == REC_LOCKED)
			info->encrypted = true;
		else if (p[0] == REC_PAGES && len < sizeof num) {
			memcpy(num, p + 5, len);
			num[len] = '\0';
			if (parse_uint(num, INT32_MAX, &v) == 0)
				info->pages = (int)v;
		}
		p += 5 + len;
		n -= 5 + len;
	}
}

enum pl_status
pdf_read(const unsigned char *p, size_t n, struct pdf_info *out,
    const char **why)
{
	struct buf raw, text;
	int fds[2], status = 0, rc;
	pid_t pid;

	memset(out, 0, sizeof *out);
	if (pipe(fds) == -1)
		return PL_ETEMP;
	pid = fork();
	if (pid == -1) {
		close(fds[0]);
		close(fds[1]);
		return PL_ETEMP;
	}
	if (pid == 0) {
		fd_close_others(fds[1]);
		worker(fds[1], p, n);
	}
	close(fds[1]);
	buf_init(&raw, REC_MAX_OUT);
	rc = collect(fds[0], &raw, time(NULL) + PL_PDF_TIMEOUT_S + 1);
	close(fds[0]);
	if (rc == -1)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	buf_init(&text, PL_MAX_PDF_TEXT + PL_MAX_PDF_PAGES);
	decode_records((unsigned char *)raw.data, raw.len, out, &text);
	buf_free(&raw);
	out->text = utf8_clean(text.data ? text.data : "", text.len, true);
	buf_free(&text);
	if (out->encrypted)
		return PL_OK;
	if (rc == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*why = rc == -1 ? "PDF worker over its time or output limit" :
		    "PDF could not be read";
		pdf_info_free(out);
		return PL_EINPUT;
	}
	return PL_OK;
}

void
pdf_info_free(struct pdf_info *info)
{
	size_t i;

	if (info == NULL)
		return;
	for (i = 0; i < info->nfields; i++) {
		free(info->fields[i].name);
		free(info->fields[i].value);
	}
	free(info->fields);
	free(info->text);
	memset(info, 0, sizeof *info);
}

int
pdf_render_first(const unsigned char *p, size_t n, int dpi,
    size_t max_pixels, unsigned char **rgba, int *w, int *h, int *stride)
{
	return pdf_render_page(p, n, 0, dpi, max_pixels, rgba, w, h, stride);
}

int
pdf_render_page(const unsigned char *p, size_t n, int index, int dpi,
    size_t max_pixels, unsigned char **rgba, int *w, int *h, int *stride)
{
	GBytes *bytes = g_bytes_new_static(p, n);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL,
	    NULL);
	PopplerPage *page = NULL;
	cairo_surface_t *s = NULL;
	cairo_t *cr;
	double pw = 0, ph = 0;
	int rv = -1;

	*rgba = NULL;
	if (doc == NULL || poppler_document_get_n_pages(doc) < 1)
		goto out;
	if (index < 0)		/* from the end: -1 is the last page */
		index += poppler_document_get_n_pages(doc);
	if (index < 0 || index >= poppler_document_get_n_pages(doc) ||
	    (page = poppler_document_get_page(doc, index)) == NULL)
		goto out;
	poppler_page_get_size(page, &pw, &ph);
	/* Checked as doubles: a huge MediaBox must not overflow an int. */
	pw = pw * dpi / 72.0;
	ph = ph * dpi / 72.0;
	if (!(pw >= 1 && ph >= 1 && pw * ph <= (double)max_pixels))
		goto out;
	*w = (int)pw;
	*h = (int)ph;
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, *w, *h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		goto out;
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, dpi / 72.0, dpi / 72.0);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	*stride = cairo_image_surface_get_stride(s);
	*rgba = xmalloc((size_t)*stride * (size_t)*h);
	memcpy(*rgba, cairo_image_surface_get_data(s),
	    (size_t)*stride * (size_t)*h);
	rv = 0;
out:
	if (s)
		cairo_surface_destroy(s);
	if (page)
		g_object_unref(page);
	if (doc)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	return rv;
}
