/* reply (act stage): compose outgoing mail as correct RFC 5322 bytes. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "reply.h"
#include "util.h"
#include "xmem.h"

#define REPLY_MAX	(8u << 20)	/* with a letter attached */

/* A header value without CR, LF or other controls, one line. */
static char *
hdr_clean(const char *s)
{
	char *c = utf8_clean(s ? s : "", s ? strlen(s) : 0, false);

	str_squeeze(c);
	return c;
}

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static void
b64_encode(struct buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	uint32_t v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_addc(b, tab[v >> 6 & 63]);
		buf_addc(b, tab[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_adds(b, "==");
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_addc(b, tab[v >> 6 & 63]);
		buf_addc(b, '=');
	}
}

char *
reply_encode_words(const char *utf8)
{
	char *s = hdr_clean(utf8);
	struct buf b;
	size_t n = strlen(s), i = 0, k;

	if (is_ascii(s))
		return s;
	buf_init(&b, n * 3 + 64);
	while (i < n) {
		/* 45 bytes of UTF-8 per word, never splitting a character. */
		k = n - i > 45 ? 45 : n - i;
		while (k > 0 && i + k < n &&
		    ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k--;
		if (i > 0)
			buf_adds(&b, "\r\n ");
		buf_adds(&b, "=?UTF-8?B?");
		b64_encode(&b, (const unsigned char *)s + i, k);
		buf_adds(&b, "?=");
		i += k;
	}
	free(s);
	return buf_steal(&b, NULL);
}

/* "Name" <addr> with the name quoted or encoded as it needs. */
static void
add_mailbox(struct buf *b, const char *name, const char *addr)
{
	char *n = name ? hdr_clean(name) : NULL, *enc;
	const char *p;

	if (n == NULL || *n == '\0') {
		buf_adds(b, addr);
	} else if (!is_ascii(n)) {
		enc = reply_encode_words(n);
		buf_printf(b, "%s <%s>", enc, addr);
		free(enc);
	} else {
		buf_addc(b, '"');
		for (p = n; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_printf(b, "\" <%s>", addr);
	}
	free(n);
}

/* An addr-spec we are willing to put in a header. */
static bool
addr_ok(const char *a)
{
	const char *p;

	if (a == NULL || strlen(a) > 254 || strchr(a, '@') == NULL)
		return false;
	for (p = a; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[],;:\\\"", *p))
			return false;
	return true;
}

static void
add_date(struct buf *b, time_t t)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t l = t + 7 * 3600;
	struct tm tm;

	gmtime_r(&l, &tm);
	buf_printf(b, "Date: %s, %d %s %d %02d:%02d:%02d +0700\r\n",
	    wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Quoted-printable body with CRLF line ends and soft breaks at 76. */
static void
add_qp(struct buf *b, const char *body)
{
	const unsigned char *p = (const unsigned char *)body;
	int col = 0;
	bool enc;

	for (; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			buf_adds(b, "\r\n");
			col = 0;
			continue;
		}
		enc = *p >= 0x7f || *p == '=' || (*p < 0x20 && *p != '\t') ||
		    ((*p == ' ' || *p == '\t') && (p[1] == '\n' || p[1] == '\0'
		    || p[1] == '\r')) || (col == 0 && *p == '.');
		if (col + (enc ? 3 : 1) > 75) {
			buf_adds(b, "=\r\n");
			col = 0;
		}
		if (enc) {
			buf_printf(b, "=%02X", *p);
			col += 3;
		} else {
			buf_addc(b, (char)*p);
			col++;
		}
	}
	if (col > 0)
		buf_adds(b, "\r\n");
}

/* References folded one id a line; written only when an id is valid. */
static void
add_references(struct buf *b, const char *refs)
{
	char *c = hdr_clean(refs), *p = c, *tok;
	bool first = true;

	while ((tok = strsep(&p, " ")) != NULL) {
		if (*tok != '<' || tok[strlen(tok) - 1] != '>' ||
		    strlen(tok) < 3)
			continue;
		buf_printf(b, "%s%s", first ? "References: " : "\r\n ", tok);
		first = false;
	}
	if (!first)
		buf_adds(b, "\r\n");
	free(c);
}

/* The attachment as a base64 part, then the closing boundary. */
static void
add_attachment(struct buf *b, const struct reply *r, const char *rnd)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)r->att_data;
	char *name = hdr_clean(r->att_name ? r->att_name : "lampiran.bin");
	size_t i, col = 0;
	uint32_t v;

	buf_printf(b, "\r\n--=_%s\r\nContent-Type: %s; name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", rnd,
	    r->att_type ? r->att_type : "application/octet-stream", name, name);
	for (i = 0; i < r->att_len; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < r->att_len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < r->att_len)
			v |= p[i + 2];
		buf_addc(b, b64[v >> 18 & 63]);
		buf_addc(b, b64[v >> 12 & 63]);
		buf_addc(b, i + 1 < r->att_len ? b64[v >> 6 & 63] : '=');
		buf_addc(b, i + 2 < r->att_len ? b64[v & 63] : '=');
		if ((col += 4) == 76) {
			buf_adds(b, "\r\n");
			col = 0;
		}
	}
	buf_printf(b, "%s--=_%s--\r\n", col ? "\r\n" : "", rnd);
	free(name);
}

