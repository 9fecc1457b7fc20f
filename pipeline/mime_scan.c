/* mime_scan (parse stage): structural pre-check before libetpan parses. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mime.h"
#include "pipeline.h"
#include "util.h"

/* One open container: a multipart (with its boundary) or a message/rfc822. */
struct frame {
	char	boundary[PL_MAX_BOUNDARY + 1];	/* "" for message/rfc822 */
	size_t	blen;
};

struct scan {
	struct frame	stack[PL_MAX_MIME_DEPTH + 1];
	int		depth;
	size_t		parts;
	/* The header block being read. */
	bool		in_header;
	size_t		hdr_bytes;
	size_t		hdr_fields;
	bool		in_ctype;	/* last field was Content-Type */
	bool		seen_ctype;	/* this block had one (the first wins) */
	char		ctype[1024];	/* unfolded Content-Type value */
	size_t		ctlen;
};

/* Copy the boundary parameter of a Content-Type value into f. */
static int
boundary_of(const char *ct, struct frame *f)
{
	const char *p = ct, *b = NULL, *e;

	while ((p = str_casestr(p, "boundary")) != NULL) {
		if (p == ct || isspace((unsigned char)p[-1]) || p[-1] == ';') {
			e = p + 8;
			while (*e == ' ' || *e == '\t')
				e++;
			if (*e == '=') {
				b = e + 1;
				break;
			}
		}
		p += 8;
	}
	if (b == NULL)
		return -1;
	while (*b == ' ' || *b == '\t')
		b++;
	if (*b == '"') {
		e = strchr(++b, '"');
		if (e == NULL)
			return -1;
	} else
		for (e = b; *e && *e != ';' && !isspace((unsigned char)*e); e++)
			;
	if (e == b || (size_t)(e - b) > PL_MAX_BOUNDARY)
		return -1;
	memcpy(f->boundary, b, (size_t)(e - b));
	f->boundary[e - b] = '\0';
	f->blen = (size_t)(e - b);
	return 0;
}

/* The header block ended: open the container it declares, if any. */
static enum pl_status
end_header(struct scan *s, const char **why)
{
	const char *ct = s->ctype;
	struct frame f;

	s->in_header = false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (str_caseprefix(ct, "multipart/")) {
		if (boundary_of(ct, &f) == -1) {
			*why = "multipart without a usable boundary";
			return PL_EINPUT;
		}
	} else if (str_caseprefix(ct, "message/rfc822") ||
	    str_caseprefix(ct, "message/global")) {
		f.boundary[0] = '\0';
		f.blen = 0;
		s->in_header = true;	/* the body starts with headers */
	} else
		goto reset;
	if (s->depth >= PL_MAX_MIME_DEPTH) {
		*why = "MIME nesting deeper than PL_MAX_MIME_DEPTH";
		return PL_EINPUT;
	}
	s->stack[s->depth++] = f;
reset:
	s->hdr_bytes = s->hdr_fields = 0;
	s->ctlen = 0;
	s->ctype[0] = '\0';
	s->in_ctype = s->seen_ctype = false;
	return PL_OK;
}

static void
ctype_add(struct scan *s, const char *p, size_t n)
{
	if (n > sizeof s->ctype - 1 - s->ctlen)
		n = sizeof s->ctype - 1 - s->ctlen;
	memcpy(s->ctype + s->ctlen, p, n);
	s->ctlen += n;
	s->ctype[s->ctlen] = '\0';
}

static enum pl_status
header_line(struct scan *s, const char *p, size_t n, const char **why)
{
	if (n == 0)
		return end_header(s, why);
	if (memchr(p, '\0', n) != NULL) {
		*why = "NUL byte in a header";
		return PL_EINPUT;
	}
	s->hdr_bytes += n + 2;
	if (s->hdr_bytes > PL_MAX_HDR) {
		*why = "header block larger than PL_MAX_HDR";
		return PL_EINPUT;
	}
	if (*p == ' ' || *p == '\t') {
		if (s->in_ctype)
			ctype_add(s, p, n);
		return PL_OK;
	}
	if (++s->hdr_fields > PL_MAX_HDR_FIELDS) {
		*why = "more header fields than PL_MAX_HDR_FIELDS";
		return PL_EINPUT;
	}
	/* "Content-Type", "Content-Type :" and a value folded below. */
	s->in_ctype = false;
	if (n >= 12 && strncasecmp(p, "content-type", 12) == 0) {
		size_t k = 12;

		while (k < n && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < n && p[k] == ':' && !s->seen_ctype) {
			s->in_ctype = s->seen_ctype = true;
			s->ctlen = 0;
			ctype_add(s, p + k + 1, n - k - 1);
		}
	}
	return PL_OK;
}

/* A body line: is it a delimiter of an open multipart? */
static enum pl_status
body_line(struct scan *s, const char *p, size_t n, const char **why)
{
	int i;
	size_t bl;

	if (n < 3 || p[0] != '-' || p[1] != '-')
		return PL_OK;
	for (i = s->depth - 1; i >= 0; i--) {
		bl = s->stack[i].blen;
		if (bl == 0 || n < 2 + bl ||
		    memcmp(p + 2, s->stack[i].boundary, bl) != 0)
			continue;
		if (n >= 4 + bl && p[2 + bl] == '-' && p[3 + bl] == '-') {
			s->depth = i;		/* closing delimiter */
			return PL_OK;
		}
		s->depth = i + 1;
		if (++s->parts > PL_MAX_PARTS) {
			*why = "more MIME parts than PL_MAX_PARTS";
			return PL_EINPUT;
		}
		s->in_header = true;
		return PL_OK;
	}
	return PL_OK;
}

enum pl_status
mime_precheck(const char *raw, size_t len, const char **why)
{
	struct scan s;
	const char *p = raw, *end = raw + len, *nl;
	size_t n;
	enum pl_status st;

	memset(&s, 0, sizeof s);
	s.in_header = true;
	if (len > PL_MAX_MSG) {
		*why = "message larger than PL_MAX_MSG";
		return PL_EINPUT;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (s.in_header && n > PL_MAX_LINE) {
			*why = "header line longer than PL_MAX_LINE";
			return PL_EINPUT;
		}
		if (n > 0 && p[n - 1] == '\r')
			n--;
		st = s.in_header ? header_line(&s, p, n, why) :
		    body_line(&s, p, n, why);
		if (st != PL_OK)
			return st;
		p = nl ? nl + 1 : end;
	}
	return PL_OK;
}

char *
mime_quick_msgid(const char *raw, size_t len)
{
	const char *p = raw, *end = raw + (len < PL_MAX_HDR ? len : PL_MAX_HDR);
	const char *nl, *lt, *gt;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n == 0 || (n == 1 && *p == '\r'))
			break;			/* end of the header block */
		if (n > 11 && strncasecmp(p, "message-id:", 11) == 0) {
			lt = memchr(p, '<', n);
			gt = lt ? memchr(lt, '>', n - (size_t)(lt - p)) : NULL;
			if (lt && gt && gt - lt > 1 && gt - lt < 250 &&
			    memchr(lt, ' ', (size_t)(gt - lt)) == NULL &&
			    memchr(lt, '\0', (size_t)(gt - lt)) == NULL &&
			    utf8_valid(lt, (size_t)(gt - lt + 1)))
				return utf8_clean(lt, (size_t)(gt - lt + 1),
				    false);
			return NULL;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return NULL;
}
