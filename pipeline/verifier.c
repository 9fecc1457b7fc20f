/* verifier (verifier replies): the command above the quote, DKIM/DMARC. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "pipeline.h"
#include "util.h"
#include "verifier.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define FOOTER_MAX	80	/* bytes of a mobile "Sent from" line */
#define ATTRIB_LINES	4	/* lines an "On ... wrote:" may wrap onto */
#define SEPARATORS	":-,.;!*"	/* between TOLAK and its reason */
#define TRAILERS	".!,;:*"	/* allowed after SETUJU and the like */

/* A line of the body: no line end, blanks trimmed at both ends. */
struct line {
	const char	*p;
	size_t		 len;
	bool		 cut;	/* longer than VERIFIER_MAX_LINE */
};

static const struct {
	const char	*word;
	enum vcmd	 cmd;
} words[] = {
	{ "SETUJU", VCMD_APPROVE },
	{ "APPROVE", VCMD_APPROVE },
	{ "TOLAK", VCMD_REJECT },
	{ "REJECT", VCMD_REJECT },
	{ "TERBIT", VCMD_ISSUED },
	{ "ISSUED", VCMD_ISSUED },
};

/* Where phones and webmail sign their messages. */
static const char *const footers[] = {
	"Sent from my ", "Sent from Mail for Windows", "Sent from Yahoo Mail",
	"Sent from Outlook", "Sent from Samsung", "Sent via ",
	"Get Outlook for ", "Dikirim dari iPhone", "Dikirim dari iPad",
	"Dikirim dari ponsel", "Dikirim dari perangkat", "Dikirim dari Yahoo",
	"Dikirim dari Outlook", "Dikirim dari Samsung", "Dikirim dari Android",
	"Dikirim dari Mail", "Dapatkan Outlook untuk ",
};

/* Fields of an Outlook reply header block, after "From:" or "Dari:". */
static const char *const outlook_fields[] = {
	"Sent:", "Date:", "To:", "Cc:", "Subject:", "Dikirim:", "Terkirim:",
	"Tanggal:", "Kepada:", "Subjek:", "Perihal:", "Tembusan:",
};

/* ---------------------------------------------------------------- lines */

/*
 * Length of a blank or invisible character at p (n bytes left), else 0:
 * ASCII blanks, U+00A0, U+FEFF (BOM), U+2000-U+200F (spaces, ZWSP, ZWNJ,
 * ZWJ, LRM, RLM), U+2028/9, U+202F, U+205F, U+2060, U+3000.
 */
static size_t
blank_len(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\v' ||
	    u[0] == '\f'))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n < 3)
		return 0;
	if ((u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) ||
	    (u[0] == 0xe2 && u[1] == 0x80 && (u[2] <= 0x8f || u[2] == 0xa8 ||
	    u[2] == 0xa9 || u[2] == 0xaf)) ||
	    (u[0] == 0xe2 && u[1] == 0x81 && (u[2] == 0x9f || u[2] == 0xa0)) ||
	    (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80))
		return 3;
	return 0;
}

/* Length of a blank character ending at p + n, else 0. */
static size_t
blank_len_end(const char *p, size_t n)
{
	size_t k;

	for (k = 1; k <= 3 && k <= n; k++)
		if (blank_len(p + n - k, k) == k)
			return k;
	return 0;
}

static struct line
trim(struct line l)
{
	size_t k;

	while ((k = blank_len(l.p, l.len)) > 0) {
		l.p += k;
		l.len -= k;
	}
	while ((k = blank_len_end(l.p, l.len)) > 0)
		l.len -= k;
	return l;
}

/* Cut len bytes at p back to a UTF-8 character boundary at most max. */
static size_t
utf8_cut(const char *p, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)p[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/*
 * Split the first VERIFIER_MAX_LINES lines of body (CRLF, LF or a bare CR
 * ends one), each cut to VERIFIER_MAX_LINE bytes and trimmed.
 */
static size_t
split_lines(const char *body, struct line *lines)
{
	const char *p = body;
	size_t n = 0, len;

	while (*p != '\0' && n < VERIFIER_MAX_LINES) {
		len = strcspn(p, "\r\n");
		lines[n].p = p;
		lines[n].len = utf8_cut(p, len, VERIFIER_MAX_LINE);
		lines[n].cut = len > VERIFIER_MAX_LINE;
		lines[n] = trim(lines[n]);
		n++;
		p += len;
		if (*p == '\r' && p[1] == '\n')
			p += 2;			/* CRLF */
		else if (*p != '\0')
			p++;			/* LF or a bare CR */
	}
	return n;
}

/* l starts with prefix, ASCII case ignored. */
static bool
starts(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && strncasecmp(l->p, prefix, n) == 0;
}

/* l contains needle, ASCII case ignored. */
static bool
contains(const struct line *l, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= l->len; i++)
		if (strncasecmp(l->p + i, needle, n) == 0)
			return true;
	return false;
}

