/* sign (act stage): sign letters as PDF incremental updates; check them. */
#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "sign.h"
#include "util.h"
#include "xmem.h"

/*
 * Caps on the PDF parser. sign_pdf() sees our own libharu output, but
 * sign_check() sees whatever it is given, so every loop is bounded.
 */
#define SIGN_MAX_PDF		(256u << 20)	/* bytes of one PDF */
#define SIGN_MAX_XREFS		64		/* xref sections via /Prev */
#define SIGN_MAX_SUBSECT	4096		/* subsections per section */
#define SIGN_MAX_DEPTH		32		/* nested arrays and dicts */
#define SIGN_MAX_TREE		16		/* page tree levels to page 1 */
#define SIGN_MAX_DICT		(256u << 10)	/* a dict or array we copy */
#define SIGN_MAX_TEXT		1024		/* bytes of /Reason, /Location */
#define SIGN_MAX_OBJNUM		8388600		/* PDF's own object limit */
#define SIGN_TAIL		4096		/* startxref is this near EOF */
#define SIGN_MAX_TRIES		64		/* /ByteRange strings tried */
#define SIGN_MAX_BACK		(1u << 20)	/* from /ByteRange back to obj */
#define SIGN_MAX_CONTENTS	(1u << 20)	/* decoded /Contents we parse */
/* Bytes reserved for our CMS: at least this, more for a long chain. */
#define SIGN_MIN_CMS		8192
#define SIGN_MAX_CMS		(64u << 10)
/* The /ByteRange array is written this wide, then patched in place. */
#define SIGN_BR_WIDTH		48

struct sign_key {
	X509		*cert;		/* owned */
	EVP_PKEY	*key;		/* owned */
	STACK_OF(X509)	*chain;		/* owned; sent along, may be empty */
	char		*subject;	/* owned; CN or one-line subject */
	size_t		 reserve;	/* bytes of /Contents to reserve */
};

/* Bytes [p, e) of the PDF, borrowed. */
struct span {
	const char	*p, *e;
};

/* A PDF with a classic xref table, as far as signing needs it. */
struct pdf {
	const char	*buf;		/* borrowed */
	size_t		 len;
	uint64_t	 xref[SIGN_MAX_XREFS];	/* sections, newest first */
	size_t		 nxref;
	struct span	 trailer;	/* the newest trailer dict */
	uint64_t	 root, size;
};

struct xent {
	uint64_t	 off, gen;
	bool		 used;		/* 'n' rather than 'f' */
};

/* --- Lexing: white space, tokens, whole objects. */

static bool
is_white(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
	    c == '\f' || c == '\0';
}

static bool
is_delim(char c)
{
	return c != '\0' && strchr("()<>[]{}/%", c) != NULL;
}

static const char *
skip_ws(const char *p, const char *e)
{
	while (p < e) {
		if (*p == '%') {
			while (p < e && *p != '\n' && *p != '\r')
				p++;
		} else if (is_white(*p))
			p++;
		else
			break;
	}
	return p;
}

/* A run of regular characters: a number, a keyword, a name's body. */
static const char *
skip_regular(const char *p, const char *e)
{
	while (p < e && !is_white(*p) && !is_delim(*p))
		p++;
	return p;
}

/* A literal string at p: balanced parentheses, backslash escapes. */
static const char *
skip_literal(const char *p, const char *e)
{
	size_t i, n = (size_t)(e - p), depth = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return p + i + 1;
	}
	return NULL;
}

/* A hex string at p ('<'). */
static const char *
skip_hex(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		if (*p == '>')
			return p + 1;
		if (!isxdigit((unsigned char)*p) && !is_white(*p))
			return NULL;
	}
	return NULL;
}

/* An unsigned integer token at p (at most 18 digits); its end or NULL. */
static const char *
num_at(const char *p, const char *e, uint64_t *v)
{
	const char *s = p;

	*v = 0;
	while (p < e && p - s < 18 && *p >= '0' && *p <= '9')
		*v = *v * 10 + (uint64_t)(*p++ - '0');
	if (p == s || (p < e && !is_white(*p) && !is_delim(*p)))
		return NULL;
	return p;
}

/* "N G R" at p: the object number in *num; the end, or NULL. */
static const char *
ref_at(const char *p, const char *e, uint64_t *num)
{
	uint64_t gen;

	p = num_at(p, e, num);
	if (p == NULL)
		return NULL;
	p = num_at(skip_ws(p, e), e, &gen);
	if (p == NULL)
		return NULL;
	p = skip_ws(p, e);
	if (p >= e || *p != 'R' ||
	    (p + 1 < e && !is_white(p[1]) && !is_delim(p[1])))
		return NULL;
	return p + 1;
}

static const char *skip_obj(const char *, const char *, int);

/* Objects up to the closing delimiter close (">>" or "]"). */
static const char *
skip_seq(const char *p, const char *e, const char *close, int depth)
{
	size_t n = strlen(close);

	for (;;) {
		p = skip_ws(p, e);
		if (p >= e)
			return NULL;
		if ((size_t)(e - p) >= n && memcmp(p, close, n) == 0)
			return p + n;
		p = skip_obj(p, e, depth);
		if (p == NULL)
			return NULL;
	}
}

/* One direct object at p (after white space); "N G R" counts as one. */
static const char *
skip_obj(const char *p, const char *e, int depth)
{
	const char *q;
	uint64_t num;

	p = skip_ws(p, e);
	if (p >= e || depth > SIGN_MAX_DEPTH)
		return NULL;
	switch (*p) {
	case '(':
		return skip_literal(p, e);
	case '<':
		if (p + 1 < e && p[1] == '<')
			return skip_seq(p + 2, e, ">>", depth + 1);
		return skip_hex(p, e);
	case '[':
		return skip_seq(p + 1, e, "]", depth + 1);
	case '/':
		return skip_regular(p + 1, e);
	}
	if (is_delim(*p))
		return NULL;
	q = ref_at(p, e, &num);
	return q != NULL ? q : skip_regular(p, e);
}

static bool
span_eq(struct span s, const char *str)
{
	size_t n = strlen(str);

	return (size_t)(s.e - s.p) == n && memcmp(s.p, str, n) == 0;
}

