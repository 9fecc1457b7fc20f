/* charset (parse stage): charsets to UTF-8, RFC 2047 and RFC 2231 decoding. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "charset.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

static bool
charset_is_utf8(const char *cs)
{
	return strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;
}

static bool
charset_is_ascii(const char *cs)
{
	return strcasecmp(cs, "us-ascii") == 0 || strcasecmp(cs, "ascii") == 0;
}

/* iconv p[0..n) from cs into b; bad input bytes become U+FFFD. */
static int
iconv_into(iconv_t cd, const char *p, size_t n, struct buf *b)
{
	char out[4096], *in = (char *)p, *op;
	size_t inleft = n, outleft, r;

	while (inleft > 0) {
		op = out;
		outleft = sizeof out;
		r = iconv(cd, &in, &inleft, &op, &outleft);
		if (buf_add(b, out, sizeof out - outleft) == -1)
			return -1;
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated): replace one byte, go on. */
		if (buf_add(b, "\xef\xbf\xbd", 3) == -1)
			return -1;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	op = out;
	outleft = sizeof out;
	iconv(cd, NULL, NULL, &op, &outleft);
	return buf_add(b, out, sizeof out - outleft);
}

char *
charset_to_utf8(const char *cs, const char *p, size_t n)
{
	struct buf b;
	iconv_t cd;
	char *raw, *clean;
	size_t len;

	if (cs != NULL && (str_caseprefix(cs, "utf-7") ||
	    strcasecmp(cs, "unicode-1-1-utf-7") == 0))
		return utf8_clean(p, n, true);	/* never decode UTF-7 */
	if (cs != NULL && charset_is_utf8(cs))
		return utf8_clean(p, n, true);	/* bad bytes become U+FFFD */
	if (cs == NULL || *cs == '\0' || charset_is_ascii(cs)) {
		if (utf8_valid(p, n))
			return utf8_clean(p, n, true);
		cs = "windows-1252";
	}
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return charset_to_utf8(NULL, p, n);	/* unknown charset */
	buf_init(&b, n * 4 + 16);
	if (iconv_into(cd, p, n, &b) == -1) {
		iconv_close(cd);
		buf_free(&b);
		return utf8_clean(p, n, true);
	}
	iconv_close(cd);
	raw = buf_steal(&b, &len);
	clean = utf8_clean(raw, len, true);
	free(raw);
	return clean;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 text (n bytes) into b, skipping junk; -1 past the cap. */
static int
b64_into(const char *s, size_t n, struct buf *b)
{
	uint32_t acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = b64val((unsigned char)s[i]);
		if (v < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (buf_addc(b, (char)((acc >> bits) & 0xff)) == -1)
				return -1;
		}
	}
	return 0;
}

/* Decode RFC 2047 "Q" text into b. */
static int
q_into(const char *s, size_t n, struct buf *b)
{
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '_') {
			if (buf_addc(b, ' ') == -1)
				return -1;
		} else if (s[i] == '=' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			if (buf_addc(b, (char)(h << 4 | l)) == -1)
				return -1;
			i += 2;
		} else if (buf_addc(b, s[i]) == -1)
			return -1;
	}
	return 0;
}

/*
 * If s starts an encoded word =?cs?e?text?=, decode it (UTF-8) into out
 * and return its length; 0 if s is not one.
 */
static size_t
encoded_word(const char *s, struct buf *out)
{
	const char *cs, *q1, *q2, *end;
	char charset[64];
	struct buf raw;
	char *u;
	int rv;

	if (s[0] != '=' || s[1] != '?')
		return 0;
	cs = s + 2;
	q1 = strchr(cs, '?');
	if (q1 == NULL || q1 - cs == 0 || (size_t)(q1 - cs) >= sizeof charset ||
	    q1[1] == '\0' || q1[2] != '?')
		return 0;
	q2 = q1 + 2;
	end = strstr(q2 + 1, "?=");
	if (end == NULL || memchr(q2 + 1, ' ', (size_t)(end - q2 - 1)))
		return 0;
	memcpy(charset, cs, (size_t)(q1 - cs));
	charset[q1 - cs] = '\0';
	/* RFC 2231 language suffix: charset*lang. */
	if ((u = strchr(charset, '*')) != NULL)
		*u = '\0';
	buf_init(&raw, 4096);
	if (q1[1] == 'B' || q1[1] == 'b')
		rv = b64_into(q2 + 1, (size_t)(end - q2 - 1), &raw);
	else if (q1[1] == 'Q' || q1[1] == 'q')
		rv = q_into(q2 + 1, (size_t)(end - q2 - 1), &raw);
	else
		rv = -1;
	if (rv == -1) {
		buf_free(&raw);
		return 0;
	}
	/* Header text is one line: control bytes become spaces, NUL goes
	 * (ASCII-compatible charsets; UTF-16/32 bytes are not characters). */
	if (!str_caseprefix(charset, "utf-16") &&
	    !str_caseprefix(charset, "utf-32") && !str_caseprefix(charset, "ucs"))
		for (size_t i = 0; i < raw.len; i++)
			if (((unsigned char)raw.data[i] < 0x20 && raw.data[i]) ||
			    raw.data[i] == 0x7f)
				raw.data[i] = ' ';
	u = charset_to_utf8(charset, raw.data ? raw.data : "", raw.len);
	buf_adds(out, u);
	free(u);
	buf_free(&raw);
	return (size_t)(end + 2 - s);
}