/* l ends with the word then ':' ("... wrote:", "... wrote :"). */
static bool
ends_with_word(const struct line *l, const char *word)
{
	size_t len = l->len, n = strlen(word);

	if (len == 0 || l->p[len - 1] != ':')
		return false;
	len--;
	while (len > 0 && l->p[len - 1] == ' ')
		len--;
	return len >= n && strncasecmp(l->p + len - n, word, n) == 0 &&
	    (len == n || l->p[len - n - 1] == ' ');
}

static bool
attribution_end(const struct line *l)
{
	return ends_with_word(l, "wrote") || ends_with_word(l, "menulis");
}

/* "--", "-- ", "_____", "=====", "---- Original Message ----"... */
static bool
is_rule(const struct line *l)
{
	static const char *const titles[] = { "original message",
	    "pesan asli", "pesan asal", "forwarded message", "pesan terusan" };
	size_t i;

	if (l->len >= 2 && strspn(l->p, "-_=") >= l->len)
		return true;
	if (l->len == 0 || l->p[0] != '-')
		return false;
	for (i = 0; i < NELEM(titles); i++)
		if (contains(l, titles[i]))
			return true;
	return false;
}

/* "On ..."/"Pada ..." ending "wrote:", wrapped onto up to 4 more lines. */
static bool
is_attribution(const struct line *lines, size_t i, size_t n)
{
	size_t j;

	if (attribution_end(&lines[i]))
		return true;
	if (!starts(&lines[i], "On ") && !starts(&lines[i], "Pada "))
		return false;
	for (j = i + 1; j < n && j <= i + ATTRIB_LINES && lines[j].len > 0; j++)
		if (attribution_end(&lines[j]))
			return true;
	return false;
}

/* "From:"/"Dari:" with a header field in the next non-blank line. */
static bool
is_outlook_header(const struct line *lines, size_t i, size_t n)
{
	size_t j, k;

	if (!starts(&lines[i], "From:") && !starts(&lines[i], "Dari:"))
		return false;
	for (j = i + 1; j < n && lines[j].len == 0; j++)
		;
	for (k = 0; j < n && k < NELEM(outlook_fields); k++)
		if (starts(&lines[j], outlook_fields[k]))
			return true;
	return false;
}

static bool
is_footer(const struct line *l)
{
	size_t k;

	for (k = 0; l->len <= FOOTER_MAX && k < NELEM(footers); k++)
		if (starts(l, footers[k]))
			return true;
	return false;
}

/* Does the quote (or the signature) start at line i? */
static bool
is_boundary(const struct line *lines, size_t i, size_t n)
{
	const struct line *l = &lines[i];

	if (l->len == 0)
		return false;
	return l->p[0] == '>' || is_rule(l) || is_attribution(lines, i, n) ||
	    is_outlook_header(lines, i, n) || is_footer(l);
}

/* -------------------------------------------------------------- command */

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* U+2013 or U+2014 at p: 3, else 0. */
static size_t
dash_len(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	return n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x93 ||
	    u[2] == 0x94) ? 3 : 0;
}

/* The length of a run at p of blanks, dashes and bytes of set. */
static size_t
skip_set(const char *p, size_t n, const char *set)
{
	size_t i = 0, k;

	while (i < n) {
		k = blank_len(p + i, n - i);
		if (k == 0)
			k = dash_len(p + i, n - i);
		if (k == 0 && p[i] != '\0' && strchr(set, p[i]) != NULL)
			k = 1;
		if (k == 0)
			break;
		i += k;
	}
	return i;
}

/* The command word at the start of l (after '*'); *end is past it. */
static enum vcmd
command_word(const struct line *l, size_t *end)
{
	size_t s = 0, e, i;

	while (s < l->len && l->p[s] == '*')
		s++;
	for (e = s; e < l->len && is_alpha(l->p[e]); e++)
		;
	*end = e;
	for (i = 0; i < NELEM(words); i++)
		if (strlen(words[i].word) == e - s &&
		    strncasecmp(l->p + s, words[i].word, e - s) == 0)
			return words[i].cmd;
	return VCMD_NONE;
}

/* Copy s into out (size bytes), cut on a UTF-8 character boundary. */
static void
copy_cut(char *out, size_t size, const char *s)
{
	size_t len;

	if (out == NULL || size == 0)
		return;
	len = utf8_cut(s, strlen(s), size - 1);
	memcpy(out, s, len);
	out[len] = '\0';
}