static bool
span_starts(struct span s, const char *str)
{
	size_t n = strlen(str);

	return (size_t)(s.e - s.p) >= n && memcmp(s.p, str, n) == 0;
}

/* --- Dictionaries: d.p is at "<<" and d.e just after ">>". */

struct dict_it {
	const char	*p, *e;
	bool		 bad;		/* stopped on a parse error */
};

static void
dict_begin(struct dict_it *it, struct span d)
{
	it->p = d.p + 2;
	it->e = d.e;
	it->bad = false;
}

/* The next key and value; false at ">>" or on an error (it->bad). */
static bool
dict_next(struct dict_it *it, struct span *key, struct span *val)
{
	const char *p = skip_ws(it->p, it->e);

	if (it->e - p >= 2 && p[0] == '>' && p[1] == '>')
		return false;
	if (p >= it->e || *p != '/') {
		it->bad = true;
		return false;
	}
	key->p = p;
	key->e = skip_regular(p + 1, it->e);
	val->p = skip_ws(key->e, it->e);
	val->e = skip_obj(val->p, it->e, 1);
	if (val->e == NULL) {
		it->bad = true;
		return false;
	}
	it->p = val->e;
	return true;
}

static bool
dict_get(struct span d, const char *key, struct span *val)
{
	struct dict_it it;
	struct span k;

	dict_begin(&it, d);
	while (dict_next(&it, &k, val))
		if (span_eq(k, key))
			return true;
	return false;
}

/* Copy d's entries, except those named in skip (NULL-terminated). */
static int
dict_copy(struct buf *b, struct span d, const char *const *skip)
{
	struct dict_it it;
	struct span k, v;
	size_t i;
	int rc = 0;

	dict_begin(&it, d);
	while (dict_next(&it, &k, &v)) {
		for (i = 0; skip[i] != NULL && !span_eq(k, skip[i]); i++)
			continue;
		if (skip[i] != NULL)
			continue;
		rc |= buf_add(b, k.p, (size_t)(v.e - k.p));
		rc |= buf_addc(b, '\n');
	}
	return it.bad ? -1 : rc;
}

/* --- The xref table and the objects it points to. */

static bool
digits(const char *p, size_t n, uint64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(p[i] - '0');
	}
	return true;
}

/* One 20-byte entry "oooooooooo ggggg n\r\n". */
static bool
entry_at(const char *p, struct xent *x)
{
	if (!digits(p, 10, &x->off) || p[10] != ' ' ||
	    !digits(p + 11, 5, &x->gen) || p[16] != ' ' ||
	    (p[17] != 'n' && p[17] != 'f'))
		return false;
	x->used = p[17] == 'n';
	return true;
}

/* The dictionary after the keyword "trailer". */
static int
trailer_at(const char *p, const char *e, struct span *tr)
{
	tr->p = skip_ws(p, e);
	if (e - tr->p < 2 || tr->p[0] != '<' || tr->p[1] != '<')
		return -1;
	tr->e = skip_obj(tr->p, e, 0);
	return tr->e == NULL ? -1 : 0;
}

/*
 * Walk the xref section at byte at: 1 with *hit filled when object num
 * is in it, else 0; *tr gets its trailer. -1 when it is malformed.
 */
static int
xref_section(const struct pdf *d, uint64_t at, uint64_t num,
    struct xent *hit, struct span *tr)
{
	const char *p, *e = d->buf + d->len;
	uint64_t first, count;
	int found = 0, i;

	if (at > d->len || d->len - at < 4 || memcmp(d->buf + at, "xref", 4))
		return -1;
	p = d->buf + at + 4;
	for (i = 0; i < SIGN_MAX_SUBSECT; i++) {
		p = skip_ws(p, e);
		if (e - p >= 7 && memcmp(p, "trailer", 7) == 0)
			return trailer_at(p + 7, e, tr) < 0 ? -1 : found;
		p = num_at(p, e, &first);
		if (p != NULL)
			p = num_at(skip_ws(p, e), e, &count);
		if (p == NULL)
			return -1;
		p = skip_ws(p, e);
		if (count > (uint64_t)(e - p) / 20)
			return -1;
		if (!found && num >= first && num - first < count) {
			if (!entry_at(p + (num - first) * 20, hit))
				return -1;
			found = 1;
		}
		p += count * 20;
	}
	return -1;
}

/* The offset of the object num, from the newest section that has it. */
static int
obj_find(const struct pdf *d, uint64_t num, struct xent *x)
{
	struct span tr;
	size_t i;
	int r;

	for (i = 0; i < d->nxref; i++) {
		r = xref_section(d, d->xref[i], num, x, &tr);
		if (r < 0)
			return -1;
		if (r == 1)
			return x->used ? 0 : -1;
	}
	return -1;
}

/* The direct object inside "num gen obj ... endobj". */
static int
obj_body(const struct pdf *d, uint64_t num, struct span *body,
    uint64_t *gen)
{
	const char *p, *e = d->buf + d->len;
	struct xent x;
	uint64_t n, g;

	if (obj_find(d, num, &x) < 0 || x.off >= d->len)
		return -1;
	p = num_at(d->buf + x.off, e, &n);
	if (p != NULL)
		p = num_at(skip_ws(p, e), e, &g);
	if (p == NULL || n != num || g != x.gen)
		return -1;
	p = skip_ws(p, e);
	if (e - p < 3 || memcmp(p, "obj", 3) != 0)
		return -1;
	body->p = skip_ws(p + 3, e);
	body->e = skip_obj(body->p, e, 0);
	*gen = g;
	return body->e == NULL ? -1 : 0;
}

static int
obj_dict(const struct pdf *d, uint64_t num, struct span *dict,
    uint64_t *gen)
{
	if (obj_body(d, num, dict, gen) < 0 || !span_starts(*dict, "<<"))
		return -1;
	return 0;
}

/* v itself, or the object it refers to; it must start with open. */
static int
resolve(const struct pdf *d, struct span v, const char *open,
    struct span *out)
{
	uint64_t num, gen;

	*out = v;
	if (ref_at(v.p, v.e, &num) == v.e && obj_body(d, num, out, &gen) < 0)
		return -1;
	if (!span_starts(*out, open) || out->e - out->p > SIGN_MAX_DICT)
		return -1;
	return 0;
}