enum pl_status
reply_compose(const struct reply *r, char **raw, size_t *len, char **msgid)
{
	struct buf b;
	char rnd[33], *subj, *v;

	*raw = *msgid = NULL;
	if (!addr_ok(r->to) || !addr_ok(r->from_email) ||
	    (r->cc && !addr_ok(r->cc)) || random_hex(rnd, 16) == -1)
		return PL_EINPUT;
	*msgid = xasprintf("<sertel.%lld.%s@%s>", (long long)r->date, rnd,
	    r->hostname);
	buf_init(&b, REPLY_MAX);
	add_date(&b, r->date);
	buf_adds(&b, "From: ");
	add_mailbox(&b, r->from_name, r->from_email);
	buf_printf(&b, "\r\nTo: %s\r\n", r->to);
	if (r->cc)
		buf_printf(&b, "Cc: %s\r\n", r->cc);
	subj = reply_encode_words(r->subject);
	buf_printf(&b, "Subject: %s\r\n", subj);
	free(subj);
	buf_printf(&b, "Message-ID: %s\r\n", *msgid);
	if (r->in_reply_to) {
		v = hdr_clean(r->in_reply_to);
		if (*v == '<' && v[strlen(v) - 1] == '>' && !strchr(v, ' '))
			buf_printf(&b, "In-Reply-To: %s\r\n", v);
		free(v);
	}
	if (r->references && *r->references)
		add_references(&b, r->references);
	buf_adds(&b, "Auto-Submitted: auto-replied\r\n"
	    "X-Auto-Response-Suppress: All\r\n");
	if (r->request_code) {
		v = hdr_clean(r->request_code);
		buf_printf(&b, "X-Sertel-Request: %s\r\n", v);
		free(v);
	}
	if (r->reply_to && addr_ok(r->reply_to))
		buf_printf(&b, "Reply-To: %s\r\n", r->reply_to);
	buf_adds(&b, "MIME-Version: 1.0\r\n");
	if (r->att_data)
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=\"=_%s\""
		    "\r\n\r\n--=_%s\r\n", rnd, rnd);
	buf_adds(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	v = utf8_clean(r->body, strlen(r->body), true);
	add_qp(&b, v);
	free(v);
	if (r->att_data)
		add_attachment(&b, r, rnd);
	if (b.len >= b.cap) {
		buf_free(&b);
		free(*msgid);
		*msgid = NULL;
		return PL_EINPUT;
	}
	*raw = buf_steal(&b, len);
	return PL_OK;
}