/*
 * The reason of a TOLAK on line i (its text from byte at on): that, and
 * the lines after it up to a blank line or the quote, as one clean line.
 */
static enum vcmd
reject_reason(const struct line *lines, size_t i, size_t n, size_t at,
    char *reason, size_t size)
{
	struct buf b;
	char *raw, *clean;
	size_t len, j;
	enum vcmd c = VCMD_REJECT;

	buf_init(&b, VERIFIER_MAX_LINES * (VERIFIER_MAX_LINE + 1));
	buf_add(&b, lines[i].p + at, lines[i].len - at);
	for (j = i + 1; j < n && lines[j].len > 0 &&
	    !is_boundary(lines, j, n); j++) {
		buf_addc(&b, ' ');
		buf_add(&b, lines[j].p, lines[j].len);
	}
	raw = buf_steal(&b, &len);
	clean = utf8_clean(raw, len, false);
	str_squeeze(clean);
	str_trim(clean);
	if (*clean == '\0')
		c = VCMD_NONE;		/* a rejection must say why */
	else
		copy_cut(reason, size, clean);
	free(clean);
	free(raw);
	return c;
}

enum vcmd
verifier_command(const char *body, char *reason, size_t size)
{
	struct line lines[VERIFIER_MAX_LINES];
	const struct line *l;
	size_t n, i, end, sep;
	enum vcmd c;

	if (reason != NULL && size > 0)
		reason[0] = '\0';
	n = split_lines(body != NULL ? body : "", lines);
	for (i = 0; i < n && lines[i].len == 0; i++)
		;
	if (i == n || is_boundary(lines, i, n))
		return VCMD_NONE;
	l = &lines[i];
	c = command_word(l, &end);
	if (c == VCMD_NONE)
		return VCMD_NONE;
	/* Alone on a line we saw whole: nothing may follow unread. */
	if (c != VCMD_REJECT)
		return !l->cut && skip_set(l->p + end, l->len - end,
		    TRAILERS) == l->len - end ? c : VCMD_NONE;
	/* "TOLAK alasan", "TOLAK: alasan", "TOLAK - alasan"; not "TOLAKAN". */
	sep = skip_set(l->p + end, l->len - end, SEPARATORS);
	if (sep == 0 && end < l->len)
		return VCMD_NONE;
	return reject_reason(lines, i, n, end + sep, reason, size);
}

const char *
verifier_command_name(enum vcmd c)
{
	switch (c) {
	case VCMD_NONE:
		return "none";
	case VCMD_APPROVE:
		return "approve";
	case VCMD_REJECT:
		return "reject";
	case VCMD_ISSUED:
		return "issued";
	}
	return "?";
}

/* ------------------------------------------------ Authentication-Results */

enum ar_tok { AR_END, AR_ATOM, AR_QSTR, AR_SEMI, AR_EQ, AR_SLASH, AR_BAD };

/* What the trusted fields said. */
#define AR_DKIM_PASS	0x1
#define AR_DMARC_PASS	0x2
#define AR_DMARC_FAIL	0x4

/* A lexer over one field value; the last token is [s, s + len). */
struct ar_lex {
	const char	*p, *end;
	const char	*s;
	size_t		 len;
};

/* Skip a comment at lx->p (on its '('), nested at most so deep. */
static int
ar_comment(struct ar_lex *lx)
{
	int depth = 0;

	for (; lx->p < lx->end; lx->p++) {
		if (*lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
		else if (*lx->p == '(' && ++depth > VERIFIER_MAX_COMMENT)
			return -1;
		else if (*lx->p == ')' && --depth == 0) {
			lx->p++;
			return 0;
		}
	}
	return -1;			/* unterminated */
}

/* Skip folding white space and comments (CFWS). */
static int
ar_cfws(struct ar_lex *lx)
{
	while (lx->p < lx->end) {
		if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' ||
		    *lx->p == '\n')
			lx->p++;
		else if (*lx->p == '(') {
			if (ar_comment(lx) == -1)
				return -1;
		} else
			break;
	}
	return 0;
}