/* The bytes between "[" and "]" of an array span. */
static struct span
array_inner(struct span a)
{
	struct span in = { a.p + 1, a.e - 1 };

	return in;
}

static int
find_startxref(const char *buf, size_t len, uint64_t *off)
{
	size_t from = len > SIGN_TAIL ? len - SIGN_TAIL : 0, i;
	const char *e = buf + len;

	for (i = len; i >= from + 9; i--) {
		if (memcmp(buf + i - 9, "startxref", 9) != 0)
			continue;
		return num_at(skip_ws(buf + i, e), e, off) ? 0 : -1;
	}
	return -1;
}

/* Follow the sections from the last startxref through /Prev. */
static int
pdf_sections(struct pdf *d, uint64_t at, const char **why)
{
	struct xent x;
	struct span tr, v;
	size_t i;

	for (d->nxref = 0; d->nxref < SIGN_MAX_XREFS; ) {
		for (i = 0; i < d->nxref; i++)
			if (d->xref[i] == at) {
				*why = "xref sections form a loop";
				return -1;
			}
		if (xref_section(d, at, UINT64_MAX, &x, &tr) < 0) {
			*why = "no classic xref table where startxref points";
			return -1;
		}
		d->xref[d->nxref++] = at;
		if (d->nxref == 1)
			d->trailer = tr;
		if (!dict_get(tr, "/Prev", &v))
			return 0;
		if (num_at(v.p, v.e, &at) == NULL) {
			*why = "bad /Prev in the trailer";
			return -1;
		}
	}
	*why = "too many xref sections";
	return -1;
}

static int
pdf_open(struct pdf *d, const char *buf, size_t len, const char **why)
{
	struct span v;
	uint64_t at;

	memset(d, 0, sizeof *d);
	d->buf = buf;
	d->len = len;
	if (len < 8 || memcmp(buf, "%PDF-", 5) != 0) {
		*why = "not a PDF";
		return -1;
	}
	if (find_startxref(buf, len, &at) < 0) {
		*why = "no startxref at the end";
		return -1;
	}
	if (pdf_sections(d, at, why) < 0)
		return -1;
	if (dict_get(d->trailer, "/Encrypt", &v) ||
	    dict_get(d->trailer, "/XRefStm", &v)) {
		*why = "encrypted PDF or xref streams";
		return -1;
	}
	if (!dict_get(d->trailer, "/Root", &v) ||
	    ref_at(v.p, v.e, &d->root) != v.e ||
	    !dict_get(d->trailer, "/Size", &v) ||
	    num_at(v.p, v.e, &d->size) != v.e ||
	    d->size == 0 || d->size > SIGN_MAX_OBJNUM) {
		*why = "trailer lacks /Root or /Size";
		return -1;
	}
	return 0;
}

/* Page 1: the first of /Kids, down from the catalog's /Pages. */
static int
first_page(const struct pdf *d, struct span cat, uint64_t *num,
    uint64_t *gen, struct span *page)
{
	struct span v, t;
	uint64_t n;
	int depth;

	if (!dict_get(cat, "/Pages", &v) || ref_at(v.p, v.e, &n) != v.e)
		return -1;
	for (depth = 0; depth < SIGN_MAX_TREE; depth++) {
		if (obj_dict(d, n, page, gen) < 0 ||
		    !dict_get(*page, "/Type", &t))
			return -1;
		if (span_eq(t, "/Page")) {
			*num = n;
			return 0;
		}
		if (!span_eq(t, "/Pages") || !dict_get(*page, "/Kids", &v) ||
		    resolve(d, v, "[", &v) < 0 ||
		    ref_at(skip_ws(v.p + 1, v.e), v.e, &n) == NULL)
			return -1;
	}
	return -1;
}

/* --- The incremental update. */

struct upd {
	struct pdf	 d;
	uint64_t	 cat, catgen, page, pagegen;
	struct span	 catdict, pagedict;
	struct span	 annots;	/* inner of page 1's /Annots, or empty */
	struct span	 form;		/* the /AcroForm dict, or p NULL */
	struct span	 fields;	/* inner of its /Fields, or empty */
	uint64_t	 sig, widget;	/* the new objects' numbers */
	struct buf	 b;		/* the whole signed file */
	struct uobj {
		uint64_t	 num, gen;
		size_t		 off;
	}		 obj[4];	/* objects written, for the xref */
	size_t		 nobj;
	size_t		 br;		/* offset of the /ByteRange array */
	size_t		 hex;		/* offset of the /Contents '<' */
	size_t		 reserve;	/* CMS bytes that fit in /Contents */
};

/* The existing /AcroForm and its /Fields, if any: signing twice. */
static int
upd_read_form(struct upd *u)
{
	struct span v;

	u->form.p = u->form.e = NULL;
	u->fields.p = u->fields.e = u->catdict.p;
	if (!dict_get(u->catdict, "/AcroForm", &v))
		return 0;
	if (resolve(&u->d, v, "<<", &u->form) < 0)
		return -1;
	if (!dict_get(u->form, "/Fields", &v))
		return 0;
	if (resolve(&u->d, v, "[", &v) < 0)
		return -1;
	u->fields = array_inner(v);
	return 0;
}

/* Catalog, page 1, its /Annots and the /AcroForm of pdf. */
static int
upd_read(struct upd *u, const char *pdf, size_t len, const char **why)
{
	struct span v;

	if (pdf_open(&u->d, pdf, len, why) < 0)
		return -1;
	*why = "cannot read the catalog or page 1";
	u->cat = u->d.root;
	if (obj_dict(&u->d, u->cat, &u->catdict, &u->catgen) < 0 ||
	    u->catdict.e - u->catdict.p > SIGN_MAX_DICT ||
	    first_page(&u->d, u->catdict, &u->page, &u->pagegen,
	    &u->pagedict) < 0 || u->pagedict.e - u->pagedict.p > SIGN_MAX_DICT)
		return -1;
	u->annots.p = u->annots.e = u->pagedict.p;
	if (dict_get(u->pagedict, "/Annots", &v)) {
		if (resolve(&u->d, v, "[", &v) < 0)
			return -1;
		u->annots = array_inner(v);
	}
	if (upd_read_form(u) < 0) {
		*why = "cannot read the /AcroForm";
		return -1;
	}
	u->sig = u->d.size;
	u->widget = u->d.size + 1;
	return 0;
}