char *
rfc2047_decode(const char *s)
{
	struct buf b, probe;
	const char *p = s, *ws;
	size_t k;
	bool after_word = false;
	char *raw, *clean;
	size_t len;

	buf_init(&b, strlen(s) * 4 + 16);
	while (*p) {
		k = encoded_word(p, &b);
		if (k > 0) {
			p += k;
			after_word = true;
			continue;
		}
		/* White space between two encoded words is dropped. */
		if (after_word && isspace((unsigned char)*p)) {
			ws = p;
			while (isspace((unsigned char)*ws))
				ws++;
			buf_init(&probe, 4096);
			k = ws[0] == '=' && ws[1] == '?' ?
			    encoded_word(ws, &probe) : 0;
			buf_free(&probe);
			if (k > 0) {
				p = ws;
				continue;
			}
		}
		after_word = false;
		buf_addc(&b, *p++);
	}
	raw = buf_steal(&b, &len);
	clean = utf8_clean(raw, len, false);
	free(raw);
	str_squeeze(clean);
	return clean;
}

/* Piece number of name for base: "base*" = 0 (ext), "base*N[*]" = N. */
static int
piece_of(const char *name, const char *base, bool *ext)
{
	size_t bl = strlen(base);
	uint64_t v;
	char num[8];
	const char *p;
	size_t n;

	if (strncasecmp(name, base, bl) != 0 || name[bl] != '*')
		return -1;
	p = name + bl + 1;
	if (*p == '\0') {
		*ext = true;
		return 0;
	}
	n = strspn(p, "0123456789");
	if (n == 0 || n >= sizeof num || (p[n] != '\0' &&
	    !(p[n] == '*' && p[n + 1] == '\0')))
		return -1;
	memcpy(num, p, n);
	num[n] = '\0';
	if (parse_uint(num, 9999999, &v) == -1)
		return -1;
	if (v > 63)
		return -2;		/* too many pieces: refuse the name */
	*ext = p[n] == '*';
	return (int)v;
}

/* Append RFC 2231 value text, %XX-decoding when ext. */
static int
pct_into(const char *v, bool ext, struct buf *b)
{
	int h, l;

	for (; *v; v++) {
		if (ext && *v == '%' && (h = hexval((unsigned char)v[1])) >= 0 &&
		    (l = hexval((unsigned char)v[2])) >= 0) {
			if (buf_addc(b, (char)(h << 4 | l)) == -1)
				return -1;
			v += 2;
		} else if (buf_addc(b, *v) == -1)
			return -1;
	}
	return 0;
}

char *
rfc2231_decode(const struct rfc2231_param *params, size_t n, const char *base)
{
	const char *piece[64] = { 0 };
	bool ext[64] = { 0 }, e;
	char charset[64] = "", *out = NULL;
	const char *v, *q;
	struct buf b;
	size_t i;
	int k, last = -1;

	for (i = 0; i < n; i++) {
		k = piece_of(params[i].name, base, &e);
		if (k == -2)
			return NULL;
		if (k < 0 || piece[k] != NULL)
			continue;
		piece[k] = params[i].value ? params[i].value : "";
		ext[k] = e;
		if (k > last)
			last = k;
	}
	if (last < 0)
		return NULL;
	buf_init(&b, 1024);
	for (k = 0; k <= last; k++) {
		if (piece[k] == NULL)
			goto out;		/* a gap: broken */
		v = piece[k];
		if (k == 0 && ext[0] && (q = strchr(v, '\'')) != NULL &&
		    strchr(q + 1, '\'') != NULL) {
			if ((size_t)(q - v) < sizeof charset) {
				memcpy(charset, v, (size_t)(q - v));
				charset[q - v] = '\0';
			}
			v = strchr(q + 1, '\'') + 1;
		}
		if (pct_into(v, ext[k], &b) == -1)
			goto out;
	}
	out = charset_to_utf8(*charset ? charset : NULL,
	    b.data ? b.data : "", b.len);
out:
	buf_free(&b);
	return out;
}

char *
filename_clean(const char *s)
{
	const char *base;
	char *u, *r;
	size_t n;

	if (s == NULL)
		return NULL;
	u = utf8_clean(s, strlen(s), false);
	base = u;
	for (r = u; *r; r++)
		if (*r == '/' || *r == '\\')
			base = r + 1;
	r = xstrdup(base);
	free(u);
	str_trim(r);
	str_squeeze(r);
	n = strlen(r);
	if (n > PL_MAX_NAME) {
		n = PL_MAX_NAME;
		while (n > 0 && ((unsigned char)r[n] & 0xc0) == 0x80)
			n--;
		r[n] = '\0';
	}
	if (*r == '\0' || strcmp(r, ".") == 0 || strcmp(r, "..") == 0) {
		free(r);
		return NULL;
	}
	return r;
}