/* A quoted string at lx->p (on its '"'): the token is its inside. */
static enum ar_tok
ar_quoted(struct ar_lex *lx)
{
	lx->s = ++lx->p;
	for (; lx->p < lx->end; lx->p++) {
		if (*lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
		else if (*lx->p == '"') {
			lx->len = (size_t)(lx->p++ - lx->s);
			return AR_QSTR;
		}
	}
	return AR_BAD;
}

static enum ar_tok
ar_next(struct ar_lex *lx)
{
	if (ar_cfws(lx) == -1)
		return AR_BAD;
	if (lx->p == lx->end)
		return AR_END;
	switch (*lx->p) {
	case ';':
		lx->p++;
		return AR_SEMI;
	case '=':
		lx->p++;
		return AR_EQ;
	case '/':
		lx->p++;
		return AR_SLASH;
	case '"':
		return ar_quoted(lx);
	case ')':
		return AR_BAD;
	}
	lx->s = lx->p;
	while (lx->p < lx->end && strchr(" \t\r\n();=/\"", *lx->p) == NULL)
		lx->p++;
	lx->len = (size_t)(lx->p - lx->s);
	return AR_ATOM;
}

static bool
tok_is(const struct ar_lex *lx, const char *word)
{
	return lx->len == strlen(word) &&
	    strncasecmp(lx->s, word, lx->len) == 0;
}

/*
 * One resinfo after its ';': "method[/version]=result" then a reason and
 * properties, skipped. Records dkim and dmarc results in *flags. Returns
 * the token that ends it: AR_SEMI, AR_END, or AR_BAD.
 */
static enum ar_tok
ar_resinfo(struct ar_lex *lx, unsigned *flags)
{
	enum ar_tok t;
	bool dkim, dmarc;

	t = ar_next(lx);
	if (t == AR_END || t == AR_SEMI)	/* ";;" or a final ';' */
		return t;
	if (t != AR_ATOM)
		return AR_BAD;
	dkim = tok_is(lx, "dkim");
	dmarc = tok_is(lx, "dmarc");
	if (tok_is(lx, "none")) {		/* no-result */
		t = ar_next(lx);
		return t == AR_END || t == AR_SEMI ? t : AR_BAD;
	}
	t = ar_next(lx);
	if (t == AR_SLASH) {
		if (ar_next(lx) != AR_ATOM)
			return AR_BAD;
		t = ar_next(lx);
	}
	if (t != AR_EQ || ar_next(lx) != AR_ATOM)
		return AR_BAD;
	if (dkim && tok_is(lx, "pass"))
		*flags |= AR_DKIM_PASS;
	if (dmarc && tok_is(lx, "pass"))
		*flags |= AR_DMARC_PASS;
	if (dmarc && tok_is(lx, "fail"))
		*flags |= AR_DMARC_FAIL;
	do
		t = ar_next(lx);
	while (t != AR_SEMI && t != AR_END && t != AR_BAD);
	return t;
}

/*
 * One field value: 0 when another host's (or its authserv-id cannot be
 * read), 1 when ours with its results added to *flags, -1 when ours but
 * unreadable or too long.
 */
static int
ar_field(const char *v, const char *authserv_id, unsigned *flags)
{
	struct ar_lex lx;
	enum ar_tok t;
	size_t len = strnlen(v, PL_MAX_HDR + 1);

	lx.p = v;
	lx.end = v + (len > PL_MAX_HDR ? PL_MAX_HDR : len);
	while (lx.p < lx.end && (*lx.p == ' ' || *lx.p == '\t'))
		lx.p++;
	if (lx.end - lx.p >= 23 && strncasecmp(lx.p, "Authentication-Results:",
	    23) == 0)
		lx.p += 23;
	t = ar_next(&lx);
	if ((t != AR_ATOM && t != AR_QSTR) || !tok_is(&lx, authserv_id))
		return 0;
	/* Ours from here on: what cannot be read might be a fail. */
	if (len > PL_MAX_HDR)
		return -1;
	t = ar_next(&lx);
	if (t == AR_ATOM && strspn(lx.s, "0123456789") >= lx.len)
		t = ar_next(&lx);		/* authres-version */
	if (t == AR_ATOM && tok_is(&lx, "none"))	/* RFC 7001 style */
		t = ar_next(&lx);
	while (t == AR_SEMI)
		t = ar_resinfo(&lx, flags);
	return t == AR_END ? 1 : -1;
}

bool
verifier_auth_ok(const char *const *auth_results, size_t n,
    const char *authserv_id)
{
	unsigned flags = 0;
	size_t i;

	if (authserv_id == NULL || *authserv_id == '\0')
		return true;		/* the MTA stamps nothing: check off */
	if (auth_results == NULL || n > VERIFIER_MAX_AR)
		return false;
	for (i = 0; i < n; i++)
		if (auth_results[i] != NULL &&
		    ar_field(auth_results[i], authserv_id, &flags) == -1)
			return false;
	if (flags & AR_DMARC_FAIL)
		return false;
	return (flags & (AR_DMARC_PASS | AR_DKIM_PASS)) != 0;
}