static int
obj_begin(struct upd *u, uint64_t num, uint64_t gen)
{
	u->obj[u->nobj].num = num;
	u->obj[u->nobj].gen = gen;
	u->obj[u->nobj++].off = u->b.len;
	return buf_printf(&u->b, "%" PRIu64 " %" PRIu64 " obj\n", num, gen);
}

/* The next code point of valid UTF-8 (utf8_clean's output). */
static const unsigned char *
utf8_next(const unsigned char *p, uint32_t *cp)
{
	int n = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0;

	*cp = n == 0 ? *p : *p & (0x3fu >> n);
	for (p++; n > 0 && (*p & 0xc0) == 0x80; n--, p++)
		*cp = *cp << 6 | (*p & 0x3fu);
	return p;
}

/* A PDF text string: UTF-16BE with a byte order mark, as hex. */
static int
add_text(struct buf *b, const char *key, const char *utf8)
{
	char *s = utf8_clean(utf8, strlen(utf8), false);
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int rc;

	rc = buf_printf(b, "%s <FEFF", key);
	while (*p != '\0') {
		p = utf8_next(p, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			rc |= buf_printf(b, "%04X%04X", 0xd800 | cp >> 10,
			    0xdc00 | (cp & 0x3ff));
		} else
			rc |= buf_printf(b, "%04X", cp);
	}
	rc |= buf_adds(b, ">\n");
	free(s);
	return rc;
}

/* The /Sig dictionary with its /ByteRange and /Contents placeholders. */
static int
upd_sig(struct upd *u, const struct sign_key *k, time_t when,
    const char *reason, const char *location)
{
	char m[32], zeros[1024];
	struct tm tm;
	size_t i, n;
	int rc;

	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(m, sizeof m, "D:%Y%m%d%H%M%SZ", &tm) == 0)
		return -1;
	rc = obj_begin(u, u->sig, 0);
	rc |= buf_printf(&u->b, "<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n"
	    "/SubFilter /adbe.pkcs7.detached\n/M (%s)\n", m);
	rc |= add_text(&u->b, "/Name", k->subject);
	if (reason != NULL)
		rc |= add_text(&u->b, "/Reason", reason);
	if (location != NULL)
		rc |= add_text(&u->b, "/Location", location);
	rc |= buf_adds(&u->b, "/ByteRange ");
	u->br = u->b.len;
	rc |= buf_printf(&u->b, "%-*s\n/Contents ", SIGN_BR_WIDTH, "[0 0 0 0]");
	u->hex = u->b.len;
	rc |= buf_addc(&u->b, '<');
	memset(zeros, '0', sizeof zeros);
	for (i = 0; i < 2 * u->reserve; i += n) {
		n = 2 * u->reserve - i < sizeof zeros ? 2 * u->reserve - i :
		    sizeof zeros;
		rc |= buf_add(&u->b, zeros, n);
	}
	rc |= buf_adds(&u->b, ">\n>>\nendobj\n");
	return rc;
}

/* The signature field, merged with its invisible widget on page 1. */
static int
upd_widget(struct upd *u)
{
	int rc;

	rc = obj_begin(u, u->widget, 0);
	rc |= buf_printf(&u->b, "<<\n/Type /Annot\n/Subtype /Widget\n"
	    "/FT /Sig\n/T (Signature%" PRIu64 ")\n/V %" PRIu64 " 0 R\n"
	    "/P %" PRIu64 " %" PRIu64 " R\n/Rect [0 0 0 0]\n/F 132\n>>\n"
	    "endobj\n", u->widget, u->sig, u->page, u->pagegen);
	return rc;
}

/* The catalog again, with /AcroForm listing the new field. */
static int
upd_catalog(struct upd *u)
{
	static const char *const skip_cat[] = { "/AcroForm", NULL };
	static const char *const skip_form[] = { "/Fields", "/SigFlags", NULL };
	struct span v;
	int rc;

	rc = obj_begin(u, u->cat, u->catgen);
	rc |= buf_adds(&u->b, "<<\n");
	rc |= dict_copy(&u->b, u->catdict, skip_cat);
	if (!dict_get(u->catdict, "/Version", &v))
		rc |= buf_adds(&u->b, "/Version /1.7\n");
	rc |= buf_adds(&u->b, "/AcroForm <<\n");
	if (u->form.p != NULL)
		rc |= dict_copy(&u->b, u->form, skip_form);
	rc |= buf_adds(&u->b, "/Fields [");
	rc |= buf_add(&u->b, u->fields.p, (size_t)(u->fields.e - u->fields.p));
	rc |= buf_printf(&u->b, " %" PRIu64 " 0 R]\n/SigFlags 3\n>>\n>>\n"
	    "endobj\n", u->widget);
	return rc;
}

/* Page 1 again, its /Annots extended by the widget. */
static int
upd_page(struct upd *u)
{
	static const char *const skip[] = { "/Annots", NULL };
	int rc;

	rc = obj_begin(u, u->page, u->pagegen);
	rc |= buf_adds(&u->b, "<<\n");
	rc |= dict_copy(&u->b, u->pagedict, skip);
	rc |= buf_adds(&u->b, "/Annots [");
	rc |= buf_add(&u->b, u->annots.p, (size_t)(u->annots.e - u->annots.p));
	rc |= buf_printf(&u->b, " %" PRIu64 " 0 R]\n>>\nendobj\n", u->widget);
	return rc;
}

/* Sort the written objects by number (there are four). */
static void
upd_sort(struct upd *u)
{
	struct uobj t;
	size_t i, j;

	for (i = 1; i < u->nobj; i++)
		for (j = i; j > 0 && u->obj[j - 1].num > u->obj[j].num; j--) {
			t = u->obj[j];
			u->obj[j] = u->obj[j - 1];
			u->obj[j - 1] = t;
		}
}

/* The xref section (one subsection per run of numbers), the trailer. */
static int
upd_xref(struct upd *u)
{
	static const char *const skip[] = { "/Size", "/Prev", NULL };
	size_t i, j, at;
	int rc = 0;

	upd_sort(u);
	at = u->b.len;
	rc |= buf_adds(&u->b, "xref\n");
	for (i = 0; i < u->nobj; i = j) {
		j = i + 1;
		while (j < u->nobj && u->obj[j].num == u->obj[j - 1].num + 1)
			j++;
		rc |= buf_printf(&u->b, "%" PRIu64 " %zu\n", u->obj[i].num,
		    j - i);
		for (; i < j; i++)
			rc |= buf_printf(&u->b, "%010zu %05" PRIu64 " n\r\n",
			    u->obj[i].off, u->obj[i].gen);
	}
	rc |= buf_printf(&u->b, "trailer\n<<\n/Size %" PRIu64 "\n",
	    u->widget + 1);
	rc |= dict_copy(&u->b, u->d.trailer, skip);
	rc |= buf_printf(&u->b, "/Prev %" PRIu64 "\n>>\nstartxref\n%zu\n"
	    "%%%%EOF\n", u->d.xref[0], at);
	return rc;
}

/* Everything but the signature itself. */
static int
upd_write(struct upd *u, const struct sign_key *k, time_t when,
    const char *reason, const char *location)
{
	size_t len = u->d.len;
	int rc;

	buf_init(&u->b, len + 8 * SIGN_MAX_DICT + 2 * SIGN_MAX_CMS +
	    16 * SIGN_MAX_TEXT + 65536);
	rc = buf_add(&u->b, u->d.buf, len);
	if (len > 0 && u->d.buf[len - 1] != '\n' && u->d.buf[len - 1] != '\r')
		rc |= buf_addc(&u->b, '\n');
	rc |= upd_sig(u, k, when, reason, location);
	rc |= upd_widget(u);
	rc |= upd_catalog(u);
	rc |= upd_page(u);
	rc |= upd_xref(u);
	return rc;
}

/* --- CMS. */

/* A detached CMS SignedData over p[0..n), signingTime when, as DER. */
static int
cms_sign(const struct sign_key *k, const char *p, size_t n, time_t when,
    unsigned char **der, size_t *dlen)
{
	const int flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP |
	    CMS_PARTIAL;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	ASN1_TIME *t = NULL;
	BIO *in;
	int len = -1;

	*der = NULL;
	in = BIO_new_mem_buf(p, (int)n);
	cms = CMS_sign(NULL, NULL, k->chain, NULL, flags);
	if (in == NULL || cms == NULL)
		goto out;
	si = CMS_add1_signer(cms, k->cert, k->key, EVP_sha256(), flags);
	t = ASN1_TIME_set(NULL, when);
	if (si == NULL || t == NULL ||
	    !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
	    ASN1_STRING_type(t), t, -1) ||
	    !CMS_final(cms, in, NULL, flags))
		goto out;
	len = i2d_CMS_ContentInfo(cms, der);
out:
	ASN1_TIME_free(t);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	ERR_clear_error();
	*dlen = len > 0 ? (size_t)len : 0;
	return len > 0 ? 0 : -1;
}

/* Fill in /ByteRange, sign the two ranges, write the CMS as hex. */
static enum pl_status
upd_sign(struct upd *u, const struct sign_key *k, time_t when,
    const char **why)
{
	static const char hexd[] = "0123456789ABCDEF";
	char br[SIGN_BR_WIDTH + 1], *data, *s = u->b.data;
	size_t gap = u->hex + 2 * u->reserve + 2, dlen, i;
	unsigned char *der;
	int n;

	n = snprintf(br, sizeof br, "[0 %zu %zu %zu]", u->hex, gap,
	    u->b.len - gap);
	if (n < 0 || (size_t)n >= sizeof br)
		abort();	/* offsets are capped by SIGN_MAX_PDF */
	memset(br + n, ' ', sizeof br - 1 - (size_t)n);
	memcpy(s + u->br, br, SIGN_BR_WIDTH);
	data = xmalloc(u->b.len - 2 * u->reserve - 2);
	memcpy(data, s, u->hex);
	memcpy(data + u->hex, s + gap, u->b.len - gap);
	n = cms_sign(k, data, u->b.len - 2 * u->reserve - 2, when, &der,
	    &dlen);
	free(data);
	if (n < 0) {
		*why = "CMS signing failed";
		return PL_ECONF;
	}
	if (dlen > u->reserve) {
		OPENSSL_free(der);
		*why = "signature too large";
		return PL_EINPUT;
	}
	for (i = 0; i < dlen; i++) {
		s[u->hex + 1 + 2 * i] = hexd[der[i] >> 4];
		s[u->hex + 2 + 2 * i] = hexd[der[i] & 15];
	}
	OPENSSL_free(der);
	return PL_OK;
}

enum pl_status
sign_pdf(const struct sign_key *k, const char *pdf, size_t len, time_t when,
    const char *reason, const char *location, char **out, size_t *outlen,
    const char **why)
{
	struct upd u;
	enum pl_status st;

	*out = NULL;
	*outlen = 0;
	memset(&u, 0, sizeof u);
	buf_init(&u.b, 0);
	if ((reason != NULL && strlen(reason) > SIGN_MAX_TEXT) ||
	    (location != NULL && strlen(location) > SIGN_MAX_TEXT)) {
		*why = "reason or location too long";
		return PL_ECONF;
	}
	if (pdf == NULL || len > SIGN_MAX_PDF) {
		*why = "PDF missing or too large";
		return PL_EINPUT;
	}
	/* A letter signed outside the certificate's validity is worthless. */
	if (X509_cmp_time(X509_get0_notBefore(k->cert), &when) > 0) {
		*why = "the signing certificate is not valid yet";
		return PL_ECONF;
	}
	if (X509_cmp_time(X509_get0_notAfter(k->cert), &when) < 0) {
		*why = "the signing certificate has expired";
		return PL_ECONF;
	}
	if (upd_read(&u, pdf, len, why) < 0)
		return PL_EINPUT;
	u.reserve = k->reserve;
	if (upd_write(&u, k, when, reason, location) < 0) {
		*why = "PDF structures too large to copy";
		st = PL_EINPUT;
		goto out;
	}
	st = upd_sign(&u, k, when, why);
	if (st == PL_OK)
		*out = buf_steal(&u.b, outlen);
out:
	buf_free(&u.b);
	return st;
}

/* --- Keys. */

/* Hand OpenSSL the configured password; never prompt on a terminal. */
static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t n;

	if (pass == NULL)
		return -1;
	n = strlen(pass);
	if (n > (size_t)size)
		return -1;
	memcpy(buf, pass, n);
	return (int)n;
}

/* The subject on one line, UTF-8, controls escaped, cut at a character. */
static void
subject_line(const X509_NAME *nm, char *out, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;

	out[0] = '\0';
	if (b == NULL)
		return;
	if (X509_NAME_print_ex(b, nm, 0,
	    XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		n = BIO_get_mem_data(b, &p);
		if (n < 0)
			n = 0;
		if ((size_t)n >= size) {
			n = (long)size - 1;
			while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(out, p, (size_t)n);
		out[n] = '\0';
	}
	BIO_free(b);
}

/* The certificate's CN, or its whole subject when it has none. */
static char *
subject_cn(X509 *x)
{
	X509_NAME *nm = X509_get_subject_name(x);
	int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1), n;
	unsigned char *u = NULL;
	char line[256], *s;

	if (i >= 0) {
		n = ASN1_STRING_to_UTF8(&u,
		    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i)));
		if (n > 0) {
			s = utf8_clean((char *)u, (size_t)n, false);
			OPENSSL_free(u);
			return s;
		}
	}
	subject_line(nm, line, sizeof line);
	return xstrdup(line);
}

static enum pl_status
load_pem(struct sign_key *k, const char *cert_path, const char *key_path,
    const char *pass, const char **why)
{
	BIO *in;
	X509 *x;

	in = BIO_new_file(cert_path, "r");
	if (in == NULL) {
		*why = "cannot open the certificate file";
		return PL_ECONF;
	}
	k->cert = PEM_read_bio_X509(in, NULL, pass_cb, NULL);
	/* Further certificates in the file are the chain. */
	k->chain = sk_X509_new_null();
	while (k->cert != NULL && k->chain != NULL) {
		x = PEM_read_bio_X509(in, NULL, pass_cb, NULL);
		if (x == NULL)
			break;
		if (!sk_X509_push(k->chain, x))
			X509_free(x);
	}
	BIO_free(in);
	if (k->cert == NULL || k->chain == NULL) {
		*why = "no certificate in the certificate file";
		return PL_ECONF;
	}
	in = BIO_new_file(key_path != NULL ? key_path : cert_path, "r");
	if (in != NULL)
		k->key = PEM_read_bio_PrivateKey(in, NULL, pass_cb,
		    (void *)pass);
	BIO_free(in);
	if (k->key == NULL) {
		*why = "cannot read the private key (file or password)";
		return PL_ECONF;
	}
	return PL_OK;
}

static enum pl_status
load_p12(struct sign_key *k, const char *path, const char *pass,
    const char **why)
{
	PKCS12 *p12 = NULL;
	BIO *in;
	int ok;

	in = BIO_new_file(path, "rb");
	if (in != NULL)
		p12 = d2i_PKCS12_bio(in, NULL);
	BIO_free(in);
	if (p12 == NULL) {
		*why = "cannot read the PKCS#12 file";
		return PL_ECONF;
	}
	ok = PKCS12_parse(p12, pass, &k->key, &k->cert, &k->chain);
	PKCS12_free(p12);
	if (!ok) {
		*why = "wrong PKCS#12 password or unsupported PKCS#12 file";
		return PL_ECONF;
	}
	if (k->chain == NULL)
		k->chain = sk_X509_new_null();
	if (k->key == NULL || k->cert == NULL || k->chain == NULL) {
		*why = "PKCS#12 file lacks the key or the certificate";
		return PL_ECONF;
	}
	return PL_OK;
}

/* Room for the CMS: certificates, one signature, attributes. */
static size_t
cms_reserve(const struct sign_key *k)
{
	size_t n = 2048;
	int i, m;

	m = i2d_X509(k->cert, NULL);
	n += m > 0 ? (size_t)m : 0;
	m = EVP_PKEY_get_size(k->key);
	n += m > 0 ? (size_t)m : 0;
	for (i = 0; i < sk_X509_num(k->chain); i++) {
		m = i2d_X509(sk_X509_value(k->chain, i), NULL);
		n += m > 0 ? (size_t)m : 0;
	}
	n = (n + 1023) & ~(size_t)1023;
	return n < SIGN_MIN_CMS ? SIGN_MIN_CMS : n;
}

static bool
is_p12(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && (strcasecmp(path + n - 4, ".p12") == 0 ||
	    strcasecmp(path + n - 4, ".pfx") == 0);
}

enum pl_status
sign_key_load(const char *cert_path, const char *key_path, const char *pass,
    struct sign_key **out, const char **why)
{
	struct sign_key *k = xcalloc(1, sizeof *k);
	enum pl_status st;

	*out = NULL;
	if (is_p12(cert_path) && key_path != NULL) {
		*why = "a PKCS#12 file takes no separate key file";
		st = PL_ECONF;
	} else if (is_p12(cert_path))
		st = load_p12(k, cert_path, pass, why);
	else
		st = load_pem(k, cert_path, key_path, pass, why);
	if (st == PL_OK && X509_check_private_key(k->cert, k->key) != 1) {
		*why = "key does not match certificate";
		st = PL_ECONF;
	}
	if (st == PL_OK) {
		k->reserve = cms_reserve(k);
		if (k->reserve > SIGN_MAX_CMS) {
			*why = "certificate chain too large";
			st = PL_ECONF;
		}
	}
	ERR_clear_error();
	if (st != PL_OK) {
		sign_key_free(k);
		return st;
	}
	k->subject = subject_cn(k->cert);
	*out = k;
	return PL_OK;
}

void
sign_key_free(struct sign_key *k)
{
	if (k == NULL)
		return;
	X509_free(k->cert);
	EVP_PKEY_free(k->key);
	sk_X509_pop_free(k->chain, X509_free);
	free(k->subject);
	free(k);
}

const char *
sign_key_subject(const struct sign_key *k)
{
	return k->subject;
}

/* --- Checking a signature. */

/* The signature dictionary as found, and what its entries say. */
struct sigdict {
	uint64_t	 br[4];		/* /ByteRange */
	bool		 br_ok;		/* four unsigned integers */
	struct span	 contents;	/* "<...>" */
	struct span	 m;		/* /M, p NULL when absent */
};

/* The last occurrence of needle in p[0..n). */
static int
rfind(const char *p, size_t n, const char *needle, size_t *at)
{
	size_t m = strlen(needle), i;

	for (i = n; i >= m; i--)
		if (p[i - m] == needle[0] && memcmp(p + i - m, needle, m) == 0) {
			*at = i - m;
			return 0;
		}
	return -1;
}

/* "[o1 l1 o2 l2]" */
static bool
br_parse(struct span v, uint64_t br[4])
{
	const char *p = v.p;
	int i;

	if (!span_starts(v, "["))
		return false;
	p++;
	for (i = 0; i < 4; i++) {
		p = num_at(skip_ws(p, v.e), v.e, &br[i]);
		if (p == NULL)
			return false;
	}
	p = skip_ws(p, v.e);
	return p + 1 == v.e && *p == ']';
}

/* The dict of the object around the /ByteRange key at pdf + at. */
static int
sig_at(const char *pdf, size_t len, size_t at, struct sigdict *s)
{
	size_t lo = at > SIGN_MAX_BACK ? at - SIGN_MAX_BACK : 0, i;
	const char *e = pdf + len;
	struct span d, v;

	for (i = at; i >= lo + 4; i--)
		if (memcmp(pdf + i - 3, "obj", 3) == 0 && is_white(pdf[i - 4]))
			break;
	if (i < lo + 4)
		return -1;
	d.p = skip_ws(pdf + i, e);
	if (e - d.p < 2 || d.p[0] != '<' || d.p[1] != '<')
		return -1;
	d.e = skip_obj(d.p, e, 0);
	if (d.e == NULL || d.e <= pdf + at ||
	    !dict_get(d, "/ByteRange", &v) ||
	    !dict_get(d, "/Contents", &s->contents) ||
	    !span_starts(s->contents, "<") || span_starts(s->contents, "<<"))
		return -1;
	s->br_ok = br_parse(v, s->br);
	if (!dict_get(d, "/M", &s->m))
		s->m.p = s->m.e = NULL;
	return 0;
}

/* The signature dict that comes last in the file. */
static int
find_sig(const char *pdf, size_t len, struct sigdict *s)
{
	size_t end = len, at;
	int i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < SIGN_MAX_TRIES; i++) {
		if (rfind(pdf, end, "/ByteRange", &at) < 0)
			return -1;
		if (sig_at(pdf, len, at, s) == 0)
			return 0;
		end = at;
	}
	return -1;
}

static bool
ranges_ok(const uint64_t br[4], size_t len)
{
	return br[0] <= len && br[1] <= len - br[0] &&
	    br[0] + br[1] <= br[2] && br[2] <= len && br[3] <= len - br[2];
}

static void
note(struct sign_check *c, const char *why)
{
	if (c->why[0] == '\0')
		snprintf(c->why, sizeof c->why, "%s", why);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes of a hex string "<...>"; NULL when malformed or too long. */
static unsigned char *
hex_decode(struct span s, size_t *n)
{
	unsigned char *out;
	const char *p;
	int hi = -1, v;

	*n = 0;
	if ((size_t)(s.e - s.p) > 2 * SIGN_MAX_CONTENTS + 2)
		return NULL;
	out = xmalloc((size_t)(s.e - s.p) / 2 + 1);
	for (p = s.p + 1; p < s.e - 1; p++) {
		if (is_white(*p))
			continue;
		v = hexval(*p);
		if (v < 0) {
			free(out);
			return NULL;
		}
		if (hi < 0)
			hi = v;
		else {
			out[(*n)++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)	/* an odd digit count: a final 0 is implied */
		out[(*n)++] = (unsigned char)(hi << 4);
	return out;
}

/* The signingTime attribute as "YYYY-MM-DD HH:MM:SS UTC". */
static void
signing_time(CMS_SignerInfo *si, char out[32])
{
	X509_ATTRIBUTE *a;
	ASN1_TYPE *t;
	struct tm tm;
	int i;

	i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (i < 0)
		return;
	a = CMS_signed_get_attr(si, i);
	t = a != NULL ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
	if (t == NULL || (t->type != V_ASN1_UTCTIME &&
	    t->type != V_ASN1_GENERALIZEDTIME))
		return;
	memset(&tm, 0, sizeof tm);
	if (ASN1_TIME_to_tm(t->value.utctime, &tm) == 1)
		strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* /M "(D:YYYYMMDDHHmmSS" then Z, or +HH'mm', or nothing (UTC). */
static void
m_time(struct span m, char out[32])
{
	uint64_t f[6], oh = 0, om = 0;
	const char *p = m.p + 1;
	struct tm tm;
	time_t t;
	int i, sign = 0;

	if (m.p == NULL || m.e - m.p < 17 || *m.p != '(')
		return;
	if (m.e - p >= 2 && memcmp(p, "D:", 2) == 0)
		p += 2;
	if (m.e - p < 15 || !digits(p, 4, &f[0]))
		return;
	for (i = 1; i < 6; i++)
		if (!digits(p + 2 + 2 * i, 2, &f[i]))
			return;
	p += 14;
	if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (m.e - p < 7 || !digits(p + 1, 2, &oh) || p[3] != '\'' ||
		    !digits(p + 4, 2, &om))
			return;
	}
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 ||
	    f[4] > 59 || f[5] > 60 || f[0] < 1900 || oh > 23 || om > 59)
		return;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)f[0] - 1900;
	tm.tm_mon = (int)f[1] - 1;
	tm.tm_mday = (int)f[2];
	tm.tm_hour = (int)f[3];
	tm.tm_min = (int)f[4];
	tm.tm_sec = (int)f[5];
	t = timegm(&tm) - sign * (time_t)(oh * 3600 + om * 60);
	if (gmtime_r(&t, &tm) != NULL)
		strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* Does the signed messageDigest match the ranges? */
static bool
digest_ok(CMS_SignerInfo *si, X509_ALGOR *dig, const char *data,
    size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	const ASN1_OBJECT *obj;
	const EVP_MD *alg;
	ASN1_OCTET_STRING *want;

	X509_ALGOR_get0(&obj, NULL, NULL, dig);
	alg = EVP_get_digestbyobj(obj);
	want = CMS_signed_get0_data_by_OBJ(si,
	    OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (alg == NULL || want == NULL ||
	    !EVP_Digest(data, n, md, &mdlen, alg, NULL))
		return false;
	return ASN1_STRING_length(want) == (int)mdlen &&
	    memcmp(ASN1_STRING_get0_data(want), md, mdlen) == 0;
}

/* OpenSSL's reason a certificate did not verify, into c->why. */
static void
note_untrusted(struct sign_check *c)
{
	char why[sizeof c->why] = "certificate not trusted";
	const char *data, *p;
	int flags;

	for (;;) {
		if (ERR_get_error_all(NULL, NULL, NULL, &data, &flags) == 0)
			break;
		if ((flags & ERR_TXT_STRING) == 0 || data == NULL || !*data)
			continue;
		p = strncmp(data, "Verify error:", 13) == 0 ? data + 13 : data;
		while (*p == ' ')
			p++;
		snprintf(why, sizeof why, "certificate not trusted: %s", p);
	}
	note(c, why);
}

/* CMS_verify over the ranges; with ca_file the chain must reach it. */
static bool
cms_verify(CMS_ContentInfo *cms, const char *data, size_t n,
    const char *ca_file, struct sign_check *c)
{
	X509_STORE *st = NULL;
	int flags = CMS_BINARY | CMS_DETACHED;
	BIO *in;
	bool ok = false;

	in = BIO_new_mem_buf(data, (int)n);
	if (ca_file == NULL)
		flags |= CMS_NO_SIGNER_CERT_VERIFY;
	else {
		st = X509_STORE_new();
		if (st == NULL || X509_STORE_load_file(st, ca_file) != 1) {
			note(c, "cannot read the CA file");
			goto out;
		}
		/* A signing certificate need not carry an EKU. */
		X509_STORE_set_purpose(st, X509_PURPOSE_ANY);
	}
	ok = in != NULL && CMS_verify(cms, NULL, st, in, NULL, flags) == 1;
	if (!ok && ca_file != NULL)
		note_untrusted(c);
out:
	X509_STORE_free(st);
	BIO_free(in);
	ERR_clear_error();
	return ok;
}

/* Digest, signature, then trust, of the first SignerInfo. */
static void
check_signer(CMS_ContentInfo *cms, const char *data, size_t n,
    const char *ca_file, struct sign_check *c)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si;
	X509_ALGOR *dig = NULL;
	X509 *signer = NULL;

	if (sk_CMS_SignerInfo_num(sis) < 1) {
		note(c, "no signer in the CMS");
		return;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	CMS_set1_signers_certs(cms, NULL, 0);
	CMS_SignerInfo_get0_algs(si, NULL, &signer, &dig, NULL);
	if (signer == NULL || dig == NULL) {
		note(c, "signer certificate missing from the CMS");
		return;
	}
	subject_line(X509_get_subject_name(signer), c->signer,
	    sizeof c->signer);
	signing_time(si, c->signed_at);
	if (CMS_signed_get_attr_count(si) > 0) {
		c->digest_ok = digest_ok(si, dig, data, n);
		c->sig_ok = CMS_SignerInfo_verify(si) == 1;
	} else	/* the signature is over the content: one verdict */
		c->digest_ok = c->sig_ok = cms_verify(cms, data, n, NULL, c);
	if (!c->digest_ok)
		note(c, "digest mismatch");
	if (!c->sig_ok)
		note(c, "signature does not verify");
	/* The whole CMS rules too: content type, attributes. */
	if (c->digest_ok && c->sig_ok && !cms_verify(cms, data, n, NULL, c)) {
		c->sig_ok = false;
		note(c, "signature does not verify");
	}
	if (c->digest_ok && c->sig_ok && ca_file != NULL)
		c->trusted = cms_verify(cms, data, n, ca_file, c);
	ERR_clear_error();
}

/* Parse /Contents and check it against the two ranges. */
static void
check_cms(const char *pdf, const struct sigdict *s, const char *ca_file,
    struct sign_check *c)
{
	CMS_ContentInfo *cms = NULL;
	const unsigned char *p;
	unsigned char *der;
	char *data;
	size_t n, dlen = (size_t)(s->br[1] + s->br[3]);

	der = hex_decode(s->contents, &n);
	p = der;
	if (der != NULL && n <= LONG_MAX)
		cms = d2i_CMS_ContentInfo(NULL, &p, (long)n);
	if (cms == NULL ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		note(c, "cannot parse the CMS signature");
		goto out;
	}
	data = xmalloc(dlen + 1);
	memcpy(data, pdf + s->br[0], (size_t)s->br[1]);
	memcpy(data + s->br[1], pdf + s->br[2], (size_t)s->br[3]);
	check_signer(cms, data, dlen, ca_file, c);
	free(data);
out:
	CMS_ContentInfo_free(cms);
	free(der);
	ERR_clear_error();
}

enum pl_status
sign_check(const char *pdf, size_t len, const char *ca_file,
    struct sign_check *c)
{
	struct sigdict s;
	const char *at;

	memset(c, 0, sizeof *c);
	if (pdf == NULL || len > SIGN_MAX_PDF || find_sig(pdf, len, &s) < 0) {
		note(c, "no signature");
		return PL_EINPUT;
	}
	c->has_sig = true;
	if (!s.br_ok || !ranges_ok(s.br, len)) {
		note(c, "ByteRange is malformed or outside the file");
		m_time(s.m, c->signed_at);
		return PL_OK;
	}
	at = pdf + s.br[2];
	c->whole = s.br[0] == 0 && pdf + s.br[1] == s.contents.p &&
	    at == s.contents.e && s.br[2] + s.br[3] == len;
	if (!c->whole)
		note(c, "signature does not cover the whole file");
	check_cms(pdf, &s, ca_file, c);
	if (c->signed_at[0] == '\0')
		m_time(s.m, c->signed_at);
	return PL_OK;
}
